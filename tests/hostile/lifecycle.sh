#!/bin/bash
# The real dockaudit binary writing its reports where they are hard to
# write, and running test modules that misbehave (tests/unit/testmod.c),
# against a minimal snapshot: no daemon, no dockerd.
#
# Writing reports: a character device, a FIFO, a descriptor link
# (/proc/self/fd/N, a process substitution) is written in place and stays
# what it was; a closed standard output ends that report only (exit 3, the
# other reports written); every failed write is one line naming what and why.
#
# Running modules: a grandchild that keeps the module's pipes delays
# nothing and does not outlive dockaudit; SIGTERM and SIGHUP kill the
# module groups, remove the temporary report files and end dockaudit by
# that signal (128+N); a module's standard input and output are /dev/null,
# its standard error is one escaped, capped line.
#
# No timing assertion: every wait is a bounded loop with a generous bound
# (DA_SLOW, a factor, stretches it for slow builds).  The device cases need
# root (mknod) and skip without it, except under CI=true.

# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/../integration/lib.sh"

da_require_jq
da_require_bin
command -v python3 >/dev/null 2>&1 || da_skip "python3 not found"
command -v timeout >/dev/null 2>&1 || da_skip "timeout (coreutils) not found"
MODLIBS=$DA_BUILDDIR/tests/.libs
[ -f "$MODLIBS/mod_noisy.so" ] || da_skip "test modules not built (make check builds them)"

da_setup
T=$DA_TMP
SLOW=${DA_SLOW:-1}
GUARD=$((60 * SLOW))
BG_PID=

