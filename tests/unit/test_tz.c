/*
 * test_tz.c - the TZif reader and local time arithmetic.
 *
 * Expected instants were computed once on the shell, never at run time,
 * e.g. `TZ=Europe/Helsinki date -d @1774746000` or
 * `TZ=Europe/Helsinki date -d "2026-03-29 05:00" +%s`. The zone files
 * come from Debian's tzdata (/usr/share/zoneinfo); TZDIR is left alone
 * except where a test sets it on purpose.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "tz.h"

static char err[256];

static struct tz *load(const char *name)
{
    struct tz *z;

    err[0] = '\0';
    z = tz_load(name, err, sizeof(err));
    if (z == NULL)
        fprintf(stderr,
                "test_tz: cannot load %s: %s (is tzdata "
                "installed?)\n",
                name, err);
    return z;
}

/* The whole file at path into a new buffer; NULL when unreadable. */
static unsigned char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf = malloc(TZ_FILE_MAX);

    *len = 0;
    if (f == NULL || buf == NULL) {
        if (f)
            fclose(f);
        free(buf);
        return NULL;
    }
    *len = fread(buf, 1, TZ_FILE_MAX, f);
    fclose(f);
    return buf;
}

struct tm_expect {
    int y, mo, d, wd, h, mi, s, off;
};

static int tm_is(const struct tm_expect *e, const struct tz_tm *t)
{
    return t->year == e->y && t->month == e->mo && t->day == e->d &&
           t->wday == e->wd && t->hour == e->h && t->min == e->mi &&
           t->sec == e->s && t->offset == e->off;
}

static void test_calendar(void)
{
    int64_t y;
    int m, d, ok = 1;

    CHECK(tz_days_from_civil(1970, 1, 1) == 0);
    CHECK(tz_days_from_civil(2000, 3, 1) == 11017);
    CHECK(tz_days_from_civil(1969, 12, 31) == -1);
    CHECK(tz_days_from_civil(2026, 3, 29) == 20541);
    CHECK(tz_weekday(0) == 3);     /* Thursday */
    CHECK(tz_weekday(20541) == 6); /* 2026-03-29: Sunday */
    CHECK(tz_weekday(-1) == 2);    /* 1969-12-31: Wednesday */
    CHECK(tz_is_leap(2000) && tz_is_leap(2028) && !tz_is_leap(1900) &&
          !tz_is_leap(2026));
    CHECK(tz_month_days(2028, 2) == 29 && tz_month_days(2026, 2) == 28 &&
          tz_month_days(2026, 12) == 31 && tz_month_days(2026, 13) == 0);
    for (int64_t days = -800000; days < 800000; days += 37) {
        tz_civil_from_days(days, &y, &m, &d);
        if (tz_days_from_civil(y, m, d) != days || m < 1 || m > 12 || d < 1 ||
            d > tz_month_days(y, m))
            ok = 0;
    }
    CHECK(ok);
    tz_civil_from_days(20541, &y, &m, &d);
    CHECK(y == 2026 && m == 3 && d == 29);
    CHECK(tz_local_seconds(2026, 3, 29, 3, 30, 0) == 1774755000);
    CHECK(tz_local_seconds(2026, 3, 28, 27, 30, 0) == 1774755000);
}

