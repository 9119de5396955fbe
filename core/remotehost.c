/*
 * Host facts collected on an ssh:// daemon's host by the dockaudit there
 * (remotehost.h): the remote command, the checks its snapshot must pass,
 * and the reasons given when it does not.
 */
#include "config.h"

#include "engine.h"
#include "escape.h"
#include "jsonutil.h"
#include "probe.h"
#include "remotehost.h"
#include "snapshot.h"
#include "sshconn.h"
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The remote command: fixed words, nothing from the URL. */
static const char *const remote_cmd[] = { "dockaudit", "--save-snapshot", "-", NULL };

#define SHOWN_MAX 200  /* longest text of the remote host's echoed */

/* Text from the remote host made printable and short (owned). */
static char *shown(const char *s)
{
	struct da_buf b = { 0 };

	da_escape_text(&b, s ? s : "");
	if (b.len > SHOWN_MAX) {
		char *out = da_xasprintf("%.*s...", SHOWN_MAX, b.data);
		da_buf_release(&b);
		return out;
	}
	return b.data ? da_buf_steal(&b) : da_xstrdup("");
}

/* host.reason = "the daemon is reached over ssh (URL); host facts are not
   read: WHY". */
static void refuse(struct json_object *root, const char *url, const char *fmt, ...)
	DA_FMT(3, 4);
static void refuse(struct json_object *root, const char *url, const char *fmt, ...)
{
	struct json_object *host = da_jobject_at(root, "host");
	va_list ap;
	char *why;

	va_start(ap, fmt);
	why = da_xvasprintf(fmt, ap);
	va_end(ap);
	da_jset(host, "available", da_jbool(false));
	da_jset(host, "reason", da_jmsg("the daemon is reached over ssh (%s); host facts are "
					"not read: %s", url, why));
	free(why);
}

/* ": LINE" when the remote command left a last line on stderr. */
static const char *sep(const struct da_ssh_capture *c)
{
	return c->errline ? ": " : "";
}

static const char *line(const struct da_ssh_capture *c)
{
	return c->errline ? c->errline : "";
}

/* Why the remote command gave no usable output; false when it did. */
static bool failed(struct json_object *root, const struct da_ssh_target *t,
		   const struct da_ssh_capture *c, const struct da_remote_host_config *cfg,
		   size_t max)
{
	const char *h = t->host, *u = t->url;

	if (c->timed_out) {
		refuse(root, u, "dockaudit on %s did not finish within %ld s", h,
		       (cfg->timeout_ms + 999) / 1000);
		return true;
	}
	if (c->too_big) {
		if (max >= (1u << 20))
			refuse(root, u, "the snapshot from dockaudit on %s is larger than %zu MiB",
			       h, max >> 20);
		else
			refuse(root, u, "the snapshot from dockaudit on %s is larger than %zu bytes",
			       h, max);
		return true;
	}
	if (c->signal) {
		refuse(root, u, "ssh to %s was ended by signal %d%s%s", u, c->signal, sep(c),
		       line(c));
		return true;
	}
	switch (c->status) {
	case 0:
	case 1:
		/* 1: a gate of the remote dockaudit's own (it still wrote the
		   snapshot) */
		if (c->out.len)
			return false;
		refuse(root, u, "dockaudit on %s wrote no snapshot (status %d%s%s); it needs "
		       "--save-snapshot - (standard output)", h, c->status, sep(c), line(c));
		return true;
	case 127:
		refuse(root, u, "host checks need dockaudit on %s: it is not found there in the "
		       "PATH of a non-interactive ssh session (status 127%s%s)", h, sep(c), line(c));
		return true;
	case 126:
		refuse(root, u, "host checks need dockaudit on %s: it cannot be run there "
		       "(status 126%s%s)", h, sep(c), line(c));
		return true;
	case 255:
		refuse(root, u, "ssh to %s failed (status 255%s%s)", u, sep(c), line(c));
		return true;
	default:
		refuse(root, u, "dockaudit on %s failed (status %d%s%s)", h, c->status, sep(c),
		       line(c));
		return true;
	}
}

/* Checks the remote snapshot tree against the probed daemon; true when its
   host facts are this daemon's host's. */
