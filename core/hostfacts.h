/*
 * Host facts, read with system calls and /proc, never by forking tools:
 * the running dockerd and its arguments, its effective configuration
 * (command line merged with daemon.json, honouring --config-file), file
 * metadata, group membership.
 */
#ifndef DA_HOSTFACTS_H
#define DA_HOSTFACTS_H

#include <json-c/json.h>

#include <stdbool.h>
#include <stddef.h>

struct da_hostfacts_config {
	const char *host_root; /* prefix for every host path; NULL or "/" = none */
	const char *proc_root; /* where /proc is (--proc-root); NULL = "/proc",
				  or <host_root>/proc as da_proc_dir() says */
	bool remote;           /* the daemon is not on this host: record why
				  host facts are absent instead of reading them */
};

/*
 * Whether dir may be read as /proc (--proc-root): 0 when it is a procfs
 * (statfs), else DA_ERR_INVALID with a one-line reason in err.
 */
int da_proc_root_check(const char *dir, char *err, size_t errlen);

/*
 * The folder the host probes read processes from: cfg->proc_root when set;
 * else <host_root>/proc when that is a procfs of an outer PID namespace
 * (one where dockaudit's own process has another pid, as a node's /proc
 * seen through a recursive bind of its root from a container without
 * --pid host); else "/proc".  The result is cfg->proc_root, a constant or
 * buf (len bytes).
 */
const char *da_proc_dir(const struct da_hostfacts_config *cfg, char *buf, size_t len);

/*
 * Fills root.host (docs/probe.md).  Never fails for a missing fact: each
 * absent fact is recorded as such.  The dockerd described is the one the
 * evidence singles out (docs/daemon-config.md); when none is, host.available
 * is false and host.reason says "cannot tell which dockerd serves ...".
 * Returns 0, or DA_ERR_INVALID when root is not a JSON object (running
 * out of memory aborts).
 */
int da_hostfacts_probe(const struct da_hostfacts_config *cfg, struct json_object *root);

/*
 * The same, describing the dockerd daemon_pid (--daemon-pid) when it is
 * not 0.  Returns 0, DA_ERR_INVALID as above, or DA_ERR_NOTFOUND when
 * that process is not a running dockerd (host.dockerd_match.reason says
 * so, host.dockerd is null).
 */
int da_hostfacts_probe_pid(const struct da_hostfacts_config *cfg, long daemon_pid,
			   struct json_object *root);

/*
 * What the host file facts (da_hostfiles_probe()) take from the dockerd
 * described: pointers into the tree, valid while it is not changed.
 */
struct da_dockerd_facts {
	const char *exe;               /* its binary: host.dockerd.exe, else an
					  absolute argv[0] (/proc/PID/exe needs
					  root); NULL when unknown */
	const char *config_file;       /* the daemon.json it reads:
					  host.dockerd.config_file, else
					  host.daemon_json.path; NULL */
	struct json_object *effective; /* its effective configuration:
					  host.dockerd.effective, else
					  host.effective (present even when no
					  dockerd was found); NULL */
};

/*
 * Fills out from root.host as da_hostfacts_probe() left it (or a snapshot
 * holds it); every member NULL when root has no such facts.
 */
void da_hostfacts_dockerd(struct json_object *root, struct da_dockerd_facts *out);

/*
 * Parses a dockerd argument vector (argv[0] included) into daemon.json
 * keys and values: "--icc=false" gives {"icc": false}, "--log-level debug"
 * and "--log-level=debug" give {"log-level": "debug"}; a boolean flag never
 * takes the next argument, as in dockerd ("--icc false" is "--icc" and a
 * stray "false"); repeatable flags give arrays ("-H a -H b" -> {"hosts":
 * ["a","b"]}).  Unknown flags are kept under their own name.  Strings are
 * made valid UTF-8.  Returns a new object (docs/daemon-config.md).
 */
struct json_object *da_dockerd_parse_args(int argc, const char *const *argv);

/*
 * Merges the parsed command line over the daemon.json content (either may
 * be NULL) into the effective configuration.  Returns a new object.
 */
struct json_object *da_dockerd_effective(struct json_object *flags,
					 struct json_object *file);

/*
 * The processes of each running audited container, found by one scan of
 * <proc_root> (a process belongs to the container whose 64-hex id appears
 * in its cgroup), attached to the container's inspect object as "_top"
 * {"Titles":["PID","CMD"],"Processes":[["812","/usr/sbin/sshd -D"]],
 * "_source":"proc"} in the shape of the Engine API's top endpoint, so 5.7
 * needs no docker exec and the daemon forks nothing.  Does nothing for a
 * remote daemon.  Returns 0.
 */
int da_hostprocs_probe(const struct da_hostfacts_config *cfg, struct json_object *root);

/*
 * The scan of <proc_root> that da_hostprocs_probe() makes, started early in
 * a thread of its own (it needs nothing from the daemon), so that it runs
 * while the Engine API is read.  da_hostprocs_probe_scanned() waits for it
 * and uses it (as da_hostprocs_probe() would scan then) and releases it.
 * When the thread cannot start, the scan is made then.
 */
struct da_procscan {
	void *th;      /* the thread (a pthread_t), or NULL */
	char *proc;
	struct da_procrow *v;
	size_t n, cap;
};

void da_hostprocs_prefetch(struct da_procscan *s, const struct da_hostfacts_config *cfg);
int da_hostprocs_probe_scanned(const struct da_hostfacts_config *cfg, struct json_object *root,
			       struct da_procscan *s);
/* Waits for a scan da_hostprocs_probe_scanned() did not use and frees it (a zeroed one: nothing). */
void da_hostprocs_scan_release(struct da_procscan *s);

#endif
