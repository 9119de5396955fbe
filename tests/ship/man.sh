#!/bin/bash
# The man pages: dockaudit(1) and dockaudit-modules(7) render with man -l
# and groff -ww without a warning, and neither drifts from the program:
# every option, exit code and usage form of --help is in dockaudit(1), and
# so is every environment variable the program reads (core/*.c) or names;
# every entry of the host's function table and every DA_ constant of the
# SDK header is in dockaudit-modules(7), with the header's ABI version.
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/../integration/lib.sh"

da_require_bin
command -v groff >/dev/null 2>&1 || da_skip "groff not found (install groff)"
command -v man >/dev/null 2>&1 || da_skip "man not found (install man-db)"
da_setup
P1=$DA_BUILDDIR/docs/man/dockaudit.1
P7=$DA_BUILDDIR/docs/man/dockaudit-modules.7
H=$DA_SRCDIR/sdk/dockaudit/module.h
[ -f "$P1" ] && [ -f "$P7" ] || da_die "man pages not built ($P1, $P7)"

# render PAGE: plain text, wide lines (one entry per line).
render() {
	MANWIDTH=250 LC_ALL=C.UTF-8 man -E UTF-8 -l "$1" 2>/dev/null | col -bx
}
# section PAGE NAME: the rendered text of one section.
section() {
	render "$1" | awk -v s="$2" '/^[A-Z]/ { on = ($0 == s); next } on'
}

for p in "$P1" "$P7"; do
	n=$(basename "$p")
	w=$(groff -ww -man -Tutf8 -z "$p" 2>&1)
	if [ -z "$w" ]; then da_ok "$n: groff -ww, no warning"; else da_fail "$n: groff -ww: $w"; fi
	w=$(LC_ALL=C.UTF-8 MANROFFSEQ='' MANWIDTH=80 man --warnings -E UTF-8 -l -Tutf8 -Z "$p" 2>&1 >/dev/null)
	if [ -z "$w" ]; then da_ok "$n: man --warnings -l, no warning"; else da_fail "$n: man -l: $w"; fi
	if [ "$(render "$p" | wc -l)" -gt 40 ]; then da_ok "$n: renders"; else da_fail "$n: renders"; fi
done

for s in NAME SYNOPSIS DESCRIPTION OPTIONS "EXIT STATUS" ENVIRONMENT FILES EXAMPLES "SEE ALSO"; do
	if render "$P1" | grep -qx "$s"; then da_ok "dockaudit.1 has $s"; else da_fail "dockaudit.1 has no $s section"; fi
done

"$DA_BIN" --help >"$DA_TMP/help" || da_fail "--help exits 0"

# Every option of --help, in OPTIONS (or COMMANDS).
section "$P1" OPTIONS >"$DA_TMP/options"
section "$P1" COMMANDS >>"$DA_TMP/options"
n=0
missing=
for o in $(awk '/^  +-/ { sub(/^ +/, ""); split($0, w, /  +/); m = split(w[1], t, /[ ,]+/); for (i = 1; i <= m; i++) if (t[i] ~ /^-/) print t[i] }' "$DA_TMP/help"); do
	n=$((n + 1))
	grep -qE -- "(^|[ ,/])$o([ ,=]|$)" "$DA_TMP/options" || missing="$missing $o"
done
if [ "$n" -gt 20 ] && [ -z "$missing" ]; then
	da_ok "dockaudit.1 documents all $n options of --help"
else
	da_fail "dockaudit.1 OPTIONS lacks:$missing ($n options in --help)"
fi

# Every exit code of --help, in EXIT STATUS.
section "$P1" "EXIT STATUS" >"$DA_TMP/exit"
codes=$(awk '/^Exit codes:/ { on = 1; next } on && /^[^ ]/ { on = 0 } on && /^  [0-9]/ { print $1 }' "$DA_TMP/help")
missing=
for c in $codes; do
	grep -qE "^ +$c( |$)" "$DA_TMP/exit" || missing="$missing $c"
