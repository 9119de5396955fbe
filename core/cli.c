/*
 * Command-line parsing and the help text.
 */
#include "config.h"

#include "cli.h"
#include "fix.h"
#include "format.h"
#include "hostfacts.h"
#include "merge.h"
#include "util.h"

#define DA_FIX_RULES_DEFAULT "/etc/audit/rules.d/docker.rules"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

enum {
	OPT_FORMAT = 256, OPT_OUTPUT, OPT_MODULE_DIR, OPT_SNAPSHOT, OPT_SAVE_SNAPSHOT,
	OPT_LIST_MODULES, OPT_LIST_CHECKS, OPT_FAIL_ON, OPT_MIN_SCORE, OPT_ALL_CONTAINERS,
	OPT_HOST_ROOT, OPT_NO_COLOR, OPT_VERSION, OPT_BENCHMARK, OPT_TIMEOUT,
	OPT_NO_ISOLATION, OPT_MODULE_TIMEOUT, OPT_LEVEL, OPT_DEADLINE, OPT_CONTEXT,
	OPT_DAEMON_PID, OPT_WRITE, OPT_ACCEPT, OPT_AUDIT_RULES_FILE,
	OPT_WAIVERS, OPT_BASELINE, OPT_SET, OPT_NO_REMOTE_HOST
};
enum { OPT_TIMINGS = 1024 };
enum { OPT_PROC_ROOT = 1040 };

static const struct option long_opts[] = {
	{ "help", no_argument, NULL, 'h' },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "output", required_argument, NULL, OPT_OUTPUT },
	{ "module-dir", required_argument, NULL, OPT_MODULE_DIR },
	{ "snapshot", required_argument, NULL, OPT_SNAPSHOT },
	{ "save-snapshot", required_argument, NULL, OPT_SAVE_SNAPSHOT },
	{ "list-modules", no_argument, NULL, OPT_LIST_MODULES },
	{ "list-checks", no_argument, NULL, OPT_LIST_CHECKS },
	{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
	{ "min-score", required_argument, NULL, OPT_MIN_SCORE },
	{ "waivers", required_argument, NULL, OPT_WAIVERS },
	{ "baseline", required_argument, NULL, OPT_BASELINE },
	{ "all-containers", no_argument, NULL, OPT_ALL_CONTAINERS },
	{ "host-root", required_argument, NULL, OPT_HOST_ROOT },
	{ "proc-root", required_argument, NULL, OPT_PROC_ROOT },
	{ "no-color", no_argument, NULL, OPT_NO_COLOR },
	{ "benchmark", required_argument, NULL, OPT_BENCHMARK },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "deadline", required_argument, NULL, OPT_DEADLINE },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ "no-isolation", no_argument, NULL, OPT_NO_ISOLATION },
	{ "timings", no_argument, NULL, OPT_TIMINGS },
	{ "level", required_argument, NULL, OPT_LEVEL },
	{ "module-timeout", required_argument, NULL, OPT_MODULE_TIMEOUT },
	{ "host", required_argument, NULL, 'H' },
	{ "context", required_argument, NULL, OPT_CONTEXT },
	{ "daemon-pid", required_argument, NULL, OPT_DAEMON_PID },
	{ "no-remote-host", no_argument, NULL, OPT_NO_REMOTE_HOST },
	{ "write", no_argument, NULL, OPT_WRITE },
	{ "accept", required_argument, NULL, OPT_ACCEPT },
	{ "audit-rules-file", required_argument, NULL, OPT_AUDIT_RULES_FILE },
	{ "set", required_argument, NULL, OPT_SET },
	{ NULL, 0, NULL, 0 }
};

