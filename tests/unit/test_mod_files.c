/*
 * modules/files (CIS section 3) on the files-base.json snapshot: ownership
 * and permission checks, PASS/WARN/INFO/ERROR, including the cases
 * docker-bench-security gets wrong (decimal mode comparison that passes
 * 606, hard-coded unit, socket and daemon.json paths, registry keys and
 * group ownership ignored, space-separated TLS flags).
 */
#include "config.h"

#include "probe.h"
#include "report.h"
#include "testlib.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const struct da_module DA_MODULE_SYMBOL_FOR(files);
#define M (&DA_MODULE_SYMBOL_FOR(files))

#define CERTDIR "/etc/docker/certs.d/registry.example.com:5000"

static void set_file(struct da_probe *p, const char *path, const char *json)
{
	dt_set_key(p, "host.files", path, json);
}

/* Sets the mode (octal) of an existing host.files entry. */
static void set_mode(struct da_probe *p, const char *path, unsigned mode)
{
	struct json_object *files = da_probe_get(p->root, "host.files"), *e = NULL;

	ck_assert_msg(json_object_object_get_ex(files, path, &e), "no file %s", path);
	json_object_object_add(e, "mode", json_object_new_int64(mode));
}

static void set_owner(struct da_probe *p, const char *path, int uid, int gid)
{
	struct json_object *files = da_probe_get(p->root, "host.files"), *e = NULL;

	ck_assert_msg(json_object_object_get_ex(files, path, &e), "no file %s", path);
	json_object_object_add(e, "uid", json_object_new_int64(uid));
	json_object_object_add(e, "gid", json_object_new_int64(gid));
}

/* A regular file entry with the given mode and owner. */
static void add_file(struct da_probe *p, const char *path, unsigned mode, int uid, int gid)
{
	char json[256];

	snprintf(json, sizeof(json),
		 "{\"exists\":true,\"error\":null,\"type\":\"file\",\"mode\":%u,\"uid\":%d,"
		 "\"gid\":%d}", mode, uid, gid);
	set_file(p, path, json);
}

static struct da_probe *base(void)
{
	return dt_probe_fixture("files-base.json");
}

/* The detail of the item named path ("" when it has none), or NULL. */
static const char *item_detail(const struct da_result *r, const char *path)
{
	const struct da_item *it = dt_find_item(r, NULL, NULL, path, NULL);

	return it ? (it->detail ? it->detail : "") : NULL;
}

/* ---- descriptor --------------------------------------------------------- */

START_TEST(test_descriptor)
{
	uint32_t i;

	dt_assert_module(M, "files", "3", "Docker daemon configuration files", "docker_daemon_files",
			 24);
	for (i = 0; i < M->n_checks; i++) {
		const struct da_check *c = &M->checks[i];
		char id[16];

		snprintf(id, sizeof(id), "3.%u", i + 1);
		ck_assert_str_eq(c->id, id);
		ck_assert_ptr_nonnull(c->run);
		ck_assert(c->flags & DA_CHECK_SCORED);
		ck_assert(c->flags & DA_CHECK_NEEDS_HOST);
		ck_assert_ptr_nonnull(strstr(c->title, "(Automated)"));
		ck_assert_ptr_nonnull(strstr(c->groups, "cis_controls_v8_ig1"));
	}
	ck_assert_str_eq(M->checks[13].title, "Ensure that the Docker server certificate key file "
					      "permissions are set to 400 (Automated)");
	ck_assert_str_eq(M->checks[20].title, "Ensure that the /etc/sysconfig/docker file "
					      "permissions are set to 644 or more restrictively "
					      "(Automated)");
}
END_TEST

/* ---- every check passes on the base, and reports INFO when remote ------- */

START_TEST(test_base_and_remote)
{
	struct da_probe *p = base();
	uint32_t i;

	for (i = 0; i < M->n_checks; i++) {
		struct da_result *r = dt_run(M, M->checks[i].id, p);
		ck_assert_msg(r->status == DA_PASS, "%s: %d %s", M->checks[i].id, r->status,
			      dt_detail(r));
		ck_assert(r->scored);
		ck_assert_uint_eq(r->n_items, 0);
		da_result_free(r);
	}
	dt_set(p, "host.available", "false");
	dt_set(p, "host.reason", "\"remote daemon tcp://10.1.2.3:2376\"");
	for (i = 0; i < M->n_checks; i++) {
		struct da_result *r = dt_run(M, M->checks[i].id, p);
		ck_assert_msg(r->status == DA_INFO, "%s", M->checks[i].id);
		ck_assert_str_eq(dt_detail(r), "remote daemon tcp://10.1.2.3:2376");
		da_result_free(r);
	}
	dt_del(p, "host");
	for (i = 0; i < M->n_checks; i++)
		ck_assert_int_eq(dt_status(M, M->checks[i].id, p), DA_INFO);
	dt_probe_free(p);
}
END_TEST

