#!/bin/bash
# Audits every node of a Docker Swarm with the dockaudit image and merges
# the reports into one fleet report (contrib/swarm/README.md).
#
#   fleet-audit.sh [OPTION]... [-- DOCKAUDIT-ARG...]
#
# Run it on a swarm manager.  It creates a global job service (one task per
# node) running IMAGE with the mounts of the image's run recipe, waits until
# every task has ended, takes each node's JSON report from its task's
# standard output (docker service logs), runs `dockaudit merge` on them and
# removes the service.
#
# Options (the environment variable in brackets gives the default):
#   -i, --image IMAGE       the dockaudit image, present on every node
#                           [DA_SWARM_IMAGE, dockaudit:latest]
#   -s, --socket PATH       the daemon socket on each node; may hold service
#                           templates such as {{.Node.ID}}
#                           [DA_SWARM_SOCKET, /var/run/docker.sock]
#   -k, --keep DIR          also write each report into DIR on its node (a
#                           folder that exists on every node; may hold
#                           templates, e.g. /srv/fleet/{{.Node.Hostname}})
#                           [DA_SWARM_KEEP, none]
#   -o, --output DIR        where the reports and the fleet report go on this
#                           machine [DA_SWARM_OUTPUT, ./dockaudit-fleet-TIME]
#   -n, --name NAME         the service's name [DA_SWARM_NAME,
#                           dockaudit-fleet-TIME-PID]
#   -t, --timeout SECONDS   how long to wait for the tasks [DA_SWARM_TIMEOUT, 900]
#   -m, --merge-with WHAT   `image` (run merge in IMAGE here), or the path of a
#                           dockaudit binary [DA_SWARM_MERGE, dockaudit from
#                           PATH when there is one, else image]
#       --fail-on LEVEL     passed to dockaudit merge (warn|error)
#       --min-score N       passed to dockaudit merge
#   -h, --help
# Arguments after `--` go to dockaudit on every node (e.g. -c 1,2,5
# --benchmark cis-1.7.0); the script sets --host-root, --proc-root and
# --format itself.
#
# Exit codes:
#   0  every node audited, fleet report written
#   1  a gate of the merge failed (--fail-on, --min-score)
#   2  usage error
#   3  docker failed (daemon unreachable, service not created) or the
#      reports could not be merged
#   4  the daemon is not a swarm manager
#   5  some nodes gave no report (task failed, timed out, empty or unreadable
#      log); the others are merged and written
set -u
umask 077

me=fleet-audit.sh
DOCKER=${DOCKER:-docker}
image=${DA_SWARM_IMAGE:-dockaudit:latest}
socket=${DA_SWARM_SOCKET:-/var/run/docker.sock}
keep=${DA_SWARM_KEEP:-}
stamp=$(date -u +%Y%m%dT%H%M%SZ)
outdir=${DA_SWARM_OUTPUT:-./dockaudit-fleet-$stamp}
name=${DA_SWARM_NAME:-dockaudit-fleet-$(date -u +%Y%m%d%H%M%S)-$$}
timeout=${DA_SWARM_TIMEOUT:-900}
merge_with=${DA_SWARM_MERGE:-}
merge_gates=()
extra=()

die() {
	local code=$1
	shift
	printf '%s: %s\n' "$me" "$*" >&2
	exit "$code"
}
usage() {
	die 2 "$* (see $me --help)"
}
# Text from a node or the daemon, made safe for a terminal: one line,
# printable ASCII, at most 200 bytes.
clean() {
	printf '%s' "$1" | tr -c '[:print:]' '?' | cut -c1-200
}

while [ $# -gt 0 ]; do
	case $1 in
	-h | --help) sed -n '2,/^set -u/{/^set -u/d;s/^# \{0,1\}//p}' "$0"; exit 0 ;;
	--) shift; extra=("$@"); break ;;
	-i | --image | -s | --socket | -k | --keep | -o | --output | -n | --name | \
		-t | --timeout | -m | --merge-with | --fail-on | --min-score)
		[ $# -ge 2 ] || usage "$1 needs a value"
		case $1 in
		-i | --image) image=$2 ;;
		-s | --socket) socket=$2 ;;
		-k | --keep) keep=$2 ;;
		-o | --output) outdir=$2 ;;
		-n | --name) name=$2 ;;
		-t | --timeout) timeout=$2 ;;
		-m | --merge-with) merge_with=$2 ;;
		*) merge_gates+=("$1" "$2") ;;
		esac
		shift 2 ;;
	*) usage "unknown argument '$(clean "$1")'" ;;
	esac
