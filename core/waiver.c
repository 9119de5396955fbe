/*
 * Waiver files: YAML read with libyaml's document loader, checked entry
 * by entry (docs/waivers.md), then matched against the findings of a
 * finished report.
 */
#include "config.h"

#include "waiver.h"
#include "util.h"

#include <yaml.h>

#include <errno.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void da_waiver_date(char *buf, size_t len, time_t t)
{
	struct tm tm;

	if (!gmtime_r(&t, &tm) || strftime(buf, len, "%Y-%m-%d", &tm) == 0)
		snprintf(buf, len, "1970-01-01");
}

static void free_waiver(struct da_waiver *w)
{
	size_t i;

	free(w->check);
	for (i = 0; i < w->n_objects; i++)
		free(w->objects[i]);
	free(w->objects);
	free(w->justification);
	free(w->expires);
	free(w->owner);
}

void da_waivers_release(struct da_waivers *w)
{
	size_t i;

	if (!w)
		return;
	for (i = 0; i < w->n; i++)
		free_waiver(&w->v[i]);
	free(w->v);
	w->v = NULL;
	w->n = 0;
}

struct loader {
	yaml_document_t *doc;
	const char *name;
	const struct da_catalog *cat;
	const char *today;
	char *err;
	size_t errlen;
};

static int fail(struct loader *l, const yaml_node_t *node, const char *fmt, ...)
	DA_FMT(3, 4);

static int fail(struct loader *l, const yaml_node_t *node, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(l->err, l->errlen, "%s:%lu: %s", l->name,
		 node ? (unsigned long)node->start_mark.line + 1 : 1UL, msg);
	return DA_ERR_INVALID;
}

/* A scalar's value as a new string, capped; NULL for any other node. */
static char *scalar(const yaml_node_t *n)
{
	if (!n || n->type != YAML_SCALAR_NODE)
		return NULL;
	return da_truncate((const char *)n->data.scalar.value, n->data.scalar.length,
			   DA_ITEM_FIELD_MAX);
}

static bool blank(const char *s)
{
	return !s || s[strspn(s, " \t\r\n")] == '\0';
}

/* "YYYY-MM-DD", a real day of a four-digit year. */
static bool valid_date(const char *s)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d, i;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	y = atoi(s);
	m = atoi(s + 5);
	d = atoi(s + 8);
	if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return false;
	if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return false;
	return true;
}

static bool is_glob(const char *s)
{
	return strpbrk(s, "*?[") != NULL;
}

/* The check names at least one (non-header) check of the catalog. */
static bool names_a_check(const struct da_catalog *cat, const char *pat)
{
	size_t i;

	for (i = 0; cat && i < cat->n_defs; i++) {
		const struct da_checkdef *d = &cat->defs[i];

		if (!d->id || (d->flags & DA_CHECK_HEADER))
			continue;
		if (is_glob(pat) ? fnmatch(pat, d->id, 0) == 0 : strcmp(pat, d->id) == 0)
			return true;
	}
	return false;
}

static int load_objects(struct loader *l, struct da_waiver *w, yaml_node_t *v)
{
	yaml_node_item_t *it;

	if (v->type == YAML_SCALAR_NODE) {
		w->objects = da_xcalloc(1, sizeof(char *));
		w->objects[w->n_objects++] = scalar(v);
	} else if (v->type == YAML_SEQUENCE_NODE) {
		size_t n = (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);

		w->objects = da_xcalloc(n ? n : 1, sizeof(char *));
		for (it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++) {
			yaml_node_t *o = yaml_document_get_node(l->doc, *it);

			if (!o || o->type != YAML_SCALAR_NODE)
				return fail(l, o ? o : v, "objects: each pattern is a string");
			w->objects[w->n_objects++] = scalar(o);
		}
	} else {
		return fail(l, v, "objects: a pattern or a list of patterns");
	}
	if (w->n_objects == 0)
		return fail(l, v, "objects: an empty list (leave objects out to waive every object)");
	for (size_t i = 0; i < w->n_objects; i++)
		if (!*w->objects[i])
			return fail(l, v, "objects: an empty pattern");
	return DA_OK;
}

