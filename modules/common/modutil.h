/*
 * libmodutil: what the bundled modules share, as collectd's plugins share
 * its libcommon.  A static convenience library (modules/common/local.mk)
 * linked into each bundled module's .so and hidden there: the modules still
 * export nothing but their descriptor and still use no host symbol but the
 * SDK's function table.  It is internal to this tree, not part of the
 * installed SDK; a third-party module may copy what it needs.
 *
 * By concern:
 *   tree.c    the probe tree: where the engine, the host facts, the targets
 *             and the daemon's configuration are, and names for objects
 *   walk.c    per-object checks: walking the audited containers or images
 *   text.c    strings: lists, paths, "needs root" reasons, benchmark names
 *   shared.c  what the core judges the same way (shared.h), compiled into
 *             the core too
 *
 * Everything a function returns is borrowed (from the probe, from the
 * caller's buffer, or static); nothing needs freeing.  Tested by
 * tests/unit/test_modutil.c.
 */
#ifndef DA_MODUTIL_H
#define DA_MODUTIL_H

#include <dockaudit/module.h>

#include "shared.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* --- the probe tree (tree.c) --------------------------------------------- */

/* The engine part of the probe tree, or NULL. */
const struct da_node *mu_engine(const struct da_host *h, const struct da_probe *p);

/* host.<path> of the probe tree (host itself when path is NULL), or NULL. */
const struct da_node *mu_host(const struct da_host *h, const struct da_probe *p,
			      const char *path);

/* The containers this run audits (targets.containers), or NULL. */
const struct da_node *mu_containers(const struct da_host *h, const struct da_probe *p);

/* The images this run audits (targets.images), or NULL. */
const struct da_node *mu_images(const struct da_host *h, const struct da_probe *p);

/* A container's name without the leading '/', or its id, or "?". */
const char *mu_cname(const struct da_host *h, const struct da_node *c);

/* An image's first tag, or "<none>". */
const char *mu_image_name(const struct da_host *h, const struct da_node *img);

/* Adds a container item with an optional detail (copied by the host). */
#define mu_item_container(h, res, c, ...)                                    \
	(h)->item((res), "container", (h)->str((c), "Id"), mu_cname((h), (c)), \
		  __VA_ARGS__)

/* True when n.key is the boolean true. */
bool mu_node_true(const struct da_host *h, const struct da_node *n, const char *key);

/* True when the host facts are usable (not a remote daemon). */
bool mu_host_available(const struct da_host *h, const struct da_probe *p);

/* INFO with host.reason when host facts are unavailable; true if so. */
bool mu_host_unavailable(const struct da_host *h, const struct da_probe *p,
			 struct da_result *res);

/*
 * True when the engine is Podman's Docker-compatible service (engine.kind,
 * or a "Podman Engine" component of engine.version in older snapshots).
 */
bool mu_engine_podman(const struct da_host *h, const struct da_probe *p);

/*
 * For a dockerd setting that only dockerd has (live restore, its logging
 * driver, experimental features): INFO with host.reason ("not applicable
 * to Podman ...") when the engine is Podman; true if so.
 */
bool mu_podman_not_applicable(const struct da_host *h, const struct da_probe *p,
			      struct da_result *res);

/*
 * True when the daemon runs in rootless mode: engine.rootless, or
 * "name=rootless" among engine.info.SecurityOptions in older snapshots
 * (docs/rootless.md).  Podman's rootless service is Podman first: false.
 */
bool mu_engine_rootless(const struct da_host *h, const struct da_probe *p);

/*
 * For a check whose subject a rootless daemon does not have or does not
 * use (the system's docker.service, /etc/docker, the root-owned socket):
 * INFO, unscored, "not applicable to a rootless daemon: <why>" when the
 * daemon is rootless; true if so.
 */
bool mu_rootless_not_applicable(const struct da_host *h, const struct da_probe *p,
				struct da_result *res, const char *why);

/*
 * The daemon's effective configuration (flags over daemon.json): that of
 * the running dockerd, else host.effective (daemon.json alone when dockerd
 * is not running), or NULL.
 */
const struct da_node *mu_daemon_config(const struct da_host *h, const struct da_probe *p);

/*
 * The daemon's effective configuration object: mu_daemon_config() when
 * that is an object, else host.effective (also when no dockerd was found).
 */
const struct da_node *mu_effective(const struct da_host *h, const struct da_probe *p);

/* The daemon.json the daemon really reads (--config-file honoured). */
const char *mu_config_file(const struct da_host *h, const struct da_probe *p);

/*
 * The unit file systemd would load for name, as host.units found it, with
 * *unit its fact; NULL, with the result set, when the host facts are
 * unavailable, host.units is missing, or no such unit was found (then an
 * unscored INFO).
 */
const char *mu_unit_path(const struct da_host *h, const struct da_probe *p,
			 struct da_result *res, const char *name, const struct da_node **unit);

/*
 * Why the daemon's configuration file could not be read for lack of
 * privilege (see mu_denied), or NULL when it was read or failed otherwise.
 * The effective configuration then holds the command line alone.
 */
const char *mu_config_denied(const struct da_host *h, const struct da_probe *p);

/*
 * The version of the benchmark this run uses (the run option "benchmark",
 * see mu_parse_benchmark).  A check whose behaviour changed in some
 * version tests this, never the name.
 */
