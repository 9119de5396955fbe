#include "config.h"

#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *da_strerror(int err)
{
	switch (err) {
	case DA_OK: return "success";
	case DA_ERR_NOMEM: return "out of memory";
	case DA_ERR_IO: return "input/output error";
	case DA_ERR_PARSE: return "malformed input";
	case DA_ERR_CONNECT: return "cannot connect";
	case DA_ERR_HTTP: return "error answer from the daemon";
	case DA_ERR_TIMEOUT: return "timed out";
	case DA_ERR_INVALID: return "invalid argument";
	case DA_ERR_NOTFOUND: return "not found";
	case DA_ERR_REFUSED: return "refused";
	}
	return "unknown error";
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
	fputs("dockaudit: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void da_warnf(const char *fmt, ...)
{
	va_list ap;
	fputs("dockaudit: warning: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

int da_atomic_open(struct da_atomic *a, const char *path, char *err, size_t errlen)
{
	mode_t mask;
	int fd;

	memset(a, 0, sizeof(*a));
	a->path = da_xstrdup(path);
	a->tmp = da_xasprintf("%s.tmpXXXXXX", path);
	fd = mkstemp(a->tmp);
	if (fd < 0) {
		snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
		free(a->tmp);
		free(a->path);
		a->tmp = a->path = NULL;
		return DA_ERR_IO;
	}
	mask = umask(0);
	umask(mask);
	(void)fchmod(fd, 0600 & ~mask);
	a->fp = fdopen(fd, "w");
	if (!a->fp) {
		snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
		close(fd);
		unlink(a->tmp);
		free(a->tmp);
		free(a->path);
		a->tmp = a->path = NULL;
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
	if (fflush(fp) != 0 || ferror(fp) || fsync(fileno(fp)) != 0) {
		snprintf(err, errlen, "cannot write %s: %s", a->path, strerror(errno));
		rc = DA_ERR_IO;
	}
	if (fclose(fp) != 0 && rc == DA_OK) {
		snprintf(err, errlen, "cannot write %s: %s", a->path, strerror(errno));
		rc = DA_ERR_IO;
	}
	a->fp = NULL;
	if (rc == DA_OK && rename(a->tmp, a->path) != 0) {
		snprintf(err, errlen, "cannot write %s: %s", a->path, strerror(errno));
		rc = DA_ERR_IO;
	}
	if (rc != DA_OK)
		unlink(a->tmp);
	free(a->tmp);
	free(a->path);
	a->tmp = a->path = NULL;
	return rc;
}

void da_atomic_abort(struct da_atomic *a)
{
	if (a->fp)
		fclose(a->fp);
	if (a->tmp)
		unlink(a->tmp);
	free(a->tmp);
	free(a->path);
	memset(a, 0, sizeof(*a));
}
