/*
 * Snapshot files: owns the writing of the probe tree as one JSON document
 * (--save-snapshot) and its reading back (--snapshot), with the bounds a
 * hostile snapshot meets (size, parse cost, depth, probe_version).  The
 * tree itself is the probe's (probe.c).
 */
#include "config.h"

#include "engine.h"
#include "escape.h"
#include "probe.h"
#include "snapshot.h"
#include "util.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SNAPSHOT_MAX DA_SNAPSHOT_MAX
#define SNAPSHOT_DEPTH 64

static const char *const saved_keys[] = {
	"probe_version", "dockaudit_version", "time", "source", "engine", "host", NULL
};

int da_probe_save_snapshot(const struct da_probe *p, const char *path,
			   char *err, size_t errlen)
{
	struct json_object *doc = json_object_new_object();
	struct da_atomic a;
	const char *text;
	size_t i, len;
	int rc;

	for (i = 0; saved_keys[i]; i++) {
		struct json_object *v = NULL;
		if (json_object_object_get_ex(p->root, saved_keys[i], &v))
			json_object_object_add(doc, saved_keys[i], json_object_get(v));
	}
	text = json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PLAIN |
					      JSON_C_TO_STRING_NOSLASHESCAPE);
	len = strlen(text);
	if (strcmp(path, "-") == 0) {
		/* a stream: standard output holds the snapshot alone */
		errno = 0;
		if (fwrite(text, 1, len, stdout) != len || fputc('\n', stdout) == EOF ||
		    fflush(stdout) != 0) {
			snprintf(err, errlen, "cannot write the snapshot to standard output: %s",
				 errno ? strerror(errno) : "write error");
			rc = DA_ERR_IO;
		} else
			rc = DA_OK;
		goto out;
	}
	/* in place onto a device, FIFO or /dev/stdout; else atomically */
	rc = da_atomic_open(&a, path, err, errlen);
	if (rc != DA_OK)
		goto out;
	if (fwrite(text, 1, len, a.fp) != len || fputc('\n', a.fp) == EOF) {
		snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
		da_atomic_abort(&a);
		rc = DA_ERR_IO;
		goto out;
	}
	rc = da_atomic_commit(&a, err, errlen);
out:
	json_object_put(doc);
	return rc;
}

/*
 * The document part of loading a snapshot; name is the file for messages
 * (NULL: "snapshot" alone).
 */
