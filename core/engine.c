/*
 * The Docker Engine API client.  One curl multi handle carries every request
 * of a probe: its connection cache gives keep-alive, and at most `parallel`
 * transfers (and as many connections) are in flight at once.  Requests wait
 * in a FIFO queue; the handler of a finished list queues the inspects that
 * list implies, so container, image and swarm details are fetched
 * concurrently, each exactly once, while the lists are still arriving.
 *
 * Everything the daemon sends is hostile: every value is type-checked before
 * use, ids are validated before they go into a URL, answers are bounded in
 * size and time, and a failing object is recorded in engine.errors instead
 * of failing the probe.  Only /version decides whether the daemon is usable.
 */
#include "config.h"

#include "engine.h"
#include "sshconn.h"
#include "escape.h"
#include "jsonutil.h"
#include "progress.h"
#include "util.h"

#include <curl/curl.h>

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/types.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

/* The newest API version this client knows; a newer daemon is spoken to in it. */
#define DA_API_MAX_MAJOR 1
#define DA_API_MAX_MINOR 43

#define DA_DEFAULT_HOST "unix:///var/run/docker.sock"
#define DA_DEFAULT_CONNECT_TIMEOUT_MS 5000L
#define DA_DEFAULT_TIMEOUT_MS 30000L
#define DA_DEFAULT_PARALLEL 8
#define DA_MAX_PARALLEL 64
#define DA_DEFAULT_MAX_BODY ((size_t)64 << 20)
/*
 * One object (an inspect, an image history, /info, /version, /swarm) is
 * far smaller than a list; its answers are held to this, so that eight
 * hostile answers in flight at once cannot hold eight times max_body.
 */
#define DA_MAX_OBJECT_BODY ((size_t)16 << 20)
#define DA_DEFAULT_MAX_PARSE ((size_t)512 << 20)
#define DA_DEFAULT_MAX_TOTAL DA_ENGINE_MAX_TOTAL
#define DA_MIN_TIMEOUTS 4
#define DA_ERROR_BODY_MAX 65536 /* largest error answer searched for a message */
/*
 * What json-c (0.15 to 0.17, 64-bit) spends on a parsed value, measured: an
 * object with its empty hash table about 790 bytes, an array about 150, a
 * number or short string about 70, a member key about as much.  A daemon
 * can send "[{},{},...]", which costs 260 times its size once parsed, so
 * answers are weighed with these before they are parsed.
 */
#define DA_COST_OBJECT 800u
#define DA_COST_ARRAY 160u
#define DA_COST_VALUE 72u
#define DA_ID_MAX 128        /* longest object id put into a URL */
#define DA_REASON_MAX 240    /* longest text kept from a daemon's message */
#define DA_SHOWN_HOST_MAX 120 /* longest bad DOCKER_HOST echoed in a message */

enum da_kind {
	DA_K_VERSION,
	DA_K_INFO,
	DA_K_CLIST,
	DA_K_CINSPECT,
	DA_K_ILIST,
	DA_K_IINSPECT,
	DA_K_IHISTORY,
	DA_K_NETWORKS,
	DA_K_SWARM,   /* the five swarm kinds stay together, in swarm_parts order */
	DA_K_NODES,
	DA_K_SERVICES,
	DA_K_SECRETS,
	DA_K_UNLOCKKEY,
	DA_K_TOP,     /* a container's process list (da_engine_top) */
	DA_K_UPDATE,  /* POST /containers/{id}/update (da_engine_update) */
	DA_K_PING     /* /_ping: its Api-Version header lets the lists go before /version */
};

#define DA_SWARM_PARTS 5

static const struct {
	const char *key;
	const char *path;
	enum json_type type;
} swarm_parts[DA_SWARM_PARTS] = {
	{ "swarm", "/swarm", json_type_object },
	{ "nodes", "/nodes", json_type_array },
	{ "services", "/services", json_type_array },
	{ "secrets", "/secrets", json_type_array },
	{ "unlockkey", "/swarm/unlockkey", json_type_object },
};

#define DA_CLIST_PATH "/containers/json?all=1"
#define DA_ILIST_PATH "/images/json"
#define DA_NETWORKS_PATH "/networks"

struct da_req {
	struct da_req *next;
	enum da_kind kind;
	size_t idx;       /* slot of the object in its list */
	char *path;       /* API path without the version prefix; owned */
	char *post;       /* JSON body of a POST, or NULL (GET); owned */
	struct da_buf body;
	size_t max_body;
	bool too_big;
	bool bare;        /* sent without the version prefix (/_ping, /version) */
	char api_header[16]; /* /_ping: the Api-Version header, if one came */
};

/*
 * One transfer slot: an easy handle kept between requests (with its error
 * buffer, which libcurl holds a pointer to for the handle's whole life) and
 * the request it carries, if any.
 */
struct da_slot {
	CURL *easy;
	struct da_req *req;
	char errbuf[CURL_ERROR_SIZE];
};

/* How a request ended; val is owned and NULL unless it succeeded. */
struct da_answer {
	struct json_object *val;
	char why[DA_REASON_MAX + 96];
	CURLcode rc;
	long status;
	long os_errno;
	bool sent;        /* the request reached the daemon */
	bool too_big;
	bool has_message; /* an error status explained by a JSON message */
};

struct da_engine {
	/* endpoint and limits */
	char *endpoint;          /* unix:///path or tcp://host:port */
	char *unix_path;         /* NULL for tcp */
	struct da_ssh *ssh;      /* ssh://: each connection is one ssh process */
	char *base_url;          /* http://localhost, http(s)://host:port */
	bool remote;
	bool tls;
	bool skip_verify;        /* TLS without verifying the daemon */
	const char *label;       /* where the host came from, for messages */
	char *ca, *cert, *key;   /* TLS files that exist, or NULL */
	long connect_timeout_ms;
	long timeout_ms;
	void (*on_head)(void *arg, struct json_object *head);
	void *on_head_arg;
	bool head_sent;
	int parallel;
	size_t max_body;
	size_t max_parse;        /* estimated memory of one parsed answer */
	size_t max_total;        /* estimated memory of all kept answers */
	size_t cost_total;       /* what the kept answers cost so far */
	int max_timeouts;
	int timeouts;            /* requests that timed out so far */
	long deadline_ms;        /* 0 = none */
	long long deadline_at;   /* monotonic ms when the probe must end */
	bool deadline_reached;
	long unread;             /* requests the deadline ended */
	bool all_containers;
	char api[16];            /* negotiated, "1.43" */
	char prefix[24];         /* "/v1.43"; not used for /_ping and /version */
	char ping_api[16];       /* the version the lists were asked in, after /_ping */
	bool lists_queued;

	/* transfers */
	CURLM *multi;
	struct da_slot *slots;
	int running;
	struct da_req *qhead;
	struct da_req **qtail;
	struct json_tokener *tok;

	/* results, all owned */
	struct da_answer version;
	bool version_done;
	struct json_object *errors;
	struct json_object *info;
	struct json_object *clist;       /* filtered container list, or NULL */
	struct json_object **ctrs;       /* inspects, slot per inspected container */
	size_t nctrs;
	bool images_listed;
	struct json_object **imgs;       /* image inspects */
	struct json_object **hists;      /* image histories, same slots */
	size_t nimgs;
	struct json_object *networks;
	bool swarm_active;
	struct json_object *swarm[DA_SWARM_PARTS];
	struct json_object **topc;       /* da_engine_top: borrowed containers */
	struct da_answer update;         /* da_engine_update's answer */
	bool update_done;
	struct curl_slist *json_header;  /* Content-Type of a POST */

	/* progress (core/progress.h) */
	size_t n_queued, n_done;         /* requests */
	int lists_left;                  /* lists not answered yet */
};

/* ------------------------------------------------------------------------ */
/* Text helpers                                                             */
/* ------------------------------------------------------------------------ */

/*
 * Copies at most max bytes of src (hostile): C0 controls and DEL become
 * spaces, C1 controls and bytes that are not UTF-8 become '?', so that
 * neither a terminal nor a report sees anything it could act on.
 */
static size_t copy_clean(char *dst, size_t dstlen, const char *src, size_t max)
{
	const unsigned char *p = (const unsigned char *)src;
	uint32_t cp;
	size_t i = 0, n;

	if (!dstlen)
		return 0;
	if (max > dstlen - 1)
		max = dstlen - 1;
	while (i < max && *p) {
		if (*p < 0x20 || *p == 0x7f) {
			dst[i++] = ' ';
			p++;
		} else if (*p < 0x80) {
			dst[i++] = (char)*p++;
		} else if ((n = da_utf8_decode(p, SIZE_MAX, &cp)) == 0) {
			dst[i++] = '?';
			p++;
		} else if (cp <= 0x9f) {
			dst[i++] = '?'; /* C1: one mark for the character */
			p += n;
		} else if (n <= max - i) {
			memcpy(dst + i, p, n);
			i += n;
			p += n;
		} else {
			break; /* no half character at the end */
		}
	}
	dst[i] = '\0';
	return i;
}

