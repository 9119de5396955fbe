/*
 * Host facts: root.host of the probe tree (docs/probe.md), read with
 * system calls and /proc only.  Everything read here comes from the host
 * and is hostile: process names, command lines, daemon.json, /etc/group.
 * Sizes are capped, strings are made valid UTF-8 before they enter the
 * tree, and files under the host root are opened without leaving it.
 */
#include "config.h"

#include "hostfacts.h"
#include "hostroot.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/un.h>
#include <unistd.h>


/* Caps on what is read from the host. */
#define HF_MAX_CMDLINE   (1024 * 1024)
#define HF_MAX_ARGS      65536
#define HF_MAX_ENVIRON   (1024 * 1024)
#define HF_MAX_SMALL     4096
#define HF_MAX_DAEMON_JSON (4 * 1024 * 1024)
#define HF_MAX_GROUP     (16 * 1024 * 1024)
#define HF_MAX_MOUNTINFO (4 * 1024 * 1024)
#define HF_JSON_DEPTH    64

/* Errors of our own, next to the negative errno values. */
#define HF_ENOTREG 100001 /* not a regular file */
#define HF_ETOOBIG 100002 /* larger than the cap */

#define DEFAULT_DAEMON_JSON "/etc/docker/daemon.json"

struct hf_ctx {
	const char *root;   /* normalised host root: "/" or "/x/y" */
	struct da_root r;   /* every host file is read through it */
	const char *proc;   /* where /proc is */
	int proc_fd;        /* -1 when it cannot be opened */
	struct json_object *errors; /* host.errors, one line each */
	const char *socket; /* the unix socket audited (source.endpoint), or NULL */
};

/* ---------------------------------------------------------------------------
 * JSON helpers
 */

/* json-c reports exhaustion with NULL; treat it as da_xmalloc does. */
static struct json_object *jx(struct json_object *o)
{
	if (!o) {
		fputs("dockaudit: out of memory\n", stderr);
		abort();
	}
	return o;
}

static void jset(struct json_object *obj, const char *key, struct json_object *val)
{
	if (json_object_object_add(obj, key, val) != 0) {
		json_object_put(val);
		fputs("dockaudit: out of memory\n", stderr);
		abort();
	}
}

static void jpush(struct json_object *arr, struct json_object *val)
{
	if (json_object_array_add(arr, val) != 0) {
		json_object_put(val);
		fputs("dockaudit: out of memory\n", stderr);
		abort();
	}
}

static struct json_object *jcopy(struct json_object *src)
{
	struct json_object *dst = NULL;
	if (!src)
		return NULL;
	if (json_object_deep_copy(src, &dst, NULL) != 0 || !dst) {
		fputs("dockaudit: out of memory\n", stderr);
		abort();
	}
	return dst;
}

/* Length of the valid UTF-8 sequence at s (n bytes left), or 0. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	size_t len, i;
	uint32_t cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		cp = c & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

/*
 * Appends s[0..n) to out as valid UTF-8: each byte that starts no valid
 * sequence (and a NUL) becomes U+FFFD.  With one_line, control characters
 * become '?' so that the text stays on one line.
 */
static void utf8_clean(struct da_buf *out, const char *s, size_t n, bool one_line)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, k;

	while (i < n) {
		k = u[i] ? utf8_seq(u + i, n - i) : 0;
		if (k == 0) {
			da_buf_add(out, "\xef\xbf\xbd", 3);
			i++;
			continue;
		}
		if (one_line && k == 1 && (u[i] < 0x20 || u[i] == 0x7f))
			da_buf_addc(out, '?');
		else
			da_buf_add(out, u + i, k);
		i += k;
	}
	if (!out->data)
		da_buf_add(out, "", 0);
}

/* A JSON string of s[0..n), made valid UTF-8. */
static struct json_object *jstrn(const char *s, size_t n)
{
	struct da_buf b = { 0 };
	struct json_object *o;

	utf8_clean(&b, s, n, false);
	o = jx(json_object_new_string_len(b.data, (int)b.len));
	da_buf_release(&b);
	return o;
}

static struct json_object *jstr(const char *s)
{
	return s ? jstrn(s, strlen(s)) : NULL;
}

/* Sets obj[key[0..n)] = val, the key made valid UTF-8. */
static void jsetn(struct json_object *obj, const char *key, size_t n, struct json_object *val)
{
	struct da_buf b = { 0 };
	utf8_clean(&b, key, n, false);
	jset(obj, b.data, val);
	da_buf_release(&b);
}

/* Appends a one-line message to ctx->errors. */
static void DA_FMT(2, 3) hf_error(struct hf_ctx *c, const char *fmt, ...)
{
	struct da_buf b = { 0 };
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = da_xvasprintf(fmt, ap);
	va_end(ap);
	utf8_clean(&b, s, strlen(s), true);
	free(s);
	jpush(c->errors, jx(json_object_new_string(b.data)));
	da_buf_release(&b);
}

/* A one-line JSON string from a formatted message. */
static struct json_object *DA_FMT(1, 2) jmsg(const char *fmt, ...)
{
	struct da_buf b = { 0 };
	struct json_object *o;
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = da_xvasprintf(fmt, ap);
	va_end(ap);
	utf8_clean(&b, s, strlen(s), true);
	free(s);
	o = jx(json_object_new_string(b.data));
	da_buf_release(&b);
	return o;
}

/* strerror, lowercased, for our own codes too. */
static const char *hf_strerror(int err, char *buf, size_t n)
{
	if (err < 0)
		err = -err;
	if (err == HF_ENOTREG)
		return "not a regular file";
	if (err == HF_ETOOBIG)
		return "file too large";
	snprintf(buf, n, "%s", strerror(err));
	if (buf[0] >= 'A' && buf[0] <= 'Z' && !(buf[1] >= 'A' && buf[1] <= 'Z'))
		buf[0] = (char)(buf[0] - 'A' + 'a');
	return buf;
}

/* ---------------------------------------------------------------------------
 * Reading files
 */

/* Opens rel under dirfd for reading, or -errno. */
static int open_at(int dirfd, const char *rel)
{
	int fd = openat(dirfd, rel, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	return fd < 0 ? -errno : fd;
}

/*
 * Reads a host file inside the host root (hostroot.h): 0, 1 when longer
 * than max, or -errno; a file that is not regular gives -HF_ENOTREG.
 */
static int read_host(const struct hf_ctx *c, const char *path, size_t max, struct da_buf *out)
{
	int rc = da_root_read_file(&c->r, path, max, out);

	return rc == -DA_ROOT_ENOTREG ? -HF_ENOTREG : rc;
}

/* Reads <proc>/<rel>; see read_host for the return value. */
static int read_proc(const struct hf_ctx *c, const char *rel, size_t max, struct da_buf *out)
{
	int fd;

	if (c->proc_fd < 0)
		return -ENOENT;
	fd = open_at(c->proc_fd, rel);
	if (fd < 0)
		return fd;
	fd = da_read_fd(fd, max, out);
	return fd == -DA_ROOT_ENOTREG ? -HF_ENOTREG : fd;
}

/*
 * readlink of <proc>/<rel>, owned by the caller, or NULL with the errno
 * value in *err (EACCES for another user's process when not root).
 */
static char *readlink_proc(const struct hf_ctx *c, const char *rel, int *err)
{
	size_t cap = 256;
	char *buf;

	*err = ENOENT;
	if (c->proc_fd < 0)
		return NULL;
	for (;;) {
		ssize_t n;

		buf = da_xmalloc(cap);
		n = readlinkat(c->proc_fd, rel, buf, cap);
		if (n < 0) {
			*err = errno;
			free(buf);
			return NULL;
		}
		if ((size_t)n < cap) {
			buf[n] = '\0';
			return buf;
		}
		free(buf);
		if (cap >= 65536) {
			*err = ENAMETOOLONG;
			return NULL;
		}
		cap *= 4;
	}
}

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
		return jx(json_object_new_boolean(b));
	return jstr(s);
}

