#!/bin/bash
# Hostile strings from a real (private) dockerd, end to end: containers and
# images whose labels, environment, bind-mount paths, commands and process
# command lines carry quotes, markup, newlines, control characters, ANSI
# escape sequences (colour and window title), invalid UTF-8 and a 64 KiB
# label, named in the findings of 5.5, 5.6 and 5.7 and selected by -t with
# a hostile label key.  Every output format must stay well formed: the JSON
# reports parse as strict UTF-8, the JUnit XML validates against both
# schemas, and the text (to a file, to a pipe and to a pseudo-terminal with
# -b) carries no raw control byte but newline and no invalid UTF-8.
#
# Docker itself refuses some of these (whitespace in label keys, anything
# but [a-zA-Z0-9_.-] in names and tags) and its JSON encoder turns invalid
# UTF-8 into U+FFFD; a process can still rewrite its own command line in
# /proc with any bytes, which is how raw ones reach the probe (5.7).
#
# Needs root, dockerd and a C compiler; skips otherwise, except under CI=true.

# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/../integration/lib.sh"

da_require_jq
da_require_bin
da_require_daemon
command -v python3 >/dev/null 2>&1 || da_skip "python3 not found"
CC=${CC:-cc}
command -v "$CC" >/dev/null 2>&1 || da_skip "no C compiler ($CC) for the process-title helper"
da_setup
T=$DA_TMP

# The hostile text: with whitespace (values, paths) and without (label keys).
H=$'q"\'<b>&amp;</b> \033[31mred\033[0m \033]0;title\007 \001\177 \xc2\x9b2J nl\nx tab\t \xff\xfe\xc0\x80 caf\xc3\xa9'
HK=$'q"\'<b>&amp;</b>\033[31mred\033[0m\033]0;title\007\001\177\xc2\x9b2J\xff\xfe\xc0\x80caf\xc3\xa9'
# Docker's JSON encoder turns invalid UTF-8 into U+FFFD, so the key -t
# selects by is the hostile text without its invalid bytes.
HT=$'q"\'<b>&amp;</b>\033[31mred\033[0m\033]0;title\007\001\177\xc2\x9b2Jcaf\xc3\xa9'
BIG=$(head -c 65536 /dev/zero | tr '\0' 'L')

# A process that rewrites its argv[1] with raw hostile bytes (invalid
# UTF-8, ESC, BEL, DEL, markup), so that /proc/PID/cmdline carries them.
cat >"$T/sshd.c" <<'EOF'
#include <string.h>
#include <unistd.h>

static const char hostile[] =
	"\xff\xfe\xc0\x80\x1b[31mred\x1b[0m\x1b]0;title\x07\x01\x7f<b>&amp;\"'\n\t\xe2\x82 caf\xc3\xa9";

int main(int argc, char **argv)
{
	if (argc > 1) {
		size_t room = strlen(argv[1]);
		size_t n = sizeof(hostile) - 1 < room ? sizeof(hostile) - 1 : room;
		memcpy(argv[1], hostile, n);
	}
	for (;;)
		pause();
}
EOF
"$CC" -static -O2 -o "$T/sshd" "$T/sshd.c" 2>"$T/cc.err" ||
	"$CC" -O2 -o "$T/sshd" "$T/sshd.c" 2>>"$T/cc.err" ||
	{ cat "$T/cc.err" >&2; da_die "cannot build the process-title helper"; }
# a dynamic build needs the host's libc inside the image: only static works
if ! file "$T/sshd" 2>/dev/null | grep -q 'statically linked' &&
	! ldd "$T/sshd" 2>&1 | grep -q 'not a dynamic executable'; then
	da_skip "cannot link statically (install libc6-dev)"
fi

da_daemon_start '{}'
da_image_import "$DA_IMAGE" || da_die "cannot import the test image"
# an image with a hostile label and the longest tag Docker allows
LONGTAG=$(head -c 128 /dev/zero | tr '\0' 't')
da_docker import -c "LABEL hostile=$(printf '%s' "$HK" | tr -d \''"')" "$T/rootfs.tar" \
	"dockaudit-test/hostile:$LONGTAG" >/dev/null || da_die "cannot import the hostile image"

mkdir -p "$T/m$H" || da_die "cannot create a directory with a hostile name"
run() {
	local name=$1
	shift
	da_docker run -d --name "$name" "$@" >/dev/null || da_die "cannot run container $name"
}
# 5.6: /etc read-write at a hostile path, a bind mount of a hostile
# directory, hostile labels (key and value), environment and command
run hostile.mounts_-x --label "h${HK}k=$H" --label "h${HT}k=$H" --label "big=$BIG" \
	-e "HOSTILE=$H" -v "$T/m$H:/data" -v "/etc:/mnt/$H" \
	"$DA_IMAGE" sh -c "sleep 600 # $H"
# 5.5: privileged (created only: a sandbox may refuse to start one, so the
# audits below take --all-containers)
da_docker create --name hostile.priv_-x --privileged --label "h${HT}k=$H" \
	-e "HOSTILE=$H" "$DA_IMAGE" sh -c "sleep 600 # $H" >/dev/null ||
	da_die "cannot create hostile.priv_-x"
# 5.7: a process named sshd whose command line is rewritten with raw bytes
da_docker create --name hostile-sshd --label "h${HT}k=other" \
	"dockaudit-test/hostile:$LONGTAG" /sshd "$(head -c 200 /dev/zero | tr '\0' x)" >/dev/null ||
	da_die "cannot create hostile-sshd"
