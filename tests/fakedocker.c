/*
 * fakedocker: a small fake Docker Engine API for the unit tests.  It listens
 * on a unix socket (or 127.0.0.1 on an ephemeral port), speaks HTTP/1.1 with
 * keep-alive to any number of clients at once from one poll() loop, and
 * answers from three sources, first match wins:
 *
 *   1. rules (--on PATTERN=ACTION[:ARG]): hostile or failing answers for the
 *      paths matching a glob (errors, malformed JSON, hangs, closed
 *      connections, oversized or dripping answers; see ACTIONS below);
 *   2. canned files (--dir DIR): /v1.41/containers/json is answered with
 *      DIR/containers/json.json; a file starting with "HTTP/" is sent as is;
 *   3. a generated world of containers, images, networks and swarm objects
 *      sized by --running, --stopped, --images, --swarm, --api.
 *
 * --hostile-strings puts hostile text into the generated world: quotes,
 * markup, newlines, control characters, ANSI escape sequences, invalid
 * UTF-8 and a 64 KiB label in names, labels, environment, mount paths,
 * commands and image tags; running container 0 is then privileged and
 * mounts /etc read-write, so that the audit names it in its findings.
 *
 * --scenario NAME applies a named preset of these options (see SCENARIOS).
 * New hostile behaviour is one function plus one row in ACTIONS; a new
 * preset is one row in SCENARIOS.
 *
 * --log FILE gets one line per event, written before the answer is sent:
 *   conn <n>                  a connection was accepted
 *   req <n> <METHOD> <target> a request was read on connection n
 *   body <n> <text>           the body of that request (only POST
 *                             /containers/{id}/update takes one; it is
 *                             answered {"Warnings":null} unless a rule or
 *                             a canned file says otherwise)
 *   bad <n>                   an unparsable request (the connection is closed)
 *   close <n>                 the connection ended
 *
 * Generated ids are deterministic: running container i has an id starting
 * with a00000ii (8 hex digits: 0xa0000000 + i), stopped container i with
 * e00000ii, image i is sha256:b00000ii...; the rest of each id is derived
 * from the first 8 digits, so a glob such as /containers/a0000001* picks one
 * object.
 */
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define FD_MAX_HEADER (64 * 1024)
#define FD_MAX_RULES 64
#define FD_CHUNK 16384

/* ------------------------------------------------------------------------ */
/* Small helpers                                                            */
/* ------------------------------------------------------------------------ */

struct fd_buf {
	char *data;
	size_t len;
	size_t cap;
};

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

