#!/bin/bash
# Waivers, baselines, gates and summaries on the snapshot fixtures (no
# daemon): a copy of runtime-base.json whose two containers (web, db) are
# privileged fails 5.4 and 5.5 for both.  Checked: a waiver per object and
# per glob, an expired waiver, hostile strings in the waiver file and in
# the names (escaped in text, JSON, JUnit and SARIF), the usage errors of
# a bad waiver file (exit 2, the line named), the baseline (new, fixed,
# --fail-on new, a wrong benchmark, a malformed file), the gate messages,
# the per-section counts (text and JSON) and --list-checks --format json.
# JSON reports go through tests/validate-json.py, JUnit through
# tests/validate-junit.py.

# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/integration/lib.sh"

da_require_jq
da_require_bin
da_setup
T=$DA_TMP
: "${DA_FIXTURES:?}"

python3 -c 'import jsonschema' 2>/dev/null || da_skip "python3 jsonschema not found (python3-jsonschema)"
python3 "$DA_SRCDIR/tests/validate-junit.py" --check >/dev/null 2>&1 ||
	da_skip "the JUnit validator cannot run (python3-junitparser)"

# The snapshot: both containers privileged, with an added capability; a
# hostile copy has names with quotes, markup, a newline and ESC.
python3 - "$DA_FIXTURES/runtime-base.json" "$T" <<'PY' || da_die "cannot make the snapshots"
import json, sys
src, out = sys.argv[1], sys.argv[2]
d = json.load(open(src))
for c in d["engine"]["containers"]:
    c["HostConfig"]["Privileged"] = True
    c["HostConfig"]["CapAdd"] = ["SYS_ADMIN"]
json.dump(d, open(out + "/snap.json", "w"))
for c in d["engine"]["containers"]:
    c["Name"] = '/' + c["Name"].lstrip('/') + '"<b>&amp;\n\x1b[31m'
json.dump(d, open(out + "/hostile.json", "w"))
PY

snap=$T/snap.json
run() { da_run_audit --snapshot "$snap" -c 2,5.4,5.5 "$@"; }
valid_json() {
	if python3 "$DA_SRCDIR/tests/validate-json.py" "$DA_SCHEMAS/dockaudit-report-1.schema.json" "$1" >"$T/vj.out" 2>&1; then
		da_ok "$2: JSON valid against the schema"
	else
		da_fail "$2: JSON invalid: $(head -c 600 "$T/vj.out")"
	fi
}
valid_junit() {
	if python3 "$DA_SRCDIR/tests/validate-junit.py" "$1" >"$T/vu.out" 2>&1; then
		da_ok "$2: JUnit valid"
	else
		da_fail "$2: JUnit invalid: $(head -c 600 "$T/vu.out")"
	fi
}
# jq_is FILE EXPR WANT WHAT
jq_is() {
	local got
	got=$(jq -r "$2" "$1" 2>&1)
	if [ "$got" = "$3" ]; then
		da_ok "$4"
	else
		da_fail "$4 (got '$got', want '$3')"
	fi
}

# --- no waivers: the findings and the gate ------------------------------------

run --format json >"$T/plain.json" 2>"$T/plain.err"
da_assert_rc 0 $? "audit of the privileged snapshot"
da_assert_status "$T/plain.json" 5.4 WARN
da_assert_status "$T/plain.json" 5.5 WARN
da_assert_item "$T/plain.json" 5.4 web
da_assert_item "$T/plain.json" 5.4 db
valid_json "$T/plain.json" "plain"
jq_is "$T/plain.json" '[.sections[].summary.warn] | add' "$(jq -r .summary.warn "$T/plain.json")" \
	"per-section WARN counts add up to the total"
jq_is "$T/plain.json" '[.sections[] | .summary.checks == (.checks | length)] | all' true \
	"each section's checks count is its number of checks"
jq_is "$T/plain.json" '[.sections[] | .summary.pass == ([.checks[] | select(.status == "PASS")] | length)] | all' true \
	"each section's PASS count matches its checks"
warns=$(jq '[.sections[].checks[] | select(.status == "WARN" or .status == "ERROR")] | length' "$T/plain.json")

run --fail-on warn >/dev/null 2>"$T/gate.err"
da_assert_rc 1 $? "--fail-on warn"
da_check "gate message: $warns findings (--fail-on warn)" \
	grep -qxF "dockaudit: gate failed: $warns findings (--fail-on warn)" "$T/gate.err"
