/*
 * Module "daemon" (CIS section 2): every check's PASS and WARN paths, the
 * INFO paths of a remote daemon, the ERROR paths of malformed facts, on the
 * snapshot fixture tests/fixtures/daemon-base.json (a stock Docker 27 host:
 * dockerd -H fd://, daemon.json with log-level info, json-file logging).
 */
#include "config.h"

#include "testlib.h"

#include <dockaudit/module.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const struct da_module DA_MODULE_SYMBOL_FOR(daemon);
#define M (&DA_MODULE_SYMBOL_FOR(daemon))

#define P dt_p

static void expect(const char *id, enum da_status st, const char *want)
{
	dt_expect(M, P, id, st, want);
}

/* Sets a key of the daemon's effective configuration. */
static void cfg(const char *key, const char *json)
{
	dt_setf(P, json, "host.dockerd.effective.%s", key);
}

/* Turns the fixture into a remote daemon's snapshot: no host facts. */
static void go_remote(void)
{
	dt_set(P, "host.available", "false");
	dt_set(P, "host.reason", "\"remote daemon tcp://10.0.0.5:2376\"");
	dt_set(P, "host.dockerd", "null");
	dt_set(P, "host.daemon_json", "null");
	dt_set(P, "source.remote", "true");
}

/* Audits a host where no dockerd runs: only daemon.json content counts. */
static void go_file_only(const char *content)
{
	dt_set(P, "host.dockerd", "null");
	dt_set(P, "host.daemon_json.content", content);
}

/* --- descriptor ----------------------------------------------------------- */

START_TEST(test_descriptor)
{
	static const char *const scored[] = { "2.2", "2.3", "2.4", "2.5", "2.6", "2.7",
					      "2.9", "2.10", "2.11", "2.12", "2.13", "2.14",
					      "2.15", "2.16", "2.18", NULL };
	char id[16];
	uint32_t i;

	/* 2.1-2.18, and CIS 1.8.0's devicemapper check (id "-") after 2.6 */
	dt_assert_module(M, "daemon", "2", "Docker daemon configuration",
			 "docker_daemon_configuration", 19);
	for (i = 0; i < M->n_checks; i++) {
		const struct da_check *c = &M->checks[i];

		if (i == 6) {
			ck_assert_str_eq(c->id, "-");
			continue;
		}
		snprintf(id, sizeof(id), "2.%u", i < 6 ? i + 1 : i);
		ck_assert_str_eq(c->id, id);
		ck_assert_msg(!!(c->flags & DA_CHECK_SCORED) == dt_str_in(id, scored),
			      "%s scored flag", id);
		ck_assert_msg(!!(c->flags & DA_CHECK_MANUAL) == (strstr(c->title, "(Manual)") != NULL),
			      "%s manual flag", id);
		ck_assert_msg(strstr(c->title, "(Manual)") || strstr(c->title, "(Scored)"),
			      "%s title suffix", id);
		ck_assert_ptr_nonnull(c->run);
		ck_assert_ptr_nonnull(c->remediation);
		ck_assert_ptr_nonnull(c->impact);
		ck_assert_int_ge(c->level, 1);
	}
	ck_assert_str_eq(M->checks[7].title,
			 "Ensure TLS authentication for Docker daemon is configured (Scored)");
	ck_assert_str_eq(M->checks[18].title,
			 "Ensure that experimental features are not implemented in production (Scored)");
	/* CIS controls groups from docker-bench-security's functions_lib.sh */
	ck_assert_ptr_nonnull(strstr(M->checks[0].groups, "cis_controls_v8_ig1"));
	ck_assert_ptr_nonnull(strstr(M->checks[13].groups, "cis_controls_v8_ig1"));
	ck_assert_ptr_nonnull(strstr(M->checks[7].groups, "cis_controls_v8_ig2"));
	ck_assert_ptr_null(M->checks[5].groups);
	ck_assert_ptr_null(strstr(M->checks[1].groups, "cis_controls_v8_ig1"));
	/* CIS 1.7.0 keeps the ids, 1.8.0 inserts 2.7 and renumbers 2.7-2.18 */
	ck_assert_str_eq(M->checks[5].variants[0].benchmark, "cis-1.7.0");
	ck_assert_ptr_null(M->checks[5].variants[0].id);
	ck_assert_str_eq(M->checks[5].variants[1].benchmark, "cis-1.8.0");
	ck_assert_ptr_null(M->checks[5].variants[1].id);
	ck_assert_str_eq(M->checks[6].variants[0].benchmark, "cis-1.8.0");
	ck_assert_str_eq(M->checks[6].variants[0].id, "2.7");
	ck_assert_ptr_null(M->checks[6].variants[1].benchmark);
	ck_assert_str_eq(M->checks[7].variants[1].benchmark, "cis-1.8.0");
	ck_assert_str_eq(M->checks[7].variants[1].id, "2.8");
	ck_assert_str_eq(M->checks[18].variants[1].id, "2.19");
}
END_TEST

/* --- 2.1 ------------------------------------------------------------------ */

