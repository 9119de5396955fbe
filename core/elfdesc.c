/*
 * The descriptor of a module, read from its file as data (see elfdesc.h).
 * Only what the dynamic loader itself would use is read: the program
 * headers, the PT_DYNAMIC entries, the symbol hash table, and the RELA and
 * RELR relocations.  Addresses are image addresses (p_vaddr), mapped to
 * file bytes through the PT_LOAD segments.
 */
#include "config.h"

#include "elfdesc.h"
#include "util.h"

#include <elf.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef DT_RELRSZ
#define DT_RELRSZ 35
#define DT_RELR 36
#define DT_RELRENT 37
#endif
#ifndef EM_RISCV
#define EM_RISCV 243
#endif

#if defined(__x86_64__)
#define HOST_MACHINE EM_X86_64
#define R_RELATIVE R_X86_64_RELATIVE
#define R_ABS64 R_X86_64_64
#define R_GLOB_DAT R_X86_64_GLOB_DAT
#elif defined(__aarch64__)
#define HOST_MACHINE EM_AARCH64
#define R_RELATIVE R_AARCH64_RELATIVE
#define R_ABS64 R_AARCH64_ABS64
#define R_GLOB_DAT R_AARCH64_GLOB_DAT
#elif defined(__riscv) && __riscv_xlen == 64
#define HOST_MACHINE EM_RISCV
#define R_RELATIVE 3 /* R_RISCV_RELATIVE */
#define R_ABS64 2    /* R_RISCV_64 */
#define R_GLOB_DAT 0xffffffffu
#else
#define HOST_MACHINE EM_NONE
#define R_RELATIVE 0xffffffffu
#define R_ABS64 0xffffffffu
#define R_GLOB_DAT 0xffffffffu
#endif

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define HOST_DATA ELFDATA2LSB
#else
#define HOST_DATA ELFDATA2MSB
#endif

#define MAX_PHDRS 256u
#define MAX_RELOCS (1u << 20)
#define MAX_CHAIN (1u << 20)
#define MAX_ROW_SIZE 4096u

struct seg {
	uint64_t vaddr, memsz, offset, filesz;
	uint32_t flags;
};

enum rkind { RK_VALUE, RK_SYMBOL };

struct reloc {
	uint64_t offset;
	uint64_t value; /* RK_VALUE: the address written; RK_SYMBOL: the addend */
	uint32_t sym;
	uint8_t kind;
};

struct img {
	const unsigned char *data;
	size_t size;
	struct seg segs[MAX_PHDRS];
	size_t n_segs;
	uint64_t symtab, strtab, strsz, syment;
	struct reloc *relocs;
	size_t n_relocs;
	char *buf;
	size_t buflen;
};

static const char *fail(struct img *im, const char *fmt, ...) DA_FMT(2, 3);

static const char *fail(struct img *im, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(im->buf, im->buflen, fmt, ap);
	va_end(ap);
	return im->buf;
}

/* The segment holding [va, va+len), or NULL. */
static const struct seg *seg_of(const struct img *im, uint64_t va, uint64_t len)
{
	size_t i;

	for (i = 0; i < im->n_segs; i++) {
		const struct seg *s = &im->segs[i];
		if (va >= s->vaddr && va - s->vaddr <= s->memsz &&
		    len <= s->memsz - (va - s->vaddr))
			return s;
	}
	return NULL;
}

/* Copies [va, va+len) of the image (zeros past the file part). */
static bool vread(const struct img *im, uint64_t va, void *out, uint64_t len)
{
	const struct seg *s = seg_of(im, va, len);
	uint64_t off, have;

	if (!s)
		return false;
	off = va - s->vaddr;
	have = off < s->filesz ? s->filesz - off : 0;
	if (have > len)
		have = len;
	if (have)
		memcpy(out, im->data + s->offset + off, (size_t)have);
	memset((unsigned char *)out + have, 0, (size_t)(len - have));
	return true;
}

static bool vread_u32(const struct img *im, uint64_t va, uint32_t *v)
{
	return vread(im, va, v, sizeof(*v));
}

