/*
 * Baselines: the findings of an earlier dockaudit JSON report, by
 * identity (check id, object kind, object identity), compared with those
 * of this run (docs/waivers.md, "Baselines").
 */
#include "config.h"

#include "waiver.h"
#include "util.h"

#include <json-c/json.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A baseline larger than this is refused (a report is far smaller). */
#define BASELINE_MAX ((size_t)512 << 20)

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct da_baseline_entry *)a)->key,
		      ((const struct da_baseline_entry *)b)->key);
}

void da_baseline_release(struct da_baseline *b)
{
	size_t i;

	if (!b)
		return;
	for (i = 0; i < b->n; i++) {
		free(b->v[i].key);
		free(b->v[i].check);
		free(b->v[i].kind);
		free(b->v[i].object);
	}
	free(b->v);
	free(b->path);
	memset(b, 0, sizeof(*b));
}

static const char *str_of(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

static struct json_object *member(struct json_object *o, const char *key, json_type t)
{
	struct json_object *v;

	if (!json_object_is_type(o, json_type_object) ||
	    !json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, t))
		return NULL;
	return v;
}

static void add_entry(struct da_baseline *b, size_t *cap, const char *check,
		      const char *kind, const char *object)
{
	struct da_baseline_entry *e;

	if (b->n == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		b->v = da_xrealloc(b->v, *cap * sizeof(*b->v));
	}
	e = &b->v[b->n++];
	e->check = da_xstrdup(check);
	e->kind = da_xstrdup(kind);
	e->object = da_xstrdup(object);
	e->key = da_xasprintf("%s|%s|%s", check, kind, object);
	e->seen = false;
}

/* The findings of one check of the report (see da_finding_key). */
static int add_check(struct da_baseline *b, size_t *cap, struct json_object *c,
		     const char *host)
{
	const char *id = str_of(c, "id"), *status = str_of(c, "status");
	struct json_object *items = member(c, "items", json_type_array);
	size_t i, n;

	if (!id || !status || !items)
		return DA_ERR_PARSE;
	if (strcmp(status, "WARN") != 0 && strcmp(status, "ERROR") != 0)
		return DA_OK;
	n = json_object_array_length(items);
	if (n == 0)
		add_entry(b, cap, id, "daemon", host ? host : "");
	for (i = 0; i < n; i++) {
		struct json_object *it = json_object_array_get_idx(items, i);
		const char *kind, *name, *oid;

		if (!json_object_is_type(it, json_type_object))
			return DA_ERR_PARSE;
		kind = str_of(it, "kind");
		name = str_of(it, "name");
		oid = str_of(it, "id");
		add_entry(b, cap, id, kind && *kind ? kind : "item",
			  name && *name ? name : oid ? oid : "");
	}
	return DA_OK;
}

int da_baseline_parse(struct da_baseline *b, const char *text, const char *name,
		      const char *benchmark, char *err, size_t errlen)
{
	struct json_tokener *tok;
	struct json_object *root, *secs;
	const char *ver, *bench, *host;
	size_t cap = 0, i, j, out;
	int rc = DA_OK;

	memset(b, 0, sizeof(*b));
	tok = json_tokener_new_ex(64);
	if (!tok) {
		snprintf(err, errlen, "baseline %s: out of memory", name);
		return DA_ERR_INVALID;
	}
	root = json_tokener_parse_ex(tok, text, (int)strlen(text));
	if (!root || json_tokener_get_error(tok) != json_tokener_success) {
		snprintf(err, errlen, "baseline %s: not JSON (%s)", name,
			 json_tokener_error_desc(json_tokener_get_error(tok) ==
						 json_tokener_success
						 ? json_tokener_continue
						 : json_tokener_get_error(tok)));
		json_tokener_free(tok);
		json_object_put(root);
		return DA_ERR_INVALID;
	}
	json_tokener_free(tok);
	ver = str_of(root, "schema_version");
	bench = str_of(member(root, "benchmark", json_type_object), "id");
	host = str_of(member(root, "target", json_type_object), "hostname");
	secs = member(root, "sections", json_type_array);
	if (!json_object_is_type(root, json_type_object) || !ver || strncmp(ver, "1.", 2) != 0 ||
	    !bench || !secs) {
		snprintf(err, errlen, "baseline %s: not a dockaudit JSON report "
			 "(schema_version 1.x, benchmark and sections wanted)", name);
		json_object_put(root);
		return DA_ERR_INVALID;
	}
	if (benchmark && strcmp(bench, benchmark) != 0) {
		snprintf(err, errlen, "baseline %s is a report of benchmark %.40s, this run is of %s",
			 name, bench, benchmark);
		json_object_put(root);
		return DA_ERR_INVALID;
	}
	for (i = 0; rc == DA_OK && i < json_object_array_length(secs); i++) {
		struct json_object *checks =
			member(json_object_array_get_idx(secs, i), "checks", json_type_array);

		if (!checks) {
			rc = DA_ERR_PARSE;
			break;
		}
		for (j = 0; rc == DA_OK && j < json_object_array_length(checks); j++) {
			struct json_object *c = json_object_array_get_idx(checks, j);

			rc = json_object_is_type(c, json_type_object)
				     ? add_check(b, &cap, c, host) : DA_ERR_PARSE;
		}
	}
	json_object_put(root);
	if (rc != DA_OK) {
		snprintf(err, errlen, "baseline %s: not a dockaudit JSON report "
			 "(a section or check is malformed)", name);
		da_baseline_release(b);
		return DA_ERR_INVALID;
	}
	/* sorted, each identity once */
	if (b->n)
		qsort(b->v, b->n, sizeof(*b->v), cmp_entry);
	for (i = 0, out = 0; i < b->n; i++) {
		if (out && strcmp(b->v[out - 1].key, b->v[i].key) == 0) {
			free(b->v[i].key);
			free(b->v[i].check);
			free(b->v[i].kind);
			free(b->v[i].object);
			continue;
		}
		b->v[out++] = b->v[i];
	}
	b->n = out;
	b->path = da_xstrdup(name);
	return DA_OK;
}

