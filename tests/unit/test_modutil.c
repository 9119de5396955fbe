/*
 * libmodutil (modules/common): every function the bundled modules share,
 * through the host's real function table.  The helpers that fill a result
 * run inside a check of a small module defined here (dt_run, the
 * descriptor validated as the loader does); the readers are called with
 * the table that check was handed.  Edge cases: empty and missing values,
 * JSON null, values of the wrong type, long inputs, paths with ".." and
 * "//", hostile bytes.
 */
#include "config.h"

#include "testlib.h"

#include "../../modules/common/modutil.h"

#include <dockaudit/module.h>

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- a module whose one check runs the body a test gives ------------------ */

typedef void (*body_fn)(const struct da_host *h, const struct da_probe *p,
			struct da_result *res);

static body_fn body;

static void run_body(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	body(h, p, res);
}

static const struct da_check checks[] = {
	{ .id = "1", .title = "libmodutil (Automated)", .flags = DA_CHECK_SCORED, .level = 1,
	  .run = run_body },
};

static const struct da_module testmod = {
	DA_MODULE_HEAD,
	.name = "modutil",
	.version = "1",
	.section = "1",
	.section_title = "libmodutil",
	.checks = checks,
	.n_checks = DA_COUNT(checks),
};

/* Runs f as a check against p. Free the result with da_result_free(). */
static struct da_result *run(body_fn f, const struct da_probe *p)
{
	body = f;
	return dt_run(&testmod, "1", p);
}

static const struct da_host *captured;

static void capture(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	(void)p;
	captured = h;
	h->set(res, DA_PASS, NULL);
}

/* The function table the host hands a check. */
static const struct da_host *host(void)
{
	struct da_probe *p = dt_probe_json("{}");

	captured = NULL;
	da_result_free(run(capture, p));
	dt_probe_free(p);
	ck_assert_ptr_nonnull(captured);
	return captured;
}

/* A string of n copies of c (n < 70000). Static. */
static const char *repeat(char c, size_t n)
{
	static char buf[70000];

	ck_assert_uint_lt(n, sizeof(buf));
	memset(buf, c, n);
	buf[n] = '\0';
	return buf;
}

/* --- the probe tree (tree.c) --------------------------------------------- */

START_TEST(test_tree_parts)
{
	const struct da_host *h = host();
	struct da_probe *p = dt_probe_json(
		"{\"engine\": {\"version\": {\"Version\": \"27.3.1\"}, \"containers\": "
		"[{\"Id\": \"c1\"}, {\"Id\": \"c2\"}], \"images\": []},"
		" \"host\": {\"available\": true, \"dockerd\": {\"pid\": 5}}}");
	struct da_probe *bare = dt_probe_json("{}");

	ck_assert_str_eq(h->str(mu_engine(h, p), "version.Version"), "27.3.1");
	ck_assert_ptr_eq(mu_host(h, p, NULL), h->member(h->probe_root(p), "host"));
	ck_assert_int_eq(h->type(mu_host(h, p, "dockerd")), DA_NODE_OBJECT);
	ck_assert_ptr_null(mu_host(h, p, "dockerd.missing"));
	ck_assert_ptr_null(mu_host(h, p, "nothing.at.all"));
	ck_assert_int_eq(h->len(mu_containers(h, p)), 2);
	ck_assert_int_eq(h->type(mu_images(h, p)), DA_NODE_ARRAY);
	ck_assert_int_eq(h->len(mu_images(h, p)), 0);

	/* an empty probe: nothing, and no crash on the way down */
	ck_assert_ptr_null(mu_engine(h, bare));
	ck_assert_ptr_null(mu_host(h, bare, NULL));
	ck_assert_ptr_null(mu_host(h, bare, "dockerd.effective"));
	ck_assert_ptr_null(mu_containers(h, bare));
	ck_assert_ptr_null(mu_images(h, bare));
	dt_probe_free(p);
	dt_probe_free(bare);
}
END_TEST

START_TEST(test_names)
{
	const struct da_host *h = host();
	struct da_probe *p = dt_probe_json(
		"{\"c\": [{\"Name\": \"/web\", \"Id\": \"abc\"}, {\"Name\": \"db\", \"Id\": \"d\"},"
		" {\"Name\": \"/\", \"Id\": \"only-id\"}, {\"Name\": \"\", \"Id\": \"e\"},"
		" {\"Name\": 7, \"Id\": \"f\"}, {}, {\"Id\": \"\"}, {\"Name\": \"//x\"},"
		" {\"Name\": \"/\\u001b[31mred\\nline\\u00ff\"}, null],"
		" \"i\": [{\"RepoTags\": [\"busybox:1\", \"b:2\"]}, {\"RepoTags\": []},"
		" {\"RepoTags\": [\"\"]}, {}, {\"RepoTags\": \"x:1\"}, {\"RepoTags\": [null, \"y\"]},"
		" {\"RepoTags\": [\"\\u0007bell:\\\"q\\\"\"]}]}");
	const struct da_node *c = h->member(h->probe_root(p), "c");
	const struct da_node *i = h->member(h->probe_root(p), "i");
	struct da_probe *lp;
	char *json;

	ck_assert_str_eq(mu_cname(h, h->at(c, 0)), "web");
	ck_assert_str_eq(mu_cname(h, h->at(c, 1)), "db");
	ck_assert_str_eq(mu_cname(h, h->at(c, 2)), "only-id");
	ck_assert_str_eq(mu_cname(h, h->at(c, 3)), "e");
	ck_assert_str_eq(mu_cname(h, h->at(c, 4)), "f");
	ck_assert_str_eq(mu_cname(h, h->at(c, 5)), "?");
	ck_assert_str_eq(mu_cname(h, h->at(c, 6)), "");
	ck_assert_str_eq(mu_cname(h, h->at(c, 7)), "/x");
	/* hostile bytes are kept as they are: escaping is each format's job */
	ck_assert_str_eq(mu_cname(h, h->at(c, 8)), "\033[31mred\nline\xc3\xbf");
	ck_assert_str_eq(mu_cname(h, h->at(c, 9)), "?");
	ck_assert_str_eq(mu_cname(h, NULL), "?");

	ck_assert_str_eq(mu_image_name(h, h->at(i, 0)), "busybox:1");
	ck_assert_str_eq(mu_image_name(h, h->at(i, 1)), "<none>");
	ck_assert_str_eq(mu_image_name(h, h->at(i, 2)), "<none>");
	ck_assert_str_eq(mu_image_name(h, h->at(i, 3)), "<none>");
	ck_assert_str_eq(mu_image_name(h, h->at(i, 4)), "<none>");
	ck_assert_str_eq(mu_image_name(h, h->at(i, 5)), "<none>");
	ck_assert_str_eq(mu_image_name(h, h->at(i, 6)), "\abell:\"q\"");
	ck_assert_str_eq(mu_image_name(h, NULL), "<none>");
	dt_probe_free(p);

	/* a long name comes back whole */
	json = NULL;
	ck_assert_int_gt(asprintf(&json, "{\"c\": {\"Name\": \"/%s\"}}", repeat('n', 65000)), 0);
	lp = dt_probe_json(json);
	ck_assert_uint_eq(strlen(mu_cname(h, h->member(h->probe_root(lp), "c"))), 65000);
	dt_probe_free(lp);
	free(json);
}
END_TEST

