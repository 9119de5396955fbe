#!/bin/sh
# Builds the libFuzzer targets of tests/fuzz with clang (ASan + UBSan) into a
# scratch directory and runs each for SECONDS (default 60), starting from its
# seed corpus and saved regressions.
#
#   tests/fuzz/run.sh [SECONDS] [TARGET...]
#
# Environment:
#   FUZZ_WORKDIR  build and work directory (default /tmp/dockaudit-fuzz-$USER)
#   FUZZ_CC       compiler (default clang)
#   FUZZ_FLAGS    extra libFuzzer flags ("-max_len=65536", "-jobs=2", ...)
#   FUZZ_BUILD_ONLY=1  build, run nothing
#
# Prints the executions of every target (libFuzzer's
# stat::number_of_executed_units) and exits 1 when a target crashed, hung
# or broke a property; the input that did it is copied to
# $FUZZ_WORKDIR/crashers/<target>/ (add it to tests/fuzz/regressions/<target>/
# once fixed).  The corpus a run grows stays in $FUZZ_WORKDIR/corpus/<target>;
# tests/fuzz/corpus is never written.
set -eu

secs=${1:-60}
[ $# -gt 0 ] && shift
case $secs in
*[!0-9]* | '') echo "usage: $0 [SECONDS] [TARGET...]" >&2; exit 2 ;;
esac

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
work=${FUZZ_WORKDIR:-/tmp/dockaudit-fuzz-${USER:-$(id -un)}}
cc=${FUZZ_CC:-clang}
all_targets="snapshot engine_json daemon_json cmdline audit_rules host_parsers escape select auditnl"
targets=${*:-$all_targets}

for t in $targets; do
	[ -f "$here/fuzz_$t.c" ] || { echo "$0: no target $t (have: $all_targets)" >&2; exit 2; }
done
if ! echo 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; (void)n; return 0; }' |
	"$cc" -x c -fsanitize=fuzzer -o /dev/null - 2>/dev/null; then
	echo "$0: $cc cannot link -fsanitize=fuzzer (Debian: apt-get install clang libclang-rt-14-dev)" >&2
	exit 2
fi

mkdir -p "$work/obj" "$work/bin" "$work/corpus" "$work/crashers" "$work/tmp"
version=$(sed -n 's/^AC_INIT(\[[^]]*\], \[\([^]]*\)\].*/\1/p' "$top/configure.ac")
cat >"$work/config.h.$$" <<EOF
/* config.h for the fuzz build (tests/fuzz/run.sh) */
#define _GNU_SOURCE 1
#define PACKAGE "dockaudit"
#define PACKAGE_VERSION "${version:-0.0}"
#define VERSION PACKAGE_VERSION
EOF
cmp -s "$work/config.h.$$" "$work/config.h" 2>/dev/null || mv "$work/config.h.$$" "$work/config.h"
rm -f "$work/config.h.$$"

deps_cflags=$(pkg-config --cflags json-c libcurl yaml-0.1)
deps_libs="$(pkg-config --libs json-c libcurl yaml-0.1) -lltdl -lpthread"
san="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
cflags="-g -O1 $san -Wall -Wextra -Wno-unused-parameter $deps_cflags"

# Compiles src into obj (extra flags after them) when obj is missing or
# older than src or any source or header.
compile() {
	src=$1 obj=$2
	shift 2
	if [ ! -f "$obj" ] || [ -n "$(find "$src" "$top/core" "$top/sdk" "$top/modules" "$here" \
		"$work/config.h" -newer "$obj" \( -name '*.h' -o -name '*.c' \) 2>/dev/null | head -n 1)" ]; then
		# shellcheck disable=SC2086
		"$cc" $cflags -I"$work" -I"$top/sdk" -I"$top/core" -I"$here" \
			-DMODULEDIR='"/nonexistent"' -DDT_FUZZ_DIR="\"$here\"" "$@" -c "$src" -o "$obj"
	fi
}

