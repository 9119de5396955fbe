#!/bin/bash
# Rootless Docker (docs/rootless.md): a dockerd that runs as the test user
# under RootlessKit (dockerd-rootless.sh), with its HOME, XDG_RUNTIME_DIR,
# TMPDIR, data root (the rootless default, ~/.local/share/docker), socket
# ($XDG_RUNTIME_DIR/docker.sock) and daemon.json (~/.config/docker) all in
# this test's own folder, audited as root with dockaudit -H unix://...
#
# The test user is made once by the CI set-up (contrib/test.sh, with
# /etc/subuid and /etc/subgid ranges); this test never creates or removes
# users.  Without it the test skips (fails under CI=true).
#
# RootlessKit gives the daemon its own user, mount and network namespaces
# and slirp4netns its network.  The whole daemon runs in a mount namespace
# of the test's own in which /dev/net/tun is a node the user may open (as
# udev makes it on a usual system: devtmpfs alone makes it 0600), so the
# host's device is never changed.
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

RL_USER=${DA_ROOTLESS_USER:-da-rootless}

da_require_bin
da_require_jq
[ "$(id -u)" -eq 0 ] || da_skip "not root: the test starts the rootless daemon as its test user"
RL_UID=$(id -u "$RL_USER" 2>/dev/null) ||
	da_skip "no user $RL_USER: the CI set-up (contrib/test.sh) creates it (docs/testing.md)"
[ "$RL_UID" -ne 0 ] || da_die "$RL_USER is root"
RL_GID=$(id -g "$RL_USER")
for f in /etc/subuid /etc/subgid; do
	grep -qE "^($RL_USER|$RL_UID):[0-9]+:[0-9]+$" "$f" 2>/dev/null ||
		da_skip "$RL_USER has no range in $f (contrib/test.sh adds it)"
done
for t in dockerd rootlesskit slirp4netns newuidmap newgidmap setpriv unshare mknod; do
	command -v "$t" >/dev/null 2>&1 || da_skip "$t not found (install rootlesskit, slirp4netns, uidmap)"
done
RL_SCRIPT=$(command -v dockerd-rootless.sh 2>/dev/null)
for c in /usr/share/docker.io/contrib/dockerd-rootless.sh /usr/bin/dockerd-rootless.sh; do
	[ -n "$RL_SCRIPT" ] && break
	[ -x "$c" ] && RL_SCRIPT=$c
done
[ -n "$RL_SCRIPT" ] || da_skip "dockerd-rootless.sh not found (docker.io ships it in /usr/share/docker.io/contrib)"
[ -x /bin/busybox ] || da_skip "/bin/busybox not found (install busybox-static)"
DA_DOCKER_CLIENT=$(da_docker_bin) || da_skip "no docker client found"
unshare -m true 2>/dev/null || da_skip "cannot create a mount namespace (unshare -m)"

da_setup
# The test user goes through the scratch folder (search only) to its own.
chmod 711 "$DA_TMP" || da_die "cannot open $DA_TMP to $RL_USER"
RL=$DA_TMP/rl
if ! { mkdir -p "$RL" && chown "$RL_UID:$RL_GID" "$RL" && chmod 700 "$RL"; }; then
	da_die "cannot create $RL"
fi
RL_HOME=$RL/home
RL_RUN=$RL/run
RL_SOCK=$RL_RUN/docker.sock
RL_DATA=$RL_HOME/.local/share/docker
RL_CONF=$RL_HOME/.config/docker/daemon.json
[ "${#RL_SOCK}" -lt 100 ] || da_die "socket path too long: $RL_SOCK"
RL_PID=
RL_USERNS=

# as_user CMD...: runs a command as the test user, in its folder, with
# nothing of root's environment but PATH.
as_user() {
	(cd "$RL" && setpriv --reuid="$RL_UID" --regid="$RL_GID" --clear-groups \
		env -i PATH="$PATH" HOME="$RL_HOME" XDG_RUNTIME_DIR="$RL_RUN" TMPDIR="$RL/tmp" "$@")
}

