/*
 * dockaudit: load the modules, probe the daemon and the host once, run the
 * selected checks, write every requested output, exit by one policy.
 */
#include "config.h"

#include "cli.h"
#include "endpoint.h"
#include "engine.h"
#include "escape.h"
#include "fix.h"
#include "format.h"
#include "hostfacts.h"
#include "remotehost.h"
#include "hostfiles.h"
#include "hostmounts.h"
#include "builtin.h"
#include "loader.h"
#include "merge.h"
#include "probe.h"
#include "progress.h"
#include "report.h"
#include "runner.h"
#include "select.h"
#include "snapshot.h"
#include "util.h"
#include "waiver.h"

#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>

static int load_modules(struct da_loader *l, const struct da_cli *cli)
{
	const char *env = getenv("DOCKAUDIT_MODULE_PATH");
	size_t i;
	int rc;

	/* built-in modules first: a module file of the same name is skipped */
	for (i = 0; da_builtin_modules[i]; i++)
		da_loader_add_builtin(l, da_builtin_modules[i]);
	/* every folder is staged (checked, not loaded) before anything is loaded */
	for (i = 0; i < cli->n_module_dirs; i++) {
		rc = da_loader_stage_dir(l, cli->module_dirs[i]);
		if (rc < 0) {
			da_errorf("--module-dir %s: %s", cli->module_dirs[i],
				  rc == DA_ERR_NOTFOUND ? "no such folder" : "cannot read the folder");
			return DA_EXIT_USAGE;
		}
	}
	if (env && *env) {
		char *copy = da_xstrdup(env), *tok, *save = NULL;
		for (tok = strtok_r(copy, ":", &save); tok; tok = strtok_r(NULL, ":", &save))
			if (*tok)
				da_loader_stage_dir(l, tok);
		free(copy);
	}
	da_loader_stage_dir(l, MODULEDIR);
	da_loader_commit(l);
	if (l->n_mods == 0) {
		da_errorf("no modules loaded (looked in --module-dir, $DOCKAUDIT_MODULE_PATH and %s)",
			  MODULEDIR);
		return DA_EXIT_NOAUDIT;
	}
	return DA_EXIT_OK;
}

/* Rotating buffers for the escaped strings of one printf. */
static struct da_buf esc_bufs[8];
static size_t esc_next;

/* s escaped for a terminal (NULL as ""), valid for the next 7 calls. */
static const char *esc(const char *s)
{
	struct da_buf *b = &esc_bufs[esc_next++ % 8];

	if (b->data) {
		b->len = 0;
		b->data[0] = '\0';
	}
	da_escape_text(b, s);
	return da_buf_str(b);
}

static void esc_release(void)
{
	size_t i;

	for (i = 0; i < 8; i++)
		da_buf_release(&esc_bufs[i]);
}

static void list_modules(const struct da_loader *l)
{
	size_t i;

	for (i = 0; i < l->n_mods; i++) {
		const struct da_module *m = l->mods[i].desc;
		printf("%-12s %-8s section %-3s %3u checks  ABI %u.%u  %s\n", esc(m->name),
		       esc(m->version), esc(m->section), m->n_checks, m->abi_major, m->abi_minor,
		       esc(l->mods[i].path));
	}
}

static void list_checks(const struct da_catalog *cat)
{
	const struct da_section *sec = NULL;
	size_t i;

	for (i = 0; i < cat->n_defs; i++) {
		const struct da_checkdef *d = &cat->defs[i];
		if (d->section != sec) {
			sec = d->section;
			printf("%s %s [%s%s%s]\n", esc(sec->id), esc(sec->title), esc(sec->module),
			       sec->group ? ", " : "", esc(sec->group));
		}
		if (d->flags & DA_CHECK_HEADER) {
			printf("  %-8s %s\n", esc(d->id), esc(d->title));
			continue;
		}
		printf("  %-8s L%d %-9s %-8s %s\n", esc(d->id), d->level,
		       (d->flags & DA_CHECK_MANUAL) ? "manual" : "automated",
		       (d->flags & DA_CHECK_SCORED) ? "scored" : "unscored", esc(d->title));
	}
}

static void json_str(struct da_buf *b, const char *s)
{
	da_escape_json(b, s);
}

