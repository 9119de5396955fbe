#!/bin/bash
# dockaudit merge on the reports of two private dockerds (docs/fleet.md):
#   - two daemons of one host name are two hosts, told apart by their
#     daemon IDs (docker info ID) or, where the ID is the host's (dockerd
#     before 23.0 takes it from /etc/docker/key.json), by their endpoints;
#     each with its report's summary;
#   - per check, the hosts of each status: 2.2 passes where icc is off and
#     warns where it is on;
#   - the fleet JSON is valid against docs/schema/dockaudit-fleet-1, the
#     JUnit has one suite per host, the SARIF one run per host;
#   - another dockaudit version: merged, one note; another benchmark, one
#     daemon twice, an option of the audit: refused (2); a report that is
#     no report or cannot be read: 3; --fail-on warn over the fleet: 1;
#   - hostile host names: escaped in every output.

# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

da_require_jq
da_require_bin
da_require_daemon
# a python3 with the validators' modules (python3-jsonschema, python3-junitparser)
PY=
for p in python3 /usr/bin/python3; do
	if "$p" -c 'import jsonschema, junitparser' 2>/dev/null; then
		PY=$p
		break
	fi
done
[ -n "$PY" ] || da_skip "python3 with jsonschema and junitparser not found"
junit_ok() {
	"$PY" "$DA_SRCDIR/tests/validate-junit.py" "$1"
}
da_setup
T=$DA_TMP

# audit DIR DAEMON_JSON OUT: a private daemon in $T/DIR, its report in OUT
# (cis-1.6.0) and OUT.17 (cis-1.7.0), its daemon ID in OUT.id.
audit() {
	DA_DAEMON_DIR=$1 da_daemon_start "$2"
	da_docker info -f '{{.ID}}' >"$3.id" || da_die "docker info"
	da_run_audit -c 2,5 --format json >"$3" 2>"$T/a.err"
	da_assert_rc 0 $? "audit of daemon $1"
	da_run_audit -c 2 --benchmark cis-1.7.0 --format json >"$3.17" 2>"$T/a.err"
	da_assert_rc 0 $? "cis-1.7.0 audit of daemon $1"
	da_daemon_stop
}
audit d1 '{"icc": false}' "$T/a.json"
audit d2 '{}' "$T/b.json"
ida=$(cat "$T/a.json.id")
idb=$(cat "$T/b.json.id")
da_check "both daemons have an ID" test -n "$ida" -a -n "$idb"
da_check "the report names the daemon's ID" \
	test "$(jq -r .target.daemon_id "$T/a.json")" = "$ida"
da_check "the reports are valid against the report schema" da_validate_json "$T/a.json"

M() {
	"$DA_BIN" merge "$@"
}

M "$T/a.json" "$T/b.json" --format json --output "text:$T/fleet.txt" \
	--output "junit:$T/fleet.xml" --output "sarif:$T/fleet.sarif" >"$T/fleet.json" 2>"$T/m.err"
da_assert_rc 0 $? "merge of two reports"
da_check "merge says nothing on stderr" test ! -s "$T/m.err"
da_check "the fleet JSON is valid against its schema" "$PY" "$DA_SRCDIR/tests/validate-json.py" \
	"$DA_SCHEMAS/dockaudit-fleet-1.schema.json" "$T/fleet.json"
da_check "two hosts, by daemon ID" test \
	"$(jq -c '[.hosts[].daemon_id]' "$T/fleet.json")" = "[\"$ida\",\"$idb\"]"
da_check "each host keeps its report's summary" test \
	"$(jq -c '[.hosts[].summary]' "$T/fleet.json")" = "$(jq -sc '[.[].summary]' "$T/a.json" "$T/b.json")"
da_check "2.2: PASS on the first host, WARN on the second" jq -e '
	.checks[] | select(.id == "2.2") | .pass == 1 and .warn == 1 and
	([.results[] | [.host, .status]] == [[0, "PASS"], [1, "WARN"]])' "$T/fleet.json"
da_check "every check counts the two hosts" jq -e \
	'all(.checks[]; .hosts == 2 and (.results | length) == 2)' "$T/fleet.json"
name=$(jq -r '.hosts[1].name' "$T/fleet.json")
if [ "$ida" != "$idb" ]; then
	label="$name (${idb:0:12})"
else
	label="$name ($(jq -r .target.endpoint "$T/b.json"))"
fi
da_check "one host name: labels with the daemon ID, or the endpoint where the IDs agree" \
	test "$(jq -r '.hosts[1].label' "$T/fleet.json")" = "$label"
da_check "text: 2.2 WARN on 1 of 2 hosts, naming it" \
	grep -qxF "    WARN on 1 of 2 hosts: $label" "$T/fleet.txt"
