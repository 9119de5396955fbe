/*
 * Waivers and baselines (docs/waivers.md).
 *
 * A waiver file (--waivers, YAML) lists accepted exceptions: a check id
 * or glob, optional object name patterns, a justification and the date
 * it expires.  A baseline (--baseline) is an earlier JSON report: the
 * findings of this run that it lacks are new, its findings this run
 * lacks are fixed.  Both annotate a finished report; da_report_finish()
 * then counts again.
 */
#ifndef DA_WAIVER_H
#define DA_WAIVER_H

#include "report.h"
#include "select.h"

#include <stddef.h>
#include <time.h>

/* A waiver file larger than this is refused. */
#define DA_WAIVERS_FILE_MAX ((size_t)1 << 20)

struct da_waivers {
	struct da_waiver *v;
	size_t n;
};

/* today: "YYYY-MM-DD" of t in UTC (buf of at least 11 bytes). */
void da_waiver_date(char *buf, size_t len, time_t t);

/*
 * Reads the waiver file at path.  Each entry's check must name a check of
 * cat (an exact id, or a glob that matches one); an entry whose expires
 * is before today is loaded and marked expired.  Returns DA_OK, or
 * DA_ERR_INVALID with "PATH:LINE: reason" in err (a usage error).
 */
int da_waivers_load(struct da_waivers *w, const char *path,
		    const struct da_catalog *cat, const char *today,
		    char *err, size_t errlen);
/* Same, from a string (unit tests); name stands for the path in errors. */
int da_waivers_parse(struct da_waivers *w, const char *text, size_t len,
		     const char *name, const struct da_catalog *cat,
		     const char *today, char *err, size_t errlen);

/*
 * Marks each finding of r with the first waiver of w (file order) that is
 * not expired and matches it, and lends w to r (r->waivers; w must
 * outlive r's formatting).
 */
void da_waivers_apply(struct da_report *r, struct da_waivers *w);
void da_waivers_release(struct da_waivers *w);

struct da_baseline_entry {
	char *key;  /* "ID|KIND|IDENTITY" (da_finding_key) */
	char *check;
	char *kind;
	char *object;
	bool seen;  /* matched by a finding of this run */
};

struct da_baseline {
	char *path;
	struct da_baseline_entry *v; /* sorted by key, no duplicates */
	size_t n;
};

/*
 * Reads an earlier dockaudit JSON report.  A file that is not one, or one
 * of another benchmark than benchmark, is DA_ERR_INVALID with one line in
 * err.
 */
int da_baseline_load(struct da_baseline *b, const char *path,
		     const char *benchmark, char *err, size_t errlen);
/* Same, from a string (unit tests). */
int da_baseline_parse(struct da_baseline *b, const char *text, const char *name,
		      const char *benchmark, char *err, size_t errlen);
/*
 * Marks the findings of r that b lacks as new, and lists in r->fixed the
 * findings of b that r lacks, of the checks r has that did not end in
 * ERROR (a check not run, or that could not run, fixed nothing); r->baseline
 * names b.
 */
void da_baseline_apply(struct da_report *r, struct da_baseline *b);
void da_baseline_release(struct da_baseline *b);

#endif
