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

START_TEST(set_parses_and_refuses)
{
	struct da_fix_limits l;
	char err[256];

	ck_assert_int_eq(da_fix_parse_set("memory=256m,cpu-shares=512,pids=200,restart=on-failure:5",
					  &l, err, sizeof(err)), 0);
	ck_assert(l.memory == 256LL << 20);
	ck_assert_int_eq(l.cpu_shares, 512);
	ck_assert(l.pids == 200);
	ck_assert_str_eq(l.restart, "on-failure");
	ck_assert_int_eq(l.restart_count, 5);
	ck_assert_int_eq(da_fix_parse_set("memory=1GiB,restart=no,pids-limit=7", &l, err,
					  sizeof(err)), 0);
	ck_assert(l.memory == 1LL << 30);
	ck_assert_str_eq(l.restart, "no");
	ck_assert(l.pids == 7);
	ck_assert_int_eq(da_fix_parse_set("memory=5m", &l, err, sizeof(err)), -1);   /* < 6m */
	ck_assert_ptr_nonnull(strstr(err, "memory"));
	ck_assert_int_eq(da_fix_parse_set("memory=12x", &l, err, sizeof(err)), -1);
	ck_assert_int_eq(da_fix_parse_set("memory=99999999999999999999g", &l, err, sizeof(err)), -1);
	ck_assert_int_eq(da_fix_parse_set("cpu-shares=1024", &l, err, sizeof(err)), -1); /* fails 5.12 */
	ck_assert_int_eq(da_fix_parse_set("cpu-shares=0", &l, err, sizeof(err)), -1);
	ck_assert_int_eq(da_fix_parse_set("pids-limit=-1", &l, err, sizeof(err)), -1);
	ck_assert_int_eq(da_fix_parse_set("restart=always", &l, err, sizeof(err)), -1);
	ck_assert_int_eq(da_fix_parse_set("restart=on-failure:6", &l, err, sizeof(err)), -1);
	ck_assert_int_eq(da_fix_parse_set("restart=on-failure", &l, err, sizeof(err)), -1);
	ck_assert_int_eq(da_fix_parse_set("user=1000", &l, err, sizeof(err)), -1);
	ck_assert_int_eq(da_fix_parse_set("memory", &l, err, sizeof(err)), -1);
	ck_assert_int_eq(da_fix_parse_set("", &l, err, sizeof(err)), -1);
	ck_assert_int_eq(da_fix_parse_set("memory=256m,", &l, err, sizeof(err)), 0);
}
END_TEST

START_TEST(key_versions)
{
	char why[192];

	ck_assert_int_eq(da_fix_key_status("icc", "20.10.24+dfsg1", why, sizeof(why)), DA_FIX_KEY_OK);
	ck_assert_int_eq(da_fix_key_status("live-restore", "1.11.2", why, sizeof(why)),
			 DA_FIX_KEY_TOO_OLD);
	ck_assert_ptr_nonnull(strstr(why, "added in 1.12"));
	ck_assert_int_eq(da_fix_key_status("live-restore", "1.12.0", why, sizeof(why)), DA_FIX_KEY_OK);
	ck_assert_int_eq(da_fix_key_status("no-new-privileges", "17.03.2-ce", why, sizeof(why)),
			 DA_FIX_KEY_TOO_OLD);
	ck_assert_int_eq(da_fix_key_status("no-new-privileges", "17.06.0-ce", why, sizeof(why)),
			 DA_FIX_KEY_OK);
	ck_assert_int_eq(da_fix_key_status("graph", "20.10.0", why, sizeof(why)), DA_FIX_KEY_OK);
	ck_assert_int_eq(da_fix_key_status("graph", "23.0.1", why, sizeof(why)), DA_FIX_KEY_REMOVED);
	ck_assert_ptr_nonnull(strstr(why, "removed in 23.0"));
	ck_assert_int_eq(da_fix_key_status("cluster-store", "24.0.7", why, sizeof(why)),
			 DA_FIX_KEY_REMOVED);
	ck_assert_int_eq(da_fix_key_status("oom-score-adjust", "24.0.7", why, sizeof(why)),
			 DA_FIX_KEY_OK);
	ck_assert_int_eq(da_fix_key_status("oom-score-adjust", "25.0.0", why, sizeof(why)),
			 DA_FIX_KEY_REMOVED);
	ck_assert_int_eq(da_fix_key_status("no-such-key", "24.0.7", why, sizeof(why)),
			 DA_FIX_KEY_UNKNOWN);
	/* unknown version: only the table */
	ck_assert_int_eq(da_fix_key_status("live-restore", NULL, why, sizeof(why)), DA_FIX_KEY_OK);
	ck_assert_int_eq(da_fix_key_status("live-restore", "dev", why, sizeof(why)), DA_FIX_KEY_OK);
	ck_assert(da_fix_known_key("icc"));
	ck_assert(!da_fix_known_key("graph")); /* never written */
}
END_TEST

