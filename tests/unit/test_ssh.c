/*
 * core/sshconn.c: ssh:// URL parsing (users, ports, IPv6, refusals), the
 * ssh command line, and the engine's errors over ssh with a fake ssh
 * program in $PATH: its refusal, a missing remote docker, no ssh at all;
 * nothing is left in $TMPDIR.
 */
#include "config.h"

#include "engine.h"
#include "sshconn.h"
#include "util.h"
#include "testlib.h"

#include <check.h>

#include <dirent.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void expect_url(const char *url, const char *user, const char *host, const char *port,
		       const char *canon)
{
	struct da_ssh_target t;
	char err[512] = "";
	int rc = da_ssh_parse(url, &t, err, sizeof(err));

	ck_assert_msg(rc == DA_OK, "%s: %s", url, err);
	if (user)
		ck_assert_str_eq(t.user, user);
	else
		ck_assert_ptr_null(t.user);
	ck_assert_str_eq(t.host, host);
	if (port)
		ck_assert_str_eq(t.port, port);
	else
		ck_assert_ptr_null(t.port);
	ck_assert_str_eq(t.url, canon);
	da_ssh_target_release(&t);
}

static void expect_bad(const char *url, const char *want)
{
	struct da_ssh_target t;
	char err[512] = "";
	int rc = da_ssh_parse(url, &t, err, sizeof(err));

	ck_assert_msg(rc == DA_ERR_INVALID, "%s was accepted", url);
	ck_assert_msg(strstr(err, want) != NULL, "%s: '%s' lacks '%s'", url, err, want);
	ck_assert_msg(strchr(err, '\033') == NULL && strchr(err, '\n') == NULL,
		      "raw control bytes in '%s'", err);
	ck_assert_ptr_null(t.host);
	ck_assert_ptr_null(t.url);
	da_ssh_target_release(&t);
}

START_TEST(test_parse)
{
	expect_url("ssh://host", NULL, "host", NULL, "ssh://host");
	expect_url("ssh://host/", NULL, "host", NULL, "ssh://host");
	expect_url("ssh://user@host:2222", "user", "host", "2222", "ssh://user@host:2222");
	expect_url("ssh://deploy.bot@build-01.example.com", "deploy.bot", "build-01.example.com",
		   NULL, "ssh://deploy.bot@build-01.example.com");
	expect_url("ssh://10.0.0.7:22", NULL, "10.0.0.7", "22", "ssh://10.0.0.7:22");
	expect_url("ssh://[::1]:22", NULL, "::1", "22", "ssh://[::1]:22");
	expect_url("ssh://root@[fe80::1%eth0]", "root", "fe80::1%eth0", NULL,
		   "ssh://root@[fe80::1%eth0]");
	expect_url("ssh://u@[2001:db8::42]:65535", "u", "2001:db8::42", "65535",
		   "ssh://u@[2001:db8::42]:65535");

	expect_bad("tcp://host:22", "not an ssh:// URL");
	expect_bad("ssh://", "no host");
	expect_bad("ssh://user@", "no host");
	expect_bad("ssh://:22", "no host");
	expect_bad("ssh://user:secret@host", "a password in the URL is not supported");
	expect_bad("ssh://host:0", "bad port");
	expect_bad("ssh://host:65536", "bad port");
	expect_bad("ssh://host:", "bad port");
	expect_bad("ssh://host:22x", "bad port");
	expect_bad("ssh://host:022", "bad port");
	expect_bad("ssh://host:1:2", "bad port");
	expect_bad("ssh://host/var/run/docker.sock", "a path, query or fragment");
	expect_bad("ssh://host?x=1", "a path, query or fragment");
	expect_bad("ssh://host#frag", "a path, query or fragment");
	/* what ssh would take for an option, or a shell would take apart */
	expect_bad("ssh://-oProxyCommand=touch%20x", "bad host");
	expect_bad("ssh://-l@host", "bad user name");
	expect_bad("ssh://a b@host", "bad user name");
	expect_bad("ssh://host;reboot", "bad host");
	expect_bad("ssh://ho\033[2Jst", "bad host");
	expect_bad("ssh://.host", "bad host");
	/* IPv6 without brackets, or badly bracketed */
	expect_bad("ssh://::1", "no host");
	expect_bad("ssh://h::1", "bad port");
	expect_bad("ssh://[::1", "bad IPv6 address");
	expect_bad("ssh://[::1]x", "bad host");
	expect_bad("ssh://[::1]:99999", "bad port");
	expect_bad("ssh://[]:22", "bad IPv6 address");
	expect_bad("ssh://[-1::]", "bad IPv6 address");
	expect_bad("ssh://[g::1]", "bad IPv6 address");
}
END_TEST

