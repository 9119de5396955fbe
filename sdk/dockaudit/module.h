/*
 * dockaudit module SDK: the only header a check module needs.
 *
 * A module is a shared object that exports one data symbol of type struct
 * da_module, its descriptor: DA_MODULE_SYMBOL ("dockaudit_module"), or the
 * per-module name DA_MODULE_SYMBOL_FOR(name) ("name_LTX_dockaudit_module",
 * libtool's -module convention) where name is the module file's name
 * without ".so" (see below).  The host reads and validates that descriptor
 * from the module's file, as data, before it loads the module: no code of
 * a refused module runs, not even its constructors.  So the descriptor,
 * its check and variant tables and their strings must be constant data of
 * the module itself (initialised statically, not filled in by a
 * constructor): pointers to the module's own data and functions only.
 * After loading, the host checks that the loaded descriptor is the one it
 * validated, then calls each check's run function with a function table
 * (struct da_host) and a read-only probe context.  Modules link nothing
 * from the host: everything they need is reached through the table.
 *
 * The file and every folder above it must be owned by root or by the user
 * running dockaudit and writable by no one else (docs/failures.md,
 * "Loading modules").
 *
 * Versioning.  DA_ABI_MAJOR changes when a layout below changes in a way an
 * old host or module cannot read; the host refuses modules of another major.
 * DA_ABI_MINOR grows when members are appended; the host accepts modules of
 * an older or equal minor and refuses newer ones.  Every table a module
 * hands the host carries its own row size (struct da_module: size,
 * check_size, variant_size), so a host of a later minor reads an older
 * module's rows with the module's stride and never reads past them; the
 * smallest size each version allows is frozen below (DA_*_SIZE_1_0).
 * struct da_host only ever grows, its size first: a module that uses an
 * entry newer than the minor it requires tests DA_HOST_HAS(host, entry).
 *
 * ABI history.  What each version added, in the order of the structures;
 * a new minor appends its members under a comment naming it, in this list
 * and in the structures below.
 *
 *   1.0  (dockaudit 0.1.0)
 *        struct da_module: magic, abi_major, abi_minor, size, check_size,
 *          name, version, section, section_title, group, checks, n_checks,
 *          variant_size, reserved[6].  variant_size was "reserved_u32" in
 *          the first 1.0 headers: 0 there reads as DA_VARIANT_SIZE_1_0.
 *        struct da_check: id, title, flags, level, groups, remediation,
 *          impact, run, variants.
 *        struct da_variant: benchmark, id, title, flags, flags_mask, level.
 *        struct da_host: size, probe_root, get, member, type, str, int64,
 *          boolean, len, at, key_at, option, set, item, scored.
 *        Probe layout DA_PROBE_VERSION 1 (docs/probe.md).
 *        Descriptor symbols: dockaudit_module; NAME_LTX_dockaudit_module
 *          is found only by hosts as new as this header (a module meant
 *          for older hosts too exports the plain name).
 *
 * Memory.  Everything the host lends (nodes, strings from nodes, the probe)
 * stays valid for the duration of the run call and belongs to the host.
 * Everything a module passes to the host (strings, formats) is copied before
 * the call returns.  Nothing crosses the boundary to be freed on the other
 * side.
 */
#ifndef DOCKAUDIT_MODULE_H
#define DOCKAUDIT_MODULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define DA_MODULE_MAGIC 0x44414d31u /* "DAM1" */
#define DA_ABI_MAJOR 1

/*
 * DA_ABI_MINOR_OVERRIDE is a test hook, never for modules: a host built
 * with -DDA_ABI_MINOR_OVERRIDE=N speaks minor N and has a member appended
 * to each structure that grows, as a later minor would have, so that a
 * test can load a module built against the 1.0 header into it
 * (tests/abi/).
 */
