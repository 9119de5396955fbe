/*
 * The run: choosing the audited objects once for every check, running the
 * selected checks against the probe, and collecting their results.
 */
#include "config.h"

#include "engine.h"
#include "escape.h"
#include "hosttable.h"
#include "runner.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <regex.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* --- targets ------------------------------------------------------------- */

struct patterns {
	regex_t *re;
	size_t n;
};

static void patterns_free(struct patterns *pt)
{
	size_t i;

	for (i = 0; i < pt->n; i++)
		regfree(&pt->re[i]);
	free(pt->re);
	pt->re = NULL;
	pt->n = 0;
}

static int patterns_compile(struct patterns *pt, const char *list, const char *flag,
			    char *err, size_t errlen)
{
	char *copy, *tok, *save = NULL;

	pt->re = NULL;
	pt->n = 0;
	if (!list || !*list)
		return DA_OK;
	copy = da_xstrdup(list);
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (!*tok)
			continue;
		pt->re = da_xrealloc(pt->re, (pt->n + 1) * sizeof(*pt->re));
		if (da_pattern_compile(&pt->re[pt->n], tok, flag, err, errlen) != DA_OK) {
			free(copy);
			patterns_free(pt);
			return DA_ERR_INVALID;
		}
		pt->n++;
	}
	free(copy);
	return DA_OK;
}

static bool patterns_match(const struct patterns *pt, const char *s)
{
	size_t i;

	for (i = 0; s && i < pt->n; i++)
		if (regexec(&pt->re[i], s, 0, NULL, 0) == 0)
			return true;
	return false;
}

/* True when labels (an object of strings) has every "key" or "key=value" of the list. */
static bool labels_match(struct json_object *labels, const char *list)
{
	char *copy, *tok, *save = NULL;
	bool ok = true;

	if (!list || !*list)
		return true;
	copy = da_xstrdup(list);
	for (tok = strtok_r(copy, ",", &save); ok && tok; tok = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(tok, '=');
		struct json_object *v = NULL;
		if (!*tok)
			continue;
		if (eq)
			*eq = '\0';
		if (!json_object_is_type(labels, json_type_object) ||
		    !json_object_object_get_ex(labels, tok, &v))
			ok = false;
		else if (eq && (!json_object_is_type(v, json_type_string) ||
				strcmp(json_object_get_string(v), eq + 1) != 0))
			ok = false;
	}
	free(copy);
	return ok;
}

/* One object's names: a container's Name (no '/'), or an image's tags and id. */
static bool names_match(const struct patterns *pt, struct json_object *obj, bool image)
{
	if (!image) {
		const char *name = da_probe_str(obj, "Name");
		if (name && *name == '/')
			name++;
		return patterns_match(pt, name) || patterns_match(pt, da_probe_str(obj, "Id"));
	} else {
		struct json_object *tags = da_probe_get(obj, "RepoTags");
		size_t i, n = json_object_is_type(tags, json_type_array) ?
			json_object_array_length(tags) : 0;
		for (i = 0; i < n; i++) {
			struct json_object *t = json_object_array_get_idx(tags, i);
			if (json_object_is_type(t, json_type_string) &&
			    patterns_match(pt, json_object_get_string(t)))
				return true;
		}
		return patterns_match(pt, da_probe_str(obj, "Id"));
	}
}

static bool is_self(struct json_object *c, const char *self)
{
	const char *id = da_probe_str(c, "Id");

	return self && *self && id && strncmp(id, self, strlen(self)) == 0;
}

static struct json_object *filter(struct json_object *list, const struct patterns *inc,
				  const struct patterns *exc, const char *labels,
				  bool image, const char *self)
{
	struct json_object *out = json_object_new_array();
	size_t i, n = json_object_is_type(list, json_type_array) ?
		json_object_array_length(list) : 0;

	for (i = 0; i < n; i++) {
		struct json_object *o = json_object_array_get_idx(list, i);
		if (!json_object_is_type(o, json_type_object))
			continue;
		if (!image && is_self(o, self))
			continue;
		if (inc->n && !names_match(inc, o, image))
			continue;
		if (exc->n && names_match(exc, o, image))
			continue;
		/* a stand-in (see add_stand_ins) carries the list's labels */
		if (!labels_match(da_probe_get(o, da_probe_get(o, "_error") ? "_labels"
								  : "Config.Labels"), labels))
			continue;
		json_object_array_add(out, json_object_get(o));
	}
	return out;
}