START_TEST(test_node_true_and_available)
{
	const struct da_host *h = host();
	struct da_probe *p = dt_probe_json(
		"{\"n\": {\"t\": true, \"f\": false, \"s\": \"true\", \"i\": 1, \"z\": null}}");
	const struct da_node *n = h->member(h->probe_root(p), "n");
	static const char *const hosts[] = {
		"{\"host\": {\"available\": true}}",
		"{\"host\": {\"available\": false}}",
		"{\"host\": {\"available\": \"yes\"}}",
		"{\"host\": {\"available\": 1}}",
		"{\"host\": {}}",
		"{\"host\": null}",
		"{}",
	};
	size_t k;

	ck_assert(mu_node_true(h, n, "t"));
	ck_assert(!mu_node_true(h, n, "f"));
	ck_assert(!mu_node_true(h, n, "s"));
	ck_assert(!mu_node_true(h, n, "i"));
	ck_assert(!mu_node_true(h, n, "z"));
	ck_assert(!mu_node_true(h, n, "missing"));
	ck_assert(!mu_node_true(h, NULL, "t"));
	dt_probe_free(p);

	for (k = 0; k < sizeof(hosts) / sizeof(hosts[0]); k++) {
		p = dt_probe_json(hosts[k]);
		ck_assert_msg(mu_host_available(h, p) == (k == 0), "%s", hosts[k]);
		dt_probe_free(p);
	}
}
END_TEST

static void unavailable_body(const struct da_host *h, const struct da_probe *p,
			     struct da_result *res)
{
	if (!mu_host_unavailable(h, p, res))
		h->set(res, DA_PASS, "available");
}

START_TEST(test_host_unavailable)
{
	static const struct {
		const char *json;
		enum da_status st;
		const char *detail;
	} cases[] = {
		{ "{\"host\": {\"available\": true, \"reason\": \"ignored\"}}", DA_PASS, "available" },
		{ "{\"host\": {\"available\": false, \"reason\": \"the daemon is remote (tcp://x)\"}}",
		  DA_INFO, "the daemon is remote (tcp://x)" },
		{ "{\"host\": {\"available\": false, \"reason\": \"\"}}", DA_INFO,
		  "host facts are not available" },
		{ "{\"host\": {\"available\": false, \"reason\": null}}", DA_INFO,
		  "host facts are not available" },
		{ "{\"host\": {\"available\": false, \"reason\": 3}}", DA_INFO,
		  "host facts are not available" },
		{ "{}", DA_INFO, "host facts are not available" },
		/* a hostile reason is the detail verbatim (%s, never a format) */
		{ "{\"host\": {\"available\": false, \"reason\": \"%s%n%x \\u001b]0;\\u0007\"}}",
		  DA_INFO, "%s%n%x \033]0;\a" },
	};
	size_t k;

	for (k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		struct da_probe *p = dt_probe_json(cases[k].json);
		struct da_result *res = run(unavailable_body, p);

		ck_assert_msg(res->status == cases[k].st, "%s: status %d", cases[k].json,
			      (int)res->status);
		ck_assert_str_eq(dt_detail(res), cases[k].detail);
		da_result_free(res);
		dt_probe_free(p);
	}
}
END_TEST

START_TEST(test_daemon_config)
{
	const struct da_host *h = host();
	struct da_probe *both = dt_probe_json(
		"{\"host\": {\"dockerd\": {\"effective\": {\"from\": \"dockerd\"}},"
		" \"effective\": {\"from\": \"host\"}}}");
	struct da_probe *no_dockerd = dt_probe_json(
		"{\"host\": {\"dockerd\": null, \"effective\": {\"from\": \"host\"}}}");
	struct da_probe *odd = dt_probe_json(
		"{\"host\": {\"dockerd\": {\"effective\": \"not an object\"},"
		" \"effective\": {\"from\": \"host\"}}}");
	struct da_probe *none = dt_probe_json("{\"host\": {}}");

	ck_assert_str_eq(h->str(mu_daemon_config(h, both), "from"), "dockerd");
	ck_assert_str_eq(h->str(mu_effective(h, both), "from"), "dockerd");
	ck_assert_str_eq(h->str(mu_daemon_config(h, no_dockerd), "from"), "host");
	ck_assert_str_eq(h->str(mu_effective(h, no_dockerd), "from"), "host");
	/* the running dockerd's view even when malformed; mu_effective wants an object */
	ck_assert_int_eq(h->type(mu_daemon_config(h, odd)), DA_NODE_STRING);
	ck_assert_str_eq(h->str(mu_effective(h, odd), "from"), "host");
	ck_assert_ptr_null(mu_daemon_config(h, none));
	ck_assert_ptr_null(mu_effective(h, none));
	dt_probe_free(both);
	dt_probe_free(no_dockerd);
	dt_probe_free(odd);
	dt_probe_free(none);
}
END_TEST

/* A probe (JSON) and the string a reader should give for it (NULL: none). */
struct str_case {
	const char *json;
	const char *want;
};

/* Asserts fn's answer for each of the n cases. */
static void expect_strings(const char *(*fn)(const struct da_host *, const struct da_probe *),
			   const struct str_case *cases, size_t n)
{
	const struct da_host *h = host();
	size_t k;

	for (k = 0; k < n; k++) {
		struct da_probe *p = dt_probe_json(cases[k].json);
		const char *got = fn(h, p);

		if (cases[k].want)
			ck_assert_msg(got && strcmp(got, cases[k].want) == 0, "%s: %s", cases[k].json,
				      got ? got : "NULL");
		else
			ck_assert_msg(got == NULL, "%s: %s", cases[k].json, got);
		dt_probe_free(p);
	}
}

START_TEST(test_config_file)
{
	static const struct str_case cases[] = {
		{ "{\"host\": {\"dockerd\": {\"config_file\": \"/etc/d/x.json\"},"
		  " \"daemon_json\": {\"path\": \"/other.json\"}}}", "/etc/d/x.json" },
		{ "{\"host\": {\"dockerd\": {\"config_file\": \"\"},"
		  " \"daemon_json\": {\"path\": \"/other.json\"}}}", "/other.json" },
		{ "{\"host\": {\"dockerd\": null, \"daemon_json\": {\"path\": \"/root/.config/"
		  "docker/daemon.json\"}}}", "/root/.config/docker/daemon.json" },
		{ "{\"host\": {\"daemon_json\": {\"path\": \"\"}}}", "/etc/docker/daemon.json" },
		{ "{\"host\": {\"daemon_json\": {\"path\": 1}}}", "/etc/docker/daemon.json" },
		{ "{}", "/etc/docker/daemon.json" },
		{ "{\"host\": {\"dockerd\": {\"config_file\": \"/a b/\\u001b\\n.json\"}}}",
		  "/a b/\033\n.json" },
	};

	expect_strings(mu_config_file, cases, sizeof(cases) / sizeof(cases[0]));
}
END_TEST

