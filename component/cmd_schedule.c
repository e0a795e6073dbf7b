/*
 * cmd_schedule.c - ad-hoc commands for opening hours: schedule-set,
 * schedule-show, and the test-only set-clock.
 *
 * Rows for adhoc.c, written like cmd_room.c: stage 0 shows a form, stage
 * 1 checks everything that was submitted and only then acts. Every line
 * of a schedule goes through the parsers of schedule.h; an error names
 * the field, the line and the reason, and nothing is stored.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adhoc.h"
#include "app.h"
#include "clock.h"
#include "config.h"
#include "err.h"
#include "form.h"
#include "hours.h"
#include "log.h"
#include "opening.h"
#include "room.h"
#include "schedule.h"
#include "staff.h"
#include "stanza.h"
#include "tz.h"
#include "util.h"

#define NODE_SET "schedule-set"
#define NODE_SHOW "schedule-show"
#define NODE_CLOCK "set-clock"

/* How much of a bad line an error repeats, in bytes. */
#define SHOWN_MAX 60

static int need_submit(struct adhoc_step *s)
{
    if (s->form == NULL || strcmp(s->form->type, "submit") != 0) {
        s->why = "Submit the form to go on.";
        return ERR_CMD_BAD_PAYLOAD;
    }
    return 0;
}

/* The room list-single field: every room of the service. */
static void add_room_field(struct adhoc_step *s)
{
    struct room **rooms;
    xmpp_stanza_t *f;
    size_t n;

    f = form_add_field(s->out, "room", "list-single", "Room", NULL, 1);
    rooms = rooms_sorted(s->app->rooms, &n);
    for (size_t i = 0; i < n; i++) {
        char *jid =
            xasprintf("%s@%s", rooms[i]->name, s->app->cfg->component_jid);

        form_add_option(f, rooms[i]->cfg.title[0] ? rooms[i]->cfg.title : jid,
                        jid);
        free(jid);
    }
    free(rooms);
}

/*
 * The room the submitted form names ("name" or "name@service"), or NULL
 * with s->why set and *rc the error.
 */
static struct room *submitted_room(struct adhoc_step *s, int *rc)
{
    const char *in = form_value(s->form, "room"), *at, *why = NULL;
    struct room *r;
    char *name;

    if (in == NULL) {
        s->why = "Choose a room.";
        *rc = ERR_BAD_REQUEST;
        return NULL;
    }
    if ((at = strchr(in, '@')) != NULL &&
        !str_eq_nocase(at + 1, s->app->cfg->component_jid)) {
        s->why = "That room is not on this service.";
        *rc = ERR_ITEM_NOT_FOUND;
        return NULL;
    }
    name = at ? xstrndup(in, (size_t)(at - in)) : xstrdup(in);
    if (room_name_check(name, &why) != 0) {
        free(name);
        s->why = why;
        *rc = ERR_BAD_REQUEST;
        return NULL;
    }
    r = rooms_get(s->app->rooms, name);
    free(name);
    if (r == NULL) {
        s->why = "There is no room with that name.";
        *rc = ERR_ITEM_NOT_FOUND;
    }
    return r;
}

/* "Open now until 18:00", "Closed; next session ...", or for a room
 * without a schedule "Always open (no opening hours)"; a new string. */
static char *state_text(struct app *app, const struct room *r)
{
    struct sbuf sb;
    char *out;

    sb_init(&sb);
    hours_describe(app, r, &sb);
    out = xstrdup(sb.len ? sb.s : "Always open (no opening hours)");
    sb_free(&sb);
    return out;
}

/* --- schedule-set --------------------------------------------------------- */

struct parsed {
    struct sched_slot slots[OPENING_MAX_LINES];
    size_t nslots;
    struct sched_exception exceptions[OPENING_MAX_LINES];
    size_t nexceptions;
};

/* Writes at most SHOWN_MAX bytes of line, cut at a character boundary. */
static void shown(const char *line, char *buf, size_t len)
{
    size_t n = strlen(line);

    if (n >= len)
        n = len - 1;
    while (n > 0 && ((unsigned char)line[n] & 0xC0) == 0x80)
        n--;
    memcpy(buf, line, n);
    buf[n] = '\0';
}

/*
 * Parses every line of the text-multi field var into p (slots when
 * is_slot, else exceptions). A value may hold several lines; blank lines
 * and lines starting with '#' are skipped but counted, so "line N" is the
 * line the admin sees. 0, or ERR_BAD_REQUEST with s->note (and s->why)
 * naming the line and the reason.
 */
static int parse_lines(struct adhoc_step *s,
                       const char *var,
                       const char *label,
                       int is_slot,
                       struct parsed *p)
{
    const struct form_field *ff = form_field(s->form, var);
    size_t lineno = 0;