/* The items of list by Id (an object; a new reference). */
static struct json_object *index_by_id(struct json_object *list)
{
	struct json_object *idx = json_object_new_object();
	size_t i, n = json_object_is_type(list, json_type_array) ?
		json_object_array_length(list) : 0;

	for (i = 0; i < n; i++) {
		struct json_object *o = json_object_array_get_idx(list, i);
		const char *id = da_probe_str(o, "Id");
		if (id)
			json_object_object_add(idx, id, json_object_get(o));
	}
	return idx;
}

static struct json_object *stand_in(const char *id, const char *why)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "Id", id ? json_object_new_string(id) : NULL);
	json_object_object_add(o, "_error", json_object_new_string(why ? why : "unreadable"));
	return o;
}

/*
 * Objects the daemon listed but whose inspect failed (engine.errors) would
 * otherwise drop out of the audit unseen, and every check would pass over
 * the rest.  Returns engine.<key> (a new array) with a stand-in for each:
 * its id and name from the container list, the reason in "_error", its
 * list labels in "_labels" for -t, and none of the inspect's fields, so
 * that the checks that read them report ERROR for it.  A list the engine
 * had to skip items of gets one stand-in named after that reason.
 */
static struct json_object *add_stand_ins(struct json_object *engine, const char *key,
					 bool image)
{
	struct json_object *objs = da_probe_get(engine, key);
	/* the engine keeps the container list, not the image list */
	struct json_object *list = image ? NULL : da_probe_get(engine, "container_list");
	struct json_object *errs = da_probe_get(engine, "errors"), *idx = NULL;
	struct json_object *out = json_object_new_array();
	const char *prefix = image ? "/images/" : "/containers/";
	const char *list_path = image ? "/images/json" : "/containers/json?all=1";
	size_t i, n = json_object_array_length(objs), plen = strlen(prefix);

	for (i = 0; i < n; i++)
		json_object_array_add(out, json_object_get(json_object_array_get_idx(objs, i)));
	n = json_object_is_type(errs, json_type_array) ? json_object_array_length(errs) : 0;
	for (i = 0; i < n; i++) {
		struct json_object *e = json_object_array_get_idx(errs, i), *o, *item;
		const char *path = da_probe_str(e, "path"), *why = da_probe_str(e, "error");
		char *id, *slash, *name;

		if (!path)
			continue;
		if (strcmp(path, list_path) == 0) {
			o = stand_in(NULL, why);
			name = da_xasprintf("%s(%s list: %s)", image ? "" : "/",
					    image ? "image" : "container", why ? why : "unreadable");
			if (image) {
				struct json_object *tags = json_object_new_array();
				json_object_array_add(tags, json_object_new_string(name));
				json_object_object_add(o, "RepoTags", tags);
			} else {
				json_object_object_add(o, "Name", json_object_new_string(name));
			}
			free(name);
			json_object_array_add(out, o);
			continue;
		}
		if (strncmp(path, prefix, plen) != 0)
			continue;
		id = da_xstrdup(path + plen);
		slash = strchr(id, '/');
		if (!slash || strcmp(slash, "/json") != 0) {
			free(id); /* an image history: the image itself is there */
			continue;
		}
		*slash = '\0';
		if (!idx)
			idx = index_by_id(list);
		item = json_object_object_get(idx, id);
		o = stand_in(id, why);
		if (image) {
			struct json_object *tags = da_probe_get(item, "RepoTags");
			if (json_object_is_type(tags, json_type_array))
				json_object_object_add(o, "RepoTags", json_object_get(tags));
		} else {
			struct json_object *names = da_probe_get(item, "Names");
			const char *nm = json_object_is_type(names, json_type_array) ?
				da_probe_str(json_object_array_get_idx(names, 0), NULL) : NULL;
			if (nm) {
				name = da_xasprintf("%s%s", *nm == '/' ? "" : "/", nm);
				json_object_object_add(o, "Name", json_object_new_string(name));
				free(name);
			}
		}
		if (json_object_is_type(da_probe_get(item, "Labels"), json_type_object))
			json_object_object_add(o, "_labels",
					       json_object_get(da_probe_get(item, "Labels")));
		json_object_array_add(out, o);
		free(id);
	}
	json_object_put(idx);
	return out;
}

