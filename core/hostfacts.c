/*
 * Host facts: owns root.host of the probe tree (docs/probe.md) and the
 * order in which it is filled: the context shared by the host probe
 * (hostprobe.h), its messages and file readers, the choice of the dockerd
 * described.  Read with system calls and /proc only.  Everything read here comes from the host
 * and is hostile: process names, command lines, daemon.json, /etc/group.
 * Sizes are capped, strings are made valid UTF-8 before they enter the
 * tree, and files under the host root are opened without leaving it.
 */
#include "config.h"

#include "engine.h"
#include "hostfacts.h"
#include "hostprobe.h"
#include "hostroot.h"
#include "jsonutil.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/magic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/types.h>
#include <unistd.h>

/* ---------------------------------------------------------------------------
 * Messages
 */

/* Appends a one-line message to ctx->errors. */
void hp_error(struct hp_ctx *c, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = da_xvasprintf(fmt, ap);
	va_end(ap);
	da_jpush(c->errors, da_jmsg("%s", s));
	free(s);
}

/* ---------------------------------------------------------------------------
 * Reading files
 */

/* Opens rel under dirfd for reading, or -errno. */
static int hp_open_at(int dirfd, const char *rel)
{
	int fd = openat(dirfd, rel, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	return fd < 0 ? -errno : fd;
}

/*
 * Reads a host file inside the host root (hostroot.h): 0, 1 when longer
 * than max, or -errno; a file that is not regular gives DA_ERR_NOTREG.
 */
int hp_read_host(const struct hp_ctx *c, const char *path, size_t max, struct da_buf *out)
{
	return da_root_read_file(&c->r, path, max, out);
}

/* Reads <proc>/<rel>; see hp_read_host for the return value. */
int hp_read_proc(const struct hp_ctx *c, const char *rel, size_t max, struct da_buf *out)
{
	int fd;

	if (c->proc_fd < 0)
		return -ENOENT;
	fd = hp_open_at(c->proc_fd, rel);
	if (fd < 0)
		return fd;
	return da_read_fd(fd, max, out);
}

/*
 * readlink of <proc>/<rel>, owned by the caller, or NULL with the errno
 * value in *err (EACCES for another user's process when not root).
 */
char *hp_readlink_proc(const struct hp_ctx *c, const char *rel, int *err)
{
	size_t cap = 256;
	char *buf;

	*err = ENOENT;
	if (c->proc_fd < 0)
		return NULL;
	for (;;) {
		ssize_t n;

		buf = da_xmalloc(cap);
		n = readlinkat(c->proc_fd, rel, buf, cap);
		if (n < 0) {
			*err = errno;
			free(buf);
			return NULL;
		}
		if ((size_t)n < cap) {
			buf[n] = '\0';
			return buf;
		}
		free(buf);
		if (cap >= 65536) {
			*err = ENAMETOOLONG;
			return NULL;
		}
		cap *= 4;
	}
}

/* ---------------------------------------------------------------------------
 * root.host
 */

static struct json_object *env_json(void)
{
	static const char *const names[] = { "DOCKER_CONTENT_TRUST", "DOCKER_HOST" };
	struct json_object *env = da_jx(json_object_new_object());
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const char *v = getenv(names[i]);
		da_jset(env, names[i], v ? da_jstr_utf8(v) : NULL);
	}
	return env;
}

/* ---------------------------------------------------------------------------
 * Where the processes are
 */

int da_proc_root_check(const char *dir, char *err, size_t errlen)
{
	struct statfs sf;
	struct stat st;

	if (!dir || !*dir) {
		snprintf(err, errlen, "--proc-root wants a folder, not an empty string");
		return DA_ERR_INVALID;
	}
	if (statfs(dir, &sf) != 0 || stat(dir, &st) != 0) {
		snprintf(err, errlen, "--proc-root %s: %s", dir, da_strerror(errno));
		return DA_ERR_INVALID;
	}
	if (sf.f_type != PROC_SUPER_MAGIC || !S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "--proc-root wants a procfs folder (such as /host/proc), "
			 "and %s is not one", dir);
		return DA_ERR_INVALID;
	}
	return DA_OK;
}

/*
 * The pid <proc>/self names (dockaudit's own pid in that procfs's PID
 * namespace), or 0 when there is none: not a procfs, or one of a PID
 * namespace dockaudit is not in.
 */
