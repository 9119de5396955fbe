/*
 * The html formatter on a report built by hand (a header row, WARN with
 * hostile container, file and image items, a WARN cut by -n, PASS, NOTE,
 * an ERROR, a hostile host name): the page is valid UTF-8 without control
 * bytes, holds only the formatter's own tags and attributes whatever the
 * names, shows every hostile string escaped, names its style by the right
 * hash in its CSP, and has the counts, rows and container view of the
 * report.  tests/html-chromium.sh renders pages in a browser.
 */
#include "config.h"

#include "endpoint.h"
#include "format.h"
#include "report.h"
#include "reportfix.h"
#include "testlib.h"
#include "util.h"

#include <check.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NAME_HOSTILE "web\"<script>document.title='x'</script>&amp;\n\x1b[31m"
#define NAME_BADUTF8 "bad\xff\xfe" "end"
#define PATH_HOSTILE "/etc/docker/d\" onmouseover=\"x\".json"

static struct da_result *hx_add(struct dt_report *h, const char *id, unsigned flags,
				enum da_status st, const char *detail,
				size_t limit)
{
	struct da_checkdef *d = dt_report_def(h, id, "Check <b>title</b>", flags, 1,
					      "Run with --x & \"y\"", "None");
	struct da_result *res;

	dt_report_link_check(h, d, NULL);
	res = dt_report_add(h, 0, d, limit);
	if (!(flags & DA_CHECK_HEADER))
		da_result_set(res, st, detail);
	return res;
}

static struct dt_report *hx_new(void)
{
	struct dt_report *h = da_xcalloc(1, sizeof(*h));
	struct da_result *res;

	dt_report_init(h, 1);
	h->secs[0].id = "5";
	h->secs[0].title = "Container <Runtime>";
	h->secs[0].module = "runtime";
	h->secs[0].module_version = "1.0.0";
	h->r.hostname = da_xstrdup("host</title><script>x</script>");
	h->r.endpoint = da_xstrdup("snapshot:/x\"'");
	hx_add(h, "5.0", DA_CHECK_HEADER, DA_PASS, NULL, 0);
	res = hx_add(h, "5.5", DA_CHECK_SCORED, DA_WARN, "3 <findings>", 0);
	da_result_add_item(res, "container", "0123456789abcdef0123",
			   NAME_HOSTILE, "privileged");
	da_result_add_item(res, "file", NULL, PATH_HOSTILE, "mode 0666");
	da_result_add_item(res, "image", "sha256:ab", NAME_BADUTF8, NULL);
	hx_add(h, "5.6", DA_CHECK_SCORED, DA_PASS, NULL, 0);
	/* cut by -n 1: one item kept of three */
	res = hx_add(h, "5.7", 0, DA_WARN, NULL, 1);
	da_result_add_item(res, "container", "0123456789abcdef0123",
			   NAME_HOSTILE, "second");
	da_result_add_item(res, "container", "ffff", "other", NULL);
	da_result_add_item(res, "container", "eeee", "third", NULL);
	hx_add(h, "5.8", DA_CHECK_SCORED, DA_ERROR, "cannot \x1b[2J read", 0);
	hx_add(h, "5.9", DA_CHECK_MANUAL, DA_NOTE, NULL, 0);
	da_report_finish(&h->r);
	return h;
}

static void hx_free(struct dt_report *h)
{
	dt_report_release(h);
	free(h);
}

static char *render_html(const struct da_report *r)
{
	return dt_render("html", r, false);
}

static bool in_list(const char *const *list, const char *s, size_t n)
{
	size_t i;

	for (i = 0; list[i]; i++)
		if (strlen(list[i]) == n && strncmp(list[i], s, n) == 0)
			return true;
	return false;
}

/*
 * Every markup character in doc starts one of the formatter's own tags,
 * with its own attributes, each value double-quoted and free of < and ":
 * so no string from outside became markup.
 */
