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

extern const struct da_module DA_MODULE_SYMBOL_FOR(runtime);
#define M (&DA_MODULE_SYMBOL_FOR(runtime))

#define WEB_ID "7a3f0123456789abcdef0123456789abcdef0123456789abcdef0123456789ab"
#define DB_ID "5c81fedcba9876543210fedcba9876543210fedcba9876543210fedcba987654"
#define NET_BRIDGE "b1" "00000000000000000000000000000000" "000000000000000000000000000000"

#define P dt_p

/* Sets (or deletes) a field of container i (0 web, 1 db). */
static void cset(int i, const char *path, const char *json)
{
	dt_setf(P, json, "engine.containers.%d.%s", i, path);
}

static void cdel(int i, const char *path)
{
	dt_delf(P, "engine.containers.%d.%s", i, path);
}

static void expect(const char *id, enum da_status st, const char *want)
{
	dt_expect(M, P, id, st, want);
}

/* An item named name whose detail contains sub (NULL: any). */
static bool item_with(const struct da_result *r, const char *name, const char *sub)
{
	return dt_find_item(r, NULL, NULL, name, sub) != NULL;
}

/*
 * Asserts status st, that "db" has an item whose detail holds sub, that
 * the item carries db's full id and kind "container", and that "web" has
 * no item.
 */
static void expect_db(const char *id, enum da_status st, const char *sub)
{
	struct da_result *r = dt_run(M, id, P);

	dt_assert_status(r, id, st);
	ck_assert_msg(item_with(r, "db", sub), "%s: no item for db with \"%s\" (%zu items, first %s)",
		      id, sub ? sub : "", r->n_items,
		      r->n_items && r->items[0].detail ? r->items[0].detail : "-");
	ck_assert_msg(!dt_has_item(r, "web"), "%s: web reported", id);
	ck_assert_msg(dt_find_item(r, "container", DB_ID, NULL, NULL) != NULL,
		      "%s: db item lacks its id or kind", id);
	da_result_free(r);
}

/* ERROR whose detail names db and the field. */
static void expect_err(const char *id, const char *field)
{
	struct da_result *r = dt_run(M, id, P);

	dt_assert_status(r, id, DA_ERROR);
	dt_assert_detail_has(r, "db");
	if (field)
		dt_assert_detail_has(r, field);
	da_result_free(r);
}

static bool is_scored(const char *id)
{
	return dt_is_scored(M, P, id);
}

/*
 * What check id must say about the fixture as it now is: PASS, an ERROR
 * naming db (want: the field), or a finding on db alone (expect_db).
 */
static void judge(const char *id, enum da_status st, const char *want)
{
	if (st == DA_PASS)
		expect(id, DA_PASS, want);
	else if (st == DA_ERROR)
		expect_err(id, want);
	else
		expect_db(id, st, want);
}

/* A change to a field of db (json NULL: delete it) and what the check then says. */
struct db_step {
	const char *field;
	const char *json;
	enum da_status st;
	const char *want;
};

static void db_steps(const char *id, const struct db_step *s, size_t n)
{
	for (; n--; s++) {
		if (s->json)
			cset(1, s->field, s->json);
		else
			cdel(1, s->field);
		judge(id, s->st, s->want);
	}
}

#define DB_STEPS(id, steps) db_steps(id, steps, sizeof(steps) / sizeof((steps)[0]))

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
	uint32_t i;
	size_t n_scored = 0;

	dt_assert_module(M, "runtime", "5", "Container Runtime", "container_runtime", 32);
	for (i = 0; i < M->n_checks; i++) {
		const struct da_check *c = &M->checks[i];

		ck_assert_str_eq(c->id, all_ids[i]);
		dt_assert_check_flags(c, dt_str_in(c->id, manual), !dt_str_in(c->id, unscored));
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
	static const struct db_step steps[] = {
		{ "HostConfig.SecurityOpt", "[\"label:type:svirt_apache_t\"]", DA_PASS, NULL },
		/* any other option does not count as an SELinux option */
		{ "HostConfig.SecurityOpt", "[\"seccomp=unconfined\",\"no-new-privileges\"]", DA_WARN,
		  "no SELinux label options" },
		{ "HostConfig.SecurityOpt", "null", DA_WARN, "no SELinux" },
		{ "HostConfig.SecurityOpt", "[\"label=disable\"]", DA_WARN, "disabled" },
		{ "HostConfig.SecurityOpt", "[\"labelx=foo\"]", DA_WARN, "no SELinux" },
		{ "HostConfig.SecurityOpt", "[1]", DA_ERROR, "SecurityOpt" },
		{ "HostConfig.SecurityOpt", "{}", DA_ERROR, "not an array" },
	};

	expect("5.3", DA_INFO, "SELinux not enabled on the daemon");
	dt_set(P, "engine.info.SecurityOptions", "[\"name=seccomp,profile=builtin\",\"name=selinux\"]");
	expect("5.3", DA_PASS, NULL);
	DB_STEPS("5.3", steps);
}
END_TEST