/* --list-checks --format json: the checks and their metadata, for tooling. */
static int list_checks_json(const struct da_catalog *cat, const char *benchmark)
{
	struct da_buf b = { 0 };
	size_t i, n = 0;
	int rc = DA_EXIT_OK;

	da_buf_adds(&b, "{\n  \"benchmark\": {\"id\": ");
	json_str(&b, benchmark);
	da_buf_adds(&b, ", \"title\": ");
	json_str(&b, da_benchmark_title(benchmark));
	da_buf_adds(&b, "},\n  \"checks\": [");
	for (i = 0; i < cat->n_defs; i++) {
		const struct da_checkdef *d = &cat->defs[i];
		const struct da_section *sec = d->section;
		const char *g = d->check ? d->check->groups : NULL;
		bool first = true;

		if (d->flags & DA_CHECK_HEADER)
			continue;
		da_buf_adds(&b, n++ ? ",\n    " : "\n    ");
		da_buf_adds(&b, "{\"id\": ");
		json_str(&b, d->id);
		da_buf_adds(&b, ", \"title\": ");
		json_str(&b, d->title);
		da_buf_adds(&b, ", \"section\": ");
		json_str(&b, sec ? sec->id : NULL);
		da_buf_adds(&b, ", \"section_title\": ");
		json_str(&b, sec ? sec->title : NULL);
		da_buf_adds(&b, ", \"module\": ");
		json_str(&b, sec ? sec->module : NULL);
		da_buf_adds(&b, ", \"level\": ");
		if (d->level > 0)
			da_buf_addf(&b, "%d", d->level);
		else
			da_buf_adds(&b, "null");
		da_buf_addf(&b, ", \"automated\": %s, \"scored\": %s, \"groups\": [",
			    (d->flags & DA_CHECK_MANUAL) ? "false" : "true",
			    (d->flags & DA_CHECK_SCORED) ? "true" : "false");
		if (sec && sec->group) {
			json_str(&b, sec->group);
			first = false;
		}
		while (g && *g) {
			size_t k = strcspn(g, " ");

			if (k) {
				char *one = da_xasprintf("%.*s", (int)k, g);

				if (!first)
					da_buf_adds(&b, ", ");
				json_str(&b, one);
				free(one);
				first = false;
			}
			g += k;
			g += strspn(g, " ");
		}
		da_buf_adds(&b, "], \"remediation\": ");
		json_str(&b, d->remediation);
		da_buf_adds(&b, ", \"impact\": ");
		json_str(&b, d->impact);
		da_buf_adds(&b, "}");
	}
	da_buf_adds(&b, n ? "\n  ]\n}\n" : "]\n}\n");
	if (fwrite(b.data, 1, b.len, stdout) != b.len || fflush(stdout) != 0) {
		da_errorf("cannot write the list of checks");
		rc = DA_EXIT_NOAUDIT;
	}
	da_buf_release(&b);
	return rc;
}

/* Records how the endpoint was chosen in root.source (kept by snapshots). */
static void note_endpoint(struct json_object *root, const struct da_endpoint *ep)
{
	struct json_object *src = da_probe_get(root, "source");

	if (!json_object_is_type(src, json_type_object))
		return;
	json_object_object_add(src, "endpoint_source",
			       json_object_new_string(da_endpoint_source_name(ep->source)));
	json_object_object_add(src, "context",
			       ep->context ? json_object_new_string(ep->context) : NULL);
}

/*
 * The host facts that need only /info and /version of the daemon (which
 * dockerd this is, its flags and daemon.json, the host's files): read by a
 * thread of their own from the moment those two have answered (the
 * engine's on_head), while the daemon answers the lists and inspects.
 * They are written into head's "host", which joins the probe's tree once
 * both are done.
 */
struct early_host {
	struct da_hostfacts_config cfg;
	long daemon_pid;
	struct json_object *head; /* owned; NULL until on_head */
	pthread_t th;
	bool started;
	int rc;
	uint64_t usec;
};

/* Reads the host facts into root; its return is da_hostfacts_probe_pid's. */
static int read_host(struct da_hostfacts_config cfg, long daemon_pid, struct json_object *root)
{
	struct da_dockerd_facts dfacts;
	struct json_object *a;
	int rc = da_hostfacts_probe_pid(&cfg, daemon_pid, root);

	if (rc != DA_OK)
		return rc;
	/* which dockerd is unknown: its files are not read either */
	a = da_probe_get(root, "host.available");
	if (json_object_is_type(a, json_type_boolean) && !json_object_get_boolean(a))
		cfg.remote = true;
	/* what the files probe needs of the dockerd described */
	da_hostfacts_dockerd(root, &dfacts);
	da_hostfiles_probe(&cfg, &dfacts, root);
	return DA_OK;
}

