/*
 * cmd_schedule.c - ad-hoc commands for opening hours: schedule-set,
 * schedule-show, and the test-only set-clock.
 *
 * Rows for adhoc.c, written like cmd_room.c: stage 0 shows a form, stage
 * 1 checks everything that was submitted and only then acts. Every line
 * of a schedule goes through the parsers of schedule.h; an error names
 * the field, the line and the reason, and nothing is stored. Texts are
 * the catalogues' adhoc_* keys in the caller's language (adhoc.h), times
 * as the adhoc_when key writes them; what schedule.c says is wrong with
 * a line is still English.
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
/* A buffer for a when_text(): a weekday as a catalogue writes it, a date
 * and a time (cut at a character boundary if a translation is longer). */
#define WHEN_MAX 128

static int need_submit(struct adhoc_step *s)
{
    if (s->form == NULL || strcmp(s->form->type, "submit") != 0)
        return adhoc_why(s, ERR_CMD_BAD_PAYLOAD, LANG_ADHOC_SUBMIT, NULL, 0);
    return 0;
}

/* t in the service's zone, in s's language: "Monday 2026-12-07 16:00"
 * (adhoc_when), into buf; returns buf. */
static const char *when_text(struct adhoc_step *s, int64_t t, char *buf,
                             size_t len)
{
    opening_when_text(s->app->opening, adhoc_cat(s), LANG_ADHOC_WHEN, t, buf,
                      len);
    return buf;
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

    f = form_add_field(s->out, "room", "list-single",
                       adhoc_text(s, LANG_ADHOC_ROOM), NULL, 1);
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
    const char *in = form_value(s->form, "room"), *at;
    struct lang_reason why;
    struct room *r;
    char *name;

    if (in == NULL) {
        *rc = adhoc_why(s, ERR_BAD_REQUEST, LANG_ADHOC_CHOOSE_ROOM, NULL, 0);
        return NULL;
    }
    if ((at = strchr(in, '@')) != NULL &&
        !str_eq_nocase(at + 1, s->app->cfg->component_jid)) {
        *rc = adhoc_why(s, ERR_ITEM_NOT_FOUND, LANG_ADHOC_ROOM_ELSEWHERE, NULL,
                        0);
        return NULL;
    }
    name = at ? xstrndup(in, (size_t)(at - in)) : xstrdup(in);
    if (room_name_check(name, &why) != 0) {
        free(name);
        *rc = adhoc_why_reason(s, ERR_BAD_REQUEST, &why);
        return NULL;
    }
    r = rooms_get(s->app->rooms, name);
    free(name);
    if (r == NULL)
        *rc = adhoc_why(s, ERR_ITEM_NOT_FOUND, LANG_ADHOC_NO_ROOM, NULL, 0);
    return r;
}