/* obj[key] as an object, created (replacing a non-object) when needed. */
static struct json_object *sub_object(struct json_object *obj, const char *key, size_t n)
{
	struct da_buf b = { 0 };
	struct json_object *sub = NULL;

	utf8_clean(&b, key, n, false);
	if (!json_object_object_get_ex(obj, b.data, &sub) ||
	    !json_object_is_type(sub, json_type_object)) {
		sub = jx(json_object_new_object());
		jset(obj, b.data, sub);
	}
	da_buf_release(&b);
	return sub;
}

static struct json_object *sub_array(struct json_object *obj, const char *key)
{
	struct json_object *sub = NULL;

	if (!json_object_object_get_ex(obj, key, &sub) ||
	    !json_object_is_type(sub, json_type_array)) {
		sub = jx(json_object_new_array());
		jset(obj, key, sub);
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
		struct json_object *u = jx(json_object_new_object());
		jset(u, "Name", jstrn(v, (size_t)(eq - v)));
		jset(u, "Hard", jx(json_object_new_int64(hard)));
		jset(u, "Soft", jx(json_object_new_int64(soft)));
		jsetn(into, v, (size_t)(eq - v), u);
	}
	free(soft_s);
	free(hard_s);
	return ok;
}

/* "base=10.0.0.0/8,size=24" into an object; the size as a number. */
static struct json_object *parse_pool(const char *v)
{
	struct json_object *o = jx(json_object_new_object());
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
				jsetn(o, p, kn, jx(json_object_new_int64(num)));
			else
				jsetn(o, p, kn, jstr(val));
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
		jset(out, key, bool_or_string(v));
		break;
	case FT_STRING:
		jset(out, key, jstr(v));
		break;
	case FT_INT:
		if (parse_int64(v, &num) == 0)
			jset(out, key, jx(json_object_new_int64(num)));
		else
			jset(out, key, jstr(v));
		break;
	case FT_LIST:
		jpush(sub_array(out, key), jstr(v));
		break;
	case FT_MAP:
		if (eq)
			jsetn(sub_object(out, key, strlen(key)), v, (size_t)(eq - v), jstr(eq + 1));
		else
			jsetn(sub_object(out, key, strlen(key)), v, strlen(v), jstr(""));
		break;
	case FT_MAPMAP: {
		const char *eq2 = eq ? strchr(eq + 1, '=') : NULL;
		struct json_object *drv;

		if (!eq || eq == v)
			break;
		drv = sub_object(sub_object(out, key, strlen(key)), v, (size_t)(eq - v));
		if (eq2)
			jsetn(drv, eq + 1, (size_t)(eq2 - eq - 1), jstr(eq2 + 1));
		else
			jsetn(drv, eq + 1, strlen(eq + 1), jstr(""));
		break;
	}
	case FT_ULIMIT:
		/* a value dockerd could not parse is kept as given, by name */
		if (!parse_ulimit(v, sub_object(out, key, strlen(key))))
			jsetn(sub_object(out, key, strlen(key)), v,
			      eq ? (size_t)(eq - v) : strlen(v), jstr(v));
		break;
	case FT_RUNTIME: {
		struct json_object *rt;

		if (!eq || eq == v)
			break;
		rt = jx(json_object_new_object());
		jset(rt, "path", jstr(eq + 1));
		jsetn(sub_object(out, key, strlen(key)), v, (size_t)(eq - v), rt);
		break;
	}
	case FT_FEATURE:
		if (eq)
			jsetn(sub_object(out, key, strlen(key)), v, (size_t)(eq - v),
			      bool_or_string(eq + 1));
		else if (*v)
			jsetn(sub_object(out, key, strlen(key)), v, strlen(v),
			      jx(json_object_new_boolean(1)));
		break;
	case FT_POOL:
		jpush(sub_array(out, key), parse_pool(v));
		break;
	}
}

/* An unknown flag: kept under its own name, its value only when given with '='. */
static void flag_unknown(struct json_object *out, const char *name, size_t n, const char *v)
{
	if (n == 0)
		return;
	jsetn(out, name, n, v ? jstr(v) : jx(json_object_new_boolean(1)));
}

/*
 * The flag grammar of dockerd's flag library (spf13/pflag): "--name=v",
 * "--name v", "-xv", "-x v", "-x=v", bool shorthands grouped ("-Dl debug"),
 * a bool never takes the next argument, "--" ends the flags.  Arguments
 * that are not flags are ignored: dockerd accepts none.  When config_file
 * is not NULL, it receives the last --config-file value, borrowed from argv.
 */
static struct json_object *parse_args(int argc, const char *const *argv, const char **config_file)
{
	struct json_object *out = jx(json_object_new_object());
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
	return parse_args(argc, argv, NULL);
}

struct json_object *da_dockerd_effective(struct json_object *flags, struct json_object *file)
{
	struct json_object *eff;

	if (file && json_object_is_type(file, json_type_object))
		eff = jcopy(file);
	else
		eff = jx(json_object_new_object());
	if (!flags || !json_object_is_type(flags, json_type_object))
		return eff;

	json_object_object_foreach(flags, key, fval) {
		struct json_object *cur = NULL;

		if (!json_object_object_get_ex(eff, key, &cur) || !cur || !fval) {
			jset(eff, key, jcopy(fval));
			continue;
		}
		/* dockerd refuses a key set twice; show both rather than pick one */
		if (json_object_is_type(cur, json_type_array) &&
		    json_object_is_type(fval, json_type_array)) {
			size_t i, n = json_object_array_length(fval);
			for (i = 0; i < n; i++)
				jpush(cur, jcopy(json_object_array_get_idx(fval, i)));
		} else if (json_object_is_type(cur, json_type_object) &&
			   json_object_is_type(fval, json_type_object)) {
			json_object_object_foreach(fval, k2, v2)
				jset(cur, k2, jcopy(v2));
		} else {
			jset(eff, key, jcopy(fval));
		}
	}
	return eff;
}

/* ---------------------------------------------------------------------------
 * Docker container ids in cgroup paths and mount tables
 */

static bool is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

/* True when s[0..n) starts with exactly 64 lowercase hex digits. */
static bool hex64_at(const char *s, size_t n)
{
	size_t i;

	if (n < 64)
		return false;
	for (i = 0; i < 64; i++)
		if (!is_hex(s[i]))
			return false;
	return n == 64 || !is_hex(s[64]);
}

/*
 * The last container id in a cgroup line: "/docker/<id>" (cgroupfs driver)
 * or "docker-<id>.scope" (systemd driver).  The last one, because nested
 * containers without a cgroup namespace show "/docker/<outer>/docker/<inner>".
 */
