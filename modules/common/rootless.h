/*
 * Why the subject of a check is not that of a rootless daemon: the reasons
 * the host and files modules give in their INFO "not applicable to a
 * rootless daemon: ..." results (docs/rootless.md).  One text per subject,
 * whichever module judges it.
 */
#ifndef DOCKAUDIT_MODULES_ROOTLESS_H
#define DOCKAUDIT_MODULES_ROOTLESS_H

#define RL_SERVICE "the system's docker.service starts the daemon that runs as " \
	"root; a rootless daemon is started by its user (dockerd-rootless.sh or a " \
	"systemd user unit)"
#define RL_SOCKET_UNIT "the system's docker.socket serves the socket of the daemon " \
	"that runs as root; a rootless daemon listens on its own socket " \
	"($XDG_RUNTIME_DIR/docker.sock)"
#define RL_ETC "it reads its configuration from the user's ~/.config/docker, not " \
	"from /etc/docker"
#define RL_CERTS "it reads registry certificates from the user's " \
	"~/.config/docker/certs.d, not from /etc/docker/certs.d"
#define RL_OWNER(what) what " belongs to the user who runs the daemon, not to root"
#define RL_DEFAULT "/etc/default/docker is read by the system's service of the " \
	"daemon that runs as root only"
#define RL_SYSCONFIG "/etc/sysconfig/docker is read by the system's service of the " \
	"daemon that runs as root only"
#define RL_GROUP "its socket belongs to the user who runs it; the docker group of " \
	"this host gives no access to it"
#define RL_CONTAINERD "it runs its own containerd as its user, with its state and " \
	"socket under $XDG_RUNTIME_DIR/docker/containerd, not the system's"
#define RL_CONTAINERD_CONF "its containerd is started by dockerd with a " \
	"configuration of its own, not /etc/containerd/config.toml"

#endif
