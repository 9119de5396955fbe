/*
 * The module ABI survives a minor bump: this program is a host built with
 * -DDA_ABI_MINOR_OVERRIDE (sdk/dockaudit/module.h), so it speaks a later
 * minor and its module structures are larger than 1.0's, with the loader,
 * the descriptor reader and the catalog (core/loader.c, core/elfdesc.c,
 * core/runner.c) compiled into it that way.  It loads a module built
 * against the frozen 1.0 header (tests/abi/abimod.c, module-1.0.h) and
 * runs its checks: a host that compared the module with its own sizes, or
 * walked its rows with its own strides, refuses it or reads garbage.
 */
#include "config.h"

#include "hosttable.h"
#include "loader.h"
#include "probe.h"
#include "report.h"
#include "runner.h"
#include "testlib.h"
#include "util.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#ifndef DA_ABI_MINOR_OVERRIDE
#error "build this test with -DDA_ABI_MINOR_OVERRIDE=N (N > 0)"
#endif

static char *abimod_path(void)
{
	const char *b = getenv("DA_BUILDDIR");

	return da_xasprintf("%s/tests/.libs/abimod_1_0.so", b ? b : ".");
}

static const struct da_checkdef *find(const struct da_catalog *cat, const char *id)
{
	size_t i;

	for (i = 0; i < cat->n_defs; i++)
		if (strcmp(cat->defs[i].id, id) == 0)
			return &cat->defs[i];
	return NULL;
}

START_TEST(host_is_of_a_later_minor)
{
	ck_assert_int_gt(DA_ABI_MINOR, 0);
	ck_assert_uint_gt(sizeof(struct da_module), DA_MODULE_SIZE_1_0);
	ck_assert_uint_gt(sizeof(struct da_check), DA_CHECK_SIZE_1_0);
	ck_assert_uint_gt(sizeof(struct da_variant), DA_VARIANT_SIZE_1_0);
}
END_TEST

static struct da_loader L;

static void setup(void)
{
	char *p = abimod_path();

	ck_assert_int_eq(da_loader_init(&L), 0);
	L.quiet = true;
	ck_assert_msg(da_loader_load_file(&L, p) == 0, "the 1.0 module was refused: %s",
		      L.n_refusals ? L.refusals[0] : "?");
	free(p);
}

static void teardown(void)
{
	da_loader_release(&L);
}

START_TEST(module_1_0_loads)
{
	const struct da_module *m;

	ck_assert_uint_eq(L.n_mods, 1);
	m = L.mods[0].desc;
	ck_assert_str_eq(m->name, "abi10");
	ck_assert_uint_eq(m->abi_major, 1);
	ck_assert_uint_eq(m->abi_minor, 0);
	ck_assert_uint_eq(m->size, DA_MODULE_SIZE_1_0);
	ck_assert_uint_eq(m->check_size, DA_CHECK_SIZE_1_0);
	ck_assert_uint_eq(m->variant_size, 0); /* "reserved_u32" in the 1.0 header */
	ck_assert_uint_eq(m->n_checks, 3);
	ck_assert_str_eq(da_module_check(m, 2)->id, "X.2");
	ck_assert_str_eq(da_module_variant(m, da_module_check(m, 2), 1)->id, "Y.8");
}
END_TEST

START_TEST(module_1_0_runs)
{
	struct da_catalog cat;
	struct da_probe *p = dt_probe_json(
		"{\"probe_version\":1,\"engine\":{\"containers\":["
		"{\"Id\":\"c1\",\"Name\":\"/ok\",\"HostConfig\":{\"Privileged\":false}},"
		"{\"Id\":\"c2\",\"Name\":\"/bad\",\"HostConfig\":{\"Privileged\":true}}]}}");
	struct da_filters f = { NULL, NULL, NULL };
	const struct da_checkdef *d;
	struct da_result *r;
	char *want, err[256];

	ck_assert_msg(da_runner_targets(p, &f, err, sizeof(err)) == 0, "%s", err);
	da_catalog_build(&cat, &L, "cis-1.6.0");
	ck_assert_uint_eq(cat.n_defs, 3);
	d = find(&cat, "X.1");
	ck_assert_ptr_nonnull(d);
	ck_assert_str_eq(d->title, "Privileged containers (Automated)");
	r = da_run_check(d, p, 0);
	ck_assert_int_eq(r->status, DA_WARN);
	ck_assert_str_eq(r->detail, "1 privileged container");
	ck_assert_uint_eq(r->n_items, 1);
	ck_assert(dt_has_item(r, "c2"));
	da_result_free(r);
	d = find(&cat, "X.2");
	ck_assert_ptr_nonnull(d);
	r = da_run_check(d, p, 0);
	ck_assert_int_eq(r->status, DA_INFO);
	want = da_xasprintf("probe %d, host table %zu bytes", DA_PROBE_VERSION,
			    da_host_table.size);
	ck_assert_str_eq(r->detail, want);
	free(want);
	da_result_free(r);
	da_catalog_release(&cat);

	/* the second variant of each table: read with the module's stride */
	da_catalog_build(&cat, &L, "cis-1.8.0");
	d = find(&cat, "X.8");
	ck_assert_ptr_nonnull(d);
	ck_assert_str_eq(d->title, "Privileged containers, as 1.8.0 says (Automated)");
	ck_assert_int_eq(d->level, 2);
	d = find(&cat, "Y.8");
	ck_assert_ptr_nonnull(d);
	ck_assert(d->flags & DA_CHECK_SCORED);
	da_catalog_release(&cat);

	/* the first variant, and a check absent from a benchmark */
	da_catalog_build(&cat, &L, "cis-1.7.0");
	ck_assert_ptr_nonnull(find(&cat, "X.7"));
	ck_assert_ptr_null(find(&cat, "X.2"));
	ck_assert_uint_eq(cat.n_defs, 2);
	da_catalog_release(&cat);
	dt_probe_free(p);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("abi");
	TCase *tc = tcase_create("later-minor");

	tcase_add_test(tc, host_is_of_a_later_minor);
	suite_add_tcase(s, tc);
	tc = tcase_create("module-1.0");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, module_1_0_loads);
	tcase_add_test(tc, module_1_0_runs);
	suite_add_tcase(s, tc);
	return dt_run_suite(s);
}
