#!/bin/bash
# Builds dockaudit and runs every test: the libcheck suites, the module
# suites, the integration tests (each against its own private dockerd, so
# this runs as root), then `make distcheck`.  Installs the Debian packages
# that are missing first; apt is not called when none is.
#
#   contrib/test.sh            # from anywhere inside the source tree
#
# Under CI=true an integration test that cannot run fails instead of being
# skipped.
set -euo pipefail

cd "$(dirname "$0")/.."
top=$PWD

# Build, unit tests, integration tests (daemon, image, report validation),
# and the tools the tests call.
packages=(
	autoconf automake libtool libltdl-dev pkg-config make gcc libc6-dev
	libcurl4-openssl-dev libjson-c-dev check
	docker.io containerd runc iproute2 iptables util-linux busybox-static
	jq libxml2-utils python3 python3-jsonschema valgrind shellcheck time curl
	groff man-db zsh bash-completion dpkg-dev debhelper lintian
)

missing_packages() {
	local p status
	for p in "$@"; do
		status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null) || status=
		if [ "$status" != "install ok installed" ]; then
			printf '%s\n' "$p"
		fi
	done
}

# Installs packages without starting their services: installing docker.io
# must not start a host daemon.
install_packages() {
	if [ "$(id -u)" -ne 0 ]; then
		echo "missing packages: $*; run this as root, or install them" >&2
		exit 1
	fi
	if [ ! -e /usr/sbin/policy-rc.d ]; then
		printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
		chmod 755 /usr/sbin/policy-rc.d
		trap 'rm -f /usr/sbin/policy-rc.d' EXIT
	fi
	export DEBIAN_FRONTEND=noninteractive
	if ! apt-get install -y --no-install-recommends "$@"; then
		apt-get update
		apt-get install -y --no-install-recommends "$@"
	fi
}

if command -v dpkg-query >/dev/null 2>&1; then
	mapfile -t missing < <(missing_packages "${packages[@]}")
	if [ "${#missing[@]}" -gt 0 ]; then
		echo "installing: ${missing[*]}"
		install_packages "${missing[@]}"
	fi
fi

# The JUnit schemas live in shared/ beside the source tree; make distcheck
# builds elsewhere, so name them once for every test.
if [ -z "${DA_JUNIT_SCHEMAS:-}" ] && [ -f "$top/../shared/schemas/junit-jenkins-10.xsd" ]; then
	DA_JUNIT_SCHEMAS=$(cd "$top/../shared/schemas" && pwd)
	export DA_JUNIT_SCHEMAS
fi
if [ -z "${DA_SHARED_SCHEMAS:-}" ] && [ -n "${DA_JUNIT_SCHEMAS:-}" ]; then
	DA_SHARED_SCHEMAS=$DA_JUNIT_SCHEMAS
	export DA_SHARED_SCHEMAS
fi

show_logs() {
	local f
	while IFS= read -r f; do
		echo "===== $f"
		cat "$f"
	done < <(find "$top" -name test-suite.log -newer "$top/configure" 2>/dev/null)
}

# One closing line that counts every test the suites ran.
summary() {
	local log=$1 pass fail skip xfail xpass errors
	pass=$(sed -n 's/^# PASS: *//p' "$log")
	fail=$(sed -n 's/^# FAIL: *//p' "$log")
	skip=$(sed -n 's/^# SKIP: *//p' "$log")
	xfail=$(sed -n 's/^# XFAIL: *//p' "$log")
	xpass=$(sed -n 's/^# XPASS: *//p' "$log")
	errors=$(sed -n 's/^# ERROR: *//p' "$log")
	echo "check: $((pass + xfail)) passed, $((fail + xpass + errors)) failed, $skip skipped"
}

# Every build is out of tree: build/ (normal, then make distcheck),
# build-asan/ (the whole suite again under AddressSanitizer and
# UndefinedBehaviorSanitizer) and, in build/, the unit suites under valgrind.
out=$(mktemp -d)
autoreconf -fi
rm -rf build build-asan
mkdir build build-asan

cd "$top/build"
../configure --enable-werror
make -j2
if ! make -j2 check 2>&1 | tee "$out/check"; then
	show_logs
	echo "make check failed" >&2
	exit 1
fi

# The unit suites (libcheck programs) under valgrind: no error, no leak.
units=$(make -s print-unit-tests)
if ! make -j2 check TESTS="$units" LOG_COMPILER="$top/contrib/valgrind-test.sh" \
	>"$out/valgrind" 2>&1; then
	cat "$out/valgrind"
	show_logs
	echo "unit tests under valgrind failed" >&2
	exit 1
fi
grep -E '^# (TOTAL|PASS|FAIL)' "$out/valgrind" | sed 's/^/valgrind: /'

# distcheck runs the whole suite again from the tarball, out of tree.
if ! make -j2 distcheck >"$out/distcheck" 2>&1; then
	cat "$out/distcheck"
	show_logs
	echo "make distcheck failed" >&2
	exit 1
fi
tail -n 30 "$out/distcheck"

cd "$top/build-asan"
../configure --enable-werror --enable-sanitizers
make -j2
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# sanitized code runs several times slower: stretch the hostile tests' guards
export DA_SLOW=${DA_SLOW:-5}
if ! make -j2 check >"$out/asan" 2>&1; then
	cat "$out/asan"
	show_logs
	echo "make check under the sanitizers failed" >&2
	exit 1
fi
grep -E '^# (TOTAL|PASS|FAIL)' "$out/asan" | sed 's/^/sanitizers: /'

summary "$out/check"
rm -rf "$out"
