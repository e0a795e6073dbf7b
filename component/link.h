/*
 * link.h - the component's connection to the XMPP server (XEP-0114).
 *
 * Owns the libstrophe connection: connects, stays connected (reconnects
 * with exponential backoff and jitter), bounds what we queue towards the
 * server, and drains that queue at shutdown. The rest of the daemon sees
 * only link_send() and the stanza callback.
 *
 * The bound is in bytes (the server parses every byte, and bytes are what
 * a queue costs in memory) with a count of stanzas as a hard safety.
 * libstrophe 0.12 tells only how many stanzas wait in its queue
 * (xmpp_conn_send_queue_len()), but the queue is first in, first out and
 * every stanza of ours goes through link_send() or link_send_raw(), which
 * know its size: a ring of the running total of bytes after each of the
 * last stanzas makes the bytes still queued exact,
 * total[sent] - total[sent - queued].
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
    long queue_max;   /* stanzas in libstrophe's send queue, at most */
    long queue_bytes; /* bytes of those stanzas, at most */
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

/*
 * How full the send queue is, against either bound (queue_bytes, or
 * queue_max stanzas), whichever is nearer: what the router accepts
 * (router.c says what each level refuses). Logs when the queue reaches
 * a higher level than it was last said to be at.
 */
enum link_load {
    LINK_LOAD_OK,   /* under three quarters */
    LINK_LOAD_BUSY, /* past three quarters */
    LINK_LOAD_FULL, /* past seven eighths */
};
enum link_load link_load(struct link *l);
/* SIGHUP: a new byte bound (queue_bytes); the count bound stays. */
void link_set_queue_bytes(struct link *l, long bytes);

/*
 * Sends stanza (the caller keeps its reference), serialized here so that
 * its bytes are counted exactly. Returns 0, or ERR_SERVICE_UNAVAILABLE
 * when offline, or ERR_RESOURCE_CONSTRAINT when the queue is full (either
 * bound reached: the stanza is dropped and counted), or ERR_INTERNAL when
 * libstrophe cannot serialize it (nothing sent).
 */
int link_send(struct link *l, xmpp_stanza_t *stanza);
/* Sends serialized XML as is (for fan-out of one text to many); returns
 * as link_send(). */
int link_send_raw(struct link *l, const char *xml, size_t len);

/*
 * Closes the link for shutdown: waits up to deadline_ms for the queue to
 * drain, closes the stream, waits for the server's close. Runs the event
 * loop itself.
 */
void link_shutdown(struct link *l, unsigned deadline_ms);

/* Counters for logs and tests, since link_new(). */
struct link_stats {
    unsigned long connects;
    unsigned long dropped;      /* refused by a full queue */
    unsigned long long stanzas; /* handed to libstrophe's queue */
    unsigned long long bytes;   /* their bytes */
    size_t queued;              /* stanzas in the queue now */
    unsigned long long queued_bytes; /* their bytes */
};
void link_get_stats(const struct link *l, struct link_stats *out);

#endif
