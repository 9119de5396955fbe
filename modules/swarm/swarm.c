/*
 * Section 7 of the CIS Docker Benchmark, "Docker Swarm Configuration".
 * Every check first reads engine.info.Swarm.LocalNodeState: on a host that
 * is not in a swarm the automated checks pass ("swarm mode not enabled") as
 * docker-bench-security's do.  In an active swarm they read engine.swarm
 * (GET /swarm, /nodes, /secrets, /swarm/unlockkey, null on workers) and
 * engine.networks (7.3); 7.2 and 7.9 read host.swarm_state, the node's
 * own swarm start configuration (<DockerRootDir>/swarm/docker-state.json:
 * ListenAddr, AdvertiseAddr, DataPathAddr), because the Engine API does not
 * report the address the swarm listens on.
 */
#include <dockaudit/module.h>

#include "../common/modutil.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* swarm state                                                               */

enum swarm_mode {
	SW_ERROR,    /* unreadable: the result is set */
	SW_INACTIVE, /* not in a swarm */
	SW_OTHER,    /* pending, locked, error: INFO set */
	SW_ACTIVE    /* active: engine.swarm is an object */
};

/*
 * Reads the swarm state.  Sets the result for SW_ERROR and SW_OTHER; for
 * SW_ACTIVE stores engine.swarm in *sw.
 */
static enum swarm_mode swarm_mode(const struct da_host *h, const struct da_probe *p,
				  struct da_result *res, const struct da_node **sw)
{
	const struct da_node *eng = mu_engine(h, p);
	const struct da_node *info = h->member(eng, "info");
	const struct da_node *st;
	const char *state;

	*sw = NULL;
	if (h->type(info) != DA_NODE_OBJECT) {
		h->set(res, DA_ERROR, "daemon information (/info) missing from the probe");
		return SW_ERROR;
	}
	st = h->get(info, "Swarm.LocalNodeState");
	state = h->str(st, NULL);
	if (!state) {
		h->set(res, DA_ERROR,
		       "cannot read Swarm.LocalNodeState of the daemon information: %s",
		       h->type(st) == DA_NODE_NULL ? "missing" : "not a string");
		return SW_ERROR;
	}
	if (strcmp(state, "inactive") == 0)
		return SW_INACTIVE;
	if (strcmp(state, "active") != 0) {
		h->set(res, DA_INFO, "swarm state is \"%.32s\": swarm data not available",
		       state);
		return SW_OTHER;
	}
	*sw = h->member(eng, "swarm");
	if (h->type(*sw) != DA_NODE_OBJECT) {
		h->set(res, DA_ERROR, "swarm objects (engine.swarm) missing from the probe");
		return SW_ERROR;
	}
	return SW_ACTIVE;
}

/*
 * Common start of a check: true when the swarm is active; otherwise the
 * result is set (PASS "swarm mode not enabled" when inactive).
 */
static bool swarm_start(const struct da_host *h, const struct da_probe *p,
			struct da_result *res, const struct da_node **sw)
{
	switch (swarm_mode(h, p, res, sw)) {
	case SW_INACTIVE:
		h->set(res, DA_PASS, "swarm mode not enabled");
		return false;
	case SW_ACTIVE:
		return true;
	default:
		return false;
	}
}

/*
 * Whether this node is a manager: info.Swarm.ControlAvailable when the
 * daemon reports it, else whether the manager-only node list was fetched.
 */
static bool is_manager(const struct da_host *h, const struct da_probe *p,
		       const struct da_node *sw)
{
	bool b;

	if (h->boolean(h->member(mu_engine(h, p), "info"), "Swarm.ControlAvailable", &b))
		return b;
	return h->type(h->member(sw, "nodes")) != DA_NODE_NULL;
}

/* host.swarm_state when the host facts have it, else NULL. */
static const struct da_node *swarm_state(const struct da_host *h,
					 const struct da_probe *p)
{
	const struct da_node *st = mu_host(h, p, "swarm_state");
	return h->type(st) == DA_NODE_OBJECT ? st : NULL;
}

/*
 * The host part of "host:port", "[v6]:port" or "host" into buf; false when
 * it does not fit.
 */
static bool addr_host(char *buf, size_t cap, const char *addr)
{
	const char *end;
	size_t n;

	if (addr[0] == '[') {
		end = strchr(addr, ']');
		if (!end)
			return false;
		addr++;
	} else {
		end = strrchr(addr, ':');
		/* no port, or a bare IPv6 address (several colons) */
		if (!end || strchr(addr, ':') != end)
			end = addr + strlen(addr);
	}
	n = (size_t)(end - addr);
	if (n >= cap)
		return false;
	memcpy(buf, addr, n);
	buf[n] = '\0';
	return true;
}

