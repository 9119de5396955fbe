#!/bin/bash
# Mount sources judged by what they are on the host, not by their text
# (5.6 and 5.32), on a private daemon:
#   5.6   a symbolic link to /etc mounted read-write warns (read-only does
#         not); on a merged-/usr host (/lib -> usr/lib) /usr/lib is /lib;
#   5.32  a symbolic link to the daemon's socket, a hard link to it, a bind
#         mount of it onto another file and a link to its folder warn;
#   a harmless folder is named by neither; a snapshot without the identity
#   facts falls back to comparing the paths as text.

# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

da_require_jq
da_require_bin
da_require_daemon
da_setup
T=$DA_TMP
X=$T/x
BOUND=

# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
	local rc=$?
	da_daemon_stop
	if [ -n "$BOUND" ]; then
		umount "$BOUND" 2>/dev/null || umount -l "$BOUND" 2>/dev/null ||
			da_log "cannot unmount $BOUND"
	fi
	(exit "$rc")
	da_cleanup
}
trap cleanup EXIT

da_daemon_start '{}'
da_image_import "$DA_IMAGE" || da_die "cannot import the test image"

mkdir -p "$X/plain" || da_die "cannot create $X"
ln -s /etc "$X/etc-link" || da_die "cannot link /etc"
ln -s "$DA_SOCK" "$X/sock-link" || da_die "cannot link the socket"
ln -s "$DA_D" "$X/dir-link" || da_die "cannot link the socket's folder"
ln "$DA_SOCK" "$X/sock-hard" || da_die "cannot hard-link the socket"
: >"$X/sock-bind" || da_die "cannot create $X/sock-bind"
mount --bind "$DA_SOCK" "$X/sock-bind" || da_die "cannot bind the socket onto $X/sock-bind"
BOUND=$X/sock-bind
[ -S "$X/sock-bind" ] || da_die "$X/sock-bind is no socket after the bind mount"

da_run_container etclink -v "$X/etc-link:/hostetc"
da_run_container etclink-ro -v "$X/etc-link:/hostetc:ro"
da_run_container socklink -v "$X/sock-link:/s"
da_run_container sockhard -v "$X/sock-hard:/s"
da_run_container sockbind -v "$X/sock-bind:/s"
da_run_container dirlink -v "$X/dir-link:/d"
da_run_container plain -v "$X/plain:/p"
MERGED=
if [ "$(readlink /lib)" = usr/lib ] && [ -d /usr/lib ]; then
	MERGED=1
	da_run_container usrlib -v /usr/lib:/x
else
	da_log "/lib is no link to usr/lib here: the merged-/usr case is not run"
fi

F=$T/audit.json
da_run_audit -c 5.6,5.32 --output "json:$F" --save-snapshot "$T/snap.json" \
	>/dev/null 2>"$T/audit.err"
da_assert_rc 0 $? "audit 5.6 and 5.32"
cat "$T/audit.err" >&2

# item detail of check ID for container NAME
detail() {
	jq -r --arg id "$2" --arg n "$3" '.sections[].checks[] | select(.id == $id) |
		.items[]? | select((.name | ltrimstr("/")) == $n) | .detail' "$1"
}
# assert_detail FILE ID NAME SUBSTRING
assert_detail() {
	local d
	d=$(detail "$1" "$2" "$3")
	case $d in
	*"$4"*) da_ok "$2 $3: \"$4\"" ;;
	*) da_fail "$2 $3: \"$4\" (got \"$d\")" ;;
	esac
}

da_assert_status "$F" 5.6 WARN
da_assert_item "$F" 5.6 etclink
assert_detail "$F" 5.6 etclink "$X/etc-link mounted read-write at /hostetc (on the host: /etc)"
da_assert_no_item "$F" 5.6 etclink-ro
da_assert_no_item "$F" 5.6 plain
for c in socklink sockhard sockbind dirlink; do
	da_assert_no_item "$F" 5.6 "$c"
done
if [ -n "$MERGED" ]; then
	da_assert_item "$F" 5.6 usrlib
	assert_detail "$F" 5.6 usrlib "/usr/lib mounted read-write at /x (on the host: /usr/lib, which is /lib)"
fi

da_assert_status "$F" 5.32 WARN
assert_detail "$F" 5.32 socklink \
	"$X/sock-link mounted at /s (on the host: $DA_SOCK, the same file as the Docker socket $DA_SOCK)"
assert_detail "$F" 5.32 sockhard \
	"$X/sock-hard mounted at /s (on the host: $X/sock-hard, the same file as the Docker socket $DA_SOCK)"
assert_detail "$F" 5.32 sockbind \
	"$X/sock-bind mounted at /s (on the host: $X/sock-bind, the same file as the Docker socket $DA_SOCK)"
assert_detail "$F" 5.32 dirlink \
	"$X/dir-link mounted at /d (on the host: $DA_D, which contains the Docker socket $DA_SOCK)"
for c in etclink etclink-ro plain usrlib; do
	da_assert_no_item "$F" 5.32 "$c"
done
da_check "5.32 names exactly the four socket mounts" jq -e '
	[.sections[].checks[] | select(.id == "5.32") | .items[] | .name | ltrimstr("/")] |
	sort == ["dirlink", "sockbind", "sockhard", "socklink"]' "$F"

# The snapshot keeps the facts: the same verdicts from it.
S=$T/from-snap.json
da_run_audit --snapshot "$T/snap.json" -c 5.6,5.32 --output "json:$S" >/dev/null 2>&1
da_assert_rc 0 $? "audit from the snapshot"
# shellcheck disable=SC2016 # jq and sh -c expressions
da_check "the snapshot records the identity of the socket link" jq -e --arg p "$X/sock-link" \
	'.host.identity.paths[$p] | .type == "socket" and (.dev | test(":")) and (.ino | length > 0)' \
	"$T/snap.json"
# shellcheck disable=SC2016 # positional parameters of sh -c
da_check "the snapshot gives the same items" sh -c '
	jq -cS "[.sections[].checks[] | {id, status, items}]" "$1" >"$1.c" &&
	jq -cS "[.sections[].checks[] | {id, status, items}]" "$2" >"$2.c" && cmp -s "$1.c" "$2.c"' \
	sh "$F" "$S"

# A snapshot without them (an older dockaudit): the paths compared as text.
O=$T/old.json
jq 'del(.host.identity)' "$T/snap.json" >"$T/old-snap.json" || da_die "cannot strip the snapshot"
da_run_audit --snapshot "$T/old-snap.json" -c 5.6,5.32 --output "json:$O" >/dev/null 2>&1
da_assert_rc 0 $? "audit from a snapshot without identities"
da_assert_no_item "$O" 5.6 etclink
da_assert_no_item "$O" 5.32 socklink
da_assert_no_item "$O" 5.32 sockhard

da_finish
