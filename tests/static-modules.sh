#!/bin/sh
# The bundled modules inside the binary (./configure --enable-static-modules):
# with no module folder at all, --list-modules shows every bundled module as
# built in, and a third-party module from --module-dir is still loaded
# (with dlopen) beside them.  In a build without static modules, the binary
# has no built-in module: every module it lists comes from a file.
srcdir=${DA_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
builddir=${DA_BUILDDIR:-$PWD}
bin=$builddir/core/dockaudit
bundled="host daemon files images runtime operations swarm enterprise community"
out=$(mktemp "${TMPDIR:-/tmp}/static-modules.XXXXXX") || exit 99
trap 'rm -f "$out" "$out.err"' EXIT INT TERM
fail() { echo "FAIL: $*"; [ -s "$out" ] && sed 's/^/  /' "$out"; [ -s "$out.err" ] && sed 's/^/  stderr: /' "$out.err"; exit 1; }

[ -x "$bin" ] || fail "no binary at $bin"
if grep -q '^#define DA_STATIC_MODULES 1' "$builddir/config.h"; then
	# no --module-dir, no $DOCKAUDIT_MODULE_PATH: the bundled modules only,
	# plus whatever the installed module folder holds (skipped when bundled)
	env -u DOCKAUDIT_MODULE_PATH "$bin" --list-modules >"$out" 2>"$out.err" ||
		fail "--list-modules with no module folder exited $?"
	for m in $bundled; do
		grep -q "^$m .*(built-in $m)\$" "$out" || fail "module $m is not listed as built in"
	done
	n=$(grep -c '(built-in ' "$out")
	[ "$n" -eq 9 ] || fail "$n built-in modules listed, want 9"
	# a third-party module from a folder still loads beside them
	d=$(mktemp -d "$builddir/tests/static-modules.XXXXXX") || exit 99
	chmod 0755 "$d"
	cp "$builddir/tests/.libs/abimod_1_0.so" "$d/abi10.so" && chmod 0644 "$d/abi10.so"
	env -u DOCKAUDIT_MODULE_PATH "$bin" --module-dir "$d" --list-modules >"$out" 2>"$out.err"
	rc=$?
	rm -rf "$d"
	[ "$rc" -eq 0 ] || fail "--list-modules with a module folder exited $rc"
	grep -q "^abi10 .*/abi10.so\$" "$out" || fail "the third-party module was not loaded"
	n=$(grep -c '(built-in ' "$out")
	[ "$n" -eq 9 ] || fail "$n built-in modules listed beside the third-party one, want 9"
	# the bundled module files of the build tree are shadowed, not loaded twice
	env -u DOCKAUDIT_MODULE_PATH "$bin" --module-dir "$builddir/modules/.libs" \
		--list-modules >"$out" 2>"$out.err" || fail "--module-dir modules/.libs exited $?"
	for m in $bundled; do
		n=$(grep -c "^$m " "$out")
		[ "$n" -eq 1 ] || fail "module $m listed $n times with the bundled module files"
	done
	! grep -q 'modules/\.libs/' "$out" || fail "a bundled module file was loaded beside the built-ins"
	echo "ok: static build, the 9 bundled modules are built in and a module folder still loads"
else
	env -u DOCKAUDIT_MODULE_PATH "$bin" --module-dir "$builddir/modules/.libs" \
		--list-modules >"$out" 2>"$out.err" || fail "--list-modules exited $?"
	for m in $bundled; do
		grep -q "^$m .*/modules/\.libs/$m\.so\$" "$out" || fail "module $m is not loaded from its file"
	done
	! grep -q '(built-in ' "$out" || fail "a build without static modules lists a built-in module"
	echo "ok: shared build, the 9 bundled modules are loaded from their files"
fi
