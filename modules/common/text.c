/*
 * libmodutil, strings: membership in a list, paths as the core compares
 * them, the probe's "needs root" reasons, benchmark names.
 */
#include "modutil.h"
#include "shared.h"

#include <string.h>

bool mu_str_in(const char *s, const char *const *list)
{
	for (; s && *list; list++)
		if (strcmp(s, *list) == 0)
			return true;
	return false;
}

const char *mu_normpath(const char *in, char *out, size_t size)
{
	return da_normpath(in, out, size) ? out : in;
}

const char *mu_denied(const char *err)
{
	static const char *const reasons[] = { "permission denied", "operation not permitted",
					       NULL };
	size_t i;

	for (i = 0; err && reasons[i]; i++)
		if (strstr(err, reasons[i]))
			return reasons[i];
	return NULL;
}

long mu_parse_benchmark(const char *s)
{
	long v[3] = { 0, 0, 0 };
	int i;

	if (!s || strncmp(s, "cis-", 4) != 0)
		return 10600;
	s += 4;
	for (i = 0; i < 3; i++) {
		int digits = 0;

		while (*s >= '0' && *s <= '9' && digits < 4) {
			v[i] = v[i] * 10 + (*s - '0');
			s++;
			digits++;
		}
		if (!digits || v[i] > 99)
			return 10600;
		if (i < 2 && *s++ != '.')
			return 10600;
	}
	if (*s)
		return 10600;
	return v[0] * 10000 + v[1] * 100 + v[2];
}