static void test_helsinki(void)
{
    struct tz *z = load("Europe/Helsinki");
    struct tz_tm t;
    enum tz_local k;

    CHECK(z != NULL);
    if (z == NULL)
        return;
    CHECK_STR(tz_name(z), "Europe/Helsinki");
    /* Winter and summer. */
    CHECK(tz_offset_at(z, 1768478400) == 7200);  /* 2026-01-15 12:00Z */
    CHECK(tz_offset_at(z, 1784116800) == 10800); /* 2026-07-15 12:00Z */
    tz_utc_to_local(z, 1768478400, &t);
    CHECK(tm_is(&(struct tm_expect){2026, 1, 15, 3, 14, 0, 0, 7200}, &t));
    CHECK(t.isdst == 0);
    tz_utc_to_local(z, 1784116800, &t);
    CHECK(tm_is(&(struct tm_expect){2026, 7, 15, 2, 15, 0, 0, 10800}, &t));
    CHECK(t.isdst == 1);

    /* Spring 2026-03-29: 03:00 EET -> 04:00 EEST at 01:00Z. */
    tz_utc_to_local(z, 1774745999, &t);
    CHECK(tm_is(&(struct tm_expect){2026, 3, 29, 6, 2, 59, 59, 7200}, &t));
    tz_utc_to_local(z, 1774746000, &t);
    CHECK(tm_is(&(struct tm_expect){2026, 3, 29, 6, 4, 0, 0, 10800}, &t));
    /* Autumn 2026-10-25: 04:00 EEST -> 03:00 EET at 01:00Z. */
    tz_utc_to_local(z, 1792889999, &t);
    CHECK(tm_is(&(struct tm_expect){2026, 10, 25, 6, 3, 59, 59, 10800}, &t));
    tz_utc_to_local(z, 1792890000, &t);
    CHECK(tm_is(&(struct tm_expect){2026, 10, 25, 6, 3, 0, 0, 7200}, &t));

    /* Local -> UTC, ordinary. */
    CHECK(tz_local_to_utc(z, tz_local_seconds(2026, 1, 15, 14, 0, 0), &k) ==
              1768478400 &&
          k == TZ_LOCAL_UNIQUE);
    /* Spring gap: every time in [03:00, 04:00) is the change instant. */
    CHECK(tz_local_to_utc(z, tz_local_seconds(2026, 3, 29, 2, 59, 59), &k) ==
              1774745999 &&
          k == TZ_LOCAL_UNIQUE);
    CHECK(tz_local_to_utc(z, tz_local_seconds(2026, 3, 29, 3, 0, 0), &k) ==
              1774746000 &&
          k == TZ_LOCAL_GAP);
    CHECK(tz_local_to_utc(z, tz_local_seconds(2026, 3, 29, 3, 30, 0), &k) ==
              1774746000 &&
          k == TZ_LOCAL_GAP);
    CHECK(tz_local_to_utc(z, tz_local_seconds(2026, 3, 29, 3, 59, 59), &k) ==
              1774746000 &&
          k == TZ_LOCAL_GAP);
    CHECK(tz_local_to_utc(z, tz_local_seconds(2026, 3, 29, 4, 0, 0), &k) ==
              1774746000 &&
          k == TZ_LOCAL_UNIQUE);
    CHECK(tz_local_to_utc(z, tz_local_seconds(2026, 3, 29, 5, 0, 0), &k) ==
              1774749600 &&
          k == TZ_LOCAL_UNIQUE);
    /* Autumn overlap: [03:00, 04:00) twice; the first (EEST) wins. */
    CHECK(tz_local_to_utc(z, tz_local_seconds(2026, 10, 25, 2, 59, 59), &k) ==
              1792886399 &&
          k == TZ_LOCAL_UNIQUE);
    CHECK(tz_local_to_utc(z, tz_local_seconds(2026, 10, 25, 3, 0, 0), &k) ==
              1792886400 &&
          k == TZ_LOCAL_AMBIGUOUS);
    CHECK(tz_local_to_utc(z, tz_local_seconds(2026, 10, 25, 3, 30, 0), &k) ==
              1792888200 &&
          k == TZ_LOCAL_AMBIGUOUS);
    CHECK(tz_local_to_utc(z, tz_local_seconds(2026, 10, 25, 3, 59, 59), &k) ==
              1792889999 &&
          k == TZ_LOCAL_AMBIGUOUS);
    CHECK(tz_local_to_utc(z, tz_local_seconds(2026, 10, 25, 4, 0, 0), &k) ==
              1792893600 &&
          k == TZ_LOCAL_UNIQUE);
    CHECK(tz_local_to_utc(z, tz_local_seconds(2026, 10, 25, 5, 0, 0), NULL) ==
          1792897200);

    /* After the file's last transition (2037) the footer rule applies:
     * EET-2EEST,M3.5.0/3,M10.5.0/4. */
    CHECK(tz_offset_at(z, 2382523200) == 10800); /* 2045-07-01 12:00Z */
    CHECK(tz_offset_at(z, 2374102799) == 7200);  /* 2045-03-26 */
    CHECK(tz_offset_at(z, 2374102800) == 10800);
    CHECK(tz_offset_at(z, 2392851599) == 10800); /* 2045-10-29 */
    CHECK(tz_offset_at(z, 2392851600) == 7200);
    tz_utc_to_local(z, 2382523200, &t);
    CHECK(tm_is(&(struct tm_expect){2045, 7, 1, 5, 15, 0, 0, 10800}, &t));
    CHECK(tz_local_to_utc(z, tz_local_seconds(2045, 3, 26, 3, 30, 0), &k) ==
              2374102800 &&
          k == TZ_LOCAL_GAP);
    CHECK(tz_local_to_utc(z, tz_local_seconds(2045, 10, 29, 3, 30, 0), &k) ==
              2392849800 &&
          k == TZ_LOCAL_AMBIGUOUS);

    /* Before the first transition: local mean time, +1:39:49. */
    CHECK(tz_offset_at(z, -3000000000LL) == 5989);
    /* Far out: clamped, but no overflow or crash. */
    tz_utc_to_local(z, INT64_MAX, &t);
    CHECK(t.year > 30000000);
    tz_utc_to_local(z, INT64_MIN, &t);
    CHECK(t.year < -30000000);
    (void)tz_local_to_utc(z, INT64_MAX, NULL);
    (void)tz_local_to_utc(z, INT64_MIN, NULL);
    tz_free(z);
}

