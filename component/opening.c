/*
 * opening.c - opening hours of rooms (see opening.h).
 *
 * One entry per room that has a schedule, keyed by the room's name; rooms
 * without one have no entry and are always open. Each entry caches its
 * last answer for as long as it cannot change: an open room stays open
 * until its session ends, a closed one closed until its next opening. The
 * cache is keyed by the instant asked about, so a clock moved back by a
 * test (clock_set_offset) simply misses it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datefmt.h"
#include "err.h"
#include "hmap.h"
#include "lang.h"
#include "log.h"
#include "opening.h"
#include "store.h"
#include "tz.h"
#include "util.h"

/* The longest a cached answer is trusted: beyond the horizon of the last
 * computation a later search could find more. */
#define CACHE_MAX_S 86400

struct entry {
    int64_t room_id;
    int scheduled; /* 0: only an override keeps this entry */
    struct sched_slot *slots;
    size_t nslots;
    struct sched_exception *exceptions;
    size_t nexceptions;
    char *greeting, *subject;
    int warn_min, staff_before_min, staff_after_min;
    int ov;           /* -1: no override; 0: closed; 1: open */
    int64_t ov_until; /* -1: no end */
    int cached;
    int64_t cache_from, cache_until; /* [from, until): cache holds */
    struct opening_state cache;      /* the schedule's own answer */
};

struct opening {
    struct store *st;
    struct tz *zone;
    struct hmap *rooms; /* name -> struct entry */
};

static void entry_free(struct entry *e)
{
    if (e == NULL)
        return;
    free(e->slots);
    free(e->exceptions);
    free(e->greeting);
    free(e->subject);
    free(e);
}

/* --- loading ------------------------------------------------------------ */

struct load_ctx {
    struct opening *op;
    char *err;
    size_t errlen;
};

static const struct store_hours hours_default = {
    "", "", OPENING_WARN_MIN, OPENING_STAFF_MIN, OPENING_STAFF_MIN};

/* Copies h (or the defaults) into e's settings. */
static void entry_hours(struct entry *e, const struct store_hours *h)
{
    char *greeting, *subject;

    if (h == NULL)
        h = &hours_default;
    /* Copy before freeing: h may be e's own settings (opening_set() with
     * what opening_get() returned), whose strings are the ones freed. */
    greeting = xstrdup(h->greeting);
    subject = xstrdup(h->subject);
    free(e->greeting);
    free(e->subject);
    e->greeting = greeting;
    e->subject = subject;
    e->warn_min = h->warn_min;
    e->staff_before_min = h->staff_before_min;
    e->staff_after_min = h->staff_after_min;
}

static struct entry *entry_new(int64_t room_id)
{
    struct entry *e = xcalloc(1, sizeof(*e));

    e->room_id = room_id;
    e->ov = -1;
    e->ov_until = -1;
    entry_hours(e, NULL);
    return e;
}

static int load_row(const struct store_opening *o, void *ud)
{
    struct load_ctx *lc = ud;
    struct lang_reason why;
    struct entry *e;

    if (!o->scheduled)
        return 0;
    if ((e = hmap_get(lc->op->rooms, o->room)) == NULL) {
        e = entry_new(o->room_id);
        e->scheduled = 1;
        entry_hours(e, o->hours);
        hmap_put(lc->op->rooms, o->room, e);
    }
    if (o->kind == NULL)
        return 0; /* scheduled without lines: never open */
    if (strcmp(o->kind, "slot") == 0) {
        struct sched_slot s;

        if (sched_slot_parse(o->line, &s, &why) != 0)
            goto bad;
        e->slots = xrealloc(e->slots, (e->nslots + 1) * sizeof(s));
        e->slots[e->nslots++] = s;
        return 0;
    } else if (strcmp(o->kind, "exception") == 0) {
        struct sched_exception x;

        if (sched_exception_parse(o->line, &x, &why) != 0)
            goto bad;
        e->exceptions =
            xrealloc(e->exceptions, (e->nexceptions + 1) * sizeof(x));
        e->exceptions[e->nexceptions++] = x;
        return 0;
    }
    snprintf(lc->err, lc->errlen,
             "opening hours of room %s: stored line '%.100s' of unknown "
             "kind '%.20s'",
             o->room, o->line, o->kind);
    return ERR_INTERNAL;
bad:
    /* Refuse to start rather than guess: a dropped "closed" line would
     * open a room to youths when nobody is there. The reason by its key
     * (why_sched_hour ...): a log line, in no reader's language. */
    snprintf(lc->err, lc->errlen,
             "opening hours of room %s: stored line '%.100s' does not "
             "parse (%s)",
             o->room, o->line,
             lang_key_name(why.key) ? lang_key_name(why.key) : "?");
    return ERR_INTERNAL;
}

