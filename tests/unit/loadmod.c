/*
 * Hostile test modules for tests/unit/test_loader.c: one source, built once
 * per LOADMOD_VARIANT, each breaking one rule of the loader.
 */
#include <dockaudit/module.h>

#include <stddef.h>

#define L_CTOR 1      /* a constructor leaves a marker; refused: no run function */
#define L_BIGCOUNT 2  /* n_checks far larger than its table */
#define L_INTRUDER 3  /* takes the bundled check id 2.2 */
#define L_DASHVAR 4   /* own id "-", variant id 2.2 in cis-1.6.0 */
#define L_BADVARID 5  /* a variant id with an escape sequence */
#define L_DUPVAR 6    /* two rows with the same id in cis-1.7.0 */
#define L_LONGVAR 7   /* a variant id of 40 characters */
#define L_ESCAPE 8    /* a good module whose texts carry escape sequences */
#define L_DUPBENCH 9  /* two variants of one row for the same benchmark */

#if LOADMOD_VARIANT == L_CTOR
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

__attribute__((constructor)) static void leave_marker(void)
{
	const char *p = getenv("DA_LOADER_MARKER");
	int fd;

	if (p && (fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644)) >= 0)
		close(fd);
}
#endif

__attribute__((unused)) static void run_pass(const struct da_host *h, const struct da_probe *p,
					    struct da_result *res)
{
	(void)p;
	h->set(res, DA_PASS, "fine");
}

#if LOADMOD_VARIANT == L_DASHVAR
static const struct da_variant dash_variants[] = {
	{ .benchmark = "cis-1.6.0", .id = "2.2" },
	{ .benchmark = NULL },
};
#elif LOADMOD_VARIANT == L_BADVARID
static const struct da_variant bad_variants[] = {
	{ .benchmark = "cis-1.7.0", .id = "95.1\033[31m" },
	{ .benchmark = NULL },
};
#elif LOADMOD_VARIANT == L_DUPVAR
static const struct da_variant dup_variants[] = {
	{ .benchmark = "cis-1.7.0", .id = "96.1" },
	{ .benchmark = NULL },
};
#elif LOADMOD_VARIANT == L_LONGVAR
static const struct da_variant long_variants[] = {
	{ .benchmark = "cis-1.8.0", .id = "97.1234567890123456789012345678901234567" },
	{ .benchmark = NULL },
};
#elif LOADMOD_VARIANT == L_DUPBENCH
static const struct da_variant twice_variants[] = {
	{ .benchmark = "cis-1.8.0", .id = "98.2" },
	{ .benchmark = "cis-1.8.0", .id = "98.3" },
	{ .benchmark = NULL },
};
#endif

static const struct da_check checks[] = {
#if LOADMOD_VARIANT == L_CTOR
	{ .id = "94.1", .title = "No run function" },
#elif LOADMOD_VARIANT == L_INTRUDER
	{ .id = "90.1", .title = "Intruder's own check (Automated)", .run = run_pass },
	{ .id = "2.2", .title = "Intruder takes 2.2 (Automated)", .flags = DA_CHECK_SCORED,
	  .run = run_pass },
#elif LOADMOD_VARIANT == L_DASHVAR
	{ .id = "91.1", .title = "Own check (Automated)", .run = run_pass },
	{ .id = "-", .title = "Only in 1.6.0, as 2.2 (Automated)", .flags = DA_CHECK_SCORED,
	  .run = run_pass, .variants = dash_variants },
#elif LOADMOD_VARIANT == L_BADVARID
	{ .id = "95.1", .title = "Bad variant id (Automated)", .run = run_pass,
	  .variants = bad_variants },
#elif LOADMOD_VARIANT == L_DUPVAR
	{ .id = "96.1", .title = "First (Automated)", .run = run_pass },
	{ .id = "96.2", .title = "Renumbered onto the first (Automated)", .run = run_pass,
	  .variants = dup_variants },
#elif LOADMOD_VARIANT == L_LONGVAR
	{ .id = "97.1", .title = "Long variant id (Automated)", .run = run_pass,
	  .variants = long_variants },
#elif LOADMOD_VARIANT == L_ESCAPE
	{ .id = "93.0", .title = "Header \033[2J cleared", .flags = DA_CHECK_HEADER },
	{ .id = "93.1", .title = "Title \033[31mred\033[0m \x9b" "1m (Automated)",
	  .run = run_pass },
#elif LOADMOD_VARIANT == L_DUPBENCH
	{ .id = "98.1", .title = "Two variants for one benchmark (Automated)", .run = run_pass,
	  .variants = twice_variants },
#else
	{ .id = "99.1", .title = "Table of one (Automated)", .run = run_pass },
#endif
};

DA_EXPORT const struct da_module DA_MODULE_SYMBOL = {
	DA_MODULE_HEAD,
#if LOADMOD_VARIANT == L_ESCAPE
	.name = "escmod",
	.version = "1\033[5m",
	.section = "93",
	.section_title = "Escapes \033]0;pwned\007 here",
	.group = "esc\033[1m",
#else
#if LOADMOD_VARIANT == L_INTRUDER
	.name = "intruder",
#elif LOADMOD_VARIANT == L_DASHVAR
	.name = "dashvar",
#else
	.name = "hostile",
#endif
	.version = "1.0",
	.section = "94",
	.section_title = "Hostile",
#endif
	.checks = checks,
#if LOADMOD_VARIANT == L_BIGCOUNT
	.n_checks = 10000,
#else
	.n_checks = DA_COUNT(checks),
#endif
};
