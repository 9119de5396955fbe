/*
 * The host identity of container mount sources, of the sensitive host
 * directories and of the daemon's sockets (hostmounts.h).
 */
#include "config.h"

#include "hostmounts.h"
#include "probe.h"
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

/* 5.6's directories, every benchmark version's list (runtime.c). */
static const char *const sensitive_dirs[] = {
	"/", "/boot", "/dev", "/etc", "/lib", "/lib64", "/proc", "/sys", "/usr", NULL
};

/* The default sockets 5.32 names whatever the daemon listens on. */
static const char *const default_sockets[] = { "/var/run/docker.sock", "/run/docker.sock",
					       NULL };

struct hm_ctx {
	struct da_root r;
	struct json_object *paths;
	bool truncated;
};

static struct json_object *error_entry(int err)
{
	struct json_object *e = json_object_new_object();
	char buf[128];

	snprintf(buf, sizeof(buf), "%s", strerror(err));
	buf[0] = (char)tolower((unsigned char)buf[0]);
	json_object_object_add(e, "error", json_object_new_string(buf));
	/* a path that is not there names no file: no socket, no directory */
	if (err == ENOENT || err == ENOTDIR)
		json_object_object_add(e, "exists", json_object_new_boolean(0));
	return e;
}

struct json_object *da_path_identity(const struct da_root *r, const char *path)
{
	char res[PATH_MAX], num[64];
	struct json_object *e;
	struct stat st;
	int rc;

	if (!path || path[0] != '/')
		return error_entry(EINVAL);
	rc = da_root_resolve(r, path, res, sizeof(res));
	if (rc)
		return error_entry(-rc);
	/* the canonical path has no link left: lstat states the file itself */
	rc = da_root_lstat(r, res, &st);
	if (rc)
		return error_entry(-rc);
	e = json_object_new_object();
	json_object_object_add(e, "resolved", json_object_new_string(res));
	json_object_object_add(e, "type", json_object_new_string(da_root_type_name(st.st_mode)));
	snprintf(num, sizeof(num), "%u:%u", major(st.st_dev), minor(st.st_dev));
	json_object_object_add(e, "dev", json_object_new_string(num));
	snprintf(num, sizeof(num), "%" PRIuMAX, (uintmax_t)st.st_ino);
	json_object_object_add(e, "ino", json_object_new_string(num));
	return e;
}

/* Records the identity of path once; returns its entry (borrowed) or NULL. */
static struct json_object *record(struct hm_ctx *c, const char *path)
{
	struct json_object *e = NULL;

	if (!path || path[0] != '/')
		return NULL;
	if (json_object_object_get_ex(c->paths, path, &e))
		return e;
	if (json_object_object_length(c->paths) >= DA_HOSTMOUNTS_MAX) {
		c->truncated = true;
		return NULL;
	}
	e = da_path_identity(&c->r, path);
	json_object_object_add(c->paths, path, e);
	return e;
}

static void add_unique(struct json_object *arr, const char *s)
{
	size_t i, n = json_object_array_length(arr);

	if (!s || s[0] != '/')
		return;
	for (i = 0; i < n; i++)
		if (strcmp(json_object_get_string(json_object_array_get_idx(arr, i)), s) == 0)
			return;
	json_object_array_add(arr, json_object_new_string(s));
}

/* The daemon's socket paths: the defaults, the endpoint, host.docker_sockets. */
static struct json_object *socket_paths(struct json_object *root)
{
	struct json_object *out = json_object_new_array();
	struct json_object *ds = da_probe_get(root, "host.docker_sockets");
	const char *ep = da_probe_str(root, "source.endpoint");
	size_t i;

	for (i = 0; default_sockets[i]; i++)
		add_unique(out, default_sockets[i]);
	if (ep && strncmp(ep, "unix://", 7) == 0)
		add_unique(out, ep + 7);
	if (json_object_is_type(ds, json_type_array))
		for (i = 0; i < json_object_array_length(ds); i++) {
			struct json_object *s = json_object_array_get_idx(ds, i);
			if (json_object_is_type(s, json_type_string))
				add_unique(out, json_object_get_string(s));
		}
	return out;
}

/* Records a socket and every folder above its canonical path. */
static void record_socket(struct hm_ctx *c, const char *path)
{
	struct json_object *e = record(c, path);
	const char *res = da_probe_str(e, "resolved");
	char dir[PATH_MAX];
	char *slash;

	if (!res || strlen(res) >= sizeof(dir))
		return;
	snprintf(dir, sizeof(dir), "%s", res);
	while ((slash = strrchr(dir, '/')) != NULL) {
		if (slash == dir) {
			record(c, "/");
			break;
		}
		*slash = '\0';
		record(c, dir);
	}
}

static void record_sources(struct hm_ctx *c, struct json_object *root)
{
	struct json_object *ctrs = da_probe_get(root, "engine.containers");
	size_t i, j;

	if (!json_object_is_type(ctrs, json_type_array))
		return;
	for (i = 0; i < json_object_array_length(ctrs); i++) {
		struct json_object *m = da_probe_get(json_object_array_get_idx(ctrs, i), "Mounts");

		if (!json_object_is_type(m, json_type_array))
			continue;
		for (j = 0; j < json_object_array_length(m); j++) {
			struct json_object *src = da_probe_get(json_object_array_get_idx(m, j),
							       "Source");
			if (json_object_is_type(src, json_type_string))
				record(c, json_object_get_string(src));
		}
	}
}

int da_hostmounts_probe(const struct da_hostfacts_config *cfg, struct json_object *root)
{
	struct json_object *host = da_probe_get(root, "host");
	struct json_object *id, *socks;
	struct hm_ctx c;
	size_t i;

	if ((cfg && cfg->remote) || !json_object_is_type(host, json_type_object))
		return DA_OK;
	memset(&c, 0, sizeof(c));
	da_root_init(&c.r, cfg ? cfg->host_root : NULL);
	c.paths = json_object_new_object();
	socks = socket_paths(root);
	/* the references first: a flood of mount sources cannot push them out */
	for (i = 0; sensitive_dirs[i]; i++)
		record(&c, sensitive_dirs[i]);
	for (i = 0; i < json_object_array_length(socks); i++)
		record_socket(&c, json_object_get_string(json_object_array_get_idx(socks, i)));
	record_sources(&c, root);
	da_root_close(&c.r);

	id = json_object_new_object();
	json_object_object_add(id, "paths", c.paths);
	json_object_object_add(id, "sockets", socks);
	json_object_object_add(id, "truncated", json_object_new_boolean(c.truncated));
	json_object_object_add(host, "identity", id);
	return DA_OK;
}
