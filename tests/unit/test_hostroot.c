/*
 * core/hostroot.c: the root-confined file layer every host read goes
 * through, run twice: with openat2 where the kernel has it, and with the
 * fallback resolver forced (as on kernels or seccomp profiles without
 * openat2).  Each test builds a host root in a temporary directory whose
 * links try to leave it; their targets name paths that exist inside the
 * tree and not on this machine (/da-test-<pid>-<n>), or real files of this
 * machine (/etc/passwd) that the tree lacks, so that a read that escaped
 * the root would be seen.  Nothing outside the temporary directory is
 * written.  Then the shared passwd and group parser, and both host probes
 * on such a tree with the fallback forced.
 */
#include "config.h"

#include "hostfacts.h"
#include "hostfiles.h"
#include "hostids.h"
#include "hostroot.h"
#include "testlib.h"
#include "util.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static char top[64];       /* mkdtemp directory */
static char hroot[128];    /* top/root: the fake host root */
static char hproc[128];    /* top/proc: an empty fake /proc */
static char away[64];      /* "/da-test-<pid>-<n>": inside the tree only */

static void put(const char *rel, const char *text)
{
	char path[512], dir[512];
	FILE *fp;

	snprintf(path, sizeof(path), "%s%s", hroot, rel);
	snprintf(dir, sizeof(dir), "%s", path);
	*strrchr(dir, '/') = '\0';
	dt_mkdirs(dir, 0755);
	fp = fopen(path, "w");
	ck_assert_msg(fp != NULL, "cannot create %s: %s", path, strerror(errno));
	fputs(text, fp);
	fclose(fp);
}

static void link_at(const char *target, const char *rel)
{
	char path[512], dir[512];

	snprintf(path, sizeof(path), "%s%s", hroot, rel);
	snprintf(dir, sizeof(dir), "%s", path);
	*strrchr(dir, '/') = '\0';
	dt_mkdirs(dir, 0755);
	ck_assert_msg(symlink(target, path) == 0, "symlink %s: %s", path, strerror(errno));
}

/* A fresh tree; _i (the loop index) 1 forces the fallback resolver. */
static void setup(int fallback)
{
	static unsigned n;
	struct stat st;

	snprintf(top, sizeof(top), "/tmp/dahrXXXXXX");
	ck_assert_msg(mkdtemp(top) != NULL, "mkdtemp: %s", strerror(errno));
	snprintf(hroot, sizeof(hroot), "%s/root", top);
	snprintf(hproc, sizeof(hproc), "%s/proc", top);
	dt_mkdirs(hroot, 0755);
	dt_mkdirs(hproc, 0755);
	snprintf(away, sizeof(away), "/da-test-%ld-%u-%ld", (long)getpid(), n++, (long)time(NULL));
	/* the escape target must not exist on this machine */
	ck_assert_msg(lstat(away, &st) != 0 && errno == ENOENT, "%s exists on this machine", away);
	da_root_set_openat2(!fallback);
}

static void teardown(void)
{
	dt_rm_tree(top);
	da_root_set_openat2(true);
}

static char *p2(const char *a, const char *b)
{
	return da_xasprintf("%s%s", a, b);
}

/* Reads path through the layer; the content or NULL with *rc set. */
static char *rd(const struct da_root *r, const char *path, int *rc)
{
	struct da_buf b = { 0 };

	*rc = da_root_read_file(r, path, 1 << 20, &b);
	if (*rc != 0) {
		da_buf_release(&b);
		return NULL;
	}
	return da_buf_steal(&b);
}

/* ---- the layer --------------------------------------------------------------- */

