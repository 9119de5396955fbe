/*
 * Endpoint resolution and the docker CLI's context store (endpoint.h).
 * Everything read here is hostile: config.json and meta.json are read with
 * a size cap, parsed with a depth cap, and whatever is echoed in a message
 * is escaped.
 */
#include "config.h"

#include "endpoint.h"
#include "engine.h"
#include "escape.h"
#include "util.h"

#include <json-c/json.h>

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define EP_DEFAULT_HOST "unix:///var/run/docker.sock"
#define EP_MAX_CONFIG (4u << 20)  /* config.json: auths may be large */
#define EP_MAX_META (1u << 20)    /* meta.json */
#define EP_JSON_DEPTH 64
#define EP_MAX_NAME 200
#define EP_SHOWN_MAX 160          /* longest hostile text echoed */

/* ---------------------------------------------------------------------------
 * SHA-256 (FIPS 180-4)
 */

static const uint32_t K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
	0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
	0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
	0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
	0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
	0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
	0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
	0xc67178f2
};

static uint32_t ror(uint32_t x, unsigned n)
{
	return (x >> n) | (x << (32 - n));
}

static void sha_block(uint32_t h[8], const unsigned char *p)
{
	uint32_t w[64], a, b, c, d, e, f, g, k, t1, t2;
	int i;

	for (i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		       (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
	for (i = 16; i < 64; i++) {
		uint32_t s0 = ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^ (w[i - 15] >> 3);
		uint32_t s1 = ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^ (w[i - 2] >> 10);
		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	a = h[0]; b = h[1]; c = h[2]; d = h[3];
	e = h[4]; f = h[5]; g = h[6]; k = h[7];
	for (i = 0; i < 64; i++) {
		t1 = k + (ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
		t2 = (ror(a, 2) ^ ror(a, 13) ^ ror(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
		k = g; g = f; f = e; e = d + t1;
		d = c; c = b; b = a; a = t1 + t2;
	}
	h[0] += a; h[1] += b; h[2] += c; h[3] += d;
	h[4] += e; h[5] += f; h[6] += g; h[7] += k;
}

void da_sha256(const void *data, size_t n, unsigned char out[32])
{
	uint32_t h[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
			  0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
	const unsigned char *p = data;
	unsigned char last[128];
	uint64_t bits = (uint64_t)n * 8;
	size_t rest, tail, i;

	for (; n >= 64; n -= 64, p += 64)
		sha_block(h, p);
	rest = n;
	memset(last, 0, sizeof(last));
	if (rest)
		memcpy(last, p, rest);
	last[rest] = 0x80;
	tail = rest + 1 + 8 <= 64 ? 64 : 128;
	for (i = 0; i < 8; i++)
		last[tail - 1 - i] = (unsigned char)(bits >> (8 * i));
	sha_block(h, last);
	if (tail == 128)
		sha_block(h, last + 64);
	for (i = 0; i < 8; i++) {
		out[4 * i] = (unsigned char)(h[i] >> 24);
		out[4 * i + 1] = (unsigned char)(h[i] >> 16);
		out[4 * i + 2] = (unsigned char)(h[i] >> 8);
		out[4 * i + 3] = (unsigned char)h[i];
	}
}

void da_sha256_hex(const char *s, char out[65])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char d[32];
	int i;

	da_sha256(s, strlen(s), d);
	for (i = 0; i < 32; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[64] = '\0';
}

/* ---------------------------------------------------------------------------
 * Helpers
 */

const char *da_endpoint_source_name(enum da_endpoint_source s)
{
	switch (s) {
	case DA_EP_FLAG_CONTEXT: return "--context";
	case DA_EP_FLAG_HOST: return "--host";
	case DA_EP_ENV_HOST: return "DOCKER_HOST";
	case DA_EP_ENV_CONTEXT: return "DOCKER_CONTEXT";
	case DA_EP_CURRENT_CONTEXT: return "currentContext";
	case DA_EP_DEFAULT: break;
	}
	return "default";
}

/* Hostile text made printable and short, in a static slot (two slots). */
static const char *shown(const char *s)
{
	static char slots[2][EP_SHOWN_MAX * 4 + 8];
	static int next;
	struct da_buf b = { 0 };
	char *out = slots[next];

	next = !next;
	da_escape_text(&b, s ? s : "");
	if (b.len > EP_SHOWN_MAX)
		snprintf(out, sizeof(slots[0]), "%.*s...", EP_SHOWN_MAX, b.data);
	else
		snprintf(out, sizeof(slots[0]), "%s", da_buf_str(&b));
	da_buf_release(&b);
	return out;
}

static const char *env(const char *name)
{
	const char *v = getenv(name);
	return v && *v ? v : NULL;
}

/* $DOCKER_CONFIG, else ~/.docker.  Owned by the caller. */
static char *config_dir(void)
{
	const char *home;

	if (env("DOCKER_CONFIG"))
		return da_xstrdup(env("DOCKER_CONFIG"));
	home = env("HOME");
	if (!home) {
		struct passwd *pw = getpwuid(getuid());
		home = pw && pw->pw_dir ? pw->pw_dir : "/";
	}
	return da_xasprintf("%s/.docker", home);
}

/* The docker CLI's rule for context names. */
static bool valid_name(const char *s)
{
	size_t n = strlen(s), i;

	if (n < 2 || n > EP_MAX_NAME)
		return false;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			     (c >= '0' && c <= '9');
		if (!alnum && (i == 0 || !strchr("_.+-", c)))
			return false;
	}
	return true;
}

/*
 * Reads and parses a JSON file of at most max bytes.  Returns 0 with *out
 * set, DA_ERR_NOTFOUND when the file does not exist, or another da_err
 * with a one-line reason naming the file in err.
 */
static int read_json(const char *path, size_t max, struct json_object **out,
		     char *err, size_t errlen)
{
	struct json_tokener *tok;
	struct da_buf b = { 0 };
	struct stat st;
	char chunk[8192];
	ssize_t r;
	int fd, ret = DA_OK;

	*out = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		if (errno == ENOENT)
			return DA_ERR_NOTFOUND;
		snprintf(err, errlen, "cannot read %s: %s", shown(path), strerror(errno));
		return DA_ERR_IO;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "cannot read %s: not a regular file", shown(path));
		close(fd);
		return DA_ERR_IO;
	}
	while ((r = read(fd, chunk, sizeof(chunk))) != 0) {
		if (r < 0) {
			if (errno == EINTR)
				continue;
			snprintf(err, errlen, "cannot read %s: %s", shown(path), strerror(errno));
			ret = DA_ERR_IO;
			break;
		}
		if (b.len + (size_t)r > max) {
			snprintf(err, errlen, "cannot read %s: larger than %zu bytes", shown(path),
				 max);
			ret = DA_ERR_IO;
			break;
		}
		da_buf_add(&b, chunk, (size_t)r);
	}
	close(fd);
	if (ret == DA_OK) {
		tok = json_tokener_new_ex(EP_JSON_DEPTH);
		if (!tok)
			abort();
		*out = json_tokener_parse_ex(tok, da_buf_str(&b), (int)b.len);
		if (!*out || json_tokener_get_error(tok) != json_tokener_success ||
		    json_tokener_get_parse_end(tok) < b.len ||
		    !json_object_is_type(*out, json_type_object)) {
			json_object_put(*out);
			*out = NULL;
			snprintf(err, errlen, "malformed %s: not a JSON object", shown(path));
			ret = DA_ERR_PARSE;
		}
		json_tokener_free(tok);
	}
	da_buf_release(&b);
	return ret;
}

static struct json_object *member(struct json_object *o, const char *key)
{
	struct json_object *v = NULL;

	if (!o || !json_object_is_type(o, json_type_object) ||
	    !json_object_object_get_ex(o, key, &v))
		return NULL;
	return v;
}

/* currentContext of config.json, or NULL (owned). */
static int current_context(const char *dir, char **name, char *err, size_t errlen)
{
	char *path = da_xasprintf("%s/config.json", dir);
	struct json_object *cfg, *cur;
	int ret;

	*name = NULL;
	ret = read_json(path, EP_MAX_CONFIG, &cfg, err, errlen);
	if (ret == DA_ERR_NOTFOUND) {
		free(path);
		return DA_OK;
	}
	if (ret == DA_OK) {
		cur = member(cfg, "currentContext");
		if (cur && !json_object_is_type(cur, json_type_string)) {
			snprintf(err, errlen, "malformed %s: currentContext is not a string",
				 shown(path));
			ret = DA_ERR_PARSE;
		} else if (cur && *json_object_get_string(cur)) {
			*name = da_xstrdup(json_object_get_string(cur));
		}
		json_object_put(cfg);
	}
	free(path);
	return ret;
}

/* Reads context name from the store under dir into ep. */
static int load_context(struct da_endpoint *ep, const char *dir, const char *name,
			char *err, size_t errlen)
{
	char hex[65], *meta_path, *tls;
	struct json_object *meta = NULL, *docker, *host, *skip;
	const char *h;
	struct stat st;
	int ret;

	if (!valid_name(name)) {
		snprintf(err, errlen, "invalid context name '%s' (from %s)", shown(name),
			 da_endpoint_source_name(ep->source));
		return DA_ERR_INVALID;
	}
	ep->context = da_xstrdup(name);
	ep->label = da_xasprintf("context '%s'", name);
	da_sha256_hex(name, hex);
	meta_path = da_xasprintf("%s/contexts/meta/%s/meta.json", dir, hex);
	ret = read_json(meta_path, EP_MAX_META, &meta, err, errlen);
	if (ret == DA_ERR_NOTFOUND) {
		snprintf(err, errlen, "context '%s' (from %s) does not exist: no %s", name,
			 da_endpoint_source_name(ep->source), shown(meta_path));
		free(meta_path);
		return DA_ERR_NOTFOUND;
	}
	if (ret != DA_OK) {
		free(meta_path);
		return ret;
	}
	docker = member(member(meta, "Endpoints"), "docker");
	host = member(docker, "Host");
	skip = member(docker, "SkipTLSVerify");
	ret = DA_ERR_INVALID;
	if (!docker || !json_object_is_type(docker, json_type_object)) {
		snprintf(err, errlen, "context '%s' has no docker endpoint in %s", name,
			 shown(meta_path));
		goto out;
	}
	if (!host || !json_object_is_type(host, json_type_string) ||
	    !*(h = json_object_get_string(host))) {
		snprintf(err, errlen, "context '%s' has no docker endpoint Host in %s", name,
			 shown(meta_path));
		goto out;
	}
	if (skip && !json_object_is_type(skip, json_type_boolean)) {
		snprintf(err, errlen, "malformed %s: SkipTLSVerify is not a boolean",
			 shown(meta_path));
		ret = DA_ERR_PARSE;
		goto out;
	}
	if (strncmp(h, "unix://", 7) != 0 && strncmp(h, "tcp://", 6) != 0 &&
	    strncmp(h, "ssh://", 6) != 0) {
		snprintf(err, errlen, "context '%s': unsupported endpoint %s (unix://, tcp:// "
			 "and ssh:// are supported)", name, shown(h));
		goto out;
	}
	ep->host = da_xstrdup(h);
	ep->from_store = true;
	ep->skip_verify = skip && json_object_get_boolean(skip);
	tls = da_xasprintf("%s/contexts/tls/%s/docker", dir, hex);
	if (stat(tls, &st) == 0 && S_ISDIR(st.st_mode)) {
		ep->tls_dir = tls;
		ep->tls = true;
	} else {
		free(tls);
	}
	if (ep->skip_verify)
		ep->tls = true;
	ret = DA_OK;
out:
	json_object_put(meta);
	free(meta_path);
	return ret;
}

int da_endpoint_resolve(const char *opt_context, const char *opt_host,
			struct da_endpoint *ep, char *err, size_t errlen)
{
	char *dir = NULL, *cur = NULL;
	const char *name = NULL;
	int ret = DA_OK;

	memset(ep, 0, sizeof(*ep));
	if (opt_context && *opt_context) {
		name = opt_context;
		ep->source = DA_EP_FLAG_CONTEXT;
	} else if (opt_host && *opt_host) {
		ep->source = DA_EP_FLAG_HOST;
		ep->host = da_xstrdup(opt_host);
		ep->label = da_xstrdup("--host");
		return DA_OK;
	} else if (env("DOCKER_HOST")) {
		ep->source = DA_EP_ENV_HOST;
		ep->host = da_xstrdup(env("DOCKER_HOST"));
		ep->label = da_xstrdup("DOCKER_HOST");
		return DA_OK;
	} else if (env("DOCKER_CONTEXT")) {
		name = env("DOCKER_CONTEXT");
		ep->source = DA_EP_ENV_CONTEXT;
	} else {
		dir = config_dir();
		ret = current_context(dir, &cur, err, errlen);
		if (ret != DA_OK)
			goto out;
		name = cur;
		if (name)
			ep->source = DA_EP_CURRENT_CONTEXT;
	}
	if (name && strcmp(name, "default") != 0) {
		if (!dir)
			dir = config_dir();
		ret = load_context(ep, dir, name, err, errlen);
		goto out;
	}
	/* the default context: $DOCKER_HOST (only --context default reaches
	   here with it set), else the default socket */
	if (name)
		ep->context = da_xstrdup("default");
	ep->host = da_xstrdup(env("DOCKER_HOST") ? env("DOCKER_HOST") : EP_DEFAULT_HOST);
	ep->label = da_xstrdup(env("DOCKER_HOST") ? "DOCKER_HOST" : "the default endpoint");
out:
	free(cur);
	free(dir);
	return ret;
}

void da_endpoint_release(struct da_endpoint *ep)
{
	free(ep->host);
	free(ep->context);
	free(ep->tls_dir);
	free(ep->label);
	memset(ep, 0, sizeof(*ep));
}

void da_endpoint_engine_config(const struct da_endpoint *ep, struct da_engine_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->host = ep->host;
	cfg->host_label = ep->label;
	if (ep->from_store) {
		cfg->no_env = true;
		cfg->tls_verify = ep->tls;
		cfg->tls_skip_verify = ep->skip_verify;
		cfg->cert_path = ep->tls_dir;
	} else {
		const char *tls = getenv("DOCKER_TLS_VERIFY");

		cfg->tls_verify = tls && *tls;
		cfg->cert_path = getenv("DOCKER_CERT_PATH");
	}
}