static const char *unit_path;
static const struct da_node *unit_node;

static void unit_body(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	unit_path = mu_unit_path(h, p, res, "docker.service", &unit_node);
	if (unit_path)
		h->set(res, DA_PASS, "found");
}

START_TEST(test_unit_path)
{
	struct da_probe *p;
	struct da_result *res;

	p = dt_probe_json("{\"host\": {\"available\": true, \"units\": {\"docker.service\":"
			  " {\"path\": \"/lib/systemd/system/docker.service\"}}}}");
	res = run(unit_body, p);
	ck_assert_str_eq(unit_path, "/lib/systemd/system/docker.service");
	ck_assert_ptr_nonnull(unit_node);
	ck_assert_int_eq(res->status, DA_PASS);
	ck_assert(res->scored);
	da_result_free(res);
	dt_probe_free(p);

	/* not found: unscored INFO, the unit's fact (here none) still given */
	p = dt_probe_json("{\"host\": {\"available\": true, \"units\": {\"docker.socket\":"
			  " {\"path\": \"/x\"}}}}");
	res = run(unit_body, p);
	ck_assert_ptr_null(unit_path);
	ck_assert_ptr_null(unit_node);
	ck_assert_int_eq(res->status, DA_INFO);
	ck_assert(!res->scored);
	ck_assert_str_eq(dt_detail(res), "not found: docker.service in the systemd unit directories");
	da_result_free(res);
	dt_probe_free(p);

	/* a unit without a path (or a path of another type) is not found */
	p = dt_probe_json("{\"host\": {\"available\": true, \"units\": {\"docker.service\":"
			  " {\"path\": false, \"error\": \"x\"}}}}");
	res = run(unit_body, p);
	ck_assert_ptr_null(unit_path);
	ck_assert_ptr_nonnull(unit_node);
	ck_assert_int_eq(res->status, DA_INFO);
	da_result_free(res);
	dt_probe_free(p);

	/* host.units missing or not an object: the probe did not look */
	p = dt_probe_json("{\"host\": {\"available\": true, \"units\": []}}");
	res = run(unit_body, p);
	ck_assert_ptr_null(unit_path);
	ck_assert_int_eq(res->status, DA_ERROR);
	dt_assert_detail_has(res, "host.units is missing");
	da_result_free(res);
	dt_probe_free(p);

	/* no host facts: their reason */
	p = dt_probe_json("{\"host\": {\"available\": false, \"reason\": \"remote\","
			  " \"units\": {\"docker.service\": {\"path\": \"/x\"}}}}");
	res = run(unit_body, p);
	ck_assert_ptr_null(unit_path);
	ck_assert_ptr_null(unit_node);
	ck_assert_int_eq(res->status, DA_INFO);
	ck_assert_str_eq(dt_detail(res), "remote");
	da_result_free(res);
	dt_probe_free(p);
}
END_TEST

START_TEST(test_config_denied)
{
	static const struct str_case cases[] = {
		{ "{\"host\": {\"daemon_json\": {\"error\": \"cannot open /etc/docker/daemon.json:"
		  " permission denied\"}}}", "permission denied" },
		{ "{\"host\": {\"dockerd\": {\"config_file_error\": \"cannot read /proc/1/root:"
		  " operation not permitted\"}}}", "operation not permitted" },
		/* the file's own error wins */
		{ "{\"host\": {\"daemon_json\": {\"error\": \"invalid JSON\"}, \"dockerd\":"
		  " {\"config_file_error\": \"permission denied\"}}}", NULL },
		{ "{\"host\": {\"daemon_json\": {\"error\": null}, \"dockerd\":"
		  " {\"config_file_error\": \"permission denied\"}}}", "permission denied" },
		{ "{\"host\": {\"daemon_json\": {\"error\": \"no such file or directory\"}}}", NULL },
		{ "{\"host\": {\"daemon_json\": {\"error\": 13}}}", NULL },
		{ "{}", NULL },
	};

	expect_strings(mu_config_denied, cases, sizeof(cases) / sizeof(cases[0]));
}
END_TEST

START_TEST(test_benchmark_version)
{
	const struct da_host *h = host();
	struct da_probe *p = dt_probe_json("{}");

	ck_assert_int_eq(mu_benchmark_version(h, p), 10600);
	da_probe_set_option(p, "benchmark", "cis-1.8.0");
	ck_assert_int_eq(mu_benchmark_version(h, p), 10800);
	da_probe_set_option(p, "benchmark", "cis-1.7.0");
	ck_assert_int_eq(mu_benchmark_version(h, p), 10700);
	da_probe_set_option(p, "benchmark", "latest");
	ck_assert_int_eq(mu_benchmark_version(h, p), 10600);
	da_probe_set_option(p, "benchmark", NULL);
	ck_assert_int_eq(mu_benchmark_version(h, p), 10600);
	dt_probe_free(p);
}
END_TEST

/* --- strings (text.c) ---------------------------------------------------- */

START_TEST(test_str_in)
{
	static const char *const list[] = { "host", "", "none", NULL };
	static const char *const empty[] = { NULL };

	ck_assert(mu_str_in("host", list));
	ck_assert(mu_str_in("none", list));
	ck_assert(mu_str_in("", list));
	ck_assert(!mu_str_in("Host", list));
	ck_assert(!mu_str_in("hos", list));
	ck_assert(!mu_str_in("hostx", list));
	ck_assert(!mu_str_in("host\n", list));
	ck_assert(!mu_str_in(NULL, list));
	ck_assert(!mu_str_in("host", empty));
	ck_assert(!mu_str_in("", empty));
	ck_assert(!mu_str_in(repeat('h', 65000), list));
}
END_TEST

START_TEST(test_normpath_cases)
{
	static const struct {
		const char *in;
		const char *want; /* NULL: in itself comes back */
	} cases[] = {
		{ "/usr//bin/./dockerd/", "/usr/bin/dockerd" },
		{ "/", "/" },
		{ "///", "/" },
		{ "/./", "/" },
		{ "/././.", "/" },
		{ "//etc", "/etc" },
		{ "/etc/docker//", "/etc/docker" },
		/* ".." is kept: only the filesystem can resolve it */
		{ "/a/../b", "/a/../b" },
		{ "/../..//./x/", "/../../x" },
		{ "/a/..", "/a/.." },
		{ "/...", "/..." },
		{ "/.hidden/./.x", "/.hidden/.x" },
		{ "/a.", "/a." },
		/* hostile bytes pass through untouched */
		{ "/\x01\xff//\n/./\x1b[0m", "/\x01\xff/\n/\x1b[0m" },
		{ "/ / /", "/ / " },
		/* not absolute */
		{ "", NULL },
		{ "relative/path", NULL },
		{ "./etc", NULL },
		{ " /etc", NULL },
		{ "\\etc", NULL },
	};
	char out[64];
	size_t k;

	for (k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		const char *got = mu_normpath(cases[k].in, out, sizeof(out));

		if (cases[k].want)
			ck_assert_msg(got == out && strcmp(out, cases[k].want) == 0,
				      "case %zu: \"%s\"", k, got);
		else
			ck_assert_msg(got == cases[k].in, "case %zu", k);
		ck_assert_msg(da_normpath(cases[k].in, out, sizeof(out)) == (cases[k].want != NULL),
			      "case %zu", k);
	}
	ck_assert_ptr_null(mu_normpath(NULL, out, sizeof(out)));
	ck_assert(!da_normpath(NULL, out, sizeof(out)));
}
END_TEST

