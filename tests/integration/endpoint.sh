#!/bin/bash
# The daemon the user means, and the dockerd described: two private
# dockerds at once (A with --log-level=debug, B at the default), a docker
# CLI context store made here, a socket proxy in front of A, and a decoy
# "dockerd" that claims A's data root.  Check 2.3 tells which daemon's
# flags were judged: WARN for A, PASS for B, INFO when dockaudit cannot
# tell.  The host's own daemon is never used: DOCKER_CONFIG is a folder
# of this test, and where a fallback to another daemon would be a bug,
# DOCKER_HOST names a socket that does not exist, so a fallback fails.

# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

da_require_jq
da_require_bin
da_require_daemon
command -v python3 >/dev/null 2>&1 || da_skip "python3 not found (the socket proxy)"
da_setup
T=$DA_TMP
export DOCKER_CONFIG=$T/cfg
mkdir -p "$DOCKER_CONFIG" || da_die "cannot create $DOCKER_CONFIG"
NOHOST=unix://$T/nothing.sock
unset DOCKER_CONTEXT DOCKER_TLS_VERIFY DOCKER_CERT_PATH

# --- two daemons -------------------------------------------------------------

DA_DAEMON_DIR=a da_daemon_start '{}' --log-level=debug
A_D=$DA_D A_SOCK=$DA_SOCK A_PID=$DA_DOCKERD_PID A_CTD=$DA_CONTAINERD_PID A_NETNS=$DA_NETNS
DA_D= DA_DOCKERD_PID= DA_CONTAINERD_PID= DA_NETNS=
unset DOCKER_HOST
DA_DAEMON_DIR=b da_daemon_start '{}'
B_SOCK=$DA_SOCK B_PID=$DA_DOCKERD_PID
unset DOCKER_HOST
PROXY_PID= DECOY_PID=

# Stops what this script started besides daemon B (which da_cleanup stops).
ep_stop_others() {
	local rc=$? b_d=$DA_D b_pid=$DA_DOCKERD_PID b_ctd=$DA_CONTAINERD_PID b_ns=$DA_NETNS
	[ -n "$PROXY_PID" ] && kill "$PROXY_PID" 2>/dev/null
	[ -n "$DECOY_PID" ] && kill "$DECOY_PID" 2>/dev/null
	if [ -n "$A_D" ]; then
		DA_D=$A_D DA_DOCKERD_PID=$A_PID DA_CONTAINERD_PID=$A_CTD DA_NETNS=$A_NETNS
		DOCKER_HOST=unix://$A_SOCK da_daemon_stop
		A_D=
		DA_D=$b_d DA_DOCKERD_PID=$b_pid DA_CONTAINERD_PID=$b_ctd DA_NETNS=$b_ns
		export DOCKER_HOST=unix://$B_SOCK
	fi
	return $rc
}
trap 'ep_stop_others; da_cleanup' EXIT

