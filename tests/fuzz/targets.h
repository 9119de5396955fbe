/*
 * The bodies of the fuzz targets, shared by the libFuzzer shims
 * (tests/fuzz/fuzz_*.c) and by the regression test that replays the seed
 * corpora and the saved crashers without libFuzzer
 * (tests/unit/test_fuzz_regressions.c).
 *
 * Each body takes the raw input (not NUL-terminated), hands it to the real
 * core function, runs every check of every bundled module on what came
 * out where that makes sense, renders the report in every format, and
 * calls abort() with a message when a property the code promises does not
 * hold (valid UTF-8 and no control characters in the outputs, JSON
 * outputs that parse, parser results that agree with each other).  A
 * crash, a sanitizer report or that abort() is a finding.
 *
 * Files the bodies need: tests/fuzz/base-probe.json, found through
 * $DA_FUZZ_DIR or else the DT_FUZZ_DIR the program was built with.  The
 * host-facts paths write a small fake host and /proc below $TMPDIR, removed
 * at exit.
 */
#ifndef DT_FUZZ_TARGETS_H
#define DT_FUZZ_TARGETS_H

#include <stddef.h>
#include <stdint.h>

int dt_fuzz_snapshot(const uint8_t *data, size_t size);
int dt_fuzz_engine_json(const uint8_t *data, size_t size);
int dt_fuzz_daemon_json(const uint8_t *data, size_t size);
int dt_fuzz_cmdline(const uint8_t *data, size_t size);
int dt_fuzz_audit_rules(const uint8_t *data, size_t size);
int dt_fuzz_host_parsers(const uint8_t *data, size_t size);
int dt_fuzz_escape(const uint8_t *data, size_t size);
int dt_fuzz_select(const uint8_t *data, size_t size);
int dt_fuzz_auditnl(const uint8_t *data, size_t size);

/*
 * Checks that the property checks of the bodies reject known-bad values
 * (invalid UTF-8, control characters, unnormalised paths, bad JSON output).
 * Returns the number of checks that accepted what they must refuse.
 */
int dt_fuzz_selftest(void);

struct dt_fuzz_target {
	const char *name; /* "snapshot": fuzz_snapshot.c, corpus/snapshot */
	int (*run)(const uint8_t *data, size_t size);
};

/* Every target, ended by a zeroed entry. */
extern const struct dt_fuzz_target dt_fuzz_targets[];

/* libFuzzer's entry point, defined by each shim. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
