/*
 * The module loader.  A module is refused, with a one-line reason, before
 * any of its code runs: the file and every folder above it must be writable
 * by root or the user running dockaudit only; the file must be a regular
 * file; its descriptor is read from the file's bytes (core/elfdesc.c) and
 * checked as data (magic, ABI, size, fields, ids, variants, duplicates).
 * Only then is it loaded, and the loaded descriptor compared with what was
 * validated.
 */
#include "config.h"

#include "elfdesc.h"
#include "escape.h"
#include "loader.h"
#include "util.h"

#include <ltdl.h>

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * The smallest sizes each minor of this major allows, frozen in the SDK
 * (never sizeof of this host's structures, which grow with each minor).
 * A new minor that appends members adds its line.
 */
static const struct abi_sizes {
	unsigned minor;
	uint32_t module, check, variant;
} frozen_sizes[] = {
	{ 0, DA_MODULE_SIZE_1_0, DA_CHECK_SIZE_1_0, DA_VARIANT_SIZE_1_0 },
};

/* Largest row the loader reads (a check or a variant). */
#define MAX_ROW_SIZE 4096u
/* Most benchmarks the variants of one module may name. */
#define MAX_BENCHMARKS 16

/* The modules built with dockaudit: they win every id conflict. */
static const char *const bundled[] = {
	"host", "daemon", "files", "images", "runtime", "operations", "swarm",
	"enterprise", "community",
};

bool da_loader_bundled(const char *name)
{
	size_t i;

	for (i = 0; name && i < sizeof(bundled) / sizeof(bundled[0]); i++)
		if (strcmp(bundled[i], name) == 0)
			return true;
	return false;
}

int da_loader_init(struct da_loader *l)
{
	memset(l, 0, sizeof(*l));
	if (lt_dlinit() != 0)
		return DA_ERR_INVALID;
	return DA_OK;
}

static void free_entry(struct da_loaded_module *lm)
{
	free(lm->path);
	free(lm->real);
	free(lm->section.id);
	free(lm->section.title);
	free(lm->section.group);
	free(lm->section.module);
	free(lm->section.module_version);
	if (lm->handle)
		lt_dlclose(lm->handle);
	if (lm->file) {
		da_elfdesc_release(lm->file);
		free(lm->file);
	}
}

void da_loader_release(struct da_loader *l)
{
	size_t i;

	for (i = 0; i < l->n_mods; i++)
		free_entry(&l->mods[i]);
	for (i = 0; i < l->n_refusals; i++)
		free(l->refusals[i]);
	free(l->refusals);
	free(l->mods);
	free(l->scratch);
	lt_dlexit();
	memset(l, 0, sizeof(*l));
}

/* Records and prints "path: reason", both escaped for a terminal. */
static void refuse(struct da_loader *l, const char *path, const char *reason)
{
	struct da_buf b = { 0 };
	char *line;

	da_escape_text(&b, path);
	da_buf_adds(&b, ": ");
	da_escape_text(&b, reason);
	line = da_buf_steal(&b);
	if (!l->quiet)
		da_errorf("module refused: %s", line);
	l->refusals = da_xrealloc(l->refusals, (l->n_refusals + 1) * sizeof(*l->refusals));
	l->refusals[l->n_refusals++] = line;
}

static void remove_entry(struct da_loader *l, size_t k)
{
	free_entry(&l->mods[k]);
	memmove(&l->mods[k], &l->mods[k + 1], (l->n_mods - k - 1) * sizeof(*l->mods));
	l->n_mods--;
}

static bool valid_name(const char *s)
{
	if (!s || !*s || strlen(s) > 64)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      *s == '_' || *s == '-'))
			return false;
	return true;
}