static int load_override(const struct store_override *o, void *ud)
{
    struct load_ctx *lc = ud;
    struct entry *e;

    if ((e = hmap_get(lc->op->rooms, o->room)) == NULL) {
        e = entry_new(o->room_id);
        hmap_put(lc->op->rooms, o->room, e);
    }
    e->ov = o->open;
    e->ov_until = o->until;
    return 0;
}

struct opening *
opening_load(struct store *st, struct tz *zone, char *err, size_t errlen)
{
    struct opening *op = xcalloc(1, sizeof(*op));
    struct load_ctx lc = {op, err, errlen};
    int rc;

    op->st = st;
    op->zone = zone;
    op->rooms = hmap_new();
    if (errlen > 0)
        err[0] = '\0';
    if ((rc = store_opening_each(st, load_row, &lc)) != 0 ||
        (rc = store_override_each(st, load_override, &lc)) != 0) {
        if (err[0] == '\0')
            snprintf(err, errlen, "cannot read the opening hours");
        opening_free(op);
        return NULL;
    }
    return op;
}

void opening_free(struct opening *op)
{
    struct hmap_iter it;
    const char *k;
    void *v;

    if (op == NULL)
        return;
    if (op->rooms) {
        hmap_iter_init(&it, op->rooms);
        while (hmap_iter_next(&it, &k, &v))
            entry_free(v);
        hmap_free(op->rooms);
    }
    tz_free(op->zone);
    free(op);
}

const struct tz *opening_zone(const struct opening *op)
{
    return op->zone;
}

/* --- reading and changing ------------------------------------------------ */

int opening_get(const struct opening *op, const char *room, struct sched *out)
{
    const struct entry *e = room ? hmap_get(op->rooms, room) : NULL;

    memset(out, 0, sizeof(*out));
    if (e == NULL || !e->scheduled)
        return 0;
    out->slots = e->slots;
    out->nslots = e->nslots;
    out->exceptions = e->exceptions;
    out->nexceptions = e->nexceptions;
    return 1;
}

/* 1 when h's values are within their bounds. */
static int hours_ok(const struct store_hours *h)
{
    return h->greeting && h->subject &&
           strlen(h->greeting) <= OPENING_GREETING_MAX &&
           strlen(h->subject) <= OPENING_GREETING_MAX && h->warn_min >= 0 &&
           h->warn_min <= OPENING_WARN_MAX && h->staff_before_min >= 0 &&
           h->staff_before_min <= OPENING_STAFF_MAX &&
           h->staff_after_min >= 0 && h->staff_after_min <= OPENING_STAFF_MAX;
}