static void die(const char *fmt, ...)
{
	va_list ap;
	fputs("fakedocker: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

static void buf_reserve(struct fd_buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return;
	if (need < b->cap * 2)
		need = b->cap * 2;
	if (need < 256)
		need = 256;
	b->data = realloc(b->data, need);
	if (!b->data)
		die("out of memory");
	b->cap = need;
}

static void buf_add(struct fd_buf *b, const void *p, size_t n)
{
	buf_reserve(b, n);
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

static void buf_adds(struct fd_buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

static void buf_addf(struct fd_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void buf_addf(struct fd_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		die("bad format");
	buf_reserve(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

static void buf_consume(struct fd_buf *b, size_t n)
{
	if (n >= b->len) {
		b->len = 0;
	} else {
		memmove(b->data, b->data + n, b->len - n);
		b->len -= n;
	}
	if (b->data)
		b->data[b->len] = '\0';
}

static void buf_free(struct fd_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ------------------------------------------------------------------------ */
/* Options                                                                  */
/* ------------------------------------------------------------------------ */

enum fd_swarm { SWARM_INACTIVE, SWARM_MANAGER, SWARM_WORKER };

struct fd_action;

struct fd_rule {
	char *pattern;
	const struct fd_action *act;
	char *arg;
};

static struct {
	const char *socket_path;
	bool tcp;
	int ready_fd;
	int log_fd;
	const char *dir;
	const char *api;
	const char *ping_api; /* the Api-Version header of /_ping, when not api */
	long running, stopped, images;
	enum fd_swarm swarm;
	long lifetime;
	bool hostile;
	struct fd_rule rules[FD_MAX_RULES];
	int nrules;
} opt = {
	.ready_fd = -1,
	.log_fd = -1,
	.api = "1.43",
	.running = 3,
	.stopped = 2,
	.images = 2,
	.swarm = SWARM_INACTIVE,
	.lifetime = 300,
};

static void logf_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* One write() per line so that readers never see half a line. */
static void logf_(const char *fmt, ...)
{
	char line[8192];
	va_list ap;
	int n;

	if (opt.log_fd < 0)
		return;
	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line) - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n > sizeof(line) - 2)
		n = (int)sizeof(line) - 2;
	line[n++] = '\n';
	if (write(opt.log_fd, line, (size_t)n) < 0)
		perror("fakedocker: log");
}

/* ------------------------------------------------------------------------ */
/* Connections                                                              */
/* ------------------------------------------------------------------------ */

struct fd_conn {
	int fd;
	long id;
	struct fd_buf in;
	struct fd_buf out;
	size_t out_off;
	bool hung;        /* answer started and never finished: ignore input */
	bool close_after; /* close once out is written */
	bool dead;        /* close now */
	long drip;        /* bytes per 100 ms, 0 for unlimited */
	long long next_drip;
	struct fd_conn *next;
};

struct fd_req {
	char method[16];
	char *target; /* raw request target, as logged */
	char *path;   /* decoded, version prefix and query removed */
	char *query;  /* after '?', or "" */
	char *api;    /* "1.41" when the target had /v1.41, else NULL */
	bool keep_alive;
};

static const char *reason_phrase(int status)
{
	switch (status) {
	case 200: return "OK";
	case 204: return "No Content";
	case 400: return "Bad Request";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 500: return "Internal Server Error";
	case 503: return "Service Unavailable";
	}
	return "Status";
}

static void add_head(struct fd_conn *c, const struct fd_req *rq, int status,
		     const char *ctype, const char *framing)
{
	buf_addf(&c->out, "HTTP/1.1 %d %s\r\nApi-Version: %s\r\nServer: fakedocker\r\n"
		 "Content-Type: %s\r\n%s", status, reason_phrase(status), opt.api, ctype, framing);
	if (!rq->keep_alive) {
		buf_adds(&c->out, "Connection: close\r\n");
		c->close_after = true;
	}
	buf_adds(&c->out, "\r\n");
}

static void respond(struct fd_conn *c, const struct fd_req *rq, int status,
		    const char *ctype, const char *body, size_t len)
{
	char framing[64];

	snprintf(framing, sizeof(framing), "Content-Length: %zu\r\n", len);
	add_head(c, rq, status, ctype, framing);
	if (strcmp(rq->method, "HEAD") != 0)
		buf_add(&c->out, body, len);
}

static void respond_json(struct fd_conn *c, const struct fd_req *rq, int status,
			 const char *body)
{
	respond(c, rq, status, "application/json", body, strlen(body));
}

static void respond_error(struct fd_conn *c, const struct fd_req *rq, int status,
			  const char *msg)
{
	struct fd_buf b = {0};
	buf_addf(&b, "{\"message\":\"%s\"}\n", msg);
	respond_json(c, rq, status, b.data);
	buf_free(&b);
}

static void respond_chunked(struct fd_conn *c, const struct fd_req *rq, int status,
			    const char *body, size_t len)
{
	size_t off;

	add_head(c, rq, status, "application/json", "Transfer-Encoding: chunked\r\n");
	for (off = 0; off < len; off += FD_CHUNK) {
		size_t n = len - off < FD_CHUNK ? len - off : FD_CHUNK;
		buf_addf(&c->out, "%zx\r\n", n);
		buf_add(&c->out, body + off, n);
		buf_adds(&c->out, "\r\n");
	}
	buf_adds(&c->out, "0\r\n\r\n");
}

/* ------------------------------------------------------------------------ */
/* Actions: hostile or failing answers selected by --on                     */
/* ------------------------------------------------------------------------ */

struct fd_action {
	const char *name;
	const char *help;
	void (*fn)(struct fd_conn *c, const struct fd_req *rq, const char *arg);
};

static long arg_long(const char *arg, long dflt, long min, long max)
{
	char *end;
	long v;

	if (!arg || !*arg)
		return dflt;
	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno || *end || v < min || v > max)
		die("bad action argument: %s", arg);
	return v;
}

static void act_status(struct fd_conn *c, const struct fd_req *rq, const char *arg)
{
	int status = (int)arg_long(arg, 500, 100, 599);
	char msg[64];
	snprintf(msg, sizeof(msg), "fake error %d", status);
	respond_error(c, rq, status, msg);
}

static void act_malformed(struct fd_conn *c, const struct fd_req *rq, const char *arg)
{
	respond_json(c, rq, 200, "{\"ApiVersion\": \"1.4, \"Containers\": [1, 2,");
}

static void act_notjson(struct fd_conn *c, const struct fd_req *rq, const char *arg)
{
	const char *html = "<html><body>hello</body></html>\n";
	respond(c, rq, 200, "text/html", html, strlen(html));
}

static void act_wrongtype(struct fd_conn *c, const struct fd_req *rq, const char *arg)
{
	respond_json(c, rq, 200, "\"a string where an object or array belongs\"\n");
}

static void act_empty(struct fd_conn *c, const struct fd_req *rq, const char *arg)
{
	respond(c, rq, 200, "application/json", "", 0);
}

static void act_trailing(struct fd_conn *c, const struct fd_req *rq, const char *arg)
{
	respond_json(c, rq, 200, "{\"ApiVersion\":\"1.43\"} trailing garbage\n");
}

/* Headers promising a body that never comes; the connection stays open. */
static void act_hang(struct fd_conn *c, const struct fd_req *rq, const char *arg)
{
	buf_addf(&c->out, "HTTP/1.1 200 OK\r\nApi-Version: %s\r\nContent-Type: application/json\r\n"
		 "Content-Length: 1000\r\n\r\n{\"partial\":", opt.api);
	c->hung = true;
}

/* Accepts the request and answers nothing at all. */
static void act_silent(struct fd_conn *c, const struct fd_req *rq, const char *arg)
{
	c->hung = true;
}

static void act_close(struct fd_conn *c, const struct fd_req *rq, const char *arg)
{
	c->dead = true;
}

static void make_big(struct fd_buf *b, long size)
{
	/* A valid JSON array of strings about size bytes long. */
	buf_adds(b, "[");
	while ((long)b->len < size - 40) {
		if (b->len > 1)
			buf_adds(b, ",");
		buf_adds(b, "\"padding padding padding padding\"");
	}
	buf_adds(b, "]\n");
}

static void act_big(struct fd_conn *c, const struct fd_req *rq, const char *arg)
{
	struct fd_buf b = {0};
	make_big(&b, arg_long(arg, 1 << 20, 2, 1L << 34));
	respond_json(c, rq, 200, b.data);
	buf_free(&b);
}

static void act_bigchunked(struct fd_conn *c, const struct fd_req *rq, const char *arg)
{
	struct fd_buf b = {0};
	make_big(&b, arg_long(arg, 1 << 20, 2, 1L << 34));
	respond_chunked(c, rq, 200, b.data, b.len);
	buf_free(&b);
}

/* A valid answer ({"drip":"..."}) sent at ARG bytes per second. */
static void act_drip(struct fd_conn *c, const struct fd_req *rq, const char *arg)
{
	long rate = arg_long(arg, 10, 1, 1L << 30);
	respond_json(c, rq, 200, "{\"drip\":\"slowly, slowly, one byte after another\"}\n");
	c->drip = rate / 10 > 0 ? rate / 10 : 1;
	c->next_drip = now_ms();
}

static bool serve_dir(struct fd_conn *c, const struct fd_req *rq);
static bool serve_world(struct fd_conn *c, const struct fd_req *rq);

/*
 * The answer the path would get without the rule (canned file or generated
 * world), held back ARG milliseconds (default 1000) and then sent at once:
 * a daemon that answers everything, slowly but within any timeout.
 */
static void act_slow(struct fd_conn *c, const struct fd_req *rq, const char *arg)
{
	long ms = arg_long(arg, 1000, 0, 3600L * 1000);

	if (!serve_dir(c, rq) && !serve_world(c, rq))
		respond_error(c, rq, 404, "page not found");
	c->drip = 1L << 30;
	c->next_drip = now_ms() + ms;
}

/* ARG (default 10000) nested arrays around a number: valid, and deep. */
static void act_deep(struct fd_conn *c, const struct fd_req *rq, const char *arg)
{
	long depth = arg_long(arg, 10000, 1, 1L << 26), i;
	struct fd_buf b = {0};

	buf_reserve(&b, (size_t)depth * 2 + 4);
	for (i = 0; i < depth; i++)
		buf_add(&b, "[", 1);
	buf_add(&b, "1", 1);
	for (i = 0; i < depth; i++)
		buf_add(&b, "]", 1);
	buf_adds(&b, "\n");
	respond_json(c, rq, 200, b.data);
	buf_free(&b);
}

/*
 * A valid JSON array of empty objects, ARG bytes long (default 16 MiB):
 * small on the wire, some 260 times larger once parsed by json-c.
 */
static void act_bomb(struct fd_conn *c, const struct fd_req *rq, const char *arg)
{
	long size = arg_long(arg, 16L << 20, 4, 1L << 34);
	struct fd_buf b = {0};

	buf_reserve(&b, (size_t)size + 4);
	buf_add(&b, "[{}", 3);
	while ((long)b.len + 4 <= size)
		buf_add(&b, ",{}", 3);
	buf_adds(&b, "]\n");
	respond_json(c, rq, 200, b.data);
	buf_free(&b);
}

/* About ARG bytes (default 1 MiB) of extra header lines, then a valid small answer. */
static void act_bigheaders(struct fd_conn *c, const struct fd_req *rq, const char *arg)
{
	long size = arg_long(arg, 1L << 20, 1, 1L << 32), i;
	const char *body = "{\"big\":\"headers\"}\n";

	buf_addf(&c->out, "HTTP/1.1 200 OK\r\nApi-Version: %s\r\nContent-Type: application/json\r\n"
		 "Content-Length: %zu\r\n", opt.api, strlen(body));
	for (i = 0; i * 64 < size; i++)
		buf_addf(&c->out, "X-Padding-%08ld: %046ld\r\n", i, i);
	buf_adds(&c->out, "\r\n");
	buf_adds(&c->out, body);
	if (!rq->keep_alive)
		c->close_after = true;
}

/* 200 with the content of the file ARG, whatever it holds. */
static void act_file(struct fd_conn *c, const struct fd_req *rq, const char *arg)
{
	struct fd_buf b = {0};
	char chunk[65536];
	ssize_t n;
	int fd;

	if (!arg || !*arg)
		die("the file action needs a path");
	fd = open(arg, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		die("cannot open %s: %s", arg, strerror(errno));
	while ((n = read(fd, chunk, sizeof(chunk))) > 0)
		buf_add(&b, chunk, (size_t)n);
	close(fd);
	respond(c, rq, 200, "application/json", b.data ? b.data : "", b.len);
	buf_free(&b);
}

static const struct fd_action ACTIONS[] = {
	{ "status", "answer HTTP ARG (default 500) with a JSON message", act_status },
	{ "malformed", "200 with truncated JSON", act_malformed },
	{ "notjson", "200 with an HTML page", act_notjson },
	{ "wrongtype", "200 with a JSON string where an object or array belongs", act_wrongtype },
	{ "empty", "200 with an empty body", act_empty },
	{ "trailing", "200 with a JSON object followed by garbage", act_trailing },
	{ "hang", "headers and part of the body, then nothing (connection kept open)", act_hang },
	{ "silent", "read the request, never answer (connection kept open)", act_silent },
	{ "close", "close the connection without an answer", act_close },
	{ "big", "200 with a valid JSON array of ARG bytes (default 1 MiB), Content-Length", act_big },
	{ "bigchunked", "same as big with chunked transfer encoding", act_bigchunked },
	{ "drip", "a valid small answer sent at ARG bytes per second (default 10)", act_drip },
	{ "slow", "the usual answer, sent after ARG milliseconds (default 1000)", act_slow },
	{ "deep", "200 with ARG nested arrays (default 10000), valid JSON", act_deep },
	{ "bomb", "200 with [{},{},...] of ARG bytes (default 16 MiB): costly to parse", act_bomb },
	{ "bigheaders", "200 with ARG bytes of extra headers (default 1 MiB), then a small body",
	  act_bigheaders },
	{ "file", "200 with the content of the file ARG (any shape, valid or not)", act_file },
};

static const struct fd_action *find_action(const char *name)
{
	size_t i;
	for (i = 0; i < sizeof(ACTIONS) / sizeof(ACTIONS[0]); i++)
		if (strcmp(ACTIONS[i].name, name) == 0)
			return &ACTIONS[i];
	return NULL;
}

/* "PATTERN=ACTION[:ARG]"; a bare number as ACTION means status:NUMBER. */
static void add_rule(const char *spec)
{
	const char *eq = strrchr(spec, '=');
	char *action, *colon;
	struct fd_rule *r;

	if (!eq || eq == spec || !eq[1])
		die("bad --on rule (want PATTERN=ACTION[:ARG]): %s", spec);
	if (opt.nrules == FD_MAX_RULES)
		die("too many --on rules");
	r = &opt.rules[opt.nrules++];
	r->pattern = strndup(spec, (size_t)(eq - spec));
	action = strdup(eq + 1);
	if (!r->pattern || !action)
		die("out of memory");
	colon = strchr(action, ':');
	if (colon)
		*colon = '\0';
	if (isdigit((unsigned char)action[0])) {
		r->act = find_action("status");
		r->arg = strdup(action);
	} else {
		r->act = find_action(action);
		r->arg = colon ? strdup(colon + 1) : NULL;
	}
	if (!r->act)
		die("unknown action: %s (see --list)", action);
	free(action);
}

/* ------------------------------------------------------------------------ */
/* The generated world                                                      */
/* ------------------------------------------------------------------------ */

enum fd_kind { KIND_RUNNING = 0xa, KIND_IMAGE = 0xb, KIND_STOPPED = 0xe };

/*
 * The text --hostile-strings adds, as the inside of a JSON string literal:
 * an escaped quote, markup, newline, CR, tab, ANSI escape sequences (SGR
 * colour, an OSC window title ended by BEL), SOH, DEL, a C1 CSI, U+2028 and
 * a lone surrogate escape; then raw bytes that are not UTF-8 (0xff, 0xfe,
 * an overlong NUL, an encoded surrogate, a truncated sequence); then valid
 * non-ASCII text.
 */
static const char HOSTILE[] =
	"\\\"q'<b>&amp;</b>\\n\\r\\t\\u001b[31mred\\u001b[0m\\u001b]0;title\\u0007"
	"\\u0001\\u007f\\u009b2J\\u2028\\ud800"
	"\xff\xfe\xc0\x80\xed\xa0\x80\xe2\x82"
	" caf\xc3\xa9 \xe2\x9c\x93";

#define FD_LONG_LABEL (64 * 1024)

/* HOSTILE under --hostile-strings, else nothing. */
static const char *hs(void)
{
	return opt.hostile ? HOSTILE : "";
}

/* The labels of generated containers and images, as a JSON object. */
static void add_labels(struct fd_buf *b)
{
	buf_adds(b, "{\"fake\":\"yes\"");
	if (opt.hostile) {
		size_t i;

		buf_addf(b, ",\"hostile%s\":\"%s\",\"long\":\"", HOSTILE, HOSTILE);
		buf_reserve(b, FD_LONG_LABEL);
		for (i = 0; i < FD_LONG_LABEL; i += 64)
			buf_adds(b, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde.");
		buf_addf(b, "%s\"", HOSTILE);
	}
	buf_adds(b, "}");
}

/* 64 hex digits: the tag, then digits derived from it. */
static void make_id(char out[65], enum fd_kind kind, long idx)
{
	uint32_t tag = ((uint32_t)kind << 28) | ((uint32_t)idx & 0x0fffffffu);
	uint64_t x = tag * 0x9e3779b97f4a7c15ull + 1;
	int i;

	snprintf(out, 65, "%08" PRIx32, tag);
	for (i = 8; i < 64; i += 8) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		snprintf(out + i, 65 - (size_t)i, "%08" PRIx32, (uint32_t)(x >> 16));
	}
}

/* Index of the object with this id and kind, or -1. */
static long find_id(const char *id, enum fd_kind kind, long count)
{
	char want[65], tagstr[9];
	unsigned long tag;
	char *end;
	long idx;

	if (kind == KIND_IMAGE && strncmp(id, "sha256:", 7) == 0)
		id += 7;
	if (strlen(id) != 64)
		return -1;
	memcpy(tagstr, id, 8);
	tagstr[8] = '\0';
	tag = strtoul(tagstr, &end, 16);
	if (*end || (tag >> 28) != (unsigned long)kind)
		return -1;
	idx = (long)(tag & 0x0fffffffu);
	if (idx >= count)
		return -1;
	make_id(want, kind, idx);
	return strcmp(want, id) == 0 ? idx : -1;
}

static void container_list_item(struct fd_buf *b, enum fd_kind kind, long i)
{
	char id[65], img[65];
	bool run = kind == KIND_RUNNING;

	make_id(id, kind, i);
	make_id(img, KIND_IMAGE, opt.images ? i % opt.images : 0);
	buf_addf(b, "{\"Id\":\"%s\",\"Names\":[\"/%s-%ld%s\"],\"Image\":\"img-%ld%s:latest\","
		 "\"ImageID\":\"sha256:%s\",\"Command\":\"sh%s\",\"Created\":1700000000,"
		 "\"State\":\"%s\",\"Status\":\"%s\",\"Labels\":",
		 id, run ? "run" : "stop", i, hs(), opt.images ? i % opt.images : 0, hs(), img,
		 hs(), run ? "running" : "exited", run ? "Up 5 minutes" : "Exited (0) 1 hour ago");
	add_labels(b);
	buf_adds(b, "}");
}

static void world_containers(struct fd_conn *c, const struct fd_req *rq)
{
	bool all = strstr(rq->query, "all=1") || strstr(rq->query, "all=true");
	struct fd_buf b = {0};
	long i;

	buf_adds(&b, "[");
	for (i = 0; i < opt.running; i++) {
		if (i)
			buf_adds(&b, ",");
		container_list_item(&b, KIND_RUNNING, i);
	}
	for (i = 0; all && i < opt.stopped; i++) {
		if (i || opt.running)
			buf_adds(&b, ",");
		container_list_item(&b, KIND_STOPPED, i);
	}
	buf_adds(&b, "]\n");
	respond_json(c, rq, 200, b.data);
	buf_free(&b);
}

/* A JSON string literal; bytes outside printable ASCII become \u00XX. */
static void buf_add_jstr(struct fd_buf *b, const char *s)
{
	buf_adds(b, "\"");
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch == '"' || ch == '\\')
			buf_addf(b, "\\%c", ch);
		else if (ch < 0x20 || ch >= 0x7f)
			buf_addf(b, "\\u%04x", ch);
		else
			buf_add(b, s, 1);
	}
	buf_adds(b, "\"");
}

static void not_found(struct fd_conn *c, const struct fd_req *rq, const char *what,
		      const char *id)
{
	struct fd_buf b = {0}, msg = {0};

	buf_adds(&msg, what);
	buf_adds(&msg, id);
	buf_adds(&b, "{\"message\":");
	buf_add_jstr(&b, msg.data);
	buf_adds(&b, "}\n");
	respond_json(c, rq, 404, b.data);
	buf_free(&msg);
	buf_free(&b);
}

static void world_container_inspect(struct fd_conn *c, const struct fd_req *rq, const char *id)
{
	struct fd_buf b = {0};
	enum fd_kind kind = KIND_RUNNING;
	char cid[65], img[65];
	long i = find_id(id, KIND_RUNNING, opt.running);
	bool run;

	if (i < 0) {
		kind = KIND_STOPPED;
		i = find_id(id, KIND_STOPPED, opt.stopped);
	}
	if (i < 0) {
		not_found(c, rq, "No such container: ", id);
		return;
	}
	run = kind == KIND_RUNNING;
	make_id(cid, kind, i);
	make_id(img, KIND_IMAGE, opt.images ? i % opt.images : 0);
	/* under --hostile-strings, running container 0 has findings that name it */
	bool marked = opt.hostile && run && i == 0;

	buf_addf(&b, "{\"Id\":\"%s\",\"Created\":\"2024-01-01T00:00:00Z\",\"Name\":\"/%s-%ld%s\","
		 "\"Path\":\"sh\",\"Args\":[\"-c\",\"%s\"],"
		 "\"State\":{\"Status\":\"%s\",\"Running\":%s,\"Paused\":false,\"Pid\":%ld},"
		 "\"Image\":\"sha256:%s\",\"AppArmorProfile\":\"docker-default\","
		 "\"Config\":{\"User\":\"\",\"Image\":\"img-%ld%s:latest\","
		 "\"Env\":[\"PATH=/usr/bin:/bin\",\"HOSTILE=%s\"],\"Cmd\":[\"sh\",\"-c\",\"%s\"],"
		 "\"Labels\":",
		 cid, run ? "run" : "stop", i, hs(), hs(), run ? "running" : "exited",
		 run ? "true" : "false", run ? 1000 + i : 0L, img,
		 opt.images ? i % opt.images : 0, hs(), hs(), hs());
	add_labels(&b);
	buf_addf(&b, "},\"HostConfig\":{\"Binds\":%s%s%s,\"Privileged\":%s,"
		 "\"NetworkMode\":\"bridge\",\"Memory\":0,\"NanoCpus\":0,\"CpuShares\":0,"
		 "\"CpuQuota\":0,\"ReadonlyRootfs\":false,"
		 "\"RestartPolicy\":{\"Name\":\"no\",\"MaximumRetryCount\":0},"
		 "\"PidMode\":\"\",\"IpcMode\":\"private\",\"UTSMode\":\"\",\"CgroupParent\":\"\","
		 "\"UsernsMode\":\"\",\"CapAdd\":null,\"CapDrop\":null,\"Devices\":[],"
		 "\"Ulimits\":null,\"PortBindings\":{},\"PidsLimit\":null,\"SecurityOpt\":null},",
		 marked ? "[\"/etc:/mnt/" : "null", marked ? HOSTILE : "", marked ? "\"]" : "",
		 marked ? "true" : "false");
	if (marked)
		buf_addf(&b, "\"Mounts\":[{\"Type\":\"bind\",\"Source\":\"/etc\","
			 "\"Destination\":\"/mnt/%s\",\"Mode\":\"\",\"RW\":true,"
			 "\"Propagation\":\"rprivate\"},{\"Type\":\"bind\",\"Source\":\"/tmp/%s\","
			 "\"Destination\":\"/data\",\"Mode\":\"\",\"RW\":true,"
			 "\"Propagation\":\"rprivate\"}],", HOSTILE, HOSTILE);
	else
		buf_adds(&b, "\"Mounts\":[],");
	buf_adds(&b, "\"NetworkSettings\":{\"Ports\":{}}}\n");
	respond_json(c, rq, 200, b.data);
	buf_free(&b);
}

static void world_images(struct fd_conn *c, const struct fd_req *rq)
{
	struct fd_buf b = {0};
	char id[65];
	long i;

	buf_adds(&b, "[");
	for (i = 0; i < opt.images; i++) {
		make_id(id, KIND_IMAGE, i);
		buf_addf(&b, "%s{\"Id\":\"sha256:%s\",\"RepoTags\":[\"img-%ld%s:latest\"],"
			 "\"RepoDigests\":[],\"Created\":1700000000,\"Size\":4000000,"
			 "\"Containers\":-1,\"Labels\":null,\"ParentId\":\"\"}",
			 i ? "," : "", id, i, hs());
	}
	buf_adds(&b, "]\n");
	respond_json(c, rq, 200, b.data);
	buf_free(&b);
}

static void world_image_inspect(struct fd_conn *c, const struct fd_req *rq, const char *id)
{
	struct fd_buf b = {0};
	char iid[65];
	long i = find_id(id, KIND_IMAGE, opt.images);

	if (i < 0) {
		not_found(c, rq, "No such image: ", id);
		return;
	}
	make_id(iid, KIND_IMAGE, i);
	buf_addf(&b, "{\"Id\":\"sha256:%s\",\"RepoTags\":[\"img-%ld%s:latest\"],\"RepoDigests\":[],"
		 "\"Created\":\"2024-01-01T00:00:00Z\",\"Os\":\"linux\",\"Architecture\":\"amd64\","
		 "\"Config\":{\"User\":\"\",\"Healthcheck\":null,\"Cmd\":[\"sh\"],\"Labels\":",
		 iid, i, hs());
	if (opt.hostile)
		add_labels(&b);
	else
		buf_adds(&b, "null");
	buf_addf(&b, "},\"RootFS\":{\"Type\":\"layers\",\"Layers\":[\"sha256:%s\"]}}\n", iid);
	respond_json(c, rq, 200, b.data);
	buf_free(&b);
}

static void world_image_history(struct fd_conn *c, const struct fd_req *rq, const char *id)
{
	struct fd_buf b = {0};
	char iid[65];
	long i = find_id(id, KIND_IMAGE, opt.images);

	if (i < 0) {
		not_found(c, rq, "No such image: ", id);
		return;
	}
	make_id(iid, KIND_IMAGE, i);
	buf_addf(&b, "[{\"Id\":\"sha256:%s\",\"Created\":1700000000,"
		 "\"CreatedBy\":\"/bin/sh -c #(nop)  CMD [\\\"sh\\\"]%s\",\"Tags\":[\"img-%ld%s:latest\"],"
		 "\"Size\":0,\"Comment\":\"%s\"},"
		 "{\"Id\":\"<missing>\",\"Created\":1699999999,"
		 "\"CreatedBy\":\"/bin/sh -c #(nop) ADD file:0123 in / \",\"Tags\":null,"
		 "\"Size\":4000000,\"Comment\":\"\"}]\n", iid, hs(), i, hs(), hs());
	respond_json(c, rq, 200, b.data);
	buf_free(&b);
}

static void world_networks(struct fd_conn *c, const struct fd_req *rq)
{
	static const char *const names[] = { "bridge", "host", "none" };
	static const char *const drivers[] = { "bridge", "host", "null" };
	struct fd_buf b = {0};
	size_t i;

	buf_adds(&b, "[");
	for (i = 0; i < 3; i++)
		buf_addf(&b, "%s{\"Name\":\"%s\",\"Id\":\"%064zx\",\"Scope\":\"local\","
			 "\"Driver\":\"%s\",\"Options\":{%s}}", i ? "," : "", names[i], i + 0xf0,
			 drivers[i], i ? "" :
			 "\"com.docker.network.bridge.enable_icc\":\"true\","
			 "\"com.docker.network.bridge.name\":\"docker0\"");
	buf_adds(&b, "]\n");
	respond_json(c, rq, 200, b.data);
	buf_free(&b);
}

static void world_version(struct fd_conn *c, const struct fd_req *rq)
{
	struct fd_buf b = {0};

	buf_adds(&b, "{\"Version\":\"24.0.5\",\"ApiVersion\":");
	buf_add_jstr(&b, opt.api);
	buf_adds(&b, ",\"MinAPIVersion\":\"1.12\",\"Os\":\"linux\",\"Arch\":\"amd64\","
		 "\"KernelVersion\":\"6.1.0-fake\",\"GoVersion\":\"go1.20\"}\n");
	respond_json(c, rq, 200, b.data);
	buf_free(&b);
}

static void world_info(struct fd_conn *c, const struct fd_req *rq)
{
	struct fd_buf b = {0};

	buf_addf(&b, "{\"ID\":\"FAKE:DOCKER\",\"Containers\":%ld,\"ContainersRunning\":%ld,"
		 "\"ContainersPaused\":0,\"ContainersStopped\":%ld,\"Images\":%ld,"
		 "\"Driver\":\"overlay2\",\"DockerRootDir\":\"/var/lib/docker\","
		 "\"LoggingDriver\":\"json-file\",\"CgroupDriver\":\"systemd\","
		 "\"SecurityOptions\":[\"name=seccomp,profile=builtin\",\"name=cgroupns\"],"
		 "\"LiveRestoreEnabled\":false,\"ServerVersion\":\"24.0.5\","
		 "\"ExperimentalBuild\":false,\"Name\":\"fakehost%s\","
		 "\"Swarm\":{\"NodeID\":\"%s\",\"LocalNodeState\":\"%s\",\"ControlAvailable\":%s}}\n",
		 opt.running + opt.stopped, opt.running, opt.stopped, opt.images, hs(),
		 opt.swarm == SWARM_INACTIVE ? "" : "node0fake",
		 opt.swarm == SWARM_INACTIVE ? "inactive" : "active",
		 opt.swarm == SWARM_MANAGER ? "true" : "false");
	respond_json(c, rq, 200, b.data);
	buf_free(&b);
}

/* /swarm, /nodes, /services, /secrets, /swarm/unlockkey */
static void world_swarm(struct fd_conn *c, const struct fd_req *rq)
{
	const char *p = rq->path;

	if (opt.swarm == SWARM_INACTIVE) {
		respond_error(c, rq, 503, "This node is not a swarm manager. Use \\\"docker swarm init\\\" "
			      "or \\\"docker swarm join\\\" to connect this node to swarm and try again.");
		return;
	}
	if (opt.swarm == SWARM_WORKER) {
		respond_error(c, rq, 503, "This node is not a swarm manager. Worker nodes can't be used "
			      "to view or modify cluster state. Please run this command on a manager "
			      "node or promote the current node to a manager.");
		return;
	}
	if (strcmp(p, "/swarm") == 0)
		respond_json(c, rq, 200, "{\"ID\":\"swarm0fake\",\"Spec\":{\"Name\":\"default\","
			     "\"CAConfig\":{\"NodeCertExpiry\":7776000000000000},"
			     "\"Dispatcher\":{\"HeartbeatPeriod\":5000000000}},"
			     "\"RootRotationInProgress\":false}\n");
	else if (strcmp(p, "/nodes") == 0)
		respond_json(c, rq, 200, "[{\"ID\":\"node0fake\",\"Spec\":{\"Role\":\"manager\","
			     "\"Availability\":\"active\"},\"Status\":{\"State\":\"ready\"}}]\n");
	else if (strcmp(p, "/services") == 0)
		respond_json(c, rq, 200, "[{\"ID\":\"svc0fake\",\"Spec\":{\"Name\":\"web\"}}]\n");
	else if (strcmp(p, "/secrets") == 0)
		respond_json(c, rq, 200, "[{\"ID\":\"sec0fake\",\"Spec\":{\"Name\":\"db-password\"}}]\n");
	else
		respond_json(c, rq, 200, "{\"UnlockKey\":\"SWMKEY-1-fakefakefake\"}\n");
}

/* ------------------------------------------------------------------------ */
/* Routing                                                                  */
/* ------------------------------------------------------------------------ */

/* "/containers/ID/json" -> ID in out when path is prefix + ID + suffix. */
static bool match_object(const char *path, const char *prefix, const char *suffix,
			 char *out, size_t outlen)
{
	size_t pl = strlen(prefix), sl = strlen(suffix), len = strlen(path), n;

	if (len <= pl + sl || strncmp(path, prefix, pl) != 0 ||
	    strcmp(path + len - sl, suffix) != 0)
		return false;
	n = len - pl - sl;
	if (n >= outlen || memchr(path + pl, '/', n))
		return false;
	memcpy(out, path + pl, n);
	out[n] = '\0';
	return true;
}

static bool serve_world(struct fd_conn *c, const struct fd_req *rq)
{
	const char *p = rq->path;
	char id[512];

	if (strcmp(p, "/_ping") == 0) {
		const char *api = opt.api;

		opt.api = opt.ping_api ? opt.ping_api : api;
		respond(c, rq, 200, "text/plain", "OK", 2);
		opt.api = api;
	} else if (strcmp(p, "/version") == 0)
		world_version(c, rq);
	else if (strcmp(p, "/info") == 0)
		world_info(c, rq);
	else if (strcmp(p, "/containers/json") == 0)
		world_containers(c, rq);
	else if (match_object(p, "/containers/", "/json", id, sizeof(id)))
		world_container_inspect(c, rq, id);
	else if (strcmp(p, "/images/json") == 0)
		world_images(c, rq);
	else if (match_object(p, "/images/", "/json", id, sizeof(id)))
		world_image_inspect(c, rq, id);
	else if (match_object(p, "/images/", "/history", id, sizeof(id)))
		world_image_history(c, rq, id);
	else if (strcmp(p, "/networks") == 0)
		world_networks(c, rq);
	else if (strcmp(p, "/swarm") == 0 || strcmp(p, "/nodes") == 0 ||
		 strcmp(p, "/services") == 0 || strcmp(p, "/secrets") == 0 ||
		 strcmp(p, "/swarm/unlockkey") == 0)
		world_swarm(c, rq);
	else
		return false;
	return true;
}

static bool serve_rule(struct fd_conn *c, const struct fd_req *rq)
{
	struct fd_buf full = {0};
	bool done = false;
	int i;

	buf_adds(&full, rq->path);
	if (*rq->query) {
		buf_adds(&full, "?");
		buf_adds(&full, rq->query);
	}
	for (i = 0; i < opt.nrules && !done; i++) {
		const struct fd_rule *r = &opt.rules[i];
		const char *subject = strchr(r->pattern, '?') ? full.data : rq->path;
		if (fnmatch(r->pattern, subject, 0) == 0) {
			r->act->fn(c, rq, r->arg);
			done = true;
		}
	}
	buf_free(&full);
	return done;
}

static bool serve_dir(struct fd_conn *c, const struct fd_req *rq)
{
	struct fd_buf file = {0}, body = {0};
	char chunk[65536];
	ssize_t n;
	int fd;

	if (!opt.dir || strstr(rq->path, "..") || strcmp(rq->path, "/") == 0)
		return false;
	buf_addf(&file, "%s%s.json", opt.dir, rq->path);
	fd = open(file.data, O_RDONLY | O_CLOEXEC);
	buf_free(&file);
	if (fd < 0)
		return false;
	while ((n = read(fd, chunk, sizeof(chunk))) > 0)
		buf_add(&body, chunk, (size_t)n);
	close(fd);
	if (body.len >= 5 && memcmp(body.data, "HTTP/", 5) == 0) {
		buf_add(&c->out, body.data, body.len);
		c->close_after = c->close_after || !rq->keep_alive;
	} else {
		respond(c, rq, 200, "application/json", body.data ? body.data : "", body.len);
	}
	buf_free(&body);
	return true;
}

static void route(struct fd_conn *c, const struct fd_req *rq)
{
	/* the one POST dockaudit sends: a container update (dockaudit fix) */
	if (strcmp(rq->method, "POST") == 0 &&
	    rq->api && fnmatch("/containers/*/update", rq->path, 0) == 0) {
		static const char ok[] = "{\"Warnings\":null}\n";
		if (!serve_rule(c, rq) && !serve_dir(c, rq))
			respond(c, rq, 200, "application/json", ok, strlen(ok));
		return;
	}
	if (strcmp(rq->method, "GET") != 0 && strcmp(rq->method, "HEAD") != 0) {
		respond_error(c, rq, 405, "method not allowed");
		return;
	}
	if (serve_rule(c, rq) || serve_dir(c, rq) || serve_world(c, rq))
		return;
	respond_error(c, rq, 404, "page not found");
}

/* ------------------------------------------------------------------------ */
/* Requests                                                                 */
/* ------------------------------------------------------------------------ */

static int hexval(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	ch = tolower(ch);
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	return -1;
}

static char *percent_decode(const char *s, size_t n)
{
	char *out = malloc(n + 1), *o = out;
	size_t i;

	if (!out)
		die("out of memory");
	for (i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
			*o++ = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
			i += 2;
		} else {
			*o++ = s[i];
		}
	}
	*o = '\0';
	return out;
}

static bool header_has(const char *head, const char *name, const char *value)
{
	const char *line = strstr(head, "\r\n");
	size_t nl = strlen(name);

	while (line && line[2]) {
		const char *l = line + 2;
		line = strstr(l, "\r\n");
		if (strncasecmp(l, name, nl) == 0 && l[nl] == ':') {
			const char *v = l + nl + 1;
			while (*v == ' ' || *v == '\t')
				v++;
			if (!value)
				return true;
			if (strncasecmp(v, value, strlen(value)) == 0)
				return true;
		}
	}
	return false;
}

static void req_free(struct fd_req *rq)
{
	free(rq->target);
	free(rq->path);
	free(rq->query);
	free(rq->api);
}

/* Parses the head in c->in (NUL at the blank line); false when malformed. */
static bool parse_request(char *head, struct fd_req *rq)
{
	char *sp1 = strchr(head, ' '), *sp2, *eol = strstr(head, "\r\n");
	const char *t, *q;
	size_t vlen = 0;

	memset(rq, 0, sizeof(*rq));
	if (!sp1 || !eol || sp1 > eol || (size_t)(sp1 - head) >= sizeof(rq->method))
		return false;
	sp2 = memchr(sp1 + 1, ' ', (size_t)(eol - sp1 - 1));
	if (!sp2 || strncmp(sp2 + 1, "HTTP/1.", 7) != 0 || sp1[1] != '/')
		return false;
	memcpy(rq->method, head, (size_t)(sp1 - head));
	rq->target = strndup(sp1 + 1, (size_t)(sp2 - sp1 - 1));
	if (!rq->target)
		die("out of memory");
	rq->keep_alive = sp2[8] == '1' ? !header_has(head, "Connection", "close")
				       : header_has(head, "Connection", "keep-alive");

	t = rq->target;
	if (t[1] == 'v' && isdigit((unsigned char)t[2])) {
		vlen = 2;
		while (isdigit((unsigned char)t[vlen]) || t[vlen] == '.')
			vlen++;
		if (t[vlen] == '/') {
			rq->api = strndup(t + 2, vlen - 2);
			t += vlen;
		}
	}
	q = strchr(t, '?');
	rq->path = percent_decode(t, q ? (size_t)(q - t) : strlen(t));
	rq->query = strdup(q ? q + 1 : "");
	if (!rq->query)
		die("out of memory");
	return true;
}

/*
 * The body length of a request: 0 without one, the Content-Length of a
 * POST (at most 64 KiB), -1 for anything else (a body on another method,
 * a bad or too large length).
 */
static long post_length(const char *head, const struct fd_req *rq)
{
	const char *line = strstr(head, "\r\n");
	char *e;
	long n;

	while (line && line[2]) {
		const char *l = line + 2;
		line = strstr(l, "\r\n");
		if (strncasecmp(l, "Content-Length:", 15) != 0)
			continue;
		l += 15;
		while (*l == ' ' || *l == '\t')
			l++;
		n = strtol(l, &e, 10);
		if (e == l || (*e != '\r' && *e != ' ') || n < 0 || n > FD_MAX_HEADER)
			return -1;
		if (n > 0 && strcmp(rq->method, "POST") != 0)
			return -1;
		return n;
	}
	return 0;
}

/* Handles every complete request in c->in. */
static void process_input(struct fd_conn *c)
{
	while (!c->hung && !c->dead && !c->close_after) {
		char *end = c->in.data ? strstr(c->in.data, "\r\n\r\n") : NULL;
		struct fd_req rq;
		size_t used;
		long blen;

		if (!end) {
			if (c->in.len > FD_MAX_HEADER || (c->in.data && strlen(c->in.data) != c->in.len)) {
				logf_("bad %ld", c->id);
				c->dead = true;
			}
			return;
		}
		used = (size_t)(end - c->in.data) + 4;
		end[2] = '\0';
		if (!parse_request(c->in.data, &rq)) {
			logf_("bad %ld", c->id);
			req_free(&rq);
			buf_adds(&c->out, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n"
				 "Connection: close\r\n\r\n");
			c->close_after = true;
			return;
		}
		blen = post_length(c->in.data, &rq);
		if (blen > 0 && c->in.len < used + (size_t)blen) {
			/* the body of a POST is not all here yet */
			end[2] = '\r';
			req_free(&rq);
			return;
		}
		if (blen < 0) {
			/* The engine client sends a body only with a POST; refuse rather than frame one. */
			logf_("bad %ld", c->id);
			req_free(&rq);
			buf_adds(&c->out, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n"
				 "Connection: close\r\n\r\n");
			c->close_after = true;
			return;
		}
		logf_("req %ld %s %s", c->id, rq.method, rq.target);
		if (blen > 0)
			logf_("body %ld %.*s", c->id, (int)blen, c->in.data + used);
		route(c, &rq);
		req_free(&rq);
		buf_consume(&c->in, used + (size_t)blen);
	}
}

/* ------------------------------------------------------------------------ */
/* Scenarios: named presets of options                                      */
/* ------------------------------------------------------------------------ */

struct fd_scenario {
	const char *name;
	const char *help;
	const char *const args[8]; /* option, value pairs as on the command line */
};

static const struct fd_scenario SCENARIOS[] = {
	{ "normal", "the generated world, nothing failing", { NULL } },
	{ "old-daemon", "a daemon speaking API 1.41", { "--api", "1.41", NULL } },
	{ "future-daemon", "a daemon speaking API 1.99", { "--api", "1.99", NULL } },
	{ "swarm-manager", "swarm active, this node a manager", { "--swarm", "manager", NULL } },
	{ "swarm-worker", "swarm active, this node a worker (swarm objects 503)",
	  { "--swarm", "worker", NULL } },
	{ "inspect-500", "the inspect of running container 1 answers 500",
	  { "--on", "/containers/a0000001*/json=500", NULL } },
	{ "info-malformed", "/info answers truncated JSON", { "--on", "/info=malformed", NULL } },
	{ "version-hang", "/version sends headers, then nothing", { "--on", "/version=hang", NULL } },
	{ "version-close", "/version closes the connection", { "--on", "/version=close", NULL } },
	{ "not-docker", "every path answers an HTML page", { "--on", "*=notjson", NULL } },
	{ "empty", "no containers, no images", { "--running", "0", "--stopped", "0",
						 "--images", "0", NULL } },
};

static void apply_option(const char *name, const char *value);

static void apply_scenario(const char *name)
{
	size_t i;
	int j;

	for (i = 0; i < sizeof(SCENARIOS) / sizeof(SCENARIOS[0]); i++) {
		if (strcmp(SCENARIOS[i].name, name) != 0)
			continue;
		for (j = 0; SCENARIOS[i].args[j]; j += 2)
			apply_option(SCENARIOS[i].args[j], SCENARIOS[i].args[j + 1]);
		return;
	}
	die("unknown scenario: %s (see --list)", name);
}

static void list_all(void)
{
	size_t i;

	puts("scenarios (--scenario NAME):");
	for (i = 0; i < sizeof(SCENARIOS) / sizeof(SCENARIOS[0]); i++)
		printf("  %-16s %s\n", SCENARIOS[i].name, SCENARIOS[i].help);
	puts("actions (--on PATTERN=ACTION[:ARG], or PATTERN=STATUS):");
	for (i = 0; i < sizeof(ACTIONS) / sizeof(ACTIONS[0]); i++)
		printf("  %-16s %s\n", ACTIONS[i].name, ACTIONS[i].help);
}

static void usage(FILE *f)
{
	fputs("usage: fakedocker (--socket PATH | --tcp) [options]\n"
	      "  --socket PATH        listen on a unix socket (an old file is replaced)\n"
	      "  --tcp                listen on 127.0.0.1, ephemeral port\n"
	      "  --ready-fd N         write \"ready[ PORT]\\n\" to fd N once listening\n"
	      "  --log FILE           append conn/req/bad/close lines to FILE\n"
	      "  --dir DIR            canned answers: /v1.43/a/b -> DIR/a/b.json\n"
	      "  --on PATTERN=ACTION[:ARG]  hostile answer for paths matching the glob\n"
	      "                       (version prefix removed; query matched when PATTERN has '?')\n"
	      "  --scenario NAME      a named preset of options\n"
	      "  --api VERSION        ApiVersion of /version (default 1.43)\n"
	      "  --ping-api VERSION   the Api-Version header of /_ping (default: --api)\n"
	      "  --running N, --stopped N, --images N   sizes of the world (3, 2, 2)\n"
	      "  --swarm inactive|manager|worker\n"
	      "  --hostile-strings    hostile text in the generated world's names, labels,\n"
	      "                       environment, mounts, commands and image tags\n"
	      "  --lifetime SECONDS   exit after this long (default 300)\n"
	      "  --list               list scenarios and actions\n", f);
}

static void apply_option(const char *name, const char *value)
{
	if (strcmp(name, "--socket") == 0) {
		opt.socket_path = value;
	} else if (strcmp(name, "--ready-fd") == 0) {
		opt.ready_fd = (int)arg_long(value, -1, 0, 1 << 20);
	} else if (strcmp(name, "--log") == 0) {
		opt.log_fd = open(value, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
		if (opt.log_fd < 0)
			die("cannot open log %s: %s", value, strerror(errno));
	} else if (strcmp(name, "--dir") == 0) {
		opt.dir = value;
	} else if (strcmp(name, "--on") == 0) {
		add_rule(value);
	} else if (strcmp(name, "--scenario") == 0) {
		apply_scenario(value);
	} else if (strcmp(name, "--api") == 0) {
		opt.api = value;
	} else if (strcmp(name, "--ping-api") == 0) {
		opt.ping_api = value;
	} else if (strcmp(name, "--running") == 0) {
		opt.running = arg_long(value, 0, 0, 0x0fffffff);
	} else if (strcmp(name, "--stopped") == 0) {
		opt.stopped = arg_long(value, 0, 0, 0x0fffffff);
	} else if (strcmp(name, "--images") == 0) {
		opt.images = arg_long(value, 0, 0, 0x0fffffff);
	} else if (strcmp(name, "--lifetime") == 0) {
		opt.lifetime = arg_long(value, 300, 1, 86400);
	} else if (strcmp(name, "--swarm") == 0) {
		if (strcmp(value, "inactive") == 0)
			opt.swarm = SWARM_INACTIVE;
		else if (strcmp(value, "manager") == 0)
			opt.swarm = SWARM_MANAGER;
		else if (strcmp(value, "worker") == 0)
			opt.swarm = SWARM_WORKER;
		else
			die("bad --swarm: %s", value);
	} else {
		usage(stderr);
		die("unknown option: %s", name);
	}
}

/* ------------------------------------------------------------------------ */
/* Server loop                                                              */
/* ------------------------------------------------------------------------ */

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static int listen_unix(const char *path)
{
	struct sockaddr_un sa;
	int fd;

	if (strlen(path) >= sizeof(sa.sun_path))
		die("socket path too long: %s", path);
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path, path, strlen(path) + 1);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		die("socket: %s", strerror(errno));
	unlink(path);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		die("cannot bind %s: %s", path, strerror(errno));
	if (listen(fd, 128) < 0)
		die("listen: %s", strerror(errno));
	return fd;
}

static int listen_tcp(int *port)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);
	int fd, one = 1;

	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		die("socket: %s", strerror(errno));
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		die("bind: %s", strerror(errno));
	if (listen(fd, 128) < 0)
		die("listen: %s", strerror(errno));
	if (getsockname(fd, (struct sockaddr *)&sa, &len) < 0)
		die("getsockname: %s", strerror(errno));
	*port = ntohs(sa.sin_port);
	return fd;
}

static void conn_free(struct fd_conn *c)
{
	logf_("close %ld", c->id);
	close(c->fd);
	buf_free(&c->in);
	buf_free(&c->out);
	free(c);
}

static void conn_read(struct fd_conn *c)
{
	char chunk[16384];
	ssize_t n = read(c->fd, chunk, sizeof(chunk));

	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
		c->dead = true;
		return;
	}
	if (n < 0)
		return;
	if (c->hung || c->close_after)
		return; /* a client may pipeline; nobody answers a hung connection */
	buf_add(&c->in, chunk, (size_t)n);
	process_input(c);
}

