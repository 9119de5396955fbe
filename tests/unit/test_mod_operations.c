/*
 * Module "operations" (CIS section 6) on tests/fixtures/operations-base.json:
 * three containers (web running nginx, db exited on postgres, job created
 * on nginx) and four images (nginx, postgres, alpine, one untagged), so two
 * images are unused and two containers are not running.
 */
#include "config.h"

#include "testlib.h"

#include <dockaudit/module.h>

#include <check.h>
#include <stdlib.h>
#include <string.h>

extern const struct da_module DA_MODULE_SYMBOL_FOR(operations);
#define M (&DA_MODULE_SYMBOL_FOR(operations))

#define ID_ALPINE "sha256:54c5b3dd459d5ef778bb2fa1e23a5fb0e1b62ae66970bcb436e8f81a1a1a8e41"
#define ID_DANGLING "sha256:4ca2d821beb2180774b4d96011ad6855c4e75d3e628c413c5a8751a6d7cff082"
#define ID_NGINX "sha256:5be1ecc7935f1dd85635d4feedaf660594030253cc97c9e9ca3819ffeac36b65"
#define ID_POSTGRES "sha256:a942b37ccfaf5a813b1432caa209a43b9d144e47ad0de1549c289c253e556cd5"
#define ID_DB "7bdc25d1694ef984782a16f6f1710c1c6bc83ba7a131b515baf532bea021d011"
#define ID_JOB "5e8c9902207afaeb7120430c585a445f21e92932081d64bc99f80e4925bcb002"
#define ID_WEB "4b5e57f6eb2f42b9039b3d1e13929295f231749c510cbe341cd68036d9af97e2"

#define P dt_p

/* The item of res with that id, or NULL. */
static const struct da_item *item_by_id(const struct da_result *res, const char *id)
{
	return dt_find_item(res, NULL, id, NULL, NULL);
}

START_TEST(test_descriptor)
{
	dt_assert_module(M, "operations", "6", "Docker Security Operations",
			 "docker_security_operations", 2);
	ck_assert_str_eq(M->checks[0].id, "6.1");
	ck_assert_str_eq(M->checks[0].title, "Ensure that image sprawl is avoided (Manual)");
	ck_assert_str_eq(M->checks[1].id, "6.2");
	ck_assert_str_eq(M->checks[1].title, "Ensure that container sprawl is avoided (Manual)");
	ck_assert_uint_eq(M->checks[0].flags, DA_CHECK_MANUAL);
	ck_assert_uint_eq(M->checks[1].flags, DA_CHECK_MANUAL);
	ck_assert_ptr_nonnull(strstr(M->checks[0].groups, "docker_security_operations_level1"));
	ck_assert_ptr_nonnull(strstr(M->checks[1].groups, "cis_controls_v8_ig2"));
	ck_assert_ptr_nonnull(M->checks[0].remediation);
	ck_assert_ptr_nonnull(M->checks[1].impact);
}
END_TEST

START_TEST(test_6_1)
{
	struct da_result *r = dt_run(M, "6.1", P);
	const struct da_item *it;

	ck_assert_int_eq(r->status, DA_INFO);
	ck_assert(!r->scored);
	ck_assert_str_eq(r->detail, "4 images, 2 in use by containers");
	ck_assert_uint_eq(r->n_items, 2);
	it = item_by_id(r, ID_ALPINE);
	ck_assert_ptr_nonnull(it);
	ck_assert_str_eq(it->kind, "image");
	ck_assert_str_eq(it->name, "alpine:3.20");
	it = item_by_id(r, ID_DANGLING);
	ck_assert_ptr_nonnull(it);
	ck_assert_str_eq(it->name, "<none>");
	ck_assert(!dt_has_item(r, ID_NGINX));
	ck_assert(!dt_has_item(r, ID_POSTGRES));
	da_result_free(r);
}
END_TEST

