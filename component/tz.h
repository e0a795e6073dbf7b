/*
 * tz.h - IANA time zones read from TZif files, without the C library's.
 *
 * The daemon must never change TZ at run time, and localtime()/mktime()
 * depend on it, so this module reads the zone itself: a TZif file of
 * version 2 or later (RFC 8536) under $TZDIR or /usr/share/zoneinfo, with
 * its POSIX TZ footer (e.g. "EET-2EEST,M3.5.0/3,M10.5.0/4") for instants
 * after the last transition. It never reads or sets TZ, never calls
 * time(), localtime() or mktime(): instants come in as values.
 *
 * Instants are Unix seconds (int64_t, leap seconds not counted). "Local
 * seconds" are wall-clock seconds counted the same way from 1970-01-01
 * 00:00 local time, i.e. days * 86400 + seconds of the day. Both are
 * clamped to +-2^50 s (about 35 million years), so no input overflows.
 *
 * Local times that do not exist or exist twice (DST changes) follow one
 * rule, documented at tz_local_to_utc(). A loaded zone is immutable:
 * any number of readers may share it.
 *
 * Cost: loading reads one small file (bounded by TZ_FILE_MAX); a lookup
 * is a binary search over the transitions, or a few calendar computations
 * after the last one.
 */
#ifndef ECOPPER_TZ_H
#define ECOPPER_TZ_H

#include <stddef.h>
#include <stdint.h>

/* Larger files are refused as malformed (real ones are a few KiB). */
#define TZ_FILE_MAX (256 * 1024)

struct tz;

/* A broken-down local time. */
struct tz_tm {
    int year;   /* e.g. 2026 */
    int month;  /* 1..12 */
    int day;    /* 1..31 */
    int wday;   /* 0 = Monday .. 6 = Sunday (ISO 8601 order) */
    int hour;   /* 0..23 */
    int min;    /* 0..59 */
    int sec;    /* 0..59 */
    int offset; /* UTC offset in effect, seconds east of UTC */
    int isdst;  /* 1 when that offset is daylight saving time */
};

/* How a local time maps to instants; see tz_local_to_utc(). */
enum tz_local {
    TZ_LOCAL_UNIQUE = 0, /* exactly one instant */
    TZ_LOCAL_GAP,        /* none: skipped by a change (spring forward) */
    TZ_LOCAL_AMBIGUOUS   /* two or more: repeated (autumn back) */
};

/*
 * Loads the zone called name, e.g. "Europe/Helsinki", from $TZDIR when it
 * is set, else from /usr/share/zoneinfo. "UTC" is built in and needs no
 * file. The name may not be empty, start with '/', hold a ".." component
 * or characters other than letters, digits and "/_+-.".
 * Returns a new zone owned by the caller (tz_free()), or NULL with a
 * short English message in err (at most errlen bytes, always terminated
 * when errlen > 0): unknown zone, unreadable file, or a malformed one.
 */
struct tz *tz_load(const char *name, char *err, size_t errlen);

/* As tz_load() but from the file at path; the zone is named name. */
struct tz *
tz_load_file(const char *path, const char *name, char *err, size_t errlen);

/*
 * Parses the TZif image buf[0..len) (untrusted: every count and size is
 * checked against len). Returns a new zone named name (caller frees), or
 * NULL with a message in err. buf may be NULL only when len is 0.
 * This is the entry point for the fuzzer.
 */
struct tz *tz_parse(
    const void *buf, size_t len, const char *name, char *err, size_t errlen);

/* Frees z; tz_free(NULL) is a no-op. */
void tz_free(struct tz *z);

/* The name z was loaded under; owned by z. */
const char *tz_name(const struct tz *z);

/* The UTC offset in effect at instant t, in seconds east of UTC. */
int tz_offset_at(const struct tz *z, int64_t t);

/* Fills *out with the local time at instant t. */
void tz_utc_to_local(const struct tz *z, int64_t t, struct tz_tm *out);

/*
 * The instant at which the wall clock of z shows local (local seconds,
 * see above). The rule for the two hard cases, the same for every zone:
 *
 *  - A local time that does not exist (in a gap, e.g. 03:30 on 2026-03-29
 *    in Europe/Helsinki, where clocks go from 03:00 EET to 04:00 EEST)
 *    maps to the first instant after the gap, the instant of the change
 *    itself (04:00 EEST = 01:00 UTC). Every local time in the gap maps
 *    there.
 *  - A local time that exists twice (e.g. 03:30 on 2026-10-25 in
 *    Helsinki, first EEST then EET) maps to its first occurrence
 *    (03:30 EEST = 00:30 UTC).
 *
 * Both keep the mapping non-decreasing: a later local time never maps
 * to an earlier instant, so a session whose local end follows its local
 * start never ends before it starts in UTC.
 * When kind is not NULL, *kind says which case applied.
 */
int64_t tz_local_to_utc(const struct tz *z, int64_t local, enum tz_local *kind);

/* Local seconds for a wall-clock date and time; fields may overflow
 * (day 32, hour 24) and carry as in arithmetic; month must be 1..12. */
int64_t
tz_local_seconds(int year, int month, int day, int hour, int min, int sec);

/* Days from 1970-01-01 to year-month-day (proleptic Gregorian; month
 * 1..12, day counted linearly so day 0 is the last of the month before). */
int64_t tz_days_from_civil(int64_t year, int month, int day);

/* The date of day number days (inverse of tz_days_from_civil()). */
void tz_civil_from_days(int64_t days, int64_t *year, int *month, int *day);

/* Weekday of day number days: 0 = Monday .. 6 = Sunday. */
int tz_weekday(int64_t days);

/* 1 for a leap year of the Gregorian calendar. */
int tz_is_leap(int64_t year);

/* Number of days in month (1..12) of year; 0 for a bad month. */
int tz_month_days(int64_t year, int month);

#endif
