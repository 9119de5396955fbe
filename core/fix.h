/*
 * dockaudit fix: from the failing checks of one audit to a plan of changes
 * (daemon.json keys, an audit rules file, ownership and modes of the files
 * of section 3, DOCKER_CONTENT_TRUST in /etc/environment, per-container
 * run flags), and the separate step that applies the safe part of it.
 *
 * Building the plan is a pure function of the probe tree, the report's
 * results and the current text of the files it would change (read before,
 * by da_fix_read_inputs), so it is unit-tested on fixtures.  Applying it
 * (da_fix_apply) writes each file atomically after a backup beside it and
 * undoes everything it did when one step fails.  docs/fix.md.
 */
#ifndef DA_FIX_H
#define DA_FIX_H

#include "report.h"
#include "util.h"

#include <json-c/json.h>

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

/* Exit code of `fix --write` when nothing or not everything could be
   applied: what was changed has been restored from its backup. */
#define DA_EXIT_FIX_FAILED 4
/* Exit code of `fix --write` when every file was written but the daemon
   refused the update of one container or more (each one is named); the
   files and the other containers keep their changes. */
#define DA_EXIT_FIX_CONTAINERS 5

#define DA_FIX_DEFAULT_RULES "/etc/audit/rules.d/docker.rules"
#define DA_FIX_ENVIRONMENT "/etc/environment"

enum da_fix_kind {
	DA_FIX_DAEMON_JSON,  /* a daemon.json key */
	DA_FIX_AUDIT_RULE,   /* a watch in the audit rules file */
	DA_FIX_OWNER,        /* chown of a section 3 file */
	DA_FIX_MODE,         /* chmod of a section 3 file */
	DA_FIX_ENV,          /* a line in /etc/environment */
	DA_FIX_CONTAINER,    /* a container's finding: run flags and Compose keys;
				memory, CPU shares, PIDs limit and restart policy
				also through POST /containers/{id}/update */
	DA_FIX_MANUAL        /* no machine-applicable change: text only */
};

/* What `--write` does with an item. */
enum da_fix_apply {
	DA_FIX_AUTO,      /* applied by --write */
	DA_FIX_ACCEPT,    /* applied only when named with --accept */
	DA_FIX_MANUAL_STEP /* never applied: `manual` says what to do */
};

struct da_fix_item {
	enum da_fix_kind kind;
	enum da_fix_apply apply;
	bool accepted;        /* DA_FIX_ACCEPT named by --accept */
	char *check;          /* id in the chosen benchmark */
	char *finding;        /* the result's detail */
	char *change;         /* one line: what changes */
	char *impact;         /* remediation impact, or NULL */
	char *restart;        /* "dockerd restart", "audit rules reload", "none", ... */
	char *manual;         /* the exact step for a manual item, or NULL */
	char *path;           /* the host file changed, or NULL */
	/* DA_FIX_DAEMON_JSON */
	char *key;
	struct json_object *value; /* owned */
	/* DA_FIX_OWNER / DA_FIX_MODE */
	long uid, gid;
	unsigned mode;
	long old_uid, old_gid;
	unsigned old_mode;
	/* DA_FIX_AUDIT_RULE */
	char *rule;
	/* DA_FIX_CONTAINER */
	char *container_id;
	char *container_name;
	struct json_object *update; /* fields of the update body, or NULL (owned) */
};

/* The limits --set gives: what `--accept containers` applies (docs/fix.md). */
struct da_fix_limits {
	long long memory;     /* bytes; 0 = not given */
	long cpu_shares;      /* 0 = not given */
	long long pids;       /* 0 = not given */
	char restart[16];     /* "" = not given, "no" or "on-failure" */
	int restart_count;    /* on-failure:N, 1 to 5 */
};

/*
 * Parses a --set list "memory=256m,cpu-shares=512,pids-limit=200,
 * restart=on-failure:5" into l (which is cleared first; repeated keys: the
 * last wins).  Only values that make the corresponding check pass are
 * accepted.  0, or -1 with a one-line reason in err.
 */
int da_fix_parse_set(const char *s, struct da_fix_limits *l, char *err, size_t errlen);

/* One container's update: the merged body of its applied items. */
struct da_fix_update {
	char *id;
	char *name;
	struct json_object *body; /* owned */
};

/* One text file the plan rewrites. */
struct da_fix_file {
	char *path;       /* host path (as dockerd or auditd sees it) */
	bool exists;
	char *old_text;   /* "" when it does not exist */
	char *new_text;   /* NULL: unchanged */
	unsigned new_mode;  /* for a new file */
};

