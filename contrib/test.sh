#!/bin/bash
# Builds dockaudit and runs every test: the libcheck suites, the module
# suites, the integration tests (each against its own private dockerd, so
# this runs as root), then `make distcheck`.  Installs the Debian packages
# that are missing first; apt is not called when none is.
#
#   contrib/test.sh                     # from anywhere inside the source tree
#   contrib/test.sh --missing-packages  # only list what it would install
#
# Under CI=true a test that cannot run fails instead of being skipped.
# Nothing outside the source tree is read: the JUnit reports are checked by
# tests/validate-junit.py (python3-junitparser); DA_JUNIT_SCHEMAS, when
# set, names a folder with the JUnit XSDs for an extra xmllint check.
#
# Docker: the engine already installed is used, whichever it is (Debian's
# docker.io, Docker CE's docker-ce with containerd.io, moby-engine);
# docker.io, containerd and runc are installed only where no engine is, so
# apt never replaces the user's engine.
set -euo pipefail

cd "$(dirname "$0")/.."
top=$PWD

# Build, unit tests, integration tests (report validation, the tools the
# tests call); the engine's packages are chosen below.
packages=(
	autoconf automake libtool libltdl-dev pkg-config make gcc libc6-dev
	libcurl4-openssl-dev libjson-c-dev libyaml-dev check
	iproute2 iptables util-linux busybox-static
	jq libxml2-utils python3 python3-jsonschema python3-junitparser python3-yaml
	chromium
	valgrind shellcheck time curl auditd openssh-server openssh-client
	podman crun
	rootlesskit slirp4netns uidmap
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
		made_policy=1
	fi
	export DEBIAN_FRONTEND=noninteractive
	if ! apt-get install -y --no-install-recommends "$@"; then
		apt-get update
		apt-get install -y --no-install-recommends "$@"
	fi
}

made_policy=
run_tmp=
# On every exit: the policy file made above goes, and so does this run's
# scratch folder, unmounting what a test left mounted there first.
on_exit() {
	[ -z "$made_policy" ] || rm -f /usr/sbin/policy-rc.d
	[ -z "$run_tmp" ] || leftovers "" >/dev/null 2>&1 || true
}
trap on_exit EXIT

# Mount points under this run's scratch folder, deepest first.
run_mounts() {
	awk -v d="$run_tmp/" 'index($5, d) == 1 {
		fs = "?"
		for (i = 7; i < NF; i++) if ($i == "-") { fs = $(i + 1); break }
		print length($5) " " $5 " " fs
	}' /proc/self/mountinfo | sort -rn | cut -d' ' -f2-
}

