/*
 * The formatter registry and the driver that renders a whole report.
 */
#include "config.h"

#include "format.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static const struct da_formatter *const formatters[] = {
	&da_format_text,
	&da_format_json,
	&da_format_junit,
	&da_format_dbs_json,
	&da_format_sarif,
	&da_format_html,
	NULL
};

const struct da_formatter *da_formatter_find(const char *name)
{
	size_t i;

	if (!name)
		return NULL;
	for (i = 0; formatters[i]; i++)
		if (strcmp(formatters[i]->name, name) == 0)
			return formatters[i];
	return NULL;
}

const struct da_formatter *const *da_formatter_all(void)
{
	return formatters;
}

/*
 * end() is called even when begin() or a result failed, since it is the
 * callback that frees the state; the first error wins.
 */
int da_format_report(struct da_output *out, const struct da_report *r)
{
	const struct da_formatter *fmt;
	size_t i, j;
	int err, e;

	if (!out || !out->fmt || !out->fp || !r)
		return DA_ERR_INVALID;
	fmt = out->fmt;
	err = fmt->begin ? fmt->begin(out, r) : 0;
	for (i = 0; err == 0 && i < r->n_sections; i++) {
		const struct da_report_section *sec = &r->sections[i];

		for (j = 0; err == 0 && j < sec->n_results; j++) {
			if (!sec->results[j] || !fmt->result)
				continue;
			err = fmt->result(out, r, sec, sec->results[j]);
		}
	}
	e = fmt->end ? fmt->end(out, r) : 0;
	if (err == 0)
		err = e;
	if (err == 0 && fflush(out->fp) != 0)
		err = DA_ERR_IO;
	return err;
}

void da_format_item(struct da_buf *b, const struct da_item *it)
{
	bool named = false;

	if (!it)
		return;
	if (it->kind && strcmp(it->kind, "container") == 0 && it->name &&
	    it->id) {
		da_buf_addf(b, "%s (%.12s)", it->name, it->id);
		named = true;
	} else if (it->name || it->id) {
		da_buf_adds(b, it->name ? it->name : it->id);
		named = true;
	}
	if (it->detail) {
		if (named)
			da_buf_adds(b, ": ");
		da_buf_adds(b, it->detail);
	} else if (!named) {
		da_buf_addf(b, "(%s)", it->kind ? it->kind : "item");
	}
}

void da_format_utc(char *buf, time_t t, bool zone)
{
	struct tm tm;

	/* Four-digit years only: the schemas' date patterns allow no other. */
	if (!gmtime_r(&t, &tm) || tm.tm_year < 0 || tm.tm_year > 9999 - 1900 ||
	    strftime(buf, DA_FORMAT_UTC_LEN,
		     zone ? "%Y-%m-%dT%H:%M:%SZ" : "%Y-%m-%dT%H:%M:%S", &tm) == 0)
		snprintf(buf, DA_FORMAT_UTC_LEN, "%s",
			 zone ? "1970-01-01T00:00:00Z" : "1970-01-01T00:00:00");
}

int da_output_put(struct da_output *out, struct da_buf *b)
{
	int err = 0;

	if (b->len && fwrite(b->data, 1, b->len, out->fp) != b->len)
		err = DA_ERR_IO;
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
	return err;
}

int da_output_finish(struct da_output *out, struct da_buf *b, int err)
{
	if (err == 0)
		err = da_output_put(out, b);
	if (err == 0 && ferror(out->fp))
		err = DA_ERR_IO;
	da_buf_release(b);
	free(out->state);
	out->state = NULL;
	return err;
}
