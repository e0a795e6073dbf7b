/*
 * disco.c - what the service and its rooms say about themselves.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "adhoc.h"
#include "app.h"
#include "config.h"
#include "disco.h"
#include "err.h"
#include "form.h"
#include "lang.h"
#include "muc.h"
#include "hmap.h"
#include "hours.h"
#include "room.h"
#include "staff.h"
#include "router.h"
#include "stanza.h"
#include "util.h"

#ifndef ECOPPER_VERSION
#define ECOPPER_VERSION "unknown"
#endif

static const char *const service_features[] = {
    NS_DISCO_INFO, NS_DISCO_ITEMS, NS_MUC,  NS_PING,
    NS_VERSION,    NS_COMMANDS,    NS_DATA,
};

static const char *const room_features[] = {
    NS_DISCO_INFO,
    NS_DISCO_ITEMS,
    NS_MUC,
    "urn:xmpp:occupant-id:0",
    "urn:xmpp:hats:0",
    "urn:xmpp:message-moderate:1",
    "urn:xmpp:message-moderate:0",
    "urn:xmpp:message-retract:1",
    "http://jabber.org/protocol/muc#stable_id",
    "http://jabber.org/protocol/muc#self-ping-optimization",
    "http://jabber.org/protocol/muc#request", /* voice requests (§8.6) */
    "urn:xmpp:sid:0",
    "urn:xmpp:ping",
    NS_COMMANDS, /* its moderators' commands (adhoc.h) */
};

static xmpp_stanza_t *result_query(struct req *rq, const char *ns)
{
    xmpp_stanza_t *r = st_iq_result(rq->st);
    xmpp_stanza_t *q = st_add(r, "query", ns);

    st_attr(q, "node", xmpp_stanza_get_attribute(rq->payload, "node"));
    return r;
}

static void add_identity(xmpp_stanza_t *q, const char *cat, const char *type,
                         const char *name)
{
    xmpp_stanza_t *id = st_add(q, "identity", NULL);

    st_attr(id, "category", cat);
    st_attr(id, "type", type);
    st_attr(id, "name", name);
}

static void add_features(xmpp_stanza_t *q, const char *const *f, size_t n)
{
    for (size_t i = 0; i < n; i++)
        st_attr(st_add(q, "feature", NULL), "var", f[i]);
}

static int room_info(struct req *rq, struct room *r)
{
    xmpp_stanza_t *res = result_query(rq, NS_DISCO_INFO);
    xmpp_stanza_t *q = st_first_elem(res), *x;
    const struct lang_cat *c;
    char label[256];

    add_identity(q, "conference", "text",
                 r->cfg.title[0] ? r->cfg.title : r->name);
    add_features(q, room_features, ARRAY_LEN(room_features));
    /* XEP-0045 §6.4: what the room is like, from its settings, as
     * clients describe it to people. A fully anonymous room (nobody sees
     * addresses) has no feature of its own since XEP-0045 dropped it, so
     * it claims neither semi- nor non-anonymous: Converse then says
     * nothing rather than "only moderators see your address". A room
     * whose questions wait for a moderator is moderated, in words. */
    {
        const char *const dyn[] = {
            r->cfg.public ? "muc_public" : "muc_hidden",
            r->persistent ? "muc_persistent" : "muc_temporary",
            r->cfg.members_only ? "muc_membersonly" : "muc_open",
            r->cfg.moderated || r->cfg.queue ? "muc_moderated"
                                             : "muc_unmoderated",
            r->cfg.password[0] ? "muc_passwordprotected" : "muc_unsecured",
        };

        add_features(q, dyn, ARRAY_LEN(dyn));
        if (r->cfg.whois != WHOIS_NONE)
            add_features(q,
                         (const char *const[]){r->cfg.whois == WHOIS_ANYONE
                                                   ? "muc_nonanonymous"
                                                   : "muc_semianonymous"},
                         1);
        if (muc_archive_on(rq->app, r))
            add_features(q, (const char *const[]){"urn:xmpp:mam:2"}, 1);
        if (rq->app->cfg->general_mode && !r->cfg.members_only)
            add_features(q, (const char *const[]){"jabber:iq:register"}, 1);
    }
    /* XEP-0045 §6.4: the muc#roominfo extended form (XEP-0128). */
    x = form_new(xmpp_stanza_get_context(rq->st), "result", NULL, NULL);
    form_add_type(x, "http://jabber.org/protocol/muc#roominfo");
    c = muc_req_cat(rq);
    {
        /* The staff on duty, so a youth sees who answers before
         * entering: "Description\nOn duty: Officer Mikko (Police
         * officer), ...". Occupants with a hat are verified staff. */
        struct sbuf d, duty;
        struct hmap_iter it;
        const char *k;
        void *v;

        sb_init(&d);
        sb_init(&duty);
        sb_add(&d, r->cfg.description);
        /* "Open now until 18.00", in the asker's language. */
        hours_describe(rq->app, r, c, &d);
        hmap_iter_init(&it, r->by_nick);
        while (hmap_iter_next(&it, &k, &v)) {
            const struct occupant *o = v;
            const struct staff *sm;

            if (o->hat == NULL ||
                (sm = staffs_get(rq->app->staff, o->bare)) == NULL)
                continue;
            if (duty.len)
                sb_add(&duty, ", ");
            sb_add(&duty, sm->name);
            if (sm->title[0]) {
                sb_add(&duty, " (");
                sb_add(&duty, sm->title);
                sb_add(&duty, ")");
            }
        }
        if (duty.len) {
            /* Sized from the names: any number of staff may be on duty. */
            size_t len = strlen(lang_text(c, LANG_INFO_ON_DUTY)) +
                         duty.len + 1;
            char *t = xmalloc(len);

            lang_format(c, LANG_INFO_ON_DUTY, t, len,
                        (const char *const[]){duty.s}, 1);
            if (d.len)
                sb_add(&d, "\n");
            sb_add(&d, t);
            free(t);
        }
        form_add_field(x, "muc#roominfo_description", NULL,
                       muc_text(c, LANG_CFG_ROOMDESC, label, sizeof(label)),
                       d.s, 0);
        sb_free(&duty);
        sb_free(&d);
    }
    {
        char count[32];

        snprintf(count, sizeof(count), "%zu", room_occupants(r));
        form_add_field(x, "muc#roominfo_occupants", NULL,
                       muc_text(c, LANG_INFO_OCCUPANTS, label, sizeof(label)),
                       count, 0);
    }
    form_add_field(x, "muc#roominfo_subject", NULL,
                   muc_text(c, LANG_INFO_SUBJECT, label, sizeof(label)),
                   r->subject, 0);
    hours_roominfo(rq->app, r, x);
    xmpp_stanza_add_child_ex(q, x, 0);
    router_send(rq->app, res);
    return 0;
}

