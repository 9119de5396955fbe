/*
 * modules/host (CIS section 1) on the host-base.json snapshot: each check's
 * PASS, WARN, INFO and ERROR paths, including the cases docker-bench-security
 * gets wrong (substring audit matching, hard-coded unit and config paths,
 * substring trusted users).
 */
#include "config.h"

#include "probe.h"
#include "report.h"
#include "testlib.h"
#include "util.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

extern const struct da_module DA_MODULE_SYMBOL_FOR(host);
#define M (&DA_MODULE_SYMBOL_FOR(host))

static void set_file(struct da_probe *p, const char *path, const char *json)
{
	dt_set_key(p, "host.files", path, json);
}

/* Appends a path to host.audit.watched. */
static void watch(struct da_probe *p, const char *path)
{
	struct json_object *w = da_probe_get(p->root, "host.audit.watched");

	ck_assert_ptr_nonnull(w);
	json_object_array_add(w, json_object_new_string(path));
}

/* host.files[path].key = json */
static void set_file_key(struct da_probe *p, const char *path, const char *key, const char *json)
{
	struct json_object *files = da_probe_get(p->root, "host.files"), *e = NULL;

	ck_assert_msg(json_object_object_get_ex(files, path, &e), "no file %s in fixture", path);
	json_object_object_add(e, key, json_tokener_parse(json));
}

static struct da_probe *base(void)
{
	return dt_probe_fixture("host-base.json");
}

/* ---- descriptor --------------------------------------------------------- */

START_TEST(test_descriptor)
{
	static const char *const ids[] = { "1.1", "1.1.1", "1.1.2", "1.1.3", "1.1.4", "1.1.5",
					   "1.1.6", "1.1.7", "1.1.8", "1.1.9", "1.1.10", "1.1.11",
					   "1.1.12", "1.1.13", "1.1.14", "1.1.15", "1.1.16",
					   "1.1.17", "1.1.18", "1.2", "1.2.1", "1.2.2" };
	uint32_t i;

	dt_assert_module(M, "host", "1", "Host Configuration", "host_configuration",
			 sizeof(ids) / sizeof(ids[0]));
	for (i = 0; i < M->n_checks; i++) {
		const struct da_check *c = &M->checks[i];
		ck_assert_str_eq(c->id, ids[i]);
		if (strcmp(c->id, "1.1") == 0 || strcmp(c->id, "1.2") == 0) {
			ck_assert(c->flags & DA_CHECK_HEADER);
			ck_assert_ptr_null(c->run);
			continue;
		}
		ck_assert_ptr_nonnull(c->run);
		ck_assert_ptr_nonnull(c->remediation);
		/* the title never repeats the id (docker-bench's 1.1.12 does) */
		ck_assert_msg(strncmp(c->title, c->id, strlen(c->id)) != 0, "%s", c->title);
		if (strstr(c->title, "(Manual)"))
			ck_assert(c->flags & DA_CHECK_MANUAL);
		else
			ck_assert(c->flags & DA_CHECK_SCORED);
	}
	ck_assert_str_eq(M->checks[12].title,
			 "Ensure auditing is configured for Dockerfiles and directories - "
			 "/etc/containerd/config.toml (Automated)");
	ck_assert_str_eq(M->checks[4].title,
			 "Ensure auditing is configured for Docker files and directories "
			 "-/run/containerd (Automated)");
	ck_assert_ptr_nonnull(strstr(M->checks[2].groups, "cis_controls_v8_ig1"));
	ck_assert_ptr_null(strstr(M->checks[1].groups, "cis_controls_v8_ig1"));
}
END_TEST

/* ---- 1.1.1 --------------------------------------------------------------- */

START_TEST(test_1_1_1)
{
	struct da_probe *p = base();
	struct da_result *r;

	r = dt_run(M, "1.1.1", p);
	ck_assert_int_eq(r->status, DA_PASS);
	ck_assert(r->scored);
	da_result_free(r);

	set_file_key(p, "/var/lib/docker", "mountpoint", "false");
	r = dt_run(M, "1.1.1", p);
	ck_assert_int_eq(r->status, DA_WARN);
	ck_assert(dt_has_item(r, "/var/lib/docker"));
	da_result_free(r);

	/* userns remapping: the partition probed is the parent directory */
	dt_set(p, "host.docker_root", "{\"path\":\"/var/lib/docker/100000.100000\","
				      "\"userns\":true,\"partition\":\"/var/lib/docker\"}");
	set_file_key(p, "/var/lib/docker", "mountpoint", "true");
	ck_assert_int_eq(dt_status(M, "1.1.1", p), DA_PASS);

	set_file_key(p, "/var/lib/docker", "mountpoint", "null");
	ck_assert_int_eq(dt_status(M, "1.1.1", p), DA_ERROR);

	set_file(p, "/var/lib/docker", "{\"exists\":false,\"error\":null}");
	r = dt_run(M, "1.1.1", p);
	ck_assert_int_eq(r->status, DA_INFO);
	dt_assert_detail_has(r, "not found: /var/lib/docker");
	da_result_free(r);

	set_file(p, "/var/lib/docker", "{\"exists\":false,\"error\":\"input/output error\"}");
	r = dt_run(M, "1.1.1", p);
	ck_assert_int_eq(r->status, DA_ERROR);
	dt_assert_detail_has(r, "input/output error");
	da_result_free(r);

	/* unreadable without root: not a finding, not an error */
	set_file(p, "/var/lib/docker", "{\"exists\":false,\"error\":\"permission denied\"}");
	r = dt_run(M, "1.1.1", p);
	ck_assert_int_eq(r->status, DA_INFO);
	ck_assert(!r->scored);
	dt_assert_detail_has(r, "needs root: /var/lib/docker (permission denied)");
	da_result_free(r);

	dt_set(p, "host.docker_root", "null");
	ck_assert_int_eq(dt_status(M, "1.1.1", p), DA_ERROR);
	dt_del(p, "engine.info");
	r = dt_run(M, "1.1.1", p);
	ck_assert_int_eq(r->status, DA_ERROR);
	dt_assert_detail_has(r, "DockerRootDir");
	da_result_free(r);
	dt_probe_free(p);
}
END_TEST

