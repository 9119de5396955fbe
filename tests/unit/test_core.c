/*
 * Core suites: module ABI layout, loader refusals, selection, running and
 * scoring, target filters, snapshots, atomic output files.
 */
#include "config.h"

#include "escape.h"
#include "hostroot.h"
#include "jsonutil.h"
#include "hosttable.h"
#include "loader.h"
#include "probe.h"
#include "report.h"
#include "runner.h"
#include "select.h"
#include "snapshot.h"
#include "testlib.h"
#include "util.h"

#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *mod_path(const char *name)
{
	const char *b = getenv("DA_BUILDDIR");

	return da_xasprintf("%s/tests/.libs/mod_%s.so", b ? b : ".", name);
}

/*
 * A fresh folder below the build tree: the loader refuses modules below a
 * folder others may write (/tmp), and the build tree is not one.
 */
static void scratch_dir(char *dir, size_t len)
{
	const char *b = getenv("DA_BUILDDIR");

	snprintf(dir, len, "%s/tests/da-test-XXXXXX", b ? b : ".");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_int_eq(chmod(dir, 0755), 0);
}

/* --- ABI layout: change these only together with a version bump --------- */

/*
 * The 1.0 layout, whatever the current minor: a later minor only appends,
 * so every 1.0 member keeps its offset, and the frozen 1.0 sizes never
 * change.  At minor 0 the structures are exactly the 1.0 sizes.
 */
START_TEST(abi_layout_1_0)
{
	ck_assert_int_eq(DA_ABI_MAJOR, 1);
	ck_assert_int_ge(DA_ABI_MINOR, 0);
	ck_assert_uint_eq(sizeof(void *), 8);
	ck_assert_uint_eq(DA_MODULE_SIZE_1_0, 120);
	ck_assert_uint_eq(DA_CHECK_SIZE_1_0, 64);
	ck_assert_uint_eq(DA_VARIANT_SIZE_1_0, 40);
	ck_assert_uint_eq(DA_HOST_SIZE_1_0, 15 * sizeof(void *));
	ck_assert_int_eq(DA_PROBE_VERSION, 1);
	ck_assert_uint_ge(sizeof(struct da_module), DA_MODULE_SIZE_1_0);
	ck_assert_uint_ge(sizeof(struct da_check), DA_CHECK_SIZE_1_0);
	ck_assert_uint_ge(sizeof(struct da_variant), DA_VARIANT_SIZE_1_0);
	ck_assert_uint_ge(sizeof(struct da_host), DA_HOST_SIZE_1_0);
	if (DA_ABI_MINOR == 0) {
		ck_assert_uint_eq(sizeof(struct da_module), DA_MODULE_SIZE_1_0);
		ck_assert_uint_eq(sizeof(struct da_check), DA_CHECK_SIZE_1_0);
		ck_assert_uint_eq(sizeof(struct da_variant), DA_VARIANT_SIZE_1_0);
		ck_assert_uint_eq(sizeof(struct da_host), DA_HOST_SIZE_1_0);
	}
	ck_assert_uint_eq(offsetof(struct da_module, magic), 0);
	ck_assert_uint_eq(offsetof(struct da_module, abi_major), 4);
	ck_assert_uint_eq(offsetof(struct da_module, abi_minor), 6);
	ck_assert_uint_eq(offsetof(struct da_module, size), 8);
	ck_assert_uint_eq(offsetof(struct da_module, check_size), 12);
	ck_assert_uint_eq(offsetof(struct da_module, name), 16);
	ck_assert_uint_eq(offsetof(struct da_module, version), 24);
	ck_assert_uint_eq(offsetof(struct da_module, section), 32);
	ck_assert_uint_eq(offsetof(struct da_module, section_title), 40);
	ck_assert_uint_eq(offsetof(struct da_module, group), 48);
	ck_assert_uint_eq(offsetof(struct da_module, checks), 56);
	ck_assert_uint_eq(offsetof(struct da_module, n_checks), 64);
	ck_assert_uint_eq(offsetof(struct da_module, variant_size), 68);
	ck_assert_uint_eq(offsetof(struct da_module, reserved), 72);
	ck_assert_uint_eq(offsetof(struct da_check, id), 0);
	ck_assert_uint_eq(offsetof(struct da_check, title), 8);
	ck_assert_uint_eq(offsetof(struct da_check, flags), 16);
	ck_assert_uint_eq(offsetof(struct da_check, level), 20);
	ck_assert_uint_eq(offsetof(struct da_check, groups), 24);
	ck_assert_uint_eq(offsetof(struct da_check, remediation), 32);
	ck_assert_uint_eq(offsetof(struct da_check, impact), 40);
	ck_assert_uint_eq(offsetof(struct da_check, run), 48);
	ck_assert_uint_eq(offsetof(struct da_check, variants), 56);
	ck_assert_uint_eq(offsetof(struct da_variant, benchmark), 0);
	ck_assert_uint_eq(offsetof(struct da_variant, id), 8);
	ck_assert_uint_eq(offsetof(struct da_variant, title), 16);
	ck_assert_uint_eq(offsetof(struct da_variant, flags), 24);
	ck_assert_uint_eq(offsetof(struct da_variant, flags_mask), 28);
	ck_assert_uint_eq(offsetof(struct da_variant, level), 32);
	/* the host table: size and 14 entries of 1.0, appended only */
	ck_assert_uint_eq(offsetof(struct da_host, size), 0);
	ck_assert_uint_eq(offsetof(struct da_host, probe_root), 8);
	ck_assert_uint_eq(offsetof(struct da_host, get), 16);
	ck_assert_uint_eq(offsetof(struct da_host, member), 24);
	ck_assert_uint_eq(offsetof(struct da_host, type), 32);
	ck_assert_uint_eq(offsetof(struct da_host, str), 40);
	ck_assert_uint_eq(offsetof(struct da_host, int64), 48);
	ck_assert_uint_eq(offsetof(struct da_host, boolean), 56);
	ck_assert_uint_eq(offsetof(struct da_host, len), 64);
	ck_assert_uint_eq(offsetof(struct da_host, at), 72);
	ck_assert_uint_eq(offsetof(struct da_host, key_at), 80);
	ck_assert_uint_eq(offsetof(struct da_host, option), 88);
	ck_assert_uint_eq(offsetof(struct da_host, set), 96);
	ck_assert_uint_eq(offsetof(struct da_host, item), 104);
	ck_assert_uint_eq(offsetof(struct da_host, scored), 112);
	ck_assert_uint_eq(da_host_table.size, sizeof(struct da_host));
}
END_TEST

