#!/bin/bash
# ssh:// endpoints (docs/remote.md): a private sshd, started here in the
# private daemon's network namespace with its own host key and an
# authorized user key made here, lets the remote `docker system
# dial-stdio` reach the private dockerd, and the build's dockaudit (a
# wrapper in the test's folder, first in the session's PATH) collect the
# host facts there.  The audit over ssh gives the verdicts of a local audit
# of the same daemon in sshd's namespaces, host checks included; without
# the remote dockaudit, with --no-remote-host, or with a remote snapshot
# that is refused (another format version, another daemon, not JSON) the
# host checks say INFO and why; a refused key, a missing ssh and a missing
# remote docker are each one line and exit 3; nothing is left behind.
. "$(dirname "$0")/lib.sh"

da_require_daemon
da_require_jq
da_require_bin
[ -x /usr/sbin/sshd ] || da_skip "/usr/sbin/sshd not found (install openssh-server)"
command -v ssh >/dev/null 2>&1 || da_skip "ssh not found (install openssh-client)"
command -v ssh-keygen >/dev/null 2>&1 || da_skip "ssh-keygen not found"
command -v nsenter >/dev/null 2>&1 || da_skip "nsenter not found"

da_setup
SSHD_PID=
S=$DA_TMP/ssh
# stops sshd before the daemon's own cleanup
ssh_cleanup() {
	local rc=$?
	if [ -n "$SSHD_PID" ] && kill -0 "$SSHD_PID" 2>/dev/null; then
		kill -TERM "$SSHD_PID" 2>/dev/null
		da_wait_gone "$SSHD_PID" 50 || kill -KILL "$SSHD_PID" 2>/dev/null
	fi
	(exit "$rc")
	da_cleanup
}
trap ssh_cleanup EXIT

da_daemon_start
da_image_import || da_die "cannot import the test image"
da_docker run -d --name plain "$DA_IMAGE" sleep 600 >/dev/null || da_die "cannot start a container"
da_docker run -d --name hostpid --pid host "$DA_IMAGE" sleep 600 >/dev/null ||
	da_die "cannot start a container"

mkdir -m 700 "$S" "$S/tmp" || da_die "cannot create $S"
MODES="absent version other garbage"
for k in host user wrong nodocker $MODES; do
	ssh-keygen -q -t ed25519 -N '' -C "dockaudit-test-$k" -f "$S/$k" ||
		da_die "cannot make the $k key"
done
# the build's dockaudit as the remote host's "dockaudit"
mkdir -m 700 "$S/bin" || da_die "cannot create $S/bin"
printf '#!/bin/sh\nexec %q --module-dir %q "$@"\n' "$DA_BIN" "$DA_MODULE_DIR" >"$S/bin/dockaudit"
chmod 755 "$S/bin/dockaudit"
# a forced command: dial-stdio as asked, and in place of the remote
# dockaudit what its MODE says
cat >"$S/forced.sh" <<'EOF'
#!/bin/sh
if [ "$SSH_ORIGINAL_COMMAND" = "docker system dial-stdio" ]; then
	exec docker system dial-stdio
fi
[ "$SSH_ORIGINAL_COMMAND" = "dockaudit --save-snapshot -" ] || exit 2
case $1 in
absent) echo "sh: 1: dockaudit: not found" >&2; exit 127 ;;
version) printf '{"probe_version":99,"dockaudit_version":"9.9","engine":{},"host":{}}\n' ;;
other) dockaudit --save-snapshot - | jq -c '.engine.info.ID = "OTHER:DAEMON\u001b[2J"' ;;
garbage) printf 'no snapshot \033[2J here\n' ;;
esac
EOF
chmod 755 "$S/forced.sh"
{
	cat "$S/user.pub"
	# a login where "docker" is not found
	printf 'command="exec /nonexistent/docker system dial-stdio" %s\n' "$(cat "$S/nodocker.pub")"
	for m in $MODES; do
		printf 'command="%s %s" %s\n' "$S/forced.sh" "$m" "$(cat "$S/$m.pub")"
	done
} >"$S/authorized_keys"
PORT=22022
cat >"$S/sshd_config" <<EOF
ListenAddress 127.0.0.1:$PORT
HostKey $S/host
PidFile none
AuthorizedKeysFile $S/authorized_keys
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
UsePAM no
StrictModes no
X11Forwarding no
AllowTcpForwarding no
PermitUserEnvironment no
SetEnv DOCKER_HOST=unix://$DA_SOCK PATH=$S/bin:$PATH
LogLevel VERBOSE
EOF
printf '[127.0.0.1]:%s %s\n' "$PORT" "$(cut -d' ' -f1,2 "$S/host.pub")" >"$S/known_hosts"
ssh_config() {
	cat <<EOF
Host *
	IdentityFile $1
	IdentitiesOnly yes
	IdentityAgent none
	UserKnownHostsFile $S/known_hosts
	GlobalKnownHostsFile /dev/null
	StrictHostKeyChecking yes
	BatchMode yes
	ControlMaster no
	ControlPath none
	LogLevel ERROR
EOF
}
ssh_config "$S/user" >"$S/config"
ssh_config "$S/wrong" >"$S/config-wrong"
ssh_config "$S/nodocker" >"$S/config-nodocker"
for m in $MODES; do
	ssh_config "$S/$m" >"$S/config-$m"
