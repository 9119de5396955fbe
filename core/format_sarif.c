/*
 * The sarif formatter: SARIF 2.1.0 (OASIS), one run, for code scanning
 * services (docs/formats.md, "sarif").
 *
 *   - tool.driver names dockaudit, its version and the benchmark, and has
 *     one rule per selected check (headers excluded), in report order;
 *   - every item of a WARN result is one result (a WARN without items is
 *     one result for the check itself, located at the daemon), level
 *     "error" when the check is scored, else "warning";
 *   - an ERROR result is a tool execution notification of the invocation;
 *     PASS, INFO and NOTE give no result.
 *
 * The rules are written by begin (the report is complete by then), the
 * results one at a time as they come, the notifications by end.  Every
 * string goes through da_escape_json; URIs are percent-encoded here, so
 * both are valid whatever the daemon said.
 */
#include "config.h"

#include "escape.h"
#include "format.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
#define FINGERPRINT_KEY "dockauditFinding/v1"

struct sarif_state {
	struct da_buf b;       /* what is written next */
	size_t rule_index;     /* index of the next non-header result's rule */
	size_t n_results;      /* results written */
};

static void add_str(struct da_buf *b, const char *s)
{
	da_escape_json(b, s ? s : "");
}

static const char *sarif_level(const struct da_result *res)
{
	return res->scored ? "error" : "warning";
}

/*
 * Appends s percent-encoded: every byte but the RFC 3986 unreserved ones
 * and "/" (kept when slash) becomes %XX, so any input is a valid URI part.
 */
static void add_uri_part(struct da_buf *b, const char *s, bool slash)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p;

	for (p = (const unsigned char *)(s ? s : ""); *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '.' ||
		    *p == '_' || *p == '~' || (slash && *p == '/')) {
			da_buf_addc(b, (char)*p);
		} else {
			da_buf_addc(b, '%');
			da_buf_addc(b, hex[*p >> 4]);
			da_buf_addc(b, hex[*p & 15]);
		}
	}
}

/* A host path: a file item whose identity is absolute. */
static bool item_is_host_path(const struct da_item *it)
{
	return it->kind && (strcmp(it->kind, "file") == 0 ||
			    strcmp(it->kind, "path") == 0) &&
	       da_item_identity(it)[0] == '/';
}

static void add_rule(struct da_buf *b, const struct da_report *r,
		     const struct da_report_section *sec,
		     const struct da_result *res, bool first)
{
	const struct da_checkdef *def = res->def;
	const struct da_section *s = sec ? sec->section : NULL;
	const char *groups = def && def->check ? def->check->groups : NULL;
	struct da_buf help = {0};

	if (!first)
		da_buf_addc(b, ',');
	da_buf_adds(b, "\n          {\"id\": ");
	add_str(b, def ? def->id : NULL);
	da_buf_adds(b, ", \"shortDescription\": {\"text\": ");
	add_str(b, def ? def->title : NULL);
	da_buf_adds(b, "}, \"defaultConfiguration\": {\"level\": \"");
	da_buf_adds(b, sarif_level(res));
	da_buf_adds(b, "\"}, \"help\": {\"text\": ");
	if (def && def->remediation)
		da_buf_addf(&help, "Remediation: %s", def->remediation);
	if (def && def->impact)
		da_buf_addf(&help, "%sImpact: %s", help.len ? "\n" : "",
			    def->impact);
	if (!help.len)
		da_buf_adds(&help, def && def->title ? def->title : "");
	add_str(b, help.data);
	da_buf_release(&help);
	da_buf_adds(b, "}, \"properties\": {\"level\": ");
	if (def && def->level > 0)
		da_buf_addf(b, "%d", def->level);
	else
		da_buf_adds(b, "null");
	da_buf_addf(b, ", \"scored\": %s, \"section\": ",
		    res->scored ? "true" : "false");
	add_str(b, s ? s->id : NULL);
	da_buf_adds(b, ", \"benchmark\": ");
	add_str(b, r->benchmark);
	da_buf_adds(b, ", \"tags\": [\"security\", \"cis-docker\"");
	if (s && s->group) {
		da_buf_adds(b, ", ");
		add_str(b, s->group);
	}
	/* the check's own groups, one tag each */
	while (groups && *groups) {
		size_t n = strcspn(groups, " ");

		if (n) {
			char *g = da_xasprintf("%.*s", (int)n, groups);

			da_buf_adds(b, ", ");
			add_str(b, g);
			free(g);
		}
		groups += n;
		groups += strspn(groups, " ");
	}
	da_buf_adds(b, "]}}");
}