START_TEST(plan_old_daemon_keeps_keys_out)
{
	struct json_object *probe = json_tokener_parse(
		"{\"engine\":{\"version\":{\"Version\":\"1.13.1\"}}}");
	struct da_fix_inputs in = { 0 };
	struct da_fix_plan p;

	fixture();
	in.daemon_json_path = "/etc/docker/daemon.json";
	in.daemon_json = "{}";
	in.rules_path = "/r";
	in.env_path = "/etc/environment";
	da_fix_build(&p, probe, &rep, &in);
	ck_assert_int_eq(find(&p, "2.14")->apply, DA_FIX_MANUAL_STEP);
	ck_assert_ptr_nonnull(strstr(find(&p, "2.14")->manual, "added in 17.04"));
	ck_assert_int_eq(find(&p, "2.2")->apply, DA_FIX_AUTO);
	ck_assert_ptr_null(strstr(p.daemon_json.new_text, "no-new-privileges"));
	ck_assert_ptr_nonnull(strstr(p.daemon_json.new_text, "\"icc\": false"));
	da_fix_plan_release(&p);
	json_object_put(probe);
}
END_TEST

/* A runtime section: 5.11, 5.12, 5.15, 5.29 and 5.13 fail for web and db. */
static struct da_check rchk[5];
static struct da_section sec_runtime = { "5", "Container Runtime", NULL, "runtime", "1" };
static struct da_checkdef rdefs[5];
static struct da_result rres[5], *rresp[5];
static struct da_item ritems[5][2];
static struct da_report_section rrsec;

#define WEB_ID "aaaa000000000000000000000000000000000000000000000000000000000001"
#define DB_ID "aaaa000000000000000000000000000000000000000000000000000000000002"

static void runtime_fixture(void)
{
	static const char *ids[] = { "5.11", "5.12", "5.15", "5.29", "5.13" };
	size_t i;

	memset(&rep, 0, sizeof(rep));
	for (i = 0; i < 5; i++) {
		memset(&rchk[i], 0, sizeof(rchk[i]));
		rchk[i].id = ids[i];
		rchk[i].title = ids[i];
		memset(&rdefs[i], 0, sizeof(rdefs[i]));
		rdefs[i].check = &rchk[i];
		rdefs[i].section = &sec_runtime;
		rdefs[i].id = ids[i];
		rdefs[i].title = ids[i];
		memset(&rres[i], 0, sizeof(rres[i]));
		rres[i].def = &rdefs[i];
		rres[i].status = DA_WARN;
		rres[i].detail = (char *)"finding";
		ritems[i][0] = (struct da_item){ .kind = (char *)"container", .id = (char *)WEB_ID,
						 .name = (char *)"web\x1b[31m" };
		ritems[i][1] = (struct da_item){ .kind = (char *)"container", .id = (char *)DB_ID,
						 .name = (char *)"db" };
		rres[i].items = ritems[i];
		rres[i].n_items = 2;
		rresp[i] = &rres[i];
	}
	rrsec.section = &sec_runtime;
	rrsec.results = rresp;
	rrsec.n_results = 5;
	rep.sections = &rrsec;
	rep.n_sections = 1;
}

static size_t count_kind(const struct da_fix_plan *p, enum da_fix_apply a)
{
	size_t i, n = 0;

	for (i = 0; i < p->n_items; i++)
		if (p->items[i].apply == a)
			n++;
	return n;
}

