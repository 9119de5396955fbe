/*
 * Section 4 of the CIS Docker Benchmark, "Container Images and Build File".
 * 4.1 walks targets.containers and reads each container's Config.User;
 * 4.5 reads the scanner's environment recorded in host.env
 * (DOCKER_CONTENT_TRUST); 4.6, 4.7 and 4.9 walk targets.images and read
 * each image's inspect object (Config.Healthcheck, RepoTags) and the history
 * dockaudit stores beside it under "_history" (GET /images/{id}/history,
 * newest layer first, CreatedBy of each).  The other checks are manual.
 *
 * An object whose data cannot be read (a field missing or of the wrong
 * JSON type) makes the check an ERROR naming the object and the field; the
 * items of the objects that did fail are kept.
 */
#include <dockaudit/module.h>

#include "../common/modutil.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* 4.1 container user                                                        */

/*
 * The user part of "user[:group]" is root when it is empty, "root", or a
 * number equal to 0 ("0", "00").
 */
static bool user_is_root(const char *u)
{
	size_t n = strcspn(u, ":"), i;

	if (n == 0 || (n == 4 && strncmp(u, "root", 4) == 0))
		return true;
	for (i = 0; i < n; i++)
		if (u[i] != '0')
			return false;
	return true;
}

static int c_user(struct mu_walk *w, const struct da_node *c)
{
	const struct da_node *cfg;
	const char *user;

	if (mu_get_typed(w, c, "Config", DA_NODE_OBJECT, true, &cfg) < 0 ||
	    mu_get_str(w, c, "Config.User", false, &user) < 0)
		return MU_ERR;
	if (user && !user_is_root(user))
		return MU_OK;
	if (user && *user)
		mu_walk_item(w, "running as root (User \"%.64s\")", user);
	else
		mu_walk_item(w, "running as root (no User set)");
	return MU_FAIL;
}

static void check_4_1(const struct da_host *h, const struct da_probe *p,
		      struct da_result *res)
{
	mu_run_each(h, p, res, false, false, c_user, NULL, DA_WARN, "running as root");
}

/* ------------------------------------------------------------------------ */
/* 4.5 content trust                                                         */

static void check_4_5(const struct da_host *h, const struct da_probe *p,
		      struct da_result *res)
{
	const struct da_node *env = mu_host(h, p, "env");
	const struct da_node *v;
	const char *val;

	if (h->type(env) != DA_NODE_OBJECT) {
		if (h->type(env) == DA_NODE_NULL && !mu_host_available(h, p)) {
			const char *why = h->str(mu_host(h, p, NULL), "reason");
			h->set(res, DA_INFO, "scanner environment not available: %.200s",
			       why ? why : "no host facts");
		} else {
			h->set(res, DA_ERROR, "scanner environment (host.env) %s",
			       h->type(env) == DA_NODE_NULL ? "missing from the probe"
							    : "is not an object");
		}
		return;
	}
	v = h->member(env, "DOCKER_CONTENT_TRUST");
	if (h->type(v) == DA_NODE_NULL) {
		h->set(res, DA_WARN, "DOCKER_CONTENT_TRUST is not set");
		return;
	}
	val = h->str(v, NULL);
	if (!val) {
		h->set(res, DA_ERROR, "cannot read DOCKER_CONTENT_TRUST of the scanner environment: not a string");
		return;
	}
	if (strcmp(val, "1") == 0)
		h->set(res, DA_PASS, "DOCKER_CONTENT_TRUST is 1");
	else
		h->set(res, DA_WARN, "DOCKER_CONTENT_TRUST is \"%.32s\", not 1", val);
}

/* ------------------------------------------------------------------------ */
/* 4.6 HEALTHCHECK                                                           */

