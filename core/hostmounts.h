/*
 * The host identity of container mount sources (CIS 5.6 and 5.32): what a
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
#include "hostroot.h"

#include <json-c/json.h>

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
