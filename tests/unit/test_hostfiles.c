/*
 * core/hostfiles.c: the parsers on their own, then the whole probe on fake
 * host roots built by each test in a temporary directory (modes set with
 * chmod, owners with chown, a real unix socket, symbolic links that try
 * to leave the root).
 *
 * Ownership subtests need root.  Without it they are skipped, except under
 * CI=true, where running unprivileged is a misconfiguration and fails.
 */
#include "config.h"

#include "hostfiles.h"
#include "hostmounts.h"
#include "testlib.h"
#include "util.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <grp.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

/* ---- helpers --------------------------------------------------------------- */

struct fake {
	char top[64];   /* mkdtemp directory */
	char root[96];  /* top/root: the fake host root */
	char proc[96];  /* top/proc: the fake /proc */
};

static void fk_path(const struct fake *f, const char *rel, char *out, size_t size)
{
	snprintf(out, size, "%s%s", f->root, rel);
}

/* Writes a file below the fake root (parents created) and sets its mode. */
static void fk_write(const struct fake *f, const char *rel, const char *text, mode_t mode)
{
	char path[512], dir[512];
	char *slash;
	FILE *fp;

	fk_path(f, rel, path, sizeof(path));
	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	*slash = '\0';
	dt_mkdirs(dir, 0755);
	fp = fopen(path, "w");
	ck_assert_msg(fp != NULL, "cannot create %s: %s", path, strerror(errno));
	fputs(text, fp);
	fclose(fp);
	ck_assert_int_eq(chmod(path, mode), 0);
}

static void fk_mkdir(const struct fake *f, const char *rel, mode_t mode)
{
	char path[512];
	fk_path(f, rel, path, sizeof(path));
	dt_mkdirs(path, 0755);
	ck_assert_int_eq(chmod(path, mode), 0);
}

static void fk_link(const struct fake *f, const char *target, const char *rel)
{
	char path[512], dir[512];
	char *slash;

	fk_path(f, rel, path, sizeof(path));
	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	*slash = '\0';
	dt_mkdirs(dir, 0755);
	ck_assert_msg(symlink(target, path) == 0, "symlink %s: %s", path, strerror(errno));
}

/* A listening-capable unix socket bound at rel; the fd stays open. */
static int fk_socket(const struct fake *f, const char *rel, mode_t mode)
{
	struct sockaddr_un sa;
	char path[512];
	int fd;

	fk_path(f, rel, path, sizeof(path));
	{
		char dir[512];
		snprintf(dir, sizeof(dir), "%s", path);
		*strrchr(dir, '/') = '\0';
		dt_mkdirs(dir, 0755);
	}
	ck_assert_msg(strlen(path) < sizeof(sa.sun_path), "socket path too long: %s", path);
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path, path, strlen(path) + 1);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	ck_assert_int_ge(fd, 0);
	ck_assert_msg(bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0, "bind %s: %s", path,
		      strerror(errno));
	ck_assert_int_eq(chmod(path, mode), 0);
	return fd;
}

/* The fake root of the running test, removed at exit even when a failed
 * assertion ends the test process early. */
static char fk_current[64];

static void fk_atexit(void)
{
	if (fk_current[0])
		dt_rm_tree(fk_current);
}

static void fk_init(struct fake *f)
{
	static bool registered;

	snprintf(f->top, sizeof(f->top), "/tmp/dahfXXXXXX");
	ck_assert_msg(mkdtemp(f->top) != NULL, "mkdtemp: %s", strerror(errno));
	if (!registered) {
		atexit(fk_atexit);
		registered = true;
	}
	snprintf(fk_current, sizeof(fk_current), "%s", f->top);
	snprintf(f->root, sizeof(f->root), "%s/root", f->top);
	snprintf(f->proc, sizeof(f->proc), "%s/proc", f->top);
	dt_mkdirs(f->root, 0755);
	dt_mkdirs(f->proc, 0755);
	chmod(f->root, 0755);
}

static void fk_free(struct fake *f)
{
	dt_rm_tree(f->top);
	fk_current[0] = '\0';
}

/* Whether ownership subtests can run here; fails them under CI=true. */
static bool can_chown(void)
{
	if (geteuid() == 0)
		return true;
	dt_skip("test_hostfiles: not root, ownership subtests left out");
	return false;
}

/* root -> k1 -> k2 ... (NULL-terminated), keys taken literally. */
static struct json_object *jget(struct json_object *o, ...)
{
	va_list ap;
	const char *k;

	va_start(ap, o);
	while (o && (k = va_arg(ap, const char *)) != NULL) {
		struct json_object *v = NULL;
		if (!json_object_is_type(o, json_type_object) ||
		    !json_object_object_get_ex(o, k, &v))
			v = NULL;
		o = v;
	}
	va_end(ap);
	return o;
}

static struct json_object *jfile(struct json_object *root, const char *path)
{
	return jget(root, "host", "files", path, NULL);
}

static int64_t jint(struct json_object *o, const char *key)
{
	struct json_object *v = jget(o, key, NULL);
	ck_assert_msg(v && json_object_is_type(v, json_type_int), "%s is not an int", key);
	return json_object_get_int64(v);
}

static const char *jstr(struct json_object *o, const char *key)
{
	struct json_object *v = jget(o, key, NULL);
	return v && json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
}

static bool jbool(struct json_object *o, const char *key)
{
	struct json_object *v = jget(o, key, NULL);
	ck_assert_msg(v && json_object_is_type(v, json_type_boolean), "%s is not a bool", key);
	return json_object_get_boolean(v);
}

static bool jarr_has(struct json_object *a, const char *s)
{
	size_t i;
	if (!a || !json_object_is_type(a, json_type_array))
		return false;
	for (i = 0; i < json_object_array_length(a); i++)
		if (strcmp(json_object_get_string(json_object_array_get_idx(a, i)), s) == 0)
			return true;
	return false;
}

/*
 * The host files probe of a tree whose host facts the test wrote by hand:
 * what it needs of the dockerd is taken from them, as the binary does.
 */
static int probe_seeded(const struct da_hostfacts_config *cfg, struct json_object *root)
{
	struct da_dockerd_facts d;

	da_hostfacts_dockerd(root, &d);
	return da_hostfiles_probe(cfg, &d, root);
}

static struct json_object *run_probe(const struct fake *f, const char *probe_json)
{
	/* a trailing slash on the root must change nothing */
	static int flip;
	char rootdir[128];
	struct da_hostfacts_config cfg = { rootdir, f->proc, false };
	struct json_object *root = json_tokener_parse(probe_json);

	snprintf(rootdir, sizeof(rootdir), "%s%s", f->root, flip++ % 2 ? "//" : "");
	ck_assert_ptr_nonnull(root);
	ck_assert_int_eq(probe_seeded(&cfg, root), 0);
	return root;
}

/* ---- parsers ------------------------------------------------------------- */

START_TEST(test_normpath)
{
	char out[64];

	ck_assert(da_normpath("/usr//bin/./dockerd/", out, sizeof(out)));
	ck_assert_str_eq(out, "/usr/bin/dockerd");
	ck_assert(da_normpath("///", out, sizeof(out)));
	ck_assert_str_eq(out, "/");
	ck_assert(da_normpath("/a/../b", out, sizeof(out)));
	ck_assert_str_eq(out, "/a/../b");
	ck_assert(!da_normpath("relative/path", out, sizeof(out)));
	ck_assert(!da_normpath("/a/very/long/path/that/does/not/fit", out, 8));
}
END_TEST

