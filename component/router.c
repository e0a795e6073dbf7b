/*
 * router.c - dispatch of incoming stanzas.
 *
 * Incoming stanzas are untrusted but for `from`, which the server stamps:
 * a component's server checks it for its own users. Everything else may be
 * missing, too long or malformed.
 *
 * Back-pressure: when the server is slow to read what we send, the send
 * queue fills (link.h) and new work is refused with <resource-constraint/>
 * (type wait), in this order of what goes first (admin.md, "Under load"):
 *
 *   queue past 3/4   messages, IQ requests, nick changes: refused;
 *                    presence updates: kept and sent once it is under
 *                    3/4 again (muc_flush_presences(), coalesced)
 *   queue past 7/8   joins (presence with <x xmlns='muc'/>) too, and
 *                    the disco#info of a room that clients ask before
 *                    one (Converse.js asks for no history when it learns
 *                    that the room has an archive, else for 20
 *                    messages): a join is what a youth waits for, and its
 *                    answer (the room's state, the greeting) needs room
 *                    in the queue, which the last eighth keeps for the
 *                    joins let in before
 *   never            leaving (unavailable presence: refusing it would keep
 *                    a ghost in the room, whose client thinks it left, and
 *                    it lightens the load) and presences of other types,
 *                    IQ results and errors (answers to what we sent)
 */
#include <stdlib.h>
#include <string.h>

#include "adhoc.h"
#include "app.h"
#include "clock.h"
#include "config.h"
#include "disco.h"
#include "err.h"
#include "link.h"
#include "log.h"
#include "muc.h"
#include "room.h"
#include "router.h"
#include "stanza.h"
#include "util.h"

/* The server caps stanza bytes (docs/admin.md); these cap structure. */
#define MAX_ELEMENTS 2000
#define MAX_DEPTH 24
#define MAX_JID 3071

enum dest { TO_SERVICE = 1, TO_ROOM = 2, TO_ANY = 3, TO_OCCUPANT = 4 };

struct iq_route {
    const char *name; /* payload element */
    const char *ns;   /* payload namespace */
    const char *type; /* get or set */
    enum dest dest;
    int (*fn)(struct req *rq);
};

static const struct iq_route iq_routes[] = {
    {"query", NS_DISCO_INFO, "get", TO_ANY, disco_info},
    {"query", NS_DISCO_ITEMS, "get", TO_ANY, disco_items},
    {"ping", NS_PING, "get", TO_SERVICE, disco_ping},
    {"query", NS_VERSION, "get", TO_SERVICE, disco_version},
    {"command", NS_COMMANDS, "set", TO_SERVICE | TO_ROOM, adhoc_execute},
    {"query", NS_MUC "#admin", "set", TO_ROOM, muc_admin_set},
    {"query", NS_MUC "#admin", "get", TO_ROOM, muc_admin_get},
    {"query", NS_MUC "#owner", "get", TO_ROOM, muc_owner_get},
    {"query", NS_MUC "#owner", "set", TO_ROOM, muc_owner_set},
    {"query", "urn:xmpp:mam:2", "set", TO_ROOM, muc_mam_query},
    {"query", "urn:xmpp:mam:2", "get", TO_ROOM, muc_mam_fields},
    {"query", "jabber:iq:register", "get", TO_ROOM, muc_register_get},
    {"query", "jabber:iq:register", "set", TO_ROOM, muc_register_set},
    {"moderate", "urn:xmpp:message-moderate:1", "set", TO_ROOM, muc_moderate},
    {"apply-to", "urn:xmpp:fasten:0", "set", TO_ROOM, muc_moderate},
    {"ping", NS_PING, "get", TO_OCCUPANT, muc_occupant_ping},
    {"vCard", "vcard-temp", "get", TO_OCCUPANT, muc_occupant_vcard},
    {"vcard", "urn:ietf:params:xml:ns:vcard-4.0", "get", TO_OCCUPANT,
     muc_occupant_vcard4},
    {"pubsub", "http://jabber.org/protocol/pubsub", "get", TO_OCCUPANT,
     muc_occupant_pubsub},
    {"vCard", "vcard-temp", "get", TO_ROOM | TO_SERVICE, disco_no_vcard},
};

void router_send(struct app *app, xmpp_stanza_t *st)
{
    if (st == NULL)
        return;
    link_send(app->link, st);
    xmpp_stanza_release(st);
}

/* --- our own IQs, awaiting answers -------------------------------------- */

struct router_ask {
    struct router_ask *next;
    char id[33];
    char *to;          /* the address asked: the answer must come from it */
    uint64_t deadline; /* clock_mono_ms() */
    router_answer_fn fn;
    void *ud;
};

static size_t count_asks(const struct app *app)
{
    size_t n = 0;

    for (const struct router_ask *a = app->asks; a; a = a->next)
        n++;
    return n;
}

