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
#include "cmd.h"
#include "config.h"
#include "err.h"
#include "form.h"
#include "hours.h"
#include "log.h"
#include "opening.h"
#include "room.h"
#include "schedule.h"
#include "staff.h"
#include "store.h"
#include "stanza.h"
#include "tz.h"
#include "util.h"

#define NODE_SET "schedule-set"
#define NODE_SHOW "schedule-show"
#define NODE_CLOCK "set-clock"
#define NODE_OPEN "open-now"
#define NODE_CLOSE "close-now"
#define NODE_EXTEND "extend"
#define NODE_SESSIONS "session-log"

/* Bounds of open now and extend, in minutes. */
#define OPEN_DEFAULT_MIN 120
#define EXTEND_DEFAULT_MIN 15
#define OVERRIDE_MAX_MIN 720

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

/* A text-single field whose label names the service's zone: "Next
 * opening (Europe/Helsinki)". */
static void zone_field(struct adhoc_step *s, xmpp_stanza_t *x, const char *var,
                       const char *label, const char *value)
{
    char *l = xasprintf("%s (%s)", label, s->app->cfg->timezone);

    form_add_field(x, var, "text-single", l, value, 0);
    free(l);
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
char *cmd_hours_state(struct app *app, const struct room *r)
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
                       struct cmd_sched *p)
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

void cmd_sched_fields(struct adhoc_step *s)
{
    form_add_field(s->out, "slots", "text-multi", "Weekly slots", NULL, 0);
    form_add_field(s->out, "exceptions", "text-multi", "Exceptions", NULL, 0);
}

int cmd_sched_parse(struct adhoc_step *s, struct cmd_sched *p)
{
    int rc;

    if ((rc = parse_lines(s, "slots", "Weekly slots", 1, p)) != 0 ||
        (rc = parse_lines(s, "exceptions", "Exceptions", 0, p)) != 0)
        return rc;
    return 0;
}

/* The fields of a room's settings (store_hours); empty keeps a value. */
static void add_hours_fields(struct adhoc_step *s)
{
    form_add_field(s->out, "greeting", "text-single",
                   "Greeting at opening (empty: keep; 'default': the "
                   "built-in one, in the service's language)",
                   NULL, 0);
    form_add_field(s->out, "subject", "text-single",
                   "Subject set at opening (empty: keep; 'default': leave "
                   "the subject as it is)",
                   NULL, 0);
    form_add_field(s->out, "warn", "text-single",
                   "Warning before closing, minutes (0 to 120; 0: none; "
                   "empty: keep, 10 at first)",
                   NULL, 0);
    form_add_field(s->out, "staff_before", "text-single",
                   "Staff may enter before opening, minutes (0 to 720; "
                   "empty: keep, 30 at first)",
                   NULL, 0);
    form_add_field(s->out, "staff_after", "text-single",
                   "Staff may stay after closing, minutes (0 to 720; "
                   "empty: keep, 30 at first)",
                   NULL, 0);
}

/* A whole number of minutes in [min, max] from field var into *out
 * (kept when the field is empty). 0, or ERR_BAD_REQUEST with s->why. */
static int parse_minutes(struct adhoc_step *s,
                         const char *var,
                         const char *label,
                         int min,
                         int max,
                         int *out)
{
    const char *v = form_value(s->form, var);
    char *end;
    long n;

    if (str_empty(v))
        return 0;
    n = strtol(v, &end, 10);
    while (*end == ' ')
        end++;
    if (end == v || *end != '\0' || n < min || n > max) {
        s->note = xasprintf("%s: give a whole number of minutes from %d to "
                            "%d; nothing was stored.",
                            label, min, max);
        s->why = s->note;
        return ERR_BAD_REQUEST;
    }
    *out = (int)n;
    return 0;
}

/* A text field into *out: empty keeps it, "default" clears it. */
static int parse_text(struct adhoc_step *s,
                      const char *var,
                      const char *label,
                      const char **out)
{
    const char *v = form_value(s->form, var);

    if (str_empty(v))
        return 0;
    if (strcmp(v, "default") == 0) {
        *out = "";
        return 0;
    }
    if (strlen(v) > OPENING_GREETING_MAX || utf8_len(v) < 0) {
        s->note = xasprintf("%s: at most %d bytes of text; nothing was "
                            "stored.",
                            label, OPENING_GREETING_MAX);
        s->why = s->note;
        return ERR_BAD_REQUEST;
    }
    *out = v;
    return 0;
}