START_TEST(test_audit_rule_forms)
{
	char out[256];

	ck_assert(da_audit_rule_path("-w /usr/bin/dockerd -k docker", out, sizeof(out)));
	ck_assert_str_eq(out, "/usr/bin/dockerd");
	ck_assert(da_audit_rule_path("  -w\t/etc/docker/ -p wa -k docker\r", out, sizeof(out)));
	ck_assert_str_eq(out, "/etc/docker");
	ck_assert(da_audit_rule_path("-a always,exit -F path=/run/containerd -F perm=war -k docker",
				     out, sizeof(out)));
	ck_assert_str_eq(out, "/run/containerd");
	ck_assert(da_audit_rule_path("-a exit,always -F arch=b64 -F dir=/var/lib/docker -k docker",
				     out, sizeof(out)));
	ck_assert_str_eq(out, "/var/lib/docker");
	ck_assert(da_audit_rule_path("-A always,exit -F path=/usr/bin/runc", out, sizeof(out)));
	ck_assert_str_eq(out, "/usr/bin/runc");
	ck_assert(da_audit_rule_path("-w/usr/bin/containerd", out, sizeof(out)));
	ck_assert_str_eq(out, "/usr/bin/containerd");
}
END_TEST

START_TEST(test_audit_rule_rejects)
{
	char out[256];

	ck_assert(!da_audit_rule_path("", out, sizeof(out)));
	ck_assert(!da_audit_rule_path("   ", out, sizeof(out)));
	ck_assert(!da_audit_rule_path("# -w /usr/bin/dockerd -k docker", out, sizeof(out)));
	ck_assert(!da_audit_rule_path("-W /usr/bin/dockerd -k docker", out, sizeof(out)));
	ck_assert(!da_audit_rule_path("-a never,exit -F path=/usr/bin/dockerd", out, sizeof(out)));
	ck_assert(!da_audit_rule_path("-a exit,never -F dir=/etc/docker", out, sizeof(out)));
	ck_assert(!da_audit_rule_path("-a always,exit -F arch=b64 -S open", out, sizeof(out)));
	ck_assert(!da_audit_rule_path("-a always -F path=/x", out, sizeof(out)));
	ck_assert(!da_audit_rule_path("-w", out, sizeof(out)));
	ck_assert(!da_audit_rule_path("-D", out, sizeof(out)));
	ck_assert(!da_audit_rule_path("-e 2", out, sizeof(out)));
	ck_assert(!da_audit_rule_path("-w relative -k docker", out, sizeof(out)));
	ck_assert(!da_audit_rule_path("-a always,exit -F path=", out, sizeof(out)));
	ck_assert(!da_audit_rule_path(NULL, out, sizeof(out)));
}
END_TEST

START_TEST(test_mountinfo_parser)
{
	char out[256];

	ck_assert(da_mountinfo_mountpoint(
		"36 35 98:0 /mnt1 /var/lib/docker rw,noatime master:1 - ext4 /dev/sdb1 rw",
		out, sizeof(out)));
	ck_assert_str_eq(out, "/var/lib/docker");
	ck_assert(da_mountinfo_mountpoint("1 0 0:1 / /data\\040disk\\134x rw - ext4 /dev/x rw",
					  out, sizeof(out)));
	ck_assert_str_eq(out, "/data disk\\x");
	ck_assert(!da_mountinfo_mountpoint("36 35 98:0 /mnt1", out, sizeof(out)));
	ck_assert(!da_mountinfo_mountpoint("", out, sizeof(out)));
	ck_assert(!da_mountinfo_mountpoint("1 0 0:1 / relative rw - x y rw", out, sizeof(out)));
	/* an escaped NUL is refused rather than cutting the path */
	ck_assert(!da_mountinfo_mountpoint("1 0 0:1 / /a\\000b rw - x y rw", out, sizeof(out)));
	ck_assert(!da_mountinfo_mountpoint("1 0 0:1 / /var/lib/docker rw", out, 8));
}
END_TEST

START_TEST(test_mountinfo_parse)
{
	struct da_mountinfo m;

	ck_assert(da_mountinfo_parse(
		"36 35 98:0 /mnt1 /var/lib/docker rw,noatime master:1 shared:2 - ext4 /dev/sdb1 rw", &m));
	ck_assert_uint_eq(m.id, 36);
	ck_assert_uint_eq(m.parent, 35);
	ck_assert_uint_eq(m.major, 98);
	ck_assert_uint_eq(m.minor, 0);
	ck_assert_str_eq(m.root, "/mnt1");
	ck_assert_str_eq(m.mountpoint, "/var/lib/docker");
	ck_assert_str_eq(m.fstype, "ext4");
	ck_assert(da_mountinfo_parse("1 0 259:4294967295 /a\\040b /data\\011x rw - tmpfs t rw", &m));
	ck_assert_uint_eq(m.minor, 4294967295ul);
	ck_assert_str_eq(m.root, "/a b");
	ck_assert_str_eq(m.mountpoint, "/data\tx");
	ck_assert_str_eq(m.fstype, "tmpfs");
	/* no separator: the type is unknown, the rest is kept */
	ck_assert(da_mountinfo_parse("1 0 0:1 / /x rw", &m));
	ck_assert_str_eq(m.fstype, "");
	ck_assert(!da_mountinfo_parse("x 0 0:1 / /x rw - t t rw", &m));
	ck_assert(!da_mountinfo_parse("1 0 01 / /x rw - t t rw", &m));
	ck_assert(!da_mountinfo_parse("1 0 0:a / /x rw - t t rw", &m));
	ck_assert(!da_mountinfo_parse("1 0 :1 / /x rw - t t rw", &m));
	ck_assert(!da_mountinfo_parse("1 0 0:1 net:[4026532173] /x rw - nsfs nsfs rw", &m));
	ck_assert(!da_mountinfo_parse("1 0 0:1 / relative rw - t t rw", &m));
	ck_assert(!da_mountinfo_parse("1 0 0:1 / /a\\000b rw - t t rw", &m));
	ck_assert(!da_mountinfo_parse("12345678901 0 0:1 / /x rw - t t rw", &m));
	ck_assert(!da_mountinfo_parse("1 0 0:1", &m));
	ck_assert(!da_mountinfo_parse("", &m));
	ck_assert(!da_mountinfo_parse(NULL, &m));
}
END_TEST