char *cmd_hours_state(struct adhoc_step *s, const struct room *r)
{
    char buf[256];

    if (!hours_state_text(s->app, r, adhoc_cat(s), buf, sizeof(buf)))
        return xstrdup(adhoc_text(s, LANG_ADHOC_HOURS_ALWAYS));
    return xstrdup(buf);
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
 * line the admin sees. 0, or ERR_BAD_REQUEST with s->why naming the field
 * (text label), the line and the reason.
 */
static int parse_lines(struct adhoc_step *s,
                       const char *var,
                       enum lang_key label,
                       int is_slot,
                       struct cmd_sched *p)
{
    const struct form_field *ff = form_field(s->form, var);
    size_t lineno = 0;

    for (size_t v = 0; ff && v < ff->nvalues; v++) {
        char *copy = xstrdup(ff->values[v]), *line, *next;

        for (line = copy; line; line = next) {
            struct lang_reason why;
            char show[SHOWN_MAX + 1], num[24], most[16];
            size_t *n = is_slot ? &p->nslots : &p->nexceptions;
            int rc;

            if ((next = strchr(line, '\n')) != NULL)
                *next++ = '\0';
            lineno++;
            str_trim(line);
            if (line[0] == '\0' || line[0] == '#')
                continue;
            shown(line, show, sizeof(show));
            snprintf(num, sizeof(num), "%zu", lineno);
            if (*n == OPENING_MAX_LINES) {
                snprintf(most, sizeof(most), "%d", OPENING_MAX_LINES);
                rc = adhoc_why(s, ERR_BAD_REQUEST, LANG_ADHOC_LINE_TOO_MANY,
                               ADHOC_ARGS(adhoc_text(s, label), num, show,
                                          most));
                free(copy);
                return rc;
            }
            rc = is_slot
                     ? sched_slot_parse(line, &p->slots[*n], &why)
                     : sched_exception_parse(line, &p->exceptions[*n], &why);
            if (rc != 0) {
                rc = adhoc_why(s, ERR_BAD_REQUEST, LANG_ADHOC_LINE_BAD,
                               ADHOC_ARGS(adhoc_text(s, label), num, show,
                                          adhoc_reason(s, &why)));
                free(copy);
                return rc;
            }
            (*n)++;
        }
        free(copy);
    }
    return 0;
}

void cmd_sched_fields(struct adhoc_step *s)
{
    form_add_field(s->out, "slots", "text-multi",
                   adhoc_text(s, LANG_ADHOC_SLOTS), NULL, 0);
    form_add_field(s->out, "exceptions", "text-multi",
                   adhoc_text(s, LANG_ADHOC_EXCEPTIONS), NULL, 0);
}

int cmd_sched_parse(struct adhoc_step *s, struct cmd_sched *p)
{
    int rc;

    if ((rc = parse_lines(s, "slots", LANG_ADHOC_SLOTS, 1, p)) != 0 ||
        (rc = parse_lines(s, "exceptions", LANG_ADHOC_EXCEPTIONS, 0, p)) != 0)
        return rc;
    return 0;
}

/* The fields of a room's settings (store_hours); empty keeps a value. */
static void add_hours_fields(struct adhoc_step *s)
{
    form_add_field(s->out, "greeting", "text-single",
                   adhoc_text(s, LANG_ADHOC_HOURS_GREETING_FIELD), NULL, 0);
    form_add_field(s->out, "subject", "text-single",
                   adhoc_text(s, LANG_ADHOC_HOURS_SUBJECT_FIELD), NULL, 0);
    form_add_field(s->out, "warn", "text-single",
                   adhoc_text(s, LANG_ADHOC_HOURS_WARN_FIELD), NULL, 0);
    form_add_field(s->out, "staff_before", "text-single",
                   adhoc_text(s, LANG_ADHOC_HOURS_BEFORE_FIELD), NULL, 0);
    form_add_field(s->out, "staff_after", "text-single",
                   adhoc_text(s, LANG_ADHOC_HOURS_AFTER_FIELD), NULL, 0);
}

/* A whole number of minutes in [min, max] from field var into *out
 * (kept when the field is empty). 0, or ERR_BAD_REQUEST with s->why
 * naming the field by text label. */
static int parse_minutes(struct adhoc_step *s,
                         const char *var,
                         enum lang_key label,
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
        char least[16], most[16];

        snprintf(least, sizeof(least), "%d", min);
        snprintf(most, sizeof(most), "%d", max);
        return adhoc_why(s, ERR_BAD_REQUEST, LANG_ADHOC_MINUTES_BAD,
                         ADHOC_ARGS(adhoc_text(s, label), least, most));
    }
    *out = (int)n;
    return 0;
}

/* A text field into *out: empty keeps it, "default" clears it. */
static int parse_text(struct adhoc_step *s,
                      const char *var,
                      enum lang_key label,
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
        char most[16];

        snprintf(most, sizeof(most), "%d", OPENING_GREETING_MAX);
        return adhoc_why(s, ERR_BAD_REQUEST, LANG_ADHOC_TEXT_TOO_LONG,
                         ADHOC_ARGS(adhoc_text(s, label), most));
    }
    *out = v;
    return 0;
}

