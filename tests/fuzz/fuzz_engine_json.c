/*
 * libFuzzer target: one Engine API answer (first byte: which one) put into the probe
 * where the engine client puts it, then every check and formatter.
 * The body is dt_fuzz_engine_json() in targets.c.
 */
#include "targets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return dt_fuzz_engine_json(data, size);
}
