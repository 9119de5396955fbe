/*
 * The run: choosing the audited objects once for every check, running the
 * selected checks against the probe, and collecting their results.
 */
#include "config.h"

#include "engine.h"
#include "escape.h"
#include "hosttable.h"
#include "progress.h"
#include "runner.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
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

/*
 * Applies the variant of the chosen benchmark; false when absent there.
 * Rows and variants are walked with the module's strides (loader.h).
 */
static bool resolve(struct da_checkdef *d, const struct da_module *m, const struct da_check *c,
		    const char *benchmark)
{
	const struct da_variant *v;
	bool absent = strcmp(c->id, "-") == 0; /* only in the benchmarks its variants name */
	unsigned mask;
	size_t k = 0;

	d->check = c;
	d->id = c->id;
	d->title = c->title;
	d->flags = c->flags;
	d->level = c->level;
	d->remediation = c->remediation;
	d->impact = c->impact;
	for (v = da_module_variant(m, c, 0); v && v->benchmark && benchmark;
	     v = da_module_variant(m, c, ++k)) {
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
			if (!resolve(d, mod, da_module_check(mod, i), benchmark))
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
	da_host_index_reset();
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

/* --timings: "module:NAME" (a module with several sections: each apart). */
static void module_timing(const struct da_report_section *sec, uint64_t usec)
{
	char *name = da_xasprintf("module:%s", sec->section->module);

	da_timing(name, usec);
	free(name);
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
	for (s = 0; s < r->n_sections; s++) {
		uint64_t t0 = da_clock_usec();
		for (i = 0; i < r->sections[s].n_results; i++) {
			struct da_result *res = r->sections[s].results[i];
			run_into(res, res->def, p);
		}
		module_timing(&r->sections[s], da_clock_usec() - t0);
		da_progress(s + 1, r->n_sections);
	}
	da_report_finish(r);
}

/* --- isolation ----------------------------------------------------------- */

/* what one module may write on its pipe, all lines together */
#define CHILD_OUTPUT_MAX (64u * 1024u * 1024u)
/* estimated memory of one result line once parsed (da_json_parse_cost): an
 * honest line of 64 MiB with DA_ITEMS_MAX items costs under 80 MiB */
#define LINE_COST_MAX ((uint64_t)128 << 20)

/*
 * s as a JSON string literal (NULL as null): quotes, backslashes and
 * control characters escaped, every other byte as it is, as json-c's own
 * writer does, so that the parent's parser gives back the very bytes.
 */
static void put_json_str(struct da_buf *b, const char *s)
{
	const char *p, *run;

	if (!s) {
		da_buf_adds(b, "null");
		return;
	}
	da_buf_add(b, "\"", 1);
	for (p = run = s; *p; p++) {
		unsigned char ch = (unsigned char)*p;

		if (ch != '"' && ch != '\\' && ch >= 0x20)
			continue;
		da_buf_add(b, run, (size_t)(p - run));
		if (ch == '"' || ch == '\\') {
			char e[2] = { '\\', (char)ch };
			da_buf_add(b, e, 2);
		} else {
			da_buf_addf(b, "\\u%04x", ch);
		}
		run = p + 1;
	}
	da_buf_add(b, run, (size_t)(p - run));
	da_buf_add(b, "\"", 1);
}

/* What the worker writes on ctl when a module's results pipe is full. */
#define CTL_FULL UINT32_MAX

/*
 * One result as a JSON line: what the worker sends its parent, written
 * directly (no JSON tree: in the worker every allocation may be a
 * copy-on-write fault) and in one write.  The parent does not watch the
 * pipe (each wake-up is a trip through the scheduler, dear on a busy
 * machine): it reads a module's results when the module ends.  Only when
 * the pipe is full (fd is non-blocking here) is it told so on ctl, once
 * (*told), and the worker waits for it to read.
 */
static void send_result(int fd, int ctl, bool *told, size_t slot, const struct da_result *res)
{
	struct da_buf out = { 0 };
	size_t i, off = 0;

	da_buf_addf(&out, "{\"k\":%zu,\"s\":%d,\"sc\":%s,\"d\":", slot, (int)res->status,
		    res->scored ? "true" : "false");
	put_json_str(&out, res->detail);
	da_buf_addf(&out, ",\"t\":%zu,\"it\":[", res->total_items);
	for (i = 0; i < res->n_items; i++) {
		const struct da_item *it = &res->items[i];
		da_buf_adds(&out, i ? ",[" : "[");
		put_json_str(&out, it->kind ? it->kind : "");
		da_buf_adds(&out, ",");
		put_json_str(&out, it->id);
		da_buf_adds(&out, ",");
		put_json_str(&out, it->name);
		da_buf_adds(&out, ",");
		put_json_str(&out, it->detail);
		da_buf_adds(&out, "]");
	}
	da_buf_adds(&out, "]}\n");
	while (off < out.len) {
		ssize_t w = write(fd, out.data + off, out.len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && errno == EAGAIN) {
			struct pollfd pf = { .fd = fd, .events = POLLOUT };
			uint32_t full = CTL_FULL;

			if (!*told && write(ctl, &full, sizeof(full)) != (ssize_t)sizeof(full))
				_exit(3);
			*told = true;
			if (poll(&pf, 1, -1) < 0 && errno != EINTR)
				_exit(3);
			continue;
		}
		if (w <= 0)
			_exit(3);
		off += (size_t)w;
	}
	da_buf_release(&out);
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

/*
 * One module's checks in the worker child.  The worker runs the modules one
 * after another; a module that crashes, hangs, exits or writes garbage ends
 * the worker, and a new one runs the modules after it.
 */
struct child {
	pid_t pid;        /* the worker running it (also its process group) */
	int fd;           /* its results */
	int efd;          /* its standard error */
	int wfd, wefd;    /* the write ends, until the worker has them */
	struct da_report_section *sec;
	bool *done;
	struct da_buf buf;
	struct da_buf err;  /* the first CHILD_STDERR_KEEP bytes */
	size_t err_total;
	size_t received; /* bytes read from the pipe, all lines together */
	bool garbage, overflow, timed_out, ended;
	bool watch;       /* its results pipe filled up: the parent reads it as it comes */
	int status;       /* how the worker ended while this module ran (else 0) */
	uint64_t t_start, t_end; /* --timings */
};

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/* Closes every descriptor above 2 but the n of keep (sorted here): a module
 * sees no output file. */
static void close_others(int *keep, size_t n)
{
	long max = sysconf(_SC_OPEN_MAX);
	int fd, from = 3;
	size_t i;

	qsort(keep, n, sizeof(*keep), cmp_int);
#ifdef SYS_close_range
	/* one system call per gap instead of one per possible descriptor */
	for (i = 0; i <= n; i++) {
		int to = i < n ? keep[i] - 1 : INT_MAX;
		if (to >= from && syscall(SYS_close_range, (unsigned)from, (unsigned)to, 0u) != 0)
			break;
		if (i < n)
			from = keep[i] + 1 > from ? keep[i] + 1 : from;
	}
	if (i > n)
		return;
#endif
	if (max < 0 || max > 65536)
		max = 65536;
	for (fd = 3, i = 0; fd < max; fd++) {
		while (i < n && keep[i] < fd)
			i++;
		if (i < n && keep[i] == fd)
			continue;
		close(fd);
	}
}

/* A descriptor the worker keeps, moved above 2 (standard input may have been closed). */
static int above_2(int fd)
{
	return fd >= 0 && fd < 3 ? fcntl(fd, F_DUPFD, 3) : fd;
}

/*
 * The worker: its own process group, the default signal dispositions,
 * /dev/null as standard input and output, no descriptor but the pipes of
 * the modules from first on and ctl.  For each module it writes the
 * module's index on ctl ("begins"), makes the module's pipe its standard
 * error, runs the module's checks, and closes the module's pipes.
 */
static void worker_main(struct child *kids, size_t first, size_t n, int ctl,
			const struct da_probe *p)
{
	static const int sigs[] = { SIGTERM, SIGINT, SIGHUP, SIGPIPE, SIGCHLD };
	sigset_t none;
	size_t i, k, nkeep = 0;
	int null, *keep = da_xcalloc(2 * n + 1, sizeof(int));

	setpgid(0, 0);
	da_progress_forget();
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		signal(sigs[i], SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	ctl = above_2(ctl);
	keep[nkeep++] = ctl;
	for (k = first; k < n; k++) {
		kids[k].wfd = above_2(kids[k].wfd);
		kids[k].wefd = above_2(kids[k].wefd);
		keep[nkeep++] = kids[k].wfd;
		keep[nkeep++] = kids[k].wefd;
	}
	for (i = 0; i < nkeep; i++)
		if (keep[i] < 0)
			_exit(3);
	null = open("/dev/null", O_RDWR);
	if (null < 0 || dup2(null, 0) < 0 || dup2(null, 1) < 0)
		_exit(3);
	close_others(keep, nkeep);
	for (k = first; k < n; k++) {
		struct da_report_section *sec = kids[k].sec;
		uint32_t idx = (uint32_t)k;
		bool told = false;

		if (write(ctl, &idx, sizeof(idx)) != (ssize_t)sizeof(idx) ||
		    dup2(kids[k].wefd, 2) < 0 ||
		    fcntl(kids[k].wfd, F_SETFL, fcntl(kids[k].wfd, F_GETFL) | O_NONBLOCK) < 0)
			_exit(3);
		for (i = 0; i < sec->n_results; i++) {
			struct da_result *res = sec->results[i];
			if (da_result_is_header(res))
				continue;
			run_into(res, res->def, p);
			send_result(kids[k].wfd, ctl, &told, i, res);
		}
		fflush(stderr);
		/* /dev/null until the next module: what is left behind goes nowhere */
		if (dup2(0, 2) < 0)
			_exit(3);
		close(kids[k].wfd);
		close(kids[k].wefd);
	}
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
	static char chunk[256 * 1024];
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
 * The module is over (the worker went on to the next one, ended, or is
 * being killed): what is already in its pipes is read, and they are closed.
 */
static void end_child(struct child *c)
{
	while (read_results(c))
		;
	while (read_stderr(c))
		;
	close_fd(&c->fd);
	close_fd(&c->efd);
	close_fd(&c->wfd);
	close_fd(&c->wefd);
	c->ended = true;
	c->t_end = da_clock_usec();
}

/*
 * The worker has exited (not yet reaped) or is being killed: its whole
 * group is killed, so that a grandchild that kept the pipes neither delays
 * the run nor outlives it; the module it ran ends (c), then it is reaped.
 */
static void end_worker(pid_t pid, struct child *c)
{
	int status = 0;

	kill(-pid, SIGKILL);
	if (c)
		end_child(c);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	da_cleanup_remove_group(pid);
	if (c)
		c->status = status;
}

/* The worker has exited; it is left unreaped until end_worker. */
static bool worker_exited(pid_t pid)
{
	siginfo_t si;

	memset(&si, 0, sizeof(si));
	if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) != 0)
		return errno == ECHILD;
	return si.si_pid == pid;
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

/* what a results pipe may hold (the kernel may allow less: then less) */
#define PIPE_RESULTS_SIZE (1 << 20)

static void close_pipes(struct child *c)
{
	close_fd(&c->fd);
	close_fd(&c->efd);
	close_fd(&c->wfd);
	close_fd(&c->wefd);
}

/* Fresh pipes for module c (the old ones closed); false when none can be made. */
static bool open_pipes(struct child *c)
{
	int fds[2], efds[2];

	close_pipes(c);
	if (pipe(fds) != 0)
		return false;
	if (pipe(efds) != 0) {
		close(fds[0]);
		close(fds[1]);
		return false;
	}
	c->fd = fds[0];
	c->wfd = fds[1];
	c->efd = efds[0];
	c->wefd = efds[1];
	nonblock(c->fd);
	nonblock(c->efd);
#ifdef F_SETPIPE_SZ
	/* room for a module's results: the worker seldom waits for the parent
	 * to read (each wait is a round trip through the scheduler) */
	fcntl(c->fd, F_SETPIPE_SZ, PIPE_RESULTS_SIZE);
#endif
	fcntl(c->wfd, F_SETFD, FD_CLOEXEC);
	fcntl(c->wefd, F_SETFD, FD_CLOEXEC);
	return true;
}

/* The worker child, seen from the parent. */
struct worker {
	pid_t pid;        /* -1: none */
	int ctl;          /* the indices of the modules it begins */
	size_t cur;       /* the module it runs (or is about to) */
	bool begun;       /* it said it began cur */
	long begin_ms;    /* when cur began: its timeout counts from there */
	unsigned char msg[sizeof(uint32_t)];
	size_t msg_len;
};

/*
 * Starts a worker for the modules from first on (as many as pipes could be
 * made for); false when it could not be started.  Each run of a worker
 * costs a fork of the whole probe: one worker for all the modules is what
 * keeps isolation near the in-process speed.
 */
static bool start_worker(struct worker *w, struct child *kids, size_t first, size_t n,
			 const struct da_probe *p)
{
	int ctl[2];
	size_t k, end;
	sigset_t block, old;

	for (end = first; end < n; end++)
		if (!open_pipes(&kids[end]))
			break;
	if (end == first || pipe(ctl) != 0) {
		for (k = first; k < end; k++)
			close_pipes(&kids[k]);
		return false;
	}
	/* no fatal signal between fork and registering the worker's group */
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGHUP);
	sigprocmask(SIG_BLOCK, &block, &old);
	kids[first].t_start = da_clock_usec();
	w->pid = fork();
	if (w->pid == 0)
		worker_main(kids, first, end, ctl[1], p);
	if (w->pid > 0) {
		setpgid(w->pid, w->pid); /* also here: no race with the worker */
		da_cleanup_add_group(w->pid);
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	close(ctl[1]);
	for (k = first; k < end; k++) {
		close_fd(&kids[k].wfd);
		close_fd(&kids[k].wefd);
		kids[k].pid = w->pid;
	}
	if (w->pid < 0) {
		close(ctl[0]);
		for (k = first; k < end; k++) {
			close_pipes(&kids[k]);
			kids[k].pid = -1;
		}
		w->pid = -1;
		return false;
	}
	w->ctl = ctl[0];
	nonblock(w->ctl);
	w->cur = first;
	w->begun = false;
	w->begin_ms = now_ms();
	w->msg_len = 0;
	return true;
}

/*
 * Reads what the worker said: each module index it begins ends the module
 * before; CTL_FULL says the running module's results pipe is full (from
 * then on the parent reads it as results come).  Anything else is a broken
 * worker (a module wrote on the descriptor): the running module is garbage
 * and the worker is killed.
 */
static void read_ctl(struct worker *w, struct child *kids, size_t n)
{
	unsigned char chunk[256];
	ssize_t got, i;

	while (w->ctl >= 0) {
		got = read(w->ctl, chunk, sizeof(chunk));
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0) {
			if (got == 0)
				close_fd(&w->ctl);
			return;
		}
		for (i = 0; i < got; i++) {
			uint32_t idx;

			w->msg[w->msg_len++] = chunk[i];
			if (w->msg_len < sizeof(idx))
				continue;
			w->msg_len = 0;
			memcpy(&idx, w->msg, sizeof(idx));
			if (w->begun && idx == CTL_FULL) {
				kids[w->cur].watch = true;
			} else if (!w->begun && idx == w->cur) {
				w->begun = true;
			} else if (w->begun && idx == w->cur + 1 && idx < n) {
				end_child(&kids[w->cur]);
				w->cur = idx;
				w->begin_ms = now_ms();
				kids[idx].t_start = da_clock_usec();
			} else {
				/* what the module reported before is kept */
				while (read_results(&kids[w->cur]))
					;
				kids[w->cur].garbage = true;
				kill(-w->pid, SIGKILL);
				close_fd(&w->ctl);
				return;
			}
		}
	}
}

void da_runner_run_isolated(struct da_report *r, const struct da_catalog *cat,
			    const bool *selected, const struct da_probe *p, size_t limit,
			    long timeout_ms)
{
	struct sigaction sa, old_chld;
	struct child *kids;
	struct worker w = { .pid = -1, .ctl = -1 };
	struct pollfd pfd[4];
	size_t s, n, next = 0;

	plan(r, cat, selected, limit);
	n = r->n_sections;
	kids = da_xcalloc(n ? n : 1, sizeof(*kids));
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
		c->fd = c->efd = c->wfd = c->wefd = -1;
		c->pid = -1;
	}
	for (;;) {
		struct child *c;
		long left;
		int rc;

		if (w.pid < 0) {
			if (next >= n)
				break;
			if (!start_worker(&w, kids, next, n, p)) {
				kids[next].ended = true; /* "ended before reporting" */
				next++;
				continue;
			}
		}
		c = &kids[w.cur];
		left = w.begin_ms + timeout_ms - now_ms();
		if (left <= 0) {
			c->timed_out = true;
			end_worker(w.pid, c);
			close_fd(&w.ctl);
			next = w.cur + 1;
			w.pid = -1;
			continue;
		}
		da_progress(w.cur, n);
		if (left > 200 && da_progress_active())
			left = 200; /* the indicator's clock goes on */
		pfd[0] = (struct pollfd){ .fd = chld_pipe[0], .events = POLLIN };
		pfd[1] = (struct pollfd){ .fd = w.ctl, .events = POLLIN };
		/* the results are read when the module ends, unless its pipe filled */
		pfd[2] = (struct pollfd){ .fd = c->watch ? c->fd : -1, .events = POLLIN };
		pfd[3] = (struct pollfd){ .fd = c->efd, .events = POLLIN };
		/* the SIGCHLD pipe makes the wait short; the 1 s bound is a fallback */
		rc = poll(pfd, 4, (int)(left > 1000 ? 1000 : left));
		if (rc < 0 && errno != EINTR)
			break;
		if (rc > 0 && (pfd[0].revents & POLLIN)) {
			char sink[64];
			while (read(chld_pipe[0], sink, sizeof(sink)) > 0)
				;
		}
		if (rc > 0 && (pfd[2].revents & (POLLIN | POLLHUP | POLLERR)))
			read_results(c);
		if (rc > 0 && (pfd[3].revents & (POLLIN | POLLHUP | POLLERR)))
			read_stderr(c);
		if (rc > 0 && (pfd[1].revents & (POLLIN | POLLHUP | POLLERR)))
			read_ctl(&w, kids, n);
		if (worker_exited(w.pid)) {
			read_ctl(&w, kids, n); /* all it said is there now */
			end_worker(w.pid, &kids[w.cur]);
			close_fd(&w.ctl);
			next = w.cur + 1;
			w.pid = -1;
		}
	}
	if (w.pid > 0) { /* poll failed: as a timeout */
		kids[w.cur].timed_out = true;
		end_worker(w.pid, &kids[w.cur]);
		close_fd(&w.ctl);
	}
	for (s = 0; s < n; s++) {
		struct child *c = &kids[s];
		if (!c->ended)
			end_child(c);
		if (c->pid > 0 && c->buf.len && !c->garbage)
			c->garbage = true; /* a last line without its newline */
		if (c->pid <= 0)
			c->status = 0;
		finish_child(c, timeout_ms);
		report_stderr(c);
		if (c->pid > 0)
			module_timing(c->sec, c->t_end - c->t_start);
		da_buf_release(&c->buf);
		da_buf_release(&c->err);
		free(c->done);
	}
	sigaction(SIGCHLD, &old_chld, NULL);
	close_fd(&chld_pipe[0]);
	close_fd(&chld_pipe[1]);
	free(kids);
	da_report_finish(r);
}
