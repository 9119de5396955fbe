/*
 * The json formatter: dockaudit's own report, versioned by schema_version
 * and described by docs/schema/dockaudit-report-1.schema.json.  It is
 * written as the results come (the report is complete by then, totals
 * included), one result at a time, so its memory is that of one result;
 * an output file is written under a temporary name and renamed when
 * complete (da_atomic), so a failed run leaves none.  Every string goes through
 * da_escape_json, so the output is valid UTF-8 JSON whatever the input.
 */
#include "config.h"

#include "escape.h"
#include "format.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

#define SCHEMA_VERSION "1.1"

struct json_state {
	struct da_buf b;                     /* what is written next */
	const struct da_report_section *cur; /* section being written */
	size_t n_sections;
	size_t n_checks;                     /* of the current section */
};

static const char *status_name(enum da_status s)
{
	return (unsigned)s <= DA_ERROR ? da_status_name(s) : "ERROR";
}

static void add_str(struct da_buf *b, const char *s)
{
	da_escape_json(b, s);
}

static void add_bool(struct da_buf *b, bool v)
{
	da_buf_adds(b, v ? "true" : "false");
}

/* A section's counts (docs/formats.md). */
static void add_counts(struct da_buf *b, const struct da_counts *c)
{
	static const struct da_counts none;

	if (!c)
		c = &none;
	da_buf_addf(b, "{\"checks\": %d, \"pass\": %d, \"warn\": %d, \"info\": %d, "
		    "\"note\": %d, \"error\": %d, \"waived\": %d, \"new\": %d}",
		    c->checks, c->count[DA_PASS], c->count[DA_WARN], c->count[DA_INFO],
		    c->count[DA_NOTE], c->count[DA_ERROR], c->waived, c->fresh);
}

/* The waiver of a finding: where it is and why. */
static void add_waiver(struct da_buf *b, const struct da_waiver *w)
{
	da_buf_adds(b, "{\"check\": ");
	add_str(b, w->check);
	da_buf_adds(b, ", \"justification\": ");
	add_str(b, w->justification);
	da_buf_adds(b, ", \"expires\": ");
	add_str(b, w->expires);
	da_buf_adds(b, ", \"owner\": ");
	add_str(b, w->owner);
	da_buf_addf(b, ", \"line\": %d}", w->line);
}

/* Ends the section being written, if any. */
static void close_section(struct json_state *st)
{
	if (!st->cur)
		return;
	if (st->n_checks)
		da_buf_adds(&st->b, "\n      ");
	da_buf_adds(&st->b, "]\n    }");
	st->cur = NULL;
}

/* Starts a section: its fields and header rows (all known by now). */
static void open_section(struct json_state *st, const struct da_report_section *sec)
{
	const struct da_section *s = sec ? sec->section : NULL;
	struct da_buf *b = &st->b;
	size_t i, n_subs = 0;

	if (st->n_sections++)
		da_buf_addc(b, ',');
	da_buf_adds(b, "\n    {\n      \"id\": ");
	add_str(b, s && s->id ? s->id : "");
	da_buf_adds(b, ",\n      \"title\": ");
	add_str(b, s && s->title ? s->title : "");
	da_buf_adds(b, ",\n      \"module\": ");
	add_str(b, s ? s->module : NULL);
	da_buf_adds(b, ",\n      \"module_version\": ");
	add_str(b, s ? s->module_version : NULL);
	da_buf_adds(b, ",\n      \"summary\": ");
	add_counts(b, sec ? &sec->counts : NULL);
	da_buf_adds(b, ",\n      \"subsections\": [");
	for (i = 0; sec && i < sec->n_results; i++) {
		const struct da_result *res = sec->results[i];
		const struct da_checkdef *def;
		if (!res || !da_result_is_header(res))
			continue;
		def = res->def;
		if (n_subs++)
			da_buf_addc(b, ',');
		da_buf_adds(b, "\n        {\"id\": ");
		add_str(b, def && def->id ? def->id : "");
		da_buf_adds(b, ", \"title\": ");
		add_str(b, def && def->title ? def->title : "");
		da_buf_addc(b, '}');
	}
	if (n_subs)
		da_buf_adds(b, "\n      ");
	da_buf_adds(b, "],\n      \"checks\": [");
	st->cur = sec;
	st->n_checks = 0;
}

