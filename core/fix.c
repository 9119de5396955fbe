/*
 * dockaudit fix: the plan (a pure function of the probe, the results and
 * the files' current text), its text and JSON forms, and a unified diff.
 * Applying it is in fix_apply.c.  docs/fix.md.
 */
#include "config.h"

#include "escape.h"
#include "fix.h"
#include "probe.h"
#include "util.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* ---- small helpers ------------------------------------------------------ */

static struct da_fix_item *item_new(struct da_fix_plan *p, enum da_fix_kind kind,
				    const struct da_result *res)
{
	struct da_fix_item *it;

	if (p->n_items == p->cap_items) {
		p->cap_items = p->cap_items ? 2 * p->cap_items : 16;
		p->items = da_xrealloc(p->items, p->cap_items * sizeof(*p->items));
	}
	it = &p->items[p->n_items++];
	memset(it, 0, sizeof(*it));
	it->kind = kind;
	it->check = da_xstrdup(res->def->id);
	it->finding = da_xstrdup(res->detail ? res->detail : res->def->title);
	it->impact = da_xstrdup(res->def->impact);
	it->uid = it->gid = it->old_uid = it->old_gid = -1;
	return it;
}

/* Whether id (a check id, a key, "containers") is in the --accept list. */
static bool accepted(const char *list, const char *id)
{
	const char *p = list;
	size_t n = strlen(id);

	while (p && *p) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if ((len == n && strncmp(p, id, n) == 0) || (len == 3 && strncmp(p, "all", 3) == 0))
			return true;
		p = e ? e + 1 : NULL;
	}
	return false;
}

static void set_accept(struct da_fix_item *it, const char *list, bool risky, const char *key)
{
	if (!risky) {
		it->apply = DA_FIX_AUTO;
		return;
	}
	it->apply = DA_FIX_ACCEPT;
	it->accepted = accepted(list, it->check) || (key && accepted(list, key));
}

static bool applies(const struct da_fix_item *it)
{
	return it->apply == DA_FIX_AUTO || (it->apply == DA_FIX_ACCEPT && it->accepted);
}

/* ---- daemon.json -------------------------------------------------------- */

/*
 * daemon.json keys by dockerd version: the keys this plan writes, and keys
 * that later versions no longer read (dockerd refuses to start on a key it
 * does not know).  The configuration file itself came with Docker 1.10.
 * Sources: the dockerd reference and release notes, and the deprecated
 * features table of the Docker documentation.  docs/fix.md lists them.
 */
struct key_version {
	const char *key;
	int since_major, since_minor;    /* first version that reads it */
	int removed_major, removed_minor; /* first that refuses it; 0 = still read */
	bool written;                    /* a key this plan may write */
};

static const struct key_version key_versions[] = {
	{ "icc", 1, 10, 0, 0, true },
	{ "log-level", 1, 10, 0, 0, true },
	{ "iptables", 1, 10, 0, 0, true },
	{ "insecure-registries", 1, 10, 0, 0, true },
	{ "userns-remap", 1, 10, 0, 0, true },
	{ "userland-proxy", 1, 10, 0, 0, true },
	{ "default-ulimits", 1, 10, 0, 0, true },
	{ "live-restore", 1, 12, 0, 0, true },
	{ "experimental", 1, 13, 0, 0, true },
	{ "no-new-privileges", 17, 4, 0, 0, true },
	/* read once, refused now */
	{ "graph", 1, 10, 23, 0, false },
	{ "cluster-store", 1, 10, 23, 0, false },
	{ "cluster-store-opts", 1, 10, 23, 0, false },
	{ "cluster-advertise", 1, 10, 23, 0, false },
	{ "oom-score-adjust", 1, 10, 25, 0, false },
};

static const struct key_version *key_version_of(const char *key)
{
	size_t i;

	for (i = 0; i < sizeof(key_versions) / sizeof(key_versions[0]); i++)
		if (strcmp(key_versions[i].key, key) == 0)
			return &key_versions[i];
	return NULL;
}

bool da_fix_known_key(const char *key)
{
	const struct key_version *kv = key_version_of(key);

	return kv && kv->written;
}

/* "20.10.24+dfsg1" -> 20, 10; false when it does not start with N.N. */
static bool parse_version(const char *v, int *major, int *minor)
{
	char *end;
	long a, b;

	if (!v || *v < '0' || *v > '9')
		return false;
	errno = 0;
	a = strtol(v, &end, 10);
	if (errno || *end != '.' || end[1] < '0' || end[1] > '9' || a > 10000)
		return false;
	b = strtol(end + 1, &end, 10);
	if (errno || b > 10000)
		return false;
	*major = (int)a;
	*minor = (int)b;
	return true;
}

static bool version_before(int ma, int mi, int mb, int nb)
{
	return ma < mb || (ma == mb && mi < nb);
}

enum da_fix_key_status da_fix_key_status(const char *key, const char *version,
					 char *why, size_t whylen)
{
	const struct key_version *kv = key_version_of(key);
	int ma, mi;

	if (why && whylen)
		*why = '\0';
	if (!kv)
		return DA_FIX_KEY_UNKNOWN;
	if (!parse_version(version, &ma, &mi))
		return DA_FIX_KEY_OK;
	if (version_before(ma, mi, kv->since_major, kv->since_minor)) {
		if (why)
			snprintf(why, whylen, "dockerd %d.%02d does not read daemon.json key %s "
				 "(added in %d.%02d)", ma, mi, key, kv->since_major,
				 kv->since_minor);
		return DA_FIX_KEY_TOO_OLD;
	}
	if (kv->removed_major && !version_before(ma, mi, kv->removed_major, kv->removed_minor)) {
		if (why)
			snprintf(why, whylen, "dockerd %d.%02d no longer reads daemon.json key %s "
				 "(removed in %d.%d)", ma, mi, key, kv->removed_major,
				 kv->removed_minor);
		return DA_FIX_KEY_REMOVED;
	}
	return DA_FIX_KEY_OK;
}

/* The daemon.json change for a check of the daemon module (default id). */
struct daemon_fix {
	const char *id;
	const char *key;
	const char *value;   /* JSON text */
	const char *flag;    /* the command-line form */
	bool reload;         /* SIGHUP is enough */
	bool risky;          /* needs --accept */
};

static const struct daemon_fix daemon_fixes[] = {
	{ "2.2", "icc", "false", "--icc=false", false, false },
	{ "2.3", "log-level", "\"info\"", "--log-level=info", true, false },
	{ "2.4", "iptables", "true", "--iptables=true", false, false },
	{ "2.5", "insecure-registries", "[]", "--insecure-registry", true, true },
	{ "2.8", "default-ulimits",
	  "{\"nofile\":{\"Name\":\"nofile\",\"Hard\":65536,\"Soft\":65536}}",
	  "--default-ulimit nofile=65536:65536", false, true },
	{ "2.9", "userns-remap", "\"default\"", "--userns-remap=default", false, true },
	{ "2.14", "no-new-privileges", "true", "--no-new-privileges", false, false },
	{ "2.15", "live-restore", "true", "--live-restore", true, false },
	{ "2.16", "userland-proxy", "false", "--userland-proxy=false", false, false },
	{ "2.18", "experimental", "false", "--experimental=false", false, false },
};

