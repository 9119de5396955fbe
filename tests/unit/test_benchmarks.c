/*
 * Benchmark versions (docs/benchmarks.md): the built modules, loaded from
 * $DA_MODULE_DIR with the real loader, give for each of cis-1.6.0,
 * cis-1.7.0 and cis-1.8.0 exactly the ids and titles of that benchmark as
 * tests/fixtures/benchmarks/<benchmark>.txt lists them (files written from
 * the reference lists, not from the code), with that benchmark's profile
 * levels; selection works in the chosen benchmark's ids; section 2 gives
 * the same verdicts under its 1.6.0 and 1.8.0 ids; and the checks whose
 * behaviour depends on the version (1.1.9, 2.7 of 1.8.0, 5.6) PASS and
 * WARN as that version says.
 */
#include "config.h"

#include "loader.h"
#include "probe.h"
#include "report.h"
#include "runner.h"
#include "select.h"
#include "testlib.h"
#include "util.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const benchmarks[] = { "cis-1.6.0", "cis-1.7.0", "cis-1.8.0" };
#define N_BENCH (sizeof(benchmarks) / sizeof(benchmarks[0]))

static struct da_loader L;

static void load_modules(void)
{
	const char *dir = getenv("DA_MODULE_DIR");
	int n;

	ck_assert_msg(dir != NULL, "DA_MODULE_DIR is not set");
	ck_assert_int_eq(da_loader_init(&L), 0);
	L.quiet = true;
	n = da_loader_load_dir(&L, dir);
	ck_assert_msg(n == 9, "loaded %d modules from %s (%zu refused: %s)", n, dir,
		      L.n_refusals, L.n_refusals ? L.refusals[0] : "");
}

static void unload_modules(void)
{
	da_loader_release(&L);
}

/* --- the fixture lists ---------------------------------------------------- */

struct entry {
	char *id;
	char *title;
};

struct list {
	struct entry *v;
	size_t n;
};

static void list_add(struct list *l, const char *id, const char *title)
{
	l->v = da_xrealloc(l->v, (l->n + 1) * sizeof(*l->v));
	l->v[l->n].id = da_xstrdup(id);
	l->v[l->n].title = da_xstrdup(title);
	l->n++;
}

static void list_free(struct list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].id);
		free(l->v[i].title);
	}
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* "id<TAB>title" lines; '#' lines and blank lines are comments. */
static void fixture_list(const char *benchmark, struct list *out)
{
	char *name = da_xasprintf("benchmarks/%s.txt", benchmark);
	char *path = dt_fixture_path(name);
	char *text = dt_read_file(path), *line, *save = NULL;

	memset(out, 0, sizeof(*out));
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *tab;
		if (!*line || *line == '#')
			continue;
		tab = strchr(line, '\t');
		ck_assert_msg(tab != NULL && tab[1], "%s: malformed line '%s'", path, line);
		*tab = '\0';
		list_add(out, line, tab + 1);
	}
	free(text);
	free(path);
	free(name);
}

/*
 * What the catalog of a benchmark holds: the benchmark's own checks, then
 * the reserved group "optional" (section 8 and the community checks, the
 * same in every version).
 */
static void want_list(const char *benchmark, struct list *out)
{
	struct list opt;
	size_t i;

	fixture_list(benchmark, out);
	fixture_list("optional", &opt);
	ck_assert_uint_eq(opt.n, 16);
	for (i = 0; i < opt.n; i++)
		list_add(out, opt.v[i].id, opt.v[i].title);
	list_free(&opt);
}

static bool is_optional(const struct da_checkdef *d)
{
	return d->check && d->check->groups && strstr(d->check->groups, "optional");
}

/* The checks (no header rows) of a catalog, in order. */
static void catalog_list(const struct da_catalog *cat, struct list *out)
{
	size_t i;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < cat->n_defs; i++)
		if (!(cat->defs[i].flags & DA_CHECK_HEADER))
			list_add(out, cat->defs[i].id, cat->defs[i].title);
}

static void assert_lists_equal(const char *what, const struct list *want,
			       const struct list *got)
{
	size_t i;

	for (i = 0; i < want->n && i < got->n; i++) {
		ck_assert_msg(strcmp(want->v[i].id, got->v[i].id) == 0,
			      "%s: entry %zu is %s, the benchmark has %s", what, i, got->v[i].id,
			      want->v[i].id);
		ck_assert_msg(strcmp(want->v[i].title, got->v[i].title) == 0,
			      "%s %s: title '%s', the benchmark has '%s'", what, want->v[i].id,
			      got->v[i].title, want->v[i].title);
	}
	ck_assert_msg(want->n == got->n, "%s: %zu checks, the benchmark has %zu", what, got->n,
		      want->n);
}

static const struct da_checkdef *def_by_id(const struct da_catalog *cat, const char *id)
{
	size_t i;

	for (i = 0; i < cat->n_defs; i++)
		if (!(cat->defs[i].flags & DA_CHECK_HEADER) && strcmp(cat->defs[i].id, id) == 0)
			return &cat->defs[i];
	return NULL;
}

/* --- ids, titles, levels --------------------------------------------------- */

