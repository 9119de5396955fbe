/*
 * Module "community" (docker-bench-security's community checks C.x) on
 * tests/fixtures/community-base.json: the runtime fixture (two hardened
 * containers "web" and "db" with --cap-drop ALL --cap-add NET_BIND_SERVICE)
 * on an x86_64 Community engine 27.3.1.  Every check's PASS, WARN, INFO
 * and ERROR paths; the C.5.3.x items name exactly the containers that
 * hold the capability, in each spelling dockerd accepts.
 */
#include "config.h"

#include "testlib.h"

#include <dockaudit/module.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const struct da_module DA_MODULE_SYMBOL_FOR(community);
#define M (&DA_MODULE_SYMBOL_FOR(community))
#define P dt_p

#define DB_ID "5c81fedcba9876543210fedcba9876543210fedcba9876543210fedcba987654"

static const char *const cap_ids[] = { "C.5.3.1", "C.5.3.2", "C.5.3.3", "C.5.3.4", NULL };
static const char *const cap_names[] = { "DAC_READ_SEARCH", "SYS_MODULE", "SYS_ADMIN",
					 "SYS_PTRACE", NULL };

static void cset(int i, const char *path, const char *json)
{
	dt_setf(P, json, "engine.containers.%d.%s", i, path);
}

static void expect(const char *id, enum da_status st, const char *want)
{
	dt_expect(M, P, id, st, want);
}

/* WARN with exactly one item, db's (kind container, full id), detail holding sub. */
static void expect_db_only(const char *id, const char *sub)
{
	struct da_result *r = dt_run(M, id, P);

	dt_assert_status(r, id, DA_WARN);
	ck_assert_msg(r->n_items == 1, "%s: %zu items", id, r->n_items);
	ck_assert_msg(dt_find_item(r, "container", DB_ID, "db", sub) != NULL,
		      "%s: no db item with \"%s\" (%s)", id, sub,
		      r->items[0].detail ? r->items[0].detail : "-");
	dt_assert_detail_has(r, "1 of 2 containers");
	da_result_free(r);
}

START_TEST(test_descriptor)
{
	static const char *const ids[] = { "C.1", "C.1.1", "C.2", "C.5.3.1", "C.5.3.2",
					   "C.5.3.3", "C.5.3.4", NULL };
	uint32_t i;

	dt_assert_module(M, "community", "C", "Community contributed checks", "community", 7);
	for (i = 0; i < M->n_checks; i++) {
		const struct da_check *c = &M->checks[i];

		ck_assert_str_eq(c->id, ids[i]);
		/* C.1.1 is the one manual, counted-only check (titles as the original's) */
		ck_assert_uint_eq(c->flags, i == 1 ? DA_CHECK_MANUAL : DA_CHECK_SCORED);
		ck_assert_ptr_nonnull(c->run);
		ck_assert_ptr_nonnull(c->remediation);
		ck_assert_int_eq(c->level, 1);
		/* the reserved group keeps them out of cis and the default run */
		ck_assert_str_eq(c->groups, "optional community community_checks");
	}
	ck_assert_str_eq(M->checks[3].title,
			 "Ensure that CAP_DAC_READ_SEARCH Linux kernel capability is disabled (Automated)");
}
END_TEST

START_TEST(test_base)
{
	size_t i;

	expect("C.1", DA_PASS, "x86_64");
	expect("C.1.1", DA_PASS, "x86_64");
	expect("C.2", DA_INFO, "deprecated");
	ck_assert(!dt_is_scored(M, P, "C.2"));
	for (i = 0; cap_ids[i]; i++)
		expect(cap_ids[i], DA_PASS, "0 of 2 containers");
}
END_TEST

START_TEST(test_c_1)
{
	dt_set(P, "engine.info.Architecture", "\"aarch64\"");
	expect("C.1", DA_INFO, "aarch64");
	expect("C.1.1", DA_INFO, "aarch64");
	dt_set(P, "engine.info.Architecture", "\"s390x\"");
	expect("C.1", DA_WARN, "s390x");
	ck_assert(dt_is_scored(M, P, "C.1"));
	/* the original aborts the whole run here; this is one unscored WARN */
	expect("C.1.1", DA_WARN, "s390x");
	ck_assert(!dt_is_scored(M, P, "C.1.1"));
	dt_set(P, "engine.info.Architecture", "7");
	expect("C.1", DA_ERROR, "not a string");
	dt_del(P, "engine.info.Architecture");
	expect("C.1", DA_ERROR, "missing");
	dt_del(P, "engine.info");
	expect("C.1.1", DA_ERROR, "/info");
}
END_TEST

START_TEST(test_c_2)
{
	dt_set(P, "engine.version.Version", "\"17.12.0-ce\"");
	expect("C.2", DA_INFO, "deprecated");
	dt_set(P, "engine.version.Version", "\"17.09.1-ce\"");
	expect("C.2", DA_WARN, "not set");
	ck_assert(dt_is_scored(M, P, "C.2"));
	dt_set(P, "host.dockerd.effective.disable-legacy-registry", "false");
	expect("C.2", DA_WARN, "false");
	dt_set(P, "host.dockerd.effective.disable-legacy-registry", "true");
	expect("C.2", DA_PASS, "true");
	dt_set(P, "host.dockerd.effective.disable-legacy-registry", "\"true\"");
	expect("C.2", DA_ERROR, "not a boolean");
	dt_set(P, "engine.version.Version", "\"1.13.1\"");
	expect("C.2", DA_ERROR, "not a boolean");
	dt_set(P, "host.available", "false");
	expect("C.2", DA_INFO, NULL);
	ck_assert(!dt_is_scored(M, P, "C.2"));
	dt_set(P, "engine.version.Version", "\"devel\"");
	expect("C.2", DA_ERROR, "devel");
	dt_del(P, "engine.version");
	expect("C.2", DA_ERROR, "missing");
}
END_TEST