START_TEST(test_2_1)
{
	expect("2.1", DA_NOTE, "runs as root");
	dt_set(P, "engine.info.SecurityOptions",
	       "[\"name=seccomp,profile=builtin\",\"name=rootless\",\"name=cgroupns\"]");
	expect("2.1", DA_PASS, "rootless");
	dt_set(P, "engine.info.SecurityOptions", "\"name=rootless\"");
	expect("2.1", DA_ERROR, "SecurityOptions");
	dt_del(P, "engine.info");
	expect("2.1", DA_NOTE, NULL);
}
END_TEST

/* --- 2.2 ------------------------------------------------------------------ */

START_TEST(test_2_2)
{
	struct da_result *r;

	r = dt_run(M, "2.2", P);
	ck_assert_int_eq(r->status, DA_WARN);
	ck_assert(r->scored);
	ck_assert_ptr_nonnull(strstr(r->detail, "defaults to true"));
	da_result_free(r);
	cfg("icc", "false");
	expect("2.2", DA_PASS, "disabled");
	cfg("icc", "true");
	expect("2.2", DA_WARN, "is true");
	cfg("icc", "\"false\"");
	expect("2.2", DA_ERROR, "icc is not a boolean");
	cfg("icc", "null");
	expect("2.2", DA_WARN, "defaults to true");
}
END_TEST

START_TEST(test_2_2_remote)
{
	go_remote();
	/* the default bridge of the fixture has enable_icc "true" */
	expect("2.2", DA_WARN, "enabled");
	dt_set(P, "engine.networks.0.Options",
	       "{\"com.docker.network.bridge.default_bridge\":\"true\","
	       "\"com.docker.network.bridge.enable_icc\":\"false\"}");
	expect("2.2", DA_PASS, "disabled");
	dt_set(P, "engine.networks", "[]");
	expect("2.2", DA_INFO, "remote daemon tcp://10.0.0.5:2376");
}
END_TEST

START_TEST(test_2_2_file_only)
{
	go_file_only("{\"icc\": false}");
	expect("2.2", DA_PASS, "daemon.json only");
	go_file_only("{}");
	expect("2.2", DA_WARN, "daemon.json only");
	/* no daemon.json at all: the defaults apply */
	dt_set(P, "host.daemon_json.content", "null");
	dt_set(P, "host.daemon_json.exists", "false");
	expect("2.2", DA_WARN, "defaults to true");
	dt_set(P, "host.daemon_json.error",
	       "\"cannot parse /etc/docker/daemon.json: unexpected end of data near offset 3\"");
	expect("2.2", DA_ERROR, "unexpected end of data");
	dt_set(P, "host.daemon_json", "null");
	expect("2.2", DA_WARN, "daemon.json only");
	dt_set(P, "host.daemon_json", "[1]");
	expect("2.2", DA_ERROR, "host.daemon_json");
}
END_TEST

START_TEST(test_config_broken)
{
	dt_set(P, "host.dockerd.config_file_error",
	       "\"cannot parse /etc/docker/daemon.json: unexpected end of data near offset 3\"");
	expect("2.2", DA_ERROR, "unexpected end of data");
	expect("2.4", DA_ERROR, "/etc/docker/daemon.json");
	/* engine-only checks do not care */
	expect("2.6", DA_PASS, NULL);
	dt_set(P, "host.dockerd.config_file_error", "null");
	dt_del(P, "host.dockerd.effective");
	expect("2.16", DA_ERROR, "host.dockerd.effective");
	dt_set(P, "host.dockerd", "\"812\"");
	expect("2.3", DA_ERROR, "host.dockerd");
	expect("2.9", DA_ERROR, "host.dockerd");
	expect("2.12", DA_ERROR, "host.dockerd");
	expect("2.14", DA_ERROR, "host.dockerd");
	expect("2.5", DA_ERROR, "host.dockerd");
}
END_TEST

/*
 * daemon.json unreadable without root: the checks judge from what the
 * running daemon reports, as for a remote daemon, and where that is not
 * enough say "needs root" (INFO, unscored), never WARN nor ERROR.
 */
static void expect_needs_root(const char *id, const char *path)
{
	struct da_result *r = dt_run(M, id, P);
	char want[256];

	snprintf(want, sizeof(want), "needs root: %s (permission denied)", path);
	dt_assert_status(r, id, DA_INFO);
	ck_assert(!r->scored);
	dt_assert_detail_has(r, want);
	da_result_free(r);
}