static bool id_in_cgroup_line(const char *s, size_t n, char id[65])
{
	bool found = false;
	size_t i;

	for (i = 0; i < n; i++) {
		const char *p = NULL;
		size_t left;

		if (n - i >= 8 && memcmp(s + i, "/docker/", 8) == 0) {
			p = s + i + 8;
			left = n - i - 8;
			if (!hex64_at(p, left) || (left > 64 && p[64] != '/'))
				p = NULL;
		} else if (n - i >= 7 && memcmp(s + i, "docker-", 7) == 0) {
			p = s + i + 7;
			left = n - i - 7;
			if (!hex64_at(p, left) || left < 70 || memcmp(p + 64, ".scope", 6) != 0)
				p = NULL;
		}
		if (p) {
			memcpy(id, p, 64);
			id[64] = '\0';
			found = true;
		}
	}
	return found;
}

static bool id_in_cgroup(const char *text, size_t len, char id[65])
{
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if (id_in_cgroup_line(p, n, id))
			return true;
		p += n + 1;
	}
	return false;
}

/*
 * In mountinfo, the files Docker bind-mounts into every container come from
 * <data-root>/containers/<id>/: "... /var/lib/docker/containers/<id>/hostname
 * /etc/hostname ...".  Field 4 is the mount's root, field 5 its mount point.
 */
static bool id_in_mountinfo(const char *text, size_t len, char id[65])
{
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		const char *f[5];
		size_t fl[5];
		const char *q = p, *lend = p + n;
		int k;

		for (k = 0; k < 5; k++) {
			while (q < lend && *q == ' ')
				q++;
			f[k] = q;
			while (q < lend && *q != ' ')
				q++;
			fl[k] = (size_t)(q - f[k]);
		}
		if (fl[4] == 13 && memcmp(f[4], "/etc/hostname", 13) == 0) {
			size_t i;
			for (i = 0; i + 12 <= fl[3]; i++) {
				if (memcmp(f[3] + i, "/containers/", 12) != 0)
					continue;
				if (hex64_at(f[3] + i + 12, fl[3] - i - 12) &&
				    fl[3] - i - 12 > 64 && f[3][i + 12 + 64] == '/') {
					memcpy(id, f[3] + i + 12, 64);
					id[64] = '\0';
					return true;
				}
			}
		}
		p += n + 1;
	}
	return false;
}

/* The id of the container the process of <proc>/<dir> runs in, if any. */
static bool container_of(const struct hf_ctx *c, const char *dir, bool use_mountinfo, char id[65])
{
	struct da_buf b = { 0 };
	char rel[64];
	bool found = false;

	snprintf(rel, sizeof(rel), "%s/cgroup", dir);
	if (read_proc(c, rel, HF_MAX_MOUNTINFO, &b) >= 0)
		found = id_in_cgroup(da_buf_str(&b), b.len, id);
	da_buf_release(&b);
	if (found || !use_mountinfo)
		return found;
	snprintf(rel, sizeof(rel), "%s/mountinfo", dir);
	if (read_proc(c, rel, HF_MAX_MOUNTINFO, &b) >= 0)
		found = id_in_mountinfo(da_buf_str(&b), b.len, id);
	da_buf_release(&b);
	return found;
}

/* ---------------------------------------------------------------------------
 * Finding dockerd
 */

struct proc_cand {
	long pid;
	unsigned long long start; /* clock ticks after boot, stat field 22 */
	bool in_container;
	bool serves;              /* listens on the socket being audited */
	bool names;               /* its command line names that socket (-H) */
	bool peer;                /* the socket's peer credentials name it */
	int root;                 /* data root vs DockerRootDir: 1, 0 unknown, -1 */
	int id;                   /* engine-id vs /info ID: 1, 0 unknown, -1 */
	bool pick;                /* consistent with every piece of evidence */
};

#define HF_MAX_CANDIDATES 64

/* "/var/run/x" and "/run/x" name the same file on every current distribution. */
static const char *run_path(const char *p)
{
	return strncmp(p, "/var/run/", 9) == 0 ? p + 4 : p;
}

/*
 * True when process pid holds a listening unix socket bound to c->socket:
 * the socket's inode from the process's own <pid>/net/unix (its network
 * namespace), then the same inode among its descriptors.  So with several
 * daemons on one host, the one behind DOCKER_HOST is described.
 */
static bool serves_socket(const struct hf_ctx *c, long pid)
{
	struct da_buf b = { 0 };
	unsigned long inodes[8];
	size_t n_inodes = 0, i;
	char rel[64];
	const char *line, *want;
	bool found = false;
	DIR *dir;
	int fd;

	if (!c->socket)
		return false;
	want = run_path(c->socket);
	snprintf(rel, sizeof(rel), "%ld/net/unix", pid);
	if (read_proc(c, rel, 8u << 20, &b) < 0) {
		da_buf_release(&b);
		return false;
	}
	/* "Num RefCount Protocol Flags Type St Inode Path" */
	for (line = b.data; line && *line && n_inodes < 8; ) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		const char *path = memchr(line, '/', len);
		unsigned long inode;
		if (path) {
			const char *p = run_path(path);
			size_t plen = len - (size_t)(p - line);
			if (plen == strlen(want) && strncmp(p, want, plen) == 0 &&
			    sscanf(line, "%*s %*s %*s %*s %*s %*s %lu", &inode) == 1)
				inodes[n_inodes++] = inode;
		}
		line = nl ? nl + 1 : NULL;
	}
	da_buf_release(&b);
	if (n_inodes == 0)
		return false;
	snprintf(rel, sizeof(rel), "%ld/fd", pid);
	fd = c->proc_fd < 0 ? -1 : openat(c->proc_fd, rel, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || !(dir = fdopendir(fd))) {
		if (fd >= 0)
			close(fd);
		return false;
	}
	for (struct dirent *de; !found && (de = readdir(dir)) != NULL; ) {
		char target[64];
		ssize_t len;
		unsigned long inode;
		if (de->d_name[0] == '.')
			continue;
		len = readlinkat(dirfd(dir), de->d_name, target, sizeof(target) - 1);
		if (len <= 0)
			continue;
		target[len] = '\0';
		if (sscanf(target, "socket:[%lu]", &inode) != 1)
			continue;
		for (i = 0; i < n_inodes; i++)
			if (inodes[i] == inode)
				found = true;
	}
	closedir(dir);
	return found;
}

/*
 * True when the command line of pid names c->socket as a host ("-H
 * unix:///run/x.sock", "--host=unix://...", "-Hunix://...").  Weaker than
 * serves_socket() (daemon.json or socket activation may add sockets), but
 * the command line stays readable without root, whereas the descriptors
 * of another user's process do not.
 */
static bool names_socket(const struct hf_ctx *c, long pid)
{
	struct da_buf b = { 0 };
	const char *want, *a, *end;
	char rel[64];
	bool found = false, next_is_host = false;

	if (!c->socket)
		return false;
	want = run_path(c->socket);
	snprintf(rel, sizeof(rel), "%ld/cmdline", pid);
	if (read_proc(c, rel, HF_MAX_CMDLINE, &b) < 0 || !b.data) {
		da_buf_release(&b);
		return false;
	}
	end = b.data + b.len;
	for (a = b.data; a < end && !found; a += strnlen(a, (size_t)(end - a)) + 1) {
		const char *v = NULL;

		if (next_is_host)
			v = a;
		else if (strncmp(a, "--host=", 7) == 0)
			v = a + 7;
		else if (strncmp(a, "-H", 2) == 0 && a[2])
			v = a[2] == '=' ? a + 3 : a + 2;
		next_is_host = strcmp(a, "-H") == 0 || strcmp(a, "--host") == 0;
		if (v && strncmp(v, "unix://", 7) == 0 && strcmp(run_path(v + 7), want) == 0)
			found = true;
	}
	da_buf_release(&b);
	return found;
}