/*
 * Properties over 2026 to 2027 in Helsinki: local -> UTC never decreases
 * as local time grows, and UTC -> local -> UTC is the identity except for
 * the second pass through an autumn hour, which maps to the first.
 */
static void test_properties(void)
{
    struct tz *z = load("Europe/Helsinki");
    int64_t prev = INT64_MIN, from = tz_local_seconds(2026, 1, 1, 0, 0, 0);
    int mono = 1, round = 1, gaps = 0, amb = 0;
    struct tz_tm t;
    enum tz_local k;

    if (z == NULL) {
        CHECK(z != NULL);
        return;
    }
    for (int64_t l = from; l < from + 2 * 366 * 86400LL; l += 300) {
        int64_t u = tz_local_to_utc(z, l, &k);

        if (u < prev)
            mono = 0;
        prev = u;
        gaps += k == TZ_LOCAL_GAP;
        amb += k == TZ_LOCAL_AMBIGUOUS;
    }
    CHECK(mono);
    CHECK(gaps == 2 * 12); /* one hour in 5-minute steps, twice */
    CHECK(amb == 2 * 12);
    for (int64_t u = 1767225600; u < 1767225600 + 2 * 366 * 86400LL; u += 601) {
        int64_t l, back;

        tz_utc_to_local(z, u, &t);
        l = tz_local_seconds(t.year, t.month, t.day, t.hour, t.min, t.sec);
        if (l != u + t.offset)
            round = 0;
        back = tz_local_to_utc(z, l, &k);
        if (back != u && !(k == TZ_LOCAL_AMBIGUOUS && back == u - 3600))
            round = 0;
    }
    CHECK(round);
    tz_free(z);
}

