#!/bin/bash
# Podman's Docker-compatible service (docs/podman.md): a private
# `podman system service` with its own storage, run root, configuration
# and network namespace (the host's containers storage, its
# containers.conf and its network are never used), a busybox-static image
# imported into it, a plain container and one with --cap-add SYS_ADMIN.
# The audit must tell Podman from dockerd, run the engine checks, give the
# checks of dockerd's process, flags and files INFO "not applicable to
# Podman", and never ERROR on a field Podman leaves empty.
# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

da_require_bin
da_require_jq
[ "$(id -u)" -eq 0 ] || da_skip "not root: the private Podman service runs as root"
command -v podman >/dev/null 2>&1 || da_skip "podman not found (install podman)"
command -v conmon >/dev/null 2>&1 || da_skip "conmon not found (install conmon)"
[ -x /bin/busybox ] || da_skip "/bin/busybox not found (install busybox-static)"
unshare -n true 2>/dev/null || da_skip "cannot create a network namespace (unshare -n)"
PM_RUNTIME=
for t in runc crun; do
	if command -v "$t" >/dev/null 2>&1; then
		PM_RUNTIME=$t
		break
	fi
done
[ -n "$PM_RUNTIME" ] || da_skip "no OCI runtime (runc or crun) found"

da_setup
PM=$DA_TMP/pm
PM_PID=
mkdir -p "$PM/storage" "$PM/run" "$PM/tmp" "$PM/net" "$PM/ocistate" "$PM/home" \
	"$PM/xdg/config" "$PM/xdg/data" "$PM/xdg/run" || da_die "cannot create $PM"
chmod 700 "$PM/xdg/run"
PM_SOCK=$PM/podman.sock
[ "${#PM_SOCK}" -lt 100 ] || da_die "socket path too long: $PM_SOCK"

# Limits below the sandbox's hard ones: a root without CAP_SYS_RESOURCE
# cannot raise them, and Podman would set them to its own maxima.
nofile=$(ulimit -Hn)
nproc=$(ulimit -Hu)
{ [ "$nofile" = unlimited ] || [ "$nofile" -gt 1024 ]; } && nofile=1024
{ [ "$nproc" = unlimited ] || [ "$nproc" -gt 1024 ]; } && nproc=1024
PM_ULIMITS=(--ulimit "nofile=$nofile:$nofile" --ulimit "nproc=$nproc:$nproc")

