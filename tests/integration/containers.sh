#!/bin/bash
# Sections 4 and 5 against scenario containers: one hardened container, one
# with every default, and one container per finding; each finding must name
# its container and only the containers that have it.  Then the object
# filters (-i, -x, -t) and --all-containers.

# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

da_require_jq
da_require_bin
da_require_daemon
da_setup
T=$DA_TMP
da_daemon_start '{}'
da_image_import "$DA_IMAGE" || da_die "cannot import the test image"

da_run_container tight --label tier=hard --read-only --memory 64m --cpu-shares 512 \
	--pids-limit 50 --security-opt no-new-privileges --restart on-failure:5 \
	--health-cmd true --health-interval 5s --user 65534:65534 --cap-drop ALL \
	--ulimit nofile=1024:1024 -p 127.0.0.1:8081:80
da_run_container plain
da_run_container hostnet --net host
da_run_container hostpid --pid host
da_run_container hostipc --ipc host
da_run_container hostuts --uts host
da_run_container hostuser --userns host
da_run_container netadmin --cap-add NET_ADMIN
da_run_container noseccomp --security-opt seccomp=unconfined
da_run_container etcrw -v /etc:/host-etc
da_run_container sock -v "$DA_SOCK:/var/run/docker.sock"
da_run_container privport -p 80:80
da_run_container retries --restart on-failure:10
da_run_container devices --device /dev/null:/dev/xnull
da_docker create --name priv --privileged "$DA_IMAGE" sleep 600 >/dev/null ||
	da_die "cannot create the privileged container"

da_run_audit -c 4,5 --output "json:$T/r.json" >/dev/null 2>"$T/r.err"
da_assert_rc 0 $? "audit -c 4,5"
cat "$T/r.err" >&2
R=$T/r.json
da_assert_summary_consistent "$R"
da_check "no check is ERROR" jq -e '[.sections[].checks[] | select(.status == "ERROR")] | length == 0' "$R"

# finding ID STATUS OFFENDER...: the check has STATUS, names each offender,
# and names neither the hardened container (unless it is an offender) nor
# plain (unless it is one).
finding() {
	local id=$1 status=$2 c
	shift 2
	da_assert_status "$R" "$id" "$status"
	for c in "$@"; do
		da_assert_item "$R" "$id" "$c"
	done
	case " $* " in
	*" tight "*) ;;
	*) da_assert_no_item "$R" "$id" tight ;;
	esac
	# plain is an offender only of the checks that list it.
	case " $* " in
	*" plain "*) ;;
	*) da_assert_no_item "$R" "$id" plain ;;
	esac
}

finding 4.1 WARN plain hostnet       # running as root
finding 4.6 WARN "$DA_IMAGE"         # image without HEALTHCHECK
finding 5.1 PASS                     # swarm inactive
finding 5.4 WARN netadmin            # capability added
finding 5.5 PASS                     # the privileged one is not running
finding 5.6 WARN etcrw               # /etc mounted read-write
finding 5.8 WARN privport            # host port 80
finding 5.9 WARN privport tight      # a published port, any address
finding 5.10 WARN hostnet            # host network
finding 5.11 WARN plain              # no memory limit
finding 5.12 WARN plain              # no CPU shares
finding 5.13 WARN plain              # root filesystem writable
finding 5.14 WARN privport           # bound to 0.0.0.0
finding 5.15 WARN retries            # on-failure:10
finding 5.16 WARN hostpid            # host pid namespace
finding 5.17 WARN hostipc            # host ipc namespace
finding 5.18 INFO devices            # a device
finding 5.19 INFO plain              # no ulimit override
finding 5.21 WARN hostuts            # host uts namespace
finding 5.22 WARN noseccomp          # seccomp unconfined
finding 5.26 WARN plain              # no no-new-privileges
finding 5.27 WARN plain              # no health check
finding 5.29 WARN plain              # no pids limit
finding 5.30 INFO plain tight        # on docker0
finding 5.31 WARN hostuser           # host user namespace
finding 5.32 WARN sock               # docker.sock mounted
da_assert_no_item "$R" 5.30 hostnet
da_check "5.23 and 5.24 are manual notes" jq -e '[.sections[].checks[] |
	select(.id == "5.23" or .id == "5.24") | .status] == ["NOTE", "NOTE"]' "$R"

# --all-containers: the created privileged container is audited too.
da_run_audit -c 5.5 --all-containers --output "json:$T/all.json" >/dev/null 2>&1
da_assert_rc 0 $? "--all-containers"
da_assert_status "$T/all.json" 5.5 WARN
da_assert_item "$T/all.json" 5.5 priv

# Object filters.
da_run_audit -c 5.11,5.13 -i tight --output "json:$T/i.json" >/dev/null 2>&1
da_assert_rc 0 $? "-i tight"
da_assert_status "$T/i.json" 5.11 PASS
da_assert_status "$T/i.json" 5.13 PASS
da_run_audit -c 5.10,5.11 -x plain,hostnet --output "json:$T/x.json" >/dev/null 2>&1
da_assert_rc 0 $? "-x plain,hostnet"
da_assert_status "$T/x.json" 5.10 PASS
da_assert_no_item "$T/x.json" 5.11 plain
da_assert_item "$T/x.json" 5.11 hostpid
da_run_audit -c 5.11 -t tier=hard --output "json:$T/t.json" >/dev/null 2>&1
da_assert_rc 0 $? "-t tier=hard"
da_assert_status "$T/t.json" 5.11 PASS

# -n LIMIT caps the items.
da_run_audit -c 5.11 -n 2 --output "json:$T/n.json" >/dev/null 2>&1
da_assert_rc 0 $? "-n 2"
n=$(jq '[.sections[].checks[] | select(.id == "5.11") | .items[]? |
	select(.kind == "container")] | length' "$T/n.json")
da_check "-n 2 keeps at most 2 container items of 5.11 (kept $n)" test "$n" -le 2

da_finish
