#!/bin/bash
# Measures a full audit against a private dockerd (started as the
# integration tests start it) and the floor it is compared with: one curl
# fetching the container list and every inspect on one kept-alive
# connection; beside it the API floor: one curl fetching every request the
# audit makes, eight at once as the audit does, which is the daemon's own
# answer time for the audit.  Prints figures; asserts nothing.  Not part of
# `make check`.
#
#   tests/bench/bench.sh [COUNT...]     # default: 50 200
#
# For each COUNT, that many running containers are audited (the default,
# isolated audit, then --no-isolation), once more at the last COUNT under
# `ulimit -n 1048576`; with CREATED=N (for example 1000), N containers more
# are then created but not started and audited with --all-containers.
#
# The machine may be busy: each repetition runs the audit and the floor back
# to back (a pair), and the ratio shown is the median of the pairs' ratios,
# which a steady load affects far less than the times themselves.  RUNS=N
# repetitions (default 5); the spread of the isolated ratios (lowest and
# highest) is shown so that a noisy run shows as one.
#
# Run from a build directory (or set DA_BUILDDIR), as root.  Needs curl, jq
# and GNU time (/usr/bin/time, Debian package "time").

# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/../integration/lib.sh"

[ $# -gt 0 ] || set -- 50 200
runs=${RUNS:-5}
created=${CREATED:-0}
da_require_bin
da_require_daemon
command -v curl >/dev/null || da_skip "curl is needed for the floor"
[ -x /usr/bin/time ] || da_skip "GNU time is needed (apt-get install time)"
da_setup
da_daemon_start '{}'
da_image_import "$DA_IMAGE" || da_die "cannot import the test image"
sock=${DOCKER_HOST#unix://}
api=$(curl -s --unix-socket "$sock" http://localhost/version | jq -r .ApiVersion)
[ -n "$api" ] || da_die "cannot read the daemon's API version"

now_us() {
	local ns
	ns=$(date +%s%N)
	echo $((ns / 1000))
}

median() {
	printf '%s\n' "$@" | sort -g | sed -n "$((($# + 1) / 2))p"
}

lowest() { printf '%s\n' "$@" | sort -g | head -n 1; }
highest() { printf '%s\n' "$@" | sort -g | tail -n 1; }

ratio() {
	awk -v a="$1" -v f="$2" 'BEGIN { if (f > 0) printf "%.3f", a / f; else print "-" }'
}

# The floor's URLs: the list, then every inspect (the ids are read once,
# outside the measurement; the list is fetched again in it).
floor_urls() {
	local list=$1 id
	printf '%s\n' "http://localhost/v$api/containers/json$list"
	for id in $(curl -s --unix-socket "$sock" "http://localhost/v$api/containers/json$list" |
		jq -r '.[].Id'); do
		printf '%s\n' "http://localhost/v$api/containers/$id/json"
	done
}

# The audit's own requests, as dockaudit makes them for a daemon outside a
# swarm: /_ping, /version, /info, the container list (all of them: the
# audit inspects the running ones, or all with --all-containers), the image
# list, the networks, the inspects, and each image's inspect and history.
api_urls() {
	local inspect=$1 b="http://localhost/v$api" id
	printf '%s\n' "$b/_ping" "$b/version" "$b/info" "$b/containers/json?all=1" \
		"$b/images/json" "$b/networks"
	for id in $(curl -s --unix-socket "$sock" "$b/containers/json$inspect" | jq -r '.[].Id'); do
		printf '%s\n' "$b/containers/$id/json"
	done
	for id in $(curl -s --unix-socket "$sock" "$b/images/json" | jq -r '.[].Id'); do
		printf '%s\n' "$b/images/$id/json" "$b/images/$id/history"
	done
}

# apifloor_once FILE: one curl fetching every URL of FILE on eight
# connections at once, as the audit does: the daemon's own answer time for
# what the audit asks (its /info and /version are slow: dockerd asks
# containerd and runs runc and docker-init for their versions).
# shellcheck disable=SC2317 # called through timed
apifloor_once() {
	local args=() url
	while read -r url; do
		args+=(-o /dev/null "$url")
	done <"$1"
	/usr/bin/time -f %M -o "$DA_TMP/apifloor.time" curl -s --unix-socket "$sock" \
		--parallel --parallel-max 8 --parallel-immediate "${args[@]}" 2>/dev/null
}

# floor_once FILE: one curl, one connection, every URL of FILE in order;
# started through GNU time as the audit is, so that both pay its fork and exec.
# shellcheck disable=SC2317 # called through timed
floor_once() {
	local args=() url
	while read -r url; do
		args+=(-o /dev/null "$url")
	done <"$1"
	/usr/bin/time -f %M -o "$DA_TMP/floor.time" curl -s --unix-socket "$sock" "${args[@]}"
}

# audit_once [ARG...]: one audit (JSON report); sets MS, PEAK (KiB), RC,
# and API, the milliseconds of its daemon phases (connect, list, inspects:
# --timings), which it fetches on eight kept-alive connections.
audit_once() {
	local t0 t1
	t0=$(now_us)
	/usr/bin/time -f %M -o "$DA_TMP/time" "$DA_BIN" --module-dir "$DA_MODULE_DIR" \
		--output "json:$DA_TMP/bench.json" --timings "$@" >/dev/null 2>"$DA_TMP/bench.err"
	RC=$?
	API=$(awk '$2 == "timing" && ($3 == "connect" || $3 == "list" || $3 == "inspects") {
		s += $4 } END { printf "%.1f", s }' "$DA_TMP/bench.err")
	t1=$(now_us)
	MS=$(awk -v d=$((t1 - t0)) 'BEGIN { printf "%.1f", d / 1000 }')
	PEAK=$(tail -n 1 "$DA_TMP/time")
}

# timed CMD [ARG...]: runs CMD; MS_TAKEN is its wall time in milliseconds.
timed() {
	local t0 t1
	t0=$(now_us)
	"$@"
	t1=$(now_us)
	MS_TAKEN=$(awk -v d=$((t1 - t0)) 'BEGIN { printf "%.1f", d / 1000 }')
}

# row LABEL COUNT LIST [ARG...]: RUNS pairs (isolated audit, floor) and
# RUNS pairs (--no-isolation, floor); one line of figures.
row() {
	local label=$1 count=$2 list=$3 i f
	local iso=() niso=() flo=() riso=() rniso=() rapi=() peak=() rc=0 afl=() rafl=()
	shift 3
	floor_urls "$list" >"$DA_TMP/urls"
	api_urls "$list" >"$DA_TMP/apiurls"
	floor_once "$DA_TMP/urls" # warm the daemon's caches
	for ((i = 0; i < runs; i++)); do
		audit_once "$@"
		[ "$RC" -eq 0 ] || rc=$RC
		iso+=("$MS")
		peak+=("$PEAK")
		timed floor_once "$DA_TMP/urls"
		f=$MS_TAKEN
		flo+=("$f")
		riso+=("$(ratio "${iso[-1]}" "$f")")
		rapi+=("$(ratio "$API" "$f")")
		audit_once --no-isolation "$@"
		[ "$RC" -eq 0 ] || rc=$RC
		niso+=("$MS")
		rniso+=("$(ratio "$MS" "$f")")
		timed apifloor_once "$DA_TMP/apiurls"
		f=$MS_TAKEN
		afl+=("$f")
		rafl+=("$(ratio "${iso[-1]}" "$f")")
	done
	printf '%-28s %6s %6s %9s %9s %7s %-13s %9s %7s %7s %9s %7s %9s %4s\n' "$label" "$count" \
		"$(jq '.summary.checks' "$DA_TMP/bench.json" 2>/dev/null || echo '?')" \
		"$(median "${iso[@]}")" "$(median "${flo[@]}")" "$(median "${riso[@]}")" \
		"$(lowest "${riso[@]}")-$(highest "${riso[@]}")" \
		"$(median "${niso[@]}")" "$(median "${rniso[@]}")" "$(median "${rapi[@]}")" \
		"$(median "${afl[@]}")" "$(median "${rafl[@]}")" \
		"$(highest "${peak[@]}")" "$rc"
}

printf '%-28s %6s %6s %9s %9s %7s %-13s %9s %7s %7s %9s %7s %9s %4s\n' case objects checks \
	"audit ms" "floor ms" ratio "(range)" "no-iso ms" ratio "api" "api-fl ms" ratio \
	"peak KiB" exit
have=0
last=
for want in "$@"; do
	while [ "$have" -lt "$want" ]; do
		have=$((have + 1))
		da_docker run -d --name "bench$have" --label bench=1 "$DA_IMAGE" sleep 3600 >/dev/null ||
			da_die "cannot run container bench$have"
	done
	row "running" "$have" ""
	last=$have
done
if [ -n "$last" ]; then
	# the descriptor limit systemd and container runtimes often give
	# (as high as the hard limit allows where it is lower, said in the row)
	(lim=1048576
	 if ! why=$(ulimit -n "$lim" 2>&1); then
		why=${why##*: }
		lim=$(ulimit -Hn)
		echo "ulimit -n 1048576: ${why:-refused} (hard limit $lim); measured at $lim instead" >&2
	 fi
	 ulimit -n "$lim" || da_die "cannot set ulimit -n $lim"
	 row "running, ulimit -n $lim" "$last" "")
fi
if [ "$created" -gt 0 ]; then
	for ((i = 1; i <= created; i++)); do
		echo "benchc$i"
	done | xargs -P 4 -I{} "$DA_DOCKER_CLIENT" create --name {} \
		--label bench=1 "$DA_IMAGE" sleep 3600 >/dev/null ||
		da_die "cannot create the containers"
	row "created, --all-containers" "$((have + created))" "?all=1" --all-containers
fi
echo "audit ms: median wall time of a full audit (all modules, JSON output), isolated"
echo "floor ms: median time of one curl fetching the list and every inspect on one connection"
echo "ratio: median of the ratios audit / floor of back-to-back pairs (the goal: at most 1.3)"
echo "(range): lowest and highest of those ratios; no-iso: the same with --no-isolation"
echo "api: the audit's daemon phases (connect, list, inspects on 8 connections) / floor, median"
echo "api-fl ms: median time of one curl fetching every request the audit makes, 8 at once"
echo "  (the daemon's own answer time for the audit; /info and /version included);"
echo "  ratio: median of the ratios audit / api-fl of the same repetitions"
echo "peak KiB: highest peak resident memory of the isolated audits"
exit 0
