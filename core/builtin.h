/*
 * The modules linked into the binary: the bundled modules of a build
 * configured with --enable-static-modules (none otherwise).  Each exports
 * its descriptor under its per-module symbol, NAME_LTX_dockaudit_module,
 * so that all of them fit in one program.
 */
#ifndef DA_BUILTIN_H
#define DA_BUILTIN_H

#include <dockaudit/module.h>

/* The built-in descriptors, ended by NULL. */
extern const struct da_module *const da_builtin_modules[];

#endif
