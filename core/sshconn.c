/*
 * ssh:// endpoints (sshconn.h): URL parsing, the ssh command line, and one
 * ssh process per connection, its standard input and output one end of a
 * socket pair, its standard error kept in a memory file for the message
 * when it fails.
 */
#include "config.h"

#include "sshconn.h"
#include "escape.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define SSH_SHOWN_MAX 160      /* longest hostile text echoed */
#define SSH_STDERR_MAX 65536   /* what is read back of ssh's stderr */
#define SSH_LINE_MAX 200       /* longest line of it shown */
#define SSH_GRACE_MS 1500      /* for ssh to leave once its input closes */
#define SSH_TERM_MS 1000       /* after SIGTERM, before SIGKILL */

/* ---------------------------------------------------------------------------
 * URLs
 */

static void set_err(char *err, size_t errlen, const char *fmt, ...) DA_FMT(3, 4);
static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || !errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* Hostile text made printable and short (owned). */
static char *shown(const char *s, size_t n)
{
	struct da_buf b = { 0 };
	char *raw = da_xmalloc(n + 1), *out;

	memcpy(raw, s, n);
	raw[n] = '\0';
	da_escape_text(&b, raw);
	free(raw);
	if (b.len > SSH_SHOWN_MAX) {
		out = da_xasprintf("%.*s...", SSH_SHOWN_MAX, b.data);
		da_buf_release(&b);
		return out;
	}
	if (!b.data)
		return da_xstrdup("");
	return da_buf_steal(&b);
}

static bool alnum(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* A user name: letters, digits, '.', '_', '-', not starting with '-'. */
static bool valid_user(const char *s, size_t n)
{
	size_t i;

	if (!n || s[0] == '-')
		return false;
	for (i = 0; i < n; i++)
		if (!alnum((unsigned char)s[i]) && !strchr("._-", s[i]))
			return false;
	return true;
}

/* A host name or IPv4 address: letters, digits, '.', '_', '-', not
   starting with '-' or '.'. */
static bool valid_host(const char *s, size_t n)
{
	size_t i;

	if (!n || s[0] == '-' || s[0] == '.')
		return false;
	for (i = 0; i < n; i++)
		if (!alnum((unsigned char)s[i]) && !strchr("._-", s[i]))
			return false;
	return true;
}

/* An IPv6 address (the inside of the brackets): hex digits, ':', '.', and
   a zone after '%' of letters, digits, '.', '_', '-'. */
static bool valid_ipv6(const char *s, size_t n)
{
	size_t i, colons = 0;
	bool zone = false;

	if (n < 2 || s[0] == '-')
		return false;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (zone) {
			if (!alnum(c) && !strchr("._-", c))
				return false;
		} else if (c == '%') {
			if (i + 1 == n)
				return false;
			zone = true;
		} else if (c == ':') {
			colons++;
		} else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
			     (c >= 'A' && c <= 'F') || c == '.')) {
			return false;
		}
	}
	return colons >= 2;
}

static bool valid_port(const char *s, size_t n)
{
	unsigned long v = 0;
	size_t i;

	if (!n || n > 5 || s[0] == '0')
		return false;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (unsigned long)(s[i] - '0');
	}
	return v >= 1 && v <= 65535;
}

void da_ssh_target_release(struct da_ssh_target *t)
{
	free(t->user);
	free(t->host);
	free(t->port);
	free(t->url);
	memset(t, 0, sizeof(*t));
}

