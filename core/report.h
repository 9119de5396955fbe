/*
 * The report model: the checks chosen for a run, in order, each with its
 * result; score and counts; what was audited.  Filled by the runner, read
 * by the formatters.  Everything here is owned by the report.
 */
#ifndef DA_REPORT_H
#define DA_REPORT_H

#include <dockaudit/module.h>

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/*
 * Limits of the report model (docs/failures.md, "Bounded results"), applied
 * here, so they hold in-process and across the isolation pipe alike:
 *   - a result's detail keeps its first DA_DETAIL_MAX bytes, an item's
 *     kind, id, name and detail each their first DA_ITEM_FIELD_MAX, then
 *     " (truncated N bytes)" (never inside a UTF-8 sequence);
 *   - a result keeps at most DA_ITEMS_MAX items (the rest are counted);
 *   - the results of one module take at most DA_MODULE_RESULTS_MAX bytes,
 *     those of the whole report DA_REPORT_RESULTS_MAX: the check that
 *     passes the budget and every later one of that module are ERROR
 *     "results of module M exceed N MiB".
 */
#define DA_DETAIL_MAX ((size_t)64 << 10)
#define DA_ITEM_FIELD_MAX ((size_t)4 << 10)
#define DA_ITEMS_MAX ((size_t)10000)
#define DA_MODULE_RESULTS_MAX ((size_t)16 << 20)
#define DA_REPORT_RESULTS_MAX ((size_t)128 << 20)
/* what an item costs besides its strings */
#define DA_ITEM_OVERHEAD (sizeof(struct da_item) + 32)

/* Bytes the results of a module (or of the report) may take. */
struct da_budget {
	size_t used;
	size_t max;
	struct da_budget *up; /* the report's, charged too; may be NULL */
	const char *module;   /* its module's name (borrowed); NULL: the report's */
	bool exceeded;
};

/*
 * A waiver (docs/waivers.md): an accepted exception, read from the
 * --waivers file by da_waivers_load (waiver.h).  The findings it matches
 * keep their status and point at it.
 */
struct da_waiver {
	char *check;         /* check id or glob */
	char **objects;      /* name patterns; n_objects 0 = every object */
	size_t n_objects;
	char *justification;
	char *expires;       /* "YYYY-MM-DD", the last day it holds */
	char *owner;         /* may be NULL */
	int line;            /* of its entry in the file */
	bool expired;        /* past its date: waives nothing */
	size_t used;         /* findings it waived */
};

struct da_item {
	char *kind;   /* "container", "image", "file", ... */
	char *id;     /* may be NULL */
	char *name;   /* may be NULL */
	char *detail; /* may be NULL */
	/* set after the run, for an item of a WARN or ERROR result */
	const struct da_waiver *waiver; /* the waiver that matched, or NULL */
	bool is_new;  /* not in the --baseline report */
};

/* A finding of the --baseline report that this run no longer has. */
struct da_fixed {
	char *check;
	char *kind;
	char *object;
};

/* Counts of a section or of the report (da_report_finish). */
struct da_counts {
	int checks;   /* counted results (not headers) */
	int count[5]; /* per enum da_status */
	int waived;   /* waived findings */
	int fresh;    /* new findings (with --baseline) */
};

/* One check as this run sees it (id and title of the chosen benchmark). */
struct da_checkdef {
	const struct da_check *check; /* row of the module's table (borrowed) */
	const struct da_section *section;
	const char *id;     /* id in the chosen benchmark */
	const char *title;
	unsigned flags;     /* enum da_check_flags */
	int level;
	const char *remediation; /* may be NULL */
	const char *impact;      /* may be NULL */
};

/* struct da_result is opaque to modules; this is its definition. */
struct da_result {
	const struct da_checkdef *def;
	enum da_status status;
	bool status_set;
	bool scored;        /* starts as DA_CHECK_SCORED of the check */
	char *detail;       /* may be NULL */
	struct da_item *items;
	size_t n_items;     /* kept items (after the -n limit) */
	size_t cap_items;
	size_t total_items; /* items reported, including those cut by -n */
	size_t limit;       /* -n; 0 = no limit */
	bool invalid;       /* the module called the API wrongly (reason in detail) */
	struct da_budget *budget; /* the module's, or NULL (no budget) */
	const struct da_budget *over; /* the budget this result passed, or NULL */
	/* a WARN or ERROR without items is one finding, the check itself: */
	const struct da_waiver *waiver; /* its waiver, or NULL */
	bool is_new;                    /* not in the --baseline report */
};

struct da_section {
	char *id;     /* "2" */
	char *title;  /* "Docker daemon configuration" */
	char *group;  /* docker-bench group name of the section, or NULL */
	char *module; /* module name */
	char *module_version;
};