done
if [ -n "$codes" ] && [ -z "$missing" ]; then
	da_ok "dockaudit.1 EXIT STATUS has codes" $codes
else
	da_fail "dockaudit.1 EXIT STATUS lacks:$missing"
fi

# Every environment variable read by the program or named by --help, in
# ENVIRONMENT.
section "$P1" ENVIRONMENT >"$DA_TMP/env"
vars=$( {
	grep -ohE '\b(secure_)?getenv\("[A-Z_]+"\)|\benv\("[A-Z_]+"\)' "$DA_SRCDIR"/core/*.c | grep -oE '"[A-Z_]+"' | tr -d '"'
	grep -oE '\$[A-Z][A-Z_]+' "$DA_TMP/help" | tr -d '$'
	grep -oE '\b[A-Z]+_[A-Z_]+ is set' "$DA_TMP/help" | cut -d' ' -f1
} | sort -u)
missing=
for v in $vars; do
	grep -qE "^ +$v( |$)" "$DA_TMP/env" || missing="$missing $v"
done
if [ "$(printf '%s\n' $vars | wc -l)" -ge 5 ] && [ -z "$missing" ]; then
	da_ok "dockaudit.1 ENVIRONMENT has" $vars
else
	da_fail "dockaudit.1 ENVIRONMENT lacks:$missing"
fi

# The installed module folder and the version, as configured.
md=$(sed -n 's/.* then \(\/[^ ]*\/modules\).*/\1/p' "$DA_TMP/help" | head -n1)
if [ -n "$md" ] && section "$P1" FILES | grep -qF "$md"; then
	da_ok "dockaudit.1 FILES names $md"
else
	da_fail "dockaudit.1 FILES names the module folder (${md:-not found in --help})"
fi
v=$("$DA_BIN" --version | awk '{ print $2 }')
if grep -qF "\"dockaudit $v\"" "$P1" && grep -qF "\"dockaudit $v\"" "$P7"; then
	da_ok "both pages carry version $v"
else
	da_fail "pages carry version $v"
fi

# dockaudit-modules(7) against the SDK header.
render "$P7" >"$DA_TMP/p7"
major=$(sed -n 's/^#define DA_ABI_MAJOR \([0-9][0-9]*\).*/\1/p' "$H")
minor=$(sed -n 's/^#define DA_ABI_MINOR \([0-9][0-9]*\).*/\1/p' "$H")
if grep -qF "module ABI $major.$minor." "$DA_TMP/p7"; then
	da_ok "dockaudit-modules.7 describes ABI $major.$minor"
else
	da_fail "dockaudit-modules.7 does not describe ABI $major.$minor"
fi
members=$(awk '/^struct da_host \{/ { on = 1; next } on && /^\};/ { on = 0 } on' "$H" |
	grep -oE '\(\*[a-z_0-9]+\)' | tr -d '(*)')
consts=$(grep -oE '\bDA_[A-Z_]+\b' "$H" | grep -vE '^DA_(PRINTF|EXPORT)$' | sort -u)
missing=
for m in $members size; do
	grep -qE "(^|[^a-z_])$m([^a-z_]|$)" "$DA_TMP/p7" || missing="$missing $m"
done
if [ "$(printf '%s\n' $members | wc -l)" -ge 10 ] && [ -z "$missing" ]; then
	da_ok "dockaudit-modules.7 documents every entry of struct da_host"
else
	da_fail "dockaudit-modules.7 lacks struct da_host entries:$missing"
fi
missing=
for c in $consts; do
	grep -qE "(^|[^A-Z_])$c([^A-Z_]|$)" "$DA_TMP/p7" || missing="$missing $c"
done
if [ -z "$missing" ]; then
	da_ok "dockaudit-modules.7 documents every DA_ constant ($(printf '%s\n' $consts | wc -l))"
else
	da_fail "dockaudit-modules.7 lacks:$missing"
fi
da_finish