/* --- 5.4 capabilities ------------------------------------------------------ */

START_TEST(test_5_4)
{
	static const struct db_step steps[] = {
		{ "HostConfig.CapAdd", "[\"SYS_ADMIN\"]", DA_WARN, "SYS_ADMIN" },
		{ "HostConfig.CapAdd", "[\"cap_net_admin\",\"CHOWN\"]", DA_WARN, "NET_ADMIN" },
		{ "HostConfig.CapAdd", "[\"ALL\"]", DA_WARN, "ALL" },
		{ "HostConfig.CapAdd", "[\"CAP_CHOWN\",\"kill\",\"Cap_Net_Raw\",\"SYS_CHROOT\"]", DA_PASS,
		  NULL },
		{ "HostConfig.CapAdd", "null", DA_PASS, NULL },
		{ "HostConfig.Privileged", "true", DA_WARN, "all capabilities" },
	};

	DB_STEPS("5.4", steps);
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

/* A bind mount of db, replacing its mounts, and what the check then says. */
struct mount_step {
	const char *src;
	const char *dst;
	bool rw;
	const char *prop;
	enum da_status st;
	const char *want;
};

static void mount_steps(const char *id, const struct mount_step *s, size_t n)
{
	for (; n--; s++) {
		add_mount(1, s->src, s->dst, s->rw, s->prop);
		judge(id, s->st, s->want);
	}
}

#define MOUNT_STEPS(id, steps) mount_steps(id, steps, sizeof(steps) / sizeof((steps)[0]))

START_TEST(test_5_6)
{
	static const struct mount_step steps[] = {
		{ "/etc", "/host/etc", true, "rprivate", DA_WARN, "/etc mounted read-write at /host/etc" },
		{ "/etc/", "/host/etc", true, "rprivate", DA_WARN, "/etc mounted read-write" },
		{ "/", "/host", true, "rprivate", DA_WARN, "/ mounted read-write at /host" },
		{ "/proc", "/host/proc", true, "rprivate", DA_WARN, "/proc" },
		/* read-only mounts pass, as in docker-bench-security */
		{ "/etc", "/host/etc", false, "rprivate", DA_PASS, NULL },
		/* a sub-directory is not the directory */
		{ "/etc/nginx", "/etc/nginx", true, "rprivate", DA_PASS, NULL },
		/* the destination does not matter: a volume mounted at /etc is the container's */
		{ "/var/lib/docker/volumes/x/_data", "/etc", true, "", DA_PASS, NULL },
		/* /lib64 counts from CIS 1.7.0 on */
		{ "/lib64", "/lib64", true, "rprivate", DA_PASS, NULL },
	};

	MOUNT_STEPS("5.6", steps);
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
	static const struct db_step steps[] = {
		{ "Mounts.0.RW", "\"true\"", DA_ERROR, "RW" },
		{ "Mounts", "[\"/etc:/etc\"]", DA_ERROR, "Mounts" },
		{ "Mounts", "{}", DA_ERROR, "Mounts" },
		{ "Mounts", "[{\"Source\":42,\"RW\":true}]", DA_ERROR, "Source" },
	};

	add_mount(1, "/etc", "/host/etc", true, "");
	DB_STEPS("5.6", steps);
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
	static const struct {
		const char *cmd;
		enum da_status st;
		const char *want;
	} cmds[] = {
		{ "/usr/sbin/sshd -D", DA_WARN, "sshd running (pid 4311)" },
		{ "sshd: root@pts/0", DA_WARN, "sshd" },
		{ "sshd-session: alice [priv]", DA_WARN, "sshd" },
		{ "sshd", DA_WARN, "sshd" },
		/* other programs that mention sshd are not sshd */
		{ "grep sshd /etc/passwd", DA_PASS, NULL },
		{ "/usr/local/bin/sshdump", DA_PASS, NULL },
		{ "  ", DA_PASS, NULL },
	};
	size_t i;

	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		set_db_cmd(cmds[i].cmd);
		judge("5.7", cmds[i].st, cmds[i].want);
	}
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
	/* a finding elsewhere still makes it a WARN */
	cset(0, "_top.Processes", "[[\"root\",\"9\",\"1\",\"0\",\"20:00\",\"?\",\"00:00:00\",\"/usr/sbin/sshd\"]]");
	r = dt_run(M, "5.7", P);
	ck_assert_int_eq(r->status, DA_WARN);
	ck_assert(item_with(r, "web", "sshd running"));
	ck_assert(item_with(r, "db", "paused"));
	da_result_free(r);
}
END_TEST

