/*
 * The module loader: finds modules in the module directories, loads them
 * with libltdl, validates each descriptor before any module code runs, and
 * refuses a bad module with a one-line reason.
 */
#ifndef DA_LOADER_H
#define DA_LOADER_H

#include "report.h"

#include <dockaudit/module.h>

#include <stdbool.h>
#include <stddef.h>

struct da_loaded_module {
	const struct da_module *desc; /* borrowed from the loaded object */
	char *path;                   /* file it came from */
	void *handle;                 /* lt_dlhandle, NULL for built-in tests */
	struct da_section section;
};

struct da_loader {
	struct da_loaded_module *mods;
	size_t n_mods;
	bool quiet;   /* do not print refusals (tests collect them instead) */
	char **refusals; /* "path: reason" for every refused module */
	size_t n_refusals;
};

int da_loader_init(struct da_loader *l);
void da_loader_release(struct da_loader *l);

/*
 * Loads every module of dir (files ending in ".so"), in name order.
 * Refused modules are recorded and reported on stderr; loading goes on.
 * Returns the number of modules loaded, or a negative da_err when dir
 * cannot be read.
 */
int da_loader_load_dir(struct da_loader *l, const char *dir);

/* Loads one file.  Returns 0, or DA_ERR_REFUSED with the reason recorded. */
int da_loader_load_file(struct da_loader *l, const char *path);

/*
 * Validates a descriptor as the loader does (magic, ABI, size, fields,
 * duplicates against the modules already accepted).  Returns NULL when it
 * is acceptable, else a static or buffered one-line reason.
 */
const char *da_loader_validate(const struct da_loader *l, const struct da_module *m,
			       char *buf, size_t buflen);

/* Adds an already validated descriptor (used by tests and by load_file). */
int da_loader_add(struct da_loader *l, const struct da_module *m, const char *path,
		  void *handle);

#endif
