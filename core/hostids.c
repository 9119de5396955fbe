/*
 * Identities: owns the host's users and groups as the probe reads them:
 * the one passwd and group file parser (da_identry_parse, da_idmap_*),
 * names of file owners and groups by NSS or from the host root's files
 * (struct da_ids, for host.files and host.groups), and the docker group of
 * host.groups (hp_docker_group_*).
 */
#include "config.h"

#include "hostids.h"
#include "hostprobe.h"
#include "hostroot.h"
#include "jsonutil.h"
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

/* ---- passwd and group files ------------------------------------------------ */

void da_identry_release(struct da_identry *e)
{
	if (!e)
		return;
	free(e->name);
	free(e->members);
	e->name = NULL;
	e->members = NULL;
}

bool da_identry_parse(const char *line, struct da_identry *out)
{
	const char *f[4] = { NULL, NULL, NULL, NULL };
	size_t flen[4] = { 0, 0, 0, 0 };
	const char *p = line, *end;
	char idbuf[24];
	char *ep;
	unsigned long id;
	int i;

	memset(out, 0, sizeof(*out));
	if (!line)
		return false;
	end = line + strcspn(line, "\n");
	if (end > line && end[-1] == '\r')
		end--;
	if (p == end || *p == '#' || *p == '+' || *p == '-')
		return false;
	for (i = 0; i < 4; i++) {
		const char *s = p;
		while (p < end && *p != ':')
			p++;
		f[i] = s;
		flen[i] = (size_t)(p - s);
		if (p == end) {
			i++;
			break;
		}
		p++; /* the ':' */
	}
	if (i < 3 || flen[0] == 0 || flen[2] == 0 || flen[2] >= sizeof(idbuf))
		return false;
	memcpy(idbuf, f[2], flen[2]);
	idbuf[flen[2]] = '\0';
	if (!isdigit((unsigned char)idbuf[0]))
		return false;
	errno = 0;
	id = strtoul(idbuf, &ep, 10);
	if (*ep || errno || id > UINT32_MAX)
		return false;
	out->name = da_xmalloc(flen[0] + 1);
	memcpy(out->name, f[0], flen[0]);
	out->name[flen[0]] = '\0';
	out->id = id;
	if (f[3]) {
		size_t ml = (size_t)(end - f[3]);
		/* group lines have exactly four fields; passwd lines more */
		if (memchr(f[3], ':', ml))
			ml = 0;
		out->members = da_xmalloc(ml + 1);
		memcpy(out->members, f[3], ml);
		out->members[ml] = '\0';
	} else {
		out->members = da_xstrdup("");
	}
	return true;
}

int da_idmap_parse(struct da_idmap *m, const char *data, size_t len)
{
	size_t pos = 0, cap = m->n;

	while (pos < len) {
		const char *s = data + pos;
		size_t n = 0;
		char *line;
		struct da_identry e;

		while (pos + n < len && s[n] != '\n')
			n++;
		pos += n + 1;
		line = da_xmalloc(n + 1);
		memcpy(line, s, n);
		line[n] = '\0';
		if (da_identry_parse(line, &e)) {
			if (m->n == cap) {
				cap = cap ? cap * 2 : 32;
				m->v = da_xrealloc(m->v, cap * sizeof(*m->v));
			}
			m->v[m->n++] = e;
		}
		free(line);
	}
	return 0;
}

const struct da_identry *da_idmap_by_id(const struct da_idmap *m, unsigned long id)
{
	size_t i;
	for (i = 0; m && i < m->n; i++)
		if (m->v[i].id == id)
			return &m->v[i];
	return NULL;
}

const struct da_identry *da_idmap_by_name(const struct da_idmap *m, const char *name)
{
	size_t i;
	for (i = 0; m && name && i < m->n; i++)
		if (strcmp(m->v[i].name, name) == 0)
			return &m->v[i];
	return NULL;
}

void da_idmap_release(struct da_idmap *m)
{
	size_t i;
	if (!m)
		return;
	for (i = 0; i < m->n; i++)
		da_identry_release(&m->v[i]);
	free(m->v);
	m->v = NULL;
	m->n = 0;
}

const char *da_group_next_member(const char *p, const char **name, size_t *len)
{
	while (p && *p) {
		const char *s = p, *e;

		while (*p && *p != ',')
			p++;
		e = p;
		if (*p)
			p++;
		while (s < e && (*s == ' ' || *s == '\t'))
			s++;
		while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
			e--;
		if (e > s) {
			*name = s;
			*len = (size_t)(e - s);
			return p;
		}
	}
	return NULL;
}

/* ---- names by NSS or from the host root's files --------------------------- */

void da_ids_init(struct da_ids *ids, const struct da_root *r, bool use_nss)
{
	memset(ids, 0, sizeof(*ids));
	ids->r = r;
	ids->use_nss = use_nss;
}