/* True when <proc>/<pid> is a live dockerd; fills its start time. */
static bool is_dockerd(const struct hf_ctx *c, long pid, struct proc_cand *out)
{
	struct da_buf b = { 0 };
	char rel[64];
	bool match = false;
	const char *p;
	int field;

	snprintf(rel, sizeof(rel), "%ld/comm", pid);
	if (read_proc(c, rel, HF_MAX_SMALL, &b) >= 0)
		match = b.len >= 7 && strncmp(b.data, "dockerd", 7) == 0 &&
			(b.len == 7 || b.data[7] == '\n');
	da_buf_release(&b);
	if (!match) {
		/* comm may differ from argv[0] (exec through a renamed link) */
		snprintf(rel, sizeof(rel), "%ld/cmdline", pid);
		if (read_proc(c, rel, HF_MAX_SMALL, &b) >= 0 && b.len > 0) {
			const char *a0 = b.data, *slash = strrchr(a0, '/');
			match = strcmp(slash ? slash + 1 : a0, "dockerd") == 0;
		}
		da_buf_release(&b);
		if (!match)
			return false;
	}

	out->pid = pid;
	out->start = 0;
	snprintf(rel, sizeof(rel), "%ld/stat", pid);
	if (read_proc(c, rel, HF_MAX_SMALL, &b) < 0) {
		da_buf_release(&b);
		return false; /* vanished */
	}
	/* "pid (comm) S ppid ...": comm may hold spaces and ')' */
	p = b.len ? memrchr(b.data, ')', b.len) : NULL;
	if (p) {
		p++;
		for (field = 3; field <= 22 && *p; field++) {
			while (*p == ' ')
				p++;
			if (field == 3 && (*p == 'Z' || *p == 'X')) {
				da_buf_release(&b);
				return false; /* a zombie has no command line left */
			}
			if (field == 22) {
				char *end;
				unsigned long long v;

				errno = 0;
				v = strtoull(p, &end, 10);
				if (!errno && end != p)
					out->start = v;
				break;
			}
			while (*p && *p != ' ')
				p++;
		}
	}
	da_buf_release(&b);
	snprintf(rel, sizeof(rel), "%ld", pid);
	{
		char id[65];
		out->in_container = container_of(c, rel, false, id);
	}
	out->serves = serves_socket(c, pid);
	out->names = !out->serves && names_socket(c, pid);
	return true;
}

/* True when a should be chosen over b (no audited endpoint known only). */
static bool cand_better(const struct proc_cand *a, const struct proc_cand *b)
{
	/* a dockerd inside a container (docker-in-docker) is not the host's */
	if (a->in_container != b->in_container)
		return !a->in_container;
	if (a->start != b->start)
		return a->start > b->start;
	return a->pid > b->pid;
}

static int cand_cmp(const void *a, const void *b)
{
	long x = ((const struct proc_cand *)a)->pid, y = ((const struct proc_cand *)b)->pid;
	return x < y ? -1 : x > y;
}

/*
 * Every live dockerd, in *out (owned, *n of them, by pid).  Returns the number
 * seen, which may exceed HF_MAX_CANDIDATES (the rest are not kept).
 */
static size_t list_dockerds(struct hf_ctx *c, struct proc_cand **out, size_t *n)
{
	DIR *dir;
	struct dirent *de;
	size_t seen = 0;
	int fd;

	*out = NULL;
	*n = 0;
	if (c->proc_fd < 0)
		return 0;
	fd = dup(c->proc_fd);
	if (fd < 0 || !(dir = fdopendir(fd))) {
		char eb[128];
		int err = errno;

		if (fd >= 0)
			close(fd);
		hf_error(c, "cannot list %s: %s", c->proc, hf_strerror(err, eb, sizeof(eb)));
		return 0;
	}
	/* the duplicate shares the offset of c->proc_fd: start from the top */
	rewinddir(dir);
	while ((de = readdir(dir))) {
		const char *s = de->d_name;
		struct proc_cand cand;
		char *end;
		long pid;

		if (*s < '1' || *s > '9' || strlen(s) > 10)
			continue;
		errno = 0;
		pid = strtol(s, &end, 10);
		if (errno || *end || pid <= 0 || pid > INT_MAX)
			continue;
		memset(&cand, 0, sizeof(cand));
		if (!is_dockerd(c, pid, &cand))
			continue;
		seen++;
		if (*n == HF_MAX_CANDIDATES)
			continue;
		*out = da_xrealloc(*out, (*n + 1) * sizeof(**out));
		(*out)[(*n)++] = cand;
	}
	closedir(dir);
	if (*n > 1)
		qsort(*out, *n, sizeof(**out), cand_cmp);
	return seen;
}

/*
 * The pid of the process that created the listening socket c->socket
 * (SO_PEERCRED of a connection to it), or 0.  That is the dockerd for a
 * socket it listens on itself, systemd for socket activation, the proxy
 * for a socket proxy.  Only with the real /proc: a fake one has other pids.
 */
static long socket_peer_pid(const struct hf_ctx *c)
{
	struct sockaddr_un sa;
	struct ucred cred;
	socklen_t len = sizeof(cred);
	long pid = 0;
	int fd;

	if (!c->socket || strcmp(c->proc, "/proc") != 0 ||
	    strlen(c->socket) >= sizeof(sa.sun_path))
		return 0;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return 0;
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path, c->socket, strlen(c->socket));
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0 &&
	    getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) == 0 && cred.pid > 0)
		pid = cred.pid;
	close(fd);
	return pid;
}

/* "/a/b/" -> "/a/b"; owned by the caller. */
static char *trim_slashes(const char *p)
{
	size_t n = strlen(p);

	char *r;

	while (n > 1 && p[n - 1] == '/')
		n--;
	r = da_xmalloc(n + 1);
	memcpy(r, p, n);
	r[n] = '\0';
	return r;
}

/*
 * Compares a dockerd's data root (from its effective configuration) with
 * the DockerRootDir the audited daemon reports: 1 the same directory, -1
 * another one, 0 cannot tell (no /info, a rootless dockerd without
 * data-root, a relative path).
 */
static int root_match(const struct hf_ctx *c, struct json_object *eff, bool rootless,
		      const char *info_root)
{
	struct json_object *v = NULL;
	const char *dr = NULL;
	char *a, *b, *real = NULL;
	int ret;

	if (!info_root || info_root[0] != '/')
		return 0;
	if ((json_object_object_get_ex(eff, "data-root", &v) ||
	     json_object_object_get_ex(eff, "graph", &v)) &&
	    json_object_is_type(v, json_type_string))
		dr = json_object_get_string(v);
	if (!dr) {
		if (rootless)
			return 0;
		dr = "/var/lib/docker";
	}
	if (dr[0] != '/')
		return 0;
	a = trim_slashes(dr);
	b = trim_slashes(info_root);
	ret = strcmp(a, b) == 0 ? 1 : -1;
	/* dockerd reports its root with symlinks resolved */
	if (ret < 0 && strcmp(c->root, "/") == 0 && (real = realpath(a, NULL)) != NULL)
		ret = strcmp(real, b) == 0 ? 1 : -1;
	free(real);
	free(a);
	free(b);
	return ret;
}

