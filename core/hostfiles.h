/*
 * Host file facts for CIS sections 1 and 3: metadata of every file the
 * checks inspect, systemd unit locations, the sockets the daemon listens
 * on, TLS and registry certificate files, audit rules and mount points.
 * Read with system calls only (lstat, readlink, open, getdents), never by
 * forking tools, and always below the configured host root through the
 * root-confined layer of hostroot.h, so that an absolute link target stays
 * inside --host-root instead of escaping to the scanner's own filesystem.
 *
 * da_hostfiles_probe() adds these keys to root.host (docs/probe.md) and
 * never removes what da_hostfacts_probe() put there:
 *
 *   "files": { "<path as on the host>": {
 *        "exists": bool,          false for ENOENT/ENOTDIR and dangling links
 *        "error": null | "permission denied" ...   (stat failed otherwise)
 *        "type": "file"|"dir"|"socket"|"symlink-dangling"|"fifo"|"char"|
 *                "block"|"other",
 *        "mode": int,             permission bits incl. setuid/setgid/sticky
 *        "uid": int, "gid": int,
 *        "user": str|null, "group": str|null,   names from the host's files
 *        "resolved": str,         the canonical path (all links resolved)
 *        "link_target": str,      readlink() of the path itself, if a link
 *        "mountpoint": bool       directories only
 *   } },
 *   "mounts": { "source": "/proc/1/mountinfo"|null, "count": n, "error": ... },
 *   "units": { "docker.service"|"docker.socket"|"containerd.service":
 *        null | { "path", "source" (the search directory), "masked",
 *                 "dropins": [paths] } },
 *   "docker_root": null | { "path": DockerRootDir, "userns": bool,
 *        "partition": path 1.1.1 tests (the parent of DockerRootDir under
 *        userns remapping),
 *        "mount": null (nothing mounted there) | { "mount_point", "device"
 *        ("major:minor"), "root" (the mounted subtree of its filesystem),
 *        "fstype", "parent": null | { the same four keys: the mount that
 *        holds the directory the partition is mounted on } }; absent when
 *        the mount table was not read },
 *   "docker_sockets": [ unix socket paths the daemon listens on ],
 *   "containerd_socket": the containerd socket dockerd uses (--containerd,
 *        default /run/containerd/containerd.sock),
 *   "tls": { "tlscacert"|"tlscert"|"tlskey": null | { "path",
 *        "origin": "config"|"default" } },
 *   "certs_d": { "path", "exists", "files": [paths], "truncated", "error",
 *        "list_error": null | "<reason>: <dir>" (a directory below that could
 *        not be listed, e.g. "permission denied: ..." without root) },
 *   "audit": { "source": "files"|"none", "files": [rule files read],
 *        "rules": [rule lines], "watched": [paths],
 *        "watched_resolved": [canonical forms of watched paths],
 *        "errors": [{"path", "error"}] (rule sources not read),
 *        "error": null | "<reason>: <path>" (the first of them that makes the
 *        rules read incomplete: "permission denied: /etc/audit/audit.rules"
 *        without root; a FIFO or a directory named *.rules does not),
 *        "watched_in": { "<watched path or canonical form>": first rule file },
 *        "loaded": the rules loaded in the kernel (da_auditnl_loaded() in
 *        auditnl.h) plus "paths" and "paths_resolved" (normalised, and
 *        canonical forms); { "status": "not read", "error": "--host-root:
 *        ..." } under a host root, whose kernel is not this machine's },
 *   "swarm_state": null | { ListenAddr, AdvertiseAddr, DataPathAddr, ... }
 *        from <DockerRootDir>/swarm/docker-state.json, when swarm is not
 *        inactive (the Engine API does not report the listen address),
 *   "swarm_state_error": null | "cannot read ...: permission denied" ...
 *        why swarm_state is null (then only),
 *   "groups": { "<group>": {...} }   only added when absent: the socket
 *        group (docker, or daemon.json "group") with its gid and members
 *
 * The parsers are separate functions so that they can be tested and
 * fuzzed on their own.
 */
#ifndef DA_HOSTFILES_H
#define DA_HOSTFILES_H

#include "hostfacts.h"
#include "hostids.h"
#include "hostroot.h"
#include "../modules/common/shared.h"

#include <json-c/json.h>

#include <stdbool.h>
#include <stddef.h>

/* Bounds on what the probe reads from a hostile host. */
#define DA_HOSTFILES_MAX_FILE (4u << 20)   /* bytes read from one file */
#define DA_HOSTFILES_CERTS_DEPTH 4         /* directory levels below certs.d */
#define DA_HOSTFILES_CERTS_MAX 512         /* files recorded below certs.d */
#define DA_HOSTFILES_MAX_RULES 8192        /* audit rule lines kept */

/*
 * Fills the keys above under root.host (created when absent).  What it
 * needs of the dockerd described comes in d (NULL = nothing known: the
 * default paths only), which da_hostfacts_dockerd() takes from the tree
 * da_hostfacts_probe() filled; it reads engine.info (DockerRootDir, the
 * security options, the swarm) and source.endpoint from root.  The mount
 * table is read here once (da_mounttable_load(), hostmounts.h).  With
 * cfg->remote set it adds nothing.  Never fails for a missing fact.
 * Returns 0, or DA_ERR_INVALID when root is not a JSON object.
 */
int da_hostfiles_probe(const struct da_hostfacts_config *cfg, const struct da_dockerd_facts *d,
		       struct json_object *root);

/*
 * Resolves path (absolute; a relative path is taken from "/") inside
 * host_root (NULL or "/" = the real root) the way the kernel would if
 * host_root were "/": "..", "." and symbolic links, with absolute link
 * targets restarting at host_root and ".." never leaving it.  On success
 * writes the canonical path into out (host view, starting with "/") and
 * returns 0; returns -errno otherwise (-ENOENT when a component is missing,
 * -ELOOP after 40 links, -ENAMETOOLONG).
 */
int da_hostfiles_resolve(const char *host_root, const char *path, char *out, size_t size);

/*
 * The watched path of one audit rule line as auditctl reads it: "-w PATH"
 * (a watch), or "-a/-A LIST,always ... -F path=PATH" / "-F dir=PATH".
 * Comments, blank lines, "-W" (watch removal), "never" rules, control
 * lines ("-D", "-b", "-e") give false.  The path is normalised
 * (da_normpath).  Returns true with the path in out.
 */
bool da_audit_rule_path(const char *line, char *out, size_t size);

/* passwd and group files: da_identry_parse, da_idmap_* in hostids.h. */

/*
 * The unix socket paths of a systemd socket unit: the "ListenStream="
 * values of its [Socket] section that are absolute paths, in order, with
 * an empty assignment clearing the list as systemd does and "%t" expanded
 * to "/run" (system units).  Appends to list (a json array of strings);
 * call it for the unit file, then for each drop-in.  Returns 0.
 */
int da_unit_listen_streams(const char *data, size_t len, struct json_object *list);

#endif
