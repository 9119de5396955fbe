/*
 * dockaudit merge (core/merge.c): fleet reports from JSON reports that the
 * built binary writes here from the snapshot fixtures (daemon-base,
 * files-base and images-base are three daemons); bad and hostile reports;
 * every output format parsed back or searched for what must not be there;
 * the html page under the rules of the audit's (CSP with the style's hash,
 * no script, everything escaped).
 */
#include "config.h"

#include "endpoint.h"
#include "escape.h"
#include "merge.h"
#include "report.h"
#include "util.h"

#include "testlib.h"

#include <check.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const fixtures[3] = { "daemon-base", "files-base", "images-base" };
static char *reports[3];   /* their JSON reports, cis-1.6.0 */
static char *report_17;    /* daemon-base under cis-1.7.0 */

/* The binary's JSON report of a snapshot fixture, or NULL. */
static char *audit(const char *fixture, const char *extra)
{
	const char *bdir = getenv("DA_BUILDDIR"), *mdir = getenv("DA_MODULE_DIR");
	char *name = da_xasprintf("%s.json", fixture);
	char *snap = dt_fixture_path(name);
	char *cmd, buf[65536];
	struct da_buf b = { 0 };
	FILE *p;
	size_t n;

	free(name);
	if (!bdir || !mdir) {
		free(snap);
		return NULL;
	}
	cmd = da_xasprintf("'%s/core/dockaudit' --module-dir '%s' --snapshot '%s' --format json %s"
			   " 2>/dev/null", bdir, mdir, snap, extra);
	p = popen(cmd, "r");
	free(cmd);
	free(snap);
	if (!p)
		return NULL;
	while ((n = fread(buf, 1, sizeof(buf), p)) > 0)
		da_buf_add(&b, buf, n);
	if (pclose(p) != 0 || b.len == 0) {
		da_buf_release(&b);
		return NULL;
	}
	return da_buf_steal(&b);
}

/* The report r with the member at path (a.b) set to the JSON value v. */
static char *edit(const char *r, const char *obj, const char *key, const char *v)
{
	struct json_object *doc = json_tokener_parse(r), *o = doc;
	char *out;

	ck_assert_ptr_nonnull(doc);
	if (obj)
		ck_assert(json_object_object_get_ex(doc, obj, &o));
	json_object_object_add(o, key, v ? json_tokener_parse(v) : NULL);
	out = da_xstrdup(json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PLAIN));
	json_object_put(doc);
	return out;
}

static int add(struct da_fleet *f, const char *file, const char *r, char *err, size_t n)
{
	return da_fleet_add(f, file, r, strlen(r), err, n);
}

static struct json_object *jget(struct json_object *o, const char *key)
{
	struct json_object *v = NULL;

	ck_assert_msg(json_object_object_get_ex(o, key, &v), "no member %s", key);
	return v;
}

static const struct da_fleet_check *find_check(const struct da_fleet *f, const char *id)
{
	size_t i;

	for (i = 0; i < f->n_checks; i++)
		if (strcmp(f->checks[i].id, id) == 0)
			return &f->checks[i];
	return NULL;
}

