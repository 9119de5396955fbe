/*
 * dockaudit merge: the JSON reports of many daemons (schema
 * dockaudit-report-1) combined into one fleet report (schema
 * dockaudit-fleet-1), per host and per check (docs/fleet.md).
 */
#ifndef DA_MERGE_H
#define DA_MERGE_H

#include "cli.h"
#include "util.h"

#include <stdbool.h>
#include <stddef.h>

/* What one report may weigh, read and parsed. */
#define DA_MERGE_REPORT_MAX ((size_t)256 << 20)
/* Distinct check ids in a fleet, and hosts in one merge. */
#define DA_MERGE_CHECKS_MAX 4096
#define DA_MERGE_HOSTS_MAX 100000

#define DA_FLEET_SUMS 9

struct da_fleet_host {
	char *file;           /* the report it came from */
	char *name;           /* target.hostname, or NULL */
	char *id;             /* target.daemon_id, or NULL */
	char *endpoint;
	char *docker_version; /* or NULL */
	char *tool_version;
	char *start;          /* the audit's start time, as written */
	long sum[DA_FLEET_SUMS]; /* checks, score, pass, warn, info, note, error,
				    waived, new (0 in a report older than 1.1) */
	char *label;          /* how outputs name it (set by da_fleet_finish) */
};

struct da_fleet_result {
	int status;           /* enum da_status, -1 = not run on that host */
	char *detail;         /* or NULL */
	long items_total;
};

struct da_fleet_check {
	char *id, *title;
	bool scored;
	struct da_fleet_result *res; /* by host; entries past n_res: not run */
	size_t n_res;
	int count[5];         /* hosts per status */
};

struct da_fleet {
	char *benchmark, *benchmark_title;
	char *first_file;     /* the report that set the benchmark */
	struct da_fleet_host *hosts;
	size_t n_hosts;
	struct da_fleet_check *checks;
	size_t n_checks;
	void *index;          /* json_object: check id -> position */
	void *host_keys;      /* json_object: host identity -> host */
	char **notes;         /* one line each, for every output */
	size_t n_notes;
};

void da_fleet_init(struct da_fleet *f);
void da_fleet_release(struct da_fleet *f);

/*
 * Adds the report of len bytes read from file (named in messages).
 * 0; DA_ERR_PARSE when it is no dockaudit report (too large, bad JSON, a
 * member missing or of the wrong type); DA_ERR_INVALID when it cannot be
 * merged with the reports before it (another benchmark, a host already
 * given).  A one-line reason in err, its outside strings escaped.
 */
int da_fleet_add(struct da_fleet *f, const char *file, const char *data, size_t len,
		 char *err, size_t errlen);
/*
 * Reads file (at most DA_MERGE_REPORT_MAX bytes; "-" = standard input,
 * named "standard input") and adds it; DA_ERR_IO too.
 */
int da_fleet_add_file(struct da_fleet *f, const char *file, char *err, size_t errlen);
/*
 * Ends the merge: checks in benchmark order, the notes (tool versions
 * that differ).  Call once, after the last report.
 */
void da_fleet_finish(struct da_fleet *f);

/* The fleet in format ("text", "json", "junit", "sarif", "html") into b. */
int da_fleet_render(const struct da_fleet *f, const char *format, struct da_buf *b);
bool da_fleet_format_ok(const char *format);

/* dockaudit merge REPORT...: returns the exit code. */
int da_merge_main(const struct da_cli *cli);

#endif
