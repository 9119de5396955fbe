#!/bin/sh
# SARIF from every snapshot fixture, and from hostile copies of them
# (names and paths with quotes, <>&, newlines, ESC, invalid UTF-8), each
# checked by Microsoft's SARIF validator (`sarif-multitool validate`, all
# its rules at their defaults): any error-level result fails the test.
#
# The validator comes from npm (@microsoft/sarif-multitool), installed once
# into $DA_BUILDDIR/tests/sarif-tool (never globally); DA_SARIF_MULTITOOL
# names one already installed.  Without npm or the network the test skips
# (77), and fails under CI=true.
set -u

: "${DA_SRCDIR:?}" "${DA_BUILDDIR:?}" "${DA_MODULE_DIR:?}" "${DA_FIXTURES:?}"
BIN="$DA_BUILDDIR/core/dockaudit"
TOOLDIR="$DA_BUILDDIR/tests/sarif-tool"
VERSION=5.7.0

skip() {
	if [ "${CI:-}" = true ]; then
		echo "FAIL (CI=true, no skipping): $*"
		exit 1
	fi
	echo "SKIP: $*"
	exit 77
}

tool="${DA_SARIF_MULTITOOL:-}"
if [ -z "$tool" ]; then
	tool="$TOOLDIR/node_modules/.bin/sarif-multitool"
	if [ ! -x "$tool" ]; then
		command -v npm >/dev/null 2>&1 || skip "npm not installed (apt-get install npm)"
		mkdir -p "$TOOLDIR" &&
		npm install --no-audit --no-fund --prefix "$TOOLDIR" \
			"@microsoft/sarif-multitool@$VERSION" >"$TOOLDIR/install.log" 2>&1 ||
			skip "cannot install @microsoft/sarif-multitool (see $TOOLDIR/install.log)"
	fi
	# npm may leave out the package's postinstall (chmod of the binary)
	for b in "$TOOLDIR"/node_modules/@microsoft/sarif-multitool-*/Sarif.Multitool; do
		[ -f "$b" ] && chmod u+x "$b"
	done
fi
# the .NET binary needs no ICU this way
DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1; export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT
"$tool" --version >/dev/null 2>&1 || skip "$tool does not run"

work=$(mktemp -d "${TMPDIR:-/tmp}/da-sarif-XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT

# Hostile copies: every name, tag and path string of a fixture prefixed
# with hostile bytes (invalid UTF-8 written raw into the JSON text).
python3 - "$DA_FIXTURES" "$work" <<'PY' || exit 1
import glob, json, os, sys
src, out = sys.argv[1], sys.argv[2]
BAD = '"q\' <b>&amp; \n\x1b[31m\x1b]0;t\x07 @@BAD@@ '
KEYS = {"Name", "Names", "RepoTags", "Image", "path", "Source",
        "Destination", "Hostname"}
def walk(v, key=None):
    if isinstance(v, dict):
        return {k: walk(x, k) for k, x in v.items()}
    if isinstance(v, list):
        return [walk(x, key) for x in v]
    if isinstance(v, str) and key in KEYS:
        if v.startswith("/"):
            return v + "/" + BAD
        return BAD + v
    return v
for f in sorted(glob.glob(os.path.join(src, "*-base.json"))):
    d = walk(json.load(open(f)))
    text = json.dumps(d, ensure_ascii=False).encode()
    text = text.replace(b"@@BAD@@", b"\xff\xfe\xc0\xaf\xed\xa0\x80")
    with open(os.path.join(out, "hostile-" + os.path.basename(f)), "wb") as o:
        o.write(text)
PY

fail=0
n=0
for snap in "$DA_FIXTURES"/*-base.json "$work"/hostile-*.json; do
	name=$(basename "$snap" .json)
	sarif="$work/$name.sarif"
	"$BIN" --module-dir "$DA_MODULE_DIR" --snapshot "$snap" \
		--format sarif >"$sarif" 2>"$work/$name.err"
	rc=$?
	if [ $rc -ne 0 ] || [ ! -s "$sarif" ]; then
		echo "FAIL: $name: dockaudit exit $rc"
		cat "$work/$name.err"
		fail=1
		continue
	fi
	"$tool" validate -o "$work/$name.log.sarif" "$sarif" >"$work/$name.out" 2>&1
	vrc=$?
	# the validator's own log is SARIF: count its error-level results
	errors=$(python3 - "$work/$name.log.sarif" <<'PY'
import json, sys
try:
    d = json.load(open(sys.argv[1]))
except Exception as e:
    print("unreadable validator log: %s" % e)
    sys.exit(0)
n = 0
for run in d.get("runs", []):
    for r in run.get("results", []):
        if r.get("level", "warning") == "error":
            n += 1
            print("%s: %s" % (r.get("ruleId"), r.get("message", {}).get("text", "")[:300]))
    for inv in run.get("invocations", []):
        for t in inv.get("toolExecutionNotifications", []):
            if t.get("level", "warning") == "error":
                n += 1
                print("tool: %s" % t.get("message", {}).get("text", "")[:300])
PY
)
	n=$((n + 1))
	if [ $vrc -ne 0 ] || [ -n "$errors" ]; then
		echo "FAIL: $name: validator exit $vrc"
		printf '%s\n' "$errors"
		grep -i "error" "$work/$name.out" | head -20
		fail=1
	else
		echo "ok: $name ($(grep -c 'warning SARIF' "$work/$name.out") warnings)"
	fi
done
[ $n -gt 0 ] || { echo "FAIL: no fixture"; exit 1; }
exit $fail