int da_ssh_parse(const char *url, struct da_ssh_target *t, char *err, size_t errlen)
{
	const char *a, *end, *at, *hp, *hend, *colon = NULL;
	char *sh;
	bool v6 = false;

	memset(t, 0, sizeof(*t));
	if (!url || strncmp(url, "ssh://", 6) != 0) {
		sh = shown(url ? url : "", url ? strlen(url) : 0);
		set_err(err, errlen, "not an ssh:// URL: %s", sh);
		free(sh);
		return DA_ERR_INVALID;
	}
	sh = shown(url, strlen(url));
	a = url + 6;
	end = a + strcspn(a, "/?#");
	if (*end && strcmp(end, "/") != 0) {
		set_err(err, errlen, "invalid ssh URL %s: a path, query or fragment is not "
			"supported", sh);
		goto bad;
	}
	/* the last '@' ends the user part */
	at = NULL;
	for (hp = a; hp < end; hp++)
		if (*hp == '@')
			at = hp;
	hp = a;
	if (at) {
		if (memchr(a, ':', (size_t)(at - a))) {
			set_err(err, errlen, "invalid ssh URL %s: a password in the URL is not "
				"supported", sh);
			goto bad;
		}
		if (!valid_user(a, (size_t)(at - a))) {
			set_err(err, errlen, "invalid ssh URL %s: bad user name", sh);
			goto bad;
		}
		t->user = da_xmalloc((size_t)(at - a) + 1);
		memcpy(t->user, a, (size_t)(at - a));
		t->user[at - a] = '\0';
		hp = at + 1;
	}
	if (hp < end && *hp == '[') {
		const char *close = memchr(hp, ']', (size_t)(end - hp));
		if (!close || !valid_ipv6(hp + 1, (size_t)(close - hp - 1))) {
			set_err(err, errlen, "invalid ssh URL %s: bad IPv6 address", sh);
			goto bad;
		}
		v6 = true;
		hend = close;
		hp++;
		if (close + 1 < end) {
			if (close[1] != ':') {
				set_err(err, errlen, "invalid ssh URL %s: bad host", sh);
				goto bad;
			}
			colon = close + 1;
		}
	} else {
		colon = memchr(hp, ':', (size_t)(end - hp));
		hend = colon ? colon : end;
		if (hend == hp) {
			set_err(err, errlen, "invalid ssh URL %s: no host", sh);
			goto bad;
		}
		if (!valid_host(hp, (size_t)(hend - hp))) {
			set_err(err, errlen, "invalid ssh URL %s: bad host", sh);
			goto bad;
		}
	}
	if (colon && !valid_port(colon + 1, (size_t)(end - colon - 1))) {
		set_err(err, errlen, "invalid ssh URL %s: bad port (1-65535)", sh);
		goto bad;
	}
	t->host = da_xmalloc((size_t)(hend - hp) + 1);
	memcpy(t->host, hp, (size_t)(hend - hp));
	t->host[hend - hp] = '\0';
	if (colon) {
		t->port = da_xmalloc((size_t)(end - colon));
		memcpy(t->port, colon + 1, (size_t)(end - colon - 1));
		t->port[end - colon - 1] = '\0';
	}
	t->url = da_xasprintf("ssh://%s%s%s%s%s%s%s", t->user ? t->user : "",
			      t->user ? "@" : "", v6 ? "[" : "", t->host, v6 ? "]" : "",
			      t->port ? ":" : "", t->port ? t->port : "");
	free(sh);
	return DA_OK;
bad:
	free(sh);
	da_ssh_target_release(t);
	return DA_ERR_INVALID;
}

/* ---------------------------------------------------------------------------
 * The command line
 */

static const char *const dial_stdio[] = { "docker", "system", "dial-stdio", NULL };

char **da_ssh_argv(const struct da_ssh_target *t, const char *prog, const char *config)
{
	return da_ssh_argv_cmd(t, prog, config, dial_stdio);
}

