#!/bin/sh
# SARIF from every snapshot fixture, and from hostile copies of them
# (names and paths with quotes, <>&, newlines, ESC, invalid UTF-8), each
# checked by Microsoft's SARIF validator (`sarif-multitool validate`, all
# its rules at their defaults): any error-level result fails the test.
# Each is also written with a waiver file (hostile justification and
# owner: results with suppressions) and a baseline (baselineState): the
# daemon fixture and the hostile copies.  A broken SARIF file must fail
# the same validation: the check can fail.
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
# with hostile bytes (invalid UTF-8 written raw into the JSON text), the
# same bytes as tests/html-chromium.sh's copies without their HTML.
python3 "$DA_SRCDIR/tests/hostile-fixtures.py" --bytes-only "$DA_FIXTURES" "$work" || exit 1

# validate NAME FILE: the validator's verdict (0 valid), its errors printed.
validate() {
	"$tool" validate -o "$work/$1.log.sarif" "$2" >"$work/$1.out" 2>&1
	vrc=$?
	# the validator's own log is SARIF: count its error-level results
	errors=$(python3 - "$work/$1.log.sarif" <<'PY'
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
	if [ $vrc -ne 0 ] || [ -n "$errors" ]; then
		echo "$1: validator exit $vrc"
		printf '%s\n' "$errors"
		grep -i "error" "$work/$1.out" | head -20
		return 1
	fi
	return 0
}

# The waivers (hostile strings; every object of section 5) and the
# baseline (the daemon fixture's JSON report: some results new, some not).
cat >"$work/waivers.yaml" <<'EOF'
waivers:
  - check: "2.*"
    justification: "\"q' <b>&amp; \n\e[31m\e]0;t\a reviewed"
    owner: "<team> & \"ops\""
    expires: 2999-12-31
  - check: "5.*"
    objects: ["*"]
    justification: accepted for the test
    expires: 2999-12-31
EOF
"$BIN" --module-dir "$DA_MODULE_DIR" --snapshot "$DA_FIXTURES/daemon-base.json" \
	--format json >"$work/baseline.json" 2>"$work/baseline.err" ||
	{ echo "FAIL: the baseline report"; cat "$work/baseline.err"; exit 1; }

fail=0
n=0
for snap in "$DA_FIXTURES"/*-base.json "$work"/hostile-*.json; do
	name=$(basename "$snap" .json)
	variants=plain
	case $name in hostile-*|daemon-base) variants="plain waived" ;; esac
	for variant in $variants; do
		sarif="$work/$name.$variant.sarif"
		if [ "$variant" = waived ]; then
			set -- --waivers "$work/waivers.yaml" --baseline "$work/baseline.json"
		else
			set --
		fi
		"$BIN" --module-dir "$DA_MODULE_DIR" --snapshot "$snap" \
			--format sarif "$@" >"$sarif" 2>"$work/$name.err"
		rc=$?
		if [ $rc -ne 0 ] || [ ! -s "$sarif" ]; then
			echo "FAIL: $name ($variant): dockaudit exit $rc"
			cat "$work/$name.err"
			fail=1
			continue
		fi
		n=$((n + 1))
		if ! validate "$name.$variant" "$sarif"; then
			echo "FAIL: $name ($variant)"
			fail=1
			continue
		fi
		if [ "$variant" = waived ] && ! grep -q '"suppressions"' "$sarif"; then
			echo "FAIL: $name ($variant): no result has suppressions"
			fail=1
			continue
		fi
		echo "ok: $name ($variant, $(grep -c 'warning SARIF' "$work/$name.$variant.out") warnings)"
	done
done
[ $n -gt 0 ] || { echo "FAIL: no fixture"; exit 1; }

# The validation can fail: a SARIF file of a version that does not exist
# is refused.
for broken in version; do
	python3 - "$work/daemon-base.waived.sarif" "$work/broken-$broken.sarif" "$broken" <<'PY' || exit 1
import json, sys
d = json.load(open(sys.argv[1]))
d["version"] = "9.9.9"
json.dump(d, open(sys.argv[2], "w"))
PY
	if validate "broken-$broken" "$work/broken-$broken.sarif" >/dev/null; then
		echo "FAIL: a broken SARIF file ($broken) passes the validation"
		fail=1
	else
		echo "ok: a broken SARIF file ($broken) fails the validation"
	fi
done
exit $fail
