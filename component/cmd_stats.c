/*
 * cmd_stats.c - the statistics command (issue 16): a room's figures for
 * one session, a calendar month or a range of dates, with a CSV of them
 * an admin can save.
 *
 * A row for adhoc.c, written like the others: stage 0 shows the form,
 * stage 1 checks everything submitted, then reads the store (stats.h
 * defines the figures, store_stats.c reads them) and answers a result
 * form. Admins and staff of the registry may run it, as session-log.
 * Counts only: nothing in it names anyone. Its texts are in the caller's
 * language (adhoc.h); the CSV's columns stay English, for spreadsheets.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adhoc.h"
#include "app.h"
#include "cmd.h"
#include "config.h"
#include "err.h"
#include "form.h"
#include "opening.h"
#include "room.h"
#include "staff.h"
#include "stanza.h"
#include "stats.h"
#include "store.h"
#include "util.h"

#define NODE_STATS "statistics"
/* Sessions offered in the form's list, the newest first. */
#define STATS_SESSIONS_OFFERED 20
/* Sessions one answer covers, at most (a year of daily ones). */
#define STATS_ROWS_MAX 400

/* "2026-03-02 16:00" in the service's zone, into buf. */
static void local_minute(struct app *app, int64_t t, char *buf, size_t len)
{
    char stamp[64];

    opening_format_stamp(app->opening, t, stamp, sizeof(stamp));
    stamp[16] = '\0';
    str_lcpy(buf, stamp, len);
}

static int offer_session(const struct store_session *ss, void *ud)
{
    struct adhoc_step *s = ((void **)ud)[0];
    xmpp_stanza_t *f = ((void **)ud)[1];
    char when[32], id[24], *label;

    local_minute(s->app, ss->started, when, sizeof(when));
    snprintf(id, sizeof(id), "%lld", (long long)ss->id);
    label = xasprintf("%s: %s (#%s)", ss->room, when, id);
    form_add_option(f, label, id);
    free(label);
    return 0;
}

static void show_form(struct adhoc_step *s)
{
    xmpp_stanza_t *f;
    void *ud[2];

    s->out = form_new(s->app->ctx, "form", adhoc_text(s, LANG_ADHOC_STATS),
                      adhoc_format(s, LANG_ADHOC_STATS_INS,
                                   ADHOC_ARGS(s->app->cfg->timezone)));
    cmd_room_field(s);
    f = form_add_field(s->out, "session", "list-single",
                       adhoc_text(s, LANG_ADHOC_STATS_SESSION_FIELD), NULL, 0);
    ud[0] = s;
    ud[1] = f;
    store_session_each(s->app->store, 0, 0, STATS_SESSIONS_OFFERED,
                       offer_session, ud);
    form_add_field(s->out, "month", "text-single",
                   adhoc_text(s, LANG_ADHOC_STATS_MONTH_FIELD), NULL, 0);
    form_add_field(s->out, "from", "text-single",
                   adhoc_text(s, LANG_ADHOC_STATS_FROM_FIELD), NULL, 0);
    form_add_field(s->out, "to", "text-single",
                   adhoc_text(s, LANG_ADHOC_STATS_TO_FIELD), NULL, 0);
    s->stage = 1;
}

/* The stored room the form names ("name" or "name@service"), or NULL
 * with s->why and *rc set. */
static struct room *chosen_room(struct adhoc_step *s, int *rc)
{
    struct room *r = cmd_submitted_room(s, rc);

    if (r != NULL && r->id == 0) {
        *rc = adhoc_why(s, ERR_ITEM_NOT_FOUND, LANG_ADHOC_STATS_NO_ROOM, NULL,
                        0);
        return NULL;
    }
    return r;
}

/*
 * The period the form names into q (room_id set by the caller) and its
 * description into *what (the step's text; for a session, set by the
 * caller once it is read). 0, or ERR_BAD_REQUEST with s->why.
 */