/* The submitted settings over h (the room's current ones). */
static int parse_hours(struct adhoc_step *s, struct store_hours *h)
{
    int rc;

    if ((rc = parse_text(s, "greeting", LANG_ADHOC_HOURS_GREETING,
                         &h->greeting)) != 0 ||
        (rc = parse_text(s, "subject", LANG_ADHOC_HOURS_SUBJECT,
                         &h->subject)) != 0 ||
        (rc = parse_minutes(s, "warn", LANG_ADHOC_HOURS_WARN, 0,
                            OPENING_WARN_MAX, &h->warn_min)) != 0 ||
        (rc = parse_minutes(s, "staff_before", LANG_ADHOC_HOURS_BEFORE, 0,
                            OPENING_STAFF_MAX, &h->staff_before_min)) != 0 ||
        (rc = parse_minutes(s, "staff_after", LANG_ADHOC_HOURS_AFTER, 0,
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
    char *by, *state, *jid;
    int rc = 0, remove;

    if (s->stage == 0 && s->form == NULL) {
        s->out = form_new(s->app->ctx, "form",
                          adhoc_text(s, LANG_ADHOC_CMD_SCHEDULE_SET),
                          adhoc_format(s, LANG_ADHOC_SCHEDULE_SET_INS,
                                       ADHOC_ARGS(s->app->cfg->timezone)));
        add_room_field(s);
        cmd_sched_fields(s);
        form_add_field(s->out, "remove", "boolean",
                       adhoc_text(s, LANG_ADHOC_HOURS_REMOVE), "0", 0);
        add_hours_fields(s);
        s->stage = 1;
        return 0;
    }
    if ((rc = need_submit(s)) != 0)
        return rc;
    if ((r = submitted_room(s, &rc)) == NULL)
        return rc;
    if (!r->persistent || r->id == 0)
        return adhoc_why(s, ERR_NOT_ACCEPTABLE,
                         LANG_ADHOC_NOT_PERSISTENT_HOURS, NULL, 0);
    p = xcalloc(1, sizeof(*p));
    if ((rc = cmd_sched_parse(s, p)) != 0) {
        free(p);
        return rc;
    }
    remove = form_value(s->form, "remove") &&
             (strcmp(form_value(s->form, "remove"), "1") == 0 ||
              strcmp(form_value(s->form, "remove"), "true") == 0);
    if (remove && p->nslots + p->nexceptions > 0) {
        free(p);
        return adhoc_why(s, ERR_BAD_REQUEST,
                         LANG_ADHOC_HOURS_REMOVE_AND_LINES, NULL, 0);
    }
    if (!remove && p->nslots + p->nexceptions == 0) {
        /* Both boxes empty: the hours stay as they are (only the other
         * settings change); removing them takes the box "remove". */
        struct sched cur;

        /* A room without hours has none to copy (and NULL arrays, which
         * memcpy() may not be given even for no bytes). */
        opening_get(s->app->opening, r->name, &cur);
        if (cur.nslots > 0)
            memcpy(p->slots, cur.slots, cur.nslots * sizeof(*cur.slots));
        if (cur.nexceptions > 0)
            memcpy(p->exceptions, cur.exceptions,
                   cur.nexceptions * sizeof(*cur.exceptions));
        p->nslots = cur.nslots;
        p->nexceptions = cur.nexceptions;
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
        return adhoc_why(s, rc,
                         rc == ERR_ITEM_NOT_FOUND ? LANG_ADHOC_NO_ROOM
                                                  : LANG_ADHOC_HOURS_NOT_STORED,
                         NULL, 0);
    }
    state = cmd_hours_state(s, r);
    jid = xasprintf("%s@%s", r->name, s->app->cfg->component_jid);
    if (p->nslots + p->nexceptions == 0) {
        adhoc_note(s, LANG_ADHOC_HOURS_REMOVED, ADHOC_ARGS(jid));
    } else {
        char slots[24], exceptions[24];

        snprintf(slots, sizeof(slots), "%zu", p->nslots);
        snprintf(exceptions, sizeof(exceptions), "%zu", p->nexceptions);
        adhoc_note(s, LANG_ADHOC_HOURS_SAVED,
                   ADHOC_ARGS(jid, slots, exceptions, s->app->cfg->timezone,
                              state));
    }
    free(jid);
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

static int show_step(struct adhoc_step *s)
{
    struct store_hours h;
    struct opening_state st;
    struct sched sc;
    xmpp_stanza_t *f;
    struct room *r;
    char buf[SCHED_FMT_MAX], when[WHEN_MAX], *jid, *state;
    int rc = 0;

    if (s->stage == 0 && s->form == NULL) {
        s->out = form_new(s->app->ctx, "form",
                          adhoc_text(s, LANG_ADHOC_CMD_SCHEDULE_SHOW), NULL);
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
    s->out = form_new(s->app->ctx, "result",
                      adhoc_text(s, LANG_ADHOC_HOURS_TITLE), NULL);
    jid = xasprintf("%s@%s", r->name, s->app->cfg->component_jid);
    form_add_field(s->out, "room", "jid-single", adhoc_text(s, LANG_ADHOC_ROOM),
                   jid, 0);
    free(jid);
    form_add_field(s->out, "timezone", "text-single",
                   adhoc_text(s, LANG_ADHOC_HOURS_ZONE), s->app->cfg->timezone,
                   0);
    form_add_field(s->out, "scheduled", "boolean",
                   adhoc_text(s, LANG_ADHOC_HOURS_SCHEDULED),
                   st.scheduled ? "1" : "0", 0);
    f = form_add_field(s->out, "slots", "text-multi",
                       adhoc_text(s, LANG_ADHOC_SLOTS), NULL, 0);
    for (size_t i = 0; i < sc.nslots; i++)
        if (sched_slot_format(&sc.slots[i], buf, sizeof(buf)) == 0)
            form_add_value(f, buf);
    f = form_add_field(s->out, "exceptions", "text-multi",
                       adhoc_text(s, LANG_ADHOC_EXCEPTIONS), NULL, 0);
    for (size_t i = 0; i < sc.nexceptions; i++)
        if (sched_exception_format(&sc.exceptions[i], buf, sizeof(buf)) == 0)
            form_add_value(f, buf);
    opening_hours(s->app->opening, r->name, &h);
    form_add_field(s->out, "greeting", "text-single",
                   adhoc_text(s, LANG_ADHOC_HOURS_GREETING_SHOW),
                   h.greeting[0] ? h.greeting
                                 : adhoc_text(s, LANG_ADHOC_HOURS_BUILTIN),
                   0);
    form_add_field(s->out, "subject", "text-single",
                   adhoc_text(s, LANG_ADHOC_HOURS_SUBJECT_SHOW),
                   h.subject[0] ? h.subject
                                : adhoc_text(s, LANG_ADHOC_HOURS_UNCHANGED),
                   0);
    snprintf(buf, sizeof(buf), "%d", h.warn_min);
    form_add_field(s->out, "warn", "text-single",
                   adhoc_text(s, LANG_ADHOC_HOURS_WARN_SHOW), buf, 0);
    snprintf(buf, sizeof(buf), "%d", h.staff_before_min);
    form_add_field(s->out, "staff_before", "text-single",
                   adhoc_text(s, LANG_ADHOC_HOURS_BEFORE_SHOW), buf, 0);
    snprintf(buf, sizeof(buf), "%d", h.staff_after_min);
    form_add_field(s->out, "staff_after", "text-single",
                   adhoc_text(s, LANG_ADHOC_HOURS_AFTER_SHOW), buf, 0);
    form_add_field(s->out, "open", "boolean",
                   adhoc_text(s, LANG_ADHOC_HOURS_OPEN_NOW),
                   st.open ? "1" : "0", 0);
    form_add_field(s->out, "overridden", "boolean",
                   adhoc_text(s, LANG_ADHOC_HOURS_OVERRIDDEN),
                   st.overridden ? "1" : "0", 0);
    if (st.open && st.current_end)
        zone_field(s, s->out, "closes", adhoc_text(s, LANG_ADHOC_HOURS_CLOSES),
                   when_text(s, st.current_end, when, sizeof(when)));
    state = cmd_hours_state(s, r);
    form_add_field(s->out, "state", "text-single",
                   adhoc_text(s, LANG_ADHOC_HOURS_NOW), state, 0);
    free(state);
    if (st.has_next) {
        zone_field(s, s->out, "next", adhoc_text(s, LANG_ADHOC_HOURS_NEXT),
                   when_text(s, st.next_open, when, sizeof(when)));
        opening_format_utc(st.next_open, when, sizeof(when));
        form_add_field(s->out, "next_utc", "text-single",
                       adhoc_text(s, LANG_ADHOC_HOURS_NEXT_UTC), when, 0);
    }
    s->done = 1;
    return 0;
}

const struct adhoc_cmd cmd_schedule_show = {
    NODE_SHOW,
    LANG_ADHOC_CMD_SCHEDULE_SHOW,
    adhoc_is_admin_or_staff,
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
    enum lang_key title, ins;
    const char *done;    /* for the log: "opened" */
    int minutes;         /* the default of the minutes field; 0: none */
    enum lang_key label; /* of the minutes field */
    enum lang_key field; /* the same, short, naming it in an error */
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

    if (st->open)
        return adhoc_why(s, ERR_CONFLICT, LANG_ADHOC_OPEN_ALREADY, NULL, 0);
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
    if (!st->open)
        return adhoc_why(s, ERR_CONFLICT, LANG_ADHOC_CLOSED_ALREADY, NULL, 0);
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
    if (!st->open)
        return adhoc_why(s, ERR_CONFLICT, LANG_ADHOC_EXTEND_CLOSED, NULL, 0);
    if (!st->current_end)
        return adhoc_why(s, ERR_CONFLICT, LANG_ADHOC_EXTEND_ALWAYS, NULL, 0);
    return opening_override(s->app->opening, r->name, r->id, 1,
                            st->current_end + (int64_t)minutes * 60, now, by);
}

static const struct override_kind kind_open = {
    LANG_ADHOC_CMD_OPEN_NOW,
    LANG_ADHOC_OPEN_INS,
    "opened",
    OPEN_DEFAULT_MIN,
    LANG_ADHOC_OPEN_MINUTES,
    LANG_ADHOC_OPEN_MINUTES_SHORT,
    decide_open};

static const struct override_kind kind_close = {
    LANG_ADHOC_CMD_CLOSE_NOW,
    LANG_ADHOC_CLOSE_INS,
    "closed",
    0, /* no minutes field: the labels are unused */
    LANG_NKEYS,
    LANG_NKEYS,
    decide_close};

static const struct override_kind kind_extend = {
    LANG_ADHOC_CMD_EXTEND,
    LANG_ADHOC_EXTEND_INS,
    "extended",
    EXTEND_DEFAULT_MIN,
    LANG_ADHOC_EXTEND_MINUTES,
    LANG_ADHOC_EXTEND_MINUTES_SHORT,
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
        s->out = form_new(s->app->ctx, "form", adhoc_text(s, k->title),
                          adhoc_text(s, k->ins));
        add_room_field(s);
        if (k->minutes) {
            char buf[16];

            snprintf(buf, sizeof(buf), "%d", k->minutes);
            form_add_field(s->out, "minutes", "text-single",
                           adhoc_text(s, k->label), buf, 1);
        }
        s->stage = 1;
        return 0;
    }
    if ((rc = need_submit(s)) != 0 || (r = submitted_room(s, &rc)) == NULL)
        return rc;
    if (!r->persistent || r->id == 0)
        return adhoc_why(s, ERR_NOT_ACCEPTABLE, LANG_ADHOC_NOT_PERSISTENT_OPEN,
                         NULL, 0);
    if (k->minutes && (rc = parse_minutes(s, "minutes", k->field, 1,
                                          OVERRIDE_MAX_MIN, &minutes)) != 0)
        return rc;
    opening_state(s->app->opening, r->name, now, &st);
    by = jid_bare(s->from);
    rc = k->decide(s, r, &st, minutes, now, by);
    if (rc != 0) {
        if (s->why == NULL)
            adhoc_why(s, rc, LANG_ADHOC_CHANGE_NOT_STORED, NULL, 0);
        free(by);
        return rc;
    }
    log_info("hours: %s: %s %s", by, k->done, r->name);
    hours_apply(s->app, r, by);
    free(by);
    state = cmd_hours_state(s, r);
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
    char when[WHEN_MAX], n[16];
    const char *vars[] = {"youths", "peak", "messages", "held"};
    unsigned counts[] = {ss->youths, ss->peak, ss->messages, ss->held};

    form_add_field(item, "started", NULL, NULL,
                   when_text(s, ss->started, when, sizeof(when)), 0);
    form_add_field(item, "ended", NULL, NULL,
                   ss->ended >= 0
                       ? when_text(s, ss->ended, when, sizeof(when))
                       : adhoc_text(s, LANG_ADHOC_SESSIONS_OPEN_NOW),
                   0);
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
    int rc;

    if (s->stage == 0 && s->form == NULL) {
        char shown_max[16];

        snprintf(shown_max, sizeof(shown_max), "%d", SESSIONS_SHOWN);
        s->out = form_new(s->app->ctx, "form",
                          adhoc_text(s, LANG_ADHOC_SESSIONS),
                          adhoc_format(s, LANG_ADHOC_SESSIONS_INS,
                                       ADHOC_ARGS(shown_max,
                                                  s->app->cfg->timezone)));
        add_room_field(s);
        s->stage = 1;
        return 0;
    }
    if ((rc = need_submit(s)) != 0 || (r = submitted_room(s, &rc)) == NULL)
        return rc;
    s->out = form_new(s->app->ctx, "result",
                      adhoc_text(s, LANG_ADHOC_SESSIONS), NULL);
    rep = st_add(s->out, "reported", NULL);
    zone_field(s, rep, "started", adhoc_text(s, LANG_ADHOC_SESSIONS_OPENED),
               NULL);
    zone_field(s, rep, "ended", adhoc_text(s, LANG_ADHOC_SESSIONS_CLOSED),
               NULL);
    form_add_field(rep, "opened_by", "text-single",
                   adhoc_text(s, LANG_ADHOC_SESSIONS_OPENED_BY), NULL, 0);
    form_add_field(rep, "closed_by", "text-single",
                   adhoc_text(s, LANG_ADHOC_SESSIONS_CLOSED_BY), NULL, 0);
    form_add_field(rep, "youths", "text-single",
                   adhoc_text(s, LANG_ADHOC_SESSIONS_YOUTHS), NULL, 0);
    form_add_field(rep, "peak", "text-single",
                   adhoc_text(s, LANG_ADHOC_SESSIONS_PEAK), NULL, 0);
    form_add_field(rep, "messages", "text-single",
                   adhoc_text(s, LANG_ADHOC_SESSIONS_MESSAGES), NULL, 0);
    form_add_field(rep, "held", "text-single",
                   adhoc_text(s, LANG_ADHOC_SESSIONS_HELD), NULL, 0);
    if (store_session_each(s->app->store, 0, r->id, SESSIONS_SHOWN, session_row,
                           s) != 0)
        return adhoc_why(s, ERR_INTERNAL, LANG_ADHOC_SESSIONS_UNREADABLE, NULL,
                         0);
    s->done = 1;
    return 0;
}

const struct adhoc_cmd cmd_session_log = {
    NODE_SESSIONS,
    LANG_ADHOC_CMD_SESSION_LOG,
    adhoc_is_admin_or_staff,
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
    char now[32], when[WHEN_MAX], *by;
    int64_t want, off;

    if (s->stage == 0 && s->form == NULL) {
        opening_format_stamp(s->app->opening, clock_now(), when, sizeof(when));
        when[16] = '\0'; /* "2026-12-07 16:00", which reads back */
        s->out = form_new(s->app->ctx, "form",
                          adhoc_text(s, LANG_ADHOC_CLOCK_TITLE),
                          adhoc_format(s, LANG_ADHOC_CLOCK_INS,
                                       ADHOC_ARGS(zone)));
        form_add_field(s->out, "now", "text-single",
                       adhoc_format(s, LANG_ADHOC_CLOCK_FIELD,
                                    ADHOC_ARGS(zone)),
                       when, 0);
        s->stage = 1;
        return 0;
    }
    if (need_submit(s) != 0)
        return ERR_CMD_BAD_PAYLOAD;
    v = form_value(s->form, "now");
    if (!str_empty(v) &&
        (strlen(v) > 64 ||
         (opening_parse_local(s->app->opening, v, &want) != 0 &&
          xmpp_datetime_parse(v, &want) != 0)))
        return adhoc_why(s, ERR_BAD_REQUEST, LANG_ADHOC_CLOCK_BAD,
                         ADHOC_ARGS(zone));
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
    when_text(s, clock_now(), when, sizeof(when));
    by = jid_bare(s->from);
    log_warn("test mode: %s set the service clock to %s (offset %lld s)", by,
             now, (long long)off);
    free(by);
    /* What the new time calls for goes out before this reply, so a test
     * that waits for the reply has it on the wire already. */
    hours_tick(s->app);
    adhoc_note(s, LANG_ADHOC_CLOCK_READS, ADHOC_ARGS(now, when, zone));
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
