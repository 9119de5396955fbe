/*
 * The one way host files are read: every path is resolved inside the host
 * root (--host-root, or "/") the way the kernel would resolve it if the
 * root were "/".  Symbolic links are followed inside the root (an absolute
 * target restarts at the root, ".." never climbs above it), so that a
 * hostile /etc/docker/daemon.json -> /etc/shadow names the host image's
 * file and never the scanner's own.
 *
 * Files are opened with openat2(RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS)
 * where the kernel allows it; otherwise (kernels before 5.6, or a seccomp
 * profile answering ENOSYS or EPERM, as in many containers) with our own
 * resolver: the path is walked one component at a time from the root's
 * descriptor with O_PATH | O_NOFOLLOW, each symbolic link read and expanded
 * here, at most DA_ROOT_MAXLINKS of them (then ELOOP).  The final open uses
 * O_NOFOLLOW, so a link swapped in meanwhile is refused, not followed.
 * stat, lstat, readlink, opendir and the canonical path always take the
 * second way, which needs no kernel support.
 *
 * Every function returns 0 (or a descriptor, a length) on success and
 * -errno (util.h's error space) on failure; a root that could not be
 * opened makes every call fail with its errno.
 */
#ifndef DA_HOSTROOT_H
#define DA_HOSTROOT_H

#include "util.h"

#include <dirent.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

#define DA_ROOT_MAXLINKS 40

/* The former name of DA_ERR_NOTREG (util.h), as a positive value:
 * -DA_ROOT_ENOTREG == DA_ERR_NOTREG. */
#define DA_ROOT_ENOTREG (-DA_ERR_NOTREG)

struct da_root {
	char *path; /* normalised: "/" or "/x/y" without a trailing slash */
	int fd;     /* O_PATH descriptor of the root, or -1 */
	int err;    /* errno when the root could not be opened, else 0 */
};

/*
 * The next component of the path at *p, repeated slashes skipped: returns
 * its start with its length in *n and moves *p just after it; NULL (and *p
 * at the end) when none is left.  "." and ".." are components like others.
 */
const char *da_path_component(const char **p, size_t *n);

/*
 * host_root as the probe names it (owned): NULL or "" is "/", trailing
 * slashes are dropped ("/host/" is "/host", "//" is "/").
 */
char *da_root_normalise(const char *host_root);

/*
 * Opens host_root (NULL or "" = "/"), normalised as above.  Returns 0 or -errno; r is usable
 * (and must be closed) either way: on failure every call fails with the
 * same error, and nothing is read from the scanner's own root.
 */
int da_root_init(struct da_root *r, const char *host_root);
void da_root_close(struct da_root *r);

/*
 * Whether da_root_open may use openat2 (default true).  Tests turn it off
 * to run the fallback resolver on kernels that have openat2.
 */
void da_root_set_openat2(bool allowed);

/* open(2) of a host path; flags get O_CLOEXEC.  A descriptor or -errno. */
int da_root_open(const struct da_root *r, const char *path, int flags);

/* stat(2) and lstat(2) of a host path. */
int da_root_stat(const struct da_root *r, const char *path, struct stat *st);
int da_root_lstat(const struct da_root *r, const char *path, struct stat *st);

/*
 * readlink(2) of a host path into buf, NUL-terminated.  Returns the length,
 * or -errno (-EINVAL: not a link; -ENAMETOOLONG: the target does not fit).
 */
int da_root_readlink(const struct da_root *r, const char *path, char *buf, size_t size);

/* opendir(3) of a host path, or NULL with the errno value in *err. */
DIR *da_root_opendir(const struct da_root *r, const char *path, int *err);

/*
 * The canonical path (host view: starts with "/", no link, "." or ".."
 * left) of an existing host path, written into out.  Returns 0 or -errno
 * (-ENOENT, -ENOTDIR, -ELOOP, -ENAMETOOLONG ...).
 */
int da_root_resolve(const struct da_root *r, const char *path, char *out, size_t size);

/*
 * Reads a regular host file (never a FIFO or device, which could block or
 * stream forever; the file is opened non-blocking) into out, appended and
 * NUL-terminated.  Returns 0, 1 when the file is longer than max (out then
 * holds its first max bytes), DA_ERR_NOTREG, or -errno.
 */
int da_root_read_file(const struct da_root *r, const char *path, size_t max, struct da_buf *out);

/* The same for a descriptor, closed here (e.g. one below /proc). */
int da_read_fd(int fd, size_t max, struct da_buf *out);

/* passwd and group files: hostids.h. */

/* The name of a file type as the probe records it: "file", "dir", "socket",
 * "fifo", "char", "block" or "other". */
const char *da_root_type_name(mode_t m);

#endif
