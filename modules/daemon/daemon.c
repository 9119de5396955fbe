/*
 * Section 2 of the CIS Docker Benchmark, Docker daemon configuration
 * (checks 2.1-2.18; CIS 1.8.0 adds 2.7, devicemapper, and numbers the
 * following ones 2.8-2.19).  The daemon's settings come from
 * host.dockerd.effective (daemon.json with the dockerd command line merged
 * over it, keys in daemon.json spelling); when no dockerd runs on the
 * audited host, from host.daemon_json.content alone.  What the running daemon reports about
 * itself comes from engine.info (storage and logging drivers, security
 * options, live restore, experimental, registries, authorization plugins)
 * and engine.networks (the default bridge's options), so that a remote
 * daemon, whose host facts are absent, still gets an answer wherever the
 * Engine API gives one.  Against Podman's Docker-compatible service, the
 * settings only dockerd has (its logging driver, live restore,
 * userns-remap, authorization plugins, experimental features) are INFO
 * "not applicable to Podman" (docs/podman.md).
 */
#include <dockaudit/module.h>

#include "../common/modutil.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

/* --- where the daemon configuration comes from --------------------------- */

enum cfg_state {
	CFG_OK,      /* node is the configuration (NULL = nothing set) */
	CFG_REMOTE,  /* host facts unavailable: reason says why; also when
			daemon.json needs root to read (denied is set) */
	CFG_BROKEN   /* present but unusable: reason says why */
};

struct dcfg {
	enum cfg_state state;
	const struct da_node *node; /* object, or NULL when nothing is set */
	const char *reason;         /* CFG_REMOTE / CFG_BROKEN */
	const char *what;           /* CFG_BROKEN: the object concerned */
	const char *note;           /* appended to details: "" or a caveat */
	const char *denied;         /* CFG_REMOTE because daemon.json (what) needs
				       root: "permission denied" ... */
};

/*
 * daemon.json unreadable without root: judge as for a remote daemon, from
 * what the running daemon reports, and say "needs root" where that is not
 * enough (docs/failures.md).  True when so.
 */
static bool cfg_denied(struct dcfg *c, const char *err, const char *path)
{
	if (!mu_denied(err))
		return false;
	c->state = CFG_REMOTE;
	c->reason = err;
	c->what = path ? path : "daemon.json";
	c->denied = mu_denied(err);
	return true;
}

/* The configuration is present but unusable: what is the object concerned. */
static void cfg_broken(struct dcfg *c, const char *what, const char *reason)
{
	c->state = CFG_BROKEN;
	c->what = what;
	c->reason = reason;
}

/*
 * The probe's error reading the configuration file path: judged as for a
 * remote daemon when it needs root, else the configuration is broken.  True
 * when there was an error.
 */
static bool cfg_file_error(struct dcfg *c, const char *err, const char *path)
{
	if (cfg_denied(c, err, path))
		return true;
	if (!err)
		return false;
	cfg_broken(c, path ? path : "daemon.json", err);
	return true;
}

static const char note_file_only[] = " (daemon.json only: no dockerd found on this host)";

static void cfg_load(const struct da_host *h, const struct da_probe *p, struct dcfg *c)
{
	const struct da_node *dockerd, *eff, *dj, *content;

	memset(c, 0, sizeof(*c));
	c->note = "";
	if (!mu_host_available(h, p)) {
		c->state = CFG_REMOTE;
		c->reason = h->str(mu_host(h, p, NULL), "reason");
		if (!c->reason || !*c->reason)
			c->reason = "host facts unavailable";
		return;
	}
	dockerd = mu_host(h, p, "dockerd");
	switch (h->type(dockerd)) {
	case DA_NODE_OBJECT:
		if (cfg_file_error(c, h->str(dockerd, "config_file_error"),
				   h->str(dockerd, "config_file")))
			return;
		eff = h->member(dockerd, "effective");
		if (h->type(eff) != DA_NODE_OBJECT) {
			cfg_broken(c, "host.dockerd.effective", "missing or not an object");
			return;
		}
		c->state = CFG_OK;
		c->node = eff;
		return;
	case DA_NODE_NULL:
		break;
	default:
		cfg_broken(c, "host.dockerd", "not an object");
		return;
	}

	/* No dockerd on this host: judge from daemon.json alone. */
	c->note = note_file_only;
	dj = mu_host(h, p, "daemon_json");
	if (h->type(dj) == DA_NODE_NULL) {
		c->state = CFG_OK;
		return;
	}
	if (h->type(dj) != DA_NODE_OBJECT) {
		cfg_broken(c, "host.daemon_json", "not an object");
		return;
	}
	if (cfg_file_error(c, h->str(dj, "error"), h->str(dj, "path")))
		return;
	content = h->member(dj, "content");
	switch (h->type(content)) {
	case DA_NODE_OBJECT:
		c->node = content;
		/* fall through */
	case DA_NODE_NULL:
		c->state = CFG_OK;
		return;
	default:
		cfg_broken(c, "host.daemon_json.content", "not an object");
		return;
	}
}

/*
 * Sets the result of a check that cannot read the configuration: INFO for a
 * remote daemon, INFO "needs root" when daemon.json needs root to read,
 * ERROR for unusable host facts.
 */
static void cfg_unusable(const struct da_host *h, struct da_result *res, const struct dcfg *c)
{
	if (c->state == CFG_REMOTE && c->denied) {
		h->scored(res, false);
		h->set(res, DA_INFO, "needs root: %s (%s)", c->what, c->denied);
	} else if (c->state == CFG_REMOTE) {
		h->set(res, DA_INFO, "daemon configuration not readable: %s", c->reason);
	} else {
		h->set(res, DA_ERROR, "cannot read daemon configuration %s: %s", c->what,
		       c->reason);
	}
}

