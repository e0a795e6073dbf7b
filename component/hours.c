/*
 * hours.c - opening hours at the XMPP edge (see hours.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "clock.h"
#include "config.h"
#include "err.h"
#include "form.h"
#include "hmap.h"
#include "hours.h"
#include "lang.h"
#include "log.h"
#include "muc.h"
#include "opening.h"
#include "router.h"
#include "staff.h"
#include "stats.h"
#include "store.h"
#include "tz.h"
#include "util.h"

/* Who someone is for the hours: in always, staff (their windows around
 * sessions), or a youth (only while open). */
enum who { WHO_ALWAYS, WHO_STAFF, WHO_YOUTH };

static enum who who_of(struct app *app, const char *bare, enum affil affil)
{
    /* Staff first: their registry role gives them a room affiliation. */
    if (config_is_admin(app->cfg, bare))
        return WHO_ALWAYS;
    if (staffs_get(app->staff, bare) != NULL || affil == AFF_MEMBER)
        return WHO_STAFF;
    return affil >= AFF_ADMIN ? WHO_ALWAYS : WHO_YOUTH;
}

/*
 * 1 when staff may be in r at now while it is closed (st): in the
 * preparation time before the next opening or the debrief time after the
 * last closing. Else 0, with *from the instant they may enter next (-1:
 * none planned).
 *
 * A last closing after now (the clock was set back, or the system clock
 * stepped back) opens no debrief time: only the preparation time counts
 * then, as if the session had not been.
 */
static int staff_window(struct app *app,
                        const struct room *r,
                        const struct opening_state *st,
                        int64_t now,
                        int64_t *from)
{
    struct store_hours h;

    opening_hours(app->opening, r->name, &h);
    *from = -1;
    if (r->sess.last_end >= 0 && now >= r->sess.last_end &&
        now < r->sess.last_end + (int64_t)h.staff_after_min * 60)
        return 1;
    if (st->has_next) {
        *from = st->next_open - (int64_t)h.staff_before_min * 60;
        return now >= *from;
    }
    return 0;
}

/* 1 when bare (affiliation affil) may be in r at now (state st). */
static int may_be_in(struct app *app,
                     const struct room *r,
                     const char *bare,
                     enum affil affil,
                     const struct opening_state *st,
                     int64_t now,
                     enum who *who,
                     int64_t *from)
{
    *who = who_of(app, bare, affil);
    *from = -1;
    if (st->open || *who == WHO_ALWAYS)
        return 1;
    return *who == WHO_STAFF && staff_window(app, r, st, now, from);
}

int hours_gate(struct req *rq,
               const struct room *r,
               const char *bare,
               enum affil affil,
               char *buf,
               size_t len)
{
    struct app *app = rq->app;
    struct opening_state st;
    const struct lang_cat *c;
    int64_t now = clock_now(), from;
    enum who who;

    /* Issue 5: youths only while the session is open; staff also in the
     * preparation and debrief times around it; admins and the room's
     * owners whenever they need. */
    opening_state(app->opening, r->name, now, &st);
    if (may_be_in(app, r, bare, affil, &st, now, &who, &from))
        return 0;
    c = lang_pick(app->lang, rq->lang, app->cfg->language);
    if (who == WHO_STAFF && from >= 0)
        opening_when_text(app->opening, c, LANG_STAFF_EARLY, from, buf, len);
    else if (who == WHO_STAFF)
        lang_format(c, LANG_STAFF_CLOSED, buf, len, NULL, 0);
    else
        opening_closed_text(app->opening, c, &st, buf, len);
    rq->why = buf;
    rq->why_lang = lang_code(c);
    log_debug("hours: %s refused from closed room %s (%s)", bare, r->name,
              lang_code(c));
    return ERR_NOT_ALLOWED_CANCEL;
}

/* --- sessions and their edges -------------------------------------------- */