static void test_other_zones(void)
{
    struct tz *z;
    struct tz_tm t;
    enum tz_local k;

    /* UTC is built in; Etc/UTC comes from its file. */
    z = load("UTC");
    CHECK(z != NULL);
    if (z) {
        CHECK(tz_offset_at(z, 1784116800) == 0);
        tz_utc_to_local(z, 1774746000, &t);
        CHECK(tm_is(&(struct tm_expect){2026, 3, 29, 6, 1, 0, 0, 0}, &t));
        CHECK(tz_local_to_utc(z, 1774746000, &k) == 1774746000 &&
              k == TZ_LOCAL_UNIQUE);
        CHECK_STR(tz_name(z), "UTC");
        tz_free(z);
    }
    z = load("Etc/UTC");
    CHECK(z != NULL);
    if (z) {
        CHECK(tz_offset_at(z, 1784116800) == 0);
        CHECK(tz_offset_at(z, 2382523200) == 0);
        tz_free(z);
    }

    /* Tokyo: +9 without DST today; DST +10 in 1949. */
    z = load("Asia/Tokyo");
    CHECK(z != NULL);
    if (z) {
        CHECK(tz_offset_at(z, 1768478400) == 32400);
        CHECK(tz_offset_at(z, 1784116800) == 32400);
        CHECK(tz_offset_at(z, 2382523200) == 32400);
        CHECK(tz_offset_at(z, -647042400) == 36000);
        tz_utc_to_local(z, 1774746000, &t);
        CHECK(tm_is(&(struct tm_expect){2026, 3, 29, 6, 10, 0, 0, 32400}, &t));
        CHECK(tz_local_to_utc(z, tz_local_seconds(2026, 6, 15, 16, 0, 0), &k) ==
                  1781506800 &&
              k == TZ_LOCAL_UNIQUE);
        tz_free(z);
    }

    /* Sydney, southern hemisphere, by its footer rule in 2045. */
    z = load("Australia/Sydney");
    CHECK(z != NULL);
    if (z) {
        CHECK(tz_offset_at(z, 2368094400) == 39600);
        CHECK(tz_offset_at(z, 2383732800) == 36000);
        CHECK(tz_offset_at(z, 2374675199) == 39600);
        CHECK(tz_offset_at(z, 2374675200) == 36000);
        CHECK(tz_offset_at(z, 2390399999) == 36000);
        CHECK(tz_offset_at(z, 2390400000) == 39600);
        tz_free(z);
    }

    /* New York: negative offsets. */
    z = load("America/New_York");
    CHECK(z != NULL);
    if (z) {
        tz_utc_to_local(z, 1767227400, &t);
        CHECK(
            tm_is(&(struct tm_expect){2025, 12, 31, 2, 19, 30, 0, -18000}, &t));
        CHECK(tz_offset_at(z, 1782907200) == -14400);
        CHECK(tz_local_to_utc(z, tz_local_seconds(2026, 3, 8, 2, 30, 0), &k) ==
                  1772953200 &&
              k == TZ_LOCAL_GAP);
        CHECK(tz_local_to_utc(z, tz_local_seconds(2026, 11, 1, 1, 30, 0), &k) ==
                  1793511000 &&
              k == TZ_LOCAL_AMBIGUOUS);
        tz_free(z);
    }

    /* Samoa skipped 2011-12-30 entirely (-10 -> +14). */
    z = load("Pacific/Apia");
    CHECK(z != NULL);
    if (z) {
        CHECK(tz_local_to_utc(z, tz_local_seconds(2011, 12, 30, 12, 0, 0),
                              &k) == 1325239200 &&
              k == TZ_LOCAL_GAP);
        CHECK(tz_local_to_utc(z, tz_local_seconds(2011, 12, 31, 0, 0, 0), &k) ==
                  1325239200 &&
              k == TZ_LOCAL_UNIQUE);
        tz_free(z);
    }
}

/* ------------------------------------------------------------------ */
/* Hand-made TZif images                                              */
/* ------------------------------------------------------------------ */

struct img {
    unsigned char b[4096];
    size_t n;
};

static void put(struct img *im, const void *p, size_t n)
{
    memcpy(im->b + im->n, p, n);
    im->n += n;
}

static void put8(struct img *im, unsigned v)
{
    im->b[im->n++] = (unsigned char)v;
}

static void put32(struct img *im, uint32_t v)
{
    for (int i = 3; i >= 0; i--)
        put8(im, (v >> (8 * i)) & 0xff);
}

static void put64(struct img *im, int64_t v)
{
    uint64_t u = (uint64_t)v;

    for (int i = 7; i >= 0; i--)
        put8(im, (unsigned)((u >> (8 * i)) & 0xff));
}

