/*
 * Section 1 of the CIS Docker Benchmark, "Host Configuration".  It reads
 * the host facts of the probe: host.docker_root and host.files (1.1.1: is
 * DockerRootDir, or its parent under userns remapping, a mount point),
 * host.groups and the -u option (1.1.2), host.audit with host.files and
 * host.units (1.1.3-1.1.18: is an audit rule on exactly the path the host
 * really uses loaded in the kernel, host.audit.loaded, or only written in a
 * rule file; under CIS 1.7.0 and later 1.1.9 reads host.docker_sockets
 * instead of host.units), and engine.version.Version (1.2.2, compared with
 * a version floor this module knows).  When host facts are unavailable
 * (remote daemon) every host check reports INFO with host.reason; a fact
 * the probe could not read without root (host.audit.error, a file's
 * error, host.dockerd.exe_error) gives INFO "needs root: ...".
 */
#include <dockaudit/module.h>

#include "../common/modutil.h"
#include "../common/rootless.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * 1.2.2: the oldest Docker Engine release line the Moby project listed as
 * maintained in project/BRANCHES-AND-TAGS.md when this was written
 * (2026-11-28: docker-29.x and docker-28.x).  Raise it when a line reaches
 * its end of maintenance.  The run option "version-floor" overrides it.
 */
#define HOST_VERSION_FLOOR "28.0.0"
#define HOST_VERSION_FLOOR_DATE "2026-11"

#define PATHMAX 4096

/* ---- helpers ------------------------------------------------------------- */

/*
 * A fact the probe could not read without root: INFO "needs root: WHAT
 * (REASON)", never a finding nor a pass (docs/failures.md).
 */
static void needs_root(const struct da_host *h, struct da_result *res, const char *what,
		       const char *why)
{
	h->scored(res, false);
	h->set(res, DA_INFO, "needs root: %s (%s)", what, why);
}

/* host.files[path] (a literal key: paths contain dots), or NULL. */
static const struct da_node *file_fact(const struct da_host *h, const struct da_probe *p,
				       const char *path)
{
	return h->member(mu_host(h, p, "files"), path);
}

/* Does an array of strings hold path (normalised on both sides)? */
static bool list_has_path(const struct da_host *h, const struct da_node *list, const char *path)
{
	char a[PATHMAX], b[PATHMAX];
	const char *want = mu_normpath(path, a, sizeof(a));
	size_t i, n = h->len(list);

	for (i = 0; i < n; i++) {
		const char *s = h->str(h->at(list, i), NULL);
		if (s && strcmp(mu_normpath(s, b, sizeof(b)), want) == 0)
			return true;
	}
	return false;
}

/* A short text list "a, b, c" bounded to the buffer ("..." when cut). */
struct textlist {
	char buf[1024];
	size_t len;
	bool cut;
};

static void tl_add(struct textlist *t, const char *s)
{
	int n;

	if (t->cut)
		return;
	n = snprintf(t->buf + t->len, sizeof(t->buf) - t->len, "%s%s", t->len ? ", " : "", s);
	if (n < 0 || (size_t)n >= sizeof(t->buf) - t->len - 4) {
		t->buf[t->len] = '\0';
		snprintf(t->buf + t->len, sizeof(t->buf) - t->len, "%s...", t->len ? ", " : "");
		t->cut = true;
		return;
	}
	t->len += (size_t)n;
}

/* ---- 1.1.1 ------------------------------------------------------------- */

/*
 * A separate partition is another filesystem than the one that holds the
 * directory it is mounted on: the devices (major:minor) of the mount and
 * of its parent differ.  A bind mount of a folder of the parent's
 * filesystem (dockerd binds its data root onto itself when "/" is a
 * private mount) keeps the parent's device: not separate.
 */
static void judge_mount(const struct da_host *h, struct da_result *res, const char *part,
			const struct da_node *mnt)
{
	const struct da_node *parent = h->member(mnt, "parent");
	const char *dev = h->str(mnt, "device"), *root = h->str(mnt, "root");
	const char *fstype = h->str(mnt, "fstype");
	const char *pdev, *pmp;

	if (!dev || !root || !fstype ||
	    (h->type(parent) != DA_NODE_NULL && h->type(parent) != DA_NODE_OBJECT)) {
		h->set(res, DA_ERROR, "cannot read host.docker_root.mount: a field is missing or "
		       "of the wrong type");
		return;
	}
	if (h->type(parent) == DA_NODE_NULL) {
		/* the root of the mount table: nothing to compare with */
		if (strcmp(root, "/") == 0)
			h->set(res, DA_PASS, "%s is a separate partition (%s, device %s)", part,
			       fstype, dev);
		else
			goto bind;
		return;
	}
	pdev = h->str(parent, "device");
	pmp = h->str(parent, "mount_point");
	if (!pdev || !pmp) {
		h->set(res, DA_ERROR, "cannot read host.docker_root.mount.parent: a field is "
		       "missing or not a string");
		return;
	}
	if (strcmp(dev, pdev) != 0) {
		h->set(res, DA_PASS, "%s is a separate partition (%s, device %s; %s is on %s)",
		       part, fstype, dev, pmp, pdev);
		return;
	}
	if (strcmp(root, "/") == 0) {
		h->set(res, DA_WARN, "%s is not on a separate partition: the filesystem of %s "
		       "(device %s) mounted again", part, pmp, dev);
		h->item(res, "file", NULL, part, "same device as %s (%s)", pmp, dev);
		return;
	}
bind:
	h->set(res, DA_WARN, "%s is not on a separate partition: a bind mount of %s of the "
	       "same filesystem (device %s)", part, root, dev);
	h->item(res, "file", NULL, part, "bind mount of %s, device %s", root, dev);
}

