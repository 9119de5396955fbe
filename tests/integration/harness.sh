#!/bin/bash
# The harness itself: a private dockerd starts in its own network namespace
# with its own containerd, runs containers from the imported image, takes a
# swarm, and leaves no process, mount or directory behind when stopped.

# shellcheck source=tests/integration/lib.sh
. "$(dirname "$0")/lib.sh"

da_require_daemon
da_setup
da_daemon_start '{}'
d=$DA_D

da_check "dockerd runs in its own network namespace" \
	test "$DA_NETNS" != "$(readlink /proc/self/ns/net)"
da_check "containerd is the private one" \
	grep -q "$d/containerd.toml" "/proc/$DA_CONTAINERD_PID/cmdline"
da_check "containerd listens on the private socket" test -S "$d/ctd/c.sock"
da_check "DOCKER_HOST names the private socket" \
	test "$DOCKER_HOST" = "unix://$d/docker.sock"
root=$(da_docker info --format '{{.DockerRootDir}}')
da_check "data root is private ($root)" test "$root" = "$d/root"

da_check "image imports" da_image_import "$DA_IMAGE"
da_check "a container runs from it" \
	da_docker run -d --name c1 "$DA_IMAGE" sleep 600
da_check "a container with a published port runs" \
	da_docker run -d --name c2 -p 8080:80 "$DA_IMAGE" sleep 600
da_check "busybox runs inside" da_docker exec c1 true
da_check "a privileged container can be created" \
	da_docker create --name p1 --privileged "$DA_IMAGE"
da_check "swarm init works" \
	da_docker swarm init --advertise-addr 127.0.0.1
state=$(da_docker info --format '{{.Swarm.LocalNodeState}}')
da_check "swarm is active ($state)" test "$state" = active

shims=$(da_daemon_leftovers | wc -l)
da_check "daemon processes are found by namespace ($shims)" test "$shims" -ge 4
mounts=$(da_daemon_mounts | wc -l)
da_check "daemon mounts are found ($mounts)" test "$mounts" -ge 2

da_daemon_stop
left=$(
	DA_D=$d
	DA_NETNS=
	da_daemon_leftovers
)
da_check "no process is left after stop" test -z "$left"
da_check "nothing is left mounted under $d" \
	test -z "$(awk -v d="$d/" 'index($5, d) == 1' /proc/self/mountinfo)"
da_check "the daemon directory is removed" test ! -e "$d"
da_check "DOCKER_HOST is unset" test -z "${DOCKER_HOST:-}"

da_finish
