/*
 * The daemon's configuration: owns dockerd's flag table, the parsing of its
 * argument vector into daemon.json keys, the reading of daemon.json, and
 * the merged view of both (host.effective; docs/daemon-config.md).
 * Everything here comes from the host and is hostile: sizes are capped and
 * strings made valid UTF-8.
 */
#include "config.h"

#include "escape.h"
#include "hostfacts.h"
#include "hostprobe.h"
#include "jsonutil.h"
#include "util.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

/* ---------------------------------------------------------------------------
 * dockerd's command line
 */

enum flag_type {
	FT_BOOL,    /* --x, --x=true|false */
	FT_STRING,
	FT_INT,     /* a number when it is one, else kept as the string */
	FT_LIST,    /* repeatable: an array of strings */
	FT_MAP,     /* repeatable key=value: an object */
	FT_MAPMAP,  /* repeatable driver=key=value: an object of objects */
	FT_ULIMIT,  /* name=soft[:hard]: {"Name","Soft","Hard"} by name */
	FT_RUNTIME, /* name=path: {"path"} by name */
	FT_FEATURE, /* name[=bool]: a boolean by name */
	FT_POOL     /* base=...,size=...: an array of objects */
};

struct flag_def {
	const char *name;    /* long name, without dashes */
	char shorthand;      /* 0 for none */
	enum flag_type type;
	const char *key;     /* daemon.json key; NULL = the long name */
};

