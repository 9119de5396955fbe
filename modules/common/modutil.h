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

#endif
