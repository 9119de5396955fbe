/*
 * Test modules for the loader suite: one source, built several times with
 * a different TESTMOD_VARIANT each, to give a good module and one module
 * per refusal reason.
 */
#include <dockaudit/module.h>

#include <stddef.h>

/* the refusal variants override fields that DA_MODULE_HEAD sets */
#pragma GCC diagnostic ignored "-Woverride-init"

#define V_GOOD 0
#define V_BAD_MAGIC 1
#define V_NEW_MINOR 2
#define V_OLD_MAJOR 3
#define V_NO_NAME 4
#define V_DUP_CHECK 5
#define V_NO_RUN 6
#define V_OTHER 7      /* a second good module, section 9 */
#define V_CLASH 8      /* a good module whose check id clashes with V_GOOD's */
#define V_CRASH 9      /* 8.2 dies of SIGSEGV */
#define V_HANG 10      /* 8.2 never returns */
#define V_GARBAGE 11   /* 8.2 scribbles on every descriptor and reports status 42 */
#define V_ORPHAN 12    /* 8.2 leaves a sleeping grandchild that keeps every descriptor */
#define V_NOISY 13     /* 8.2 reads standard input, writes to standard output and error */
#define V_HANGKIDS 14  /* 8.2 leaves a sleeping grandchild, then never returns */
#define V_FLOOD 15     /* 8.2 reports more than a pipe holds (FLOOD_ITEMS long items) */
#define FLOOD_ITEMS 2500
#define FLOOD_DETAIL 1000

/*
 * V_ORPHAN and V_HANGKIDS append the pids of the module child and its
 * grandchild to the file named by $DA_TESTMOD_PIDFILE, one a line.
 */

__attribute__((unused)) static void run_pass(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	(void)p;
	h->set(res, DA_PASS, "fine");
}

#if TESTMOD_VARIANT >= V_CRASH
#include <signal.h>
#include <string.h>
#include <unistd.h>
#endif
#if TESTMOD_VARIANT == V_ORPHAN || TESTMOD_VARIANT == V_HANGKIDS
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>

static void note_pid(pid_t pid)
{
	const char *path = getenv("DA_TESTMOD_PIDFILE");
	char line[32];
	int fd, n;

	if (!path)
		return;
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0600);
	n = snprintf(line, sizeof(line), "%ld\n", (long)pid);
	if (fd >= 0 && write(fd, line, (size_t)n) != n)
		_exit(9);
	if (fd >= 0)
		close(fd);
}

/*
 * A grandchild that keeps every descriptor of the module and sleeps.  The
 * module child records both pids itself, before it returns, so the file is
 * complete however soon the group is killed.
 */
static void leave_grandchild(void)
{
	pid_t kid;

	note_pid(getpid());
	kid = fork();
	if (kid == 0) {
		for (;;)
			pause();
	}
	if (kid > 0)
		note_pid(kid);
}
#endif

__attribute__((unused)) static void run_warn(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
#if TESTMOD_VARIANT == V_CRASH
	/* a real SIGSEGV, even where a sanitizer would catch a bad pointer */
	signal(SIGSEGV, SIG_DFL);
	raise(SIGSEGV);
#elif TESTMOD_VARIANT == V_HANG
	for (;;)
		pause();
#elif TESTMOD_VARIANT == V_ORPHAN
	leave_grandchild();
#elif TESTMOD_VARIANT == V_HANGKIDS
	leave_grandchild();
	for (;;)
		pause();
#elif TESTMOD_VARIANT == V_NOISY
	{
		static const char out[] = "NOISE ON STDOUT \033[31m{\"not\": \"json\"}\n";
		static const char err[] = "noise \033]0;title\007 on stderr\n";
		static char lots[6000];
		char c;
		ssize_t got = read(0, &c, 1);
		if (write(1, out, sizeof(out) - 1) < 0 || write(2, err, sizeof(err) - 1) < 0)
			got = -2;
		memset(lots, 'x', sizeof(lots));
		if (write(2, lots, sizeof(lots)) < 0)
			got = -2;
		h->set(res, DA_WARN, "standard input: %s",
		       got == 0 ? "end of file" : got > 0 ? "data" : "error");
		return;
	}
#elif TESTMOD_VARIANT == V_FLOOD
	{
		static char detail[FLOOD_DETAIL + 1];
		int i;

		memset(detail, 'y', FLOOD_DETAIL);
		for (i = 0; i < FLOOD_ITEMS; i++)
			h->item(res, "container", "abc123", "web<1>", "%d %s", i, detail);
		h->set(res, DA_WARN, "flood");
		return;
	}
#elif TESTMOD_VARIANT == V_GARBAGE
	int fd;
	for (fd = 3; fd < 64; fd++)
		if (write(fd, "}{garbage\n", 10) < 0)
			continue;
	h->set(res, (enum da_status)42, "bogus");
	return;
#endif
	const char *v = h->str(h->probe_root(p), "engine.version.Version");
	h->item(res, "container", "abc123", "web<1>", "detail %d", 7);
	h->set(res, DA_WARN, "version %s", v ? v : "?");
}

__attribute__((unused)) static void run_silent(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	(void)h; (void)p; (void)res;
}

static const struct da_check checks[] = {
#if TESTMOD_VARIANT == V_OTHER
	{ .id = "9.1", .title = "Other check (Automated)", .flags = DA_CHECK_SCORED,
	  .level = 1, .run = run_pass },
#else
	{ .id = "8.0", .title = "A header", .flags = DA_CHECK_HEADER },
	{ .id = "8.1", .title = "Passing check (Automated)", .flags = DA_CHECK_SCORED,
	  .level = 1, .groups = "testgroup", .run = run_pass },
	{ .id = "8.2", .title = "Warning check (Automated)", .flags = DA_CHECK_SCORED,
	  .level = 2, .remediation = "fix it", .impact = "none", .run = run_warn },
#if TESTMOD_VARIANT == V_DUP_CHECK
	{ .id = "8.2", .title = "Duplicate", .run = run_pass },
#elif TESTMOD_VARIANT == V_NO_RUN
	{ .id = "8.3", .title = "No run function" },
#else
	{ .id = "8.3", .title = "Silent check (Manual)", .flags = DA_CHECK_MANUAL, .run = run_silent },
#endif
#endif
};

DA_EXPORT const struct da_module DA_MODULE_SYMBOL = {
	DA_MODULE_HEAD,
#if TESTMOD_VARIANT == V_BAD_MAGIC
	.magic = 0x12345678u,
#elif TESTMOD_VARIANT == V_NEW_MINOR
	.abi_minor = DA_ABI_MINOR + 1,
#elif TESTMOD_VARIANT == V_OLD_MAJOR
	.abi_major = DA_ABI_MAJOR + 1,
#endif
#if TESTMOD_VARIANT == V_NO_NAME
	.name = NULL,
#elif TESTMOD_VARIANT == V_OTHER
	.name = "other",
#elif TESTMOD_VARIANT == V_CLASH
	.name = "clash",
#else
	.name = "testmod",
#endif
	.version = "1.0",
#if TESTMOD_VARIANT == V_OTHER
	.section = "9",
#else
	.section = "8",
#endif
	.section_title = "Test section",
#if TESTMOD_VARIANT == V_OTHER
	.group = "other_section",
#else
	.group = "test_section",
#endif
	.checks = checks,
	.n_checks = DA_COUNT(checks),
};
