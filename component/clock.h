/*
 * clock.h - the service's one clock.
 *
 * clock_now() is the only source of wall time for service logic
 * (schedules, timestamps in the store); tests move it with
 * clock_set_now() (set-clock, -t) so no scenario waits real hours.
 * clock_mono_ms() is for timeouts and backoff only, and never moves
 * backwards.
 */
#ifndef ECOPPER_CLOCK_H
#define ECOPPER_CLOCK_H

#include <stdint.h>

/* Unix seconds, plus the offset set by clock_set_offset() or
 * clock_set_now(). */
int64_t clock_now(void);
/* Shifts clock_now() by offset whole seconds from the real time (0: the
 * real time again). */
void clock_set_offset(int64_t offset);
/* Sets the clock to read Unix time t from now on: clock_now() returns t
 * for exactly one second from this call, then t + 1, and so on. Returns
 * the new offset from the real time, in whole seconds (for logs). */
int64_t clock_set_now(int64_t t);
/* Milliseconds from an arbitrary start, monotonic. */
uint64_t clock_mono_ms(void);

#endif
