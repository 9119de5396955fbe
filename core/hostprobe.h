/*
 * The host probe's shared context, for the files that fill root.host
 * together (not for the rest of the core): hostfacts.c owns the context,
 * its messages and its readers of host and /proc files, and the order of
 * the probe; daemonconf.c the dockerd configuration (flags, daemon.json);
 * hostprocs.c the processes (finding dockerd, cgroups, container
 * processes); hostids.c the identities (passwd and group).
 */
#ifndef DA_HOSTPROBE_H
#define DA_HOSTPROBE_H

#include "hostroot.h"
#include "util.h"

#include <json-c/json.h>

#include <stdbool.h>
#include <stddef.h>

/* Caps on what is read from the host. */
#define HF_MAX_CMDLINE   (1024 * 1024)
#define HF_MAX_ARGS      65536
#define HF_MAX_ENVIRON   (1024 * 1024)
#define HF_MAX_SMALL     4096
#define HF_MAX_DAEMON_JSON (4 * 1024 * 1024)
#define HF_MAX_GROUP     (16 * 1024 * 1024)
#define HF_MAX_MOUNTINFO (4 * 1024 * 1024)
#define HF_JSON_DEPTH    64

#define DEFAULT_DAEMON_JSON "/etc/docker/daemon.json"

struct hp_ctx {
	const char *root;   /* normalised host root: "/" or "/x/y" */
	struct da_root r;   /* every host file is read through it */
	const char *proc;   /* where /proc is */
	int proc_fd;        /* -1 when it cannot be opened */
	bool proc_own;      /* a procfs of dockaudit's own PID namespace */
	struct json_object *errors; /* host.errors, one line each */
	const char *socket; /* the unix socket audited (source.endpoint), or NULL */
};

/* ---- hostfacts.c: messages and reading ----------------------------------- */

/* Appends a one-line message to host.errors. */
void hp_error(struct hp_ctx *c, const char *fmt, ...) DA_FMT(2, 3);

/*
 * Reads a host file inside the host root (hostroot.h): 0, 1 when longer
 * than max, or -errno; a file that is not regular gives DA_ERR_NOTREG.
 */
int hp_read_host(const struct hp_ctx *c, const char *path, size_t max, struct da_buf *out);
/* Reads <proc>/<rel>; the same return values. */
int hp_read_proc(const struct hp_ctx *c, const char *rel, size_t max, struct da_buf *out);
/*
 * readlink of <proc>/<rel>, owned by the caller, or NULL with the errno
 * value in *err (EACCES for another user's process when not root).
 */
char *hp_readlink_proc(const struct hp_ctx *c, const char *rel, int *err);

/* ---- daemonconf.c: the daemon's configuration ------------------------ */

/* da_dockerd_parse_args(), with the --config-file value (borrowed from argv). */
struct json_object *hp_parse_args(int argc, const char *const *argv, const char **config_file);
/*
 * The daemon.json at path (host view) as an object, or NULL when it is
 * absent or unreadable (said in host.errors).
 */
struct json_object *hp_read_daemon_json(const struct hp_ctx *c, const char *path);

/* ---- hostprocs.c: processes ----------------------------------------------- */

struct proc_cand {
	long pid;
	unsigned long long start; /* clock ticks after boot, stat field 22 */
	bool in_container;
	bool serves;              /* listens on the socket being audited */
	bool names;               /* its command line names that socket (-H) */
	bool peer;                /* the socket's peer credentials name it */
	int root;                 /* data root vs DockerRootDir: 1, 0 unknown, -1 */
	int id;                   /* engine-id vs /info ID: 1, 0 unknown, -1 */
	bool pick;                /* consistent with every piece of evidence */
};

#define HF_MAX_CANDIDATES 64

/* A dockerd fully described: host.dockerd, its daemon.json, its effective config. */
struct described {
	struct json_object *dockerd, *dj, *eff;
	char *config_path;
};

/* Whether the process directory <proc>/<dir> is in a container (its id in id). */
bool hp_container_of(const struct hp_ctx *c, const char *dir, bool use_mountinfo, char id[65]);
/* The running dockerd processes, sorted best first, in *out (owned); their count. */
size_t hp_list_dockerds(struct hp_ctx *c, struct proc_cand **out, size_t *n);
bool hp_cand_better(const struct proc_cand *a, const struct proc_cand *b);
/*
 * The index of the candidate the evidence singles out, with each one's
 * description in desc, or -1 with the reason in *why (owned).
 */
long hp_choose_dockerd(struct hp_ctx *c, struct json_object *root, struct proc_cand *v,
		       size_t n, struct described *desc, struct json_object *match,
		       char **why);
void hp_describe_full(struct hp_ctx *c, long pid, struct described *d);
void hp_described_release(struct described *d);
/* host.dockerd of process pid, with its daemon.json path (owned) or why there is none. */
struct json_object *hp_describe_dockerd(struct hp_ctx *c, long pid, char **config_path,
					char **config_why);
/* The daemon.json dockerd pid reads when its command line names none. */
char *hp_default_config(const struct hp_ctx *c, long pid, bool *rootless, char **why);

/* ---- hostids.c: identities --------------------------------------------- */

/* The docker group {"gid", "members"} through NSS, or from <root>/etc/group; NULL when none. */
struct json_object *hp_docker_group_nss(struct hp_ctx *c);
struct json_object *hp_docker_group_file(struct hp_ctx *c);

#endif