static const struct daemon_fix *daemon_fix_for(const char *id)
{
	size_t i;

	for (i = 0; i < sizeof(daemon_fixes) / sizeof(daemon_fixes[0]); i++)
		if (strcmp(daemon_fixes[i].id, id) == 0)
			return &daemon_fixes[i];
	return NULL;
}

/* Whether a container of the audit uses legacy links (icc=false breaks them). */
static bool containers_use_links(struct json_object *probe)
{
	struct json_object *cs = da_probe_get(probe, "engine.containers");
	size_t i, n;

	if (!json_object_is_type(cs, json_type_array))
		return false;
	n = json_object_array_length(cs);
	for (i = 0; i < n; i++) {
		struct json_object *l = da_probe_get(json_object_array_get_idx(cs, i),
						     "HostConfig.Links");
		if (json_object_is_type(l, json_type_array) && json_object_array_length(l) > 0)
			return true;
	}
	return false;
}

static const char flag_places_short[] =
	"the unit's ExecStart, its drop-ins, or /etc/default/docker";

/* Where dockerd's command line is set, for a manual step. */
static char *flag_places(struct json_object *probe)
{
	struct json_object *units = da_probe_get(probe, "host.units.docker.service");
	struct da_buf b = { 0 };
	const char *frag = da_probe_str(units, "fragment");

	da_buf_adds(&b, "the ExecStart of ");
	da_buf_adds(&b, frag ? frag : "docker.service");
	da_buf_adds(&b, " or its drop-ins (systemctl edit docker), or /etc/default/docker");
	return da_buf_steal(&b);
}

static void plan_daemon(struct da_fix_plan *p, struct json_object *probe,
			const struct da_result *res, const struct daemon_fix *df,
			const struct da_fix_inputs *in, struct json_object *keys,
			const char **bad_json)
{
	struct json_object *flags = da_probe_get(probe, "host.dockerd.flags");
	struct da_fix_item *it = item_new(p, DA_FIX_DAEMON_JSON, res);
	const char *flagname = strcmp(df->key, "insecure-registries") == 0 ? "insecure-registry"
			       : strcmp(df->key, "default-ulimits") == 0 ? "default-ulimit"
			       : df->key;

	it->key = da_xstrdup(df->key);
	it->value = json_tokener_parse(df->value);
	it->restart = da_xstrdup(df->reload ? "dockerd reload (SIGHUP) or restart"
				 : "dockerd restart");
	it->path = da_xstrdup(in->daemon_json_path);
	if (strcmp(df->key, "insecure-registries") == 0)
		it->change = da_xasprintf("daemon.json: \"%s\": [] (remove every insecure registry)",
					  df->key);
	else
		it->change = da_xasprintf("daemon.json: \"%s\": %s", df->key,
					  json_object_to_json_string_ext(it->value,
									 JSON_C_TO_STRING_PLAIN));
	if (flags && json_object_object_get_ex(flags, df->key, NULL)) {
		char *where = flag_places(probe);
		it->apply = DA_FIX_MANUAL_STEP;
		it->manual = da_xasprintf("dockerd's command line sets --%s (dockerd refuses a "
					  "setting given both as a flag and in daemon.json): "
					  "change it to %s in %s", flagname, df->flag, where);
		free(where);
		return;
	}
	if (!in->daemon_json_path) {
		it->apply = DA_FIX_MANUAL_STEP;
		it->manual = da_xasprintf("the daemon's configuration file is unknown (remote "
					  "daemon): set %s where the daemon is configured",
					  it->change + strlen("daemon.json: "));
		return;
	}
	if (*bad_json) {
		it->apply = DA_FIX_MANUAL_STEP;
		it->manual = da_xasprintf("%s: %s; fix the file, then run dockaudit fix again",
					  in->daemon_json_path, *bad_json);
		return;
	}
	if (strcmp(df->key, "live-restore") == 0) {
		const char *st = da_probe_str(probe, "engine.info.Swarm.LocalNodeState");
		if (st && strcmp(st, "active") == 0) {
			it->apply = DA_FIX_MANUAL_STEP;
			it->manual = da_xstrdup("live-restore is incompatible with swarm mode: leave "
						"the swarm first, or keep it off");
			return;
		}
	}
	{
		char why[160];
		if (da_fix_key_status(df->key, da_probe_str(probe, "engine.version.Version"), why,
				      sizeof(why)) != DA_FIX_KEY_OK) {
			it->apply = DA_FIX_MANUAL_STEP;
			it->manual = da_xasprintf("%s: upgrade dockerd, or set %s on its command "
						  "line (%s)", why, df->flag, flag_places_short);
			return;
		}
	}
	set_accept(it, in->accept, df->risky ||
		   (strcmp(df->key, "icc") == 0 && containers_use_links(probe)), df->key);
	if (it->apply == DA_FIX_ACCEPT && strcmp(df->key, "icc") == 0 && !it->impact)
		it->impact = da_xstrdup("containers use --link");
	if (applies(it))
		json_object_object_add(keys, df->key, json_object_get(it->value));
}

/* Indentation of the first indented line of text: tab or spaces. */
static bool uses_tabs(const char *text)
{
	const char *nl = strchr(text, '\n');

	return nl && nl[1] == '\t';
}

char *da_fix_merge_daemon_json(const char *old_text, struct json_object *keys,
			       char *err, size_t errlen)
{
	struct json_tokener *tok;
	struct json_object *obj;
	const char *s = old_text ? old_text : "";
	size_t len;
	char *out;
	int flags = JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
		    JSON_C_TO_STRING_NOSLASHESCAPE;

	if (strncmp(s, "\xEF\xBB\xBF", 3) == 0)
		s += 3;
	len = strlen(s);
	if (strspn(s, " \t\r\n") == len) {
		obj = json_object_new_object();
	} else {
		size_t used;
		tok = json_tokener_new();
		json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
		obj = json_tokener_parse_ex(tok, s, (int)len);
		used = json_tokener_get_parse_end(tok);
		if (!obj) {
			snprintf(err, errlen, "not valid JSON at offset %zu (dockerd reads strict "
				 "JSON: no comments, no trailing commas)", used);
			json_tokener_free(tok);
			return NULL;
		}
		json_tokener_free(tok);
		if (strspn(s + used, " \t\r\n") != len - used) {
			snprintf(err, errlen, "trailing data after the JSON object at offset %zu",
				 used);
			json_object_put(obj);
			return NULL;
		}
		if (!json_object_is_type(obj, json_type_object)) {
			snprintf(err, errlen, "the top level is not a JSON object");
			json_object_put(obj);
			return NULL;
		}
	}
	if (keys) {
		json_object_object_foreach(keys, k, v)
			json_object_object_add(obj, k, json_object_get(v));
	}
	if (uses_tabs(s))
		flags |= JSON_C_TO_STRING_PRETTY_TAB;
	out = da_xasprintf("%s\n", json_object_to_json_string_ext(obj, flags));
	json_object_put(obj);
	return out;
}

