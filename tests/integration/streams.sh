#!/bin/bash
# Snapshot streams: "--save-snapshot -" writes the snapshot alone on
# standard output, "--snapshot -" reads it from standard input, so
#   dockaudit --save-snapshot - | dockaudit --snapshot -
# collects on one machine and judges on another (docs/fleet.md).
#   - bad input on standard input (empty, garbage, cut short, trailing
#     data, not a snapshot): one line on stderr, exit 3, no report;
#   - a report asked on standard output beside "--save-snapshot -": usage
#     error (exit 2), nothing on stdout;
#   - on a private dockerd: the piped audit gives every check the status
#     of a direct audit, and a report written to a file beside the stream.

# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

da_require_jq
da_require_bin
da_setup
T=$DA_TMP
SNAP=${DA_FIXTURES:-$DA_SRCDIR/tests/fixtures}/runtime-base.json
export DOCKER_HOST=unix://$T/nothing-here.sock

# bad_stdin WHAT MESSAGE: dockaudit --snapshot - with $T/in on stdin exits
# 3 with exactly the line "dockaudit: MESSAGE" and nothing on stdout.
bad_stdin() {
	local what=$1 msg=$2
	da_run_audit --snapshot - --output "json:$T/bad.json" <"$T/in" >"$T/b.out" 2>"$T/b.err"
	da_assert_rc 3 $? "$what on stdin"
	if [ "$(cat "$T/b.err")" = "dockaudit: $msg" ]; then
		da_ok "$what: one line '$msg'"
	else
		da_fail "$what: one line '$msg' (got: $(head -c 300 "$T/b.err"))"
	fi
	da_check "$what: nothing on stdout" test ! -s "$T/b.out"
	da_check "$what: no report written" test ! -e "$T/bad.json"
}

: >"$T/in"
bad_stdin "nothing" "snapshot from standard input is empty"
printf 'garbage\n' >"$T/in"
bad_stdin "garbage" "snapshot from standard input is not valid JSON: unexpected character"
head -c 3000 "$SNAP" >"$T/in"
bad_stdin "a truncated snapshot" "snapshot from standard input is not valid JSON: truncated"
{ cat "$SNAP"; printf '{}'; } >"$T/in"
bad_stdin "trailing data" "snapshot from standard input is not valid JSON: trailing data"
printf '{"engine": {}}' >"$T/in"
bad_stdin "a JSON object that is no snapshot" \
	"snapshot from standard input has no probe_version: not a dockaudit snapshot"
printf '\x1b]0;t\x07\x00\xff' >"$T/in"
bad_stdin "binary bytes" "snapshot from standard input is not valid JSON: unexpected character"

# standard input closed: one line, exit 3
da_run_audit --snapshot - <&- >"$T/c.out" 2>"$T/c.err"
da_assert_rc 3 $? "--snapshot - with standard input closed"
da_check "closed stdin: one line naming standard input" \
	grep -qx 'dockaudit: cannot read snapshot from standard input: .*' "$T/c.err"
# a reader that goes away: one line, exit 3, never a SIGPIPE death (the
# snapshot is 2 MB, far more than a pipe holds, so the write must fail)
{ printf '"'; head -c 2000000 /dev/zero | tr '\0' x; printf '"'; } >"$T/pad.json"
jq --slurpfile pad "$T/pad.json" '.engine.padding = $pad[0]' "$SNAP" >"$T/big.json" ||
	da_die "cannot write the padded snapshot"
da_run_audit --snapshot "$T/big.json" --save-snapshot - 2>"$T/e.err" | head -c 10 >/dev/null
rcs=("${PIPESTATUS[@]}")
da_assert_rc 3 "${rcs[0]}" "--save-snapshot - into a pipe closed early"
da_check "closed pipe: one line" test "$(wc -l <"$T/e.err")" -eq 1
da_check "closed pipe: says why" \
	grep -qx 'dockaudit: cannot write the snapshot to standard output: Broken pipe' "$T/e.err"

# a fixture streamed through two processes keeps every verdict
da_run_audit --snapshot "$SNAP" --format json >"$T/direct-fx.json" 2>"$T/fx.err"
da_assert_rc 0 $? "audit of the fixture"
da_run_audit --snapshot "$SNAP" --save-snapshot - 2>"$T/s1.err" |
	da_run_audit --snapshot - --format json >"$T/piped-fx.json" 2>"$T/s2.err"
