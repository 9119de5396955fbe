/*
 * core/sshconn.c: ssh:// URL parsing (users, ports, IPv6, refusals), the
 * ssh command line, and the engine's errors over ssh with a fake ssh
 * program in $PATH: its refusal, a missing remote docker, no ssh at all;
 * nothing is left in $TMPDIR.  core/remotehost.c: the host facts of the
 * remote dockaudit's snapshot taken, or refused with the reason (no
 * dockaudit there, another format version, another daemon, not JSON, too
 * large, too slow, --no-remote-host).
 */
#include "config.h"

#include "engine.h"
#include "jsonutil.h"
#include "probe.h"
#include "remotehost.h"
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

/* ------------------------------------------------------------------------ */
/* host facts from the remote dockaudit                                      */

#define ID_OURS "AAAA:BBBB:CCCC"
#define REASON_HEAD "the daemon is reached over ssh (ssh://u@box:2222); host facts are not read: "

/* A probe tree as the live probe leaves it for an ssh:// daemon. */
static struct json_object *ssh_root(const char *endpoint, const char *id)
{
	struct json_object *root = json_tokener_parse(
		"{\"source\": {\"endpoint\": \"\", \"remote\": true},"
		" \"engine\": {\"kind\": \"docker\", \"info\": {}},"
		" \"host\": {\"available\": false, \"reason\": \"not read\"}}");

	ck_assert_ptr_nonnull(root);

	da_jset(da_probe_get(root, "source"), "endpoint", da_jstr(endpoint));
	if (id)
		da_jset(da_probe_get(root, "engine.info"), "ID", da_jstr(id));
	return root;
}

/* A remote snapshot for the fake ssh to print: daemon id, source.remote,
   host.available. */
static char *remote_snapshot(const char *id, bool remote, bool available)
{
	return da_xasprintf("{\"probe_version\": %d, \"dockaudit_version\": \"0.1.0\", "
			    "\"time\": 1764363600, \"source\": {\"endpoint\": "
			    "\"unix:///var/run/docker.sock\", \"remote\": %s}, "
			    "\"engine\": {\"info\": {\"ID\": \"%s\"}}, \"host\": "
			    "{\"available\": %s, \"reason\": %s, \"root\": \"/\", "
			    "\"effective\": {\"icc\": false}}}\n", DA_PROBE_VERSION,
			    remote ? "true" : "false", id, available ? "true" : "false",
			    available ? "null" : "\"cannot tell which dockerd \\u001b[2J\"");
}

/* The fake ssh prints the file doc (when given) after recording its
   arguments in basedir/args; extra runs before. */
static void fake_remote(const char *doc, const char *extra)
{
	char *path = da_xasprintf("%s/doc", basedir), *body;
	FILE *fp;

	if (doc) {
		fp = fopen(path, "w");
		ck_assert_ptr_nonnull(fp);
		fputs(doc, fp);
		fclose(fp);
	}
	body = da_xasprintf("PATH=/usr/bin:/bin\necho \"$*\" > %s/args\n%s\n%s%s", basedir,
			    extra ? extra : "",
			    doc ? "exec cat " : "exit 0", doc ? path : "");
	fake_ssh(body);
	free(body);
	free(path);
}

/* Runs da_remote_host_probe; the reason when refused (owned), NULL when
   the host facts were taken. */
static char *remote_reason(struct json_object *root, bool disabled, long timeout_ms, size_t max)
{
	struct da_remote_host_config cfg = { .disabled = disabled, .timeout_ms = timeout_ms,
					     .max = max };
	const char *why;

	if (da_remote_host_probe(&cfg, root)) {
		ck_assert(da_jtrue(da_probe_get(root, "host"), "available"));
		return NULL;
	}
	ck_assert(!da_jtrue(da_probe_get(root, "host"), "available"));
	why = da_probe_str(root, "host.reason");
	ck_assert_ptr_nonnull(why);
	ck_assert_msg(strchr(why, '\033') == NULL && strchr(why, '\n') == NULL,
		      "raw control bytes in '%s'", why);
	ck_assert_msg(strncmp(why, REASON_HEAD, strlen(REASON_HEAD)) == 0, "%s", why);
	return da_xstrdup(why + strlen(REASON_HEAD));
}

