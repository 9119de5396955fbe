/*
 * Root-confined host file access (see hostroot.h), and the passwd and
 * group file parser every reader of those files shares.
 */
#include "config.h"

#include "hostroot.h"

#include <ctype.h>
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

int da_root_init(struct da_root *r, const char *host_root)
{
	size_t n;

	memset(r, 0, sizeof(*r));
	r->fd = -1;
	if (!host_root || !*host_root)
		host_root = "/";
	n = strlen(host_root);
	while (n > 1 && host_root[n - 1] == '/')
		n--;
	r->path = da_xmalloc(n + 1);
	memcpy(r->path, host_root, n);
	r->path[n] = '\0';
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
		const char *c;
		size_t n;
		bool last;
		struct stat st;
		int fd;

		while (*p == '/')
			p++;
		if (!*p)
			break;
		c = p;
		while (*p && *p != '/')
			p++;
		n = (size_t)(p - c);
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

/* ---- passwd and group files ------------------------------------------------ */

void da_identry_release(struct da_identry *e)
{
	if (!e)
		return;
	free(e->name);
	free(e->members);
	e->name = NULL;
	e->members = NULL;
}

bool da_identry_parse(const char *line, struct da_identry *out)
{
	const char *f[4] = { NULL, NULL, NULL, NULL };
	size_t flen[4] = { 0, 0, 0, 0 };
	const char *p = line, *end;
	char idbuf[24];
	char *ep;
	unsigned long id;
	int i;

	memset(out, 0, sizeof(*out));
	if (!line)
		return false;
	end = line + strcspn(line, "\n");
	if (end > line && end[-1] == '\r')
		end--;
	if (p == end || *p == '#' || *p == '+' || *p == '-')
		return false;
	for (i = 0; i < 4; i++) {
		const char *s = p;
		while (p < end && *p != ':')
			p++;
		f[i] = s;
		flen[i] = (size_t)(p - s);
		if (p == end) {
			i++;
			break;
		}
		p++; /* the ':' */
	}
	if (i < 3 || flen[0] == 0 || flen[2] == 0 || flen[2] >= sizeof(idbuf))
		return false;
	memcpy(idbuf, f[2], flen[2]);
	idbuf[flen[2]] = '\0';
	if (!isdigit((unsigned char)idbuf[0]))
		return false;
	errno = 0;
	id = strtoul(idbuf, &ep, 10);
	if (*ep || errno || id > UINT32_MAX)
		return false;
	out->name = da_xmalloc(flen[0] + 1);
	memcpy(out->name, f[0], flen[0]);
	out->name[flen[0]] = '\0';
	out->id = id;
	if (f[3]) {
		size_t ml = (size_t)(end - f[3]);
		/* group lines have exactly four fields; passwd lines more */
		if (memchr(f[3], ':', ml))
			ml = 0;
		out->members = da_xmalloc(ml + 1);
		memcpy(out->members, f[3], ml);
		out->members[ml] = '\0';
	} else {
		out->members = da_xstrdup("");
	}
	return true;
}

int da_idmap_parse(struct da_idmap *m, const char *data, size_t len)
{
	size_t pos = 0, cap = m->n;

	while (pos < len) {
		const char *s = data + pos;
		size_t n = 0;
		char *line;
		struct da_identry e;

		while (pos + n < len && s[n] != '\n')
			n++;
		pos += n + 1;
		line = da_xmalloc(n + 1);
		memcpy(line, s, n);
		line[n] = '\0';
		if (da_identry_parse(line, &e)) {
			if (m->n == cap) {
				cap = cap ? cap * 2 : 32;
				m->v = da_xrealloc(m->v, cap * sizeof(*m->v));
			}
			m->v[m->n++] = e;
		}
		free(line);
	}
	return 0;
}

const struct da_identry *da_idmap_by_id(const struct da_idmap *m, unsigned long id)
{
	size_t i;
	for (i = 0; m && i < m->n; i++)
		if (m->v[i].id == id)
			return &m->v[i];
	return NULL;
}

const struct da_identry *da_idmap_by_name(const struct da_idmap *m, const char *name)
{
	size_t i;
	for (i = 0; m && name && i < m->n; i++)
		if (strcmp(m->v[i].name, name) == 0)
			return &m->v[i];
	return NULL;
}

void da_idmap_release(struct da_idmap *m)
{
	size_t i;
	if (!m)
		return;
	for (i = 0; i < m->n; i++)
		da_identry_release(&m->v[i]);
	free(m->v);
	m->v = NULL;
	m->n = 0;
}

const char *da_group_next_member(const char *p, const char **name, size_t *len)
{
	while (p && *p) {
		const char *s = p, *e;

		while (*p && *p != ',')
			p++;
		e = p;
		if (*p)
			p++;
		while (s < e && (*s == ' ' || *s == '\t'))
			s++;
		while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
			e--;
		if (e > s) {
			*name = s;
			*len = (size_t)(e - s);
			return p;
		}
	}
	return NULL;
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
