/*
 * The probe context: owns the json-c tree of one run, its run options and
 * the dotted-path lookups the core uses on it.  Filled by engine.c and the
 * host*.c files; lent to modules by hosttable.c; saved and loaded by
 * snapshot.c.
 */
#include "config.h"

#include "probe.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

void da_probe_init(struct da_probe *p)
{
	memset(p, 0, sizeof(*p));
	p->root = json_object_new_object();
	p->options = json_object_new_object();
}

void da_probe_release(struct da_probe *p)
{
	json_object_put(p->root);
	json_object_put(p->options);
	p->root = p->options = NULL;
}

void da_probe_set_option(struct da_probe *p, const char *name, const char *value)
{
	if (!value)
		json_object_object_del(p->options, name);
	else
		json_object_object_add(p->options, name, json_object_new_string(value));
}

static bool is_index(const char *s, size_t n, size_t *out)
{
	size_t i, v = 0;

	if (n == 0 || n > 9)
		return false;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (size_t)(s[i] - '0');
	}
	*out = v;
	return true;
}

static struct json_object *step(struct json_object *n, const char *key, size_t len)
{
	size_t idx;

	if (json_object_is_type(n, json_type_object)) {
		char buf[256];
		struct json_object *v = NULL;
		char *k = len < sizeof(buf) ? buf : da_xmalloc(len + 1);
		memcpy(k, key, len);
		k[len] = '\0';
		if (!json_object_object_get_ex(n, k, &v))
			v = NULL;
		if (k != buf)
			free(k);
		return v;
	}
	if (json_object_is_type(n, json_type_array) && is_index(key, len, &idx)) {
		if (idx >= json_object_array_length(n))
			return NULL;
		return json_object_array_get_idx(n, idx);
	}
	return NULL;
}

struct json_object *da_probe_get(struct json_object *n, const char *path)
{
	const char *p = path, *dot;

	if (!n)
		return NULL;
	if (!path || !*path)
		return n;
	for (;;) {
		dot = strchr(p, '.');
		n = step(n, p, dot ? (size_t)(dot - p) : strlen(p));
		if (!n || !dot)
			return n;
		p = dot + 1;
	}
}

const char *da_probe_str(struct json_object *n, const char *path)
{
	n = da_probe_get(n, path);
	return json_object_is_type(n, json_type_string) ? json_object_get_string(n) : NULL;
}

void da_probe_note_deadline(const struct da_probe *p)
{
	struct json_object *reached = da_probe_get(p->root, "engine.deadline.reached");
	struct json_object *secs = da_probe_get(p->root, "engine.deadline.seconds");
	struct json_object *unread = da_probe_get(p->root, "engine.deadline.unread");

	if (!json_object_is_type(reached, json_type_boolean) || !json_object_get_boolean(reached))
		return;
	da_warnf("the probe deadline of %lld s was reached: %lld daemon requests not read; "
		 "their objects are reported as ERROR (see --deadline)",
		 (long long)json_object_get_int64(secs), (long long)json_object_get_int64(unread));
}
