/*
 * core/engine.c against tests/fakedocker: negotiation, the fetch plan (what
 * is requested, exactly once, on few connections), failures that are
 * recorded and failures that stop the probe, DOCKER_HOST parsing.  Each
 * test starts its own fakedocker on a socket in a fresh temporary directory.
 */
#include "config.h"

#include "engine.h"
#include "testlib.h"
#include "util.h"

#include <check.h>
#include <json-c/json.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

struct fake {
	pid_t pid;
	char dir[64];
	char sock[128];
	char log[128];
	char host[160];   /* DOCKER_HOST naming the fake */
	int port;         /* with --tcp */
};

/* The running fake, stopped by the fixture even when a test fails. */
static struct fake *current;

/* Holds the directories of all tests of this run. */
static char basedir[] = "/tmp/da-engine-XXXXXX";

static void fake_stop(struct fake *f)
{
	if (f->pid > 0) {
		kill(f->pid, SIGTERM);
		waitpid(f->pid, NULL, 0);
		f->pid = 0;
	}
	if (f->dir[0]) {
		dt_rm_tree(f->dir);
		f->dir[0] = '\0';
	}
	if (current == f)
		current = NULL;
}

static void fake_mkdir(struct fake *f)
{
	memset(f, 0, sizeof(*f));
	snprintf(f->dir, sizeof(f->dir), "%s/t-XXXXXX", basedir);
	ck_assert_msg(mkdtemp(f->dir) != NULL, "mkdtemp: %s", strerror(errno));
	snprintf(f->sock, sizeof(f->sock), "%s/docker.sock", f->dir);
	snprintf(f->log, sizeof(f->log), "%s/requests.log", f->dir);
	current = f;
}

/*
 * Starts fakedocker with extra arguments (NULL-terminated) and waits until
 * it listens.  fake_mkdir() must have run (tests may put canned files in
 * f->dir first).
 */
static void fake_launch(struct fake *f, bool tcp, const char *const *extra)
{
	const char *bdir = getenv("DA_BUILDDIR");
	const char *argv[64];
	char bin[512], line[64] = "";
	struct pollfd pfd;
	int pipefd[2], argc = 0, i;
	pid_t parent = getpid();
	ssize_t n = 0;

	ck_assert_msg(bdir != NULL, "DA_BUILDDIR is not set (run through make check)");
	snprintf(bin, sizeof(bin), "%s/tests/fakedocker", bdir);
	argv[argc++] = bin;
	if (tcp) {
		argv[argc++] = "--tcp";
	} else {
		argv[argc++] = "--socket";
		argv[argc++] = f->sock;
	}
	argv[argc++] = "--log";
	argv[argc++] = f->log;
	argv[argc++] = "--ready-fd";
	argv[argc++] = "3";
	argv[argc++] = "--lifetime";
	argv[argc++] = "120";
	for (i = 0; extra && extra[i]; i++) {
		ck_assert_int_lt(argc, 62);
		argv[argc++] = extra[i];
	}
	argv[argc] = NULL;

	ck_assert_int_eq(pipe2(pipefd, O_CLOEXEC), 0);
	f->pid = fork();
	ck_assert_int_ge(f->pid, 0);
	if (f->pid == 0) {
		/* never outlive the test, whatever happens to it */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		if (getppid() != parent)
			_exit(1);
		if (dup2(pipefd[1], 3) < 0)
			_exit(126);
		execv(bin, (char *const *)argv);
		_exit(127);
	}
	close(pipefd[1]);
	pfd.fd = pipefd[0];
	pfd.events = POLLIN;
	if (poll(&pfd, 1, 20000) == 1)
		n = read(pipefd[0], line, sizeof(line) - 1);
	close(pipefd[0]);
	ck_assert_msg(n > 0 && strncmp(line, "ready", 5) == 0,
		      "fakedocker (%s) did not start", bin);
	line[n] = '\0';
	if (tcp) {
		f->port = atoi(line + 5);
		ck_assert_int_gt(f->port, 0);
		snprintf(f->host, sizeof(f->host), "tcp://127.0.0.1:%d", f->port);
	} else {
		snprintf(f->host, sizeof(f->host), "unix://%s", f->sock);
	}
}

static void fake_start(struct fake *f, const char *const *extra)
{
	fake_mkdir(f);
	fake_launch(f, false, extra);
}

static void write_file(const char *dir, const char *rel, const char *content)
{
	char path[512];
	char *slash;
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	for (slash = strchr(path + strlen(dir) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(path, 0755);
		*slash = '/';
	}
	fp = fopen(path, "w");
	ck_assert_msg(fp != NULL, "cannot write %s", path);
	fputs(content, fp);
	fclose(fp);
}

/* ---- the request log ---------------------------------------------------- */

struct reqlog {
	char **targets;  /* one per request, in order */
	size_t n;
	size_t conns;
	size_t bad;
};

static void reqlog_read(const struct fake *f, struct reqlog *rl)
{
	FILE *fp = fopen(f->log, "r");
	char line[4096];

	memset(rl, 0, sizeof(*rl));
	ck_assert_msg(fp != NULL, "no request log %s", f->log);
	while (fgets(line, sizeof(line), fp)) {
		char method[16], target[4000];
		long conn;

		line[strcspn(line, "\n")] = '\0';
		if (strncmp(line, "conn ", 5) == 0) {
			rl->conns++;
		} else if (strncmp(line, "bad ", 4) == 0) {
			rl->bad++;
		} else if (sscanf(line, "req %ld %15s %3999s", &conn, method, target) == 3) {
			rl->targets = da_xrealloc(rl->targets, (rl->n + 1) * sizeof(char *));
			rl->targets[rl->n++] = da_xstrdup(target);
		}
	}
	fclose(fp);
}

static void reqlog_free(struct reqlog *rl)
{
	size_t i;
	for (i = 0; i < rl->n; i++)
		free(rl->targets[i]);
	free(rl->targets);
}

static size_t reqlog_count(const struct reqlog *rl, const char *target)
{
	size_t i, c = 0;
	for (i = 0; i < rl->n; i++)
		c += strcmp(rl->targets[i], target) == 0;
	return c;
}

static size_t reqlog_count_prefix(const struct reqlog *rl, const char *prefix)
{
	size_t i, c = 0;
	for (i = 0; i < rl->n; i++)
		c += strncmp(rl->targets[i], prefix, strlen(prefix)) == 0;
	return c;
}

/* Fails the test when any target was requested more than once. */
static void assert_each_once(const struct reqlog *rl)
{
	size_t i;
	for (i = 0; i < rl->n; i++)
		ck_assert_msg(reqlog_count(rl, rl->targets[i]) == 1, "%s requested %zu times",
			      rl->targets[i], reqlog_count(rl, rl->targets[i]));
}

/* ---- the probe tree ------------------------------------------------------ */

/* Value at a dotted path ("engine.containers.0.Id"); NULL when absent or null. */
static struct json_object *at(struct json_object *n, const char *path)
{
	char buf[256], *save = NULL, *step;

	snprintf(buf, sizeof(buf), "%s", path);
	for (step = strtok_r(buf, ".", &save); step && n; step = strtok_r(NULL, ".", &save)) {
		if (json_object_is_type(n, json_type_array)) {
			char *end;
			long i = strtol(step, &end, 10);
			if (*end || i < 0 || (size_t)i >= json_object_array_length(n))
				return NULL;
			n = json_object_array_get_idx(n, (size_t)i);
		} else if (!json_object_is_type(n, json_type_object) ||
			   !json_object_object_get_ex(n, step, &n)) {
			return NULL;
		}
	}
	return n;
}

static const char *at_str(struct json_object *n, const char *path)
{
	struct json_object *v = at(n, path);
	return json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
}

static size_t at_len(struct json_object *n, const char *path)
{
	struct json_object *v = at(n, path);
	ck_assert_msg(json_object_is_type(v, json_type_array), "%s is not an array", path);
	return json_object_array_length(v);
}

/* True when the member exists and is JSON null. */
static bool at_is_null(struct json_object *n, const char *path)
{
	char parent[256];
	const char *dot = strrchr(path, '.');
	struct json_object *p, *v;

	snprintf(parent, sizeof(parent), "%.*s", (int)(dot - path), path);
	p = at(n, parent);
	return json_object_is_type(p, json_type_object) &&
	       json_object_object_get_ex(p, dot + 1, &v) && v == NULL;
}

/* The error recorded for path in engine.errors, or NULL. */
static const char *error_for(struct json_object *root, const char *path)
{
	struct json_object *errs = at(root, "engine.errors");
	size_t i;

	ck_assert(json_object_is_type(errs, json_type_array));
	for (i = 0; i < json_object_array_length(errs); i++) {
		struct json_object *e = json_object_array_get_idx(errs, i);
		const char *p = at_str(e, "path");
		if (p && strcmp(p, path) == 0)
			return at_str(e, "error");
	}
	return NULL;
}

static void cfg_init(struct da_engine_config *cfg, const struct fake *f)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->host = f ? f->host : NULL;
}