/*
 * A reason in our message style from someone else's text: cleaned, the
 * trailing period dropped, the first letter lowered (libcurl, strerror and
 * dockerd capitalise; acronyms such as "SSL" stay).
 */
static void copy_reason(char *dst, size_t dstlen, const char *src, size_t max)
{
	size_t i = copy_clean(dst, dstlen, src, max);

	while (i > 0 && (dst[i - 1] == ' ' || dst[i - 1] == '.'))
		i--;
	if (dstlen)
		dst[i] = '\0';
	if (isupper((unsigned char)dst[0])) {
		for (i = 1; isalpha((unsigned char)dst[i]); i++)
			if (isupper((unsigned char)dst[i]))
				return; /* "SSL", "OpenSSL": a name, not a capital */
		dst[0] = (char)tolower((unsigned char)dst[0]);
	}
}

static void set_err(char *err, size_t errlen, const char *fmt, ...) DA_FMT(3, 4);

static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || !errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* Docker ids are hex, images "sha256:<hex>"; anything else stays out of URLs. */
static bool valid_id(const char *id)
{
	size_t i, n = strlen(id);

	if (n == 0 || n > DA_ID_MAX || !isalnum((unsigned char)id[0]))
		return false;
	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)id[i];
		if (!isalnum(ch) && ch != ':' && ch != '.' && ch != '_' && ch != '-')
			return false;
	}
	return true;
}

/* "1.41" -> 1, 41; at most 4 digits each side, nothing else. */
static bool parse_api_version(const char *s, int *major, int *minor)
{
	int parts[2] = { 0, 0 }, p, digits;

	for (p = 0; p < 2; p++) {
		for (digits = 0; isdigit((unsigned char)*s); s++, digits++) {
			if (digits == 4)
				return false;
			parts[p] = parts[p] * 10 + (*s - '0');
		}
		if (digits == 0)
			return false;
		if (p == 0 && *s++ != '.')
			return false;
	}
	if (*s)
		return false;
	*major = parts[0];
	*minor = parts[1];
	return true;
}

/* ------------------------------------------------------------------------ */
/* Endpoint                                                                 */
/* ------------------------------------------------------------------------ */

static bool env_set(const char *name)
{
	const char *v = getenv(name);
	return v && *v;
}

/* The TLS directory: cfg, $DOCKER_CERT_PATH, ~/.docker (NULL for a
   context without one). Owned by caller. */
static char *cert_dir(const struct da_engine_config *cfg)
{
	const char *home;

	if (cfg && cfg->cert_path && *cfg->cert_path)
		return da_xstrdup(cfg->cert_path);
	if (cfg && cfg->no_env)
		return NULL; /* a context without TLS files: none */
	if (env_set("DOCKER_CERT_PATH"))
		return da_xstrdup(getenv("DOCKER_CERT_PATH"));
	home = getenv("HOME");
	if (!home || !*home) {
		struct passwd *pw = getpwuid(getuid());
		home = pw && pw->pw_dir ? pw->pw_dir : "/";
	}
	return da_xasprintf("%s/.docker", home);
}

/* dir/name when it is readable (the docker CLI also skips missing files). */
static char *tls_file(const char *dir, const char *name)
{
	char *path = da_xasprintf("%s/%s", dir, name);

	if (access(path, R_OK) == 0)
		return path;
	free(path);
	return NULL;
}

static bool host_char_ok(unsigned char ch)
{
	return isalnum(ch) || ch == '.' || ch == '-' || ch == '_' || ch == ':' ||
	       ch == '[' || ch == ']';
}

static bool valid_port(const char *s)
{
	long v = 0;

	if (!*s || strlen(s) > 5)
		return false;
	for (; *s; s++) {
		if (!isdigit((unsigned char)*s))
			return false;
		v = v * 10 + (*s - '0');
	}
	return v >= 1 && v <= 65535;
}

static int parse_tcp(struct da_engine *e, const char *host, char *err, size_t errlen)
{
	char shown[DA_SHOWN_HOST_MAX + 1];
	const char *auth = host + strlen("tcp://");
	size_t n = strlen(auth), i;
	char *hostpart;
	const char *port = NULL;
	int ret = DA_ERR_INVALID;

	copy_clean(shown, sizeof(shown), host, DA_SHOWN_HOST_MAX);
	if (n > 0 && auth[n - 1] == '/')
		n--;
	if (n == 0 || n > 255) {
		set_err(err, errlen, "invalid %s address: %s", e->label, shown);
		return DA_ERR_INVALID;
	}
	for (i = 0; i < n; i++) {
		if (!host_char_ok((unsigned char)auth[i])) {
			set_err(err, errlen, "invalid %s address: %s", e->label, shown);
			return DA_ERR_INVALID;
		}
	}
	hostpart = da_xmalloc(n + 1);
	memcpy(hostpart, auth, n);
	hostpart[n] = '\0';
	if (hostpart[0] == '[') {
		char *close = strchr(hostpart, ']');
		if (!close || close == hostpart + 1 || strchr(close + 1, '[') ||
		    strchr(close + 1, ']') || (close[1] && close[1] != ':'))
			goto bad;
		if (close[1] == ':') {
			close[1] = '\0';
			port = close + 2;
		}
	} else {
		char *colon = strchr(hostpart, ':');
		if (strchr(hostpart, '[') || strchr(hostpart, ']'))
			goto bad;
		if (colon) {
			if (strchr(colon + 1, ':') || colon == hostpart)
				goto bad;
			*colon = '\0';
			port = colon + 1;
		}
	}
	if (port && !valid_port(port))
		goto bad;
	/* the docker CLI's defaults: 2376 with TLS, 2375 without */
	if (!port)
		port = e->tls ? "2376" : "2375";
	e->endpoint = da_xasprintf("tcp://%s:%s", hostpart, port);
	e->base_url = da_xasprintf("%s://%s:%s", e->tls ? "https" : "http", hostpart, port);
	e->remote = true;
	ret = 0;
	goto out;
bad:
	set_err(err, errlen, "invalid %s address: %s", e->label, shown);
out:
	free(hostpart);
	return ret;
}

static int parse_endpoint(struct da_engine *e, const char *host, char *err, size_t errlen)
{
	char shown[DA_SHOWN_HOST_MAX + 1];
	struct sockaddr_un sa;

	copy_clean(shown, sizeof(shown), host, DA_SHOWN_HOST_MAX);
	if (strncmp(host, "unix://", 7) == 0) {
		const char *path = host + 7;
		size_t i;

		if (!*path) {
			set_err(err, errlen, "empty socket path in %s: %s", e->label, shown);
			return DA_ERR_INVALID;
		}
		if (strlen(path) >= sizeof(sa.sun_path)) {
			set_err(err, errlen, "socket path too long in %s: %s", e->label, shown);
			return DA_ERR_INVALID;
		}
		for (i = 0; path[i]; i++) {
			if ((unsigned char)path[i] < 0x20 || path[i] == 0x7f) {
				set_err(err, errlen, "invalid socket path in %s: %s", e->label, shown);
				return DA_ERR_INVALID;
			}
		}
		e->unix_path = da_xstrdup(path);
		e->endpoint = da_xstrdup(host);
		e->base_url = da_xstrdup("http://localhost");
		e->remote = false;
		e->tls = false;
		return 0;
	}
	if (strncmp(host, "tcp://", 6) == 0)
		return parse_tcp(e, host, err, errlen);
	if (strncmp(host, "ssh://", 6) == 0) {
		int ret;

		e->ssh = da_xcalloc(1, sizeof(*e->ssh));
		ret = da_ssh_init(e->ssh, host, err, errlen);
		if (ret < 0)
			return ret;
		/* libcurl connects to the private socket; ssh takes it from there */
		e->unix_path = da_xstrdup(e->ssh->sock);
		e->endpoint = da_xstrdup(e->ssh->t.url);
		e->base_url = da_xstrdup("http://localhost");
		e->remote = true;
		e->tls = false;
		return 0;
	}
	set_err(err, errlen, "unsupported %s scheme: %s", e->label, shown);
	return DA_ERR_INVALID;
}

/* Milliseconds of the monotonic clock. */
static long long mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Milliseconds left before the deadline (0 once passed), or -1 without one. */
static long long time_left(const struct da_engine *e)
{
	long long left;

	if (!e->deadline_ms)
		return -1;
	left = e->deadline_at - mono_ms();
	return left > 0 ? left : 0;
}