int opening_set(struct opening *op,
                const char *room,
                int64_t room_id,
                const struct sched *s,
                const struct store_hours *h,
                int64_t now,
                const char *by)
{
    size_t ns = s ? s->nslots : 0, nx = s ? s->nexceptions : 0;
    char(*text)[SCHED_FMT_MAX] = NULL;
    const char **slots = NULL, **excs = NULL;
    struct entry *e;
    int rc = 0;

    if (h == NULL)
        h = &hours_default;
    if (room == NULL || ns > OPENING_MAX_LINES || nx > OPENING_MAX_LINES ||
        (ns && s->slots == NULL) || (nx && s->exceptions == NULL) ||
        !hours_ok(h))
        return ERR_BAD_REQUEST;
    /* Check and format everything before anything is stored. */
    text = xcalloc(ns + nx + 1, sizeof(*text));
    slots = xcalloc(ns + 1, sizeof(*slots));
    excs = xcalloc(nx + 1, sizeof(*excs));
    for (size_t i = 0; i < ns && rc == 0; i++) {
        rc = sched_slot_format(&s->slots[i], text[i], sizeof(text[i]));
        slots[i] = text[i];
    }
    for (size_t i = 0; i < nx && rc == 0; i++) {
        rc = sched_exception_format(&s->exceptions[i], text[ns + i],
                                    sizeof(text[ns + i]));
        excs[i] = text[ns + i];
    }
    if (rc == 0)
        rc =
            store_opening_set(op->st, room_id, slots, ns, excs, nx, h, now, by);
    free(text);
    free(slots);
    free(excs);
    if (rc != 0)
        return rc;
    if ((e = hmap_get(op->rooms, room)) == NULL) {
        if (ns + nx == 0)
            return 0;
        e = entry_new(room_id);
        hmap_put(op->rooms, room, e);
    }
    free(e->slots);
    free(e->exceptions);
    e->slots = NULL;
    e->exceptions = NULL;
    if (ns) {
        e->slots = xcalloc(ns, sizeof(*e->slots));
        memcpy(e->slots, s->slots, ns * sizeof(*e->slots));
    }
    if (nx) {
        e->exceptions = xcalloc(nx, sizeof(*e->exceptions));
        memcpy(e->exceptions, s->exceptions, nx * sizeof(*e->exceptions));
    }
    e->nslots = ns;
    e->nexceptions = nx;
    e->scheduled = ns + nx > 0;
    e->cached = 0;
    entry_hours(e, h);
    /* Without a schedule an entry lives only for a "closed" override. */
    if (!e->scheduled && e->ov != 0)
        entry_free(hmap_del(op->rooms, room));
    return 0;
}

void opening_hours(const struct opening *op,
                   const char *room,
                   struct store_hours *out)
{
    const struct entry *e = room ? hmap_get(op->rooms, room) : NULL;

    if (e == NULL) {
        *out = hours_default;
        return;
    }
    *out = (struct store_hours){e->greeting, e->subject, e->warn_min,
                                e->staff_before_min, e->staff_after_min};
}

int opening_override(struct opening *op,
                     const char *room,
                     int64_t room_id,
                     int open,
                     int64_t until,
                     int64_t now,
                     const char *by)
{
    struct store_override o = {room_id, room, open != 0, until};
    struct entry *e;
    int rc;

    if (room == NULL || (until >= 0 && until <= now) || (open && until < 0))
        return ERR_BAD_REQUEST;
    e = hmap_get(op->rooms, room);
    if (open && (e == NULL || !e->scheduled))
        return ERR_BAD_REQUEST; /* always open already */
    if ((rc = store_override_set(op->st, &o, now, by)) != 0)
        return rc;
    if (e == NULL) {
        e = entry_new(room_id);
        hmap_put(op->rooms, room, e);
    }
    e->ov = o.open;
    e->ov_until = until;
    return 0;
}

int opening_override_clear(struct opening *op,
                           const char *room,
                           int64_t room_id)
{
    struct entry *e = room ? hmap_get(op->rooms, room) : NULL;
    int rc;

    if ((rc = store_override_clear(op->st, room_id)) != 0)
        return rc;
    if (e == NULL)
        return 0;
    e->ov = -1;
    e->ov_until = -1;
    if (!e->scheduled)
        entry_free(hmap_del(op->rooms, room));
    return 0;
}

void opening_forget(struct opening *op, const char *room)
{
    if (op && room)
        entry_free(hmap_del(op->rooms, room));
}

/* The schedule's own state of e at now (always open without one), cached
 * for as long as it cannot change. 0 or ERR_INTERNAL. */
static int sched_of(struct opening *op,
                    const char *room,
                    struct entry *e,
                    int64_t now,
                    struct opening_state *out)
{
    struct sched s;
    struct sched_state ss;
    int64_t until;

    memset(out, 0, sizeof(*out));
    if (!e->scheduled) {
        out->open = 1;
        return 0;
    }
    if (e->cached && now >= e->cache_from && now < e->cache_until) {
        *out = e->cache;
        return 0;
    }
    s = (struct sched){e->slots, e->nslots, e->exceptions, e->nexceptions};
    out->scheduled = 1;
    if (sched_state_at(&s, op->zone, now, &ss) != 0) {
        log_error("opening: room %s: the schedule cannot be evaluated; "
                  "it stays closed",
                  room);
        e->cached = 0;
        return ERR_INTERNAL;
    }
    out->open = ss.open;
    out->current_end = ss.open ? ss.current_end : 0;
    out->has_next = ss.has_next;
    out->next_open = ss.has_next ? ss.next_open : 0;
    /* The answer holds until the room opens or closes. */
    until = now + CACHE_MAX_S;
    if (ss.open && ss.current_end < until)
        until = ss.current_end;
    else if (!ss.open && ss.has_next && ss.next_open < until)
        until = ss.next_open;
    e->cached = until > now;
    e->cache_from = now;
    e->cache_until = until;
    e->cache = *out;
    return 0;
}

