/*
 * The table of built-in modules (builtin.h).  Only the binary links this
 * file; the unit tests add modules through the loader's API.
 */
#include "config.h"

#include "builtin.h"

#include <stddef.h>

#ifdef DA_STATIC_MODULES
#define DA_BUILTIN_MODULE(name) extern const struct da_module DA_MODULE_SYMBOL_FOR(name);
#include "builtin-list.h"

const struct da_module *const da_builtin_modules[] = {
#define DA_BUILTIN_MODULE(name) &DA_MODULE_SYMBOL_FOR(name),
#include "builtin-list.h"
	NULL,
};
#else
const struct da_module *const da_builtin_modules[] = { NULL };
#endif