static void *early_host_thread(void *arg)
{
	struct early_host *h = arg;
	uint64_t t0 = da_clock_usec();

	h->rc = read_host(h->cfg, h->daemon_pid, h->head);
	h->usec = da_clock_usec() - t0;
	return NULL;
}

static void early_host_start(void *arg, struct json_object *head)
{
	struct early_host *h = arg;
	struct json_object *r = da_probe_get(head, "source.remote");
	sigset_t all, old;

	h->head = head;
	h->cfg.remote = json_object_is_type(r, json_type_boolean) && json_object_get_boolean(r);
	/* the thread takes no signal: they stay the main thread's */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	h->started = pthread_create(&h->th, NULL, early_host_thread, h) == 0;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

/* Waits for the thread; true when its facts are there to take. */
static bool early_host_join(struct early_host *h)
{
	if (!h->started)
		return false;
	pthread_join(h->th, NULL);
	h->started = false;
	da_timing("host:early", h->usec);
	return true;
}

/*
 * The live probe; ep (the resolved endpoint) must outlive every request,
 * and scan (zeroed) this call.
 */
static int probe_live_ep(struct da_probe *p, const struct da_cli *cli, struct da_endpoint *ep,
			 struct da_procscan *scan, struct early_host *early)
{
	struct da_engine_config ecfg;
	struct da_hostfacts_config hcfg;
	char err[1024] = "";
	bool remote = false, early_done;
	int rc;

	/* the daemon the user means, as the docker CLI resolves it; a
	   context that cannot be used is an error, never another daemon */
	if (da_endpoint_resolve(cli->context, cli->host, ep, err, sizeof(err)) != DA_OK) {
		da_errorf("%s", err);
		return DA_EXIT_NOAUDIT;
	}
	da_endpoint_engine_config(ep, &ecfg);
	ecfg.connect_timeout_ms = 5000;
	ecfg.timeout_ms = cli->timeout_ms;
	ecfg.deadline_ms = cli->deadline_ms;
	ecfg.parallel = 8;
	ecfg.all_containers = cli->all_containers;
	/* a local daemon: its containers' processes are looked for in /proc
	   while the daemon answers (hostprocs.c) */
	memset(&hcfg, 0, sizeof(hcfg));
	hcfg.host_root = cli->host_root;
	hcfg.proc_root = cli->proc_root;
	if (strncmp(ep->host, "unix://", 7) == 0)
		da_hostprocs_prefetch(scan, &hcfg);
	early->cfg = hcfg;
	early->daemon_pid = cli->daemon_pid;
	ecfg.on_head = early_host_start;
	ecfg.on_head_arg = early;
	da_phase("connect");
	json_object_object_add(p->root, "probe_version", json_object_new_int(DA_PROBE_VERSION));
	json_object_object_add(p->root, "dockaudit_version", json_object_new_string(PACKAGE_VERSION));
	json_object_object_add(p->root, "time", json_object_new_int64((int64_t)time(NULL)));
	rc = da_engine_probe(&ecfg, p->root, err, sizeof(err));
	early_done = early_host_join(early);
	if (rc != DA_OK) {
		da_errorf("%s", *err ? err : da_strerror(rc));
		return DA_EXIT_NOAUDIT;
	}
	note_endpoint(p->root, ep);
	da_probe_note_deadline(p);
	{
		struct json_object *r = da_probe_get(p->root, "source.remote");
		remote = json_object_is_type(r, json_type_boolean) && json_object_get_boolean(r);
	}
	if (remote && cli->daemon_pid) {
		da_errorf("--daemon-pid names a local dockerd, but %s is remote",
			  da_probe_str(p->root, "source.endpoint"));
		return DA_EXIT_USAGE;
	}
	if (cli->daemon_pid && strcmp(da_engine_kind_of(p->root), "podman") == 0) {
		da_errorf("--daemon-pid names a dockerd, but %s is Podman",
			  da_probe_str(p->root, "source.endpoint"));
		return DA_EXIT_USAGE;
	}
	da_phase("host");
	memset(&hcfg, 0, sizeof(hcfg));
	hcfg.host_root = cli->host_root;
	hcfg.proc_root = cli->proc_root;
	hcfg.remote = remote;
	if (early_done) {
		/* read while the daemon answered, from the same /info and /version */
		rc = early->rc;
		if (rc == DA_OK)
			json_object_object_add(p->root, "host",
					       json_object_get(da_probe_get(early->head, "host")));
	} else {
		rc = read_host(hcfg, cli->daemon_pid, p->root);
	}
	if (rc == DA_ERR_NOTFOUND) {
		da_errorf("--daemon-pid %ld is not a running dockerd process", cli->daemon_pid);
		return DA_EXIT_NOAUDIT;
	}
	if (rc != DA_OK) {
		da_errorf("cannot read host facts");
		return DA_EXIT_NOAUDIT;
	}
	da_hostmounts_probe(&hcfg, p->root);
	da_hostprocs_probe_scanned(&hcfg, p->root, scan);
	if (remote && !cli->fix) {
		/* over ssh, the host facts of dockaudit on that host; never for
		   fix, which writes this machine's files */
		struct da_remote_host_config rcfg;

		memset(&rcfg, 0, sizeof(rcfg));
		rcfg.disabled = cli->no_remote_host;
		rcfg.timeout_ms = cli->deadline_ms + DA_REMOTE_HOST_EXTRA_MS;
		da_remote_host_probe(&rcfg, p->root);
	}
	/* what /proc could not show, the daemon's process lists do (5.7) */
	da_phase("processes");
	if (da_engine_top(&ecfg, p->root, err, sizeof(err)) != DA_OK)
		da_warnf("%s", *err ? err : "cannot fetch container process lists");
	return DA_EXIT_OK;
}

static int probe_live(struct da_probe *p, const struct da_cli *cli)
{
	struct da_endpoint ep;
	struct da_procscan scan;
	struct early_host early;
	int rc;

	memset(&ep, 0, sizeof(ep));
	memset(&scan, 0, sizeof(scan));
	memset(&early, 0, sizeof(early));
	rc = probe_live_ep(p, cli, &ep, &scan, &early);
	json_object_put(early.head);
	da_hostprocs_scan_release(&scan);
	da_endpoint_release(&ep);
	return rc;
}

struct out {
	const struct da_formatter *fmt;
	const char *path; /* NULL = stdout */
	bool color;
};

/*
 * Every report file is opened first (a temporary file beside a regular
 * target, the target itself otherwise), then each report is written and
 * committed, in order.  Every failure is one line,
 * "cannot write PATH: reason" ("standard output" for stdout); it ends that
 * report only.
 */
struct open_out {
	struct da_atomic a;
	bool opened;
};

static int write_output(const struct out *o, struct open_out *f, const struct da_report *r)
{
	struct da_output out;
	char err[512];
	int rc;

	memset(&out, 0, sizeof(out));
	out.fmt = o->fmt;
	out.color = o->color;
	if (!o->path) {
		out.fp = stdout;
		errno = 0;
		rc = da_format_report(&out, r);
		if (rc == DA_OK && (fflush(stdout) != 0 || ferror(stdout)))
			rc = DA_ERR_IO;
		if (rc != DA_OK) {
			da_errorf("cannot write standard output: %s",
				  errno ? strerror(errno) : da_strerror(rc));
			clearerr(stdout);
		}
		return rc;
	}
	if (!f->opened)
		return DA_ERR_IO;
	out.fp = f->a.fp;
	errno = 0;
	rc = da_format_report(&out, r);
	if (rc != DA_OK) {
		da_errorf("cannot write %s: %s", o->path, errno ? strerror(errno) : da_strerror(rc));
		da_atomic_abort(&f->a);
		f->opened = false;
		return rc;
	}
	f->opened = false;
	if (da_atomic_commit(&f->a, err, sizeof(err)) != DA_OK) {
		da_errorf("%s", err);
		return DA_ERR_IO;
	}
	return DA_OK;
}

static bool want_color(const struct da_cli *cli)
{
	const char *nc = getenv("NO_COLOR");

	return !cli->no_color && !(nc && *nc) && isatty(STDOUT_FILENO);
}

static int write_outputs(const struct da_cli *cli, const struct da_report *r)
{
	struct out outs[DA_MAX_OUTPUTS + 3];
	struct open_out files[DA_MAX_OUTPUTS + 3];
	size_t n = 0, i;
	/* --save-snapshot - streams the snapshot there: no report follows it */
	bool stdout_taken = cli->save_snapshot && strcmp(cli->save_snapshot, "-") == 0;
	char *dbs = NULL;
	int rc = DA_EXIT_OK;

	for (i = 0; i < cli->n_outputs; i++)
		if (strcmp(cli->outputs[i].path, "-") == 0)
			stdout_taken = true;
	if (!stdout_taken)
		outs[n++] = (struct out){ da_formatter_find(cli->format), NULL,
					  want_color(cli) };
	for (i = 0; i < cli->n_outputs; i++) {
		bool to_stdout = strcmp(cli->outputs[i].path, "-") == 0;
		const struct da_formatter *f = da_formatter_find(cli->outputs[i].format);
		outs[n++] = (struct out){ f, to_stdout ? NULL : cli->outputs[i].path,
					  to_stdout && want_color(cli) };
	}
	if (cli->log_file) {
		dbs = da_xasprintf("%s.json", cli->log_file);
		outs[n++] = (struct out){ &da_format_text, cli->log_file, false };
		outs[n++] = (struct out){ &da_format_dbs_json, dbs, false };
	}
	for (i = 0; i < n; i++) {
		char err[512];
		files[i].opened = false;
		if (!outs[i].path)
			continue;
		if (da_atomic_open(&files[i].a, outs[i].path, err, sizeof(err)) == DA_OK)
			files[i].opened = true;
		else
			da_errorf("%s", err);
	}
	for (i = 0; i < n; i++) {
		uint64_t t0 = da_clock_usec();
		char *name;

		if (write_output(&outs[i], &files[i], r) != DA_OK)
			rc = DA_EXIT_NOAUDIT;
		name = da_xasprintf("output:%s:%s", outs[i].fmt ? outs[i].fmt->name : "?",
				    outs[i].path ? outs[i].path : "-");
		da_timing(name, da_clock_usec() - t0);
		free(name);
	}
	free(dbs);
	return rc;
}

/*
 * A failed gate says which and why, in one line on stderr.  Waived
 * findings do not count: a result counts for warn and error when one of
 * its findings is not waived; new counts the new findings not waived.
 */
static int gate(const struct da_cli *cli, const struct da_report *r)
{
	int findings = 0, errors = 0, fresh = 0;
	size_t s, i, k;

	for (s = 0; s < r->n_sections; s++) {
		const struct da_report_section *sec = &r->sections[s];

		for (i = 0; i < sec->n_results; i++) {
			const struct da_result *res = sec->results[i];

			if (!da_result_has_findings(res) || da_result_waived(res))
				continue;
			findings++;
			errors += res->status == DA_ERROR;
			if (res->n_items == 0)
				fresh += res->is_new && !res->waiver;
			for (k = 0; k < res->n_items; k++)
				fresh += res->items[k].is_new && !res->items[k].waiver;
		}
	}
	if ((cli->fail_on & DA_FAIL_WARN) && findings) {
		da_errorf("gate failed: %d finding%s (--fail-on warn)", findings,
			  findings == 1 ? "" : "s");
		return DA_EXIT_GATE;
	}
	if ((cli->fail_on & DA_FAIL_ERROR) && errors) {
		da_errorf("gate failed: %d ERROR result%s (--fail-on error)",
			  errors, errors == 1 ? "" : "s");
		return DA_EXIT_GATE;
	}
	if ((cli->fail_on & DA_FAIL_NEW) && fresh) {
		da_errorf("gate failed: %d new finding%s (--fail-on new)", fresh,
			  fresh == 1 ? "" : "s");
		return DA_EXIT_GATE;
	}
	if (cli->have_min_score && r->score < cli->min_score) {
		da_errorf("gate failed: score %d below --min-score %ld", r->score,
			  cli->min_score);
		return DA_EXIT_GATE;
	}
	return DA_EXIT_OK;
}

static void fill_report_target(struct da_report *r, const struct da_probe *p,
			       const struct da_cli *cli)
{
	const char *ep = da_probe_str(p->root, "source.endpoint");
	const char *v = da_probe_str(p->root, "engine.version.Version");
	const char *name = da_probe_str(p->root, "engine.info.Name");

	if (cli->snapshot)
		r->endpoint = da_xasprintf("snapshot %s (%s)",
					   strcmp(cli->snapshot, "-") == 0 ? "from standard input"
									  : cli->snapshot,
					   ep ? ep : "unknown");
	else
		r->endpoint = da_xstrdup(ep ? ep : "unknown");
	r->docker_version = da_xstrdup(v);
	r->engine = da_xstrdup(da_engine_kind_of(p->root));
	if (da_probe_get(p->root, "engine.info"))
		r->rootless = da_engine_rootless_of(p->root) ? 1 : -1;
	r->hostname = da_xstrdup(name);
	r->daemon_id = da_xstrdup(da_probe_str(p->root, "engine.info.ID"));
	r->endpoint_source = da_xstrdup(da_probe_str(p->root, "source.endpoint_source"));
	r->context = da_xstrdup(da_probe_str(p->root, "source.context"));
	{
		struct json_object *m = da_probe_get(p->root, "host.dockerd_match");
		struct json_object *pid = da_probe_get(m, "pid");

		r->have_dockerd = json_object_is_type(m, json_type_object);
		r->dockerd_pid = json_object_is_type(pid, json_type_int)
				 ? (long)json_object_get_int64(pid) : 0;
		r->dockerd_by = da_xstrdup(da_probe_str(m, "by"));
		r->dockerd_reason = da_xstrdup(da_probe_str(m, "reason"));
	}
	/* from the probe, not geteuid(): a snapshot keeps who made it */
	{
		struct json_object *avail = da_probe_get(p->root, "host.available");
		struct json_object *priv = da_probe_get(p->root, "host.privileged");
		struct json_object *uid = da_probe_get(p->root, "host.uid");

		r->unprivileged = json_object_is_type(avail, json_type_boolean) &&
				  json_object_get_boolean(avail) &&
				  json_object_is_type(priv, json_type_boolean) &&
				  !json_object_get_boolean(priv);
		r->uid = json_object_is_type(uid, json_type_int) ? (long)json_object_get_int64(uid)
								   : -1;
	}
}

/*
 * SIGTERM, SIGINT, SIGHUP: kill the module children's groups, remove the
 * temporary report files, then die of the same signal (128+N in a shell).
 */
static void on_fatal_signal(int sig)
{
	da_cleanup_now();
	signal(sig, SIG_DFL);
	raise(sig);
}

/*
 * The heap on transparent huge pages where the kernel gives them on
 * request (THP "madvise", as Debian and Ubuntu set it; "always" needs
 * nothing; "never" stays never).  The probe's tree is thousands of small
 * allocations, and every page of it costs a fault when first written, and
 * again in the worker, whose new address space maps each page it reads
 * (the checks read the whole tree) on first touch: dear on a virtual
 * machine, where one 2 MiB mapping replaces 512 of them.  The heap is
 * grown once by HEAP_PAD (address space only: a page costs memory when it
 * is written) and that span is advised; what the heap grows beyond it is
 * not.  glibc's own switch for this, the glibc.malloc.hugetlb tunable, is
 * read from the environment at start-up only.
 */
#define HEAP_PAD ((size_t)64 << 20)

static void heap_on_huge_pages(void)
{
#if defined(MADV_HUGEPAGE) && defined(M_TOP_PAD)
	char *before = sbrk(0), *after;
	void *held[8];
	size_t n = 0;
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE), from;

	if (before == (char *)-1 || page == 0 || mallopt(M_TOP_PAD, (int)HEAP_PAD) != 1)
		return;
	/* allocations below the mmap threshold come from the heap's top:
	   one of them makes the heap grow, by HEAP_PAD more */
	while (n < sizeof(held) / sizeof(held[0]) && sbrk(0) == before)
		held[n++] = malloc((size_t)96 << 10);
	while (n > 0)
		free(held[--n]);
	after = sbrk(0);
	from = ((uintptr_t)before + page - 1) & ~(page - 1);
	if (after == (char *)-1 || (uintptr_t)after <= from)
		return;
	/* advice only: where it is refused, pages stay small */
	(void)madvise((void *)from, (uintptr_t)after - from, MADV_HUGEPAGE);
#endif
}