/* ---- audit rules, files, environment ----------------------------------- */

/* A path auditctl can take as one word. */
static bool plain_path(const char *s)
{
	if (!s || *s != '/')
		return false;
	for (; *s; s++)
		if ((unsigned char)*s <= ' ' || *s == 0x7f || *s == '"' || *s == '\\')
			return false;
	return true;
}

static bool has_line(const char *text, const char *line)
{
	size_t n = strlen(line);
	const char *p = text;

	while (p && *p) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		while (len && (p[len - 1] == ' ' || p[len - 1] == '\r' || p[len - 1] == '\t'))
			len--;
		if (len == n && strncmp(p, line, n) == 0)
			return true;
		p = e ? e + 1 : NULL;
	}
	return false;
}

static bool item_exists(const struct da_fix_plan *p, enum da_fix_kind k, const char *path,
			const char *rule)
{
	size_t i;

	for (i = 0; i < p->n_items; i++)
		if (p->items[i].kind == k && p->items[i].path && strcmp(p->items[i].path, path) == 0 &&
		    (!rule || (p->items[i].rule && strcmp(p->items[i].rule, rule) == 0)))
			return true;
	return false;
}

static void plan_audit(struct da_fix_plan *p, const struct da_result *res,
		       const struct da_fix_inputs *in, struct da_buf *rules)
{
	size_t i;

	for (i = 0; i < res->n_items; i++) {
		const struct da_item *x = &res->items[i];
		struct da_fix_item *it;
		char *rule;
		long u, g;
		unsigned m;

		if (!x->detail || strncmp(x->detail, "add: -w ", 8) != 0 || !x->name)
			continue;
		if (in->stat_file && in->stat_file(in->stat_ctx, x->name, &u, &g, &m) != 0)
			continue; /* not on this host: nothing to watch */
		rule = da_xasprintf("-w %s -p wa -k docker", x->name);
		/* already in the file: nothing left to write (load it) */
		if (item_exists(p, DA_FIX_AUDIT_RULE, in->rules_path, rule) ||
		    (in->rules && has_line(in->rules, rule))) {
			free(rule);
			continue;
		}
		it = item_new(p, DA_FIX_AUDIT_RULE, res);
		it->path = da_xstrdup(in->rules_path);
		it->restart = da_xstrdup("audit rules reload: augenrules --load");
		it->impact = it->impact ? it->impact : NULL;
		if (!plain_path(x->name)) {
			it->apply = DA_FIX_MANUAL_STEP;
			it->change = da_xasprintf("audit watch for %s", x->name);
			it->manual = da_xstrdup("the path has characters auditctl cannot take in a "
						"rules file: add its watch by hand");
			free(rule);
			continue;
		}
		it->rule = rule;
		it->change = da_xasprintf("%s: %s", in->rules_path, rule);
		it->apply = DA_FIX_AUTO;
		da_buf_adds(rules, rule);
		da_buf_addc(rules, '\n');
	}
}

/* Section 3 rules, by the check's default id. */
struct file_rule {
	const char *id;
	bool owner;
	unsigned maxmode;
};

static const struct file_rule file_rules[] = {
	{ "3.1", true, 0 },     { "3.2", false, 0644 }, { "3.3", true, 0 },
	{ "3.4", false, 0644 }, { "3.5", true, 0 },     { "3.6", false, 0755 },
	{ "3.7", true, 0 },     { "3.8", false, 0444 }, { "3.9", true, 0 },
	{ "3.10", false, 0444 }, { "3.11", true, 0 },   { "3.12", false, 0444 },
	{ "3.13", true, 0 },    { "3.14", false, 0400 }, { "3.15", true, 0 },
	{ "3.16", false, 0660 }, { "3.17", true, 0 },   { "3.18", false, 0644 },
	{ "3.19", true, 0 },    { "3.20", false, 0644 }, { "3.21", false, 0644 },
	{ "3.22", true, 0 },    { "3.23", true, 0 },    { "3.24", false, 0660 },
};

static void plan_files(struct da_fix_plan *p, struct json_object *probe,
		       const struct da_result *res, const struct da_fix_inputs *in)
{
	const struct file_rule *fr = NULL;
	struct json_object *dg = da_probe_get(probe, "host.groups.docker.gid");
	long docker_gid = json_object_is_type(dg, json_type_int) ? (long)json_object_get_int64(dg) : -1;
	size_t i;

	for (i = 0; i < sizeof(file_rules) / sizeof(file_rules[0]); i++)
		if (strcmp(file_rules[i].id, res->def->check->id) == 0)
			fr = &file_rules[i];
	if (!fr)
		return;
	for (i = 0; i < res->n_items; i++) {
		const struct da_item *x = &res->items[i];
		struct da_fix_item *it;
		long u = -1, g = -1;
		unsigned m = 0;
		int rc;

		if (!x->name || !x->kind || strcmp(x->kind, "file") != 0)
			continue;
		it = item_new(p, fr->owner ? DA_FIX_OWNER : DA_FIX_MODE, res);
		it->path = da_xstrdup(x->name);
		it->restart = da_xstrdup("none");
		rc = in->stat_file ? in->stat_file(in->stat_ctx, x->name, &u, &g, &m) : -ENOENT;
		if (rc != 0) {
			it->apply = DA_FIX_MANUAL_STEP;
			it->change = da_xasprintf("%s of %s", fr->owner ? "ownership" : "mode",
						  x->name);
			it->manual = da_xasprintf("cannot read %s: %s", x->name, da_strerror(rc));
			continue;
		}
		it->old_uid = u;
		it->old_gid = g;
		it->old_mode = m & 07777;
		if (fr->owner) {
			it->uid = 0;
			it->gid = (g == 0 || (strcmp(fr->id, "3.15") == 0 && g == docker_gid)) ? g : 0;
			it->change = da_xasprintf("chown %ld:%ld %s (was %ld:%ld)", it->uid, it->gid,
						  x->name, u, g);
			it->manual = da_xasprintf("chown %ld:%ld %s", it->uid, it->gid, x->name);
		} else {
			it->mode = m & 07777 & fr->maxmode;
			it->change = da_xasprintf("chmod %04o %s (was %04o)", it->mode, x->name,
						  it->old_mode);
			it->manual = da_xasprintf("chmod %04o %s", it->mode, x->name);
		}
		/* the manual text is the command; --write runs it itself */
		it->apply = DA_FIX_AUTO;
	}
}

