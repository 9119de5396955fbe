/*
 * Fuzz target bodies (see targets.h).  Everything here runs on hostile
 * bytes, so the bodies themselves keep to bounded work per input and never
 * trust what the code under test returned: each property they check is
 * one the code documents, and a violation aborts with the property named.
 */
#include "config.h"

#include "targets.h"

#include "auditnl.h"
#include "escape.h"
#include "format.h"
#include "hostfacts.h"
#include "hostfiles.h"
#include "hostmounts.h"
#include "loader.h"
#include "probe.h"
#include "report.h"
#include "runner.h"
#include "select.h"
#include "snapshot.h"
#include "util.h"

#include <dockaudit/module.h>

#include <json-c/json.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef DT_FUZZ_DIR
#define DT_FUZZ_DIR "tests/fuzz"
#endif

/* The bundled modules (core/builtin-list.h), linked in under their
   per-module descriptor symbols. */
#define DA_BUILTIN_MODULE(name) extern const struct da_module DA_MODULE_SYMBOL_FOR(name);
#include "builtin-list.h"

#define BENCHMARK "cis-1.6.0"

/* The sections that read the daemon's configuration and the host files. */
#define HOST_SECTIONS "1,2,3,5.26"

/* Lines and arguments handled per input: bounded work on any input. */
#define MAX_LINES 4096
#define MAX_ARGS 4096

static void fail(const char *fmt, ...) DA_FMT(1, 2) __attribute__((noreturn));

static void fail(const char *fmt, ...)
{
	va_list ap;

	fputs("fuzz: property violated: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

/* A NUL-terminated copy of the input (a NUL inside ends the string there). */
static char *dup0(const uint8_t *data, size_t size)
{
	char *s = da_xmalloc(size + 1);

	if (size)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* --- properties ------------------------------------------------------------- */

/* Strict UTF-8 (RFC 3629): no overlong forms, surrogates or code points above U+10FFFF. */
static bool utf8_valid(const char *str, size_t n, size_t *where)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, k, need;

	while (i < n) {
		unsigned char c = s[i];
		unsigned char lo = 0x80, hi = 0xbf;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			need = 1;
		} else if (c >= 0xe0 && c <= 0xef) {
			need = 2;
			if (c == 0xe0)
				lo = 0xa0;
			else if (c == 0xed)
				hi = 0x9f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			need = 3;
			if (c == 0xf0)
				lo = 0x90;
			else if (c == 0xf4)
				hi = 0x8f;
		} else {
			goto bad;
		}
		if (n - i - 1 < need)
			goto bad;
		if (s[i + 1] < lo || s[i + 1] > hi)
			goto bad;
		for (k = 2; k <= need; k++)
			if ((s[i + k] & 0xc0) != 0x80)
				goto bad;
		i += need + 1;
	}
	return true;
bad:
	if (where)
		*where = i;
	return false;
}

/* A C0 control other than the allowed ones, DEL, or a C1 control (U+0080-U+009F). */
static bool has_control(const char *str, size_t n, const char *allowed, size_t *where)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i;

	for (i = 0; i < n; i++) {
		if ((s[i] < 0x20 && !(s[i] && strchr(allowed, s[i]))) || s[i] == 0x7f ||
		    (s[i] == 0xc2 && i + 1 < n && s[i + 1] >= 0x80 && s[i + 1] <= 0x9f)) {
			*where = i;
			return true;
		}
	}
	return false;
}

/* Every key and string value of the tree is valid UTF-8 without NUL bytes. */
static void tree_utf8(struct json_object *o, const char *what)
{
	size_t i, n, at = 0;

	switch (json_object_get_type(o)) {
	case json_type_string: {
		const char *s = json_object_get_string(o);
		size_t len = (size_t)json_object_get_string_len(o);
		if (memchr(s, '\0', len) || !utf8_valid(s, len, &at))
			fail("%s: string \"%.60s\" is not valid UTF-8 (byte %zu)", what, s, at);
		break;
	}
	case json_type_array:
		n = json_object_array_length(o);
		for (i = 0; i < n; i++)
			tree_utf8(json_object_array_get_idx(o, i), what);
		break;
	case json_type_object: {
		json_object_object_foreach(o, key, val) {
			if (!utf8_valid(key, strlen(key), &at))
				fail("%s: key \"%.60s\" is not valid UTF-8 (byte %zu)", what, key, at);
			tree_utf8(val, what);
		}
		break;
	}
	default:
		break;
	}
}

/*
 * A normalised absolute path (da_normpath): starts with '/', no
 * empty or "." component, no trailing slash but for "/" itself.
 */
static void check_normal(const char *p, const char *what)
{
	size_t n = strlen(p);

	if (p[0] != '/')
		fail("%s: \"%s\" is not absolute", what, p);
	if (strstr(p, "//") || strstr(p, "/./") || (n >= 2 && strcmp(p + n - 2, "/.") == 0))
		fail("%s: \"%s\" has an empty or \".\" component", what, p);
	if (n > 1 && p[n - 1] == '/')
		fail("%s: \"%s\" ends in a slash", what, p);
}

/* --- the modules, the base probe, the fake host ----------------------------- */

static struct da_loader g_loader;
static struct da_catalog g_cat;
static bool g_cat_ready;

static const struct da_catalog *catalog(void)
{
	static const struct da_module *const mods[] = {
#define DA_BUILTIN_MODULE(name) &DA_MODULE_SYMBOL_FOR(name),
#include "builtin-list.h"
	};
	char buf[256];
	size_t i;

	if (g_cat_ready)
		return &g_cat;
	memset(&g_loader, 0, sizeof(g_loader));
	g_loader.quiet = true;
	for (i = 0; i < sizeof(mods) / sizeof(mods[0]); i++) {
		const char *why = da_loader_validate(&g_loader, mods[i], buf, sizeof(buf));
		if (why)
			fail("bundled module %s refused: %s", mods[i]->name, why);
		da_loader_add(&g_loader, mods[i], NULL, NULL);
	}
	da_catalog_build(&g_cat, &g_loader, BENCHMARK);
	if (g_cat.n_defs == 0)
		fail("the bundled modules have no checks");
	g_cat_ready = true;
	return &g_cat;
}

