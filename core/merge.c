/*
 * dockaudit merge: one fleet report from the JSON reports of many daemons.
 *
 * Each report is read (at most DA_MERGE_REPORT_MAX bytes, weighed before
 * it is parsed), checked member by member, and reduced to what the fleet
 * report shows: its host (name, daemon ID, endpoint, versions, summary)
 * and, per check, its status, detail and item count.  The parsed document
 * is dropped before the next report is read, so memory is one report plus
 * the reductions.  Every string from a report is escaped by each output
 * format, and in error messages.
 */
#include "config.h"

#include "engine.h"
#include "escape.h"
#include "format.h"
#include "merge.h"
#include "report.h"

#include <errno.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FLEET_SCHEMA_VERSION "1.0"
#define MERGE_DEPTH 32
/* host names listed per status in the text format */
#define TEXT_NAMES_MAX 20

static const char *const status_names[5] = { "PASS", "WARN", "INFO", "NOTE", "ERROR" };
/* the first 7 are in every report; waived and new since report schema 1.1 */
static const char *const sum_names[DA_FLEET_SUMS] = { "checks", "score", "pass", "warn", "info",
						      "note", "error", "waived", "new" };

void da_fleet_init(struct da_fleet *f)
{
	memset(f, 0, sizeof(*f));
	f->index = json_object_new_object();
	f->host_keys = json_object_new_object();
}

void da_fleet_release(struct da_fleet *f)
{
	size_t i, j;

	for (i = 0; i < f->n_hosts; i++) {
		struct da_fleet_host *h = &f->hosts[i];
		free(h->file);
		free(h->name);
		free(h->id);
		free(h->endpoint);
		free(h->docker_version);
		free(h->tool_version);
		free(h->start);
		free(h->label);
	}
	for (i = 0; i < f->n_checks; i++) {
		for (j = 0; j < f->checks[i].n_res; j++)
			free(f->checks[i].res[j].detail);
		free(f->checks[i].res);
		free(f->checks[i].id);
		free(f->checks[i].title);
	}
	for (i = 0; i < f->n_notes; i++)
		free(f->notes[i]);
	free(f->notes);
	free(f->hosts);
	free(f->checks);
	free(f->benchmark);
	free(f->benchmark_title);
	free(f->first_file);
	json_object_put(f->index);
	json_object_put(f->host_keys);
	memset(f, 0, sizeof(*f));
}

/* s escaped for a one-line message (NULL as "null"); to free. */
static char *esc_line(const char *s)
{
	struct da_buf b = { 0 };

	if (!s)
		return da_xstrdup("null");
	da_escape_text(&b, s);
	return da_buf_steal(&b);
}

/* --- reading one report ---------------------------------------------------- */

static struct json_object *member(struct json_object *o, const char *key)
{
	struct json_object *v = NULL;

	if (!json_object_is_type(o, json_type_object) || !json_object_object_get_ex(o, key, &v))
		return NULL;
	return v;
}

/*
 * The string member key of o: *out is set (NULL for a JSON null when
 * nullable).  False when it is missing or of another type.
 */
static bool get_str(struct json_object *o, const char *key, bool nullable, const char **out)
{
	struct json_object *v = NULL;

	if (!json_object_is_type(o, json_type_object) || !json_object_object_get_ex(o, key, &v))
		return false;
	if (json_object_is_type(v, json_type_string)) {
		*out = json_object_get_string(v);
		return true;
	}
	if (nullable && v == NULL) {
		*out = NULL;
		return true;
	}
	return false;
}

static bool get_int(struct json_object *o, const char *key, long *out)
{
	struct json_object *v = member(o, key);
	int64_t x;

	if (!json_object_is_type(v, json_type_int))
		return false;
	x = json_object_get_int64(v);
	if (x < -1000000000 || x > 1000000000)
		return false;
	*out = (long)x;
	return true;
}

static int status_of(const char *s)
{
	int i;

	for (i = 0; s && i < 5; i++)
		if (strcmp(s, status_names[i]) == 0)
			return i;
	return -1;
}

/* Numeric order of dotted ids: 1.1.2 < 1.1.10 < 2; text after digits by bytes. */
static int id_cmp(const char *a, const char *b)
{
	while (*a && *b) {
		if (*a >= '0' && *a <= '9' && *b >= '0' && *b <= '9') {
			char *ea, *eb;
			unsigned long x = strtoul(a, &ea, 10), y = strtoul(b, &eb, 10);
			if (x != y)
				return x < y ? -1 : 1;
			a = ea;
			b = eb;
			continue;
		}
		if (*a != *b)
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		a++;
		b++;
	}
	return *a ? 1 : *b ? -1 : 0;
}

static struct da_fleet_check *check_for(struct da_fleet *f, const char *id, const char *title,
					bool scored)
{
	struct json_object *pos = member(f->index, id);
	struct da_fleet_check *c;

	if (pos)
		return &f->checks[json_object_get_int(pos)];
	if (f->n_checks == DA_MERGE_CHECKS_MAX)
		return NULL;
	f->checks = da_xrealloc(f->checks, (f->n_checks + 1) * sizeof(*f->checks));
	c = &f->checks[f->n_checks];
	memset(c, 0, sizeof(*c));
	c->id = da_xstrdup(id);
	c->title = da_xstrdup(title);
	c->scored = scored;
	json_object_object_add(f->index, id, json_object_new_int((int)f->n_checks));
	f->n_checks++;
	return c;
}

/*
 * Undoes what a refused report had added (host h): its results, and the
 * checks it was the first to have (those from position first_new on).
 */
static void drop_results(struct da_fleet *f, size_t h, size_t first_new)
{
	size_t i;

	while (f->n_checks > first_new) {
		struct da_fleet_check *c = &f->checks[--f->n_checks];
		json_object_object_del(f->index, c->id);
		for (i = 0; i < c->n_res; i++)
			free(c->res[i].detail);
		free(c->res);
		free(c->id);
		free(c->title);
	}
	for (i = 0; i < f->n_checks; i++) {
		struct da_fleet_check *c = &f->checks[i];
		if (c->n_res > h) {
			if (c->res[h].status >= 0)
				c->count[c->res[h].status]--;
			free(c->res[h].detail);
			c->n_res = h;
		}
	}
}

