#!/bin/bash
# The command line of the real binary: help, version, usage errors, an
# unreachable daemon, snapshots (save, then audit with no daemon), the
# docker-bench-security log (-l), check selection and the exit-code gates.

# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

da_require_jq
da_require_bin
da_setup
T=$DA_TMP
gone=unix://$T/nothing-here.sock

# --- without any daemon -------------------------------------------------------

DOCKER_HOST=$gone da_run_audit -h >"$T/h.out" 2>"$T/h.err"
da_assert_rc 0 $? "-h"
da_check "-h prints the usage on stdout" grep -qi 'usage' "$T/h.out"
da_check "-h names --format and --output" grep -q -- '--output' "$T/h.out"
da_check "-h prints nothing on stderr" test ! -s "$T/h.err"

version=$(sed -n 's/^#define PACKAGE_VERSION "\(.*\)"$/\1/p' "$DA_BUILDDIR/config.h")
da_run_audit --version >"$T/v.out" 2>&1
da_assert_rc 0 $? "--version"
da_check "--version prints $version" grep -qF "$version" "$T/v.out"

for bad in --no-such-option "--format nosuch" "--fail-on sometimes" "--min-score many" "-n"; do
	# shellcheck disable=SC2086 # the option and its value are two words
	DOCKER_HOST=$gone da_run_audit $bad >"$T/bad.out" 2>"$T/bad.err"
	da_assert_rc 2 $? "bad usage '$bad'"
	da_check "bad usage '$bad' says why on one line of stderr" \
		test "$(grep -c . "$T/bad.err")" -eq 1
	da_check "bad usage '$bad' writes no report on stdout" test ! -s "$T/bad.out"
done

DOCKER_HOST=$gone da_run_audit --output "json:$T/none.json" >"$T/gone.out" 2>"$T/gone.err"
da_assert_rc 3 $? "audit with DOCKER_HOST on a missing socket"
da_check "the unreachable daemon is one line on stderr" \
	test "$(grep -c . "$T/gone.err")" -eq 1
da_check "that line names the socket" grep -qF "nothing-here.sock" "$T/gone.err"
da_check "no report is written" test ! -e "$T/none.json"
cat "$T/gone.err"

da_run_audit --list-checks >"$T/checks.out" 2>"$T/checks.err"
da_assert_rc 0 $? "--list-checks without a daemon"
for id in 1.1.1 2.2 3.1 4.1 5.1 6.1 7.1; do
	da_check "--list-checks lists $id" grep -qE "(^|[[:space:]])${id//./\\.}[[:space:]]" "$T/checks.out"
done
da_run_audit --list-modules >"$T/mods.out" 2>"$T/mods.err"
da_assert_rc 0 $? "--list-modules without a daemon"
n_so=$(find "$DA_MODULE_DIR" -maxdepth 1 -name '*.so' | wc -l)
da_check "--list-modules lists one line per built module ($n_so)" \
	test "$(grep -c . "$T/mods.out")" -eq "$n_so"

# --- a live audit saved as a snapshot --------------------------------------------

da_require_daemon
da_daemon_start '{"icc": false}'
da_image_import "$DA_IMAGE" || da_die "cannot import the test image"
da_docker run -d --name web -p 8080:80 "$DA_IMAGE" sleep 600 >/dev/null ||
	da_die "cannot run a container"
da_docker run -d --name worker --read-only --memory 32m "$DA_IMAGE" sleep 600 >/dev/null ||
	da_die "cannot run a container"

da_run_audit --save-snapshot "$T/snap.json" --output "json:$T/live.json" >"$T/live.txt" 2>"$T/live.err"
da_assert_rc 0 $? "live audit with --save-snapshot"
da_check "the snapshot is JSON" jq -e '.probe_version' "$T/snap.json"
da_check "the live report has checks" \
	test "$(jq '[.sections[].checks[]] | length' "$T/live.json")" -gt 50
da_assert_summary_consistent "$T/live.json"
da_daemon_stop

# The same audit from the snapshot, with no daemon anywhere.
export DOCKER_HOST=$gone
da_run_audit --snapshot "$T/snap.json" --output "json:$T/again.json" \
	-l "$T/log" >"$T/again.txt" 2>"$T/again.err"