START_TEST(test_normpath_sizes)
{
	static const char root[] = "///";
	char buf[16];
	const char *in = "/abc//def/";

	/* "/abc/def" needs 9 bytes: 9 fits, 8 does not, and nothing past size is written */
	memset(buf, 'Z', sizeof(buf));
	ck_assert_ptr_eq(mu_normpath(in, buf, 9), buf);
	ck_assert_str_eq(buf, "/abc/def");
	ck_assert_int_eq(buf[9], 'Z');
	memset(buf, 'Z', sizeof(buf));
	ck_assert_ptr_eq(mu_normpath(in, buf, 8), in);
	ck_assert_int_eq(buf[8], 'Z');

	/* "/" needs 2: sizes 1 and 0 are refused without a byte written past them */
	memset(buf, 'Z', sizeof(buf));
	ck_assert_ptr_eq(mu_normpath("/", buf, 2), buf);
	ck_assert_str_eq(buf, "/");
	memset(buf, 'Z', sizeof(buf));
	ck_assert_ptr_eq(mu_normpath(root, buf, 1), root);
	ck_assert(!da_normpath(root, buf, 1));
	ck_assert_int_eq(buf[0], 'Z');
	ck_assert(!da_normpath("/", buf, 0));
	ck_assert_int_eq(buf[0], 'Z');
}
END_TEST

START_TEST(test_normpath_long)
{
	size_t n = 60000, i;
	char *in = malloc(2 * n + 2), *out = malloc(n + 2), *small = malloc(4096);

	ck_assert_ptr_nonnull(in);
	ck_assert_ptr_nonnull(out);
	ck_assert_ptr_nonnull(small);
	/* "/a/a/.../a" written as "//a//a//...": 120,000 bytes that normalise to 60,000 */
	for (i = 0; i < n / 2; i++)
		memcpy(in + 4 * i, "//a/", 4);
	in[2 * n] = '\0';
	ck_assert(da_normpath(in, out, n + 1));
	ck_assert_uint_eq(strlen(out), n);
	for (i = 0; i < n; i += 2)
		ck_assert(out[i] == '/' && out[i + 1] == 'a');
	/* one byte short, and a fixed buffer as the modules use: refused */
	ck_assert(!da_normpath(in, out, n));
	ck_assert_ptr_eq(mu_normpath(in, small, 4096), in);
	/* one long component */
	memset(in, 'x', 2 * n);
	in[0] = '/';
	in[2 * n] = '\0';
	ck_assert(da_normpath(in, out, n + 2) == false);
	ck_assert_ptr_eq(mu_normpath(in, small, 4096), in);
	free(in);
	free(out);
	free(small);
}
END_TEST

/* A deterministic stream of bytes from "/.a\xff" for the properties below. */
static uint32_t rnd_state = 12345;

static unsigned rnd(unsigned n)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return (rnd_state >> 16) % n;
}

/* True when some component of path is ".". */
static bool has_dot_component(const char *path)
{
	const char *c = path;

	while ((c = strstr(c, "/.")) != NULL) {
		if (c[2] == '/' || c[2] == '\0')
			return true;
		c += 2;
	}
	return false;
}

START_TEST(test_normpath_properties)
{
	static const char alphabet[] = "/./a\xff/.";
	char in[40], out[64], again[64], inplace[40];
	int k;

	for (k = 0; k < 20000; k++) {
		size_t len = 1 + rnd(30), i;

		in[0] = '/';
		for (i = 1; i < len; i++)
			in[i] = alphabet[rnd(sizeof(alphabet) - 1)];
		in[len] = '\0';
		ck_assert(da_normpath(in, out, sizeof(out)));
		/* absolute, no "//", no "." component, no trailing "/" but the root */
		ck_assert_int_eq(out[0], '/');
		ck_assert_msg(!strstr(out, "//"), "\"%s\" -> \"%s\"", in, out);
		ck_assert_msg(!has_dot_component(out) &&
			      (strcmp(out, "/") == 0 || out[strlen(out) - 1] != '/'),
			      "\"%s\" -> \"%s\"", in, out);
		ck_assert_uint_le(strlen(out), len);
		/* idempotent, and the same in place */
		ck_assert(da_normpath(out, again, sizeof(again)));
		ck_assert_str_eq(again, out);
		memcpy(inplace, in, len + 1);
		ck_assert(da_normpath(inplace, inplace, sizeof(inplace)));
		ck_assert_str_eq(inplace, out);
	}
}
END_TEST

START_TEST(test_denied)
{
	ck_assert_str_eq(mu_denied("cannot open /etc/docker: permission denied"), "permission denied");
	ck_assert_str_eq(mu_denied("permission denied"), "permission denied");
	ck_assert_str_eq(mu_denied("cannot list audit rules: operation not permitted"),
			 "operation not permitted");
	/* the same reason, static: the caller may keep it */
	ck_assert_ptr_eq(mu_denied("a: permission denied"), mu_denied("b: permission denied"));
	ck_assert_ptr_null(mu_denied(NULL));
	ck_assert_ptr_null(mu_denied(""));
	ck_assert_ptr_null(mu_denied("no such file or directory"));
	ck_assert_ptr_null(mu_denied("Permission Denied"));
	ck_assert_ptr_null(mu_denied("permission deni"));
	ck_assert_ptr_null(mu_denied(repeat('p', 65000)));
	ck_assert_ptr_null(mu_denied("\xff\xfe\x1b[0m"));
}
END_TEST

