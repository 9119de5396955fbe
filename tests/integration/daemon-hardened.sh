#!/bin/bash
# Section 2 against hardened daemons: the settings in daemon.json, then the
# same settings as dockerd flags (the two paths of the effective
# configuration), then settings that turn passing checks into findings.
# userns-remap is not tried: it would change /etc/subuid on the host.

# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

da_require_jq
da_require_bin
da_require_daemon
da_setup
T=$DA_TMP

hardened_checks() {
	local f=$1
	da_assert_status "$f" 2.2 PASS   # icc off
	da_assert_status "$f" 2.3 PASS   # log level info
	da_assert_status "$f" 2.14 PASS  # no-new-privileges
	da_assert_status "$f" 2.15 PASS  # live-restore
	da_assert_status "$f" 2.16 PASS  # no userland proxy
	da_assert_summary_consistent "$f"
}

# 1. daemon.json
da_daemon_start '{
	"icc": false,
	"no-new-privileges": true,
	"live-restore": true,
	"userland-proxy": false,
	"log-level": "info",
	"log-driver": "syslog",
	"default-ulimits": { "nofile": { "Name": "nofile", "Hard": 4096, "Soft": 2048 } },
	"insecure-registries": [],
	"iptables": true
}'
da_run_audit -c 2 --output "json:$T/file.json" >/dev/null 2>"$T/file.err"
da_assert_rc 0 $? "audit of the daemon.json-hardened daemon"
cat "$T/file.err" >&2
hardened_checks "$T/file.json"
da_assert_status "$T/file.json" 2.4 PASS   # iptables: true
da_assert_status "$T/file.json" 2.5 PASS   # insecure-registries: []
da_assert_status "$T/file.json" 2.8 PASS   # default-ulimits set
da_assert_status "$T/file.json" 2.13 PASS  # syslog, not json-file
da_assert_status "$T/file.json" 2.9 WARN   # still no userns-remap
da_assert_status "$T/file.json" 2.12 WARN  # still no authorization plugin
da_daemon_stop

# 2. The same on the command line, daemon.json empty.
da_daemon_start '{}' --icc=false --no-new-privileges --live-restore \
	--userland-proxy=false --log-level=info --default-ulimit nofile=2048:4096
da_run_audit -c 2 --output "json:$T/flags.json" >/dev/null 2>"$T/flags.err"
da_assert_rc 0 $? "audit of the flag-hardened daemon"
cat "$T/flags.err" >&2
hardened_checks "$T/flags.json"
da_assert_status "$T/flags.json" 2.8 PASS
da_assert_status "$T/flags.json" 2.13 WARN  # json-file again
da_daemon_stop

# 3. Settings that are findings.
da_daemon_start '{
	"log-level": "debug",
	"iptables": false,
	"insecure-registries": ["registry.invalid:5000"],
	"cgroup-parent": "/dockaudit-test"
}'
da_run_audit -c 2 --output "json:$T/bad.json" >/dev/null 2>"$T/bad.err"
da_assert_rc 0 $? "audit of the weakened daemon"
cat "$T/bad.err" >&2
da_assert_status "$T/bad.json" 2.3 WARN   # log level debug
da_assert_status "$T/bad.json" 2.4 WARN   # iptables off
da_assert_status "$T/bad.json" 2.5 WARN   # an insecure registry
da_assert_status "$T/bad.json" 2.10 WARN  # a cgroup parent: confirm it
da_assert_summary_consistent "$T/bad.json"

da_finish
