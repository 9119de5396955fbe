/*
 * Waivers and baselines on a report built by hand: the waiver file's
 * parser (every usage error names its line), matching (per object, by
 * glob, first entry wins, expired entries waive nothing), the counts and
 * the score rule, the marks in the text, json, junit and sarif formats
 * with hostile strings, and the baseline's new and fixed findings.
 * tests/waivers.sh runs the same end to end on the snapshot fixtures.
 */
#include "config.h"

#include "format.h"
#include "report.h"
#include "reportfix.h"
#include "testlib.h"
#include "util.h"
#include "waiver.h"

#include <check.h>
#include <json-c/json.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TODAY "2026-06-15"
#define HOSTILE "\"<b>&amp;\n\x1b[31m\x07"

/* The catalog: 5.4 and 5.5 (scored), 2.2 (scored), a header 5.0. */
static struct da_section sec5 = { "5", "Container Runtime", NULL, "runtime", "1.0" };
static struct da_section sec2 = { "2", "Daemon", NULL, "daemon", "1.0" };
static struct da_checkdef defs[] = {
	{ NULL, &sec2, "2.2", "Check 2.2", DA_CHECK_SCORED, 1, NULL, NULL },
	{ NULL, &sec5, "5.0", "Header", DA_CHECK_HEADER, 0, NULL, NULL },
	{ NULL, &sec5, "5.4", "Check 5.4", DA_CHECK_SCORED, 1, "fix it", NULL },
	{ NULL, &sec5, "5.5", "Check 5.5", DA_CHECK_SCORED, 1, NULL, NULL },
};
static const struct da_catalog cat = { defs, 4 };

static int parse(struct da_waivers *w, const char *text, char *err, size_t n)
{
	return da_waivers_parse(w, text, strlen(text), "w.yaml", &cat, TODAY, err, n);
}

/* The file is refused, err naming "w.yaml:LINE: ". */
static void refused(const char *text, int line, const char *what)
{
	struct da_waivers w;
	char err[512] = "", want[32];

	ck_assert_msg(parse(&w, text, err, sizeof(err)) == DA_ERR_INVALID,
		      "%s: accepted", what);
	snprintf(want, sizeof(want), "w.yaml:%d: ", line);
	ck_assert_msg(strncmp(err, want, strlen(want)) == 0, "%s: '%s', want line %d",
		      what, err, line);
	ck_assert_ptr_null(strchr(err, '\n'));
	ck_assert_uint_eq(w.n, 0);
}

START_TEST(test_parse_ok)
{
	struct da_waivers w;
	char err[512] = "";

	ck_assert_int_eq(parse(&w, "waivers:\n"
				   "  - check: \"5.4\"\n"
				   "    objects: [web, \"db*\"]\n"
				   "    justification: FUSE\n"
				   "    expires: 2026-06-15\n"
				   "    owner: ops\n"
				   "  - {check: \"5.*\", justification: x, expires: 2026-06-14}\n",
			       err, sizeof(err)), DA_OK);
	ck_assert_uint_eq(w.n, 2);
	ck_assert_str_eq(w.v[0].check, "5.4");
	ck_assert_uint_eq(w.v[0].n_objects, 2);
	ck_assert_str_eq(w.v[0].objects[1], "db*");
	ck_assert_str_eq(w.v[0].owner, "ops");
	ck_assert_int_eq(w.v[0].line, 2);
	ck_assert(!w.v[0].expired); /* the date itself still holds */
	ck_assert(w.v[1].expired);
	ck_assert_int_eq(w.v[1].line, 7);
	ck_assert_ptr_null(w.v[1].owner);
	da_waivers_release(&w);

	/* a top-level list, a scalar objects, an empty file */
	ck_assert_int_eq(parse(&w, "- check: \"2.2\"\n  objects: x\n  justification: y\n"
				   "  expires: 2030-02-28\n", err, sizeof(err)), DA_OK);
	ck_assert_uint_eq(w.n, 1);
	ck_assert_uint_eq(w.v[0].n_objects, 1);
	da_waivers_release(&w);
	ck_assert_int_eq(parse(&w, "", err, sizeof(err)), DA_OK);
	ck_assert_uint_eq(w.n, 0);
	ck_assert_int_eq(parse(&w, "waivers:\n", err, sizeof(err)), DA_OK);
	ck_assert_uint_eq(w.n, 0);
	da_waivers_release(&w);
}
END_TEST