/* dockerd's flags (Linux), from "dockerd --help" of Docker 1.13 to 27. */
static const struct flag_def flag_table[] = {
	{ "add-runtime", 0, FT_RUNTIME, "runtimes" },
	{ "allow-nondistributable-artifacts", 0, FT_LIST, NULL },
	{ "api-cors-header", 0, FT_STRING, NULL },
	{ "authorization-plugin", 0, FT_LIST, "authorization-plugins" },
	{ "bip", 0, FT_STRING, NULL },
	{ "bridge", 'b', FT_STRING, NULL },
	{ "cdi-spec-dir", 0, FT_LIST, "cdi-spec-dirs" },
	{ "cgroup-parent", 0, FT_STRING, NULL },
	{ "cluster-advertise", 0, FT_STRING, NULL },
	{ "cluster-store", 0, FT_STRING, NULL },
	{ "cluster-store-opt", 0, FT_MAP, "cluster-store-opts" },
	{ "config-file", 0, FT_STRING, NULL },
	{ "containerd", 0, FT_STRING, NULL },
	{ "containerd-namespace", 0, FT_STRING, NULL },
	{ "containerd-plugins-namespace", 0, FT_STRING, NULL },
	{ "cpu-rt-period", 0, FT_INT, NULL },
	{ "cpu-rt-runtime", 0, FT_INT, NULL },
	{ "cri-containerd", 0, FT_BOOL, NULL },
	{ "data-root", 0, FT_STRING, NULL },
	{ "debug", 'D', FT_BOOL, NULL },
	{ "default-address-pool", 0, FT_POOL, "default-address-pools" },
	{ "default-cgroupns-mode", 0, FT_STRING, NULL },
	{ "default-gateway", 0, FT_STRING, NULL },
	{ "default-gateway-v6", 0, FT_STRING, NULL },
	{ "default-ipc-mode", 0, FT_STRING, NULL },
	{ "default-network-opt", 0, FT_MAPMAP, "default-network-opts" },
	{ "default-runtime", 0, FT_STRING, NULL },
	{ "default-shm-size", 0, FT_STRING, NULL },
	{ "default-ulimit", 0, FT_ULIMIT, "default-ulimits" },
	{ "disable-legacy-registry", 0, FT_BOOL, NULL },
	{ "dns", 0, FT_LIST, NULL },
	{ "dns-opt", 0, FT_LIST, "dns-opts" },
	{ "dns-search", 0, FT_LIST, NULL },
	{ "exec-opt", 0, FT_LIST, "exec-opts" },
	{ "exec-root", 0, FT_STRING, NULL },
	{ "experimental", 0, FT_BOOL, NULL },
	{ "feature", 0, FT_FEATURE, "features" },
	{ "firewall-backend", 0, FT_STRING, NULL },
	{ "fixed-cidr", 0, FT_STRING, NULL },
	{ "fixed-cidr-v6", 0, FT_STRING, NULL },
	{ "graph", 'g', FT_STRING, NULL },
	{ "group", 'G', FT_STRING, NULL },
	{ "help", 'h', FT_BOOL, NULL },
	{ "host", 'H', FT_LIST, "hosts" },
	{ "host-gateway-ip", 0, FT_STRING, NULL },
	{ "http-proxy", 0, FT_STRING, NULL },
	{ "https-proxy", 0, FT_STRING, NULL },
	{ "icc", 0, FT_BOOL, NULL },
	{ "init", 0, FT_BOOL, NULL },
	{ "init-path", 0, FT_STRING, NULL },
	{ "insecure-registry", 0, FT_LIST, "insecure-registries" },
	{ "ip", 0, FT_STRING, NULL },
	{ "ip-forward", 0, FT_BOOL, NULL },
	{ "ip-forward-no-drop", 0, FT_BOOL, NULL },
	{ "ip-masq", 0, FT_BOOL, NULL },
	{ "ip6tables", 0, FT_BOOL, NULL },
	{ "iptables", 0, FT_BOOL, NULL },
	{ "ipv6", 0, FT_BOOL, NULL },
	{ "label", 0, FT_LIST, "labels" },
	{ "live-restore", 0, FT_BOOL, NULL },
	{ "log-driver", 0, FT_STRING, NULL },
	{ "log-format", 0, FT_STRING, NULL },
	{ "log-level", 'l', FT_STRING, NULL },
	{ "log-opt", 0, FT_MAP, "log-opts" },
	{ "max-concurrent-downloads", 0, FT_INT, NULL },
	{ "max-concurrent-uploads", 0, FT_INT, NULL },
	{ "max-download-attempts", 0, FT_INT, NULL },
	{ "metrics-addr", 0, FT_STRING, NULL },
	{ "mtu", 0, FT_INT, NULL },
	{ "network-control-plane-mtu", 0, FT_INT, NULL },
	{ "no-new-privileges", 0, FT_BOOL, NULL },
	{ "no-proxy", 0, FT_STRING, NULL },
	{ "node-generic-resource", 0, FT_LIST, "node-generic-resources" },
	{ "oom-score-adjust", 0, FT_INT, NULL },
	{ "pidfile", 'p', FT_STRING, NULL },
	{ "raw-logs", 0, FT_BOOL, NULL },
	{ "registry-mirror", 0, FT_LIST, "registry-mirrors" },
	{ "rootless", 0, FT_BOOL, NULL },
	{ "seccomp-profile", 0, FT_STRING, NULL },
	{ "selinux-enabled", 0, FT_BOOL, NULL },
	{ "shutdown-timeout", 0, FT_INT, NULL },
	{ "storage-driver", 's', FT_STRING, NULL },
	{ "storage-opt", 0, FT_LIST, "storage-opts" },
	{ "swarm-default-advertise-addr", 0, FT_STRING, NULL },
	{ "tls", 0, FT_BOOL, NULL },
	{ "tlscacert", 0, FT_STRING, NULL },
	{ "tlscert", 0, FT_STRING, NULL },
	{ "tlskey", 0, FT_STRING, NULL },
	{ "tlsverify", 0, FT_BOOL, NULL },
	{ "userland-proxy", 0, FT_BOOL, NULL },
	{ "userland-proxy-path", 0, FT_STRING, NULL },
	{ "userns-remap", 0, FT_STRING, NULL },
	{ "validate", 0, FT_BOOL, NULL },
	{ "version", 'v', FT_BOOL, NULL },
};

static const struct flag_def *flag_long(const char *name, size_t n)
{
	size_t i;
	for (i = 0; i < sizeof(flag_table) / sizeof(flag_table[0]); i++)
		if (strncmp(flag_table[i].name, name, n) == 0 && flag_table[i].name[n] == '\0')
			return &flag_table[i];
	return NULL;
}

static const struct flag_def *flag_short(char c)
{
	size_t i;
	for (i = 0; i < sizeof(flag_table) / sizeof(flag_table[0]); i++)
		if (flag_table[i].shorthand && flag_table[i].shorthand == c)
			return &flag_table[i];
	return NULL;
}

/* Go's strconv.ParseBool, which the flag library uses. */
static int parse_go_bool(const char *s, bool *out)
{
	static const char *const yes[] = { "1", "t", "T", "TRUE", "true", "True" };
	static const char *const no[] = { "0", "f", "F", "FALSE", "false", "False" };
	size_t i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (strcmp(s, yes[i]) == 0) {
			*out = true;
			return 0;
		}
		if (strcmp(s, no[i]) == 0) {
			*out = false;
			return 0;
		}
	}
	return -1;
}

/* A whole decimal int64 (sign allowed), as Go's strconv.ParseInt. */
static int parse_int64(const char *s, int64_t *out)
{
	long long v;
	char *end;

	if (!*s || (*s != '-' && *s != '+' && (*s < '0' || *s > '9')))
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end || end == s)
		return -1;
	*out = (int64_t)v;
	return 0;
}