void da_cli_usage(FILE *fp)
{
	const struct da_formatter *const *f;

	fputs("Usage: dockaudit [OPTIONS]\n"
	      "       dockaudit fix [OPTIONS] [--write] [--accept IDS] [--set LIMITS]\n"
	      "                     [--audit-rules-file PATH]\n"
	      "       dockaudit merge [--format FMT] [--output FMT:PATH] REPORT...\n"
	      "\n"
	      "Audits a Docker host against the CIS Docker Benchmark (1.6.0), as\n"
	      "docker-bench-security does, through the Docker Engine API.\n"
	      "\n"
	      "docker-bench-security options:\n"
	      "  -b              do not print colours\n"
	      "  -h, --help      print this help and exit\n"
	      "  -l FILE         write the text log to FILE and docker-bench-security's\n"
	      "                  JSON log to FILE.json\n"
	      "  -u USERS        comma list of trusted docker users (makes 1.1.2 scored)\n"
	      "  -c CHECKS       run only these: CIS ids (2.2), sections (5), globs (5.*),\n"
	      "                  functions (check_2_2) and groups (container_runtime, cis, all)\n"
	      "  -e CHECKS       do not run these (same forms; wins over -c at any depth)\n"
	      "  -i INCLUDE      audit only containers and images whose name matches one of\n"
	      "                  these comma-separated patterns (extended regex)\n"
	      "  -x EXCLUDE      do not audit containers and images whose name matches\n"
	      "  -t LABELS       audit only containers and images with all of these labels\n"
	      "                  (key or key=value, comma separated)\n"
	      "  -n LIMIT        list at most LIMIT items per check\n"
	      "  -p              print remediation measures\n"
	      "\n"
	      "Output:\n"
	      "  --format FMT            format of standard output (default text)\n"
	      "  --output FMT:PATH       also write FMT to PATH ('-' = standard output);\n"
	      "                          repeatable, several formats in one run\n"
	      "  --no-color              no colours (also when NO_COLOR is set, or not a terminal)\n"
	      "Formats:\n", fp);
	for (f = da_formatter_all(); *f; f++)
		fprintf(fp, "  %-10s %s\n", (*f)->name, (*f)->description);
	fputs("\n"
	      "The daemon (as the docker CLI chooses it):\n"
	      "  -H, --host URL          the daemon at URL (unix:///path, tcp://host:port,\n"
	      "                          ssh://[user@]host[:port])\n"
	      "  --context NAME          the endpoint of docker context NAME\n"
	      "  --daemon-pid PID        the dockerd process serving it, when dockaudit\n"
	      "                          cannot tell (a socket proxy, several dockerds)\n"
	      "  --no-remote-host        over ssh://, do not run dockaudit on the remote\n"
	      "                          host for its host facts (host checks are INFO)\n"
	      "\n"
	      "Audit:\n"
	      "  --all-containers        audit stopped containers too (default: running ones)\n"
	      "  --host-root DIR         read host files under DIR (a mounted host image)\n"
	      "  --proc-root DIR         read processes from DIR instead of /proc (a procfs,\n"
	      "                          such as /host/proc)\n"
	      "  --snapshot FILE         audit a saved snapshot instead of the live daemon\n"
	      "                          ('-' = read it from standard input)\n"
	      "  --save-snapshot FILE    save everything probed to FILE ('-' = standard\n"
	      "                          output, which then carries no report)\n"
	      "  --timeout SECONDS       per-request timeout for the daemon (default 30)\n"
	      "  --deadline SECONDS      time limit of the whole daemon probe; what is\n"
	      "                          not read by then is reported as ERROR (default 300)\n"
	      "  --timings               print the time of each phase on standard error\n"
	      "  --benchmark NAME        cis-1.6.0 (default), cis-1.7.0, cis-1.8.0 or latest\n"
	      "  --level 1|2             only checks of CIS profile level 1 (or levels 1 and 2)\n"
	      "\n"
	      "Modules:\n"
	      "  --module-dir DIR        load modules from DIR first (repeatable); then\n"
	      "                          $DOCKAUDIT_MODULE_PATH (colon list); then " MODULEDIR "\n"
	      "  --list-modules          list the loaded modules and exit\n"
	      "  --list-checks           list the checks of the loaded modules and exit\n"
	      "                          (with --format json: as JSON, for tooling)\n"
	      "  --module-timeout SECS   time limit of each module's checks (default 60)\n"
	      "  --no-isolation          run modules in-process, not each in a child process\n"
	      "\n"
	      "Exceptions and baselines (docs/waivers.md):\n"
	      "  --waivers FILE          accept the findings FILE (YAML) waives, each with\n"
	      "                          a justification and an expiry date\n"
	      "  --baseline REPORT       mark findings missing from REPORT (an earlier\n"
	      "                          JSON report) as new, and list those fixed\n"
	      "\n"
	      "Gates (exit code 1 when missed; waived findings do not count):\n"
	      "  --fail-on LIST          comma list of: warn (any WARN or ERROR), error\n"
	      "                          (any ERROR), new (any new finding, --baseline)\n"
	      "  --min-score N           fail when the score is below N\n"
	      "  --version               print the version and exit\n"
	      "\n"
	      "dockaudit fix (docs/fix.md): plan the changes that fix the failing checks\n"
	      "  --write                 apply the plan (backups FILE.dockaudit-STAMP)\n"
	      "  --accept IDS            also apply these risky items (check ids, keys,\n"
	      "                          content-trust, containers, all)\n"
	      "  --audit-rules-file PATH rules file for the 1.1.x watches\n"
	      "                          (default " DA_FIX_RULES_DEFAULT ")\n"
	      "  --set LIMITS            container limits to apply as they run, with\n"
	      "                          --write --accept containers: memory=SIZE,\n"
	      "                          cpu-shares=N, pids-limit=N, restart=on-failure:N\n"
	      "\n"
	      "dockaudit merge (docs/fleet.md): one fleet report from the JSON reports\n"
	      "of many daemons (dockaudit --format json), per host and per check, in\n"
	      "text, json, junit, sarif or html; --fail-on and --min-score judge every\n"
	      "host.\n"
	      "Reports of different benchmarks, or two of one daemon, are refused (2).\n"
	      "\n"
	      "The daemon is, first found: --context, -H/--host, $DOCKER_HOST (TLS from\n"
	      "$DOCKER_TLS_VERIFY and $DOCKER_CERT_PATH), $DOCKER_CONTEXT, currentContext\n"
	      "in $DOCKER_CONFIG/config.json (default ~/.docker), else\n"
	      "unix:///var/run/docker.sock.  A context's endpoint and TLS files come from\n"
	      "the docker CLI's context store.\n"
	      "\n"
	      "Exit codes:\n"
	      "  0  audit done (whatever it found)\n"
	      "  1  a gate given by --fail-on or --min-score was missed\n"
	      "  2  usage error\n"
	      "  3  could not audit (daemon unreachable and no snapshot, no modules, bad snapshot)\n"
	      "  4  fix --write refused or failed; every change it made was undone\n"
	      "  5  fix --write: the files were written, a container update failed\n",
	      fp);
}

