/*
 * What the run shows of itself on standard error while it goes on: the
 * time of each phase (--timings) and, on a terminal, a one-line progress
 * indicator once the run has taken more than a second.
 *
 * Phases follow each other: da_phase() ends the current one (printing its
 * time with --timings) and starts the next.  da_timing() prints a time
 * measured by its caller (a module, an output), which may overlap others.
 * Every function is a no-op until da_progress_init(), so the library's
 * users (the unit tests) see nothing.
 */
#ifndef DA_PROGRESS_H
#define DA_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Starts the clock; timings: print each phase's time; progress: allow the
 * indicator (it appears only when standard error is a terminal, CI is not
 * set and TERM is not "dumb"; see da_progress_wanted()). */
void da_progress_init(bool timings, bool progress);

/* Whether the indicator may be drawn here: fd is a terminal, $CI is unset
 * or empty, $TERM is not "dumb". */
bool da_progress_wanted(int fd);

/* Ends the current phase and starts the phase name (NULL: none). */
void da_phase(const char *name);

/* The name of the current phase, or NULL. */
const char *da_phase_current(void);

/* Prints "dockaudit: timing NAME MS ms" with --timings (name escaped). */
void da_timing(const char *name, uint64_t usec);

/* Microseconds of CLOCK_MONOTONIC. */
uint64_t da_clock_usec(void);

/* How far the current phase has come (0 of 0 when unknown); redraws the
 * indicator when it is shown, at most ten times a second. */
void da_progress(size_t done, size_t total);

/* Whether the indicator is in use (callers then poll more often). */
bool da_progress_active(void);

/* Erases the indicator if it is drawn (before any other line on stderr). */
void da_progress_clear(void);

/* Erases the indicator for good: no more is drawn (before the report). */
void da_progress_stop(void);

/* In a forked child: forgets the indicator without touching the terminal. */
void da_progress_forget(void);

#endif
