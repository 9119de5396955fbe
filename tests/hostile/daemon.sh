#!/bin/bash
# The real dockaudit binary against a hostile or broken Engine API
# (tests/fakedocker): refused, missing and forbidden sockets, answers that
# hang, drip, fail, are truncated, malformed, of the wrong shape, enormous,
# deeply nested or costly to parse, 100,000 containers, and hostile strings.
#
# Each case starts its own fakedocker on a fresh socket and runs dockaudit
# with --timeout 5 (300 where the case is about size, not time) under a
# generous kill guard, its peak memory measured, and asserts: it ends; the
# exit code is the documented one (3 when /version itself
# fails or the socket cannot be used, else 0); standard error is one clear
# line naming the socket, or nothing; peak memory stays under 300 MB (the
# 100,000-container cases: under the probe's 4 GiB budget); and when it ran,
# the JSON report parses, validates, and the checks that needed the missing
# data are ERROR with the reason, never PASS.
#
# Needs no root and no dockerd; the permission case needs root (it runs
# dockaudit as nobody) and skips without it, except under CI=true.

# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/../integration/lib.sh"

da_require_jq
da_require_bin
da_require_fake
command -v python3 >/dev/null 2>&1 || da_skip "python3 not found"
command -v timeout >/dev/null 2>&1 || da_skip "timeout (coreutils) not found"

da_setup
T=$DA_TMP

MEM_LIMIT_KB=300000          # one hostile answer
BIG_MEM_LIMIT_KB=4194304     # 100,000 containers: the probe's budget
# A sanitizer build keeps freed memory in quarantine and shadows all of it:
# its peaks are about twice as high, for the same bounded probe.
if ldd "$DA_BIN" 2>/dev/null | grep -q 'libasan\|libtsan'; then
	MEM_LIMIT_KB=$((MEM_LIMIT_KB * 2))
fi
# No assertion depends on the machine's speed: a case asserts what the
# report says, never how long it took.  Where the outcome would change with
# speed (an answer of 120 MB must hit the size limit, not the timeout; a
# list of 100,000 containers must arrive), the case gets a timeout far
# beyond any load: BIG_TIMEOUT.  GUARD, the seconds before `timeout` kills
# dockaudit, only catches a hang; DA_SLOW (a factor, default 1) stretches it.
TIMEOUT=5
BIG_TIMEOUT=300
GUARD=$((900 * ${DA_SLOW:-1}))

# start_fake DIR ARG...: fakedocker on DIR/s, its requests logged in
# DIR/fake.log; returns once it listens.
start_fake() {
	local d=$1
	shift
	da_fake_start "$d" --log "$d/fake.log" "$@"
}

# audit DIR HOST [ARG...]: dockaudit against HOST, JSON report to DIR/r.json.
audit() {
	local d=$1 host=$2
	shift 2
	DOCKER_HOST=$host da_measure "$d" timeout -k 5 "$GUARD" "$DA_BIN" \
		--module-dir "$DA_MODULE_DIR" --timeout "$TIMEOUT" -b --output "json:$d/r.json" "$@"
}

# The strict checks of a report: UTF-8, JSON, nothing after it.
json_ok() {
	python3 - "$1" <<'EOF'
import json, sys
with open(sys.argv[1], 'rb') as f:
    data = f.read()
json.loads(data.decode('utf-8', errors='strict'))
EOF
}

# A message for a terminal: UTF-8, no C0 control but newline, no DEL, no C1.
line_ok() {
	python3 - "$1" <<'EOF'
import sys
text = open(sys.argv[1], 'rb').read().decode('utf-8', errors='strict')
sys.exit(any((ord(c) < 32 and c != '\n') or 0x7f <= ord(c) <= 0x9f for c in text))
EOF
}