static bool vread_u64(const struct img *im, uint64_t va, uint64_t *v)
{
	return vread(im, va, v, sizeof(*v));
}

/*
 * The NUL-terminated string at va, inside one segment, at most max bytes;
 * *len its length.  NULL when it is not.
 */
static const char *vstr(const struct img *im, uint64_t va, size_t max, size_t *len)
{
	const struct seg *s = seg_of(im, va, 1);
	uint64_t off, have;
	const unsigned char *p, *nul;

	if (!s)
		return NULL;
	off = va - s->vaddr;
	if (off >= s->filesz) {
		*len = 0; /* the zero-filled part */
		return "";
	}
	have = s->filesz - off;
	p = im->data + s->offset + off;
	nul = memchr(p, '\0', (size_t)(have < (uint64_t)max + 1 ? have : (uint64_t)max + 1));
	if (!nul) {
		/* past the file part the segment is zeros: the string ends there */
		if (have <= max && s->memsz > s->filesz) {
			*len = (size_t)have;
			return (const char *)p; /* not NUL-terminated in the file: copied */
		}
		return NULL;
	}
	*len = (size_t)(nul - p);
	return (const char *)p;
}

static int reloc_cmp(const void *a, const void *b)
{
	const struct reloc *x = a, *y = b;

	return x->offset < y->offset ? -1 : x->offset > y->offset;
}

static const char *add_reloc(struct img *im, const struct reloc *r)
{
	if (im->n_relocs >= MAX_RELOCS)
		return fail(im, "more than %u relocations", MAX_RELOCS);
	if (im->n_relocs % 1024 == 0)
		im->relocs = da_xrealloc(im->relocs, (im->n_relocs + 1024) * sizeof(*im->relocs));
	im->relocs[im->n_relocs++] = *r;
	return NULL;
}

static const char *read_rela(struct img *im, uint64_t va, uint64_t sz, uint64_t ent)
{
	uint64_t i;

	if (sz == 0)
		return NULL;
	if (ent != sizeof(Elf64_Rela) || sz % ent != 0 || !seg_of(im, va, sz))
		return fail(im, "bad relocation table (DT_RELA)");
	for (i = 0; i < sz / ent; i++) {
		Elf64_Rela ra;
		struct reloc r = { 0, 0, 0, RK_VALUE };
		uint32_t type;
		const char *e;

		vread(im, va + i * ent, &ra, sizeof(ra));
		type = (uint32_t)ELF64_R_TYPE(ra.r_info);
		r.offset = ra.r_offset;
		r.value = (uint64_t)ra.r_addend;
		if (type == R_RELATIVE) {
			r.kind = RK_VALUE;
		} else if (type == R_ABS64 || type == R_GLOB_DAT) {
			r.kind = RK_SYMBOL;
			r.sym = (uint32_t)ELF64_R_SYM(ra.r_info);
			if (type == R_GLOB_DAT)
				r.value = 0; /* GLOB_DAT ignores the addend */
		} else {
			continue; /* cannot write a pointer the descriptor uses */
		}
		e = add_reloc(im, &r);
		if (e)
			return e;
	}
	return NULL;
}

/* RELR: an address, then bitmaps of the 63 words after it. */
static const char *read_relr(struct img *im, uint64_t va, uint64_t sz, uint64_t ent)
{
	uint64_t i, where = 0, w, bit;
	bool have_where = false;

	if (sz == 0)
		return NULL;
	if (ent != sizeof(uint64_t) || sz % ent != 0 || !seg_of(im, va, sz))
		return fail(im, "bad relocation table (DT_RELR)");
	for (i = 0; i < sz / ent; i++) {
		vread_u64(im, va + i * ent, &w);
		if ((w & 1) == 0) {
			struct reloc r = { w, 0, 0, RK_VALUE };
			const char *e;
			if (!vread_u64(im, w, &r.value))
				return fail(im, "relocation outside the module's image");
			if ((e = add_reloc(im, &r)) != NULL)
				return e;
			where = w + 8;
			have_where = true;
			continue;
		}
		if (!have_where)
			return fail(im, "bad relocation table (DT_RELR)");
		for (bit = 1; bit < 64; bit++) {
			if (!((w >> bit) & 1))
				continue;
			{
				struct reloc r = { where + (bit - 1) * 8, 0, 0, RK_VALUE };
				const char *e;
				if (!vread_u64(im, r.offset, &r.value))
					return fail(im, "relocation outside the module's image");
				if ((e = add_reloc(im, &r)) != NULL)
					return e;
			}
		}
		where += 63 * 8;
	}
	return NULL;
}

