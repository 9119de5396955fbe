/*
 * Escaping for every output format, and the one UTF-8 decoder of the core
 * (da_utf8_decode).  All three formats walk the input with it, so a byte sequence is judged the same way whatever
 * the format: overlong forms, surrogates, code points above U+10FFFF and
 * truncated sequences are invalid, byte by byte.  In text and XML a control
 * character shows as "\xNN" of its code point (U+009B as "\x9b"), and a
 * byte that cannot be shown as "\xNN" of the byte.
 */
#include "config.h"

#include "escape.h"

#include <stdint.h>
#include <string.h>

size_t da_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned char c;
	uint32_t min;
	size_t len, i;

	if (n == 0)
		return 0;
	c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		*cp = c & 0x1f;
		min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		*cp = c & 0x0f;
		min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		*cp = c & 0x07;
		min = 0x10000;
	} else {
		return 0; /* continuation byte, 0xc0, 0xc1 or 0xf5..0xff */
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		*cp = (*cp << 6) | (s[i] & 0x3f);
	}
	if (*cp < min || *cp > 0x10ffff || (*cp >= 0xd800 && *cp <= 0xdfff))
		return 0;
	return len;
}

/* The decoder on a NUL-terminated string: the NUL, never a continuation
 * byte, ends a truncated sequence. */
static size_t utf8_decode(const unsigned char *s, uint32_t *cp)
{
	return da_utf8_decode(s, SIZE_MAX, cp);
}

void da_utf8_clean(struct da_buf *out, const char *s, size_t n, bool one_line)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, k;
	uint32_t cp;

	while (i < n) {
		k = u[i] ? da_utf8_decode(u + i, n - i, &cp) : 0;
		if (k == 0) {
			da_buf_add(out, "\xef\xbf\xbd", 3);
			i++;
			continue;
		}
		if (one_line && k == 1 && (u[i] < 0x20 || u[i] == 0x7f))
			da_buf_addc(out, '?');
		else
			da_buf_add(out, u + i, k);
		i += k;
	}
	if (!out->data)
		da_buf_add(out, "", 0);
}

static void add_hex_bytes(struct da_buf *b, const unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		da_buf_addf(b, "\\x%02x", p[i]);
}

/* C0, DEL and C1: what a terminal may act on rather than show. */
static bool is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f);
}

void da_escape_text(struct da_buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t cp;
	size_t n;

	if (!s)
		return;
	while (*p) {
		n = utf8_decode(p, &cp);
		if (n == 0) {
			add_hex_bytes(b, p, 1);
			p++;
			continue;
		}
		if (cp == '\n')
			da_buf_adds(b, "\\n");
		else if (cp == '\t')
			da_buf_adds(b, "\\t");
		else if (is_control(cp))
			da_buf_addf(b, "\\x%02x", (unsigned)cp);
		else
			da_buf_add(b, p, n);
		p += n;
	}
}

/*
 * Tab, newline and carriage return are legal XML but an attribute value
 * would lose them to normalisation and character data would turn CR into
 * LF, so they become character references.  DEL and C1 are legal too, but
 * "discouraged"; they are shown as "\xNN" for the same reason as in text.
 */
void da_escape_xml(struct da_buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t cp;
	size_t n;

	if (!s)
		return;
	while (*p) {
		n = utf8_decode(p, &cp);
		if (n == 0) {
			add_hex_bytes(b, p, 1);
			p++;
			continue;
		}
		switch (cp) {
		case '&': da_buf_adds(b, "&amp;"); break;
		case '<': da_buf_adds(b, "&lt;"); break;
		case '>': da_buf_adds(b, "&gt;"); break;
		case '"': da_buf_adds(b, "&quot;"); break;
		case '\'': da_buf_adds(b, "&apos;"); break;
		case '\t': da_buf_adds(b, "&#9;"); break;
		case '\n': da_buf_adds(b, "&#10;"); break;
		case '\r': da_buf_adds(b, "&#13;"); break;
		default:
			if (is_control(cp))
				da_buf_addf(b, "\\x%02x", (unsigned)cp);
			else if (cp == 0xfffe || cp == 0xffff)
				add_hex_bytes(b, p, n);
			else
				da_buf_add(b, p, n);
		}
		p += n;
	}
}

/*
 * Beyond what JSON requires, DEL, C1 and the two JavaScript line
 * terminators are written as \u escapes: the parsed value is the same and
 * the file itself stays free of bytes a terminal or a script would act on.
 * NULL is written as the literal null.
 */
void da_escape_json(struct da_buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t cp;
	size_t n;

	if (!s) {
		da_buf_adds(b, "null");
		return;
	}
	da_buf_addc(b, '"');
	while (*p) {
		n = utf8_decode(p, &cp);
		if (n == 0) {
			da_buf_adds(b, "\xef\xbf\xbd"); /* U+FFFD */
			p++;
			continue;
		}
		switch (cp) {
		case '"': da_buf_adds(b, "\\\""); break;
		case '\\': da_buf_adds(b, "\\\\"); break;
		case '\b': da_buf_adds(b, "\\b"); break;
		case '\f': da_buf_adds(b, "\\f"); break;
		case '\n': da_buf_adds(b, "\\n"); break;
		case '\r': da_buf_adds(b, "\\r"); break;
		case '\t': da_buf_adds(b, "\\t"); break;
		default:
			if (is_control(cp) || cp == 0x2028 || cp == 0x2029)
				da_buf_addf(b, "\\u%04x", (unsigned)cp);
			else
				da_buf_add(b, p, n);
		}
		p += n;
	}
	da_buf_addc(b, '"');
}

char *da_json_defuse_nul(const char *s, size_t n, size_t *outlen)
{
	static const char nul[] = "\\u0000";
	struct da_buf b = { 0 };
	bool in_str = false;
	size_t i;

	if (!s || n < sizeof(nul) - 1 || !memmem(s, n, nul, sizeof(nul) - 1))
		return NULL;
	for (i = 0; i < n; i++) {
		if (!in_str) {
			if (s[i] == '"')
				in_str = true;
			da_buf_addc(&b, s[i]);
			continue;
		}
		if (s[i] == '"') {
			in_str = false;
		} else if (s[i] == '\\' && i + 1 < n) {
			if (n - i >= sizeof(nul) - 1 && memcmp(s + i, nul, sizeof(nul) - 1) == 0) {
				da_buf_adds(&b, "\\\\u0000");
				i += sizeof(nul) - 2;
				continue;
			}
			/* any other escape, "\\" and "\"" included, is kept whole */
			da_buf_add(&b, s + i, 2);
			i++;
			continue;
		}
		da_buf_addc(&b, s[i]);
	}
	*outlen = b.len;
	return da_buf_steal(&b);
}
