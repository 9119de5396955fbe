/*
 * Module "swarm" (CIS section 7): every check on a host outside any swarm,
 * on an active manager and on a worker, with the PASS, WARN, INFO and
 * ERROR paths, on tests/fixtures/swarm-base.json: the leader "mgr1" of a
 * swarm of three managers and one worker, listening on 10.0.0.5:2377 with a
 * separate data path address, auto-lock on, one secret, 48h node
 * certificates and encrypted overlay networks ("ingress", "backend", at
 * engine.networks indexes 4 and 5), so that every automated check passes
 * until a test changes one fact.
 */
#include "config.h"

#include "testlib.h"

#include <dockaudit/module.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const struct da_module DA_MODULE_SYMBOL_FOR(swarm);
#define M (&DA_MODULE_SYMBOL_FOR(swarm))

#define P dt_p

static void expect(const char *id, enum da_status st, const char *want)
{
	dt_expect(M, P, id, st, want);
}

static bool item_with(const struct da_result *r, const char *kind, const char *name,
		      const char *sub)
{
	return dt_find_item(r, kind, NULL, name, sub) != NULL;
}

static const char *const all_ids[] = {
	"7.1", "7.2", "7.3", "7.4", "7.5", "7.6", "7.7", "7.8", "7.9", NULL
};

/* Leaves the swarm: what GET /info and the probe show on a plain host. */
static void go_inactive(void)
{
	dt_set(P, "engine.info.Swarm", "{\"NodeID\":\"\",\"NodeAddr\":\"\",\"LocalNodeState\":\"inactive\","
					"\"ControlAvailable\":false,\"Error\":\"\",\"RemoteManagers\":null}");
	dt_set(P, "engine.swarm", "null");
	dt_del(P, "host.swarm_state");
}

/* Turns this node into a worker: manager-only objects are null. */
static void go_worker(void)
{
	dt_set(P, "engine.info.Swarm.ControlAvailable", "false");
	dt_del(P, "engine.info.Swarm.Cluster");
	dt_set(P, "engine.swarm.swarm", "null");
	dt_set(P, "engine.swarm.nodes", "null");
	dt_set(P, "engine.swarm.services", "null");
	dt_set(P, "engine.swarm.secrets", "null");
	dt_set(P, "engine.swarm.unlockkey", "null");
}

static bool is_scored(const char *id)
{
	return dt_is_scored(M, P, id);
}

/* --- descriptor ----------------------------------------------------------- */

START_TEST(test_descriptor)
{
	uint32_t i;

	dt_assert_module(M, "swarm", "7", "Docker Swarm Configuration", "docker_swarm_configuration",
			 9);
	for (i = 0; i < M->n_checks; i++) {
		const struct da_check *c = &M->checks[i];
		bool automated = i == 0 || i == 1 || i == 2 || i == 4;

		ck_assert_str_eq(c->id, all_ids[i]);
		dt_assert_check_flags(c, !automated, automated);
		ck_assert_ptr_nonnull(c->run);
	}
	ck_assert(M->checks[1].flags & DA_CHECK_NEEDS_HOST);
	ck_assert_ptr_null(M->checks[0].groups);
	ck_assert_ptr_nonnull(strstr(M->checks[1].groups, "cis_controls_v8_ig1"));
}
END_TEST

/* --- whole-section states ------------------------------------------------ */

START_TEST(test_base_manager)
{
	expect("7.1", DA_PASS, "3 managers");
	expect("7.2", DA_PASS, "10.0.0.5:2377");
	expect("7.3", DA_PASS, "0 of 2 overlay networks");
	expect("7.4", DA_PASS, "1 swarm secret");
	expect("7.5", DA_PASS, "auto-locked");
	expect("7.6", DA_NOTE, NULL);
	expect("7.7", DA_PASS, "48 hours");
	expect("7.8", DA_NOTE, NULL);
	expect("7.9", DA_PASS, "10.1.0.5");
	ck_assert(!is_scored("7.4"));
	ck_assert(!is_scored("7.7"));
	ck_assert(is_scored("7.5"));
}
END_TEST

START_TEST(test_inactive)
{
	size_t i;

	go_inactive();
	for (i = 0; all_ids[i]; i++)
		expect(all_ids[i], DA_PASS, "swarm mode not enabled");
	/* as in docker-bench-security, the automated ones count */
	ck_assert(is_scored("7.1"));
	ck_assert(is_scored("7.2"));
	ck_assert(is_scored("7.3"));
	ck_assert(is_scored("7.5"));
	ck_assert(!is_scored("7.6"));
	/* without host facts too */
	dt_set(P, "host.available", "false");
	expect("7.2", DA_PASS, "swarm mode not enabled");
}
END_TEST