START_TEST(three_hosts)
{
	struct da_fleet f;
	struct json_object *doc, *hosts, *checks;
	struct da_buf b = { 0 };
	char err[512];
	size_t i, h;

	da_fleet_init(&f);
	for (i = 0; i < 3; i++)
		ck_assert_int_eq(add(&f, fixtures[i], reports[i], err, sizeof(err)), DA_OK);
	da_fleet_finish(&f);
	ck_assert_uint_eq(f.n_hosts, 3);
	ck_assert_uint_eq(f.n_notes, 0);
	ck_assert_str_eq(f.benchmark, "cis-1.6.0");
	ck_assert_str_eq(f.hosts[0].name, "audit-host");
	ck_assert_str_eq(f.hosts[1].name, "build01");
	ck_assert_str_eq(f.hosts[1].id, "4c7e2b8a-1f3d-4e6a-9b2c-5d8f0a1e3b7c");
	ck_assert_str_eq(f.hosts[2].label, "dock1");

	/* each host's summary and results are its report's */
	for (i = 0; i < 3; i++) {
		struct json_object *r = json_tokener_parse(reports[i]), *sum = jget(r, "summary");
		struct json_object *secs = jget(r, "sections");
		long counted[5] = { 0 };
		size_t s, c;

		ck_assert_int_eq(f.hosts[i].sum[1], json_object_get_int(jget(sum, "score")));
		ck_assert_int_eq(f.hosts[i].sum[3], json_object_get_int(jget(sum, "warn")));
		for (s = 0; s < json_object_array_length(secs); s++) {
			struct json_object *cks = jget(json_object_array_get_idx(secs, s), "checks");
			for (c = 0; c < json_object_array_length(cks); c++) {
				struct json_object *ck = json_object_array_get_idx(cks, c);
				const struct da_fleet_check *fc =
					find_check(&f, json_object_get_string(jget(ck, "id")));
				ck_assert_ptr_nonnull(fc);
				ck_assert(i < fc->n_res);
				ck_assert_str_eq(json_object_get_string(jget(ck, "status")),
						 da_status_name((enum da_status)fc->res[i].status));
				counted[fc->res[i].status]++;
			}
		}
		ck_assert_int_eq(counted[DA_PASS], json_object_get_int(jget(sum, "pass")));
		ck_assert_int_eq(counted[DA_ERROR], json_object_get_int(jget(sum, "error")));
		json_object_put(r);
	}
	/* checks in benchmark order, counts per check agree with the results */
	for (i = 1; i < f.n_checks; i++)
		ck_assert_msg(strcmp(f.checks[i - 1].id, "1.1.2") != 0 ||
			      strcmp(f.checks[i].id, "1.1.3") == 0, "order after 1.1.2");
	ck_assert_ptr_nonnull(find_check(&f, "2.9"));
	ck_assert_int_eq(find_check(&f, "2.9")->count[DA_WARN], 3);

	/* json: the fleet schema's shape, parsed back */
	ck_assert_int_eq(da_fleet_render(&f, "json", &b), DA_OK);
	doc = json_tokener_parse(da_buf_str(&b));
	ck_assert_ptr_nonnull(doc);
	ck_assert_str_eq(json_object_get_string(jget(doc, "schema_version")), "1.0");
	hosts = jget(doc, "hosts");
	checks = jget(doc, "checks");
	ck_assert_uint_eq(json_object_array_length(hosts), 3);
	ck_assert_uint_eq(json_object_array_length(checks), f.n_checks);
	ck_assert_int_eq(json_object_get_int(jget(jget(doc, "summary"), "hosts")), 3);
	for (i = 0; i < json_object_array_length(checks); i++) {
		struct json_object *c = json_object_array_get_idx(checks, i);
		struct json_object *res = jget(c, "results");
		int sum = 0;
		static const char *const st[5] = { "pass", "warn", "info", "note", "error" };
		for (h = 0; h < 5; h++)
			sum += json_object_get_int(jget(c, st[h]));
		ck_assert_int_eq(sum, json_object_get_int(jget(c, "hosts")));
		ck_assert_uint_eq(json_object_array_length(res), (size_t)sum);
	}
	json_object_put(doc);

	/* text: "2.9 ... WARN on 3 of 3 hosts: audit-host, build01, dock1" */
	b.len = 0;
	ck_assert_int_eq(da_fleet_render(&f, "text", &b), DA_OK);
	ck_assert_ptr_nonnull(strstr(da_buf_str(&b),
				     "WARN on 3 of 3 hosts: audit-host, build01, dock1\n"));
	ck_assert_ptr_nonnull(strstr(da_buf_str(&b), "dockaudit fleet report: 3 hosts, "
				     "CIS Docker Benchmark 1.6.0\n"));

	/* junit: one testsuite per host */
	b.len = 0;
	ck_assert_int_eq(da_fleet_render(&f, "junit", &b), DA_OK);
	{
		const char *p = da_buf_str(&b);
		int n = 0;
		while ((p = strstr(p, "<testsuite ")) != NULL) {
			n++;
			p++;
		}
		ck_assert_int_eq(n, 3);
		ck_assert_ptr_nonnull(strstr(da_buf_str(&b), "<testsuite name=\"build01\""));
	}
	/* sarif: one run per host */
	b.len = 0;
	ck_assert_int_eq(da_fleet_render(&f, "sarif", &b), DA_OK);
	doc = json_tokener_parse(da_buf_str(&b));
	ck_assert_ptr_nonnull(doc);
	ck_assert_str_eq(json_object_get_string(jget(doc, "version")), "2.1.0");
	ck_assert_uint_eq(json_object_array_length(jget(doc, "runs")), 3);
	json_object_put(doc);
	da_buf_release(&b);
	da_fleet_release(&f);
}
END_TEST