/* ---- permission bits ------------------------------------------------------ */

struct mode_case {
	const char *id;
	const char *path;
	unsigned mode;
	enum da_status want;
};

static const struct mode_case modes[] = {
	/* 644 or more restrictive: no bit outside 0644 */
	{ "3.2", "/usr/lib/systemd/system/docker.service", 0644, DA_PASS },
	{ "3.2", "/usr/lib/systemd/system/docker.service", 0640, DA_PASS },
	{ "3.2", "/usr/lib/systemd/system/docker.service", 0600, DA_PASS },
	{ "3.2", "/usr/lib/systemd/system/docker.service", 0400, DA_PASS },
	{ "3.2", "/usr/lib/systemd/system/docker.service", 0606, DA_WARN }, /* 606 <= 644 */
	{ "3.2", "/usr/lib/systemd/system/docker.service", 0446, DA_WARN },
	{ "3.2", "/usr/lib/systemd/system/docker.service", 01644, DA_WARN },
	{ "3.2", "/usr/lib/systemd/system/docker.service", 0700, DA_WARN },
	{ "3.2", "/usr/lib/systemd/system/docker.service", 0664, DA_WARN },
	{ "3.4", "/usr/lib/systemd/system/docker.socket", 0606, DA_WARN },
	{ "3.4", "/usr/lib/systemd/system/docker.socket", 0444, DA_PASS },
	{ "3.6", "/etc/docker", 0755, DA_PASS },
	{ "3.6", "/etc/docker", 0700, DA_PASS },
	{ "3.6", "/etc/docker", 0750, DA_PASS },
	{ "3.6", "/etc/docker", 0737, DA_WARN }, /* 737 <= 755 */
	{ "3.6", "/etc/docker", 0775, DA_WARN },
	{ "3.6", "/etc/docker", 01755, DA_WARN },
	{ "3.10", "/etc/docker/tls/ca.pem", 0444, DA_PASS },
	{ "3.10", "/etc/docker/tls/ca.pem", 0440, DA_PASS },
	{ "3.10", "/etc/docker/tls/ca.pem", 0644, DA_WARN },
	{ "3.10", "/etc/docker/tls/ca.pem", 0404, DA_PASS },
	{ "3.10", "/etc/docker/tls/ca.pem", 0206, DA_WARN },
	{ "3.12", "/etc/docker/tls/server-cert.pem", 0600, DA_WARN },
	{ "3.12", "/etc/docker/tls/server-cert.pem", 0400, DA_PASS },
	{ "3.14", "/etc/docker/tls/server-key.pem", 0400, DA_PASS },
	{ "3.14", "/etc/docker/tls/server-key.pem", 0000, DA_PASS }, /* docker-bench: fails */
	{ "3.14", "/etc/docker/tls/server-key.pem", 0600, DA_WARN },
	{ "3.14", "/etc/docker/tls/server-key.pem", 0440, DA_WARN },
	{ "3.16", "/run/docker.sock", 0660, DA_PASS },
	{ "3.16", "/run/docker.sock", 0600, DA_PASS },
	{ "3.16", "/run/docker.sock", 0606, DA_WARN }, /* 606 <= 660 */
	{ "3.16", "/run/docker.sock", 0666, DA_WARN },
	{ "3.16", "/run/docker.sock", 02660, DA_WARN },
	{ "3.18", "/etc/docker/daemon.json", 0644, DA_PASS },
	{ "3.18", "/etc/docker/daemon.json", 0606, DA_WARN },
	{ "3.18", "/etc/docker/daemon.json", 04644, DA_WARN },
	{ "3.20", "/etc/default/docker", 0640, DA_PASS },
	{ "3.20", "/etc/default/docker", 0646, DA_WARN },
	{ "3.21", "/etc/sysconfig/docker", 0644, DA_PASS },
	{ "3.21", "/etc/sysconfig/docker", 0606, DA_WARN },
	{ "3.24", "/run/containerd/containerd.sock", 0660, DA_PASS },
	{ "3.24", "/run/containerd/containerd.sock", 0666, DA_WARN },
	{ "3.24", "/run/containerd/containerd.sock", 0616, DA_WARN },
};

