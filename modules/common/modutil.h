/*
 * Small helpers shared by the bundled modules, header-only so that each
 * module stays one self-contained .so built from the SDK alone.  Third-party
 * modules may copy the idea; this header is not part of the installed SDK.
 */
#ifndef DA_MODUTIL_H
#define DA_MODUTIL_H

#include <dockaudit/module.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* The engine part of the probe tree, or NULL. */
static inline const struct da_node *mu_engine(const struct da_host *h,
					      const struct da_probe *p)
{
	return h->member(h->probe_root(p), "engine");
}

/* host.<key> of the probe tree, or NULL. */
static inline const struct da_node *mu_host(const struct da_host *h,
					    const struct da_probe *p, const char *path)
{
	const struct da_node *host = h->member(h->probe_root(p), "host");
	return path ? h->get(host, path) : host;
}

/* The containers this run audits (targets.containers), or NULL. */
static inline const struct da_node *mu_containers(const struct da_host *h,
						  const struct da_probe *p)
{
	return h->get(h->probe_root(p), "targets.containers");
}

/* The images this run audits (targets.images), or NULL. */
static inline const struct da_node *mu_images(const struct da_host *h,
					      const struct da_probe *p)
{
	return h->get(h->probe_root(p), "targets.images");
}

/* A container's name without the leading '/', or its id, or "?". Borrowed. */
static inline const char *mu_cname(const struct da_host *h, const struct da_node *c)
{
	const char *n = h->str(c, "Name");
	if (n && n[0] == '/')
		n++;
	if (!n || !*n)
		n = h->str(c, "Id");
	return n ? n : "?";
}

/* Adds a container item with an optional detail (copied by the host). */
#define mu_item_container(h, res, c, ...)                                    \
	(h)->item((res), "container", (h)->str((c), "Id"), mu_cname((h), (c)), \
		  __VA_ARGS__)

/* True when the host facts are usable (not a remote daemon). */
static inline bool mu_host_available(const struct da_host *h, const struct da_probe *p)
{
	bool b = false;
	return h->boolean(mu_host(h, p, NULL), "available", &b) && b;
}

/*
 * The daemon's effective configuration (flags over daemon.json): that of
 * the running dockerd, else host.effective (daemon.json alone when dockerd
 * is not running), or NULL.
 */
static inline const struct da_node *mu_daemon_config(const struct da_host *h,
						     const struct da_probe *p)
{
	const struct da_node *e = mu_host(h, p, "dockerd.effective");
	return e ? e : mu_host(h, p, "effective");
}

/* True when s equals one of the NULL-terminated list. */
static inline bool mu_str_in(const char *s, const char *const *list)
{
	for (; s && *list; list++)
		if (strcmp(s, *list) == 0)
			return true;
	return false;
}

/* An image's first tag, or "<none>". Borrowed. */
static inline const char *mu_image_name(const struct da_host *h, const struct da_node *img)
{
	const char *tag = h->str(h->member(img, "RepoTags"), "0");
	return tag && *tag ? tag : "<none>";
}

/* --- walking the audited containers or images ----------------------------- */

/*
 * A per-object check walks targets.containers or targets.images and calls a
 * function on each object, which answers with one of these.
 */
enum {
	MU_ERR = -1,    /* the object's data could not be read (mu_werr) */
	MU_OK = 0,      /* the object satisfies the check */
	MU_FAIL = 1,    /* a finding (the function added its items) */
	MU_UNKNOWN = 2  /* the object cannot be judged */
};

struct mu_walk {
	const struct da_host *h;
	struct da_result *res;
	bool images;               /* walking images, not containers */
	bool need_hostconfig;      /* a container without a HostConfig object is an error */
	const void *arg;           /* check-specific context */
	const struct da_node *cur; /* the object being read */
	const char *prefix;        /* names the sub-object being read, "Mounts[]." */
	size_t total;
	size_t failed;
	size_t unknown;
	bool error;
	char reason[320];
};

typedef int (*mu_object_fn)(struct mu_walk *w, const struct da_node *o);

/* "container", "containers", "image" or "images", as n asks. */
static inline const char *mu_walk_noun(const struct mu_walk *w, size_t n)
{
	if (w->images)
		return n == 1 ? "image" : "images";
	return n == 1 ? "container" : "containers";
}

