/*
 * core/endpoint.c: SHA-256 against known vectors, and endpoint resolution
 * against context stores made here in a temporary $DOCKER_CONFIG: the
 * docker CLI's order, the store's layout, and a clear error for every
 * context that cannot be used (never another daemon).
 */
#include "config.h"

#include "endpoint.h"
#include "testlib.h"
#include "util.h"

#include <check.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char basedir[] = "/tmp/daepXXXXXX";
static char *cfgdir;

static void write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	ck_assert_msg(fp != NULL, "cannot create %s", path);
	fputs(text, fp);
	fclose(fp);
}

/* Creates context name with meta.json text; tls: also its TLS folder. */
static void make_context(const char *name, const char *meta, bool tls)
{
	char hex[65], *dir, *file;

	da_sha256_hex(name, hex);
	dir = da_xasprintf("%s/contexts/meta/%s", cfgdir, hex);
	dt_mkdirs(dir, 0700);
	file = da_xasprintf("%s/meta.json", dir);
	write_file(file, meta);
	free(file);
	free(dir);
	if (tls) {
		dir = da_xasprintf("%s/contexts/tls/%s/docker", cfgdir, hex);
		dt_mkdirs(dir, 0700);
		file = da_xasprintf("%s/ca.pem", dir);
		write_file(file, "not a real certificate\n");
		free(file);
		free(dir);
	}
}

static char *meta_for(const char *name, const char *host)
{
	return da_xasprintf("{\"Name\":\"%s\",\"Metadata\":{},\"Endpoints\":{\"docker\":"
			    "{\"Host\":\"%s\",\"SkipTLSVerify\":false}}}", name, host);
}

/* A fresh $DOCKER_CONFIG and a clean environment for each test. */
static void setup(void)
{
	static int n;

	cfgdir = da_xasprintf("%s/cfg%d", basedir, n++);
	dt_mkdirs(cfgdir, 0700);
	setenv("DOCKER_CONFIG", cfgdir, 1);
	unsetenv("DOCKER_HOST");
	unsetenv("DOCKER_CONTEXT");
	unsetenv("DOCKER_TLS_VERIFY");
	unsetenv("DOCKER_CERT_PATH");
}

static void teardown(void)
{
	free(cfgdir);
	cfgdir = NULL;
}

static void set_current(const char *name)
{
	char *path = da_xasprintf("%s/config.json", cfgdir);
	char *text = da_xasprintf("{\"auths\":{},\"currentContext\":\"%s\"}", name);

	write_file(path, text);
	free(text);
	free(path);
}

/* Resolves and expects success with host and source. */
static void expect_ok(const char *opt_ctx, const char *opt_host, const char *host,
		      enum da_endpoint_source source, const char *context)
{
	struct da_endpoint ep;
	char err[512] = "";
	int rc = da_endpoint_resolve(opt_ctx, opt_host, &ep, err, sizeof(err));

	ck_assert_msg(rc == DA_OK, "resolve failed: %s", err);
	ck_assert_str_eq(ep.host, host);
	ck_assert_str_eq(da_endpoint_source_name(ep.source), da_endpoint_source_name(source));
	if (context)
		ck_assert_str_eq(ep.context ? ep.context : "(null)", context);
	else
		ck_assert_ptr_null(ep.context);
	da_endpoint_release(&ep);
}

/* Resolves and expects an error whose text holds want. */
static void expect_err(const char *opt_ctx, const char *want)
{
	struct da_endpoint ep;
	char err[512] = "";
	int rc = da_endpoint_resolve(opt_ctx, NULL, &ep, err, sizeof(err));

	ck_assert_msg(rc != DA_OK, "resolve succeeded, wanted '%s'", want);
	ck_assert_msg(strstr(err, want) != NULL, "error '%s' lacks '%s'", err, want);
	ck_assert_ptr_null(strchr(err, '\n'));
	ck_assert_ptr_null(strchr(err, '\033'));
	da_endpoint_release(&ep);
}