START_TEST(test_5_7_stopped)
{
	struct da_result *r;

	/* --all-containers: a stopped container runs no sshd; not a finding */
	cdel(1, "_top");
	cset(1, "State.Running", "false");
	cset(1, "State.Status", "\"exited\"");
	r = dt_run(M, "5.7", P);
	dt_assert_status(r, "5.7", DA_PASS);
	ck_assert_msg(!dt_has_item(r, "db"), "the stopped container is an item");
	dt_assert_detail_has(r, "0 of 2 containers");
	da_result_free(r);
	/* its stale process list, if any, is not read */
	cset(1, "_top", "{\"Titles\":[\"CMD\"],\"Processes\":[[\"sshd\"]]}");
	expect("5.7", DA_PASS, NULL);
	/* web's sshd is still found */
	cset(0, "_top.Processes", "[[\"root\",\"9\",\"1\",\"0\",\"20:00\",\"?\",\"00:00:00\",\"/usr/sbin/sshd\"]]");
	r = dt_run(M, "5.7", P);
	dt_assert_status(r, "5.7", DA_WARN);
	ck_assert(!dt_has_item(r, "db"));
	da_result_free(r);
}
END_TEST

START_TEST(test_5_7_errors)
{
	static const struct db_step steps[] = {
		{ "_top", "[]", DA_ERROR, "_top" },
		{ "_top", "{\"Titles\":[],\"Processes\":[]}", DA_ERROR, "Titles" },
		{ "_top", "{\"Processes\":[]}", DA_ERROR, "Titles" },
		{ "_top", "{\"Titles\":[\"CMD\"],\"Processes\":[\"sshd\"]}", DA_ERROR, "Processes" },
		{ "_top", "{\"Titles\":[\"CMD\"],\"Processes\":[[5]]}", DA_ERROR, "Processes" },
		/* a row shorter than the titles */
		{ "_top", "{\"Titles\":[\"PID\",\"CMD\"],\"Processes\":[[\"1\"]]}", DA_ERROR,
		  "Processes" },
	};

	DB_STEPS("5.7", steps);
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
	static const struct db_step steps[] = {
		{ "NetworkSettings.Ports", "{\"80/tcp\":[{\"HostIp\":\"0.0.0.0\",\"HostPort\":\"80\"}]}",
		  DA_WARN, "0.0.0.0:80 -> 80/tcp" },
		/* IPv6 bindings count too */
		{ "NetworkSettings.Ports", "{\"443/tcp\":[{\"HostIp\":\"::\",\"HostPort\":\"443\"}]}",
		  DA_WARN, "[::]:443" },
		/* 1024 is not privileged; 1023 is */
		{ "NetworkSettings.Ports",
		  "{\"80/tcp\":[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"1024\"}]}", DA_PASS, NULL },
		{ "NetworkSettings.Ports",
		  "{\"80/tcp\":[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"1023\"}]}", DA_WARN,
		  "127.0.0.1:1023" },
		{ "NetworkSettings.Ports", "{\"80/tcp\":null,\"53/udp\":[]}", DA_PASS, NULL },
		{ "NetworkSettings.Ports", "null", DA_PASS, NULL },
	};

	DB_STEPS("5.8", steps);
}
END_TEST