static struct json_object *g_base;

/* The base probe tree (tests/fuzz/base-probe.json), parsed once. Borrowed. */
static struct json_object *base_tree(void)
{
	const char *dir = getenv("DA_FUZZ_DIR");
	struct da_probe p;
	char err[512];
	char *path;

	if (g_base)
		return g_base;
	path = da_xasprintf("%s/base-probe.json", dir && *dir ? dir : DT_FUZZ_DIR);
	da_probe_init(&p);
	if (da_probe_load_snapshot(&p, path, err, sizeof(err)) != DA_OK) {
		fprintf(stderr, "fuzz: cannot load the base probe (set DA_FUZZ_DIR): %s\n", err);
		abort();
	}
	free(path);
	g_base = p.root;
	p.root = NULL;
	da_probe_release(&p);
	return g_base;
}

/*
 * One probe per process, copied from the base once.  A body swaps parts of
 * it for what the input gave and swaps the base's parts back before it
 * returns, so that every input starts from the same tree without the cost
 * of copying the whole tree each time.
 */
static struct da_probe g_probe;
static bool g_probe_ready;

static struct da_probe *shared_probe(void)
{
	struct json_object *copy = NULL;

	if (g_probe_ready)
		return &g_probe;
	da_probe_init(&g_probe);
	if (json_object_deep_copy(base_tree(), &copy, NULL) != 0 || !copy)
		fail("cannot copy the base probe");
	json_object_put(g_probe.root);
	g_probe.root = copy;
	g_probe.from_snapshot = true;
	g_probe_ready = true;
	return &g_probe;
}

/* A part of the shared probe and what it held before a swap. */
struct slot {
	struct json_object *parent; /* borrowed */
	char *key;                  /* object member, or array index */
	bool had;                   /* the member existed */
	struct json_object *old;    /* owned reference */
};

/*
 * Puts v (consumed) at a dotted path whose parent exists, keeping the old
 * value in s; a path whose parent is missing drops v.
 */
static void slot_swap(struct json_object *root, const char *path, struct json_object *v,
		      struct slot *s)
{
	char *copy = da_xstrdup(path), *dot = strrchr(copy, '.');

	memset(s, 0, sizeof(*s));
	s->parent = root;
	s->key = copy;
	if (dot) {
		*dot = '\0';
		s->parent = da_probe_get(root, copy);
		s->key = da_xstrdup(dot + 1);
		free(copy);
	}
	if (json_object_is_type(s->parent, json_type_object)) {
		s->had = json_object_object_get_ex(s->parent, s->key, &s->old);
		json_object_get(s->old);
		json_object_object_add(s->parent, s->key, v);
	} else if (json_object_is_type(s->parent, json_type_array) &&
		   strtoul(s->key, NULL, 10) < json_object_array_length(s->parent)) {
		size_t i = strtoul(s->key, NULL, 10);
		s->had = true;
		s->old = json_object_get(json_object_array_get_idx(s->parent, i));
		json_object_array_put_idx(s->parent, i, v);
	} else {
		s->parent = NULL;
		json_object_put(v);
	}
}

/* Puts back what slot_swap() replaced. */
static void slot_restore(struct slot *s)
{
	if (json_object_is_type(s->parent, json_type_object)) {
		if (s->had)
			json_object_object_add(s->parent, s->key, s->old);
		else
			json_object_object_del(s->parent, s->key);
	} else if (json_object_is_type(s->parent, json_type_array)) {
		json_object_array_put_idx(s->parent, strtoul(s->key, NULL, 10), s->old);
	} else {
		json_object_put(s->old);
	}
	free(s->key);
	memset(s, 0, sizeof(*s));
}

static struct json_object *copy_of(struct json_object *o)
{
	struct json_object *c = NULL;

	if (!o)
		return NULL;
	if (json_object_deep_copy(o, &c, NULL) != 0)
		fail("cannot copy a JSON value");
	return c;
}

/* Scratch host: <dir>/root (the host root) and <dir>/proc (a fake /proc). */
static char *g_scratch;

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

