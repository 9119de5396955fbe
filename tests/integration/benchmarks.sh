#!/bin/bash
# Benchmark versions against a real (private) daemon: an audit with
# --benchmark cis-1.6.0, cis-1.7.0 and cis-1.8.0 emits exactly the ids and
# titles of that benchmark (tests/fixtures/benchmarks/*.txt, written from
# the reference lists) in every format: JSON, JUnit, text, and the -l text
# log with its docker-bench-security JSON log; each format names the
# benchmark; the default run is the cis-1.6.0 run, "latest" the cis-1.8.0
# one; section 2 gives the same verdicts under its 1.6.0 and 1.8.0 ids.

# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

da_require_jq
da_require_bin
da_require_daemon
command -v python3 >/dev/null 2>&1 || da_skip "python3 not found (reads the JUnit XML)"
da_setup
T=$DA_TMP
FIX=${DA_FIXTURES:-$DA_SRCDIR/tests/fixtures}/benchmarks

da_daemon_start '{}'
da_image_import "$DA_IMAGE" || da_die "cannot import the test image"
da_docker run -d --name bench-one "$DA_IMAGE" sleep 600 >/dev/null || da_die "cannot run a container"

# "id<TAB>title" of a benchmark, from its fixture.
want() {
	grep -v '^#' "$FIX/$1.txt" | grep .
}

# The same from each format.
from_json() {
	jq -r '.sections[].checks[] | "\(.id)\t\(.title)"' "$1"
}
from_dbs() {
	jq -r '.tests[].results[] | "\(.id)\t\(.desc)"' "$1"
}
from_junit() {
	python3 - "$1" <<'EOF'
import sys
import xml.etree.ElementTree as ET
for case in ET.parse(sys.argv[1]).getroot().iter('testcase'):
    ident, _, title = case.get('name').partition(' ')
    print('%s\t%s' % (ident, title))
EOF
}
# Section A of the text: "[TAG] id - title" lines of checks; the section
# lines ("[INFO] 2 - ...") and sub-section lines (1.1, 1.2) are not checks.
from_text() {
	sed -n '/^Section A/,/^Section [BC]/p' "$1" |
		sed -nE 's/^\[(PASS|WARN|INFO|NOTE|ERROR)\] ([0-9]+(\.[0-9]+)+) - (.*)$/\2\t\4/p' |
		grep -vxE '1\.1	Linux Hosts Specific Configuration|1\.2	General Configuration'
}

# same_list WHAT WANT-FILE GOT-FILE
same_list() {
	if diff "$2" "$3" >"$T/diff.out"; then
		da_ok "$1 ($(grep -c . "$3") checks)"
	else
		da_fail "$1"
		head -n 20 "$T/diff.out" >&2
	fi
}

for b in cis-1.6.0 cis-1.7.0 cis-1.8.0; do
	v=${b#cis-}
	want "$b" >"$T/$b.want"
	n=$(grep -c . "$T/$b.want")
	da_run_audit --benchmark "$b" --no-color -l "$T/$b.log" \
		--output "json:$T/$b.json" --output "junit:$T/$b.xml" >"$T/$b.txt" 2>"$T/$b.err"
	da_assert_rc 0 $? "audit --benchmark $b"
	cat "$T/$b.err" >&2

	from_json "$T/$b.json" >"$T/$b.got.json"
	same_list "$b: the JSON report has the benchmark's ids and titles" "$T/$b.want" "$T/$b.got.json"
	from_junit "$T/$b.xml" >"$T/$b.got.junit"
	same_list "$b: the JUnit report has them" "$T/$b.want" "$T/$b.got.junit"
	from_text "$T/$b.txt" >"$T/$b.got.txt"
	same_list "$b: the text report has them" "$T/$b.want" "$T/$b.got.txt"
	from_text "$T/$b.log" >"$T/$b.got.log"
	same_list "$b: the -l text log has them" "$T/$b.want" "$T/$b.got.log"
	from_dbs "$T/$b.log.json" >"$T/$b.got.dbs"
	same_list "$b: the -l docker-bench JSON log has them" "$T/$b.want" "$T/$b.got.dbs"

	da_check "$b: JSON summary counts $n checks" jq -e --argjson n "$n" '.summary.checks == $n' "$T/$b.json"
	da_check "$b: the JSON report names the benchmark" jq -e --arg b "$b" --arg t "CIS Docker Benchmark $v" \
		'.benchmark.id == $b and .benchmark.title == $t' "$T/$b.json"
	da_check "$b: the JSON report validates against its schema" da_validate_json "$T/$b.json"
	da_check "$b: every JUnit suite names the benchmark" python3 - "$T/$b.xml" "$b" <<'EOF'
import sys
import xml.etree.ElementTree as ET
suites = list(ET.parse(sys.argv[1]).getroot().iter('testsuite'))
props = [{p.get('name'): p.get('value') for p in s.iter('property')} for s in suites]
sys.exit(0 if suites and all(p.get('benchmark') == sys.argv[2] for p in props) else 1)
EOF
	da_check "$b: the text banner names the benchmark" \
		grep -qF "against CIS Docker Benchmark $v" "$T/$b.txt"
	da_check "$b: the text log's banner names the benchmark" \
		grep -qF "against CIS Docker Benchmark $v" "$T/$b.log"
	da_check "$b: the docker-bench JSON log names the benchmark" jq -e --arg b "$b" \
		'.benchmark == $b and .dockerbenchsecurity == "1.6.0"' "$T/$b.log.json"
	da_check "$b: the docker-bench JSON log counts as the JSON report" test \
		"$(jq -c '[.checks, .score]' "$T/$b.log.json")" = \
		"$(jq -c '[.summary.checks, .summary.score]' "$T/$b.json")"
	da_assert_summary_consistent "$T/$b.json"
done

# The default is CIS 1.6.0, and "latest" is CIS 1.8.0: the same checks,
# titles, flags and verdicts.  Verdicts are compared on one snapshot of
# the daemon, so that nothing changes between the runs compared (other
# tests' private daemons may come and go meanwhile).
verdicts() {
	jq -c '[.benchmark.id, [.sections[].checks[] |
		[.id, .title, .status, .scored, .automated, .level, .detail, [.items[].name]]]]' "$1"
}
da_run_audit --no-color --output "json:$T/default.json" -l "$T/default.log" \
	--save-snapshot "$T/snap.json" >"$T/default.txt" 2>&1