/* Writes r's running session to the store; ended >= 0 ends it. */
static void
session_store(struct app *app, struct room *r, int64_t ended, const char *by)
{
    struct store_session ss = {
        .id = r->sess.id,
        .planned_end = r->sess.planned_end,
        .ended = ended,
        .closed_by = by ? by : "schedule",
        .youths = r->sess.youths,
        .peak = r->sess.peak,
        .messages = r->sess.messages,
        .held = r->sess.held,
        .peak_youths = r->sess.peak_youths,
        .asked = r->sess.asked,
        .published = r->sess.published,
        .rejected = r->sess.rejected,
        .reports = r->sess.reports,
        .kicks = r->sess.kicks,
        .bans = r->sess.bans,
    };

    r->sess.flushed = clock_now();
    if (r->sess.id > 0 && store_session_update(app->store, &ss) != 0)
        log_error("hours: the session of %s could not be stored", r->name);
}

/* What the room says at a transition, to be worded in each language:
 * fixed text (an admin's own greeting), else key k with its args. The
 * argument numbered time_arg (1-based; 0: none) is the time of day of
 * at, written as each language writes times (16.00, 16:00). */
struct say {
    const char *fixed;
    enum lang_key k;
    const char *args[2];
    size_t nargs;
    int time_arg;
    int64_t at;
};

static void say_text(
    struct app *app, const struct lang_cat *c, char *buf, size_t len, void *ud)
{
    const struct say *s = ud;
    const char *args[2] = {s->args[0], s->args[1]};
    char when[OPENING_FMT_MAX];

    if (s->fixed) {
        str_lcpy(buf, s->fixed, len);
        return;
    }
    if (s->time_arg > 0 && (size_t)s->time_arg <= s->nargs) {
        opening_time_text(app->opening, c, s->at, when, sizeof(when));
        args[s->time_arg - 1] = when;
    }
    lang_format(c, s->k, buf, len, args, s->nargs);
}

/* The greeting of a session that ends at end, with r's hours h: the
 * room's own, or the catalogue's naming the closing time. g points into
 * h. */
static void greeting(const struct store_hours *h, int64_t end, struct say *g)
{
    if (h->greeting[0]) {
        *g = (struct say){.fixed = h->greeting};
        return;
    }
    *g = (struct say){.k = LANG_GREETING, .nargs = 1, .time_arg = 1,
                      .at = end};
}

/*
 * The visitor key of the month (the service's zone) a session that
 * started at `started` counts its visitors with, into r's session; month
 * is the stored one, or NULL to work it out. Without a key (a store
 * error) the session counts no visitors: r->sess.month stays "".
 */
static void session_key(struct app *app, struct room *r, int64_t started,
                        const char *month)
{
    char m[STATS_MONTH_LEN];

    if (month == NULL || strlen(month) != STATS_MONTH_LEN - 1)
        stats_month_of(opening_zone(app->opening), started, m);
    else
        str_lcpy(m, month, sizeof(m));
    r->sess.month[0] = '\0';
    if (store_visitor_key(app->store, m, r->sess.vkey) != 0) {
        log_error("hours: no visitor key for %s: its visitors are not "
                  "counted", r->name);
        return;
    }
    str_lcpy(r->sess.month, m, sizeof(r->sess.month));
}

/* Deletes the visitor keys of months that are over (none of their
 * sessions still running); now's month is remembered in app. */
static void prune_keys(struct app *app, int64_t now)
{
    stats_month_of(opening_zone(app->opening), now, app->month);
    if (store_visitor_keys_prune(app->store, app->month) != 0)
        log_error("hours: the visitor keys of past months could not be "
                  "deleted");
}