#ifdef DA_ABI_MINOR_OVERRIDE
#define DA_ABI_MINOR DA_ABI_MINOR_OVERRIDE
#define DA_ABI_TEST_TAIL const void *abi_test_tail[2];
#else
#define DA_ABI_MINOR 0
#define DA_ABI_TEST_TAIL
#endif

/*
 * The smallest size of each structure in each ABI version, frozen: a module
 * of minor N must give rows at least this large; a host of any later minor
 * still accepts them.  A new minor that appends members adds its own line
 * (DA_CHECK_SIZE_1_1, ...) and never changes these.  The host reads module
 * files of 64-bit data models only; the 32-bit values serve static builds.
 */
#if UINTPTR_MAX > 0xffffffffu
#define DA_MODULE_SIZE_1_0 120u
#define DA_CHECK_SIZE_1_0 64u
#define DA_VARIANT_SIZE_1_0 40u
#define DA_HOST_SIZE_1_0 120u
#else
#define DA_MODULE_SIZE_1_0 72u
#define DA_CHECK_SIZE_1_0 36u
#define DA_VARIANT_SIZE_1_0 24u
#define DA_HOST_SIZE_1_0 60u
#endif

/*
 * Version of the probe's layout (docs/probe.md): the root's "probe_version"
 * member, in a live probe and in a snapshot.  It changes when a member a
 * module may read moves or changes type; new members do not change it.
 */
#define DA_PROBE_VERSION 1

/*
 * The descriptor's symbol.  A module file NAME.so exports either
 * DA_MODULE_SYMBOL or DA_MODULE_SYMBOL_FOR(NAME); the host looks for the
 * second first.  NAME is the file's name without its directory and its
 * last extension, every character other than [A-Za-z0-9] replaced by '_'
 * ("my-checks.so": my_checks_LTX_dockaudit_module).  The per-module name
 * lets several modules be linked into one program, as dockaudit's bundled
 * modules are with --enable-static-modules.
 */
#define DA_MODULE_SYMBOL dockaudit_module
#define DA_MODULE_SYMBOL_NAME "dockaudit_module"
#define DA_MODULE_SYMBOL_FOR(name) name##_LTX_dockaudit_module
#define DA_MODULE_SYMBOL_LTX "_LTX_"

#if defined(__GNUC__)
#define DA_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define DA_EXPORT __attribute__((visibility("default")))
#else
#define DA_PRINTF(f, a)
#define DA_EXPORT
#endif

/* Outcome of one check. */
enum da_status {
	DA_PASS = 0, /* automated check satisfied */
	DA_WARN = 1, /* automated check not satisfied: a finding */
	DA_INFO = 2, /* informational, or not applicable here (say why) */
	DA_NOTE = 3, /* manual check: a person must verify */
	DA_ERROR = 4 /* the check could not run (say why) */
};

/* Bits of struct da_check.flags. */
enum da_check_flags {
	DA_CHECK_SCORED = 1u << 0,  /* a PASS adds one to the score, a WARN takes one */
	DA_CHECK_MANUAL = 1u << 1,  /* "(Manual)" in the benchmark; else Automated */
	DA_CHECK_HEADER = 1u << 2,  /* a sub-section line ("1.1 - ..."): no run, not counted */
	DA_CHECK_NEEDS_HOST = 1u << 3 /* reads host facts: not applicable to a remote daemon */
};

/* Types of a probe node: the probe is a tree of JSON values. */
enum da_node_type {
	DA_NODE_NULL = 0,
	DA_NODE_BOOL,
	DA_NODE_INT,
	DA_NODE_DOUBLE,
	DA_NODE_STRING,
	DA_NODE_ARRAY,
	DA_NODE_OBJECT
};

struct da_node;   /* opaque, read-only, borrowed from the host */
struct da_probe;  /* opaque: the probe context of this run */
struct da_result; /* opaque: the result being built by one check */
struct da_host;

/*
 * A check's run function.  It reads the probe and fills res; it never talks
 * to the daemon, forks, or prints.  If it calls no status setter the host
 * records an ERROR ("check reported no status").
 */
