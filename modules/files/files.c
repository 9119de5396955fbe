/*
 * Section 3 of the CIS Docker Benchmark, "Docker daemon configuration
 * files": ownership and permissions of the files the daemon depends on.
 * It reads host.files (mode, uid, gid of each path, from stat), and the
 * host facts that say which paths matter here: host.units (the unit files
 * systemd really loads), host.certs_d (files under /etc/docker/certs.d),
 * host.tls (the TLS files of the effective configuration),
 * host.docker_sockets (the unix sockets the daemon listens on),
 * host.containerd_socket, host.groups (the socket group's gid) and
 * host.dockerd.config_file (--config-file).  Ownership is compared as
 * numbers (root is uid 0 and gid 0), permissions as bits: "644 or more
 * restrictive" means no bit outside 0644.  A path that does not exist is
 * INFO; host facts unavailable (remote daemon) is INFO with host.reason;
 * a file whose metadata needs root to read (its error "permission
 * denied") is INFO "needs root: ...".
 */
#include <dockaudit/module.h>

#include "../common/modutil.h"
#include "../common/rootless.h"

#include <stdio.h>
#include <string.h>

/* ---- helpers ------------------------------------------------------------- */

/* What one file must satisfy. */
struct rule {
	bool owner;          /* ownership test; else permission test */
	unsigned maxmode;    /* permission: the bits that may be set */
	int64_t alt_gid;     /* ownership: a second accepted gid, or -1 */
	const char *alt_name; /* its group name, for messages */
};

/* Outcome for one file.  F_DENIED: its metadata needs root to read. */
enum fstate { F_OK, F_BAD, F_MISSING, F_DENIED, F_ERROR };

/* "mode 0606, uid 0 gid 0" plus what is wrong, into buf. */
static void describe(const struct rule *r, int64_t mode, int64_t uid, int64_t gid, char *buf,
		     size_t size)
{
	int n = snprintf(buf, size, "mode %04o, uid %lld gid %lld", (unsigned)(mode & 07777),
			 (long long)uid, (long long)gid);
	unsigned extra = (unsigned)mode & 07777 & ~r->maxmode;

	if (n < 0 || (size_t)n >= size || r->owner || !extra)
		return;
	snprintf(buf + n, size - (size_t)n, "; bits %04o exceed %04o%s%s%s", extra, r->maxmode,
		 extra & 04000 ? "; setuid bit set" : "", extra & 02000 ? "; setgid bit set" : "",
		 extra & 01000 ? "; sticky bit set" : "");
}

/*
 * Judges host.files[path] against r.  On F_OK and F_BAD, detail holds the
 * file's description; on F_MISSING, F_DENIED and F_ERROR, the reason.
 */
static enum fstate judge(const struct da_host *h, const struct da_probe *p, const char *path,
			 const struct rule *r, char *detail, size_t size)
{
	const struct da_node *fe = h->member(mu_host(h, p, "files"), path);
	const char *err;
	int64_t mode, uid, gid;
	bool ok;

	if (!fe) {
		snprintf(detail, size, "no facts recorded for %s", path);
		return F_ERROR;
	}
	if ((err = h->str(fe, "error")) != NULL) {
		if (mu_denied(err)) {
			/* a directory on the way is closed to other users */
			snprintf(detail, size, "needs root: %s (%s)", path, mu_denied(err));
			return F_DENIED;
		}
		snprintf(detail, size, "cannot inspect %s: %s", path, err);
		return F_ERROR;
	}
	if (!mu_node_true(h, fe, "exists")) {
		const char *lt = h->str(fe, "link_target");
		if (lt)
			snprintf(detail, size, "not found: %s (dangling link to %s)", path, lt);
		else
			snprintf(detail, size, "not found: %s", path);
		return F_MISSING;
	}
	if (!h->int64(fe, "mode", &mode) || !h->int64(fe, "uid", &uid) ||
	    !h->int64(fe, "gid", &gid)) {
		snprintf(detail, size, "mode or owner of %s not recorded", path);
		return F_ERROR;
	}
	describe(r, mode, uid, gid, detail, size);
	if (r->owner)
		ok = uid == 0 && (gid == 0 || (r->alt_gid >= 0 && gid == r->alt_gid));
	else
		ok = ((unsigned)mode & 07777 & ~r->maxmode) == 0;
	return ok ? F_OK : F_BAD;
}

static const char *wrong(const struct rule *r)
{
	return r->owner ? "wrong ownership" : "wrong permissions";
}

