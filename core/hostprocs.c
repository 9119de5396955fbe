/*
 * Processes: owns what the probe reads of the host's process table:
 * container ids in cgroup paths and mount tables, finding the dockerd that
 * serves the audited socket and describing it (host.dockerd), and the
 * processes of each running container (_top), found in one pass over the
 * process table instead of a docker exec (or a daemon-side ps) per
 * container.
 */
#include "config.h"

#include "hostfacts.h"
#include "hostprobe.h"
#include "jsonutil.h"
#include "probe.h"
#include "util.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/un.h>
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

/* Whether cgroup text holds a run of exactly 64 lowercase hex digits (what owner() looks up). */
static bool has_id_run(const char *cg, size_t len)
{
	size_t i = 0, run;

	while (i < len) {
		for (run = 0; i + run < len && isxdigit((unsigned char)cg[i + run]) &&
		     !isupper((unsigned char)cg[i + run]); run++)
			;
		if (run == 64)
			return true;
		i += run ? run : 1;
	}
	return false;
}

/* One process that may belong to a container: its pid, cgroup text and command. */
struct da_procrow {
	char pid[24];
	char *cg;
	size_t cglen;
	char *cmd;
};

/* The scan: every process whose cgroup names a possible container id, in /proc order. */
static void scan(struct da_procscan *s)
{
	struct dirent *e;
	DIR *d;
	int pfd = open(s->proc, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	d = pfd >= 0 ? fdopendir(pfd) : NULL;
	if (!d) {
		if (pfd >= 0)
			close(pfd);
		return;
	}
	while ((e = readdir(d)) != NULL) {
		char cg[CGROUP_MAX];
		struct da_procrow *row;
		ssize_t len;
		int dfd;

		if (!all_digits(e->d_name) || strlen(e->d_name) >= sizeof(row->pid))
			continue;
		dfd = openat(pfd, e->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd < 0)
			continue;
		len = read_small(dfd, "cgroup", cg, sizeof(cg));
		if (len > 0 && has_id_run(cg, (size_t)len)) {
			if (s->n == s->cap) {
				s->cap = s->cap ? 2 * s->cap : 64;
				s->v = da_xrealloc(s->v, s->cap * sizeof(*s->v));
			}
			row = &s->v[s->n++];
			snprintf(row->pid, sizeof(row->pid), "%s", e->d_name);
			row->cg = da_xmalloc((size_t)len + 1);
			memcpy(row->cg, cg, (size_t)len + 1);
			row->cglen = (size_t)len;
			row->cmd = command_of(dfd);
		}
		close(dfd);
	}
	closedir(d);
}

static void *scan_thread(void *arg)
{
	scan(arg);
	return NULL;
}

void da_hostprocs_prefetch(struct da_procscan *s, const struct da_hostfacts_config *cfg)
{
	pthread_t *th = da_xmalloc(sizeof(*th));
	sigset_t all, old;

	memset(s, 0, sizeof(*s));
	{
		char procbuf[PATH_MAX];

		s->proc = da_xstrdup(da_proc_dir(cfg, procbuf, sizeof(procbuf)));
	}
	/* the thread takes no signal: they stay the main thread's */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	if (pthread_create(th, NULL, scan_thread, s) == 0)
		s->th = th;
	else
		free(th);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

void da_hostprocs_scan_release(struct da_procscan *s)
{
	size_t i;

	if (s->th) {
		pthread_join(*(pthread_t *)s->th, NULL);
		free(s->th);
		s->th = NULL;
	}
	for (i = 0; i < s->n; i++) {
		free(s->v[i].cg);
		free(s->v[i].cmd);
	}
	free(s->v);
	free(s->proc);
	memset(s, 0, sizeof(*s));
}

int da_hostprocs_probe(const struct da_hostfacts_config *cfg, struct json_object *root)
{
	return da_hostprocs_probe_scanned(cfg, root, NULL);
}

int da_hostprocs_probe_scanned(const struct da_hostfacts_config *cfg, struct json_object *root,
			       struct da_procscan *pre)
{
	struct json_object *ctrs = da_probe_get(root, "engine.containers");
	struct json_object *map;
	struct da_procscan now;
	struct da_procscan *s = pre;
	size_t i, n;

	if (s && s->th) {
		pthread_join(*(pthread_t *)s->th, NULL);
		free(s->th);
		s->th = NULL;
	}
	if ((cfg && cfg->remote) || !json_object_is_type(ctrs, json_type_array))
		goto done;
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
	if (!s) {
		char procbuf[PATH_MAX];

		memset(&now, 0, sizeof(now));
		now.proc = da_xstrdup(da_proc_dir(cfg, procbuf, sizeof(procbuf)));
		scan(&now);
		s = &now;
	}
	for (i = 0; i < s->n; i++) {
		const struct da_procrow *p = &s->v[i];
		struct json_object *procs = owner(map, p->cg, p->cglen), *row;

		if (!procs || json_object_array_length(procs) >= PROCS_PER_CONTAINER_MAX || !p->cmd)
			continue;
		row = json_object_new_array();
		json_object_array_add(row, json_object_new_string(p->pid));
		json_object_array_add(row, json_object_new_string(p->cmd));
		json_object_array_add(procs, row);
	}
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
done:
	if (s == &now)
		da_hostprocs_scan_release(&now);
	else if (pre)
		da_hostprocs_scan_release(pre);
	return DA_OK;
}

/* ---------------------------------------------------------------------------
 * Docker container ids in cgroup paths and mount tables
 */

static bool is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

/* True when s[0..n) starts with exactly 64 lowercase hex digits. */
static bool hex64_at(const char *s, size_t n)
{
	size_t i;

	if (n < 64)
		return false;
	for (i = 0; i < 64; i++)
		if (!is_hex(s[i]))
			return false;
	return n == 64 || !is_hex(s[64]);
}

/*
 * The last container id in a cgroup line: "/docker/<id>" (cgroupfs driver)
 * or "docker-<id>.scope" (systemd driver).  The last one, because nested
 * containers without a cgroup namespace show "/docker/<outer>/docker/<inner>".
 */
static bool id_in_cgroup_line(const char *s, size_t n, char id[65])
{
	bool found = false;
	size_t i;

	for (i = 0; i < n; i++) {
		const char *p = NULL;
		size_t left;

		if (n - i >= 8 && memcmp(s + i, "/docker/", 8) == 0) {
			p = s + i + 8;
			left = n - i - 8;
			if (!hex64_at(p, left) || (left > 64 && p[64] != '/'))
				p = NULL;
		} else if (n - i >= 7 && memcmp(s + i, "docker-", 7) == 0) {
			p = s + i + 7;
			left = n - i - 7;
			if (!hex64_at(p, left) || left < 70 || memcmp(p + 64, ".scope", 6) != 0)
				p = NULL;
		}
		if (p) {
			memcpy(id, p, 64);
			id[64] = '\0';
			found = true;
		}
	}
	return found;
}

static bool id_in_cgroup(const char *text, size_t len, char id[65])
{
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if (id_in_cgroup_line(p, n, id))
			return true;
		p += n + 1;
	}
	return false;
}

/*
 * In mountinfo, the files Docker bind-mounts into every container come from
 * <data-root>/containers/<id>/: "... /var/lib/docker/containers/<id>/hostname
 * /etc/hostname ...".  Field 4 is the mount's root, field 5 its mount point.
 */
static bool id_in_mountinfo(const char *text, size_t len, char id[65])
{
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		const char *f[5];
		size_t fl[5];
		const char *q = p, *lend = p + n;
		int k;

		for (k = 0; k < 5; k++) {
			while (q < lend && *q == ' ')
				q++;
			f[k] = q;
			while (q < lend && *q != ' ')
				q++;
			fl[k] = (size_t)(q - f[k]);
		}
		if (fl[4] == 13 && memcmp(f[4], "/etc/hostname", 13) == 0) {
			size_t i;
			for (i = 0; i + 12 <= fl[3]; i++) {
				if (memcmp(f[3] + i, "/containers/", 12) != 0)
					continue;
				if (hex64_at(f[3] + i + 12, fl[3] - i - 12) &&
				    fl[3] - i - 12 > 64 && f[3][i + 12 + 64] == '/') {
					memcpy(id, f[3] + i + 12, 64);
					id[64] = '\0';
					return true;
				}
			}
		}
		p += n + 1;
	}
	return false;
}