da_assert_rc 0 $? "audit without --benchmark"
da_check "the default run has cis-1.6.0's ids and titles" \
	test "$(from_json "$T/default.json")" = "$(cat "$T/cis-1.6.0.want")"
da_check "the default run's docker-bench JSON log lists the cis-1.6.0 checks" \
	test "$(from_dbs "$T/default.log.json")" = "$(cat "$T/cis-1.6.0.want")"
for b in default cis-1.6.0 cis-1.8.0 latest; do
	opt=()
	[ "$b" = default ] || opt=(--benchmark "$b")
	da_run_audit --snapshot "$T/snap.json" "${opt[@]}" --output "json:$T/snap-$b.json" \
		>/dev/null 2>"$T/snap-$b.err"
	da_assert_rc 0 $? "audit of the snapshot, $b"
done
da_check "the default run is the cis-1.6.0 run" \
	test "$(verdicts "$T/snap-default.json")" = "$(verdicts "$T/snap-cis-1.6.0.json")"
da_check "--benchmark latest is the cis-1.8.0 run" \
	test "$(verdicts "$T/snap-latest.json")" = "$(verdicts "$T/snap-cis-1.8.0.json")"

# Section 2: a 1.6.0 check and its 1.8.0 renumbering give the same verdict.
sec2() {
	# id, status, detail of section 2, 1.8.0 ids mapped back to 1.6.0's
	jq -r --arg b "$2" '.sections[].checks[] | select(.id | startswith("2.")) |
		(.id | ltrimstr("2.") | tonumber) as $n |
		select($b != "cis-1.8.0" or $n != 7) |
		"2.\(if $b == "cis-1.8.0" and $n > 7 then $n - 1 else $n end) \(.status) \(.detail)"' "$1"
}
sec2 "$T/snap-cis-1.6.0.json" cis-1.6.0 >"$T/sec2.16"
sec2 "$T/snap-cis-1.8.0.json" cis-1.8.0 >"$T/sec2.18"
same_list "section 2: the same verdicts under the 1.6.0 and 1.8.0 ids" "$T/sec2.16" "$T/sec2.18"
da_check "section 2 compared all 18 carried-over checks" test "$(grep -c . "$T/sec2.18")" -eq 18
da_assert_status "$T/cis-1.8.0.json" 2.7 PASS   # the private daemon does not use devicemapper
da_check "1.8.0's 2.7 is the devicemapper check" jq -e '.sections[].checks[] |
	select(.id == "2.7") | .title | test("devicemapper")' "$T/cis-1.8.0.json"

# 1.1.9: the docker.socket unit under 1.6.0, the daemon's own socket later.
for b in cis-1.7.0 cis-1.8.0; do
	da_check "$b: 1.1.9 audits the daemon's socket $DA_SOCK" jq -e --arg s "$DA_SOCK" \
		'.sections[].checks[] | select(.id == "1.1.9") |
		((.detail // "") | contains($s)) or any(.items[]; .name == $s)' "$T/$b.json"
done
da_check "cis-1.6.0: 1.1.9 does not audit the socket" jq -e --arg s "$DA_SOCK" \
	'.sections[].checks[] | select(.id == "1.1.9") |
	((.detail // "") | contains($s) | not) and all(.items[]; .name != $s)' "$T/cis-1.6.0.json"

# Levels are the chosen benchmark's.
da_run_audit --benchmark cis-1.8.0 --level 1 -c 2 --output "json:$T/l1.json" >/dev/null 2>&1
da_assert_rc 0 $? "audit --benchmark cis-1.8.0 --level 1 -c 2"
da_check "--level 1 runs 1.8.0's Level 1 checks of section 2" test \
	"$(jq -r '[.sections[].checks[].id] | join(" ")' "$T/l1.json")" = \
	"2.1 2.2 2.3 2.4 2.5 2.6 2.7 2.8 2.9 2.15 2.16 2.17 2.19"
da_check "--level 1 checks are all level 1" jq -e '[.sections[].checks[].level] | all(. == 1)' "$T/l1.json"

da_finish