static void session_begin(struct app *app,
                          struct room *r,
                          const struct opening_state *st,
                          int64_t now,
                          const char *by)
{
    char month[STATS_MONTH_LEN];
    struct store_session ss = {
        .room_id = r->id,
        .started = now,
        .planned_end = st->current_end ? st->current_end : -1,
        .opened_by = by ? by : "schedule",
        .month = month,
    };
    struct store_hours h;
    char when[OPENING_FMT_MAX];

    stats_month_of(opening_zone(app->opening), now, month);
    if (store_session_start(app->store, &ss) != 0) {
        log_error("hours: the session of %s is not recorded", r->name);
        ss.id = -1; /* runs all the same */
    }
    r->sess = (struct room_session){
        .id = ss.id,
        .started = now,
        .planned_end = ss.planned_end,
        .last_end = r->sess.last_end,
        .flushed = now,
        .seen = now,
        .peak = (unsigned)room_occupants(r),
    };
    if (ss.id > 0)
        session_key(app, r, now, month);
    /* Staff in for the preparation time are on duty in this session. */
    muc_stats_present(app, r);
    struct say g;

    opening_format_utc(st->current_end, when, sizeof(when));
    log_info("hours: %s opens until %s (%s)", r->name, when, ss.opened_by);
    opening_hours(app->opening, r->name, &h);
    if (h.subject[0] && strcmp(h.subject, r->subject) != 0 &&
        muc_room_subject(app, r, h.subject) != 0)
        log_error("hours: the subject of %s could not be set", r->name);
    /* Not in the history: everyone who enters later is greeted in the
     * language they entered with (hours_greet()). */
    greeting(&h, st->current_end, &g);
    muc_room_say(app, r, say_text, &g, 0);
}

void hours_greet(struct app *app, struct room *r, const struct occupant *o,
                 const char *full)
{
    struct opening_state st;
    struct store_hours h;
    struct say g;

    if (!r->persistent || !r->sess.id)
        return;
    opening_state(app->opening, r->name, clock_now(), &st);
    if (!st.scheduled || !st.open)
        return;
    opening_hours(app->opening, r->name, &h);
    greeting(&h, st.current_end, &g);
    muc_room_tell(app, r, o, full, say_text, &g);
}

static void
session_end(struct app *app, struct room *r, int64_t now, const char *by)
{
    int64_t ended = now;

    /* A transition applied late (after a restart, or a clock moved by a
     * test) ends the session when it was due, not when we noticed. */
    if (by == NULL && r->sess.planned_end >= 0 && r->sess.planned_end < now)
        ended = r->sess.planned_end;
    /* The clock stepped back out of the session (set back, or the system
     * clock corrected): it ran until the latest instant it was seen open,
     * never ending before that. Its debrief time then lies after now and
     * opens no staff window (staff_window()); youths leave as at any
     * closing. */
    if (ended < r->sess.seen) {
        char was[32], is[32];

        opening_format_utc(r->sess.seen, was, sizeof(was));
        opening_format_utc(now, is, sizeof(is));
        log_warn("hours: the clock stepped back from %s to %s; the session "
                 "of %s is recorded as ended at %s", was, is, r->name, was);
        ended = r->sess.seen;
    }

    session_store(app, r, ended, by);
    log_info("hours: %s closes (%u youths, peak %u, %u messages, %u held)",
             r->name, r->sess.youths, r->sess.peak, r->sess.messages,
             r->sess.held);
    /* Questions still waiting go with the youths who asked them. */
    if (r->nqueue > 0)
        log_info("hours: %zu questions still waiting in %s are dropped",
                 r->nqueue, r->name);
    room_unhold_all(app->rooms, r);
    r->sess = (struct room_session){.planned_end = -1, .last_end = ended};
    /* Its month may be over, and its visitor key with it. */
    prune_keys(app, now);
}

/* Removes everyone the hours no longer let in, politely (§9.7-like 322:
 * the room is closed to them now). */
static void evict(struct app *app,
                  struct room *r,
                  const struct opening_state *st,
                  int64_t now)
{
    struct occupant **out = NULL;
    struct hmap_iter it;
    const char *k;
    void *v;
    size_t n = 0;
    char text[LANG_LINE_MAX];

    hmap_iter_init(&it, r->by_nick);
    while (hmap_iter_next(&it, &k, &v)) {
        struct occupant *o = v;
        enum who who;
        int64_t from;

        if (!may_be_in(app, r, o->bare, o->affil, st, now, &who, &from)) {
            out = xrealloc(out, (n + 1) * sizeof(*out));
            out[n++] = o;
        }
    }
    if (n == 0)
        return;
    for (size_t i = 0; i < n; i++) {
        /* Each in the language it entered with. */
        const struct lang_cat *c = muc_occupant_lang(app, out[i]);

        if (who_of(app, out[i]->bare, out[i]->affil) == WHO_STAFF)
            lang_format(c, LANG_STAFF_OVER, text, sizeof(text), NULL, 0);
        else if (st->has_next)
            opening_when_text(app->opening, c, LANG_BYE_NEXT, st->next_open,
                              text, sizeof(text));
        else
            lang_format(c, LANG_BYE, text, sizeof(text), NULL, 0);
        muc_remove_occupant(app, out[i], 322, NULL, text);
    }
    log_info("hours: %zu left %s as it closed to them", n, r->name);
    free(out);
}

