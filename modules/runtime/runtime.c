/*
 * Section 5 of the CIS Docker Benchmark, "Container Runtime": how the
 * audited containers run.  5.1 reads engine.info (Swarm.LocalNodeState);
 * 5.2 and 5.3 also read engine.info.SecurityOptions to learn whether the
 * daemon has AppArmor or SELinux at all; every other automated check walks
 * targets.containers once and reads each container's inspect object
 * (HostConfig, Mounts, NetworkSettings, State, AppArmorProfile, and the
 * process list dockaudit adds under "_top" for 5.7).  5.26 also reads the
 * daemon's effective configuration (host.dockerd.effective) when the host
 * facts are available, 5.30 reads engine.networks, and 5.32 reads
 * source.endpoint for the socket path in use.  5.6 and 5.32 compare mount
 * sources by what they are on the host (host.identity, core/hostmounts.c:
 * device and inode, canonical path) and, without those facts (a remote
 * daemon, an older snapshot), by their text.
 *
 * A container whose data cannot be read (a field missing or of the wrong
 * JSON type) makes the check an ERROR naming the container and the field;
 * the items of the containers that did fail are kept.
 */
#include <dockaudit/module.h>

#include "../common/modutil.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* walking the audited containers                                            */

/*
 * Starts a per-container check (modutil.h's walk, every container needing
 * its HostConfig): false, with the status set, when there is nothing to
 * walk.
 */
static bool walk_start(struct mu_walk *w, const struct da_host *h,
		       const struct da_probe *p, struct da_result *res,
		       const struct da_node **list)
{
	if (!mu_walk_start(w, h, p, res, false, list))
		return false;
	w->need_hostconfig = true;
	return true;
}

/* ------------------------------------------------------------------------ */
/* small parsers                                                             */

/* Length of a path without its trailing slashes ("/" keeps its one). */
static size_t path_len(const char *s)
{
	size_t n = strlen(s);

	while (n > 1 && s[n - 1] == '/')
		n--;
	return n;
}

/* True when the first n bytes of s are the string t. */
static bool path_is(const char *s, size_t n, const char *t)
{
	return strlen(t) == n && strncmp(s, t, n) == 0;
}

/*
 * Whether engine.info.SecurityOptions names the feature: 1 yes, 0 no, -1
 * unreadable (why set).  Entries are "name=apparmor" or, from old
 * engines, "apparmor"; options after a comma are ignored.
 */
static int daemon_has_secopt(const struct da_host *h, const struct da_probe *p,
			     const char *feature, const char **why)
{
	const struct da_node *info = h->member(mu_engine(h, p), "info");
	const struct da_node *opts;
	size_t i, n, flen = strlen(feature);

	if (h->type(info) != DA_NODE_OBJECT) {
		*why = "daemon information (/info) missing from the probe";
		return -1;
	}
	opts = h->member(info, "SecurityOptions");
	if (h->type(opts) == DA_NODE_NULL)
		return 0;
	if (h->type(opts) != DA_NODE_ARRAY) {
		*why = "cannot read SecurityOptions of the daemon information: not an array";
		return -1;
	}
	n = h->len(opts);
	for (i = 0; i < n; i++) {
		const char *s = h->str(h->at(opts, i), NULL);
		size_t len;

		if (!s) {
			*why = "cannot read SecurityOptions of the daemon information: an element is not a string";
			return -1;
		}
		if (strncmp(s, "name=", 5) == 0)
			s += 5;
		len = strcspn(s, ",");
		if (len == flen && strncmp(s, feature, flen) == 0)
			return 1;
	}
	return 0;
}

/*
 * A security option "<key>" alone, "<key>=<v>" or "<key>:<v>" (both
 * separators are accepted by dockerd): returns the value ("" when alone)
 * or NULL when s is another option.
 */
static const char *secopt_value(const char *s, const char *key)
{
	size_t n = strlen(key);

	if (strncmp(s, key, n) != 0)
		return NULL;
	if (s[n] == '\0')
		return s + n;
	if (s[n] == '=' || s[n] == ':')
		return s + n + 1;
	return NULL;
}

/* Go's strconv.ParseBool, which dockerd uses: 1 true, 0 false, -1 neither. */
static int parse_gobool(const char *s)
{
	static const char *const yes[] = { "1", "t", "T", "TRUE", "true", "True", NULL };
	static const char *const no[] = { "0", "f", "F", "FALSE", "false", "False", NULL };

	if (mu_str_in(s, yes))
		return 1;
	if (mu_str_in(s, no))
		return 0;
	return -1;
}

/* "0.0.0.0:80", "[::]:80", or "*:80" when the address is empty. */
static void fmt_binding(char *buf, size_t cap, const char *ip, const char *port)
{
	if (!*ip)
		snprintf(buf, cap, "*:%.16s", port);
	else if (strchr(ip, ':') && ip[0] != '[')
		snprintf(buf, cap, "[%.64s]:%.16s", ip, port);
	else
		snprintf(buf, cap, "%.64s:%.16s", ip, port);
}

/* ------------------------------------------------------------------------ */
/* 5.1 swarm mode                                                            */

static void check_5_1(const struct da_host *h, const struct da_probe *p,
		      struct da_result *res)
{
	const struct da_node *info = h->member(mu_engine(h, p), "info");
	const struct da_node *st;
	const char *state;

	if (h->type(info) != DA_NODE_OBJECT) {
		h->set(res, DA_ERROR, "daemon information (/info) missing from the probe");
		return;
	}
	st = h->get(info, "Swarm.LocalNodeState");
	state = h->str(st, NULL);
	if (!state) {
		h->set(res, DA_ERROR, "cannot read Swarm.LocalNodeState of the daemon information: %s",
		       h->type(st) == DA_NODE_NULL ? "missing" : "not a string");
		return;
	}
	if (strcmp(state, "inactive") == 0)
		h->set(res, DA_PASS, "swarm mode is inactive");
	else
		h->set(res, DA_WARN, "swarm mode is not inactive (state \"%.64s\")", state);
}

/* ------------------------------------------------------------------------ */
/* 5.2 AppArmor                                                              */

static int c_apparmor(struct mu_walk *w, const struct da_node *c)
{
	const char *prof;

	if (mu_get_str(w, c, "AppArmorProfile", true, &prof) < 0)
		return MU_ERR;
	if (*prof == '\0') {
		mu_item_container(w->h, w->res, c, "no AppArmor profile");
		return MU_FAIL;
	}
	if (strcmp(prof, "unconfined") == 0) {
		mu_item_container(w->h, w->res, c, "AppArmor profile unconfined");
		return MU_FAIL;
	}
	return MU_OK;
}

/*
 * 5.2 and 5.3: when the daemon has the security feature, walks the
 * containers with fn; otherwise INFO absent.
 */
static void run_with_secopt(const struct da_host *h, const struct da_probe *p,
			    struct da_result *res, const char *feature, const char *absent,
			    mu_object_fn fn, const char *what)
{
	struct mu_walk w;
	const struct da_node *list;
	const char *why = NULL;
	int have;

	if (!walk_start(&w, h, p, res, &list))
		return;
	have = daemon_has_secopt(h, p, feature, &why);
	if (have < 0) {
		h->set(res, DA_ERROR, "%s", why);
		return;
	}
	if (!have) {
		h->set(res, DA_INFO, "%s", absent);
		return;
	}
	mu_walk_run(&w, list, fn);
	mu_walk_finish(&w, DA_WARN, what);
}

static void check_5_2(const struct da_host *h, const struct da_probe *p,
		      struct da_result *res)
{
	run_with_secopt(h, p, res, "apparmor", "AppArmor not available on the host", c_apparmor,
			"without an AppArmor profile");
}

/* ------------------------------------------------------------------------ */
/* 5.3 SELinux                                                               */