static void plan_env(struct da_fix_plan *p, const struct da_result *res,
		     const struct da_fix_inputs *in)
{
	struct da_fix_item *it = item_new(p, DA_FIX_ENV, res);
	struct da_buf b = { 0 };
	const char *s = in->env ? in->env : "";
	bool replaced = false;

	it->path = da_xstrdup(in->env_path);
	it->change = da_xasprintf("%s: DOCKER_CONTENT_TRUST=1", in->env_path);
	it->restart = da_xstrdup("new login sessions read it");
	if (!it->impact)
		it->impact = da_xstrdup("docker pull, push, build and run refuse unsigned images");
	set_accept(it, in->accept, true, "content-trust");
	if (!applies(it))
		return;
	while (*s) {
		const char *e = strchr(s, '\n');
		size_t len = e ? (size_t)(e - s) : strlen(s);
		if (strncmp(s, "DOCKER_CONTENT_TRUST=", 21) == 0) {
			if (!replaced)
				da_buf_adds(&b, "DOCKER_CONTENT_TRUST=1\n");
			replaced = true;
		} else {
			da_buf_add(&b, s, len);
			da_buf_addc(&b, '\n');
		}
		s += len + (e ? 1 : 0);
	}
	if (!replaced)
		da_buf_adds(&b, "DOCKER_CONTENT_TRUST=1\n");
	p->env.new_text = da_buf_steal(&b);
}

/* ---- containers: run flags, Compose keys, live updates ------------------ */

/* What can change on a running container (POST /containers/{id}/update). */
enum live_setting { LIVE_NONE, LIVE_MEMORY, LIVE_CPU, LIVE_PIDS, LIVE_RESTART };

struct container_fix {
	const char *id;      /* module default id */
	const char *module;
	const char *what;    /* one line: what is missing */
	const char *flag;    /* docker run, as an example */
	const char *compose;
	enum live_setting live;
};

static const struct container_fix container_fixes[] = {
	{ "4.1", "images", "a non-root user", "--user UID:GID (a user the image has)",
	  "user: \"UID:GID\"", LIVE_NONE },
	{ "5.4", "runtime", "only the capabilities it needs",
	  "--cap-drop ALL --cap-add <only what it needs>", "cap_drop: [ALL], cap_add: [...]",
	  LIVE_NONE },
	{ "5.5", "runtime", "no privileged mode", "no --privileged", "privileged: false",
	  LIVE_NONE },
	{ "5.11", "runtime", "a memory limit", "--memory SIZE (e.g. 512m)", "mem_limit: SIZE",
	  LIVE_MEMORY },
	{ "5.12", "runtime", "CPU shares", "--cpu-shares N (e.g. 512; not 0 or 1024)",
	  "cpu_shares: N", LIVE_CPU },
	{ "5.13", "runtime", "a read-only root filesystem",
	  "--read-only (with --tmpfs or volumes for the paths it writes)", "read_only: true",
	  LIVE_NONE },
	{ "5.14", "runtime", "ports bound to one host address", "-p ADDRESS:HOSTPORT:PORT",
	  "ports: [\"ADDRESS:HOSTPORT:PORT\"]", LIVE_NONE },
	{ "5.15", "runtime", "a restart policy of at most 5 retries", "--restart on-failure:5",
	  "restart: on-failure:5", LIVE_RESTART },
	{ "5.26", "runtime", "no new privileges", "--security-opt no-new-privileges",
	  "security_opt: [\"no-new-privileges:true\"]", LIVE_NONE },
	{ "5.29", "runtime", "a PIDs limit", "--pids-limit N (e.g. 100)", "pids_limit: N",
	  LIVE_PIDS },
};

static const struct container_fix *container_fix_for(const char *module, const char *id)
{
	size_t i;

	for (i = 0; i < sizeof(container_fixes) / sizeof(container_fixes[0]); i++)
		if (strcmp(container_fixes[i].id, id) == 0 &&
		    strcmp(container_fixes[i].module, module) == 0)
			return &container_fixes[i];
	return NULL;
}

/* "256m" style text of a byte count (exact: the largest unit that divides it). */
static void bytes_text(char *buf, size_t len, long long v)
{
	static const char units[] = "kmgt";
	int u = -1;

	while (u < 3 && v > 0 && v % 1024 == 0) {
		v /= 1024;
		u++;
	}
	if (u < 0)
		snprintf(buf, len, "%lldb", v);
	else
		snprintf(buf, len, "%lld%c", v, units[u]);
}

/* The inspect object of container id in the probe, or NULL. */
static struct json_object *container_of(struct json_object *probe, const char *id)
{
	struct json_object *cs = da_probe_get(probe, "engine.containers");
	size_t i, n;

	if (!id || !json_object_is_type(cs, json_type_array))
		return NULL;
	n = json_object_array_length(cs);
	for (i = 0; i < n; i++) {
		struct json_object *c = json_object_array_get_idx(cs, i);
		const char *cid = da_probe_str(c, "Id");
		if (cid && strcmp(cid, id) == 0)
			return c;
	}
	return NULL;
}

static long long json_int_at(struct json_object *o, const char *path, long long dflt)
{
	struct json_object *v = da_probe_get(o, path);

	return json_object_is_type(v, json_type_int) ? (long long)json_object_get_int64(v) : dflt;
}

static bool json_bool_at(struct json_object *o, const char *path)
{
	struct json_object *v = da_probe_get(o, path);

	return json_object_is_type(v, json_type_boolean) && json_object_get_boolean(v);
}

/*
 * The update body for one live setting from --set, with its docker update
 * form in cli; NULL (with why) when it cannot be applied live.
 */