START_TEST(versions)
{
	struct da_fleet f;
	char err[512], *other;

	/* another dockaudit version: merged, with a note naming both */
	other = edit(reports[1], "tool", "version", "\"9.9.9\"");
	da_fleet_init(&f);
	ck_assert_int_eq(add(&f, "a.json", reports[0], err, sizeof(err)), DA_OK);
	ck_assert_int_eq(add(&f, "b.json", other, err, sizeof(err)), DA_OK);
	da_fleet_finish(&f);
	ck_assert_uint_eq(f.n_hosts, 2);
	ck_assert_uint_eq(f.n_notes, 1);
	ck_assert_ptr_nonnull(strstr(f.notes[0], "different dockaudit versions"));
	ck_assert_ptr_nonnull(strstr(f.notes[0], "9.9.9: 1 host"));
	ck_assert_ptr_nonnull(strstr(f.notes[0], PACKAGE_VERSION ": 1 host"));
	da_fleet_release(&f);
	free(other);

	/* another benchmark: refused, one line naming both */
	da_fleet_init(&f);
	ck_assert_int_eq(add(&f, "a.json", reports[1], err, sizeof(err)), DA_OK);
	ck_assert_int_eq(add(&f, "b.json", report_17, err, sizeof(err)), DA_ERR_INVALID);
	ck_assert_str_eq(err, "b.json audits benchmark cis-1.7.0, a.json audits cis-1.6.0: "
			 "merge reports of one benchmark");
	da_fleet_release(&f);

	/* one daemon twice: refused */
	da_fleet_init(&f);
	ck_assert_int_eq(add(&f, "a.json", reports[0], err, sizeof(err)), DA_OK);
	ck_assert_int_eq(add(&f, "b.json", reports[0], err, sizeof(err)), DA_ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(err, "a.json and b.json report the same daemon"));
	da_fleet_release(&f);

	/* one name, two daemon IDs: two hosts, told apart by their labels */
	other = edit(reports[0], "target", "daemon_id", "\"0123456789abcdef-other\"");
	da_fleet_init(&f);
	ck_assert_int_eq(add(&f, "a.json", reports[0], err, sizeof(err)), DA_OK);
	ck_assert_int_eq(add(&f, "b.json", other, err, sizeof(err)), DA_OK);
	da_fleet_finish(&f);
	ck_assert_str_eq(f.hosts[0].label, "audit-host (9b1f4e2c-0d3)");
	da_fleet_release(&f);
	free(other);

	/* one name and ID, two endpoints (two dockerds of a host before 23.0) */
	other = edit(reports[0], "target", "endpoint", "\"unix:///run/user/1000/docker.sock\"");
	da_fleet_init(&f);
	ck_assert_int_eq(add(&f, "a.json", reports[0], err, sizeof(err)), DA_OK);
	ck_assert_int_eq(add(&f, "b.json", other, err, sizeof(err)), DA_OK);
	da_fleet_finish(&f);
	ck_assert_str_eq(f.hosts[1].label, "audit-host (unix:///run/user/1000/docker.sock)");
	da_fleet_release(&f);
	free(other);
}
END_TEST

/* add() of text t fails with DA_ERR_PARSE and a one-line message holding want. */
static void refused(const char *t, size_t len, const char *want)
{
	struct da_fleet f;
	char err[512];

	da_fleet_init(&f);
	ck_assert_int_eq(da_fleet_add(&f, "r.json", t, len, err, sizeof(err)), DA_ERR_PARSE);
	ck_assert_msg(strstr(err, want) != NULL, "'%s' lacks '%s'", err, want);
	ck_assert_ptr_null(strchr(err, '\n'));
	ck_assert_ptr_null(strchr(err, '\033'));
	ck_assert_uint_eq(f.n_hosts, 0);
	da_fleet_finish(&f);
	ck_assert_uint_eq(f.n_checks, 0);
	da_fleet_release(&f);
}