/* ------------------------------------------------------------------------ */
/* 7.1 managers                                                              */

static void check_7_1(const struct da_host *h, const struct da_probe *p,
		      struct da_result *res)
{
	const struct da_node *sw, *nodes;
	size_t i, n, managers = 0, leaders = 0;

	if (!swarm_start(h, p, res, &sw))
		return;
	nodes = h->member(sw, "nodes");
	if (h->type(nodes) == DA_NODE_NULL) {
		h->set(res, DA_INFO, "not a manager: the node list is only available on managers");
		return;
	}
	if (h->type(nodes) != DA_NODE_ARRAY) {
		h->set(res, DA_ERROR, "cannot read the swarm node list: not an array");
		return;
	}
	n = h->len(nodes);
	for (i = 0; i < n; i++) {
		const struct da_node *node = h->at(nodes, i);
		const char *role = h->str(node, "Spec.Role");
		bool leader = false;

		if (h->type(node) != DA_NODE_OBJECT || !role) {
			h->set(res, DA_ERROR, "cannot read Spec.Role of swarm node %zu: %s", i,
			       h->type(node) != DA_NODE_OBJECT ? "not an object"
							     : "missing or not a string");
			return;
		}
		if (strcmp(role, "manager") != 0)
			continue;
		managers++;
		if (h->boolean(node, "ManagerStatus.Leader", &leader) && leader)
			leaders++;
	}
	if (managers == 0) {
		h->set(res, DA_ERROR, "the swarm node list has no manager");
		return;
	}
	if (managers % 2 == 0 || managers > 7 || leaders != 1) {
		for (i = 0; i < n; i++) {
			const struct da_node *node = h->at(nodes, i);
			const char *name = h->str(node, "Description.Hostname");
			const char *role = h->str(node, "Spec.Role");
			bool leader = false;

			if (!role || strcmp(role, "manager") != 0)
				continue;
			if (!name || !*name)
				name = h->str(node, "Spec.Name");
			h->boolean(node, "ManagerStatus.Leader", &leader);
			h->item(res, "node", h->str(node, "ID"), name, "%s",
				leader ? "manager (leader)" : "manager");
		}
		if (leaders != 1)
			h->set(res, DA_WARN, "%zu managers with %zu leaders: the swarm has no single leader",
			       managers, leaders);
		else if (managers > 7)
			h->set(res, DA_WARN, "%zu managers: more than 7 slows consensus and widens the attack surface",
			       managers);
		else
			h->set(res, DA_WARN, "%zu managers: an even number tolerates no more failures than %zu",
			       managers, managers - 1);
		return;
	}
	h->set(res, DA_PASS, "%zu manager%s", managers, managers == 1 ? "" : "s");
}

/* ------------------------------------------------------------------------ */
/* 7.2 listen address                                                        */

static void check_7_2(const struct da_host *h, const struct da_probe *p,
		      struct da_result *res)
{
	static const char *const any[] = { "", "0.0.0.0", "::", NULL };
	const struct da_node *sw, *st, *la;
	const char *addr;
	char host[128];

	if (!swarm_start(h, p, res, &sw))
		return;
	if (!mu_host_available(h, p)) {
		const char *why = h->str(mu_host(h, p, NULL), "reason");
		h->set(res, DA_INFO, "swarm listen address not available: %.200s",
		       why ? why : "no host facts");
		return;
	}
	st = swarm_state(h, p);
	if (!st) {
		const char *err = h->str(mu_host(h, p, NULL), "swarm_state_error");

		/* DockerRootDir is closed to other users */
		if (mu_denied(err)) {
			const char *dir = h->str(mu_engine(h, p), "info.DockerRootDir");
			h->scored(res, false);
			h->set(res, DA_INFO, "needs root: the swarm listen address, in "
					     "%.200s/swarm/docker-state.json (%s)",
			       dir ? dir : "DockerRootDir", mu_denied(err));
		} else if (err)
			h->set(res, DA_ERROR, "swarm listen address unknown: %.300s", err);
		else
			h->set(res, DA_ERROR, "swarm listen address missing from the probe "
					      "(host.swarm_state)");
		return;
	}
	la = h->member(st, "ListenAddr");
	addr = h->str(la, NULL);
	if (!addr) {
		h->set(res, DA_ERROR, "cannot read ListenAddr of the swarm state: %s",
		       h->type(la) == DA_NODE_NULL ? "missing" : "not a string");
		return;
	}
	if (!addr_host(host, sizeof(host), addr)) {
		h->set(res, DA_ERROR, "cannot read ListenAddr of the swarm state: not an address");
		return;
	}
	if (mu_str_in(host, any)) {
		h->set(res, DA_WARN, "the swarm listens on all interfaces (%.128s)",
		       *addr ? addr : "default 0.0.0.0:2377");
		return;
	}
	h->set(res, DA_PASS, "the swarm listens on %.128s", addr);
}