START_TEST(test_catalog_is_the_benchmark)
{
	static const size_t counts[] = { 117, 117, 118 };
	const char *bench = benchmarks[_i];
	struct da_catalog cat = { 0 };
	struct list want, got;
	size_t i, j;

	fixture_list(bench, &want);
	ck_assert_uint_eq(want.n, counts[_i]); /* the fixture itself is complete */
	list_free(&want);
	want_list(bench, &want);
	da_catalog_build(&cat, &L, bench);
	catalog_list(&cat, &got);
	assert_lists_equal(bench, &want, &got);
	for (i = 0; i < got.n; i++)
		for (j = 0; j < i; j++)
			ck_assert_msg(strcmp(got.v[i].id, got.v[j].id) != 0, "%s: %s twice", bench,
				      got.v[i].id);
	/* the automated/manual flag agrees with the title's suffix */
	for (i = 0; i < cat.n_defs; i++) {
		const struct da_checkdef *d = &cat.defs[i];
		/* the optional checks keep docker-bench-security's suffixes */
		if ((d->flags & DA_CHECK_HEADER) || is_optional(d))
			continue;
		ck_assert_msg(!!(d->flags & DA_CHECK_MANUAL) == dt_ends_with(d->title, "(Manual)"),
			      "%s %s: manual flag and title disagree", bench, d->id);
		ck_assert_msg(d->level == 1 || d->level == 2, "%s %s: level %d", bench, d->id,
			      d->level);
	}
	list_free(&want);
	list_free(&got);
	da_catalog_release(&cat);
}
END_TEST

/* Without a benchmark the catalog is CIS 1.6.0's: no variant applies. */
START_TEST(test_default_is_160)
{
	struct da_catalog a = { 0 }, b = { 0 };
	struct list la, lb;

	da_catalog_build(&a, &L, NULL);
	da_catalog_build(&b, &L, "cis-1.6.0");
	catalog_list(&a, &la);
	catalog_list(&b, &lb);
	assert_lists_equal("default", &lb, &la);
	list_free(&la);
	list_free(&lb);
	da_catalog_release(&a);
	da_catalog_release(&b);
}
END_TEST

/*
 * Profile level 2, from the reference: CIS 1.6.0 (whose "Level 1 and Level
 * 2" items count as Level 1) and 1.7.0 agree; 1.8.0 has the same items
 * under its ids.
 */
static const char *const level2_17[] = {
	"1.1.7", "1.1.8", "1.1.9", "1.1.10", "1.1.11", "1.1.12", "1.1.13", "1.1.14", "1.1.15",
	"1.1.16", "1.1.17", "1.1.18", "2.9", "2.10", "2.11", "2.12", "2.13", "2.17",
	"3.17", "3.18", "3.19", "3.20", "3.21", "3.22", "4.5", "4.8", "4.11",
	"5.3", "5.23", "5.24", "5.30", NULL
};
static const char *const level2_18[] = {
	"1.1.7", "1.1.8", "1.1.9", "1.1.10", "1.1.11", "1.1.12", "1.1.13", "1.1.14", "1.1.15",
	"1.1.16", "1.1.17", "1.1.18", "2.10", "2.11", "2.12", "2.13", "2.14", "2.18",
	"3.17", "3.18", "3.19", "3.20", "3.21", "3.22", "4.5", "4.8", "4.11",
	"5.3", "5.23", "5.24", "5.30", NULL
};

START_TEST(test_levels)
{
	const char *bench = benchmarks[_i];
	const char *const *l2 = _i == 2 ? level2_18 : level2_17;
	struct da_catalog cat = { 0 };
	size_t i, n1 = 0, n2 = 0;

	da_catalog_build(&cat, &L, bench);
	for (i = 0; i < cat.n_defs; i++) {
		const struct da_checkdef *d = &cat.defs[i];
		if (d->flags & DA_CHECK_HEADER)
			continue;
		if (is_optional(d)) {
			ck_assert_int_eq(d->level, 1);
			continue;
		}
		ck_assert_msg(d->level == (dt_str_in(d->id, l2) ? 2 : 1), "%s %s: level %d", bench,
			      d->id, d->level);
		if (d->level == 1)
			n1++;
		else
			n2++;
	}
	/* the reference's counts: 86 (77 Linux + 9 Swarm) or 87 at Level 1, 31 at Level 2 */
	ck_assert_uint_eq(n1, _i == 2 ? 87 : 86);
	ck_assert_uint_eq(n2, 31);
	da_catalog_release(&cat);
}
END_TEST