void da_ids_release(struct da_ids *ids)
{
	da_idmap_release(&ids->passwd);
	da_idmap_release(&ids->group);
	ids->loaded = false;
}

/* One host file, parsed; left empty when it cannot be read whole. */
static void ids_load_one(const struct da_ids *ids, const char *path, struct da_idmap *m)
{
	struct da_buf b = { 0 };

	if (da_root_read_file(ids->r, path, DA_IDS_MAX_FILE, &b) == 0)
		da_idmap_parse(m, b.data, b.len);
	da_buf_release(&b);
}

static void ids_load(struct da_ids *ids)
{
	if (ids->loaded || ids->use_nss)
		return;
	ids->loaded = true;
	ids_load_one(ids, "/etc/passwd", &ids->passwd);
	ids_load_one(ids, "/etc/group", &ids->group);
}

char *da_ids_name(struct da_ids *c, unsigned long id, bool user)
{
	const struct da_identry *e;

	if (c->use_nss) {
		char buf[16384];
		if (user) {
			struct passwd pw, *r = NULL;
			if (getpwuid_r((uid_t)id, &pw, buf, sizeof(buf), &r) == 0 && r)
				return da_xstrdup(r->pw_name);
		} else {
			struct group gr, *r = NULL;
			if (getgrgid_r((gid_t)id, &gr, buf, sizeof(buf), &r) == 0 && r)
				return da_xstrdup(r->gr_name);
		}
		return NULL;
	}
	ids_load(c);
	e = da_idmap_by_id(user ? &c->passwd : &c->group, id);
	return e ? da_xstrdup(e->name) : NULL;
}

struct json_object *da_ids_group_json(struct da_ids *c, const char *name)
{
	struct json_object *g, *members;
	const char *list = NULL;
	unsigned long gid = 0;

	if (c->use_nss) {
		char buf[65536];
		struct group gr, *r = NULL;
		size_t i;

		if (getgrnam_r(name, &gr, buf, sizeof(buf), &r) != 0 || !r)
			return NULL;
		g = json_object_new_object();
		json_object_object_add(g, "gid", json_object_new_int64((int64_t)r->gr_gid));
		members = json_object_new_array();
		for (i = 0; r->gr_mem && r->gr_mem[i]; i++)
			da_jpush_unique(members, r->gr_mem[i]);
		json_object_object_add(g, "members", members);
		return g;
	}
	ids_load(c);
	{
		const struct da_identry *e = da_idmap_by_name(&c->group, name);
		if (!e)
			return NULL;
		gid = e->id;
		list = e->members;
	}
	g = json_object_new_object();
	json_object_object_add(g, "gid", json_object_new_int64((int64_t)gid));
	members = json_object_new_array();
	{
		const char *p = list, *m;
		size_t ml;

		while ((p = da_group_next_member(p, &m, &ml)) != NULL) {
			char *one = da_xmalloc(ml + 1);

			memcpy(one, m, ml);
			one[ml] = '\0';
			da_jpush_unique(members, one);
			free(one);
		}
	}
	json_object_object_add(g, "members", members);
	return g;
}

/* ---------------------------------------------------------------------------
 * The docker group
 */

static struct json_object *group_json(unsigned long gid, struct json_object *members)
{
	struct json_object *g = da_jx(json_object_new_object());
	da_jset(g, "gid", da_jx(json_object_new_int64((int64_t)gid)));
	da_jset(g, "members", members);
	return g;
}

/* getgrnam_r("docker") through NSS (files, LDAP, sssd ...). */
struct json_object *hp_docker_group_nss(struct hp_ctx *c)
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
		hp_error(c, "cannot look up group docker: %s", strerror(ret));
		res = NULL;
	}
	if (res) {
		struct json_object *m = da_jx(json_object_new_array());
		char **p;

		for (p = gr.gr_mem; p && *p; p++)
			da_jpush(m, da_jstr_utf8(*p));
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
struct json_object *hp_docker_group_file(struct hp_ctx *c)
{
	struct json_object *g = NULL;
	struct da_buf b = { 0 };
	int ret;

	ret = hp_read_host(c, "/etc/group", HF_MAX_GROUP, &b);
	if (ret < 0 && ret != -ENOENT) {
		hp_error(c, "cannot read %s/etc/group: %s", c->root,
			 da_strerror(ret));
	} else if (ret > 0) {
		hp_error(c, "cannot read %s/etc/group: %s", c->root,
			 da_strerror(DA_ERR_TOOBIG));
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
			struct json_object *members = da_jx(json_object_new_array());
			const char *p = e->members, *name;
			size_t len;

			while ((p = da_group_next_member(p, &name, &len)) != NULL)
				da_jpush(members, da_jstrn_utf8(name, len));
			g = group_json(e->id, members);
		}
		da_idmap_release(&m);
	}
	da_buf_release(&b);
	return g;
}
