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

static const char *const known_keys[] = {
	"icc", "log-level", "iptables", "insecure-registries", "userns-remap",
	"no-new-privileges", "live-restore", "userland-proxy", "experimental",
	"default-ulimits", NULL
};

bool da_fix_known_key(const char *key)
{
	size_t i;

	for (i = 0; known_keys[i]; i++)
		if (strcmp(known_keys[i], key) == 0)
			return true;
	return false;
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
			it->manual = da_xasprintf("cannot read %s: %s", x->name, strerror(-rc));
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

/* ---- containers: run flags and Compose keys, always manual -------------- */

struct container_fix {
	const char *id;    /* runtime module default id */
	const char *flag;
	const char *compose;
};

static const struct container_fix container_fixes[] = {
	{ "5.3", "--cap-drop ALL --cap-add <only what it needs>", "cap_drop: [ALL]" },
	{ "5.4", "no --privileged", "privileged: false" },
	{ "5.10", "--memory 512m", "mem_limit: 512m" },
	{ "5.11", "--cpu-shares 512", "cpu_shares: 512" },
	{ "5.12", "--read-only (with --tmpfs for writable paths)", "read_only: true" },
	{ "5.13", "-p 127.0.0.1:HOSTPORT:PORT", "ports: [\"127.0.0.1:HOSTPORT:PORT\"]" },
	{ "5.14", "--restart on-failure:5", "restart: on-failure:5" },
	{ "5.25", "--security-opt no-new-privileges", "security_opt: [\"no-new-privileges:true\"]" },
	{ "5.28", "--pids-limit 100", "pids_limit: 100" },
};

static void plan_containers(struct da_fix_plan *p, const struct da_result *res)
{
	const struct container_fix *cf = NULL;
	size_t i;

	for (i = 0; i < sizeof(container_fixes) / sizeof(container_fixes[0]); i++)
		if (strcmp(container_fixes[i].id, res->def->check->id) == 0)
			cf = &container_fixes[i];
	if (!cf)
		return;
	for (i = 0; i < res->n_items; i++) {
		const struct da_item *x = &res->items[i];
		struct da_fix_item *it;
		const char *who = x->name ? x->name : x->id;

		if (!who || !x->kind || strcmp(x->kind, "container") != 0)
			continue;
		it = item_new(p, DA_FIX_CONTAINER, res);
		it->apply = DA_FIX_MANUAL_STEP;
		it->restart = da_xstrdup("recreate the container");
		it->change = da_xasprintf("container %s: docker run %s", who, cf->flag);
		it->manual = da_xasprintf("recreate %s with docker run %s, or in Compose: %s", who,
					  cf->flag, cf->compose);
	}
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
			} else if (strcmp(mod, "runtime") == 0) {
				plan_containers(p, res);
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
		json_object_put(it->value);
	}
	free(p->items);
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
			char *s = da_xasprintf("--accept %s", it->check);
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
	return root;
}