int da_runner_targets(struct da_probe *p, const struct da_filters *f,
		      char *err, size_t errlen)
{
	struct json_object *engine = da_probe_get(p->root, "engine"), *all;
	struct patterns inc, exc;
	struct json_object *targets;
	const char *self = da_probe_str(p->root, "host.self_container");
	int rc;

	rc = patterns_compile(&inc, f ? f->include : NULL, "-i", err, errlen);
	if (rc)
		return rc;
	rc = patterns_compile(&exc, f ? f->exclude : NULL, "-x", err, errlen);
	if (rc) {
		patterns_free(&inc);
		return rc;
	}
	targets = json_object_new_object();
	/*
	 * No list, no targets: the checks then say the targets are missing
	 * (ERROR) rather than that there is nothing to audit.
	 */
	if (json_object_is_type(da_probe_get(engine, "containers"), json_type_array)) {
		all = add_stand_ins(engine, "containers", false);
		json_object_object_add(targets, "containers",
				       filter(all, &inc, &exc, f ? f->labels : NULL, false, self));
		json_object_put(all);
	}
	if (json_object_is_type(da_probe_get(engine, "images"), json_type_array)) {
		all = add_stand_ins(engine, "images", true);
		json_object_object_add(targets, "images",
				       filter(all, &inc, &exc, f ? f->labels : NULL, true, self));
		json_object_put(all);
	}
	json_object_object_add(p->root, "targets", targets);
	patterns_free(&inc);
	patterns_free(&exc);
	return DA_OK;
}

/* --- catalog ------------------------------------------------------------- */

static const struct da_check *check_row(const struct da_module *m, uint32_t i)
{
	return (const struct da_check *)(const void *)
		((const char *)m->checks + (size_t)i * m->check_size);
}

/* Applies the variant of the chosen benchmark; false when absent there. */
static bool resolve(struct da_checkdef *d, const struct da_check *c, const char *benchmark)
{
	const struct da_variant *v;
	bool absent = strcmp(c->id, "-") == 0; /* only in the benchmarks its variants name */
	unsigned mask;

	d->check = c;
	d->id = c->id;
	d->title = c->title;
	d->flags = c->flags;
	d->level = c->level;
	d->remediation = c->remediation;
	d->impact = c->impact;
	for (v = c->variants; v && v->benchmark && benchmark; v++) {
		if (strcmp(v->benchmark, benchmark) != 0)
			continue;
		if (v->id && strcmp(v->id, "-") == 0)
			return false;
		/* what the loader validated for the row holds for its variants too:
		 * ids and titles are non-empty, levels 0-2, a check stays a check */
		if (v->id && *v->id)
			d->id = v->id;
		if (v->title && *v->title)
			d->title = v->title;
		mask = v->flags_mask & ~(unsigned)DA_CHECK_HEADER;
		d->flags = (d->flags & ~mask) | (v->flags & mask);
		if (v->level >= 1 && v->level <= 2)
			d->level = v->level;
		return strcmp(d->id, "-") != 0; /* a "-" row needs its id there */
	}
	return !absent;
}

