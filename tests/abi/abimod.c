/*
 * A module built against the frozen ABI 1.0 header (module-1.0.h, the SDK
 * header as dockaudit 0.1.0 shipped it), exporting the plain
 * "dockaudit_module" symbol: the kind of third-party module every later
 * minor must keep loading (tests/abi/test_abi.c).  Its variant tables have
 * several rows, so that a host that walked them with its own, larger
 * stride would find the wrong variant.
 */
#include "module-1.0.h"

#include <stddef.h>

/* Names each container with Privileged set; PASS when none. */
static void privileged(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	const struct da_node *cs = h->get(h->probe_root(p), "targets.containers");
	size_t i, bad = 0;

	for (i = 0; i < h->len(cs); i++) {
		const struct da_node *c = h->at(cs, i);
		bool on = false;
		if (h->boolean(c, "HostConfig.Privileged", &on) && on) {
			h->item(res, "container", h->str(c, "Id"), h->str(c, "Name"), "privileged");
			bad++;
		}
	}
	if (bad)
		h->set(res, DA_WARN, "%zu privileged container%s", bad, bad == 1 ? "" : "s");
	else
		h->set(res, DA_PASS, NULL);
}

/* Reports the probe's layout version and the host table's size. */
static void versions(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	int64_t v = -1;

	h->int64(h->probe_root(p), "probe_version", &v);
	h->set(res, DA_INFO, "probe %lld, host table %zu bytes", (long long)v, h->size);
}

static const struct da_variant privileged_variants[] = {
	{ "cis-1.7.0", "X.7", "Privileged containers, as 1.7.0 says (Automated)", 0, 0, 0 },
	{ "cis-1.8.0", "X.8", "Privileged containers, as 1.8.0 says (Automated)", 0, 0, 2 },
	{ NULL, NULL, NULL, 0, 0, 0 },
};

static const struct da_variant versions_variants[] = {
	{ "cis-1.7.0", "-", NULL, 0, 0, 0 },
	{ "cis-1.8.0", "Y.8", NULL, DA_CHECK_SCORED, DA_CHECK_SCORED, 0 },
	{ NULL, NULL, NULL, 0, 0, 0 },
};

static const struct da_check checks[] = {
	{ "X", "Frozen 1.0 module", DA_CHECK_HEADER, 0, NULL, NULL, NULL, NULL, NULL },
	{ "X.1", "Privileged containers (Automated)", DA_CHECK_SCORED, 1, "abi_test", "Drop it.",
	  NULL, privileged, privileged_variants },
	{ "X.2", "Versions (Manual)", DA_CHECK_MANUAL, 1, NULL, NULL, NULL, versions,
	  versions_variants },
};

DA_EXPORT const struct da_module DA_MODULE_SYMBOL = {
	DA_MODULE_HEAD,
	.name = "abi10",
	.version = "1.0",
	.section = "X",
	.section_title = "A module of ABI 1.0",
	.group = "abi_test",
	.checks = checks,
	.n_checks = DA_COUNT(checks),
};
