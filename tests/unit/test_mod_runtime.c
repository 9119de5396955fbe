/*
 * Module "runtime" (CIS section 5): every check's PASS and WARN (or INFO)
 * paths, the items naming the failing container, and the ERROR paths of
 * malformed data, on tests/fixtures/runtime-base.json: a Debian host with
 * AppArmor, two hardened containers "web" (index 0) and "db" (index 1) on
 * the user-defined network "appnet", so that every automated check passes
 * until a test changes one fact.
 */
#include "config.h"

#include "testlib.h"

#include <dockaudit/module.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const struct da_module dockaudit_module;
#define M (&dockaudit_module)

#define WEB_ID "7a3f0123456789abcdef0123456789abcdef0123456789abcdef0123456789ab"
#define DB_ID "5c81fedcba9876543210fedcba9876543210fedcba9876543210fedcba987654"
#define NET_BRIDGE "b1" "00000000000000000000000000000000" "000000000000000000000000000000"

static struct da_probe *P;

static void setup(void)
{
	P = dt_probe_fixture("runtime-base.json");
}

static void teardown(void)
{
	dt_probe_free(P);
	P = NULL;
}

/* Sets a field of container i (0 web, 1 db). */
static void cset(int i, const char *path, const char *json)
{
	char buf[256];

	snprintf(buf, sizeof(buf), "engine.containers.%d.%s", i, path);
	dt_set(P, buf, json);
}

static void cdel(int i, const char *path)
{
	char buf[256];

	snprintf(buf, sizeof(buf), "engine.containers.%d.%s", i, path);
	dt_del(P, buf);
}

/* Runs check id; asserts its status and, when want is set, a detail substring. */
static void expect(const char *id, enum da_status st, const char *want)
{
	struct da_result *r = dt_run(M, id, P);
	enum da_status got = r->status;
	char *detail = strdup(r->detail ? r->detail : "");

	da_result_free(r);
	ck_assert_msg(got == st, "%s: got %s (%s), want %s", id, da_status_name(got), detail,
		      da_status_name(st));
	if (want)
		ck_assert_msg(strstr(detail, want) != NULL, "%s: detail \"%s\" lacks \"%s\"", id,
			      detail, want);
	free(detail);
}

/* An item named name whose detail contains sub (NULL: any). */
static bool item_with(const struct da_result *r, const char *name, const char *sub)
{
	size_t i;

	for (i = 0; i < r->n_items; i++) {
		const struct da_item *it = &r->items[i];
		if (!it->name || strcmp(it->name, name) != 0)
			continue;
		if (!sub || (it->detail && strstr(it->detail, sub)))
			return true;
	}
	return false;
}

/*
 * Asserts status st, that "db" has an item whose detail holds sub, that
 * the item carries db's full id and kind "container", and that "web" has
 * no item.
 */
static void expect_db(const char *id, enum da_status st, const char *sub)
{
	struct da_result *r = dt_run(M, id, P);
	size_t i;
	bool kind_ok = false;

	ck_assert_msg(r->status == st, "%s: got %s (%s), want %s", id, da_status_name(r->status),
		      r->detail ? r->detail : "", da_status_name(st));
	ck_assert_msg(item_with(r, "db", sub), "%s: no item for db with \"%s\" (%zu items, first %s)",
		      id, sub ? sub : "", r->n_items,
		      r->n_items && r->items[0].detail ? r->items[0].detail : "-");
	ck_assert_msg(!dt_has_item(r, "web"), "%s: web reported", id);
	for (i = 0; i < r->n_items; i++)
		if (r->items[i].id && strcmp(r->items[i].id, DB_ID) == 0 &&
		    strcmp(r->items[i].kind, "container") == 0)
			kind_ok = true;
	ck_assert_msg(kind_ok, "%s: db item lacks its id or kind", id);
	da_result_free(r);
}

/* ERROR whose detail names db and the field. */
static void expect_err(const char *id, const char *field)
{
	struct da_result *r = dt_run(M, id, P);

	ck_assert_msg(r->status == DA_ERROR, "%s: got %s (%s), want ERROR", id,
		      da_status_name(r->status), r->detail ? r->detail : "");
	ck_assert_msg(r->detail && strstr(r->detail, "db"), "%s: error does not name db: %s", id,
		      r->detail ? r->detail : "");
	if (field)
		ck_assert_msg(strstr(r->detail, field), "%s: error \"%s\" lacks \"%s\"", id,
			      r->detail, field);
	da_result_free(r);
}

static bool str_in(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(s, *list) == 0)
			return true;
	return false;
}

static bool is_scored(const char *id)
{
	struct da_result *r = dt_run(M, id, P);
	bool s = r->scored;

	da_result_free(r);
	return s;
}

static const char *const all_ids[] = {
	"5.1", "5.2", "5.3", "5.4", "5.5", "5.6", "5.7", "5.8", "5.9", "5.10", "5.11",
	"5.12", "5.13", "5.14", "5.15", "5.16", "5.17", "5.18", "5.19", "5.20", "5.21",
	"5.22", "5.23", "5.24", "5.25", "5.26", "5.27", "5.28", "5.29", "5.30", "5.31",
	"5.32", NULL
};

/* --- descriptor ----------------------------------------------------------- */

START_TEST(test_descriptor)
{
	static const char *const unscored[] = { "5.18", "5.19", "5.23", "5.24", "5.28",
						"5.30", NULL };
	static const char *const manual[] = { "5.9", "5.18", "5.19", "5.24", "5.28", "5.30",
					      NULL };
	uint32_t i, j;
	size_t n_scored = 0;

	ck_assert_str_eq(M->name, "runtime");
	ck_assert_str_eq(M->section, "5");
	ck_assert_str_eq(M->section_title, "Container Runtime");
	ck_assert_str_eq(M->group, "container_runtime");
	ck_assert_uint_eq(M->n_checks, 32);
	for (i = 0; i < M->n_checks; i++) {
		const struct da_check *c = &M->checks[i];
		bool is_manual = false, is_unscored = false;
		size_t tl = strlen(c->title);

		ck_assert_str_eq(c->id, all_ids[i]);
		for (j = 0; manual[j]; j++)
			is_manual |= strcmp(manual[j], c->id) == 0;
		for (j = 0; unscored[j]; j++)
			is_unscored |= strcmp(unscored[j], c->id) == 0;
		ck_assert_msg(!!(c->flags & DA_CHECK_MANUAL) == is_manual, "%s manual flag", c->id);
		ck_assert_msg(!!(c->flags & DA_CHECK_SCORED) == !is_unscored, "%s scored flag", c->id);
		ck_assert_msg(is_manual ? strcmp(c->title + tl - 8, "(Manual)") == 0
					: strcmp(c->title + tl - 11, "(Automated)") == 0,
			      "%s title suffix", c->id);
		ck_assert_ptr_nonnull(c->run);
		ck_assert_ptr_nonnull(c->remediation);
		ck_assert_msg(c->level == 1 || c->level == 2, "%s level", c->id);
		n_scored += (c->flags & DA_CHECK_SCORED) != 0;
	}
	ck_assert_uint_eq(n_scored, 26);
	ck_assert_str_eq(M->checks[31].title,
			 "Ensure that the Docker socket is not mounted inside any containers (Automated)");
	/* groups from docker-bench-security's cis_controls_v8 lists */
	ck_assert_ptr_nonnull(strstr(M->checks[4].groups, "cis_controls_v8_ig1"));
	ck_assert_ptr_null(M->checks[5].groups);
	ck_assert_str_eq(M->checks[7].groups, "cis_controls_v8_ig3");
}
END_TEST