/* Loads the configuration; false, with the result set, when it is broken. */
static bool cfg_loaded(const struct da_host *h, const struct da_probe *p, struct da_result *res,
		       struct dcfg *c)
{
	cfg_load(h, p, c);
	if (c->state != CFG_BROKEN)
		return true;
	cfg_unusable(h, res, c);
	return false;
}

/* Loads the configuration; false, with the result set, when it is not usable. */
static bool cfg_ready(const struct da_host *h, const struct da_probe *p, struct da_result *res,
		      struct dcfg *c)
{
	cfg_load(h, p, c);
	if (c->state == CFG_OK)
		return true;
	cfg_unusable(h, res, c);
	return false;
}

/*
 * Typed readers of one configuration key.  They return 1 when the key is
 * set, 0 when it is absent (or JSON null), and -1 after setting an ERROR
 * when it has another type than dockerd accepts.
 */
static int opt_bool(const struct da_host *h, struct da_result *res, const struct dcfg *c,
		    const char *key, bool *out)
{
	const struct da_node *v = h->member(c->node, key);

	switch (h->type(v)) {
	case DA_NODE_NULL:
		return 0;
	case DA_NODE_BOOL:
		if (h->boolean(v, NULL, out))
			return 1;
		break;
	default:
		break;
	}
	h->set(res, DA_ERROR, "daemon option %s is not a boolean", key);
	return -1;
}

static int opt_str(const struct da_host *h, struct da_result *res, const struct dcfg *c,
		   const char *key, const char **out)
{
	const struct da_node *v = h->member(c->node, key);

	switch (h->type(v)) {
	case DA_NODE_NULL:
		return 0;
	case DA_NODE_STRING:
		*out = h->str(v, NULL);
		if (*out)
			return 1;
		break;
	default:
		break;
	}
	h->set(res, DA_ERROR, "daemon option %s is not a string", key);
	return -1;
}

/* An array whose elements are all strings. */
static int opt_strlist(const struct da_host *h, struct da_result *res, const struct dcfg *c,
		       const char *key, const struct da_node **out)
{
	const struct da_node *v = h->member(c->node, key);
	size_t i, n;

	if (h->type(v) == DA_NODE_NULL)
		return 0;
	if (h->type(v) != DA_NODE_ARRAY) {
		h->set(res, DA_ERROR, "daemon option %s is not a list", key);
		return -1;
	}
	n = h->len(v);
	for (i = 0; i < n; i++) {
		if (!h->str(h->at(v, i), NULL)) {
			h->set(res, DA_ERROR, "daemon option %s has an element that is not a string",
			       key);
			return -1;
		}
	}
	*out = v;
	return 1;
}

/* --- engine data ---------------------------------------------------------- */

/* The error the probe recorded for an Engine API path, or NULL. */
static const char *engine_error(const struct da_host *h, const struct da_probe *p,
				const char *path)
{
	const struct da_node *errs = h->get(mu_engine(h, p), "errors");
	size_t i, n = h->len(errs);

	for (i = 0; i < n; i++) {
		const struct da_node *e = h->at(errs, i);
		const char *ep = h->str(e, "path");
		if (ep && strcmp(ep, path) == 0)
			return h->str(e, "error");
	}
	return NULL;
}

/* engine.info, or NULL after setting an ERROR when unset (report = true). */
static const struct da_node *get_info(const struct da_host *h, const struct da_probe *p,
				      struct da_result *res, bool report)
{
	const struct da_node *info = h->get(mu_engine(h, p), "info");
	const char *why;

	if (h->type(info) == DA_NODE_OBJECT)
		return info;
	if (report) {
		why = engine_error(h, p, "/info");
		h->set(res, DA_ERROR, "engine info unavailable: %s",
		       why ? why : "GET /info gave no data");
	}
	return NULL;
}

/*
 * Whether SecurityOptions of engine.info has an entry "name=<name>" (alone
 * or followed by ",..."); *entry gets the whole entry.  Returns 1 when
 * found, 0 when not, -1 after setting an ERROR when the field is malformed.
 * JSON null is an empty list: that is how the daemon sends "none".
 */
static int info_secopt(const struct da_host *h, struct da_result *res,
		       const struct da_node *info, const char *name, const char **entry)
{
	const struct da_node *so = h->member(info, "SecurityOptions");
	size_t i, n, nl = strlen(name);

	if (h->type(so) == DA_NODE_NULL)
		return 0;
	if (h->type(so) != DA_NODE_ARRAY) {
		h->set(res, DA_ERROR, "engine info SecurityOptions is not a list");
		return -1;
	}
	n = h->len(so);
	for (i = 0; i < n; i++) {
		const char *s = h->str(h->at(so, i), NULL);
		if (!s) {
			h->set(res, DA_ERROR,
			       "engine info SecurityOptions has an element that is not a string");
			return -1;
		}
		if (strncmp(s, "name=", 5) == 0 && strncmp(s + 5, name, nl) == 0 &&
		    (s[5 + nl] == '\0' || s[5 + nl] == ',')) {
			if (entry)
				*entry = s;
			return 1;
		}
	}
	return 0;
}

/* A string field of engine.info, or NULL after setting an ERROR. */
static const char *info_str(const struct da_host *h, const struct da_probe *p,
			    struct da_result *res, const char *field)
{
	const struct da_node *info = get_info(h, p, res, true);
	const char *s;

	if (!info)
		return NULL;
	s = h->str(info, field);
	if (!s)
		h->set(res, DA_ERROR, "engine info %s is %s", field,
		       h->member(info, field) ? "not a string" : "missing");
	return s;
}

/* --- checks --------------------------------------------------------------- */