/* The id of the container the process of <proc>/<dir> runs in, if any. */
bool hp_container_of(const struct hp_ctx *c, const char *dir, bool use_mountinfo, char id[65])
{
	struct da_buf b = { 0 };
	char rel[64];
	bool found = false;

	snprintf(rel, sizeof(rel), "%s/cgroup", dir);
	if (hp_read_proc(c, rel, HF_MAX_MOUNTINFO, &b) >= 0)
		found = id_in_cgroup(da_buf_str(&b), b.len, id);
	da_buf_release(&b);
	if (found || !use_mountinfo)
		return found;
	snprintf(rel, sizeof(rel), "%s/mountinfo", dir);
	if (hp_read_proc(c, rel, HF_MAX_MOUNTINFO, &b) >= 0)
		found = id_in_mountinfo(da_buf_str(&b), b.len, id);
	da_buf_release(&b);
	return found;
}

/* ---------------------------------------------------------------------------
 * Finding dockerd
 */

/* "/var/run/x" and "/run/x" name the same file on every current distribution. */
static const char *run_path(const char *p)
{
	return strncmp(p, "/var/run/", 9) == 0 ? p + 4 : p;
}

/*
 * True when process pid holds a listening unix socket bound to c->socket:
 * the socket's inode from the process's own <pid>/net/unix (its network
 * namespace), then the same inode among its descriptors.  So with several
 * daemons on one host, the one behind DOCKER_HOST is described.
 */