START_TEST(test_parse_benchmark)
{
	static const struct {
		const char *name;
		long want;
	} cases[] = {
		{ "cis-1.6.0", 10600 },
		{ "cis-1.7.0", 10700 },
		{ "cis-1.8.0", 10800 },
		{ "cis-2.0.1", 20001 },
		{ "cis-99.99.99", 999999 },
		{ "cis-01.08.00", 10800 },
		{ "cis-0.0.0", 0 },
		/* everything else is the default, 1.6.0 */
		{ NULL, 10600 },
		{ "", 10600 },
		{ "cis-", 10600 },
		{ "cis-1.8", 10600 },
		{ "cis-1.8.", 10600 },
		{ "cis-1..0", 10600 },
		{ "cis-1.8.0.1", 10600 },
		{ "cis-1.8.0 ", 10600 },
		{ "cis-1.8.0\n", 10600 },
		{ "cis-100.0.0", 10600 },
		{ "cis-1.100.0", 10600 },
		{ "cis-00001.8.0", 10600 },
		{ "cis--1.8.0", 10600 },
		{ "cis-+1.8.0", 10600 },
		{ "CIS-1.8.0", 10600 },
		{ "cis 1.8.0", 10600 },
		{ "latest", 10600 },
		{ "cis-1.8.0\xff", 10600 },
		{ "cis-\xd9\xa1.8.0", 10600 },
	};
	size_t k;

	for (k = 0; k < sizeof(cases) / sizeof(cases[0]); k++)
		ck_assert_msg(mu_parse_benchmark(cases[k].name) == cases[k].want, "case %zu: %ld", k,
			      mu_parse_benchmark(cases[k].name));
	ck_assert_int_eq(mu_parse_benchmark(repeat('9', 65000)), 10600);
}
END_TEST

/* --- what the core judges the same way (shared.c) ------------------------ */

START_TEST(test_engine_is_enterprise)
{
	static const struct {
		const char *platform, *version;
		bool want;
	} cases[] = {
		{ "Docker Engine - Enterprise", "19.03.14", true },
		{ "Mirantis Container Runtime", "20.10.7", true },
		{ "MIRANTIS", NULL, true },
		{ "eNtErPrIsE", "", true },
		{ "enterprise", NULL, true },
		{ NULL, "17.06.2-ee-16", true },
		{ NULL, "19.03.5-ee", true },
		{ "", "18.09.1-ee.3", true },
		{ NULL, "-ee", true },
		{ NULL, "1-eex-ee", true },
		{ "Docker Engine - Community", "27.3.1", false },
		{ NULL, "20.10.7-eef", false },
		{ NULL, "ee", false },
		{ NULL, "1.0-EE", false },
		{ "enterpris", "1-e", false },
		{ "mirant is", "26.1.5+dfsg1", false },
		{ "", "", false },
		{ NULL, NULL, false },
		/* no locale folds another byte into the words */
		{ "\xc4\xb0NTERPR\xc4\xb0SE", NULL, false },
		{ "\xff\xfe" "Enterprise", NULL, true },
	};
	size_t k;

	for (k = 0; k < sizeof(cases) / sizeof(cases[0]); k++)
		ck_assert_msg(da_engine_is_enterprise(cases[k].platform, cases[k].version) ==
				      cases[k].want,
			      "case %zu", k);
	ck_assert(!da_engine_is_enterprise(repeat('e', 65000), NULL));
	ck_assert(!da_engine_is_enterprise(NULL, repeat('e', 65000)));
}
END_TEST

/* --- walking the audited containers or images (walk.c) ------------------- */

#define CONTAINERS                                                                         \
	"{\"engine\": {\"containers\": ["                                                  \
	"{\"Id\": \"id-web\", \"Name\": \"/web\", \"HostConfig\": {\"Privileged\": true,"  \
	" \"Memory\": 0, \"Binds\": [\"/a:/b\", 5], \"Mounts\": [{\"Type\": \"bind\"}, 3],"  \
	" \"Str\": \"s\", \"Null\": null, \"Big\": 9223372036854775807, \"Dbl\": 1.5}},"     \
	"{\"Id\": \"id-db\", \"Name\": \"/db\", \"HostConfig\": {\"Privileged\": false}},"  \
	"{\"Id\": \"id-cache\", \"Name\": \"/cache\", \"HostConfig\": {}}],"                \
	" \"images\": [{\"Id\": \"sha256:1\", \"RepoTags\": [\"busybox:latest\"],"          \
	" \"Config\": {\"User\": \"\"}}, {\"Id\": \"sha256:2\", \"Config\": {\"User\": \"1000\"}}]}}"

/* A walk over the containers of CONTAINERS, standing on the first. */
static void walk_on_web(struct mu_walk *w, const struct da_host *h, const struct da_probe *p,
			struct da_result *res)
{
	const struct da_node *list;

	ck_assert(mu_walk_start(w, h, p, res, false, &list));
	ck_assert_int_eq(h->len(list), 3);
	w->cur = h->at(list, 0);
}

static void readers_body(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	struct mu_walk w;
	const struct da_node *hc, *n;
	const char *s;
	bool b;
	int64_t i;

	walk_on_web(&w, h, p, res);
	hc = h->member(w.cur, "HostConfig");

	ck_assert_int_eq(mu_get_str(&w, hc, "Str", true, &s), MU_OK);
	ck_assert_str_eq(s, "s");
	ck_assert_int_eq(mu_get_str(&w, hc, "Absent", false, &s), MU_OK);
	ck_assert_ptr_null(s);
	ck_assert_int_eq(mu_get_str(&w, hc, "Null", false, &s), MU_OK);
	ck_assert_ptr_null(s);
	ck_assert_int_eq(mu_get_bool(&w, hc, "Privileged", &b), MU_OK);
	ck_assert(b);
	ck_assert_int_eq(mu_opt_bool(&w, hc, "Absent", true, &b), MU_OK);
	ck_assert(b);
	ck_assert_int_eq(mu_opt_bool(&w, hc, "Null", false, &b), MU_OK);
	ck_assert(!b);
	ck_assert_int_eq(mu_opt_bool(&w, hc, "Privileged", false, &b), MU_OK);
	ck_assert(b);
	ck_assert_int_eq(mu_get_int(&w, hc, "Memory", true, 7, &i), MU_OK);
	ck_assert_int_eq(i, 0);
	ck_assert_int_eq(mu_get_int(&w, hc, "Big", true, 7, &i), MU_OK);
	ck_assert(i == INT64_MAX);
	ck_assert_int_eq(mu_get_int(&w, hc, "Absent", false, 7, &i), MU_OK);
	ck_assert_int_eq(i, 7);
	ck_assert_int_eq(mu_get_typed(&w, hc, "Binds", DA_NODE_ARRAY, true, &n), MU_OK);
	ck_assert_int_eq(h->len(n), 2);
	ck_assert_int_eq(mu_get_typed(&w, w.cur, "HostConfig", DA_NODE_OBJECT, true, &n), MU_OK);
	ck_assert_ptr_eq(n, hc);
	ck_assert_int_eq(mu_get_typed(&w, hc, "Null", DA_NODE_ARRAY, false, &n), MU_OK);
	ck_assert_ptr_null(n);
	ck_assert_int_eq(mu_elem_str(&w, "Binds", h->member(hc, "Binds"), 0, &s), MU_OK);
	ck_assert_str_eq(s, "/a:/b");
	ck_assert_int_eq(mu_elem_obj(&w, h->member(hc, "Mounts"), 0, "Mounts[].", &n), MU_OK);
	ck_assert_str_eq(h->str(n, "Type"), "bind");
	ck_assert_str_eq(w.prefix, "Mounts[].");
	/* nothing went wrong so far */
	ck_assert(!w.error);
	ck_assert_str_eq(w.reason, "");
	h->set(res, DA_PASS, NULL);
}