static void scratch_cleanup(void)
{
	if (g_scratch)
		nftw(g_scratch, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(g_scratch);
	g_scratch = NULL;
}

static void write_file(const char *rel, const void *data, size_t len)
{
	char *path = da_xasprintf("%s/%s", g_scratch, rel);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	if (fd < 0 || (len && write(fd, data, len) != (ssize_t)len))
		fail("cannot write scratch file %s: %s", path, strerror(errno));
	close(fd);
	free(path);
}

static void scratch_dir(const char *rel)
{
	char *path = da_xasprintf("%s/%s", g_scratch, rel);

	if (mkdir(path, 0755) != 0 && errno != EEXIST)
		fail("cannot create scratch directory %s: %s", path, strerror(errno));
	free(path);
}

static void scratch_link(const char *target, const char *rel)
{
	char *path = da_xasprintf("%s/%s", g_scratch, rel);

	if (symlink(target, path) != 0 && errno != EEXIST)
		fail("cannot create scratch link %s: %s", path, strerror(errno));
	free(path);
}

static const char fixed_cmdline[] =
	"/usr/bin/dockerd\0-H\0fd://\0--containerd=/run/containerd/containerd.sock";
static const char fixed_daemon_json[] =
	"{\"icc\": false, \"log-level\": \"info\", \"userns-remap\": \"default\"}";

/* A small host: a dockerd (pid 100), its daemon.json, groups, links to resolve. */
static void scratch_init(void)
{
	const char *tmp = getenv("TMPDIR");
	static const char stat_line[] =
		"100 (dockerd) S 1 100 100 0 -1 4194560 100 0 0 0 10 10 0 0 20 0 12 0 "
		"4242 2000000 3000 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0\n";
	static const char group[] = "root:x:0:\ndocker:x:998:alice,bob\n";
	static const char passwd[] = "root:x:0:0:root:/root:/bin/sh\nalice:x:1000:1000::/home/alice:/bin/sh\n";

	if (g_scratch)
		return;
	g_scratch = da_xasprintf("%s/dafuzz.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(g_scratch))
		fail("cannot create a scratch directory %s: %s", g_scratch, strerror(errno));
	atexit(scratch_cleanup);
	scratch_dir("root");
	scratch_dir("root/etc");
	scratch_dir("root/etc/docker");
	scratch_dir("root/etc/audit");
	scratch_dir("root/etc/audit/rules.d");
	scratch_dir("root/usr");
	scratch_dir("root/usr/bin");
	scratch_dir("root/var");
	scratch_dir("root/var/lib");
	scratch_dir("root/var/lib/docker");
	scratch_dir("root/run");
	write_file("root/etc/group", group, sizeof(group) - 1);
	write_file("root/etc/passwd", passwd, sizeof(passwd) - 1);
	write_file("root/usr/bin/dockerd", "", 0);
	/* links for the resolver: relative, absolute, upward, a loop */
	scratch_link("docker", "root/etc/dock");
	scratch_link("/etc/docker", "root/etc/absdock");
	scratch_link("../../../../..", "root/etc/up");
	scratch_link("loop2", "root/etc/loop1");
	scratch_link("loop1", "root/etc/loop2");
	scratch_link("/", "root/run/rootlink");
	scratch_dir("proc");
	scratch_dir("proc/100");
	write_file("proc/100/comm", "dockerd\n", 8);
	write_file("proc/100/stat", stat_line, sizeof(stat_line) - 1);
	write_file("proc/100/cgroup", "0::/system.slice/docker.service\n", 32);
	scratch_link("/usr/bin/dockerd", "proc/100/exe");
}

static char *scratch_path(const char *rel)
{
	return da_xasprintf("%s/%s", g_scratch, rel);
}

/* --- running every check, rendering every format ---------------------------- */

static void render_check(const struct da_formatter *f, const char *out, size_t len)
{
	size_t at = 0;

	if (memchr(out, '\0', len))
		fail("%s output holds a NUL byte", f->name);
	if (!utf8_valid(out, len, &at))
		fail("%s output is not valid UTF-8 at byte %zu: \"%.40s\"", f->name, at, out + at);
	if (strcmp(f->name, "text") == 0) {
		if (has_control(out, len, "\n", &at))
			fail("text output has a control character at byte %zu: \"%.40s\"", at,
			     out + at);
	} else if (strcmp(f->name, "junit") == 0 || strcmp(f->name, "html") == 0) {
		/* the markup formats: no control character outside white space */
		if (has_control(out, len, "\t\n\r", &at))
			fail("%s output has a control character at byte %zu: \"%.40s\"", f->name,
			     at, out + at);
	} else {
		/* the JSON formats: one document, nothing after it */
		struct json_tokener *tok = json_tokener_new_ex(64);
		struct json_object *doc;
		size_t end;

		json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
		doc = json_tokener_parse_ex(tok, out, (int)len);
		if (!doc || json_tokener_get_error(tok) != json_tokener_success)
			fail("%s output does not parse: %s", f->name,
			     json_tokener_error_desc(json_tokener_get_error(tok)));
		end = json_tokener_get_parse_end(tok);
		while (end < len && strchr(" \t\r\n", out[end]))
			end++;
		if (end != len)
			fail("%s output has data after the document at byte %zu", f->name, end);
		if (!json_object_is_type(doc, json_type_object))
			fail("%s output is not a JSON object", f->name);
		json_object_put(doc);
		json_tokener_free(tok);
	}
}

static void render_all(const struct da_report *r)
{
	const struct da_formatter *const *f;

	for (f = da_formatter_all(); *f; f++) {
		char *out = NULL;
		size_t len = 0;
		FILE *fp = open_memstream(&out, &len);
		struct da_output o;
		int rc;

		if (!fp)
			fail("open_memstream: %s", strerror(errno));
		memset(&o, 0, sizeof(o));
		o.fmt = *f;
		o.fp = fp;
		rc = da_format_report(&o, r);
		if (fclose(fp) != 0)
			fail("writing %s output: %s", (*f)->name, strerror(errno));
		if (rc != DA_OK)
			fail("%s formatter failed: %s", (*f)->name, da_strerror(rc));
		render_check(*f, out, len);
		free(out);
	}
}

/*
 * The run as main() does it (in process): run options, targets, the checks
 * of the sections the input can reach ("all": every one), then, with
 * render, every formatter.  Every check must report a status.  Remediation texts are
 * left out: they are constant, and rendering them would cost most of the
 * time of an input.
 */
static void audit(struct da_probe *p, const char *checks, bool render)
{
	const struct da_catalog *cat = catalog();
	bool *sel = da_xcalloc(cat->n_defs, sizeof(bool));
	struct json_object *rem = da_probe_get(p->root, "source.remote");
	const char *ep = da_probe_str(p->root, "source.endpoint");
	struct da_report r;
	char err[512];
	size_t s, i;

	if (da_select(cat, checks, NULL, sel, err, sizeof(err)) != DA_OK)
		fail("cannot select the checks %s: %s", checks, err);
	da_probe_set_option(p, "benchmark", BENCHMARK);
	da_probe_set_option(p, "trusted-users", "alice,bob");
	da_probe_set_option(p, "snapshot", p->from_snapshot ? "1" : NULL);
	da_probe_set_option(p, "remote", json_object_is_type(rem, json_type_boolean) &&
				       json_object_get_boolean(rem) ? "1" : NULL);
	if (da_runner_targets(p, NULL, err, sizeof(err)) != DA_OK)
		fail("targets without filters failed: %s", err);

	memset(&r, 0, sizeof(r));
	r.tool_version = "0.0-fuzz";
	r.benchmark = BENCHMARK;
	r.benchmark_title = "CIS Docker Benchmark 1.6.0";
	r.endpoint = da_xasprintf("snapshot fuzz (%s)", ep ? ep : "unknown");
	r.docker_version = da_xstrdup(da_probe_str(p->root, "engine.version.Version"));
	r.hostname = da_xstrdup(da_probe_str(p->root, "engine.info.Name"));
	r.start = 1764363600;
	r.end = r.start + 1;
	r.print_remediation = false;
	da_runner_run(&r, cat, sel, p, 0);

	for (s = 0; s < r.n_sections; s++)
		for (i = 0; i < r.sections[s].n_results; i++) {
			const struct da_result *res = r.sections[s].results[i];
			if (da_result_is_header(res))
				continue;
			if (!res->status_set || (unsigned)res->status > DA_ERROR)
				fail("check %s reported no valid status", res->def->id);
			if (res->invalid)
				fail("check %s used the host API wrongly: %s", res->def->id,
				     res->detail ? res->detail : "");
			if (res->n_items > res->total_items)
				fail("check %s: more items kept than reported", res->def->id);
		}
	if (render)
		render_all(&r);
	da_report_release(&r);
	free(sel);
}

/* --- snapshot ----------------------------------------------------------------- */

static const char *const saved_keys[] = {
	"probe_version", "dockaudit_version", "time", "source", "engine", "host", NULL
};

/* The snapshot text da_probe_save_snapshot() writes for p (owned). */
static char *snapshot_text(const struct da_probe *p)
{
	struct json_object *doc = json_object_new_object();
	char *text;
	size_t i;

	for (i = 0; saved_keys[i]; i++) {
		struct json_object *v = NULL;
		if (json_object_object_get_ex(p->root, saved_keys[i], &v))
			json_object_object_add(doc, saved_keys[i], json_object_get(v));
	}
	text = da_xstrdup(json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PLAIN |
							      JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(doc);
	return text;
}

int dt_fuzz_snapshot(const uint8_t *data, size_t size)
{
	struct da_probe p, q;
	char err[512];
	int rc;

	da_probe_init(&p);
	err[0] = '\0';
	rc = da_probe_load_snapshot_mem(&p, (const char *)data, size, err, sizeof(err));
	if (rc != DA_OK) {
		if (!err[0])
			fail("snapshot refused (%d) without a reason", rc);
		if (!json_object_is_type(p.root, json_type_object) ||
		    json_object_object_length(p.root) != 0)
			fail("a refused snapshot changed the probe");
		da_probe_release(&p);
		return 0;
	}
	if (!json_object_is_type(p.root, json_type_object) ||
	    !json_object_is_type(da_probe_get(p.root, "engine"), json_type_object))
		fail("an accepted snapshot has no engine object");

	/* saved and loaded again, the snapshot is the same (after one round) */
	{
		char *t1 = snapshot_text(&p), *t2;
		da_probe_init(&q);
		if (da_probe_load_snapshot_mem(&q, t1, strlen(t1), err, sizeof(err)) != DA_OK)
			fail("a saved snapshot does not load again: %s", err);
		t2 = snapshot_text(&q);
		da_probe_release(&q);
		da_probe_init(&q);
		if (da_probe_load_snapshot_mem(&q, t2, strlen(t2), err, sizeof(err)) != DA_OK)
			fail("a saved snapshot does not load again: %s", err);
		{
			char *t3 = snapshot_text(&q);
			if (strcmp(t2, t3) != 0)
				fail("save and load do not round-trip: %.80s / %.80s", t2, t3);
			free(t3);
		}
		da_probe_release(&q);
		free(t1);
		free(t2);
	}

	audit(&p, "all", true);
	da_probe_release(&p);
	return 0;
}

/* --- Engine API JSON ---------------------------------------------------------- */

/* Where one Engine API answer lands in the probe (docs/probe.md). */
static const char *const engine_slots[] = {
	"engine.info",              /* GET /info */
	"engine.version",           /* GET /version */
	"engine.containers.0",      /* GET /containers/{id}/json */
	"engine.containers.1",
	"engine.containers.0._top", /* GET /containers/{id}/top */
	"engine.images.0",          /* GET /images/{id}/json */
	"engine.images.0._history", /* GET /images/{id}/history */
	"engine.networks",          /* GET /networks */
	"engine.container_list",    /* GET /containers/json */
	"engine.swarm.swarm",       /* GET /swarm */
	"engine.swarm.nodes",       /* GET /nodes */
	"engine.swarm.services",    /* GET /services */
	"engine.swarm.secrets",     /* GET /secrets */
	"engine.swarm.unlockkey",   /* GET /swarm/unlockkey */
	"engine.containers",        /* the whole inspected list */
	"engine.images",
};

/* Parses an answer body as the engine client does: one JSON value, then space. */
static struct json_object *parse_answer(const char *body, size_t len, bool *ok)
{
	struct json_tokener *tok = json_tokener_new();
	struct json_object *val;
	size_t end;

	*ok = false;
	if (!tok)
		fail("json_tokener_new");
	val = json_tokener_parse_ex(tok, body, (int)len);
	if (json_tokener_get_error(tok) == json_tokener_success) {
		end = json_tokener_get_parse_end(tok);
		while (end < len && (body[end] == ' ' || body[end] == '\t' ||
				     body[end] == '\n' || body[end] == '\r' ||
				     body[end] == '\f' || body[end] == '\v'))
			end++;
		*ok = end == len;
	}
	json_tokener_free(tok);
	if (!*ok) {
		json_object_put(val);
		val = NULL;
	}
	return val;
}

int dt_fuzz_engine_json(const uint8_t *data, size_t size)
{
	const size_t nslots = sizeof(engine_slots) / sizeof(engine_slots[0]);
	struct json_object *val;
	struct da_probe *p;
	struct slot sl;
	bool ok;

	if (size < 1 || size - 1 > (size_t)INT_MAX)
		return 0;
	val = parse_answer((const char *)data + 1, size - 1, &ok);
	if (!ok)
		return 0;
	p = shared_probe();
	slot_swap(p->root, engine_slots[data[0] % nslots], val, &sl);
	audit(p, "all", true);
	slot_restore(&sl);
	return 0;
}

/* --- daemon.json and the dockerd command line ------------------------------ */

/* Splits NUL-separated arguments; the last may lack its NUL. */
static int split_args(const char *s, size_t len, char ***argv)
{
	size_t i = 0;
	int n = 0;

	*argv = da_xcalloc(MAX_ARGS + 1, sizeof(**argv));
	while (i < len && n < MAX_ARGS) {
		size_t l = strnlen(s + i, len - i);
		char *a = da_xmalloc(l + 1);
		memcpy(a, s + i, l);
		a[l] = '\0';
		(*argv)[n++] = a;
		i += l + 1;
	}
	return n;
}

static void free_args(int argc, char **argv)
{
	int i;

	for (i = 0; i < argc; i++)
		free(argv[i]);
	free(argv);
}

/*
 * What da_dockerd_effective() promises: every key of the command line is
 * there; a key only in the file keeps the file's value.
 */
static void check_effective(struct json_object *flags, struct json_object *file,
			    struct json_object *eff)
{
	if (!json_object_is_type(eff, json_type_object))
		fail("da_dockerd_effective did not return an object");
	if (json_object_is_type(flags, json_type_object)) {
		json_object_object_foreach(flags, key, val) {
			(void)val;
			if (!json_object_object_get_ex(eff, key, NULL))
				fail("effective configuration lost the flag \"%s\"", key);
		}
	}
	if (json_object_is_type(file, json_type_object)) {
		json_object_object_foreach(file, key, val) {
			struct json_object *e = NULL;
			if (json_object_is_type(flags, json_type_object) &&
			    json_object_object_get_ex(flags, key, NULL))
				continue;
			if (!json_object_object_get_ex(eff, key, &e) || !json_object_equal(e, val))
				fail("effective configuration changed the file's \"%s\"", key);
		}
	}
}

/* Puts the daemon's configuration where hostfacts does and audits. */
static void audit_with_config(struct json_object *argv, struct json_object *flags,
			      struct json_object *file)
{
	struct json_object *eff = da_dockerd_effective(flags, file);
	struct da_probe *p = shared_probe();
	struct slot sl[6];
	size_t i, n = 0;

	check_effective(flags, file, eff);
	if (argv)
		slot_swap(p->root, "host.dockerd.argv", copy_of(argv), &sl[n++]);
	slot_swap(p->root, "host.dockerd.flags", copy_of(flags), &sl[n++]);
	slot_swap(p->root, "host.dockerd.config", copy_of(file), &sl[n++]);
	slot_swap(p->root, "host.dockerd.effective", copy_of(eff), &sl[n++]);
	slot_swap(p->root, "host.daemon_json.content", copy_of(file), &sl[n++]);
	slot_swap(p->root, "host.effective", eff, &sl[n++]);
	/* audit_fake_host() renders the same configuration */
	audit(p, HOST_SECTIONS, false);
	for (i = n; i-- > 0;)
		slot_restore(&sl[i]);
}

/*
 * The real host-facts path on the fake host: hostfacts then hostfiles, as
 * the live probe does, then the checks of checks.  Everything hostfacts
 * puts in the tree is valid UTF-8 (hostfacts.h).  inspect, when set, looks
 * at the tree before the checks run.
 */
static void audit_fake_host(const char *checks, void (*inspect)(struct json_object *root))
{
	struct da_hostfacts_config cfg;
	struct da_probe *p = shared_probe();
	struct json_object *host = NULL;
	char *root = scratch_path("root"), *proc = scratch_path("proc");

	memset(&cfg, 0, sizeof(cfg));
	cfg.host_root = root;
	cfg.proc_root = proc;
	json_object_object_get_ex(p->root, "host", &host);
	json_object_get(host);
	json_object_object_del(p->root, "host");
	if (da_hostfacts_probe(&cfg, p->root) != DA_OK)
		fail("da_hostfacts_probe failed");
	/*
	 * The fake dockerd is described, or, when its configuration names
	 * another data root than the probe's /info, refused as not the audited
	 * daemon: never guessed.
	 */
	if (!json_object_is_type(da_probe_get(p->root, "host.dockerd"), json_type_object) &&
	    !(json_object_is_type(da_probe_get(p->root, "host.available"), json_type_boolean) &&
	      !json_object_get_boolean(da_probe_get(p->root, "host.available")) &&
	      json_object_is_type(da_probe_get(p->root, "host.dockerd_match"), json_type_object)))
		fail("the fake dockerd (pid 100) was neither found nor refused with evidence");
	tree_utf8(da_probe_get(p->root, "host"), "host facts");
	{
		struct da_dockerd_facts dfacts;

		da_hostfacts_dockerd(p->root, &dfacts);
		if (da_hostfiles_probe(&cfg, &dfacts, p->root) != DA_OK)
			fail("da_hostfiles_probe failed");
	}
	if (inspect)
		inspect(p->root);
	audit(p, checks, true);
	json_object_object_add(p->root, "host", host);
	free(root);
	free(proc);
}

/* Parses daemon.json as dockerd reads it: a BOM, empty means {}, strict JSON. */
static struct json_object *parse_daemon_json(const char *s, size_t n)
{
	struct json_tokener *tok;
	struct json_object *v;
	size_t i, end;

	if (n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) {
		s += 3;
		n -= 3;
	}
	if (memchr(s, '\0', n) || n > (size_t)INT_MAX)
		return NULL;
	for (i = 0; i < n && strchr(" \t\r\n", s[i]); i++)
		;
	if (i == n)
		return json_object_new_object();
	tok = json_tokener_new_ex(64);
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	v = json_tokener_parse_ex(tok, s, (int)n);
	if (v && json_tokener_get_error(tok) == json_tokener_success) {
		end = json_tokener_get_parse_end(tok);
		while (end < n && strchr(" \t\r\n", s[end]))
			end++;
		if (end < n || !json_object_is_type(v, json_type_object)) {
			json_object_put(v);
			v = NULL;
		}
	} else {
		json_object_put(v);
		v = NULL;
	}
	json_tokener_free(tok);
	return v;
}

int dt_fuzz_daemon_json(const uint8_t *data, size_t size)
{
	struct json_object *file, *flags;
	char **argv;
	int argc;

	argc = split_args(fixed_cmdline, sizeof(fixed_cmdline), &argv);
	flags = da_dockerd_parse_args(argc, (const char *const *)argv);
	free_args(argc, argv);

	file = parse_daemon_json((const char *)data, size);
	if (file) {
		struct json_object *e1 = da_dockerd_effective(NULL, file);
		struct json_object *e2 = da_dockerd_effective(file, NULL);
		check_effective(NULL, file, e1);
		check_effective(file, NULL, e2);
		json_object_put(e1);
		json_object_put(e2);
		audit_with_config(NULL, flags, file);
		json_object_put(file);
	}
	json_object_put(flags);

	scratch_init();
	write_file("proc/100/cmdline", fixed_cmdline, sizeof(fixed_cmdline));
	write_file("root/etc/docker/daemon.json", data, size);
	audit_fake_host(HOST_SECTIONS, NULL);
	return 0;
}

int dt_fuzz_cmdline(const uint8_t *data, size_t size)
{
	struct json_object *flags, *file, *arr;
	char **argv;
	int argc, i;

	argc = split_args((const char *)data, size, &argv);
	flags = da_dockerd_parse_args(argc, (const char *const *)argv);
	if (!json_object_is_type(flags, json_type_object))
		fail("da_dockerd_parse_args did not return an object");
	tree_utf8(flags, "parsed command line");
	arr = json_object_new_array();
	for (i = 0; i < argc; i++) {
		size_t at;
		if (utf8_valid(argv[i], strlen(argv[i]), &at))
			json_object_array_add(arr, json_object_new_string(argv[i]));
	}
	free_args(argc, argv);
	file = parse_daemon_json(fixed_daemon_json, sizeof(fixed_daemon_json) - 1);
	audit_with_config(arr, flags, file);
	json_object_put(arr);
	json_object_put(file);
	json_object_put(flags);

	scratch_init();
	write_file("proc/100/cmdline", data, size);
	write_file("root/etc/docker/daemon.json", fixed_daemon_json, sizeof(fixed_daemon_json) - 1);
	audit_fake_host(HOST_SECTIONS, NULL);
	return 0;
}

/* --- audit rules ------------------------------------------------------------ */

/* da_hostfiles_resolve: a canonical path inside the root, stable when resolved again. */
static void check_resolve(const char *root, const char *path)
{
	char out[PATH_MAX], again[PATH_MAX];
	int rc = da_hostfiles_resolve(root, path, out, sizeof(out));

	if (rc > 0)
		fail("da_hostfiles_resolve returned %d for \"%s\"", rc, path);
	if (rc < 0)
		return;
	check_normal(out, "resolved path");
	if (strstr(out, "/../") || (strlen(out) >= 3 && strcmp(out + strlen(out) - 3, "/..") == 0))
		fail("resolved path \"%s\" keeps a \"..\"", out);
	rc = da_hostfiles_resolve(root, out, again, sizeof(again));
	if (rc != 0 || strcmp(out, again) != 0)
		fail("resolving \"%s\" again gives %d \"%s\" (from \"%s\")", out, rc,
		     rc ? "" : again, path);
	/* the file it names is below the root */
	{
		char *full = da_xasprintf("%s%s", root, out);
		char real[PATH_MAX], rroot[PATH_MAX];
		if (realpath(full, real) && realpath(root, rroot) &&
		    (strncmp(real, rroot, strlen(rroot)) != 0 ||
		     (real[strlen(rroot)] != '/' && real[strlen(rroot)] != '\0')))
			fail("\"%s\" resolved to \"%s\", outside the root (%s)", path, out, real);
		free(full);
	}
}

/* da_audit_rule_path on one line, with a large and a small buffer. */
static void rule_line(const char *line)
{
	char big[PATH_MAX], small[16], again[PATH_MAX];
	bool b = da_audit_rule_path(line, big, sizeof(big));
	bool s = da_audit_rule_path(line, small, sizeof(small));

	if (s && (!b || strcmp(big, small) != 0))
		fail("audit rule \"%.80s\": small buffer gives \"%s\", large %s", line, small,
		     b ? big : "nothing");
	if (b && strlen(big) < sizeof(small) && !s)
		fail("audit rule \"%.80s\": \"%s\" fits a small buffer but was refused", line, big);
	if (!b)
		return;
	check_normal(big, "watched path");
	if (!da_normpath(big, again, sizeof(again)) || strcmp(big, again) != 0)
		fail("watched path \"%s\" is not stable under normpath", big);
}

/* What hostfiles made of the rules: normalised paths that resolve inside the root. */
static void inspect_audit(struct json_object *root)
{
	struct json_object *watched = da_probe_get(root, "host.audit.watched");
	char *hostroot = scratch_path("root");
	size_t i, n;

	if (!json_object_is_type(watched, json_type_array))
		fail("host.audit.watched is missing");
	n = json_object_array_length(watched);
	for (i = 0; i < n && i < 256; i++) {
		const char *w = json_object_get_string(json_object_array_get_idx(watched, i));
		check_normal(w, "host.audit.watched");
		check_resolve(hostroot, w);
	}
	free(hostroot);
}

int dt_fuzz_audit_rules(const uint8_t *data, size_t size)
{
	char *text = dup0(data, size), *line, *save = NULL;
	size_t lines = 0;

	for (line = strtok_r(text, "\n", &save); line && lines < MAX_LINES;
	     line = strtok_r(NULL, "\n", &save), lines++)
		rule_line(line);
	free(text);

	/* the same file on the fake host, through hostfiles and section 1 */
	scratch_init();
	write_file("proc/100/cmdline", fixed_cmdline, sizeof(fixed_cmdline));
	write_file("root/etc/docker/daemon.json", fixed_daemon_json, sizeof(fixed_daemon_json) - 1);
	write_file("root/etc/audit/audit.rules", data, size);
	audit_fake_host("1", inspect_audit);
	write_file("root/etc/audit/audit.rules", "", 0);
	return 0;
}

/* --- the other host file parsers ---------------------------------------------- */

static void mountinfo_line(const char *line)
{
	char big[PATH_MAX], small[8];
	bool b = da_mountinfo_mountpoint(line, big, sizeof(big));
	bool s = da_mountinfo_mountpoint(line, small, sizeof(small));

	if (s && (!b || strcmp(big, small) != 0))
		fail("mountinfo \"%.80s\": small buffer gives \"%s\"", line, small);
	if (b && strlen(big) < sizeof(small) && !s)
		fail("mountinfo \"%.80s\": \"%s\" fits a small buffer but was refused", line, big);
	if (b && big[0] != '/')
		fail("mountinfo \"%.80s\": mount point \"%s\" is not absolute", line, big);
}

static void identry_line(const char *line)
{
	struct da_identry e;

	if (!da_identry_parse(line, &e)) {
		if (e.name || e.members)
			fail("a refused passwd/group line left strings behind");
		return;
	}
	if (!e.name || !*e.name || strchr(e.name, ':') || strchr(e.name, '\n'))
		fail("passwd/group line \"%.80s\" gives the name \"%s\"", line,
		     e.name ? e.name : "(null)");
	if (!e.members || strchr(e.members, ':') || strchr(e.members, '\n'))
		fail("passwd/group line \"%.80s\" gives bad members", line);
	da_identry_release(&e);
}

int dt_fuzz_host_parsers(const uint8_t *data, size_t size)
{
	char *text = dup0(data, size), *line, *save = NULL;
	struct da_idmap m;
	struct json_object *list;
	size_t i, lines = 0;

	for (line = strtok_r(text, "\n", &save); line && lines < MAX_LINES;
	     line = strtok_r(NULL, "\n", &save), lines++) {
		char norm[PATH_MAX], again[PATH_MAX];
		mountinfo_line(line);
		identry_line(line);
		if (da_normpath(line, norm, sizeof(norm))) {
			check_normal(norm, "normpath");
			if (!da_normpath(norm, again, sizeof(again)) ||
			    strcmp(norm, again) != 0)
				fail("normpath is not idempotent on \"%.80s\"", line);
		}
	}
	free(text);

	/* passwd/group: every entry is found again by its id and its name */
	memset(&m, 0, sizeof(m));
	if (da_idmap_parse(&m, (const char *)data, size) != DA_OK)
		fail("da_idmap_parse failed");
	for (i = 0; i < m.n && i < 1024; i++) {
		const struct da_identry *byid = da_idmap_by_id(&m, m.v[i].id);
		const struct da_identry *byname = da_idmap_by_name(&m, m.v[i].name);
		if (!byid || byid->id != m.v[i].id)
			fail("idmap: id %lu not found again", m.v[i].id);
		if (!byname || strcmp(byname->name, m.v[i].name) != 0)
			fail("idmap: name \"%s\" not found again", m.v[i].name);
	}
	da_idmap_release(&m);

	/* systemd socket units: absolute, distinct paths */
	list = json_object_new_array();
	da_unit_listen_streams((const char *)data, size, list);
	for (i = 0; i < json_object_array_length(list); i++) {
		const char *s = json_object_get_string(json_object_array_get_idx(list, i));
		size_t j;
		if (!s || s[0] != '/')
			fail("ListenStream path \"%s\" is not absolute", s ? s : "(null)");
		for (j = 0; j < i; j++)
			if (strcmp(s, json_object_get_string(json_object_array_get_idx(list, j))) == 0)
				fail("ListenStream path \"%s\" listed twice", s);
	}
	json_object_put(list);
	return 0;
}

/* --- escaping ------------------------------------------------------------------ */

int dt_fuzz_escape(const uint8_t *data, size_t size)
{
	char *s = dup0(data, size);
	size_t n = strlen(s), at = 0;
	bool valid = utf8_valid(s, n, NULL);
	struct da_buf b = { 0 };
	struct json_object *v;
	const char *out;

	/* JSON: parses back to the input when it was valid UTF-8 */
	da_escape_json(&b, s);
	out = da_buf_str(&b);
	if (!utf8_valid(out, b.len, &at) || has_control(out, b.len, "", &at))
		fail("escaped JSON has a bad byte at %zu", at);
	v = json_tokener_parse(out);
	if (!json_object_is_type(v, json_type_string))
		fail("escaped JSON \"%.80s\" is not a JSON string", out);
	if (valid && strcmp(json_object_get_string(v), s) != 0)
		fail("escaped JSON does not parse back to its input");
	json_object_put(v);
	da_buf_release(&b);

	/* text: no control characters; valid UTF-8 without controls is kept */
	da_escape_text(&b, s);
	out = da_buf_str(&b);
	if (!utf8_valid(out, b.len, &at) || has_control(out, b.len, "", &at))
		fail("escaped text has a bad byte at %zu", at);
	if (valid && !has_control(s, n, "", &at) && strcmp(out, s) != 0)
		fail("escaped text changed a clean string");
	da_buf_release(&b);

	/* XML: no markup characters, & only as an entity */
	da_escape_xml(&b, s);
	out = da_buf_str(&b);
	if (!utf8_valid(out, b.len, &at) || has_control(out, b.len, "", &at))
		fail("escaped XML has a bad byte at %zu", at);
	if (strpbrk(out, "<>\"'"))
		fail("escaped XML keeps a markup character");
	{
		const char *amp;
		for (amp = strchr(out, '&'); amp; amp = strchr(amp + 1, '&'))
			if (strncmp(amp, "&amp;", 5) && strncmp(amp, "&lt;", 4) &&
			    strncmp(amp, "&gt;", 4) && strncmp(amp, "&quot;", 6) &&
			    strncmp(amp, "&apos;", 6) && strncmp(amp, "&#9;", 4) &&
			    strncmp(amp, "&#10;", 5) && strncmp(amp, "&#13;", 5))
				fail("escaped XML has a bare &");
	}
	da_buf_release(&b);
	free(s);
	return 0;
}

/* --- check selection and object filters ----------------------------------------- */

/* The terms of a comma list as da_select reads them. */
static bool any_term_matches(const struct da_checkdef *def, const char *list)
{
	char *copy = da_xstrdup(list), *tok, *save = NULL;
	bool m = false;

	for (tok = strtok_r(copy, ",", &save); tok && !m; tok = strtok_r(NULL, ",", &save)) {
		size_t n;

		while (*tok == ' ')
			tok++;
		n = strlen(tok);
		while (n && tok[n - 1] == ' ')
			tok[--n] = '\0';
		m = *tok && da_select_term_matches(def, tok);
	}
	free(copy);
	return m;
}

int dt_fuzz_select(const uint8_t *data, size_t size)
{
	const struct da_catalog *cat = catalog();
	char *text = dup0(data, size), *field[5] = { NULL, NULL, NULL, NULL, NULL };
	char *p = text, err[512];
	struct da_probe *sp;
	struct da_filters f;
	bool *sel;
	size_t i, k;
	int rc;

	/* five lines: -c, -e, -i, -x, -t */
	for (k = 0; k < 5 && p; k++) {
		char *nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		field[k] = p;
		p = nl ? nl + 1 : NULL;
	}

	sel = da_xcalloc(cat->n_defs, sizeof(bool));
	err[0] = '\0';
	rc = da_select(cat, field[0] && *field[0] ? field[0] : NULL,
		       field[1] && *field[1] ? field[1] : NULL, sel, err, sizeof(err));
	if (rc != DA_OK) {
		if (rc != DA_ERR_INVALID || !err[0])
			fail("da_select failed (%d) without a reason", rc);
	} else {
		for (i = 0; i < cat->n_defs; i++) {
			const struct da_checkdef *d = &cat->defs[i];
			if (!sel[i] || (d->flags & DA_CHECK_HEADER))
				continue;
			if (field[0] && *field[0] && !any_term_matches(d, field[0]))
				fail("check %s selected but not matched by -c '%.80s'", d->id, field[0]);
			if (field[1] && *field[1] && any_term_matches(d, field[1]))
				fail("check %s selected though matched by -e '%.80s'", d->id, field[1]);
		}
	}
	free(sel);

	sp = shared_probe();
	/*
	 * glibc's regcomp copies the tree of a group once per quantifier, so
	 * that nested quantifiers ("x++++++++++++++++++++++++") take memory
	 * exponential in their number.  The patterns are the user's own
	 * arguments, not data from the daemon; only lists with few
	 * quantifiers are compiled here, so that the fuzzer explores the
	 * filters instead of glibc's allocator.
	 */
	for (k = 2; k < 5; k++) {
		size_t q = 0;
		for (p = field[k]; p && *p; p++)
			q += strchr("*+?{", *p) != NULL;
		if (q > 6) {
			free(text);
			return 0;
		}
	}
	memset(&f, 0, sizeof(f));
	f.include = field[2];
	f.exclude = field[3];
	f.labels = field[4];
	err[0] = '\0';
	rc = da_runner_targets(sp, &f, err, sizeof(err));
	if (rc != DA_OK) {
		if (rc != DA_ERR_INVALID || !err[0])
			fail("da_runner_targets failed (%d) without a reason", rc);
	} else {
		struct json_object *all = da_probe_get(sp->root, "engine.containers");
		struct json_object *got = da_probe_get(sp->root, "targets.containers");
		size_t j, n = json_object_array_length(got);
		for (i = 0; i < n; i++) {
			bool found = false;
			for (j = 0; j < json_object_array_length(all) && !found; j++)
				found = json_object_array_get_idx(all, j) ==
					json_object_array_get_idx(got, i);
			if (!found)
				fail("a target container is not one of engine.containers");
		}
	}
	free(text);
	return 0;
}

/* --- self test of the property checks ------------------------------------------ */

int dt_fuzz_selftest(void)
{
	static const char *const bad_utf8[] = {
		"\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xf5\x80\x80\x80",
		"\x80", "\xc3", "\xe2\x82", "ab\xff", NULL
	};
	static const char *const good_utf8[] = {
		"", "plain", "caf\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80", "\xef\xbf\xbd", NULL
	};
	size_t i, at;
	int bad = 0;

	for (i = 0; bad_utf8[i]; i++)
		bad += utf8_valid(bad_utf8[i], strlen(bad_utf8[i]), &at);
	for (i = 0; good_utf8[i]; i++)
		bad += !utf8_valid(good_utf8[i], strlen(good_utf8[i]), &at);
	bad += !has_control("a\x1b[31m", 7, "\n", &at) || at != 1;
	bad += !has_control("a\xc2\x9b", 3, "\n", &at) || at != 1;
	bad += !has_control("\x7f", 1, "\n", &at);
	bad += !has_control("a\tb", 3, "\n", &at);
	bad += has_control("a\nb\xc3\xa9", 5, "\n", &at);
	bad += has_control("a\tb\r\n", 5, "\t\n\r", &at);
	return bad;
}

/*
 * One datagram of AUDIT_LIST_RULES replies, as the kernel would send it
 * (the sequence number taken from its first header), and the same bytes
 * as one rule: never an overread, and every watch kept is a non-empty
 * path without a NUL.
 */
int dt_fuzz_auditnl(const uint8_t *data, size_t size)
{
	struct da_auditnl_list l;
	size_t i, n;
	int rc;

	memset(&l, 0, sizeof(l));
	if (size >= 12)
		memcpy(&l.seq, data + 8, sizeof(l.seq));
	rc = da_auditnl_parse(data, size, &l);
	if (rc > 1 || (rc == 1 && !l.done))
		fail("da_auditnl_parse returned %d", rc);
	(void)da_auditnl_parse_rule(data, size, &l);
	n = l.watches ? json_object_array_length(l.watches) : 0;
	if (n > DA_AUDITNL_MAX_WATCHES || n > l.rules)
		fail("%zu watches from %zu rules", n, l.rules);
	for (i = 0; i < n; i++) {
		struct json_object *w = json_object_array_get_idx(l.watches, i), *p = NULL;
		if (!json_object_object_get_ex(w, "path", &p) ||
		    !json_object_is_type(p, json_type_string) ||
		    json_object_get_string_len(p) == 0 ||
		    strlen(json_object_get_string(p)) != (size_t)json_object_get_string_len(p))
			fail("watch %zu has no path, an empty one or one with a NUL", i);
	}
	json_object_put(l.watches);
	return 0;
}

const struct dt_fuzz_target dt_fuzz_targets[] = {
	{ "snapshot", dt_fuzz_snapshot },
	{ "engine_json", dt_fuzz_engine_json },
	{ "daemon_json", dt_fuzz_daemon_json },
	{ "cmdline", dt_fuzz_cmdline },
	{ "audit_rules", dt_fuzz_audit_rules },
	{ "host_parsers", dt_fuzz_host_parsers },
	{ "escape", dt_fuzz_escape },
	{ "select", dt_fuzz_select },
	{ "auditnl", dt_fuzz_auditnl },
	{ NULL, NULL },
};