static int chosen_period(struct adhoc_step *s,
                         struct store_stats_q *q,
                         const char **what)
{
    const char *sess = form_value(s->form, "session");
    const char *month = form_value(s->form, "month");
    const char *from = form_value(s->form, "from");
    const char *to = form_value(s->form, "to");
    const struct tz *z = opening_zone(s->app->opening);
    int given = !str_empty(sess) + !str_empty(month) +
                (!str_empty(from) || !str_empty(to));
    long id;

    if (given != 1)
        return adhoc_why(s, ERR_BAD_REQUEST, LANG_ADHOC_STATS_ONE_PERIOD, NULL,
                         0);
    if (!str_empty(sess)) {
        if (str_to_long(sess, 1, LONG_MAX, &id) != 0)
            return adhoc_why(s, ERR_BAD_REQUEST,
                             LANG_ADHOC_STATS_CHOOSE_SESSION, NULL, 0);
        q->session_id = id;
        return 0;
    }
    if (!str_empty(month)) {
        if (stats_month_parse(z, month, &q->from, &q->to) != 0)
            return adhoc_why(s, ERR_BAD_REQUEST, LANG_ADHOC_STATS_BAD_MONTH,
                             NULL, 0);
        *what = month;
        return 0;
    }
    if (str_empty(to))
        to = from;
    if (str_empty(from) ||
        stats_range_parse(z, from, to, &q->from, &q->to) != 0)
        return adhoc_why(s, ERR_BAD_REQUEST, LANG_ADHOC_STATS_BAD_RANGE, NULL,
                         0);
    *what =
        adhoc_format(s, LANG_ADHOC_STATS_PERIOD_RANGE, ADHOC_ARGS(from, to));
    return 0;
}

/* A session's row of the answer. */
struct stats_row {
    int64_t id, started, ended;
    struct stats_figures f;
};

struct rows {
    struct stats_row *v;
    size_t n;
};

static int take_row(const struct store_session *ss, void *ud)
{
    struct rows *rs = ud;

    if (rs->n == STATS_ROWS_MAX)
        return 1;
    rs->v = xrealloc(rs->v, (rs->n + 1) * sizeof(*rs->v));
    rs->v[rs->n++] = (struct stats_row){
        .id = ss->id,
        .started = ss->started,
        .ended = ss->ended,
        .f = {.sessions = 1,
              .peak_youths = ss->peak_youths,
              .messages = ss->messages,
              .asked = ss->asked,
              .published = ss->published,
              .rejected = ss->rejected,
              .reports = ss->reports,
              .kicks = ss->kicks,
              .bans = ss->bans},
    };
    return 0;
}

/* The figures that are not sums (distinct accounts, delays) of the
 * sessions q names, into f. 0 or ERR_INTERNAL. */
static int not_sums(struct app *app,
                    const struct store_stats_q *q,
                    struct stats_figures *f)
{
    int64_t *v;
    size_t n;

    if (store_stats_distinct(app->store, q, 0, &f->visitors) != 0 ||
        store_stats_distinct(app->store, q, 1, &f->staff) != 0 ||
        store_stats_delays(app->store, q, &v, &n) != 0)
        return ERR_INTERNAL;
    f->answered = n;
    f->median2 = stats_median2(v, n);
    f->p90 = stats_p90(v, n);
    free(v);
    return 0;
}

static void add_count(struct adhoc_step *s,
                      const char *var,
                      enum lang_key label,
                      unsigned long n)
{
    char buf[24];

    snprintf(buf, sizeof(buf), "%lu", n);
    form_add_field(s->out, var, "text-single", adhoc_text(s, label), buf, 0);
}