static bool serves_socket(const struct hp_ctx *c, long pid)
{
	struct da_buf b = { 0 };
	unsigned long inodes[8];
	size_t n_inodes = 0, i;
	char rel[64];
	const char *line, *want;
	bool found = false;
	DIR *dir;
	int fd;

	if (!c->socket)
		return false;
	want = run_path(c->socket);
	snprintf(rel, sizeof(rel), "%ld/net/unix", pid);
	if (hp_read_proc(c, rel, 8u << 20, &b) < 0) {
		da_buf_release(&b);
		return false;
	}
	/* "Num RefCount Protocol Flags Type St Inode Path" */
	for (line = b.data; line && *line && n_inodes < 8; ) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		const char *path = memchr(line, '/', len);
		unsigned long inode;
		if (path) {
			const char *p = run_path(path);
			size_t plen = len - (size_t)(p - line);
			if (plen == strlen(want) && strncmp(p, want, plen) == 0 &&
			    sscanf(line, "%*s %*s %*s %*s %*s %*s %lu", &inode) == 1)
				inodes[n_inodes++] = inode;
		}
		line = nl ? nl + 1 : NULL;
	}
	da_buf_release(&b);
	if (n_inodes == 0)
		return false;
	snprintf(rel, sizeof(rel), "%ld/fd", pid);
	fd = c->proc_fd < 0 ? -1 : openat(c->proc_fd, rel, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || !(dir = fdopendir(fd))) {
		if (fd >= 0)
			close(fd);
		return false;
	}
	for (struct dirent *de; !found && (de = readdir(dir)) != NULL; ) {
		char target[64];
		ssize_t len;
		unsigned long inode;
		if (de->d_name[0] == '.')
			continue;
		len = readlinkat(dirfd(dir), de->d_name, target, sizeof(target) - 1);
		if (len <= 0)
			continue;
		target[len] = '\0';
		if (sscanf(target, "socket:[%lu]", &inode) != 1)
			continue;
		for (i = 0; i < n_inodes; i++)
			if (inodes[i] == inode)
				found = true;
	}
	closedir(dir);
	return found;
}

/*
 * True when the command line of pid names c->socket as a host ("-H
 * unix:///run/x.sock", "--host=unix://...", "-Hunix://...").  Weaker than
 * serves_socket() (daemon.json or socket activation may add sockets), but
 * the command line stays readable without root, whereas the descriptors
 * of another user's process do not.
 */
static bool names_socket(const struct hp_ctx *c, long pid)
{
	struct da_buf b = { 0 };
	const char *want, *a, *end;
	char rel[64];
	bool found = false, next_is_host = false;

	if (!c->socket)
		return false;
	want = run_path(c->socket);
	snprintf(rel, sizeof(rel), "%ld/cmdline", pid);
	if (hp_read_proc(c, rel, HF_MAX_CMDLINE, &b) < 0 || !b.data) {
		da_buf_release(&b);
		return false;
	}
	end = b.data + b.len;
	for (a = b.data; a < end && !found; a += strnlen(a, (size_t)(end - a)) + 1) {
		const char *v = NULL;

		if (next_is_host)
			v = a;
		else if (strncmp(a, "--host=", 7) == 0)
			v = a + 7;
		else if (strncmp(a, "-H", 2) == 0 && a[2])
			v = a[2] == '=' ? a + 3 : a + 2;
		next_is_host = strcmp(a, "-H") == 0 || strcmp(a, "--host") == 0;
		if (v && strncmp(v, "unix://", 7) == 0 && strcmp(run_path(v + 7), want) == 0)
			found = true;
	}
	da_buf_release(&b);
	return found;
}