# Its home, runtime folder and daemon.json, made by the user itself.
# shellcheck disable=SC2016 # expanded by the user's shell
as_user sh -c 'umask 022 && mkdir -p "$HOME/.config/docker" "$TMPDIR" &&
	mkdir -m 700 "$XDG_RUNTIME_DIR" &&
	printf "%s\n" "{\"icc\": false, \"storage-driver\": \"vfs\"}" >"$HOME/.config/docker/daemon.json"' ||
	da_die "cannot prepare the test user's home in $RL"

# Pids of this test's rootless daemon: every process in its user namespace
# (RootlessKit's child, dockerd, containerd, shims, containers), and every
# process whose environment or command line names the test's folder
# (RootlessKit's parent, slirp4netns).  Patterns reach grep through a file.
rl_leftovers() {
	{
		if [ -n "$RL_USERNS" ]; then
			find /proc/[0-9]*/ns/user -maxdepth 0 -printf '%h %l\n' 2>/dev/null |
				awk -v ns="$RL_USERNS" '$2 == ns { split($1, a, "/"); print a[3] }'
		fi
		grep -lsaF -f <(printf 'XDG_RUNTIME_DIR=%s\n' "$RL_RUN") /proc/[0-9]*/environ |
			cut -d/ -f3
		grep -lsaF -f <(printf '%s/\n' "$RL") /proc/[0-9]*/cmdline | cut -d/ -f3
	} | sort -un | grep -vx -e "$$" -e "${BASHPID:-$$}"
}

rl_docker() {
	timeout 120 "$DA_DOCKER_CLIENT" -H "unix://$RL_SOCK" "$@"
}

# Stops the daemon as its user would (containers first, then TERM to
# RootlessKit, which passes it on to dockerd and waits for it).
rl_shutdown() {
	local ids
	if [ -n "$RL_PID" ] && kill -0 "$RL_PID" 2>/dev/null; then
		ids=$(rl_docker ps -aq 2>/dev/null)
		# shellcheck disable=SC2086 # one id per word
		[ -z "$ids" ] || rl_docker rm -f $ids >/dev/null 2>&1
		# RootlessKit passes the signal on to dockerd and waits for it
		kill -TERM "$RL_PID" 2>/dev/null
		da_wait_gone "$RL_PID" 600 || kill -KILL "$RL_PID" 2>/dev/null
		da_wait_gone "$RL_PID" 50
	fi
	RL_PID=
}

# Stops the daemon, then kills whatever is left of it.
rl_stop() {
	local p
	rl_shutdown
	for p in $(rl_leftovers); do
		da_log "killing leftover process $p: $(tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | cut -c1-120)"
		kill -KILL "$p" 2>/dev/null
		da_wait_gone "$p" 50
	done
}

# shellcheck disable=SC2317 # run by the EXIT trap
rl_cleanup() {
	local rc=$?
	# a second Ctrl-C must not cut the stop short
	trap : HUP INT TERM
	rl_stop
	(exit "$rc")
	da_cleanup
}
trap rl_cleanup EXIT

# Runs as root in the test's mount namespace: a /dev/net/tun the user may
# open (on a tmpfs of this namespace only), then the daemon as the user.
cat >"$DA_TMP/start.sh" <<'EOF'
d=$1 rl=$2 uid=$3 gid=$4 script=$5
mkdir "$d/dev" && mount -t tmpfs -o mode=755,size=64k tmpfs "$d/dev" &&
	mknod -m 666 "$d/dev/tun" c 10 200 && mount --bind "$d/dev/tun" /dev/net/tun || exit 1
cd "$rl" || exit 1
exec setpriv --reuid="$uid" --regid="$gid" --clear-groups \
	env -i PATH="$PATH" HOME="$rl/home" XDG_RUNTIME_DIR="$rl/run" TMPDIR="$rl/tmp" \
	"$script"
EOF
unshare -m --propagation private sh "$DA_TMP/start.sh" "$DA_TMP" "$RL" "$RL_UID" "$RL_GID" \
	"$RL_SCRIPT" >"$DA_TMP/dockerd.log" 2>&1 </dev/null &
RL_PID=$!
i=0
until rl_docker version >/dev/null 2>&1; do
	i=$((i + 1))
	if ! kill -0 "$RL_PID" 2>/dev/null || [ $i -gt 1200 ]; then
		grep -v '^+' "$DA_TMP/dockerd.log" | tail -n 30 >&2
		da_die "the rootless dockerd did not start"
	fi
	sleep 0.1