/* The submitted settings over h (the room's current ones). */
static int parse_hours(struct adhoc_step *s, struct store_hours *h)
{
    int rc;

    if ((rc = parse_text(s, "greeting", "Greeting", &h->greeting)) != 0 ||
        (rc = parse_text(s, "subject", "Subject", &h->subject)) != 0 ||
        (rc = parse_minutes(s, "warn", "Warning before closing", 0,
                            OPENING_WARN_MAX, &h->warn_min)) != 0 ||
        (rc = parse_minutes(s, "staff_before", "Staff before opening", 0,
                            OPENING_STAFF_MAX, &h->staff_before_min)) != 0 ||
        (rc = parse_minutes(s, "staff_after", "Staff after closing", 0,
                            OPENING_STAFF_MAX, &h->staff_after_min)) != 0)
        return rc;
    return 0;
}

static int set_step(struct adhoc_step *s)
{
    struct store_hours h;
    struct cmd_sched *p;
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
        cmd_sched_fields(s);
        add_hours_fields(s);
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
    if ((rc = cmd_sched_parse(s, p)) != 0) {
        free(p);
        return rc;
    }
    opening_hours(s->app->opening, r->name, &h);
    if ((rc = parse_hours(s, &h)) != 0) {
        free(p);
        return rc;
    }
    sc = (struct sched){p->slots, p->nslots, p->exceptions, p->nexceptions};
    by = jid_bare(s->from);
    rc = opening_set(s->app->opening, r->name, r->id, &sc, &h, clock_now(), by);
    if (rc == 0)
        hours_apply(s->app, r, by);
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
    state = cmd_hours_state(s->app, r);
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
    LANG_ADHOC_CMD_SCHEDULE_SET,
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
    struct store_hours h;
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
    opening_hours(s->app->opening, r->name, &h);
    form_add_field(s->out, "greeting", "text-single", "Greeting at opening",
                   h.greeting[0] ? h.greeting : "(the built-in one)", 0);
    form_add_field(s->out, "subject", "text-single", "Subject at opening",
                   h.subject[0] ? h.subject : "(unchanged)", 0);
    snprintf(buf, sizeof(buf), "%d", h.warn_min);
    form_add_field(s->out, "warn", "text-single",
                   "Warning before closing (minutes)", buf, 0);
    snprintf(buf, sizeof(buf), "%d", h.staff_before_min);
    form_add_field(s->out, "staff_before", "text-single",
                   "Staff before opening (minutes)", buf, 0);
    snprintf(buf, sizeof(buf), "%d", h.staff_after_min);
    form_add_field(s->out, "staff_after", "text-single",
                   "Staff after closing (minutes)", buf, 0);
    form_add_field(s->out, "open", "boolean", "Open now", st.open ? "1" : "0",
                   0);
    form_add_field(s->out, "overridden", "boolean", "Opened or closed by hand",
                   st.overridden ? "1" : "0", 0);
    if (st.open && st.current_end) {
        opening_format_local(s->app->opening, st.current_end, 1, when,
                             sizeof(when));
        zone_field(s, s->out, "closes", "Closes", when);
    }
    state = cmd_hours_state(s->app, r);
    form_add_field(s->out, "state", "text-single", "Now", state, 0);
    free(state);
    if (st.has_next) {
        opening_format_local(s->app->opening, st.next_open, 1, when,
                             sizeof(when));
        zone_field(s, s->out, "next", "Next opening", when);
        opening_format_utc(st.next_open, when, sizeof(when));
        form_add_field(s->out, "next_utc", "text-single", "Next opening (UTC)",
                       when, 0);
    }
    s->done = 1;
    return 0;
}

const struct adhoc_cmd cmd_schedule_show = {
    NODE_SHOW,
    LANG_ADHOC_CMD_SCHEDULE_SHOW,
    is_admin_or_staff,
    show_step,
};

/* --- open now, close now, extend ------------------------------------------ */