char **da_ssh_argv_cmd(const struct da_ssh_target *t, const char *prog, const char *config,
		       const char *const *cmd)
{
	size_t ncmd = 0;
	char **v;
	int n = 0;

	while (cmd[ncmd])
		ncmd++;
	v = da_xcalloc(13 + ncmd, sizeof(*v));

	v[n++] = da_xstrdup(prog);
	if (config && *config) {
		v[n++] = da_xstrdup("-F");
		v[n++] = da_xstrdup(config);
	}
	/* the docker CLI's: a connect timeout, no pseudo-terminal */
	v[n++] = da_xstrdup("-o");
	v[n++] = da_xstrdup("ConnectTimeout=30");
	v[n++] = da_xstrdup("-T");
	if (t->user) {
		v[n++] = da_xstrdup("-l");
		v[n++] = da_xstrdup(t->user);
	}
	if (t->port) {
		v[n++] = da_xstrdup("-p");
		v[n++] = da_xstrdup(t->port);
	}
	v[n++] = da_xstrdup("--");
	v[n++] = da_xstrdup(t->host);
	for (; *cmd; cmd++)
		v[n++] = da_xstrdup(*cmd);
	v[n] = NULL;
	return v;
}

void da_ssh_argv_free(char **argv)
{
	size_t i;

	for (i = 0; argv && argv[i]; i++)
		free(argv[i]);
	free(argv);
}

/* ---------------------------------------------------------------------------
 * Processes
 */

/* The first executable regular file named ssh in the absolute folders of
   $PATH (owned), or NULL. */
