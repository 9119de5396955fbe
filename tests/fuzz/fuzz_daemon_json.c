/*
 * libFuzzer target: daemon.json content: parsed as dockerd does and merged with a
 * command line (da_dockerd_effective), and read by the real host-facts
 * code from a fake host; then every check and formatter.
 * The body is dt_fuzz_daemon_json() in targets.c.
 */
#include "targets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return dt_fuzz_daemon_json(data, size);
}
