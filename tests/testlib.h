/*
 * Helpers for the libcheck suites: fixtures, probes, running one check of a
 * module through its real descriptor.
 */
#ifndef DA_TESTLIB_H
#define DA_TESTLIB_H

#include "probe.h"
#include "report.h"

#include <dockaudit/module.h>

#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

/* Absolute path of a file under tests/fixtures (uses $DA_FIXTURES). Owned by caller. */
char *dt_fixture_path(const char *name);

/* Reads a whole file; aborts the test on failure. Owned by caller. */
char *dt_read_file(const char *path);

/* The same, its length (a NUL inside included) in *len. */
char *dt_read_file_len(const char *path, size_t *len);
/* How many times needle occurs in hay, overlapping ones counted. */
size_t dt_count(const char *hay, const char *needle);

/* mkdir -p: path and the folders above it, new ones with mode (errors ignored). */
void dt_mkdirs(const char *path, mode_t mode);

/* rm -rf: path and everything below it, links not followed (errors ignored). */
void dt_rm_tree(const char *path);

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

/* dt_set() and dt_del() at a path built printf-style ("engine.images.%d.%s"). */
void dt_setf(struct da_probe *p, const char *json, const char *fmt, ...) DA_PRINTF(3, 4);
void dt_delf(struct da_probe *p, const char *fmt, ...) DA_PRINTF(2, 3);

/*
 * Sets member key of the object at the dotted path parent to the JSON value
 * json, for keys that hold dots themselves (file paths, "docker.service")
 * and that dt_set() would split.  Targets are not recomputed.
 */
void dt_set_key(struct da_probe *p, const char *parent, const char *key, const char *json);

/*
 * A checked fixture for every test of tc: before each test dt_p holds a
 * probe freshly loaded from the fixture snapshot name (as
 * dt_probe_fixture() loads it), and after it the probe is freed.
 * dt_fixture_setup() and dt_fixture_teardown() are the two halves, for a
 * test that needs the fixture afresh.
 */
extern struct da_probe *dt_p;
void dt_add_fixture(TCase *tc, const char *name);
void dt_fixture_setup(void);
void dt_fixture_teardown(void);

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

/*
 * The first item of res with that kind, id and name whose detail contains
 * sub; a NULL argument matches anything.  NULL when there is none.
 */
const struct da_item *dt_find_item(const struct da_result *res, const char *kind,
				   const char *id, const char *name, const char *sub);

/* The detail of res, or "" when it has none. Borrowed. */
const char *dt_detail(const struct da_result *res);

/* Asserts that the detail of res contains s. */
void dt_assert_detail_has(const struct da_result *res, const char *s);

/* Asserts that check id gave res the status st. */
void dt_assert_status(const struct da_result *res, const char *id, enum da_status st);

/*
 * Runs check id of m against p; asserts its status and, when want is set,
 * that its detail contains want.
 */
void dt_expect(const struct da_module *m, const struct da_probe *p, const char *id,
	       enum da_status st, const char *want);

/* Whether check id of m, run against p, counts in the score. */
bool dt_is_scored(const struct da_module *m, const struct da_probe *p, const char *id);

/* Asserts the head of a module's descriptor. */
void dt_assert_module(const struct da_module *m, const char *name, const char *section,
		      const char *section_title, const char *group, uint32_t n_checks);

/*
 * Asserts a check row's manual and scored flags and that its title ends
 * in "(Manual)" or "(Automated)" as the manual flag says.
 */
void dt_assert_check_flags(const struct da_check *c, bool manual, bool scored);

/* True when s equals one of the NULL-terminated list. */
bool dt_str_in(const char *s, const char *const *list);

/* True when s ends with suffix. */
bool dt_ends_with(const char *s, const char *suffix);

/*
 * A test case named name with the tests of the NULL-terminated list (the
 * names START_TEST defines), each with the checked fixture of the snapshot
 * fixture when that is set (see dt_add_fixture).
 */
TCase *dt_tcase(const char *name, const char *fixture, const TTest *const *tests);

/*
 * A test, or part of a suite, that cannot run here (not root, a validator
 * missing): says why on stderr and marks the program skipped, so that
 * dt_run_suite() and dt_exit_status() give 77 (automake's SKIP) instead of
 * a silent pass.  Under CI=true it is a failure instead (exit 1): CI must
 * never pass by skipping.  Works from main() and from forked tests alike;
 * the caller then returns from the test or leaves the part out.
 */
void dt_skip(const char *fmt, ...) DA_PRINTF(1, 2);

/* main()'s exit status: 1 when failed or a skip under CI, 77 when
 * something was skipped, else 0. */
int dt_exit_status(int failed);

/* Runs the suite (forking as CK_FORK says) and gives main()'s exit status
 * (dt_exit_status()). */
int dt_run_suite(Suite *s);

/*
 * dt_run_suite() with the folder tmpl (a mkdtemp() template, filled in)
 * created before the run and removed after it with all the tests left
 * there: in fork mode a failed assertion ends a test before its teardown.
 * 1 when the folder cannot be created.
 */
int dt_run_suite_in(Suite *s, char *tmpl);

/* dt_run_suite() of a suite named name holding the one test case tc. */
int dt_main(const char *name, TCase *tc);

/*
 * Runs probe(cfg, root) in a child that drops to uid and gid 65534 with no
 * supplementary groups (root is parsed from seed there), and returns the
 * tree the child built.  What dockaudit sees in the docker group; only a
 * root test process can do this.  The child leaves with _exit, so the
 * parent's atexit handlers run once.
 */
struct da_hostfacts_config;
struct json_object *dt_probe_as_nobody(int (*probe)(const struct da_hostfacts_config *cfg,
						    struct json_object *root),
				       const struct da_hostfacts_config *cfg, const char *seed);

#endif
