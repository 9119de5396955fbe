/*
 * Bounded memory after the engine: caps on a result's detail and items
 * (UTF-8 safe), the byte budgets of a module's and the report's results
 * (in-process and isolated), formatters that write as results come,
 * member access by index in linear total time, and snapshots weighed
 * before parsing, with allocation failure reported as such.
 */
#include "config.h"

#include "format.h"
#include "hosttable.h"
#include "probe.h"
#include "report.h"
#include "runner.h"
#include "snapshot.h"
#include "testlib.h"
#include "util.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define DT_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define DT_ASAN 1
#endif
#endif

/* True when s is valid UTF-8 (no cut sequence at its end). */
static bool valid_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		int n = *p < 0x80 ? 0 : (*p & 0xE0) == 0xC0 ? 1 : (*p & 0xF0) == 0xE0 ? 2 :
			(*p & 0xF8) == 0xF0 ? 3 : -1;
		if (n < 0)
			return false;
		p++;
		while (n-- > 0) {
			if ((*p & 0xC0) != 0x80)
				return false;
			p++;
		}
	}
	return true;
}

static char *repeat(const char *unit, size_t times)
{
	size_t u = strlen(unit), i;
	char *s = da_xmalloc(u * times + 1);

	for (i = 0; i < times; i++)
		memcpy(s + i * u, unit, u);
	s[u * times] = '\0';
	return s;
}

/* --- caps of one result -------------------------------------------------- */

START_TEST(truncate_keeps_utf8)
{
	static const char *const units[] = { "a", "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x90\xb3" };
	size_t u, max;

	for (u = 0; u < 4; u++)
		for (max = 40; max < 48; max++) {
			char *s = repeat(units[u], 100), *t = da_truncate(s, strlen(s), max);
			char want[64];
			const char *suffix = strstr(t, " (truncated ");
			size_t kept;

			ck_assert_uint_le(strlen(t), max);
			ck_assert_ptr_nonnull(suffix);
			kept = (size_t)(suffix - t);
			ck_assert(valid_utf8(t));
			ck_assert_uint_eq(kept % strlen(units[u]), 0);
			ck_assert_int_eq(memcmp(s, t, kept), 0);
			snprintf(want, sizeof(want), " (truncated %zu bytes)", strlen(s) - kept);
			ck_assert_str_eq(suffix, want);
			free(t);
			free(s);
		}
	/* what fits is kept whole */
	{
		char *t = da_truncate("short", 5, 5);
		ck_assert_str_eq(t, "short");
		free(t);
	}
}
END_TEST

START_TEST(result_caps)
{
	struct da_checkdef def = { .id = "9.9", .title = "t", .flags = DA_CHECK_SCORED };
	struct da_result *res = da_result_new(&def, 0);
	char *name = repeat("n", 7u << 20), *detail = repeat("d", 1u << 20);
	size_t i;

	da_result_set(res, DA_WARN, detail);
	ck_assert_uint_le(strlen(res->detail), DA_DETAIL_MAX);
	ck_assert_ptr_nonnull(strstr(res->detail, " (truncated "));
	da_result_add_item(res, "container", "abc", name, detail);
	ck_assert_uint_le(strlen(res->items[0].name), DA_ITEM_FIELD_MAX);
	ck_assert_uint_le(strlen(res->items[0].detail), DA_ITEM_FIELD_MAX);
	ck_assert_ptr_nonnull(strstr(res->items[0].name, " (truncated "));
	ck_assert_str_eq(res->items[0].id, "abc");
	for (i = 1; i < DA_ITEMS_MAX + 500; i++)
		da_result_add_item(res, "container", "x", "y", NULL);
	ck_assert_uint_eq(res->n_items, DA_ITEMS_MAX);
	ck_assert_uint_eq(res->total_items, DA_ITEMS_MAX + 500);
	da_result_free(res);
	free(name);
	free(detail);
}
END_TEST