/* DA_HOST_HAS: true for every 1.0 entry of the host's table, false past its size. */
START_TEST(abi_host_has)
{
	struct da_host small;

	ck_assert(DA_HOST_HAS(&da_host_table, probe_root));
	ck_assert(DA_HOST_HAS(&da_host_table, scored));
	memset(&small, 0, sizeof(small));
	small.size = offsetof(struct da_host, set); /* a host without the result entries */
	ck_assert(DA_HOST_HAS(&small, option));
	ck_assert(!DA_HOST_HAS(&small, set));
	ck_assert(!DA_HOST_HAS(&small, scored));
	small.size = DA_HOST_SIZE_1_0;
	ck_assert(DA_HOST_HAS(&small, scored));
}
END_TEST

/* --- loader -------------------------------------------------------------- */

static struct da_loader L;

static void loader_setup(void)
{
	ck_assert_int_eq(da_loader_init(&L), 0);
	L.quiet = true;
}

static void loader_teardown(void)
{
	da_loader_release(&L);
}

static void expect_refused(const char *variant, const char *reason)
{
	char *p = mod_path(variant);
	size_t before = L.n_refusals;

	ck_assert_int_eq(da_loader_load_file(&L, p), DA_ERR_REFUSED);
	ck_assert_uint_eq(L.n_refusals, before + 1);
	ck_assert_msg(strstr(L.refusals[before], reason) != NULL,
		      "refusal '%s' does not say '%s'", L.refusals[before], reason);
	ck_assert_ptr_null(strchr(L.refusals[before], '\n'));
	free(p);
}

START_TEST(loader_good_module)
{
	char *p = mod_path("good");

	ck_assert_int_eq(da_loader_load_file(&L, p), 0);
	ck_assert_uint_eq(L.n_mods, 1);
	ck_assert_str_eq(L.mods[0].desc->name, "testmod");
	ck_assert_str_eq(L.mods[0].section.id, "8");
	ck_assert_str_eq(L.mods[0].section.group, "test_section");
	ck_assert_uint_eq(L.n_refusals, 0);
	free(p);
}
END_TEST

START_TEST(loader_refusals)
{
	char *p = mod_path("good");

	ck_assert_int_eq(da_loader_load_file(&L, p), 0);
	free(p);
	expect_refused("badmagic", "wrong magic");
	expect_refused("newminor", "newer than this dockaudit");
	expect_refused("oldmajor", "built for module ABI 2.0");
	expect_refused("noname", "invalid name");
	expect_refused("dupcheck", "duplicate check id 8.2");
	expect_refused("norun", "check 8.3 has no run function");
	expect_refused("clash", "duplicate check id 8.0 (module testmod has it)");
	/* the same module again, from the same folder: a duplicate */
	expect_refused("good", "duplicate module name testmod");
	ck_assert_uint_eq(L.n_mods, 1);
}
END_TEST

START_TEST(loader_not_a_module)
{
	char dir[4096];
	char *f;
	FILE *fp;

	scratch_dir(dir, sizeof(dir));
	f = da_xasprintf("%s/junk.so", dir);
	fp = fopen(f, "w");
	fputs("not an ELF file\n", fp);
	fclose(fp);
	ck_assert_int_eq(da_loader_load_dir(&L, dir), 0);
	ck_assert_uint_eq(L.n_refusals, 1);
	ck_assert_ptr_nonnull(strstr(L.refusals[0], "not a shared object"));
	unlink(f);
	rmdir(dir);
	free(f);
}
END_TEST

static void copy_file(const char *from, const char *to)
{
	char *data;
	FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
	size_t n;
	char buf[8192];

	ck_assert_ptr_nonnull(in);
	ck_assert_ptr_nonnull(out);
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		ck_assert_uint_eq(fwrite(buf, 1, n, out), n);
	fclose(in);
	fclose(out);
	(void)data;
}