/* --- the base fixture and the empty host ----------------------------------- */

START_TEST(test_base_passes)
{
	size_t i;

	for (i = 0; all_ids[i]; i++) {
		const char *id = all_ids[i];
		enum da_status want = DA_PASS;

		if (!strcmp(id, "5.3"))
			want = DA_INFO; /* no SELinux on this host */
		else if (!strcmp(id, "5.23") || !strcmp(id, "5.24") || !strcmp(id, "5.28"))
			want = DA_NOTE;
		expect(id, want, NULL);
	}
	expect("5.5", DA_PASS, "0 of 2 containers");
}
END_TEST

START_TEST(test_no_containers)
{
	size_t i;

	dt_set(P, "engine.containers", "[]");
	for (i = 0; all_ids[i]; i++) {
		const char *id = all_ids[i];

		if (!strcmp(id, "5.1"))
			expect(id, DA_PASS, NULL);
		else if (!strcmp(id, "5.23") || !strcmp(id, "5.24") || !strcmp(id, "5.28"))
			expect(id, DA_NOTE, NULL);
		else
			expect(id, DA_INFO, "no running containers to audit");
	}
}
END_TEST

START_TEST(test_self_excluded)
{
	/* dockaudit's own container is not audited */
	cset(1, "HostConfig.Privileged", "true");
	expect("5.5", DA_WARN, NULL);
	dt_set(P, "host.self_container", "\"5c81fedcba98\"");
	expect("5.5", DA_PASS, "0 of 1 container");
}
END_TEST

/* --- 5.1 ------------------------------------------------------------------- */

START_TEST(test_5_1)
{
	expect("5.1", DA_PASS, "inactive");
	dt_set(P, "engine.info.Swarm.LocalNodeState", "\"active\"");
	expect("5.1", DA_WARN, "active");
	dt_set(P, "engine.info.Swarm.LocalNodeState", "\"locked\"");
	expect("5.1", DA_WARN, "locked");
	dt_set(P, "engine.info.Swarm.LocalNodeState", "\"pending\"");
	expect("5.1", DA_WARN, NULL);
	dt_set(P, "engine.info.Swarm.LocalNodeState", "3");
	expect("5.1", DA_ERROR, "not a string");
	dt_del(P, "engine.info.Swarm");
	expect("5.1", DA_ERROR, "missing");
	dt_del(P, "engine.info");
	expect("5.1", DA_ERROR, "/info");
}
END_TEST

/* --- 5.2 AppArmor ---------------------------------------------------------- */

START_TEST(test_5_2)
{
	cset(1, "AppArmorProfile", "\"\"");
	expect_db("5.2", DA_WARN, "no AppArmor profile");
	cset(1, "AppArmorProfile", "\"unconfined\"");
	expect_db("5.2", DA_WARN, "unconfined");
	cset(1, "AppArmorProfile", "\"my-profile\"");
	expect("5.2", DA_PASS, NULL);
	/* old engines list bare names */
	dt_set(P, "engine.info.SecurityOptions", "[\"apparmor\",\"seccomp\"]");
	cset(1, "AppArmorProfile", "\"\"");
	expect("5.2", DA_WARN, NULL);
}
END_TEST

START_TEST(test_5_2_no_apparmor)
{
	cset(1, "AppArmorProfile", "\"\"");
	dt_set(P, "engine.info.SecurityOptions", "[\"name=seccomp,profile=builtin\",\"name=selinux\"]");
	expect("5.2", DA_INFO, "AppArmor not available on the host");
	dt_set(P, "engine.info.SecurityOptions", "null");
	expect("5.2", DA_INFO, "AppArmor not available");
	/* "name=apparmorx" is another feature */
	dt_set(P, "engine.info.SecurityOptions", "[\"name=apparmorx\"]");
	expect("5.2", DA_INFO, NULL);
}
END_TEST

START_TEST(test_5_2_errors)
{
	cset(1, "AppArmorProfile", "5");
	expect_err("5.2", "AppArmorProfile");
	cdel(1, "AppArmorProfile");
	expect_err("5.2", "missing");
	cset(1, "AppArmorProfile", "\"docker-default\"");
	dt_set(P, "engine.info.SecurityOptions", "\"name=apparmor\"");
	expect("5.2", DA_ERROR, "SecurityOptions");
	dt_set(P, "engine.info.SecurityOptions", "[7]");
	expect("5.2", DA_ERROR, "SecurityOptions");
	dt_del(P, "engine.info");
	expect("5.2", DA_ERROR, "/info");
}
END_TEST

/* --- 5.3 SELinux ----------------------------------------------------------- */

START_TEST(test_5_3)
{
	expect("5.3", DA_INFO, "SELinux not enabled on the daemon");
	dt_set(P, "engine.info.SecurityOptions", "[\"name=seccomp,profile=builtin\",\"name=selinux\"]");
	expect("5.3", DA_PASS, NULL);
	cset(1, "HostConfig.SecurityOpt", "[\"label:type:svirt_apache_t\"]");
	expect("5.3", DA_PASS, NULL);
	/* any other option does not count as an SELinux option */
	cset(1, "HostConfig.SecurityOpt", "[\"seccomp=unconfined\",\"no-new-privileges\"]");
	expect_db("5.3", DA_WARN, "no SELinux label options");
	cset(1, "HostConfig.SecurityOpt", "null");
	expect_db("5.3", DA_WARN, "no SELinux");
	cset(1, "HostConfig.SecurityOpt", "[\"label=disable\"]");
	expect_db("5.3", DA_WARN, "disabled");
	cset(1, "HostConfig.SecurityOpt", "[\"labelx=foo\"]");
	expect_db("5.3", DA_WARN, "no SELinux");
	cset(1, "HostConfig.SecurityOpt", "[1]");
	expect_err("5.3", "SecurityOpt");
	cset(1, "HostConfig.SecurityOpt", "{}");
	expect_err("5.3", "not an array");
}
END_TEST

