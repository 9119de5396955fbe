/*
 * The html formatter: one self-contained page for people (docs/formats.md,
 * "html").
 *
 *   - no script at all, and no external style, font, image or request: the
 *     one inline <style> is named by its SHA-256 in a Content-Security-
 *     Policy that forbids everything else (default-src 'none');
 *   - a summary (counts overall and per section), then one table per
 *     section, written as the results come, then a per-container view
 *     built at the end from the same report;
 *   - filters by status (and waived, new) with CSS only: radio buttons
 *     before the content and :checked selectors that hide the other rows;
 *   - every string (the daemon's, the host's, the modules') goes through
 *     the XML escaper, whose output is valid HTML in text and in the
 *     double-quoted attributes used here: & < > " ' become references and
 *     control characters and invalid UTF-8 the visible "\xNN".  Element ids
 *     are numbers made here, never strings from outside.
 */
#include "config.h"

#include "escape.h"
#include "format.h"
#include "endpoint.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/*
 * The page's only style.  Filters: #f-X:checked hides every .row that is
 * not .st-X (or .waived, .new), the sub-section rows, and the sections
 * left without a row to show.
 */
static const char css[] =
	":root{color-scheme:light dark;--fg:#1b1f24;--bg:#fff;--mute:#59636e;"
	"--line:#d1d9e0;--pass:#1a7f37;--warn:#cf222e;--info:#0969da;"
	"--note:#9a6700;--error:#8250df;--alt:#f6f8fa}\n"
	"@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--bg:#0d1117;"
	"--mute:#9198a1;--line:#3d444d;--pass:#3fb950;--warn:#f85149;"
	"--info:#4493f8;--note:#d29922;--error:#ab7df8;--alt:#151b23}}\n"
	"body{font:15px/1.45 system-ui,sans-serif;color:var(--fg);"
	"background:var(--bg);margin:0 auto;padding:1em 2em;max-width:80em}\n"
	"h1{font-size:1.6em;margin:.2em 0}h2{margin-top:1.6em;"
	"border-bottom:1px solid var(--line)}h3{margin:1.2em 0 .4em}\n"
	"dl.meta{display:grid;grid-template-columns:max-content 1fr;"
	"gap:.1em 1em;margin:.5em 0}dl.meta dt{color:var(--mute)}"
	"dl.meta dd{margin:0;overflow-wrap:anywhere}\n"
	"table{border-collapse:collapse;width:100%;margin:.4em 0}"
	"th,td{border-bottom:1px solid var(--line);padding:.3em .5em;"
	"text-align:left;vertical-align:top;overflow-wrap:anywhere}"
	"thead th{background:var(--alt)}\n"
	"td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}"
	"td.id{white-space:nowrap;font-family:ui-monospace,monospace}\n"
	"ul.totals{list-style:none;padding:0;display:flex;flex-wrap:wrap;"
	"gap:.6em}ul.totals li{border:1px solid var(--line);border-radius:6px;"
	"padding:.3em .8em;min-width:5em}ul.totals .n{display:block;"
	"font-size:1.5em;font-weight:600}\n"
	".badge{display:inline-block;min-width:3.6em;text-align:center;"
	"border-radius:4px;color:#fff;font-weight:600;font-size:.85em;white-space:nowrap;"
	"padding:0 .3em}\n"
	".badge.st-pass{background:var(--pass)}.badge.st-warn{background:"
	"var(--warn)}.badge.st-info{background:var(--info)}.badge.st-note{"
	"background:var(--note)}.badge.st-error{background:var(--error)}\n"
	"ul.totals .st-pass .n{color:var(--pass)}ul.totals .st-warn .n{color:"
	"var(--warn)}ul.totals .st-info .n{color:var(--info)}ul.totals "
	".st-note .n{color:var(--note)}ul.totals .st-error .n{color:"
	"var(--error)}\n"
	"tr.sub td{font-weight:600;background:var(--alt)}"
	".props,.more,.oid,.kind{color:var(--mute);font-size:.9em}"
	".detail{margin:.2em 0}ul.items{margin:.2em 0;padding-left:1.2em}\n"
	".mark{display:inline-block;border-radius:4px;font-size:.8em;"
	"padding:0 .35em;margin-left:.4em;border:1px solid var(--line)}"
	".mark.new{border-color:var(--warn);color:var(--warn)}"
	".mark.waived{border-color:var(--mute);color:var(--mute)}"
	"li.waived>.name,tr.waived .title{text-decoration:line-through "
	"var(--mute)}\n"
	"details.rem{margin:.3em 0}details.rem summary{cursor:pointer;"
	"color:var(--mute)}details.rem p{margin:.2em 0 .2em 1em}\n"
	"input.flt{position:absolute;opacity:0;width:1px;height:1px}"
	"nav.filters{position:sticky;top:0;background:var(--bg);padding:.5em 0;"
	"border-bottom:1px solid var(--line);z-index:1}nav.filters label{"
	"display:inline-block;border:1px solid var(--line);border-radius:6px;"
	"padding:.1em .6em;margin:.1em;cursor:pointer}\n"
	"#f-all:checked~nav label[for=f-all],#f-pass:checked~nav "
	"label[for=f-pass],#f-warn:checked~nav label[for=f-warn],"
	"#f-info:checked~nav label[for=f-info],#f-note:checked~nav "
	"label[for=f-note],#f-error:checked~nav label[for=f-error],"
	"#f-waived:checked~nav label[for=f-waived],#f-new:checked~nav "
	"label[for=f-new]{background:var(--fg);color:var(--bg)}\n"
	"input.flt:focus-visible~nav{outline:2px solid var(--info)}\n"
	"#f-pass:checked~main .row:not(.st-pass),#f-warn:checked~main "
	".row:not(.st-warn),#f-info:checked~main .row:not(.st-info),"
	"#f-note:checked~main .row:not(.st-note),#f-error:checked~main "
	".row:not(.st-error),#f-waived:checked~main .row:not(.waived),"
	"#f-new:checked~main .row:not(.new),input.flt:not(#f-all):checked~main "
	"tr.sub{display:none}\n"
	"#f-pass:checked~main section.grp:not(:has(.row.st-pass)),"
	"#f-warn:checked~main section.grp:not(:has(.row.st-warn)),"
	"#f-info:checked~main section.grp:not(:has(.row.st-info)),"
	"#f-note:checked~main section.grp:not(:has(.row.st-note)),"
	"#f-error:checked~main section.grp:not(:has(.row.st-error)),"
	"#f-waived:checked~main section.grp:not(:has(.row.waived)),"
	"#f-new:checked~main section.grp:not(:has(.row.new)){display:none}\n"
	"footer{margin-top:2em;color:var(--mute);font-size:.9em}\n"
	"@media print{nav.filters,input.flt{display:none}details.rem>*{"
	"display:block}}\n";