da_run_audit --snapshot "$snap" -c 5.4 --fail-on warn >/dev/null 2>"$T/gate1.err"
da_check "gate message: 1 finding (singular)" \
	grep -qxF "dockaudit: gate failed: 1 finding (--fail-on warn)" "$T/gate1.err"
run --fail-on error,warn >/dev/null 2>"$T/gate2.err"
da_assert_rc 1 $? "--fail-on error,warn"
da_check "--fail-on error,warn: one gate line" test "$(wc -l <"$T/gate2.err")" -eq 1
run --min-score 1000 >/dev/null 2>"$T/gate3.err"
da_check "gate message for --min-score" \
	grep -qE '^dockaudit: gate failed: score -?[0-9]+ below --min-score 1000$' "$T/gate3.err"
da_run_audit --snapshot "$snap" -c 5.4 --fail-on new >/dev/null 2>"$T/new-nobase.err"
da_assert_rc 2 $? "--fail-on new without --baseline"
for bad in "warn,,error" "new,sometimes" ""; do
	run --fail-on "$bad" >/dev/null 2>"$T/bad.err"
	da_assert_rc 2 $? "--fail-on '$bad'"
done

# --- waivers --------------------------------------------------------------------

cat >"$T/w.yaml" <<'EOF'
# accepted exceptions
waivers:
  - check: "5.4"
    objects: [web]
    justification: "needs SYS_ADMIN for FUSE \"<mount>\" & more"
    expires: 2999-12-31
    owner: platform-team
  - check: "5.5*"
    objects: "w*"
    justification: "\e[31mred\e[0m privileged by design"
    expires: 2999-12-31
  - check: "2.*"
    justification: "daemon reviewed in ticket OPS-1"
    expires: 2001-02-03
EOF
run --waivers "$T/w.yaml" --format json >"$T/w.json" 2>"$T/w.err"
da_assert_rc 0 $? "audit with waivers"
valid_json "$T/w.json" "waivers"
da_assert_status "$T/w.json" 5.4 WARN
jq_is "$T/w.json" '.sections[].checks[] | select(.id == "5.4") | .items[] | select(.name == "web") | .waiver.justification' \
	'needs SYS_ADMIN for FUSE "<mount>" & more' "5.4 web is waived with its justification"
jq_is "$T/w.json" '.sections[].checks[] | select(.id == "5.4") | .items[] | select(.name == "web") | .waiver.line' \
	3 "the waiver names its line"
jq_is "$T/w.json" '.sections[].checks[] | select(.id == "5.4") | .items[] | select(.name == "db") | has("waiver")' \
	false "5.4 db is not waived (one container waived, the other still fails)"
jq_is "$T/w.json" '.sections[].checks[] | select(.id == "5.4") | .waived' false "5.4 is not wholly waived"
jq_is "$T/w.json" '.sections[].checks[] | select(.id == "5.5") | .items[] | select(.name == "web") | .waiver.check' \
	'5.5*' "a glob waives 5.5 for web"
jq_is "$T/w.json" '[.sections[].checks[] | select(.id | startswith("2.")) | .items[]?, . | select(.waiver)] | length' \
	0 "the expired waiver of 2.* waives nothing"
jq_is "$T/w.json" '.waivers[2] | "\(.expired) \(.used) \(.line)"' "true 0 12" "the expired waiver is listed, unused, with its line"
jq_is "$T/w.json" '.waivers[0].used' 1 "the 5.4 waiver waived one finding"
jq_is "$T/w.json" '.summary.waived' 2 "summary: 2 waived findings"
jq_is "$T/w.json" '[.sections[].summary.waived] | add' 2 "per-section waived counts add up"
jq_is "$T/w.json" '.summary.warn' "$(jq -r .summary.warn "$T/plain.json")" "waived findings keep their status"
da_check "the expired waiver is reported on stderr" grep -q 'waiver at .*:12 (2\.\*) expired on 2001-02-03' "$T/w.err"

run --waivers "$T/w.yaml" --no-color >"$T/w.txt" 2>/dev/null
da_check "text: [WARN] item line with (waived: REASON, until DATE)" \
	grep -qF '[WARN]      * web (7a3f01234567): privileged: all capabilities; added: SYS_ADMIN (waived: needs SYS_ADMIN for FUSE "<mount>" & more, until 2999-12-31)' "$T/w.txt"
da_check "text: the unwaived container has no mark" \
	grep -qE '^\[WARN\]      \* db \(5c81fedcba98\): privileged: all capabilities; added: SYS_ADMIN$' "$T/w.txt"