/* 1.1.1 from the mount table: another filesystem than the parent's. */
START_TEST(test_1_1_1_mount)
{
	struct da_probe *p = base();
	struct da_result *r;

	/* a partition of its own */
	dt_set(p, "host.docker_root.mount",
	       "{\"mount_point\":\"/var/lib/docker\",\"device\":\"8:17\",\"root\":\"/\","
	       "\"fstype\":\"xfs\",\"parent\":{\"mount_point\":\"/\",\"device\":\"8:1\","
	       "\"root\":\"/\",\"fstype\":\"ext4\"}}");
	r = dt_run(M, "1.1.1", p);
	ck_assert_int_eq(r->status, DA_PASS);
	dt_assert_detail_has(r, "separate partition (xfs, device 8:17; / is on 8:1)");
	da_result_free(r);

	/* dockerd's bind of its data root onto itself: the mount point stat() sees */
	set_file_key(p, "/var/lib/docker", "mountpoint", "true");
	dt_set(p, "host.docker_root.mount.device", "\"8:1\"");
	dt_set(p, "host.docker_root.mount.root", "\"/var/lib/docker\"");
	r = dt_run(M, "1.1.1", p);
	ck_assert_int_eq(r->status, DA_WARN);
	ck_assert(r->scored);
	dt_assert_detail_has(r, "a bind mount of /var/lib/docker of the same filesystem");
	ck_assert(dt_find_item(r, "file", NULL, "/var/lib/docker", "bind mount") != NULL);
	da_result_free(r);

	/* the parent's filesystem mounted a second time */
	dt_set(p, "host.docker_root.mount.root", "\"/\"");
	r = dt_run(M, "1.1.1", p);
	ck_assert_int_eq(r->status, DA_WARN);
	dt_assert_detail_has(r, "the filesystem of / (device 8:1) mounted again");
	da_result_free(r);

	/* no parent in the table: a whole filesystem passes, a subtree does not */
	dt_set(p, "host.docker_root.mount.parent", "null");
	ck_assert_int_eq(dt_status(M, "1.1.1", p), DA_PASS);
	dt_set(p, "host.docker_root.mount.root", "\"/docker\"");
	ck_assert_int_eq(dt_status(M, "1.1.1", p), DA_WARN);

	/* hostile facts */
	dt_set(p, "host.docker_root.mount.parent", "7");
	ck_assert_int_eq(dt_status(M, "1.1.1", p), DA_ERROR);
	dt_set(p, "host.docker_root.mount.parent", "{\"device\":1}");
	ck_assert_int_eq(dt_status(M, "1.1.1", p), DA_ERROR);
	dt_set(p, "host.docker_root.mount.parent", "null");
	dt_del(p, "host.docker_root.mount.device");
	ck_assert_int_eq(dt_status(M, "1.1.1", p), DA_ERROR);

	/* null (nothing mounted there) or absent: the stat() answer */
	dt_set(p, "host.docker_root.mount", "null");
	ck_assert_int_eq(dt_status(M, "1.1.1", p), DA_PASS);
	set_file_key(p, "/var/lib/docker", "mountpoint", "false");
	ck_assert_int_eq(dt_status(M, "1.1.1", p), DA_WARN);
	dt_probe_free(p);
}
END_TEST

/* ---- 1.1.2 --------------------------------------------------------------- */

START_TEST(test_1_1_2_without_u)
{
	struct da_probe *p = base();
	struct da_result *r = dt_run(M, "1.1.2", p);

	ck_assert_int_eq(r->status, DA_INFO);
	ck_assert(!r->scored);
	ck_assert(dt_has_item(r, "alice"));
	ck_assert(dt_has_item(r, "bob"));
	ck_assert_str_eq(r->items[0].kind, "user");
	dt_assert_detail_has(r, "alice, bob");
	da_result_free(r);

	dt_set(p, "host.groups.docker.members", "[]");
	r = dt_run(M, "1.1.2", p);
	ck_assert_int_eq(r->status, DA_INFO);
	ck_assert_uint_eq(r->n_items, 0);
	da_result_free(r);

	dt_set(p, "host.groups.docker", "null");
	ck_assert_int_eq(dt_status(M, "1.1.2", p), DA_INFO);
	dt_del(p, "host.groups");
	ck_assert_int_eq(dt_status(M, "1.1.2", p), DA_ERROR);
	dt_probe_free(p);
}
END_TEST

START_TEST(test_1_1_2_trusted)
{
	struct da_probe *p = base();
	struct da_result *r;

	da_probe_set_option(p, "trusted-users", "alice,bob");
	r = dt_run(M, "1.1.2", p);
	ck_assert_int_eq(r->status, DA_PASS);
	ck_assert(r->scored);
	da_result_free(r);

	da_probe_set_option(p, "trusted-users", " bob , alice ");
	ck_assert_int_eq(dt_status(M, "1.1.2", p), DA_PASS);

	/* exact names: "bobby" does not trust "bob" (docker-bench's grep would) */
	da_probe_set_option(p, "trusted-users", "bobby,alice");
	r = dt_run(M, "1.1.2", p);
	ck_assert_int_eq(r->status, DA_WARN);
	ck_assert(r->scored);
	ck_assert(dt_has_item(r, "bob"));
	ck_assert(!dt_has_item(r, "alice"));
	ck_assert_uint_eq(r->n_items, 1);
	dt_assert_detail_has(r, "bob");
	da_result_free(r);

	/* every doubtful user is reported, once each */
	da_probe_set_option(p, "trusted-users", "carol");
	r = dt_run(M, "1.1.2", p);
	ck_assert_int_eq(r->status, DA_WARN);
	ck_assert_uint_eq(r->n_items, 2);
	dt_assert_detail_has(r, "alice, bob");
	da_result_free(r);

	/* the socket group the daemon really uses */
	dt_set(p, "host.dockerd.effective.group", "\"dockerops\"");
	dt_set(p, "host.groups.dockerops", "{\"gid\":1500,\"members\":[\"carol\"]}");
	ck_assert_int_eq(dt_status(M, "1.1.2", p), DA_PASS);
	dt_set(p, "host.groups.dockerops.members", "[\"carol\",\"mallory\"]");
	r = dt_run(M, "1.1.2", p);
	ck_assert_int_eq(r->status, DA_WARN);
	ck_assert(dt_has_item(r, "mallory"));
	da_result_free(r);

	dt_set(p, "host.groups.dockerops", "null");
	ck_assert_int_eq(dt_status(M, "1.1.2", p), DA_PASS);
	dt_set(p, "host.groups.dockerops", "{\"gid\":1500,\"members\":\"carol\"}");
	ck_assert_int_eq(dt_status(M, "1.1.2", p), DA_ERROR);
	dt_probe_free(p);
}
END_TEST

