/*
 * The text formatter: docker-bench-security's console look ("[WARN] 2.2 -
 * title", detail lines "[WARN]      * ..."), its Section A/B/C layout and
 * colours.  Lines are written as results arrive.  Every string that did
 * not come from this file goes through da_escape_text, so the only escape
 * sequences that reach the terminal are the colour codes below.
 */
#include "config.h"

#include "escape.h"
#include "format.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

#define C_BLUE "\033[1;34m"
#define C_GREEN "\033[1;32m"
#define C_RED "\033[1;31m"
#define C_YELLOW "\033[1;33m"
#define C_MAGENTA "\033[1;35m"
#define C_RESET "\033[0m"

#define RULE "# ------------------------------------------------------------" \
	"--------------------------------"

struct text_state {
	const struct da_report_section *cur; /* section of the last line */
	struct da_buf line;
	struct da_buf rem;   /* Section B, built as results arrive */
	const struct da_report_section *rem_sec;
};

static enum da_status norm_status(enum da_status s)
{
	return (unsigned)s <= DA_ERROR ? s : DA_ERROR;
}

static const char *tag_color(enum da_status s)
{
	static const char *const c[] = { C_GREEN, C_RED, C_BLUE, C_YELLOW,
					 C_MAGENTA };
	return c[norm_status(s)];
}

static const char *tag_name(enum da_status s)
{
	static const char *const t[] = { "[PASS]", "[WARN]", "[INFO]",
					 "[NOTE]", "[ERROR]" };
	return t[norm_status(s)];
}

