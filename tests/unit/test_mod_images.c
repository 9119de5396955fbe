/*
 * Module "images" (CIS section 4): every check's PASS and WARN (or INFO)
 * paths, the items naming the failing container or image, and the ERROR
 * paths of malformed data, on tests/fixtures/images-base.json: two
 * containers "web" (User www-data) and "db" (User 999:999), and two images,
 * registry.example.com/web:1.4 (index 0, BuildKit history) and
 * postgres:16-alpine (index 1, classic builder history), both with a
 * HEALTHCHECK and no lone update or ADD, so that every automated check
 * passes until a test changes one fact.
 */
#include "config.h"

#include "testlib.h"

#include <dockaudit/module.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const struct da_module DA_MODULE_SYMBOL_FOR(images);
#define M (&DA_MODULE_SYMBOL_FOR(images))

#define DB_ID "5c81fedcba9876543210fedcba9876543210fedcba9876543210fedcba987654"
#define PG_ID "sha256:2e1dbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
#define PG_NAME "postgres:16-alpine"
#define WEB_NAME "registry.example.com/web:1.4"

#define P dt_p

static void cset(int i, const char *path, const char *json)
{
	dt_setf(P, json, "engine.containers.%d.%s", i, path);
}

static void iset(int i, const char *path, const char *json)
{
	dt_setf(P, json, "engine.images.%d.%s", i, path);
}

static void idel(int i, const char *path)
{
	dt_delf(P, "engine.images.%d.%s", i, path);
}

static void expect(const char *id, enum da_status st, const char *want)
{
	dt_expect(M, P, id, st, want);
}

static void expect_err(const char *id, const char *want)
{
	dt_expect(M, P, id, DA_ERROR, want);
}

static bool item_with(const struct da_result *r, const char *kind, const char *id,
		      const char *name, const char *sub)
{
	return dt_find_item(r, kind, id, name, sub) != NULL;
}

/* Status st with exactly one item: container or image (kind), with id and name. */
static void expect_one(const char *check, enum da_status st, const char *kind,
		       const char *id, const char *name, const char *sub)
{
	struct da_result *r = dt_run(M, check, P);

	dt_assert_status(r, check, st);
	ck_assert_msg(r->n_items == 1, "%s: %zu items", check, r->n_items);
	ck_assert_msg(item_with(r, kind, id, name, sub), "%s: item %s/%s (%s) lacks \"%s\"",
		      check, r->items[0].kind, r->items[0].name ? r->items[0].name : "-",
		      r->items[0].detail ? r->items[0].detail : "-", sub ? sub : "");
	da_result_free(r);
}

static bool is_scored(const char *id)
{
	return dt_is_scored(M, P, id);
}

static const char *const all_ids[] = {
	"4.1", "4.2", "4.3", "4.4", "4.5", "4.6", "4.7", "4.8", "4.9", "4.10", "4.11", "4.12", NULL
};

/* --- descriptor ----------------------------------------------------------- */

START_TEST(test_descriptor)
{
	uint32_t i;
	size_t n_scored = 0;

	dt_assert_module(M, "images", "4", "Container Images and Build File", "container_images",
			 12);
	for (i = 0; i < M->n_checks; i++) {
		const struct da_check *c = &M->checks[i];
		bool automated = i == 0 || i == 4 || i == 5;

		ck_assert_str_eq(c->id, all_ids[i]);
		dt_assert_check_flags(c, !automated, automated);
		ck_assert_ptr_nonnull(c->run);
		n_scored += (c->flags & DA_CHECK_SCORED) != 0;
	}
	ck_assert_uint_eq(n_scored, 3);
	ck_assert_str_eq(M->checks[5].groups, "cis_controls_v8_ig3");
	ck_assert_ptr_null(M->checks[0].groups);
	ck_assert_int_eq(M->checks[4].level, 2);
}
END_TEST

START_TEST(test_base)
{
	size_t i;

	for (i = 0; all_ids[i]; i++) {
		const char *id = all_ids[i];
		bool automated = !strcmp(id, "4.1") || !strcmp(id, "4.5") || !strcmp(id, "4.6") ||
				 !strcmp(id, "4.7") || !strcmp(id, "4.9");
		expect(id, automated ? DA_PASS : DA_NOTE, NULL);
	}
	ck_assert(!is_scored("4.7"));
	ck_assert(!is_scored("4.9"));
	ck_assert(is_scored("4.6"));
}
END_TEST

START_TEST(test_nothing_to_audit)
{
	dt_set(P, "engine.containers", "[]");
	expect("4.1", DA_INFO, "no running containers to audit");
	dt_set(P, "engine.images", "[]");
	expect("4.6", DA_INFO, "no images to audit");
	expect("4.7", DA_INFO, "no images to audit");
	expect("4.9", DA_INFO, "no images to audit");
	expect("4.5", DA_PASS, NULL);
}
END_TEST