START_TEST(budget_rules)
{
	struct da_checkdef def = { .id = "9.9", .title = "t", .flags = DA_CHECK_SCORED };
	struct da_budget report = { .max = 3 * 4096 };
	struct da_budget mod = { .max = 2 * 4096, .up = &report, .module = "m1" };
	struct da_budget mod2 = { .max = 2 * 4096, .up = &report, .module = "m2" };
	struct da_result *a = da_result_new(&def, 0), *b = da_result_new(&def, 0);
	struct da_result *c = da_result_new(&def, 0), *d = da_result_new(&def, 0);
	char *big = repeat("x", 3000);
	int i;

	a->budget = b->budget = &mod;
	c->budget = d->budget = &mod2;
	da_result_set(a, DA_WARN, "first");
	da_result_add_item(a, "container", NULL, big, NULL);
	ck_assert(!da_result_close(a));
	ck_assert_int_eq(a->status, DA_WARN);
	for (i = 0; i < 3; i++)
		da_result_add_item(b, "container", NULL, big, NULL);
	ck_assert(da_result_close(b));
	ck_assert_int_eq(b->status, DA_ERROR);
	ck_assert_str_eq(b->detail, "results of module m1 exceed 0 MiB");
	ck_assert(!b->scored);
	ck_assert_uint_le(mod.used, mod.max);
	/* the other module has its own budget, within the report's */
	da_result_add_item(c, "container", NULL, big, NULL);
	ck_assert(!da_result_close(c));
	da_result_add_item(d, "container", NULL, big, NULL);
	da_result_add_item(d, "container", NULL, big, NULL);
	ck_assert(da_result_close(d));
	ck_assert_str_eq(d->detail, "results of the report exceed 0 MiB");
	ck_assert_uint_le(report.used, report.max);
	da_result_free(a);
	da_result_free(b);
	da_result_free(c);
	da_result_free(d);
	free(big);
}
END_TEST

/* --- a module that writes 40 checks of 5,000 items of 1 KiB --------------- */

static int runs;

static void run_big(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	char *name = repeat("N", 1000);
	int i;

	(void)p;
	runs++;
	h->set(res, DA_WARN, "%s", name);
	for (i = 0; i < 5000; i++)
		h->item(res, "container", NULL, name, NULL);
	free(name);
}

static const struct da_check big_check = { .id = "9.1", .title = "big",
					   .flags = DA_CHECK_SCORED, .run = run_big };
static struct da_section big_section = { .id = (char *)"9", .title = (char *)"Big",
					 .module = (char *)"bigmod",
					 .module_version = (char *)"1" };

static void check_big_report(const struct da_report *r)
{
	const struct da_report_section *sec = &r->sections[0];
	size_t i, bytes = 0, over = 0;

	ck_assert_uint_eq(r->n_sections, 1);
	ck_assert_uint_eq(sec->n_results, 40);
	for (i = 0; i < sec->n_results; i++) {
		const struct da_result *res = sec->results[i];
		size_t j;
		if (res->status == DA_ERROR) {
			ck_assert_str_eq(res->detail, "results of module bigmod exceed 16 MiB");
			over++;
		} else {
			ck_assert_int_eq(res->status, DA_WARN);
			ck_assert_uint_eq(over, 0); /* every check after the first over is over */
		}
		for (j = 0; j < res->n_items; j++)
			bytes += strlen(res->items[j].name);
	}
	/* 40 x 5 MB written, at most the budget kept */
	ck_assert_uint_le(bytes, DA_MODULE_RESULTS_MAX);
	ck_assert_uint_ge(over, 30);
}

static void big_catalog(struct da_catalog *cat, bool *sel)
{
	size_t i;

	cat->n_defs = 40;
	cat->defs = da_xcalloc(40, sizeof(*cat->defs));
	for (i = 0; i < 40; i++) {
		cat->defs[i].check = &big_check;
		cat->defs[i].section = &big_section;
		cat->defs[i].id = "9.1";
		cat->defs[i].title = "big";
		cat->defs[i].flags = DA_CHECK_SCORED;
		sel[i] = true;
	}
}