static int c_selinux(struct mu_walk *w, const struct da_node *c)
{
	const struct da_node *opts;
	size_t i, n;
	bool labelled = false;

	if (mu_get_typed(w, c, "HostConfig.SecurityOpt", DA_NODE_ARRAY, false, &opts) < 0)
		return MU_ERR;
	n = w->h->len(opts);
	for (i = 0; i < n; i++) {
		const char *s, *v;

		if (mu_elem_str(w, "HostConfig.SecurityOpt", opts, i, &s) < 0)
			return MU_ERR;
		v = secopt_value(s, "label");
		if (!v)
			continue;
		if (strcmp(v, "disable") == 0) {
			mu_item_container(w->h, w->res, c, "SELinux labelling disabled (%.64s)", s);
			return MU_FAIL;
		}
		labelled = true;
	}
	if (!labelled) {
		mu_item_container(w->h, w->res, c, "no SELinux label options");
		return MU_FAIL;
	}
	return MU_OK;
}

static void check_5_3(const struct da_host *h, const struct da_probe *p,
		      struct da_result *res)
{
	run_with_secopt(h, p, res, "selinux", "SELinux not enabled on the daemon", c_selinux,
			"without SELinux security options");
}

/* ------------------------------------------------------------------------ */
/* 5.4 capabilities                                                          */

static const char *const default_caps[] = {
	"AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL",
	"MKNOD", "NET_BIND_SERVICE", "NET_RAW", "SETFCAP", "SETGID", "SETPCAP",
	"SETUID", "SYS_CHROOT", NULL
};

/* Upper case, without a "CAP_" prefix, cut to the buffer. */
static void norm_cap(char *dst, size_t cap, const char *src)
{
	size_t i;

	if ((src[0] == 'c' || src[0] == 'C') && (src[1] == 'a' || src[1] == 'A') &&
	    (src[2] == 'p' || src[2] == 'P') && src[3] == '_')
		src += 4;
	for (i = 0; src[i] && i + 1 < cap; i++)
		dst[i] = (src[i] >= 'a' && src[i] <= 'z') ? (char)(src[i] - 'a' + 'A') : src[i];
	dst[i] = '\0';
}

/* Appends ", s" to a bounded list, ending it with "..." when full. */
static void list_add(char *list, size_t cap, const char *s)
{
	size_t len = strlen(list);

	if (len >= 3 && strcmp(list + len - 3, "...") == 0)
		return;
	if (len + strlen(s) + 2 + 4 >= cap) {
		snprintf(list + len, cap - len, "%s...", len ? ", " : "");
		return;
	}
	snprintf(list + len, cap - len, "%s%s", len ? ", " : "", s);
}

static int c_caps(struct mu_walk *w, const struct da_node *c)
{
	const struct da_node *add;
	bool priv;
	char list[384] = "";
	size_t i, n;

	if (mu_get_bool(w, c, "HostConfig.Privileged", &priv) < 0 ||
	    mu_get_typed(w, c, "HostConfig.CapAdd", DA_NODE_ARRAY, false, &add) < 0)
		return MU_ERR;
	n = w->h->len(add);
	for (i = 0; i < n; i++) {
		const char *s;
		char name[64];

		if (mu_elem_str(w, "HostConfig.CapAdd", add, i, &s) < 0)
			return MU_ERR;
		norm_cap(name, sizeof(name), s);
		if (!mu_str_in(name, default_caps))
			list_add(list, sizeof(list), name);
	}
	if (priv) {
		mu_item_container(w->h, w->res, c, "privileged: all capabilities%s%s",
				  *list ? "; added: " : "", list);
		return MU_FAIL;
	}
	if (*list) {
		mu_item_container(w->h, w->res, c, "capabilities added: %s", list);
		return MU_FAIL;
	}
	return MU_OK;
}

MU_EACH_CHECK(check_5_4, false, c_caps, NULL, DA_WARN, "with capabilities beyond the default set")

/* ------------------------------------------------------------------------ */
/* 5.5 privileged                                                            */

static int c_privileged(struct mu_walk *w, const struct da_node *c)
{
	bool priv;

	if (mu_get_bool(w, c, "HostConfig.Privileged", &priv) < 0)
		return MU_ERR;
	if (!priv)
		return MU_OK;
	mu_item_container(w->h, w->res, c, "privileged");
	return MU_FAIL;
}

MU_EACH_CHECK(check_5_5, false, c_privileged, NULL, DA_WARN, "privileged")

/* ------------------------------------------------------------------------ */
/* host file identities (5.6, 5.32)                                          */

/*
 * What a host path is, from host.identity.paths (core/hostmounts.c): its
 * canonical path inside the host root and its file identity.
 */
struct ident {
	const char *resolved, *type, *dev, *ino;
};

/*
 * host.identity.paths, or NULL when the probe has none (a remote daemon,
 * whose mount sources are on another host, or a snapshot made before
 * dockaudit recorded them): the checks then compare paths as text.
 */
static const struct da_node *identity_paths(const struct da_host *h, const struct da_probe *p)
{
	const struct da_node *n = mu_host(h, p, "identity.paths");

	return h->type(n) == DA_NODE_OBJECT ? n : NULL;
}

/* The identity of path: false when it was not recorded or not resolved. */
static bool ident_get(const struct da_host *h, const struct da_node *ids, const char *path,
		      struct ident *out)
{
	const struct da_node *e;

	memset(out, 0, sizeof(*out));
	if (!ids || !path)
		return false;
	e = h->member(ids, path);
	if (h->type(e) != DA_NODE_OBJECT)
		return false;
	out->resolved = h->str(e, "resolved");
	out->type = h->str(e, "type");
	out->dev = h->str(e, "dev");
	out->ino = h->str(e, "ino");
	return out->resolved && out->resolved[0] == '/' && out->type && out->dev && *out->dev &&
	       out->ino && *out->ino;
}

static bool ident_known(const struct da_host *h, const struct da_node *ids, const char *path)
{
	struct ident t;

	return ident_get(h, ids, path, &t);
}

/* True when path was recorded as missing on the host (no such file). */
static bool ident_missing(const struct da_host *h, const struct da_node *ids, const char *path)
{
	bool exists = true;

	return ids && path && h->boolean(h->member(ids, path), "exists", &exists) && !exists;
}

/* The same file: same device and inode, or the same canonical path. */
static bool ident_same(const struct ident *a, const struct ident *b)
{
	return (strcmp(a->dev, b->dev) == 0 && strcmp(a->ino, b->ino) == 0) ||
	       strcmp(a->resolved, b->resolved) == 0;
}

/* ------------------------------------------------------------------------ */
/* 5.6 sensitive host directories                                            */

static const char *const sensitive_dirs[] = {
	"/", "/boot", "/dev", "/etc", "/lib", "/proc", "/sys", "/usr", NULL
};

/* CIS 1.7.0 and later add /lib64. */
static const char *const sensitive_dirs_17[] = {
	"/", "/boot", "/dev", "/etc", "/lib", "/lib64", "/proc", "/sys", "/usr", NULL
};

/* What 5.6 compares a mount source with. */
struct sensitive {
	const char *const *dirs;
	const struct da_node *ids; /* host.identity.paths, or NULL */
};

