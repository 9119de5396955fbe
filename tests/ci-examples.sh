#!/bin/bash
# The CI examples of contrib/ci (docs/formats.md, "CI examples"):
#   - every YAML file parses (python3-yaml), the GitHub workflow uploads
#     SARIF with github/codeql-action/upload-sarif and publishes JUnit, the
#     GitLab job keeps its JUnit report as a reports:junit artifact;
#   - every dockaudit option the examples use is one `dockaudit --help`
#     lists, every format of --output one it names, and each example wires
#     in --waivers .dockaudit-waivers.yaml, --baseline baseline.json and
#     --fail-on new;
#   - each example's dockaudit command, run as written (plus a snapshot
#     fixture) in a folder holding the example waiver file and a baseline
#     from an earlier run, passes its gate and writes every report.
# Needs python3 with yaml; skips without it (fails under CI=true).

# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/integration/lib.sh" || exit 99

da_require_bin
python3 -c 'import yaml' 2>/dev/null || da_skip "python3-yaml not installed"
da_setup
T=$DA_TMP
CI_DIR=$DA_SRCDIR/contrib/ci
SNAP=$DA_FIXTURES/runtime-base.json

"$DA_BIN" --help >"$T/help" 2>&1 || da_die "dockaudit --help failed"

# One line per example: FILE<TAB>the dockaudit command's words, NUL-free,
# each shell-quoted; problems with the structure go to $T/structure.
python3 - "$CI_DIR" "$T/commands" "$T/structure" <<'PY' || da_die "cannot read the examples"
import glob, os, shlex, sys, yaml
ci, out, probs = sys.argv[1:4]
lines, bad = [], []

def commands(text, name):
    # shell text: join continuation lines, then the dockaudit commands
    text = text.replace("\\\n", " ")
    for line in text.splitlines():
        w = shlex.split(line, comments=True)
        if w and w[0] == "sudo":
            w = w[1:]
        if w and w[0] == "dockaudit":
            lines.append(name + "\t" + shlex.join(w[1:]))

for f in sorted(glob.glob(os.path.join(ci, "*.yml")) +
                glob.glob(os.path.join(ci, "*.yaml"))):
    name = os.path.basename(f)
    try:
        doc = yaml.safe_load(open(f))
    except yaml.YAMLError as e:
        bad.append("%s: not YAML: %s" % (name, str(e).replace("\n", " ")))
        continue
    if not isinstance(doc, dict):
        bad.append("%s: not a mapping" % name)
        continue
    print("parsed %s" % name)
    if name == "github-actions.yml":
        steps = [s for j in doc.get("jobs", {}).values()
                 for s in j.get("steps", [])]
        uses = [s.get("uses", "") for s in steps]
        if not any(u.startswith("github/codeql-action/upload-sarif@") and
                   s.get("with", {}).get("sarif_file")
                   for u, s in zip(uses, steps)):
            bad.append("%s: no upload-sarif step with a sarif_file" % name)
        if not any("junit" in u for u in uses):
            bad.append("%s: no JUnit publishing step" % name)
        if "security-events" not in doc.get("permissions", {}):
            bad.append("%s: no security-events permission" % name)
        for s in steps:
            if "run" in s:
                commands(s["run"], name)
    elif name == "gitlab-ci.yml":
        job = doc.get("dockaudit", {})
        if not job.get("artifacts", {}).get("reports", {}).get("junit"):
            bad.append("%s: no artifacts:reports:junit" % name)
        for s in job.get("script", []):
            commands(s, name)
    elif name == "dockaudit-waivers.yaml":
        entries = doc.get("waivers", [])
        if not entries or not all("justification" in e and "expires" in e
                                  for e in entries):
            bad.append("%s: entries without justification or expiry" % name)
with open(out, "w") as o:
    o.write("".join(l + "\n" for l in lines))
with open(probs, "w") as o:
    o.write("".join(b + "\n" for b in bad))
PY

if [ -s "$T/structure" ]; then
	while IFS= read -r p; do da_fail "$p"; done <"$T/structure"
else
	da_ok "the examples parse and have their SARIF, JUnit and waiver parts"
fi
for f in github-actions.yml gitlab-ci.yml; do
	grep -q "^$f	" "$T/commands" || da_fail "$f: no dockaudit command found"
done

# The options and formats of --help.
sed -n 's/^ *\(--[a-z][-a-z]*\).*/\1/p; s/^ *-[a-zA-Z], \(--[a-z][-a-z]*\).*/\1/p' \
	"$T/help" | sort -u >"$T/options"
formats=$(sed -n '/^Formats:/,/^$/s/^  \([a-z][-a-z]*\) .*/\1/p' "$T/help")

n=0
while IFS=$'\t' read -r file cmd; do
	n=$((n + 1))
	eval "set -- $cmd"
	missing=
	wired=
	for w in "$@"; do
		case $w in
		--*)
			grep -qxF -- "$w" "$T/options" || missing="$missing $w"
			;;
		esac
	done
	prev=
	for w in "$@"; do
		case "$prev $w" in
		"--output "*)
			printf '%s\n' "$formats" | grep -qxF -- "${w%%:*}" ||
				missing="$missing format:${w%%:*}"
			;;
		"--waivers .dockaudit-waivers.yaml") wired="$wired waivers" ;;
		"--baseline baseline.json") wired="$wired baseline" ;;
		"--fail-on new") wired="$wired new" ;;
		esac
		prev=$w
	done
	if [ -z "$missing" ]; then
		da_ok "$file: every option and format it uses is in dockaudit --help"
	else
		da_fail "$file: not in dockaudit --help:$missing"
	fi
	if [ "$wired" = " waivers baseline new" ]; then
		da_ok "$file: waivers, baseline and --fail-on new wired in"
	else
		da_fail "$file: wires in only:$wired"
	fi

	# The command as written, on a snapshot, with the example waiver file
	# and a baseline from an earlier run of the same snapshot.
	d=$T/run$n
	mkdir -p "$d"
	cp "$CI_DIR/dockaudit-waivers.yaml" "$d/.dockaudit-waivers.yaml"
	"$DA_BIN" --module-dir "$DA_MODULE_DIR" --snapshot "$SNAP" \
		--format json >"$d/baseline.json" 2>"$d/baseline.err"
	(cd "$d" && "$DA_BIN" --module-dir "$DA_MODULE_DIR" --snapshot "$SNAP" \
		"$@" >"$d/stdout" 2>"$d/stderr")
	rc=$?
	if [ $rc -eq 0 ]; then
		da_ok "$file: its command passes its gate (no new finding)"
	else
		da_fail "$file: its command exits $rc: $(head -n 2 "$d/stderr" | tr '\n' ' ')"
	fi
	prev=
	for w in "$@"; do
		if [ "$prev" = --output ]; then
			[ -s "$d/${w#*:}" ] || da_fail "$file: no ${w#*:} written"
		fi
		prev=$w
	done
done <"$T/commands"
[ "$n" -ge 2 ] || da_fail "found $n dockaudit commands, want one per example"

da_finish