void hours_apply(struct app *app, struct room *r, const char *by)
{
    struct opening_state st;
    struct store_hours h;
    int64_t now = clock_now();

    if (!r->persistent)
        return;
    opening_state(app->opening, r->name, now, &st);
    if (!st.scheduled) {
        /* No hours (any more): always open, no sessions to keep. */
        if (r->sess.id)
            session_end(app, r, now, by);
        return;
    }
    if (!st.open) {
        if (r->sess.id)
            session_end(app, r, now, by);
        else if (by)
            r->sess.last_end = now; /* closed by hand: staff debrief too */
        if (room_occupants(r) > 0)
            evict(app, r, &st, now);
        return;
    }
    if (!r->sess.id)
        session_begin(app, r, &st, now, by);
    if (now > r->sess.seen)
        r->sess.seen = now;
    opening_hours(app->opening, r->name, &h);
    if (st.current_end && st.current_end != r->sess.planned_end) {
        /* Extended (or shortened) while running. */
        if (st.current_end > r->sess.planned_end)
            muc_room_say(app, r, say_text,
                         &(struct say){.k = LANG_EXTENDED,
                                       .nargs = 1,
                                       .time_arg = 1,
                                       .at = st.current_end},
                         0);
        r->sess.planned_end = st.current_end;
        r->sess.warned = 0;
        session_store(app, r, -1, NULL);
    }
    if (!r->sess.warned && h.warn_min > 0 && st.current_end &&
        now >= st.current_end - (int64_t)h.warn_min * 60) {
        char mins[24];

        snprintf(mins, sizeof(mins), "%lld",
                 (long long)((st.current_end - now + 59) / 60));
        muc_room_say(app, r, say_text,
                     &(struct say){.k = LANG_CLOSING_SOON,
                                   .args = {mins},
                                   .nargs = 2,
                                   .time_arg = 2,
                                   .at = st.current_end},
                     0);
        r->sess.warned = 1;
    }
    if (now - r->sess.flushed >= HOURS_FLUSH_S)
        session_store(app, r, -1, NULL);
}

void hours_tick(struct app *app)
{
    struct room **rooms;
    int64_t now = clock_now();
    size_t n;

    /* Transitions are to the second: one pass per second is enough. */
    if (now == app->hours_at)
        return;
    app->hours_at = now;
    {
        char month[STATS_MONTH_LEN];

        /* A new month: the last one's visitor key goes (unless one of
         * its sessions still runs; then at that session's end). */
        stats_month_of(opening_zone(app->opening), now, month);
        if (strcmp(month, app->month) != 0)
            prune_keys(app, now);
    }
    rooms = rooms_sorted(app->rooms, &n);
    for (size_t i = 0; i < n; i++)
        hours_apply(app, rooms[i], NULL);
    free(rooms);
}

static int load_running(const struct store_session *ss, void *ud)
{
    struct app *app = ud;
    struct room *r = rooms_get(app->rooms, ss->room);

    if (r == NULL)
        return 0;
    r->sess.id = ss->id;
    r->sess.started = ss->started;
    r->sess.planned_end = ss->planned_end;
    r->sess.flushed = clock_now();
    r->sess.seen = ss->started;
    r->sess.youths = ss->youths;
    r->sess.peak = ss->peak;
    r->sess.messages = ss->messages;
    r->sess.held = ss->held;
    r->sess.peak_youths = ss->peak_youths;
    r->sess.asked = ss->asked;
    r->sess.published = ss->published;
    r->sess.rejected = ss->rejected;
    r->sess.reports = ss->reports;
    r->sess.kicks = ss->kicks;
    r->sess.bans = ss->bans;
    /* Questions published before the restart wait for no answer: their
     * publication times were in memory only. */
    session_key(app, r, ss->started, ss->month);
    return 0;
}

