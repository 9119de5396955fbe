/*
 * Root-confined host file access (see hostroot.h), and the passwd and
 * group file parser every reader of those files shares.
 */
#include "config.h"

#include "hostroot.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

#if defined(__has_include)
#if __has_include(<linux/openat2.h>)
#include <linux/openat2.h>
#endif
#endif
#if defined(SYS_openat2) && defined(RESOLVE_IN_ROOT)
#define DA_HAVE_OPENAT2 1
#endif

/* Cleared by da_root_set_openat2(false), or once the kernel refused it. */
static bool openat2_allowed = true;
static bool openat2_refused;

void da_root_set_openat2(bool allowed)
{
	openat2_allowed = allowed;
}

const char *da_path_component(const char **p, size_t *n)
{
	const char *s = *p, *c;

	while (*s == '/')
		s++;
	if (!*s) {
		*p = s;
		return NULL;
	}
	c = s;
	while (*s && *s != '/')
		s++;
	*n = (size_t)(s - c);
	*p = s;
	return c;
}

char *da_root_normalise(const char *host_root)
{
	size_t n;
	char *s;

	if (!host_root || !*host_root)
		host_root = "/";
	n = strlen(host_root);
	while (n > 1 && host_root[n - 1] == '/')
		n--;
	s = da_xmalloc(n + 1);
	memcpy(s, host_root, n);
	s[n] = '\0';
	return s;
}

