/*
 * The core's json-c helpers, one set for every file that builds or reads
 * the probe tree: allocation failures abort with a message (as da_xmalloc
 * does) instead of returning NULL, and strings from outside are made valid
 * UTF-8 (escape.h's decoder) before they enter the tree.
 */
#ifndef DA_JSONUTIL_H
#define DA_JSONUTIL_H

#include "util.h"

#include <json-c/json.h>

#include <stdbool.h>
#include <stddef.h>

/* o itself; aborts when it is NULL (json-c reports exhaustion so). */
struct json_object *da_jx(struct json_object *o);

/* New values; never NULL.  da_jstr copies s as it is (s not NULL). */
struct json_object *da_jobj(void);
struct json_object *da_jarr(void);
struct json_object *da_jbool(bool b);
struct json_object *da_jstr(const char *s);

/*
 * A string of s[0..n) (da_jstrn_utf8) or of s (da_jstr_utf8, NULL gives
 * NULL) made valid UTF-8 (da_utf8_clean).
 */
struct json_object *da_jstrn_utf8(const char *s, size_t n);
struct json_object *da_jstr_utf8(const char *s);

/* A one-line valid UTF-8 string from a formatted message. */
struct json_object *da_jmsg(const char *fmt, ...) DA_FMT(1, 2);

/* obj[key] = val (owned, may be NULL). */
void da_jset(struct json_object *obj, const char *key, struct json_object *val);
/* The same with the key key[0..n) made valid UTF-8. */
void da_jsetn_utf8(struct json_object *obj, const char *key, size_t n,
		   struct json_object *val);
/* Appends val (owned, may be NULL) to the array arr. */
void da_jpush(struct json_object *arr, struct json_object *val);
/* Whether the array arr holds a string equal to s. */
bool da_jarray_has(struct json_object *arr, const char *s);
/* Appends a copy of s to arr unless a string equal to it is there. */
void da_jpush_unique(struct json_object *arr, const char *s);
/* A deep copy of src (NULL gives NULL). */
struct json_object *da_jcopy(struct json_object *src);

/* The member key of obj, when obj is an object (any type; NULL if none). */
struct json_object *da_jmember(struct json_object *obj, const char *key);
/* The same when the member has type t. */
struct json_object *da_jget(struct json_object *obj, const char *key, enum json_type t);
/* The member's string, when it is one. */
const char *da_jget_str(struct json_object *obj, const char *key);
/* Whether the member is the boolean true. */
bool da_jtrue(struct json_object *obj, const char *key);
/* The object member key of obj, created empty when absent or not an object. */
struct json_object *da_jobject_at(struct json_object *obj, const char *key);

#endif
