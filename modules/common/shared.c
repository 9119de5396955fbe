/*
 * The rules the core and the bundled modules share (shared.h): compiled
 * into core/libdacore.la and into modules/common/libmodutil.la from this
 * one file.
 */
#include "shared.h"

#include <string.h>

bool da_normpath(const char *path, char *out, size_t size)
{
	size_t o = 0;
	const char *s = path, *c;

	if (!path || path[0] != '/' || size < 2)
		return false;
	while (*s) {
		while (*s == '/')
			s++;
		for (c = s; *s && *s != '/'; s++)
			;
		if (s == c || (s - c == 1 && c[0] == '.'))
			continue;
		if (o + 1 + (size_t)(s - c) + 1 > size)
			return false;
		out[o++] = '/';
		/* never ahead of the input: path may be out itself */
		memmove(out + o, c, (size_t)(s - c));
		o += (size_t)(s - c);
	}
	if (o == 0)
		out[o++] = '/';
	out[o] = '\0';
	return true;
}

/* The ASCII lower case of c, whatever the locale. */
static char ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* True when s contains t (lower case), ASCII case ignored. */
static bool contains_nocase(const char *s, const char *t)
{
	size_t i;

	for (; s && *s; s++) {
		for (i = 0; t[i] && ascii_lower(s[i]) == t[i]; i++)
			;
		if (!t[i])
			return true;
	}
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