static const char *const st_class[] = {
	"st-pass", "st-warn", "st-info", "st-note", "st-error"
};

static enum da_status norm(enum da_status s)
{
	return (unsigned)s <= DA_ERROR ? s : DA_ERROR;
}

struct html_state {
	struct da_buf b;                     /* what is written next */
	const struct da_report_section *cur; /* section being written */
	size_t n_sections;                   /* sections opened */
	size_t row;                          /* number of the next check row */
};

/* Text or a double-quoted attribute value from outside. */
static void esc(struct da_buf *b, const char *s)
{
	da_escape_xml(b, s ? s : "");
}

/* ------------------------------------------------------------------------ */
/*
 * Waivers and baselines: the one place that reads them from the report
 * (r->waivers[], r->baseline, r->fixed[]; per finding it->waiver and
 * it->is_new, or res->waiver and res->is_new for a WARN or ERROR without
 * items).  Everything else (classes, filters, counts, marks) is rendered
 * from struct mark.
 */

struct mark {
	const char *reason; /* the waiver's justification; NULL: not waived */
	const char *until;
	const char *owner;  /* may be NULL */
	bool fresh;         /* new since the baseline */
};

static bool have_waivers(const struct da_report *r)
{
	return r->have_waivers;
}

static bool have_baseline(const struct da_report *r)
{
	return r->baseline != NULL;
}

/* A WARN or ERROR result: one finding per item, or the check itself. */
static bool has_findings(const struct da_result *res)
{
	return res->status == DA_WARN || res->status == DA_ERROR;
}

/* The marks of one finding: it NULL for the check itself. */
static void finding_mark(const struct da_report *r, const struct da_result *res,
			 const struct da_item *it, struct mark *m)
{
	memset(m, 0, sizeof(*m));
	if (!has_findings(res))
		return;
	{
		const struct da_waiver *w = it ? it->waiver : res->waiver;

		if (w && !w->expired) {
			m->reason = w->justification ? w->justification : "";
			m->until = w->expires ? w->expires : "";
			m->owner = w->owner;
		}
		m->fresh = r->baseline && (it ? it->is_new : res->is_new);
	}
}