da_check "text: no escape character from the waiver file" sh -c '! grep -q "$(printf "\033")" "$1"' _ "$T/w.txt"
da_check "text: the expired waiver is reported" \
	grep -qF '[WARN] Waiver expired (line 12): 2.* ended 2001-02-03: daemon reviewed in ticket OPS-1 (waives nothing)' "$T/w.txt"
da_check "text: summary with waived per section" grep -qE '^\[INFO\] 5 - Container Runtime: [0-9]+ PASS, [0-9]+ WARN, [0-9]+ INFO, [0-9]+ NOTE, [0-9]+ ERROR, 2 waived$' "$T/w.txt"
da_check "text: total line" grep -qE '^\[INFO\] Total: [0-9]+ PASS, [0-9]+ WARN, [0-9]+ INFO, [0-9]+ NOTE, [0-9]+ ERROR, 2 waived$' "$T/w.txt"

# every finding of 5.4 and 5.5 waived: the gate ignores them, JUnit skips
cat >"$T/all.yaml" <<'EOF'
- check: "5.[45]"
  justification: all containers are build agents
  expires: 2999-12-31
EOF
da_run_audit --snapshot "$snap" -c 5.4,5.5 --waivers "$T/all.yaml" --fail-on warn \
	--output json:"$T/all.json" --output junit:"$T/all.xml" --output sarif:"$T/all.sarif" >/dev/null 2>"$T/all.err"
da_assert_rc 0 $? "--fail-on warn with every finding waived"
da_check "no gate message" test ! -s "$T/all.err"
jq_is "$T/all.json" '[.sections[].checks[].waived] | all' true "5.4 and 5.5 wholly waived"
valid_junit "$T/all.xml" "all waived"
da_check "JUnit: waived checks are skipped with the reason" \
	grep -qF '<skipped message="waived: all containers are build agents, until 2999-12-31' "$T/all.xml"
da_check "JUnit: no failure left" sh -c '! grep -q "<failure" "$1"' _ "$T/all.xml"
jq_is "$T/all.sarif" '[.runs[0].results[] | .suppressions[0].status] | unique | join(",")' accepted \
	"SARIF: every result suppressed, accepted"
jq_is "$T/all.sarif" '.runs[0].results[0].suppressions[0].justification' \
	"all containers are build agents (until 2999-12-31)" "SARIF: the suppression's justification"
# the score: a scored WARN wholly waived counts neither way
s_plain=$(da_run_audit --snapshot "$snap" -c 5.4,5.5 --format json | jq .summary.score)
s_waived=$(jq .summary.score "$T/all.json")
da_check "score: $s_plain without waivers, 0 with 5.4 and 5.5 waived" test "$s_plain" = -2 -a "$s_waived" = 0

# hostile names and waiver strings in every format
da_run_audit --snapshot "$T/hostile.json" -c 5.4 --waivers "$T/w.yaml" --format json >"$T/h.json" 2>/dev/null
cat >"$T/h.yaml" <<'EOF'
- check: "5.4"
  objects: ["web*"]
  justification: "</skipped><x a='1'>&amp; \"q\" \e]0;title\a"
  expires: 2999-12-31
  owner: "<owner>"
EOF
da_run_audit --snapshot "$T/hostile.json" -c 5.4,5.5 --waivers "$T/h.yaml" --no-color \
	--output json:"$T/h.json" --output junit:"$T/h.xml" --output sarif:"$T/h.sarif" \
	--output text:"$T/h.txt" >/dev/null 2>"$T/h.err"
da_assert_rc 0 $? "hostile waiver and names"
valid_json "$T/h.json" "hostile"
valid_junit "$T/h.xml" "hostile"
jq_is "$T/h.json" '.sections[].checks[] | select(.id == "5.4") | .items[] | select(.name | startswith("web")) | .waiver.justification' \
	"$(printf '</skipped><x a='"'"'1'"'"'>&amp; "q" \033]0;title\a')" "JSON keeps the hostile justification intact"
jq_is "$T/h.sarif" '.runs[0].results[] | select(.suppressions) | .suppressions[0].properties.owner' "<owner>" \
	"SARIF: the owner, escaped and read back"
da_check "text: no escape character" sh -c '! grep -q "$(printf "\033")" "$1"' _ "$T/h.txt"
da_check "text: no BEL character" sh -c '! grep -q "$(printf "\007")" "$1"' _ "$T/h.txt"
da_check "text: the hostile item is marked waived" grep -qF '(waived: </skipped>' "$T/h.txt"