static long self_pid_in(int dirfd, const char *proc)
{
	char buf[32], *end;
	struct statfs sf;
	ssize_t n;
	long pid;

	if (dirfd >= 0 ? fstatfs(dirfd, &sf) != 0 : statfs(proc, &sf) != 0)
		return 0;
	if (sf.f_type != PROC_SUPER_MAGIC)
		return 0;
	if (dirfd >= 0) {
		n = readlinkat(dirfd, "self", buf, sizeof(buf) - 1);
	} else {
		char *path = da_xasprintf("%s/self", proc);
		n = readlink(path, buf, sizeof(buf) - 1);
		free(path);
	}
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	errno = 0;
	pid = strtol(buf, &end, 10);
	return errno || *end || pid <= 0 ? 0 : pid;
}

const char *da_proc_dir(const struct da_hostfacts_config *cfg, char *buf, size_t len)
{
	const char *hr = cfg ? cfg->host_root : NULL;
	size_t n;
	long pid;

	if (cfg && cfg->proc_root && *cfg->proc_root)
		return cfg->proc_root;
	if (!hr || !*hr)
		return "/proc";
	n = strlen(hr);
	while (n > 0 && hr[n - 1] == '/')
		n--;
	if (n == 0 || n + sizeof("/proc") > len)
		return "/proc";
	memcpy(buf, hr, n);
	memcpy(buf + n, "/proc", sizeof("/proc"));
	pid = self_pid_in(-1, buf);
	return pid > 0 && pid != (long)getpid() ? buf : "/proc";
}

static struct json_object *self_container_json(const struct hp_ctx *c)
{
	char id[65];
	return hp_container_of(c, "self", true, id) ? da_jx(json_object_new_string(id)) : NULL;
}

/* Why dockerd's process and files are not judged for a Podman service. */
#define PODMAN_REASON "not applicable to Podman: the audited engine is Podman's " \
	"Docker-compatible service, not dockerd (no dockerd process, flags, " \
	"daemon.json or Docker files to judge)"

/* The reason recorded for a remote daemon. */
static struct json_object *remote_reason(struct json_object *root)
{
	struct json_object *src = NULL, *ep = NULL;
	const char *endpoint = NULL;

	if (json_object_object_get_ex(root, "source", &src) &&
	    json_object_object_get_ex(src, "endpoint", &ep) &&
	    json_object_is_type(ep, json_type_string))
		endpoint = json_object_get_string(ep);
	if (!endpoint || !*endpoint)
		endpoint = getenv("DOCKER_HOST");
	if (endpoint && strncmp(endpoint, "ssh://", 6) == 0) {
		/* the host of ssh://[user@]host[:port] (IPv6 in brackets) */
		const char *h = endpoint + 6, *at = strrchr(h, '@');
		size_t n;

		if (at)
			h = at + 1;
		n = *h == '[' ? strcspn(h, "]") + (strchr(h, ']') ? 1 : 0) : strcspn(h, ":/");
		return da_jmsg("the daemon is reached over ssh (%s); host facts are not read: "
			       "host checks need dockaudit on %.*s", endpoint, (int)n, h);
	}
	if (endpoint && *endpoint)
		return da_jmsg("the daemon is remote (%s); host facts are not read", endpoint);
	return da_jmsg("the daemon is remote; host facts are not read");
}

void da_hostfacts_dockerd(struct json_object *root, struct da_dockerd_facts *out)
{
	struct json_object *host = da_jmember(root, "host");
	struct json_object *dockerd = da_jmember(host, "dockerd");
	struct json_object *eff = da_jmember(dockerd, "effective");
	const char *cf = da_jget_str(dockerd, "config_file");
	const char *exe = da_jget_str(dockerd, "exe");

	memset(out, 0, sizeof(*out));
	if (!eff || !json_object_is_type(eff, json_type_object))
		eff = da_jmember(host, "effective");
	out->effective = eff;
	if (!cf || !*cf)
		cf = da_jget_str(da_jmember(host, "daemon_json"), "path");
	out->config_file = cf && *cf ? cf : NULL;
	if (!exe) {
		struct json_object *argv = da_jmember(dockerd, "argv");
		struct json_object *a0 = argv && json_object_is_type(argv, json_type_array) &&
					 json_object_array_length(argv) > 0
					 ? json_object_array_get_idx(argv, 0) : NULL;
		if (a0 && json_object_is_type(a0, json_type_string) &&
		    json_object_get_string(a0)[0] == '/')
			exe = json_object_get_string(a0);
	}
	out->exe = exe && *exe ? exe : NULL;
}

