#!/bin/bash
# Third-party modules: the project installs its SDK (make install
# DESTDIR=...), contrib/example-module builds out of tree against it with
# pkg-config, and its checks show up in every output format.  Modules with
# bad descriptors are refused with one line each on stderr while the run
# goes on with the others.

# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

da_require_jq
da_require_bin
da_require_daemon
command -v pkg-config >/dev/null 2>&1 || da_skip "pkg-config not found"
command -v "${CC:-cc}" >/dev/null 2>&1 || da_skip "no C compiler"
[ -d "$DA_SRCDIR/contrib/example-module" ] || da_die "contrib/example-module is missing"
da_setup
T=$DA_TMP
# modules the loader must accept live outside /tmp (it refuses those)
da_module_scratch
M=$DA_MSCRATCH
CC=${CC:-cc}

# One live probe, saved; every run below audits the snapshot.
da_daemon_start '{}'
da_run_audit -c 2.2 --save-snapshot "$T/snap.json" >/dev/null 2>"$T/snap.err" ||
	{ cat "$T/snap.err" >&2; da_die "cannot take a snapshot"; }
da_daemon_stop
export DOCKER_HOST=unix://$T/no-daemon.sock
audit() {
	da_run_audit --snapshot "$T/snap.json" "$@"
}

# --- the installed SDK ------------------------------------------------------

env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$DA_BUILDDIR" install \
	DESTDIR="$T/inst" >"$T/install.log" 2>&1
rc=$?
da_assert_rc 0 $rc "make install DESTDIR=..."
if [ $rc -ne 0 ]; then
	tail -n 20 "$T/install.log" >&2
	da_die "make install failed"
fi
pc=$(find "$T/inst" -name dockaudit-module.pc | head -n 1)
da_check "the pkg-config file is installed ($pc)" test -f "$pc"
hdr=$(find "$T/inst" -path '*/include/dockaudit/module.h' | head -n 1)
da_check "the SDK header is installed ($hdr)" test -f "$hdr"
PKG_CONFIG_PATH=$(dirname "$pc")
PKG_CONFIG_SYSROOT_DIR=$T/inst
export PKG_CONFIG_PATH PKG_CONFIG_SYSROOT_DIR
sdk_cflags=$(pkg-config --cflags dockaudit-module)
sdk_inc=$(pkg-config --cflags-only-I dockaudit-module | sed 's/^-I//; s/[[:space:]]*$//')
da_check "pkg-config --cflags dockaudit-module finds the header ($sdk_inc)" \
	test -f "$sdk_inc/dockaudit/module.h"

# --- the example module, built out of tree ------------------------------------

cp -R "$DA_SRCDIR/contrib/example-module" "$T/ex" && chmod -R u+w "$T/ex"
find "$T/ex" \( -name '*.so' -o -name '*.o' \) -delete
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -C "$T/ex" >"$T/ex.log" 2>&1
rc=$?
da_assert_rc 0 $rc "make in a copy of contrib/example-module"
[ $rc -eq 0 ] || cat "$T/ex.log" >&2
mkdir -p "$M/extra"
find "$T/ex" -name '*.so' -exec cp {} "$M/extra/" \;
da_check "the example module is a .so" test -n "$(ls "$M/extra")"

audit --list-modules >"$T/m0" 2>/dev/null
audit --list-modules --module-dir "$M/extra" >"$T/m1" 2>"$T/m1.err"
da_assert_rc 0 $? "--list-modules with the example module"
new_mods=$(awk '{ print $1 }' "$T/m1" | sort | comm -13 <(awk '{ print $1 }' "$T/m0" | sort) -)
da_check "one more module is listed ($new_mods)" test "$(printf '%s\n' "$new_mods" | grep -c .)" -eq 1
da_check "loading it prints nothing on stderr" test ! -s "$T/m1.err"
audit --list-checks >"$T/c0" 2>/dev/null
audit --list-checks --module-dir "$M/extra" >"$T/c1" 2>/dev/null
# Check rows (not sub-section headers) carry a level: "  2.2  L1 ...".
check_ids() {
	awk '/^  / && $2 ~ /^L[0-9]/ { print $1 }' "$1" | sort
}
ids=$(check_ids "$T/c1" | comm -13 <(check_ids "$T/c0") -)
da_check "the example module adds checks ($(echo "$ids" | tr '\n' ' '))" test -n "$ids"

