/*
 * core/hostfacts.c: dockerd flag parsing (table-driven), the merge of flags
 * over daemon.json, and whole probes of the fake /proc trees and host roots
 * under tests/fixtures/hostfacts.
 */
#include "config.h"

#include "engine.h"
#include "hostfacts.h"
#include "testlib.h"
#include "util.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#if defined(__has_include)
#if __has_include(<linux/openat2.h>)
#include <linux/openat2.h>
#endif
#endif

#define ID1 "4f1c2a0b9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a"
#define ID2 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define ID3 "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210"

/* ---------------------------------------------------------------------------
 * helpers
 */

/* <DA_FIXTURES>/hostfacts/<rel>; owned by the caller. */
static char *fx(const char *rel)
{
	const char *base = getenv("DA_FIXTURES");

	ck_assert_msg(base && *base, "DA_FIXTURES is not set (run through make check)");
	return da_xasprintf("%s/hostfacts/%s", base, rel);
}

/* Runs a probe; proc and root are fixture names (root NULL = "/"). */
static struct json_object *probe_with(const char *proc, const char *root, bool remote,
				      const char *seed)
{
	struct json_object *top = seed ? json_tokener_parse(seed) : json_object_new_object();
	char *procdir = proc ? fx(proc) : NULL;
	char *rootdir = root ? fx(root) : NULL;
	struct da_hostfacts_config cfg = { rootdir, procdir, remote };

	ck_assert_ptr_nonnull(top);
	ck_assert_int_eq(da_hostfacts_probe(&cfg, top), 0);
	free(procdir);
	free(rootdir);
	return top;
}

static struct json_object *probe(const char *proc, const char *root)
{
	return probe_with(proc, root, false, NULL);
}

/*
 * The node at a dotted path ("host.dockerd.argv.1"); NULL when absent.
 * Sets *present to whether the last member exists (even as null).
 */
static struct json_object *at2(struct json_object *o, const char *path, bool *present)
{
	char *copy = da_xstrdup(path), *save = NULL, *step;

	*present = true;
	for (step = strtok_r(copy, ".", &save); step; step = strtok_r(NULL, ".", &save)) {
		struct json_object *next = NULL;

		if (json_object_is_type(o, json_type_array)) {
			size_t i = strtoul(step, NULL, 10);
			next = i < json_object_array_length(o) ? json_object_array_get_idx(o, i) : NULL;
			*present = next != NULL;
		} else if (json_object_is_type(o, json_type_object)) {
			*present = json_object_object_get_ex(o, step, &next);
		} else {
			*present = false;
		}
		o = next;
		if (!*present)
			break;
	}
	free(copy);
	return *present ? o : NULL;
}

static struct json_object *at(struct json_object *o, const char *path)
{
	bool present;
	return at2(o, path, &present);
}

/* Asserts that the node at path exists and equals the JSON text want. */
#define assert_at(o, path, want) assert_json(at((o), (path)), (want), (path))

static void assert_json(struct json_object *got, const char *want, const char *what)
{
	struct json_object *w = json_tokener_parse(want);

	ck_assert_msg(w || strcmp(want, "null") == 0, "bad expectation %s", want);
	ck_assert_msg(json_object_equal(got, w), "%s: got %s, want %s", what,
		      got ? json_object_to_json_string(got) : "null/absent", want);
	json_object_put(w);
}

static void assert_null_member(struct json_object *o, const char *path)
{
	bool present;
	struct json_object *v = at2(o, path, &present);

	ck_assert_msg(present, "%s is absent", path);
	ck_assert_msg(v == NULL, "%s is %s, want null", path, json_object_to_json_string(v));
}

static const char *str_at(struct json_object *o, const char *path)
{
	struct json_object *v = at(o, path);

	ck_assert_msg(v && json_object_is_type(v, json_type_string), "%s is not a string", path);
	return json_object_get_string(v);
}

static struct json_object *parse_argv(const char *const *argv)
{
	int argc = 0;
	while (argv[argc])
		argc++;
	return da_dockerd_parse_args(argc, argv);
}

/* ---------------------------------------------------------------------------
 * da_dockerd_parse_args
 */

struct parse_case {
	const char *argv[20];
	const char *want;
};