static int sarif_begin(struct da_output *out, const struct da_report *r)
{
	struct sarif_state *st = da_xcalloc(1, sizeof(*st));
	struct da_buf *b = &st->b;
	size_t i, j;
	bool first = true;

	out->state = st;
	da_buf_adds(b, "{\n  \"$schema\": \"" SARIF_SCHEMA "\",\n"
		       "  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n"
		       "      \"tool\": {\"driver\": {\n"
		       "        \"name\": \"dockaudit\",\n"
		       "        \"version\": ");
	add_str(b, r->tool_version ? r->tool_version : PACKAGE_VERSION);
	da_buf_adds(b, ",\n        \"properties\": {\"benchmark\": ");
	add_str(b, r->benchmark);
	da_buf_adds(b, ", \"benchmarkTitle\": ");
	add_str(b, r->benchmark_title);
	da_buf_adds(b, "},\n        \"rules\": [");
	for (i = 0; i < r->n_sections; i++) {
		const struct da_report_section *sec = &r->sections[i];

		for (j = 0; j < sec->n_results; j++) {
			const struct da_result *res = sec->results[j];

			if (!res || da_result_is_header(res))
				continue;
			add_rule(b, r, sec, res, first);
			first = false;
		}
	}
	if (!first)
		da_buf_adds(b, "\n        ");
	da_buf_adds(b, "]\n      }},\n      \"results\": [");
	return da_output_put(out, &st->b);
}

/* Where the daemon's own findings are: the audited host. */
static void add_host_location(struct da_buf *b, const struct da_report *r)
{
	const char *host = r->hostname && *r->hostname ? r->hostname : "docker";

	da_buf_adds(b, "\"locations\": [{\"physicalLocation\": {"
		       "\"artifactLocation\": {\"uri\": \"daemon/");
	add_uri_part(b, host, false);
	da_buf_adds(b, "\"}}, \"logicalLocations\": [{\"name\": ");
	add_str(b, host);
	da_buf_adds(b, ", \"fullyQualifiedName\": ");
	{
		struct da_buf fq = {0};

		da_buf_addf(&fq, "daemon/%s", host);
		add_str(b, fq.data);
		da_buf_release(&fq);
	}
	da_buf_adds(b, ", \"kind\": \"resource\"}]}]");
}

static void add_item_location(struct da_buf *b, const struct da_item *it)
{
	const char *ident = da_item_identity(it);
	struct da_buf fq = {0};

	da_buf_adds(b, "\"locations\": [{\"physicalLocation\": {"
		       "\"artifactLocation\": {\"uri\": \"");
	if (item_is_host_path(it)) {
		da_buf_adds(b, "file://");
		add_uri_part(b, ident, true);
	} else {
		add_uri_part(b, da_item_kind(it), false);
		da_buf_addc(b, '/');
		add_uri_part(b, ident, false);
	}
	da_buf_adds(b, "\"}}, \"logicalLocations\": [{\"name\": ");
	add_str(b, ident);
	da_buf_addf(&fq, "%s/%s", da_item_kind(it), ident);
	da_buf_adds(b, ", \"fullyQualifiedName\": ");
	add_str(b, fq.data);
	da_buf_release(&fq);
	da_buf_adds(b, ", \"kind\": \"resource\"}]}]");
}

/* A waived finding: accepted, with the waiver's justification. */
static void add_suppression(struct da_buf *b, const struct da_waiver *w)
{
	struct da_buf j = {0};

	if (!w)
		return;
	da_buf_addf(&j, "%s (until %s", w->justification, w->expires);
	if (w->owner)
		da_buf_addf(&j, ", owner %s", w->owner);
	da_buf_adds(&j, ")");
	da_buf_adds(b, ",\n         \"suppressions\": [{\"kind\": \"external\", "
		       "\"status\": \"accepted\", \"justification\": ");
	add_str(b, j.data);
	da_buf_release(&j);
	da_buf_addf(b, ", \"properties\": {\"line\": %d, \"expires\": ", w->line);
	add_str(b, w->expires);
	da_buf_adds(b, ", \"owner\": ");
	if (w->owner)
		add_str(b, w->owner);
	else
		da_buf_adds(b, "null");
	da_buf_adds(b, "}}]");
}