static int c_sensitive(struct mu_walk *w, const struct da_node *c)
{
	const struct sensitive *sc = w->arg;
	const struct da_node *mounts;
	size_t i, n;
	int r = MU_OK;

	if (mu_get_typed(w, c, "Mounts", DA_NODE_ARRAY, false, &mounts) < 0)
		return MU_ERR;
	n = w->h->len(mounts);
	for (i = 0; i < n; i++) {
		const struct da_node *m;
		const char *src, *dst, *hit = NULL;
		const char *const *d;
		struct ident si, di;
		size_t len;
		bool rw, by_id = false;

		if (mu_elem_obj(w, mounts, i, "Mounts[].", &m) < 0 ||
		    mu_get_str(w, m, "Source", false, &src) < 0)
			return MU_ERR;
		if (!src)
			continue;
		len = path_len(src);
		for (d = sc->dirs; *d && !hit; d++)
			if (path_is(src, len, *d))
				hit = *d;
		/* the file the source is on the host: a link or a bind of /etc is /etc */
		if (!hit && ident_get(w->h, sc->ids, src, &si))
			for (d = sc->dirs; *d && !hit; d++)
				if (ident_get(w->h, sc->ids, *d, &di) && ident_same(&si, &di))
					hit = *d;
		by_id = hit && !path_is(src, len, hit);
		if (!hit)
			continue;
		if (mu_get_bool(w, m, "RW", &rw) < 0)
			return MU_ERR;
		if (!rw)
			continue;
		if (mu_get_str(w, m, "Destination", false, &dst) < 0)
			return MU_ERR;
		if (!by_id)
			mu_item_container(w->h, w->res, c, "%.*s mounted read-write at %.256s",
					  (int)len, src, dst ? dst : "?");
		else if (strcmp(si.resolved, hit) == 0)
			mu_item_container(w->h, w->res, c,
					  "%.*s mounted read-write at %.256s (on the host: %s)",
					  (int)len, src, dst ? dst : "?", hit);
		else
			mu_item_container(w->h, w->res, c,
					  "%.*s mounted read-write at %.256s (on the host: %.512s, "
					  "which is %s)",
					  (int)len, src, dst ? dst : "?", si.resolved, hit);
		r = MU_FAIL;
	}
	return r;
}

static void check_5_6(const struct da_host *h, const struct da_probe *p,
		      struct da_result *res)
{
	struct sensitive sc = { sensitive_dirs, identity_paths(h, p) };

	if (mu_benchmark_version(h, p) >= 10700)
		sc.dirs = sensitive_dirs_17;
	mu_run_each(h, p, res, false, true, c_sensitive, &sc, DA_WARN,
		    "with a sensitive host directory mounted read-write");
}

/* ------------------------------------------------------------------------ */
/* 5.7 sshd                                                                  */

/* "sshd", "/usr/sbin/sshd -D", "sshd: user@pts/0", "sshd-session: ..." */
static bool is_sshd(const char *cmd)
{
	const char *end, *base;

	cmd += strspn(cmd, " \t");
	end = cmd + strcspn(cmd, " \t");
	base = cmd;
	for (const char *q = cmd; q < end; q++)
		if (*q == '/')
			base = q + 1;
	if (end - base < 4 || strncmp(base, "sshd", 4) != 0)
		return false;
	return base + 4 == end || base[4] == ':' || base[4] == '-';
}

/* Index of the first title in names, or -1. */
static long title_index(const struct da_host *h, const struct da_node *titles,
			const char *const *names)
{
	size_t i, n = h->len(titles);

	for (i = 0; i < n; i++)
		if (mu_str_in(h->str(h->at(titles, i), NULL), names))
			return (long)i;
	return -1;
}

static int c_sshd(struct mu_walk *w, const struct da_node *c)
{
	static const char *const cmd_titles[] = { "CMD", "COMMAND", "ARGS", NULL };
	static const char *const pid_titles[] = { "PID", NULL };
	const struct da_host *h = w->h;
	const struct da_node *state, *top, *titles, *procs;
	bool paused, running;
	long icmd, ipid;
	size_t i, n, nt;
	int r = MU_OK;

	if (mu_get_typed(w, c, "State", DA_NODE_OBJECT, true, &state) < 0 ||
	    mu_opt_bool(w, c, "State.Paused", false, &paused) < 0 ||
	    mu_opt_bool(w, c, "State.Running", true, &running) < 0 ||
	    mu_get_typed(w, c, "_top", DA_NODE_OBJECT, false, &top) < 0)
		return MU_ERR;
	/* a stopped container (--all-containers) runs nothing, sshd included */
	if (!running)
		return MU_OK;
	if (!top) {
		mu_item_container(h, w->res, c, "%sprocess list not available",
				  paused ? "paused: " : "");
		return MU_UNKNOWN;
	}
	w->prefix = "_top.";
	if (mu_get_typed(w, top, "Titles", DA_NODE_ARRAY, true, &titles) < 0 ||
	    mu_get_typed(w, top, "Processes", DA_NODE_ARRAY, false, &procs) < 0)
		return MU_ERR;
	nt = h->len(titles);
	if (nt == 0)
		return mu_werr(w, "Titles", "empty");
	icmd = title_index(h, titles, cmd_titles);
	if (icmd < 0)
		icmd = (long)nt - 1;
	ipid = title_index(h, titles, pid_titles);
	n = h->len(procs);
	for (i = 0; i < n; i++) {
		const struct da_node *row = h->at(procs, i);
		const char *cmd;

		if (h->type(row) != DA_NODE_ARRAY)
			return mu_werr(w, "Processes", "a row is not an array");
		cmd = h->str(h->at(row, (size_t)icmd), NULL);
		if (!cmd)
			return mu_werr(w, "Processes", "a command is not a string");
		if (is_sshd(cmd)) {
			const char *pid = ipid >= 0 ? h->str(h->at(row, (size_t)ipid), NULL) : NULL;

			mu_item_container(h, w->res, c, "sshd running (pid %.16s): %.128s",
					  pid ? pid : "?", cmd);
			r = MU_FAIL;
		}
	}
	return r;
}

static void check_5_7(const struct da_host *h, const struct da_probe *p,
		      struct da_result *res)
{
	struct mu_walk w;
	const struct da_node *list;

	if (!walk_start(&w, h, p, res, &list))
		return;
	mu_walk_run(&w, list, c_sshd);
	if (w.error)
		mu_walk_finish(&w, DA_WARN, "running sshd");
	else if (w.failed)
		h->set(res, DA_WARN, "%zu of %zu %s running sshd%s", w.failed, w.total,
		       mu_walk_noun(&w, w.total),
		       w.unknown ? " (others without a process list)" : "");
	else if (w.unknown)
		h->set(res, DA_INFO, "process list not available for %zu of %zu %s",
		       w.unknown, w.total, mu_walk_noun(&w, w.total));
	else
		h->set(res, DA_PASS, "0 of %zu %s running sshd", w.total,
		       mu_walk_noun(&w, w.total));
}

/* ------------------------------------------------------------------------ */
/* 5.8, 5.9, 5.14 published ports                                            */

typedef int (*binding_fn)(struct mu_walk *w, const struct da_node *c,
			  const char *cport, const char *ip, const char *hport);

/*
 * Calls fn for each published binding of NetworkSettings.Ports
 * ({"80/tcp": [{"HostIp": "0.0.0.0", "HostPort": "8080"}] | null}).
 */
static int walk_ports(struct mu_walk *w, const struct da_node *c, binding_fn fn)
{
	const struct da_host *h = w->h;
	const struct da_node *ns, *ports;
	size_t i, n;
	int r = MU_OK;

	if (mu_get_typed(w, c, "NetworkSettings", DA_NODE_OBJECT, true, &ns) < 0 ||
	    mu_get_typed(w, c, "NetworkSettings.Ports", DA_NODE_OBJECT, false, &ports) < 0)
		return MU_ERR;
	n = h->len(ports);
	for (i = 0; i < n; i++) {
		const char *cport = h->key_at(ports, i);
		const struct da_node *binds = h->at(ports, i);
		size_t j, nb;

		if (h->type(binds) == DA_NODE_NULL)
			continue;
		if (h->type(binds) != DA_NODE_ARRAY) {
			w->prefix = NULL;
			return mu_werr(w, "NetworkSettings.Ports", "a binding list is not an array");
		}
		nb = h->len(binds);
		for (j = 0; j < nb; j++) {
			const struct da_node *b;
			const char *ip = NULL, *hport = NULL;
			int rb;

			if (mu_elem_obj(w, binds, j, "NetworkSettings.Ports[][].", &b) < 0 ||
			    mu_get_str(w, b, "HostIp", false, &ip) < 0 ||
			    mu_get_str(w, b, "HostPort", false, &hport) < 0)
				return MU_ERR;
			if (!hport || !*hport)
				continue; /* exposed, not published */
			rb = fn(w, c, cport ? cport : "?", ip ? ip : "", hport);
			if (rb < 0)
				return MU_ERR;
			if (rb == MU_FAIL)
				r = MU_FAIL;
		}
	}
	return r;
}

