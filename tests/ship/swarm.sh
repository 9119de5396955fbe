#!/bin/bash
# The Swarm fleet recipe (contrib/swarm/fleet-audit.sh, docs/fleet.md) on a
# swarm of two private dockerds, not part of make check (it builds the
# image: contrib/test.sh runs it after image.sh):
#   - a manager and a worker, each in its own network namespace, joined
#     over a veth pair this test creates between the two namespaces
#     (addresses from 10.200.0.0/16 up, derived from the test's pid; the
#     host's interfaces are never touched);
#   - the image from contrib/image/build.sh, built into the manager and
#     moved to the worker with docker save | docker load (no registry);
#   - the recipe runs a global job: one task per node, each reaching its own
#     node's socket (both nodes share this machine's files: the socket path
#     is a service template, one link per node ID), each keeping its report
#     in a folder named after its node; it collects the reports through
#     docker service logs, merges them, removes the service;
#   - the fleet report has the two hosts with their daemon IDs, per-check
#     counts equal to those of the node reports, and each node's report is
#     a real audit (its daemon's ID, 100+ checks, 2.18 as each daemon is set);
#   - on the worker, or outside a swarm, the recipe refuses (exit 4, one
#     line); bad parameters are usage errors (exit 2); nodes that send
#     garbage with terminal escapes: refused by the merge (exit 3), nothing
#     raw on the terminal; a node without its socket: named, the other
#     merged, exit 5; the service is removed every time;
#   - at the end: swarm left on both, the veth pair gone, both daemons
#     stopped, no process and no mount left.
#
#   DA_SRCDIR=. DA_BUILDDIR=build tests/ship/swarm.sh
# DA_IMAGE_ROOTFS=DIR imports a root made by `contrib/image/build.sh
# --rootfs DIR` instead of building the image again.
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/../integration/lib.sh"

da_require_jq
da_require_bin
da_require_daemon
command -v nsenter >/dev/null 2>&1 || da_skip "nsenter not found"
da_setup
T=$DA_TMP
IMG=dockaudit-test/dockaudit:swarm
RECIPE=$DA_SRCDIR/contrib/swarm/fleet-audit.sh
SVC=da-fleet-$$

# --- two private daemons -------------------------------------------------------------

# lib.sh keeps one daemon in its globals: the manager's are saved here while
# the worker's are live, and put back to stop it.
M_D='' M_PID='' M_CPID='' M_NS='' M_SOCK=''
W_SOCK='' W_PID=''
as_manager() {
	DA_D=$M_D DA_DOCKERD_PID=$M_PID DA_CONTAINERD_PID=$M_CPID DA_NETNS=$M_NS
	export DOCKER_HOST=unix://$M_SOCK
}
stop_both() {
	# the worker, or a daemon that died while starting
	if [ -n "$DA_D" ] && [ "$DA_D" != "$M_D" ]; then
		[ -z "$W_PID" ] || nsenter -t "$W_PID" -n ip link del dasw0 >/dev/null 2>&1
		da_daemon_stop
	fi
	W_PID=
	if [ -n "$M_D" ]; then
		as_manager
		M_D=
		da_daemon_stop
	fi
}
# shellcheck disable=SC2317 # called by the EXIT trap
sw_cleanup() {
	local rc=$?
	trap : HUP INT TERM
	stop_both
	(exit "$rc")
	da_cleanup
}
trap sw_cleanup EXIT

# Each daemon its own key file: dockerd 20.10 takes its ID from it, and two
# daemons of one machine would share /etc/docker/key.json's.
DA_DAEMON_DIR=m da_daemon_start "{\"icc\": false, \"experimental\": true, \"deprecated-key-path\": \"$T/m-key.json\"}"
M_D=$DA_D M_PID=$DA_DOCKERD_PID M_CPID=$DA_CONTAINERD_PID M_NS=$DA_NETNS M_SOCK=$DA_SOCK
DA_D=
DA_DAEMON_DIR=w da_daemon_start "{\"deprecated-key-path\": \"$T/w-key.json\"}"
W_PID=$DA_DOCKERD_PID W_SOCK=$DA_SOCK
M() { "$DA_DOCKER_CLIENT" -H "unix://$M_SOCK" "$@"; }
W() { "$DA_DOCKER_CLIENT" -H "unix://$W_SOCK" "$@"; }
unset DOCKER_HOST
da_check "the two daemons are in two network namespaces" \
	test "$M_NS" != "$(readlink "/proc/$W_PID/ns/net")"

