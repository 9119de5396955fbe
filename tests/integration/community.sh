#!/bin/bash
# Section 8 and the community checks (C.x) against a private dockerd: they
# are not in the default run nor in cis; -c all, -c community and
# -c check_8 select them; on this Community engine section 8 is one INFO
# line (8.0); C.5.3.1-C.5.3.4 name exactly the containers holding their
# capability (one WARN item each) and PASS on a clean set.

# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

da_require_jq
da_require_bin
da_require_daemon
da_setup
T=$DA_TMP
da_daemon_start '{}'
da_image_import "$DA_IMAGE" || da_die "cannot import the test image"

da_run_container clean --cap-drop ALL
da_run_container dacread --cap-add DAC_READ_SEARCH
da_run_container sysmod --cap-add cap_sys_module
da_run_container sysadmin --cap-add SYS_ADMIN
da_run_container ptrace --cap-add CAP_SYS_PTRACE

# ids of a report, one per line
ids() {
	jq -r '.sections[].checks[].id' "$1"
}
# the item names of check $2, sorted, on one line
items() {
	da_items "$1" "$2" | sort | tr '\n' ' ' | sed 's/ $//'
}

# --- the default run and cis have none of them ---------------------------------

da_run_audit --output "json:$T/default.json" >/dev/null 2>"$T/default.err"
da_assert_rc 0 $? "default run"
da_check "the default run has no 8.x check" sh -c "! jq -r '.sections[].checks[].id' '$T/default.json' | grep -q '^8\\.'"
da_check "the default run has no C.x check" sh -c "! jq -r '.sections[].checks[].id' '$T/default.json' | grep -q '^C\\.'"
da_check "the default run still has the cis sections" \
	test "$(ids "$T/default.json" | grep -c .)" -ge 100
da_run_audit -c cis --output "json:$T/cis.json" >/dev/null 2>&1
da_check "-c cis runs what the default runs" \
	test "$(ids "$T/cis.json")" = "$(ids "$T/default.json")"

# --- -c all ----------------------------------------------------------------------

da_run_audit -c all --output "json:$T/all.json" >"$T/all.txt" 2>"$T/all.err"
da_assert_rc 0 $? "-c all"
da_assert_summary_consistent "$T/all.json"
da_check "-c all is the default run plus 8.0 and the seven community checks" \
	test "$(ids "$T/all.json" | tr '\n' ' ')" = \
	"$(ids "$T/default.json" | tr '\n' ' ')8.0 C.1 C.1.1 C.2 C.5.3.1 C.5.3.2 C.5.3.3 C.5.3.4 "
# a Community engine: one INFO line for section 8, as docker-bench-security
da_assert_status "$T/all.json" 8.0 INFO
da_check "8.0 says this is a Community engine" \
	jq -e '.sections[].checks[] | select(.id == "8.0") | .detail | test("Community Engine .*skipping section 8")' "$T/all.json"
da_check "the text report has section 8 with one check line" \
	test "$(grep -c '^\[[A-Z]*\] 8\.' "$T/all.txt")" -eq 1
da_check "no Enterprise-only check ran" sh -c "! grep -q '^\\[[A-Z]*\\] 8\\.[12]' '$T/all.txt'"

# --- the capabilities: one WARN item per offending container --------------------

da_assert_status "$T/all.json" C.5.3.1 WARN
da_check "C.5.3.1 names dacread alone" test "$(items "$T/all.json" C.5.3.1)" = "dacread"
da_assert_status "$T/all.json" C.5.3.2 WARN
da_check "C.5.3.2 names sysmod alone" test "$(items "$T/all.json" C.5.3.2)" = "sysmod"
da_assert_status "$T/all.json" C.5.3.3 WARN
da_check "C.5.3.3 names sysadmin alone" test "$(items "$T/all.json" C.5.3.3)" = "sysadmin"
da_assert_status "$T/all.json" C.5.3.4 WARN
da_check "C.5.3.4 names ptrace alone" test "$(items "$T/all.json" C.5.3.4)" = "ptrace"
da_check "C.5.3.3 says 1 of 5 containers" \
	jq -e '.sections[].checks[] | select(.id == "C.5.3.3") | .detail == "1 of 5 containers with CAP_SYS_ADMIN"' "$T/all.json"
da_assert_status "$T/all.json" C.2 INFO
case $(uname -m) in
x86_64) da_assert_status "$T/all.json" C.1 PASS ;;
aarch64) da_assert_status "$T/all.json" C.1 INFO ;;
*) da_assert_status "$T/all.json" C.1 WARN ;;
esac

# --- -c community, check_8, single ids -------------------------------------------

da_run_audit -c community --output "json:$T/comm.json" >/dev/null 2>&1
da_assert_rc 0 $? "-c community"
da_check "-c community runs the seven community checks" \
	test "$(ids "$T/comm.json" | tr '\n' ' ')" = "C.1 C.1.1 C.2 C.5.3.1 C.5.3.2 C.5.3.3 C.5.3.4 "
da_run_audit -c check_8 --output "json:$T/c8.json" >/dev/null 2>&1
da_assert_rc 0 $? "-c check_8"
da_check "-c check_8 on a Community engine is the one line 8.0" \
	test "$(ids "$T/c8.json" | tr '\n' ' ')" = "8.0 "
da_run_audit -c C.5.3.3,check_c_5_3_4 --output "json:$T/one.json" >/dev/null 2>&1
da_check "-c C.5.3.3,check_c_5_3_4 runs those two" \
	test "$(ids "$T/one.json" | tr '\n' ' ')" = "C.5.3.3 C.5.3.4 "

# the clean container alone: every capability check passes
da_run_audit -c community -i clean --output "json:$T/clean.json" >/dev/null 2>&1
for id in C.5.3.1 C.5.3.2 C.5.3.3 C.5.3.4; do
	da_assert_status "$T/clean.json" "$id" PASS
done
da_check "C.5.3.1 on the clean container says 0 of 1" \
	jq -e '.sections[].checks[] | select(.id == "C.5.3.1") | .detail == "0 of 1 container with CAP_DAC_READ_SEARCH"' "$T/clean.json"

# a privileged container (created, not started): every capability with --all-containers
da_docker create --name priv --privileged "$DA_IMAGE" sleep 600 >/dev/null ||
	da_die "cannot create a privileged container"
da_run_audit -c community --all-containers --output "json:$T/priv.json" >/dev/null 2>&1
for id in C.5.3.1 C.5.3.2 C.5.3.3 C.5.3.4; do
	da_assert_item "$T/priv.json" "$id" priv
done
da_check "C.5.3.3 names sysadmin and priv" test "$(items "$T/priv.json" C.5.3.3)" = "priv sysadmin"

da_daemon_stop
da_finish