da_docker cp "$T/sshd" hostile-sshd:/sshd >/dev/null || da_die "cannot copy the helper"
da_docker start hostile-sshd >/dev/null || da_die "cannot start hostile-sshd"
# a container without the hostile label: -t must leave it out
run plain "$DA_IMAGE" sleep 600

# --- the audit, every format ----------------------------------------------------

da_run_audit -b --all-containers -t "h${HT}k" --output "json:$T/r.json" --output "junit:$T/r.xml" \
	--output "dbs-json:$T/r.dbs.json" --output "text:$T/r.txt" >"$T/out.txt" 2>"$T/err"
da_assert_rc 0 $? "audit -t <hostile key>"
cat "$T/err" >&2
R=$T/r.json

json_ok() {
	python3 - "$1" <<'EOF'
import json, sys
with open(sys.argv[1], 'rb') as f:
    json.loads(f.read().decode('utf-8', errors='strict'))
EOF
}

# No C0 control byte but newline (and CR when allowed), no DEL, valid UTF-8.
text_ok() {
	python3 - "$1" "${2:-}" <<'EOF'
import sys
data = open(sys.argv[1], 'rb').read()
allowed = {10, 13} if sys.argv[2] == 'cr' else {10}
try:
    data.decode('utf-8', errors='strict')
except UnicodeDecodeError as e:
    sys.exit('invalid UTF-8 at byte %d' % e.start)
bad = [i for i, c in enumerate(data) if (c < 32 and c not in allowed) or c == 127]
if bad:
    sys.exit('control byte 0x%02x at %d' % (data[bad[0]], bad[0]))
EOF
}

da_check "the JSON report parses (strict UTF-8)" json_ok "$R"
da_check "the JSON report validates against its schema" da_validate_json "$R"
da_check "the dbs-json log parses (strict UTF-8)" json_ok "$T/r.dbs.json"
da_check "the JUnit report is well formed" xmllint --noout "$T/r.xml"
da_check "the JUnit report validates against both schemas" da_validate_junit "$T/r.xml"
da_check "the text report has no control byte and is UTF-8" text_ok "$T/r.txt"
da_check "standard output has no control byte and is UTF-8" text_ok "$T/out.txt"

# the findings name the hostile objects, with their text intact in JSON
da_assert_item "$R" 5.5 hostile.priv_-x
da_assert_status "$R" 5.6 WARN
da_assert_item "$R" 5.6 hostile.mounts_-x
da_assert_no_item "$R" 5.11 plain
da_check "5.6 shows the hostile mount path (JSON keeps the ESC and the newline)" python3 -c '
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
d = [i.get("detail") or "" for s in r["sections"] for c in s["checks"] if c["id"] == "5.6"
     for i in c["items"]]
sys.exit(not any("/mnt/q\"\x27<b>&amp;</b> \x1b[31mred" in x and "nl\nx" in x for x in d))' "$R"
da_assert_status "$R" 5.7 WARN
# (the probe itself turns the control characters of a command line into spaces)
da_check "5.7 shows the rewritten command line (invalid bytes as U+FFFD)" python3 -c '
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
d = [i.get("detail") or "" for s in r["sections"] for c in s["checks"] if c["id"] == "5.7"
     for i in c["items"]]
sys.exit(not any("\ufffd" in x and "[31mred" in x and "<b>&amp;" in x for x in d))' "$R"
da_check "the text report shows the invalid bytes of the command line as \\xNN" \
	grep -qF 'sshd \xff\xfe\xc0\x80' "$T/r.txt"
da_check "the text report shows the ESC as \\x1b" grep -qF '\x1b[31mred' "$T/r.txt"
da_check "the text report shows an invalid byte as \\xff" grep -qF '\xff' "$T/r.txt"
da_check "the JUnit report carries the markup as entities" grep -qF '&lt;b&gt;&amp;amp;' "$T/r.xml"

# the 64 KiB label as a -t value selects its container, and only it
da_run_audit -b -c 5.11 -t "big=$BIG" --output "json:$T/big.json" >/dev/null 2>"$T/big.err"
da_assert_rc 0 $? "audit -t big=<64 KiB>"
da_assert_item "$T/big.json" 5.11 hostile.mounts_-x
da_check "-t big=<64 KiB> leaves out the others" \
	test "$(jq '[.sections[].checks[] | select(.id == "5.11") | .items_total] | first' "$T/big.json")" = 1

# --- the text on a pseudo-terminal ----------------------------------------------

if command -v script >/dev/null 2>&1; then
	# bash quoting ($'...') for the hostile key: script runs $SHELL -c
	cmd=$(printf '%q ' "$DA_BIN" --module-dir "$DA_MODULE_DIR" -c 5 --all-containers \
		-t "h${HT}k")
	# -b: the terminal gets no ESC at all (the tty adds CR before each LF)
	SHELL=/bin/bash script -qec "$cmd -b" /dev/null >"$T/pty.txt" 2>&1 </dev/null
	da_check "on a terminal with -b: no control byte but CR/LF" text_ok "$T/pty.txt" cr
	da_check "on a terminal with -b: the findings are there" grep -q 'hostile.priv_-x' "$T/pty.txt"
	# colours on: the only escape sequences are dockaudit's own colours
	SHELL=/bin/bash script -qec "$cmd" /dev/null >"$T/pty-color.txt" 2>&1 </dev/null
	da_check "on a terminal in colour: every ESC starts an SGR colour" python3 -c '
import re, sys
data = open(sys.argv[1], "rb").read()
rest = re.sub(rb"\x1b\[[0-9;]*m", b"", data)
sys.exit(b"\x1b" in rest or b"\x07" in rest or b"\x9b" in rest)' "$T/pty-color.txt"
else
	da_fail "script (bsdutils) not found for the terminal case"
fi

da_finish