/* Scoring is the check's own in every benchmark (docs/benchmarks.md). */
START_TEST(test_scoring_is_per_check)
{
	struct da_catalog c16 = { 0 }, c18 = { 0 };
	size_t i, j, same = 0;

	da_catalog_build(&c16, &L, "cis-1.6.0");
	da_catalog_build(&c18, &L, "cis-1.8.0");
	for (i = 0; i < c18.n_defs; i++) {
		const struct da_checkdef *d = &c18.defs[i];
		for (j = 0; j < c16.n_defs; j++) {
			if (c16.defs[j].check != d->check)
				continue;
			ck_assert_msg((c16.defs[j].flags & DA_CHECK_SCORED) ==
				      (d->flags & DA_CHECK_SCORED),
				      "%s/%s: scored differs", c16.defs[j].id, d->id);
			same++;
		}
	}
	ck_assert_uint_eq(same, c16.n_defs);
	/* the one 1.8.0 addition is scored like its sibling 2.6 */
	ck_assert(def_by_id(&c18, "2.7")->flags & DA_CHECK_SCORED);
	ck_assert(def_by_id(&c18, "2.7")->flags & DA_CHECK_MANUAL);
	da_catalog_release(&c16);
	da_catalog_release(&c18);
}
END_TEST

/* Variants are data from a module: the catalog keeps what the loader checks of rows. */
static void run_nothing(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	(void)p;
	h->set(res, DA_NOTE, NULL);
}

static const struct da_variant odd_variants[] = {
	{ "cis-1.7.0", "", "", DA_CHECK_HEADER | DA_CHECK_MANUAL,
	  DA_CHECK_HEADER | DA_CHECK_MANUAL, 7 },
	{ NULL, NULL, NULL, 0, 0, 0 }
};
static const struct da_variant no_id_variants[] = {
	{ "cis-1.7.0", NULL, "Only a title", 0, 0, 0 },
	{ "cis-1.8.0", "9.9", NULL, 0, 0, 2 },
	{ NULL, NULL, NULL, 0, 0, 0 }
};
static const struct da_check odd_checks[] = {
	{ "9.1", "Odd (Automated)", DA_CHECK_SCORED, 1, NULL, NULL, NULL, run_nothing,
	  odd_variants },
	{ "-", "Later (Manual)", DA_CHECK_MANUAL, 1, NULL, NULL, NULL, run_nothing,
	  no_id_variants },
};
static const struct da_module odd_module = {
	DA_MODULE_HEAD, .name = "odd", .version = "1", .section = "9",
	.section_title = "Odd", .checks = odd_checks, .n_checks = DA_COUNT(odd_checks),
};

START_TEST(test_variant_guards)
{
	struct da_loader l;
	struct da_catalog cat = { 0 };

	ck_assert_int_eq(da_loader_init(&l), 0);
	ck_assert_int_eq(da_loader_add(&l, &odd_module, NULL, NULL), 0);
	/* an empty id or title, a level out of range and the header bit are ignored */
	da_catalog_build(&cat, &l, "cis-1.7.0");
	ck_assert_uint_eq(cat.n_defs, 1);
	ck_assert_str_eq(cat.defs[0].id, "9.1");
	ck_assert_str_eq(cat.defs[0].title, "Odd (Automated)");
	ck_assert_int_eq(cat.defs[0].level, 1);
	ck_assert_uint_eq(cat.defs[0].flags, DA_CHECK_SCORED | DA_CHECK_MANUAL);
	da_catalog_release(&cat);
	/* a "-" row exists where a variant gives it an id */
	da_catalog_build(&cat, &l, "cis-1.8.0");
	ck_assert_uint_eq(cat.n_defs, 2);
	ck_assert_str_eq(cat.defs[1].id, "9.9");
	ck_assert_str_eq(cat.defs[1].title, "Later (Manual)");
	ck_assert_int_eq(cat.defs[1].level, 2);
	da_catalog_release(&cat);
	da_catalog_build(&cat, &l, "cis-1.6.0");
	ck_assert_uint_eq(cat.n_defs, 1);
	da_catalog_release(&cat);
	da_loader_release(&l);
}
END_TEST

/* --- selection in the chosen benchmark's ids --------------------------------- */

static char *picked(const struct da_catalog *cat, const char *inc, const char *exc, int level)
{
	bool *sel = da_xcalloc(cat->n_defs, sizeof(bool));
	struct da_buf b = { 0 };
	char err[256];
	size_t i;

	ck_assert_msg(da_select(cat, inc, exc, sel, err, sizeof(err)) == 0, "%s", err);
	if (level)
		da_select_level(cat, level, sel);
	for (i = 0; i < cat->n_defs; i++)
		if (sel[i] && !(cat->defs[i].flags & DA_CHECK_HEADER))
			da_buf_addf(&b, "%s%s", b.len ? " " : "", cat->defs[i].id);
	free(sel);
	return b.len ? da_buf_steal(&b) : da_xstrdup("");
}

#define ASSERT_PICKED(cat, inc, exc, level, want)                                 \
	do {                                                                        \
		char *got_ = picked(cat, inc, exc, level);                          \
		ck_assert_msg(strcmp(got_, want) == 0, "%s/%s/L%d: '%s', want '%s'", \
			      inc ? inc : "-", exc ? exc : "-", level, got_, want);   \
		free(got_);                                                         \
	} while (0)