/* ---- 1.1.3 - 1.1.18 ------------------------------------------------------- */

struct audit_case {
	const char *id;
	const char *path;
};

static const struct audit_case audit_cases[] = {
	{ "1.1.3", "/usr/bin/dockerd" },
	{ "1.1.4", "/run/containerd" },
	{ "1.1.5", "/var/lib/docker" },
	{ "1.1.6", "/etc/docker" },
	{ "1.1.7", "/usr/lib/systemd/system/docker.service" },
	{ "1.1.8", "/run/containerd/containerd.sock" },
	{ "1.1.9", "/usr/lib/systemd/system/docker.socket" },
	{ "1.1.10", "/etc/default/docker" },
	{ "1.1.11", "/etc/docker/daemon.json" },
	{ "1.1.12", "/etc/containerd/config.toml" },
	{ "1.1.13", "/etc/sysconfig/docker" },
	{ "1.1.14", "/usr/bin/containerd" },
	{ "1.1.15", "/usr/bin/containerd-shim" },
	{ "1.1.16", "/usr/bin/containerd-shim-runc-v1" },
	{ "1.1.17", "/usr/bin/containerd-shim-runc-v2" },
	{ "1.1.18", "/usr/bin/runc" },
};

/* host.audit.watched without path. */
static void unwatch(struct da_probe *p, const char *path)
{
	struct json_object *w = da_probe_get(p->root, "host.audit.watched");
	size_t i;

	ck_assert_ptr_nonnull(w);
	for (i = 0; i < json_object_array_length(w); i++)
		if (strcmp(json_object_get_string(json_object_array_get_idx(w, i)), path) == 0) {
			json_object_array_del_idx(w, i, 1);
			return;
		}
	ck_abort_msg("%s is not watched in the fixture", path);
}

START_TEST(test_audit_each)
{
	const struct audit_case *c = &audit_cases[_i];
	struct da_probe *p = base();
	struct da_result *r;

	r = dt_run(M, c->id, p);
	ck_assert_msg(r->status == DA_PASS, "%s: %s", c->id, dt_detail(r));
	ck_assert(r->scored);
	dt_assert_detail_has(r, c->path);
	da_result_free(r);

	unwatch(p, c->path);
	r = dt_run(M, c->id, p);
	ck_assert_msg(r->status == DA_WARN, "%s: %s", c->id, dt_detail(r));
	ck_assert(dt_has_item(r, c->path));
	ck_assert_str_eq(r->items[0].kind, "file");
	dt_assert_detail_has(r, c->path);
	da_result_free(r);

	set_file(p, c->path, "{\"exists\":false,\"error\":null}");
	r = dt_run(M, c->id, p);
	if (strcmp(c->id, "1.1.3") == 0) {
		/* 1.1.3 falls back to /usr/bin/dockerd, the path itself */
		ck_assert_int_eq(r->status, DA_INFO);
	} else {
		ck_assert_msg(r->status == DA_INFO, "%s: %s", c->id, dt_detail(r));
	}
	ck_assert(!r->scored);
	dt_assert_detail_has(r, "not found");
	da_result_free(r);

	set_file(p, c->path, "{\"exists\":false,\"error\":\"too many levels of symbolic links\"}");
	ck_assert_int_eq(dt_status(M, c->id, p), DA_ERROR);

	/* stat refused without root: INFO "needs root", unless a rule names
	   exactly this path */
	set_file(p, c->path, "{\"exists\":false,\"error\":\"permission denied\"}");
	r = dt_run(M, c->id, p);
	ck_assert_msg(r->status == DA_INFO, "%s: %s", c->id, dt_detail(r));
	ck_assert(!r->scored);
	dt_assert_detail_has(r, "needs root: ");
	dt_assert_detail_has(r, "(permission denied)");
	da_result_free(r);
	if (strcmp(c->id, "1.1.3") != 0) {
		watch(p, c->path);
		ck_assert_int_eq(dt_status(M, c->id, p), DA_PASS);
		unwatch(p, c->path);
	}

	dt_set(p, "host.available", "false");
	dt_set(p, "host.reason", "\"the daemon at tcp://10.0.0.5:2376 is not on this host\"");
	r = dt_run(M, c->id, p);
	ck_assert_int_eq(r->status, DA_INFO);
	dt_assert_detail_has(r, "not on this host");
	da_result_free(r);
	dt_probe_free(p);
}
END_TEST

START_TEST(test_audit_exact_match)
{
	struct da_probe *p = base();
	struct da_result *r;

	/* a rule on containerd-shim does not cover containerd */
	unwatch(p, "/usr/bin/containerd");
	r = dt_run(M, "1.1.14", p);
	ck_assert_int_eq(r->status, DA_WARN);
	ck_assert(dt_has_item(r, "/usr/bin/containerd"));
	da_result_free(r);
	ck_assert_int_eq(dt_status(M, "1.1.15", p), DA_PASS);

	/* nor does a rule on a directory cover a file below it */
	unwatch(p, "/etc/docker/daemon.json");
	ck_assert_int_eq(dt_status(M, "1.1.11", p), DA_WARN);
	ck_assert_int_eq(dt_status(M, "1.1.6", p), DA_PASS);

	/* a trailing slash or doubled slash in the rule is the same path */
	unwatch(p, "/etc/docker");
	watch(p, "//etc/docker/");
	ck_assert_int_eq(dt_status(M, "1.1.6", p), DA_PASS);

	/* a rule on the canonical path covers a path through a link */
	unwatch(p, "/usr/bin/runc");
	set_file_key(p, "/usr/bin/runc", "resolved", "\"/usr/sbin/runc\"");
	ck_assert_int_eq(dt_status(M, "1.1.18", p), DA_WARN);
	dt_set(p, "host.audit.watched_resolved", "[\"/usr/sbin/runc\"]");
	ck_assert_int_eq(dt_status(M, "1.1.18", p), DA_PASS);
	dt_set(p, "host.audit.watched_resolved", "[]");
	watch(p, "/usr/sbin/runc");
	ck_assert_int_eq(dt_status(M, "1.1.18", p), DA_PASS);
	dt_probe_free(p);
}
END_TEST

