/*
 * Input from the command line and from the daemon that used to slip
 * through: empty -c/-e terms and selections that leave nothing to run,
 * -i/-x patterns that cost gigabytes in regcomp, and NUL bytes inside the
 * daemon's strings (docs/failures.md).
 */
#include "config.h"

#include "escape.h"
#include "probe.h"
#include "report.h"
#include "select.h"
#include "snapshot.h"
#include "util.h"

#include <check.h>
#include <regex.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- a small catalog: section 8 (8.1 L1, 8.2 L2, 8.3 L1) and 9 (9.1 L1) --- */

static struct da_section sec8 = { "8", "Eight", "eight_group", "m", "1" };
static struct da_section sec9 = { "9", "Nine", NULL, "m", "1" };
static struct da_checkdef defs[] = {
	{ NULL, &sec8, "8.1", "one", DA_CHECK_SCORED, 1, NULL, NULL },
	{ NULL, &sec8, "8.2", "two", DA_CHECK_SCORED, 2, NULL, NULL },
	{ NULL, &sec8, "8.3", "three", DA_CHECK_SCORED, 1, NULL, NULL },
	{ NULL, &sec9, "9.1", "nine", DA_CHECK_SCORED, 1, NULL, NULL },
};
static const struct da_catalog cat = { defs, sizeof(defs) / sizeof(defs[0]) };

/* da_select's code and its error; the picked ids in picked. */
static int sel(const char *inc, const char *exc, char *picked, char *err)
{
	bool s[4];
	int rc;
	size_t i;

	err[0] = picked[0] = '\0';
	rc = da_select(&cat, inc, exc, s, err, 256);
	for (i = 0; i < cat.n_defs; i++)
		if (s[i]) {
			if (picked[0])
				strcat(picked, " ");
			strcat(picked, defs[i].id);
		}
	ck_assert_ptr_null(strchr(err, '\n'));
	return rc;
}

START_TEST(select_empty_terms)
{
	static const char *const bad[] = { ",", " ", "  ,  ", "8.1,", ",8.1", "8.1,,9.1", "8.1, ,9.1" };
	char picked[64], err[256];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(sel(bad[i], NULL, picked, err) == DA_ERR_INVALID, "-c '%s'", bad[i]);
		ck_assert_msg(strstr(err, "-c: empty term in '") != NULL, "%s", err);
		ck_assert_msg(sel(NULL, bad[i], picked, err) == DA_ERR_INVALID, "-e '%s'", bad[i]);
		ck_assert_msg(strstr(err, "-e: empty term in '") != NULL, "%s", err);
	}
	/* spaces around a term are not part of it */
	ck_assert_int_eq(sel(" 8.1 , 9.1 ", NULL, picked, err), DA_OK);
	ck_assert_str_eq(picked, "8.1 9.1");
	ck_assert_int_eq(sel("8", " 8.2 ", picked, err), DA_OK);
	ck_assert_str_eq(picked, "8.1 8.3");
	/* an empty list is no list (docker-bench-security: -c "" runs everything) */
	ck_assert_int_eq(sel("", "", picked, err), DA_OK);
	ck_assert_str_eq(picked, "8.1 8.2 8.3 9.1");
	/* the term named is escaped */
	ck_assert_int_eq(sel("8.1,\x1b[31m", NULL, picked, err), DA_ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(err, "no check matches '\\x1b[31m'"));
	ck_assert_ptr_null(strchr(err, '\x1b'));
}
END_TEST

START_TEST(select_leaves_nothing)
{
	char picked[64], err[256];
	bool s[4];

	ck_assert_int_eq(sel("8", "8.*", picked, err), DA_OK);
	ck_assert_str_eq(picked, "");
	ck_assert_int_eq(da_select(&cat, "8", "8.*", s, err, sizeof(err)), DA_OK);
	ck_assert_int_eq(da_select_nonempty(&cat, s, "8", "8.*", 0, err, sizeof(err)),
			 DA_ERR_INVALID);
	ck_assert_str_eq(err, "the selection leaves no check to run (-c '8' -e '8.*')");

	ck_assert_int_eq(da_select(&cat, NULL, "all", s, err, sizeof(err)), DA_OK);
	ck_assert_int_eq(da_select_nonempty(&cat, s, NULL, "all", 0, err, sizeof(err)),
			 DA_ERR_INVALID);
	ck_assert_str_eq(err, "the selection leaves no check to run (-e 'all')");

	/* --level can empty it too: 8.2 is Level 2 */
	ck_assert_int_eq(da_select(&cat, "8.2", NULL, s, err, sizeof(err)), DA_OK);
	ck_assert_int_eq(da_select_nonempty(&cat, s, "8.2", NULL, 0, err, sizeof(err)), DA_OK);
	da_select_level(&cat, 1, s);
	ck_assert_int_eq(da_select_nonempty(&cat, s, "8.2", NULL, 1, err, sizeof(err)),
			 DA_ERR_INVALID);
	ck_assert_str_eq(err, "the selection leaves no check to run (-c '8.2' --level 1)");

	/* one check is enough */
	ck_assert_int_eq(da_select(&cat, "8", "8.1,8.2", s, err, sizeof(err)), DA_OK);
	ck_assert_int_eq(da_select_nonempty(&cat, s, "8", "8.1,8.2", 0, err, sizeof(err)), DA_OK);
}
END_TEST