static void buf_clear(struct da_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

/* As the original: only the tag is coloured, then the reset. */
static void add_tag(struct da_buf *b, bool color, enum da_status s)
{
	if (color)
		da_buf_addf(b, "%s%s%s ", tag_color(s), tag_name(s), C_RESET);
	else
		da_buf_addf(b, "%s ", tag_name(s));
}

static void add_yellow(struct da_buf *b, bool color, const char *s)
{
	if (color)
		da_buf_addf(b, "%s%s%s\n", C_YELLOW, s, C_RESET);
	else
		da_buf_addf(b, "%s\n", s);
}

/* "<id> - <title>", both escaped. */
static void add_id_title(struct da_buf *b, const char *id, const char *title)
{
	da_escape_text(b, id ? id : "");
	da_buf_adds(b, " - ");
	da_escape_text(b, title ? title : "");
}

static void add_section_line(struct da_buf *b, bool color,
			     const struct da_report_section *sec)
{
	const struct da_section *s = sec ? sec->section : NULL;

	add_tag(b, color, DA_INFO);
	add_id_title(b, s ? s->id : NULL, s ? s->title : NULL);
	da_buf_addc(b, '\n');
}

static int flush(struct da_output *out, struct da_buf *b)
{
	size_t n = b->len;
	int err = 0;

	if (n && fwrite(b->data, 1, n, out->fp) != n)
		err = DA_ERR_IO;
	buf_clear(b);
	return err;
}

static int text_begin(struct da_output *out, const struct da_report *r)
{
	struct text_state *st;
	struct da_buf b = { 0 };
	bool podman;
	int err;

	st = da_xcalloc(1, sizeof(*st));
	out->state = st;

	add_yellow(&st->line, out->color, RULE);
	da_buf_adds(&b, "# dockaudit ");
	da_escape_text(&b, r->tool_version ? r->tool_version : PACKAGE_VERSION);
	add_yellow(&st->line, out->color, da_buf_str(&b));
	buf_clear(&b);
	add_yellow(&st->line, out->color, "#");
	da_buf_adds(&b, "# Auditing ");
	da_escape_text(&b, r->endpoint ? r->endpoint : "(unknown endpoint)");
	if (r->endpoint_source) {
		/* how it was chosen, as the docker CLI chooses */
		da_buf_adds(&b, " (from ");
		da_escape_text(&b, r->endpoint_source);
		if (r->context) {
			da_buf_adds(&b, " context ");
			da_escape_text(&b, r->context);
		}
		da_buf_adds(&b, ")");
	}
	da_buf_adds(&b, " against ");
	da_escape_text(&b, r->benchmark_title ? r->benchmark_title :
		       r->benchmark ? r->benchmark : "(unknown benchmark)");
	add_yellow(&st->line, out->color, da_buf_str(&b));
	buf_clear(&b);
	podman = r->engine && strcmp(r->engine, "podman") == 0;
	da_buf_adds(&b, podman ? "# Engine: Podman, version " : "# Docker version ");
	da_escape_text(&b, r->docker_version ? r->docker_version : "unknown");
	add_yellow(&st->line, out->color, da_buf_str(&b));
	if (r->rootless > 0 && !podman) {
		buf_clear(&b);
		da_buf_adds(&b, "# Rootless daemon: checks of the system's Docker units and "
			    "files that do not apply to it report INFO (docs/rootless.md)");
		add_yellow(&st->line, out->color, da_buf_str(&b));
	}
	if (podman && r->dockerd_reason) {
		buf_clear(&b);
		da_buf_adds(&b, "# Checks of dockerd's process, flags and files: ");
		da_escape_text(&b, r->dockerd_reason);
		add_yellow(&st->line, out->color, da_buf_str(&b));
	} else if (r->have_dockerd && r->dockerd_reason) {
		buf_clear(&b);
		da_buf_adds(&b, "# ");
		da_escape_text(&b, r->dockerd_reason);
		da_buf_adds(&b, ": checks that need its process or files report INFO "
			    "(--daemon-pid names it)");
		add_yellow(&st->line, out->color, da_buf_str(&b));
	}
	if (r->unprivileged) {
		/* docker-bench-security warns "Some tests might require root to
		   run"; here each such check says so itself (docs/failures.md) */
		buf_clear(&b);
		if (r->uid >= 0)
			da_buf_addf(&b, "# Running as uid %ld (not root): ", r->uid);
		else
			da_buf_adds(&b, "# Running without root: ");
		da_buf_adds(&b, "some checks report INFO needs root");
		add_yellow(&st->line, out->color, da_buf_str(&b));
	}
	add_yellow(&st->line, out->color, RULE);
	da_buf_release(&b);

	da_buf_addc(&st->line, '\n');
	add_yellow(&st->line, out->color, "Section A - Check results");
	da_buf_addc(&st->line, '\n');
	err = flush(out, &st->line);
	return err;
}

static void add_remediation(struct text_state *st, bool color,
			    const struct da_report_section *sec,
			    const struct da_result *res)
{
	const struct da_checkdef *def = res->def;

	if (!def || !def->remediation || !*def->remediation)
		return;
	if (st->rem_sec != sec || st->rem.len == 0) {
		if (st->rem.len)
			da_buf_addc(&st->rem, '\n');
		add_section_line(&st->rem, color, sec);
		st->rem_sec = sec;
	}
	add_tag(&st->rem, color, DA_INFO);
	add_id_title(&st->rem, def->id, def->remediation);
	if (def->impact && *def->impact) {
		da_buf_adds(&st->rem, " Remediation Impact: ");
		da_escape_text(&st->rem, def->impact);
	}
	da_buf_addc(&st->rem, '\n');
}

/* " (waived: REASON, until DATE)", " (new)": what a finding's line ends with. */
static void add_marks(struct da_buf *b, const struct da_report *r,
		      const struct da_waiver *w, bool is_new)
{
	if (w) {
		da_buf_adds(b, " (waived: ");
		da_escape_text(b, w->justification);
		da_buf_adds(b, ", until ");
		da_escape_text(b, w->expires);
		da_buf_adds(b, ")");
	}
	if (r->baseline && is_new)
		da_buf_adds(b, " (new)");
}

static int text_result(struct da_output *out, const struct da_report *r,
			const struct da_report_section *sec,
			const struct da_result *res)
{
	struct text_state *st = out->state;
	struct da_buf *b;
	const struct da_checkdef *def;
	enum da_status s;
	size_t i;

	if (!st || !res)
		return DA_ERR_INVALID;
	b = &st->line;
	def = res->def;
	if (sec != st->cur) {
		if (st->cur)
			da_buf_addc(b, '\n');
		add_section_line(b, out->color, sec);
		st->cur = sec;
	}
	if (da_result_is_header(res)) {
		add_tag(b, out->color, DA_INFO);
		add_id_title(b, def ? def->id : NULL, def ? def->title : NULL);
		da_buf_addc(b, '\n');
		return flush(out, b);
	}

	s = norm_status(res->status);
	add_tag(b, out->color, s);
	add_id_title(b, def ? def->id : NULL, def ? def->title : NULL);
	if (da_result_has_findings(res) && res->n_items == 0)
		add_marks(b, r, res->waiver, res->is_new);
	da_buf_addc(b, '\n');
	if (res->detail && *res->detail) {
		add_tag(b, out->color, s);
		da_buf_adds(b, "     * ");
		da_escape_text(b, res->detail);
		da_buf_addc(b, '\n');
	}
	for (i = 0; i < res->n_items; i++) {
		struct da_buf item = { 0 };

		da_format_item(&item, &res->items[i]);
		add_tag(b, out->color, s);
		da_buf_adds(b, "     * ");
		da_escape_text(b, da_buf_str(&item));
		if (da_result_has_findings(res))
			add_marks(b, r, res->items[i].waiver, res->items[i].is_new);
		da_buf_addc(b, '\n');
		da_buf_release(&item);
	}
	if (res->total_items > res->n_items) {
		add_tag(b, out->color, s);
		da_buf_addf(b, "     * (truncated: %zu more not shown)\n",
			    res->total_items - res->n_items);
	}
	if (r->print_remediation && s != DA_PASS)
		add_remediation(st, out->color, sec, res);
	return flush(out, b);
}

static void add_counts(struct da_buf *b, const struct da_report *r,
		       const struct da_counts *c)
{
	da_buf_addf(b, "%d PASS, %d WARN, %d INFO, %d NOTE, %d ERROR",
		    c->count[DA_PASS], c->count[DA_WARN], c->count[DA_INFO],
		    c->count[DA_NOTE], c->count[DA_ERROR]);
	if (r->have_waivers)
		da_buf_addf(b, ", %d waived", c->waived);
	if (r->baseline)
		da_buf_addf(b, ", %d new", c->fresh);
	da_buf_addc(b, '\n');
}

/*
 * Section D: counts per section and in all (checks by status; findings
 * waived and new), the waivers that expired, the findings fixed since the
 * baseline.
 */
static void add_summary(struct da_buf *b, bool color, const struct da_report *r)
{
	struct da_counts all;
	size_t i, j;

	memset(&all, 0, sizeof(all));
	da_buf_addc(b, '\n');
	add_yellow(b, color, "Section D - Summary");
	da_buf_addc(b, '\n');
	for (i = 0; i < r->n_sections; i++) {
		const struct da_report_section *sec = &r->sections[i];
		const struct da_section *s = sec->section;

		if (sec->counts.checks == 0)
			continue;
		add_tag(b, color, DA_INFO);
		add_id_title(b, s ? s->id : NULL, s ? s->title : NULL);
		da_buf_adds(b, ": ");
		add_counts(b, r, &sec->counts);
	}
	all.checks = r->checks;
	memcpy(all.count, r->count, sizeof(all.count));
	all.waived = r->waived;
	all.fresh = r->fresh;
	add_tag(b, color, DA_INFO);
	da_buf_adds(b, "Total: ");
	add_counts(b, r, &all);
	for (i = 0; i < r->n_waivers; i++) {
		const struct da_waiver *w = &r->waivers[i];

		if (!w->expired)
			continue;
		add_tag(b, color, DA_WARN);
		da_buf_addf(b, "Waiver expired (line %d): ", w->line);
		da_escape_text(b, w->check);
		for (j = 0; j < w->n_objects; j++) {
			da_buf_adds(b, j ? ", " : " for ");
			da_escape_text(b, w->objects[j]);
		}
		da_buf_adds(b, " ended ");
		da_escape_text(b, w->expires);
		da_buf_adds(b, ": ");
		da_escape_text(b, w->justification);
		da_buf_adds(b, " (waives nothing)\n");
	}
	if (r->baseline) {
		add_tag(b, color, DA_INFO);
		da_buf_adds(b, "Baseline ");
		da_escape_text(b, r->baseline);
		da_buf_addf(b, ": %d new, %zu fixed\n", r->fresh, r->n_fixed);
		for (i = 0; i < r->n_fixed; i++) {
			add_tag(b, color, DA_PASS);
			da_buf_adds(b, "Fixed: ");
			da_escape_text(b, r->fixed[i].check);
			da_buf_adds(b, " ");
			da_escape_text(b, r->fixed[i].kind);
			da_buf_adds(b, " ");
			da_escape_text(b, r->fixed[i].object);
			da_buf_addc(b, '\n');
		}
	}
	da_buf_addc(b, '\n');
}

static int text_end(struct da_output *out, const struct da_report *r)
{
	struct text_state *st = out->state;
	struct da_buf *b;
	int err;

	if (!st)
		return DA_ERR_INVALID;
	b = &st->line;
	if (r->print_remediation && st->rem.len) {
		da_buf_adds(b, "\n\n");
		add_yellow(b, out->color, "Section B - Remediation measures");
		da_buf_addc(b, '\n');
		da_buf_add(b, st->rem.data, st->rem.len);
	}
	da_buf_adds(b, "\n\n");
	add_yellow(b, out->color, "Section C - Score");
	da_buf_addc(b, '\n');
	add_tag(b, out->color, DA_INFO);
	da_buf_addf(b, "Checks: %d\n", r->checks);
	add_tag(b, out->color, DA_INFO);
	da_buf_addf(b, "Score: %d\n\n", r->score);
	add_summary(b, out->color, r);
	err = flush(out, b);
	if (err == 0 && ferror(out->fp))
		err = DA_ERR_IO;

	da_buf_release(&st->line);
	da_buf_release(&st->rem);
	free(st);
	out->state = NULL;
	return err;
}

const struct da_formatter da_format_text = {
	.name = "text",
	.description = "docker-bench-security's console look, with colours on a terminal",
	.begin = text_begin,
	.result = text_result,
	.end = text_end,
};
