/*
 * The module loader: finds modules in the module directories, checks who
 * may write each file and its folders, reads and validates each descriptor
 * from the file's bytes (no module code runs for that), and only then loads
 * the accepted modules with libltdl.  A bad module is refused with a
 * one-line reason.
 */
#ifndef DA_LOADER_H
#define DA_LOADER_H

#include "report.h"

#include <dockaudit/module.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct da_elfdesc;

struct da_loaded_module {
	const struct da_module *desc; /* borrowed from the loaded object */
	char *path;                   /* file it came from */
	void *handle;                 /* lt_dlhandle, NULL for built-in tests */
	struct da_section section;
	/* staged (validated, not loaded yet): desc points into file */
	struct da_elfdesc *file;      /* the descriptor as read from the file */
	char *real;                   /* the resolved path that is loaded */
	bool pending;
	bool builtin;                 /* linked into dockaudit (--enable-static-modules) */
};

struct da_loader {
	struct da_loaded_module *mods;
	size_t n_mods;
	bool quiet;   /* do not print refusals (tests collect them instead) */
	char **refusals; /* "path: reason" for every refused module */
	size_t n_refusals;
	/* the bytes of the module being staged: one buffer for all of them,
	   whose pages are written once (fresh pages are dear on a VM) */
	unsigned char *scratch;
	size_t scratch_len;
};

int da_loader_init(struct da_loader *l);
void da_loader_release(struct da_loader *l);

/*
 * Loading is in two steps.  Staging checks a file (who may write it and
 * its folders, a regular file, an ELF shared object of this machine) and
 * reads and validates its descriptor from the file's bytes, without
 * loading it; nothing of the module runs.  Committing loads every staged
 * module (libltdl; its constructors run then) and checks that the loaded
 * descriptor is the one validated.  Staging all the folders before one
 * commit means a module refused because a bundled module staged later
 * has the same check id never runs at all.
 *
 * Stages every module of dir (files ending in ".so"), in name order.
 * Refused modules are recorded and reported on stderr; loading goes on.
 * Returns the number of modules staged, or a negative da_err when dir
 * cannot be read.
 */
int da_loader_stage_dir(struct da_loader *l, const char *dir);

/* Stages one file.  Returns 0, DA_ERR_NOTFOUND when shadowed, or DA_ERR_REFUSED. */
int da_loader_stage_file(struct da_loader *l, const char *path);

/* Loads every staged module.  Returns the number of modules loaded. */
int da_loader_commit(struct da_loader *l);

/* Stage and commit: returns the number loaded, or a negative da_err. */
int da_loader_load_dir(struct da_loader *l, const char *dir);

/* Stage and commit one file.  Returns 0, or DA_ERR_REFUSED with the reason recorded. */
int da_loader_load_file(struct da_loader *l, const char *path);

/*
 * Adds a module linked into the program (a bundled module of a build with
 * --enable-static-modules), validated as a file's descriptor is; call it
 * before staging folders: a file module of the same name is then skipped
 * quietly, as a shadowed one.  Returns 0 or DA_ERR_REFUSED (reason
 * recorded).
 */
int da_loader_add_builtin(struct da_loader *l, const struct da_module *m);

/*
 * The per-module descriptor symbol of the module file path,
 * "NAME_LTX_dockaudit_module" (sdk/dockaudit/module.h): NAME is the file's
 * name without its folder and last extension, each character other than
 * [A-Za-z0-9] replaced by '_'.  Allocated; NULL when the name is empty or
 * longer than 64.
 */
char *da_loader_ltx_symbol(const char *path);

/* Row i of m's check table and variant k of its row c, with the module's strides. */
const struct da_check *da_module_check(const struct da_module *m, uint32_t i);
const struct da_variant *da_module_variant(const struct da_module *m, const struct da_check *c,
					   size_t k);
/* The stride of m's variant tables (DA_VARIANT_SIZE_1_0 when it gives none). */
size_t da_module_variant_size(const struct da_module *m);

/* Whether name is the name of a module bundled with dockaudit. */
bool da_loader_bundled(const char *name);

/*
 * Validates a descriptor as the loader does (magic, ABI, size, fields,
 * ids and variants, duplicates against the modules already accepted: in
 * the default ids and in every benchmark a variant names).  Returns NULL when it
 * is acceptable, else a static or buffered one-line reason.
 */
const char *da_loader_validate(const struct da_loader *l, const struct da_module *m,
			       char *buf, size_t buflen);

/* Adds an already validated descriptor (used by tests and by load_file). */
int da_loader_add(struct da_loader *l, const struct da_module *m, const char *path,
		  void *handle);

#endif
