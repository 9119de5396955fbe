/*
 * The run: which objects are audited (decided once, before any module
 * runs), running the selected checks against the probe, building the report.
 */
#ifndef DA_RUNNER_H
#define DA_RUNNER_H

#include "loader.h"
#include "probe.h"
#include "report.h"
#include "select.h"

struct da_filters {
	const char *include;   /* -i: comma list of name patterns (ERE) */
	const char *exclude;   /* -x */
	const char *labels;    /* -t: comma list, "key" or "key=value", all must match */
};

/*
 * Computes root.targets from root.engine and the filters: the inspected
 * containers and the images that pass -i/-x/-t, never dockaudit's own
 * container.  Returns 0 or DA_ERR_INVALID (bad pattern, named in err).
 */
int da_runner_targets(struct da_probe *p, const struct da_filters *f,
		      char *err, size_t errlen);

/* Builds the catalog of every check of the loaded modules for a benchmark. */
void da_catalog_build(struct da_catalog *cat, const struct da_loader *l,
		      const char *benchmark);
void da_catalog_release(struct da_catalog *cat);

/* Runs one check in-process and returns its result (never NULL). */
struct da_result *da_run_check(const struct da_checkdef *def, const struct da_probe *p,
			       size_t limit);

/*
 * Runs every selected check, in catalog order, into r->sections (sections
 * with no selected check are left out), then da_report_finish().
 */
void da_runner_run(struct da_report *r, const struct da_catalog *cat,
		   const bool *selected, const struct da_probe *p, size_t limit);



/*
 * As da_runner_run, but each module's checks run in a child process (the
 * probe is shared copy-on-write), all modules at once, each within
 * timeout_ms.  A module that crashes, hangs or writes garbage gets ERROR
 * results (with the signal or reason) for the checks it did not finish;
 * every other module goes on.
 */
void da_runner_run_isolated(struct da_report *r, const struct da_catalog *cat,
			    const bool *selected, const struct da_probe *p, size_t limit,
			    long timeout_ms);
#endif