static struct json_object *live_body(enum live_setting live, const struct da_fix_limits *set,
				     struct json_object *probe, struct json_object *ctr,
				     char *cli, size_t clilen, const char **why)
{
	struct json_object *b;
	char t1[32], t2[32];
	int ma = 0, mi = 0;

	*why = NULL;
	if (!set)
		return NULL;
	switch (live) {
	case LIVE_MEMORY: {
		long long swap;
		if (!set->memory)
			return NULL;
		/* the daemon refuses a memory update without a swap limit above
		   it: keep unlimited swap (-1) as it was, else give the total
		   docker run --memory gives, twice the memory */
		swap = json_int_at(ctr, "HostConfig.MemorySwap", 0) == -1 ? -1 : 2 * set->memory;
		b = json_object_new_object();
		json_object_object_add(b, "Memory", json_object_new_int64(set->memory));
		json_object_object_add(b, "MemorySwap", json_object_new_int64(swap));
		bytes_text(t1, sizeof(t1), set->memory);
		if (swap == -1)
			snprintf(t2, sizeof(t2), "-1");
		else
			bytes_text(t2, sizeof(t2), swap);
		snprintf(cli, clilen, "--memory %s --memory-swap %s", t1, t2);
		return b;
	}
	case LIVE_CPU:
		if (!set->cpu_shares)
			return NULL;
		b = json_object_new_object();
		json_object_object_add(b, "CpuShares", json_object_new_int64(set->cpu_shares));
		snprintf(cli, clilen, "--cpu-shares %ld", set->cpu_shares);
		return b;
	case LIVE_PIDS:
		if (!set->pids)
			return NULL;
		/* PidsLimit in an update: API 1.40 (Docker 19.03) and later */
		if (!parse_version(da_probe_str(probe, "source.api_version"), &ma, &mi) ||
		    version_before(ma, mi, 1, 40)) {
			*why = "the daemon's API is older than 1.40, which added the PIDs limit "
			       "to container updates";
			return NULL;
		}
		b = json_object_new_object();
		json_object_object_add(b, "PidsLimit", json_object_new_int64(set->pids));
		snprintf(cli, clilen, "--pids-limit %lld", set->pids);
		return b;
	case LIVE_RESTART: {
		struct json_object *rp;
		if (!set->restart[0])
			return NULL;
		if (json_bool_at(ctr, "HostConfig.AutoRemove")) {
			*why = "the container was started with --rm, and the daemon refuses a "
			       "restart policy for it";
			return NULL;
		}
		b = json_object_new_object();
		rp = json_object_new_object();
		json_object_object_add(rp, "Name", json_object_new_string(set->restart));
		json_object_object_add(rp, "MaximumRetryCount",
				       json_object_new_int(strcmp(set->restart, "on-failure") == 0
							   ? set->restart_count : 0));
		json_object_object_add(b, "RestartPolicy", rp);
		if (strcmp(set->restart, "on-failure") == 0)
			snprintf(cli, clilen, "--restart on-failure:%d", set->restart_count);
		else
			snprintf(cli, clilen, "--restart no");
		return b;
	}
	case LIVE_NONE:
	default:
		return NULL;
	}
}

static const char *const live_set_key[] = {
	[LIVE_NONE] = NULL, [LIVE_MEMORY] = "memory=SIZE", [LIVE_CPU] = "cpu-shares=N",
	[LIVE_PIDS] = "pids-limit=N", [LIVE_RESTART] = "restart=on-failure:5",
};

static void plan_containers(struct da_fix_plan *p, struct json_object *probe,
			    const struct da_result *res, const struct container_fix *cf,
			    const struct da_fix_inputs *in)
{
	size_t i;

	for (i = 0; i < res->n_items; i++) {
		const struct da_item *x = &res->items[i];
		struct da_fix_item *it;
		const char *who = x->name ? x->name : x->id;
		const char *why = NULL;
		char cli[128] = "";
		struct json_object *body;

		if (!who || !x->kind || strcmp(x->kind, "container") != 0)
			continue;
		it = item_new(p, DA_FIX_CONTAINER, res);
		it->container_id = da_xstrdup(x->id);
		it->container_name = da_xstrdup(who);
		body = NULL;
		if (cf->live != LIVE_NONE && in->set) {
			struct json_object *ctr = container_of(probe, x->id);
			if (ctr)
				body = live_body(cf->live, in->set, probe, ctr, cli, sizeof(cli),
						 &why);
			else
				why = "the audit has no inspect of it to update from";
		}
		if (body) {
			it->update = body;
			it->apply = DA_FIX_ACCEPT;
			it->accepted = accepted(in->accept, "containers");
			it->restart = da_xstrdup("none: the container is updated as it runs, "
						 "never restarted");
			it->change = da_xasprintf("container %s: docker update %s (POST "
						  "/containers/{id}/update %s)", who, cli,
						  json_object_to_json_string_ext(
							  body, JSON_C_TO_STRING_PLAIN));
			it->manual = da_xasprintf("docker update %s %s; when it is recreated: "
						  "docker run %s, or in Compose: %s", cli, who,
						  cf->flag, cf->compose);
			continue;
		}
		it->apply = DA_FIX_MANUAL_STEP;
		it->restart = da_xstrdup(cf->live != LIVE_NONE
					 ? "none for docker update; else recreate the container"
					 : "recreate the container");
		it->change = da_xasprintf("container %s: %s (docker run %s)", who, cf->what,
					  cf->flag);
		if (cf->live != LIVE_NONE && why)
			it->manual = da_xasprintf("recreate %s with docker run %s, or in Compose: "
						  "%s (%s)", who, cf->flag, cf->compose, why);
		else if (cf->live != LIVE_NONE)
			it->manual = da_xasprintf("choose a value that fits %s, then apply it as it "
						  "runs with dockaudit fix --set %s --write --accept "
						  "containers (or docker update); when it is recreated: "
						  "docker run %s, or in Compose: %s", who,
						  live_set_key[cf->live], cf->flag, cf->compose);
		else
			it->manual = da_xasprintf("recreate %s with docker run %s, or in Compose: %s",
						  who, cf->flag, cf->compose);
	}
}

/* One update per container: the fields of its applied items, merged. */
static void group_updates(struct da_fix_plan *p)
{
	size_t i, k;

	for (i = 0; i < p->n_items; i++) {
		struct da_fix_item *it = &p->items[i];
		struct da_fix_update *u = NULL;

		if (it->kind != DA_FIX_CONTAINER || !it->update || !it->container_id ||
		    !applies(it))
			continue;
		for (k = 0; k < p->n_updates && !u; k++)
			if (strcmp(p->updates[k].id, it->container_id) == 0)
				u = &p->updates[k];
		if (!u) {
			p->updates = da_xrealloc(p->updates, (p->n_updates + 1) * sizeof(*p->updates));
			u = &p->updates[p->n_updates++];
			u->id = da_xstrdup(it->container_id);
			u->name = da_xstrdup(it->container_name);
			u->body = json_object_new_object();
		}
		json_object_object_foreach(it->update, key, val)
			json_object_object_add(u->body, key, json_object_get(val));
	}
}

/* ---- --set -------------------------------------------------------------- */

/* "256m", "1g", "268435456", "512MiB" -> bytes (binary units, as docker's). */
static bool parse_bytes(const char *s, long long *out)
{
	char *end;
	long long v;
	int shift = 0;

	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno)
		return false;
	switch (*end | 0x20) {
	case 'b': shift = 0; end++; break;
	case 'k': shift = 10; end++; break;
	case 'm': shift = 20; end++; break;
	case 'g': shift = 30; end++; break;
	case 't': shift = 40; end++; break;
	default:
		if (*end)
			return false;
	}
	if (shift && (*end | 0x20) == 'i' && (end[1] | 0x20) == 'b')
		end += 2;
	else if (shift && (*end | 0x20) == 'b')
		end++;
	if (*end || v > (LLONG_MAX >> shift))
		return false;
	*out = v << shift;
	return true;
}