static void check_1_1_1(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	const struct da_node *dr, *fe, *mnt;
	const char *part, *err;
	bool mp;

	if (mu_host_unavailable(h, p, res))
		return;
	dr = mu_host(h, p, "docker_root");
	if (h->type(dr) != DA_NODE_OBJECT) {
		if (!h->str(mu_engine(h, p), "info.DockerRootDir"))
			h->set(res, DA_ERROR, "engine.info.DockerRootDir is missing: the daemon's /info "
					      "was not read");
		else
			h->set(res, DA_ERROR, "host.docker_root is missing: the host probe did not "
					      "inspect DockerRootDir");
		return;
	}
	part = h->str(dr, "partition");
	fe = part ? file_fact(h, p, part) : NULL;
	if (!fe) {
		h->set(res, DA_ERROR, "no facts recorded for %s", part ? part : "DockerRootDir");
		return;
	}
	if ((err = h->str(fe, "error")) != NULL) {
		if (mu_denied(err))
			needs_root(h, res, part, mu_denied(err));
		else
			h->set(res, DA_ERROR, "cannot inspect %s: %s", part, err);
		return;
	}
	if (!mu_node_true(h, fe, "exists")) {
		h->scored(res, false);
		h->set(res, DA_INFO, "not found: %s", part);
		return;
	}
	mnt = h->member(dr, "mount");
	if (h->type(mnt) == DA_NODE_OBJECT) {
		judge_mount(h, res, part, mnt);
		return;
	}
	/* no mount at the path, or the mount table unread: the stat() answer */
	if (!h->boolean(fe, "mountpoint", &mp)) {
		h->set(res, DA_ERROR, "cannot tell whether %s is a mount point", part);
		return;
	}
	if (mp) {
		h->set(res, DA_PASS, "%s is a separate mount point", part);
		return;
	}
	h->set(res, DA_WARN, "%s is not on a separate partition", part);
	h->item(res, "file", NULL, part, "not a mount point");
}

/* ---- 1.1.2 ------------------------------------------------------------- */

static bool trusted(const char *list, const char *user)
{
	const char *s = list;
	size_t ul = strlen(user);

	while (*s) {
		const char *e;
		size_t n;

		while (*s == ',' || *s == ' ' || *s == '\t')
			s++;
		e = s;
		while (*e && *e != ',')
			e++;
		n = (size_t)(e - s);
		while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
		if (n == ul && n > 0 && strncmp(s, user, n) == 0)
			return true;
		s = e;
	}
	return false;
}

static void check_1_1_2(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	const char *trust = h->option(p, "trusted-users");
	const char *gname = h->str(mu_effective(h, p), "group");
	const struct da_node *groups, *g, *members;
	struct textlist bad = { .len = 0 }, all = { .len = 0 };
	size_t i, n, nbad = 0, nmem = 0;

	if (!trust || !*trust) {
		trust = NULL;
		h->scored(res, false);
	}
	if (mu_rootless_not_applicable(h, p, res, RL_GROUP))
		return;
	if (mu_host_unavailable(h, p, res))
		return;
	if ((!gname || !*gname) && trust && mu_config_denied(h, p)) {
		/* daemon.json may name another socket group ("group") */
		char what[1024];

		snprintf(what, sizeof(what), "the socket group, from %s", mu_config_file(h, p));
		needs_root(h, res, what, mu_config_denied(h, p));
		return;
	}
	if (!gname || !*gname)
		gname = "docker";
	groups = mu_host(h, p, "groups");
	if (h->type(groups) != DA_NODE_OBJECT) {
		h->set(res, DA_ERROR, "host.groups is missing: the host probe did not read the "
				      "group database");
		return;
	}
	g = h->member(groups, gname);
	if (h->type(g) != DA_NODE_OBJECT) {
		if (trust)
			h->set(res, DA_PASS, "no %s group on this host: only root controls the daemon",
			       gname);
		else
			h->set(res, DA_INFO, "no %s group on this host", gname);
		return;
	}
	members = h->member(g, "members");
	if (members && h->type(members) != DA_NODE_ARRAY) {
		h->set(res, DA_ERROR, "host.groups.%s.members is not an array", gname);
		return;
	}
	n = h->len(members);
	for (i = 0; i < n; i++) {
		const char *u = h->str(h->at(members, i), NULL);
		if (!u)
			continue;
		nmem++;
		tl_add(&all, u);
		if (!trust) {
			h->item(res, "user", NULL, u, "member of the %s group", gname);
		} else if (!trusted(trust, u)) {
			nbad++;
			tl_add(&bad, u);
			h->item(res, "user", NULL, u, "member of the %s group, not in the trusted users",
				gname);
		}
	}
	if (!trust) {
		if (nmem)
			h->set(res, DA_INFO, "%s group members: %s", gname, all.buf);
		else
			h->set(res, DA_INFO, "the %s group has no members", gname);
		return;
	}
	if (nbad)
		h->set(res, DA_WARN, "untrusted %s group members: %s", gname, bad.buf);
	else if (nmem)
		h->set(res, DA_PASS, "every %s group member is trusted: %s", gname, all.buf);
	else
		h->set(res, DA_PASS, "the %s group has no members", gname);
}