static char *joined(char **v)
{
	struct da_buf b = { 0 };
	size_t i;

	for (i = 0; v[i]; i++) {
		if (i)
			da_buf_addc(&b, ' ');
		da_buf_adds(&b, v[i]);
	}
	return da_buf_steal(&b);
}

START_TEST(test_argv)
{
	struct da_ssh_target t;
	char err[256], **v, *s;

	ck_assert_int_eq(da_ssh_parse("ssh://u@[::1]:2222", &t, err, sizeof(err)), DA_OK);
	v = da_ssh_argv(&t, "/usr/bin/ssh", NULL);
	s = joined(v);
	ck_assert_str_eq(s, "/usr/bin/ssh -o ConnectTimeout=30 -T -l u -p 2222 -- ::1 docker "
			 "system dial-stdio");
	free(s);
	da_ssh_argv_free(v);
	da_ssh_target_release(&t);

	ck_assert_int_eq(da_ssh_parse("ssh://box", &t, err, sizeof(err)), DA_OK);
	v = da_ssh_argv(&t, "ssh", "/etc/dockaudit/ssh_config");
	s = joined(v);
	ck_assert_str_eq(s, "ssh -F /etc/dockaudit/ssh_config -o ConnectTimeout=30 -T -- box "
			 "docker system dial-stdio");
	free(s);
	da_ssh_argv_free(v);
	da_ssh_target_release(&t);
}
END_TEST

/* ------------------------------------------------------------------------ */

static char basedir[] = "/tmp/dasshXXXXXX";
static char *bindir, *tmpdir, *oldpath;

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st; (void)flag; (void)ftw;
	return remove(path);
}

static void setup(void)
{
	ck_assert_ptr_nonnull(mkdtemp(basedir));
	bindir = da_xasprintf("%s/bin", basedir);
	tmpdir = da_xasprintf("%s/tmp", basedir);
	ck_assert_int_eq(mkdir(bindir, 0700), 0);
	ck_assert_int_eq(mkdir(tmpdir, 0700), 0);
	oldpath = da_xstrdup(getenv("PATH"));
	setenv("PATH", bindir, 1);
	setenv("TMPDIR", tmpdir, 1);
	unsetenv(DA_SSH_CONFIG_ENV);
}