static const struct parse_case parse_cases[] = {
	/* nothing to parse */
	{ { "dockerd", NULL }, "{}" },
	/* bools: bare, =true, =false, Go's other spellings, a bool never consumes */
	{ { "dockerd", "--icc", NULL }, "{\"icc\": true}" },
	{ { "dockerd", "--icc=false", NULL }, "{\"icc\": false}" },
	{ { "dockerd", "--icc=true", NULL }, "{\"icc\": true}" },
	{ { "dockerd", "--icc=0", "--iptables=F", "--ip-masq=TRUE", NULL },
	  "{\"icc\": false, \"iptables\": false, \"ip-masq\": true}" },
	{ { "dockerd", "--icc", "false", NULL }, "{\"icc\": true}" },
	{ { "dockerd", "--live-restore", "--log-level", "info", NULL },
	  "{\"live-restore\": true, \"log-level\": \"info\"}" },
	{ { "dockerd", "--icc=maybe", NULL }, "{\"icc\": \"maybe\"}" },
	{ { "dockerd", "--userland-proxy=false", "--no-new-privileges", "--selinux-enabled",
	    "--experimental", "--init", "--rootless", "--ipv6", "--ip-forward=false", NULL },
	  "{\"userland-proxy\": false, \"no-new-privileges\": true, \"selinux-enabled\": true,"
	  " \"experimental\": true, \"init\": true, \"rootless\": true, \"ipv6\": true,"
	  " \"ip-forward\": false}" },
	{ { "dockerd", "--tlsverify", "--tls=false", "--tlscacert=/ca.pem", "--tlscert", "/c.pem",
	    "--tlskey", "/k.pem", NULL },
	  "{\"tlsverify\": true, \"tls\": false, \"tlscacert\": \"/ca.pem\","
	  " \"tlscert\": \"/c.pem\", \"tlskey\": \"/k.pem\"}" },
	/* strings: both forms, short forms, the last one wins */
	{ { "dockerd", "--log-level", "debug", NULL }, "{\"log-level\": \"debug\"}" },
	{ { "dockerd", "--log-level=info", "-l", "warn", NULL }, "{\"log-level\": \"warn\"}" },
	{ { "dockerd", "-lerror", NULL }, "{\"log-level\": \"error\"}" },
	{ { "dockerd", "-l=fatal", NULL }, "{\"log-level\": \"fatal\"}" },
	{ { "dockerd", "--userns-remap=default", "--cgroup-parent", "/foo", "--data-root",
	    "/srv/docker", "--exec-root=/run/d", "-s", "overlay2", "--log-driver", "journald",
	    "--seccomp-profile=/p.json", "--containerd", "/run/containerd.sock", NULL },
	  "{\"userns-remap\": \"default\", \"cgroup-parent\": \"/foo\","
	  " \"data-root\": \"/srv/docker\", \"exec-root\": \"/run/d\","
	  " \"storage-driver\": \"overlay2\", \"log-driver\": \"journald\","
	  " \"seccomp-profile\": \"/p.json\", \"containerd\": \"/run/containerd.sock\"}" },
	{ { "dockerd", "-p", "/run/d.pid", "-G", "staff", "-bbr0", "--config-file", "/x.json", NULL },
	  "{\"pidfile\": \"/run/d.pid\", \"group\": \"staff\", \"bridge\": \"br0\","
	  " \"config-file\": \"/x.json\"}" },
	/* a value-taking flag takes the next argument even when it looks like a flag */
	{ { "dockerd", "--log-level", "--icc=false", NULL }, "{\"log-level\": \"--icc=false\"}" },
	/* short bools grouped with a value-taking shorthand */
	{ { "dockerd", "-D", NULL }, "{\"debug\": true}" },
	{ { "dockerd", "-D=false", NULL }, "{\"debug\": false}" },
	{ { "dockerd", "-Dl", "debug", NULL }, "{\"debug\": true, \"log-level\": \"debug\"}" },
	{ { "dockerd", "-Dldebug", NULL }, "{\"debug\": true, \"log-level\": \"debug\"}" },
	/* numbers */
	{ { "dockerd", "--mtu=1400", "--max-concurrent-downloads", "6", NULL },
	  "{\"mtu\": 1400, \"max-concurrent-downloads\": 6}" },
	{ { "dockerd", "--mtu", "big", NULL }, "{\"mtu\": \"big\"}" },
	/* repeatables */
	{ { "dockerd", "-H", "fd://", "--host=unix:///a", "-Htcp://1.2.3.4:2376", "-H=tcp://x",
	    "--host", "unix:///b", NULL },
	  "{\"hosts\": [\"fd://\", \"unix:///a\", \"tcp://1.2.3.4:2376\", \"tcp://x\","
	  " \"unix:///b\"]}" },
	{ { "dockerd", "--insecure-registry", "a:5000", "--insecure-registry=b:5000", NULL },
	  "{\"insecure-registries\": [\"a:5000\", \"b:5000\"]}" },
	{ { "dockerd", "--storage-opt", "dm.basesize=20G", "--authorization-plugin=authz",
	    "--registry-mirror", "https://m", "--exec-opt", "native.cgroupdriver=systemd",
	    "--dns=8.8.8.8", "--dns", "1.1.1.1", "--label", "a=b", NULL },
	  "{\"storage-opts\": [\"dm.basesize=20G\"], \"authorization-plugins\": [\"authz\"],"
	  " \"registry-mirrors\": [\"https://m\"], \"exec-opts\": [\"native.cgroupdriver=systemd\"],"
	  " \"dns\": [\"8.8.8.8\", \"1.1.1.1\"], \"labels\": [\"a=b\"]}" },
	{ { "dockerd", "--log-opt", "max-size=10m", "--log-opt=max-file=3", "--log-opt", "flag",
	    "--log-opt", "labels=a=b", NULL },
	  "{\"log-opts\": {\"max-size\": \"10m\", \"max-file\": \"3\", \"flag\": \"\","
	  " \"labels\": \"a=b\"}}" },
	{ { "dockerd", "--default-ulimit", "nofile=1024:2048", "--default-ulimit=nproc=512",
	    "--default-ulimit", "core=-1:-1", NULL },
	  "{\"default-ulimits\": {\"nofile\": {\"Name\": \"nofile\", \"Hard\": 2048, \"Soft\": 1024},"
	  " \"nproc\": {\"Name\": \"nproc\", \"Hard\": 512, \"Soft\": 512},"
	  " \"core\": {\"Name\": \"core\", \"Hard\": -1, \"Soft\": -1}}}" },
	{ { "dockerd", "--default-ulimit=core=abc", "--default-ulimit", "junk", NULL },
	  "{\"default-ulimits\": {\"core\": \"core=abc\", \"junk\": \"junk\"}}" },
	{ { "dockerd", "--add-runtime", "crun=/usr/bin/crun", "--feature", "cdi",
	    "--feature=containerd-snapshotter=false", NULL },
	  "{\"runtimes\": {\"crun\": {\"path\": \"/usr/bin/crun\"}},"
	  " \"features\": {\"cdi\": true, \"containerd-snapshotter\": false}}" },
	{ { "dockerd", "--default-address-pool", "base=10.10.0.0/16,size=24",
	    "--default-network-opt=bridge=com.docker.network.driver.mtu=1234", NULL },
	  "{\"default-address-pools\": [{\"base\": \"10.10.0.0/16\", \"size\": 24}],"
	  " \"default-network-opts\": {\"bridge\": {\"com.docker.network.driver.mtu\": \"1234\"}}}" },
	/* unknown flags: own name, value only with '=' */
	{ { "dockerd", "--frobnicate", "--wibble=3", "-Z", NULL },
	  "{\"frobnicate\": true, \"wibble\": \"3\", \"Z\": true}" },
	{ { "dockerd", "--wibble", "3", NULL }, "{\"wibble\": true}" },
	{ { "dockerd", "-Q=v", NULL }, "{\"Q\": \"v\"}" },
	/* hostile and degenerate */
	{ { "dockerd", "--", "--icc=false", NULL }, "{}" },
	{ { "dockerd", "--icc=false", "--", "-H", "x", NULL }, "{\"icc\": false}" },
	{ { "dockerd", "", "-", "--icc=false", "stray", NULL }, "{\"icc\": false}" },
	{ { "dockerd", "---x", "--=y", "--=", NULL }, "{}" },
	{ { "dockerd", "--log-level", NULL }, "{}" },
	{ { "dockerd", "-H", NULL }, "{}" },
	{ { "dockerd", "--log-level=", "--host=", NULL },
	  "{\"log-level\": \"\", \"hosts\": [\"\"]}" },
	{ { "dockerd", "--label", "caf\xe9", "--\xff\xfe", "--log-level=\xc3(", NULL },
	  "{\"labels\": [\"caf\\ufffd\"], \"\\ufffd\\ufffd\": true, \"log-level\": \"\\ufffd(\"}" },
	/* argv[0] is never a flag */
	{ { "--icc=false", NULL }, "{}" },
};

START_TEST(test_parse_table)
{
	const struct parse_case *pc = &parse_cases[_i];
	struct json_object *got = parse_argv(pc->argv);
	char what[64];

	snprintf(what, sizeof(what), "parse case %d (%s)", _i, pc->argv[1] ? pc->argv[1] : "-");
	ck_assert_ptr_nonnull(got);
	assert_json(got, pc->want, what);
	json_object_put(got);
}
END_TEST

START_TEST(test_parse_degenerate)
{
	const char *withnull[] = { "dockerd", NULL, "--icc=false", NULL };
	struct json_object *o;

	o = da_dockerd_parse_args(0, NULL);
	assert_json(o, "{}", "argc 0");
	json_object_put(o);
	o = da_dockerd_parse_args(5, NULL);
	assert_json(o, "{}", "argv NULL");
	json_object_put(o);
	o = da_dockerd_parse_args(-3, withnull);
	assert_json(o, "{}", "argc negative");
	json_object_put(o);
	/* a NULL element is skipped, and never taken as a value */
	o = da_dockerd_parse_args(3, withnull);
	assert_json(o, "{\"icc\": false}", "NULL element");
	json_object_put(o);
	{
		const char *v[] = { "dockerd", "--log-level", NULL, "-D" };
		o = da_dockerd_parse_args(4, v);
		assert_json(o, "{\"debug\": true}", "NULL value");
		json_object_put(o);
	}
}
END_TEST

START_TEST(test_parse_10k_args)
{
	enum { N = 10000 };
	const char **argv = da_xcalloc(N + 2, sizeof(*argv));
	char **own = da_xcalloc(N, sizeof(*own));
	struct json_object *o, *hosts;
	int i;

	argv[0] = "dockerd";
	/* 5000 "-H unix:///sN" pairs */
	for (i = 0; i < N; i += 2) {
		own[i] = da_xstrdup("-H");
		own[i + 1] = da_xasprintf("unix:///s%d", i / 2);
		argv[i + 1] = own[i];
		argv[i + 2] = own[i + 1];
	}
	o = da_dockerd_parse_args(N + 1, argv);
	hosts = at(o, "hosts");
	ck_assert_ptr_nonnull(hosts);
	ck_assert_uint_eq(json_object_array_length(hosts), N / 2);
	ck_assert_str_eq(str_at(o, "hosts.0"), "unix:///s0");
	ck_assert_str_eq(str_at(o, "hosts.4999"), "unix:///s4999");
	json_object_put(o);

	/* 10000 distinct unknown flags */
	for (i = 0; i < N; i++) {
		free(own[i]);
		own[i] = da_xasprintf("--x-%d=%d", i, i);
		argv[i + 1] = own[i];
	}
	o = da_dockerd_parse_args(N + 1, argv);
	ck_assert_int_eq(json_object_object_length(o), N);
	ck_assert_str_eq(str_at(o, "x-9999"), "9999");
	json_object_put(o);

	/* one argument of a megabyte */
	free(own[0]);
	own[0] = da_xmalloc(1024 * 1024 + 16);
	strcpy(own[0], "--log-level=");
	memset(own[0] + 12, 'a', 1024 * 1024);
	own[0][12 + 1024 * 1024] = '\0';
	argv[1] = own[0];
	o = da_dockerd_parse_args(2, argv);
	ck_assert_uint_eq(strlen(str_at(o, "log-level")), 1024 * 1024);
	json_object_put(o);

	for (i = 0; i < N; i++)
		free(own[i]);
	free(own);
	free(argv);
}
END_TEST

