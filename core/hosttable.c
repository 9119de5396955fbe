/*
 * The host table: owns struct da_host, the functions a module calls to read
 * the probe tree (read-only, as struct da_node) and to write its result
 * into the report model.  It sits between the probe (probe.c) and the
 * report (report.c), so that neither reaches into the other.
 */
#include "config.h"

#include "hosttable.h"
#include "probe.h"
#include "report.h"
#include "util.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A module sees struct da_node; it is a json_object in disguise. */
#define J(n) ((struct json_object *)(uintptr_t)(n))
#define N(j) ((const struct da_node *)(j))

static const struct da_node *h_probe_root(const struct da_probe *probe)
{
	return probe ? N(probe->root) : NULL;
}

static const struct da_node *h_get(const struct da_node *n, const char *path)
{
	return N(da_probe_get(J(n), path));
}

static const struct da_node *h_member(const struct da_node *n, const char *key)
{
	struct json_object *v = NULL;

	if (!key || !json_object_is_type(J(n), json_type_object))
		return NULL;
	return json_object_object_get_ex(J(n), key, &v) ? N(v) : NULL;
}

static enum da_node_type h_type(const struct da_node *n)
{
	switch (json_object_get_type(J(n))) {
	case json_type_boolean: return DA_NODE_BOOL;
	case json_type_int: return DA_NODE_INT;
	case json_type_double: return DA_NODE_DOUBLE;
	case json_type_string: return DA_NODE_STRING;
	case json_type_array: return DA_NODE_ARRAY;
	case json_type_object: return DA_NODE_OBJECT;
	case json_type_null: break;
	}
	return DA_NODE_NULL;
}

static const char *h_str(const struct da_node *n, const char *path)
{
	return da_probe_str(J(n), path);
}

static bool h_int64(const struct da_node *n, const char *path, int64_t *out)
{
	struct json_object *v = da_probe_get(J(n), path);

	if (!json_object_is_type(v, json_type_int))
		return false;
	*out = json_object_get_int64(v);
	return true;
}

static bool h_boolean(const struct da_node *n, const char *path, bool *out)
{
	struct json_object *v = da_probe_get(J(n), path);

	if (!json_object_is_type(v, json_type_boolean))
		return false;
	*out = json_object_get_boolean(v);
	return true;
}

static size_t h_len(const struct da_node *n)
{
	if (json_object_is_type(J(n), json_type_array))
		return json_object_array_length(J(n));
	if (json_object_is_type(J(n), json_type_object))
		return (size_t)json_object_object_length(J(n));
	return 0;
}

/*
 * Member access by index: the first indexed access to an object lists its
 * entries (json-c's insertion order), so that walking an object of n
 * members by index costs n steps, not n * n / 2.  The lists are kept beside
 * the tree, in a table by object, never in the tree itself: in the worker
 * the tree is its parent's memory, copy-on-write, and a write into an
 * object would copy its page (the userdata json-c offers for this cost a
 * page fault for about every container a check walked).  A list is built
 * again should the object's table have changed since (other table, other
 * count, other first or last entry), and they are all dropped after each
 * check (da_host_index_reset), so that none outlives the objects it lists.
 */
struct member_index {
	struct lh_table *table;
	struct lh_entry *head, *tail;
	int count;
	struct lh_entry *e[]; /* count entries */
};

size_t da_probe_walk_steps;

/* The lists, by object: open addressing, at most half full. */
static struct index_slot {
	struct json_object *o;
	struct member_index *mi;
} *slots;
static size_t n_slots, n_used;

static size_t slot_of(const struct json_object *o, size_t cap)
{
	uint64_t x = (uint64_t)(uintptr_t)o;

	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	return (size_t)x & (cap - 1);
}

/* The slot of o: its own, or the empty one where it goes. */
static struct index_slot *find_slot(const struct json_object *o)
{
	size_t i = slot_of(o, n_slots);

	while (slots[i].o && slots[i].o != o)
		i = (i + 1) & (n_slots - 1);
	return &slots[i];
}

