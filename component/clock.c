/*
 * clock.c - the service's one clock.
 */
#include <time.h>

#include "clock.h"

static int64_t offset;

int64_t clock_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec + offset;
}

void clock_set_offset(int64_t off)
{
    offset = off;
}

uint64_t clock_mono_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}