START_TEST(test_other_states)
{
	static const char *const states[] = { "\"pending\"", "\"locked\"", "\"error\"", "\"\"", NULL };
	size_t s, i;

	for (s = 0; states[s]; s++) {
		dt_set(P, "engine.info.Swarm.LocalNodeState", states[s]);
		for (i = 0; all_ids[i]; i++)
			expect(all_ids[i], DA_INFO, "swarm data not available");
	}
}
END_TEST

START_TEST(test_errors_common)
{
	size_t i;

	dt_set(P, "engine.swarm", "null");
	for (i = 0; all_ids[i]; i++)
		expect(all_ids[i], DA_ERROR, "engine.swarm");
	dt_set(P, "engine.swarm", "[]");
	expect("7.1", DA_ERROR, "engine.swarm");
	dt_set(P, "engine.info.Swarm.LocalNodeState", "true");
	for (i = 0; all_ids[i]; i++)
		expect(all_ids[i], DA_ERROR, "LocalNodeState");
	dt_del(P, "engine.info.Swarm");
	expect("7.3", DA_ERROR, "missing");
	dt_del(P, "engine.info");
	for (i = 0; all_ids[i]; i++)
		expect(all_ids[i], DA_ERROR, "/info");
}
END_TEST

START_TEST(test_worker)
{
	go_worker();
	expect("7.1", DA_INFO, "not a manager");
	expect("7.4", DA_INFO, "not a manager");
	expect("7.5", DA_INFO, "not a manager");
	expect("7.7", DA_INFO, "not a manager");
	/* what a worker shows of the swarm is still audited */
	expect("7.2", DA_PASS, NULL);
	expect("7.3", DA_PASS, NULL);
	expect("7.6", DA_NOTE, NULL);
	expect("7.9", DA_PASS, NULL);
}
END_TEST

/* --- 7.1 ------------------------------------------------------------------- */

START_TEST(test_7_1)
{
	struct da_result *r;

	/* two managers: an even number */
	dt_set(P, "engine.swarm.nodes.2.Spec.Role", "\"worker\"");
	r = dt_run(M, "7.1", P);
	ck_assert_int_eq(r->status, DA_WARN);
	ck_assert_ptr_nonnull(strstr(r->detail, "2 managers"));
	ck_assert_uint_eq(r->n_items, 2);
	ck_assert(item_with(r, "node", "mgr1", "leader"));
	ck_assert(item_with(r, "node", "mgr2", NULL));
	ck_assert(!item_with(r, "node", "mgr3", NULL));
	ck_assert(!item_with(r, "node", "wrk1", NULL));
	da_result_free(r);
	/* one manager is the minimum */
	dt_set(P, "engine.swarm.nodes.1.Spec.Role", "\"worker\"");
	expect("7.1", DA_PASS, "1 manager");
	/* four */
	dt_set(P, "engine.swarm.nodes.1.Spec.Role", "\"manager\"");
	dt_set(P, "engine.swarm.nodes.2.Spec.Role", "\"manager\"");
	dt_set(P, "engine.swarm.nodes.3.Spec.Role", "\"manager\"");
	expect("7.1", DA_WARN, "4 managers");
}
END_TEST

START_TEST(test_7_1_many)
{
	char json[4096];
	size_t len = 0;
	int i, n;

	for (n = 7; n <= 9; n += 2) {
		len = 0;
		len += (size_t)snprintf(json + len, sizeof(json) - len, "[");
		for (i = 0; i < n; i++)
			len += (size_t)snprintf(json + len, sizeof(json) - len,
						"%s{\"ID\":\"m%d\",\"Spec\":{\"Role\":\"manager\"},"
						"\"Description\":{\"Hostname\":\"m%d\"},"
						"\"ManagerStatus\":{\"Leader\":%s}}",
						i ? "," : "", i, i, i ? "false" : "true");
		snprintf(json + len, sizeof(json) - len, "]");
		dt_set(P, "engine.swarm.nodes", json);
		if (n == 7)
			expect("7.1", DA_PASS, "7 managers");
		else
			expect("7.1", DA_WARN, "more than 7");
	}
}
END_TEST

START_TEST(test_7_1_leader)
{
	dt_set(P, "engine.swarm.nodes.0.ManagerStatus.Leader", "false");
	expect("7.1", DA_WARN, "no single leader");
	dt_set(P, "engine.swarm.nodes.1.ManagerStatus.Leader", "true");
	dt_set(P, "engine.swarm.nodes.2.ManagerStatus.Leader", "true");
	expect("7.1", DA_WARN, "2 leaders");
}
END_TEST

