/*
 * router.h - where every stanza from the server goes.
 *
 * router_stanza() checks what every stanza must satisfy (addresses, size,
 * back-pressure), then dispatches by the addressee (the service or a room)
 * and, for IQs, by payload through one table. A handler returns 0 when it
 * answered, or an error code: the router turns that into the error reply,
 * in this one place.
 */
#ifndef ECOPPER_ROUTER_H
#define ECOPPER_ROUTER_H

#include <strophe.h>

struct app;

/* One request as a handler sees it. */
struct req {
    struct app *app;
    xmpp_stanza_t *st;      /* the stanza (borrowed) */
    xmpp_stanza_t *payload; /* its first child element, or NULL */
    const char *from;       /* full JID as stamped by the server */
    const char *to;
    char *room;             /* local part of `to`, or NULL for the service */
    const char *lang;       /* xml:lang of the stanza, or NULL */
    int busy;               /* the send queue is past 3/4 (link_load()):
                             * a presence to a room passed only to be kept
                             * for later, or refused (router.c) */
    const char *why;        /* out: human text for an error reply */
    const char *why_lang;   /* out: its language when not English */
    char why_buf[1024];     /* holds why when it is made from a catalogue
                             * (muc_why()) */
};

void router_stanza(xmpp_stanza_t *stanza, void *app);

/* Sends st and releases the caller's reference. NULL is a no-op. */
void router_send(struct app *app, xmpp_stanza_t *st);

/*
 * IQs we send ourselves (a vCard get for staff-photo). fn is called
 * exactly once: with the answer (a result or error IQ, borrowed) from the
 * address the IQ was sent to, or with NULL when none came within
 * timeout_ms (or at shutdown, with app->link already gone: fn must then
 * only free). ud is fn's; fn frees it.
 */
typedef void (*router_answer_fn)(struct app *app, xmpp_stanza_t *answer,
                                 void *ud);
#define ROUTER_ASKS_MAX 64
/*
 * Sends iq (a get or set with `to`; its id is set here) and releases the
 * caller's reference. Returns 0, or ERR_RESOURCE_CONSTRAINT (too many
 * waiting; nothing sent, fn not called).
 */
int router_ask(struct app *app, xmpp_stanza_t *iq, unsigned timeout_ms,
               router_answer_fn fn, void *ud);
/* Calls fn(NULL) for asks past their timeout; from the main loop. */
void router_expire(struct app *app);
/* At shutdown: fn(NULL) for every ask still waiting, then frees all. */
void router_asks_free(struct app *app);

#endif