/* ---------------------------------------------------------------------------
 * da_dockerd_effective
 */

START_TEST(test_effective_merge)
{
	struct json_object *flags = json_tokener_parse(
		"{\"icc\": false, \"hosts\": [\"fd://\"], \"log-opts\": {\"max-size\": \"20m\"},"
		" \"userns-remap\": \"default\"}");
	struct json_object *file = json_tokener_parse(
		"{\"icc\": true, \"hosts\": [\"unix:///x\"], \"debug\": true,"
		" \"log-opts\": {\"max-size\": \"10m\", \"max-file\": \"3\"}}");
	char *before_flags = da_xstrdup(json_object_to_json_string(flags));
	char *before_file = da_xstrdup(json_object_to_json_string(file));
	struct json_object *eff = da_dockerd_effective(flags, file);

	assert_json(eff,
		    "{\"icc\": false, \"hosts\": [\"unix:///x\", \"fd://\"], \"debug\": true,"
		    " \"log-opts\": {\"max-size\": \"20m\", \"max-file\": \"3\"},"
		    " \"userns-remap\": \"default\"}",
		    "merge");
	/* the inputs are left alone */
	ck_assert_str_eq(json_object_to_json_string(flags), before_flags);
	ck_assert_str_eq(json_object_to_json_string(file), before_file);
	json_object_put(eff);
	json_object_put(flags);
	json_object_put(file);
	free(before_flags);
	free(before_file);
}
END_TEST

START_TEST(test_effective_edges)
{
	struct json_object *file = json_tokener_parse("{\"hosts\": \"tcp://x\", \"icc\": false}");
	struct json_object *flags = json_tokener_parse("{\"hosts\": [\"fd://\"]}");
	struct json_object *arr = json_tokener_parse("[1, 2]");
	struct json_object *eff;

	eff = da_dockerd_effective(NULL, NULL);
	assert_json(eff, "{}", "both NULL");
	json_object_put(eff);

	eff = da_dockerd_effective(NULL, file);
	assert_json(eff, "{\"hosts\": \"tcp://x\", \"icc\": false}", "file only");
	ck_assert_ptr_ne(eff, file);
	json_object_put(eff);

	eff = da_dockerd_effective(flags, NULL);
	assert_json(eff, "{\"hosts\": [\"fd://\"]}", "flags only");
	json_object_put(eff);

	/* a file that is not an object contributes nothing */
	eff = da_dockerd_effective(flags, arr);
	assert_json(eff, "{\"hosts\": [\"fd://\"]}", "file not an object");
	json_object_put(eff);
	eff = da_dockerd_effective(arr, file);
	assert_json(eff, "{\"hosts\": \"tcp://x\", \"icc\": false}", "flags not an object");
	json_object_put(eff);

	/* types differ: the flag wins */
	eff = da_dockerd_effective(flags, file);
	assert_json(eff, "{\"hosts\": [\"fd://\"], \"icc\": false}", "type clash");
	json_object_put(eff);

	json_object_put(file);
	json_object_put(flags);
	json_object_put(arr);
}
END_TEST

/* ---------------------------------------------------------------------------
 * whole probes
 */

START_TEST(test_probe_serving_dockerd)
{
	/* 100 is older, but it listens on the audited socket (as
	   /var/run/docker.sock, the same file as /run/docker.sock) */
	struct json_object *top = probe_with("proc-two", "root-a", false,
		"{\"source\": {\"endpoint\": \"unix:///var/run/docker.sock\"}}");

	assert_at(top, "host.dockerd.pid", "100");
	json_object_put(top);
	/* 200 serves /tmp/other.sock */
	top = probe_with("proc-two", "root-a", false,
			 "{\"source\": {\"endpoint\": \"unix:///tmp/other.sock\"}}");
	assert_at(top, "host.dockerd.pid", "200");
	json_object_put(top);
	/* nobody serves this one: never a guess (it was the newest, 200) */
	top = probe_with("proc-two", "root-a", false,
			 "{\"source\": {\"endpoint\": \"unix:///tmp/none.sock\"}}");
	assert_null_member(top, "host.dockerd");
	assert_at(top, "host.available", "false");
	assert_at(top, "host.reason", "\"cannot tell which dockerd serves /tmp/none.sock "
		  "(candidates: pids 100, 200, 500)\"");
	assert_at(top, "host.dockerd_match.pid", "null");
	json_object_put(top);
	/* the data root /info reports singles one out: 100 has the default */
	top = probe_with("proc-two", "root-a", false,
			 "{\"source\": {\"endpoint\": \"unix:///tmp/none.sock\"},"
			 " \"engine\": {\"info\": {\"DockerRootDir\": \"/srv/other\"}}}");
	assert_at(top, "host.available", "false");
	json_object_put(top);
}
END_TEST

START_TEST(test_probe_two_dockerd)
{
	/* 100 (older), 200 (newest outside containers), 400 (newer, a zombie),
	   500 (newest, but inside a container) */
	struct json_object *top = probe("proc-two", "root-a");

	assert_at(top, "host.available", "true");
	assert_null_member(top, "host.reason");
	assert_at(top, "host.dockerd_running", "true");
	assert_at(top, "host.dockerd.pid", "200");
	assert_at(top, "host.dockerd.candidates", "3");
	assert_at(top, "host.dockerd.exe", "\"/usr/sbin/dockerd\"");
	assert_at(top, "host.dockerd.argv",
		  "[\"/usr/sbin/dockerd\", \"--config-file\", \"/etc/docker/custom.json\","
		  " \"--log-level\", \"debug\", \"-H\", \"unix:///run/docker.sock\","
		  " \"--live-restore\"]");
	assert_null_member(top, "host.dockerd.argv_error");
	assert_at(top, "host.dockerd.flags",
		  "{\"config-file\": \"/etc/docker/custom.json\", \"log-level\": \"debug\","
		  " \"hosts\": [\"unix:///run/docker.sock\"], \"live-restore\": true}");
	/* --config-file honoured under the host root, reported as dockerd sees it */
	assert_at(top, "host.dockerd.config_file", "\"/etc/docker/custom.json\"");
	assert_at(top, "host.dockerd.config_file_exists", "true");
	assert_null_member(top, "host.dockerd.config_file_error");
	/* custom.json starts with a UTF-8 BOM, which dockerd accepts */
	assert_at(top, "host.dockerd.config",
		  "{\"userns-remap\": \"default\", \"hosts\": [\"tcp://0.0.0.0:2376\"],"
		  " \"debug\": false}");
	assert_at(top, "host.dockerd.effective",
		  "{\"userns-remap\": \"default\","
		  " \"hosts\": [\"tcp://0.0.0.0:2376\", \"unix:///run/docker.sock\"],"
		  " \"debug\": false, \"config-file\": \"/etc/docker/custom.json\","
		  " \"log-level\": \"debug\", \"live-restore\": true}");
	ck_assert(json_object_equal(at(top, "host.effective"), at(top, "host.dockerd.effective")));
	assert_at(top, "host.daemon_json.path", "\"/etc/docker/custom.json\"");
	assert_at(top, "host.daemon_json.exists", "true");
	ck_assert(json_object_equal(at(top, "host.daemon_json.content"),
				    at(top, "host.dockerd.config")));
	/* self: cgroup v2 says nothing, mountinfo names the container */
	assert_at(top, "host.self_container", "\"" ID1 "\"");
	assert_at(top, "host.errors", "[]");
	{
		char *r = fx("root-a");
		ck_assert_str_eq(str_at(top, "host.root"), r);
		free(r);
	}
	json_object_put(top);
}
END_TEST

