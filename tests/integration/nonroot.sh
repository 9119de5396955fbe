#!/bin/bash
# Least privilege: the same private daemon audited as root and as an
# unprivileged member of the docker group (uid 65534, gid 65534, the docker
# group as its only supplementary group).  Without root some facts are
# unreadable: dockerd's /proc/PID/exe, a daemon.json of mode 0600, the
# containerd socket in a 0700 directory, the swarm state below
# DockerRootDir (0710), and, in a host image given with --host-root,
# /etc/audit (0750) and a registry certificate directory (0700).  Every
# check whose status differs from the root run must be INFO saying "needs
# root"; none may turn into a WARN, an ERROR or a PASS because of it.
#
# Setting up needs root (the private daemon, dropping privileges with
# setpriv); without it the test skips, and fails under CI=true.

# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

da_require_jq
da_require_bin
da_require_daemon
command -v setpriv >/dev/null 2>&1 || da_skip "setpriv not found (util-linux)"
docker_gid=$(getent group docker | cut -d: -f3)
[ -n "$docker_gid" ] || da_skip "no docker group on this host (the daemon's socket group)"
nobody=65534

da_setup
T=$DA_TMP
da_daemon_start '{}'
da_image_import "$DA_IMAGE" || da_die "cannot import the test image"
da_docker run -d --name alpha "$DA_IMAGE" sleep 600 >/dev/null || da_die "cannot run a container"
da_docker swarm init --advertise-addr 127.0.0.1 >/dev/null || da_die "swarm init failed"

# The unprivileged user reaches the socket through the docker group and
# traverses the scratch directories, nothing more.
chmod 0711 "$T" "$DA_D" || da_die "cannot open $T"
if ! chgrp "$docker_gid" "$DA_SOCK" || ! chmod 0660 "$DA_SOCK"; then
	da_die "cannot set up $DA_SOCK"
fi
# What a hardened host keeps from other users.
chmod 0600 "$DA_D/daemon.json" || da_die "cannot restrict daemon.json"
chmod 0700 "$DA_D/ctd" || da_die "cannot restrict the containerd directory"
chmod 0710 "$DA_D/root" || da_die "cannot restrict DockerRootDir"