static bool parse_num(const char *s, long long min, long long max, long long *out)
{
	char *end;
	long long v;

	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return false;
	*out = v;
	return true;
}

/* The daemon's smallest memory limit (6 MiB, docker 20.10 and later). */
#define FIX_MIN_MEMORY (6LL << 20)

int da_fix_parse_set(const char *s, struct da_fix_limits *l, char *err, size_t errlen)
{
	const char *p = s ? s : "";

	memset(l, 0, sizeof(*l));
	if (!*p) {
		snprintf(err, errlen, "--set wants KEY=VALUE[,KEY=VALUE]");
		return -1;
	}
	while (*p) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		char *one = da_xasprintf("%.*s", (int)len, p), *val = strchr(one, '=');
		long long v;
		bool ok = true;

		if (!val || val == one || !val[1]) {
			snprintf(err, errlen, "--set wants KEY=VALUE, not '%.60s'", one);
			free(one);
			return -1;
		}
		*val++ = '\0';
		if (strcmp(one, "memory") == 0) {
			ok = parse_bytes(val, &v) && v >= FIX_MIN_MEMORY;
			if (ok)
				l->memory = v;
			else
				snprintf(err, errlen, "--set memory wants a size of at least 6m "
					 "(256m, 1g), not '%.40s'", val);
		} else if (strcmp(one, "cpu-shares") == 0) {
			/* 0 and 1024 (the default weight) fail 5.12 */
			ok = parse_num(val, 2, 262144, &v) && v != 1024;
			if (ok)
				l->cpu_shares = (long)v;
			else
				snprintf(err, errlen, "--set cpu-shares wants 2 to 262144 but not the "
					 "default 1024, not '%.40s'", val);
		} else if (strcmp(one, "pids-limit") == 0 || strcmp(one, "pids") == 0) {
			ok = parse_num(val, 1, 4194304, &v);
			if (ok)
				l->pids = v;
			else
				snprintf(err, errlen, "--set pids-limit wants 1 to 4194304, not '%.40s'",
					 val);
		} else if (strcmp(one, "restart") == 0) {
			if (strcmp(val, "no") == 0) {
				snprintf(l->restart, sizeof(l->restart), "no");
				l->restart_count = 0;
			} else if (strncmp(val, "on-failure:", 11) == 0 &&
				   parse_num(val + 11, 1, 5, &v)) {
				snprintf(l->restart, sizeof(l->restart), "on-failure");
				l->restart_count = (int)v;
			} else {
				ok = false;
				snprintf(err, errlen, "--set restart wants on-failure:N (N from 1 to "
					 "5) or no, not '%.40s'", val);
			}
		} else {
			ok = false;
			snprintf(err, errlen, "--set knows memory, cpu-shares, pids-limit and "
				 "restart, not '%.40s'", one);
		}
		free(one);
		if (!ok)
			return -1;
		p = e ? e + 1 : p + len;
	}
	return 0;
}

/* ---- the plan ----------------------------------------------------------- */

static void file_init(struct da_fix_file *f, const char *path, const char *text)
{
	f->path = da_xstrdup(path);
	f->exists = text != NULL;
	f->old_text = da_xstrdup(text ? text : "");
}

void da_fix_build(struct da_fix_plan *p, struct json_object *probe, const struct da_report *r,
		  const struct da_fix_inputs *in)
{
	struct json_object *keys = json_object_new_object();
	struct da_buf rules = { 0 };
	char err[256] = "";
	const char *bad_json = in->daemon_json_error;
	char *merged = NULL;
	size_t s, i;

	memset(p, 0, sizeof(*p));
	file_init(&p->daemon_json, in->daemon_json_path, in->daemon_json);
	file_init(&p->rules, in->rules_path, in->rules);
	p->rules.new_mode = 0640;
	file_init(&p->env, in->env_path, in->env);
	p->env.new_mode = 0644;
	p->daemon_json.new_mode = 0644;
	/* a file dockerd could not read is never merged */
	if (!bad_json && in->daemon_json_path) {
		merged = da_fix_merge_daemon_json(in->daemon_json, NULL, err, sizeof(err));
		if (!merged)
			bad_json = err;
		free(merged);
		merged = NULL;
	}
	for (s = 0; s < r->n_sections; s++) {
		const struct da_report_section *sec = &r->sections[s];
		const char *mod = sec->section->module;

		for (i = 0; i < sec->n_results; i++) {
			const struct da_result *res = sec->results[i];
			const char *cid;

			if (da_result_is_header(res) || res->status != DA_WARN || !res->def->check)
				continue;
			cid = res->def->check->id;
			if (strcmp(mod, "daemon") == 0) {
				const struct daemon_fix *df = daemon_fix_for(cid);
				if (df)
					plan_daemon(p, probe, res, df, in, keys, &bad_json);
			} else if (strcmp(mod, "host") == 0) {
				plan_audit(p, res, in, &rules);
			} else if (strcmp(mod, "files") == 0) {
				plan_files(p, probe, res, in);
			} else if (strcmp(mod, "images") == 0 && strcmp(cid, "4.5") == 0) {
				plan_env(p, res, in);
			} else if (container_fix_for(mod, cid)) {
				plan_containers(p, probe, res, container_fix_for(mod, cid), in);
			}
		}
	}
	/* dockerd cannot start with such a file: nothing is written until it is fixed */
	if (bad_json && in->daemon_json_path) {
		p->blocked = da_xasprintf("%s: %s", in->daemon_json_path
						  ? in->daemon_json_path : "daemon.json", bad_json);
	}
	if (json_object_object_length(keys) > 0 && !bad_json)
		p->daemon_json.new_text = da_fix_merge_daemon_json(in->daemon_json, keys,
								   err, sizeof(err));
	json_object_put(keys);
	group_updates(p);
	if (rules.len) {
		struct da_buf b = { 0 };
		if (in->rules) {
			da_buf_adds(&b, in->rules);
			if (*in->rules && in->rules[strlen(in->rules) - 1] != '\n')
				da_buf_addc(&b, '\n');
		} else {
			da_buf_adds(&b, "## Docker audit rules (CIS Docker Benchmark 1.1), "
				    "written by dockaudit fix\n");
		}
		da_buf_adds(&b, da_buf_str(&rules));
		p->rules.new_text = da_buf_steal(&b);
	}
	da_buf_release(&rules);
}

static void file_release(struct da_fix_file *f)
{
	free(f->path);
	free(f->old_text);
	free(f->new_text);
}

