#!/bin/bash
# The Debian packages (not part of make check: it builds everything again;
# contrib/test.sh runs it): dpkg-buildpackage -us -uc -b on a copy of the
# source tree, lintian without errors, then installs both packages and
# checks what a user gets: dockaudit --version, the man pages, the
# completions, the schema, the modules (root-owned, 0644, in
# /usr/lib/<multiarch>/dockaudit/modules), the SDK (an example module built
# with pkg-config loads), and an audit of a private dockerd by the
# installed binary with its installed modules.  Packages it installed are
# purged at the end.
#
#   DA_SRCDIR=. DA_BUILDDIR=build tests/ship/deb.sh
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/../integration/lib.sh"

da_require_jq
command -v dpkg-buildpackage >/dev/null 2>&1 || da_skip "dpkg-buildpackage not found (install dpkg-dev)"
command -v dh >/dev/null 2>&1 || da_skip "dh not found (install debhelper)"
command -v lintian >/dev/null 2>&1 || da_skip "lintian not found"
[ "$(id -u)" -eq 0 ] || da_skip "not root: installing the packages needs root"
da_require_daemon
da_setup
T=$DA_TMP
purge=()
cleanup() {
	local rc=$?
	da_daemon_stop
	[ "${#purge[@]}" -eq 0 ] || dpkg --purge "${purge[@]}" >/dev/null 2>&1
	(exit $rc)
	da_cleanup
}
trap cleanup EXIT

# A clean copy: no build folders, no configured tree.
mkdir "$T/src"
tar -C "$DA_SRCDIR" --exclude='./build*' --exclude=./.git --exclude=./autom4te.cache \
	--exclude=./config.status --exclude=./Makefile --exclude=./config.h -cf - . | tar -C "$T/src" -xf - ||
	da_die "cannot copy the source tree"
if (cd "$T/src" && DEB_BUILD_OPTIONS="nocheck ${DEB_BUILD_OPTIONS:-}" \
	dpkg-buildpackage -us -uc -b) >"$T/build.log" 2>&1; then
	da_ok "dpkg-buildpackage -us -uc -b"
else
	tail -n 40 "$T/build.log" >&2
	da_die "dpkg-buildpackage failed"
fi
ma=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
deb=$(ls "$T"/dockaudit_*.deb)
dev=$(ls "$T"/dockaudit-dev_*.deb)

# lintian keeps temporary databases in TMPDIR and does not always remove
# them: give it a folder of this test's own, removed with the rest.
mkdir "$T/lintian-tmp"
TMPDIR="$T/lintian-tmp" lintian --no-tag-display-limit "$deb" "$dev" >"$T/lintian" 2>&1
grep -E '^[EW]:' "$T/lintian" >&2
if grep -q '^E:' "$T/lintian"; then da_fail "lintian: errors"; else da_ok "lintian: no error"; fi

# What each package holds.
dpkg-deb -c "$deb" >"$T/deb.list"
dpkg-deb -c "$dev" >"$T/dev.list"
for f in ./usr/bin/dockaudit "./usr/lib/$ma/dockaudit/modules/daemon.so" \
	./usr/share/man/man1/dockaudit.1.gz ./usr/share/bash-completion/completions/dockaudit \
	./usr/share/zsh/vendor-completions/_dockaudit \
	./usr/share/dockaudit/schema/dockaudit-report-1.schema.json; do
	if grep -qF " $f" "$T/deb.list"; then da_ok "dockaudit holds $f"; else da_fail "dockaudit holds $f"; fi
done
for f in ./usr/include/dockaudit/module.h "./usr/lib/$ma/pkgconfig/dockaudit-module.pc" \
	./usr/share/man/man7/dockaudit-modules.7.gz ./usr/share/doc/dockaudit-dev/examples/example.c; do
	if grep -qF " $f" "$T/dev.list"; then da_ok "dockaudit-dev holds $f"; else da_fail "dockaudit-dev holds $f"; fi
done
bad=$(awk '/\/modules\/.*\.so$/ && !($1 == "-rw-r--r--" && $2 == "root/root")' "$T/deb.list")
if [ -z "$bad" ] && [ "$(grep -c '/modules/.*\.so$' "$T/deb.list")" -ge 7 ]; then
	da_ok "modules root-owned, 0644"
else
	da_fail "modules: $bad"
fi

# Install them (fresh Debian 12: apt resolves the dependencies).
for p in dockaudit dockaudit-dev; do
	[ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" = "install ok installed" ] || purge+=("$p")
done
if DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$deb" "$dev" >"$T/apt.log" 2>&1; then
	da_ok "apt-get install both packages"
else
	tail -n 20 "$T/apt.log" >&2
	da_die "cannot install the packages"
fi
v=$(/usr/bin/dockaudit --version)
case $v in "dockaudit "*) da_ok "installed: $v" ;; *) da_fail "dockaudit --version: $v" ;; esac
da_check "man -w dockaudit" man -w dockaudit
da_check "man -w 7 dockaudit-modules" man -w 7 dockaudit-modules
n=$(/usr/bin/dockaudit --list-modules 2>"$T/lm.err" | grep -c "/usr/lib/$ma/dockaudit/modules/")
if [ "$n" -ge 7 ] && [ ! -s "$T/lm.err" ]; then
	da_ok "$n modules load from /usr/lib/$ma/dockaudit/modules"
else
	da_fail "installed modules: $n loaded; $(head -n3 "$T/lm.err")"
fi

# The SDK: the example module builds with pkg-config and loads.
da_module_scratch
cp /usr/share/doc/dockaudit-dev/examples/example.c /usr/share/doc/dockaudit-dev/examples/Makefile "$DA_MSCRATCH/" 2>/dev/null ||
	{ gunzip -c /usr/share/doc/dockaudit-dev/examples/example.c.gz >"$DA_MSCRATCH/example.c"; cp /usr/share/doc/dockaudit-dev/examples/Makefile "$DA_MSCRATCH/"; }
if make -s -C "$DA_MSCRATCH" >"$T/ex.log" 2>&1 && chmod 644 "$DA_MSCRATCH/example.so"; then
	da_ok "example module builds against the installed SDK"
else
	cat "$T/ex.log" >&2
	da_fail "example module builds against the installed SDK"
fi
if /usr/bin/dockaudit --module-dir "$DA_MSCRATCH" --list-modules 2>&1 | grep -q "$DA_MSCRATCH/example.so"; then
	da_ok "the example module loads"
else
	da_fail "the example module loads"
fi

# An audit of a private dockerd with the installed binary and modules.
da_daemon_start
/usr/bin/dockaudit --format json >"$T/audit.json" 2>"$T/audit.err"
da_assert_rc 0 $? "installed dockaudit audits a private dockerd"
n=$(jq '[.sections[].checks[]] | length' "$T/audit.json")
if [ "${n:-0}" -ge 100 ]; then da_ok "$n checks reported"; else da_fail "$n checks reported"; fi
# a fresh daemon keeps icc on: 2.2 warns
da_assert_status "$T/audit.json" 2.2 WARN
da_finish
