#!/bin/bash
# Verdicts that must hold beyond doubt, on private daemons:
#   1.1.1  a data root on a plain folder (WARN), bound onto itself (WARN),
#          on a tmpfs of its own (PASS);
#   2.7    an audit over tcp:// without TLS proves the daemon serves the
#          API in the clear (WARN; 2.8 under --benchmark cis-1.8.0);
#   5.7    the Engine API's process list when /proc cannot show it (over
#          tcp://, and with a /proc of another PID namespace); stopped
#          containers are not findings;
#   5.12   CpuShares 0 or 1024 warn, 512 passes;
#   6.2    paused containers count as running, as in sections 4 and 5.

# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

da_require_jq
da_require_bin
da_require_daemon
command -v nsenter >/dev/null 2>&1 || da_skip "nsenter not found"
TINI=$(readlink -f /usr/bin/docker-init 2>/dev/null)
[ -n "$TINI" ] && [ -x "$TINI" ] || da_skip "docker-init (tini) not found"
da_setup
T=$DA_TMP
PORT=2375

# Our own mounts go, deepest first, once the daemon using them is gone.
own_mounts() {
	awk -v d="$T/dr-" 'index($5, d) == 1 { print length($5) " " $5 }' /proc/self/mountinfo |
		sort -rn | cut -d' ' -f2-
}
unmount_own() {
	local m
	for m in $(own_mounts); do
		umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || da_log "cannot unmount $m"
	done
}
cleanup() {
	local rc=$?
	da_daemon_stop
	unmount_own
	(exit $rc)
	da_cleanup
}
trap cleanup EXIT

# --- 1.1.1 -----------------------------------------------------------------

# partition DESCRIPTION STATUS [DOCKERD_ARG...]
partition() {
	local what=$1 want=$2 f
	shift 2
	f=$T/p-$DA_TESTNO.json
	da_daemon_start '{}' "$@"
	da_run_audit -c 1.1.1 --output "json:$f" >/dev/null 2>"$T/p.err"
	da_assert_rc 0 $? "audit 1.1.1, $what"
	da_assert_status "$f" 1.1.1 "$want"
	da_daemon_stop
	unmount_own
}

# (a) a plain folder (dockerd binds it onto itself when / is private)
partition "plain folder" WARN
# (b) a folder bound onto itself
mkdir -p "$T/dr-bind" && mount --bind "$T/dr-bind" "$T/dr-bind" ||
	da_die "cannot bind $T/dr-bind"
partition "self bind mount" WARN --data-root "$T/dr-bind"
# (c) a filesystem of its own
mkdir -p "$T/dr-tmpfs" && mount -t tmpfs -o size=256m tmpfs "$T/dr-tmpfs" ||
	da_die "cannot mount a tmpfs on $T/dr-tmpfs"
partition "tmpfs" PASS --data-root "$T/dr-tmpfs"

# --- one daemon on a unix socket and on tcp:// in its network namespace ------

da_daemon_start '{}' -H "tcp://127.0.0.1:$PORT"
da_image_import "$DA_IMAGE" || da_die "cannot import the test image"
# an image whose /usr/sbin/sshd is tini: "/usr/sbin/sshd -- sleep 600" runs
R=$DA_TMP/rootfs
mkdir -p "$R/usr/sbin" && cp "$TINI" "$R/usr/sbin/sshd" &&
	tar -C "$R" -cf "$T/sshd.tar" . &&
	da_docker import -c 'CMD ["/bin/sh"]' "$T/sshd.tar" dockaudit-test/sshd:1 >/dev/null ||
	da_die "cannot build the sshd image"

run() {
	local name=$1
	shift
	da_docker run -d --name "$name" "$@" sleep 600 >/dev/null ||
		da_die "cannot run container $name"
}
run plain "$DA_IMAGE"
run shares512 --cpu-shares 512 "$DA_IMAGE"
run shares1024 --cpu-shares 1024 "$DA_IMAGE"
da_docker run -d --name sshd dockaudit-test/sshd:1 /usr/sbin/sshd -s -- sleep 600 >/dev/null ||
	da_die "cannot run container sshd"
