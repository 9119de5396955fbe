/*
 * core/hostmounts.c: the host identity of container mount sources, of the
 * sensitive directories and of the daemon's sockets, on a host root built
 * in a temporary directory: a merged-/usr tree (/lib -> usr/lib), a link
 * to /etc given as an absolute target (it must resolve inside the root),
 * a unix socket with a link and a hard link to it, and a link trying to
 * climb out of the root.  Nothing outside the temporary directory is
 * written.
 */
#include "config.h"

#include "hostmounts.h"
#include "probe.h"
#include "util.h"

#include "testlib.h"

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

static char top[64];    /* mkdtemp directory */
static char hroot[128]; /* top/root: the fake host root */

static void in_root(char *out, size_t size, const char *rel)
{
	snprintf(out, size, "%s%s", hroot, rel);
}

static void mkdir_at(const char *rel)
{
	char p[256];

	in_root(p, sizeof(p), rel);
	ck_assert_msg(mkdir(p, 0755) == 0, "mkdir %s: %s", p, strerror(errno));
}

static void symlink_at(const char *target, const char *rel)
{
	char p[256];

	in_root(p, sizeof(p), rel);
	ck_assert_msg(symlink(target, p) == 0, "symlink %s: %s", p, strerror(errno));
}

/* A listening-free unix socket file at rel. */
static void socket_at(const char *rel)
{
	struct sockaddr_un a;
	char p[256];
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	ck_assert_int_ge(fd, 0);
	memset(&a, 0, sizeof(a));
	a.sun_family = AF_UNIX;
	in_root(p, sizeof(p), rel);
	ck_assert_uint_lt(strlen(p), sizeof(a.sun_path));
	memcpy(a.sun_path, p, strlen(p) + 1);
	ck_assert_msg(bind(fd, (struct sockaddr *)&a, sizeof(a)) == 0, "bind %s: %s", a.sun_path,
		      strerror(errno));
	close(fd);
}

static void setup(void)
{
	char a[256], b[256];

	snprintf(top, sizeof(top), "/tmp/dahmXXXXXX");
	ck_assert_msg(mkdtemp(top) != NULL, "mkdtemp: %s", strerror(errno));
	snprintf(hroot, sizeof(hroot), "%s/root", top);
	ck_assert_int_eq(mkdir(hroot, 0755), 0);
	mkdir_at("/etc");
	mkdir_at("/usr");
	mkdir_at("/usr/lib");
	symlink_at("usr/lib", "/lib");
	mkdir_at("/run");
	mkdir_at("/var");
	symlink_at("../run", "/var/run");
	mkdir_at("/srv");
	mkdir_at("/srv/plain");
	socket_at("/run/docker.sock");
	/* absolute targets restart at the host root, not at ours */
	symlink_at("/etc", "/srv/etc-link");
	symlink_at("/var/run/docker.sock", "/srv/sock-link");
	symlink_at("../../../../../../run", "/srv/climb");
	in_root(a, sizeof(a), "/run/docker.sock");
	in_root(b, sizeof(b), "/srv/sock-hard");
	ck_assert_msg(link(a, b) == 0, "link %s: %s", b, strerror(errno));
}

static void teardown(void)
{
	dt_rm_tree(top);
}

/* Probes a tree whose one container mounts the given sources. */
static struct json_object *probe(const char *mounts_json)
{
	struct da_hostfacts_config cfg = { .host_root = hroot };
	char *doc = da_xasprintf("{\"source\":{\"endpoint\":\"unix:///var/run/docker.sock\"},"
				 "\"engine\":{\"containers\":[{\"Id\":\"c\",\"Mounts\":%s}]},"
				 "\"host\":{\"docker_sockets\":[\"/run/docker.sock\"]}}",
				 mounts_json);
	struct json_object *root = json_tokener_parse(doc);

	free(doc);
	ck_assert_ptr_nonnull(root);
	ck_assert_int_eq(da_hostmounts_probe(&cfg, root), 0);
	return root;
}

static struct json_object *entry(struct json_object *root, const char *path)
{
	struct json_object *paths = da_probe_get(root, "host.identity.paths"), *e = NULL;

	ck_assert_msg(json_object_object_get_ex(paths, path, &e), "%s not recorded", path);
	return e;
}

/* The entry's "dev:ino". */
static const char *ident(struct json_object *root, const char *path, char *buf, size_t size)
{
	struct json_object *e = entry(root, path);
	const char *dev = da_probe_str(e, "dev"), *ino = da_probe_str(e, "ino");

	ck_assert_msg(dev && ino, "%s has no identity: %s", path,
		      json_object_to_json_string(e));
	snprintf(buf, size, "%s/%s", dev, ino);
	return buf;
}

static void assert_resolved(struct json_object *root, const char *path, const char *want,
			    const char *type)
{
	struct json_object *e = entry(root, path);

	ck_assert_str_eq(da_probe_str(e, "resolved"), want);
	ck_assert_str_eq(da_probe_str(e, "type"), type);
}

