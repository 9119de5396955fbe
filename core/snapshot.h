/*
 * Snapshot files: the probe tree ("engine", "host", "source", ...) written
 * as one JSON document and read back in place of a live probe
 * (docs/probe.md).
 */
#ifndef DA_SNAPSHOT_H
#define DA_SNAPSHOT_H

#include "probe.h"

#include <stddef.h>

/* The largest snapshot read (a file, standard input, a remote host's). */
#define DA_SNAPSHOT_MAX (512u * 1024u * 1024u)

/*
 * Save writes the saved keys of p->root to path; load replaces p->root.
 * Return 0 or a negative errno (util.h): DA_ERR_IO (the file cannot be
 * read or written), DA_ERR_PARSE (not a snapshot this dockaudit reads),
 * DA_ERR_NOMEM; with a one-line reason in err.
 */
int da_probe_save_snapshot(const struct da_probe *p, const char *path,
			   char *err, size_t errlen);
int da_probe_load_snapshot(struct da_probe *p, const char *path,
			   char *err, size_t errlen);
/*
 * The same from len bytes of memory (need not be NUL-terminated); the
 * messages say "snapshot" without a file name.
 */
int da_probe_load_snapshot_mem(struct da_probe *p, const char *data, size_t len,
			       char *err, size_t errlen);

#endif
