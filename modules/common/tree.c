/*
 * libmodutil, the probe tree: where the engine, the host facts, the targets
 * and the daemon's configuration are (docs/probe.md), and the names the
 * modules give containers and images.
 */
#include "modutil.h"

#include <string.h>

const struct da_node *mu_engine(const struct da_host *h, const struct da_probe *p)
{
	return h->member(h->probe_root(p), "engine");
}

const struct da_node *mu_host(const struct da_host *h, const struct da_probe *p,
			      const char *path)
{
	const struct da_node *host = h->member(h->probe_root(p), "host");

	return path ? h->get(host, path) : host;
}

const struct da_node *mu_containers(const struct da_host *h, const struct da_probe *p)
{
	return h->get(h->probe_root(p), "targets.containers");
}

const struct da_node *mu_images(const struct da_host *h, const struct da_probe *p)
{
	return h->get(h->probe_root(p), "targets.images");
}

const char *mu_cname(const struct da_host *h, const struct da_node *c)
{
	const char *n = h->str(c, "Name");

	if (n && n[0] == '/')
		n++;
	if (!n || !*n)
		n = h->str(c, "Id");
	return n ? n : "?";
}

const char *mu_image_name(const struct da_host *h, const struct da_node *img)
{
	const char *tag = h->str(h->member(img, "RepoTags"), "0");

	return tag && *tag ? tag : "<none>";
}

bool mu_node_true(const struct da_host *h, const struct da_node *n, const char *key)
{
	bool b = false;

	return h->boolean(n, key, &b) && b;
}

bool mu_host_available(const struct da_host *h, const struct da_probe *p)
{
	return mu_node_true(h, mu_host(h, p, NULL), "available");
}

bool mu_host_unavailable(const struct da_host *h, const struct da_probe *p,
			 struct da_result *res)
{
	const char *why;

	if (mu_host_available(h, p))
		return false;
	why = h->str(mu_host(h, p, NULL), "reason");
	h->set(res, DA_INFO, "%s", why && *why ? why : "host facts are not available");
	return true;
}

bool mu_engine_podman(const struct da_host *h, const struct da_probe *p)
{
	const struct da_node *eng = mu_engine(h, p), *comps;
	const char *kind = h->str(eng, "kind");
	size_t i, n;

	if (kind)
		return strcmp(kind, "podman") == 0;
	comps = h->get(eng, "version.Components");
	n = h->type(comps) == DA_NODE_ARRAY ? h->len(comps) : 0;
	for (i = 0; i < n; i++) {
		const char *name = h->str(h->at(comps, i), "Name");
		if (name && strcmp(name, "Podman Engine") == 0)
			return true;
	}
	return false;
}

bool mu_podman_not_applicable(const struct da_host *h, const struct da_probe *p,
			      struct da_result *res)
{
	const char *why;

	if (!mu_engine_podman(h, p))
		return false;
	why = h->str(mu_host(h, p, NULL), "reason");
	h->set(res, DA_INFO, "%s", why && *why ? why : "not applicable to Podman");
	return true;
}

bool mu_engine_rootless(const struct da_host *h, const struct da_probe *p)
{
	const struct da_node *eng = mu_engine(h, p), *so;
	bool rl;
	size_t i, n;

	if (mu_engine_podman(h, p))
		return false;
	if (h->boolean(eng, "rootless", &rl))
		return rl;
	so = h->get(eng, "info.SecurityOptions");
	n = h->type(so) == DA_NODE_ARRAY ? h->len(so) : 0;
	for (i = 0; i < n; i++) {
		const char *s = h->str(h->at(so, i), NULL);
		if (s && strncmp(s, "name=rootless", 13) == 0 && (s[13] == '\0' || s[13] == ','))
			return true;
	}
	return false;
}

bool mu_rootless_not_applicable(const struct da_host *h, const struct da_probe *p,
				struct da_result *res, const char *why)
{
	if (!mu_engine_rootless(h, p))
		return false;
	h->scored(res, false);
	h->set(res, DA_INFO, "not applicable to a rootless daemon: %s", why);
	return true;
}

const struct da_node *mu_daemon_config(const struct da_host *h, const struct da_probe *p)
{
	const struct da_node *e = mu_host(h, p, "dockerd.effective");

	return e ? e : mu_host(h, p, "effective");
}

const struct da_node *mu_effective(const struct da_host *h, const struct da_probe *p)
{
	const struct da_node *e = mu_daemon_config(h, p);

	return h->type(e) == DA_NODE_OBJECT ? e : mu_host(h, p, "effective");
}

const char *mu_config_file(const struct da_host *h, const struct da_probe *p)
{
	const struct da_node *host = mu_host(h, p, NULL);
	const char *s = h->str(host, "dockerd.config_file");

	if (!s || !*s)
		s = h->str(host, "daemon_json.path");
	return s && *s ? s : "/etc/docker/daemon.json";
}

const char *mu_unit_path(const struct da_host *h, const struct da_probe *p,
			 struct da_result *res, const char *name, const struct da_node **unit)
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

const char *mu_config_denied(const struct da_host *h, const struct da_probe *p)
{
	const struct da_node *host = mu_host(h, p, NULL);
	const char *err = h->str(host, "daemon_json.error");

	if (!err)
		err = h->str(host, "dockerd.config_file_error");
	return mu_denied(err);
}

long mu_benchmark_version(const struct da_host *h, const struct da_probe *p)
{
	return mu_parse_benchmark(h->option(p, "benchmark"));
}