static char *find_ssh(void)
{
	const char *path = getenv("PATH"), *p, *e;
	struct stat st;

	if (!path || !*path)
		path = "/usr/bin:/bin";
	for (p = path;; p = e + 1) {
		e = strchr(p, ':');
		if (!e)
			e = p + strlen(p);
		/* only absolute folders: never an ssh of the current folder */
		if (*p == '/') {
			char *cand = da_xasprintf("%.*s/ssh", (int)(e - p), p);

			if (stat(cand, &st) == 0 && S_ISREG(st.st_mode) && access(cand, X_OK) == 0)
				return cand;
			free(cand);
		}
		if (!*e)
			return NULL;
	}
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void nap(void)
{
	struct timespec ts = { 0, 10 * 1000 * 1000 };

	nanosleep(&ts, NULL);
}

/* The last non-empty line of the n bytes at buf (NUL-terminated there,
   changed in place), cleaned and cut (owned), or NULL. */
static char *tail_line(char *buf, size_t n)
{
	char *line, *out = NULL;
	size_t len;

	buf[n] = '\0';
	/* NUL bytes end the text */
	n = strlen(buf);
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r' || buf[n - 1] == ' '))
		buf[--n] = '\0';
	if (n) {
		line = strrchr(buf, '\n');
		line = line ? line + 1 : buf;
		len = strlen(line);
		while (len && line[len - 1] == '\r')
			line[--len] = '\0';
		if (len > SSH_LINE_MAX)
			len = SSH_LINE_MAX;
		out = shown(line, len);
	}
	return out;
}

/* The last non-empty line of ssh's standard error, cleaned (owned), or NULL. */
static char *last_line(int fd)
{
	char *buf = da_xmalloc(SSH_STDERR_MAX + 1), *out;
	ssize_t r;
	size_t n = 0;
	off_t size = lseek(fd, 0, SEEK_END);

	/* the end is what matters */
	(void)lseek(fd, size > SSH_STDERR_MAX ? size - SSH_STDERR_MAX : 0, SEEK_SET);
	while (n < SSH_STDERR_MAX && (r = read(fd, buf + n, SSH_STDERR_MAX - n)) != 0) {
		if (r < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		n += (size_t)r;
	}
	out = tail_line(buf, n);
	free(buf);
	return out;
}

/* Records why an ssh process that left by itself failed (first kept). */
static void note_exit(struct da_ssh *s, struct da_ssh_conn *c, int status)
{
	char *line;
	char how[64];

	if (s->problem[0] || (WIFEXITED(status) && WEXITSTATUS(status) == 0))
		return;
	if (WIFEXITED(status))
		snprintf(how, sizeof(how), "status %d", WEXITSTATUS(status));
	else
		snprintf(how, sizeof(how), "signal %d", WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	line = c->errfd >= 0 ? last_line(c->errfd) : NULL;
	snprintf(s->problem, sizeof(s->problem), "ssh to %s failed (%s)%s%s%s", s->t.url, how,
		 line ? ": " : "", line ? line : "",
		 WIFEXITED(status) && WEXITSTATUS(status) == 127
			 ? " (is docker installed on the remote host, in ssh's PATH?)"
			 : "");
	free(line);
}

/* Waits until the monotonic time until for c's process; true once reaped. */
static bool reap(struct da_ssh *s, struct da_ssh_conn *c, long long until, bool note)
{
	int status;
	pid_t r;

	for (;;) {
		r = waitpid(c->pid, &status, WNOHANG);
		if (r == c->pid) {
			if (note)
				note_exit(s, c, status);
			c->pid = 0;
			return true;
		}
		if (r < 0 && errno != EINTR) {
			c->pid = 0;
			return true;
		}
		if (now_ms() >= until)
			return false;
		nap();
	}
}

/* Ends c's process: a grace period, then SIGTERM, then SIGKILL. */
static void finish(struct da_ssh *s, struct da_ssh_conn *c, long long grace_until)
{
	int status;

	if (c->pid > 0 && !reap(s, c, grace_until, true)) {
		kill(c->pid, SIGTERM);
		if (!reap(s, c, now_ms() + SSH_TERM_MS, false)) {
			kill(c->pid, SIGKILL);
			while (waitpid(c->pid, &status, 0) < 0 && errno == EINTR)
				;
			c->pid = 0;
		}
	}
	if (c->errfd >= 0)
		close(c->errfd);
	c->errfd = -1;
}

/* Runs argv with in, out and errfd as its standard input, output and
   error, default signal dispositions and nothing blocked; posix_spawn's
   result. */
static int spawn_fds(char **argv, int in, int out, int errfd, pid_t *pid)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t none, def;
	int rc;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in, 0);
	posix_spawn_file_actions_adddup2(&fa, out, 1);
	posix_spawn_file_actions_adddup2(&fa, errfd, 2);
	posix_spawnattr_init(&attr);
	sigemptyset(&none);
	sigemptyset(&def);
	sigaddset(&def, SIGPIPE);
	sigaddset(&def, SIGINT);
	sigaddset(&def, SIGTERM);
	sigaddset(&def, SIGHUP);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setsigdefault(&attr, &def);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
	rc = posix_spawn(pid, argv[0], &fa, &attr, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	return rc;
}

/* Starts ssh with fd as its standard input and output. */
static void spawn(struct da_ssh *s, int fd)
{
	struct da_ssh_conn *c;
	int errfd, rc;
	pid_t pid;

	errfd = memfd_create("dockaudit-ssh-stderr", MFD_CLOEXEC);
	if (errfd < 0) {
		if (!s->problem[0])
			snprintf(s->problem, sizeof(s->problem), "cannot start ssh: %s",
				 strerror(errno));
		return;
	}
	rc = spawn_fds(s->argv, fd, fd, errfd, &pid);
	if (rc != 0) {
		if (!s->problem[0])
			snprintf(s->problem, sizeof(s->problem), "cannot run %s: %s", s->argv[0],
				 strerror(rc));
		close(errfd);
		return;
	}
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 8;
		s->conns = da_xrealloc(s->conns, s->cap * sizeof(*s->conns));
	}
	c = &s->conns[s->n++];
	c->pid = pid;
	c->errfd = errfd;
}

int da_ssh_init(struct da_ssh *s, const char *url, char *err, size_t errlen)
{
	const char *config = getenv(DA_SSH_CONFIG_ENV), *tmp = getenv("TMPDIR");
	struct sockaddr_un sa;
	char *prog;
	int ret;

	memset(s, 0, sizeof(*s));
	s->lfd = -1;
	ret = da_ssh_parse(url, &s->t, err, errlen);
	if (ret != DA_OK)
		return ret;
	prog = find_ssh();
	if (!prog) {
		set_err(err, errlen, "cannot reach %s: ssh not found in PATH (install an "
			"OpenSSH client)", s->t.url);
		return DA_ERR_NOTFOUND;
	}
	s->argv = da_ssh_argv(&s->t, prog, config);
	free(prog);

	/* a socket path must fit sockaddr_un */
	if (!tmp || tmp[0] != '/' || strlen(tmp) > 60)
		tmp = "/tmp";
	s->dir = da_xasprintf("%s/dockaudit-ssh.XXXXXX", tmp);
	if (!mkdtemp(s->dir)) {
		set_err(err, errlen, "cannot reach %s: cannot create a private folder in %s: %s",
			s->t.url, tmp, strerror(errno));
		free(s->dir);
		s->dir = NULL;
		return DA_ERR_IO;
	}
	s->sock = da_xasprintf("%s/s", s->dir);
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", s->sock);
	s->lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (s->lfd < 0 || bind(s->lfd, (struct sockaddr *)&sa, sizeof(sa)) != 0 ||
	    listen(s->lfd, 32) != 0) {
		set_err(err, errlen, "cannot reach %s: cannot listen on %s: %s", s->t.url, s->sock,
			strerror(errno));
		return DA_ERR_IO;
	}
	return DA_OK;
}

/* Reaps the processes that left; true when none runs any more. */
static bool reap_all(struct da_ssh *s, long long until)
{
	bool all;
	size_t i;

	for (;;) {
		all = true;
		for (i = 0; i < s->n; i++)
			if (s->conns[i].pid > 0 && !reap(s, &s->conns[i], 0, true))
				all = false;
		if (all || now_ms() >= until)
			return all;
		nap();
	}
}

void da_ssh_pump(struct da_ssh *s)
{
	int fd;

	while (s->lfd >= 0 && (fd = accept4(s->lfd, NULL, NULL, SOCK_CLOEXEC)) >= 0) {
		spawn(s, fd);
		close(fd);
	}
	(void)reap_all(s, 0);
}

const char *da_ssh_problem(struct da_ssh *s)
{
	if (!s->problem[0])
		(void)reap_all(s, now_ms() + 1000);
	return s->problem[0] ? s->problem : NULL;
}

void da_ssh_release(struct da_ssh *s)
{
	long long until = now_ms() + SSH_GRACE_MS;
	size_t i;

	if (s->lfd >= 0)
		close(s->lfd);
	if (s->sock)
		unlink(s->sock);
	if (s->dir)
		rmdir(s->dir);
	for (i = 0; i < s->n; i++)
		finish(s, &s->conns[i], until);
	free(s->conns);
	free(s->sock);
	free(s->dir);
	da_ssh_argv_free(s->argv);
	da_ssh_target_release(&s->t);
	memset(s, 0, sizeof(*s));
	s->lfd = -1;
}

/* ---------------------------------------------------------------------------
 * One remote command, its output read within bounds
 */

/* Waits for pid until the monotonic time until; true once reaped. */
static bool wait_pid_until(pid_t pid, long long until, int *status)
{
	pid_t r;

	for (;;) {
		r = waitpid(pid, status, WNOHANG);
		if (r == pid)
			return true;
		if (r < 0 && errno != EINTR) {
			*status = 0;
			return true;
		}
		if (now_ms() >= until)
			return false;
		nap();
	}
}

/* Keeps the last SSH_STDERR_MAX bytes (at most twice that) of a stream. */
static void tail_add(struct da_buf *b, const char *p, size_t n)
{
	if (n >= SSH_STDERR_MAX) {
		b->len = 0;
		p += n - SSH_STDERR_MAX;
		n = SSH_STDERR_MAX;
	} else if (b->len + n > 2 * SSH_STDERR_MAX) {
		size_t keep = SSH_STDERR_MAX - n;
		memmove(b->data, b->data + b->len - keep, keep);
		b->len = keep;
	}
	da_buf_add(b, p, n);
}

int da_ssh_capture(const struct da_ssh_target *t, const char *const *cmd, size_t max,
		   long timeout_ms, struct da_ssh_capture *c, char *err, size_t errlen)
{
	char *prog, **argv = NULL, *chunk = NULL;
	int out[2] = { -1, -1 }, errp[2] = { -1, -1 }, in = -1, rc, status = 0;
	struct da_buf tail = { 0 };
	long long until;
	pid_t pid;

	memset(c, 0, sizeof(*c));
	c->status = -1;
	prog = find_ssh();
	if (!prog) {
		set_err(err, errlen, "cannot reach %s: ssh not found in PATH (install an "
			"OpenSSH client)", t->url);
		return DA_ERR_NOTFOUND;
	}
	argv = da_ssh_argv_cmd(t, prog, getenv(DA_SSH_CONFIG_ENV), cmd);
	free(prog);
	in = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (in < 0 || pipe2(out, O_CLOEXEC) != 0 || pipe2(errp, O_CLOEXEC) != 0) {
		set_err(err, errlen, "cannot start ssh: %s", strerror(errno));
		rc = DA_ERR_IO;
		goto done;
	}
	rc = spawn_fds(argv, in, out[1], errp[1], &pid);
	close(out[1]);
	close(errp[1]);
	out[1] = errp[1] = -1;
	if (rc != 0) {
		set_err(err, errlen, "cannot run %s: %s", argv[0], strerror(rc));
		rc = DA_ERR_IO;
		goto done;
	}

	/* standard output up to max bytes, the end of standard error, until
	   both close or the time is up */
	chunk = da_xmalloc(65536);
	until = now_ms() + (timeout_ms > 0 ? timeout_ms : 0);
	while (out[0] >= 0 || errp[0] >= 0) {
		struct pollfd pf[2] = { { out[0], POLLIN, 0 }, { errp[0], POLLIN, 0 } };
		long long left = until - now_ms();
		int i, pr;

		if (left <= 0) {
			c->timed_out = true;
			break;
		}
		pr = poll(pf, 2, left > 60000 ? 60000 : (int)left);
		if (pr < 0 && errno != EINTR)
			break;
		for (i = 0; pr > 0 && i < 2; i++) {
			int *fd = i ? &errp[0] : &out[0];
			ssize_t r;

			if (*fd < 0 || !pf[i].revents)
				continue;
			r = read(*fd, chunk, 65536);
			if (r < 0 && (errno == EINTR || errno == EAGAIN))
				continue;
			if (r <= 0) {
				close(*fd);
				*fd = -1;
			} else if (i) {
				tail_add(&tail, chunk, (size_t)r);
			} else if (c->out.len + (size_t)r > max) {
				c->too_big = true;
				close(*fd);
				*fd = -1;
			} else {
				da_buf_add(&c->out, chunk, (size_t)r);
			}
		}
		if (c->too_big)
			break;
	}
	if (out[0] >= 0)
		close(out[0]);
	if (errp[0] >= 0)
		close(errp[0]);
	out[0] = errp[0] = -1;
	/* ended when it ran too long or said too much; else it is leaving */
	if (!wait_pid_until(pid, c->timed_out || c->too_big ? 0 : now_ms() + SSH_GRACE_MS,
			    &status)) {
		kill(pid, SIGTERM);
		if (!wait_pid_until(pid, now_ms() + SSH_TERM_MS, &status)) {
			kill(pid, SIGKILL);
			while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
				;
		}
	}
	if (WIFEXITED(status))
		c->status = WEXITSTATUS(status);
	else if (WIFSIGNALED(status))
		c->signal = WTERMSIG(status);
	if (tail.len)
		c->errline = tail_line(tail.data, tail.len);
	rc = DA_OK;
done:
	if (in >= 0)
		close(in);
	if (out[1] >= 0)
		close(out[1]);
	if (errp[1] >= 0)
		close(errp[1]);
	if (out[0] >= 0)
		close(out[0]);
	if (errp[0] >= 0)
		close(errp[0]);
	free(chunk);
	da_buf_release(&tail);
	da_ssh_argv_free(argv);
	return rc;
}

void da_ssh_capture_release(struct da_ssh_capture *c)
{
	da_buf_release(&c->out);
	free(c->errline);
	memset(c, 0, sizeof(*c));
}