START_TEST(test_probe_no_dockerd)
{
	struct json_object *top = probe("proc-none", "root-a");

	assert_at(top, "host.available", "true");
	assert_at(top, "host.dockerd_running", "false");
	assert_null_member(top, "host.dockerd");
	/* daemon.json is read anyway, and is all section 2 has */
	assert_at(top, "host.daemon_json.path", "\"/etc/docker/daemon.json\"");
	assert_at(top, "host.daemon_json.exists", "true");
	assert_null_member(top, "host.daemon_json.error");
	assert_at(top, "host.effective",
		  "{\"icc\": true, \"log-level\": \"info\","
		  " \"hosts\": [\"unix:///var/run/docker.sock\"],"
		  " \"log-opts\": {\"max-size\": \"10m\", \"max-file\": \"3\"}}");
	ck_assert(json_object_equal(at(top, "host.effective"), at(top, "host.daemon_json.content")));
	/* cgroup v1 "/docker/<id>" */
	assert_at(top, "host.self_container", "\"" ID2 "\"");
	json_object_put(top);
}
END_TEST

START_TEST(test_probe_argv0_relative_config)
{
	struct json_object *top = probe("proc-argv0", "root-a");

	/* comm is not "dockerd", argv[0] is; its stat comm holds ") Z (" */
	assert_at(top, "host.dockerd.pid", "300");
	assert_null_member(top, "host.dockerd.exe");
	assert_at(top, "host.dockerd.flags", "{\"config-file\": \"custom.json\", \"debug\": true}");
	/* relative to dockerd's working directory, /etc/docker */
	assert_at(top, "host.dockerd.config_file", "\"/etc/docker/custom.json\"");
	assert_at(top, "host.dockerd.config.userns-remap", "\"default\"");
	/* the flag wins over the file */
	assert_at(top, "host.effective.debug", "true");
	/* systemd driver "docker-<id>.scope" */
	assert_at(top, "host.self_container", "\"" ID3 "\"");
	json_object_put(top);
}
END_TEST

START_TEST(test_probe_hostile_cmdline)
{
	struct json_object *top = probe("proc-hostile", "root-empty");
	const char *label;

	/* 900 has no stat any more: it vanished during the scan */
	assert_at(top, "host.dockerd.pid", "800");
	assert_at(top, "host.dockerd.candidates", "1");
	assert_at(top, "host.dockerd.argv.5", "\"-H\"");
	/* the last argument has no NUL terminator */
	assert_at(top, "host.dockerd.argv.6", "\"unix:///x\"");
	label = str_at(top, "host.dockerd.argv.2");
	ck_assert_str_eq(label, "caf\xef\xbf\xbd");
	assert_at(top, "host.dockerd.argv_truncated", "false");
	/* "--icc false": a bool never takes the next argument */
	assert_at(top, "host.dockerd.flags",
		  "{\"labels\": [\"caf\\ufffd\"], \"icc\": true, \"hosts\": [\"unix:///x\"]}");
	/* an empty daemon.json means no settings, not an error */
	assert_at(top, "host.dockerd.config", "{}");
	assert_null_member(top, "host.dockerd.config_file_error");
	/* a truncated id is no id */
	assert_null_member(top, "host.self_container");
	json_object_put(top);
}
END_TEST

START_TEST(test_probe_empty_cmdline)
{
	struct json_object *top = probe("proc-empty", "root-notobj");
	const char *err;

	assert_at(top, "host.dockerd.pid", "810");
	assert_at(top, "host.dockerd.argv", "[]");
	err = str_at(top, "host.dockerd.argv_error");
	ck_assert_ptr_nonnull(strstr(err, "is empty"));
	assert_at(top, "host.dockerd.flags", "{}");
	assert_at(top, "host.dockerd.config_file", "\"/etc/docker/daemon.json\"");
	/* no self/ in this tree at all */
	assert_null_member(top, "host.self_container");
	json_object_put(top);
}
END_TEST

START_TEST(test_probe_config_file_missing)
{
	/* dockerd 200 names /etc/docker/custom.json, absent from this root */
	struct json_object *top = probe("proc-two", "root-nodaemon");

	assert_at(top, "host.dockerd.pid", "200");
	assert_at(top, "host.dockerd.config_file", "\"/etc/docker/custom.json\"");
	assert_at(top, "host.dockerd.config_file_exists", "false");
	assert_null_member(top, "host.dockerd.config_file_error");
	assert_null_member(top, "host.dockerd.config");
	ck_assert(json_object_equal(at(top, "host.effective"), at(top, "host.dockerd.flags")));
	json_object_put(top);
}
END_TEST

/* Writes dir/name with n bytes of data. */
static void put_file(const char *dir, const char *name, const char *data, size_t n)
{
	char *p = da_xasprintf("%s/%s", dir, name);
	FILE *f = fopen(p, "wb");

	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(data, 1, n, f), n);
	ck_assert_int_eq(fclose(f), 0);
	free(p);
}

/* --proc-root's check, and the proc folder a host root implies */
START_TEST(test_proc_dir)
{
	char tmpl[] = "/tmp/da-hostfacts-XXXXXX";
	char *dir = mkdtemp(tmpl), *fake, *link, *file, *file_root;
	char buf[4096], err[256];
	struct da_hostfacts_config cfg = { NULL, NULL, false };

	ck_assert_ptr_nonnull(dir);
	ck_assert_int_eq(da_proc_root_check("/proc", err, sizeof(err)), DA_OK);
	ck_assert_int_eq(da_proc_root_check(dir, err, sizeof(err)), DA_ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(err, "not one"));
	ck_assert_int_eq(da_proc_root_check("/proc/version", err, sizeof(err)), DA_ERR_INVALID);
	ck_assert_int_eq(da_proc_root_check("", err, sizeof(err)), DA_ERR_INVALID);
	ck_assert_int_eq(da_proc_root_check("/nonexistent/da", err, sizeof(err)), DA_ERR_INVALID);
	ck_assert_ptr_null(strchr(err, '\n'));

	/* no host root, "/": /proc; --proc-root wins */
	ck_assert_str_eq(da_proc_dir(&cfg, buf, sizeof(buf)), "/proc");
	ck_assert_str_eq(da_proc_dir(NULL, buf, sizeof(buf)), "/proc");
	cfg.host_root = "/";
	ck_assert_str_eq(da_proc_dir(&cfg, buf, sizeof(buf)), "/proc");
	cfg.proc_root = "/x/proc";
	ck_assert_str_eq(da_proc_dir(&cfg, buf, sizeof(buf)), "/x/proc");
	cfg.proc_root = NULL;
	/* a host root whose proc is a plain folder (a fake tree): not a procfs */
	fake = da_xasprintf("%s/fake", dir);
	ck_assert_int_eq(mkdir(fake, 0755), 0);
	file = da_xasprintf("%s/proc", fake);
	ck_assert_int_eq(mkdir(file, 0755), 0);
	cfg.host_root = fake;
	ck_assert_str_eq(da_proc_dir(&cfg, buf, sizeof(buf)), "/proc");
	/* a host root whose proc is dockaudit's own procfs: nothing changes */
	link = da_xasprintf("%s/proc", dir);
	ck_assert_int_eq(symlink("/proc", link), 0);
	file_root = da_xasprintf("%s///", dir);
	cfg.host_root = file_root;
	ck_assert_str_eq(da_proc_dir(&cfg, buf, sizeof(buf)), "/proc");
	/* too long for the buffer: /proc */
	ck_assert_str_eq(da_proc_dir(&cfg, buf, 4), "/proc");

	unlink(link);
	rmdir(file);
	rmdir(fake);
	rmdir(dir);
	free(link);
	free(file);
	free(fake);
	free(file_root);
}
END_TEST

