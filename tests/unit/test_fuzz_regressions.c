/*
 * Replays every seed corpus file (tests/fuzz/corpus/<target>/) and every
 * saved crasher (tests/fuzz/regressions/<target>/) through the same bodies
 * the libFuzzer targets run (tests/fuzz/targets.c), without libFuzzer: a
 * crash, a sanitizer report or a broken property fails the iteration of
 * that file, whose path is printed first.  Each target must have seeds.
 */
#include "config.h"

#include "targets.h"
#include "testlib.h"
#include "util.h"

#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct input {
	const struct dt_fuzz_target *target;
	char *path;
	bool seed; /* from corpus/, else regressions/ */
};

static struct input *inputs;
static size_t n_inputs;

static const char *fuzz_dir(void)
{
	const char *d = getenv("DA_FUZZ_DIR");

	return d && *d ? d : DT_FUZZ_DIR;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds the regular files of dir, in name order (dir may be missing). */
static size_t collect(const struct dt_fuzz_target *t, const char *dir, bool seed)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, i, added = 0;

	if (!d)
		return 0;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		names = da_xrealloc(names, (n + 1) * sizeof(*names));
		names[n++] = da_xasprintf("%s/%s", dir, de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), name_cmp);
	for (i = 0; i < n; i++) {
		struct stat st;
		if (stat(names[i], &st) != 0 || !S_ISREG(st.st_mode)) {
			free(names[i]);
			continue;
		}
		inputs = da_xrealloc(inputs, (n_inputs + 1) * sizeof(*inputs));
		inputs[n_inputs].target = t;
		inputs[n_inputs].path = names[i];
		inputs[n_inputs].seed = seed;
		n_inputs++;
		added++;
	}
	free(names);
	return added;
}

static void collect_all(void)
{
	const struct dt_fuzz_target *t;

	for (t = dt_fuzz_targets; t->name; t++) {
		char *dir = da_xasprintf("%s/corpus/%s", fuzz_dir(), t->name);
		collect(t, dir, true);
		free(dir);
		dir = da_xasprintf("%s/regressions/%s", fuzz_dir(), t->name);
		collect(t, dir, false);
		free(dir);
	}
}

/* One input file through its target (loop index i). */
START_TEST(test_replay)
{
	const struct input *in = &inputs[_i];
	unsigned char *data;
	size_t len;

	fprintf(stderr, "replaying %s %s\n", in->target->name, in->path);
	data = (unsigned char *)dt_read_file_len(in->path, &len);
	ck_assert_int_eq(in->target->run(data, len), 0);
	free(data);
}
END_TEST

/* Every target has seeds, so that the replay above covers each of them. */
START_TEST(test_every_target_has_seeds)
{
	const struct dt_fuzz_target *t;
	size_t i, n;

	for (t = dt_fuzz_targets; t->name; t++) {
		for (i = n = 0; i < n_inputs; i++)
			n += inputs[i].target == t && inputs[i].seed;
		ck_assert_msg(n >= 2, "target %s has %zu seed files in %s/corpus/%s", t->name, n,
			      fuzz_dir(), t->name);
	}
}
END_TEST

/* The empty input, which no corpus file is, through every target. */
START_TEST(test_empty_inputs)
{
	const struct dt_fuzz_target *t;

	for (t = dt_fuzz_targets; t->name; t++)
		ck_assert_int_eq(t->run((const uint8_t *)"", 0), 0);
}
END_TEST

/*
 * The property checks reject what they must (so that a replay that passes
 * means something): invalid UTF-8, control characters, bad paths.
 */
START_TEST(test_properties_live)
{
	ck_assert_int_eq(dt_fuzz_selftest(), 0);
}
END_TEST

static Suite *fuzz_suite(void)
{
	Suite *s = suite_create("fuzz-regressions");
	TCase *tc = tcase_create("replay");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_properties_live);
	tcase_add_test(tc, test_every_target_has_seeds);
	tcase_add_test(tc, test_empty_inputs);
	tcase_add_loop_test(tc, test_replay, 0, (int)n_inputs);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr;
	int failed;
	size_t i;

	collect_all();
	sr = srunner_create(fuzz_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	for (i = 0; i < n_inputs; i++)
		free(inputs[i].path);
	free(inputs);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