/* ------------------------------------------------------------------------ */
/* 7.3 overlay encryption                                                    */

static void check_7_3(const struct da_host *h, const struct da_probe *p,
		      struct da_result *res)
{
	const struct da_node *sw, *nets;
	size_t i, n, plain = 0, ingress = 0, overlays = 0;

	if (!swarm_start(h, p, res, &sw))
		return;
	nets = h->member(mu_engine(h, p), "networks");
	if (h->type(nets) != DA_NODE_ARRAY) {
		h->set(res, DA_ERROR, "network list %s",
		       h->type(nets) == DA_NODE_NULL ? "missing from the probe" : "is not an array");
		return;
	}
	n = h->len(nets);
	for (i = 0; i < n; i++) {
		const struct da_node *net = h->at(nets, i);
		const char *driver = h->str(net, "Driver");
		const char *name = h->str(net, "Name");
		const struct da_node *opts = h->member(net, "Options");
		bool is_ingress = false;

		if (h->type(net) != DA_NODE_OBJECT) {
			h->set(res, DA_ERROR, "cannot read network %zu of the network list: not an object", i);
			return;
		}
		if (!driver || strcmp(driver, "overlay") != 0)
			continue;
		overlays++;
		if (h->type(opts) != DA_NODE_NULL && h->type(opts) != DA_NODE_OBJECT) {
			h->set(res, DA_ERROR, "cannot read Options of network %.128s: not an object",
			       name ? name : "?");
			return;
		}
		/* "encrypted" is set with an empty value: its presence counts */
		if (h->member(opts, "encrypted"))
			continue;
		if (!h->boolean(net, "Ingress", &is_ingress))
			is_ingress = name && strcmp(name, "ingress") == 0;
		plain++;
		if (is_ingress) {
			ingress++;
			h->item(res, "network", h->str(net, "Id"), name,
				"built-in ingress network, not encrypted");
		} else {
			h->item(res, "network", h->str(net, "Id"), name, "not encrypted");
		}
	}
	if (plain > ingress)
		h->set(res, DA_WARN, "%zu of %zu overlay networks not encrypted", plain, overlays);
	else if (ingress)
		h->set(res, DA_INFO, "only the built-in ingress network is not encrypted");
	else
		h->set(res, DA_PASS, "0 of %zu overlay networks not encrypted", overlays);
}

/* ------------------------------------------------------------------------ */
/* 7.4 secrets                                                               */

static void check_7_4(const struct da_host *h, const struct da_probe *p,
		      struct da_result *res)
{
	const struct da_node *sw, *secrets;
	size_t n;

	if (!swarm_start(h, p, res, &sw))
		return;
	secrets = h->member(sw, "secrets");
	if (h->type(secrets) == DA_NODE_NULL) {
		if (is_manager(h, p, sw))
			h->set(res, DA_ERROR, "swarm secret list missing from the probe");
		else
			h->set(res, DA_INFO, "not a manager: secrets are only listed on managers");
		return;
	}
	if (h->type(secrets) != DA_NODE_ARRAY) {
		h->set(res, DA_ERROR, "cannot read the swarm secret list: not an array");
		return;
	}
	n = h->len(secrets);
	if (n == 0)
		h->set(res, DA_INFO, "no swarm secrets in use");
	else
		h->set(res, DA_PASS, "%zu swarm secret%s in use", n, n == 1 ? "" : "s");
}

/* ------------------------------------------------------------------------ */
/* 7.5 auto-lock                                                             */

static void check_7_5(const struct da_host *h, const struct da_probe *p,
		      struct da_result *res)
{
	const struct da_node *sw, *uk, *key, *auto_lock;
	const char *s;
	bool on;

