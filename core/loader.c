/*
 * The module loader.  A module is refused, with a one-line reason, before
 * any of its functions is called: the descriptor is read and checked as
 * data first (magic, ABI, size, fields, duplicates), and files or folders
 * that others may write are not loaded at all.
 */
#include "config.h"

#include "loader.h"
#include "util.h"

#include <ltdl.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Sizes of the ABI 1.0 layouts: what a module of minor 0 must provide. */
#define DA_MODULE_SIZE_1_0 sizeof(struct da_module)
#define DA_CHECK_SIZE_1_0 sizeof(struct da_check)

int da_loader_init(struct da_loader *l)
{
	memset(l, 0, sizeof(*l));
	if (lt_dlinit() != 0)
		return DA_ERR_INVALID;
	return DA_OK;
}

void da_loader_release(struct da_loader *l)
{
	size_t i;

	for (i = 0; i < l->n_mods; i++) {
		free(l->mods[i].path);
		free(l->mods[i].section.id);
		free(l->mods[i].section.title);
		free(l->mods[i].section.group);
		free(l->mods[i].section.module);
		free(l->mods[i].section.module_version);
		if (l->mods[i].handle)
			lt_dlclose(l->mods[i].handle);
	}
	for (i = 0; i < l->n_refusals; i++)
		free(l->refusals[i]);
	free(l->refusals);
	free(l->mods);
	lt_dlexit();
	memset(l, 0, sizeof(*l));
}