static bool symbol(const struct img *im, uint32_t i, Elf64_Sym *s)
{
	uint64_t off = (uint64_t)i * im->syment;

	return im->symtab && im->syment >= sizeof(*s) && vread(im, im->symtab + off, s, sizeof(*s));
}

static bool sym_is(const struct img *im, const Elf64_Sym *s, const char *name)
{
	size_t len;
	const char *n;

	if (s->st_name >= im->strsz || !seg_of(im, im->strtab, im->strsz))
		return false;
	n = vstr(im, im->strtab + s->st_name, 256, &len);
	return n && len == strlen(name) && memcmp(n, name, len) == 0;
}

static uint32_t gnu_hash(const char *s)
{
	uint32_t h = 5381;

	for (; *s; s++)
		h = h * 33 + (unsigned char)*s;
	return h;
}

static uint32_t sysv_hash(const char *s)
{
	uint32_t h = 0, g;

	for (; *s; s++) {
		h = (h << 4) + (unsigned char)*s;
		g = h & 0xf0000000u;
		if (g)
			h ^= g >> 24;
		h &= ~g;
	}
	return h;
}

/* Index of the dynamic symbol name, 0 when absent. */
static uint32_t lookup_gnu(const struct img *im, uint64_t tab, const char *name)
{
	uint32_t hdr[4], h = gnu_hash(name), idx, c, n;
	uint64_t buckets, chain;

	if (!vread(im, tab, hdr, sizeof(hdr)) || hdr[0] == 0)
		return 0;
	buckets = tab + 16 + (uint64_t)hdr[2] * 8;
	chain = buckets + (uint64_t)hdr[0] * 4;
	if (!vread_u32(im, buckets + (uint64_t)(h % hdr[0]) * 4, &idx) || idx < hdr[1])
		return 0;
	for (n = 0; n < MAX_CHAIN; n++, idx++) {
		Elf64_Sym s;
		if (!vread_u32(im, chain + (uint64_t)(idx - hdr[1]) * 4, &c))
			return 0;
		if ((c | 1) == (h | 1) && symbol(im, idx, &s) && sym_is(im, &s, name))
			return idx;
		if (c & 1)
			return 0;
	}
	return 0;
}

static uint32_t lookup_sysv(const struct img *im, uint64_t tab, const char *name)
{
	uint32_t hdr[2], idx, n;

	if (!vread(im, tab, hdr, sizeof(hdr)) || hdr[0] == 0)
		return 0;
	if (!vread_u32(im, tab + 8 + (uint64_t)(sysv_hash(name) % hdr[0]) * 4, &idx))
		return 0;
	for (n = 0; idx != 0 && idx < hdr[1] && n < MAX_CHAIN; n++) {
		Elf64_Sym s;
		if (symbol(im, idx, &s) && sym_is(im, &s, name))
			return idx;
		if (!vread_u32(im, tab + 8 + (uint64_t)hdr[0] * 4 + (uint64_t)idx * 4, &idx))
			return 0;
	}
	return 0;
}

static const char *machine_name(unsigned m)
{
	switch (m) {
	case EM_X86_64: return "x86_64";
	case EM_AARCH64: return "aarch64";
	case EM_386: return "i386";
	case EM_ARM: return "arm";
	case EM_RISCV: return "riscv";
	case EM_PPC64: return "ppc64";
	case EM_S390: return "s390";
	default: return NULL;
	}
}