int da_hostfacts_probe(const struct da_hostfacts_config *cfg, struct json_object *root)
{
	return da_hostfacts_probe_pid(cfg, 0, root);
}

int da_hostfacts_probe_pid(const struct da_hostfacts_config *cfg, long daemon_pid,
			   struct json_object *root)
{
	struct hp_ctx c;
	struct json_object *host, *dockerd = NULL, *dj = NULL, *eff = NULL, *groups;
	struct json_object *match = NULL;
	struct proc_cand best = { 0 }, *cands = NULL;
	struct described pick = { 0 };
	char *rootdir, procbuf[PATH_MAX];
	bool remote = cfg && cfg->remote;
	size_t n = 0, seen, i;
	int proc_err, ret = DA_OK;

	if (!root || !json_object_is_type(root, json_type_object))
		return DA_ERR_INVALID;

	rootdir = da_root_normalise(cfg ? cfg->host_root : NULL);
	memset(&c, 0, sizeof(c));
	c.root = rootdir;
	c.r.fd = -1;
	c.proc = da_proc_dir(cfg, procbuf, sizeof(procbuf));
	c.proc_fd = open(c.proc, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	proc_err = c.proc_fd < 0 ? errno : 0;
	/* pids from this host (SO_PEERCRED) are those of its procfs */
	c.proc_own = self_pid_in(c.proc_fd, c.proc) == (long)getpid();
	c.errors = da_jx(json_object_new_array());
	{
		const char *ep = NULL;
		struct json_object *src = NULL, *v = NULL;
		if (json_object_object_get_ex(root, "source", &src) &&
		    json_object_object_get_ex(src, "endpoint", &v) &&
		    json_object_is_type(v, json_type_string))
			ep = json_object_get_string(v);
		if (ep && strncmp(ep, "unix://", 7) == 0 && ep[7] == '/')
			c.socket = ep + 7;
	}

	host = da_jx(json_object_new_object());
	da_jset(host, "available", da_jx(json_object_new_boolean(!remote)));
	da_jset(host, "reason", remote ? remote_reason(root) : NULL);
	da_jset(host, "root", da_jstr_utf8(rootdir));
	da_jset(host, "proc", da_jstr_utf8(c.proc));
	da_jset(host, "self_container", self_container_json(&c));
	da_jset(host, "env", env_json());
	/* without root some facts are unreadable; each says so in its own
	   error, and reports note that the probe ran unprivileged */
	da_jset(host, "privileged", da_jx(json_object_new_boolean(geteuid() == 0)));
	da_jset(host, "uid", da_jx(json_object_new_int64((int64_t)geteuid())));

	if (strcmp(da_engine_kind_of(root), "podman") == 0) {
		/* The path of a dockerd that cannot be told (below), with
		   Podman's own reason: no dockerd serves this API, so no
		   dockerd's process, flags or files are read or guessed. */
		da_jset(host, "available", da_jx(json_object_new_boolean(0)));
		da_jset(host, "reason", da_jstr(PODMAN_REASON));
		match = da_jx(json_object_new_object());
		da_jset(match, "candidates", da_jx(json_object_new_array()));
		da_jset(match, "pid", NULL);
		da_jset(match, "by", NULL);
		da_jset(match, "reason", da_jstr(PODMAN_REASON));
		da_jset(host, "dockerd_match", match);
		da_jset(host, "dockerd_running", da_jx(json_object_new_boolean(0)));
		da_jset(host, "dockerd", NULL);
		da_jset(host, "daemon_json", NULL);
		da_jset(host, "effective", NULL);
		da_jset(host, "groups", da_jx(json_object_new_object()));
		if (daemon_pid > 0)
			ret = DA_ERR_NOTFOUND;
		goto done;
	}

	if (remote) {
		da_jset(host, "dockerd_running", da_jx(json_object_new_boolean(0)));
		da_jset(host, "dockerd", NULL);
		da_jset(host, "daemon_json", NULL);
		da_jset(host, "effective", NULL);
		da_jset(host, "groups", da_jx(json_object_new_object()));
		goto done;
	}

	if (c.proc_fd < 0)
		hp_error(&c, "cannot open %s: %s", c.proc, da_strerror(proc_err));
	if (da_root_init(&c.r, rootdir) != 0) {
		/* nothing may then be read from the scanner's own root */
		hp_error(&c, "cannot open host root %s: %s", rootdir,
			 da_strerror(c.r.err));
	}

	seen = hp_list_dockerds(&c, &cands, &n);
	match = da_jx(json_object_new_object());
	{
		struct json_object *pids = da_jx(json_object_new_array());
		for (i = 0; i < n; i++)
			da_jpush(pids, da_jx(json_object_new_int64(cands[i].pid)));
		da_jset(match, "candidates", pids);
	}
	if (daemon_pid > 0) {
		/* named by the user: it must be a live dockerd */
		for (i = 0; i < n && cands[i].pid != daemon_pid; i++)
			;
		if (i == n) {
			da_jset(match, "by", NULL);
			da_jset(match, "reason", da_jmsg("--daemon-pid %ld is not a running dockerd",
						   daemon_pid));
			da_jset(host, "dockerd_match", match);
			da_jset(host, "dockerd_running", da_jx(json_object_new_boolean(seen > 0)));
			da_jset(host, "dockerd", NULL);
			ret = DA_ERR_NOTFOUND;
			goto done;
		}
		hp_describe_full(&c, cands[i].pid, &pick);
		da_jset(match, "by", da_jstr_utf8("--daemon-pid"));
	} else if (n > 0 && !c.socket) {
		/* no audited unix socket to match (a host probe on its own):
		   the newest dockerd outside containers */
		best = cands[0];
		for (i = 1; i < n; i++)
			if (hp_cand_better(&cands[i], &best))
				best = cands[i];
		hp_describe_full(&c, best.pid, &pick);
		da_jset(match, "by", da_jstr_utf8("newest"));
	} else if (n > 0) {
		struct described *desc = da_xcalloc(n, sizeof(*desc));
		char *why = NULL;
		long k = hp_choose_dockerd(&c, root, cands, n, desc, match, &why);

		for (i = 0; i < n; i++) {
			if ((long)i == k)
				pick = desc[i];
			else
				hp_described_release(&desc[i]);
		}
		free(desc);
		if (k < 0) {
			/* never guess: every check that needs the daemon's
			   process or files says why it cannot judge */
			da_jset(match, "pid", NULL);
			da_jset(match, "reason", da_jstr_utf8(why));
			da_jset(host, "available", da_jx(json_object_new_boolean(0)));
			da_jset(host, "reason", da_jstr_utf8(why));
			da_jset(host, "dockerd_match", match);
			da_jset(host, "dockerd_running", da_jx(json_object_new_boolean(1)));
			da_jset(host, "dockerd", NULL);
			da_jset(host, "daemon_json", NULL);
			da_jset(host, "effective", NULL);
			da_jset(host, "groups", da_jx(json_object_new_object()));
			free(why);
			goto done;
		}
	}
	if (pick.dockerd) {
		dockerd = pick.dockerd;
		da_jset(dockerd, "candidates", da_jx(json_object_new_int((int)seen)));
		dj = pick.dj;
		eff = pick.eff;
		free(pick.config_path);
		{
			struct json_object *pid = NULL;
			json_object_object_get_ex(dockerd, "pid", &pid);
			da_jset(match, "pid", da_jcopy(pid));
		}
	} else {
		da_jset(match, "pid", NULL);
		da_jset(match, "by", NULL);
		dj = hp_read_daemon_json(&c, DEFAULT_DAEMON_JSON);
		{
			struct json_object *content = NULL;
			json_object_object_get_ex(dj, "content", &content);
			eff = da_dockerd_effective(NULL, content);
		}
	}
	da_jset(match, "reason", NULL);
	da_jset(host, "dockerd_match", match);

	da_jset(host, "dockerd_running", da_jx(json_object_new_boolean(dockerd != NULL)));
	da_jset(host, "dockerd", dockerd);
	da_jset(host, "daemon_json", dj);
	da_jset(host, "effective", eff);

	groups = da_jx(json_object_new_object());
	da_jset(groups, "docker", strcmp(rootdir, "/") == 0 ? hp_docker_group_nss(&c)
							 : hp_docker_group_file(&c));
	da_jset(host, "groups", groups);

done:
	da_jset(host, "errors", c.errors);
	da_jset(root, "host", host);
	if (c.proc_fd >= 0)
		close(c.proc_fd);
	da_root_close(&c.r);
	free(cands);
	free(rootdir);
	return ret;
}
