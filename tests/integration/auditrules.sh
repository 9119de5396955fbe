#!/bin/bash
# 1.1.3-1.1.18 judged by the audit rules loaded in the kernel (read over
# NETLINK_AUDIT, as `auditctl -l` lists them), on a private daemon:
#   - no rule on its data root: 1.1.5 WARN;
#   - `auditctl -w DATAROOT`: PASS "a loaded audit rule watches";
#   - the syscall form `-a always,exit ... -F dir=DATAROOT`: PASS;
#   - 1.1.3 on the daemon's own binary with `-w EXE -p x`: PASS;
#   - a rule only in a rule file (the live snapshot given a rule file's
#     facts): WARN "in FILE, not loaded"; the snapshot replays the loaded
#     rules it recorded after they are gone;
#   - --host-root: the rule files of the image alone ("rule files only").
# Every rule added carries the key da-test-PID and is deleted by that key;
# the kernel's rule list must be the same before and after.  The kernel
# audit must work (auditctl -l): otherwise skip, or fail under CI=true.

# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

da_require_jq
da_require_bin
da_require_daemon
command -v auditctl >/dev/null 2>&1 || da_skip "auditctl not found (package auditd)"
BEFORE=$(auditctl -l 2>&1) || da_skip "auditctl -l does not work here: $BEFORE"
KEY=da-test-$$
da_setup
T=$DA_TMP

drop_rules() {
	# only our key: the host's own rules are never touched
	while auditctl -l 2>/dev/null | grep -qE -- "(-k |key=)$KEY( |\$)"; do
		auditctl -D -k "$KEY" >/dev/null 2>&1 || break
	done
}
cleanup() {
	local rc=$?
	drop_rules
	(exit $rc)
	da_cleanup
}
trap cleanup EXIT

da_daemon_start '{}'
ROOT=$(da_docker info -f '{{.DockerRootDir}}') || da_die "no DockerRootDir"
EXE=$(readlink "/proc/$(cat "$DA_D/dockerd.pid")/exe") || da_die "no dockerd exe"

# audit ID ARG...: one check, JSON report in $T/r-N.json; prints its path
audit() {
	local id=$1 f=$T/r-$((DA_TESTNO + 1))-$RANDOM.json
	shift
	da_run_audit -c "$id" --output "json:$f" "$@" >/dev/null 2>"$T/err" ||
		da_log "dockaudit failed: $(cat "$T/err")"
	printf '%s\n' "$f"
}
detail() {
	jq -r --arg id "$2" '.sections[].checks[] | select(.id == $id) | .detail' "$1"
}
# expect FILE ID STATUS DETAIL-SUBSTRING
expect() {
	da_assert_status "$1" "$2" "$3"
	case $(detail "$1" "$2") in
	*"$4"*) da_ok "$2 says \"$4\"" ;;
	*) da_fail "$2 says \"$4\" (got: $(detail "$1" "$2"))" ;;
	esac
}

# --- the data root, 1.1.5 ------------------------------------------------------

f=$(audit 1.1.5)
expect "$f" 1.1.5 WARN "no audit rule for $ROOT"

auditctl -w "$ROOT" -p wa -k "$KEY" >/dev/null || da_die "auditctl -w $ROOT failed"
f=$(audit 1.1.5 --save-snapshot "$T/snap.json")
expect "$f" 1.1.5 PASS "a loaded audit rule watches $ROOT"
da_check "the snapshot records the loaded watch with its key" jq -e --arg p "$ROOT" \
	--arg k "$KEY" '.host.audit.loaded | .status == "ok" and
		any(.watches[]; .path == $p and .key == $k) and any(.paths[]; . == $p)' \
	"$T/snap.json"
drop_rules

# the syscall form, with -F dir=
auditctl -a always,exit -F arch=b64 -S openat -F dir="$ROOT" -k "$KEY" >/dev/null ||
	da_die "auditctl -a ... -F dir=$ROOT failed"
f=$(audit 1.1.5)
expect "$f" 1.1.5 PASS "a loaded audit rule watches $ROOT"
drop_rules
f=$(audit 1.1.5)
expect "$f" 1.1.5 WARN "no audit rule for $ROOT"

# the snapshot replays the rules loaded when it was taken
f=$(audit 1.1.5 --snapshot "$T/snap.json")
expect "$f" 1.1.5 PASS "a loaded audit rule watches $ROOT"

# a rule in a rule file that was never loaded: the live facts (no rule
# loaded now) plus a rule file's facts
da_run_audit -c 1.1.5 --save-snapshot "$T/now.json" >/dev/null 2>&1
jq --arg p "$ROOT" '.host.audit.watched += [$p] |
	.host.audit.watched_in[$p] = "/etc/audit/rules.d/docker.rules" |
	.host.audit.files += ["/etc/audit/rules.d/docker.rules"] |
	.host.audit.source = "files" | .host.audit.error = null' \
	"$T/now.json" >"$T/file-only.json" || da_die "cannot edit the snapshot"
f=$(audit 1.1.5 --snapshot "$T/file-only.json")
expect "$f" 1.1.5 WARN "an audit rule for $ROOT is in /etc/audit/rules.d/docker.rules, not loaded"
da_check "the item says to load the rules" jq -e --arg p "$ROOT" \
	'.sections[].checks[] | select(.id == "1.1.5") | .items[] |
		select(.name == $p) | .detail | test("augenrules --load")' "$f"

# --- 1.1.3: the daemon's binary ----------------------------------------------

if printf '%s\n' "$BEFORE" | grep -qF -- " $EXE "; then
	da_log "the host already audits $EXE: 1.1.3 WARN case not testable"
else
	f=$(audit 1.1.3)
	da_assert_status "$f" 1.1.3 WARN
fi
auditctl -w "$EXE" -p x -k "$KEY" >/dev/null || da_die "auditctl -w $EXE failed"
f=$(audit 1.1.3)
expect "$f" 1.1.3 PASS "a loaded audit rule watches $EXE"
drop_rules

# --- --host-root: the image's rule files alone -------------------------------

H=$T/hostimg
mkdir -p "$H/etc/audit/rules.d" "$H$ROOT" || da_die "cannot build $H"
printf -- '-w %s -p wa -k docker\n' "$ROOT" >"$H/etc/audit/rules.d/docker.rules"
f=$(audit 1.1.5 --host-root "$H")
expect "$f" 1.1.5 PASS "an audit rule watches $ROOT (rule files only: --host-root"
rm "$H/etc/audit/rules.d/docker.rules"
# a rule loaded in this machine's kernel is not the image's
auditctl -w "$ROOT" -p wa -k "$KEY" >/dev/null || da_die "auditctl -w $ROOT failed"
f=$(audit 1.1.5 --host-root "$H")
expect "$f" 1.1.5 WARN "no audit rule for $ROOT"
drop_rules

# --- the host's own rules are untouched ----------------------------------------

AFTER=$(auditctl -l 2>&1)
if [ "$AFTER" = "$BEFORE" ]; then
	da_ok "the kernel's rule list is the same as before the test"
else
	da_fail "the kernel's rule list changed: before <<$BEFORE>> after <<$AFTER>>"
fi

da_finish
