/*
 * The report model: results of checks, their items, and the totals.
 */
#include "config.h"

#include "report.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *da_status_name(enum da_status s)
{
	switch (s) {
	case DA_PASS: return "PASS";
	case DA_WARN: return "WARN";
	case DA_INFO: return "INFO";
	case DA_NOTE: return "NOTE";
	case DA_ERROR: return "ERROR";
	}
	return "ERROR";
}

struct da_result *da_result_new(const struct da_checkdef *def, size_t limit)
{
	struct da_result *res = da_xcalloc(1, sizeof(*res));

	res->def = def;
	res->status = DA_ERROR;
	res->scored = def && (def->flags & DA_CHECK_SCORED);
	res->limit = limit;
	if (def && (def->flags & DA_CHECK_HEADER)) {
		res->status = DA_INFO;
		res->status_set = true;
		res->scored = false;
	}
	return res;
}

void da_result_free(struct da_result *res)
{
	size_t i;

	if (!res)
		return;
	for (i = 0; i < res->n_items; i++) {
		free(res->items[i].kind);
		free(res->items[i].id);
		free(res->items[i].name);
		free(res->items[i].detail);
	}
	free(res->items);
	free(res->detail);
	free(res);
}

char *da_truncate(const char *s, size_t n, size_t max)
{
	char suffix[64];
	size_t keep, back, len;
	char *out;

	if (n <= max) {
		out = da_xmalloc(n + 1);
		memcpy(out, s, n);
		out[n] = '\0';
		return out;
	}
	/* the longest the suffix can be: with n itself as the count */
	len = (size_t)snprintf(suffix, sizeof(suffix), " (truncated %zu bytes)", n);
	keep = max > len ? max - len : 0;
	/* not inside a UTF-8 sequence: back up over continuation bytes (at
	 * most 3, the longest tail of a valid sequence) */
	for (back = 0; keep > 0 && back < 3 && ((unsigned char)s[keep] & 0xC0) == 0x80; back++)
		keep--;
	len = (size_t)snprintf(suffix, sizeof(suffix), " (truncated %zu bytes)", n - keep);
	out = da_xmalloc(keep + len + 1);
	memcpy(out, s, keep);
	memcpy(out + keep, suffix, len + 1);
	return out;
}

static char *cap_dup(const char *s, size_t max)
{
	return (s && *s) ? da_truncate(s, strlen(s), max) : NULL;
}

static bool spent(const struct da_budget *b)
{
	return b && (b->exceeded || (b->up && b->up->exceeded));
}

bool da_result_budget_spent(const struct da_result *res)
{
	return res && spent(res->budget);
}

/* Charges n bytes to the result's budgets; false (nothing charged) when
 * either would pass its limit. */
static bool charge(struct da_result *res, size_t n)
{
	struct da_budget *b = res->budget, *u = b ? b->up : NULL;

	if (!b)
		return true;
	if (res->over || spent(b))
		return false;
	if (n > b->max - b->used) {
		b->exceeded = true;
		res->over = b;
		return false;
	}
	if (u && n > u->max - u->used) {
		u->exceeded = true;
		res->over = u;
		return false;
	}
	b->used += n;
	if (u)
		u->used += n;
	return true;
}

static void refund(struct da_result *res, size_t n)
{
	struct da_budget *b = res->budget;

	if (!b)
		return;
	b->used -= n < b->used ? n : b->used;
	if (b->up)
		b->up->used -= n < b->up->used ? n : b->up->used;
}

/* Sets the status and detail; charge: the detail counts against the budget. */
static void set_result(struct da_result *res, enum da_status st, const char *detail,
		       bool charged)
{
	char *d = cap_dup(detail, DA_DETAIL_MAX);

	res->status = st;
	res->status_set = true;
	if (res->detail && charged)
		refund(res, strlen(res->detail));
	free(res->detail);
	res->detail = NULL;
	if (d && charged && !charge(res, strlen(d))) {
		free(d);
		d = NULL;
	}
	res->detail = d;
}

void da_result_set(struct da_result *res, enum da_status st, const char *detail)
{
	if ((unsigned)st > DA_ERROR) {
		res->invalid = true;
		st = DA_ERROR;
		detail = "module reported an invalid status";
	}
	set_result(res, st, detail, true);
}

void da_result_add_item(struct da_result *res, const char *kind, const char *id,
			const char *name, const char *detail)
{
	struct da_item it, *slot;
	size_t cost;

	res->total_items++;
	if (res->limit && res->n_items >= res->limit)
		return;
	if (res->n_items >= DA_ITEMS_MAX || res->over || spent(res->budget))
		return;
	memset(&it, 0, sizeof(it));
	it.kind = cap_dup(kind && *kind ? kind : "object", DA_ITEM_FIELD_MAX);
	it.id = cap_dup(id, DA_ITEM_FIELD_MAX);
	it.name = cap_dup(name, DA_ITEM_FIELD_MAX);
	it.detail = cap_dup(detail, DA_ITEM_FIELD_MAX);
	cost = DA_ITEM_OVERHEAD + strlen(it.kind) + (it.id ? strlen(it.id) : 0) +
		(it.name ? strlen(it.name) : 0) + (it.detail ? strlen(it.detail) : 0);
	if (!charge(res, cost)) {
		free(it.kind);
		free(it.id);
		free(it.name);
		free(it.detail);
		return;
	}
	if (res->n_items == res->cap_items) {
		res->cap_items = res->cap_items ? res->cap_items * 2 : 4;
		res->items = da_xrealloc(res->items, res->cap_items * sizeof(*res->items));
	}
	slot = &res->items[res->n_items++];
	*slot = it;
}