START_TEST(test_modes)
{
	const struct mode_case *c = &modes[_i];
	struct da_probe *p = base();
	struct da_result *r;
	char want[64];

	set_mode(p, c->path, c->mode);
	r = dt_run(M, c->id, p);
	ck_assert_msg(r->status == c->want, "%s %04o: got %d (%s)", c->id, c->mode, r->status,
		      dt_detail(r));
	ck_assert(r->scored);
	snprintf(want, sizeof(want), "mode %04o, uid 0 gid", c->mode);
	if (c->want == DA_WARN) {
		const char *d = item_detail(r, c->path);
		ck_assert_msg(d != NULL, "%s: no item for %s", c->id, c->path);
		ck_assert_msg(strstr(d, want) != NULL, "item detail '%s'", d);
		ck_assert_str_eq(r->items[0].kind, "file");
		dt_assert_detail_has(r, "wrong permissions");
		if (c->mode & 04000)
			ck_assert_ptr_nonnull(strstr(d, "setuid"));
		if (c->mode & 02000)
			ck_assert_ptr_nonnull(strstr(d, "setgid"));
		if (c->mode & 01000)
			ck_assert_ptr_nonnull(strstr(d, "sticky"));
	} else {
		ck_assert_uint_eq(r->n_items, 0);
		dt_assert_detail_has(r, want);
	}
	da_result_free(r);
	dt_probe_free(p);
}
END_TEST

START_TEST(test_mode_detail)
{
	struct da_probe *p = base();
	struct da_result *r;

	set_mode(p, "/etc/docker/daemon.json", 0606);
	r = dt_run(M, "3.18", p);
	ck_assert_str_eq(dt_detail(r), "wrong permissions of /etc/docker/daemon.json");
	ck_assert_str_eq(item_detail(r, "/etc/docker/daemon.json"),
			 "mode 0606, uid 0 gid 0; bits 0002 exceed 0644");
	da_result_free(r);
	set_mode(p, "/etc/docker/daemon.json", 01644);
	r = dt_run(M, "3.18", p);
	ck_assert_str_eq(item_detail(r, "/etc/docker/daemon.json"),
			 "mode 1644, uid 0 gid 0; bits 1000 exceed 0644; sticky bit set");
	da_result_free(r);
	dt_probe_free(p);
}
END_TEST

/* ---- ownership ---------------------------------------------------------- */

struct owner_case {
	const char *id;
	const char *path;
};

static const struct owner_case owners[] = {
	{ "3.1", "/usr/lib/systemd/system/docker.service" },
	{ "3.3", "/usr/lib/systemd/system/docker.socket" },
	{ "3.5", "/etc/docker" },
	{ "3.9", "/etc/docker/tls/ca.pem" },
	{ "3.11", "/etc/docker/tls/server-cert.pem" },
	{ "3.13", "/etc/docker/tls/server-key.pem" },
	{ "3.17", "/etc/docker/daemon.json" },
	{ "3.19", "/etc/default/docker" },
	{ "3.22", "/etc/sysconfig/docker" },
	{ "3.23", "/run/containerd/containerd.sock" },
};

START_TEST(test_owners)
{
	const struct owner_case *c = &owners[_i];
	struct da_probe *p = base();
	struct da_result *r;

	ck_assert_int_eq(dt_status(M, c->id, p), DA_PASS);

	set_owner(p, c->path, 1000, 0);
	r = dt_run(M, c->id, p);
	ck_assert_int_eq(r->status, DA_WARN);
	dt_assert_detail_has(r, "wrong ownership");
	ck_assert_ptr_nonnull(strstr(item_detail(r, c->path), "uid 1000 gid 0"));
	da_result_free(r);

	/* the group counts too (docker-bench's 3.7 ignores it) */
	set_owner(p, c->path, 0, 998);
	ck_assert_int_eq(dt_status(M, c->id, p), DA_WARN);

	set_file(p, c->path, "{\"exists\":false,\"error\":null}");
	r = dt_run(M, c->id, p);
	ck_assert_int_eq(r->status, DA_INFO);
	ck_assert(!r->scored);
	dt_assert_detail_has(r, "not found: ");
	dt_assert_detail_has(r, c->path);
	da_result_free(r);

	set_file(p, c->path, "{\"exists\":false,\"error\":\"input/output error\"}");
	r = dt_run(M, c->id, p);
	ck_assert_int_eq(r->status, DA_ERROR);
	dt_assert_detail_has(r, "input/output error");
	da_result_free(r);

	/* stat refused without root: INFO "needs root", never PASS or WARN */
	set_file(p, c->path, "{\"exists\":false,\"error\":\"permission denied\"}");
	r = dt_run(M, c->id, p);
	ck_assert_int_eq(r->status, DA_INFO);
	ck_assert(!r->scored);
	dt_assert_detail_has(r, "needs root: ");
	dt_assert_detail_has(r, c->path);
	dt_assert_detail_has(r, "(permission denied)");
	da_result_free(r);

	set_file(p, c->path, "{\"exists\":true,\"error\":null,\"mode\":\"0644\"}");
	ck_assert_int_eq(dt_status(M, c->id, p), DA_ERROR);
	dt_probe_free(p);
}
END_TEST