static int json_begin(struct da_output *out, const struct da_report *r)
{
	struct json_state *st = da_xcalloc(1, sizeof(*st));
	char t[DA_FORMAT_UTC_LEN];
	struct da_buf *b = &st->b;

	out->state = st;
	da_buf_adds(b, "{\n  \"schema_version\": \"" SCHEMA_VERSION "\",\n");
	da_buf_adds(b, "  \"tool\": {\"name\": \"dockaudit\", \"version\": ");
	add_str(b, r->tool_version ? r->tool_version : PACKAGE_VERSION);
	da_buf_adds(b, "},\n  \"benchmark\": {\"id\": ");
	add_str(b, r->benchmark ? r->benchmark : "");
	da_buf_adds(b, ", \"title\": ");
	add_str(b, r->benchmark_title ? r->benchmark_title : "");
	da_buf_adds(b, "},\n  \"target\": {\"endpoint\": ");
	add_str(b, r->endpoint ? r->endpoint : "");
	da_buf_adds(b, ", \"docker_version\": ");
	add_str(b, r->docker_version);
	if (r->engine) {
		da_buf_adds(b, ", \"engine\": ");
		add_str(b, r->engine);
	}
	if (r->rootless)
		da_buf_addf(b, ", \"rootless\": %s", r->rootless > 0 ? "true" : "false");
	da_buf_adds(b, ", \"hostname\": ");
	add_str(b, r->hostname);
	da_buf_adds(b, ", \"daemon_id\": ");
	add_str(b, r->daemon_id);
	if (r->endpoint_source) {
		da_buf_adds(b, ", \"endpoint_source\": ");
		add_str(b, r->endpoint_source);
		da_buf_adds(b, ", \"context\": ");
		add_str(b, r->context);
	}
	if (r->have_dockerd) {
		da_buf_adds(b, ", \"dockerd\": {\"pid\": ");
		if (r->dockerd_pid > 0)
			da_buf_addf(b, "%ld", r->dockerd_pid);
		else
			da_buf_adds(b, "null");
		da_buf_adds(b, ", \"identified_by\": ");
		add_str(b, r->dockerd_by);
		da_buf_adds(b, ", \"reason\": ");
		add_str(b, r->dockerd_reason);
		da_buf_adds(b, "}");
	}
	da_format_utc(t, r->start, true);
	da_buf_addf(b, "},\n  \"start\": \"%s\",\n", t);
	da_format_utc(t, r->end, true);
	da_buf_addf(b, "  \"end\": \"%s\",\n  \"sections\": [", t);
	return da_output_put(out, &st->b);
}

static void add_item(struct da_buf *b, const struct da_report *r,
		     const struct da_result *res, const struct da_item *it)
{
	da_buf_adds(b, "\n            {\"kind\": ");
	add_str(b, it->kind ? it->kind : "");
	da_buf_adds(b, ", \"id\": ");
	add_str(b, it->id);
	da_buf_adds(b, ", \"name\": ");
	add_str(b, it->name);
	da_buf_adds(b, ", \"detail\": ");
	add_str(b, it->detail);
	if (it->waiver) {
		da_buf_adds(b, ", \"waiver\": ");
		add_waiver(b, it->waiver);
	}
	if (r->baseline && da_result_has_findings(res)) {
		da_buf_adds(b, ", \"new\": ");
		add_bool(b, it->is_new);
	}
	da_buf_addc(b, '}');
}

static int json_result(struct da_output *out, const struct da_report *r,
		       const struct da_report_section *sec,
		       const struct da_result *res)
{
	struct json_state *st = out->state;
	const struct da_checkdef *def;
	struct da_buf *b;
	size_t i;

	if (!st || !res)
		return DA_ERR_INVALID;
	def = res->def;
	if (sec != st->cur) {
		close_section(st);
		open_section(st, sec);
	}
	if (da_result_is_header(res))
		return da_output_put(out, &st->b); /* written with its section */

	b = &st->b;
	if (st->n_checks++)
		da_buf_addc(b, ',');
	da_buf_adds(b, "\n        {\n          \"id\": ");
	add_str(b, def && def->id ? def->id : "");
	da_buf_adds(b, ",\n          \"title\": ");
	add_str(b, def && def->title ? def->title : "");
	da_buf_adds(b, ",\n          \"status\": ");
	add_str(b, status_name(res->status));
	da_buf_adds(b, ",\n          \"scored\": ");
	add_bool(b, res->scored);
	da_buf_adds(b, ",\n          \"automated\": ");
	add_bool(b, !(def && (def->flags & DA_CHECK_MANUAL)));
	da_buf_adds(b, ",\n          \"level\": ");
	if (def && def->level > 0)
		da_buf_addf(b, "%d", def->level);
	else
		da_buf_adds(b, "null");
	da_buf_adds(b, ",\n          \"detail\": ");
	add_str(b, res->detail);
	da_buf_adds(b, ",\n          \"items\": [");
	for (i = 0; i < res->n_items; i++) {
		if (i)
			da_buf_addc(b, ',');
		add_item(b, r, res, &res->items[i]);
	}
	if (res->n_items)
		da_buf_adds(b, "\n          ");
	da_buf_addf(b, "],\n          \"items_total\": %zu",
		    res->total_items > res->n_items ? res->total_items
						    : res->n_items);
	if (r->have_waivers) {
		da_buf_adds(b, ",\n          \"waived\": ");
		add_bool(b, da_result_waived(res));
	}
	if (res->waiver) {
		da_buf_adds(b, ",\n          \"waiver\": ");
		add_waiver(b, res->waiver);
	}
	if (r->baseline && da_result_has_findings(res) && res->n_items == 0) {
		da_buf_adds(b, ",\n          \"new\": ");
		add_bool(b, res->is_new);
	}
	da_buf_adds(b, ",\n          \"remediation\": ");
	add_str(b, def ? def->remediation : NULL);
	da_buf_adds(b, ",\n          \"impact\": ");
	add_str(b, def ? def->impact : NULL);
	da_buf_adds(b, "\n        }");
	return da_output_put(out, &st->b);
}