/* True when <proc>/<pid> is a live dockerd; fills its start time. */
static bool is_dockerd(const struct hp_ctx *c, long pid, struct proc_cand *out)
{
	struct da_buf b = { 0 };
	char rel[64];
	bool match = false;
	const char *p;
	int field;

	snprintf(rel, sizeof(rel), "%ld/comm", pid);
	if (hp_read_proc(c, rel, HF_MAX_SMALL, &b) >= 0)
		match = b.len >= 7 && strncmp(b.data, "dockerd", 7) == 0 &&
			(b.len == 7 || b.data[7] == '\n');
	da_buf_release(&b);
	if (!match) {
		/* comm may differ from argv[0] (exec through a renamed link) */
		snprintf(rel, sizeof(rel), "%ld/cmdline", pid);
		if (hp_read_proc(c, rel, HF_MAX_SMALL, &b) >= 0 && b.len > 0) {
			const char *a0 = b.data, *slash = strrchr(a0, '/');
			match = strcmp(slash ? slash + 1 : a0, "dockerd") == 0;
		}
		da_buf_release(&b);
		if (!match)
			return false;
	}

	out->pid = pid;
	out->start = 0;
	snprintf(rel, sizeof(rel), "%ld/stat", pid);
	if (hp_read_proc(c, rel, HF_MAX_SMALL, &b) < 0) {
		da_buf_release(&b);
		return false; /* vanished */
	}
	/* "pid (comm) S ppid ...": comm may hold spaces and ')' */
	p = b.len ? memrchr(b.data, ')', b.len) : NULL;
	if (p) {
		p++;
		for (field = 3; field <= 22 && *p; field++) {
			while (*p == ' ')
				p++;
			if (field == 3 && (*p == 'Z' || *p == 'X')) {
				da_buf_release(&b);
				return false; /* a zombie has no command line left */
			}
			if (field == 22) {
				char *end;
				unsigned long long v;

				errno = 0;
				v = strtoull(p, &end, 10);
				if (!errno && end != p)
					out->start = v;
				break;
			}
			while (*p && *p != ' ')
				p++;
		}
	}
	da_buf_release(&b);
	snprintf(rel, sizeof(rel), "%ld", pid);
	{
		char id[65];
		out->in_container = hp_container_of(c, rel, false, id);
	}
	out->serves = serves_socket(c, pid);
	out->names = !out->serves && names_socket(c, pid);
	return true;
}

/* True when a should be chosen over b (no audited endpoint known only). */
bool hp_cand_better(const struct proc_cand *a, const struct proc_cand *b)
{
	/* a dockerd inside a container (docker-in-docker) is not the host's */
	if (a->in_container != b->in_container)
		return !a->in_container;
	if (a->start != b->start)
		return a->start > b->start;
	return a->pid > b->pid;
}

static int cand_cmp(const void *a, const void *b)
{
	long x = ((const struct proc_cand *)a)->pid, y = ((const struct proc_cand *)b)->pid;
	return x < y ? -1 : x > y;
}

/*
 * Every live dockerd, in *out (owned, *n of them, by pid).  Returns the number
 * seen, which may exceed HF_MAX_CANDIDATES (the rest are not kept).
 */
size_t hp_list_dockerds(struct hp_ctx *c, struct proc_cand **out, size_t *n)
{
	DIR *dir;
	struct dirent *de;
	size_t seen = 0;
	int fd;

	*out = NULL;
	*n = 0;
	if (c->proc_fd < 0)
		return 0;
	fd = dup(c->proc_fd);
	if (fd < 0 || !(dir = fdopendir(fd))) {
		int err = errno;

		if (fd >= 0)
			close(fd);
		hp_error(c, "cannot list %s: %s", c->proc, da_strerror(err));
		return 0;
	}
	/* the duplicate shares the offset of c->proc_fd: start from the top */
	rewinddir(dir);
	while ((de = readdir(dir))) {
		const char *s = de->d_name;
		struct proc_cand cand;
		char *end;
		long pid;

		if (*s < '1' || *s > '9' || strlen(s) > 10)
			continue;
		errno = 0;
		pid = strtol(s, &end, 10);
		if (errno || *end || pid <= 0 || pid > INT_MAX)
			continue;
		memset(&cand, 0, sizeof(cand));
		if (!is_dockerd(c, pid, &cand))
			continue;
		seen++;
		if (*n == HF_MAX_CANDIDATES)
			continue;
		*out = da_xrealloc(*out, (*n + 1) * sizeof(**out));
		(*out)[(*n)++] = cand;
	}
	closedir(dir);
	if (*n > 1)
		qsort(*out, *n, sizeof(**out), cand_cmp);
	return seen;
}

/*
 * The pid of the process that created the listening socket c->socket
 * (SO_PEERCRED of a connection to it), or 0.  That is the dockerd for a
 * socket it listens on itself, systemd for socket activation, the proxy
 * for a socket proxy.  Only with a procfs of dockaudit's own PID namespace:
 * another one (--proc-root /host/proc, a fake tree) has other pids.
 */