/* ---- where the files are -------------------------------------------------- */

START_TEST(test_units)
{
	struct da_probe *p = base();
	struct da_result *r;

	/* the unit systemd loads from /etc, not the packaged one */
	dt_set_key(p, "host.units", "docker.service",
		"{\"path\":\"/etc/systemd/system/docker.service\","
		"\"source\":\"/etc/systemd/system\",\"masked\":false}");
	add_file(p, "/etc/systemd/system/docker.service", 0666, 0, 0);
	r = dt_run(M, "3.2", p);
	ck_assert_int_eq(r->status, DA_WARN);
	ck_assert(dt_has_item(r, "/etc/systemd/system/docker.service"));
	da_result_free(r);
	ck_assert_int_eq(dt_status(M, "3.1", p), DA_PASS);

	/* a unit under /run */
	dt_set_key(p, "host.units", "docker.socket",
		"{\"path\":\"/run/systemd/system/docker.socket\","
		"\"source\":\"/run/systemd/system\",\"masked\":false}");
	add_file(p, "/run/systemd/system/docker.socket", 0644, 0, 1000);
	r = dt_run(M, "3.3", p);
	ck_assert_int_eq(r->status, DA_WARN);
	ck_assert(dt_has_item(r, "/run/systemd/system/docker.socket"));
	da_result_free(r);

	dt_set_key(p, "host.units", "docker.socket",
		"{\"path\":\"/etc/systemd/system/docker.socket\",\"masked\":true}");
	r = dt_run(M, "3.4", p);
	ck_assert_int_eq(r->status, DA_INFO);
	dt_assert_detail_has(r, "masked");
	da_result_free(r);

	dt_set_key(p, "host.units", "docker.service", "null");
	r = dt_run(M, "3.1", p);
	ck_assert_int_eq(r->status, DA_INFO);
	ck_assert(!r->scored);
	dt_assert_detail_has(r, "docker.service");
	da_result_free(r);

	dt_del(p, "host.units");
	ck_assert_int_eq(dt_status(M, "3.2", p), DA_ERROR);
	dt_probe_free(p);
}
END_TEST

