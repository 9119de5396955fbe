#!/bin/bash
# Measures a full audit against a private dockerd (started as the
# integration tests start it) with N running containers, and the raw floor
# it is compared with: one container list plus N inspect requests on one
# kept-alive connection (curl).  Prints figures; asserts nothing.  Not part
# of `make check`.
#
#   tests/bench/bench.sh [COUNT...]     # default: 50 200
#
# Run from a build directory (or set DA_BUILDDIR), as root.  RUNS=N times
# each measurement N times (default 5) and reports the median.  Needs curl,
# jq and GNU time (/usr/bin/time, Debian package "time").

# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/../integration/lib.sh"

[ $# -gt 0 ] || set -- 50 200
runs=${RUNS:-5}
da_require_bin
da_require_daemon
command -v curl >/dev/null || da_skip "curl is needed for the floor"
[ -x /usr/bin/time ] || da_skip "GNU time is needed (apt-get install time)"
da_setup
da_daemon_start '{}'
da_image_import "$DA_IMAGE" || da_die "cannot import the test image"
sock=${DOCKER_HOST#unix://}

now_ms() {
	local ns
	ns=$(date +%s%N)
	echo $((ns / 1000000))
}

median() {
	printf '%s\n' "$@" | sort -n | sed -n "$(($# / 2 + 1))p"
}

# The floor: the container list, then every inspect, on one connection.
floor_once() {
	local api ids args=() id
	api=$(curl -s --unix-socket "$sock" http://localhost/version | jq -r .ApiVersion)
	ids=$(curl -s --unix-socket "$sock" "http://localhost/v$api/containers/json" | jq -r '.[].Id')
	for id in $ids; do
		args+=(-o /dev/null "http://localhost/v$api/containers/$id/json")
	done
	if [ "${#args[@]}" -gt 0 ]; then
		curl -s --unix-socket "$sock" "${args[@]}"
	fi
}

printf '%-11s %-7s %-10s %-13s %-10s %-10s %-9s %s\n' containers checks "audit ms" \
	"ms/container" "peak KiB" "floor ms" "ratio" "exit"
have=0
for want in "$@"; do
	while [ "$have" -lt "$want" ]; do
		have=$((have + 1))
		da_docker run -d --name "bench$have" --label bench=1 "$DA_IMAGE" sleep 3600 >/dev/null ||
			da_die "cannot run container bench$have"
	done
	audit=() floor=() peak=() rc=0
	for ((i = 0; i < runs; i++)); do
		t0=$(now_ms)
		/usr/bin/time -f %M -o "$DA_TMP/time" "$DA_BIN" --module-dir "$DA_MODULE_DIR" \
			--output "json:$DA_TMP/bench.json" >/dev/null 2>"$DA_TMP/bench.err"
		rc=$?
		t1=$(now_ms)
		audit+=($((t1 - t0)))
		peak+=("$(tail -n 1 "$DA_TMP/time")")
		t0=$(now_ms)
		floor_once
		t1=$(now_ms)
		floor+=($((t1 - t0)))
	done
	checks=$(jq '.summary.checks' "$DA_TMP/bench.json" 2>/dev/null)
	a=$(median "${audit[@]}")
	f=$(median "${floor[@]}")
	printf '%-11s %-7s %-10s %-13s %-10s %-10s %-9s %s\n' "$have" "${checks:-?}" "$a" \
		"$(awk -v a="$a" -v n="$have" 'BEGIN { if (n) printf "%.2f", a / n; else print "-" }')" \
		"$(median "${peak[@]}")" "$f" \
		"$(awk -v a="$a" -v f="$f" 'BEGIN { if (f) printf "%.2f", a / f; else print "-" }')" "$rc"
done
echo "audit ms: median wall time of a full audit (all modules, JSON output)"
echo "floor ms: median of curl fetching the list and every inspect on one connection"
echo "ratio: audit / floor (the goal for 200 containers: at most 1.5)"
exit 0