static bool matches(struct json_object *root, struct json_object *doc,
		    const struct da_ssh_target *t)
{
	const char *h = t->host, *u = t->url;
	const char *ours = da_probe_str(root, "engine.info.ID");
	const char *theirs = da_probe_str(doc, "engine.info.ID");

	/* ours is not empty (da_remote_host_probe) */
	struct json_object *host = da_probe_get(doc, "host");
	struct json_object *remote = da_probe_get(doc, "source.remote");
	char *a, *b;

	if (json_object_is_type(remote, json_type_boolean) && json_object_get_boolean(remote)) {
		a = shown(da_probe_str(doc, "source.endpoint"));
		refuse(root, u, "dockaudit on %s reaches its daemon remotely (%s): its host facts "
		       "are not that daemon's host's", h, *a ? a : "endpoint unknown");
		free(a);
		return false;
	}
	if (!theirs || strcmp(ours, theirs) != 0) {
		a = shown(theirs ? theirs : "none");
		b = shown(ours);
		refuse(root, u, "dockaudit on %s audits another daemon (ID %s, not %s): check "
		       "DOCKER_HOST and the docker context of the ssh session there", h, a, b);
		free(a);
		free(b);
		return false;
	}
	if (!json_object_is_type(host, json_type_object)) {
		refuse(root, u, "the snapshot from dockaudit on %s has no host object", h);
		return false;
	}
	if (!da_jtrue(host, "available")) {
		a = shown(da_jget_str(host, "reason"));
		refuse(root, u, "dockaudit on %s could not read them: %s", h,
		       *a ? a : "no reason given");
		free(a);
		return false;
	}
	return true;
}

bool da_remote_host_probe(const struct da_remote_host_config *cfg, struct json_object *root)
{
	const char *ep = da_probe_str(root, "source.endpoint"), *ours;
	size_t max = cfg->max ? cfg->max : DA_SNAPSHOT_MAX;
	struct da_ssh_target t;
	struct da_ssh_capture c;
	struct da_probe remote;
	struct json_object *host, *collected;
	char err[1024] = "";
	bool ok = false;
	int rc;

	if (!ep || strncmp(ep, "ssh://", 6) != 0 || da_jtrue(da_probe_get(root, "host"), "available") ||
	    strcmp(da_engine_kind_of(root), "podman") == 0)
		return false;
	if (da_ssh_parse(ep, &t, err, sizeof(err)) != DA_OK) {
		/* the probe reached it, so this does not happen; say so if it does */
		char *e = shown(err);
		refuse(root, "?", "%s", e);
		free(e);
		da_ssh_target_release(&t);
		return false;
	}
	if (cfg->disabled) {
		refuse(root, t.url, "host checks need dockaudit on %s, and --no-remote-host keeps "
		       "it from running", t.host);
		da_ssh_target_release(&t);
		return false;
	}
	ours = da_probe_str(root, "engine.info.ID");
	if (!ours || !*ours) {
		/* nothing to tell this daemon's host facts from another's */
		refuse(root, t.url, "the daemon's /info gives no ID to match the snapshot of "
		       "dockaudit on %s with", t.host);
		da_ssh_target_release(&t);
		return false;
	}
	rc = da_ssh_capture(&t, remote_cmd, max, cfg->timeout_ms, &c, err, sizeof(err));
	if (rc != DA_OK) {
		refuse(root, t.url, "%s", err);
		goto out;
	}
	if (failed(root, &t, &c, cfg, max))
		goto out;
	da_probe_init(&remote);
	if (da_probe_load_snapshot_mem(&remote, c.out.data, c.out.len, err, sizeof(err)) != DA_OK) {
		refuse(root, t.url, "the snapshot from dockaudit on %s is refused: %s", t.host, err);
	} else if (matches(root, remote.root, &t)) {
		host = json_object_get(da_probe_get(remote.root, "host"));
		collected = da_jobj();
		da_jset(collected, "by", da_jstr("ssh"));
		da_jset(collected, "endpoint", da_jstr(t.url));
		da_jset(collected, "command", da_jstr("dockaudit --save-snapshot -"));
		da_jset(collected, "dockaudit_version",
			da_jstr_utf8(da_probe_str(remote.root, "dockaudit_version")));
		da_jset(collected, "time", da_jcopy(da_probe_get(remote.root, "time")));
		da_jset(collected, "remote_endpoint",
			da_jstr_utf8(da_probe_str(remote.root, "source.endpoint")));
		da_jset(host, "collected", collected);
		da_jset(root, "host", host);
		ok = true;
	}
	da_probe_release(&remote);
out:
	da_ssh_capture_release(&c);
	da_ssh_target_release(&t);
	return ok;
}