int hours_load(struct app *app)
{
    struct room **rooms;
    size_t n;
    int rc = 0;

    rooms = rooms_sorted(app->rooms, &n);
    for (size_t i = 0; i < n && rc == 0; i++)
        if (rooms[i]->persistent)
            rc = store_session_last_end(app->store, rooms[i]->id,
                                        &rooms[i]->sess.last_end);
    free(rooms);
    if (rc == 0)
        rc = store_session_each(app->store, 1, 0, 0, load_running, app);
    return rc;
}

void hours_flush(struct app *app)
{
    struct room **rooms;
    size_t n;

    rooms = rooms_sorted(app->rooms, &n);
    for (size_t i = 0; i < n; i++)
        if (rooms[i]->sess.id > 0)
            session_store(app, rooms[i], -1, NULL);
    free(rooms);
}

/* 1 when instants a and b fall on the same local date. */
static int same_local_day(const struct tz *z, int64_t a, int64_t b)
{
    struct tz_tm x, y;

    tz_utc_to_local(z, a, &x);
    tz_utc_to_local(z, b, &y);
    return x.year == y.year && x.month == y.month && x.day == y.day;
}

/* The four texts a room's state is told with: open until (a time),
 * open until (a day), closed with the next opening, closed. */
struct state_keys {
    enum lang_key until, until_day, closed_next, closed;
};

static const struct state_keys staff_keys = {
    LANG_ADHOC_HOURS_OPEN_UNTIL, LANG_ADHOC_HOURS_OPEN_UNTIL_DAY,
    LANG_ADHOC_HOURS_CLOSED_NEXT, LANG_ADHOC_HOURS_CLOSED};
static const struct state_keys youth_keys = {
    LANG_INFO_OPEN_UNTIL, LANG_INFO_OPEN_UNTIL_DAY, LANG_INFO_CLOSED_NEXT,
    LANG_INFO_CLOSED};

static int state_text(struct app *app, const struct room *r,
                      const struct lang_cat *c, const struct state_keys *k,
                      char *buf, size_t len)
{
    struct opening_state st;
    int64_t now = clock_now();
    char when[OPENING_FMT_MAX];

    if (len > 0)
        buf[0] = '\0';
    opening_state(app->opening, r->name, now, &st);
    if (!st.scheduled)
        return 0;
    if (st.open &&
        same_local_day(opening_zone(app->opening), now, st.current_end)) {
        const char *args[] = {when};

        /* "until 18.00" today */
        opening_time_text(app->opening, c, st.current_end, when,
                          sizeof(when));
        lang_format(c, k->until, buf, len, args, 1);
    } else if (st.open) {
        /* A session past midnight names its day. */
        opening_when_text(app->opening, c, k->until_day, st.current_end, buf,
                          len);
    } else if (st.has_next) {
        opening_when_text(app->opening, c, k->closed_next, st.next_open, buf,
                          len);
    } else {
        lang_format(c, k->closed, buf, len, NULL, 0);
    }
    return 1;
}

int hours_state_text(struct app *app, const struct room *r,
                     const struct lang_cat *c, char *buf, size_t len)
{
    return state_text(app, r, c, &staff_keys, buf, len);
}

void hours_describe(struct app *app,
                    const struct room *r,
                    const struct lang_cat *c,
                    struct sbuf *d)
{
    char text[512];

    if (!state_text(app, r, c, &youth_keys, text, sizeof(text)))
        return;
    if (d->len)
        sb_add(d, "\n");
    sb_add(d, text);
}

void hours_roominfo(struct app *app, const struct room *r, xmpp_stanza_t *x)
{
    struct opening_state st;
    char next[32];

    opening_state(app->opening, r->name, clock_now(), &st);
    form_add_field(x, HOURS_FIELD_OPEN, "boolean", "Open now",
                   st.open ? "1" : "0", 0);
    if (st.has_next) {
        opening_format_utc(st.next_open, next, sizeof(next));
        form_add_field(x, HOURS_FIELD_NEXT, "text-single", "Next opening (UTC)",
                       next, 0);
    }
}
