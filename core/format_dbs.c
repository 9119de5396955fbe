/*
 * The dbs-json formatter: the JSON log of docker-bench-security 1.6.0, with
 * its key names, key order, value types and line layout, for the tools that
 * read it (DefectDojo's dockerbench parser among them).  Deliberate
 * differences, all documented in docs/formats.md:
 *   - strings are escaped, so the output is valid JSON whatever the input;
 *   - header rows and empty sections are left out, the wrapper of a section
 *     is always written, so the document never goes flat or invalid;
 *   - ERROR has no equivalent: it is written as "INFO" with details
 *     prefixed "error: ";
 *   - "(truncated)" is appended only when -n actually cut items;
 *   - the document ends with a newline; it is written as the results come,
 *     one result at a time (an output file is renamed into place when
 *     complete, so a failed run leaves none);
 *   - a "benchmark" key after "dockerbenchsecurity" names the benchmark the
 *     run used ("cis-1.6.0"), which the original's log never says.
 */
#include "config.h"

#include "escape.h"
#include "format.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* The docker-bench-security version whose log this mimics. */
#define DBS_VERSION "1.6.0"

struct dbs_state {
	struct da_buf doc; /* what is written next */
	const struct da_report_section *cur;
	bool first_result; /* no result written yet in the current section */
	size_t n_sections;
};

/* Writes st->doc out and empties it. */
static int dbs_begin(struct da_output *out, const struct da_report *r)
{
	struct dbs_state *st = da_xcalloc(1, sizeof(struct dbs_state));

	out->state = st;
	da_buf_adds(&st->doc, "{\n  \"dockerbenchsecurity\": \"" DBS_VERSION "\",\n"
		    "  \"benchmark\": ");
	da_escape_json(&st->doc, r->benchmark ? r->benchmark : "");
	da_buf_addf(&st->doc, ",\n  \"start\": %lld,\n  \"tests\": [", (long long)r->start);
	return da_output_put(out, &st->doc);
}

static void close_section(struct dbs_state *st)
{
	if (st->cur)
		da_buf_adds(&st->doc, "\n      ]\n    }");
	st->cur = NULL;
}

static void open_section(struct dbs_state *st,
			 const struct da_report_section *sec)
{
	const struct da_section *s = sec ? sec->section : NULL;

	if (st->n_sections++)
		da_buf_addc(&st->doc, ',');
	da_buf_adds(&st->doc, "\n    {\n      \"id\": ");
	da_escape_json(&st->doc, s && s->id ? s->id : "");
	da_buf_adds(&st->doc, ",\n      \"desc\": ");
	da_escape_json(&st->doc, s && s->title ? s->title : "");
	da_buf_adds(&st->doc, ",\n      \"results\": [");
	st->cur = sec;
	st->first_result = true;
}

static int dbs_result(struct da_output *out, const struct da_report *r,
		      const struct da_report_section *sec,
		      const struct da_result *res)
{
	struct dbs_state *st = out->state;
	const struct da_checkdef *def;
	struct da_buf *b;
	struct da_buf details = { 0 };
	bool error, truncated;
	size_t i;

	if (!st || !res)
		return DA_ERR_INVALID;
	if (da_result_is_header(res))
		return 0;
	if (sec != st->cur) {
		close_section(st);
		open_section(st, sec);
	}
	def = res->def;
	b = &st->doc;
	error = (unsigned)res->status > DA_NOTE;
	truncated = res->total_items > res->n_items;

	if (!st->first_result)
		da_buf_addc(b, ',');
	st->first_result = false;
	da_buf_adds(b, "\n        {\n          \"id\": ");
	da_escape_json(b, def && def->id ? def->id : "");
	da_buf_adds(b, ",\n          \"desc\": ");
	da_escape_json(b, def && def->title ? def->title : "");
	da_buf_adds(b, ",\n          \"result\": ");
	da_escape_json(b, error ? "INFO" : da_status_name(res->status));

	if (error)
		da_buf_adds(&details, "error: ");
	if (res->detail)
		da_buf_adds(&details, res->detail);
	if (truncated)
		da_buf_adds(&details, details.len ? " (truncated)"
						  : "(truncated)");
	if (details.len) {
		da_buf_adds(b, ",\n          \"details\": ");
		da_escape_json(b, details.data);
	}
	da_buf_release(&details);

	if (res->n_items || truncated) {
		da_buf_adds(b, ",\n          \"items\": [\n            ");
		for (i = 0; i < res->n_items; i++) {
			struct da_buf item = { 0 };

			da_format_item(&item, &res->items[i]);
			if (i)
				da_buf_addc(b, ',');
			da_escape_json(b, da_buf_str(&item));
			da_buf_release(&item);
		}
		if (truncated)
			da_buf_adds(b, res->n_items ? ",\"(truncated)\""
						    : "\"(truncated)\"");
		da_buf_adds(b, "\n          ]");
	}

	if (r->print_remediation && res->status != DA_PASS && def &&
	    def->remediation && *def->remediation) {
		da_buf_adds(b, ",\n          \"remediation\": ");
		da_escape_json(b, def->remediation);
		if (def->impact && *def->impact) {
			da_buf_adds(b, ",\n          \"remediation-impact\": ");
			da_escape_json(b, def->impact);
		}
	}
	da_buf_adds(b, "\n        }");
	return da_output_put(out, &st->doc);
}

static int dbs_end(struct da_output *out, const struct da_report *r)
{
	struct dbs_state *st = out->state;

	if (!st)
		return DA_ERR_INVALID;
	close_section(st);
	da_buf_addf(&st->doc, "\n  ],\n  \"checks\": %d,\n  \"score\": %d,\n"
		    "  \"end\": %lld\n}\n",
		    r->checks, r->score, (long long)r->end);
	return da_output_finish(out, &st->doc, 0);
}

const struct da_formatter da_format_dbs_json = {
	.name = "dbs-json",
	.description = "docker-bench-security 1.6.0's JSON log, for tools that read it",
	.begin = dbs_begin,
	.result = dbs_result,
	.end = dbs_end,
};