# assert_common NAME DIR WANT_RC SOCKET MEM_LIMIT_KB: what holds for every case.
assert_common() {
	local name=$1 d=$2 want=$3 sock=$4 limit=$5 lines
	printf '# %s: exit %s, %s s, peak %s KB\n' "$name" "$RC" "$SECS" "$PEAK_KB"
	if [ "$RC" = 124 ] || [ "$RC" = 137 ]; then
		da_fail "$name: ends within ${GUARD}s (killed by timeout)"
	else
		da_ok "$name: ends (${SECS}s)"
	fi
	da_assert_rc "$want" "$RC" "$name"
	if [ "$PEAK_KB" -lt "$limit" ]; then
		da_ok "$name: peak memory ${PEAK_KB} KB < ${limit} KB"
	else
		da_fail "$name: peak memory ${PEAK_KB} KB < ${limit} KB"
	fi
	lines=$(wc -l <"$d/err")
	if [ "$want" = 3 ]; then
		if [ "$lines" = 1 ] && grep -q '^dockaudit: ' "$d/err" &&
			grep -qF -- "$sock" "$d/err" && line_ok "$d/err"; then
			da_ok "$name: one error line naming $sock"
		else
			da_fail "$name: one error line naming $sock (got $lines lines)"
		fi
		da_check "$name: no report written" test ! -e "$d/r.json"
		sed 's/^/#   /' "$d/err"
	else
		if [ "$lines" = 0 ]; then
			da_ok "$name: nothing on stderr"
		else
			da_fail "$name: nothing on stderr"
			head -n 5 "$d/err" | cut -c1-300 >&2
		fi
		if json_ok "$d/r.json" 2>"$d/json.err"; then
			da_ok "$name: the JSON report parses (strict UTF-8)"
			da_check "$name: the report validates against its schema" \
				da_validate_json "$d/r.json"
			da_assert_summary_consistent "$d/r.json"
		else
			da_fail "$name: the JSON report parses (strict UTF-8)"
			tail -n 3 "$d/json.err" >&2
		fi
	fi
}

# expect_error NAME DIR REASON ID...: each check is ERROR and its detail
# contains REASON.
expect_error() {
	local name=$1 d=$2 why=$3 id st detail
	shift 3
	[ -f "$d/r.json" ] || return 0
	for id in "$@"; do
		st=$(da_status "$d/r.json" "$id")
		detail=$(jq -r --arg id "$id" \
			'[.sections[]?.checks[]? | select(.id == $id) | .detail] | first // ""' "$d/r.json")
		if [ "$st" = ERROR ] && [[ $detail == *"$why"* ]]; then
			da_ok "$name: $id is ERROR ($why)"
		else
			da_fail "$name: $id is ERROR with \"$why\" (got $st: $detail)"
		fi
	done
}

# fake_case NAME WANT_RC "FAKEDOCKER ARGS" [DOCKAUDIT ARG...]: one case
# against fakedocker; leaves its directory in CASE_DIR.
fake_case() {
	local name=$1 want=$2 limit=$MEM_LIMIT_KB d=$T/$1 args
	read -ra args <<<"$3"
	shift 3
	case $name in
	many-*) limit=$BIG_MEM_LIMIT_KB ;;
	esac
	mkdir -p "$d"
	start_fake "$d" "${args[@]}"
	audit "$d" "unix://$d/s" "$@"
	da_fake_stop
	assert_common "$name" "$d" "$want" "$d/s" "$limit"
	CASE_DIR=$d
}

# --- the socket cannot be used -------------------------------------------------

d=$T/refused
mkdir -p "$d"
python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$d/s" ||
	da_die "cannot create a socket file"
audit "$d" "unix://$d/s"
assert_common refused "$d" 3 "$d/s" "$MEM_LIMIT_KB"
da_check "refused: says connection refused" grep -q 'connection refused' "$d/err"

d=$T/missing
mkdir -p "$d"
audit "$d" "unix://$d/s"
assert_common missing "$d" 3 "$d/s" "$MEM_LIMIT_KB"
da_check "missing: says no such file" grep -q 'no such file or directory' "$d/err"

if [ "$(id -u)" -ne 0 ]; then
	if [ "${CI:-}" = true ]; then
		da_fail "permission: needs root to run dockaudit as nobody (CI=true)"
	else
		da_log "SKIP permission case: not root"
	fi
elif ! command -v setpriv >/dev/null 2>&1; then
	da_fail "permission: setpriv (util-linux) not found"
