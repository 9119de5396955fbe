/*
 * Module "enterprise" (docker-bench-security's section 8) on
 * tests/fixtures/community-base.json, a Community engine 27.3.1: 8.0 tells
 * a Community engine from a Docker Enterprise (Mirantis) one by /version,
 * and the manual checks 8.1.1-8.2.1 ask a person to verify (NOTE).
 */
#include "config.h"

#include "testlib.h"

#include <dockaudit/module.h>

#include <check.h>
#include <string.h>

extern const struct da_module DA_MODULE_SYMBOL_FOR(enterprise);
#define M (&DA_MODULE_SYMBOL_FOR(enterprise))
#define P dt_p

static void expect(const char *id, enum da_status st, const char *want)
{
	dt_expect(M, P, id, st, want);
}

static void engine(const char *platform_json, const char *version_json)
{
	if (platform_json)
		dt_set(P, "engine.version.Platform.Name", platform_json);
	else
		dt_del(P, "engine.version.Platform");
	dt_set(P, "engine.version.Version", version_json);
}

START_TEST(test_descriptor)
{
	static const char *const ids[] = { "8.0", "8.1", "8.1.1", "8.1.2", "8.1.3", "8.1.4",
					   "8.1.5", "8.1.6", "8.1.7", "8.2", "8.2.1", NULL };
	uint32_t i;

	dt_assert_module(M, "enterprise", "8", "Docker Enterprise Configuration",
			 "docker_enterprise_configuration", 11);
	for (i = 0; i < M->n_checks; i++) {
		const struct da_check *c = &M->checks[i];
		bool header = i == 1 || i == 9;

		ck_assert_str_eq(c->id, ids[i]);
		ck_assert_ptr_nonnull(c->groups);
		ck_assert_msg(strstr(c->groups, "optional") != NULL, "%s not optional", c->id);
		/* every check but 8.0 is dropped on a Community engine */
		ck_assert_msg((strstr(c->groups, "enterprise_only") != NULL) == (i != 0),
			      "%s enterprise_only", c->id);
		ck_assert_msg(!(c->flags & DA_CHECK_SCORED), "%s scored", c->id);
		ck_assert(!!(c->flags & DA_CHECK_HEADER) == header);
		ck_assert(header ? c->run == NULL : c->run != NULL);
		ck_assert(!!(c->flags & DA_CHECK_MANUAL) == (i == 4 || i == 5));
	}
	ck_assert_ptr_nonnull(strstr(M->checks[2].groups, "universal_control_plane_configuration"));
	ck_assert_ptr_nonnull(strstr(M->checks[10].groups, "docker_trusted_registry_configuration"));
	/* 8.0 is the section's line for both sub-groups */
	ck_assert_ptr_nonnull(strstr(M->checks[0].groups, "universal_control_plane_configuration"));
	ck_assert_ptr_nonnull(strstr(M->checks[0].groups, "docker_trusted_registry_configuration"));
}
END_TEST

START_TEST(test_community_engines)
{
	expect("8.0", DA_INFO, "Community Engine 27.3.1 (Docker Engine - Community), skipping section 8");
	ck_assert(!dt_is_scored(M, P, "8.0"));
	engine(NULL, "\"17.06.0-ce\"");
	expect("8.0", DA_INFO, "skipping section 8");
	/* a distribution's build names no platform: not Enterprise (the original runs 8.x) */
	engine("\"\"", "\"26.1.5+dfsg1\"");
	expect("8.0", DA_INFO, "Community Engine 26.1.5+dfsg1 (no platform name), skipping");
	/* "-ee" only as a suffix word */
	engine(NULL, "\"20.10.7-eef\"");
	expect("8.0", DA_INFO, "skipping section 8");
}
END_TEST

START_TEST(test_enterprise_engines)
{
	engine("\"Docker Engine - Enterprise\"", "\"19.03.14\"");
	expect("8.0", DA_INFO, "Docker Enterprise engine 19.03.14 (Docker Engine - Enterprise)");
	engine("\"Mirantis Container Runtime\"", "\"23.0.9\"");
	expect("8.0", DA_INFO, "section 8 apply");
	engine(NULL, "\"17.06.2-ee-16\"");
	expect("8.0", DA_INFO, "Docker Enterprise engine 17.06.2-ee-16");
	engine(NULL, "\"18.09.1-ee\"");
	expect("8.0", DA_INFO, "section 8 apply");
}
END_TEST

START_TEST(test_errors)
{
	dt_del(P, "engine.version.Version");
	expect("8.0", DA_ERROR, "/version");
	dt_del(P, "engine.version");
	expect("8.0", DA_ERROR, "cannot tell");
}
END_TEST

START_TEST(test_notes)
{
	static const char *const ids[] = { "8.1.1", "8.1.2", "8.1.3", "8.1.4", "8.1.5", "8.1.6",
					   "8.1.7", "8.2.1", NULL };
	size_t i;

	for (i = 0; ids[i]; i++) {
		expect(ids[i], DA_NOTE, "verify");
		ck_assert(!dt_is_scored(M, P, ids[i]));
	}
	expect("8.1.4", DA_NOTE, "role-based access control");
}
END_TEST

int main(void)
{
	const TTest *tests[] = { test_descriptor, test_community_engines, test_enterprise_engines,
				 test_errors, test_notes, NULL };

	return dt_main("mod_enterprise", dt_tcase("checks", "community-base.json", tests));
}