/* Admins, and the staff who moderate (youth workers). */
static int is_admin_or_moderator(struct app *app, const char *from)
{
    const struct staff *sm = staffs_get(app->staff, from);

    return adhoc_is_admin(app, from) ||
           (sm != NULL && sm->role == ROLE_MODERATOR);
}

/* One of the three: its form, and what it decides for a room whose
 * state is st. decide() sets the override (or fails with s->why set). */
struct override_kind {
    const char *title, *ins;
    const char *done;  /* for the log: "opened" */
    const char *label; /* of the minutes field, or NULL: none */
    const char *field; /* the same, short, naming it in an error */
    int minutes;       /* their default */
    int (*decide)(struct adhoc_step *s,
                  struct room *r,
                  const struct opening_state *st,
                  int minutes,
                  int64_t now,
                  const char *by);
};

static int decide_open(struct adhoc_step *s,
                       struct room *r,
                       const struct opening_state *st,
                       int minutes,
                       int64_t now,
                       const char *by)
{
    struct opening_state sched;

    if (st->open) {
        s->why = "The room is open already; use extend to make it longer.";
        return ERR_CONFLICT;
    }
    /* Closed by hand while the schedule says open: lifting that is
     * enough; else open by hand for the minutes given. */
    opening_sched_state(s->app->opening, r->name, now, &sched);
    return sched.open ? opening_override_clear(s->app->opening, r->name, r->id)
                      : opening_override(s->app->opening, r->name, r->id, 1,
                                         now + (int64_t)minutes * 60, now, by);
}

static int decide_close(struct adhoc_step *s,
                        struct room *r,
                        const struct opening_state *st,
                        int minutes,
                        int64_t now,
                        const char *by)
{
    (void)minutes;
    if (!st->open) {
        s->why = "The room is closed already.";
        return ERR_CONFLICT;
    }
    /* Closed until this session would have ended; then the schedule. */
    return opening_override(s->app->opening, r->name, r->id, 0,
                            st->current_end ? st->current_end : -1, now, by);
}

static int decide_extend(struct adhoc_step *s,
                         struct room *r,
                         const struct opening_state *st,
                         int minutes,
                         int64_t now,
                         const char *by)
{
    if (!st->open) {
        s->why = "The room is closed: open it first.";
        return ERR_CONFLICT;
    }
    if (!st->current_end) {
        s->why = "The room has no opening hours: it is always open.";
        return ERR_CONFLICT;
    }
    return opening_override(s->app->opening, r->name, r->id, 1,
                            st->current_end + (int64_t)minutes * 60, now, by);
}

static const struct override_kind kind_open = {
    "Open a room now",
    "Opens the room to youths now, for the minutes given (or until its "
    "scheduled session ends, if that is later). A greeting goes out as at "
    "a scheduled opening.",
    "opened",
    "Minutes open (1 to 720)",
    "Minutes open",
    OPEN_DEFAULT_MIN,
    decide_open};

static const struct override_kind kind_close = {
    "Close a room now",
    "Closes the room to youths now: they leave with the closing message; "
    "staff may stay for the debrief. The room opens again at its next "
    "scheduled session (a room without opening hours stays closed until "
    "someone opens it).",
    "closed",
    NULL,
    NULL,
    0,
    decide_close};

static const struct override_kind kind_extend = {
    "Extend a session",
    "Moves the end of the running session later by the minutes given; "
    "everyone in the room is told the new closing time.",
    "extended",
    "Minutes more (1 to 720)",
    "Minutes more",
    EXTEND_DEFAULT_MIN,
    decide_extend};

/*
 * The three in one: stage 0 asks for the room (and minutes); the
 * submitted form must name a persistent room (and minutes from 1 to
 * OVERRIDE_MAX_MIN); the kind decides; the change is applied to the room
 * at once and the note says the state ("Open now until 18:30").
 */
