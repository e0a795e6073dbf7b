/*
 * schedule.c - weekly schedules: parsing admin input, and sessions in UTC.
 *
 * Sessions are generated one local date at a time (the weekly slots of
 * that weekday unless the date is CLOSED, plus its EXTRA sessions),
 * converted to UTC with tz_local_to_utc() and sorted. Because that
 * conversion never decreases, every session of a date starts no earlier
 * than every session of the date before, so concatenating the dates gives
 * all sessions in order of start, and one sweep merges overlapping ones.
 * See schedule.h for the rules.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "lang.h"
#include "schedule.h"
#include "util.h"

/* A session in UTC, [start, end). */
struct span {
    int64_t start, end;
};

static const char *const wday_short[7] = {"mon", "tue", "wed", "thu",
                                          "fri", "sat", "sun"};
static const char *const wday_long[7] = {"monday",   "tuesday", "wednesday",
                                         "thursday", "friday",  "saturday",
                                         "sunday"};

const char *sched_wday_name(int wday)
{
    return wday >= 0 && wday < 7 ? wday_short[wday] : NULL;
}

/* The reason k with one argument a, for "return why_set(...)". */
static int why_set(struct lang_reason *why, enum lang_key k, const char *a)
{
    return lang_reason_set(why, ERR_BAD_REQUEST, k, LANG_ARGS(a));
}

/* The reason k without arguments. */
static int why_is(struct lang_reason *why, enum lang_key k)
{
    return lang_reason_set(why, ERR_BAD_REQUEST, k, NULL, 0);
}

/* The reason k with the number n as its argument. */
static int why_num(struct lang_reason *why, enum lang_key k, int n)
{
    char num[16];

    snprintf(num, sizeof(num), "%d", n);
    return why_set(why, k, num);
}

/* The day of a date out of its month's range. */
static int why_day(struct lang_reason *why, int year, int month, int day)
{
    char d[16], ym[24];

    snprintf(d, sizeof(d), "%d", day);
    snprintf(ym, sizeof(ym), "%04d-%02d", year, month);
    return lang_reason_set(why, ERR_BAD_REQUEST, LANG_WHY_SCHED_DAY,
                           LANG_ARGS(d, ym));
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t';
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* n bytes of word equal name ignoring ASCII case (the daemon's locale must
 * not matter, so no strncasecmp). */
static int word_is(const char *word, size_t n, const char *name)
{
    size_t i;

    for (i = 0; i < n && name[i]; i++) {
        char c = word[i];

        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != name[i])
            return 0;
    }
    return i == n && name[i] == '\0';
}

static const char *skip_blanks(const char *p)
{
    while (is_blank(*p))
        p++;
    return p;
}

/*
 * The token at p (up to a blank, or also a '-' when stop_dash) made safe
 * to show: printable ASCII only, at most 20 characters.
 */
static const char *quote(const char *p, int stop_dash, char *buf, size_t len)
{
    size_t i = 0, n = 0;

    while (p[n] && !is_blank(p[n]) && !(stop_dash && n > 0 && p[n] == '-'))
        n++;
    for (; i < n && i + 1 < len; i++) {
        unsigned char c = (unsigned char)p[i];

        if (i == 20 && i + 4 < len) {
            memcpy(buf + i, "...", 3);
            i += 3;
            break;
        }
        buf[i] = c >= 0x20 && c < 0x7f ? (char)c : '?';
    }
    buf[i] = '\0';
    return buf;
}

/* Length check shared by both parsers; NULL text is "". */
static int text_ok(const char **text, struct lang_reason *why)
{
    if (*text == NULL)
        *text = "";
    if (strnlen(*text, SCHED_TEXT_MAX + 1) > SCHED_TEXT_MAX)
        return why_num(why, LANG_WHY_SCHED_TOO_LONG, SCHED_TEXT_MAX);
    return 0;
}

/* Up to maxd digits into *v; the number of digits read. */
static int read_num(const char **pp, int maxd, int *v)
{
    const char *p = *pp;
    int n = 0, x = 0;

    while (n < maxd && is_digit(*p)) {
        x = x * 10 + (*p++ - '0');
        n++;
    }
    *pp = p;
    *v = x;
    return n;
}

