/*
 * hours.c - opening hours at the XMPP edge (see hours.h).
 */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "clock.h"
#include "config.h"
#include "err.h"
#include "form.h"
#include "hours.h"
#include "lang.h"
#include "log.h"
#include "opening.h"
#include "router.h"
#include "staff.h"
#include "tz.h"
#include "util.h"

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

    /* Issue 5: the hours keep youths out while nobody is on duty; staff,
     * admins and the room's members come and go as they need. */
    if (affil >= AFF_MEMBER || staffs_get(app->staff, bare) != NULL ||
        config_is_admin(app->cfg, bare))
        return 0;
    opening_state(app->opening, r->name, clock_now(), &st);
    if (st.open)
        return 0;
    c = lang_pick(app->lang, rq->lang, app->cfg->language);
    opening_closed_text(app->opening, c, &st, buf, len);
    rq->why = buf;
    rq->why_lang = lang_code(c);
    log_debug("hours: %s refused from closed room %s (%s)", bare, r->name,
              lang_code(c));
    return ERR_NOT_ALLOWED_CANCEL;
}

/* 1 when instants a and b fall on the same local date. */
static int same_local_day(const struct tz *z, int64_t a, int64_t b)
{
    struct tz_tm x, y;

    tz_utc_to_local(z, a, &x);
    tz_utc_to_local(z, b, &y);
    return x.year == y.year && x.month == y.month && x.day == y.day;
}

void hours_describe(struct app *app, const struct room *r, struct sbuf *d)
{
    struct opening_state st;
    int64_t now = clock_now();
    char when[OPENING_FMT_MAX];

    opening_state(app->opening, r->name, now, &st);
    if (!st.scheduled)
        return;
    if (d->len)
        sb_add(d, "\n");
    if (st.open) {
        /* "until 18:00" today; a session past midnight names its day. */
        opening_format_local(
            app->opening, st.current_end,
            !same_local_day(opening_zone(app->opening), now, st.current_end),
            when, sizeof(when));
        sb_addf(d, "Open now until %s", when);
    } else if (st.has_next) {
        opening_format_local(app->opening, st.next_open, 1, when, sizeof(when));
        sb_addf(d, "Closed; next session %s", when);
    } else {
        sb_add(d, "Closed");
    }
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