START_TEST(test_audit_units)
{
	struct da_probe *p = base();
	struct da_result *r;

	/* docker.service overridden in /etc: the rule must be on that file */
	dt_set_key(p, "host.units", "docker.service", "{\"path\":\"/etc/systemd/system/docker.service\","
					       "\"source\":\"/etc/systemd/system\",\"masked\":false}");
	r = dt_run(M, "1.1.7", p);
	ck_assert_int_eq(r->status, DA_ERROR); /* not in host.files yet */
	da_result_free(r);
	set_file(p, "/etc/systemd/system/docker.service",
		 "{\"exists\":true,\"error\":null,\"type\":\"file\",\"mode\":420,\"uid\":0,"
		 "\"gid\":0,\"resolved\":\"/etc/systemd/system/docker.service\"}");
	r = dt_run(M, "1.1.7", p);
	ck_assert_int_eq(r->status, DA_WARN);
	ck_assert(dt_has_item(r, "/etc/systemd/system/docker.service"));
	da_result_free(r);
	watch(p, "/etc/systemd/system/docker.service");
	ck_assert_int_eq(dt_status(M, "1.1.7", p), DA_PASS);

	/* docker.socket found under /run */
	dt_set_key(p, "host.units", "docker.socket", "{\"path\":\"/run/systemd/system/docker.socket\","
					      "\"source\":\"/run/systemd/system\",\"masked\":false}");
	set_file(p, "/run/systemd/system/docker.socket",
		 "{\"exists\":true,\"error\":null,\"type\":\"file\",\"mode\":420,\"uid\":0,"
		 "\"gid\":0,\"resolved\":\"/run/systemd/system/docker.socket\"}");
	r = dt_run(M, "1.1.9", p);
	ck_assert_int_eq(r->status, DA_WARN);
	ck_assert(dt_has_item(r, "/run/systemd/system/docker.socket"));
	da_result_free(r);

	/* no unit at all */
	dt_set_key(p, "host.units", "docker.socket", "null");
	r = dt_run(M, "1.1.9", p);
	ck_assert_int_eq(r->status, DA_INFO);
	ck_assert(!r->scored);
	dt_assert_detail_has(r, "docker.socket");
	da_result_free(r);
	dt_del(p, "host.units");
	ck_assert_int_eq(dt_status(M, "1.1.9", p), DA_ERROR);
	dt_probe_free(p);
}
END_TEST

START_TEST(test_audit_real_paths)
{
	struct da_probe *p = base();
	struct da_result *r;
	static const char file_json[] = "{\"exists\":true,\"error\":null,\"type\":\"file\","
					"\"mode\":384,\"uid\":0,\"gid\":0}";

	/* 1.1.11: the --config-file the daemon really reads */
	dt_set(p, "host.dockerd.config_file", "\"/srv/docker/daemon.json\"");
	set_file(p, "/srv/docker/daemon.json", file_json);
	r = dt_run(M, "1.1.11", p);
	ck_assert_int_eq(r->status, DA_WARN);
	ck_assert(dt_has_item(r, "/srv/docker/daemon.json"));
	da_result_free(r);
	watch(p, "/srv/docker/daemon.json");
	ck_assert_int_eq(dt_status(M, "1.1.11", p), DA_PASS);

	/* without a dockerd process: host.daemon_json.path */
	dt_set(p, "host.dockerd", "null");
	dt_set(p, "host.daemon_json.path", "\"/srv/docker/daemon.json\"");
	ck_assert_int_eq(dt_status(M, "1.1.11", p), DA_PASS);

	/* 1.1.3: the binary the daemon runs from */
	dt_set(p, "host.dockerd", "{\"exe\":\"/usr/sbin/dockerd\"}");
	set_file(p, "/usr/sbin/dockerd", file_json);
	r = dt_run(M, "1.1.3", p);
	ck_assert_int_eq(r->status, DA_WARN);
	ck_assert(dt_has_item(r, "/usr/sbin/dockerd"));
	da_result_free(r);
	set_file(p, "/usr/sbin/dockerd", "{\"exists\":false,\"error\":null}");
	ck_assert_int_eq(dt_status(M, "1.1.3", p), DA_PASS); /* back to /usr/bin/dockerd */

	/* 1.1.8: the containerd socket dockerd uses (--containerd) */
	dt_set(p, "host.containerd_socket", "\"/srv/ctd/containerd.sock\"");
	set_file(p, "/srv/ctd/containerd.sock", "{\"exists\":true,\"error\":null,"
						"\"type\":\"socket\",\"mode\":432,\"uid\":0,\"gid\":0}");
	r = dt_run(M, "1.1.8", p);
	ck_assert_int_eq(r->status, DA_WARN);
	ck_assert(dt_has_item(r, "/srv/ctd/containerd.sock"));
	da_result_free(r);
	watch(p, "/srv/ctd/containerd.sock");
	ck_assert_int_eq(dt_status(M, "1.1.8", p), DA_PASS);
	dt_del(p, "host.containerd_socket");
	ck_assert_int_eq(dt_status(M, "1.1.8", p), DA_PASS); /* the default path */

	/* 1.1.5: DockerRootDir, not a hard-coded /var/lib/docker */
	dt_set(p, "host.docker_root.path", "\"/data/docker\"");
	set_file(p, "/data/docker", "{\"exists\":true,\"error\":null,\"type\":\"dir\","
				    "\"mode\":448,\"uid\":0,\"gid\":0,\"mountpoint\":true}");
	r = dt_run(M, "1.1.5", p);
	ck_assert_int_eq(r->status, DA_WARN);
	ck_assert(dt_has_item(r, "/data/docker"));
	da_result_free(r);
	dt_del(p, "host.docker_root");
	dt_set(p, "engine.info.DockerRootDir", "\"/var/lib/docker\"");
	ck_assert_int_eq(dt_status(M, "1.1.5", p), DA_PASS);
	dt_del(p, "engine.info.DockerRootDir");
	ck_assert_int_eq(dt_status(M, "1.1.5", p), DA_ERROR);
	dt_probe_free(p);
}
END_TEST