START_TEST(loader_writable_by_others)
{
	char dir[4096];
	char *src = mod_path("good"), *dst;

	scratch_dir(dir, sizeof(dir));
	dst = da_xasprintf("%s/good.so", dir);
	copy_file(src, dst);
	ck_assert_int_eq(chmod(dst, 0666), 0);
	ck_assert_int_eq(da_loader_load_file(&L, dst), DA_ERR_REFUSED);
	ck_assert_ptr_nonnull(strstr(L.refusals[0], "writable by others"));
	ck_assert_int_eq(chmod(dst, 0644), 0);
	ck_assert_int_eq(chmod(dir, 0777), 0);
	ck_assert_int_eq(da_loader_load_file(&L, dst), DA_ERR_REFUSED);
	ck_assert_ptr_nonnull(strstr(L.refusals[1], "folder"));
	ck_assert_int_eq(chmod(dir, 0755), 0);
	ck_assert_int_eq(da_loader_load_file(&L, dst), 0);
	ck_assert_uint_eq(L.n_mods, 1);
	unlink(dst);
	rmdir(dir);
	free(src);
	free(dst);
}
END_TEST

START_TEST(loader_shadowed_copy)
{
	char dir[4096];
	char *src = mod_path("good"), *dst;

	scratch_dir(dir, sizeof(dir));
	dst = da_xasprintf("%s/good.so", dir);
	copy_file(src, dst);
	ck_assert_int_eq(da_loader_load_file(&L, src), 0);
	/* a same-named module from a later folder is shadowed, not refused */
	ck_assert_int_eq(da_loader_load_dir(&L, dir), 0);
	ck_assert_uint_eq(L.n_mods, 1);
	ck_assert_uint_eq(L.n_refusals, 0);
	ck_assert_int_eq(da_loader_load_dir(&L, "/nonexistent-da-dir"), DA_ERR_NOTFOUND);
	unlink(dst);
	rmdir(dir);
	free(src);
	free(dst);
}
END_TEST

/* --- selection and running ---------------------------------------------- */

static struct da_catalog C;
static bool sel[16];

static void cat_setup(void)
{
	char *a = mod_path("other"), *b = mod_path("good");

	loader_setup();
	ck_assert_int_eq(da_loader_load_file(&L, a), 0);
	ck_assert_int_eq(da_loader_load_file(&L, b), 0);
	free(a);
	free(b);
	da_catalog_build(&C, &L, "cis-1.6.0");
	ck_assert_uint_eq(C.n_defs, 5);
	/* modules are ordered by section: 8 before 9 */
	ck_assert_str_eq(C.defs[0].id, "8.0");
	ck_assert_str_eq(C.defs[4].id, "9.1");
}

static void cat_teardown(void)
{
	da_catalog_release(&C);
	loader_teardown();
}

/* The selected ids, space separated. */
static const char *picked(const char *inc, const char *exc)
{
	static char out[256];
	char err[256];
	size_t i;

	out[0] = '\0';
	ck_assert_msg(da_select(&C, inc, exc, sel, err, sizeof(err)) == 0, "%s", err);
	for (i = 0; i < C.n_defs; i++)
		if (sel[i]) {
			if (out[0])
				strcat(out, " ");
			strcat(out, C.defs[i].id);
		}
	return out;
}

START_TEST(select_forms)
{
	ck_assert_str_eq(picked(NULL, NULL), "8.0 8.1 8.2 8.3 9.1");
	ck_assert_str_eq(picked("8", NULL), "8.0 8.1 8.2 8.3");
	ck_assert_str_eq(picked("8.2", NULL), "8.0 8.2");
	ck_assert_str_eq(picked("check_8_2", NULL), "8.0 8.2");
	ck_assert_str_eq(picked("check_9", NULL), "9.1");
	ck_assert_str_eq(picked("8.*", NULL), "8.0 8.1 8.2 8.3");
	ck_assert_str_eq(picked("testgroup", NULL), "8.0 8.1");
	ck_assert_str_eq(picked("test_section", NULL), "8.0 8.1 8.2 8.3");
	ck_assert_str_eq(picked("cis", NULL), "8.0 8.1 8.2 8.3 9.1");
	ck_assert_str_eq(picked("cis_level1", NULL), "8.0 8.1 9.1");
	ck_assert_str_eq(picked("test_section_level2", NULL), "8.0 8.2");
	ck_assert_str_eq(picked("8.1,9.1", NULL), "8.0 8.1 9.1");
}
END_TEST

START_TEST(select_nesting)
{
	/* -e wins at any depth: a group in -c does not bring back an excluded id */
	ck_assert_str_eq(picked("cis", "8.2"), "8.0 8.1 8.3 9.1");
	ck_assert_str_eq(picked("all", "test_section"), "9.1");
	ck_assert_str_eq(picked(NULL, "check_8_1,9"), "8.0 8.2 8.3");
	ck_assert_str_eq(picked("8", "8.*"), "");
	/* docker-bench groups this build has no module for are not errors */
	ck_assert_str_eq(picked("all,community", NULL), "8.0 8.1 8.2 8.3 9.1");
}
END_TEST

START_TEST(select_unknown)
{
	char err[256];

	ck_assert_int_eq(da_select(&C, "8.1,nosuch", NULL, sel, err, sizeof(err)), DA_ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(err, "'nosuch'"));
	ck_assert_int_eq(da_select(&C, NULL, "7.7", sel, err, sizeof(err)), DA_ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(err, "-e"));
}
END_TEST