/* H:MM or HH:MM into minutes of the day; "24:00" only when is_end. */
static int
parse_time(const char **pp, int is_end, int *out, struct lang_reason *why)
{
    const char *p = *pp;
    char q[32];
    int h, m, nd;

    nd = read_num(&p, 3, &h);
    if (nd == 0 || *p != ':')
        return why_set(why, LANG_WHY_SCHED_TIME, quote(*pp, 1, q, sizeof(q)));
    if (nd > 2 || h > 24)
        return why_num(why, LANG_WHY_SCHED_HOUR, h);
    p++;
    if (read_num(&p, 2, &m) != 2 || is_digit(*p))
        return why_set(why, LANG_WHY_SCHED_TIME, quote(*pp, 1, q, sizeof(q)));
    if (m > 59)
        return why_num(why, LANG_WHY_SCHED_MINUTE, m);
    if (h == 24 && m != 0)
        return why_num(why, LANG_WHY_SCHED_HOUR, 24);
    if (h == 24 && !is_end)
        return why_is(why, LANG_WHY_SCHED_24_END);
    *pp = p;
    *out = h * 60 + m;
    return 0;
}

/* "16:00-18:00" (blanks around '-' allowed) into *start and *end. */
static int
parse_range(const char **pp, int *start, int *end, struct lang_reason *why)
{
    const char *p = skip_blanks(*pp);
    char q[32];

    if (*p == '\0')
        return why_is(why, LANG_WHY_SCHED_RANGE);
    if (parse_time(&p, 0, start, why) != 0)
        return ERR_BAD_REQUEST;
    p = skip_blanks(p);
    if (*p == '\0')
        return why_is(why, LANG_WHY_SCHED_NO_END);
    if (*p != '-')
        return why_set(why, LANG_WHY_SCHED_DASH, quote(p, 0, q, sizeof(q)));
    p = skip_blanks(p + 1);
    if (*p == '\0')
        return why_is(why, LANG_WHY_SCHED_NO_END);
    if (parse_time(&p, 1, end, why) != 0)
        return ERR_BAD_REQUEST;
    if (*start == *end)
        return why_is(why, LANG_WHY_SCHED_SAME);
    *pp = p;
    return 0;
}

/* Nothing but blanks may follow. */
static int parse_end(const char *p, struct lang_reason *why)
{
    char q[32];

    p = skip_blanks(p);
    if (*p)
        return why_set(why, LANG_WHY_SCHED_TRAILING, quote(p, 0, q, sizeof(q)));
    return 0;
}

int sched_slot_parse(const char *text,
                     struct sched_slot *out,
                     struct lang_reason *why)
{
    struct sched_slot slot;
    const char *p, *w;
    char q[32];
    size_t n;

    if (text_ok(&text, why) != 0)
        return ERR_BAD_REQUEST;
    p = skip_blanks(text);
    if (*p == '\0')
        return why_is(why, LANG_WHY_SCHED_EMPTY_SLOT);
    for (w = p; is_alpha(*w); w++)
        ;
    n = (size_t)(w - p);
    if (n == 0)
        return why_set(why, LANG_WHY_SCHED_WEEKDAY, quote(p, 0, q, sizeof(q)));
    slot.wday = -1;
    for (int i = 0; i < 7; i++)
        if (word_is(p, n, wday_short[i]) || word_is(p, n, wday_long[i]))
            slot.wday = i;
    if (slot.wday < 0)
        return why_set(why, LANG_WHY_SCHED_UNKNOWN_WEEKDAY,
                       quote(p, 0, q, sizeof(q)));
    p = w;
    if (parse_range(&p, &slot.start, &slot.end, why) != 0 ||
        parse_end(p, why) != 0)
        return ERR_BAD_REQUEST;
    *out = slot;
    return 0;
}

int sched_exception_parse(const char *text,
                          struct sched_exception *out,
                          struct lang_reason *why)
{
    struct sched_exception e;
    const char *p, *w;
    char q[32];
    size_t n;