static void conn_write(struct fd_conn *c)
{
	size_t want = c->out.len - c->out_off;
	ssize_t n;

	if (c->drip) {
		if (now_ms() < c->next_drip)
			return;
		if ((size_t)c->drip < want)
			want = (size_t)c->drip;
		c->next_drip = now_ms() + 100;
	}
	n = send(c->fd, c->out.data + c->out_off, want, MSG_NOSIGNAL);
	if (n < 0) {
		if (errno != EAGAIN && errno != EINTR)
			c->dead = true;
		return;
	}
	c->out_off += (size_t)n;
	if (c->out_off == c->out.len) {
		c->out.len = c->out_off = 0;
		c->drip = 0;
		if (c->close_after)
			c->dead = true;
		else
			process_input(c); /* requests that arrived while we were writing */
	}
}

static void serve(int lfd)
{
	struct fd_conn *conns = NULL, **pp, *c;
	long next_id = 1;
	long long deadline = now_ms() + opt.lifetime * 1000;
	struct pollfd *pfds = NULL;
	size_t npfds = 0;

	while (!stop_requested && now_ms() < deadline) {
		size_t n = 1, i;
		int timeout = 1000;

		for (c = conns; c; c = c->next)
			n++;
		if (n > npfds) {
			npfds = n * 2;
			pfds = realloc(pfds, npfds * sizeof(*pfds));
			if (!pfds)
				die("out of memory");
		}
		pfds[0].fd = lfd;
		pfds[0].events = POLLIN;
		for (c = conns, i = 1; c; c = c->next, i++) {
			pfds[i].fd = c->fd;
			pfds[i].events = POLLIN;
			if (c->out.len > c->out_off) {
				if (!c->drip || now_ms() >= c->next_drip)
					pfds[i].events |= POLLOUT;
				else if (c->next_drip - now_ms() < timeout)
					timeout = (int)(c->next_drip - now_ms());
			}
		}
		if (poll(pfds, n, timeout) < 0) {
			if (errno == EINTR)
				continue;
			die("poll: %s", strerror(errno));
		}
		for (c = conns, i = 1; c; c = c->next, i++) {
			if (pfds[i].revents & (POLLIN | POLLHUP | POLLERR))
				conn_read(c);
			if (!c->dead && c->out.len > c->out_off &&
			    (pfds[i].revents & POLLOUT || (c->drip && now_ms() >= c->next_drip)))
				conn_write(c);
		}
		for (pp = &conns; *pp;) {
			c = *pp;
			if (c->dead) {
				*pp = c->next;
				conn_free(c);
			} else {
				pp = &c->next;
			}
		}
		if (pfds[0].revents & POLLIN) {
			int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
			if (fd >= 0) {
				c = calloc(1, sizeof(*c));
				if (!c)
					die("out of memory");
				c->fd = fd;
				c->id = next_id++;
				c->next = conns;
				conns = c;
				logf_("conn %ld", c->id);
			}
		}
	}
	while (conns) {
		c = conns;
		conns = c->next;
		conn_free(c);
	}
	free(pfds);
}