START_TEST(run_and_score)
{
	struct da_probe *p = dt_probe_json("{\"probe_version\":1,\"engine\":{\"version\":"
					   "{\"Version\":\"20.10.24\"}}}");
	struct da_report r;
	const struct da_result *w;

	memset(&r, 0, sizeof(r));
	picked(NULL, NULL);
	da_runner_run(&r, &C, sel, p, 0);
	ck_assert_uint_eq(r.n_sections, 2);
	ck_assert_uint_eq(r.sections[0].n_results, 4); /* header + 3 */
	ck_assert(da_result_is_header(r.sections[0].results[0]));
	ck_assert_int_eq(r.sections[0].results[1]->status, DA_PASS);
	w = r.sections[0].results[2];
	ck_assert_int_eq(w->status, DA_WARN);
	ck_assert_str_eq(w->detail, "version 20.10.24");
	ck_assert_uint_eq(w->n_items, 1);
	ck_assert_str_eq(w->items[0].name, "web<1>");
	ck_assert_str_eq(w->items[0].detail, "detail 7");
	/* a check that reports nothing is an ERROR, never a silent PASS */
	ck_assert_int_eq(r.sections[0].results[3]->status, DA_ERROR);
	ck_assert_str_eq(r.sections[0].results[3]->detail, "check reported no status");
	ck_assert_int_eq(r.checks, 4);
	ck_assert_int_eq(r.score, 1); /* +1 (8.1) -1 (8.2) +1 (9.1) */
	ck_assert_int_eq(r.count[DA_PASS], 2);
	ck_assert_int_eq(r.count[DA_WARN], 1);
	ck_assert_int_eq(r.count[DA_ERROR], 1);
	da_report_release(&r);
	dt_probe_free(p);
}
END_TEST

START_TEST(item_limit)
{
	struct da_checkdef def = { .id = "x", .title = "x", .flags = DA_CHECK_SCORED };
	struct da_result *res = da_result_new(&def, 2);
	int i;

	for (i = 0; i < 5; i++)
		da_result_add_item(res, "container", NULL, "c", NULL);
	ck_assert_uint_eq(res->n_items, 2);
	ck_assert_uint_eq(res->total_items, 5);
	ck_assert(res->scored);
	da_result_set(res, (enum da_status)42, "bogus");
	ck_assert_int_eq(res->status, DA_ERROR);
	ck_assert(res->invalid);
	da_result_free(res);
}
END_TEST

/* --- isolation ------------------------------------------------------------ */

/* Runs the variant's checks isolated, plus the good "other" module beside it. */
static struct da_loader IL;

static void iso_teardown(void)
{
	da_loader_release(&IL);
}

/* The variant's checks isolated beside "other"; no assertion on results. */
static struct da_report isolated_any(const char *variant, long timeout_ms)
{
	struct da_probe *p = dt_probe_json("{\"probe_version\":1,\"engine\":{}}");
	struct da_loader *lp = &IL;
#define l (*lp)
	struct da_catalog cat;
	struct da_report r;
	bool all[8] = { true, true, true, true, true, true, true, true };
	char *a = mod_path(variant), *b = mod_path("other");

	ck_assert_int_eq(da_loader_init(&l), 0);
	l.quiet = true;
	ck_assert_int_eq(da_loader_load_file(&l, a), 0);
	ck_assert_int_eq(da_loader_load_file(&l, b), 0);
	da_catalog_build(&cat, &l, "cis-1.6.0");
	ck_assert_uint_le(cat.n_defs, 8);
	memset(&r, 0, sizeof(r));
	da_runner_run_isolated(&r, &cat, all, p, 0, timeout_ms);
	/* the results own copies; the loader may go */
	ck_assert_uint_eq(r.n_sections, 2);
	ck_assert_uint_ge(r.sections[0].n_results, 4);
	ck_assert_uint_ge(r.sections[1].n_results, 1);
	da_catalog_release(&cat);
	/* the modules stay loaded until teardown: results point at their rows */
#undef l
	free(a);
	free(b);
	dt_probe_free(p);
	return r;
}

static struct da_report isolated(const char *variant, long timeout_ms)
{
	struct da_report r = isolated_any(variant, timeout_ms);

	ck_assert_int_eq(r.sections[1].results[0]->status, DA_PASS); /* 9.1 goes on */
	ck_assert_int_eq(r.sections[0].results[1]->status, DA_PASS); /* 8.1 before the fault */
	return r;
}

START_TEST(isolation_good)
{
	struct da_report r = isolated("good", 10000);

	ck_assert_int_eq(r.sections[0].results[2]->status, DA_WARN);
	ck_assert_str_eq(r.sections[0].results[2]->items[0].name, "web<1>");
	ck_assert_int_eq(r.sections[0].results[3]->status, DA_ERROR);
	ck_assert_int_eq(r.score, 1);
	da_report_release(&r);
}
END_TEST

START_TEST(isolation_crash)
{
	struct da_report r = isolated("crash", 10000);
	const struct da_result *res = r.sections[0].results[2];

	ck_assert_int_eq(res->status, DA_ERROR);
	ck_assert_msg(strstr(res->detail, "crashed: signal 11") != NULL, "%s", res->detail);
	ck_assert(!res->scored);
	ck_assert_int_eq(r.sections[0].results[3]->status, DA_ERROR);
	da_report_release(&r);
}
END_TEST