done

# sshd in the daemon's network namespace; its own mount namespace gives it
# the privilege separation folder (/run/sshd) without touching the host's.
nsenter --net="$DA_D/netns" unshare --mount --propagation private \
	sh -c 'mount -t tmpfs -o mode=755 tmpfs /run && mkdir -m 755 /run/sshd &&
		exec /usr/sbin/sshd -D -e -f "$1"' sh "$S/sshd_config" >"$S/sshd.log" 2>&1 &
SSHD_PID=$!
i=0
until nsenter --net="$DA_D/netns" ssh -F "$S/config" -p "$PORT" root@127.0.0.1 true 2>/dev/null; do
	i=$((i + 1))
	if ! kill -0 "$SSHD_PID" 2>/dev/null || [ $i -gt 300 ]; then
		tail -n 20 "$S/sshd.log" >&2
		da_die "the private sshd did not start"
	fi
	sleep 0.1
done
da_ok "the private sshd accepts the test key"

URL=ssh://root@127.0.0.1:$PORT
T=$DA_TMP
# over_ssh NAME CONFIG [ARG...]: the audit over ssh from the daemon's
# namespace, with a private TMPDIR (and $SSH_PATH as its PATH when set)
over_ssh() {
	local name=$1 cfg=$2
	shift 2
	nsenter --net="$DA_D/netns" env TMPDIR="$S/tmp" DOCKAUDIT_SSH_CONFIG="$cfg" \
		${SSH_PATH:+"PATH=$SSH_PATH"} \
		"$DA_BIN" --module-dir "$DA_MODULE_DIR" --no-color \
		--output "json:$T/$name.json" "$@" >"$T/$name.txt" 2>"$T/$name.err"
}
one_line() {
	local name=$1 want=$2
	if [ "$(wc -l <"$T/$name.err")" -eq 1 ] && grep -qF -- "$want" "$T/$name.err"; then
		da_ok "$name: one line naming the problem"
	else
		da_fail "$name: want one line with '$want', got:"
		cat "$T/$name.err" >&2
	fi
}

# a local audit of the same daemon on the remote host: in sshd's network
# and mount namespaces, as the remote dockaudit runs
nsenter --target "$SSHD_PID" --net --mount \
	"$DA_BIN" --module-dir "$DA_MODULE_DIR" --no-color --output "json:$T/direct.json" \
	>/dev/null 2>"$T/direct.err"
rc=$?
[ $rc -le 1 ] || { cat "$T/direct.err" >&2; da_die "direct audit failed: exit $rc"; }

(unset DOCKER_HOST; DOCKER_HOST=$URL over_ssh viaenv "$S/config" --save-snapshot "$T/viaenv.snap")
rc=$?
if [ $rc -le 1 ]; then
	da_ok "DOCKER_HOST=$URL audits: exit $rc"
else
	da_fail "DOCKER_HOST=$URL: exit $rc"
	cat "$T/viaenv.err" >&2
fi
da_check "the report validates" da_validate_json "$T/viaenv.json"
got=$(jq -r '.target.endpoint' "$T/viaenv.json" 2>/dev/null)
[ "$got" = "$URL" ] && da_ok "the report names $URL" || da_fail "target.endpoint is '$got'"

