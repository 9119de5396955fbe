/*
 * Formatters and escaping: a report built by hand (two sections, header
 * rows, every status, hostile names, a -n cut, remediation) rendered by
 * each formatter and compared with the golden files under
 * tests/fixtures/golden/ (DA_UPDATE_GOLDEN=1 rewrites them instead); the
 * JSON report validated against docs/schema with tests/validate-json.py,
 * the JUnit report with tests/validate-junit.py (structure, counts,
 * junitparser; the JUnit XSDs too when DA_JUNIT_SCHEMAS names them); JSON parsed back
 * with json-c; text checked for stray escape sequences; random and 100 KB
 * hostile strings through every format.
 *
 * The validators are found through DA_SRCDIR and DA_SCHEMAS, all inside
 * the source tree.  When one cannot run here (python3 without jsonschema
 * or junitparser) the tests that need it are left out with a message,
 * except under CI=true, where they run and fail.
 */
#include "config.h"

#include "escape.h"
#include "format.h"
#include "report.h"
#include "reportfix.h"
#include "testlib.h"
#include "util.h"

#include <check.h>
#include <json-c/json.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* ------------------------------------------------------------------------ */
/* The hand-built report                                                     */

struct fx {
	struct dt_report rep; /* the report, and the strings kept for it */
	/* fuzz mode: every string of the report is random */
	bool fuzz;
	uint32_t seed;
};

static uint32_t rnd(uint32_t *s)
{
	*s = *s * 1664525u + 1013904223u;
	return *s >> 8;
}

/* Pieces that break formats, mixed with random bytes. */
static const char *const nasty[] = {
	"\x1b[31m", "\x1b]0;pwned\x07", "\x1b[2J", "<", ">", "&", "\"", "'",
	"\n", "\r", "\t", " ", "  ", "caf\xc3\xa9", "\xf0\x9f\x90\xb3",
	"\xef\xbf\xbe", "\xef\xbf\xbf", "\xed\xa0\x80", "\xc0\xaf", "\xc2\x9b",
	"\xe2\x80\xa8", "]]>", "<!--", "\\", "\\u0000", "&amp;", "%s%n",
	"\xff", "\xe2\x82", "\x7f", "\x01", "\x0b", "(truncated)", "}", "[",
};

static char *random_string(uint32_t *seed, size_t max)
{
	struct da_buf b = { 0 };
	size_t n = rnd(seed) % (max + 1), i;

	for (i = 0; i < n; i++) {
		uint32_t r = rnd(seed);

		if (r % 3 == 0) {
			char c = (char)(1 + r / 3 % 255);
			da_buf_addc(&b, c);
		} else {
			da_buf_adds(&b, nasty[r / 3 % (sizeof(nasty) / sizeof(nasty[0]))]);
		}
	}
	return da_buf_steal(&b);
}

/* s itself, or in fuzz mode a random string kept until fx_free. */
static char *S(struct fx *f, const char *s)
{
	if (!f->fuzz || !s)
		return (char *)s;
	return dt_report_keep(&f->rep, random_string(&f->seed, 24));
}

static struct da_checkdef *fx_def(struct fx *f, const char *id,
				  const char *title, unsigned flags, int level,
				  const char *rem, const char *impact)
{
	/* in this order: fuzz mode draws the strings one after the other */
	const char *i = S(f, id), *t = S(f, title), *r = S(f, rem), *m = S(f, impact);

	return dt_report_def(&f->rep, i, t, flags, level, r, m);
}

static struct da_result *fx_add(struct fx *f, size_t sec,
				const struct da_checkdef *def, size_t limit)
{
	return dt_report_add(&f->rep, sec, def, limit);
}

static void fx_header(struct fx *f, size_t sec, const char *id,
		      const char *title)
{
	fx_add(f, sec, fx_def(f, id, title, DA_CHECK_HEADER, 0, NULL, NULL), 0);
}

/* A result with status st and detail, and no items. */
static struct da_result *fx_check(struct fx *f, size_t sec, const char *id,
				  const char *title, unsigned flags, int level,
				  const char *rem, const char *impact,
				  size_t limit, enum da_status st,
				  const char *detail)
{
	struct da_result *res;

	res = fx_add(f, sec, fx_def(f, id, title, flags, level, rem, impact),
		     limit);
	da_result_set(res, st, S(f, detail));
	return res;
}

static void fx_item(struct fx *f, struct da_result *res, const char *kind,
		    const char *id, const char *name, const char *detail)
{
	da_result_add_item(res, kind, S(f, id), S(f, name), S(f, detail));
}

static struct fx *fx_alloc(bool fuzz, uint32_t seed)
{
	struct fx *f = da_xcalloc(1, sizeof(*f));

	dt_report_init(&f->rep, 2);
	f->fuzz = fuzz;
	f->seed = seed;
	return f;
}

/* Hostile container names used by 5.5, also checked after parsing. */
#define NAME_QUOTES "web\"<script>alert('x')</script>&amp;\n"
#define NAME_ANSI "\x1b[31mred\x1b[0m\x1b]0;pwned\x07\x1b[2J"
#define NAME_BADUTF8 "bad\xff\xfe\xc0\xaf\xed\xa0\x80" "end"
#define NAME_C1 "c1\xc2\x9b" "2Jdel\x7f"
#define HOSTNAME "dock\x1b[1mhost <&> \"q\""

/*
 * The report every golden file shows.  Expected totals, by hand: 10 checks,
 * 2 PASS, 4 WARN, 2 INFO, 1 NOTE, 1 ERROR; scored: 1.1.1 W, 5.1 P, 5.5 W,
 * 5.12 W, 5.14 W, 5.31 P, so score -2.
 */
