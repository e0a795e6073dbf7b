/*
 * cmd_room.c - admin commands for rooms: create, list, destroy.
 *
 * Each is a row for adhoc.c: stage 0 shows a form, stage 1 checks the
 * submitted form and acts. Admins only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "adhoc.h"
#include "app.h"
#include "clock.h"
#include "config.h"
#include "err.h"
#include "form.h"
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
    if (s->form == NULL || strcmp(s->form->type, "submit") != 0) {
        s->why = "Submit the form to go on.";
        return ERR_CMD_BAD_PAYLOAD;
    }
    return 0;
}

static int create_step(struct adhoc_step *s)
{
    const char *why = NULL, *name;
    char *desc, *jid, *by;
    int rc;

    if (s->stage == 0 && s->form == NULL) {
        s->out = form_new(ctx_of(s), "form", "Create a room",
                          "The name becomes the room's address: "
                          "name@service. Use a-z, 0-9 and . - _");
        form_add_field(s->out, "name", "text-single", "Name", NULL, 1);
        form_add_field(s->out, "title", "text-single", "Title", NULL, 0);
        form_add_field(s->out, "description", "text-multi", "Description",
                       NULL, 0);
        s->stage = 1;
        return 0;
    }
    if ((rc = need_submit(s)) != 0)
        return rc;
    if ((long)rooms_count(s->app->rooms) >= s->app->cfg->max_rooms) {
        s->why = "The service has max_rooms rooms already.";
        return ERR_RESOURCE_CONSTRAINT;
    }
    name = form_value(s->form, "name");
    desc = multi_value(s->form, "description");
    by = jid_bare(s->from);
    rc = rooms_create(s->app->rooms, name, form_value(s->form, "title"), desc,
                      clock_now(), by, &why);
    free(by);
    free(desc);
    if (rc != 0) {
        s->why = why;
        return rc;
    }
    jid = xasprintf("%s@%s", name, s->app->cfg->component_jid);
    for (char *p = jid; *p != '@'; p++) /* the name as stored */
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    s->note = xasprintf("Room %s created.", jid);
    free(jid);
    s->done = 1;
    return 0;
}

const struct adhoc_cmd cmd_create_room = {
    NODE_CREATE, "Create a room", adhoc_is_admin, create_step,
};

static int list_step(struct adhoc_step *s)
{
    struct room **rooms;
    xmpp_stanza_t *rep;
    size_t n;

    rooms = rooms_sorted(s->app->rooms, &n);
    s->out = form_new(ctx_of(s), "result", "Rooms", NULL);
    rep = st_add(s->out, "reported", NULL);
    form_add_field(rep, "jid", "jid-single", "Address", NULL, 0);
    form_add_field(rep, "title", "text-single", "Title", NULL, 0);
    form_add_field(rep, "created", "text-single", "Created (UTC)", NULL, 0);
    for (size_t i = 0; i < n; i++) {
        xmpp_stanza_t *item = st_add(s->out, "item", NULL);
        char *jid = xasprintf("%s@%s", rooms[i]->name,
                              s->app->cfg->component_jid);
        char when[32];
        time_t t = (time_t)rooms[i]->created_at;
        struct tm tm;

        gmtime_r(&t, &tm);
        strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &tm);
        form_add_field(item, "jid", NULL, NULL, jid, 0);
        form_add_field(item, "title", NULL, NULL, rooms[i]->cfg.title, 0);
        form_add_field(item, "created", NULL, NULL, when, 0);
        free(jid);
    }
    s->note = n == 0 ? xstrdup("There are no rooms yet.")
                     : xasprintf("%zu room%s.", n, n == 1 ? "" : "s");
    free(rooms);
    s->done = 1;
    return 0;
}

