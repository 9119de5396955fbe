/*
 * Formatters: a table of callbacks per output format, looked up by name.
 * Several outputs may be written in one run; each has its own state.
 * Every string that came from the daemon or the host is escaped by the
 * formatter for its format.
 */
#ifndef DA_FORMAT_H
#define DA_FORMAT_H

#include "report.h"
#include "util.h"

#include <stdbool.h>
#include <stdio.h>

struct da_output {
	const struct da_formatter *fmt;
	FILE *fp;          /* where to write (borrowed) */
	bool color;        /* text: ANSI colours */
	void *state;       /* the formatter's own, freed by its end callback */
};

/*
 * Writes what b holds to out->fp and empties b (the streaming formatters
 * build one result at a time in b).  0, or DA_ERR_IO when the write fails.
 */
int da_output_put(struct da_output *out, struct da_buf *b);

/*
 * The end of a streaming formatter: unless err is already set, writes what b
 * still holds; then checks the stream, releases b, frees out->state and
 * clears it.  Returns err, else 0 or DA_ERR_IO.
 */
int da_output_finish(struct da_output *out, struct da_buf *b, int err);

struct da_formatter {
	const char *name;        /* "text", "json", "junit", "dbs-json", "sarif",
				    "html" */
	const char *description; /* one line, for --help */
	/* Called once before any result; may allocate out->state. */
	int (*begin)(struct da_output *out, const struct da_report *r);
	/* Called for every result in order; sec is the result's section. */
	int (*result)(struct da_output *out, const struct da_report *r,
		      const struct da_report_section *sec,
		      const struct da_result *res);
	/* Called once after the last result, with the totals final; frees state. */
	int (*end)(struct da_output *out, const struct da_report *r);
};

/* The formatter of that name, or NULL. */
const struct da_formatter *da_formatter_find(const char *name);
/* NULL-terminated list of all formatters. */
const struct da_formatter *const *da_formatter_all(void);

/* Renders the whole report to one output: begin, every result, end. */
int da_format_report(struct da_output *out, const struct da_report *r);

/*
 * Helpers shared by the formatters.
 *
 * da_format_item appends the one-line human form of an item, unescaped (the
 * caller escapes it for its format): "name (id12)" for a container with
 * both (id12 = the first 12 bytes of the id), else the name or the id,
 * then ": detail" when there is one; "(<kind>)" when the item names nothing.
 */
void da_format_item(struct da_buf *b, const struct da_item *it);

/*
 * t as UTC "YYYY-MM-DDTHH:MM:SSZ" (RFC 3339), or without the "Z" when zone
 * is false (JUnit's timestamp).  buf must hold DA_FORMAT_UTC_LEN bytes.
 */
#define DA_FORMAT_UTC_LEN 32
void da_format_utc(char *buf, time_t t, bool zone);

extern const struct da_formatter da_format_text;
extern const struct da_formatter da_format_json;
extern const struct da_formatter da_format_junit;
extern const struct da_formatter da_format_dbs_json;
extern const struct da_formatter da_format_sarif;
extern const struct da_formatter da_format_html;

/*
 * The pieces of dockaudit's HTML pages (format_html.c) that the fleet page
 * of dockaudit merge shares: the head (doctype, the Content-Security-Policy
 * that names the one style by its SHA-256 and forbids everything else, the
 * style, the title "TITLE: SUBJECT" escaped, SUBJECT may be NULL) up to
 * and including <body>; a status filter's radio button (before <nav>) and
 * its label (inside it), key being one of all, pass, warn, info, note,
 * error, waived, new, rows being hidden by the style unless they carry the
 * class st-KEY (or waived, new); the footer and the end of the page.
 */
void da_html_head(struct da_buf *b, const char *title, const char *subject,
		  const char *version);
void da_html_filter(struct da_buf *b, const char *key, bool checked);
void da_html_filter_label(struct da_buf *b, const char *key, const char *label, int n);
void da_html_foot(struct da_buf *b, const char *version);

#endif