START_TEST(test_parse_errors)
{
	refused("- check: \"5.4\"\n  expires: 2030-01-01\n", 1, "no justification");
	refused("\n\n- check: \"5.4\"\n  justification: \" \"\n  expires: 2030-01-01\n", 3,
		"blank justification");
	refused("- check: \"5.4\"\n  justification: x\n", 1, "no expires");
	refused("- {check: \"5.4\", justification: x, expires: 2030-13-01}\n", 1, "month 13");
	refused("- {check: \"5.4\", justification: x, expires: 2031-02-29}\n", 1, "not a leap year");
	refused("- {check: \"5.4\", justification: x, expires: \"30/01/2030\"}\n", 1, "not ISO");
	refused("- {check: \"5.4\", justification: x, expires: 2030-01-01}\n"
		"- {check: \"9.9\", justification: x, expires: 2030-01-01}\n", 2, "unknown id");
	refused("- {check: \"5.0\", justification: x, expires: 2030-01-01}\n", 1, "a header");
	refused("- {check: \"7.*\", justification: x, expires: 2030-01-01}\n", 1, "glob matches nothing");
	refused("- {justification: x, expires: 2030-01-01}\n", 1, "no check");
	refused("- {check: \"5.4\", justification: x, expires: 2030-01-01, why: y}\n", 1, "unknown key");
	refused("- {check: \"5.4\", check: \"5.5\", justification: x, expires: 2030-01-01}\n", 1,
		"check twice");
	refused("- {check: \"5.4\", objects: [], justification: x, expires: 2030-01-01}\n", 1,
		"empty objects");
	refused("- {check: \"5.4\", objects: [[a]], justification: x, expires: 2030-01-01}\n", 1,
		"nested objects");
	refused("- {check: [5.4], justification: x, expires: 2030-01-01}\n", 1, "check a list");
	refused("- just a string\n", 1, "entry not a mapping");
	refused("other: []\n", 1, "unknown top-level key");
	refused("waivers: 3\n", 1, "waivers not a list");
	refused("- {check: \"5.4\", justification: x, expires: 2030-01-01}\n---\n- y\n", 3,
		"a second document");
	refused("- check: \"5.4\"\n  justification: [x\n", 3, "malformed YAML");
	refused("- check: \"5.4\"\n\tjustification: x\n", 2, "a tab");
	refused("- {check: \"5.4\", justification: \"\xff\", expires: 2030-01-01}\n", 1,
		"invalid UTF-8");
}
END_TEST

/* The report: 2.2 WARN (no items), 5.4 WARN (web, db), 5.5 WARN (web), a
 * header, and a PASS 5.x row is left out. */
struct fx {
	struct da_report r;
	struct da_waivers w;
};

static struct fx *fx_new(const char *yaml)
{
	struct fx *f = da_xcalloc(1, sizeof(*f));
	struct da_result *res;
	char err[512] = "";

	f->r.sections = da_xcalloc(2, sizeof(*f->r.sections));
	f->r.n_sections = 2;
	f->r.sections[0].section = &sec2;
	f->r.sections[0].results = da_xcalloc(1, sizeof(struct da_result *));
	f->r.sections[1].section = &sec5;
	f->r.sections[1].results = da_xcalloc(3, sizeof(struct da_result *));
	f->r.tool_version = "test";
	f->r.benchmark = "cis-1.6.0";
	f->r.hostname = da_xstrdup("node1");
	f->r.endpoint = da_xstrdup("snapshot:x");

	res = da_result_new(&defs[0], 0);
	da_result_set(res, DA_WARN, "icc on");
	f->r.sections[0].results[f->r.sections[0].n_results++] = res;
	res = da_result_new(&defs[1], 0);
	f->r.sections[1].results[f->r.sections[1].n_results++] = res;
	res = da_result_new(&defs[2], 0);
	da_result_set(res, DA_WARN, "2 containers");
	da_result_add_item(res, "container", "aaaa1111bbbb2222", "web" HOSTILE, "SYS_ADMIN");
	da_result_add_item(res, "container", "cccc3333dddd4444", "db", "SYS_ADMIN");
	f->r.sections[1].results[f->r.sections[1].n_results++] = res;
	res = da_result_new(&defs[3], 0);
	da_result_set(res, DA_WARN, "1 container");
	da_result_add_item(res, "container", "aaaa1111bbbb2222", "web" HOSTILE, "privileged");
	f->r.sections[1].results[f->r.sections[1].n_results++] = res;
	da_report_finish(&f->r);