/* Host port as a number: 0 for none, -1 when it is not a port. */
static long port_number(const char *s)
{
	long v = 0;

	if (!*s)
		return 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
		if (v > 65535)
			return -1;
	}
	return v;
}

static int b_privileged(struct mu_walk *w, const struct da_node *c,
			const char *cport, const char *ip, const char *hport)
{
	long port = port_number(hport);
	char addr[128];

	if (port < 0)
		return mu_werr(w, "HostPort", "not a port number");
	if (port == 0 || port >= 1024)
		return MU_OK;
	fmt_binding(addr, sizeof(addr), ip, hport);
	mu_item_container(w->h, w->res, c, "%s -> %.32s", addr, cport);
	return MU_FAIL;
}

static int c_privports(struct mu_walk *w, const struct da_node *c)
{
	return walk_ports(w, c, b_privileged);
}

MU_EACH_CHECK(check_5_8, false, c_privports, NULL, DA_WARN,
	      "mapping a privileged host port (below 1024)")

static int b_published(struct mu_walk *w, const struct da_node *c,
		       const char *cport, const char *ip, const char *hport)
{
	char addr[128];

	fmt_binding(addr, sizeof(addr), ip, hport);
	mu_item_container(w->h, w->res, c, "%s -> %.32s", addr, cport);
	return MU_FAIL;
}

static int c_published(struct mu_walk *w, const struct da_node *c)
{
	return walk_ports(w, c, b_published);
}

MU_EACH_CHECK(check_5_9, false, c_published, NULL, DA_WARN,
	      "publishing ports (confirm each is needed)")

static int b_wildcard(struct mu_walk *w, const struct da_node *c,
		      const char *cport, const char *ip, const char *hport)
{
	static const char *const any[] = { "", "0.0.0.0", "::", "[::]", NULL };
	char addr[128];

	if (!mu_str_in(ip, any))
		return MU_OK;
	fmt_binding(addr, sizeof(addr), ip, hport);
	mu_item_container(w->h, w->res, c, "%s -> %.32s", addr, cport);
	return MU_FAIL;
}

static int c_wildcard(struct mu_walk *w, const struct da_node *c)
{
	return walk_ports(w, c, b_wildcard);
}

MU_EACH_CHECK(check_5_14, false, c_wildcard, NULL, DA_WARN,
	      "publishing ports on all host interfaces")

/* ------------------------------------------------------------------------ */
/* namespace modes: 5.10, 5.16, 5.17, 5.21, 5.31                             */

/* The HostConfig field a namespace check reads, and the item detail. */
struct ns_mode {
	const char *field;
	const char *detail;
};

static int c_nsmode(struct mu_walk *w, const struct da_node *c)
{
	const struct ns_mode *m = w->arg;
	const char *mode;

	if (mu_get_str(w, c, m->field, true, &mode) < 0)
		return MU_ERR;
	if (strcmp(mode, "host") != 0)
		return MU_OK;
	mu_item_container(w->h, w->res, c, "%s", m->detail);
	return MU_FAIL;
}

static const struct ns_mode ns_net = { "HostConfig.NetworkMode", "NetworkMode host" };
static const struct ns_mode ns_pid = { "HostConfig.PidMode", "PidMode host" };
static const struct ns_mode ns_ipc = { "HostConfig.IpcMode", "IpcMode host" };
static const struct ns_mode ns_uts = { "HostConfig.UTSMode", "UTSMode host" };
static const struct ns_mode ns_userns = { "HostConfig.UsernsMode", "UsernsMode host" };

MU_EACH_CHECK(check_5_10, false, c_nsmode, &ns_net, DA_WARN, "sharing the host's network namespace")
MU_EACH_CHECK(check_5_16, false, c_nsmode, &ns_pid, DA_WARN, "sharing the host's process namespace")
MU_EACH_CHECK(check_5_17, false, c_nsmode, &ns_ipc, DA_WARN, "sharing the host's IPC namespace")
MU_EACH_CHECK(check_5_21, false, c_nsmode, &ns_uts, DA_WARN, "sharing the host's UTS namespace")
MU_EACH_CHECK(check_5_31, false, c_nsmode, &ns_userns, DA_WARN, "sharing the host's user namespace")

/* ------------------------------------------------------------------------ */
/* 5.11 memory, 5.12 CPU                                                     */

static int c_memory(struct mu_walk *w, const struct da_node *c)
{
	int64_t mem;

	if (mu_get_int(w, c, "HostConfig.Memory", true, 0, &mem) < 0)
		return MU_ERR;
	if (mem > 0)
		return MU_OK;
	mu_item_container(w->h, w->res, c, "no memory limit");
	return MU_FAIL;
}

MU_EACH_CHECK(check_5_11, false, c_memory, NULL, DA_WARN, "without a memory limit")

/*
 * CIS 1.6.0's audit of 5.12: "If the above command returns 0 or 1024, it
 * means the CPU shares are not in place."  0 is unset, 1024 the kernel's
 * default weight, which gives the container no priority of its own.  A
 * CPU limit (NanoCpus, --cpus) is not a CPU share.
 */
static int c_cpu(struct mu_walk *w, const struct da_node *c)
{
	int64_t shares;

	if (mu_get_int(w, c, "HostConfig.CpuShares", true, 0, &shares) < 0)
		return MU_ERR;
	if (shares != 0 && shares != 1024)
		return MU_OK;
	if (shares == 0)
		mu_item_container(w->h, w->res, c, "CPU shares not set (CpuShares 0)");
	else
		mu_item_container(w->h, w->res, c, "CPU shares at the default (CpuShares 1024)");
	return MU_FAIL;
}

MU_EACH_CHECK(check_5_12, false, c_cpu, NULL, DA_WARN, "without CPU shares")

/* ------------------------------------------------------------------------ */
/* 5.13 read-only root filesystem                                            */

static int c_readonly(struct mu_walk *w, const struct da_node *c)
{
	bool ro;

	if (mu_get_bool(w, c, "HostConfig.ReadonlyRootfs", &ro) < 0)
		return MU_ERR;
	if (ro)
		return MU_OK;
	mu_item_container(w->h, w->res, c, "root filesystem writable");
	return MU_FAIL;
}

MU_EACH_CHECK(check_5_13, false, c_readonly, NULL, DA_WARN, "with a writable root filesystem")

/* ------------------------------------------------------------------------ */
/* 5.15 restart policy                                                       */

static int c_restart(struct mu_walk *w, const struct da_node *c)
{
	const struct da_node *rp;
	const char *name;
	int64_t count;

	if (mu_get_typed(w, c, "HostConfig.RestartPolicy", DA_NODE_OBJECT, true, &rp) < 0 ||
	    mu_get_str(w, c, "HostConfig.RestartPolicy.Name", false, &name) < 0 ||
	    mu_get_int(w, c, "HostConfig.RestartPolicy.MaximumRetryCount", false, 0, &count) < 0)
		return MU_ERR;
	if (!name || !*name || strcmp(name, "no") == 0)
		return MU_OK;
	if (strcmp(name, "on-failure") == 0) {
		if (count >= 1 && count <= 5)
			return MU_OK;
		if (count <= 0)
			mu_item_container(w->h, w->res, c, "on-failure without a retry limit");
		else
			mu_item_container(w->h, w->res, c, "on-failure:%lld (more than 5 retries)",
					  (long long)count);
		return MU_FAIL;
	}
	mu_item_container(w->h, w->res, c, "restart policy %.32s (unlimited restarts)", name);
	return MU_FAIL;
}

