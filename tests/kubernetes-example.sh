#!/bin/bash
# The Kubernetes example of contrib/kubernetes (docs/fleet.md, "Kubernetes"),
# which no test runs on a cluster: it parses as YAML (python3-yaml), says
# in its header that it is untested, and holds a DaemonSet with what the
# run recipe needs (hostPID, the host's root and the docker socket mounted
# read-only, a report folder on the node, the two capabilities); every
# option it passes to dockaudit is one `dockaudit --help` lists, and the
# format of its --output one the help names.
# Needs python3 with yaml; skips without it (fails under CI=true).

# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/integration/lib.sh" || exit 99

da_require_bin
python3 -c 'import yaml' 2>/dev/null || da_skip "python3-yaml not installed"
da_setup
T=$DA_TMP
K=$DA_SRCDIR/contrib/kubernetes/dockaudit-daemonset.yaml
"$DA_BIN" --help >"$T/help" 2>&1 || da_die "dockaudit --help failed"

python3 - "$K" "$T/help" >"$T/problems" <<'PY'
import re, sys, yaml
path, helpfile = sys.argv[1:3]
text = open(path).read()
help_text = open(helpfile).read()
bad = []

def want(cond, msg):
    if not cond:
        bad.append(msg)

header = "".join(l for l in text.splitlines(True)[:12] if l.startswith("#"))
want("UNTESTED" in header, "the header does not say the example is untested")
try:
    docs = [d for d in yaml.safe_load_all(text) if d is not None]
except yaml.YAMLError as e:
    print("not YAML: %s" % str(e).replace("\n", " "))
    sys.exit(1)
ds = [d for d in docs if d.get("kind") == "DaemonSet"]
want(len(ds) == 1, "%d DaemonSets" % len(ds))
if ds:
    spec = ds[0]["spec"]["template"]["spec"]
    want(spec.get("hostPID") is True, "hostPID is not true")
    vols = {v["name"]: v for v in spec.get("volumes", [])}
    paths = {n: v.get("hostPath", {}).get("path") for n, v in vols.items()}
    audit = [c for c in spec.get("initContainers", []) + spec.get("containers", [])
             if "dockaudit" in c.get("image", "")]
    want(len(audit) == 1, "%d dockaudit containers" % len(audit))
    if audit:
        c = audit[0]
        mounts = {m["mountPath"]: m for m in c.get("volumeMounts", [])}
        for mp, hp in [("/host", "/"), ("/var/run/docker.sock", "/var/run/docker.sock")]:
            m = mounts.get(mp)
            want(m is not None and paths.get(m["name"]) == hp,
                 "%s is not the host's %s" % (mp, hp))
            want(m is not None and m.get("readOnly") is True, "%s is not read-only" % mp)
        out = mounts.get("/out")
        want(out is not None and (paths.get(out["name"]) or "").startswith("/"),
             "no report folder of the node at /out")
        caps = c.get("securityContext", {}).get("capabilities", {}).get("add", [])
        for cap in ("AUDIT_CONTROL", "SYS_PTRACE"):
            want(cap in caps, "capability %s not added" % cap)
        args = [str(a) for a in c.get("args", [])]
        want(args[:2] == ["--host-root", "/host"], "no --host-root /host first: %s" % args)
        for a in args:
            if a.startswith("-"):
                want(re.search(r"(^|[ ,])%s([ ,]|$)" % re.escape(a.split("=")[0]),
                               help_text, re.M) is not None,
                     "option %s is not in dockaudit --help" % a)
        for i, a in enumerate(args[:-1]):
            if a == "--output":
                fmt = args[i + 1].split(":")[0]
                want(re.search(r"^  %s " % re.escape(fmt), help_text, re.M) is not None,
                     "--output format %s is not in dockaudit --help" % fmt)
                want(args[i + 1].split(":", 1)[1].startswith("/out/"),
                     "--output does not write to the report folder")
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
PY
rc=$?
if [ $rc -eq 0 ]; then
	da_ok "the DaemonSet example parses and holds the run recipe's mounts, hostPID and options"
else
	da_fail "the DaemonSet example: $(tr '\n' ';' <"$T/problems")"
fi
da_finish
