/*
 * The report model: results of checks, their items, and the totals.
 */
#include "config.h"

#include "report.h"
#include "util.h"

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

void da_result_set(struct da_result *res, enum da_status st, const char *detail)
{
	if ((unsigned)st > DA_ERROR) {
		res->invalid = true;
		st = DA_ERROR;
		detail = "module reported an invalid status";
	}
	res->status = st;
	res->status_set = true;
	free(res->detail);
	res->detail = (detail && *detail) ? da_xstrdup(detail) : NULL;
}

void da_result_add_item(struct da_result *res, const char *kind, const char *id,
			const char *name, const char *detail)
{
	struct da_item *it;

	res->total_items++;
	if (res->limit && res->n_items >= res->limit)
		return;
	if (res->n_items == res->cap_items) {
		res->cap_items = res->cap_items ? res->cap_items * 2 : 4;
		res->items = da_xrealloc(res->items, res->cap_items * sizeof(*res->items));
	}
	it = &res->items[res->n_items++];
	it->kind = da_xstrdup(kind && *kind ? kind : "object");
	it->id = (id && *id) ? da_xstrdup(id) : NULL;
	it->name = (name && *name) ? da_xstrdup(name) : NULL;
	it->detail = (detail && *detail) ? da_xstrdup(detail) : NULL;
}

bool da_result_is_header(const struct da_result *res)
{
	return res->def && (res->def->flags & DA_CHECK_HEADER);
}

void da_report_finish(struct da_report *r)
{
	size_t s, i;

	r->checks = 0;
	r->score = 0;
	memset(r->count, 0, sizeof(r->count));
	for (s = 0; s < r->n_sections; s++) {
		struct da_report_section *sec = &r->sections[s];
		for (i = 0; i < sec->n_results; i++) {
			const struct da_result *res = sec->results[i];
			if (da_result_is_header(res))
				continue;
			r->checks++;
			r->count[res->status]++;
			if (res->scored && res->status == DA_PASS)
				r->score++;
			else if (res->scored && res->status == DA_WARN)
				r->score--;
		}
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
	free(r->endpoint);
	free(r->docker_version);
	free(r->hostname);
	free(r->endpoint_source);
	free(r->context);
	free(r->dockerd_by);
	free(r->dockerd_reason);
	r->endpoint_source = r->context = r->dockerd_by = r->dockerd_reason = NULL;
	r->sections = NULL;
	r->n_sections = 0;
	r->endpoint = r->docker_version = r->hostname = NULL;
}