START_TEST(test_registry_certs)
{
	struct da_probe *p = base();
	struct da_result *r;

	/* a client key: 400; docker-bench looks at *.crt only */
	set_mode(p, CERTDIR "/client.key", 0444);
	r = dt_run(M, "3.8", p);
	ck_assert_int_eq(r->status, DA_WARN);
	ck_assert(dt_has_item(r, CERTDIR "/client.key"));
	ck_assert_uint_eq(r->n_items, 1);
	da_result_free(r);
	set_mode(p, CERTDIR "/client.key", 0400);
	set_mode(p, CERTDIR "/client.cert", 0644);
	set_mode(p, CERTDIR "/ca.crt", 0664);
	r = dt_run(M, "3.8", p);
	ck_assert_int_eq(r->status, DA_WARN);
	ck_assert(dt_has_item(r, CERTDIR "/client.cert"));
	ck_assert(dt_has_item(r, CERTDIR "/ca.crt"));
	ck_assert_uint_eq(r->n_items, 2);
	dt_assert_detail_has(r, "2 registry certificate files");
	da_result_free(r);

	/* ownership: uid and gid */
	set_owner(p, CERTDIR "/ca.crt", 0, 50);
	r = dt_run(M, "3.7", p);
	ck_assert_int_eq(r->status, DA_WARN);
	ck_assert(dt_has_item(r, CERTDIR "/ca.crt"));
	da_result_free(r);

	/* a file that vanished between listing and stat does not count */
	set_owner(p, CERTDIR "/ca.crt", 0, 0);
	set_file(p, CERTDIR "/client.key", "{\"exists\":false,\"error\":null}");
	ck_assert_int_eq(dt_status(M, "3.7", p), DA_PASS);
	set_file(p, CERTDIR "/client.key", "{\"exists\":false,\"error\":\"input/output error\"}");
	ck_assert_int_eq(dt_status(M, "3.7", p), DA_ERROR);
	set_file(p, CERTDIR "/client.key", "{\"exists\":false,\"error\":\"permission denied\"}");
	r = dt_run(M, "3.7", p);
	ck_assert_int_eq(r->status, DA_INFO);
	dt_assert_detail_has(r, "needs root: " CERTDIR "/client.key (permission denied)");
	da_result_free(r);
	/* a bad file read is a finding whatever else needs root */
	set_owner(p, CERTDIR "/ca.crt", 1000, 0);
	ck_assert_int_eq(dt_status(M, "3.7", p), DA_WARN);
	set_owner(p, CERTDIR "/ca.crt", 0, 0);

	dt_set(p, "host.certs_d.truncated", "true");
	r = dt_run(M, "3.8", p);
	ck_assert(dt_has_item(r, "/etc/docker/certs.d"));
	da_result_free(r);

	dt_set(p, "host.certs_d.files", "[]");
	r = dt_run(M, "3.7", p);
	ck_assert_int_eq(r->status, DA_INFO);
	ck_assert(!r->scored);
	da_result_free(r);
	dt_set(p, "host.certs_d.exists", "false");
	r = dt_run(M, "3.8", p);
	ck_assert_int_eq(r->status, DA_INFO);
	dt_assert_detail_has(r, "not found: /etc/docker/certs.d");
	da_result_free(r);
	dt_del(p, "host.certs_d");
	ck_assert_int_eq(dt_status(M, "3.7", p), DA_ERROR);
	dt_probe_free(p);
}
END_TEST

START_TEST(test_tls)
{
	struct da_probe *p = base();
	struct da_result *r;

	/* "--tlscert /srv/tls/cert.pem" (space-separated) as the effective
	 * configuration resolved it into host.tls */
	dt_set(p, "host.tls.tlscert", "{\"path\":\"/srv/tls/cert.pem\",\"origin\":\"config\"}");
	add_file(p, "/srv/tls/cert.pem", 0644, 0, 0);
	r = dt_run(M, "3.12", p);
	ck_assert_int_eq(r->status, DA_WARN);
	ck_assert(dt_has_item(r, "/srv/tls/cert.pem"));
	da_result_free(r);
	ck_assert_int_eq(dt_status(M, "3.11", p), DA_PASS);

	/* dockerd's default key path when TLS is on without tlskey */
	dt_set(p, "host.tls.tlskey", "{\"path\":\"/root/.docker/key.pem\",\"origin\":\"default\"}");
	set_file(p, "/root/.docker/key.pem", "{\"exists\":false,\"error\":null}");
	r = dt_run(M, "3.13", p);
	ck_assert_int_eq(r->status, DA_INFO);
	dt_assert_detail_has(r, "not found: /root/.docker/key.pem");
	da_result_free(r);

	dt_set(p, "host.tls.tlscacert", "null");
	r = dt_run(M, "3.9", p);
	ck_assert_int_eq(r->status, DA_INFO);
	ck_assert(!r->scored);
	dt_assert_detail_has(r, "no TLS CA certificate configured");
	da_result_free(r);
	ck_assert_int_eq(dt_status(M, "3.10", p), DA_INFO);

	dt_del(p, "host.tls");
	ck_assert_int_eq(dt_status(M, "3.14", p), DA_ERROR);
	dt_probe_free(p);
}
END_TEST