START_TEST(test_readers)
{
	struct da_probe *p = dt_probe_json(CONTAINERS);

	da_result_free(run(readers_body, p));
	dt_probe_free(p);
}
END_TEST

/* Each reader on a field it cannot read, with the reason it records. */
static const char *reader_case;

static void reader_errors_body(const struct da_host *h, const struct da_probe *p,
			       struct da_result *res)
{
	struct mu_walk w;
	const struct da_node *hc, *n = (const struct da_node *)&w;
	const char *s = "unset";
	bool b = true;
	int64_t i = 1;
	int r = MU_OK;

	walk_on_web(&w, h, p, res);
	hc = h->member(w.cur, "HostConfig");
	if (strcmp(reader_case, "str missing") == 0) {
		r = mu_get_str(&w, hc, "Absent", true, &s);
		ck_assert_ptr_null(s);
	} else if (strcmp(reader_case, "str type") == 0) {
		r = mu_get_str(&w, hc, "Privileged", false, &s);
		ck_assert_ptr_null(s);
	} else if (strcmp(reader_case, "bool missing") == 0) {
		r = mu_get_bool(&w, hc, "Null", &b);
		ck_assert(!b);
	} else if (strcmp(reader_case, "bool type") == 0) {
		r = mu_get_bool(&w, hc, "Str", &b);
	} else if (strcmp(reader_case, "opt bool type") == 0) {
		r = mu_opt_bool(&w, hc, "Memory", true, &b);
	} else if (strcmp(reader_case, "int missing") == 0) {
		r = mu_get_int(&w, hc, "Absent", true, 3, &i);
		ck_assert_int_eq(i, 3);
	} else if (strcmp(reader_case, "int type") == 0) {
		r = mu_get_int(&w, hc, "Dbl", false, 3, &i);
	} else if (strcmp(reader_case, "int string") == 0) {
		r = mu_get_int(&w, hc, "Str", false, 3, &i);
	} else if (strcmp(reader_case, "array type") == 0) {
		r = mu_get_typed(&w, hc, "Str", DA_NODE_ARRAY, false, &n);
		ck_assert_ptr_null(n);
	} else if (strcmp(reader_case, "object type") == 0) {
		r = mu_get_typed(&w, hc, "Binds", DA_NODE_OBJECT, false, &n);
	} else if (strcmp(reader_case, "typed missing") == 0) {
		r = mu_get_typed(&w, hc, "Null", DA_NODE_OBJECT, true, &n);
	} else if (strcmp(reader_case, "elem str") == 0) {
		r = mu_elem_str(&w, "HostConfig.Binds", h->member(hc, "Binds"), 1, &s);
		ck_assert_ptr_null(s);
	} else if (strcmp(reader_case, "elem obj") == 0) {
		r = mu_elem_obj(&w, h->member(hc, "Mounts"), 1, "Mounts[].", &n);
		ck_assert_ptr_null(w.prefix);
	} else if (strcmp(reader_case, "elem obj past the end") == 0) {
		r = mu_elem_obj(&w, h->member(hc, "Mounts"), 99, "Mounts[].", &n);
		ck_assert_ptr_null(n);
	} else if (strcmp(reader_case, "elem obj no prefix") == 0) {
		r = mu_elem_obj(&w, h->member(hc, "Mounts"), 1, "", &n);
	} else if (strcmp(reader_case, "prefixed") == 0) {
		ck_assert_int_eq(mu_elem_obj(&w, h->member(hc, "Mounts"), 0, "Mounts[].", &n), MU_OK);
		r = mu_get_str(&w, n, "Type", false, &s);
		ck_assert_int_eq(r, MU_OK);
		r = mu_get_bool(&w, n, "RW", &b);
	} else {
		ck_abort_msg("no case %s", reader_case);
	}
	ck_assert_int_eq(r, MU_ERR);
	ck_assert(w.error);
	/* the first reason stays */
	ck_assert_int_eq(mu_werr(&w, "Other", "later"), MU_ERR);
	h->set(res, DA_ERROR, "%s", w.reason);
}

START_TEST(test_reader_errors)
{
	static const struct {
		const char *name, *reason;
	} cases[] = {
		{ "str missing", "cannot read Absent of container web: missing" },
		{ "str type", "cannot read Privileged of container web: not a string" },
		{ "bool missing", "cannot read Null of container web: missing" },
		{ "bool type", "cannot read Str of container web: not a boolean" },
		{ "opt bool type", "cannot read Memory of container web: not a boolean" },
		{ "int missing", "cannot read Absent of container web: missing" },
		{ "int type", "cannot read Dbl of container web: not an integer" },
		{ "int string", "cannot read Str of container web: not an integer" },
		{ "array type", "cannot read Str of container web: not an array" },
		{ "object type", "cannot read Binds of container web: not an object" },
		{ "typed missing", "cannot read Null of container web: missing" },
		{ "elem str", "cannot read HostConfig.Binds of container web: an element is not a "
			      "string" },
		{ "elem obj", "cannot read Mounts[] of container web: an element is not an object" },
		{ "elem obj past the end", "cannot read Mounts[] of container web: an element is "
					   "not an object" },
		{ "elem obj no prefix", "cannot read  of container web: an element is not an "
					"object" },
		{ "prefixed", "cannot read Mounts[].RW of container web: missing" },
	};
	struct da_probe *p = dt_probe_json(CONTAINERS);
	size_t k;

	for (k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		struct da_result *res;

		reader_case = cases[k].name;
		res = run(reader_errors_body, p);
		ck_assert_int_eq(res->status, DA_ERROR);
		ck_assert_msg(strcmp(dt_detail(res), cases[k].reason) == 0, "%s: \"%s\"",
			      cases[k].name, dt_detail(res));
		da_result_free(res);
	}
	dt_probe_free(p);
}
END_TEST

static void werr_body(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	struct mu_walk w;
	const struct da_node *list;

	/* the noun follows the count and the kind */
	ck_assert(mu_walk_start(&w, h, p, res, true, &list));
	ck_assert_str_eq(mu_walk_noun(&w, 0), "images");
	ck_assert_str_eq(mu_walk_noun(&w, 1), "image");
	ck_assert_str_eq(mu_walk_noun(&w, 2), "images");
	w.cur = h->at(list, 1);
	/* an image without tags is named "<none>"; a long field and reason are cut */
	ck_assert_int_eq(mu_werr(&w, repeat('f', 400), "why"), MU_ERR);
	ck_assert(w.error);
	ck_assert_uint_eq(strlen(w.reason), sizeof(w.reason) - 1);
	ck_assert(strncmp(w.reason, "cannot read fff", 15) == 0);

	ck_assert(mu_walk_start(&w, h, p, res, false, &list));
	ck_assert_str_eq(mu_walk_noun(&w, 0), "containers");
	ck_assert_str_eq(mu_walk_noun(&w, 1), "container");
	ck_assert_str_eq(mu_walk_noun(&w, 3), "containers");
	w.cur = h->at(list, 0);
	w.prefix = "Mounts[].";
	ck_assert_int_eq(mu_werr(&w, "Source", "not a string"), MU_ERR);
	ck_assert_str_eq(w.reason, "cannot read Mounts[].Source of container web: not a string");
	h->set(res, DA_PASS, NULL);
}

