/*
 * Phase timings (--timings) and the terminal's progress line: one global
 * state, driven from the main loop's own wake-ups (no thread, no signal).
 */
#include "config.h"

#include "escape.h"
#include "progress.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

/* the indicator appears once the run has taken this long */
#define SHOW_AFTER_USEC 1000000u
/* and is redrawn at most this often */
#define REDRAW_USEC 100000u

static struct {
	bool on;          /* da_progress_init() was called */
	bool timings;
	bool progress;    /* the indicator may be drawn */
	bool drawn;       /* it is on the screen now */
	uint64_t start;   /* of the run */
	uint64_t phase_start;
	uint64_t last_draw;
	const char *phase;
	size_t done, total;
} st;

uint64_t da_clock_usec(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

bool da_progress_wanted(int fd)
{
	const char *ci = getenv("CI"), *term = getenv("TERM");

	if (ci && *ci)
		return false;
	if (term && strcmp(term, "dumb") == 0)
		return false;
	return isatty(fd) == 1;
}

void da_progress_init(bool timings, bool progress)
{
	memset(&st, 0, sizeof(st));
	st.on = true;
	st.timings = timings;
	st.progress = progress && da_progress_wanted(STDERR_FILENO);
	st.start = st.phase_start = da_clock_usec();
}

static void put(const char *s, size_t len)
{
	while (len > 0) {
		ssize_t w = write(STDERR_FILENO, s, len);
		if (w <= 0)
			return; /* a terminal that went away: nothing to do */
		s += w;
		len -= (size_t)w;
	}
}

void da_progress_clear(void)
{
	if (!st.drawn)
		return;
	put("\r\033[K", 4);
	st.drawn = false;
}

void da_timing(const char *name, uint64_t usec)
{
	struct da_buf b = { 0 };

	if (!st.on || !st.timings)
		return;
	da_escape_text(&b, name ? name : "");
	da_progress_clear();
	fprintf(stderr, "dockaudit: timing %s %llu.%03u ms\n", da_buf_str(&b),
		(unsigned long long)(usec / 1000u), (unsigned)(usec % 1000u));
	da_buf_release(&b);
}

void da_phase(const char *name)
{
	uint64_t now;

	if (!st.on)
		return;
	now = da_clock_usec();
	if (st.phase)
		da_timing(st.phase, now - st.phase_start);
	st.phase = name;
	st.phase_start = now;
	st.done = st.total = 0;
	da_progress(0, 0);
}

const char *da_phase_current(void)
{
	return st.on ? st.phase : NULL;
}

bool da_progress_active(void)
{
	return st.on && st.progress;
}

static unsigned columns(void)
{
	struct winsize ws;

	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 10)
		return ws.ws_col;
	return 80;
}

void da_progress(size_t done, size_t total)
{
	char line[256];
	uint64_t now;
	unsigned width;
	int n;

	if (!st.on)
		return;
	st.done = done;
	st.total = total;
	if (!st.progress)
		return;
	now = da_clock_usec();
	if (now - st.start < SHOW_AFTER_USEC || (st.drawn && now - st.last_draw < REDRAW_USEC))
		return;
	/* the phase names are the core's own: nothing to escape */
	if (total)
		n = snprintf(line, sizeof(line), "\r\033[Kdockaudit: %s %zu/%zu, %.1f s",
			     st.phase ? st.phase : "working", done, total,
			     (double)(now - st.start) / 1e6);
	else
		n = snprintf(line, sizeof(line), "\r\033[Kdockaudit: %s, %.1f s",
			     st.phase ? st.phase : "working", (double)(now - st.start) / 1e6);
	if (n < 0)
		return;
	/* one line: never as wide as the terminal, so that it cannot wrap */
	width = columns() - 1;
	if ((size_t)n > sizeof(line) - 1)
		n = sizeof(line) - 1;
	if ((unsigned)n > width + 4)
		n = (int)width + 4;
	fflush(stderr);
	put(line, (size_t)n);
	st.drawn = true;
	st.last_draw = now;
}

void da_progress_stop(void)
{
	da_progress_clear();
	st.progress = false;
}

void da_progress_forget(void)
{
	st.drawn = false;
	st.progress = false;
	st.timings = false;
}