static int engine_init(struct da_engine *e, const struct da_engine_config *cfg,
		       char *err, size_t errlen)
{
	const char *host = cfg ? cfg->host : NULL;
	int ret;

	memset(e, 0, sizeof(*e));
	e->qtail = &e->qhead;
	e->connect_timeout_ms = cfg && cfg->connect_timeout_ms > 0 ? cfg->connect_timeout_ms
								: DA_DEFAULT_CONNECT_TIMEOUT_MS;
	e->timeout_ms = cfg && cfg->timeout_ms > 0 ? cfg->timeout_ms : DA_DEFAULT_TIMEOUT_MS;
	e->parallel = cfg && cfg->parallel > 0 ? cfg->parallel : DA_DEFAULT_PARALLEL;
	if (e->parallel > DA_MAX_PARALLEL)
		e->parallel = DA_MAX_PARALLEL;
	e->max_body = cfg && cfg->max_body > 0 ? cfg->max_body : DA_DEFAULT_MAX_BODY;
	/* json-c parses at most INT_MAX bytes in one call */
	if (e->max_body > (size_t)INT_MAX - 1)
		e->max_body = (size_t)INT_MAX - 1;
	e->max_parse = cfg && cfg->max_parse > 0 ? cfg->max_parse : DA_DEFAULT_MAX_PARSE;
	e->max_total = cfg && cfg->max_total > 0 ? cfg->max_total : DA_DEFAULT_MAX_TOTAL;
	e->max_timeouts = cfg && cfg->max_timeouts > 0 ? cfg->max_timeouts : 2 * e->parallel;
	if (e->max_timeouts < DA_MIN_TIMEOUTS)
		e->max_timeouts = DA_MIN_TIMEOUTS;
	e->all_containers = cfg && cfg->all_containers;
	e->on_head = cfg ? cfg->on_head : NULL;
	e->on_head_arg = cfg ? cfg->on_head_arg : NULL;
	e->deadline_ms = cfg && cfg->deadline_ms > 0 ? cfg->deadline_ms : 0;
	if (e->deadline_ms)
		e->deadline_at = mono_ms() + e->deadline_ms;
	e->tls = (cfg && cfg->tls_verify) || (!(cfg && cfg->no_env) && env_set("DOCKER_TLS_VERIFY"));
	e->skip_verify = cfg && cfg->tls_skip_verify;
	e->label = cfg && cfg->host_label && *cfg->host_label ? cfg->host_label : "DOCKER_HOST";

	if ((!host || !*host) && !(cfg && cfg->no_env))
		host = env_set("DOCKER_HOST") ? getenv("DOCKER_HOST") : DA_DEFAULT_HOST;
	if (!host || !*host)
		host = DA_DEFAULT_HOST;
	ret = parse_endpoint(e, host, err, errlen);
	if (ret < 0)
		return ret;
	/* each connection is an ssh login: a few, not one per slot */
	if (e->ssh && e->parallel > DA_SSH_MAX_PARALLEL)
		e->parallel = DA_SSH_MAX_PARALLEL;
	if (e->tls) {
		char *dir = cert_dir(cfg);
		if (dir) {
			e->ca = tls_file(dir, "ca.pem");
			e->cert = tls_file(dir, "cert.pem");
			e->key = tls_file(dir, "key.pem");
		}
		free(dir);
	}
	e->errors = da_jarr();
	e->tok = json_tokener_new();
	if (!e->tok)
		da_jx(NULL); /* aborts: out of memory */
	e->slots = da_xcalloc((size_t)e->parallel, sizeof(*e->slots));
	e->multi = curl_multi_init();
	if (!e->multi) {
		set_err(err, errlen, "cannot start libcurl: curl_multi_init failed");
		return DA_ERR_IO;
	}
	if (curl_multi_setopt(e->multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)e->parallel) != CURLM_OK ||
	    curl_multi_setopt(e->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)e->parallel) != CURLM_OK ||
	    curl_multi_setopt(e->multi, CURLMOPT_MAXCONNECTS, (long)e->parallel) != CURLM_OK) {
		set_err(err, errlen, "cannot configure libcurl connection limits");
		return DA_ERR_IO;
	}
	return 0;
}

/* ------------------------------------------------------------------------ */
/* Requests                                                                 */
/* ------------------------------------------------------------------------ */

static void req_free(struct da_req *r)
{
	if (!r)
		return;
	free(r->path);
	free(r->post);
	da_buf_release(&r->body);
	free(r);
}

static enum json_type kind_type(enum da_kind k);

/* Queues a request for path (owned); returns it. */
static struct da_req *enqueue(struct da_engine *e, enum da_kind kind, size_t idx, char *path)
{
	struct da_req *r = da_xcalloc(1, sizeof(*r));

	r->kind = kind;
	r->idx = idx;
	r->path = path;
	r->max_body = e->max_body;
	if (kind_type(kind) == json_type_object || kind == DA_K_IHISTORY) {
		if (r->max_body > DA_MAX_OBJECT_BODY)
			r->max_body = DA_MAX_OBJECT_BODY;
	}
	*e->qtail = r;
	e->qtail = &r->next;
	e->n_queued++;
	return r;
}

static struct da_req *dequeue(struct da_engine *e)
{
	struct da_req *r = e->qhead;

	if (r) {
		e->qhead = r->next;
		if (!e->qhead)
			e->qtail = &e->qhead;
		r->next = NULL;
	}
	return r;
}

static size_t on_body(char *data, size_t size, size_t nmemb, void *userdata)
{
	struct da_req *r = userdata;
	size_t n = size * nmemb;

	/* body.len never exceeds max_body, so the subtraction cannot wrap */
	if (n > r->max_body - r->body.len) {
		r->too_big = true;
		return 0; /* aborts the transfer with CURLE_WRITE_ERROR */
	}
	da_buf_add(&r->body, data, n);
	return n;
}

/*
 * Keeps /_ping's Api-Version header (the version a Docker daemon speaks at
 * most); every other header of every answer is ignored.
 */
static size_t on_header(char *data, size_t size, size_t nmemb, void *userdata)
{
	static const char name[] = "api-version:";
	struct da_req *r = userdata;
	size_t n = size * nmemb, i, k = 0;

	if (!r || r->kind != DA_K_PING || n < sizeof(name) - 1 ||
	    strncasecmp(data, name, sizeof(name) - 1) != 0)
		return n;
	for (i = sizeof(name) - 1; i < n && (data[i] == ' ' || data[i] == '\t'); i++)
		;
	for (; i < n && k + 1 < sizeof(r->api_header) && (isdigit((unsigned char)data[i]) ||
							  data[i] == '.'); i++)
		r->api_header[k++] = data[i];
	r->api_header[k] = '\0';
	return n;
}

/* Options that stay the same for every request of the probe. */
static CURL *easy_new(struct da_engine *e, struct da_slot *s)
{
	CURL *h = curl_easy_init();
	char *agent = da_xasprintf("dockaudit/%s", PACKAGE_VERSION);
	bool ok;

	if (!h) {
		free(agent);
		return NULL;
	}
	ok = curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L) == CURLE_OK &&
	     curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, e->connect_timeout_ms) == CURLE_OK &&
	     curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, e->timeout_ms) == CURLE_OK &&
	     curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body) == CURLE_OK &&
	     curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header) == CURLE_OK &&
	     curl_easy_setopt(h, CURLOPT_ERRORBUFFER, s->errbuf) == CURLE_OK &&
	     curl_easy_setopt(h, CURLOPT_USERAGENT, agent) == CURLE_OK &&
	     curl_easy_setopt(h, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1) == CURLE_OK &&
	     curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L) == CURLE_OK &&
#if LIBCURL_VERSION_NUM >= 0x075500
	     curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https") == CURLE_OK;
#else
	     curl_easy_setopt(h, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS)) == CURLE_OK;
#endif
	free(agent);
	if (ok && e->unix_path)
		/* a proxy from the environment has no business on a local socket */
		ok = curl_easy_setopt(h, CURLOPT_UNIX_SOCKET_PATH, e->unix_path) == CURLE_OK &&
		     curl_easy_setopt(h, CURLOPT_PROXY, "") == CURLE_OK;
	if (ok && e->tls)
		ok = (!e->ca || curl_easy_setopt(h, CURLOPT_CAINFO, e->ca) == CURLE_OK) &&
		     (!e->cert || curl_easy_setopt(h, CURLOPT_SSLCERT, e->cert) == CURLE_OK) &&
		     (!e->key || curl_easy_setopt(h, CURLOPT_SSLKEY, e->key) == CURLE_OK) &&
		     curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, e->skip_verify ? 0L : 1L) == CURLE_OK &&
		     curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, e->skip_verify ? 0L : 2L) == CURLE_OK;
	if (!ok) {
		curl_easy_cleanup(h);
		return NULL;
	}
	return h;
}

static void handle_answer(struct da_engine *e, struct da_req *r, struct da_answer *a);