void da_catalog_build(struct da_catalog *cat, const struct da_loader *l,
		      const char *benchmark)
{
	size_t m, total = 0;
	uint32_t i;

	for (m = 0; m < l->n_mods; m++)
		total += l->mods[m].desc->n_checks;
	cat->defs = da_xcalloc(total ? total : 1, sizeof(*cat->defs));
	cat->n_defs = 0;
	for (m = 0; m < l->n_mods; m++) {
		const struct da_module *mod = l->mods[m].desc;
		for (i = 0; i < mod->n_checks; i++) {
			struct da_checkdef *d = &cat->defs[cat->n_defs];
			if (!resolve(d, check_row(mod, i), benchmark))
				continue;
			d->section = &l->mods[m].section;
			cat->n_defs++;
		}
	}
}

void da_catalog_release(struct da_catalog *cat)
{
	free(cat->defs);
	cat->defs = NULL;
	cat->n_defs = 0;
}

/* --- running ------------------------------------------------------------- */

static void run_into(struct da_result *res, const struct da_checkdef *def,
		     const struct da_probe *p)
{
	if (def->flags & DA_CHECK_HEADER)
		return;
	/* a module whose results passed its budget runs no further check */
	if (da_result_close(res))
		return;
	if (!def->check->run) {
		da_result_set(res, DA_ERROR, "check has no run function");
		return;
	}
	def->check->run(&da_host_table, p, res);
	if (!res->status_set)
		da_result_set(res, DA_ERROR, "check reported no status");
	da_result_close(res);
}

struct da_result *da_run_check(const struct da_checkdef *def, const struct da_probe *p,
			       size_t limit)
{
	struct da_result *res = da_result_new(def, limit);

	run_into(res, def, p);
	return res;
}

/* Lays out r->sections with one fresh result per selected check. */
static void plan(struct da_report *r, const struct da_catalog *cat, const bool *selected,
		 size_t limit)
{
	struct da_report_section *cur = NULL;
	size_t i;

	for (i = 0; i < cat->n_defs; i++) {
		const struct da_checkdef *d = &cat->defs[i];
		if (!selected[i])
			continue;
		if (!cur || cur->section != d->section) {
			r->sections = da_xrealloc(r->sections,
						  (r->n_sections + 1) * sizeof(*r->sections));
			cur = &r->sections[r->n_sections++];
			memset(cur, 0, sizeof(*cur));
			cur->section = d->section;
		}
		cur->results = da_xrealloc(cur->results,
					   (cur->n_results + 1) * sizeof(*cur->results));
		cur->results[cur->n_results++] = da_result_new(d, limit);
	}
	da_report_budgets(r);
}

void da_runner_run(struct da_report *r, const struct da_catalog *cat,
		   const bool *selected, const struct da_probe *p, size_t limit)
{
	size_t s, i;

	plan(r, cat, selected, limit);
	for (s = 0; s < r->n_sections; s++)
		for (i = 0; i < r->sections[s].n_results; i++) {
			struct da_result *res = r->sections[s].results[i];
			run_into(res, res->def, p);
		}
	da_report_finish(r);
}

/* --- isolation ----------------------------------------------------------- */

/* what one module may write on its pipe, all lines together */
#define CHILD_OUTPUT_MAX (64u * 1024u * 1024u)
/* estimated memory of one result line once parsed (da_json_parse_cost): an
 * honest line of 64 MiB with DA_ITEMS_MAX items costs under 80 MiB */
#define LINE_COST_MAX ((uint64_t)128 << 20)