static void expect_refused(const char *doc, const char *extra, long timeout_ms, size_t max,
			   const char *want)
{
	struct json_object *root = ssh_root("ssh://u@box:2222", ID_OURS);
	char *why;

	fake_remote(doc, extra);
	why = remote_reason(root, false, timeout_ms, max);
	ck_assert_msg(why && strstr(why, want) != NULL, "'%s' lacks '%s'", why ? why : "(taken)",
		      want);
	free(why);
	json_object_put(root);
}

START_TEST(test_remote_host_taken)
{
	struct json_object *root = ssh_root("ssh://u@box:2222", ID_OURS);
	char *doc = remote_snapshot(ID_OURS, false, true), *args, *why;

	fake_remote(doc, NULL);
	why = remote_reason(root, false, 20000, 0);
	ck_assert_ptr_null(why);
	/* the remote host's facts, and how they came */
	ck_assert_str_eq(json_object_to_json_string(da_probe_get(root, "host.effective.icc")),
			 "false");
	ck_assert_str_eq(da_probe_str(root, "host.collected.by"), "ssh");
	ck_assert_str_eq(da_probe_str(root, "host.collected.endpoint"), "ssh://u@box:2222");
	ck_assert_str_eq(da_probe_str(root, "host.collected.dockaudit_version"), "0.1.0");
	ck_assert_str_eq(da_probe_str(root, "host.collected.remote_endpoint"),
			 "unix:///var/run/docker.sock");
	/* the same ssh settings as the connections, a fixed remote command */
	args = da_xasprintf("%s/args", basedir);
	free(doc);
	doc = dt_read_file(args);
	ck_assert_str_eq(doc, "-o ConnectTimeout=30 -T -l u -p 2222 -- box dockaudit "
			 "--save-snapshot -\n");
	free(doc);
	free(args);
	json_object_put(root);
	ck_assert_msg(tmp_empty(), "something was left in TMPDIR");
}
END_TEST

START_TEST(test_remote_host_refused)
{
	char *doc;

	/* no dockaudit there */
	expect_refused(NULL, "echo 'bash: line 1: dockaudit: command not found' >&2; exit 127",
		       20000, 0, "host checks need dockaudit on box: it is not found there in "
		       "the PATH of a non-interactive ssh session (status 127: bash: line 1: "
		       "dockaudit: command not found)");
	expect_refused(NULL, "exit 126", 20000, 0, "it cannot be run there (status 126)");
	/* ssh's own failure */
	expect_refused(NULL, "echo 'u@box: Permission denied (publickey).' >&2; exit 255",
		       20000, 0, "ssh to ssh://u@box:2222 failed (status 255: u@box: Permission "
		       "denied (publickey).)");
	/* the remote dockaudit's own failure, its line escaped */
	expect_refused(NULL, "printf 'dockaudit: cannot connect \\033[2J\\n' >&2; exit 3", 20000,
		       0, "dockaudit on box failed (status 3: dockaudit: cannot connect \\x1b[2J)");
	/* nothing on standard output */
	expect_refused(NULL, NULL, 20000, 0, "dockaudit on box wrote no snapshot (status 0)");
	/* another format version */
	doc = da_xasprintf("{\"probe_version\": %d, \"engine\": {}, \"host\": {}}",
			   DA_PROBE_VERSION + 98);
	expect_refused(doc, NULL, 20000, 0, "the snapshot from dockaudit on box is refused: "
		       "snapshot has probe_version");
	free(doc);
	/* not JSON, hostile bytes */
	expect_refused("no snapshot \033[2J\n", NULL, 20000, 0,
		       "the snapshot from dockaudit on box is refused: snapshot is not valid JSON");
	expect_refused("{\"probe_version\": 1, \"engine\": {}} trailing", NULL, 20000, 0,
		       "snapshot is not valid JSON: trailing data");
	/* another daemon: its id shown escaped */
	doc = remote_snapshot("OTHER\\u001b[2J", false, true);
	expect_refused(doc, NULL, 20000, 0, "dockaudit on box audits another daemon (ID "
		       "OTHER\\x1b[2J, not " ID_OURS ")");
	free(doc);
	/* the remote dockaudit reached its daemon remotely */
	doc = remote_snapshot(ID_OURS, true, true);
	expect_refused(doc, NULL, 20000, 0, "dockaudit on box reaches its daemon remotely "
		       "(unix:///var/run/docker.sock)");
	free(doc);
	/* the remote dockaudit could not read them either */
	doc = remote_snapshot(ID_OURS, false, false);
	expect_refused(doc, NULL, 20000, 0, "dockaudit on box could not read them: cannot tell "
		       "which dockerd \\x1b[2J");
	free(doc);
	/* no host object */
	doc = da_xasprintf("{\"probe_version\": %d, \"source\": {}, \"engine\": {\"info\": "
			   "{\"ID\": \"" ID_OURS "\"}}}", DA_PROBE_VERSION);
	expect_refused(doc, NULL, 20000, 0, "the snapshot from dockaudit on box has no host "
		       "object");
	free(doc);
	/* too large: reading stops at the cap, ssh is ended */
	expect_refused(NULL, "head -c 300000 /dev/zero | tr '\\000' x; exit 0", 20000, 1000,
		       "the snapshot from dockaudit on box is larger than 1000 bytes");
	/* too slow: ended */
	expect_refused(NULL, "exec sleep 30", 300, 0, "dockaudit on box did not finish within 1 s");
	/* a flood on standard error: the last line is kept */
	expect_refused(NULL, "head -c 400000 /dev/zero | tr '\\000' y >&2; "
		       "printf '\\nthe last line\\n' >&2; exit 4", 20000, 0,
		       "dockaudit on box failed (status 4: the last line)");
	ck_assert_msg(tmp_empty(), "something was left in TMPDIR");
}
END_TEST