static const char *parse_headers(struct img *im, uint64_t *dyn_va, uint64_t *dyn_sz)
{
	Elf64_Ehdr eh;
	uint64_t i;
	bool have_dyn = false;

	if (im->size < EI_NIDENT || memcmp(im->data, ELFMAG, SELFMAG) != 0)
		return "not a shared object (no ELF header)";
	if (im->data[EI_CLASS] != ELFCLASS64)
		return "not a 64-bit ELF object";
	if (im->data[EI_DATA] != HOST_DATA)
		return "ELF object of the other byte order";
	if (im->size < sizeof(eh))
		return "truncated ELF header";
	memcpy(&eh, im->data, sizeof(eh));
	if (eh.e_type != ET_DYN)
		return "not a shared object (ELF type is not ET_DYN)";
	if (HOST_MACHINE == EM_NONE)
		return "modules cannot be checked on this architecture";
	if (eh.e_machine != HOST_MACHINE) {
		const char *n = machine_name(eh.e_machine);
		if (n)
			return fail(im, "built for %s, this dockaudit runs on %s", n,
				    machine_name(HOST_MACHINE));
		return fail(im, "built for ELF machine %u, this dockaudit runs on %s",
			    (unsigned)eh.e_machine, machine_name(HOST_MACHINE));
	}
	if (eh.e_phentsize != sizeof(Elf64_Phdr) || eh.e_phnum == 0 || eh.e_phnum > MAX_PHDRS ||
	    eh.e_phoff > im->size ||
	    (uint64_t)eh.e_phnum * sizeof(Elf64_Phdr) > im->size - eh.e_phoff)
		return "bad ELF program headers";
	for (i = 0; i < eh.e_phnum; i++) {
		Elf64_Phdr ph;
		memcpy(&ph, im->data + eh.e_phoff + i * sizeof(ph), sizeof(ph));
		if (ph.p_type == PT_LOAD) {
			struct seg *s = &im->segs[im->n_segs++];
			if (ph.p_offset > im->size || ph.p_filesz > im->size - ph.p_offset ||
			    ph.p_filesz > ph.p_memsz || ph.p_vaddr > UINT64_MAX - ph.p_memsz)
				return "bad ELF program headers (a segment lies outside the file)";
			s->vaddr = ph.p_vaddr;
			s->memsz = ph.p_memsz;
			s->offset = ph.p_offset;
			s->filesz = ph.p_filesz;
			s->flags = ph.p_flags;
		} else if (ph.p_type == PT_DYNAMIC) {
			*dyn_va = ph.p_vaddr;
			*dyn_sz = ph.p_memsz;
			have_dyn = true;
		}
	}
	if (im->n_segs == 0 || !have_dyn)
		return "not a shared object (no loadable segment or no dynamic section)";
	return NULL;
}

static const char *parse_dynamic(struct img *im, uint64_t va, uint64_t sz, uint64_t *hash,
				 uint64_t *gnuhash)
{
	uint64_t i, rela = 0, relasz = 0, relaent = 0, relr = 0, relrsz = 0, relrent = 0;
	const char *e;

	if (!seg_of(im, va, sz))
		return "bad dynamic section";
	for (i = 0; i + sizeof(Elf64_Dyn) <= sz; i += sizeof(Elf64_Dyn)) {
		Elf64_Dyn d;
		vread(im, va + i, &d, sizeof(d));
		if (d.d_tag == DT_NULL)
			break;
		switch (d.d_tag) {
		case DT_SYMTAB: im->symtab = d.d_un.d_ptr; break;
		case DT_STRTAB: im->strtab = d.d_un.d_ptr; break;
		case DT_STRSZ: im->strsz = d.d_un.d_val; break;
		case DT_SYMENT: im->syment = d.d_un.d_val; break;
		case DT_HASH: *hash = d.d_un.d_ptr; break;
		case DT_GNU_HASH: *gnuhash = d.d_un.d_ptr; break;
		case DT_RELA: rela = d.d_un.d_ptr; break;
		case DT_RELASZ: relasz = d.d_un.d_val; break;
		case DT_RELAENT: relaent = d.d_un.d_val; break;
		case DT_RELR: relr = d.d_un.d_ptr; break;
		case DT_RELRSZ: relrsz = d.d_un.d_val; break;
		case DT_RELRENT: relrent = d.d_un.d_val; break;
		default: break;
		}
	}
	if (!im->symtab || !im->strtab || (!*hash && !*gnuhash))
		return "no dynamic symbol table";
	if ((e = read_rela(im, rela, relasz, relaent)) != NULL)
		return e;
	if ((e = read_relr(im, relr, relrsz, relrent ? relrent : 8)) != NULL)
		return e;
	if (im->n_relocs)
		qsort(im->relocs, im->n_relocs, sizeof(*im->relocs), reloc_cmp);
	return NULL;
}