/* A check result of host h; false when the check entry is malformed. */
static int add_result(struct da_fleet *f, size_t h, struct json_object *ck, const char *file,
		      char *err, size_t errlen)
{
	const char *id, *title, *status, *detail;
	struct json_object *scored = member(ck, "scored");
	struct da_fleet_check *c;
	long items = 0;
	int st;
	size_t i;

	if (!get_str(ck, "id", false, &id) || !get_str(ck, "title", false, &title) ||
	    !get_str(ck, "status", false, &status) || !get_str(ck, "detail", true, &detail) ||
	    !json_object_is_type(scored, json_type_boolean)) {
		snprintf(err, errlen, "%s is not a dockaudit report: a check without id, title, "
			 "status, scored or detail", file);
		return DA_ERR_PARSE;
	}
	st = status_of(status);
	if (st < 0) {
		char *e = esc_line(status);
		snprintf(err, errlen, "%s is not a dockaudit report: check status '%s'", file, e);
		free(e);
		return DA_ERR_PARSE;
	}
	if (!get_int(ck, "items_total", &items) || items < 0)
		items = 0;
	c = check_for(f, id, title, json_object_get_boolean(scored));
	if (!c) {
		snprintf(err, errlen, "%s: more than %d different checks in the fleet", file,
			 DA_MERGE_CHECKS_MAX);
		return DA_ERR_PARSE;
	}
	if (c->n_res > h) {
		char *e = esc_line(id);
		snprintf(err, errlen, "%s is not a dockaudit report: check %s twice", file, e);
		free(e);
		return DA_ERR_PARSE;
	}
	c->res = da_xrealloc(c->res, (h + 1) * sizeof(*c->res));
	for (i = c->n_res; i < h; i++)
		c->res[i] = (struct da_fleet_result){ -1, NULL, 0 };
	c->res[h] = (struct da_fleet_result){ st, da_xstrdup(detail), items };
	c->n_res = h + 1;
	c->count[st]++;
	return DA_OK;
}

/*
 * The key of a daemon: its ID, name and endpoint, absent parts marked.
 * The endpoint is part of it since dockerds before 23.0 take their ID from
 * the host's key (/etc/docker/key.json): two daemons of one host share it.
 */
static char *host_key(const char *id, const char *name, const char *endpoint)
{
	return da_xasprintf("%c%s\n%c%s\n%s", id ? '+' : '-', id ? id : "", name ? '+' : '-',
			    name ? name : "", endpoint);
}

static int parse_doc(struct json_object **out, const char *file, const char *data,
		     size_t len, char *err, size_t errlen)
{
	struct json_tokener *tok;
	struct json_object *doc;
	char *fixed;
	size_t end;

	*out = NULL;
	if (len > DA_MERGE_REPORT_MAX) {
		snprintf(err, errlen, "%s is larger than %zu MiB", file, DA_MERGE_REPORT_MAX >> 20);
		return DA_ERR_PARSE;
	}
	if (da_json_parse_cost(data, len) > DA_ENGINE_MAX_TOTAL) {
		snprintf(err, errlen, "%s is too large to parse: more than %zu MiB once parsed",
			 file, DA_ENGINE_MAX_TOTAL >> 20);
		return DA_ERR_PARSE;
	}
	tok = json_tokener_new_ex(MERGE_DEPTH);
	if (!tok) {
		snprintf(err, errlen, "cannot read %s: out of memory", file);
		return DA_ERR_NOMEM;
	}
	fixed = da_json_defuse_nul(data, len, &len);
	if (fixed)
		data = fixed;
	doc = json_tokener_parse_ex(tok, data, (int)len);
	if (!doc || json_tokener_get_error(tok) != json_tokener_success) {
		enum json_tokener_error e = json_tokener_get_error(tok);
		snprintf(err, errlen, "%s is not valid JSON: %s", file,
			 len == 0 ? "empty" :
			 e == json_tokener_continue ? "truncated" :
			 e == json_tokener_success ? "out of memory" : json_tokener_error_desc(e));
		json_object_put(doc);
		json_tokener_free(tok);
		free(fixed);
		return DA_ERR_PARSE;
	}
	end = json_tokener_get_parse_end(tok);
	while (end < len && data[end] && strchr(" \t\r\n", data[end]))
		end++;
	json_tokener_free(tok);
	free(fixed);
	if (end < len) {
		json_object_put(doc);
		snprintf(err, errlen, "%s is not valid JSON: trailing data", file);
		return DA_ERR_PARSE;
	}
	*out = doc;
	return DA_OK;
}