/*
 * Compares <data root>/engine-id (Docker 25 and later keep the daemon's
 * ID there) with the ID the audited daemon reports: 1 equal, -1 not, 0
 * cannot tell.
 */
static int engine_id_match(const struct hf_ctx *c, struct json_object *eff,
			   const char *info_id)
{
	struct json_object *v = NULL;
	struct da_buf b = { 0 };
	char *path;
	int ret = 0;
	size_t n;

	if (!info_id || !*info_id ||
	    !json_object_object_get_ex(eff, "data-root", &v) ||
	    !json_object_is_type(v, json_type_string) || json_object_get_string(v)[0] != '/')
		path = da_xstrdup("/var/lib/docker/engine-id");
	else
		path = da_xasprintf("%s/engine-id", json_object_get_string(v));
	if (info_id && *info_id && read_host(c, path, HF_MAX_SMALL, &b) == 0 && b.len) {
		n = b.len;
		while (n && (b.data[n - 1] == '\n' || b.data[n - 1] == ' '))
			n--;
		ret = n == strlen(info_id) && memcmp(b.data, info_id, n) == 0 ? 1 : -1;
	}
	da_buf_release(&b);
	free(path);
	return ret;
}

static struct json_object *read_daemon_json(const struct hf_ctx *c, const char *path);
static struct json_object *describe_dockerd(struct hf_ctx *c, long pid, char **config_path,
					   char **config_why);

/* A dockerd fully described: host.dockerd, its daemon.json, its effective config. */
struct described {
	struct json_object *dockerd, *dj, *eff;
	char *config_path;
};

static void describe_full(struct hf_ctx *c, long pid, struct described *d)
{
	struct json_object *content = NULL, *flags = NULL, *err = NULL, *ex = NULL;
	char *why = NULL;

	memset(d, 0, sizeof(*d));
	d->dockerd = describe_dockerd(c, pid, &d->config_path, &why);
	if (why) {
		/* the file is unknown: reading a guess could mislead section 2 */
		d->dj = jx(json_object_new_object());
		jset(d->dj, "path", jstr(d->config_path));
		jset(d->dj, "exists", jx(json_object_new_boolean(0)));
		jset(d->dj, "error", jmsg("%s", why));
		jset(d->dj, "content", NULL);
	} else {
		d->dj = read_daemon_json(c, d->config_path);
	}
	free(why);
	json_object_object_get_ex(d->dj, "content", &content);
	json_object_object_get_ex(d->dj, "error", &err);
	json_object_object_get_ex(d->dj, "exists", &ex);
	json_object_object_get_ex(d->dockerd, "flags", &flags);
	jset(d->dockerd, "config_file", jstr(d->config_path));
	jset(d->dockerd, "config_file_exists", jcopy(ex));
	jset(d->dockerd, "config_file_error", jcopy(err));
	jset(d->dockerd, "config", jcopy(content));
	d->eff = da_dockerd_effective(flags, content);
	jset(d->dockerd, "effective", json_object_get(d->eff));
}

static void described_release(struct described *d)
{
	json_object_put(d->dockerd);
	json_object_put(d->dj);
	json_object_put(d->eff);
	free(d->config_path);
	memset(d, 0, sizeof(*d));
}

/* The candidates' pids as "12, 34" into b. */
static void add_pids(struct da_buf *b, const struct proc_cand *v, size_t n, bool only_ok)
{
	size_t i;
	bool first = true;

	for (i = 0; i < n; i++) {
		if (only_ok && !v[i].pick)
			continue;
		da_buf_addf(b, "%s%ld", first ? "" : ", ", v[i].pid);
		first = false;
	}
	if (first)
		da_buf_adds(b, "none");
}

/*
 * Which dockerd serves the audited daemon, by evidence only (docs/
 * daemon-config.md): the socket's inode among its descriptors, the
 * socket's peer credentials, its -H flags, its engine-id, and its data
 * root against /info's DockerRootDir.  Fills host.dockerd_match and
 * returns the index chosen, or -1 with *why (owned) when the evidence does
 * not single out one process.
 */
static long choose_dockerd(struct hf_ctx *c, struct json_object *root, struct proc_cand *v,
			   size_t n, struct described *desc, struct json_object *match,
			   char **why)
{
	const char *info_root = NULL, *info_id = NULL;
	long peer = socket_peer_pid(c), chosen = -1;
	size_t i, k;
	bool any_strong = false, any_names = false;
	const char *by = NULL;
	struct json_object *ev = jx(json_object_new_array());

	{
		struct json_object *eng = NULL, *info = NULL, *x = NULL;
		if (json_object_object_get_ex(root, "engine", &eng) &&
		    json_object_object_get_ex(eng, "info", &info)) {
			if (json_object_object_get_ex(info, "DockerRootDir", &x) &&
			    json_object_is_type(x, json_type_string))
				info_root = json_object_get_string(x);
			if (json_object_object_get_ex(info, "ID", &x) &&
			    json_object_is_type(x, json_type_string))
				info_id = json_object_get_string(x);
		}
	}
	*why = NULL;
	for (i = 0; i < n; i++) {
		bool rootless = false;
		struct json_object *rl = NULL, *e = jx(json_object_new_object());

		describe_full(c, v[i].pid, &desc[i]);
		if (json_object_object_get_ex(desc[i].dockerd, "rootless", &rl))
			rootless = json_object_get_boolean(rl);
		v[i].peer = peer > 0 && peer == v[i].pid;
		v[i].root = root_match(c, desc[i].eff, rootless, info_root);
		v[i].id = engine_id_match(c, desc[i].eff, info_id);
		any_strong |= v[i].serves || v[i].peer || v[i].id > 0;
		any_names |= v[i].names;
		jset(e, "pid", jx(json_object_new_int64(v[i].pid)));
		jset(e, "socket_inode", jx(json_object_new_boolean(v[i].serves)));
		jset(e, "peer_credentials", jx(json_object_new_boolean(v[i].peer)));
		jset(e, "names_socket", jx(json_object_new_boolean(v[i].names)));
		jset(e, "data_root", v[i].root ? jx(json_object_new_boolean(v[i].root > 0)) : NULL);
		jset(e, "engine_id", v[i].id ? jx(json_object_new_boolean(v[i].id > 0)) : NULL);
		jpush(ev, e);
	}
	/* the strongest kind of evidence anyone has decides; every candidate
	   must also agree with what the daemon says about itself */
	for (i = 0, k = 0; i < n; i++) {
		bool positive = any_strong ? (v[i].serves || v[i].peer || v[i].id > 0)
			      : any_names ? v[i].names : true;
		v[i].pick = positive && v[i].root >= 0 && v[i].id >= 0;
		if (v[i].pick) {
			k++;
			chosen = (long)i;
		}
	}
	if (k == 1) {
		const struct proc_cand *w = &v[chosen];
		by = w->serves ? "socket inode" : w->peer ? "peer credentials"
		   : w->id > 0 ? "engine-id" : w->names ? "command line"
		   : w->root > 0 ? "data root" : "only dockerd";
	} else {
		struct da_buf b = { 0 };

		da_buf_addf(&b, "cannot tell which dockerd serves %s (candidates: pids ",
			    c->socket ? c->socket : "the audited daemon");
		add_pids(&b, v, n, k > 0);
		da_buf_adds(&b, ")");
		*why = da_buf_steal(&b);
		chosen = -1;
	}
	jset(match, "by", by ? jstr(by) : NULL);
	jset(match, "evidence", ev);
	return chosen;
}