static void refuse(struct da_loader *l, const char *path, const char *reason)
{
	char *line = da_xasprintf("%s: %s", path, reason);

	if (!l->quiet)
		da_errorf("module refused: %s", line);
	l->refusals = da_xrealloc(l->refusals, (l->n_refusals + 1) * sizeof(*l->refusals));
	l->refusals[l->n_refusals++] = line;
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

static bool nonempty(const char *s)
{
	return s && *s;
}

static const struct da_check *row(const struct da_module *m, uint32_t i)
{
	return (const struct da_check *)(const void *)
		((const char *)m->checks + (size_t)i * m->check_size);
}

const char *da_loader_validate(const struct da_loader *l, const struct da_module *m,
			       char *buf, size_t buflen)
{
	uint32_t i, j;
	size_t k;

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
	if (m->size < DA_MODULE_SIZE_1_0) {
		snprintf(buf, buflen, "descriptor is %u bytes, ABI %d.%u needs at least %zu",
			 m->size, DA_ABI_MAJOR, m->abi_minor, DA_MODULE_SIZE_1_0);
		return buf;
	}
	if (m->check_size < DA_CHECK_SIZE_1_0) {
		snprintf(buf, buflen, "check rows are %u bytes, ABI %d.%u needs at least %zu",
			 m->check_size, DA_ABI_MAJOR, m->abi_minor, DA_CHECK_SIZE_1_0);
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
		if (!nonempty(c->id) || strlen(c->id) > 32) {
			snprintf(buf, buflen, "check %u has a missing or too long id", i);
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
		for (j = 0; j < i && strcmp(c->id, "-") != 0; j++)
			if (strcmp(row(m, j)->id, c->id) == 0) {
				snprintf(buf, buflen, "duplicate check id %.32s", c->id);
				return buf;
			}
	}
	for (k = 0; l && k < l->n_mods; k++) {
		const struct da_module *o = l->mods[k].desc;
		if (strcmp(o->name, m->name) == 0) {
			snprintf(buf, buflen, "duplicate module name %s (already loaded from %s)",
				 m->name, l->mods[k].path);
			return buf;
		}
		for (i = 0; i < m->n_checks; i++)
			for (j = 0; j < o->n_checks && strcmp(row(m, i)->id, "-") != 0; j++)
				if (strcmp(row(m, i)->id, row(o, j)->id) == 0) {
					snprintf(buf, buflen,
						 "duplicate check id %.32s (module %s has it)",
						 row(m, i)->id, o->name);
					return buf;
				}
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

int da_loader_add(struct da_loader *l, const struct da_module *m, const char *path,
		  void *handle)
{
	struct da_loaded_module *lm;

	l->mods = da_xrealloc(l->mods, (l->n_mods + 1) * sizeof(*l->mods));
	lm = &l->mods[l->n_mods++];
	memset(lm, 0, sizeof(*lm));
	lm->desc = m;
	lm->path = da_xstrdup(path ? path : "(built-in)");
	lm->handle = handle;
	lm->section.id = da_xstrdup(m->section);
	lm->section.title = da_xstrdup(m->section_title);
	lm->section.group = da_xstrdup(m->group);
	lm->section.module = da_xstrdup(m->name);
	lm->section.module_version = da_xstrdup(m->version);
	/* Keep the table in section order; sections point into it only after loading. */
	qsort(l->mods, l->n_mods, sizeof(*l->mods), mod_cmp);
	return DA_OK;
}

static bool writable_by_others(const char *path, char *buf, size_t buflen)
{
	struct stat st;
	char *dir, *slash;
	bool bad = false;

	if (stat(path, &st) == 0 && (st.st_mode & S_IWOTH)) {
		snprintf(buf, buflen, "file is writable by others (mode %04o): not loaded",
			 (unsigned)(st.st_mode & 07777));
		return true;
	}
	dir = da_xstrdup(path);
	slash = strrchr(dir, '/');
	if (slash) {
		if (slash == dir)
			slash[1] = '\0';
		else
			*slash = '\0';
		if (stat(dir, &st) == 0 && (st.st_mode & S_IWOTH) && !(st.st_mode & S_ISVTX)) {
			snprintf(buf, buflen, "folder %s is writable by others (mode %04o): not loaded",
				 dir, (unsigned)(st.st_mode & 07777));
			bad = true;
		}
	}
	free(dir);
	return bad;
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
		    (dir_len(p) != dir_len(path) || strncmp(p, path, dir_len(p)) != 0))
			return true;
	}
	return false;
}

/* True when path starts like an ELF object; else the reason in buf. */
static bool is_elf(const char *path, char *buf, size_t buflen)
{
	unsigned char magic[4];
	FILE *fp = fopen(path, "rb");
	size_t n;

	if (!fp) {
		snprintf(buf, buflen, "cannot open: %s", strerror(errno));
		return false;
	}
	n = fread(magic, 1, sizeof(magic), fp);
	fclose(fp);
	if (n != 4 || memcmp(magic, "\177ELF", 4) != 0) {
		snprintf(buf, buflen, "not a shared object (no ELF header)");
		return false;
	}
	return true;
}

int da_loader_load_file(struct da_loader *l, const char *path)
{
	char buf[512];
	const char *reason;
	lt_dlhandle h;
	const struct da_module *m;

	if (writable_by_others(path, buf, sizeof(buf))) {
		refuse(l, path, buf);
		return DA_ERR_REFUSED;
	}
	if (!is_elf(path, buf, sizeof(buf))) {
		refuse(l, path, buf);
		return DA_ERR_REFUSED;
	}
	h = lt_dlopen(path);
	if (!h) {
		const char *e = lt_dlerror();
		snprintf(buf, sizeof(buf), "cannot load: %s (try: ldd %s)",
			 e ? e : "unknown error", path);
		refuse(l, path, buf);
		return DA_ERR_REFUSED;
	}
	m = lt_dlsym(h, DA_MODULE_SYMBOL_NAME);
	if (!m) {
		refuse(l, path, "no " DA_MODULE_SYMBOL_NAME " symbol: not a dockaudit module");
		lt_dlclose(h);
		return DA_ERR_REFUSED;
	}
	if (shadowed(l, m, path)) {
		lt_dlclose(h);
		return DA_ERR_NOTFOUND;
	}
	reason = da_loader_validate(l, m, buf, sizeof(buf));
	if (reason) {
		refuse(l, path, reason);
		lt_dlclose(h);
		return DA_ERR_REFUSED;
	}
	return da_loader_add(l, m, path, h);
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

int da_loader_load_dir(struct da_loader *l, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, i;
	int loaded = 0;

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
		if (da_loader_load_file(l, names[i]) == DA_OK)
			loaded++;
		free(names[i]);
	}
	free(names);
	return loaded;
}
