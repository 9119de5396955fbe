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
 *     <skipped> (NOTE); PASS and INFO are plain testcases, and their detail
 *     lines go to the suite's <system-out>, since Ant allows no output
 *     inside a testcase.
 * Header rows are not testcases.  Suites are written when complete (their
 * counts come first) and the document at the end.
 */
#include "config.h"

#include "escape.h"
#include "format.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

struct junit_state {
	struct da_buf doc;
	const struct da_report_section *cur;
	struct da_buf cases;  /* testcases of the current suite */
	struct da_buf sysout; /* its system-out text, escaped */
	int tests, failures, errors, skipped;
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

static void add_items(struct da_buf *b, const struct da_result *res,
		      const char *prefix)
{
	size_t i;

	for (i = 0; i < res->n_items; i++) {
		struct da_buf item = { 0 };

		da_format_item(&item, &res->items[i]);
		da_buf_adds(b, prefix);
		da_escape_xml(b, da_buf_str(&item));
		da_buf_addc(b, '\n');
		da_buf_release(&item);
	}
	if (res->total_items > res->n_items)
		da_buf_addf(b, "%s(truncated: %zu more not shown)\n", prefix,
			    res->total_items - res->n_items);
}

static void flush_suite(struct junit_state *st, const struct da_report *r)
{
	const struct da_section *s;
	struct da_buf *b = &st->doc;
	struct da_buf name = { 0 };
	char t[DA_FORMAT_UTC_LEN];

	if (!st->cur)
		return;
	s = st->cur->section;

	da_buf_addf(&name, "%s %s", s && s->id ? s->id : "",
		    s && s->title ? s->title : "");
	da_buf_adds(b, "  <testsuite");
	add_attr(b, "name", blank(name.data) ? "section" : name.data);
	da_buf_addf(b, " tests=\"%d\" failures=\"%d\" errors=\"%d\" "
		    "skipped=\"%d\" time=\"0\"", st->tests, st->failures,
		    st->errors, st->skipped);
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
	if (st->cases.len)
		da_buf_add(b, st->cases.data, st->cases.len);
	da_buf_adds(b, "    <system-out>");
	if (st->sysout.len)
		da_buf_add(b, st->sysout.data, st->sysout.len);
	da_buf_adds(b, "</system-out>\n    <system-err></system-err>\n"
		    "  </testsuite>\n");

	da_buf_release(&name);
	da_buf_release(&st->cases);
	da_buf_release(&st->sysout);
	st->tests = st->failures = st->errors = st->skipped = 0;
	st->cur = NULL;
}

static int junit_begin(struct da_output *out, const struct da_report *r)
{
	out->state = da_xcalloc(1, sizeof(struct junit_state));
	return 0;
}

/* <failure>, <error> or <skipped> with the detail and the items. */
static void add_outcome(struct da_buf *b, const char *elem, const char *type,
			const struct da_result *res)
{
	da_buf_addf(b, "      <%s", elem);
	if (res->detail)
		add_attr(b, "message", res->detail);
	if (type)
		add_attr(b, "type", type);
	if (res->n_items == 0 && res->total_items == 0) {
		da_buf_adds(b, "/>\n");
		return;
	}
	da_buf_addc(b, '>');
	add_items(b, res, "");
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
		flush_suite(st, r);
		st->cur = sec;
	}
	def = res->def;
	s = sec ? sec->section : NULL;
	status = norm_status(res->status);
	b = &st->cases;
	st->tests++;

	da_buf_addf(&name, "%s %s", def && def->id ? def->id : "",
		    def && def->title ? def->title : "");
	da_buf_adds(b, "    <testcase");
	add_attr(b, "name", name.data);
	da_buf_release(&name);
	da_buf_adds(b, " classname=\"dockaudit.section");
	da_escape_xml(b, s && s->id ? s->id : "");
	da_buf_adds(b, "\" time=\"0\"");

	switch (status) {
	case DA_WARN:
		st->failures++;
		da_buf_adds(b, ">\n");
		add_outcome(b, "failure", "WARN", res);
		break;
	case DA_ERROR:
		st->errors++;
		da_buf_adds(b, ">\n");
		add_outcome(b, "error", "ERROR", res);
		break;
	case DA_NOTE:
		st->skipped++;
		da_buf_adds(b, ">\n");
		add_outcome(b, "skipped", NULL, res);
		break;
	default:
		da_buf_adds(b, "/>\n");
		if (!res->detail && res->n_items == 0)
			return 0;
		/* PASS and INFO: their output goes to the suite. */
		da_buf_addf(&st->sysout, "[%s] ", da_status_name(status));
		da_escape_xml(&st->sysout, def && def->id ? def->id : "");
		da_buf_adds(&st->sysout, " - ");
		da_escape_xml(&st->sysout, res->detail ? res->detail : "");
		da_buf_addc(&st->sysout, '\n');
		add_items(&st->sysout, res, "       * ");
		return 0;
	}
	da_buf_adds(b, "    </testcase>\n");
	return 0;
}

static int junit_end(struct da_output *out, const struct da_report *r)
{
	struct junit_state *st = out->state;
	static const char head[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n";
	static const char tail[] = "</testsuites>\n";
	int err = 0;

	if (!st)
		return DA_ERR_INVALID;
	flush_suite(st, r);
	if (fwrite(head, 1, sizeof(head) - 1, out->fp) != sizeof(head) - 1 ||
	    (st->doc.len &&
	     fwrite(st->doc.data, 1, st->doc.len, out->fp) != st->doc.len) ||
	    fwrite(tail, 1, sizeof(tail) - 1, out->fp) != sizeof(tail) - 1 ||
	    ferror(out->fp))
		err = DA_ERR_IO;
	da_buf_release(&st->doc);
	da_buf_release(&st->cases);
	da_buf_release(&st->sysout);
	free(st);
	out->state = NULL;
	return err;
}

const struct da_formatter da_format_junit = {
	.name = "junit",
	.description = "JUnit XML: a test suite per section, a test case per check",
	.begin = junit_begin,
	.result = junit_result,
	.end = junit_end,
};
