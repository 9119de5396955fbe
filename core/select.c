/*
 * Check selection.  Both -c and -e are expanded to sets of checks, all the
 * way down (groups of groups included), and the run takes the difference,
 * so "-c cis -e 2.2" never runs 2.2 (docker-bench-security expands -e one
 * level only).
 */
#include "config.h"

#include "select.h"
#include "util.h"

#include <ctype.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* docker-bench-security groups that dockaudit's bundled modules do not have. */
static const char *const empty_groups[] = {
	"docker_enterprise_configuration", "docker_enterprise_configuration_level1",
	"universal_control_plane_configuration", "docker_trusted_registry_configuration",
	"community", "community_checks", NULL
};

/* Sub-section groups of docker-bench-security that are id prefixes here. */
static const struct {
	const char *group;
	const char *prefix;
} prefix_groups[] = {
	{ "linux_hosts_specific_configuration", "1.1" },
	{ "host_general_configuration", "1.2" },
};

static bool is_numeric_section(const char *s)
{
	if (!s || !*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

/* True when id is prefix or starts with "prefix." */
static bool id_under(const char *id, const char *prefix)
{
	size_t n = strlen(prefix);

	return strncmp(id, prefix, n) == 0 && (id[n] == '\0' || id[n] == '.');
}

static bool in_word_list(const char *list, const char *word)
{
	size_t n = strlen(word);
	const char *p = list;

	while (p && *p) {
		while (*p == ' ')
			p++;
		if (strncmp(p, word, n) == 0 && (p[n] == ' ' || p[n] == '\0'))
			return true;
		p = strchr(p, ' ');
	}
	return false;
}

/*
 * A check in the reserved group "optional" (docs/modules.md) is not part of
 * "cis" nor of a run without -c: docker-bench-security's section 8 and its
 * community checks.
 */
static bool is_optional(const struct da_checkdef *def)
{
	return def->check && def->check->groups && in_word_list(def->check->groups, "optional");
}

/* "check_2_2" -> "2.2", "check_1" -> "1"; NULL when not of that form. */
static char *function_to_id(const char *term)
{
	const char *p;
	char *id, *q;

	if (strncmp(term, "check_", 6) != 0 || !term[6])
		return NULL;
	for (p = term + 6; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '_')
			return NULL;
	id = da_xstrdup(term + 6);
	for (q = id; *q; q++)
		if (*q == '_')
			*q = '.';
	/* docker-bench's community ids are "C.x": check_c_1 -> C.1 */
	if (id[0] == 'c')
		id[0] = 'C';
	return id;
}

/* Matches a group name, with an optional "_level1"/"_level2" suffix. */
static bool group_matches(const struct da_checkdef *def, const char *term)
{
	const char *sec_group = NULL;
	char base[128];
	int level = 0;
	size_t n = strlen(term), i;

	if (n >= sizeof(base))
		return false;
	memcpy(base, term, n + 1);
	if (n > 7 && strncmp(base + n - 7, "_level", 6) == 0 &&
	    (base[n - 1] == '1' || base[n - 1] == '2')) {
		level = base[n - 1] - '0';
		base[n - 7] = '\0';
	}
	if (level && def->level != level)
		return false;
	if (strcmp(base, "all") == 0)
		return true;
	if (strcmp(base, "cis") == 0)
		return is_numeric_section(def->section->id) && !is_optional(def);
	for (i = 0; i < sizeof(prefix_groups) / sizeof(prefix_groups[0]); i++)
		if (strcmp(base, prefix_groups[i].group) == 0)
			return id_under(def->id, prefix_groups[i].prefix);
	if (def->check && def->check->groups && in_word_list(def->check->groups, base))
		return true;
	/* the section's own group, found through the module's descriptor */
	sec_group = def->section->group;
	return sec_group && strcmp(sec_group, base) == 0;
}

bool da_select_term_matches(const struct da_checkdef *def, const char *term)
{
	char *fid;
	bool m;

	if (!term || !*term)
		return false;
	/* section id: "5" */
	if (strcmp(def->section->id, term) == 0)
		return true;
	/* exact id, or a sub-section id covering its checks: "1.1" */
	if (id_under(def->id, term))
		return true;
	/* glob on ids: "5.*", "1.1.?" */
	if (strpbrk(term, "*?[") && fnmatch(term, def->id, 0) == 0)
		return true;
	fid = function_to_id(term);
	if (fid) {
		m = strcmp(def->section->id, fid) == 0 || id_under(def->id, fid);
		free(fid);
		return m;
	}
	return group_matches(def, term);
}

static bool known_empty(const char *term)
{
	size_t i;

	for (i = 0; empty_groups[i]; i++)
		if (strcmp(empty_groups[i], term) == 0)
			return true;
	return false;
}

/* Marks every check matched by one of the comma-separated terms. */
static int expand(const struct da_catalog *cat, const char *list, const char *flag,
		  bool *set, char *err, size_t errlen)
{
	char *copy = da_xstrdup(list), *tok, *save = NULL;
	int rc = DA_OK;
	size_t i;

	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		bool any = false;
		while (*tok == ' ')
			tok++;
		if (!*tok)
			continue;
		for (i = 0; i < cat->n_defs; i++)
			if (da_select_term_matches(&cat->defs[i], tok)) {
				set[i] = true;
				any = true;
			}
		if (!any && !known_empty(tok)) {
			snprintf(err, errlen, "%s: no check matches '%.100s' (see --list-checks)",
				 flag, tok);
			rc = DA_ERR_INVALID;
			break;
		}
	}
	free(copy);
	return rc;
}

/* A sub-section header is shown when one of the checks after it runs. */
static void select_headers(const struct da_catalog *cat, const bool *ex, bool *selected)
{
	size_t i, j;

	for (i = 0; i < cat->n_defs; i++) {
		if (!(cat->defs[i].flags & DA_CHECK_HEADER) || (ex && ex[i]))
			continue;
		selected[i] = false;
		/* it covers the checks after it, up to the next header */
		for (j = i + 1; j < cat->n_defs && cat->defs[j].section == cat->defs[i].section &&
		     !(cat->defs[j].flags & DA_CHECK_HEADER); j++)
			if (selected[j]) {
				selected[i] = true;
				break;
			}
	}
}

void da_select_level(const struct da_catalog *cat, int level, bool *selected)
{
	size_t i;

	for (i = 0; i < cat->n_defs; i++)
		if (!(cat->defs[i].flags & DA_CHECK_HEADER) &&
		    (cat->defs[i].level < 1 || cat->defs[i].level > level))
			selected[i] = false;
	select_headers(cat, NULL, selected);
}

int da_select(const struct da_catalog *cat, const char *include, const char *exclude,
	      bool *selected, char *err, size_t errlen)
{
	bool *ex = da_xcalloc(cat->n_defs ? cat->n_defs : 1, sizeof(bool));
	int rc = DA_OK;
	size_t i;

	memset(selected, 0, cat->n_defs * sizeof(bool));
	if (include && *include)
		rc = expand(cat, include, "-c", selected, err, errlen);
	else
		for (i = 0; i < cat->n_defs; i++)
			selected[i] = !is_optional(&cat->defs[i]);
	if (rc == DA_OK && exclude && *exclude)
		rc = expand(cat, exclude, "-e", ex, err, errlen);
	for (i = 0; i < cat->n_defs; i++)
		if (ex[i] || (cat->defs[i].flags & DA_CHECK_HEADER))
			selected[i] = false;
	select_headers(cat, ex, selected);
	free(ex);
	return rc;
}

/* True when s contains t, ASCII case ignored. */
static bool contains_nocase(const char *s, const char *t)
{
	size_t n = strlen(t);

	for (; s && *s; s++)
		if (strncasecmp(s, t, n) == 0)
			return true;
	return false;
}

bool da_engine_is_enterprise(const char *platform, const char *version)
{
	const char *ee;

	if (contains_nocase(platform, "enterprise") || contains_nocase(platform, "mirantis"))
		return true;
	for (ee = version ? strstr(version, "-ee") : NULL; ee; ee = strstr(ee + 1, "-ee"))
		if (ee[3] == '\0' || ee[3] == '-' || ee[3] == '.')
			return true;
	return false;
}

void da_select_engine(const struct da_catalog *cat, bool enterprise, bool *selected)
{
	size_t i;

	if (enterprise)
		return;
	for (i = 0; i < cat->n_defs; i++) {
		const struct da_checkdef *d = &cat->defs[i];

		if (!(d->flags & DA_CHECK_HEADER) && d->check && d->check->groups &&
		    in_word_list(d->check->groups, "enterprise_only"))
			selected[i] = false;
	}
	select_headers(cat, NULL, selected);
}
