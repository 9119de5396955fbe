/*
 * libFuzzer target: the escaping helpers of every output format (core/escape.h).
 * The body is dt_fuzz_escape() in targets.c.
 */
#include "targets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return dt_fuzz_escape(data, size);
}