START_TEST(test_5_8_errors)
{
	static const struct db_step steps[] = {
		{ "NetworkSettings.Ports",
		  "{\"80/tcp\":[{\"HostIp\":\"0.0.0.0\",\"HostPort\":\"8o\"}]}", DA_ERROR, "HostPort" },
		{ "NetworkSettings.Ports",
		  "{\"80/tcp\":[{\"HostIp\":\"0.0.0.0\",\"HostPort\":\"99999999999999\"}]}", DA_ERROR,
		  "HostPort" },
		{ "NetworkSettings.Ports",
		  "{\"80/tcp\":[{\"HostIp\":\"0.0.0.0\",\"HostPort\":80}]}", DA_ERROR, "HostPort" },
		{ "NetworkSettings.Ports", "{\"80/tcp\":\"0.0.0.0:80\"}", DA_ERROR, "Ports" },
		{ "NetworkSettings.Ports", "{\"80/tcp\":[\"0.0.0.0:80\"]}", DA_ERROR, "Ports" },
		{ "NetworkSettings.Ports", "[]", DA_ERROR, "Ports" },
		{ "NetworkSettings", "null", DA_ERROR, "NetworkSettings" },
	};

	DB_STEPS("5.8", steps);
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
	static const struct db_step steps[] = {
		{ "NetworkSettings.Ports",
		  "{\"8080/tcp\":[{\"HostIp\":\"0.0.0.0\",\"HostPort\":\"8080\"}]}", DA_WARN,
		  "0.0.0.0:8080" },
		{ "NetworkSettings.Ports", "{\"8080/tcp\":[{\"HostIp\":\"::\",\"HostPort\":\"8080\"}]}",
		  DA_WARN, "[::]:8080" },
		{ "NetworkSettings.Ports", "{\"8080/tcp\":[{\"HostIp\":\"\",\"HostPort\":\"8080\"}]}",
		  DA_WARN, "*:8080" },
		{ "NetworkSettings.Ports", "{\"8080/tcp\":[{\"HostPort\":\"8080\"}]}", DA_WARN,
		  "*:8080" },
		{ "NetworkSettings.Ports",
		  "{\"8080/tcp\":[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"8080\"},"
		  "{\"HostIp\":\"::1\",\"HostPort\":\"8080\"}]}", DA_PASS, NULL },
		{ "NetworkSettings.Ports", "{\"8080/tcp\":[{\"HostIp\":[],\"HostPort\":\"8080\"}]}",
		  DA_ERROR, "HostIp" },
	};

	DB_STEPS("5.14", steps);
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
	static const struct db_step steps[] = {
		{ "HostConfig.Memory", "0", DA_WARN, "no memory limit" },
		{ "HostConfig.Memory", "1", DA_PASS, NULL },
		{ "HostConfig.Memory", "\"1g\"", DA_ERROR, "Memory" },
		{ "HostConfig.Memory", "1.5", DA_ERROR, "not an integer" },
		{ "HostConfig.Memory", NULL, DA_ERROR, "missing" },
	};

	DB_STEPS("5.11", steps);
}
END_TEST

START_TEST(test_5_12)
{
	/* CIS 1.6.0: CpuShares 0 or 1024 means CPU shares are not in place */
	static const struct db_step steps[] = {
		{ "HostConfig.CpuShares", "0", DA_WARN, "CPU shares not set" },
		/* a CPU limit is not a CPU share (docker-bench-security passes it) */
		{ "HostConfig.NanoCpus", "1500000000", DA_WARN, "CpuShares 0" },
		{ "HostConfig.CpuShares", "1024", DA_WARN, "default (CpuShares 1024)" },
		{ "HostConfig.CpuShares", "1023", DA_PASS, NULL },
		{ "HostConfig.CpuShares", "1025", DA_PASS, NULL },
		{ "HostConfig.CpuShares", "2", DA_PASS, NULL },
		{ "HostConfig.CpuQuota", "50000", DA_PASS, NULL },
		{ "HostConfig.CpuShares", "\"512\"", DA_ERROR, "CpuShares" },
		{ "HostConfig.CpuShares", NULL, DA_ERROR, "missing" },
	};

	DB_STEPS("5.12", steps);
}
END_TEST

