/*
 * stats.h - the statistics of sessions (issue 16): the pure part.
 *
 * Periods in the service's zone (calendar months, ranges of dates) as
 * instants; the answer delays' median and 90th percentile; the questions
 * a session waits to see answered; the CSV an admin saves. No XML, no
 * store, no clock: values come in, so the unit tests see all of it.
 * hours.c counts into a running session, cmd_stats.c reads them back.
 */
#ifndef ECOPPER_STATS_H
#define ECOPPER_STATS_H

#include <stddef.h>
#include <stdint.h>

struct tz;
struct sbuf;

/* "YYYY-MM" and its NUL. */
#define STATS_MONTH_LEN 8

/* The calendar month (in zone z) of instant t, as "YYYY-MM", into out. */
void stats_month_of(const struct tz *z, int64_t t, char out[STATS_MONTH_LEN]);

/*
 * The instants [*from, *to) of month s ("YYYY-MM", years 1970 to 9999)
 * in zone z: from its first day's 00:00 to the next month's. 0, or -1
 * when s is not such a month (nothing set).
 */
int stats_month_parse(const struct tz *z,
                      const char *s,
                      int64_t *from,
                      int64_t *to);

/*
 * The instants [*from, *to) of the dates first to last ("YYYY-MM-DD",
 * both included) in zone z. 0, or -1 when either is not a date or last
 * comes before first.
 */
int stats_range_parse(const struct tz *z,
                      const char *first,
                      const char *last,
                      int64_t *from,
                      int64_t *to);

/* Sorts v[0..n) ascending. */
void stats_sort(int64_t *v, size_t n);
/*
 * Of v[0..n), sorted ascending: twice the median (the middle value, or
 * the mean of the two middle ones; twice, so that a half second is
 * exact), or -1 when n is 0.
 */
int64_t stats_median2(const int64_t *v, size_t n);
/*
 * Of v[0..n), sorted ascending: the 90th percentile by the nearest rank
 * (the smallest value that at least 90 % of them do not exceed: the
 * ceil(0.9 n)-th), or -1 when n is 0.
 */
int64_t stats_p90(const int64_t *v, size_t n);
/* twice / 2 as text: "15", "15.5"; "" for a negative twice. */
void stats_fmt_half(int64_t twice, char *buf, size_t len);

/*
 * The questions of a running session published and not yet answered by
 * staff: the instants they were published, oldest first. Bounded: a
 * question published while STATS_PENDING_MAX wait gets no delay.
 */
#define STATS_PENDING_MAX 256
struct stats_pending {
    int64_t at[STATS_PENDING_MAX];
    size_t n;
};

/* Adds a question published at `at`: 0, or -1 when full (not added). */
int stats_pending_add(struct stats_pending *p, int64_t at);
/*
 * A member of staff spoke at now: every waiting question is answered.
 * Writes their delays (now - at, never below 0) to out (room for
 * STATS_PENDING_MAX), empties p and returns how many.
 */
size_t stats_pending_answer(struct stats_pending *p, int64_t now, int64_t *out);

/* The figures of a session or of a period. */
struct stats_figures {
    unsigned sessions;    /* sessions counted */
    unsigned visitors;    /* distinct youths' accounts (hashes) */
    unsigned peak_youths; /* most youths at once (the highest) */
    unsigned staff;       /* distinct members of staff present */
    unsigned messages, asked, published, rejected, reports, kicks, bans;
    size_t answered; /* questions with an answer delay */
    int64_t median2; /* twice the median delay, s; -1: none */
    int64_t p90;     /* its 90th percentile, s; -1: none */
};

/* Adds the counts of f to sum (sums; the highest peak). The distinct
 * counts and the delays of a period are not sums: its caller sets
 * visitors, staff, answered, median2 and p90 itself. */
void stats_add(struct stats_figures *sum, const struct stats_figures *f);

/* The CSV header line, with its "\n". */
void stats_csv_header(struct sbuf *sb);
/*
 * One CSV line of f: session (its number, or "total"), room, opened and
 * closed (texts, "" when none), then the figures; ends with "\n". The
 * texts are quoted when they hold a comma, a quote or a line break.
 */
void stats_csv_row(struct sbuf *sb,
                   const char *session,
                   const char *room,
                   const char *opened,
                   const char *closed,
                   const struct stats_figures *f);

#endif