# Coverage instrumentation (-fsanitize=fuzzer-no-link) goes where the
# fuzzers should explore.  The formatters and the harness render and check
# every report byte by byte, and instrumented they would take most of the
# time of an input; they keep ASan and UBSan but no coverage hooks, except
# in fuzz_escape, whose subject they are.
nocov="escape format format_text format_json format_junit format_dbs util report"
echo "fuzz: building in $work"
objs=""
objs_nocov=""
objs_cov=""
for src in "$top"/core/*.c; do
	b=$(basename "$src" .c)
	case $b in main) continue ;; esac
	case " $nocov " in
	*" $b "*)
		compile "$src" "$work/obj/core_${b}_nocov.o"
		compile "$src" "$work/obj/core_$b.o" -fsanitize=fuzzer-no-link
		objs_nocov="$objs_nocov $work/obj/core_${b}_nocov.o"
		objs_cov="$objs_cov $work/obj/core_$b.o" ;;
	*)
		compile "$src" "$work/obj/core_$b.o" -fsanitize=fuzzer-no-link
		objs="$objs $work/obj/core_$b.o" ;;
	esac
done
# libmodutil, which the modules below link (modules/common/local.mk); its
# shared.c is the core's too, so it is compiled once, here.
for src in "$top"/modules/common/*.c; do
	o="$work/obj/modutil_$(basename "$src" .c).o"
	compile "$src" "$o" -fsanitize=fuzzer-no-link
	objs="$objs $o"
done
# The bundled modules, each under its own descriptor symbol
# (NAME_LTX_dockaudit_module), as the static build links them: those of
# core/builtin-list.h, which targets.c reads too.
for m in $(sed -n 's/^DA_BUILTIN_MODULE(\([a-z_]*\))$/\1/p' "$top/core/builtin-list.h"); do
	o="$work/obj/mod_$m.o"
	compile "$top/modules/$m/$m.c" "$o" -fsanitize=fuzzer-no-link
	objs="$objs $o"
done
compile "$here/targets.c" "$work/obj/targets.o"
objs="$objs $work/obj/targets.o"
for t in $targets; do
	compile "$here/fuzz_$t.c" "$work/obj/fuzz_$t.o" -fsanitize=fuzzer-no-link
	case $t in escape) extra=$objs_cov ;; *) extra=$objs_nocov ;; esac
	# shellcheck disable=SC2086
	"$cc" -g $san -fsanitize=fuzzer -o "$work/bin/fuzz_$t" "$work/obj/fuzz_$t.o" $objs $extra \
		$deps_libs
done
[ "${FUZZ_BUILD_ONLY:-0}" = 1 ] && { echo "fuzz: built the targets in $work/bin"; exit 0; }

# ASan: leaks are findings too; UBSan stops at the first report.
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
DA_FUZZ_DIR=$here
TMPDIR=$work/tmp
export ASAN_OPTIONS UBSAN_OPTIONS DA_FUZZ_DIR TMPDIR

status=0
summary=""
for t in $targets; do
	corpus="$work/corpus/$t"
	art="$work/crashers/$t"
	mkdir -p "$corpus" "$art"
	seeds=""
	for d in "$here/corpus/$t" "$here/regressions/$t"; do
		[ -d "$d" ] && seeds="$seeds $d"
	done
	log="$work/fuzz_$t.log"
	echo "fuzz: $t for ${secs}s (log $log)"
	rc=0
	touch "$work/start.$t"
	# shellcheck disable=SC2086
	"$work/bin/fuzz_$t" -max_total_time="$secs" -timeout=25 -rss_limit_mb=2560 \
		-print_final_stats=1 -artifact_prefix="$art/" ${FUZZ_FLAGS:-} \
		"$corpus" $seeds >"$log" 2>&1 || rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	cov=$(grep -E '^#[0-9]+.*(DONE|pulse|NEW|REDUCE).*cov:' "$log" | tail -n 1 |
		sed -n 's/.*cov: \([0-9]*\).*/\1/p')
	if [ "$rc" -ne 0 ]; then
		status=1
		crash=$(find "$art" -type f -newer "$work/start.$t" | head -n 1)
		summary="$summary
  $t: FAILED (exit $rc) after ${execs:-?} executions; input: ${crash:-none saved}"
		grep -E 'ERROR: |property violated|SUMMARY' "$log" | head -n 5 | sed 's/^/    /' >&2 || true
	else
		summary="$summary
  $t: ${execs:-?} executions, coverage ${cov:-?}, corpus $(find "$corpus" -type f | wc -l) files"
	fi
done
echo "fuzz: results (${secs}s per target):$summary"
exit $status