START_TEST(test_5_13)
{
	static const struct db_step steps[] = {
		{ "HostConfig.ReadonlyRootfs", "false", DA_WARN, "writable" },
		{ "HostConfig.ReadonlyRootfs", "null", DA_ERROR, "ReadonlyRootfs" },
	};

	DB_STEPS("5.13", steps);
}
END_TEST

START_TEST(test_5_15)
{
	static const struct db_step steps[] = {
		{ "HostConfig.RestartPolicy", "{\"Name\":\"on-failure\",\"MaximumRetryCount\":6}",
		  DA_WARN, "on-failure:6" },
		{ "HostConfig.RestartPolicy", "{\"Name\":\"on-failure\",\"MaximumRetryCount\":0}",
		  DA_WARN, "without a retry limit" },
		{ "HostConfig.RestartPolicy", "{\"Name\":\"always\",\"MaximumRetryCount\":0}", DA_WARN,
		  "always" },
		{ "HostConfig.RestartPolicy", "{\"Name\":\"unless-stopped\",\"MaximumRetryCount\":0}",
		  DA_WARN, "unless-stopped" },
		{ "HostConfig.RestartPolicy", "{\"Name\":\"on-failure\",\"MaximumRetryCount\":1}",
		  DA_PASS, NULL },
		{ "HostConfig.RestartPolicy", "{\"Name\":\"no\",\"MaximumRetryCount\":0}", DA_PASS,
		  NULL },
		{ "HostConfig.RestartPolicy", "{\"Name\":\"\",\"MaximumRetryCount\":0}", DA_PASS, NULL },
		{ "HostConfig.RestartPolicy", "{\"Name\":\"on-failure\",\"MaximumRetryCount\":\"5\"}",
		  DA_ERROR, "MaximumRetryCount" },
		{ "HostConfig.RestartPolicy", "\"always\"", DA_ERROR, "RestartPolicy" },
		{ "HostConfig.RestartPolicy", NULL, DA_ERROR, "missing" },
	};

	DB_STEPS("5.15", steps);
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
	static const struct mount_step steps[] = {
		{ "/srv/data", "/data", true, "rshared", DA_WARN,
		  "/data mounted with rshared propagation" },
		{ "/srv/data", "/data", true, "shared", DA_WARN, "shared" },
		{ "/srv/data", "/data", true, "rslave", DA_PASS, NULL },
		{ "/srv/data", "/data", true, "rprivate", DA_PASS, NULL },
	};

	MOUNT_STEPS("5.20", steps);
	cset(1, "Mounts", "[{\"Destination\":\"/d\",\"Propagation\":true}]");
	expect_err("5.20", "Propagation");
}
END_TEST

START_TEST(test_5_22)
{
	static const struct db_step steps[] = {
		{ "HostConfig.SecurityOpt", "[\"seccomp=unconfined\"]", DA_WARN, "seccomp unconfined" },
		{ "HostConfig.SecurityOpt", "[\"seccomp:unconfined\"]", DA_WARN, "seccomp unconfined" },
		{ "HostConfig.SecurityOpt", "[\"seccomp=/etc/docker/strict.json\"]", DA_PASS, NULL },
		/* privileged containers run without seccomp */
		{ "HostConfig.Privileged", "true", DA_WARN, "privileged" },
		{ "HostConfig.SecurityOpt", "[false]", DA_ERROR, "SecurityOpt" },
	};

	DB_STEPS("5.22", steps);
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
	static const struct db_step steps[] = {
		{ "HostConfig.CgroupParent", "\"/custom.slice\"", DA_WARN, "/custom.slice" },
		{ "HostConfig.CgroupParent", "null", DA_ERROR, "CgroupParent" },
	};

	DB_STEPS("5.25", steps);
}
END_TEST