/* --- 4.1 ------------------------------------------------------------------- */

START_TEST(test_4_1_root)
{
	static const char *const root[] = { "\"\"", "\"0\"", "\"0:0\"", "\"root\"",
					    "\"root:root\"", "\"root:0\"", "\"0:root\"",
					    "\"00\"", "\":1000\"", "\"0:1000\"", NULL };
	size_t i;

	for (i = 0; root[i]; i++) {
		cset(1, "Config.User", root[i]);
		expect_one("4.1", DA_WARN, "container", DB_ID, "db", "running as root");
	}
	cset(1, "Config.User", "\"0:0\"");
	expect_one("4.1", DA_WARN, "container", DB_ID, "db", "\"0:0\"");
	cset(1, "Config.User", "\"\"");
	expect_one("4.1", DA_WARN, "container", DB_ID, "db", "no User set");
	dt_del(P, "engine.containers.1.Config.User");
	expect_one("4.1", DA_WARN, "container", DB_ID, "db", "no User set");
	expect("4.1", DA_WARN, "1 of 2 containers");
}
END_TEST

START_TEST(test_4_1_not_root)
{
	static const char *const users[] = { "\"1000:0\"", "\"rooter\"", "\"nobody\"",
					     "\"10\"", "\"01\"", "\"app:root\"", "\"Root\"", NULL };
	size_t i;

	for (i = 0; users[i]; i++) {
		cset(1, "Config.User", users[i]);
		expect("4.1", DA_PASS, "0 of 2");
	}
}
END_TEST

START_TEST(test_4_1_errors)
{
	cset(1, "Config.User", "0");
	expect_err("4.1", "Config.User of container db: not a string");
	cset(1, "Config", "[]");
	expect_err("4.1", "Config");
	dt_del(P, "engine.containers.1.Config");
	expect_err("4.1", "missing");
}
END_TEST

/* --- 4.5 ------------------------------------------------------------------- */

START_TEST(test_4_5)
{
	expect("4.5", DA_PASS, NULL);
	dt_set(P, "host.env.DOCKER_CONTENT_TRUST", "\"0\"");
	expect("4.5", DA_WARN, "\"0\"");
	dt_set(P, "host.env.DOCKER_CONTENT_TRUST", "\"true\"");
	expect("4.5", DA_WARN, NULL);
	dt_del(P, "host.env.DOCKER_CONTENT_TRUST");
	expect("4.5", DA_WARN, "not set");
	dt_set(P, "host.env.DOCKER_CONTENT_TRUST", "1");
	expect("4.5", DA_ERROR, "not a string");
	dt_set(P, "host.env", "\"DOCKER_CONTENT_TRUST=1\"");
	expect("4.5", DA_ERROR, "host.env");
	dt_del(P, "host.env");
	expect("4.5", DA_ERROR, "missing");
	dt_set(P, "host.available", "false");
	dt_set(P, "host.reason", "\"remote daemon\"");
	expect("4.5", DA_INFO, "remote daemon");
}
END_TEST

/* --- 4.6 ------------------------------------------------------------------- */

START_TEST(test_4_6)
{
	idel(1, "Config.Healthcheck");
	expect_one("4.6", DA_WARN, "image", PG_ID, PG_NAME, "no HEALTHCHECK");
	iset(1, "Config.Healthcheck", "null");
	expect_one("4.6", DA_WARN, "image", PG_ID, PG_NAME, "no HEALTHCHECK");
	iset(1, "Config.Healthcheck", "{\"Test\":[\"NONE\"]}");
	expect_one("4.6", DA_WARN, "image", PG_ID, PG_NAME, "HEALTHCHECK NONE");
	iset(1, "Config.Healthcheck", "{\"Test\":[]}");
	expect_one("4.6", DA_WARN, "image", PG_ID, PG_NAME, NULL);
	iset(1, "Config", "null");
	expect_one("4.6", DA_WARN, "image", PG_ID, PG_NAME, NULL);
	/* an untagged image is named <none> */
	iset(1, "RepoTags", "[]");
	expect_one("4.6", DA_WARN, "image", PG_ID, "<none>", NULL);
	iset(1, "RepoTags", "null");
	expect_one("4.6", DA_WARN, "image", PG_ID, "<none>", NULL);
	iset(1, "Config", "{\"Healthcheck\":{\"Test\":[\"CMD\",\"true\"]}}");
	expect("4.6", DA_PASS, "0 of 2 images");
}
END_TEST

