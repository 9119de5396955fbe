/*
 * Reports built by hand for the formatter suites (reportfix.h).
 */
#include "config.h"

#include "reportfix.h"
#include "util.h"

#include <check.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void dt_report_init(struct dt_report *d, size_t n_sections)
{
	size_t i;

	ck_assert_uint_le(n_sections, DT_REPORT_MAX_SECTIONS);
	memset(d, 0, sizeof(*d));
	d->n_sections = n_sections;
	d->r.sections = da_xcalloc(n_sections, sizeof(*d->r.sections));
	for (i = 0; i < n_sections; i++)
		d->r.sections[i].results =
			da_xcalloc(DT_REPORT_MAX_DEFS, sizeof(struct da_result *));
	d->r.tool_version = "0.1.0-test";
	d->r.benchmark = "cis-1.6.0";
	d->r.benchmark_title = "CIS Docker Benchmark 1.6.0";
	d->r.start = 1700000000; /* 2023-11-14T22:13:20Z */
	d->r.end = 1700000042;
}

void dt_report_release(struct dt_report *d)
{
	size_t i;

	/* sections that got no result are not the report's to free */
	for (i = d->r.n_sections; i < d->n_sections; i++)
		free(d->r.sections[i].results);
	da_report_release(&d->r);
	for (i = 0; i < d->n_pool; i++)
		free(d->pool[i]);
	d->n_pool = 0;
}

char *dt_report_keep(struct dt_report *d, char *s)
{
	ck_assert_uint_lt(d->n_pool, DT_REPORT_MAX_POOL);
	d->pool[d->n_pool++] = s;
	return s;
}

struct da_checkdef *dt_report_def(struct dt_report *d, const char *id, const char *title,
				  unsigned flags, int level, const char *rem,
				  const char *impact)
{
	struct da_checkdef *def;

	ck_assert_uint_lt(d->n_defs, DT_REPORT_MAX_DEFS);
	def = &d->defs[d->n_defs++];
	def->id = id;
	def->title = title;
	def->flags = flags;
	def->level = level;
	def->remediation = rem;
	def->impact = impact;
	return def;
}

struct da_check *dt_report_link_check(struct dt_report *d, struct da_checkdef *def,
				      const char *groups)
{
	struct da_check *c = &d->checks[def - d->defs];

	c->id = def->id;
	c->title = def->id;
	c->flags = def->flags;
	c->groups = groups;
	def->check = c;
	return c;
}

struct da_result *dt_report_add(struct dt_report *d, size_t sec,
				const struct da_checkdef *def, size_t limit)
{
	struct da_report_section *rs = &d->r.sections[sec];
	struct da_result *res = da_result_new(def, limit);

	if (sec >= d->r.n_sections)
		d->r.n_sections = sec + 1;
	rs->section = &d->secs[sec];
	ck_assert_uint_lt(rs->n_results, DT_REPORT_MAX_DEFS);
	rs->results[rs->n_results++] = res;
	return res;
}

char *dt_render(const char *name, const struct da_report *r, bool color)
{
	struct da_output out = { 0 };
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	int err;

	ck_assert_ptr_nonnull(fp);
	out.fmt = da_formatter_find(name);
	ck_assert_msg(out.fmt != NULL, "no formatter %s", name);
	out.fp = fp;
	out.color = color;
	err = da_format_report(&out, r);
	ck_assert_msg(err == 0, "%s: da_format_report: %s", name, da_strerror(err));
	ck_assert_msg(out.state == NULL, "%s: state left after end", name);
	ck_assert_int_eq(fclose(fp), 0);
	ck_assert_uint_eq(strlen(buf), len); /* no NUL byte inside */
	return buf;
}