else
	d=$T/perm
	# the modules outside /tmp: the loader refuses those
	da_module_scratch
	mods=$DA_MSCRATCH/mods
	mkdir -p "$d/bin" "$mods"
	chmod 755 "$T" "$d" "$d/bin" "$mods"
	# nobody may not reach the build tree: a copy of the binary and modules
	if ! cp "$DA_BIN" "$d/bin/dockaudit" || ! cp "$DA_MODULE_DIR"/*.so "$mods/"; then
		da_die "cannot copy the binary and modules"
	fi
	chmod -R a+rX "$d/bin" "$mods"
	start_fake "$d"
	chmod 600 "$d/s"
	DOCKER_HOST=unix://$d/s da_measure "$d" timeout -k 5 "$GUARD" \
		setpriv --reuid=nobody --regid=nogroup --clear-groups -- \
		"$d/bin/dockaudit" --module-dir "$mods" --timeout "$TIMEOUT" -b
	da_fake_stop
	assert_common permission "$d" 3 "$d/s" "$MEM_LIMIT_KB"
	da_check "permission: says permission denied" grep -q 'permission denied' "$d/err"
fi

# --- /version fails: the daemon is not usable (exit 3) --------------------------

fake_case version-hang 3 "--on /version=hang"
da_check "version-hang: says it timed out" grep -q 'did not answer /version within 5000 ms' "$CASE_DIR/err"
fake_case version-silent 3 "--on /version=silent"
fake_case version-drip 3 "--on /version=drip:5"
fake_case version-close 3 "--on /version=close"
fake_case version-500 3 "--on /version=500"
da_check "version-500: says HTTP 500" grep -q 'HTTP 500' "$CASE_DIR/err"
fake_case version-malformed 3 "--on /version=malformed"
da_check "version-malformed: says malformed JSON" grep -q 'malformed JSON' "$CASE_DIR/err"
fake_case version-notjson 3 "--on /version=notjson"
fake_case version-wrongtype 3 "--on /version=wrongtype"
fake_case version-deep 3 "--on /version=deep:10000"
da_check "version-deep: says nesting too deep" grep -q 'nesting too deep' "$CASE_DIR/err"
fake_case version-huge 3 "--on /version=big:120000000" --timeout "$BIG_TIMEOUT"
da_check "version-huge: says the answer is too large" grep -q 'larger than' "$CASE_DIR/err"
# a refusal whose message is hostile: the error line shows none of it raw
mkdir -p "$T/canned"
body=$'{"message":"no \\u001b[31mway\\u001b]0;pwned\\u0007 \xc2\x9b2J \xff\xfe <b>&amp;\\n second line"}'
printf 'HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s' \
	"$(printf '%s' "$body" | wc -c)" "$body" >"$T/canned/version.json"
fake_case version-hostile-message 3 "--dir $T/canned"
da_check "version-hostile-message: the daemon's message is shown, cleaned" \
	grep -qF 'refused /version: HTTP 500: no  [31mway ]0;pwned  ?2J ?? <b>&amp;  second line' "$CASE_DIR/err"

# --- the daemon answers /version, then nothing else --------------------------------

fake_case after-version-close 0 "--on /[!v]*=close"
expect_error after-version-close "$CASE_DIR" "" 2.6 2.13 5.1 4.1 4.6 5.5 5.6 6.1 7.1

# --- /info fails: section 2, 5.1 and 7 cannot be judged -------------------------

INFO_CHECKS=(2.6 2.13 2.15 5.1 7.1)
fake_case info-500 0 "--on /info=500"
expect_error info-500 "$CASE_DIR" "HTTP 500" 2.6 2.13 2.15
expect_error info-500 "$CASE_DIR" "" 5.1 7.1
fake_case info-hang 0 "--on /info=hang"
expect_error info-hang "$CASE_DIR" "timed out" 2.6 2.13
fake_case info-silent 0 "--on /info=silent"
expect_error info-silent "$CASE_DIR" "timed out" 2.6 2.13
fake_case info-drip 0 "--on /info=drip:5"
expect_error info-drip "$CASE_DIR" "timed out" 2.6 2.13
fake_case info-close 0 "--on /info=close"
expect_error info-close "$CASE_DIR" "" "${INFO_CHECKS[@]}"
fake_case info-malformed 0 "--on /info=malformed"
expect_error info-malformed "$CASE_DIR" "malformed JSON" 2.6 2.13
fake_case info-trailing 0 "--on /info=trailing"
expect_error info-trailing "$CASE_DIR" "data after the value" 2.6 2.13
fake_case info-empty 0 "--on /info=empty"
expect_error info-empty "$CASE_DIR" "empty answer" 2.6 2.13
fake_case info-wrongtype 0 "--on /info=wrongtype"
expect_error info-wrongtype "$CASE_DIR" "not a JSON object" 2.6 2.13
fake_case info-deep 0 "--on /info=deep:10000"
expect_error info-deep "$CASE_DIR" "nesting too deep" 2.6 2.13
fake_case info-huge 0 "--on /info=big:120000000" --timeout "$BIG_TIMEOUT"
expect_error info-huge "$CASE_DIR" "larger than" 2.6 2.13 2.15
expect_error info-huge "$CASE_DIR" "" "${INFO_CHECKS[@]}"
fake_case info-huge-chunked 0 "--on /info=bigchunked:120000000" --timeout "$BIG_TIMEOUT"
expect_error info-huge-chunked "$CASE_DIR" "larger than" 2.6 2.13 2.15
expect_error info-huge-chunked "$CASE_DIR" "" "${INFO_CHECKS[@]}"
fake_case info-bomb 0 "--on /info=bomb:8388608" --timeout "$BIG_TIMEOUT"
expect_error info-bomb "$CASE_DIR" "too large to parse" 2.6 2.13 2.15
expect_error info-bomb "$CASE_DIR" "" "${INFO_CHECKS[@]}"
fake_case info-headers 0 "--on /info=bigheaders:2000000" --timeout "$BIG_TIMEOUT"
expect_error info-headers "$CASE_DIR" "header" 2.6 2.13

# /info of the wrong shape inside: nulls and wrong types where values belong
S=$T/shapes
mkdir -p "$S"
cat >"$S/info-nulls.json" <<'EOF'
{"ID":null,"Driver":null,"LoggingDriver":null,"SecurityOptions":null,"Swarm":null,
 "LiveRestoreEnabled":null,"ExperimentalBuild":null,"DockerRootDir":null,"Name":null}
EOF
cat >"$S/info-types.json" <<'EOF'
{"ID":7,"Driver":["aufs"],"LoggingDriver":{"x":1},"SecurityOptions":"seccomp",
 "Swarm":"active","LiveRestoreEnabled":"yes","ExperimentalBuild":"no",
 "DockerRootDir":false,"Name":[]}
EOF
fake_case info-nulls 0 "--on /info=file:$S/info-nulls.json"
expect_error info-nulls "$CASE_DIR" "" 2.6 2.13 2.15 5.1 7.1
fake_case info-types 0 "--on /info=file:$S/info-types.json"
expect_error info-types "$CASE_DIR" "" 2.6 2.13 2.15 5.1 7.1

# --- containers: one inspect fails, the list fails, shapes ---------------------

CTR_CHECKS=(4.1 5.4 5.5 5.6 5.10 5.11)
fake_case inspect-500 0 "--scenario inspect-500"
expect_error inspect-500 "$CASE_DIR" "run-1" "${CTR_CHECKS[@]}"
fake_case inspect-hang 0 "--on /containers/a0000002*/json=hang"
expect_error inspect-hang "$CASE_DIR" "run-2" "${CTR_CHECKS[@]}"
fake_case inspect-malformed 0 "--on /containers/a0000000*/json=malformed"
expect_error inspect-malformed "$CASE_DIR" "run-0" "${CTR_CHECKS[@]}"