/* Probes into a fresh root; the caller frees *root. */
static int probe(const struct da_engine_config *cfg, struct json_object **root,
		 char *err, size_t errlen)
{
	*root = json_object_new_object();
	ck_assert_ptr_nonnull(*root);
	return da_engine_probe(cfg, *root, err, errlen);
}

static void setup(void)
{
	static const char *const vars[] = {
		"DOCKER_HOST", "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH",
		/* tcp:// honours proxies as the docker CLI does; the fake is local */
		"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY",
	};
	size_t i;

	for (i = 0; i < sizeof(vars) / sizeof(vars[0]); i++)
		unsetenv(vars[i]);
}

static void teardown(void)
{
	if (current)
		fake_stop(current);
}

/* ---- negotiation ---------------------------------------------------------- */

START_TEST(test_negotiate_older_daemon)
{
	const char *args[] = { "--api", "1.41", NULL };
	struct da_engine_config cfg;
	struct json_object *root;
	struct reqlog rl;
	struct fake f;
	char err[512];

	fake_start(&f, args);
	cfg_init(&cfg, &f);
	ck_assert_int_eq(probe(&cfg, &root, err, sizeof(err)), 0);
	ck_assert_str_eq(at_str(root, "source.api_version"), "1.41");
	ck_assert_str_eq(at_str(root, "engine.version.ApiVersion"), "1.41");
	reqlog_read(&f, &rl);
	/* /_ping first (its Api-Version header starts the lists), /version with it */
	ck_assert_str_eq(rl.targets[0], "/_ping");
	ck_assert_uint_eq(reqlog_count(&rl, "/version"), 1);
	ck_assert_uint_eq(reqlog_count(&rl, "/v1.41/info"), 1);
	ck_assert_uint_eq(reqlog_count(&rl, "/v1.41/containers/json?all=1"), 1);
	ck_assert_uint_eq(reqlog_count_prefix(&rl, "/v1.43/"), 0);
	/* everything but /_ping and /version is versioned */
	ck_assert_uint_eq(reqlog_count_prefix(&rl, "/v1.41/"), rl.n - 2);
	reqlog_free(&rl);
	json_object_put(root);
	fake_stop(&f);
}
END_TEST

/* /_ping's version and /version's disagree: /version wins, the lists and
 * inspects asked in the ping's version are asked again and only those kept. */
START_TEST(test_ping_version_disagrees)
{
	const char *args[] = { "--api", "1.41", "--ping-api", "1.40", "--running", "4", NULL };
	struct da_engine_config cfg;
	struct json_object *root;
	struct reqlog rl;
	struct fake f;
	char err[512];

	fake_start(&f, args);
	cfg_init(&cfg, &f);
	ck_assert_int_eq(probe(&cfg, &root, err, sizeof(err)), 0);
	ck_assert_str_eq(at_str(root, "source.api_version"), "1.41");
	ck_assert_uint_eq(at_len(root, "engine.containers"), 4);
	ck_assert_uint_eq(at_len(root, "engine.errors"), 0);
	ck_assert_ptr_nonnull(at(root, "engine.info"));
	reqlog_read(&f, &rl);
	ck_assert_uint_eq(reqlog_count(&rl, "/v1.41/info"), 1);
	ck_assert_uint_eq(reqlog_count(&rl, "/v1.41/containers/json?all=1"), 1);
	/* the first pass, in the ping's version, ran to its end */
	ck_assert_uint_eq(reqlog_count(&rl, "/v1.40/containers/json?all=1"), 1);
	ck_assert_uint_eq(reqlog_count_prefix(&rl, "/v1.41/containers/"),
			  reqlog_count_prefix(&rl, "/v1.40/containers/"));
	ck_assert_uint_eq(reqlog_count_prefix(&rl, "/v1.41/containers/"), 1 + 4);
	reqlog_free(&rl);
	json_object_put(root);
	fake_stop(&f);
}
END_TEST

/* A /_ping that fails (or has no Api-Version header) is no error: the
 * lists wait for /version, as with a daemon that has no /_ping. */
