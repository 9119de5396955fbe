/*
 * The junit formatter: one <testsuite> per benchmark section, one
 * <testcase> per check, valid against both the Jenkins (junit-10) and the
 * strict Apache Ant JUnit schemas.  What the two have in common decides the
 * shape:
 *   - the <testsuites> root carries no attributes (Ant allows none);
 *   - each <testsuite> has name, tests, failures, errors, skipped, time,
 *     timestamp (UTC, no zone, as Ant wants), hostname, id and package, and
 *     holds <properties>, the testcases, <system-out> and <system-err> in
 *     that order;
 *   - a testcase holds at most one of <failure> (WARN), <error> (ERROR) or
 *     <skipped> (NOTE, or a WARN or ERROR whose every finding is waived,
 *     with the waiver's reason); PASS and INFO are plain testcases, and their detail
 *     lines go to the suite's <system-out>, since Ant allows no output
 *     inside a testcase.
 * Header rows are not testcases.  The document is written as the results
 * come, one at a time: a suite's counts are taken from its section (the
 * report is complete by then), and its <system-out> from the section's
 * results again at its end, so nothing of a suite is held in memory.
 */
#include "config.h"

#include "escape.h"
#include "format.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

struct junit_state {
	struct da_buf b; /* what is written next */
	const struct da_report_section *cur;
	int n_suites;
};

static enum da_status norm_status(enum da_status s)
{
	return (unsigned)s <= DA_ERROR ? s : DA_ERROR;
}

/* True when s would be empty once XML Schema collapses its whitespace. */
static bool blank(const char *s)
{
	return !s || s[strspn(s, " \t\r\n")] == '\0';
}

static void add_attr(struct da_buf *b, const char *name, const char *value)
{
	da_buf_addf(b, " %s=\"", name);
	da_escape_xml(b, value ? value : "");
	da_buf_addc(b, '"');
}

static void add_property(struct da_buf *b, const char *name, const char *value)
{
	if (!value)
		return;
	da_buf_adds(b, "      <property");
	add_attr(b, "name", name);
	add_attr(b, "value", value);
	da_buf_adds(b, "/>\n");
}

/* " (waived: REASON, until DATE)", " (new)", as the text report has them. */
static void add_marks(struct da_buf *b, const struct da_report *r,
		      const struct da_waiver *w, bool is_new)
{
	if (w)
		da_buf_addf(b, " (waived: %s, until %s)", w->justification, w->expires);
	if (r->baseline && is_new)
		da_buf_adds(b, " (new)");
}

static void add_items(struct da_buf *b, const struct da_report *r,
		      const struct da_result *res, const char *prefix)
{
	size_t i;

	for (i = 0; i < res->n_items; i++) {
		struct da_buf item = { 0 };

		da_format_item(&item, &res->items[i]);
		if (da_result_has_findings(res))
			add_marks(&item, r, res->items[i].waiver, res->items[i].is_new);
		da_buf_adds(b, prefix);
		da_escape_xml(b, da_buf_str(&item));
		da_buf_addc(b, '\n');
		da_buf_release(&item);
	}
	if (res->total_items > res->n_items)
		da_buf_addf(b, "%s(truncated: %zu more not shown)\n", prefix,
			    res->total_items - res->n_items);
}

/* The suite's <system-out>: the detail and items of its PASS and INFO
 * checks, which Ant allows nowhere else. */
static int add_sysout(struct da_output *out, struct junit_state *st,
		      const struct da_report *r, const struct da_report_section *sec)
{
	size_t i;
	int err = 0;

	for (i = 0; err == 0 && i < sec->n_results; i++) {
		const struct da_result *res = sec->results[i];
		const struct da_checkdef *def;
		enum da_status status;

		if (!res || da_result_is_header(res))
			continue;
		status = norm_status(res->status);
		if (status != DA_PASS && status != DA_INFO)
			continue;
		if (!res->detail && res->n_items == 0)
			continue;
		def = res->def;
		da_buf_addf(&st->b, "[%s] ", da_status_name(status));
		da_escape_xml(&st->b, def && def->id ? def->id : "");
		da_buf_adds(&st->b, " - ");
		da_escape_xml(&st->b, res->detail ? res->detail : "");
		da_buf_addc(&st->b, '\n');
		add_items(&st->b, r, res, "       * ");
		err = da_output_put(out, &st->b);
	}
	return err;
}

/* Ends the current suite, if any. */
static int close_suite(struct da_output *out, struct junit_state *st,
		       const struct da_report *r)
{
	int err;

	if (!st->cur)
		return 0;
	da_buf_adds(&st->b, "    <system-out>");
	err = da_output_put(out, &st->b);
	if (err == 0)
		err = add_sysout(out, st, r, st->cur);
	da_buf_adds(&st->b, "</system-out>\n    <system-err></system-err>\n"
		    "  </testsuite>\n");
	st->cur = NULL;
	return err;
}