/* Ends a request that never reached libcurl's transfer loop. */
static void fail_request(struct da_engine *e, struct da_req *r, const char *why)
{
	struct da_answer a;

	memset(&a, 0, sizeof(a));
	a.rc = CURLE_FAILED_INIT;
	snprintf(a.why, sizeof(a.why), "%s", why);
	handle_answer(e, r, &a);
	req_free(r);
}

static void start_request(struct da_engine *e, struct da_slot *s, struct da_req *r)
{
	char *url;
	bool ok;
	CURLMcode mc;

	if (!s->easy)
		s->easy = easy_new(e, s);
	if (!s->easy) {
		fail_request(e, r, "cannot set up a libcurl transfer");
		return;
	}
	url = da_xasprintf("%s%s%s", e->base_url, r->bare ? "" : e->prefix, r->path);
	s->errbuf[0] = '\0';
	{
		/* no request outlives the deadline: the loop ends it then,
		   a second before libcurl would call it a timeout */
		long long left = time_left(e);
		long t = e->timeout_ms;

		if (left >= 0 && left + 1000 < t)
			t = (long)left + 1000;
		ok = curl_easy_setopt(s->easy, CURLOPT_TIMEOUT_MS, t) == CURLE_OK;
	}
	if (ok && r->post) {
		if (!e->json_header)
			e->json_header = curl_slist_append(NULL, "Content-Type: application/json");
		ok = e->json_header &&
		     curl_easy_setopt(s->easy, CURLOPT_HTTPHEADER, e->json_header) == CURLE_OK &&
		     curl_easy_setopt(s->easy, CURLOPT_POSTFIELDSIZE, (long)strlen(r->post)) == CURLE_OK &&
		     curl_easy_setopt(s->easy, CURLOPT_POSTFIELDS, r->post) == CURLE_OK;
	} else if (ok) {
		ok = curl_easy_setopt(s->easy, CURLOPT_HTTPGET, 1L) == CURLE_OK &&
		     curl_easy_setopt(s->easy, CURLOPT_HTTPHEADER, NULL) == CURLE_OK;
	}
	ok = ok && curl_easy_setopt(s->easy, CURLOPT_URL, url) == CURLE_OK &&
	     curl_easy_setopt(s->easy, CURLOPT_WRITEDATA, r) == CURLE_OK &&
	     curl_easy_setopt(s->easy, CURLOPT_HEADERDATA, r) == CURLE_OK &&
	     curl_easy_setopt(s->easy, CURLOPT_MAXFILESIZE_LARGE,
			      (curl_off_t)r->max_body) == CURLE_OK;
	free(url);
	if (!ok) {
		fail_request(e, r, "cannot set up a libcurl transfer");
		return;
	}
	mc = curl_multi_add_handle(e->multi, s->easy);
	if (mc != CURLM_OK) {
		fail_request(e, r, curl_multi_strerror(mc));
		return;
	}
	s->req = r;
	e->running++;
}

/* ------------------------------------------------------------------------ */
/* Answers                                                                  */
/* ------------------------------------------------------------------------ */

static enum json_type kind_type(enum da_kind k)
{
	switch (k) {
	case DA_K_CLIST:
	case DA_K_ILIST:
	case DA_K_IHISTORY:
	case DA_K_NETWORKS:
		return json_type_array;
	case DA_K_SWARM:
	case DA_K_NODES:
	case DA_K_SERVICES:
	case DA_K_SECRETS:
	case DA_K_UNLOCKKEY:
		return swarm_parts[k - DA_K_SWARM].type;
	default:
		return json_type_object;
	}
}

/*
 * An upper estimate of the memory json-c needs for the JSON text s (n
 * bytes): its size plus the cost of each value, object and array, counted
 * by their delimiters outside strings.  Malformed text is weighed the same
 * way; the parser rejects it afterwards.  (Snapshots are weighed with it
 * too: core/snapshot.c.)
 */
uint64_t da_json_parse_cost(const char *s, size_t n)
{
	uint64_t cost = (uint64_t)n + DA_COST_VALUE;
	bool in_str = false;
	size_t i;

	for (i = 0; i < n; i++) {
		char ch = s[i];

		if (in_str) {
			if (ch == '\\')
				i++;
			else if (ch == '"')
				in_str = false;
			continue;
		}
		switch (ch) {
		case '"':
			in_str = true;
			break;
		case '{':
			cost += DA_COST_OBJECT + DA_COST_VALUE;
			break;
		case '[':
			cost += DA_COST_ARRAY + DA_COST_VALUE;
			break;
		case ',':
		case ':':
			cost += DA_COST_VALUE;
			break;
		default:
			break;
		}
	}
	return cost;
}

static size_t mib_up(uint64_t bytes)
{
	return (size_t)((bytes + ((1u << 20) - 1)) >> 20);
}

/*
 * Parses r->body once; NULL with the reason in why on failure.  With
 * budget, the answer is weighed first and refused when it alone would cost
 * more than max_parse, or would take the probe past max_total; what it
 * costs is then added to the probe's total.
 */
static struct json_object *parse_body(struct da_engine *e, struct da_req *r, bool budget,
				      bool *ok, char *why, size_t whylen)
{
	struct json_object *val;
	enum json_tokener_error jerr;
	uint64_t cost = 0;
	const char *data;
	char *fixed;
	size_t end, len;

	*ok = false;
	if (r->body.len == 0) {
		snprintf(why, whylen, "empty answer");
		return NULL;
	}
	if (budget) {
		cost = da_json_parse_cost(r->body.data, r->body.len);
		if (cost > e->max_parse) {
			snprintf(why, whylen, "answer too large to parse: about %zu MiB once parsed, "
				 "more than %zu MiB", mib_up(cost), mib_up(e->max_parse));
			return NULL;
		}
		if (cost > e->max_total - e->cost_total) {
			snprintf(why, whylen, "answer not parsed: the probe's memory budget of "
				 "%zu MiB is used up", mib_up(e->max_total));
			return NULL;
		}
	}
	/* a NUL in a string is kept visible, as \u0000 (docs/failures.md) */
	fixed = da_json_defuse_nul(r->body.data, r->body.len, &len);
	data = fixed ? fixed : r->body.data;
	if (!fixed)
		len = r->body.len;
	json_tokener_reset(e->tok);
	val = json_tokener_parse_ex(e->tok, data, (int)len);
	jerr = json_tokener_get_error(e->tok);
	if (jerr == json_tokener_continue) {
		snprintf(why, whylen, "malformed JSON: truncated");
		free(fixed);
		return NULL;
	}
	if (jerr != json_tokener_success) {
		snprintf(why, whylen, "malformed JSON: %s", json_tokener_error_desc(jerr));
		free(fixed);
		return NULL;
	}
#if JSON_C_VERSION_NUM >= ((0 << 16) | (15 << 8))
	end = json_tokener_get_parse_end(e->tok);
#else
	end = (size_t)e->tok->char_offset;
#endif
	for (; end < len; end++) {
		if (!isspace((unsigned char)data[end])) {
			json_object_put(val);
			snprintf(why, whylen, "malformed JSON: data after the value");
			free(fixed);
			return NULL;
		}
	}
	free(fixed);
	e->cost_total += (size_t)cost;
	*ok = true;
	return val;
}

/* "HTTP 404: no such container" from an error answer's {"message": ...}. */
static void http_reason(struct da_engine *e, struct da_req *r, struct da_answer *a)
{
	char msg[DA_REASON_MAX + 1] = "";
	char scratch[64];
	bool ok;
	/* a message is short; a large error answer is not searched for one */
	struct json_object *val = r->body.len <= DA_ERROR_BODY_MAX ?
		parse_body(e, r, false, &ok, scratch, sizeof(scratch)) : NULL;
	const char *m = da_jget_str(val, "message");

	if (m)
		copy_reason(msg, sizeof(msg), m, DA_REASON_MAX);
	json_object_put(val);
	a->has_message = *msg != '\0';
	if (a->has_message)
		snprintf(a->why, sizeof(a->why), "HTTP %ld: %s", a->status, msg);
	else
		snprintf(a->why, sizeof(a->why), "HTTP %ld", a->status);
}

static void curl_reason(struct da_engine *e, struct da_req *r, const char *errbuf,
			struct da_answer *a)
{
	char text[DA_REASON_MAX + 1];

	if (r->too_big || a->rc == CURLE_FILESIZE_EXCEEDED) {
		a->too_big = true;
		snprintf(a->why, sizeof(a->why), "answer larger than %zu bytes", r->max_body);
		return;
	}
	if (a->rc == CURLE_OPERATION_TIMEDOUT) {
		snprintf(a->why, sizeof(a->why), "timed out after %ld ms", e->timeout_ms);
		return;
	}
	if (a->rc == CURLE_COULDNT_CONNECT && a->os_errno > 0)
		copy_reason(text, sizeof(text), strerror((int)a->os_errno), DA_REASON_MAX);
	else if (errbuf[0])
		copy_reason(text, sizeof(text), errbuf, DA_REASON_MAX);
	else
		copy_reason(text, sizeof(text), curl_easy_strerror(a->rc), DA_REASON_MAX);
	snprintf(a->why, sizeof(a->why), "%s", text);
}

