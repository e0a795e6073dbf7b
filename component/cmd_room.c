/*
 * cmd_room.c - admin commands for rooms: create, list, destroy.
 *
 * Each is a row for adhoc.c: stage 0 shows a form, stage 1 checks the
 * submitted form and acts. Admins only. Texts are the adhoc_room* and
 * adhoc_modlog_* keys of the catalogues, in the admin's language
 * (adhoc.h); what room.c says is wrong with a name, a title or a
 * description is still English.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "adhoc.h"
#include "app.h"
#include "clock.h"
#include "cmd.h"
#include "config.h"
#include "err.h"
#include "form.h"
#include "hours.h"
#include "log.h"
#include "muc.h"
#include "opening.h"
#include "room.h"
#include "staff.h"
#include "store.h"
#include "stanza.h"
#include "util.h"

#define NODE_CREATE "create-room"
#define NODE_LIST "list-rooms"
#define NODE_DESTROY "destroy-room"

static xmpp_ctx_t *ctx_of(struct adhoc_step *s)
{
    return s->app->ctx;
}

/* Values of a text-multi field joined by newlines, or NULL (new string). */
static char *multi_value(const struct form *f, const char *var)
{
    const struct form_field *ff = form_field(f, var);
    size_t len = 0;
    char *out;

    if (ff == NULL || ff->nvalues == 0)
        return NULL;
    for (size_t i = 0; i < ff->nvalues; i++)
        len += strlen(ff->values[i]) + 1;
    out = xmalloc(len + 1);
    out[0] = '\0';
    len = 0;
    for (size_t i = 0; i < ff->nvalues; i++) {
        size_t n = strlen(ff->values[i]);

        if (i > 0)
            out[len++] = '\n';
        memcpy(out + len, ff->values[i], n + 1);
        len += n;
    }
    return out;
}

static int need_submit(struct adhoc_step *s)
{
    if (s->form == NULL || strcmp(s->form->type, "submit") != 0)
        return adhoc_why(s, ERR_CMD_BAD_PAYLOAD, LANG_ADHOC_SUBMIT, NULL, 0);
    return 0;
}

/* What a room is for, chosen when it is made (admin.md, "Rooms"). */
struct room_mode {
    const char *value;
    enum lang_key label;
    int moderated, queue;
};

static const struct room_mode modes[] = {
    {"open", LANG_ADHOC_ROOM_MODE_OPEN, 0, 0},
    {"queue", LANG_ADHOC_ROOM_MODE_QUEUE, 0, 1},
    {"moderated", LANG_ADHOC_ROOM_MODE_MODERATED, 1, 0},
};

static const struct room_mode *mode_parse(const char *v)
{
    if (str_empty(v))
        return &modes[0];
    for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
        if (strcmp(v, modes[i].value) == 0)
            return &modes[i];
    return NULL;
}

static void create_form(struct adhoc_step *s)
{
    xmpp_stanza_t *f;

    s->out = form_new(ctx_of(s), "form",
                      adhoc_text(s, LANG_ADHOC_CMD_CREATE_ROOM),
                      adhoc_format(s, LANG_ADHOC_ROOM_CREATE_INS,
                                   ADHOC_ARGS(s->app->cfg->component_jid,
                                              s->app->cfg->timezone)));
    form_add_field(s->out, "name", "text-single",
                   adhoc_text(s, LANG_ADHOC_ROOM_NAME), NULL, 1);
    form_add_field(s->out, "title", "text-single",
                   adhoc_text(s, LANG_ADHOC_ROOM_TITLE), NULL, 0);
    form_add_field(s->out, "description", "text-multi",
                   adhoc_text(s, LANG_ADHOC_ROOM_DESCRIPTION), NULL, 0);
    f = form_add_field(s->out, "mode", "list-single",
                       adhoc_text(s, LANG_ADHOC_ROOM_MODE), modes[0].value, 0);
    for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
        form_add_option(f, adhoc_text(s, modes[i].label), modes[i].value);
    cmd_sched_fields(s);
}

/*
 * The room is made, then given its mode and its opening hours; if either
 * cannot be stored the room is removed again, so a failed create-room
 * leaves nothing behind.
 */