    for (size_t v = 0; ff && v < ff->nvalues; v++) {
        char *copy = xstrdup(ff->values[v]), *line, *next;

        for (line = copy; line; line = next) {
            char why[128], show[SHOWN_MAX + 1];
            size_t *n = is_slot ? &p->nslots : &p->nexceptions;
            int rc;

            if ((next = strchr(line, '\n')) != NULL)
                *next++ = '\0';
            lineno++;
            str_trim(line);
            if (line[0] == '\0' || line[0] == '#')
                continue;
            shown(line, show, sizeof(show));
            if (*n == OPENING_MAX_LINES) {
                s->note = xasprintf("%s, line %zu ('%s'): more than %d "
                                    "lines; nothing was stored.",
                                    label, lineno, show, OPENING_MAX_LINES);
                free(copy);
                s->why = s->note;
                return ERR_BAD_REQUEST;
            }
            rc = is_slot
                     ? sched_slot_parse(line, &p->slots[*n], why, sizeof(why))
                     : sched_exception_parse(line, &p->exceptions[*n], why,
                                             sizeof(why));
            if (rc != 0) {
                s->note = xasprintf("%s, line %zu ('%s'): %s; nothing was "
                                    "stored.",
                                    label, lineno, show, why);
                free(copy);
                s->why = s->note;
                return ERR_BAD_REQUEST;
            }
            (*n)++;
        }
        free(copy);
    }
    return 0;
}

static int set_step(struct adhoc_step *s)
{
    struct parsed *p;
    struct sched sc;
    struct room *r;
    char *by, *state;
    int rc = 0;

    if (s->stage == 0 && s->form == NULL) {
        char *ins = xasprintf(
            "Weekly slots, one per line, e.g. 'mon 16:00-18:00' (an end "
            "before the start runs past midnight). Exceptions by date: "
            "'2026-12-24 closed' or '2026-12-28 extra 16:00-18:00'. Times "
            "are in %s. Leave both empty to remove the opening hours: the "
            "room is then always open. Nothing is stored unless every line "
            "is valid.",
            s->app->cfg->timezone);

        s->out = form_new(s->app->ctx, "form", "Set opening hours", ins);
        free(ins);
        add_room_field(s);
        form_add_field(s->out, "slots", "text-multi", "Weekly slots", NULL, 0);
        form_add_field(s->out, "exceptions", "text-multi", "Exceptions", NULL,
                       0);
        s->stage = 1;
        return 0;
    }
    if ((rc = need_submit(s)) != 0)
        return rc;
    if ((r = submitted_room(s, &rc)) == NULL)
        return rc;
    if (!r->persistent || r->id == 0) {
        s->why = "Only persistent rooms have opening hours.";
        return ERR_NOT_ACCEPTABLE;
    }
    p = xcalloc(1, sizeof(*p));
    if ((rc = parse_lines(s, "slots", "Weekly slots", 1, p)) != 0 ||
        (rc = parse_lines(s, "exceptions", "Exceptions", 0, p)) != 0) {
        free(p);
        return rc;
    }
    sc = (struct sched){p->slots, p->nslots, p->exceptions, p->nexceptions};
    by = jid_bare(s->from);
    rc = opening_set(s->app->opening, r->name, r->id, &sc, clock_now(), by);
    if (rc == 0)
        log_info("schedule: %s set opening hours of %s (%zu slots, %zu "
                 "exceptions)",
                 by, r->name, p->nslots, p->nexceptions);
    free(by);
    if (rc != 0) {
        free(p);
        s->why = rc == ERR_ITEM_NOT_FOUND ? "There is no room with that name."
                                          : "The opening hours could not be "
                                            "stored.";
        return rc;
    }
    state = state_text(s->app, r);
    if (p->nslots + p->nexceptions == 0)
        s->note = xasprintf("Opening hours of %s@%s removed: it is always "
                            "open.",
                            r->name, s->app->cfg->component_jid);
    else
        s->note = xasprintf("Opening hours of %s@%s saved: %zu weekly "
                            "slot%s, %zu exception%s (times in %s). %s.",
                            r->name, s->app->cfg->component_jid, p->nslots,
                            p->nslots == 1 ? "" : "s", p->nexceptions,
                            p->nexceptions == 1 ? "" : "s",
                            s->app->cfg->timezone, state);
    free(state);
    free(p);
    s->done = 1;
    return 0;
}

const struct adhoc_cmd cmd_schedule_set = {
    NODE_SET,
    "Set opening hours",
    adhoc_is_admin,
    set_step,
};

/* --- schedule-show -------------------------------------------------------- */

/* Admins, and the staff, who need to know when they are expected. */
static int is_admin_or_staff(struct app *app, const char *from)
{
    return adhoc_is_admin(app, from) || staffs_get(app->staff, from) != NULL;
}