/* --- -i/-x patterns --------------------------------------------------------- */

START_TEST(pattern_elements)
{
	char big[64];

	ck_assert_uint_eq(da_pattern_elements("web"), 3);
	ck_assert_uint_eq(da_pattern_elements("x{255}"), 255);
	ck_assert_uint_eq(da_pattern_elements("(x{255}){255}"), 65025);
	ck_assert_uint_eq(da_pattern_elements("((x{255}){255}){255}"), 16581375);
	ck_assert_uint_eq(da_pattern_elements("x{2}{3}{4}"), 24);
	ck_assert_uint_eq(da_pattern_elements("x{2,}"), 3);
	ck_assert_uint_eq(da_pattern_elements("x{,7}"), 7);
	ck_assert_uint_eq(da_pattern_elements("x{2,9}"), 9);
	ck_assert_uint_eq(da_pattern_elements("x{0}"), 1);
	ck_assert_uint_eq(da_pattern_elements("[a-z]{64}"), 64);
	ck_assert_uint_eq(da_pattern_elements("[]{}]{3}"), 3);          /* braces in a bracket */
	ck_assert_uint_eq(da_pattern_elements("[[:alpha:]]{5}"), 5);
	ck_assert_uint_eq(da_pattern_elements("\\{{5}"), 5);            /* an escaped brace */
	ck_assert_uint_eq(da_pattern_elements("a|b"), 3);
	ck_assert_uint_eq(da_pattern_elements("x?"), 2);
	ck_assert_uint_eq(da_pattern_elements("x+"), 3);
	ck_assert_uint_eq(da_pattern_elements("((x+)+)+"), 15);        /* "+" doubles */
	ck_assert_uint_eq(da_pattern_elements("(web|api){1,3}"), 21);
	ck_assert_uint_eq(da_pattern_elements("x{a}"), 4);              /* not a bound */
	/* counts stop growing instead of wrapping */
	snprintf(big, sizeof(big), "((x{99999999999999999999}){99999}){99999}");
	ck_assert_uint_eq(da_pattern_elements(big), (uint64_t)1 << 40);
}
END_TEST

/* da_pattern_compile's code; err must be one line with no raw control byte. */
static int compile(const char *pat, char *err, size_t errlen)
{
	regex_t re;
	int rc;
	const char *c;

	err[0] = '\0';
	rc = da_pattern_compile(&re, pat, "-i", err, errlen);
	if (rc == DA_OK)
		regfree(&re);
	for (c = err; *c; c++)
		ck_assert_msg((unsigned char)*c >= 0x20 && *c != 0x7f, "raw control in '%s'", err);
	return rc;
}

START_TEST(pattern_refused)
{
	char err[512], *pat;
	size_t i;

	ck_assert_int_eq(compile("((x{255}){255}){255}", err, sizeof(err)), DA_ERR_INVALID);
	ck_assert_str_eq(err, "-i pattern refused: repetition too large ('((x{255}){255}){255}' "
			 "written out has 16581375 elements, at most 1024)");
	ck_assert_int_eq(compile("(x{255}){255}", err, sizeof(err)), DA_ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(err, "repetition too large"));
	ck_assert_int_eq(compile("(([a-z]?)+){255}", err, sizeof(err)), DA_ERR_INVALID);
	ck_assert_int_eq(compile("((((((((((((((((((((x)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+",
				 err, sizeof(err)), DA_ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(err, "repetition too large"));

	ck_assert_int_eq(compile("(a*)(a*)\\2\\1b", err, sizeof(err)), DA_ERR_INVALID);
	ck_assert_str_eq(err, "-i pattern refused: back-reference \\2 in '(a*)(a*)\\2\\1b' "
			 "(matching one can take exponential time)");
	/* inside a bracket, "\1" is two characters */
	ck_assert_int_eq(compile("[\\1]", err, sizeof(err)), DA_OK);

	pat = da_xmalloc(DA_PATTERN_MAX_LEN + 2);
	memset(pat, 'x', DA_PATTERN_MAX_LEN + 1);
	pat[DA_PATTERN_MAX_LEN + 1] = '\0';
	ck_assert_int_eq(compile(pat, err, sizeof(err)), DA_ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(err, "-i pattern refused: longer than 1024 bytes ('xxx"));
	ck_assert_ptr_nonnull(strstr(err, "...' is 1025 bytes)"));
	/* 1024 bytes, 1024 elements: accepted */
	for (i = 0; i < DA_PATTERN_MAX_LEN; i += 2)
		memcpy(pat + i, "x?", 2);
	pat[DA_PATTERN_MAX_LEN] = '\0';
	ck_assert_int_eq(compile(pat, err, sizeof(err)), DA_OK);
	free(pat);

	/* regcomp's own refusal: one line, the pattern escaped */
	ck_assert_int_eq(compile("(\x1b]0;t\x07", err, sizeof(err)), DA_ERR_INVALID);
	ck_assert_str_eq(err, "-i pattern '(\\x1b]0;t\\x07' is invalid: unmatched ( or \\(");

	ck_assert_int_eq(da_patterns_check("web,((x{255}){255}){255}", "-x", err, sizeof(err)),
			 DA_ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(err, "-x pattern refused: repetition too large"));
	ck_assert_int_eq(da_patterns_check("web,^db-[0-9]{3}$", "-x", err, sizeof(err)), DA_OK);
	/* 8 patterns of 1024 elements pass, a ninth is too many */
	{
		struct da_buf l = { 0 };
		int k;

		for (k = 0; k < 8; k++)
			da_buf_adds(&l, k ? ",[a-z]{1024}" : "[a-z]{1024}");
		ck_assert_int_eq(da_patterns_check(da_buf_str(&l), "-i", err, sizeof(err)), DA_OK);
		da_buf_adds(&l, ",x");
		ck_assert_int_eq(da_patterns_check(da_buf_str(&l), "-i", err, sizeof(err)),
				 DA_ERR_INVALID);
		ck_assert_str_eq(err, "-i patterns refused: too many (97 bytes, more than 8192 "
				 "elements in all)");
		da_buf_release(&l);
	}
}
END_TEST