done

# --- checks of the parameters ----------------------------------------------------

if ! [[ $timeout =~ ^[0-9]{1,6}$ ]] || [ "$timeout" -eq 0 ]; then
	usage "--timeout wants whole seconds, not '$(clean "$timeout")'"
fi
[[ $name =~ ^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$ ]] || usage "bad service name '$(clean "$name")'"
[[ $image =~ ^[A-Za-z0-9][A-Za-z0-9_./:@-]*$ ]] || usage "bad image name '$(clean "$image")'"
# Mount sources go into --mount's comma-separated fields: no comma, quote
# or line break, and absolute.
mount_path_ok() {
	case $1 in
	/*) ;;
	*) return 1 ;;
	esac
	case $1 in
	*,* | *'"'* | *"'"* | *$'\n'* | *$'\r'*) return 1 ;;
	esac
	return 0
}
mount_path_ok "$socket" || usage "--socket wants an absolute path without commas or quotes, not '$(clean "$socket")'"
[ -z "$keep" ] || mount_path_ok "$keep" || usage "--keep wants an absolute path without commas or quotes, not '$(clean "$keep")'"
for a in "${extra[@]}"; do
	case $a in
	--format | --format=* | -f | --output | --output=* | -o | --save-snapshot* | --snapshot*)
		usage "dockaudit argument '$(clean "$a")': the script sets the report's format and output itself" ;;
	esac
done
if [ -z "$merge_with" ]; then
	if command -v dockaudit >/dev/null 2>&1; then merge_with=$(command -v dockaudit); else merge_with=image; fi
fi
if [ "$merge_with" != image ] && [ ! -x "$merge_with" ]; then
	usage "--merge-with: '$(clean "$merge_with")' is neither 'image' nor an executable"
fi

# --- on a manager ----------------------------------------------------------------

ctl=$("$DOCKER" info --format '{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}}' 2>/dev/null) ||
	die 3 "cannot reach the docker daemon (DOCKER_HOST=${DOCKER_HOST:-default})"
case $ctl in
"active true") ;;
*) die 4 "this daemon is not a swarm manager (swarm state: $(clean "$ctl")); run $me on a manager" ;;
esac

mkdir -p "$outdir/nodes" || die 3 "cannot create $(clean "$outdir")/nodes"
outdir=$(cd "$outdir" && pwd -P) || die 3 "cannot enter $(clean "$outdir")"
mount_path_ok "$outdir" || usage "--output wants a folder without commas or quotes in its path"

# The nodes that should run a task: ready and active.
mapfile -t want < <("$DOCKER" node ls --format '{{.ID}} {{.Status}} {{.Availability}}' 2>/dev/null |
	awk '$2 == "Ready" && $3 == "Active" { print $1 }')
[ "${#want[@]}" -gt 0 ] || die 3 "no ready and active node in the swarm"
for n in "${want[@]}"; do
	[[ $n =~ ^[a-z0-9]{1,64}$ ]] || die 3 "unexpected node ID '$(clean "$n")'"
done

# --- the service -----------------------------------------------------------------

created=
# shellcheck disable=SC2317 # called by the traps
cleanup() {
	local rc=$?
	trap - EXIT
	trap '' HUP INT TERM
	if [ -n "$created" ]; then
		"$DOCKER" service rm "$name" >/dev/null 2>&1 ||
			printf '%s: could not remove service %s\n' "$me" "$name" >&2
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

# The run recipe of the image (README, "Container image"), as a service:
# the host's network, its root read-only as --host-root, the node's socket,
# audit_control and sys_ptrace.  A service has no --pid host nor --userns
# host (docs/fleet.md, "Docker Swarm", says what that changes): the node's
# processes are read from its own procfs, /host/proc (the bind of / is
# recursive), with --proc-root.
svc=(service create --detach --name "$name" --mode global-job
	--restart-condition none --no-resolve-image
	--label org.dockaudit.fleet=1
	--network host --cap-add CAP_AUDIT_CONTROL --cap-add CAP_SYS_PTRACE
	--mount "type=bind,source=/,target=/host,readonly"
	--mount "type=bind,source=$socket,target=/var/run/docker.sock")
args=(--host-root /host --proc-root /host/proc --format json)
if [ -n "$keep" ]; then
	svc+=(--mount "type=bind,source=$keep,target=/fleet")
	args+=(--output "json:/fleet/$name.json")
fi
svc+=("$image" "${args[@]}" "${extra[@]}")
if ! err=$("$DOCKER" "${svc[@]}" 2>&1 >/dev/null); then
	die 3 "cannot create service $name: $(clean "$err")"
fi
created=1

# Waits until every wanted node has a task in a final state.
declare -A state=() code=() task=() why=()
deadline=$((SECONDS + timeout))
while :; do
	state=() code=() task=() why=()
	mapfile -t tids < <("$DOCKER" service ps -q --no-trunc "$name" 2>/dev/null)
	if [ "${#tids[@]}" -gt 0 ]; then
		while read -r tid nid st ec rest; do
			[[ $tid =~ ^[a-z0-9]{1,64}$ && $nid =~ ^[a-z0-9]{1,64}$ ]] || continue
			task[$nid]=$tid
			state[$nid]=$st
			code[$nid]=$ec
			why[$nid]=$rest
		done < <("$DOCKER" inspect --format \
			'{{.ID}} {{.NodeID}} {{.Status.State}} {{with .Status.ContainerStatus}}{{.ExitCode}}{{else}}-{{end}} {{.Status.Err}}' \
			"${tids[@]}" 2>/dev/null)
	fi
	pending=0
	for n in "${want[@]}"; do
		case ${state[$n]:-none} in
		complete | failed | rejected | shutdown | orphaned | remove) ;;
		*) pending=$((pending + 1)) ;;
		esac
	done
	[ "$pending" -gt 0 ] || break
	if [ "$SECONDS" -ge "$deadline" ]; then
		printf '%s: %d of %d nodes did not finish within %ss\n' "$me" "$pending" "${#want[@]}" "$timeout" >&2
		break
	fi
	sleep 2
done

# --- collecting --------------------------------------------------------------------

reports=()
missing=0
for n in "${want[@]}"; do
	st=${state[$n]:-none}
	ec=${code[$n]:--}
	f=$outdir/nodes/$n.json
	rm -f "$f" "$outdir/nodes/$n.err"
	# dockaudit exits 0, or 1 when a gate given after -- failed: either way
	# the report is there.
	if [ "$st" = complete ] || { [ "$st" = failed ] && [ "$ec" = 1 ]; }; then
		# The task's standard output is its report, its standard error
		# the audit's messages; logs may lag behind the task's end.
		for try in 1 2 3 4 5; do
			"$DOCKER" service logs --raw --no-trunc "${task[$n]}" >"$f" 2>"$outdir/nodes/$n.err"
			[ -s "$f" ] && break
			sleep "$try"
		done
		if [ "$(head -c1 "$f" 2>/dev/null)" = "{" ]; then
			reports+=("$n")
			printf '%s: node %s: audited (exit %s)\n' "$me" "$n" "$ec" >&2
			continue
		fi
		printf '%s: node %s: task ended but its log holds no report (see %s)\n' \
			"$me" "$n" "nodes/$n.err" >&2
	else
		printf '%s: node %s: no report (task %s, exit %s%s)\n' "$me" "$n" "$(clean "$st")" \
			"$(clean "$ec")" "${why[$n]:+, $(clean "${why[$n]}")}" >&2
	fi
	rm -f "$f"
	missing=$((missing + 1))
done

"$DOCKER" service rm "$name" >/dev/null 2>&1 || printf '%s: could not remove service %s\n' "$me" "$name" >&2
created=

[ "${#reports[@]}" -gt 0 ] || die 5 "no node gave a report"

# --- merging -----------------------------------------------------------------------

if [ "$merge_with" = image ]; then
	files=()
	for n in "${reports[@]}"; do files+=("/fleet/nodes/$n.json"); done
	"$DOCKER" run --rm --network none --mount "type=bind,source=$outdir,target=/fleet" \
		"$image" merge "${merge_gates[@]}" --output json:/fleet/fleet.json \
		--output text:/fleet/fleet.txt --format text "${files[@]}"
	mrc=$?
else
	files=()
	for n in "${reports[@]}"; do files+=("$outdir/nodes/$n.json"); done
	"$merge_with" merge "${merge_gates[@]}" --output "json:$outdir/fleet.json" \
		--output "text:$outdir/fleet.txt" --format text "${files[@]}"
	mrc=$?
fi
case $mrc in
0 | 1) ;;
*) die 3 "dockaudit merge failed (exit $mrc); the node reports are in $outdir/nodes" ;;
esac
printf '%s: %d of %d nodes merged into %s/fleet.json and fleet.txt\n' \
	"$me" "${#reports[@]}" "${#want[@]}" "$outdir" >&2
[ "$missing" -eq 0 ] || exit 5
exit "$mrc"