START_TEST(test_probe_huge_cmdline)
{
	char tmpl[] = "/tmp/da-hostfacts-XXXXXX";
	char *dir = mkdtemp(tmpl), *pid, *big;
	const char *stat = "77 (dockerd) S 1 77 77 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5 0 0\n";
	size_t n = 2 * 1024 * 1024, i;
	struct da_hostfacts_config cfg = { NULL, NULL, false };
	struct json_object *top = json_object_new_object();

	ck_assert_ptr_nonnull(dir);
	pid = da_xasprintf("%s/77", dir);
	ck_assert_int_eq(mkdir(pid, 0755), 0);
	put_file(pid, "comm", "dockerd\n", 8);
	put_file(pid, "stat", stat, strlen(stat));
	/* "-H\0x\0" over and over: 2 MiB, some 800000 arguments */
	big = da_xmalloc(n);
	for (i = 0; i < n; i++)
		big[i] = "-H\0x\0"[i % 5];
	put_file(pid, "cmdline", big, n);
	free(big);

	cfg.proc_root = dir;
	ck_assert_int_eq(da_hostfacts_probe(&cfg, top), 0);
	assert_at(top, "host.dockerd.argv_truncated", "true");
	ck_assert_uint_eq(json_object_array_length(at(top, "host.dockerd.argv")), 65536);
	ck_assert_uint_eq(json_object_array_length(at(top, "host.dockerd.flags.hosts")), 32767);
	json_object_put(top);

	{
		const char *names[] = { "comm", "stat", "cmdline" };
		for (i = 0; i < 3; i++) {
			char *p = da_xasprintf("%s/%s", pid, names[i]);
			unlink(p);
			free(p);
		}
	}
	rmdir(pid);
	rmdir(dir);
	free(pid);
}
END_TEST

/* ---- the containers' processes (5.7) ----------------------------------- */

#define CID1 "1111111111111111111111111111111111111111111111111111111111111111"
#define CID2 "2222222222222222222222222222222222222222222222222222222222222222"
#define CID3 "3333333333333333333333333333333333333333333333333333333333333333"

static struct json_object *procs_root(void)
{
	return json_tokener_parse(
		"{\"engine\":{\"containers\":["
		"{\"Id\":\"" CID1 "\",\"State\":{\"Running\":true}},"
		"{\"Id\":\"" CID2 "\",\"State\":{\"Running\":true}},"
		"{\"Id\":\"" CID3 "\",\"State\":{\"Running\":false}}]}}");
}

static void procs_assert(struct json_object *root)
{
	assert_at(root, "engine.containers.0._top",
		  "{\"Titles\":[\"PID\",\"CMD\"],\"Processes\":[[\"100\",\"/usr/sbin/sshd -D\"]],"
		  "\"_source\":\"proc\"}");
	assert_at(root, "engine.containers.1._top.Processes", "[[\"101\",\"[sleep]\"]]");
	ck_assert_ptr_null(at(root, "engine.containers.2._top"));
}

/*
 * A process belongs to the running container whose id its cgroup names;
 * the scan made early in a thread (da_hostprocs_prefetch) finds what the
 * scan made then finds, a remote daemon's containers get nothing, and an
 * unused scan is released whole.
 */
START_TEST(test_container_procs)
{
	char tmpl[] = "/tmp/da-hostfacts-XXXXXX";
	char *dir = mkdtemp(tmpl), *pdir;
	static const struct {
		const char *pid, *cgroup, *cmdline, *comm;
		size_t cmdlen;
	} ps[] = {
		{ "100", "0::/system.slice/docker-" CID1 ".scope\n", "/usr/sbin/sshd\0-D\0", "sshd\n", 18 },
		{ "101", "12:pids:/docker/" CID2 "\n0::/docker/" CID2 "\n", "", "sleep\n", 0 },
		{ "102", "0::/user.slice/user-0.slice\n", "bash\0", "bash\n", 5 },
		{ "103", "0::/docker/" CID3 "\n", "top\0", "top\n", 4 },
	};
	struct da_hostfacts_config cfg = { NULL, NULL, false };
	struct da_procscan scan;
	struct json_object *a = procs_root(), *b = procs_root(), *c = procs_root();
	size_t i;

	ck_assert_ptr_nonnull(dir);
	for (i = 0; i < sizeof(ps) / sizeof(ps[0]); i++) {
		pdir = da_xasprintf("%s/%s", dir, ps[i].pid);
		ck_assert_int_eq(mkdir(pdir, 0755), 0);
		put_file(pdir, "cgroup", ps[i].cgroup, strlen(ps[i].cgroup));
		put_file(pdir, "cmdline", ps[i].cmdline, ps[i].cmdlen);
		put_file(pdir, "comm", ps[i].comm, strlen(ps[i].comm));
		free(pdir);
	}
	cfg.proc_root = dir;

	ck_assert_int_eq(da_hostprocs_probe(&cfg, a), 0);
	procs_assert(a);
	da_hostprocs_prefetch(&scan, &cfg);
	ck_assert_int_eq(da_hostprocs_probe_scanned(&cfg, b, &scan), 0);
	procs_assert(b);
	ck_assert(json_object_equal(a, b));
	/* the scan is consumed: releasing it again does nothing */
	da_hostprocs_scan_release(&scan);

	cfg.remote = true;
	da_hostprocs_prefetch(&scan, &cfg);
	ck_assert_int_eq(da_hostprocs_probe_scanned(&cfg, c, &scan), 0);
	ck_assert_ptr_null(at(c, "engine.containers.0._top"));
	/* a scan never used */
	da_hostprocs_prefetch(&scan, &cfg);
	da_hostprocs_scan_release(&scan);

	for (i = 0; i < sizeof(ps) / sizeof(ps[0]); i++) {
		const char *names[] = { "cgroup", "cmdline", "comm" };
		size_t k;

		for (k = 0; k < 3; k++) {
			char *f = da_xasprintf("%s/%s/%s", dir, ps[i].pid, names[k]);
			unlink(f);
			free(f);
		}
		pdir = da_xasprintf("%s/%s", dir, ps[i].pid);
		rmdir(pdir);
		free(pdir);
	}
	rmdir(dir);
	json_object_put(a);
	json_object_put(b);
	json_object_put(c);
}
END_TEST

START_TEST(test_probe_rootless)
{
	struct json_object *top = probe("proc-rootless", "root-a");

	assert_at(top, "host.dockerd.rootless", "true");
	assert_at(top, "host.dockerd.config_file",
		  "\"/home/alice/.config/docker/daemon.json\"");
	assert_at(top, "host.effective", "{\"userland-proxy\": false, \"rootless\": true}");
	/* its data root without --data-root: from its environment */
	assert_at(top, "host.dockerd.default_data_root", "\"/home/alice/.local/share/docker\"");
	json_object_put(top);

	/* rootless mode as the daemon reports it (engine.rootless) */
	{
		struct json_object *a = json_tokener_parse(
			"{\"SecurityOptions\": [\"name=seccomp,profile=default\", \"name=rootless\"]}");
		struct json_object *b = json_tokener_parse(
			"{\"SecurityOptions\": [\"name=rootlessx\", 7, \"rootless\"]}");
		struct json_object *c = json_tokener_parse(
			"{\"engine\": {\"rootless\": false, \"info\": {\"SecurityOptions\": [\"name=rootless\"]}}}");
		struct json_object *d = json_tokener_parse(
			"{\"engine\": {\"info\": {\"SecurityOptions\": [\"name=rootless,x=1\"]}}}");

		ck_assert(da_engine_rootless(a));
		ck_assert(!da_engine_rootless(b));
		ck_assert(!da_engine_rootless(NULL));
		ck_assert(!da_engine_rootless_of(c));  /* recorded: the probe's word */
		ck_assert(da_engine_rootless_of(d));   /* older snapshot: from /info */
		json_object_put(a);
		json_object_put(b);
		json_object_put(c);
		json_object_put(d);
	}
}
END_TEST

/* daemon.json variants, with no dockerd running */
struct json_case {
	const char *root;
	bool exists;
	const char *error_part; /* NULL: no error */
	const char *content;    /* JSON text, or "null" */
};

