/*
 * tz.c - TZif (RFC 8536) and POSIX TZ string reader, and the local time
 * arithmetic on top of it.
 *
 * A zone is a table of transitions (instant, index of a local time type)
 * plus, for instants on or after the last transition, an optional POSIX
 * TZ rule from the file's footer. Only the version 2+ data block (64-bit
 * times) is used; the version 1 block is skipped after its size is
 * checked. The file is treated as untrusted: every count is checked
 * against the bytes that remain before anything is allocated or read.
 * Invariants after parsing: transitions strictly ascending and within
 * +-2^59 s, every type index valid, every offset within RFC 8536's
 * -89999..93599 s, so adding an offset to a clamped instant never
 * overflows.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tz.h"
#include "util.h"

#define TZ_CLAMP ((int64_t)1 << 50)
#define TZ_TIME_LIMIT ((int64_t)1 << 59)
#define OFF_MIN (-89999)
#define OFF_MAX 93599
/* Wider than any offset, so [local - WINDOW, local + WINDOW] holds every
 * instant at which the wall clock can show local. */
#define WINDOW ((int64_t)27 * 3600)
#define NAME_MAX_LEN 255
#define FOOTER_MAX 255
#define DEFAULT_TZDIR "/usr/share/zoneinfo"

struct ttype {
    int32_t off;
    int isdst;
};

/* One half of a POSIX rule: when DST starts or ends in a year. */
struct rdate {
    char kind;   /* 'J' (1..365, no Feb 29), 'D' (0..365), 'M' */
    int n;       /* J and D: the day; M: the month */
    int week;    /* M: 1..5, 5 = last */
    int wday;    /* M: 0 = Sunday .. 6 */
    int32_t sec; /* local time of day of the change, -167h..167h */
};

struct rule {
    int32_t std_off, dst_off; /* seconds east of UTC */
    int has_dst;
    struct rdate start, end; /* start: std -> dst; end: dst -> std */
};

struct tz {
    char *name;
    size_t n;          /* transitions */
    int64_t *at;       /* n instants, strictly ascending */
    unsigned char *ti; /* n type indices */
    size_t ntypes;
    struct ttype *types;
    int has_rule;
    struct rule rule;
};