/* 2.1: the daemon reports "name=rootless" when it runs as a normal user. */
static void check_2_1(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	const struct da_node *info = get_info(h, p, res, false);
	int r;

	if (!info) {
		h->set(res, DA_NOTE, "verify whether the daemon can run rootless");
		return;
	}
	r = info_secopt(h, res, info, "rootless", NULL);
	if (r < 0)
		return;
	if (r > 0)
		h->set(res, DA_PASS, "daemon runs in rootless mode");
	else
		h->set(res, DA_NOTE, "daemon runs as root; verify whether rootless mode is possible");
}

/* Option key of a network, taken literally (the keys contain dots). */
static const char *net_option(const struct da_host *h, const struct da_node *net,
			      const char *key)
{
	return h->str(h->member(h->member(net, "Options"), key), NULL);
}

/* The default bridge network of engine.networks, or NULL. */
static const struct da_node *default_bridge(const struct da_host *h, const struct da_probe *p)
{
	const struct da_node *nets = h->get(mu_engine(h, p), "networks");
	size_t i, n = h->len(nets);

	if (h->type(nets) != DA_NODE_ARRAY)
		return NULL;
	for (i = 0; i < n; i++) {
		const struct da_node *net = h->at(nets, i);
		const char *db = net_option(h, net, "com.docker.network.bridge.default_bridge");
		if (db && strcmp(db, "true") == 0)
			return net;
	}
	return NULL;
}

static void check_2_2(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	struct dcfg c;
	bool icc = true;
	int r;

	cfg_load(h, p, &c);
	if (c.state == CFG_REMOTE) {
		/* The running daemon's own answer: the default bridge's options. */
		const char *v = net_option(h, default_bridge(h, p),
					   "com.docker.network.bridge.enable_icc");
		if (!v)
			cfg_unusable(h, res, &c);
		else if (strcmp(v, "false") == 0)
			h->set(res, DA_PASS,
			       "inter-container communication is disabled on the default bridge");
		else
			h->set(res, DA_WARN,
			       "inter-container communication is enabled on the default bridge");
		return;
	}
	if (c.state != CFG_OK) {
		cfg_unusable(h, res, &c);
		return;
	}
	r = opt_bool(h, res, &c, "icc", &icc);
	if (r < 0)
		return;
	if (!icc)
		h->set(res, DA_PASS,
		       "inter-container communication is disabled on the default bridge%s", c.note);
	else
		h->set(res, DA_WARN,
		       "inter-container communication is enabled on the default bridge (icc %s)%s",
		       r ? "is true" : "defaults to true", c.note);
}

static void check_2_3(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	struct dcfg c;
	const char *level = NULL;
	bool debug = false;
	int rl, rd;

	cfg_load(h, p, &c);
	if (c.state == CFG_REMOTE) {
		const struct da_node *info = get_info(h, p, res, false);
		if (info && h->boolean(info, "Debug", &debug) && debug) {
			h->set(res, DA_WARN, "daemon runs in debug mode");
			return;
		}
		cfg_unusable(h, res, &c);
		return;
	}
	if (c.state != CFG_OK) {
		cfg_unusable(h, res, &c);
		return;
	}
	rl = opt_str(h, res, &c, "log-level", &level);
	if (rl < 0)
		return;
	rd = opt_bool(h, res, &c, "debug", &debug);
	if (rd < 0)
		return;
	if (debug)
		h->set(res, DA_WARN, "debug mode is enabled, which logs at level debug%s", c.note);
	else if (rl && strcasecmp(level, "info") != 0)
		h->set(res, DA_WARN, "log-level is %s, not info%s", level, c.note);
	else if (rl)
		h->set(res, DA_PASS, "log-level is info%s", c.note);
	else
		h->set(res, DA_PASS, "log-level is not set (defaults to info)%s", c.note);
}

static void check_2_4(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	struct dcfg c;
	bool v = true;
	int r;

	if (!cfg_ready(h, p, res, &c))
		return;
	r = opt_bool(h, res, &c, "iptables", &v);
	if (r < 0)
		return;
	if (!v)
		h->set(res, DA_WARN, "iptables is false: the daemon may not manage firewall rules%s",
		       c.note);
	else
		h->set(res, DA_PASS, "the daemon may manage iptables rules%s", c.note);
}

/*
 * Loopback ranges dockerd always treats as insecure by itself: they are in
 * RegistryConfig.InsecureRegistryCIDRs of every daemon and are no finding.
 */
static bool builtin_insecure(const char *s)
{
	static const char *const builtin[] = { "127.0.0.0/8", "::1/128", NULL };
	return mu_str_in(s, builtin);
}

/* Adds a registry item unless one with that id was already added. */
#define REG_MAX 64
struct reglist {
	const char *seen[REG_MAX];
	size_t n;     /* distinct registries found */
	size_t kept;  /* of which remembered in seen */
};

static void reg_add(const struct da_host *h, struct da_result *res, struct reglist *rl,
		    const char *name, const char *from)
{
	size_t i;

	for (i = 0; i < rl->kept; i++)
		if (strcmp(rl->seen[i], name) == 0)
			return;
	if (rl->kept < REG_MAX)
		rl->seen[rl->kept++] = name;
	rl->n++;
	h->item(res, "registry", name, name, "%s", from);
}