MU_EACH_CHECK(check_5_15, false, c_restart, NULL, DA_WARN,
	      "with a restart policy other than on-failure with at most 5 retries")

/* ------------------------------------------------------------------------ */
/* 5.18 devices, 5.19 ulimits                                                */

static int c_devices(struct mu_walk *w, const struct da_node *c)
{
	const struct da_node *devs;
	size_t i, n;

	if (mu_get_typed(w, c, "HostConfig.Devices", DA_NODE_ARRAY, false, &devs) < 0)
		return MU_ERR;
	n = w->h->len(devs);
	for (i = 0; i < n; i++) {
		const struct da_node *d;
		const char *host = NULL, *inner = NULL;

		if (mu_elem_obj(w, devs, i, "HostConfig.Devices[].", &d) < 0 ||
		    mu_get_str(w, d, "PathOnHost", false, &host) < 0 ||
		    mu_get_str(w, d, "PathInContainer", false, &inner) < 0)
			return MU_ERR;
		mu_item_container(w->h, w->res, c, "device %.128s as %.128s",
				  host ? host : "?", inner && *inner ? inner : host ? host : "?");
	}
	return n ? MU_FAIL : MU_OK;
}

MU_EACH_CHECK(check_5_18, false, c_devices, NULL, DA_INFO, "with host devices exposed")

static int c_ulimits(struct mu_walk *w, const struct da_node *c)
{
	const struct da_node *ul;

	if (mu_get_typed(w, c, "HostConfig.Ulimits", DA_NODE_ARRAY, false, &ul) < 0)
		return MU_ERR;
	if (w->h->len(ul) > 0)
		return MU_OK;
	mu_item_container(w->h, w->res, c, "default ulimits not overridden");
	return MU_FAIL;
}

MU_EACH_CHECK(check_5_19, false, c_ulimits, NULL, DA_INFO,
	      "without a ulimit override (confirm the defaults suit them)")

/* ------------------------------------------------------------------------ */
/* 5.20 mount propagation                                                    */

static int c_propagation(struct mu_walk *w, const struct da_node *c)
{
	static const char *const shared[] = { "shared", "rshared", NULL };
	const struct da_node *mounts;
	size_t i, n;
	int r = MU_OK;

	if (mu_get_typed(w, c, "Mounts", DA_NODE_ARRAY, false, &mounts) < 0)
		return MU_ERR;
	n = w->h->len(mounts);
	for (i = 0; i < n; i++) {
		const struct da_node *m;
		const char *prop = NULL, *dst = NULL;

		if (mu_elem_obj(w, mounts, i, "Mounts[].", &m) < 0 ||
		    mu_get_str(w, m, "Propagation", false, &prop) < 0 ||
		    mu_get_str(w, m, "Destination", false, &dst) < 0)
			return MU_ERR;
		if (!mu_str_in(prop, shared))
			continue;
		mu_item_container(w->h, w->res, c, "%.256s mounted with %s propagation",
				  dst ? dst : "?", prop);
		r = MU_FAIL;
	}
	return r;
}

MU_EACH_CHECK(check_5_20, false, c_propagation, NULL, DA_WARN, "with a shared mount propagation")

/* ------------------------------------------------------------------------ */
/* 5.22 seccomp                                                              */

static int c_seccomp(struct mu_walk *w, const struct da_node *c)
{
	const struct da_node *opts;
	bool priv;
	size_t i, n;

	if (mu_get_bool(w, c, "HostConfig.Privileged", &priv) < 0 ||
	    mu_get_typed(w, c, "HostConfig.SecurityOpt", DA_NODE_ARRAY, false, &opts) < 0)
		return MU_ERR;
	n = w->h->len(opts);
	for (i = 0; i < n; i++) {
		const char *s, *v;

		if (mu_elem_str(w, "HostConfig.SecurityOpt", opts, i, &s) < 0)
			return MU_ERR;
		v = secopt_value(s, "seccomp");
		if (v && strcmp(v, "unconfined") == 0) {
			mu_item_container(w->h, w->res, c, "seccomp unconfined");
			return MU_FAIL;
		}
	}
	if (priv) {
		mu_item_container(w->h, w->res, c, "privileged: seccomp disabled");
		return MU_FAIL;
	}
	return MU_OK;
}

MU_EACH_CHECK(check_5_22, false, c_seccomp, NULL, DA_WARN, "without the seccomp profile")

/* ------------------------------------------------------------------------ */
/* 5.25 cgroup parent                                                        */

static int c_cgroup(struct mu_walk *w, const struct da_node *c)
{
	const char *parent;

	if (mu_get_str(w, c, "HostConfig.CgroupParent", true, &parent) < 0)
		return MU_ERR;
	if (!*parent)
		return MU_OK;
	mu_item_container(w->h, w->res, c, "cgroup parent %.128s", parent);
	return MU_FAIL;
}

MU_EACH_CHECK(check_5_25, false, c_cgroup, NULL, DA_WARN,
	      "with a custom cgroup parent (confirm its use)")

/* ------------------------------------------------------------------------ */
/* 5.26 no-new-privileges                                                    */

static int c_nnp(struct mu_walk *w, const struct da_node *c)
{
	const struct da_node *opts;
	size_t i, n;
	int set = -1; /* the last occurrence wins, as in dockerd */

	if (mu_get_typed(w, c, "HostConfig.SecurityOpt", DA_NODE_ARRAY, false, &opts) < 0)
		return MU_ERR;
	n = w->h->len(opts);
	for (i = 0; i < n; i++) {
		const char *s, *v;

		if (mu_elem_str(w, "HostConfig.SecurityOpt", opts, i, &s) < 0)
			return MU_ERR;
		v = secopt_value(s, "no-new-privileges");
		if (v)
			set = *v ? parse_gobool(v) : 1;
	}
	if (set == 1)
		return MU_OK;
	mu_item_container(w->h, w->res, c, set == 0 ? "no-new-privileges set to false"
				       : "no-new-privileges not set");
	return MU_FAIL;
}

static void check_5_26(const struct da_host *h, const struct da_probe *p,
		       struct da_result *res)
{
	struct mu_walk w;
	const struct da_node *list;

	if (!walk_start(&w, h, p, res, &list))
		return;
	if (mu_host_available(h, p)) {
		const struct da_node *nnp = h->member(mu_daemon_config(h, p),
						      "no-new-privileges");
		bool on = false;

		if (h->type(nnp) != DA_NODE_NULL && h->type(nnp) != DA_NODE_BOOL) {
			h->set(res, DA_ERROR,
			       "cannot read no-new-privileges of the daemon configuration: not a boolean");
			return;
		}
		if (h->boolean(nnp, NULL, &on) && on) {
			h->set(res, DA_PASS, "no-new-privileges is set for all containers by the daemon");
			return;
		}
	}
	mu_walk_run(&w, list, c_nnp);
	mu_walk_finish(&w, DA_WARN, "able to acquire additional privileges");
}

/* ------------------------------------------------------------------------ */
/* 5.27 health                                                               */

static int c_health(struct mu_walk *w, const struct da_node *c)
{
	const struct da_node *state, *health;

	if (mu_get_typed(w, c, "State", DA_NODE_OBJECT, true, &state) < 0 ||
	    mu_get_typed(w, c, "State.Health", DA_NODE_OBJECT, false, &health) < 0)
		return MU_ERR;
	/* Podman sends State.Health {"Status": ""} for a container without
	   a health check, where dockerd leaves State.Health out */
	if (health) {
		const char *st = w->h->str(health, "Status");
		if (!st || (*st && strcmp(st, "none") != 0))
			return MU_OK;
	}
	mu_item_container(w->h, w->res, c, "no health check");
	return MU_FAIL;
}