static int create_finish(struct adhoc_step *s,
                         struct room *r,
                         const struct room_mode *m,
                         const struct cmd_sched *p,
                         const char *by)
{
    struct store_room sr;
    struct store_hours h;
    struct sched sc;
    char bcast[64];
    int rc = 0;

    if (m->moderated || m->queue) {
        room_settings(r, &sr, bcast, sizeof(bcast));
        sr.moderated = m->moderated;
        sr.queue = m->queue;
        rc = rooms_configure(s->app->rooms, r, &sr);
    }
    if (rc == 0 && p->nslots + p->nexceptions > 0) {
        sc = (struct sched){p->slots, p->nslots, p->exceptions, p->nexceptions};
        opening_hours(s->app->opening, r->name, &h);
        rc = opening_set(s->app->opening, r->name, r->id, &sc, &h, clock_now(),
                         by);
        if (rc == 0)
            hours_apply(s->app, r, by);
    }
    return rc;
}

static int create_step(struct adhoc_step *s)
{
    const struct room_mode *m;
    struct lang_reason why;
    const char *name;
    struct cmd_sched *p;
    struct room *r;
    char *desc, *jid, *by, *state, *lower;
    int rc;

    if (s->stage == 0 && s->form == NULL) {
        create_form(s);
        s->stage = 1;
        return 0;
    }
    if ((rc = need_submit(s)) != 0)
        return rc;
    if ((long)rooms_count(s->app->rooms) >= s->app->cfg->max_rooms)
        return adhoc_why(s, ERR_RESOURCE_CONSTRAINT, LANG_ADHOC_ROOM_MAX, NULL,
                         0);
    if ((m = mode_parse(form_value(s->form, "mode"))) == NULL)
        return adhoc_why(s, ERR_BAD_REQUEST, LANG_ADHOC_ROOM_BAD_MODE, NULL, 0);
    p = xcalloc(1, sizeof(*p));
    if ((rc = cmd_sched_parse(s, p)) != 0) {
        free(p);
        return rc;
    }
    name = form_value(s->form, "name");
    desc = multi_value(s->form, "description");
    by = jid_bare(s->from);
    rc = rooms_create(s->app->rooms, name, form_value(s->form, "title"), desc,
                      clock_now(), by, &why);
    free(desc);
    if (rc != 0) {
        free(by);
        free(p);
        return adhoc_why_reason(s, rc, &why);
    }
    lower = xstrdup(name); /* the name as stored */
    for (char *c = lower; *c; c++)
        if (*c >= 'A' && *c <= 'Z')
            *c = (char)(*c - 'A' + 'a');
    jid = xasprintf("%s@%s", lower, s->app->cfg->component_jid);
    r = rooms_get(s->app->rooms, lower);
    free(lower);
    rc = r ? create_finish(s, r, m, p, by) : ERR_INTERNAL;
    free(by);
    if (rc != 0) {
        log_error("adhoc: room %s created but not set up: removed again", jid);
        if (r != NULL) {
            opening_forget(s->app->opening, r->name);
            rooms_destroy(s->app->rooms, r->name);
        }
        free(jid);
        free(p);
        return adhoc_why(s, ERR_INTERNAL, LANG_ADHOC_ROOM_NOT_STORED, NULL, 0);
    }
    state = p->nslots + p->nexceptions > 0 ? cmd_hours_state(s, r) : NULL;
    /* The mode as its word (open, queue, moderated): what docs and
     * scripts name it by. */
    if (state)
        adhoc_note(s, LANG_ADHOC_ROOM_CREATED_HOURS,
                   ADHOC_ARGS(jid, m->value, state));
    else
        adhoc_note(s, LANG_ADHOC_ROOM_CREATED, ADHOC_ARGS(jid, m->value));
    free(state);
    free(jid);
    free(p);
    s->done = 1;
    return 0;
}

const struct adhoc_cmd cmd_create_room = {
    NODE_CREATE,
    LANG_ADHOC_CMD_CREATE_ROOM,
    adhoc_is_admin,
    create_step,
};

static int list_step(struct adhoc_step *s)
{
    struct room **rooms;
    xmpp_stanza_t *rep;
    size_t n;

    rooms = rooms_sorted(s->app->rooms, &n);
    s->out = form_new(ctx_of(s), "result", adhoc_text(s, LANG_ADHOC_ROOMS),
                      NULL);
    rep = st_add(s->out, "reported", NULL);
    form_add_field(rep, "jid", "jid-single",
                   adhoc_text(s, LANG_ADHOC_ROOM_ADDRESS), NULL, 0);
    form_add_field(rep, "title", "text-single",
                   adhoc_text(s, LANG_ADHOC_ROOM_TITLE), NULL, 0);
    form_add_field(rep, "created", "text-single",
                   adhoc_format(s, LANG_ADHOC_ROOM_CREATED_COL,
                                ADHOC_ARGS(s->app->cfg->timezone)),
                   NULL, 0);
    for (size_t i = 0; i < n; i++) {
        xmpp_stanza_t *item = st_add(s->out, "item", NULL);
        char *jid =
            xasprintf("%s@%s", rooms[i]->name, s->app->cfg->component_jid);
        char when[OPENING_FMT_MAX];

        opening_format_stamp(s->app->opening, rooms[i]->created_at, when,
                             sizeof(when));
        form_add_field(item, "jid", NULL, NULL, jid, 0);
        form_add_field(item, "title", NULL, NULL, rooms[i]->cfg.title, 0);
        form_add_field(item, "created", NULL, NULL, when, 0);
        free(jid);
    }
    if (n == 0) {
        adhoc_note(s, LANG_ADHOC_ROOMS_NONE, NULL, 0);
    } else if (n == 1) {
        adhoc_note(s, LANG_ADHOC_ROOMS_ONE, NULL, 0);
    } else {
        char num[24];

        snprintf(num, sizeof(num), "%zu", n);
        adhoc_note(s, LANG_ADHOC_ROOMS_COUNT, ADHOC_ARGS(num));
    }
    free(rooms);
    s->done = 1;
    return 0;
}