START_TEST(test_sources)
{
	struct json_object *root = probe(
		"[{\"Source\":\"/srv/etc-link\"},{\"Source\":\"/usr/lib\"},"
		"{\"Source\":\"/srv/sock-link\"},{\"Source\":\"/srv/sock-hard\"},"
		"{\"Source\":\"/srv/climb\"},{\"Source\":\"/srv/plain\"},"
		"{\"Source\":\"/srv/none\"},{\"Source\":\"relative\"},{\"Source\":7},{}]");
	char a[64], b[64];

	/* a link to /etc is the host root's /etc */
	assert_resolved(root, "/srv/etc-link", "/etc", "dir");
	ck_assert_str_eq(ident(root, "/srv/etc-link", a, sizeof(a)),
			 ident(root, "/etc", b, sizeof(b)));
	/* merged /usr: /lib and /usr/lib are one directory */
	assert_resolved(root, "/lib", "/usr/lib", "dir");
	ck_assert_str_eq(ident(root, "/usr/lib", a, sizeof(a)), ident(root, "/lib", b, sizeof(b)));
	/* the socket through a chain of links, and a hard link to it */
	assert_resolved(root, "/srv/sock-link", "/run/docker.sock", "socket");
	assert_resolved(root, "/srv/sock-hard", "/srv/sock-hard", "socket");
	ck_assert_str_eq(ident(root, "/srv/sock-hard", a, sizeof(a)),
			 ident(root, "/var/run/docker.sock", b, sizeof(b)));
	/* ".." never climbs above the root */
	assert_resolved(root, "/srv/climb", "/run", "dir");
	ck_assert_str_ne(ident(root, "/srv/plain", a, sizeof(a)), ident(root, "/etc", b, sizeof(b)));
	/* missing: an error and exists false; relative or non-string: not recorded */
	ck_assert_str_eq(da_probe_str(entry(root, "/srv/none"), "error"), "no such file or directory");
	ck_assert(!json_object_get_boolean(da_probe_get(entry(root, "/srv/none"), "exists")));
	ck_assert_ptr_null(da_probe_get(root, "host.identity.paths.relative"));
	/* a sensitive directory missing from the host */
	ck_assert_ptr_nonnull(da_probe_str(entry(root, "/boot"), "error"));
	json_object_put(root);
}
END_TEST

START_TEST(test_sockets)
{
	struct json_object *root = probe("[]");
	struct json_object *socks = da_probe_get(root, "host.identity.sockets");
	char a[64], b[64];

	/* the defaults, the endpoint and host.docker_sockets, once each */
	ck_assert_str_eq(json_object_to_json_string_ext(socks, JSON_C_TO_STRING_PLAIN |
							    JSON_C_TO_STRING_NOSLASHESCAPE),
			 "[\"/var/run/docker.sock\",\"/run/docker.sock\"]");
	/* every folder above the socket's canonical path */
	assert_resolved(root, "/run", "/run", "dir");
	assert_resolved(root, "/", "/", "dir");
	ck_assert_str_eq(ident(root, "/run/docker.sock", a, sizeof(a)),
			 ident(root, "/var/run/docker.sock", b, sizeof(b)));
	ck_assert(!json_object_get_boolean(da_probe_get(root, "host.identity.truncated")));
	json_object_put(root);
}
END_TEST

START_TEST(test_remote_and_bounds)
{
	struct da_hostfacts_config cfg = { .host_root = hroot, .remote = true };
	struct json_object *root = json_tokener_parse("{\"host\":{}}");
	struct da_buf b = { 0 };
	size_t i;

	/* a remote daemon's sources are on its host: nothing recorded */
	ck_assert_int_eq(da_hostmounts_probe(&cfg, root), 0);
	ck_assert_ptr_null(da_probe_get(root, "host.identity"));
	json_object_put(root);

	/* a flood of sources: bounded, the references kept */
	da_buf_addc(&b, '[');
	for (i = 0; i < DA_HOSTMOUNTS_MAX + 10; i++)
		da_buf_addf(&b, "%s{\"Source\":\"/srv/p%zu\"}", i ? "," : "", i);
	da_buf_addc(&b, ']');
	root = probe(da_buf_str(&b));
	ck_assert(json_object_get_boolean(da_probe_get(root, "host.identity.truncated")));
	ck_assert_uint_eq(json_object_object_length(da_probe_get(root, "host.identity.paths")),
			  DA_HOSTMOUNTS_MAX);
	ck_assert_str_eq(da_probe_str(entry(root, "/etc"), "resolved"), "/etc");
	ck_assert_str_eq(da_probe_str(entry(root, "/run/docker.sock"), "type"), "socket");
	json_object_put(root);
	da_buf_release(&b);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("hostmounts");
	TCase *tc = tcase_create("identity");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_sources);
	tcase_add_test(tc, test_sockets);
	tcase_add_test(tc, test_remote_and_bounds);
	suite_add_tcase(s, tc);
	return dt_run_suite(s);
}