# leftovers PHASE: fails, listing them, when the tests of PHASE left a
# folder, a file or a mount (such as a network namespace) in this run's
# scratch folder; unmounts and removes them either way, so a failed run
# leaves the machine clean too.  Without PHASE, only cleans up.
leftovers() {
	local phase=$1 rc=0 m fs left
	while read -r m fs; do
		[ -n "$m" ] || continue
		if [ -n "$phase" ]; then
			echo "$phase left a mount behind: $m ($fs)" >&2
			rc=1
		fi
		umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true
	done < <(run_mounts)
	if [ -n "$(run_mounts)" ]; then
		echo "cannot unmount everything under $run_tmp; not removing it" >&2
		return 1
	fi
	left=$(find "$run_tmp" -mindepth 1 -maxdepth 2 2>/dev/null | head -n 20)
	if [ -n "$left" ] && [ -n "$phase" ]; then
		echo "$phase left files behind:" >&2
		printf '  %s\n' "$left" >&2
		rc=1
	fi
	if [ -z "$phase" ]; then
		rm -rf "$run_tmp"
		run_tmp=
	else
		find "$run_tmp" -mindepth 1 -delete 2>/dev/null || rm -rf "${run_tmp:?}"/*
	fi
	return $rc
}

installed() {
	[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]
}

# The Docker packages to ask for: none when an engine is installed (any
# dockerd, or a Docker package: installing docker.io beside docker-ce or
# containerd.io makes apt remove them).  Fails when containerd.io is there
# without dockerd: Debian's docker.io would replace it.
engine_packages() {
	local p
	if command -v dockerd >/dev/null 2>&1; then
		return 0
	fi
	for p in docker-ce docker.io moby-engine; do
		if installed "$p"; then
			return 0
		fi
	done
	if installed containerd.io; then
		echo "containerd.io (Docker CE) is installed but dockerd is not:" \
			"install docker-ce from Docker's repository" >&2
		return 1
	fi
	echo docker.io containerd runc
}

# npm (the SARIF validator's installer): Debian's package, unless an npm is
# already there (NodeSource's nodejs ships its own and conflicts with it).
if ! command -v npm >/dev/null 2>&1; then
	packages+=(npm)
fi

if command -v dpkg-query >/dev/null 2>&1; then
	engine=$(engine_packages) || exit 1
	# shellcheck disable=SC2206 # package names, one per word
	packages+=($engine)
	mapfile -t missing < <(missing_packages "${packages[@]}")
	if [ "${1:-}" = --missing-packages ]; then
		[ "${#missing[@]}" -eq 0 ] || printf '%s\n' "${missing[@]}"
		exit 0
	fi
	if [ "${#missing[@]}" -gt 0 ]; then
		echo "installing: ${missing[*]}"
		install_packages "${missing[@]}"
	fi
elif [ "${1:-}" = --missing-packages ]; then
	exit 0
fi

# The user tests/integration/rootless.sh runs a rootless dockerd as
# (docs/rootless.md): made once, as root, a system user with no home and no
# login shell, and 65536 subordinate uids and gids (/etc/subuid, /etc/subgid)
# from useradd.  An existing one is kept; the tests never make or remove it.
rootless_user() {
	local user=${DA_ROOTLESS_USER:-da-rootless}

	[ "$(id -u)" -eq 0 ] || return 0
	if ! id -u "$user" >/dev/null 2>&1; then
		echo "creating the rootless test user $user"
		useradd --system --add-subids-for-system --no-create-home \
			--home-dir /nonexistent --shell /usr/sbin/nologin \
			--comment "dockaudit rootless test" "$user"
	fi
	if ! grep -q "^$user:" /etc/subuid || ! grep -q "^$user:" /etc/subgid; then
		echo "$user has no range in /etc/subuid or /etc/subgid: add 65536 of each" >&2
		return 1
	fi
}
rootless_user

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
# build-static/ (--enable-static-modules: the loader and module tests),
# build-asan/ (the whole suite again under AddressSanitizer and
# UndefinedBehaviorSanitizer) and, in build/, the unit suites under valgrind.
out=$(mktemp -d)
# Every test's scratch space goes under one folder of this run (the tests
# honour TMPDIR), so what a run leaves behind is found even while other
# runs go on beside it.  Kept short: socket paths must stay under 108 bytes.
# Open to all, as /tmp is, but writable by root only: tests that run
# dockaudit as nobody must reach their own folders inside.
run_tmp=$(mktemp -d /tmp/da-run.XXXXXX)
chmod 755 "$run_tmp"
export TMPDIR=$run_tmp
autoreconf -fi
rm -rf build build-asan build-static
mkdir build build-asan build-static

cd "$top/build"
../configure --enable-werror
make -j2
if ! make -j2 check 2>&1 | tee "$out/check"; then
	show_logs
	echo "make check failed" >&2
	exit 1
fi
leftovers "make check"

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
leftovers "the unit tests under valgrind"

# distcheck builds the tarball out of tree, installs and uninstalls it, and
# runs the suites that need no daemon from it: the unit suites and the
# script tests of the docs and of bad input.  The
# integration suites already ran on the tree above (and run again under the
# sanitizers below); a third run would only double .ci/run's time.
dist_tests="$units tests/checks-md.sh tests/hostile/input.sh"
if ! make -j2 distcheck TESTS="$dist_tests" >"$out/distcheck" 2>&1; then
	cat "$out/distcheck"
	show_logs
	echo "make distcheck failed" >&2
	exit 1
fi
tail -n 30 "$out/distcheck"
leftovers "make distcheck"

# The bundled modules linked into the binary (--enable-static-modules): the
# loader, ABI and module tests again, and the check list the static binary
# gives on its own (docs/checks.md), built from a third configuration.
cd "$top/build-static"
../configure --enable-werror --enable-static-modules >"$out/static" 2>&1
static_tests="tests/static-modules.sh tests/unit/test_loader tests/unit/test_abi \
	tests/unit/test_core tests/checks-md.sh tests/integration/modules.sh"
if ! { make -j2 && make -j2 check TESTS="$static_tests"; } >>"$out/static" 2>&1; then
	cat "$out/static"
	show_logs
	echo "the static-modules build failed" >&2
	exit 1
fi
grep -E '^# (TOTAL|PASS|FAIL)' "$out/static" | sed 's/^/static modules: /'
leftovers "the static-modules build"

cd "$top/build-asan"
../configure --enable-werror --enable-sanitizers
make -j2
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# sanitized code runs several times slower: stretch the hostile tests' guards
export DA_SLOW=${DA_SLOW:-5}
# dockaudit frees everything at exit here (it leaves its probe and report
# to the kernel otherwise): the release code runs under the sanitizers too
export DA_FREE_AT_EXIT=1
if ! make -j2 check >"$out/asan" 2>&1; then
	cat "$out/asan"
	show_logs
	echo "make check under the sanitizers failed" >&2
	exit 1
fi
grep -E '^# (TOTAL|PASS|FAIL)' "$out/asan" | sed 's/^/sanitizers: /'
leftovers "make check under the sanitizers"

# The Debian packages (built, linted, installed, an audit of a private
# dockerd with the installed binary, purged), the container image (built
# offline into a private dockerd, its verdicts compared with the binary's)
# and the Swarm fleet recipe (the image on a two-node swarm).
cd "$top/build"
if ! DA_SRCDIR=$top DA_BUILDDIR=$PWD bash "$top/tests/ship/deb.sh" >"$out/deb" 2>&1; then
	cat "$out/deb"
	echo "Debian package test failed" >&2
	exit 1
fi
tail -n 3 "$out/deb" | sed 's/^/deb: /'
if ! DA_SRCDIR=$top DA_BUILDDIR=$PWD bash "$top/tests/ship/image.sh" >"$out/image" 2>&1; then
	cat "$out/image"
	echo "image test failed" >&2
	exit 1
fi
tail -n 3 "$out/image" | sed 's/^/image: /'
# The Swarm fleet recipe (contrib/swarm): the image on a swarm of two
# private daemons joined over a veth pair, the reports merged.
if ! DA_SRCDIR=$top DA_BUILDDIR=$PWD bash "$top/tests/ship/swarm.sh" >"$out/swarm" 2>&1; then
	cat "$out/swarm"
	echo "Swarm fleet test failed" >&2
	exit 1
fi
tail -n 3 "$out/swarm" | sed 's/^/swarm: /'
leftovers "the package and image tests"

summary "$out/check"
rm -rf "$out"