static void header(struct img *im,
                   int version,
                   uint32_t timecnt,
                   uint32_t typecnt,
                   uint32_t charcnt)
{
    put(im, "TZif", 4);
    put8(im, (unsigned)version);
    for (int i = 0; i < 15; i++)
        put8(im, 0);
    put32(im, 0); /* isutcnt */
    put32(im, 0); /* isstdcnt */
    put32(im, 0); /* leapcnt */
    put32(im, timecnt);
    put32(im, typecnt);
    put32(im, charcnt);
}

/*
 * A version 2 image: n transitions at[] to types idx[], ntypes offsets
 * off[] (isdst from dst[]), and footer (NULL: no footer at all). The
 * version 1 block holds a single type.
 */
static void build(struct img *im,
                  const int64_t *at,
                  const unsigned char *idx,
                  size_t n,
                  const int32_t *off,
                  const unsigned char *dst,
                  size_t ntypes,
                  const char *footer)
{
    im->n = 0;
    header(im, '2', 0, 1, 4);
    put32(im, 0);
    put8(im, 0);
    put8(im, 0);
    put(im, "UTC", 4);
    header(im, '2', (uint32_t)n, (uint32_t)ntypes, 4);
    for (size_t i = 0; i < n; i++)
        put64(im, at[i]);
    for (size_t i = 0; i < n; i++)
        put8(im, idx[i]);
    for (size_t i = 0; i < ntypes; i++) {
        put32(im, (uint32_t)off[i]);
        put8(im, dst[i]);
        put8(im, 0);
    }
    put(im, "XYZ", 4);
    if (footer) {
        put8(im, '\n');
        put(im, footer, strlen(footer));
        put8(im, '\n');
    }
}

static struct tz *parse_footer(const char *footer)
{
    static const int32_t off[1] = {0};
    static const unsigned char dst[1] = {0};
    struct img im;

    build(&im, NULL, NULL, 0, off, dst, 1, footer);
    err[0] = '\0';
    return tz_parse(im.b, im.n, "test", err, sizeof(err));
}

static void test_footer_rules(void)
{
    struct tz *z;
    enum tz_local k;

    /* Helsinki's rule alone, no transitions: the same 2026 answers. */
    z = parse_footer("EET-2EEST,M3.5.0/3,M10.5.0/4");
    CHECK(z != NULL);
    if (z) {
        CHECK(tz_offset_at(z, 1768478400) == 7200);
        CHECK(tz_offset_at(z, 1774745999) == 7200);
        CHECK(tz_offset_at(z, 1774746000) == 10800);
        CHECK(tz_offset_at(z, 1792889999) == 10800);
        CHECK(tz_offset_at(z, 1792890000) == 7200);
        CHECK(tz_local_to_utc(z, tz_local_seconds(2026, 3, 29, 3, 30, 0), &k) ==
                  1774746000 &&
              k == TZ_LOCAL_GAP);
        CHECK(tz_local_to_utc(z, tz_local_seconds(2026, 10, 25, 3, 30, 0),
                              &k) == 1792888200 &&
              k == TZ_LOCAL_AMBIGUOUS);
        tz_free(z);
    }
    /* Dublin: "negative DST", winter is the daylight type. */
    z = parse_footer("IST-1GMT0,M10.5.0,M3.5.0/1");
    CHECK(z != NULL);
    if (z) {
        CHECK(tz_offset_at(z, 1768478400) == 0);
        CHECK(tz_offset_at(z, 1784116800) == 3600);
        tz_free(z);
    }
    /* Quoted abbreviations, minutes in the offset (Tehran). */
    z = parse_footer("<+0330>-3:30");
    CHECK(z != NULL);
    if (z) {
        CHECK(tz_offset_at(z, 1768478400) == 12600);
        tz_free(z);
    }
    /* DST all year, as zic writes it: never a change at the new year. */
    z = parse_footer("EST5EDT,0/0,J365/25");
    CHECK(z != NULL);
    if (z) {
        CHECK(tz_offset_at(z, 1767225600) == -14400); /* 2026-01-01 */
        CHECK(tz_offset_at(z, 1767225600 - 1) == -14400);
        CHECK(tz_offset_at(z, 1782907200) == -14400);
        tz_free(z);
    }
    /* Julian day forms: DST from day 60 (Mar 1) to 0-based day 300. */
    z = parse_footer("AAA0BBB,J60/0,300/0");
    CHECK(z != NULL);
    if (z) {
        /* 2028 is leap: J60 is still March 1 (Feb 29 not counted). */
        CHECK(tz_offset_at(z, tz_local_seconds(2028, 2, 29, 12, 0, 0)) == 0);
        CHECK(tz_offset_at(z, tz_local_seconds(2028, 3, 1, 12, 0, 0)) == 3600);
        tz_free(z);
    }
    /* Empty footer: the last type forever. */
    z = parse_footer("");
    CHECK(z != NULL);
    if (z) {
        CHECK(tz_offset_at(z, 2382523200) == 0);
        tz_free(z);
    }
    /* Malformed TZ strings are refused, with the string in the error. */
    CHECK(parse_footer("EET") == NULL);
    CHECK(strstr(err, "bad TZ string 'EET'") != NULL);
    CHECK(parse_footer("EET-2EEST") == NULL); /* DST without rules */
    CHECK(parse_footer("EET-2EEST,M13.5.0,M10.5.0") == NULL);
    CHECK(parse_footer("EET-2EEST,M3.6.0,M10.5.0") == NULL);
    CHECK(parse_footer("EET-2EEST,M3.5.7,M10.5.0") == NULL);
    CHECK(parse_footer("EET-2EEST,M3.5.0/200,M10.5.0") == NULL);
    CHECK(parse_footer("EET-25") == NULL);
    CHECK(parse_footer("EET-2EEST,J366,J1") == NULL);
    CHECK(parse_footer("EET-2EEST,M3.5.0,M10.5.0junk") == NULL);
    CHECK(parse_footer("<E>-2") == NULL);
    CHECK(parse_footer("<EET-2") == NULL);
}