/* --- the descriptor ------------------------------------------------------ */

static void *keep(struct da_elfdesc *d, void *p)
{
	if (d->n_blocks % 64 == 0)
		d->blocks = da_xrealloc(d->blocks, (d->n_blocks + 64) * sizeof(*d->blocks));
	d->blocks[d->n_blocks++] = p;
	return p;
}

static void note_ptr(struct da_elfdesc *d, uint64_t va)
{
	if (d->n_ptrs % 256 == 0)
		d->ptrs = da_xrealloc(d->ptrs, (d->n_ptrs + 256) * sizeof(*d->ptrs));
	d->ptrs[d->n_ptrs++] = va;
}

/*
 * The pointer stored at va once relocated: *present false for NULL.  A
 * non-zero value with no relocation would be an absolute address.
 */
static const char *read_ptr(struct img *im, uint64_t va, const char *what, uint64_t *target,
			    bool *present)
{
	uint64_t raw;
	size_t lo = 0, hi = im->n_relocs, found = SIZE_MAX;

	if ((va & 7) != 0 || !vread_u64(im, va, &raw))
		return fail(im, "%s lies outside the module's image", what);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (im->relocs[mid].offset < va) {
			lo = mid + 1;
		} else {
			if (im->relocs[mid].offset == va)
				found = mid; /* keep looking left, then take the last */
			hi = mid;
		}
	}
	if (found != SIZE_MAX)
		while (found + 1 < im->n_relocs && im->relocs[found + 1].offset == va)
			found++;
	if (found == SIZE_MAX) {
		if (raw != 0)
			return fail(im, "%s is an absolute address (no relocation)", what);
		*present = false;
		return NULL;
	}
	if (im->relocs[found].kind == RK_VALUE) {
		*target = im->relocs[found].value;
	} else {
		Elf64_Sym s;
		if (!symbol(im, im->relocs[found].sym, &s))
			return fail(im, "%s refers to a bad symbol", what);
		if (s.st_shndx == SHN_UNDEF || ELF64_ST_TYPE(s.st_info) == STT_GNU_IFUNC ||
		    s.st_shndx == SHN_ABS)
			return fail(im, "%s points outside the module", what);
		*target = s.st_value + im->relocs[found].value;
	}
	*present = true;
	return NULL;
}

/* A string field at va: *out NULL or a copy. */
static const char *read_str_field(struct img *im, struct da_elfdesc *d, uint64_t va,
				  const char *what, const char **out)
{
	uint64_t t = 0;
	bool present;
	const char *e = read_ptr(im, va, what, &t, &present);
	const char *s;
	size_t len;
	char *copy;

	if (e)
		return e;
	note_ptr(d, present ? t : 0);
	*out = NULL;
	if (!present)
		return NULL;
	s = vstr(im, t, DA_ELFDESC_MAX_STRING, &len);
	if (!s)
		return fail(im, "%s is not a string inside the module's image", what);
	copy = keep(d, da_xmalloc(len + 1));
	memcpy(copy, s, len);
	copy[len] = '\0';
	*out = copy;
	return NULL;
}

/* Reads n bytes of a row of stride bytes at va into raw (zeros past the row). */
static bool read_raw(const struct img *im, uint64_t va, void *raw, size_t n, uint32_t stride)
{
	memset(raw, 0, n);
	return vread(im, va, raw, stride < n ? stride : n) &&
	       (stride <= n || seg_of(im, va, stride));
}