	if (!swarm_start(h, p, res, &sw))
		return;
	uk = h->member(sw, "unlockkey");
	if (h->type(uk) == DA_NODE_OBJECT) {
		key = h->member(uk, "UnlockKey");
		s = h->str(key, NULL);
		if (!s && h->type(key) != DA_NODE_NULL) {
			h->set(res, DA_ERROR, "cannot read UnlockKey of the swarm: not a string");
			return;
		}
		if (s && *s)
			h->set(res, DA_PASS, "swarm managers are auto-locked");
		else
			h->set(res, DA_WARN, "swarm managers are not auto-locked");
		return;
	}
	if (h->type(uk) != DA_NODE_NULL) {
		h->set(res, DA_ERROR, "cannot read the swarm unlock key: not an object");
		return;
	}
	auto_lock = h->get(h->member(sw, "swarm"), "Spec.EncryptionConfig.AutoLockManagers");
	if (h->boolean(auto_lock, NULL, &on)) {
		if (on)
			h->set(res, DA_PASS, "swarm managers are auto-locked");
		else
			h->set(res, DA_WARN, "swarm managers are not auto-locked");
		return;
	}
	if (is_manager(h, p, sw))
		h->set(res, DA_ERROR, "swarm unlock key missing from the probe");
	else
		h->set(res, DA_INFO, "not a manager: auto-lock applies to managers");
}

/* ------------------------------------------------------------------------ */
/* 7.6, 7.8 manual                                                           */

static void check_7_6(const struct da_host *h, const struct da_probe *p,
		      struct da_result *res)
{
	const struct da_node *sw;

	if (swarm_start(h, p, res, &sw))
		h->set(res, DA_NOTE, "confirm that the unlock key is rotated periodically");
}

static void check_7_8(const struct da_host *h, const struct da_probe *p,
		      struct da_result *res)
{
	const struct da_node *sw;

	if (swarm_start(h, p, res, &sw))
		h->set(res, DA_NOTE, "confirm that the swarm CA certificates are rotated as appropriate");
}

/* ------------------------------------------------------------------------ */
/* 7.7 node certificate expiry                                               */

#define NS_PER_HOUR INT64_C(3600000000000)

static void check_7_7(const struct da_host *h, const struct da_probe *p,
		      struct da_result *res)
{
	const struct da_node *sw, *v;
	int64_t ns = 0, hours;

	if (!swarm_start(h, p, res, &sw))
		return;
	v = h->get(h->member(sw, "swarm"), "Spec.CAConfig.NodeCertExpiry");
	if (h->type(v) == DA_NODE_NULL)
		v = h->get(h->member(mu_engine(h, p), "info"),
			   "Swarm.Cluster.Spec.CAConfig.NodeCertExpiry");
	if (h->type(v) == DA_NODE_NULL) {
		if (is_manager(h, p, sw))
			h->set(res, DA_ERROR, "swarm CA configuration missing from the probe");
		else
			h->set(res, DA_INFO, "not a manager: the CA configuration is only available on managers");
		return;
	}
	if (h->type(v) != DA_NODE_INT || !h->int64(v, NULL, &ns) || ns < 0) {
		h->set(res, DA_ERROR, "cannot read NodeCertExpiry of the swarm: not a duration");
		return;
	}
	if (ns == 0) {
		h->set(res, DA_INFO, "node certificate expiry not set (default 90 days)");
		return;
	}
	hours = ns / NS_PER_HOUR;
	if (ns <= 48 * NS_PER_HOUR)
		h->set(res, DA_PASS, "node certificates are rotated every %lld hours",
		       (long long)hours);
	else if (hours % 24 == 0)
		h->set(res, DA_INFO, "node certificates are rotated every %lld days; "
		       "confirm this suits the site", (long long)(hours / 24));
	else
		h->set(res, DA_INFO, "node certificates are rotated every %lld hours; "
		       "confirm this suits the site", (long long)hours);
}

/* ------------------------------------------------------------------------ */
/* 7.9 data path separation                                                  */

static void check_7_9(const struct da_host *h, const struct da_probe *p,
		      struct da_result *res)
{
	const struct da_node *sw, *st;
	const char *adv, *data;
	char ahost[128], dhost[128];

	if (!swarm_start(h, p, res, &sw))
		return;
	st = mu_host_available(h, p) ? swarm_state(h, p) : NULL;
	adv = h->str(st, "AdvertiseAddr");
	data = h->str(st, "DataPathAddr");
	if (!st && mu_host_available(h, p) &&
	    mu_denied(h->str(mu_host(h, p, NULL), "swarm_state_error"))) {
		const char *dir = h->str(mu_engine(h, p), "info.DockerRootDir");
		h->scored(res, false);
		h->set(res, DA_INFO, "needs root: the swarm addresses, in "
				     "%.200s/swarm/docker-state.json (%s)",
		       dir ? dir : "DockerRootDir",
		       mu_denied(h->str(mu_host(h, p, NULL), "swarm_state_error")));
		return;
	}
	if (!st || !adv || !data) {
		h->set(res, DA_NOTE, "confirm that data traffic uses a network apart from management traffic");
		return;
	}
	if (*data && addr_host(ahost, sizeof(ahost), adv) &&
	    addr_host(dhost, sizeof(dhost), data) && strcmp(ahost, dhost) != 0) {
		h->set(res, DA_PASS, "data traffic on %.64s, management traffic on %.64s",
		       dhost, ahost);
		return;
	}
	h->set(res, DA_INFO, "data and management traffic share %.128s",
	       *adv ? adv : "the default address");
}

