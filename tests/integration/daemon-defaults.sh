#!/bin/bash
# Section 2 and 6 against a daemon with every setting at its default, and
# the report formats of one run: JSON (validated against the schema), JUnit
# (validated against both JUnit schemas) and text.

# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

da_require_jq
da_require_bin
da_require_daemon
da_setup
T=$DA_TMP
da_daemon_start '{}'
da_image_import "$DA_IMAGE" || da_die "cannot import the test image"
da_docker run -d --name alpha "$DA_IMAGE" sleep 600 >/dev/null || da_die "cannot run a container"
da_docker create --name beta "$DA_IMAGE" true >/dev/null || da_die "cannot create a container"

da_run_audit -c 2,6 --output "json:$T/r.json" >"$T/r.txt" 2>"$T/r.err"
da_assert_rc 0 $? "audit -c 2,6"
cat "$T/r.err" >&2

# Defaults that docker-bench-security reports as findings.
da_assert_status "$T/r.json" 2.2 WARN   # icc defaults to true
da_assert_status "$T/r.json" 2.9 WARN   # no userns-remap
da_assert_status "$T/r.json" 2.12 WARN  # no authorization plugin
da_assert_status "$T/r.json" 2.13 WARN  # json-file logging
da_assert_status "$T/r.json" 2.14 WARN  # no no-new-privileges
da_assert_status "$T/r.json" 2.15 WARN  # no live-restore
da_assert_status "$T/r.json" 2.16 WARN  # userland proxy on
# Defaults that are fine.
da_assert_status "$T/r.json" 2.3 PASS   # log level not set: info
da_assert_status "$T/r.json" 2.4 PASS   # iptables allowed
da_assert_status "$T/r.json" 2.5 PASS   # no insecure registry
da_assert_status "$T/r.json" 2.6 PASS   # overlay2, not aufs
da_assert_status "$T/r.json" 2.7 INFO   # not listening on TCP
da_assert_status "$T/r.json" 2.8 INFO   # no default ulimit
da_assert_status "$T/r.json" 2.10 PASS  # no cgroup-parent
da_assert_status "$T/r.json" 2.11 PASS  # no dm.basesize
da_assert_status "$T/r.json" 2.18 PASS  # experimental off (docs/differences.md)
da_assert_status "$T/r.json" 6.1 INFO
da_assert_status "$T/r.json" 6.2 INFO
da_check "6.2 counts 2 containers, 1 running" \
	jq -e '.sections[].checks[] | select(.id == "6.2") | .detail | test("\\b2\\b") and test("\\b1\\b")' "$T/r.json"
da_check "only sections 2 and 6 ran" jq -e '[.sections[].checks[].id] |
	length >= 20 and all(.[]; startswith("2.") or startswith("6."))' "$T/r.json"
da_check "every check has a known status" jq -e '[.sections[].checks[].status] |
	all(.[]; IN("PASS", "WARN", "INFO", "NOTE", "ERROR"))' "$T/r.json"
da_check "no check is ERROR" jq -e '[.sections[].checks[] | select(.status == "ERROR")] | length == 0' "$T/r.json"
da_assert_summary_consistent "$T/r.json"
da_check "the report names the private daemon" grep -qF "$DA_SOCK" "$T/r.json"

# Two outputs of one run, and the text on stdout.
da_run_audit --no-color --output "json:$T/a.json" --output "junit:$T/b.xml" >"$T/a.txt" 2>"$T/a.err"
da_assert_rc 0 $? "audit with two outputs"
da_check "the JSON output exists" test -s "$T/a.json"
da_check "the JUnit output exists" test -s "$T/b.xml"
da_check "the JSON report validates against its schema" da_validate_json "$T/a.json"
if da_junit_schema_dir >/dev/null || [ "${CI:-}" = true ]; then
	da_check "the JUnit report validates against both JUnit schemas" da_validate_junit "$T/b.xml"
else
	da_log "JUnit schemas not found: JUnit report not validated"
fi
n_checks=$(jq '.summary.checks' "$T/a.json")
n_cases=$(xmllint --xpath 'count(//testcase)' "$T/b.xml" 2>/dev/null)
da_check "one JUnit testcase per check ($n_checks)" test "$n_cases" = "$n_checks"
n_warn=$(jq '.summary.warn' "$T/a.json")
n_fail=$(xmllint --xpath 'count(//testcase[failure])' "$T/b.xml" 2>/dev/null)
da_check "one JUnit failure per WARN ($n_warn)" test "$n_fail" = "$n_warn"
da_check "the text report has [WARN] 2.2" grep -qE '^\[WARN\] 2\.2( |$)' "$T/a.txt"
da_check "the text report has the score section" grep -q 'Section C - Score' "$T/a.txt"
da_check "the text report has no colour with --no-color" \
	test "$(grep -c "$(printf '\033')" "$T/a.txt")" -eq 0

da_finish