START_TEST(test_selection)
{
	struct da_catalog c16 = { 0 }, c17 = { 0 }, c18 = { 0 };
	bool *sel;
	char err[256];

	da_catalog_build(&c16, &L, "cis-1.6.0");
	da_catalog_build(&c17, &L, "cis-1.7.0");
	da_catalog_build(&c18, &L, "cis-1.8.0");
	/* -c and -e take the ids of the chosen benchmark */
	ck_assert_str_eq(def_by_id(&c16, "2.7")->title,
			 "Ensure TLS authentication for Docker daemon is configured (Scored)");
	ck_assert_str_eq(def_by_id(&c18, "2.7")->title,
			 "Ensure devicemapper storage driver is not used (Manual)");
	ASSERT_PICKED(&c18, "2.7", NULL, 0, "2.7");
	ASSERT_PICKED(&c18, "check_2_19", NULL, 0, "2.19");
	ASSERT_PICKED(&c18, "2.1*", "2.11,2.12", 0, "2.1 2.10 2.13 2.14 2.15 2.16 2.17 2.18 2.19");
	ASSERT_PICKED(&c16, "2.1*", "2.11,2.12", 0, "2.1 2.10 2.13 2.14 2.15 2.16 2.17 2.18");
	ASSERT_PICKED(&c17, "2.1*", "2.11,2.12", 0, "2.1 2.10 2.13 2.14 2.15 2.16 2.17 2.18");
	sel = da_xcalloc(c16.n_defs, sizeof(bool));
	ck_assert_int_eq(da_select(&c16, "2.19", NULL, sel, err, sizeof(err)), DA_ERR_INVALID);
	free(sel);
	/* levels and the level groups follow the chosen benchmark's profiles */
	ASSERT_PICKED(&c16, "2", NULL, 1, "2.1 2.2 2.3 2.4 2.5 2.6 2.7 2.8 2.14 2.15 2.16 2.18");
	ASSERT_PICKED(&c18, "2", NULL, 1,
		      "2.1 2.2 2.3 2.4 2.5 2.6 2.7 2.8 2.9 2.15 2.16 2.17 2.19");
	ASSERT_PICKED(&c18, "docker_daemon_configuration_level1", NULL, 0,
		      "2.1 2.2 2.3 2.4 2.5 2.6 2.7 2.8 2.9 2.15 2.16 2.17 2.19");
	ASSERT_PICKED(&c18, "2", NULL, 2,
		      "2.1 2.2 2.3 2.4 2.5 2.6 2.7 2.8 2.9 2.10 2.11 2.12 2.13 2.14 2.15 "
		      "2.16 2.17 2.18 2.19");
	ASSERT_PICKED(&c17, "1.1", NULL, 1, "1.1.1 1.1.2 1.1.3 1.1.4 1.1.5 1.1.6");
	ASSERT_PICKED(&c17, "3", "3.1*", 2, "3.2 3.3 3.4 3.5 3.6 3.7 3.8 3.9 3.20 3.21 3.22 3.23 3.24");
	{
		/* cis_level1 means what --level 1 means */
		char *a = picked(&c18, "cis_level1", NULL, 0), *b = picked(&c18, NULL, NULL, 1);
		ck_assert_str_eq(a, b);
		ck_assert_ptr_nonnull(strstr(a, "6.1 6.2"));
		ck_assert_ptr_null(strstr(a, "5.30"));
		free(a);
		free(b);
	}
	da_catalog_release(&c16);
	da_catalog_release(&c17);
	da_catalog_release(&c18);
}
END_TEST

/* --- a whole run ------------------------------------------------------------ */

/* The ids and titles a run of every check emits equal the benchmark's. */
START_TEST(test_run_emits_the_benchmark)
{
	const char *bench = benchmarks[_i];
	struct da_probe *p = dt_probe_fixture("daemon-base.json");
	struct da_catalog cat = { 0 };
	struct da_report r;
	struct list want, got;
	bool *sel;
	size_t s, k;

	memset(&r, 0, sizeof(r));
	memset(&got, 0, sizeof(got));
	da_probe_set_option(p, "benchmark", bench);
	da_catalog_build(&cat, &L, bench);
	sel = da_xcalloc(cat.n_defs, sizeof(bool));
	for (k = 0; k < cat.n_defs; k++)
		sel[k] = true;
	da_runner_run(&r, &cat, sel, p, 0);
	for (s = 0; s < r.n_sections; s++)
		for (k = 0; k < r.sections[s].n_results; k++) {
			const struct da_result *res = r.sections[s].results[k];
			if (da_result_is_header(res))
				continue;
			ck_assert_msg(res->status_set, "%s %s: no status", bench, res->def->id);
			list_add(&got, res->def->id, res->def->title);
		}
	want_list(bench, &want);
	assert_lists_equal(bench, &want, &got);
	da_report_finish(&r);
	ck_assert_int_eq(r.checks, (int)want.n);
	list_free(&want);
	list_free(&got);
	free(sel);
	da_report_release(&r);
	da_catalog_release(&cat);
	dt_probe_free(p);
}
END_TEST

/* --- section 2: the same verdicts under 1.6.0 and 1.8.0 ids ----------------- */

static struct da_result *run_as(const char *bench, const char *id, struct da_probe *p)
{
	struct da_catalog cat = { 0 };
	const struct da_checkdef *d;
	struct da_result *res;