int da_fleet_add(struct da_fleet *f, const char *file, const char *data, size_t len,
		 char *err, size_t errlen)
{
	struct json_object *doc = NULL, *target, *summary, *sections, *tool, *bench;
	const char *schema, *tool_v, *bench_id, *bench_title, *endpoint, *name, *id = NULL;
	const char *docker_v, *start;
	struct da_fleet_host *h;
	size_t hi = f->n_hosts, first_new = f->n_checks, i, j;
	char *key = NULL;
	long sum[DA_FLEET_SUMS] = { 0 };
	int rc;

	rc = parse_doc(&doc, file, data, len, err, errlen);
	if (rc != DA_OK)
		return rc;
	rc = DA_ERR_PARSE;
	tool = member(doc, "tool");
	bench = member(doc, "benchmark");
	target = member(doc, "target");
	summary = member(doc, "summary");
	sections = member(doc, "sections");
	if (!get_str(doc, "schema_version", false, &schema) || !get_str(tool, "version", false, &tool_v) ||
	    !get_str(bench, "id", false, &bench_id) || !get_str(bench, "title", false, &bench_title) ||
	    !get_str(target, "endpoint", false, &endpoint) ||
	    !get_str(target, "hostname", true, &name) ||
	    !get_str(target, "docker_version", true, &docker_v) ||
	    !get_str(doc, "start", false, &start) ||
	    !json_object_is_type(sections, json_type_array) ||
	    !json_object_is_type(summary, json_type_object)) {
		snprintf(err, errlen, "%s is not a dockaudit JSON report (dockaudit --format json): "
			 "schema_version, tool, benchmark, target, start, sections or summary "
			 "missing", file);
		goto out;
	}
	if (strncmp(schema, "1.", 2) != 0) {
		char *e = esc_line(schema);
		snprintf(err, errlen, "%s has schema_version %s; this dockaudit reads 1.x", file, e);
		free(e);
		goto out;
	}
	if (member(target, "daemon_id") && !get_str(target, "daemon_id", true, &id)) {
		snprintf(err, errlen, "%s is not a dockaudit report: target.daemon_id is no string",
			 file);
		goto out;
	}
	for (i = 0; i < DA_FLEET_SUMS; i++)
		if (i >= 7 && !member(summary, sum_names[i]))
			sum[i] = 0;
		else if (!get_int(summary, sum_names[i], &sum[i]) || (i != 1 && sum[i] < 0)) {
			snprintf(err, errlen, "%s is not a dockaudit report: summary.%s missing "
				 "or negative",
				 file, sum_names[i]);
			goto out;
		}
	if (f->benchmark && strcmp(f->benchmark, bench_id) != 0) {
		char *e = esc_line(bench_id), *e0 = esc_line(f->benchmark);
		snprintf(err, errlen, "%s audits benchmark %s, %s audits %s: merge reports of one "
			 "benchmark", file, e, f->first_file, e0);
		free(e);
		free(e0);
		rc = DA_ERR_INVALID;
		goto out;
	}
	if (f->n_hosts == DA_MERGE_HOSTS_MAX) {
		snprintf(err, errlen, "%s: more than %d reports", file, DA_MERGE_HOSTS_MAX);
		rc = DA_ERR_INVALID;
		goto out;
	}
	key = host_key(id, name, endpoint);
	{
		struct json_object *seen = member(f->host_keys, key);
		if (seen) {
			const struct da_fleet_host *o = &f->hosts[json_object_get_int(seen)];
			char *en = esc_line(name), *ei = esc_line(id), *ee = esc_line(endpoint);
			snprintf(err, errlen, "%s and %s report the same daemon (name %s, ID %s, "
				 "endpoint %s): merge one report per daemon", o->file, file, en, ei,
				 ee);
			free(en);
			free(ei);
			free(ee);
			rc = DA_ERR_INVALID;
			goto out;
		}
	}
	for (i = 0; i < json_object_array_length(sections); i++) {
		struct json_object *checks = member(json_object_array_get_idx(sections, i), "checks");
		if (!json_object_is_type(checks, json_type_array)) {
			snprintf(err, errlen, "%s is not a dockaudit report: a section without checks",
				 file);
			drop_results(f, hi, first_new);
			goto out;
		}
		for (j = 0; j < json_object_array_length(checks); j++) {
			rc = add_result(f, hi, json_object_array_get_idx(checks, j), file, err,
					errlen);
			if (rc != DA_OK) {
				drop_results(f, hi, first_new);
				goto out;
			}
		}
	}
	rc = DA_OK;
	if (!f->benchmark) {
		f->benchmark = da_xstrdup(bench_id);
		f->benchmark_title = da_xstrdup(bench_title);
		f->first_file = da_xstrdup(file);
	}
	f->hosts = da_xrealloc(f->hosts, (f->n_hosts + 1) * sizeof(*f->hosts));
	h = &f->hosts[f->n_hosts];
	memset(h, 0, sizeof(*h));
	h->file = da_xstrdup(file);
	h->name = da_xstrdup(name);
	h->id = da_xstrdup(id);
	h->endpoint = da_xstrdup(endpoint);
	h->docker_version = da_xstrdup(docker_v);
	h->tool_version = da_xstrdup(tool_v);
	h->start = da_xstrdup(start);
	memcpy(h->sum, sum, sizeof(sum));
	json_object_object_add(f->host_keys, key, json_object_new_int((int)f->n_hosts));
	f->n_hosts++;
out:
	free(key);
	json_object_put(doc);
	return rc;
}

int da_fleet_add_file(struct da_fleet *f, const char *file, char *err, size_t errlen)
{
	struct da_buf b = { 0 };
	/* "-": a report on standard input, named so in messages and outputs */
	const char *name = strcmp(file, "-") == 0 ? "standard input" : file;
	int rc;

	rc = da_read_input(file, DA_MERGE_REPORT_MAX, &b);
	if (rc == DA_ERR_TOOBIG) {
		snprintf(err, errlen, "%s is larger than %zu MiB", name,
			 (size_t)DA_MERGE_REPORT_MAX >> 20);
		rc = DA_ERR_PARSE;
	} else if (rc != DA_OK) {
		snprintf(err, errlen, "cannot read %s: %s", name, da_strerror(rc));
		rc = DA_ERR_IO;
	}
	if (rc == DA_OK)
		rc = da_fleet_add(f, name, da_buf_str(&b), b.len, err, errlen);
	da_buf_release(&b);
	return rc;
}

/* --- the merge's end ---------------------------------------------------------- */

static int check_order(const void *a, const void *b)
{
	return id_cmp(((const struct da_fleet_check *)a)->id,
		      ((const struct da_fleet_check *)b)->id);
}

static void add_note(struct da_fleet *f, char *note)
{
	f->notes = da_xrealloc(f->notes, (f->n_notes + 1) * sizeof(*f->notes));
	f->notes[f->n_notes++] = note;
}

void da_fleet_finish(struct da_fleet *f)
{
	struct json_object *versions = json_object_new_object();
	size_t i, j;

	if (f->n_checks) /* qsort wants a table, even an empty one */
		qsort(f->checks, f->n_checks, sizeof(*f->checks), check_order);
	for (i = 0; i < f->n_checks; i++)
		json_object_object_add(f->index, f->checks[i].id, json_object_new_int((int)i));

	/*
	 * Each host's label: its name; with the start of its ID when another
	 * host has that name, with its endpoint when another has that name and
	 * ID too (two daemons of one host).
	 */
	for (i = 0; i < f->n_hosts; i++) {
		struct da_fleet_host *h = &f->hosts[i];
		bool same_name = false, same_id = false;
		for (j = 0; h->name && j < f->n_hosts; j++) {
			const struct da_fleet_host *o = &f->hosts[j];
			if (j == i || !o->name || strcmp(o->name, h->name) != 0)
				continue;
			same_name = true;
			if (!h->id || !o->id || strcmp(o->id, h->id) == 0)
				same_id = true;
		}
		if (!h->name)
			h->label = da_xstrdup(h->endpoint);
		else if (same_name && !same_id)
			h->label = da_xasprintf("%s (%.12s)", h->name, h->id);
		else if (same_name)
			h->label = da_xasprintf("%s (%s)", h->name, h->endpoint);
		else
			h->label = da_xstrdup(h->name);
	}

	/* the tool versions, when they differ */
	for (i = 0; i < f->n_hosts; i++) {
		struct json_object *n = member(versions, f->hosts[i].tool_version);
		json_object_object_add(versions, f->hosts[i].tool_version,
				       json_object_new_int(n ? json_object_get_int(n) + 1 : 1));
	}
	if (json_object_object_length(versions) > 1) {
		struct da_buf b = { 0 };
		size_t k = 0;
		da_buf_adds(&b, "the reports come from different dockaudit versions (");
		json_object_object_foreach(versions, ver, cnt) {
			da_buf_addf(&b, "%s%s: %d host%s", k++ ? ", " : "", ver,
				    json_object_get_int(cnt), json_object_get_int(cnt) == 1 ? "" : "s");
		}
		da_buf_adds(&b, "); a check may judge differently from one version to another");
		add_note(f, da_buf_steal(&b));
	}
	json_object_put(versions);
}