static const char *read_variants(struct img *im, struct da_elfdesc *d, struct da_check *c,
				 uint64_t va, const char *what)
{
	struct da_variant *v = keep(d, da_xcalloc(DA_ELFDESC_MAX_VARIANTS + 1, sizeof(*v)));
	char w[96];
	size_t i;
	const char *e;

	for (i = 0; i <= DA_ELFDESC_MAX_VARIANTS; i++) {
		uint64_t row = va + i * d->file_variant_size;
		struct da_variant raw;

		if (!read_raw(im, row, &raw, sizeof(raw), d->file_variant_size))
			return fail(im, "%s: variant table runs past its segment", what);
		snprintf(w, sizeof(w), "%s: variant %zu", what, i);
		if ((e = read_str_field(im, d, row + offsetof(struct da_variant, benchmark), w,
					&v[i].benchmark)) != NULL)
			return e;
		if (!v[i].benchmark)
			break;
		if (i == DA_ELFDESC_MAX_VARIANTS)
			return fail(im, "%s has more than %u variants", what,
				    DA_ELFDESC_MAX_VARIANTS);
		if ((e = read_str_field(im, d, row + offsetof(struct da_variant, id), w,
					&v[i].id)) != NULL ||
		    (e = read_str_field(im, d, row + offsetof(struct da_variant, title), w,
					&v[i].title)) != NULL)
			return e;
		v[i].flags = raw.flags;
		v[i].flags_mask = raw.flags_mask;
		v[i].level = raw.level;
	}
	c->variants = v;
	return NULL;
}

static const char *read_row(struct img *im, struct da_elfdesc *d, uint64_t va, uint32_t i)
{
	struct da_check raw, *c = &d->checks[i];
	char w[64];
	uint64_t t = 0;
	bool present;
	const char *e;
	const struct seg *s;

	read_raw(im, va, &raw, sizeof(raw), d->file_check_size);
	snprintf(w, sizeof(w), "check row %u", i);
	if ((e = read_str_field(im, d, va + offsetof(struct da_check, id), w, &c->id)) != NULL ||
	    (e = read_str_field(im, d, va + offsetof(struct da_check, title), w, &c->title)) ||
	    (e = read_str_field(im, d, va + offsetof(struct da_check, groups), w, &c->groups)) ||
	    (e = read_str_field(im, d, va + offsetof(struct da_check, remediation), w,
				&c->remediation)) ||
	    (e = read_str_field(im, d, va + offsetof(struct da_check, impact), w, &c->impact)))
		return e;
	c->flags = raw.flags;
	c->level = raw.level;
	if ((e = read_ptr(im, va + offsetof(struct da_check, run), w, &t, &present)) != NULL)
		return e;
	note_ptr(d, present ? t : 0);
	if (present) {
		s = seg_of(im, t, 1);
		if (!s || !(s->flags & PF_X) || t == 0)
			return fail(im, "check row %u: run function points outside the module's code",
				    i);
		c->run = (da_run_fn)(uintptr_t)1; /* not callable: a mark */
	}
	if ((e = read_ptr(im, va + offsetof(struct da_check, variants), w, &t, &present)) != NULL)
		return e;
	note_ptr(d, present ? t : 0);
	if (present)
		return read_variants(im, d, c, t, w);
	return NULL;
}

static bool row_size_ok(uint32_t size, uint32_t min)
{
	return size >= min && size <= MAX_ROW_SIZE && size % 8 == 0;
}

