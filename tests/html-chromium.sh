#!/bin/bash
# The html format rendered by headless Chromium (Debian's chromium):
#
#   - for a snapshot fixture and hostile copies of fixtures
#     (tests/hostile-fixtures.py: the hostile bytes of tests/validate-sarif.sh's
#     copies, and HTML payloads), one run
#     writes JSON and HTML; the DOM Chromium builds from the HTML shows the
#     JSON's counts (summary, sections, check rows, containers) and holds
#     nothing but the formatter's own elements and attributes
#     (tests/html-dom.py);
#   - the hostile pages show their payload (<script>, onerror=, ...) as text
#     and it does not run, with the page's Content-Security-Policy and again
#     without it (the escaping alone must hold);
#   - the probe can fail: a payload let through raw runs without the CSP
#     and is blocked by it;
#   - the CSS-only filters: a probe script (allowed by its hash, beside the
#     page's own style hash) selects each filter and counts the rows left
#     visible, which are the JSON's counts per status;
#   - the fleet page of dockaudit merge --format html, one host's name a
#     payload: the DOM shows the fleet JSON's summary, hosts and checks,
#     the payload as text, and nothing ran.
#
# Chromium runs with its profile, cache and home in the test's scratch
# folder; after each run every process that names that folder is ended, by
# pid, and the test fails if one is still there at the end.  Skips without
# chromium (fails under CI=true).

# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/integration/lib.sh" || exit 99

da_require_bin
command -v python3 >/dev/null 2>&1 || da_skip "python3 not found"
command -v timeout >/dev/null 2>&1 || da_skip "timeout (coreutils) not found"
CHROMIUM=${DA_CHROMIUM:-}
if [ -z "$CHROMIUM" ]; then
	CHROMIUM=$(command -v chromium || command -v chromium-browser) ||
		da_skip "chromium not installed (apt-get install chromium)"
fi

da_setup
T=$DA_TMP
DOM=$DA_SRCDIR/tests/html-dom.py
GUARD=$((300 * ${DA_SLOW:-1}))
mkdir -p "$T/home" "$T/hostile" "$T/out" || da_die "cannot populate $T"
# what names this test's browser processes (their profile and home), as
# grep patterns in a file: grep's own command line names only the file
printf '%s\n' "$T/profile" "$T/home/" >"$T/reap.pat"

# Ends every process that names this test's scratch folder (what is left
# of the last browser run: crashpad handlers, zygotes), by pid.
reap() {
	local f pid pids='' i left
	# shellcheck disable=SC2013 # file names without blanks
	for f in $(grep -alsF -f "$T/reap.pat" /proc/[0-9]*/cmdline 2>/dev/null); do
		pid=${f#/proc/}
		pid=${pid%/cmdline}
		[ "$pid" = $$ ] || [ "$pid" = "$BASHPID" ] || pids="$pids $pid"
	done
	[ -n "$pids" ] || return 0
	# shellcheck disable=SC2086 # one pid per word
	kill -KILL $pids 2>/dev/null
	for i in $(seq 1 100); do
		left=
		for pid in $pids; do
			[ -n "$(tr -d '\0' <"/proc/$pid/cmdline" 2>/dev/null)" ] && left="$left $pid"
		done
		[ -z "$left" ] && return 0
		sleep 0.1
	done
	return 1
}

# shellcheck disable=SC2317 # called by the EXIT trap
on_exit() {
	local rc=$?
	reap
	(exit "$rc")
	da_cleanup
}
trap on_exit EXIT

# render FILE OUT: Chromium's DOM of FILE into OUT (its log in OUT.log).
render() {
	local rc
	HOME=$T/home XDG_CONFIG_HOME=$T/home/.config XDG_CACHE_HOME=$T/home/.cache \
		timeout -k 10 "$GUARD" "$CHROMIUM" --headless --no-sandbox \
		--disable-gpu --user-data-dir="$T/profile" \
		--disk-cache-dir="$T/home/.cache/disk" --no-first-run \
		--no-default-browser-check --disable-extensions --disable-sync \
		--disable-background-networking --disable-component-update \
		--dump-dom "file://$1" >"$2" 2>"$2.log" </dev/null
	rc=$?
	reap || da_fail "browser processes of $(basename "$1") cannot be ended"
	if [ $rc -ne 0 ] || ! grep -q '</html>' "$2"; then
		da_log "chromium exit $rc on $1:"
		tail -n 5 "$2.log" >&2
		return 1
	fi
	return 0
}

python3 "$DA_SRCDIR/tests/hostile-fixtures.py" "$DA_FIXTURES" "$T/hostile" ||
	da_die "cannot write the hostile fixtures"

# check MODE SNAPSHOT: one run, JSON and HTML; the DOM against the JSON.
check() {
	local mode=$1 snap=$2 name out what=
	[ "$mode" = hostile ] && what=", its payload shown as text and not run"
	name=$(basename "$snap" .json)
	out=$T/out/$name
	if ! "$DA_BIN" --module-dir "$DA_MODULE_DIR" --snapshot "$snap" \
		--format json --output "html:$out.html" >"$out.json" 2>"$out.err"; then
		da_fail "$name: dockaudit failed: $(head -n 3 "$out.err")"
		return
	fi
	if ! render "$out.html" "$out.dom"; then
		da_fail "$name: chromium rendered nothing"
		return
	fi
	if python3 "$DOM" "$mode" "$out.dom" "$out.json" >"$out.problems"; then
		da_ok "$name: the rendered page shows the JSON report's counts$what"
	else
		da_fail "$name: $(head -n 5 "$out.problems" | tr '\n' ';')"
	fi
}

# Each browser run costs seconds, more on a loaded machine: by default the
# fixtures with containers, images and host paths (DA_HTML_FIXTURES=all for
# every one).
sel=${DA_HTML_FIXTURES:-runtime images files}
if [ "$sel" = all ]; then
	sel=
	for f in "$DA_FIXTURES"/*-base.json; do
		f=${f##*/}
		sel="$sel ${f%-base.json}"
	done