/* One file: PASS, WARN with an item, INFO when missing, ERROR. */
static void one_file(const struct da_host *h, const struct da_probe *p, struct da_result *res,
		     const char *path, const struct rule *r)
{
	char detail[1024];

	switch (judge(h, p, path, r, detail, sizeof(detail))) {
	case F_OK:
		h->set(res, DA_PASS, "%s: %s", path, detail);
		break;
	case F_BAD:
		h->set(res, DA_WARN, "%s of %s", wrong(r), path);
		h->item(res, "file", NULL, path, "%s", detail);
		break;
	case F_MISSING:
	case F_DENIED:
		h->scored(res, false);
		h->set(res, DA_INFO, "%s", detail);
		break;
	case F_ERROR:
		h->set(res, DA_ERROR, "%s", detail);
		break;
	}
}

/*
 * Several files (registry certificates, sockets): WARN naming each bad one;
 * ERROR when one could not be judged and none is bad; INFO "needs root"
 * when one needs root to judge (or unlisted, the reason some files were
 * not listed, says so) and none is bad; INFO when none exists; PASS
 * otherwise.  rule_for may pick a rule per file.
 */
static void many_files(const struct da_host *h, const struct da_probe *p, struct da_result *res,
		       const struct da_node *paths,
		       const struct rule *(*rule_for)(const char *, const void *), const void *ctx,
		       const char *none_msg, const char *what, const char *unlisted)
{
	size_t i, n = h->len(paths), nbad = 0, nok = 0, nmiss = 0, nerr = 0, ndenied = 0;
	char detail[1024], first_err[1024] = "", first_bad[512] = "", only_ok[1536] = "";
	char first_denied[1024] = "";
	const struct rule *last = NULL;

	for (i = 0; i < n; i++) {
		const char *path = h->str(h->at(paths, i), NULL);
		const struct rule *r;

		if (!path)
			continue;
		r = rule_for(path, ctx);
		last = r;
		switch (judge(h, p, path, r, detail, sizeof(detail))) {
		case F_OK:
			if (!nok++)
				snprintf(only_ok, sizeof(only_ok), "%s: %s", path, detail);
			break;
		case F_BAD:
			if (!nbad++)
				snprintf(first_bad, sizeof(first_bad), "%s", path);
			if (r->owner && r->alt_name)
				h->item(res, "file", NULL, path, "%s; want uid 0, gid %lld (%s) or 0",
					detail, (long long)r->alt_gid, r->alt_name);
			else
				h->item(res, "file", NULL, path, "%s", detail);
			break;
		case F_MISSING:
			nmiss++;
			break;
		case F_DENIED:
			if (!ndenied++)
				snprintf(first_denied, sizeof(first_denied), "%s", detail);
			break;
		case F_ERROR:
			if (!nerr++)
				snprintf(first_err, sizeof(first_err), "%s", detail);
			break;
		}
	}
	if (unlisted) {
		/* "permission denied: /etc/docker/certs.d/reg:5000" */
		const char *dir = strstr(unlisted, ": /");

		if (mu_denied(unlisted)) {
			if (!ndenied++)
				snprintf(first_denied, sizeof(first_denied), "needs root: %s (%s)",
					 dir ? dir + 2 : unlisted, mu_denied(unlisted));
		} else if (!nerr++) {
			if (dir)
				snprintf(first_err, sizeof(first_err), "cannot list %s: %.*s",
					 dir + 2, (int)(dir - unlisted), unlisted);
			else
				snprintf(first_err, sizeof(first_err), "cannot list a directory: %s",
					 unlisted);
		}
	}
	if (nbad == 1)
		h->set(res, DA_WARN, "%s of %s", wrong(last), first_bad);
	else if (nbad)
		h->set(res, DA_WARN, "%s of %zu %s", wrong(last), nbad, what);
	else if (nerr)
		h->set(res, DA_ERROR, "%s", first_err);
	else if (ndenied) {
		h->scored(res, false);
		if (ndenied == 1)
			h->set(res, DA_INFO, "%s", first_denied);
		else
			h->set(res, DA_INFO, "%s; %zu of the %s need root", first_denied, ndenied,
			       what);
	} else if (nok == 1)
		h->set(res, DA_PASS, "%s", only_ok);
	else if (nok)
		h->set(res, DA_PASS, "%zu %s checked", nok, what);
	else {
		h->scored(res, false);
		h->set(res, DA_INFO, "%s", nmiss ? "none of them exists" : none_msg);
	}
}