int opening_sched_state(struct opening *op,
                        const char *room,
                        int64_t now,
                        struct opening_state *out)
{
    struct entry *e = room ? hmap_get(op->rooms, room) : NULL;

    if (e == NULL) {
        memset(out, 0, sizeof(*out));
        out->open = 1;
        return 0;
    }
    return sched_of(op, room, e, now, out);
}

int opening_state(struct opening *op,
                  const char *room,
                  int64_t now,
                  struct opening_state *out)
{
    struct entry *e = room ? hmap_get(op->rooms, room) : NULL;
    struct opening_state at;
    int64_t end;
    int rc;

    if (e == NULL || e->ov < 0 || (e->ov_until >= 0 && now >= e->ov_until))
        return opening_sched_state(op, room, now, out);
    /* An override in force decides; the schedule says what follows. */
    memset(out, 0, sizeof(*out));
    out->scheduled = 1;
    out->overridden = 1;
    if (e->ov == 0) {
        if (e->ov_until < 0)
            return 0; /* closed until someone opens it */
        if ((rc = sched_of(op, room, e, e->ov_until, &at)) != 0)
            return rc;
        out->has_next = at.open || at.has_next;
        out->next_open = at.open ? e->ov_until : at.next_open;
        return 0;
    }
    /* Open until ov_until, or past it while a scheduled session runs on. */
    out->open = 1;
    end = e->ov_until;
    if ((rc = sched_of(op, room, e, end, &at)) != 0)
        return rc;
    if (at.open)
        end = at.current_end;
    out->current_end = end;
    if ((rc = sched_of(op, room, e, end, &at)) != 0)
        return rc;
    out->has_next = at.has_next;
    out->next_open = at.next_open;
    return 0;
}

/* --- formatting ---------------------------------------------------------- */

static const char *const wday_en[7] = {"Monday",   "Tuesday", "Wednesday",
                                       "Thursday", "Friday",  "Saturday",
                                       "Sunday"};

size_t opening_format_local(
    const struct opening *op, int64_t t, int with_day, char *buf, size_t len)
{
    struct tz_tm tm;
    int n;

    if (len == 0)
        return 0;
    tz_utc_to_local(op->zone, t, &tm);
    if (with_day)
        n = snprintf(buf, len, "%s %04d-%02d-%02d %02d:%02d",
                     wday_en[tm.wday % 7], tm.year, tm.month, tm.day, tm.hour,
                     tm.min);
    else
        n = snprintf(buf, len, "%02d:%02d", tm.hour, tm.min);
    if (n < 0) {
        buf[0] = '\0';
        return 0;
    }
    return (size_t)n < len ? (size_t)n : len - 1;
}

size_t
opening_format_stamp(const struct opening *op, int64_t t, char *buf, size_t len)
{
    struct tz_tm tm;
    int n, off;

    if (len == 0)
        return 0;
    tz_utc_to_local(op->zone, t, &tm);
    off = tm.offset < 0 ? -tm.offset : tm.offset;
    n = snprintf(buf, len, "%04d-%02d-%02d %02d:%02d:%02d %c%02d:%02d", tm.year,
                 tm.month, tm.day, tm.hour, tm.min, tm.sec,
                 tm.offset < 0 ? '-' : '+', off / 3600, off % 3600 / 60);
    if (n < 0) {
        buf[0] = '\0';
        return 0;
    }
    return (size_t)n < len ? (size_t)n : len - 1;
}