long mu_benchmark_version(const struct da_host *h, const struct da_probe *p);

/* --- walking the audited containers or images (walk.c) ------------------- */

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
	char reason[320];          /* the first error, set by mu_werr */
};

typedef int (*mu_object_fn)(struct mu_walk *w, const struct da_node *o);

/* "container", "containers", "image" or "images", as n asks. */
const char *mu_walk_noun(const struct mu_walk *w, size_t n);

/* Adds an item naming the object being read. */
#define mu_walk_item(w, ...)                                                          \
	((w)->images ? (w)->h->item((w)->res, "image", (w)->h->str((w)->cur, "Id"),     \
				    mu_image_name((w)->h, (w)->cur), __VA_ARGS__)       \
		     : mu_item_container((w)->h, (w)->res, (w)->cur, __VA_ARGS__))

/*
 * Records the first reason an object could not be read ("cannot read
 * PREFIXFIELD of container NAME: WHY"); returns MU_ERR.
 */
int mu_werr(struct mu_walk *w, const char *field, const char *why);

/*
 * Typed readers of the field at path below n for a walk.  They return
 * MU_OK, or MU_ERR after mu_werr() when the field has another type (or is
 * missing and required).  JSON null reads as absent.
 */

/* A string; absent gives *out = NULL unless required. */
int mu_get_str(struct mu_walk *w, const struct da_node *n, const char *path, bool required,
	       const char **out);

/* A required boolean. */
int mu_get_bool(struct mu_walk *w, const struct da_node *n, const char *path, bool *out);

/* An optional boolean: absent gives def. */
int mu_opt_bool(struct mu_walk *w, const struct da_node *n, const char *path, bool def,
		bool *out);

/* An integer; absent gives def unless required. */
int mu_get_int(struct mu_walk *w, const struct da_node *n, const char *path, bool required,
	       int64_t def, int64_t *out);

/* An array or object (type); absent gives *out = NULL unless required. */
int mu_get_typed(struct mu_walk *w, const struct da_node *n, const char *path,
		 enum da_node_type type, bool required, const struct da_node **out);

/*
 * Element i of an array, which must be an object; sets the prefix that
 * errors name its fields with (prefix "Mounts[]." ends with a dot).
 */
int mu_elem_obj(struct mu_walk *w, const struct da_node *arr, size_t i, const char *prefix,
		const struct da_node **out);

/* Element i of the array at path, which must be a string. */
int mu_elem_str(struct mu_walk *w, const char *path, const struct da_node *arr, size_t i,
		const char **out);

/*
 * Starts a walk of targets.images (images) or targets.containers: false,
 * with the result set, when there is nothing to walk; else *list is the
 * target list.
 */
bool mu_walk_start(struct mu_walk *w, const struct da_host *h, const struct da_probe *p,
		   struct da_result *res, bool images, const struct da_node **list);

/*
 * Calls fn on each object of list, counting findings and unknowns; an
 * element that is not an object, or a container without a HostConfig
 * object when need_hostconfig, is an error.
 */
void mu_walk_run(struct mu_walk *w, const struct da_node *list, mu_object_fn fn);

/*
 * Sets the result of a walk: ERROR (with the findings counted), else
 * fail_status or PASS with "<k> of <n> <objects> <what>".
 */
void mu_walk_finish(struct mu_walk *w, enum da_status fail_status, const char *what);

/*
 * The whole of a simple per-object check: walks the images (images) or the
 * containers (each needing a HostConfig object when need_hostconfig), calls
 * fn with arg as the walk's context, and sets the result (mu_walk_finish).
 */
void mu_run_each(const struct da_host *h, const struct da_probe *p, struct da_result *res,
		 bool images, bool need_hostconfig, mu_object_fn fn, const void *arg,
		 enum da_status fail_status, const char *what);

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

/* --- strings (text.c) ---------------------------------------------------- */

/* True when s (not NULL) equals one of the NULL-terminated list. */
bool mu_str_in(const char *s, const char *const *list);

/*
 * An absolute path with "//" collapsed and "." components and a trailing
 * "/" dropped (da_normpath), written to out; in itself when it is not
 * absolute or out is too small.  ".." is kept as it is: the probe's paths
 * name what the daemon was given, not what the kernel resolved.
 */
const char *mu_normpath(const char *in, char *out, size_t size);

/*
 * When err, the error string of a fact (host.files[path].error,
 * host.audit.error, host.daemon_json.error ...), says that reading it was
 * refused for lack of privilege, returns the reason as the probe words it
 * ("permission denied" for EACCES, "operation not permitted" for EPERM);
 * NULL otherwise.  Such a check reports DA_INFO "needs root: WHAT (REASON)"
 * instead of a finding, an error or a pass.
 */
const char *mu_denied(const char *err);

/*
 * A benchmark name as major * 10000 + minor * 100 + patch: 10600 for
 * "cis-1.6.0", 10800 for "cis-1.8.0".  NULL, or anything but "cis-" and
 * three dot-separated numbers of 1-4 digits each at most 99, reads as the
 * default, CIS 1.6.0 (docs/benchmarks.md).
 */
long mu_parse_benchmark(const char *name);

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

#endif
