/*
 * The kernel's loaded audit rules over NETLINK_AUDIT (see auditnl.h).
 */
#include "config.h"

#include "auditnl.h"
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <linux/audit.h>
#include <linux/netlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

/*
 * struct audit_rule_data, read by offset (a reply need not be aligned for
 * it, and its last member is a flexible array):
 *   u32 flags, action, field_count; u32 mask[64]; u32 fields[64],
 *   values[64], fieldflags[64]; u32 buflen; char buf[buflen]
 */
#define RD_FLAGS 0u
#define RD_ACTION 4u
#define RD_COUNT 8u
#define RD_FIELDS (12u + 4u * AUDIT_BITMASK_SIZE)
#define RD_VALUES (RD_FIELDS + 4u * AUDIT_MAX_FIELDS)
#define RD_BUFLEN (RD_VALUES + 8u * AUDIT_MAX_FIELDS)
#define RD_BUF (RD_BUFLEN + 4u)

static uint32_t rd_u32(const unsigned char *p, size_t off)
{
	uint32_t v;
	memcpy(&v, p + off, sizeof(v));
	return v;
}

/* Fields whose value is the length of a string in buf (kernel/auditfilter.c). */
static bool rd_string_field(uint32_t f)
{
	switch (f) {
	case AUDIT_SUBJ_USER:
	case AUDIT_SUBJ_ROLE:
	case AUDIT_SUBJ_TYPE:
	case AUDIT_SUBJ_SEN:
	case AUDIT_SUBJ_CLR:
	case AUDIT_OBJ_USER:
	case AUDIT_OBJ_ROLE:
	case AUDIT_OBJ_TYPE:
	case AUDIT_OBJ_LEV_LOW:
	case AUDIT_OBJ_LEV_HIGH:
	case AUDIT_WATCH:
	case AUDIT_DIR:
	case AUDIT_FILTERKEY:
	case AUDIT_EXE:
		return true;
	default:
		return false;
	}
}

int da_auditnl_parse_rule(const void *data, size_t len, struct da_auditnl_list *l)
{
	const unsigned char *p = data;
	const unsigned char *path = NULL, *key = NULL;
	uint32_t count, buflen, action, off = 0, i, plen = 0, klen = 0;
	bool dir = false;
	struct json_object *w;

	if (!p || len < RD_BUF)
		return -EBADMSG;
	action = rd_u32(p, RD_ACTION);
	count = rd_u32(p, RD_COUNT);
	buflen = rd_u32(p, RD_BUFLEN);
	if (count > AUDIT_MAX_FIELDS || buflen > len - RD_BUF)
		return -EBADMSG;
	for (i = 0; i < count; i++) {
		uint32_t f = rd_u32(p, RD_FIELDS + 4u * i);
		uint32_t v = rd_u32(p, RD_VALUES + 4u * i);
		const unsigned char *s = p + RD_BUF + off;

		if (!rd_string_field(f))
			continue;
		if (v > buflen - off)
			return -EBADMSG;
		off += v;
		if ((f == AUDIT_WATCH || f == AUDIT_DIR) && !path) {
			path = s;
			plen = v;
			dir = f == AUDIT_DIR;
		} else if (f == AUDIT_FILTERKEY && !key) {
			key = s;
			klen = v;
		}
	}
	l->rules++;
	/* a "never" rule suppresses; a path with a NUL is no path */
	if (action != AUDIT_ALWAYS || !path || plen == 0 || memchr(path, '\0', plen))
		return 0;
	if (!l->watches)
		l->watches = json_object_new_array();
	if (json_object_array_length(l->watches) >= DA_AUDITNL_MAX_WATCHES) {
		l->dropped++;
		return 0;
	}
	w = json_object_new_object();
	json_object_object_add(w, "path", json_object_new_string_len((const char *)path, (int)plen));
	json_object_object_add(w, "field", json_object_new_string(dir ? "dir" : "path"));
	json_object_object_add(w, "key", key && klen && !memchr(key, '\0', klen) ?
			       json_object_new_string_len((const char *)key, (int)klen) : NULL);
	json_object_array_add(l->watches, w);
	return 0;
}

int da_auditnl_parse(const void *buf, size_t len, struct da_auditnl_list *l)
{
	const unsigned char *p = buf;
	size_t off = 0;

	if (!p)
		return -EBADMSG;
	while (off < len) {
		struct nlmsghdr h;
		size_t mlen, step;

		if (len - off < sizeof(h))
			return -EBADMSG;
		memcpy(&h, p + off, sizeof(h));
		mlen = h.nlmsg_len;
		if (mlen < sizeof(h) || mlen > len - off)
			return -EBADMSG;
		if (h.nlmsg_seq == l->seq) {
			const unsigned char *pl = p + off + NLMSG_HDRLEN;
			size_t plen = mlen >= NLMSG_HDRLEN ? mlen - NLMSG_HDRLEN : 0;

			if (mlen < NLMSG_HDRLEN)
				return -EBADMSG;
			if (h.nlmsg_type == NLMSG_ERROR) {
				int32_t e;
				if (plen < sizeof(e))
					return -EBADMSG;
				memcpy(&e, pl, sizeof(e));
				if (e == 0)
					l->acked = true;
				else if (e < 0 && e > -4096)
					return e;
				else
					return -EBADMSG;
			} else if (h.nlmsg_type == NLMSG_DONE) {
				l->done = true;
				return 1;
			} else if (h.nlmsg_type == AUDIT_LIST_RULES) {
				int rc = da_auditnl_parse_rule(pl, plen, l);
				if (rc)
					return rc;
			}
		}
		step = NLMSG_ALIGN(mlen);
		if (step > len - off)
			break;
		off += step;
	}
	return 0;
}