/* ---- 1.1.3 - 1.1.18: audit rules --------------------------------------- */

/* audit_lookup()'s reason when host.files has no entry for the path */
static const char no_facts[] = "no facts recorded";

/* What the audit rules say about one path. */
enum audit_state {
	AU_WATCHED,   /* a rule watches it */
	AU_UNWATCHED, /* it exists and no rule watches it */
	AU_MISSING,   /* it does not exist on this host */
	AU_DENIED,    /* it cannot be told without root */
	AU_ERROR      /* the facts needed are missing or unreadable */
};

/* audit_lookup()'s reason when some rule files could not be read */
static const char rules_unread[] = "cannot read the audit rules";

/*
 * Looks path up in host.audit: watched when a rule names exactly path or
 * its canonical form (both sides normalised; watched_resolved holds the
 * canonical forms of the rules' paths).  A rule read is proof enough;
 * when no rule read watches path but host.audit.error says that some rule
 * files were not read, nothing can be concluded.  On AU_ERROR and
 * AU_DENIED, *why and *what say why (what: the file concerned, or NULL);
 * on AU_MISSING *what is the dangling link's target or NULL.
 */
static enum audit_state audit_lookup(const struct da_host *h, const struct da_probe *p,
				     const char *path, const char **why, const char **what)
{
	const struct da_node *audit = mu_host(h, p, "audit"), *fe, *watched, *wres;
	const char *err, *resolved;

	*why = NULL;
	*what = NULL;
	if (h->type(audit) != DA_NODE_OBJECT) {
		*why = "host.audit is missing: the host probe did not read the audit rules";
		return AU_ERROR;
	}
	watched = h->member(audit, "watched");
	wres = h->member(audit, "watched_resolved");
	fe = file_fact(h, p, path);
	if (!fe) {
		*why = no_facts;
		*what = path;
		return AU_ERROR;
	}
	if ((err = h->str(fe, "error")) != NULL) {
		*what = path;
		if (!mu_denied(err)) {
			*why = err;
			return AU_ERROR;
		}
		/* unreadable without root, but a rule on exactly this path is
		 * there whatever the file is */
		if (list_has_path(h, watched, path) || list_has_path(h, wres, path))
			return AU_WATCHED;
		*why = mu_denied(err);
		return AU_DENIED;
	}
	if (!mu_node_true(h, fe, "exists")) {
		*what = h->str(fe, "link_target");
		return AU_MISSING;
	}
	resolved = h->str(fe, "resolved");
	if (list_has_path(h, watched, path) || list_has_path(h, wres, path) ||
	    (resolved && (list_has_path(h, watched, resolved) || list_has_path(h, wres, resolved))))
		return AU_WATCHED;
	if ((err = h->str(audit, "error")) != NULL) {
		/* "permission denied: /etc/audit/audit.rules" */
		const char *file = strstr(err, ": /");

		*what = file ? file + 2 : err;
		if (mu_denied(err)) {
			*why = mu_denied(err);
			return AU_DENIED;
		}
		*why = rules_unread;
		return AU_ERROR;
	}
	return AU_UNWATCHED;
}

/* " : no rule files ..." when the probe found no audit rule file at all. */
static const char *no_rules_note(const struct da_host *h, const struct da_probe *p)
{
	const char *source = h->str(mu_host(h, p, "audit"), "source");

	return source && strcmp(source, "none") == 0 ?
		": no rule files in /etc/audit/audit.rules or /etc/audit/rules.d" : "";
}

/* What host.audit.loaded says: the rules loaded in the kernel. */
enum loaded_state {
	LD_ABSENT,      /* no key (a snapshot of an older dockaudit): files only */
	LD_NOT_READ,    /* not the audited host's kernel (--host-root): files only */
	LD_OK,          /* listed */
	LD_DENIED,      /* listing needs root */
	LD_UNAVAILABLE, /* the kernel has no audit: nothing can be loaded */
	LD_ERROR        /* listing failed, or the fact is malformed */
};

static enum loaded_state loaded_state(const struct da_host *h, const struct da_probe *p,
				      const char **err)
{
	const struct da_node *l = h->member(mu_host(h, p, "audit"), "loaded");
	const char *st = h->str(l, "status");

	*err = h->str(l, "error");
	if (!l)
		return LD_ABSENT;
	if (!st || (h->type(h->member(l, "error")) != DA_NODE_NULL && !*err)) {
		*err = "host.audit.loaded is malformed";
		return LD_ERROR;
	}
	if (!*err)
		*err = st;
	if (strcmp(st, "not read") == 0)
		return LD_NOT_READ;
	if (strcmp(st, "needs root") == 0)
		return LD_DENIED;
	if (strcmp(st, "unavailable") == 0)
		return LD_UNAVAILABLE;
	if (strcmp(st, "ok") == 0) {
		if (h->type(h->member(l, "paths")) != DA_NODE_ARRAY) {
			*err = "host.audit.loaded.paths is missing";
			return LD_ERROR;
		}
		return LD_OK;
	}
	return LD_ERROR;
}

/* Does a loaded rule watch path (or its canonical form)? */
static bool loaded_watches(const struct da_host *h, const struct da_probe *p, const char *path)
{
	const struct da_node *l = h->member(mu_host(h, p, "audit"), "loaded");
	const char *resolved = h->str(file_fact(h, p, path), "resolved");
	const struct da_node *paths = h->member(l, "paths"), *pres = h->member(l, "paths_resolved");

	return list_has_path(h, paths, path) || list_has_path(h, pres, path) ||
	       (resolved && (list_has_path(h, paths, resolved) || list_has_path(h, pres, resolved)));
}