# The veth pair, created in the two namespaces at once; addresses from the
# pid, in 10.200.0.0/16 to 10.249.255.0/24.
o2=$((200 + ($$ / 256) % 50))
o3=$(($$ % 256))
A1=10.$o2.$o3.1
A2=10.$o2.$o3.2
ip link add name dasw0 netns "$M_PID" type veth peer name dasw0 netns "$W_PID" ||
	da_die "cannot create the veth pair"
nsenter -t "$M_PID" -n sh -c "ip addr add $A1/24 dev dasw0 && ip link set dasw0 up" ||
	da_die "cannot set up the manager's end"
nsenter -t "$W_PID" -n sh -c "ip addr add $A2/24 dev dasw0 && ip link set dasw0 up" ||
	da_die "cannot set up the worker's end"
if ip link show dasw0 >/dev/null 2>&1; then
	da_fail "the veth pair is not in the host's namespace"
else
	da_ok "the veth pair lives in the daemons' namespaces only ($A1, $A2)"
fi

M swarm init --advertise-addr "$A1" --listen-addr "$A1:2377" >/dev/null || da_die "swarm init failed"
tok=$(M swarm join-token -q worker) || da_die "no join token"
W swarm join --token "$tok" --advertise-addr "$A2" --listen-addr "$A2:2377" "$A1:2377" >/dev/null ||
	da_die "the worker cannot join"
i=0
until [ "$(M node ls --format '{{.Status}}' | grep -c '^Ready$')" -eq 2 ]; do
	i=$((i + 1))
	[ $i -le 120 ] || da_die "the two nodes are not ready: $(M node ls)"
	sleep 0.5
done
da_ok "a swarm of two ready nodes: a manager and a worker"
MID=$(M info -f '{{.ID}}') WID=$(W info -f '{{.ID}}')
MNODE=$(M info -f '{{.Swarm.NodeID}}') WNODE=$(W info -f '{{.Swarm.NodeID}}')
da_check "two daemon IDs" test -n "$MID" -a -n "$WID" -a "$MID" != "$WID"

# --- the image on both nodes ---------------------------------------------------------

if [ -n "${DA_IMAGE_ROOTFS:-}" ]; then
	if ! tar --numeric-owner -C "$DA_IMAGE_ROOTFS" -cf "$T/rootfs.tar" . ||
		! M import -c 'ENTRYPOINT ["/usr/bin/dockaudit"]' -c 'USER 0:0' "$T/rootfs.tar" "$IMG" >/dev/null; then
		da_die "cannot import $DA_IMAGE_ROOTFS"
	fi
	rm -f "$T/rootfs.tar"
elif ! DOCKER_HOST=unix://$M_SOCK bash "$DA_SRCDIR/contrib/image/build.sh" "$IMG" >"$T/build.out" 2>"$T/build.err"; then
	cat "$T/build.err" >&2
	da_die "contrib/image/build.sh failed"
fi
M save "$IMG" | W load >/dev/null || da_die "cannot move the image to the worker"
da_check "the image is on both nodes, never pulled" W image inspect "$IMG"
# A container on the worker only: its report names it, the manager's not.
DOCKER_HOST=unix://$W_SOCK da_image_import "$DA_IMAGE" || da_die "cannot import the test image"
W run -d --name fleet-target "$DA_IMAGE" sleep 600 >/dev/null || da_die "cannot start a container"

# Both nodes share this machine's files: each task finds its own daemon's
# socket at a path named by its node ID.
mkdir -p "$T/sock" "$T/keep/$MNODE" "$T/keep/$WNODE"
ln -s "$M_SOCK" "$T/sock/$MNODE.sock"
ln -s "$W_SOCK" "$T/sock/$WNODE.sock"

# --- refusals ------------------------------------------------------------------------