START_TEST(test_audit_sources)
{
	struct da_probe *p = base();
	struct da_result *r;

	set_file(p, "/etc/default/docker", "{\"exists\":false,\"error\":null,"
					   "\"type\":\"symlink-dangling\","
					   "\"link_target\":\"/opt/docker.env\"}");
	r = dt_run(M, "1.1.10", p);
	ck_assert_int_eq(r->status, DA_INFO);
	dt_assert_detail_has(r, "dangling link to /opt/docker.env");
	da_result_free(r);

	dt_set(p, "host.audit", "{\"source\":\"none\",\"files\":[],\"rules\":[],\"watched\":[],"
				"\"watched_resolved\":[]}");
	r = dt_run(M, "1.1.6", p);
	ck_assert_int_eq(r->status, DA_WARN);
	dt_assert_detail_has(r, "no rule files");
	da_result_free(r);

	dt_del(p, "host.audit");
	r = dt_run(M, "1.1.6", p);
	ck_assert_int_eq(r->status, DA_ERROR);
	dt_assert_detail_has(r, "host.audit");
	da_result_free(r);
	dt_probe_free(p);
}
END_TEST

/* ---- facts that need root (docs/failures.md) ------------------------------ */

/* Asserts INFO, unscored, with "needs root" and sub in the detail. */
/* ---- 1.1.3 - 1.1.18: the rules loaded in the kernel --------------------- */

#define RULES_FILE "/etc/audit/rules.d/docker.rules"

/* host.audit.loaded with status "ok" and these loaded paths (a json array). */
static void set_loaded(struct da_probe *p, const char *paths)
{
	char *j = da_xasprintf("{\"status\":\"ok\",\"error\":null,\"rules\":1,\"watches\":[],"
			       "\"truncated\":false,\"paths\":%s,\"paths_resolved\":[]}", paths);
	dt_set(p, "host.audit.loaded", j);
	free(j);
}

static void set_loaded_status(struct da_probe *p, const char *status, const char *error)
{
	char *j = da_xasprintf("{\"status\":\"%s\",\"error\":\"%s\"}", status, error);
	dt_set(p, "host.audit.loaded", j);
	free(j);
}

/* The verdict of c->id, its status, scoring and a detail substring. */
static void expect_loaded(const struct da_probe *p, const char *id, enum da_status st,
			  bool scored, const char *sub, bool item, const char *path)
{
	struct da_result *r = dt_run(M, id, p);

	ck_assert_msg(r->status == st, "%s: %d %s", id, (int)r->status, dt_detail(r));
	ck_assert_msg(r->scored == scored, "%s: scored %d: %s", id, (int)r->scored, dt_detail(r));
	dt_assert_detail_has(r, sub);
	ck_assert_msg(dt_has_item(r, path) == item, "%s: item for %s", id, path);
	da_result_free(r);
}

START_TEST(test_audit_loaded_each)
{
	const struct audit_case *c = &audit_cases[_i];
	struct da_probe *p = base();
	char *want, *one;

	/* the rule is in a file (the fixture watches every path), none loaded */
	dt_set(p, "host.audit.watched_in", "{}");
	dt_set_key(p, "host.audit.watched_in", c->path, "\"" RULES_FILE "\"");
	set_loaded(p, "[]");
	want = da_xasprintf("an audit rule for %s is in " RULES_FILE ", not loaded", c->path);
	expect_loaded(p, c->id, DA_WARN, true, want, true, c->path);
	free(want);

	/* loaded: PASS */
	one = da_xasprintf("[\"%s\"]", c->path);
	set_loaded(p, one);
	want = da_xasprintf("a loaded audit rule watches %s", c->path);
	expect_loaded(p, c->id, DA_PASS, true, want, false, c->path);
	/* loaded without any rule file: still a PASS (auditctl -l is the proof) */
	unwatch(p, c->path);
	expect_loaded(p, c->id, DA_PASS, true, want, false, c->path);
	free(want);

	/* neither loaded nor in a file */
	set_loaded(p, "[]");
	want = da_xasprintf("no audit rule for %s", c->path);
	expect_loaded(p, c->id, DA_WARN, true, want, true, c->path);
	free(want);

	/* the loaded rules cannot be listed: INFO, whatever the files say */
	set_loaded_status(p, "needs root", "operation not permitted");
	want = da_xasprintf("needs root: the loaded audit rules (operation not permitted); "
			    "no rule file read watches %s", c->path);
	expect_loaded(p, c->id, DA_INFO, false, want, false, c->path);
	free(want);
	watch(p, c->path);
	want = da_xasprintf("needs root: the loaded audit rules (operation not permitted); "
			    "an audit rule for %s is in " RULES_FILE, c->path);
	expect_loaded(p, c->id, DA_INFO, false, want, false, c->path);
	free(want);

	/* no audit in the kernel: a rule file loads nothing */
	set_loaded_status(p, "unavailable", "the kernel has no audit support (protocol not supported)");
	want = da_xasprintf("an audit rule for %s is in " RULES_FILE ", not loaded: the kernel "
			    "has no audit support (protocol not supported)", c->path);
	expect_loaded(p, c->id, DA_WARN, true, want, true, c->path);
	free(want);

	/* under --host-root the rule files are judged alone, and say so */
	set_loaded_status(p, "not read", "--host-root: not this kernel");
	want = da_xasprintf("an audit rule watches %s (rule files only: --host-root: not this "
			    "kernel)", c->path);
	expect_loaded(p, c->id, DA_PASS, true, want, false, c->path);
	free(want);

	/* a listing that failed */
	set_loaded_status(p, "error", "no answer from the kernel within 2000 ms");
	expect_loaded(p, c->id, DA_ERROR, false, "cannot read the loaded audit rules: no answer "
		      "from the kernel within 2000 ms", false, c->path);
	dt_set(p, "host.audit.loaded", "{\"status\":\"ok\",\"error\":null}");
	expect_loaded(p, c->id, DA_ERROR, false, "host.audit.loaded.paths is missing", false,
		      c->path);
	dt_set(p, "host.audit.loaded", "{\"error\":null}");
	expect_loaded(p, c->id, DA_ERROR, false, "malformed", false, c->path);

	/* a path that does not exist is not found, loaded rules or not */
	set_loaded(p, one);
	set_file(p, c->path, "{\"exists\":false,\"error\":null}");
	expect_loaded(p, c->id, DA_INFO, false, "not found", false, c->path);
	free(one);
	dt_probe_free(p);
}
END_TEST

