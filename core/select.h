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
#include "../modules/common/shared.h"

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct da_catalog {
	struct da_checkdef *defs; /* every check of every loaded module, in order */
	size_t n_defs;
};

/*
 * Marks selected[i] for every check of cat chosen by include (NULL = every
 * check outside the reserved group "optional", which is "cis" with the
 * bundled modules) minus exclude (NULL or "" = none), both comma lists.
 * A term that matches nothing, or an empty term (",", " "), is an error:
 * returns DA_ERR_INVALID with the term named in err.
 */
int da_select(const struct da_catalog *cat, const char *include, const char *exclude,
	      bool *selected, char *err, size_t errlen);

/*
 * Keeps only the checks of CIS profile level 1 (level 1) or levels 1 and 2
 * (level 2); headers follow their checks.
 */
void da_select_level(const struct da_catalog *cat, int level, bool *selected);

/*
 * DA_OK when selected holds at least one check (headers do not count);
 * else DA_ERR_INVALID with "the selection leaves no check to run (-c ...
 * -e ... --level N)" in err, naming what was given.
 */
int da_select_nonempty(const struct da_catalog *cat, const bool *selected,
		       const char *include, const char *exclude, int level,
		       char *err, size_t errlen);

/* da_engine_is_enterprise() is in shared.h: the enterprise module applies it too. */

/*
 * On an engine that is not Enterprise, drops the checks of the reserved
 * group "enterprise_only" from the selection (section 8 then says in one
 * line, its check 8.0, that it does not apply); headers follow.
 */
void da_select_engine(const struct da_catalog *cat, bool enterprise, bool *selected);

/* True when one term matches the check (exported for tests). */
bool da_select_term_matches(const struct da_checkdef *def, const char *term);

/*
 * -i/-x name patterns (POSIX extended regular expressions) are bounded
 * before regcomp sees them (docs/failures.md): at most DA_PATTERN_MAX_LEN
 * bytes, at most DA_PATTERN_MAX_ELEMENTS elements once every repetition is
 * written out as glibc does, and no back-reference; a whole list, at most
 * DA_PATTERNS_MAX_ELEMENTS.
 */
#define DA_PATTERN_MAX_LEN 1024
#define DA_PATTERN_MAX_ELEMENTS 1024
#define DA_PATTERNS_MAX_ELEMENTS 8192 /* all the patterns of one list */

/* The elements of pat with its repetitions written out (exported for tests). */
uint64_t da_pattern_elements(const char *pat);

/*
 * Bounds and compiles one pattern (REG_EXTENDED | REG_NOSUB) into re.
 * DA_ERR_INVALID with one line in err ("-i pattern refused: ...", "-i
 * pattern '(' is invalid: ...") naming the pattern, escaped.
 */
int da_pattern_compile(regex_t *re, const char *pat, const char *flag,
		       char *err, size_t errlen);

/*
 * Checks every pattern of a comma list as da_pattern_compile does, and that
 * they have at most DA_PATTERNS_MAX_ELEMENTS elements in all.
 */
int da_patterns_check(const char *list, const char *flag, char *err, size_t errlen);

#endif