static void check_2_5(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	struct dcfg c;
	const struct da_node *list = NULL, *info, *rc, *cidrs, *idx;
	struct reglist rl;
	size_t i, n;
	int r = 0;

	memset(&rl, 0, sizeof(rl));
	if (!cfg_loaded(h, p, res, &c))
		return;
	info = get_info(h, p, res, c.state == CFG_REMOTE);
	if (c.state == CFG_REMOTE && !info)
		return;

	if (c.state == CFG_OK) {
		r = opt_strlist(h, res, &c, "insecure-registries", &list);
		if (r < 0)
			return;
		n = r ? h->len(list) : 0;
		for (i = 0; i < n; i++) {
			const char *s = h->str(h->at(list, i), NULL);
			if (*s)
				reg_add(h, res, &rl, s, "configured in insecure-registries");
		}
	}

	/* What the running daemon reports, beyond its built-in loopback ranges. */
	rc = h->member(info, "RegistryConfig");
	cidrs = h->member(rc, "InsecureRegistryCIDRs");
	if (h->type(cidrs) == DA_NODE_ARRAY) {
		n = h->len(cidrs);
		for (i = 0; i < n; i++) {
			const char *s = h->str(h->at(cidrs, i), NULL);
			if (s && *s && !builtin_insecure(s))
				reg_add(h, res, &rl, s, "reported insecure by the daemon");
		}
	}
	idx = h->member(rc, "IndexConfigs");
	if (h->type(idx) == DA_NODE_OBJECT) {
		n = h->len(idx);
		for (i = 0; i < n; i++) {
			const char *name = h->key_at(idx, i);
			bool secure = true;
			if (name && *name && h->boolean(h->at(idx, i), "Secure", &secure) && !secure)
				reg_add(h, res, &rl, name, "reported insecure by the daemon");
		}
	}
	if (c.state == CFG_REMOTE && h->type(rc) != DA_NODE_OBJECT) {
		h->set(res, DA_ERROR, "engine info RegistryConfig is %s",
		       h->member(info, "RegistryConfig") ? "not an object" : "missing");
		return;
	}

	if (rl.n)
		h->set(res, DA_WARN, "%zu insecure registr%s in use%s", rl.n,
		       rl.n == 1 ? "y" : "ies", c.note);
	else
		h->set(res, DA_PASS, "no insecure registries%s", c.note);
}

/* WARN when the daemon's storage driver (engine.info.Driver) is bad. */
static void storage_driver(const struct da_host *h, const struct da_probe *p,
			   struct da_result *res, const char *bad, const char *warning)
{
	const char *drv = info_str(h, p, res, "Driver");

	if (!drv)
		return;
	if (strcmp(drv, bad) == 0)
		h->set(res, DA_WARN, "%s", warning);
	else
		h->set(res, DA_PASS, "storage driver is %s", drv);
}

static void check_2_6(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	storage_driver(h, p, res, "aufs", "storage driver is aufs");
}

/*
 * 2.7 of CIS 1.8.0 only (it shifts 1.6.0's 2.7-2.18 to 2.8-2.19): Docker
 * Engine 25.0 removed the devicemapper driver, which was deprecated long
 * before.  The driver the running daemon uses is engine.info.Driver.
 */
static void check_devicemapper(const struct da_host *h, const struct da_probe *p,
			       struct da_result *res)
{
	storage_driver(h, p, res, "devicemapper",
		       "storage driver is devicemapper (removed in Docker Engine 25.0)");
}

/*
 * True when a "hosts" entry makes dockerd listen on TCP: tcp://..., or an
 * entry without a scheme, which dockerd reads as a TCP address.
 */
static bool host_is_tcp(const char *s)
{
	if (!*s)
		return false; /* empty: the default unix socket */
	if (strncasecmp(s, "tcp://", 6) == 0)
		return true;
	return strstr(s, "://") == NULL;
}

/*
 * What this audit's own connection proves: it reached the daemon over
 * tcp:// and read /version (source.endpoint, source.tls from the probe).
 * Without TLS, the daemon serves the API on TCP in the clear: WARN, with
 * that evidence, whatever the configuration says.  True when so.
 */
static bool tcp_evidence(const struct da_host *h, const struct da_probe *p,
			 struct da_result *res)
{
	const struct da_node *src = h->member(h->probe_root(p), "source");
	const char *ep = h->str(src, "endpoint");
	bool tls;

	if (!ep || strncasecmp(ep, "tcp://", 6) != 0 || !h->boolean(src, "tls", &tls) || tls)
		return false;
	h->set(res, DA_WARN, "the daemon serves the API on TCP without TLS: this audit "
	       "connected to %.200s without TLS and read /version", ep);
	h->item(res, "endpoint", ep, ep, "no TLS (this audit's own connection)");
	return true;
}

static void check_2_7(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	struct dcfg c;
	const struct da_node *hosts = NULL;
	bool tls = false, verify = false;
	size_t i, n, ntcp = 0;
	int r;

	if (tcp_evidence(h, p, res))
		return;
	if (!cfg_ready(h, p, res, &c))
		return;
	r = opt_strlist(h, res, &c, "hosts", &hosts);
	if (r < 0)
		return;
	if (opt_bool(h, res, &c, "tls", &tls) < 0 || opt_bool(h, res, &c, "tlsverify", &verify) < 0)
		return;
	n = r ? h->len(hosts) : 0;
	for (i = 0; i < n; i++)
		if (host_is_tcp(h->str(h->at(hosts, i), NULL)))
			ntcp++;
	if (!ntcp) {
		h->set(res, DA_INFO, "daemon not listening on TCP%s", c.note);
		return;
	}

	if (verify) {
		static const char *const files[] = { "tlscacert", "tlscert", "tlskey" };
		const char *missing = NULL, *v;
		for (i = 0; i < DA_COUNT(files); i++) {
			r = opt_str(h, res, &c, files[i], &v);
			if (r < 0)
				return;
			if (!r && !missing)
				missing = files[i];
		}
		if (missing)
			h->set(res, DA_PASS,
			       "listening on TCP with TLS client verification "
			       "(%s not set: dockerd's default file is used)%s",
			       missing, c.note);
		else
			h->set(res, DA_PASS, "listening on TCP with TLS client verification%s", c.note);
	} else if (tls) {
		h->set(res, DA_WARN, "listening on TCP with TLS, but no client verification%s", c.note);
	} else {
		h->set(res, DA_WARN, "listening on TCP without TLS%s", c.note);
	}
	if (!verify)
		for (i = 0; i < n; i++) {
			const char *s = h->str(h->at(hosts, i), NULL);
			if (host_is_tcp(s))
				h->item(res, "endpoint", s, s, "%s",
					tls ? "TLS without client verification" : "no TLS");
		}
}