START_TEST(test_config_needs_root)
{
	dt_set(P, "host.dockerd.config_file_error",
	       "\"cannot read /etc/docker/daemon.json: permission denied\"");
	dt_set(P, "host.daemon_json.error",
	       "\"cannot read /etc/docker/daemon.json: permission denied\"");
	dt_set(P, "host.daemon_json.content", "null");
	expect_needs_root("2.4", "/etc/docker/daemon.json");
	expect_needs_root("2.7", "/etc/docker/daemon.json");
	expect_needs_root("2.16", "/etc/docker/daemon.json");
	/* the daemon's own answer is no guess */
	dt_set(P, "engine.info.SecurityOptions",
	       "[\"name=seccomp,profile=builtin\",\"name=no-new-privileges\"]");
	expect("2.14", DA_PASS, "the daemon reports no-new-privileges");
	dt_set(P, "engine.info.SecurityOptions", "[\"name=seccomp,profile=builtin\"]");
	expect_needs_root("2.14", "/etc/docker/daemon.json");
	expect("2.6", DA_PASS, NULL);

	/* --config-file elsewhere, and EPERM */
	dt_set(P, "host.dockerd.config_file", "\"/srv/docker/daemon.json\"");
	dt_set(P, "host.dockerd.config_file_error",
	       "\"cannot read /srv/docker/daemon.json: operation not permitted\"");
	expect("2.10", DA_INFO, "needs root: /srv/docker/daemon.json (operation not permitted)");

	/* no dockerd found: daemon.json alone, unreadable */
	dt_set(P, "host.dockerd", "null");
	expect_needs_root("2.16", "/etc/docker/daemon.json");
	/* other reasons stay errors */
	dt_set(P, "host.daemon_json.error", "\"cannot read /etc/docker/daemon.json: file too large\"");
	expect("2.16", DA_ERROR, "file too large");
}
END_TEST

/* --- 2.3 ------------------------------------------------------------------ */

START_TEST(test_2_3)
{
	expect("2.3", DA_PASS, "log-level is info");
	dt_del(P, "host.dockerd.effective.log-level");
	expect("2.3", DA_PASS, "defaults to info");
	cfg("log-level", "\"debug\"");
	expect("2.3", DA_WARN, "log-level is debug");
	cfg("log-level", "\"INFO\"");
	expect("2.3", DA_PASS, NULL);
	cfg("log-level", "\"warn\"");
	expect("2.3", DA_WARN, "warn");
	cfg("log-level", "\"info\"");
	cfg("debug", "true");
	expect("2.3", DA_WARN, "debug mode");
	cfg("debug", "false");
	expect("2.3", DA_PASS, NULL);
	cfg("debug", "1");
	expect("2.3", DA_ERROR, "debug is not a boolean");
	cfg("debug", "null");
	cfg("log-level", "5");
	expect("2.3", DA_ERROR, "log-level is not a string");
	/* hostile text is reported as text */
	cfg("log-level", "\"%s%n%x\\u001b[31m\"");
	expect("2.3", DA_WARN, "%s%n%x");
}
END_TEST

START_TEST(test_2_3_remote)
{
	go_remote();
	expect("2.3", DA_INFO, "remote daemon");
	dt_set(P, "engine.info.Debug", "true");
	expect("2.3", DA_WARN, "debug mode");
}
END_TEST

/* --- 2.4 ------------------------------------------------------------------ */

START_TEST(test_2_4)
{
	expect("2.4", DA_PASS, NULL);
	cfg("iptables", "false");
	expect("2.4", DA_WARN, "iptables is false");
	cfg("iptables", "true");
	expect("2.4", DA_PASS, NULL);
	cfg("iptables", "\"no\"");
	expect("2.4", DA_ERROR, "iptables is not a boolean");
	go_remote();
	expect("2.4", DA_INFO, "remote daemon");
}
END_TEST

/* --- 2.5 ------------------------------------------------------------------ */

START_TEST(test_2_5)
{
	struct da_result *r;

	/* the fixture's daemon reports only its built-in loopback ranges */
	expect("2.5", DA_PASS, "no insecure registries");
	cfg("insecure-registries", "[\"myreg.example:5000\",\"10.1.0.0/16\"]");
	dt_set(P, "engine.info.RegistryConfig.InsecureRegistryCIDRs",
	       "[\"10.1.0.0/16\",\"127.0.0.0/8\",\"::1/128\"]");
	dt_set(P, "engine.info.RegistryConfig.IndexConfigs.myreg:5000",
	       "{\"Name\":\"myreg.example:5000\",\"Mirrors\":[],\"Secure\":false,\"Official\":false}");
	r = dt_run(M, "2.5", P);
	ck_assert_int_eq(r->status, DA_WARN);
	ck_assert(dt_has_item(r, "myreg.example:5000"));
	ck_assert(dt_has_item(r, "10.1.0.0/16"));
	ck_assert(dt_has_item(r, "myreg:5000"));
	ck_assert(!dt_has_item(r, "127.0.0.0/8"));
	ck_assert(!dt_has_item(r, "docker.io"));
	/* 10.1.0.0/16 appears in both places but is one registry */
	ck_assert_uint_eq(r->n_items, 3);
	ck_assert_ptr_nonnull(strstr(r->detail, "3 insecure registries"));
	da_result_free(r);

	cfg("insecure-registries", "[]");
	dt_set(P, "engine.info.RegistryConfig.InsecureRegistryCIDRs", "[\"127.0.0.0/8\"]");
	dt_del(P, "engine.info.RegistryConfig.IndexConfigs.myreg:5000");
	expect("2.5", DA_PASS, NULL);
	cfg("insecure-registries", "\"myreg:5000\"");
	expect("2.5", DA_ERROR, "insecure-registries is not a list");
	cfg("insecure-registries", "[\"a\", 7]");
	expect("2.5", DA_ERROR, "not a string");
	/* engine info missing: the configuration alone still answers */
	cfg("insecure-registries", "[\"only.example\"]");
	dt_del(P, "engine.info");
	r = dt_run(M, "2.5", P);
	ck_assert_int_eq(r->status, DA_WARN);
	ck_assert(dt_has_item(r, "only.example"));
	ck_assert_uint_eq(r->n_items, 1);
	da_result_free(r);
}
END_TEST