START_TEST(test_werr)
{
	struct da_probe *p = dt_probe_json(CONTAINERS);
	struct da_result *res = run(werr_body, p);

	ck_assert_int_eq(res->status, DA_PASS);
	da_result_free(res);
	dt_probe_free(p);
}
END_TEST

static void long_name_body(const struct da_host *h, const struct da_probe *p,
			   struct da_result *res)
{
	struct mu_walk w;
	const struct da_node *list;

	ck_assert(mu_walk_start(&w, h, p, res, false, &list));
	w.cur = h->at(list, 0);
	mu_werr(&w, "F", "why");
	/* the name is cut at 128 bytes, the reason stays whole */
	h->set(res, DA_ERROR, "%s", w.reason);
}

START_TEST(test_werr_long_name)
{
	char *json = NULL, want[256];
	struct da_probe *p;
	struct da_result *res;

	ck_assert_int_gt(asprintf(&json, "{\"engine\": {\"containers\": [{\"Id\": \"x\", \"Name\":"
				   " \"/%s\", \"HostConfig\": {}}]}}", repeat('n', 5000)), 0);
	p = dt_probe_json(json);
	res = run(long_name_body, p);
	ck_assert_int_eq(snprintf(want, sizeof(want), "cannot read F of container %.128s: why",
				  repeat('n', 128)), 27 + 128 + 5);
	ck_assert_str_eq(dt_detail(res), want);
	da_result_free(res);
	dt_probe_free(p);
	free(json);
}
END_TEST

static bool start_images;
static bool start_ok;

static void start_body(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	struct mu_walk w;
	const struct da_node *list = (const struct da_node *)&w;

	start_ok = mu_walk_start(&w, h, p, res, start_images, &list);
	if (start_ok) {
		ck_assert_int_eq(h->type(list), DA_NODE_ARRAY);
		ck_assert(w.images == start_images);
		ck_assert(w.h == h && w.res == res && !w.error && w.total == 0);
		h->set(res, DA_PASS, "started");
	}
}

START_TEST(test_walk_start)
{
	static const struct {
		const char *json;
		bool images, ok;
		enum da_status st;
		const char *detail;
	} cases[] = {
		{ "{\"engine\": {}}", false, false, DA_ERROR,
		  "container targets missing from the probe" },
		{ "{\"engine\": {}}", true, false, DA_ERROR, "image targets missing from the probe" },
		{ "{\"engine\": {\"containers\": {}}}", false, false, DA_ERROR,
		  "container targets missing from the probe" },
		{ "{\"engine\": {\"containers\": []}}", false, false, DA_INFO,
		  "no running containers to audit" },
		{ "{\"engine\": {\"images\": []}}", true, false, DA_INFO, "no images to audit" },
		{ CONTAINERS, false, true, DA_PASS, "started" },
		{ CONTAINERS, true, true, DA_PASS, "started" },
	};
	size_t k;

	for (k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		struct da_probe *p = dt_probe_json(cases[k].json);
		struct da_result *res;

		start_images = cases[k].images;
		res = run(start_body, p);
		ck_assert_msg(start_ok == cases[k].ok, "case %zu", k);
		ck_assert_msg(res->status == cases[k].st, "case %zu", k);
		ck_assert_str_eq(dt_detail(res), cases[k].detail);
		da_result_free(res);
		dt_probe_free(p);
	}
}
END_TEST

/* Privileged containers are findings, those without the field unknown. */
static int privileged(struct mu_walk *w, const struct da_node *c)
{
	const struct da_host *h = w->h;
	bool b;

	ck_assert_ptr_eq(w->cur, c);
	ck_assert_ptr_null(w->prefix);
	ck_assert_str_eq(w->arg, "context");
	w->prefix = "HostConfig.";
	if (!h->member(h->member(c, "HostConfig"), "Privileged"))
		return MU_UNKNOWN;
	if (mu_get_bool(w, h->member(c, "HostConfig"), "Privileged", &b) != MU_OK)
		return MU_ERR;
	if (!b)
		return MU_OK;
	mu_walk_item(w, "privileged");
	return MU_FAIL;
}

static const char *walk_list; /* path of the list to walk */
static bool walk_hostconfig;
static struct mu_walk walked;

static void walk_body(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	struct mu_walk w;
	const struct da_node *list;

	memset(&w, 0, sizeof(w));
	w.h = h;
	w.res = res;
	w.need_hostconfig = walk_hostconfig;
	w.arg = "context";
	list = h->get(h->probe_root(p), walk_list);
	mu_walk_run(&w, list, privileged);
	mu_walk_finish(&w, DA_WARN, "are privileged");
	walked = w;
}

START_TEST(test_walk_run_finish)
{
	struct da_probe *p = dt_probe_json(CONTAINERS);
	struct da_result *res;
	const struct da_item *it;

	/* one finding, one unknown, one pass */
	walk_list = "targets.containers";
	walk_hostconfig = true;
	res = run(walk_body, p);
	ck_assert_int_eq(res->status, DA_WARN);
	ck_assert_str_eq(dt_detail(res), "1 of 3 containers are privileged");
	ck_assert_uint_eq(walked.total, 3);
	ck_assert_uint_eq(walked.failed, 1);
	ck_assert_uint_eq(walked.unknown, 1);
	ck_assert_ptr_null(walked.prefix);
	ck_assert_uint_eq(res->n_items, 1);
	it = dt_find_item(res, "container", "id-web", "web", "privileged");
	ck_assert_ptr_nonnull(it);
	da_result_free(res);

	/* no finding: PASS, "0 of" */
	dt_set(p, "engine.containers.0.HostConfig.Privileged", "false");
	res = run(walk_body, p);
	ck_assert_int_eq(res->status, DA_PASS);
	ck_assert_str_eq(dt_detail(res), "0 of 3 containers are privileged");
	da_result_free(res);

	/* one container: the singular */
	dt_set(p, "engine.containers", "[{\"Id\": \"i\", \"Name\": \"/one\", \"HostConfig\":"
				       " {\"Privileged\": true}}]");
	res = run(walk_body, p);
	ck_assert_str_eq(dt_detail(res), "1 of 1 container are privileged");
	da_result_free(res);

	/* a container without HostConfig, or with another type, is an error */
	dt_set(p, "engine.containers", "[{\"Id\": \"i\", \"Name\": \"/one\"}, {\"Id\": \"j\","
				       " \"Name\": \"/two\", \"HostConfig\": 5}, {\"Id\": \"k\","
				       " \"Name\": \"/three\", \"HostConfig\": {\"Privileged\": true}}]");
	res = run(walk_body, p);
	ck_assert_int_eq(res->status, DA_ERROR);
	ck_assert_str_eq(dt_detail(res), "cannot read HostConfig of container one: missing "
					 "(and 1 of 3 containers are privileged)");
	da_result_free(res);
	/* without that rule both would pass as unknown, whatever they hold */
	walk_hostconfig = false;
	res = run(walk_body, p);
	ck_assert_int_eq(res->status, DA_WARN);
	ck_assert_str_eq(dt_detail(res), "1 of 3 containers are privileged");
	ck_assert_uint_eq(walked.unknown, 2);
	da_result_free(res);

	/* an element that is not an object (only the raw list can hold one) */
	walk_hostconfig = true;
	dt_set(p, "engine.containers", "[{\"Id\": \"i\", \"Name\": \"/one\", \"HostConfig\":"
				       " {\"Privileged\": false}}, \"text\", null]");
	walk_list = "engine.containers";
	res = run(walk_body, p);
	ck_assert_int_eq(res->status, DA_ERROR);
	ck_assert_str_eq(dt_detail(res), "cannot read container 1 of the targets: not an object");
	ck_assert_uint_eq(walked.total, 3);
	da_result_free(res);

	/* the error alone, with no finding */
	dt_set(p, "engine.containers", "[{\"Id\": \"i\", \"Name\": \"/one\", \"HostConfig\":"
				       " {\"Privileged\": \"yes\"}}]");
	walk_list = "targets.containers";
	res = run(walk_body, p);
	ck_assert_int_eq(res->status, DA_ERROR);
	ck_assert_str_eq(dt_detail(res), "cannot read HostConfig.Privileged of container one: "
					 "not a boolean");
	da_result_free(res);
	dt_probe_free(p);
}
END_TEST