void da_fix_plan_release(struct da_fix_plan *p)
{
	size_t i;

	for (i = 0; i < p->n_items; i++) {
		struct da_fix_item *it = &p->items[i];
		free(it->check);
		free(it->finding);
		free(it->change);
		free(it->impact);
		free(it->restart);
		free(it->manual);
		free(it->path);
		free(it->key);
		free(it->rule);
		free(it->container_id);
		free(it->container_name);
		json_object_put(it->update);
		json_object_put(it->value);
	}
	free(p->items);
	for (i = 0; i < p->n_updates; i++) {
		free(p->updates[i].id);
		free(p->updates[i].name);
		json_object_put(p->updates[i].body);
	}
	free(p->updates);
	file_release(&p->daemon_json);
	file_release(&p->rules);
	file_release(&p->env);
	free(p->blocked);
	free(p->validate_note);
	memset(p, 0, sizeof(*p));
}

/* ---- unified diff ------------------------------------------------------- */

struct lines {
	const char **s;
	size_t *len;
	size_t n;
};

static void split_lines(const char *t, struct lines *l)
{
	size_t cap = 16;

	l->n = 0;
	l->s = da_xmalloc(cap * sizeof(*l->s));
	l->len = da_xmalloc(cap * sizeof(*l->len));
	while (t && *t) {
		const char *e = strchr(t, '\n');
		size_t n = e ? (size_t)(e - t) : strlen(t);
		if (l->n == cap) {
			cap *= 2;
			l->s = da_xrealloc(l->s, cap * sizeof(*l->s));
			l->len = da_xrealloc(l->len, cap * sizeof(*l->len));
		}
		l->s[l->n] = t;
		l->len[l->n++] = n;
		t += n + (e ? 1 : 0);
	}
}

static bool line_eq(const struct lines *a, size_t i, const struct lines *b, size_t j)
{
	return a->len[i] == b->len[j] && memcmp(a->s[i], b->s[j], a->len[i]) == 0;
}

static void add_line(struct da_buf *out, char c, const char *s, size_t n)
{
	struct da_buf tmp = { 0 };
	char *line = da_xasprintf("%.*s", (int)n, s);

	da_escape_text(&tmp, line);
	da_buf_addc(out, c);
	da_buf_adds(out, da_buf_str(&tmp));
	da_buf_addc(out, '\n');
	da_buf_release(&tmp);
	free(line);
}

void da_fix_diff(struct da_buf *out, const char *a_label, const char *b_label,
		 const char *a, const char *b)
{
	struct lines la, lb;
	size_t n, m, i, j, *t;
	char *ops; /* '=', '-', '+' */
	size_t nops = 0, k;

	if (strcmp(a ? a : "", b ? b : "") == 0)
		return;
	split_lines(a, &la);
	split_lines(b, &lb);
	n = la.n;
	m = lb.n;
	ops = da_xmalloc(n + m + 1);
	if (n * m <= 4000000) {
		/* longest common subsequence of the suffixes */
		t = da_xcalloc((n + 1) * (m + 1), sizeof(*t));
		for (i = n; i-- > 0;)
			for (j = m; j-- > 0;)
				t[i * (m + 1) + j] = line_eq(&la, i, &lb, j)
					? t[(i + 1) * (m + 1) + j + 1] + 1
					: (t[(i + 1) * (m + 1) + j] > t[i * (m + 1) + j + 1]
					   ? t[(i + 1) * (m + 1) + j] : t[i * (m + 1) + j + 1]);
		i = j = 0;
		while (i < n || j < m) {
			if (i < n && j < m && line_eq(&la, i, &lb, j)) {
				ops[nops++] = '=';
				i++;
				j++;
			} else if (j < m && (i == n || t[i * (m + 1) + j + 1] >= t[(i + 1) * (m + 1) + j])) {
				ops[nops++] = '+';
				j++;
			} else {
				ops[nops++] = '-';
				i++;
			}
		}
		free(t);
	} else {
		for (i = 0; i < n; i++)
			ops[nops++] = '-';
		for (j = 0; j < m; j++)
			ops[nops++] = '+';
	}
	da_buf_addf(out, "--- %s\n+++ %s\n", a_label, b_label);
	/* hunks with 3 lines of context */
	k = 0;
	i = j = 0;
	while (k < nops) {
		size_t start, end, x, ai, bj, an = 0, bn = 0, last;
		while (k < nops && ops[k] == '=') {
			k++;
			i++;
			j++;
		}
		if (k == nops)
			break;
		start = k >= 3 ? k - 3 : 0;
		/* extend while changes are within 6 lines of each other */
		last = k;
		end = k;
		while (end < nops) {
			if (ops[end] != '=') {
				last = end;
				end++;
			} else if (end - last <= 6) {
				end++;
			} else {
				break;
			}
		}
		end = last + 4 < nops ? last + 4 : nops;
		ai = i - (k - start);
		bj = j - (k - start);
		for (x = start; x < end; x++) {
			if (ops[x] != '+')
				an++;
			if (ops[x] != '-')
				bn++;
		}
		da_buf_addf(out, "@@ -%zu,%zu +%zu,%zu @@\n", an ? ai + 1 : ai, an,
			    bn ? bj + 1 : bj, bn);
		for (x = start; x < end; x++) {
			if (ops[x] == '=') {
				add_line(out, ' ', la.s[ai], la.len[ai]);
				ai++;
				bj++;
			} else if (ops[x] == '-') {
				add_line(out, '-', la.s[ai], la.len[ai]);
				ai++;
			} else {
				add_line(out, '+', lb.s[bj], lb.len[bj]);
				bj++;
			}
		}
		i = ai;
		j = bj;
		k = end;
	}
	free(ops);
	free(la.s);
	free(la.len);
	free(lb.s);
	free(lb.len);
}

/* ---- output ------------------------------------------------------------- */

static const char *kind_name(enum da_fix_kind k)
{
	switch (k) {
	case DA_FIX_DAEMON_JSON: return "daemon.json";
	case DA_FIX_AUDIT_RULE: return "audit-rule";
	case DA_FIX_OWNER: return "owner";
	case DA_FIX_MODE: return "mode";
	case DA_FIX_ENV: return "environment";
	case DA_FIX_CONTAINER: return "container";
	case DA_FIX_MANUAL: default: return "manual";
	}
}

static const char *apply_name(const struct da_fix_item *it)
{
	if (it->apply == DA_FIX_AUTO)
		return "write";
	if (it->apply == DA_FIX_ACCEPT)
		return it->accepted ? "accepted" : "needs-accept";
	return "manual";
}

static void put(FILE *fp, const char *label, const char *s)
{
	struct da_buf b = { 0 };

	if (!s)
		return;
	da_escape_text(&b, s);
	fprintf(fp, "    %-8s %s\n", label, da_buf_str(&b));
	da_buf_release(&b);
}