	da_probe_set_option(p, "benchmark", bench);
	da_catalog_build(&cat, &L, bench);
	d = def_by_id(&cat, id);
	ck_assert_msg(d != NULL, "%s has no check %s", bench, id);
	res = da_run_check(d, p, 0);
	/* the result outlives the catalog: keep what the caller reads */
	res->def = NULL;
	da_catalog_release(&cat);
	return res;
}

static const char *str0(const char *s)
{
	return s ? s : "";
}

/* Variations of the daemon fixture that make section 2 pass, warn, or fail to read. */
static void vary(struct da_probe *p, int v)
{
	switch (v) {
	case 0:
		break;
	case 1: /* hardened */
		dt_set(p, "host.dockerd.effective.icc", "false");
		dt_set(p, "host.dockerd.effective.userland-proxy", "false");
		dt_set(p, "host.dockerd.effective.no-new-privileges", "true");
		dt_set(p, "host.dockerd.effective.userns-remap", "\"default\"");
		dt_set(p, "host.dockerd.effective.authorization-plugins", "[\"authz\"]");
		dt_set(p, "host.dockerd.effective.default-ulimits",
		       "{\"nofile\":{\"Name\":\"nofile\",\"Hard\":64000,\"Soft\":64000}}");
		dt_set(p, "engine.info.LiveRestoreEnabled", "true");
		dt_set(p, "engine.info.LoggingDriver", "\"syslog\"");
		break;
	case 2: /* weakened */
		dt_set(p, "host.dockerd.effective.log-level", "\"debug\"");
		dt_set(p, "host.dockerd.effective.iptables", "false");
		dt_set(p, "host.dockerd.effective.insecure-registries", "[\"10.0.0.0/8\"]");
		dt_set(p, "host.dockerd.effective.hosts", "[\"tcp://0.0.0.0:2375\"]");
		dt_set(p, "host.dockerd.effective.cgroup-parent", "\"/foo\"");
		dt_set(p, "host.dockerd.effective.storage-opts", "[\"dm.basesize=20G\"]");
		dt_set(p, "engine.info.Driver", "\"aufs\"");
		dt_set(p, "engine.info.ExperimentalBuild", "true");
		dt_set(p, "engine.info.SecurityOptions", "[\"name=seccomp,profile=unconfined\"]");
		break;
	case 3: /* a remote daemon */
		dt_set(p, "host.available", "false");
		dt_set(p, "host.reason", "\"remote daemon\"");
		dt_set(p, "host.dockerd", "null");
		dt_set(p, "source.remote", "true");
		break;
	case 4: /* no engine info */
		dt_del(p, "engine.info");
		break;
	default:
		ck_abort_msg("no variation %d", v);
	}
}

START_TEST(test_section2_same_verdicts)
{
	int v;
	unsigned seen = 0;

	for (v = 0; v <= 4; v++) {
		int i;
		for (i = 1; i <= 18; i++) {
			struct da_probe *p = dt_probe_fixture("daemon-base.json");
			char id16[8], id18[8];
			struct da_result *a, *b;
			size_t k;

			vary(p, v);
			snprintf(id16, sizeof(id16), "2.%d", i);
			snprintf(id18, sizeof(id18), "2.%d", i < 7 ? i : i + 1);
			a = run_as("cis-1.6.0", id16, p);
			b = run_as("cis-1.8.0", id18, p);
			ck_assert_msg(a->status == b->status, "variation %d: %s is %s, %s is %s", v,
				      id16, da_status_name(a->status), id18,
				      da_status_name(b->status));
			ck_assert_msg(strcmp(str0(a->detail), str0(b->detail)) == 0,
				      "variation %d: %s says '%s', %s says '%s'", v, id16,
				      str0(a->detail), id18, str0(b->detail));
			ck_assert_msg(a->scored == b->scored, "variation %d: %s/%s scored", v, id16,
				      id18);
			ck_assert_uint_eq(a->n_items, b->n_items);
			for (k = 0; k < a->n_items; k++)
				ck_assert_str_eq(str0(a->items[k].name), str0(b->items[k].name));
			seen |= 1u << a->status;
			da_result_free(a);
			da_result_free(b);
			dt_probe_free(p);
		}
	}
	/* the comparison covered passes, findings, not-applicable and errors */
	ck_assert(seen & (1u << DA_PASS));
	ck_assert(seen & (1u << DA_WARN));
	ck_assert(seen & (1u << DA_INFO));
	ck_assert(seen & (1u << DA_ERROR));
}
END_TEST

/* --- 2.7 of CIS 1.8.0: devicemapper ------------------------------------------ */

static enum da_status status_as(const char *bench, const char *id, struct da_probe *p,
				const char *detail_has)
{
	struct da_result *r = run_as(bench, id, p);
	enum da_status st = r->status;

	if (detail_has)
		ck_assert_msg(r->detail && strstr(r->detail, detail_has),
			      "%s %s: detail '%s' lacks '%s'", bench, id, str0(r->detail),
			      detail_has);
	da_result_free(r);
	return st;
}

