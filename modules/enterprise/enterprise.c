/*
 * Section 8 of docker-bench-security, "Docker Enterprise Configuration":
 * the manual recommendations of the CIS Docker Enterprise benchmark for the
 * Universal Control Plane (8.1.x) and the Docker Trusted Registry (8.2.1).
 * They apply only to a Docker Enterprise (Mirantis) engine.
 *
 * 8.0 reads engine.version and tells which engine this is: on a Community
 * engine it is the section's one line ("Community Engine, skipping section
 * 8"), and the host leaves out the checks of the reserved group
 * "enterprise_only" (core/select.c, da_select_engine); on an Enterprise
 * engine 8.1.1-8.2.1 each ask a person to verify their setting (NOTE).
 * Every check is in the reserved group "optional": not part of "cis" nor of
 * a run without -c, as in docker-bench-security.
 */
#include <dockaudit/module.h>

#include "../common/modutil.h"

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

/*
 * The engine's edition by the rule the core drops the "enterprise_only"
 * checks with (da_engine_is_enterprise, modules/common/shared.h), so that
 * this line and the selection always agree.
 */
static void check_8_0(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	const struct da_node *v = h->member(mu_engine(h, p), "version");
	const char *platform = h->str(v, "Platform.Name");
	const char *version = h->str(v, "Version");

	if (h->type(v) != DA_NODE_OBJECT || !version) {
		h->set(res, DA_ERROR, "engine version (/version) missing from the probe: cannot "
				      "tell a Community engine from an Enterprise one");
		return;
	}
	if (da_engine_is_enterprise(platform, version))
		h->set(res, DA_INFO, "Docker Enterprise engine %.64s (%.64s): the checks of "
				     "section 8 apply",
		       version, platform && *platform ? platform : "no platform name");
	else
		h->set(res, DA_INFO, "Community Engine %.64s (%.64s), skipping section 8", version,
		       platform && *platform ? platform : "no platform name");
}

MU_NOTE_CHECK(check_8_1_1,
	      "verify that UCP authenticates users through an LDAP directory")
MU_NOTE_CHECK(check_8_1_2,
	      "verify that UCP and DTR serve certificates of your own certificate authority")
MU_NOTE_CHECK(check_8_1_3,
	      "verify that unprivileged users reach UCP only with client certificate bundles")
MU_NOTE_CHECK(check_8_1_4,
	      "verify the UCP role-based access control grants of every collection")
MU_NOTE_CHECK(check_8_1_5,
	      "verify that UCP runs only images signed by the required teams")
MU_NOTE_CHECK(check_8_1_6,
	      "verify that UCP's per-user session limit is 3 or lower")
MU_NOTE_CHECK(check_8_1_7,
	      "verify that UCP's session lifetime is 15 minutes or lower and its renewal "
	      "threshold 0")
MU_NOTE_CHECK(check_8_2_1,
	      "verify that DTR scans the images it stores for vulnerabilities")

/* groups: docker-bench-security's, plus the reserved "optional" and "enterprise_only" */
#define G_ALL "optional docker_enterprise_configuration"
#define G_UCP G_ALL " universal_control_plane_configuration enterprise_only"
#define G_DTR G_ALL " docker_trusted_registry_configuration enterprise_only"
#define H DA_CHECK_HEADER
#define M DA_CHECK_MANUAL

static const struct da_check checks[] = {
	{ "8.0", "Ensure the engine is a Docker Enterprise engine before section 8 applies (Automated)",
	  0, 1, G_ALL " universal_control_plane_configuration docker_trusted_registry_configuration",
	  NULL, NULL, check_8_0, NULL },
	{ "8.1", "Universal Control Plane Configuration", H, 0, G_UCP, NULL, NULL, NULL, NULL },
	{ "8.1.1", "Configure the LDAP authentication service (Automated)", 0, 1, G_UCP,
	  "Configure an LDAP directory as UCP's authentication service (Admin Settings > "
	  "Authentication & Authorization).", NULL, check_8_1_1, NULL },
	{ "8.1.2", "Use external certificates (Automated)", 0, 1, G_UCP,
	  "Install certificates signed by your organisation's certificate authority in UCP and "
	  "DTR instead of the self-signed ones.", NULL, check_8_1_2, NULL },
	{ "8.1.3", "Enforce the use of client certificate bundles for unprivileged users (Not Scored)",
	  M, 1, G_UCP,
	  "Give unprivileged users access to UCP through client certificate bundles only.",
	  NULL, check_8_1_3, NULL },
	{ "8.1.4", "Configure applicable cluster role-based access control policies (Not Scored)",
	  M, 1, G_UCP,
	  "Grant users and teams only the roles they need on the collections they use.",
	  NULL, check_8_1_4, NULL },
	{ "8.1.5", "Enable signed image enforcement (Automated)", 0, 1, G_UCP,
	  NULL, NULL, check_8_1_5, NULL },
	{ "8.1.6", "Set the Per-User Session Limit to a value of '3' or lower (Automated)",
	  0, 1, G_UCP,
	  "Set the per-user session limit to 3 or lower in UCP's session settings.",
	  NULL, check_8_1_6, NULL },
	{ "8.1.7", "Set the 'Lifetime Minutes' and 'Renewal Threshold Minutes' values to '15' or "
		   "lower and '0' respectively (Automated)", 0, 1, G_UCP,
	  "Set the session lifetime to 15 minutes or lower and the renewal threshold to 0 in "
	  "UCP's session settings.", NULL, check_8_1_7, NULL },
	{ "8.2", "Docker Trusted Registry Configuration", H, 0, G_DTR, NULL, NULL, NULL, NULL },
	{ "8.2.1", "Enable image vulnerability scanning (Automated)", 0, 1, G_DTR,
	  "Enable image scanning in DTR's security settings and scan on every push.",
	  NULL, check_8_2_1, NULL },
};

DA_EXPORT const struct da_module DA_MODULE_SYMBOL_FOR(enterprise) = {
	DA_MODULE_HEAD,
	.name = "enterprise",
	.version = "1.0",
	.section = "8",
	.section_title = "Docker Enterprise Configuration",
	.group = "docker_enterprise_configuration",
	.checks = checks,
	.n_checks = DA_COUNT(checks),
};
