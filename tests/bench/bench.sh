#!/bin/bash
# Measures how long a full audit takes as the number of running containers
# grows, against a private dockerd (as the integration tests start it).
# Not part of `make check`: nothing here asserts on timing.
#
#   tests/bench/bench.sh [COUNT...]     # default: 0 10 50 100
#
# Run from a build directory (or set DA_BUILDDIR).  RUNS=N audits N times
# per count (default 5) and reports the median and the fastest wall time.

# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/../integration/lib.sh"

[ $# -gt 0 ] || set -- 0 10 50 100
runs=${RUNS:-5}
da_require_bin
da_require_daemon
da_setup
da_daemon_start '{}'
da_image_import "$DA_IMAGE" || da_die "cannot import the test image"

now_ms() {
	local ns
	ns=$(date +%s%N)
	echo $((ns / 1000000))
}

printf '%-12s %-8s %-12s %-12s %s\n' containers checks "median ms" "fastest ms" "exit"
have=0
for want in "$@"; do
	while [ "$have" -lt "$want" ]; do
		have=$((have + 1))
		da_docker run -d --name "bench$have" --label bench=1 "$DA_IMAGE" sleep 3600 >/dev/null ||
			da_die "cannot run container bench$have"
	done
	times=()
	rc=0
	for ((i = 0; i < runs; i++)); do
		t0=$(now_ms)
		da_run_audit --output "json:$DA_TMP/bench.json" >/dev/null 2>"$DA_TMP/bench.err"
		rc=$?
		t1=$(now_ms)
		times+=($((t1 - t0)))
	done
	mapfile -t sorted < <(printf '%s\n' "${times[@]}" | sort -n)
	checks=$(jq '.summary.checks' "$DA_TMP/bench.json" 2>/dev/null)
	printf '%-12s %-8s %-12s %-12s %s\n' "$have" "${checks:-?}" \
		"${sorted[$((runs / 2))]}" "${sorted[0]}" "$rc"
done