# Kills what an old dockaudit would have left behind (module pids noted).
lifecycle_cleanup() {
	local rc=$? f p
	[ -n "$BG_PID" ] && kill -KILL "$BG_PID" 2>/dev/null
	for f in "$T"/*.pids; do
		[ -f "$f" ] || continue
		while read -r p; do
			[ -n "$p" ] && kill -KILL "$p" 2>/dev/null
		done <"$f"
	done
	(exit "$rc")
	da_cleanup
}
trap lifecycle_cleanup EXIT

printf '{"probe_version":1,"engine":{}}\n' >"$T/snap.json"

# moddir NAME: a folder holding only tests/.libs/mod_NAME.so
moddir() {
	mkdir -p "$T/mods-$1"
	cp "$MODLIBS/mod_$1.so" "$T/mods-$1/"
	printf '%s\n' "$T/mods-$1"
}
GOOD=$(moddir good)

# audit MODDIR ARG...: dockaudit on the snapshot with those modules only
audit() {
	local dir=$1
	shift
	DOCKAUDIT_MODULE_PATH= timeout "$GUARD" "$DA_BIN" --module-dir "$dir" \
		--snapshot "$T/snap.json" "$@"
}

# alive PID: the process exists and is not a zombie
alive() {
	local st
	st=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)
	[ -n "$st" ] && [ "$st" != Z ]
}

# gone PID...: true once none of them is alive (bounded wait)
gone() {
	local i p left
	for i in $(seq $((100 * SLOW))); do
		left=
		for p in "$@"; do
			alive "$p" && left=1
		done
		[ -z "$left" ] && return 0
		sleep 0.1
	done
	return 1
}

# wait_for COMMAND...: true once the command succeeds (bounded wait)
wait_for() {
	local i
	for i in $(seq $((200 * SLOW))); do
		"$@" && return 0
		sleep 0.1
	done
	return 1
}

# has_lines FILE N
has_lines() {
	[ -f "$1" ] && [ "$(wc -l <"$1")" -ge "$2" ]
}

json_ok() {
	jq -e '.sections[0].checks | length > 0' "$1" >/dev/null 2>&1
}

one_line() {
	[ "$(wc -l <"$1")" -eq 1 ]
}

# --- writing reports -------------------------------------------------------

if [ "$(id -u)" -eq 0 ]; then
	# a private null and full device: an old dockaudit replaced them
	mknod "$T/null" c 1 3 && mknod "$T/full" c 1 7 || da_die "mknod failed"
	before=$(stat -c '%F %t:%T' "$T/null")
	audit "$GOOD" --output "json:$T/null" >/dev/null 2>"$T/e"
	rc=$?
	[ "$rc" -eq 0 ] && da_ok "--output onto a null device: exit 0" ||
		da_fail "--output onto a null device: exit $rc ($(cat "$T/e"))"
	after=$(stat -c '%F %t:%T' "$T/null")
	[ "$before" = "$after" ] && da_ok "the null device stays a device ($after)" ||
		da_fail "the null device became: $after"
	audit "$GOOD" --save-snapshot "$T/null" >/dev/null 2>"$T/e"
	after=$(stat -c '%F %t:%T' "$T/null")
	[ "$before" = "$after" ] && da_ok "--save-snapshot onto a null device leaves it a device" ||
		da_fail "--save-snapshot: the null device became: $after"

	audit "$GOOD" --output "json:$T/full" >/dev/null 2>"$T/e"
	rc=$?
	[ "$rc" -eq 3 ] && one_line "$T/e" &&
		grep -qx "dockaudit: cannot write $T/full: No space left on device" "$T/e" &&
		da_ok "--output onto a full device: exit 3, one line naming it and why" ||
		da_fail "--output onto a full device: exit $rc, stderr: $(cat "$T/e")"
	[ "$(stat -c '%F %t:%T' "$T/full")" = "character special file 1:7" ] &&
		da_ok "the full device stays a device" || da_fail "the full device was replaced"
else
	da_log "not root: the private device cases are left out"
	[ "${CI:-}" = true ] && da_fail "CI=true: the device cases need root"
fi

# a FIFO with a reader gets the report and stays a FIFO; -l too
mkfifo "$T/fifo" "$T/logfifo"
cat "$T/fifo" >"$T/fifo.out" &
R1=$!
cat "$T/logfifo" >"$T/logfifo.out" &
R2=$!
audit "$GOOD" --output "json:$T/fifo" -l "$T/logfifo" >/dev/null 2>"$T/e"
rc=$?
# a dockaudit that replaced the FIFOs left their readers waiting
gone "$R1" "$R2" || kill -KILL "$R1" "$R2" 2>/dev/null
wait "$R1" "$R2"
[ "$rc" -eq 0 ] && da_ok "--output and -l onto FIFOs: exit 0" ||
	da_fail "FIFOs: exit $rc ($(cat "$T/e"))"
[ -p "$T/fifo" ] && [ -p "$T/logfifo" ] && da_ok "the FIFOs stay FIFOs" ||
	da_fail "a FIFO was replaced: $(stat -c %F "$T/fifo" "$T/logfifo")"
json_ok "$T/fifo.out" && da_ok "the FIFO's reader got the JSON report" ||
	da_fail "the FIFO's reader got: $(head -c 200 "$T/fifo.out")"
grep -q '8\.2' "$T/logfifo.out" && da_ok "the -l FIFO's reader got the text log" ||
	da_fail "the -l FIFO's reader got: $(head -c 200 "$T/logfifo.out")"
jq -e . "$T/logfifo.json" >/dev/null 2>&1 && da_ok "the log's JSON beside it is a regular file" ||
	da_fail "no $T/logfifo.json"

# a process substitution (/dev/fd/N)
audit "$GOOD" --output json:>(cat >"$T/ps.out") >/dev/null 2>"$T/e"
rc=$?
wait_for json_ok "$T/ps.out"
[ "$rc" -eq 0 ] && json_ok "$T/ps.out" && da_ok "--output onto a process substitution" ||
	da_fail "process substitution: exit $rc ($(cat "$T/e")), got $(head -c 100 "$T/ps.out")"

# a symlink to /proc/self/fd/1, standard output a regular file: appended to
ln -s /proc/self/fd/1 "$T/fdlink"
audit "$GOOD" --format text --output "json:$T/fdlink" >"$T/both" 2>"$T/e"
rc=$?
[ "$rc" -eq 0 ] && [ -L "$T/fdlink" ] && da_ok "a descriptor link stays a symlink" ||
	da_fail "descriptor link: exit $rc ($(cat "$T/e")), $(stat -c %F "$T/fdlink")"
head -n 3 "$T/both" | grep -q '^#' && grep -q '"schema_version"' "$T/both" &&
	da_ok "the text report then the JSON report, both in standard output's file" ||
	da_fail "standard output's file: $(head -c 300 "$T/both")"

# a symlink to a regular file is still replaced, never written through
printf 'keep\n' >"$T/victim"
ln -s "$T/victim" "$T/trap.json"
audit "$GOOD" --output "json:$T/trap.json" >/dev/null 2>&1
[ "$(cat "$T/victim")" = keep ] && [ ! -L "$T/trap.json" ] && json_ok "$T/trap.json" &&
	da_ok "a symlink to a regular file is replaced, its target untouched" ||
	da_fail "a symlink to a regular file was written through"

# standard output closed: the other reports are still written, exit 3
cat >"$T/closed.py" <<'EOF'
import os, subprocess, sys
r, w = os.pipe()
os.close(r)
sys.exit(subprocess.run(sys.argv[1:], stdout=w).returncode & 255)
EOF
rm -f "$T/r.json" "$T/log"*
DOCKAUDIT_MODULE_PATH= python3 "$T/closed.py" timeout "$GUARD" "$DA_BIN" --module-dir "$GOOD" \
	--snapshot "$T/snap.json" --format json --output "json:$T/r.json" -l "$T/log" 2>"$T/e"
rc=$?
[ "$rc" -eq 3 ] && da_ok "closed standard output: exit 3" ||
	da_fail "closed standard output: exit $rc (243: killed by SIGPIPE)"
json_ok "$T/r.json" && jq -e . "$T/log.json" >/dev/null 2>&1 && [ -s "$T/log" ] &&
	da_ok "closed standard output: --output and -l still written" ||
	da_fail "closed standard output: a report file is missing"
one_line "$T/e" && grep -qx 'dockaudit: cannot write standard output: Broken pipe' "$T/e" &&
	da_ok "closed standard output: one line says so" || da_fail "stderr: $(cat "$T/e")"

# a full standard output
audit "$GOOD" --format json >/dev/full 2>"$T/e"
rc=$?
[ "$rc" -eq 3 ] && one_line "$T/e" &&
	grep -qx 'dockaudit: cannot write standard output: No space left on device' "$T/e" &&
	da_ok "standard output on /dev/full: exit 3 and one line why" ||
	da_fail "standard output on /dev/full: exit $rc, stderr: $(cat "$T/e")"

# --- running modules -------------------------------------------------------

# a grandchild that keeps the pipes: no wait, and it does not survive
ORPHAN=$(moddir orphan)
DA_TESTMOD_PIDFILE=$T/orphan.pids audit "$ORPHAN" --module-timeout 3600 \
	--output "json:$T/orphan.json" >/dev/null 2>"$T/e"
rc=$?
[ "$rc" -eq 0 ] && da_ok "a module with a lingering grandchild: the run ends (exit 0)" ||
	da_fail "lingering grandchild: exit $rc (124: the run waited for it)"
[ "$(jq -r '.sections[0].checks[] | select(.id == "8.2") | .status' "$T/orphan.json" 2>/dev/null)" = WARN ] &&
	da_ok "its results are kept" || da_fail "its results: $(head -c 300 "$T/orphan.json")"
# shellcheck disable=SC2046
if has_lines "$T/orphan.pids" 2 && gone $(cat "$T/orphan.pids"); then
	da_ok "no process of the module outlives dockaudit"
else
	da_fail "module processes left: $(cat "$T/orphan.pids" 2>/dev/null | tr '\n' ' ')"
fi

# a signal while a module hangs: groups killed, exit 128+N
HANGKIDS=$(moddir hangkids)
for sig in TERM HUP; do
	num=$(kill -l "$sig")
	pids=$T/hang-$sig.pids
	DOCKAUDIT_MODULE_PATH= DA_TESTMOD_PIDFILE=$pids "$DA_BIN" --module-dir "$HANGKIDS" \
		--snapshot "$T/snap.json" --module-timeout 3600 --output "json:$T/hang-$sig.json" \
		>/dev/null 2>"$T/e" &
	BG_PID=$!
	if ! wait_for has_lines "$pids" 2; then
		da_fail "SIG$sig: the hanging module did not start"
		continue
	fi
	kill -"$sig" "$BG_PID"
	wait "$BG_PID"
	rc=$?
	BG_PID=
	[ "$rc" -eq $((128 + num)) ] && da_ok "SIG$sig during the run: exit $((128 + num))" ||
		da_fail "SIG$sig during the run: exit $rc"
	# shellcheck disable=SC2046
	gone $(cat "$pids") && da_ok "SIG$sig: the module child and its grandchild are gone" ||
		da_fail "SIG$sig: module processes left: $(tr '\n' ' ' <"$pids")"
done

# a signal while a report file is open: its temporary file is removed
mkfifo "$T/noreader"
DOCKAUDIT_MODULE_PATH= "$DA_BIN" --module-dir "$GOOD" --snapshot "$T/snap.json" \
	--output "json:$T/sig.json" --output "json:$T/noreader" >/dev/null 2>"$T/e" &
BG_PID=$!
tmp_there() {
	compgen -G "$T/sig.json.tmp*" >/dev/null
}
if wait_for tmp_there; then
	kill -TERM "$BG_PID"
	wait "$BG_PID"
	rc=$?
	BG_PID=
	[ "$rc" -eq 143 ] && da_ok "SIGTERM while writing: exit 143" ||
		da_fail "SIGTERM while writing: exit $rc"
	tmp_there && da_fail "SIGTERM while writing: left $(ls "$T"/sig.json.tmp*)" ||
		da_ok "SIGTERM while writing: no temporary file left"
else
	da_fail "no temporary report file while waiting for the FIFO's reader"
fi
[ -p "$T/noreader" ] && da_ok "the FIFO without a reader stays a FIFO" ||
	da_fail "the FIFO without a reader was replaced"

# a module's standard input, output and error
NOISY=$(moddir noisy)
echo secret | audit "$NOISY" --format json >"$T/noisy.out" 2>"$T/noisy.err"
rc=$?
[ "$rc" -eq 0 ] && json_ok "$T/noisy.out" &&
	da_ok "a module writing to standard output: the JSON report still parses" ||
	da_fail "noisy module: exit $rc, report: $(head -c 200 "$T/noisy.out")"
[ "$(jq -r '.sections[0].checks[] | select(.id == "8.2") | .detail' "$T/noisy.out" 2>/dev/null)" = "standard input: end of file" ] &&
	da_ok "a module's standard input is /dev/null" ||
	da_fail "the module's standard input: $(jq -c '.sections[0].checks' "$T/noisy.out" 2>/dev/null)"
one_line "$T/noisy.err" &&
	grep -q '^dockaudit: module testmod wrote to standard error: noise \\x1b\]0;title\\x07 on stderr\\nxxx' "$T/noisy.err" &&
	da_ok "its standard error: one line, escaped" || da_fail "stderr: $(head -c 300 "$T/noisy.err" | od -c | head)"
grep -q $'\e' "$T/noisy.err" && da_fail "an ESC byte reached standard error" ||
	da_ok "no ESC byte on standard error"
grep -q ' \[\.\.\. [0-9]* more bytes not shown\]$' "$T/noisy.err" &&
	[ "$(wc -c <"$T/noisy.err")" -lt 8000 ] &&
	da_ok "its standard error is capped, visibly" || da_fail "stderr not capped: $(wc -c <"$T/noisy.err") bytes"
grep -q 'NOISE ON STDOUT' "$T/noisy.out" "$T/noisy.err" &&
	da_fail "the module's standard output reached dockaudit's" ||
	da_ok "the module's standard output went nowhere"

da_finish