START_TEST(test_6_1_usage_changes)
{
	struct da_result *r;

	/* db now runs alpine: postgres becomes unused, alpine used */
	dt_set(P, "engine.container_list.1.ImageID", "\"" ID_ALPINE "\"");
	r = dt_run(M, "6.1", P);
	ck_assert_str_eq(r->detail, "4 images, 2 in use by containers");
	ck_assert(dt_has_item(r, ID_POSTGRES));
	ck_assert(!dt_has_item(r, ID_ALPINE));
	da_result_free(r);

	/* no containers: every image is unused */
	dt_set(P, "engine.container_list", "[]");
	r = dt_run(M, "6.1", P);
	ck_assert_int_eq(r->status, DA_INFO);
	ck_assert_str_eq(r->detail, "4 images, 0 in use by containers");
	ck_assert_uint_eq(r->n_items, 4);
	da_result_free(r);

	/* a container of an image that was removed counts nothing */
	dt_set(P, "engine.container_list", "[{\"Id\":\"x\",\"ImageID\":\"sha256:gone\"}]");
	r = dt_run(M, "6.1", P);
	ck_assert_str_eq(r->detail, "4 images, 0 in use by containers");
	da_result_free(r);

	dt_set(P, "engine.images", "[]");
	r = dt_run(M, "6.1", P);
	ck_assert_str_eq(r->detail, "0 images, 0 in use by containers");
	ck_assert_uint_eq(r->n_items, 0);
	da_result_free(r);
}
END_TEST

START_TEST(test_6_1_fallbacks)
{
	struct da_result *r;

	/* no image list: engine.info's counter, distinct images in use */
	dt_del(P, "engine.images");
	r = dt_run(M, "6.1", P);
	ck_assert_int_eq(r->status, DA_INFO);
	ck_assert_ptr_nonnull(strstr(r->detail, "4 images, 2 in use"));
	ck_assert_ptr_nonnull(strstr(r->detail, "image list unavailable"));
	da_result_free(r);
	dt_set(P, "engine.info.Images", "\"4\"");
	ck_assert_int_eq(dt_status(M, "6.1", P), DA_ERROR);
	dt_set(P, "engine.info.Images", "4");
	dt_del(P, "engine.container_list");
	r = dt_run(M, "6.1", P);
	ck_assert_int_eq(r->status, DA_ERROR);
	ck_assert_ptr_nonnull(strstr(r->detail, "container list unavailable"));
	da_result_free(r);
}
END_TEST

START_TEST(test_6_1_hostile)
{
	struct da_result *r;

	/* images and containers with missing or odd fields */
	dt_set(P, "engine.images",
	       "[{\"RepoTags\":[\"noid:1\"]},{\"Id\":7},{\"Id\":\"sha256:a\",\"RepoTags\":null},"
	       "{\"Id\":\"sha256:b\",\"RepoTags\":[\"\"]},{\"Id\":\"sha256:c\",\"RepoTags\":[3]},"
	       "{\"Id\":\"%s%n\",\"RepoTags\":[\"%n%s:latest\"]}]");
	dt_set(P, "engine.container_list",
	       "[{\"ImageID\":null},{\"ImageID\":\"\"},{},7,{\"ImageID\":\"sha256:c\"},"
	       "{\"ImageID\":\"sha256:c\"}]");
	r = dt_run(M, "6.1", P);
	ck_assert_int_eq(r->status, DA_INFO);
	ck_assert_str_eq(r->detail, "6 images, 1 in use by containers");
	ck_assert(dt_has_item(r, "sha256:a"));
	ck_assert(dt_has_item(r, "%s%n"));
	ck_assert(dt_has_item(r, "%n%s:latest"));
	ck_assert(!dt_has_item(r, "sha256:c"));
	ck_assert_str_eq(item_by_id(r, "sha256:b")->name, "<none>");
	da_result_free(r);
	dt_set(P, "engine.container_list", "{\"a\":1}");
	ck_assert_int_eq(dt_status(M, "6.1", P), DA_ERROR);
}
END_TEST

