/*
 * dockaudit: load the modules, probe the daemon and the host once, run the
 * selected checks, write every requested output, exit by one policy.
 */
#include "config.h"

#include "cli.h"
#include "engine.h"
#include "format.h"
#include "hostfacts.h"
#include "hostfiles.h"
#include "loader.h"
#include "probe.h"
#include "report.h"
#include "runner.h"
#include "select.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int load_modules(struct da_loader *l, const struct da_cli *cli)
{
	const char *env = getenv("DOCKAUDIT_MODULE_PATH");
	size_t i;
	int rc;

	for (i = 0; i < cli->n_module_dirs; i++) {
		rc = da_loader_load_dir(l, cli->module_dirs[i]);
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
				da_loader_load_dir(l, tok);
		free(copy);
	}
	da_loader_load_dir(l, MODULEDIR);
	if (l->n_mods == 0) {
		da_errorf("no modules loaded (looked in --module-dir, $DOCKAUDIT_MODULE_PATH and %s)",
			  MODULEDIR);
		return DA_EXIT_NOAUDIT;
	}
	return DA_EXIT_OK;
}

static void list_modules(const struct da_loader *l)
{
	size_t i;

	for (i = 0; i < l->n_mods; i++) {
		const struct da_module *m = l->mods[i].desc;
		printf("%-12s %-8s section %-3s %3u checks  ABI %u.%u  %s\n", m->name, m->version,
		       m->section, m->n_checks, m->abi_major, m->abi_minor, l->mods[i].path);
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
			printf("%s %s [%s%s%s]\n", sec->id, sec->title, sec->module,
			       sec->group ? ", " : "", sec->group ? sec->group : "");
		}
		if (d->flags & DA_CHECK_HEADER) {
			printf("  %-8s %s\n", d->id, d->title);
			continue;
		}
		printf("  %-8s L%d %-9s %-8s %s\n", d->id, d->level,
		       (d->flags & DA_CHECK_MANUAL) ? "manual" : "automated",
		       (d->flags & DA_CHECK_SCORED) ? "scored" : "unscored", d->title);
	}
}

static int probe_live(struct da_probe *p, const struct da_cli *cli)
{
	struct da_engine_config ecfg;
	struct da_hostfacts_config hcfg;
	char err[1024] = "";
	const char *tls = getenv("DOCKER_TLS_VERIFY");
	bool remote = false;
	int rc;

	memset(&ecfg, 0, sizeof(ecfg));
	ecfg.tls_verify = tls && *tls;
	ecfg.cert_path = getenv("DOCKER_CERT_PATH");
	ecfg.connect_timeout_ms = 5000;
	ecfg.timeout_ms = cli->timeout_ms;
	ecfg.parallel = 8;
	ecfg.all_containers = cli->all_containers;
	json_object_object_add(p->root, "probe_version", json_object_new_int(1));
	json_object_object_add(p->root, "dockaudit_version", json_object_new_string(PACKAGE_VERSION));
	json_object_object_add(p->root, "time", json_object_new_int64((int64_t)time(NULL)));
	rc = da_engine_probe(&ecfg, p->root, err, sizeof(err));
	if (rc != DA_OK) {
		da_errorf("%s", *err ? err : da_strerror(rc));
		return DA_EXIT_NOAUDIT;
	}
	{
		struct json_object *r = da_probe_get(p->root, "source.remote");
		remote = json_object_is_type(r, json_type_boolean) && json_object_get_boolean(r);
	}
	memset(&hcfg, 0, sizeof(hcfg));
	hcfg.host_root = cli->host_root;
	hcfg.remote = remote;
	if (da_hostfacts_probe(&hcfg, p->root) != DA_OK) {
		da_errorf("cannot read host facts");
		return DA_EXIT_NOAUDIT;
	}
	da_hostfiles_probe(&hcfg, p->root);
	da_hostprocs_probe(&hcfg, p->root);
	return DA_EXIT_OK;
}

struct out {
	const struct da_formatter *fmt;
	const char *path; /* NULL = stdout */
	bool color;
};

static int write_output(const struct out *o, const struct da_report *r)
{
	struct da_output out;
	struct da_atomic a;
	char err[512];
	int rc;

	memset(&out, 0, sizeof(out));
	out.fmt = o->fmt;
	out.color = o->color;
	if (!o->path) {
		out.fp = stdout;
		rc = da_format_report(&out, r);
		fflush(stdout);
		return rc;
	}
	if (da_atomic_open(&a, o->path, err, sizeof(err)) != DA_OK) {
		da_errorf("%s", err);
		return DA_ERR_IO;
	}
	out.fp = a.fp;
	rc = da_format_report(&out, r);
	if (rc != DA_OK) {
		da_errorf("cannot write %s: %s", o->path, da_strerror(rc));
		da_atomic_abort(&a);
		return rc;
	}
	if (da_atomic_commit(&a, err, sizeof(err)) != DA_OK) {
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
	size_t n = 0, i;
	bool stdout_taken = false;
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
	for (i = 0; i < n; i++)
		if (write_output(&outs[i], r) != DA_OK)
			rc = DA_EXIT_NOAUDIT;
	free(dbs);
	return rc;
}

static int gate(const struct da_cli *cli, const struct da_report *r)
{
	if (cli->fail_on == DA_FAIL_WARN && (r->count[DA_WARN] || r->count[DA_ERROR]))
		return DA_EXIT_GATE;
	if (cli->fail_on == DA_FAIL_ERROR && r->count[DA_ERROR])
		return DA_EXIT_GATE;
	if (cli->have_min_score && r->score < cli->min_score)
		return DA_EXIT_GATE;
	return DA_EXIT_OK;
}

static void fill_report_target(struct da_report *r, const struct da_probe *p,
			       const struct da_cli *cli)
{
	const char *ep = da_probe_str(p->root, "source.endpoint");
	const char *v = da_probe_str(p->root, "engine.version.Version");
	const char *name = da_probe_str(p->root, "engine.info.Name");

	if (cli->snapshot)
		r->endpoint = da_xasprintf("snapshot %s (%s)", cli->snapshot, ep ? ep : "unknown");
	else
		r->endpoint = da_xstrdup(ep ? ep : "unknown");
	r->docker_version = da_xstrdup(v);
	r->hostname = da_xstrdup(name);
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

int main(int argc, char **argv)
{
	struct da_cli cli;
	struct da_loader loader;
	struct da_catalog cat = { 0 };
	struct da_probe probe;
	struct da_report report;
	struct da_filters filters;
	bool *selected = NULL;
	char err[1024];
	int rc;

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
	if (cli.version) {
		printf("dockaudit %s (module ABI %d.%d, %s)\n", PACKAGE_VERSION, DA_ABI_MAJOR,
		       DA_ABI_MINOR, cli.benchmark);
		da_cli_release(&cli);
		return DA_EXIT_OK;
	}

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
		if (cli.list_checks)
			list_checks(&cat);
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

	report.start = time(NULL);
	if (cli.snapshot) {
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

	rc = write_outputs(&cli, &report);
	if (rc == DA_EXIT_OK)
		rc = gate(&cli, &report);
out:
	free(selected);
	da_report_release(&report);
	da_catalog_release(&cat);
	da_loader_release(&loader);
out_probe:
	da_probe_release(&probe);
	da_cli_release(&cli);
	return rc;
}