done
RL_DOCKERD=$(cat "$RL_RUN/docker.pid" 2>/dev/null)
RL_USERNS=$(readlink "/proc/$RL_DOCKERD/ns/user" 2>/dev/null)
if [ -z "$RL_USERNS" ] || [ "$RL_USERNS" = "$(readlink /proc/self/ns/user)" ]; then
	da_die "the rootless dockerd (pid ${RL_DOCKERD:-?}) is not in a user namespace of its own"
fi
owner=$(stat -c %u "/proc/$RL_DOCKERD")
if [ "$owner" = "$RL_UID" ]; then da_ok "dockerd runs as $RL_USER (uid $owner)"; else da_fail "dockerd runs as uid $owner"; fi

# The scan for leftovers sees the daemon's processes while it runs: the
# user's dockerd and containerd, RootlessKit, slirp4netns.
seen=$(for p in $(rl_leftovers); do tr '\0' '\n' <"/proc/$p/cmdline" 2>/dev/null | head -n 1 |
	sed 's|.*/||'; done | sort -u | tr '\n' ' ')
for t in dockerd containerd rootlesskit slirp4netns; do
	case " $seen" in
	*" $t "*) da_ok "the process scan sees $t" ;;
	*) da_fail "the process scan sees $t (it sees: $seen)" ;;
	esac
done

# The image (busybox-static, never pulled) and two containers
export DOCKER_HOST=unix://$RL_SOCK
da_image_import "$DA_IMAGE" || da_die "cannot import the test image into the rootless daemon"
rl_docker run -d --name rl-risky --network none --cap-add SYS_ADMIN "$DA_IMAGE" sleep 600 >/dev/null ||
	da_die "cannot run rl-risky: $(tail -n 5 "$DA_TMP/dockerd.log")"
rl_docker run -d --name rl-plain --network none "$DA_IMAGE" sleep 600 >/dev/null ||
	da_die "cannot run rl-plain"
unset DOCKER_HOST

# --- the audit ---------------------------------------------------------------

out=$DA_TMP/report.json
da_run_audit -H "unix://$RL_SOCK" --format json >"$out" 2>"$DA_TMP/audit.err"
da_assert_rc 0 "$?" "audit of the rootless daemon"
[ -s "$DA_TMP/audit.err" ] && cat "$DA_TMP/audit.err" >&2
da_check "the report validates against the schema" da_validate_json "$out"
da_assert_summary_consistent "$out"

got=$(jq -r '.target.rootless' "$out")
if [ "$got" = true ]; then da_ok "target.rootless is true"; else da_fail "target.rootless: $got"; fi
got=$(jq -r '"\(.target.dockerd.pid) \(.target.dockerd.identified_by)"' "$out")
if [ "$got" = "$RL_DOCKERD socket inode" ]; then
	da_ok "the user's dockerd is described (pid $RL_DOCKERD, by its socket)"
else
	da_fail "target.dockerd: $got, want $RL_DOCKERD socket inode"
fi
errors=$(jq -r '.sections[].checks[] | select(.status == "ERROR") | "\(.id): \(.detail)"' "$out")
if [ -z "$errors" ]; then da_ok "no ERROR result"; else da_fail "ERROR results: $errors"; fi

# detail ID TEXT: check ID's detail contains TEXT
detail_has() {
	local d
	d=$(jq -r --arg id "$2" '.sections[].checks[] | select(.id == $id) | "\(.status) \(.detail)"' "$1")
	case $d in
	*"$3"*) da_ok "$2 names $3" ;;
	*) da_fail "$2: $d (want $3)" ;;
	esac
}

# the user's files: data root, daemon.json, socket
detail_has "$out" 1.1.5 "$RL_DATA"
detail_has "$out" 1.1.11 "$RL_CONF"
da_assert_status "$out" 2.1 PASS
da_assert_status "$out" 2.2 PASS   # "icc": false, from the user's daemon.json
da_assert_status "$out" 3.16 PASS  # 1660: the sticky bit dockerd sets grants nothing
da_assert_status "$out" 3.18 PASS  # the user's daemon.json, 0644

