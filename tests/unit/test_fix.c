/*
 * dockaudit fix, the pure half: daemon.json merging, command-line flag
 * conflicts, and plans built from fixture results (docs/fix.md).
 */
#include "config.h"

#include "fix.h"
#include "report.h"
#include "util.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

static struct da_check chk[4];
static struct da_section sec_daemon = { "2", "Docker daemon configuration", NULL, "daemon", "1" };
static struct da_checkdef defs[4];
static struct da_result res[4], *resp[4];
static struct da_report_section rsec;
static struct da_report rep;

/* A report with 2.2, 2.9, 2.14 and 2.3 failing (WARN), from the daemon module. */
static void fixture(void)
{
	static const char *ids[] = { "2.2", "2.9", "2.14", "2.3" };
	size_t i;

	memset(&rep, 0, sizeof(rep));
	for (i = 0; i < 4; i++) {
		memset(&chk[i], 0, sizeof(chk[i]));
		chk[i].id = ids[i];
		chk[i].title = ids[i];
		memset(&defs[i], 0, sizeof(defs[i]));
		defs[i].check = &chk[i];
		defs[i].section = &sec_daemon;
		defs[i].id = ids[i];
		defs[i].title = ids[i];
		memset(&res[i], 0, sizeof(res[i]));
		res[i].def = &defs[i];
		res[i].status = DA_WARN;
		res[i].detail = (char *)"finding";
		resp[i] = &res[i];
	}
	rsec.section = &sec_daemon;
	rsec.results = resp;
	rsec.n_results = 4;
	rep.sections = &rsec;
	rep.n_sections = 1;
}

static const struct da_fix_item *find(const struct da_fix_plan *p, const char *check)
{
	size_t i;

	for (i = 0; i < p->n_items; i++)
		if (strcmp(p->items[i].check, check) == 0)
			return &p->items[i];
	return NULL;
}

START_TEST(merge_keeps_keys)
{
	struct json_object *k = json_tokener_parse("{\"icc\": false, \"debug\": false}");
	char err[256];
	char *out = da_fix_merge_daemon_json("{\n\t\"labels\": [\"a\"],\n\t\"debug\": true\n}\n", k,
					     err, sizeof(err));
	struct json_object *o;

	ck_assert_ptr_nonnull(out);
	ck_assert_ptr_nonnull(strstr(out, "\n\t\"labels\""));  /* tabs kept */
	ck_assert(strstr(out, "labels") < strstr(out, "debug")); /* order kept */
	o = json_tokener_parse(out);
	ck_assert(json_object_get_boolean(json_object_object_get(o, "icc")) == 0);
	ck_assert(json_object_get_boolean(json_object_object_get(o, "debug")) == 0);
	ck_assert_int_eq(json_object_object_length(o), 3);
	json_object_put(o);
	json_object_put(k);
	free(out);
}
END_TEST

START_TEST(merge_refuses_invalid)
{
	char err[256] = "";

	ck_assert_ptr_null(da_fix_merge_daemon_json("{ // c\n}", NULL, err, sizeof(err)));
	ck_assert_ptr_nonnull(strstr(err, "not valid JSON"));
	ck_assert_ptr_null(da_fix_merge_daemon_json("[1]", NULL, err, sizeof(err)));
	ck_assert_ptr_null(da_fix_merge_daemon_json("{} {}", NULL, err, sizeof(err)));
	{
		char *e = da_fix_merge_daemon_json("  \n", NULL, err, sizeof(err));
		ck_assert_str_eq(e, "{\n}\n");
		free(e);
	}
}
END_TEST

START_TEST(plan_flags_and_accept)
{
	struct json_object *probe = json_tokener_parse(
		"{\"host\":{\"dockerd\":{\"flags\":{\"icc\":true}},"
		"\"daemon_json\":{\"path\":\"/etc/docker/daemon.json\"}}}");
	struct da_fix_inputs in = { 0 };
	struct da_fix_plan p;
	const struct da_fix_item *it;

	fixture();
	in.daemon_json_path = "/etc/docker/daemon.json";
	in.daemon_json = "{\"log-level\": \"debug\"}";
	in.rules_path = "/r";
	in.env_path = "/etc/environment";
	da_fix_build(&p, probe, &rep, &in);
	it = find(&p, "2.2");
	ck_assert_ptr_nonnull(it);
	ck_assert_int_eq(it->apply, DA_FIX_MANUAL_STEP);     /* the flag wins */
	ck_assert_ptr_nonnull(strstr(it->manual, "--icc=false"));
	ck_assert_int_eq(find(&p, "2.9")->apply, DA_FIX_ACCEPT); /* risky */
	ck_assert(!find(&p, "2.9")->accepted);
	ck_assert_int_eq(find(&p, "2.14")->apply, DA_FIX_AUTO);
	ck_assert_ptr_nonnull(p.daemon_json.new_text);
	ck_assert_ptr_null(strstr(p.daemon_json.new_text, "icc"));
	ck_assert_ptr_null(strstr(p.daemon_json.new_text, "userns"));
	ck_assert_ptr_nonnull(strstr(p.daemon_json.new_text, "\"log-level\": \"info\""));
	ck_assert_ptr_null(p.blocked);
	da_fix_plan_release(&p);

	in.accept = "2.9";
	da_fix_build(&p, probe, &rep, &in);
	ck_assert(find(&p, "2.9")->accepted);
	ck_assert_ptr_nonnull(strstr(p.daemon_json.new_text, "\"userns-remap\": \"default\""));
	da_fix_plan_release(&p);

	in.daemon_json = "{ /* no */ }";
	da_fix_build(&p, probe, &rep, &in);
	ck_assert_ptr_nonnull(p.blocked);
	ck_assert_ptr_null(p.daemon_json.new_text);
	ck_assert_int_eq(find(&p, "2.14")->apply, DA_FIX_MANUAL_STEP);
	da_fix_plan_release(&p);
	json_object_put(probe);
}
END_TEST

START_TEST(diff_unified)
{
	struct da_buf b = { 0 };

	da_fix_diff(&b, "a/x", "b/x", "1\n2\n3\n", "1\n2\nnew\n3\n");
	ck_assert_str_eq(da_buf_str(&b), "--- a/x\n+++ b/x\n@@ -1,3 +1,4 @@\n 1\n 2\n+new\n 3\n");
	da_buf_release(&b);
	da_fix_diff(&b, "a", "b", "same\n", "same\n");
	ck_assert_str_eq(da_buf_str(&b), "");
	da_buf_release(&b);
	da_fix_diff(&b, "a", "b", "x\n", "x\n\x1b[31m\n");
	ck_assert_ptr_null(strchr(da_buf_str(&b), 0x1b)); /* escaped */
	da_buf_release(&b);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("fix");
	TCase *tc = tcase_create("plan");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, merge_keeps_keys);
	tcase_add_test(tc, merge_refuses_invalid);
	tcase_add_test(tc, plan_flags_and_accept);
	tcase_add_test(tc, diff_unified);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