static int load_entry(struct loader *l, yaml_node_t *e, struct da_waiver *w)
{
	yaml_node_pair_t *p;

	w->line = (int)e->start_mark.line + 1;
	if (e->type != YAML_MAPPING_NODE)
		return fail(l, e, "a waiver is a mapping (check, objects, justification, expires, owner)");
	for (p = e->data.mapping.pairs.start; p < e->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(l->doc, p->key);
		yaml_node_t *v = yaml_document_get_node(l->doc, p->value);
		const char *key;
		char **slot = NULL;

		if (!k || !v || k->type != YAML_SCALAR_NODE)
			return fail(l, k ? k : e, "a key is not a string");
		key = (const char *)k->data.scalar.value;
		if (strcmp(key, "objects") == 0) {
			if (w->objects)
				return fail(l, k, "objects given twice");
			if (load_objects(l, w, v) != DA_OK)
				return DA_ERR_INVALID;
			continue;
		}
		if (strcmp(key, "check") == 0) {
			slot = &w->check;
		} else if (strcmp(key, "justification") == 0) {
			slot = &w->justification;
		} else if (strcmp(key, "expires") == 0) {
			slot = &w->expires;
		} else if (strcmp(key, "owner") == 0) {
			slot = &w->owner;
		} else {
			return fail(l, k, "unknown key '%.64s' (check, objects, justification, "
				    "expires, owner)", key);
		}
		if (*slot)
			return fail(l, k, "%s given twice", key);
		if (v->type != YAML_SCALAR_NODE)
			return fail(l, v, "%s: a string", key);
		*slot = scalar(v);
	}
	if (blank(w->check))
		return fail(l, e, "a waiver without check");
	if (!names_a_check(l->cat, w->check))
		return fail(l, e, is_glob(w->check) ? "check '%.64s' matches no check"
					     : "unknown check id '%.64s'", w->check);
	if (blank(w->justification))
		return fail(l, e, "waiver of %.64s without justification", w->check);
	if (!w->expires)
		return fail(l, e, "waiver of %.64s without expires (a date, YYYY-MM-DD)",
			    w->check);
	if (!valid_date(w->expires))
		return fail(l, e, "expires: '%.32s' is not a date (YYYY-MM-DD)", w->expires);
	if (w->owner && blank(w->owner)) {
		free(w->owner);
		w->owner = NULL;
	}
	/* the date is the last day the waiver holds */
	w->expired = l->today && strcmp(w->expires, l->today) < 0;
	return DA_OK;
}

static int load_doc(struct loader *l, struct da_waivers *w)
{
	yaml_node_t *root = yaml_document_get_root_node(l->doc);
	yaml_node_t *list = root;
	yaml_node_item_t *it;

	if (!root)
		return DA_OK; /* an empty file: no waivers */
	if (root->type == YAML_MAPPING_NODE) {
		yaml_node_pair_t *p;

		list = NULL;
		for (p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top; p++) {
			yaml_node_t *k = yaml_document_get_node(l->doc, p->key);

			if (!k || k->type != YAML_SCALAR_NODE ||
			    strcmp((const char *)k->data.scalar.value, "waivers") != 0)
				return fail(l, k ? k : root, "the top level has only 'waivers'");
			list = yaml_document_get_node(l->doc, p->value);
		}
	}
	if (!list || list->type != YAML_SEQUENCE_NODE) {
		/* "waivers:" with nothing after it is an empty list */
		if (list && list->type == YAML_SCALAR_NODE && list->data.scalar.length == 0)
			return DA_OK;
		return fail(l, list ? list : root, "expected a list of waivers");
	}
	for (it = list->data.sequence.items.start; it < list->data.sequence.items.top; it++) {
		yaml_node_t *e = yaml_document_get_node(l->doc, *it);

		w->v = da_xrealloc(w->v, (w->n + 1) * sizeof(*w->v));
		memset(&w->v[w->n], 0, sizeof(w->v[0]));
		w->n++;
		if (!e)
			return fail(l, list, "a waiver is a mapping");
		if (load_entry(l, e, &w->v[w->n - 1]) != DA_OK)
			return DA_ERR_INVALID;
	}
	return DA_OK;
}