static const struct json_case json_cases[] = {
	{ "root-a", true, NULL,
	  "{\"icc\": true, \"log-level\": \"info\", \"hosts\": [\"unix:///var/run/docker.sock\"],"
	  " \"log-opts\": {\"max-size\": \"10m\", \"max-file\": \"3\"}}" },
	{ "root-invalid", true, "cannot parse /etc/docker/daemon.json", "null" },
	{ "root-notobj", true, "not a JSON object", "null" },
	{ "root-trailing", true, "trailing data", "null" },
	{ "root-empty", true, NULL, "{}" },
	{ "root-dir", true, "not a regular file", "null" },
	{ "root-nodaemon", false, NULL, "null" },
};

START_TEST(test_daemon_json_cases)
{
	const struct json_case *jc = &json_cases[_i];
	struct json_object *top = probe("proc-none", jc->root);
	struct json_object *err = at(top, "host.daemon_json.error");

	assert_at(top, "host.daemon_json.path", "\"/etc/docker/daemon.json\"");
	assert_at(top, "host.daemon_json.exists", jc->exists ? "true" : "false");
	if (jc->error_part) {
		const char *e = json_object_get_string(err);
		ck_assert_msg(err && strstr(e, jc->error_part), "%s: error %s, want ~%s", jc->root,
			      err ? e : "null", jc->error_part);
		ck_assert_ptr_null(strchr(e, '\n'));
	} else {
		assert_null_member(top, "host.daemon_json.error");
	}
	if (strcmp(jc->content, "null") == 0) {
		assert_null_member(top, "host.daemon_json.content");
		assert_at(top, "host.effective", "{}");
	} else {
		assert_at(top, "host.daemon_json.content", jc->content);
		assert_at(top, "host.effective", jc->content);
	}
	json_object_put(top);
}
END_TEST

static bool have_openat2(void)
{
#if defined(SYS_openat2) && defined(RESOLVE_IN_ROOT)
	struct open_how how;
	int fd;

	memset(&how, 0, sizeof(how));
	how.flags = O_RDONLY | O_DIRECTORY;
	how.resolve = RESOLVE_IN_ROOT;
	fd = (int)syscall(SYS_openat2, AT_FDCWD, "/", &how, sizeof(how));
	if (fd >= 0)
		close(fd);
	return fd >= 0;
#else
	return false;
#endif
}

START_TEST(test_daemon_json_symlinks_stay_in_root)
{
	struct json_object *top;

	if (!have_openat2()) {
		fputs("test_hostfacts: no openat2 here, symlink confinement not tested\n", stderr);
		return;
	}
	/* an absolute link resolves inside the host root */
	top = probe("proc-none", "root-symlink");
	assert_at(top, "host.daemon_json.content", "{\"no-new-privileges\": true}");
	json_object_put(top);
	/* "../../../etc/passwd" cannot climb out of it */
	top = probe("proc-none", "root-escape");
	assert_at(top, "host.daemon_json.exists", "false");
	assert_null_member(top, "host.daemon_json.content");
	json_object_put(top);
}
END_TEST

START_TEST(test_daemon_json_fifo_and_host_root_missing)
{
	char tmpl[] = "/tmp/da-hostfacts-XXXXXX";
	char *dir = mkdtemp(tmpl), *p;
	struct json_object *top;
	struct da_hostfacts_config cfg = { NULL, NULL, false };
	char *procdir = fx("proc-none");

	ck_assert_ptr_nonnull(dir);
	p = da_xasprintf("%s/etc", dir);
	ck_assert_int_eq(mkdir(p, 0755), 0);
	free(p);
	p = da_xasprintf("%s/etc/docker", dir);
	ck_assert_int_eq(mkdir(p, 0755), 0);
	free(p);
	p = da_xasprintf("%s/etc/docker/daemon.json", dir);
	ck_assert_int_eq(mkfifo(p, 0644), 0);

	/* a FIFO must neither block nor be read */
	cfg.host_root = dir;
	cfg.proc_root = procdir;
	top = json_object_new_object();
	ck_assert_int_eq(da_hostfacts_probe(&cfg, top), 0);
	ck_assert_ptr_nonnull(strstr(str_at(top, "host.daemon_json.error"), "not a regular file"));
	json_object_put(top);
	unlink(p);
	free(p);

	/* a host root that does not exist: nothing is read from "/" instead */
	p = da_xasprintf("%s/etc/docker", dir);
	rmdir(p);
	free(p);
	p = da_xasprintf("%s/etc", dir);
	rmdir(p);
	free(p);
	rmdir(dir);
	top = json_object_new_object();
	ck_assert_int_eq(da_hostfacts_probe(&cfg, top), 0);
	assert_at(top, "host.daemon_json.exists", "false");
	assert_null_member(top, "host.groups.docker");
	ck_assert_ptr_nonnull(strstr(str_at(top, "host.errors.0"), "cannot open host root"));
	json_object_put(top);
	free(procdir);
}
END_TEST

START_TEST(test_remote)
{
	struct json_object *top = probe_with(
		"proc-two", "root-a", true,
		"{\"source\": {\"endpoint\": \"tcp://10.0.0.1:2376\", \"remote\": true}}");
	const char *reason;

	assert_at(top, "host.available", "false");
	reason = str_at(top, "host.reason");
	ck_assert_ptr_nonnull(strstr(reason, "the daemon is remote (tcp://10.0.0.1:2376)"));
	assert_null_member(top, "host.dockerd");
	assert_at(top, "host.dockerd_running", "false");
	assert_at(top, "host.groups", "{}");
	ck_assert_ptr_nonnull(at(top, "host.env"));
	ck_assert_ptr_nonnull(at(top, "host.root"));
	/* the rest of the tree is left alone */
	assert_at(top, "source.endpoint", "\"tcp://10.0.0.1:2376\"");
	json_object_put(top);
}
END_TEST

START_TEST(test_podman)
{
	/* Podman's service on the audited socket: the dockerds of the host
	   (two here, one of them serving that socket) are never described */
	static const char *const seeds[] = {
		"{\"source\": {\"endpoint\": \"unix:///var/run/docker.sock\"},"
		" \"engine\": {\"kind\": \"podman\"}}",
		/* a snapshot made before engine.kind: the /version components */
		"{\"source\": {\"endpoint\": \"unix:///var/run/docker.sock\"},"
		" \"engine\": {\"version\": {\"Components\": [{\"Name\": \"Conmon\"},"
		" {\"Name\": \"Podman Engine\", \"Version\": \"4.3.1\"}]}}}",
	};
	size_t i;

	for (i = 0; i < sizeof(seeds) / sizeof(seeds[0]); i++) {
		struct json_object *top = probe_with("proc-two", "root-a", false, seeds[i]);
		const char *reason = str_at(top, "host.reason");

		assert_at(top, "host.available", "false");
		ck_assert_ptr_nonnull(reason);
		ck_assert_msg(strncmp(reason, "not applicable to Podman", 24) == 0, "%s", reason);
		ck_assert_str_eq(str_at(top, "host.dockerd_match.reason"), reason);
		assert_at(top, "host.dockerd_match.pid", "null");
		assert_at(top, "host.dockerd_match.candidates", "[]");
		assert_null_member(top, "host.dockerd");
		assert_null_member(top, "host.effective");
		assert_at(top, "host.dockerd_running", "false");
		json_object_put(top);
	}
	/* a Docker Engine with components of its own stays docker */
	{
		struct json_object *v = json_tokener_parse(
			"{\"Components\": [{\"Name\": \"Engine\"}, {\"Name\": \"podman engine\"}]}");
		ck_assert_str_eq(da_engine_kind(v), "docker");
		ck_assert_str_eq(da_engine_kind(NULL), "docker");
		json_object_put(v);
	}
}
END_TEST