    if (text_ok(&text, why) != 0)
        return ERR_BAD_REQUEST;
    p = skip_blanks(text);
    if (*p == '\0')
        return why_is(why, LANG_WHY_SCHED_EMPTY_EXCEPTION);
    memset(&e, 0, sizeof(e));
    w = p;
    if (read_num(&w, 4, &e.year) != 4 || *w != '-' ||
        (w++, read_num(&w, 2, &e.month)) == 0 || *w != '-' ||
        (w++, read_num(&w, 2, &e.day)) == 0 || (*w && !is_blank(*w)))
        return why_set(why, LANG_WHY_SCHED_DATE, quote(p, 0, q, sizeof(q)));
    if (e.year < 1970)
        return why_num(why, LANG_WHY_SCHED_YEAR, e.year);
    if (e.month < 1 || e.month > 12)
        return why_num(why, LANG_WHY_SCHED_MONTH, e.month);
    if (e.day < 1 || e.day > tz_month_days(e.year, e.month))
        return why_day(why, e.year, e.month, e.day);
    p = skip_blanks(w);
    for (w = p; is_alpha(*w); w++)
        ;
    n = (size_t)(w - p);
    if (*p == '\0')
        return why_is(why, LANG_WHY_SCHED_KIND_MISSING);
    if (word_is(p, n, "closed")) {
        e.kind = SCHED_CLOSED;
        if (*skip_blanks(w))
            return why_is(why, LANG_WHY_SCHED_CLOSED_RANGE);
    } else if (word_is(p, n, "extra")) {
        e.kind = SCHED_EXTRA;
        p = w;
        if (parse_range(&p, &e.start, &e.end, why) != 0 ||
            parse_end(p, why) != 0)
            return ERR_BAD_REQUEST;
    } else {
        return why_set(why, LANG_WHY_SCHED_KIND_UNKNOWN,
                       quote(p, 0, q, sizeof(q)));
    }
    *out = e;
    return 0;
}

static int times_check(int start, int end, struct lang_reason *why)
{
    if (start < 0 || start >= SCHED_MINUTES_PER_DAY)
        return why_num(why, LANG_WHY_SCHED_START_MINUTE, start);
    if (end < 0 || end > SCHED_MINUTES_PER_DAY)
        return why_num(why, LANG_WHY_SCHED_END_MINUTE, end);
    if (start == end)
        return why_is(why, LANG_WHY_SCHED_SAME);
    return 0;
}

int sched_slot_check(const struct sched_slot *slot, struct lang_reason *why)
{
    if (slot == NULL)
        return why_is(why, LANG_WHY_SCHED_NO_SLOT);
    if (slot->wday < 0 || slot->wday > 6)
        return why_num(why, LANG_WHY_SCHED_WEEKDAY_NUMBER, slot->wday);
    return times_check(slot->start, slot->end, why);
}

int sched_exception_check(const struct sched_exception *e,
                          struct lang_reason *why)
{
    if (e == NULL)
        return why_is(why, LANG_WHY_SCHED_NO_EXCEPTION);
    if (e->year < 1970 || e->year > 9999)
        return why_num(why, LANG_WHY_SCHED_YEAR, e->year);
    if (e->month < 1 || e->month > 12)
        return why_num(why, LANG_WHY_SCHED_MONTH, e->month);
    if (e->day < 1 || e->day > tz_month_days(e->year, e->month))
        return why_day(why, e->year, e->month, e->day);
    if (e->kind == SCHED_CLOSED)
        return 0;
    if (e->kind != SCHED_EXTRA)
        return why_num(why, LANG_WHY_SCHED_KIND_NUMBER, (int)e->kind);
    return times_check(e->start, e->end, why);
}

int sched_slot_format(const struct sched_slot *slot, char *buf, size_t len)
{
    if (len > 0)
        buf[0] = '\0';
    if (sched_slot_check(slot, NULL) != 0)
        return ERR_BAD_REQUEST;
    if (len < SCHED_FMT_MAX)
        return ERR_INTERNAL;
    snprintf(buf, len, "%s %02d:%02d-%02d:%02d", wday_short[slot->wday],
             slot->start / 60, slot->start % 60, slot->end / 60,
             slot->end % 60);
    return 0;
}

int sched_exception_format(const struct sched_exception *e,
                           char *buf,
                           size_t len)
{
    if (len > 0)
        buf[0] = '\0';
    if (sched_exception_check(e, NULL) != 0)
        return ERR_BAD_REQUEST;
    if (len < SCHED_FMT_MAX)
        return ERR_INTERNAL;
    if (e->kind == SCHED_CLOSED)
        snprintf(buf, len, "%04d-%02d-%02d closed", e->year, e->month, e->day);
    else
        snprintf(buf, len, "%04d-%02d-%02d extra %02d:%02d-%02d:%02d", e->year,
                 e->month, e->day, e->start / 60, e->start % 60, e->end / 60,
                 e->end % 60);
    return 0;
}

