/*
 * docker-bench-security's community checks ("C.x", its file
 * 99_community_checks.sh): two example checks on the daemon's architecture
 * (C.1, C.1.1), the v1 legacy registry switch of engines older than 17.12
 * (C.2), and four capabilities that give a container a way out of it
 * (C.5.3.1-C.5.3.4: DAC_READ_SEARCH, SYS_MODULE, SYS_ADMIN, SYS_PTRACE).
 *
 * C.1 and C.1.1 read engine.info.Architecture; C.2 reads engine.version and
 * the daemon's effective configuration; C.5.3.x walk targets.containers and
 * read HostConfig.Privileged, CapAdd and CapDrop, with one item per
 * container that holds the capability.  Every check is in the reserved
 * group "optional": not part of "cis" nor of a run without -c, as in
 * docker-bench-security.
 */
#include <dockaudit/module.h>

#include "../common/modutil.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* C.1, C.1.1 the example checks                                             */

/* The daemon's architecture, or NULL with an ERROR set. */
static const char *arch(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	const struct da_node *info = h->member(mu_engine(h, p), "info");
	const char *a = h->str(info, "Architecture");

	if (h->type(info) != DA_NODE_OBJECT)
		h->set(res, DA_ERROR, "daemon information (/info) missing from the probe");
	else if (!a || !*a)
		h->set(res, DA_ERROR, "cannot read Architecture of the daemon information: %s",
		       h->type(h->member(info, "Architecture")) == DA_NODE_NULL ? "missing"
										: "not a string");
	return h->type(info) == DA_NODE_OBJECT && a && *a ? a : NULL;
}

/* x86_64 PASS, aarch64 INFO, any other WARN (scored or not, as the row says). */
static void check_c_1(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	const char *a = arch(h, p, res);

	if (!a)
		return;
	if (strcmp(a, "x86_64") == 0)
		h->set(res, DA_PASS, "architecture x86_64");
	else if (strcmp(a, "aarch64") == 0)
		h->set(res, DA_INFO, "architecture aarch64");
	else
		h->set(res, DA_WARN, "architecture %.64s", a);
}

/* ------------------------------------------------------------------------ */
/* C.2 legacy registry                                                       */

/* Major * 100 + minor of a version "17.09.1-ce", "1.13.1"; -1 unreadable. */
static long engine_version(const char *s)
{
	char *end;
	long major, minor;

	if (!s)
		return -1;
	if (*s == 'v')
		s++;
	if (*s < '0' || *s > '9')
		return -1;
	major = strtol(s, &end, 10);
	if (*end != '.' || end[1] < '0' || end[1] > '9' || major > 9999)
		return -1;
	minor = strtol(end + 1, &end, 10);
	if (minor > 99)
		return -1;
	return major * 100 + minor;
}

static void check_c_2(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	const char *vs = h->str(mu_engine(h, p), "version.Version");
	const struct da_node *cfg, *v;
	long ver = engine_version(vs);
	bool b;

	if (ver < 0) {
		h->set(res, DA_ERROR, "cannot read the engine version (/version Version: %.64s)",
		       vs ? vs : "missing");
		return;
	}
	if (ver >= 1712) {
		h->scored(res, false);
		h->set(res, DA_INFO, "Docker %.64s has no v1 registry support: the option is "
				     "deprecated (removed in 17.12)", vs);
		return;
	}
	if (mu_host_unavailable(h, p, res)) {
		h->scored(res, false);
		return;
	}
	cfg = mu_effective(h, p);
	v = h->member(cfg, "disable-legacy-registry");
	if (h->type(v) != DA_NODE_NULL && h->type(v) != DA_NODE_BOOL) {
		h->set(res, DA_ERROR, "cannot read disable-legacy-registry of the daemon "
				      "configuration: not a boolean");
		return;
	}
	if (h->boolean(v, NULL, &b) && b)
		h->set(res, DA_PASS, "disable-legacy-registry is true");
	else
		h->set(res, DA_WARN, "Docker %.64s: disable-legacy-registry is %s", vs,
		       v ? "false" : "not set");
}

/* ------------------------------------------------------------------------ */
/* C.5.3.x capabilities                                                      */

/*
 * True when the capability name s, as dockerd accepts it (any case, with or
 * without "CAP_"), is cap (without "CAP_", upper case).
 */
static bool cap_is(const char *s, const char *cap)
{
	size_t i;

	if ((s[0] == 'c' || s[0] == 'C') && (s[1] == 'a' || s[1] == 'A') &&
	    (s[2] == 'p' || s[2] == 'P') && s[3] == '_')
		s += 4;
	for (i = 0; s[i] && cap[i]; i++) {
		char c = s[i];
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (c != cap[i])
			return false;
	}
	return s[i] == '\0' && cap[i] == '\0';
}

/*
 * Whether the string array at path (absent: empty) names cap or "ALL":
 * bit 0 the capability, bit 1 ALL; MU_ERR when unreadable.
 */