/* The rule file that watches path (host.audit.watched_in), or NULL. */
static const char *rule_file(const struct da_host *h, const struct da_probe *p, const char *path)
{
	const struct da_node *in = h->member(mu_host(h, p, "audit"), "watched_in");
	const char *resolved = h->str(file_fact(h, p, path), "resolved");
	char a[PATHMAX];
	const char *f = h->str(h->member(in, mu_normpath(path, a, sizeof(a))), NULL);

	if (!f && resolved)
		f = h->str(h->member(in, mu_normpath(resolved, a, sizeof(a))), NULL);
	return f;
}

/* One path's verdict, before it is set on a result. */
struct audit_verdict {
	enum da_status status;
	bool scored;
	bool item;       /* WARN: add an item for the path */
	bool in_file;    /* WARN: a rule file has it, it is not loaded */
	char detail[PATHMAX + 512];
};

static void av_set(struct audit_verdict *v, enum da_status st, const char *fmt, ...)
	DA_PRINTF(3, 4);
static void av_set(struct audit_verdict *v, enum da_status st, const char *fmt, ...)
{
	va_list ap;

	v->status = st;
	v->scored = st == DA_PASS || st == DA_WARN;
	va_start(ap, fmt);
	vsnprintf(v->detail, sizeof(v->detail), fmt, ap);
	va_end(ap);
}

/*
 * The verdict on one path.  CIS audits `auditctl -l`: the rules loaded in
 * the kernel (host.audit.loaded).  A loaded rule on exactly path (or its
 * canonical form) is a PASS; a rule only in a rule file is a WARN "in
 * FILE, not loaded"; neither is a WARN.  Without root the loaded rules
 * cannot be listed: INFO "needs root", whatever the files say.  When the
 * kernel has no audit, nothing is loaded: WARN.  Under --host-root, and
 * for snapshots without the loaded rules, the rule files are judged alone.
 * A path that does not exist is INFO "not found" in every case.
 */
static void audit_judge(const struct da_host *h, const struct da_probe *p, const char *path,
			struct audit_verdict *v)
{
	const char *why, *what, *lerr, *file;
	enum audit_state fs = audit_lookup(h, p, path, &why, &what);
	enum loaded_state ld = loaded_state(h, p, &lerr);
	/* failures that concern the path itself, not the rule files */
	bool path_error = fs == AU_ERROR && why != rules_unread;
	bool path_denied = fs == AU_DENIED && strcmp(what, path) == 0;

	memset(v, 0, sizeof(*v));
	if (ld == LD_ABSENT || ld == LD_NOT_READ || path_error || fs == AU_MISSING ||
	    (path_denied && ld != LD_OK)) {
		const char *note = ld == LD_NOT_READ ? " (rule files only: " : "";
		const char *close = ld == LD_NOT_READ ? ")" : "";
		const char *nr = ld == LD_NOT_READ ? lerr : "";

		switch (fs) {
		case AU_ERROR:
			if (!what)
				av_set(v, DA_ERROR, "%s", why);
			else if (why == no_facts)
				av_set(v, DA_ERROR, "no facts recorded for %s", what);
			else if (why == rules_unread)
				av_set(v, DA_ERROR, "%s: %s", rules_unread, what);
			else
				av_set(v, DA_ERROR, "cannot inspect %s: %s", what, why);
			return;
		case AU_DENIED:
			if (strcmp(what, path) == 0)
				av_set(v, DA_INFO, "needs root: %s (%s)", path, why);
			else
				av_set(v, DA_INFO, "needs root: audit rules in %s (%s); no rule read "
				       "watches %s", what, why, path);
			return;
		case AU_MISSING:
			if (what)
				av_set(v, DA_INFO, "not found: %s (dangling link to %s)", path, what);
			else
				av_set(v, DA_INFO, "not found: %s", path);
			return;
		case AU_WATCHED:
			av_set(v, DA_PASS, "an audit rule watches %s%s%s%s", path, note, nr, close);
			return;
		case AU_UNWATCHED:
			break;
		}
		av_set(v, DA_WARN, "no audit rule for %s%s%s%s%s", path, no_rules_note(h, p),
		       note, nr, close);
		v->item = true;
		return;
	}
	file = fs == AU_WATCHED ? rule_file(h, p, path) : NULL;
	if (fs == AU_WATCHED && !file)
		file = "the rule files";
	switch (ld) {
	case LD_OK:
		if (loaded_watches(h, p, path)) {
			av_set(v, DA_PASS, "a loaded audit rule watches %s", path);
			return;
		}
		if (path_denied) {
			av_set(v, DA_INFO, "needs root: %s (%s)", path, why);
			return;
		}
		if (file)
			av_set(v, DA_WARN, "an audit rule for %s is in %s, not loaded", path, file);
		else
			av_set(v, DA_WARN, "no audit rule for %s%s", path,
			       fs == AU_UNWATCHED ? no_rules_note(h, p) : " loaded");
		break;
	case LD_DENIED:
		if (file)
			av_set(v, DA_INFO, "needs root: the loaded audit rules (%s); an audit rule "
			       "for %s is in %s", lerr, path, file);
		else
			av_set(v, DA_INFO, "needs root: the loaded audit rules (%s); no rule file "
			       "read watches %s", lerr, path);
		return;
	case LD_UNAVAILABLE:
		if (file)
			av_set(v, DA_WARN, "an audit rule for %s is in %s, not loaded: %s", path,
			       file, lerr);
		else
			av_set(v, DA_WARN, "no audit rule for %s: %s", path, lerr);
		break;
	case LD_ERROR:
	default:
		av_set(v, DA_ERROR, "cannot read the loaded audit rules: %s", lerr);
		return;
	}
	v->item = true;
	v->in_file = file != NULL;
}