da_check "the JUnit report is valid" junit_ok "$T/fleet.xml"
da_check "JUnit: one testsuite per host" test "$(grep -c '<testsuite ' "$T/fleet.xml")" -eq 2
da_check "SARIF: one run per host" jq -e '.version == "2.1.0" and (.runs | length) == 2' "$T/fleet.sarif"

# a report on standard input
M "$T/a.json" - --format json <"$T/b.json" >"$T/in.json" 2>"$T/in.err"
da_assert_rc 0 $? "merge with a report on standard input"
da_check "that host's report is 'standard input'" \
	jq -e '.hosts[1].report == "standard input" and .hosts[1].daemon_id == $id' \
	--arg id "$idb" "$T/in.json"

# --- versions -------------------------------------------------------------------
jq '.tool.version = "0.0.9"' "$T/b.json" >"$T/b-old.json"
M "$T/a.json" "$T/b-old.json" --format json >"$T/v.json" 2>"$T/v.err"
da_assert_rc 0 $? "reports of two dockaudit versions"
da_check "the note is one line on stderr" test "$(wc -l <"$T/v.err")" -eq 1
da_check "the note names both versions" grep -q '0\.0\.9: 1 host' "$T/v.err"
da_check "the note is in the fleet JSON" jq -e '.notes | length == 1' "$T/v.json"

# refused ARGS... : exit CODE, one line on stderr holding MESSAGE, no stdout
refused() {
	local code=$1 what=$2 msg=$3
	shift 3
	M "$@" >"$T/r.out" 2>"$T/r.err"
	da_assert_rc "$code" $? "$what"
	da_check "$what: one line" test "$(wc -l <"$T/r.err")" -eq 1
	if grep -qF -- "$msg" "$T/r.err"; then
		da_ok "$what: says '$msg'"
	else
		da_fail "$what: says '$msg' (got: $(cat "$T/r.err"))"
	fi
	da_check "$what: nothing on stdout" test ! -s "$T/r.out"
}
refused 2 "another benchmark" "audits benchmark cis-1.7.0" "$T/a.json" "$T/b.json.17"
refused 2 "one daemon twice" "report the same daemon" "$T/a.json" "$T/b.json" "$T/a.json"
refused 2 "an option of the audit" "dockaudit merge takes --format" -c 2.2 "$T/a.json"
refused 2 "no report" "wants one or more JSON reports"
refused 2 "standard input twice" "reads standard input ('-') once" - "$T/a.json" -
refused 2 "a format merge does not write" "not 'dbs-json'" --format dbs-json "$T/a.json"
head -c 500 "$T/a.json" >"$T/cut.json"
refused 3 "a truncated report" "cut.json is not valid JSON: truncated" "$T/a.json" "$T/cut.json"
refused 3 "a report that is not there" "cannot read $T/none.json" "$T/none.json"
printf '\033[2J\0garbage' >"$T/bin.json"
refused 3 "binary garbage" "bin.json is not valid JSON" "$T/bin.json"
M "$T/a.json" "$T/b.json" --fail-on warn >/dev/null 2>"$T/g.err"
da_assert_rc 1 $? "--fail-on warn over the fleet"
da_check "the gate says why" grep -q 'gate failed: .* in the fleet (--fail-on warn)' "$T/g.err"

# --- hostile names ------------------------------------------------------------------
jq '.target.hostname = "h\u001b]0;pwned\u0007<x>&\"\n" | .target.endpoint = "e\u001b[2J"' \
	"$T/b.json" >"$T/evil.json"
M "$T/a.json" "$T/evil.json" --output "json:$T/e.json" --output "junit:$T/e.xml" \
	--output "sarif:$T/e.sarif" >"$T/e.txt" 2>"$T/e.err"
da_assert_rc 0 $? "merge with a hostile host name"
da_check "text: no escape byte" test "$(tr -cd '\033\007' <"$T/e.txt" | wc -c)" -eq 0
da_check "text: the name shown escaped" grep -qF 'h\x1b]0;pwned\x07<x>&"\n' "$T/e.txt"
da_check "json: the name intact" jq -e '.hosts[1].name == "h\u001b]0;pwned\u0007<x>&\"\n"' "$T/e.json"
da_check "junit: valid" junit_ok "$T/e.xml"
da_check "junit: no escape byte" test "$(tr -cd '\033\007' <"$T/e.xml" | wc -c)" -eq 0
da_check "sarif: the name intact" \
	jq -e '.runs[1].properties.hostname == "h\u001b]0;pwned\u0007<x>&\"\n"' "$T/e.sarif"

da_finish
