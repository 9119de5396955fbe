/*
 * The host's mount table, and the host identity of container mount
 * sources, of the sensitive host directories and of the daemon's sockets
 * (hostmounts.h).
 */
#include "config.h"

#include "hostmounts.h"
#include "probe.h"
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

/* ---- the mount table ------------------------------------------------------ */

/* Copies one field at p into out, the kernel's octal escapes decoded. */
static const char *mi_field(const char *p, char *out, size_t size, bool *ok)
{
	size_t o = 0;

	*ok = false;
	while (*p == ' ')
		p++;
	if (!*p || *p == '\n')
		return p;
	while (*p && *p != ' ' && *p != '\n') {
		char ch = *p;
		if (ch == '\\' && p[1] >= '0' && p[1] <= '3' && p[2] >= '0' && p[2] <= '7' &&
		    p[3] >= '0' && p[3] <= '7') {
			ch = (char)(((p[1] - '0') << 6) | ((p[2] - '0') << 3) | (p[3] - '0'));
			p += 4;
		} else {
			p++;
		}
		if (ch == '\0' || o + 1 >= size)
			return p;
		out[o++] = ch;
	}
	out[o] = '\0';
	*ok = true;
	return p;
}

/* A decimal number of at most 10 digits, whole. */
static bool mi_number(const char *s, const char *end, unsigned long *out)
{
	unsigned long v = 0;

	if (s == end || end - s > 10)
		return false;
	for (; s < end; s++) {
		if (*s < '0' || *s > '9')
			return false;
		v = v * 10 + (unsigned long)(*s - '0');
	}
	*out = v;
	return true;
}

bool da_mountinfo_parse(const char *line, struct da_mountinfo *out)
{
	char num[32], *colon;
	const char *p = line;
	bool ok;

	if (!line || !out)
		return false;
	memset(out, 0, sizeof(*out));
	p = mi_field(p, num, sizeof(num), &ok);
	if (!ok || !mi_number(num, num + strlen(num), &out->id))
		return false;
	p = mi_field(p, num, sizeof(num), &ok);
	if (!ok || !mi_number(num, num + strlen(num), &out->parent))
		return false;
	p = mi_field(p, num, sizeof(num), &ok);
	colon = ok ? strchr(num, ':') : NULL;
	if (!colon || !mi_number(num, colon, &out->major) ||
	    !mi_number(colon + 1, colon + 1 + strlen(colon + 1), &out->minor))
		return false;
	p = mi_field(p, out->root, sizeof(out->root), &ok);
	if (!ok || out->root[0] != '/')
		return false;
	p = mi_field(p, out->mountpoint, sizeof(out->mountpoint), &ok);
	if (!ok || out->mountpoint[0] != '/')
		return false;
	/* optional fields up to the "-" separator, then the filesystem type */
	for (;;) {
		char tag[64];
		const char *q = mi_field(p, tag, sizeof(tag), &ok);
		if (!ok && q == p)
			return true; /* no separator: the type stays "" */
		p = q;
		if (ok && strcmp(tag, "-") == 0)
			break;
	}
	(void)mi_field(p, out->fstype, sizeof(out->fstype), &ok);
	if (!ok)
		out->fstype[0] = '\0';
	return true;
}