/* One result: it NULL for the check itself (a WARN without items). */
static void add_result(struct sarif_state *st, const struct da_report *r,
		       const struct da_result *res, const struct da_item *it)
{
	const struct da_checkdef *def = res->def;
	struct da_buf *b = &st->b;
	struct da_buf t = {0};

	if (st->n_results++)
		da_buf_addc(b, ',');
	da_buf_adds(b, "\n        {\"ruleId\": ");
	add_str(b, def ? def->id : NULL);
	da_buf_addf(b, ", \"ruleIndex\": %zu, \"level\": \"%s\", "
		       "\"message\": {\"text\": ",
		    st->rule_index, sarif_level(res));
	da_buf_adds(&t, def && def->title ? def->title : "");
	if (it) {
		da_buf_adds(&t, ": ");
		da_format_item(&t, it);
	} else if (res->detail) {
		da_buf_addf(&t, ": %s", res->detail);
	}
	add_str(b, t.data);
	da_buf_adds(b, "},\n         ");
	if (it)
		add_item_location(b, it);
	else
		add_host_location(b, r);
	/* what identifies the finding across runs: check, kind, object */
	t.len = 0;
	if (t.data)
		t.data[0] = '\0';
	da_finding_key(&t, r, res, it);
	da_buf_adds(b, ",\n         \"partialFingerprints\": {\""
		       FINGERPRINT_KEY "\": ");
	add_str(b, t.data);
	da_buf_adds(b, "}");
	add_suppression(b, it ? it->waiver : res->waiver);
	if (r->baseline)
		da_buf_addf(b, ", \"baselineState\": \"%s\"",
			    (it ? it->is_new : res->is_new) ? "new" : "unchanged");
	da_buf_adds(b, "}");
	da_buf_release(&t);
}

static int sarif_result(struct da_output *out, const struct da_report *r,
			const struct da_report_section *sec,
			const struct da_result *res)
{
	struct sarif_state *st = out->state;
	size_t i;
	int err = 0;

	(void)sec;
	if (!st || !res)
		return DA_ERR_INVALID;
	if (da_result_is_header(res))
		return 0;
	if (res->status == DA_WARN) {
		if (res->n_items == 0)
			add_result(st, r, res, NULL);
		/* written item by item: a result can hold thousands */
		for (i = 0; err == 0 && i < res->n_items; i++) {
			add_result(st, r, res, &res->items[i]);
			err = da_output_put(out, &st->b);
		}
	}
	st->rule_index++;
	if (err == 0)
		err = da_output_put(out, &st->b);
	return err;
}

static int sarif_end(struct da_output *out, const struct da_report *r)
{
	struct sarif_state *st = out->state;
	char t[DA_FORMAT_UTC_LEN];
	struct da_buf *b;
	size_t i, j, rule = 0, n = 0;

	if (!st)
		return DA_ERR_INVALID;
	b = &st->b;
	if (st->n_results)
		da_buf_adds(b, "\n      ");
	da_buf_adds(b, "],\n      \"invocations\": [{\n"
		       "        \"executionSuccessful\": true,\n");
	da_format_utc(t, r->start, true);
	da_buf_addf(b, "        \"startTimeUtc\": \"%s\",\n", t);
	da_format_utc(t, r->end > r->start ? r->end : r->start, true);
	da_buf_addf(b, "        \"endTimeUtc\": \"%s\",\n", t);
	da_buf_adds(b, "        \"toolExecutionNotifications\": [");
	for (i = 0; i < r->n_sections; i++) {
		const struct da_report_section *sec = &r->sections[i];

		for (j = 0; j < sec->n_results; j++) {
			const struct da_result *res = sec->results[j];
			const struct da_checkdef *def;
			struct da_buf m = {0};

			if (!res || da_result_is_header(res))
				continue;
			if (res->status != DA_ERROR) {
				rule++;
				continue;
			}
			def = res->def;
			if (n++)
				da_buf_addc(b, ',');
			da_buf_adds(b, "\n          {\"level\": \"error\", "
				       "\"message\": {\"text\": ");
			da_buf_addf(&m, "%s %s: %s",
				    def && def->id ? def->id : "",
				    def && def->title ? def->title : "",
				    res->detail ? res->detail : "error");
			add_str(b, m.data);
			da_buf_release(&m);
			da_buf_adds(b, "}, \"associatedRule\": {\"id\": ");
			add_str(b, def ? def->id : NULL);
			da_buf_addf(b, ", \"index\": %zu}}", rule++);
			(void)da_output_put(out, &st->b); /* a failed write shows in ferror */
		}
	}
	if (n)
		da_buf_adds(b, "\n        ");
	da_buf_adds(b, "],\n        \"properties\": {\"endpoint\": ");
	add_str(b, r->endpoint);
	da_buf_addf(b, ", \"score\": %d, \"checks\": %d}\n      }]\n    }\n  ]\n}\n",
		    r->score, r->checks);
	return da_output_finish(out, &st->b, 0);
}

const struct da_formatter da_format_sarif = {
	.name = "sarif",
	.description = "SARIF 2.1.0 for code scanning (one result per finding)",
	.begin = sarif_begin,
	.result = sarif_result,
	.end = sarif_end,
};