static int show_step(struct adhoc_step *s)
{
    struct opening_state st;
    struct sched sc;
    xmpp_stanza_t *f;
    struct room *r;
    char buf[SCHED_FMT_MAX], when[OPENING_FMT_MAX], *jid, *state;
    int rc = 0;

    if (s->stage == 0 && s->form == NULL) {
        s->out = form_new(s->app->ctx, "form", "Show opening hours", NULL);
        add_room_field(s);
        s->stage = 1;
        return 0;
    }
    if ((rc = need_submit(s)) != 0)
        return rc;
    if ((r = submitted_room(s, &rc)) == NULL)
        return rc;
    opening_get(s->app->opening, r->name, &sc);
    opening_state(s->app->opening, r->name, clock_now(), &st);
    s->out = form_new(s->app->ctx, "result", "Opening hours", NULL);
    jid = xasprintf("%s@%s", r->name, s->app->cfg->component_jid);
    form_add_field(s->out, "room", "jid-single", "Room", jid, 0);
    free(jid);
    form_add_field(s->out, "timezone", "text-single", "Time zone",
                   s->app->cfg->timezone, 0);
    form_add_field(s->out, "scheduled", "boolean", "Has opening hours",
                   st.scheduled ? "1" : "0", 0);
    f = form_add_field(s->out, "slots", "text-multi", "Weekly slots", NULL, 0);
    for (size_t i = 0; i < sc.nslots; i++)
        if (sched_slot_format(&sc.slots[i], buf, sizeof(buf)) == 0)
            form_add_value(f, buf);
    f = form_add_field(s->out, "exceptions", "text-multi", "Exceptions", NULL,
                       0);
    for (size_t i = 0; i < sc.nexceptions; i++)
        if (sched_exception_format(&sc.exceptions[i], buf, sizeof(buf)) == 0)
            form_add_value(f, buf);
    form_add_field(s->out, "open", "boolean", "Open now", st.open ? "1" : "0",
                   0);
    state = state_text(s->app, r);
    form_add_field(s->out, "state", "text-single", "Now", state, 0);
    free(state);
    if (st.has_next) {
        opening_format_local(s->app->opening, st.next_open, 1, when,
                             sizeof(when));
        form_add_field(s->out, "next", "text-single", "Next opening (local)",
                       when, 0);
        opening_format_utc(st.next_open, when, sizeof(when));
        form_add_field(s->out, "next_utc", "text-single", "Next opening (UTC)",
                       when, 0);
    }
    s->done = 1;
    return 0;
}

const struct adhoc_cmd cmd_schedule_show = {
    NODE_SHOW,
    "Show opening hours",
    is_admin_or_staff,
    show_step,
};

/* --- set-clock (test mode only) ------------------------------------------- */

/*
 * TEST MODE ONLY. Exists only when ecopper runs with -T (adhoc.c lists it
 * among the test commands; without -T it is unknown, item-not-found):
 * integration tests move the service's clock across opening hours and
 * DST changes instead of waiting for them. It shifts clock_now() for the
 * whole service - schedules, stored timestamps, everything. Never run a
 * production service with -T.
 */
static int clock_step(struct adhoc_step *s)
{
    const char *v;
    char now[32], when[OPENING_FMT_MAX], *by;
    int64_t want, real;

    if (s->stage == 0 && s->form == NULL) {
        opening_format_utc(clock_now(), now, sizeof(now));
        s->out = form_new(s->app->ctx, "form", "Set the service clock",
                          "TEST MODE: moves the clock of the whole service. "
                          "An XEP-0082 date and time, e.g. "
                          "2026-12-07T14:00:00Z; empty: the real time.");
        form_add_field(s->out, "now", "text-single", "Service time", now, 0);
        s->stage = 1;
        return 0;
    }
    if (need_submit(s) != 0)
        return ERR_CMD_BAD_PAYLOAD;
    v = form_value(s->form, "now");
    if (!str_empty(v) &&
        (strlen(v) > 64 || xmpp_datetime_parse(v, &want) != 0)) {
        s->why = "Give an XEP-0082 date and time, e.g. 2026-12-07T14:00:00Z.";
        return ERR_BAD_REQUEST;
    }
    /* clock.h has no reader of the offset: with it at 0, clock_now() is
     * the real time, and the new offset is counted from there. */
    clock_set_offset(0);
    real = clock_now();
    if (str_empty(v))
        want = real;
    clock_set_offset(want - real);
    opening_format_utc(clock_now(), now, sizeof(now));
    opening_format_local(s->app->opening, clock_now(), 1, when, sizeof(when));
    by = jid_bare(s->from);
    log_warn("test mode: %s set the service clock to %s (offset %lld s)", by,
             now, (long long)(want - real));
    free(by);
    s->note = xasprintf("The service clock reads %s (%s in %s).", now, when,
                        s->app->cfg->timezone);
    s->done = 1;
    return 0;
}

const struct adhoc_cmd cmd_set_clock = {
    NODE_CLOCK,
    "Set the service clock (test mode)",
    adhoc_is_admin,
    clock_step,
};