START_TEST(test_5_26)
{
	static const struct db_step steps[] = {
		{ "HostConfig.SecurityOpt", "[\"label=level:s0\"]", DA_WARN, "not set" },
		/* ":false" and "=false" do not restrict anything */
		{ "HostConfig.SecurityOpt", "[\"no-new-privileges:false\"]", DA_WARN, "false" },
		{ "HostConfig.SecurityOpt", "[\"no-new-privileges=false\"]", DA_WARN, "false" },
		{ "HostConfig.SecurityOpt", "[\"no-new-privileges=true\"]", DA_PASS, NULL },
		{ "HostConfig.SecurityOpt", "[\"no-new-privileges\"]", DA_PASS, NULL },
		{ "HostConfig.SecurityOpt", "[\"no-new-privileges:1\"]", DA_PASS, NULL },
		{ "HostConfig.SecurityOpt", "[\"no-new-privileges:maybe\"]", DA_WARN, NULL },
		/* the last occurrence wins */
		{ "HostConfig.SecurityOpt", "[\"no-new-privileges\",\"no-new-privileges=false\"]",
		  DA_WARN, NULL },
		{ "HostConfig.SecurityOpt", "[\"no-new-privilegesx\"]", DA_WARN, NULL },
	};

	DB_STEPS("5.26", steps);
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
	static const struct db_step steps[] = {
		{ "State.Health", NULL, DA_WARN, "no health check" },
		{ "State.Health", "null", DA_WARN, NULL },
		/* an unhealthy container is still checked */
		{ "State.Health", "{\"Status\":\"unhealthy\",\"FailingStreak\":3}", DA_PASS, NULL },
		{ "State.Health", "\"healthy\"", DA_ERROR, "Health" },
		/* Podman: an empty Status for a container without a health check */
		{ "State.Health", "{\"Status\":\"\",\"FailingStreak\":0,\"Log\":null}", DA_WARN,
		  "no health check" },
		{ "State.Health", "{\"Status\":\"none\"}", DA_WARN, "no health check" },
		{ "State.Health", "{\"Status\":\"starting\"}", DA_PASS, NULL },
		{ "State", NULL, DA_ERROR, "State" },
	};

	DB_STEPS("5.27", steps);
}
END_TEST