static void grow_slots(void)
{
	struct index_slot *old = slots;
	size_t i, n = n_slots;

	n_slots = n ? 2 * n : 64;
	slots = da_xcalloc(n_slots, sizeof(*slots));
	for (i = 0; i < n; i++)
		if (old[i].o)
			*find_slot(old[i].o) = old[i];
	free(old);
}

void da_host_index_reset(void)
{
	size_t i;

	for (i = 0; i < n_slots; i++)
		free(slots[i].mi);
	free(slots);
	slots = NULL;
	n_slots = n_used = 0;
}

static struct member_index *member_index(struct json_object *o)
{
	struct lh_table *t = json_object_get_object(o);
	struct index_slot *slot;
	struct member_index *mi;
	struct lh_entry *e;
	size_t i = 0;

	if (2 * (n_used + 1) > n_slots)
		grow_slots();
	slot = find_slot(o);
	mi = slot->mi;
	if (mi && mi->table == t && mi->count == t->count && mi->head == t->head &&
	    mi->tail == t->tail)
		return mi;
	free(mi);
	mi = da_xmalloc(sizeof(*mi) + (size_t)(t->count > 0 ? t->count : 0) * sizeof(mi->e[0]));
	mi->table = t;
	mi->head = t->head;
	mi->tail = t->tail;
	for (e = t->head; e && i < (size_t)t->count; e = e->next) {
		da_probe_walk_steps++;
		mi->e[i++] = e;
	}
	mi->count = (int)i;
	if (!slot->o)
		n_used++;
	slot->o = o;
	slot->mi = mi;
	return mi;
}

/* The i-th member of an object, in insertion order. */
static struct lh_entry *member_at(struct json_object *o, size_t i)
{
	struct member_index *mi = member_index(o);

	return i < (size_t)mi->count ? mi->e[i] : NULL;
}

static const struct da_node *h_at(const struct da_node *n, size_t i)
{
	struct lh_entry *e;

	if (json_object_is_type(J(n), json_type_array))
		return i < json_object_array_length(J(n)) ?
			N(json_object_array_get_idx(J(n), i)) : NULL;
	if (!json_object_is_type(J(n), json_type_object))
		return NULL;
	e = member_at(J(n), i);
	return e ? N(lh_entry_v(e)) : NULL;
}

static const char *h_key_at(const struct da_node *n, size_t i)
{
	struct lh_entry *e;

	if (!json_object_is_type(J(n), json_type_object))
		return NULL;
	e = member_at(J(n), i);
	return e ? (const char *)lh_entry_k(e) : NULL;
}

static const char *h_option(const struct da_probe *probe, const char *name)
{
	struct json_object *v = NULL;

	if (!probe || !name || !json_object_object_get_ex(probe->options, name, &v))
		return NULL;
	return json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
}

static void h_set(struct da_result *res, enum da_status status, const char *fmt, ...)
	DA_FMT(3, 4);
static void h_item(struct da_result *res, const char *kind, const char *id,
		   const char *name, const char *fmt, ...) DA_FMT(5, 6);

static void h_set(struct da_result *res, enum da_status status, const char *fmt, ...)
{
	char *s = NULL;
	va_list ap;

	if (!res)
		return;
	if (fmt) {
		va_start(ap, fmt);
		s = da_xvasprintf(fmt, ap);
		va_end(ap);
	}
	da_result_set(res, status, s);
	free(s);
}

static void h_item(struct da_result *res, const char *kind, const char *id,
		   const char *name, const char *fmt, ...)
{
	char *s = NULL;
	va_list ap;

	if (!res)
		return;
	if (fmt) {
		va_start(ap, fmt);
		s = da_xvasprintf(fmt, ap);
		va_end(ap);
	}
	da_result_add_item(res, kind, id, name, s);
	free(s);
}

static void h_scored(struct da_result *res, bool scored)
{
	if (res)
		res->scored = scored;
}

const struct da_host da_host_table = {
	.size = sizeof(struct da_host),
	.probe_root = h_probe_root,
	.get = h_get,
	.member = h_member,
	.type = h_type,
	.str = h_str,
	.int64 = h_int64,
	.boolean = h_boolean,
	.len = h_len,
	.at = h_at,
	.key_at = h_key_at,
	.option = h_option,
	.set = h_set,
	.item = h_item,
	.scored = h_scored,
};