/* Turns a finished transfer into an answer and hands it on. */
static void finish_request(struct da_engine *e, struct da_slot *s, CURLcode rc)
{
	struct da_req *r = s->req;
	struct da_answer a;
	long req_size = 0;

	memset(&a, 0, sizeof(a));
	a.rc = rc;
	if (curl_easy_getinfo(s->easy, CURLINFO_RESPONSE_CODE, &a.status) != CURLE_OK)
		a.status = 0;
	if (curl_easy_getinfo(s->easy, CURLINFO_OS_ERRNO, &a.os_errno) != CURLE_OK)
		a.os_errno = 0;
	if (curl_easy_getinfo(s->easy, CURLINFO_REQUEST_SIZE, &req_size) != CURLE_OK)
		req_size = 0;
	a.sent = req_size > 0 || a.status > 0;

	if (rc != CURLE_OK) {
		curl_reason(e, r, s->errbuf, &a);
	} else if (a.status < 200 || a.status > 299) {
		http_reason(e, r, &a);
	} else if (r->kind != DA_K_PING) { /* /_ping's body is "OK", not JSON */
		bool ok;
		enum json_type want = kind_type(r->kind);

		a.val = parse_body(e, r, true, &ok, a.why, sizeof(a.why));
		if (ok && !json_object_is_type(a.val, want)) {
			json_object_put(a.val);
			a.val = NULL;
			snprintf(a.why, sizeof(a.why), "not a JSON %s",
				 want == json_type_array ? "array" : "object");
		}
	}
	if (rc == CURLE_OPERATION_TIMEDOUT)
		e->timeouts++;
	/* the text is not needed once parsed: the next answer may use the memory */
	da_buf_release(&r->body);
	s->req = NULL;
	handle_answer(e, r, &a);
	req_free(r);
}

static void add_error(struct da_engine *e, const char *path, const char *why)
{
	struct json_object *o = da_jobj();

	da_jset(o, "path", da_jstr(path));
	da_jset(o, "error", da_jstr(why));
	da_jpush(e->errors, o);
}

/* Counts items a list had to drop and remembers why the first one went. */
struct da_skips {
	size_t count;
	char first[96];
};

static void skip(struct da_skips *sk, size_t idx, const char *why)
{
	if (sk->count++ == 0)
		snprintf(sk->first, sizeof(sk->first), "item %zu %s", idx, why);
}

static void report_skips(struct da_engine *e, const char *path, const struct da_skips *sk)
{
	char why[160];

	if (!sk->count)
		return;
	snprintf(why, sizeof(why), "skipped %zu item%s: %s%s", sk->count,
		 sk->count == 1 ? "" : "s", sk->first, sk->count > 1 ? ", ..." : "");
	add_error(e, path, why);
}

/*
 * The Id of a list item, or NULL (with the reason recorded) when the item
 * is not an object, has no valid Id, or repeats one.
 */
static const char *item_id(struct json_object *item, size_t idx, struct json_object *seen,
			   struct da_skips *sk)
{
	const char *id;

	if (!json_object_is_type(item, json_type_object)) {
		skip(sk, idx, "is not an object");
		return NULL;
	}
	id = da_jget_str(item, "Id");
	if (!id) {
		skip(sk, idx, "has no string Id");
		return NULL;
	}
	if (!valid_id(id)) {
		skip(sk, idx, "has an invalid Id");
		return NULL;
	}
	if (json_object_object_get_ex(seen, id, NULL)) {
		skip(sk, idx, "repeats an Id");
		return NULL;
	}
	da_jset(seen, id, NULL);
	return id;
}

/* What `docker ps` lists: running, paused and restarting containers. */
static bool container_is_up(struct json_object *item)
{
	const char *state = da_jget_str(item, "State");
	const char *status;

	if (state)
		return strcmp(state, "running") == 0 || strcmp(state, "paused") == 0 ||
		       strcmp(state, "restarting") == 0;
	/* daemons older than API 1.23 only give the human Status */
	status = da_jget_str(item, "Status");
	return status && strncmp(status, "Up ", 3) == 0;
}

static void take_container_list(struct da_engine *e, struct json_object *list)
{
	size_t n = json_object_array_length(list), i;
	struct json_object *seen = da_jobj();
	struct da_skips sk = { 0, "" };

	e->clist = da_jarr();
	e->ctrs = da_xcalloc(n, sizeof(*e->ctrs));
	for (i = 0; i < n; i++) {
		struct json_object *item = json_object_array_get_idx(list, i);
		const char *id = item_id(item, i, seen, &sk);

		if (!id)
			continue;
		da_jpush(e->clist, json_object_get(item));
		if (e->all_containers || container_is_up(item))
			enqueue(e, DA_K_CINSPECT, e->nctrs++, da_xasprintf("/containers/%s/json", id));
	}
	report_skips(e, DA_CLIST_PATH, &sk);
	json_object_put(seen);
	json_object_put(list);
}

static void take_image_list(struct da_engine *e, struct json_object *list)
{
	size_t n = json_object_array_length(list), i;
	struct json_object *seen = da_jobj();
	struct da_skips sk = { 0, "" };

	e->images_listed = true;
	e->imgs = da_xcalloc(n, sizeof(*e->imgs));
	e->hists = da_xcalloc(n, sizeof(*e->hists));
	for (i = 0; i < n; i++) {
		const char *id = item_id(json_object_array_get_idx(list, i), i, seen, &sk);

		if (!id)
			continue;
		enqueue(e, DA_K_IINSPECT, e->nimgs, da_xasprintf("/images/%s/json", id));
		enqueue(e, DA_K_IHISTORY, e->nimgs, da_xasprintf("/images/%s/history", id));
		e->nimgs++;
	}
	report_skips(e, DA_ILIST_PATH, &sk);
	json_object_put(seen);
	json_object_put(list);
}

static void take_networks(struct da_engine *e, struct json_object *list)
{
	size_t n = json_object_array_length(list), i;
	struct da_skips sk = { 0, "" };

	e->networks = da_jarr();
	for (i = 0; i < n; i++) {
		struct json_object *item = json_object_array_get_idx(list, i);

		if (json_object_is_type(item, json_type_object))
			da_jpush(e->networks, json_object_get(item));
		else
			skip(&sk, i, "is not an object");
	}
	report_skips(e, DA_NETWORKS_PATH, &sk);
	json_object_put(list);
}

static void take_info(struct da_engine *e, struct json_object *info)
{
	const char *state = da_jget_str(da_jget(info, "Swarm", json_type_object), "LocalNodeState");
	int k;

	e->info = info;
	if (!state || strcmp(state, "active") != 0)
		return;
	e->swarm_active = true;
	for (k = 0; k < DA_SWARM_PARTS; k++)
		enqueue(e, (enum da_kind)(DA_K_SWARM + k), 0, da_xstrdup(swarm_parts[k].path));
}

/* The version spoken for a daemon offering major.minor (at most ours), as "M.m". */
static void clamp_api(int *major, int *minor, char *api, size_t len)
{
	if (*major > DA_API_MAX_MAJOR || (*major == DA_API_MAX_MAJOR && *minor > DA_API_MAX_MINOR)) {
		*major = DA_API_MAX_MAJOR;
		*minor = DA_API_MAX_MINOR;
	}
	snprintf(api, len, "%d.%d", *major, *minor);
}

static void set_api(struct da_engine *e, int major, int minor)
{
	clamp_api(&major, &minor, e->api, sizeof(e->api));
	snprintf(e->prefix, sizeof(e->prefix), "/v%d.%d", major, minor);
}

/* The lists, /info and /networks: their answers queue the rest. */
static void queue_lists(struct da_engine *e)
{
	da_phase("list");
	e->lists_queued = true;
	e->lists_left = 2;
	enqueue(e, DA_K_CLIST, 0, da_xstrdup(DA_CLIST_PATH));
	enqueue(e, DA_K_ILIST, 0, da_xstrdup(DA_ILIST_PATH));
	enqueue(e, DA_K_INFO, 0, da_xstrdup("/info"));
	enqueue(e, DA_K_NETWORKS, 0, da_xstrdup(DA_NETWORKS_PATH));
}

/*
 * /_ping answered: with a version in its Api-Version header, the lists go
 * now, in that version, while /version (slower: dockerd asks containerd)
 * is still on its way; negotiate() checks the two agree.  Without one,
 * nothing: the lists wait for /version as they always did.  A failed ping
 * is never an error of its own: /version, sent with it, tells the reason.
 */