START_TEST(test_sockets)
{
	struct da_probe *p = base();
	struct da_result *r;

	/* root:docker by gid; root:root is stricter and passes */
	set_owner(p, "/run/docker.sock", 0, 0);
	ck_assert_int_eq(dt_status(M, "3.15", p), DA_PASS);
	set_owner(p, "/run/docker.sock", 0, 1000);
	r = dt_run(M, "3.15", p);
	ck_assert_int_eq(r->status, DA_WARN);
	ck_assert_ptr_nonnull(strstr(item_detail(r, "/run/docker.sock"), "uid 0 gid 1000"));
	ck_assert_ptr_nonnull(strstr(item_detail(r, "/run/docker.sock"), "docker"));
	da_result_free(r);
	set_owner(p, "/run/docker.sock", 1000, 998);
	ck_assert_int_eq(dt_status(M, "3.15", p), DA_WARN);

	/* the daemon's -G group */
	set_owner(p, "/run/docker.sock", 0, 1500);
	dt_set(p, "host.dockerd.effective.group", "\"dockerops\"");
	ck_assert_int_eq(dt_status(M, "3.15", p), DA_WARN);
	dt_set(p, "host.groups.dockerops", "{\"gid\":1500,\"members\":[]}");
	ck_assert_int_eq(dt_status(M, "3.15", p), DA_PASS);
	dt_del(p, "host.dockerd.effective.group");

	/* every socket the daemon listens on, not only /var/run/docker.sock */
	set_owner(p, "/run/docker.sock", 0, 998);
	dt_set(p, "host.docker_sockets", "[\"/run/docker.sock\",\"/srv/docker/api.sock\"]");
	set_file(p, "/srv/docker/api.sock", "{\"exists\":true,\"error\":null,\"type\":\"socket\","
					    "\"mode\":438,\"uid\":0,\"gid\":998}");
	r = dt_run(M, "3.16", p);
	ck_assert_int_eq(r->status, DA_WARN);
	ck_assert(dt_has_item(r, "/srv/docker/api.sock"));
	ck_assert(!dt_has_item(r, "/run/docker.sock"));
	dt_assert_detail_has(r, "/srv/docker/api.sock");
	da_result_free(r);
	ck_assert_int_eq(dt_status(M, "3.15", p), DA_PASS);
	set_owner(p, "/srv/docker/api.sock", 0, 7);
	set_owner(p, "/run/docker.sock", 0, 7);
	r = dt_run(M, "3.15", p);
	ck_assert_int_eq(r->status, DA_WARN);
	ck_assert_uint_eq(r->n_items, 2);
	dt_assert_detail_has(r, "2 Docker sockets");
	da_result_free(r);

	/* a socket that does not exist (yet) */
	dt_set(p, "host.docker_sockets", "[\"/run/docker.sock\"]");
	set_file(p, "/run/docker.sock", "{\"exists\":false,\"error\":null}");
	r = dt_run(M, "3.16", p);
	ck_assert_int_eq(r->status, DA_INFO);
	ck_assert(!r->scored);
	da_result_free(r);

	dt_set(p, "host.docker_sockets", "[]");
	r = dt_run(M, "3.15", p);
	ck_assert_int_eq(r->status, DA_INFO);
	dt_assert_detail_has(r, "no unix socket");
	da_result_free(r);
	dt_del(p, "host.docker_sockets");
	ck_assert_int_eq(dt_status(M, "3.16", p), DA_ERROR);
	dt_probe_free(p);
}
END_TEST

START_TEST(test_config_file)
{
	struct da_probe *p = base();
	struct da_result *r;

	/* dockerd --config-file=/srv/docker/daemon.json */
	dt_set(p, "host.dockerd.config_file", "\"/srv/docker/daemon.json\"");
	add_file(p, "/srv/docker/daemon.json", 0606, 0, 0);
	r = dt_run(M, "3.18", p);
	ck_assert_int_eq(r->status, DA_WARN);
	ck_assert(dt_has_item(r, "/srv/docker/daemon.json"));
	da_result_free(r);
	ck_assert_int_eq(dt_status(M, "3.17", p), DA_PASS);

	/* no daemon process: the path the host probe settled on */
	dt_set(p, "host.dockerd", "null");
	dt_set(p, "host.daemon_json.path", "\"/srv/docker/daemon.json\"");
	ck_assert_int_eq(dt_status(M, "3.18", p), DA_WARN);
	dt_del(p, "host.daemon_json");
	ck_assert_int_eq(dt_status(M, "3.18", p), DA_PASS); /* /etc/docker/daemon.json */

	set_file(p, "/etc/docker/daemon.json", "{\"exists\":false,\"error\":null}");
	r = dt_run(M, "3.17", p);
	ck_assert_int_eq(r->status, DA_INFO);
	ck_assert_str_eq(dt_detail(r), "not found: /etc/docker/daemon.json");
	da_result_free(r);

	/* no facts at all for the path */
	dt_set(p, "host.daemon_json.path", "\"/elsewhere.json\"");
	r = dt_run(M, "3.17", p);
	ck_assert_int_eq(r->status, DA_ERROR);
	dt_assert_detail_has(r, "no facts recorded for /elsewhere.json");
	da_result_free(r);
	dt_probe_free(p);
}
END_TEST

