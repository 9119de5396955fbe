#!/bin/bash
# Memory after the engine, end to end, on snapshots this test generates
# from tests/fixtures/runtime-base.json:
#   - 8 containers with 7 MiB names, failing many checks: every output
#     written, isolated and in-process; peak memory stays under 700 MB
#     (the snapshot alone takes about 250 MB) and the names are cut
#     "(truncated N bytes)";
#   - one container with 10,000 published ports: section 5 is audited (no
#     ERROR), 5.9 lists every port;
#   - 20 MB of "[{},{},...]": refused before parsing, one line;
#   - 3 MB of "[{},{},...]" under `ulimit -v`: "out of memory", exit 3.
# Peak memory is GNU time's (package "time"), else python3's getrusage.
# Needs neither root nor dockerd.

# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/../integration/lib.sh"

da_require_jq
da_require_bin
command -v python3 >/dev/null 2>&1 || da_skip "python3 not found"
command -v timeout >/dev/null 2>&1 || da_skip "timeout (coreutils) not found"

da_setup
T=$DA_TMP
GUARD=$((300 * ${DA_SLOW:-1}))
MEM_LIMIT_KB=700000

# gen KIND OUT [N]: a snapshot from the runtime fixture.
gen() {
	python3 - "$DA_SRCDIR/tests/fixtures/runtime-base.json" "$@" <<'PY'
import copy, json, sys
base = json.load(open(sys.argv[1]))
kind, out = sys.argv[2], sys.argv[3]
c0 = base['engine']['containers'][0]
if kind == 'names':
    cs = []
    for i in range(8):
        c = copy.deepcopy(c0)
        c['Id'] = '%064x' % (i + 1)
        c['Name'] = '/' + chr(ord('a') + i) * (7 << 20)
        c['HostConfig'].update({
            'Privileged': True, 'Memory': 0, 'CpuShares': 0, 'ReadonlyRootfs': False,
            'PidsLimit': 0, 'SecurityOpt': [], 'CapAdd': ['ALL'], 'CapDrop': [],
            'NetworkMode': 'host', 'PidMode': 'host', 'IpcMode': 'host', 'UTSMode': 'host',
            'UsernsMode': 'host', 'CgroupnsMode': 'host',
            'RestartPolicy': {'Name': 'always', 'MaximumRetryCount': 0},
            'PortBindings': {'22/tcp': [{'HostIp': '', 'HostPort': '22'}]}})
        c['AppArmorProfile'] = 'unconfined'
        c['Config']['User'] = ''
        c['Config'].pop('Healthcheck', None)
        c['Mounts'] = [{'Type': 'bind', 'Source': '/', 'Destination': '/host', 'Mode': '',
                        'RW': True, 'Propagation': 'rshared'}]
        cs.append(c)
    base['engine']['containers'] = cs
    base['engine']['container_list'] = [{'Id': c['Id'], 'Names': [c['Name']]} for c in cs]
elif kind == 'ports':
    c = copy.deepcopy(c0)
    ports = range(1, 10001)
    c['HostConfig']['PortBindings'] = {'%d/tcp' % p: [{'HostIp': '', 'HostPort': str(p)}]
                                       for p in ports}
    c['NetworkSettings']['Ports'] = {'%d/tcp' % p: [{'HostIp': '0.0.0.0', 'HostPort': str(p)}]
                                     for p in ports}
    base['engine']['containers'] = [c]
    base['engine']['container_list'] = [{'Id': c['Id'], 'Names': [c['Name']]}]
elif kind == 'empties':
    base['engine']['info']['Junk'] = [{}] * int(sys.argv[4])
json.dump(base, open(out, 'w'))
PY
}

run() {
	local d=$1
	shift
	da_measure "$d" timeout -k 5 "$GUARD" "$DA_BIN" --module-dir "$DA_MODULE_DIR" -b "$@"
}