START_TEST(malformed)
{
	char *deep, *bad;
	size_t i;

	refused("", 0, "r.json is not valid JSON: empty");
	refused("garbage", 7, "r.json is not valid JSON");
	refused(reports[0], 2000, "r.json is not valid JSON: truncated");
	refused("[1,2]", 5, "r.json is not a dockaudit JSON report");
	refused("{\"summary\": {}}", 15, "r.json is not a dockaudit JSON report");
	refused("{} {}", 5, "trailing data");
	deep = da_xmalloc(20001);
	for (i = 0; i < 10000; i++) {
		deep[i] = '[';
		deep[20000 - 1 - i] = ']';
	}
	deep[20000] = '\0';
	refused(deep, 20000, "r.json is not valid JSON: nesting too deep");
	free(deep);
	bad = edit(reports[0], NULL, "schema_version", "\"2.0\"");
	refused(bad, strlen(bad), "r.json has schema_version 2.0; this dockaudit reads 1.x");
	free(bad);
	bad = edit(reports[0], NULL, "schema_version", "\"\\u001b]0;x\\u0007\"");
	refused(bad, strlen(bad), "schema_version \\x1b]0;x\\x07;");
	free(bad);
	bad = edit(reports[0], "summary", "warn", "-4");
	refused(bad, strlen(bad), "summary.warn");
	free(bad);
	bad = edit(reports[0], "target", "daemon_id", "42");
	refused(bad, strlen(bad), "target.daemon_id is no string");
	free(bad);
	/* a check status that is no status: the whole report is refused */
	{
		const char *p = strstr(reports[0], "\"status\": \"");
		struct da_buf b = { 0 };
		ck_assert_ptr_nonnull(p);
		da_buf_add(&b, reports[0], (size_t)(p - reports[0]));
		da_buf_adds(&b, "\"status\": \"FINE\\u001b[2J\", \"was\": \"");
		da_buf_adds(&b, p + strlen("\"status\": \""));
		refused(da_buf_str(&b), b.len, "check status 'FINE\\x1b[2J'");
		da_buf_release(&b);
	}
	/* the same late in the report: what came before it is undone */
	{
		const char *p = strstr(reports[0], "\"status\": \"");
		struct da_buf b = { 0 };
		ck_assert_ptr_nonnull(p);
		p = strstr(p + 1, "\"status\": \"");
		ck_assert_ptr_nonnull(p);
		p = strstr(p + 1, "\"status\": \"");
		ck_assert_ptr_nonnull(p);
		da_buf_add(&b, reports[0], (size_t)(p - reports[0]));
		da_buf_adds(&b, "\"status\": \"OK\", \"was\": \"");
		da_buf_adds(&b, p + strlen("\"status\": \""));
		refused(da_buf_str(&b), b.len, "check status 'OK'");
		da_buf_release(&b);
	}
}
END_TEST