static void teardown(void)
{
	if (oldpath)
		setenv("PATH", oldpath, 1);
	unsetenv("TMPDIR");
	nftw(basedir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(bindir);
	free(tmpdir);
	free(oldpath);
	strcpy(basedir, "/tmp/dasshXXXXXX");
}

/* A fake ssh: the shell script body, in $PATH. */
static void fake_ssh(const char *body)
{
	char *path = da_xasprintf("%s/ssh", bindir);
	FILE *fp = fopen(path, "w");

	ck_assert_ptr_nonnull(fp);
	fprintf(fp, "#!/bin/sh\n%s\n", body);
	fclose(fp);
	ck_assert_int_eq(chmod(path, 0755), 0);
	free(path);
}

static int probe_err(const char *host, char *err, size_t errlen)
{
	struct da_engine_config cfg;
	struct json_object *root = json_object_new_object();
	int rc;

	memset(&cfg, 0, sizeof(cfg));
	cfg.host = host;
	cfg.no_env = true;
	cfg.timeout_ms = 20000;
	rc = da_engine_probe(&cfg, root, err, errlen);
	ck_assert_ptr_null(json_object_object_get(root, "engine"));
	json_object_put(root);
	return rc;
}

static bool tmp_empty(void)
{
	DIR *d = opendir(tmpdir);
	struct dirent *e;
	bool empty = true;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			empty = false;
	closedir(d);
	return empty;
}

START_TEST(test_refused)
{
	char err[1024] = "", *args, *text;

	args = da_xasprintf("%s/args", basedir);
	{
		char *body = da_xasprintf("echo \"$*\" > %s\n"
					  "echo 'Warning: a line before' >&2\n"
					  "printf 'u@h: Permission denied (publickey).\\r\\n' >&2\n"
					  "exit 255", args);
		fake_ssh(body);
		free(body);
	}
	ck_assert_int_eq(probe_err("ssh://u@h:2222", err, sizeof(err)), DA_ERR_CONNECT);
	ck_assert_str_eq(err, "cannot connect to the Docker daemon at ssh://u@h:2222: ssh to "
			 "ssh://u@h:2222 failed (status 255): u@h: Permission denied (publickey).");
	text = dt_read_file(args);
	ck_assert_str_eq(text, "-o ConnectTimeout=30 -T -l u -p 2222 -- h docker system dial-stdio\n");
	free(text);
	free(args);
	ck_assert_msg(tmp_empty(), "the private socket folder was left in TMPDIR");
}
END_TEST

START_TEST(test_no_docker)
{
	char err[1024] = "";

	fake_ssh("echo 'bash: line 1: docker: command not found' >&2\nexit 127");
	ck_assert_int_eq(probe_err("ssh://box", err, sizeof(err)), DA_ERR_CONNECT);
	ck_assert_msg(strstr(err, "failed (status 127): bash: line 1: docker: command not found "
			      "(is docker installed on the remote host") != NULL, "%s", err);
	ck_assert_msg(tmp_empty(), "the private socket folder was left in TMPDIR");
}
END_TEST

START_TEST(test_hostile_stderr)
{
	char err[1024] = "";

	fake_ssh("printf 'evil \\033[2J\\007 text\\n' >&2\nexit 1");
	ck_assert_int_eq(probe_err("ssh://box", err, sizeof(err)), DA_ERR_CONNECT);
	ck_assert_msg(strchr(err, '\033') == NULL && strchr(err, '\007') == NULL, "%s", err);
	ck_assert_msg(strstr(err, "evil") != NULL, "%s", err);
}
END_TEST

START_TEST(test_no_ssh)
{
	char err[1024] = "";

	ck_assert_int_eq(probe_err("ssh://box", err, sizeof(err)), DA_ERR_NOTFOUND);
	ck_assert_str_eq(err, "cannot reach ssh://box: ssh not found in PATH (install an "
			 "OpenSSH client)");
	ck_assert_msg(tmp_empty(), "something was left in TMPDIR");
}
END_TEST

/* an ssh in the current folder is never run, whatever $PATH says */
START_TEST(test_relative_path)
{
	char err[1024] = "", cwd[4096];

	fake_ssh("touch ran; exit 0");
	ck_assert_ptr_nonnull(getcwd(cwd, sizeof(cwd)));
	ck_assert_int_eq(chdir(bindir), 0);
	setenv("PATH", ":.:bin", 1);
	ck_assert_int_eq(probe_err("ssh://box", err, sizeof(err)), DA_ERR_NOTFOUND);
	ck_assert_msg(strstr(err, "ssh not found in PATH") != NULL, "%s", err);
	ck_assert_int_ne(access("ran", F_OK), 0);
	ck_assert_int_eq(chdir(cwd), 0);
}
END_TEST

static Suite *ssh_suite(void)
{
	Suite *s = suite_create("ssh");
	TCase *tc = tcase_create("url");
	TCase *run = tcase_create("run");

	tcase_add_test(tc, test_parse);
	tcase_add_test(tc, test_argv);
	suite_add_tcase(s, tc);
	tcase_set_timeout(run, 60);
	tcase_add_checked_fixture(run, setup, teardown);
	tcase_add_test(run, test_refused);
	tcase_add_test(run, test_no_docker);
	tcase_add_test(run, test_hostile_stderr);
	tcase_add_test(run, test_no_ssh);
	tcase_add_test(run, test_relative_path);
	suite_add_tcase(s, run);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(ssh_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