/* ---- rules ---------------------------------------------------------------- */

static const struct rule root_root = { true, 0, -1, NULL };
static const struct rule perm644 = { false, 0644, -1, NULL };
static const struct rule perm755 = { false, 0755, -1, NULL };
static const struct rule perm444 = { false, 0444, -1, NULL };
static const struct rule perm400 = { false, 0400, -1, NULL };
static const struct rule perm660 = { false, 0660, -1, NULL };
/* a rootless daemon's socket: dockerd sets the sticky bit, which grants
   nothing, so that the cleanup of $XDG_RUNTIME_DIR leaves the file alone */
static const struct rule perm1660 = { false, 01660, -1, NULL };

static const struct rule *rule_owner(const char *path, const void *ctx)
{
	(void)path;
	(void)ctx;
	return &root_root;
}

/* Registry client keys are private keys: 400, as the daemon's own (3.14). */
static const struct rule *rule_cert_perm(const char *path, const void *ctx)
{
	(void)ctx;
	size_t n = strlen(path);
	return n >= 4 && strcmp(path + n - 4, ".key") == 0 ? &perm400 : &perm444;
}

/* The same rule for every path: the one ctx points to. */
static const struct rule *rule_given(const char *path, const void *ctx)
{
	(void)path;
	return ctx;
}

/* ---- checks ---------------------------------------------------------------- */

static void unit_file(const struct da_host *h, const struct da_probe *p, struct da_result *res,
		      const char *name, const struct rule *r)
{
	const struct da_node *u;
	const char *path;

	path = mu_unit_path(h, p, res, name, &u);
	if (!path)
		return;
	if (mu_node_true(h, u, "masked")) {
		h->scored(res, false);
		h->set(res, DA_INFO, "%s is masked (%s links to /dev/null)", name, path);
		return;
	}
	one_file(h, p, res, path, r);
}

static void fixed_file(const struct da_host *h, const struct da_probe *p, struct da_result *res,
		       const char *path, const struct rule *r)
{
	if (mu_host_unavailable(h, p, res))
		return;
	one_file(h, p, res, path, r);
}

static void check_3_1(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	if (mu_rootless_not_applicable(h, p, res, RL_SERVICE))
		return;
	unit_file(h, p, res, "docker.service", &root_root);
}

static void check_3_2(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	if (mu_rootless_not_applicable(h, p, res, RL_SERVICE))
		return;
	unit_file(h, p, res, "docker.service", &perm644);
}

static void check_3_3(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	if (mu_rootless_not_applicable(h, p, res, RL_SOCKET_UNIT))
		return;
	unit_file(h, p, res, "docker.socket", &root_root);
}

static void check_3_4(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	if (mu_rootless_not_applicable(h, p, res, RL_SOCKET_UNIT))
		return;
	unit_file(h, p, res, "docker.socket", &perm644);
}

static void check_3_5(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	if (mu_rootless_not_applicable(h, p, res, RL_ETC))
		return;
	fixed_file(h, p, res, "/etc/docker", &root_root);
}

static void check_3_6(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	if (mu_rootless_not_applicable(h, p, res, RL_ETC))
		return;
	fixed_file(h, p, res, "/etc/docker", &perm755);
}

static void certs(const struct da_host *h, const struct da_probe *p, struct da_result *res,
		  const struct rule *(*rule_for)(const char *, const void *))
{
	const struct da_node *cd;
	const char *err;
	bool truncated = false;

	if (mu_host_unavailable(h, p, res))
		return;
	cd = mu_host(h, p, "certs_d");
	if (h->type(cd) != DA_NODE_OBJECT) {
		h->set(res, DA_ERROR, "host.certs_d is missing: the host probe did not list "
				      "/etc/docker/certs.d");
		return;
	}
	if ((err = h->str(cd, "error")) != NULL) {
		if (mu_denied(err)) {
			h->scored(res, false);
			h->set(res, DA_INFO, "needs root: /etc/docker/certs.d (%s)", mu_denied(err));
		} else {
			h->set(res, DA_ERROR, "cannot inspect /etc/docker/certs.d: %s", err);
		}
		return;
	}
	if (!mu_node_true(h, cd, "exists")) {
		h->scored(res, false);
		h->set(res, DA_INFO, "not found: /etc/docker/certs.d");
		return;
	}
	many_files(h, p, res, h->member(cd, "files"), rule_for, NULL,
		   "no files under /etc/docker/certs.d", "registry certificate files",
		   h->str(cd, "list_error"));
	if (h->boolean(cd, "truncated", &truncated) && truncated)
		h->item(res, "file", NULL, "/etc/docker/certs.d",
			"only the first files, a few levels deep, were inspected");
}

