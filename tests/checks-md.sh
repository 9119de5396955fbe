#!/bin/sh
# docs/checks.md must be what contrib/gen-checks-md.sh makes of the built
# tree: the check table comes from the check descriptors, never by hand.
# Regenerate with: contrib/gen-checks-md.sh BUILDDIR > docs/checks.md
srcdir=${DA_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
builddir=${DA_BUILDDIR:-$PWD}
out=$(mktemp "${TMPDIR:-/tmp}/checks-md.XXXXXX") || exit 99
trap 'rm -f "$out"' EXIT INT TERM

if ! sh "$srcdir/contrib/gen-checks-md.sh" "$builddir" >"$out"; then
	echo "FAIL: contrib/gen-checks-md.sh failed"
	exit 1
fi
# a sanity floor, so that an empty listing cannot match an empty file
# (each version: its CIS checks, section 8's 9 and the 7 community checks)
n=$(grep -c '^| [0-9][0-9.]* | [^*]' "$out")
if [ "$n" -ne $((117 + 117 + 118 + 3 * 9)) ]; then
	echo "FAIL: the generated table has $n numbered check rows, want 379"
	exit 1
fi
c=$(grep -c '^| C\.[0-9.]* | [^*]' "$out")
if [ "$c" -ne $((3 * 7)) ]; then
	echo "FAIL: the generated table has $c community check rows, want 21"
	exit 1
fi
if ! diff -u "$srcdir/docs/checks.md" "$out"; then
	echo "FAIL: docs/checks.md is stale; regenerate it:"
	echo "  contrib/gen-checks-md.sh $builddir > $srcdir/docs/checks.md"
	exit 1
fi
echo "ok: docs/checks.md matches the descriptors ($n + $c check rows)"