static void check_2_8(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	struct dcfg c;
	const struct da_node *u;
	size_t i, n;

	if (!cfg_ready(h, p, res, &c))
		return;
	u = h->member(c.node, "default-ulimits");
	switch (h->type(u)) {
	case DA_NODE_NULL:
		n = 0;
		break;
	case DA_NODE_OBJECT: /* daemon.json: {"nofile": {"Name":..,"Soft":..,"Hard":..}} */
		n = h->len(u);
		for (i = 0; i < n; i++) {
			const struct da_node *l = h->at(u, i);
			int64_t soft, hard;
			if (h->int64(l, "Soft", &soft) && h->int64(l, "Hard", &hard))
				h->item(res, "ulimit", h->key_at(u, i), h->key_at(u, i),
					"soft %lld, hard %lld", (long long)soft, (long long)hard);
			else
				h->item(res, "ulimit", h->key_at(u, i), h->key_at(u, i), NULL);
		}
		break;
	case DA_NODE_ARRAY: /* command line: ["nofile=1024:2048", ...] */
		n = h->len(u);
		for (i = 0; i < n; i++) {
			const char *s = h->str(h->at(u, i), NULL);
			if (!s) {
				h->set(res, DA_ERROR,
				       "daemon option default-ulimits has an element that is not a string");
				return;
			}
			h->item(res, "ulimit", s, s, NULL);
		}
		break;
	default:
		h->set(res, DA_ERROR, "daemon option default-ulimits is neither an object nor a list");
		return;
	}
	if (n)
		h->set(res, DA_PASS, "%zu default ulimit%s set%s", n, n == 1 ? "" : "s", c.note);
	else
		h->set(res, DA_INFO, "default ulimit doesn't appear to be set%s", c.note);
}

static void check_2_9(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	struct dcfg c;
	const struct da_node *info;
	const char *remap = NULL;
	int ri = 0, rc = 0;

	if (mu_podman_not_applicable(h, p, res))
		return;
	if (mu_rootless_not_applicable(h, p, res, "the daemon and its containers already run "
				       "in a user namespace of the unprivileged user who runs it; "
				       "userns-remap is not supported in rootless mode"))
		return;
	if (!cfg_loaded(h, p, res, &c))
		return;
	info = get_info(h, p, res, c.state == CFG_REMOTE);
	if (c.state == CFG_REMOTE && !info)
		return;
	if (info && (ri = info_secopt(h, res, info, "userns", NULL)) < 0)
		return;
	if (c.state == CFG_OK && (rc = opt_str(h, res, &c, "userns-remap", &remap)) < 0)
		return;
	if (rc && *remap)
		h->set(res, DA_PASS, "userns-remap is %s%s", remap, c.note);
	else if (ri)
		h->set(res, DA_PASS, "the daemon reports user namespace remapping");
	else
		h->set(res, DA_WARN, "user namespace remapping is not enabled%s", c.note);
}

static void check_2_10(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	struct dcfg c;
	const char *parent = NULL;
	int r;

	if (!cfg_ready(h, p, res, &c))
		return;
	r = opt_str(h, res, &c, "cgroup-parent", &parent);
	if (r < 0)
		return;
	if (r && *parent)
		h->set(res, DA_WARN, "cgroup-parent is %s: confirm cgroup usage%s", parent, c.note);
	else
		h->set(res, DA_PASS, "default cgroup parent in use%s", c.note);
}

static void check_2_11(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	struct dcfg c;
	const struct da_node *opts = NULL;
	const char *found = NULL;
	size_t i, n;
	int r;

	cfg_load(h, p, &c);
	if (c.state == CFG_REMOTE) {
		/* Only devicemapper has a base device: other drivers reject the option. */
		const char *drv = h->str(get_info(h, p, res, false), "Driver");
		if (drv && strcmp(drv, "devicemapper") != 0) {
			h->set(res, DA_PASS, "storage driver %s has no base device size", drv);
			return;
		}
	}
	if (c.state != CFG_OK) {
		cfg_unusable(h, res, &c);
		return;
	}
	r = opt_strlist(h, res, &c, "storage-opts", &opts);
	if (r < 0)
		return;
	n = r ? h->len(opts) : 0;
	for (i = 0; i < n && !found; i++) {
		const char *s = h->str(h->at(opts, i), NULL);
		/* dockerd lower-cases option keys, so DM.BaseSize counts too */
		if (strncasecmp(s, "dm.basesize", 11) == 0 && (s[11] == '=' || s[11] == '\0'))
			found = s;
	}
	if (found)
		h->set(res, DA_WARN, "base device size changed: %s%s", found, c.note);
	else
		h->set(res, DA_PASS, "base device size not changed%s", c.note);
}