gen names "$T/names.json" || da_die "cannot generate the names snapshot"
for mode in isolated in-process; do
	d=$T/names-$mode
	extra=()
	[ "$mode" = in-process ] && extra=(--no-isolation)
	run "$d" --snapshot "$T/names.json" "${extra[@]}" --output "json:$d/r.json" \
		--output "junit:$d/r.xml" --output "dbs-json:$d/r.dbs" --output "text:$d/r.txt"
	da_log "names ($mode): ${PEAK_KB} KB, ${SECS} s"
	da_check "names ($mode): exit 0" test "$RC" -eq 0
	da_check "names ($mode): nothing on standard error" test ! -s "$d/err"
	da_check "names ($mode): peak memory ${PEAK_KB} KB under $MEM_LIMIT_KB KB" \
		test "${PEAK_KB:-999999999}" -lt "$MEM_LIMIT_KB"
	da_check "names ($mode): the report is under 8 MB" \
		test "$(stat -c %s "$d/r.json")" -lt 8000000
	da_check "names ($mode): a name is cut, with the bytes left out" \
		bash -c "jq -r '.sections[].checks[].items[].name // empty' '$d/r.json' |
			grep -Eq '^a{3000,} \\(truncated [0-9]+ bytes\\)\$'"
	da_check "names ($mode): 5.5 names the eight privileged containers" \
		test "$(jq '[.sections[].checks[] | select(.id == "5.5") | .items[]] | length' "$d/r.json")" -eq 8
	da_check "names ($mode): junit is well formed" xmllint --noout "$d/r.xml"
	da_check "names ($mode): dbs-json parses" jq -e . "$d/r.dbs"
done

gen ports "$T/ports.json" || da_die "cannot generate the ports snapshot"
d=$T/ports
run "$d" --snapshot "$T/ports.json" --output "json:$d/r.json"
da_log "10,000 ports: ${PEAK_KB} KB, ${SECS} s"
da_check "ports: exit 0" test "$RC" -eq 0
da_check "ports: no ERROR in section 5" \
	test "$(jq '[.sections[] | select(.id == "5") | .checks[] | select(.status == "ERROR")] | length' "$d/r.json")" -eq 0
da_check "ports: 5.9 lists every published port" \
	test "$(jq '[.sections[].checks[] | select(.id == "5.9") | .items_total] | add' "$d/r.json")" -eq 10000

gen empties "$T/big.json" 7000000 || da_die "cannot generate the big snapshot"
d=$T/big
run "$d" --snapshot "$T/big.json"
da_check "big [{},...]: exit 3" test "$RC" -eq 3
da_check "big [{},...]: one line, refused before parsing" \
	bash -c "[ \$(wc -l <'$d/err') -eq 1 ] && grep -Eq '^dockaudit: snapshot .*big.json too large to parse: about [0-9]+ MiB once parsed, more than 4096 MiB\$' '$d/err'"
da_check "big [{},...]: peak memory ${PEAK_KB} KB under 200000 KB" test "${PEAK_KB:-999999999}" -lt 200000

if ldd "$DA_BIN" 2>/dev/null | grep -q 'libasan\|libtsan'; then
	da_log "skipped the ulimit -v case: a sanitizer build needs the address space"
else
	gen empties "$T/empties.json" 1000000 || da_die "cannot generate the empties snapshot"
	d=$T/empties
	mkdir -p "$d"
	(ulimit -v 400000; exec "$DA_BIN" --module-dir "$DA_MODULE_DIR" -b \
		--snapshot "$T/empties.json") >"$d/out" 2>"$d/err"
	RC=$?
	da_check "3 MB [{},...] in 400 MB: exit 3" test "$RC" -eq 3
	da_check "3 MB [{},...] in 400 MB: one line, out of memory" \
		bash -c "[ \$(wc -l <'$d/err') -eq 1 ] && grep -q '^dockaudit: cannot read snapshot .*empties.json: out of memory\$' '$d/err'"
fi

da_finish