START_TEST(test_remote_host_not_run)
{
	struct json_object *root = ssh_root("ssh://u@box:2222", ID_OURS), *before;
	char *args = da_xasprintf("%s/args", basedir), *why, *doc;

	fake_remote(NULL, NULL);
	/* --no-remote-host: nothing runs */
	why = remote_reason(root, true, 20000, 0);
	ck_assert_str_eq(why, "host checks need dockaudit on box, and --no-remote-host keeps it "
			 "from running");
	free(why);
	ck_assert_int_ne(access(args, F_OK), 0);
	json_object_put(root);

	/* no ID in /info: nothing to match with */
	doc = remote_snapshot(ID_OURS, false, true);
	fake_remote(doc, NULL);
	free(doc);
	root = ssh_root("ssh://u@box:2222", NULL);
	why = remote_reason(root, false, 20000, 0);
	ck_assert_str_eq(why, "the daemon's /info gives no ID to match the snapshot of dockaudit "
			 "on box with");
	free(why);
	json_object_put(root);
	ck_assert_int_ne(access(args, F_OK), 0);

	/* not ssh://, host facts already read, Podman: untouched, nothing runs */
	root = ssh_root("tcp://box:2376", ID_OURS);
	before = da_jcopy(root);
	ck_assert(!da_remote_host_probe(&(struct da_remote_host_config){ .timeout_ms = 20000 },
					root));
	ck_assert(json_object_equal(root, before));
	json_object_put(before);
	json_object_put(root);
	root = ssh_root("ssh://box", ID_OURS);
	da_jset(da_probe_get(root, "engine"), "kind", da_jstr("podman"));
	before = da_jcopy(root);
	ck_assert(!da_remote_host_probe(&(struct da_remote_host_config){ .timeout_ms = 20000 },
					root));
	ck_assert(json_object_equal(root, before));
	json_object_put(before);
	json_object_put(root);
	ck_assert_int_ne(access(args, F_OK), 0);
	free(args);
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
	tcase_add_test(run, test_remote_host_taken);
	tcase_add_test(run, test_remote_host_refused);
	tcase_add_test(run, test_remote_host_not_run);
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