/* ------------------------------------------------------------------------ */
/* the table                                                                 */

#define IG123 "cis_controls_v8_ig1 cis_controls_v8_ig2 cis_controls_v8_ig3"
#define IG23 "cis_controls_v8_ig2 cis_controls_v8_ig3"

#define S DA_CHECK_SCORED
#define M DA_CHECK_MANUAL
#define H DA_CHECK_NEEDS_HOST

static const struct da_check checks[] = {
	{ "7.1", "Ensure that the minimum number of manager nodes have been created in a swarm (Automated)",
	  S, 1, NULL,
	  "Run one manager, or the smallest odd number (3, 5 or 7) that gives the fault tolerance "
	  "needed; demote the others (docker node demote).",
	  NULL, check_7_1,
	  MU_CIS17_18("Ensure that the minimum number of manager nodes have been created in a swarm",
		      Manual) },
	{ "7.2", "Ensure that swarm services are bound to a specific host interface (Automated)",
	  S | H, 1, IG123,
	  "Initialise or join the swarm with --listen-addr set to one interface address.",
	  "The swarm must be re-initialised or the node re-joined to change the address.",
	  check_7_2,
	  MU_CIS17_18("Ensure that swarm services are bound to a specific host interface",
		      Manual) },
	{ "7.3", "Ensure that all Docker swarm overlay networks are encrypted (Automated)", S, 1, IG23,
	  "Create overlay networks with --opt encrypted.",
	  "Encryption costs some throughput on the overlay network.", check_7_3,
	  MU_CIS17_18("Ensure that all Docker swarm overlay networks are encrypted", Manual) },
	{ "7.4", "Ensure that Docker's secret management commands are used for managing secrets in a swarm cluster (Manual)",
	  M, 1, NULL,
	  "Keep service secrets in Docker secrets (docker secret create) rather than in images, "
	  "environment variables or files.",
	  NULL, check_7_4,
	  MU_CIS17_18("Ensure that Docker's secret management commands are used for managing secrets in a swarm cluster",
		      Manual) },
	{ "7.5", "Ensure that swarm manager is run in auto-lock mode (Automated)", S, 1, IG23,
	  "Enable auto-lock: docker swarm update --autolock=true (or docker swarm init --autolock).",
	  "A restarted manager must be unlocked with the key before it rejoins the swarm.",
	  check_7_5,
	  MU_CIS17_18("Ensure that swarm manager is run in auto-lock mode", Manual) },
	{ "7.6", "Ensure that the swarm manager auto-lock key is rotated periodically (Manual)",
	  M, 1, IG123,
	  "Rotate the unlock key regularly with docker swarm unlock-key --rotate.",
	  NULL, check_7_6,
	  MU_CIS17_18("Ensure that the swarm manager auto-lock key is rotated periodically",
		      Manual) },
	{ "7.7", "Ensure that node certificates are rotated as appropriate (Manual)", M, 1, IG123,
	  "Set the node certificate lifetime to suit the site, for example "
	  "docker swarm update --cert-expiry 48h.",
	  NULL, check_7_7,
	  MU_CIS17_18("Ensure that node certificates are rotated as appropriate", Manual) },
	{ "7.8", "Ensure that CA certificates are rotated as appropriate (Manual)", M, 1, IG123,
	  "Rotate the swarm root CA regularly with docker swarm ca --rotate.",
	  NULL, check_7_8,
	  MU_CIS17_18("Ensure that CA certificates are rotated as appropriate", Manual) },
	{ "7.9", "Ensure that management plane traffic is separated from data plane traffic (Manual)",
	  M, 1, IG23,
	  "Give each node a separate data path address (--data-path-addr) on another network "
	  "than the management address (--advertise-addr).",
	  NULL, check_7_9,
	  MU_CIS17_18("Ensure that management plane traffic is separated from data plane traffic",
		      Manual) },
};

DA_EXPORT const struct da_module DA_MODULE_SYMBOL_FOR(swarm) = {
	DA_MODULE_HEAD,
	.name = "swarm",
	.version = "1.0",
	.section = "7",
	.section_title = "Docker Swarm Configuration",
	.group = "docker_swarm_configuration",
	.checks = checks,
	.n_checks = DA_COUNT(checks),
};
