/*
 * Which daemon the user means: the endpoint is resolved as the docker CLI
 * resolves it, --context > -H/--host > $DOCKER_HOST > $DOCKER_CONTEXT >
 * currentContext of $DOCKER_CONFIG/config.json > the default socket, and
 * a named context is read from the CLI's context store
 * (contexts/meta/<sha256 of name>/meta.json, TLS files under
 * contexts/tls/<sha256 of name>/docker/).
 */
#ifndef DA_ENDPOINT_H
#define DA_ENDPOINT_H

#include <stdbool.h>
#include <stddef.h>

enum da_endpoint_source {
	DA_EP_DEFAULT = 0,      /* nothing chosen: the default socket */
	DA_EP_FLAG_CONTEXT,     /* --context NAME */
	DA_EP_FLAG_HOST,        /* -H/--host URL */
	DA_EP_ENV_HOST,         /* $DOCKER_HOST */
	DA_EP_ENV_CONTEXT,      /* $DOCKER_CONTEXT */
	DA_EP_CURRENT_CONTEXT   /* currentContext in config.json */
};

struct da_endpoint {
	char *host;          /* the URL to audit, never NULL after success */
	enum da_endpoint_source source;
	char *context;       /* the context named, or NULL ("default" included) */
	bool from_store;     /* host and TLS come from the context store: the
				$DOCKER_TLS_VERIFY / $DOCKER_CERT_PATH of the
				environment do not apply */
	bool tls;            /* the context has TLS material or SkipTLSVerify */
	bool skip_verify;    /* SkipTLSVerify of the context */
	char *tls_dir;       /* contexts/tls/<sha256>/docker when it exists */
	char *label;         /* names the source in messages ("DOCKER_HOST",
				"--host", "context 'x'") */
};

/* "--context", "--host", "DOCKER_HOST", "DOCKER_CONTEXT", "currentContext", "default". */
const char *da_endpoint_source_name(enum da_endpoint_source s);

/*
 * Resolves the endpoint from the options (either may be NULL; both set is
 * the caller's usage error) and the environment.  Returns 0, or a negative
 * da_err with a one-line reason in err: a context that does not exist, a
 * malformed config.json or meta.json (the file is named), an endpoint
 * dockaudit cannot use (ssh://, npipe://, none).  Never falls back to
 * another daemon.  Release with da_endpoint_release() in both cases.
 */
int da_endpoint_resolve(const char *opt_context, const char *opt_host,
			struct da_endpoint *ep, char *err, size_t errlen);
void da_endpoint_release(struct da_endpoint *ep);

/*
 * Zeroes cfg, then sets the daemon and its TLS as a resolved endpoint
 * names them: host and label from ep; a context's own TLS material (and
 * the environment ignored) when ep comes from the context store, else
 * $DOCKER_TLS_VERIFY and $DOCKER_CERT_PATH.  Timeouts, parallelism and
 * the rest stay 0 (the engine's defaults) for the caller to set.  cfg
 * borrows ep's strings: ep must outlive it.
 */
struct da_engine_config;
void da_endpoint_engine_config(const struct da_endpoint *ep, struct da_engine_config *cfg);

/* SHA-256 (FIPS 180-4) of n bytes. */
void da_sha256(const void *data, size_t n, unsigned char out[32]);
/* The lowercase hex SHA-256 of a string: the context store's directory name. */
void da_sha256_hex(const char *s, char out[65]);

#endif
