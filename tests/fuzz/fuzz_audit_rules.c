/*
 * libFuzzer target: an audit rules file: da_audit_rule_path per line, and the
 * real host-files code reading it from a fake host; then every check.
 * The body is dt_fuzz_audit_rules() in targets.c.
 */
#include "targets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return dt_fuzz_audit_rules(data, size);
}
