/*
 * The table of built-in modules (builtin.h).  Only the binary links this
 * file; the unit tests add modules through the loader's API.
 */
#include "config.h"

#include "builtin.h"

#include <stddef.h>

#ifdef DA_STATIC_MODULES
extern const struct da_module DA_MODULE_SYMBOL_FOR(host);
extern const struct da_module DA_MODULE_SYMBOL_FOR(daemon);
extern const struct da_module DA_MODULE_SYMBOL_FOR(files);
extern const struct da_module DA_MODULE_SYMBOL_FOR(images);
extern const struct da_module DA_MODULE_SYMBOL_FOR(runtime);
extern const struct da_module DA_MODULE_SYMBOL_FOR(operations);
extern const struct da_module DA_MODULE_SYMBOL_FOR(swarm);
extern const struct da_module DA_MODULE_SYMBOL_FOR(enterprise);
extern const struct da_module DA_MODULE_SYMBOL_FOR(community);

const struct da_module *const da_builtin_modules[] = {
	&DA_MODULE_SYMBOL_FOR(host),
	&DA_MODULE_SYMBOL_FOR(daemon),
	&DA_MODULE_SYMBOL_FOR(files),
	&DA_MODULE_SYMBOL_FOR(images),
	&DA_MODULE_SYMBOL_FOR(runtime),
	&DA_MODULE_SYMBOL_FOR(operations),
	&DA_MODULE_SYMBOL_FOR(swarm),
	&DA_MODULE_SYMBOL_FOR(enterprise),
	&DA_MODULE_SYMBOL_FOR(community),
	NULL,
};
#else
const struct da_module *const da_builtin_modules[] = { NULL };
#endif
