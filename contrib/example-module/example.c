/*
 * An example third-party dockaudit module, built out of tree against the
 * installed SDK.  Section "X" (example checks): it reads engine.info and
 * engine.containers from the probe and shows the whole module API: a
 * descriptor, a header row, a scored check with items, a manual check.
 *
 *   cc -shared -fPIC $(pkg-config --cflags dockaudit-module) -o example.so example.c
 *   dockaudit --module-dir . -c X
 */
#include <dockaudit/module.h>

#include <string.h>

/* X.1: the daemon runs on an architecture the CIS benchmark was written for. */
static void check_arch(const struct da_host *h, const struct da_probe *p,
		       struct da_result *res)
{
	const char *arch = h->str(h->probe_root(p), "engine.info.Architecture");

	if (!arch) {
		h->set(res, DA_ERROR, "the daemon did not report its architecture");
		return;
	}
	if (strcmp(arch, "x86_64") == 0 || strcmp(arch, "aarch64") == 0)
		h->set(res, DA_PASS, "architecture %s", arch);
	else
		h->set(res, DA_WARN, "architecture %s is not x86_64 or aarch64", arch);
}

/* X.2: every audited container carries a "maintainer" label. */
static void check_labels(const struct da_host *h, const struct da_probe *p,
			 struct da_result *res)
{
	const struct da_node *cs = h->get(h->probe_root(p), "targets.containers");
	size_t i, n = h->len(cs), bad = 0;

	if (n == 0) {
		h->set(res, DA_INFO, "no running containers to audit");
		return;
	}
	for (i = 0; i < n; i++) {
		const struct da_node *c = h->at(cs, i);
		const struct da_node *labels = h->get(c, "Config.Labels");
		const char *name = h->str(c, "Name");
		if (h->member(labels, "maintainer"))
			continue;
		bad++;
		h->item(res, "container", h->str(c, "Id"),
			name && name[0] == '/' ? name + 1 : name, "no maintainer label");
	}
	if (bad)
		h->set(res, DA_WARN, "%zu of %zu containers have no maintainer label", bad, n);
	else
		h->set(res, DA_PASS, NULL);
}

static void check_review(const struct da_host *h, const struct da_probe *p,
			 struct da_result *res)
{
	(void)p;
	h->set(res, DA_NOTE, "review the example module's output with your team");
}

static const struct da_check checks[] = {
	{ .id = "X.0", .title = "Example checks", .flags = DA_CHECK_HEADER },
	{ .id = "X.1", .title = "Ensure the daemon runs on a supported architecture (Automated)",
	  .flags = DA_CHECK_SCORED, .level = 1, .groups = "example_checks",
	  .remediation = "Run Docker on x86_64 or aarch64 hosts.",
	  .impact = "None.", .run = check_arch },
	{ .id = "X.2", .title = "Ensure containers carry a maintainer label (Automated)",
	  .flags = DA_CHECK_SCORED, .level = 2, .groups = "example_checks",
	  .remediation = "Start containers with --label maintainer=<team>.",
	  .impact = "None.", .run = check_labels },
	{ .id = "X.3", .title = "Ensure the example output is reviewed (Manual)",
	  .flags = DA_CHECK_MANUAL, .level = 2, .run = check_review },
};

DA_EXPORT const struct da_module DA_MODULE_SYMBOL = {
	DA_MODULE_HEAD,
	.name = "example",
	.version = "1.0",
	.section = "X",
	.section_title = "Example third-party checks",
	.group = "example",
	.checks = checks,
	.n_checks = DA_COUNT(checks),
};