/*
 * The hang module's 8.2 never returns: after the timeout it is an ERROR
 * naming the timeout, and the checks that finished are intact.  No bound on
 * speed: the timeout covers every module, so on a machine too loaded to run
 * even the quick checks within it (they too would time out), the run is
 * repeated with a longer one; only the hang must time out every time.
 */
START_TEST(isolation_hang)
{
	static const long timeouts_ms[] = { 2000, 10000, 40000 };
	size_t t;

	for (t = 0; t < sizeof(timeouts_ms) / sizeof(timeouts_ms[0]); t++) {
		char want[64];
		struct da_report r;
		const struct da_result *res;
		bool quick_done;

		if (t > 0)
			da_loader_release(&IL); /* the previous try's modules */
		r = isolated_any("hang", timeouts_ms[t]);
		res = r.sections[0].results[2];
		quick_done = r.sections[0].results[1]->status == DA_PASS &&
				  r.sections[1].results[0]->status == DA_PASS;

		snprintf(want, sizeof(want), "did not finish within %ld s",
			 (timeouts_ms[t] + 999) / 1000);
		ck_assert_int_eq(res->status, DA_ERROR);
		ck_assert_msg(strstr(res->detail, want) != NULL, "%s", res->detail);
		ck_assert(!res->scored);
		if (quick_done) {
			/* 8.3 reports nothing: an ERROR, whatever the timeout */
			ck_assert_int_eq(r.sections[0].results[3]->status, DA_ERROR);
			da_report_release(&r);
			return;
		}
		/* the quick checks timed out too: only that may explain it */
		ck_assert_msg(strstr(r.sections[1].results[0]->detail, "did not finish") ||
			      r.sections[1].results[0]->status == DA_PASS,
			      "9.1: %s", r.sections[1].results[0]->detail);
		da_report_release(&r);
	}
	ck_abort_msg("the quick checks never finished, even within %ld s",
		     timeouts_ms[t - 1] / 1000);
}
END_TEST

START_TEST(isolation_garbage)
{
	struct da_report r = isolated("garbage", 10000);
	const struct da_result *res = r.sections[0].results[2];

	ck_assert_int_eq(res->status, DA_ERROR);
	ck_assert_msg(strstr(res->detail, "invalid") != NULL, "%s", res->detail);
	da_report_release(&r);
}
END_TEST

/*
 * 8.2 reports more than the results pipe holds: the worker says so, the
 * parent reads as the results come (it otherwise reads a module's results
 * when the module ends), and every item arrives whole.
 */
START_TEST(isolation_flood)
{
	struct da_report r = isolated("flood", 60000);
	const struct da_result *res = r.sections[0].results[2];
	size_t i;

	ck_assert_int_eq(res->status, DA_WARN);
	ck_assert_str_eq(res->detail, "flood");
	ck_assert_uint_eq(res->n_items, 2500);
	for (i = 0; i < res->n_items; i += 499) {
		char head[32];

		snprintf(head, sizeof(head), "%zu ", i);
		ck_assert_uint_eq(strlen(res->items[i].detail), strlen(head) + 1000);
		ck_assert_int_eq(strncmp(res->items[i].detail, head, strlen(head)), 0);
	}
	ck_assert_int_eq(r.sections[0].results[3]->status, DA_ERROR); /* 8.3 says nothing */
	da_report_release(&r);
}
END_TEST

/* --- targets ------------------------------------------------------------- */

static const char *targets_json =
	"{\"probe_version\":1,\"host\":{\"self_container\":\"ccc\"},\"engine\":{"
	"\"containers\":["
	"{\"Id\":\"aaa1\",\"Name\":\"/web\",\"Config\":{\"Labels\":{\"tier\":\"front\"}}},"
	"{\"Id\":\"bbb2\",\"Name\":\"/db\",\"Config\":{\"Labels\":{\"tier\":\"back\",\"pii\":\"1\"}}},"
	"{\"Id\":\"ccc3\",\"Name\":\"/dockaudit\",\"Config\":{\"Labels\":{}}},"
	"\"not an object\"],"
	"\"images\":[{\"Id\":\"sha256:11\",\"RepoTags\":[\"web:1\",\"web:latest\"],"
	"\"Config\":{\"Labels\":null}},{\"Id\":\"sha256:22\",\"RepoTags\":null}]}}";

static size_t n_targets(struct da_probe *p, const char *what, const char *inc,
			const char *exc, const char *labels)
{
	struct da_filters f = { inc, exc, labels };
	char err[256];

	ck_assert_msg(da_runner_targets(p, &f, err, sizeof(err)) == 0, "%s", err);
	return json_object_array_length(da_probe_get(p->root, what));
}

START_TEST(targets_filters)
{
	struct da_probe *p = dt_probe_json(targets_json);
	struct da_filters bad = { "([", NULL, NULL };
	char err[256];

	/* our own container (host.self_container is an id prefix) is never audited */
	ck_assert_uint_eq(n_targets(p, "targets.containers", NULL, NULL, NULL), 2);
	ck_assert_uint_eq(n_targets(p, "targets.containers", "^we", NULL, NULL), 1);
	ck_assert_str_eq(da_probe_str(p->root, "targets.containers.0.Name"), "/web");
	ck_assert_uint_eq(n_targets(p, "targets.containers", NULL, "web,xyz", NULL), 1);
	ck_assert_uint_eq(n_targets(p, "targets.containers", NULL, NULL, "tier"), 2);
	ck_assert_uint_eq(n_targets(p, "targets.containers", NULL, NULL, "tier=back,pii"), 1);
	ck_assert_uint_eq(n_targets(p, "targets.containers", NULL, NULL, "tier=none"), 0);
	ck_assert_uint_eq(n_targets(p, "targets.images", "web:latest", NULL, NULL), 1);
	ck_assert_uint_eq(n_targets(p, "targets.images", NULL, "web", NULL), 1);
	ck_assert_int_eq(da_runner_targets(p, &bad, err, sizeof(err)), DA_ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(err, "-i"));
	dt_probe_free(p);
}
END_TEST