typedef void (*da_run_fn)(const struct da_host *host,
			  const struct da_probe *probe,
			  struct da_result *res);

/*
 * The same check as it appears in another benchmark version (for example
 * "cis-1.8.0" renumbers 2.7 to 2.8).  A table of these ends with an entry
 * whose benchmark is NULL.  id, title and level left NULL or 0 inherit the
 * check's own; the flag bits set in flags_mask are taken from flags, the
 * others from the check.  A check whose own id is "-" exists only in the
 * benchmarks its variants name.  Rules: a benchmark name is 1-32 of
 * [a-z0-9._-]; at most one variant per benchmark and 16 per check; an id is
 * NULL, "", "-" or 1-32 of [A-Za-z0-9._-]; in every benchmark, ids are
 * unique among all the loaded modules, variants included (a module that
 * reuses an id of a bundled module is refused).
 */
struct da_variant {
	/* ABI 1.0 */
	const char *benchmark; /* "cis-1.7.0", ... */
	const char *id;        /* id in that benchmark; "-" = absent there */
	const char *title;
	unsigned flags;        /* enum da_check_flags */
	unsigned flags_mask;   /* which bits of flags apply */
	int level;
	DA_ABI_TEST_TAIL
};

/* One row of a module's check table. */
struct da_check {
	/* ABI 1.0 */
	const char *id;          /* CIS id in the default benchmark, "2.2": 1-32 of [A-Za-z0-9._-] */
	const char *title;       /* with its "(Automated)"/"(Manual)" suffix */
	unsigned flags;          /* enum da_check_flags */
	int level;               /* profile level 1 or 2; 0 = not given */
	const char *groups;      /* extra group names, space separated, or NULL;
				    "optional" and "enterprise_only" are reserved
				    (docs/modules.md, "Groups") */
	const char *remediation; /* NULL = none */
	const char *impact;      /* remediation impact; NULL = none */
	da_run_fn run;           /* NULL only for DA_CHECK_HEADER rows */
	const struct da_variant *variants; /* NULL = same in every benchmark;
					      rows of the descriptor's variant_size */
	DA_ABI_TEST_TAIL
};

/* The descriptor a module exports as DA_MODULE_SYMBOL (or DA_MODULE_SYMBOL_FOR). */
struct da_module {
	/* ABI 1.0 */
	uint32_t magic;      /* DA_MODULE_MAGIC */
	uint16_t abi_major;  /* DA_ABI_MAJOR the module was built with */
	uint16_t abi_minor;  /* DA_ABI_MINOR the module was built with */
	uint32_t size;       /* sizeof(struct da_module) at build time */
	uint32_t check_size; /* sizeof(struct da_check) at build time: the table's stride */
	const char *name;    /* unique module name, [a-z0-9_-]+ */
	const char *version; /* the module's own version */
	const char *section; /* section id, "2" */
	const char *section_title; /* "Docker daemon configuration" */
	const char *group;   /* docker-bench group name of the section, or NULL */
	const struct da_check *checks; /* n_checks rows */
	uint32_t n_checks;
	uint32_t variant_size; /* sizeof(struct da_variant) at build time: the
				  stride of every variant table; 0 (headers
				  before it was named) = DA_VARIANT_SIZE_1_0 */
	void *reserved[6];   /* zero */
	DA_ABI_TEST_TAIL
};

/*
 * Fills the fixed head of a descriptor.  Use as:
 *   DA_EXPORT const struct da_module DA_MODULE_SYMBOL = {
 *           DA_MODULE_HEAD, .name = "mine", ... };
 * or, in a module file daemon.so that may also be linked statically:
 *   DA_EXPORT const struct da_module DA_MODULE_SYMBOL_FOR(daemon) = {
 *           DA_MODULE_HEAD, .name = "daemon", ... };
 */