static const char *read_desc(struct img *im, struct da_elfdesc *d, uint64_t va)
{
	struct da_module raw, *m = &d->mod;
	uint64_t t = 0, table;
	bool present;
	const char *e;
	uint32_t i;

	/* the head first: a module of another ABI is reported as such */
	if (!vread(im, va, &raw, 16))
		return fail(im, "%s lies outside the module's image", d->symbol);
	memset(m, 0, sizeof(*m));
	memcpy(m, &raw, 16);
	/* the sizes of 1.0 (the loader refuses smaller ones with the reason) */
	if (m->magic != DA_MODULE_MAGIC || m->abi_major != DA_ABI_MAJOR ||
	    m->abi_minor > DA_ABI_MINOR || m->size < DA_MODULE_SIZE_1_0 ||
	    !row_size_ok(m->check_size, DA_CHECK_SIZE_1_0))
		return NULL;
	/* the module's own size, not this host's: a host of a later minor is larger */
	if (!read_raw(im, va, &raw, sizeof(raw), m->size))
		return fail(im, "%s runs past the end of its segment", d->symbol);
	m->n_checks = raw.n_checks;
	m->variant_size = raw.variant_size;
	if (m->variant_size && !row_size_ok(m->variant_size, DA_VARIANT_SIZE_1_0))
		return NULL;
	d->file_check_size = m->check_size;
	d->file_variant_size = m->variant_size ? m->variant_size : DA_VARIANT_SIZE_1_0;
	if ((e = read_str_field(im, d, va + offsetof(struct da_module, name), "name", &m->name)) ||
	    (e = read_str_field(im, d, va + offsetof(struct da_module, version), "version",
				&m->version)) ||
	    (e = read_str_field(im, d, va + offsetof(struct da_module, section), "section",
				&m->section)) ||
	    (e = read_str_field(im, d, va + offsetof(struct da_module, section_title),
				"section title", &m->section_title)) ||
	    (e = read_str_field(im, d, va + offsetof(struct da_module, group), "group",
				&m->group)))
		return e;
	if ((e = read_ptr(im, va + offsetof(struct da_module, checks), "check table", &t,
			  &present)) != NULL)
		return e;
	note_ptr(d, present ? t : 0);
	if (!present || m->n_checks == 0)
		return NULL; /* "no checks" */
	if (m->n_checks > DA_ELFDESC_MAX_CHECKS)
		return fail(im, "too many checks (%u, at most %u)", m->n_checks,
			    DA_ELFDESC_MAX_CHECKS);
	table = t;
	/* n_checks <= 10000 and check_size <= 4096: no overflow */
	if (!seg_of(im, table, (uint64_t)m->n_checks * m->check_size))
		return fail(im, "check table (%u rows of %u bytes) runs past the end of its segment",
			    m->n_checks, m->check_size);
	d->checks = keep(d, da_xcalloc(m->n_checks, sizeof(*d->checks)));
	for (i = 0; i < m->n_checks; i++)
		if ((e = read_row(im, d, table + (uint64_t)i * m->check_size, i)) != NULL)
			return e;
	m->checks = d->checks;
	m->check_size = sizeof(struct da_check);     /* the copy's strides */
	m->variant_size = sizeof(struct da_variant);
	return NULL;
}

const char *da_elfdesc_read(const unsigned char *data, size_t size, const char *ltx,
			    struct da_elfdesc *d, char *buf, size_t buflen)
{
	struct img *im = da_xcalloc(1, sizeof(*im));
	uint64_t dyn_va = 0, dyn_sz = 0, hash = 0, gnuhash = 0;
	uint32_t idx = 0;
	Elf64_Sym s;
	const char *e;
	size_t i;

	memset(d, 0, sizeof(*d));
	im->data = data;
	im->size = size;
	im->buf = buf;
	im->buflen = buflen;
	if ((e = parse_headers(im, &dyn_va, &dyn_sz)) != NULL)
		goto out;
	if ((e = parse_dynamic(im, dyn_va, dyn_sz, &hash, &gnuhash)) != NULL)
		goto out;
	/* the per-module name first, as libltdl's lt_dlsym */
	for (i = 0; i < 2; i++) {
		const char *name = i == 0 ? ltx : DA_MODULE_SYMBOL_NAME;
		if (!name || strlen(name) >= sizeof(d->symbol))
			continue;
		idx = gnuhash ? lookup_gnu(im, gnuhash, name) : 0;
		if (!idx && hash)
			idx = lookup_sysv(im, hash, name);
		if (idx && symbol(im, idx, &s) && s.st_shndx != SHN_UNDEF) {
			snprintf(d->symbol, sizeof(d->symbol), "%s", name);
			break;
		}
		idx = 0;
	}
	if (!idx) {
		if (ltx && strlen(ltx) < sizeof(d->symbol))
			e = fail(im, "no %s or " DA_MODULE_SYMBOL_NAME " symbol: not a dockaudit module",
				 ltx);
		else
			e = "no " DA_MODULE_SYMBOL_NAME " symbol: not a dockaudit module";
		goto out;
	}
	if (ELF64_ST_TYPE(s.st_info) != STT_OBJECT) {
		e = fail(im, "%s is not a data symbol", d->symbol);
		goto out;
	}
	d->vaddr = s.st_value;
	d->min_vaddr = UINT64_MAX;
	for (i = 0; i < im->n_segs; i++)
		if (im->segs[i].vaddr < d->min_vaddr)
			d->min_vaddr = im->segs[i].vaddr;
	e = read_desc(im, d, s.st_value);
out:
	free(im->relocs);
	free(im);
	if (e)
		da_elfdesc_release(d);
	return e;
}