static struct fx *fx_new_seeded(bool print_remediation, bool fuzz,
				uint32_t seed)
{
	struct fx *f = fx_alloc(fuzz, seed);
	struct da_result *res;
	int i;

	f->rep.secs[0].id = S(f, "1");
	f->rep.secs[0].title = S(f, "Host Configuration");
	f->rep.secs[0].module = S(f, "host");
	f->rep.secs[0].module_version = S(f, "1.0.0");
	f->rep.secs[1].id = S(f, "5");
	f->rep.secs[1].title = S(f, "Container Runtime <\"&'>");
	f->rep.secs[1].module = S(f, "runtime");
	f->rep.secs[1].module_version = S(f, "1.0.0\x1b[31m");
	f->rep.r.endpoint = da_xstrdup(S(f, "unix:///var/run/docker.sock"));
	f->rep.r.docker_version = da_xstrdup(S(f, "24.0.7"));
	f->rep.r.hostname = da_xstrdup(S(f, HOSTNAME));
	f->rep.r.print_remediation = print_remediation;

	fx_header(f, 0, "1.1", "Linux Hosts Specific Configuration");
	fx_check(f, 0, "1.1.1",
		 "Ensure a separate partition for containers has been created (Automated)",
		 DA_CHECK_SCORED, 1,
		 "For new installations, create a separate partition for the /var/lib/docker mount point.",
		 "None.", 0, DA_WARN, "/var/lib/docker is on the root partition");
	res = fx_check(f, 0, "1.1.2",
		       "Ensure only trusted users are allowed to control Docker daemon (Manual)",
		       DA_CHECK_MANUAL, 1,
		       "Remove untrusted users from the docker group.",
		       "Users removed lose access to the daemon & its <socket>.",
		       0, DA_NOTE, "docker group members: review them");
	fx_item(f, res, "user", NULL, "alice", NULL);
	fx_item(f, res, "user", NULL, "b\"o<b>", "uid 1001");
	fx_header(f, 0, "1.2", "General Configuration");
	fx_check(f, 0, "1.2.1",
		 "Ensure the container host has been Hardened (Manual)",
		 DA_CHECK_MANUAL, 1, NULL, NULL, 0, DA_INFO,
		 "hardening cannot be verified automatically");
	fx_check(f, 0, "1.2.2",
		 "Ensure that the version of Docker is up to date (Manual)",
		 DA_CHECK_SCORED | DA_CHECK_MANUAL, 1,
		 "Keep Docker up to date.", NULL, 0, DA_ERROR,
		 "cannot read /proc/1/cmdline: permission denied");

	fx_check(f, 1, "5.1",
		 "Ensure that, if applicable, an AppArmor Profile is enabled (Automated)",
		 DA_CHECK_SCORED, 1, "Apply an AppArmor profile.", NULL, 0,
		 DA_PASS, NULL);
	res = fx_check(f, 1, "5.5",
		       "Ensure that privileged containers are not used (Automated)",
		       DA_CHECK_SCORED, 1,
		       "Do not run containers with the --privileged flag & \"friends\".",
		       "None <really>.", 0, DA_WARN,
		       "Containers running in \"privileged\" mode: <2> & more\ttab\rcr\nnl");
	fx_item(f, res, "container", "0123456789abcdef0123456789abcdef",
		NAME_QUOTES, "Privileged: true");
	fx_item(f, res, "container", "fedcba9876543210fedcba", NAME_ANSI, NULL);
	fx_item(f, res, "container", "aaaaaaaaaaaaaaaaaaaa", NAME_BADUTF8, NULL);
	fx_item(f, res, "container", "bbbbbbbbbbbbbbbbbbbb", NAME_C1, NULL);
	fx_item(f, res, "image", "sha256:0123abcd", NULL,
		"U+FFFE \xef\xbf\xbe here");
	fx_item(f, res, "file", NULL, "/etc/docker/daemon.json",
		"mode 0666 caf\xc3\xa9 \xf0\x9f\x90\xb3 \xe2\x9c\x93");
	fx_item(f, res, "network", NULL, NULL, NULL);
	fx_item(f, res, "container", "cccccccccccccccccccc", NULL, NULL);
	res = fx_check(f, 1, "5.12",
		       "Ensure that the memory usage for containers is limited (Automated)",
		       DA_CHECK_SCORED, 1, "Run containers with --memory.",
		       "Containers may be killed when they reach the limit.", 2,
		       DA_WARN, "Containers running without memory restrictions");
	for (i = 1; i <= 5; i++) {
		char id[40], name[16];

		snprintf(id, sizeof(id), "%d123456789abcdef0123456789abcdef", i);
		snprintf(name, sizeof(name), "app-%d", i);
		fx_item(f, res, "container", id, name, NULL);
	}
	res = fx_check(f, 1, "5.14",
		       "Ensure that the 'on-failure' container restart policy is set to '5' (Automated)",
		       DA_CHECK_SCORED, 1, NULL, NULL, 2, DA_WARN,
		       "Containers with restart policy always");
	fx_item(f, res, "container", "d1", "db", "always");
	fx_item(f, res, "container", "d2", "cache", "unless-stopped");
	fx_check(f, 1, "5.31",
		 "Ensure that the Docker socket is not mounted inside any containers \x1b]0;pwned\x07 (Automated)",
		 DA_CHECK_SCORED, 1, "Do not mount docker.sock.", "None.", 0,
		 DA_PASS, "no container mounts /var/run/docker.sock");
	res = fx_check(f, 1, "5.9",
		       "Ensure that the host's network namespace is not shared (Automated)",
		       0, 0, NULL, NULL, 0, DA_INFO,
		       "1 container uses the host network");
	fx_item(f, res, "container", "eeeeeeeeeeeeeeee", "host-net", NULL);

	da_report_finish(&f->rep.r);
	return f;
}

static struct fx *fx_new(bool print_remediation)
{
	return fx_new_seeded(print_remediation, false, 0);
}

static void fx_free(struct fx *f)
{
	dt_report_release(&f->rep);
	free(f);
}

/* ------------------------------------------------------------------------ */
/* Helpers                                                                  */

static char *render_color(const char *name, const struct da_report *r,
			  bool color)
{
	return dt_render(name, r, color);
}

static char *render(const char *name, const struct da_report *r)
{
	return render_color(name, r, false);
}

static bool in_ci(void)
{
	const char *ci = getenv("CI");

	return ci && strcmp(ci, "true") == 0;
}

static const char *srcdir(void)
{
	const char *s = getenv("DA_SRCDIR");

	return s && *s ? s : ".";
}

static char *own_schema(void)
{
	const char *dir = getenv("DA_SCHEMAS");

	if (dir && *dir)
		return da_xasprintf("%s/dockaudit-report-1.schema.json", dir);
	return da_xasprintf("%s/docs/schema/dockaudit-report-1.schema.json",
			    srcdir());
}

static char *validator_script(void)
{
	return da_xasprintf("%s/tests/validate-json.py", srcdir());
}

static char *junit_script(void)
{
	return da_xasprintf("%s/tests/validate-junit.py", srcdir());
}

/*
 * Temporary files go to one directory made by main() and removed when the
 * suite ends, so a failed assertion leaves nothing behind.
 */
static char *tmp_dir;

/* A temporary file holding content, or NULL; no libcheck assertion here. */
static char *make_temp(const char *content, const char *suffix)
{
	const char *tmp = getenv("TMPDIR");
	char *path = da_xasprintf("%s/da-format-XXXXXX%s",
				  tmp_dir ? tmp_dir : tmp && *tmp ? tmp : "/tmp",
				  suffix);
	int fd = mkstemps(path, (int)strlen(suffix));
	size_t len = strlen(content), off = 0;

	if (fd < 0) {
		fprintf(stderr, "mkstemps %s: %s\n", path, strerror(errno));
		free(path);
		return NULL;
	}
	while (off < len) {
		ssize_t n = write(fd, content + off, len - off);

		if (n <= 0)
			break;
		off += (size_t)n;
	}
	if (close(fd) != 0 || off < len) {
		fprintf(stderr, "cannot write %s\n", path);
		unlink(path);
		free(path);
		return NULL;
	}
	return path;
}

static char *write_temp(const char *content, const char *suffix)
{
	char *path = make_temp(content, suffix);

	ck_assert_msg(path != NULL, "cannot create a temporary file");
	return path;
}

/* s in single quotes for the shell. */
static void add_quoted(struct da_buf *b, const char *s)
{
	da_buf_addc(b, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			da_buf_adds(b, "'\\''");
		else
			da_buf_addc(b, *s);
	}
	da_buf_addc(b, '\'');
}

/*
 * Runs argv (NULL-terminated) through the shell; its exit status or -1.
 * With show, a failing command's stderr goes to the test log.
 */
