#!/bin/bash
# The real dockaudit binary against input that used to slip through
# (docs/failures.md):
#   - a selection that leaves no check, or has an empty term: usage error
#     (exit 2, one line), even with --fail-on warn;
#   - -i/-x patterns that would cost gigabytes in regcomp, back-references,
#     over-long or invalid patterns: usage error, one line naming the
#     pattern, escaped, in little memory and time;
#   - a NUL inside a daemon string (a snapshot, or the Engine API of
#     tests/fakedocker): the whole string in every output, the NUL shown as
#     \u0000, no NUL byte anywhere.
#
# Needs neither root nor dockerd; the live case needs tests/fakedocker and
# curl, and skips without them, except under CI=true.

# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/../integration/lib.sh"

da_require_jq
da_require_bin
command -v timeout >/dev/null 2>&1 || da_skip "timeout (coreutils) not found"

da_setup
T=$DA_TMP
TIME_BIN=${DA_TIME_BIN:-/usr/bin/time}   # GNU time, for peak memory
GUARD=$((60 * ${DA_SLOW:-1}))
SNAP=$DA_FIXTURES/runtime-base.json
# no daemon is ever reached: a snapshot, or a socket that is not there
export DOCKER_HOST=unix://$T/nothing-here.sock

# usage_error WHAT MESSAGE ARG...: dockaudit ARG... exits 2, prints nothing
# on stdout and exactly one line on stderr, which contains MESSAGE.
usage_error() {
	local what=$1 msg=$2
	shift 2
	timeout "$GUARD" "$DA_BIN" --module-dir "$DA_MODULE_DIR" "$@" >"$T/u.out" 2>"$T/u.err"
	da_assert_rc 2 $? "$what: exit 2"
	da_check "$what: one line on stderr" test "$(wc -l <"$T/u.err")" -eq 1
	if grep -qF -- "dockaudit: $msg" "$T/u.err"; then
		da_ok "$what: says '$msg'"
	else
		da_fail "$what: says '$msg' (got: $(cat "$T/u.err"))"
	fi
	da_check "$what: nothing on stdout" test ! -s "$T/u.out"
}

# --- selections that leave nothing to run ---------------------------------------

usage_error "-c ','" "-c: empty term in ','" --snapshot "$SNAP" -c ','
usage_error "-c ' '" "-c: empty term in ' '" --snapshot "$SNAP" -c ' '
usage_error "-c '2.2,'" "-c: empty term in '2.2,'" --snapshot "$SNAP" -c '2.2,'
usage_error "-e ' ,5'" "-e: empty term in ' ,5'" --snapshot "$SNAP" -e ' ,5'
usage_error "-c 5 -e '5.*' --fail-on warn" \
	"the selection leaves no check to run (-c '5' -e '5.*')" \
	--snapshot "$SNAP" -c 5 -e '5.*' --fail-on warn
usage_error "-e all" "the selection leaves no check to run (-e 'all')" --snapshot "$SNAP" -e all
# 1.1.7 is Level 2 only
usage_error "-c 1.1.7 --level 1" "the selection leaves no check to run (-c '1.1.7' --level 1)" \
	--snapshot "$SNAP" -c 1.1.7 --level 1
# no daemon needed to refuse it: it is refused before the probe
usage_error "-c 5 -e 5 with no daemon" "the selection leaves no check to run" -c 5 -e 5

da_run_audit --snapshot "$SNAP" -c ' 2.2 , 2.3 ' --format json >"$T/sp.json" 2>"$T/sp.err"
da_assert_rc 0 $? "-c ' 2.2 , 2.3 ': spaces around terms are dropped"
da_check "-c ' 2.2 , 2.3 ' runs 2.2 and 2.3" \
	test "$(jq -c '[.sections[].checks[].id]' "$T/sp.json")" = '["2.2","2.3"]'

# --- -i/-x patterns ------------------------------------------------------------

