/*
 * libmodutil, per-object checks: walking the audited containers or images
 * (targets.containers, targets.images), typed readers that turn a field of
 * the wrong type into the walk's first error, and the result a walk gives.
 */
#include "modutil.h"

#include <stdio.h>
#include <string.h>

const char *mu_walk_noun(const struct mu_walk *w, size_t n)
{
	if (w->images)
		return n == 1 ? "image" : "images";
	return n == 1 ? "container" : "containers";
}

/* The name of the object being read. */
static const char *walk_name(const struct mu_walk *w)
{
	return w->images ? mu_image_name(w->h, w->cur) : mu_cname(w->h, w->cur);
}

int mu_werr(struct mu_walk *w, const char *field, const char *why)
{
	if (!w->error) {
		w->error = true;
		snprintf(w->reason, sizeof(w->reason), "cannot read %s%s of %s %.128s: %s",
			 w->prefix ? w->prefix : "", field, mu_walk_noun(w, 1), walk_name(w), why);
	}
	return MU_ERR;
}

/* The node at path below n, or NULL when it is absent or JSON null. */
static const struct da_node *walk_get(struct mu_walk *w, const struct da_node *n,
				      const char *path)
{
	const struct da_node *v = w->h->get(n, path);

	return w->h->type(v) == DA_NODE_NULL ? NULL : v;
}

int mu_get_str(struct mu_walk *w, const struct da_node *n, const char *path, bool required,
	       const char **out)
{
	const struct da_node *v = walk_get(w, n, path);

	*out = NULL;
	if (!v)
		return required ? mu_werr(w, path, "missing") : MU_OK;
	if (w->h->type(v) == DA_NODE_STRING)
		*out = w->h->str(v, NULL);
	return *out ? MU_OK : mu_werr(w, path, "not a string");
}

int mu_get_bool(struct mu_walk *w, const struct da_node *n, const char *path, bool *out)
{
	const struct da_node *v = walk_get(w, n, path);

	*out = false;
	if (!v)
		return mu_werr(w, path, "missing");
	if (w->h->type(v) != DA_NODE_BOOL || !w->h->boolean(v, NULL, out))
		return mu_werr(w, path, "not a boolean");
	return MU_OK;
}

int mu_opt_bool(struct mu_walk *w, const struct da_node *n, const char *path, bool def,
		bool *out)
{
	*out = def;
	return walk_get(w, n, path) ? mu_get_bool(w, n, path, out) : MU_OK;
}

int mu_get_int(struct mu_walk *w, const struct da_node *n, const char *path, bool required,
	       int64_t def, int64_t *out)
{
	const struct da_node *v = walk_get(w, n, path);

	*out = def;
	if (!v)
		return required ? mu_werr(w, path, "missing") : MU_OK;
	if (w->h->type(v) != DA_NODE_INT || !w->h->int64(v, NULL, out))
		return mu_werr(w, path, "not an integer");
	return MU_OK;
}

int mu_get_typed(struct mu_walk *w, const struct da_node *n, const char *path,
		 enum da_node_type type, bool required, const struct da_node **out)
{
	const struct da_node *v = walk_get(w, n, path);

	*out = NULL;
	if (!v)
		return required ? mu_werr(w, path, "missing") : MU_OK;
	if (w->h->type(v) != type)
		return mu_werr(w, path, type == DA_NODE_ARRAY ? "not an array" : "not an object");
	*out = v;
	return MU_OK;
}

int mu_elem_obj(struct mu_walk *w, const struct da_node *arr, size_t i, const char *prefix,
		const struct da_node **out)
{
	*out = w->h->at(arr, i);
	w->prefix = NULL;
	if (w->h->type(*out) != DA_NODE_OBJECT) {
		/* name the array: the prefix without its dot */
		char field[64];
		size_t n = strlen(prefix);

		snprintf(field, sizeof(field), "%.*s", (int)(n ? n - 1 : 0), prefix);
		return mu_werr(w, field, "an element is not an object");
	}
	w->prefix = prefix;
	return MU_OK;
}

int mu_elem_str(struct mu_walk *w, const char *path, const struct da_node *arr, size_t i,
		const char **out)
{
	const struct da_node *e = w->h->at(arr, i);

	*out = w->h->type(e) == DA_NODE_STRING ? w->h->str(e, NULL) : NULL;
	return *out ? MU_OK : mu_werr(w, path, "an element is not a string");
}

bool mu_walk_start(struct mu_walk *w, const struct da_host *h, const struct da_probe *p,
		   struct da_result *res, bool images, const struct da_node **list)
{
	memset(w, 0, sizeof(*w));
	w->h = h;
	w->res = res;
	w->images = images;
	*list = images ? mu_images(h, p) : mu_containers(h, p);
	if (h->type(*list) != DA_NODE_ARRAY) {
		h->set(res, DA_ERROR, "%s targets missing from the probe", mu_walk_noun(w, 1));
		return false;
	}
	if (h->len(*list) == 0) {
		h->set(res, DA_INFO, images ? "no images to audit" : "no running containers to audit");
		return false;
	}
	return true;
}

void mu_walk_run(struct mu_walk *w, const struct da_node *list, mu_object_fn fn)
{
	const struct da_host *h = w->h;
	size_t i, n = h->len(list);

	for (i = 0; i < n; i++) {
		const struct da_node *o = h->at(list, i);
		const struct da_node *hc;
		int r;

		w->total++;
		if (h->type(o) != DA_NODE_OBJECT) {
			if (!w->error) {
				w->error = true;
				snprintf(w->reason, sizeof(w->reason),
					 "cannot read %s %zu of the targets: not an object",
					 mu_walk_noun(w, 1), i);
			}
			continue;
		}
		w->cur = o;
		w->prefix = NULL;
		/*
		 * Every container's inspect object has a HostConfig; without
		 * one, the optional fields below it would read as absent and
		 * pass.
		 */
		hc = h->member(o, "HostConfig");
		if (w->need_hostconfig && h->type(hc) != DA_NODE_OBJECT) {
			mu_werr(w, "HostConfig", hc ? "not an object" : "missing");
			continue;
		}
		r = fn(w, o);
		w->prefix = NULL;
		if (r == MU_FAIL)
			w->failed++;
		else if (r == MU_UNKNOWN)
			w->unknown++;
	}
}

void mu_walk_finish(struct mu_walk *w, enum da_status fail_status, const char *what)
{
	const struct da_host *h = w->h;
	const char *noun = mu_walk_noun(w, w->total);

	if (w->error && w->failed)
		h->set(w->res, DA_ERROR, "%s (and %zu of %zu %s %s)", w->reason, w->failed, w->total,
		       noun, what);
	else if (w->error)
		h->set(w->res, DA_ERROR, "%s", w->reason);
	else if (w->failed)
		h->set(w->res, fail_status, "%zu of %zu %s %s", w->failed, w->total, noun, what);
	else
		h->set(w->res, DA_PASS, "0 of %zu %s %s", w->total, noun, what);
}

void mu_run_each(const struct da_host *h, const struct da_probe *p, struct da_result *res,
		 bool images, bool need_hostconfig, mu_object_fn fn, const void *arg,
		 enum da_status fail_status, const char *what)
{
	struct mu_walk w;
	const struct da_node *list;

	if (!mu_walk_start(&w, h, p, res, images, &list))
		return;
	w.need_hostconfig = need_hostconfig;
	w.arg = arg;
	mu_walk_run(&w, list, fn);
	mu_walk_finish(&w, fail_status, what);
}