START_TEST(test_ping_refused)
{
	const char *args[] = { "--on", "/_ping=404", "--running", "3", NULL };
	struct da_engine_config cfg;
	struct json_object *root;
	struct reqlog rl;
	struct fake f;
	char err[512];
	size_t i, at_version = 0, first_list = 0;

	fake_start(&f, args);
	cfg_init(&cfg, &f);
	ck_assert_int_eq(probe(&cfg, &root, err, sizeof(err)), 0);
	ck_assert_str_eq(at_str(root, "source.api_version"), "1.43");
	ck_assert_uint_eq(at_len(root, "engine.containers"), 3);
	ck_assert_uint_eq(at_len(root, "engine.errors"), 0);
	reqlog_read(&f, &rl);
	for (i = 0; i < rl.n; i++) {
		if (strcmp(rl.targets[i], "/version") == 0)
			at_version = i;
		if (!first_list && strcmp(rl.targets[i], "/v1.43/containers/json?all=1") == 0)
			first_list = i;
	}
	ck_assert_uint_gt(first_list, at_version);
	ck_assert_uint_eq(reqlog_count(&rl, "/_ping"), 1);
	ck_assert_uint_eq(reqlog_count_prefix(&rl, "/v1.43/"), rl.n - 2);
	assert_each_once(&rl);
	reqlog_free(&rl);
	json_object_put(root);
	fake_stop(&f);
}
END_TEST

START_TEST(test_negotiate_newer_daemon)
{
	const char *args[] = { "--scenario", "future-daemon", NULL };
	struct da_engine_config cfg;
	struct json_object *root;
	struct reqlog rl;
	struct fake f;
	char err[512];

	fake_start(&f, args);
	cfg_init(&cfg, &f);
	ck_assert_int_eq(probe(&cfg, &root, err, sizeof(err)), 0);
	ck_assert_str_eq(at_str(root, "source.api_version"), "1.43");
	ck_assert_str_eq(at_str(root, "engine.version.ApiVersion"), "1.99");
	reqlog_read(&f, &rl);
	ck_assert_uint_eq(reqlog_count(&rl, "/v1.43/info"), 1);
	ck_assert_uint_eq(reqlog_count_prefix(&rl, "/v1.99/"), 0);
	reqlog_free(&rl);
	json_object_put(root);
	fake_stop(&f);
}
END_TEST

static void expect_not_docker(const char *const *args, int want, const char *needle)
{
	struct da_engine_config cfg;
	struct json_object *root;
	struct fake f;
	char err[512] = "";

	fake_start(&f, args);
	cfg_init(&cfg, &f);
	ck_assert_int_eq(probe(&cfg, &root, err, sizeof(err)), want);
	ck_assert_msg(strstr(err, needle) != NULL, "message \"%s\" lacks \"%s\"", err, needle);
	ck_assert_msg(strstr(err, f.host) != NULL, "message \"%s\" lacks the endpoint", err);
	ck_assert_ptr_null(at(root, "engine"));
	json_object_put(root);
	fake_stop(&f);
}

START_TEST(test_version_not_docker)
{
	const char *html[] = { "--scenario", "not-docker", NULL };
	const char *noapi[] = { "--on", "/version=wrongtype", NULL };
	const char *badver[] = { "--api", "1.4x", NULL };
	const char *trailing[] = { "--on", "/version=trailing", NULL };
	const char *status404[] = { "--on", "/version=404", NULL };

	expect_not_docker(html, DA_ERR_PARSE, "is not a Docker Engine API");
	expect_not_docker(noapi, DA_ERR_PARSE, "is not a Docker Engine API");
	expect_not_docker(badver, DA_ERR_PARSE, "ApiVersion");
	expect_not_docker(trailing, DA_ERR_PARSE, "is not a Docker Engine API");
	/* a JSON error message is the daemon speaking: an HTTP error, not a stranger */
	expect_not_docker(status404, DA_ERR_HTTP, "fake error 404");
}
END_TEST

/* ---- container updates (dockaudit fix) ----------------------------------- */

/* Whether the request log has the line want. */
static bool log_has_line(const struct fake *f, const char *want)
{
	FILE *fp = fopen(f->log, "r");
	char line[4096];
	bool found = false;

	ck_assert_msg(fp != NULL, "no request log %s", f->log);
	while (!found && fgets(line, sizeof(line), fp)) {
		line[strcspn(line, "\n")] = '\0';
		found = strstr(line, want) != NULL;
	}
	fclose(fp);
	return found;
}

#define UPD_ID "a0000001a0000001a0000001a0000001a0000001a0000001a0000001a0000001"

START_TEST(test_update_container)
{
	const char *args[] = { "--on", "/containers/bad*/update=409", NULL };
	struct da_engine_config cfg;
	struct fake f;
	char err[512], warn[256];

	fake_start(&f, args);
	cfg_init(&cfg, &f);
	/* one POST with the body, in the audit's API version */
	ck_assert_int_eq(da_engine_update(&cfg, "1.41", f.host, UPD_ID, "{\"CpuShares\":512}",
					  warn, sizeof(warn), err, sizeof(err)), 0);
	ck_assert_str_eq(warn, "");
	ck_assert(log_has_line(&f, "POST /v1.41/containers/" UPD_ID "/update"));
	ck_assert(log_has_line(&f, "{\"CpuShares\":512}"));
	/* the daemon's refusal, with its message */
	ck_assert_int_lt(da_engine_update(&cfg, "1.41", f.host, "bad0", "{}", warn, sizeof(warn),
					  err, sizeof(err)), 0);
	ck_assert_msg(strstr(err, "HTTP 409") != NULL, "err: %s", err);
	/* never another daemon than the audited one, never a hostile id */
	ck_assert_int_lt(da_engine_update(&cfg, "1.41", "unix:///elsewhere.sock", UPD_ID, "{}",
					  warn, sizeof(warn), err, sizeof(err)), 0);
	ck_assert_msg(strstr(err, "not the audited") != NULL, "err: %s", err);
	ck_assert_int_lt(da_engine_update(&cfg, "1.41", f.host, "../../version", "{}", warn,
					  sizeof(warn), err, sizeof(err)), 0);
	ck_assert_int_lt(da_engine_update(&cfg, "1.x", f.host, UPD_ID, "{}", warn, sizeof(warn),
					  err, sizeof(err)), 0);
	ck_assert(!log_has_line(&f, "elsewhere"));
	ck_assert(!log_has_line(&f, "../"));
	fake_stop(&f);
}
END_TEST

START_TEST(test_update_warnings_cleaned)
{
	struct da_engine_config cfg;
	struct fake f;
	char err[512], warn[256], path[600];

	fake_mkdir(&f);
	snprintf(path, sizeof(path), "containers/%s/update.json", UPD_ID);
	write_file(f.dir, path, "{\"Warnings\":[\"Your kernel does not support swap\\u001b[31m\","
		   "\"second\"]}");
	{
		const char *args[] = { "--dir", f.dir, NULL };
		fake_launch(&f, false, args);
	}
	cfg_init(&cfg, &f);
	ck_assert_int_eq(da_engine_update(&cfg, "1.41", NULL, UPD_ID, "{\"Memory\":6291456}",
					  warn, sizeof(warn), err, sizeof(err)), 0);
	ck_assert_msg(strstr(warn, "kernel does not support swap") != NULL, "warn: %s", warn);
	ck_assert_msg(strstr(warn, "; second") != NULL, "warn: %s", warn);
	ck_assert_ptr_null(strchr(warn, 0x1b));
	fake_stop(&f);
}
END_TEST