/* --- probe table and snapshots ------------------------------------------ */

START_TEST(host_table_paths)
{
	struct da_probe *p = dt_probe_json("{\"probe_version\":1,\"engine\":{\"a\":{\"b.c\":"
					   "[1,true,\"s\",{\"k\":2}]}}}");
	const struct da_host *h = &da_host_table;
	const struct da_node *root = h->probe_root(p), *arr;
	int64_t v;
	bool b;

	arr = h->member(h->get(root, "engine.a"), "b.c");
	ck_assert_int_eq(h->type(arr), DA_NODE_ARRAY);
	ck_assert_uint_eq(h->len(arr), 4);
	ck_assert(h->int64(arr, "0", &v) && v == 1);
	ck_assert(h->boolean(arr, "1", &b) && b);
	ck_assert_str_eq(h->str(arr, "2"), "s");
	ck_assert(h->int64(arr, "3.k", &v) && v == 2);
	ck_assert(!h->int64(arr, "2", &v));   /* wrong type: false, no crash */
	ck_assert_ptr_null(h->get(arr, "9"));
	ck_assert_ptr_null(h->get(NULL, "x"));
	ck_assert_ptr_null(h->str(root, "engine.a.b.c")); /* dots split keys */
	ck_assert_str_eq(h->key_at(h->get(root, "engine"), 0), "a");
	ck_assert_ptr_null(h->key_at(arr, 0));
	ck_assert_ptr_null(h->option(p, "trusted-users"));
	da_probe_set_option(p, "trusted-users", "alice");
	ck_assert_str_eq(h->option(p, "trusted-users"), "alice");
	dt_probe_free(p);
}
END_TEST