START_TEST(test_7_1_errors)
{
	dt_set(P, "engine.swarm.nodes", "{}");
	expect("7.1", DA_ERROR, "node list");
	dt_set(P, "engine.swarm.nodes", "[{\"Spec\":{\"Role\":7}}]");
	expect("7.1", DA_ERROR, "Spec.Role");
	dt_set(P, "engine.swarm.nodes", "[\"mgr1\"]");
	expect("7.1", DA_ERROR, "not an object");
	dt_set(P, "engine.swarm.nodes", "[{\"Spec\":{\"Role\":\"worker\"}}]");
	expect("7.1", DA_ERROR, "no manager");
	dt_set(P, "engine.swarm.nodes", "[]");
	expect("7.1", DA_ERROR, "no manager");
}
END_TEST

/* --- 7.2 ------------------------------------------------------------------- */

START_TEST(test_7_2)
{
	dt_set(P, "host.swarm_state.ListenAddr", "\"0.0.0.0:2377\"");
	expect("7.2", DA_WARN, "all interfaces (0.0.0.0:2377)");
	dt_set(P, "host.swarm_state.ListenAddr", "\"[::]:2377\"");
	expect("7.2", DA_WARN, "all interfaces");
	dt_set(P, "host.swarm_state.ListenAddr", "\":2377\"");
	expect("7.2", DA_WARN, "all interfaces");
	dt_set(P, "host.swarm_state.ListenAddr", "\"\"");
	expect("7.2", DA_WARN, "default 0.0.0.0:2377");
	dt_set(P, "host.swarm_state.ListenAddr", "\"eth1:2377\"");
	expect("7.2", DA_PASS, "eth1:2377");
	dt_set(P, "host.swarm_state.ListenAddr", "\"[fd00::5]:2377\"");
	expect("7.2", DA_PASS, NULL);
	dt_set(P, "host.swarm_state.ListenAddr", "\"fd00::5\"");
	expect("7.2", DA_PASS, NULL);
}
END_TEST

START_TEST(test_7_2_errors)
{
	dt_set(P, "host.swarm_state.ListenAddr", "\"[::1:2377\"");
	expect("7.2", DA_ERROR, "not an address");
	dt_set(P, "host.swarm_state.ListenAddr", "2377");
	expect("7.2", DA_ERROR, "not a string");
	dt_del(P, "host.swarm_state.ListenAddr");
	expect("7.2", DA_ERROR, "missing");
	dt_set(P, "host.swarm_state", "\"0.0.0.0:2377\"");
	expect("7.2", DA_ERROR, "host.swarm_state");
	dt_del(P, "host.swarm_state");
	expect("7.2", DA_ERROR, "host.swarm_state");
	dt_set(P, "host.available", "false");
	dt_set(P, "host.reason", "\"remote daemon tcp://10.0.0.5:2376\"");
	expect("7.2", DA_INFO, "remote daemon");
}
END_TEST

/* --- 7.3 ------------------------------------------------------------------- */

START_TEST(test_7_3)
{
	struct da_result *r;

	dt_del(P, "engine.networks.5.Options.encrypted");
	r = dt_run(M, "7.3", P);
	ck_assert_int_eq(r->status, DA_WARN);
	ck_assert_uint_eq(r->n_items, 1);
	ck_assert(item_with(r, "network", "backend", "not encrypted"));
	ck_assert_str_eq(r->items[0].id, "ovl5555555555555555555555");
	da_result_free(r);
	/* ingress as well: both reported, ingress said to be built in */
	dt_del(P, "engine.networks.4.Options.encrypted");
	r = dt_run(M, "7.3", P);
	ck_assert_int_eq(r->status, DA_WARN);
	ck_assert_uint_eq(r->n_items, 2);
	ck_assert(item_with(r, "network", "ingress", "built-in ingress network"));
	ck_assert(item_with(r, "network", "backend", NULL));
	da_result_free(r);
	/* ingress alone: INFO */
	dt_set(P, "engine.networks.5.Options.encrypted", "\"\"");
	r = dt_run(M, "7.3", P);
	ck_assert_int_eq(r->status, DA_INFO);
	ck_assert_ptr_nonnull(strstr(r->detail, "ingress"));
	ck_assert(item_with(r, "network", "ingress", "built-in"));
	da_result_free(r);
	/* a user network named ingress is no ingress network */
	dt_set(P, "engine.networks.4.Ingress", "false");
	expect("7.3", DA_WARN, NULL);
	/* Options null: not encrypted */
	dt_set(P, "engine.networks.4.Ingress", "true");
	dt_set(P, "engine.networks.5.Options", "null");
	expect("7.3", DA_WARN, "2 of 2");
	/* bridge networks do not count */
	dt_set(P, "engine.networks.5.Driver", "\"bridge\"");
	dt_set(P, "engine.networks.4.Options.encrypted", "\"\"");
	expect("7.3", DA_PASS, "0 of 1");
}
END_TEST