static void check_2_12(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	struct dcfg c;
	const struct da_node *info, *authz = NULL, *list = NULL;
	const char *first;
	size_t ni = 0, nc = 0;
	int r;

	if (mu_podman_not_applicable(h, p, res))
		return;
	if (!cfg_loaded(h, p, res, &c))
		return;
	info = get_info(h, p, res, c.state == CFG_REMOTE);
	if (c.state == CFG_REMOTE && !info)
		return;
	if (info) {
		authz = h->get(info, "Plugins.Authorization");
		if (h->type(authz) == DA_NODE_ARRAY) {
			ni = h->len(authz);
		} else if (h->type(authz) != DA_NODE_NULL) {
			h->set(res, DA_ERROR, "engine info Plugins.Authorization is not a list");
			return;
		} else if (c.state == CFG_REMOTE &&
			   h->type(h->member(info, "Plugins")) != DA_NODE_OBJECT) {
			h->set(res, DA_ERROR, "engine info Plugins is missing");
			return;
		}
	}
	if (c.state == CFG_OK) {
		r = opt_strlist(h, res, &c, "authorization-plugins", &list);
		if (r < 0)
			return;
		nc = r ? h->len(list) : 0;
	}
	if (nc) {
		h->set(res, DA_PASS, "authorization plugin%s configured: %s%s%s", nc == 1 ? "" : "s",
		       h->str(h->at(list, 0), NULL), nc > 1 ? ", ..." : "", c.note);
	} else if (ni) {
		first = h->str(h->at(authz, 0), NULL);
		h->set(res, DA_PASS, "the daemon reports authorization plugin%s: %s%s",
		       ni == 1 ? "" : "s", first ? first : "?", ni > 1 ? ", ..." : "");
	} else {
		h->set(res, DA_WARN, "no authorization plugin configured%s", c.note);
	}
}

static void check_2_13(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	/* Drivers that keep logs on this host only (or nowhere). */
	static const char *const local[] = { "json-file", "local", "none", NULL };
	const char *drv;

	if (mu_podman_not_applicable(h, p, res))
		return;
	drv = info_str(h, p, res, "LoggingDriver");
	if (!drv)
		return;
	if (mu_str_in(drv, local))
		h->set(res, DA_WARN, "logging driver %s keeps logs on this host only", drv);
	else
		h->set(res, DA_PASS, "logging driver is %s", drv);
}

static void check_2_14(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	struct dcfg c;
	const struct da_node *info;
	bool nnp = false;
	int ri = 0, rc = 0;

	if (!cfg_loaded(h, p, res, &c))
		return;
	info = get_info(h, p, res, false);
	if (info && (ri = info_secopt(h, res, info, "no-new-privileges", NULL)) < 0)
		return;
	if (c.state == CFG_OK && (rc = opt_bool(h, res, &c, "no-new-privileges", &nnp)) < 0)
		return;
	if (rc && nnp)
		h->set(res, DA_PASS, "no-new-privileges is true%s", c.note);
	else if (ri)
		h->set(res, DA_PASS, "the daemon reports no-new-privileges");
	else if (c.state == CFG_REMOTE)
		/* older engines do not report the option: its absence proves nothing */
		cfg_unusable(h, res, &c);
	else
		h->set(res, DA_WARN, "no-new-privileges is not enabled%s", c.note);
}

static void check_2_15(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	const struct da_node *info;
	const char *swarm;
	bool lr;

	if (mu_podman_not_applicable(h, p, res))
		return;
	info = get_info(h, p, res, true);
	if (!info)
		return;
	if (!h->boolean(info, "LiveRestoreEnabled", &lr)) {
		h->set(res, DA_ERROR, "engine info LiveRestoreEnabled is %s",
		       h->member(info, "LiveRestoreEnabled") ? "not a boolean" : "missing");
		return;
	}
	swarm = h->str(info, "Swarm.LocalNodeState");
	if (lr)
		h->set(res, DA_PASS, "live restore is enabled");
	else if (swarm && strcmp(swarm, "active") == 0)
		h->set(res, DA_PASS, "live restore is incompatible with swarm mode");
	else
		h->set(res, DA_WARN, "live restore is not enabled");
}

static void check_2_16(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	struct dcfg c;
	bool v = true;
	int r;

	if (!cfg_ready(h, p, res, &c))
		return;
	r = opt_bool(h, res, &c, "userland-proxy", &v);
	if (r < 0)
		return;
	if (!v)
		h->set(res, DA_PASS, "userland proxy is disabled%s", c.note);
	else
		h->set(res, DA_WARN, "userland proxy is enabled (%s)%s",
		       r ? "userland-proxy is true" : "the default", c.note);
}

static void check_2_17(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	const struct da_node *info = get_info(h, p, res, true);
	const char *entry = NULL, *prof;
	int r;

	if (!info)
		return;
	r = info_secopt(h, res, info, "seccomp", &entry);
	if (r < 0)
		return;
	if (!r) {
		h->set(res, DA_INFO, "seccomp is not enabled on the daemon");
		return;
	}
	prof = strstr(entry, ",profile=");
	prof = prof ? prof + 9 : "";
	/* "default" before Docker 20.10, "builtin" since */
	if (strcmp(prof, "builtin") == 0 || strcmp(prof, "default") == 0)
		h->set(res, DA_PASS, "the default seccomp profile is applied");
	else if (strcmp(prof, "unconfined") == 0)
		h->set(res, DA_WARN, "seccomp is unconfined: containers run without a syscall filter");
	else
		h->set(res, DA_INFO, "custom seccomp profile in use: %s", *prof ? prof : "(unnamed)");
}

static void check_2_18(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	const struct da_node *info;
	bool exp;

	if (mu_podman_not_applicable(h, p, res))
		return;
	info = get_info(h, p, res, true);
	if (!info)
		return;
	if (!h->boolean(info, "ExperimentalBuild", &exp) &&
	    !h->boolean(h->get(mu_engine(h, p), "version"), "Experimental", &exp)) {
		h->set(res, DA_ERROR, "engine info ExperimentalBuild is %s",
		       h->member(info, "ExperimentalBuild") ? "not a boolean" : "missing");
		return;
	}
	if (exp)
		h->set(res, DA_WARN, "experimental features are enabled");
	else
		h->set(res, DA_PASS, "experimental features are disabled");
}

/* --- table ---------------------------------------------------------------- */