	if (yaml) {
		ck_assert_msg(parse(&f->w, yaml, err, sizeof(err)) == DA_OK, "%s", err);
		da_waivers_apply(&f->r, &f->w);
		da_report_finish(&f->r);
	}
	return f;
}

static void fx_free(struct fx *f)
{
	da_report_release(&f->r);
	da_waivers_release(&f->w);
	free(f);
}

static struct da_result *res_of(struct fx *f, size_t sec, size_t i)
{
	return f->r.sections[sec].results[i];
}

static char *render(const struct da_report *r, const char *fmt)
{
	return dt_render(fmt, r, false);
}

#define W_HOSTILE "- check: \"5.4\"\n  objects: [\"web*\"]\n" \
	"  justification: \"</skipped>\\\"q\\\" & \\e[31m\\a <x>\"\n" \
	"  expires: 2030-01-01\n  owner: \"<o>\"\n"

START_TEST(test_apply_per_object)
{
	struct fx *f = fx_new(W_HOSTILE);
	struct da_result *r54 = res_of(f, 1, 1), *r55 = res_of(f, 1, 2), *r22 = res_of(f, 0, 0);

	ck_assert_ptr_nonnull(r54->items[0].waiver);
	ck_assert_ptr_null(r54->items[1].waiver); /* db still fails 5.4 */
	ck_assert_ptr_null(r55->items[0].waiver); /* 5.5 not waived */
	ck_assert_ptr_null(r22->waiver);
	ck_assert(!da_result_waived(r54));
	ck_assert_int_eq(r54->status, DA_WARN);   /* the status is kept */
	ck_assert_int_eq(f->r.waived, 1);
	ck_assert_int_eq(f->r.sections[1].counts.waived, 1);
	ck_assert_int_eq(f->r.sections[1].counts.count[DA_WARN], 2);
	ck_assert_int_eq(f->r.count[DA_WARN], 3);
	ck_assert_int_eq(f->r.score, -3);          /* partly waived: still -1 */
	ck_assert_uint_eq(f->w.v[0].used, 1);
	fx_free(f);
}
END_TEST

START_TEST(test_apply_glob_first_wins_expired)
{
	struct fx *f = fx_new("- {check: \"2.*\", justification: old, expires: 2020-01-01}\n"
			      "- {check: \"5.[45]\", justification: first, expires: 2030-01-01}\n"
			      "- {check: \"5.4\", justification: second, expires: 2030-01-01}\n");
	struct da_result *r54 = res_of(f, 1, 1), *r55 = res_of(f, 1, 2), *r22 = res_of(f, 0, 0);

	ck_assert(f->w.v[0].expired);
	ck_assert_ptr_null(r22->waiver);          /* expired: waives nothing */
	ck_assert_uint_eq(f->w.v[0].used, 0);
	ck_assert(da_result_waived(r54));
	ck_assert(da_result_waived(r55));
	ck_assert_str_eq(r54->items[1].waiver->justification, "first");
	ck_assert_uint_eq(f->w.v[1].used, 3);
	ck_assert_uint_eq(f->w.v[2].used, 0);
	ck_assert_int_eq(f->r.waived, 3);
	/* the score: 2.2 still -1, 5.4 and 5.5 wholly waived count 0 */
	ck_assert_int_eq(f->r.score, -1);
	fx_free(f);
}
END_TEST

