/*
 * stats.c - the statistics of sessions: periods, percentiles, the
 * questions waiting for an answer, CSV (see stats.h).
 *
 * Called a few times per command and once per message of staff; the
 * sort is a plain insertion sort over one period's delays (a few hundred
 * a month), not worth more.
 */
#include <stdio.h>
#include <string.h>

#include "stats.h"
#include "tz.h"
#include "util.h"

void stats_month_of(const struct tz *z, int64_t t, char out[STATS_MONTH_LEN])
{
    struct tz_tm tm;

    tz_utc_to_local(z, t, &tm);
    if (tm.year < 0 || tm.year > 9999)
        tm.year = tm.year < 0 ? 0 : 9999; /* never in practice */
    snprintf(out, STATS_MONTH_LEN, "%04d-%02d", tm.year, tm.month);
}

/* n digits of s as a number into *out: 0, or -1 when one is not a digit. */
static int digits(const char *s, size_t n, int *out)
{
    int v = 0;

    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

/* "YYYY-MM" (with_day 0) or "YYYY-MM-DD" (with_day 1), strictly. */
static int parse_date(const char *s, int with_day, int *y, int *m, int *d)
{
    size_t len = with_day ? 10 : 7;

    if (s == NULL || strlen(s) != len || s[4] != '-' ||
        (with_day && s[7] != '-') || digits(s, 4, y) != 0 ||
        digits(s + 5, 2, m) != 0 || (with_day && digits(s + 8, 2, d) != 0))
        return -1;
    if (!with_day)
        *d = 1;
    if (*y < 1970 || *m < 1 || *m > 12 || *d < 1 || *d > tz_month_days(*y, *m))
        return -1;
    return 0;
}

/* The instant of 00:00 local on y-m-d (d may run past the month). */
static int64_t midnight(const struct tz *z, int y, int m, int d)
{
    return tz_local_to_utc(z, tz_local_seconds(y, m, d, 0, 0, 0), NULL);
}

int stats_month_parse(const struct tz *z,
                      const char *s,
                      int64_t *from,
                      int64_t *to)
{
    int y, m, d;

    if (parse_date(s, 0, &y, &m, &d) != 0)
        return -1;
    *from = midnight(z, y, m, 1);
    *to = m == 12 ? midnight(z, y + 1, 1, 1) : midnight(z, y, m + 1, 1);
    return 0;
}

int stats_range_parse(const struct tz *z,
                      const char *first,
                      const char *last,
                      int64_t *from,
                      int64_t *to)
{
    int y1, m1, d1, y2, m2, d2;
    int64_t a, b;

    if (parse_date(first, 1, &y1, &m1, &d1) != 0 ||
        parse_date(last, 1, &y2, &m2, &d2) != 0)
        return -1;
    a = midnight(z, y1, m1, d1);
    b = midnight(z, y2, m2, d2 + 1); /* the day after the last */
    if (b <= a)
        return -1;
    *from = a;
    *to = b;
    return 0;
}

void stats_sort(int64_t *v, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        int64_t x = v[i];
        size_t j = i;

        for (; j > 0 && v[j - 1] > x; j--)
            v[j] = v[j - 1];
        v[j] = x;
    }
}

int64_t stats_median2(const int64_t *v, size_t n)
{
    if (n == 0)
        return -1;
    if (n % 2)
        return 2 * v[n / 2];
    return v[n / 2 - 1] + v[n / 2];
}

int64_t stats_p90(const int64_t *v, size_t n)
{
    /* The ceil(0.9 n)-th value, counted from 1, in integers. */
    size_t rank = (9 * n + 9) / 10;

    if (n == 0)
        return -1;
    return v[rank - 1];
}

void stats_fmt_half(int64_t twice, char *buf, size_t len)
{
    if (twice < 0)
        snprintf(buf, len, "%s", "");
    else if (twice % 2)
        snprintf(buf, len, "%lld.5", (long long)(twice / 2));
    else
        snprintf(buf, len, "%lld", (long long)(twice / 2));
}

int stats_pending_add(struct stats_pending *p, int64_t at)
{
    if (p->n >= STATS_PENDING_MAX)
        return -1;
    p->at[p->n++] = at;
    return 0;
}

size_t stats_pending_answer(struct stats_pending *p, int64_t now, int64_t *out)
{
    size_t n = p->n;

    for (size_t i = 0; i < n; i++)
        out[i] = now > p->at[i] ? now - p->at[i] : 0;
    p->n = 0;
    return n;
}

void stats_add(struct stats_figures *sum, const struct stats_figures *f)
{
    sum->sessions += f->sessions;
    if (f->peak_youths > sum->peak_youths)
        sum->peak_youths = f->peak_youths;
    sum->messages += f->messages;
    sum->asked += f->asked;
    sum->published += f->published;
    sum->rejected += f->rejected;
    sum->reports += f->reports;
    sum->kicks += f->kicks;
    sum->bans += f->bans;
}

void stats_csv_header(struct sbuf *sb)
{
    sb_add(sb, "session,room,opened,closed,unique_visitors,peak_youths,"
               "staff_on_duty,messages,questions_asked,questions_published,"
               "questions_rejected,reports,kicks,bans,questions_answered,"
               "median_answer_s,p90_answer_s\n");
}

/* s as one CSV field (RFC 4180): quoted when it must be. */
static void csv_field(struct sbuf *sb, const char *s)
{
    if (s == NULL)
        s = "";
    if (strpbrk(s, ",\"\r\n") == NULL) {
        sb_add(sb, s);
        return;
    }
    sb_add(sb, "\"");
    for (; *s; s++) {
        if (*s == '"')
            sb_add(sb, "\"");
        sb_addn(sb, s, 1);
    }
    sb_add(sb, "\"");
}

void stats_csv_row(struct sbuf *sb,
                   const char *session,
                   const char *room,
                   const char *opened,
                   const char *closed,
                   const struct stats_figures *f)
{
    char med[32], p90[32];

    csv_field(sb, session);
    sb_add(sb, ",");
    csv_field(sb, room);
    sb_add(sb, ",");
    csv_field(sb, opened);
    sb_add(sb, ",");
    csv_field(sb, closed);
    stats_fmt_half(f->median2, med, sizeof(med));
    stats_fmt_half(f->p90 < 0 ? -1 : 2 * f->p90, p90, sizeof(p90));
    sb_addf(sb, ",%u,%u,%u,%u,%u,%u,%u,%u,%u,%u,%zu,%s,%s\n", f->visitors,
            f->peak_youths, f->staff, f->messages, f->asked, f->published,
            f->rejected, f->reports, f->kicks, f->bans, f->answered, med, p90);
}