START_TEST(test_7_3_old_engine)
{
	/* engines without the Ingress field: the name decides */
	dt_del(P, "engine.networks.4.Ingress");
	dt_del(P, "engine.networks.4.Options.encrypted");
	expect("7.3", DA_INFO, "ingress");
}
END_TEST

START_TEST(test_7_3_errors)
{
	dt_set(P, "engine.networks.5.Options", "\"encrypted\"");
	expect("7.3", DA_ERROR, "Options of network backend");
	dt_set(P, "engine.networks.5", "7");
	expect("7.3", DA_ERROR, "network 5");
	dt_set(P, "engine.networks", "{}");
	expect("7.3", DA_ERROR, "not an array");
	dt_del(P, "engine.networks");
	expect("7.3", DA_ERROR, "missing");
}
END_TEST

/* --- 7.4 ------------------------------------------------------------------- */

START_TEST(test_7_4)
{
	dt_set(P, "engine.swarm.secrets", "[]");
	expect("7.4", DA_INFO, "no swarm secrets");
	dt_set(P, "engine.swarm.secrets", "{}");
	expect("7.4", DA_ERROR, "not an array");
	dt_set(P, "engine.swarm.secrets", "null");
	expect("7.4", DA_ERROR, "missing");
	/* the daemon's own word on the role comes first */
	dt_set(P, "engine.info.Swarm.ControlAvailable", "false");
	expect("7.4", DA_INFO, "not a manager");
	dt_del(P, "engine.info.Swarm.ControlAvailable");
	expect("7.4", DA_ERROR, "missing");
	dt_set(P, "engine.swarm.nodes", "null");
	expect("7.4", DA_INFO, "not a manager");
}
END_TEST

/* --- 7.5 ------------------------------------------------------------------- */

START_TEST(test_7_5)
{
	dt_set(P, "engine.swarm.unlockkey.UnlockKey", "\"\"");
	expect("7.5", DA_WARN, "not auto-locked");
	dt_set(P, "engine.swarm.unlockkey", "{}");
	expect("7.5", DA_WARN, "not auto-locked");
	/* without the key, the swarm spec tells */
	dt_set(P, "engine.swarm.unlockkey", "null");
	expect("7.5", DA_PASS, "auto-locked");
	dt_set(P, "engine.swarm.swarm.Spec.EncryptionConfig.AutoLockManagers", "false");
	expect("7.5", DA_WARN, NULL);
	dt_set(P, "engine.swarm.swarm", "null");
	expect("7.5", DA_ERROR, "unlock key");
}
END_TEST

START_TEST(test_7_5_errors)
{
	dt_set(P, "engine.swarm.unlockkey.UnlockKey", "5");
	expect("7.5", DA_ERROR, "UnlockKey");
	dt_set(P, "engine.swarm.unlockkey", "\"SWMKEY-1-x\"");
	expect("7.5", DA_ERROR, "unlock key");
}
END_TEST

/* --- 7.7 ------------------------------------------------------------------- */

START_TEST(test_7_7)
{
	dt_set(P, "engine.swarm.swarm.Spec.CAConfig.NodeCertExpiry", "7776000000000000");
	expect("7.7", DA_INFO, "90 days");
	dt_set(P, "engine.swarm.swarm.Spec.CAConfig.NodeCertExpiry", "180000000000000");
	expect("7.7", DA_INFO, "50 hours");
	dt_set(P, "engine.swarm.swarm.Spec.CAConfig.NodeCertExpiry", "86400000000000");
	expect("7.7", DA_PASS, "24 hours");
	dt_set(P, "engine.swarm.swarm.Spec.CAConfig.NodeCertExpiry", "0");
	expect("7.7", DA_INFO, "default");
	/* from /info when /swarm is missing */
	dt_set(P, "engine.swarm.swarm", "null");
	expect("7.7", DA_PASS, "48 hours");
	dt_set(P, "engine.info.Swarm.Cluster.Spec.CAConfig.NodeCertExpiry", "\"48h\"");
	expect("7.7", DA_ERROR, "NodeCertExpiry");
	dt_set(P, "engine.info.Swarm.Cluster.Spec.CAConfig.NodeCertExpiry", "-5");
	expect("7.7", DA_ERROR, "NodeCertExpiry");
	dt_del(P, "engine.info.Swarm.Cluster");
	expect("7.7", DA_ERROR, "CA configuration");
}
END_TEST