START_TEST(test_4_6_errors)
{
	iset(1, "Config.Healthcheck", "\"CMD true\"");
	expect_err("4.6", "Healthcheck of image " PG_NAME);
	iset(1, "Config.Healthcheck", "{\"Test\":\"CMD true\"}");
	expect_err("4.6", "Test");
	iset(1, "Config.Healthcheck", "{\"Test\":[1]}");
	expect_err("4.6", "Test");
	iset(1, "Config", "7");
	expect_err("4.6", "Config");
	/* the other image's finding is kept */
	idel(0, "Config.Healthcheck");
	expect_err("4.6", "(and 1 of 2 images without a HEALTHCHECK)");
}
END_TEST

/* --- 4.7 ------------------------------------------------------------------- */

static void set_history(int img, const char *newest)
{
	char json[1024];

	snprintf(json, sizeof(json),
		 "[{\"Id\":\"<missing>\",\"CreatedBy\":\"%s\",\"Size\":10},"
		 "{\"Id\":\"<missing>\",\"CreatedBy\":\"/bin/sh -c #(nop)  CMD [\\\"sh\\\"]\"},"
		 "{\"Id\":\"<missing>\",\"CreatedBy\":\"/bin/sh -c #(nop) ADD file:0e1f in / \"}]",
		 newest);
	iset(img, "_history", json);
}

START_TEST(test_4_7)
{
	static const char *const alone[] = {
		"RUN /bin/sh -c apt-get update # buildkit",
		"/bin/sh -c apt-get update",
		"/bin/sh -c apt-get -y -o Acquire::Retries=3 update",
		"/bin/sh -c /usr/bin/apt-get update",
		"RUN /bin/sh -c apk update && echo done # buildkit",
		"/bin/sh -c yum makecache",
		"/bin/sh -c dnf -y update",
		"|1 V=2 /bin/sh -c set -e;  apt update",
		"/bin/sh -c zypper --non-interactive refresh",
		"RUN [\\\"apt-get\\\", \\\"update\\\"]",
		"/bin/sh -c apt-get update; echo apt-get install later",
		"/bin/sh -c apt-get update # ; apt-get install x",
		NULL
	};
	size_t i;

	for (i = 0; alone[i]; i++) {
		set_history(1, alone[i]);
		expect_one("4.7", DA_INFO, "image", PG_ID, PG_NAME, "update without install");
	}
	set_history(0, "/bin/sh -c apt-get update");
	set_history(1, "RUN /bin/sh -c apt-get update # buildkit");
	{
		struct da_result *r = dt_run(M, "4.7", P);
		ck_assert_int_eq(r->status, DA_INFO);
		ck_assert(!r->scored);
		ck_assert_uint_eq(r->n_items, 2);
		ck_assert(item_with(r, "image", NULL, WEB_NAME, "RUN apt-get update"));
		da_result_free(r);
	}
}
END_TEST

START_TEST(test_4_7_pass)
{
	static const char *const fine[] = {
		"/bin/sh -c apt-get update && apt-get install -y curl",
		"RUN /bin/sh -c apt-get update && apt-get -y upgrade # buildkit",
		"/bin/sh -c apk add --update curl",
		"/bin/sh -c yum -y update && yum -y install httpd",
		"/bin/sh -c apt-get install -y update-notifier",
		"/bin/sh -c echo update",
		"/bin/sh -c #(nop)  LABEL note=apt-get update",
		"ENV STEP=apt-get update",
		"/bin/sh -c #(nop)  CMD [\\\"apt-get\\\", \\\"update\\\"]",
		"CMD [\\\"apt-get\\\", \\\"update\\\"]",
		"/bin/sh -c apt-get update # x\\napt-get install -y y",
		"/bin/sh -c ./apt-getter update",
		"/bin/sh -c apt-get",
		"",
		NULL
	};
	size_t i;

	for (i = 0; fine[i]; i++) {
		set_history(1, fine[i]);
		expect("4.7", DA_PASS, "0 of 2 images");
	}
}
END_TEST

START_TEST(test_4_7_errors)
{
	iset(1, "_history", "\"x\"");
	expect_err("4.7", "_history of image " PG_NAME);
	idel(1, "_history");
	expect_err("4.7", "missing");
	iset(1, "_history", "[1]");
	expect_err("4.7", "_history");
	iset(1, "_history", "[{\"CreatedBy\":5}]");
	expect_err("4.7", "CreatedBy");
	/* no CreatedBy at all: nothing to judge */
	iset(1, "_history", "[{\"Id\":\"x\"}]");
	expect("4.7", DA_PASS, NULL);
}
END_TEST

/* --- 4.9 ------------------------------------------------------------------- */