static void av_item(const struct da_host *h, struct da_result *res, const char *path,
		    const struct audit_verdict *v)
{
	if (v->in_file)
		h->item(res, "file", NULL, path, "load the audit rules (augenrules --load)");
	else
		h->item(res, "file", NULL, path, "add: -w %s -k docker", path);
}

/* Sets the verdict of one path on res. */
static void audit_path(const struct da_host *h, const struct da_probe *p, struct da_result *res,
		       const char *path)
{
	struct audit_verdict v;

	audit_judge(h, p, path, &v);
	if (!v.scored)
		h->scored(res, false);
	h->set(res, v.status, "%s", v.detail);
	if (v.item)
		av_item(h, res, path, &v);
}

/*
 * CIS 1.7.0 and later, 1.1.9: the unix sockets the daemon really listens
 * on (host.docker_sockets; /var/run/docker.sock by default), each of which
 * needs a rule.  WARN with one item per socket not audited; PASS when
 * every socket that exists is; INFO when there is none.
 */
static void audit_sockets(const struct da_host *h, const struct da_probe *p,
			  struct da_result *res)
{
	const struct da_node *socks;
	struct audit_verdict v, first, denied;
	const char *lerr;
	enum loaded_state ld = loaded_state(h, p, &lerr);
	size_t i, n, npass = 0, nbad = 0;
	bool have_denied = false;

	if (mu_host_unavailable(h, p, res))
		return;
	socks = mu_host(h, p, "docker_sockets");
	if (h->type(socks) != DA_NODE_ARRAY) {
		h->set(res, DA_ERROR, "host.docker_sockets is missing: the host probe did not work "
				      "out the daemon's sockets");
		return;
	}
	n = h->len(socks);
	for (i = 0; i < n; i++)
		if (!h->str(h->at(socks, i), NULL)) {
			h->set(res, DA_ERROR, "host.docker_sockets has an element that is not a string");
			return;
		}
	if (n == 1) {
		audit_path(h, p, res, h->str(h->at(socks, 0), NULL));
		return;
	}
	if (n == 0) {
		h->scored(res, false);
		h->set(res, DA_INFO, "the daemon listens on no unix socket");
		return;
	}
	/* several sockets: judge them all before reporting */
	memset(&first, 0, sizeof(first));
	for (i = 0; i < n; i++) {
		const char *path = h->str(h->at(socks, i), NULL);

		audit_judge(h, p, path, &v);
		switch (v.status) {
		case DA_ERROR:
			h->set(res, DA_ERROR, "%s", v.detail);
			return;
		case DA_WARN:
			if (!nbad++)
				first = v;
			av_item(h, res, path, &v);
			break;
		case DA_PASS:
			npass++;
			break;
		default:
			/* INFO: needs root, or not found */
			if (!have_denied && strncmp(v.detail, "needs root: ", 12) == 0) {
				denied = v;
				have_denied = true;
			}
			break;
		}
	}
	if (nbad == 1)
		h->set(res, DA_WARN, "%s", first.detail);
	else if (nbad && (ld == LD_ABSENT || ld == LD_NOT_READ))
		h->set(res, DA_WARN, "no audit rule for %zu of the daemon's sockets%s", nbad,
		       no_rules_note(h, p));
	else if (nbad)
		h->set(res, DA_WARN, "%zu of the daemon's sockets are not audited by a loaded rule "
		       "(%s)", nbad, first.detail);
	else if (have_denied) {
		h->scored(res, false);
		h->set(res, DA_INFO, "%s", denied.detail);
	} else if (npass) {
		h->set(res, DA_PASS, "%s audit rule watches each of the daemon's %zu sockets%s%s%s",
		       ld == LD_OK ? "a loaded" : "an", npass,
		       ld == LD_NOT_READ ? " (rule files only: " : "",
		       ld == LD_NOT_READ ? lerr : "", ld == LD_NOT_READ ? ")" : "");
	} else {
		h->scored(res, false);
		h->set(res, DA_INFO, "not found: none of the daemon's %zu sockets exists", n);
	}
}

static void audit_fixed(const struct da_host *h, const struct da_probe *p, struct da_result *res,
			const char *path)
{
	if (mu_host_unavailable(h, p, res))
		return;
	audit_path(h, p, res, path);
}

/* The unit file systemd would load for name, as host.units found it. */
static void audit_unit(const struct da_host *h, const struct da_probe *p, struct da_result *res,
		       const char *name)
{
	const struct da_node *u;
	const char *path;

	path = mu_unit_path(h, p, res, name, &u);
	if (!path)
		return;
	audit_path(h, p, res, path);
}

