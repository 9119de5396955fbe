#include "config.h"

#include "progress.h"
#include "util.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *da_strerror(int err)
{
	static _Thread_local char ring[4][128];
	static _Thread_local unsigned next;
	char *buf;

	if (err > 0)
		err = -err;
	switch (err) {
	case DA_OK: return "success";
	case DA_ERR_NOMEM: return "out of memory";
	case DA_ERR_PARSE: return "malformed input";
	case DA_ERR_HTTP: return "error answer from the daemon";
	case DA_ERR_REFUSED: return "refused";
	case DA_ERR_NOTREG: return "not a regular file";
	default: break;
	}
	if (err < -(DA_ERRNO_BASE - 1))
		return "unknown error";
	buf = ring[next++ % 4];
	snprintf(buf, sizeof(ring[0]), "%s", strerror(-err));
	/* "No such file", not "RPC struct is bad" */
	if (buf[0] >= 'A' && buf[0] <= 'Z' && !(buf[1] >= 'A' && buf[1] <= 'Z'))
		buf[0] = (char)(buf[0] - 'A' + 'a');
	return buf;
}

static void oom(void)
{
	fputs("dockaudit: out of memory\n", stderr);
	abort();
}

void *da_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *da_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom();
	return p;
}

void *da_xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom();
	return p;
}

char *da_xstrdup(const char *s)
{
	char *d;
	if (!s)
		return NULL;
	d = strdup(s);
	if (!d)
		oom();
	return d;
}

char *da_xvasprintf(const char *fmt, va_list ap)
{
	char *s;
	if (vasprintf(&s, fmt, ap) < 0)
		oom();
	return s;
}

char *da_xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	va_start(ap, fmt);
	s = da_xvasprintf(fmt, ap);
	va_end(ap);
	return s;
}

static void buf_grow(struct da_buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return;
	if (b->cap * 2 > need)
		need = b->cap * 2;
	if (need < 64)
		need = 64;
	b->data = da_xrealloc(b->data, need);
	b->cap = need;
}

void da_buf_add(struct da_buf *b, const void *p, size_t n)
{
	buf_grow(b, n);
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void da_buf_adds(struct da_buf *b, const char *s)
{
	da_buf_add(b, s, strlen(s));
}

void da_buf_addc(struct da_buf *b, char c)
{
	da_buf_add(b, &c, 1);
}

void da_buf_addf(struct da_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	buf_grow(b, 64);
	va_start(ap, fmt);
	n = vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= b->cap - b->len) {
		buf_grow(b, (size_t)n);
		va_start(ap, fmt);
		vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
	}
	b->len += (size_t)n;
}

const char *da_buf_str(struct da_buf *b)
{
	return b->data ? b->data : "";
}

char *da_buf_steal(struct da_buf *b)
{
	char *s = b->data ? b->data : da_xstrdup("");
	b->data = NULL;
	b->len = b->cap = 0;
	return s;
}

