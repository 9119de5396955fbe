/*
 * Helpers for the libcheck suites.
 */
#include "config.h"

#include "testlib.h"

#include "loader.h"
#include "runner.h"
#include "snapshot.h"
#include "util.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *dt_fixture_path(const char *name)
{
	const char *dir = getenv("DA_FIXTURES");

	if (name[0] == '/')
		return da_xstrdup(name);
	return da_xasprintf("%s/%s", dir ? dir : "tests/fixtures", name);
}

char *dt_read_file_len(const char *path, size_t *len)
{
	struct da_buf b = { 0 };
	char chunk[8192];
	size_t n;
	FILE *fp = fopen(path, "rb");

	ck_assert_msg(fp != NULL, "cannot open %s", path);
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		da_buf_add(&b, chunk, n);
	ck_assert_msg(!ferror(fp), "cannot read %s", path);
	fclose(fp);
	if (len)
		*len = b.len;
	return da_buf_steal(&b);
}

char *dt_read_file(const char *path)
{
	return dt_read_file_len(path, NULL);
}

void dt_mkdirs(const char *path, mode_t mode)
{
	char *p = da_xstrdup(path), *s;

	for (s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		mkdir(p, mode);
		*s = '/';
	}
	mkdir(p, mode);
	free(p);
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void dt_rm_tree(const char *path)
{
	nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void retarget(struct da_probe *p)
{
	char err[256];

	ck_assert_int_eq(da_runner_targets(p, NULL, err, sizeof(err)), 0);
}

struct da_probe *dt_probe_json(const char *json)
{
	struct da_probe *p = da_xcalloc(1, sizeof(*p));
	struct json_object *doc = json_tokener_parse(json);

	ck_assert_msg(json_object_is_type(doc, json_type_object), "fixture is not a JSON object");
	da_probe_init(p);
	json_object_put(p->root);
	p->root = doc;
	retarget(p);
	return p;
}

struct da_probe *dt_probe_fixture(const char *name)
{
	char *path = dt_fixture_path(name);
	struct da_probe *p = da_xcalloc(1, sizeof(*p));
	char err[512];

	da_probe_init(p);
	ck_assert_msg(da_probe_load_snapshot(p, path, err, sizeof(err)) == 0, "%s", err);
	free(path);
	retarget(p);
	return p;
}

void dt_probe_free(struct da_probe *p)
{
	if (!p)
		return;
	da_probe_release(p);
	free(p);
}

/* The parent object of the last step of path, creating objects on the way. */
static struct json_object *parent_of(struct json_object *root, const char *path,
				     char **last)
{
	char *copy = da_xstrdup(path), *p = copy, *dot;
	struct json_object *n = root;

	while ((dot = strchr(p, '.')) != NULL) {
		struct json_object *next = NULL;
		*dot = '\0';
		if (json_object_is_type(n, json_type_array)) {
			next = json_object_array_get_idx(n, (size_t)atoi(p));
		} else {
			ck_assert_msg(json_object_is_type(n, json_type_object),
				      "dt_set: %s crosses a non-object", path);
			if (!json_object_object_get_ex(n, p, &next) ||
			    json_object_is_type(next, json_type_null)) {
				next = json_object_new_object();
				json_object_object_add(n, p, next);
			}
		}
		ck_assert_msg(next != NULL, "dt_set: no element %s in %s", p, path);
		n = next;
		p = dot + 1;
	}
	*last = da_xstrdup(p);
	free(copy);
	return n;
}

void dt_set(struct da_probe *p, const char *path, const char *json)
{
	char *last;
	struct json_object *parent = parent_of(p->root, path, &last);
	struct json_object *v = json_tokener_parse(json);

	ck_assert_msg(v != NULL || strcmp(json, "null") == 0, "dt_set: bad JSON %s", json);
	if (json_object_is_type(parent, json_type_array))
		json_object_array_put_idx(parent, (size_t)atoi(last), v);
	else
		json_object_object_add(parent, last, v);
	free(last);
	retarget(p);
}

void dt_del(struct da_probe *p, const char *path)
{
	char *last;
	struct json_object *parent = parent_of(p->root, path, &last);

	if (json_object_is_type(parent, json_type_object))
		json_object_object_del(parent, last);
	free(last);
	retarget(p);
}

void dt_setf(struct da_probe *p, const char *json, const char *fmt, ...)
{
	char path[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	dt_set(p, path, json);
}

void dt_delf(struct da_probe *p, const char *fmt, ...)
{
	char path[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	dt_del(p, path);
}

void dt_set_key(struct da_probe *p, const char *parent, const char *key, const char *json)
{
	struct json_object *o = da_probe_get(p->root, parent);
	struct json_object *v = json_tokener_parse(json);

	ck_assert_msg(json_object_is_type(o, json_type_object), "no object %s", parent);
	ck_assert_msg(v != NULL || strcmp(json, "null") == 0, "bad JSON %s", json);
	json_object_object_add(o, key, v);
}

/* --- the checked fixture ------------------------------------------------- */

struct da_probe *dt_p;
static const char *fixture_name;

void dt_fixture_setup(void)
{
	dt_p = dt_probe_fixture(fixture_name);
}

void dt_fixture_teardown(void)
{
	dt_probe_free(dt_p);
	dt_p = NULL;
}

void dt_add_fixture(TCase *tc, const char *name)
{
	fixture_name = name;
	tcase_add_checked_fixture(tc, dt_fixture_setup, dt_fixture_teardown);
}

/* --- running checks -------------------------------------------------------- */

struct da_result *dt_run(const struct da_module *m, const char *id,
			 const struct da_probe *p)
{
	static struct da_section sec;
	static struct da_checkdef def;
	struct da_loader l;
	char buf[256];
	const char *why;
	uint32_t i;

	memset(&l, 0, sizeof(l));
	why = da_loader_validate(&l, m, buf, sizeof(buf));
	ck_assert_msg(why == NULL, "descriptor refused: %s", why ? why : "");
	sec.id = (char *)m->section;
	sec.title = (char *)m->section_title;
	sec.group = (char *)m->group;
	sec.module = (char *)m->name;
	sec.module_version = (char *)m->version;
	for (i = 0; i < m->n_checks; i++) {
		const struct da_check *c = (const struct da_check *)(const void *)
			((const char *)m->checks + (size_t)i * m->check_size);
		if (strcmp(c->id, id) != 0)
			continue;
		memset(&def, 0, sizeof(def));
		def.check = c;
		def.section = &sec;
		def.id = c->id;
		def.title = c->title;
		def.flags = c->flags;
		def.level = c->level;
		def.remediation = c->remediation;
		def.impact = c->impact;
		return da_run_check(&def, p, 0);
	}
	ck_abort_msg("no check %s in module %s", id, m->name);
	return NULL;
}

enum da_status dt_status(const struct da_module *m, const char *id,
			 const struct da_probe *p)
{
	struct da_result *res = dt_run(m, id, p);
	enum da_status st = res->status;

	da_result_free(res);
	return st;
}

bool dt_has_item(const struct da_result *res, const char *name_or_id)
{
	size_t i;

	for (i = 0; i < res->n_items; i++) {
		const struct da_item *it = &res->items[i];
		if ((it->name && strcmp(it->name, name_or_id) == 0) ||
		    (it->id && strcmp(it->id, name_or_id) == 0))
			return true;
	}
	return false;
}

const struct da_item *dt_find_item(const struct da_result *res, const char *kind,
				   const char *id, const char *name, const char *sub)
{
	size_t i;

	for (i = 0; i < res->n_items; i++) {
		const struct da_item *it = &res->items[i];

		if (kind && (!it->kind || strcmp(it->kind, kind) != 0))
			continue;
		if (id && (!it->id || strcmp(it->id, id) != 0))
			continue;
		if (name && (!it->name || strcmp(it->name, name) != 0))
			continue;
		if (!sub || (it->detail && strstr(it->detail, sub)))
			return it;
	}
	return NULL;
}

const char *dt_detail(const struct da_result *res)
{
	return res->detail ? res->detail : "";
}

void dt_assert_detail_has(const struct da_result *res, const char *s)
{
	ck_assert_msg(strstr(dt_detail(res), s) != NULL, "detail '%s' lacks '%s'", dt_detail(res),
		      s);
}

void dt_assert_status(const struct da_result *res, const char *id, enum da_status st)
{
	ck_assert_msg(res->status == st, "%s: got %s (%s), want %s", id,
		      da_status_name(res->status), dt_detail(res), da_status_name(st));
}

void dt_expect(const struct da_module *m, const struct da_probe *p, const char *id,
	       enum da_status st, const char *want)
{
	struct da_result *r = dt_run(m, id, p);
	enum da_status got = r->status;
	char *detail = da_xstrdup(dt_detail(r));

	/* freed first: a failed assertion ends the test here */
	da_result_free(r);
	ck_assert_msg(got == st, "%s: got %s (%s), want %s", id, da_status_name(got), detail,
		      da_status_name(st));
	if (want)
		ck_assert_msg(strstr(detail, want) != NULL, "%s: detail \"%s\" lacks \"%s\"", id,
			      detail, want);
	free(detail);
}

bool dt_is_scored(const struct da_module *m, const struct da_probe *p, const char *id)
{
	struct da_result *r = dt_run(m, id, p);
	bool scored = r->scored;

	da_result_free(r);
	return scored;
}

void dt_assert_module(const struct da_module *m, const char *name, const char *section,
		      const char *section_title, const char *group, uint32_t n_checks)
{
	ck_assert_str_eq(m->name, name);
	ck_assert_str_eq(m->section, section);
	ck_assert_str_eq(m->section_title, section_title);
	ck_assert_str_eq(m->group, group);
	ck_assert_uint_eq(m->n_checks, n_checks);
}

void dt_assert_check_flags(const struct da_check *c, bool manual, bool scored)
{
	ck_assert_msg(!!(c->flags & DA_CHECK_MANUAL) == manual, "%s manual flag", c->id);
	ck_assert_msg(!!(c->flags & DA_CHECK_SCORED) == scored, "%s scored flag", c->id);
	ck_assert_msg(dt_ends_with(c->title, manual ? "(Manual)" : "(Automated)"),
		      "%s title suffix", c->id);
}

bool dt_str_in(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(s, *list) == 0)
			return true;
	return false;
}

bool dt_ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && strcmp(s + a - b, suffix) == 0;
}

/*
 * Skips are counted in an unlinked temporary file, one byte each ('S' a
 * skip, 'F' a skip under CI=true), opened before the first test forks so
 * that every forked test appends to the same file.
 */
static int skip_fd = -1;

static void skip_open(void)
{
	FILE *f;

	if (skip_fd >= 0)
		return;
	f = tmpfile();
	if (!f)
		return;
	skip_fd = dup(fileno(f));
	fclose(f);
	if (skip_fd >= 0)
		fcntl(skip_fd, F_SETFL, fcntl(skip_fd, F_GETFL) | O_APPEND);
}

void dt_skip(const char *fmt, ...)
{
	const char *ci = getenv("CI");
	bool in_ci = ci && strcmp(ci, "true") == 0;
	char why[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	skip_open();
	fprintf(stderr, "%s: %s\n", in_ci ? "FAIL (CI=true, no skipping)" : "SKIP", why);
	fflush(stderr);
	if (skip_fd < 0 || write(skip_fd, in_ci ? "F" : "S", 1) != 1)
		fprintf(stderr, "cannot record the skip\n");
}

int dt_exit_status(int failed)
{
	char buf[256];
	bool skipped = false, ci_fail = false;
	off_t off = 0;
	ssize_t n;

	while (skip_fd >= 0 && (n = pread(skip_fd, buf, sizeof(buf), off)) > 0) {
		ssize_t i;

		for (i = 0; i < n; i++) {
			skipped = skipped || buf[i] == 'S';
			ci_fail = ci_fail || buf[i] == 'F';
		}
		off += n;
	}
	if (failed || ci_fail)
		return EXIT_FAILURE;
	return skipped ? 77 : EXIT_SUCCESS;
}

int dt_run_suite(Suite *s)
{
	SRunner *sr;
	int failed;

	skip_open();
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return dt_exit_status(failed);
}

int dt_run_suite_in(Suite *s, char *tmpl)
{
	int rc;

	if (!mkdtemp(tmpl)) {
		fprintf(stderr, "%s: cannot create %s: %s\n", program_invocation_short_name,
			tmpl, strerror(errno));
		srunner_free(srunner_create(s)); /* frees the suite */
		return 1;
	}
	rc = dt_run_suite(s);
	dt_rm_tree(tmpl);
	return rc;
}

TCase *dt_tcase(const char *name, const char *fixture, const TTest *const *tests)
{
	TCase *tc = tcase_create(name);

	if (fixture)
		dt_add_fixture(tc, fixture);
	for (; *tests; tests++)
		tcase_add_test(tc, *tests);
	return tc;
}

int dt_main(const char *name, TCase *tc)
{
	Suite *s = suite_create(name);

	suite_add_tcase(s, tc);
	return dt_run_suite(s);
}

struct json_object *dt_probe_as_nobody(int (*probe)(const struct da_hostfacts_config *cfg,
						    struct json_object *root),
				       const struct da_hostfacts_config *cfg, const char *seed)
{
	struct da_buf b = { 0 };
	struct json_object *root;
	char chunk[4096];
	ssize_t n;
	int pfd[2], status;
	pid_t pid;

	ck_assert_int_eq(pipe(pfd), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		const char *out;
		size_t len, off = 0;

		close(pfd[0]);
		root = json_tokener_parse(seed);
		if (setgroups(0, NULL) != 0 || setgid(65534) != 0 || setuid(65534) != 0 ||
		    geteuid() != 65534)
			_exit(2);
		if (!root || probe(cfg, root) != 0)
			_exit(3);
		out = json_object_to_json_string_ext(root, JSON_C_TO_STRING_PLAIN);
		len = strlen(out);
		while (off < len) {
			n = write(pfd[1], out + off, len - off);
			if (n <= 0)
				_exit(4);
			off += (size_t)n;
		}
		json_object_put(root);
		_exit(0);
	}
	close(pfd[1]);
	while ((n = read(pfd[0], chunk, sizeof(chunk))) > 0)
		da_buf_add(&b, chunk, (size_t)n);
	close(pfd[0]);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		      "the unprivileged probe failed (wait status %d)", status);
	root = json_tokener_parse(da_buf_str(&b));
	da_buf_release(&b);
	ck_assert_ptr_nonnull(root);
	return root;
}

size_t dt_count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (hay = strstr(hay, needle); hay; hay = strstr(hay + 1, needle))
		n++;
	return n;
}