static int run(const char *const *argv, bool show)
{
	struct da_buf cmd = { 0 };
	char *errpath;
	int st;

	for (; *argv; argv++) {
		if (cmd.len)
			da_buf_addc(&cmd, ' ');
		add_quoted(&cmd, *argv);
	}
	errpath = make_temp("", ".err");
	da_buf_adds(&cmd, " >/dev/null 2>");
	add_quoted(&cmd, errpath ? errpath : "/dev/null");
	fflush(NULL);
	st = system(cmd.data);
	if (st != 0 && show) {
		char *err = NULL;
		FILE *fp = errpath ? fopen(errpath, "r") : NULL;

		if (fp) {
			struct da_buf e = { 0 };
			char chunk[1024];
			size_t n;

			while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0 && e.len < 4096)
				da_buf_add(&e, chunk, n);
			fclose(fp);
			err = da_buf_steal(&e);
			fprintf(stderr, "%s:\n%.4096s\n", cmd.data, err);
			free(err);
		}
	}
	if (errpath)
		unlink(errpath);
	free(errpath);
	da_buf_release(&cmd);
	if (st == -1 || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

static bool file_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static void golden(const char *name, const char *actual)
{
	char *rel = da_xasprintf("golden/%s", name);
	char *path = dt_fixture_path(rel);
	const char *upd = getenv("DA_UPDATE_GOLDEN");
	char *expected;

	free(rel);
	if (upd && strcmp(upd, "1") == 0) {
		FILE *fp = fopen(path, "wb");

		ck_assert_msg(fp != NULL, "cannot write %s: %s", path,
			      strerror(errno));
		ck_assert_uint_eq(fwrite(actual, 1, strlen(actual), fp),
				  strlen(actual));
		ck_assert_int_eq(fclose(fp), 0);
		fprintf(stderr, "updated %s\n", path);
		free(path);
		return;
	}
	expected = dt_read_file(path);
	if (strcmp(expected, actual) != 0) {
		const char *bdir = getenv("DA_BUILDDIR");
		char *out = da_xasprintf("%s/tests/%s.actual",
					 bdir && *bdir ? bdir : ".", name);
		FILE *fp = fopen(out, "wb");
		int line = 1;
		size_t i;

		if (fp) {
			fputs(actual, fp);
			fclose(fp);
		}
		for (i = 0; expected[i] && expected[i] == actual[i]; i++)
			if (expected[i] == '\n')
				line++;
		ck_abort_msg("%s differs from %s at line %d (output written to %s;"
			     " DA_UPDATE_GOLDEN=1 regenerates the golden files)",
			     name, path, line, out);
	}
	free(expected);
	free(path);
}

/* Strict UTF-8 check written apart from escape.c (Unicode table 3-7). */
static bool utf8_valid(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, n = strlen(str), len, k;

	while (i < n) {
		unsigned c = s[i], lo = 0x80, hi = 0xbf;

		if (c < 0x80) {
			i++;
			continue;
		} else if (c >= 0xc2 && c <= 0xdf) {
			len = 2;
		} else if (c == 0xe0) {
			len = 3;
			lo = 0xa0;
		} else if (c == 0xed) {
			len = 3;
			hi = 0x9f;
		} else if (c >= 0xe1 && c <= 0xef) {
			len = 3;
		} else if (c == 0xf0) {
			len = 4;
			lo = 0x90;
		} else if (c == 0xf4) {
			len = 4;
			hi = 0x8f;
		} else if (c >= 0xf1 && c <= 0xf3) {
			len = 4;
		} else {
			return false;
		}
		if (i + len > n || s[i + 1] < lo || s[i + 1] > hi)
			return false;
		for (k = 2; k < len; k++)
			if ((s[i + k] & 0xc0) != 0x80)
				return false;
		i += len;
	}
	return true;
}

/*
 * True when s, after removing the colour codes when colours is set, holds
 * no control character but newline: no C0, DEL, C1 (U+0080..U+009F).
 */
static const char *first_control(const char *str, bool colours)
{
	static const char *const codes[] = { "\033[1;34m", "\033[1;32m",
		"\033[1;31m", "\033[1;33m", "\033[1;35m", "\033[0m" };
	const unsigned char *s = (const unsigned char *)str;
	size_t k;

	while (*s) {
		if (colours && *s == 0x1b) {
			for (k = 0; k < sizeof(codes) / sizeof(codes[0]); k++) {
				if (strncmp((const char *)s, codes[k],
					    strlen(codes[k])) == 0)
					break;
			}
			if (k < sizeof(codes) / sizeof(codes[0])) {
				s += strlen(codes[k]);
				continue;
			}
			return (const char *)s;
		}
		if ((*s < 0x20 && *s != '\n') || *s == 0x7f ||
		    (*s == 0xc2 && s[1] >= 0x80 && s[1] <= 0x9f))
			return (const char *)s;
		s++;
	}
	return NULL;
}

static void assert_clean(const char *what, const char *out, bool colours)
{
	const char *bad = first_control(out, colours);

	ck_assert_msg(bad == NULL, "%s: control byte 0x%02x at offset %zu: %.40s",
		      what, bad ? (unsigned char)*bad : 0,
		      bad ? (size_t)(bad - out) : 0, bad ? bad : "");
	ck_assert_msg(utf8_valid(out), "%s: output is not valid UTF-8", what);
}

static struct json_object *parse_json(const char *what, const char *s)
{
	struct json_tokener *tok = json_tokener_new();
	struct json_object *o;
	enum json_tokener_error e;
	size_t end;

	json_tokener_set_flags(tok, JSON_TOKENER_STRICT |
				    JSON_TOKENER_VALIDATE_UTF8);
	o = json_tokener_parse_ex(tok, s, (int)strlen(s));
	e = json_tokener_get_error(tok);
	ck_assert_msg(o != NULL && e == json_tokener_success,
		      "%s: not valid JSON: %s", what, json_tokener_error_desc(e));
	end = json_tokener_get_parse_end(tok);
	ck_assert_msg(s[end + strspn(s + end, " \n")] == '\0',
		      "%s: text after the JSON document", what);
	json_tokener_free(tok);
	return o;
}

static struct json_object *get(struct json_object *o, const char *key)
{
	struct json_object *v = NULL;

	ck_assert_msg(json_object_object_get_ex(o, key, &v),
		      "missing key %s", key);
	return v;
}

static const char *get_str(struct json_object *o, const char *key)
{
	struct json_object *v = get(o, key);

	ck_assert_msg(json_object_is_type(v, json_type_string),
		      "%s is not a string", key);
	return json_object_get_string(v);
}

static int64_t get_int(struct json_object *o, const char *key)
{
	struct json_object *v = get(o, key);

	ck_assert_msg(json_object_is_type(v, json_type_int),
		      "%s is not an integer", key);
	return json_object_get_int64(v);
}

static bool has(struct json_object *o, const char *key)
{
	return json_object_object_get_ex(o, key, NULL);
}

/* Element of array a whose "id" is id, or NULL. */
static struct json_object *by_id(struct json_object *a, const char *id)
{
	size_t i;

	for (i = 0; i < json_object_array_length(a); i++) {
		struct json_object *e = json_object_array_get_idx(a, i);

		if (strcmp(get_str(e, "id"), id) == 0)
			return e;
	}
	return NULL;
}

static size_t count_substr(const char *s, const char *needle)
{
	size_t n = 0;

	while ((s = strstr(s, needle)) != NULL) {
		n++;
		s += strlen(needle);
	}
	return n;
}

/* Validation with the real tools */

static void validate_json_files(const char *const *files, size_t n,
				int expect)
{
	const char *argv[64];
	char *schema = own_schema(), *script = validator_script();
	size_t i, k = 0;

	ck_assert_msg(file_exists(schema), "schema %s is missing", schema);
	ck_assert_msg(file_exists(script), "validator %s is missing", script);
	ck_assert_uint_lt(n + 4, sizeof(argv) / sizeof(argv[0]));
	argv[k++] = "python3";
	argv[k++] = script;
	argv[k++] = schema;
	for (i = 0; i < n; i++)
		argv[k++] = files[i];
	argv[k] = NULL;
	ck_assert_int_eq(run(argv, expect == 0), expect);
	free(schema);
	free(script);
}

static void validate_json(const char *doc, int expect)
{
	char *path = write_temp(doc, ".json");
	const char *files[] = { path };

	validate_json_files(files, 1, expect);
	unlink(path);
	free(path);
}

/* tests/validate-junit.py on files: its exit status (0 all valid). */
static int junit_check(const char *const *files, size_t n, bool show)
{
	const char *argv[64];
	char *script = junit_script();
	size_t i, k = 0;
	int rc;

	ck_assert_msg(file_exists(script), "validator %s is missing", script);
	ck_assert_uint_lt(n + 3, sizeof(argv) / sizeof(argv[0]));
	argv[k++] = "python3";
	argv[k++] = script;
	for (i = 0; i < n; i++)
		argv[k++] = files[i];
	argv[k] = NULL;
	rc = run(argv, show);
	free(script);
	return rc;
}

static void validate_junit(const char *doc, int expect)
{
	char *path = write_temp(doc, ".xml");
	const char *files[] = { path };

	ck_assert_msg(junit_check(files, 1, expect == 0) == expect,
		      expect == 0 ? "%s: not a valid JUnit report" :
		      "%s: unexpectedly valid", path);
	unlink(path);
	free(path);
}

/* ------------------------------------------------------------------------ */
/* Registry and driver                                                      */

START_TEST(test_registry)
{
	static const char *const names[] = { "text", "json", "junit", "dbs-json",
					     "sarif", "html" };
	const struct da_formatter *const *all = da_formatter_all();
	size_t i;

	for (i = 0; i < 6; i++) {
		const struct da_formatter *f = da_formatter_find(names[i]);

		ck_assert_ptr_nonnull(f);
		ck_assert_str_eq(f->name, names[i]);
		ck_assert_ptr_nonnull(f->description);
		ck_assert_ptr_nonnull(f->begin);
		ck_assert_ptr_nonnull(f->result);
		ck_assert_ptr_nonnull(f->end);
		ck_assert_ptr_eq(all[i], f);
	}
	ck_assert_ptr_null(all[6]);
	ck_assert_ptr_eq(da_formatter_find("text"), &da_format_text);
	ck_assert_ptr_eq(da_formatter_find("dbs-json"), &da_format_dbs_json);
	ck_assert_ptr_null(da_formatter_find("xml"));
	ck_assert_ptr_null(da_formatter_find("JSON"));
	ck_assert_ptr_null(da_formatter_find(""));
	ck_assert_ptr_null(da_formatter_find(NULL));
}
END_TEST

START_TEST(test_driver_errors)
{
	const struct da_formatter *const *all = da_formatter_all();
	struct fx *f = fx_new(true);
	struct da_output out = { 0 };
	size_t i;

	ck_assert_int_eq(da_format_report(NULL, &f->rep.r), DA_ERR_INVALID);
	out.fmt = &da_format_text;
	ck_assert_int_eq(da_format_report(&out, &f->rep.r), DA_ERR_INVALID);
	out.fp = stdout;
	ck_assert_int_eq(da_format_report(&out, NULL), DA_ERR_INVALID);

	/* A full disk is reported, and the state is still freed. */
	for (i = 0; all[i]; i++) {
		FILE *fp = fopen("/dev/full", "w");

		ck_assert_ptr_nonnull(fp);
		out.fmt = all[i];
		out.fp = fp;
		out.state = NULL;
		ck_assert_msg(da_format_report(&out, &f->rep.r) == DA_ERR_IO,
			      "%s: write error not reported", all[i]->name);
		ck_assert_ptr_null(out.state);
		fclose(fp);
	}
	fx_free(f);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Escaping                                                                 */

struct esc_case {
	const char *in;
	const char *out;
};

static void check_escape(void (*fn)(struct da_buf *, const char *),
			 const char *what, const struct esc_case *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct da_buf b = { 0 };

		da_buf_adds(&b, "<");
		fn(&b, c[i].in);
		da_buf_adds(&b, ">");
		ck_assert_msg(b.len >= 2 && strncmp(b.data + 1, c[i].out, b.len - 2) == 0 &&
			      strlen(c[i].out) == b.len - 2,
			      "%s case %zu: got \"%s\", want \"<%s>\"", what, i,
			      b.data, c[i].out);
		da_buf_release(&b);
	}
}

START_TEST(test_escape_text)
{
	static const struct esc_case c[] = {
		{ "plain text", "plain text" },
		{ "", "" },
		{ "a\nb\tc", "a\\nb\\tc" },
		{ "\x1b[31mred\x1b[0m", "\\x1b[31mred\\x1b[0m" },
		{ "\x1b]0;title\x07", "\\x1b]0;title\\x07" },
		{ "\r\x01\x1f\x7f", "\\x0d\\x01\\x1f\\x7f" },
		{ "c1\xc2\x9b" "2J", "c1\\x9b2J" },
		{ "\xc2\x85\xc2\x9f\xc2\xa0", "\\x85\\x9f\xc2\xa0" },
		{ "bad\xff", "bad\\xff" },
		{ "\xc0\xaf", "\\xc0\\xaf" },
		{ "\xe0\x80\xaf", "\\xe0\\x80\\xaf" },
		{ "\xed\xa0\x80", "\\xed\\xa0\\x80" },
		{ "\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80" },
		{ "\xf5\x80", "\\xf5\\x80" },
		{ "\x80x", "\\x80x" },
		{ "\xe2\x82", "\\xe2\\x82" },
		{ "\xe2\x82x", "\\xe2\\x82x" },
		{ "caf\xc3\xa9 \xf0\x9f\x90\xb3 \xe2\x9c\x93",
		  "caf\xc3\xa9 \xf0\x9f\x90\xb3 \xe2\x9c\x93" },
		{ "\xf4\x8f\xbf\xbf", "\xf4\x8f\xbf\xbf" },
		{ "\xef\xbf\xbe", "\xef\xbf\xbe" },
		{ "<&>\"'\\", "<&>\"'\\" },
	};
	struct da_buf b = { 0 };

	check_escape(da_escape_text, "text", c, sizeof(c) / sizeof(c[0]));
	da_buf_adds(&b, "keep");
	da_escape_text(&b, NULL);
	ck_assert_str_eq(da_buf_str(&b), "keep");
	da_buf_release(&b);
}
END_TEST

START_TEST(test_escape_xml)
{
	static const struct esc_case c[] = {
		{ "plain", "plain" },
		{ "", "" },
		{ "<a href=\"x\">&'</a>",
		  "&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;" },
		{ "a\tb\nc\rd", "a&#9;b&#10;c&#13;d" },
		{ "\x1b[1m", "\\x1b[1m" },
		{ "\x01\x08\x0b\x0c\x1f\x7f", "\\x01\\x08\\x0b\\x0c\\x1f\\x7f" },
		{ "\xc2\x85", "\\x85" },
		{ "\xef\xbf\xbe\xef\xbf\xbf", "\\xef\\xbf\\xbe\\xef\\xbf\\xbf" },
		{ "\xef\xbf\xbd", "\xef\xbf\xbd" },
		{ "\xff", "\\xff" },
		{ "\xed\xa0\x80", "\\xed\\xa0\\x80" },
		{ "]]>", "]]&gt;" },
		{ "caf\xc3\xa9 \xf0\x9f\x90\xb3", "caf\xc3\xa9 \xf0\x9f\x90\xb3" },
		{ "&amp;", "&amp;amp;" },
	};
	struct da_buf b = { 0 };

	check_escape(da_escape_xml, "xml", c, sizeof(c) / sizeof(c[0]));
	da_buf_adds(&b, "keep");
	da_escape_xml(&b, NULL);
	ck_assert_str_eq(da_buf_str(&b), "keep");
	da_buf_release(&b);
}
END_TEST

START_TEST(test_escape_json)
{
	static const struct esc_case c[] = {
		{ "plain", "\"plain\"" },
		{ "", "\"\"" },
		{ "a\"b\\c/d", "\"a\\\"b\\\\c/d\"" },
		{ "\b\f\n\r\t", "\"\\b\\f\\n\\r\\t\"" },
		{ "\x01\x1b\x1f\x7f", "\"\\u0001\\u001b\\u001f\\u007f\"" },
		{ "\xc2\x9b", "\"\\u009b\"" },
		{ "\xe2\x80\xa8\xe2\x80\xa9", "\"\\u2028\\u2029\"" },
		{ "\xff", "\"\xef\xbf\xbd\"" },
		{ "\xc0\xaf", "\"\xef\xbf\xbd\xef\xbf\xbd\"" },
		{ "\xed\xa0\x80", "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"" },
		{ "x\xe2\x82", "\"x\xef\xbf\xbd\xef\xbf\xbd\"" },
		{ "\xf0\x9f\x90\xb3 <&>", "\"\xf0\x9f\x90\xb3 <&>\"" },
	};
	struct da_buf b = { 0 };

	check_escape(da_escape_json, "json", c, sizeof(c) / sizeof(c[0]));
	da_escape_json(&b, NULL);
	ck_assert_str_eq(da_buf_str(&b), "null");
	da_buf_release(&b);
}
END_TEST

/* Random bytes: always a JSON string; valid UTF-8 text survives exactly. */
START_TEST(test_escape_json_roundtrip)
{
	uint32_t seed = 12345;
	int i;

	for (i = 0; i < 500; i++) {
		struct da_buf b = { 0 };
		char *s = random_string(&seed, 40);
		struct json_object *o;

		da_escape_json(&b, s);
		o = parse_json("escaped string", b.data);
		ck_assert(json_object_is_type(o, json_type_string));
		if (utf8_valid(s))
			ck_assert_str_eq(json_object_get_string(o), s);
		json_object_put(o);
		da_buf_release(&b);

		/* The other two escapers keep control bytes out and stay UTF-8. */
		da_escape_text(&b, s);
		assert_clean("escaped text", da_buf_str(&b), false);
		da_buf_release(&b);
		da_escape_xml(&b, s);
		assert_clean("escaped xml", da_buf_str(&b), false);
		ck_assert_ptr_null(strchr(da_buf_str(&b), '<'));
		ck_assert_ptr_null(strchr(da_buf_str(&b), '"'));
		da_buf_release(&b);
		free(s);
	}
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Golden files                                                             */

START_TEST(test_golden_text)
{
	struct fx *f = fx_new(true);
	char *out = render("text", &f->rep.r);

	golden("report.txt", out);
	free(out);
	fx_free(f);
}
END_TEST

START_TEST(test_golden_text_color)
{
	struct fx *f = fx_new(true);
	char *out = render_color("text", &f->rep.r, true);

	golden("report-color.txt", out);
	free(out);
	fx_free(f);
}
END_TEST

/* A rootless daemon: target.rootless and a banner line; unknown: neither. */
START_TEST(test_rootless_target)
{
	struct fx *f = fx_new(false);
	struct json_object *doc;
	char *out;

	f->rep.r.rootless = 1;
	out = render("json", &f->rep.r);
	doc = parse_json("json", out);
	ck_assert(json_object_get_boolean(get(get(doc, "target"), "rootless")));
	json_object_put(doc);
	free(out);
	out = render("text", &f->rep.r);
	ck_assert_ptr_nonnull(strstr(out, "\n# Rootless daemon: "));
	free(out);
	out = render("html", &f->rep.r);
	ck_assert_ptr_nonnull(strstr(out, "<dt>Mode</dt><dd>rootless</dd>"));
	free(out);
	f->rep.r.rootless = -1;
	out = render("json", &f->rep.r);
	doc = parse_json("json", out);
	ck_assert(!json_object_get_boolean(get(get(doc, "target"), "rootless")));
	json_object_put(doc);
	free(out);
	out = render("text", &f->rep.r);
	ck_assert_ptr_null(strstr(out, "Rootless"));
	free(out);
	f->rep.r.rootless = 0;
	out = render("json", &f->rep.r);
	doc = parse_json("json", out);
	ck_assert(!has(get(doc, "target"), "rootless"));
	json_object_put(doc);
	free(out);
	fx_free(f);
}
END_TEST

START_TEST(test_golden_json)
{
	struct fx *f = fx_new(true);
	char *out = render("json", &f->rep.r);

	golden("report.json", out);
	free(out);
	fx_free(f);
}
END_TEST

START_TEST(test_golden_junit)
{
	struct fx *f = fx_new(true);
	char *out = render("junit", &f->rep.r);

	golden("report.junit.xml", out);
	free(out);
	fx_free(f);
}
END_TEST

START_TEST(test_golden_dbs)
{
	struct fx *f = fx_new(true);
	char *out = render("dbs-json", &f->rep.r);

	golden("report.dbs.json", out);
	free(out);
	fx_free(f);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Text                                                                     */

START_TEST(test_text_layout)
{
	struct fx *f = fx_new(true);
	char *out = render("text", &f->rep.r);
	char *col = render_color("text", &f->rep.r, true);

	assert_clean("text", out, false);
	ck_assert_ptr_null(strchr(out, '\x1b'));
	assert_clean("colour text", col, true);
	ck_assert_ptr_nonnull(strchr(col, '\x1b'));

	ck_assert_ptr_nonnull(strstr(out, "\nSection A - Check results\n\n[INFO] 1 - Host Configuration\n"
					  "[INFO] 1.1 - Linux Hosts Specific Configuration\n"
					  "[WARN] 1.1.1 - Ensure a separate partition"));
	ck_assert_ptr_nonnull(strstr(out, "[WARN]      * /var/lib/docker is on the root partition\n"));
	ck_assert_ptr_nonnull(strstr(out, "\n\n[INFO] 5 - Container Runtime <\"&'>\n[PASS] 5.1 - "));
	ck_assert_ptr_nonnull(strstr(out, "[NOTE]      * b\"o<b>: uid 1001\n"));
	ck_assert_ptr_nonnull(strstr(out, "[ERROR] 1.2.2 - "));
	ck_assert_ptr_nonnull(strstr(out, "[WARN]      * app-1 (1123456789ab)\n"));
	ck_assert_ptr_nonnull(strstr(out, "[WARN]      * (truncated: 3 more not shown)\n"));
	ck_assert_ptr_nonnull(strstr(out, "\\x1b[31mred\\x1b[0m\\x1b]0;pwned\\x07\\x1b[2J (fedcba987654)"));
	ck_assert_ptr_nonnull(strstr(out, "[WARN]      * (network)\n"));
	ck_assert_ptr_nonnull(strstr(out, "# Auditing unix:///var/run/docker.sock against CIS Docker Benchmark 1.6.0\n"));
	/* Section B: non-PASS results with a remediation, under their section. */
	ck_assert_ptr_nonnull(strstr(out, "\n\n\nSection B - Remediation measures\n\n"
					  "[INFO] 1 - Host Configuration\n"
					  "[INFO] 1.1.1 - For new installations"));
	ck_assert_ptr_nonnull(strstr(out, "[INFO] 1.2.2 - Keep Docker up to date.\n\n[INFO] 5 - "));
	ck_assert_ptr_null(strstr(out, "[INFO] 5.1 - Apply an AppArmor profile."));
	ck_assert_ptr_null(strstr(out, "[INFO] 5.31 - Do not mount"));
	ck_assert_ptr_nonnull(strstr(out, "\n\n\nSection C - Score\n\n[INFO] Checks: 10\n[INFO] Score: -2\n\n"));
	/* Colours: the tag only, as docker-bench-security does. */
	ck_assert_ptr_nonnull(strstr(col, "\n\033[1;31m[WARN]\033[0m 1.1.1 - "));
	ck_assert_ptr_nonnull(strstr(col, "\n\033[1;32m[PASS]\033[0m 5.1 - "));
	ck_assert_ptr_nonnull(strstr(col, "\n\033[1;33m[NOTE]\033[0m 1.1.2 - "));
	ck_assert_ptr_nonnull(strstr(col, "\n\033[1;34m[INFO]\033[0m 1.2.1 - "));
	ck_assert_ptr_nonnull(strstr(col, "\n\033[1;35m[ERROR]\033[0m 1.2.2 - "));
	ck_assert_ptr_nonnull(strstr(col, "\n\033[1;33mSection C - Score\033[0m\n"));
	free(out);
	free(col);
	fx_free(f);

	/* Without -p there is no Section B. */
	f = fx_new(false);
	out = render("text", &f->rep.r);
	ck_assert_ptr_null(strstr(out, "Section B"));
	ck_assert_ptr_null(strstr(out, "Remediation Impact"));
	ck_assert_ptr_nonnull(strstr(out, "Section C - Score"));
	free(out);
	fx_free(f);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* JSON                                                                     */

/* The banner says once that the host facts were read without root. */
START_TEST(test_text_unprivileged)
{
	static const char line[] =
		"# Running as uid 1000 (not root): some checks report INFO needs root\n";
	struct fx *f = fx_new(true);
	char *out = render("text", &f->rep.r), *col, *at;

	ck_assert_ptr_null(strstr(out, "not root"));
	free(out);
	f->rep.r.unprivileged = true;
	f->rep.r.uid = 1000;
	out = render("text", &f->rep.r);
	at = strstr(out, line);
	ck_assert_msg(at != NULL, "no unprivileged line in:\n%s", out);
	ck_assert_ptr_null(strstr(at + strlen(line), "not root"));
	/* inside the banner: before its closing rule, after the version */
	ck_assert_ptr_nonnull(strstr(out, "# Docker version "));
	ck_assert(at > strstr(out, "# Docker version "));
	ck_assert(at < strstr(out, "Section A - Check results"));
	/* a comment line, not a result: the counts do not change */
	ck_assert_ptr_null(strstr(out, "[WARN] Some tests"));
	col = render_color("text", &f->rep.r, true);
	ck_assert_ptr_nonnull(strstr(col, "# Running as uid 1000 (not root)"));
	free(col);
	free(out);
	f->rep.r.uid = -1;
	out = render("text", &f->rep.r);
	ck_assert_ptr_nonnull(strstr(out, "# Running without root: some checks report INFO "
					  "needs root\n"));
	free(out);
	fx_free(f);
}
END_TEST

START_TEST(test_json_content)
{
	struct fx *f = fx_new(false);
	char *out = render("json", &f->rep.r);
	struct json_object *doc, *secs, *s0, *s1, *c, *items, *sum;
	struct da_buf want = { 0 };
	size_t i;

	assert_clean("json", out, false);
	doc = parse_json("json", out);
	ck_assert_str_eq(get_str(doc, "schema_version"), "1.1");
	ck_assert_str_eq(get_str(get(doc, "tool"), "name"), "dockaudit");
	ck_assert_str_eq(get_str(get(doc, "tool"), "version"), "0.1.0-test");
	ck_assert_str_eq(get_str(get(doc, "benchmark"), "id"), "cis-1.6.0");
	ck_assert_str_eq(get_str(get(doc, "target"), "hostname"), HOSTNAME);
	ck_assert_str_eq(get_str(get(doc, "target"), "docker_version"), "24.0.7");
	ck_assert_str_eq(get_str(doc, "start"), "2023-11-14T22:13:20Z");
	ck_assert_str_eq(get_str(doc, "end"), "2023-11-14T22:14:02Z");

	secs = get(doc, "sections");
	ck_assert_uint_eq(json_object_array_length(secs), 2);
	s0 = json_object_array_get_idx(secs, 0);
	s1 = json_object_array_get_idx(secs, 1);
	ck_assert_str_eq(get_str(s0, "module"), "host");
	ck_assert_str_eq(get_str(s1, "title"), "Container Runtime <\"&'>");
	/* Header rows are sub-sections, not checks. */
	ck_assert_uint_eq(json_object_array_length(get(s0, "subsections")), 2);
	ck_assert_ptr_nonnull(by_id(get(s0, "subsections"), "1.2"));
	ck_assert_ptr_null(by_id(get(s0, "checks"), "1.1"));
	ck_assert_uint_eq(json_object_array_length(get(s0, "checks")), 4);
	ck_assert_uint_eq(json_object_array_length(get(s1, "checks")), 6);

	c = by_id(get(s0, "checks"), "1.1.2");
	ck_assert_str_eq(get_str(c, "status"), "NOTE");
	ck_assert(!json_object_get_boolean(get(c, "automated")));
	ck_assert(!json_object_get_boolean(get(c, "scored")));
	ck_assert_int_eq(get_int(c, "level"), 1);
	ck_assert_str_eq(get_str(c, "impact"),
			 "Users removed lose access to the daemon & its <socket>.");
	c = by_id(get(s0, "checks"), "1.2.2");
	ck_assert_str_eq(get_str(c, "status"), "ERROR");
	ck_assert_str_eq(get_str(c, "detail"),
			 "cannot read /proc/1/cmdline: permission denied");
	ck_assert(json_object_is_type(get(c, "impact"), json_type_null));
	c = by_id(get(s1, "checks"), "5.9");
	ck_assert(json_object_is_type(get(c, "level"), json_type_null));
	c = by_id(get(s1, "checks"), "5.1");
	ck_assert(json_object_is_type(get(c, "detail"), json_type_null));
	ck_assert(json_object_get_boolean(get(c, "scored")));

	/* Hostile names come back exactly; invalid bytes as U+FFFD. */
	c = by_id(get(s1, "checks"), "5.5");
	items = get(c, "items");
	ck_assert_uint_eq(json_object_array_length(items), 8);
	ck_assert_int_eq(get_int(c, "items_total"), 8);
	ck_assert_str_eq(get_str(json_object_array_get_idx(items, 0), "name"), NAME_QUOTES);
	ck_assert_str_eq(get_str(json_object_array_get_idx(items, 0), "id"),
			 "0123456789abcdef0123456789abcdef");
	ck_assert_str_eq(get_str(json_object_array_get_idx(items, 1), "name"), NAME_ANSI);
	da_buf_adds(&want, "bad");
	for (i = 0; i < 7; i++)
		da_buf_adds(&want, "\xef\xbf\xbd");
	da_buf_adds(&want, "end");
	ck_assert_str_eq(get_str(json_object_array_get_idx(items, 2), "name"), want.data);
	ck_assert_str_eq(get_str(json_object_array_get_idx(items, 3), "name"), NAME_C1);
	ck_assert_str_eq(get_str(json_object_array_get_idx(items, 4), "kind"), "image");
	ck_assert(json_object_is_type(get(json_object_array_get_idx(items, 4), "name"),
				      json_type_null));
	ck_assert_str_eq(get_str(c, "detail"),
			 "Containers running in \"privileged\" mode: <2> & more\ttab\rcr\nnl");

	/* -n: two items kept of five. */
	c = by_id(get(s1, "checks"), "5.12");
	ck_assert_uint_eq(json_object_array_length(get(c, "items")), 2);
	ck_assert_int_eq(get_int(c, "items_total"), 5);

	sum = get(doc, "summary");
	ck_assert_int_eq(get_int(sum, "checks"), 10);
	ck_assert_int_eq(get_int(sum, "score"), -2);
	ck_assert_int_eq(get_int(sum, "pass"), 2);
	ck_assert_int_eq(get_int(sum, "warn"), 4);
	ck_assert_int_eq(get_int(sum, "info"), 2);
	ck_assert_int_eq(get_int(sum, "note"), 1);
	ck_assert_int_eq(get_int(sum, "error"), 1);

	da_buf_release(&want);
	json_object_put(doc);
	free(out);
	fx_free(f);
}
END_TEST

START_TEST(test_json_schema)
{
	struct fx *f = fx_new(true);
	char *out = render("json", &f->rep.r);
	char *bad;
	const char *p;

	validate_json(out, 0);

	/* The validator does reject: an unknown status, a missing key. */
	bad = da_xstrdup(out);
	p = strstr(bad, "\"status\": \"WARN\"");
	ck_assert_ptr_nonnull(p);
	memcpy(bad + (p - bad) + strlen("\"status\": \""), "FAIL", 4);
	validate_json(bad, 1);
	free(bad);
	bad = da_xstrdup(out);
	p = strstr(bad, "\"items_total\"");
	ck_assert_ptr_nonnull(p);
	memcpy(bad + (p - bad), "\"itemz_total\"", 13);
	validate_json(bad, 1);
	free(bad);

	free(out);
	fx_free(f);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* JUnit                                                                    */

START_TEST(test_junit_content)
{
	struct fx *f = fx_new(true);
	char *out = render("junit", &f->rep.r);

	assert_clean("junit", out, false);
	ck_assert_ptr_nonnull(strstr(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n"));
	ck_assert_uint_eq(count_substr(out, "<testsuite "), 2);
	ck_assert_uint_eq(count_substr(out, "<testcase "), 10);
	ck_assert_uint_eq(count_substr(out, "<failure "), 4);
	ck_assert_uint_eq(count_substr(out, "<error "), 1);
	ck_assert_uint_eq(count_substr(out, "<skipped "), 1);
	ck_assert_ptr_null(strstr(out, "name=\"1.1 Linux"));
	ck_assert_ptr_nonnull(strstr(out, "<testsuite name=\"1 Host Configuration\" tests=\"4\" "
					  "failures=\"1\" errors=\"1\" skipped=\"1\""));
	ck_assert_ptr_nonnull(strstr(out, "<testsuite name=\"5 Container Runtime &lt;&quot;&amp;&apos;&gt;\" "
					  "tests=\"6\" failures=\"3\" errors=\"0\" skipped=\"0\""));
	ck_assert_ptr_nonnull(strstr(out, "timestamp=\"2023-11-14T22:13:20\""));
	ck_assert_ptr_nonnull(strstr(out, "hostname=\"dock\\x1b[1mhost &lt;&amp;&gt; &quot;q&quot;\""));
	ck_assert_ptr_nonnull(strstr(out, "<property name=\"endpoint\" value=\"unix:///var/run/docker.sock\"/>"));
	ck_assert_ptr_nonnull(strstr(out, "classname=\"dockaudit.section5\""));
	ck_assert_ptr_nonnull(strstr(out, "<error message=\"cannot read /proc/1/cmdline: permission denied\" type=\"ERROR\"/>"));
	ck_assert_ptr_nonnull(strstr(out, "(truncated: 3 more not shown)"));
	ck_assert_ptr_nonnull(strstr(out, "[INFO] 5.9 - 1 container uses the host network\n"));
	free(out);
	fx_free(f);
}
END_TEST

START_TEST(test_junit_valid)
{
	struct fx *f = fx_new(true);
	char *out = render("junit", &f->rep.r);
	char *bad;
	const char *p;

	validate_junit(out, 0);

	/* The validator (and both XSDs) reject an attribute they do not know. */
	bad = da_xstrdup(out);
	p = strstr(bad, " hostname=");
	ck_assert_ptr_nonnull(p);
	memcpy(bad + (p - bad), " hostnamx=", 10);
	validate_junit(bad, 1);
	free(bad);

	free(out);
	fx_free(f);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* dbs-json                                                                 */

static void check_dbs_keys(struct json_object *res)
{
	static const char *const order[] = { "id", "desc", "result", "details",
		"items", "remediation", "remediation-impact" };
	size_t next = 0, k;

	json_object_object_foreach(res, key, val) {
		(void)val;
		for (k = next; k < sizeof(order) / sizeof(order[0]); k++)
			if (strcmp(order[k], key) == 0)
				break;
		ck_assert_msg(k < sizeof(order) / sizeof(order[0]),
			      "unexpected or misplaced key %s", key);
		next = k + 1;
	}
}

START_TEST(test_dbs_content)
{
	static const char *const top[] = { "dockerbenchsecurity", "benchmark", "start",
		"tests", "checks", "score", "end" };
	struct fx *f = fx_new(true);
	char *out = render("dbs-json", &f->rep.r);
	struct json_object *doc, *tests, *res0, *res1, *c, *items;
	size_t i, j, k = 0;

	assert_clean("dbs-json", out, false);
	doc = parse_json("dbs-json", out);
	json_object_object_foreach(doc, key, val) {
		(void)val;
		ck_assert_uint_lt(k, 7);
		ck_assert_str_eq(key, top[k]);
		k++;
	}
	ck_assert_uint_eq(k, 7);
	ck_assert_str_eq(get_str(doc, "dockerbenchsecurity"), "1.6.0");
	ck_assert_str_eq(get_str(doc, "benchmark"), "cis-1.6.0");
	ck_assert_int_eq(get_int(doc, "start"), 1700000000);
	ck_assert_int_eq(get_int(doc, "end"), 1700000042);
	ck_assert_int_eq(get_int(doc, "checks"), 10);
	ck_assert_int_eq(get_int(doc, "score"), -2);

	tests = get(doc, "tests");
	ck_assert_uint_eq(json_object_array_length(tests), 2);
	ck_assert_str_eq(get_str(json_object_array_get_idx(tests, 0), "id"), "1");
	ck_assert_str_eq(get_str(json_object_array_get_idx(tests, 0), "desc"), "Host Configuration");
	res0 = get(json_object_array_get_idx(tests, 0), "results");
	res1 = get(json_object_array_get_idx(tests, 1), "results");
	ck_assert_uint_eq(json_object_array_length(res0), 4);
	ck_assert_uint_eq(json_object_array_length(res1), 6);
	ck_assert_ptr_null(by_id(res0, "1.1"));
	ck_assert_ptr_null(by_id(res0, "1.2"));
	for (i = 0; i < 2; i++) {
		struct json_object *a = i ? res1 : res0;

		for (j = 0; j < json_object_array_length(a); j++) {
			const char *r;

			c = json_object_array_get_idx(a, j);
			check_dbs_keys(c);
			r = get_str(c, "result");
			ck_assert_msg(!strcmp(r, "PASS") || !strcmp(r, "WARN") ||
				      !strcmp(r, "INFO") || !strcmp(r, "NOTE"),
				      "result %s", r);
		}
	}

	c = by_id(res0, "1.2.2");
	ck_assert_str_eq(get_str(c, "result"), "INFO");
	ck_assert_str_eq(get_str(c, "details"),
			 "error: cannot read /proc/1/cmdline: permission denied");
	ck_assert_str_eq(get_str(c, "remediation"), "Keep Docker up to date.");
	ck_assert(!has(c, "remediation-impact"));
	c = by_id(res0, "1.1.1");
	ck_assert_str_eq(get_str(c, "result"), "WARN");
	ck_assert_str_eq(get_str(c, "remediation-impact"), "None.");
	ck_assert(!has(c, "items"));
	c = by_id(res1, "5.1");
	ck_assert_str_eq(get_str(c, "result"), "PASS");
	ck_assert(!has(c, "remediation") && !has(c, "details") && !has(c, "items"));
	c = by_id(res1, "5.31");
	ck_assert(!has(c, "remediation"));

	/* -n cut items: "(truncated)" on details and items, as the original. */
	c = by_id(res1, "5.12");
	ck_assert_str_eq(get_str(c, "details"),
			 "Containers running without memory restrictions (truncated)");
	items = get(c, "items");
	ck_assert_uint_eq(json_object_array_length(items), 3);
	ck_assert_str_eq(json_object_get_string(json_object_array_get_idx(items, 0)),
			 "app-1 (1123456789ab)");
	ck_assert_str_eq(json_object_get_string(json_object_array_get_idx(items, 2)),
			 "(truncated)");
	/* Exactly the limit: nothing was cut, nothing appended. */
	c = by_id(res1, "5.14");
	ck_assert_str_eq(get_str(c, "details"), "Containers with restart policy always");
	ck_assert_uint_eq(json_object_array_length(get(c, "items")), 2);
	ck_assert_str_eq(json_object_get_string(json_object_array_get_idx(get(c, "items"), 1)),
			 "cache (d2): unless-stopped");

	c = by_id(res1, "5.5");
	items = get(c, "items");
	ck_assert_uint_eq(json_object_array_length(items), 8);
	ck_assert_str_eq(json_object_get_string(json_object_array_get_idx(items, 0)),
			 NAME_QUOTES " (0123456789ab): Privileged: true");
	ck_assert_str_eq(json_object_get_string(json_object_array_get_idx(items, 6)),
			 "(network)");
	json_object_put(doc);
	free(out);
	fx_free(f);

	/* Without -p: no remediation at all. */
	f = fx_new(false);
	out = render("dbs-json", &f->rep.r);
	ck_assert_ptr_null(strstr(out, "\"remediation"));
	doc = parse_json("dbs-json", out);
	json_object_put(doc);
	free(out);
	fx_free(f);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Hostile input in bulk                                                    */

/* An empty run: every format still well-formed. */
START_TEST(test_empty_report)
{
	struct fx *f = fx_alloc(false, 0);
	char *out;
	struct json_object *doc;

	da_report_finish(&f->rep.r);
	out = render("json", &f->rep.r);
	doc = parse_json("json", out);
	ck_assert_uint_eq(json_object_array_length(get(doc, "sections")), 0);
	ck_assert_int_eq(get_int(get(doc, "summary"), "checks"), 0);
	ck_assert(json_object_is_type(get(get(doc, "target"), "hostname"), json_type_null));
	json_object_put(doc);
	free(out);

	out = render("dbs-json", &f->rep.r);
	doc = parse_json("dbs-json", out);
	ck_assert_uint_eq(json_object_array_length(get(doc, "tests")), 0);
	json_object_put(doc);
	free(out);

	out = render("junit", &f->rep.r);
	ck_assert_str_eq(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n</testsuites>\n");
	free(out);

	out = render("text", &f->rep.r);
	assert_clean("text", out, false);
	ck_assert_ptr_nonnull(strstr(out, "[INFO] Checks: 0\n[INFO] Score: 0\n"));
	ck_assert_ptr_nonnull(strstr(out, "# Docker version unknown\n"));
	free(out);
	fx_free(f);
}
END_TEST

START_TEST(test_empty_report_valid)
{
	struct fx *f = fx_alloc(false, 0);
	char *out;

	da_report_finish(&f->rep.r);
	out = render("json", &f->rep.r);
	validate_json(out, 0);
	free(out);
	out = render("junit", &f->rep.r);
	validate_junit(out, 0);
	free(out);
	fx_free(f);
}
END_TEST

/* 100 KB of hostile bytes in a title, a detail and an item. */
static struct fx *fx_big(void)
{
	struct fx *f = fx_alloc(false, 0);
	struct da_buf big = { 0 };
	struct da_result *res;
	uint32_t seed = 99;
	char *s;

	while (big.len < 100 * 1024) {
		s = random_string(&seed, 64);
		da_buf_adds(&big, s);
		free(s);
	}
	s = dt_report_keep(&f->rep, da_buf_steal(&big));
	f->rep.secs[0].id = (char *)"9";
	f->rep.secs[0].title = s;
	f->rep.r.endpoint = da_xstrdup(s);
	f->rep.r.hostname = da_xstrdup(s);
	f->rep.r.print_remediation = true;
	res = fx_check(f, 0, "9.1", s, DA_CHECK_SCORED, 1, s, s, 0, DA_WARN, s);
	fx_item(f, res, "container", s, s, s);
	res = fx_check(f, 0, "9.2", "t", 0, 0, NULL, NULL, 0, DA_INFO, s);
	fx_item(f, res, s, NULL, NULL, NULL);
	fx_check(f, 0, "9.3", "t", 0, 0, NULL, NULL, 0, DA_NOTE, s);
	fx_check(f, 0, "9.4", "t", 0, 0, NULL, NULL, 0, DA_ERROR, s);
	da_report_finish(&f->rep.r);
	return f;
}

START_TEST(test_big_values)
{
	struct fx *f = fx_big();
	char *out;
	struct json_object *doc, *c;

	out = render("text", &f->rep.r);
	assert_clean("text", out, false);
	ck_assert_uint_gt(strlen(out), 5 * 100 * 1024);
	free(out);
	out = render_color("text", &f->rep.r, true);
	assert_clean("colour text", out, true);
	free(out);

	out = render("json", &f->rep.r);
	assert_clean("json", out, false);
	doc = parse_json("json", out);
	c = json_object_array_get_idx(get(json_object_array_get_idx(get(doc, "sections"), 0),
					  "checks"), 0);
	/* the report model caps a detail (docs/failures.md) */
	ck_assert_str_eq(get_str(c, "detail") + strlen(get_str(c, "detail")) - 7, " bytes)");
	ck_assert_ptr_nonnull(strstr(get_str(c, "detail"), " (truncated "));
	json_object_put(doc);
	free(out);

	out = render("dbs-json", &f->rep.r);
	assert_clean("dbs-json", out, false);
	doc = parse_json("dbs-json", out);
	json_object_put(doc);
	free(out);

	out = render("junit", &f->rep.r);
	assert_clean("junit", out, false);
	free(out);
	fx_free(f);
}
END_TEST

START_TEST(test_big_values_valid)
{
	struct fx *f = fx_big();
	char *out;

	out = render("json", &f->rep.r);
	validate_json(out, 0);
	free(out);
	out = render("junit", &f->rep.r);
	validate_junit(out, 0);
	free(out);
	fx_free(f);
}
END_TEST

#define FUZZ_RUNS 40

/* Every string of the report random: parse and clean-output checks. */
START_TEST(test_fuzz)
{
	static const char *const names[] = { "text", "json", "junit", "dbs-json",
					     "sarif" };
	uint32_t run_i;
	size_t k;

	for (run_i = 0; run_i < FUZZ_RUNS; run_i++) {
		struct fx *f = fx_new_seeded(run_i & 1, true, 1000 + run_i);

		for (k = 0; k < 4; k++) {
			char *out = render(names[k], &f->rep.r);

			assert_clean(names[k], out, false);
			if (k == 1 || k == 3)
				json_object_put(parse_json(names[k], out));
			free(out);
		}
		{
			char *out = render_color("text", &f->rep.r, true);

			assert_clean("colour text", out, true);
			free(out);
		}
		fx_free(f);
	}
}
END_TEST

/* The same random reports through the schema validators, in one batch. */
START_TEST(test_fuzz_valid)
{
	char *json[FUZZ_RUNS], *xml[FUZZ_RUNS];
	uint32_t i;

	for (i = 0; i < FUZZ_RUNS; i++) {
		struct fx *f = fx_new_seeded(i & 1, true, 1000 + i);
		char *out = render("json", &f->rep.r);

		json[i] = write_temp(out, ".json");
		free(out);
		out = render("junit", &f->rep.r);
		xml[i] = write_temp(out, ".xml");
		free(out);
		fx_free(f);
	}
	validate_json_files((const char *const *)json, FUZZ_RUNS, 0);
	ck_assert_msg(junit_check((const char *const *)xml, FUZZ_RUNS, true) == 0,
		      "random reports are not valid JUnit");
	for (i = 0; i < FUZZ_RUNS; i++) {
		unlink(json[i]);
		unlink(xml[i]);
		free(json[i]);
		free(xml[i]);
	}
}
END_TEST

/* ------------------------------------------------------------------------ */

static bool have_json_validator(void)
{
	const char *argv[] = { "python3", "-c", "import jsonschema", NULL };
	char *schema = own_schema(), *script = validator_script();
	bool ok = file_exists(schema) && file_exists(script) &&
		  run(argv, false) == 0;

	free(schema);
	free(script);
	return ok;
}

static bool have_junit_validator(void)
{
	char *script = junit_script();
	const char *argv[] = { "python3", script, "--check", NULL };
	bool ok = file_exists(script) && run(argv, false) == 0;

	free(script);
	return ok;
}

static Suite *format_suite(void)
{
	Suite *s = suite_create("format");
	TCase *tc = tcase_create("core");
	TCase *val = tcase_create("validation");
	bool json_ok = have_json_validator(), junit_ok = have_junit_validator();

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_registry);
	tcase_add_test(tc, test_rootless_target);
	tcase_add_test(tc, test_driver_errors);
	tcase_add_test(tc, test_escape_text);
	tcase_add_test(tc, test_escape_xml);
	tcase_add_test(tc, test_escape_json);
	tcase_add_test(tc, test_escape_json_roundtrip);
	tcase_add_test(tc, test_golden_text);
	tcase_add_test(tc, test_golden_text_color);
	tcase_add_test(tc, test_golden_json);
	tcase_add_test(tc, test_golden_junit);
	tcase_add_test(tc, test_golden_dbs);
	tcase_add_test(tc, test_text_layout);
	tcase_add_test(tc, test_text_unprivileged);
	tcase_add_test(tc, test_json_content);
	tcase_add_test(tc, test_junit_content);
	tcase_add_test(tc, test_dbs_content);
	tcase_add_test(tc, test_empty_report);
	tcase_add_test(tc, test_big_values);
	tcase_add_test(tc, test_fuzz);
	suite_add_tcase(s, tc);

	tcase_set_timeout(val, 300);
	if (json_ok || in_ci()) {
		tcase_add_test(val, test_json_schema);
	} else {
		dt_skip("test_format: JSON Schema validation left out: "
			"python3 with jsonschema (python3-jsonschema), "
			"tests/validate-json.py or the schema is missing");
	}
	if (junit_ok || in_ci()) {
		tcase_add_test(val, test_junit_valid);
	} else {
		dt_skip("test_format: JUnit validation left out: "
			"python3 with junitparser (python3-junitparser) or "
			"tests/validate-junit.py is missing");
	}
	if ((json_ok && junit_ok) || in_ci()) {
		tcase_add_test(val, test_empty_report_valid);
		tcase_add_test(val, test_big_values_valid);
		tcase_add_test(val, test_fuzz_valid);
	}
	suite_add_tcase(s, val);
	return s;
}

int main(void)
{
	const char *tmp = getenv("TMPDIR");
	int status;

	tmp_dir = da_xasprintf("%s/da-format-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(tmp_dir)) {
		fprintf(stderr, "test_format: cannot create %s: %s\n", tmp_dir,
			strerror(errno));
		free(tmp_dir);
		tmp_dir = NULL;
	}
	status = dt_run_suite(format_suite());
	if (tmp_dir) {
		const char *argv[] = { "rm", "-rf", tmp_dir, NULL };

		run(argv, true);
		free(tmp_dir);
	}
	return status;
}