START_TEST(test_2_5_remote)
{
	struct da_result *r;

	go_remote();
	expect("2.5", DA_PASS, NULL);
	dt_set(P, "engine.info.RegistryConfig.InsecureRegistryCIDRs",
	       "[\"127.0.0.0/8\",\"192.168.0.0/24\"]");
	r = dt_run(M, "2.5", P);
	ck_assert_int_eq(r->status, DA_WARN);
	ck_assert(dt_has_item(r, "192.168.0.0/24"));
	ck_assert_uint_eq(r->n_items, 1);
	da_result_free(r);
	dt_del(P, "engine.info.RegistryConfig");
	expect("2.5", DA_ERROR, "RegistryConfig");
	dt_del(P, "engine.info");
	dt_set(P, "engine.errors", "[{\"path\":\"/info\",\"error\":\"daemon answered 500\"}]");
	expect("2.5", DA_ERROR, "daemon answered 500");
}
END_TEST

/* --- 2.6 ------------------------------------------------------------------ */

START_TEST(test_2_6)
{
	expect("2.6", DA_PASS, "overlay2");
	dt_set(P, "engine.info.Driver", "\"aufs\"");
	expect("2.6", DA_WARN, "aufs");
	go_remote(); /* engine data only: same answer */
	expect("2.6", DA_WARN, "aufs");
	dt_set(P, "engine.info.Driver", "[\"aufs\"]");
	expect("2.6", DA_ERROR, "Driver is not a string");
	dt_del(P, "engine.info.Driver");
	expect("2.6", DA_ERROR, "Driver is missing");
	dt_del(P, "engine.info");
	expect("2.6", DA_ERROR, "engine info unavailable");
}
END_TEST

/* --- 2.7 of CIS 1.8.0 (row "-"): devicemapper --------------------------------- */

START_TEST(test_devicemapper)
{
	expect("-", DA_PASS, "storage driver is overlay2");
	dt_set(P, "engine.info.Driver", "\"devicemapper\"");
	expect("-", DA_WARN, "devicemapper");
	go_remote(); /* engine data only: same answer */
	expect("-", DA_WARN, "devicemapper");
	dt_set(P, "engine.info.Driver", "\"aufs\"");
	expect("-", DA_PASS, "aufs");
	dt_set(P, "engine.info.Driver", "true");
	expect("-", DA_ERROR, "Driver is not a string");
	dt_del(P, "engine.info");
	expect("-", DA_ERROR, "engine info unavailable");
}
END_TEST

/* --- 2.7 ------------------------------------------------------------------ */

START_TEST(test_2_7)
{
	struct da_result *r;

	expect("2.7", DA_INFO, "not listening on TCP");
	cfg("hosts", "[\"unix:///var/run/docker.sock\",\"fd://\"]");
	expect("2.7", DA_INFO, "not listening on TCP");

	cfg("hosts", "[\"fd://\",\"tcp://0.0.0.0:2376\"]");
	r = dt_run(M, "2.7", P);
	ck_assert_int_eq(r->status, DA_WARN);
	ck_assert(r->scored);
	ck_assert_ptr_nonnull(strstr(r->detail, "without TLS"));
	ck_assert(dt_has_item(r, "tcp://0.0.0.0:2376"));
	ck_assert(!dt_has_item(r, "fd://"));
	da_result_free(r);

	cfg("tls", "true");
	r = dt_run(M, "2.7", P);
	ck_assert_int_eq(r->status, DA_WARN);
	ck_assert_ptr_nonnull(strstr(r->detail, "no client verification"));
	ck_assert(dt_has_item(r, "tcp://0.0.0.0:2376"));
	da_result_free(r);

	cfg("tlsverify", "true");
	expect("2.7", DA_PASS, "tlscacert not set");
	cfg("tlscacert", "\"/etc/docker/ca.pem\"");
	cfg("tlscert", "\"/etc/docker/server-cert.pem\"");
	cfg("tlskey", "\"/etc/docker/server-key.pem\"");
	r = dt_run(M, "2.7", P);
	ck_assert_int_eq(r->status, DA_PASS);
	ck_assert_uint_eq(r->n_items, 0);
	da_result_free(r);
	/* tlsverify alone implies TLS */
	cfg("tls", "null");
	expect("2.7", DA_PASS, "client verification");

	/* an address without a scheme is a TCP address to dockerd */
	cfg("tlsverify", "false");
	cfg("hosts", "[\"127.0.0.1:2375\"]");
	expect("2.7", DA_WARN, "without TLS");
	cfg("hosts", "[\"TCP://[::1]:2375\"]");
	expect("2.7", DA_WARN, "without TLS");
	cfg("hosts", "[\"\"]");
	expect("2.7", DA_INFO, NULL);

	cfg("hosts", "\"tcp://0.0.0.0:2375\"");
	expect("2.7", DA_ERROR, "hosts is not a list");
	cfg("hosts", "[\"tcp://0.0.0.0:2376\"]");
	cfg("tlsverify", "\"true\"");
	expect("2.7", DA_ERROR, "tlsverify is not a boolean");
	cfg("tlsverify", "true");
	cfg("tlskey", "{}");
	expect("2.7", DA_ERROR, "tlskey is not a string");
	go_remote();
	expect("2.7", DA_INFO, "remote daemon");
}
END_TEST