int da_baseline_load(struct da_baseline *b, const char *path,
		     const char *benchmark, char *err, size_t errlen)
{
	struct da_buf text = { 0 };
	int rc;

	memset(b, 0, sizeof(*b));
	rc = da_read_input(path, BASELINE_MAX, &text);
	if (rc == DA_ERR_TOOBIG) {
		snprintf(err, errlen, "baseline %s is too large", path);
		rc = DA_ERR_INVALID;
	} else if (rc != DA_OK) {
		snprintf(err, errlen, "cannot read baseline %s: %s", path, da_strerror(rc));
		rc = DA_ERR_INVALID;
	} else if (memchr(da_buf_str(&text), '\0', text.len)) {
		snprintf(err, errlen, "baseline %s: not JSON (a NUL byte)", path);
		rc = DA_ERR_INVALID;
	} else {
		rc = da_baseline_parse(b, da_buf_str(&text), path, benchmark, err, errlen);
	}
	da_buf_release(&text);
	return rc;
}

static struct da_baseline_entry *lookup(struct da_baseline *b, const char *key)
{
	struct da_baseline_entry k;

	if (!b->n)
		return NULL;
	k.key = (char *)key;
	return bsearch(&k, b->v, b->n, sizeof(*b->v), cmp_entry);
}

/* Marks the finding; true when it is new. */
static bool mark(struct da_baseline *b, const struct da_report *r,
		 const struct da_result *res, const struct da_item *it)
{
	struct da_buf key = { 0 };
	struct da_baseline_entry *e;

	da_finding_key(&key, r, res, it);
	e = lookup(b, da_buf_str(&key));
	da_buf_release(&key);
	if (e)
		e->seen = true;
	return e == NULL;
}

/*
 * Whether this run can tell that a finding of check id is gone: the check
 * ran (it was selected) and did not fail (an ERROR reports no items).
 */
static bool judged(const struct da_report *r, const char *id)
{
	size_t s, i;

	for (s = 0; s < r->n_sections; s++) {
		const struct da_report_section *sec = &r->sections[s];

		for (i = 0; i < sec->n_results; i++) {
			const struct da_result *res = sec->results[i];

			if (res && !da_result_is_header(res) && res->def && res->def->id &&
			    strcmp(res->def->id, id) == 0)
				return res->status != DA_ERROR;
		}
	}
	return false;
}

void da_baseline_apply(struct da_report *r, struct da_baseline *b)
{
	size_t s, i, k, n_fixed = 0;

	for (s = 0; s < r->n_sections; s++) {
		struct da_report_section *sec = &r->sections[s];

		for (i = 0; i < sec->n_results; i++) {
			struct da_result *res = sec->results[i];

			if (!da_result_has_findings(res))
				continue;
			if (res->n_items == 0)
				res->is_new = mark(b, r, res, NULL);
			for (k = 0; k < res->n_items; k++)
				res->items[k].is_new = mark(b, r, res, &res->items[k]);
		}
	}
	free(r->baseline);
	r->baseline = da_xstrdup(b->path ? b->path : "");
	/* what the baseline has and this run lacks, of the checks that ran */
	for (i = 0; i < b->n; i++) {
		if (!b->v[i].seen && !judged(r, b->v[i].check))
			b->v[i].seen = true; /* not judged: neither fixed nor new */
		n_fixed += !b->v[i].seen;
	}
	r->fixed = n_fixed ? da_xcalloc(n_fixed, sizeof(*r->fixed)) : NULL;
	r->n_fixed = 0;
	for (i = 0; i < b->n; i++) {
		struct da_fixed *f;

		if (b->v[i].seen)
			continue;
		f = &r->fixed[r->n_fixed++];
		f->check = da_xstrdup(b->v[i].check);
		f->kind = da_xstrdup(b->v[i].kind);
		f->object = da_xstrdup(b->v[i].object);
	}
}