START_TEST(test_5_29)
{
	static const struct db_step steps[] = {
		{ "HostConfig.PidsLimit", "null", DA_WARN, "no PIDs limit" },
		{ "HostConfig.PidsLimit", "0", DA_WARN, "no PIDs limit" },
		{ "HostConfig.PidsLimit", "-1", DA_WARN, "-1" },
		{ "HostConfig.PidsLimit", NULL, DA_WARN, NULL },
		{ "HostConfig.PidsLimit", "1", DA_PASS, NULL },
		{ "HostConfig.PidsLimit", "\"100\"", DA_ERROR, "PidsLimit" },
	};

	DB_STEPS("5.29", steps);
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
	static const struct mount_step steps[] = {
		{ "/var/run/docker.sock", "/var/run/docker.sock", true, "rprivate", DA_WARN,
		  "/var/run/docker.sock mounted at /var/run/docker.sock" },
		{ "/run/docker.sock", "/docker.sock", false, "rprivate", DA_WARN, "/run/docker.sock" },
		{ "/var/run", "/host/run", false, "rprivate", DA_WARN, "contains the Docker socket" },
		{ "/run/", "/host/run", false, "rprivate", DA_WARN, "contains" },
		{ "/var", "/host/var", false, "rprivate", DA_WARN, "contains" },
		{ "/", "/host", false, "rprivate", DA_WARN, "contains" },
		{ "/srv/other/docker.sock", "/docker.sock", false, "rprivate", DA_WARN, NULL },
		{ "/var/lib/docker", "/docker", false, "rprivate", DA_PASS, NULL },
		{ "/run/user", "/host/user", false, "rprivate", DA_PASS, NULL },
	};
	/* the socket in use comes from source.endpoint */
	static const struct mount_step user_socket[] = {
		{ "/run/user/1000/docker.sock", "/s", false, "rprivate", DA_WARN,
		  "/run/user/1000/docker.sock mounted at /s" },
		{ "/var/run/docker.sock.d", "/s", false, "", DA_PASS, NULL },
	};

	MOUNT_STEPS("5.32", steps);
	dt_set(P, "source.endpoint", "\"unix:///run/user/1000/docker.sock\"");
	expect_db("5.32", DA_WARN, "contains");
	MOUNT_STEPS("5.32", user_socket);
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

/* --- 5.6 and 5.32 by host file identity ----------------------------------- */

/* Gives the probe the host identities of tests/fixtures/runtime-identity.json. */
static void set_identities(void)
{
	char *path = dt_fixture_path("runtime-identity.json");
	char *json = dt_read_file(path);

	dt_set(P, "host.identity", json);
	free(json);
	free(path);
}

START_TEST(test_5_6_identity)
{
	static const struct mount_step steps[] = {
		/* a link to /etc is /etc */
		{ "/srv/etc-link", "/hostetc", true, "rprivate", DA_WARN,
		  "/srv/etc-link mounted read-write at /hostetc (on the host: /etc)" },
		{ "/srv/etc-link", "/hostetc", false, "rprivate", DA_PASS, NULL },
		/* /lib -> usr/lib: a mount of /usr/lib is a mount of /lib */
		{ "/usr/lib", "/x", true, "rprivate", DA_WARN,
		  "/usr/lib mounted read-write at /x (on the host: /usr/lib, which is /lib)" },
		/* a bind mount of /etc elsewhere: the same inode */
		{ "/mnt/etc", "/e", true, "rprivate", DA_WARN,
		  "/mnt/etc mounted read-write at /e (on the host: /mnt/etc, which is /etc)" },
		/* the text rule stays, and its item is unchanged */
		{ "/etc", "/host/etc", true, "rprivate", DA_WARN, "/etc mounted read-write at /host/etc" },
		{ "/lib", "/l", true, "rprivate", DA_WARN, "/lib mounted read-write at /l" },
		/* a sub-directory is still not the directory */
		{ "/etc/nginx", "/n", true, "rprivate", DA_PASS, NULL },
		{ "/srv/plain", "/p", true, "rprivate", DA_PASS, NULL },
		/* not stated on the host (missing, not recorded): the text alone */
		{ "/srv/gone", "/g", true, "rprivate", DA_PASS, NULL },
		{ "/srv/unrecorded", "/u", true, "rprivate", DA_PASS, NULL },
		/* an identity of the wrong shape is no identity */
		{ "/srv/hostile", "/h", true, "rprivate", DA_PASS, NULL },
	};

	/* without the facts (old snapshot, remote daemon): text only */
	add_mount(1, "/srv/etc-link", "/hostetc", true, "rprivate");
	expect("5.6", DA_PASS, NULL);
	set_identities();
	MOUNT_STEPS("5.6", steps);
}
END_TEST

START_TEST(test_5_32_identity)
{
	static const struct mount_step steps[] = {
		/* a link to the socket, a hard link to it */
		{ "/srv/sock-link", "/s", false, "rprivate", DA_WARN,
		  "/srv/sock-link mounted at /s (on the host: /run/docker.sock, the same file as the "
		  "Docker socket /var/run/docker.sock)" },
		{ "/srv/sock-hard", "/s", false, "rprivate", DA_WARN,
		  "/srv/sock-hard mounted at /s (on the host: /srv/sock-hard, the same file as the "
		  "Docker socket /var/run/docker.sock)" },
		/* the socket's folder, through its link, and a bind mount of it */
		{ "/var/run", "/r", false, "rprivate", DA_WARN,
		  "/var/run mounted at /r (on the host: /run, which contains the Docker socket "
		  "/var/run/docker.sock)" },
		{ "/mnt/run", "/r", false, "rprivate", DA_WARN,
		  "/mnt/run mounted at /r (on the host: /mnt/run, the same directory as /run, which "
		  "contains the Docker socket /var/run/docker.sock)" },
		{ "/", "/host", false, "rprivate", DA_WARN, "which contains the Docker socket" },
		/* the socket by its own name: the item is unchanged */
		{ "/var/run/docker.sock", "/s", false, "rprivate", DA_WARN,
		  "/var/run/docker.sock mounted at /s" },
		/* /var holds /var/run, a link out of it: the socket is not below /var */
		{ "/var", "/v", false, "rprivate", DA_PASS, NULL },
		/* named docker.sock: a socket counts, a directory does not */
		{ "/srv/other/docker.sock", "/s", false, "rprivate", DA_WARN, NULL },
		{ "/srv/docker.sock", "/s", false, "rprivate", DA_PASS, NULL },
		{ "/srv/plain", "/p", false, "rprivate", DA_PASS, NULL },
		{ "/etc", "/e", false, "rprivate", DA_PASS, NULL },
		/* not stated on the host: the text rules */
		{ "/srv/unrecorded/docker.sock", "/s", false, "rprivate", DA_WARN, NULL },
	};
	/* a socket the host does not have cannot be reached */
	static const struct mount_step missing[] = {
		{ "/run/user", "/u", false, "rprivate", DA_PASS, NULL },
	};
	/* a socket the probe could not state: its text rules */
	static const struct mount_step unstated[] = {
		{ "/run/user", "/u", false, "rprivate", DA_WARN, "(contains the Docker socket)" },
	};

	/* without the facts: a link to the socket is not seen */
	add_mount(1, "/srv/sock-link", "/s", false, "rprivate");
	expect("5.32", DA_PASS, NULL);
	set_identities();
	MOUNT_STEPS("5.32", steps);

	dt_set(P, "source.endpoint", "\"unix:///run/user/1000/docker.sock\"");
	dt_set_key(P, "host.identity.paths", "/run/user",
		   "{\"resolved\":\"/run/user\",\"type\":\"dir\",\"dev\":\"0:25\",\"ino\":\"9\"}");
	dt_set_key(P, "host.identity.paths", "/run/user/1000/docker.sock",
		   "{\"error\":\"no such file or directory\",\"exists\":false}");
	MOUNT_STEPS("5.32", missing);
	dt_set_key(P, "host.identity.paths", "/run/user/1000/docker.sock",
		   "{\"error\":\"permission denied\"}");
	MOUNT_STEPS("5.32", unstated);
}
END_TEST

START_TEST(test_5_32_identity_sockets)
{
	/* the daemon's other sockets, from the probe (-H unix://...) */
	set_identities();
	dt_set(P, "host.identity.sockets", "[\"/var/run/docker.sock\",\"/srv/d/api.sock\"]");
	dt_set_key(P, "host.identity.paths", "/srv/d/api.sock",
		   "{\"resolved\":\"/srv/d/api.sock\",\"type\":\"socket\",\"dev\":\"8:1\","
		   "\"ino\":\"800\"}");
	dt_set_key(P, "host.identity.paths", "/srv/api-link",
		   "{\"resolved\":\"/srv/d/api.sock\",\"type\":\"socket\",\"dev\":\"8:1\","
		   "\"ino\":\"800\"}");
	add_mount(1, "/srv/api-link", "/s", false, "rprivate");
	expect_db("5.32", DA_WARN, "the same file as the Docker socket /srv/d/api.sock");
	/* a hostile socket list: not strings, relative paths */
	dt_set(P, "host.identity.sockets", "[5, \"relative.sock\", null, {}]");
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
			bool nullable = g == 1 && dt_str_in(id, nullable_ids);

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

int main(void)
{
	const TTest *tests[] = {
		test_descriptor, test_base_passes, test_no_containers, test_self_excluded, test_5_1,
		test_5_2, test_5_2_no_apparmor, test_5_2_errors, test_5_3, test_5_4,
		test_5_4_hostile, test_5_5, test_5_6, test_5_6_several, test_5_6_errors, test_5_7,
		test_5_7_titles, test_5_7_unknown, test_5_7_stopped, test_5_7_errors, test_5_8, test_5_8_errors,
		test_5_9, test_5_14, test_namespaces, test_5_11, test_5_12, test_5_13, test_5_15,
		test_5_18, test_5_19, test_5_20, test_5_22, test_manual_notes, test_5_25, test_5_26,
		test_5_26_daemon, test_5_27, test_5_29, test_5_30, test_5_30_custom_bridge_name,
		test_5_32, test_5_32_long_path, test_5_6_identity, test_5_32_identity,
		test_5_32_identity_sockets, test_hostile_container, test_hostile_everything,
		test_hostile_names, test_many_containers, NULL
	};

	return dt_main("mod_runtime", dt_tcase("checks", "runtime-base.json", tests));
}
