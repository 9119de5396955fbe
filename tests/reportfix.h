/*
 * Reports built by hand for the formatter suites (test_format, test_html,
 * test_sarif, test_waiver): sections, check definitions and results held
 * in one struct, and a report rendered by a formatter into a string.
 */
#ifndef DA_REPORTFIX_H
#define DA_REPORTFIX_H

#include "format.h"
#include "report.h"

#include <stdbool.h>
#include <stddef.h>

#define DT_REPORT_MAX_SECTIONS 2
#define DT_REPORT_MAX_DEFS 32  /* definitions, and results of one section */
#define DT_REPORT_MAX_POOL 512 /* strings kept until dt_report_release() */

struct dt_report {
	struct da_report r;
	struct da_section secs[DT_REPORT_MAX_SECTIONS];
	size_t n_sections;       /* the sections of r allocated */
	struct da_checkdef defs[DT_REPORT_MAX_DEFS];
	struct da_check checks[DT_REPORT_MAX_DEFS]; /* defs[i].check, when linked */
	size_t n_defs;
	char *pool[DT_REPORT_MAX_POOL];
	size_t n_pool;
};

/*
 * An empty report of n_sections sections (each with room for
 * DT_REPORT_MAX_DEFS results; r.n_sections grows as results are added),
 * with the test tool version "0.1.0-test", benchmark cis-1.6.0 and the
 * times 1700000000 and 1700000042.
 */
void dt_report_init(struct dt_report *d, size_t n_sections);

/* The report, and every string kept, released (not d itself). */
void dt_report_release(struct dt_report *d);

/* Keeps s (owned) until dt_report_release(); returns it. */
char *dt_report_keep(struct dt_report *d, char *s);

/* A new check definition; the strings are borrowed (or kept). */
struct da_checkdef *dt_report_def(struct dt_report *d, const char *id, const char *title,
				  unsigned flags, int level, const char *rem,
				  const char *impact);

/*
 * Gives def the check row a module would (id, its id as title, the
 * definition's flags, groups), as def->check.  Returns the row.
 */
struct da_check *dt_report_link_check(struct dt_report *d, struct da_checkdef *def,
				      const char *groups);

/* A new result of def (at most limit items; 0 = all) at the end of section sec. */
struct da_result *dt_report_add(struct dt_report *d, size_t sec,
				const struct da_checkdef *def, size_t limit);

/*
 * r rendered by the formatter named name (colours as color says): the
 * whole document, asserting that the formatter succeeded, kept no state
 * after its end and wrote no NUL byte.  Owned by the caller.
 */
char *dt_render(const char *name, const struct da_report *r, bool color);

#endif