int da_waivers_parse(struct da_waivers *w, const char *text, size_t len,
		     const char *name, const struct da_catalog *cat,
		     const char *today, char *err, size_t errlen)
{
	yaml_parser_t parser;
	yaml_document_t doc;
	struct loader l = { &doc, name, cat, today, err, errlen };
	int rc;

	memset(w, 0, sizeof(*w));
	if (!yaml_parser_initialize(&parser)) {
		snprintf(err, errlen, "%s: cannot start the YAML parser", name);
		return DA_ERR_INVALID;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	if (!yaml_parser_load(&parser, &doc)) {
		snprintf(err, errlen, "%s:%lu: malformed YAML: %s%s%s", name,
			 (unsigned long)parser.problem_mark.line + 1,
			 parser.problem ? parser.problem : "error",
			 parser.context ? " " : "", parser.context ? parser.context : "");
		yaml_parser_delete(&parser);
		return DA_ERR_INVALID;
	}
	rc = load_doc(&l, w);
	/* a second document is refused: one file, one list */
	if (rc == DA_OK && yaml_document_get_root_node(&doc)) {
		yaml_document_t next;

		if (!yaml_parser_load(&parser, &next)) {
			rc = DA_ERR_INVALID;
			snprintf(err, errlen, "%s:%lu: malformed YAML: %s", name,
				 (unsigned long)parser.problem_mark.line + 1,
				 parser.problem ? parser.problem : "error");
		} else {
			yaml_node_t *n = yaml_document_get_root_node(&next);

			if (n)
				rc = fail(&l, n, "a second YAML document (one list of waivers per file)");
			yaml_document_delete(&next);
		}
	}
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	if (rc != DA_OK)
		da_waivers_release(w);
	return rc;
}

int da_waivers_load(struct da_waivers *w, const char *path,
		    const struct da_catalog *cat, const char *today,
		    char *err, size_t errlen)
{
	struct da_buf text = { 0 };
	int rc;

	memset(w, 0, sizeof(*w));
	rc = da_read_input(path, DA_WAIVERS_FILE_MAX, &text);
	if (rc == DA_ERR_TOOBIG) {
		snprintf(err, errlen, "waiver file %s is larger than %zu KiB", path,
			 (size_t)DA_WAIVERS_FILE_MAX >> 10);
		rc = DA_ERR_INVALID;
	} else if (rc != DA_OK) {
		snprintf(err, errlen, "cannot read waiver file %s: %s", path, da_strerror(rc));
		rc = DA_ERR_INVALID;
	} else {
		rc = da_waivers_parse(w, da_buf_str(&text), text.len, path, cat, today, err,
				      errlen);
	}
	da_buf_release(&text);
	return rc;
}

static bool object_matches(const struct da_waiver *w, const struct da_item *it)
{
	size_t i;

	if (w->n_objects == 0)
		return true;
	if (!it)
		return false; /* the check itself is no object */
	for (i = 0; i < w->n_objects; i++) {
		const char *p = w->objects[i];

		if ((it->name && fnmatch(p, it->name, 0) == 0) ||
		    (it->id && fnmatch(p, it->id, 0) == 0))
			return true;
	}
	return false;
}

static struct da_waiver *find_waiver(struct da_waivers *w, const char *id,
				     const struct da_item *it)
{
	size_t i;

	for (i = 0; i < w->n; i++) {
		struct da_waiver *x = &w->v[i];

		if (x->expired || fnmatch(x->check, id, 0) != 0)
			continue;
		if (object_matches(x, it))
			return x;
	}
	return NULL;
}

void da_waivers_apply(struct da_report *r, struct da_waivers *w)
{
	size_t s, i, k;

	r->waivers = w->v;
	r->n_waivers = w->n;
	r->have_waivers = true;
	for (s = 0; s < r->n_sections; s++) {
		struct da_report_section *sec = &r->sections[s];

		for (i = 0; i < sec->n_results; i++) {
			struct da_result *res = sec->results[i];
			const char *id;
			struct da_waiver *x;

			if (!da_result_has_findings(res) || !res->def || !res->def->id)
				continue;
			id = res->def->id;
			if (res->n_items == 0) {
				x = find_waiver(w, id, NULL);
				res->waiver = x;
				if (x)
					x->used++;
			}
			for (k = 0; k < res->n_items; k++) {
				x = find_waiver(w, id, &res->items[k]);
				res->items[k].waiver = x;
				if (x)
					x->used++;
			}
		}
	}
}
