/*
 * dockaudit fix: reading the files the plan starts from, and applying the
 * plan.  Every host path is resolved inside --host-root (core/hostroot.h);
 * files are written beside themselves through a descriptor of their
 * folder, after a backup FILE.dockaudit-STAMP with the same owner and mode,
 * and renamed into place.  A failure puts every backup back.  docs/fix.md.
 */
#include "config.h"

#include "cli.h"
#include "endpoint.h"
#include "engine.h"
#include "escape.h"
#include "fix.h"
#include "hostroot.h"
#include "probe.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define FIX_MAX_FILE (4u << 20)

/* ---- what was done, to undo it ----------------------------------------- */

struct undo {
	int dirfd;        /* folder of a written file, or -1 */
	char *base;       /* its name in dirfd */
	char *backup;     /* backup name, NULL when the file is new */
	char *path;       /* for messages and for ownership changes */
	bool meta;        /* an ownership or mode change */
	long uid, gid;
	unsigned mode;
};

struct undo_log {
	struct undo *v;
	size_t n, cap;
};

static struct undo *undo_add(struct undo_log *l)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 8;
		l->v = da_xrealloc(l->v, l->cap * sizeof(*l->v));
	}
	memset(&l->v[l->n], 0, sizeof(l->v[0]));
	l->v[l->n].dirfd = -1;
	return &l->v[l->n++];
}

static void undo_free(struct undo_log *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		if (l->v[i].dirfd >= 0)
			close(l->v[i].dirfd);
		free(l->v[i].base);
		free(l->v[i].backup);
		free(l->v[i].path);
	}
	free(l->v);
}

static int meta_set(const struct da_root *root, const char *path, long uid, long gid,
		    unsigned mode, bool set_mode)
{
	int fd = da_root_open(root, path, O_PATH), rc = 0;
	char proc[64];

	if (fd < 0)
		return fd;
	if (uid >= 0 && fchownat(fd, "", (uid_t)uid, (gid_t)gid, AT_EMPTY_PATH) != 0)
		rc = -errno;
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	if (!rc && set_mode && chmod(proc, mode) != 0)
		rc = -errno;
	close(fd);
	return rc;
}

static void rollback(const struct da_root *root, struct undo_log *l, FILE *report)
{
	size_t i;

	for (i = l->n; i-- > 0;) {
		struct undo *u = &l->v[i];
		int rc = 0;

		if (u->meta)
			rc = meta_set(root, u->path, u->uid, u->gid, u->mode, true);
		else if (u->backup)
			rc = renameat(u->dirfd, u->backup, u->dirfd, u->base) ? -errno : 0;
		else
			rc = unlinkat(u->dirfd, u->base, 0) ? -errno : 0;
		if (rc)
			da_errorf("cannot restore %s: %s", u->path, da_strerror(rc));
		else
			fprintf(report, "restored %s\n", u->path);
	}
}

/* ---- writing one file --------------------------------------------------- */