START_TEST(test_env)
{
	struct json_object *top;

	setenv("DOCKER_CONTENT_TRUST", "1", 1);
	setenv("DOCKER_HOST", "unix:///run/x.sock", 1);
	top = probe("proc-none", "root-a");
	assert_at(top, "host.env", "{\"DOCKER_CONTENT_TRUST\": \"1\","
				   " \"DOCKER_HOST\": \"unix:///run/x.sock\"}");
	json_object_put(top);

	unsetenv("DOCKER_CONTENT_TRUST");
	unsetenv("DOCKER_HOST");
	top = probe("proc-none", "root-a");
	assert_at(top, "host.env", "{\"DOCKER_CONTENT_TRUST\": null, \"DOCKER_HOST\": null}");
	json_object_put(top);

	/* remote mode records the environment too */
	setenv("DOCKER_CONTENT_TRUST", "0", 1);
	top = probe_with("proc-none", NULL, true, NULL);
	assert_at(top, "host.env.DOCKER_CONTENT_TRUST", "\"0\"");
	ck_assert_str_eq(str_at(top, "host.reason"),
			 "the daemon is remote; host facts are not read");
	json_object_put(top);
	unsetenv("DOCKER_CONTENT_TRUST");
}
END_TEST

START_TEST(test_groups_file)
{
	struct json_object *top = probe("proc-none", "root-a");

	/* the bad gid line is skipped; the first good line wins */
	assert_at(top, "host.groups.docker",
		  "{\"gid\": 998, \"members\": [\"alice\", \"bob\", \"carol\"]}");
	json_object_put(top);

	/* gid out of range: no usable docker group */
	top = probe("proc-none", "root-invalid");
	assert_null_member(top, "host.groups.docker");
	json_object_put(top);

	/* three fields, no member list */
	top = probe("proc-none", "root-empty");
	assert_at(top, "host.groups.docker", "{\"gid\": 1001, \"members\": []}");
	json_object_put(top);

	/* no /etc/group at all */
	top = probe("proc-none", "root-notobj");
	assert_null_member(top, "host.groups.docker");
	assert_at(top, "host.errors", "[]");
	json_object_put(top);
}
END_TEST

START_TEST(test_groups_nss)
{
	/* host root "/": the answer is NSS's, whatever this machine says */
	struct json_object *top = probe("proc-none", NULL);
	struct group *g = getgrnam("docker");

	assert_at(top, "host.root", "\"/\"");
	if (!g) {
		assert_null_member(top, "host.groups.docker");
	} else {
		char **m;
		size_t n = 0;

		ck_assert_int_eq(json_object_get_int64(at(top, "host.groups.docker.gid")),
				 (int64_t)g->gr_gid);
		for (m = g->gr_mem; *m; m++, n++) {
			char path[64];
			snprintf(path, sizeof(path), "host.groups.docker.members.%zu", n);
			ck_assert_str_eq(str_at(top, path), *m);
		}
		ck_assert_uint_eq(json_object_array_length(at(top, "host.groups.docker.members")), n);
	}
	json_object_put(top);
}
END_TEST

START_TEST(test_root_normalised)
{
	char *r = fx("root-a"), *slashed = da_xasprintf("%s///", r);
	char *procdir = fx("proc-none");
	struct da_hostfacts_config cfg = { slashed, procdir, false };
	struct json_object *top = json_object_new_object();

	ck_assert_int_eq(da_hostfacts_probe(&cfg, top), 0);
	ck_assert_str_eq(str_at(top, "host.root"), r);
	assert_at(top, "host.groups.docker.gid", "998");
	json_object_put(top);

	cfg.host_root = "";
	top = json_object_new_object();
	ck_assert_int_eq(da_hostfacts_probe(&cfg, top), 0);
	assert_at(top, "host.root", "\"/\"");
	json_object_put(top);

	ck_assert_int_eq(da_hostfacts_probe(&cfg, NULL), DA_ERR_INVALID);
	free(r);
	free(slashed);
	free(procdir);
}
END_TEST

START_TEST(test_missing_proc)
{
	struct da_hostfacts_config cfg = { NULL, "/nonexistent/proc", false };
	struct json_object *top = json_object_new_object();

	ck_assert_int_eq(da_hostfacts_probe(&cfg, top), 0);
	assert_at(top, "host.dockerd_running", "false");
	assert_null_member(top, "host.dockerd");
	assert_null_member(top, "host.self_container");
	ck_assert_ptr_nonnull(strstr(str_at(top, "host.errors.0"), "cannot open /nonexistent/proc"));
	json_object_put(top);
}
END_TEST

/* The real /proc: must not crash; a dockerd found must be well-formed. */
START_TEST(test_live_proc)
{
	struct da_hostfacts_config cfg = { NULL, NULL, false };
	struct json_object *top = json_object_new_object(), *d;

	ck_assert_int_eq(da_hostfacts_probe(&cfg, top), 0);
	assert_at(top, "host.available", "true");
	d = at(top, "host.dockerd");
	if (d) {
		ck_assert(json_object_is_type(at(d, "argv"), json_type_array));
		ck_assert(json_object_is_type(at(d, "flags"), json_type_object));
		ck_assert(json_object_is_type(at(d, "effective"), json_type_object));
		ck_assert(json_object_get_int64(at(d, "pid")) > 0);
	}
	ck_assert(json_object_is_type(at(top, "host.effective"), json_type_object));
	json_object_put(top);
}
END_TEST

/* ---------------------------------------------------------------------------
 * without root
 */

/* The names fallback: descriptors hidden, the -H flags name the socket. */
START_TEST(test_probe_names_socket)
{
	struct json_object *top;

	/* 100 is the oldest, but the only one naming a.sock */
	top = probe_with("proc-names", "root-a", false,
			 "{\"source\": {\"endpoint\": \"unix:///run/a.sock\"}}");
	assert_at(top, "host.dockerd.pid", "100");
	assert_at(top, "host.dockerd.candidates", "3");
	json_object_put(top);
	top = probe_with("proc-names", "root-a", false,
			 "{\"source\": {\"endpoint\": \"unix:///run/b.sock\"}}");
	assert_at(top, "host.dockerd.pid", "200");
	json_object_put(top);
	/* -Hunix:///var/run/c.sock names /run/c.sock */
	top = probe_with("proc-names", "root-a", false,
			 "{\"source\": {\"endpoint\": \"unix:///run/c.sock\"}}");
	assert_at(top, "host.dockerd.pid", "300");
	json_object_put(top);
	/* no one names it: never a guess (it was the newest, 200) */
	top = probe_with("proc-names", "root-a", false,
			 "{\"source\": {\"endpoint\": \"unix:///run/d.sock\"}}");
	assert_at(top, "host.available", "false");
	assert_null_member(top, "host.dockerd");
	json_object_put(top);
	/* --daemon-pid names it */
	top = json_tokener_parse("{\"source\": {\"endpoint\": \"unix:///run/d.sock\"}}");
	{
		char *procdir = fx("proc-names"), *rootdir = fx("root-a");
		struct da_hostfacts_config cfg = { rootdir, procdir, false };

		ck_assert_int_eq(da_hostfacts_probe_pid(&cfg, 200, top), 0);
		ck_assert_int_eq(da_hostfacts_probe_pid(&cfg, 4242, top), DA_ERR_NOTFOUND);
		json_object_put(top);
		top = json_tokener_parse("{\"source\": {\"endpoint\": \"unix:///run/d.sock\"}}");
		ck_assert_int_eq(da_hostfacts_probe_pid(&cfg, 200, top), 0);
		free(procdir);
		free(rootdir);
	}
	assert_at(top, "host.dockerd.pid", "200");
	assert_at(top, "host.dockerd_match.by", "\"--daemon-pid\"");
	/* a fake /proc has no exe link: its absence is recorded */
	ck_assert_ptr_nonnull(strstr(str_at(top, "host.dockerd.exe_error"), "/200/exe: "));
	assert_null_member(top, "host.dockerd.exe");
	json_object_put(top);
}
END_TEST

/*
 * A process that looks like dockerd in the real /proc: a shell script
 * named dockerd (comm is the script's name), run as root from dir with
 * the given arguments.  Returns its pid once its comm reads "dockerd".
 */