static int override_step(struct adhoc_step *s, const struct override_kind *k)
{
    struct opening_state st;
    struct room *r;
    int64_t now = clock_now();
    int minutes = k->minutes, rc;
    char *by, *state;

    if (s->stage == 0 && s->form == NULL) {
        s->out = form_new(s->app->ctx, "form", k->title, k->ins);
        add_room_field(s);
        if (k->label) {
            char buf[16];

            snprintf(buf, sizeof(buf), "%d", k->minutes);
            form_add_field(s->out, "minutes", "text-single", k->label, buf, 1);
        }
        s->stage = 1;
        return 0;
    }
    if ((rc = need_submit(s)) != 0 || (r = submitted_room(s, &rc)) == NULL)
        return rc;
    if (!r->persistent || r->id == 0) {
        s->why = "Only persistent rooms open and close.";
        return ERR_NOT_ACCEPTABLE;
    }
    if (k->label && (rc = parse_minutes(s, "minutes", k->field, 1,
                                        OVERRIDE_MAX_MIN, &minutes)) != 0)
        return rc;
    opening_state(s->app->opening, r->name, now, &st);
    by = jid_bare(s->from);
    rc = k->decide(s, r, &st, minutes, now, by);
    if (rc != 0) {
        if (s->why == NULL)
            s->why = "The change could not be stored.";
        free(by);
        return rc;
    }
    log_info("hours: %s: %s %s", by, k->done, r->name);
    hours_apply(s->app, r, by);
    free(by);
    state = cmd_hours_state(s->app, r);
    s->note =
        xasprintf("%s@%s: %s.", r->name, s->app->cfg->component_jid, state);
    free(state);
    s->done = 1;
    return 0;
}

static int open_step(struct adhoc_step *s)
{
    return override_step(s, &kind_open);
}

static int close_step(struct adhoc_step *s)
{
    return override_step(s, &kind_close);
}

static int extend_step(struct adhoc_step *s)
{
    return override_step(s, &kind_extend);
}

const struct adhoc_cmd cmd_open_now = {
    NODE_OPEN,
    LANG_ADHOC_CMD_OPEN_NOW,
    is_admin_or_moderator,
    open_step,
};

const struct adhoc_cmd cmd_close_now = {
    NODE_CLOSE,
    LANG_ADHOC_CMD_CLOSE_NOW,
    is_admin_or_moderator,
    close_step,
};

const struct adhoc_cmd cmd_extend = {
    NODE_EXTEND,
    LANG_ADHOC_CMD_EXTEND,
    is_admin_or_moderator,
    extend_step,
};

/* --- session-log ------------------------------------------------------------
 */

#define SESSIONS_SHOWN 20

static int session_row(const struct store_session *ss, void *ud)
{
    struct adhoc_step *s = ud;
    xmpp_stanza_t *item = st_add(s->out, "item", NULL);
    char when[OPENING_FMT_MAX], n[16];
    const char *vars[] = {"youths", "peak", "messages", "held"};
    unsigned counts[] = {ss->youths, ss->peak, ss->messages, ss->held};

    opening_format_local(s->app->opening, ss->started, 1, when, sizeof(when));
    form_add_field(item, "started", NULL, NULL, when, 0);
    if (ss->ended >= 0)
        opening_format_local(s->app->opening, ss->ended, 1, when, sizeof(when));
    else
        str_lcpy(when, "(open now)", sizeof(when));
    form_add_field(item, "ended", NULL, NULL, when, 0);
    form_add_field(item, "opened_by", NULL, NULL, ss->opened_by, 0);
    form_add_field(item, "closed_by", NULL, NULL, ss->closed_by, 0);
    for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
        snprintf(n, sizeof(n), "%u", counts[i]);
        form_add_field(item, vars[i], NULL, NULL, n, 0);
    }
    return 0;
}