/* Images whose Config.User is empty run as root. */
static int image_root(struct mu_walk *w, const struct da_node *img)
{
	const char *user;

	if (mu_get_str(w, img, "Config.User", true, &user) != MU_OK)
		return MU_ERR;
	if (*user)
		return MU_OK;
	mu_walk_item(w, "runs as root");
	return MU_FAIL;
}

MU_EACH_CHECK(each_images, true, image_root, NULL, DA_WARN, "run as root")
MU_EACH_CHECK(each_containers, false, privileged, "context", DA_INFO, "are privileged")
MU_NOTE_CHECK(note_check, "review the \"x\" %s setting")

START_TEST(test_run_each)
{
	struct da_probe *p = dt_probe_json(CONTAINERS);
	struct da_result *res;

	res = run(each_images, p);
	ck_assert_int_eq(res->status, DA_WARN);
	ck_assert_str_eq(dt_detail(res), "1 of 2 images run as root");
	ck_assert_ptr_nonnull(dt_find_item(res, "image", "sha256:1", "busybox:latest",
					   "runs as root"));
	da_result_free(res);

	/* the containers need their HostConfig; the status for a finding is the check's */
	res = run(each_containers, p);
	ck_assert_int_eq(res->status, DA_INFO);
	ck_assert_str_eq(dt_detail(res), "1 of 3 containers are privileged");
	da_result_free(res);
	dt_del(p, "engine.containers.2.HostConfig");
	res = run(each_containers, p);
	ck_assert_int_eq(res->status, DA_ERROR);
	dt_assert_detail_has(res, "cannot read HostConfig of container cache: missing");
	da_result_free(res);

	/* nothing to walk */
	dt_set(p, "engine.images", "[]");
	res = run(each_images, p);
	ck_assert_int_eq(res->status, DA_INFO);
	ck_assert_str_eq(dt_detail(res), "no images to audit");
	da_result_free(res);

	/* a note is its text, never a format */
	res = run(note_check, p);
	ck_assert_int_eq(res->status, DA_NOTE);
	ck_assert_str_eq(dt_detail(res), "review the \"x\" %s setting");
	da_result_free(res);
	dt_probe_free(p);
}
END_TEST

static void item_body(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	const struct da_node *list = mu_containers(h, p);

	mu_item_container(h, res, h->at(list, 0), "detail %d", 1);
	mu_item_container(h, res, h->at(list, 1), NULL);
	h->set(res, DA_WARN, NULL);
}

START_TEST(test_item_container)
{
	struct da_probe *p = dt_probe_json(CONTAINERS);
	struct da_result *res = run(item_body, p);

	ck_assert_uint_eq(res->n_items, 2);
	ck_assert_str_eq(res->items[0].kind, "container");
	ck_assert_str_eq(res->items[0].id, "id-web");
	ck_assert_str_eq(res->items[0].name, "web");
	ck_assert_str_eq(res->items[0].detail, "detail 1");
	ck_assert_str_eq(res->items[1].name, "db");
	ck_assert_ptr_null(res->items[1].detail);
	da_result_free(res);
	dt_probe_free(p);
}
END_TEST

START_TEST(test_variants)
{
	const struct da_variant *v = MU_CIS17_18("Ensure x is y", Manual);
	const struct da_variant *r = MU_CIS17_18_ID("2.8", "Ensure z", Automated);

	ck_assert_str_eq(v[0].benchmark, "cis-1.7.0");
	ck_assert_str_eq(v[1].benchmark, "cis-1.8.0");
	ck_assert_ptr_null(v[2].benchmark);
	ck_assert_ptr_null(v[0].id);
	ck_assert_ptr_null(v[1].id);
	ck_assert_str_eq(v[0].title, "Ensure x is y (Manual)");
	ck_assert_str_eq(v[1].title, "Ensure x is y (Manual)");
	ck_assert_uint_eq(v[0].flags, DA_CHECK_MANUAL);
	ck_assert_uint_eq(v[0].flags_mask, DA_CHECK_MANUAL);
	ck_assert_int_eq(v[0].level, 0);

	ck_assert_ptr_null(r[0].id);
	ck_assert_str_eq(r[1].id, "2.8");
	ck_assert_str_eq(r[1].title, "Ensure z (Automated)");
	ck_assert_uint_eq(r[1].flags, 0);
	ck_assert_uint_eq(r[1].flags_mask, DA_CHECK_MANUAL);
}
END_TEST

int main(void)
{
	const TTest *tree[] = { test_tree_parts, test_names, test_node_true_and_available,
				test_host_unavailable, test_daemon_config, test_config_file,
				test_unit_path, test_config_denied, test_benchmark_version, NULL };
	const TTest *text[] = { test_str_in, test_normpath_cases, test_normpath_sizes,
				test_normpath_long, test_normpath_properties, test_denied,
				test_parse_benchmark, test_engine_is_enterprise, NULL };
	const TTest *walk[] = { test_readers, test_reader_errors, test_werr, test_werr_long_name,
				test_walk_start, test_walk_run_finish, test_run_each,
				test_item_container, test_variants, NULL };
	Suite *s = suite_create("modutil");

	suite_add_tcase(s, dt_tcase("tree", NULL, tree));
	suite_add_tcase(s, dt_tcase("text", NULL, text));
	suite_add_tcase(s, dt_tcase("walk", NULL, walk));
	return dt_run_suite(s);
}