START_TEST(hostile_names)
{
	static const char name[] = "evil\033[31m<&>\"'\n\x7f]]>";
	struct da_fleet f;
	struct da_buf b = { 0 };
	struct json_object *doc, *h;
	char err[512], *r, *q;
	struct da_buf lit = { 0 };

	da_escape_json(&lit, name);
	r = edit(reports[0], "target", "hostname", da_buf_str(&lit));
	q = edit(r, "target", "endpoint", da_buf_str(&lit));
	da_fleet_init(&f);
	ck_assert_int_eq(add(&f, name, q, err, sizeof(err)), DA_OK);
	ck_assert_int_eq(add(&f, "b.json", reports[1], err, sizeof(err)), DA_OK);
	da_fleet_finish(&f);

	ck_assert_int_eq(da_fleet_render(&f, "text", &b), DA_OK);
	ck_assert_ptr_null(strchr(da_buf_str(&b), '\033'));
	ck_assert_ptr_null(strchr(da_buf_str(&b), '\x7f'));
	ck_assert_ptr_nonnull(strstr(da_buf_str(&b), "evil\\x1b[31m<&>\"'\\n\\x7f]]>"));

	b.len = 0;
	ck_assert_int_eq(da_fleet_render(&f, "json", &b), DA_OK);
	doc = json_tokener_parse(da_buf_str(&b));
	ck_assert_ptr_nonnull(doc);
	h = json_object_array_get_idx(jget(doc, "hosts"), 0);
	ck_assert_str_eq(json_object_get_string(jget(h, "name")), name);
	ck_assert_str_eq(json_object_get_string(jget(h, "endpoint")), name);
	ck_assert_str_eq(json_object_get_string(jget(h, "report")), name);
	json_object_put(doc);

	b.len = 0;
	ck_assert_int_eq(da_fleet_render(&f, "junit", &b), DA_OK);
	ck_assert_ptr_null(strchr(da_buf_str(&b), '\033'));
	ck_assert_ptr_null(strstr(da_buf_str(&b), "<&>"));
	ck_assert_ptr_nonnull(strstr(da_buf_str(&b), "<testsuite name=\"evil\\x1b[31m&lt;&amp;&gt;"
				     "&quot;&apos;"));

	b.len = 0;
	ck_assert_int_eq(da_fleet_render(&f, "html", &b), DA_OK);
	ck_assert_ptr_null(strchr(da_buf_str(&b), '\033'));
	ck_assert_ptr_null(strchr(da_buf_str(&b), '\x7f'));
	ck_assert_ptr_null(strstr(da_buf_str(&b), "<&>"));
	ck_assert_ptr_null(strstr(da_buf_str(&b), "<script"));
	ck_assert_ptr_nonnull(strstr(da_buf_str(&b), "<tr class=\"host\" id=\"h0\"><th>evil"
				     "\\x1b[31m&lt;&amp;&gt;&quot;&apos;"));
	ck_assert_ptr_nonnull(strstr(da_buf_str(&b), "<a href=\"#h0\">evil\\x1b[31m&lt;&amp;"
				     "&gt;&quot;&apos;"));

	b.len = 0;
	ck_assert_int_eq(da_fleet_render(&f, "sarif", &b), DA_OK);
	doc = json_tokener_parse(da_buf_str(&b));
	ck_assert_ptr_nonnull(doc);
	h = json_object_array_get_idx(jget(doc, "runs"), 0);
	ck_assert_str_eq(json_object_get_string(jget(jget(h, "properties"), "hostname")), name);
	json_object_put(doc);

	da_buf_release(&b);
	da_buf_release(&lit);
	da_fleet_release(&f);
	free(r);
	free(q);
}
END_TEST