START_TEST(test_containerd_socket)
{
	struct da_probe *p = base();
	struct da_result *r;

	/* dockerd --containerd=/srv/ctd/containerd.sock */
	dt_set(p, "host.containerd_socket", "\"/srv/ctd/containerd.sock\"");
	add_file(p, "/srv/ctd/containerd.sock", 0666, 0, 0);
	r = dt_run(M, "3.24", p);
	ck_assert_int_eq(r->status, DA_WARN);
	ck_assert(dt_has_item(r, "/srv/ctd/containerd.sock"));
	da_result_free(r);
	ck_assert_int_eq(dt_status(M, "3.23", p), DA_PASS);
	set_owner(p, "/srv/ctd/containerd.sock", 0, 998);
	ck_assert_int_eq(dt_status(M, "3.23", p), DA_WARN); /* root:root, not root:docker */
	dt_del(p, "host.containerd_socket");
	ck_assert_int_eq(dt_status(M, "3.24", p), DA_PASS);
	dt_probe_free(p);
}
END_TEST

/* ---- facts that need root (docs/failures.md) ------------------------------ */

/* Asserts INFO, unscored, with "needs root: " and sub in the detail. */
static void expect_needs_root(struct da_probe *p, const char *id, const char *sub)
{
	struct da_result *r = dt_run(M, id, p);

	ck_assert_msg(r->status == DA_INFO, "%s: %s", id, dt_detail(r));
	ck_assert(!r->scored);
	dt_assert_detail_has(r, "needs root: ");
	dt_assert_detail_has(r, sub);
	da_result_free(r);
}

/* daemon.json unreadable: the effective configuration is the command line */
static void config_denied(struct da_probe *p)
{
	dt_set(p, "host.daemon_json.error", "\"cannot read /etc/docker/daemon.json: permission denied\"");
	dt_set(p, "host.dockerd.config_file_error",
	       "\"cannot read /etc/docker/daemon.json: permission denied\"");
	dt_set(p, "host.dockerd.effective", "{\"hosts\":[\"fd://\"]}");
	dt_set(p, "host.effective", "{\"hosts\":[\"fd://\"]}");
}

START_TEST(test_certs_need_root)
{
	struct da_probe *p = base();
	struct da_result *r;

	/* certs.d itself cannot be inspected */
	dt_set(p, "host.certs_d.error", "\"permission denied\"");
	dt_set(p, "host.certs_d.exists", "false");
	expect_needs_root(p, "3.7", "/etc/docker/certs.d (permission denied)");
	expect_needs_root(p, "3.8", "/etc/docker/certs.d (permission denied)");
	dt_set(p, "host.certs_d.error", "\"input/output error\"");
	ck_assert_int_eq(dt_status(M, "3.7", p), DA_ERROR);
	dt_probe_free(p);

	/* a directory below it could not be listed */
	p = base();
	dt_set(p, "host.certs_d.list_error", "\"permission denied: " CERTDIR "\"");
	expect_needs_root(p, "3.7", CERTDIR " (permission denied)");
	expect_needs_root(p, "3.8", CERTDIR);
	/* what was read and is wrong is a finding all the same */
	set_owner(p, CERTDIR "/ca.crt", 1000, 0);
	r = dt_run(M, "3.7", p);
	ck_assert_int_eq(r->status, DA_WARN);
	ck_assert(dt_has_item(r, CERTDIR "/ca.crt"));
	da_result_free(r);
	set_owner(p, CERTDIR "/ca.crt", 0, 0);
	dt_set(p, "host.certs_d.list_error", "\"input/output error: " CERTDIR "\"");
	r = dt_run(M, "3.8", p);
	ck_assert_int_eq(r->status, DA_ERROR);
	dt_assert_detail_has(r, "cannot list " CERTDIR ": input/output error");
	da_result_free(r);
	dt_set(p, "host.certs_d.list_error", "null");
	ck_assert_int_eq(dt_status(M, "3.7", p), DA_PASS);
	dt_probe_free(p);
}
END_TEST

START_TEST(test_tls_needs_root)
{
	struct da_probe *p = base();

	/* daemon.json may name the TLS files: not "none configured" */
	config_denied(p);
	dt_set(p, "host.tls", "{\"tlscacert\":null,\"tlscert\":null,\"tlskey\":null}");
	expect_needs_root(p, "3.9", "/etc/docker/daemon.json, which may name the TLS CA "
				    "certificate (permission denied)");
	expect_needs_root(p, "3.12", "TLS server certificate");
	expect_needs_root(p, "3.14", "TLS server key");
	/* a path from the command line is judged as usual */
	dt_set(p, "host.tls.tlskey", "{\"path\":\"/etc/docker/tls/server-key.pem\","
				     "\"origin\":\"config\"}");
	ck_assert_int_eq(dt_status(M, "3.14", p), DA_PASS);
	/* the key's directory is closed to other users */
	set_file(p, "/etc/docker/tls/server-key.pem", "{\"exists\":false,\"error\":\"permission denied\"}");
	expect_needs_root(p, "3.13", "/etc/docker/tls/server-key.pem (permission denied)");
	dt_probe_free(p);
}
END_TEST

