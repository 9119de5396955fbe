/*
 * The host's mount table (da_mounttable_load()), read once by the host
 * files probe (hostfiles.h), and the host identity of container mount sources (CIS 5.6 and 5.32): what a
 * bind mount's Source is on the host, compared by file identity (device
 * and inode), not by its text, so that a symbolic link to /etc, a bind
 * mount of the daemon's socket elsewhere, or a hard link to it is judged
 * as the file it is.  Every path is resolved inside the host root
 * (--host-root) through hostroot.h, links followed inside it.
 *
 * da_hostmounts_probe() adds root.host.identity (docs/probe.md):
 *
 *   "identity": {
 *     "paths": { "<path as the host names it>":
 *         { "resolved": canonical path inside the root,
 *           "type": "dir"|"file"|"socket"|"fifo"|"char"|"block"|"other",
 *           "dev": "major:minor", "ino": "decimal" }
 *       | { "error": "no such file or directory" ..., "exists": false
 *           (only when a component is missing, ENOENT or ENOTDIR) } },
 *     "sockets": [ the daemon's unix socket paths recorded ],
 *     "truncated": false     more than DA_HOSTMOUNTS_MAX paths were asked
 *   }
 *
 * The paths recorded: every absolute Mounts[].Source of the inspected
 * containers (engine.containers), the sensitive directories of 5.6, each
 * socket of "sockets" and every folder above its canonical path.
 */
#ifndef DA_HOSTMOUNTS_H
#define DA_HOSTMOUNTS_H

#include "hostfacts.h"
#include "hostfiles.h"
#include "hostroot.h"

#include <stdbool.h>
#include <stddef.h>

#include <json-c/json.h>

/* ---- the mount table ------------------------------------------------------ */

/*
 * The mount point (field 5) of one /proc/PID/mountinfo line, with the
 * kernel's octal escapes (\040 \011 \012 \134) decoded.  Returns false on
 * a malformed line or when it does not fit in out.
 */
bool da_mountinfo_mountpoint(const char *line, char *out, size_t size);

/* One /proc/PID/mountinfo line (proc(5)). */
struct da_mountinfo {
	unsigned long id, parent;      /* fields 1 and 2 */
	unsigned long major, minor;    /* field 3 */
	char root[4096];               /* field 4, decoded */
	char mountpoint[4096];         /* field 5, decoded */
	char fstype[64];               /* the first field after "-" ("" if none) */
};

/*
 * Parses one mountinfo line; false on a malformed line (a field missing,
 * not a number, a path that is not absolute or does not fit).
 */
bool da_mountinfo_parse(const char *line, struct da_mountinfo *out);

#define DA_MOUNTTABLE_MAX 65536 /* mount table entries kept */
#define DA_MOUNTTABLE_MAX_FILE DA_HOSTFILES_MAX_FILE /* bytes read from the table */

/* One mount of the table (da_mountinfo without its fixed buffers). */
struct da_mount {
	unsigned long id, parent, major, minor;
	char *root, *mountpoint, *fstype;
};

/* The mount table as the host sees it. */
struct da_mounttable {
	char *source;     /* the file read ("/proc/1/mountinfo"), or NULL when
			     none could be read */
	int error;        /* then the -errno of the last file tried */
	char *root;       /* the host root prefix ("" = the real root) */
	char **points;    /* every mount point, sorted; under a host root the
			     scanner's own view shows the host's mounts below
			     the prefix, and both forms are kept */
	size_t n_points;
	struct da_mount *mounts; /* the entries that parse, in the table's
				    order, at most DA_MOUNTTABLE_MAX */
	size_t n_mounts;
};

/*
 * Reads the table of the host's init (PROC/1/mountinfo, when we share its
 * PID namespace), else our own (PROC/self/mountinfo); proc NULL = "/proc",
 * root the host root prefix (NULL, "" or "/" = none).  Never fails: t->source
 * says whether a table was read.  Release with da_mounttable_release().
 */
void da_mounttable_load(struct da_mounttable *t, const char *proc, const char *root);
void da_mounttable_release(struct da_mounttable *t);

/* Whether path (host view) is a mount point of the table. */
bool da_mounttable_has(const struct da_mounttable *t, const char *path);

/* The mount with this id, or NULL. */
const struct da_mount *da_mounttable_by_id(const struct da_mounttable *t, unsigned long id);

/* The mount point of m in host view (the host root prefix removed). Borrowed. */
const char *da_mounttable_hostpath(const struct da_mounttable *t, const struct da_mount *m);

/* ---- identities of mount sources ----------------------------------------- */

/* At most this many paths are recorded (a hostile daemon's mount list). */
#define DA_HOSTMOUNTS_MAX 4096

/*
 * The identity object of one host path (the "paths" entry above): a new
 * object, with "error" when the path cannot be resolved or stated.
 */
struct json_object *da_path_identity(const struct da_root *r, const char *path);

/*
 * Fills root.host.identity.  Call it after da_hostfiles_probe() (it reads
 * host.docker_sockets).  With cfg->remote set it adds nothing: the mount
 * sources are on the daemon's host.  Returns 0.
 */
int da_hostmounts_probe(const struct da_hostfacts_config *cfg, struct json_object *root);

#endif