/* Every spelling dockerd accepts adds the capability; one item, db's. */
START_TEST(test_c_5_3_added)
{
	const char *id = cap_ids[_i], *cap = cap_names[_i];
	const char *prefixes[] = { "", "CAP_", "cap_", "Cap_", NULL };
	char json[128], want[64];
	size_t i, j;

	snprintf(want, sizeof(want), "CAP_%s added", cap);
	for (i = 0; prefixes[i]; i++) {
		char name[64];

		snprintf(name, sizeof(name), "%s%s", prefixes[i], cap);
		if (i == 3)
			for (j = 4; name[j]; j++)
				name[j] = (char)(name[j] >= 'A' && name[j] <= 'Z' ? name[j] + 32 : name[j]);
		snprintf(json, sizeof(json), "[\"NET_BIND_SERVICE\",\"%s\"]", name);
		cset(1, "HostConfig.CapAdd", json);
		expect_db_only(id, want);
	}
	/* an explicit add wins over a drop of the same capability, as in dockerd */
	snprintf(json, sizeof(json), "[\"%s\"]", cap);
	cset(1, "HostConfig.CapDrop", json);
	expect_db_only(id, want);
	/* the other three checks do not see it */
	for (i = 0; cap_ids[i]; i++)
		if (i != (size_t)_i)
			expect(cap_ids[i], DA_PASS, NULL);
}
END_TEST

START_TEST(test_c_5_3_all_and_privileged)
{
	const char *id = cap_ids[_i], *cap = cap_names[_i];
	char json[128];

	cset(1, "HostConfig.CapAdd", "[\"ALL\"]");
	cset(1, "HostConfig.CapDrop", "[]");
	expect_db_only(id, "by --cap-add ALL");
	cset(1, "HostConfig.CapAdd", "[\"all\"]");
	expect_db_only(id, "by --cap-add ALL");
	/* ALL minus this one */
	snprintf(json, sizeof(json), "[\"cap_%s\"]", cap);
	cset(1, "HostConfig.CapDrop", json);
	expect(id, DA_PASS, NULL);
	cset(1, "HostConfig.CapAdd", "null");
	cset(1, "HostConfig.CapDrop", "null");
	expect(id, DA_PASS, "0 of 2");
	cset(1, "HostConfig.Privileged", "true");
	expect_db_only(id, "privileged");
}
END_TEST

START_TEST(test_c_5_3_both_and_errors)
{
	const char *id = cap_ids[_i];
	char json[128];
	struct da_result *r;

	snprintf(json, sizeof(json), "[\"%s\"]", cap_names[_i]);
	cset(0, "HostConfig.CapAdd", json);
	cset(1, "HostConfig.CapAdd", json);
	r = dt_run(M, id, P);
	dt_assert_status(r, id, DA_WARN);
	ck_assert_uint_eq(r->n_items, 2);
	ck_assert(dt_has_item(r, "web") && dt_has_item(r, "db"));
	dt_assert_detail_has(r, "2 of 2 containers");
	da_result_free(r);
	/* malformed data is an ERROR naming the container and the field; web's item kept */
	cset(1, "HostConfig.CapAdd", "[7]");
	r = dt_run(M, id, P);
	dt_assert_status(r, id, DA_ERROR);
	dt_assert_detail_has(r, "HostConfig.CapAdd");
	dt_assert_detail_has(r, "db");
	ck_assert(dt_has_item(r, "web"));
	da_result_free(r);
	cset(1, "HostConfig.CapAdd", "\"SYS_ADMIN\"");
	expect(id, DA_ERROR, "not an array");
	cset(1, "HostConfig.CapAdd", "[]");
	cset(1, "HostConfig.CapDrop", "{}");
	expect(id, DA_ERROR, "HostConfig.CapDrop");
	cset(1, "HostConfig.CapDrop", "[]");
	cset(1, "HostConfig.Privileged", "\"no\"");
	expect(id, DA_ERROR, "HostConfig.Privileged");
	dt_del(P, "engine.containers.1.HostConfig");
	expect(id, DA_ERROR, "HostConfig");
	dt_set(P, "engine.containers", "[]");
	expect(id, DA_INFO, "no running containers");
}
END_TEST

/* A name from the daemon is data: it reaches the item as given, never a format. */
START_TEST(test_hostile_name)
{
	struct da_result *r;

	cset(1, "Name", "\"/%s%n\\u001b[31m\"");
	cset(1, "HostConfig.CapAdd", "[\"SYS_ADMIN\"]");
	r = dt_run(M, "C.5.3.3", P);
	dt_assert_status(r, "C.5.3.3", DA_WARN);
	ck_assert(dt_has_item(r, "%s%n\x1b[31m"));
	da_result_free(r);
}
END_TEST

int main(void)
{
	TCase *tc = dt_tcase("checks", "community-base.json",
			     (const TTest *const[]){ test_descriptor, test_base, test_c_1, test_c_2,
						     test_hostile_name, NULL });

	tcase_add_loop_test(tc, test_c_5_3_added, 0, 4);
	tcase_add_loop_test(tc, test_c_5_3_all_and_privileged, 0, 4);
	tcase_add_loop_test(tc, test_c_5_3_both_and_errors, 0, 4);
	return dt_main("mod_community", tc);
}