/* --- 5.4 capabilities ------------------------------------------------------ */

START_TEST(test_5_4)
{
	cset(1, "HostConfig.CapAdd", "[\"SYS_ADMIN\"]");
	expect_db("5.4", DA_WARN, "SYS_ADMIN");
	cset(1, "HostConfig.CapAdd", "[\"cap_net_admin\",\"CHOWN\"]");
	expect_db("5.4", DA_WARN, "NET_ADMIN");
	cset(1, "HostConfig.CapAdd", "[\"ALL\"]");
	expect_db("5.4", DA_WARN, "ALL");
	cset(1, "HostConfig.CapAdd", "[\"CAP_CHOWN\",\"kill\",\"Cap_Net_Raw\",\"SYS_CHROOT\"]");
	expect("5.4", DA_PASS, NULL);
	cset(1, "HostConfig.CapAdd", "null");
	expect("5.4", DA_PASS, NULL);
	cset(1, "HostConfig.Privileged", "true");
	expect_db("5.4", DA_WARN, "all capabilities");
}
END_TEST

START_TEST(test_5_4_hostile)
{
	struct da_result *r;
	char json[8192];
	size_t len = 0;
	int i;

	/* a long list is cut, not overflowed */
	len += (size_t)snprintf(json + len, sizeof(json) - len, "[");
	for (i = 0; i < 40; i++)
		len += (size_t)snprintf(json + len, sizeof(json) - len, "%s\"CAP_SYS_%%n%d_%s\"",
					i ? "," : "", i,
					"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
	snprintf(json + len, sizeof(json) - len, "]");
	cset(1, "HostConfig.CapAdd", json);
	r = dt_run(M, "5.4", P);
	ck_assert_int_eq(r->status, DA_WARN);
	ck_assert_msg(item_with(r, "db", "SYS_%N0_"), "first capability missing");
	ck_assert_msg(item_with(r, "db", "..."), "long list not cut");
	da_result_free(r);

	cset(1, "HostConfig.CapAdd", "\"SYS_ADMIN\"");
	expect_err("5.4", "CapAdd");
	cset(1, "HostConfig.CapAdd", "[null]");
	expect_err("5.4", "CapAdd");
	cset(1, "HostConfig.CapAdd", "[]");
	cset(1, "HostConfig.Privileged", "\"yes\"");
	expect_err("5.4", "Privileged");
}
END_TEST

/* --- 5.5 privileged -------------------------------------------------------- */

START_TEST(test_5_5)
{
	cset(1, "HostConfig.Privileged", "true");
	expect_db("5.5", DA_WARN, "privileged");
	expect("5.5", DA_WARN, "1 of 2 containers");
	cset(0, "HostConfig.Privileged", "true");
	expect("5.5", DA_WARN, "2 of 2");
	cset(1, "HostConfig.Privileged", "1");
	expect_err("5.5", "not a boolean");
	/* the findings on other containers are kept and counted */
	{
		struct da_result *r = dt_run(M, "5.5", P);
		ck_assert_ptr_nonnull(strstr(r->detail, "(and 1 of 2 containers privileged)"));
		ck_assert(dt_has_item(r, "web"));
		da_result_free(r);
	}
	cdel(1, "HostConfig.Privileged");
	expect_err("5.5", "missing");
	cset(1, "HostConfig", "\"x\"");
	expect_err("5.5", "HostConfig");
}
END_TEST

/* --- 5.6 sensitive directories -------------------------------------------- */

static void add_mount(int i, const char *src, const char *dst, bool rw, const char *prop)
{
	char json[1024];

	snprintf(json, sizeof(json),
		 "[{\"Type\":\"bind\",\"Source\":\"%s\",\"Destination\":\"%s\",\"Mode\":\"\","
		 "\"RW\":%s,\"Propagation\":\"%s\"}]",
		 src, dst, rw ? "true" : "false", prop);
	cset(i, "Mounts", json);
}

START_TEST(test_5_6)
{
	add_mount(1, "/etc", "/host/etc", true, "rprivate");
	expect_db("5.6", DA_WARN, "/etc mounted read-write at /host/etc");
	add_mount(1, "/etc/", "/host/etc", true, "rprivate");
	expect_db("5.6", DA_WARN, "/etc mounted read-write");
	add_mount(1, "/", "/host", true, "rprivate");
	expect_db("5.6", DA_WARN, "/ mounted read-write at /host");
	add_mount(1, "/proc", "/host/proc", true, "rprivate");
	expect_db("5.6", DA_WARN, "/proc");
	/* read-only mounts pass, as in docker-bench-security */
	add_mount(1, "/etc", "/host/etc", false, "rprivate");
	expect("5.6", DA_PASS, NULL);
	/* a sub-directory is not the directory */
	add_mount(1, "/etc/nginx", "/etc/nginx", true, "rprivate");
	expect("5.6", DA_PASS, NULL);
	/* the destination does not matter: a volume mounted at /etc is the container's */
	add_mount(1, "/var/lib/docker/volumes/x/_data", "/etc", true, "");
	expect("5.6", DA_PASS, NULL);
	/* /lib64 counts from CIS 1.7.0 on */
	add_mount(1, "/lib64", "/lib64", true, "rprivate");
	expect("5.6", DA_PASS, NULL);
	da_probe_set_option(P, "benchmark", "cis-1.7.0");
	expect_db("5.6", DA_WARN, "/lib64");
}
END_TEST

START_TEST(test_5_6_several)
{
	struct da_result *r;

	cset(1, "Mounts", "[{\"Source\":\"/dev\",\"Destination\":\"/dev\",\"RW\":true},"
			  "{\"Source\":\"/sys\",\"Destination\":\"/sys\",\"RW\":false},"
			  "{\"Source\":\"/usr\",\"Destination\":\"/hostusr\",\"RW\":true}]");
	r = dt_run(M, "5.6", P);
	ck_assert_int_eq(r->status, DA_WARN);
	ck_assert_uint_eq(r->n_items, 2);
	ck_assert(item_with(r, "db", "/dev mounted read-write at /dev"));
	ck_assert(item_with(r, "db", "/usr mounted read-write at /hostusr"));
	ck_assert(!item_with(r, "db", "/sys"));
	da_result_free(r);
}
END_TEST

START_TEST(test_5_6_errors)
{
	add_mount(1, "/etc", "/host/etc", true, "");
	cset(1, "Mounts.0.RW", "\"true\"");
	expect_err("5.6", "RW");
	cset(1, "Mounts", "[\"/etc:/etc\"]");
	expect_err("5.6", "Mounts");
	cset(1, "Mounts", "{}");
	expect_err("5.6", "Mounts");
	cset(1, "Mounts", "[{\"Source\":42,\"RW\":true}]");
	expect_err("5.6", "Source");
}
END_TEST

/* --- 5.7 sshd -------------------------------------------------------------- */

static void set_db_cmd(const char *cmd)
{
	char json[512];

	snprintf(json, sizeof(json),
		 "[[\"root\",\"4300\",\"4290\",\"0\",\"20:00\",\"?\",\"00:00:00\",\"postgres\"],"
		 "[\"root\",\"4311\",\"4300\",\"0\",\"20:00\",\"?\",\"00:00:00\",\"%s\"]]", cmd);
	cset(1, "_top.Processes", json);
}

START_TEST(test_5_7)
{
	set_db_cmd("/usr/sbin/sshd -D");
	expect_db("5.7", DA_WARN, "sshd running (pid 4311)");
	set_db_cmd("sshd: root@pts/0");
	expect_db("5.7", DA_WARN, "sshd");
	set_db_cmd("sshd-session: alice [priv]");
	expect_db("5.7", DA_WARN, "sshd");
	set_db_cmd("sshd");
	expect_db("5.7", DA_WARN, "sshd");
	/* other programs that mention sshd are not sshd */
	set_db_cmd("grep sshd /etc/passwd");
	expect("5.7", DA_PASS, NULL);
	set_db_cmd("/usr/local/bin/sshdump");
	expect("5.7", DA_PASS, NULL);
	set_db_cmd("  ");
	expect("5.7", DA_PASS, NULL);
	cset(1, "_top.Processes", "null");
	expect("5.7", DA_PASS, NULL);
}
END_TEST

START_TEST(test_5_7_titles)
{
	/* ps -o pid,args gives other titles: the command column is found by name */
	cset(1, "_top", "{\"Titles\":[\"PID\",\"COMMAND\",\"USER\"],"
			"\"Processes\":[[\"77\",\"/usr/sbin/sshd -D\",\"root\"]]}");
	expect_db("5.7", DA_WARN, "pid 77");
	/* no known title: the last column */
	cset(1, "_top", "{\"Titles\":[\"X\",\"Y\"],\"Processes\":[[\"1\",\"sshd\"]]}");
	expect_db("5.7", DA_WARN, "sshd");
}
END_TEST

START_TEST(test_5_7_unknown)
{
	struct da_result *r;

	/* never a PASS for a container whose processes are unknown */
	cdel(1, "_top");
	expect_db("5.7", DA_INFO, "process list not available");
	expect("5.7", DA_INFO, "1 of 2 containers");
	cset(1, "State.Paused", "true");
	expect_db("5.7", DA_INFO, "paused");
	cset(1, "State.Paused", "false");
	cset(1, "State.Running", "false");
	expect_db("5.7", DA_INFO, "not running");
	/* a finding elsewhere still makes it a WARN */
	cset(0, "_top.Processes", "[[\"root\",\"9\",\"1\",\"0\",\"20:00\",\"?\",\"00:00:00\",\"/usr/sbin/sshd\"]]");
	r = dt_run(M, "5.7", P);
	ck_assert_int_eq(r->status, DA_WARN);
	ck_assert(item_with(r, "web", "sshd running"));
	ck_assert(item_with(r, "db", "not running"));
	da_result_free(r);
}
END_TEST

START_TEST(test_5_7_errors)
{
	cset(1, "_top", "[]");
	expect_err("5.7", "_top");
	cset(1, "_top", "{\"Titles\":[],\"Processes\":[]}");
	expect_err("5.7", "Titles");
	cset(1, "_top", "{\"Processes\":[]}");
	expect_err("5.7", "Titles");
	cset(1, "_top", "{\"Titles\":[\"CMD\"],\"Processes\":[\"sshd\"]}");
	expect_err("5.7", "Processes");
	cset(1, "_top", "{\"Titles\":[\"CMD\"],\"Processes\":[[5]]}");
	expect_err("5.7", "Processes");
	/* a row shorter than the titles */
	cset(1, "_top", "{\"Titles\":[\"PID\",\"CMD\"],\"Processes\":[[\"1\"]]}");
	expect_err("5.7", "Processes");
	cset(1, "_top", "{\"Titles\":[\"CMD\"],\"Processes\":[[\"ok\"]]}");
	cset(1, "State", "\"running\"");
	expect_err("5.7", "State");
	cset(1, "State", "{\"Paused\":\"no\"}");
	expect_err("5.7", "Paused");
}
END_TEST

/* --- 5.8, 5.9, 5.14 ports -------------------------------------------------- */

START_TEST(test_5_8)
{
	cset(1, "NetworkSettings.Ports", "{\"80/tcp\":[{\"HostIp\":\"0.0.0.0\",\"HostPort\":\"80\"}]}");
	expect_db("5.8", DA_WARN, "0.0.0.0:80 -> 80/tcp");
	/* IPv6 bindings count too */
	cset(1, "NetworkSettings.Ports", "{\"443/tcp\":[{\"HostIp\":\"::\",\"HostPort\":\"443\"}]}");
	expect_db("5.8", DA_WARN, "[::]:443");
	/* 1024 is not privileged; 1023 is */
	cset(1, "NetworkSettings.Ports", "{\"80/tcp\":[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"1024\"}]}");
	expect("5.8", DA_PASS, NULL);
	cset(1, "NetworkSettings.Ports", "{\"80/tcp\":[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"1023\"}]}");
	expect_db("5.8", DA_WARN, "127.0.0.1:1023");
	cset(1, "NetworkSettings.Ports", "{\"80/tcp\":null,\"53/udp\":[]}");
	expect("5.8", DA_PASS, NULL);
	cset(1, "NetworkSettings.Ports", "null");
	expect("5.8", DA_PASS, NULL);
}
END_TEST

START_TEST(test_5_8_errors)
{
	cset(1, "NetworkSettings.Ports", "{\"80/tcp\":[{\"HostIp\":\"0.0.0.0\",\"HostPort\":\"8o\"}]}");
	expect_err("5.8", "HostPort");
	cset(1, "NetworkSettings.Ports", "{\"80/tcp\":[{\"HostIp\":\"0.0.0.0\",\"HostPort\":\"99999999999999\"}]}");
	expect_err("5.8", "HostPort");
	cset(1, "NetworkSettings.Ports", "{\"80/tcp\":[{\"HostIp\":\"0.0.0.0\",\"HostPort\":80}]}");
	expect_err("5.8", "HostPort");
	cset(1, "NetworkSettings.Ports", "{\"80/tcp\":\"0.0.0.0:80\"}");
	expect_err("5.8", "Ports");
	cset(1, "NetworkSettings.Ports", "{\"80/tcp\":[\"0.0.0.0:80\"]}");
	expect_err("5.8", "Ports");
	cset(1, "NetworkSettings.Ports", "[]");
	expect_err("5.8", "Ports");
	cset(1, "NetworkSettings", "null");
	expect_err("5.8", "NetworkSettings");
}
END_TEST

START_TEST(test_5_9)
{
	struct da_result *r;

	expect("5.9", DA_PASS, NULL); /* exposed, not published */
	cset(1, "NetworkSettings.Ports",
	     "{\"8080/tcp\":[{\"HostIp\":\"10.0.0.5\",\"HostPort\":\"8080\"},"
	     "{\"HostIp\":\"fd00::5\",\"HostPort\":\"8080\"}],\"9000/udp\":null}");
	r = dt_run(M, "5.9", P);
	ck_assert_int_eq(r->status, DA_WARN);
	ck_assert(r->scored); /* Manual, yet scored as in docker-bench-security */
	ck_assert_uint_eq(r->n_items, 2);
	ck_assert(item_with(r, "db", "10.0.0.5:8080 -> 8080/tcp"));
	ck_assert(item_with(r, "db", "[fd00::5]:8080"));
	da_result_free(r);
	cset(1, "NetworkSettings.Ports", "{\"8080/tcp\":[{\"HostIp\":\"\",\"HostPort\":\"\"}]}");
	expect("5.9", DA_PASS, NULL);
}
END_TEST

START_TEST(test_5_14)
{
	cset(1, "NetworkSettings.Ports", "{\"8080/tcp\":[{\"HostIp\":\"0.0.0.0\",\"HostPort\":\"8080\"}]}");
	expect_db("5.14", DA_WARN, "0.0.0.0:8080");
	cset(1, "NetworkSettings.Ports", "{\"8080/tcp\":[{\"HostIp\":\"::\",\"HostPort\":\"8080\"}]}");
	expect_db("5.14", DA_WARN, "[::]:8080");
	cset(1, "NetworkSettings.Ports", "{\"8080/tcp\":[{\"HostIp\":\"\",\"HostPort\":\"8080\"}]}");
	expect_db("5.14", DA_WARN, "*:8080");
	cset(1, "NetworkSettings.Ports", "{\"8080/tcp\":[{\"HostPort\":\"8080\"}]}");
	expect_db("5.14", DA_WARN, "*:8080");
	cset(1, "NetworkSettings.Ports", "{\"8080/tcp\":[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"8080\"},"
					  "{\"HostIp\":\"::1\",\"HostPort\":\"8080\"}]}");
	expect("5.14", DA_PASS, NULL);
	cset(1, "NetworkSettings.Ports", "{\"8080/tcp\":[{\"HostIp\":[],\"HostPort\":\"8080\"}]}");
	expect_err("5.14", "HostIp");
}
END_TEST

/* --- namespaces ------------------------------------------------------------ */

static void ns_case(const char *id, const char *field, const char *other)
{
	char json[160];

	cset(1, field, "\"host\"");
	expect_db(id, DA_WARN, "host");
	snprintf(json, sizeof(json), "\"%s\"", other);
	cset(1, field, json);
	expect(id, DA_PASS, NULL);
	cset(1, field, "\"\"");
	expect(id, DA_PASS, NULL);
	cset(1, field, "7");
	expect_err(id, field);
	cdel(1, field);
	expect_err(id, "missing");
	cset(1, field, "\"\"");
}

START_TEST(test_namespaces)
{
	ns_case("5.10", "HostConfig.NetworkMode", "bridge");
	ns_case("5.16", "HostConfig.PidMode", "container:" WEB_ID);
	ns_case("5.17", "HostConfig.IpcMode", "shareable");
	ns_case("5.21", "HostConfig.UTSMode", "private");
	ns_case("5.31", "HostConfig.UsernsMode", "private");
}
END_TEST

/* --- resources ------------------------------------------------------------- */

START_TEST(test_5_11)
{
	cset(1, "HostConfig.Memory", "0");
	expect_db("5.11", DA_WARN, "no memory limit");
	cset(1, "HostConfig.Memory", "1");
	expect("5.11", DA_PASS, NULL);
	cset(1, "HostConfig.Memory", "\"1g\"");
	expect_err("5.11", "Memory");
	cset(1, "HostConfig.Memory", "1.5");
	expect_err("5.11", "not an integer");
	cdel(1, "HostConfig.Memory");
	expect_err("5.11", "missing");
}
END_TEST

START_TEST(test_5_12)
{
	cset(1, "HostConfig.CpuShares", "0");
	expect_db("5.12", DA_WARN, "no CPU shares");
	cset(1, "HostConfig.NanoCpus", "1500000000");
	expect("5.12", DA_PASS, NULL);
	cdel(1, "HostConfig.NanoCpus");
	expect_db("5.12", DA_WARN, NULL);
	/* a quota alone does not count, as in docker-bench-security */
	cset(1, "HostConfig.CpuQuota", "50000");
	expect_db("5.12", DA_WARN, NULL);
	cset(1, "HostConfig.NanoCpus", "\"2\"");
	expect_err("5.12", "NanoCpus");
}
END_TEST

START_TEST(test_5_13)
{
	cset(1, "HostConfig.ReadonlyRootfs", "false");
	expect_db("5.13", DA_WARN, "writable");
	cset(1, "HostConfig.ReadonlyRootfs", "null");
	expect_err("5.13", "ReadonlyRootfs");
}
END_TEST

START_TEST(test_5_15)
{
	cset(1, "HostConfig.RestartPolicy", "{\"Name\":\"on-failure\",\"MaximumRetryCount\":6}");
	expect_db("5.15", DA_WARN, "on-failure:6");
	cset(1, "HostConfig.RestartPolicy", "{\"Name\":\"on-failure\",\"MaximumRetryCount\":0}");
	expect_db("5.15", DA_WARN, "without a retry limit");
	cset(1, "HostConfig.RestartPolicy", "{\"Name\":\"always\",\"MaximumRetryCount\":0}");
	expect_db("5.15", DA_WARN, "always");
	cset(1, "HostConfig.RestartPolicy", "{\"Name\":\"unless-stopped\",\"MaximumRetryCount\":0}");
	expect_db("5.15", DA_WARN, "unless-stopped");
	cset(1, "HostConfig.RestartPolicy", "{\"Name\":\"on-failure\",\"MaximumRetryCount\":1}");
	expect("5.15", DA_PASS, NULL);
	cset(1, "HostConfig.RestartPolicy", "{\"Name\":\"no\",\"MaximumRetryCount\":0}");
	expect("5.15", DA_PASS, NULL);
	cset(1, "HostConfig.RestartPolicy", "{\"Name\":\"\",\"MaximumRetryCount\":0}");
	expect("5.15", DA_PASS, NULL);
	cset(1, "HostConfig.RestartPolicy", "{\"Name\":\"on-failure\",\"MaximumRetryCount\":\"5\"}");
	expect_err("5.15", "MaximumRetryCount");
	cset(1, "HostConfig.RestartPolicy", "\"always\"");
	expect_err("5.15", "RestartPolicy");
	cdel(1, "HostConfig.RestartPolicy");
	expect_err("5.15", "missing");
}
END_TEST

START_TEST(test_5_18)
{
	struct da_result *r;

	cset(1, "HostConfig.Devices", "[{\"PathOnHost\":\"/dev/fuse\",\"PathInContainer\":\"/dev/fuse\","
				      "\"CgroupPermissions\":\"rwm\"},{\"PathOnHost\":\"/dev/kvm\"}]");
	r = dt_run(M, "5.18", P);
	ck_assert_int_eq(r->status, DA_INFO);
	ck_assert(!r->scored);
	ck_assert(item_with(r, "db", "/dev/fuse"));
	ck_assert(item_with(r, "db", "/dev/kvm as /dev/kvm"));
	ck_assert(!dt_has_item(r, "web"));
	da_result_free(r);
	cset(1, "HostConfig.Devices", "null");
	expect("5.18", DA_PASS, NULL);
	ck_assert(!is_scored("5.18"));
	cset(1, "HostConfig.Devices", "[\"/dev/fuse\"]");
	expect_err("5.18", "Devices");
	cset(1, "HostConfig.Devices", "[{\"PathOnHost\":1}]");
	expect_err("5.18", "PathOnHost");
}
END_TEST

START_TEST(test_5_19)
{
	cset(1, "HostConfig.Ulimits", "[]");
	expect_db("5.19", DA_INFO, "not overridden");
	cset(1, "HostConfig.Ulimits", "null");
	expect_db("5.19", DA_INFO, NULL);
	ck_assert(!is_scored("5.19"));
	cset(1, "HostConfig.Ulimits", "{}");
	expect_err("5.19", "Ulimits");
}
END_TEST

START_TEST(test_5_20)
{
	add_mount(1, "/srv/data", "/data", true, "rshared");
	expect_db("5.20", DA_WARN, "/data mounted with rshared propagation");
	add_mount(1, "/srv/data", "/data", true, "shared");
	expect_db("5.20", DA_WARN, "shared");
	add_mount(1, "/srv/data", "/data", true, "rslave");
	expect("5.20", DA_PASS, NULL);
	add_mount(1, "/srv/data", "/data", true, "rprivate");
	expect("5.20", DA_PASS, NULL);
	cset(1, "Mounts", "[{\"Destination\":\"/d\",\"Propagation\":true}]");
	expect_err("5.20", "Propagation");
}
END_TEST

START_TEST(test_5_22)
{
	cset(1, "HostConfig.SecurityOpt", "[\"seccomp=unconfined\"]");
	expect_db("5.22", DA_WARN, "seccomp unconfined");
	cset(1, "HostConfig.SecurityOpt", "[\"seccomp:unconfined\"]");
	expect_db("5.22", DA_WARN, "seccomp unconfined");
	cset(1, "HostConfig.SecurityOpt", "[\"seccomp=/etc/docker/strict.json\"]");
	expect("5.22", DA_PASS, NULL);
	/* privileged containers run without seccomp */
	cset(1, "HostConfig.Privileged", "true");
	expect_db("5.22", DA_WARN, "privileged");
	cset(1, "HostConfig.SecurityOpt", "[false]");
	expect_err("5.22", "SecurityOpt");
}
END_TEST

START_TEST(test_manual_notes)
{
	expect("5.23", DA_NOTE, NULL);
	expect("5.24", DA_NOTE, NULL);
	expect("5.28", DA_NOTE, NULL);
	ck_assert(!is_scored("5.23"));
	ck_assert(!is_scored("5.28"));
}
END_TEST

START_TEST(test_5_25)
{
	cset(1, "HostConfig.CgroupParent", "\"/custom.slice\"");
	expect_db("5.25", DA_WARN, "/custom.slice");
	cset(1, "HostConfig.CgroupParent", "null");
	expect_err("5.25", "CgroupParent");
}
END_TEST

START_TEST(test_5_26)
{
	cset(1, "HostConfig.SecurityOpt", "[\"label=level:s0\"]");
	expect_db("5.26", DA_WARN, "not set");
	/* ":false" and "=false" do not restrict anything */
	cset(1, "HostConfig.SecurityOpt", "[\"no-new-privileges:false\"]");
	expect_db("5.26", DA_WARN, "false");
	cset(1, "HostConfig.SecurityOpt", "[\"no-new-privileges=false\"]");
	expect_db("5.26", DA_WARN, "false");
	cset(1, "HostConfig.SecurityOpt", "[\"no-new-privileges=true\"]");
	expect("5.26", DA_PASS, NULL);
	cset(1, "HostConfig.SecurityOpt", "[\"no-new-privileges\"]");
	expect("5.26", DA_PASS, NULL);
	cset(1, "HostConfig.SecurityOpt", "[\"no-new-privileges:1\"]");
	expect("5.26", DA_PASS, NULL);
	cset(1, "HostConfig.SecurityOpt", "[\"no-new-privileges:maybe\"]");
	expect_db("5.26", DA_WARN, NULL);
	/* the last occurrence wins */
	cset(1, "HostConfig.SecurityOpt", "[\"no-new-privileges\",\"no-new-privileges=false\"]");
	expect_db("5.26", DA_WARN, NULL);
	cset(1, "HostConfig.SecurityOpt", "[\"no-new-privilegesx\"]");
	expect_db("5.26", DA_WARN, NULL);
}
END_TEST

START_TEST(test_5_26_daemon)
{
	cset(1, "HostConfig.SecurityOpt", "null");
	expect_db("5.26", DA_WARN, NULL);
	dt_set(P, "host.dockerd.effective.no-new-privileges", "true");
	expect("5.26", DA_PASS, "daemon");
	dt_set(P, "host.dockerd.effective.no-new-privileges", "false");
	expect_db("5.26", DA_WARN, NULL);
	dt_set(P, "host.dockerd.effective.no-new-privileges", "\"true\"");
	expect("5.26", DA_ERROR, "no-new-privileges");
	/* without host facts the daemon setting is unknown: judge each container */
	dt_set(P, "host.dockerd.effective.no-new-privileges", "true");
	dt_set(P, "host.available", "false");
	expect_db("5.26", DA_WARN, NULL);
}
END_TEST

START_TEST(test_5_27)
{
	cdel(1, "State.Health");
	expect_db("5.27", DA_WARN, "no health check");
	cset(1, "State.Health", "null");
	expect_db("5.27", DA_WARN, NULL);
	/* an unhealthy container is still checked */
	cset(1, "State.Health", "{\"Status\":\"unhealthy\",\"FailingStreak\":3}");
	expect("5.27", DA_PASS, NULL);
	cset(1, "State.Health", "\"healthy\"");
	expect_err("5.27", "Health");
	cdel(1, "State");
	expect_err("5.27", "State");
}
END_TEST

START_TEST(test_5_29)
{
	cset(1, "HostConfig.PidsLimit", "null");
	expect_db("5.29", DA_WARN, "no PIDs limit");
	cset(1, "HostConfig.PidsLimit", "0");
	expect_db("5.29", DA_WARN, "no PIDs limit");
	cset(1, "HostConfig.PidsLimit", "-1");
	expect_db("5.29", DA_WARN, "-1");
	cdel(1, "HostConfig.PidsLimit");
	expect_db("5.29", DA_WARN, NULL);
	cset(1, "HostConfig.PidsLimit", "1");
	expect("5.29", DA_PASS, NULL);
	cset(1, "HostConfig.PidsLimit", "\"100\"");
	expect_err("5.29", "PidsLimit");
}
END_TEST

START_TEST(test_5_30)
{
	ck_assert(!is_scored("5.30"));
	/* attached under another key, found by the network id */
	cset(1, "NetworkSettings.Networks",
	     "{\"mynet\":{\"NetworkID\":\"" NET_BRIDGE "\",\"IPAddress\":\"172.17.0.2\"}}");
	expect_db("5.30", DA_INFO, "default bridge");
	cset(1, "NetworkSettings.Networks",
	     "{\"bridge\":{\"NetworkID\":\"" NET_BRIDGE "\",\"IPAddress\":\"172.17.0.2\"}}");
	expect_db("5.30", DA_INFO, "bridge");
	/* the key alone suffices when the network list is missing */
	dt_del(P, "engine.networks");
	expect_db("5.30", DA_INFO, NULL);
	cset(1, "NetworkSettings.Networks", "{}");
	expect("5.30", DA_PASS, NULL);
	cset(1, "NetworkSettings.Networks", "null");
	expect("5.30", DA_PASS, NULL);
	cset(1, "NetworkSettings.Networks", "[]");
	expect_err("5.30", "Networks");
	cset(1, "NetworkSettings", "7");
	expect_err("5.30", "NetworkSettings");
	cset(1, "NetworkSettings", "{}");
	dt_set(P, "engine.networks", "{}");
	expect("5.30", DA_ERROR, "network list");
}
END_TEST

START_TEST(test_5_30_custom_bridge_name)
{
	/* a user network on the docker0 Linux bridge also counts */
	dt_set(P, "engine.networks.1.Options", "{\"com.docker.network.bridge.name\":\"docker0\"}");
	expect("5.30", DA_INFO, "2 of 2");
	dt_set(P, "engine.networks.1.Options", "{\"com.docker.network.bridge.name\":\"br-app\"}");
	expect("5.30", DA_PASS, NULL);
}
END_TEST

START_TEST(test_5_32)
{
	add_mount(1, "/var/run/docker.sock", "/var/run/docker.sock", true, "rprivate");
	expect_db("5.32", DA_WARN, "/var/run/docker.sock mounted at /var/run/docker.sock");
	add_mount(1, "/run/docker.sock", "/docker.sock", false, "rprivate");
	expect_db("5.32", DA_WARN, "/run/docker.sock");
	add_mount(1, "/var/run", "/host/run", false, "rprivate");
	expect_db("5.32", DA_WARN, "contains the Docker socket");
	add_mount(1, "/run/", "/host/run", false, "rprivate");
	expect_db("5.32", DA_WARN, "contains");
	add_mount(1, "/var", "/host/var", false, "rprivate");
	expect_db("5.32", DA_WARN, "contains");
	add_mount(1, "/", "/host", false, "rprivate");
	expect_db("5.32", DA_WARN, "contains");
	add_mount(1, "/srv/other/docker.sock", "/docker.sock", false, "rprivate");
	expect_db("5.32", DA_WARN, NULL);
	add_mount(1, "/var/lib/docker", "/docker", false, "rprivate");
	expect("5.32", DA_PASS, NULL);
	add_mount(1, "/run/user", "/host/user", false, "rprivate");
	expect("5.32", DA_PASS, NULL);
	/* the socket in use comes from source.endpoint */
	dt_set(P, "source.endpoint", "\"unix:///run/user/1000/docker.sock\"");
	expect_db("5.32", DA_WARN, "contains");
	add_mount(1, "/run/user/1000/docker.sock", "/s", false, "rprivate");
	expect_db("5.32", DA_WARN, "/run/user/1000/docker.sock mounted at /s");
	add_mount(1, "/var/run/docker.sock.d", "/s", false, "");
	expect("5.32", DA_PASS, NULL);
	cset(1, "Mounts", "[{\"Source\":\"/run\",\"Destination\":5}]");
	expect_err("5.32", "Destination");
}
END_TEST

START_TEST(test_5_32_long_path)
{
	char src[700], json[900];

	/* a long path cannot hide a socket */
	memset(src, 'd', sizeof(src));
	src[0] = '/';
	memcpy(src + sizeof(src) - 13, "/docker.sock", 13);
	snprintf(json, sizeof(json), "[{\"Source\":\"%s\",\"Destination\":\"/s\",\"RW\":true}]", src);
	cset(1, "Mounts", json);
	expect_db("5.32", DA_WARN, "docker.sock mounted at /s");
	/* and relative or empty sources are no host paths */
	cset(1, "Mounts", "[{\"Source\":\"\",\"Destination\":\"/s\"},"
			  "{\"Source\":\"run/docker.sock\",\"Destination\":\"/t\"}]");
	expect("5.32", DA_PASS, NULL);
}
END_TEST

/* --- hostile data ----------------------------------------------------------- */

START_TEST(test_hostile_container)
{
	/* an entry that is not an object is never audited, nor crashes a check */
	dt_set(P, "engine.containers.1", "\"db\"");
	expect("5.5", DA_PASS, "0 of 1 container");
	dt_set(P, "engine.containers.1", "null");
	expect("5.32", DA_PASS, "0 of 1 container");
}
END_TEST

START_TEST(test_hostile_everything)
{
	static const char *const garbage[] = {
		"{\"Id\":5,\"Name\":[],\"HostConfig\":{\"Privileged\":{},\"CapAdd\":7,"
		"\"SecurityOpt\":\"x\",\"Devices\":{},\"Ulimits\":3,\"PidsLimit\":[],\"NetworkMode\":1,"
		"\"Memory\":\"m\",\"CpuShares\":null,\"RestartPolicy\":[]},\"Mounts\":{},"
		"\"NetworkSettings\":[],\"State\":1,\"AppArmorProfile\":false,\"_top\":\"ps\"}",
		"{\"HostConfig\":{}}",
		"{\"Name\":\"/%s%n%x\",\"HostConfig\":[]}",
		"{}",
		NULL
	};
	static const char *const nullable_ids[] = { "5.6", "5.18", "5.19", "5.20", "5.26",
						    "5.29", "5.32", NULL };
	size_t g, i;

	for (g = 0; garbage[g]; g++) {
		dt_set(P, "engine.containers.1", garbage[g]);
		for (i = 0; all_ids[i]; i++) {
			const char *id = all_ids[i];
			struct da_result *r = dt_run(M, id, P);
			bool fixed = !strcmp(id, "5.1") || !strcmp(id, "5.23") ||
				     !strcmp(id, "5.24") || !strcmp(id, "5.28");

			/*
			 * 5.3 stops at the daemon's features first.  In an empty
			 * HostConfig, fields that the API sends as null when unset
			 * read as unset: those checks judge, the others fail.
			 */
			bool nullable = g == 1 && str_in(id, nullable_ids);

			if (!fixed && strcmp(id, "5.3") && !nullable)
				ck_assert_msg(r->status == DA_ERROR, "garbage %zu, %s: got %s (%s)",
					      g, id, da_status_name(r->status),
					      r->detail ? r->detail : "");
			ck_assert_ptr_nonnull(r->detail);
			if (nullable)
				ck_assert_msg(r->status != DA_ERROR, "garbage 1, %s: %s", id, r->detail);
			da_result_free(r);
		}
	}
}
END_TEST

START_TEST(test_hostile_names)
{
	struct da_result *r;

	/* names with format directives and control bytes are kept verbatim */
	cset(1, "Name", "\"/%s%n\\u0001\\\"<x>\"");
	cset(1, "HostConfig.Privileged", "true");
	r = dt_run(M, "5.5", P);
	ck_assert_int_eq(r->status, DA_WARN);
	ck_assert(dt_has_item(r, "%s%n\x01\"<x>"));
	da_result_free(r);
	/* no name: the id names it */
	cdel(1, "Name");
	r = dt_run(M, "5.5", P);
	ck_assert(dt_has_item(r, DB_ID));
	da_result_free(r);
}
END_TEST

START_TEST(test_many_containers)
{
	struct da_result *r;
	size_t i, cap = 400 * 160, len = 0;
	char *json = malloc(cap);

	/* 400 containers, every second one privileged: each reported once */
	ck_assert_ptr_nonnull(json);
	len += (size_t)snprintf(json + len, cap - len, "[");
	for (i = 0; i < 400; i++)
		len += (size_t)snprintf(json + len, cap - len,
					"%s{\"Id\":\"%064zu\",\"Name\":\"/c%zu\","
					"\"HostConfig\":{\"Privileged\":%s}}",
					i ? "," : "", i, i, i % 2 ? "true" : "false");
	snprintf(json + len, cap - len, "]");
	dt_set(P, "engine.containers", json);
	free(json);
	r = dt_run(M, "5.5", P);
	ck_assert_int_eq(r->status, DA_WARN);
	ck_assert_uint_eq(r->n_items, 200);
	ck_assert(dt_has_item(r, "c399"));
	ck_assert(!dt_has_item(r, "c398"));
	ck_assert_ptr_nonnull(strstr(r->detail, "200 of 400 containers"));
	da_result_free(r);
}
END_TEST

static Suite *runtime_suite(void)
{
	Suite *s = suite_create("mod_runtime");
	TCase *tc = tcase_create("checks");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_descriptor);
	tcase_add_test(tc, test_base_passes);
	tcase_add_test(tc, test_no_containers);
	tcase_add_test(tc, test_self_excluded);
	tcase_add_test(tc, test_5_1);
	tcase_add_test(tc, test_5_2);
	tcase_add_test(tc, test_5_2_no_apparmor);
	tcase_add_test(tc, test_5_2_errors);
	tcase_add_test(tc, test_5_3);
	tcase_add_test(tc, test_5_4);
	tcase_add_test(tc, test_5_4_hostile);
	tcase_add_test(tc, test_5_5);
	tcase_add_test(tc, test_5_6);
	tcase_add_test(tc, test_5_6_several);
	tcase_add_test(tc, test_5_6_errors);
	tcase_add_test(tc, test_5_7);
	tcase_add_test(tc, test_5_7_titles);
	tcase_add_test(tc, test_5_7_unknown);
	tcase_add_test(tc, test_5_7_errors);
	tcase_add_test(tc, test_5_8);
	tcase_add_test(tc, test_5_8_errors);
	tcase_add_test(tc, test_5_9);
	tcase_add_test(tc, test_5_14);
	tcase_add_test(tc, test_namespaces);
	tcase_add_test(tc, test_5_11);
	tcase_add_test(tc, test_5_12);
	tcase_add_test(tc, test_5_13);
	tcase_add_test(tc, test_5_15);
	tcase_add_test(tc, test_5_18);
	tcase_add_test(tc, test_5_19);
	tcase_add_test(tc, test_5_20);
	tcase_add_test(tc, test_5_22);
	tcase_add_test(tc, test_manual_notes);
	tcase_add_test(tc, test_5_25);
	tcase_add_test(tc, test_5_26);
	tcase_add_test(tc, test_5_26_daemon);
	tcase_add_test(tc, test_5_27);
	tcase_add_test(tc, test_5_29);
	tcase_add_test(tc, test_5_30);
	tcase_add_test(tc, test_5_30_custom_bridge_name);
	tcase_add_test(tc, test_5_32);
	tcase_add_test(tc, test_5_32_long_path);
	tcase_add_test(tc, test_hostile_container);
	tcase_add_test(tc, test_hostile_everything);
	tcase_add_test(tc, test_hostile_names);
	tcase_add_test(tc, test_many_containers);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(runtime_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