static void print_file_diff(FILE *fp, const struct da_fix_file *f)
{
	struct da_buf d = { 0 }, l = { 0 };
	char *a, *b;

	if (!f->new_text || !f->path)
		return;
	da_escape_text(&l, f->path);
	a = f->exists ? da_xasprintf("a%s", da_buf_str(&l)) : da_xstrdup("/dev/null");
	b = da_xasprintf("b%s", da_buf_str(&l));
	da_fix_diff(&d, a, b, f->old_text, f->new_text);
	fputs(da_buf_str(&d), fp);
	free(a);
	free(b);
	da_buf_release(&d);
	da_buf_release(&l);
}

void da_fix_print_text(FILE *fp, const struct da_fix_plan *p, bool write)
{
	size_t i, n_write = 0, n_accept = 0, n_manual = 0;

	if (p->n_items == 0) {
		fputs("Nothing to fix: no failing check has a change dockaudit can plan.\n", fp);
		return;
	}
	fprintf(fp, "Plan: %zu item%s\n\n", p->n_items, p->n_items == 1 ? "" : "s");
	for (i = 0; i < p->n_items; i++) {
		const struct da_fix_item *it = &p->items[i];
		struct da_buf b = { 0 };

		da_escape_text(&b, it->check);
		fprintf(fp, "[%s] %s (%s)\n", apply_name(it), da_buf_str(&b), kind_name(it->kind));
		da_buf_release(&b);
		put(fp, "finding", it->finding);
		put(fp, "change", it->change);
		put(fp, "impact", it->impact);
		put(fp, "restart", it->restart);
		if (it->apply == DA_FIX_MANUAL_STEP)
			put(fp, "manual", it->manual);
		if (it->apply == DA_FIX_ACCEPT && !it->accepted) {
			char *s = da_xasprintf("--accept %s", it->kind == DA_FIX_CONTAINER
					       ? "containers" : it->check);
			put(fp, "apply", s);
			free(s);
		}
		if (it->apply == DA_FIX_AUTO)
			n_write++;
		else if (it->apply == DA_FIX_ACCEPT)
			it->accepted ? n_write++ : n_accept++;
		else
			n_manual++;
	}
	fputc('\n', fp);
	print_file_diff(fp, &p->daemon_json);
	print_file_diff(fp, &p->rules);
	print_file_diff(fp, &p->env);
	for (i = 0; i < p->n_updates; i++) {
		struct da_buf b = { 0 };
		const char *body = json_object_to_json_string_ext(p->updates[i].body,
								  JSON_C_TO_STRING_PLAIN);
		if (i == 0)
			fputs("Container updates (POST /containers/{id}/update, no restart):\n", fp);
		da_escape_text(&b, p->updates[i].name);
		fprintf(fp, "  %s: ", da_buf_str(&b));
		da_buf_release(&b);
		da_escape_text(&b, body);
		fprintf(fp, "%s\n", da_buf_str(&b));
		da_buf_release(&b);
	}
	fprintf(fp, "\n%zu to write, %zu waiting for --accept, %zu manual\n", n_write, n_accept,
		n_manual);
	if (p->blocked) {
		struct da_buf b = { 0 };
		da_escape_text(&b, p->blocked);
		fprintf(fp, "--write refuses this plan: %s\n", da_buf_str(&b));
		da_buf_release(&b);
	}
	if (!write && n_write)
		fputs("Nothing was changed; run again with --write to apply.\n", fp);
}

static struct json_object *jstr(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

static struct json_object *file_json(const struct da_fix_file *f)
{
	struct json_object *o;
	struct da_buf d = { 0 };
	char *a, *b;

	if (!f->new_text || !f->path)
		return NULL;
	o = json_object_new_object();
	json_object_object_add(o, "path", jstr(f->path));
	json_object_object_add(o, "exists", json_object_new_boolean(f->exists));
	a = f->exists ? da_xasprintf("a%s", f->path) : da_xstrdup("/dev/null");
	b = da_xasprintf("b%s", f->path);
	da_fix_diff(&d, a, b, f->old_text, f->new_text);
	json_object_object_add(o, "diff", json_object_new_string(da_buf_str(&d)));
	json_object_object_add(o, "content", json_object_new_string(f->new_text));
	free(a);
	free(b);
	da_buf_release(&d);
	return o;
}

struct json_object *da_fix_to_json(const struct da_fix_plan *p, bool write,
				   const char *benchmark)
{
	struct json_object *root = json_object_new_object();
	struct json_object *items = json_object_new_array();
	struct json_object *files = json_object_new_array();
	size_t i;

	json_object_object_add(root, "schema", json_object_new_string("dockaudit-fix-1"));
	json_object_object_add(root, "dockaudit_version", json_object_new_string(PACKAGE_VERSION));
	json_object_object_add(root, "benchmark", jstr(benchmark));
	json_object_object_add(root, "write", json_object_new_boolean(write));
	json_object_object_add(root, "blocked", jstr(p->blocked));
	for (i = 0; i < p->n_items; i++) {
		const struct da_fix_item *it = &p->items[i];
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "check", jstr(it->check));
		json_object_object_add(o, "kind", json_object_new_string(kind_name(it->kind)));
		json_object_object_add(o, "apply", json_object_new_string(apply_name(it)));
		json_object_object_add(o, "finding", jstr(it->finding));
		json_object_object_add(o, "change", jstr(it->change));
		json_object_object_add(o, "impact", jstr(it->impact));
		json_object_object_add(o, "restart", jstr(it->restart));
		json_object_object_add(o, "manual", it->apply == DA_FIX_MANUAL_STEP
				       ? jstr(it->manual) : NULL);
		json_object_object_add(o, "path", jstr(it->path));
		if (it->kind == DA_FIX_DAEMON_JSON) {
			json_object_object_add(o, "key", jstr(it->key));
			json_object_object_add(o, "value", json_object_get(it->value));
		}
		if (it->kind == DA_FIX_CONTAINER) {
			json_object_object_add(o, "container", jstr(it->container_name));
			json_object_object_add(o, "container_id", jstr(it->container_id));
			json_object_object_add(o, "update", json_object_get(it->update));
		}
		json_object_array_add(items, o);
	}
	json_object_object_add(root, "items", items);
	{
		struct json_object *f;
		if ((f = file_json(&p->daemon_json)))
			json_object_array_add(files, f);
		if ((f = file_json(&p->rules)))
			json_object_array_add(files, f);
		if ((f = file_json(&p->env)))
			json_object_array_add(files, f);
	}
	json_object_object_add(root, "files", files);
	{
		struct json_object *ups = json_object_new_array();
		for (i = 0; i < p->n_updates; i++) {
			struct json_object *u = json_object_new_object();
			json_object_object_add(u, "container", jstr(p->updates[i].name));
			json_object_object_add(u, "container_id", jstr(p->updates[i].id));
			json_object_object_add(u, "body", json_object_get(p->updates[i].body));
			json_object_array_add(ups, u);
		}
		json_object_object_add(root, "updates", ups);
	}
	return root;
}
