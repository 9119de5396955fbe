/*
 * Section 6 of the CIS Docker Benchmark, Docker security operations (checks
 * 6.1 and 6.2, both manual and unscored).  It counts what the daemon holds,
 * whatever -i/-x/-t select, because sprawl is a property of the host:
 * engine.images (the image list) against the images that containers of
 * engine.container_list (every container, any state) are created from,
 * and the containers of engine.container_list by state (running, paused
 * and restarting ones count as running, as in sections 4 and 5);
 * engine.info's Images, Containers, ContainersRunning and ContainersPaused
 * counters stand in when a list is missing.
 */
#include <dockaudit/module.h>

#include "../common/modutil.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* engine.<name> as an array, or NULL. */
static const struct da_node *engine_list(const struct da_host *h, const struct da_probe *p,
					 const char *name)
{
	const struct da_node *n = h->member(mu_engine(h, p), name);
	return h->type(n) == DA_NODE_ARRAY ? n : NULL;
}

/* An engine.info counter; false when info or the field is missing or not a number. */
static bool info_count(const struct da_host *h, const struct da_probe *p, const char *field,
		       int64_t *out)
{
	return h->int64(h->get(mu_engine(h, p), "info"), field, out) && *out >= 0;
}

/* The ImageID of container i of the list, or NULL. */
static const char *image_of(const struct da_host *h, const struct da_node *list, size_t i)
{
	const char *id = h->str(h->at(list, i), "ImageID");
	return id && *id ? id : NULL;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * The distinct image ids the containers use, sorted, for binary search
 * (a host may have thousands of both).  Returns NULL when the list is empty
 * or on allocation failure (*n = 0 then); free() the array, the strings are
 * borrowed.
 */
static const char **used_images(const struct da_host *h, const struct da_node *list, size_t *n)
{
	size_t i, k = 0, len = h->len(list);
	const char **ids;

	*n = 0;
	if (!len)
		return NULL;
	ids = calloc(len, sizeof(*ids));
	if (!ids)
		return NULL;
	for (i = 0; i < len; i++) {
		const char *id = image_of(h, list, i);
		if (id)
			ids[k++] = id;
	}
	qsort(ids, k, sizeof(*ids), cmp_str);
	for (i = 0, len = k, k = 0; i < len; i++)
		if (k == 0 || strcmp(ids[k - 1], ids[i]) != 0)
			ids[k++] = ids[i];
	*n = k;
	return ids;
}

static void check_6_1(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	const struct da_node *images = engine_list(h, p, "images");
	const struct da_node *clist = engine_list(h, p, "container_list");
	const char **used;
	size_t i, n, nused, inuse = 0;
	int64_t total;

	if (!clist) {
		h->set(res, DA_ERROR, "container list unavailable: cannot tell which images are in use");
		return;
	}
	used = used_images(h, clist, &nused);
	if (!used && h->len(clist)) {
		h->set(res, DA_ERROR, "out of memory");
		return;
	}
	if (!images) {
		free(used);
		if (!info_count(h, p, "Images", &total)) {
			h->set(res, DA_ERROR, "image list and engine info Images unavailable");
			return;
		}
		h->set(res, DA_INFO, "%lld images, %zu in use by containers (image list unavailable)",
		       (long long)total, nused);
		return;
	}

	n = h->len(images);
	for (i = 0; i < n; i++) {
		const struct da_node *img = h->at(images, i);
		const char *id = h->str(img, "Id");
		const char *tag = h->str(img, "RepoTags.0");
		bool in_use;

		if (!id)
			continue; /* counted in n; cannot be matched or named */
		in_use = used && bsearch(&id, used, nused, sizeof(*used), cmp_str) != NULL;
		if (in_use)
			inuse++;
		else
			h->item(res, "image", id, tag && *tag ? tag : "<none>",
				"not used by any container");
	}
	free(used);
	h->set(res, DA_INFO, "%zu images, %zu in use by containers", n, inuse);
}

/*
 * One rule in every section (docs/differences.md): a container is running
 * when `docker ps` lists it, i.e. its state is running, paused or
 * restarting (the Engine API's State.Running is true for all three).
 * Sections 4 and 5 audit exactly these; 6.2 counts them as running.
 */
static bool state_is_up(const char *state)
{
	return state && (strcmp(state, "running") == 0 || strcmp(state, "paused") == 0 ||
			 strcmp(state, "restarting") == 0);
}

static void check_6_2(const struct da_host *h, const struct da_probe *p, struct da_result *res)
{
	const struct da_node *clist = engine_list(h, p, "container_list");
	size_t i, n, running = 0, paused = 0;
	int64_t total, run, npaused = 0;

	if (!clist) {
		const struct da_node *info = h->get(mu_engine(h, p), "info");

		if (!info_count(h, p, "Containers", &total) ||
		    !info_count(h, p, "ContainersRunning", &run) ||
		    (h->type(h->member(info, "ContainersPaused")) != DA_NODE_NULL &&
		     !info_count(h, p, "ContainersPaused", &npaused))) {
			h->set(res, DA_ERROR, "container list and engine info counters unavailable");
			return;
		}
		/* the daemon counts paused containers apart from running ones */
		if (npaused > INT64_MAX - run)
			npaused = 0;
		if (npaused)
			h->set(res, DA_INFO, "%lld containers, %lld running (%lld paused)",
			       (long long)total, (long long)(run + npaused), (long long)npaused);
		else
			h->set(res, DA_INFO, "%lld containers, %lld running", (long long)total,
			       (long long)run);
		return;
	}
	n = h->len(clist);
	for (i = 0; i < n; i++) {
		const struct da_node *c = h->at(clist, i);
		const char *state = h->str(c, "State");
		const char *name = h->str(c, "Names.0");

		if (state_is_up(state)) {
			running++;
			if (strcmp(state, "paused") == 0)
				paused++;
			continue;
		}
		if (name && *name == '/')
			name++;
		h->item(res, "container", h->str(c, "Id"), name && *name ? name : NULL, "%s",
			state ? state : "state unknown");
	}
	if (paused)
		h->set(res, DA_INFO, "%zu containers, %zu running (%zu paused)", n, running, paused);
	else
		h->set(res, DA_INFO, "%zu containers, %zu running", n, running);
}

static const struct da_check checks[] = {
	{ "6.1", "Ensure that image sprawl is avoided (Manual)",
	  DA_CHECK_MANUAL, 1,
	  "docker_security_operations_level1 cis_controls_v8_ig2 cis_controls_v8_ig3",
	  "Keep only the images you need: remove unused ones (docker image prune -a) and refer "
	  "to the images you run by digest, so that what runs is known.",
	  "Pruned images are gone from the host and must be pulled or built again when needed.",
	  check_6_1,
	  MU_CIS17_18("Ensure that image sprawl is avoided", Manual) },
	{ "6.2", "Ensure that container sprawl is avoided (Manual)",
	  DA_CHECK_MANUAL, 1,
	  "docker_security_operations_level1 cis_controls_v8_ig2 cis_controls_v8_ig3",
	  "Remove stopped containers that are no longer needed (docker container prune) and run "
	  "short-lived containers with --rm.",
	  "A removed container's writable layer and logs are lost.",
	  check_6_2,
	  MU_CIS17_18("Ensure that container sprawl is avoided", Manual) },
};

DA_EXPORT const struct da_module DA_MODULE_SYMBOL_FOR(operations) = {
	DA_MODULE_HEAD,
	.name = "operations",
	.version = "1.0",
	.section = "6",
	.section_title = "Docker Security Operations",
	.group = "docker_security_operations",
	.checks = checks,
	.n_checks = DA_COUNT(checks),
};