# Private dockerds of one host share /etc/docker/key.json, so their /info
# IDs may be equal: each is told by the data root it reports
A_ID=$(DOCKER_HOST=unix://$A_SOCK da_docker info -f '{{.DockerRootDir}}')
B_ID=$(DOCKER_HOST=unix://$B_SOCK da_docker info -f '{{.DockerRootDir}}')
[ -n "$A_ID" ] && [ -n "$B_ID" ] && [ "$A_ID" != "$B_ID" ] ||
	da_die "cannot read the daemons' data roots"

# da_audit NAME ARG...: audits 2.3 with a JSON report, a snapshot and the
# text on stdout; returns dockaudit's exit status.
da_audit() {
	local name=$1
	shift
	da_run_audit -c 2.3 --output "json:$T/$name.json" --save-snapshot "$T/$name.snap" \
		"$@" >"$T/$name.txt" 2>"$T/$name.err"
}

# ep_expect NAME SOCKET PID SOURCE CONTEXT STATUS: the report of run NAME
# audited SOCKET's daemon, described dockerd PID, chose the endpoint by
# SOURCE (and CONTEXT, "null" for none), and 2.3 is STATUS.
ep_expect() {
	local f=$T/$1.json want_id got
	[ "$2" = "$A_SOCK" ] && want_id=$A_ID || want_id=$B_ID
	got=$(jq -r '.target.endpoint' "$f")
	[ "$got" = "unix://$2" ] && da_ok "$1: audited unix://$2" ||
		da_fail "$1: audited $got, want unix://$2"
	got=$(jq -r '.engine.info.DockerRootDir' "$T/$1.snap")
	[ "$got" = "$want_id" ] && da_ok "$1: the daemon's /info DockerRootDir is $want_id" ||
		da_fail "$1: the daemon's /info DockerRootDir is $got, want $want_id"
	got=$(jq -r '.target.dockerd.pid' "$f")
	[ "$got" = "$3" ] && da_ok "$1: dockerd $3 described" ||
		da_fail "$1: dockerd $got described, want $3 ($(jq -c .target.dockerd "$f"))"
	got=$(jq -r '"\(.target.endpoint_source) \(.target.context)"' "$f")
	[ "$got" = "$4 $5" ] && da_ok "$1: chosen by $4 $5" || da_fail "$1: chosen by $got, want $4 $5"
	da_assert_status "$f" 2.3 "$6"
}

# One line on stderr, holding TEXT, and nothing on stdout.
ep_one_line() {
	local name=$1 text=$2
	if [ "$(wc -l <"$T/$name.err")" -eq 1 ] && grep -qF -- "$text" "$T/$name.err" &&
		[ ! -s "$T/$name.txt" ]; then
		da_ok "$name: one line: $text"
	else
		da_fail "$name: want one line with '$text'; got: $(head -c 400 "$T/$name.err")"
	fi
}

# --- -H and DOCKER_HOST: each socket describes its own dockerd --------------

DOCKER_HOST=$NOHOST da_audit ha -H "unix://$A_SOCK"
da_assert_rc 0 $? "-H A over a DOCKER_HOST that does not exist"
ep_expect ha "$A_SOCK" "$A_PID" --host null WARN
da_check "ha: identified by the socket's inode" \
	test "$(jq -r .target.dockerd.identified_by "$T/ha.json")" = "socket inode"
da_check "ha: the JSON report validates" da_validate_json "$T/ha.json"
da_check "ha: the banner names the source" grep -qF "(from --host)" "$T/ha.txt"

DOCKER_HOST=unix://$B_SOCK da_audit hb --host "unix://$B_SOCK"
da_assert_rc 0 $? "--host B"
ep_expect hb "$B_SOCK" "$B_PID" --host null PASS

DOCKER_HOST=unix://$B_SOCK da_audit envb
da_assert_rc 0 $? "DOCKER_HOST B"
ep_expect envb "$B_SOCK" "$B_PID" DOCKER_HOST null PASS

# --- a context store ----------------------------------------------------------

# ep_context NAME META_JSON: writes a context into $DOCKER_CONFIG.
ep_context() {
	local sha
	sha=$(printf '%s' "$1" | sha256sum | cut -d' ' -f1)
	mkdir -p "$DOCKER_CONFIG/contexts/meta/$sha"
	printf '%s\n' "$2" >"$DOCKER_CONFIG/contexts/meta/$sha/meta.json"
}
ep_meta() {
	printf '{"Name":"%s","Metadata":{"Description":"test"},"Endpoints":{"docker":{"Host":"%s","SkipTLSVerify":false}}}' "$1" "$2"
}
ep_context ctxa "$(ep_meta ctxa "unix://$A_SOCK")"
ep_context ctxb "$(ep_meta ctxb "unix://$B_SOCK")"
ep_context viassh "$(ep_meta viassh "ssh://nobody@127.0.0.1/no/path")"
ep_context deadend "$(ep_meta deadend "unix://$T/gone.sock")"
ep_context broken '{"Endpoints": {"docker": '
printf '{"auths": {}, "currentContext": "ctxa"}\n' >"$DOCKER_CONFIG/config.json"

# the docker CLI agrees with the store made here
got=$(DOCKER_HOST= da_docker context inspect ctxa -f '{{.Endpoints.docker.Host}}' 2>/dev/null)
if [ -n "$got" ]; then
	[ "$got" = "unix://$A_SOCK" ] && da_ok "docker context inspect reads the store made here" ||
		da_fail "docker context inspect ctxa gives $got"
fi

(unset DOCKER_HOST; da_audit cur)
da_assert_rc 0 $? "currentContext ctxa"
ep_expect cur "$A_SOCK" "$A_PID" currentContext ctxa WARN
da_check "cur: the banner names the context" grep -qF "(from currentContext context ctxa)" "$T/cur.txt"
da_check "cur: the JSON report validates" da_validate_json "$T/cur.json"

(unset DOCKER_HOST; DOCKER_CONTEXT=ctxb da_audit envctx)
da_assert_rc 0 $? "DOCKER_CONTEXT ctxb over currentContext"
ep_expect envctx "$B_SOCK" "$B_PID" DOCKER_CONTEXT ctxb PASS

DOCKER_HOST=unix://$B_SOCK DOCKER_CONTEXT=ctxb da_audit flagctx --context ctxa
da_assert_rc 0 $? "--context ctxa over DOCKER_HOST and DOCKER_CONTEXT"
ep_expect flagctx "$A_SOCK" "$A_PID" --context ctxa WARN

DOCKER_HOST=unix://$B_SOCK da_audit envhost
da_assert_rc 0 $? "DOCKER_HOST over currentContext"
ep_expect envhost "$B_SOCK" "$B_PID" DOCKER_HOST null PASS

DOCKER_HOST=$NOHOST da_audit both --context ctxa -H "unix://$A_SOCK"
da_assert_rc 2 $? "--context and -H together"
ep_one_line both "--context and -H/--host cannot be used together"

(unset DOCKER_HOST; da_audit ssh --context viassh)
da_assert_rc 3 $? "a context with a malformed ssh:// endpoint"
ep_one_line ssh "invalid ssh URL ssh://nobody@127.0.0.1/no/path: a path"

(unset DOCKER_HOST; da_audit dead --context deadend)
da_assert_rc 3 $? "a context whose socket does not exist"
ep_one_line dead "$T/gone.sock"

(unset DOCKER_HOST; DOCKER_CONTEXT=nosuch da_audit missing)
da_assert_rc 3 $? "DOCKER_CONTEXT naming a missing context"
ep_one_line missing "context 'nosuch' (from DOCKER_CONTEXT) does not exist"

(unset DOCKER_HOST; da_audit broken --context broken)
da_assert_rc 3 $? "a malformed meta.json"
ep_one_line broken "meta.json"

printf '{"currentContext": ' >"$DOCKER_CONFIG/config.json"
(unset DOCKER_HOST; da_audit badcfg)
da_assert_rc 3 $? "a malformed config.json"
ep_one_line badcfg "malformed $DOCKER_CONFIG/config.json"
# -H does not need config.json at all
DOCKER_HOST=$NOHOST da_audit hbad -H "unix://$B_SOCK"
da_assert_rc 0 $? "-H with a malformed config.json"
rm -f "$DOCKER_CONFIG/config.json"

# --- a socket proxy in front of A, while both daemons run --------------------

cat >"$T/proxy.py" <<'EOF'
import os, socket, sys, threading
listen, target = sys.argv[1], sys.argv[2]
srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
srv.bind(listen)
srv.listen(64)
def pipe(a, b):
    try:
        while True:
            d = a.recv(65536)
            if not d:
                break
            b.sendall(d)
    except OSError:
        pass
    for s in (a, b):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
while True:
    c, _ = srv.accept()
    u = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    u.connect(target)
    threading.Thread(target=pipe, args=(c, u), daemon=True).start()
    threading.Thread(target=pipe, args=(u, c), daemon=True).start()
EOF
PSOCK=$T/p.sock
python3 "$T/proxy.py" "$PSOCK" "$A_SOCK" &
PROXY_PID=$!
i=0
until [ -S "$PSOCK" ]; do
	i=$((i + 1))
	[ $i -le 300 ] || da_die "the socket proxy did not start"
	sleep 0.1
done

# no dockerd holds the proxy's socket: the data root /info reports names A
DOCKER_HOST=$NOHOST da_audit proxy -H "unix://$PSOCK"
da_assert_rc 0 $? "through the proxy"
da_check "proxy: the daemon is A" test "$(jq -r .engine.info.DockerRootDir "$T/proxy.snap")" = "$A_ID"
got=$(jq -r '"\(.target.dockerd.pid) \(.target.dockerd.identified_by)"' "$T/proxy.json")
[ "$got" = "$A_PID data root" ] && da_ok "proxy: dockerd A named by its data root" ||
	da_fail "proxy: got dockerd '$got', want '$A_PID data root'"
da_assert_status "$T/proxy.json" 2.3 WARN

# a decoy dockerd with A's data root: the evidence no longer singles one out
mkdir -p "$T/decoy"
printf '#!/bin/sh\ni=0\nwhile [ $i -lt 600 ]; do sleep 1; i=$((i + 1)); done\n' >"$T/decoy/dockerd"
chmod 755 "$T/decoy/dockerd"
"$T/decoy/dockerd" --data-root "$A_D/root" &
DECOY_PID=$!
i=0
until [ "$(cat "/proc/$DECOY_PID/comm" 2>/dev/null)" = dockerd ]; do
	i=$((i + 1))
	[ $i -le 300 ] || da_die "the decoy did not start"
	sleep 0.1
done

DOCKER_HOST=$NOHOST da_audit amb -H "unix://$PSOCK"
da_assert_rc 0 $? "through the proxy, with a decoy"
da_assert_status "$T/amb.json" 2.3 INFO
detail=$(jq -r '.sections[].checks[] | select(.id == "2.3") | .detail' "$T/amb.json")
case $detail in
*"cannot tell which dockerd serves $PSOCK (candidates: pids "*)
	da_ok "amb: 2.3 says it cannot tell" ;;
*) da_fail "amb: 2.3 detail is '$detail'" ;;
esac
for p in "$A_PID" "$DECOY_PID"; do
	printf '%s\n' "$detail" | grep -qE "[ (]$p[,)]" && da_ok "amb: candidate $p listed" ||
		da_fail "amb: candidate $p not in '$detail'"