/* The name of the object being read. Borrowed. */
static inline const char *mu_walk_name(const struct mu_walk *w)
{
	return w->images ? mu_image_name(w->h, w->cur) : mu_cname(w->h, w->cur);
}

/* Adds an item naming the object being read. */
#define mu_walk_item(w, ...)                                                          \
	((w)->images ? (w)->h->item((w)->res, "image", (w)->h->str((w)->cur, "Id"),     \
				    mu_image_name((w)->h, (w)->cur), __VA_ARGS__)       \
		     : mu_item_container((w)->h, (w)->res, (w)->cur, __VA_ARGS__))

/* Records the first reason an object could not be read; returns MU_ERR. */
static inline int mu_werr(struct mu_walk *w, const char *field, const char *why)
{
	if (!w->error) {
		w->error = true;
		snprintf(w->reason, sizeof(w->reason), "cannot read %s%s of %s %.128s: %s",
			 w->prefix ? w->prefix : "", field, mu_walk_noun(w, 1), mu_walk_name(w),
			 why);
	}
	return MU_ERR;
}

/* The node at path below n, or NULL when it is absent or JSON null. */
static inline const struct da_node *mu_wget(struct mu_walk *w, const struct da_node *n,
					    const char *path)
{
	const struct da_node *v = w->h->get(n, path);
	return w->h->type(v) == DA_NODE_NULL ? NULL : v;
}

/*
 * Typed readers of a field below n for a walk.  They return MU_OK, or
 * MU_ERR after mu_werr() when the field has another type (or is missing
 * and required).
 */

/* A string; absent gives *out = NULL unless required. */
static inline int mu_get_str(struct mu_walk *w, const struct da_node *n, const char *path,
			     bool required, const char **out)
{
	const struct da_node *v = mu_wget(w, n, path);

	*out = NULL;
	if (!v)
		return required ? mu_werr(w, path, "missing") : MU_OK;
	if (w->h->type(v) == DA_NODE_STRING)
		*out = w->h->str(v, NULL);
	return *out ? MU_OK : mu_werr(w, path, "not a string");
}

/* A required boolean. */
static inline int mu_get_bool(struct mu_walk *w, const struct da_node *n, const char *path,
			      bool *out)
{
	const struct da_node *v = mu_wget(w, n, path);

	*out = false;
	if (!v)
		return mu_werr(w, path, "missing");
	if (w->h->type(v) != DA_NODE_BOOL || !w->h->boolean(v, NULL, out))
		return mu_werr(w, path, "not a boolean");
	return MU_OK;
}

/* An optional boolean: absent gives def. */
static inline int mu_opt_bool(struct mu_walk *w, const struct da_node *n, const char *path,
			      bool def, bool *out)
{
	*out = def;
	return mu_wget(w, n, path) ? mu_get_bool(w, n, path, out) : MU_OK;
}

/* An integer; absent gives def unless required. */
static inline int mu_get_int(struct mu_walk *w, const struct da_node *n, const char *path,
			     bool required, int64_t def, int64_t *out)
{
	const struct da_node *v = mu_wget(w, n, path);

	*out = def;
	if (!v)
		return required ? mu_werr(w, path, "missing") : MU_OK;
	if (w->h->type(v) != DA_NODE_INT || !w->h->int64(v, NULL, out))
		return mu_werr(w, path, "not an integer");
	return MU_OK;
}

/* An array or object (type); absent gives *out = NULL unless required. */
static inline int mu_get_typed(struct mu_walk *w, const struct da_node *n, const char *path,
			       enum da_node_type type, bool required,
			       const struct da_node **out)
{
	const struct da_node *v = mu_wget(w, n, path);

	*out = NULL;
	if (!v)
		return required ? mu_werr(w, path, "missing") : MU_OK;
	if (w->h->type(v) != type)
		return mu_werr(w, path, type == DA_NODE_ARRAY ? "not an array" : "not an object");
	*out = v;
	return MU_OK;
}

/*
 * Element i of an array, which must be an object; sets the prefix that
 * errors name its fields with ("Mounts[].").
 */
