/*
 * dockaudit module SDK: the only header a check module needs.
 *
 * A module is a shared object that exports one data symbol,
 * DA_MODULE_SYMBOL ("dockaudit_module"), of type struct da_module.  The host
 * reads and validates that descriptor from the module's file, as data,
 * before it loads the module: no code of a refused module runs, not even
 * its constructors.  So the descriptor, its check and variant tables and
 * their strings must be constant data of the module itself (initialised
 * statically, not filled in by a constructor): pointers to the module's
 * own data and functions only.  After loading, the host checks that the
 * loaded descriptor is the one it validated, then calls each check's run
 * function with a function table (struct da_host) and a read-only probe
 * context.  Modules link nothing from the host: everything they need is
 * reached through the table.
 *
 * The file and every folder above it must be owned by root or by the user
 * running dockaudit and writable by no one else (docs/failures.md,
 * "Loading modules").
 *
 * Versioning.  DA_ABI_MAJOR changes when a layout below changes in a way an
 * old host or module cannot read; the host refuses modules of another major.
 * DA_ABI_MINOR grows when fields are appended; the host accepts modules of an
 * older or equal minor and refuses newer ones.  struct da_host only ever
 * grows, its size first, so a module can test for a newer entry.
 *
 * ABI history:
 *   1.0  first version: descriptor, check table, probe nodes, results.
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
#define DA_ABI_MINOR 0
#define DA_MODULE_SYMBOL dockaudit_module
#define DA_MODULE_SYMBOL_NAME "dockaudit_module"

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
	const char *benchmark; /* "cis-1.7.0", ... */
	const char *id;        /* id in that benchmark; "-" = absent there */
	const char *title;
	unsigned flags;        /* enum da_check_flags */
	unsigned flags_mask;   /* which bits of flags apply */
	int level;
};

/* One row of a module's check table. */
struct da_check {
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
	const struct da_variant *variants; /* NULL = same in every benchmark */
};

/* The descriptor a module exports as DA_MODULE_SYMBOL. */
struct da_module {
	uint32_t magic;      /* DA_MODULE_MAGIC */
	uint16_t abi_major;  /* DA_ABI_MAJOR the module was built with */
	uint16_t abi_minor;  /* DA_ABI_MINOR the module was built with */
	uint32_t size;       /* sizeof(struct da_module) at build time */
	uint32_t check_size; /* sizeof(struct da_check) at build time */
	const char *name;    /* unique module name, [a-z0-9_-]+ */
	const char *version; /* the module's own version */
	const char *section; /* section id, "2" */
	const char *section_title; /* "Docker daemon configuration" */
	const char *group;   /* docker-bench group name of the section, or NULL */
	const struct da_check *checks; /* n_checks rows */
	uint32_t n_checks;
	uint32_t reserved_u32;
	void *reserved[6];   /* zero */
};

/*
 * Fills the fixed head of a descriptor.  Use as:
 *   DA_EXPORT const struct da_module DA_MODULE_SYMBOL = {
 *           DA_MODULE_HEAD, .name = "daemon", ... };
 */
#define DA_MODULE_HEAD                                                     \
	.magic = DA_MODULE_MAGIC, .abi_major = DA_ABI_MAJOR,                \
	.abi_minor = DA_ABI_MINOR, .size = sizeof(struct da_module),        \
	.check_size = sizeof(struct da_check)

#define DA_COUNT(a) ((uint32_t)(sizeof(a) / sizeof((a)[0])))

/*
 * The host's function table.  Append-only: new entries go at the end and
 * a module built against a newer SDK tests size before using them.
 */
struct da_host {
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
};

#ifdef __cplusplus
}
#endif

#endif /* DOCKAUDIT_MODULE_H */