static void assert_markup(const char *doc)
{
	static const char *const tags[] = {
		"html", "head", "meta", "title", "style", "body", "header", "h1",
		"h2", "h3", "dl", "dt", "dd", "section", "ul", "li", "span",
		"table", "thead", "tbody", "tfoot", "tr", "th", "td", "a",
		"input", "nav", "label", "main", "p", "div", "code", "details",
		"summary", "footer", NULL
	};
	static const char *const attrs[] = {
		"charset", "http-equiv", "content", "name", "lang", "class", "id",
		"href", "data-k", "data-status", "colspan", "type", "checked",
		"for", "aria-label", "open", NULL
	};
	const char *p = doc, *style_end;
	size_t n;

	ck_assert_msg(strncmp(doc, "<!DOCTYPE html>\n", 16) == 0, "no doctype");
	p += 16;
	while ((p = strchr(p, '<'))) {
		p++;
		if (*p == '/')
			p++;
		n = strspn(p, "abcdefghijklmnopqrstuvwxyz0123456789");
		ck_assert_msg(in_list(tags, p, n), "unknown tag at: %.60s", p);
		if (strncmp(p, "style>", 6) == 0) {
			/* the style sheet: no markup inside, skipped whole */
			style_end = strstr(p, "</style>");
			ck_assert_ptr_nonnull(style_end);
			ck_assert_ptr_null(memchr(p + 6, '<', (size_t)(style_end - p - 6)));
			p = style_end + 1;
			continue;
		}
		p += n;
		for (;;) {
			p += strspn(p, " ");
			if (*p == '>')
				break;
			n = strspn(p, "abcdefghijklmnopqrstuvwxyz-");
			ck_assert_msg(n > 0 && in_list(attrs, p, n),
				      "unknown attribute at: %.60s", p);
			p += n;
			if (*p == '=') {
				const char *end;

				ck_assert_msg(p[1] == '"', "unquoted value: %.40s", p);
				end = strchr(p + 2, '"');
				ck_assert_ptr_nonnull(end);
				ck_assert_ptr_null(memchr(p + 2, '<', (size_t)(end - p - 2)));
				p = end + 1;
			}
		}
	}
	for (p = doc; *p; p++)
		ck_assert_msg((unsigned char)*p >= 0x20 || *p == '\n',
			      "raw control byte 0x%02x at %zu", (unsigned char)*p,
			      (size_t)(p - doc));
}

static void assert_has(const char *doc, const char *s)
{
	ck_assert_msg(strstr(doc, s) != NULL, "missing: %s", s);
}

START_TEST(test_html_markup_and_escaping)
{
	struct dt_report *h = hx_new();
	char *doc = render_html(&h->r);

	assert_markup(doc);
	assert_has(doc, "web&quot;&lt;script&gt;document.title=&apos;x&apos;"
			"&lt;/script&gt;&amp;amp;&#10;\\x1b[31m");
	assert_has(doc, "bad\\xff\\xfeend");
	assert_has(doc, "/etc/docker/d&quot; onmouseover=&quot;x&quot;.json");
	assert_has(doc, "<title>dockaudit report: host&lt;/title&gt;&lt;script"
			"&gt;x&lt;/script&gt;</title>");
	assert_has(doc, "Container &lt;Runtime&gt;");
	assert_has(doc, "cannot \\x1b[2J read");
	assert_has(doc, "Run with --x &amp; &quot;y&quot;");
	ck_assert_ptr_null(strstr(doc, "<script"));
	ck_assert_ptr_null(strstr(doc, "style=\""));
	free(doc);
	hx_free(h);
}
END_TEST