/* ------------------------------------------------------------------ */
/* Sessions                                                           */
/* ------------------------------------------------------------------ */

static int span_cmp(const void *a, const void *b)
{
    const struct span *x = a, *y = b;

    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->end != y->end)
        return x->end < y->end ? -1 : 1;
    return 0;
}

/* Appends the session from minute start of local day d to minute end
 * (of the next day when end <= start), unless it is empty in UTC. */
static void add_span(const struct tz *z,
                     int64_t d,
                     int start,
                     int end,
                     struct span *buf,
                     size_t *n)
{
    int64_t ed = end <= start ? d + 1 : d;
    struct span s;

    s.start = tz_local_to_utc(z, d * 86400 + (int64_t)start * 60, NULL);
    s.end = tz_local_to_utc(z, ed * 86400 + (int64_t)end * 60, NULL);
    /* Empty only when the whole slot lies in a DST gap. */
    if (s.end > s.start)
        buf[(*n)++] = s;
}

/* The sessions starting on local day d, sorted; their number. buf holds
 * nslots + nexceptions entries, enough for any day. */
static size_t day_sessions(const struct sched *s,
                           const struct tz *z,
                           int64_t d,
                           struct span *buf)
{
    int64_t y;
    int m, day, closed = 0, wd = tz_weekday(d);
    size_t n = 0;

    tz_civil_from_days(d, &y, &m, &day);
    for (size_t i = 0; i < s->nexceptions; i++) {
        const struct sched_exception *e = &s->exceptions[i];

        if (e->year != y || e->month != m || e->day != day)
            continue;
        if (e->kind == SCHED_CLOSED)
            closed = 1;
        else
            add_span(z, d, e->start, e->end, buf, &n);
    }
    for (size_t i = 0; !closed && i < s->nslots; i++)
        if (s->slots[i].wday == wd)
            add_span(z, d, s->slots[i].start, s->slots[i].end, buf, &n);
    if (n > 1)
        qsort(buf, n, sizeof(*buf), span_cmp);
    return n;
}

int sched_state_at(const struct sched *s,
                   const struct tz *z,
                   int64_t now,
                   struct sched_state *out)
{
    static const struct sched empty;
    struct span *buf;
    struct tz_tm lt;
    int64_t dn, cs = 0, ce = 0;
    int have_chain = 0, done = 0;

    if (out == NULL)
        return ERR_INTERNAL;
    memset(out, 0, sizeof(*out));
    if (z == NULL)
        return ERR_INTERNAL;
    if (s == NULL)
        s = &empty;
    if ((s->nslots > 0 && s->slots == NULL) ||
        (s->nexceptions > 0 && s->exceptions == NULL))
        return ERR_INTERNAL;
    for (size_t i = 0; i < s->nslots; i++)
        if (sched_slot_check(&s->slots[i], NULL) != 0)
            return ERR_BAD_REQUEST;
    for (size_t i = 0; i < s->nexceptions; i++)
        if (sched_exception_check(&s->exceptions[i], NULL) != 0)
            return ERR_BAD_REQUEST;
    if (s->nslots + s->nexceptions == 0)
        return 0;

    buf = xcalloc(s->nslots + s->nexceptions, sizeof(*buf));
    tz_utc_to_local(z, now, &lt);
    dn = tz_days_from_civil(lt.year, lt.month, lt.day);
    /*
     * A session lasts at most a day of wall time plus what a zone change
     * adds, so none starting before dn - 3 reaches now. Sweep sessions in
     * order of start, merging a chain while the next one starts before
     * the chain ends (or when it ends).
     */
    for (int64_t d = dn - 3; !done && d <= dn + SCHED_HORIZON_DAYS; d++) {
        size_t n = day_sessions(s, z, d, buf);

        for (size_t i = 0; i < n; i++) {
            const struct span *sp = &buf[i];

            if (have_chain && sp->start <= ce) {
                if (sp->end > ce)
                    ce = sp->end;
                continue;
            }
            /* The chain so far is complete: sp starts a new one. */
            if ((have_chain && cs <= now && now < ce) || sp->start > now) {
                out->has_next = 1;
                out->next_open = sp->start;
                done = 1;
                break;
            }
            cs = sp->start;
            ce = sp->end;
            have_chain = 1;
        }
    }
    if (have_chain && cs <= now && now < ce) {
        out->open = 1;
        out->current_end = ce;
    }
    free(buf);
    return 0;
}