fi
check counts "$DA_FIXTURES/runtime-base.json"
for f in $sel; do
	[ -f "$DA_FIXTURES/$f-base.json" ] || da_die "no fixture $f-base.json"
	check hostile "$T/hostile/hostile-$f-base.json"
done

# Waivers and a baseline (once dockaudit has them): the waived and new
# counts shown are the JSON's, and a hostile justification is text.
"$DA_BIN" --help >"$T/help" 2>&1
if grep -q -- '--waivers' "$T/help"; then
	W=$T/out/waivers
	cat >"$W.yaml" <<'EOF'
waivers:
  - check: "5.26"
    objects: ["web"]
    justification: "<script>document.title='DA'+'PWNED'</script> \" onmouseover=\"x"
    expires: 2999-12-31
    owner: "<b>ops</b>"
  - check: "2.9"
    justification: an old exception
    expires: 2020-01-01
EOF
	OPS=$DA_FIXTURES/operations-base.json
	"$DA_BIN" --module-dir "$DA_MODULE_DIR" --snapshot "$OPS" -e 4.6,5.27 \
		--format json >"$W.base.json" 2>/dev/null
	if "$DA_BIN" --module-dir "$DA_MODULE_DIR" --snapshot "$OPS" \
		--waivers "$W.yaml" --baseline "$W.base.json" --format json \
		--output "html:$W.html" >"$W.json" 2>"$W.err" &&
		render "$W.html" "$W.dom" &&
		python3 "$DOM" counts "$W.dom" "$W.json" >"$W.problems" &&
		grep -q 'id="n-waived"' "$W.dom" && grep -q 'id="n-new"' "$W.dom" &&
		grep -q 'id="n-expired"' "$W.dom"; then
		da_ok "waivers and baseline: the waived, new and expired counts shown, nothing ran"
	else
		da_fail "waivers and baseline: $(head -n 5 "$W.problems" 2>/dev/null | tr '\n' ';')"
	fi
fi

# The fleet page of dockaudit merge, a host named by a payload.
F=$T/out/fleet
for f in daemon files; do
	"$DA_BIN" --module-dir "$DA_MODULE_DIR" --snapshot "$DA_FIXTURES/$f-base.json" \
		--format json >"$F-$f.json" 2>/dev/null || da_die "cannot audit $f-base.json"
done
python3 - "$F-files.json" <<'PY' || da_die "cannot write the hostile report"
import json, sys
doc = json.load(open(sys.argv[1]))
doc["target"]["hostname"] = ('<script>document.title="DA"+"PWNED"</script>'
                             '<img src=x onerror="document.title=1">')