done
printf '%s\n' "$detail" | grep -qE "[ (]$B_PID[,)]" && da_fail "amb: B listed (its data root differs)" ||
	da_ok "amb: B not listed (its data root differs)"
da_check "amb: the banner says so" grep -qF "# cannot tell which dockerd serves $PSOCK" "$T/amb.txt"
da_check "amb: no dockerd in the report" test "$(jq -r .target.dockerd.pid "$T/amb.json")" = null
da_check "amb: the JSON report validates" da_validate_json "$T/amb.json"

DOCKER_HOST=$NOHOST da_audit named -H "unix://$PSOCK" --daemon-pid "$A_PID"
da_assert_rc 0 $? "--daemon-pid A through the proxy"
da_assert_status "$T/named.json" 2.3 WARN
da_check "named: by --daemon-pid" \
	test "$(jq -r .target.dockerd.identified_by "$T/named.json")" = --daemon-pid

DOCKER_HOST=$NOHOST da_audit notd -H "unix://$PSOCK" --daemon-pid "$PROXY_PID"
da_assert_rc 3 $? "--daemon-pid naming a process that is not a dockerd"
ep_one_line notd "--daemon-pid $PROXY_PID is not a running dockerd"
DOCKER_HOST=$NOHOST da_audit badpid -H "unix://$PSOCK" --daemon-pid x1
da_assert_rc 2 $? "--daemon-pid x1"

# A's own socket still names A, decoy or not
DOCKER_HOST=$NOHOST da_audit direct -H "unix://$A_SOCK"
ep_expect direct "$A_SOCK" "$A_PID" --host null WARN

da_finish
