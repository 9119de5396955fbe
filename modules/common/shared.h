/*
 * What the core and the bundled modules must judge the same way, in one
 * source (shared.c) compiled into both: the core's library
 * (core/libdacore.la) and the modules' (libmodutil.la).  Not part of the
 * module ABI: a module reaches the core only through the SDK's host table,
 * so a rule both sides apply lives here rather than twice.
 */
#ifndef DA_COMMON_SHARED_H
#define DA_COMMON_SHARED_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Normalises an absolute path for comparison: collapses repeated slashes
 * and drops "." components and a trailing slash ("/" stays "/").  ".." is
 * kept: resolving it needs the filesystem.  Writes into out (size bytes,
 * NUL included; out may be path itself); false when path is NULL or not
 * absolute or the result does not fit, and out then holds nothing usable.
 */
bool da_normpath(const char *path, char *out, size_t size);

/*
 * Whether /version's Platform.Name and Version (either may be NULL) are
 * those of a Docker Enterprise (Mirantis) engine: a platform name with
 * "Enterprise" or "Mirantis" (ASCII case ignored), or an "-ee" version
 * suffix ("17.06.2-ee-16", "19.03.5-ee", not "20.10.7-eef").
 */
bool da_engine_is_enterprise(const char *platform, const char *version);

#endif