static long socket_peer_pid(const struct hp_ctx *c)
{
	struct sockaddr_un sa;
	struct ucred cred;
	socklen_t len = sizeof(cred);
	long pid = 0;
	int fd;

	if (!c->socket || !c->proc_own ||
	    strlen(c->socket) >= sizeof(sa.sun_path))
		return 0;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return 0;
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path, c->socket, strlen(c->socket));
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0 &&
	    getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) == 0 && cred.pid > 0)
		pid = cred.pid;
	close(fd);
	return pid;
}

/* "/a/b/" -> "/a/b"; owned by the caller. */
static char *trim_slashes(const char *p)
{
	size_t n = strlen(p);

	char *r;

	while (n > 1 && p[n - 1] == '/')
		n--;
	r = da_xmalloc(n + 1);
	memcpy(r, p, n);
	r[n] = '\0';
	return r;
}

/*
 * Compares a dockerd's data root (from its effective configuration) with
 * the DockerRootDir the audited daemon reports: 1 the same directory, -1
 * another one, 0 cannot tell (no /info, a rootless dockerd without
 * data-root whose home is unknown, a relative path).  A rootless dockerd's
 * default data root is rootless_root (from its environment), else unknown.
 */
static int root_match(const struct hp_ctx *c, struct json_object *eff, bool rootless,
		      const char *rootless_root, const char *info_root)
{
	struct json_object *v = NULL;
	const char *dr = NULL;
	char *a, *b, *real = NULL;
	int ret;

	if (!info_root || info_root[0] != '/')
		return 0;
	if ((json_object_object_get_ex(eff, "data-root", &v) ||
	     json_object_object_get_ex(eff, "graph", &v)) &&
	    json_object_is_type(v, json_type_string))
		dr = json_object_get_string(v);
	if (!dr) {
		if (rootless && !rootless_root)
			return 0;
		dr = rootless ? rootless_root : "/var/lib/docker";
	}
	if (dr[0] != '/')
		return 0;
	a = trim_slashes(dr);
	b = trim_slashes(info_root);
	ret = strcmp(a, b) == 0 ? 1 : -1;
	/* dockerd reports its root with symlinks resolved */
	if (ret < 0 && strcmp(c->root, "/") == 0 && (real = realpath(a, NULL)) != NULL)
		ret = strcmp(real, b) == 0 ? 1 : -1;
	free(real);
	free(a);
	free(b);
	return ret;
}

/*
 * Compares <data root>/engine-id (Docker 25 and later keep the daemon's
 * ID there) with the ID the audited daemon reports: 1 equal, -1 not, 0
 * cannot tell.
 */
static int engine_id_match(const struct hp_ctx *c, struct json_object *eff, bool rootless,
			   const char *rootless_root, const char *info_id)
{
	struct json_object *v = NULL;
	struct da_buf b = { 0 };
	char *path;
	int ret = 0;
	size_t n;

	if (!info_id || !*info_id ||
	    !json_object_object_get_ex(eff, "data-root", &v) ||
	    !json_object_is_type(v, json_type_string) || json_object_get_string(v)[0] != '/') {
		/* a rootless dockerd's default data root is in its user's home;
		   /var/lib/docker is another daemon's */
		if (rootless && !rootless_root)
			return 0;
		path = da_xasprintf("%s/engine-id", rootless ? rootless_root : "/var/lib/docker");
	} else {
		path = da_xasprintf("%s/engine-id", json_object_get_string(v));
	}
	if (info_id && *info_id && hp_read_host(c, path, HF_MAX_SMALL, &b) == 0 && b.len) {
		n = b.len;
		while (n && (b.data[n - 1] == '\n' || b.data[n - 1] == ' '))
			n--;
		ret = n == strlen(info_id) && memcmp(b.data, info_id, n) == 0 ? 1 : -1;
	}
	da_buf_release(&b);
	free(path);
	return ret;
}


void hp_describe_full(struct hp_ctx *c, long pid, struct described *d)
{
	struct json_object *content = NULL, *flags = NULL, *err = NULL, *ex = NULL;
	char *why = NULL;

	memset(d, 0, sizeof(*d));
	d->dockerd = hp_describe_dockerd(c, pid, &d->config_path, &why);
	if (why) {
		/* the file is unknown: reading a guess could mislead section 2 */
		d->dj = da_jx(json_object_new_object());
		da_jset(d->dj, "path", da_jstr_utf8(d->config_path));
		da_jset(d->dj, "exists", da_jx(json_object_new_boolean(0)));
		da_jset(d->dj, "error", da_jmsg("%s", why));
		da_jset(d->dj, "content", NULL);
	} else {
		d->dj = hp_read_daemon_json(c, d->config_path);
	}
	free(why);
	json_object_object_get_ex(d->dj, "content", &content);
	json_object_object_get_ex(d->dj, "error", &err);
	json_object_object_get_ex(d->dj, "exists", &ex);
	json_object_object_get_ex(d->dockerd, "flags", &flags);
	da_jset(d->dockerd, "config_file", da_jstr_utf8(d->config_path));
	da_jset(d->dockerd, "config_file_exists", da_jcopy(ex));
	da_jset(d->dockerd, "config_file_error", da_jcopy(err));
	da_jset(d->dockerd, "config", da_jcopy(content));
	d->eff = da_dockerd_effective(flags, content);
	da_jset(d->dockerd, "effective", json_object_get(d->eff));
}

