/*
 * The core's json-c helpers (jsonutil.h): building values that cannot be
 * NULL, and typed reads of members.
 */
#include "config.h"

#include "escape.h"
#include "jsonutil.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void json_oom(void)
{
	fputs("dockaudit: out of memory\n", stderr);
	abort();
}

struct json_object *da_jx(struct json_object *o)
{
	if (!o)
		json_oom();
	return o;
}

struct json_object *da_jobj(void)
{
	return da_jx(json_object_new_object());
}

struct json_object *da_jarr(void)
{
	return da_jx(json_object_new_array());
}

struct json_object *da_jbool(bool b)
{
	return da_jx(json_object_new_boolean(b));
}

struct json_object *da_jstr(const char *s)
{
	return da_jx(json_object_new_string(s));
}

struct json_object *da_jstrn_utf8(const char *s, size_t n)
{
	struct da_buf b = { 0 };
	struct json_object *o;

	da_utf8_clean(&b, s, n, false);
	o = da_jx(json_object_new_string_len(b.data, (int)b.len));
	da_buf_release(&b);
	return o;
}

struct json_object *da_jstr_utf8(const char *s)
{
	return s ? da_jstrn_utf8(s, strlen(s)) : NULL;
}

struct json_object *da_jmsg(const char *fmt, ...)
{
	struct da_buf b = { 0 };
	struct json_object *o;
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = da_xvasprintf(fmt, ap);
	va_end(ap);
	da_utf8_clean(&b, s, strlen(s), true);
	free(s);
	o = da_jx(json_object_new_string(b.data));
	da_buf_release(&b);
	return o;
}

void da_jset(struct json_object *obj, const char *key, struct json_object *val)
{
	if (json_object_object_add(obj, key, val) != 0) {
		json_object_put(val);
		json_oom();
	}
}

void da_jsetn_utf8(struct json_object *obj, const char *key, size_t n,
		   struct json_object *val)
{
	struct da_buf b = { 0 };

	da_utf8_clean(&b, key, n, false);
	da_jset(obj, b.data, val);
	da_buf_release(&b);
}

void da_jpush(struct json_object *arr, struct json_object *val)
{
	if (json_object_array_add(arr, val) != 0) {
		json_object_put(val);
		json_oom();
	}
}

bool da_jarray_has(struct json_object *arr, const char *s)
{
	size_t i, n = json_object_array_length(arr);

	for (i = 0; i < n; i++) {
		const char *e = json_object_get_string(json_object_array_get_idx(arr, i));
		if (e && strcmp(e, s) == 0)
			return true;
	}
	return false;
}

void da_jpush_unique(struct json_object *arr, const char *s)
{
	if (!da_jarray_has(arr, s))
		da_jpush(arr, da_jstr(s));
}

struct json_object *da_jcopy(struct json_object *src)
{
	struct json_object *dst = NULL;

	if (!src)
		return NULL;
	if (json_object_deep_copy(src, &dst, NULL) != 0 || !dst)
		json_oom();
	return dst;
}

struct json_object *da_jmember(struct json_object *obj, const char *key)
{
	struct json_object *v = NULL;

	if (!json_object_is_type(obj, json_type_object))
		return NULL;
	return json_object_object_get_ex(obj, key, &v) ? v : NULL;
}

struct json_object *da_jget(struct json_object *obj, const char *key, enum json_type t)
{
	struct json_object *v = da_jmember(obj, key);

	return json_object_is_type(v, t) ? v : NULL;
}

const char *da_jget_str(struct json_object *obj, const char *key)
{
	struct json_object *v = da_jget(obj, key, json_type_string);

	return v ? json_object_get_string(v) : NULL;
}

bool da_jtrue(struct json_object *obj, const char *key)
{
	struct json_object *v = da_jget(obj, key, json_type_boolean);

	return v && json_object_get_boolean(v);
}

struct json_object *da_jobject_at(struct json_object *obj, const char *key)
{
	struct json_object *v = da_jget(obj, key, json_type_object);

	if (v)
		return v;
	v = da_jobj();
	da_jset(obj, key, v);
	return v;
}