/* --- 7.9 ------------------------------------------------------------------- */

START_TEST(test_7_9)
{
	dt_set(P, "host.swarm_state.DataPathAddr", "\"\"");
	expect("7.9", DA_INFO, "share 10.0.0.5:2377");
	dt_set(P, "host.swarm_state.DataPathAddr", "\"10.0.0.5\"");
	expect("7.9", DA_INFO, "share");
	dt_set(P, "host.swarm_state.DataPathAddr", "\"eth1\"");
	expect("7.9", DA_PASS, "eth1");
	dt_set(P, "host.swarm_state.DataPathAddr", "7");
	expect("7.9", DA_NOTE, NULL);
	dt_del(P, "host.swarm_state");
	expect("7.9", DA_NOTE, NULL);
	dt_set(P, "host.available", "false");
	expect("7.9", DA_NOTE, NULL);
}
END_TEST

/* docker-state.json is below DockerRootDir (0710 root): INFO "needs root" */
START_TEST(test_swarm_state_needs_root)
{
	struct da_result *r;

	dt_del(P, "host.swarm_state");
	dt_set(P, "host.swarm_state_error",
	       "\"cannot read /var/lib/docker/swarm/docker-state.json: permission denied\"");
	r = dt_run(M, "7.2", P);
	dt_assert_status(r, "7.2", DA_INFO);
	ck_assert(!r->scored);
	dt_assert_detail_has(r, "needs root: the swarm listen address, in ");
	dt_assert_detail_has(r, "/swarm/docker-state.json (permission denied)");
	da_result_free(r);
	r = dt_run(M, "7.9", P);
	dt_assert_status(r, "7.9", DA_INFO);
	dt_assert_detail_has(r, "needs root: the swarm addresses");
	da_result_free(r);
	/* another reason: the listen address is unknown, an error */
	dt_set(P, "host.swarm_state_error",
	       "\"cannot read /var/lib/docker/swarm/docker-state.json: no such file or directory\"");
	expect("7.2", DA_ERROR, "no such file or directory");
	expect("7.9", DA_NOTE, NULL);
}
END_TEST

START_TEST(test_hostile)
{
	static const char *const garbage[] = { "7", "\"x\"", "[]", "{}", "null", NULL };
	static const char *const paths[] = {
		"engine.swarm.swarm", "engine.swarm.nodes", "engine.swarm.secrets",
		"engine.swarm.unlockkey", "engine.networks", "host.swarm_state",
		"engine.info.Swarm.Cluster", "engine.info.Swarm.ControlAvailable", NULL
	};
	size_t g, p, i;

	/* no value in any place crashes a check or leaves it without a status */
	for (p = 0; paths[p]; p++)
		for (g = 0; garbage[g]; g++) {
			dt_fixture_teardown();
			dt_fixture_setup();
			dt_set(P, paths[p], garbage[g]);
			for (i = 0; all_ids[i]; i++) {
				struct da_result *r = dt_run(M, all_ids[i], P);
				ck_assert_msg(r->status_set, "%s with %s=%s", all_ids[i], paths[p],
					      garbage[g]);
				ck_assert_ptr_nonnull(r->detail);
				da_result_free(r);
			}
		}
	/* names with format directives come back verbatim */
	dt_set(P, "engine.swarm.nodes.0.Description.Hostname", "\"%s%n\"");
	dt_set(P, "engine.swarm.nodes.2.Spec.Role", "\"worker\"");
	{
		struct da_result *r = dt_run(M, "7.1", P);
		ck_assert(item_with(r, "node", "%s%n", "leader"));
		da_result_free(r);
	}
}
END_TEST

int main(void)
{
	const TTest *tests[] = {
		test_descriptor, test_base_manager, test_inactive, test_other_states,
		test_errors_common, test_worker, test_7_1, test_7_1_many, test_7_1_leader,
		test_7_1_errors, test_7_2, test_7_2_errors, test_7_3, test_7_3_old_engine,
		test_7_3_errors, test_7_4, test_7_5, test_7_5_errors, test_7_7, test_7_9,
		test_hostile, test_swarm_state_needs_root, NULL
	};

	return dt_main("mod_swarm", dt_tcase("checks", "swarm-base.json", tests));
}