void hp_described_release(struct described *d)
{
	json_object_put(d->dockerd);
	json_object_put(d->dj);
	json_object_put(d->eff);
	free(d->config_path);
	memset(d, 0, sizeof(*d));
}

/* The candidates' pids as "12, 34" into b. */
static void add_pids(struct da_buf *b, const struct proc_cand *v, size_t n, bool only_ok)
{
	size_t i;
	bool first = true;

	for (i = 0; i < n; i++) {
		if (only_ok && !v[i].pick)
			continue;
		da_buf_addf(b, "%s%ld", first ? "" : ", ", v[i].pid);
		first = false;
	}
	if (first)
		da_buf_adds(b, "none");
}

/*
 * Which dockerd serves the audited daemon, by evidence only (docs/
 * daemon-config.md): the socket's inode among its descriptors, the
 * socket's peer credentials, its -H flags, its engine-id, and its data
 * root against /info's DockerRootDir.  Fills host.dockerd_match and
 * returns the index chosen, or -1 with *why (owned) when the evidence does
 * not single out one process.
 */
long hp_choose_dockerd(struct hp_ctx *c, struct json_object *root, struct proc_cand *v,
			   size_t n, struct described *desc, struct json_object *match,
			   char **why)
{
	const char *info_root = NULL, *info_id = NULL;
	long peer = socket_peer_pid(c), chosen = -1;
	size_t i, k;
	bool any_strong = false, any_names = false;
	const char *by = NULL;
	struct json_object *ev = da_jx(json_object_new_array());

	{
		struct json_object *eng = NULL, *info = NULL, *x = NULL;
		if (json_object_object_get_ex(root, "engine", &eng) &&
		    json_object_object_get_ex(eng, "info", &info)) {
			if (json_object_object_get_ex(info, "DockerRootDir", &x) &&
			    json_object_is_type(x, json_type_string))
				info_root = json_object_get_string(x);
			if (json_object_object_get_ex(info, "ID", &x) &&
			    json_object_is_type(x, json_type_string))
				info_id = json_object_get_string(x);
		}
	}
	*why = NULL;
	for (i = 0; i < n; i++) {
		bool rootless = false;
		struct json_object *rl = NULL, *e = da_jx(json_object_new_object());
		const char *rl_root;

		hp_describe_full(c, v[i].pid, &desc[i]);
		if (json_object_object_get_ex(desc[i].dockerd, "rootless", &rl))
			rootless = json_object_get_boolean(rl);
		rl_root = rootless ? da_jget_str(desc[i].dockerd, "default_data_root") : NULL;
		v[i].peer = peer > 0 && peer == v[i].pid;
		v[i].root = root_match(c, desc[i].eff, rootless, rl_root, info_root);
		v[i].id = engine_id_match(c, desc[i].eff, rootless, rl_root, info_id);
		any_strong |= v[i].serves || v[i].peer || v[i].id > 0;
		any_names |= v[i].names;
		da_jset(e, "pid", da_jx(json_object_new_int64(v[i].pid)));
		da_jset(e, "socket_inode", da_jx(json_object_new_boolean(v[i].serves)));
		da_jset(e, "peer_credentials", da_jx(json_object_new_boolean(v[i].peer)));
		da_jset(e, "names_socket", da_jx(json_object_new_boolean(v[i].names)));
		da_jset(e, "data_root", v[i].root ? da_jx(json_object_new_boolean(v[i].root > 0)) : NULL);
		da_jset(e, "engine_id", v[i].id ? da_jx(json_object_new_boolean(v[i].id > 0)) : NULL);
		da_jpush(ev, e);
	}
	/* the strongest kind of evidence anyone has decides; every candidate
	   must also agree with what the daemon says about itself */
	for (i = 0, k = 0; i < n; i++) {
		bool positive = any_strong ? (v[i].serves || v[i].peer || v[i].id > 0)
			      : any_names ? v[i].names : true;
		v[i].pick = positive && v[i].root >= 0 && v[i].id >= 0;
		if (v[i].pick) {
			k++;
			chosen = (long)i;
		}
	}
	if (k == 1) {
		const struct proc_cand *w = &v[chosen];
		by = w->serves ? "socket inode" : w->peer ? "peer credentials"
		   : w->id > 0 ? "engine-id" : w->names ? "command line"
		   : w->root > 0 ? "data root" : "only dockerd";
	} else {
		struct da_buf b = { 0 };

		da_buf_addf(&b, "cannot tell which dockerd serves %s (candidates: pids ",
			    c->socket ? c->socket : "the audited daemon");
		add_pids(&b, v, n, k > 0);
		da_buf_adds(&b, ")");
		*why = da_buf_steal(&b);
		chosen = -1;
	}
	da_jset(match, "by", by ? da_jstr_utf8(by) : NULL);
	da_jset(match, "evidence", ev);
	return chosen;
}