/* A boolean when s is one, else the string (dockerd would refuse it). */
static struct json_object *bool_or_string(const char *s)
{
	bool b;
	if (parse_go_bool(s, &b) == 0)
		return da_jx(json_object_new_boolean(b));
	return da_jstr_utf8(s);
}

/* obj[key] as an object, created (replacing a non-object) when needed. */
static struct json_object *sub_object(struct json_object *obj, const char *key, size_t n)
{
	struct da_buf b = { 0 };
	struct json_object *sub = NULL;

	da_utf8_clean(&b, key, n, false);
	if (!json_object_object_get_ex(obj, b.data, &sub) ||
	    !json_object_is_type(sub, json_type_object)) {
		sub = da_jx(json_object_new_object());
		da_jset(obj, b.data, sub);
	}
	da_buf_release(&b);
	return sub;
}

static struct json_object *sub_array(struct json_object *obj, const char *key)
{
	struct json_object *sub = NULL;

	if (!json_object_object_get_ex(obj, key, &sub) ||
	    !json_object_is_type(sub, json_type_array)) {
		sub = da_jx(json_object_new_array());
		da_jset(obj, key, sub);
	}
	return sub;
}

/* "name=soft[:hard]" as go-units ParseUlimit reads it; false when malformed. */
static bool parse_ulimit(const char *v, struct json_object *into)
{
	const char *eq = strchr(v, '=');
	const char *colon;
	char *soft_s, *hard_s;
	int64_t soft, hard;
	bool ok;

	if (!eq || eq == v)
		return false;
	colon = strchr(eq + 1, ':');
	soft_s = colon ? strndup(eq + 1, (size_t)(colon - eq - 1)) : da_xstrdup(eq + 1);
	if (!soft_s)
		abort();
	hard_s = colon ? da_xstrdup(colon + 1) : NULL;
	ok = parse_int64(soft_s, &soft) == 0 && (!hard_s || parse_int64(hard_s, &hard) == 0);
	if (ok && !hard_s)
		hard = soft;
	if (ok) {
		struct json_object *u = da_jx(json_object_new_object());
		da_jset(u, "Name", da_jstrn_utf8(v, (size_t)(eq - v)));
		da_jset(u, "Hard", da_jx(json_object_new_int64(hard)));
		da_jset(u, "Soft", da_jx(json_object_new_int64(soft)));
		da_jsetn_utf8(into, v, (size_t)(eq - v), u);
	}
	free(soft_s);
	free(hard_s);
	return ok;
}

/* "base=10.0.0.0/8,size=24" into an object; the size as a number. */
static struct json_object *parse_pool(const char *v)
{
	struct json_object *o = da_jx(json_object_new_object());
	const char *p = v;

	while (*p) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		const char *eq = memchr(p, '=', n);

		if (eq && eq > p) {
			size_t kn = (size_t)(eq - p);
			char *val = strndup(eq + 1, n - kn - 1);
			int64_t num;

			if (!val)
				abort();
			if (kn == 4 && memcmp(p, "size", 4) == 0 && parse_int64(val, &num) == 0)
				da_jsetn_utf8(o, p, kn, da_jx(json_object_new_int64(num)));
			else
				da_jsetn_utf8(o, p, kn, da_jstr_utf8(val));
			free(val);
		}
		p += n;
		if (*p == ',')
			p++;
	}
	return o;
}