START_TEST(test_sha256_vectors)
{
	static const struct { const char *in; const char *hex; } v[] = {
		{ "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
		{ "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
		{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
		/* a context store directory name */
		{ "other", "d9298a10d1b0735837dc4bd85dac641b0f3cef27a47e5d53a54f2f3f5b2fcffa" },
	};
	char hex[65];
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		da_sha256_hex(v[i].in, hex);
		ck_assert_str_eq(hex, v[i].hex);
	}
	/* a million 'a': many blocks, and the padding at block boundaries */
	{
		size_t n = 1000000;
		char *a = da_xmalloc(n + 1);
		unsigned char d[32];
		static const unsigned char want[4] = { 0xcd, 0xc7, 0x6e, 0x5c };

		memset(a, 'a', n);
		a[n] = '\0';
		da_sha256(a, n, d);
		ck_assert_int_eq(memcmp(d, want, 4), 0);
		free(a);
	}
	/* 55, 56 and 64 bytes: one or two padding blocks */
	{
		char s[65];
		memset(s, 'x', 64);
		s[64] = '\0';
		da_sha256_hex(s, hex);
		ck_assert_str_eq(hex, "7ce100971f64e7001e8fe5a51973ecdfe1ced42befe7ee8d5fd6219506b5393c");
		s[56] = '\0';
		da_sha256_hex(s, hex);
		ck_assert_str_eq(hex, "04c26261370ee7541549d16dee320c723e3fd14671e66a099afe0a377c16888e");
		s[55] = '\0';
		da_sha256_hex(s, hex);
		ck_assert_str_eq(hex, "d5e285683cd4efc02d021a5c62014694958901005d6f71e89e0989fac77e4072");
	}
}
END_TEST

START_TEST(test_order)
{
	char *m = meta_for("other", "unix:///tmp/other.sock");

	make_context("other", m, false);
	free(m);
	m = meta_for("third", "tcp://10.0.0.3:2375");
	make_context("third", m, false);
	free(m);

	/* nothing set: the default socket */
	expect_ok(NULL, NULL, "unix:///var/run/docker.sock", DA_EP_DEFAULT, NULL);
	/* currentContext */
	set_current("other");
	expect_ok(NULL, NULL, "unix:///tmp/other.sock", DA_EP_CURRENT_CONTEXT, "other");
	/* DOCKER_CONTEXT over currentContext */
	setenv("DOCKER_CONTEXT", "third", 1);
	expect_ok(NULL, NULL, "tcp://10.0.0.3:2375", DA_EP_ENV_CONTEXT, "third");
	/* DOCKER_HOST over DOCKER_CONTEXT */
	setenv("DOCKER_HOST", "unix:///tmp/env.sock", 1);
	expect_ok(NULL, NULL, "unix:///tmp/env.sock", DA_EP_ENV_HOST, NULL);
	/* -H over DOCKER_HOST */
	expect_ok(NULL, "unix:///tmp/flag.sock", "unix:///tmp/flag.sock", DA_EP_FLAG_HOST, NULL);
	/* --context over everything */
	expect_ok("other", NULL, "unix:///tmp/other.sock", DA_EP_FLAG_CONTEXT, "other");
	/* --context default: the default endpoint, which honours DOCKER_HOST */
	expect_ok("default", NULL, "unix:///tmp/env.sock", DA_EP_FLAG_CONTEXT, "default");
	unsetenv("DOCKER_HOST");
	expect_ok("default", NULL, "unix:///var/run/docker.sock", DA_EP_FLAG_CONTEXT,
		  "default");
	/* DOCKER_CONTEXT=default beats currentContext */
	setenv("DOCKER_CONTEXT", "default", 1);
	expect_ok(NULL, NULL, "unix:///var/run/docker.sock", DA_EP_ENV_CONTEXT, "default");
	unsetenv("DOCKER_CONTEXT");
	/* an empty DOCKER_HOST is unset, as for the docker CLI */
	setenv("DOCKER_HOST", "", 1);
	expect_ok(NULL, NULL, "unix:///tmp/other.sock", DA_EP_CURRENT_CONTEXT, "other");
}
END_TEST

START_TEST(test_home_default)
{
	char *home = da_xasprintf("%s/home", cfgdir), *docker = da_xasprintf("%s/.docker", home);
	char *m = meta_for("viahome", "unix:///tmp/home.sock");
	char *saved = cfgdir;

	/* without DOCKER_CONFIG: ~/.docker */
	dt_mkdirs(docker, 0700);
	cfgdir = docker;
	make_context("viahome", m, false);
	set_current("viahome");
	cfgdir = saved;
	unsetenv("DOCKER_CONFIG");
	setenv("HOME", home, 1);
	expect_ok(NULL, NULL, "unix:///tmp/home.sock", DA_EP_CURRENT_CONTEXT, "viahome");
	free(m);
	free(docker);
	free(home);
}
END_TEST

START_TEST(test_tls)
{
	struct da_endpoint ep;
	char err[512] = "";

	make_context("secure", "{\"Name\":\"secure\",\"Endpoints\":{\"docker\":{\"Host\":"
		     "\"tcp://10.0.0.9:2376\",\"SkipTLSVerify\":true}}}", true);
	ck_assert_int_eq(da_endpoint_resolve("secure", NULL, &ep, err, sizeof(err)), DA_OK);
	ck_assert(ep.from_store);
	ck_assert(ep.tls);
	ck_assert(ep.skip_verify);
	ck_assert_ptr_nonnull(ep.tls_dir);
	ck_assert_ptr_nonnull(strstr(ep.tls_dir, "/contexts/tls/"));
	ck_assert_ptr_nonnull(strstr(ep.tls_dir, "/docker"));
	da_endpoint_release(&ep);

	/* no TLS folder, no SkipTLSVerify: plain */
	make_context("plain", "{\"Endpoints\":{\"docker\":{\"Host\":\"tcp://h:2375\"}}}", false);
	ck_assert_int_eq(da_endpoint_resolve("plain", NULL, &ep, err, sizeof(err)), DA_OK);
	ck_assert(ep.from_store);
	ck_assert(!ep.tls);
	ck_assert_ptr_null(ep.tls_dir);
	da_endpoint_release(&ep);

	/* DOCKER_HOST: not from the store, TLS is the environment's business */
	setenv("DOCKER_HOST", "tcp://h:2376", 1);
	ck_assert_int_eq(da_endpoint_resolve(NULL, NULL, &ep, err, sizeof(err)), DA_OK);
	ck_assert(!ep.from_store);
	da_endpoint_release(&ep);
}
END_TEST

START_TEST(test_errors)
{
	char *path;

	/* a context that does not exist: named, never the default socket */
	expect_err("missing", "context 'missing' (from --context) does not exist");
	setenv("DOCKER_CONTEXT", "gone", 1);
	expect_err(NULL, "context 'gone' (from DOCKER_CONTEXT) does not exist");
	unsetenv("DOCKER_CONTEXT");
	set_current("vanished");
	expect_err(NULL, "context 'vanished' (from currentContext) does not exist");

	/* names the docker CLI refuses; hostile bytes are not echoed raw */
	expect_err("-x", "invalid context name");
	expect_err("a/../../b", "invalid context name");
	expect_err("x\033[2Jy", "invalid context name 'x\\x1b[2Jy'");

	/* endpoints dockaudit cannot use */
	/* an ssh endpoint is used as it is (its URL is checked by the engine) */
	make_context("viassh", "{\"Endpoints\":{\"docker\":{\"Host\":\"ssh://u@h:2222\"}}}", false);
	expect_ok("viassh", NULL, "ssh://u@h:2222", DA_EP_FLAG_CONTEXT, "viassh");
	make_context("pipe", "{\"Endpoints\":{\"docker\":{\"Host\":\"npipe:////./pipe/x\"}}}",
		     false);
	expect_err("pipe", "unsupported endpoint npipe://");
	expect_err("pipe", "unix://, tcp:// and ssh:// are supported");
	make_context("nodock", "{\"Endpoints\":{\"k8s\":{}}}", false);
	expect_err("nodock", "has no docker endpoint");
	make_context("nohost", "{\"Endpoints\":{\"docker\":{\"Host\":\"\"}}}", false);
	expect_err("nohost", "has no docker endpoint Host");
	make_context("badskip", "{\"Endpoints\":{\"docker\":{\"Host\":\"tcp://h:1\","
		     "\"SkipTLSVerify\":\"yes\"}}}", false);
	expect_err("badskip", "SkipTLSVerify is not a boolean");

	/* malformed files are named */
	make_context("broken", "{\"Endpoints\":", false);
	expect_err("broken", "malformed ");
	expect_err("broken", "/meta.json");
	make_context("arr", "[1,2]", false);
	expect_err("arr", "not a JSON object");
	make_context("trail", "{} {}", false);
	expect_err("trail", "malformed");
	path = da_xasprintf("%s/config.json", cfgdir);
	write_file(path, "{\"currentContext\":");
	expect_err(NULL, "malformed ");
	expect_err(NULL, "config.json");
	write_file(path, "{\"currentContext\":7}");
	expect_err(NULL, "currentContext is not a string");
	/* -H and DOCKER_HOST do not read config.json at all */
	expect_ok(NULL, "unix:///tmp/f.sock", "unix:///tmp/f.sock", DA_EP_FLAG_HOST, NULL);
	/* a huge config.json: bounded */
	{
		FILE *fp = fopen(path, "w");
		size_t i;
		ck_assert_ptr_nonnull(fp);
		fputs("{\"x\":\"", fp);
		for (i = 0; i < (5u << 20) / 64; i++)
			fputs("0123456789012345678901234567890123456789012345678901234567890123", fp);
		fputs("\"}", fp);
		fclose(fp);
	}
	expect_err(NULL, "larger than");
	/* not a regular file */
	unlink(path);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	expect_err(NULL, "not a regular file");
	free(path);
	/* deeply nested */
	{
		struct da_buf b = { 0 };
		int i;
		for (i = 0; i < 10000; i++)
			da_buf_addc(&b, '[');
		make_context("deep", da_buf_str(&b), false);
		da_buf_release(&b);
	}
	expect_err("deep", "malformed");
}
END_TEST

static Suite *endpoint_suite(void)
{
	Suite *s = suite_create("endpoint");
	TCase *tc = tcase_create("endpoint");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_sha256_vectors);
	tcase_add_test(tc, test_order);
	tcase_add_test(tc, test_home_default);
	tcase_add_test(tc, test_tls);
	tcase_add_test(tc, test_errors);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return dt_run_suite_in(endpoint_suite(), basedir);
}