static int i_healthcheck(struct mu_walk *w, const struct da_node *img)
{
	const struct da_node *cfg, *hc, *test;
	const char *first = NULL;

	if (mu_get_typed(w, img, "Config", DA_NODE_OBJECT, false, &cfg) < 0)
		return MU_ERR;
	if (mu_get_typed(w, img, "Config.Healthcheck", DA_NODE_OBJECT, false, &hc) < 0 ||
	    mu_get_typed(w, img, "Config.Healthcheck.Test", DA_NODE_ARRAY, false, &test) < 0)
		return MU_ERR;
	if (test && w->h->len(test) > 0) {
		first = w->h->str(w->h->at(test, 0), NULL);
		if (!first)
			return mu_werr(w, "Config.Healthcheck.Test", "an element is not a string");
		if (strcmp(first, "NONE") != 0)
			return MU_OK;
		mu_walk_item(w, "HEALTHCHECK NONE");
		return MU_FAIL;
	}
	mu_walk_item(w, "no HEALTHCHECK");
	return MU_FAIL;
}

MU_EACH_CHECK(check_4_6, true, i_healthcheck, NULL, DA_WARN, "without a HEALTHCHECK")

/* ------------------------------------------------------------------------ */
/* history: 4.7 update instructions, 4.9 ADD                                 */

/*
 * The Dockerfile instruction a history entry records, skipping the shell
 * wrapper of the classic builder ("/bin/sh -c #(nop)  CMD ...") and
 * BuildKit's instruction word ("RUN /bin/sh -c ...").  Returns the text
 * after the keyword and sets *kw to the keyword ("RUN" for a classic shell
 * line without "#(nop)").
 */
static const char *instruction(const char *cb, char *kw, size_t kwcap)
{
	const char *nop = strstr(cb, "#(nop)");
	const char *s;
	size_t n;

	if (nop) {
		s = nop + 6;
		s += strspn(s, " \t");
	} else {
		s = cb + strspn(cb, " \t");
	}
	n = strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
	if (n > 0 && n < kwcap && (s[n] == ' ' || s[n] == '\t' || s[n] == '\0')) {
		memcpy(kw, s, n);
		kw[n] = '\0';
		return s + n + strspn(s + n, " \t");
	}
	snprintf(kw, kwcap, "%s", nop ? "?" : "RUN");
	return s;
}

/* Package managers and which of their subcommands refresh or install. */
struct pkgmgr {
	const char *name;
	const char *const *update;
	const char *const *install;
};

static const char *const up_apt[] = { "update", NULL };
static const char *const in_apt[] = { "install", "upgrade", "dist-upgrade",
				      "full-upgrade", "build-dep", NULL };
static const char *const up_apk[] = { "update", NULL };
static const char *const in_apk[] = { "add", "upgrade", NULL };
static const char *const up_yum[] = { "update", "makecache", "check-update", NULL };
static const char *const in_yum[] = { "install", "upgrade", "groupinstall",
				      "reinstall", "localinstall", NULL };
static const char *const up_zyp[] = { "refresh", "ref", NULL };
static const char *const in_zyp[] = { "install", "in", "update", "up", "dist-upgrade",
				      "dup", "patch", NULL };

static const struct pkgmgr pkgmgrs[] = {
	{ "apt-get", up_apt, in_apt },
	{ "apt", up_apt, in_apt },
	{ "aptitude", up_apt, in_apt },
	{ "apk", up_apk, in_apk },
	{ "yum", up_yum, in_yum },
	{ "dnf", up_yum, in_yum },
	{ "microdnf", up_yum, in_yum },
	{ "tdnf", up_yum, in_yum },
	{ "zypper", up_zyp, in_zyp },
};

#define TOK_MAX 64

/* Quotes, brackets and commas (exec form) only separate words here. */
#define SPACING " \t\r\"'[],\\"
#define SEPARATORS ";&|()`\n"

/*
 * Next word of a shell line: separators end a simple command and are
 * returned as ";"; a comment runs to the end of its line.  Returns false
 * at the end.
 */
