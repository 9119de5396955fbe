#!/bin/bash
# Section 7 (and the swarm-dependent 2.15 and 5.1) before and after
# `docker swarm init`, then with auto-lock and a secret.

# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

da_require_jq
da_require_bin
da_require_daemon
da_setup
T=$DA_TMP
da_daemon_start '{}'

da_run_audit -c 2.15,5.1,7 --output "json:$T/none.json" >/dev/null 2>"$T/none.err"
da_assert_rc 0 $? "audit without swarm"
cat "$T/none.err" >&2
da_assert_status "$T/none.json" 2.15 WARN  # no live-restore, no swarm
da_assert_status "$T/none.json" 5.1 PASS   # swarm inactive
da_assert_status "$T/none.json" 7.1 PASS   # swarm mode not enabled
da_assert_status "$T/none.json" 7.2 PASS
da_assert_status "$T/none.json" 7.3 PASS   # no overlay network
da_assert_status "$T/none.json" 7.5 PASS
da_assert_summary_consistent "$T/none.json"

# The default listen address is 0.0.0.0:2377.
da_docker swarm init --advertise-addr 127.0.0.1 >/dev/null || da_die "swarm init failed"
da_run_audit -c 2.15,5.1,7 --output "json:$T/swarm.json" >/dev/null 2>"$T/swarm.err"
da_assert_rc 0 $? "audit of a swarm manager"
cat "$T/swarm.err" >&2
da_assert_status "$T/swarm.json" 2.15 PASS  # incompatible with swarm: passes
da_assert_status "$T/swarm.json" 5.1 WARN   # swarm active
da_assert_status "$T/swarm.json" 7.1 PASS   # one manager
da_assert_status "$T/swarm.json" 7.2 WARN   # listening on 0.0.0.0:2377
# Only the built-in ingress network is unencrypted: a finding or a note,
# but never a pass.
st=$(da_status "$T/swarm.json" 7.3)
da_check "7.3 is WARN or INFO with ingress alone ($st)" test "$st" = WARN -o "$st" = INFO
da_assert_item "$T/swarm.json" 7.3 ingress
da_assert_status "$T/swarm.json" 7.4 INFO   # no secret
da_assert_status "$T/swarm.json" 7.5 WARN   # no auto-lock
da_assert_summary_consistent "$T/swarm.json"

da_docker network create -d overlay --opt encrypted sealed >/dev/null ||
	da_die "cannot create an encrypted overlay network"
da_docker network create -d overlay plainnet >/dev/null ||
	da_die "cannot create an overlay network"
printf 's3cret' | da_docker secret create token - >/dev/null || da_die "cannot create a secret"
da_docker swarm update --autolock=true >/dev/null || da_die "cannot turn auto-lock on"
da_run_audit -c 7 --output "json:$T/locked.json" >/dev/null 2>"$T/locked.err"
da_assert_rc 0 $? "audit of an auto-locked swarm with a secret"
cat "$T/locked.err" >&2
da_assert_status "$T/locked.json" 7.3 WARN
da_assert_item "$T/locked.json" 7.3 plainnet
da_assert_no_item "$T/locked.json" 7.3 sealed
da_assert_status "$T/locked.json" 7.4 PASS  # a secret is managed
da_assert_status "$T/locked.json" 7.5 PASS  # auto-lock on
da_daemon_stop

# A manager bound to one address.
da_daemon_start '{}'
da_docker swarm init --advertise-addr 127.0.0.1 --listen-addr 127.0.0.1:2377 >/dev/null ||
	da_die "swarm init --listen-addr failed"
da_run_audit -c 7.2 --output "json:$T/bound.json" >/dev/null 2>&1
da_assert_rc 0 $? "audit of a bound manager"
da_assert_status "$T/bound.json" 7.2 PASS

da_finish