START_TEST(test_absolute_link)
{
	struct da_root r;
	char *real, *s, buf[512];
	struct stat st;
	int rc;

	setup(_i);
	real = p2(away, "/daemon.json");
	put(real, "{\"icc\": false}\n");
	link_at(real, "/etc/docker/daemon.json");
	ck_assert_int_eq(da_root_init(&r, hroot), 0);

	s = rd(&r, "/etc/docker/daemon.json", &rc);
	ck_assert_msg(rc == 0, "read through an absolute link: %s", strerror(-rc));
	ck_assert_str_eq(s, "{\"icc\": false}\n");
	free(s);
	ck_assert_int_eq(da_root_resolve(&r, "/etc/docker/daemon.json", buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, real);
	ck_assert_int_eq(da_root_stat(&r, "/etc/docker/daemon.json", &st), 0);
	ck_assert(S_ISREG(st.st_mode));
	ck_assert_int_eq(da_root_lstat(&r, "/etc/docker/daemon.json", &st), 0);
	ck_assert(S_ISLNK(st.st_mode));
	ck_assert_int_eq(da_root_readlink(&r, "/etc/docker/daemon.json", buf, sizeof(buf)),
			 (int)strlen(real));
	ck_assert_str_eq(buf, real);
	ck_assert_int_eq(da_root_readlink(&r, "/etc/docker", buf, sizeof(buf)), -EINVAL);
	da_root_close(&r);
	free(real);
	teardown();
}
END_TEST

START_TEST(test_dotdot_stays_inside)
{
	struct da_root r;
	char *real, *rel, *s, buf[512];
	int rc;

	setup(_i);
	real = p2(away, "/daemon.json");
	put(real, "inside\n");
	rel = da_xasprintf("../../../../../../..%s", real);
	link_at(rel, "/etc/docker/daemon.json");
	/* this machine has /etc/passwd, the tree has not */
	link_at("../../../../../../../etc/passwd", "/etc/docker/up");
	link_at("/etc/passwd", "/etc/docker/abs");
	link_at("/", "/etc/docker/rootlink");
	ck_assert_int_eq(da_root_init(&r, hroot), 0);

	s = rd(&r, "/etc/docker/daemon.json", &rc);
	ck_assert_msg(rc == 0, "read through ../..: %s", strerror(-rc));
	ck_assert_str_eq(s, "inside\n");
	free(s);
	free(rd(&r, rel, &rc));
	ck_assert_int_eq(rc, 0);
	ck_assert_int_eq(da_root_resolve(&r, rel, buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, real);

	ck_assert_ptr_null(rd(&r, "/etc/docker/up", &rc));
	ck_assert_int_eq(rc, -ENOENT);
	ck_assert_ptr_null(rd(&r, "/etc/docker/abs", &rc));
	ck_assert_int_eq(rc, -ENOENT);
	ck_assert_ptr_null(rd(&r, "/../../etc/passwd", &rc));
	ck_assert_int_eq(rc, -ENOENT);
	ck_assert_ptr_null(rd(&r, "/etc/docker/rootlink/etc/passwd", &rc));
	ck_assert_int_eq(rc, -ENOENT);
	ck_assert_int_eq(da_root_resolve(&r, "/etc/docker/up", buf, sizeof(buf)), -ENOENT);
	ck_assert_int_eq(da_root_resolve(&r, "/etc/../../..", buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "/");
	ck_assert_int_eq(da_root_resolve(&r, "/etc/docker/rootlink", buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "/");
	da_root_close(&r);
	free(rel);
	free(real);
	teardown();
}
END_TEST

START_TEST(test_directory_links)
{
	struct da_root r;
	char *etc, *file, buf[512], *s;
	struct dirent *de;
	DIR *d;
	int rc, seen = 0;

	setup(_i);
	etc = p2(away, "/etc");
	file = p2(away, "/etc/docker/daemon.json");
	put(file, "{}");
	link_at(etc, "/etc");              /* an absolute link in the middle */
	link_at("etc/docker", "/dockerdir"); /* a relative one */
	ck_assert_int_eq(da_root_init(&r, hroot), 0);
	s = rd(&r, "/etc/docker/daemon.json", &rc);
	ck_assert_msg(rc == 0, "read below a linked directory: %s", strerror(-rc));
	ck_assert_str_eq(s, "{}");
	free(s);
	ck_assert_int_eq(da_root_resolve(&r, "/dockerdir/./daemon.json", buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, file);
	ck_assert_int_eq(da_root_resolve(&r, "/dockerdir/../docker/", buf, sizeof(buf)), 0);
	snprintf(buf + 256, 256, "%s/etc/docker", away);
	ck_assert_str_eq(buf, buf + 256);
	d = da_root_opendir(&r, "/dockerdir", &rc);
	ck_assert_msg(d != NULL, "opendir through links: %s", strerror(rc));
	while ((de = readdir(d)) != NULL)
		seen += strcmp(de->d_name, "daemon.json") == 0;
	closedir(d);
	ck_assert_int_eq(seen, 1);
	da_root_close(&r);
	free(etc);
	free(file);
	teardown();
}
END_TEST

START_TEST(test_errors)
{
	struct da_root r;
	struct stat st;
	char buf[512];
	int rc, i;

	setup(_i);
	put("/file", "x");
	link_at("/b", "/a");
	link_at("/a", "/b");
	link_at("self", "/self");
	/* a chain longer than the link limit */
	for (i = 0; i <= DA_ROOT_MAXLINKS; i++) {
		char name[32], target[32];
		snprintf(name, sizeof(name), "/chain%d", i);
		snprintf(target, sizeof(target), "/chain%d", i + 1);
		link_at(target, name);
	}
	put("/chain41", "end");
	dt_mkdirs(hroot, 0755);
	ck_assert_int_eq(da_root_init(&r, hroot), 0);
	ck_assert_ptr_null(rd(&r, "/a", &rc));
	ck_assert_int_eq(rc, -ELOOP);
	ck_assert_int_eq(da_root_resolve(&r, "/self", buf, sizeof(buf)), -ELOOP);
	ck_assert_int_eq(da_root_resolve(&r, "/chain1", buf, sizeof(buf)), 0);
	ck_assert_int_eq(da_root_resolve(&r, "/chain0", buf, sizeof(buf)), -ELOOP);
	ck_assert_int_eq(da_root_stat(&r, "/file/x", &st), -ENOTDIR);
	ck_assert_int_eq(da_root_stat(&r, "/missing/x", &st), -ENOENT);
	ck_assert_int_eq(da_root_lstat(&r, "", &st), -ENOENT);
	ck_assert_ptr_null(rd(&r, "/", &rc));
	ck_assert_int_eq(rc, -DA_ROOT_ENOTREG);
	ck_assert_int_eq(da_root_lstat(&r, "/a", &st), 0);
	ck_assert(S_ISLNK(st.st_mode));
	{
		struct da_buf b = { 0 };
		ck_assert_int_eq(da_root_read_file(&r, "/chain41", 2, &b), 1);
		ck_assert_str_eq(da_buf_str(&b), "en");
		da_buf_release(&b);
	}
	da_root_close(&r);

	/* a root that cannot be opened reads nothing, not even the real root */
	snprintf(buf, sizeof(buf), "%s/none", top);
	ck_assert_int_eq(da_root_init(&r, buf), -ENOENT);
	ck_assert_ptr_null(rd(&r, "/etc/passwd", &rc));
	ck_assert_int_eq(rc, -ENOENT);
	ck_assert_int_eq(da_root_stat(&r, "/", &st), -ENOENT);
	da_root_close(&r);
	teardown();
}
END_TEST

/* ---- the shared passwd and group parser ------------------------------------------ */

START_TEST(test_group_parser)
{
	struct da_identry e;
	const char *p, *m;
	size_t len;
	char got[128] = "";

	ck_assert(da_identry_parse("docker:x:4294967295:a", &e));
	ck_assert_uint_eq(e.id, 4294967295UL);
	da_identry_release(&e);
	ck_assert(!da_identry_parse("docker:x:4294967296:a", &e));
	ck_assert(!da_identry_parse("docker:x:-1:a", &e));
	ck_assert(da_identry_parse("docker:x:999: alice , bob,,\tcarol\r", &e));
	for (p = e.members; (p = da_group_next_member(p, &m, &len)) != NULL;)
		snprintf(got + strlen(got), sizeof(got) - strlen(got), "[%.*s]", (int)len, m);
	ck_assert_str_eq(got, "[alice][bob][carol]");
	da_identry_release(&e);
	ck_assert_ptr_null(da_group_next_member("", &m, &len));
	ck_assert_ptr_null(da_group_next_member(" , ,", &m, &len));
}
END_TEST

/* ---- both probes, fallback forced ------------------------------------------------ */

static struct json_object *at(struct json_object *o, const char *k1, const char *k2,
			      const char *k3)
{
	const char *k[3] = { k1, k2, k3 };
	int i;

	for (i = 0; i < 3 && k[i] && o; i++)
		if (!json_object_object_get_ex(o, k[i], &o))
			return NULL;
	return o;
}

START_TEST(test_probes_without_openat2)
{
	struct da_hostfacts_config cfg = { hroot, hproc, false };
	struct da_dockerd_facts dfacts;
	struct json_object *doc = json_object_new_object(), *dj, *g, *f;
	char *real, *grp;

	setup(1);
	real = p2(away, "/daemon.json");
	grp = p2(away, "/group");
	put(real, "{\"icc\": false}\n");
	link_at(real, "/etc/docker/daemon.json");
	/* /etc/group through a link too; its docker line read by both probes */
	put(grp, "root:x:0:\ndocker:x:4242: alice ,bob\r\ndocker:x:7:late\n");
	link_at(grp, "/etc/group");
	ck_assert_int_eq(da_hostfacts_probe(&cfg, doc), 0);

	dj = at(doc, "host", "daemon_json", NULL);
	ck_assert_msg(json_object_get_boolean(at(dj, "exists", NULL, NULL)),
		      "daemon.json not found through an absolute link: %s",
		      json_object_to_json_string(dj));
	ck_assert(json_object_is_type(at(dj, "content", "icc", NULL), json_type_boolean));
	ck_assert(!json_object_get_boolean(at(dj, "content", "icc", NULL)));

	g = at(doc, "host", "groups", "docker");
	ck_assert_ptr_nonnull(g);
	ck_assert_int_eq(json_object_get_int(at(g, "gid", NULL, NULL)), 4242);
	ck_assert_str_eq(json_object_to_json_string(at(g, "members", NULL, NULL)),
			 "[ \"alice\", \"bob\" ]");

	/* hostfiles keeps host.groups.docker; read the same file for its names */
	da_hostfacts_dockerd(doc, &dfacts);
	ck_assert_int_eq(da_hostfiles_probe(&cfg, &dfacts, doc), 0);
	f = at(doc, "host", "files", "/etc/docker/daemon.json");
	ck_assert_ptr_nonnull(f);
	ck_assert(json_object_get_boolean(at(f, "exists", NULL, NULL)));
	ck_assert_str_eq(json_object_get_string(at(f, "resolved", NULL, NULL)), real);
	ck_assert_str_eq(json_object_get_string(at(f, "link_target", NULL, NULL)), real);
	json_object_put(doc);

	/* hostfiles' own group reader: the same line, the same members */
	doc = json_object_new_object();
	json_object_object_add(doc, "host", json_object_new_object());
	json_object_object_add(at(doc, "host", NULL, NULL), "groups", json_object_new_object());
	ck_assert_int_eq(da_hostfiles_probe(&cfg, NULL, doc), 0);
	g = at(doc, "host", "groups", "docker");
	ck_assert_ptr_nonnull(g);
	ck_assert_int_eq(json_object_get_int(at(g, "gid", NULL, NULL)), 4242);
	ck_assert_str_eq(json_object_to_json_string(at(g, "members", NULL, NULL)),
			 "[ \"alice\", \"bob\" ]");
	json_object_put(doc);
	free(real);
	free(grp);
	teardown();
}
END_TEST

static Suite *hostroot_suite(void)
{
	Suite *s = suite_create("hostroot");
	TCase *tc = tcase_create("layer");

	/* index 0: openat2 where the kernel has it; 1: the fallback forced */
	tcase_add_loop_test(tc, test_absolute_link, 0, 2);
	tcase_add_loop_test(tc, test_dotdot_stays_inside, 0, 2);
	tcase_add_loop_test(tc, test_directory_links, 0, 2);
	tcase_add_loop_test(tc, test_errors, 0, 2);
	tcase_add_test(tc, test_group_parser);
	tcase_add_test(tc, test_probes_without_openat2);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(hostroot_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