/* Starts the suite of sec: its counts, taken from the section, and properties. */
static void open_suite(struct junit_state *st, const struct da_report *r,
		       const struct da_report_section *sec)
{
	const struct da_section *s = sec->section;
	struct da_buf *b = &st->b;
	struct da_buf name = { 0 };
	char t[DA_FORMAT_UTC_LEN];
	int tests = 0, failures = 0, errors = 0, skipped = 0;
	size_t i;

	for (i = 0; i < sec->n_results; i++) {
		const struct da_result *res = sec->results[i];
		if (!res || da_result_is_header(res))
			continue;
		tests++;
		if (da_result_waived(res)) {
			skipped++;
			continue;
		}
		switch (norm_status(res->status)) {
		case DA_WARN: failures++; break;
		case DA_ERROR: errors++; break;
		case DA_NOTE: skipped++; break;
		default: break;
		}
	}
	da_buf_addf(&name, "%s %s", s && s->id ? s->id : "",
		    s && s->title ? s->title : "");
	da_buf_adds(b, "  <testsuite");
	add_attr(b, "name", blank(name.data) ? "section" : name.data);
	da_buf_addf(b, " tests=\"%d\" failures=\"%d\" errors=\"%d\" "
		    "skipped=\"%d\" time=\"0\"", tests, failures, errors, skipped);
	da_format_utc(t, r->start, false);
	add_attr(b, "timestamp", t);
	add_attr(b, "hostname", blank(r->hostname) ? "localhost" : r->hostname);
	da_buf_addf(b, " id=\"%d\"", st->n_suites++);
	add_attr(b, "package", "dockaudit");
	da_buf_adds(b, ">\n    <properties>\n");
	add_property(b, "dockaudit.version",
		     r->tool_version ? r->tool_version : PACKAGE_VERSION);
	add_property(b, "benchmark", r->benchmark);
	add_property(b, "benchmark.title", r->benchmark_title);
	add_property(b, "endpoint", r->endpoint);
	add_property(b, "docker.version", r->docker_version);
	add_property(b, "docker.hostname", r->hostname);
	add_property(b, "module", s ? s->module : NULL);
	add_property(b, "module.version", s ? s->module_version : NULL);
	da_buf_adds(b, "    </properties>\n");
	da_buf_release(&name);
	st->cur = sec;
}

static int junit_begin(struct da_output *out, const struct da_report *r)
{
	struct junit_state *st = da_xcalloc(1, sizeof(struct junit_state));

	out->state = st;
	da_buf_adds(&st->b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n");
	return da_output_put(out, &st->b);
}

/*
 * <failure>, <error> or <skipped> with the detail (or, for a waived
 * result, the waiver's reason) and the items.
 */
static void add_outcome(struct da_buf *b, const struct da_report *r,
			const char *elem, const char *type,
			const struct da_result *res)
{
	const struct da_waiver *w = NULL;

	if (da_result_waived(res))
		w = res->n_items ? res->items[0].waiver : res->waiver;
	da_buf_addf(b, "      <%s", elem);
	if (w) {
		struct da_buf m = { 0 };

		da_buf_addf(&m, "waived: %s, until %s", w->justification, w->expires);
		if (res->detail)
			da_buf_addf(&m, " (%s %s)", da_status_name(res->status), res->detail);
		add_attr(b, "message", m.data);
		da_buf_release(&m);
	} else if (res->detail) {
		add_attr(b, "message", res->detail);
	} else if (da_result_has_findings(res) && r->baseline && res->is_new) {
		add_attr(b, "message", "new");
	}
	if (type)
		add_attr(b, "type", type);
	if (res->n_items == 0 && res->total_items == 0) {
		da_buf_adds(b, "/>\n");
		return;
	}
	da_buf_addc(b, '>');
	add_items(b, r, res, "");
	da_buf_addf(b, "</%s>\n", elem);
}

static int junit_result(struct da_output *out, const struct da_report *r,
			const struct da_report_section *sec,
			const struct da_result *res)
{
	struct junit_state *st = out->state;
	const struct da_checkdef *def;
	const struct da_section *s;
	struct da_buf *b;
	struct da_buf name = { 0 };
	enum da_status status;

	if (!st || !res)
		return DA_ERR_INVALID;
	if (da_result_is_header(res))
		return 0;
	if (sec != st->cur) {
		int err = close_suite(out, st, r);
		if (err)
			return err;
		open_suite(st, r, sec);
	}
	def = res->def;
	s = sec ? sec->section : NULL;
	status = norm_status(res->status);
	b = &st->b;

	da_buf_addf(&name, "%s %s", def && def->id ? def->id : "",
		    def && def->title ? def->title : "");
	da_buf_adds(b, "    <testcase");
	add_attr(b, "name", name.data);
	da_buf_release(&name);
	da_buf_adds(b, " classname=\"dockaudit.section");
	da_escape_xml(b, s && s->id ? s->id : "");
	da_buf_adds(b, "\" time=\"0\"");

	if (da_result_waived(res)) {
		/* every finding accepted: skipped, with the reason */
		da_buf_adds(b, ">\n");
		add_outcome(b, r, "skipped", NULL, res);
		da_buf_adds(b, "    </testcase>\n");
		return da_output_put(out, &st->b);
	}
	switch (status) {
	case DA_WARN:
		da_buf_adds(b, ">\n");
		add_outcome(b, r, "failure", "WARN", res);
		break;
	case DA_ERROR:
		da_buf_adds(b, ">\n");
		add_outcome(b, r, "error", "ERROR", res);
		break;
	case DA_NOTE:
		da_buf_adds(b, ">\n");
		add_outcome(b, r, "skipped", NULL, res);
		break;
	default:
		/* PASS and INFO: their output goes to the suite's system-out */
		da_buf_adds(b, "/>\n");
		return da_output_put(out, &st->b);
	}
	da_buf_adds(b, "    </testcase>\n");
	return da_output_put(out, &st->b);
}

static int junit_end(struct da_output *out, const struct da_report *r)
{
	struct junit_state *st = out->state;
	int err, rc;

	if (!st)
		return DA_ERR_INVALID;
	err = close_suite(out, st, r);
	da_buf_adds(&st->b, "</testsuites>\n");
	rc = da_output_finish(out, &st->b, 0);
	return rc ? rc : err;
}

const struct da_formatter da_format_junit = {
	.name = "junit",
	.description = "JUnit XML: a test suite per section, a test case per check",
	.begin = junit_begin,
	.result = junit_result,
	.end = junit_end,
};