/* The number of the n digits at s, or -1 when one is not a digit. */
static int digits(const char *s, int n)
{
    int v = 0;

    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

int opening_parse_local(const struct opening *op,
                        const char *text,
                        int64_t *out)
{
    static const char shape[] = "dddd-dd-dd dd:dd";
    size_t len = strlen(text);
    int y, mo, d, h, mi, sec = 0;

    if (len != sizeof(shape) - 1 && len != sizeof(shape) + 2)
        return ERR_BAD_REQUEST;
    for (size_t i = 0; i < sizeof(shape) - 1; i++)
        if (shape[i] != 'd' && text[i] != shape[i])
            return ERR_BAD_REQUEST;
    y = digits(text, 4);
    mo = digits(text + 5, 2);
    d = digits(text + 8, 2);
    h = digits(text + 11, 2);
    mi = digits(text + 14, 2);
    if (len > sizeof(shape) - 1 &&
        (text[16] != ':' || (sec = digits(text + 17, 2)) < 0))
        return ERR_BAD_REQUEST;
    if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > tz_month_days(y, mo) ||
        h < 0 || h > 23 || mi < 0 || mi > 59 || sec > 59)
        return ERR_BAD_REQUEST;
    *out =
        tz_local_to_utc(op->zone, tz_local_seconds(y, mo, d, h, mi, sec), NULL);
    return 0;
}

size_t opening_format_utc(int64_t t, char *buf, size_t len)
{
    int64_t days = t / 86400, secs = t % 86400, year;
    int month, day, n;

    if (len == 0)
        return 0;
    if (secs < 0) { /* floor for instants before 1970 */
        secs += 86400;
        days--;
    }
    tz_civil_from_days(days, &year, &month, &day);
    n = snprintf(buf, len, "%04lld-%02d-%02dT%02d:%02d:%02dZ", (long long)year,
                 month, day, (int)(secs / 3600), (int)(secs / 60 % 60),
                 (int)(secs % 60));
    if (n < 0) {
        buf[0] = '\0';
        return 0;
    }
    return (size_t)n < len ? (size_t)n : len - 1;
}

/* The date and the time of day of tm in catalogue c's locale and
 * patterns (cldr_*); 2026-12-07 and 16:00 if ICU refuses them. */
static void local_date_time(const struct lang_cat *c,
                            const struct tz_tm *tm,
                            char *date,
                            size_t dlen,
                            char *hm,
                            size_t hlen)
{
    const char *loc = lang_text(c, LANG_CLDR_LOCALE);

    if (date && datefmt_local(loc, lang_text(c, LANG_CLDR_DATE), tm, date,
                              dlen) != 0) {
        log_warn("lang: %s: cldr_date '%s' of %s cannot be used",
                 lang_code(c), lang_text(c, LANG_CLDR_DATE), loc);
        snprintf(date, dlen, "%04d-%02d-%02d", tm->year % 10000, tm->month,
                 tm->day);
    }
    if (hm && datefmt_local(loc, lang_text(c, LANG_CLDR_TIME), tm, hm,
                            hlen) != 0) {
        log_warn("lang: %s: cldr_time '%s' of %s cannot be used",
                 lang_code(c), lang_text(c, LANG_CLDR_TIME), loc);
        snprintf(hm, hlen, "%02d:%02d", tm->hour, tm->min);
    }
}

int opening_when_text(const struct opening *op,
                      const struct lang_cat *c,
                      enum lang_key k,
                      int64_t t,
                      char *buf,
                      size_t len)
{
    struct tz_tm tm;
    char date[OPENING_FMT_MAX], hm[OPENING_FMT_MAX];
    const char *args[3];

    tz_utc_to_local(op->zone, t, &tm);
    local_date_time(c, &tm, date, sizeof(date), hm, sizeof(hm));
    args[0] = lang_text(c, (enum lang_key)(LANG_WEEKDAY_MON + tm.wday % 7));
    args[1] = date;
    args[2] = hm;
    return lang_format(c, k, buf, len, args, 3);
}

size_t opening_time_text(const struct opening *op,
                         const struct lang_cat *c,
                         int64_t t,
                         char *buf,
                         size_t len)
{
    struct tz_tm tm;

    if (len == 0)
        return 0;
    tz_utc_to_local(op->zone, t, &tm);
    local_date_time(c, &tm, NULL, 0, buf, len);
    return strlen(buf);
}

int opening_closed_text(const struct opening *op,
                        const struct lang_cat *c,
                        const struct opening_state *st,
                        char *buf,
                        size_t len)
{
    if (!st->has_next)
        return lang_format(c, LANG_CLOSED, buf, len, NULL, 0);
    return opening_when_text(op, c, LANG_CLOSED_NEXT, st->next_open, buf, len);
}