/* The audit's own plain connection to a tcp:// daemon is evidence for 2.7. */
START_TEST(test_2_7_own_connection)
{
	struct da_result *r;

	go_remote();
	dt_set(P, "source.endpoint", "\"tcp://10.0.0.5:2375\"");
	/* a snapshot made before source.tls was recorded: no evidence */
	dt_del(P, "source.tls");
	expect("2.7", DA_INFO, "remote daemon");
	dt_set(P, "source.tls", "true");
	expect("2.7", DA_INFO, "remote daemon");
	dt_set(P, "source.tls", "\"no\"");
	expect("2.7", DA_INFO, "remote daemon");

	dt_set(P, "source.tls", "false");
	r = dt_run(M, "2.7", P);
	ck_assert_int_eq(r->status, DA_WARN);
	ck_assert(r->scored);
	dt_assert_detail_has(r, "serves the API on TCP without TLS");
	dt_assert_detail_has(r, "tcp://10.0.0.5:2375");
	ck_assert_uint_eq(r->n_items, 1);
	ck_assert(dt_find_item(r, "endpoint", "tcp://10.0.0.5:2375", NULL, "no TLS") != NULL);
	da_result_free(r);

	/* the evidence wins over a configuration that claims TLS */
	dt_set(P, "host.available", "true");
	dt_set(P, "host.dockerd", "{\"effective\":{\"hosts\":[\"tcp://0.0.0.0:2375\"],"
				  "\"tlsverify\":true}}");
	expect("2.7", DA_WARN, "without TLS");

	/* a unix socket proves nothing about TCP */
	dt_set(P, "source.endpoint", "\"unix:///var/run/docker.sock\"");
	expect("2.7", DA_PASS, "client verification");
}
END_TEST

/* --- 2.8 ------------------------------------------------------------------ */

START_TEST(test_2_8)
{
	struct da_result *r;

	r = dt_run(M, "2.8", P);
	ck_assert_int_eq(r->status, DA_INFO);
	ck_assert_ptr_nonnull(strstr(r->detail, "doesn't appear to be set"));
	da_result_free(r);
	cfg("default-ulimits", "{\"nofile\":{\"Name\":\"nofile\",\"Hard\":64000,\"Soft\":1024},"
			       "\"nproc\":{\"Name\":\"nproc\",\"Hard\":2048,\"Soft\":1024}}");
	r = dt_run(M, "2.8", P);
	ck_assert_int_eq(r->status, DA_PASS);
	ck_assert(!r->scored);
	ck_assert(dt_has_item(r, "nofile"));
	ck_assert(dt_has_item(r, "nproc"));
	ck_assert_ptr_nonnull(strstr(r->items[0].detail, "soft 1024, hard 64000"));
	da_result_free(r);
	/* a value the flag parser could not read is kept as text */
	cfg("default-ulimits", "{\"nofile\":\"nofile=lots\"}");
	expect("2.8", DA_PASS, "1 default ulimit set");
	cfg("default-ulimits", "[\"nofile=1024:2048\"]");
	expect("2.8", DA_PASS, NULL);
	cfg("default-ulimits", "{}");
	expect("2.8", DA_INFO, NULL);
	cfg("default-ulimits", "\"nofile=1024\"");
	expect("2.8", DA_ERROR, "default-ulimits");
	cfg("default-ulimits", "[{}]");
	expect("2.8", DA_ERROR, "not a string");
	go_remote();
	expect("2.8", DA_INFO, "remote daemon");
}
END_TEST

/* --- 2.9 ------------------------------------------------------------------ */

START_TEST(test_2_9)
{
	expect("2.9", DA_WARN, "not enabled");
	cfg("userns-remap", "\"default\"");
	expect("2.9", DA_PASS, "userns-remap is default");
	cfg("userns-remap", "\"\"");
	expect("2.9", DA_WARN, NULL);
	cfg("userns-remap", "1000");
	expect("2.9", DA_ERROR, "userns-remap is not a string");
	cfg("userns-remap", "null");
	dt_set(P, "engine.info.SecurityOptions", "[\"name=seccomp,profile=builtin\",\"name=userns\"]");
	expect("2.9", DA_PASS, "reports user namespace");
	/* "name=usernsX" is another option */
	dt_set(P, "engine.info.SecurityOptions", "[\"name=usernsfoo\"]");
	expect("2.9", DA_WARN, NULL);
	dt_set(P, "engine.info.SecurityOptions", "[42]");
	expect("2.9", DA_ERROR, "SecurityOptions");
	/* Docker sends null for no options */
	dt_set(P, "engine.info.SecurityOptions", "null");
	expect("2.9", DA_WARN, NULL);
}
END_TEST