# Everything Podman would read or write outside $PM is named here: the
# configuration (only this file: CONTAINERS_CONF), the storage (vfs: no
# mounts), the run and lock folders, events, networks, volumes.
cat >"$PM/containers.conf" <<EOF
[containers]
log_driver = "k8s-file"
default_ulimits = ["nofile=$nofile:$nofile", "nproc=$nproc:$nproc"]
[network]
network_config_dir = "$PM/net"
[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$PM/events.log"
lock_type = "file"
tmp_dir = "$PM/tmp"
static_dir = "$PM/storage/libpod"
volume_path = "$PM/storage/volumes"
runtime = "$PM_RUNTIME"
EOF
cat >"$PM/storage.conf" <<EOF
[storage]
driver = "vfs"
runroot = "$PM/run"
graphroot = "$PM/storage"
EOF
: >"$PM/registries.conf"
export CONTAINERS_CONF=$PM/containers.conf CONTAINERS_STORAGE_CONF=$PM/storage.conf
export CONTAINERS_REGISTRIES_CONF=$PM/registries.conf HOME=$PM/home
export XDG_CONFIG_HOME=$PM/xdg/config XDG_DATA_HOME=$PM/xdg/data XDG_RUNTIME_DIR=$PM/xdg/run
PM_GLOBAL=(--root "$PM/storage" --runroot "$PM/run" --storage-driver vfs
	--tmpdir "$PM/tmp" --cgroup-manager cgroupfs --events-backend file
	--runtime-flag "root=$PM/ocistate")

pm() {
	timeout 120 podman --remote --url "unix://$PM_SOCK" "$@"
}

# Pids of processes of this test's Podman: the service, conmon, the
# containers (in its network namespace), and any naming $PM.
pm_leftovers() {
	{
		if [ -n "${PM_NETNS:-}" ]; then
			find /proc/[0-9]*/ns/net -maxdepth 0 -printf '%h %l\n' 2>/dev/null |
				awk -v ns="$PM_NETNS" '$2 == ns { split($1, a, "/"); print a[3] }'
		fi
		grep -lsaF -f <(printf '%s/\n' "$PM") /proc/[0-9]*/cmdline | cut -d/ -f3
	} | sort -un | grep -vx -e "$$" -e "${BASHPID:-$$}"
}

pm_stop() {
	local p m
	if [ -n "$PM_PID" ] && kill -0 "$PM_PID" 2>/dev/null; then
		pm rm -af -t 0 >/dev/null 2>&1
		pm rmi -af >/dev/null 2>&1
		kill -TERM "$PM_PID" 2>/dev/null
		da_wait_gone "$PM_PID" 150 || kill -KILL "$PM_PID" 2>/dev/null
		da_wait_gone "$PM_PID" 50
	fi
	PM_PID=
	# what the service left: its storage, by the same podman (never the
	# host's: every path is under $PM)
	timeout 120 podman "${PM_GLOBAL[@]}" rm -af -t 0 >/dev/null 2>&1
	for p in $(pm_leftovers); do
		da_log "killing leftover process $p: $(tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | cut -c1-120)"
		kill -KILL "$p" 2>/dev/null
		da_wait_gone "$p" 50
	done
	for m in $(da_mounts_under "$PM"); do
		umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null
	done
	pm_cgroups_clean
}

# Podman's cgroupfs manager makes a libpod_parent folder in each cgroup
# hierarchy and a libpod-ID folder below it per container.  The test's own
# container folders go; libpod_parent goes when it is empty and was not
# there before the test (another Podman's containers keep it busy: rmdir
# fails on a cgroup that is in use, so nothing of theirs is touched).
PM_CG_BEFORE=$(find /sys/fs/cgroup -maxdepth 2 -type d -name libpod_parent 2>/dev/null)
PM_IDS=
pm_cg_own() {
	local id
	for id in $PM_IDS; do
		find /sys/fs/cgroup -maxdepth 4 -type d -name "libpod-$id*" 2>/dev/null
	done
}
pm_cgroups_clean() {
	local d
	for d in $(pm_cg_own); do
		find "$d" -depth -type d -exec rmdir {} \; 2>/dev/null
	done
	for d in $(find /sys/fs/cgroup -maxdepth 2 -type d -name libpod_parent 2>/dev/null); do
		printf '%s\n' "$PM_CG_BEFORE" | grep -qxF "$d" && continue
		find "$d" -depth -type d -exec rmdir {} \; 2>/dev/null
	done
}

# The lib's EXIT cleanup, with the service stopped first.
# shellcheck disable=SC2317 # run by the EXIT trap
pm_cleanup() {
	local rc=$?
	pm_stop
	(exit "$rc")
	da_cleanup
}
trap pm_cleanup EXIT

# The service, in its own network namespace, as root.
unshare -n podman "${PM_GLOBAL[@]}" system service --time=0 "unix://$PM_SOCK" \
	>"$PM/service.log" 2>&1 &
PM_PID=$!
i=0
until curl -sf --unix-socket "$PM_SOCK" http://podman/_ping >/dev/null 2>&1; do
	i=$((i + 1))
	if ! kill -0 "$PM_PID" 2>/dev/null || [ $i -gt 600 ]; then
		tail -n 20 "$PM/service.log" >&2
		da_die "the Podman service did not start"
	fi
	sleep 0.1
done
PM_NETNS=$(readlink "/proc/$PM_PID/ns/net" 2>/dev/null)
if [ -z "$PM_NETNS" ] || [ "$PM_NETNS" = "$(readlink /proc/self/ns/net)" ]; then
	da_die "the Podman service is not in its own network namespace"
fi

# The image, from busybox-static as the dockerd tests make theirs.
r=$DA_TMP/rootfs
mkdir -p "$r/bin" "$r/etc" "$r/tmp" "$r/proc" "$r/sys" "$r/dev" "$r/root" || da_die "rootfs"
cp /bin/busybox "$r/bin/busybox" || da_die "cannot copy busybox"
for t in sh sleep ps cat ls echo id true; do
	ln -s busybox "$r/bin/$t"
done
printf 'root:x:0:0:root:/root:/bin/sh\n' >"$r/etc/passwd"
printf 'root:x:0:\n' >"$r/etc/group"
tar -C "$r" -cf "$DA_TMP/rootfs.tar" . || da_die "cannot tar the rootfs"
pm import -c 'CMD ["/bin/sh"]' "$DA_TMP/rootfs.tar" "$DA_IMAGE" >/dev/null ||
	da_die "podman import failed"
PM_IDS=
id=$(pm run -d --name pm-risky --network none "${PM_ULIMITS[@]}" --cap-add SYS_ADMIN "$DA_IMAGE" sleep 600) ||
	da_die "cannot run pm-risky: $(tail -n 5 "$PM/service.log")"
PM_IDS="$PM_IDS $id"
id=$(pm run -d --name pm-plain --network none "${PM_ULIMITS[@]}" "$DA_IMAGE" sleep 600) ||
	da_die "cannot run pm-plain"
PM_IDS="$PM_IDS $id"

# --- the audit ---------------------------------------------------------------

out=$DA_TMP/report.json
da_run_audit -H "unix://$PM_SOCK" --format json >"$out" 2>"$DA_TMP/audit.err"
rc=$?
da_assert_rc 0 "$rc" "audit of the Podman service"
[ -s "$DA_TMP/audit.err" ] && cat "$DA_TMP/audit.err" >&2

da_check "the report validates against the schema" da_validate_json "$out"
got=$(jq -r '.target.engine' "$out")
if [ "$got" = podman ]; then da_ok "engine detected as podman"; else da_fail "engine: $got"; fi

errors=$(jq -r '.sections[].checks[] | select(.status == "ERROR") | "\(.id): \(.detail)"' "$out")
if [ -z "$errors" ]; then
	da_ok "no ERROR result"
else
	da_fail "ERROR results: $errors"
fi
da_assert_summary_consistent "$out"

reason=$(jq -r '.target.dockerd.reason // ""' "$out")
case $reason in
"not applicable to Podman"*) da_ok "target.dockerd.reason says Podman" ;;
*) da_fail "target.dockerd.reason: $reason" ;;
esac