da_assert_rc 0 $? "audit from --snapshot with no daemon"
results() {
	jq -c '.sections[].checks[] | {id, status, detail, items}' "$1"
}
if [ -n "$(results "$T/live.json")" ] && [ "$(results "$T/live.json")" = "$(results "$T/again.json")" ]; then
	da_ok "the snapshot reproduces every check's status, detail and items"
else
	da_fail "the snapshot reproduces every check's status, detail and items"
	diff <(results "$T/live.json") <(results "$T/again.json") | head -20 >&2
fi
da_assert_status "$T/again.json" 2.2 PASS

# -l FILE: text log plus FILE.json in docker-bench-security's shape.
da_check "-l writes the text log" grep -q '\[WARN\]' "$T/log"
da_check "-l writes no colour codes" test "$(grep -c "$(printf '\033')" "$T/log")" -eq 0
da_check "-l writes FILE.json" jq -e . "$T/log.json"
da_check "FILE.json has docker-bench-security's keys" jq -e '
	(.dockerbenchsecurity | type == "string") and (.start | type == "number") and
	(.end | type == "number") and (.checks | type == "number") and
	(.score | type == "number") and (.tests | type == "array")' "$T/log.json"
da_check "FILE.json has tests[].results[] with id, desc, result" jq -e '
	[.tests[].results[]] | length > 0 and
	all(.[]; (.id | type == "string") and (.desc | type == "string") and
		(.result | IN("PASS", "WARN", "INFO", "NOTE")))' "$T/log.json"
da_check "FILE.json counts and scores as the JSON report" test \
	"$(jq -c '[.checks, .score]' "$T/log.json")" = "$(jq -c '[.summary.checks, .summary.score]' "$T/again.json")"
da_check "FILE.json lists the same checks" test \
	"$(jq -c '[.tests[].results[].id]' "$T/log.json")" = \
	"$(jq -c '[.sections[].checks[].id]' "$T/again.json")"

# --- selection ------------------------------------------------------------------

da_run_audit --snapshot "$T/snap.json" -c 2.2,5 --output "json:$T/sel.json" >/dev/null 2>&1
da_assert_rc 0 $? "-c 2.2,5"
da_check "-c 2.2,5 runs 2.2 and section 5 only" jq -e '
	[.sections[].checks[].id] | length > 1 and
	all(.[]; . == "2.2" or startswith("5."))' "$T/sel.json"
da_run_audit --snapshot "$T/snap.json" -e 1,2,3 --output "json:$T/exc.json" >/dev/null 2>&1
da_assert_rc 0 $? "-e 1,2,3"
da_check "-e 1,2,3 leaves out sections 1 to 3" jq -e '
	[.sections[].checks[].id] | length > 0 and
	all(.[]; (startswith("1.") or startswith("2.") or startswith("3.")) | not)' "$T/exc.json"
da_run_audit --snapshot "$T/snap.json" -c 5.14 --output "json:$T/p.json" >/dev/null 2>&1
da_assert_item "$T/p.json" 5.14 web
da_run_audit --snapshot "$T/snap.json" -c 5.14 -x web --output "json:$T/px.json" >/dev/null 2>&1
da_assert_no_item "$T/px.json" 5.14 web

# --- gates ------------------------------------------------------------------------

warns=$(jq '.summary.warn + .summary.error' "$T/again.json")
score=$(jq '.summary.score' "$T/again.json")
want=0
[ "$warns" -eq 0 ] || want=1
da_run_audit --snapshot "$T/snap.json" --fail-on warn >/dev/null 2>&1
da_assert_rc "$want" $? "--fail-on warn with $warns findings"
errors=$(jq '.summary.error' "$T/again.json")
want=0
[ "$errors" -eq 0 ] || want=1
da_run_audit --snapshot "$T/snap.json" --fail-on error >/dev/null 2>&1
da_assert_rc "$want" $? "--fail-on error with $errors errors"
da_run_audit --snapshot "$T/snap.json" --min-score "$score" >/dev/null 2>&1
da_assert_rc 0 $? "--min-score $score (the score)"
da_run_audit --snapshot "$T/snap.json" --min-score "$((score + 1))" >/dev/null 2>&1
da_assert_rc 1 $? "--min-score $((score + 1)) (above the score)"

da_finish