START_TEST(plan_container_updates)
{
	struct json_object *probe = json_tokener_parse(
		"{\"source\":{\"api_version\":\"1.41\"},\"engine\":{\"containers\":["
		"{\"Id\":\"" WEB_ID "\",\"HostConfig\":{\"MemorySwap\":0,\"AutoRemove\":false}},"
		"{\"Id\":\"" DB_ID "\",\"HostConfig\":{\"MemorySwap\":-1,\"AutoRemove\":true}}]}}");
	struct da_fix_inputs in = { 0 };
	struct da_fix_limits l;
	struct da_fix_plan p;
	struct json_object *o, *v;
	char err[128];

	runtime_fixture();
	in.rules_path = "/r";
	in.env_path = "/etc/environment";
	/* no --set: every container item is a manual step naming --set */
	da_fix_build(&p, probe, &rep, &in);
	ck_assert_int_eq(p.n_items, 10);
	ck_assert_int_eq(count_kind(&p, DA_FIX_MANUAL_STEP), 10);
	ck_assert_int_eq(p.n_updates, 0);
	ck_assert_ptr_nonnull(strstr(p.items[0].manual, "--set memory=SIZE"));
	ck_assert_ptr_nonnull(strstr(p.items[0].manual, "mem_limit"));
	da_fix_plan_release(&p);

	/* --set without --accept containers: planned, not applied */
	ck_assert_int_eq(da_fix_parse_set("memory=256m,cpu-shares=512,pids-limit=200,"
					  "restart=on-failure:5", &l, err, sizeof(err)), 0);
	in.set = &l;
	da_fix_build(&p, probe, &rep, &in);
	/* db: --rm refuses a restart policy, so 5.15 stays manual for it */
	ck_assert_int_eq(count_kind(&p, DA_FIX_ACCEPT), 7);
	ck_assert_int_eq(count_kind(&p, DA_FIX_MANUAL_STEP), 3);
	ck_assert_int_eq(p.n_updates, 0);
	da_fix_plan_release(&p);

	/* --accept containers: one update per container, fields merged */
	in.accept = "containers";
	da_fix_build(&p, probe, &rep, &in);
	ck_assert_int_eq(p.n_updates, 2);
	ck_assert_str_eq(p.updates[0].id, WEB_ID);
	o = p.updates[0].body;
	ck_assert(json_object_get_int64(json_object_object_get(o, "Memory")) == 256LL << 20);
	ck_assert(json_object_get_int64(json_object_object_get(o, "MemorySwap")) == 512LL << 20);
	ck_assert_int_eq(json_object_get_int(json_object_object_get(o, "CpuShares")), 512);
	ck_assert_int_eq(json_object_get_int(json_object_object_get(o, "PidsLimit")), 200);
	v = json_object_object_get(o, "RestartPolicy");
	ck_assert_str_eq(json_object_get_string(json_object_object_get(v, "Name")), "on-failure");
	ck_assert_int_eq(json_object_get_int(json_object_object_get(v, "MaximumRetryCount")), 5);
	ck_assert_int_eq(json_object_object_length(o), 5);
	o = p.updates[1].body;
	/* unlimited swap stays unlimited; no restart policy for --rm */
	ck_assert(json_object_get_int64(json_object_object_get(o, "MemorySwap")) == -1);
	ck_assert(!json_object_object_get_ex(o, "RestartPolicy", NULL));
	/* the read-only root (5.13) is never changed */
	ck_assert_int_eq(find(&p, "5.13")->apply, DA_FIX_MANUAL_STEP);
	{
		struct json_object *doc = da_fix_to_json(&p, false, "cis-1.6.0");
		struct json_object *ups = json_object_object_get(doc, "updates");
		ck_assert_int_eq(json_object_array_length(ups), 2);
		json_object_put(doc);
	}
	da_fix_plan_release(&p);

	/* an API older than 1.40 cannot update the PIDs limit */
	json_object_object_add(json_object_object_get(probe, "source"), "api_version",
			       json_object_new_string("1.39"));
	da_fix_build(&p, probe, &rep, &in);
	ck_assert_int_eq(find(&p, "5.29")->apply, DA_FIX_MANUAL_STEP);
	ck_assert_ptr_nonnull(strstr(find(&p, "5.29")->manual, "1.40"));
	ck_assert(!json_object_object_get_ex(p.updates[0].body, "PidsLimit", NULL));
	da_fix_plan_release(&p);
	json_object_put(probe);
}
END_TEST

START_TEST(plan_text_escapes_names)
{
	struct json_object *probe = json_tokener_parse(
		"{\"source\":{\"api_version\":\"1.41\"},\"engine\":{\"containers\":["
		"{\"Id\":\"" WEB_ID "\",\"HostConfig\":{}}]}}");
	struct da_fix_inputs in = { 0 };
	struct da_fix_limits l;
	struct da_fix_plan p;
	char err[128], *buf = NULL;
	size_t len = 0;
	FILE *fp;

	runtime_fixture();
	ck_assert_int_eq(da_fix_parse_set("memory=64m", &l, err, sizeof(err)), 0);
	in.set = &l;
	in.accept = "all";
	in.rules_path = "/r";
	in.env_path = "/etc/environment";
	da_fix_build(&p, probe, &rep, &in);
	ck_assert_int_eq(p.n_updates, 1); /* db is not in the probe: never updated */
	fp = open_memstream(&buf, &len);
	da_fix_print_text(fp, &p, false);
	fclose(fp);
	ck_assert_ptr_null(strchr(buf, 0x1b));
	ck_assert_ptr_nonnull(strstr(buf, "Container updates"));
	free(buf);
	da_fix_plan_release(&p);
	json_object_put(probe);
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
	tcase_add_test(tc, set_parses_and_refuses);
	tcase_add_test(tc, key_versions);
	tcase_add_test(tc, plan_old_daemon_keeps_keys_out);
	tcase_add_test(tc, plan_container_updates);
	tcase_add_test(tc, plan_text_escapes_names);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