# refused CODE WHAT MESSAGE RECIPE-ARG...: exit CODE, one line saying MESSAGE
refused() {
	local code=$1 what=$2 msg=$3
	shift 3
	bash "$RECIPE" -o "$T/r" "$@" >"$T/r.out" 2>"$T/r.err"
	da_assert_rc "$code" $? "$what"
	if [ "$(wc -l <"$T/r.err")" -eq 1 ] && grep -qF -- "$msg" "$T/r.err"; then
		da_ok "$what: one line saying '$msg'"
	else
		da_fail "$what: one line saying '$msg' (got: $(cat "$T/r.err"))"
	fi
}
DOCKER_HOST=unix://$W_SOCK refused 4 "on a worker" "is not a swarm manager"
DOCKER_HOST=unix://$M_SOCK refused 2 "a socket path with a comma" "--socket wants" -s "/a,b"
DOCKER_HOST=unix://$M_SOCK refused 2 "an output option for the nodes" "sets the report's format" -- --format text
DOCKER_HOST=unix://$M_SOCK refused 2 "a bad timeout" "--timeout wants" -t 1x
DOCKER_HOST=unix://$T/none.sock refused 3 "no daemon" "cannot reach the docker daemon"
da_check "no service was created by the refusals" test -z "$(M service ls -q)"

# --- the fleet audit -----------------------------------------------------------------

DOCKER_HOST=unix://$M_SOCK bash "$RECIPE" -i "$IMG" -n "$SVC" -s "$T/sock/{{.Node.ID}}.sock" \
	-k "$T/keep/{{.Node.ID}}" -o "$T/out" -m image -t 600 >"$T/fleet.out" 2>"$T/fleet.err"