static void test_table(void)
{
    /* A zone of its own: +1 until t=1000, then +3 (a 2-hour gap), then
     * back to +1 at t=100000 (a 2-hour overlap). */
    static const int64_t at[2] = {1000, 100000};
    static const unsigned char idx[2] = {1, 0};
    static const int32_t off[2] = {3600, 10800};
    static const unsigned char dst[2] = {0, 1};
    struct img im;
    struct tz *z;
    enum tz_local k;

    build(&im, at, idx, 2, off, dst, 2, "");
    z = tz_parse(im.b, im.n, "table", err, sizeof(err));
    CHECK(z != NULL);
    if (z == NULL)
        return;
    CHECK(tz_offset_at(z, -5000) == 3600);
    CHECK(tz_offset_at(z, 999) == 3600);
    CHECK(tz_offset_at(z, 1000) == 10800);
    CHECK(tz_offset_at(z, 99999) == 10800);
    CHECK(tz_offset_at(z, 100000) == 3600);
    CHECK(tz_local_to_utc(z, 4599, &k) == 999 && k == TZ_LOCAL_UNIQUE);
    CHECK(tz_local_to_utc(z, 4600, &k) == 1000 && k == TZ_LOCAL_GAP);
    CHECK(tz_local_to_utc(z, 11799, &k) == 1000 && k == TZ_LOCAL_GAP);
    CHECK(tz_local_to_utc(z, 11800, &k) == 1000 && k == TZ_LOCAL_UNIQUE);
    CHECK(tz_local_to_utc(z, 103600, &k) == 92800 && k == TZ_LOCAL_AMBIGUOUS);
    CHECK(tz_local_to_utc(z, 110800, &k) == 107200 && k == TZ_LOCAL_UNIQUE);
    tz_free(z);
}

/* ------------------------------------------------------------------ */
/* Malformed input                                                    */
/* ------------------------------------------------------------------ */

static void poke32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

static struct tz *parse(const unsigned char *b, size_t n)
{
    err[0] = '\0';
    return tz_parse(b, n, "bad", err, sizeof(err));
}

