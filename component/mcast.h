/*
 * mcast.h - XEP-0033 Extended Stanza Addressing: a room message or
 * presence to many sessions as one stanza to the server's multicast
 * service.
 *
 * When the server offers a multicast service (ejabberd's mod_multicast;
 * Prosody 0.12 has none), a message to a whole room goes to it once, with
 * one <address type='bcc'/> per recipient session, instead of once per
 * session: the server parses one stanza instead of hundreds. mcast.c says
 * how the service is found, what is kept for a failure and why the real
 * JIDs in the bcc addresses stay with the server. Only mcast_send()'s
 * callers decide what may go this way: muc_publish() (a room's groupchat
 * message, the same text for everyone) and muc_broadcast_presence() (an
 * occupant's presence, one text per audience).
 */
#ifndef ECOPPER_MCAST_H
#define ECOPPER_MCAST_H

#include <stddef.h>
#include <strophe.h>

struct app;

#define NS_ADDRESS "http://jabber.org/protocol/address"

/* A room message to fewer sessions than this: one stanza each (no gain).
 * Presences go through the service whatever their number, so that an
 * occupant's presences to one reader all take the same path, in order. */
#define MCAST_MIN 3
/* Addresses in one stanza when the service advertises no limit: ejabberd
 * 23.01's default for senders outside its hosts, which a component is. */
#define MCAST_LIMIT_DEFAULT 20
/* At most this many, whatever the service advertises. */
#define MCAST_LIMIT_MAX 50

/*
 * Looks for the service again (the link came online, or `multicast`
 * changed on SIGHUP): forgets the one known, and, unless the config says
 * `multicast = off`, asks the server (router_ask()). Until the answers
 * have come, every message goes one stanza per session.
 */
void mcast_start(struct app *app);
/* The link dropped: no service until mcast_start(); answers still on
 * their way are ignored. */
void mcast_stop(struct app *app);
/* At shutdown, before router_asks_free(): frees everything. NULL-safe. */
void mcast_free(struct app *app);

/* The service's JID while it is in use, else NULL (borrowed). */
const char *mcast_service(const struct app *app);

/*
 * Sends rest (a stanza named name, "message" or "presence", from its
 * " from=" on and ending in its end tag, as muc_send_rest() takes it) to
 * the n full JIDs to through the service, in stanzas of at most the
 * service's limit of addresses for that kind. key finds it again if the
 * service refuses it: a message's stanza-id, a presence's occupant-id
 * (both come back in the error). Returns 0 when sent, or -1 (nothing
 * sent: no service in use, or n is 0); the caller then sends one stanza
 * to each. MCAST_MIN is the caller's to apply.
 */
int mcast_send(struct app *app, const char *name, const char *rest,
               const char *const *to, size_t n, const char *key);

/*
 * err, a message or presence of type error, came from the service in use
 * (1) or not (0, err untouched). A service that refuses is not used again
 * until the next mcast_start() (logged once), and the recipients of the
 * refused stanza, when it is among the last ones sent (ejabberd's errors
 * carry the stanza, with its stanza-id or occupant-id), get it one
 * stanza each.
 */
int mcast_refused(struct app *app, xmpp_stanza_t *err);

#endif
