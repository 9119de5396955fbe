/*
 * The probe context: one JSON tree (json-c) filled once per run, live from
 * the Engine API and the host, or loaded from a snapshot.  Its layout is
 * documented in docs/probe.md.  Modules see it read-only through the
 * struct da_host table (hosttable.h); snapshot files are snapshot.h's.
 */
#ifndef DA_PROBE_H
#define DA_PROBE_H

#include <dockaudit/module.h>
#include <json-c/json.h>

#include <stdbool.h>
#include <stddef.h>

struct da_probe {
	struct json_object *root;    /* owned */
	struct json_object *options; /* owned; object of string options */
	bool from_snapshot;
};

void da_probe_init(struct da_probe *p);
void da_probe_release(struct da_probe *p);

/* Sets a run option (copied); value NULL removes it. */
void da_probe_set_option(struct da_probe *p, const char *name, const char *value);

/* Node helpers for the core itself (same semantics as the table). */
struct json_object *da_probe_get(struct json_object *n, const char *path);

/*
 * One warning line on stderr when engine.deadline says the probe deadline
 * ended requests: "deadline of N s reached: M requests not read ...".
 */
void da_probe_note_deadline(const struct da_probe *p);
const char *da_probe_str(struct json_object *n, const char *path);

#endif