#define IG12 "cis_controls_v8_ig1 cis_controls_v8_ig2 cis_controls_v8_ig3"
#define IG2 "cis_controls_v8_ig2 cis_controls_v8_ig3"

static const struct da_check checks[] = {
	{ "2.1", "Run the Docker daemon as a non-root user, if possible (Manual)",
	  DA_CHECK_MANUAL, 1, IG12,
	  "Where the workloads allow it, run dockerd in rootless mode as an unprivileged user "
	  "(dockerd-rootless-setuptool.sh install); see Docker's rootless mode documentation.",
	  "Rootless mode has limits: some storage drivers, privileged ports, cgroup resource "
	  "limits on older systems, AppArmor and some network features are unavailable, and the "
	  "configuration moves to the user's home directory.",
	  check_2_1,
	  MU_CIS17_18("Run the Docker daemon as a non-root user, if possible", Manual) },
	{ "2.2", "Ensure network traffic is restricted between containers on the default bridge (Scored)",
	  DA_CHECK_SCORED | DA_CHECK_NEEDS_HOST, 1, IG2,
	  "Set \"icc\": false in daemon.json (or start dockerd with --icc=false) and restart the "
	  "daemon; put containers that must talk to each other on a user-defined network.",
	  "Containers on the default bridge can no longer reach each other unless they are "
	  "linked or share a user-defined network.",
	  check_2_2,
	  MU_CIS17_18("Ensure network traffic is restricted between containers on the "
		      "default bridge", Manual) },
	{ "2.3", "Ensure the logging level is set to 'info' (Scored)",
	  DA_CHECK_SCORED | DA_CHECK_NEEDS_HOST, 1, IG2,
	  "Remove \"log-level\" or set it to \"info\" in daemon.json (or --log-level=info), and "
	  "do not run the daemon in debug mode.",
	  "None.",
	  check_2_3,
	  MU_CIS17_18("Ensure the logging level is set to 'info'", Manual) },
	{ "2.4", "Ensure Docker is allowed to make changes to iptables (Scored)",
	  DA_CHECK_SCORED | DA_CHECK_NEEDS_HOST, 1, IG2,
	  "Remove \"iptables\": false from daemon.json and --iptables=false from the dockerd "
	  "command line so that the daemon manages the firewall rules its networks need.",
	  "Docker adds and removes iptables rules for its networks and published ports; "
	  "hand-written rules have to coexist with them.",
	  check_2_4,
	  MU_CIS17_18("Ensure Docker is allowed to make changes to iptables", Manual) },
	{ "2.5", "Ensure insecure registries are not used (Scored)",
	  DA_CHECK_SCORED | DA_CHECK_NEEDS_HOST, 1, IG2,
	  "Remove the entries of \"insecure-registries\" (and --insecure-registry flags) and serve "
	  "every registry over TLS; put a private registry's CA certificate in "
	  "/etc/docker/certs.d/<registry>/.",
	  "Images can no longer be pulled from or pushed to those registries until they use TLS.",
	  check_2_5,
	  MU_CIS17_18("Ensure insecure registries are not used", Manual) },
	{ "2.6", "Ensure aufs storage driver is not used (Scored)",
	  DA_CHECK_SCORED, 1, NULL,
	  "Use a supported storage driver such as overlay2 (\"storage-driver\" in daemon.json) "
	  "instead of aufs.",
	  "After a storage driver change the existing images and containers are no longer "
	  "visible; save or rebuild them first.",
	  check_2_6,
	  MU_CIS17_18("Ensure aufs storage driver is not used", Manual) },
	/* only in CIS 1.8.0, where it is 2.7 */
	{ "-", "Ensure devicemapper storage driver is not used (Manual)",
	  DA_CHECK_SCORED | DA_CHECK_MANUAL, 1, NULL,
	  "Use a supported storage driver such as overlay2 (\"storage-driver\" in daemon.json, "
	  "or --storage-driver) instead of devicemapper, and migrate before upgrading to Docker "
	  "Engine 25.0 or later, which no longer has it.",
	  "After a storage driver change the existing images and containers are no longer "
	  "visible; save or rebuild them first.",
	  check_devicemapper,
	  ((const struct da_variant[]){ { "cis-1.8.0", "2.7", NULL, 0, 0, 0 },
					{ NULL, NULL, NULL, 0, 0, 0 } }) },
	{ "2.7", "Ensure TLS authentication for Docker daemon is configured (Scored)",
	  DA_CHECK_SCORED | DA_CHECK_NEEDS_HOST, 1, IG2,
	  "When the daemon must listen on TCP, set \"tlsverify\": true with \"tlscacert\", "
	  "\"tlscert\" and \"tlskey\" (or the matching flags) so that only clients holding a "
	  "certificate signed by your CA can connect; otherwise listen on the unix socket only.",
	  "Certificates for the daemon and for every client have to be issued, distributed and "
	  "renewed.",
	  check_2_7,
	  MU_CIS17_18_ID("2.8",
			 "Ensure TLS authentication for Docker daemon is configured", Manual) },
	{ "2.8", "Ensure the default ulimit is configured appropriately (Manual)",
	  DA_CHECK_MANUAL | DA_CHECK_NEEDS_HOST, 1, IG2,
	  "Set \"default-ulimits\" in daemon.json (or --default-ulimit, e.g. nofile=1024:4096) to "
	  "limits that suit the workloads; a container can still set its own.",
	  "Containers that need more than the default limits fail unless they override them.",
	  check_2_8,
	  MU_CIS17_18_ID("2.9",
			 "Ensure the default ulimit is configured appropriately", Manual) },
	{ "2.9", "Enable user namespace support (Scored)",
	  DA_CHECK_SCORED | DA_CHECK_NEEDS_HOST, 2, NULL,
	  "Create subordinate id ranges in /etc/subuid and /etc/subgid and set \"userns-remap\" "
	  "(\"default\" or a user name) in daemon.json, then restart the daemon.",
	  "Images and containers created before remapping are not visible; host network or PID "
	  "namespaces, privileged containers and some volume mounts need --userns=host per "
	  "container.",
	  check_2_9,
	  MU_CIS17_18_ID("2.10", "Enable user namespace support", Manual) },
	{ "2.10", "Ensure the default cgroup usage has been confirmed (Scored)",
	  DA_CHECK_SCORED | DA_CHECK_NEEDS_HOST, 2, NULL,
	  "Keep the default cgroup parent unless a specific hierarchy is required; confirm that "
	  "a configured \"cgroup-parent\" is intended.",
	  "None.",
	  check_2_10,
	  MU_CIS17_18_ID("2.11",
			 "Ensure the default cgroup usage has been confirmed", Manual) },
	{ "2.11", "Ensure base device size is not changed until needed (Scored)",
	  DA_CHECK_SCORED | DA_CHECK_NEEDS_HOST, 2, IG2,
	  "Remove dm.basesize from \"storage-opts\" (and --storage-opt) unless containers really "
	  "need a larger base device.",
	  "None.",
	  check_2_11,
	  MU_CIS17_18_ID("2.12",
			 "Ensure base device size is not changed until needed", Manual) },
	{ "2.12", "Ensure that authorization for Docker client commands is enabled (Scored)",
	  DA_CHECK_SCORED | DA_CHECK_NEEDS_HOST, 2, NULL,
	  "Install an authorization plugin and list it in \"authorization-plugins\" (or "
	  "--authorization-plugin) so that every API request is checked against a policy.",
	  "Every API request goes through the plugin: requests get slower, and a wrong policy or "
	  "a plugin that is down blocks legitimate use.",
	  check_2_12,
	  MU_CIS17_18_ID("2.13",
			 "Ensure that authorization for Docker client commands is enabled", Manual) },
	{ "2.13", "Ensure centralized and remote logging is configured (Scored)",
	  DA_CHECK_SCORED, 2, IG12,
	  "Send container logs off the host: set \"log-driver\" to a driver that ships them to a "
	  "central service (syslog with a remote address, journald forwarded elsewhere, gelf, "
	  "fluentd, splunk, awslogs, ...), with \"log-opts\" as needed.",
	  "Logs leave the host, so the collector must be protected; docker logs relies on dual "
	  "logging for drivers that cannot be read back.",
	  check_2_13,
	  MU_CIS17_18_ID("2.14",
			 "Ensure centralized and remote logging is configured", Manual) },
	{ "2.14", "Ensure containers are restricted from acquiring new privileges (Scored)",
	  DA_CHECK_SCORED | DA_CHECK_NEEDS_HOST, 1, IG12,
	  "Set \"no-new-privileges\": true in daemon.json (or --no-new-privileges) so that "
	  "processes in containers cannot gain privileges through setuid or setgid binaries.",
	  "Programs that rely on setuid or setgid (sudo, su, some ping builds) stop working in "
	  "containers unless a container overrides the default.",
	  check_2_14,
	  MU_CIS17_18_ID("2.15",
			 "Ensure containers are restricted from acquiring new privileges", Manual) },
	{ "2.15", "Ensure live restore is enabled (Scored)",
	  DA_CHECK_SCORED, 1, IG2,
	  "Set \"live-restore\": true in daemon.json (or --live-restore) so that containers keep "
	  "running while dockerd is stopped, restarted or upgraded.",
	  "None; live restore is not available in swarm mode.",
	  check_2_15,
	  MU_CIS17_18_ID("2.16", "Ensure live restore is enabled", Manual) },
	{ "2.16", "Ensure Userland Proxy is Disabled (Scored)",
	  DA_CHECK_SCORED | DA_CHECK_NEEDS_HOST, 1, IG2,
	  "Set \"userland-proxy\": false in daemon.json (or --userland-proxy=false) so that "
	  "published ports use NAT rules instead of docker-proxy processes.",
	  "On kernels without hairpin NAT, a container can no longer reach a port published on "
	  "the host's own address.",
	  check_2_16,
	  MU_CIS17_18_ID("2.17", "Ensure Userland Proxy is Disabled", Manual) },
	{ "2.17", "Ensure that a daemon-wide custom seccomp profile is applied if appropriate (Manual)",
	  DA_CHECK_MANUAL, 2, NULL,
	  "The default seccomp profile suits most workloads; to apply another one daemon-wide, "
	  "point \"seccomp-profile\" in daemon.json at a profile that allows only what the "
	  "workloads need.",
	  "A profile that is too strict makes containers fail on refused system calls; one that "
	  "is too lax weakens their isolation.",
	  check_2_17,
	  MU_CIS17_18_ID("2.18",
			 "Ensure that a daemon-wide custom seccomp profile is applied "
			 "if appropriate", Manual) },
	{ "2.18", "Ensure that experimental features are not implemented in production (Scored)",
	  DA_CHECK_SCORED, 1, IG2,
	  "Do not enable experimental features on production daemons: remove \"experimental\": "
	  "true from daemon.json and --experimental from the dockerd command line.",
	  "Features only available in experimental mode stop working.",
	  check_2_18,
	  MU_CIS17_18_ID("2.19",
			 "Ensure that experimental features are not implemented in production", Manual) },
};

DA_EXPORT const struct da_module DA_MODULE_SYMBOL_FOR(daemon) = {
	DA_MODULE_HEAD,
	.name = "daemon",
	.version = "1.0",
	.section = "2",
	.section_title = "Docker daemon configuration",
	.group = "docker_daemon_configuration",
	.checks = checks,
	.n_checks = DA_COUNT(checks),
};
