/*
 * libFuzzer target: a dockerd command line (arguments separated by NUL bytes):
 * da_dockerd_parse_args, and the real host-facts code reading it from a fake
 * /proc/PID/cmdline; then every check and formatter.
 * The body is dt_fuzz_cmdline() in targets.c.
 */
#include "targets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return dt_fuzz_cmdline(data, size);
}