bool da_result_close(struct da_result *res)
{
	const struct da_budget *b;
	char msg[160];

	if (!res || da_result_is_header(res))
		return false;
	b = res->over;
	if (!b && res->budget)
		b = res->budget->exceeded ? res->budget :
			(res->budget->up && res->budget->up->exceeded) ? res->budget->up : NULL;
	if (!b)
		return false;
	if (b->module)
		snprintf(msg, sizeof(msg), "results of module %s exceed %zu MiB", b->module,
			 b->max >> 20);
	else
		snprintf(msg, sizeof(msg), "results of the report exceed %zu MiB", b->max >> 20);
	/* the message is the core's own: it is not charged */
	if (res->detail)
		refund(res, strlen(res->detail));
	set_result(res, DA_ERROR, msg, false);
	res->scored = false;
	return true;
}

void da_report_budgets(struct da_report *r)
{
	size_t s, i;

	memset(&r->budget, 0, sizeof(r->budget));
	r->budget.max = DA_REPORT_RESULTS_MAX;
	for (s = 0; s < r->n_sections; s++) {
		struct da_report_section *sec = &r->sections[s];
		memset(&sec->budget, 0, sizeof(sec->budget));
		sec->budget.max = DA_MODULE_RESULTS_MAX;
		sec->budget.up = &r->budget;
		sec->budget.module = sec->section ? sec->section->module : NULL;
		if (!sec->budget.module)
			sec->budget.module = "(unnamed)";
		for (i = 0; i < sec->n_results; i++)
			sec->results[i]->budget = &sec->budget;
	}
}

bool da_result_is_header(const struct da_result *res)
{
	return res->def && (res->def->flags & DA_CHECK_HEADER);
}

bool da_result_has_findings(const struct da_result *res)
{
	return res && !da_result_is_header(res) &&
	       (res->status == DA_WARN || res->status == DA_ERROR);
}

bool da_result_waived(const struct da_result *res)
{
	size_t i;

	if (!da_result_has_findings(res))
		return false;
	if (res->n_items == 0)
		return res->waiver != NULL;
	for (i = 0; i < res->n_items; i++)
		if (!res->items[i].waiver)
			return false;
	return true;
}

const char *da_item_identity(const struct da_item *it)
{
	if (it->name && *it->name)
		return it->name;
	return it->id ? it->id : "";
}

const char *da_item_kind(const struct da_item *it)
{
	return it->kind && *it->kind ? it->kind : "item";
}

void da_finding_key(struct da_buf *b, const struct da_report *r,
		    const struct da_result *res, const struct da_item *it)
{
	const char *id = res->def && res->def->id ? res->def->id : "";

	if (it)
		da_buf_addf(b, "%s|%s|%s", id, da_item_kind(it), da_item_identity(it));
	else
		da_buf_addf(b, "%s|daemon|%s", id, r->hostname ? r->hostname : "");
}

/* Adds one result to c; its contribution to the score is returned. */
static int count_result(struct da_counts *c, const struct da_result *res)
{
	size_t i;

	c->checks++;
	c->count[(unsigned)res->status <= DA_ERROR ? res->status : DA_ERROR]++;
	if (da_result_has_findings(res)) {
		if (res->n_items == 0) {
			c->waived += res->waiver != NULL;
			c->fresh += res->is_new;
		}
		for (i = 0; i < res->n_items; i++) {
			c->waived += res->items[i].waiver != NULL;
			c->fresh += res->items[i].is_new;
		}
	}
	if (!res->scored)
		return 0;
	if (res->status == DA_PASS)
		return 1;
	/* a WARN whose every finding is waived neither adds nor takes away */
	if (res->status == DA_WARN && !da_result_waived(res))
		return -1;
	return 0;
}

void da_report_finish(struct da_report *r)
{
	size_t s, i, k;

	r->checks = 0;
	r->score = 0;
	r->waived = r->fresh = 0;
	memset(r->count, 0, sizeof(r->count));
	for (s = 0; s < r->n_sections; s++) {
		struct da_report_section *sec = &r->sections[s];

		memset(&sec->counts, 0, sizeof(sec->counts));
		for (i = 0; i < sec->n_results; i++) {
			const struct da_result *res = sec->results[i];
			if (!res || da_result_is_header(res))
				continue;
			r->score += count_result(&sec->counts, res);
		}
		r->checks += sec->counts.checks;
		for (k = 0; k < 5; k++)
			r->count[k] += sec->counts.count[k];
		r->waived += sec->counts.waived;
		r->fresh += sec->counts.fresh;
	}
}

void da_report_release(struct da_report *r)
{
	size_t s, i;

	for (s = 0; s < r->n_sections; s++) {
		for (i = 0; i < r->sections[s].n_results; i++)
			da_result_free(r->sections[s].results[i]);
		free(r->sections[s].results);
	}
	free(r->sections);
	for (s = 0; s < r->n_fixed; s++) {
		free(r->fixed[s].check);
		free(r->fixed[s].kind);
		free(r->fixed[s].object);
	}
	free(r->fixed);
	r->fixed = NULL;
	r->n_fixed = 0;
	free(r->baseline);
	r->baseline = NULL;
	free(r->endpoint);
	free(r->docker_version);
	free(r->engine);
	r->engine = NULL;
	free(r->hostname);
	free(r->daemon_id);
	r->daemon_id = NULL;
	free(r->endpoint_source);
	free(r->context);
	free(r->dockerd_by);
	free(r->dockerd_reason);
	r->endpoint_source = r->context = r->dockerd_by = r->dockerd_reason = NULL;
	r->sections = NULL;
	r->n_sections = 0;
	r->endpoint = r->docker_version = r->hostname = NULL;
}