START_TEST(test_2_7_devicemapper)
{
	struct da_probe *p = dt_probe_fixture("daemon-base.json");
	struct da_catalog cat = { 0 };
	size_t i;

	ck_assert_int_eq(status_as("cis-1.8.0", "2.7", p, "overlay2"), DA_PASS);
	dt_set(p, "engine.info.Driver", "\"devicemapper\"");
	ck_assert_int_eq(status_as("cis-1.8.0", "2.7", p, "devicemapper"), DA_WARN);
	/* aufs is 2.6's business */
	ck_assert_int_eq(status_as("cis-1.8.0", "2.6", p, NULL), DA_PASS);
	dt_set(p, "engine.info.Driver", "\"aufs\"");
	ck_assert_int_eq(status_as("cis-1.8.0", "2.7", p, NULL), DA_PASS);
	ck_assert_int_eq(status_as("cis-1.8.0", "2.6", p, NULL), DA_WARN);
	dt_set(p, "engine.info.Driver", "42");
	ck_assert_int_eq(status_as("cis-1.8.0", "2.7", p, "Driver"), DA_ERROR);
	dt_del(p, "engine.info");
	dt_set(p, "engine.errors", "[{\"path\":\"/info\",\"error\":\"HTTP 500\"}]");
	ck_assert_int_eq(status_as("cis-1.8.0", "2.7", p, "HTTP 500"), DA_ERROR);
	/* not a check of CIS 1.6.0 or 1.7.0: there 2.7 is TLS */
	for (i = 0; i < 2; i++) {
		size_t k;
		da_catalog_build(&cat, &L, benchmarks[i]);
		for (k = 0; k < cat.n_defs; k++)
			ck_assert_ptr_null(strstr(cat.defs[k].title, "devicemapper"));
		da_catalog_release(&cat);
	}
	dt_probe_free(p);
}
END_TEST

/* --- 1.1.9: the docker.socket unit (1.6.0), the daemon's sockets (1.7.0 on) -- */

/* host.files[path] = json (paths have dots, so not through dt_set). */
static void set_file(struct da_probe *p, const char *path, const char *json)
{
	struct json_object *files = da_probe_get(p->root, "host.files");

	ck_assert(json_object_is_type(files, json_type_object));
	json_object_object_add(files, path, json_tokener_parse(json));
}

static void set_watched(struct da_probe *p, const char *watched, const char *resolved)
{
	dt_set(p, "host.audit.watched", watched);
	dt_set(p, "host.audit.watched_resolved", resolved);
}

#define SOCK_FILE "{\"exists\":true,\"type\":\"socket\",\"mode\":432,\"uid\":0,\"gid\":998," \
	"\"resolved\":\"%s\"}"

START_TEST(test_1_1_9)
{
	struct da_probe *p = dt_probe_fixture("host-base.json");
	struct da_result *r;
	char buf[256];
	size_t i;

	/* the fixture's rules watch the unit, not the socket /run/docker.sock */
	ck_assert_int_eq(status_as("cis-1.6.0", "1.1.9", p, "docker.socket"), DA_PASS);
	for (i = 1; i < N_BENCH; i++) {
		r = run_as(benchmarks[i], "1.1.9", p);
		ck_assert_int_eq(r->status, DA_WARN);
		ck_assert_str_eq(r->detail, "no audit rule for /run/docker.sock");
		ck_assert(dt_has_item(r, "/run/docker.sock"));
		ck_assert(r->scored);
		da_result_free(r);
	}
	/* a rule on the socket, none on the unit: the verdicts swap */
	set_watched(p, "[\"/run/docker.sock\"]", "[]");
	ck_assert_int_eq(status_as("cis-1.6.0", "1.1.9", p, "docker.socket"), DA_WARN);
	ck_assert_int_eq(status_as("cis-1.7.0", "1.1.9", p, "/run/docker.sock"), DA_PASS);
	ck_assert_int_eq(status_as("cis-1.8.0", "1.1.9", p, "/run/docker.sock"), DA_PASS);
	/* the benchmark's spelling: /var/run/docker.sock, /var/run a link to /run */
	set_watched(p, "[\"/var/run/docker.sock\"]", "[\"/run/docker.sock\"]");
	ck_assert_int_eq(status_as("cis-1.8.0", "1.1.9", p, NULL), DA_PASS);
	/* a daemon on two sockets: each needs its rule */
	snprintf(buf, sizeof(buf), SOCK_FILE, "/srv/docker/api.sock");
	set_file(p, "/srv/docker/api.sock", buf);
	dt_set(p, "host.docker_sockets", "[\"/run/docker.sock\",\"/srv/docker/api.sock\"]");
	r = run_as("cis-1.8.0", "1.1.9", p);
	ck_assert_int_eq(r->status, DA_WARN);
	ck_assert_uint_eq(r->n_items, 1);
	ck_assert(dt_has_item(r, "/srv/docker/api.sock"));
	da_result_free(r);
	set_watched(p, "[\"/var/run/docker.sock\",\"/srv/docker/api.sock\"]",
		    "[\"/run/docker.sock\",\"/srv/docker/api.sock\"]");
	ck_assert_int_eq(status_as("cis-1.7.0", "1.1.9", p, "each of the daemon's 2 sockets"),
			 DA_PASS);
	set_watched(p, "[]", "[]");
	r = run_as("cis-1.7.0", "1.1.9", p);
	ck_assert_int_eq(r->status, DA_WARN);
	ck_assert_uint_eq(r->n_items, 2);
	ck_assert_str_eq(r->detail, "no audit rule for 2 of the daemon's sockets");
	da_result_free(r);
	/* no unix socket: nothing to audit, not scored */
	dt_set(p, "host.docker_sockets", "[]");
	r = run_as("cis-1.8.0", "1.1.9", p);
	ck_assert_int_eq(r->status, DA_INFO);
	ck_assert(!r->scored);
	da_result_free(r);
	/* facts missing or unusable */
	dt_set(p, "host.docker_sockets", "[\"/run/docker.sock\", 7]");
	ck_assert_int_eq(status_as("cis-1.8.0", "1.1.9", p, "not a string"), DA_ERROR);
	dt_del(p, "host.docker_sockets");
	ck_assert_int_eq(status_as("cis-1.7.0", "1.1.9", p, "docker_sockets"), DA_ERROR);
	/* 1.6.0 never looks at the sockets */
	set_watched(p, "[\"/usr/lib/systemd/system/docker.socket\"]", "[]");
	ck_assert_int_eq(status_as("cis-1.6.0", "1.1.9", p, NULL), DA_PASS);
	/* a remote daemon: INFO in every version */
	dt_set(p, "host.available", "false");
	dt_set(p, "host.reason", "\"remote daemon\"");
	for (i = 0; i < N_BENCH; i++)
		ck_assert_int_eq(status_as(benchmarks[i], "1.1.9", p, "remote daemon"), DA_INFO);
	dt_probe_free(p);
}
END_TEST