# dockerd's files, flags and daemon.json: INFO with that reason
for id in 1.1.3 1.1.5 1.1.11 1.2.2 2.2 2.3 2.8 2.9 2.12 2.13 2.15 2.16 2.18 \
	3.1 3.5 3.15 3.17 3.23; do
	st=$(jq -r --arg id "$id" '.sections[].checks[] | select(.id == $id) |
		"\(.status) \(.detail)"' "$out")
	case $st in
	"INFO "*"not applicable to Podman"*) da_ok "$id is INFO not applicable to Podman" ;;
	*) da_fail "$id: $st" ;;
	esac
done

# the engine checks run and judge the containers
da_assert_status "$out" 5.4 WARN
da_assert_item "$out" 5.4 pm-risky
da_assert_no_item "$out" 5.4 pm-plain
da_assert_status "$out" 5.5 PASS
da_assert_status "$out" 5.27 WARN
da_assert_item "$out" 5.27 pm-plain
da_assert_status "$out" 4.6 WARN
da_assert_status "$out" 2.6 PASS
n=$(jq -r '[.sections[] | select(.id == "5") | .checks[] | .items[]? | .name] |
	map(ltrimstr("/")) | unique | map(select(. == "pm-risky" or . == "pm-plain")) | length' "$out")
if [ "$n" = 2 ]; then da_ok "section 5 names both containers"; else da_fail "section 5 names $n containers"; fi

# the text banner names the engine
da_run_audit -H "unix://$PM_SOCK" -c 1.1.3 >"$DA_TMP/report.txt" 2>/dev/null
if grep -q '^# Engine: Podman, version ' "$DA_TMP/report.txt"; then
	da_ok "text banner names Podman"
else
	da_fail "text banner: $(head -n 6 "$DA_TMP/report.txt")"
fi

# a snapshot keeps what was judged: replayed elsewhere, still Podman
da_run_audit -H "unix://$PM_SOCK" --save-snapshot "$DA_TMP/snap.json" >/dev/null 2>&1
da_run_audit --snapshot "$DA_TMP/snap.json" --format json >"$DA_TMP/replay.json" 2>/dev/null
got=$(jq -r '.target.engine' "$DA_TMP/replay.json")
if [ "$got" = podman ]; then da_ok "replayed snapshot: engine podman"; else da_fail "replayed snapshot: engine $got"; fi
da_assert_status "$DA_TMP/replay.json" 2.13 INFO

# --daemon-pid names a dockerd: refused for Podman
da_run_audit -H "unix://$PM_SOCK" --daemon-pid 1 --format json >/dev/null 2>"$DA_TMP/pid.err"
da_assert_rc 2 "$?" "--daemon-pid against Podman"

# --- cleanup -----------------------------------------------------------------

pm_stop
left=$(pm_leftovers)
if [ -z "$left" ]; then
	da_ok "no process of the test's Podman remains"
else
	da_fail "processes left: $left"
fi
if [ -z "$(da_mounts_under "$PM")" ]; then da_ok "no mount left under the test folder"; else da_fail "mounts left"; fi
left=$(pm_cg_own)
if [ -z "$left" ]; then da_ok "no cgroup of the test's containers remains"; else da_fail "cgroups left: $left"; fi
# libpod_parent, when the test made it and no other Podman uses it now
# a conmon of the test's may still be on its way out (a zombie for a moment)
for i in $(seq 100); do pgrep -x conmon >/dev/null || break; sleep 0.1; done
pm_cgroups_clean
if [ -z "$PM_CG_BEFORE" ] && ! pgrep -x conmon >/dev/null; then
	left=$(find /sys/fs/cgroup -maxdepth 2 -type d -name libpod_parent 2>/dev/null)
	if [ -z "$left" ]; then da_ok "the cgroup folders Podman made are gone"; else da_fail "cgroups left: $left"; fi
fi
da_finish