struct da_fix_plan {
	struct da_fix_item *items;
	size_t n_items, cap_items;
	struct da_fix_file daemon_json;
	struct da_fix_file rules;
	struct da_fix_file env;
	struct da_fix_update *updates; /* POST /containers/{id}/update, one per container */
	size_t n_updates;
	char *blocked;    /* why --write must refuse (daemon.json invalid ...), or NULL */
	char *validate_note; /* how the merged daemon.json was validated, or NULL */
};

/* The current text of the files the plan may change, read by the caller. */
struct da_fix_inputs {
	const char *daemon_json_path; /* host path; NULL = none known */
	const char *daemon_json;      /* its text; NULL = does not exist */
	const char *daemon_json_error; /* could not read it (reason), or NULL */
	const char *rules_path;
	const char *rules;            /* NULL = does not exist */
	const char *env_path;
	const char *env;              /* NULL = does not exist */
	const char *accept;           /* --accept list, or NULL */
	const struct da_fix_limits *set; /* --set, or NULL */
	bool have_stat;               /* the fields below describe section 3 files */
	/* looked up per path; NULL = every file is as the probe says */
	int (*stat_file)(void *ctx, const char *path, long *uid, long *gid, unsigned *mode);
	void *stat_ctx;
};

/*
 * Builds the plan from the failing (WARN) results of r and the probe tree.
 * Never touches the host.  Release with da_fix_plan_release.
 */
void da_fix_build(struct da_fix_plan *plan, struct json_object *probe, const struct da_report *r,
		  const struct da_fix_inputs *in);
void da_fix_plan_release(struct da_fix_plan *plan);

/*
 * Merges keys into a daemon.json text: NULL (with *err set) when the text
 * is not a JSON object (dockerd accepts no comments); else the new text,
 * every existing key kept in its place, indented as the old text was.
 * keys is an object of the keys to set.
 */
char *da_fix_merge_daemon_json(const char *old_text, struct json_object *keys,
			       char *err, size_t errlen);

/* Whether dockerd knows a daemon.json key this plan may write. */
bool da_fix_known_key(const char *key);

/*
 * What dockerd `version` ("20.10.24+dfsg1", "17.03.2-ce", "1.13.1"; NULL =
 * unknown) makes of daemon.json key: DA_FIX_KEY_OK, DA_FIX_KEY_UNKNOWN
 * (not in dockaudit's table), DA_FIX_KEY_TOO_OLD (added later) or
 * DA_FIX_KEY_REMOVED.  With why, a one-line reason for the last two.
 */
enum da_fix_key_status {
	DA_FIX_KEY_OK,
	DA_FIX_KEY_UNKNOWN,
	DA_FIX_KEY_TOO_OLD,
	DA_FIX_KEY_REMOVED
};
enum da_fix_key_status da_fix_key_status(const char *key, const char *version,
					 char *why, size_t whylen);

/* A unified diff of two texts, labels a and b, into out ("" when equal). */
void da_fix_diff(struct da_buf *out, const char *a_label, const char *b_label,
		 const char *a, const char *b);

/* The plan as text, or as the JSON document of docs/schema/dockaudit-fix-1. */
void da_fix_print_text(FILE *fp, const struct da_fix_plan *plan, bool write);
struct json_object *da_fix_to_json(const struct da_fix_plan *plan, bool write,
				   const char *benchmark);

struct da_fix_apply_opts {
	const char *host_root;   /* NULL = "/" */
	const char *stamp;       /* YYYYmmddHHMMSS of the backups */
	const char *dockerd_exe; /* dockerd to run with --validate, or NULL */
	const char *daemon_version; /* the audited dockerd's version, or NULL */
};

/*
 * Applies the DA_FIX_AUTO items and the accepted ones.  Returns 0, or
 * DA_EXIT_FIX_FAILED after one "dockaudit: ..." line and restoring every
 * change already made.  Each line of what it did goes to report (stdout).
 */
int da_fix_apply(const struct da_fix_plan *plan, const struct da_fix_apply_opts *o,
		 FILE *report);
/* Whether the plan would write a file or change ownership or modes. */
bool da_fix_plan_writes_files(const struct da_fix_plan *plan);

/* The same, refusing a merged daemon.json that sets a key of flags. */
int da_fix_apply_plan(const struct da_fix_plan *plan, const struct da_fix_apply_opts *o,
		      struct json_object *flags, FILE *report);

/* The subcommand, after the audit: prints the plan, applies it with
   --write.  Returns the exit code. */
struct da_cli;
int da_fix_main(const struct da_cli *cli, struct json_object *probe, const struct da_report *r);

#endif