/* --- outputs ------------------------------------------------------------------ */

static const struct da_fleet_result *result_of(const struct da_fleet_check *c, size_t h)
{
	return h < c->n_res && c->res[h].status >= 0 ? &c->res[h] : NULL;
}

static int hosts_ran(const struct da_fleet_check *c)
{
	return c->count[0] + c->count[1] + c->count[2] + c->count[3] + c->count[4];
}

static void text_esc(struct da_buf *b, const char *s)
{
	da_escape_text(b, s ? s : "");
}

/* "WARN on 2 of 3 hosts: a, b" for status st of check c. */
static void text_status_line(struct da_buf *b, const struct da_fleet *f,
			     const struct da_fleet_check *c, int st)
{
	size_t h, shown = 0;

	da_buf_addf(b, "    %s on %d of %zu host%s:", status_names[st], c->count[st], f->n_hosts,
		    f->n_hosts == 1 ? "" : "s");
	for (h = 0; h < f->n_hosts; h++) {
		const struct da_fleet_result *r = result_of(c, h);
		if (!r || r->status != st)
			continue;
		if (shown == TEXT_NAMES_MAX) {
			da_buf_addf(b, " and %zu more", (size_t)c->count[st] - shown);
			break;
		}
		da_buf_adds(b, shown++ ? ", " : " ");
		text_esc(b, f->hosts[h].label);
	}
	da_buf_addc(b, '\n');
}

static void render_text(const struct da_fleet *f, struct da_buf *b)
{
	size_t i, n_fail = 0, n_err = 0, n_pass = 0;

	da_buf_addf(b, "dockaudit fleet report: %zu host%s, ", f->n_hosts, f->n_hosts == 1 ? "" : "s");
	text_esc(b, f->benchmark_title);
	da_buf_adds(b, "\n");
	for (i = 0; i < f->n_notes; i++) {
		da_buf_adds(b, "Note: ");
		text_esc(b, f->notes[i]);
		da_buf_addc(b, '\n');
	}
	da_buf_adds(b, "\nHosts:\n  score  checks  pass  warn  info  note  error  host\n");
	for (i = 0; i < f->n_hosts; i++) {
		const struct da_fleet_host *h = &f->hosts[i];
		da_buf_addf(b, "  %5ld  %6ld  %4ld  %4ld  %4ld  %4ld  %5ld  ", h->sum[1], h->sum[0],
			    h->sum[2], h->sum[3], h->sum[4], h->sum[5], h->sum[6]);
		text_esc(b, h->label);
		da_buf_adds(b, " [");
		text_esc(b, h->id ? h->id : "no daemon ID");
		da_buf_adds(b, ", ");
		text_esc(b, h->endpoint);
		da_buf_adds(b, ", dockaudit ");
		text_esc(b, h->tool_version);
		da_buf_adds(b, ", ");
		text_esc(b, h->file);
		da_buf_adds(b, "]\n");
	}
	da_buf_adds(b, "\nChecks that warn or cannot run on some host:\n");
	for (i = 0; i < f->n_checks; i++) {
		const struct da_fleet_check *c = &f->checks[i];
		if (c->count[1])
			n_fail++;
		if (c->count[4])
			n_err++;
		if (c->count[0] && c->count[0] == hosts_ran(c))
			n_pass++;
		if (!c->count[1] && !c->count[4])
			continue;
		da_buf_adds(b, "  ");
		text_esc(b, c->id);
		da_buf_addc(b, ' ');
		text_esc(b, c->title);
		da_buf_addc(b, '\n');
		if (c->count[1])
			text_status_line(b, f, c, 1);
		if (c->count[4])
			text_status_line(b, f, c, 4);
	}
	if (!n_fail && !n_err)
		da_buf_adds(b, "  none\n");
	da_buf_addf(b, "\nChecks: %zu; %zu pass on every host that ran them, %zu warn on some "
		    "host, %zu cannot run on some host\n", f->n_checks, n_pass, n_fail, n_err);
}

static void json_str(struct da_buf *b, const char *s)
{
	da_escape_json(b, s);
}