MU_EACH_CHECK(check_5_27, false, c_health, NULL, DA_WARN, "without a health check")

/* ------------------------------------------------------------------------ */
/* 5.29 PIDs limit                                                           */

static int c_pids(struct mu_walk *w, const struct da_node *c)
{
	int64_t limit;

	if (mu_get_int(w, c, "HostConfig.PidsLimit", false, 0, &limit) < 0)
		return MU_ERR;
	if (limit > 0)
		return MU_OK;
	if (limit == 0)
		mu_item_container(w->h, w->res, c, "no PIDs limit");
	else
		mu_item_container(w->h, w->res, c, "PIDs limit %lld (unlimited)",
				  (long long)limit);
	return MU_FAIL;
}

MU_EACH_CHECK(check_5_29, false, c_pids, NULL, DA_WARN, "without a PIDs limit")

/* ------------------------------------------------------------------------ */
/* 5.30 default bridge                                                       */

#define MAX_BRIDGES 8

/* Ids of the networks that are the default bridge (borrowed). */
struct bridges {
	const char *id[MAX_BRIDGES];
	size_t n;
};

static bool is_default_bridge(const struct da_host *h, const struct da_node *net)
{
	const char *name = h->str(net, "Name");
	const char *br = h->str(h->member(h->member(net, "Options"),
				"com.docker.network.bridge.name"), NULL);
	const char *def = h->str(h->member(h->member(net, "Options"),
				 "com.docker.network.bridge.default_bridge"), NULL);

	if (br && strcmp(br, "docker0") == 0)
		return true;
	if (def && strcmp(def, "true") == 0)
		return true;
	const char *driver = h->str(net, "Driver");

	return name && strcmp(name, "bridge") == 0 && driver &&
	       strcmp(driver, "bridge") == 0;
}

static int c_bridge(struct mu_walk *w, const struct da_node *c)
{
	const struct bridges *br = w->arg;
	const struct da_node *nets;
	size_t i, j, n;

	if (mu_get_typed(w, c, "NetworkSettings", DA_NODE_OBJECT, true, &nets) < 0 ||
	    mu_get_typed(w, c, "NetworkSettings.Networks", DA_NODE_OBJECT, false, &nets) < 0)
		return MU_ERR;
	n = w->h->len(nets);
	for (i = 0; i < n; i++) {
		const char *key = w->h->key_at(nets, i);
		const char *id = w->h->str(w->h->at(nets, i), "NetworkID");
		bool hit = key && strcmp(key, "bridge") == 0;

		for (j = 0; !hit && id && j < br->n; j++)
			hit = strcmp(id, br->id[j]) == 0;
		if (hit) {
			mu_item_container(w->h, w->res, c, "attached to the default bridge (network %.64s)",
					  key ? key : "?");
			return MU_FAIL;
		}
	}
	return MU_OK;
}

static void check_5_30(const struct da_host *h, const struct da_probe *p,
		       struct da_result *res)
{
	struct mu_walk w;
	const struct da_node *list, *nets;
	struct bridges br = { .n = 0 };
	size_t i, n;

	if (!walk_start(&w, h, p, res, &list))
		return;
	nets = h->member(mu_engine(h, p), "networks");
	if (h->type(nets) != DA_NODE_NULL && h->type(nets) != DA_NODE_ARRAY) {
		h->set(res, DA_ERROR, "cannot read the network list: not an array");
		return;
	}
	/* Networks are few; collect the default bridge ids once. */
	n = h->len(nets);
	for (i = 0; i < n && br.n < MAX_BRIDGES; i++) {
		const struct da_node *net = h->at(nets, i);
		const char *id = h->str(net, "Id");

		if (id && is_default_bridge(h, net))
			br.id[br.n++] = id;
	}
	w.arg = &br;
	mu_walk_run(&w, list, c_bridge);
	mu_walk_finish(&w, DA_INFO, "on the default bridge network");
}

/* ------------------------------------------------------------------------ */
/* 5.32 docker socket                                                        */

#define MAX_SOCKETS 8

/* Socket paths, without trailing slashes (borrowed or static). */
struct sockets {
	const char *path[MAX_SOCKETS];
	size_t len[MAX_SOCKETS];
	size_t n;
	const struct da_node *ids; /* host.identity.paths, or NULL */
};

static void add_socket(struct sockets *s, const char *path)
{
	size_t i, len;

	if (!path || s->n >= MAX_SOCKETS || path[0] != '/')
		return;
	len = path_len(path);
	for (i = 0; i < s->n; i++)
		if (s->len[i] == len && strncmp(s->path[i], path, len) == 0)
			return;
	s->path[s->n] = path;
	s->len[s->n++] = len;
}

/* How a mount reaches a socket. */
struct sock_hit {
	int kind;           /* 2 the socket, 1 a directory holding it, 0 none */
	bool by_id;         /* found by file identity, not by the text */
	const char *socket; /* the socket's path (by_id) */
	char dir[4096];     /* kind 1 by_id: the socket's directory it is */
	struct ident src;   /* by_id: what the source is on the host */
};

/* Text rules: the first len bytes of src name socket i, or a directory above it. */
static int socket_text(const struct sockets *s, size_t i, const char *src, size_t len)
{
	if (len == s->len[i] && strncmp(src, s->path[i], len) == 0)
		return 2;
	if ((len == 1 && src[0] == '/') ||
	    (len < s->len[i] && strncmp(s->path[i], src, len) == 0 && s->path[i][len] == '/'))
		return 1;
	return 0;
}

/*
 * Identity rules: the source (si) is socket i's file (a link to it, a bind
 * mount of it, a hard link), or one of the directories above the socket's
 * canonical path (or a bind mount of one), from which the socket is
 * reachable.
 */
static int socket_ident(const struct da_host *h, const struct sockets *s, size_t i,
			const struct ident *si, struct sock_hit *hit)
{
	struct ident sk, di;
	char *slash;

	if (!ident_get(h, s->ids, s->path[i], &sk))
		return 0;
	if (ident_same(si, &sk))
		return 2;
	if (strlen(sk.resolved) >= sizeof(hit->dir))
		return 0;
	snprintf(hit->dir, sizeof(hit->dir), "%s", sk.resolved);
	while ((slash = strrchr(hit->dir, '/')) != NULL) {
		slash[slash == hit->dir ? 1 : 0] = '\0';
		if (strcmp(si->resolved, hit->dir) == 0 ||
		    (ident_get(h, s->ids, hit->dir, &di) && ident_same(si, &di)))
			return 1;
		if (slash == hit->dir)
			break;
	}
	return 0;
}

/*
 * How the mount of src (its text: the first len bytes; its identity: the
 * whole string as the probe recorded it) reaches one of the sockets, in
 * hit.  With the
 * source's identity known, the socket files found on the host are
 * compared by identity and the socket paths the probe could not state
 * (other than missing ones) by text; without it, by text alone.  A file
 * named docker.sock counts unless the host shows it is no socket.
 */
static void socket_mount(const struct da_host *h, const struct sockets *s, const char *src,
			 size_t len, struct sock_hit *hit)
{
	bool have = ident_get(h, s->ids, src, &hit->src);
	size_t i;

	hit->kind = 0;
	hit->by_id = false;
	for (i = 0; i < s->n && !hit->kind; i++) {
		if (socket_text(s, i, src, len) == 2)
			hit->kind = 2;
		else if (have && (hit->kind = socket_ident(h, s, i, &hit->src, hit)) != 0) {
			hit->by_id = true;
			hit->socket = s->path[i];
		} else if (!have || (!ident_known(h, s->ids, s->path[i]) &&
				     !ident_missing(h, s->ids, s->path[i])))
			hit->kind = socket_text(s, i, src, len);
	}
	if (!hit->kind && len >= 12 && strncmp(src + len - 12, "/docker.sock", 12) == 0 &&
	    (!have || strcmp(hit->src.type, "socket") == 0))
		hit->kind = 2;
}