int router_ask(struct app *app, xmpp_stanza_t *iq, unsigned timeout_ms,
               router_answer_fn fn, void *ud)
{
    struct router_ask *a;

    if (count_asks(app) >= ROUTER_ASKS_MAX) {
        xmpp_stanza_release(iq);
        return ERR_RESOURCE_CONSTRAINT;
    }
    a = xcalloc(1, sizeof(*a));
    /* Random: an answer is matched by id and sender, and nobody can guess
     * the id of an ask to someone else. */
    rand_hex(a->id, 16);
    a->to = xstrdup(xmpp_stanza_get_to(iq));
    a->deadline = clock_mono_ms() + timeout_ms;
    a->fn = fn;
    a->ud = ud;
    a->next = app->asks;
    app->asks = a;
    xmpp_stanza_set_id(iq, a->id);
    xmpp_stanza_set_from(iq, app->cfg->component_jid);
    router_send(app, iq);
    return 0;
}

/* Unlinks and returns the ask matching an answer, or NULL. */
static struct router_ask *take_ask(struct app *app, const char *id,
                                   const char *from)
{
    for (struct router_ask **pa = &app->asks; *pa; pa = &(*pa)->next) {
        struct router_ask *a = *pa;

        if (strcmp(a->id, id) == 0 && jid_bare_eq(a->to, from) &&
            (jid_resource(a->to) == NULL) == (jid_resource(from) == NULL)) {
            *pa = a->next;
            return a;
        }
    }
    return NULL;
}

static void ask_done(struct app *app, struct router_ask *a,
                     xmpp_stanza_t *answer)
{
    a->fn(app, answer, a->ud);
    free(a->to);
    free(a);
}

void router_expire(struct app *app)
{
    uint64_t now = clock_mono_ms();
    struct router_ask **pa = &app->asks;

    while (*pa) {
        struct router_ask *a = *pa;

        if (now >= a->deadline) {
            *pa = a->next;
            log_info("router: no answer from a server within the time");
            ask_done(app, a, NULL);
            /* fn may have asked again: start over from the head. */
            pa = &app->asks;
        } else {
            pa = &a->next;
        }
    }
}

void router_asks_free(struct app *app)
{
    while (app->asks) {
        struct router_ask *a = app->asks;

        app->asks = a->next;
        ask_done(app, a, NULL);
    }
}

/* An IQ result or error: the answer to one of our asks, or nothing. */
static void route_answer(struct req *rq)
{
    const char *id = xmpp_stanza_get_id(rq->st);
    struct router_ask *a;

    if (id == NULL || rq->room != NULL ||
        (a = take_ask(rq->app, id, rq->from)) == NULL) {
        log_debug("router: dropped an answer to nothing we asked");
        return;
    }
    ask_done(rq->app, a, rq->st);
}

/* The one reply to an error code, its text in the sender's language
 * (muc_error_reply()). */
static void reply_error(struct req *rq, int code)
{
    router_send(rq->app, muc_error_reply(rq, code));
}

static int name_is(xmpp_stanza_t *st, const char *name)
{
    const char *n = xmpp_stanza_get_name(st);

    return n && strcmp(n, name) == 0;
}

static void route_iq(struct req *rq)
{
    const char *type = xmpp_stanza_get_type(rq->st);
    const char *name, *ns;
    enum dest d = rq->room == NULL             ? TO_SERVICE
                  : jid_resource(rq->to) == NULL ? TO_ROOM
                                                 : TO_OCCUPANT;
    int rc;

    if (type && (strcmp(type, "result") == 0 || strcmp(type, "error") == 0)) {
        route_answer(rq);
        return;
    }
    if (type == NULL || (strcmp(type, "get") != 0 && strcmp(type, "set") != 0))
        return;
    if (xmpp_stanza_get_id(rq->st) == NULL) {
        muc_why(rq, LANG_ERR_IQ_ID);
        reply_error(rq, ERR_BAD_REQUEST);
        return;
    }
    if (rq->payload == NULL) {
        muc_why(rq, LANG_ERR_IQ_PAYLOAD);
        reply_error(rq, ERR_BAD_REQUEST);
        return;
    }
    name = xmpp_stanza_get_name(rq->payload);
    ns = xmpp_stanza_get_ns(rq->payload);
    for (size_t i = 0; i < ARRAY_LEN(iq_routes); i++) {
        const struct iq_route *r = &iq_routes[i];

        if (!(r->dest & d) || strcmp(r->name, name) != 0 || ns == NULL ||
            strcmp(r->ns, ns) != 0 || strcmp(r->type, type) != 0)
            continue;
        if ((rc = r->fn(rq)) != 0)
            reply_error(rq, rc);
        return;
    }
    /* RFC 6120 §8.4: an IQ we do not understand. */
    reply_error(rq, ERR_SERVICE_UNAVAILABLE);
}