static void render_json(const struct da_fleet *f, struct da_buf *b)
{
	size_t i, h;
	long smin = 0, smax = 0;
	size_t n_fail = 0, n_err = 0;

	da_buf_adds(b, "{\n  \"schema_version\": \"" FLEET_SCHEMA_VERSION "\",\n"
		    "  \"tool\": {\"name\": \"dockaudit\", \"version\": ");
	json_str(b, PACKAGE_VERSION);
	da_buf_adds(b, "},\n  \"benchmark\": {\"id\": ");
	json_str(b, f->benchmark);
	da_buf_adds(b, ", \"title\": ");
	json_str(b, f->benchmark_title);
	da_buf_adds(b, "},\n  \"notes\": [");
	for (i = 0; i < f->n_notes; i++) {
		da_buf_adds(b, i ? ", " : "");
		json_str(b, f->notes[i]);
	}
	da_buf_adds(b, "],\n  \"hosts\": [");
	for (i = 0; i < f->n_hosts; i++) {
		const struct da_fleet_host *ho = &f->hosts[i];
		size_t k;
		da_buf_adds(b, i ? ",\n    {\"label\": " : "\n    {\"label\": ");
		json_str(b, ho->label);
		da_buf_adds(b, ", \"name\": ");
		json_str(b, ho->name);
		da_buf_adds(b, ", \"daemon_id\": ");
		json_str(b, ho->id);
		da_buf_adds(b, ", \"endpoint\": ");
		json_str(b, ho->endpoint);
		da_buf_adds(b, ", \"docker_version\": ");
		json_str(b, ho->docker_version);
		da_buf_adds(b, ", \"tool_version\": ");
		json_str(b, ho->tool_version);
		da_buf_adds(b, ", \"report\": ");
		json_str(b, ho->file);
		da_buf_adds(b, ", \"start\": ");
		json_str(b, ho->start);
		da_buf_adds(b, ",\n     \"summary\": {");
		for (k = 0; k < DA_FLEET_SUMS; k++)
			da_buf_addf(b, "%s\"%s\": %ld", k ? ", " : "", sum_names[k], ho->sum[k]);
		da_buf_adds(b, "}}");
		if (i == 0 || ho->sum[1] < smin)
			smin = ho->sum[1];
		if (i == 0 || ho->sum[1] > smax)
			smax = ho->sum[1];
	}
	da_buf_adds(b, f->n_hosts ? "\n  ],\n  \"checks\": [" : "],\n  \"checks\": [");
	for (i = 0; i < f->n_checks; i++) {
		const struct da_fleet_check *c = &f->checks[i];
		size_t n = 0;
		int st;
		n_fail += c->count[1] != 0;
		n_err += c->count[4] != 0;
		da_buf_adds(b, i ? ",\n    {\"id\": " : "\n    {\"id\": ");
		json_str(b, c->id);
		da_buf_adds(b, ", \"title\": ");
		json_str(b, c->title);
		da_buf_addf(b, ", \"scored\": %s, \"hosts\": %d", c->scored ? "true" : "false",
			    hosts_ran(c));
		for (st = 0; st < 5; st++)
			da_buf_addf(b, ", \"%s\": %d", sum_names[st + 2], c->count[st]);
		da_buf_adds(b, ",\n     \"results\": [");
		for (h = 0; h < f->n_hosts; h++) {
			const struct da_fleet_result *r = result_of(c, h);
			if (!r)
				continue;
			da_buf_addf(b, "%s\n       {\"host\": %zu, \"status\": \"%s\", \"detail\": ",
				    n++ ? "," : "", h, status_names[r->status]);
			json_str(b, r->detail);
			da_buf_addf(b, ", \"items_total\": %ld}", r->items_total);
		}
		da_buf_adds(b, n ? "\n     ]}" : "]}");
	}
	da_buf_adds(b, f->n_checks ? "\n  ],\n" : "],\n");
	da_buf_addf(b, "  \"summary\": {\"hosts\": %zu, \"checks\": %zu, \"warn_somewhere\": %zu, "
		    "\"error_somewhere\": %zu, \"score_min\": %ld, \"score_max\": %ld}\n}\n",
		    f->n_hosts, f->n_checks, n_fail, n_err, smin, smax);
}

static void xml_attr(struct da_buf *b, const char *name, const char *value)
{
	da_buf_addf(b, " %s=\"", name);
	da_escape_xml(b, value ? value : "");
	da_buf_addc(b, '"');
}

static void xml_property(struct da_buf *b, const char *name, const char *value)
{
	if (!value)
		return;
	da_buf_adds(b, "      <property");
	xml_attr(b, "name", name);
	xml_attr(b, "value", value);
	da_buf_adds(b, "/>\n");
}

/* "2024-05-01T10:00:00" from an RFC 3339 UTC time, or the epoch. */
static void junit_time(char *t, size_t n, const char *start)
{
	size_t i;

	snprintf(t, n, "%s", "1970-01-01T00:00:00");
	if (!start || strlen(start) < 19)
		return;
	for (i = 0; i < 19; i++) {
		char c = start[i], want = "0000-00-00T00:00:00"[i];
		if (want == '0' ? (c < '0' || c > '9') : c != want)
			return;
	}
	snprintf(t, n, "%.19s", start);
}