START_TEST(module_budget_in_process)
{
	struct da_probe *p = dt_probe_json("{\"probe_version\":1,\"engine\":{}}");
	struct da_catalog cat;
	struct da_report r;
	bool sel[40];

	memset(&r, 0, sizeof(r));
	big_catalog(&cat, sel);
	runs = 0;
	da_runner_run(&r, &cat, sel, p, 0);
	check_big_report(&r);
	/* the checks after the budget was spent did not run */
	ck_assert_int_lt(runs, 10);
	da_report_release(&r);
	free(cat.defs);
	dt_probe_free(p);
}
END_TEST

START_TEST(module_budget_isolated)
{
	struct da_probe *p = dt_probe_json("{\"probe_version\":1,\"engine\":{}}");
	struct da_catalog cat;
	struct da_report r;
	bool sel[40];

	memset(&r, 0, sizeof(r));
	big_catalog(&cat, sel);
	da_runner_run_isolated(&r, &cat, sel, p, 0, 60000);
	check_big_report(&r);
	da_report_release(&r);
	free(cat.defs);
	dt_probe_free(p);
}
END_TEST

/* --- formatters write as results come ------------------------------------- */

START_TEST(formats_stream)
{
	static const char *const names[] = { "json", "dbs-json", "junit" };
	static const char *const marks[] = { "\"status\": \"WARN\"", "\"result\": \"WARN\"",
					     "<failure" };
	struct da_checkdef def = { .id = "9.1", .title = "t", .flags = DA_CHECK_SCORED };
	struct da_section s = { .id = (char *)"9", .title = (char *)"S", .module = (char *)"m",
				.module_version = (char *)"1" };
	struct da_result *res = da_result_new(&def, 0);
	struct da_report_section sec = { .section = &s, .results = &res, .n_results = 1 };
	struct da_report r;
	size_t i;

	def.section = &s;
	da_result_set(res, DA_WARN, "bad");
	memset(&r, 0, sizeof(r));
	r.sections = &sec;
	r.n_sections = 1;
	da_report_finish(&r);
	for (i = 0; i < 3; i++) {
		struct da_output out = { 0 };
		char *text = NULL;
		size_t len = 0;
		FILE *fp = open_memstream(&text, &len);

		out.fmt = da_formatter_find(names[i]);
		out.fp = fp;
		ck_assert_int_eq(out.fmt->begin(&out, &r), 0);
		ck_assert_int_eq(out.fmt->result(&out, &r, &sec, res), 0);
		fflush(fp);
		/* the result is out before the end of the document */
		ck_assert_msg(text && strstr(text, marks[i]), "%s held its result back", names[i]);
		ck_assert_int_eq(out.fmt->end(&out, &r), 0);
		fclose(fp);
		free(text);
	}
	da_result_free(res);
}
END_TEST

/* --- member access by index ------------------------------------------------ */

START_TEST(members_by_index_linear)
{
	struct json_object *o = json_object_new_object();
	const struct da_node *n = (const struct da_node *)o;
	size_t i, before, count = 100000;
	char key[32];

	for (i = 0; i < count; i++) {
		snprintf(key, sizeof(key), "k%zu", i);
		json_object_object_add(o, key, json_object_new_int64((int64_t)i));
	}
	before = da_probe_walk_steps;
	ck_assert_uint_eq(da_host_table.len(n), count);
	for (i = 0; i < count; i++) {
		int64_t v = -1;
		snprintf(key, sizeof(key), "k%zu", i);
		ck_assert_str_eq(da_host_table.key_at(n, i), key);
		ck_assert(da_host_table.int64(da_host_table.at(n, i), NULL, &v));
		ck_assert_int_eq(v, (int64_t)i);
	}
	ck_assert_ptr_null(da_host_table.at(n, count));
	ck_assert_ptr_null(da_host_table.key_at(n, count));
	/* one walk over the members, not one per index */
	ck_assert_uint_le(da_probe_walk_steps - before, count);
	/* a member added afterwards is seen */
	json_object_object_add(o, "last", json_object_new_int(1));
	ck_assert_str_eq(da_host_table.key_at(n, count), "last");
	json_object_object_del(o, "k0");
	ck_assert_str_eq(da_host_table.key_at(n, 0), "k1");
	da_host_index_reset();
	json_object_put(o);
}
END_TEST