static int sessions_step(struct adhoc_step *s)
{
    xmpp_stanza_t *rep;
    struct room *r = NULL;
    char *ins;
    int rc;

    if (s->stage == 0 && s->form == NULL) {
        ins = xasprintf("The newest %d sessions of a room: when they opened "
                        "and closed (in %s), and how many took part. Counts "
                        "only; no youth is named.",
                        SESSIONS_SHOWN, s->app->cfg->timezone);
        s->out = form_new(s->app->ctx, "form", "Sessions", ins);
        free(ins);
        add_room_field(s);
        s->stage = 1;
        return 0;
    }
    if ((rc = need_submit(s)) != 0 || (r = submitted_room(s, &rc)) == NULL)
        return rc;
    s->out = form_new(s->app->ctx, "result", "Sessions", NULL);
    rep = st_add(s->out, "reported", NULL);
    zone_field(s, rep, "started", "Opened", NULL);
    zone_field(s, rep, "ended", "Closed", NULL);
    form_add_field(rep, "opened_by", "text-single", "Opened by", NULL, 0);
    form_add_field(rep, "closed_by", "text-single", "Closed by", NULL, 0);
    form_add_field(rep, "youths", "text-single", "Youths", NULL, 0);
    form_add_field(rep, "peak", "text-single", "Most at once", NULL, 0);
    form_add_field(rep, "messages", "text-single", "Messages", NULL, 0);
    form_add_field(rep, "held", "text-single", "Questions held", NULL, 0);
    if (store_session_each(s->app->store, 0, r->id, SESSIONS_SHOWN, session_row,
                           s) != 0) {
        s->why = "The sessions could not be read.";
        return ERR_INTERNAL;
    }
    s->done = 1;
    return 0;
}

const struct adhoc_cmd cmd_session_log = {
    NODE_SESSIONS,
    LANG_ADHOC_CMD_SESSION_LOG,
    is_admin_or_staff,
    sessions_step,
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
    const char *v, *zone = s->app->cfg->timezone;
    char now[32], when[OPENING_FMT_MAX], *by, *ins, *label;
    int64_t want, off;

    if (s->stage == 0 && s->form == NULL) {
        opening_format_stamp(s->app->opening, clock_now(), when, sizeof(when));
        when[16] = '\0'; /* "2026-12-07 16:00", which reads back */
        ins = xasprintf("TEST MODE: moves the clock of the whole service. "
                        "A date and time in %s, e.g. 2026-12-07 16:00, or "
                        "an XEP-0082 one, e.g. 2026-12-07T14:00:00Z; "
                        "empty: the real time.",
                        zone);
        s->out = form_new(s->app->ctx, "form", "Set the service clock", ins);
        free(ins);
        label = xasprintf("Service time (%s)", zone);
        form_add_field(s->out, "now", "text-single", label, when, 0);
        free(label);
        s->stage = 1;
        return 0;
    }
    if (need_submit(s) != 0)
        return ERR_CMD_BAD_PAYLOAD;
    v = form_value(s->form, "now");
    if (!str_empty(v) &&
        (strlen(v) > 64 ||
         (opening_parse_local(s->app->opening, v, &want) != 0 &&
          xmpp_datetime_parse(v, &want) != 0))) {
        s->note = xasprintf("Give a date and time in %s, e.g. 2026-12-07 "
                            "16:00, or an XEP-0082 one, e.g. "
                            "2026-12-07T14:00:00Z.",
                            zone);
        s->why = s->note;
        return ERR_BAD_REQUEST;
    }
    /* The clock reads want from this instant (clock_set_now()), not from
     * the real clock's next second: a test that sets it and acts at once
     * finds it still at want. Empty: the real time again. */
    if (str_empty(v)) {
        clock_set_offset(0);
        off = 0;
    } else {
        off = clock_set_now(want);
    }
    opening_format_utc(clock_now(), now, sizeof(now));
    opening_format_local(s->app->opening, clock_now(), 1, when, sizeof(when));
    by = jid_bare(s->from);
    log_warn("test mode: %s set the service clock to %s (offset %lld s)", by,
             now, (long long)off);
    free(by);
    /* What the new time calls for goes out before this reply, so a test
     * that waits for the reply has it on the wire already. */
    hours_tick(s->app);
    s->note =
        xasprintf("The service clock reads %s (%s in %s).", now, when, zone);
    s->done = 1;
    return 0;
}

const struct adhoc_cmd cmd_set_clock = {
    NODE_CLOCK,
    LANG_ADHOC_CMD_SET_CLOCK,
    adhoc_is_admin,
    clock_step,
};

/* --- shared with cmd_transcript.c (cmd.h) ----------------------------------- */

void cmd_room_field(struct adhoc_step *s)
{
    add_room_field(s);
}

struct room *cmd_submitted_room(struct adhoc_step *s, int *rc)
{
    return submitted_room(s, rc);
}
