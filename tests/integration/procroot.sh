#!/bin/bash
# --proc-root and the procfs --host-root implies, on a private daemon:
#   - --proc-root /proc gives the verdicts of an audit without it;
#   - a folder that is not a procfs, a file inside /proc, a missing path and
#     an empty string are refused: exit 2, one line;
#   - from a PID namespace of its own (unshare, with a private /proc, the
#     machine's root bound at R as a container sees the node's through a
#     recursive bind), dockaudit does not see the daemon in its own /proc:
#     the ten checks that need dockerd's process say so; --proc-root R/proc
#     and --host-root R alone (R/proc is a procfs of an outer namespace)
#     both find it again, with the verdicts of the audit outside;
#     --host-root R --proc-root /proc keeps the namespace's own.
# Everything bound or mounted lives in the unshared mount namespace and
# goes with it.

# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

da_require_jq
da_require_bin
da_require_daemon
command -v unshare >/dev/null 2>&1 || da_skip "unshare not found"
da_setup
T=$DA_TMP

# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
	local rc=$?
	da_daemon_stop
	(exit "$rc")
	da_cleanup
}
trap cleanup EXIT

da_daemon_start '{"icc": false}'

verdicts() {
	jq -r '.sections[].checks[] | "\(.id) \(.status)"' "$1" | sort
}
# same A B WHAT: the two reports have the same verdict for every check but
# those B cannot judge from a PID namespace of its own for the kernel's
# reason: it lists audit rules to its initial PID namespace only (EPERM,
# INFO "needs root: the loaded audit rules")
same() {
	local d id sa sb bad='' kept=''
	d=$(join -a1 -a2 -e MISSING -o 0,1.2,2.2 <(verdicts "$1") <(verdicts "$2") | awk '$2 != $3')
	while read -r id sa sb; do
		[ -n "$id" ] || continue
		if [ "$sb" = INFO ] && jq -e --arg id "$id" '.sections[].checks[] | select(.id == $id) |
			.detail | contains("needs root: the loaded audit rules")' "$2" >/dev/null; then
			kept="$kept $id"
		else
			bad="$bad $id($sa, $sb)"
		fi
	done <<<"$d"
	if [ -z "$bad" ]; then
		da_ok "$3: the same verdicts ($(verdicts "$1" | wc -l) checks; audit rules unlisted:${kept:- none})"
	else
		da_fail "$3: verdicts differ:$bad"
	fi
}

da_run_audit --format json >"$T/plain.json" 2>"$T/plain.err"
da_assert_rc 0 $? "an audit reading /proc"
da_assert_status "$T/plain.json" 2.2 PASS # icc=false: in the daemon's own config file
da_run_audit --format json --proc-root /proc >"$T/proc.json" 2>"$T/proc.err"
da_assert_rc 0 $? "an audit with --proc-root /proc"
same "$T/plain.json" "$T/proc.json" "--proc-root /proc"

# refused WHAT DIR: exit 2, one line naming --proc-root
refused() {
	da_run_audit --format json --proc-root "$2" >"$T/r.out" 2>"$T/r.err"
	da_assert_rc 2 $? "$1"
	if [ "$(wc -l <"$T/r.err")" -eq 1 ] && grep -q -- '--proc-root' "$T/r.err" && [ ! -s "$T/r.out" ]; then
		da_ok "$1: one line, no report"
	else
		da_fail "$1: one line, no report (got: $(cat -v "$T/r.err"))"
	fi
}
mkdir -p "$T/fakeproc/1" || da_die "cannot create $T/fakeproc"
refused "a folder that is not a procfs" "$T/fakeproc"
refused "a file in /proc" /proc/version
refused "a missing path" "$T/none"
refused "an empty string" ""

# --- from a PID namespace of its own ------------------------------------------------

R=$T/root
mkdir -p "$R" || da_die "cannot create $R"
# inner ARG...: dockaudit in a new PID and mount namespace with its own
# /proc; the machine's root bound (recursively, read-only mounts kept) at R
inner() {
	# shellcheck disable=SC2016 # expanded by the inner shell
	unshare --mount --propagation private --pid --fork sh -c '
		mount --rbind / "$1" && mount -t proc proc /proc || exit 97
		shift
		exec "$@"' sh "$R" "$DA_BIN" --module-dir "$DA_MODULE_DIR" "$@"
}
inner --format json >"$T/in-own.json" 2>"$T/in-own.err"
rc=$?
[ "$rc" != 97 ] || da_skip "cannot mount a procfs in a new PID namespace here"
da_assert_rc 0 $rc "inside: an audit of its own /proc"
# the checks of dockerd's process: its binary (1.1.3), containerd's
# (1.1.8, 1.1.11, 3.17, 3.18: from its flags), its config file (2.2, 3.23,
# 3.24); the socket's (3.15, 3.16) is the endpoint's path here
TEN="1.1.3 1.1.8 1.1.11 3.17 3.18 3.23 3.24 2.2"
not_seen=
for id in $TEN; do
	if [ "$id" = 2.2 ]; then
		jq -e '.sections[].checks[] | select(.id == "2.2") | .detail |
			contains("no dockerd found")' "$T/in-own.json" >/dev/null || not_seen="$not_seen $id"
	else
		[ "$(da_status "$T/in-own.json" "$id")" = INFO ] || not_seen="$not_seen $id"
	fi
done
da_check "inside, its own /proc: the checks of dockerd's process cannot see it (wrong:$not_seen)" test -z "$not_seen"

inner --format json --proc-root "$R/proc" >"$T/in-proc.json" 2>"$T/in-proc.err"
da_assert_rc 0 $? "inside: --proc-root R/proc"
same "$T/plain.json" "$T/in-proc.json" "inside, --proc-root R/proc"

inner --format json --host-root "$R" >"$T/in-host.json" 2>"$T/in-host.err"
da_assert_rc 0 $? "inside: --host-root R"
inner --format json --host-root "$R" --save-snapshot "$T/in-host.snap" >/dev/null 2>&1
da_check "inside, --host-root R reads processes from R/proc" \
	test "$(jq -r .host.proc "$T/in-host.snap")" = "$R/proc"
run_host=$(mktemp -d "$T/outer.XXXX")
# the same host root outside: the verdicts of reading R/proc from the namespace
# shellcheck disable=SC2016 # expanded by the inner shell
unshare --mount --propagation private sh -c 'mount --rbind / "$1" || exit 97; shift; exec "$@"' \
	sh "$run_host" "$DA_BIN" --module-dir "$DA_MODULE_DIR" --format json --host-root "$run_host" \
	>"$T/out-host.json" 2>"$T/out-host.err"
da_assert_rc 0 $? "outside: --host-root R"
same "$T/out-host.json" "$T/in-host.json" "inside, --host-root R alone"
wrong=
for id in $TEN; do
	[ "$(da_status "$T/in-host.json" "$id")" = "$(da_status "$T/plain.json" "$id")" ] ||
		wrong="$wrong $id"
done
da_check "inside, --host-root R: the ten checks as outside without it (wrong:$wrong)" test -z "$wrong"

inner --format json --host-root "$R" --proc-root /proc >"$T/in-both.json" 2>"$T/in-both.err"
da_assert_rc 0 $? "inside: --host-root R --proc-root /proc"
da_check "inside, --proc-root /proc wins over R/proc: dockerd unseen" \
	jq -e '.sections[].checks[] | select(.id == "2.2") | .detail | contains("no dockerd found")' "$T/in-both.json"

da_finish