static void take_ping(struct da_engine *e, struct da_req *r, const struct da_answer *a)
{
	int major, minor;

	if (a->rc != CURLE_OK || a->status != 200 || e->lists_queued ||
	    !parse_api_version(r->api_header, &major, &minor))
		return;
	set_api(e, major, minor);
	snprintf(e->ping_api, sizeof(e->ping_api), "%s", e->api);
	queue_lists(e);
}

/* root.engine's kind and rootless, from /version and /info. */
static void fill_engine_kind(const struct da_engine *e, struct json_object *engine)
{
	da_jset(engine, "kind", da_jstr(da_engine_kind(e->version.val)));
	da_jset(engine, "rootless", da_jx(json_object_new_boolean(da_engine_rootless(e->info))));
}

/* root.source: how this probe reached the daemon. */
static void fill_source(const struct da_engine *e, struct json_object *source)
{
	da_jset(source, "endpoint", da_jstr(e->endpoint));
	da_jset(source, "remote", da_jbool(e->remote));
	/* how this probe spoke to a tcp:// daemon: evidence for 2.7 */
	da_jset(source, "tls", da_jbool(e->tls));
	da_jset(source, "tls_client_cert", da_jbool(e->tls && e->cert && e->key));
	da_jset(source, "api_version", da_jstr(e->api));
}

/*
 * /info and /version both in, /version good and in agreement with the
 * version /info was asked in (nothing will be asked again): the head of
 * the tree goes to on_head, once.
 */
static void maybe_head(struct da_engine *e)
{
	struct json_object *head, *engine, *source;
	const char *ver;
	char api[sizeof(e->api)];
	int major, minor;

	if (!e->on_head || e->head_sent || !e->info || !e->version_done || !e->version.val ||
	    e->version.rc != CURLE_OK || e->version.status < 200 || e->version.status > 299)
		return;
	ver = da_jget_str(e->version.val, "ApiVersion");
	if (!ver || !parse_api_version(ver, &major, &minor))
		return;
	clamp_api(&major, &minor, api, sizeof(api));
	if (strcmp(api, e->api) != 0)
		return;
	e->head_sent = true;
	head = da_jobj();
	engine = da_jobj();
	source = da_jobj();
	fill_engine_kind(e, engine);
	da_jset(engine, "version", json_object_get(e->version.val));
	da_jset(engine, "info", json_object_get(e->info));
	fill_source(e, source);
	da_jset(head, "engine", engine);
	da_jset(head, "source", source);
	e->on_head(e->on_head_arg, head);
}

/* Stores a (moved) answer; failures other than /version go to engine.errors. */
static void handle_answer(struct da_engine *e, struct da_req *r, struct da_answer *a)
{
	e->n_done++;
	if (r->kind == DA_K_PING) {
		take_ping(e, r, a);
		return;
	}
	/* both lists answered: the inspects they queue are the next phase */
	if ((r->kind == DA_K_CLIST || r->kind == DA_K_ILIST) && e->lists_left > 0 &&
	    --e->lists_left == 0)
		da_phase("inspects");
	if (r->kind == DA_K_VERSION) {
		e->version = *a;
		e->version_done = true;
		maybe_head(e);
		return;
	}
	if (r->kind == DA_K_UPDATE) {
		e->update = *a;
		e->update_done = true;
		return;
	}
	if (!a->val) {
		add_error(e, r->path, a->why);
		return;
	}
	switch (r->kind) {
	case DA_K_INFO:
		take_info(e, a->val);
		a->val = NULL;
		maybe_head(e);
		return;
	case DA_K_CLIST:
		take_container_list(e, a->val);
		break;
	case DA_K_CINSPECT:
		e->ctrs[r->idx] = a->val;
		break;
	case DA_K_ILIST:
		take_image_list(e, a->val);
		break;
	case DA_K_IINSPECT:
		e->imgs[r->idx] = a->val;
		break;
	case DA_K_IHISTORY:
		e->hists[r->idx] = a->val;
		break;
	case DA_K_NETWORKS:
		take_networks(e, a->val);
		break;
	case DA_K_SWARM:
	case DA_K_NODES:
	case DA_K_SERVICES:
	case DA_K_SECRETS:
	case DA_K_UNLOCKKEY:
		e->swarm[r->kind - DA_K_SWARM] = a->val;
		break;
	case DA_K_TOP:
		/* the shape of the answer is checked by the check that reads it */
		da_jset(a->val, "_source", da_jstr("api"));
		da_jset(e->topc[r->idx], "_top", a->val);
		break;
	case DA_K_VERSION:
	case DA_K_UPDATE:
	case DA_K_PING:
		break;
	}
	a->val = NULL;
}

/* ------------------------------------------------------------------------ */
/* The transfer loop                                                        */
/* ------------------------------------------------------------------------ */

/*
 * Fills free slots from the queue.  A request that cannot start is answered
 * at once and its slot offered to the next one, so that the loop never
 * waits on an idle multi handle while requests are queued.
 */
static void fill_slots(struct da_engine *e)
{
	char why[96];
	int i = 0;

	/*
	 * A daemon that lets request after request time out would hold the
	 * probe for (requests / parallel) timeouts; past max_timeouts the
	 * rest fail unsent, and the probe ends within a few timeouts.
	 */
	if (e->timeouts >= e->max_timeouts && e->qhead) {
		snprintf(why, sizeof(why), "not sent: %d earlier requests timed out", e->timeouts);
		while (e->qhead)
			fail_request(e, dequeue(e), why);
	}
	while (i < e->parallel && e->qhead) {
		if (e->slots[i].req)
			i++;
		else
			start_request(e, &e->slots[i], dequeue(e));
	}
}

/* Finishes the transfers libcurl reports done; returns how many. */
static int drain(struct da_engine *e)
{
	CURLMsg *msg;
	int left, done = 0;

	while ((msg = curl_multi_info_read(e->multi, &left))) {
		struct da_slot *s = NULL;
		CURLcode rc = msg->data.result;
		CURL *h = msg->easy_handle;
		int i;

		if (msg->msg != CURLMSG_DONE)
			continue;
		for (i = 0; i < e->parallel && !s; i++)
			if (e->slots[i].easy == h && e->slots[i].req)
				s = &e->slots[i];
		if (!s)
			continue;
		/* removing a finished handle only fails on misuse; the slot is freed anyway */
		(void)curl_multi_remove_handle(e->multi, h);
		e->running--;
		finish_request(e, s, rc);
		done++;
	}
	return done;
}

/*
 * Past the deadline: every request in flight is stopped and every queued
 * one fails unsent, each recorded like any failed request (engine.errors),
 * so that its object becomes an ERROR item and the audit goes on.
 */
static void end_at_deadline(struct da_engine *e)
{
	char why[96];
	int i;

	snprintf(why, sizeof(why), "not read: the probe deadline of %ld s was reached",
		 (e->deadline_ms + 999) / 1000);
	e->deadline_reached = true;
	for (i = 0; i < e->parallel; i++) {
		struct da_slot *s = &e->slots[i];
		struct da_req *r = s->req;

		if (!r)
			continue;
		(void)curl_multi_remove_handle(e->multi, s->easy);
		e->running--;
		s->req = NULL;
		da_buf_release(&r->body);
		e->unread++;
		fail_request(e, r, why);
	}
	while (e->qhead) {
		e->unread++;
		fail_request(e, dequeue(e), why);
	}
}

/* Runs queued requests (and those their answers queue) until none is left. */
static int run(struct da_engine *e, char *err, size_t errlen)
{
	CURLMcode mc;
	int still;

	for (;;) {
		long long left = time_left(e);
		int wait_ms = 1000;

		if (left == 0 && (e->running || e->qhead))
			end_at_deadline(e);
		else if (left >= 0 && left < wait_ms)
			wait_ms = (int)left + 1;
		fill_slots(e);
		if (e->running == 0 && !e->qhead)
			return 0;
		da_progress(e->n_done, e->n_queued);
		if (wait_ms > 200 && da_progress_active())
			wait_ms = 200; /* the indicator's clock goes on while the daemon is slow */
		mc = curl_multi_perform(e->multi, &still);
		if (mc != CURLM_OK)
			goto fail;
		/* connections made to an ssh endpoint's socket: one ssh each */
		if (e->ssh)
			da_ssh_pump(e->ssh);
		if (drain(e) > 0)
			continue;
		if (e->ssh) {
			struct curl_waitfd w = { .fd = e->ssh->lfd, .events = CURL_WAIT_POLLIN };
#if LIBCURL_VERSION_NUM >= 0x074200
			mc = curl_multi_poll(e->multi, &w, 1, wait_ms, NULL);
#else
			mc = curl_multi_wait(e->multi, &w, 1, wait_ms, NULL);
#endif
		} else {
#if LIBCURL_VERSION_NUM >= 0x074200
			mc = curl_multi_poll(e->multi, NULL, 0, wait_ms, NULL);
#else
			mc = curl_multi_wait(e->multi, NULL, 0, wait_ms, NULL);
#endif
		}
		if (mc != CURLM_OK)
			goto fail;
	}
fail:
	set_err(err, errlen, "libcurl failed talking to the Docker daemon at %s: %s",
		e->endpoint, curl_multi_strerror(mc));
	return DA_ERR_IO;
}