/* ---- what is fetched ------------------------------------------------------- */

START_TEST(test_running_containers_inspected)
{
	struct da_engine_config cfg;
	struct json_object *root;
	struct reqlog rl;
	struct fake f;
	char err[512], path[256];
	size_t i;

	fake_start(&f, NULL); /* 3 running, 2 stopped, 2 images */
	cfg_init(&cfg, &f);
	ck_assert_int_eq(probe(&cfg, &root, err, sizeof(err)), 0);
	ck_assert_str_eq(at_str(root, "source.endpoint"), f.host);
	ck_assert(!json_object_get_boolean(at(root, "source.remote")));
	ck_assert_uint_eq(at_len(root, "engine.container_list"), 5);
	ck_assert_uint_eq(at_len(root, "engine.containers"), 3);
	ck_assert_uint_eq(at_len(root, "engine.errors"), 0);
	ck_assert_str_eq(at_str(root, "engine.info.Driver"), "overlay2");

	reqlog_read(&f, &rl);
	for (i = 0; i < 5; i++) {
		const char *state, *id;

		snprintf(path, sizeof(path), "engine.container_list.%zu.Id", i);
		id = at_str(root, path);
		ck_assert_ptr_nonnull(id);
		snprintf(path, sizeof(path), "engine.container_list.%zu.State", i);
		state = at_str(root, path);
		snprintf(path, sizeof(path), "/v1.43/containers/%s/json", id);
		ck_assert_uint_eq(reqlog_count(&rl, path), strcmp(state, "running") == 0 ? 1 : 0);
		if (i < 3) {
			/* running ones come first in the fake's list: same order */
			snprintf(path, sizeof(path), "engine.containers.%zu.Id", i);
			ck_assert_str_eq(at_str(root, path), id);
			snprintf(path, sizeof(path), "engine.containers.%zu.State.Running", i);
			ck_assert(json_object_get_boolean(at(root, path)));
		}
	}
	ck_assert_uint_eq(reqlog_count(&rl, "/version"), 1);
	ck_assert_uint_eq(reqlog_count(&rl, "/v1.43/networks"), 1);
	assert_each_once(&rl);
	ck_assert_uint_le(rl.conns, 8);
	ck_assert_uint_ge(rl.conns, 1);
	reqlog_free(&rl);
	json_object_put(root);
	fake_stop(&f);
}
END_TEST

START_TEST(test_all_containers_inspected)
{
	struct da_engine_config cfg;
	struct json_object *root;
	struct reqlog rl;
	struct fake f;
	char err[512], path[256];
	size_t i;

	fake_start(&f, NULL);
	cfg_init(&cfg, &f);
	cfg.all_containers = true;
	ck_assert_int_eq(probe(&cfg, &root, err, sizeof(err)), 0);
	ck_assert_uint_eq(at_len(root, "engine.containers"), 5);
	reqlog_read(&f, &rl);
	for (i = 0; i < 5; i++) {
		const char *id;
		snprintf(path, sizeof(path), "engine.container_list.%zu.Id", i);
		id = at_str(root, path);
		snprintf(path, sizeof(path), "engine.containers.%zu.Id", i);
		ck_assert_str_eq(at_str(root, path), id);
		snprintf(path, sizeof(path), "/v1.43/containers/%s/json", id);
		ck_assert_uint_eq(reqlog_count(&rl, path), 1);
	}
	ck_assert_str_eq(at_str(root, "engine.containers.4.State.Status"), "exited");
	assert_each_once(&rl);
	reqlog_free(&rl);
	json_object_put(root);
	fake_stop(&f);
}
END_TEST

START_TEST(test_images_with_history)
{
	const char *args[] = { "--images", "3", NULL };
	struct da_engine_config cfg;
	struct json_object *root;
	struct reqlog rl;
	struct fake f;
	char err[512], path[256];
	size_t i;

	fake_start(&f, args);
	cfg_init(&cfg, &f);
	ck_assert_int_eq(probe(&cfg, &root, err, sizeof(err)), 0);
	ck_assert_uint_eq(at_len(root, "engine.images"), 3);
	reqlog_read(&f, &rl);
	for (i = 0; i < 3; i++) {
		const char *id;

		snprintf(path, sizeof(path), "engine.images.%zu._history", i);
		ck_assert_uint_eq(at_len(root, path), 2);
		snprintf(path, sizeof(path), "engine.images.%zu._history.0.Id", i);
		id = at_str(root, path);
		snprintf(path, sizeof(path), "engine.images.%zu.Id", i);
		ck_assert_str_eq(at_str(root, path), id); /* history belongs to its image */
		snprintf(path, sizeof(path), "/v1.43/images/%s/json", id);
		ck_assert_uint_eq(reqlog_count(&rl, path), 1);
		snprintf(path, sizeof(path), "/v1.43/images/%s/history", id);
		ck_assert_uint_eq(reqlog_count(&rl, path), 1);
	}
	ck_assert_uint_eq(at_len(root, "engine.networks"), 3);
	ck_assert_str_eq(at_str(root, "engine.networks.0.Name"), "bridge");
	assert_each_once(&rl);
	reqlog_free(&rl);
	json_object_put(root);
	fake_stop(&f);
}
END_TEST

/* ---- swarm ---------------------------------------------------------------- */

START_TEST(test_swarm_inactive)
{
	struct da_engine_config cfg;
	struct json_object *root;
	struct reqlog rl;
	struct fake f;
	char err[512];

	fake_start(&f, NULL);
	cfg_init(&cfg, &f);
	ck_assert_int_eq(probe(&cfg, &root, err, sizeof(err)), 0);
	ck_assert(at_is_null(root, "engine.swarm"));
	reqlog_read(&f, &rl);
	ck_assert_uint_eq(reqlog_count(&rl, "/v1.43/swarm"), 0);
	ck_assert_uint_eq(reqlog_count(&rl, "/v1.43/nodes"), 0);
	reqlog_free(&rl);
	json_object_put(root);
	fake_stop(&f);
}
END_TEST