static void check_1_1_3(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	const struct da_node *dockerd = mu_host(h, p, "dockerd");
	const char *exe = h->str(dockerd, "exe");
	const char *err = h->str(dockerd, "exe_error");
	const struct da_node *fe;

	if (mu_host_unavailable(h, p, res))
		return;
	if (!exe) {
		/* /proc/PID/exe is unreadable without root; an absolute argv[0]
		 * names the binary as well (systemd starts it that way) */
		const char *a0 = h->str(h->at(h->member(dockerd, "argv"), 0), NULL);

		fe = a0 && a0[0] == '/' ? file_fact(h, p, a0) : NULL;
		if (fe && mu_node_true(h, fe, "exists")) {
			exe = a0;
		} else if (mu_denied(err)) {
			char what[64];
			int64_t pid = 0;

			h->int64(dockerd, "pid", &pid);
			snprintf(what, sizeof(what), "the dockerd binary, /proc/%lld/exe",
				 (long long)pid);
			needs_root(h, res, what, mu_denied(err));
			return;
		}
	}
	/* the binary the daemon really runs from (/usr/sbin/dockerd on Debian)
	 * when it is known and present; the benchmark's path otherwise */
	fe = exe ? file_fact(h, p, exe) : NULL;
	if (!fe || !mu_node_true(h, fe, "exists"))
		exe = "/usr/bin/dockerd";
	audit_path(h, p, res, exe);
}

static void check_1_1_4(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	if (mu_rootless_not_applicable(h, p, res, RL_CONTAINERD))
		return;
	audit_fixed(h, p, res, "/run/containerd");
}

static void check_1_1_5(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	const char *dir;

	if (mu_host_unavailable(h, p, res))
		return;
	dir = h->str(mu_host(h, p, NULL), "docker_root.path");
	if (!dir)
		dir = h->str(mu_engine(h, p), "info.DockerRootDir");
	if (!dir) {
		h->set(res, DA_ERROR, "engine.info.DockerRootDir is missing: the daemon's /info "
				      "was not read");
		return;
	}
	audit_path(h, p, res, dir);
}

static void check_1_1_6(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	if (mu_rootless_not_applicable(h, p, res, RL_ETC))
		return;
	audit_fixed(h, p, res, "/etc/docker");
}

static void check_1_1_7(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	if (mu_rootless_not_applicable(h, p, res, RL_SERVICE))
		return;
	audit_unit(h, p, res, "docker.service");
}

static void check_1_1_8(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	const char *sock = h->str(mu_host(h, p, NULL), "containerd_socket");

	if (mu_rootless_not_applicable(h, p, res, RL_CONTAINERD))
		return;
	audit_fixed(h, p, res, sock ? sock : "/run/containerd/containerd.sock");
}

/*
 * CIS 1.6.0 audits the docker.socket unit file; 1.7.0 and later retitle the
 * check "docker.sock" and audit the socket itself.
 */
static void check_1_1_9(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	if (mu_benchmark_version(h, p) >= 10700)
		audit_sockets(h, p, res); /* a rootless daemon's socket too */
	else if (!mu_rootless_not_applicable(h, p, res, RL_SOCKET_UNIT))
		audit_unit(h, p, res, "docker.socket");
}

static void check_1_1_10(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	if (mu_rootless_not_applicable(h, p, res, RL_DEFAULT))
		return;
	audit_fixed(h, p, res, "/etc/default/docker");
}

static void check_1_1_11(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	if (mu_host_unavailable(h, p, res))
		return;
	audit_path(h, p, res, mu_config_file(h, p));
}

static void check_1_1_12(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	if (mu_rootless_not_applicable(h, p, res, RL_CONTAINERD_CONF))
		return;
	audit_fixed(h, p, res, "/etc/containerd/config.toml");
}

static void check_1_1_13(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	if (mu_rootless_not_applicable(h, p, res, RL_SYSCONFIG))
		return;
	audit_fixed(h, p, res, "/etc/sysconfig/docker");
}

static void check_1_1_14(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	audit_fixed(h, p, res, "/usr/bin/containerd");
}

static void check_1_1_15(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	audit_fixed(h, p, res, "/usr/bin/containerd-shim");
}

static void check_1_1_16(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	audit_fixed(h, p, res, "/usr/bin/containerd-shim-runc-v1");
}

static void check_1_1_17(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	audit_fixed(h, p, res, "/usr/bin/containerd-shim-runc-v2");
}

static void check_1_1_18(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	audit_fixed(h, p, res, "/usr/bin/runc");
}

/* ---- 1.2 ----------------------------------------------------------------- */

static void check_1_2_1(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	(void)p;
	h->set(res, DA_NOTE, "verify that the host follows a hardening baseline for its "
			     "operating system");
}

/*
 * "20.10.24+dfsg1", "28.2.2", "v1.13.1", "17.06.0-ce": up to three numeric
 * components; a missing minor or patch counts as 0.  False when there is
 * no leading number.
 */
static bool parse_version(const char *s, long v[3])
{
	int i;

	v[0] = v[1] = v[2] = 0;
	if (!s)
		return false;
	if (*s == 'v' || *s == 'V')
		s++;
	for (i = 0; i < 3; i++) {
		long x = 0;
		int digits = 0;

		while (isdigit((unsigned char)*s)) {
			if (x > 100000000L)
				return false;
			x = x * 10 + (*s - '0');
			s++;
			digits++;
		}
		if (!digits)
			return i > 0;
		v[i] = x;
		if (*s != '.')
			return true;
		s++;
	}
	return true;
}

static int cmp_version(const long a[3], const long b[3])
{
	int i;
	for (i = 0; i < 3; i++)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return 0;
}