START_TEST(test_html_csp)
{
	static const char b64[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	struct dt_report *h = hx_new();
	char *doc = render_html(&h->r);
	const char *s = strstr(doc, "<style>"), *e = strstr(doc, "</style>");
	const char *csp = strstr(doc, "<meta http-equiv=\"Content-Security-"
				      "Policy\" content=\"");
	unsigned char d[32];
	char want[96], *w = want;
	size_t i;

	ck_assert_ptr_nonnull(s);
	ck_assert_ptr_nonnull(e);
	ck_assert_ptr_nonnull(csp);
	ck_assert_msg(csp < s, "the CSP comes after the style");
	da_sha256(s + 7, (size_t)(e - s - 7), d);
	w += sprintf(w, "style-src 'sha256-");
	for (i = 0; i < 33; i += 3) {
		unsigned v = (unsigned)d[i] << 16 |
			     (i + 1 < 32 ? (unsigned)d[i + 1] << 8 : 0) |
			     (i + 2 < 32 ? d[i + 2] : 0);

		*w++ = b64[v >> 18 & 63];
		*w++ = b64[v >> 12 & 63];
		*w++ = i + 1 < 32 ? b64[v >> 6 & 63] : '=';
		*w++ = i + 2 < 32 ? b64[v & 63] : '=';
	}
	strcpy(w, "';");
	assert_has(doc, "content=\"default-src 'none'; style-src 'sha256-");
	assert_has(doc, want);
	assert_has(doc, "base-uri 'none'; form-action 'none'\">");
	ck_assert_ptr_null(strstr(doc, "unsafe"));
	ck_assert_ptr_null(strstr(doc, "http://"));
	ck_assert_ptr_null(strstr(doc, "https://"));
	ck_assert_ptr_null(strstr(doc, "src=\""));
	free(doc);
	hx_free(h);
}
END_TEST

START_TEST(test_html_content)
{
	struct dt_report *h = hx_new();
	char *doc = render_html(&h->r);

	/* summary: 5 checks, score 1 (5.6) - 1 (5.5) = 0; 5.7 is unscored */
	assert_has(doc, "id=\"n-checks\">5<");
	assert_has(doc, "id=\"n-score\">0<");
	assert_has(doc, "id=\"n-pass\">1<");
	assert_has(doc, "id=\"n-warn\">2<");
	assert_has(doc, "id=\"n-note\">1<");
	assert_has(doc, "id=\"n-error\">1<");
	assert_has(doc, "id=\"n-info\">0<");
	assert_has(doc, "id=\"n-findings\">4<"); /* 3 items + 1 kept */
	assert_has(doc, "<td class=\"n\" data-k=\"warn\">2</td>");
	/* one filter per status, all checked first */
	assert_has(doc, "id=\"f-all\" checked>");
	assert_has(doc, "<label for=\"f-warn\">WARN (2)</label>");
	ck_assert_uint_eq(dt_count(doc, "class=\"flt\""), 6);
	/* the rows: a header row, five checks, numbered in order */
	ck_assert_uint_eq(dt_count(doc, "<tr class=\"sub\">"), 1);
	ck_assert_uint_eq(dt_count(doc, " data-status=\""), 5);
	assert_has(doc, "<tr id=\"r0\" class=\"row check st-warn\" data-status=\"WARN\">");
	assert_has(doc, "<tr id=\"r4\" class=\"row check st-note\" data-status=\"NOTE\">");
	assert_has(doc, "2 more not shown");
	/* remediation for what is not a PASS, opened for a WARN */
	ck_assert_uint_eq(dt_count(doc, "<details class=\"rem\""), 4);
	ck_assert_uint_eq(dt_count(doc, "<details class=\"rem\" open>"), 2);
	/* containers: the hostile one (two checks) and none other kept */
	ck_assert_uint_eq(dt_count(doc, "<section class=\"grp ctr\">"), 1);
	ck_assert_uint_eq(dt_count(doc, "class=\"row cfind"), 2);
	assert_has(doc, "<a href=\"#r0\">5.5</a>");
	assert_has(doc, "<a href=\"#r2\">5.7</a>");
	assert_has(doc, "<code class=\"oid\">0123456789ab</code>");
	assert_has(doc, "</html>\n");
	free(doc);
	hx_free(h);
}
END_TEST

START_TEST(test_html_empty)
{
	struct da_report r;
	char *doc;

	memset(&r, 0, sizeof(r));
	r.benchmark = "cis-1.6.0";
	doc = render_html(&r);
	assert_markup(doc);
	assert_has(doc, "No result names a container.");
	assert_has(doc, "<title>dockaudit report</title>");
	free(doc);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("html");
	TCase *tc = tcase_create("html");

	tcase_add_test(tc, test_html_markup_and_escaping);
	tcase_add_test(tc, test_html_csp);
	tcase_add_test(tc, test_html_content);
	tcase_add_test(tc, test_html_empty);
	suite_add_tcase(s, tc);
	return dt_run_suite(s);
}