const struct adhoc_cmd cmd_list_rooms = {
    NODE_LIST,
    LANG_ADHOC_CMD_LIST_ROOMS,
    adhoc_is_admin,
    list_step,
};

/* The room's local part from "name" or "name@service" (new string), or
 * NULL when it names another service. */
static char *room_from_input(struct app *app, const char *in)
{
    const char *at = strchr(in, '@');

    if (at == NULL)
        return xstrdup(in);
    if (!str_eq_nocase(at + 1, app->cfg->component_jid))
        return NULL;
    return xstrndup(in, (size_t)(at - in));
}

static int destroy_step(struct adhoc_step *s)
{
    struct lang_reason why;
    const char *in;
    char *name;
    int rc;

    if (s->stage == 0 && s->form == NULL) {
        struct room **rooms;
        size_t n;
        xmpp_stanza_t *f;

        s->out = form_new(ctx_of(s), "form",
                          adhoc_text(s, LANG_ADHOC_CMD_DESTROY_ROOM),
                          adhoc_text(s, LANG_ADHOC_DESTROY_INS));
        f = form_add_field(s->out, "room", "list-single",
                           adhoc_text(s, LANG_ADHOC_ROOM), NULL, 1);
        rooms = rooms_sorted(s->app->rooms, &n);
        for (size_t i = 0; i < n; i++) {
            char *jid =
                xasprintf("%s@%s", rooms[i]->name, s->app->cfg->component_jid);

            form_add_option(
                f, rooms[i]->cfg.title[0] ? rooms[i]->cfg.title : jid, jid);
            free(jid);
        }
        free(rooms);
        form_add_field(s->out, "reason", "text-single",
                       adhoc_text(s, LANG_ADHOC_REASON), NULL, 0);
        s->stage = 1;
        return 0;
    }
    if ((rc = need_submit(s)) != 0)
        return rc;
    if ((in = form_value(s->form, "room")) == NULL)
        return adhoc_why(s, ERR_BAD_REQUEST, LANG_ADHOC_CHOOSE_ROOM, NULL, 0);
    if ((name = room_from_input(s->app, in)) == NULL)
        return adhoc_why(s, ERR_ITEM_NOT_FOUND, LANG_ADHOC_ROOM_ELSEWHERE, NULL,
                         0);
    if ((rc = room_name_check(name, &why)) != 0) {
        free(name);
        return adhoc_why_reason(s, rc, &why);
    }
    if (rooms_get(s->app->rooms, name) == NULL) {
        free(name);
        return adhoc_why(s, ERR_ITEM_NOT_FOUND, LANG_ADHOC_NO_ROOM, NULL, 0);
    }
    /* Occupants hear of it before the room is gone (§10.9). The store
     * delete cannot fail for a room that exists but on a disk error. */
    muc_room_destroyed(s->app, rooms_get(s->app->rooms, name),
                       form_value(s->form, "reason"));
    rc = rooms_destroy(s->app->rooms, name);
    if (rc == ERR_ITEM_NOT_FOUND)
        adhoc_why(s, rc, LANG_ADHOC_NO_ROOM, NULL, 0);
    if (rc == 0) {
        char *jid = xasprintf("%s@%s", name, s->app->cfg->component_jid);

        opening_forget(s->app->opening, name); /* its rows went with it */
        adhoc_note(s, LANG_ADHOC_ROOM_DESTROYED, ADHOC_ARGS(jid));
        free(jid);
        s->done = 1;
    }
    free(name);
    return rc;
}

const struct adhoc_cmd cmd_destroy_room = {
    NODE_DESTROY,
    LANG_ADHOC_CMD_DESTROY_ROOM,
    adhoc_is_admin,
    destroy_step,
};