/* The value of name in a NUL-separated environment block, or NULL. */
static const char *env_get(const char *env, size_t len, const char *name)
{
	size_t nl = strlen(name), i = 0;

	while (i < len) {
		const char *e = env + i;
		size_t el = strnlen(e, len - i);

		if (el > nl && memcmp(e, name, nl) == 0 && e[nl] == '=')
			return e + nl + 1;
		i += el + 1;
	}
	return NULL;
}

/*
 * The default daemon.json of a dockerd: rootless dockerd (run under
 * RootlessKit) reads $XDG_CONFIG_HOME/docker/daemon.json, else
 * $HOME/.config/docker/daemon.json.  Owned by the caller.
 */
char *hp_default_config(const struct hp_ctx *c, long pid, bool *rootless, char **why)
{
	struct da_buf b = { 0 };
	char rel[64];
	char *path = NULL;
	int ret;

	*rootless = false;
	snprintf(rel, sizeof(rel), "%ld/environ", pid);
	ret = hp_read_proc(c, rel, HF_MAX_ENVIRON, &b);
	if (ret == -EACCES || ret == -EPERM) {
		struct stat st;

		/* Without root another user's environment is hidden.  A dockerd
		   owned by root is not rootless; any other may be, and then its
		   daemon.json is in its home, which cannot be told from here. */
		snprintf(rel, sizeof(rel), "%ld", pid);
		if (fstatat(c->proc_fd, rel, &st, 0) != 0 || st.st_uid != 0)
			*why = da_xasprintf("cannot tell where dockerd (pid %ld, not owned by "
					    "root) reads daemon.json: cannot read %s/%ld/environ: "
					    "%s", pid, c->proc, pid, da_strerror(ret));
	}
	if (ret >= 0 && b.len) {
		const char *kit = env_get(b.data, b.len, "ROOTLESSKIT_STATE_DIR");
		const char *xdg = env_get(b.data, b.len, "XDG_CONFIG_HOME");
		const char *home = env_get(b.data, b.len, "HOME");

		if (kit && *kit) {
			*rootless = true;
			if (xdg && xdg[0] == '/')
				path = da_xasprintf("%s/docker/daemon.json", xdg);
			else if (home && home[0] == '/')
				path = da_xasprintf("%s/.config/docker/daemon.json", home);
		}
	}
	da_buf_release(&b);
	return path ? path : da_xstrdup(DEFAULT_DAEMON_JSON);
}

/*
 * The default data root of a rootless dockerd, as dockerd works it out
 * from its environment: $XDG_DATA_HOME/docker, else
 * $HOME/.local/share/docker.  NULL when neither is readable.  Owned by
 * the caller.
 */
static char *rootless_data_root(const struct hp_ctx *c, long pid)
{
	struct da_buf b = { 0 };
	char rel[64];
	char *path = NULL;

	snprintf(rel, sizeof(rel), "%ld/environ", pid);
	if (hp_read_proc(c, rel, HF_MAX_ENVIRON, &b) >= 0 && b.len) {
		const char *xdg = env_get(b.data, b.len, "XDG_DATA_HOME");
		const char *home = env_get(b.data, b.len, "HOME");

		if (xdg && xdg[0] == '/')
			path = da_xasprintf("%s/docker", xdg);
		else if (home && home[0] == '/')
			path = da_xasprintf("%s/.local/share/docker", home);
	}
	da_buf_release(&b);
	return path;
}

/* ---------------------------------------------------------------------------
 * The dockerd object
 */