# The binary and modules where the user can run them (the build directory
# may be private), with the same environment for both runs.
# Not below /tmp: the loader refuses modules below a folder others may write.
da_module_scratch
nr=$DA_MSCRATCH/nr
mkdir -p "$nr/modules" "$T/out" || da_die "cannot create $nr"
if ! cp "$DA_BIN" "$nr/dockaudit" || ! cp "$DA_MODULE_DIR"/*.so "$nr/modules/"; then
	da_die "cannot copy the binary and modules"
fi
chmod -R a+rX "$nr"
chown "$nobody:$nobody" "$T/out"

# as_root|as_user NAME ARG...: audits with JSON to $T/out/NAME.json and text
# to $T/out/NAME.txt; returns dockaudit's exit status.
as_root() {
	local name=$1
	shift
	env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DOCKER_HOST="$DOCKER_HOST" \
		"$nr/dockaudit" --module-dir "$nr/modules" --no-color \
		--output "json:$T/out/$name.json" "$@" >"$T/out/$name.txt" 2>"$T/out/$name.err"
}
as_user() {
	local name=$1
	shift
	setpriv --reuid="$nobody" --regid="$nobody" --groups="$docker_gid" \
		env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DOCKER_HOST="$DOCKER_HOST" \
		"$nr/dockaudit" --module-dir "$nr/modules" --no-color \
		--output "json:$T/out/$name.json" "$@" >"$T/out/$name.txt" 2>"$T/out/$name.err"
}

da_check "the user cannot read daemon.json" \
	test "$(setpriv --reuid="$nobody" --regid="$nobody" --clear-groups \
		sh -c "cat '$DA_D/daemon.json' >/dev/null 2>&1 || echo denied")" = denied
da_check "the user reaches the daemon through the docker group" \
	setpriv --reuid="$nobody" --regid="$nobody" --groups="$docker_gid" \
	env -i HOME="$T/out" DOCKER_HOST="$DOCKER_HOST" "$DA_DOCKER_CLIENT" version

# assert_only_needs_root ROOT.json USER.json: same checks; each status that
# differs is INFO saying "needs root" in the user's report.
assert_only_needs_root() {
	local bad
	bad=$(jq -n -r --slurpfile r "$1" --slurpfile u "$2" '
		([$r[0].sections[].checks[] | {key: .id, value: .}] | from_entries) as $root |
		[$u[0].sections[].checks[] | select(.status != $root[.id].status) |
		 select(.status != "INFO" or ((.detail // "") | contains("needs root") | not)) |
		 "\(.id): \($root[.id].status) as root, \(.status) without: \(.detail)"] | .[]')
	if [ -z "$bad" ]; then
		da_ok "every check that differs from the root run says needs root ($2)"
	else
		da_fail "checks that differ from the root run without saying needs root ($2)"
		printf '%s\n' "$bad" >&2
	fi
	da_check "the same checks ran as root and without ($2)" \
		test "$(jq -c '[.sections[].checks[].id]' "$1")" = "$(jq -c '[.sections[].checks[].id]' "$2")"
}

# differing ROOT.json USER.json: the ids whose status differs.
differing() {
	jq -n -r --slurpfile r "$1" --slurpfile u "$2" '
		([$r[0].sections[].checks[] | {key: .id, value: .status}] | from_entries) as $root |
		[$u[0].sections[].checks[] | select(.status != $root[.id]) | .id] | join(" ")'
}

# assert_needs_root FILE ID: check ID is INFO, unscored, and says needs root.
assert_needs_root() {
	if jq -e --arg id "$2" '.sections[].checks[] | select(.id == $id) |
		.status == "INFO" and (.detail | startswith("needs root: ")) and .scored == false' \
		"$1" >/dev/null; then
		da_ok "$2 says needs root"
	else
		da_fail "$2 says needs root"
		jq -c --arg id "$2" '.sections[].checks[] | select(.id == $id) | {status, detail}' "$1" >&2
	fi
}

# --- the live daemon ---------------------------------------------------------

as_root root
da_assert_rc 0 $? "audit as root"
as_user user
da_assert_rc 0 $? "audit as uid $nobody in the docker group"
cat "$T/out/user.err" >&2
da_check "the unprivileged JSON report validates against its schema" \
	da_validate_json "$T/out/user.json"
da_assert_summary_consistent "$T/out/user.json"
assert_only_needs_root "$T/out/root.json" "$T/out/user.json"
da_log "checks that need root here: $(differing "$T/out/root.json" "$T/out/user.json")"
# What root reads and the user cannot: each says so.
assert_needs_root "$T/out/user.json" 1.1.3   # /proc/PID/exe
assert_needs_root "$T/out/user.json" 1.1.8   # the containerd socket
assert_needs_root "$T/out/user.json" 3.23
assert_needs_root "$T/out/user.json" 3.24
assert_needs_root "$T/out/user.json" 2.4     # daemon.json 0600
assert_needs_root "$T/out/user.json" 2.16
assert_needs_root "$T/out/user.json" 7.2     # swarm state below DockerRootDir
da_assert_status "$T/out/root.json" 2.16 WARN
da_assert_status "$T/out/root.json" 7.2 WARN
# What stays readable is judged as by root.
da_assert_status "$T/out/user.json" 3.15 PASS  # the socket: root:docker 0660
da_assert_status "$T/out/user.json" 4.1 WARN   # the container runs as root
da_assert_status "$T/out/user.json" 5.1 WARN   # swarm mode on
da_check "no ERROR in the unprivileged report" \
	jq -e '[.sections[].checks[] | select(.status == "ERROR")] | length == 0' "$T/out/user.json"
da_check "the text report says the audit ran without root" \
	grep -qxF "# Running as uid $nobody (not root): some checks report INFO needs root" \
	"$T/out/user.txt"
da_check "the root text report does not" \
	test "$(grep -c 'not root' "$T/out/root.txt")" -eq 0

# --- a host image: audit rules and registry certificates ----------------------

h=$T/hostroot
mkdir -p "$h/etc/docker/certs.d/reg.example:5000" "$h/etc/audit/rules.d" "$h/usr/bin" ||
	da_die "cannot build $h"
printf 'ca\n' >"$h/etc/docker/certs.d/reg.example:5000/ca.crt"
chmod 0444 "$h/etc/docker/certs.d/reg.example:5000/ca.crt"
chmod 0700 "$h/etc/docker/certs.d/reg.example:5000"
printf '%s\n' '-w /etc/docker -k docker' >"$h/etc/audit/audit.rules"
printf '%s\n' '-w /usr/bin/containerd -k docker' >"$h/etc/audit/rules.d/docker.rules"
chmod 0640 "$h/etc/audit/audit.rules" "$h/etc/audit/rules.d/docker.rules"
chmod 0750 "$h/etc/audit"
printf 'bin\n' >"$h/usr/bin/runc"
printf 'bin\n' >"$h/usr/bin/containerd"
chmod 0755 "$h/usr/bin/runc" "$h/usr/bin/containerd"
chmod 0755 "$h"

as_root hroot --host-root "$h" -c 1,3
da_assert_rc 0 $? "host image audit as root"
as_user huser --host-root "$h" -c 1,3
da_assert_rc 0 $? "host image audit without root"
cat "$T/out/huser.err" >&2
assert_only_needs_root "$T/out/hroot.json" "$T/out/huser.json"
da_log "checks that need root in the host image: $(differing "$T/out/hroot.json" "$T/out/huser.json")"
da_assert_status "$T/out/hroot.json" 1.1.6 PASS   # a rule watches /etc/docker
da_assert_status "$T/out/hroot.json" 1.1.14 PASS  # rules.d watches containerd
da_assert_status "$T/out/hroot.json" 1.1.18 WARN  # no rule for runc
da_assert_status "$T/out/hroot.json" 3.7 PASS
for id in 1.1.6 1.1.14 1.1.18 3.7 3.8; do
	assert_needs_root "$T/out/huser.json" "$id"
done
da_check "1.1.18 names the rule file it could not read" \
	jq -e '.sections[].checks[] | select(.id == "1.1.18") |
		.detail | contains("/etc/audit/audit.rules (permission denied)")' "$T/out/huser.json"
da_check "the host image JSON report validates against its schema" \
	da_validate_json "$T/out/huser.json"

da_finish