/* A section with the results of its selected checks, in table order. */
struct da_report_section {
	const struct da_section *section;
	struct da_budget budget;    /* its module's results */
	struct da_result **results; /* header rows included (flag DA_CHECK_HEADER) */
	size_t n_results;
	struct da_counts counts;    /* derived by da_report_finish() */
};

struct da_report {
	const char *tool_version;  /* PACKAGE_VERSION */
	const char *benchmark;     /* "cis-1.6.0" */
	const char *benchmark_title; /* "CIS Docker Benchmark 1.6.0" */
	char *endpoint;            /* the daemon audited, or "snapshot:<path>" */
	char *docker_version;      /* server version, or NULL */
	char *engine;              /* "docker" or "podman" (engine.kind), or NULL */
	int rootless;              /* 1 the daemon runs in rootless mode
	                              (engine.rootless), -1 not, 0 unknown */
	char *hostname;            /* daemon's host name (info.Name), or NULL */
	char *daemon_id;           /* the daemon's ID (info.ID), or NULL */
	char *endpoint_source;     /* how the endpoint was chosen ("--context",
				      "DOCKER_HOST", ...), or NULL (unknown) */
	char *context;             /* the docker context named, or NULL */
	bool have_dockerd;         /* the dockerd fields below are known */
	long dockerd_pid;          /* the dockerd described, 0 = none */
	char *dockerd_by;          /* the evidence that named it, or NULL */
	char *dockerd_reason;      /* "cannot tell which dockerd ...", or NULL */
	time_t start;
	time_t end;
	bool print_remediation;    /* -p */

	struct da_report_section *sections;
	size_t n_sections;

	struct da_budget budget;   /* every result */

	/* derived by da_report_finish() */
	int checks;             /* counted results (not headers) */
	int score;
	int count[5];           /* per enum da_status */
	int waived;             /* waived findings */
	int fresh;              /* new findings (with --baseline) */

	/* --waivers: every entry of the file (borrowed), expired ones included */
	const struct da_waiver *waivers;
	size_t n_waivers;
	bool have_waivers;      /* --waivers was given (the file may be empty) */
	/* --baseline: the report compared with, and its findings now gone */
	char *baseline;
	struct da_fixed *fixed;
	size_t n_fixed;

	/* the host facts were read without root (host.privileged false):
	 * some checks say "needs root"; uid is the prober's effective uid */
	bool unprivileged;
	long uid;
};

/* Recomputes checks, score and counts from the results. */
void da_report_finish(struct da_report *r);

/*
 * Findings (docs/waivers.md): a WARN or ERROR result has one finding per
 * item, or one for the check itself when it has no items.  A finding is
 * identified across runs by (check id, object kind, object identity), the
 * SARIF partialFingerprints: da_finding_key appends "ID|KIND|IDENTITY"
 * (it NULL: the check itself, kind "daemon", the daemon's host name).
 */
bool da_result_has_findings(const struct da_result *res);
/* True when the result has findings and every one is waived. */
bool da_result_waived(const struct da_result *res);
/* The item's identity: its name, else its id, else "". */
const char *da_item_identity(const struct da_item *it);
/* The item's kind, "item" when it has none. */
const char *da_item_kind(const struct da_item *it);
struct da_buf;
void da_finding_key(struct da_buf *b, const struct da_report *r,
		    const struct da_result *res, const struct da_item *it);

/* Status names: "PASS", "WARN", "INFO", "NOTE", "ERROR". */
const char *da_status_name(enum da_status s);

/* Result lifecycle (the runner's side). */
struct da_result *da_result_new(const struct da_checkdef *def, size_t limit);
void da_result_free(struct da_result *res);
void da_result_set(struct da_result *res, enum da_status st, const char *detail);
void da_result_add_item(struct da_result *res, const char *kind, const char *id,
			const char *name, const char *detail);
bool da_result_is_header(const struct da_result *res);
/*
 * After a check ran: a result that passed its budget, or whose module's
 * budget was already spent, becomes ERROR "results of module M exceed N
 * MiB" (true).  False when the result is within budget.
 */
bool da_result_close(struct da_result *res);
/* True when the budget of res (or the report's) is spent. */
bool da_result_budget_spent(const struct da_result *res);

/*
 * Sets the budgets: DA_REPORT_RESULTS_MAX for the report, each section's
 * DA_MODULE_RESULTS_MAX under it, every result charged to its section's.
 * Call once r->sections is laid out.
 */
void da_report_budgets(struct da_report *r);

/*
 * Appends s (n bytes) to a new string of at most max bytes: s itself when
 * it fits, else its first bytes, cut at a UTF-8 character boundary, and
 * " (truncated N bytes)" (N the bytes left out), the whole within max.
 */
char *da_truncate(const char *s, size_t n, size_t max);

void da_report_release(struct da_report *r);

#endif