json.dump(doc, open(sys.argv[1], "w"))
PY
if "$DA_BIN" merge --format json --output "html:$F.html" "$F-daemon.json" "$F-files.json" \
	>"$F.json" 2>"$F.err" && render "$F.html" "$F.dom" &&
	python3 "$DOM" fleet "$F.dom" "$F.json" >"$F.problems"; then
	da_ok "fleet page: the fleet JSON's hosts and checks, a hostile host name shown as text, nothing ran"
else
	da_fail "fleet page: $(cat "$F.err" "$F.problems" 2>/dev/null | head -n 5 | tr '\n' ';')"
fi

H=$T/out/hostile-runtime-base
[ -s "$H.html" ] || da_die "no hostile runtime page"

# The escaping alone: the hostile page without its CSP runs nothing either.
sed 's/<meta http-equiv="Content-Security-Policy"[^>]*>//' "$H.html" >"$T/nocsp.html"
if grep -q 'Content-Security-Policy' "$T/nocsp.html"; then
	da_fail "the CSP could not be taken out of the page"
elif render "$T/nocsp.html" "$T/nocsp.dom" &&
	python3 "$DOM" hostile-nocsp "$T/nocsp.dom" "$H.json" >"$T/nocsp.problems"; then
	da_ok "hostile page without its CSP: payload shown as text, nothing ran"
else
	da_fail "hostile page without its CSP: $(head -n 5 "$T/nocsp.problems" 2>/dev/null | tr '\n' ';')"
fi

# The probe can fail: a payload let through raw runs without the CSP...
payload='<script>document.title="DA"+"PWNED"</script>'
sed "s|</body>|$payload</body>|" "$T/nocsp.html" >"$T/raw.html"
if render "$T/raw.html" "$T/raw.dom" &&
	python3 "$DOM" executed "$T/raw.dom" >/dev/null; then
	da_ok "a raw payload without the CSP runs, and the probe sees it"
else
	da_fail "a raw payload without the CSP did not run: the probe is blind"
fi
# ... and the page's own CSP blocks it.
sed "s|</body>|$payload</body>|" "$H.html" >"$T/rawcsp.html"
if render "$T/rawcsp.html" "$T/rawcsp.dom" &&
	! python3 "$DOM" executed "$T/rawcsp.dom" >/dev/null; then
	da_ok "the page's CSP blocks a raw payload"
else
	da_fail "the page's CSP let a raw payload run"
fi

# The filters: a probe script, allowed by its hash, selects each filter.
R=$T/out/runtime-base
probe='(function(){var out={};["all","pass","warn","info","note","error"].forEach(function(k){var f=document.getElementById("f-"+k);if(!f)return;f.checked=true;var v=function(q){var n=0;document.querySelectorAll(q).forEach(function(e){if(e.getClientRects().length)n++;});return n;};out[k]={rows:v("#checks tr.row"),sections:v("#checks section.grp"),subrows:v("#checks tr.sub")};});var p=document.createElement("pre");p.id="da-filter-result";p.textContent=JSON.stringify({filters:out,inputOpacity:getComputedStyle(document.querySelector("input.flt")).opacity});document.body.appendChild(p);})();'
hash=$(printf '%s' "$probe" | python3 -c 'import base64,hashlib,sys; print(base64.b64encode(hashlib.sha256(sys.stdin.buffer.read()).digest()).decode())')
python3 - "$R.html" "$T/filters.html" "$probe" "$hash" <<'PY' || da_die "cannot write the filter probe"
import sys
src, dst, probe, h = sys.argv[1:5]
page = open(src, encoding="utf-8").read()
# the probe's hash joins the page's own policy, which stays as it is
page = page.replace("default-src 'none';",
                    "default-src 'none'; script-src 'sha256-%s';" % h, 1)
page = page.replace("</body>", "<script>%s</script></body>" % probe, 1)
open(dst, "w", encoding="utf-8").write(page)
PY
if render "$T/filters.html" "$T/filters.dom" &&
	python3 "$DOM" filters "$T/filters.dom" "$R.json" >"$T/filters.problems"; then
	da_ok "each status filter shows that status's rows and sections only"
else
	da_fail "filters: $(head -n 5 "$T/filters.problems" 2>/dev/null | tr '\n' ';')"
fi

# No browser process outlives the test's runs.
if reap && ! grep -qalsF -f "$T/reap.pat" /proc/[0-9]*/cmdline 2>/dev/null; then
	da_ok "no chromium process left behind"
else
	da_fail "chromium processes left behind"
fi

da_finish