# peak CMD...: runs CMD (stdout and stderr to $T/p.out, $T/p.err) under
# GNU time; sets RC and PEAK_KB (0 without GNU time).
peak() {
	PEAK_KB=0
	if [ -x "$TIME_BIN" ]; then
		"$TIME_BIN" -o "$T/p.time" -f '%M' "$@" >"$T/p.out" 2>"$T/p.err"
		RC=$?
		PEAK_KB=$(tail -n 1 "$T/p.time")
	else
		"$@" >"$T/p.out" 2>"$T/p.err"
		RC=$?
	fi
}

# The pattern of the review: 3.5 GB and 19 s in regcomp before.  The
# address space is capped at 2 GiB and the run at $GUARD s, so that a
# regression fails here instead of taking the machine's memory.
# A sanitizer build reserves terabytes of shadow address space: no cap there
# (its peak is still measured and bounded below).
bomb='((x{255}){255}){255}'
cap=2097152
if ldd "$DA_BIN" 2>/dev/null | grep -q 'libasan\|libtsan'; then
	cap=unlimited
fi
peak timeout "$GUARD" bash -c 'ulimit -v "$0"; exec "$@"' "$cap" \
	"$DA_BIN" --module-dir "$DA_MODULE_DIR" --snapshot "$SNAP" -i "$bomb"
da_assert_rc 2 "$RC" "-i '$bomb': exit 2"
da_check "-i '$bomb': one line, refused as too large" \
	grep -qxF "dockaudit: -i pattern refused: repetition too large ('$bomb' written out has 16581375 elements, at most 1024)" "$T/p.err"
if [ "$PEAK_KB" -gt 0 ]; then
	echo "# -i '$bomb': peak $PEAK_KB KB"
	da_check "-i '$bomb': peak memory under 100 MB ($PEAK_KB KB)" test "$PEAK_KB" -lt 100000
fi
usage_error "-x '(x{255}){255}'" \
	"-x pattern refused: repetition too large ('(x{255}){255}' written out has 65025 elements" \
	--snapshot "$SNAP" -x '(x{255}){255}'
usage_error "-i with 20 nested '+'" "-i pattern refused: repetition too large" \
	--snapshot "$SNAP" -i '((((((((((((((((((((x)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+'
usage_error "-i '(a*)(a*)\\2\\1b'" \
	"-i pattern refused: back-reference \\2 in '(a*)(a*)\\2\\1b' (matching one can take exponential time)" \
	--snapshot "$SNAP" -i '(a*)(a*)\2\1b'
long=$(printf 'x%.0s' $(seq 1100))
usage_error "-i of 1100 bytes" "-i pattern refused: longer than 1024 bytes ('xxxxxxxx" \
	--snapshot "$SNAP" -i "$long"
usage_error "-i '(<ESC>]0;t<BEL>'" "-i pattern '(\\x1b]0;t\\x07' is invalid: unmatched ( or \\(" \
	--snapshot "$SNAP" -i "("$'\e]0;t\a'
usage_error "-i bomb with no daemon" "-i pattern refused: repetition too large" -i "$bomb"

da_run_audit --snapshot "$SNAP" -i '^w[a-z]{2}$,x{255}' -x '^(db|cache)$' >/dev/null 2>"$T/i.err"
da_assert_rc 0 $? "-i '^w[a-z]{2}\$,x{255}' -x '^(db|cache)\$' are accepted"

# --- a NUL inside a daemon string -------------------------------------------------

# check_nul WHAT DIR: the four outputs in DIR name the container with the
# whole name, "run\u0000hidden", and have no NUL byte.
check_nul() {
	local what=$1 d=$2 f
	da_check "$what: the text report shows host\\u0000hidden" grep -qF 'host\u0000hidden' "$d/r.txt"
	for f in "$d/r.txt" "$d/r.json" "$d/r.xml" "$d/r.dbs.json"; do
		da_check "$what: $(basename "$f") shows the part after the NUL" \
			grep -qF 'u0000hidden' "$f"
		da_check "$what: $(basename "$f") has no NUL byte" \
			test "$(tr -dc '\000' <"$f" | wc -c)" -eq 0
	done
	da_check "$what: the JSON report names the container host\\u0000hidden" \
		bash -c "jq -r '.sections[].checks[] | select(.id == \"5.4\") | .items[].name' '$d/r.json' | grep -qxF 'host\\u0000hidden'"
}