static bool next_token(const char **sp, char *tok, size_t cap)
{
	const char *s = *sp;
	size_t n = 0;

	for (;;) {
		s += strspn(s, SPACING);
		if (*s != '#')
			break;
		s += strcspn(s, "\n");
	}
	if (!*s)
		return false;
	if (strchr(SEPARATORS, *s)) {
		s += strspn(s, SEPARATORS);
		snprintf(tok, cap, ";");
		*sp = s;
		return true;
	}
	while (*s && !strchr(SPACING SEPARATORS, *s)) {
		if (n + 1 < cap)
			tok[n++] = *s;
		s++;
	}
	tok[n] = '\0';
	*sp = s;
	return true;
}

/* NAME=value */
static bool is_assignment(const char *t)
{
	size_t n = strspn(t, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_");
	return n > 0 && t[n] == '=' && !(t[0] >= '0' && t[0] <= '9');
}

/*
 * Words that may come before the command itself: the shell wrapper
 * ("/bin/sh -c"), sudo and env, shell keywords.  Their options and
 * the classic builder's "|<n>" build-argument count are skipped too.
 */
static bool is_prefix_word(const char *t, const char *base)
{
	static const char *const words[] = {
		"sudo", "env", "exec", "nice", "nohup", "time", "command", "then", "do",
		"else", "if", "while", "until", "!", "{", "sh", "bash", "ash", "dash",
		"zsh", NULL
	};

	return t[0] == '-' || is_assignment(t) || strspn(t, "0123456789") == strlen(t) ||
	       mu_str_in(base, words);
}

/*
 * Scans one RUN line for package-manager commands: sets *update when one
 * refreshes the index and *install when one installs or upgrades.  Only a
 * word in command position names a command ("echo apt-get update" does
 * not).
 */
static void scan_run(const char *line, bool *update, bool *install)
{
	const char *s = line;
	char tok[TOK_MAX];
	const struct pkgmgr *mgr = NULL;
	bool cmdpos = true;

	while (next_token(&s, tok, sizeof(tok))) {
		const char *base;
		size_t i;

		if (strcmp(tok, ";") == 0) {
			mgr = NULL;
			cmdpos = true;
			continue;
		}
		if (mgr) {
			if (mu_str_in(tok, mgr->update)) {
				*update = true;
				mgr = NULL;
			} else if (mu_str_in(tok, mgr->install)) {
				*install = true;
				mgr = NULL;
			}
			/* options and their values: keep looking */
			continue;
		}
		if (!cmdpos)
			continue;
		base = strrchr(tok, '/');
		base = base ? base + 1 : tok;
		if (is_prefix_word(tok, base))
			continue;
		cmdpos = false;
		for (i = 0; i < DA_COUNT(pkgmgrs); i++)
			if (strcmp(base, pkgmgrs[i].name) == 0)
				mgr = &pkgmgrs[i];
	}
}

/* Walks _history; fn returns true on a finding for that entry. */
typedef bool (*history_fn)(struct mu_walk *w, const char *created_by, bool oldest);

static int walk_history(struct mu_walk *w, const struct da_node *img, history_fn fn)
{
	const struct da_node *hist;
	size_t i, n;
	int r = MU_OK;

	if (mu_get_typed(w, img, "_history", DA_NODE_ARRAY, true, &hist) < 0)
		return MU_ERR;
	n = w->h->len(hist);
	for (i = 0; i < n; i++) {
		const struct da_node *e = w->h->at(hist, i);
		const char *cb;

		if (w->h->type(e) != DA_NODE_OBJECT)
			return mu_werr(w, "_history", "an entry is not an object");
		if (mu_get_str(w, e, "CreatedBy", false, &cb) < 0)
			return MU_ERR;
		if (cb && fn(w, cb, i + 1 == n))
			r = MU_FAIL;
	}
	return r;
}

/*
 * The script of a RUN line without the shell wrapper and BuildKit's mark
 * (also used for the arguments of ADD); returns its length, at most 120.
 */
static int run_script(const char *rest, const char **script)
{
	const char *sh = strstr(rest, "/bin/sh -c ");
	size_t n;

	*script = sh ? sh + 11 : rest;
	n = strlen(*script);
	if (n >= 11 && strcmp(*script + n - 11, " # buildkit") == 0)
		n -= 11;
	return n > 120 ? 120 : (int)n;
}

static bool h_update(struct mu_walk *w, const char *cb, bool oldest)
{
	char kw[16];
	const char *rest = instruction(cb, kw, sizeof(kw)), *script;
	bool update = false, install = false;
	int n;

	if (strcmp(kw, "RUN") != 0)
		return false;
	scan_run(rest, &update, &install);
	if (!update || install)
		return false;
	n = run_script(rest, &script);
	mu_walk_item(w, "update without install: RUN %.*s", n, script);
	return true;
}

static int i_update(struct mu_walk *w, const struct da_node *img)
{
	return walk_history(w, img, h_update);
}

MU_EACH_CHECK(check_4_7, true, i_update, NULL, DA_INFO, "with an update instruction used alone")

static bool h_add(struct mu_walk *w, const char *cb, bool oldest)
{
	char kw[16];
	const char *rest;
	int n;

	/* The oldest entry is the base layer, which is always an ADD. */
	if (oldest)
		return false;
	rest = instruction(cb, kw, sizeof(kw));
	if (strcmp(kw, "ADD") != 0)
		return false;
	n = run_script(rest, &rest);
	mu_walk_item(w, "ADD %.*s", n, rest);
	return true;
}

static int i_add(struct mu_walk *w, const struct da_node *img)
{
	return walk_history(w, img, h_add);
}

MU_EACH_CHECK(check_4_9, true, i_add, NULL, DA_INFO, "built with ADD")

/* ------------------------------------------------------------------------ */
/* manual checks                                                             */

MU_NOTE_CHECK(check_4_2,
	      "confirm that base images come from trusted, verified sources")

MU_NOTE_CHECK(check_4_3,
	      "review the packages installed in each image")

MU_NOTE_CHECK(check_4_4,
	      "confirm that images are scanned and rebuilt with security patches")

MU_NOTE_CHECK(check_4_8,
	      "review setuid and setgid files in each image")

MU_NOTE_CHECK(check_4_10,
	      "review Dockerfiles and image layers for secrets")

MU_NOTE_CHECK(check_4_11,
	      "confirm that packages are installed from verified sources")

MU_NOTE_CHECK(check_4_12,
	      "confirm that signed artifacts are validated before use")

/* ------------------------------------------------------------------------ */
/* the table                                                                 */

#define IG123 "cis_controls_v8_ig1 cis_controls_v8_ig2 cis_controls_v8_ig3"
#define IG23 "cis_controls_v8_ig2 cis_controls_v8_ig3"
#define IG3 "cis_controls_v8_ig3"

#define S DA_CHECK_SCORED
#define M DA_CHECK_MANUAL

static const struct da_check checks[] = {
	{ "4.1", "Ensure that a user for the container has been created (Automated)", S, 1, NULL,
	  "Create a non-root user in the Dockerfile (useradd) and switch to it with USER, "
	  "or run the container with --user.",
	  "Files in bind mounts may need new ownership for the non-root user.", check_4_1,
	  MU_CIS17_18("Ensure that a user for the container has been created", Manual) },
	{ "4.2", "Ensure that containers use only trusted base images (Manual)", M, 1, IG23,
	  "Build from images of known origin, enable content trust, review image history and "
	  "scan images for vulnerabilities.",
	  NULL, check_4_2,
	  MU_CIS17_18("Ensure that containers use only trusted base images", Manual) },
	{ "4.3", "Ensure that unnecessary packages are not installed in the container (Manual)",
	  M, 1, IG23,
	  "Start from minimal base images and install only what the application needs.",
	  NULL, check_4_3,
	  MU_CIS17_18("Ensure that unnecessary packages are not installed in the container",
		      Manual) },
	{ "4.4", "Ensure images are scanned and rebuilt to include security patches (Manual)",
	  M, 1, IG23,
	  "Scan images regularly, rebuild them on patched base images and replace the running "
	  "containers.",
	  NULL, check_4_4,
	  MU_CIS17_18("Ensure images are scanned and rebuilt to include security patches",
		      Manual) },
	{ "4.5", "Ensure Content trust for Docker is Enabled (Automated)", S, 2, NULL,
	  "Set DOCKER_CONTENT_TRUST=1 in the environment of Docker clients "
	  "(for example in /etc/environment).",
	  "Unsigned tagged images can no longer be pulled, pushed or run.", check_4_5,
	  MU_CIS17_18("Ensure Content trust for Docker is Enabled", Manual) },
	{ "4.6", "Ensure that HEALTHCHECK instructions have been added to container images (Automated)",
	  S, 1, IG3,
	  "Add a HEALTHCHECK instruction to each image's Dockerfile and rebuild it.",
	  NULL, check_4_6,
	  MU_CIS17_18("Ensure that HEALTHCHECK instructions have been added to container images",
		      Manual) },
	{ "4.7", "Ensure update instructions are not used alone in the Dockerfile (Manual)",
	  M, 1, IG23,
	  "Refresh the package index in the same RUN as the install (apt-get update && apt-get "
	  "install ...), pin package versions, or build with --no-cache.",
	  "Builds take longer without the layer cache.", check_4_7,
	  MU_CIS17_18("Ensure update instructions are not used alone in Dockerfiles", Manual) },
	{ "4.8", "Ensure setuid and setgid permissions are removed (Manual)", M, 2, IG123,
	  "Remove setuid and setgid bits in the image, for example with "
	  "find / -perm /6000 -type f -exec chmod a-s {} + during the build.",
	  "Programs that rely on setuid or setgid stop working.", check_4_8,
	  MU_CIS17_18("Ensure setuid and setgid permissions are removed", Manual) },
	{ "4.9", "Ensure that COPY is used instead of ADD in Dockerfiles (Manual)", M, 1, IG23,
	  "Use COPY unless the extra features of ADD (remote URLs, archive extraction) are needed.",
	  "Fetching remote files or unpacking archives needs an explicit step.", check_4_9,
	  MU_CIS17_18("Ensure that COPY is used instead of ADD in Dockerfiles", Manual) },
	{ "4.10", "Ensure secrets are not stored in Dockerfiles (Manual)", M, 1, NULL,
	  "Pass secrets at build time with BuildKit secret mounts or at run time with a secrets "
	  "manager, never in Dockerfiles or layers.",
	  NULL, check_4_10,
	  MU_CIS17_18("Ensure secrets are not stored in Dockerfiles", Manual) },
	{ "4.11", "Ensure only verified packages are installed (Manual)", M, 2, IG123,
	  "Install packages from signed repositories and verify their signatures or checksums.",
	  NULL, check_4_11,
	  MU_CIS17_18("Ensure only verified packages are installed", Manual) },
	{ "4.12", "Ensure all signed artifacts are validated (Manual)", M, 1, IG3,
	  "Validate the signatures of artifacts before they are used or uploaded.",
	  NULL, check_4_12,
	  MU_CIS17_18("Ensure all signed artifacts are validated", Manual) },
};

DA_EXPORT const struct da_module DA_MODULE_SYMBOL_FOR(images) = {
	DA_MODULE_HEAD,
	.name = "images",
	.version = "1.0",
	.section = "4",
	.section_title = "Container Images and Build File",
	.group = "container_images",
	.checks = checks,
	.n_checks = DA_COUNT(checks),
};