/* Records one flag occurrence with its value in out. */
static void flag_set(struct json_object *out, const struct flag_def *d, const char *v)
{
	const char *key = d->key ? d->key : d->name;
	const char *eq = strchr(v, '=');
	int64_t num;

	switch (d->type) {
	case FT_BOOL:
		da_jset(out, key, bool_or_string(v));
		break;
	case FT_STRING:
		da_jset(out, key, da_jstr_utf8(v));
		break;
	case FT_INT:
		if (parse_int64(v, &num) == 0)
			da_jset(out, key, da_jx(json_object_new_int64(num)));
		else
			da_jset(out, key, da_jstr_utf8(v));
		break;
	case FT_LIST:
		da_jpush(sub_array(out, key), da_jstr_utf8(v));
		break;
	case FT_MAP:
		if (eq)
			da_jsetn_utf8(sub_object(out, key, strlen(key)), v, (size_t)(eq - v), da_jstr_utf8(eq + 1));
		else
			da_jsetn_utf8(sub_object(out, key, strlen(key)), v, strlen(v), da_jstr_utf8(""));
		break;
	case FT_MAPMAP: {
		const char *eq2 = eq ? strchr(eq + 1, '=') : NULL;
		struct json_object *drv;

		if (!eq || eq == v)
			break;
		drv = sub_object(sub_object(out, key, strlen(key)), v, (size_t)(eq - v));
		if (eq2)
			da_jsetn_utf8(drv, eq + 1, (size_t)(eq2 - eq - 1), da_jstr_utf8(eq2 + 1));
		else
			da_jsetn_utf8(drv, eq + 1, strlen(eq + 1), da_jstr_utf8(""));
		break;
	}
	case FT_ULIMIT:
		/* a value dockerd could not parse is kept as given, by name */
		if (!parse_ulimit(v, sub_object(out, key, strlen(key))))
			da_jsetn_utf8(sub_object(out, key, strlen(key)), v,
			      eq ? (size_t)(eq - v) : strlen(v), da_jstr_utf8(v));
		break;
	case FT_RUNTIME: {
		struct json_object *rt;

		if (!eq || eq == v)
			break;
		rt = da_jx(json_object_new_object());
		da_jset(rt, "path", da_jstr_utf8(eq + 1));
		da_jsetn_utf8(sub_object(out, key, strlen(key)), v, (size_t)(eq - v), rt);
		break;
	}
	case FT_FEATURE:
		if (eq)
			da_jsetn_utf8(sub_object(out, key, strlen(key)), v, (size_t)(eq - v),
			      bool_or_string(eq + 1));
		else if (*v)
			da_jsetn_utf8(sub_object(out, key, strlen(key)), v, strlen(v),
			      da_jx(json_object_new_boolean(1)));
		break;
	case FT_POOL:
		da_jpush(sub_array(out, key), parse_pool(v));
		break;
	}
}

/* An unknown flag: kept under its own name, its value only when given with '='. */
static void flag_unknown(struct json_object *out, const char *name, size_t n, const char *v)
{
	if (n == 0)
		return;
	da_jsetn_utf8(out, name, n, v ? da_jstr_utf8(v) : da_jx(json_object_new_boolean(1)));
}

/*
 * The flag grammar of dockerd's flag library (spf13/pflag): "--name=v",
 * "--name v", "-xv", "-x v", "-x=v", bool shorthands grouped ("-Dl debug"),
 * a bool never takes the next argument, "--" ends the flags.  Arguments
 * that are not flags are ignored: dockerd accepts none.  When config_file
 * is not NULL, it receives the last --config-file value, borrowed from argv.
 */
struct json_object *hp_parse_args(int argc, const char *const *argv, const char **config_file)
{
	struct json_object *out = da_jx(json_object_new_object());
	int i;

	if (config_file)
		*config_file = NULL;
	if (!argv || argc <= 1)
		return out;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		const struct flag_def *d;

		if (!a || a[0] != '-' || a[1] == '\0')
			continue;
		if (a[1] == '-') {
			const char *name = a + 2, *eq, *v = NULL;
			size_t n;

			if (*name == '\0')
				break;
			if (*name == '-' || *name == '=')
				continue; /* "bad flag syntax" to the flag library */
			eq = strchr(name, '=');
			n = eq ? (size_t)(eq - name) : strlen(name);
			d = flag_long(name, n);
			if (!d) {
				flag_unknown(out, name, n, eq ? eq + 1 : NULL);
				continue;
			}
			if (eq)
				v = eq + 1;
			else if (d->type == FT_BOOL)
				v = "true";
			else if (i + 1 < argc && argv[i + 1])
				v = argv[++i];
			if (!v)
				continue;
			flag_set(out, d, v);
			if (config_file && d->type == FT_STRING && strcmp(d->name, "config-file") == 0)
				*config_file = v;
			continue;
		}
		/* a group of shorthands */
		for (const char *s = a + 1; *s; ) {
			const char *v = NULL;

			d = flag_short(*s);
			if (s[1] == '=') {
				v = s + 2;
			} else if (d && d->type == FT_BOOL) {
				flag_set(out, d, "true");
				s++;
				continue;
			} else if (!d) {
				flag_unknown(out, s, 1, NULL);
				s++;
				continue;
			} else if (s[1]) {
				v = s + 1;
			} else if (i + 1 < argc && argv[i + 1]) {
				v = argv[++i];
			}
			if (v && d)
				flag_set(out, d, v);
			else if (v)
				flag_unknown(out, s, 1, v);
			break;
		}
	}
	return out;
}

struct json_object *da_dockerd_parse_args(int argc, const char *const *argv)
{
	return hp_parse_args(argc, argv, NULL);
}