/* The result's marks taken together: waived / new when any finding is. */
static void result_mark(const struct da_report *r, const struct da_result *res,
			bool *waived, bool *fresh, int *n_waived, int *n_fresh)
{
	struct mark m;
	size_t i;

	*waived = *fresh = false;
	if (!has_findings(res))
		return;
	for (i = 0; i < (res->n_items ? res->n_items : 1); i++) {
		finding_mark(r, res, res->n_items ? &res->items[i] : NULL, &m);
		if (m.reason) {
			*waived = true;
			if (n_waived)
				(*n_waived)++;
		}
		if (m.fresh) {
			*fresh = true;
			if (n_fresh)
				(*n_fresh)++;
		}
	}
}

static void add_marks(struct da_buf *b, const struct mark *m)
{
	if (m->reason) {
		da_buf_adds(b, " <span class=\"mark waived\">waived: ");
		esc(b, m->reason);
		da_buf_adds(b, ", until ");
		esc(b, m->until);
		if (m->owner) {
			da_buf_adds(b, " (");
			esc(b, m->owner);
			da_buf_addc(b, ')');
		}
		da_buf_adds(b, "</span>");
	}
	if (m->fresh)
		da_buf_adds(b, " <span class=\"mark new\">new</span>");
}

/* The expired waivers and the findings fixed since the baseline. */
static void add_exceptions(struct da_buf *b, const struct da_report *r)
{
	size_t i, j, n = 0;

	if (r->have_waivers) {
		for (i = 0; i < r->n_waivers; i++)
			n += r->waivers[i].expired;
		da_buf_addf(b, "<section id=\"expired\"><h2>Expired waivers "
			       "(<span class=\"n\" id=\"n-expired\">%zu</span>)"
			       "</h2>\n", n);
		if (n)
			da_buf_adds(b, "<p>These waive nothing any more.</p>\n"
				       "<table><thead><tr><th>Line</th><th>Check"
				       "</th><th>Objects</th><th>Expired</th><th>"
				       "Justification</th><th>Owner</th></tr>"
				       "</thead><tbody>\n");
		for (i = 0; i < r->n_waivers; i++) {
			const struct da_waiver *w = &r->waivers[i];

			if (!w->expired)
				continue;
			da_buf_addf(b, "<tr class=\"expired\"><td class=\"n\">%d"
				       "</td><td class=\"id\">", w->line);
			esc(b, w->check);
			da_buf_adds(b, "</td><td>");
			for (j = 0; j < w->n_objects; j++) {
				if (j)
					da_buf_adds(b, ", ");
				esc(b, w->objects[j]);
			}
			if (!w->n_objects)
				da_buf_adds(b, "(all)");
			da_buf_adds(b, "</td><td>");
			esc(b, w->expires);
			da_buf_adds(b, "</td><td>");
			esc(b, w->justification);
			da_buf_adds(b, "</td><td>");
			esc(b, w->owner);
			da_buf_adds(b, "</td></tr>\n");
		}
		if (n)
			da_buf_adds(b, "</tbody></table>\n");
		da_buf_adds(b, "</section>\n");
	}
	if (r->baseline) {
		da_buf_adds(b, "<section id=\"fixed\"><h2>Fixed since the "
			       "baseline (");
		da_buf_addf(b, "<span class=\"n\" id=\"n-fixed\">%zu</span>)"
			       "</h2>\n<p>Baseline: ", r->n_fixed);
		esc(b, r->baseline);
		da_buf_adds(b, "</p>\n");
		if (r->n_fixed)
			da_buf_adds(b, "<table><thead><tr><th>Check</th><th>Kind"
				       "</th><th>Object</th></tr></thead><tbody>\n");
		for (i = 0; i < r->n_fixed; i++) {
			da_buf_adds(b, "<tr class=\"fixed\"><td class=\"id\">");
			esc(b, r->fixed[i].check);
			da_buf_adds(b, "</td><td>");
			esc(b, r->fixed[i].kind);
			da_buf_adds(b, "</td><td>");
			esc(b, r->fixed[i].object);
			da_buf_adds(b, "</td></tr>\n");
		}
		if (r->n_fixed)
			da_buf_adds(b, "</tbody></table>\n");
		da_buf_adds(b, "</section>\n");
	}
}

/* ------------------------------------------------------------------------ */

/* Counts of a section, or of the report (sec NULL). */
struct counts {
	int checks, score, findings, waived, fresh;
	int count[5];
};