cat >"$S/inspect-types.json" <<'EOF'
{"Id":"a000000000000000000000000000000000000000000000000000000000000000",
 "Name":"/shape","State":"running","Config":"not an object","HostConfig":"not an object",
 "Mounts":{"not":"an array"},"NetworkSettings":[]}
EOF
cat >"$S/inspect-nulls.json" <<'EOF'
{"Id":null,"Name":null,"State":null,"Config":null,"HostConfig":null,"Mounts":null,
 "NetworkSettings":null}
EOF
printf '{}\n' >"$S/inspect-empty.json"
fake_case inspect-types 0 "--on /containers/a0000000*/json=file:$S/inspect-types.json"
expect_error inspect-types "$CASE_DIR" "" "${CTR_CHECKS[@]}"
fake_case inspect-nulls 0 "--on /containers/a0000000*/json=file:$S/inspect-nulls.json"
expect_error inspect-nulls "$CASE_DIR" "" "${CTR_CHECKS[@]}"
fake_case inspect-empty 0 "--on /containers/a0000000*/json=file:$S/inspect-empty.json"
expect_error inspect-empty "$CASE_DIR" "" "${CTR_CHECKS[@]}"

fake_case list-malformed 0 "--on /containers/json=malformed"
expect_error list-malformed "$CASE_DIR" "" "${CTR_CHECKS[@]}" 6.1
fake_case list-wrongtype 0 "--on /containers/json=wrongtype"
expect_error list-wrongtype "$CASE_DIR" "" "${CTR_CHECKS[@]}" 6.1
fake_case list-500 0 "--on /containers/json=500"
expect_error list-500 "$CASE_DIR" "" "${CTR_CHECKS[@]}" 6.1
fake_case list-huge 0 "--on /containers/json=bigchunked:120000000" --timeout "$BIG_TIMEOUT"
expect_error list-huge "$CASE_DIR" "" "${CTR_CHECKS[@]}" 6.1
fake_case list-bomb 0 "--on /containers/json=bomb:33554432" --timeout "$BIG_TIMEOUT"
expect_error list-bomb "$CASE_DIR" "" "${CTR_CHECKS[@]}" 6.1
printf '["a0000000", "b", null, 7, ["x"]]\n' >"$S/list-strings.json"
fake_case list-strings 0 "--on /containers/json=file:$S/list-strings.json"
expect_error list-strings "$CASE_DIR" "not an object" "${CTR_CHECKS[@]}"
cat >"$S/list-ids.json" <<'EOF'
[{"Names":["/no-id"],"State":"running"},{"Id":null,"State":"running"},
 {"Id":"../../../version?x=","State":"running"},{"Id":{"a":1},"State":"running"}]
