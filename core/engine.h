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
};

/*
 * Probes the daemon and stores what it found in root:
 *   root.source = {"endpoint", "remote", "api_version"}
 *   root.engine = {"version", "info", "container_list", "containers",
 *                  "images", "networks", "swarm"}
 * (docs/probe.md).  Returns 0, or a negative da_err with a one-line reason
 * in err when the daemon cannot be used at all (unreachable, not an Engine
 * API).  A single object that fails to load is recorded in
 * root.engine.errors and is not fatal.
 */
int da_engine_probe(const struct da_engine_config *cfg, struct json_object *root,
		    char *err, size_t errlen);

/*
 * An upper estimate of the memory json-c needs to parse the n bytes of
 * JSON text s, counted without parsing (objects, arrays and values outside
 * strings, plus the text itself).
 */
uint64_t da_json_parse_cost(const char *s, size_t n);

#endif