d=$T/snap
mkdir -p "$d"
jq '.engine.containers[0].Name = "/host\u0000hidden"
    | .engine.containers[0].HostConfig.Privileged = true
    | .engine.containers[0].Config.Labels = {"k\u0000ey": "v\u0000alue"}' "$SNAP" >"$d/s.json"
da_check "the snapshot carries the escape \\u0000" grep -qF 'host\u0000hidden' "$d/s.json"
da_run_audit --snapshot "$d/s.json" --format text --output "json:$d/r.json" \
	--output "junit:$d/r.xml" --output "dbs-json:$d/r.dbs.json" --save-snapshot "$d/again.json" \
	>"$d/r.txt" 2>"$d/err"
da_assert_rc 0 $? "snapshot with NUL strings"
check_nul "snapshot" "$d"
# a label key with a NUL is kept whole too: -t finds it
da_run_audit --snapshot "$d/s.json" -t 'k\u0000ey=v\u0000alue' -c 5.4 --format json \
	>"$d/t.json" 2>"$d/t.err"
da_assert_rc 0 $? "-t on a label whose key and value hold a NUL"
da_check "-t 'k\\u0000ey=v\\u0000alue' selects the container" \
	bash -c "jq -r '.sections[].checks[].items[]?.name' '$d/t.json' | grep -qxF 'host\\u0000hidden'"
# saved and loaded again, the name stays the same (the rule is applied once)
da_run_audit --snapshot "$d/again.json" -c 5.4 --format json >"$d/a.json" 2>"$d/a.err"
da_assert_rc 0 $? "the saved snapshot loads"
da_check "the saved snapshot keeps the name as it was shown" \
	bash -c "jq -r '.sections[].checks[].items[]?.name' '$d/a.json' | grep -qxF 'host\\u0000hidden'"

# The same from a daemon: fakedocker serves the container list and the
# inspect of its one container from files with the name rewritten.
live_case() {
	local d=$T/live id
	da_require_fake
	command -v curl >/dev/null 2>&1 || da_skip "curl not found"
	mkdir -p "$d/canned/containers"
	# one running container and one image, and what ARG... adds
	start_fake() {
		da_fake_start "$d" --running 1 --stopped 0 --images 1 "$@"
	}
	start_fake
	curl -sf --unix-socket "$d/s" http://docker/v1.43/containers/json >"$d/list.json" ||
		da_die "cannot read fakedocker's container list"
	id=$(jq -r '.[0].Id' "$d/list.json")
	curl -sf --unix-socket "$d/s" "http://docker/v1.43/containers/$id/json" >"$d/inspect.json" ||
		da_die "cannot read fakedocker's inspect"
	da_fake_stop
	mkdir -p "$d/canned/containers/$id"
	jq -c '.[0].Names = ["/host\u0000hidden"] | .[0].Labels = {"k\u0000ey": "v"}' \
		"$d/list.json" >"$d/canned/containers/json.json"
	jq -c '.Name = "/host\u0000hidden" | .HostConfig.Privileged = true
	       | .Config.Labels = {"k\u0000ey": "v"}' \
		"$d/inspect.json" >"$d/canned/containers/$id/json.json"
	start_fake --dir "$d/canned"
	DOCKER_HOST=unix://$d/s timeout "$GUARD" "$DA_BIN" --module-dir "$DA_MODULE_DIR" \
		--timeout 5 --format text --output "json:$d/r.json" --output "junit:$d/r.xml" \
		--output "dbs-json:$d/r.dbs.json" >"$d/r.txt" 2>"$d/err"
	da_assert_rc 0 $? "daemon with NUL strings"
	da_fake_stop
	check_nul "daemon" "$d"
}
live_case

da_finish