static inline int mu_elem_obj(struct mu_walk *w, const struct da_node *arr, size_t i,
			      const char *prefix, const struct da_node **out)
{
	*out = w->h->at(arr, i);
	w->prefix = NULL;
	if (w->h->type(*out) != DA_NODE_OBJECT) {
		/* name the array: the prefix without its dot */
		char field[64];
		size_t n = strlen(prefix);

		snprintf(field, sizeof(field), "%.*s", (int)(n ? n - 1 : 0), prefix);
		return mu_werr(w, field, "an element is not an object");
	}
	w->prefix = prefix;
	return MU_OK;
}

/* Element i of the array at path, which must be a string. */
static inline int mu_elem_str(struct mu_walk *w, const char *path, const struct da_node *arr,
			      size_t i, const char **out)
{
	const struct da_node *e = w->h->at(arr, i);

	*out = w->h->type(e) == DA_NODE_STRING ? w->h->str(e, NULL) : NULL;
	return *out ? MU_OK : mu_werr(w, path, "an element is not a string");
}

/*
 * Starts a walk of targets.images (images) or targets.containers: false,
 * with the result set, when there is nothing to walk; else *list is the
 * target list.
 */
static inline bool mu_walk_start(struct mu_walk *w, const struct da_host *h,
				 const struct da_probe *p, struct da_result *res, bool images,
				 const struct da_node **list)
{
	memset(w, 0, sizeof(*w));
	w->h = h;
	w->res = res;
	w->images = images;
	*list = images ? mu_images(h, p) : mu_containers(h, p);
	if (h->type(*list) != DA_NODE_ARRAY) {
		h->set(res, DA_ERROR, "%s targets missing from the probe", mu_walk_noun(w, 1));
		return false;
	}
	if (h->len(*list) == 0) {
		h->set(res, DA_INFO, images ? "no images to audit" : "no running containers to audit");
		return false;
	}
	return true;
}

/* Calls fn on each object of list, counting findings and unknowns. */
static inline void mu_walk_run(struct mu_walk *w, const struct da_node *list, mu_object_fn fn)
{
	const struct da_host *h = w->h;
	size_t i, n = h->len(list);

	for (i = 0; i < n; i++) {
		const struct da_node *o = h->at(list, i);
		int r;

		w->total++;
		if (h->type(o) != DA_NODE_OBJECT) {
			if (!w->error) {
				w->error = true;
				snprintf(w->reason, sizeof(w->reason),
					 "cannot read %s %zu of the targets: not an object",
					 mu_walk_noun(w, 1), i);
			}
			continue;
		}
		w->cur = o;
		w->prefix = NULL;
		/*
		 * Every container's inspect object has a HostConfig; without
		 * one, the optional fields below it would read as absent and
		 * pass.
		 */
		if (w->need_hostconfig && h->type(h->member(o, "HostConfig")) != DA_NODE_OBJECT) {
			mu_werr(w, "HostConfig", h->member(o, "HostConfig") ? "not an object" : "missing");
			continue;
		}
		r = fn(w, o);
		w->prefix = NULL;
		if (r == MU_FAIL)
			w->failed++;
		else if (r == MU_UNKNOWN)
			w->unknown++;
	}
}

/*
 * Sets the result of a walk: ERROR (with the findings counted), else
 * fail_status or PASS with "<k> of <n> <objects> <what>".
 */
static inline void mu_walk_finish(struct mu_walk *w, enum da_status fail_status, const char *what)
{
	const struct da_host *h = w->h;
	const char *noun = mu_walk_noun(w, w->total);

	if (w->error && w->failed)
		h->set(w->res, DA_ERROR, "%s (and %zu of %zu %s %s)", w->reason, w->failed, w->total,
		       noun, what);
	else if (w->error)
		h->set(w->res, DA_ERROR, "%s", w->reason);
	else if (w->failed)
		h->set(w->res, fail_status, "%zu of %zu %s %s", w->failed, w->total, noun, what);
	else
		h->set(w->res, DA_PASS, "0 of %zu %s %s", w->total, noun, what);
}

/* --- host facts shared by the host and files modules --------------------- */

/* INFO with host.reason when host facts are unavailable; true if so. */
static inline bool mu_host_unavailable(const struct da_host *h, const struct da_probe *p,
				       struct da_result *res)
{
	const char *why;