START_TEST(test_audit_loaded_forms)
{
	struct da_probe *p = base();

	dt_set(p, "host.audit.watched_in", "{}");
	/* loaded on the canonical path of a link, or normalised differently */
	unwatch(p, "/usr/bin/runc");
	set_file_key(p, "/usr/bin/runc", "resolved", "\"/usr/sbin/runc\"");
	set_loaded(p, "[\"/usr/sbin/runc\"]");
	dt_expect(M, p, "1.1.18", DA_PASS, "a loaded audit rule watches /usr/bin/runc");
	dt_set(p, "host.audit.loaded.paths", "[]");
	dt_set(p, "host.audit.loaded.paths_resolved", "[\"/usr/sbin/runc\"]");
	dt_expect(M, p, "1.1.18", DA_PASS, "a loaded audit rule watches /usr/bin/runc");
	set_loaded(p, "[\"//etc/docker/\"]");
	dt_expect(M, p, "1.1.6", DA_PASS, "a loaded audit rule watches /etc/docker");
	/* a loaded rule on containerd-shim does not cover containerd */
	set_loaded(p, "[\"/usr/bin/containerd-shim\"]");
	dt_expect(M, p, "1.1.14", DA_WARN, "is in the rule files, not loaded");
	dt_expect(M, p, "1.1.15", DA_PASS, "loaded");

	/* the rule files unreadable, the loaded rules read: the loaded rules
	   decide */
	dt_set(p, "host.audit.error", "\"permission denied: /etc/audit/audit.rules\"");
	set_loaded(p, "[\"/etc/docker\"]");
	dt_expect(M, p, "1.1.6", DA_PASS, "a loaded audit rule watches /etc/docker");
	unwatch(p, "/usr/bin/containerd");
	dt_expect(M, p, "1.1.14", DA_WARN, "no audit rule for /usr/bin/containerd loaded");
	dt_set(p, "host.audit.error", "null");

	/* a path stat refused: a loaded rule on it still counts */
	set_file(p, "/usr/bin/containerd", "{\"exists\":false,\"error\":\"permission denied\"}");
	dt_expect(M, p, "1.1.14", DA_INFO, "needs root: /usr/bin/containerd (permission denied)");
	set_loaded(p, "[\"/usr/bin/containerd\"]");
	dt_expect(M, p, "1.1.14", DA_PASS, "a loaded audit rule watches /usr/bin/containerd");

	/* CIS 1.7.0 1.1.9: two sockets, one loaded, one only in a file */
	da_probe_set_option(p, "benchmark", "cis-1.7.0");
	dt_set(p, "host.docker_sockets", "[\"/run/docker.sock\",\"/run/other.sock\"]");
	set_file(p, "/run/other.sock", "{\"exists\":true,\"error\":null,\"type\":\"socket\","
				       "\"mode\":432,\"uid\":0,\"gid\":998,"
				       "\"resolved\":\"/run/other.sock\"}");
	watch(p, "/run/docker.sock");
	watch(p, "/run/other.sock");
	dt_set_key(p, "host.audit.watched_in", "/run/other.sock", "\"" RULES_FILE "\"");
	set_loaded(p, "[\"/run/docker.sock\"]");
	{
		struct da_result *r = dt_run(M, "1.1.9", p);
		ck_assert_int_eq(r->status, DA_WARN);
		dt_assert_detail_has(r, "an audit rule for /run/other.sock is in " RULES_FILE
				     ", not loaded");
		ck_assert(dt_has_item(r, "/run/other.sock"));
		ck_assert(!dt_has_item(r, "/run/docker.sock"));
		ck_assert(dt_find_item(r, "file", NULL, "/run/other.sock", "augenrules --load"));
		da_result_free(r);
	}
	set_loaded(p, "[\"/run/docker.sock\",\"/run/other.sock\"]");
	dt_expect(M, p, "1.1.9", DA_PASS, "a loaded audit rule watches each of the daemon's 2 "
		  "sockets");
	set_loaded(p, "[]");
	dt_expect(M, p, "1.1.9", DA_WARN, "2 of the daemon's sockets are not audited by a "
		  "loaded rule");
	set_loaded_status(p, "needs root", "operation not permitted");
	dt_expect(M, p, "1.1.9", DA_INFO, "needs root: the loaded audit rules");
	dt_probe_free(p);
}
END_TEST

static void expect_needs_root(struct da_probe *p, const char *id, const char *sub)
{
	struct da_result *r = dt_run(M, id, p);

	ck_assert_msg(r->status == DA_INFO, "%s: %s", id, dt_detail(r));
	ck_assert_msg(!r->scored, "%s is scored", id);
	dt_assert_detail_has(r, "needs root: ");
	dt_assert_detail_has(r, sub);
	ck_assert_uint_eq(r->n_items, 0);
	da_result_free(r);
}