static void test_malformed(void)
{
    static const int64_t at[2] = {1000, 100000};
    static const unsigned char idx[2] = {1, 0};
    static const int32_t off[2] = {3600, 10800};
    static const unsigned char dst[2] = {0, 1};
    /* v2 header offset 44 + v1 block (4 + 2 + 4) = 54; counts at +20. */
    const size_t h2 = 54, data = h2 + 44;
    struct img im, bad;
    unsigned char *file;
    size_t len;
    int all_fail = 1, survived = 1;
    struct tz *z;

    CHECK(parse(NULL, 0) == NULL);
    CHECK(strstr(err, "not a TZif file") != NULL);
    CHECK(parse((const unsigned char *)"TZif", 4) == NULL);
    CHECK(parse((const unsigned char *)"NOTATZIFFILE", 12) == NULL);

    build(&im, at, idx, 2, off, dst, 2, "");
    CHECK((z = parse(im.b, im.n)) != NULL);
    tz_free(z);

    /* Version 1. */
    bad = im;
    bad.b[4] = 0;
    CHECK(parse(bad.b, bad.n) == NULL);
    CHECK(strstr(err, "version 1") != NULL);
    /* Huge counts in either header. */
    bad = im;
    poke32(bad.b + 32, 0xffffffffu);
    CHECK(parse(bad.b, bad.n) == NULL);
    CHECK(strstr(err, "truncated") != NULL);
    bad = im;
    poke32(bad.b + h2 + 32, 0xffffffffu);
    CHECK(parse(bad.b, bad.n) == NULL);
    bad = im;
    poke32(bad.b + h2 + 40, 0xfffffff0u); /* charcnt */
    CHECK(parse(bad.b, bad.n) == NULL);
    bad = im;
    poke32(bad.b + h2 + 36, 0); /* no types */
    CHECK(parse(bad.b, bad.n) == NULL);
    bad = im;
    poke32(bad.b + h2 + 28, 1); /* leap seconds */
    CHECK(parse(bad.b, bad.n) == NULL);
    /* Transitions out of order. */
    bad = im;
    bad.b[data + 15] = 0; /* second transition 100000 -> small */
    bad.b[data + 14] = 0;
    bad.b[data + 13] = 0;
    CHECK(parse(bad.b, bad.n) == NULL);
    CHECK(strstr(err, "out of order") != NULL);
    /* Type index past the types. */
    bad = im;
    bad.b[data + 16] = 2;
    CHECK(parse(bad.b, bad.n) == NULL);
    CHECK(strstr(err, "type index") != NULL);
    /* Offset out of range, isdst not 0/1, abbreviation index. */
    bad = im;
    poke32(bad.b + data + 18, 0x7fffffffu);
    CHECK(parse(bad.b, bad.n) == NULL);
    bad = im;
    bad.b[data + 18 + 4] = 2;
    CHECK(parse(bad.b, bad.n) == NULL);
    bad = im;
    bad.b[data + 18 + 5] = 4;
    CHECK(parse(bad.b, bad.n) == NULL);
    /* Footer missing its final newline, or absent. */
    CHECK(parse(im.b, im.n - 1) == NULL);
    CHECK(strstr(err, "footer") != NULL);
    build(&bad, at, idx, 2, off, dst, 2, NULL);
    CHECK(parse(bad.b, bad.n) == NULL);

    /* The real Helsinki file: every proper prefix is refused, and no
     * single corrupted byte crashes the parser or the lookups. */
    file = slurp("/usr/share/zoneinfo/Europe/Helsinki", &len);
    CHECK(file != NULL && len > 1000);
    if (file == NULL)
        return;
    for (size_t n = 0; n < len; n++) {
        unsigned char *copy = malloc(n ? n : 1);

        memcpy(copy, file, n);
        if ((z = parse(copy, n)) != NULL) {
            all_fail = 0;
            tz_free(z);
        }
        free(copy);
    }
    CHECK(all_fail);
    for (size_t i = 0; i < len; i++) {
        static const unsigned char masks[3] = {0x01, 0x80, 0xff};

        for (int m = 0; m < 3; m++) {
            unsigned char *copy = malloc(len);

            memcpy(copy, file, len);
            copy[i] ^= masks[m];
            if ((z = parse(copy, len)) != NULL) {
                struct tz_tm t;

                tz_utc_to_local(z, 1774746000, &t);
                (void)tz_local_to_utc(z, 1774755000, NULL);
                (void)tz_local_to_utc(z, 2392849800, NULL);
                if (t.month < 1 || t.month > 12)
                    survived = 0;
                tz_free(z);
            } else if (err[0] == '\0') {
                survived = 0; /* a failure must say why */
            }
            free(copy);
        }
    }
    CHECK(survived);
    free(file);
}