int disco_info(struct req *rq)
{
    const char *node = xmpp_stanza_get_attribute(rq->payload, "node");
    xmpp_stanza_t *res, *q;

    if (rq->room) {
        struct room *r = rooms_get(rq->app->rooms, rq->room);

        if (r == NULL) {
            muc_why(rq, LANG_ERR_NO_ROOM);
            return ERR_ITEM_NOT_FOUND;
        }
        if (node && strcmp(node, "x-roomuser-item") == 0)
            return muc_reserved_nick(rq, r);
        if (node)
            return adhoc_disco_info(rq, node); /* the room's commands */
        return room_info(rq, r);
    }
    if (node)
        return adhoc_disco_info(rq, node);
    res = result_query(rq, NS_DISCO_INFO);
    q = st_first_elem(res);
    add_identity(q, "conference", "text", "ecopper");
    add_features(q, service_features, ARRAY_LEN(service_features));
    router_send(rq->app, res);
    return 0;
}

int disco_items(struct req *rq)
{
    const char *node = xmpp_stanza_get_attribute(rq->payload, "node");
    xmpp_stanza_t *res, *q;
    struct room **rooms;
    size_t n;

    if (rq->room) {
        if (rooms_get(rq->app->rooms, rq->room) == NULL) {
            muc_why(rq, LANG_ERR_NO_ROOM);
            return ERR_ITEM_NOT_FOUND;
        }
        if (node)
            return adhoc_disco_items(rq, node); /* the room's commands */
        /* XEP-0045 §6.5 lets a room list its occupants; ours never do:
         * a nick list of an anonymous room is no one's business here. */
        router_send(rq->app, result_query(rq, NS_DISCO_ITEMS));
        return 0;
    }
    if (node)
        return adhoc_disco_items(rq, node);
    res = result_query(rq, NS_DISCO_ITEMS);
    q = st_first_elem(res);
    rooms = rooms_sorted(rq->app->rooms, &n);
    for (size_t i = 0; i < n; i++) {
        xmpp_stanza_t *it;
        char *jid;

        /* §6.3: public rooms only; a locked room does not exist yet. */
        if (!rooms[i]->cfg.public || rooms[i]->locked)
            continue;
        it = st_add(q, "item", NULL);
        jid = xasprintf("%s@%s", rooms[i]->name, rq->app->cfg->component_jid);

        st_attr(it, "jid", jid);
        st_attr(it, "name",
                rooms[i]->cfg.title[0] ? rooms[i]->cfg.title : rooms[i]->name);
        free(jid);
    }
    free(rooms);
    router_send(rq->app, res);
    return 0;
}

int disco_ping(struct req *rq)
{
    router_send(rq->app, st_iq_result(rq->st));
    return 0;
}

int disco_version(struct req *rq)
{
    xmpp_stanza_t *res = result_query(rq, NS_VERSION);
    xmpp_stanza_t *q = st_first_elem(res);
    struct utsname u;

    st_add_text(q, "name", "ecopper");
    st_add_text(q, "version", ECOPPER_VERSION);
    /* XEP-0092 §5 warns about revealing the OS; the kernel name alone
     * helps a bug report and tells an attacker little. */
    st_add_text(q, "os", uname(&u) == 0 ? u.sysname : "unknown");
    router_send(rq->app, res);
    return 0;
}

int disco_no_vcard(struct req *rq)
{
    /* Converse.js asks every room for a vCard (its avatar); an answer
     * lets it stop waiting. Rooms and the service have none. */
    if (rq->room && rooms_get(rq->app->rooms, rq->room) == NULL) {
        muc_why(rq, LANG_ERR_NO_ROOM);
        return ERR_ITEM_NOT_FOUND;
    }
    muc_why(rq, LANG_ERR_NO_VCARD);
    return ERR_ITEM_NOT_FOUND;
}
