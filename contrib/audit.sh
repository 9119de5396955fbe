#!/bin/bash
# Builds dockaudit from this source tree (installing the Debian packages
# that are missing) and audits the local Docker daemon with it.  Arguments
# go to dockaudit:
#
#   contrib/audit.sh                         # text report on stdout
#   contrib/audit.sh -c 2,5 --output json:report.json
#
# The daemon is DOCKER_HOST, else /var/run/docker.sock.  docker.io is only
# installed when no Docker daemon runs here and no engine is installed
# (Docker CE's docker-ce or containerd.io, docker.io, moby-engine: apt
# would replace them); it is never started.
set -euo pipefail

cd "$(dirname "$0")/.."

packages=(
	autoconf automake libtool libltdl-dev pkg-config make gcc libc6-dev
	libcurl4-openssl-dev libjson-c-dev libyaml-dev
)

daemon_runs() {
	local p comm
	[ -S /var/run/docker.sock ] && return 0
	for p in /proc/[0-9]*; do
		comm=$(cat "$p/comm" 2>/dev/null) || continue
		[ "$comm" = dockerd ] && return 0
	done
	return 1
}
engine_installed() {
	local p
	command -v dockerd >/dev/null 2>&1 && return 0
	for p in docker-ce docker.io moby-engine containerd.io; do
		[ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" = "install ok installed" ] &&
			return 0
	done
	return 1
}
daemon_runs || [ -n "${DOCKER_HOST:-}" ] || engine_installed || packages+=(docker.io)

if command -v dpkg-query >/dev/null 2>&1; then
	missing=()
	for p in "${packages[@]}"; do
		status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null) || status=
		[ "$status" = "install ok installed" ] || missing+=("$p")
	done
	if [ "${#missing[@]}" -gt 0 ]; then
		if [ "$(id -u)" -ne 0 ]; then
			echo "missing packages: ${missing[*]}; run this as root, or install them" >&2
			exit 1
		fi
		echo "installing: ${missing[*]}" >&2
		export DEBIAN_FRONTEND=noninteractive
		if ! apt-get install -y --no-install-recommends "${missing[@]}" >&2; then
			apt-get update >&2
			apt-get install -y --no-install-recommends "${missing[@]}" >&2
		fi
	fi
fi

# Build output goes to stderr: stdout is the report's.  The build is out of
# tree, in build/ (the directory contrib/test.sh uses too).
{
	[ -x configure ] || autoreconf -fi
	mkdir -p build
	cd build
	[ -f Makefile ] || ../configure
	make -j2
} >&2

exec ./core/dockaudit --module-dir modules/.libs "$@"