run paused "$DA_IMAGE"
da_docker pause paused >/dev/null || da_die "cannot pause a container"
da_docker create --name stopped "$DA_IMAGE" sleep 600 >/dev/null ||
	da_die "cannot create a stopped container"

# 5.7's verdicts, whichever way the process lists came
assert_5_7() {
	local f=$1 how=$2
	da_assert_status "$f" 5.7 WARN
	da_assert_item "$f" 5.7 sshd
	da_assert_no_item "$f" 5.7 stopped
	da_check "5.7 $how: no container lacks its process list" jq -e '
		[.sections[].checks[] | select(.id == "5.7") | .items[]? |
		 select(.detail | test("not available"))] | length == 0' "$f"
	da_check "5.7 $how: only sshd is named" jq -e '
		[.sections[].checks[] | select(.id == "5.7") | .items[]? | .name |
		 ltrimstr("/")] == ["sshd"]' "$f"
}

# Local, /proc readable: the scan of /proc.
L=$T/local.json
da_run_audit -c 2.7,5.7,5.12,6.2 --all-containers --output "json:$L" >/dev/null 2>"$T/l.err"
da_assert_rc 0 $? "local audit"
assert_5_7 "$L" "from /proc"
da_assert_status "$L" 5.12 WARN
da_assert_item "$L" 5.12 plain
da_assert_item "$L" 5.12 shares1024
da_assert_no_item "$L" 5.12 shares512
da_assert_status "$L" 6.2 INFO
da_check "6.2 counts the paused container as running: 6 containers, 5 running" jq -e '
	.sections[].checks[] | select(.id == "6.2") | .detail |
	startswith("6 containers, 5 running (1 paused)")' "$L"
da_assert_item "$L" 6.2 stopped
da_assert_no_item "$L" 6.2 paused
# sections 4 and 5 audit the paused container too
da_assert_item "$L" 5.12 paused

# Local, with a /proc of another PID namespace: the Engine API's lists.
H=$T/hidden.json
unshare -m -p -f --mount-proc "$DA_BIN" --module-dir "$DA_MODULE_DIR" -c 5.7 \
	--save-snapshot "$T/hidden.snap" --output "json:$H" >/dev/null 2>"$T/h.err"
da_assert_rc 0 $? "audit with /proc of another PID namespace"
assert_5_7 "$H" "with /proc hidden"
da_check "the snapshot keeps the API's process lists" jq -e '
	[.engine.containers[] | select(.State.Running) | ._top._source] | unique == ["api"]' \
	"$T/hidden.snap"

# Remote: the audit runs in the daemon's network namespace, over tcp://.
remote() {
	DOCKER_HOST=tcp://127.0.0.1:$PORT nsenter --net="$DA_D/netns" \
		"$DA_BIN" --module-dir "$DA_MODULE_DIR" "$@"
}
X=$T/remote.json
remote -c 2.7,5.7,5.12 --all-containers --output "json:$X" >/dev/null 2>"$T/x.err"
da_assert_rc 0 $? "remote audit over tcp://"
cat "$T/x.err" >&2
assert_5_7 "$X" "over tcp://"
da_assert_status "$X" 2.7 WARN
da_check "2.7 gives its evidence" jq -e '.sections[].checks[] | select(.id == "2.7") |
	.detail | test("without TLS") and test("tcp://127.0.0.1:'"$PORT"'")' "$X"
da_assert_item "$X" 2.7 "tcp://127.0.0.1:$PORT"
da_assert_status "$X" 5.12 WARN
da_assert_no_item "$X" 5.12 shares512
X8=$T/remote18.json
remote --benchmark cis-1.8.0 -c 2.8 --output "json:$X8" >/dev/null 2>&1
da_assert_rc 0 $? "remote audit, cis-1.8.0"
da_assert_status "$X8" 2.8 WARN

da_finish