static void test_load_errors(void)
{
    char dir[] = "/tmp/ecopper-test-tz-XXXXXX", path[128];
    const char *old = getenv("TZDIR");
    char *saved = old ? strdup(old) : NULL;
    unsigned char junk[64];
    struct img im;
    struct tz *z;
    FILE *f;

    CHECK(tz_load("Europe/Helsinky", err, sizeof(err)) == NULL);
    CHECK_STR(err, "unknown time zone 'Europe/Helsinky'");
    CHECK(tz_load("../etc/passwd", err, sizeof(err)) == NULL);
    CHECK_STR(err, "time zone name is not valid");
    CHECK(tz_load("/etc/passwd", err, sizeof(err)) == NULL);
    CHECK(tz_load("Europe/../../etc/passwd", err, sizeof(err)) == NULL);
    CHECK(tz_load("Europe/Hel sinki", err, sizeof(err)) == NULL);
    CHECK(tz_load("", err, sizeof(err)) == NULL);
    CHECK_STR(err, "no time zone name");
    CHECK(tz_load(NULL, err, sizeof(err)) == NULL);
    CHECK(tz_load("Europe", err, sizeof(err)) == NULL);
    CHECK(strstr(err, "not a regular file") != NULL);
    CHECK(tz_load("Europe/Helsinky", NULL, 0) == NULL); /* no err buffer */
    tz_free(NULL);

    /* A corrupted file on disk, loaded by path and through TZDIR. */
    CHECK(mkdtemp(dir) != NULL);
    snprintf(path, sizeof(path), "%s/Bad", dir);
    memset(junk, 0xa5, sizeof(junk));
    memcpy(junk, "TZif2", 5);
    f = fopen(path, "wb");
    CHECK(f != NULL);
    if (f) {
        fwrite(junk, 1, sizeof(junk), f);
        fclose(f);
    }
    CHECK(tz_load_file(path, "Bad", err, sizeof(err)) == NULL);
    CHECK(strstr(err, "time zone 'Bad'") != NULL);
    setenv("TZDIR", dir, 1);
    CHECK(tz_load("Bad", err, sizeof(err)) == NULL);
    CHECK(strstr(err, "time zone 'Bad'") != NULL);
    CHECK(tz_load("Europe/Helsinki", err, sizeof(err)) == NULL);
    CHECK_STR(err, "unknown time zone 'Europe/Helsinki'");
    /* A good file in TZDIR is found there. */
    {
        static const int32_t off[1] = {12600};
        static const unsigned char dst[1] = {0};

        build(&im, NULL, NULL, 0, off, dst, 1, "<+0330>-3:30");
        snprintf(path, sizeof(path), "%s/Mine", dir);
        f = fopen(path, "wb");
        if (f) {
            fwrite(im.b, 1, im.n, f);
            fclose(f);
        }
        z = tz_load("Mine", err, sizeof(err));
        CHECK(z != NULL && tz_offset_at(z, 0) == 12600);
        tz_free(z);
        unlink(path);
    }
    /* "UTC" needs no file. */
    z = tz_load("UTC", err, sizeof(err));
    CHECK(z != NULL && tz_offset_at(z, 0) == 0);
    tz_free(z);
    if (saved) {
        setenv("TZDIR", saved, 1);
        free(saved);
    } else {
        unsetenv("TZDIR");
    }
    snprintf(path, sizeof(path), "%s/Bad", dir);
    unlink(path);
    rmdir(dir);
}

int main(void)
{
    test_calendar();
    test_helsinki();
    test_properties();
    test_other_zones();
    test_footer_rules();
    test_table();
    test_malformed();
    test_load_errors();
    return CHECK_DONE("test_tz");
}
