#!/bin/bash
# Builds the dockaudit container image without a registry: configures and
# builds this source tree for /usr (out of tree, in a scratch folder),
# installs it into an empty root, adds exactly the shared libraries that
# the binary and its modules need (ldd), a passwd/group naming root, and
# imports that root with `docker import` into the daemon the docker CLI
# talks to (DOCKER_HOST).  No shell, no package manager: the entrypoint is
# /usr/bin/dockaudit, the user root (a full audit of the host needs it;
# see the README's run recipe).
#
#   contrib/image/build.sh [TAG]            # default dockaudit:VERSION and dockaudit:latest
#   contrib/image/build.sh --rootfs DIR     # only assemble the root in DIR
#                                           # (the Dockerfile's build stage)
set -euo pipefail

src=$(cd "$(dirname "$0")/../.." && pwd)
rootfs=
tag=
case ${1:-} in
--rootfs) rootfs=${2:?--rootfs needs a folder}; mkdir -p "$rootfs"; rootfs=$(cd "$rootfs" && pwd) ;;
-h | --help) sed -n '2,15s/^# \{0,1\}//p' "$0"; exit 0 ;;
*) tag=${1:-} ;;
esac

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ -n "$rootfs" ] || { rootfs=$work/rootfs; mkdir "$rootfs"; }
chmod 0755 "$rootfs"

# Build for /usr with modules in /usr/lib/dockaudit/modules.
[ -x "$src/configure" ] || (cd "$src" && autoreconf -fi) >&2
mkdir "$work/build"
(
	cd "$work/build"
	"$src/configure" --prefix=/usr --libdir=/usr/lib --sysconfdir=/etc --localstatedir=/var \
		--disable-dependency-tracking CFLAGS="${CFLAGS:--O2 -g0}"
	make -j"$(nproc 2>/dev/null || echo 2)"
	make install DESTDIR="$work/inst"
) >"$work/build.log" 2>&1 || { tail -n 30 "$work/build.log" >&2; echo "build.sh: build failed" >&2; exit 1; }

install -d -m 0755 "$rootfs/usr/bin" "$rootfs/usr/lib/dockaudit/modules" \
	"$rootfs/usr/share/dockaudit/schema" "$rootfs/etc" "$rootfs/host" "$rootfs/var/run"
install -d -m 1777 "$rootfs/tmp"
install -m 0755 "$work/inst/usr/bin/dockaudit" "$rootfs/usr/bin/dockaudit"
install -m 0644 "$work/inst/usr/lib/dockaudit/modules/"*.so "$rootfs/usr/lib/dockaudit/modules/"
install -m 0644 "$work/inst/usr/share/dockaudit/schema/"* "$rootfs/usr/share/dockaudit/schema/"
strip --strip-unneeded "$rootfs/usr/bin/dockaudit" "$rootfs/usr/lib/dockaudit/modules/"*.so 2>/dev/null || true

# The shared libraries (and the dynamic loader) at the paths ldd names.
for f in "$rootfs/usr/bin/dockaudit" "$rootfs/usr/lib/dockaudit/modules/"*.so; do
	ldd "$f" | awk '/=> \// { print $3 } /^\t\/[^ ]+ \(/ { print $1 }'
done | sort -u | while read -r lib; do
	install -d -m 0755 "$rootfs$(dirname "$lib")"
	cp -L "$lib" "$rootfs$lib"
	# the dynamic loader is executed by the kernel: it keeps its x bits
	case $lib in */ld-linux*) chmod 0755 "$rootfs$lib" ;; *) chmod 0644 "$rootfs$lib" ;; esac
done
# TLS towards tcp:// daemons: the system's CA bundle, when there is one.
if [ -f /etc/ssl/certs/ca-certificates.crt ]; then
	install -d -m 0755 "$rootfs/etc/ssl/certs"
	install -m 0644 /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/"
fi
printf 'root:x:0:0:root:/root:/usr/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n' >"$rootfs/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$rootfs/etc/group"
chmod 0644 "$rootfs/etc/passwd" "$rootfs/etc/group"
[ "$(id -u)" -ne 0 ] || chown -R 0:0 "$rootfs"

"$rootfs/usr/bin/dockaudit" --version >/dev/null 2>&1 || true
[ "$rootfs" = "$work/rootfs" ] || exit 0

version=$("$work/inst/usr/bin/dockaudit" --version | awk '{ print $2 }')
tag=${tag:-dockaudit:$version}
tar --numeric-owner -C "$rootfs" -cf "$work/rootfs.tar" .
docker import \
	-c 'ENTRYPOINT ["/usr/bin/dockaudit"]' \
	-c 'USER 0:0' \
	-c 'WORKDIR /' \
	-c "LABEL org.opencontainers.image.title=dockaudit org.opencontainers.image.version=$version" \
	"$work/rootfs.tar" "$tag" >/dev/null
[ "${tag%:*}:latest" = "$tag" ] || docker tag "$tag" "${tag%:*}:latest"
echo "$tag"
