/*
 * The skip rule of the libcheck programs (tests/testlib.c): a program
 * that leaves a test out exits 77, which automake reports as SKIP, never
 * 0; under CI=true it exits 1.  This program runs itself again with
 * DT_SKIP_CHILD naming a small suite, with and without CI=true, and checks
 * the exit status of each.
 */
#include "config.h"

#include "testlib.h"

#include <check.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

START_TEST(child_pass)
{
	ck_assert_int_eq(1, 1);
}
END_TEST

START_TEST(child_skip)
{
	dt_skip("test_skip: this part cannot run here (on purpose)");
}
END_TEST

START_TEST(child_fail)
{
	ck_assert_int_eq(1, 2);
}
END_TEST

/* The child: a suite of the tests that kind names. */
static int child(const char *kind)
{
	TCase *tc = tcase_create(kind);

	tcase_add_test(tc, child_pass);
	if (strstr(kind, "skip"))
		tcase_add_test(tc, child_skip);
	if (strstr(kind, "fail"))
		tcase_add_test(tc, child_fail);
	if (strstr(kind, "main"))
		dt_skip("test_skip: a part left out before the tests run (on purpose)");
	return dt_main("child", tc);
}

/* This program again as the child kind, CI set to ci (NULL: unset). */
static int run_child(const char *self, const char *kind, const char *ci)
{
	int status;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		if (null >= 0) {
			dup2(null, 1);
			dup2(null, 2);
		}
		setenv("DT_SKIP_CHILD", kind, 1);
		if (ci)
			setenv("CI", ci, 1);
		else
			unsetenv("CI");
		execl(self, self, (char *)NULL);
		_exit(126);
	}
	while (waitpid(pid, &status, 0) < 0)
		ck_assert_int_eq(errno, EINTR);
	ck_assert_msg(WIFEXITED(status), "%s: no exit status", kind);
	return WEXITSTATUS(status);
}

static const char *self_path;

START_TEST(skip_rule)
{
	static const struct {
		const char *kind, *ci;
		int want;
	} cases[] = {
		{ "pass", NULL, 0 },
		{ "pass", "true", 0 },
		{ "skip", NULL, 77 },
		{ "skip", "false", 77 },
		{ "skip", "true", 1 },
		{ "main", NULL, 77 },
		{ "main", "true", 1 },
		{ "skip-fail", NULL, 1 },
		{ "fail", NULL, 1 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int got = run_child(self_path, cases[i].kind, cases[i].ci);

		ck_assert_msg(got == cases[i].want, "%s with CI=%s: exit %d, want %d",
			      cases[i].kind, cases[i].ci ? cases[i].ci : "(unset)",
			      got, cases[i].want);
	}
}
END_TEST

int main(int argc, char **argv)
{
	const char *kind = getenv("DT_SKIP_CHILD");
	TCase *tc;

	(void)argc;
	if (kind && *kind)
		return child(kind);
	self_path = argv[0];
	tc = tcase_create("rule");
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, skip_rule);
	return dt_main("skip", tc);
}