static pid_t fake_dockerd(const char *dir, const char *const *args)
{
	char *script = da_xasprintf("%s/dockerd", dir);
	char *argv[16];
	FILE *fp;
	pid_t pid;
	int i, n = 0;

	fp = fopen(script, "w");
	ck_assert_ptr_nonnull(fp);
	/* bounded: a failed assertion must not leave it running */
	fputs("#!/bin/sh\ni=0\nwhile [ $i -lt 60 ]; do sleep 1; i=$((i + 1)); done\n", fp);
	fclose(fp);
	ck_assert_int_eq(chmod(script, 0755), 0);
	argv[n++] = script;
	for (i = 0; args[i] && n < 15; i++)
		argv[n++] = (char *)args[i];
	argv[n] = NULL;
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		if (chdir(dir) != 0)
			_exit(126);
		execv(script, argv);
		_exit(127);
	}
	for (i = 0; i < 500; i++) {
		char path[64], comm[32] = "";
		FILE *c;

		snprintf(path, sizeof(path), "/proc/%ld/comm", (long)pid);
		c = fopen(path, "r");
		if (c) {
			if (!fgets(comm, sizeof(comm), c))
				comm[0] = '\0';
			fclose(c);
		}
		if (strcmp(comm, "dockerd\n") == 0)
			break;
		usleep(10000);
	}
	free(script);
	return pid;
}

static void stop_fake(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

/* Probes the real /proc as uid and gid 65534 in a child; seed as in probe_with. */
static struct json_object *probe_unprivileged(const char *seed)
{
	struct da_hostfacts_config cfg = { NULL, NULL, false };

	return dt_probe_as_nobody(da_hostfacts_probe, &cfg, seed);
}

/*
 * The real /proc without root: another user's exe, cwd, environ and fd
 * are hidden.  The dockerd behind the socket is still found (by its -H
 * flags), and what could not be read is recorded, not guessed.
 */
START_TEST(test_probe_unprivileged_live)
{
	static const char *const args_rel[] = { "-H", NULL, "--config-file", "custom.json", NULL };
	static const char *const args_def[] = { "--host", NULL, NULL };
	char dir[] = "/tmp/dahpXXXXXX", *sock_a, *sock_b, *ep_a, *ep_b, *seed;
	const char *args[8];
	struct json_object *top;
	char pidtxt[32];
	pid_t a, b;

	if (geteuid() != 0) {
		dt_skip("test_hostfacts: not root, the unprivileged probe is left out");
		return;
	}
	ck_assert_ptr_nonnull(mkdtemp(dir));
	sock_a = da_xasprintf("%s/a.sock", dir);
	sock_b = da_xasprintf("%s/b.sock", dir);
	ep_a = da_xasprintf("unix://%s", sock_a);
	ep_b = da_xasprintf("unix://%s", sock_b);

	memcpy(args, args_rel, sizeof(args_rel));
	args[1] = ep_a;
	a = fake_dockerd(dir, args);
	memcpy(args, args_def, sizeof(args_def));
	args[1] = ep_b;
	b = fake_dockerd(dir, args);

	/* as root: exe and the working directory are known */
	seed = da_xasprintf("{\"source\": {\"endpoint\": \"%s\"}}", ep_a);
	top = probe_with(NULL, NULL, false, seed);
	snprintf(pidtxt, sizeof(pidtxt), "%ld", (long)a);
	assert_at(top, "host.privileged", "true");
	assert_at(top, "host.uid", "0");
	assert_at(top, "host.dockerd.pid", pidtxt);
	ck_assert(at(top, "host.dockerd.exe") != NULL);
	assert_null_member(top, "host.dockerd.exe_error");
	{
		char *want = da_xasprintf("\"%s/custom.json\"", dir);
		assert_at(top, "host.daemon_json.path", want);
		free(want);
	}
	json_object_put(top);

	/* without root */
	top = probe_unprivileged(seed);
	assert_at(top, "host.privileged", "false");
	assert_at(top, "host.uid", "65534");
	assert_at(top, "host.dockerd.pid", pidtxt);
	assert_null_member(top, "host.dockerd.exe");
	ck_assert_ptr_nonnull(strstr(str_at(top, "host.dockerd.exe_error"), "permission denied"));
	/* a relative --config-file cannot be placed: said, not guessed */
	ck_assert_ptr_nonnull(strstr(str_at(top, "host.daemon_json.error"),
				     "cannot resolve the relative --config-file custom.json"));
	ck_assert_ptr_nonnull(strstr(str_at(top, "host.daemon_json.error"), "permission denied"));
	ck_assert_ptr_nonnull(strstr(str_at(top, "host.dockerd.config_file_error"),
				     "permission denied"));
	assert_null_member(top, "host.daemon_json.content");
	json_object_put(top);
	free(seed);

	/* the default daemon.json of a root-owned dockerd needs no environ */
	seed = da_xasprintf("{\"source\": {\"endpoint\": \"%s\"}}", ep_b);
	top = probe_unprivileged(seed);
	snprintf(pidtxt, sizeof(pidtxt), "%ld", (long)b);
	assert_at(top, "host.dockerd.pid", pidtxt);
	assert_at(top, "host.dockerd.rootless", "false");
	assert_at(top, "host.dockerd.config_file", "\"/etc/docker/daemon.json\"");
	ck_assert(at(top, "host.daemon_json.error") == NULL ||
		  !strstr(str_at(top, "host.daemon_json.error"), "cannot tell"));
	json_object_put(top);
	free(seed);

	stop_fake(a);
	stop_fake(b);
	{
		char *script = da_xasprintf("%s/dockerd", dir);
		unlink(script);
		free(script);
	}
	rmdir(dir);
	free(sock_a);
	free(sock_b);
	free(ep_a);
	free(ep_b);
}
END_TEST

static Suite *hostfacts_suite(void)
{
	Suite *s = suite_create("hostfacts");
	TCase *tc;

	tc = tcase_create("parse");
	tcase_add_loop_test(tc, test_parse_table, 0,
			    (int)(sizeof(parse_cases) / sizeof(parse_cases[0])));
	tcase_add_test(tc, test_parse_degenerate);
	tcase_add_test(tc, test_parse_10k_args);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);

	tc = tcase_create("effective");
	tcase_add_test(tc, test_effective_merge);
	tcase_add_test(tc, test_effective_edges);
	suite_add_tcase(s, tc);

	tc = tcase_create("probe");
	tcase_add_test(tc, test_probe_serving_dockerd);
	tcase_add_test(tc, test_probe_two_dockerd);
	tcase_add_test(tc, test_probe_no_dockerd);
	tcase_add_test(tc, test_probe_argv0_relative_config);
	tcase_add_test(tc, test_probe_hostile_cmdline);
	tcase_add_test(tc, test_probe_empty_cmdline);
	tcase_add_test(tc, test_probe_rootless);
	tcase_add_test(tc, test_probe_config_file_missing);
	tcase_add_test(tc, test_probe_huge_cmdline);
	tcase_add_test(tc, test_proc_dir);
	tcase_add_loop_test(tc, test_daemon_json_cases, 0,
			    (int)(sizeof(json_cases) / sizeof(json_cases[0])));
	tcase_add_test(tc, test_daemon_json_symlinks_stay_in_root);
	tcase_add_test(tc, test_daemon_json_fifo_and_host_root_missing);
	tcase_add_test(tc, test_remote);
	tcase_add_test(tc, test_podman);
	tcase_add_test(tc, test_env);
	tcase_add_test(tc, test_groups_file);
	tcase_add_test(tc, test_groups_nss);
	tcase_add_test(tc, test_root_normalised);
	tcase_add_test(tc, test_container_procs);
	tcase_add_test(tc, test_missing_proc);
	tcase_add_test(tc, test_live_proc);
	tcase_add_test(tc, test_probe_names_socket);
	tcase_add_test(tc, test_probe_unprivileged_live);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return dt_run_suite(hostfacts_suite());
}