/* The value of name in a NUL-separated environment block, or NULL. */
static const char *env_get(const char *env, size_t len, const char *name)
{
	size_t nl = strlen(name), i = 0;

	while (i < len) {
		const char *e = env + i;
		size_t el = strnlen(e, len - i);

		if (el > nl && memcmp(e, name, nl) == 0 && e[nl] == '=')
			return e + nl + 1;
		i += el + 1;
	}
	return NULL;
}

/*
 * The default daemon.json of a dockerd: rootless dockerd (run under
 * RootlessKit) reads $XDG_CONFIG_HOME/docker/daemon.json, else
 * $HOME/.config/docker/daemon.json.  Owned by the caller.
 */
static char *default_config(const struct hf_ctx *c, long pid, bool *rootless, char **why)
{
	struct da_buf b = { 0 };
	char rel[64], eb[128];
	char *path = NULL;
	int ret;

	*rootless = false;
	snprintf(rel, sizeof(rel), "%ld/environ", pid);
	ret = read_proc(c, rel, HF_MAX_ENVIRON, &b);
	if (ret == -EACCES || ret == -EPERM) {
		struct stat st;

		/* Without root another user's environment is hidden.  A dockerd
		   owned by root is not rootless; any other may be, and then its
		   daemon.json is in its home, which cannot be told from here. */
		snprintf(rel, sizeof(rel), "%ld", pid);
		if (fstatat(c->proc_fd, rel, &st, 0) != 0 || st.st_uid != 0)
			*why = da_xasprintf("cannot tell where dockerd (pid %ld, not owned by "
					    "root) reads daemon.json: cannot read %s/%ld/environ: "
					    "%s", pid, c->proc, pid, hf_strerror(ret, eb, sizeof(eb)));
	}
	if (ret >= 0 && b.len) {
		const char *kit = env_get(b.data, b.len, "ROOTLESSKIT_STATE_DIR");
		const char *xdg = env_get(b.data, b.len, "XDG_CONFIG_HOME");
		const char *home = env_get(b.data, b.len, "HOME");

		if (kit && *kit) {
			*rootless = true;
			if (xdg && xdg[0] == '/')
				path = da_xasprintf("%s/docker/daemon.json", xdg);
			else if (home && home[0] == '/')
				path = da_xasprintf("%s/.config/docker/daemon.json", home);
		}
	}
	da_buf_release(&b);
	return path ? path : da_xstrdup(DEFAULT_DAEMON_JSON);
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
static struct json_object *read_daemon_json(const struct hf_ctx *c, const char *path)
{
	struct json_object *dj = jx(json_object_new_object());
	struct json_object *content = NULL, *error = NULL;
	struct da_buf raw = { 0 }, txt = { 0 };
	char eb[128];
	bool exists = true;
	int ret;

	ret = read_host(c, path, HF_MAX_DAEMON_JSON, &raw);
	if (ret == -ENOENT || ret == -ENOTDIR) {
		exists = false;
	} else if (ret < 0) {
		error = jmsg("cannot read %s: %s", path, hf_strerror(ret, eb, sizeof(eb)));
	} else if (ret > 0) {
		error = jmsg("cannot read %s: %s", path, hf_strerror(HF_ETOOBIG, eb, sizeof(eb)));
	} else {
		const char *s = raw.data;
		size_t n = raw.len;

		if (n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) {
			s += 3;
			n -= 3;
		}
		if (memchr(s, '\0', n)) {
			error = jmsg("cannot parse %s: it contains a NUL byte", path);
		} else if (all_space(s, n)) {
			content = jx(json_object_new_object());
		} else {
			struct json_tokener *tok = json_tokener_new_ex(HF_JSON_DEPTH);
			enum json_tokener_error jerr;
			size_t used;

			if (!tok)
				abort();
			/* Go reads bad UTF-8 as U+FFFD; so do we */
			utf8_clean(&txt, s, n, false);
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
				error = jmsg("cannot parse %s: %s near offset %zu", path,
					     jerr == json_tokener_continue
						     ? "unexpected end of data"
						     : json_tokener_error_desc(jerr),
					     used);
				json_object_put(content);
				content = NULL;
			} else if (used < txt.len && !all_space(txt.data + used, txt.len - used)) {
				error = jmsg("cannot parse %s: trailing data at offset %zu", path, used);
				json_object_put(content);
				content = NULL;
			} else if (!json_object_is_type(content, json_type_object)) {
				error = jmsg("cannot use %s: the top level is not a JSON object", path);
				json_object_put(content);
				content = NULL;
			}
			json_tokener_free(tok);
		}
	}
	da_buf_release(&raw);
	da_buf_release(&txt);

	jset(dj, "path", jstr(path));
	jset(dj, "exists", jx(json_object_new_boolean(exists)));
	jset(dj, "error", error);
	jset(dj, "content", content);
	return dj;
}

/* ---------------------------------------------------------------------------
 * The dockerd object
 */

/* Splits a NUL-separated command line into a JSON array (capped). */
static struct json_object *split_cmdline(const char *s, size_t len, bool *truncated,
					 int *argc, char ***argv)
{
	struct json_object *arr = jx(json_object_new_array());
	size_t i = 0;
	int n = 0, cap = 0;

	*argv = NULL;
	while (i < len) {
		size_t l = strnlen(s + i, len - i);

		if (n >= HF_MAX_ARGS) {
			*truncated = true;
			break;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			*argv = da_xrealloc(*argv, (size_t)cap * sizeof(**argv));
		}
		/* the last argument may lack its NUL (a process that rewrote it) */
		(*argv)[n] = strndup(s + i, l);
		if (!(*argv)[n])
			abort();
		jpush(arr, jstrn(s + i, l));
		n++;
		i += l + 1;
	}
	*argc = n;
	return arr;
}

/*
 * Joins a relative config path to dockerd's working directory.  When that
 * directory cannot be read (another user's process, without root), *why
 * says so (owned) and the path is a guess.
 */
static char *absolute_config(const struct hf_ctx *c, long pid, const char *p, char **why)
{
	char rel[64], eb[128];
	char *cwd, *abs;
	int err;

	if (p[0] == '/')
		return da_xstrdup(p);
	snprintf(rel, sizeof(rel), "%ld/cwd", pid);
	cwd = readlink_proc(c, rel, &err);
	if (!cwd && (err == EACCES || err == EPERM))
		*why = da_xasprintf("cannot resolve the relative --config-file %s: cannot read "
				    "%s/%s: %s", p, c->proc, rel, hf_strerror(err, eb, sizeof(eb)));
	if (!cwd || cwd[0] != '/') {
		free(cwd);
		return da_xasprintf("/%s", p);
	}
	abs = da_xasprintf("%s%s%s", cwd, cwd[strlen(cwd) - 1] == '/' ? "" : "/", p);
	free(cwd);
	return abs;
}