static void install_signals(void)
{
	static const int fatal[] = { SIGTERM, SIGINT, SIGHUP };
	struct sigaction sa;
	size_t i;

	/* a closed standard output is a write error (EPIPE), not death */
	signal(SIGPIPE, SIG_IGN);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_fatal_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(fatal) / sizeof(fatal[0]); i++)
		sigaddset(&sa.sa_mask, fatal[i]);
	for (i = 0; i < sizeof(fatal) / sizeof(fatal[0]); i++) {
		struct sigaction old;
		/* a signal ignored by whoever started dockaudit stays ignored */
		if (sigaction(fatal[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
			continue;
		sigaction(fatal[i], &sa, NULL);
	}
}

/*
 * What main leaves to the kernel at exit (see the end of main).  Not
 * static: the compiler must keep the stores that keep it reachable.
 */
struct da_kept {
	struct da_report report;
	struct da_catalog cat;
	struct da_loader loader;
	struct da_probe probe;
};
struct da_kept da_kept_at_exit;

int main(int argc, char **argv)
{
	struct da_cli cli;
	struct da_loader loader;
	struct da_catalog cat = { 0 };
	struct da_probe probe;
	struct da_report report;
	struct da_filters filters;
	struct da_waivers waivers = { 0 };
	struct da_baseline baseline = { 0 };
	bool *selected = NULL;
	char err[1024];
	uint64_t t_start = da_clock_usec();
	int rc;

	heap_on_huge_pages();
	install_signals();
	if (da_cli_parse(&cli, argc, argv, err, sizeof(err)) != DA_OK) {
		da_errorf("%s (try --help)", err);
		da_cli_release(&cli);
		return DA_EXIT_USAGE;
	}
	if (cli.help) {
		da_cli_usage(stdout);
		da_cli_release(&cli);
		return DA_EXIT_OK;
	}
	if (cli.merge) {
		rc = da_merge_main(&cli);
		da_cli_release(&cli);
		return rc;
	}
	if (cli.version) {
		printf("dockaudit %s (module ABI %d.%d, %s)\n", PACKAGE_VERSION, DA_ABI_MAJOR,
		       DA_ABI_MINOR, cli.benchmark);
		da_cli_release(&cli);
		return DA_EXIT_OK;
	}

	da_progress_init(cli.timings, true);
	da_phase("load");
	da_probe_init(&probe);
	memset(&report, 0, sizeof(report));
	if (da_loader_init(&loader) != DA_OK) {
		da_errorf("cannot initialise libltdl");
		rc = DA_EXIT_NOAUDIT;
		goto out_probe;
	}
	rc = load_modules(&loader, &cli);
	if (rc != DA_EXIT_OK)
		goto out;
	da_catalog_build(&cat, &loader, cli.benchmark);
	if (cli.list_modules || cli.list_checks) {
		if (cli.list_modules)
			list_modules(&loader);
		if (cli.list_checks && strcmp(cli.format, "json") == 0)
			rc = list_checks_json(&cat, cli.benchmark);
		else if (cli.list_checks)
			list_checks(&cat);
		esc_release();
		goto out;
	}
	selected = da_xcalloc(cat.n_defs ? cat.n_defs : 1, sizeof(bool));
	if (da_select(&cat, cli.checks, cli.excludes, selected, err, sizeof(err)) != DA_OK) {
		da_errorf("%s", err);
		rc = DA_EXIT_USAGE;
		goto out;
	}
	if (cli.level)
		da_select_level(&cat, cli.level, selected);
	/* nothing to run, or a name pattern refused: usage errors, before any probe */
	if (da_select_nonempty(&cat, selected, cli.checks, cli.excludes, cli.level,
			       err, sizeof(err)) != DA_OK ||
	    da_patterns_check(cli.include, "-i", err, sizeof(err)) != DA_OK ||
	    da_patterns_check(cli.exclude, "-x", err, sizeof(err)) != DA_OK) {
		da_errorf("%s", err);
		rc = DA_EXIT_USAGE;
		goto out;
	}

	/* the waiver file and the baseline: usage errors, before any probe */
	if ((cli.fail_on & DA_FAIL_NEW) && !cli.baseline) {
		da_errorf("--fail-on new needs --baseline REPORT (try --help)");
		rc = DA_EXIT_USAGE;
		goto out;
	}
	if (cli.waivers) {
		char today[16];

		da_waiver_date(today, sizeof(today), time(NULL));
		if (da_waivers_load(&waivers, cli.waivers, &cat, today, err,
				    sizeof(err)) != DA_OK) {
			da_errorf("%s", err);
			rc = DA_EXIT_USAGE;
			goto out;
		}
	}
	if (cli.baseline &&
	    da_baseline_load(&baseline, cli.baseline, cli.benchmark, err, sizeof(err)) != DA_OK) {
		da_errorf("%s", err);
		rc = DA_EXIT_USAGE;
		goto out;
	}

	report.start = time(NULL);
	if (cli.snapshot) {
		da_phase("snapshot");
		if (da_probe_load_snapshot(&probe, cli.snapshot, err, sizeof(err)) != DA_OK) {
			da_errorf("%s", err);
			rc = DA_EXIT_NOAUDIT;
			goto out;
		}
	} else {
		rc = probe_live(&probe, &cli);
		if (rc != DA_EXIT_OK)
			goto out;
	}
	if (cli.save_snapshot)
		da_phase("save-snapshot");
	if (cli.save_snapshot &&
	    da_probe_save_snapshot(&probe, cli.save_snapshot, err, sizeof(err)) != DA_OK) {
		da_errorf("%s", err);
		rc = DA_EXIT_NOAUDIT;
		goto out;
	}

	/* section 8's Enterprise checks do not apply to other engines */
	da_select_engine(&cat,
			 da_engine_is_enterprise(
				 da_probe_str(probe.root, "engine.version.Platform.Name"),
				 da_probe_str(probe.root, "engine.version.Version")),
			 selected);
	da_probe_set_option(&probe, "benchmark", cli.benchmark);
	da_probe_set_option(&probe, "trusted-users", cli.users);
	da_probe_set_option(&probe, "snapshot", cli.snapshot ? "1" : NULL);
	da_probe_set_option(&probe, "all-containers", cli.all_containers ? "1" : NULL);
	{
		struct json_object *r = da_probe_get(probe.root, "source.remote");
		bool remote = json_object_is_type(r, json_type_boolean) && json_object_get_boolean(r);
		da_probe_set_option(&probe, "remote", remote ? "1" : NULL);
	}
	da_phase("checks");
	filters.include = cli.include;
	filters.exclude = cli.exclude;
	filters.labels = cli.labels;
	if (da_runner_targets(&probe, &filters, err, sizeof(err)) != DA_OK) {
		da_errorf("%s", err);
		rc = DA_EXIT_USAGE;
		goto out;
	}

	report.tool_version = PACKAGE_VERSION;
	report.benchmark = cli.benchmark;
	report.benchmark_title = da_benchmark_title(cli.benchmark);
	report.print_remediation = cli.remediation;
	fill_report_target(&report, &probe, &cli);
	if (cli.no_isolation)
		da_runner_run(&report, &cat, selected, &probe, cli.limit);
	else
		da_runner_run_isolated(&report, &cat, selected, &probe, cli.limit,
				       cli.module_timeout_ms);
	report.end = time(NULL);
	/* the indicator is gone before anything else is written */
	da_progress_stop();
	da_phase(NULL);
	if (cli.waivers) {
		size_t i;

		da_waivers_apply(&report, &waivers);
		for (i = 0; i < waivers.n; i++)
			if (waivers.v[i].expired)
				da_warnf("waiver at %s:%d (%s) expired on %s: it waives nothing",
					 cli.waivers, waivers.v[i].line, esc(waivers.v[i].check),
					 waivers.v[i].expires);
	}
	if (cli.baseline)
		da_baseline_apply(&report, &baseline);
	da_report_finish(&report);

	if (cli.fix) {
		rc = da_fix_main(&cli, probe.root, &report);
		goto out;
	}
	rc = write_outputs(&cli, &report);
	if (rc == DA_EXIT_OK)
		rc = gate(&cli, &report);
out:
	da_progress_stop();
	da_phase(NULL);
	da_timing("total", da_clock_usec() - t_start);
	free(selected);
	da_waivers_release(&waivers);
	esc_release();
	da_baseline_release(&baseline);
	if (!cli.no_isolation && !getenv("DA_FREE_AT_EXIT")) {
		/*
		 * After the worker's fork every page of the probe and the report
		 * is copy-on-write: freeing them would write (and fault) each one
		 * again, a tenth of the run on a virtual machine, only to hand
		 * the memory back to a process that is about to end.  It stays
		 * reachable here (no leak for valgrind or LeakSanitizer) and the
		 * kernel takes it back at exit.  DA_FREE_AT_EXIT=1 frees it all,
		 * for the tests that check the release code.
		 */
		da_kept_at_exit.report = report;
		da_kept_at_exit.cat = cat;
		da_kept_at_exit.loader = loader;
		da_kept_at_exit.probe = probe;
		da_cli_release(&cli);
		return rc;
	}
	da_report_release(&report);
	da_catalog_release(&cat);
	da_loader_release(&loader);
out_probe:
	da_probe_release(&probe);
	da_cli_release(&cli);
	return rc;
}