START_TEST(test_6_2)
{
	struct da_result *r = dt_run(M, "6.2", P);
	const struct da_item *it;

	ck_assert_int_eq(r->status, DA_INFO);
	ck_assert(!r->scored);
	ck_assert_str_eq(r->detail, "3 containers, 1 running");
	ck_assert_uint_eq(r->n_items, 2);
	it = item_by_id(r, ID_DB);
	ck_assert_ptr_nonnull(it);
	ck_assert_str_eq(it->kind, "container");
	ck_assert_str_eq(it->name, "db");
	ck_assert_str_eq(it->detail, "exited");
	ck_assert(dt_has_item(r, "job"));
	ck_assert(!dt_has_item(r, ID_WEB));
	da_result_free(r);

	dt_set(P, "engine.container_list.1.State", "\"running\"");
	r = dt_run(M, "6.2", P);
	ck_assert_str_eq(r->detail, "3 containers, 2 running");
	ck_assert_uint_eq(r->n_items, 1);
	ck_assert(dt_has_item(r, ID_JOB));
	da_result_free(r);

	/* paused and restarting containers run: audited by sections 4 and 5 too */
	dt_set(P, "engine.container_list.1.State", "\"paused\"");
	r = dt_run(M, "6.2", P);
	ck_assert_str_eq(r->detail, "3 containers, 2 running (1 paused)");
	ck_assert_uint_eq(r->n_items, 1);
	ck_assert(!dt_has_item(r, ID_DB));
	da_result_free(r);
	dt_set(P, "engine.container_list.1.State", "\"restarting\"");
	r = dt_run(M, "6.2", P);
	ck_assert_str_eq(r->detail, "3 containers, 2 running");
	ck_assert(!dt_has_item(r, ID_DB));
	da_result_free(r);
	dt_set(P, "engine.container_list.1.State", "\"dead\"");
	r = dt_run(M, "6.2", P);
	ck_assert_str_eq(r->detail, "3 containers, 1 running");
	ck_assert_str_eq(item_by_id(r, ID_DB)->detail, "dead");
	da_result_free(r);

	dt_set(P, "engine.container_list", "[]");
	r = dt_run(M, "6.2", P);
	ck_assert_str_eq(r->detail, "0 containers, 0 running");
	ck_assert_uint_eq(r->n_items, 0);
	da_result_free(r);
}
END_TEST

START_TEST(test_6_2_fallbacks)
{
	struct da_result *r;

	dt_del(P, "engine.container_list");
	dt_set(P, "engine.info.Containers", "12");
	dt_set(P, "engine.info.ContainersRunning", "5");
	r = dt_run(M, "6.2", P);
	ck_assert_int_eq(r->status, DA_INFO);
	ck_assert_str_eq(r->detail, "12 containers, 5 running");
	da_result_free(r);
	/* the daemon's counters keep paused containers apart */
	dt_set(P, "engine.info.ContainersPaused", "2");
	r = dt_run(M, "6.2", P);
	ck_assert_str_eq(r->detail, "12 containers, 7 running (2 paused)");
	da_result_free(r);
	dt_set(P, "engine.info.ContainersPaused", "\"2\"");
	ck_assert_int_eq(dt_status(M, "6.2", P), DA_ERROR);
	dt_del(P, "engine.info.ContainersPaused");
	dt_set(P, "engine.info.ContainersRunning", "true");
	ck_assert_int_eq(dt_status(M, "6.2", P), DA_ERROR);
	dt_del(P, "engine.info");
	ck_assert_int_eq(dt_status(M, "6.2", P), DA_ERROR);
}
END_TEST

START_TEST(test_6_2_hostile)
{
	struct da_result *r;

	dt_set(P, "engine.container_list",
	       "[{\"Id\":\"a\",\"Names\":[\"/\"],\"State\":\"exited\"},{\"Names\":null},7,"
	       "{\"Id\":\"b\",\"Names\":[\"/%s%n\"],\"State\":5}]");
	r = dt_run(M, "6.2", P);
	ck_assert_int_eq(r->status, DA_INFO);
	ck_assert_str_eq(r->detail, "4 containers, 0 running");
	ck_assert_uint_eq(r->n_items, 4);
	ck_assert(dt_has_item(r, "%s%n"));
	ck_assert_str_eq(item_by_id(r, "b")->detail, "state unknown");
	da_result_free(r);
}
END_TEST

START_TEST(test_odd_probes)
{
	static const char *const probes[] = {
		"{}", "{\"engine\":7}", "{\"engine\":{\"info\":[],\"images\":{},\"container_list\":\"x\"}}",
	};
	size_t i;

	for (i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
		struct da_probe *p = dt_probe_json(probes[i]);
		ck_assert_int_eq(dt_status(M, "6.1", p), DA_ERROR);
		ck_assert_int_eq(dt_status(M, "6.2", p), DA_ERROR);
		dt_probe_free(p);
	}
}
END_TEST

int main(void)
{
	const TTest *tests[] = {
		test_descriptor, test_6_1, test_6_1_usage_changes, test_6_1_fallbacks,
		test_6_1_hostile, test_6_2, test_6_2_fallbacks, test_6_2_hostile, test_odd_probes,
		NULL
	};

	return dt_main("mod_operations", dt_tcase("checks", "operations-base.json", tests));
}