int da_root_init(struct da_root *r, const char *host_root)
{
	memset(r, 0, sizeof(*r));
	r->fd = -1;
	r->path = da_root_normalise(host_root);
	r->fd = open(r->path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (r->fd < 0) {
		r->err = errno;
		return -r->err;
	}
	return 0;
}

void da_root_close(struct da_root *r)
{
	if (r->fd >= 0)
		close(r->fd);
	free(r->path);
	r->path = NULL;
	r->fd = -1;
}

/* ---- the resolver ------------------------------------------------------- */

/*
 * Where a walk ended: the directory holding the last component (dir, an
 * O_PATH descriptor owned by the walk) and that component's name, or an
 * empty name when the path names the directory itself ("/", "x/..").
 * canon is the canonical path of dir, "" for the root.
 */
struct walk {
	int dir;
	char name[NAME_MAX + 1];
	char canon[PATH_MAX];
	size_t clen;
};

static void walk_release(struct walk *w)
{
	if (w->dir >= 0)
		close(w->dir);
	w->dir = -1;
}

/* Reopens the canonical directory path canon[0..clen) from the root. */
static int open_canon(const struct da_root *r, const char *canon, size_t clen)
{
	char comp[NAME_MAX + 1];
	size_t i = 0;
	int fd = openat(r->fd, ".", O_PATH | O_DIRECTORY | O_CLOEXEC);

	while (fd >= 0 && i < clen) {
		size_t s, n;
		int nfd;

		while (i < clen && canon[i] == '/')
			i++;
		s = i;
		while (i < clen && canon[i] != '/')
			i++;
		n = i - s;
		if (!n)
			break;
		memcpy(comp, canon + s, n);
		comp[n] = '\0';
		/* no link is expected on a canonical path: one appearing is refused */
		nfd = openat(fd, comp, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		close(fd);
		fd = nfd;
	}
	return fd < 0 ? -errno : fd;
}

/*
 * Walks path inside the root.  Every component but the last must be a
 * directory (links to one are followed); the last is followed too when
 * follow is set.  Returns 0 with w filled (release it), or -errno.
 */
static int walk(const struct da_root *r, const char *path, bool follow, struct walk *w)
{
	char *rest, *p;
	int links = 0, rc = 0;

	memset(w, 0, sizeof(*w));
	w->dir = -1;
	if (r->err)
		return -r->err;
	if (r->fd < 0)
		return -EBADF;
	if (!path || !*path)
		return -ENOENT;
	if (strlen(path) >= PATH_MAX)
		return -ENAMETOOLONG;
	w->dir = openat(r->fd, ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (w->dir < 0)
		return -errno;
	rest = da_xstrdup(path);
	p = rest;
	for (;;) {
		char comp[NAME_MAX + 1];
		const char *c, *q;
		size_t n;
		bool last;
		struct stat st;
		int fd;

		q = p;
		c = da_path_component(&q, &n);
		p += q - p;
		if (!c)
			break;
		/* a trailing slash makes the component a directory to enter */
		last = *p == '\0';
		if (n > NAME_MAX) {
			rc = -ENAMETOOLONG;
			break;
		}
		memcpy(comp, c, n);
		comp[n] = '\0';
		w->name[0] = '\0';
		if (strcmp(comp, ".") == 0)
			continue;
		if (strcmp(comp, "..") == 0) {
			/* never above the root; re-walked from it, never through a link */
			while (w->clen > 0 && w->canon[w->clen - 1] != '/')
				w->clen--;
			if (w->clen > 0)
				w->clen--;
			w->canon[w->clen] = '\0';
			close(w->dir);
			w->dir = open_canon(r, w->canon, w->clen);
			if (w->dir < 0) {
				rc = w->dir;
				break;
			}
			continue;
		}
		if (last && !follow) {
			memcpy(w->name, comp, n + 1);
			break;
		}
		fd = openat(w->dir, comp, O_PATH | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0 || fstat(fd, &st) != 0) {
			rc = -errno;
			if (fd >= 0)
				close(fd);
			break;
		}
		if (S_ISLNK(st.st_mode)) {
			char target[PATH_MAX];
			ssize_t tl;
			char *nrest;

			if (++links > DA_ROOT_MAXLINKS) {
				close(fd);
				rc = -ELOOP;
				break;
			}
			tl = readlinkat(fd, "", target, sizeof(target) - 1);
			close(fd);
			if (tl < 0) {
				rc = -errno;
				break;
			}
			if (tl == 0) {
				rc = -ENOENT;
				break;
			}
			target[tl] = '\0';
			if ((size_t)tl + strlen(p) + 1 >= PATH_MAX) {
				rc = -ENAMETOOLONG;
				break;
			}
			nrest = da_xasprintf("%s%s", target, p);
			free(rest);
			rest = p = nrest;
			if (target[0] == '/') {
				close(w->dir);
				w->clen = 0;
				w->canon[0] = '\0';
				w->dir = openat(r->fd, ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
				if (w->dir < 0) {
					rc = -errno;
					break;
				}
			}
			continue;
		}
		if (last) {
			close(fd);
			memcpy(w->name, comp, n + 1);
			break;
		}
		if (!S_ISDIR(st.st_mode)) {
			close(fd);
			rc = -ENOTDIR;
			break;
		}
		if (w->clen + 1 + n >= sizeof(w->canon)) {
			close(fd);
			rc = -ENAMETOOLONG;
			break;
		}
		w->canon[w->clen++] = '/';
		memcpy(w->canon + w->clen, comp, n + 1);
		w->clen += n;
		close(w->dir);
		w->dir = fd;
	}
	free(rest);
	if (rc)
		walk_release(w);
	return rc;
}

/* fstatat of where a walk ended, never following a last link. */
static int walk_stat(const struct walk *w, struct stat *st)
{
	int rc = w->name[0] ? fstatat(w->dir, w->name, st, AT_SYMLINK_NOFOLLOW)
			    : fstatat(w->dir, "", st, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW);
	return rc == 0 ? 0 : -errno;
}

int da_root_stat(const struct da_root *r, const char *path, struct stat *st)
{
	struct walk w;
	int rc = walk(r, path, true, &w);

	if (rc)
		return rc;
	rc = walk_stat(&w, st);
	walk_release(&w);
	return rc;
}

int da_root_lstat(const struct da_root *r, const char *path, struct stat *st)
{
	struct walk w;
	int rc = walk(r, path, false, &w);

	if (rc)
		return rc;
	rc = walk_stat(&w, st);
	walk_release(&w);
	return rc;
}

int da_root_readlink(const struct da_root *r, const char *path, char *buf, size_t size)
{
	struct walk w;
	ssize_t n;
	int rc = walk(r, path, false, &w);

	if (rc)
		return rc;
	if (!w.name[0] || size < 2 || size > INT_MAX) {
		walk_release(&w);
		return -EINVAL;
	}
	n = readlinkat(w.dir, w.name, buf, size - 1);
	rc = n < 0 ? -errno : (size_t)n >= size - 1 ? -ENAMETOOLONG : (int)n;
	if (rc >= 0)
		buf[n] = '\0';
	walk_release(&w);
	return rc;
}

int da_root_resolve(const struct da_root *r, const char *path, char *out, size_t size)
{
	struct walk w;
	struct stat st;
	size_t need;
	int rc = walk(r, path, true, &w);

	if (rc)
		return rc;
	rc = walk_stat(&w, &st);
	if (rc == 0) {
		need = w.clen + (w.name[0] ? 1 + strlen(w.name) : 0);
		if (need == 0)
			need = 1;
		if (need + 1 > size)
			rc = -ENAMETOOLONG;
		else if (w.clen == 0 && !w.name[0])
			snprintf(out, size, "/");
		else
			snprintf(out, size, "%s%s%s", w.canon, w.name[0] ? "/" : "", w.name);
	}
	walk_release(&w);
	return rc;
}

int da_root_open(const struct da_root *r, const char *path, int flags)
{
	struct walk w;
	int fd, rc;

	if (r->err)
		return -r->err;
	if (!path || !*path)
		return -ENOENT;
#ifdef DA_HAVE_OPENAT2
	if (openat2_allowed && !openat2_refused) {
		struct open_how how;
		const char *rel = path;
		int tries;

		while (*rel == '/')
			rel++;
		if (!*rel)
			rel = ".";
		memset(&how, 0, sizeof(how));
		how.flags = (uint64_t)(flags | O_CLOEXEC);
		how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
		for (tries = 0; tries < 3; tries++) {
			fd = (int)syscall(SYS_openat2, r->fd, rel, &how, sizeof(how));
			if (fd >= 0)
				return fd;
			if (errno != EAGAIN)
				break;
		}
		/* refused by the kernel or a seccomp filter: walk ourselves */
		if (errno == ENOSYS || errno == EPERM)
			openat2_refused = true;
		else if (errno != EAGAIN)
			return -errno;
	}
#endif
	rc = walk(r, path, true, &w);
	if (rc)
		return rc;
	fd = openat(w.dir, w.name[0] ? w.name : ".", flags | O_NOFOLLOW | O_CLOEXEC);
	rc = fd < 0 ? -errno : fd;
	walk_release(&w);
	return rc;
}

DIR *da_root_opendir(const struct da_root *r, const char *path, int *err)
{
	int fd = da_root_open(r, path, O_RDONLY | O_DIRECTORY | O_NONBLOCK);
	DIR *d;

	if (fd < 0) {
		*err = -fd;
		return NULL;
	}
	d = fdopendir(fd);
	if (!d) {
		*err = errno;
		close(fd);
	}
	return d;
}

int da_read_fd(int fd, size_t max, struct da_buf *out)
{
	struct stat st;
	char chunk[65536];
	int ret = 0;

	if (fstat(fd, &st) != 0) {
		ret = -errno;
		goto out_close;
	}
	if (!S_ISREG(st.st_mode)) {
		ret = DA_ERR_NOTREG;
		goto out_close;
	}
	da_buf_add(out, "", 0);
	for (;;) {
		size_t want = sizeof(chunk);
		ssize_t got;

		if (out->len >= max) {
			/* one byte more tells a file of exactly max bytes apart */
			got = read(fd, chunk, 1);
			if (got > 0)
				ret = 1;
			else if (got < 0 && errno == EINTR)
				continue;
			break;
		}
		if (want > max - out->len)
			want = max - out->len;
		got = read(fd, chunk, want);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			ret = -errno;
			break;
		}
		if (got == 0)
			break;
		da_buf_add(out, chunk, (size_t)got);
	}
	da_buf_str(out);
out_close:
	close(fd);
	return ret;
}

int da_root_read_file(const struct da_root *r, const char *path, size_t max, struct da_buf *out)
{
	int fd = da_root_open(r, path, O_RDONLY | O_NOCTTY | O_NONBLOCK);

	return fd < 0 ? fd : da_read_fd(fd, max, out);
}

const char *da_root_type_name(mode_t m)
{
	if (S_ISREG(m))
		return "file";
	if (S_ISDIR(m))
		return "dir";
	if (S_ISSOCK(m))
		return "socket";
	if (S_ISFIFO(m))
		return "fifo";
	if (S_ISCHR(m))
		return "char";
	if (S_ISBLK(m))
		return "block";
	return "other";
}