# the same verdicts as the local audit, host checks included (1.1.x, the
# kernel's audit rules, change under other tests running at the same time)
da_check_list "$T/direct.json" | grep -v '^1\.1\.' >"$T/direct-all"
da_check_list "$T/viaenv.json" | grep -v '^1\.1\.' >"$T/ssh-all"
for sec in 1 2 3 5 6; do
	grep "^$sec\." "$T/direct-all" >"$T/direct-$sec"
	grep "^$sec\." "$T/ssh-all" >"$T/ssh-$sec"
	if [ -s "$T/direct-$sec" ] && cmp -s "$T/direct-$sec" "$T/ssh-$sec"; then
		da_ok "section $sec: the same verdicts over ssh as local ($(wc -l <"$T/ssh-$sec") checks)"
	else
		da_fail "section $sec: verdicts differ over ssh"
		diff "$T/direct-$sec" "$T/ssh-$sec" >&2
	fi
done
if [ -s "$T/direct-all" ] && cmp -s "$T/direct-all" "$T/ssh-all"; then
	da_ok "every check but 1.1.x: the same verdict over ssh as local"
else
	da_fail "verdicts differ over ssh"
	diff "$T/direct-all" "$T/ssh-all" >&2
fi
# real verdicts, not INFO: the remote host was read
for id in 2.3 3.1 3.5 3.15 3.17; do
	st=$(da_status "$T/viaenv.json" "$id")
	case $st in
	PASS | WARN) da_ok "$id over ssh: $st (the remote host was read)" ;;
	*) da_fail "$id over ssh: $st" ;;
	esac
done
got=$(jq -r '.host.collected.by // "none"' "$T/viaenv.snap" 2>/dev/null)
[ "$got" = ssh ] && da_ok "host.collected.by is ssh" || da_fail "host.collected.by is '$got'"
got=$(jq -r '.host.collected.endpoint // "none"' "$T/viaenv.snap" 2>/dev/null)
[ "$got" = "$URL" ] && da_ok "host.collected names $URL" || da_fail "host.collected.endpoint is '$got'"
da_assert_status "$T/viaenv.json" 5.16 WARN
# 5.7's process lists came through the API
da_assert_status "$T/viaenv.json" 5.7 PASS