/* Splits a NUL-separated command line into a JSON array (capped). */
static struct json_object *split_cmdline(const char *s, size_t len, bool *truncated,
					 int *argc, char ***argv)
{
	struct json_object *arr = da_jx(json_object_new_array());
	size_t i = 0;
	int n = 0, cap = 0;

	*argv = NULL;
	while (i < len) {
		size_t l = strnlen(s + i, len - i);

		if (n >= HF_MAX_ARGS) {
			*truncated = true;
			break;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			*argv = da_xrealloc(*argv, (size_t)cap * sizeof(**argv));
		}
		/* the last argument may lack its NUL (a process that rewrote it) */
		(*argv)[n] = strndup(s + i, l);
		if (!(*argv)[n])
			abort();
		da_jpush(arr, da_jstrn_utf8(s + i, l));
		n++;
		i += l + 1;
	}
	*argc = n;
	return arr;
}

/*
 * Joins a relative config path to dockerd's working directory.  When that
 * directory cannot be read (another user's process, without root), *why
 * says so (owned) and the path is a guess.
 */
static char *absolute_config(const struct hp_ctx *c, long pid, const char *p, char **why)
{
	char rel[64];
	char *cwd, *abs;
	int err;

	if (p[0] == '/')
		return da_xstrdup(p);
	snprintf(rel, sizeof(rel), "%ld/cwd", pid);
	cwd = hp_readlink_proc(c, rel, &err);
	if (!cwd && (err == EACCES || err == EPERM))
		*why = da_xasprintf("cannot resolve the relative --config-file %s: cannot read "
				    "%s/%s: %s", p, c->proc, rel, da_strerror(err));
	if (!cwd || cwd[0] != '/') {
		free(cwd);
		return da_xasprintf("/%s", p);
	}
	abs = da_xasprintf("%s%s%s", cwd, cwd[strlen(cwd) - 1] == '/' ? "" : "/", p);
	free(cwd);
	return abs;
}

/*
 * Builds host.dockerd for pid, and returns in *config_path the config file
 * it reads (owned by the caller); when that path could not be worked out
 * for lack of privilege, *config_why says why (owned, else left NULL).
 */
struct json_object *hp_describe_dockerd(struct hp_ctx *c, long pid, char **config_path,
					   char **config_why)
{
	struct json_object *d = da_jx(json_object_new_object());
	struct json_object *arr, *flags;
	struct da_buf b = { 0 };
	char rel[64];
	char **argv = NULL, *exe;
	const char *cfgflag = NULL;
	bool truncated = false, rootless = false;
	int argc = 0, ret, i;

	da_jset(d, "pid", da_jx(json_object_new_int64(pid)));
	snprintf(rel, sizeof(rel), "%ld/exe", pid);
	exe = hp_readlink_proc(c, rel, &ret);
	da_jset(d, "exe", exe ? da_jstr_utf8(exe) : NULL);
	/* EACCES when not root: section 1.1.3 then says it needs root */
	da_jset(d, "exe_error", exe ? NULL : da_jmsg("cannot read %s/%s: %s", c->proc, rel,
					       da_strerror(ret)));
	free(exe);

	snprintf(rel, sizeof(rel), "%ld/cmdline", pid);
	ret = hp_read_proc(c, rel, HF_MAX_CMDLINE, &b);
	if (ret > 0)
		truncated = true;
	if (ret < 0) {
		arr = da_jx(json_object_new_array());
		da_jset(d, "argv", arr);
		da_jset(d, "argv_error", da_jmsg("cannot read %s/%s: %s", c->proc, rel,
					   da_strerror(ret)));
	} else {
		arr = split_cmdline(da_buf_str(&b), b.len, &truncated, &argc, &argv);
		da_jset(d, "argv", arr);
		da_jset(d, "argv_error",
		     b.len == 0 ? da_jmsg("cannot read arguments from %s/%s: the file is empty",
				       c->proc, rel)
				: NULL);
	}
	da_buf_release(&b);
	da_jset(d, "argv_truncated", da_jx(json_object_new_boolean(truncated)));

	flags = hp_parse_args(argc, (const char *const *)argv, &cfgflag);
	da_jset(d, "flags", flags);
	if (cfgflag && *cfgflag) {
		char *ignored = NULL;

		*config_path = absolute_config(c, pid, cfgflag, config_why);
		free(hp_default_config(c, pid, &rootless, &ignored));
		free(ignored);
	} else {
		*config_path = hp_default_config(c, pid, &rootless, config_why);
	}
	da_jset(d, "rootless", da_jx(json_object_new_boolean(rootless)));
	if (rootless) {
		/* where it keeps its data without --data-root (docs/rootless.md) */
		char *dr = rootless_data_root(c, pid);

		da_jset(d, "default_data_root", dr ? da_jstr_utf8(dr) : NULL);
		free(dr);
	}
	for (i = 0; i < argc; i++)
		free(argv[i]);
	free(argv);
	return d;
}