START_TEST(test_swarm_manager)
{
	const char *args[] = { "--scenario", "swarm-manager", NULL };
	struct da_engine_config cfg;
	struct json_object *root;
	struct reqlog rl;
	struct fake f;
	char err[512];

	fake_start(&f, args);
	cfg_init(&cfg, &f);
	ck_assert_int_eq(probe(&cfg, &root, err, sizeof(err)), 0);
	ck_assert(json_object_is_type(at(root, "engine.swarm"), json_type_object));
	ck_assert_str_eq(at_str(root, "engine.swarm.unlockkey.UnlockKey"), "SWMKEY-1-fakefakefake");
	ck_assert_str_eq(at_str(root, "engine.swarm.swarm.ID"), "swarm0fake");
	ck_assert_uint_eq(at_len(root, "engine.swarm.nodes"), 1);
	ck_assert_uint_eq(at_len(root, "engine.swarm.services"), 1);
	ck_assert_uint_eq(at_len(root, "engine.swarm.secrets"), 1);
	ck_assert_uint_eq(at_len(root, "engine.errors"), 0);
	reqlog_read(&f, &rl);
	ck_assert_uint_eq(reqlog_count(&rl, "/v1.43/swarm/unlockkey"), 1);
	assert_each_once(&rl);
	reqlog_free(&rl);
	json_object_put(root);
	fake_stop(&f);
}
END_TEST

START_TEST(test_swarm_worker)
{
	const char *args[] = { "--scenario", "swarm-worker", NULL };
	static const char *const parts[] = { "swarm", "nodes", "services", "secrets", "unlockkey" };
	struct da_engine_config cfg;
	struct json_object *root;
	struct fake f;
	char err[512], path[64];
	const char *why;
	size_t i;

	fake_start(&f, args);
	cfg_init(&cfg, &f);
	ck_assert_int_eq(probe(&cfg, &root, err, sizeof(err)), 0);
	ck_assert(json_object_is_type(at(root, "engine.swarm"), json_type_object));
	for (i = 0; i < 5; i++) {
		snprintf(path, sizeof(path), "engine.swarm.%s", parts[i]);
		ck_assert_msg(at_is_null(root, path), "%s is not null", path);
	}
	why = error_for(root, "/swarm");
	ck_assert_ptr_nonnull(why);
	ck_assert_ptr_nonnull(strstr(why, "HTTP 503"));
	ck_assert_ptr_nonnull(error_for(root, "/swarm/unlockkey"));
	ck_assert_uint_eq(at_len(root, "engine.containers"), 3);
	json_object_put(root);
	fake_stop(&f);
}
END_TEST

/* ---- failures that are recorded ------------------------------------------ */

START_TEST(test_inspect_error_recorded)
{
	const char *args[] = { "--scenario", "inspect-500", NULL };
	struct da_engine_config cfg;
	struct json_object *root;
	struct fake f;
	char err[512], path[256];
	const char *id, *why;

	fake_start(&f, args);
	cfg_init(&cfg, &f);
	ck_assert_int_eq(probe(&cfg, &root, err, sizeof(err)), 0);
	ck_assert_uint_eq(at_len(root, "engine.container_list"), 5);
	ck_assert_uint_eq(at_len(root, "engine.containers"), 2);
	id = at_str(root, "engine.container_list.1.Id");
	ck_assert_ptr_nonnull(id);
	ck_assert_str_eq(at_str(root, "engine.containers.0.Id"),
			 at_str(root, "engine.container_list.0.Id"));
	ck_assert_str_eq(at_str(root, "engine.containers.1.Id"),
			 at_str(root, "engine.container_list.2.Id"));
	snprintf(path, sizeof(path), "/containers/%s/json", id);
	why = error_for(root, path);
	ck_assert_ptr_nonnull(why);
	ck_assert_str_eq(why, "HTTP 500: fake error 500");
	ck_assert_uint_eq(at_len(root, "engine.errors"), 1);
	json_object_put(root);
	fake_stop(&f);
}
END_TEST

START_TEST(test_info_malformed)
{
	const char *args[] = { "--scenario", "info-malformed", NULL };
	struct da_engine_config cfg;
	struct json_object *root;
	struct fake f;
	char err[512];
	const char *why;

	fake_start(&f, args);
	cfg_init(&cfg, &f);
	ck_assert_int_eq(probe(&cfg, &root, err, sizeof(err)), 0);
	ck_assert(at_is_null(root, "engine.info"));
	ck_assert(at_is_null(root, "engine.swarm"));
	why = error_for(root, "/info");
	ck_assert_ptr_nonnull(why);
	ck_assert_ptr_nonnull(strstr(why, "malformed JSON"));
	ck_assert_uint_eq(at_len(root, "engine.containers"), 3);
	json_object_put(root);
	fake_stop(&f);
}
END_TEST

START_TEST(test_wrong_shapes)
{
	const char *args[] = { "--on", "/containers/json=wrongtype",
			       "--on", "/images/*/history=malformed",
			       "--on", "/networks=empty",
			       "--on", "/images/sha256:b0000001*/json=wrongtype", NULL };
	struct da_engine_config cfg;
	struct json_object *root, *errs;
	struct fake f;
	char err[512];
	const char *why, *prev = "";
	size_t i;

	fake_start(&f, args);
	cfg_init(&cfg, &f);
	ck_assert_int_eq(probe(&cfg, &root, err, sizeof(err)), 0);
	ck_assert(at_is_null(root, "engine.container_list"));
	ck_assert(at_is_null(root, "engine.containers"));
	ck_assert(at_is_null(root, "engine.networks"));
	why = error_for(root, "/containers/json?all=1");
	ck_assert_ptr_nonnull(why);
	ck_assert_str_eq(why, "not a JSON array");
	ck_assert_str_eq(error_for(root, "/networks"), "empty answer");
	/* image 1's inspect is not an object: dropped; image 0 kept with null history */
	ck_assert_uint_eq(at_len(root, "engine.images"), 1);
	ck_assert(at_is_null(root, "engine.images.0._history"));
	/* the list of errors is sorted by path */
	errs = at(root, "engine.errors");
	ck_assert_uint_eq(json_object_array_length(errs), 5);
	for (i = 0; i < json_object_array_length(errs); i++) {
		const char *p = at_str(json_object_array_get_idx(errs, i), "path");
		ck_assert_int_le(strcmp(prev, p), 0);
		prev = p;
	}
	json_object_put(root);
	fake_stop(&f);
}
END_TEST