bool da_mountinfo_mountpoint(const char *line, char *out, size_t size)
{
	const char *p = line;
	bool ok;
	int field;

	if (!line || size == 0)
		return false;
	/* skip fields 1-4: id, parent, major:minor, root */
	for (field = 0; field < 4; field++) {
		while (*p == ' ')
			p++;
		if (!*p || *p == '\n')
			return false;
		while (*p && *p != ' ' && *p != '\n')
			p++;
	}
	while (*p == ' ')
		p++;
	if (*p != '/')
		return false;
	p = mi_field(p, out, size, &ok);
	return ok && (*p == '\0' || *p == ' ' || *p == '\n');
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void add_point(struct da_mounttable *t, size_t *cap, const char *mp)
{
	if (t->n_points == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		t->points = da_xrealloc(t->points, *cap * sizeof(*t->points));
	}
	t->points[t->n_points++] = da_xstrdup(mp);
}

static void add_mount(struct da_mounttable *t, size_t *cap, const struct da_mountinfo *mi)
{
	struct da_mount *m;

	if (t->n_mounts == *cap) {
		*cap = *cap ? 2 * *cap : 64;
		t->mounts = da_xrealloc(t->mounts, *cap * sizeof(*t->mounts));
	}
	m = &t->mounts[t->n_mounts++];
	m->id = mi->id;
	m->parent = mi->parent;
	m->major = mi->major;
	m->minor = mi->minor;
	m->root = da_xstrdup(mi->root);
	m->mountpoint = da_xstrdup(mi->mountpoint);
	m->fstype = da_xstrdup(mi->fstype);
}

/* The scanner's own /proc file at path (not a host path), whole. */
static int read_proc(const char *path, char **data)
{
	struct da_buf b = { 0 };
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	int rc = fd < 0 ? -errno : da_read_fd(fd, DA_MOUNTTABLE_MAX_FILE, &b);

	if (rc == 1 || rc == DA_ERR_NOTREG)
		rc = rc == 1 ? -EFBIG : -EINVAL;
	if (rc) {
		da_buf_release(&b);
		return rc;
	}
	*data = da_buf_steal(&b);
	return 0;
}

void da_mounttable_load(struct da_mounttable *t, const char *proc, const char *root)
{
	static const char *const srcs[] = { "/1/mountinfo", "/self/mountinfo" };
	size_t cap = 0, m_cap = 0, i, rlen;

	memset(t, 0, sizeof(*t));
	t->root = da_xstrdup(root && strcmp(root, "/") != 0 ? root : "");
	rlen = strlen(t->root);
	t->error = -ENOENT;
	for (i = 0; i < sizeof(srcs) / sizeof(srcs[0]); i++) {
		char *path = da_xasprintf("%s%s", proc ? proc : "/proc", srcs[i]);
		char *data, *line, *save = NULL;

		t->error = read_proc(path, &data);
		if (t->error) {
			free(path);
			continue;
		}
		for (line = strtok_r(data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
			char mp[PATH_MAX];
			struct da_mountinfo mi;
			if (!da_mountinfo_mountpoint(line, mp, sizeof(mp)))
				continue;
			add_point(t, &cap, mp);
			if (da_mountinfo_parse(line, &mi) && t->n_mounts < DA_MOUNTTABLE_MAX)
				add_mount(t, &m_cap, &mi);
			if (rlen && strncmp(mp, t->root, rlen) == 0 &&
			    (mp[rlen] == '/' || mp[rlen] == '\0'))
				add_point(t, &cap, mp[rlen] ? mp + rlen : "/");
		}
		free(data);
		t->source = path;
		break;
	}
	if (t->n_points)
		qsort(t->points, t->n_points, sizeof(*t->points), cmp_str);
}

bool da_mounttable_has(const struct da_mounttable *t, const char *path)
{
	return t->n_points &&
	       bsearch(&path, t->points, t->n_points, sizeof(*t->points), cmp_str) != NULL;
}

const struct da_mount *da_mounttable_by_id(const struct da_mounttable *t, unsigned long id)
{
	size_t i;

	for (i = 0; i < t->n_mounts; i++)
		if (t->mounts[i].id == id)
			return &t->mounts[i];
	return NULL;
}

const char *da_mounttable_hostpath(const struct da_mounttable *t, const struct da_mount *m)
{
	size_t rlen = strlen(t->root);

	if (rlen && strncmp(m->mountpoint, t->root, rlen) == 0 &&
	    (m->mountpoint[rlen] == '/' || m->mountpoint[rlen] == '\0'))
		return m->mountpoint[rlen] ? m->mountpoint + rlen : "/";
	return m->mountpoint;
}

void da_mounttable_release(struct da_mounttable *t)
{
	size_t i;

	for (i = 0; i < t->n_points; i++)
		free(t->points[i]);
	free(t->points);
	for (i = 0; i < t->n_mounts; i++) {
		free(t->mounts[i].root);
		free(t->mounts[i].mountpoint);
		free(t->mounts[i].fstype);
	}
	free(t->mounts);
	free(t->source);
	free(t->root);
	memset(t, 0, sizeof(*t));
}

/* ---- identities of mount sources ---------------------------------------- */

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
