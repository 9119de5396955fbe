/*
 * libFuzzer target: check selection (-c/-e) and object filters (-i/-x/-t), one per
 * line of the input.
 * The body is dt_fuzz_select() in targets.c.
 */
#include "targets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return dt_fuzz_select(data, size);
}
