/*
 * The sarif formatter: a report built by hand (a header row, scored and
 * unscored WARN with and without items, PASS, INFO, an ERROR, hostile
 * names and invalid UTF-8) rendered as SARIF, parsed back with json-c and
 * checked field by field: rules, results and their levels, locations,
 * fingerprints, notifications.  tests/validate-sarif.sh runs Microsoft's
 * validator on SARIF from the snapshot fixtures.
 */
#include "config.h"

#include "format.h"
#include "report.h"
#include "reportfix.h"
#include "testlib.h"
#include "util.h"

#include <check.h>
#include <json-c/json.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NAME_HOSTILE "web\"<x>&amp;\n\x1b[31mred"
#define NAME_BADUTF8 "bad\xff\xfe" "end"
#define PATH_HOSTILE "/etc/docker/da emon\".json"

static struct da_result *sx_add(struct dt_report *s, const char *id, unsigned flags,
				int level, const char *groups, enum da_status st,
				const char *detail)
{
	/* the title is kept until sx_free */
	struct da_checkdef *d = dt_report_def(s, id, dt_report_keep(s, da_xasprintf("Check %s", id)),
					      flags, level, "Run with --fix", "None at all");
	struct da_result *res;

	dt_report_link_check(s, d, groups);
	res = dt_report_add(s, 0, d, 0);
	if (!(flags & DA_CHECK_HEADER))
		da_result_set(res, st, detail);
	return res;
}

static struct dt_report *sx_new(void)
{
	struct dt_report *s = da_xcalloc(1, sizeof(*s));
	struct da_result *res;

	dt_report_init(s, 1);
	s->secs[0].id = "5";
	s->secs[0].title = "Container Runtime";
	s->secs[0].group = "container_runtime";
	s->secs[0].module = "runtime";
	s->secs[0].module_version = "1.0.0";
	s->r.hostname = da_xstrdup("host\x1b]0;x\x07<&>");
	s->r.endpoint = da_xstrdup("snapshot:/x");

	sx_add(s, "5.0", DA_CHECK_HEADER, 0, NULL, DA_PASS, NULL);
	/* rule 0: scored, three items */
	res = sx_add(s, "5.5", DA_CHECK_SCORED, 1, "extra_group other",
		     DA_WARN, "3 findings");
	da_result_add_item(res, "container", "0123456789abcdef0123",
			   NAME_HOSTILE, "privileged");
	da_result_add_item(res, "file", NULL, PATH_HOSTILE, "mode 0666");
	da_result_add_item(res, "image", "sha256:ab", NAME_BADUTF8, NULL);
	/* rule 1: PASS, no result */
	sx_add(s, "5.6", DA_CHECK_SCORED, 1, NULL, DA_PASS, NULL);
	/* rule 2: unscored WARN without items: one result at the daemon */
	sx_add(s, "5.7", 0, 2, NULL, DA_WARN, "daemon-wide\nsecond line");
	/* rule 3: ERROR, a notification */
	sx_add(s, "5.8", DA_CHECK_SCORED, 1, NULL, DA_ERROR,
	       "cannot read \x1b[2J" NAME_BADUTF8);
	/* rule 4: INFO, no result */
	sx_add(s, "5.9", 0, 1, NULL, DA_INFO, "fyi");
	da_report_finish(&s->r);
	return s;
}

static void sx_free(struct dt_report *s)
{
	dt_report_release(s);
	free(s);
}

static char *render_sarif(const struct da_report *r)
{
	return dt_render("sarif", r, false);
}

static struct json_object *get(struct json_object *o, const char *path)
{
	char *copy = da_xstrdup(path), *save = NULL, *k;
	struct json_object *cur = o;

	for (k = strtok_r(copy, ".", &save); k && cur;
	     k = strtok_r(NULL, ".", &save)) {
		struct json_object *next = NULL;

		if (k[0] >= '0' && k[0] <= '9') {
			size_t i = strtoul(k, NULL, 10);

			ck_assert_msg(json_object_is_type(cur, json_type_array),
				      "%s: %s is no index", path, k);
			ck_assert_uint_lt(i, json_object_array_length(cur));
			next = json_object_array_get_idx(cur, i);
		} else {
			ck_assert_msg(json_object_object_get_ex(cur, k, &next),
				      "%s: no %s", path, k);
		}
		cur = next;
	}
	free(copy);
	ck_assert_msg(cur != NULL, "%s: null", path);
	return cur;
}

static const char *gets(struct json_object *o, const char *path)
{
	return json_object_get_string(get(o, path));
}