static void render_junit(const struct da_fleet *f, struct da_buf *b)
{
	size_t h, i;

	da_buf_adds(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n");
	for (h = 0; h < f->n_hosts; h++) {
		const struct da_fleet_host *ho = &f->hosts[h];
		int tests = 0, fail = 0, errs = 0, skip = 0;
		char t[32];

		for (i = 0; i < f->n_checks; i++) {
			const struct da_fleet_result *r = result_of(&f->checks[i], h);
			if (!r)
				continue;
			tests++;
			fail += r->status == 1;
			errs += r->status == 4;
			skip += r->status == 3;
		}
		junit_time(t, sizeof(t), ho->start);
		da_buf_adds(b, "  <testsuite");
		xml_attr(b, "name", ho->label);
		da_buf_addf(b, " tests=\"%d\" failures=\"%d\" errors=\"%d\" skipped=\"%d\" "
			    "time=\"0\"", tests, fail, errs, skip);
		xml_attr(b, "timestamp", t);
		xml_attr(b, "hostname", ho->name && ho->name[strspn(ho->name, " \t\r\n")] ?
				 ho->name : "localhost");
		da_buf_addf(b, " id=\"%zu\"", h);
		xml_attr(b, "package", "dockaudit.fleet");
		da_buf_adds(b, ">\n    <properties>\n");
		xml_property(b, "dockaudit.version", ho->tool_version);
		xml_property(b, "benchmark", f->benchmark);
		xml_property(b, "endpoint", ho->endpoint);
		xml_property(b, "docker.version", ho->docker_version);
		xml_property(b, "docker.hostname", ho->name);
		xml_property(b, "docker.id", ho->id);
		xml_property(b, "report", ho->file);
		da_buf_adds(b, "    </properties>\n");
		for (i = 0; i < f->n_checks; i++) {
			const struct da_fleet_check *c = &f->checks[i];
			const struct da_fleet_result *r = result_of(c, h);
			struct da_buf name = { 0 };
			const char *elem = NULL;
			size_t dot;
			if (!r)
				continue;
			da_buf_addf(&name, "%s %s", c->id, c->title ? c->title : "");
			da_buf_adds(b, "    <testcase");
			xml_attr(b, "name", da_buf_str(&name));
			da_buf_release(&name);
			dot = strcspn(c->id, ".");
			da_buf_adds(b, " classname=\"dockaudit.section");
			da_buf_addf(&name, "%.*s", (int)dot, c->id);
			da_escape_xml(b, da_buf_str(&name));
			da_buf_release(&name);
			da_buf_adds(b, "\" time=\"0\"");
			if (r->status == 1)
				elem = "failure";
			else if (r->status == 4)
				elem = "error";
			else if (r->status == 3)
				elem = "skipped";
			if (!elem) {
				da_buf_adds(b, "/>\n");
				continue;
			}
			da_buf_addf(b, ">\n      <%s", elem);
			if (r->detail)
				xml_attr(b, "message", r->detail);
			if (r->status != 3)
				xml_attr(b, "type", status_names[r->status]);
			da_buf_adds(b, "/>\n    </testcase>\n");
		}
		da_buf_adds(b, "    <system-out></system-out>\n    <system-err></system-err>\n"
			    "  </testsuite>\n");
	}
	da_buf_adds(b, "</testsuites>\n");
}

static void render_sarif(const struct da_fleet *f, struct da_buf *b)
{
	size_t h, i;

	da_buf_adds(b, "{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
		    "  \"version\": \"2.1.0\",\n  \"runs\": [");
	for (h = 0; h < f->n_hosts; h++) {
		const struct da_fleet_host *ho = &f->hosts[h];
		size_t n_rules = 0, n_res = 0;

		da_buf_adds(b, h ? ",\n    {\n" : "\n    {\n");
		da_buf_adds(b, "      \"tool\": {\"driver\": {\"name\": \"dockaudit\", \"version\": ");
		json_str(b, ho->tool_version);
		da_buf_adds(b, ", \"informationUri\": \"https://www.cisecurity.org/benchmark/docker\","
			    " \"rules\": [");
		for (i = 0; i < f->n_checks; i++) {
			const struct da_fleet_check *c = &f->checks[i];
			if (!result_of(c, h))
				continue;
			da_buf_adds(b, n_rules++ ? ",\n        {\"id\": " : "\n        {\"id\": ");
			json_str(b, c->id);
			da_buf_adds(b, ", \"shortDescription\": {\"text\": ");
			json_str(b, c->title && *c->title ? c->title : c->id);
			da_buf_adds(b, "}}");
		}
		da_buf_adds(b, n_rules ? "\n      ]}},\n" : "]}},\n");
		da_buf_adds(b, "      \"automationDetails\": {\"id\": ");
		{
			struct da_buf id = { 0 };
			da_buf_addf(&id, "dockaudit/%zu/", h);
			json_str(b, da_buf_str(&id));
			da_buf_release(&id);
		}
		da_buf_adds(b, ", \"description\": {\"text\": ");
		json_str(b, ho->label);
		da_buf_adds(b, "}},\n      \"properties\": {\"hostname\": ");
		json_str(b, ho->name);
		da_buf_adds(b, ", \"daemonId\": ");
		json_str(b, ho->id);
		da_buf_adds(b, ", \"endpoint\": ");
		json_str(b, ho->endpoint);
		da_buf_adds(b, ", \"report\": ");
		json_str(b, ho->file);
		da_buf_adds(b, "},\n      \"results\": [");
		n_rules = 0;
		for (i = 0; i < f->n_checks; i++) {
			const struct da_fleet_check *c = &f->checks[i];
			const struct da_fleet_result *r = result_of(c, h);
			struct da_buf msg = { 0 };
			if (!r) {
				continue;
			}
			n_rules++;
			if (r->status != 1)
				continue;
			da_buf_adds(b, n_res++ ? ",\n        {\"ruleId\": " : "\n        {\"ruleId\": ");
			json_str(b, c->id);
			da_buf_addf(b, ", \"ruleIndex\": %zu, \"level\": \"%s\", \"message\": "
				    "{\"text\": ", n_rules - 1, c->scored ? "error" : "warning");
			da_buf_adds(&msg, ho->label);
			da_buf_adds(&msg, ": ");
			da_buf_adds(&msg, r->detail && *r->detail ? r->detail : c->title);
			json_str(b, da_buf_str(&msg));
			da_buf_release(&msg);
			da_buf_adds(b, "}}");
		}
		da_buf_adds(b, n_res ? "\n      ]\n    }" : "]\n    }");
	}
	da_buf_adds(b, f->n_hosts ? "\n  ]\n}\n" : "]\n}\n");
}

/* --- html: one page, the rules of the audit's html report (format_html.c) -- */

static const char *const st_key[5] = { "pass", "warn", "info", "note", "error" };

static void html_esc(struct da_buf *b, const char *s)
{
	da_escape_xml(b, s ? s : "");
}

/* A link to host h's row in the hosts table, named by its label. */
static void html_host_link(struct da_buf *b, const struct da_fleet *f, size_t h)
{
	da_buf_addf(b, "<a href=\"#h%zu\">", h);
	html_esc(b, f->hosts[h].label);
	da_buf_adds(b, "</a>");
}

/* The hosts of check c with status st: for PASS their names, for the
   others each name with its detail. */
static void html_status_hosts(struct da_buf *b, const struct da_fleet *f,
			      const struct da_fleet_check *c, int st)
{
	size_t h, shown = 0;

	da_buf_addf(b, "<div class=\"detail\"><span class=\"badge st-%s\">%s</span> on %d of "
		       "%zu host%s", st_key[st], status_names[st], c->count[st], f->n_hosts,
		    f->n_hosts == 1 ? "" : "s");
	if (st == 0) {
		/* passing hosts: named only when some other host did not pass */
		if (c->count[0] != (int)f->n_hosts) {
			da_buf_adds(b, ": <span class=\"more\">");
			for (h = 0; h < f->n_hosts; h++) {
				const struct da_fleet_result *r = result_of(c, h);
				if (!r || r->status != st)
					continue;
				da_buf_adds(b, shown++ ? ", " : "");
				html_host_link(b, f, h);
			}
			da_buf_adds(b, "</span>");
		}
		da_buf_adds(b, "</div>\n");
		return;
	}
	da_buf_adds(b, "</div>\n<ul class=\"items\">\n");
	for (h = 0; h < f->n_hosts; h++) {
		const struct da_fleet_result *r = result_of(c, h);
		if (!r || r->status != st)
			continue;
		da_buf_adds(b, "<li>");
		html_host_link(b, f, h);
		if (r->detail && *r->detail) {
			da_buf_adds(b, ": ");
			html_esc(b, r->detail);
		}
		if (r->items_total)
			da_buf_addf(b, " <span class=\"more\">(%ld item%s)</span>", r->items_total,
				    r->items_total == 1 ? "" : "s");
		da_buf_adds(b, "</li>\n");
	}
	da_buf_adds(b, "</ul>\n");
}

/* The section a check id belongs to: what precedes its first '.'. */
static size_t group_len(const char *id)
{
	const char *dot = strchr(id, '.');

	return dot ? (size_t)(dot - id) : strlen(id);
}

static void render_html(const struct da_fleet *f, struct da_buf *b)
{
	size_t i, h, n_groups = 0, n_fail = 0, n_err = 0;
	int has[5] = { 0 }, st;
	long smin = 0, smax = 0;
	const char *group = NULL;
	size_t glen = 0;

	for (i = 0; i < f->n_checks; i++) {
		for (st = 0; st < 5; st++)
			has[st] += f->checks[i].count[st] != 0;
		n_fail += f->checks[i].count[1] != 0;
		n_err += f->checks[i].count[4] != 0;
	}
	for (h = 0; h < f->n_hosts; h++) {
		if (h == 0 || f->hosts[h].sum[1] < smin)
			smin = f->hosts[h].sum[1];
		if (h == 0 || f->hosts[h].sum[1] > smax)
			smax = f->hosts[h].sum[1];
	}

	da_html_head(b, "dockaudit fleet report", NULL, PACKAGE_VERSION);
	da_buf_adds(b, "<header>\n<h1>dockaudit fleet report</h1>\n<dl class=\"meta\">\n"
		       "<dt>Benchmark</dt><dd>");
	html_esc(b, f->benchmark_title);
	da_buf_addf(b, "</dd>\n<dt>Hosts</dt><dd>%zu</dd>\n<dt>dockaudit</dt><dd>", f->n_hosts);
	html_esc(b, PACKAGE_VERSION);
	da_buf_adds(b, "</dd>\n");
	for (i = 0; i < f->n_notes; i++) {
		da_buf_adds(b, "<dt>Note</dt><dd>");
		html_esc(b, f->notes[i]);
		da_buf_adds(b, "</dd>\n");
	}
	da_buf_adds(b, "</dl>\n</header>\n");

	/* the summary and the hosts */
	da_buf_addf(b, "<section id=\"summary\"><h2>Summary</h2>\n<ul class=\"totals\">\n"
		       "<li><span class=\"n\" id=\"n-hosts\">%zu</span>hosts</li>\n"
		       "<li><span class=\"n\" id=\"n-checks\">%zu</span>checks</li>\n"
		       "<li class=\"st-warn\"><span class=\"n\" id=\"n-warn-somewhere\">%zu</span>"
		       "warn on some host</li>\n"
		       "<li class=\"st-error\"><span class=\"n\" id=\"n-error-somewhere\">%zu</span>"
		       "cannot run on some host</li>\n"
		       "<li><span class=\"n\" id=\"n-score-min\">%ld</span>lowest score</li>\n"
		       "<li><span class=\"n\" id=\"n-score-max\">%ld</span>highest score</li>\n"
		       "</ul>\n", f->n_hosts, f->n_checks, n_fail, n_err, smin, smax);
	da_buf_adds(b, "<table class=\"hosts\"><thead><tr><th>Host</th><th class=\"n\">Score</th>"
		       "<th class=\"n\">Checks</th>");
	for (st = 0; st < 5; st++)
		da_buf_addf(b, "<th class=\"n\">%s</th>", status_names[st]);
	da_buf_adds(b, "<th>Daemon ID</th><th>Endpoint</th><th>Docker</th><th>dockaudit</th>"
		       "<th>Report</th></tr></thead>\n<tbody>\n");
	for (h = 0; h < f->n_hosts; h++) {
		const struct da_fleet_host *ho = &f->hosts[h];
		da_buf_addf(b, "<tr class=\"host\" id=\"h%zu\"><th>", h);
		html_esc(b, ho->label);
		da_buf_addf(b, "</th><td class=\"n\">%ld</td><td class=\"n\">%ld</td>", ho->sum[1],
			    ho->sum[0]);
		for (st = 0; st < 5; st++)
			da_buf_addf(b, "<td class=\"n\">%ld</td>", ho->sum[st + 2]);
		da_buf_adds(b, "<td class=\"oid\">");
		html_esc(b, ho->id ? ho->id : "no daemon ID");
		da_buf_adds(b, "</td><td>");
		html_esc(b, ho->endpoint);
		da_buf_adds(b, "</td><td>");
		html_esc(b, ho->docker_version);
		da_buf_adds(b, "</td><td>");
		html_esc(b, ho->tool_version);
		da_buf_adds(b, "</td><td>");
		html_esc(b, ho->file);
		da_buf_adds(b, "</td></tr>\n");
	}
	da_buf_adds(b, "</tbody></table>\n</section>\n");

	/* the filters: a check shows under each status some host gave it */
	da_html_filter(b, "all", true);
	for (st = 0; st < 5; st++)
		da_html_filter(b, st_key[st], false);
	da_buf_adds(b, "<nav class=\"filters\" aria-label=\"Filter by status\">"
		       "Show checks with a status on some host:\n");
	da_html_filter_label(b, "all", "all", (int)f->n_checks);
	for (st = 0; st < 5; st++)
		da_html_filter_label(b, st_key[st], status_names[st], has[st]);
	da_buf_adds(b, "</nav>\n<main>\n<section id=\"checks\"><h2>Checks</h2>\n");

	/* one table per section, in benchmark order */
	for (i = 0; i < f->n_checks; i++) {
		const struct da_fleet_check *c = &f->checks[i];
		size_t len = group_len(c->id);
		int ran = hosts_ran(c);

		if (!group || len != glen || strncmp(group, c->id, len) != 0) {
			if (group)
				da_buf_adds(b, "</tbody></table>\n</section>\n");
			group = c->id;
			glen = len;
			da_buf_addf(b, "<section class=\"grp\" id=\"s%zu\"><h3>Section ", n_groups++);
			{
				char *g = da_xasprintf("%.*s", (int)len, c->id);
				html_esc(b, g);
				free(g);
			}
			da_buf_adds(b, "</h3>\n<table><thead><tr><th>Check</th><th>Title</th>"
				       "<th>Hosts</th></tr></thead>\n<tbody>\n");
		}
		da_buf_adds(b, "<tr class=\"row");
		for (st = 0; st < 5; st++)
			if (c->count[st])
				da_buf_addf(b, " st-%s", st_key[st]);
		da_buf_addf(b, "\" id=\"c%zu\"><td class=\"id\">", i);
		html_esc(b, c->id);
		da_buf_adds(b, "</td><td class=\"title\">");
		html_esc(b, c->title);
		da_buf_adds(b, "</td><td>\n");
		for (st = 1; st < 5; st++)
			if (c->count[st])
				html_status_hosts(b, f, c, st);
		if (c->count[0])
			html_status_hosts(b, f, c, 0);
		if ((size_t)ran < f->n_hosts)
			da_buf_addf(b, "<div class=\"more\">not run on %zu host%s</div>\n",
				    f->n_hosts - (size_t)ran, f->n_hosts - (size_t)ran == 1 ? "" : "s");
		da_buf_adds(b, "</td></tr>\n");
	}
	if (group)
		da_buf_adds(b, "</tbody></table>\n</section>\n");
	da_buf_adds(b, "</section>\n</main>\n");
	da_html_foot(b, PACKAGE_VERSION);
}

bool da_fleet_format_ok(const char *format)
{
	return format && (strcmp(format, "text") == 0 || strcmp(format, "json") == 0 ||
			  strcmp(format, "junit") == 0 || strcmp(format, "sarif") == 0 ||
			  strcmp(format, "html") == 0);
}

int da_fleet_render(const struct da_fleet *f, const char *format, struct da_buf *b)
{
	if (!format)
		return DA_ERR_INVALID;
	if (strcmp(format, "text") == 0)
		render_text(f, b);
	else if (strcmp(format, "json") == 0)
		render_json(f, b);
	else if (strcmp(format, "junit") == 0)
		render_junit(f, b);
	else if (strcmp(format, "sarif") == 0)
		render_sarif(f, b);
	else if (strcmp(format, "html") == 0)
		render_html(f, b);
	else
		return DA_ERR_INVALID;
	return DA_OK;
}

/* --- the subcommand --------------------------------------------------------- */

static int write_one(const struct da_fleet *f, const char *format, const char *path)
{
	struct da_buf b = { 0 };
	struct da_atomic a;
	char err[512];
	int rc = DA_EXIT_OK;

	da_fleet_render(f, format, &b);
	if (!path || strcmp(path, "-") == 0) {
		errno = 0;
		if (fwrite(b.data ? b.data : "", 1, b.len, stdout) != b.len || fflush(stdout) != 0) {
			da_errorf("cannot write standard output: %s",
				  errno ? strerror(errno) : "write error");
			rc = DA_EXIT_NOAUDIT;
		}
	} else if (da_atomic_open(&a, path, err, sizeof(err)) != DA_OK) {
		da_errorf("%s", err);
		rc = DA_EXIT_NOAUDIT;
	} else if (fwrite(b.data ? b.data : "", 1, b.len, a.fp) != b.len) {
		da_errorf("cannot write %s: %s", path, strerror(errno));
		da_atomic_abort(&a);
		rc = DA_EXIT_NOAUDIT;
	} else if (da_atomic_commit(&a, err, sizeof(err)) != DA_OK) {
		da_errorf("%s", err);
		rc = DA_EXIT_NOAUDIT;
	}
	da_buf_release(&b);
	return rc;
}

/* The gates over the fleet: any host's findings, the lowest score. */
static int fleet_gate(const struct da_cli *cli, const struct da_fleet *f)
{
	long warn = 0, errs = 0, smin = 0;
	size_t i;

	for (i = 0; i < f->n_hosts; i++) {
		warn += f->hosts[i].sum[3];
		errs += f->hosts[i].sum[6];
		if (i == 0 || f->hosts[i].sum[1] < smin)
			smin = f->hosts[i].sum[1];
	}
	if (cli->fail_on == DA_FAIL_WARN && warn + errs) {
		da_errorf("gate failed: %ld finding%s in the fleet (--fail-on warn)", warn + errs,
			  warn + errs == 1 ? "" : "s");
		return DA_EXIT_GATE;
	}
	if (cli->fail_on == DA_FAIL_ERROR && errs) {
		da_errorf("gate failed: %ld ERROR result%s in the fleet (--fail-on error)", errs,
			  errs == 1 ? "" : "s");
		return DA_EXIT_GATE;
	}
	if (cli->have_min_score && smin < cli->min_score) {
		da_errorf("gate failed: a host's score %ld is below --min-score %ld", smin,
			  cli->min_score);
		return DA_EXIT_GATE;
	}
	return DA_EXIT_OK;
}

int da_merge_main(const struct da_cli *cli)
{
	struct da_fleet f;
	char err[1024];
	bool stdout_taken = false;
	size_t i;
	int rc = DA_EXIT_OK;

	da_fleet_init(&f);
	for (i = 0; i < cli->n_merge_reports; i++) {
		int r = da_fleet_add_file(&f, cli->merge_reports[i], err, sizeof(err));
		if (r != DA_OK) {
			da_errorf("%s", err);
			rc = r == DA_ERR_INVALID ? DA_EXIT_USAGE : DA_EXIT_NOAUDIT;
			goto out;
		}
	}
	da_fleet_finish(&f);
	for (i = 0; i < f.n_notes; i++) {
		char *e = esc_line(f.notes[i]);
		da_warnf("%s", e);
		free(e);
	}
	for (i = 0; i < cli->n_outputs; i++)
		if (strcmp(cli->outputs[i].path, "-") == 0)
			stdout_taken = true;
	if (!stdout_taken && write_one(&f, cli->format, NULL) != DA_EXIT_OK)
		rc = DA_EXIT_NOAUDIT;
	for (i = 0; i < cli->n_outputs; i++)
		if (write_one(&f, cli->outputs[i].format, cli->outputs[i].path) != DA_EXIT_OK)
			rc = DA_EXIT_NOAUDIT;
	if (rc == DA_EXIT_OK)
		rc = fleet_gate(cli, &f);
out:
	da_fleet_release(&f);
	return rc;
}