static int cap_list(struct mu_walk *w, const struct da_node *c, const char *path,
		    const char *cap, int *found)
{
	const struct da_node *arr;
	size_t i, n;

	*found = 0;
	if (mu_get_typed(w, c, path, DA_NODE_ARRAY, false, &arr) < 0)
		return MU_ERR;
	n = w->h->len(arr);
	for (i = 0; i < n; i++) {
		const char *s;

		if (mu_elem_str(w, path, arr, i, &s) < 0)
			return MU_ERR;
		if (cap_is(s, cap))
			*found |= 1;
		if (cap_is(s, "ALL"))
			*found |= 2;
	}
	return MU_OK;
}

/*
 * A container holds cap as dockerd computes it: privileged gives every
 * capability; a CapAdd naming it adds it whatever CapDrop says; CapAdd ALL
 * gives every capability CapDrop does not name.  None of the four is in
 * the default set, so nothing else grants them.
 */
static int c_cap(struct mu_walk *w, const struct da_node *c)
{
	const char *cap = w->arg;
	bool priv;
	int add, drop;

	if (mu_get_bool(w, c, "HostConfig.Privileged", &priv) < 0 ||
	    cap_list(w, c, "HostConfig.CapAdd", cap, &add) < 0 ||
	    cap_list(w, c, "HostConfig.CapDrop", cap, &drop) < 0)
		return MU_ERR;
	if (priv) {
		mu_item_container(w->h, w->res, c, "privileged: CAP_%s with all capabilities", cap);
		return MU_FAIL;
	}
	if (add & 1) {
		mu_item_container(w->h, w->res, c, "CAP_%s added", cap);
		return MU_FAIL;
	}
	if ((add & 2) && !(drop & 1)) {
		mu_item_container(w->h, w->res, c, "CAP_%s added by --cap-add ALL", cap);
		return MU_FAIL;
	}
	return MU_OK;
}

#define CAP_CHECK(name, cap) \
	MU_EACH_CHECK(name, false, c_cap, cap, DA_WARN, "with CAP_" cap)

CAP_CHECK(check_c_5_3_1, "DAC_READ_SEARCH")
CAP_CHECK(check_c_5_3_2, "SYS_MODULE")
CAP_CHECK(check_c_5_3_3, "SYS_ADMIN")
CAP_CHECK(check_c_5_3_4, "SYS_PTRACE")

/* ------------------------------------------------------------------------ */
/* the table                                                                 */

#define G "optional community community_checks"
#define S DA_CHECK_SCORED
#define M DA_CHECK_MANUAL

#define CAP_REMEDIATION(cap)                                                            \
	"Do not add CAP_" cap " to containers (--cap-add " cap ", --cap-add ALL) nor run " \
	"them --privileged; start them with --cap-drop=all and add back only what they need."

#define CAP_IMPACT(cap) "Software that needs CAP_" cap " stops working in such a container."

static const struct da_check checks[] = {
	{ "C.1", "This is a example check for a Automated check", S, 1, G,
	  "An example remediation: run on x86_64.", NULL, check_c_1, NULL },
	{ "C.1.1", "This is a example check for a Manual check", M, 1, G,
	  "An example remediation: run on x86_64.", NULL, check_c_1, NULL },
	{ "C.2", "Ensure operations on legacy registry (v1) are Disabled", S, 1, G,
	  "On engines older than 17.12, set \"disable-legacy-registry\": true in daemon.json "
	  "(or --disable-legacy-registry); better, upgrade the engine.",
	  NULL, check_c_2, NULL },
	{ "C.5.3.1", "Ensure that CAP_DAC_READ_SEARCH Linux kernel capability is disabled (Automated)",
	  S, 1, G, CAP_REMEDIATION("DAC_READ_SEARCH"), CAP_IMPACT("DAC_READ_SEARCH"),
	  check_c_5_3_1, NULL },
	{ "C.5.3.2", "Ensure that CAP_SYS_MODULE Linux kernel capability is disabled (Automated)",
	  S, 1, G, CAP_REMEDIATION("SYS_MODULE"), CAP_IMPACT("SYS_MODULE"),
	  check_c_5_3_2, NULL },
	{ "C.5.3.3", "Ensure that CAP_SYS_ADMIN Linux kernel capability is disabled (Automated)",
	  S, 1, G, CAP_REMEDIATION("SYS_ADMIN"), CAP_IMPACT("SYS_ADMIN"),
	  check_c_5_3_3, NULL },
	{ "C.5.3.4", "Ensure that CAP_SYS_PTRACE Linux kernel capability is disabled (Automated)",
	  S, 1, G, CAP_REMEDIATION("SYS_PTRACE"), CAP_IMPACT("SYS_PTRACE"),
	  check_c_5_3_4, NULL },
};

DA_EXPORT const struct da_module DA_MODULE_SYMBOL_FOR(community) = {
	DA_MODULE_HEAD,
	.name = "community",
	.version = "1.0",
	.section = "C",
	.section_title = "Community contributed checks",
	.group = "community",
	.checks = checks,
	.n_checks = DA_COUNT(checks),
};
