/*
 * log.c - levelled logging to stderr.
 *
 * The level is the only state; it is set from the config at start and on
 * SIGHUP. stderr is line-buffered so a supervisor (systemd, the tests) sees
 * each line as it is written.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"

static enum log_level cur_level = LOG_INFO;

static const char *const level_names[] = {"error", "warn", "info", "debug"};

void log_set_level(enum log_level level)
{
    cur_level = level;
}

enum log_level log_get_level(void)
{
    return cur_level;
}

int log_level_parse(const char *s)
{
    for (size_t i = 0; i < sizeof(level_names) / sizeof(level_names[0]); i++)
        if (s && strcmp(s, level_names[i]) == 0)
            return (int)i;
    return -1;
}

const char *log_level_name(enum log_level level)
{
    return level_names[level];
}

static void log_v(enum log_level level, const char *fmt, va_list ap)
{
    char stamp[32];
    struct timespec ts;
    struct tm tm;

    /* Wall time for humans reading logs, not the service clock. */
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
    flockfile(stderr);
    fprintf(stderr, "%s %s: ", stamp, level_names[level]);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    funlockfile(stderr);
}

void log_msg(enum log_level level, const char *fmt, ...)
{
    va_list ap;

    if (level > cur_level)
        return;
    va_start(ap, fmt);
    log_v(level, fmt, ap);
    va_end(ap);
}

void fatalx(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    log_v(LOG_ERROR, fmt, ap);
    va_end(ap);
    exit(1);
}

void fatal_code(int code, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    log_v(LOG_ERROR, fmt, ap);
    va_end(ap);
    exit(code);
}