# a waiver file that is wrong: usage error, the line named
bad_waiver() {
	local what=$1 want=$2
	printf '%s\n' "$3" >"$T/bad.yaml"
	run --waivers "$T/bad.yaml" >/dev/null 2>"$T/bad.err"
	da_assert_rc 2 $? "waiver file: $what"
	if grep -qE "^dockaudit: .*bad\.yaml:$want: " "$T/bad.err" && [ "$(wc -l <"$T/bad.err")" -eq 1 ]; then
		da_ok "waiver file: $what: one line naming line $want"
	else
		da_fail "waiver file: $what: want line $want, got: $(cat "$T/bad.err")"
	fi
}
bad_waiver "no justification" 2 "waivers:
  - check: \"5.4\"
    expires: 2999-01-01"
bad_waiver "blank justification" 3 "
waivers:
  - check: \"5.4\"
    justification: \"  \"
    expires: 2999-01-01"
bad_waiver "no expires" 1 "- check: \"5.4\"
  justification: x"
bad_waiver "not a date" 1 "- check: \"5.4\"
  justification: x
  expires: next year"
bad_waiver "February 30" 1 "- {check: \"5.4\", justification: x, expires: 2030-02-30}"
bad_waiver "unknown check id" 5 "waivers:
  - check: \"5.4\"
    justification: x
    expires: 2999-01-01
  - check: \"9.99\"
    justification: x
    expires: 2999-01-01"
bad_waiver "a glob matching nothing" 1 "- {check: \"9.*\", justification: x, expires: 2999-01-01}"
bad_waiver "unknown key" 3 "- check: \"5.4\"
  justification: x
  expire: 2999-01-01"