/* The result form: the figures of the period, then the CSV. */
static void answer(struct adhoc_step *s,
                   const struct room *r,
                   const char *what,
                   const struct rows *rs,
                   const struct stats_figures *tot)
{
    char *jid = xasprintf("%s@%s", r->name, s->app->cfg->component_jid);
    char buf[32];
    xmpp_stanza_t *f;
    struct sbuf csv;
    char *line, *next;

    s->out = form_new(s->app->ctx, "result", adhoc_text(s, LANG_ADHOC_STATS),
                      NULL);
    form_add_field(s->out, "room", "jid-single", adhoc_text(s, LANG_ADHOC_ROOM),
                   jid, 0);
    free(jid);
    form_add_field(s->out, "period", "text-single",
                   adhoc_text(s, LANG_ADHOC_STATS_PERIOD), what, 0);
    add_count(s, "sessions", LANG_ADHOC_SESSIONS, tot->sessions);
    add_count(s, "visitors", LANG_ADHOC_STATS_VISITORS, tot->visitors);
    add_count(s, "peak_youths", LANG_ADHOC_STATS_PEAK, tot->peak_youths);
    add_count(s, "staff", LANG_ADHOC_STATS_STAFF, tot->staff);
    add_count(s, "messages", LANG_ADHOC_SESSIONS_MESSAGES, tot->messages);
    add_count(s, "asked", LANG_ADHOC_STATS_ASKED, tot->asked);
    add_count(s, "published", LANG_ADHOC_STATS_PUBLISHED, tot->published);
    add_count(s, "rejected", LANG_ADHOC_STATS_REJECTED, tot->rejected);
    add_count(s, "reports", LANG_ADHOC_STATS_REPORTS, tot->reports);
    add_count(s, "kicks", LANG_ADHOC_STATS_KICKS, tot->kicks);
    add_count(s, "bans", LANG_ADHOC_STATS_BANS, tot->bans);
    add_count(s, "answered", LANG_ADHOC_STATS_ANSWERED, tot->answered);
    stats_fmt_half(tot->median2, buf, sizeof(buf));
    form_add_field(s->out, "median_answer", "text-single",
                   adhoc_text(s, LANG_ADHOC_STATS_MEDIAN), buf, 0);
    stats_fmt_half(tot->p90 < 0 ? -1 : 2 * tot->p90, buf, sizeof(buf));
    form_add_field(s->out, "p90_answer", "text-single",
                   adhoc_text(s, LANG_ADHOC_STATS_P90), buf, 0);

    sb_init(&csv);
    stats_csv_header(&csv);
    for (size_t i = 0; i < rs->n; i++) {
        const struct stats_row *w = &rs->v[i];
        char id[24], opened[32], closed[32];

        snprintf(id, sizeof(id), "%lld", (long long)w->id);
        local_minute(s->app, w->started, opened, sizeof(opened));
        if (w->ended >= 0)
            local_minute(s->app, w->ended, closed, sizeof(closed));
        else
            closed[0] = '\0';
        stats_csv_row(&csv, id, r->name, opened, closed, &w->f);
    }
    stats_csv_row(&csv, "total", r->name, "", "", tot);
    f = form_add_field(s->out, "csv", "text-multi",
                       adhoc_format(s, LANG_ADHOC_STATS_CSV,
                                    ADHOC_ARGS(s->app->cfg->timezone)),
                       NULL, 0);
    /* XEP-0004 §3.3: a text-multi value per line. */
    for (line = csv.s; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        form_add_value(f, line);
    }
    sb_free(&csv);
}

static int stats_step(struct adhoc_step *s)
{
    struct store_stats_q q = {0};
    struct stats_figures tot = {.median2 = -1, .p90 = -1};
    struct rows rs = {0};
    struct room *r;
    const char *what = NULL;
    int rc;

    if (s->stage == 0 && s->form == NULL) {
        show_form(s);
        return 0;
    }
    if (s->form == NULL || strcmp(s->form->type, "submit") != 0)
        return adhoc_why(s, ERR_CMD_BAD_PAYLOAD, LANG_ADHOC_SUBMIT, NULL, 0);
    if ((r = chosen_room(s, &rc)) == NULL)
        return rc;
    q.room_id = r->id;
    if ((rc = chosen_period(s, &q, &what)) != 0)
        return rc;
    if (store_stats_sessions(s->app->store, &q, take_row, &rs) == ERR_INTERNAL)
        goto fail;
    if (q.session_id && rs.n == 0)
        return adhoc_why(s, ERR_ITEM_NOT_FOUND, LANG_ADHOC_STATS_OTHER_SESSION,
                         NULL, 0);
    if (q.session_id) {
        char when[32], id[24];

        local_minute(s->app, rs.v[0].started, when, sizeof(when));
        snprintf(id, sizeof(id), "%lld", (long long)q.session_id);
        what = adhoc_format(s, LANG_ADHOC_STATS_PERIOD_SESSION,
                            ADHOC_ARGS(id, when));
    }
    for (size_t i = 0; i < rs.n; i++) {
        struct store_stats_q one = {.room_id = r->id, .session_id = rs.v[i].id};

        if (not_sums(s->app, &one, &rs.v[i].f) != 0)
            goto fail;
        stats_add(&tot, &rs.v[i].f);
    }
    if (not_sums(s->app, &q, &tot) != 0)
        goto fail;
    answer(s, r, what, &rs, &tot);
    free(rs.v);
    s->done = 1;
    return 0;
fail:
    free(rs.v);
    return adhoc_why(s, ERR_INTERNAL, LANG_ADHOC_STATS_UNREADABLE, NULL, 0);
}

const struct adhoc_cmd cmd_statistics = {
    NODE_STATS,
    LANG_ADHOC_CMD_STATISTICS,
    adhoc_is_admin_or_staff,
    stats_step,
};