static void check_1_2_2(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	const struct da_node *ver = h->get(mu_engine(h, p), "version.Version");
	const char *floor = h->option(p, "version-floor");
	const char *v;
	long have[3], want[3];

	/* the floor is a Docker Engine release: Podman's version is another line */
	if (mu_podman_not_applicable(h, p, res))
		return;

	if (!floor || !*floor)
		floor = HOST_VERSION_FLOOR;
	if (!ver) {
		h->set(res, DA_ERROR, "engine.version.Version is missing: the daemon's /version "
				      "was not read");
		return;
	}
	v = h->str(ver, NULL);
	if (!v) {
		h->set(res, DA_ERROR, "engine.version.Version is not a string");
		return;
	}
	if (!parse_version(v, have)) {
		h->set(res, DA_ERROR, "cannot read Docker version '%s'", v);
		return;
	}
	if (!parse_version(floor, want)) {
		h->set(res, DA_ERROR, "cannot read version floor '%s'", floor);
		return;
	}
	if (cmp_version(have, want) < 0)
		h->set(res, DA_INFO, "version %s is older than floor %s (the oldest Docker Engine "
				     "line maintained upstream, %s); check your vendor's support",
		       v, floor, HOST_VERSION_FLOOR_DATE);
	else
		h->set(res, DA_PASS, "version %s is not older than floor %s", v, floor);
}

/* ---- the table --------------------------------------------------------- */

#define IG123 "cis_controls_v8_ig1 cis_controls_v8_ig2 cis_controls_v8_ig3"
#define IG23 "cis_controls_v8_ig2 cis_controls_v8_ig3"
#define HOSTCHK (DA_CHECK_SCORED | DA_CHECK_NEEDS_HOST)

#define AUDIT_IMPACT                                                                      \
	"Audit rules produce log volume: rotate and archive the audit logs, and keep them " \
	"on their own partition so that they cannot fill another one."

/*
 * A 1.1.x audit row.  title16 completes docker-bench-security's 1.6.0 title
 * (suffix included), title17 the title of CIS 1.7.0 and 1.8.0; am is their
 * assessment status there (Automated or Manual).
 */
#define AUDIT_TITLE "Ensure auditing is configured for Docker files and directories - "
#define AUDIT_ROW(cid, title16, title17, am, lvl, fn, fix)                               \
	{ cid, AUDIT_TITLE title16, HOSTCHK, lvl, IG23, fix, AUDIT_IMPACT, fn,              \
	  MU_CIS17_18(AUDIT_TITLE title17, am) }

#define AUDIT_FIX(path)                                                                   \
	"Install auditd, add the rule \"-w " path " -k docker\" to a file in "                 \
	"/etc/audit/rules.d/ and reload the rules (augenrules --load)."

