# contrib: the out-of-tree example module and the helper scripts.
EXTRA_DIST += %D%/example-module/example.c %D%/example-module/Makefile

# The fleet audit on Docker Swarm (tested by tests/ship/swarm.sh).
EXTRA_DIST += %D%/swarm/fleet-audit.sh %D%/swarm/README.md

# CI examples (GitHub Actions, GitLab CI, a waiver file) and their test:
# the YAML parses (python3-yaml), the options are dockaudit's, the commands
# run on a snapshot.
EXTRA_DIST += %D%/ci/github-actions.yml %D%/ci/gitlab-ci.yml \
	%D%/ci/dockaudit-waivers.yaml
TESTS += tests/ci-examples.sh
EXTRA_DIST += tests/ci-examples.sh

# The Kubernetes DaemonSet example (docs/fleet.md, "Kubernetes"), not run on
# a cluster: its test parses it (python3-yaml) and checks its options.
EXTRA_DIST += %D%/kubernetes/dockaudit-daemonset.yaml
TESTS += tests/kubernetes-example.sh
EXTRA_DIST += tests/kubernetes-example.sh