const struct adhoc_cmd cmd_list_rooms = {
    NODE_LIST, "List rooms", adhoc_is_admin, list_step,
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
    const char *in, *why = NULL;
    char *name;
    int rc;

    if (s->stage == 0 && s->form == NULL) {
        struct room **rooms;
        size_t n;
        xmpp_stanza_t *f;

        s->out = form_new(ctx_of(s), "form", "Destroy a room",
                          "The room and its settings are deleted for good.");
        f = form_add_field(s->out, "room", "list-single", "Room", NULL, 1);
        rooms = rooms_sorted(s->app->rooms, &n);
        for (size_t i = 0; i < n; i++) {
            char *jid = xasprintf("%s@%s", rooms[i]->name,
                                  s->app->cfg->component_jid);

            form_add_option(f, rooms[i]->cfg.title[0] ? rooms[i]->cfg.title : jid,
                            jid);
            free(jid);
        }
        free(rooms);
        form_add_field(s->out, "reason", "text-single", "Reason", NULL, 0);
        s->stage = 1;
        return 0;
    }
    if ((rc = need_submit(s)) != 0)
        return rc;
    if ((in = form_value(s->form, "room")) == NULL) {
        s->why = "Choose a room.";
        return ERR_BAD_REQUEST;
    }
    if ((name = room_from_input(s->app, in)) == NULL) {
        s->why = "That room is not on this service.";
        return ERR_ITEM_NOT_FOUND;
    }
    if (room_name_check(name, &why) != 0) {
        free(name);
        s->why = why;
        return ERR_BAD_REQUEST;
    }
    if (rooms_get(s->app->rooms, name) == NULL) {
        free(name);
        s->why = "There is no room with that name.";
        return ERR_ITEM_NOT_FOUND;
    }
    /* Occupants hear of it before the room is gone (§10.9). The store
     * delete cannot fail for a room that exists but on a disk error. */
    muc_room_destroyed(s->app, rooms_get(s->app->rooms, name),
                       form_value(s->form, "reason"));
    rc = rooms_destroy(s->app->rooms, name);
    if (rc == ERR_ITEM_NOT_FOUND)
        s->why = "There is no room with that name.";
    if (rc == 0) {
        opening_forget(s->app->opening, name); /* its rows went with it */
        s->note = xasprintf("Room %s@%s destroyed.", name,
                            s->app->cfg->component_jid);
        s->done = 1;
    }
    free(name);
    return rc;
}

const struct adhoc_cmd cmd_destroy_room = {
    NODE_DESTROY, "Destroy a room", adhoc_is_admin, destroy_step,
};

/* --- moderation log -------------------------------------------------------- */

#define MODLOG_ROWS 100

/* The staff review what moderators did; admins too. */
static int is_admin_or_staff(struct app *app, const char *from)
{
    return adhoc_is_admin(app, from) || staffs_get(app->staff, from) != NULL;
}

static int modlog_row(const struct store_modlog *e, void *ud)
{
    xmpp_stanza_t *item = st_add(ud, "item", NULL);
    char when[32];
    time_t t = (time_t)e->at;
    struct tm tm;

    gmtime_r(&t, &tm);
    strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
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
    const char *room = NULL;
    xmpp_stanza_t *rep;
    char *name = NULL;

    if (s->stage == 0 && s->form == NULL) {
        struct room **rooms;
        size_t n;
        xmpp_stanza_t *f;

        s->out = form_new(s->app->ctx, "form", "Moderation log",
                          "The newest 100 moderation actions.");
        f = form_add_field(s->out, "room", "list-single", "Room", "", 0);
        form_add_option(f, "All rooms", "");
        rooms = rooms_sorted(s->app->rooms, &n);
        for (size_t i = 0; i < n; i++)
            form_add_option(f, rooms[i]->name, rooms[i]->name);
        free(rooms);
        s->stage = 1;
        return 0;
    }
    if (s->form && (room = form_value(s->form, "room")) != NULL)
        name = room_from_input(s->app, room);
    s->out = form_new(ctx_of(s), "result", "Moderation log", NULL);
    rep = st_add(s->out, "reported", NULL);
    form_add_field(rep, "when", "text-single", "When (UTC)", NULL, 0);
    form_add_field(rep, "room", "text-single", "Room", NULL, 0);
    form_add_field(rep, "actor", "text-single", "Moderator", NULL, 0);
    form_add_field(rep, "actor_oid", "text-single", "Moderator's occupant id",
                   NULL, 0);
    form_add_field(rep, "action", "text-single", "Action", NULL, 0);
    form_add_field(rep, "target", "text-single", "Occupant or message", NULL,
                   0);
    form_add_field(rep, "target_oid", "text-single", "Occupant id", NULL, 0);
    form_add_field(rep, "reason", "text-single", "Reason", NULL, 0);
    if (store_modlog_each(s->app->store, name, MODLOG_ROWS, modlog_row,
                          s->out) != 0) {
        free(name);
        s->why = "The log could not be read.";
        return ERR_INTERNAL;
    }
    free(name);
    s->done = 1;
    return 0;
}

const struct adhoc_cmd cmd_moderation_log = {
    "moderation-log", "Moderation log", is_admin_or_staff, modlog_step,
};