/* --- 5.6: /lib64 from CIS 1.7.0 on ------------------------------------------- */

START_TEST(test_5_6_lib64)
{
	struct da_probe *p = dt_probe_fixture("runtime-base.json");
	const char *lib64 = "[{\"Type\":\"bind\",\"Source\":\"/lib64\",\"Destination\":\"/lib64\","
			    "\"Mode\":\"\",\"RW\":true,\"Propagation\":\"rprivate\"}]";
	const char *lib = "[{\"Type\":\"bind\",\"Source\":\"/lib\",\"Destination\":\"/hostlib\","
			  "\"Mode\":\"\",\"RW\":true,\"Propagation\":\"rprivate\"}]";
	struct da_result *r;
	size_t i;

	for (i = 0; i < N_BENCH; i++)
		ck_assert_int_eq(status_as(benchmarks[i], "5.6", p, NULL), DA_PASS);
	dt_set(p, "engine.containers.1.Mounts", lib64);
	ck_assert_int_eq(status_as("cis-1.6.0", "5.6", p, NULL), DA_PASS);
	for (i = 1; i < N_BENCH; i++) {
		r = run_as(benchmarks[i], "5.6", p);
		ck_assert_int_eq(r->status, DA_WARN);
		ck_assert(dt_has_item(r, "db"));
		ck_assert_uint_eq(r->n_items, 1);
		ck_assert_ptr_nonnull(strstr(r->items[0].detail, "/lib64 mounted read-write"));
		da_result_free(r);
	}
	/* /lib is sensitive in every version */
	dt_set(p, "engine.containers.1.Mounts", lib);
	for (i = 0; i < N_BENCH; i++)
		ck_assert_int_eq(status_as(benchmarks[i], "5.6", p, "read-write"), DA_WARN);
	dt_probe_free(p);
}
END_TEST

/* --- the optional checks: section 8 and the community checks ---------------- */

#define ENT "8.0 8.1.1 8.1.2 8.1.3 8.1.4 8.1.5 8.1.6 8.1.7 8.2.1"
#define COMMUNITY "C.1 C.1.1 C.2 C.5.3.1 C.5.3.2 C.5.3.3 C.5.3.4"

