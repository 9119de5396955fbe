#!/bin/bash
# --timings and the progress line, against tests/fakedocker (no root, no
# dockerd):
#   - --timings prints one line per phase on standard error, in the
#     documented form "dockaudit: timing PHASE MILLISECONDS ms", naming every
#     phase: load, connect, list, inspects, host, processes, checks, each
#     module that ran, each output and the total;
#   - with a daemon slow enough that the run takes more than a second (its
#     /info answers after 2.5 s), the progress line appears when standard
#     error is a terminal (a pty from script(1)) and is erased before the
#     report; it never appears when standard error is a pipe, nor on a
#     terminal under CI=true or TERM=dumb.
# Nothing here depends on the machine's speed: the slow answer makes the
# run last more than a second however fast the machine is.

# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

da_require_bin
da_require_jq
da_require_fake
command -v script >/dev/null 2>&1 || da_skip "script (util-linux) not found"
command -v python3 >/dev/null 2>&1 || da_skip "python3 not found"

da_setup
T=$DA_TMP

audit_cmd() {
	printf '%q ' "$DA_BIN" --module-dir "$DA_MODULE_DIR" --format json --timeout 60 "$@"
}

# --- --timings, standard error a pipe ----------------------------------------

da_fake_start "$T/fast" --running 3 --stopped 1 --images 2
# standard error through a pipe (cat), standard output to a file
{ DOCKER_HOST="unix://$T/fast/s" TERM=xterm env -u CI "$DA_BIN" --module-dir "$DA_MODULE_DIR" \
	--format json --timings --output "json:$T/fast/r2.json" 2>&1 >"$T/fast/r.json"; } |
	cat >"$T/fast/err"
rc=${PIPESTATUS[0]}
[ "$rc" = 0 ] && da_ok "--timings: the audit ends with 0" || da_fail "--timings: exit $rc"
jq -e .summary "$T/fast/r.json" >/dev/null && da_ok "--timings: the report is intact" ||
	da_fail "--timings: the report does not parse"
if grep -qv '^dockaudit: timing [^ ]* [0-9]*\.[0-9][0-9][0-9] ms$' "$T/fast/err"; then
	da_fail "--timings: every line of standard error is a timing line"
	sed 's/^/# /' "$T/fast/err"
else
	da_ok "--timings: every line of standard error is a timing line"
fi
phases="load connect list inspects host processes checks output:json:- output:json:$T/fast/r2.json total"
# every module that ran: those with a section in the report
for m in $(jq -r '.sections[].module' "$T/fast/r.json" | sort -u); do
	phases="$phases module:$m"
done
case $phases in
*module:*) ;;
*) da_fail "the report names no module" ;;
esac
missing=
for ph in $phases; do
	grep -qF "dockaudit: timing $ph " "$T/fast/err" || missing="$missing $ph"
done
[ -z "$missing" ] && da_ok "--timings names every phase" ||
	da_fail "--timings does not name:$missing"
n=$(grep -c '^dockaudit: timing total ' "$T/fast/err")
[ "$n" = 1 ] && da_ok "--timings: one total" || da_fail "--timings: $n total lines"

# without --timings, nothing on standard error
{ DOCKER_HOST="unix://$T/fast/s" "$DA_BIN" --module-dir "$DA_MODULE_DIR" --format json \
	2>&1 >/dev/null; } | cat >"$T/fast/err0"
[ ! -s "$T/fast/err0" ] && da_ok "without --timings standard error stays empty" ||
	da_fail "without --timings: $(head -c 200 "$T/fast/err0")"
da_fake_stop

# --- the progress line ----------------------------------------------------

da_fake_start "$T/slow" --running 3 --on '/info=slow:2500'
export DOCKER_HOST="unix://$T/slow/s"

# a pipe: never, even with a terminal type and no CI
{ TERM=xterm env -u CI "$DA_BIN" --module-dir "$DA_MODULE_DIR" --format json \
	2>&1 >/dev/null; } | cat >"$T/slow/pipe.err"
if LC_ALL=C grep -q $'[\r\033]' "$T/slow/pipe.err"; then
	da_fail "no escape sequence on standard error when it is a pipe"
else
	da_ok "no escape sequence on standard error when it is a pipe"
fi

# on_pty FILE ENV...: the audit on a pseudo-terminal (standard output and
# error both), what the terminal received to FILE
on_pty() {
	local out=$1
	shift
	env "$@" script -qec "$(audit_cmd)" /dev/null </dev/null >"$out" 2>&1
}

# A terminal: the line appears, and is erased before the report begins.
on_pty "$T/slow/pty.out" -u CI TERM=xterm
python3 - "$T/slow/pty.out" <<'PY'
import sys
data = open(sys.argv[1], 'rb').read()
erase = b'\r\x1b[K'
start = data.find(b'{')
if start < 0:
    print('not ok: no report on the terminal'); sys.exit(1)
before, report = data[:start], data[start:]
if b'dockaudit: ' not in before or erase not in before:
    print('not ok: no progress line before the report: %r' % before[:200]); sys.exit(1)
if not before.endswith(erase):
    print('not ok: the progress line is not erased before the report: %r' % before[-120:])
    sys.exit(1)
if b'\x1b' in report or b'dockaudit: ' in report:
    print('not ok: the progress line comes back after the report began'); sys.exit(1)
PY
[ $? = 0 ] && da_ok "on a terminal the progress line appears and is erased before the report" ||
	da_fail "on a terminal the progress line appears and is erased before the report"

# A terminal, but CI or TERM=dumb: never.
on_pty "$T/slow/ci.out" CI=true TERM=xterm
if LC_ALL=C grep -q $'\033' "$T/slow/ci.out"; then
	da_fail "no progress line on a terminal under CI=true"
else
	da_ok "no progress line on a terminal under CI=true"
fi
on_pty "$T/slow/dumb.out" -u CI TERM=dumb
if LC_ALL=C grep -q $'\033' "$T/slow/dumb.out"; then
	da_fail "no progress line on a terminal with TERM=dumb"
else
	da_ok "no progress line on a terminal with TERM=dumb"
fi
da_fake_stop
da_finish
