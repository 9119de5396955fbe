/*
 * Identities: the host's users and groups (passwd and group files, or NSS
 * when the host root is "/").  One parser for every reader.
 */
#ifndef DA_HOSTIDS_H
#define DA_HOSTIDS_H

#include "hostroot.h"

#include <json-c/json.h>

#include <stdbool.h>
#include <stddef.h>

/* Bytes read of one passwd or group file for owners' names. */
#define DA_IDS_MAX_FILE (4u << 20)

/* One entry of a passwd or group file. */
struct da_identry {
	char *name;         /* field 1 */
	unsigned long id;   /* field 3, at most 4294967295 */
	char *members;      /* field 4 of a group line ("a,b"), "" for passwd */
};

/* A parsed passwd or group file.  A zeroed struct is empty. */
struct da_idmap {
	struct da_identry *v;
	size_t n;
};

/*
 * Parses one "name:x:id:..." line.  Blank, comment ('#'), NIS ('+', '-')
 * and malformed lines (missing fields, an id that is not a decimal number
 * of at most 32 bits) give false.  A CR before the line end is ignored.  On
 * true, out holds owned strings: free with da_identry_release().
 */
bool da_identry_parse(const char *line, struct da_identry *out);
void da_identry_release(struct da_identry *e);

/*
 * Parses a whole passwd or group file of len bytes (NUL bytes end a line's
 * useful part).  The first entry of a name or id wins in lookups, as in
 * the C library.  Returns 0 (running out of memory aborts).
 */
int da_idmap_parse(struct da_idmap *m, const char *data, size_t len);
const struct da_identry *da_idmap_by_id(const struct da_idmap *m, unsigned long id);
const struct da_identry *da_idmap_by_name(const struct da_idmap *m, const char *name);
void da_idmap_release(struct da_idmap *m);

/*
 * The next member of a group's member list ("a, b,c"): sets *name and
 * *len to it (spaces and a CR trimmed, empty ones skipped) and returns the
 * position after it, or NULL when there is none left.  Start with
 * e->members.
 */
const char *da_group_next_member(const char *p, const char **name, size_t *len);

/*
 * Names of users and groups on the host: through NSS (use_nss: the host
 * root is "/"), else from <root>/etc/passwd and <root>/etc/group, read once
 * on first use through r (borrowed).  A zeroed struct must be initialised.
 */
struct da_ids {
	const struct da_root *r;
	bool use_nss;
	bool loaded;
	struct da_idmap passwd, group;
};

void da_ids_init(struct da_ids *ids, const struct da_root *r, bool use_nss);
void da_ids_release(struct da_ids *ids);

/* The name of a uid (user) or gid (!user) on the host, owned, or NULL. */
char *da_ids_name(struct da_ids *ids, unsigned long id, bool user);

/*
 * {"gid", "members": [names, each once]} of the host group name, or NULL
 * when there is none.
 */
struct json_object *da_ids_group_json(struct da_ids *ids, const char *name);

#endif
