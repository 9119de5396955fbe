/*
 * libFuzzer target: the other host file parsers of core/hostfiles.h: mountinfo
 * lines, passwd/group files, systemd socket units, path normalisation.
 * The body is dt_fuzz_host_parsers() in targets.c.
 */
#include "targets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return dt_fuzz_host_parsers(data, size);
}