static void route_message(struct req *rq)
{
    const char *type = xmpp_stanza_get_type(rq->st);

    if (rq->room) {
        muc_message(rq);
        return;
    }
    if (type && strcmp(type, "error") == 0)
        return;
    muc_why(rq, LANG_ERR_NO_MESSAGES);
    reply_error(rq, ERR_SERVICE_UNAVAILABLE);
}

static void route_presence(struct req *rq)
{
    /* Presence to the service itself means nothing. */
    if (rq->room)
        muc_presence(rq);
}

/* 1 when rq is an occupant's presence to its own nick (§7.7), no join. */
static int is_presence_update(const struct req *rq)
{
    struct room *r = rq->room ? rooms_get(rq->app->rooms, rq->room) : NULL;
    const struct occupant *o = r ? room_by_jid(r, rq->from) : NULL;
    const char *nick = jid_resource(rq->to);

    return o && nick && strcmp(o->nick, nick) == 0;
}

/* 1 when st is a disco#info get to a room (not to an occupant). */
static int is_room_info(const struct req *rq, xmpp_stanza_t *st,
                        const char *type)
{
    const char *ns = rq->payload ? xmpp_stanza_get_ns(rq->payload) : NULL;

    return rq->room && jid_resource(rq->to) == NULL && name_is(st, "iq") &&
           type && strcmp(type, "get") == 0 && ns &&
           strcmp(ns, NS_DISCO_INFO) == 0;
}

/*
 * Back-pressure (see the file comment): 1 when rq must wait for the send
 * queue to drain, and is answered so; 0 to go on (rq->busy set when only
 * what can wait may be done).
 */
static int refused_for_load(struct req *rq, xmpp_stanza_t *st,
                            const char *type)
{
    struct app *app = rq->app;
    enum link_load load;
    int join;

    /* Answers and errors pass whatever the load, and so does a presence
     * of any type: leaving lightens the load, the others (subscriptions,
     * probes) cost nothing but the refusal we would send. */
    if (type && (strcmp(type, "error") == 0 || strcmp(type, "result") == 0 ||
                 name_is(st, "presence")))
        return 0;
    if ((load = link_load(app->link)) == LINK_LOAD_OK)
        return 0;
    join = type == NULL && name_is(st, "presence") &&
           xmpp_stanza_get_child_by_name_and_ns(st, "x", NS_MUC) != NULL;
    if ((join || is_room_info(rq, st, type)) && load == LINK_LOAD_BUSY)
        return 0;
    if (type == NULL && !join && name_is(st, "presence") &&
        is_presence_update(rq)) {
        rq->busy = 1; /* kept for later by muc_presence() */
        return 0;
    }
    app->load_refused++;
    if (join)
        app->load_refused_joins++;
    log_debug("router: the send queue is past %s: refused a%s %s",
              load == LINK_LOAD_FULL ? "7/8" : "3/4", join ? " join" : "",
              xmpp_stanza_get_name(st));
    if (join) {
        /* As muc_presence.c's refusals of a join: with <x/> (§7.2). */
        xmpp_stanza_t *e = muc_error_reply(rq, ERR_RESOURCE_CONSTRAINT);

        if (e)
            st_add(e, "x", NS_MUC);
        router_send(app, e);
    } else {
        reply_error(rq, ERR_RESOURCE_CONSTRAINT);
    }
    return 1;
}

void router_stanza(xmpp_stanza_t *stanza, void *ud)
{
    struct app *app = ud;
    struct req rq = {.app = app, .st = stanza};
    const char *type;
    char *domain = NULL;

    rq.from = xmpp_stanza_get_from(stanza);
    rq.to = xmpp_stanza_get_to(stanza);
    rq.lang = st_lang(stanza);
    type = xmpp_stanza_get_type(stanza);
    /* Without both addresses there is nobody to answer or to route to. */
    if (rq.from == NULL || rq.to == NULL || strlen(rq.from) > MAX_JID ||
        strlen(rq.to) > MAX_JID) {
        log_debug("router: dropped a stanza without valid from/to");
        return;
    }
    domain = jid_domain(rq.to);
    if (!str_eq_nocase(domain, app->cfg->component_jid)) {
        free(domain);
        log_debug("router: dropped a stanza for %s", rq.to);
        return;
    }
    free(domain);
    rq.room = jid_local(rq.to);
    /* Room names are ASCII lower case (room_name_check); the server has
     * normally folded case already, but do not rely on it. */
    for (char *p = rq.room; p && *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    rq.payload = st_first_elem(stanza);
    if (!st_within_limits(stanza, MAX_ELEMENTS, MAX_DEPTH)) {
        muc_why(&rq, LANG_ERR_TOO_BIG);
        reply_error(&rq, ERR_POLICY_VIOLATION);
        goto out;
    }
    if (refused_for_load(&rq, stanza, type))
        goto out;
    if (name_is(stanza, "iq"))
        route_iq(&rq);
    else if (name_is(stanza, "message"))
        route_message(&rq);
    else if (name_is(stanza, "presence"))
        route_presence(&rq);
out:
    free(rq.room);
}