	if (mu_host_available(h, p))
		return false;
	why = h->str(mu_host(h, p, NULL), "reason");
	h->set(res, DA_INFO, "%s", why && *why ? why : "host facts are not available");
	return true;
}

/* The daemon's effective configuration object, also when no dockerd was found. */
static inline const struct da_node *mu_effective(const struct da_host *h,
						 const struct da_probe *p)
{
	const struct da_node *e = mu_daemon_config(h, p);
	if (h->type(e) != DA_NODE_OBJECT)
		e = mu_host(h, p, "effective");
	return e;
}

/* The daemon.json the daemon really reads (--config-file honoured). */
static inline const char *mu_config_file(const struct da_host *h, const struct da_probe *p)
{
	const char *s = h->str(mu_host(h, p, NULL), "dockerd.config_file");
	if (!s || !*s)
		s = h->str(mu_host(h, p, NULL), "daemon_json.path");
	return s && *s ? s : "/etc/docker/daemon.json";
}

/* True when n.key is the boolean true. */
static inline bool mu_node_true(const struct da_host *h, const struct da_node *n,
				const char *key)
{
	bool b = false;
	return h->boolean(n, key, &b) && b;
}

/*
 * The unit file systemd would load for name, as host.units found it, with
 * *unit its fact; NULL, with the result set, when the host facts are
 * unavailable, host.units is missing, or no such unit was found.
 */
static inline const char *mu_unit_path(const struct da_host *h, const struct da_probe *p,
				       struct da_result *res, const char *name,
				       const struct da_node **unit)
{
	const struct da_node *units;
	const char *path;

	*unit = NULL;
	if (mu_host_unavailable(h, p, res))
		return NULL;
	units = mu_host(h, p, "units");
	if (h->type(units) != DA_NODE_OBJECT) {
		h->set(res, DA_ERROR, "host.units is missing: the host probe did not look for "
				      "systemd units");
		return NULL;
	}
	*unit = h->member(units, name);
	path = h->str(*unit, "path");
	if (!path) {
		h->scored(res, false);
		h->set(res, DA_INFO, "not found: %s in the systemd unit directories", name);
	}
	return path;
}

/*
 * An absolute path with "//" collapsed and "." components and a trailing
 * "/" dropped, written to out; in itself when it is not absolute or out is
 * too small.  (The module-side twin of core's da_hostfiles_normpath.)
 */
static inline const char *mu_normpath(const char *in, char *out, size_t size)
{
	size_t o = 0;
	const char *s = in;

	if (!in || in[0] != '/')
		return in;
	while (*s) {
		const char *c;
		size_t n;

		while (*s == '/')
			s++;
		if (!*s)
			break;
		c = s;
		while (*s && *s != '/')
			s++;
		n = (size_t)(s - c);
		if (n == 1 && c[0] == '.')
			continue;
		if (o + 1 + n + 1 > size)
			return in;
		out[o++] = '/';
		memcpy(out + o, c, n);
		o += n;
	}
	if (o == 0)
		out[o++] = '/';
	out[o] = '\0';
	return out;
}

/*
 * The whole of a simple per-object check: walks the images (images) or the
 * containers (each needing a HostConfig object when need_hostconfig), calls
 * fn with arg as the walk's context, and sets the result (mu_walk_finish).
 */
static inline void mu_run_each(const struct da_host *h, const struct da_probe *p,
			       struct da_result *res, bool images, bool need_hostconfig,
			       mu_object_fn fn, const void *arg, enum da_status fail_status,
			       const char *what)
{
	struct mu_walk w;
	const struct da_node *list;

	if (!mu_walk_start(&w, h, p, res, images, &list))
		return;
	w.need_hostconfig = need_hostconfig;
	w.arg = arg;
	mu_walk_run(&w, list, fn);
	mu_walk_finish(&w, fail_status, what);
}

/*
 * Defines a check that is one mu_run_each over the images (images true)
 * or the containers (each needing its HostConfig).
 */
#define MU_EACH_CHECK(name, images, fn, arg, fail_status, what)              \
	static void name(const struct da_host *h, const struct da_probe *p,   \
			 struct da_result *res)                                \
	{                                                                     \
		mu_run_each(h, p, res, (images), !(images), (fn), (arg),      \
			    (fail_status), (what));                           \
	}