#define DA_MODULE_HEAD                                                     \
	.magic = DA_MODULE_MAGIC, .abi_major = DA_ABI_MAJOR,                \
	.abi_minor = DA_ABI_MINOR, .size = sizeof(struct da_module),        \
	.check_size = sizeof(struct da_check),                              \
	.variant_size = sizeof(struct da_variant)

#define DA_COUNT(a) ((uint32_t)(sizeof(a) / sizeof((a)[0])))

/*
 * The host's function table.  Append-only: new entries go at the end, under
 * a comment naming the minor that added them, and a module that may run on
 * an older host tests DA_HOST_HAS(host, entry) before calling one of them.
 */
struct da_host {
	/* ABI 1.0 */
	size_t size; /* sizeof(struct da_host) of the host */

	/* --- probe --------------------------------------------------------- */

	/*
	 * Root of the probe tree (see docs/probe.md for its layout).
	 * Borrowed.
	 */
	const struct da_node *(*probe_root)(const struct da_probe *probe);

	/*
	 * The node at a dotted path below n ("HostConfig.Privileged"), or NULL
	 * when n is NULL or any step is missing.  A step that is a number
	 * indexes an array.  Borrowed.
	 */
	const struct da_node *(*get)(const struct da_node *n, const char *path);

	/* Member key of an object, taken literally (keys with dots). Borrowed. */
	const struct da_node *(*member)(const struct da_node *n, const char *key);

	/* Type of n; DA_NODE_NULL for NULL. */
	enum da_node_type (*type)(const struct da_node *n);

	/*
	 * String at path below n (path NULL or "" = n itself), or NULL when it
	 * is absent or not a string.  Borrowed.
	 */
	const char *(*str)(const struct da_node *n, const char *path);

	/* Integer or bool at path: true and *out set when present and of that type. */
	bool (*int64)(const struct da_node *n, const char *path, int64_t *out);
	bool (*boolean)(const struct da_node *n, const char *path, bool *out);

	/* Number of elements of an array or members of an object; 0 otherwise. */
	size_t (*len)(const struct da_node *n);

	/* Element i of an array, or the value of member i of an object. Borrowed. */
	const struct da_node *(*at)(const struct da_node *n, size_t i);

	/* Key of member i of an object, or NULL. Borrowed. */
	const char *(*key_at)(const struct da_node *n, size_t i);

	/*
	 * A run option by name ("trusted-users", "benchmark", "remote"), or
	 * NULL when unset.  Borrowed.
	 */
	const char *(*option)(const struct da_probe *probe, const char *name);

	/* --- result -------------------------------------------------------- */

	/*
	 * Sets the status and the detail line (printf format; NULL for none).
	 * May be called again; the last call wins.  Copied.
	 */
	void (*set)(struct da_result *res, enum da_status status,
		    const char *fmt, ...) DA_PRINTF(3, 4);

	/*
	 * Adds one item naming the object a finding concerns: kind is
	 * "container", "image", "file", "network", "user", ...; id and name
	 * may be NULL; fmt is an optional detail.  Copied.
	 */
	void (*item)(struct da_result *res, const char *kind, const char *id,
		     const char *name, const char *fmt, ...) DA_PRINTF(5, 6);

	/* Overrides whether this result is scored (1.1.2 with -u). */
	void (*scored)(struct da_result *res, bool scored);

	/* New entries go here, under a comment naming their minor ("ABI 1.1"). */
	DA_ABI_TEST_TAIL
};

/*
 * Whether the host's table has the entry member (an entry of a later minor
 * than the one the module requires), before calling it:
 *   if (DA_HOST_HAS(host, some_1_1_entry)) host->some_1_1_entry(...);
 */
#define DA_HOST_HAS(host, member)                                           \
	((host)->size >= offsetof(struct da_host, member) + sizeof((host)->member))

#ifdef __cplusplus
}
#endif

#endif /* DOCKAUDIT_MODULE_H */
