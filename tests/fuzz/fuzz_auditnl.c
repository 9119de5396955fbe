/*
 * libFuzzer target: a datagram of AUDIT_LIST_RULES replies read by
 * core/auditnl.c.  The body is dt_fuzz_auditnl() in targets.c.
 */
#include "targets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return dt_fuzz_auditnl(data, size);
}
