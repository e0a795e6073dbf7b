/*
 * link.h - the component's connection to the XMPP server (XEP-0114).
 *
 * Owns the libstrophe connection: connects, stays connected (reconnects
 * with exponential backoff and jitter), bounds what we queue towards the
 * server, and drains that queue at shutdown. The rest of the daemon sees
 * only link_send() and the stanza callback.
 */
#ifndef ECOPPER_LINK_H
#define ECOPPER_LINK_H

#include <stdint.h>
#include <strophe.h>

struct link;

/* Called for every stanza the server routes to us. */
typedef void (*link_stanza_fn)(xmpp_stanza_t *stanza, void *ud);
/* Called when the handshake succeeds (online=1) and when the link drops. */
typedef void (*link_state_fn)(int online, void *ud);

struct link_params {
    const char *jid;
    const char *secret;
    const char *host;
    unsigned short port;
    long queue_max; /* stanzas in libstrophe's send queue, at most */
};

/* A new link; nothing happens until link_tick(). Owned by the caller. */
struct link *link_new(xmpp_ctx_t *ctx, const struct link_params *p,
                      link_stanza_fn on_stanza, link_state_fn on_state,
                      void *ud);
void link_free(struct link *l);

/*
 * Advances the link: starts the next connection attempt when due, ends an
 * attempt that takes too long, releases dead connections. Call after each
 * xmpp_run_once(). Returns 0, or an exit code (> 0) when the link failed
 * for good (wrong secret, unknown host).
 */
int link_tick(struct link *l);

/* 1 once the handshake has succeeded, until the link drops. */
int link_online(const struct link *l);
/* 1 when the send queue is past three quarters of its bound. */
int link_congested(const struct link *l);

/*
 * Sends stanza (the caller keeps its reference). Returns 0, or
 * ERR_SERVICE_UNAVAILABLE when offline, or ERR_RESOURCE_CONSTRAINT when
 * the queue is full (the stanza is dropped and counted).
 */
int link_send(struct link *l, xmpp_stanza_t *stanza);
/* Sends serialized XML as is (for fan-out of one text to many). */
int link_send_raw(struct link *l, const char *xml, size_t len);

/*
 * Closes the link for shutdown: waits up to deadline_ms for the queue to
 * drain, closes the stream, waits for the server's close. Runs the event
 * loop itself.
 */
void link_shutdown(struct link *l, unsigned deadline_ms);

/* Counters for logs and tests. */
struct link_stats {
    unsigned long connects;
    unsigned long dropped;
};
void link_get_stats(const struct link *l, struct link_stats *out);

#endif