START_TEST(test_audit_rules_need_root)
{
	struct da_probe *p = base();
	struct da_result *r;

	/* /etc/audit is 0750 root: the rules read (none here) prove nothing */
	dt_set(p, "host.audit", "{\"source\":\"none\",\"files\":[],\"rules\":[],\"watched\":[],"
				"\"watched_resolved\":[],\"errors\":[{\"path\":"
				"\"/etc/audit/audit.rules\",\"error\":\"permission denied\"}],"
				"\"error\":\"permission denied: /etc/audit/audit.rules\"}");
	expect_needs_root(p, "1.1.6", "audit rules in /etc/audit/audit.rules (permission denied)");
	expect_needs_root(p, "1.1.6", "/etc/docker");
	expect_needs_root(p, "1.1.3", "/usr/bin/dockerd");
	expect_needs_root(p, "1.1.7", "docker.service");
	expect_needs_root(p, "1.1.9", "docker.socket");
	expect_needs_root(p, "1.1.11", "/etc/docker/daemon.json");
	/* a path that does not exist is still "not found" */
	set_file(p, "/etc/sysconfig/docker", "{\"exists\":false,\"error\":null}");
	r = dt_run(M, "1.1.13", p);
	ck_assert_int_eq(r->status, DA_INFO);
	dt_assert_detail_has(r, "not found");
	da_result_free(r);

	/* a rule that was read is proof enough: PASS */
	watch(p, "/etc/docker");
	ck_assert_int_eq(dt_status(M, "1.1.6", p), DA_PASS);
	expect_needs_root(p, "1.1.18", "/usr/bin/runc");

	/* CIS 1.7.0 1.1.9: several sockets, one watched, one unknown */
	da_probe_set_option(p, "benchmark", "cis-1.7.0");
	dt_set(p, "host.docker_sockets", "[\"/run/docker.sock\",\"/run/other.sock\"]");
	set_file(p, "/run/other.sock", "{\"exists\":true,\"error\":null,\"type\":\"socket\","
				       "\"mode\":432,\"uid\":0,\"gid\":998,"
				       "\"resolved\":\"/run/other.sock\"}");
	watch(p, "/run/docker.sock");
	expect_needs_root(p, "1.1.9", "no rule read watches /run/other.sock");
	watch(p, "/run/other.sock");
	ck_assert_int_eq(dt_status(M, "1.1.9", p), DA_PASS);
	da_probe_set_option(p, "benchmark", NULL);

	/* another reason rule files went unread: ERROR, not WARN */
	dt_set(p, "host.audit.error", "\"input/output error: /etc/audit/rules.d/10-x.rules\"");
	r = dt_run(M, "1.1.18", p);
	ck_assert_int_eq(r->status, DA_ERROR);
	dt_assert_detail_has(r, "cannot read the audit rules: /etc/audit/rules.d/10-x.rules");
	da_result_free(r);
	/* and with no error, the same facts are a finding */
	dt_set(p, "host.audit.error", "null");
	ck_assert_int_eq(dt_status(M, "1.1.18", p), DA_WARN);
	dt_probe_free(p);
}
END_TEST

START_TEST(test_dockerd_exe_needs_root)
{
	struct da_probe *p = base();
	struct da_result *r;

	/* /proc/812/exe is unreadable, argv[0] is absolute: it names the binary */
	dt_set(p, "host.dockerd.exe", "null");
	dt_set(p, "host.dockerd.exe_error", "\"cannot read /proc/812/exe: permission denied\"");
	r = dt_run(M, "1.1.3", p);
	ck_assert_int_eq(r->status, DA_PASS);
	dt_assert_detail_has(r, "/usr/bin/dockerd");
	da_result_free(r);

	/* started as "dockerd" through PATH: the binary is unknown */
	dt_set(p, "host.dockerd.argv", "[\"dockerd\",\"-H\",\"fd://\"]");
	expect_needs_root(p, "1.1.3", "the dockerd binary, /proc/812/exe (permission denied)");

	/* another reason: the benchmark's path, as before */
	dt_set(p, "host.dockerd.exe_error", "\"cannot read /proc/812/exe: no such file or directory\"");
	ck_assert_int_eq(dt_status(M, "1.1.3", p), DA_PASS);
	unwatch(p, "/usr/bin/dockerd");
	ck_assert_int_eq(dt_status(M, "1.1.3", p), DA_WARN);
	dt_probe_free(p);
}
END_TEST

START_TEST(test_socket_group_needs_root)
{
	struct da_probe *p = base();

	da_probe_set_option(p, "trusted-users", "alice,bob");
	ck_assert_int_eq(dt_status(M, "1.1.2", p), DA_PASS);
	/* daemon.json unreadable: it may name another socket group */
	dt_set(p, "host.daemon_json.error", "\"cannot read /etc/docker/daemon.json: permission denied\"");
	dt_set(p, "host.dockerd.config_file_error",
	       "\"cannot read /etc/docker/daemon.json: permission denied\"");
	expect_needs_root(p, "1.1.2", "socket group, from /etc/docker/daemon.json (permission denied)");
	/* the command line names it: known */
	dt_set(p, "host.dockerd.effective.group", "\"docker\"");
	ck_assert_int_eq(dt_status(M, "1.1.2", p), DA_PASS);
	dt_probe_free(p);
}
END_TEST

START_TEST(test_host_unavailable)
{
	static const char *const ids[] = { "1.1.1", "1.1.2", "1.1.7", "1.1.9", "1.1.11" };
	struct da_probe *p = base();
	size_t i;

	dt_set(p, "host", "{\"available\":false,\"reason\":\"remote daemon\"}");
	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		struct da_result *r = dt_run(M, ids[i], p);
		ck_assert_msg(r->status == DA_INFO, "%s", ids[i]);
		ck_assert_str_eq(dt_detail(r), "remote daemon");
		da_result_free(r);
	}
	/* 1.2.x need only the engine */
	ck_assert_int_eq(dt_status(M, "1.2.1", p), DA_NOTE);
	ck_assert_int_eq(dt_status(M, "1.2.2", p), DA_PASS);
	dt_del(p, "host");
	ck_assert_int_eq(dt_status(M, "1.1.1", p), DA_INFO);
	dt_probe_free(p);
}
END_TEST

/* A rootless daemon: the system's units and files it does not use are INFO
   with the reason; its own data root, daemon.json and binaries are judged. */