# host_info NAME WANT: the host checks of NAME's report are INFO naming
# WANT, and no raw escape byte of the remote host's reached the reports
host_info() {
	local name=$1 want=$2 id st d ok=1
	for id in 1.1.1 2.3 3.1 3.5 3.17; do
		st=$(da_status "$T/$name.json" "$id")
		d=$(jq -r --arg id "$id" '.sections[].checks[] | select(.id == $id) |
			[.detail // "", (.items[]?.detail // "")] | join(" ")' "$T/$name.json")
		if [ "$st" != INFO ] || ! printf '%s' "$d" | grep -qF -- "$want"; then
			da_fail "$name: $id is $st, '$d'"
			ok=0
		fi
	done
	[ $ok = 1 ] && da_ok "$name: host checks are INFO: $want"
	if grep -q "$(printf '\033')" "$T/$name.txt" "$T/$name.json"; then
		da_fail "$name: a raw escape byte in the report"
	fi
}
# -H and a context with an ssh endpoint reach the same daemon
(unset DOCKER_HOST; over_ssh viaflag "$S/config" -c 5.16 -H "$URL")
da_assert_rc 0 $? "-H $URL"
da_assert_status "$T/viaflag.json" 5.16 WARN
export DOCKER_CONFIG=$S/docker
sha=$(printf '%s' remote | sha256sum | cut -d' ' -f1)
mkdir -p "$DOCKER_CONFIG/contexts/meta/$sha"
printf '{"Name":"remote","Metadata":{},"Endpoints":{"docker":{"Host":"%s","SkipTLSVerify":false}}}\n' \
	"$URL" >"$DOCKER_CONFIG/contexts/meta/$sha/meta.json"
(unset DOCKER_HOST; over_ssh viactx "$S/config" -c 5.16 --context remote)
da_assert_rc 0 $? "--context remote ($URL)"
da_assert_status "$T/viactx.json" 5.16 WARN
got=$(jq -r '.target.context' "$T/viactx.json" 2>/dev/null)
[ "$got" = remote ] && da_ok "the report names context remote" || da_fail "target.context is '$got'"
unset DOCKER_CONFIG

# no host facts: INFO naming why, and the engine checks still run
(unset DOCKER_HOST; over_ssh optout "$S/config" -H "$URL" --no-remote-host)
da_assert_rc 0 $? "--no-remote-host"
host_info optout "host checks need dockaudit on 127.0.0.1, and --no-remote-host keeps it from running"
da_assert_status "$T/optout.json" 5.16 WARN
# what the remote host's facts turned from INFO into verdicts
n=$(join <(da_check_list "$T/optout.json" | grep '^[123]\..* INFO$' | sort) \
	<(da_check_list "$T/viaenv.json" | grep -v ' INFO$' | sort) | wc -l)
[ "$n" -ge 20 ] && da_ok "$n host checks give verdicts with the remote host facts, INFO without" ||
	da_fail "only $n host checks turned from INFO into verdicts"
(unset DOCKER_HOST; over_ssh absent "$S/config-absent" -H "$URL")
da_assert_rc 0 $? "no dockaudit on the remote host"
host_info absent "host checks need dockaudit on 127.0.0.1: it is not found there"
host_info absent "(status 127: sh: 1: dockaudit: not found)"
da_assert_status "$T/absent.json" 5.16 WARN
(unset DOCKER_HOST; over_ssh version "$S/config-version" -H "$URL")
da_assert_rc 0 $? "a remote snapshot of another format version"
host_info version "the snapshot from dockaudit on 127.0.0.1 is refused: snapshot has probe_version 99; this dockaudit reads 1"
(unset DOCKER_HOST; over_ssh other "$S/config-other" -H "$URL")
da_assert_rc 0 $? "a remote snapshot of another daemon"
host_info other "dockaudit on 127.0.0.1 audits another daemon (ID OTHER:DAEMON\x1b[2J, not "
(unset DOCKER_HOST; over_ssh garbage "$S/config-garbage" -H "$URL")
da_assert_rc 0 $? "remote output that is no snapshot"
host_info garbage "the snapshot from dockaudit on 127.0.0.1 is refused: snapshot is not valid JSON"

# failures: one line, exit 3, never another daemon
(unset DOCKER_HOST; over_ssh wrongkey "$S/config-wrong" -H "$URL")
da_assert_rc 3 $? "a key the server refuses"
one_line wrongkey "Permission denied"
da_check "wrongkey: no report" test ! -s "$T/wrongkey.json"

(unset DOCKER_HOST; over_ssh nodocker "$S/config-nodocker" -H "$URL")
da_assert_rc 3 $? "no docker on the remote host"
one_line nodocker "is docker installed on the remote host"

(unset DOCKER_HOST; SSH_PATH=/nonexistent over_ssh nossh "$S/config" -H "$URL")
da_assert_rc 3 $? "no ssh client"
one_line nossh "ssh not found in PATH"

(unset DOCKER_HOST; over_ssh badurl "$S/config" -H "ssh://-oProxyCommand=x")
da_assert_rc 3 $? "a host that would be an ssh option"
one_line badurl "invalid ssh URL"

# unreachable: nothing listens on the next port
(unset DOCKER_HOST; over_ssh closed "$S/config" -H "ssh://root@127.0.0.1:$((PORT + 1))")
da_assert_rc 3 $? "nothing listening"
one_line closed "Connection refused"

# nothing left behind: no ssh client, no remote dial-stdio, no files (a
# remote session may take a moment to end after its client)
ssh_left() {
	grep -lsaF -f <(printf '%s\n' "$S/config" dial-stdio) /proc/[0-9]*/cmdline 2>/dev/null |
		cut -d/ -f3 | while read -r p; do
			[ "$(readlink "/proc/$p/ns/net" 2>/dev/null)" = "$DA_NETNS" ] && echo "$p"
		done
}
i=0
while [ -n "$(ssh_left)" ] && [ $i -lt 50 ]; do
	i=$((i + 1))
	sleep 0.1
done
left=$(ssh_left)
if [ -z "$left" ]; then
	da_ok "no ssh or dial-stdio process left"
else
	da_fail "processes left: $left"
fi
[ -z "$(ls -A "$S/tmp")" ] && da_ok "no file or socket left in TMPDIR" ||
	da_fail "left in TMPDIR: $(ls -A "$S/tmp")"

kill -TERM "$SSHD_PID" 2>/dev/null
da_wait_gone "$SSHD_PID" 50 && da_ok "sshd stopped" || da_fail "sshd did not stop"
left=$(grep -lsaF -f <(printf '%s/\n' "$S") /proc/[0-9]*/cmdline 2>/dev/null | cut -d/ -f3 |
	grep -vx -e "$$" -e "${BASHPID:-$$}")
[ -z "$left" ] && da_ok "no sshd process left" || da_fail "processes left: $left"
SSHD_PID=

da_finish