audit --module-dir "$M/extra" --no-color --output "json:$T/r.json" --output "junit:$T/r.xml" \
	>"$T/r.txt" 2>"$T/r.err"
da_assert_rc 0 $? "audit with the example module"
for id in $ids; do
	da_check "text output has check $id" grep -qE "^\[[A-Z]+\] ${id//./\\.}( |$)" "$T/r.txt"
	st=$(da_status "$T/r.json" "$id")
	da_check "JSON output has check $id ($st)" test "$st" != MISSING
	da_check "JUnit output has check $id" grep -qF "$id" "$T/r.xml"
done
da_assert_summary_consistent "$T/r.json"
da_check "the JSON report still validates" da_validate_json "$T/r.json"
if da_junit_schema_dir >/dev/null || [ "${CI:-}" = true ]; then
	da_check "the JUnit report still validates" da_validate_junit "$T/r.xml"
fi

# --- modules the loader must refuse ---------------------------------------------

mkdir -p "$M/bad"
cat >"$T/bad.c" <<'EOF'
#include <dockaudit/module.h>

#ifndef MAGIC
#define MAGIC DA_MODULE_MAGIC
#endif
#ifndef MAJOR
#define MAJOR DA_ABI_MAJOR
#endif
#ifndef MINOR
#define MINOR DA_ABI_MINOR
#endif

static void run(const struct da_host *h, const struct da_probe *p, struct da_result *r)
{
	(void)p;
	h->set(r, DA_PASS, "refused modules never run");
}

static const struct da_check checks[] = {
	{ .id = "90.1", .title = "Never runs (Automated)", .flags = DA_CHECK_SCORED, .run = run },
};

DA_EXPORT const struct da_module DA_MODULE_SYMBOL = {
	.magic = MAGIC, .abi_major = MAJOR, .abi_minor = MINOR,
	.size = sizeof(struct da_module), .check_size = sizeof(struct da_check),
	.name = NAME, .version = "1", .section = "90", .section_title = "Refused",
	.checks = checks, .n_checks = DA_COUNT(checks),
};
EOF
# shellcheck disable=SC2317 # called through da_check
build_bad() {
	local name=$1
	shift
	# shellcheck disable=SC2086 # pkg-config output is a list of flags
	"$CC" -shared -fPIC $sdk_cflags "-DNAME=\"$name\"" "$@" -o "$M/bad/$name.so" "$T/bad.c"
}
da_check "a module with a wrong magic builds" build_bad badmagic -DMAGIC=0x12345678u
da_check "a module of the next ABI major builds" build_bad nextmajor '-DMAJOR=(DA_ABI_MAJOR + 1)'
da_check "a module of a newer ABI minor builds" build_bad newerminor '-DMINOR=(DA_ABI_MINOR + 1)'
printf 'int not_a_descriptor = 1;\n' >"$T/nosym.c"
da_check "a module without the descriptor builds" \
	"$CC" -shared -fPIC -o "$M/bad/nosymbol.so" "$T/nosym.c"
printf 'this is not an ELF file\n' >"$M/bad/garbage.so"

audit --module-dir "$M/bad" -c 2 --output "json:$T/bad.json" >/dev/null 2>"$T/bad.err"
da_assert_rc 0 $? "the audit goes on with refused modules"
cat "$T/bad.err" >&2
for m in badmagic nextmajor newerminor nosymbol garbage; do
	da_check "$m.so is refused with one line on stderr" \
		test "$(grep -cF "$m.so" "$T/bad.err")" -eq 1
done
da_check "nothing else is printed on stderr" test "$(grep -c . "$T/bad.err")" -eq 5
da_check "no refused check ran" jq -e '[.sections[].checks[] | select(.id == "90.1")] | length == 0' "$T/bad.json"
da_assert_status "$T/bad.json" 2.2 WARN
audit -c 2 --output "json:$T/good.json" >/dev/null 2>&1
da_check "the other modules' results are unchanged" test \
	"$(jq -c '[.sections[].checks[] | [.id, .status]]' "$T/bad.json")" = \
	"$(jq -c '[.sections[].checks[] | [.id, .status]]' "$T/good.json")"

da_finish