/* One result as a JSON line: what the child sends its parent. */
static void send_result(int fd, size_t slot, const struct da_result *res)
{
	struct json_object *o = json_object_new_object(), *items = json_object_new_array();
	const char *line;
	size_t i, len, off = 0;

	json_object_object_add(o, "k", json_object_new_int64((int64_t)slot));
	json_object_object_add(o, "s", json_object_new_int((int)res->status));
	json_object_object_add(o, "sc", json_object_new_boolean(res->scored));
	json_object_object_add(o, "d", res->detail ? json_object_new_string(res->detail) : NULL);
	json_object_object_add(o, "t", json_object_new_int64((int64_t)res->total_items));
	for (i = 0; i < res->n_items; i++) {
		const struct da_item *it = &res->items[i];
		struct json_object *a = json_object_new_array();
		json_object_array_add(a, json_object_new_string(it->kind));
		json_object_array_add(a, it->id ? json_object_new_string(it->id) : NULL);
		json_object_array_add(a, it->name ? json_object_new_string(it->name) : NULL);
		json_object_array_add(a, it->detail ? json_object_new_string(it->detail) : NULL);
		json_object_array_add(items, a);
	}
	json_object_object_add(o, "it", items);
	line = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
	len = strlen(line);
	while (off < len) {
		ssize_t w = write(fd, line + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			_exit(3);
		off += (size_t)w;
	}
	if (write(fd, "\n", 1) != 1)
		_exit(3);
	json_object_put(o);
}

static const char *opt_str(struct json_object *a, size_t i)
{
	struct json_object *v = json_object_array_get_idx(a, i);

	return json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
}

/* Applies one line from a child; false when it is not a valid result. */
static bool apply_line(struct da_report_section *sec, bool *done, const char *line)
{
	struct json_object *o = NULL, *v, *items;
	struct da_result *res;
	int64_t k, st, t;
	size_t i, n;
	bool ok = false;

	/* weighed before parsing, as the engine weighs an answer */
	if (da_json_parse_cost(line, strlen(line)) > LINE_COST_MAX)
		goto out;
	o = json_tokener_parse(line);
	if (!json_object_is_type(o, json_type_object))
		goto out;
	v = da_probe_get(o, "k");
	if (!json_object_is_type(v, json_type_int))
		goto out;
	k = json_object_get_int64(v);
	if (k < 0 || (size_t)k >= sec->n_results || done[k])
		goto out;
	v = da_probe_get(o, "s");
	if (!json_object_is_type(v, json_type_int))
		goto out;
	st = json_object_get_int64(v);
	if (st < DA_PASS || st > DA_ERROR)
		goto out;
	items = da_probe_get(o, "it");
	if (!json_object_is_type(items, json_type_array))
		goto out;
	res = sec->results[k];
	da_result_set(res, (enum da_status)st, da_probe_str(o, "d"));
	v = da_probe_get(o, "sc");
	if (json_object_is_type(v, json_type_boolean))
		res->scored = json_object_get_boolean(v);
	n = json_object_array_length(items);
	/* the caps of the report model apply here again: a child's line is
	 * as untrusted as anything else (items past DA_ITEMS_MAX, or past the
	 * module's budget, are only counted) */
	for (i = 0; i < n; i++) {
		struct json_object *a = json_object_array_get_idx(items, i);
		if (!json_object_is_type(a, json_type_array) || !opt_str(a, 0))
			goto out;
		da_result_add_item(res, opt_str(a, 0), opt_str(a, 1), opt_str(a, 2), opt_str(a, 3));
	}
	v = da_probe_get(o, "t");
	t = json_object_is_type(v, json_type_int) ? json_object_get_int64(v) : 0;
	if (t > 0 && (size_t)t > res->total_items)
		res->total_items = (size_t)t;
	da_result_close(res);
	done[k] = true;
	ok = true;
out:
	json_object_put(o);
	return ok;
}

/* What is kept of a module's standard error for its one line. */
#define CHILD_STDERR_KEEP 1024u

struct child {
	pid_t pid;        /* also its process group */
	int fd;           /* its results */
	int efd;          /* its standard error */
	struct da_report_section *sec;
	bool *done;
	struct da_buf buf;
	struct da_buf err;  /* the first CHILD_STDERR_KEEP bytes */
	size_t err_total;
	size_t received; /* bytes read from the pipe, all lines together */
	bool garbage, overflow, timed_out, ended;
	int status;
};

/* Closes every descriptor but 0-2 and keep: a module sees no output file. */
static void close_others(int keep)
{
	long max = sysconf(_SC_OPEN_MAX);
	int fd;

#ifdef SYS_close_range
	/* one or two system calls instead of one per possible descriptor */
	if ((keep <= 3 || syscall(SYS_close_range, 3u, (unsigned)keep - 1, 0u) == 0) &&
	    syscall(SYS_close_range, (unsigned)(keep < 3 ? 3 : keep + 1), ~0u, 0u) == 0)
		return;
#endif
	if (max < 0 || max > 65536)
		max = 65536;
	for (fd = 3; fd < max; fd++)
		if (fd != keep)
			close(fd);
}

/*
 * A module child: its own process group, the default signal dispositions,
 * /dev/null as standard input and output, efd as standard error, fd for
 * the results and no other descriptor.
 */
static void child_main(int fd, int efd, struct da_report_section *sec, const struct da_probe *p)
{
	static const int sigs[] = { SIGTERM, SIGINT, SIGHUP, SIGPIPE, SIGCHLD };
	sigset_t none;
	size_t i;
	int null;

	setpgid(0, 0);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		signal(sigs[i], SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	/* above 2 first: with a closed standard input, pipe() may give 0 */
	fd = fcntl(fd, F_DUPFD, 3);
	efd = fcntl(efd, F_DUPFD, 3);
	null = open("/dev/null", O_RDWR);
	if (fd < 0 || efd < 0 || null < 0 || dup2(null, 0) < 0 || dup2(null, 1) < 0 ||
	    dup2(efd, 2) < 0)
		_exit(3);
	close_others(fd);

	for (i = 0; i < sec->n_results; i++) {
		struct da_result *res = sec->results[i];
		if (da_result_is_header(res))
			continue;
		run_into(res, res->def, p);
		send_result(fd, i, res);
	}
	close(fd);
	_exit(0);
}

/* Consumes the complete lines of c->buf. */
static void drain_lines(struct child *c)
{
	char *start = c->buf.data, *nl;
	size_t rest;

	if (!start)
		return;
	while (!c->garbage && (nl = memchr(start, '\n', c->buf.len - (size_t)(start - c->buf.data)))) {
		*nl = '\0';
		if (!apply_line(c->sec, c->done, start))
			c->garbage = true;
		start = nl + 1;
	}
	rest = c->buf.len - (size_t)(start - c->buf.data);
	memmove(c->buf.data, start, rest);
	c->buf.len = rest;
	c->buf.data[rest] = '\0';
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* One read of the results; true when there may be more to read now. */
static bool read_results(struct child *c)
{
	char chunk[65536];
	ssize_t got;

	if (c->fd < 0)
		return false;
	got = read(c->fd, chunk, sizeof(chunk));
	if (got < 0 && errno == EINTR)
		return true;
	if (got < 0 && errno == EAGAIN)
		return false;
	if (got > 0) {
		da_buf_add(&c->buf, chunk, (size_t)got);
		c->received += (size_t)got;
		drain_lines(c);
		if (c->received > CHILD_OUTPUT_MAX)
			c->overflow = true;
		if (!c->overflow && !c->garbage)
			return true;
		kill(-c->pid, SIGKILL);
	}
	close_fd(&c->fd);
	return false;
}

/* One read of the module's standard error: the start is kept, the rest counted. */
static bool read_stderr(struct child *c)
{
	char chunk[8192];
	ssize_t got;

	if (c->efd < 0)
		return false;
	got = read(c->efd, chunk, sizeof(chunk));
	if (got < 0 && errno == EINTR)
		return true;
	if (got < 0 && errno == EAGAIN)
		return false;
	if (got > 0) {
		size_t keep = c->err.len < CHILD_STDERR_KEEP ? CHILD_STDERR_KEEP - c->err.len : 0;
		if (keep > (size_t)got)
			keep = (size_t)got;
		if (keep)
			da_buf_add(&c->err, chunk, keep);
		c->err_total += (size_t)got;
		return true;
	}
	close_fd(&c->efd);
	return false;
}

/*
 * The module child has exited (not yet reaped) or is being killed: its
 * whole group is killed, so that a grandchild that kept the pipes neither
 * delays the run nor outlives it; what is already in the pipes is read,
 * then the child is reaped.
 */
static void end_child(struct child *c)
{
	kill(-c->pid, SIGKILL);
	while (read_results(c))
		;
	while (read_stderr(c))
		;
	close_fd(&c->fd);
	close_fd(&c->efd);
	while (waitpid(c->pid, &c->status, 0) < 0 && errno == EINTR)
		;
	da_cleanup_remove_group(c->pid);
	c->ended = true;
}

/* The module child has exited; it is left unreaped until end_child. */
static bool child_exited(const struct child *c)
{
	siginfo_t si;

	memset(&si, 0, sizeof(si));
	if (waitid(P_PID, (id_t)c->pid, &si, WEXITED | WNOHANG | WNOWAIT) != 0)
		return errno == ECHILD;
	return si.si_pid == c->pid;
}

/* "dockaudit: module NAME wrote to standard error: TEXT", escaped, once. */
static void report_stderr(const struct child *c)
{
	struct da_buf line = { 0 };
	const char *p, *end;
	size_t len = c->err.len;

	if (c->err_total == 0)
		return;
	if (c->err_total == len)
		while (len > 0 && c->err.data[len - 1] == '\n')
			len--;
	p = c->err.data ? c->err.data : "";
	end = p + len;
	while (p < end) {
		/* da_escape_text stops at a NUL byte */
		size_t n = strnlen(p, (size_t)(end - p));
		char *part = da_xasprintf("%.*s", (int)n, p);
		da_escape_text(&line, part);
		free(part);
		p += n;
		if (p < end) {
			da_buf_adds(&line, "\\x00");
			p++;
		}
	}
	if (c->err_total > c->err.len)
		da_buf_addf(&line, " [... %zu more bytes not shown]", c->err_total - c->err.len);
	da_errorf("module %s wrote to standard error: %s", c->sec->section->module,
		  da_buf_str(&line));
	da_buf_release(&line);
}

static void finish_child(struct child *c, long timeout_ms)
{
	char reason[160];
	size_t i;

	if (c->timed_out)
		snprintf(reason, sizeof(reason), "module %s did not finish within %ld s",
			 c->sec->section->module, (timeout_ms + 999) / 1000);
	else if (c->overflow)
		snprintf(reason, sizeof(reason), "module %s wrote more than %u MiB of results",
			 c->sec->section->module, CHILD_OUTPUT_MAX >> 20);
	else if (c->garbage)
		snprintf(reason, sizeof(reason), "module %s reported invalid results",
			 c->sec->section->module);
	else if (WIFSIGNALED(c->status))
		snprintf(reason, sizeof(reason), "module %s crashed: signal %d (%s)",
			 c->sec->section->module, WTERMSIG(c->status), strsignal(WTERMSIG(c->status)));
	else if (WIFEXITED(c->status) && WEXITSTATUS(c->status) != 0)
		snprintf(reason, sizeof(reason), "module %s exited with status %d",
			 c->sec->section->module, WEXITSTATUS(c->status));
	else
		snprintf(reason, sizeof(reason), "module %s ended before reporting this check",
			 c->sec->section->module);
	for (i = 0; i < c->sec->n_results; i++) {
		struct da_result *res = c->sec->results[i];
		if (c->done[i] || da_result_is_header(res))
			continue;
		/* results already applied from a garbage stream are kept; the rest fail */
		da_result_set(res, DA_ERROR, reason);
		res->scored = false;
	}
}

/* SIGCHLD wakes the poll below through this pipe. */
static int chld_pipe[2] = { -1, -1 };

static void on_sigchld(int sig)
{
	int saved = errno;

	(void)sig;
	if (write(chld_pipe[1], "c", 1) < 0) {
		/* full: a wake-up is already pending */
	}
	errno = saved;
}

static void nonblock(int fd)
{
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	fcntl(fd, F_SETFD, FD_CLOEXEC);
}

/* Starts one module child; false when it could not be started. */
static bool start_child(struct child *c, const struct da_probe *p)
{
	int fds[2], efds[2];
	sigset_t block, old;

	if (pipe(fds) != 0)
		return false;
	if (pipe(efds) != 0) {
		close(fds[0]);
		close(fds[1]);
		return false;
	}
	/* no fatal signal between fork and registering the child's group */
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGHUP);
	sigprocmask(SIG_BLOCK, &block, &old);
	c->pid = fork();
	if (c->pid == 0)
		child_main(fds[1], efds[1], c->sec, p);
	if (c->pid > 0) {
		setpgid(c->pid, c->pid); /* also here: no race with the child */
		da_cleanup_add_group(c->pid);
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	close(fds[1]);
	close(efds[1]);
	if (c->pid < 0) {
		close(fds[0]);
		close(efds[0]);
		return false;
	}
	c->fd = fds[0];
	c->efd = efds[0];
	nonblock(c->fd);
	nonblock(c->efd);
	return true;
}

void da_runner_run_isolated(struct da_report *r, const struct da_catalog *cat,
			    const bool *selected, const struct da_probe *p, size_t limit,
			    long timeout_ms)
{
	struct sigaction sa, old_chld;
	struct child *kids;
	struct pollfd *pfd;
	size_t s, n, live = 0;
	long deadline;

	plan(r, cat, selected, limit);
	n = r->n_sections;
	kids = da_xcalloc(n ? n : 1, sizeof(*kids));
	pfd = da_xcalloc(2 * n + 1, sizeof(*pfd));
	if (pipe(chld_pipe) != 0) {
		chld_pipe[0] = chld_pipe[1] = -1;
	} else {
		nonblock(chld_pipe[0]);
		nonblock(chld_pipe[1]);
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigchld;
	sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGCHLD, &sa, &old_chld);
	fflush(NULL);
	for (s = 0; s < n; s++) {
		struct child *c = &kids[s];
		c->sec = &r->sections[s];
		c->done = da_xcalloc(c->sec->n_results ? c->sec->n_results : 1, sizeof(bool));
		c->fd = c->efd = -1;
		if (!start_child(c, p)) {
			c->pid = -1;
			c->ended = true;
			continue;
		}
		live++;
	}
	deadline = now_ms() + timeout_ms;
	while (live > 0) {
		long left = deadline - now_ms();
		int rc;

		if (left <= 0)
			break;
		pfd[0].fd = chld_pipe[0];
		pfd[0].events = POLLIN;
		pfd[0].revents = 0;
		for (s = 0; s < n; s++) {
			pfd[1 + 2 * s].fd = kids[s].fd;
			pfd[2 + 2 * s].fd = kids[s].efd;
			pfd[1 + 2 * s].events = pfd[2 + 2 * s].events = POLLIN;
			pfd[1 + 2 * s].revents = pfd[2 + 2 * s].revents = 0;
		}
		/* the SIGCHLD pipe makes the wait short; the 1 s bound is a fallback */
		rc = poll(pfd, 2 * n + 1, (int)(left > 1000 ? 1000 : left));
		if (rc < 0 && errno != EINTR)
			break;
		if (rc > 0 && (pfd[0].revents & POLLIN)) {
			char sink[64];
			while (read(chld_pipe[0], sink, sizeof(sink)) > 0)
				;
		}
		for (s = 0; s < n; s++) {
			struct child *c = &kids[s];
			if (c->ended)
				continue;
			if (rc > 0 && (pfd[1 + 2 * s].revents & (POLLIN | POLLHUP | POLLERR)))
				read_results(c);
			if (rc > 0 && (pfd[2 + 2 * s].revents & (POLLIN | POLLHUP | POLLERR)))
				read_stderr(c);
			if (child_exited(c)) {
				end_child(c);
				live--;
			}
		}
	}
	for (s = 0; s < n; s++) {
		struct child *c = &kids[s];
		if (!c->ended) {
			c->timed_out = true;
			end_child(c);
		}
		if (c->pid > 0 && c->buf.len && !c->garbage)
			c->garbage = true; /* a last line without its newline */
		if (c->pid <= 0)
			c->status = 0;
		finish_child(c, timeout_ms);
		report_stderr(c);
		da_buf_release(&c->buf);
		da_buf_release(&c->err);
		free(c->done);
	}
	sigaction(SIGCHLD, &old_chld, NULL);
	close_fd(&chld_pipe[0]);
	close_fd(&chld_pipe[1]);
	free(kids);
	free(pfd);
	da_report_finish(r);
}