/* "warn,new" into the DA_FAIL_* bits (added to those of an earlier --fail-on). */
static int parse_fail_on(const char *arg, unsigned *mask)
{
	unsigned m = 0;
	const char *p = arg;

	for (;;) {
		size_t n = strcspn(p, ",");

		if (n == 4 && strncmp(p, "warn", 4) == 0)
			m |= DA_FAIL_WARN;
		else if (n == 5 && strncmp(p, "error", 5) == 0)
			m |= DA_FAIL_ERROR;
		else if (n == 3 && strncmp(p, "new", 3) == 0)
			m |= DA_FAIL_NEW;
		else
			return DA_ERR_INVALID;
		if (!p[n])
			break;
		p += n + 1;
	}
	*mask |= m;
	return DA_OK;
}

static const struct {
	const char *id;
	const char *title;
} benchmarks[] = {
	{ "cis-1.6.0", "CIS Docker Benchmark 1.6.0" },
	{ "cis-1.7.0", "CIS Docker Benchmark 1.7.0" },
	{ "cis-1.8.0", "CIS Docker Benchmark 1.8.0" },
};

const char *da_benchmark_title(const char *id)
{
	size_t i;

	for (i = 0; id && i < sizeof(benchmarks) / sizeof(benchmarks[0]); i++)
		if (strcmp(benchmarks[i].id, id) == 0)
			return benchmarks[i].title;
	return NULL;
}

static void join(char **dst, const char *add)
{
	char *n = *dst ? da_xasprintf("%s,%s", *dst, add) : da_xstrdup(add);

	free(*dst);
	*dst = n;
}

static bool parse_long(const char *s, long min, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min)
		return false;
	*out = v;
	return true;
}