da_assert_rc 0 $? "the recipe audits the swarm"
cat "$T/fleet.err" >&2
da_check "the service is removed" test -z "$(M service ls -q)"
da_check "the text fleet report on standard output: 2 hosts" grep -q 'fleet report: 2 hosts' "$T/fleet.out"
da_check "fleet.txt written" cmp -s "$T/fleet.out" "$T/out/fleet.txt"
found=$(cd "$T/out/nodes" && printf '%s\n' ./*.json | sort | tr '\n' ' ')
want=$(printf './%s.json\n' "$MNODE" "$WNODE" | sort | tr '\n' ' ')
da_check "one report per node, named by node ID" test "$found" = "$want"

# node REPORT DAEMON-ID STATUS-OF-2.18 STATUS-OF-7.1 WHAT
node() {
	local f=$1 id=$2 s218=$3 s71=$4 what=$5
	if ! jq -e . "$f" >/dev/null 2>&1; then
		da_fail "$what: the report is JSON"
		return
	fi
	da_check "$what: its daemon's ID" test "$(jq -r .target.daemon_id "$f")" = "$id"
	da_check "$what: a full audit (100 checks or more)" jq -e '.summary.checks >= 100' "$f"
	da_check "$what: valid against the report schema" da_validate_json "$f"
	da_assert_summary_consistent "$f"
	# The engine was reached: its checks judged, none an ERROR.
	da_check "$what: no ERROR from the daemon's checks (sections 2, 5, 7)" jq -e \
		'[.sections[].checks[] | select(.id | test("^[257]\\.")) | select(.status == "ERROR")] | length == 0' "$f"
	da_assert_status "$f" 2.18 "$s218" # experimental: on the manager only
	da_assert_status "$f" 7.1 "$s71"   # the node list: on a manager only
	da_check "$what: its task exited 0" grep -qxF "fleet-audit.sh: node $(basename "$f" .json): audited (exit 0)" "$T/fleet.err"
	da_check "$what: no error from its task" test -z "$(grep -iE 'error|fatal' "${f%.json}.err")"
}
node "$T/out/nodes/$MNODE.json" "$MID" WARN PASS "manager"
node "$T/out/nodes/$WNODE.json" "$WID" PASS INFO "worker"
da_assert_item "$T/out/nodes/$WNODE.json" 5.11 fleet-target
da_assert_no_item "$T/out/nodes/$MNODE.json" 5.11 fleet-target
da_check "the kept copy on the manager equals the collected report" \
	cmp "$T/keep/$MNODE/$SVC.json" "$T/out/nodes/$MNODE.json"
da_check "the kept copy on the worker equals the collected report" \
	cmp "$T/keep/$WNODE/$SVC.json" "$T/out/nodes/$WNODE.json"

# The run recipe on the manager: the service reads the node's processes
# from /host/proc (--proc-root), so it finds dockerd as --pid host does
# (1.1.3, 1.1.8, 1.1.11, 2.2, 3.15-3.18, 3.23, 3.24 included, which said
# INFO "not found" or "no dockerd found" without it).  No difference is
# left: under --host-root both read audit rules from the rule files only.
M run --rm --net host --pid host --userns host --cap-add audit_control --cap-add sys_ptrace \
	-v /:/host:ro -v "$M_SOCK:/var/run/docker.sock:ro" \
	"$IMG" --host-root /host --format json >"$T/run.json" 2>"$T/run.err"
da_assert_rc 0 $? "the run recipe on the manager"
verdicts() {
	jq -r '.sections[].checks[] | "\(.id) \(.status)"' "$1" | sort
}
diffs=$(join -a1 -a2 -e MISSING -o 0,1.2,2.2 <(verdicts "$T/run.json") \
	<(verdicts "$T/out/nodes/$MNODE.json") | awk '$2 != $3')
if [ -z "$diffs" ]; then
	da_ok "service and run recipe: the same verdict for every check"
else
	da_fail "service and run recipe differ (id, run, service): $(printf '%s' "$diffs" | tr '\n' ';')"
fi
# dockerd found through /host/proc: the same process as --pid host sees
for id in 1.1.3 1.1.8 1.1.11 2.2 3.15 3.16 3.17 3.18 3.23 3.24; do
	da_check "$id: the service's detail is the run recipe's" test \
		"$(jq -c --arg id "$id" '.sections[].checks[] | select(.id == $id) | [.status, .detail, .items]' "$T/run.json")" = \
		"$(jq -c --arg id "$id" '.sections[].checks[] | select(.id == $id) | [.status, .detail, .items]' "$T/out/nodes/$MNODE.json")"
done
da_check "2.2: the manager's icc=false read from its own config file" \
	test "$(da_status "$T/out/nodes/$MNODE.json" 2.2)" = PASS

F=$T/out/fleet.json
da_check "the fleet JSON is valid against its schema" python3 "$DA_SRCDIR/tests/validate-json.py" \
	"$DA_SCHEMAS/dockaudit-fleet-1.schema.json" "$F"
da_check "fleet: 2 hosts, with their daemon IDs" test \
	"$(jq -c '[.hosts[].daemon_id] | sort' "$F")" = "$(jq -nc --arg a "$MID" --arg b "$WID" '[$a, $b] | sort')"
da_check "fleet: each host keeps its report's summary" test \
	"$(jq -Sc '[.hosts[] | {key: .daemon_id, value: .summary}] | from_entries' "$F")" = \
	"$(jq -Ssc '[.[] | {key: .target.daemon_id, value: .summary}] | from_entries' \
		"$T/out/nodes/$MNODE.json" "$T/out/nodes/$WNODE.json")"
# Per check, the hosts of each status, from the two reports.
jq -sc '[.[].sections[].checks[] | {id, status}] | group_by(.id) | map({id: .[0].id,
	hosts: length,
	pass: map(select(.status == "PASS")) | length, warn: map(select(.status == "WARN")) | length,
	info: map(select(.status == "INFO")) | length, note: map(select(.status == "NOTE")) | length,
	error: map(select(.status == "ERROR")) | length}) | sort_by(.id)' \
	"$T/out/nodes/$MNODE.json" "$T/out/nodes/$WNODE.json" >"$T/want-counts"
jq -c '[.checks[] | {id, hosts, pass, warn, info, note, error}] | sort_by(.id)' "$F" >"$T/got-counts"
n=$(jq length "$T/got-counts")
if cmp -s "$T/want-counts" "$T/got-counts" && [ "$n" -ge 100 ]; then
	da_ok "fleet: per-check counts equal the node reports' ($n checks)"
else
	da_fail "fleet: per-check counts differ from the node reports' ($n checks)"
	diff <(jq -c '.[]' "$T/want-counts") <(jq -c '.[]' "$T/got-counts") | head -n 10 >&2
fi
# shellcheck disable=SC2016 # jq's variables
da_check "fleet: 2.18 WARN on the manager, PASS on the worker" jq -e --arg m "$MID" '
	.hosts as $h | .checks[] | select(.id == "2.18") | .pass == 1 and .warn == 1 and
	all(.results[]; ($h[.host].daemon_id == $m) == (.status == "WARN"))' "$F"

# --- hostile nodes -----------------------------------------------------------------

# An image whose "report" is broken JSON with terminal escapes, and escapes
# on standard error: merge refuses it (exit 3), nothing from the nodes
# reaches the terminal raw, the service is removed all the same.
cat >"$T/evil.json" <<'EOF'
["/bin/sh", "-c", "printf '{\"tool\": \"\\033]0;pwned\\007\\033[2J'; printf '\\033[2J\\n' >&2", "evil"]
EOF
for d in M W; do
	$d import -c "ENTRYPOINT $(cat "$T/evil.json")" "$T/rootfs.tar" dockaudit-test/evil:1 >/dev/null ||
		da_die "cannot import the hostile image"
done
DOCKER_HOST=unix://$M_SOCK bash "$RECIPE" -i dockaudit-test/evil:1 -s "$T/sock/{{.Node.ID}}.sock" \
	-o "$T/evil" -m "$DA_BIN" -t 300 >"$T/e.out" 2>"$T/e.err"
da_assert_rc 3 $? "nodes sending garbage: the merge refuses"
da_check "it says so" grep -q 'dockaudit merge failed (exit 3)' "$T/e.err"
da_check "no escape byte from the nodes on the terminal" \
	test "$(cat "$T/e.out" "$T/e.err" | tr -cd '\033\007' | wc -c)" -eq 0
da_check "the garbage, escapes and all, is kept for a look" grep -q $'\033]0;pwned' "$T/evil/nodes/$WNODE.json"
da_check "the service is removed after garbage too" test -z "$(M service ls -q)"

# --- a node that gives no report ------------------------------------------------------

# The worker's socket link removed: its task cannot start (the mount's
# source is missing); the manager's report is still merged, exit 5.
rm "$T/sock/$WNODE.sock"
DOCKER_HOST=unix://$M_SOCK bash "$RECIPE" -i "$IMG" -s "$T/sock/{{.Node.ID}}.sock" \
	-o "$T/out2" -m "$DA_BIN" -t 300 -- -c 2 >"$T/f2.out" 2>"$T/f2.err"
da_assert_rc 5 $? "a node without its socket"
da_check "that node is named as giving no report" grep -qF "node $WNODE: no report" "$T/f2.err"
# shellcheck disable=SC2016 # jq's variables
da_check "the other node is merged alone" jq -e --arg m "$MID" \
	'[.hosts[].daemon_id] == [$m]' "$T/out2/fleet.json"
da_check "the service is removed after a failed node too" test -z "$(M service ls -q)"

# --- the end ---------------------------------------------------------------------------

W swarm leave --force >/dev/null 2>&1
da_check "the worker left the swarm" test "$(W info -f '{{.Swarm.LocalNodeState}}')" = inactive
M swarm leave --force >/dev/null 2>&1
da_check "the manager left the swarm" test "$(M info -f '{{.Swarm.LocalNodeState}}')" = inactive
DOCKER_HOST=unix://$M_SOCK refused 4 "outside a swarm" "is not a swarm manager"
nsenter -t "$W_PID" -n ip link del dasw0 || da_fail "cannot delete the veth pair"
if nsenter -t "$M_PID" -n ip link show dasw0 >/dev/null 2>&1; then
	da_fail "the veth pair is gone from both namespaces"
else
	da_ok "the veth pair is gone from both namespaces"
fi
stop_both
left=$(grep -lsaF -f <(printf '%s/\n' "$T") /proc/[0-9]*/cmdline | cut -d/ -f3 | grep -vx -e "$$" -e "${BASHPID:-$$}")
da_check "no process left from the two daemons" test -z "$left"
da_check "no mount left" test -z "$(da_mounts_under "$T")"
da_finish
