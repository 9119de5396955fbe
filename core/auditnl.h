/*
 * The audit rules loaded in the kernel, read as `auditctl -l` reads them but
 * without forking it: one AUDIT_LIST_RULES request on a NETLINK_AUDIT
 * socket, whose replies carry one struct audit_rule_data per rule, then
 * NLMSG_DONE.  Listing needs CAP_AUDIT_CONTROL in the initial user and PID
 * namespaces; without it the kernel answers EPERM (or ECONNREFUSED from
 * another user namespace).
 *
 * Of each rule only what sections 1.1.3-1.1.18 need is kept: the watched
 * path of an "always" rule ("-w PATH", which auditctl loads as an
 * AUDIT_WATCH field, or AUDIT_DIR for a directory; "-F path=" and
 * "-F dir=" in syscall rules) and its key.  Every reply is parsed as
 * hostile input: each length is checked against the message and the
 * rule's buflen before a byte is read.
 */
#ifndef DA_AUDITNL_H
#define DA_AUDITNL_H

#include <json-c/json.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DA_AUDITNL_TIMEOUT_MS 2000      /* one receive; a silent kernel */
#define DA_AUDITNL_MAX_WATCHES 8192     /* watches kept */
#define DA_AUDITNL_MAX_DATAGRAM (1u << 20)
#define DA_AUDITNL_MAX_DATAGRAMS 200000u /* replies read before giving up */

/* The listing in progress, filled by da_auditnl_parse(). */
struct da_auditnl_list {
	uint32_t seq;                 /* of the request; other replies are skipped */
	struct json_object *watches;  /* [{"path","field":"path"|"dir","key"}] */
	size_t rules;                 /* rules listed (any kind) */
	size_t dropped;               /* watches over DA_AUDITNL_MAX_WATCHES */
	bool acked;                   /* NLMSG_ERROR 0 seen */
	bool done;                    /* NLMSG_DONE seen */
};

/*
 * Parses one struct audit_rule_data (the payload of an AUDIT_LIST_RULES
 * reply, len bytes) and appends its watch, if it has one, to l->watches.
 * Returns 0, or -EBADMSG when a length or count does not fit.
 */
int da_auditnl_parse_rule(const void *data, size_t len, struct da_auditnl_list *l);

/*
 * Parses one datagram of replies.  Returns 1 once NLMSG_DONE is seen, 0 to
 * read on, a negative errno from an NLMSG_ERROR reply (-EPERM ...), or
 * -EBADMSG for a malformed datagram.  Replies with another sequence
 * number are skipped.
 */
int da_auditnl_parse(const void *buf, size_t len, struct da_auditnl_list *l);

/*
 * Lists the loaded rules of the running kernel and returns a new object:
 *   { "status": "ok" | "needs root" | "unavailable" | "error",
 *     "error": null | "<reason>",
 *     "rules": n,                 rules loaded (any kind); "ok" only
 *     "watches": [ {"path", "field": "path"|"dir", "key": str|null} ],
 *     "truncated": bool }
 * "needs root": EPERM/EACCES (no CAP_AUDIT_CONTROL, or another PID
 * namespace) or ECONNREFUSED (another user namespace); "unavailable": the
 * kernel has no audit (no NETLINK_AUDIT protocol); "error": anything else
 * (no answer within DA_AUDITNL_TIMEOUT_MS, a malformed reply).
 */
struct json_object *da_auditnl_loaded(void);

#endif