START_TEST(test_mountinfo_fixture)
{
	char *path = NULL, *line, *save = NULL, *data;
	char out[512];
	int count = 0;
	bool docker = false;
	const char *dir = getenv("DA_FIXTURES");

	path = da_xasprintf("%s/hostfiles/mountinfo.txt", dir ? dir : "tests/fixtures");
	data = dt_read_file(path);
	for (line = strtok_r(data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (!da_mountinfo_mountpoint(line, out, sizeof(out)))
			continue;
		count++;
		if (strcmp(out, "/var/lib/docker") == 0)
			docker = true;
	}
	ck_assert_int_eq(count, 8);
	ck_assert(docker);
	free(data);
	free(path);
}
END_TEST

START_TEST(test_identry_parser)
{
	struct da_identry e;

	ck_assert(da_identry_parse("alice:x:1000:1000:Alice,,,:/home/alice:/bin/bash", &e));
	ck_assert_str_eq(e.name, "alice");
	ck_assert_uint_eq(e.id, 1000);
	ck_assert_str_eq(e.members, "");
	da_identry_release(&e);

	ck_assert(da_identry_parse("docker:x:998:alice,bob\r\n", &e));
	ck_assert_str_eq(e.name, "docker");
	ck_assert_uint_eq(e.id, 998);
	ck_assert_str_eq(e.members, "alice,bob");
	da_identry_release(&e);

	ck_assert(da_identry_parse("nogroup:x:65534", &e));
	ck_assert_uint_eq(e.id, 65534);
	ck_assert_str_eq(e.members, "");
	da_identry_release(&e);

	ck_assert(!da_identry_parse("", &e));
	ck_assert(!da_identry_parse("# comment:x:0:", &e));
	ck_assert(!da_identry_parse("+nisuser::::", &e));
	ck_assert(!da_identry_parse("broken:x", &e));
	ck_assert(!da_identry_parse("neg:x:-1:", &e));
	ck_assert(!da_identry_parse("hex:x:0x10:", &e));
	ck_assert(!da_identry_parse(":x:5:", &e));
	ck_assert(!da_identry_parse("big:x:99999999999999999999999999:", &e));
	da_identry_release(NULL);
}
END_TEST

START_TEST(test_idmap)
{
	static const char data[] = "root:x:0:\n"
				   "garbage line\n"
				   "docker:x:998:alice,bob\n"
				   "docker:x:5:eve\n"
				   "other:x:998:\n"
				   "\0hidden:x:7:\n"
				   "last:x:9:";
	struct da_idmap m = { 0 };
	const struct da_identry *e;

	ck_assert_int_eq(da_idmap_parse(&m, data, sizeof(data) - 1), 0);
	ck_assert_uint_eq(m.n, 5);
	e = da_idmap_by_name(&m, "docker");
	ck_assert_ptr_nonnull(e);
	ck_assert_uint_eq(e->id, 998); /* the first entry wins */
	e = da_idmap_by_id(&m, 998);
	ck_assert_str_eq(e->name, "docker");
	ck_assert_ptr_null(da_idmap_by_id(&m, 7)); /* after a NUL on its line */
	ck_assert_str_eq(da_idmap_by_id(&m, 9)->name, "last");
	ck_assert_ptr_null(da_idmap_by_name(&m, "nobody"));
	da_idmap_release(&m);
	ck_assert_uint_eq(m.n, 0);
}
END_TEST

START_TEST(test_listen_streams)
{
	static const char unit[] = "[Unit]\nDescription=x\nListenStream=/wrong\n"
				   "[Socket]\n"
				   "ListenStream=%t/docker.sock\n"
				   "ListenStream = 2375\n"
				   "ListenStream=@abstract\n"
				   "# ListenStream=/commented\n"
				   "SocketMode=0660\n"
				   "[Install]\nWantedBy=sockets.target\n";
	static const char dropin[] = "[Socket]\nListenStream=\nListenStream=/run/custom%%.sock\n";
	struct json_object *list = json_object_new_array();

	da_unit_listen_streams(unit, sizeof(unit) - 1, list);
	ck_assert_uint_eq(json_object_array_length(list), 1);
	ck_assert_str_eq(json_object_get_string(json_object_array_get_idx(list, 0)),
			 "/run/docker.sock");
	da_unit_listen_streams(dropin, sizeof(dropin) - 1, list);
	ck_assert_uint_eq(json_object_array_length(list), 1);
	ck_assert_str_eq(json_object_get_string(json_object_array_get_idx(list, 0)),
			 "/run/custom%.sock");
	json_object_put(list);
}
END_TEST

/* ---- path resolution ----------------------------------------------------- */

START_TEST(test_resolve_in_root)
{
	struct fake f;
	char out[512], outside[256];

	fk_init(&f);
	fk_mkdir(&f, "/run", 0755);
	fk_write(&f, "/run/docker.sock", "", 0644);
	fk_link(&f, "/run", "/var/run");               /* absolute: stays in root */
	fk_link(&f, "../../run/docker.sock", "/etc/docker/sock");
	fk_link(&f, "/../../../../outside", "/etc/escape");
	fk_link(&f, "/etc/loop2", "/etc/loop1");
	fk_link(&f, "/etc/loop1", "/etc/loop2");
	fk_write(&f, "/etc/file", "x", 0644);
	/* a file just outside the root must never be reached */
	snprintf(outside, sizeof(outside), "%s/outside", f.top);
	{
		FILE *fp = fopen(outside, "w");
		ck_assert_ptr_nonnull(fp);
		fclose(fp);
	}

	ck_assert_int_eq(da_hostfiles_resolve(f.root, "/var/run/docker.sock", out, sizeof(out)), 0);
	ck_assert_str_eq(out, "/run/docker.sock");
	ck_assert_int_eq(da_hostfiles_resolve(f.root, "/etc/docker/sock", out, sizeof(out)), 0);
	ck_assert_str_eq(out, "/run/docker.sock");
	ck_assert_int_eq(da_hostfiles_resolve(f.root, "/../../../var/run", out, sizeof(out)), 0);
	ck_assert_str_eq(out, "/run");
	ck_assert_int_eq(da_hostfiles_resolve(f.root, "/etc/escape", out, sizeof(out)), -ENOENT);
	ck_assert_int_eq(da_hostfiles_resolve(f.root, "/etc/loop1", out, sizeof(out)), -ELOOP);
	ck_assert_int_eq(da_hostfiles_resolve(f.root, "/etc/nothing", out, sizeof(out)), -ENOENT);
	ck_assert_int_eq(da_hostfiles_resolve(f.root, "/etc/file/x", out, sizeof(out)), -ENOTDIR);
	ck_assert_int_eq(da_hostfiles_resolve(f.root, "/", out, sizeof(out)), 0);
	ck_assert_str_eq(out, "/");
	ck_assert_int_eq(da_hostfiles_resolve(f.root, "/var/run/docker.sock", out, 4),
			 -ENAMETOOLONG);
	/* the same resolver on the real root */
	ck_assert_int_eq(da_hostfiles_resolve("/", "/", out, sizeof(out)), 0);
	ck_assert_str_eq(out, "/");
	fk_free(&f);
}
END_TEST

/* ---- the probe on a fake host ------------------------------------------- */

static const char passwd[] = "root:x:0:0:root:/root:/bin/bash\n"
			     "alice:x:1000:1000::/home/alice:/bin/sh\n";
static const char group[] = "root:x:0:\n"
			    "alice:x:1000:\n"
			    "docker:x:999:alice,bob\n";

static void base_host(struct fake *f)
{
	fk_write(f, "/etc/passwd", passwd, 0644);
	fk_write(f, "/etc/group", group, 0644);
	fk_mkdir(f, "/etc/docker", 0755);
	fk_write(f, "/etc/docker/daemon.json", "{}", 0606);
	fk_mkdir(f, "/run/containerd", 0711);
	fk_mkdir(f, "/var/lib/docker", 0710);
	fk_link(f, "/run", "/var/run");
	fk_write(f, "/usr/bin/containerd", "bin", 0755);
	fk_write(f, "/usr/bin/containerd-shim", "bin", 0755);
	fk_write(f, "/usr/sbin/dockerd", "bin", 04755);
}

START_TEST(test_probe_files)
{
	struct fake f;
	struct json_object *root, *e;
	int sfd;

	fk_init(&f);
	base_host(&f);
	sfd = fk_socket(&f, "/run/docker.sock", 0660);
	fk_link(&f, "/nonexistent", "/etc/default/docker");
	fk_link(&f, "/../../outside", "/etc/sysconfig/docker");
	{
		char outside[256];
		FILE *fp;
		snprintf(outside, sizeof(outside), "%s/outside", f.top);
		fp = fopen(outside, "w");
		ck_assert_ptr_nonnull(fp);
		fclose(fp);
	}
	root = run_probe(&f, "{\"host\":{\"available\":true,\"dockerd\":{"
			     "\"exe\":\"/usr/sbin/dockerd\","
			     "\"config_file\":\"/etc/docker/daemon.json\"}}}");

	e = jfile(root, "/etc/docker/daemon.json");
	ck_assert(jbool(e, "exists"));
	ck_assert_str_eq(jstr(e, "type"), "file");
	ck_assert_int_eq(jint(e, "mode"), 0606);
	ck_assert_str_eq(jstr(e, "resolved"), "/etc/docker/daemon.json");

	e = jfile(root, "/etc/docker");
	ck_assert_str_eq(jstr(e, "type"), "dir");
	ck_assert_int_eq(jint(e, "mode"), 0755);
	ck_assert(!jbool(e, "mountpoint"));

	e = jfile(root, "/usr/sbin/dockerd"); /* host.dockerd.exe */
	ck_assert_int_eq(jint(e, "mode"), 04755);

	e = jfile(root, "/var/run/docker.sock");
	ck_assert(jbool(e, "exists"));
	ck_assert_str_eq(jstr(e, "type"), "socket");
	ck_assert_str_eq(jstr(e, "resolved"), "/run/docker.sock");
	ck_assert_int_eq(jint(e, "mode"), 0660);

	e = jfile(root, "/etc/default/docker");
	ck_assert(!jbool(e, "exists"));
	ck_assert_str_eq(jstr(e, "type"), "symlink-dangling");
	ck_assert_str_eq(jstr(e, "link_target"), "/nonexistent");

	/* a link that climbs out of the root finds nothing inside it */
	e = jfile(root, "/etc/sysconfig/docker");
	ck_assert(!jbool(e, "exists"));

	e = jfile(root, "/usr/bin/runc");
	ck_assert(!jbool(e, "exists"));
	ck_assert(json_object_is_type(jget(e, "error", NULL), json_type_null));

	/* names come from the fake host's passwd and group */
	e = jfile(root, "/etc/docker");
	if (geteuid() == 0) {
		ck_assert_str_eq(jstr(e, "user"), "root");
		ck_assert_str_eq(jstr(e, "group"), "root");
	}
	/* the docker group was absent: added from the host's group file */
	e = jget(root, "host", "groups", "docker", NULL);
	ck_assert_int_eq(jint(e, "gid"), 999);
	ck_assert(jarr_has(jget(e, "members", NULL), "alice"));
	ck_assert(jarr_has(jget(e, "members", NULL), "bob"));
	ck_assert_int_eq(json_object_get_boolean(jget(root, "host", "available", NULL)), 1);

	json_object_put(root);
	close(sfd);
	fk_free(&f);
}
END_TEST

START_TEST(test_probe_ownership)
{
	struct fake f;
	struct json_object *root, *e;
	char path[512];

	if (!can_chown())
		return;
	fk_init(&f);
	base_host(&f);
	fk_path(&f, "/etc/docker/daemon.json", path, sizeof(path));
	ck_assert_int_eq(chown(path, 1000, 999), 0);
	fk_path(&f, "/usr/bin/containerd", path, sizeof(path));
	ck_assert_int_eq(chown(path, 4242, 4343), 0);
	root = run_probe(&f, "{}");

	e = jfile(root, "/etc/docker/daemon.json");
	ck_assert_int_eq(jint(e, "uid"), 1000);
	ck_assert_int_eq(jint(e, "gid"), 999);
	ck_assert_str_eq(jstr(e, "user"), "alice");
	ck_assert_str_eq(jstr(e, "group"), "docker");

	e = jfile(root, "/usr/bin/containerd");
	ck_assert_int_eq(jint(e, "uid"), 4242);
	ck_assert_int_eq(jint(e, "gid"), 4343);
	ck_assert(json_object_is_type(jget(e, "user", NULL), json_type_null));
	ck_assert(json_object_is_type(jget(e, "group", NULL), json_type_null));

	e = jfile(root, "/etc/docker");
	ck_assert_int_eq(jint(e, "uid"), 0);
	ck_assert_str_eq(jstr(e, "user"), "root");
	json_object_put(root);
	fk_free(&f);
}
END_TEST

START_TEST(test_probe_units_order)
{
	struct fake f;
	struct json_object *root, *u;

	fk_init(&f);
	base_host(&f);
	/* the same unit in several directories: the first in search order wins */
	fk_write(&f, "/usr/lib/systemd/system/docker.service", "[Service]\n", 0644);
	fk_write(&f, "/lib/systemd/system/docker.service", "[Service]\n", 0644);
	fk_write(&f, "/etc/systemd/system/docker.service", "[Service]\n", 0644);
	fk_write(&f, "/run/systemd/system/docker.service", "[Service]\n", 0644);
	fk_write(&f, "/usr/lib/systemd/system/docker.socket", "[Socket]\n", 0644);
	fk_write(&f, "/run/systemd/system/docker.socket", "[Socket]\n", 0644);
	fk_write(&f, "/usr/local/lib/systemd/system/docker.socket", "[Socket]\n", 0644);
	fk_write(&f, "/lib/systemd/system/containerd.service", "[Service]\n", 0644);
	fk_write(&f, "/usr/lib/systemd/system/docker.service.d/10-a.conf", "", 0644);
	fk_write(&f, "/etc/systemd/system/docker.service.d/20-b.conf", "", 0644);
	fk_write(&f, "/run/systemd/system/docker.service.d/10-a.conf", "", 0644);
	root = run_probe(&f, "{}");

	u = jget(root, "host", "units", "docker.service", NULL);
	ck_assert_str_eq(jstr(u, "path"), "/etc/systemd/system/docker.service");
	ck_assert_str_eq(jstr(u, "source"), "/etc/systemd/system");
	ck_assert(!jbool(u, "masked"));
	u = jget(u, "dropins", NULL);
	ck_assert_uint_eq(json_object_array_length(u), 2);
	ck_assert_str_eq(json_object_get_string(json_object_array_get_idx(u, 0)),
			 "/run/systemd/system/docker.service.d/10-a.conf");
	ck_assert_str_eq(json_object_get_string(json_object_array_get_idx(u, 1)),
			 "/etc/systemd/system/docker.service.d/20-b.conf");

	u = jget(root, "host", "units", "docker.socket", NULL);
	ck_assert_str_eq(jstr(u, "path"), "/run/systemd/system/docker.socket");
	u = jget(root, "host", "units", "containerd.service", NULL);
	ck_assert_str_eq(jstr(u, "path"), "/lib/systemd/system/containerd.service");
	/* and every unit found is in host.files */
	ck_assert_int_eq(jint(jfile(root, "/run/systemd/system/docker.socket"), "mode"), 0644);
	json_object_put(root);

	/* /usr/local/lib comes before /usr/lib */
	fk_free(&f);
	fk_init(&f);
	fk_write(&f, "/usr/lib/systemd/system/docker.socket", "[Socket]\n", 0644);
	fk_write(&f, "/usr/local/lib/systemd/system/docker.socket", "[Socket]\n", 0644);
	root = run_probe(&f, "{}");
	u = jget(root, "host", "units", "docker.socket", NULL);
	ck_assert_str_eq(jstr(u, "path"), "/usr/local/lib/systemd/system/docker.socket");
	u = jget(root, "host", "units", "docker.service", NULL);
	ck_assert(json_object_is_type(u, json_type_null));
	ck_assert(jget(root, "host", "units", NULL) != NULL);
	json_object_put(root);
	fk_free(&f);
}
END_TEST

START_TEST(test_probe_sockets)
{
	struct fake f;
	struct json_object *root, *s;
	int fd1, fd2;

	fk_init(&f);
	base_host(&f);
	fd1 = fk_socket(&f, "/run/docker.sock", 0660);
	fd2 = fk_socket(&f, "/srv/other.sock", 0600);
	fk_write(&f, "/usr/lib/systemd/system/docker.socket",
		 "[Socket]\nListenStream=%t/docker.sock\nSocketMode=0660\n", 0644);
	/* fd:// is docker.socket's ListenStream; unix:///var/run/docker.sock is
	 * the same file through the /var/run link; the endpoint adds nothing */
	root = run_probe(&f, "{\"source\":{\"endpoint\":\"unix:///var/run/docker.sock\"},"
			     "\"host\":{\"dockerd\":{\"effective\":{\"hosts\":"
			     "[\"fd://\",\"unix:///var/run/docker.sock\",\"tcp://0.0.0.0:2376\","
			     "\"unix:///srv/other.sock\"]}}}}");
	s = jget(root, "host", "docker_sockets", NULL);
	ck_assert_uint_eq(json_object_array_length(s), 2);
	ck_assert_str_eq(json_object_get_string(json_object_array_get_idx(s, 0)), "/run/docker.sock");
	ck_assert_str_eq(json_object_get_string(json_object_array_get_idx(s, 1)), "/srv/other.sock");
	ck_assert_int_eq(jint(jfile(root, "/srv/other.sock"), "mode"), 0600);
	ck_assert_str_eq(jstr(jget(root, "host", NULL), "containerd_socket"),
			 "/run/containerd/containerd.sock");
	json_object_put(root);

	/* --containerd: the socket dockerd really uses */
	root = run_probe(&f, "{\"host\":{\"effective\":{\"containerd\":\"unix:///srv/other.sock\"}}}");
	ck_assert_str_eq(jstr(jget(root, "host", NULL), "containerd_socket"), "/srv/other.sock");
	ck_assert_str_eq(jstr(jfile(root, "/srv/other.sock"), "type"), "socket");
	json_object_put(root);
	root = run_probe(&f, "{\"host\":{\"effective\":{\"containerd\":\"/srv/ctd.sock\"}}}");
	ck_assert_str_eq(jstr(jget(root, "host", NULL), "containerd_socket"), "/srv/ctd.sock");
	ck_assert(!jbool(jfile(root, "/srv/ctd.sock"), "exists"));
	json_object_put(root);

	/* no hosts at all: dockerd's default socket */
	root = run_probe(&f, "{\"host\":{\"effective\":{}}}");
	s = jget(root, "host", "docker_sockets", NULL);
	ck_assert_uint_eq(json_object_array_length(s), 1);
	ck_assert_str_eq(json_object_get_string(json_object_array_get_idx(s, 0)),
			 "/var/run/docker.sock");
	ck_assert_str_eq(jstr(jfile(root, "/var/run/docker.sock"), "resolved"), "/run/docker.sock");
	json_object_put(root);

	/* a drop-in replaces the ListenStream list */
	fk_write(&f, "/etc/systemd/system/docker.socket.d/override.conf",
		 "[Socket]\nListenStream=\nListenStream=/srv/other.sock\n", 0644);
	root = run_probe(&f, "{\"host\":{\"dockerd\":{\"effective\":{\"hosts\":[\"fd://\"]}}}}");
	s = jget(root, "host", "docker_sockets", NULL);
	ck_assert_uint_eq(json_object_array_length(s), 1);
	ck_assert_str_eq(json_object_get_string(json_object_array_get_idx(s, 0)), "/srv/other.sock");
	json_object_put(root);

	/* a masked docker.socket provides nothing */
	fk_link(&f, "/dev/null", "/etc/systemd/system/docker.socket");
	root = run_probe(&f, "{\"host\":{\"dockerd\":{\"effective\":{\"hosts\":[\"fd://\"]}}}}");
	ck_assert(jbool(jget(root, "host", "units", "docker.socket", NULL), "masked"));
	ck_assert_uint_eq(json_object_array_length(jget(root, "host", "docker_sockets", NULL)), 0);
	json_object_put(root);

	close(fd1);
	close(fd2);
	fk_free(&f);
}
END_TEST

START_TEST(test_probe_activation_default)
{
	struct fake f;
	struct json_object *root, *s;

	fk_init(&f);
	/* fd:// without a docker.socket unit: systemd's usual /run/docker.sock */
	root = run_probe(&f, "{\"host\":{\"dockerd\":{\"effective\":{\"hosts\":\"fd://\"}}}}");
	s = jget(root, "host", "docker_sockets", NULL);
	ck_assert_uint_eq(json_object_array_length(s), 1);
	ck_assert_str_eq(json_object_get_string(json_object_array_get_idx(s, 0)), "/run/docker.sock");
	ck_assert(!jbool(jfile(root, "/run/docker.sock"), "exists"));
	json_object_put(root);
	fk_free(&f);
}
END_TEST

START_TEST(test_probe_tls_and_certs)
{
	struct fake f;
	struct json_object *root, *t, *files;

	fk_init(&f);
	base_host(&f);
	fk_write(&f, "/etc/docker/tls/ca.pem", "ca", 0444);
	fk_write(&f, "/etc/docker/tls/cert.pem", "cert", 0644);
	fk_write(&f, "/etc/docker/certs.d/reg.example:5000/ca.crt", "x", 0444);
	fk_write(&f, "/etc/docker/certs.d/reg.example:5000/client.cert", "x", 0444);
	fk_write(&f, "/etc/docker/certs.d/reg.example:5000/client.key", "x", 0600);
	fk_write(&f, "/etc/docker/certs.d/a/b/c/d/too-deep.crt", "x", 0444);
	root = run_probe(&f, "{\"host\":{\"dockerd\":{\"effective\":{"
			     "\"tlscacert\":\"/etc/docker/tls/ca.pem\","
			     "\"tlscert\":\"/etc/docker/tls/cert.pem\","
			     "\"tlskey\":\"/etc/docker/tls/key.pem\",\"tlsverify\":true}}}}");
	t = jget(root, "host", "tls", "tlscacert", NULL);
	ck_assert_str_eq(jstr(t, "path"), "/etc/docker/tls/ca.pem");
	ck_assert_str_eq(jstr(t, "origin"), "config");
	ck_assert_int_eq(jint(jfile(root, "/etc/docker/tls/ca.pem"), "mode"), 0444);
	ck_assert_int_eq(jint(jfile(root, "/etc/docker/tls/cert.pem"), "mode"), 0644);
	ck_assert(!jbool(jfile(root, "/etc/docker/tls/key.pem"), "exists"));

	t = jget(root, "host", "certs_d", NULL);
	ck_assert(jbool(t, "exists"));
	ck_assert(jbool(t, "truncated"));
	files = jget(t, "files", NULL);
	ck_assert_uint_eq(json_object_array_length(files), 3);
	ck_assert_str_eq(json_object_get_string(json_object_array_get_idx(files, 0)),
			 "/etc/docker/certs.d/reg.example:5000/ca.crt");
	ck_assert(jarr_has(files, "/etc/docker/certs.d/reg.example:5000/client.key"));
	ck_assert(!jarr_has(files, "/etc/docker/certs.d/a/b/c/d/too-deep.crt"));
	ck_assert_int_eq(jint(jfile(root, "/etc/docker/certs.d/reg.example:5000/client.key"),
			      "mode"), 0600);
	json_object_put(root);

	/* TLS on without paths: dockerd's defaults under /root/.docker */
	root = run_probe(&f, "{\"host\":{\"effective\":{\"tls\":true}}}");
	t = jget(root, "host", "tls", "tlskey", NULL);
	ck_assert_str_eq(jstr(t, "path"), "/root/.docker/key.pem");
	ck_assert_str_eq(jstr(t, "origin"), "default");
	json_object_put(root);

	/* TLS off and no paths: nothing to check */
	root = run_probe(&f, "{\"host\":{\"effective\":{}}}");
	ck_assert(json_object_is_type(jget(root, "host", "tls", "tlscacert", NULL), json_type_null));
	json_object_put(root);
	fk_free(&f);
}
END_TEST

START_TEST(test_probe_audit)
{
	struct fake f;
	struct json_object *root, *a, *w;
	char fifo[512];

	fk_init(&f);
	base_host(&f);
	fk_write(&f, "/etc/audit/audit.rules",
		 "## generated\n-D\n-b 8192\n"
		 "-w /usr/bin/dockerd -k docker\n"
		 "# -w /etc/docker -k docker\n"
		 "\n", 0640);
	fk_write(&f, "/etc/audit/rules.d/20-docker.rules",
		 "-a always,exit -F path=/run/containerd -F perm=war -k docker\n"
		 "-w /usr/bin/containerd-shim -k docker\n", 0640);
	fk_write(&f, "/etc/audit/rules.d/10-more.rules",
		 "-a exit,always -F dir=/var/lib/docker -k docker\n"
		 "-w /var/run/docker.sock -k docker\n"
		 "-a never,exit -F path=/etc/default/docker\n", 0640);
	fk_write(&f, "/etc/audit/rules.d/README", "-w /etc/sysconfig/docker\n", 0644);
	/* a FIFO must neither block the probe nor count */
	fk_path(&f, "/etc/audit/rules.d/30-fifo.rules", fifo, sizeof(fifo));
	ck_assert_int_eq(mkfifo(fifo, 0600), 0);
	root = run_probe(&f, "{}");

	a = jget(root, "host", "audit", NULL);
	ck_assert_str_eq(jstr(a, "source"), "files");
	ck_assert_uint_eq(json_object_array_length(jget(a, "files", NULL)), 3);
	ck_assert_str_eq(json_object_get_string(json_object_array_get_idx(jget(a, "files", NULL), 1)),
			 "/etc/audit/rules.d/10-more.rules");
	w = jget(a, "watched", NULL);
	ck_assert(jarr_has(w, "/usr/bin/dockerd"));
	ck_assert(jarr_has(w, "/run/containerd"));
	ck_assert(jarr_has(w, "/usr/bin/containerd-shim"));
	ck_assert(jarr_has(w, "/var/lib/docker"));
	ck_assert(jarr_has(w, "/var/run/docker.sock"));
	ck_assert(!jarr_has(w, "/usr/bin/containerd")); /* no substring matching */
	ck_assert(!jarr_has(w, "/etc/docker"));         /* commented out */
	ck_assert(!jarr_has(w, "/etc/default/docker")); /* a never rule */
	ck_assert(!jarr_has(w, "/etc/sysconfig/docker")); /* not a .rules file */
	ck_assert_uint_eq(json_object_array_length(w), 5);
	ck_assert(jarr_has(jget(a, "watched_resolved", NULL), "/run/docker.sock"));
	ck_assert(jarr_has(jget(a, "rules", NULL), "-w /usr/bin/dockerd -k docker"));
	ck_assert(!jarr_has(jget(a, "rules", NULL), "# -w /etc/docker -k docker"));
	ck_assert_uint_eq(json_object_array_length(jget(a, "errors", NULL)), 1);
	/* the file of each watched path, for "in FILE, not loaded" */
	ck_assert_str_eq(jstr(jget(a, "watched_in", NULL), "/usr/bin/dockerd"),
			 "/etc/audit/audit.rules");
	ck_assert_str_eq(jstr(jget(a, "watched_in", NULL), "/var/lib/docker"),
			 "/etc/audit/rules.d/10-more.rules");
	ck_assert_str_eq(jstr(jget(a, "watched_in", NULL), "/run/docker.sock"),
			 "/etc/audit/rules.d/10-more.rules");
	ck_assert_ptr_null(jget(a, "watched_in", "/etc/docker", NULL));
	/* under a host root the scanning machine's kernel is not read */
	ck_assert_str_eq(jstr(jget(a, "loaded", NULL), "status"), "not read");
	ck_assert_ptr_nonnull(strstr(jstr(jget(a, "loaded", NULL), "error"), "--host-root"));
	ck_assert_ptr_null(jget(a, "loaded", "paths", NULL));
	json_object_put(root);
	fk_free(&f);

	/* no rule files at all */
	fk_init(&f);
	root = run_probe(&f, "{}");
	a = jget(root, "host", "audit", NULL);
	ck_assert_str_eq(jstr(a, "source"), "none");
	ck_assert_uint_eq(json_object_array_length(jget(a, "watched", NULL)), 0);
	json_object_put(root);
	fk_free(&f);
}
END_TEST

START_TEST(test_probe_mounts_and_root)
{
	struct fake f;
	struct json_object *root, *d;
	char path[512];
	FILE *fp;

	fk_init(&f);
	base_host(&f);
	fk_mkdir(&f, "/var/lib/docker/100000.100000", 0700);
	snprintf(path, sizeof(path), "%s/1", f.proc);
	dt_mkdirs(path, 0755);
	snprintf(path, sizeof(path), "%s/1/mountinfo", f.proc);
	fp = fopen(path, "w");
	ck_assert_ptr_nonnull(fp);
	fprintf(fp, "22 1 8:1 / / rw,relatime - ext4 /dev/sda1 rw\n"
		    "36 22 8:17 / /var/lib/docker rw,relatime - ext4 /dev/sdb1 rw\n"
		    "37 22 0:5 / /data\\040x rw - tmpfs tmpfs rw\n");
	fclose(fp);

	root = run_probe(&f, "{\"engine\":{\"info\":{\"DockerRootDir\":\"/var/lib/docker\","
			     "\"SecurityOptions\":[\"name=seccomp,profile=builtin\"]}}}");
	d = jget(root, "host", "docker_root", NULL);
	ck_assert_str_eq(jstr(d, "path"), "/var/lib/docker");
	ck_assert_str_eq(jstr(d, "partition"), "/var/lib/docker");
	ck_assert(!jbool(d, "userns"));
	ck_assert(jbool(jfile(root, "/var/lib/docker"), "mountpoint"));
	ck_assert(!jbool(jfile(root, "/etc/docker"), "mountpoint"));
	ck_assert_int_eq(jint(jget(root, "host", "mounts", NULL), "count"), 3);
	ck_assert_ptr_nonnull(strstr(jstr(jget(root, "host", "mounts", NULL), "source"), "/1/mountinfo"));
	json_object_put(root);

	/* userns-remap: the partition is the directory above DockerRootDir */
	root = run_probe(&f, "{\"engine\":{\"info\":{"
			     "\"DockerRootDir\":\"/var/lib/docker/100000.100000\","
			     "\"SecurityOptions\":[\"name=userns\"]}}}");
	d = jget(root, "host", "docker_root", NULL);
	ck_assert(jbool(d, "userns"));
	ck_assert_str_eq(jstr(d, "partition"), "/var/lib/docker");
	ck_assert(!jbool(jfile(root, "/var/lib/docker/100000.100000"), "mountpoint"));
	ck_assert(jbool(jfile(root, "/var/lib/docker"), "mountpoint"));
	json_object_put(root);

	/* no engine facts: docker_root is null, the rest is still probed */
	root = run_probe(&f, "{\"engine\":{\"info\":null}}");
	ck_assert(json_object_is_type(jget(root, "host", "docker_root", NULL), json_type_null));
	ck_assert(jbool(jfile(root, "/etc/docker"), "exists"));
	json_object_put(root);
	fk_free(&f);
}
END_TEST

/* Writes the fake host's /proc/1/mountinfo. */
static void fk_mountinfo(const struct fake *f, const char *text)
{
	char path[512];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/1", f->proc);
	dt_mkdirs(path, 0755);
	snprintf(path, sizeof(path), "%s/1/mountinfo", f->proc);
	fp = fopen(path, "w");
	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	fclose(fp);
}

#define ROOT_INFO "{\"engine\":{\"info\":{\"DockerRootDir\":\"/var/lib/docker\"}}}"

/*
 * host.docker_root.mount (1.1.1): the mount shown at the partition and
 * the filesystem that holds the directory it is mounted on.
 */
START_TEST(test_probe_partition_mount)
{
	struct fake f;
	struct json_object *root, *m;
	char text[1024];

	fk_init(&f);
	base_host(&f);

	/* another device: a partition of its own */
	fk_mountinfo(&f, "22 1 8:1 / / rw - ext4 /dev/sda1 rw\n"
			 "36 22 8:17 / /var/lib/docker rw - xfs /dev/sdb1 rw\n"
			 "61 36 0:52 / /var/lib/docker/overlay2/x/merged rw - overlay overlay rw\n");
	root = run_probe(&f, ROOT_INFO);
	m = jget(root, "host", "docker_root", "mount", NULL);
	ck_assert_str_eq(jstr(m, "mount_point"), "/var/lib/docker");
	ck_assert_str_eq(jstr(m, "device"), "8:17");
	ck_assert_str_eq(jstr(m, "root"), "/");
	ck_assert_str_eq(jstr(m, "fstype"), "xfs");
	ck_assert_str_eq(jstr(jget(m, "parent", NULL), "device"), "8:1");
	ck_assert_str_eq(jstr(jget(m, "parent", NULL), "mount_point"), "/");
	json_object_put(root);

	/* dockerd's bind of its data root onto itself: the parent's device */
	fk_mountinfo(&f, "22 1 8:1 / / rw - ext4 /dev/sda1 rw\n"
			 "36 22 8:1 /var/lib/docker /var/lib/docker rw shared:5 - ext4 /dev/sda1 rw\n");
	root = run_probe(&f, ROOT_INFO);
	m = jget(root, "host", "docker_root", "mount", NULL);
	ck_assert_str_eq(jstr(m, "device"), "8:1");
	ck_assert_str_eq(jstr(m, "root"), "/var/lib/docker");
	ck_assert_str_eq(jstr(jget(m, "parent", NULL), "device"), "8:1");
	json_object_put(root);

	/* a tmpfs with dockerd's bind stacked on it: compared with "/", not the tmpfs */
	fk_mountinfo(&f, "22 1 8:1 / / rw - ext4 /dev/sda1 rw\n"
			 "37 36 0:40 / /var/lib/docker rw shared:5 - tmpfs tmpfs rw\n"
			 "36 22 0:40 / /var/lib/docker rw - tmpfs tmpfs rw\n");
	root = run_probe(&f, ROOT_INFO);
	m = jget(root, "host", "docker_root", "mount", NULL);
	ck_assert_str_eq(jstr(m, "device"), "0:40");
	ck_assert_str_eq(jstr(m, "fstype"), "tmpfs");
	ck_assert_str_eq(jstr(jget(m, "parent", NULL), "device"), "8:1");
	ck_assert_str_eq(jstr(jget(m, "parent", NULL), "mount_point"), "/");
	json_object_put(root);

	/* the mount table of our own namespace under --host-root: host paths */
	snprintf(text, sizeof(text), "22 1 0:90 / / rw - overlay overlay rw\n"
		 "30 22 8:1 / %s rw - ext4 /dev/sda1 rw\n"
		 "31 30 8:1 /var/lib/docker %s/var/lib/docker rw - ext4 /dev/sda1 rw\n",
		 f.root, f.root);
	fk_mountinfo(&f, text);
	root = run_probe(&f, ROOT_INFO);
	m = jget(root, "host", "docker_root", "mount", NULL);
	ck_assert_str_eq(jstr(m, "mount_point"), "/var/lib/docker");
	ck_assert_str_eq(jstr(jget(m, "parent", NULL), "mount_point"), "/");
	ck_assert_str_eq(jstr(jget(m, "parent", NULL), "device"), "8:1");
	json_object_put(root);

	/* nothing mounted there: null; a parent outside the table: null */
	fk_mountinfo(&f, "22 1 8:1 / / rw - ext4 /dev/sda1 rw\n"
			 "36 99 8:17 / /var/lib/dockerx rw - xfs /dev/sdb1 rw\n");
	root = run_probe(&f, ROOT_INFO);
	ck_assert(json_object_is_type(jget(root, "host", "docker_root", "mount", NULL),
				      json_type_null));
	ck_assert_ptr_nonnull(jget(root, "host", "docker_root", NULL));
	json_object_put(root);
	fk_mountinfo(&f, "36 99 8:17 / /var/lib/docker rw - xfs /dev/sdb1 rw\n");
	root = run_probe(&f, ROOT_INFO);
	m = jget(root, "host", "docker_root", "mount", NULL);
	ck_assert_str_eq(jstr(m, "device"), "8:17");
	ck_assert(json_object_is_type(jget(m, "parent", NULL), json_type_null));
	json_object_put(root);
	fk_free(&f);

	/* no mount table at all: no "mount" key */
	fk_init(&f);
	base_host(&f);
	root = run_probe(&f, ROOT_INFO);
	ck_assert_ptr_nonnull(jget(root, "host", "docker_root", NULL));
	ck_assert(!json_object_object_get_ex(jget(root, "host", "docker_root", NULL), "mount", NULL));
	json_object_put(root);
	fk_free(&f);
}
END_TEST

START_TEST(test_probe_remote_and_keep)
{
	struct fake f;
	struct da_hostfacts_config cfg;
	struct json_object *root;

	fk_init(&f);
	base_host(&f);
	cfg.host_root = f.root;
	cfg.proc_root = f.proc;
	cfg.remote = true;
	root = json_tokener_parse("{\"host\":{\"available\":false,\"reason\":\"remote\"}}");
	ck_assert_int_eq(probe_seeded(&cfg, root), 0);
	ck_assert_ptr_null(jget(root, "host", "files", NULL));
	ck_assert_str_eq(jstr(jget(root, "host", NULL), "reason"), "remote");
	json_object_put(root);

	/* existing keys are kept, a given docker group is not replaced */
	root = run_probe(&f, "{\"host\":{\"available\":true,\"root\":\"/x\","
			     "\"groups\":{\"docker\":{\"gid\":4,\"members\":[]}}}}");
	ck_assert_str_eq(jstr(jget(root, "host", NULL), "root"), "/x");
	ck_assert_int_eq(jint(jget(root, "host", "groups", "docker", NULL), "gid"), 4);
	json_object_put(root);

	/* no host object yet: it is created; a socket group from daemon.json */
	root = run_probe(&f, "{\"host\":{\"effective\":{\"group\":\"alice\"}}}");
	ck_assert_int_eq(jint(jget(root, "host", "groups", "alice", NULL), "gid"), 1000);
	json_object_put(root);
	root = run_probe(&f, "{}");
	ck_assert_ptr_nonnull(jfile(root, "/etc/docker"));
	json_object_put(root);
	ck_assert_int_eq(da_hostfiles_probe(&cfg, NULL, NULL), DA_ERR_INVALID);
	fk_free(&f);
}
END_TEST

/*
 * The probe as an unprivileged user (uid and gid 65534, no supplementary
 * groups), run in a child that drops root: what dockaudit sees when it
 * runs in the docker group.  Only a root test process can do this.
 */
static struct json_object *run_probe_unprivileged(const struct fake *f, const char *probe_json)
{
	struct da_hostfacts_config cfg = { f->root, f->proc, false };

	return dt_probe_as_nobody(probe_seeded, &cfg, probe_json);
}

/*
 * Facts that need root: the same fake host probed as root and as an
 * unprivileged user.  Unreadable facts are recorded as such (audit.error,
 * certs_d.list_error, files[path].error, swarm_state_error), never as
 * "no rules", "no files" or "absent".
 */
START_TEST(test_probe_unprivileged)
{
	static const char seed[] =
		"{\"engine\":{\"info\":{\"DockerRootDir\":\"/var/lib/docker\","
		"\"Swarm\":{\"LocalNodeState\":\"active\"}}},"
		"\"host\":{\"dockerd\":{\"exe\":null,\"argv\":[\"/usr/sbin/dockerd\",\"-H\",\"fd://\"],"
		"\"effective\":{\"tlsverify\":true,\"tlskey\":\"/etc/docker/tls/key.pem\"}}}}";
	struct fake f;
	struct json_object *root, *a;

	if (!can_chown())
		return;
	fk_init(&f);
	chmod(f.top, 0755);
	chmod(f.proc, 0755);
	base_host(&f);
	/* as a Debian host has them: /etc/audit 0750, DockerRootDir 0710 */
	fk_write(&f, "/etc/audit/audit.rules", "-w /etc/docker -k docker\n", 0640);
	fk_write(&f, "/etc/audit/rules.d/docker.rules", "-w /usr/bin/runc -k docker\n", 0640);
	fk_mkdir(&f, "/etc/audit", 0750);
	fk_write(&f, "/etc/docker/certs.d/reg.example:5000/ca.crt", "x", 0444);
	fk_mkdir(&f, "/etc/docker/certs.d/reg.example:5000", 0700);
	fk_write(&f, "/etc/docker/tls/key.pem", "k", 0400);
	fk_mkdir(&f, "/etc/docker/tls", 0700);
	fk_write(&f, "/var/lib/docker/swarm/docker-state.json",
		 "{\"ListenAddr\":\"10.0.0.5:2377\"}", 0600);
	fk_mkdir(&f, "/var/lib/docker/swarm", 0700);

	/* root reads everything */
	root = run_probe(&f, seed);
	a = jget(root, "host", "audit", NULL);
	ck_assert(json_object_is_type(jget(a, "error", NULL), json_type_null));
	ck_assert(jarr_has(jget(a, "watched", NULL), "/etc/docker"));
	ck_assert(jarr_has(jget(a, "watched", NULL), "/usr/bin/runc"));
	ck_assert(json_object_is_type(jget(root, "host", "certs_d", "list_error", NULL),
				      json_type_null));
	ck_assert(jarr_has(jget(root, "host", "certs_d", "files", NULL),
			   "/etc/docker/certs.d/reg.example:5000/ca.crt"));
	ck_assert_int_eq(jint(jfile(root, "/etc/docker/tls/key.pem"), "mode"), 0400);
	ck_assert_str_eq(jstr(jget(root, "host", "swarm_state", NULL), "ListenAddr"),
			 "10.0.0.5:2377");
	ck_assert(json_object_is_type(jget(root, "host", "swarm_state_error", NULL),
				      json_type_null));
	/* argv[0] stands in for the unreadable /proc/PID/exe */
	ck_assert_int_eq(jint(jfile(root, "/usr/sbin/dockerd"), "mode"), 04755);
	json_object_put(root);

	/* the same host without root */
	root = run_probe_unprivileged(&f, seed);
	a = jget(root, "host", "audit", NULL);
	ck_assert_str_eq(jstr(a, "error"), "permission denied: /etc/audit/audit.rules");
	ck_assert_uint_eq(json_object_array_length(jget(a, "watched", NULL)), 0);
	ck_assert_uint_eq(json_object_array_length(jget(a, "errors", NULL)), 2);
	ck_assert_str_eq(jstr(json_object_array_get_idx(jget(a, "errors", NULL), 1), "path"),
			 "/etc/audit/rules.d");
	ck_assert_str_eq(jstr(jget(root, "host", "certs_d", NULL), "list_error"),
			 "permission denied: /etc/docker/certs.d/reg.example:5000");
	ck_assert_uint_eq(json_object_array_length(jget(root, "host", "certs_d", "files", NULL)), 0);
	ck_assert(!jbool(jfile(root, "/etc/docker/tls/key.pem"), "exists"));
	ck_assert_str_eq(jstr(jfile(root, "/etc/docker/tls/key.pem"), "error"), "permission denied");
	ck_assert(json_object_is_type(jget(root, "host", "swarm_state", NULL), json_type_null));
	ck_assert_ptr_nonnull(strstr(jstr(jget(root, "host", NULL), "swarm_state_error"),
				     "docker-state.json: permission denied"));
	/* what stays readable is read as before */
	ck_assert_int_eq(jint(jfile(root, "/var/lib/docker"), "mode"), 0710);
	ck_assert_int_eq(jint(jfile(root, "/etc/docker/daemon.json"), "mode"), 0606);
	ck_assert(json_object_is_type(jget(jfile(root, "/etc/docker"), "error", NULL),
				      json_type_null));
	json_object_put(root);

	/* no audit directory at all is no error */
	fk_free(&f);
	fk_init(&f);
	chmod(f.top, 0755);
	base_host(&f);
	root = run_probe_unprivileged(&f, "{}");
	a = jget(root, "host", "audit", NULL);
	ck_assert(json_object_is_type(jget(a, "error", NULL), json_type_null));
	ck_assert_str_eq(jstr(a, "source"), "none");
	json_object_put(root);
	fk_free(&f);
}
END_TEST

static Suite *hostfiles_suite(void)
{
	Suite *s = suite_create("hostfiles");
	TCase *tc = tcase_create("parsers");

	tcase_add_test(tc, test_normpath);
	tcase_add_test(tc, test_audit_rule_forms);
	tcase_add_test(tc, test_audit_rule_rejects);
	tcase_add_test(tc, test_mountinfo_parser);
	tcase_add_test(tc, test_mountinfo_parse);
	tcase_add_test(tc, test_mountinfo_fixture);
	tcase_add_test(tc, test_identry_parser);
	tcase_add_test(tc, test_idmap);
	tcase_add_test(tc, test_listen_streams);
	suite_add_tcase(s, tc);

	tc = tcase_create("probe");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_resolve_in_root);
	tcase_add_test(tc, test_probe_files);
	tcase_add_test(tc, test_probe_ownership);
	tcase_add_test(tc, test_probe_units_order);
	tcase_add_test(tc, test_probe_sockets);
	tcase_add_test(tc, test_probe_activation_default);
	tcase_add_test(tc, test_probe_tls_and_certs);
	tcase_add_test(tc, test_probe_audit);
	tcase_add_test(tc, test_probe_mounts_and_root);
	tcase_add_test(tc, test_probe_partition_mount);
	tcase_add_test(tc, test_probe_remote_and_keep);
	tcase_add_test(tc, test_probe_unprivileged);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return dt_run_suite(hostfiles_suite());
}
