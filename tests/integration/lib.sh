# shellcheck shell=bash
#
# Shared helpers of the integration tests: each test script sources this
# file, starts its own private dockerd (own containerd, data root, exec root,
# socket and network namespace), runs the real dockaudit binary against it,
# and asserts on the reports.  The host's own daemon, if any, is never used
# or touched.
#
# Exit codes follow automake: 0 pass, 1 fail, 77 skip.  A test that cannot
# run here (not root, no dockerd, ...) skips, except under CI=true where it
# fails: CI must never pass by skipping.

set -u

DA_SRCDIR=${DA_SRCDIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
DA_BUILDDIR=${DA_BUILDDIR:-$PWD}
DA_MODULE_DIR=${DA_MODULE_DIR:-$DA_BUILDDIR/modules/.libs}
DA_SCHEMAS=${DA_SCHEMAS:-$DA_SRCDIR/docs/schema}
DA_BIN=${DA_BIN:-$DA_BUILDDIR/core/dockaudit}
export DA_SRCDIR DA_BUILDDIR DA_MODULE_DIR DA_SCHEMAS

DA_IMAGE=dockaudit-test/busybox:1
DA_FAILURES=0
DA_TESTNO=0
DA_TMP=
DA_D=           # the private daemon's directory, while one runs
DA_DOCKERD_PID=
DA_CONTAINERD_PID=
DA_NETNS=
DA_FAKE=$DA_BUILDDIR/tests/fakedocker  # the fake Engine API
DA_FAKE_PID=    # while one runs (da_fake_start)

da_log() {
	printf '%s\n' "$*" >&2
}

# A test that cannot run here: skip, or fail under CI.
da_skip() {
	if [ "${CI:-}" = true ]; then
		da_log "FAIL (CI=true, no skipping): $*"
		exit 1
	fi
	da_log "SKIP: $*"
	exit 77
}

# A fatal error: cleanup runs from the EXIT trap.
da_die() {
	da_log "ERROR: $*"
	exit 1
}

# A failed assertion: reported, counted, and the test goes on.
da_fail() {
	DA_TESTNO=$((DA_TESTNO + 1))
	DA_FAILURES=$((DA_FAILURES + 1))
	printf 'not ok %d - %s\n' "$DA_TESTNO" "$*"
}

da_ok() {
	DA_TESTNO=$((DA_TESTNO + 1))
	printf 'ok %d - %s\n' "$DA_TESTNO" "$*"
}

# da_check DESCRIPTION COMMAND...: ok when the command succeeds (its
# standard output is dropped, its errors shown).
da_check() {
	local what=$1
	shift
	if "$@" >/dev/null; then
		da_ok "$what"
	else
		da_fail "$what"
	fi
}

# Ends the test: exit status from the assertions counted so far.
da_finish() {
	if [ "$DA_TESTNO" -eq 0 ]; then
		da_die "no assertion was made"
	fi
	printf '%d passed, %d failed\n' "$((DA_TESTNO - DA_FAILURES))" "$DA_FAILURES"
	if [ "$DA_FAILURES" -ne 0 ]; then
		exit 1
	fi
	exit 0
}

# --- set up and clean up ---------------------------------------------------

# Creates the test's scratch directory.  Unix socket paths must stay under
# 108 bytes, so a long TMPDIR is not used.  Every way out (the end, a
# failure, da_die, a signal) goes through da_cleanup.
da_setup() {
	local base=${TMPDIR:-/tmp}
	if [ "${#base}" -gt 40 ] || [ ! -d "$base" ] || [ ! -w "$base" ]; then
		base=/tmp
	fi
	DA_TMP=$(mktemp -d "$base/da.XXXXXX") || da_die "cannot create a scratch directory in $base"
	# Its canonical name: the kernel lists mount points so, and a TMPDIR
	# such as "/tmp/" or a symbolic link would hide the daemon's mounts
	# (its pinned network namespace) from da_daemon_stop.
	DA_TMP=$(cd "$DA_TMP" && pwd -P) || da_die "cannot enter $DA_TMP"
	trap da_cleanup EXIT
	trap 'exit 129' HUP
	trap 'exit 130' INT
	trap 'exit 143' TERM
}

# Whether dockaudit would load modules below folder $1: it and every folder
# above it owned by root or by us, writable by no one else, and reachable by
# every user (a test may run the copy as another user).
da_module_folder_ok() {
	local d=$1 st me
	me=$(id -u)
	while :; do
		st=$(stat -c '%u %a' "$d" 2>/dev/null) || return 1
		case ${st%% *} in 0 | "$me") ;; *) return 1 ;; esac
		[ $((8#${st#* } & 8#022)) -eq 0 ] && [ $((8#${st#* } & 8#001)) -ne 0 ] || return 1
		[ "$d" = / ] && return 0
		d=$(dirname "$d")
	done
}

# Sets DA_MSCRATCH to a new empty folder for modules a test builds or
# copies: the loader refuses modules below a folder others may write, so
# not below /tmp.  Removed at exit.
DA_MSCRATCH=
da_module_scratch() {
	local base
	for base in "$DA_BUILDDIR/tests" /run /var/lib; do
		[ -d "$base" ] && [ -w "$base" ] && da_module_folder_ok "$base" || continue
		DA_MSCRATCH=$(mktemp -d "$base/da-mod.XXXXXX") || continue
		chmod 755 "$DA_MSCRATCH" && return 0
	done
	da_die "no folder for test modules outside folders others may write"
}


# Mount points under directory $1, deepest first.
da_mounts_under() {
	awk -v d="$1/" 'index($5, d) == 1 { print length($5) " " $5 }' /proc/self/mountinfo |
		sort -rn | cut -d' ' -f2-
}

# Stops the daemon and removes the scratch directory.  Signals do nothing
# meanwhile: a second Ctrl-C or TERM must not cut the cleanup short and
# leave a daemon, its mounts and its network namespace behind.  A mount
# that cannot be undone fails the test, and nothing is removed across it.
da_cleanup() {
	local rc=$? m
	trap - EXIT
	trap : HUP INT TERM
	da_fake_stop
	da_daemon_stop
	if [ -n "$DA_MSCRATCH" ] && [ -d "$DA_MSCRATCH" ] && [ -z "${DA_KEEP:-}" ]; then
		rm -rf "$DA_MSCRATCH"
	fi
	if [ -n "$DA_TMP" ] && [ -d "$DA_TMP" ]; then
		for m in $(da_mounts_under "$DA_TMP"); do
			umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null
		done
		if [ -n "$(da_mounts_under "$DA_TMP")" ]; then
			da_log "FAIL: mounts left under $DA_TMP; not removing it:"
			da_mounts_under "$DA_TMP" >&2
			rc=1
		elif [ -n "${DA_KEEP:-}" ]; then
			da_log "kept $DA_TMP"
		else
			rm -rf "$DA_TMP"
		fi
	fi
	exit "$rc"
}

# --- peak memory ----------------------------------------------------------------

# da_measure DIR CMD...: runs CMD with stdout to DIR/out and stderr to
# DIR/err (DIR is created); sets RC, PEAK_KB (the largest resident size in
# the process tree, as the kernel reports it to wait4) and SECS.  GNU time
# ($DA_TIME_BIN, default /usr/bin/time; Debian package "time") when
# installed, else the same figure through python3's getrusage(RUSAGE_CHILDREN).
da_measure() {
	local d=$1 time_bin=${DA_TIME_BIN:-/usr/bin/time}
	shift
	mkdir -p "$d"
	if [ -x "$time_bin" ]; then
		"$time_bin" -o "$d/time" -f '%M %e' "$@" >"$d/out" 2>"$d/err"
		RC=$?
	else
		python3 -c '
import resource, subprocess, sys, time
t = time.monotonic()
rc = subprocess.call(sys.argv[2:])
with open(sys.argv[1], "w") as f:
    f.write("%d %.2f\n" % (resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
                          time.monotonic() - t))
sys.exit(rc if rc >= 0 else 128 - rc)' "$d/time" "$@" >"$d/out" 2>"$d/err"
		RC=$?
	fi
	# GNU time puts "Command exited with non-zero status N" first
	read -r PEAK_KB SECS < <(tail -n 1 "$d/time")
}

# --- the fake Engine API (tests/fakedocker) ----------------------------------

# Skips when tests/fakedocker is not built.
da_require_fake() {
	# fakedocker is built with the libcheck suites (tests/engine.mk)
	[ -x "$DA_FAKE" ] || da_skip "$DA_FAKE not built (configure found no libcheck?)"
}

# da_fake_start DIR ARG...: fakedocker with the options ARG... on the socket
# DIR/s (DIR is created), its errors in DIR/fake.err; returns once it
# listens.  One runs at a time: da_fake_stop, or da_cleanup, stops it.
da_fake_start() {
	local d=$1 line
	shift
	mkdir -p "$d"
	rm -f "$d/ready" "$d/s"
	mkfifo "$d/ready" || da_die "cannot create $d/ready"
	"$DA_FAKE" --socket "$d/s" --lifetime 600 --ready-fd 3 "$@" 3>"$d/ready" 2>"$d/fake.err" &
	DA_FAKE_PID=$!
	if ! read -r -t 20 line <"$d/ready" || [ "$line" != ready ]; then
		cat "$d/fake.err" >&2
		da_die "fakedocker did not start ($*)"
	fi
}

da_fake_stop() {
	if [ -n "$DA_FAKE_PID" ]; then
		kill "$DA_FAKE_PID" 2>/dev/null
		wait "$DA_FAKE_PID" 2>/dev/null
		DA_FAKE_PID=
	fi
}

# Why a private daemon cannot run here (nothing printed: it can).
da_daemon_unsupported() {
	local t
	if [ "$(id -u)" -ne 0 ]; then
		echo "not root: a private dockerd needs root"
		return
	fi
	for t in dockerd containerd containerd-shim-runc-v2 runc unshare ip; do
		if ! command -v "$t" >/dev/null 2>&1; then
			echo "$t not found"
			return
		fi
	done
	if [ ! -x /bin/busybox ]; then
		echo "/bin/busybox not found (install busybox-static)"
	elif ! da_docker_bin >/dev/null; then
		echo "no docker client found"
	elif ! unshare -n true 2>/dev/null; then
		echo "cannot create a network namespace (unshare -n)"
	fi
}

# Skips unless everything a private daemon needs is here.
da_require_daemon() {
	local why
	why=$(da_daemon_unsupported)
	[ -z "$why" ] || da_skip "$why"
}

da_require_jq() {
	command -v jq >/dev/null 2>&1 || da_skip "jq not found"
}

da_require_bin() {
	[ -x "$DA_BIN" ] || da_die "$DA_BIN not built"
}

# --- the private daemon ----------------------------------------------------

# The docker client: the distribution's (same version as dockerd) first.
da_docker_bin() {
	local c
	for c in /usr/bin/docker "$(command -v docker 2>/dev/null)"; do
		if [ -n "$c" ] && [ -x "$c" ]; then
			printf '%s\n' "$c"
			return 0
		fi
	done
	return 1
}

da_docker() {
	"$DA_DOCKER_CLIENT" "$@"
}

# da_daemon_start [DAEMON_JSON [DOCKERD_ARG...]]: starts a private dockerd
# with its own containerd in a new network namespace, with DAEMON_JSON
# (default "{}") as its --config-file, and exports DOCKER_HOST.
da_daemon_start() {
	local json=${1:-"{}"}
	[ $# -gt 0 ] && shift
	[ -z "$DA_D" ] || da_die "a private daemon is already running"
	[ -n "$DA_TMP" ] || da_setup
	DA_DOCKER_CLIENT=$(da_docker_bin) || da_die "no docker client"
	# DA_DAEMON_DIR names its directory, so that a test can run two
	DA_D=$DA_TMP/${DA_DAEMON_DIR:-d}
	mkdir -p "$DA_D/root" "$DA_D/exec" "$DA_D/ctd" || da_die "cannot create $DA_D"
	printf '%s\n' "$json" >"$DA_D/daemon.json"
	DA_SOCK=$DA_D/docker.sock
	[ "${#DA_SOCK}" -lt 100 ] || da_die "socket path too long: $DA_SOCK"

	# Its own containerd: a running host containerd is never shared.
	cat >"$DA_D/containerd.toml" <<EOF
version = 2
root = "$DA_D/ctd/root"
state = "$DA_D/ctd/state"
disabled_plugins = ["io.containerd.grpc.v1.cri", "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper", "io.containerd.snapshotter.v1.aufs", "io.containerd.tracing.processor.v1.otlp", "io.containerd.internal.v1.tracing"]
[grpc]
  address = "$DA_D/ctd/c.sock"
[plugins."io.containerd.internal.v1.opt"]
  path = "$DA_D/ctd/opt"
EOF
	# Runs inside the new network namespace: loopback up, containerd in
	# the background, then dockerd in place of the shell (so the pid that
	# unshare leaves is dockerd's).
	cat >"$DA_D/start.sh" <<'EOF'
d=$1
shift
ip link set lo up || exit 1
containerd --config "$d/containerd.toml" >"$d/containerd.log" 2>&1 &
echo $! >"$d/containerd.pid"
i=0
while [ ! -S "$d/ctd/c.sock" ]; do
	i=$((i + 1))
	[ $i -le 300 ] || { echo "containerd did not start" >&2; exit 1; }
	sleep 0.1
done
exec dockerd --data-root "$d/root" --exec-root "$d/exec" \
	--pidfile "$d/dockerd.pid" -H "unix://$d/docker.sock" \
	--containerd "$d/ctd/c.sock" --config-file "$d/daemon.json" "$@"
EOF
	unshare -n sh "$DA_D/start.sh" "$DA_D" "$@" >"$DA_D/dockerd.log" 2>&1 &
	DA_DOCKERD_PID=$!
	export DOCKER_HOST=unix://$DA_SOCK

	local i=0
	until da_docker version >/dev/null 2>&1; do
		i=$((i + 1))
		if ! kill -0 "$DA_DOCKERD_PID" 2>/dev/null || [ $i -gt 600 ]; then
			da_log "private dockerd did not start; its log:"
			tail -n 30 "$DA_D/dockerd.log" >&2
			[ -f "$DA_D/containerd.log" ] && tail -n 10 "$DA_D/containerd.log" >&2
			da_die "private dockerd did not start"
		fi
		sleep 0.1
	done
	[ -f "$DA_D/containerd.pid" ] && DA_CONTAINERD_PID=$(cat "$DA_D/containerd.pid")
	# Read only now that dockerd answers: before, the pid may not have
	# left unshare's parent's namespace yet.
	local ns
	ns=$(readlink "/proc/$DA_DOCKERD_PID/ns/net" 2>/dev/null)
	if [ -z "$ns" ] || [ "$ns" = "$(readlink /proc/self/ns/net)" ]; then
		da_die "private dockerd is not in its own network namespace"
	fi
	# Pin the namespace with a bind mount until da_daemon_stop unmounts it:
	# otherwise, once our processes are gone, the kernel may give its inode
	# number to another test's new namespace, and the leftover scan, which
	# matches on that number, would kill that test's daemon.
	: >"$DA_D/netns"
	mount --bind "/proc/$DA_DOCKERD_PID/ns/net" "$DA_D/netns" ||
		da_die "cannot pin the private daemon's network namespace"
	DA_NETNS=$ns
}

# Waits up to $2 tenths of a second for pid $1 to exit.
da_wait_gone() {
	local i=0
	while kill -0 "$1" 2>/dev/null; do
		i=$((i + 1))
		[ $i -le "$2" ] || return 1
		sleep 0.1
	done
	return 0
}

# Pids of processes left from the private daemon: those in its network
# namespace, and those naming its directory (shims, by -address).  Two
# processes for the whole scan, not two per process: on a loaded machine
# thousands of forks took minutes.  The pattern reaches grep through a
# file, so that grep's own command line does not name the directory.
da_daemon_leftovers() {
	local self
	self=$(readlink /proc/self/ns/net)
	{
		if [ -n "$DA_NETNS" ] && [ "$DA_NETNS" != "$self" ]; then
			find /proc/[0-9]*/ns/net -maxdepth 0 -printf '%h %l\n' 2>/dev/null |
				awk -v ns="$DA_NETNS" '$2 == ns { split($1, a, "/"); print a[3] }'
		fi
		if [ -n "$DA_D" ]; then
			grep -lsaF -f <(printf '%s/\n' "$DA_D") /proc/[0-9]*/cmdline |
				cut -d/ -f3
		fi
	} | sort -un | grep -vx -e "$$" -e "${BASHPID:-$$}"
}

# Mount points under the private daemon's directory, deepest first.
da_daemon_mounts() {
	da_mounts_under "$DA_D"
}

# Stops the private daemon and removes every trace of it: containers,
# processes, mounts and directories.  Safe to call when none runs.
da_daemon_stop() {
	[ -n "$DA_D" ] || return 0
	local p m ids runc_root
	if [ -n "$DA_DOCKERD_PID" ] && kill -0 "$DA_DOCKERD_PID" 2>/dev/null; then
		# live-restore would keep containers running past dockerd.
		timeout 30 "$DA_DOCKER_CLIENT" swarm leave --force >/dev/null 2>&1
		ids=$(timeout 20 "$DA_DOCKER_CLIENT" ps -aq 2>/dev/null)
		if [ -n "$ids" ]; then
			# shellcheck disable=SC2086 # one id per word
			timeout 60 "$DA_DOCKER_CLIENT" rm -f $ids >/dev/null 2>&1
		fi
		kill -TERM "$DA_DOCKERD_PID" 2>/dev/null
		da_wait_gone "$DA_DOCKERD_PID" 300 || kill -KILL "$DA_DOCKERD_PID" 2>/dev/null
		da_wait_gone "$DA_DOCKERD_PID" 50
	fi
	# Containers that survived: kill them through runc before their shims.
	runc_root=$DA_D/exec/runtime-runc/moby
	if [ -d "$runc_root" ]; then
		for m in $(runc --root "$runc_root" list -q 2>/dev/null); do
			runc --root "$runc_root" kill "$m" KILL >/dev/null 2>&1
			runc --root "$runc_root" delete --force "$m" >/dev/null 2>&1
		done
	fi
	if [ -n "$DA_CONTAINERD_PID" ] && kill -0 "$DA_CONTAINERD_PID" 2>/dev/null; then
		kill -TERM "$DA_CONTAINERD_PID" 2>/dev/null
		da_wait_gone "$DA_CONTAINERD_PID" 150 || kill -KILL "$DA_CONTAINERD_PID" 2>/dev/null
		da_wait_gone "$DA_CONTAINERD_PID" 50
	fi
	for p in $(da_daemon_leftovers); do
		da_log "killing leftover process $p: $(tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | cut -c1-120)"
		kill -KILL "$p" 2>/dev/null
		da_wait_gone "$p" 50
	done
	for m in $(da_daemon_mounts); do
		umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null ||
			da_log "cannot unmount $m"
	done
	if [ -n "$(da_daemon_mounts)" ]; then
		da_log "mounts left under $DA_D; not removing it"
	else
		rm -rf "$DA_D"
	fi
	unset DOCKER_HOST
	DA_D=
	DA_DOCKERD_PID=
	DA_CONTAINERD_PID=
	DA_NETNS=
}

# Prints the tail of the private daemon's log (for a failing test).
da_daemon_log() {
	[ -n "$DA_D" ] && [ -f "$DA_D/dockerd.log" ] && tail -n "${1:-20}" "$DA_D/dockerd.log" >&2
}

# da_image_import [NAME]: a busybox-static image made here; never pulled.
da_image_import() {
	local name=${1:-$DA_IMAGE} r=$DA_TMP/rootfs t
	if [ ! -f "$DA_TMP/rootfs.tar" ]; then
		mkdir -p "$r/bin" "$r/etc" "$r/tmp" "$r/proc" "$r/sys" "$r/dev" "$r/root" || return 1
		cp /bin/busybox "$r/bin/busybox" || return 1
		for t in sh sleep ps cat ls echo id true false env top wget nc mkdir rm; do
			ln -s busybox "$r/bin/$t"
		done
		printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$r/etc/passwd"
		printf 'root:x:0:\nnogroup:x:65534:\n' >"$r/etc/group"
		chmod 1777 "$r/tmp"
		tar -C "$r" -cf "$DA_TMP/rootfs.tar" . || return 1
	fi
	da_docker import -c 'CMD ["/bin/sh"]' "$DA_TMP/rootfs.tar" "$name" >/dev/null
}

# da_run_container NAME ARG...: a container of the test image named NAME,
# with the docker run options ARG..., running "sleep 600" detached.
da_run_container() {
	local name=$1
	shift
	da_docker run -d --name "$name" "$@" "$DA_IMAGE" sleep 600 >/dev/null ||
		da_die "cannot run container $name"
}

# --- running dockaudit -----------------------------------------------------

# da_run_audit ARG...: runs the binary with the built modules; returns its
# exit status.  DA_VALGRIND=1 runs it under valgrind (exit 99 on errors).
da_run_audit() {
	if [ -n "${DA_VALGRIND:-}" ]; then
		"$DA_BUILDDIR/libtool" --mode=execute valgrind -q --error-exitcode=99 \
			--leak-check=full --errors-for-leak-kinds=definite,indirect \
			"$DA_BIN" --module-dir "$DA_MODULE_DIR" "$@"
	else
		"$DA_BIN" --module-dir "$DA_MODULE_DIR" "$@"
	fi
}

# da_json_get FILE JQ-EXPR: prints the raw value.
da_json_get() {
	jq -r "$2" "$1"
}

# The status of check ID in a dockaudit JSON report, or MISSING.
da_status() {
	jq -r --arg id "$2" \
		'[.sections[]?.checks[]? | select(.id == $id) | .status] | first // "MISSING"' "$1"
}

# da_assert_status FILE ID STATUS: asserts a check's status; on failure
# shows the check's detail and items.
da_assert_status() {
	local got
	got=$(da_status "$1" "$2")
	if [ "$got" = "$3" ]; then
		da_ok "$2 is $3"
	else
		da_fail "$2 is $3 (got $got)"
		jq -c --arg id "$2" '.sections[]?.checks[]? | select(.id == $id) |
			{detail, items}' "$1" >&2
	fi
}

# da_assert_rc WANT GOT WHAT
da_assert_rc() {
	if [ "$1" = "$2" ]; then
		da_ok "$3: exit $2"
	else
		da_fail "$3: exit $2, want $1"
	fi
}

# "id status" lines of every check in a report, in report order.
da_check_list() {
	jq -r '.sections[]?.checks[]? | "\(.id) \(.status)"' "$1"
}

# Asserts the summary of a JSON report agrees with its checks: counts per
# status, and the score (+1 per scored PASS, -1 per scored WARN).
da_assert_summary_consistent() {
	local f=$1 got want
	want=$(jq -c '[.sections[].checks[]] as $c | {
		checks: ($c | length),
		pass: ([$c[] | select(.status == "PASS")] | length),
		warn: ([$c[] | select(.status == "WARN")] | length),
		info: ([$c[] | select(.status == "INFO")] | length),
		note: ([$c[] | select(.status == "NOTE")] | length),
		error: ([$c[] | select(.status == "ERROR")] | length),
		score: (([$c[] | select(.scored == true and .status == "PASS")] | length) -
		       ([$c[] | select(.scored == true and .status == "WARN")] | length))
		}' "$f")
	got=$(jq -c '.summary | {checks, pass, warn, info, note, error, score}' "$f")
	if [ -n "$want" ] && [ "$got" = "$want" ]; then
		da_ok "summary agrees with the checks: $got"
	else
		da_fail "summary $got, the checks give $want"
	fi
}

# da_validate_json FILE: against the dockaudit report schema, with the
# project's validator (tests/validate-json.py, which needs jsonschema).
da_validate_json() {
	local schema=$DA_SCHEMAS/dockaudit-report-1.schema.json py
	for py in python3 /usr/bin/python3; do
		if "$py" -c 'import jsonschema' 2>/dev/null; then
			"$py" "$DA_SRCDIR/tests/validate-json.py" "$schema" "$1"
			return
		fi
	done
	da_log "python3 jsonschema not found (install python3-jsonschema)"
	return 1
}

# da_validate_junit FILE: as CI servers read it, with the project's
# validator (tests/validate-junit.py: structure, counts, junitparser from
# python3-junitparser), and against the JUnit XSDs too when
# DA_JUNIT_SCHEMAS names a folder holding them.
da_validate_junit() {
	python3 "$DA_SRCDIR/tests/validate-junit.py" "$1"
}

# Names of the items of check ID (a leading "/" of container names
# dropped), one per line.
da_items() {
	jq -r --arg id "$2" '.sections[]?.checks[]? | select(.id == $id) |
		.items[]? | (.name // .id // "") | ltrimstr("/")' "$1"
}

# da_assert_item FILE ID NAME: check ID names object NAME among its items.
da_assert_item() {
	if da_items "$1" "$2" | grep -qxF -- "$3"; then
		da_ok "$2 names $3"
	else
		da_fail "$2 names $3 (items: $(da_items "$1" "$2" | tr '\n' ' '))"
	fi
}

# da_assert_no_item FILE ID NAME: check ID does not name NAME.
da_assert_no_item() {
	if da_items "$1" "$2" | grep -qxF -- "$3"; then
		da_fail "$2 does not name $3 (items: $(da_items "$1" "$2" | tr '\n' ' '))"
	else
		da_ok "$2 does not name $3"
	fi
}
