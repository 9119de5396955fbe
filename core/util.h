/*
 * Small helpers shared by every part of the core: the error space, allocation
 * that cannot return NULL, a growable string buffer.
 */
#ifndef DA_UTIL_H
#define DA_UTIL_H

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#if defined(__GNUC__)
#define DA_FMT(f, a) __attribute__((format(printf, f, a)))
#else
#define DA_FMT(f, a)
#endif

/*
 * The one error space of the core (as in the kernel and kmod): a function
 * that can fail returns 0 (or a count, a length, a descriptor) on success
 * and a negative errno value on failure.  The names below are the errno
 * values the core gives its own conditions; the few that no errno fits lie
 * just above the errno space (the kernel's errno values stop at 4095), so
 * that no code means two things.
 */
#define DA_ERRNO_BASE 4096

enum da_err {
	DA_OK = 0,
	DA_ERR_NOMEM = -ENOMEM,
	DA_ERR_IO = -EIO,             /* a file could not be read or written */
	DA_ERR_PARSE = -EBADMSG,      /* malformed input (JSON, flags, rules) */
	DA_ERR_CONNECT = -ECONNREFUSED, /* the daemon could not be reached */
	DA_ERR_TIMEOUT = -ETIMEDOUT,
	DA_ERR_INVALID = -EINVAL,     /* bad argument or usage */
	DA_ERR_NOTFOUND = -ENOENT,
	DA_ERR_TOOBIG = -EFBIG,       /* larger than the cap on what is read */
	/* above the errno space */
	DA_ERR_HTTP = -(DA_ERRNO_BASE + 1),   /* the daemon answered with an error status */
	DA_ERR_REFUSED = -(DA_ERRNO_BASE + 2), /* a module was refused */
	DA_ERR_NOTREG = -(DA_ERRNO_BASE + 3)   /* not a regular file (FIFO, device, dir) */
};

/*
 * A one-line text, lowercase first, for err: a negative errno value or
 * da_err (a positive errno is read as its negative).  The text stays valid
 * for the next three calls in the same thread.
 */
const char *da_strerror(int err);

/* Allocation that aborts with a message on exhaustion. */
void *da_xmalloc(size_t n);
void *da_xcalloc(size_t n, size_t size);
void *da_xrealloc(void *p, size_t n);
char *da_xstrdup(const char *s);            /* NULL stays NULL */
char *da_xasprintf(const char *fmt, ...) DA_FMT(1, 2);
char *da_xvasprintf(const char *fmt, va_list ap) DA_FMT(1, 0);

/* Growable NUL-terminated buffer.  A zeroed struct is an empty buffer. */
struct da_buf {
	char *data;
	size_t len;
	size_t cap;
};

void da_buf_add(struct da_buf *b, const void *p, size_t n);
void da_buf_adds(struct da_buf *b, const char *s);
void da_buf_addc(struct da_buf *b, char c);
void da_buf_addf(struct da_buf *b, const char *fmt, ...) DA_FMT(2, 3);
const char *da_buf_str(struct da_buf *b); /* never NULL */
char *da_buf_steal(struct da_buf *b);     /* caller frees; buffer emptied */
void da_buf_release(struct da_buf *b);

/*
 * Reads PATH ("-": standard input, to its end) into b, at most max bytes.
 * Returns DA_OK; DA_ERR_TOOBIG when there is more than max bytes (b then
 * holds the first ones); else the negative errno of the open or read that
 * failed.  Callers name the input in their messages.
 */
int da_read_input(const char *path, size_t max, struct da_buf *b);

/* Writes an error line "dockaudit: <msg>" to stderr. */
void da_errorf(const char *fmt, ...) DA_FMT(1, 2);
void da_warnf(const char *fmt, ...) DA_FMT(1, 2);


/*
 * Report files.  A new path, a regular file, or a symlink to a regular
 * file (other than a descriptor link such as /dev/stdout) is written
 * atomically: created beside path under a temporary name, mode 0600
 * narrowed further by the umask, renamed over path on commit (so a symlink
 * at path is replaced, never followed), removed on abort.  Anything else
 * that exists (a character device, a FIFO, /dev/stdout, /proc/self/fd/N,
 * a process substitution) is opened and written in place, never replaced;
 * a FIFO must get a reader within DA_FIFO_WAIT_MS.  Every error message is
 * "cannot write PATH: reason".
 */
#define DA_FIFO_WAIT_MS 30000

struct da_atomic {
	char *path;
	char *tmp;     /* NULL when written in place */
	void *fp;      /* FILE * */
	int slot;      /* in the table of temporary files, or -1 */
};

int da_atomic_open(struct da_atomic *a, const char *path, char *err, size_t errlen);
int da_atomic_commit(struct da_atomic *a, char *err, size_t errlen);
void da_atomic_abort(struct da_atomic *a);

/*
 * What a fatal signal must undo: the process groups of the running module
 * children and the temporary files of da_atomic_open.  da_cleanup_now()
 * kills every registered group (SIGKILL) and removes every registered file;
 * it is async-signal-safe.
 */
bool da_cleanup_add_group(pid_t pgid);
void da_cleanup_remove_group(pid_t pgid);
void da_cleanup_now(void);

#endif
