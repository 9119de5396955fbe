/*
 * Check selection: -c and -e lists of CIS ids ("2.2"), sections ("5"),
 * globs ("5.*"), docker-bench function names ("check_2_2") and group names
 * ("container_runtime", "cis", "all").  The selected set is the expansion
 * of -c (default: every check outside the reserved group "optional") minus
 * the expansion of -e, whatever the nesting.
 */
#ifndef DA_SELECT_H
#define DA_SELECT_H

#include "report.h"

#include <stdbool.h>
#include <stddef.h>

struct da_catalog {
	struct da_checkdef *defs; /* every check of every loaded module, in order */
	size_t n_defs;
};

/*
 * Marks selected[i] for every check of cat chosen by include (NULL = every
 * check outside the reserved group "optional", which is "cis" with the
 * bundled modules)
 * minus exclude (NULL = none), both comma lists.  A term that matches
 * nothing is an error: returns DA_ERR_INVALID with the term named in err.
 */
int da_select(const struct da_catalog *cat, const char *include, const char *exclude,
	      bool *selected, char *err, size_t errlen);

/*
 * Keeps only the checks of CIS profile level 1 (level 1) or levels 1 and 2
 * (level 2); headers follow their checks.
 */
void da_select_level(const struct da_catalog *cat, int level, bool *selected);

/*
 * Whether /version's Platform.Name and Version (either may be NULL) are
 * those of a Docker Enterprise (Mirantis) engine: a platform name with
 * "Enterprise" or "Mirantis", or an "-ee" version suffix.
 */
bool da_engine_is_enterprise(const char *platform, const char *version);

/*
 * On an engine that is not Enterprise, drops the checks of the reserved
 * group "enterprise_only" from the selection (section 8 then says in one
 * line, its check 8.0, that it does not apply); headers follow.
 */
void da_select_engine(const struct da_catalog *cat, bool enterprise, bool *selected);

/* True when one term matches the check (exported for tests). */
bool da_select_term_matches(const struct da_checkdef *def, const char *term);

#endif