static int c_socket(struct mu_walk *w, const struct da_node *c)
{
	const struct sockets *socks = w->arg;
	const struct da_node *mounts;
	struct sock_hit hit;
	size_t i, n;
	int r = MU_OK;

	if (mu_get_typed(w, c, "Mounts", DA_NODE_ARRAY, false, &mounts) < 0)
		return MU_ERR;
	n = w->h->len(mounts);
	for (i = 0; i < n; i++) {
		const struct da_node *m;
		const char *src = NULL, *dst = NULL;
		size_t len;

		if (mu_elem_obj(w, mounts, i, "Mounts[].", &m) < 0 ||
		    mu_get_str(w, m, "Source", false, &src) < 0 ||
		    mu_get_str(w, m, "Destination", false, &dst) < 0)
			return MU_ERR;
		if (!src || src[0] != '/')
			continue;
		len = path_len(src);
		socket_mount(w->h, socks, src, len, &hit);
		if (!hit.kind)
			continue;
		if (!hit.by_id)
			mu_item_container(w->h, w->res, c, hit.kind == 2 ? "%.*s mounted at %.256s"
					  : "%.*s mounted at %.256s (contains the Docker socket)",
					  (int)len, src, dst ? dst : "?");
		else if (hit.kind == 2)
			mu_item_container(w->h, w->res, c,
					  "%.*s mounted at %.256s (on the host: %.512s, the same file "
					  "as the Docker socket %.512s)",
					  (int)len, src, dst ? dst : "?", hit.src.resolved, hit.socket);
		else if (strcmp(hit.src.resolved, hit.dir) == 0)
			mu_item_container(w->h, w->res, c,
					  "%.*s mounted at %.256s (on the host: %.512s, which "
					  "contains the Docker socket %.512s)",
					  (int)len, src, dst ? dst : "?", hit.dir, hit.socket);
		else
			mu_item_container(w->h, w->res, c,
					  "%.*s mounted at %.256s (on the host: %.512s, the same "
					  "directory as %.512s, which contains the Docker socket "
					  "%.512s)",
					  (int)len, src, dst ? dst : "?", hit.src.resolved, hit.dir,
					  hit.socket);
		r = MU_FAIL;
	}
	return r;
}

static void check_5_32(const struct da_host *h, const struct da_probe *p,
		       struct da_result *res)
{
	struct sockets socks = { .n = 0 };
	const char *ep = h->str(h->probe_root(p), "source.endpoint");
	const struct da_node *known;
	size_t i;

	add_socket(&socks, "/var/run/docker.sock");
	add_socket(&socks, "/run/docker.sock");
	if (ep && strncmp(ep, "unix://", 7) == 0)
		add_socket(&socks, ep + 7);
	socks.ids = identity_paths(h, p);
	/* the sockets the probe stated: the daemon's -H unix:// sockets too */
	known = mu_host(h, p, "identity.sockets");
	for (i = 0; socks.ids && i < h->len(known); i++)
		add_socket(&socks, h->str(h->at(known, i), NULL));
	mu_run_each(h, p, res, false, true, c_socket, &socks, DA_WARN, "with the Docker socket mounted");
}

/* ------------------------------------------------------------------------ */
/* manual checks                                                             */

MU_NOTE_CHECK(check_5_23,
	      "review the daemon's audit trail for docker exec --privileged")

MU_NOTE_CHECK(check_5_24,
	      "review the daemon's audit trail for docker exec --user=root")

MU_NOTE_CHECK(check_5_28,
	      "confirm that images are pulled by a pinned tag or digest and kept current")

/* ------------------------------------------------------------------------ */
/* the table                                                                 */

#define IG123 "cis_controls_v8_ig1 cis_controls_v8_ig2 cis_controls_v8_ig3"
#define IG23 "cis_controls_v8_ig2 cis_controls_v8_ig3"
#define IG3 "cis_controls_v8_ig3"

#define S DA_CHECK_SCORED
#define M DA_CHECK_MANUAL