bad_waiver "malformed YAML" 3 "- check: \"5.4\"
  justification: x
 expires: [2999-01-01"
bad_waiver "not a list" 1 "check: 5.4"
run --waivers "$T/nonexistent.yaml" >/dev/null 2>"$T/bad.err"
da_assert_rc 2 $? "a missing waiver file"
printf '' >"$T/empty.yaml"
run --waivers "$T/empty.yaml" --format json >"$T/empty.json" 2>/dev/null
da_assert_rc 0 $? "an empty waiver file"
jq_is "$T/empty.json" '.waivers | length' 0 "an empty waiver file waives nothing"

# --- baselines ------------------------------------------------------------------

# the baseline: the same audit with db unprivileged, and 2.x as it is
python3 - "$snap" "$T/base-snap.json" <<'PY' || da_die "cannot make the baseline snapshot"
import json, sys
d = json.load(open(sys.argv[1]))
for c in d["engine"]["containers"]:
    if c["Name"].lstrip("/") == "db":
        c["HostConfig"]["Privileged"] = False
        c["HostConfig"]["CapAdd"] = ["NET_BIND_SERVICE"]
    else:
        c["HostConfig"]["CapAdd"] = ["NET_BIND_SERVICE", "SYS_ADMIN"]
json.dump(d, open(sys.argv[2], "w"))
PY
da_run_audit --snapshot "$T/base-snap.json" -c 2,5.4,5.5 --format json >"$T/base.json" 2>/dev/null
run --baseline "$T/base.json" --format json >"$T/b.json" 2>/dev/null
da_assert_rc 0 $? "audit with a baseline"
valid_json "$T/b.json" "baseline"
jq_is "$T/b.json" '[.sections[].checks[] | select(.id == "5.4" or .id == "5.5") | .items[] | select(.new) | .name] | sort | unique | join(",")' \
	db "the findings of db are new, those of web known"
jq_is "$T/b.json" '[.sections[].checks[] | select(.id | startswith("2.")) | select(.new == true)] | length' 0 \
	"the daemon's findings are known"
jq_is "$T/b.json" '.summary.new' 2 "summary: 2 new findings"
jq_is "$T/b.json" '[.sections[].summary.new] | add' 2 "per-section new counts add up"
run --baseline "$T/base.json" --fail-on new >"$T/b.txt" 2>"$T/b.err"
da_assert_rc 1 $? "--fail-on new with new findings"
da_check "gate message: 2 new findings" grep -qxF "dockaudit: gate failed: 2 new findings (--fail-on new)" "$T/b.err"
da_check "text: new findings are marked" grep -qE '^\[WARN\]      \* db .*\(new\)$' "$T/b.txt"
da_check "text: known findings are not" sh -c '! grep -qE "^\[WARN\]      \* web .*\(new\)$" "$1"' _ "$T/b.txt"
da_check "text: the baseline line" grep -qE '^\[INFO\] Baseline .*base\.json: 2 new, 0 fixed$' "$T/b.txt"
# new findings waived do not fail the gate
cat >"$T/db.yaml" <<'EOF'
- {check: "5.*", objects: [db], justification: db migrates next week, expires: 2999-12-31}
EOF
run --baseline "$T/base.json" --waivers "$T/db.yaml" --fail-on new >/dev/null 2>&1
da_assert_rc 0 $? "--fail-on new with the new findings waived"
# the other way: the baseline has findings this run lacks
da_run_audit --snapshot "$T/base-snap.json" -c 2,5.4,5.5 --baseline "$T/b.json" --format json >"$T/f.json" 2>/dev/null
valid_json "$T/f.json" "fixed"
jq_is "$T/f.json" '[.baseline.fixed[] | "\(.check) \(.kind) \(.object)"] | sort | join(",")' \
	"5.4 container db,5.5 container db" "the fixed findings are listed"
jq_is "$T/f.json" '.summary | "\(.new) \(.fixed)"' "0 2" "summary: 0 new, 2 fixed"
da_run_audit --snapshot "$T/base-snap.json" -c 2,5.4,5.5 --baseline "$T/b.json" --fail-on new --output sarif:"$T/f.sarif" >"$T/f.txt" 2>/dev/null
da_assert_rc 0 $? "--fail-on new without new findings"
da_check "text: fixed findings listed" grep -qxF '[PASS] Fixed: 5.5 container db' "$T/f.txt"
jq_is "$T/f.sarif" '[.runs[0].results[].baselineState] | unique | join(",")' unchanged "SARIF: baselineState unchanged"
run --baseline "$T/base.json" --format sarif >"$T/b.sarif" 2>/dev/null
jq_is "$T/b.sarif" '[.runs[0].results[] | select(.baselineState == "new") | .partialFingerprints["dockauditFinding/v1"]] | sort | join(",")' \
	"5.4|container|db,5.5|container|db" "SARIF: the new results and their fingerprints"
# JUnit marks them
run --baseline "$T/base.json" --format junit >"$T/b.xml" 2>/dev/null
valid_junit "$T/b.xml" "baseline"
da_check "JUnit: new findings marked" grep -qE '^db .*\(new\)$' "$T/b.xml"

# a wrong baseline: one line, exit 2
bad_baseline() {
	run --baseline "$1" >/dev/null 2>"$T/bb.err"
	local rc=$?
	if [ $rc -eq 2 ] && [ "$(wc -l <"$T/bb.err")" -eq 1 ] && grep -q "$3" "$T/bb.err"; then
		da_ok "baseline: $2: exit 2, one line"
	else
		da_fail "baseline: $2: exit $rc: $(head -c 300 "$T/bb.err")"
	fi
}
da_run_audit --snapshot "$snap" --benchmark cis-1.7.0 -c 5 --format json >"$T/b17.json" 2>/dev/null
bad_baseline "$T/b17.json" "another benchmark" "is a report of benchmark cis-1.7.0"
printf '{"schema_version": "1.1", "sections": [' >"$T/trunc.json"
bad_baseline "$T/trunc.json" "truncated JSON" "not JSON"
printf '{"hello": "world"}\n' >"$T/other.json"
bad_baseline "$T/other.json" "another JSON document" "not a dockaudit JSON report"
jq '.sections[0].checks[0].items = "x"' "$T/base.json" >"$T/badcheck.json"
bad_baseline "$T/badcheck.json" "a malformed check" "not a dockaudit JSON report"
bad_baseline "$T/nonexistent.json" "a missing file" "cannot read baseline"

# --- --list-checks --format json ------------------------------------------------------

da_run_audit --list-checks --format json >"$T/checks.json" 2>"$T/checks.err"
da_assert_rc 0 $? "--list-checks --format json"
jq_is "$T/checks.json" '.benchmark.id' cis-1.6.0 "the benchmark"
jq_is "$T/checks.json" '.checks[] | select(.id == "5.4") | "\(.section) \(.level) \(.automated) \(.scored)"' \
	"5 1 true true" "5.4's metadata"
jq_is "$T/checks.json" '[.checks[] | select(.remediation != null)] | length > 50' true "remediation listed"
n_text=$(da_run_audit --list-checks | grep -cE '^  [0-9A-Z.]+ +L[0-9]')
jq_is "$T/checks.json" '.checks | length' "$n_text" "as many checks as the text list"

da_finish