START_TEST(test_hostile_list)
{
	struct da_engine_config cfg;
	struct json_object *root;
	struct reqlog rl;
	struct fake f;
	const char *args[3] = { "--dir", NULL, NULL };
	char err[512];
	const char *why;
	size_t i;

	fake_mkdir(&f);
	args[1] = f.dir;
	write_file(f.dir, "containers/json.json",
		   "[42, {\"Id\": 7, \"State\": \"running\"},"
		   " {\"Id\": \"../../swarm/unlockkey\", \"State\": \"running\"},"
		   " {\"Id\": \"abc?x=1\", \"State\": \"running\"},"
		   " {\"Id\": \"abc\", \"State\": \"running\"},"
		   " {\"Id\": \"abc\", \"State\": \"running\"},"
		   " {\"Id\": \"def\", \"State\": \"exited\"},"
		   " {\"Id\": \"0a1\", \"State\": [\"running\"], \"Status\": {}},"
		   " {\"Id\": \"0a2\", \"Status\": \"Up 2 hours\"},"
		   " {\"Id\": \"0a3\", \"State\": \"paused\"}]\n");
	write_file(f.dir, "containers/abc/json.json", "{\"Id\": \"abc\", \"Name\": \"/canned\"}\n");
	write_file(f.dir, "containers/0a2/json.json", "{\"Id\": \"0a2\"}");
	write_file(f.dir, "containers/0a3/json.json", "{\"Id\": \"0a3\"}");
	fake_launch(&f, false, args);
	cfg_init(&cfg, &f);
	ck_assert_int_eq(probe(&cfg, &root, err, sizeof(err)), 0);
	ck_assert_uint_eq(at_len(root, "engine.container_list"), 5);
	ck_assert_uint_eq(at_len(root, "engine.containers"), 3);
	ck_assert_str_eq(at_str(root, "engine.containers.0.Name"), "/canned");
	ck_assert_str_eq(at_str(root, "engine.containers.1.Id"), "0a2");
	ck_assert_str_eq(at_str(root, "engine.containers.2.Id"), "0a3");
	why = error_for(root, "/containers/json?all=1");
	ck_assert_ptr_nonnull(why);
	ck_assert_str_eq(why, "skipped 5 items: item 0 is not an object, ...");
	reqlog_read(&f, &rl);
	ck_assert_uint_eq(reqlog_count(&rl, "/v1.43/containers/abc/json"), 1);
	for (i = 0; i < rl.n; i++) {
		ck_assert_ptr_null(strstr(rl.targets[i], ".."));
		ck_assert_ptr_null(strstr(rl.targets[i], "swarm"));
		ck_assert_ptr_null(strstr(rl.targets[i], "x=1"));
	}
	ck_assert_uint_eq(reqlog_count(&rl, "/v1.43/containers/def/json"), 0);
	ck_assert_uint_eq(reqlog_count(&rl, "/v1.43/containers/0a1/json"), 0);
	assert_each_once(&rl);
	reqlog_free(&rl);
	json_object_put(root);
	fake_stop(&f);
}
END_TEST

START_TEST(test_max_body)
{
	const char *args[] = { "--on", "/info=big:65536", "--on", "/networks=bigchunked:65536", NULL };
	struct da_engine_config cfg;
	struct json_object *root;
	struct fake f;
	char err[512];
	const char *why;

	fake_start(&f, args);
	cfg_init(&cfg, &f);
	cfg.max_body = 16384;
	ck_assert_int_eq(probe(&cfg, &root, err, sizeof(err)), 0);
	ck_assert(at_is_null(root, "engine.info"));
	ck_assert(at_is_null(root, "engine.networks"));
	why = error_for(root, "/info");
	ck_assert_ptr_nonnull(why);
	ck_assert_str_eq(why, "answer larger than 16384 bytes");
	why = error_for(root, "/networks");
	ck_assert_ptr_nonnull(why);
	ck_assert_str_eq(why, "answer larger than 16384 bytes");
	ck_assert_uint_eq(at_len(root, "engine.containers"), 3);
	json_object_put(root);
	fake_stop(&f);
}
END_TEST

START_TEST(test_inspect_hang_times_out)
{
	const char *args[] = { "--on", "/containers/a0000000*/json=hang", NULL };
	struct da_engine_config cfg;
	struct json_object *root;
	struct fake f;
	char err[512], path[256];
	const char *why;

	fake_start(&f, args);
	cfg_init(&cfg, &f);
	cfg.timeout_ms = 5000; /* the other answers must come within it, even under load */
	ck_assert_int_eq(probe(&cfg, &root, err, sizeof(err)), 0);
	ck_assert_uint_eq(at_len(root, "engine.containers"), 2);
	snprintf(path, sizeof(path), "/containers/%s/json",
		 at_str(root, "engine.container_list.0.Id"));
	why = error_for(root, path);
	ck_assert_ptr_nonnull(why);
	ck_assert_ptr_nonnull(strstr(why, "timed out"));
	json_object_put(root);
	fake_stop(&f);
}
END_TEST

START_TEST(test_slow_answers_time_out)
{
	const char *args[] = { "--on", "/info=drip:20", "--on", "/networks=silent", NULL };
	struct da_engine_config cfg;
	struct json_object *root;
	struct fake f;
	char err[512];
	const char *why;

	fake_start(&f, args);
	cfg_init(&cfg, &f);
	cfg.timeout_ms = 5000; /* the other answers must come within it, even under load */
	ck_assert_int_eq(probe(&cfg, &root, err, sizeof(err)), 0);
	ck_assert(at_is_null(root, "engine.info"));
	ck_assert(at_is_null(root, "engine.networks"));
	why = error_for(root, "/info");
	ck_assert_ptr_nonnull(why);
	ck_assert_ptr_nonnull(strstr(why, "timed out"));
	why = error_for(root, "/networks");
	ck_assert_ptr_nonnull(why);
	ck_assert_ptr_nonnull(strstr(why, "timed out"));
	ck_assert_uint_eq(at_len(root, "engine.containers"), 3);
	json_object_put(root);
	fake_stop(&f);
}
END_TEST

/* ---- failures that stop the probe ----------------------------------------- */

START_TEST(test_no_daemon)
{
	struct da_engine_config cfg;
	struct json_object *root;
	struct fake f;
	char err[512] = "";

	fake_mkdir(&f); /* a directory, no fakedocker: nothing listens */
	snprintf(f.host, sizeof(f.host), "unix://%s", f.sock);
	cfg_init(&cfg, &f);
	ck_assert_int_eq(probe(&cfg, &root, err, sizeof(err)), DA_ERR_CONNECT);
	ck_assert_msg(strstr(err, f.sock) != NULL, "\"%s\" lacks the socket path", err);
	ck_assert_msg(strstr(err, "cannot connect to the Docker daemon at unix://") == err,
		      "unexpected message \"%s\"", err);
	ck_assert_msg(strstr(err, "no such file or directory") != NULL, "unexpected reason \"%s\"", err);
	ck_assert_ptr_null(at(root, "engine"));
	ck_assert_ptr_null(at(root, "source"));
	json_object_put(root);
	fake_stop(&f);
}
END_TEST