# INFO with the reason for the checks whose subject it does not have or use
na() {
	local f=$1 id st
	shift
	for id in "$@"; do
		st=$(jq -r --arg id "$id" '.sections[].checks[] | select(.id == $id) |
			"\(.status) \(.scored) \(.detail)"' "$f")
		case $st in
		"INFO false not applicable to a rootless daemon: "?*) da_ok "$id is INFO: not applicable to a rootless daemon" ;;
		*) da_fail "$id: $st" ;;
		esac
	done
}
na "$out" 1.1.2 1.1.4 1.1.6 1.1.7 1.1.8 1.1.9 1.1.10 1.1.12 1.1.13 2.9 \
	3.1 3.2 3.3 3.4 3.5 3.6 3.7 3.8 3.9 3.11 3.13 3.15 3.17 3.19 3.20 3.21 3.22 3.23 3.24

# findings on its containers
da_assert_status "$out" 5.4 WARN
da_assert_item "$out" 5.4 rl-risky
da_assert_no_item "$out" 5.4 rl-plain

# each benchmark version: 2.1 passes under the same id; the userns-remap
# check is 2.9 in 1.7.0 and 2.10 in 1.8.0; 1.8.0's 1.1.9 audits the socket
for b in cis-1.7.0 cis-1.8.0; do
	da_run_audit -H "unix://$RL_SOCK" --benchmark "$b" --format json >"$DA_TMP/$b.json" 2>/dev/null
	da_assert_rc 0 "$?" "audit under $b"
	da_assert_status "$DA_TMP/$b.json" 2.1 PASS
done
na "$DA_TMP/cis-1.7.0.json" 2.9 1.1.7
na "$DA_TMP/cis-1.8.0.json" 2.10 1.1.7
detail_has "$DA_TMP/cis-1.8.0.json" 1.1.9 "$RL_SOCK"

# the text banner says rootless
da_run_audit -H "unix://$RL_SOCK" -c 2.1 >"$DA_TMP/report.txt" 2>/dev/null
if grep -q '^# Rootless daemon' "$DA_TMP/report.txt"; then
	da_ok "text banner says rootless"
else
	da_fail "text banner: $(head -n 7 "$DA_TMP/report.txt")"
fi

# a snapshot replayed elsewhere is still rootless
da_run_audit -H "unix://$RL_SOCK" --save-snapshot "$DA_TMP/snap.json" >/dev/null 2>&1
da_run_audit --snapshot "$DA_TMP/snap.json" --format json >"$DA_TMP/replay.json" 2>/dev/null
# the probe found the user's dockerd, its daemon.json and data root
got=$(jq -r '[.engine.rootless, .host.dockerd.rootless, .host.dockerd.default_data_root,
	.host.daemon_json.path, (.host.dockerd_match.evidence[]? |
	select(.pid == '"${RL_DOCKERD:-0}"') | .data_root)] | map(tostring) | join(" ")' "$DA_TMP/snap.json")
if [ "$got" = "true true $RL_DATA $RL_CONF true" ]; then
	da_ok "snapshot: rootless, its data root and daemon.json, the data root matches /info"
else
	da_fail "snapshot: $got"
fi
got=$(jq -r '.target.rootless' "$DA_TMP/replay.json")
if [ "$got" = true ]; then da_ok "replayed snapshot: rootless"; else da_fail "replayed snapshot: rootless $got"; fi
na "$DA_TMP/replay.json" 3.1

# --- cleanup -----------------------------------------------------------------

# Stopped as its user would stop it, the daemon leaves nothing running
# (processes on their way out get a while, as a guard against a hang).
rl_shutdown
for i in $(seq 100); do
	left=$(rl_leftovers)
	[ -n "$left" ] || break
	sleep 0.1
done
if [ -z "$left" ]; then
	da_ok "no process of the rootless daemon remains"
else
	da_fail "processes left after the daemon stopped: $(for p in $left; do
		tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | cut -c1-80; echo; done)"
fi
rl_stop
if [ -z "$(da_mounts_under "$DA_TMP")" ]; then da_ok "no mount left under the test folder"; else da_fail "mounts left"; fi
da_finish