/*
 * Builds host.dockerd for pid, and returns in *config_path the config file
 * it reads (owned by the caller); when that path could not be worked out
 * for lack of privilege, *config_why says why (owned, else left NULL).
 */
static struct json_object *describe_dockerd(struct hf_ctx *c, long pid, char **config_path,
					   char **config_why)
{
	struct json_object *d = jx(json_object_new_object());
	struct json_object *arr, *flags;
	struct da_buf b = { 0 };
	char rel[64], eb[128];
	char **argv = NULL, *exe;
	const char *cfgflag = NULL;
	bool truncated = false, rootless = false;
	int argc = 0, ret, i;

	jset(d, "pid", jx(json_object_new_int64(pid)));
	snprintf(rel, sizeof(rel), "%ld/exe", pid);
	exe = readlink_proc(c, rel, &ret);
	jset(d, "exe", exe ? jstr(exe) : NULL);
	/* EACCES when not root: section 1.1.3 then says it needs root */
	jset(d, "exe_error", exe ? NULL : jmsg("cannot read %s/%s: %s", c->proc, rel,
					       hf_strerror(ret, eb, sizeof(eb))));
	free(exe);

	snprintf(rel, sizeof(rel), "%ld/cmdline", pid);
	ret = read_proc(c, rel, HF_MAX_CMDLINE, &b);
	if (ret > 0)
		truncated = true;
	if (ret < 0) {
		arr = jx(json_object_new_array());
		jset(d, "argv", arr);
		jset(d, "argv_error", jmsg("cannot read %s/%s: %s", c->proc, rel,
					   hf_strerror(ret, eb, sizeof(eb))));
	} else {
		arr = split_cmdline(da_buf_str(&b), b.len, &truncated, &argc, &argv);
		jset(d, "argv", arr);
		jset(d, "argv_error",
		     b.len == 0 ? jmsg("cannot read arguments from %s/%s: the file is empty",
				       c->proc, rel)
				: NULL);
	}
	da_buf_release(&b);
	jset(d, "argv_truncated", jx(json_object_new_boolean(truncated)));

	flags = parse_args(argc, (const char *const *)argv, &cfgflag);
	jset(d, "flags", flags);
	if (cfgflag && *cfgflag) {
		char *ignored = NULL;

		*config_path = absolute_config(c, pid, cfgflag, config_why);
		free(default_config(c, pid, &rootless, &ignored));
		free(ignored);
	} else {
		*config_path = default_config(c, pid, &rootless, config_why);
	}
	jset(d, "rootless", jx(json_object_new_boolean(rootless)));
	for (i = 0; i < argc; i++)
		free(argv[i]);
	free(argv);
	return d;
}

/* ---------------------------------------------------------------------------
 * The docker group
 */

static struct json_object *group_json(unsigned long gid, struct json_object *members)
{
	struct json_object *g = jx(json_object_new_object());
	jset(g, "gid", jx(json_object_new_int64((int64_t)gid)));
	jset(g, "members", members);
	return g;
}

/* getgrnam_r("docker") through NSS (files, LDAP, sssd ...). */
static struct json_object *docker_group_nss(struct hf_ctx *c)
{
	struct group gr, *res = NULL;
	size_t cap = 4096;
	char *buf = NULL;
	int ret;

	for (;;) {
		buf = da_xrealloc(buf, cap);
		ret = getgrnam_r("docker", &gr, buf, cap, &res);
		if (ret != ERANGE || cap >= HF_MAX_GROUP)
			break;
		cap *= 4;
	}
	if (ret != 0 && ret != ENOENT && ret != ESRCH) {
		hf_error(c, "cannot look up group docker: %s", strerror(ret));
		res = NULL;
	}
	if (res) {
		struct json_object *m = jx(json_object_new_array());
		char **p;

		for (p = gr.gr_mem; p && *p; p++)
			jpush(m, jstr(*p));
		free(buf);
		return group_json((unsigned long)gr.gr_gid, m);
	}
	free(buf);
	return NULL;
}

/*
 * The docker line of <root>/etc/group: "name:password:gid:member,member".
 * The first well-formed line wins, as in NSS's files module.
 */
static struct json_object *docker_group_file(struct hf_ctx *c)
{
	struct json_object *g = NULL;
	struct da_buf b = { 0 };
	char eb[128];
	int ret;

	ret = read_host(c, "/etc/group", HF_MAX_GROUP, &b);
	if (ret < 0 && ret != -ENOENT) {
		hf_error(c, "cannot read %s/etc/group: %s", c->root,
			 hf_strerror(ret, eb, sizeof(eb)));
	} else if (ret > 0) {
		hf_error(c, "cannot read %s/etc/group: %s", c->root,
			 hf_strerror(HF_ETOOBIG, eb, sizeof(eb)));
	}
	if (ret != 0) {
		da_buf_release(&b);
		return NULL;
	}
	{
		/* the parser every reader of /etc/group shares (hostroot.h) */
		struct da_idmap m = { 0 };
		const struct da_identry *e;

		da_idmap_parse(&m, b.data, b.len);
		e = da_idmap_by_name(&m, "docker");
		if (e) {
			struct json_object *members = jx(json_object_new_array());
			const char *p = e->members, *name;
			size_t len;

			while ((p = da_group_next_member(p, &name, &len)) != NULL)
				jpush(members, jstrn(name, len));
			g = group_json(e->id, members);
		}
		da_idmap_release(&m);
	}
	da_buf_release(&b);
	return g;
}

/* ---------------------------------------------------------------------------
 * root.host
 */

static struct json_object *env_json(void)
{
	static const char *const names[] = { "DOCKER_CONTENT_TRUST", "DOCKER_HOST" };
	struct json_object *env = jx(json_object_new_object());
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const char *v = getenv(names[i]);
		jset(env, names[i], v ? jstr(v) : NULL);
	}
	return env;
}

/* "/", or the root without trailing slashes; owned by the caller. */
static char *normalise_root(const char *r)
{
	size_t n;

	if (!r || !*r)
		return da_xstrdup("/");
	n = strlen(r);
	while (n > 1 && r[n - 1] == '/')
		n--;
	if (n == 1 && r[0] == '/')
		return da_xstrdup("/");
	{
		char *s = da_xmalloc(n + 1);
		memcpy(s, r, n);
		s[n] = '\0';
		return s;
	}
}

static struct json_object *self_container_json(const struct hf_ctx *c)
{
	char id[65];
	return container_of(c, "self", true, id) ? jx(json_object_new_string(id)) : NULL;
}

/* The reason recorded for a remote daemon. */
static struct json_object *remote_reason(struct json_object *root)
{
	struct json_object *src = NULL, *ep = NULL;
	const char *endpoint = NULL;

	if (json_object_object_get_ex(root, "source", &src) &&
	    json_object_object_get_ex(src, "endpoint", &ep) &&
	    json_object_is_type(ep, json_type_string))
		endpoint = json_object_get_string(ep);
	if (!endpoint || !*endpoint)
		endpoint = getenv("DOCKER_HOST");
	if (endpoint && strncmp(endpoint, "ssh://", 6) == 0) {
		/* the host of ssh://[user@]host[:port] (IPv6 in brackets) */
		const char *h = endpoint + 6, *at = strrchr(h, '@');
		size_t n;

		if (at)
			h = at + 1;
		n = *h == '[' ? strcspn(h, "]") + (strchr(h, ']') ? 1 : 0) : strcspn(h, ":/");
		return jmsg("the daemon is reached over ssh (%s); host facts are not read: "
			    "host checks need dockaudit on %.*s", endpoint, (int)n, h);
	}
	if (endpoint && *endpoint)
		return jmsg("the daemon is remote (%s); host facts are not read", endpoint);
	return jmsg("the daemon is remote; host facts are not read");
}