static const struct da_check checks[] = {
	{ "1.1", "Linux Hosts Specific Configuration", DA_CHECK_HEADER, 0, NULL, NULL, NULL,
	  NULL, NULL },
	{ "1.1.1", "Ensure a separate partition for containers has been created (Automated)",
	  HOSTCHK, 1, IG23,
	  "Put Docker's data directory (DockerRootDir, /var/lib/docker by default) on its own "
	  "partition: at installation time, or later with a new logical volume mounted there.",
	  "None.", check_1_1_1,
	  MU_CIS17_18("Ensure a separate partition for containers has been created", Manual) },
	{ "1.1.2", "Ensure only trusted users are allowed to control Docker daemon (Automated)",
	  HOSTCHK, 1, IG123,
	  "Remove untrusted users from the docker group (gpasswd -d USER docker); list the "
	  "trusted ones with -u to make this check scored.",
	  "Members of the docker group can run containers as root on the host; only trusted "
	  "users should be members.",
	  check_1_1_2,
	  MU_CIS17_18("Ensure only trusted users are allowed to control Docker daemon", Manual) },
	{ "1.1.3", "Ensure auditing is configured for the Docker daemon (Automated)", HOSTCHK, 1,
	  IG123,
	  "Install auditd, add \"-w /usr/bin/dockerd -k docker\" (or the path the daemon runs "
	  "from) to a file in /etc/audit/rules.d/ and reload the rules (augenrules --load).",
	  AUDIT_IMPACT, check_1_1_3,
	  MU_CIS17_18("Ensure auditing is configured for the Docker daemon", Automated) },
	/* docker-bench-security's title lacks the space after the dash */
	{ "1.1.4",
	  "Ensure auditing is configured for Docker files and directories -/run/containerd "
	  "(Automated)",
	  HOSTCHK, 1, IG23,
	  "Install auditd, add \"-a exit,always -F path=/run/containerd -F perm=war -k docker\" "
	  "to a file in /etc/audit/rules.d/ and reload the rules (augenrules --load).",
	  AUDIT_IMPACT, check_1_1_4,
	  MU_CIS17_18(AUDIT_TITLE "/run/containerd", Manual) },
	AUDIT_ROW("1.1.5", "/var/lib/docker (Automated)", "/var/lib/docker", Manual, 1, check_1_1_5,
		  "Install auditd, add \"-w DIR -k docker\" for Docker's data directory "
		  "(DockerRootDir, /var/lib/docker by default, or the daemon's data-root) to a "
		  "file in /etc/audit/rules.d/ and reload the rules (augenrules --load).  To "
		  "keep the log volume down, CIS 1.7.0 and later suggest excluding the busy "
		  "subdirectories with rules such as \"-a exit,never -F dir=DIR/volumes\" and "
		  "\"-a exit,never -F dir=DIR/overlay2\"."),
	AUDIT_ROW("1.1.6", "/etc/docker (Automated)", "/etc/docker", Automated, 1, check_1_1_6,
		  AUDIT_FIX("/etc/docker")),
	AUDIT_ROW("1.1.7", "docker.service (Automated)", "docker.service", Automated, 2,
		  check_1_1_7,
		  "Install auditd, add \"-w PATH -k docker\" for the docker.service unit file "
		  "systemd loads (the path this check reports) and reload the rules."),
	AUDIT_ROW("1.1.8", "containerd.sock (Automated)", "containerd.sock", Automated, 2,
		  check_1_1_8, AUDIT_FIX("/run/containerd/containerd.sock")),
	/* CIS 1.7.0 moved 1.1.9 from the docker.socket unit to the socket itself */
	AUDIT_ROW("1.1.9", "docker.socket (Automated)", "docker.sock", Automated, 2, check_1_1_9,
		  "Install auditd and add \"-w PATH -k docker\" to a file in /etc/audit/rules.d/, "
		  "then reload the rules.  PATH is the docker.socket unit file systemd loads "
		  "under CIS 1.6.0, and each unix socket the daemon listens on "
		  "(/var/run/docker.sock by default) under CIS 1.7.0 and later; the check names "
		  "the paths it looked for."),
	AUDIT_ROW("1.1.10", "/etc/default/docker (Automated)", "/etc/default/docker", Automated, 2,
		  check_1_1_10, AUDIT_FIX("/etc/default/docker")),
	/* docker-bench-security writes "Dockerfiles" in the 1.6.0 titles of 1.1.11 and 1.1.12 */
	{ "1.1.11",
	  "Ensure auditing is configured for Dockerfiles and directories - /etc/docker/daemon.json "
	  "(Automated)",
	  HOSTCHK, 2, IG23,
	  "Install auditd, add \"-w /etc/docker/daemon.json -k docker\" (or the --config-file "
	  "the daemon uses) to a file in /etc/audit/rules.d/ and reload the rules.",
	  AUDIT_IMPACT, check_1_1_11,
	  MU_CIS17_18(AUDIT_TITLE "/etc/docker/daemon.json", Automated) },
	{ "1.1.12",
	  "Ensure auditing is configured for Dockerfiles and directories - "
	  "/etc/containerd/config.toml (Automated)",
	  HOSTCHK, 2, IG23, AUDIT_FIX("/etc/containerd/config.toml"), AUDIT_IMPACT, check_1_1_12,
	  MU_CIS17_18(AUDIT_TITLE "/etc/containerd/config.toml", Automated) },
	AUDIT_ROW("1.1.13", "/etc/sysconfig/docker (Automated)", "/etc/sysconfig/docker",
		  Automated, 2, check_1_1_13, AUDIT_FIX("/etc/sysconfig/docker")),
	AUDIT_ROW("1.1.14", "/usr/bin/containerd (Automated)", "/usr/bin/containerd", Automated,
		  2, check_1_1_14, AUDIT_FIX("/usr/bin/containerd")),
	AUDIT_ROW("1.1.15", "/usr/bin/containerd-shim (Automated)", "/usr/bin/containerd-shim",
		  Automated, 2, check_1_1_15, AUDIT_FIX("/usr/bin/containerd-shim")),
	AUDIT_ROW("1.1.16", "/usr/bin/containerd-shim-runc-v1 (Automated)",
		  "/usr/bin/containerd-shim-runc-v1", Manual, 2, check_1_1_16,
		  AUDIT_FIX("/usr/bin/containerd-shim-runc-v1")),
	AUDIT_ROW("1.1.17", "/usr/bin/containerd-shim-runc-v2 (Automated)",
		  "/usr/bin/containerd-shim-runc-v2", Automated, 2, check_1_1_17,
		  AUDIT_FIX("/usr/bin/containerd-shim-runc-v2")),
	AUDIT_ROW("1.1.18", "/usr/bin/runc (Automated)", "/usr/bin/runc", Automated, 2,
		  check_1_1_18, AUDIT_FIX("/usr/bin/runc")),
	{ "1.2", "General Configuration", DA_CHECK_HEADER, 0, NULL, NULL, NULL, NULL, NULL },
	{ "1.2.1", "Ensure the container host has been Hardened (Manual)", DA_CHECK_MANUAL, 1,
	  IG23,
	  "Harden the host with a security baseline for its operating system, such as the CIS "
	  "benchmark of the distribution.",
	  "None.", check_1_2_1,
	  MU_CIS17_18("Ensure the container host has been Hardened", Manual) },
	{ "1.2.2", "Ensure that the version of Docker is up to date (Manual)", DA_CHECK_MANUAL, 1,
	  IG23,
	  "Follow Docker Engine releases and update within a release line that is still "
	  "maintained, by upstream or by your operating system vendor.",
	  "Assess the risk of each update and how it affects running workloads before "
	  "applying it.",
	  check_1_2_2,
	  MU_CIS17_18("Ensure that the version of Docker is up to date", Manual) },
};

DA_EXPORT const struct da_module DA_MODULE_SYMBOL_FOR(host) = {
	DA_MODULE_HEAD,
	.name = "host",
	.version = "1.0",
	.section = "1",
	.section_title = "Host Configuration",
	.group = "host_configuration",
	.checks = checks,
	.n_checks = DA_COUNT(checks),
};