static int load_snapshot_text(struct da_probe *p, const char *data, size_t len,
			      const char *name, char *err, size_t errlen)
{
	struct json_tokener *tok = NULL;
	struct json_object *doc = NULL, *v;
	const char *sp = name ? " " : "", *nm = name ? name : "";
	char *fixed = NULL;
	int64_t version;
	uint64_t cost;
	int rc = DA_OK;

	if (len > SNAPSHOT_MAX) {
		snprintf(err, errlen, "snapshot%s%s is larger than %u MiB", sp, nm,
			 SNAPSHOT_MAX >> 20);
		return DA_ERR_PARSE;
	}
	/* weighed as the engine weighs an answer: a snapshot may cost what a
	 * live probe may keep (docs/failures.md) */
	cost = da_json_parse_cost(data, len);
	if (cost > DA_ENGINE_MAX_TOTAL) {
		snprintf(err, errlen, "snapshot%s%s too large to parse: about %llu MiB once "
			 "parsed, more than %zu MiB", sp, nm,
			 (unsigned long long)((cost + (1u << 20) - 1) >> 20),
			 DA_ENGINE_MAX_TOTAL >> 20);
		return DA_ERR_PARSE;
	}
	tok = json_tokener_new_ex(SNAPSHOT_DEPTH);
	if (!tok) {
		snprintf(err, errlen, "cannot read snapshot%s%s: out of memory", sp, nm);
		return DA_ERR_NOMEM;
	}
	/* a NUL in a string is kept visible, as \u0000 (docs/failures.md) */
	fixed = da_json_defuse_nul(data, len, &len);
	if (fixed)
		data = fixed;
	doc = json_tokener_parse_ex(tok, data, (int)len);
	if (!doc && json_tokener_get_error(tok) == json_tokener_success) {
		/* json-c gives up without an error of its own when malloc fails */
		snprintf(err, errlen, "cannot read snapshot%s%s: out of memory", sp, nm);
		rc = DA_ERR_NOMEM;
		goto out;
	}
	if (doc) {
		/* only white space may follow the document */
		size_t end = json_tokener_get_parse_end(tok);
		while (end < len && data[end] && strchr(" \t\r\n", data[end]))
			end++;
		if (end < len) {
			snprintf(err, errlen, "snapshot%s%s is not valid JSON: trailing data", sp, nm);
			rc = DA_ERR_PARSE;
			goto out;
		}
	}
	if (!doc || json_tokener_get_error(tok) != json_tokener_success) {
		/* json-c calls a document that ends too early "continue" */
		snprintf(err, errlen, "snapshot%s%s is not valid JSON: %s", sp, nm,
			 json_tokener_get_error(tok) == json_tokener_continue ? "truncated" :
			 json_tokener_error_desc(json_tokener_get_error(tok)));
		rc = DA_ERR_PARSE;
		goto out;
	}
	if (!json_object_is_type(doc, json_type_object)) {
		snprintf(err, errlen, "snapshot%s%s is not a JSON object", sp, nm);
		rc = DA_ERR_PARSE;
		goto out;
	}
	v = da_probe_get(doc, "probe_version");
	if (!json_object_is_type(v, json_type_int)) {
		snprintf(err, errlen, "snapshot%s%s has no probe_version: not a dockaudit snapshot",
			 sp, nm);
		rc = DA_ERR_PARSE;
		goto out;
	}
	version = json_object_get_int64(v);
	if (version != DA_PROBE_VERSION) {
		snprintf(err, errlen, "snapshot%s%s has probe_version %lld; this dockaudit reads %d",
			 sp, nm, (long long)version, DA_PROBE_VERSION);
		rc = DA_ERR_PARSE;
		goto out;
	}
	if (!json_object_is_type(da_probe_get(doc, "engine"), json_type_object)) {
		snprintf(err, errlen, "snapshot%s%s has no engine object", sp, nm);
		rc = DA_ERR_PARSE;
		goto out;
	}
	json_object_object_del(doc, "targets");
	json_object_put(p->root);
	p->root = doc;
	doc = NULL;
	p->from_snapshot = true;
out:
	json_object_put(doc);
	json_tokener_free(tok);
	free(fixed);
	return rc;
}

int da_probe_load_snapshot_mem(struct da_probe *p, const char *data, size_t len,
			       char *err, size_t errlen)
{
	return load_snapshot_text(p, data ? data : "", data ? len : 0, NULL, err, errlen);
}

int da_probe_load_snapshot(struct da_probe *p, const char *path,
			   char *err, size_t errlen)
{
	struct da_buf b = { 0 };
	/* "-" is a stream on standard input, read to its end within the cap */
	bool in = strcmp(path, "-") == 0;
	const char *name = in ? "from standard input" : path;
	int rc;

	if (in && isatty(STDIN_FILENO)) {
		snprintf(err, errlen, "--snapshot -: standard input is a terminal, not a snapshot");
		return DA_ERR_IO;
	}
	rc = da_read_input(path, SNAPSHOT_MAX, &b);
	if (rc == DA_ERR_TOOBIG) {
		snprintf(err, errlen, "snapshot %s is larger than %u MiB", name,
			 SNAPSHOT_MAX >> 20);
		rc = DA_ERR_PARSE;
	} else if (rc != DA_OK) {
		snprintf(err, errlen, "cannot read snapshot %s: %s", name, da_strerror(rc));
		rc = DA_ERR_IO;
	} else if (in && b.len == 0) {
		snprintf(err, errlen, "snapshot %s is empty", name);
		rc = DA_ERR_PARSE;
	}
	if (rc == DA_OK)
		rc = load_snapshot_text(p, da_buf_str(&b), b.len, name, err, errlen);
	da_buf_release(&b);
	return rc;
}