/*
 * Defines a manual check that only asks the auditor to review something:
 * DA_NOTE with the text given.
 */
#define MU_NOTE_CHECK(name, text)                                             \
	static void name(const struct da_host *h, const struct da_probe *p,   \
			 struct da_result *res)                                \
	{                                                                     \
		(void)p;                                                      \
		h->set(res, DA_NOTE, "%s", text);                             \
	}

/* --- benchmark versions (docs/benchmarks.md) ----------------------------- */

/*
 * The version of the benchmark this run uses, as major * 10000 + minor *
 * 100 + patch: 10600 for "cis-1.6.0", 10800 for "cis-1.8.0".  An unset or
 * unreadable "benchmark" option reads as the default, CIS 1.6.0.  A check
 * whose behaviour changed in some version tests this, never the name.
 */
static inline long mu_benchmark_version(const struct da_host *h, const struct da_probe *p)
{
	const char *s = h->option(p, "benchmark");
	long v[3] = { 0, 0, 0 };
	int i;

	if (!s || strncmp(s, "cis-", 4) != 0)
		return 10600;
	s += 4;
	for (i = 0; i < 3; i++) {
		int digits = 0;

		while (*s >= '0' && *s <= '9' && digits < 4) {
			v[i] = v[i] * 10 + (*s - '0');
			s++;
			digits++;
		}
		if (!digits || v[i] > 99)
			return 10600;
		if (i < 2 && *s++ != '.')
			return 10600;
	}
	if (*s)
		return 10600;
	return v[0] * 10000 + v[1] * 100 + v[2];
}

/*
 * Variant tables (struct da_variant) for a check as CIS Docker Benchmark
 * 1.7.0 and 1.8.0 name it.  The check's own row is its CIS 1.6.0 form with
 * docker-bench-security's title; these give the title of 1.7.0 and 1.8.0
 * (identical in both) with the assessment status of those benchmarks as
 * its suffix, "Automated" or "Manual", which also sets or clears
 * DA_CHECK_MANUAL there.  Scoring and profile level stay the check's own.
 *   MU_CIS17_18("Ensure ...", Manual)             same id in all three
 *   MU_CIS17_18_ID("2.8", "Ensure ...", Manual)   1.8.0 renumbers it
 */
#define MU_AM_Automated 0u
#define MU_AM_Manual ((unsigned)DA_CHECK_MANUAL)

#define MU_CIS17_18_ID(id18, title, am)                                              \
	((const struct da_variant[]){                                                  \
		{ "cis-1.7.0", NULL, title " (" #am ")", MU_AM_##am, DA_CHECK_MANUAL, 0 }, \
		{ "cis-1.8.0", id18, title " (" #am ")", MU_AM_##am, DA_CHECK_MANUAL, 0 }, \
		{ NULL, NULL, NULL, 0, 0, 0 } })

#define MU_CIS17_18(title, am) MU_CIS17_18_ID(NULL, title, am)

/* --- facts the probe could not read without root (docs/failures.md) ----- */

/*
 * When err, the error string of a fact (host.files[path].error,
 * host.audit.error, host.daemon_json.error ...), says that reading it was
 * refused for lack of privilege, returns the reason as the probe words it
 * ("permission denied" for EACCES, "operation not permitted" for EPERM);
 * NULL otherwise.  Such a check reports DA_INFO "needs root: WHAT (REASON)"
 * instead of a finding, an error or a pass.
 */
static inline const char *mu_denied(const char *err)
{
	static const char *const reasons[] = { "permission denied", "operation not permitted",
					       NULL };
	size_t i;

	for (i = 0; err && reasons[i]; i++)
		if (strstr(err, reasons[i]))
			return reasons[i];
	return NULL;
}

/*
 * Why the daemon's configuration file could not be read for lack of
 * privilege (see mu_denied), or NULL when it was read or failed otherwise.
 * The effective configuration then holds the command line alone.
 */
static inline const char *mu_config_denied(const struct da_host *h, const struct da_probe *p)
{
	const char *err = h->str(mu_host(h, p, NULL), "daemon_json.error");

	if (!err)
		err = h->str(mu_host(h, p, NULL), "dockerd.config_file_error");
	return mu_denied(err);
}

#endif