START_TEST(test_version_hang_times_out)
{
	const char *args[] = { "--scenario", "version-hang", NULL };
	struct da_engine_config cfg;
	struct json_object *root;
	struct fake f;
	char err[512] = "";
	int ret;

	fake_start(&f, args);
	cfg_init(&cfg, &f);
	cfg.timeout_ms = 500;
	ret = probe(&cfg, &root, err, sizeof(err));
	ck_assert_int_eq(ret, DA_ERR_TIMEOUT);
	ck_assert_ptr_nonnull(strstr(err, "/version"));
	ck_assert_ptr_null(at(root, "engine"));
	json_object_put(root);
	fake_stop(&f);
}
END_TEST

START_TEST(test_version_connection_closed)
{
	const char *args[] = { "--scenario", "version-close", NULL };
	struct da_engine_config cfg;
	struct json_object *root;
	struct fake f;
	char err[512] = "";

	fake_start(&f, args);
	cfg_init(&cfg, &f);
	ck_assert_int_eq(probe(&cfg, &root, err, sizeof(err)), DA_ERR_CONNECT);
	ck_assert_ptr_nonnull(strstr(err, f.sock));
	json_object_put(root);
	fake_stop(&f);
}
END_TEST

START_TEST(test_version_too_big)
{
	const char *args[] = { "--on", "/version=bigchunked:100000", NULL };
	struct da_engine_config cfg;
	struct json_object *root;
	struct fake f;
	char err[512] = "";

	fake_start(&f, args);
	cfg_init(&cfg, &f);
	cfg.max_body = 1000;
	ck_assert_int_eq(probe(&cfg, &root, err, sizeof(err)), DA_ERR_PARSE);
	ck_assert_ptr_nonnull(strstr(err, "larger than 1000 bytes"));
	json_object_put(root);
	fake_stop(&f);
}
END_TEST

START_TEST(test_root_not_object)
{
	struct json_object *root = json_object_new_array();
	char err[512] = "";

	ck_assert_int_eq(da_engine_probe(NULL, root, err, sizeof(err)), DA_ERR_INVALID);
	ck_assert_str_ne(err, "");
	ck_assert_uint_eq(json_object_array_length(root), 0);
	json_object_put(root);
}
END_TEST

/* ---- DOCKER_HOST ---------------------------------------------------------- */

START_TEST(test_docker_host_env_unix)
{
	struct da_engine_config cfg;
	struct json_object *root;
	struct fake f;
	char err[512];

	fake_start(&f, NULL);
	setenv("DOCKER_HOST", f.host, 1);
	cfg_init(&cfg, NULL);
	ck_assert_int_eq(probe(&cfg, &root, err, sizeof(err)), 0);
	ck_assert_str_eq(at_str(root, "source.endpoint"), f.host);
	json_object_put(root);

	/* the configured host wins over the environment */
	setenv("DOCKER_HOST", "ssh://nowhere", 1);
	cfg_init(&cfg, &f);
	ck_assert_int_eq(probe(&cfg, &root, err, sizeof(err)), 0);
	ck_assert_str_eq(at_str(root, "source.endpoint"), f.host);
	json_object_put(root);

	/* an empty configured host means "not set" */
	setenv("DOCKER_HOST", f.host, 1);
	cfg.host = "";
	ck_assert_int_eq(probe(&cfg, &root, err, sizeof(err)), 0);
	json_object_put(root);
	fake_stop(&f);
}
END_TEST

START_TEST(test_docker_host_tcp)
{
	struct da_engine_config cfg;
	struct json_object *root;
	struct reqlog rl;
	struct fake f;
	char err[512];

	fake_mkdir(&f);
	fake_launch(&f, true, NULL);
	setenv("DOCKER_HOST", f.host, 1);
	cfg_init(&cfg, NULL);
	ck_assert_int_eq(probe(&cfg, &root, err, sizeof(err)), 0);
	ck_assert_str_eq(at_str(root, "source.endpoint"), f.host);
	ck_assert(json_object_get_boolean(at(root, "source.remote")));
	ck_assert_uint_eq(at_len(root, "engine.containers"), 3);
	reqlog_read(&f, &rl);
	ck_assert_uint_eq(reqlog_count(&rl, "/version"), 1);
	assert_each_once(&rl);
	reqlog_free(&rl);
	json_object_put(root);
	fake_stop(&f);
}
END_TEST

START_TEST(test_docker_host_tls)
{
	struct da_engine_config cfg;
	struct json_object *root;
	struct reqlog rl;
	struct fake f;
	char err[512] = "";

	/* TLS towards a plain HTTP server: the handshake fails, no request is read */
	fake_mkdir(&f);
	fake_launch(&f, true, NULL);
	cfg_init(&cfg, &f);
	cfg.tls_verify = true;
	cfg.cert_path = f.dir; /* no ca.pem, cert.pem, key.pem there */
	ck_assert_int_eq(probe(&cfg, &root, err, sizeof(err)), DA_ERR_CONNECT);
	ck_assert_ptr_nonnull(strstr(err, f.host));
	reqlog_read(&f, &rl);
	ck_assert_uint_eq(rl.n, 0);
	ck_assert_uint_ge(rl.conns, 1);
	reqlog_free(&rl);
	json_object_put(root);

	/* the same through the environment */
	setenv("DOCKER_TLS_VERIFY", "1", 1);
	setenv("DOCKER_CERT_PATH", f.dir, 1);
	cfg_init(&cfg, &f);
	ck_assert_int_eq(probe(&cfg, &root, err, sizeof(err)), DA_ERR_CONNECT);
	json_object_put(root);
	fake_stop(&f);
}
END_TEST

static void expect_invalid_host(const char *host, const char *needle)
{
	struct da_engine_config cfg;
	struct json_object *root;
	char err[512] = "";

	cfg_init(&cfg, NULL);
	cfg.host = host;
	ck_assert_int_eq(probe(&cfg, &root, err, sizeof(err)), DA_ERR_INVALID);
	ck_assert_msg(strstr(err, needle) != NULL, "\"%s\" lacks \"%s\"", err, needle);
	ck_assert_ptr_null(at(root, "engine"));
	json_object_put(root);
}