START_TEST(test_2_9_remote)
{
	go_remote();
	expect("2.9", DA_WARN, NULL);
	dt_set(P, "engine.info.SecurityOptions", "[\"name=userns\"]");
	expect("2.9", DA_PASS, NULL);
	dt_del(P, "engine.info");
	expect("2.9", DA_ERROR, "engine info unavailable");
}
END_TEST

/* --- 2.10 ----------------------------------------------------------------- */

START_TEST(test_2_10)
{
	expect("2.10", DA_PASS, NULL);
	cfg("cgroup-parent", "\"/foobar\"");
	expect("2.10", DA_WARN, "confirm cgroup usage");
	cfg("cgroup-parent", "\"\"");
	expect("2.10", DA_PASS, NULL);
	cfg("cgroup-parent", "true");
	expect("2.10", DA_ERROR, "cgroup-parent is not a string");
	go_remote();
	expect("2.10", DA_INFO, "remote daemon");
}
END_TEST

/* --- 2.11 ----------------------------------------------------------------- */

START_TEST(test_2_11)
{
	expect("2.11", DA_PASS, NULL);
	cfg("storage-opts", "[\"dm.thinpooldev=/dev/mapper/thin\",\"dm.basesize=20G\"]");
	expect("2.11", DA_WARN, "dm.basesize=20G");
	cfg("storage-opts", "[\"DM.BaseSize=20G\"]");
	expect("2.11", DA_WARN, NULL);
	cfg("storage-opts", "[\"overlay2.size=10G\",\"dm.basesizeX=1\"]");
	expect("2.11", DA_PASS, NULL);
	cfg("storage-opts", "[1]");
	expect("2.11", DA_ERROR, "storage-opts");
	cfg("storage-opts", "{}");
	expect("2.11", DA_ERROR, "storage-opts is not a list");
}
END_TEST

START_TEST(test_2_11_remote)
{
	go_remote();
	/* overlay2 has no base device: nothing to change */
	expect("2.11", DA_PASS, "overlay2");
	dt_set(P, "engine.info.Driver", "\"devicemapper\"");
	expect("2.11", DA_INFO, "remote daemon");
}
END_TEST

/* --- 2.12 ----------------------------------------------------------------- */

START_TEST(test_2_12)
{
	expect("2.12", DA_WARN, "no authorization plugin");
	cfg("authorization-plugins", "[\"authz-broker\"]");
	expect("2.12", DA_PASS, "authz-broker");
	cfg("authorization-plugins", "[]");
	expect("2.12", DA_WARN, NULL);
	dt_set(P, "engine.info.Plugins.Authorization", "[\"opa-docker-authz\"]");
	expect("2.12", DA_PASS, "opa-docker-authz");
	dt_set(P, "engine.info.Plugins.Authorization", "\"opa\"");
	expect("2.12", DA_ERROR, "Plugins.Authorization");
	dt_set(P, "engine.info.Plugins.Authorization", "null");
	cfg("authorization-plugins", "\"authz-broker\"");
	expect("2.12", DA_ERROR, "authorization-plugins is not a list");
}
END_TEST

START_TEST(test_2_12_remote)
{
	go_remote();
	expect("2.12", DA_WARN, NULL);
	dt_set(P, "engine.info.Plugins.Authorization", "[\"authz-broker\",\"opa\"]");
	expect("2.12", DA_PASS, "authz-broker, ...");
	dt_del(P, "engine.info.Plugins");
	expect("2.12", DA_ERROR, "Plugins is missing");
}
END_TEST

/* --- 2.13 ----------------------------------------------------------------- */

START_TEST(test_2_13)
{
	expect("2.13", DA_WARN, "json-file");
	dt_set(P, "engine.info.LoggingDriver", "\"syslog\"");
	expect("2.13", DA_PASS, "syslog");
	dt_set(P, "engine.info.LoggingDriver", "\"journald\"");
	expect("2.13", DA_PASS, NULL);
	dt_set(P, "engine.info.LoggingDriver", "\"local\"");
	expect("2.13", DA_WARN, "local");
	dt_set(P, "engine.info.LoggingDriver", "\"none\"");
	expect("2.13", DA_WARN, NULL);
	dt_set(P, "engine.info.LoggingDriver", "\"fluentd\"");
	go_remote();
	expect("2.13", DA_PASS, "fluentd");
	dt_set(P, "engine.info.LoggingDriver", "true");
	expect("2.13", DA_ERROR, "LoggingDriver");
}
END_TEST

/* --- 2.14 ----------------------------------------------------------------- */