static size_t alen(struct json_object *o, const char *path)
{
	return json_object_array_length(get(o, path));
}

/* A URI from the formatter: printable ASCII without space, quote, <>. */
static void assert_uri(const char *u)
{
	const char *p;

	for (p = u; *p; p++)
		ck_assert_msg(*p > 0x20 && *p < 0x7f && !strchr("\"<>\\ ", *p),
			      "bad byte 0x%02x in URI %s", (unsigned char)*p, u);
}

START_TEST(test_sarif_content)
{
	struct dt_report *s = sx_new();
	char *doc = render_sarif(&s->r);
	struct json_object *root = json_tokener_parse(doc), *run, *res, *rule;
	size_t i;

	ck_assert_msg(root != NULL, "not JSON:\n%s", doc);
	for (i = 0; doc[i]; i++)
		ck_assert_msg((unsigned char)doc[i] >= 0x20 || doc[i] == '\n',
			      "raw control byte at %zu", i);
	ck_assert_str_eq(gets(root, "version"), "2.1.0");
	ck_assert_uint_eq(alen(root, "runs"), 1);
	run = get(root, "runs.0");
	ck_assert_str_eq(gets(run, "tool.driver.name"), "dockaudit");
	ck_assert_str_eq(gets(run, "tool.driver.version"), "0.1.0-test");
	ck_assert_str_eq(gets(run, "tool.driver.properties.benchmark"), "cis-1.6.0");

	/* one rule per selected check, headers excluded, in order */
	ck_assert_uint_eq(alen(run, "tool.driver.rules"), 5);
	ck_assert_str_eq(gets(run, "tool.driver.rules.0.id"), "5.5");
	ck_assert_str_eq(gets(run, "tool.driver.rules.4.id"), "5.9");
	rule = get(run, "tool.driver.rules.0");
	ck_assert_str_eq(gets(rule, "shortDescription.text"), "Check 5.5");
	ck_assert_str_eq(gets(rule, "help.text"),
			 "Remediation: Run with --fix\nImpact: None at all");
	ck_assert_str_eq(gets(rule, "defaultConfiguration.level"), "error");
	ck_assert_int_eq(json_object_get_int(get(rule, "properties.level")), 1);
	ck_assert(json_object_get_boolean(get(rule, "properties.scored")));
	ck_assert_str_eq(gets(rule, "properties.section"), "5");
	ck_assert_str_eq(gets(rule, "properties.benchmark"), "cis-1.6.0");
	ck_assert_uint_eq(alen(rule, "properties.tags"), 5);
	ck_assert_str_eq(gets(rule, "properties.tags.2"), "container_runtime");
	ck_assert_str_eq(gets(rule, "properties.tags.3"), "extra_group");
	ck_assert_str_eq(gets(rule, "properties.tags.4"), "other");
	ck_assert_str_eq(gets(run, "tool.driver.rules.2.defaultConfiguration.level"),
			 "warning");

	/* three items of 5.5, then 5.7 itself; PASS, INFO, ERROR none */
	ck_assert_uint_eq(alen(run, "results"), 4);
	res = get(run, "results.0");
	ck_assert_str_eq(gets(res, "ruleId"), "5.5");
	ck_assert_int_eq(json_object_get_int(get(res, "ruleIndex")), 0);
	ck_assert_str_eq(gets(res, "level"), "error");
	ck_assert_str_eq(gets(res, "message.text"),
			 "Check 5.5: " NAME_HOSTILE " (0123456789ab): privileged");
	ck_assert_str_eq(gets(res, "locations.0.physicalLocation.artifactLocation.uri"),
			 "container/web%22%3Cx%3E%26amp%3B%0A%1B%5B31mred");
	ck_assert_str_eq(gets(res, "locations.0.logicalLocations.0.name"), NAME_HOSTILE);
	ck_assert_str_eq(gets(res, "locations.0.logicalLocations.0.fullyQualifiedName"),
			 "container/" NAME_HOSTILE);
	ck_assert_str_eq(gets(res, "partialFingerprints.dockauditFinding/v1"),
			 "5.5|container|" NAME_HOSTILE);

	res = get(run, "results.1");
	ck_assert_str_eq(gets(res, "locations.0.physicalLocation.artifactLocation.uri"),
			 "file:///etc/docker/da%20emon%22.json");
	ck_assert_str_eq(gets(res, "partialFingerprints.dockauditFinding/v1"),
			 "5.5|file|" PATH_HOSTILE);

	/* invalid UTF-8 is U+FFFD in strings, percent-encoded in the URI */
	res = get(run, "results.2");
	ck_assert_str_eq(gets(res, "locations.0.physicalLocation.artifactLocation.uri"),
			 "image/bad%FF%FEend");
	ck_assert_str_eq(gets(res, "locations.0.logicalLocations.0.name"),
			 "bad\xef\xbf\xbd\xef\xbf\xbd" "end");

	res = get(run, "results.3");
	ck_assert_str_eq(gets(res, "ruleId"), "5.7");
	ck_assert_int_eq(json_object_get_int(get(res, "ruleIndex")), 2);
	ck_assert_str_eq(gets(res, "level"), "warning");
	ck_assert_str_eq(gets(res, "message.text"),
			 "Check 5.7: daemon-wide\nsecond line");
	ck_assert_str_eq(gets(res, "locations.0.physicalLocation.artifactLocation.uri"),
			 "daemon/host%1B%5D0%3Bx%07%3C%26%3E");
	ck_assert_str_eq(gets(res, "locations.0.logicalLocations.0.fullyQualifiedName"),
			 "daemon/host\x1b]0;x\x07<&>");
	for (i = 0; i < 4; i++) {
		char *p = da_xasprintf("results.%zu.locations.0.physicalLocation."
				       "artifactLocation.uri", i);

		assert_uri(gets(run, p));
		free(p);
	}

	/* the ERROR: a notification, the run still successful */
	ck_assert_uint_eq(alen(run, "invocations"), 1);
	ck_assert(json_object_get_boolean(get(run, "invocations.0.executionSuccessful")));
	ck_assert_uint_eq(alen(run, "invocations.0.toolExecutionNotifications"), 1);
	res = get(run, "invocations.0.toolExecutionNotifications.0");
	ck_assert_str_eq(gets(res, "level"), "error");
	ck_assert_str_eq(gets(res, "associatedRule.id"), "5.8");
	ck_assert_int_eq(json_object_get_int(get(res, "associatedRule.index")), 3);
	ck_assert_str_eq(gets(res, "message.text"),
			 "5.8 Check 5.8: cannot read \x1b[2J" "bad\xef\xbf\xbd\xef\xbf\xbd" "end");
	ck_assert_str_eq(gets(run, "invocations.0.startTimeUtc"), "2023-11-14T22:13:20Z");

	json_object_put(root);
	free(doc);
	sx_free(s);
}
END_TEST

