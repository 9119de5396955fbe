/*
 * Reads a module's descriptor from the bytes of its file, without loading
 * it: the ELF headers, the dynamic symbol "NAME_LTX_dockaudit_module" or
 * else "dockaudit_module", and the descriptor, check rows and variant rows
 * (each with the module's own stride) and strings it points to, with the
 * module's relocations applied.  Every pointer is checked to land inside
 * the module's own image (strings NUL-terminated inside their segment, rows
 * wholly inside one segment, run functions inside an executable segment),
 * so the copy it returns can be validated as plain data.  The input is
 * hostile: every bound is checked, and nothing in the file is executed.
 */
#ifndef DA_ELFDESC_H
#define DA_ELFDESC_H

#include <dockaudit/module.h>

#include <stddef.h>
#include <stdint.h>

/* Largest module file read. */
#define DA_ELFDESC_MAX_FILE (64u * 1024 * 1024)
/* Longest string read from a module (a remediation text). */
#define DA_ELFDESC_MAX_STRING 65536u
/* Most variant rows of one check, and most check rows of one module. */
#define DA_ELFDESC_MAX_VARIANTS 16u
#define DA_ELFDESC_MAX_CHECKS 10000u

struct da_elfdesc {
	/*
	 * A copy of the descriptor in dockaudit's own memory: strings, rows
	 * and variant tables are copies too, in this host's layout (check_size
	 * and variant_size are this host's; members past the module's sizes
	 * are zero).  The run field of each row holds no callable address
	 * (only NULL or not NULL): the copy is data.
	 */
	struct da_module mod;
	char symbol[96];          /* the descriptor's symbol name in the file */
	uint32_t file_check_size; /* the module's own strides */
	uint32_t file_variant_size;
	struct da_check *checks;
	uint64_t vaddr;     /* the descriptor's address in the file's image */
	uint64_t *ptrs;     /* image address of every pointer of the copy, in walk order */
	size_t n_ptrs;
	void **blocks;      /* allocations of the copy */
	size_t n_blocks;
	uint64_t min_vaddr; /* first loaded address (page-aligned) */
};

/*
 * Reads the descriptor of the module whose file is data[0..size): the
 * symbol ltx ("NAME_LTX_dockaudit_module", see da_loader_ltx_symbol; NULL
 * for none) when the file exports it, else "dockaudit_module".  Returns
 * NULL and fills d, or a one-line reason (static or in buf).  A descriptor
 * with a wrong magic, ABI or size is returned with only its head read, so
 * that the caller reports that reason.
 */
const char *da_elfdesc_read(const unsigned char *data, size_t size, const char *ltx,
			    struct da_elfdesc *d, char *buf, size_t buflen);

void da_elfdesc_release(struct da_elfdesc *d);

/*
 * After loading: whether the loaded descriptor m, of an object loaded at
 * bias, is the one read from the file (same pointers, fields and strings).
 * Returns NULL when it is, else a reason.
 */
const char *da_elfdesc_compare(const struct da_elfdesc *d, const struct da_module *m,
			       uintptr_t bias, char *buf, size_t buflen);

#endif