/* Check ids and benchmark names: 1 to max of [A-Za-z0-9._-]. */
static bool valid_token(const char *s, size_t max, bool upper)
{
	size_t n = 0;

	if (!s || !*s)
		return false;
	for (; *s; s++, n++)
		if (n >= max || !((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
				   (upper && *s >= 'A' && *s <= 'Z') || *s == '.' || *s == '_' ||
				   *s == '-'))
			return false;
	return true;
}

static bool nonempty(const char *s)
{
	return s && *s;
}

static const struct abi_sizes *sizes_of(unsigned minor)
{
	size_t i = sizeof(frozen_sizes) / sizeof(frozen_sizes[0]);

	while (i > 1 && frozen_sizes[i - 1].minor > minor)
		i--;
	return &frozen_sizes[i - 1];
}

size_t da_module_variant_size(const struct da_module *m)
{
	return m->variant_size ? m->variant_size : DA_VARIANT_SIZE_1_0;
}

const struct da_check *da_module_check(const struct da_module *m, uint32_t i)
{
	return (const struct da_check *)(const void *)
		((const char *)m->checks + (size_t)i * m->check_size);
}

const struct da_variant *da_module_variant(const struct da_module *m, const struct da_check *c,
					   size_t k)
{
	if (!c->variants)
		return NULL;
	return (const struct da_variant *)(const void *)
		((const char *)c->variants + k * da_module_variant_size(m));
}

static const struct da_check *row(const struct da_module *m, uint32_t i)
{
	return da_module_check(m, i);
}

/* Walks the variants of row c of m: for (VARIANTS(m, c, v, k)) ... */
#define VARIANTS(m, c, v, k)                                                 \
	k = 0, v = da_module_variant(m, c, 0); v && v->benchmark;            \
	v = da_module_variant(m, c, ++k)

/*
 * The id a row has in benchmark b (NULL: the row's own id, which is also
 * its id in every benchmark no variant names), or NULL when absent there.
 * The same rule as the catalog's (resolve() in core/runner.c).
 */
static const char *id_in(const struct da_module *m, const struct da_check *c, const char *b)
{
	const struct da_variant *v;
	const char *id = c->id;
	size_t k;

	for (VARIANTS(m, c, v, k)) {
		if (!b)
			break;
		if (strcmp(v->benchmark, b) != 0)
			continue;
		if (v->id && strcmp(v->id, "-") == 0)
			return NULL;
		if (v->id && *v->id)
			id = v->id;
		break;
	}
	return strcmp(id, "-") == 0 ? NULL : id;
}

/* Adds the benchmarks m's variants name to set (at most MAX_BENCHMARKS each). */
static size_t add_benchmarks(const struct da_module *m, const char **set, size_t n,
			     size_t max)
{
	uint32_t i;
	const struct da_variant *v;
	size_t k, j;

	for (i = 0; i < m->n_checks; i++)
		for (VARIANTS(m, row(m, i), v, j)) {
			for (k = 0; k < n && (!set[k] || strcmp(set[k], v->benchmark) != 0); k++)
				;
			if (k == n && n < max)
				set[n++] = v->benchmark;
		}
	return n;
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The sorted ids of m in benchmark b; *n their number. */
static const char **ids_in(const struct da_module *m, const char *b, size_t *n)
{
	const char **ids = da_xcalloc(m->n_checks ? m->n_checks : 1, sizeof(*ids));
	uint32_t i;

	*n = 0;
	for (i = 0; i < m->n_checks; i++) {
		const char *id = id_in(m, row(m, i), b);
		if (id)
			ids[(*n)++] = id;
	}
	qsort(ids, *n, sizeof(*ids), str_cmp);
	return ids;
}

/*
 * An id m and o (or m alone, o NULL) both have in one benchmark: NULL when
 * none, else the id, and *bench the benchmark (NULL: the rows' own ids).
 */
static const char *shared_id(const struct da_module *m, const struct da_module *o,
			     const char **bench)
{
	const char *set[2 * MAX_BENCHMARKS + 1];
	size_t n = 1, k, na, nb, i, j;
	const char *hit = NULL;

	set[0] = NULL;
	n = add_benchmarks(m, set, n, MAX_BENCHMARKS + 1);
	if (o)
		n = add_benchmarks(o, set, n, 2 * MAX_BENCHMARKS + 1);
	for (k = 0; k < n && !hit; k++) {
		const char **a = ids_in(m, set[k], &na), **b;
		if (!o) {
			for (i = 1; i < na && !hit; i++)
				if (strcmp(a[i - 1], a[i]) == 0)
					hit = a[i];
		} else {
			b = ids_in(o, set[k], &nb);
			for (i = 0, j = 0; i < na && j < nb && !hit;) {
				int c = strcmp(a[i], b[j]);
				if (c == 0)
					hit = a[i];
				else if (c < 0)
					i++;
				else
					j++;
			}
			free(b);
		}
		free(a);
		*bench = set[k];
	}
	return hit;
}

static const char *dup_reason(char *buf, size_t buflen, const char *id, const char *bench,
			      const char *other)
{
	if (other)
		snprintf(buf, buflen, "duplicate check id %.32s%s%.32s (module %s has it)", id,
			 bench ? " in " : "", bench ? bench : "", other);
	else
		snprintf(buf, buflen, "duplicate check id %.32s%s%.32s", id, bench ? " in " : "",
			 bench ? bench : "");
	return buf;
}

static const char *validate_variants(const struct da_module *m, const struct da_check *c,
				     char *buf, size_t buflen)
{
	const struct da_variant *v, *w;
	size_t n, j;

	for (VARIANTS(m, c, v, n)) {
		if (n >= 16) {
			snprintf(buf, buflen, "check %.32s has more than 16 variants", c->id);
			return buf;
		}
		if (!valid_token(v->benchmark, 32, false)) {
			snprintf(buf, buflen,
				 "check %.32s has a variant with an invalid benchmark name "
				 "(want 1-32 of [a-z0-9._-])", c->id);
			return buf;
		}
		for (j = 0; j < n && (w = da_module_variant(m, c, j)) != NULL; j++)
			if (strcmp(w->benchmark, v->benchmark) == 0) {
				snprintf(buf, buflen, "check %.32s has two variants for %s", c->id,
					 v->benchmark);
				return buf;
			}
		if (nonempty(v->id) && !valid_token(v->id, 32, true)) {
			snprintf(buf, buflen,
				 "check %.32s has an invalid id in %s (want 1-32 of [A-Za-z0-9._-])",
				 c->id, v->benchmark);
			return buf;
		}
		if (v->level < 0 || v->level > 2) {
			snprintf(buf, buflen, "check %.32s has level %d in %s (want 0, 1 or 2)",
				 c->id, v->level, v->benchmark);
			return buf;
		}
	}
	return NULL;
}

/* What one module must be on its own. */
static const char *validate_own(const struct da_module *m, char *buf, size_t buflen)
{
	const char *set[MAX_BENCHMARKS + 2];
	const char *id, *bench = NULL;
	const struct abi_sizes *min;
	const char *r;
	uint32_t i;

	if (!m)
		return "no descriptor";
	if (m->magic != DA_MODULE_MAGIC) {
		snprintf(buf, buflen, "wrong magic 0x%08x: not a dockaudit module", m->magic);
		return buf;
	}
	if (m->abi_major != DA_ABI_MAJOR) {
		snprintf(buf, buflen, "built for module ABI %u.%u, this dockaudit speaks %d.%d",
			 m->abi_major, m->abi_minor, DA_ABI_MAJOR, DA_ABI_MINOR);
		return buf;
	}
	if (m->abi_minor > DA_ABI_MINOR) {
		snprintf(buf, buflen, "needs module ABI %u.%u, newer than this dockaudit's %d.%d",
			 m->abi_major, m->abi_minor, DA_ABI_MAJOR, DA_ABI_MINOR);
		return buf;
	}
	min = sizes_of(m->abi_minor);
	if (m->size < min->module) {
		snprintf(buf, buflen, "descriptor is %u bytes, ABI %d.%u needs at least %u",
			 m->size, DA_ABI_MAJOR, m->abi_minor, min->module);
		return buf;
	}
	if (m->check_size < min->check || m->check_size > MAX_ROW_SIZE ||
	    m->check_size % sizeof(void *) != 0) {
		snprintf(buf, buflen,
			 "check rows are %u bytes, ABI %d.%u needs a multiple of %zu from %u to %u",
			 m->check_size, DA_ABI_MAJOR, m->abi_minor, sizeof(void *), min->check,
			 MAX_ROW_SIZE);
		return buf;
	}
	if (m->variant_size != 0 &&
	    (m->variant_size < min->variant || m->variant_size > MAX_ROW_SIZE ||
	     m->variant_size % sizeof(void *) != 0)) {
		snprintf(buf, buflen,
			 "variant rows are %u bytes, ABI %d.%u needs a multiple of %zu from %u to %u",
			 m->variant_size, DA_ABI_MAJOR, m->abi_minor, sizeof(void *), min->variant,
			 MAX_ROW_SIZE);
		return buf;
	}
	if (!valid_name(m->name))
		return "missing or invalid name (want 1-64 of [a-z0-9_-])";
	if (!nonempty(m->version))
		return "missing version";
	if (!nonempty(m->section) || !nonempty(m->section_title))
		return "missing section id or title";
	if (!m->checks || m->n_checks == 0)
		return "no checks";
	if (m->n_checks > 10000)
		return "too many checks";
	for (i = 0; i < m->n_checks; i++) {
		const struct da_check *c = row(m, i);
		if (!valid_token(c->id, 32, true)) {
			snprintf(buf, buflen,
				 "check %u has a missing, too long or invalid id "
				 "(want 1-32 of [A-Za-z0-9._-])", i);
			return buf;
		}
		if (!nonempty(c->title)) {
			snprintf(buf, buflen, "check %.32s has no title", c->id);
			return buf;
		}
		if (!(c->flags & DA_CHECK_HEADER) && !c->run) {
			snprintf(buf, buflen, "check %.32s has no run function", c->id);
			return buf;
		}
		if (c->level < 0 || c->level > 2) {
			snprintf(buf, buflen, "check %.32s has level %d (want 0, 1 or 2)",
				 c->id, c->level);
			return buf;
		}
		if ((r = validate_variants(m, c, buf, buflen)) != NULL)
			return r;
	}
	set[0] = NULL;
	if (add_benchmarks(m, set, 1, MAX_BENCHMARKS + 2) > MAX_BENCHMARKS + 1) {
		snprintf(buf, buflen, "variants name more than %d benchmarks", MAX_BENCHMARKS);
		return buf;
	}
	id = shared_id(m, NULL, &bench);
	if (id)
		return dup_reason(buf, buflen, id, bench, NULL);
	return NULL;
}

const char *da_loader_validate(const struct da_loader *l, const struct da_module *m,
			       char *buf, size_t buflen)
{
	const char *r = validate_own(m, buf, buflen), *id, *bench = NULL;
	size_t k;

	if (r)
		return r;
	for (k = 0; l && k < l->n_mods; k++) {
		const struct da_module *o = l->mods[k].desc;
		if (strcmp(o->name, m->name) == 0) {
			snprintf(buf, buflen, "duplicate module name %s (already loaded from %s)",
				 m->name, l->mods[k].path);
			return buf;
		}
		id = shared_id(m, o, &bench);
		if (id)
			return dup_reason(buf, buflen, id, bench, o->name);
	}
	return NULL;
}

static int section_cmp(const char *a, const char *b)
{
	/* Numeric sections first, in numeric order; others after, by name. */
	char *ea, *eb;
	long na = strtol(a, &ea, 10), nb = strtol(b, &eb, 10);
	bool da = ea != a, db = eb != b;

	if (da && db && na != nb)
		return na < nb ? -1 : 1;
	if (da != db)
		return da ? -1 : 1;
	return strcmp(a, b);
}

static int mod_cmp(const void *x, const void *y)
{
	const struct da_loaded_module *a = x, *b = y;
	int c = section_cmp(a->desc->section, b->desc->section);

	return c ? c : strcmp(a->desc->name, b->desc->name);
}

static struct da_loaded_module *add_entry(struct da_loader *l, const struct da_module *m,
					  const char *path)
{
	struct da_loaded_module *lm;

	l->mods = da_xrealloc(l->mods, (l->n_mods + 1) * sizeof(*l->mods));
	lm = &l->mods[l->n_mods++];
	memset(lm, 0, sizeof(*lm));
	lm->desc = m;
	lm->path = da_xstrdup(path ? path : "(built-in)");
	lm->section.id = da_xstrdup(m->section);
	lm->section.title = da_xstrdup(m->section_title);
	lm->section.group = da_xstrdup(m->group);
	lm->section.module = da_xstrdup(m->name);
	lm->section.module_version = da_xstrdup(m->version);
	return lm;
}

static void sort_mods(struct da_loader *l)
{
	/* Keep the table in section order; sections point into it only after loading. */
	qsort(l->mods, l->n_mods, sizeof(*l->mods), mod_cmp);
}

int da_loader_add(struct da_loader *l, const struct da_module *m, const char *path,
		  void *handle)
{
	add_entry(l, m, path)->handle = handle;
	sort_mods(l);
	return DA_OK;
}

/* --- who may write the file ---------------------------------------------- */

/* NULL when st may be trusted, else the reason naming what. */
static const char *unsafe(const char *kind, const char *what, const struct stat *st,
			  char *buf, size_t buflen)
{
	uid_t me = geteuid();

	if (st->st_uid != 0 && st->st_uid != me) {
		snprintf(buf, buflen, "%s%s%s is owned by uid %lu, not by root%s: not loaded",
			 kind, what ? " " : "", what ? what : "", (unsigned long)st->st_uid,
			 me ? " or by the user running dockaudit" : "");
		return buf;
	}
	if (st->st_mode & (S_IWGRP | S_IWOTH)) {
		snprintf(buf, buflen, "%s%s%s is writable by %s (mode %04o): not loaded", kind,
			 what ? " " : "", what ? what : "",
			 (st->st_mode & S_IWOTH) ? "others" : "its group",
			 (unsigned)(st->st_mode & 07777));
		return buf;
	}
	return NULL;
}

/*
 * The rule of sshd's StrictModes: the file itself (real, with no symlink
 * left) and every folder from it up to / are owned by root or the user
 * running dockaudit and writable by no one else.  One exception, sound by
 * the kernel's rule for sticky folders (only an entry's owner, the
 * folder's owner or root may rename or remove it): a root-owned sticky
 * folder above the module's own folder, such as /tmp above a private
 * `mktemp -d` folder, since the folder below it on the path has already
 * been found owned by root or the user and so cannot be replaced.  The
 * module's own folder is never exempt.
 */
static const char *unsafe_folders(const char *real, char *buf, size_t buflen)
{
	char *dir = da_xstrdup(real), *slash;
	const char *r = NULL;
	struct stat st;
	bool own_folder = true;

	while (!r && (slash = strrchr(dir, '/')) != NULL) {
		if (slash == dir)
			slash[1] = '\0';
		else
			*slash = '\0';
		if (lstat(dir, &st) != 0) {
			snprintf(buf, buflen, "cannot read folder %s: %s", dir, strerror(errno));
			r = buf;
		} else if (!own_folder && (st.st_mode & S_ISVTX) && st.st_uid == 0) {
			r = NULL;
		} else {
			r = unsafe("folder", dir, &st, buf, buflen);
		}
		own_folder = false;
		if (slash == dir)
			break;
	}
	free(dir);
	return r;
}

static const char *file_type(mode_t m)
{
	if (S_ISDIR(m))
		return "a folder";
	if (S_ISFIFO(m))
		return "a FIFO";
	if (S_ISSOCK(m))
		return "a socket";
	if (S_ISCHR(m) || S_ISBLK(m))
		return "a device";
	return "not a regular file";
}

/* The first size of the staging buffer; only the pages read are touched. */
#define DA_LOADER_SCRATCH ((size_t)512 << 10)

/*
 * Opens path for reading its bytes: resolves it, checks the file and its
 * folders, opens without following a link or blocking, and reads at most
 * DA_ELFDESC_MAX_FILE bytes.  NULL and *data, *size, *real, *st set, or a
 * reason.
 */
static const char *read_module(struct da_loader *l, const char *path, size_t *size,
			       char **real, struct stat *st, char *buf, size_t buflen)
{
	char *rp = realpath(path, NULL);
	struct stat fst;
	const char *r;
	size_t got = 0;
	int fd;

	if (!rp) {
		snprintf(buf, buflen, "cannot open: %s", strerror(errno));
		return buf;
	}
	*real = rp;
	if (lstat(rp, st) != 0) {
		snprintf(buf, buflen, "cannot open: %s", strerror(errno));
		return buf;
	}
	if (!S_ISREG(st->st_mode)) {
		if (strcmp(rp, path) != 0)
			snprintf(buf, buflen, "file %s is %s: not loaded", rp, file_type(st->st_mode));
		else
			snprintf(buf, buflen, "%s: not loaded", file_type(st->st_mode));
		return buf;
	}
	if ((r = unsafe("file", strcmp(rp, path) ? rp : NULL, st, buf, buflen)) != NULL ||
	    (r = unsafe_folders(rp, buf, buflen)) != NULL)
		return r;
	fd = open(rp, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		snprintf(buf, buflen, "cannot open: %s", strerror(errno));
		return buf;
	}
	if (fstat(fd, &fst) != 0 || !S_ISREG(fst.st_mode) || fst.st_dev != st->st_dev ||
	    fst.st_ino != st->st_ino) {
		close(fd);
		return "file changed while it was checked: not loaded";
	}
	if (fst.st_size < 0 || (unsigned long long)fst.st_size > DA_ELFDESC_MAX_FILE) {
		close(fd);
		snprintf(buf, buflen, "file larger than %u bytes: not loaded", DA_ELFDESC_MAX_FILE);
		return buf;
	}
	if (l->scratch_len < (size_t)fst.st_size + 1) {
		/* room for the bundled modules at once: a buffer that grows
		   module by module would be fresh pages each time */
		size_t want = (size_t)fst.st_size + 1;

		free(l->scratch);
		l->scratch_len = want > DA_LOADER_SCRATCH ? want : DA_LOADER_SCRATCH;
		l->scratch = da_xmalloc(l->scratch_len);
	}
	while (got < (size_t)fst.st_size) {
		ssize_t n = read(fd, l->scratch + got, (size_t)fst.st_size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	*size = got;
	*st = fst;
	return NULL;
}

static size_t dir_len(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? (size_t)(slash - path) : 0;
}

/*
 * True when a module of the same name came from an earlier folder: folders
 * are searched in priority order (--module-dir, DOCKAUDIT_MODULE_PATH, the
 * installed folder), so a later copy is shadowed, not a duplicate.
 */
static bool shadowed(const struct da_loader *l, const struct da_module *m, const char *path)
{
	size_t k;

	if (m->magic != DA_MODULE_MAGIC || !valid_name(m->name))
		return false;
	for (k = 0; k < l->n_mods; k++) {
		const char *p = l->mods[k].path;
		if (strcmp(l->mods[k].desc->name, m->name) == 0 &&
		    (l->mods[k].builtin || dir_len(p) != dir_len(path) ||
		     strncmp(p, path, dir_len(p)) != 0))
			return true;
	}
	return false;
}

/*
 * Id conflicts of m with the modules already taken.  The earlier module
 * wins, except that a bundled module wins over one that is not: those are
 * marked in evict.  Returns the reason m is refused, or NULL.
 */
static const char *conflicts(struct da_loader *l, const struct da_module *m, bool *evict,
			     char *buf, size_t buflen)
{
	bool mine = da_loader_bundled(m->name);
	const char *id, *bench = NULL;
	size_t k;

	for (k = 0; k < l->n_mods; k++) {
		const struct da_module *o = l->mods[k].desc;
		evict[k] = false;
		if (strcmp(o->name, m->name) == 0) {
			snprintf(buf, buflen, "duplicate module name %s (already loaded from %s)",
				 m->name, l->mods[k].path);
			return buf;
		}
		id = shared_id(m, o, &bench);
		if (!id)
			continue;
		if (mine && !da_loader_bundled(o->name))
			evict[k] = true;
		else
			return dup_reason(buf, buflen, id, bench, o->name);
	}
	return NULL;
}

char *da_loader_ltx_symbol(const char *path)
{
	const char *base = strrchr(path, '/'), *dot;
	size_t n, i;
	char *s;

	base = base ? base + 1 : path;
	dot = strrchr(base, '.');
	n = dot ? (size_t)(dot - base) : strlen(base);
	if (n == 0 || n > 64)
		return NULL;
	s = da_xasprintf("%.*s" DA_MODULE_SYMBOL_LTX DA_MODULE_SYMBOL_NAME, (int)n, base);
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9')))
			s[i] = '_';
	return s;
}

int da_loader_add_builtin(struct da_loader *l, const struct da_module *m)
{
	char buf[768];
	const char *reason = validate_own(m, buf, sizeof(buf));
	const char *name = m && valid_name(m->name) ? m->name : "(unnamed)";
	char *path = da_xasprintf("(built-in %s)", name);
	bool *evict;

	if (!reason) {
		evict = da_xcalloc(l->n_mods + 1, sizeof(*evict));
		reason = conflicts(l, m, evict, buf, sizeof(buf));
		free(evict);
	}
	if (reason) {
		refuse(l, path, reason);
		free(path);
		return DA_ERR_REFUSED;
	}
	add_entry(l, m, path)->builtin = true;
	free(path);
	sort_mods(l);
	return DA_OK;
}

int da_loader_stage_file(struct da_loader *l, const char *path)
{
	char buf[768], why[768];
	const char *reason;
	size_t size = 0, k;
	char *real = NULL, *ltx = NULL;
	struct stat st;
	struct da_elfdesc *d = da_xcalloc(1, sizeof(*d));
	struct da_loaded_module *lm;
	bool *evict = NULL;
	int rc = DA_ERR_REFUSED;

	reason = read_module(l, path, &size, &real, &st, buf, sizeof(buf));
	if (!reason) {
		/* named after the file as found in its folder */
		ltx = da_loader_ltx_symbol(path);
		reason = da_elfdesc_read(l->scratch, size, ltx, d, buf, sizeof(buf));
		free(ltx);
	}
	if (reason)
		goto refused;
	if (shadowed(l, &d->mod, path)) {
		rc = DA_ERR_NOTFOUND;
		goto out;
	}
	reason = validate_own(&d->mod, buf, sizeof(buf));
	if (reason)
		goto refused;
	evict = da_xcalloc(l->n_mods + 1, sizeof(*evict));
	reason = conflicts(l, &d->mod, evict, buf, sizeof(buf));
	if (reason)
		goto refused;
	for (k = l->n_mods; k-- > 0;) {
		const char *id, *bench = NULL;
		if (!evict[k])
			continue;
		id = shared_id(&d->mod, l->mods[k].desc, &bench);
		snprintf(why, sizeof(why), "duplicate check id %.32s%s%.32s (bundled module %s has it)",
			 id, bench ? " in " : "", bench ? bench : "", d->mod.name);
		refuse(l, l->mods[k].path, why);
		remove_entry(l, k);
	}
	lm = add_entry(l, &d->mod, path);
	lm->file = d;
	lm->real = real;
	lm->pending = true;
	sort_mods(l);
	free(evict);
	return DA_OK;
refused:
	refuse(l, path, reason);
out:
	free(evict);
	free(real);
	da_elfdesc_release(d);
	free(d);
	return rc;
}

/* Loads one staged module; false (and the reason recorded) when refused. */
static bool commit_one(struct da_loader *l, struct da_loaded_module *lm)
{
	char buf[768];
	const char *reason = NULL;
	const struct da_module *m;
	struct link_map *map = NULL;
	Dl_info info;
	lt_dlhandle h = lt_dlopen(lm->real);

	if (!h) {
		const char *e = lt_dlerror();
		snprintf(buf, sizeof(buf), "cannot load: %s (try: ldd %s)",
			 e ? e : "unknown error", lm->path);
		refuse(l, lm->path, buf);
		return false;
	}
	lm->handle = h;
	m = lt_dlsym(h, lm->file->symbol);
	if (!m)
		reason = "no descriptor symbol once loaded";
	else if (dladdr1(m, &info, (void **)&map, RTLD_DL_LINKMAP) == 0 || !map)
		reason = "cannot find where the module was loaded";
	else
		reason = da_elfdesc_compare(lm->file, m, (uintptr_t)map->l_addr, buf, sizeof(buf));
	if (reason) {
		refuse(l, lm->path, reason);
		return false;
	}
	lm->desc = m;
	lm->pending = false;
	da_elfdesc_release(lm->file);
	free(lm->file);
	lm->file = NULL;
	return true;
}

int da_loader_commit(struct da_loader *l)
{
	size_t k = 0;
	int loaded = 0;

	/* staging is over: its buffer is not needed any more */
	free(l->scratch);
	l->scratch = NULL;
	l->scratch_len = 0;
	while (k < l->n_mods) {
		if (!l->mods[k].pending) {
			k++;
			continue;
		}
		if (commit_one(l, &l->mods[k])) {
			loaded++;
			k++;
		} else {
			remove_entry(l, k);
		}
	}
	return loaded;
}

int da_loader_load_file(struct da_loader *l, const char *path)
{
	int rc = da_loader_stage_file(l, path);

	if (rc != DA_OK)
		return rc;
	return da_loader_commit(l) == 1 ? DA_OK : DA_ERR_REFUSED;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), k = strlen(suf);

	return n > k && strcmp(s + n - k, suf) == 0;
}

int da_loader_stage_dir(struct da_loader *l, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, i;
	int staged = 0;

	if (!d)
		return errno == ENOENT ? DA_ERR_NOTFOUND : DA_ERR_IO;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || !has_suffix(e->d_name, ".so"))
			continue;
		names = da_xrealloc(names, (n + 1) * sizeof(*names));
		names[n++] = da_xasprintf("%s/%s", dir, e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), name_cmp);
	for (i = 0; i < n; i++) {
		if (da_loader_stage_file(l, names[i]) == DA_OK)
			staged++;
		free(names[i]);
	}
	free(names);
	return staged;
}

int da_loader_load_dir(struct da_loader *l, const char *dir)
{
	int rc = da_loader_stage_dir(l, dir);

	if (rc < 0)
		return rc;
	return da_loader_commit(l);
}