/* The same finding has the same fingerprint whatever else changed. */
START_TEST(test_sarif_fingerprint_stable)
{
	struct dt_report *a = sx_new(), *b = sx_new();
	char *da_, *db;
	struct json_object *ja, *jb;

	free(b->r.sections[0].results[1]->items[0].detail);
	b->r.sections[0].results[1]->items[0].detail = da_xstrdup("other detail");
	b->r.start += 3600;
	da_ = render_sarif(&a->r);
	db = render_sarif(&b->r);
	ja = json_tokener_parse(da_);
	jb = json_tokener_parse(db);
	ck_assert_ptr_nonnull(ja);
	ck_assert_ptr_nonnull(jb);
	ck_assert_str_eq(gets(ja, "runs.0.results.0.partialFingerprints.dockauditFinding/v1"),
			 gets(jb, "runs.0.results.0.partialFingerprints.dockauditFinding/v1"));
	ck_assert_str_ne(gets(ja, "runs.0.results.0.message.text"),
			 gets(jb, "runs.0.results.0.message.text"));
	json_object_put(ja);
	json_object_put(jb);
	free(da_);
	free(db);
	sx_free(a);
	sx_free(b);
}
END_TEST

/* An empty report is still one valid run with no rules or results. */
START_TEST(test_sarif_empty)
{
	struct da_report r = { 0 };
	char *doc;
	struct json_object *root;

	r.benchmark = "cis-1.6.0";
	doc = render_sarif(&r);
	root = json_tokener_parse(doc);
	ck_assert_msg(root != NULL, "not JSON:\n%s", doc);
	ck_assert_uint_eq(alen(root, "runs.0.tool.driver.rules"), 0);
	ck_assert_uint_eq(alen(root, "runs.0.results"), 0);
	ck_assert_uint_eq(alen(root, "runs.0.invocations.0.toolExecutionNotifications"), 0);
	json_object_put(root);
	free(doc);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("sarif");
	TCase *tc = tcase_create("sarif");

	tcase_add_test(tc, test_sarif_content);
	tcase_add_test(tc, test_sarif_fingerprint_stable);
	tcase_add_test(tc, test_sarif_empty);
	suite_add_tcase(s, tc);
	return dt_run_suite(s);
}