void da_buf_release(struct da_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

void da_errorf(const char *fmt, ...)
{
	va_list ap;
	da_progress_clear();
	fputs("dockaudit: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void da_warnf(const char *fmt, ...)
{
	va_list ap;
	da_progress_clear();
	fputs("dockaudit: warning: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* --- what a fatal signal undoes ---------------------------------------- */

#define CLEANUP_FILES 64
#define CLEANUP_GROUPS 256

static char *volatile cleanup_files[CLEANUP_FILES];
static volatile pid_t cleanup_groups[CLEANUP_GROUPS];

bool da_cleanup_add_group(pid_t pgid)
{
	size_t i;

	for (i = 0; i < CLEANUP_GROUPS; i++)
		if (cleanup_groups[i] == 0) {
			cleanup_groups[i] = pgid;
			return true;
		}
	return false;
}

void da_cleanup_remove_group(pid_t pgid)
{
	size_t i;

	for (i = 0; i < CLEANUP_GROUPS; i++)
		if (cleanup_groups[i] == pgid)
			cleanup_groups[i] = 0;
}

static int cleanup_add_file(char *path)
{
	int i;

	for (i = 0; i < CLEANUP_FILES; i++)
		if (!cleanup_files[i]) {
			cleanup_files[i] = path;
			return i;
		}
	return -1;
}

static void cleanup_remove_file(int slot, const char *path)
{
	if (path && slot >= 0 && slot < CLEANUP_FILES && cleanup_files[slot] == path)
		cleanup_files[slot] = NULL;
}

void da_cleanup_now(void)
{
	int saved = errno;
	size_t i;

	for (i = 0; i < CLEANUP_GROUPS; i++)
		if (cleanup_groups[i] > 0)
			kill(-cleanup_groups[i], SIGKILL);
	for (i = 0; i < CLEANUP_FILES; i++)
		if (cleanup_files[i])
			unlink(cleanup_files[i]);
	errno = saved;
}

/* --- report files -------------------------------------------------------- */

static void fail(char *err, size_t errlen, const char *path, const char *why)
{
	snprintf(err, errlen, "cannot write %s: %s", path, why);
}

/* A folder of descriptor links: /proc/PID/fd (also /dev/fd, /proc/self/fd). */
static bool is_fd_dir(const char *dir)
{
	char *rp = realpath(dir, NULL);
	size_t n = rp ? strlen(rp) : 0;
	bool yes = n > 9 && strncmp(rp, "/proc/", 6) == 0 && strcmp(rp + n - 3, "/fd") == 0;

	free(rp);
	return yes;
}

/*
 * True when following the symlink path reaches a descriptor of a process
 * (/dev/stdout -> /proc/self/fd/1, /dev/fd/63): it names an open file,
 * not a place in the file system that someone could have planted.
 */
static bool is_descriptor_link(const char *path)
{
	char cur[PATH_MAX], dir[PATH_MAX], next[PATH_MAX];
	int hops;

	if (strlen(path) >= sizeof(cur))
		return false;
	strcpy(cur, path);
	for (hops = 0; hops < 40; hops++) {
		struct stat st;
		char *slash;
		ssize_t n;
		int w;

		if (lstat(cur, &st) != 0 || !S_ISLNK(st.st_mode))
			return false;
		strcpy(dir, cur);
		slash = strrchr(dir, '/');
		if (!slash)
			strcpy(dir, ".");
		else if (slash == dir)
			dir[1] = '\0';
		else
			*slash = '\0';
		if (is_fd_dir(dir))
			return true;
		n = readlink(cur, next, sizeof(next) - 1);
		if (n < 0)
			return false;
		next[n] = '\0';
		if (next[0] == '/')
			w = snprintf(cur, sizeof(cur), "%s", next);
		else
			w = snprintf(cur, sizeof(cur), "%s/%s", dir, next);
		if (w < 0 || (size_t)w >= sizeof(cur))
			return false;
	}
	return false;
}

/*
 * Opens an existing target that is not replaced.  A FIFO is opened without
 * blocking, again every 50 ms until a reader has it open, at most
 * DA_FIFO_WAIT_MS; a regular file reached through a descriptor link is
 * appended to, as the descriptor's own writes would be.
 */
static int open_in_place(const char *path, const struct stat *st, char *err, size_t errlen)
{
	int flags = O_WRONLY | O_NOCTTY | O_CLOEXEC;
	int fd, waited = 0;

	if (S_ISREG(st->st_mode))
		flags |= O_APPEND;
	if (!S_ISFIFO(st->st_mode)) {
		fd = open(path, flags);
		if (fd < 0)
			fail(err, errlen, path, strerror(errno));
		return fd;
	}
	for (;;) {
		struct timespec ts = { 0, 50 * 1000 * 1000 };

		fd = open(path, flags | O_NONBLOCK);
		if (fd >= 0)
			break;
		if (errno == EINTR)
			continue;
		if (errno != ENXIO) {
			fail(err, errlen, path, strerror(errno));
			return -1;
		}
		if (waited >= DA_FIFO_WAIT_MS) {
			snprintf(err, errlen, "cannot write %s: no process opened the FIFO for reading within %d s",
				 path, DA_FIFO_WAIT_MS / 1000);
			return -1;
		}
		nanosleep(&ts, NULL);
		waited += 50;
	}
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) != 0) {
		fail(err, errlen, path, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/* True when path is to be written in place (st: what it leads to). */
static int in_place(const char *path, struct stat *st, char *err, size_t errlen)
{
	if (lstat(path, st) != 0) {
		if (errno == ENOENT)
			return 0;
		fail(err, errlen, path, strerror(errno));
		return -1;
	}
	if (S_ISREG(st->st_mode))
		return 0;
	if (!S_ISLNK(st->st_mode))
		return 1;
	if (stat(path, st) != 0)
		return 0; /* a dangling symlink is replaced */
	if (is_descriptor_link(path))
		return 1;
	return S_ISREG(st->st_mode) ? 0 : 1;
}

int da_atomic_open(struct da_atomic *a, const char *path, char *err, size_t errlen)
{
	struct stat st;
	sigset_t block, old;
	mode_t mask;
	int fd, how;

	memset(a, 0, sizeof(*a));
	a->slot = -1;
	how = in_place(path, &st, err, errlen);
	if (how < 0)
		return DA_ERR_IO;
	a->path = da_xstrdup(path);
	if (how == 1) {
		fd = open_in_place(path, &st, err, errlen);
		if (fd < 0) {
			free(a->path);
			a->path = NULL;
			return DA_ERR_IO;
		}
	} else {
		a->tmp = da_xasprintf("%s.tmpXXXXXX", path);
		/* no signal between creating the file and registering it */
		sigemptyset(&block);
		sigaddset(&block, SIGTERM);
		sigaddset(&block, SIGINT);
		sigaddset(&block, SIGHUP);
		sigprocmask(SIG_BLOCK, &block, &old);
		fd = mkstemp(a->tmp);
		if (fd >= 0)
			a->slot = cleanup_add_file(a->tmp);
		sigprocmask(SIG_SETMASK, &old, NULL);
		if (fd < 0) {
			fail(err, errlen, path, strerror(errno));
			free(a->tmp);
			free(a->path);
			a->tmp = a->path = NULL;
			return DA_ERR_IO;
		}
		mask = umask(0);
		umask(mask);
		(void)fchmod(fd, 0600 & ~mask);
	}
	a->fp = fdopen(fd, "w");
	if (!a->fp) {
		fail(err, errlen, path, strerror(errno));
		close(fd);
		da_atomic_abort(a);
		return DA_ERR_IO;
	}
	return DA_OK;
}

int da_atomic_commit(struct da_atomic *a, char *err, size_t errlen)
{
	FILE *fp = a->fp;
	int rc = DA_OK;

	if (!fp)
		return DA_ERR_INVALID;
	errno = 0;
	if (fflush(fp) != 0 || ferror(fp) || (a->tmp && fsync(fileno(fp)) != 0)) {
		fail(err, errlen, a->path, errno ? strerror(errno) : da_strerror(DA_ERR_IO));
		rc = DA_ERR_IO;
	}
	if (fclose(fp) != 0 && rc == DA_OK) {
		fail(err, errlen, a->path, strerror(errno));
		rc = DA_ERR_IO;
	}
	a->fp = NULL;
	if (rc == DA_OK && a->tmp && rename(a->tmp, a->path) != 0) {
		fail(err, errlen, a->path, strerror(errno));
		rc = DA_ERR_IO;
	}
	if (rc != DA_OK && a->tmp)
		unlink(a->tmp);
	cleanup_remove_file(a->slot, a->tmp);
	free(a->tmp);
	free(a->path);
	a->tmp = a->path = NULL;
	a->slot = -1;
	return rc;
}

void da_atomic_abort(struct da_atomic *a)
{
	if (a->fp)
		fclose(a->fp);
	if (a->tmp)
		unlink(a->tmp);
	cleanup_remove_file(a->slot, a->tmp);
	free(a->tmp);
	free(a->path);
	memset(a, 0, sizeof(*a));
	a->slot = -1;
}

int da_read_input(const char *path, size_t max, struct da_buf *b)
{
	char chunk[65536];
	bool in = strcmp(path, "-") == 0;
	FILE *fp = in ? stdin : fopen(path, "rb");
	size_t n;
	int rc = DA_OK;

	if (!fp)
		return errno ? -errno : DA_ERR_IO;
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		if (b->len + n > max) {
			rc = DA_ERR_TOOBIG;
			break;
		}
		da_buf_add(b, chunk, n);
	}
	if (rc == DA_OK && ferror(fp))
		rc = errno ? -errno : DA_ERR_IO;
	if (!in)
		fclose(fp);
	return rc;
}