START_TEST(pattern_accepted_matches)
{
	char err[256];
	regex_t re;

	ck_assert_int_eq(da_pattern_compile(&re, "^app-[0-9a-f]{12}$", "-i", err, sizeof(err)),
			 DA_OK);
	ck_assert_int_eq(regexec(&re, "app-0123456789ab", 0, NULL, 0), 0);
	ck_assert_int_ne(regexec(&re, "app-0123", 0, NULL, 0), 0);
	regfree(&re);
}
END_TEST

/* --- NUL bytes in daemon strings --------------------------------------------- */

START_TEST(defuse_nul_text)
{
	static const char in[] = "{\"a\\u0000b\": \"x\\u0000y\", \"c\": \"\\\\u0000\", "
				 "\"d\": \"\\\\\\u0000\", \"e\": \"\\\"\\u0000\"}";
	static const char want[] = "{\"a\\\\u0000b\": \"x\\\\u0000y\", \"c\": \"\\\\u0000\", "
				   "\"d\": \"\\\\\\\\u0000\", \"e\": \"\\\"\\\\u0000\"}";
	size_t n = 0;
	char *out;

	ck_assert_ptr_null(da_json_defuse_nul("{\"a\": \"\\u0001\"}", 15, &n));
	ck_assert_ptr_null(da_json_defuse_nul("", 0, &n));
	out = da_json_defuse_nul(in, sizeof(in) - 1, &n);
	ck_assert_ptr_nonnull(out);
	ck_assert_uint_eq(n, sizeof(want) - 1);
	ck_assert_str_eq(out, want);
	free(out);
	/* only the given length is read */
	ck_assert_ptr_null(da_json_defuse_nul("\"\\u0000\"", 5, &n));
}
END_TEST

START_TEST(snapshot_keeps_nul_strings)
{
	static const char doc[] =
		"{\"probe_version\": 1, \"engine\": {\"containers\": [{\"Name\": "
		"\"/host\\u0000hidden\", \"Config\": {\"Labels\": {\"k\\u0000ey\": "
		"\"v\\u0000alue\"}}}]}}";
	struct da_probe p;
	struct json_object *labels, *v = NULL;
	char err[256];

	da_probe_init(&p);
	ck_assert_msg(da_probe_load_snapshot_mem(&p, doc, sizeof(doc) - 1, err, sizeof(err)) ==
		      DA_OK, "%s", err);
	ck_assert_str_eq(da_probe_str(p.root, "engine.containers.0.Name"),
			 "/host\\u0000hidden");
	labels = da_probe_get(p.root, "engine.containers.0.Config.Labels");
	ck_assert(json_object_object_get_ex(labels, "k\\u0000ey", &v));
	ck_assert_str_eq(json_object_get_string(v), "v\\u0000alue");
	ck_assert_int_eq(json_object_get_string_len(v), 11);
	da_probe_release(&p);
}
END_TEST

static Suite *input_suite(void)
{
	Suite *s = suite_create("input");
	TCase *tc;

	tc = tcase_create("select");
	tcase_add_test(tc, select_empty_terms);
	tcase_add_test(tc, select_leaves_nothing);
	suite_add_tcase(s, tc);

	tc = tcase_create("patterns");
	tcase_add_test(tc, pattern_elements);
	tcase_add_test(tc, pattern_refused);
	tcase_add_test(tc, pattern_accepted_matches);
	suite_add_tcase(s, tc);

	tc = tcase_create("nul");
	tcase_add_test(tc, defuse_nul_text);
	tcase_add_test(tc, snapshot_keeps_nul_strings);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(input_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