EOF
fake_case list-ids 0 "--on /containers/json=file:$S/list-ids.json"
expect_error list-ids "$CASE_DIR" "container list" "${CTR_CHECKS[@]}"
da_check "list-ids: no request left the API paths" \
	bash -c "! grep -q 'version?x=' '$CASE_DIR/fake.log'"

# every inspect enormous: eight of them in flight at once stay bounded too
fake_case inspect-all-huge 0 "--running 30 --stopped 0 --on /containers/*/json=bigchunked:60000000" \
	--timeout "$BIG_TIMEOUT"
expect_error inspect-all-huge "$CASE_DIR" "" "${CTR_CHECKS[@]}"

# every inspect hangs: the probe gives up after a few timeouts
fake_case inspect-all-hang 0 "--running 400 --stopped 0 --on /containers/*/json=hang"
expect_error inspect-all-hang "$CASE_DIR" "" "${CTR_CHECKS[@]}"
# counted, not timed: most inspects are never sent
n=$(grep -c 'GET /v[0-9.]*/containers/[^/]*/json' "$CASE_DIR/fake.log")
if [ "$n" -lt 100 ]; then
	da_ok "inspect-all-hang: gives up after a few timeouts ($n of 400 inspects sent, ${SECS}s)"
else
	da_fail "inspect-all-hang: gives up after a few timeouts ($n of 400 inspects sent, ${SECS}s)"
fi

# every inspect answered, each after 1.5 s, well within --timeout 30: only
# --deadline bounds the probe (200 of them would take some 38 s); what was
# not read by then is ERROR, the run completes and says so in one line
d=$T/deadline
mkdir -p "$d"
start_fake "$d" --running 200 --stopped 0 --on '/containers/*/json=slow:1500'
audit "$d" "unix://$d/s" --timeout 30 --deadline 2
da_fake_stop
printf '# deadline: exit %s, %s s, peak %s KB\n' "$RC" "$SECS" "$PEAK_KB"
if [ "$RC" = 124 ] || [ "$RC" = 137 ]; then
	da_fail "deadline: ends within ${GUARD}s (killed by timeout)"
else
	da_ok "deadline: ends (${SECS}s)"
fi
da_assert_rc 0 "$RC" "deadline"
if [ "$(wc -l <"$d/err")" = 1 ] && grep -q '^dockaudit: warning: the probe deadline of 2 s was reached' "$d/err" &&
	line_ok "$d/err"; then
	da_ok "deadline: one line on stderr says the deadline was reached"
else
	da_fail "deadline: one line on stderr says the deadline was reached"
	head -n 5 "$d/err" | cut -c1-300 >&2
fi
if json_ok "$d/r.json" 2>/dev/null; then
	da_ok "deadline: the JSON report parses"
	da_check "deadline: the report validates against its schema" da_validate_json "$d/r.json"
	da_assert_summary_consistent "$d/r.json"
else
	da_fail "deadline: the JSON report parses"