START_TEST(test_optional_selection)
{
	const char *bench = benchmarks[_i];
	struct da_catalog cat = { 0 };
	char *def, *cis, *all, *want;

	da_catalog_build(&cat, &L, bench);
	/* not in the default run nor in cis, as in docker-bench-security */
	def = picked(&cat, NULL, NULL, 0);
	cis = picked(&cat, "cis", NULL, 0);
	all = picked(&cat, "all", NULL, 0);
	ck_assert_str_eq(def, cis);
	ck_assert_ptr_null(strstr(def, " 8."));
	ck_assert_ptr_null(strstr(def, "C."));
	/* all is cis followed by section 8 and the community checks */
	want = da_xasprintf("%s " ENT " " COMMUNITY, cis);
	ck_assert_str_eq(all, want);
	free(want);
	ASSERT_PICKED(&cat, "cis_level1", "1,2,3,4,5,6,7", 0, "");
	ASSERT_PICKED(&cat, "community", NULL, 0, COMMUNITY);
	ASSERT_PICKED(&cat, "community_checks", NULL, 0, COMMUNITY);
	ASSERT_PICKED(&cat, "check_c", NULL, 0, COMMUNITY);
	ASSERT_PICKED(&cat, "C", NULL, 0, COMMUNITY);
	ASSERT_PICKED(&cat, "optional", NULL, 0, ENT " " COMMUNITY);
	ASSERT_PICKED(&cat, "check_8", NULL, 0, ENT);
	ASSERT_PICKED(&cat, "8", NULL, 0, ENT);
	ASSERT_PICKED(&cat, "docker_enterprise_configuration", NULL, 0, ENT);
	ASSERT_PICKED(&cat, "docker_enterprise_configuration_level1", NULL, 0, ENT);
	ASSERT_PICKED(&cat, "universal_control_plane_configuration", NULL, 0,
		      "8.0 8.1.1 8.1.2 8.1.3 8.1.4 8.1.5 8.1.6 8.1.7");
	ASSERT_PICKED(&cat, "docker_trusted_registry_configuration", NULL, 0, "8.0 8.2.1");
	ASSERT_PICKED(&cat, "C.5.3.1", NULL, 0, "C.5.3.1");
	ASSERT_PICKED(&cat, "check_c_5_3_4,check_8_2_1", NULL, 0, "8.2.1 C.5.3.4");
	ASSERT_PICKED(&cat, "C.5.3", NULL, 0, "C.5.3.1 C.5.3.2 C.5.3.3 C.5.3.4");
	ASSERT_PICKED(&cat, "C.5.*", "C.5.3.2", 0, "C.5.3.1 C.5.3.3 C.5.3.4");
	ASSERT_PICKED(&cat, "community,5.4", NULL, 1, "5.4 " COMMUNITY);
	ASSERT_PICKED(&cat, "all", "cis,community", 0, ENT);
	/* 5.3 is not the community's C.5.3 */
	ASSERT_PICKED(&cat, "5.3", NULL, 0, "5.3");
	free(def);
	free(cis);
	free(all);
	da_catalog_release(&cat);
}
END_TEST

/* The Enterprise-only checks leave a Community engine's run, headers with them. */
START_TEST(test_engine_edition)
{
	static const struct {
		const char *platform, *version;
		bool enterprise;
	} cases[] = {
		{ "Docker Engine - Community", "27.3.1", false },
		{ NULL, "17.06.0-ce", false },
		{ "", "26.1.5+dfsg1", false },
		{ NULL, "20.10.7-eef", false },
		{ NULL, NULL, false },
		{ "Docker Engine - Enterprise", "19.03.14", true },
		{ "Mirantis Container Runtime", "23.0.9", true },
		{ "docker engine - enterprise", NULL, true },
		{ NULL, "17.06.2-ee-16", true },
		{ NULL, "18.09.1-ee", true },
	};
	struct da_catalog cat = { 0 };
	bool *sel;
	char err[256];
	size_t i, n = 0;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		ck_assert_msg(da_engine_is_enterprise(cases[i].platform, cases[i].version) ==
			      cases[i].enterprise, "case %zu", i);
	da_catalog_build(&cat, &L, "cis-1.6.0");
	sel = da_xcalloc(cat.n_defs, sizeof(bool));
	ck_assert_int_eq(da_select(&cat, "all", NULL, sel, err, sizeof(err)), 0);
	da_select_engine(&cat, true, sel);
	for (i = 0; i < cat.n_defs; i++)
		n += sel[i] && cat.defs[i].section->id[0] == '8';
	ck_assert_uint_eq(n, 11); /* 9 checks and the headers 8.1, 8.2 */
	da_select_engine(&cat, false, sel);
	for (i = 0, n = 0; i < cat.n_defs; i++)
		if (sel[i] && cat.defs[i].section->id[0] == '8') {
			ck_assert_str_eq(cat.defs[i].id, "8.0");
			n++;
		}
	ck_assert_uint_eq(n, 1);
	/* the rest of the run is untouched */
	ck_assert(sel[0]);
	free(sel);
	da_catalog_release(&cat);
}
END_TEST

int main(void)
{
	const TTest *catalog[] = { test_default_is_160, test_scoring_is_per_check,
				   test_variant_guards, test_selection, test_engine_edition,
				   NULL };
	const TTest *versions[] = { test_section2_same_verdicts, test_2_7_devicemapper,
				    test_1_1_9, test_5_6_lib64, NULL };
	Suite *s = suite_create("benchmarks");
	TCase *tc = dt_tcase("catalog", NULL, catalog);

	tcase_add_checked_fixture(tc, load_modules, unload_modules);
	tcase_add_loop_test(tc, test_catalog_is_the_benchmark, 0, N_BENCH);
	tcase_add_loop_test(tc, test_levels, 0, N_BENCH);
	tcase_add_loop_test(tc, test_run_emits_the_benchmark, 0, N_BENCH);
	tcase_add_loop_test(tc, test_optional_selection, 0, N_BENCH);
	suite_add_tcase(s, tc);
	tc = dt_tcase("versions", NULL, versions);
	tcase_add_checked_fixture(tc, load_modules, unload_modules);
	suite_add_tcase(s, tc);
	return dt_run_suite(s);
}
