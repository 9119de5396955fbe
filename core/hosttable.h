/*
 * The host table handed to modules (struct da_host in <dockaudit/module.h>):
 * reads of the probe tree and writes of a check's result.
 */
#ifndef DA_HOSTTABLE_H
#define DA_HOSTTABLE_H

#include <dockaudit/module.h>

#include <stddef.h>

/* The function table handed to modules. */
extern const struct da_host da_host_table;

/*
 * Entries walked to index objects' members (the host table's at/key_at),
 * since the start: a figure for the tests, which check it stays linear.
 */
extern size_t da_probe_walk_steps;

/*
 * Drops the member lists the table keeps for objects walked by index
 * (at/key_at); the runner calls it after each check, and whoever walks a
 * tree through the table directly calls it before the tree is freed.
 */
void da_host_index_reset(void);

#endif