/* --- snapshots ------------------------------------------------------------- */

/* A snapshot whose engine.info holds n empty objects: "[{},{},...]". */
static char *empties_snapshot(size_t n, size_t *len)
{
	struct da_buf b = { 0 };
	size_t i;

	da_buf_adds(&b, "{\"probe_version\":1,\"engine\":{\"info\":{\"Junk\":[");
	for (i = 0; i < n; i++)
		da_buf_adds(&b, i ? ",{}" : "{}");
	da_buf_adds(&b, "]}}}");
	*len = b.len;
	return da_buf_steal(&b);
}

#ifndef DT_ASAN
/* Limits the address space to what is in use plus extra bytes. */
static bool limit_memory(size_t extra)
{
	struct rlimit rl;
	unsigned long pages = 0;
	FILE *fp = fopen("/proc/self/statm", "r");

	if (!fp)
		return false;
	if (fscanf(fp, "%lu", &pages) != 1)
		pages = 0;
	fclose(fp);
	if (!pages)
		return false;
	rl.rlim_cur = rl.rlim_max = (rlim_t)pages * (rlim_t)sysconf(_SC_PAGESIZE) + extra;
	return setrlimit(RLIMIT_AS, &rl) == 0;
}
#endif

START_TEST(snapshot_weighed)
{
	struct da_probe p;
	char err[256] = "";
	size_t len;
	/* 20 MB of "{}," weighs about 6 GiB once parsed */
	char *doc = empties_snapshot(7000000, &len);

#ifndef DT_ASAN
	/* the old loader parsed it all: keep this process from trying (not
	   under valgrind, which needs the address space for itself) */
	if (!getenv("DA_VALGRIND"))
		ck_assert(limit_memory((size_t)1 << 30));
#endif
	da_probe_init(&p);
	ck_assert_int_eq(da_probe_load_snapshot_mem(&p, doc, len, err, sizeof(err)),
			 DA_ERR_PARSE);
	ck_assert_msg(strstr(err, "snapshot too large to parse: about ") &&
		      strstr(err, "MiB once parsed, more than 4096 MiB"), "%s", err);
	da_probe_release(&p);
	free(doc);
}
END_TEST

START_TEST(snapshot_out_of_memory)
{
#ifdef DT_ASAN
	return; /* the sanitizer's shadow memory needs the address space */
#else
	struct da_probe p;
	char err[256] = "";
	size_t len;
	/* 3 MB, within the budget, about 900 MB once parsed */
	char *doc;
	int rc;

	if (getenv("DA_VALGRIND"))
		return; /* valgrind needs the address space: the plain run covers it */
	doc = empties_snapshot(1000000, &len);
	da_probe_init(&p);
	ck_assert(limit_memory((size_t)200 << 20));
	rc = da_probe_load_snapshot_mem(&p, doc, len, err, sizeof(err));
	ck_assert_int_eq(rc, DA_ERR_NOMEM);
	ck_assert_msg(strstr(err, "out of memory") && !strstr(err, "success"), "%s", err);
	da_probe_release(&p);
	free(doc);
#endif
}
END_TEST

static Suite *bounds_suite(void)
{
	Suite *s = suite_create("bounds");
	TCase *tc = tcase_create("bounds");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, truncate_keeps_utf8);
	tcase_add_test(tc, result_caps);
	tcase_add_test(tc, budget_rules);
	tcase_add_test(tc, module_budget_in_process);
	tcase_add_test(tc, module_budget_isolated);
	tcase_add_test(tc, formats_stream);
	tcase_add_test(tc, members_by_index_linear);
	tcase_add_test(tc, snapshot_weighed);
	tcase_add_test(tc, snapshot_out_of_memory);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(bounds_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