fi
expect_error deadline "$d" "run-" "${CTR_CHECKS[@]}"
# the containers whose inspect the deadline ended are still counted
n=$(jq -r '[.sections[]?.checks[]? | select(.id == "5.11") | .detail] | first // ""' "$d/r.json" 2>/dev/null)
da_check "deadline: 5.11 counts all 200 containers ($n)" grep -q 'of 200 containers' <<<"$n"
da_check "deadline: the inspects not read are never sent again" \
	test "$(grep -c 'GET /v1.[0-9]*/containers/a[0-9a-f]*/json' "$d/fake.log")" -lt 200

# --deadline takes whole seconds from 1 to 86400: anything else is a usage error
for bad in abc 0 -1 1.5 '' 86401 99999999999999999999; do
	"$DA_BIN" --deadline "$bad" --module-dir "$DA_MODULE_DIR" >"$T/dl.out" 2>"$T/dl.err"
	rc=$?
	if [ "$rc" = 2 ] && [ "$(wc -l <"$T/dl.err")" = 1 ] &&
		grep -q '^dockaudit: .*--deadline' "$T/dl.err"; then
		da_ok "--deadline '$bad': usage error (exit 2, one line)"
	else
		da_fail "--deadline '$bad': usage error (exit 2, one line; got $rc)"
		head -n 3 "$T/dl.err" >&2
	fi
done

# --- images ------------------------------------------------------------------

fake_case images-malformed 0 "--on /images/json=malformed"
expect_error images-malformed "$CASE_DIR" "" 4.6 4.7 4.9
fake_case images-inspect-500 0 "--on /images/sha256:b0000001*/json=500"
expect_error images-inspect-500 "$CASE_DIR" "" 4.7 4.9
fake_case history-malformed 0 "--on /images/*/history=malformed"
expect_error history-malformed "$CASE_DIR" "_history" 4.7 4.9

# --- 100,000 containers ----------------------------------------------------------
# Each inspected (the generated world answers each at once), then each
# inspect answered 404.  -n 100 keeps the reports small; items_total still
# counts every finding.

# DA_HOSTILE_QUICK=1 leaves these two out (about a minute) while developing.
if [ -n "${DA_HOSTILE_QUICK:-}" ]; then
	da_log "DA_HOSTILE_QUICK: the 100,000-container cases are left out"
else
	fake_case many-containers 0 "--running 100000 --stopped 0 --images 2" -n 100 \
		--timeout "$BIG_TIMEOUT"
	if [ -f "$CASE_DIR/r.json" ]; then
		n=$(jq -r '[.sections[].checks[] | select(.id == "5.11") | .items_total] | first' \
			"$CASE_DIR/r.json")
		da_check "many-containers: all 100000 inspected (5.11 counts $n)" test "$n" = 100000
	fi
	fake_case many-404 0 "--running 100000 --stopped 0 --images 2 --on /containers/*/json=404" \
		-n 100 --timeout "$BIG_TIMEOUT"
	expect_error many-404 "$CASE_DIR" "run-0" "${CTR_CHECKS[@]}"
fi

# --- hostile strings from the daemon ----------------------------------------------

d=$T/strings
mkdir -p "$d"
start_fake "$d" --hostile-strings
audit "$d" "unix://$d/s" --output "junit:$d/r.xml" --output "dbs-json:$d/r.dbs.json" \
	--output "text:$d/r.txt"
da_fake_stop
assert_common strings "$d" 0 "$d/s" "$MEM_LIMIT_KB"
da_check "strings: dbs-json parses (strict UTF-8)" json_ok "$d/r.dbs.json"
da_check "strings: junit is well formed" xmllint --noout "$d/r.xml"
da_check "strings: junit validates against both schemas" da_validate_junit "$d/r.xml"
for f in "$d/r.txt" "$d/out"; do
	da_check "strings: $(basename "$f") has no control byte but newline" \
		python3 -c 'import sys; b = open(sys.argv[1], "rb").read(); b.decode("utf-8"); sys.exit(any(c < 32 and c != 10 or c == 127 for c in b))' "$f"
done
da_assert_status "$d/r.json" 5.5 WARN
da_check "strings: 5.5 names the hostile container" \
	bash -c "jq -r '.sections[].checks[] | select(.id == \"5.5\") | .items[].name' '$d/r.json' | grep -q '^/*run-0\"q'"
da_check "strings: 5.6 shows the hostile mount path" \
	bash -c "jq -r '.sections[].checks[] | select(.id == \"5.6\") | .items[].detail' '$d/r.json' | grep -qF '/mnt/\"q'"

da_finish