static char *write_tmp(const char *text)
{
	char *path = da_xstrdup("/tmp/da-snap-XXXXXX");
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

static void expect_load_error(const char *text, const char *reason)
{
	struct da_probe p;
	char err[512], *path = write_tmp(text);

	da_probe_init(&p);
	ck_assert_int_ne(da_probe_load_snapshot(&p, path, err, sizeof(err)), 0);
	ck_assert_msg(strstr(err, reason) != NULL, "'%s' does not say '%s'", err, reason);
	da_probe_release(&p);
	unlink(path);
	free(path);
}

START_TEST(snapshot_roundtrip)
{
	struct da_probe *p = dt_probe_json(targets_json), q;
	char err[512], *path = da_xstrdup("/tmp/da-snap-XXXXXX");
	struct stat st;
	int fd = mkstemp(path);

	close(fd);
	json_object_object_add(p->root, "source", json_object_new_object());
	ck_assert_int_eq(da_probe_save_snapshot(p, path, err, sizeof(err)), 0);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_uint_eq(st.st_mode & 077, 0);
	da_probe_init(&q);
	ck_assert_int_eq(da_probe_load_snapshot(&q, path, err, sizeof(err)), 0);
	ck_assert(q.from_snapshot);
	/* targets are computed per run, never saved */
	ck_assert_ptr_null(da_probe_get(q.root, "targets"));
	ck_assert_str_eq(da_probe_str(q.root, "engine.containers.1.Name"), "/db");
	da_probe_release(&q);
	dt_probe_free(p);
	unlink(path);
	free(path);
}
END_TEST

START_TEST(snapshot_bad_input)
{
	struct da_probe p;
	char err[512];
	struct da_buf deep = { 0 };
	int i;

	da_probe_init(&p);
	ck_assert_int_eq(da_probe_load_snapshot(&p, "/nonexistent/x.json", err, sizeof(err)),
			 DA_ERR_IO);
	ck_assert_ptr_nonnull(strstr(err, "/nonexistent/x.json"));
	da_probe_release(&p);
	expect_load_error("{\"probe_version\":1,", "not valid JSON");
	expect_load_error("[1,2]", "not a JSON object");
	expect_load_error("{\"engine\":{}}", "no probe_version");
	expect_load_error("{\"probe_version\":7,\"engine\":{}}", "probe_version 7");
	expect_load_error("{\"probe_version\":1,\"engine\":\"x\"}", "no engine object");
	expect_load_error("{\"probe_version\":1,\"engine\":{}} trailing", "not valid JSON");
	da_buf_adds(&deep, "{\"probe_version\":1,\"engine\":");
	for (i = 0; i < 10000; i++)
		da_buf_adds(&deep, "[");
	expect_load_error(da_buf_str(&deep), "not valid JSON");
	da_buf_release(&deep);
}
END_TEST

START_TEST(atomic_output)
{
	char dir[] = "/tmp/da-out-XXXXXX", err[256];
	char *path, *target;
	struct da_atomic a;
	struct stat st;
	FILE *fp;
	char buf[64] = "";

	ck_assert_ptr_nonnull(mkdtemp(dir));
	path = da_xasprintf("%s/report.json", dir);
	target = da_xasprintf("%s/elsewhere", dir);
	fp = fopen(target, "w");
	fputs("keep", fp);
	fclose(fp);
	ck_assert_int_eq(symlink(target, path), 0);
	ck_assert_int_eq(da_atomic_open(&a, path, err, sizeof(err)), 0);
	fputs("new", (FILE *)a.fp);
	ck_assert_int_eq(da_atomic_commit(&a, err, sizeof(err)), 0);
	/* the symlink was replaced, not followed */
	ck_assert_int_eq(lstat(path, &st), 0);
	ck_assert(S_ISREG(st.st_mode));
	ck_assert_uint_eq(st.st_mode & 0777 & ~0600, 0);
	fp = fopen(target, "r");
	ck_assert_ptr_nonnull(fgets(buf, sizeof(buf), fp));
	fclose(fp);
	ck_assert_str_eq(buf, "keep");
	/* an aborted write leaves nothing behind */
	ck_assert_int_eq(da_atomic_open(&a, target, err, sizeof(err)), 0);
	fputs("partial", (FILE *)a.fp);
	da_atomic_abort(&a);
	fp = fopen(target, "r");
	ck_assert_ptr_nonnull(fgets(buf, sizeof(buf), fp));
	fclose(fp);
	ck_assert_str_eq(buf, "keep");
	unlink(path);
	unlink(target);
	ck_assert_int_eq(rmdir(dir), 0); /* no temporary file was left */
	free(path);
	free(target);
}
END_TEST

/* --- one error space, one UTF-8 decoder, one set of json-c helpers --- */

START_TEST(error_space)
{
	static const int own[] = { DA_ERR_HTTP, DA_ERR_REFUSED, DA_ERR_NOTREG };
	static const int all[] = { DA_ERR_NOMEM, DA_ERR_IO, DA_ERR_PARSE, DA_ERR_CONNECT,
				   DA_ERR_TIMEOUT, DA_ERR_INVALID, DA_ERR_NOTFOUND,
				   DA_ERR_TOOBIG, DA_ERR_HTTP, DA_ERR_REFUSED, DA_ERR_NOTREG };
	size_t i, j;

	/* negative errno: the codes a system call gives mean what they say */
	ck_assert_int_eq(DA_ERR_NOTFOUND, -ENOENT);
	ck_assert_int_eq(DA_ERR_NOMEM, -ENOMEM);
	ck_assert_int_eq(DA_ERR_INVALID, -EINVAL);
	ck_assert_int_eq(DA_ERR_IO, -EIO);
	ck_assert_int_eq(DA_ERR_TOOBIG, -EFBIG);
	for (i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		ck_assert_int_lt(all[i], 0);
		for (j = i + 1; j < sizeof(all) / sizeof(all[0]); j++)
			ck_assert_int_ne(all[i], all[j]);
	}
	/* the conditions of our own never overlap an errno value */
	for (i = 0; i < sizeof(own) / sizeof(own[0]); i++)
		ck_assert_int_lt(own[i], -4095);
	ck_assert_int_eq(DA_ROOT_ENOTREG, -DA_ERR_NOTREG);
}
END_TEST

START_TEST(error_texts)
{
	const char *a, *b, *c, *d;

	ck_assert_str_eq(da_strerror(0), "success");
	ck_assert_str_eq(da_strerror(DA_ERR_NOTFOUND), "no such file or directory");
	ck_assert_str_eq(da_strerror(-EACCES), "permission denied");
	ck_assert_str_eq(da_strerror(EACCES), "permission denied");
	ck_assert_str_eq(da_strerror(DA_ERR_TOOBIG), "file too large");
	ck_assert_str_eq(da_strerror(DA_ERR_NOTREG), "not a regular file");
	ck_assert_str_eq(da_strerror(DA_ERR_HTTP), "error answer from the daemon");
	ck_assert_str_eq(da_strerror(DA_ERR_PARSE), "malformed input");
	ck_assert_str_eq(da_strerror(-(DA_ERRNO_BASE + 999)), "unknown error");
	/* four texts may be used at once (one message naming several) */
	a = da_strerror(-ENOENT);
	b = da_strerror(-EACCES);
	c = da_strerror(-ELOOP);
	d = da_strerror(-ENOTDIR);
	ck_assert_str_eq(a, "no such file or directory");
	ck_assert_str_eq(b, "permission denied");
	ck_assert_str_eq(c, "too many levels of symbolic links");
	ck_assert_str_eq(d, "not a directory");
}
END_TEST

START_TEST(utf8_decoder)
{
	uint32_t cp = 0;
	struct da_buf b = { 0 };

	ck_assert_uint_eq(da_utf8_decode((const unsigned char *)"A", 1, &cp), 1);
	ck_assert_uint_eq(cp, 'A');
	ck_assert_uint_eq(da_utf8_decode((const unsigned char *)"\xc3\xa9", 2, &cp), 2);
	ck_assert_uint_eq(cp, 0xe9);
	ck_assert_uint_eq(da_utf8_decode((const unsigned char *)"\xf0\x9f\x90\xb3", 4, &cp), 4);
	ck_assert_uint_eq(cp, 0x1f433);
	/* overlong, surrogate, above U+10FFFF, continuation, cut short */
	ck_assert_uint_eq(da_utf8_decode((const unsigned char *)"\xc0\xaf", 2, &cp), 0);
	ck_assert_uint_eq(da_utf8_decode((const unsigned char *)"\xe0\x80\xaf", 3, &cp), 0);
	ck_assert_uint_eq(da_utf8_decode((const unsigned char *)"\xed\xa0\x80", 3, &cp), 0);
	ck_assert_uint_eq(da_utf8_decode((const unsigned char *)"\xf4\x90\x80\x80", 4, &cp), 0);
	ck_assert_uint_eq(da_utf8_decode((const unsigned char *)"\x80", 1, &cp), 0);
	ck_assert_uint_eq(da_utf8_decode((const unsigned char *)"\xe2\x82\xac", 2, &cp), 0);
	ck_assert_uint_eq(da_utf8_decode((const unsigned char *)"\xe2\x82\xac", 0, &cp), 0);

	da_utf8_clean(&b, "a\0b\xff\n\xe2\x82\xac", 8, true);
	ck_assert_str_eq(b.data, "a\xef\xbf\xbd" "b\xef\xbf\xbd?\xe2\x82\xac");
	da_buf_release(&b);
	da_utf8_clean(&b, "x\ny", 3, false);
	ck_assert_str_eq(b.data, "x\ny");
	da_buf_release(&b);
	da_utf8_clean(&b, "", 0, false);
	ck_assert_str_eq(b.data, "");
	da_buf_release(&b);
}
END_TEST

START_TEST(json_helpers)
{
	struct json_object *o = da_jobj(), *a = da_jarr(), *v;

	da_jset(o, "s", da_jstrn_utf8("ok\xff", 3));
	ck_assert_str_eq(da_jget_str(o, "s"), "ok\xef\xbf\xbd");
	ck_assert_ptr_null(da_jstr_utf8(NULL));
	da_jset(o, "m", da_jmsg("line %d\nnext", 1));
	ck_assert_str_eq(da_jget_str(o, "m"), "line 1?next");
	da_jsetn_utf8(o, "k\xfe", 2, da_jbool(true));
	ck_assert(da_jtrue(o, "k\xef\xbf\xbd"));
	ck_assert(!da_jtrue(o, "s"));
	ck_assert_ptr_null(da_jget(o, "s", json_type_int));
	ck_assert_ptr_null(da_jmember(a, "s"));
	/* a member that is not an object is replaced by an empty one */
	v = da_jobject_at(o, "s");
	ck_assert(json_object_is_type(v, json_type_object));
	ck_assert_ptr_eq(da_jobject_at(o, "s"), v);
	da_jpush_unique(a, "x");
	da_jpush_unique(a, "y");
	da_jpush_unique(a, "x");
	ck_assert_uint_eq(json_object_array_length(a), 2);
	ck_assert(da_jarray_has(a, "y"));
	ck_assert(!da_jarray_has(a, "z"));
	v = da_jcopy(a);
	ck_assert_ptr_ne(v, a);
	ck_assert_uint_eq(json_object_array_length(v), 2);
	json_object_put(v);
	json_object_put(a);
	json_object_put(o);
}
END_TEST

static Suite *core_suite(void)
{
	Suite *s = suite_create("core");
	TCase *tc;

	tc = tcase_create("abi");
	tcase_add_test(tc, abi_layout_1_0);
	tcase_add_test(tc, abi_host_has);
	suite_add_tcase(s, tc);

	tc = tcase_create("loader");
	tcase_add_checked_fixture(tc, loader_setup, loader_teardown);
	tcase_add_test(tc, loader_good_module);
	tcase_add_test(tc, loader_refusals);
	tcase_add_test(tc, loader_not_a_module);
	tcase_add_test(tc, loader_writable_by_others);
	tcase_add_test(tc, loader_shadowed_copy);
	suite_add_tcase(s, tc);

	tc = tcase_create("select");
	tcase_add_checked_fixture(tc, cat_setup, cat_teardown);
	tcase_add_test(tc, select_forms);
	tcase_add_test(tc, select_nesting);
	tcase_add_test(tc, select_unknown);
	tcase_add_test(tc, run_and_score);
	suite_add_tcase(s, tc);

	tc = tcase_create("isolation");
	/* a guard only: isolation_hang may wait 2 + 10 + 40 s on a loaded machine */
	tcase_set_timeout(tc, 300);
	tcase_add_checked_fixture(tc, NULL, iso_teardown);
	tcase_add_test(tc, isolation_good);
	tcase_add_test(tc, isolation_crash);
	tcase_add_test(tc, isolation_hang);
	tcase_add_test(tc, isolation_garbage);
	tcase_add_test(tc, isolation_flood);
	suite_add_tcase(s, tc);

	tc = tcase_create("report");
	tcase_add_test(tc, item_limit);
	tcase_add_test(tc, targets_filters);
	tcase_add_test(tc, host_table_paths);
	tcase_add_test(tc, snapshot_roundtrip);
	tcase_add_test(tc, snapshot_bad_input);
	tcase_add_test(tc, atomic_output);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_test(tc, error_space);
	tcase_add_test(tc, error_texts);
	tcase_add_test(tc, utf8_decoder);
	tcase_add_test(tc, json_helpers);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(core_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