static const struct da_check checks[] = {
	{ "5.1", "Ensure swarm mode is not Enabled, if not needed (Automated)", S, 1, IG23,
	  "Leave the swarm (docker swarm leave) on hosts that do not need it.",
	  "Swarm-based features and services stop working on this host.", check_5_1,
	  MU_CIS17_18("Ensure swarm mode is not Enabled, if not needed", Manual) },
	{ "5.2", "Ensure that, if applicable, an AppArmor Profile is enabled (Automated)", S, 1, IG23,
	  "Run containers with an AppArmor profile (the default docker-default, or "
	  "--security-opt apparmor=<profile>) and never with apparmor=unconfined.",
	  "A profile that is too strict can break the application; write and test it first.",
	  check_5_2,
	  MU_CIS17_18("Ensure that, if applicable, an AppArmor Profile is enabled", Manual) },
	{ "5.3", "Ensure that, if applicable, SELinux security options are set (Automated)", S, 2, IG23,
	  "On SELinux hosts, start the daemon with --selinux-enabled and give containers "
	  "label options (--security-opt label=...); do not use label=disable.",
	  "A wrong policy can keep the application from reaching its files.", check_5_3,
	  MU_CIS17_18("Ensure that, if applicable, SELinux security options are set", Manual) },
	{ "5.4", "Ensure that Linux kernel capabilities are restricted within containers (Automated)",
	  S, 1, IG23,
	  "Add only the capabilities the application needs (--cap-drop=all --cap-add=...) "
	  "and avoid --privileged.",
	  "Dropping a capability the application relies on breaks it (NET_RAW is used by ping, for example).",
	  check_5_4,
	  MU_CIS17_18("Ensure that Linux kernel capabilities are restricted within containers",
		      Manual) },
	{ "5.5", "Ensure that privileged containers are not used (Automated)", S, 1, IG123,
	  "Do not run containers with --privileged; grant single capabilities or devices instead.",
	  "Software that manages host devices or kernel settings from a container stops working.",
	  check_5_5,
	  MU_CIS17_18("Ensure that privileged containers are not used", Manual) },
	{ "5.6", "Ensure sensitive host system directories are not mounted on containers (Automated)",
	  S, 1, NULL,
	  "Do not bind-mount host system directories such as /, /boot, /dev, /etc, /lib, /proc, "
	  "/sys or /usr (and /lib64, which CIS 1.7.0 adds to the list) into containers, least of "
	  "all read-write.",
	  NULL, check_5_6,
	  MU_CIS17_18("Ensure sensitive host system directories are not mounted on containers",
		      Manual) },
	{ "5.7", "Ensure sshd is not run within containers (Automated)", S, 1, IG23,
	  "Remove the SSH daemon from the image; use docker exec to get a shell in a container.",
	  NULL, check_5_7,
	  MU_CIS17_18("Ensure sshd is not run within containers", Manual) },
	{ "5.8", "Ensure privileged ports are not mapped within containers (Automated)", S, 1, IG3,
	  "Publish container ports on host ports of 1024 and above.",
	  NULL, check_5_8,
	  MU_CIS17_18("Ensure privileged ports are not mapped within containers", Manual) },
	{ "5.9", "Ensure that only needed ports are open on the container (Manual)", S | M, 1, IG3,
	  "Publish only the ports the application needs; avoid -P, which publishes every "
	  "exposed port.",
	  NULL, check_5_9,
	  MU_CIS17_18("Ensure that only needed ports are open on the container", Manual) },
	{ "5.10", "Ensure that the host's network namespace is not shared (Automated)", S, 1, IG23,
	  "Do not run containers with --network=host.", NULL, check_5_10,
	  MU_CIS17_18("Ensure that the host's network namespace is not shared", Manual) },
	{ "5.11", "Ensure that the memory usage for containers is limited (Automated)", S, 1, IG23,
	  "Give every container a memory limit (--memory).",
	  "A limit that is too low makes the kernel kill the container's processes.",
	  check_5_11,
	  MU_CIS17_18("Ensure that the memory usage for containers is limited", Manual) },
	{ "5.12", "Ensure that CPU priority is set appropriately on containers (Automated)", S, 1, IG23,
	  "Give containers CPU shares (--cpu-shares) or a CPU limit (--cpus) that match their priority.",
	  "Without shares or limits every container competes equally for CPU time.",
	  check_5_12,
	  MU_CIS17_18("Ensure that CPU priority is set appropriately on containers", Manual) },
	{ "5.13", "Ensure that the container's root filesystem is mounted as read only (Automated)",
	  S, 1, NULL,
	  "Run containers with --read-only and give them volumes or tmpfs mounts for the paths "
	  "they must write.",
	  "Applications that write outside their declared volumes fail.", check_5_13,
	  MU_CIS17_18("Ensure that the container's root filesystem is mounted as read only",
		      Manual) },
	{ "5.14", "Ensure that incoming container traffic is bound to a specific host interface (Automated)",
	  S, 1, IG123,
	  "Publish ports on one host address (-p 10.0.0.5:8080:80), not on all interfaces.",
	  NULL, check_5_14,
	  MU_CIS17_18("Ensure that incoming container traffic is bound to a specific host interface",
		      Manual) },
	{ "5.15", "Ensure that the 'on-failure' container restart policy is set to '5' (Automated)",
	  S, 1, NULL,
	  "Use --restart=on-failure:5 (at most 5 retries) rather than always or unless-stopped.",
	  "A container that keeps failing stays down after 5 attempts.", check_5_15,
	  MU_CIS17_18("Ensure that the 'on-failure' container restart policy is set to '5'",
		      Manual) },
	{ "5.16", "Ensure that the host's process namespace is not shared (Automated)", S, 1, IG23,
	  "Do not run containers with --pid=host.", NULL, check_5_16,
	  MU_CIS17_18("Ensure that the host's process namespace is not shared", Manual) },
	{ "5.17", "Ensure that the host's IPC namespace is not shared (Automated)", S, 1, IG23,
	  "Do not run containers with --ipc=host.", NULL, check_5_17,
	  MU_CIS17_18("Ensure that the host's IPC namespace is not shared", Manual) },
	{ "5.18", "Ensure that host devices are not directly exposed to containers (Manual)", M, 1, IG123,
	  "Pass host devices (--device) only when required, with the narrowest permissions (r, w, m).",
	  "The container cannot use the device any more.", check_5_18,
	  MU_CIS17_18("Ensure that host devices are not directly exposed to containers", Manual) },
	{ "5.19", "Ensure that the default ulimit is overwritten at runtime if needed (Manual)", M, 1, IG23,
	  "Set --ulimit on containers whose needs differ from the daemon's default limits.",
	  "Limits that are too low make the application fail under load.", check_5_19,
	  MU_CIS17_18("Ensure that the default ulimit is overwritten at runtime if needed",
		      Manual) },
	{ "5.20", "Ensure mount propagation mode is not set to shared (Automated)", S, 1, NULL,
	  "Do not mount volumes with shared or rshared propagation.", NULL, check_5_20,
	  MU_CIS17_18("Ensure mount propagation mode is not set to shared", Manual) },
	{ "5.21", "Ensure that the host's UTS namespace is not shared (Automated)", S, 1, IG23,
	  "Do not run containers with --uts=host.", NULL, check_5_21,
	  MU_CIS17_18("Ensure that the host's UTS namespace is not shared", Manual) },
	{ "5.22", "Ensure the default seccomp profile is not Disabled (Automated)", S, 1, IG123,
	  "Keep the default seccomp profile: do not use --security-opt seccomp=unconfined or --privileged.",
	  "Software that needs a filtered system call needs a custom profile that allows it.",
	  check_5_22,
	  MU_CIS17_18("Ensure the default seccomp profile is not Disabled", Manual) },
	{ "5.23", "Ensure that docker exec commands are not used with the privileged option (Automated)",
	  0, 2, IG123,
	  "Do not use docker exec --privileged.", NULL, check_5_23,
	  MU_CIS17_18("Ensure that docker exec commands are not used with the privileged option",
		      Manual) },
	{ "5.24", "Ensure that docker exec commands are not used with the user=root option (Manual)",
	  M, 2, IG123,
	  "Do not use docker exec --user=root.", NULL, check_5_24,
	  MU_CIS17_18("Ensure that docker exec commands are not used with the user=root option",
		      Manual) },
	{ "5.25", "Ensure that cgroup usage is confirmed (Automated)", S, 1, IG123,
	  "Leave containers in the default cgroup parent unless there is a reason not to.",
	  NULL, check_5_25,
	  MU_CIS17_18("Ensure that cgroup usage is confirmed", Manual) },
	{ "5.26", "Ensure that the container is restricted from acquiring additional privileges (Automated)",
	  S, 1, IG123,
	  "Run containers with --security-opt=no-new-privileges, or set no-new-privileges in the "
	  "daemon configuration.",
	  "setuid and setgid binaries (su, sudo, ping on some systems) no longer raise privileges.",
	  check_5_26,
	  MU_CIS17_18("Ensure that the container is restricted from acquiring additional privileges",
		      Manual) },
	{ "5.27", "Ensure that container health is checked at runtime (Automated)", S, 1, IG23,
	  "Give images a HEALTHCHECK or containers --health-cmd so that the daemon monitors them.",
	  NULL, check_5_27,
	  MU_CIS17_18("Ensure that container health is checked at runtime", Manual) },
	{ "5.28", "Ensure that Docker commands always make use of the latest version of their image (Manual)",
	  M, 1, NULL,
	  "Pin image versions and pull updated images deliberately rather than relying on a "
	  "cached latest tag.",
	  NULL, check_5_28,
	  MU_CIS17_18("Ensure that Docker commands always make use of the latest version of their image",
		      Manual) },
	{ "5.29", "Ensure that the PIDs cgroup limit is used (Automated)", S, 1, NULL,
	  "Give every container a PIDs limit (--pids-limit).",
	  "A limit that is too low keeps the application from starting processes.", check_5_29,
	  MU_CIS17_18("Ensure that the PIDs cgroup limit is used", Manual) },
	{ "5.30", "Ensure that Docker's default bridge 'docker0' is not used (Manual)", M, 2, IG23,
	  "Attach containers to user-defined networks instead of the default bridge.",
	  NULL, check_5_30,
	  MU_CIS17_18("Ensure that Docker's default bridge \"docker0\" is not used", Manual) },
	{ "5.31", "Ensure that the host's user namespaces are not shared (Automated)", S, 1, IG23,
	  "Do not run containers with --userns=host.", NULL, check_5_31,
	  MU_CIS17_18("Ensure that the host's user namespaces are not shared", Manual) },
	{ "5.32", "Ensure that the Docker socket is not mounted inside any containers (Automated)",
	  S, 1, IG123,
	  "Do not mount the Docker socket, or a directory that holds it, into containers.",
	  "Tools that drive Docker from inside a container need another, narrower way in.",
	  check_5_32,
	  MU_CIS17_18("Ensure that the Docker socket is not mounted inside any containers",
		      Manual) },
};

DA_EXPORT const struct da_module DA_MODULE_SYMBOL_FOR(runtime) = {
	DA_MODULE_HEAD,
	.name = "runtime",
	.version = "1.0",
	.section = "5",
	.section_title = "Container Runtime",
	.group = "container_runtime",
	.checks = checks,
	.n_checks = DA_COUNT(checks),
};
