/*
 * libFuzzer target: a snapshot file (da_probe_load_snapshot_mem), then every check
 * and every formatter on the loaded probe.
 * The body is dt_fuzz_snapshot() in targets.c.
 */
#include "targets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return dt_fuzz_snapshot(data, size);
}
