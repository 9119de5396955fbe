/*
 * Container processes from /proc: one pass over the process table instead
 * of a docker exec (or a daemon-side ps) per container.
 */
#include "config.h"

#include "hostfacts.h"
#include "probe.h"
#include "util.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CGROUP_MAX 16384
#define CMDLINE_MAX 4096
#define PROCS_PER_CONTAINER_MAX 4096

/* Reads up to max-1 bytes of a small /proc file; returns the length or -1. */
static ssize_t read_small(int dirfd, const char *name, char *buf, size_t max)
{
	int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	ssize_t n, total = 0;

	if (fd < 0)
		return -1;
	while ((size_t)total < max - 1) {
		n = read(fd, buf + total, max - 1 - (size_t)total);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		total += n;
	}
	close(fd);
	buf[total] = '\0';
	return total;
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

/* The process list of the container whose id appears in cgroup text, or NULL. */
static struct json_object *owner(struct json_object *map, const char *cg, size_t len)
{
	size_t i = 0, run;

	while (i < len) {
		if (!isxdigit((unsigned char)cg[i]) || isupper((unsigned char)cg[i])) {
			i++;
			continue;
		}
		for (run = 0; i + run < len && isxdigit((unsigned char)cg[i + run]) &&
		     !isupper((unsigned char)cg[i + run]); run++)
			;
		if (run == 64) {
			char id[65];
			struct json_object *procs = NULL;
			memcpy(id, cg + i, 64);
			id[64] = '\0';
			if (json_object_object_get_ex(map, id, &procs))
				return procs;
		}
		i += run;
	}
	return NULL;
}

/* "cmd arg arg" from a NUL-separated cmdline, made printable, or "[comm]". */
static char *command_of(int dirfd)
{
	char buf[CMDLINE_MAX], comm[64];
	ssize_t n = read_small(dirfd, "cmdline", buf, sizeof(buf));
	ssize_t i;

	while (n > 0 && buf[n - 1] == '\0')
		n--;
	if (n > 0) {
		for (i = 0; i < n; i++)
			if (buf[i] == '\0' || (unsigned char)buf[i] < 0x20 || buf[i] == 0x7f)
				buf[i] = ' ';
		buf[n] = '\0';
		return da_xstrdup(buf);
	}
	n = read_small(dirfd, "comm", comm, sizeof(comm));
	while (n > 0 && (comm[n - 1] == '\n' || comm[n - 1] == '\0'))
		comm[--n] = '\0';
	for (i = 0; i < n; i++)
		if ((unsigned char)comm[i] < 0x20 || comm[i] == 0x7f)
			comm[i] = '?';
	return n > 0 ? da_xasprintf("[%s]", comm) : NULL;
}

int da_hostprocs_probe(const struct da_hostfacts_config *cfg, struct json_object *root)
{
	const char *proc = cfg && cfg->proc_root ? cfg->proc_root : "/proc";
	struct json_object *ctrs = da_probe_get(root, "engine.containers");
	struct json_object *map;
	struct dirent *e;
	size_t i, n;
	DIR *d;
	int pfd;

	if ((cfg && cfg->remote) || !json_object_is_type(ctrs, json_type_array))
		return DA_OK;
	map = json_object_new_object();
	n = json_object_array_length(ctrs);
	for (i = 0; i < n; i++) {
		struct json_object *c = json_object_array_get_idx(ctrs, i);
		struct json_object *run = da_probe_get(c, "State.Running");
		const char *id = da_probe_str(c, "Id");
		if (id && strlen(id) == 64 && json_object_is_type(run, json_type_boolean) &&
		    json_object_get_boolean(run))
			json_object_object_add(map, id, json_object_new_array());
	}
	if (json_object_object_length(map) == 0)
		goto out;
	pfd = open(proc, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	d = pfd >= 0 ? fdopendir(pfd) : NULL;
	if (!d) {
		if (pfd >= 0)
			close(pfd);
		goto out;
	}
	while ((e = readdir(d)) != NULL) {
		char cg[CGROUP_MAX];
		struct json_object *procs, *row;
		ssize_t len;
		char *cmd;
		int dfd;

		if (!all_digits(e->d_name))
			continue;
		dfd = openat(pfd, e->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd < 0)
			continue;
		len = read_small(dfd, "cgroup", cg, sizeof(cg));
		procs = len > 0 ? owner(map, cg, (size_t)len) : NULL;
		if (procs && json_object_array_length(procs) < PROCS_PER_CONTAINER_MAX &&
		    (cmd = command_of(dfd)) != NULL) {
			row = json_object_new_array();
			json_object_array_add(row, json_object_new_string(e->d_name));
			json_object_array_add(row, json_object_new_string(cmd));
			json_object_array_add(procs, row);
			free(cmd);
		}
		close(dfd);
	}
	closedir(d);
	for (i = 0; i < n; i++) {
		struct json_object *c = json_object_array_get_idx(ctrs, i);
		struct json_object *procs = NULL, *top, *titles;
		const char *id = da_probe_str(c, "Id");
		if (!id || !json_object_object_get_ex(map, id, &procs) ||
		    json_object_array_length(procs) == 0)
			continue;
		top = json_object_new_object();
		titles = json_object_new_array();
		json_object_array_add(titles, json_object_new_string("PID"));
		json_object_array_add(titles, json_object_new_string("CMD"));
		json_object_object_add(top, "Titles", titles);
		json_object_object_add(top, "Processes", json_object_get(procs));
		json_object_object_add(top, "_source", json_object_new_string("proc"));
		json_object_object_add(c, "_top", top);
	}
out:
	json_object_put(map);
	return DA_OK;
}