START_TEST(test_2_14)
{
	expect("2.14", DA_WARN, "not enabled");
	cfg("no-new-privileges", "true");
	expect("2.14", DA_PASS, "no-new-privileges is true");
	cfg("no-new-privileges", "false");
	expect("2.14", DA_WARN, NULL);
	cfg("no-new-privileges", "\"true\"");
	expect("2.14", DA_ERROR, "no-new-privileges is not a boolean");
	cfg("no-new-privileges", "null");
	dt_set(P, "engine.info.SecurityOptions", "[\"name=no-new-privileges\"]");
	expect("2.14", DA_PASS, "reports no-new-privileges");
	/* engine info is not needed when the configuration answers */
	dt_del(P, "engine.info");
	expect("2.14", DA_WARN, NULL);
}
END_TEST

START_TEST(test_2_14_remote)
{
	go_remote();
	/* older engines never report the option: its absence proves nothing */
	expect("2.14", DA_INFO, "remote daemon");
	dt_set(P, "engine.info.SecurityOptions",
	       "[\"name=seccomp,profile=builtin\",\"name=no-new-privileges\"]");
	expect("2.14", DA_PASS, NULL);
}
END_TEST

/* --- 2.15 ----------------------------------------------------------------- */

START_TEST(test_2_15)
{
	expect("2.15", DA_WARN, "not enabled");
	dt_set(P, "engine.info.LiveRestoreEnabled", "true");
	expect("2.15", DA_PASS, "enabled");
	dt_set(P, "engine.info.LiveRestoreEnabled", "false");
	dt_set(P, "engine.info.Swarm.LocalNodeState", "\"active\"");
	expect("2.15", DA_PASS, "swarm mode");
	dt_set(P, "engine.info.Swarm.LocalNodeState", "\"pending\"");
	expect("2.15", DA_WARN, NULL);
	go_remote();
	dt_set(P, "engine.info.LiveRestoreEnabled", "true");
	expect("2.15", DA_PASS, NULL);
	dt_set(P, "engine.info.LiveRestoreEnabled", "\"true\"");
	expect("2.15", DA_ERROR, "LiveRestoreEnabled is not a boolean");
	dt_del(P, "engine.info.LiveRestoreEnabled");
	expect("2.15", DA_ERROR, "LiveRestoreEnabled is missing");
}
END_TEST

/* --- 2.16 ----------------------------------------------------------------- */

START_TEST(test_2_16)
{
	expect("2.16", DA_WARN, "the default");
	cfg("userland-proxy", "false");
	expect("2.16", DA_PASS, "disabled");
	cfg("userland-proxy", "true");
	expect("2.16", DA_WARN, "userland-proxy is true");
	cfg("userland-proxy", "\"false\"");
	expect("2.16", DA_ERROR, "userland-proxy is not a boolean");
	go_remote();
	expect("2.16", DA_INFO, "remote daemon");
}
END_TEST

/* --- 2.17 ----------------------------------------------------------------- */

START_TEST(test_2_17)
{
	struct da_result *r;

	r = dt_run(M, "2.17", P);
	ck_assert_int_eq(r->status, DA_PASS);
	ck_assert(!r->scored);
	ck_assert_ptr_nonnull(strstr(r->detail, "default seccomp profile"));
	da_result_free(r);
	/* engines before 20.10 call the built-in profile "default" */
	dt_set(P, "engine.info.SecurityOptions", "[\"name=seccomp,profile=default\"]");
	expect("2.17", DA_PASS, NULL);
	dt_set(P, "engine.info.SecurityOptions",
	       "[\"name=apparmor\",\"name=seccomp,profile=/etc/docker/seccomp.json\"]");
	expect("2.17", DA_INFO, "/etc/docker/seccomp.json");
	dt_set(P, "engine.info.SecurityOptions", "[\"name=seccomp,profile=unconfined\"]");
	expect("2.17", DA_WARN, "unconfined");
	dt_set(P, "engine.info.SecurityOptions", "[\"name=apparmor\"]");
	expect("2.17", DA_INFO, "not enabled");
	dt_set(P, "engine.info.SecurityOptions", "null");
	expect("2.17", DA_INFO, "not enabled");
	dt_set(P, "engine.info.SecurityOptions", "{\"name\":\"seccomp\"}");
	expect("2.17", DA_ERROR, "SecurityOptions is not a list");
}
END_TEST

/* --- 2.18 ----------------------------------------------------------------- */

START_TEST(test_2_18)
{
	struct da_result *r;

	expect("2.18", DA_PASS, "disabled");
	dt_set(P, "engine.info.ExperimentalBuild", "true");
	r = dt_run(M, "2.18", P);
	ck_assert_int_eq(r->status, DA_WARN);
	ck_assert(r->scored);
	da_result_free(r);
	/* old engines: /version's Experimental */
	dt_del(P, "engine.info.ExperimentalBuild");
	dt_set(P, "engine.version.Experimental", "true");
	expect("2.18", DA_WARN, NULL);
	dt_del(P, "engine.version.Experimental");
	expect("2.18", DA_ERROR, "ExperimentalBuild is missing");
	dt_set(P, "engine.info.ExperimentalBuild", "\"false\"");
	expect("2.18", DA_ERROR, "ExperimentalBuild is not a boolean");
	dt_del(P, "engine.info");
	expect("2.18", DA_ERROR, "engine info unavailable");
}
END_TEST

/* --- every check on odd probes ------------------------------------------- */