/* strerror() in the project's message style: lowercase first letter. */
static char *nl_errstr(int err)
{
	char *s = da_xstrdup(strerror(err));
	if (s[0])
		s[0] = (char)tolower((unsigned char)s[0]);
	return s;
}

static struct json_object *nl_result(const char *status, const char *error)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "status", json_object_new_string(status));
	json_object_object_add(o, "error", error ? json_object_new_string(error) : NULL);
	return o;
}

/* The result object for a failure with errno err (positive). */
static struct json_object *nl_failure(int err)
{
	struct json_object *o;
	char *s = nl_errstr(err), *msg;

	switch (err) {
	case EPERM:
	case EACCES:
		o = nl_result("needs root", s);
		break;
	case ECONNREFUSED:
		msg = da_xasprintf("%s: the kernel lists audit rules to its initial user "
				   "namespace only", s);
		o = nl_result("needs root", msg);
		free(msg);
		break;
	case EPROTONOSUPPORT:
	case EAFNOSUPPORT:
		msg = da_xasprintf("the kernel has no audit support (%s)", s);
		o = nl_result("unavailable", msg);
		free(msg);
		break;
	case EAGAIN:
		msg = da_xasprintf("no answer from the kernel within %d ms", DA_AUDITNL_TIMEOUT_MS);
		o = nl_result("error", msg);
		free(msg);
		break;
	case EBADMSG:
		o = nl_result("error", "malformed reply from the kernel");
		break;
	default:
		o = nl_result("error", s);
		break;
	}
	free(s);
	return o;
}

/* Receives and parses until done; 0 or a positive errno. */
static int nl_receive(int fd, struct da_auditnl_list *l)
{
	size_t cap = 65536, n;
	unsigned char *buf = da_xmalloc(cap);
	unsigned int count;
	int rc = 0;

	for (count = 0; count < DA_AUDITNL_MAX_DATAGRAMS; count++) {
		struct sockaddr_nl src;
		socklen_t slen = sizeof(src);
		ssize_t got;

		/* the size of the next datagram, without taking it */
		got = recv(fd, buf, 1, MSG_PEEK | MSG_TRUNC);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			rc = errno == EWOULDBLOCK ? EAGAIN : errno;
			goto out;
		}
		if ((size_t)got > cap) {
			if ((size_t)got > DA_AUDITNL_MAX_DATAGRAM) {
				rc = EBADMSG;
				goto out;
			}
			cap = (size_t)got;
			buf = da_xrealloc(buf, cap);
		}
		memset(&src, 0, sizeof(src));
		got = recvfrom(fd, buf, cap, MSG_TRUNC, (struct sockaddr *)&src, &slen);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			rc = errno == EWOULDBLOCK ? EAGAIN : errno;
			goto out;
		}
		n = (size_t)got;
		if (n > cap) {
			rc = EBADMSG;
			goto out;
		}
		/* only the kernel (port 0) answers; anything else is dropped */
		if (slen < sizeof(src) || src.nl_family != AF_NETLINK || src.nl_pid != 0)
			continue;
		rc = da_auditnl_parse(buf, n, l);
		if (rc == 1) {
			rc = 0;
			goto out;
		}
		if (rc < 0) {
			rc = -rc;
			goto out;
		}
	}
	rc = EBADMSG;
out:
	free(buf);
	return rc;
}

struct json_object *da_auditnl_loaded(void)
{
	struct da_auditnl_list l;
	struct sockaddr_nl kernel;
	struct nlmsghdr req;
	struct timeval tv;
	struct json_object *o;
	int fd, rc;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_AUDIT);
	if (fd < 0)
		return nl_failure(errno);
	tv.tv_sec = DA_AUDITNL_TIMEOUT_MS / 1000;
	tv.tv_usec = (DA_AUDITNL_TIMEOUT_MS % 1000) * 1000;
	if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) != 0) {
		rc = errno;
		close(fd);
		return nl_failure(rc);
	}
	memset(&l, 0, sizeof(l));
	/* any number of ours will do; the time keeps two probes apart */
	l.seq = (uint32_t)time(NULL) ^ (uint32_t)getpid();
	memset(&req, 0, sizeof(req));
	req.nlmsg_len = NLMSG_LENGTH(0);
	req.nlmsg_type = AUDIT_LIST_RULES;
	req.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	req.nlmsg_seq = l.seq;
	memset(&kernel, 0, sizeof(kernel));
	kernel.nl_family = AF_NETLINK;
	do {
		rc = (int)sendto(fd, &req, req.nlmsg_len, 0, (struct sockaddr *)&kernel,
				 sizeof(kernel));
	} while (rc < 0 && errno == EINTR);
	rc = rc < 0 ? errno : nl_receive(fd, &l);
	close(fd);
	if (rc) {
		json_object_put(l.watches);
		return nl_failure(rc);
	}
	o = nl_result("ok", NULL);
	json_object_object_add(o, "rules", json_object_new_int64((int64_t)l.rules));
	json_object_object_add(o, "watches", l.watches ? l.watches : json_object_new_array());
	json_object_object_add(o, "truncated", json_object_new_boolean(l.dropped > 0));
	return o;
}
