# tests/integration.mk
# The integration harness: the real dockaudit binary against a private
# dockerd that each script starts and stops itself (tests/integration/lib.sh).
# The scripts skip (77) when they cannot run here, and fail instead under
# CI=true.
DA_INTEGRATION_TESTS = \
	%D%/integration/harness.sh \
	%D%/integration/cleanup.sh \
	%D%/integration/cli.sh \
	%D%/integration/daemon-defaults.sh \
	%D%/integration/daemon-hardened.sh \
	%D%/integration/containers.sh \
	%D%/integration/swarm.sh \
	%D%/integration/modules.sh \
	%D%/integration/benchmarks.sh \
	%D%/integration/nonroot.sh \
	%D%/integration/verdicts.sh \
	%D%/integration/endpoint.sh \
	%D%/integration/ssh.sh \
	%D%/integration/auditrules.sh \
	%D%/integration/identity.sh \
	%D%/integration/community.sh \
	%D%/integration/fix.sh \
	%D%/integration/streams.sh \
	%D%/integration/merge.sh \
	%D%/integration/podman.sh \
	%D%/integration/rootless.sh \
	%D%/integration/procroot.sh

TESTS += $(DA_INTEGRATION_TESTS)
EXTRA_DIST += $(DA_INTEGRATION_TESTS) %D%/integration/lib.sh

# --timings and the progress line, against tests/fakedocker (no root, no dockerd)
TESTS += %D%/integration/timings.sh
EXTRA_DIST += %D%/integration/timings.sh

# The benchmark (run by hand: tests/bench/bench.sh), and the README's two
# commands, which .ci/run calls.
EXTRA_DIST += %D%/bench/bench.sh contrib/test.sh contrib/audit.sh contrib/valgrind-test.sh