static int write_all(int fd, const char *s, size_t n)
{
	while (n) {
		ssize_t w = write(fd, s, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Creates name in dirfd with text, owner and mode; removes it on failure. */
static int create_file(int dirfd, const char *name, const char *text, uid_t uid, gid_t gid,
		       unsigned mode)
{
	int fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	int rc;

	if (fd < 0)
		return -errno;
	rc = write_all(fd, text, strlen(text));
	if (!rc && fchown(fd, uid, gid) != 0)
		rc = -errno;
	if (!rc && fchmod(fd, mode) != 0)
		rc = -errno;
	if (!rc && fsync(fd) != 0)
		rc = -errno;
	if (close(fd) != 0 && !rc)
		rc = -errno;
	if (rc)
		unlinkat(dirfd, name, 0);
	return rc;
}

static char *dir_of(const char *p)
{
	const char *s = strrchr(p, '/');

	return s == p || !s ? da_xstrdup("/") : da_xasprintf("%.*s", (int)(s - p), p);
}

/* Runs dockerd --validate --config-file (host path of a file below root "/"). */
static int validate_with_dockerd(const char *exe, const char *file, char *msg, size_t msglen)
{
	int pfd[2], status;
	pid_t pid;
	ssize_t n;
	size_t got = 0;

	if (pipe2(pfd, O_CLOEXEC) != 0)
		return -errno;
	pid = fork();
	if (pid < 0) {
		close(pfd[0]);
		close(pfd[1]);
		return -errno;
	}
	if (pid == 0) {
		int null = open("/dev/null", O_RDONLY);
		if (null >= 0)
			dup2(null, 0);
		dup2(pfd[1], 1);
		dup2(pfd[1], 2);
		execl(exe, exe, "--validate", "--config-file", file, (char *)NULL);
		_exit(127);
	}
	close(pfd[1]);
	while (got + 1 < msglen && (n = read(pfd[0], msg + got, msglen - 1 - got)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		got += (size_t)n;
	}
	msg[got] = '\0';
	close(pfd[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	{
		char *nl;
		while ((nl = strchr(msg, '\n')) && nl[1])
			*nl = ' ';
		if ((nl = strchr(msg, '\n')))
			*nl = '\0';
	}
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}

/*
 * Writes f->new_text over f->path (inside root) after a backup.  validate
 * (daemon.json) runs on a copy beside it first.
 */
static int write_one(const struct da_root *root, const struct da_fix_file *f, const char *stamp,
		     const char *validate_exe, struct undo_log *log, FILE *report)
{
	char canon[PATH_MAX], *dir, *tmp = NULL, *bak = NULL;
	const char *base;
	struct stat st;
	struct da_buf cur = { 0 };
	int dirfd, rc;
	uid_t uid = 0;
	gid_t gid = 0;
	unsigned mode = f->new_mode;
	struct undo *u;

	rc = da_root_resolve(root, f->path, canon, sizeof(canon));
	if (rc == -ENOENT && !f->exists) {
		char *d = dir_of(f->path);
		rc = da_root_resolve(root, d, canon, sizeof(canon));
		if (!rc) {
			const char *b = strrchr(f->path, '/') + 1;
			size_t l = strlen(canon);
			if (l + 1 + strlen(b) + 1 > sizeof(canon))
				rc = -ENAMETOOLONG;
			else
				snprintf(canon + l, sizeof(canon) - l, "%s%s",
					 canon[l - 1] == '/' ? "" : "/", b);
		}
		free(d);
	} else if (rc == 0 && !f->exists) {
		da_errorf("cannot write %s: it appeared since it was read", f->path);
		return -EEXIST;
	}
	if (rc) {
		da_errorf("cannot write %s: %s", f->path, da_strerror(rc));
		return rc;
	}
	dir = dir_of(canon);
	base = strrchr(canon, '/') + 1;
	dirfd = da_root_open(root, dir, O_PATH | O_DIRECTORY);
	free(dir);
	if (dirfd < 0) {
		da_errorf("cannot write %s: %s", f->path, da_strerror(dirfd));
		return dirfd;
	}
	if (f->exists) {
		int fd;
		if (fstatat(dirfd, base, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode)) {
			da_errorf("cannot write %s: not a regular file", f->path);
			close(dirfd);
			return -EINVAL;
		}
		uid = st.st_uid;
		gid = st.st_gid;
		mode = st.st_mode & 07777;
		fd = openat(dirfd, base, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
		rc = fd < 0 ? -errno : da_read_fd(fd, FIX_MAX_FILE, &cur);
		if (rc || strcmp(da_buf_str(&cur), f->old_text) != 0) {
			da_errorf("cannot write %s: %s", f->path,
				  rc ? da_strerror(rc) : "it changed since it was read");
			da_buf_release(&cur);
			close(dirfd);
			return rc ? rc : -ESTALE;
		}
		da_buf_release(&cur);
	}
	tmp = da_xasprintf(".%s.dockaudit-new", base);
	unlinkat(dirfd, tmp, 0);
	rc = create_file(dirfd, tmp, f->new_text, uid, gid, mode);
	if (rc) {
		da_errorf("cannot write %s: %s", f->path, da_strerror(rc));
		goto fail;
	}
	if (validate_exe) {
		char msg[512], *d = dir_of(canon);
		char *tpath = da_xasprintf("%s/%s", strcmp(d, "/") == 0 ? "" : d, tmp);

		free(d);
		rc = validate_with_dockerd(validate_exe, tpath, msg, sizeof(msg));
		free(tpath);
		if (rc) {
			da_errorf("dockerd --validate refuses the merged %s: %s", f->path,
				  rc < 0 ? da_strerror(rc) : msg);
			unlinkat(dirfd, tmp, 0);
			rc = -EINVAL;
			goto fail;
		}
		fprintf(report, "dockerd --validate accepts the merged %s\n", f->path);
	}
	if (f->exists) {
		bak = da_xasprintf("%s.dockaudit-%s", base, stamp);
		rc = create_file(dirfd, bak, f->old_text, uid, gid, mode);
		if (rc) {
			da_errorf("cannot back up %s: %s", f->path, da_strerror(rc));
			unlinkat(dirfd, tmp, 0);
			goto fail;
		}
	}
	if (renameat(dirfd, tmp, dirfd, base) != 0) {
		rc = -errno;
		da_errorf("cannot write %s: %s", f->path, da_strerror(rc));
		unlinkat(dirfd, tmp, 0);
		if (bak)
			unlinkat(dirfd, bak, 0);
		goto fail;
	}
	{
		int dfd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd >= 0) {
			fsync(dfd);
			close(dfd);
		}
	}
	u = undo_add(log);
	u->dirfd = dirfd;
	u->base = da_xstrdup(base);
	u->backup = bak;
	u->path = da_xstrdup(f->path);
	if (bak) {
		struct da_buf b = { 0 };
		da_escape_text(&b, f->path);
		fprintf(report, "wrote %s (backup %s.dockaudit-%s)\n", da_buf_str(&b),
			da_buf_str(&b), stamp);
		da_buf_release(&b);
	} else {
		struct da_buf b = { 0 };
		da_escape_text(&b, f->path);
		fprintf(report, "wrote %s (new file)\n", da_buf_str(&b));
		da_buf_release(&b);
	}
	free(tmp);
	return 0;
fail:
	free(tmp);
	free(bak);
	close(dirfd);
	return rc;
}

/* ---- checks before writing daemon.json ---------------------------------- */

static bool applies(const struct da_fix_item *it)
{
	return it->apply == DA_FIX_AUTO || (it->apply == DA_FIX_ACCEPT && it->accepted);
}

static int check_daemon_json(const struct da_fix_plan *p, struct json_object *flags,
			     const char *version)
{
	char why[192];
	struct json_object *obj = json_tokener_parse(p->daemon_json.new_text);
	size_t i;
	int rc = 0;

	if (!json_object_is_type(obj, json_type_object)) {
		da_errorf("the merged %s does not parse", p->daemon_json.path);
		json_object_put(obj);
		return -EINVAL;
	}
	for (i = 0; i < p->n_items; i++) {
		const struct da_fix_item *it = &p->items[i];
		if (it->kind != DA_FIX_DAEMON_JSON || !applies(it))
			continue;
		if (!da_fix_known_key(it->key)) {
			da_errorf("daemon.json key %s is not one dockaudit knows dockerd reads",
				  it->key);
			rc = -EINVAL;
		} else if (da_fix_key_status(it->key, version, why, sizeof(why)) != DA_FIX_KEY_OK) {
			da_errorf("%s", why);
			rc = -EINVAL;
		}
	}
	/* a key this dockerd no longer reads: it would not start */
	json_object_object_foreach(obj, key, val) {
		(void)val;
		if (da_fix_key_status(key, version, why, sizeof(why)) == DA_FIX_KEY_REMOVED) {
			struct da_buf b = { 0 };
			da_escape_text(&b, why);
			da_errorf("the merged %s keeps a key dockerd would refuse: %s",
				  p->daemon_json.path, da_buf_str(&b));
			da_buf_release(&b);
			rc = -EINVAL;
		}
	}
	if (json_object_is_type(flags, json_type_object)) {
		json_object_object_foreach(obj, k, v2) {
			(void)v2;
			if (json_object_object_get_ex(flags, k, NULL)) {
				struct da_buf b = { 0 };
				da_escape_text(&b, k);
				da_errorf("the merged %s sets %s, which dockerd's command line also "
					  "sets: dockerd would refuse to start", p->daemon_json.path,
					  da_buf_str(&b));
				da_buf_release(&b);
				rc = -EINVAL;
			}
		}
	}
	json_object_put(obj);
	return rc;
}

/* Major version of a "23.0.1"-style server version; 0 when unknown. */
static int major_version(const char *v)
{
	return v ? atoi(v) : 0;
}

/* ---- apply -------------------------------------------------------------- */

int da_fix_apply_plan(const struct da_fix_plan *p, const struct da_fix_apply_opts *o,
		      struct json_object *flags, FILE *report)
{
	struct da_root root;
	struct undo_log log = { 0 };
	size_t i;
	int rc = 0;

	if (p->blocked) {
		da_errorf("--write refused, nothing changed: %s", p->blocked);
		return DA_EXIT_FIX_FAILED;
	}
	if (p->daemon_json.new_text && check_daemon_json(p, flags, o->daemon_version) != 0) {
		da_errorf("--write refused, nothing changed");
		return DA_EXIT_FIX_FAILED;
	}
	da_root_init(&root, o->host_root);
	if (p->daemon_json.new_text)
		rc = write_one(&root, &p->daemon_json, o->stamp, o->dockerd_exe, &log, report);
	if (!rc && p->rules.new_text)
		rc = write_one(&root, &p->rules, o->stamp, NULL, &log, report);
	if (!rc && p->env.new_text)
		rc = write_one(&root, &p->env, o->stamp, NULL, &log, report);
	for (i = 0; !rc && i < p->n_items; i++) {
		const struct da_fix_item *it = &p->items[i];
		struct undo *u;
		bool own = it->kind == DA_FIX_OWNER;

		if ((it->kind != DA_FIX_OWNER && it->kind != DA_FIX_MODE) || !applies(it))
			continue;
		rc = meta_set(&root, it->path, own ? it->uid : -1, own ? it->gid : -1, it->mode,
			      !own);
		if (rc) {
			da_errorf("cannot %s %s: %s", own ? "chown" : "chmod", it->path,
				  da_strerror(rc));
			break;
		}
		u = undo_add(&log);
		u->meta = true;
		u->path = da_xstrdup(it->path);
		u->uid = it->old_uid;
		u->gid = it->old_gid;
		u->mode = it->old_mode;
		{
			struct da_buf b = { 0 };
			da_escape_text(&b, it->manual);
			fprintf(report, "%s\n", da_buf_str(&b));
			da_buf_release(&b);
		}
	}
	if (rc) {
		rollback(&root, &log, report);
		da_errorf("--write failed: every change was undone");
		rc = DA_EXIT_FIX_FAILED;
	}
	undo_free(&log);
	da_root_close(&root);
	return rc;
}

bool da_fix_plan_writes_files(const struct da_fix_plan *p)
{
	size_t i;

	if (p->daemon_json.new_text || p->rules.new_text || p->env.new_text)
		return true;
	for (i = 0; i < p->n_items; i++)
		if ((p->items[i].kind == DA_FIX_OWNER || p->items[i].kind == DA_FIX_MODE) &&
		    applies(&p->items[i]))
			return true;
	return false;
}

int da_fix_apply(const struct da_fix_plan *p, const struct da_fix_apply_opts *o, FILE *report)
{
	return da_fix_apply_plan(p, o, NULL, report);
}

/* ---- container updates -------------------------------------------------- */

/*
 * POST /containers/{id}/update for each container of the plan, one request
 * each, to the daemon the audit read (resolved again as the audit did, and
 * compared with the audited endpoint).  Nothing is restarted, and a
 * container the daemon refuses does not undo the others: each update is
 * whole or not at all in the daemon.  0, or DA_EXIT_FIX_CONTAINERS.
 */
static int update_containers(const struct da_fix_plan *p, const struct da_cli *cli,
			     struct json_object *probe, FILE *report)
{
	struct da_endpoint ep;
	struct da_engine_config ecfg;
	const char *api = da_probe_str(probe, "source.api_version");
	const char *endpoint = da_probe_str(probe, "source.endpoint");
	char err[512], warn[512];
	size_t i, failed = 0;

	if (!p->n_updates)
		return 0;
	memset(&ep, 0, sizeof(ep));
	if (da_endpoint_resolve(cli->context, cli->host, &ep, err, sizeof(err)) != 0) {
		da_errorf("cannot update containers: %s", err);
		da_endpoint_release(&ep);
		return DA_EXIT_FIX_CONTAINERS;
	}
	da_endpoint_engine_config(&ep, &ecfg);
	ecfg.timeout_ms = cli->timeout_ms;
	ecfg.parallel = 1;
	for (i = 0; i < p->n_updates; i++) {
		const struct da_fix_update *u = &p->updates[i];
		const char *body = json_object_to_json_string_ext(u->body, JSON_C_TO_STRING_PLAIN);
		struct da_buf name = { 0 };
		int rc;

		da_escape_text(&name, u->name);
		rc = da_engine_update(&ecfg, api, endpoint, u->id, body, warn, sizeof(warn), err,
				      sizeof(err));
		if (rc) {
			struct da_buf e = { 0 };
			da_escape_text(&e, err);
			da_errorf("cannot update container %s: %s", da_buf_str(&name),
				  da_buf_str(&e));
			da_buf_release(&e);
			failed++;
		} else {
			fprintf(report, "updated container %s: %s\n", da_buf_str(&name), body);
			if (*warn) {
				struct da_buf w = { 0 };
				da_escape_text(&w, warn);
				fprintf(report, "  the daemon warns: %s\n", da_buf_str(&w));
				da_buf_release(&w);
			}
		}
		da_buf_release(&name);
	}
	da_endpoint_release(&ep);
	if (failed) {
		da_errorf("%zu of %zu container updates failed; the files and the other "
			  "containers keep their changes", failed, p->n_updates);
		return DA_EXIT_FIX_CONTAINERS;
	}
	return 0;
}

/* ---- the subcommand ----------------------------------------------------- */

static int stat_in_root(void *ctx, const char *path, long *uid, long *gid, unsigned *mode)
{
	struct stat st;
	int rc = da_root_stat(ctx, path, &st);

	if (rc)
		return rc;
	*uid = (long)st.st_uid;
	*gid = (long)st.st_gid;
	*mode = (unsigned)st.st_mode & 07777;
	return 0;
}

/* Reads a host file: 0 with *text set (NULL when missing), or -errno. */
static int read_host(const struct da_root *root, const char *path, char **text)
{
	struct da_buf b = { 0 };
	int rc;

	*text = NULL;
	if (!path)
		return 0;
	rc = da_root_read_file(root, path, FIX_MAX_FILE, &b);
	if (rc == -ENOENT) {
		da_buf_release(&b);
		return 0;
	}
	if (rc == 1)
		rc = -EFBIG;
	if (rc == -DA_ROOT_ENOTREG)
		rc = -EINVAL;
	if (rc) {
		da_buf_release(&b);
		return rc;
	}
	if (strlen(da_buf_str(&b)) != b.len) {
		da_buf_release(&b);
		return -EILSEQ;
	}
	*text = da_buf_steal(&b);
	if (!*text)
		*text = da_xstrdup("");
	return 0;
}

int da_fix_main(const struct da_cli *cli, struct json_object *probe, const struct da_report *r)
{
	struct da_fix_inputs in;
	struct da_fix_plan plan;
	struct da_fix_limits limits;
	struct da_root root;
	char *dj = NULL, *rules = NULL, *env = NULL, *djerr = NULL;
	const char *rules_path = cli->fix_rules_file ? cli->fix_rules_file : DA_FIX_DEFAULT_RULES;
	bool json = strcmp(cli->format, "json") == 0;
	int rc = DA_EXIT_OK, e;

	memset(&in, 0, sizeof(in));
	da_root_init(&root, cli->host_root);
	in.daemon_json_path = da_probe_str(probe, "host.daemon_json.path");
	e = read_host(&root, in.daemon_json_path, &dj);
	if (e)
		djerr = da_xasprintf("cannot read it: %s", e == -EILSEQ ? "it holds a NUL byte"
				     : strerror(-e));
	in.daemon_json = dj;
	in.daemon_json_error = djerr;
	in.rules_path = rules_path;
	read_host(&root, rules_path, &rules);
	in.rules = rules;
	in.env_path = DA_FIX_ENVIRONMENT;
	read_host(&root, DA_FIX_ENVIRONMENT, &env);
	in.env = env;
	in.accept = cli->fix_accept;
	if (cli->fix_set) {
		char err[160];
		if (da_fix_parse_set(cli->fix_set, &limits, err, sizeof(err)) != 0) {
			/* cli.c checked it already */
			da_errorf("%s", err);
			da_root_close(&root);
			free(dj);
			free(djerr);
			free(rules);
			free(env);
			return DA_EXIT_USAGE;
		}
		in.set = &limits;
	}
	in.stat_file = stat_in_root;
	in.stat_ctx = &root;
	da_fix_build(&plan, probe, r, &in);

	if (json) {
		struct json_object *o = da_fix_to_json(&plan, cli->fix_write, cli->benchmark);
		puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
						       JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(o);
	} else {
		da_fix_print_text(stdout, &plan, cli->fix_write);
	}
	fflush(stdout);
	if (cli->fix_write) {
		struct da_fix_apply_opts o;
		char stamp[32];
		time_t now = time(NULL);
		struct tm tm;
		const char *ver = da_probe_str(probe, "engine.version.Version");
		const char *exe = da_probe_str(probe, "host.dockerd.exe");
		bool at_root = !cli->host_root || strcmp(cli->host_root, "/") == 0;

		localtime_r(&now, &tm);
		strftime(stamp, sizeof(stamp), "%Y%m%d%H%M%S", &tm);
		memset(&o, 0, sizeof(o));
		o.host_root = cli->host_root;
		o.stamp = stamp;
		o.daemon_version = ver;
		if (at_root && exe && major_version(ver) >= 23 && access(exe, X_OK) == 0)
			o.dockerd_exe = exe;
		if (geteuid() != 0 && da_fix_plan_writes_files(&plan)) {
			da_errorf("--write needs root (the files are root's): nothing changed");
			rc = DA_EXIT_FIX_FAILED;
		} else {
			rc = da_fix_apply_plan(&plan, &o, da_probe_get(probe, "host.dockerd.flags"),
					       json ? stderr : stdout);
			/* containers last: a daemon's update cannot be undone as a file can */
			if (rc == 0)
				rc = update_containers(&plan, cli, probe, json ? stderr : stdout);
			if (rc == 0 || rc == DA_EXIT_FIX_CONTAINERS)
				fprintf(json ? stderr : stdout,
					"dockaudit restarts nothing: restart or reload what each "
					"item names (dockerd, augenrules --load).\n");
		}
	} else if (geteuid() != 0 && da_fix_plan_writes_files(&plan)) {
		fprintf(json ? stderr : stdout,
			"Not root: --write needs root to change these files.\n");
	}
	da_fix_plan_release(&plan);
	da_root_close(&root);
	free(dj);
	free(djerr);
	free(rules);
	free(env);
	return rc;
}