/* ------------------------------------------------------------------------ */
/* Probe                                                                    */
/* ------------------------------------------------------------------------ */

static void engine_release(struct da_engine *e)
{
	struct da_req *r;
	size_t i;
	int k;

	for (k = 0; e->slots && k < e->parallel; k++) {
		struct da_slot *s = &e->slots[k];
		if (s->req && e->multi)
			(void)curl_multi_remove_handle(e->multi, s->easy);
		req_free(s->req);
		if (s->easy)
			curl_easy_cleanup(s->easy);
	}
	free(e->slots);
	while ((r = dequeue(e)))
		req_free(r);
	if (e->multi)
		curl_multi_cleanup(e->multi);
	if (e->ssh) {
		da_ssh_release(e->ssh);
		free(e->ssh);
	}
	if (e->tok)
		json_tokener_free(e->tok);
	json_object_put(e->version.val);
	json_object_put(e->update.val);
	if (e->json_header)
		curl_slist_free_all(e->json_header);
	json_object_put(e->errors);
	json_object_put(e->info);
	json_object_put(e->clist);
	for (i = 0; i < e->nctrs; i++)
		json_object_put(e->ctrs[i]);
	free(e->ctrs);
	for (i = 0; i < e->nimgs; i++) {
		json_object_put(e->imgs[i]);
		json_object_put(e->hists[i]);
	}
	free(e->imgs);
	free(e->hists);
	free(e->topc);
	json_object_put(e->networks);
	for (k = 0; k < DA_SWARM_PARTS; k++)
		json_object_put(e->swarm[k]);
	free(e->endpoint);
	free(e->unix_path);
	free(e->base_url);
	free(e->ca);
	free(e->cert);
	free(e->key);
}

/*
 * Forgets what the lists and their follow-ups brought (asked in a version
 * /version then did not confirm), so that they can be asked again.
 */
static void drop_results(struct da_engine *e)
{
	size_t i;
	int k;

	json_object_put(e->errors);
	e->errors = da_jarr();
	json_object_put(e->info);
	json_object_put(e->clist);
	e->info = e->clist = NULL;
	for (i = 0; i < e->nctrs; i++)
		json_object_put(e->ctrs[i]);
	free(e->ctrs);
	e->ctrs = NULL;
	e->nctrs = 0;
	for (i = 0; i < e->nimgs; i++) {
		json_object_put(e->imgs[i]);
		json_object_put(e->hists[i]);
	}
	free(e->imgs);
	free(e->hists);
	e->imgs = e->hists = NULL;
	e->nimgs = 0;
	e->images_listed = false;
	json_object_put(e->networks);
	e->networks = NULL;
	for (k = 0; k < DA_SWARM_PARTS; k++) {
		json_object_put(e->swarm[k]);
		e->swarm[k] = NULL;
	}
	e->swarm_active = false;
	e->lists_queued = false;
}

/*
 * Opens an engine on cfg's daemon (libcurl initialised, the request queue
 * empty) speaking API version major.minor, or none yet (major < 0).  On
 * failure nothing is left to release.
 */
static int engine_open(struct da_engine *e, const struct da_engine_config *cfg, int major,
		       int minor, char *err, size_t errlen)
{
	int ret;

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		set_err(err, errlen, "cannot initialise libcurl");
		return DA_ERR_IO;
	}
	ret = engine_init(e, cfg, err, errlen);
	if (ret < 0) {
		engine_release(e);
		curl_global_cleanup();
		return ret;
	}
	if (major >= 0) {
		snprintf(e->api, sizeof(e->api), "%d.%d", major, minor);
		snprintf(e->prefix, sizeof(e->prefix), "/v%d.%d", major, minor);
	}
	return 0;
}

static void engine_close(struct da_engine *e)
{
	engine_release(e);
	curl_global_cleanup();
}

/* Checks the /version answer and picks the API version to speak. */
static int negotiate(struct da_engine *e, char *err, size_t errlen)
{
	struct da_answer *a = &e->version;
	const char *ver;
	int major, minor;

	if (!e->version_done) {
		set_err(err, errlen, "cannot connect to the Docker daemon at %s: request not sent",
			e->endpoint);
		return DA_ERR_CONNECT;
	}
	/* over ssh, what ssh said is the reason (a refused key, an unknown
	   host, no docker there), not the empty reply that followed */
	if (e->ssh && (a->rc != CURLE_OK || !a->val) && da_ssh_problem(e->ssh)) {
		set_err(err, errlen, "cannot connect to the Docker daemon at %s: %s",
			e->endpoint, da_ssh_problem(e->ssh));
		return DA_ERR_CONNECT;
	}
	if (a->rc == CURLE_OPERATION_TIMEDOUT && a->sent) {
		set_err(err, errlen, "the Docker daemon at %s did not answer /version within %ld ms",
			e->endpoint, e->timeout_ms);
		return DA_ERR_TIMEOUT;
	}
	if (a->too_big) {
		set_err(err, errlen, "%s is not a Docker Engine API: /version %s",
			e->endpoint, a->why);
		return DA_ERR_PARSE;
	}
	if (a->rc != CURLE_OK) {
		set_err(err, errlen, "cannot connect to the Docker daemon at %s: %s",
			e->endpoint, a->why);
		return DA_ERR_CONNECT;
	}
	if (a->status < 200 || a->status > 299) {
		/* a Docker daemon explains its errors in JSON; anything else is not one */
		if (a->has_message) {
			set_err(err, errlen, "the Docker daemon at %s refused /version: %s",
				e->endpoint, a->why);
			return DA_ERR_HTTP;
		}
		set_err(err, errlen, "%s is not a Docker Engine API: /version answered %s",
			e->endpoint, a->why);
		return DA_ERR_PARSE;
	}
	if (!a->val) {
		set_err(err, errlen, "%s is not a Docker Engine API: /version answer is %s",
			e->endpoint, a->why);
		return DA_ERR_PARSE;
	}
	ver = da_jget_str(a->val, "ApiVersion");
	if (!ver) {
		set_err(err, errlen, "%s is not a Docker Engine API: /version has no ApiVersion",
			e->endpoint);
		return DA_ERR_PARSE;
	}
	if (!parse_api_version(ver, &major, &minor)) {
		set_err(err, errlen, "%s is not a Docker Engine API: malformed ApiVersion in /version",
			e->endpoint);
		return DA_ERR_PARSE;
	}
	set_api(e, major, minor);
	return 0;
}

static int cmp_errors(const void *pa, const void *pb)
{
	struct json_object *a = *(struct json_object *const *)pa;
	struct json_object *b = *(struct json_object *const *)pb;
	const char *sa = da_jget_str(a, "path"), *sb = da_jget_str(b, "path");
	int c = strcmp(sa ? sa : "", sb ? sb : "");

	if (c)
		return c;
	sa = da_jget_str(a, "error");
	sb = da_jget_str(b, "error");
	return strcmp(sa ? sa : "", sb ? sb : "");
}

const char *da_engine_kind(struct json_object *version)
{
	struct json_object *comps = da_jget(version, "Components", json_type_array);
	size_t i, n = comps ? json_object_array_length(comps) : 0;

	for (i = 0; i < n; i++) {
		const char *name = da_jget_str(json_object_array_get_idx(comps, i), "Name");
		if (name && strcmp(name, "Podman Engine") == 0)
			return "podman";
	}
	return "docker";
}

const char *da_engine_kind_of(struct json_object *root)
{
	struct json_object *eng = da_jget(root, "engine", json_type_object);
	const char *k = da_jget_str(eng, "kind");

	if (k && (strcmp(k, "podman") == 0 || strcmp(k, "docker") == 0))
		return k;
	return da_engine_kind(da_jget(eng, "version", json_type_object));
}

bool da_engine_rootless(struct json_object *info)
{
	struct json_object *so = da_jget(info, "SecurityOptions", json_type_array);
	size_t i, n = so ? json_object_array_length(so) : 0;

	for (i = 0; i < n; i++) {
		struct json_object *o = json_object_array_get_idx(so, i);
		const char *s = json_object_is_type(o, json_type_string) ?
				json_object_get_string(o) : NULL;
		/* "name=rootless", possibly with ",key=value" options after it */
		if (s && strncmp(s, "name=rootless", 13) == 0 && (s[13] == '\0' || s[13] == ','))
			return true;
	}
	return false;
}

