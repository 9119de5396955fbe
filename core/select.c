/*
 * Check selection.  Both -c and -e are expanded to sets of checks, all the
 * way down (groups of groups included), and the run takes the difference,
 * so "-c cis -e 2.2" never runs 2.2 (docker-bench-security expands -e one
 * level only).
 */
#include "config.h"

#include "escape.h"
#include "select.h"
#include "util.h"

#include <ctype.h>
#include <fnmatch.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static char *xstrndup(const char *s, size_t n)
{
	char *d = da_xmalloc(n + 1);

	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

/* At most 100 bytes of a user's term, escaped for one line of stderr. */
static void quote_term(struct da_buf *b, const char *s, size_t n)
{
	char *cut;

	bool more = n > 100;

	cut = xstrndup(s, more ? 100 : n);
	da_buf_addc(b, '\'');
	da_escape_text(b, cut);
	da_buf_adds(b, more ? "...'" : "'");
	free(cut);
}

/*
 * Marks every check matched by one of the comma-separated terms.  Spaces
 * around a term are dropped; an empty term (",", " ", "2.2,") is an error,
 * as is a term that matches nothing.
 */
static int expand(const struct da_catalog *cat, const char *list, const char *flag,
		  bool *set, char *err, size_t errlen)
{
	const char *p = list, *end;
	struct da_buf msg = { 0 };
	int rc = DA_OK;
	size_t i;

	for (;;) {
		const char *comma = strchr(p, ',');
		char *tok;
		bool any = false;

		end = comma ? comma : p + strlen(p);
		while (p < end && *p == ' ')
			p++;
		while (end > p && end[-1] == ' ')
			end--;
		if (p == end) {
			quote_term(&msg, list, strlen(list));
			snprintf(err, errlen, "%s: empty term in %s (a comma list of checks)",
				 flag, da_buf_str(&msg));
			rc = DA_ERR_INVALID;
			break;
		}
		tok = xstrndup(p, (size_t)(end - p));
		for (i = 0; i < cat->n_defs; i++)
			if (da_select_term_matches(&cat->defs[i], tok)) {
				set[i] = true;
				any = true;
			}
		if (!any && !known_empty(tok)) {
			quote_term(&msg, tok, strlen(tok));
			snprintf(err, errlen, "%s: no check matches %s (see --list-checks)",
				 flag, da_buf_str(&msg));
			rc = DA_ERR_INVALID;
		}
		free(tok);
		if (rc != DA_OK || !comma)
			break;
		p = comma + 1;
	}
	da_buf_release(&msg);
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

int da_select_nonempty(const struct da_catalog *cat, const bool *selected,
		       const char *include, const char *exclude, int level,
		       char *err, size_t errlen)
{
	struct da_buf how = { 0 };
	size_t i;

	for (i = 0; i < cat->n_defs; i++)
		if (selected[i] && !(cat->defs[i].flags & DA_CHECK_HEADER))
			return DA_OK;
	if (include && *include) {
		da_buf_adds(&how, "-c ");
		quote_term(&how, include, strlen(include));
	}
	if (exclude && *exclude) {
		da_buf_adds(&how, how.len ? " -e " : "-e ");
		quote_term(&how, exclude, strlen(exclude));
	}
	if (level)
		da_buf_addf(&how, "%s--level %d", how.len ? " " : "", level);
	if (how.len)
		snprintf(err, errlen, "the selection leaves no check to run (%s)", da_buf_str(&how));
	else
		snprintf(err, errlen, "the selection leaves no check to run");
	da_buf_release(&how);
	return DA_ERR_INVALID;
}

/* --- -i/-x patterns ------------------------------------------------------ */

/*
 * glibc's regcomp writes every counted repetition out ("x{3}" is "xxx"),
 * and doubles what "+" repeats, so "((x{255}){255}){255}" is 16 million
 * nodes: gigabytes and tens of seconds before a single name is matched.
 * A pattern is weighed first, in elements: a character, a bracket
 * expression or an escape is one; "?" and "*" add one to what they repeat,
 * "+" doubles it and adds one, "{n,m}" multiplies it by its largest count,
 * "|" adds one.  The sums stop growing at ELEMENTS_CAP.
 */
#define ELEMENTS_CAP ((uint64_t)1 << 40)

struct ere_scan {
	const char *p;
	const char *backref; /* the first "\1".."\9" */
};

static uint64_t cap_add(uint64_t a, uint64_t b)
{
	return a + b > ELEMENTS_CAP ? ELEMENTS_CAP : a + b;
}

static uint64_t cap_mul(uint64_t a, uint64_t b)
{
	return b && a > ELEMENTS_CAP / b ? ELEMENTS_CAP : a * b;
}

/*
 * A bound at p ("{n}", "{n,}", "{n,m}", "{,m}"): its length, with its
 * largest count in *count (n + 1 for "{n,}", at least 1); 0 when p does not
 * start a bound (regcomp judges it).
 */
static size_t ere_bound(const char *p, uint64_t *count)
{
	const char *q = p + 1;
	uint64_t n = 0, m = 0;
	bool has_n = false, has_m = false, comma = false;

	for (; isdigit((unsigned char)*q); q++, has_n = true)
		n = cap_add(cap_mul(n, 10), (uint64_t)(*q - '0'));
	if (*q == ',') {
		comma = true;
		for (q++; isdigit((unsigned char)*q); q++, has_m = true)
			m = cap_add(cap_mul(m, 10), (uint64_t)(*q - '0'));
	}
	if (*q != '}' || (!has_n && !has_m))
		return 0;
	*count = !comma ? n : has_m ? (m > n ? m : n) : cap_add(n, 1);
	if (*count == 0)
		*count = 1;
	return (size_t)(q + 1 - p);
}

/* Past the bracket expression that starts at p ("[", "[^", "[]...]", "[[:alpha:]]"). */
static const char *ere_bracket_end(const char *p)
{
	p++;
	if (*p == '^')
		p++;
	if (*p == ']')
		p++;
	while (*p && *p != ']') {
		if (*p == '[' && (p[1] == ':' || p[1] == '.' || p[1] == '=')) {
			char close = p[1];
			const char *q = p + 2;

			while (*q && !(q[0] == close && q[1] == ']'))
				q++;
			if (!*q)
				return q;
			p = q + 2;
			continue;
		}
		p++;
	}
	return *p ? p + 1 : p;
}

/* The elements from s->p to the ')' that closes this group (depth > 0) or the end. */
static uint64_t ere_elements(struct ere_scan *s, int depth)
{
	uint64_t total = 0, last = 0, count;
	size_t n;

	while (*s->p) {
		char c = *s->p;

		if (c == ')' && depth > 0)
			break;
		if (c == '|') {
			total = cap_add(total, cap_add(last, 1));
			last = 0;
			s->p++;
			continue;
		}
		if (last && (c == '*' || c == '?')) {
			last = cap_add(last, 1);
			s->p++;
			continue;
		}
		if (last && c == '+') {
			last = cap_add(cap_mul(last, 2), 1);
			s->p++;
			continue;
		}
		if (last && c == '{' && (n = ere_bound(s->p, &count)) > 0) {
			last = cap_mul(last, count);
			s->p += n;
			continue;
		}
		total = cap_add(total, last);
		last = 1;
		if (c == '(') {
			s->p++;
			last = ere_elements(s, depth + 1);
			if (*s->p == ')')
				s->p++;
			if (!last)
				last = 1;
		} else if (c == '[') {
			s->p = ere_bracket_end(s->p);
		} else if (c == '\\' && s->p[1]) {
			if (s->p[1] >= '1' && s->p[1] <= '9' && !s->backref)
				s->backref = s->p;
			s->p += 2;
		} else {
			s->p++;
		}
	}
	return cap_add(total, last);
}

uint64_t da_pattern_elements(const char *pat)
{
	struct ere_scan s = { pat, NULL };

	return ere_elements(&s, 0);
}

int da_pattern_compile(regex_t *re, const char *pat, const char *flag,
		       char *err, size_t errlen)
{
	struct ere_scan s = { pat, NULL };
	struct da_buf q = { 0 };
	size_t len = strlen(pat);
	uint64_t elements = 0;
	char why[160];
	int rc = DA_ERR_INVALID;

	quote_term(&q, pat, len);
	if (len > DA_PATTERN_MAX_LEN) {
		snprintf(err, errlen, "%s pattern refused: longer than %d bytes (%s is %zu bytes)",
			 flag, DA_PATTERN_MAX_LEN, da_buf_str(&q), len);
		goto out;
	}
	/* the length bounds the scan's recursion */
	elements = ere_elements(&s, 0);
	if (s.backref) {
		snprintf(err, errlen, "%s pattern refused: back-reference \\%c in %s "
			 "(matching one can take exponential time)", flag, s.backref[1],
			 da_buf_str(&q));
		goto out;
	}
	if (elements > DA_PATTERN_MAX_ELEMENTS) {
		snprintf(err, errlen, "%s pattern refused: repetition too large (%s written out "
			 "has %s%llu elements, at most %d)", flag, da_buf_str(&q),
			 elements >= ELEMENTS_CAP ? "more than " : "",
			 (unsigned long long)elements, DA_PATTERN_MAX_ELEMENTS);
		goto out;
	}
	rc = regcomp(re, pat, REG_EXTENDED | REG_NOSUB);
	if (rc != 0) {
		regerror(rc, re, why, sizeof(why));
		why[0] = (char)tolower((unsigned char)why[0]);
		snprintf(err, errlen, "%s pattern %s is invalid: %s", flag, da_buf_str(&q), why);
		rc = DA_ERR_INVALID;
		goto out;
	}
	rc = DA_OK;
out:
	da_buf_release(&q);
	return rc;
}

int da_patterns_check(const char *list, const char *flag, char *err, size_t errlen)
{
	char *copy, *tok, *save = NULL;
	uint64_t total = 0;
	int rc = DA_OK;
	regex_t re;

	if (!list || !*list)
		return DA_OK;
	copy = da_xstrdup(list);
	for (tok = strtok_r(copy, ",", &save); tok && rc == DA_OK;
	     tok = strtok_r(NULL, ",", &save)) {
		rc = da_pattern_compile(&re, tok, flag, err, errlen);
		if (rc != DA_OK)
			break;
		regfree(&re);
		/* each is bounded, so is their sum: no overflow */
		total += da_pattern_elements(tok);
		if (total > DA_PATTERNS_MAX_ELEMENTS) {
			snprintf(err, errlen, "%s patterns refused: too many (%zu bytes, more than "
				 "%d elements in all)", flag, strlen(list), DA_PATTERNS_MAX_ELEMENTS);
			rc = DA_ERR_INVALID;
		}
	}
	free(copy);
	return rc;
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