START_TEST(test_formats_hostile)
{
	struct fx *f = fx_new(W_HOSTILE "- {check: \"2.2\", justification: gone, expires: 2001-01-01}\n");
	char *text = render(&f->r, "text"), *json = render(&f->r, "json");
	char *junit = render(&f->r, "junit"), *sarif = render(&f->r, "sarif");
	struct json_object *doc, *o, *item;

	/* text: marked, escaped (no ESC or BEL from the file or the names) */
	ck_assert_ptr_nonnull(strstr(text, "(waived: </skipped>\"q\" & "));
	ck_assert_ptr_nonnull(strstr(text, ", until 2030-01-01)\n"));
	ck_assert_ptr_null(strchr(text, '\x1b'));
	ck_assert_ptr_null(strchr(text, '\x07'));
	ck_assert_ptr_nonnull(strstr(text, "[WARN] Waiver expired (line 6): 2.2 ended 2001-01-01: gone (waives nothing)\n"));
	ck_assert_ptr_nonnull(strstr(text, "[INFO] 5 - Container Runtime: 0 PASS, 2 WARN, 0 INFO, 0 NOTE, 0 ERROR, 1 waived\n"));
	ck_assert_ptr_nonnull(strstr(text, "[INFO] Total: 0 PASS, 3 WARN, 0 INFO, 0 NOTE, 0 ERROR, 1 waived\n"));

	/* json: parses; the waiver read back intact */
	doc = json_tokener_parse(json);
	ck_assert_ptr_nonnull(doc);
	ck_assert(json_object_object_get_ex(doc, "sections", &o));
	o = json_object_array_get_idx(o, 1);
	ck_assert(json_object_object_get_ex(o, "checks", &o));
	o = json_object_array_get_idx(o, 0);
	ck_assert_str_eq(json_object_get_string(json_object_object_get(o, "id")), "5.4");
	ck_assert(!json_object_get_boolean(json_object_object_get(o, "waived")));
	item = json_object_array_get_idx(json_object_object_get(o, "items"), 0);
	ck_assert_str_eq(json_object_get_string(json_object_object_get(
				 json_object_object_get(item, "waiver"), "justification")),
			 "</skipped>\"q\" & \x1b[31m\x07 <x>");
	ck_assert_int_eq(json_object_get_int(json_object_object_get(
				 json_object_object_get(item, "waiver"), "line")), 1);
	item = json_object_array_get_idx(json_object_object_get(o, "items"), 1);
	ck_assert(!json_object_object_get_ex(item, "waiver", NULL));
	ck_assert(json_object_object_get_ex(doc, "waivers", &o));
	ck_assert_int_eq(json_object_array_length(o), 2);
	ck_assert(json_object_get_boolean(json_object_object_get(json_object_array_get_idx(o, 1),
								 "expired")));
	ck_assert(json_object_object_get_ex(doc, "summary", &o));
	ck_assert_int_eq(json_object_get_int(json_object_object_get(o, "waived")), 1);
	json_object_put(doc);

	/* junit: the reason escaped, 5.4 still a failure (db is not waived) */
	ck_assert_ptr_nonnull(strstr(junit, "(waived: &lt;/skipped&gt;&quot;q&quot; &amp; "));
	ck_assert_ptr_null(strstr(junit, "</skipped>\""));
	ck_assert_ptr_null(strchr(junit, '\x1b'));
	ck_assert_ptr_nonnull(strstr(junit, "failures=\"2\""));

	/* sarif: one suppression, the justification intact */
	doc = json_tokener_parse(sarif);
	ck_assert_ptr_nonnull(doc);
	o = json_object_object_get(json_object_array_get_idx(json_object_object_get(doc, "runs"), 0),
				   "results");
	{
		size_t i, n = 0;

		for (i = 0; i < json_object_array_length(o); i++) {
			struct json_object *r = json_object_array_get_idx(o, i), *s;

			if (!json_object_object_get_ex(r, "suppressions", &s))
				continue;
			n++;
			s = json_object_array_get_idx(s, 0);
			ck_assert_str_eq(json_object_get_string(json_object_object_get(s, "status")),
					 "accepted");
			ck_assert_str_eq(json_object_get_string(json_object_object_get(s, "justification")),
					 "</skipped>\"q\" & \x1b[31m\x07 <x> (until 2030-01-01, owner <o>)");
		}
		ck_assert_uint_eq(n, 1);
	}
	json_object_put(doc);
	free(text);
	free(json);
	free(junit);
	free(sarif);
	fx_free(f);
}
END_TEST

START_TEST(test_junit_all_waived)
{
	struct fx *f = fx_new("- {check: \"5.*\", justification: \"agents & <co>\", expires: 2030-01-01}\n");
	char *junit = render(&f->r, "junit");

	ck_assert_ptr_nonnull(strstr(junit, "<skipped message=\"waived: agents &amp; &lt;co&gt;, until 2030-01-01 (WARN 2 containers)\">"));
	ck_assert_ptr_nonnull(strstr(junit, "failures=\"0\" errors=\"0\" skipped=\"2\""));
	free(junit);
	fx_free(f);
}
END_TEST

static const char *baseline_json =
	"{\"schema_version\": \"1.0\", \"benchmark\": {\"id\": \"cis-1.6.0\"},"
	" \"target\": {\"hostname\": \"node1\"}, \"sections\": ["
	" {\"checks\": ["
	"  {\"id\": \"2.2\", \"status\": \"WARN\", \"items\": []},"
	"  {\"id\": \"5.4\", \"status\": \"WARN\", \"items\": ["
	"    {\"kind\": \"container\", \"id\": \"x\", \"name\": \"db\"},"
	"    {\"kind\": \"container\", \"id\": \"y\", \"name\": \"old|one\"},"
	"    {\"kind\": \"container\", \"id\": \"y\", \"name\": \"old|one\"}]},"
	"  {\"id\": \"5.9\", \"status\": \"WARN\", \"items\": ["
	"    {\"kind\": \"container\", \"id\": \"q\", \"name\": \"not-run\"}]},"
	"  {\"id\": \"5.6\", \"status\": \"PASS\", \"items\": ["
	"    {\"kind\": \"container\", \"id\": \"z\", \"name\": \"web\"}]}]}]}";

