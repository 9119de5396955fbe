/*
 * One escaping helper per output format, for every string from outside,
 * and the core's one UTF-8 decoder, which they all use.
 */
#ifndef DA_ESCAPE_H
#define DA_ESCAPE_H

#include "util.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Length of the valid UTF-8 sequence at s (1 to 4 bytes, at most n) with
 * its code point in *cp, or 0 when the byte at s does not start one:
 * overlong forms, surrogates, code points above U+10FFFF and sequences cut
 * short by n or by a byte that is not a continuation are invalid.  A NUL
 * byte decodes as U+0000 (length 1).
 */
size_t da_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);

/*
 * Appends s[0..n) to out as valid UTF-8: each byte that starts no valid
 * sequence, and each NUL, becomes U+FFFD.  With one_line, the other C0
 * controls and DEL become '?' so that the text stays on one line.  out is
 * NUL-terminated afterwards even when n is 0.
 */
void da_utf8_clean(struct da_buf *out, const char *s, size_t n, bool one_line);

/*
 * Text for a terminal or a log: control characters (C0, DEL, C1, so every
 * ESC of an ANSI sequence) become "\xNN" or "\n"/"\t", and invalid UTF-8
 * bytes become "\xNN".  Valid UTF-8 is kept.
 */
void da_escape_text(struct da_buf *b, const char *s);

/*
 * XML character data and attribute values: & < > " ' as entities;
 * characters XML 1.0 cannot carry (C0 but tab/newline/CR, invalid UTF-8,
 * U+FFFE/U+FFFF) become the visible "\xNN" form.
 */
void da_escape_xml(struct da_buf *b, const char *s);

/*
 * A JSON string literal with its quotes, valid UTF-8 always (invalid bytes
 * become U+FFFD).
 */
void da_escape_json(struct da_buf *b, const char *s);

/*
 * JSON text from outside (a daemon's answer, a snapshot) before it is
 * parsed: every "\u0000" escape in a string or a key becomes "\\u0000", so
 * the parsed string holds the six characters \u0000 instead of a NUL that
 * every C string after it would stop at.  The rest of the text is kept
 * byte for byte.  Returns NULL when the text has no such escape (parse it
 * as it is), else a copy to free, of length *outlen.
 */
char *da_json_defuse_nul(const char *s, size_t n, size_t *outlen);

#endif
