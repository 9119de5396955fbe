/*
 * The Docker Engine API client: libcurl over the unix socket or TCP (TLS),
 * API version negotiation, keep-alive, concurrent fetches of container and
 * image details, every object fetched once.
 */
#ifndef DA_ENGINE_H
#define DA_ENGINE_H

#include <json-c/json.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The default of max_total below: what one probe may keep once parsed. */
#define DA_ENGINE_MAX_TOTAL ((size_t)4 << 30)

struct da_engine_config {
	const char *host;       /* "unix:///path", "tcp://h:p", or NULL for
				   $DOCKER_HOST, else unix:///var/run/docker.sock */
	bool tls_verify;        /* $DOCKER_TLS_VERIFY non-empty */
	const char *cert_path;  /* $DOCKER_CERT_PATH, else ~/.docker */
	bool no_env;            /* host and TLS come from this config only:
				   $DOCKER_HOST, $DOCKER_TLS_VERIFY and
				   $DOCKER_CERT_PATH are ignored (a docker
				   context's endpoint) */
	bool tls_skip_verify;   /* TLS without verifying the daemon's
				   certificate (a context's SkipTLSVerify) */
	const char *host_label; /* names where host came from in messages;
				   NULL = "DOCKER_HOST" */
	long connect_timeout_ms; /* default 5000 */
	long timeout_ms;        /* per request, default 30000 */
	int parallel;           /* concurrent requests, default 8 */
	bool all_containers;    /* inspect stopped containers too */
	size_t max_body;        /* largest answer accepted, default 64 MiB;
				   one object's answer at most 16 MiB */
	size_t max_parse;       /* largest estimated memory of one parsed
				   answer, default 512 MiB */
	size_t max_total;       /* largest estimated memory of every answer
				   kept by one probe, default 4 GiB */
	int max_timeouts;       /* requests that may time out before the
				   queued ones fail unsent; default 2 *
				   parallel, at least 4 */
	long deadline_ms;       /* the whole probe, from the first request;
				   0 = none.  Requests still queued or running
				   when it passes fail with a reason in
				   engine.errors, and engine.deadline records
				   it (docs/failures.md) */
	/*
	 * Called at most once, by da_engine_probe, as soon as /info and
	 * /version have answered in the API version the probe speaks, while
	 * the rest is still on its way: head is a new tree {"engine": {kind,
	 * rootless, version, info}, "source": {...}}, shaped as root will be,
	 * for work that needs only those (the host facts, read meanwhile by
	 * another thread).  The callee owns head; its info and version are
	 * the probe's own objects: read only, never changed or released
	 * before da_engine_probe has returned.
	 */
	void (*on_head)(void *arg, struct json_object *head);
	void *on_head_arg;
};

/*
 * Probes the daemon and stores what it found in root:
 *   root.source = {"endpoint", "remote", "api_version"}
 *   root.engine = {"version", "info", "container_list", "containers",
 *                  "images", "networks", "swarm"}
 * (docs/probe.md).  Returns 0, or a negative da_err with a one-line reason
 * in err when the daemon cannot be used at all (unreachable, not an Engine
 * API).  A single object that fails to load is recorded in
 * root.engine.errors and is not fatal.  With a deadline, root.engine.deadline
 * is {"seconds": n, "reached": bool, "unread": requests it ended}.
 */
int da_engine_probe(const struct da_engine_config *cfg, struct json_object *root,
		    char *err, size_t errlen);

/*
 * The Engine API's process list, GET /containers/{id}/top (the daemon's
 * default ps arguments), for each running (or paused) container of
 * root.engine.containers that has no "_top" yet: those whose processes
 * /proc could not show (a remote daemon, /proc mounted with hidepid, a
 * container the scan missed).  Call it after da_hostprocs_probe().  Each
 * answer is attached as "_top" with "_source": "api"; a failed request is
 * added to root.engine.errors.  The requests run concurrently, each once,
 * and nothing is sent when no container needs one.  Returns 0, or a
 * negative da_err with a reason in err when no request could be made.
 */
int da_engine_top(const struct da_engine_config *cfg, struct json_object *root,
		  char *err, size_t errlen);

/*
 * POST /containers/{id}/update with the JSON text body: one request,
 * spoken in api_version (the audit's source.api_version), to the daemon
 * cfg names, which must be expect_endpoint (the audit's source.endpoint;
 * NULL = not compared).  id must look like a Docker id.  Returns 0 with
 * the daemon's warnings (one cleaned line, "" for none) in warnings, or a
 * negative da_err with a one-line reason ("HTTP 404: ...") in err.
 */
int da_engine_update(const struct da_engine_config *cfg, const char *api_version,
		     const char *expect_endpoint, const char *id, const char *body,
		     char *warnings, size_t wlen, char *err, size_t errlen);

/*
 * Which engine answers the Docker Engine API, from its /version answer
 * (root.engine.version): "podman" when a component is named "Podman
 * Engine" (Podman's Docker-compatible service), else "docker".  The
 * probe records it as root.engine.kind; da_engine_kind_of(root) reads that,
 * or works it out from engine.version for a snapshot made before it was
 * recorded (docs/podman.md).
 */
const char *da_engine_kind(struct json_object *version);
const char *da_engine_kind_of(struct json_object *root);

/*
 * Whether the daemon runs in rootless mode: its /info SecurityOptions
 * (root.engine.info) hold "name=rootless" (dockerd under RootlessKit,
 * docs/rootless.md).  The probe records it as root.engine.rootless;
 * da_engine_rootless_of(root) reads that, or works it out from
 * engine.info for a snapshot made before it was recorded.
 */
bool da_engine_rootless(struct json_object *info);
bool da_engine_rootless_of(struct json_object *root);

/*
 * An upper estimate of the memory json-c needs to parse the n bytes of
 * JSON text s, counted without parsing (objects, arrays and values outside
 * strings, plus the text itself).
 */
uint64_t da_json_parse_cost(const char *s, size_t n);

#endif