struct json_object *da_dockerd_effective(struct json_object *flags, struct json_object *file)
{
	struct json_object *eff;

	if (file && json_object_is_type(file, json_type_object))
		eff = da_jcopy(file);
	else
		eff = da_jx(json_object_new_object());
	if (!flags || !json_object_is_type(flags, json_type_object))
		return eff;

	json_object_object_foreach(flags, key, fval) {
		struct json_object *cur = NULL;

		if (!json_object_object_get_ex(eff, key, &cur) || !cur || !fval) {
			da_jset(eff, key, da_jcopy(fval));
			continue;
		}
		/* dockerd refuses a key set twice; show both rather than pick one */
		if (json_object_is_type(cur, json_type_array) &&
		    json_object_is_type(fval, json_type_array)) {
			size_t i, n = json_object_array_length(fval);
			for (i = 0; i < n; i++)
				da_jpush(cur, da_jcopy(json_object_array_get_idx(fval, i)));
		} else if (json_object_is_type(cur, json_type_object) &&
			   json_object_is_type(fval, json_type_object)) {
			json_object_object_foreach(fval, k2, v2)
				da_jset(cur, k2, da_jcopy(v2));
		} else {
			da_jset(eff, key, da_jcopy(fval));
		}
	}
	return eff;
}

/* ---------------------------------------------------------------------------
 * daemon.json
 */

static bool all_space(const char *s, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
			return false;
	return true;
}

/*
 * Reads and parses a daemon.json as dockerd does: an optional UTF-8 BOM,
 * an empty file means no settings, strict JSON otherwise, and the top
 * level must be an object.  Returns host.daemon_json.
 */
struct json_object *hp_read_daemon_json(const struct hp_ctx *c, const char *path)
{
	struct json_object *dj = da_jx(json_object_new_object());
	struct json_object *content = NULL, *error = NULL;
	struct da_buf raw = { 0 }, txt = { 0 };
	bool exists = true;
	int ret;

	ret = hp_read_host(c, path, HF_MAX_DAEMON_JSON, &raw);
	if (ret == -ENOENT || ret == -ENOTDIR) {
		exists = false;
	} else if (ret < 0) {
		error = da_jmsg("cannot read %s: %s", path, da_strerror(ret));
	} else if (ret > 0) {
		error = da_jmsg("cannot read %s: %s", path, da_strerror(DA_ERR_TOOBIG));
	} else {
		const char *s = raw.data;
		size_t n = raw.len;

		if (n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) {
			s += 3;
			n -= 3;
		}
		if (memchr(s, '\0', n)) {
			error = da_jmsg("cannot parse %s: it contains a NUL byte", path);
		} else if (all_space(s, n)) {
			content = da_jx(json_object_new_object());
		} else {
			struct json_tokener *tok = json_tokener_new_ex(HF_JSON_DEPTH);
			enum json_tokener_error jerr;
			size_t used;

			if (!tok)
				abort();
			/* Go reads bad UTF-8 as U+FFFD; so do we */
			da_utf8_clean(&txt, s, n, false);
#ifdef JSON_TOKENER_ALLOW_TRAILING_CHARS
			/* so that the check below can name trailing data as such */
			json_tokener_set_flags(tok, JSON_TOKENER_STRICT |
						    JSON_TOKENER_ALLOW_TRAILING_CHARS);
#else
			json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
#endif
			content = json_tokener_parse_ex(tok, txt.data, (int)txt.len + 1);
			jerr = json_tokener_get_error(tok);
			used = (size_t)tok->char_offset;
			if (!content || jerr != json_tokener_success) {
				error = da_jmsg("cannot parse %s: %s near offset %zu", path,
					     jerr == json_tokener_continue
						     ? "unexpected end of data"
						     : json_tokener_error_desc(jerr),
					     used);
				json_object_put(content);
				content = NULL;
			} else if (used < txt.len && !all_space(txt.data + used, txt.len - used)) {
				error = da_jmsg("cannot parse %s: trailing data at offset %zu", path, used);
				json_object_put(content);
				content = NULL;
			} else if (!json_object_is_type(content, json_type_object)) {
				error = da_jmsg("cannot use %s: the top level is not a JSON object", path);
				json_object_put(content);
				content = NULL;
			}
			json_tokener_free(tok);
		}
	}
	da_buf_release(&raw);
	da_buf_release(&txt);

	da_jset(dj, "path", da_jstr_utf8(path));
	da_jset(dj, "exists", da_jx(json_object_new_boolean(exists)));
	da_jset(dj, "error", error);
	da_jset(dj, "content", content);
	return dj;
}