/* Every entry of the waiver file, expired ones included. */
static void add_waivers(struct da_buf *b, const struct da_report *r)
{
	size_t i, j;

	if (!r->have_waivers)
		return;
	da_buf_adds(b, ",\n  \"waivers\": [");
	for (i = 0; i < r->n_waivers; i++) {
		const struct da_waiver *w = &r->waivers[i];

		da_buf_adds(b, i ? ",\n    " : "\n    ");
		da_buf_adds(b, "{\"check\": ");
		add_str(b, w->check);
		da_buf_adds(b, ", \"objects\": [");
		for (j = 0; j < w->n_objects; j++) {
			if (j)
				da_buf_adds(b, ", ");
			add_str(b, w->objects[j]);
		}
		da_buf_adds(b, "], \"justification\": ");
		add_str(b, w->justification);
		da_buf_adds(b, ", \"expires\": ");
		add_str(b, w->expires);
		da_buf_adds(b, ", \"owner\": ");
		add_str(b, w->owner);
		da_buf_addf(b, ", \"line\": %d, \"expired\": %s, \"used\": %zu}",
			    w->line, w->expired ? "true" : "false", w->used);
	}
	if (r->n_waivers)
		da_buf_adds(b, "\n  ");
	da_buf_adds(b, "]");
}

/* The report compared with, and its findings that are gone. */
static void add_baseline(struct da_buf *b, const struct da_report *r)
{
	size_t i;

	if (!r->baseline)
		return;
	da_buf_adds(b, ",\n  \"baseline\": {\"report\": ");
	add_str(b, r->baseline);
	da_buf_adds(b, ", \"fixed\": [");
	for (i = 0; i < r->n_fixed; i++) {
		da_buf_adds(b, i ? ",\n    " : "\n    ");
		da_buf_adds(b, "{\"check\": ");
		add_str(b, r->fixed[i].check);
		da_buf_adds(b, ", \"kind\": ");
		add_str(b, r->fixed[i].kind);
		da_buf_adds(b, ", \"object\": ");
		add_str(b, r->fixed[i].object);
		da_buf_adds(b, "}");
	}
	if (r->n_fixed)
		da_buf_adds(b, "\n  ");
	da_buf_adds(b, "]}");
}

static int json_end(struct da_output *out, const struct da_report *r)
{
	struct json_state *st = out->state;
	struct da_buf *b;

	if (!st)
		return DA_ERR_INVALID;
	b = &st->b;
	close_section(st);
	if (st->n_sections)
		da_buf_adds(b, "\n  ");
	da_buf_adds(b, "]");
	add_waivers(b, r);
	add_baseline(b, r);
	da_buf_addf(b, ",\n  \"summary\": {\"checks\": %d, \"score\": %d, "
		    "\"pass\": %d, \"warn\": %d, \"info\": %d, \"note\": %d, "
		    "\"error\": %d, \"waived\": %d, \"new\": %d",
		    r->checks, r->score, r->count[DA_PASS], r->count[DA_WARN],
		    r->count[DA_INFO], r->count[DA_NOTE], r->count[DA_ERROR],
		    r->waived, r->fresh);
	if (r->baseline)
		da_buf_addf(b, ", \"fixed\": %zu", r->n_fixed);
	da_buf_adds(b, "}\n}\n");
	return da_output_finish(out, &st->b, 0);
}

const struct da_formatter da_format_json = {
	.name = "json",
	.description = "dockaudit's own JSON report (schema dockaudit-report-1)",
	.begin = json_begin,
	.result = json_result,
	.end = json_end,
};