static void check_3_7(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	if (mu_rootless_not_applicable(h, p, res, RL_CERTS))
		return;
	certs(h, p, res, rule_owner);
}

static void check_3_8(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	if (mu_rootless_not_applicable(h, p, res, RL_CERTS))
		return;
	certs(h, p, res, rule_cert_perm);
}

/* host.tls.<key>: the file the effective configuration names. */
static void tls_file(const struct da_host *h, const struct da_probe *p, struct da_result *res,
		     const char *key, const char *what, const struct rule *r)
{
	const struct da_node *tls;
	const char *path;

	if (mu_host_unavailable(h, p, res))
		return;
	tls = mu_host(h, p, "tls");
	if (h->type(tls) != DA_NODE_OBJECT) {
		h->set(res, DA_ERROR, "host.tls is missing: the host probe did not look for TLS "
				      "files");
		return;
	}
	path = h->str(h->member(tls, key), "path");
	if (!path && mu_config_denied(h, p)) {
		/* the command line names none; daemon.json may */
		h->scored(res, false);
		h->set(res, DA_INFO, "needs root: %s, which may name the %s (%s)",
		       mu_config_file(h, p), what, mu_config_denied(h, p));
		return;
	}
	if (!path) {
		h->scored(res, false);
		h->set(res, DA_INFO, "no %s configured (%s)", what, key);
		return;
	}
	one_file(h, p, res, path, r);
}

static void check_3_9(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	if (mu_rootless_not_applicable(h, p, res, RL_OWNER("its TLS CA certificate")))
		return;
	tls_file(h, p, res, "tlscacert", "TLS CA certificate", &root_root);
}

static void check_3_10(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	tls_file(h, p, res, "tlscacert", "TLS CA certificate", &perm444);
}

static void check_3_11(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	if (mu_rootless_not_applicable(h, p, res, RL_OWNER("its TLS server certificate")))
		return;
	tls_file(h, p, res, "tlscert", "TLS server certificate", &root_root);
}

static void check_3_12(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	tls_file(h, p, res, "tlscert", "TLS server certificate", &perm444);
}

static void check_3_13(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	if (mu_rootless_not_applicable(h, p, res, RL_OWNER("its TLS server key")))
		return;
	tls_file(h, p, res, "tlskey", "TLS server key", &root_root);
}

static void check_3_14(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	tls_file(h, p, res, "tlskey", "TLS server key", &perm400);
}

/*
 * True when a socket owned by root has a group other than root and alt_gid:
 * the verdict then hangs on the socket group the daemon was given.
 */
static bool other_group(const struct da_host *h, const struct da_probe *p,
			const struct da_node *socks, int64_t alt_gid)
{
	size_t i, n = h->len(socks);

	for (i = 0; i < n; i++) {
		const char *path = h->str(h->at(socks, i), NULL);
		const struct da_node *fe = path ? h->member(mu_host(h, p, "files"), path) : NULL;
		int64_t uid, gid;

		if (h->int64(fe, "uid", &uid) && h->int64(fe, "gid", &gid) && uid == 0 &&
		    gid != 0 && gid != alt_gid)
			return true;
	}
	return false;
}

/* The sockets in host.docker_sockets. */
static void sockets(const struct da_host *h, const struct da_probe *p, struct da_result *res,
		    bool owner)
{
	const struct da_node *socks;
	const char *gname;
	bool group_known;
	struct rule r = { true, 0, -1, NULL };
	int64_t gid;

	if (mu_host_unavailable(h, p, res))
		return;
	socks = mu_host(h, p, "docker_sockets");
	if (h->type(socks) != DA_NODE_ARRAY) {
		h->set(res, DA_ERROR, "host.docker_sockets is missing: the host probe did not work "
				      "out the daemon's sockets");
		return;
	}
	if (!owner) {
		many_files(h, p, res, socks, rule_given,
			   mu_engine_rootless(h, p) ? &perm1660 : &perm660,
			   "the daemon listens on no unix socket", "Docker sockets", NULL);
		return;
	}
	/* root:docker, with the group the daemon really uses (-G / "group");
	 * root:root is stricter and passes too */
	gname = h->str(mu_effective(h, p), "group");
	group_known = gname && *gname;
	if (!group_known)
		gname = "docker";
	if (h->int64(h->member(mu_host(h, p, "groups"), gname), "gid", &gid)) {
		r.alt_gid = gid;
		r.alt_name = gname;
	}
	if (!group_known && mu_config_denied(h, p) && other_group(h, p, socks, r.alt_gid)) {
		/* a socket group other than root's: daemon.json may name it */
		h->scored(res, false);
		h->set(res, DA_INFO, "needs root: %s, which may name the socket group (%s)",
		       mu_config_file(h, p), mu_config_denied(h, p));
		return;
	}
	many_files(h, p, res, socks, rule_given, &r, "the daemon listens on no unix socket",
		   "Docker sockets", NULL);
}