static void add_counts(struct counts *c, const struct da_report *r,
		       const struct da_report_section *sec)
{
	size_t i;

	for (i = 0; i < sec->n_results; i++) {
		const struct da_result *res = sec->results[i];
		bool w, f;

		if (!res || da_result_is_header(res))
			continue;
		c->checks++;
		c->count[norm(res->status)]++;
		if (res->scored && res->status == DA_PASS)
			c->score++;
		else if (res->scored && res->status == DA_WARN)
			c->score--;
		if (res->status == DA_WARN)
			c->findings += res->n_items ? (int)res->n_items : 1;
		result_mark(r, res, &w, &f, &c->waived, &c->fresh);
	}
}

static void add_count_cells(struct da_buf *b, const struct da_report *r,
			    const struct counts *c)
{
	int s;

	da_buf_addf(b, "<td class=\"n\" data-k=\"checks\">%d</td>", c->checks);
	for (s = DA_PASS; s <= DA_ERROR; s++)
		da_buf_addf(b, "<td class=\"n\" data-k=\"%s\">%d</td>",
			    st_class[s] + 3, c->count[s]);
	da_buf_addf(b, "<td class=\"n\" data-k=\"score\">%d</td>", c->score);
	if (have_waivers(r))
		da_buf_addf(b, "<td class=\"n\" data-k=\"waived\">%d</td>",
			    c->waived);
	if (have_baseline(r))
		da_buf_addf(b, "<td class=\"n\" data-k=\"new\">%d</td>", c->fresh);
}

static void add_meta(struct da_buf *b, const char *term, const char *value)
{
	if (!value)
		return;
	da_buf_adds(b, "<dt>");
	da_buf_adds(b, term);
	da_buf_adds(b, "</dt><dd>");
	esc(b, value);
	da_buf_adds(b, "</dd>\n");
}