static void seterr(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void seterr(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;

    if (err == NULL || errlen == 0)
        return;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

static int64_t clamp(int64_t t)
{
    if (t > TZ_CLAMP)
        return TZ_CLAMP;
    if (t < -TZ_CLAMP)
        return -TZ_CLAMP;
    return t;
}

/* Floor division and modulo for a positive divisor. */
static int64_t fdiv(int64_t a, int64_t b)
{
    return a / b - (a % b < 0);
}

static int64_t fmod64(int64_t a, int64_t b)
{
    int64_t m = a % b;

    return m < 0 ? m + b : m;
}

/* ------------------------------------------------------------------ */
/* Calendar                                                           */
/* ------------------------------------------------------------------ */

/* H. Hinnant's days_from_civil / civil_from_days (public domain). */
int64_t tz_days_from_civil(int64_t year, int month, int day)
{
    int64_t y = year - (month <= 2);
    int64_t era = fdiv(y, 400);
    int64_t yoe = y - era * 400;
    int64_t mp = (month + 9) % 12;
    int64_t doy = (153 * mp + 2) / 5 + day - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

    return era * 146097 + doe - 719468;
}

void tz_civil_from_days(int64_t days, int64_t *year, int *month, int *day)
{
    int64_t z = days + 719468;
    int64_t era = fdiv(z, 146097);
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int d = (int)(doy - (153 * mp + 2) / 5 + 1);
    int m = (int)(mp < 10 ? mp + 3 : mp - 9);

    *year = yoe + era * 400 + (m <= 2);
    *month = m;
    *day = d;
}

int tz_weekday(int64_t days)
{
    /* 1970-01-01 was a Thursday (3 when Monday is 0). */
    return (int)fmod64(days + 3, 7);
}

int tz_is_leap(int64_t year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int tz_month_days(int64_t year, int month)
{
    static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    if (month < 1 || month > 12)
        return 0;
    return len[month - 1] + (month == 2 && tz_is_leap(year));
}

int64_t
tz_local_seconds(int year, int month, int day, int hour, int min, int sec)
{
    if (month < 1 || month > 12)
        month = 1;
    return clamp(tz_days_from_civil(year, month, day) * 86400 +
                 (int64_t)hour * 3600 + (int64_t)min * 60 + sec);
}

/* ------------------------------------------------------------------ */
/* POSIX TZ rules (the footer)                                        */
/* ------------------------------------------------------------------ */

/* Day number of the day rd names in year. */
static int64_t rdate_day(const struct rdate *rd, int64_t year)
{
    int64_t first, d;
    int wd;

    switch (rd->kind) {
    case 'J':
        /* 1..365, February 29 never counted. */
        return tz_days_from_civil(year, 1, 1) + rd->n - 1 +
               (tz_is_leap(year) && rd->n >= 60);
    case 'D':
        return tz_days_from_civil(year, 1, 1) + rd->n;
    default:
        first = tz_days_from_civil(year, rd->n, 1);
        wd = (int)fmod64(first + 4, 7); /* 0 = Sunday */
        d = first + (rd->wday - wd + 7) % 7 + (int64_t)(rd->week - 1) * 7;
        while (d >= first + tz_month_days(year, rd->n))
            d -= 7;
        return d;
    }
}

/*
 * The two changes of year as instants: (*t0, *off0) the first in time,
 * (*t1, *off1) the second, each with the offset in effect after it.
 */
static void rule_year(const struct rule *r,
                      int64_t year,
                      int64_t *t0,
                      int32_t *off0,
                      int64_t *t1,
                      int32_t *off1)
{
    /* The start is given in standard time, the end in daylight time. */
    int64_t s = rdate_day(&r->start, year) * 86400 + r->start.sec - r->std_off;
    int64_t e = rdate_day(&r->end, year) * 86400 + r->end.sec - r->dst_off;

    if (s <= e) {
        *t0 = s, *off0 = r->dst_off, *t1 = e, *off1 = r->std_off;
    } else {
        *t0 = e, *off0 = r->std_off, *t1 = s, *off1 = r->dst_off;
    }
}

static int64_t year_of(int64_t t)
{
    int64_t y;
    int m, d;

    tz_civil_from_days(fdiv(t, 86400), &y, &m, &d);
    return y;
}

static int32_t rule_offset(const struct rule *r, int64_t t, int *isdst)
{
    int64_t y, best = INT64_MIN, t0, t1;
    int32_t off = r->std_off, o0, o1;

    if (!r->has_dst) {
        *isdst = 0;
        return r->std_off;
    }
    /*
     * The latest change at or before t among three years (a change may
     * fall in the year before or after its own with times up to 167h).
     * Later entries win ties, so a rule with DST all year ("0/0,J365/25")
     * keeps DST across the new year.
     */
    y = year_of(t);
    for (int64_t k = y - 1; k <= y + 1; k++) {
        rule_year(r, k, &t0, &o0, &t1, &o1);
        if (t0 <= t && t0 >= best)
            best = t0, off = o0;
        if (t1 <= t && t1 >= best)
            best = t1, off = o1;
    }
    if (best == INT64_MIN) {
        /* Before every change considered: the state at the end of the
         * year before, which is that after its second change. */
        rule_year(r, y - 2, &t0, &o0, &t1, &o1);
        off = o1;
    }
    *isdst = off == r->dst_off && r->dst_off != r->std_off;
    return off;
}

/* The first change strictly after t, or INT64_MAX. */
static int64_t rule_next(const struct rule *r, int64_t t)
{
    int64_t y, best = INT64_MAX, t0, t1;
    int32_t o0, o1;

    if (!r->has_dst)
        return INT64_MAX;
    y = year_of(t);
    for (int64_t k = y - 1; k <= y + 2; k++) {
        rule_year(r, k, &t0, &o0, &t1, &o1);
        if (t0 > t && t0 < best)
            best = t0;
        if (t1 > t && t1 < best)
            best = t1;
    }
    return best;
}

/* Parses up to maxd digits into *v; returns the position after them, or
 * NULL when there is no digit. */
static const char *digits(const char *p, int maxd, int *v)
{
    int n = 0, x = 0;

    while (n < maxd && *p >= '0' && *p <= '9') {
        x = x * 10 + (*p - '0');
        p++, n++;
    }
    if (n == 0)
        return NULL;
    *v = x;
    return p;
}

/* [+-]hh[:mm[:ss]] with hh <= maxh; NULL when malformed. */
static const char *hms(const char *p, int maxh, int32_t *out)
{
    int sign = 1, h, m = 0, s = 0;

    if (*p == '+' || *p == '-')
        sign = *p++ == '-' ? -1 : 1;
    if ((p = digits(p, 3, &h)) == NULL || h > maxh)
        return NULL;
    if (*p == ':') {
        if ((p = digits(p + 1, 2, &m)) == NULL || m > 59)
            return NULL;
        if (*p == ':' && ((p = digits(p + 1, 2, &s)) == NULL || s > 59))
            return NULL;
    }
    *out = sign * (h * 3600 + m * 60 + s);
    return p;
}

/* A zone abbreviation: <...> or three or more letters. */
static const char *abbr(const char *p)
{
    const char *q;

    if (*p == '<') {
        for (q = p + 1; *q && *q != '>'; q++)
            if (!(*q == '+' || *q == '-' || (*q >= '0' && *q <= '9') ||
                  (*q >= 'A' && *q <= 'Z') || (*q >= 'a' && *q <= 'z')))
                return NULL;
        return *q == '>' && q - p - 1 >= 3 ? q + 1 : NULL;
    }
    for (q = p; (*q >= 'A' && *q <= 'Z') || (*q >= 'a' && *q <= 'z'); q++)
        ;
    return q - p >= 3 ? q : NULL;
}

static const char *parse_rdate(const char *p, struct rdate *rd)
{
    if (*p == 'J') {
        rd->kind = 'J';
        if ((p = digits(p + 1, 3, &rd->n)) == NULL || rd->n < 1 || rd->n > 365)
            return NULL;
    } else if (*p == 'M') {
        rd->kind = 'M';
        if ((p = digits(p + 1, 2, &rd->n)) == NULL || rd->n < 1 || rd->n > 12 ||
            *p != '.')
            return NULL;
        if ((p = digits(p + 1, 1, &rd->week)) == NULL || rd->week < 1 ||
            rd->week > 5 || *p != '.')
            return NULL;
        if ((p = digits(p + 1, 1, &rd->wday)) == NULL || rd->wday > 6)
            return NULL;
    } else {
        rd->kind = 'D';
        if ((p = digits(p, 3, &rd->n)) == NULL || rd->n > 365)
            return NULL;
    }
    rd->sec = 2 * 3600; /* POSIX default 02:00 */
    /* RFC 8536 §3.3.1 extends the time to -167..167 hours. */
    if (*p == '/' && (p = hms(p + 1, 167, &rd->sec)) == NULL)
        return NULL;
    return p;
}

/* Parses a POSIX TZ string; 0 on success, -1 when malformed. */
static int parse_rule(const char *s, struct rule *r)
{
    const char *p = s;
    int32_t o;

    memset(r, 0, sizeof(*r));
    if ((p = abbr(p)) == NULL || (p = hms(p, 24, &o)) == NULL)
        return -1;
    r->std_off = -o; /* POSIX counts west of Greenwich */
    if (*p == '\0')
        return 0;
    if ((p = abbr(p)) == NULL)
        return -1;
    r->has_dst = 1;
    r->dst_off = r->std_off + 3600;
    if (*p != ',' && *p != '\0') {
        if ((p = hms(p, 24, &o)) == NULL)
            return -1;
        r->dst_off = -o;
    }
    /* zic always writes the rules; POSIX's implementation-defined
     * default is not worth guessing. */
    if (*p != ',' || (p = parse_rdate(p + 1, &r->start)) == NULL || *p != ',' ||
        (p = parse_rdate(p + 1, &r->end)) == NULL || *p)
        return -1;
    if (r->std_off < OFF_MIN || r->std_off > OFF_MAX || r->dst_off < OFF_MIN ||
        r->dst_off > OFF_MAX)
        return -1;
    return 0;
}

/* ------------------------------------------------------------------ */
/* TZif                                                               */
/* ------------------------------------------------------------------ */

struct hdr {
    int version;
    uint32_t isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt;
};

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
           p[3];
}

static int64_t be64(const unsigned char *p)
{
    uint64_t v = (uint64_t)be32(p) << 32 | be32(p + 4);

    /* Two's complement without implementation-defined conversion. */
    if (v > (uint64_t)INT64_MAX)
        return -(int64_t)(~v) - 1;
    return (int64_t)v;
}

/* Reads a header at p (len bytes left); 0 or -1. */
static int read_hdr(const unsigned char *p, size_t len, struct hdr *h)
{
    if (len < 44 || memcmp(p, "TZif", 4) != 0)
        return -1;
    h->version = p[4];
    h->isutcnt = be32(p + 20);
    h->isstdcnt = be32(p + 24);
    h->leapcnt = be32(p + 28);
    h->timecnt = be32(p + 32);
    h->typecnt = be32(p + 36);
    h->charcnt = be32(p + 40);
    return 0;
}

/* Size of the data block after h with tsize-byte times (fits: each count
 * is below 2^32, the sum below 2^37). */
static uint64_t block_size(const struct hdr *h, unsigned tsize)
{
    return (uint64_t)h->timecnt * tsize + h->timecnt +
           (uint64_t)h->typecnt * 6 + h->charcnt +
           (uint64_t)h->leapcnt * (tsize + 4) + h->isstdcnt + h->isutcnt;
}

struct tz *tz_parse(
    const void *buf, size_t len, const char *name, char *err, size_t errlen)
{
    const unsigned char *p = buf, *end;
    struct hdr h;
    uint64_t sz;
    struct tz *z;
    char footer[FOOTER_MAX + 1];
    const unsigned char *nl;
    size_t flen;

    if (name == NULL)
        name = "";
    if (p == NULL || read_hdr(p, len, &h) != 0) {
        seterr(err, errlen, "time zone '%s': not a TZif file", name);
        return NULL;
    }
    end = p + len;
    if (h.version < '2') {
        seterr(err, errlen, "time zone '%s': TZif version 1 is not supported",
               name);
        return NULL;
    }
    /* Skip the version 1 block, checking that it is all there. */
    sz = block_size(&h, 4);
    if (sz > len - 44) {
        seterr(err, errlen, "time zone '%s': truncated file", name);
        return NULL;
    }
    p += 44 + sz;
    if (read_hdr(p, (size_t)(end - p), &h) != 0 || h.version < '2') {
        seterr(err, errlen, "time zone '%s': bad second header", name);
        return NULL;
    }
    p += 44;
    if (h.typecnt == 0 || h.typecnt > 256 || h.charcnt == 0 ||
        (h.isutcnt != 0 && h.isutcnt != h.typecnt) ||
        (h.isstdcnt != 0 && h.isstdcnt != h.typecnt)) {
        seterr(err, errlen, "time zone '%s': bad counts in header", name);
        return NULL;
    }
    if (h.leapcnt != 0) {
        /* The right/ zones count leap seconds in their instants; Unix
         * time does not. */
        seterr(err, errlen,
               "time zone '%s': zones with leap seconds are not supported",
               name);
        return NULL;
    }
    sz = block_size(&h, 8);
    if (sz > (uint64_t)(end - p)) {
        seterr(err, errlen, "time zone '%s': truncated file", name);
        return NULL;
    }
    /* Footer: "\n" TZ string "\n" right after the block (RFC 8536 §3.3). */
    {
        const unsigned char *f = p + sz;
        size_t left = (size_t)(end - f);

        if (left < 2 || f[0] != '\n' ||
            (nl = memchr(f + 1, '\n', left - 1)) == NULL) {
            seterr(err, errlen, "time zone '%s': missing footer", name);
            return NULL;
        }
        flen = (size_t)(nl - (f + 1));
        if (flen > FOOTER_MAX || memchr(f + 1, '\0', flen) != NULL) {
            seterr(err, errlen, "time zone '%s': bad footer", name);
            return NULL;
        }
        memcpy(footer, f + 1, flen);
        footer[flen] = '\0';
    }

    z = xcalloc(1, sizeof(*z));
    z->n = h.timecnt;
    z->ntypes = h.typecnt;
    z->at = xcalloc(z->n ? z->n : 1, sizeof(*z->at));
    z->ti = xcalloc(z->n ? z->n : 1, 1);
    z->types = xcalloc(z->ntypes, sizeof(*z->types));
    for (size_t i = 0; i < z->n; i++) {
        z->at[i] = be64(p + 8 * i);
        if (z->at[i] < -TZ_TIME_LIMIT || z->at[i] > TZ_TIME_LIMIT ||
            (i > 0 && z->at[i] <= z->at[i - 1])) {
            seterr(err, errlen, "time zone '%s': transition times out of order",
                   name);
            goto fail;
        }
    }
    p += (size_t)8 * z->n;
    for (size_t i = 0; i < z->n; i++) {
        z->ti[i] = p[i];
        if (p[i] >= z->ntypes) {
            seterr(err, errlen, "time zone '%s': bad type index", name);
            goto fail;
        }
    }
    p += z->n;
    for (size_t i = 0; i < z->ntypes; i++, p += 6) {
        /* be32 yields 0..2^32-1; reinterpret as signed explicitly. */
        int64_t off = be32(p) > (uint32_t)INT32_MAX
                          ? (int64_t)be32(p) - ((int64_t)1 << 32)
                          : (int64_t)be32(p);

        if (off < OFF_MIN || off > OFF_MAX || p[4] > 1 || p[5] >= h.charcnt) {
            seterr(err, errlen, "time zone '%s': bad local time type", name);
            goto fail;
        }
        z->types[i].off = (int32_t)off;
        z->types[i].isdst = p[4];
    }
    if (footer[0] != '\0') {
        if (parse_rule(footer, &z->rule) != 0) {
            seterr(err, errlen, "time zone '%s': bad TZ string '%s'", name,
                   footer);
            goto fail;
        }
        z->has_rule = 1;
    }
    z->name = xstrdup(name);
    return z;
fail:
    tz_free(z);
    return NULL;
}

void tz_free(struct tz *z)
{
    if (z == NULL)
        return;
    free(z->name);
    free(z->at);
    free(z->ti);
    free(z->types);
    free(z);
}

const char *tz_name(const struct tz *z)
{
    return z->name;
}

/* Built in so that "UTC" works without tzdata, as config.c promises. */
static struct tz *utc_zone(void)
{
    struct tz *z = xcalloc(1, sizeof(*z));

    z->ntypes = 1;
    z->types = xcalloc(1, sizeof(*z->types));
    z->name = xstrdup("UTC");
    return z;
}

static int name_ok(const char *name)
{
    size_t len = strlen(name);
    const char *c;

    if (len == 0 || len > NAME_MAX_LEN || name[0] == '/')
        return 0;
    for (c = name; *c; c++)
        if (!((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') ||
              (*c >= '0' && *c <= '9') || strchr("/_+-.", *c)))
            return 0;
    /* No ".." component anywhere (config.c refuses ".." at all). */
    return strstr(name, "..") == NULL;
}

struct tz *
tz_load_file(const char *path, const char *name, char *err, size_t errlen)
{
    unsigned char *buf;
    struct stat st;
    size_t len = 0;
    ssize_t r;
    struct tz *z;
    int fd;

    if (name == NULL)
        name = path;
    /* O_NONBLOCK: a FIFO planted in the zone directory must not hang us;
     * it is then refused as not a regular file. */
    fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        if (errno == ENOENT || errno == ENOTDIR)
            seterr(err, errlen, "unknown time zone '%s'", name);
        else
            seterr(err, errlen, "time zone '%s': %s", name, strerror(errno));
        return NULL;
    }
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        seterr(err, errlen, "time zone '%s': not a regular file", name);
        close(fd);
        return NULL;
    }
    buf = xmalloc(TZ_FILE_MAX + 1);
    for (;;) {
        r = read(fd, buf + len, TZ_FILE_MAX + 1 - len);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        len += (size_t)r;
        if (len > TZ_FILE_MAX)
            break;
    }
    close(fd);
    if (r < 0) {
        seterr(err, errlen, "time zone '%s': %s", name, strerror(errno));
        free(buf);
        return NULL;
    }
    if (len > TZ_FILE_MAX) {
        seterr(err, errlen, "time zone '%s': file too large", name);
        free(buf);
        return NULL;
    }
    z = tz_parse(buf, len, name, err, errlen);
    free(buf);
    return z;
}

struct tz *tz_load(const char *name, char *err, size_t errlen)
{
    const char *dir;
    char path[4096];
    int n;

    if (name == NULL || name[0] == '\0') {
        seterr(err, errlen, "no time zone name");
        return NULL;
    }
    if (!name_ok(name)) {
        seterr(err, errlen, "time zone name is not valid");
        return NULL;
    }
    if (strcmp(name, "UTC") == 0)
        return utc_zone();
    dir = getenv("TZDIR");
    if (dir == NULL || dir[0] == '\0')
        dir = DEFAULT_TZDIR;
    n = snprintf(path, sizeof(path), "%s/%s", dir, name);
    if (n < 0 || (size_t)n >= sizeof(path)) {
        seterr(err, errlen, "time zone '%s': path too long", name);
        return NULL;
    }
    return tz_load_file(path, name, err, errlen);
}

/* ------------------------------------------------------------------ */
/* Lookups                                                            */
/* ------------------------------------------------------------------ */

/* Index of the last transition at or before t; -1 when none. */
static ptrdiff_t last_at_or_before(const struct tz *z, int64_t t)
{
    size_t lo = 0, hi = z->n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (z->at[mid] <= t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (ptrdiff_t)lo - 1;
}

static int32_t offset_isdst(const struct tz *z, int64_t t, int *isdst)
{
    const struct ttype *ty;
    ptrdiff_t i;

    if (z->has_rule && (z->n == 0 || t >= z->at[z->n - 1]))
        return rule_offset(&z->rule, t, isdst);
    i = last_at_or_before(z, t);
    /* RFC 8536 §3.2: before the first transition, type 0 applies. */
    ty = &z->types[i < 0 ? 0 : z->ti[i]];
    *isdst = ty->isdst;
    return ty->off;
}

/* The first instant after t at which the offset may change. */
static int64_t next_change(const struct tz *z, int64_t t)
{
    ptrdiff_t i;

    if (z->n > 0 && t < z->at[z->n - 1]) {
        i = last_at_or_before(z, t);
        return z->at[i + 1];
    }
    return z->has_rule ? rule_next(&z->rule, t) : INT64_MAX;
}

int tz_offset_at(const struct tz *z, int64_t t)
{
    int isdst;

    return offset_isdst(z, clamp(t), &isdst);
}

void tz_utc_to_local(const struct tz *z, int64_t t, struct tz_tm *out)
{
    int64_t local, days, secs, year;

    t = clamp(t);
    out->offset = offset_isdst(z, t, &out->isdst);
    local = t + out->offset;
    days = fdiv(local, 86400);
    secs = local - days * 86400;
    tz_civil_from_days(days, &year, &out->month, &out->day);
    out->year = (int)year;
    out->wday = tz_weekday(days);
    out->hour = (int)(secs / 3600);
    out->min = (int)(secs / 60 % 60);
    out->sec = (int)(secs % 60);
}

int64_t tz_local_to_utc(const struct tz *z, int64_t local, enum tz_local *kind)
{
    int64_t lo, hi, a, b, first = 0, gap = 0;
    int nsol = 0, have_gap = 0, isdst;
    int32_t off, prev = 0;

    local = clamp(local);
    lo = local - WINDOW;
    hi = local + WINDOW;
    /*
     * Walk the intervals of constant offset that cover the window. The
     * wall clock shows local in interval [a, b) with offset off when
     * a <= local - off < b; a jump at a from prev to off > prev skips
     * the local times [a + prev, a + off).
     */
    for (a = lo; a < hi; a = b) {
        off = offset_isdst(z, a, &isdst);
        b = next_change(z, a);
        if (b > hi)
            b = hi;
        if (a > lo && !have_gap && off > prev && local >= a + prev &&
            local < a + off) {
            have_gap = 1;
            gap = a;
        }
        if (local - off >= a && local - off < b) {
            if (nsol++ == 0)
                first = local - off;
        }
        prev = off;
    }
    if (nsol > 0) {
        if (kind)
            *kind = nsol > 1 ? TZ_LOCAL_AMBIGUOUS : TZ_LOCAL_UNIQUE;
        return first;
    }
    if (kind)
        *kind = TZ_LOCAL_GAP;
    /* Without a solution the clock jumped over local somewhere in the
     * window (every offset is smaller than WINDOW); the fallback is only
     * for safety. */
    return have_gap ? gap : local - tz_offset_at(z, local);
}