int main(int argc, char **argv)
{
	struct sigaction sa;
	int lfd, port = 0, i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--tcp") == 0) {
			opt.tcp = true;
		} else if (strcmp(argv[i], "--hostile-strings") == 0) {
			opt.hostile = true;
		} else if (strcmp(argv[i], "--list") == 0) {
			list_all();
			return 0;
		} else if (strcmp(argv[i], "--help") == 0) {
			usage(stdout);
			return 0;
		} else if (i + 1 < argc) {
			apply_option(argv[i], argv[i + 1]);
			i++;
		} else {
			usage(stderr);
			die("option %s needs a value", argv[i]);
		}
	}
	if (!opt.socket_path && !opt.tcp) {
		usage(stderr);
		die("give --socket PATH or --tcp");
	}

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	lfd = opt.tcp ? listen_tcp(&port) : listen_unix(opt.socket_path);
	if (opt.ready_fd >= 0) {
		char line[32];
		int n = opt.tcp ? snprintf(line, sizeof(line), "ready %d\n", port)
				: snprintf(line, sizeof(line), "ready\n");
		if (write(opt.ready_fd, line, (size_t)n) != n)
			die("cannot write to the ready fd: %s", strerror(errno));
		close(opt.ready_fd);
	}
	serve(lfd);
	close(lfd);
	if (opt.socket_path)
		unlink(opt.socket_path);
	for (i = 0; i < opt.nrules; i++) {
		free(opt.rules[i].pattern);
		free(opt.rules[i].arg);
	}
	if (opt.log_fd >= 0)
		close(opt.log_fd);
	return 0;
}
