/*
 * The command line: docker-bench-security's short flags with their
 * meanings, and long options for the rest.
 */
#ifndef DA_CLI_H
#define DA_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define DA_MAX_OUTPUTS 16
#define DA_MAX_MODULE_DIRS 16

/* Exit codes: one policy for the whole program. */
enum da_exit {
	DA_EXIT_OK = 0,       /* audit done (findings or not) */
	DA_EXIT_GATE = 1,     /* --fail-on or --min-score missed */
	DA_EXIT_USAGE = 2,    /* bad command line */
	DA_EXIT_NOAUDIT = 3   /* could not audit: daemon unreachable, no modules, bad snapshot */
};

/* --fail-on: a set of these bits */
enum da_fail_on { DA_FAIL_NEVER = 0, DA_FAIL_WARN = 1, DA_FAIL_ERROR = 2, DA_FAIL_NEW = 4 };

struct da_output_spec {
	char *format;
	char *path; /* "-" = stdout */
};

struct da_cli {
	bool help, version, no_color, remediation;
	bool list_modules, list_checks, all_containers;
	const char *log_file;     /* -l */
	const char *users;        /* -u */
	char *checks;             /* -c (repeats joined with ',') */
	char *excludes;           /* -e */
	char *include;            /* -i */
	char *exclude;            /* -x */
	char *labels;             /* -t */
	size_t limit;             /* -n */
	const char *format;       /* --format, default "text" */
	struct da_output_spec outputs[DA_MAX_OUTPUTS];
	size_t n_outputs;
	const char *module_dirs[DA_MAX_MODULE_DIRS];
	size_t n_module_dirs;
	const char *snapshot, *save_snapshot, *host_root, *benchmark;
	unsigned fail_on;         /* enum da_fail_on bits */
	const char *waivers;      /* --waivers FILE */
	const char *baseline;     /* --baseline REPORT */
	const char *proc_root;    /* --proc-root DIR (a procfs), NULL = /proc */
	bool have_min_score;
	long min_score;
	long timeout_ms;          /* --timeout SECONDS, per request */
	long deadline_ms;         /* --deadline SECONDS, the whole engine probe */
	bool no_isolation;        /* run modules in-process */
	bool timings;             /* --timings: each phase's time on stderr */
	int level;                /* --level: 0 = all, 1, 2 */
	long module_timeout_ms;   /* --module-timeout SECONDS */
	const char *host;         /* -H/--host URL */
	const char *context;      /* --context NAME */
	long daemon_pid;          /* --daemon-pid PID, 0 = find it */
	bool no_remote_host;      /* --no-remote-host: no dockaudit run over ssh */
	/* dockaudit fix (docs/fix.md) */
	bool fix;                 /* the fix subcommand */
	bool fix_write;           /* --write */
	const char *fix_accept;   /* --accept IDS */
	const char *fix_rules_file; /* --audit-rules-file PATH */
	/* dockaudit merge REPORT... (docs/fleet.md) */
	bool merge;
	char *const *merge_reports; /* into argv */
	size_t n_merge_reports;
	char *fix_set;            /* --set LIMITS (repeatable: joined with ','), owned */
};

/*
 * Parses argv.  Returns 0, or DA_ERR_INVALID with a one-line reason in err.
 * Release with da_cli_release() in both cases.
 */
int da_cli_parse(struct da_cli *c, int argc, char **argv, char *err, size_t errlen);
void da_cli_release(struct da_cli *c);
void da_cli_usage(FILE *fp);

/* "CIS Docker Benchmark 1.7.0" for "cis-1.7.0"; NULL for an unknown id. */
const char *da_benchmark_title(const char *id);

#endif