START_TEST(test_sockets_need_root)
{
	struct da_probe *p = base();
	struct da_result *r;

	config_denied(p);
	/* root:docker and root:root are right whatever daemon.json says */
	ck_assert_int_eq(dt_status(M, "3.15", p), DA_PASS);
	set_owner(p, "/run/docker.sock", 0, 0);
	ck_assert_int_eq(dt_status(M, "3.15", p), DA_PASS);
	/* another group may be daemon.json's "group" */
	set_owner(p, "/run/docker.sock", 0, 1500);
	expect_needs_root(p, "3.15", "which may name the socket group (permission denied)");
	/* a socket not owned by root is wrong anyway */
	set_owner(p, "/run/docker.sock", 1000, 998);
	ck_assert_int_eq(dt_status(M, "3.15", p), DA_WARN);

	/* several sockets: one readable and right, one that needs root */
	set_owner(p, "/run/docker.sock", 0, 998);
	dt_set(p, "host.docker_sockets", "[\"/run/docker.sock\",\"/srv/docker/api.sock\"]");
	set_file(p, "/srv/docker/api.sock", "{\"exists\":false,\"error\":\"permission denied\"}");
	expect_needs_root(p, "3.16", "/srv/docker/api.sock (permission denied)");
	set_mode(p, "/run/docker.sock", 0666);
	r = dt_run(M, "3.16", p);
	ck_assert_int_eq(r->status, DA_WARN);
	ck_assert(dt_has_item(r, "/run/docker.sock"));
	da_result_free(r);
	dt_probe_free(p);
}
END_TEST

/* A rootless daemon: root ownership and the system's files are INFO with the
   reason; its socket's mode (with dockerd's sticky bit) and its daemon.json's
   are judged. */
START_TEST(test_rootless)
{
	static const char *const na[] = { "3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7", "3.8",
					   "3.9", "3.11", "3.13", "3.15", "3.17", "3.19", "3.20",
					   "3.21", "3.22", "3.23", "3.24" };
	struct da_probe *p = base();
	struct da_result *r;
	size_t i;

	dt_set(p, "engine.rootless", "true");
	for (i = 0; i < sizeof(na) / sizeof(na[0]); i++) {
		r = dt_run(M, na[i], p);
		ck_assert_msg(r->status == DA_INFO && !r->scored, "%s", na[i]);
		dt_assert_detail_has(r, "not applicable to a rootless daemon: ");
		da_result_free(r);
	}
	set_owner(p, "/run/docker.sock", 1000, 1000);
	set_mode(p, "/run/docker.sock", 01660);
	ck_assert_int_eq(dt_status(M, "3.16", p), DA_PASS);
	set_mode(p, "/run/docker.sock", 01666);
	ck_assert_int_eq(dt_status(M, "3.16", p), DA_WARN);
	ck_assert_int_ne(dt_status(M, "3.18", p), DA_INFO);
	/* the same socket of a daemon that runs as root: the sticky bit is too much */
	dt_set(p, "engine.rootless", "false");
	set_mode(p, "/run/docker.sock", 01660);
	ck_assert_int_eq(dt_status(M, "3.16", p), DA_WARN);
	ck_assert_int_ne(dt_status(M, "3.1", p), DA_INFO);
	dt_probe_free(p);
}
END_TEST

int main(void)
{
	const TTest *tests[] = {
		test_descriptor, test_base_and_remote, test_mode_detail, test_units,
		test_registry_certs, test_tls, test_sockets, test_config_file,
		test_containerd_socket, test_certs_need_root, test_tls_needs_root,
		test_sockets_need_root, test_rootless, NULL
	};
	TCase *tc = dt_tcase("files", NULL, tests);

	tcase_add_loop_test(tc, test_modes, 0, (int)(sizeof(modes) / sizeof(modes[0])));
	tcase_add_loop_test(tc, test_owners, 0, (int)(sizeof(owners) / sizeof(owners[0])));
	return dt_main("mod_files", tc);
}
