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

#endif
