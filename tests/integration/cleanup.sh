#!/bin/bash
# The harness cleans up on every way out: a test script that starts a
# private daemon and then ends by da_die, by TERM, or by TERM followed at
# by INT while it cleans up (a second Ctrl-C) leaves no scratch
# directory, no mount (the pinned network namespace, the daemon's own) and
# no process behind.

# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

da_require_daemon
da_setup
T=$DA_TMP

# The child: a test script of its own that starts a daemon, reports its
# scratch directory, then waits to be ended ($1: how).
cat >"$T/child.sh" <<'EOF'
. "$DA_SRCDIR/tests/integration/lib.sh"
da_setup
da_daemon_start '{}'
printf '%s\n' "$DA_TMP" >"$CHILD_OUT.tmp"
mv "$CHILD_OUT.tmp" "$CHILD_OUT"
case $1 in
die) da_die "ending on purpose" ;;
esac
sleep 600 &
wait $!
EOF

# run_child HOW [TMPDIR]: runs the child, ends it HOW, and asserts nothing
# is left.  The child's scratch directory goes beside ours, in our TMPDIR.
run_child() {
	local how=$1 tmp=${2:-$(dirname "$T")} out=$T/$1.dir pid i dir left
	CHILD_OUT=$out TMPDIR=$tmp bash "$T/child.sh" "${how%%-*}" >"$T/$how.log" 2>&1 &
	pid=$!
	i=0
	until [ -s "$out" ] || ! kill -0 "$pid" 2>/dev/null || [ $i -gt 3000 ]; do
		i=$((i + 1))
		sleep 0.1
	done
	if [ ! -s "$out" ]; then
		da_fail "$how: the child started a daemon"
		tail -n 20 "$T/$how.log" >&2
		kill -KILL "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		return
	fi
	dir=$(cat "$out")
	case $how in
	term) kill -TERM "$pid" ;;
	term-*)
		# INT while it cleans up (stopping a daemon takes a while); when
		# the cleanup is quicker, it finds nothing left to cut short
		kill -TERM "$pid"
		sleep 1
		kill -INT "$pid" 2>/dev/null
		;;
	esac
	wait "$pid"
	da_ok "$how: the child ended (exit $?)"
	da_check "$how: its scratch directory is gone" test ! -e "$dir"
	da_check "$how: nothing is mounted under it" \
		test -z "$(da_mounts_under "$dir")"
	left=$(
		DA_D=$dir
		DA_NETNS=
		da_daemon_leftovers
	)
	da_check "$how: no process is left" test -z "$left"
	# never leave a child's daemon running, whatever the assertions said
	if [ -e "$dir" ]; then
		(
			DA_D=$dir/d
			DA_NETNS=
			for p in $(da_daemon_leftovers); do kill -KILL "$p"; done
			for m in $(da_mounts_under "$dir"); do umount -l "$m"; done
		) 2>/dev/null
		rm -rf "$dir"
	fi
}

run_child die
run_child term
run_child term-int
run_child die-slashes "$(dirname "$T")//"

da_finish
