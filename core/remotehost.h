/*
 * The host facts of an ssh:// daemon's host (docs/remote.md): dockaudit on
 * that host, run over the same ssh settings as the connections
 * ("dockaudit --save-snapshot -"), streams its snapshot back; when the
 * snapshot is sound and describes the same daemon (the /info ID), its host
 * part replaces the local "host facts are not read" one, so the host checks
 * judge the remote host.  Otherwise host.reason says why not.
 */
#ifndef DA_REMOTEHOST_H
#define DA_REMOTEHOST_H

#include <json-c/json.h>

#include <stdbool.h>
#include <stddef.h>

/* What the remote dockaudit may take beyond the probe's --deadline (its
   own probe, then its checks, which run after the snapshot is written). */
#define DA_REMOTE_HOST_EXTRA_MS 120000L

struct da_remote_host_config {
	bool disabled;    /* --no-remote-host: run nothing, say so */
	long timeout_ms;  /* how long the remote dockaudit may take */
	size_t max;       /* the largest snapshot read; 0: DA_SNAPSHOT_MAX */
};

/*
 * For a probe tree whose source.endpoint is ssh:// and whose host facts
 * were not read (host.available false, not Podman): collects them on the
 * remote host.  Returns true when root.host is then the remote host's
 * (with host.collected saying how); false when nothing applied or the
 * facts were refused (host.reason then names why, in one line).
 */
bool da_remote_host_probe(const struct da_remote_host_config *cfg, struct json_object *root);

#endif