START_TEST(test_docker_host_invalid)
{
	char longpath[300];

	expect_invalid_host("ssh://user@example.com/x", "invalid ssh URL ssh://user@example.com/x");
	expect_invalid_host("ssh://-oProxyCommand=x", "invalid ssh URL");
	expect_invalid_host("npipe:////./pipe/docker_engine", "unsupported DOCKER_HOST scheme");
	expect_invalid_host("/var/run/docker.sock", "unsupported DOCKER_HOST scheme");
	expect_invalid_host("unix://", "empty socket path");
	expect_invalid_host("tcp://", "invalid DOCKER_HOST address");
	expect_invalid_host("tcp://host:99999", "invalid DOCKER_HOST address");
	expect_invalid_host("tcp://host:", "invalid DOCKER_HOST address");
	expect_invalid_host("tcp://a b:2375", "invalid DOCKER_HOST address");
	expect_invalid_host("tcp://user@host:2375", "invalid DOCKER_HOST address");
	expect_invalid_host("tcp://host:2375/path", "invalid DOCKER_HOST address");
	expect_invalid_host("tcp://::1:2375", "invalid DOCKER_HOST address");
	/* control characters never reach the message */
	expect_invalid_host("bad\033[2J://x", "unsupported DOCKER_HOST scheme: bad [2J://x");
	memset(longpath, 'a', sizeof(longpath) - 1);
	longpath[sizeof(longpath) - 1] = '\0';
	memcpy(longpath, "unix:///", 8);
	expect_invalid_host(longpath, "socket path too long");

	/* the environment is read the same way */
	setenv("DOCKER_HOST", "ftp://elsewhere", 1);
	expect_invalid_host(NULL, "unsupported DOCKER_HOST scheme: ftp://elsewhere");
}
END_TEST

START_TEST(test_docker_host_tcp_default_port)
{
	struct da_engine_config cfg;
	struct json_object *root;
	char err[512] = "";
	int ret;

	/* no port: 2375 as the docker CLI does; whether or not something listens there */
	cfg_init(&cfg, NULL);
	cfg.host = "tcp://127.0.0.1";
	cfg.connect_timeout_ms = 500;
	cfg.timeout_ms = 1000;
	ret = probe(&cfg, &root, err, sizeof(err));
	if (ret == 0)
		ck_assert_str_eq(at_str(root, "source.endpoint"), "tcp://127.0.0.1:2375");
	else
		ck_assert_msg(strstr(err, "tcp://127.0.0.1:2375") != NULL, "\"%s\"", err);
	json_object_put(root);
}
END_TEST

/* ---- connections ---------------------------------------------------------- */

START_TEST(test_one_connection_when_serial)
{
	const char *args[] = { "--running", "20", "--stopped", "5", "--images", "5",
			       "--swarm", "manager", NULL };
	struct da_engine_config cfg;
	struct json_object *root;
	struct reqlog rl;
	struct fake f;
	char err[512];

	fake_start(&f, args);
	cfg_init(&cfg, &f);
	cfg.parallel = 1;
	ck_assert_int_eq(probe(&cfg, &root, err, sizeof(err)), 0);
	ck_assert_uint_eq(at_len(root, "engine.containers"), 20);
	ck_assert_uint_eq(at_len(root, "engine.images"), 5);
	reqlog_read(&f, &rl);
	/* ping, version, info, 2 lists, 20 + 10 inspects, networks, 5 swarm */
	ck_assert_uint_eq(rl.n, 1 + 1 + 1 + 2 + 20 + 10 + 1 + 5);
	ck_assert_uint_eq(rl.conns, 1);
	assert_each_once(&rl);
	reqlog_free(&rl);
	json_object_put(root);
	fake_stop(&f);
}
END_TEST

START_TEST(test_many_containers)
{
	const char *args[] = { "--running", "200", "--stopped", "50", "--images", "20", NULL };
	struct da_engine_config cfg;
	struct json_object *root;
	struct reqlog rl;
	struct fake f;
	char err[512], path[64];
	size_t i;

	fake_start(&f, args);
	cfg_init(&cfg, &f);
	cfg.parallel = 4;
	ck_assert_int_eq(probe(&cfg, &root, err, sizeof(err)), 0);
	ck_assert_uint_eq(at_len(root, "engine.container_list"), 250);
	ck_assert_uint_eq(at_len(root, "engine.containers"), 200);
	ck_assert_uint_eq(at_len(root, "engine.images"), 20);
	for (i = 0; i < 200; i += 37) {
		char want[64];
		snprintf(want, sizeof(want), "/run-%zu", i);
		snprintf(path, sizeof(path), "engine.containers.%zu.Name", i);
		ck_assert_str_eq(at_str(root, path), want);
	}
	reqlog_read(&f, &rl);
	ck_assert_uint_eq(rl.n, 1 + 1 + 1 + 2 + 200 + 40 + 1);
	ck_assert_uint_le(rl.conns, 4);
	assert_each_once(&rl);
	reqlog_free(&rl);
	json_object_put(root);
	fake_stop(&f);
}
END_TEST

static Suite *engine_suite(void)
{
	Suite *s = suite_create("engine");
	TCase *tc = tcase_create("probe");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_negotiate_older_daemon);
	tcase_add_test(tc, test_ping_version_disagrees);
	tcase_add_test(tc, test_ping_refused);
	tcase_add_test(tc, test_negotiate_newer_daemon);
	tcase_add_test(tc, test_version_not_docker);
	tcase_add_test(tc, test_update_container);
	tcase_add_test(tc, test_update_warnings_cleaned);
	tcase_add_test(tc, test_running_containers_inspected);
	tcase_add_test(tc, test_all_containers_inspected);
	tcase_add_test(tc, test_images_with_history);
	tcase_add_test(tc, test_swarm_inactive);
	tcase_add_test(tc, test_swarm_manager);
	tcase_add_test(tc, test_swarm_worker);
	tcase_add_test(tc, test_inspect_error_recorded);
	tcase_add_test(tc, test_info_malformed);
	tcase_add_test(tc, test_wrong_shapes);
	tcase_add_test(tc, test_hostile_list);
	tcase_add_test(tc, test_max_body);
	tcase_add_test(tc, test_inspect_hang_times_out);
	tcase_add_test(tc, test_slow_answers_time_out);
	tcase_add_test(tc, test_no_daemon);
	tcase_add_test(tc, test_version_hang_times_out);
	tcase_add_test(tc, test_version_connection_closed);
	tcase_add_test(tc, test_version_too_big);
	tcase_add_test(tc, test_root_not_object);
	tcase_add_test(tc, test_docker_host_env_unix);
	tcase_add_test(tc, test_docker_host_tcp);
	tcase_add_test(tc, test_docker_host_tls);
	tcase_add_test(tc, test_docker_host_invalid);
	tcase_add_test(tc, test_docker_host_tcp_default_port);
	tcase_add_test(tc, test_one_connection_when_serial);
	tcase_add_test(tc, test_many_containers);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	/*
	 * Every test works in a directory under basedir, removed after the
	 * run: in fork mode a failed assertion _exits the test's process
	 * before its teardown (its fakedocker dies with it, by PDEATHSIG).
	 */
	return dt_run_suite_in(engine_suite(), basedir);
}