START_TEST(test_hostile_everything)
{
	/* every check survives a probe with the wrong type at every level */
	static const char *const probes[] = {
		"{}",
		"{\"engine\":[],\"host\":7}",
		"{\"engine\":{\"info\":[],\"networks\":{},\"errors\":\"x\"},"
		"\"host\":{\"available\":true,\"dockerd\":{\"effective\":[]}}}",
		"{\"engine\":{\"info\":{\"SecurityOptions\":[null,{}],\"RegistryConfig\":[],"
		"\"Plugins\":[]}},\"host\":{\"available\":\"yes\"}}",
		"{\"engine\":{\"info\":{\"RegistryConfig\":{\"InsecureRegistryCIDRs\":[null,1],"
		"\"IndexConfigs\":{\"\":{\"Secure\":false},\"x\":[]}}}},"
		"\"host\":{\"available\":true,\"dockerd\":null,\"daemon_json\":{\"content\":"
		"{\"hosts\":[null],\"default-ulimits\":{\"a\":null}}}}}",
	};
	size_t i;
	uint32_t k;

	for (i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
		struct da_probe *p = dt_probe_json(probes[i]);
		for (k = 0; k < M->n_checks; k++) {
			struct da_result *r = dt_run(M, M->checks[k].id, p);
			ck_assert_msg(r->status_set, "%s on probe %zu set no status",
				      M->checks[k].id, i);
			ck_assert_msg(!r->invalid, "%s on probe %zu misused the API",
				      M->checks[k].id, i);
			da_result_free(r);
		}
		dt_probe_free(p);
	}
}
END_TEST

START_TEST(test_hostile_detail)
{
	struct da_probe *p = dt_probe_json(
		"{\"engine\":{\"info\":{\"SecurityOptions\":[null]}},"
		"\"host\":{\"available\":true,\"dockerd\":{\"effective\":{\"hosts\":[null]}}}}");

	ck_assert_int_eq(dt_status(M, "2.17", p), DA_ERROR);
	ck_assert_int_eq(dt_status(M, "2.7", p), DA_ERROR);
	ck_assert_int_eq(dt_status(M, "2.6", p), DA_ERROR);
	dt_probe_free(p);
}
END_TEST

/* --- Podman's Docker-compatible service ---------------------------------- */

START_TEST(test_podman)
{
	static const char *const na[] = { "2.9", "2.12", "2.13", "2.15", "2.18", NULL };
	size_t i;

	go_remote();
	dt_set(P, "host.reason", "\"not applicable to Podman: test\"");
	dt_set(P, "engine.kind", "\"podman\"");
	/* what Podman leaves empty or never sends is no ERROR */
	dt_set(P, "engine.info.LoggingDriver", "\"\"");
	dt_del(P, "engine.info.LiveRestoreEnabled");
	dt_del(P, "engine.info.ExperimentalBuild");
	for (i = 0; na[i]; i++)
		expect(na[i], DA_INFO, "not applicable to Podman: test");
	/* daemon.json checks take host.reason as for any unreadable config */
	expect("2.3", DA_INFO, "not applicable to Podman: test");
	/* what Podman reports as dockerd does is still judged */
	expect("2.6", DA_PASS, NULL);
	/* an older snapshot: the /version component says Podman */
	dt_del(P, "engine.kind");
	dt_set(P, "engine.version.Components",
	       "[{\"Name\": \"Podman Engine\", \"Version\": \"4.3.1\"}]");
	expect("2.13", DA_INFO, "not applicable to Podman");
	/* docker with the same empty driver: judged as before */
	dt_set(P, "engine.kind", "\"docker\"");
	expect("2.15", DA_ERROR, "LiveRestoreEnabled is missing");
}
END_TEST

/* A rootless daemon: 2.1 passes, userns-remap does not apply */
START_TEST(test_rootless)
{
	dt_set(P, "engine.rootless", "true");
	dt_set(P, "engine.info.SecurityOptions", "[\"name=rootless\"]");
	expect("2.1", DA_PASS, "rootless");
	expect("2.9", DA_INFO, "not applicable to a rootless daemon: ");
	/* a daemon that runs as root: judged as before */
	dt_set(P, "engine.rootless", "false");
	dt_set(P, "engine.info.SecurityOptions", "[]");
	expect("2.9", DA_WARN, NULL);
}
END_TEST

int main(void)
{
	const TTest *tests[] = {
		test_descriptor, test_2_1, test_2_2, test_2_2_remote, test_2_2_file_only,
		test_config_broken, test_2_3, test_2_3_remote, test_2_4, test_2_5, test_2_5_remote,
		test_2_6, test_devicemapper, test_2_7, test_2_7_own_connection, test_2_8, test_2_9, test_2_9_remote,
		test_2_10, test_2_11, test_2_11_remote, test_2_12, test_2_12_remote, test_2_13,
		test_2_14, test_2_14_remote, test_2_15, test_2_16, test_2_17, test_2_18,
		test_hostile_everything, test_hostile_detail, test_config_needs_root, test_podman,
		test_rootless, NULL
	};

	return dt_main("mod_daemon", dt_tcase("checks", "daemon-base.json", tests));
}
