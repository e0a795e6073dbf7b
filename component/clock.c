/*
 * clock.c - the service's one clock.
 *
 * The offset is kept in milliseconds, not seconds: clock_set_now() makes
 * the service clock read the time asked for from that very instant, so
 * its next second starts a whole second later. An offset in whole
 * seconds would keep the real clock's phase, and a clock set to 14:00:00
 * at a real x.999 s would read 14:00:01 a millisecond later (a test that
 * sets the clock and acts at once saw an answer one second off).
 */
#include <time.h>

#include "clock.h"

static int64_t offset_ms;

static int64_t real_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t clock_now(void)
{
    int64_t ms = real_ms() + offset_ms;

    /* Whole seconds rounded down, before 1970 too. */
    return ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
}

void clock_set_offset(int64_t off)
{
    offset_ms = off * 1000;
}

int64_t clock_set_now(int64_t t)
{
    int64_t real = real_ms();

    offset_ms = t * 1000 - real;
    return offset_ms / 1000;
}

uint64_t clock_mono_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}