rcs=("${PIPESTATUS[@]}")
da_check "fixture: both ends of the pipe exit 0 (${rcs[*]})" test "${rcs[*]}" = "0 0"
verdicts() {
	jq -c '.sections[].checks[] | {id, status, detail}' "$1"
}
if [ -n "$(verdicts "$T/direct-fx.json")" ] &&
	[ "$(verdicts "$T/direct-fx.json")" = "$(verdicts "$T/piped-fx.json")" ]; then
	da_ok "fixture: the piped audit gives the verdicts of the direct one"
else
	da_fail "fixture: the piped audit gives the verdicts of the direct one"
fi
da_check "the piped report names standard input" \
	jq -e '.target.endpoint | startswith("snapshot from standard input")' "$T/piped-fx.json"

# standard output belongs to the stream
for opt in "--format json" "--output text:-" "--list-checks"; do
	# shellcheck disable=SC2086 # the option and its value are two words
	da_run_audit --snapshot "$SNAP" --save-snapshot - $opt >"$T/u.out" 2>"$T/u.err"
	da_assert_rc 2 $? "--save-snapshot - with $opt"
	da_check "--save-snapshot - with $opt: one line" test "$(wc -l <"$T/u.err")" -eq 1
	da_check "--save-snapshot - with $opt: says why" \
		grep -qF -- "--save-snapshot - writes the snapshot to standard output" "$T/u.err"
	da_check "--save-snapshot - with $opt: nothing on stdout" test ! -s "$T/u.out"
done

# --- a private dockerd --------------------------------------------------------

da_require_daemon
da_daemon_start '{"icc": false}'
da_image_import "$DA_IMAGE" || da_die "cannot import the test image"
da_docker run -d --name web -p 8080:80 "$DA_IMAGE" sleep 600 >/dev/null ||
	da_die "cannot run a container"

da_run_audit --format json >"$T/direct.json" 2>"$T/d.err"
da_assert_rc 0 $? "direct audit"
da_run_audit --save-snapshot - --output "json:$T/side.json" 2>"$T/p1.err" >"$T/stream.json"
da_assert_rc 0 $? "--save-snapshot - on the live daemon"
da_check "the stream is one snapshot document, nothing else" \
	jq -se 'length == 1 and (.[0].probe_version == 1) and (.[0].engine | type == "object")' \
	"$T/stream.json"
da_check "a report still goes to --output FMT:PATH" jq -e '.summary.checks > 50' "$T/side.json"
# the pipe itself, live
da_run_audit --save-snapshot - 2>"$T/p1.err" |
	da_run_audit --snapshot - --format json >"$T/piped.json" 2>"$T/p2.err"
rcs=("${PIPESTATUS[@]}")
da_check "live: both ends of the pipe exit 0 (${rcs[*]})" test "${rcs[*]}" = "0 0"
# 1.1.x read the kernel's audit rules, which are the machine's: other test
# runs add and delete rules (under their own keys) between the two audits
status_of() {
	jq -c '[.sections[].checks[] | select(.id | startswith("1.1.") | not) | {id, status}]' "$1"
}
audit_rules_of() {
	jq -c '[.sections[].checks[] | select(.id | startswith("1.1.")) | {id, status}]' "$1"
}
if [ "$(status_of "$T/direct.json")" != "[]" ] &&
	[ "$(status_of "$T/direct.json")" = "$(status_of "$T/piped.json")" ]; then
	da_ok "live: the piped audit gives every check the status of the direct audit"
else
	da_fail "live: the piped audit gives every check the status of the direct audit"
	diff <(jq -c '.sections[].checks[] | {id, status}' "$T/direct.json") \
		<(jq -c '.sections[].checks[] | {id, status}' "$T/piped.json") | head -20 >&2
fi
if [ "$(audit_rules_of "$T/direct.json")" = "$(audit_rules_of "$T/piped.json")" ]; then
	da_check "live: the same score" test \
		"$(jq .summary.score "$T/direct.json")" = "$(jq .summary.score "$T/piped.json")"
else
	da_log "the kernel's audit rules changed between the two audits: scores not compared"
fi
da_assert_status "$T/piped.json" 2.2 PASS
da_daemon_stop

da_finish
