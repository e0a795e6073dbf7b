/*
 * clock.h - the service's one clock.
 *
 * clock_now() is the only source of wall time for service logic
 * (schedules, timestamps in the store); tests move it with
 * clock_set_offset() so no scenario waits real hours. clock_mono_ms() is
 * for timeouts and backoff only, and never moves backwards.
 */
#ifndef ECOPPER_CLOCK_H
#define ECOPPER_CLOCK_H

#include <stdint.h>

/* Unix seconds, plus the offset set by clock_set_offset(). */
int64_t clock_now(void);
/* Shifts clock_now() by offset seconds from the real time. */
void clock_set_offset(int64_t offset);
/* Milliseconds from an arbitrary start, monotonic. */
uint64_t clock_mono_ms(void);

#endif
