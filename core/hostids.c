/*
 * Identities: owns what the probe reads of the host's users and groups
 * (the docker group through NSS or <root>/etc/group).
 */
#include "config.h"

#include "escape.h"
#include "hostfacts.h"
#include "hostprobe.h"
#include "hostroot.h"
#include "jsonutil.h"
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