void da_elfdesc_release(struct da_elfdesc *d)
{
	size_t i;

	for (i = 0; i < d->n_blocks; i++)
		free(d->blocks[i]);
	free(d->blocks);
	free(d->ptrs);
	memset(d, 0, sizeof(*d));
}

/* --- after loading ------------------------------------------------------- */

struct cmp {
	const struct da_elfdesc *d;
	uintptr_t bias;
	size_t next;
	bool ok;
};

/* The loaded pointer p must be the image address recorded next. */
static bool same_ptr(struct cmp *c, const void *p)
{
	uint64_t want;

	if (!c->ok || c->next >= c->d->n_ptrs)
		return c->ok = false;
	want = c->d->ptrs[c->next++];
	if (want == 0)
		return c->ok = (p == NULL);
	return c->ok = (p != NULL && (uintptr_t)p - c->bias == want);
}

static void same_str(struct cmp *c, const char *loaded, const char *copy)
{
	if (same_ptr(c, loaded) && loaded && strcmp(loaded, copy) != 0)
		c->ok = false;
}

const char *da_elfdesc_compare(const struct da_elfdesc *d, const struct da_module *m,
			       uintptr_t bias, char *buf, size_t buflen)
{
	struct cmp c = { d, bias, 0, true };
	const struct da_module *w = &d->mod;
	uint32_t i;
	size_t k;

	(void)buf;
	(void)buflen;
	if ((uintptr_t)m - bias != d->vaddr)
		return "the descriptor was not found where the file has it";
	if (m->magic != w->magic || m->abi_major != w->abi_major ||
	    m->abi_minor != w->abi_minor || m->size != w->size ||
	    m->check_size != d->file_check_size || m->n_checks != w->n_checks ||
	    (m->variant_size ? m->variant_size : DA_VARIANT_SIZE_1_0) != d->file_variant_size)
		return "the loaded descriptor differs from the file";
	same_str(&c, m->name, w->name);
	same_str(&c, m->version, w->version);
	same_str(&c, m->section, w->section);
	same_str(&c, m->section_title, w->section_title);
	same_str(&c, m->group, w->group);
	same_ptr(&c, m->checks);
	for (i = 0; c.ok && i < m->n_checks; i++) {
		const struct da_check *l = (const struct da_check *)(const void *)
			((const char *)m->checks + (size_t)i * m->check_size);
		const struct da_check *x = &w->checks[i];
		same_str(&c, l->id, x->id);
		same_str(&c, l->title, x->title);
		same_str(&c, l->groups, x->groups);
		same_str(&c, l->remediation, x->remediation);
		same_str(&c, l->impact, x->impact);
		same_ptr(&c, (const void *)(uintptr_t)l->run);
		same_ptr(&c, l->variants);
		if (l->flags != x->flags || l->level != x->level)
			c.ok = false;
		for (k = 0; c.ok && x->variants; k++) {
			const struct da_variant *lv = (const struct da_variant *)(const void *)
				((const char *)l->variants + k * d->file_variant_size);
			const struct da_variant *xv = &x->variants[k];
			same_str(&c, lv->benchmark, xv->benchmark);
			if (!xv->benchmark)
				break;
			same_str(&c, lv->id, xv->id);
			same_str(&c, lv->title, xv->title);
			if (lv->flags != xv->flags || lv->flags_mask != xv->flags_mask ||
			    lv->level != xv->level)
				c.ok = false;
		}
	}
	if (!c.ok || c.next != d->n_ptrs)
		return "the loaded descriptor differs from the file";
	return NULL;
}