static void check_3_15(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	if (mu_rootless_not_applicable(h, p, res, RL_OWNER("its socket")))
		return;
	sockets(h, p, res, true);
}

static void check_3_16(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	sockets(h, p, res, false);
}

static void check_3_17(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	if (mu_rootless_not_applicable(h, p, res, RL_OWNER("its daemon.json")))
		return;
	if (mu_host_unavailable(h, p, res))
		return;
	one_file(h, p, res, mu_config_file(h, p), &root_root);
}

static void check_3_18(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	if (mu_host_unavailable(h, p, res))
		return;
	one_file(h, p, res, mu_config_file(h, p), &perm644);
}

static void check_3_19(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	if (mu_rootless_not_applicable(h, p, res, RL_DEFAULT))
		return;
	fixed_file(h, p, res, "/etc/default/docker", &root_root);
}

static void check_3_20(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	if (mu_rootless_not_applicable(h, p, res, RL_DEFAULT))
		return;
	fixed_file(h, p, res, "/etc/default/docker", &perm644);
}

static void check_3_21(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	if (mu_rootless_not_applicable(h, p, res, RL_SYSCONFIG))
		return;
	fixed_file(h, p, res, "/etc/sysconfig/docker", &perm644);
}

static void check_3_22(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	if (mu_rootless_not_applicable(h, p, res, RL_SYSCONFIG))
		return;
	fixed_file(h, p, res, "/etc/sysconfig/docker", &root_root);
}

/* The containerd socket the daemon uses (--containerd), else the default. */
static const char *containerd_socket(const struct da_host *h, const struct da_probe *p)
{
	const char *s = h->str(mu_host(h, p, NULL), "containerd_socket");
	return s ? s : "/run/containerd/containerd.sock";
}

static void check_3_23(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	if (mu_rootless_not_applicable(h, p, res, RL_CONTAINERD))
		return;
	fixed_file(h, p, res, containerd_socket(h, p), &root_root);
}

static void check_3_24(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	if (mu_rootless_not_applicable(h, p, res, RL_CONTAINERD))
		return;
	fixed_file(h, p, res, containerd_socket(h, p), &perm660);
}

/* ---- the table --------------------------------------------------------- */

#define IG123 "cis_controls_v8_ig1 cis_controls_v8_ig2 cis_controls_v8_ig3"
#define FILECHK (DA_CHECK_SCORED | DA_CHECK_NEEDS_HOST)
/*
 * A row.  The title is the same in every benchmark version: CIS 1.6.0, as
 * docker-bench-security words it, suffixes it "(Automated)" throughout;
 * CIS 1.7.0 and 1.8.0 with their assessment status am (Automated or
 * Manual).  lvl is the profile level.
 */
#define ROW(cid, title, am, lvl, fn, fix)                                               \
	{ cid, title " (Automated)", FILECHK, lvl, IG123, fix, "None.", fn,              \
	  MU_CIS17_18(title, am) }

