/*
 * Helpers for the libcheck suites: fixtures, probes, running one check of a
 * module through its real descriptor.
 */
#ifndef DA_TESTLIB_H
#define DA_TESTLIB_H

#include "probe.h"
#include "report.h"

#include <dockaudit/module.h>

#include <stdbool.h>

/* Absolute path of a file under tests/fixtures (uses $DA_FIXTURES). Owned by caller. */
char *dt_fixture_path(const char *name);

/* Reads a whole file; aborts the test on failure. Owned by caller. */
char *dt_read_file(const char *path);

/*
 * A probe loaded from a fixture snapshot (a name under tests/fixtures) or
 * from a JSON string, with targets computed (no filters).  Free with
 * dt_probe_free().
 */
struct da_probe *dt_probe_fixture(const char *name);
struct da_probe *dt_probe_json(const char *json);
void dt_probe_free(struct da_probe *p);

/*
 * Sets the value at a dotted path of the probe tree (objects are created
 * on the way; a numeric step indexes an existing array) to the JSON value
 * json ("false", "\"debug\"", "[1,2]", "null").  Recomputes targets.
 */
void dt_set(struct da_probe *p, const char *path, const char *json);
/* Removes the member at path (no-op when absent). Recomputes targets. */
void dt_del(struct da_probe *p, const char *path);

/*
 * Runs check id of module m (its descriptor validated as the loader
 * does) against p.  Aborts the test when the id is unknown.  Free the result
 * with da_result_free().
 */
struct da_result *dt_run(const struct da_module *m, const char *id,
			 const struct da_probe *p);

/* Status of dt_run() directly, freeing the result. */
enum da_status dt_status(const struct da_module *m, const char *id,
			 const struct da_probe *p);

/* True when some item of res has that name or id. */
bool dt_has_item(const struct da_result *res, const char *name_or_id);

#endif