START_TEST(test_rootless)
{
	static const char *const na[] = { "1.1.2", "1.1.4", "1.1.6", "1.1.7", "1.1.8", "1.1.9",
					   "1.1.10", "1.1.12", "1.1.13" };
	static const char *const judged[] = { "1.1.1", "1.1.3", "1.1.5", "1.1.11", "1.1.14" };
	struct da_probe *p = base();
	size_t i;

	dt_set(p, "engine.rootless", "true");
	for (i = 0; i < sizeof(na) / sizeof(na[0]); i++) {
		struct da_result *r = dt_run(M, na[i], p);
		ck_assert_msg(r->status == DA_INFO && !r->scored, "%s", na[i]);
		dt_assert_detail_has(r, "not applicable to a rootless daemon: ");
		da_result_free(r);
	}
	for (i = 0; i < sizeof(judged) / sizeof(judged[0]); i++) {
		struct da_result *r = dt_run(M, judged[i], p);
		ck_assert_msg(!strstr(dt_detail(r), "rootless"), "%s: %s", judged[i], dt_detail(r));
		da_result_free(r);
	}
	/* 1.7.0 and later: 1.1.9 audits the socket, the rootless one too */
	da_probe_set_option(p, "benchmark", "cis-1.7.0");
	ck_assert_int_ne(dt_status(M, "1.1.9", p), DA_INFO);
	da_probe_set_option(p, "benchmark", "cis-1.6.0");
	/* a snapshot without engine.rootless: /info's SecurityOptions */
	dt_del(p, "engine.rootless");
	ck_assert_int_ne(dt_status(M, "1.1.7", p), DA_INFO);
	dt_set(p, "engine.info.SecurityOptions", "[\"name=seccomp,profile=default\",\"name=rootless\"]");
	ck_assert_int_eq(dt_status(M, "1.1.7", p), DA_INFO);
	/* Podman's rootless service keeps Podman's reason */
	dt_set(p, "engine.kind", "\"podman\"");
	dt_set(p, "host", "{\"available\":false,\"reason\":\"not applicable to Podman: x\"}");
	{
		struct da_result *r = dt_run(M, "1.1.7", p);
		ck_assert_str_eq(dt_detail(r), "not applicable to Podman: x");
		da_result_free(r);
	}
	dt_probe_free(p);
}
END_TEST

/* ---- 1.2 ------------------------------------------------------------------- */

START_TEST(test_1_2_1)
{
	struct da_probe *p = base();
	struct da_result *r = dt_run(M, "1.2.1", p);

	ck_assert_int_eq(r->status, DA_NOTE);
	ck_assert(!r->scored);
	da_result_free(r);
	dt_probe_free(p);
}
END_TEST

struct version_case {
	const char *version;
	enum da_status want;
};

static const struct version_case versions[] = {
	{ "\"28.2.2\"", DA_PASS },
	{ "\"28.0.0\"", DA_PASS },
	{ "\"28\"", DA_PASS },
	{ "\"29.10.1\"", DA_PASS },
	{ "\"100.0.0\"", DA_PASS },
	{ "\"27.5.1\"", DA_INFO },
	{ "\"20.10.24+dfsg1\"", DA_INFO },
	{ "\"v1.13.1\"", DA_INFO },
	{ "\"17.06.0-ce\"", DA_INFO },
	{ "\"dev\"", DA_ERROR },
	{ "\"\"", DA_ERROR },
	{ "28", DA_ERROR },
	{ "null", DA_ERROR },
};

START_TEST(test_1_2_2_versions)
{
	const struct version_case *c = &versions[_i];
	struct da_probe *p = base();
	struct da_result *r;

	dt_set(p, "engine.version.Version", c->version);
	r = dt_run(M, "1.2.2", p);
	ck_assert_msg(r->status == c->want, "%s: got %d (%s)", c->version, r->status, dt_detail(r));
	ck_assert(!r->scored);
	if (c->want == DA_INFO)
		dt_assert_detail_has(r, "is older than floor 28.0.0");
	da_result_free(r);
	dt_probe_free(p);
}
END_TEST

START_TEST(test_1_2_2_floor)
{
	struct da_probe *p = base();
	struct da_result *r;

	dt_set(p, "engine.version.Version", "\"20.10.24+dfsg1\"");
	r = dt_run(M, "1.2.2", p);
	ck_assert_str_eq(dt_detail(r), "version 20.10.24+dfsg1 is older than floor 28.0.0 (the "
				    "oldest Docker Engine line maintained upstream, 2026-11); "
				    "check your vendor's support");
	da_result_free(r);
	da_probe_set_option(p, "version-floor", "20.10.0");
	ck_assert_int_eq(dt_status(M, "1.2.2", p), DA_PASS);
	da_probe_set_option(p, "version-floor", "20.10.25");
	ck_assert_int_eq(dt_status(M, "1.2.2", p), DA_INFO);
	da_probe_set_option(p, "version-floor", "x");
	ck_assert_int_eq(dt_status(M, "1.2.2", p), DA_ERROR);
	dt_del(p, "engine.version");
	da_probe_set_option(p, "version-floor", NULL);
	r = dt_run(M, "1.2.2", p);
	ck_assert_int_eq(r->status, DA_ERROR);
	dt_assert_detail_has(r, "engine.version.Version");
	da_result_free(r);
	dt_probe_free(p);
}
END_TEST

int main(void)
{
	const TTest *tests[] = {
		test_descriptor, test_1_1_1, test_1_1_1_mount, test_1_1_2_without_u, test_1_1_2_trusted,
		test_audit_exact_match, test_audit_units, test_audit_real_paths, test_audit_sources,
		test_host_unavailable, test_1_2_1, test_1_2_2_floor, test_audit_rules_need_root,
		test_dockerd_exe_needs_root, test_socket_group_needs_root, test_rootless, NULL
	};
	TCase *tc = dt_tcase("host", NULL, tests);

	tcase_add_test(tc, test_audit_loaded_forms);
	tcase_add_loop_test(tc, test_audit_loaded_each, 0,
			    (int)(sizeof(audit_cases) / sizeof(audit_cases[0])));
	tcase_add_loop_test(tc, test_audit_each, 0,
			    (int)(sizeof(audit_cases) / sizeof(audit_cases[0])));
	tcase_add_loop_test(tc, test_1_2_2_versions, 0,
			    (int)(sizeof(versions) / sizeof(versions[0])));
	return dt_main("mod_host", tc);
}