START_TEST(html_page)
{
	static const char b64[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	struct da_fleet f;
	struct da_buf b = { 0 };
	const struct da_fleet_check *c;
	const char *doc, *st, *en, *row;
	unsigned char d[32];
	char err[512], want[256], *w = want;
	size_t i;

	da_fleet_init(&f);
	for (i = 0; i < 3; i++)
		ck_assert_int_eq(add(&f, fixtures[i], reports[i], err, sizeof(err)), DA_OK);
	da_fleet_finish(&f);
	ck_assert(da_fleet_format_ok("html"));
	ck_assert_int_eq(da_fleet_render(&f, "html", &b), DA_OK);
	doc = da_buf_str(&b);

	/* the rules of the audit's html report: one style, named by its hash
	   in a CSP that forbids everything else; no script, nothing loaded */
	ck_assert(strncmp(doc, "<!DOCTYPE html>\n", 16) == 0);
	st = strstr(doc, "<style>");
	en = strstr(doc, "</style>");
	ck_assert_ptr_nonnull(st);
	ck_assert_ptr_nonnull(en);
	ck_assert_uint_eq(dt_count(doc, "<style"), 1);
	da_sha256(st + 7, (size_t)(en - st - 7), d);
	w += sprintf(w, "content=\"default-src 'none'; style-src 'sha256-");
	for (i = 0; i < 32; i += 3) {
		unsigned v = (unsigned)d[i] << 16 | (i + 1 < 32 ? (unsigned)d[i + 1] << 8 : 0) |
			     (i + 2 < 32 ? d[i + 2] : 0);
		*w++ = b64[v >> 18 & 63];
		*w++ = b64[v >> 12 & 63];
		*w++ = i + 1 < 32 ? b64[v >> 6 & 63] : '=';
		*w++ = i + 2 < 32 ? b64[v & 63] : '=';
	}
	strcpy(w, "'; base-uri 'none'; form-action 'none'\">");
	ck_assert_msg(strstr(doc, want) != NULL, "no CSP %s", want);
	ck_assert_msg(strstr(doc, want) < st, "the CSP comes after the style");
	ck_assert_ptr_null(strstr(doc, "<script"));
	ck_assert_ptr_null(strstr(doc, "style=\""));
	ck_assert_ptr_null(strstr(doc, "unsafe"));
	ck_assert_ptr_null(strstr(doc, "src=\""));
	ck_assert_ptr_null(strstr(doc, "http://"));
	ck_assert_ptr_null(strstr(doc, "https://"));
	ck_assert_msg(strlen(doc) > 8 && strcmp(doc + strlen(doc) - 8, "</html>\n") == 0,
		      "the page does not end");

	/* a row per host and per check, the summary's numbers */
	ck_assert_uint_eq(dt_count(doc, "<tr class=\"host\""), 3);
	ck_assert_uint_eq(dt_count(doc, "<tr class=\"row"), f.n_checks);
	ck_assert_ptr_nonnull(strstr(doc, "id=\"n-hosts\">3<"));
	snprintf(want, sizeof(want), "id=\"n-checks\">%zu<", f.n_checks);
	ck_assert_ptr_nonnull(strstr(doc, want));
	for (i = 0; i < 3; i++) {
		snprintf(want, sizeof(want), "<tr class=\"host\" id=\"h%zu\"><th>", i);
		ck_assert_ptr_nonnull(strstr(doc, want));
	}
	/* 2.2 warns on daemon-base and passes elsewhere: both classes, the
	   warning host listed with its detail, linked to its row */
	c = find_check(&f, "2.2");
	ck_assert_ptr_nonnull(c);
	ck_assert_int_gt(c->count[1], 0);
	row = strstr(doc, "<td class=\"id\">2.2</td>");
	ck_assert_ptr_nonnull(row);
	while (row > doc && strncmp(row, "<tr ", 4) != 0)
		row--;
	ck_assert_msg(strncmp(row, "<tr class=\"row st-pass st-warn\"", 31) == 0, "%.60s", row);
	ck_assert_ptr_nonnull(strstr(row, "<span class=\"badge st-warn\">WARN</span> on "));
	ck_assert_ptr_nonnull(strstr(row, "<li><a href=\"#h0\">"));
	/* the filters of the report page, with the checks per status */
	ck_assert_ptr_nonnull(strstr(doc, "<input type=\"radio\" name=\"show\" class=\"flt\" "
				     "id=\"f-all\" checked>"));
	ck_assert_ptr_nonnull(strstr(doc, "<label for=\"f-warn\">WARN ("));
	da_buf_release(&b);
	da_fleet_release(&f);
}
END_TEST

int main(void)
{
	size_t i;
	int rc;

	for (i = 0; i < 3; i++)
		reports[i] = audit(fixtures[i], "");
	report_17 = audit(fixtures[0], "--benchmark cis-1.7.0");
	if (!reports[0] || !reports[1] || !reports[2] || !report_17) {
		dt_skip("cannot run the built dockaudit on the fixtures (DA_BUILDDIR, DA_MODULE_DIR)");
		rc = dt_exit_status(0);
	} else {
		Suite *s = suite_create("merge");
		TCase *tc = tcase_create("merge");

		tcase_set_timeout(tc, 120);
		tcase_add_test(tc, three_hosts);
		tcase_add_test(tc, versions);
		tcase_add_test(tc, malformed);
		tcase_add_test(tc, hostile_names);
		tcase_add_test(tc, html_page);
		suite_add_tcase(s, tc);
		rc = dt_run_suite(s);
	}
	for (i = 0; i < 3; i++)
		free(reports[i]);
	free(report_17);
	return rc;
}