/* The CSP source of the style: 'sha256-BASE64'. */
static void add_style_hash(struct da_buf *b)
{
	static const char b64[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	unsigned char d[32]; /* da_sha256 (endpoint.h) */
	size_t i;

	da_sha256(css, sizeof(css) - 1, d);
	da_buf_adds(b, "'sha256-");
	for (i = 0; i < 32; i += 3) {
		unsigned v = (unsigned)d[i] << 16;

		if (i + 1 < 32)
			v |= (unsigned)d[i + 1] << 8;
		if (i + 2 < 32)
			v |= d[i + 2];
		da_buf_addc(b, b64[(v >> 18) & 63]);
		da_buf_addc(b, b64[(v >> 12) & 63]);
		da_buf_addc(b, i + 1 < 32 ? b64[(v >> 6) & 63] : '=');
		da_buf_addc(b, i + 2 < 32 ? b64[v & 63] : '=');
	}
	da_buf_addc(b, '\'');
}

void da_html_filter(struct da_buf *b, const char *key, bool checked)
{
	da_buf_addf(b, "<input type=\"radio\" name=\"show\" class=\"flt\" "
		       "id=\"f-%s\"%s>\n", key, checked ? " checked" : "");
}

void da_html_filter_label(struct da_buf *b, const char *key, const char *label, int n)
{
	da_buf_addf(b, "<label for=\"f-%s\">%s (%d)</label>\n", key, label, n);
}

void da_html_head(struct da_buf *b, const char *title, const char *subject,
		  const char *version)
{
	da_buf_adds(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
		       "<meta charset=\"utf-8\">\n"
		       "<meta http-equiv=\"Content-Security-Policy\" content=\""
		       "default-src 'none'; style-src ");
	add_style_hash(b);
	da_buf_adds(b, "; base-uri 'none'; form-action 'none'\">\n"
		       "<meta name=\"referrer\" content=\"no-referrer\">\n"
		       "<meta name=\"viewport\" content=\"width=device-width, "
		       "initial-scale=1\">\n<meta name=\"generator\" content=\""
		       "dockaudit ");
	esc(b, version ? version : PACKAGE_VERSION);
	da_buf_adds(b, "\">\n<title>");
	esc(b, title);
	if (subject) {
		da_buf_adds(b, ": ");
		esc(b, subject);
	}
	da_buf_adds(b, "</title>\n<style>");
	da_buf_adds(b, css);
	da_buf_adds(b, "</style>\n</head>\n<body>\n");
}

void da_html_foot(struct da_buf *b, const char *version)
{
	da_buf_adds(b, "<footer>Written by dockaudit ");
	esc(b, version ? version : PACKAGE_VERSION);
	da_buf_adds(b, ". This page holds no script and loads nothing.</footer>\n"
		       "</body>\n</html>\n");
}

static void add_summary(struct da_buf *b, const struct da_report *r)
{
	struct counts all;
	size_t i;
	int s;

	memset(&all, 0, sizeof(all));
	for (i = 0; i < r->n_sections; i++)
		add_counts(&all, r, &r->sections[i]);
	da_buf_adds(b, "<section id=\"summary\"><h2>Summary</h2>\n"
		       "<ul class=\"totals\">\n");
	da_buf_addf(b, "<li><span class=\"n\" id=\"n-checks\">%d</span>"
		       "checks</li>\n", r->checks);
	da_buf_addf(b, "<li><span class=\"n\" id=\"n-score\">%d</span>"
		       "score</li>\n", r->score);
	for (s = DA_PASS; s <= DA_ERROR; s++)
		da_buf_addf(b, "<li class=\"%s\"><span class=\"n\" id=\"n-%s\">"
			       "%d</span>%s</li>\n", st_class[s], st_class[s] + 3,
			    r->count[s], da_status_name((enum da_status)s));
	da_buf_addf(b, "<li><span class=\"n\" id=\"n-findings\">%d</span>"
		       "findings</li>\n", all.findings);
	if (have_waivers(r))
		da_buf_addf(b, "<li><span class=\"n\" id=\"n-waived\">%d</span>"
			       "waived</li>\n", all.waived);
	if (have_baseline(r))
		da_buf_addf(b, "<li><span class=\"n\" id=\"n-new\">%d</span>"
			       "new</li>\n", all.fresh);
	da_buf_adds(b, "</ul>\n<table class=\"bysec\"><thead><tr>"
		       "<th>Section</th><th class=\"n\">Checks</th>");
	for (s = DA_PASS; s <= DA_ERROR; s++)
		da_buf_addf(b, "<th class=\"n\">%s</th>",
			    da_status_name((enum da_status)s));
	da_buf_adds(b, "<th class=\"n\">Score</th>");
	if (have_waivers(r))
		da_buf_adds(b, "<th class=\"n\">Waived</th>");
	if (have_baseline(r))
		da_buf_adds(b, "<th class=\"n\">New</th>");
	da_buf_adds(b, "</tr></thead>\n<tbody>\n");
	for (i = 0; i < r->n_sections; i++) {
		const struct da_section *sec = r->sections[i].section;
		struct counts c;

		if (!r->sections[i].n_results)
			continue; /* nothing selected: no table either */
		memset(&c, 0, sizeof(c));
		add_counts(&c, r, &r->sections[i]);
		da_buf_addf(b, "<tr class=\"secsum\"><th><a href=\"#s%zu\">", i);
		esc(b, sec ? sec->id : NULL);
		da_buf_adds(b, " ");
		esc(b, sec ? sec->title : NULL);
		da_buf_adds(b, "</a></th>");
		add_count_cells(b, r, &c);
		da_buf_adds(b, "</tr>\n");
	}
	da_buf_adds(b, "</tbody>\n<tfoot><tr class=\"total\"><th>Total</th>");
	add_count_cells(b, r, &all);
	da_buf_adds(b, "</tr></tfoot></table>\n</section>\n");

	/* the filters: radio buttons first, siblings of what they filter */
	da_html_filter(b, "all", true);
	for (s = DA_PASS; s <= DA_ERROR; s++)
		da_html_filter(b, st_class[s] + 3, false);
	if (have_waivers(r))
		da_html_filter(b, "waived", false);
	if (have_baseline(r))
		da_html_filter(b, "new", false);
	da_buf_adds(b, "<nav class=\"filters\" aria-label=\"Filter by status\">"
		       "Show:\n");
	da_html_filter_label(b, "all", "all", r->checks);
	for (s = DA_PASS; s <= DA_ERROR; s++)
		da_html_filter_label(b, st_class[s] + 3,
				     da_status_name((enum da_status)s), r->count[s]);
	if (have_waivers(r))
		da_html_filter_label(b, "waived", "waived", all.waived);
	if (have_baseline(r))
		da_html_filter_label(b, "new", "new", all.fresh);
	da_buf_adds(b, "</nav>\n");
}

static int html_begin(struct da_output *out, const struct da_report *r)
{
	struct html_state *st = da_xcalloc(1, sizeof(*st));
	struct da_buf *b = &st->b;
	char t1[DA_FORMAT_UTC_LEN], t2[DA_FORMAT_UTC_LEN];
	const char *host = r->hostname && *r->hostname ? r->hostname : NULL;

	out->state = st;
	da_html_head(b, "dockaudit report", host, r->tool_version);
	da_buf_adds(b, "<header>\n<h1>dockaudit report</h1>\n<dl class=\"meta\">\n");
	add_meta(b, "Endpoint", r->endpoint);
	add_meta(b, "Chosen by", r->endpoint_source);
	add_meta(b, "Context", r->context);
	add_meta(b, "Host", r->hostname);
	if (r->engine && strcmp(r->engine, "podman") == 0)
		add_meta(b, "Podman", r->docker_version);
	else
		add_meta(b, "Docker", r->docker_version);
	if (r->rootless > 0)
		add_meta(b, "Mode", "rootless");
	if (r->have_dockerd && r->dockerd_pid > 0) {
		da_buf_addf(b, "<dt>dockerd</dt><dd>pid %ld", r->dockerd_pid);
		if (r->dockerd_by) {
			da_buf_adds(b, " (");
			esc(b, r->dockerd_by);
			da_buf_adds(b, ")");
		}
		da_buf_adds(b, "</dd>\n");
	}
	if (r->have_dockerd)
		add_meta(b, "dockerd", r->dockerd_reason);
	add_meta(b, "Benchmark", r->benchmark_title);
	da_format_utc(t1, r->start, true);
	da_format_utc(t2, r->end > r->start ? r->end : r->start, true);
	da_buf_addf(b, "<dt>Run</dt><dd>%s to %s</dd>\n", t1, t2);
	add_meta(b, "dockaudit", r->tool_version ? r->tool_version
						 : PACKAGE_VERSION);
	if (r->unprivileged)
		da_buf_addf(b, "<dt>Note</dt><dd>host facts read without root "
			       "(uid %ld): some checks need root</dd>\n", r->uid);
	da_buf_adds(b, "</dl>\n</header>\n");
	add_summary(b, r);
	da_buf_adds(b, "<main>\n<section id=\"checks\"><h2>Checks</h2>\n");
	return da_output_put(out, b);
}

static void close_section(struct html_state *st)
{
	if (!st->cur)
		return;
	da_buf_adds(&st->b, "</tbody></table>\n</section>\n");
	st->cur = NULL;
}

static void open_section(struct html_state *st, const struct da_report *r,
			 const struct da_report_section *sec)
{
	const struct da_section *s = sec->section;
	struct da_buf *b = &st->b;
	size_t i;

	for (i = 0; i < r->n_sections && &r->sections[i] != sec; i++)
		;
	da_buf_addf(b, "<section class=\"grp sec\" id=\"s%zu\"><h3>", i);
	esc(b, s ? s->id : NULL);
	da_buf_adds(b, " ");
	esc(b, s ? s->title : NULL);
	da_buf_adds(b, "</h3>\n");
	if (s && s->module) {
		da_buf_adds(b, "<p class=\"props\">module ");
		esc(b, s->module);
		if (s->module_version) {
			da_buf_adds(b, " ");
			esc(b, s->module_version);
		}
		da_buf_adds(b, "</p>\n");
	}
	da_buf_adds(b, "<table class=\"checks\"><thead><tr><th>Check</th>"
		       "<th>Status</th><th>Title, findings, remediation</th>"
		       "</tr></thead>\n<tbody>\n");
	st->cur = sec;
	st->n_sections++;
}

/* An item: kind, name, short id, detail. */
static void add_item(struct da_buf *b, const struct da_item *it)
{
	bool ctr = it->kind && strcmp(it->kind, "container") == 0;

	da_buf_adds(b, "<span class=\"kind\">");
	esc(b, it->kind && *it->kind ? it->kind : "item");
	da_buf_adds(b, "</span> ");
	if (it->name) {
		da_buf_adds(b, "<span class=\"name\">");
		esc(b, it->name);
		da_buf_adds(b, "</span>");
	}
	if (it->id) {
		struct da_buf id = { 0 };

		/* a container's id as docker ps shows it: 12 bytes */
		da_buf_addf(&id, ctr && it->name ? "%.12s" : "%s", it->id);
		da_buf_adds(b, it->name ? " <code class=\"oid\">" :
			    "<code class=\"oid\">");
		esc(b, da_buf_str(&id));
		da_buf_adds(b, "</code>");
		da_buf_release(&id);
	}
	if (it->detail) {
		da_buf_adds(b, it->name || it->id ? ": " : "");
		da_buf_adds(b, "<span class=\"idetail\">");
		esc(b, it->detail);
		da_buf_adds(b, "</span>");
	}
}

static void add_row_classes(struct da_buf *b, const struct da_report *r,
			    const struct da_result *res, const char *extra)
{
	bool w, f;

	result_mark(r, res, &w, &f, NULL, NULL);
	da_buf_addf(b, "class=\"row %s %s%s%s\"", extra,
		    st_class[norm(res->status)], w ? " waived" : "",
		    f ? " new" : "");
}

static void add_badge(struct da_buf *b, enum da_status s)
{
	da_buf_addf(b, "<span class=\"badge %s\">%s</span>", st_class[norm(s)],
		    da_status_name(norm(s)));
}

static int html_result(struct da_output *out, const struct da_report *r,
		       const struct da_report_section *sec,
		       const struct da_result *res)
{
	struct html_state *st = out->state;
	const struct da_checkdef *def;
	struct da_buf *b;
	struct mark m;
	size_t i;

	if (!st || !res || !sec)
		return DA_ERR_INVALID;
	b = &st->b;
	def = res->def;
	if (sec != st->cur) {
		close_section(st);
		open_section(st, r, sec);
	}
	if (da_result_is_header(res)) {
		da_buf_adds(b, "<tr class=\"sub\"><td class=\"id\">");
		esc(b, def ? def->id : NULL);
		da_buf_adds(b, "</td><td colspan=\"2\">");
		esc(b, def ? def->title : NULL);
		da_buf_adds(b, "</td></tr>\n");
		return da_output_put(out, b);
	}
	da_buf_addf(b, "<tr id=\"r%zu\" ", st->row++);
	add_row_classes(b, r, res, "check");
	da_buf_addf(b, " data-status=\"%s\"><td class=\"id\">",
		    da_status_name(norm(res->status)));
	esc(b, def ? def->id : NULL);
	da_buf_adds(b, "</td><td>");
	add_badge(b, res->status);
	da_buf_adds(b, "</td><td><div class=\"title\">");
	esc(b, def ? def->title : NULL);
	if (has_findings(res) && res->n_items == 0) {
		finding_mark(r, res, NULL, &m);
		add_marks(b, &m);
	}
	da_buf_addf(b, "</div><div class=\"props\">%s%s",
		    res->scored ? "scored" : "not scored",
		    def && (def->flags & DA_CHECK_MANUAL) ? ", manual"
							  : ", automated");
	if (def && def->level > 0)
		da_buf_addf(b, ", level %d", def->level);
	da_buf_adds(b, "</div>\n");
	if (res->detail) {
		da_buf_adds(b, "<p class=\"detail\">");
		esc(b, res->detail);
		da_buf_adds(b, "</p>\n");
	}
	if (res->n_items)
		da_buf_adds(b, "<ul class=\"items\">\n");
	for (i = 0; i < res->n_items; i++) {
		bool w, f;

		finding_mark(r, res, &res->items[i], &m);
		w = m.reason != NULL;
		f = m.fresh;
		da_buf_addf(b, "<li class=\"item%s%s\">", w ? " waived" : "",
			    f ? " new" : "");
		add_item(b, &res->items[i]);
		add_marks(b, &m);
		da_buf_adds(b, "</li>\n");
		if (b->len > 65536) {
			int err = da_output_put(out, b);

			if (err)
				return err;
		}
	}
	if (res->total_items > res->n_items)
		da_buf_addf(b, "<li class=\"more\">%zu more not shown</li>\n",
			    res->total_items - res->n_items);
	if (res->n_items)
		da_buf_adds(b, "</ul>\n");
	if (def && res->status != DA_PASS && (def->remediation || def->impact)) {
		da_buf_addf(b, "<details class=\"rem\"%s><summary>Remediation"
			       "</summary>\n", res->status == DA_WARN ? " open" : "");
		if (def->remediation) {
			da_buf_adds(b, "<p>");
			esc(b, def->remediation);
			da_buf_adds(b, "</p>\n");
		}
		if (def->impact) {
			da_buf_adds(b, "<p class=\"impact\">Impact: ");
			esc(b, def->impact);
			da_buf_adds(b, "</p>\n");
		}
		da_buf_adds(b, "</details>\n");
	}
	da_buf_adds(b, "</td></tr>\n");
	return da_output_put(out, b);
}

/* ------------------------------------------------------------------------ */
/* The per-container view: every item of kind container, by container.     */

struct cref {
	const char *key;   /* the full id, else the name */
	const struct da_item *it;
	const struct da_result *res;
	size_t row;        /* the check's row number */
	size_t order;      /* position in the report */
};

static int cref_cmp(const void *a, const void *b)
{
	const struct cref *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	if (c)
		return c;
	return x->order < y->order ? -1 : x->order > y->order;
}

static int add_containers(struct da_output *out, const struct da_report *r,
			  struct da_buf *b)
{
	struct cref *refs = NULL;
	size_t n = 0, cap = 0, row = 0, i, j, k;
	int err = 0;

	for (i = 0; i < r->n_sections; i++) {
		const struct da_report_section *sec = &r->sections[i];

		for (j = 0; j < sec->n_results; j++) {
			const struct da_result *res = sec->results[j];

			if (!res || da_result_is_header(res))
				continue;
			for (k = 0; k < res->n_items; k++) {
				const struct da_item *it = &res->items[k];

				if (!it->kind || strcmp(it->kind, "container") ||
				    (!it->id && !it->name))
					continue;
				if (n == cap) {
					cap = cap ? cap * 2 : 64;
					refs = da_xrealloc(refs, cap * sizeof(*refs));
				}
				refs[n].key = it->id ? it->id : it->name;
				refs[n].it = it;
				refs[n].res = res;
				refs[n].row = row;
				refs[n].order = n;
				n++;
			}
			row++;
		}
	}
	if (n)
		qsort(refs, n, sizeof(*refs), cref_cmp);
	da_buf_adds(b, "<section id=\"containers\"><h2>Containers</h2>\n");
	if (!n)
		da_buf_adds(b, "<p>No result names a container.</p>\n");
	for (i = 0; i < n && err == 0; i = j) {
		const struct da_item *c = refs[i].it;

		/* the first entry with a name names the container */
		for (j = i; j < n && strcmp(refs[j].key, refs[i].key) == 0; j++)
			if (!c->name && refs[j].it->name)
				c = refs[j].it;
		da_buf_adds(b, "<section class=\"grp ctr\"><h3><span class=\"name\">");
		esc(b, c->name ? c->name : "(no name)");
		da_buf_adds(b, "</span>");
		if (c->id) {
			struct da_buf id = { 0 };

			da_buf_addf(&id, "%.12s", c->id);
			da_buf_adds(b, " <code class=\"oid\">");
			esc(b, da_buf_str(&id));
			da_buf_adds(b, "</code>");
			da_buf_release(&id);
		}
		da_buf_adds(b, "</h3>\n<table><thead><tr><th>Check</th><th>Status"
			       "</th><th>Finding</th></tr></thead><tbody>\n");
		for (k = i; k < j; k++) {
			const struct da_result *res = refs[k].res;
			const struct da_checkdef *def = res->def;
			struct mark m;

			finding_mark(r, res, refs[k].it, &m);
			da_buf_addf(b, "<tr class=\"row cfind %s%s%s\"><td "
				       "class=\"id\"><a href=\"#r%zu\">",
				    st_class[norm(res->status)],
				    m.reason ? " waived" : "", m.fresh ? " new" : "",
				    refs[k].row);
			esc(b, def ? def->id : NULL);
			da_buf_adds(b, "</a></td><td>");
			add_badge(b, res->status);
			da_buf_adds(b, "</td><td><span class=\"title\">");
			esc(b, def ? def->title : NULL);
			da_buf_adds(b, "</span>");
			if (refs[k].it->detail) {
				da_buf_adds(b, ": <span class=\"idetail\">");
				esc(b, refs[k].it->detail);
				da_buf_adds(b, "</span>");
			}
			add_marks(b, &m);
			da_buf_adds(b, "</td></tr>\n");
		}
		da_buf_adds(b, "</tbody></table>\n</section>\n");
		err = da_output_put(out, b);
	}
	da_buf_adds(b, "</section>\n");
	free(refs);
	return err;
}

static int html_end(struct da_output *out, const struct da_report *r)
{
	struct html_state *st = out->state;
	struct da_buf *b;
	int err;

	if (!st)
		return DA_ERR_INVALID;
	b = &st->b;
	close_section(st);
	da_buf_adds(b, "</section>\n");
	err = add_containers(out, r, b);
	da_buf_adds(b, "</main>\n");
	add_exceptions(b, r);
	da_html_foot(b, r->tool_version);
	return da_output_finish(out, &st->b, err);
}

const struct da_formatter da_format_html = {
	.name = "html",
	.description = "one self-contained HTML page (no script; filters by status)",
	.begin = html_begin,
	.result = html_result,
	.end = html_end,
};