int da_cli_parse(struct da_cli *c, int argc, char **argv, char *err, size_t errlen)
{
	int opt;
	long v;

	bool fix_opt = false, format_given = false;
	const char *audit_opt = NULL; /* an option dockaudit merge does not take */
	char short_opt[3] = "-?";
	int longidx;

	memset(c, 0, sizeof(*c));
	c->format = "text";
	c->benchmark = "cis-1.6.0";
	c->timeout_ms = 30000;
	c->deadline_ms = 300000;
	c->module_timeout_ms = 60000;
	optind = 1;
	opterr = 0;
	while ((longidx = -1,
		opt = getopt_long(argc, argv, ":bhl:u:c:e:i:x:t:n:pH:", long_opts, &longidx)) != -1) {
		switch (opt) {
		case 'b': case 'h': case OPT_NO_COLOR: case OPT_FORMAT: case OPT_OUTPUT:
		case OPT_FAIL_ON: case OPT_MIN_SCORE: case ':': case '?':
			break;
		default:
			if (longidx >= 0) {
				audit_opt = long_opts[longidx].name;
			} else {
				short_opt[1] = (char)opt;
				audit_opt = short_opt;
			}
		}
		switch (opt) {
		case 'b': case OPT_NO_COLOR: c->no_color = true; break;
		case 'h': c->help = true; break;
		case 'l': c->log_file = optarg; break;
		case 'u': c->users = optarg; break;
		case 'c': join(&c->checks, optarg); break;
		case 'e': join(&c->excludes, optarg); break;
		case 'i': join(&c->include, optarg); break;
		case 'x': join(&c->exclude, optarg); break;
		case 't': join(&c->labels, optarg); break;
		case 'n':
			if (!parse_long(optarg, 0, &v)) {
				snprintf(err, errlen, "-n wants a whole number >= 0, not '%s'", optarg);
				return DA_ERR_INVALID;
			}
			c->limit = (size_t)v;
			break;
		case 'p': c->remediation = true; break;
		case OPT_FORMAT:
			if (!da_formatter_find(optarg)) {
				snprintf(err, errlen, "unknown format '%s' (see --help)", optarg);
				return DA_ERR_INVALID;
			}
			c->format = optarg;
			format_given = true;
			break;
		case OPT_OUTPUT: {
			const char *colon = strchr(optarg, ':');
			char *fmt;
			if (!colon || colon == optarg || !colon[1]) {
				snprintf(err, errlen, "--output wants FORMAT:PATH, not '%s'", optarg);
				return DA_ERR_INVALID;
			}
			fmt = da_xasprintf("%.*s", (int)(colon - optarg), optarg);
			if (!da_formatter_find(fmt)) {
				snprintf(err, errlen, "unknown format '%s' in --output", fmt);
				free(fmt);
				return DA_ERR_INVALID;
			}
			if (c->n_outputs == DA_MAX_OUTPUTS) {
				free(fmt);
				snprintf(err, errlen, "too many --output options (at most %d)",
					 DA_MAX_OUTPUTS);
				return DA_ERR_INVALID;
			}
			c->outputs[c->n_outputs].format = fmt;
			c->outputs[c->n_outputs++].path = da_xstrdup(colon + 1);
			break;
		}
		case OPT_MODULE_DIR:
			if (c->n_module_dirs == DA_MAX_MODULE_DIRS) {
				snprintf(err, errlen, "too many --module-dir options (at most %d)",
					 DA_MAX_MODULE_DIRS);
				return DA_ERR_INVALID;
			}
			c->module_dirs[c->n_module_dirs++] = optarg;
			break;
		case OPT_SNAPSHOT: c->snapshot = optarg; break;
		case OPT_SAVE_SNAPSHOT: c->save_snapshot = optarg; break;
		case OPT_LIST_MODULES: c->list_modules = true; break;
		case OPT_LIST_CHECKS: c->list_checks = true; break;
		case OPT_FAIL_ON:
			if (parse_fail_on(optarg, &c->fail_on) != DA_OK) {
				snprintf(err, errlen, "--fail-on wants a comma list of warn, "
					 "error and new, not '%s'", optarg);
				return DA_ERR_INVALID;
			}
			break;
		case OPT_WAIVERS: c->waivers = optarg; break;
		case OPT_BASELINE: c->baseline = optarg; break;
		case OPT_MIN_SCORE:
			if (!parse_long(optarg, LONG_MIN, &c->min_score)) {
				snprintf(err, errlen, "--min-score wants a whole number, not '%s'", optarg);
				return DA_ERR_INVALID;
			}
			c->have_min_score = true;
			break;
		case OPT_ALL_CONTAINERS: c->all_containers = true; break;
		case OPT_HOST_ROOT: c->host_root = optarg; break;
		case OPT_PROC_ROOT:
			if (da_proc_root_check(optarg, err, errlen) != DA_OK)
				return DA_ERR_INVALID;
			c->proc_root = optarg;
			break;
		case OPT_BENCHMARK:
			if (strcmp(optarg, "latest") == 0)
				optarg = (char *)"cis-1.8.0";
			if (!da_benchmark_title(optarg)) {
				snprintf(err, errlen, "unknown benchmark '%s' (want cis-1.6.0, cis-1.7.0, "
					 "cis-1.8.0 or latest)", optarg);
				return DA_ERR_INVALID;
			}
			c->benchmark = optarg;
			break;
		case OPT_LEVEL:
			if (strcmp(optarg, "1") != 0 && strcmp(optarg, "2") != 0) {
				snprintf(err, errlen, "--level wants 1 or 2, not '%s'", optarg);
				return DA_ERR_INVALID;
			}
			c->level = optarg[0] - '0';
			break;
		case OPT_TIMEOUT:
			if (!parse_long(optarg, 1, &v) || v > 3600) {
				snprintf(err, errlen, "--timeout wants seconds from 1 to 3600, not '%s'", optarg);
				return DA_ERR_INVALID;
			}
			c->timeout_ms = v * 1000;
			break;
		case OPT_DEADLINE:
			if (!parse_long(optarg, 1, &v) || v > 86400) {
				snprintf(err, errlen, "--deadline wants seconds from 1 to 86400, not '%s'",
					 optarg);
				return DA_ERR_INVALID;
			}
			c->deadline_ms = v * 1000;
			break;
		case 'H':
			if (c->host) {
				snprintf(err, errlen, "-H/--host given twice: one daemon per audit");
				return DA_ERR_INVALID;
			}
			if (!*optarg) {
				snprintf(err, errlen, "-H/--host wants a URL, not an empty string");
				return DA_ERR_INVALID;
			}
			c->host = optarg;
			break;
		case OPT_CONTEXT:
			if (!*optarg) {
				snprintf(err, errlen, "--context wants a context name");
				return DA_ERR_INVALID;
			}
			c->context = optarg;
			break;
		case OPT_DAEMON_PID:
			if (!parse_long(optarg, 1, &v) || v > 4194304) {
				snprintf(err, errlen, "--daemon-pid wants a process id, not '%s'",
					 optarg);
				return DA_ERR_INVALID;
			}
			c->daemon_pid = v;
			break;
		case OPT_SET: {
			struct da_fix_limits l;
			fix_opt = true;
			if (da_fix_parse_set(optarg, &l, err, errlen) != 0)
				return DA_ERR_INVALID;
			join(&c->fix_set, optarg);
			break;
		}
		case OPT_WRITE: case OPT_ACCEPT: case OPT_AUDIT_RULES_FILE:
			fix_opt = true;
			if (opt == OPT_WRITE)
				c->fix_write = true;
			else if (opt == OPT_ACCEPT)
				c->fix_accept = optarg;
			else if (*optarg != '/') {
				snprintf(err, errlen, "--audit-rules-file wants an absolute path, "
					 "not '%s'", optarg);
				return DA_ERR_INVALID;
			} else
				c->fix_rules_file = optarg;
			break;
		case OPT_VERSION: c->version = true; break;
		case OPT_NO_ISOLATION: c->no_isolation = true; break;
		case OPT_NO_REMOTE_HOST: c->no_remote_host = true; break;
		case OPT_TIMINGS: c->timings = true; break;
		case OPT_MODULE_TIMEOUT:
			if (!parse_long(optarg, 1, &v) || v > 3600) {
				snprintf(err, errlen, "--module-timeout wants seconds from 1 to 3600, not '%s'",
					 optarg);
				return DA_ERR_INVALID;
			}
			c->module_timeout_ms = v * 1000;
			break;
		case ':':
			snprintf(err, errlen, "option %s needs an argument", argv[optind - 1]);
			return DA_ERR_INVALID;
		default:
			if (optopt)
				snprintf(err, errlen, "unknown option -%c", optopt);
			else
				snprintf(err, errlen, "unknown option %s", argv[optind - 1]);
			return DA_ERR_INVALID;
		}
	}
	/* the subcommand: the first argument that is not an option */
	if (optind < argc && strcmp(argv[optind], "fix") == 0) {
		c->fix = true;
		optind++;
	} else if (optind < argc && strcmp(argv[optind], "merge") == 0) {
		c->merge = true;
		c->merge_reports = argv + optind + 1;
		c->n_merge_reports = (size_t)(argc - optind - 1);
		if (c->help)
			return DA_OK;
		if (audit_opt) {
			snprintf(err, errlen, "dockaudit merge takes --format, --output, --fail-on, "
				 "--min-score and --no-color, not %s%s", audit_opt[0] == '-' ? "" : "--",
				 audit_opt);
			return DA_ERR_INVALID;
		}
		if (!c->n_merge_reports) {
			snprintf(err, errlen, "dockaudit merge wants one or more JSON reports");
			return DA_ERR_INVALID;
		}
		for (size_t i = 0, dash = 0; i < c->n_merge_reports; i++)
			if (strcmp(c->merge_reports[i], "-") == 0 && dash++) {
				snprintf(err, errlen, "dockaudit merge reads standard input ('-') "
					 "once");
				return DA_ERR_INVALID;
			}
		if (!da_fleet_format_ok(c->format)) {
			snprintf(err, errlen, "dockaudit merge writes text, json, junit, sarif or "
				 "html, not '%s'", c->format);
			return DA_ERR_INVALID;
		}
		for (size_t i = 0; i < c->n_outputs; i++)
			if (!da_fleet_format_ok(c->outputs[i].format)) {
				snprintf(err, errlen, "dockaudit merge writes text, json, junit, "
					 "sarif or html, not '%s'", c->outputs[i].format);
				return DA_ERR_INVALID;
			}
		return DA_OK;
	}
	if (fix_opt && !c->fix) {
		snprintf(err, errlen, "--write, --accept, --audit-rules-file and --set are options "
			 "of dockaudit fix");
		return DA_ERR_INVALID;
	}
	if (optind < argc) {
		snprintf(err, errlen, "unexpected argument '%s'", argv[optind]);
		return DA_ERR_INVALID;
	}
	if (c->fix && strcmp(c->format, "text") != 0 && strcmp(c->format, "json") != 0) {
		snprintf(err, errlen, "dockaudit fix prints text or json, not '%s'", c->format);
		return DA_ERR_INVALID;
	}
	if (c->fix && (c->n_outputs || c->log_file || (c->snapshot && c->fix_write))) {
		snprintf(err, errlen, "dockaudit fix takes no --output or -l, and --write needs a "
			 "live daemon, not --snapshot");
		return DA_ERR_INVALID;
	}
	if (c->save_snapshot && strcmp(c->save_snapshot, "-") == 0) {
		/* the stream owns standard output: reports go to files */
		bool taken = format_given || c->fix || c->list_modules || c->list_checks;
		size_t i;

		for (i = 0; i < c->n_outputs; i++)
			if (strcmp(c->outputs[i].path, "-") == 0)
				taken = true;
		if (taken) {
			snprintf(err, errlen, "--save-snapshot - writes the snapshot to standard "
				 "output: no report, list or plan may go there (give --output "
				 "FMT:PATH for a report)");
			return DA_ERR_INVALID;
		}
	}
	if (c->host && c->context) {
		snprintf(err, errlen, "--context and -H/--host cannot be used together: "
			 "give one daemon");
		return DA_ERR_INVALID;
	}
	if (c->snapshot && (c->host || c->context || c->daemon_pid)) {
		snprintf(err, errlen, "--snapshot audits a saved probe: -H/--host, --context and "
			 "--daemon-pid do not apply");
		return DA_ERR_INVALID;
	}
	return DA_OK;
}

void da_cli_release(struct da_cli *c)
{
	size_t i;

	for (i = 0; i < c->n_outputs; i++) {
		free(c->outputs[i].format);
		free(c->outputs[i].path);
	}
	free(c->checks);
	free(c->excludes);
	free(c->include);
	free(c->exclude);
	free(c->labels);
	free(c->fix_set);
	memset(c, 0, sizeof(*c));
}