static const struct da_check checks[] = {
	ROW("3.1", "Ensure that the docker.service file ownership is set to root:root",
	    Automated, 1, check_3_1,
	    "chown root:root on the docker.service unit file this check reports."),
	ROW("3.2", "Ensure that docker.service file permissions are appropriately set",
	    Automated, 1, check_3_2,
	    "chmod 644 (or stricter) the docker.service unit file this check reports."),
	ROW("3.3", "Ensure that docker.socket file ownership is set to root:root",
	    Automated, 1, check_3_3,
	    "chown root:root on the docker.socket unit file this check reports."),
	ROW("3.4", "Ensure that docker.socket file permissions are set to 644 or more restrictive",
	    Automated, 1, check_3_4,
	    "chmod 644 (or stricter) the docker.socket unit file this check reports."),
	ROW("3.5", "Ensure that the /etc/docker directory ownership is set to root:root",
	    Automated, 1, check_3_5, "chown root:root /etc/docker"),
	ROW("3.6",
	    "Ensure that /etc/docker directory permissions are set to 755 or more restrictively",
	    Automated, 1, check_3_6, "chmod 755 /etc/docker (or stricter)"),
	ROW("3.7", "Ensure that registry certificate file ownership is set to root:root",
	    Manual, 1, check_3_7, "chown root:root on every file under /etc/docker/certs.d/"),
	ROW("3.8",
	    "Ensure that registry certificate file permissions are set to 444 or more "
	    "restrictively",
	    Manual, 1, check_3_8,
	    "chmod 444 (or stricter) the certificates under /etc/docker/certs.d/, and 400 the "
	    "client keys (*.key)."),
	ROW("3.9", "Ensure that TLS CA certificate file ownership is set to root:root",
	    Manual, 1, check_3_9, "chown root:root on the file tlscacert names."),
	ROW("3.10",
	    "Ensure that TLS CA certificate file permissions are set to 444 or more "
	    "restrictively",
	    Manual, 1, check_3_10, "chmod 444 (or stricter) the file tlscacert names."),
	ROW("3.11", "Ensure that Docker server certificate file ownership is set to root:root",
	    Manual, 1, check_3_11, "chown root:root on the file tlscert names."),
	ROW("3.12",
	    "Ensure that the Docker server certificate file permissions are set to 444 or more "
	    "restrictively",
	    Manual, 1, check_3_12, "chmod 444 (or stricter) the file tlscert names."),
	ROW("3.13",
	    "Ensure that the Docker server certificate key file ownership is set to root:root",
	    Manual, 1, check_3_13, "chown root:root on the file tlskey names."),
	ROW("3.14",
	    "Ensure that the Docker server certificate key file permissions are set to 400",
	    Manual, 1, check_3_14, "chmod 400 the file tlskey names."),
	ROW("3.15", "Ensure that the Docker socket file ownership is set to root:docker",
	    Automated, 1, check_3_15, "chown root:docker on each socket the daemon listens on."),
	ROW("3.16",
	    "Ensure that the Docker socket file permissions are set to 660 or more restrictively",
	    Automated, 1, check_3_16,
	    "chmod 660 (or stricter) each socket the daemon listens on; for socket activation set "
	    "SocketMode=0660 in docker.socket."),
	ROW("3.17", "Ensure that the daemon.json file ownership is set to root:root",
	    Manual, 2, check_3_17,
	    "chown root:root on daemon.json (or the daemon's --config-file)."),
	ROW("3.18", "Ensure that daemon.json file permissions are set to 644 or more restrictive",
	    Manual, 2, check_3_18,
	    "chmod 644 (or stricter) daemon.json (or the daemon's --config-file)."),
	ROW("3.19", "Ensure that the /etc/default/docker file ownership is set to root:root",
	    Manual, 2, check_3_19, "chown root:root /etc/default/docker"),
	ROW("3.20",
	    "Ensure that the /etc/default/docker file permissions are set to 644 or more "
	    "restrictively",
	    Manual, 2, check_3_20, "chmod 644 /etc/default/docker (or stricter)"),
	ROW("3.21",
	    "Ensure that the /etc/sysconfig/docker file permissions are set to 644 or more "
	    "restrictively",
	    Manual, 2, check_3_21, "chmod 644 /etc/sysconfig/docker (or stricter)"),
	ROW("3.22", "Ensure that the /etc/sysconfig/docker file ownership is set to root:root",
	    Manual, 2, check_3_22, "chown root:root /etc/sysconfig/docker"),
	ROW("3.23", "Ensure that the Containerd socket file ownership is set to root:root",
	    Automated, 1, check_3_23,
	    "chown root:root the containerd socket (/run/containerd/containerd.sock, or the "
	    "daemon's --containerd)."),
	ROW("3.24",
	    "Ensure that the Containerd socket file permissions are set to 660 or more "
	    "restrictively",
	    Automated, 1, check_3_24,
	    "chmod 660 (or stricter) the containerd socket (/run/containerd/containerd.sock, or "
	    "the daemon's --containerd)."),
};

DA_EXPORT const struct da_module DA_MODULE_SYMBOL_FOR(files) = {
	DA_MODULE_HEAD,
	.name = "files",
	.version = "1.0",
	.section = "3",
	.section_title = "Docker daemon configuration files",
	.group = "docker_daemon_files",
	.checks = checks,
	.n_checks = DA_COUNT(checks),
};