bool da_engine_rootless_of(struct json_object *root)
{
	struct json_object *eng = da_jget(root, "engine", json_type_object);
	struct json_object *rl = da_jget(eng, "rootless", json_type_boolean);

	if (rl)
		return json_object_get_boolean(rl);
	return da_engine_rootless(da_jget(eng, "info", json_type_object));
}

/* Moves the results into root.engine and root.source. */
static void store(struct da_engine *e, struct json_object *root)
{
	struct json_object *engine = da_jobj(), *source = da_jobj(), *arr;
	size_t i;
	int k;

	fill_engine_kind(e, engine);
	da_jset(engine, "version", e->version.val);
	e->version.val = NULL;
	da_jset(engine, "info", e->info);
	e->info = NULL;

	arr = NULL;
	if (e->clist) {
		arr = da_jarr();
		for (i = 0; i < e->nctrs; i++) {
			if (e->ctrs[i])
				da_jpush(arr, e->ctrs[i]);
			e->ctrs[i] = NULL;
		}
	}
	da_jset(engine, "container_list", e->clist);
	e->clist = NULL;
	da_jset(engine, "containers", arr);

	arr = NULL;
	if (e->images_listed) {
		arr = da_jarr();
		for (i = 0; i < e->nimgs; i++) {
			if (e->imgs[i]) {
				da_jset(e->imgs[i], "_history", e->hists[i]);
				e->hists[i] = NULL;
				da_jpush(arr, e->imgs[i]);
				e->imgs[i] = NULL;
			}
		}
	}
	da_jset(engine, "images", arr);
	da_jset(engine, "networks", e->networks);
	e->networks = NULL;

	arr = NULL;
	if (e->swarm_active) {
		arr = da_jobj();
		for (k = 0; k < DA_SWARM_PARTS; k++) {
			da_jset(arr, swarm_parts[k].key, e->swarm[k]);
			e->swarm[k] = NULL;
		}
	}
	da_jset(engine, "swarm", arr);

	json_object_array_sort(e->errors, cmp_errors);
	da_jset(engine, "errors", e->errors);
	e->errors = NULL;
	if (e->deadline_ms) {
		struct json_object *d = da_jobj();

		da_jset(d, "seconds", json_object_new_int64((e->deadline_ms + 999) / 1000));
		da_jset(d, "reached", da_jbool(e->deadline_reached));
		da_jset(d, "unread", json_object_new_int64(e->unread));
		da_jset(engine, "deadline", d);
	}

	fill_source(e, source);

	da_jset(root, "engine", engine);
	da_jset(root, "source", source);
}

int da_engine_probe(const struct da_engine_config *cfg, struct json_object *root,
		    char *err, size_t errlen)
{
	struct da_engine e;
	int ret;

	if (err && errlen)
		err[0] = '\0';
	if (!json_object_is_type(root, json_type_object)) {
		set_err(err, errlen, "cannot store the probe: root is not a JSON object");
		return DA_ERR_INVALID;
	}
	ret = engine_open(&e, cfg, -1, 0, err, errlen);
	if (ret < 0)
		return ret;

	/* /_ping and /version together: the ping's answer starts the lists
	   (take_ping), whose answers queue the inspects */
	enqueue(&e, DA_K_PING, 0, da_xstrdup("/_ping"))->bare = true;
	enqueue(&e, DA_K_VERSION, 0, da_xstrdup("/version"))->bare = true;
	ret = run(&e, err, errlen);
	if (ret < 0)
		goto out;
	ret = negotiate(&e, err, errlen);
	if (ret < 0)
		goto out;
	if (e.lists_queued && strcmp(e.ping_api, e.api) != 0)
		drop_results(&e); /* asked in another version than /version says */
	if (!e.lists_queued) {
		queue_lists(&e);
		ret = run(&e, err, errlen);
	}
	if (e.lists_left > 0)
		da_phase("inspects");
	if (ret < 0)
		goto out;
	store(&e, root);
out:
	engine_close(&e);
	return ret;
}

/*
 * Whether container c (an inspect object) runs and lacks a process list.
 * State.Running is true for paused and restarting containers too.
 */
static bool needs_top(struct json_object *c)
{
	struct json_object *state = da_jget(c, "State", json_type_object);
	struct json_object *run = da_jget(state, "Running", json_type_boolean);

	return run && json_object_get_boolean(run) && !json_object_object_get_ex(c, "_top", NULL) &&
	       da_jget_str(c, "Id") && valid_id(da_jget_str(c, "Id"));
}

int da_engine_top(const struct da_engine_config *cfg, struct json_object *root,
		  char *err, size_t errlen)
{
	struct json_object *engine = da_jget(root, "engine", json_type_object);
	struct json_object *ctrs = da_jget(engine, "containers", json_type_array);
	struct json_object *errs = da_jget(engine, "errors", json_type_array);
	const char *api = da_jget_str(da_jget(root, "source", json_type_object), "api_version");
	struct da_engine e;
	size_t i, n = ctrs ? json_object_array_length(ctrs) : 0, k = 0;
	int major, minor, ret;

	if (err && errlen)
		err[0] = '\0';
	for (i = 0; i < n; i++)
		if (needs_top(json_object_array_get_idx(ctrs, i)))
			k++;
	if (!k)
		return 0;
	if (!errs || !api || !parse_api_version(api, &major, &minor)) {
		set_err(err, errlen, "cannot fetch process lists: the probe has no engine errors "
			"list or no API version");
		return DA_ERR_INVALID;
	}
	ret = engine_open(&e, cfg, major, minor, err, errlen);
	if (ret < 0)
		return ret;
	e.topc = da_xcalloc(k, sizeof(*e.topc));
	for (i = 0, k = 0; i < n; i++) {
		struct json_object *c = json_object_array_get_idx(ctrs, i);

		if (!needs_top(c))
			continue;
		e.topc[k] = c;
		enqueue(&e, DA_K_TOP, k++, da_xasprintf("/containers/%s/top", da_jget_str(c, "Id")));
	}
	ret = run(&e, err, errlen);
	/* what failed joins the probe's other failures */
	for (i = 0; i < json_object_array_length(e.errors); i++)
		da_jpush(errs, json_object_get(json_object_array_get_idx(e.errors, i)));
	json_object_array_sort(errs, cmp_errors);
	engine_close(&e);
	return ret;
}

int da_engine_update(const struct da_engine_config *cfg, const char *api_version,
		     const char *expect_endpoint, const char *id, const char *body,
		     char *warnings, size_t wlen, char *err, size_t errlen)
{
	struct da_engine e;
	struct json_object *w;
	int major, minor, ret;

	if (err && errlen)
		err[0] = '\0';
	if (warnings && wlen)
		warnings[0] = '\0';
	if (!id || !valid_id(id)) {
		set_err(err, errlen, "not a container id the daemon gave");
		return DA_ERR_INVALID;
	}
	if (!api_version || !parse_api_version(api_version, &major, &minor)) {
		set_err(err, errlen, "no API version from the audit");
		return DA_ERR_INVALID;
	}
	ret = engine_open(&e, cfg, major, minor, err, errlen);
	if (ret < 0)
		return ret;
	/* the daemon the audit read, never another one */
	if (expect_endpoint && strcmp(expect_endpoint, e.endpoint) != 0) {
		set_err(err, errlen, "the daemon endpoint is now %s, not the audited %s",
			e.endpoint, expect_endpoint);
		ret = DA_ERR_INVALID;
		goto out;
	}
	enqueue(&e, DA_K_UPDATE, 0, da_xasprintf("/containers/%s/update", id));
	e.qhead->post = da_xstrdup(body);
	ret = run(&e, err, errlen);
	if (ret < 0)
		goto out;
	if (!e.update_done || !e.update.val) {
		set_err(err, errlen, "%s", e.update_done ? e.update.why : "request not sent");
		ret = e.update.status >= 300 ? DA_ERR_HTTP : DA_ERR_IO;
		goto out;
	}
	/* {"Warnings": ["..."]}: kept as one line, cleaned */
	w = da_jget(e.update.val, "Warnings", json_type_array);
	if (w && warnings && wlen) {
		size_t i, n = json_object_array_length(w), used = 0;

		for (i = 0; i < n && used + 1 < wlen; i++) {
			const char *t = json_object_get_string(json_object_array_get_idx(w, i));
			if (!t || !*t)
				continue;
			if (used) {
				snprintf(warnings + used, wlen - used, "; ");
				used = strlen(warnings);
			}
			copy_reason(warnings + used, wlen - used, t, DA_REASON_MAX);
			used = strlen(warnings);
		}
	}
	ret = 0;
out:
	engine_close(&e);
	return ret;
}