int da_hostfacts_probe(const struct da_hostfacts_config *cfg, struct json_object *root)
{
	return da_hostfacts_probe_pid(cfg, 0, root);
}

int da_hostfacts_probe_pid(const struct da_hostfacts_config *cfg, long daemon_pid,
			   struct json_object *root)
{
	struct hf_ctx c;
	struct json_object *host, *dockerd = NULL, *dj = NULL, *eff = NULL, *groups;
	struct json_object *match = NULL;
	struct proc_cand best = { 0 }, *cands = NULL;
	struct described pick = { 0 };
	char *rootdir;
	bool remote = cfg && cfg->remote;
	char eb[128];
	size_t n = 0, seen, i;
	int proc_err, ret = DA_OK;

	if (!root || !json_object_is_type(root, json_type_object))
		return DA_ERR_INVALID;

	rootdir = normalise_root(cfg ? cfg->host_root : NULL);
	memset(&c, 0, sizeof(c));
	c.root = rootdir;
	c.r.fd = -1;
	c.proc = cfg && cfg->proc_root && *cfg->proc_root ? cfg->proc_root : "/proc";
	c.proc_fd = open(c.proc, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	proc_err = c.proc_fd < 0 ? errno : 0;
	c.errors = jx(json_object_new_array());
	{
		const char *ep = NULL;
		struct json_object *src = NULL, *v = NULL;
		if (json_object_object_get_ex(root, "source", &src) &&
		    json_object_object_get_ex(src, "endpoint", &v) &&
		    json_object_is_type(v, json_type_string))
			ep = json_object_get_string(v);
		if (ep && strncmp(ep, "unix://", 7) == 0 && ep[7] == '/')
			c.socket = ep + 7;
	}

	host = jx(json_object_new_object());
	jset(host, "available", jx(json_object_new_boolean(!remote)));
	jset(host, "reason", remote ? remote_reason(root) : NULL);
	jset(host, "root", jstr(rootdir));
	jset(host, "self_container", self_container_json(&c));
	jset(host, "env", env_json());
	/* without root some facts are unreadable; each says so in its own
	   error, and reports note that the probe ran unprivileged */
	jset(host, "privileged", jx(json_object_new_boolean(geteuid() == 0)));
	jset(host, "uid", jx(json_object_new_int64((int64_t)geteuid())));

	if (remote) {
		jset(host, "dockerd_running", jx(json_object_new_boolean(0)));
		jset(host, "dockerd", NULL);
		jset(host, "daemon_json", NULL);
		jset(host, "effective", NULL);
		jset(host, "groups", jx(json_object_new_object()));
		goto done;
	}

	if (c.proc_fd < 0)
		hf_error(&c, "cannot open %s: %s", c.proc, hf_strerror(proc_err, eb, sizeof(eb)));
	if (da_root_init(&c.r, rootdir) != 0) {
		/* nothing may then be read from the scanner's own root */
		hf_error(&c, "cannot open host root %s: %s", rootdir,
			 hf_strerror(c.r.err, eb, sizeof(eb)));
	}

	seen = list_dockerds(&c, &cands, &n);
	match = jx(json_object_new_object());
	{
		struct json_object *pids = jx(json_object_new_array());
		for (i = 0; i < n; i++)
			jpush(pids, jx(json_object_new_int64(cands[i].pid)));
		jset(match, "candidates", pids);
	}
	if (daemon_pid > 0) {
		/* named by the user: it must be a live dockerd */
		for (i = 0; i < n && cands[i].pid != daemon_pid; i++)
			;
		if (i == n) {
			jset(match, "by", NULL);
			jset(match, "reason", jmsg("--daemon-pid %ld is not a running dockerd",
						   daemon_pid));
			jset(host, "dockerd_match", match);
			jset(host, "dockerd_running", jx(json_object_new_boolean(seen > 0)));
			jset(host, "dockerd", NULL);
			ret = DA_ERR_NOTFOUND;
			goto done;
		}
		describe_full(&c, cands[i].pid, &pick);
		jset(match, "by", jstr("--daemon-pid"));
	} else if (n > 0 && !c.socket) {
		/* no audited unix socket to match (a host probe on its own):
		   the newest dockerd outside containers */
		best = cands[0];
		for (i = 1; i < n; i++)
			if (cand_better(&cands[i], &best))
				best = cands[i];
		describe_full(&c, best.pid, &pick);
		jset(match, "by", jstr("newest"));
	} else if (n > 0) {
		struct described *desc = da_xcalloc(n, sizeof(*desc));
		char *why = NULL;
		long k = choose_dockerd(&c, root, cands, n, desc, match, &why);

		for (i = 0; i < n; i++) {
			if ((long)i == k)
				pick = desc[i];
			else
				described_release(&desc[i]);
		}
		free(desc);
		if (k < 0) {
			/* never guess: every check that needs the daemon's
			   process or files says why it cannot judge */
			jset(match, "pid", NULL);
			jset(match, "reason", jstr(why));
			jset(host, "available", jx(json_object_new_boolean(0)));
			jset(host, "reason", jstr(why));
			jset(host, "dockerd_match", match);
			jset(host, "dockerd_running", jx(json_object_new_boolean(1)));
			jset(host, "dockerd", NULL);
			jset(host, "daemon_json", NULL);
			jset(host, "effective", NULL);
			jset(host, "groups", jx(json_object_new_object()));
			free(why);
			goto done;
		}
	}
	if (pick.dockerd) {
		dockerd = pick.dockerd;
		jset(dockerd, "candidates", jx(json_object_new_int((int)seen)));
		dj = pick.dj;
		eff = pick.eff;
		free(pick.config_path);
		{
			struct json_object *pid = NULL;
			json_object_object_get_ex(dockerd, "pid", &pid);
			jset(match, "pid", jcopy(pid));
		}
	} else {
		jset(match, "pid", NULL);
		jset(match, "by", NULL);
		dj = read_daemon_json(&c, DEFAULT_DAEMON_JSON);
		{
			struct json_object *content = NULL;
			json_object_object_get_ex(dj, "content", &content);
			eff = da_dockerd_effective(NULL, content);
		}
	}
	jset(match, "reason", NULL);
	jset(host, "dockerd_match", match);

	jset(host, "dockerd_running", jx(json_object_new_boolean(dockerd != NULL)));
	jset(host, "dockerd", dockerd);
	jset(host, "daemon_json", dj);
	jset(host, "effective", eff);

	groups = jx(json_object_new_object());
	jset(groups, "docker", strcmp(rootdir, "/") == 0 ? docker_group_nss(&c)
							 : docker_group_file(&c));
	jset(host, "groups", groups);

done:
	jset(host, "errors", c.errors);
	jset(root, "host", host);
	if (c.proc_fd >= 0)
		close(c.proc_fd);
	da_root_close(&c.r);
	free(cands);
	free(rootdir);
	return ret;
}