START_TEST(test_4_9)
{
	set_history(1, "/bin/sh -c #(nop) ADD file:aa11 in /usr/local/bin/ ");
	expect_one("4.9", DA_INFO, "image", PG_ID, PG_NAME, "ADD file:aa11");
	set_history(1, "ADD app.tar.gz /app # buildkit");
	expect_one("4.9", DA_INFO, "image", PG_ID, PG_NAME, "ADD app.tar.gz /app");
	{
		struct da_result *r = dt_run(M, "4.9", P);
		ck_assert_str_eq(r->items[0].detail, "ADD app.tar.gz /app");
		da_result_free(r);
	}
	set_history(1, "ADD https://example.com/x /x # buildkit");
	expect_one("4.9", DA_INFO, "image", PG_ID, PG_NAME, NULL);
	ck_assert(!is_scored("4.9"));
}
END_TEST

START_TEST(test_4_9_pass)
{
	static const char *const fine[] = {
		"COPY --from=build /ADD /x # buildkit",
		"/bin/sh -c #(nop) COPY file:aa11 in /ADD ",
		"RUN /bin/sh -c echo ADD me # buildkit",
		"/bin/sh -c ADDRESS=1 make",
		"LABEL x=ADD",
		NULL
	};
	size_t i;

	for (i = 0; fine[i]; i++) {
		set_history(1, fine[i]);
		expect("4.9", DA_PASS, NULL);
	}
	/* the oldest entry is the base layer: its ADD is not reported */
	iset(1, "_history", "[{\"CreatedBy\":\"/bin/sh -c #(nop) ADD file:0e1f in / \"}]");
	expect("4.9", DA_PASS, NULL);
	iset(1, "_history", "[]");
	expect("4.9", DA_PASS, NULL);
	/* but an ADD above it is */
	iset(1, "_history", "[{\"CreatedBy\":\"ADD x /x\"},{\"CreatedBy\":\"ADD rootfs.tar /\"}]");
	expect_one("4.9", DA_INFO, "image", PG_ID, PG_NAME, "ADD x /x");
}
END_TEST

/* --- hostile data ------------------------------------------------------------ */

START_TEST(test_hostile)
{
	static const char *const garbage[] = {
		"{\"Id\":[],\"RepoTags\":{},\"Config\":\"x\",\"_history\":{}}",
		"{\"Id\":\"sha256:ff\",\"RepoTags\":[5],\"Config\":{\"Healthcheck\":[]},"
		"\"_history\":[[]]}",
		"{}",
		NULL
	};
	static const char *const checks[] = { "4.6", "4.7", "4.9", NULL };
	size_t g, i;

	for (g = 0; garbage[g]; g++) {
		dt_set(P, "engine.images.1", garbage[g]);
		for (i = 0; checks[i]; i++) {
			struct da_result *r = dt_run(M, checks[i], P);
			bool healthcheck_absent = g == 2 && i == 0;

			/* an empty image has no HEALTHCHECK: a finding, not an error */
			ck_assert_msg(r->status == (healthcheck_absent ? DA_WARN : DA_ERROR),
				      "garbage %zu, %s: got %s (%s)", g, checks[i],
				      da_status_name(r->status), r->detail ? r->detail : "");
			da_result_free(r);
		}
	}
	dt_set(P, "engine.containers.1", "{\"Name\":\"/%s%n\",\"Config\":{\"User\":[]}}");
	expect_err("4.1", "%s%n");
}
END_TEST

START_TEST(test_hostile_history)
{
	struct da_result *r;
	char *json = malloc(70000);
	size_t len = 0, i;

	/* a very long instruction with shell noise is cut in the item */
	ck_assert_ptr_nonnull(json);
	len += (size_t)snprintf(json + len, 70000 - len, "[{\"CreatedBy\":\"/bin/sh -c ");
	for (i = 0; i < 3000; i++)
		len += (size_t)snprintf(json + len, 70000 - len, "x%%s&|; ");
	snprintf(json + len, 70000 - len, "apt-get update\"},{\"CreatedBy\":\"\"}]");
	iset(1, "_history", json);
	free(json);
	r = dt_run(M, "4.7", P);
	ck_assert_int_eq(r->status, DA_INFO);
	ck_assert_uint_eq(r->n_items, 1);
	ck_assert(strlen(r->items[0].detail) < 200);
	da_result_free(r);
}
END_TEST

int main(void)
{
	const TTest *tests[] = {
		test_descriptor, test_base, test_nothing_to_audit, test_4_1_root, test_4_1_not_root,
		test_4_1_errors, test_4_5, test_4_6, test_4_6_errors, test_4_7, test_4_7_pass,
		test_4_7_errors, test_4_9, test_4_9_pass, test_hostile, test_hostile_history, NULL
	};

	return dt_main("mod_images", dt_tcase("checks", "images-base.json", tests));
}