START_TEST(test_baseline)
{
	struct fx *f = fx_new(NULL);
	struct da_baseline b;
	char err[512] = "";
	struct da_result *r54 = res_of(f, 1, 1), *r55 = res_of(f, 1, 2), *r22 = res_of(f, 0, 0);
	char *text;

	ck_assert_int_eq(da_baseline_parse(&b, baseline_json, "base.json", "cis-1.6.0", err,
					   sizeof(err)), DA_OK);
	ck_assert_uint_eq(b.n, 4); /* the duplicate once, the PASS not at all */
	da_baseline_apply(&f->r, &b);
	da_report_finish(&f->r);
	ck_assert(!r22->is_new);
	ck_assert(r54->items[0].is_new);  /* web */
	ck_assert(!r54->items[1].is_new); /* db */
	ck_assert(r55->items[0].is_new);
	ck_assert_int_eq(f->r.fresh, 2);
	ck_assert_int_eq(f->r.sections[1].counts.fresh, 2);
	ck_assert_uint_eq(f->r.n_fixed, 1); /* 5.9 did not run: not fixed */
	ck_assert_str_eq(f->r.fixed[0].object, "old|one");
	text = render(&f->r, "text");
	ck_assert_ptr_nonnull(strstr(text, "[INFO] Baseline base.json: 2 new, 1 fixed\n"
					   "[PASS] Fixed: 5.4 container old|one\n"));
	ck_assert_ptr_nonnull(strstr(text, "db (cccc3333dddd): SYS_ADMIN\n"));
	ck_assert_ptr_nonnull(strstr(text, ": SYS_ADMIN (new)\n"));
	free(text);
	da_baseline_release(&b);
	fx_free(f);
}
END_TEST

START_TEST(test_baseline_errors)
{
	struct da_baseline b;
	char err[512];
	static const char *const bad[] = {
		"", "[", "{}", "[]", "{\"schema_version\": \"2.0\", \"benchmark\": {\"id\": \"cis-1.6.0\"}, \"sections\": []}",
		"{\"schema_version\": \"1.0\", \"benchmark\": {\"id\": \"cis-1.6.0\"}}",
		"{\"schema_version\": \"1.0\", \"benchmark\": {\"id\": \"cis-1.6.0\"}, \"sections\": [1]}",
		"{\"schema_version\": \"1.0\", \"benchmark\": {\"id\": \"cis-1.6.0\"}, \"sections\": [{\"checks\": [{\"id\": \"1\"}]}]}",
		"{\"schema_version\": \"1.0\", \"benchmark\": {\"id\": \"cis-1.6.0\"}, \"sections\": [{\"checks\": [{\"id\": \"1\", \"status\": \"WARN\", \"items\": [3]}]}]}",
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		ck_assert_msg(da_baseline_parse(&b, bad[i], "b.json", "cis-1.6.0", err, sizeof(err)) ==
			      DA_ERR_INVALID, "accepted: %s", bad[i]);
		ck_assert_msg(strncmp(err, "baseline b.json", 15) == 0, "%s", err);
		ck_assert_uint_eq(b.n, 0);
	}
	ck_assert_int_eq(da_baseline_parse(&b, baseline_json, "b.json", "cis-1.7.0", err,
					   sizeof(err)), DA_ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(err, "is a report of benchmark cis-1.6.0, this run is of cis-1.7.0"));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("waiver");
	TCase *tc = tcase_create("waiver");

	tcase_add_test(tc, test_parse_ok);
	tcase_add_test(tc, test_parse_errors);
	tcase_add_test(tc, test_apply_per_object);
	tcase_add_test(tc, test_apply_glob_first_wins_expired);
	tcase_add_test(tc, test_formats_hostile);
	tcase_add_test(tc, test_junit_all_waived);
	tcase_add_test(tc, test_baseline);
	tcase_add_test(tc, test_baseline_errors);
	suite_add_tcase(s, tc);
	return dt_run_suite(s);
}