/* --- moderation log --------------------------------------------------------
 */

#define MODLOG_ROWS 100

struct modlog_rows {
    struct app *app;
    xmpp_stanza_t *out;
};

static int modlog_row(const struct store_modlog *e, void *ud)
{
    struct modlog_rows *rows = ud;
    xmpp_stanza_t *item = st_add(rows->out, "item", NULL);
    char when[OPENING_FMT_MAX];

    opening_format_stamp(rows->app->opening, e->at, when, sizeof(when));
    form_add_field(item, "when", NULL, NULL, when, 0);
    form_add_field(item, "room", NULL, NULL, e->room, 0);
    form_add_field(item, "actor", NULL, NULL, e->actor, 0);
    form_add_field(item, "actor_oid", NULL, NULL, e->actor_oid, 0);
    form_add_field(item, "action", NULL, NULL, e->action, 0);
    form_add_field(item, "target", NULL, NULL, e->target, 0);
    form_add_field(item, "target_oid", NULL, NULL, e->target_oid, 0);
    form_add_field(item, "reason", NULL, NULL, e->reason, 0);
    return 0;
}

static int modlog_step(struct adhoc_step *s)
{
    struct modlog_rows rows;
    const char *room = NULL;
    xmpp_stanza_t *rep;
    char *name = NULL;

    if (s->stage == 0 && s->form == NULL) {
        struct room **rooms;
        char rows_max[16];
        size_t n;
        xmpp_stanza_t *f;

        snprintf(rows_max, sizeof(rows_max), "%d", MODLOG_ROWS);
        s->out = form_new(s->app->ctx, "form",
                          adhoc_text(s, LANG_ADHOC_CMD_MODERATION_LOG),
                          adhoc_format(s, LANG_ADHOC_MODLOG_INS,
                                       ADHOC_ARGS(rows_max)));
        f = form_add_field(s->out, "room", "list-single",
                           adhoc_text(s, LANG_ADHOC_ROOM), "", 0);
        form_add_option(f, adhoc_text(s, LANG_ADHOC_MODLOG_ALL), "");
        rooms = rooms_sorted(s->app->rooms, &n);
        for (size_t i = 0; i < n; i++)
            form_add_option(f, rooms[i]->name, rooms[i]->name);
        free(rooms);
        s->stage = 1;
        return 0;
    }
    if (s->form && (room = form_value(s->form, "room")) != NULL)
        name = room_from_input(s->app, room);
    s->out = form_new(ctx_of(s), "result",
                      adhoc_text(s, LANG_ADHOC_CMD_MODERATION_LOG), NULL);
    rep = st_add(s->out, "reported", NULL);
    form_add_field(rep, "when", "text-single",
                   adhoc_format(s, LANG_ADHOC_MODLOG_WHEN,
                                ADHOC_ARGS(s->app->cfg->timezone)),
                   NULL, 0);
    form_add_field(rep, "room", "text-single", adhoc_text(s, LANG_ADHOC_ROOM),
                   NULL, 0);
    form_add_field(rep, "actor", "text-single",
                   adhoc_text(s, LANG_ADHOC_MODLOG_ACTOR), NULL, 0);
    form_add_field(rep, "actor_oid", "text-single",
                   adhoc_text(s, LANG_ADHOC_MODLOG_ACTOR_OID), NULL, 0);
    form_add_field(rep, "action", "text-single",
                   adhoc_text(s, LANG_ADHOC_MODLOG_ACTION), NULL, 0);
    form_add_field(rep, "target", "text-single",
                   adhoc_text(s, LANG_ADHOC_MODLOG_TARGET), NULL, 0);
    form_add_field(rep, "target_oid", "text-single",
                   adhoc_text(s, LANG_ADHOC_MODLOG_TARGET_OID), NULL, 0);
    form_add_field(rep, "reason", "text-single",
                   adhoc_text(s, LANG_ADHOC_REASON), NULL, 0);
    rows = (struct modlog_rows){s->app, s->out};
    if (store_modlog_each(s->app->store, name, MODLOG_ROWS, modlog_row,
                          &rows) != 0) {
        free(name);
        return adhoc_why(s, ERR_INTERNAL, LANG_ADHOC_MODLOG_UNREADABLE, NULL,
                         0);
    }
    free(name);
    s->done = 1;
    return 0;
}

const struct adhoc_cmd cmd_moderation_log = {
    "moderation-log",
    LANG_ADHOC_CMD_MODERATION_LOG,
    adhoc_is_admin_or_staff,
    modlog_step,
};
