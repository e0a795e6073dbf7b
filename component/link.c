/*
 * link.c - the component's connection to the XMPP server (XEP-0114).
 *
 * States: IDLE (waiting for the next attempt) -> CONNECTING (TCP and
 * handshake) -> ONLINE -> back to IDLE when the link drops, or CLOSING at
 * shutdown. libstrophe never reconnects by itself and its per-connection
 * timers stop while disconnected, so the main loop calls link_tick() after
 * every xmpp_run_once() and the timing lives here. Each attempt uses a new
 * xmpp_conn_t; a dropped one is released at the next tick, never inside
 * libstrophe's own callback.
 *
 * Workaround for libstrophe 0.12.2 (Debian bookworm; upstream's current
 * code has the same gap): xmpp_connect_component() never allocates the
 * connection's stream-management state, yet the library dereferences
 * conn->sm_state right after the component handshake and in every
 * disconnect (a refused connect included), so a component crashes on
 * its first connect or disconnect. xmpp_connect_client() allocates it as
 * a zeroed struct whose first member is the context. We do the same
 * before each component connect and hand it over with the public
 * xmpp_conn_set_sm_state(); the context is ours with a malloc-based
 * allocator (main.c), so libstrophe frees the block with free() when it
 * releases the connection. XMPP_CONN_FLAG_DISABLE_SM keeps the state
 * unused beyond that. If libstrophe ever allocates it itself, the call
 * fails harmlessly ("already set") - we only set it while it is NULL,
 * before connecting. tests/integration covers connect, server restart,
 * refused connect and shutdown, each of which crashed without this.
 *
 * The send queue's bytes (link.h): sent[] is a ring of the running total
 * of bytes, modulo 2^32, after each of the last queue_max stanzas handed
 * to libstrophe; the n stanzas its queue holds are the last n handed over
 * (it sends them in order, and its own stanzas, the handshake and the
 * stream's end, are not counted as ours), so they hold the difference of
 * two entries. Unsigned arithmetic makes the difference exact across the
 * wrap as long as it is under 4 GiB: the byte bound is at most 1 GiB,
 * and nothing is queued past it but one stanza. A stanza libstrophe has
 * begun to write no longer counts as queued, so the bytes are those not
 * yet begun, short by at most that one. The ring costs 4 bytes a stanza
 * of queue_max (1 MB at its default).
 */
#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "clock.h"
#include "err.h"
#include "link.h"
#include "log.h"
#include "pool.h"
#include "util.h"

#define BACKOFF_MIN_MS 500
#define BACKOFF_MAX_MS 30000
#define HANDSHAKE_TIMEOUT_MS 20000
/* The send queue's levels (link.h): the load of n against a bound max. */
#define PAST_3_4(n, max) ((n) * 4 > (max) * 3)
#define PAST_7_8(n, max) ((n) * 8 > (max) * 7)
#define UNDER_HALF(n, max) ((n) * 2 < (max))
/* Queued bytes after which an emptied queue gives memory back. */
#define TRIM_AFTER_BYTES (4u << 20)
/* Larger than struct _xmpp_sm_t in any libstrophe 0.12.x (about 100). */
#define SM_STATE_BYTES 512

enum lstate { L_IDLE, L_CONNECTING, L_ONLINE, L_CLOSING };

struct link {
    xmpp_ctx_t *ctx;
    char *jid, *secret, *host;
    unsigned short port;
    long queue_max;   /* stanzas, at most */
    long queue_bytes; /* bytes, at most */
    link_stanza_fn on_stanza;
    link_state_fn on_state;
    void *ud;

    xmpp_conn_t *conn; /* the current attempt or connection */
    xmpp_conn_t *dead; /* dropped, released at the next tick */
    enum lstate state;
    uint64_t next_attempt; /* clock_mono_ms() */
    uint64_t attempt_started;
    unsigned backoff;
    int fatal; /* exit code once the link failed for good */
    uint64_t last_drop_log;
    unsigned long drops_told; /* stats.dropped when the queue last emptied */
    enum link_load load_told; /* the level last logged */
    uint64_t high_bytes;      /* the most queued since the last trim */
    uint32_t *sent;           /* queue_max + 1 running totals (see above) */
    size_t slots;
    struct link_stats stats;
};

struct link *link_new(xmpp_ctx_t *ctx, const struct link_params *p,
                      link_stanza_fn on_stanza, link_state_fn on_state,
                      void *ud)
{
    struct link *l = xcalloc(1, sizeof(*l));

    l->ctx = ctx;
    l->jid = xstrdup(p->jid);
    l->secret = xstrdup(p->secret);
    l->host = xstrdup(p->host);
    l->port = p->port;
    l->queue_max = p->queue_max;
    l->queue_bytes = p->queue_bytes;
    l->slots = (size_t)p->queue_max + 1;
    l->sent = xcalloc(l->slots, sizeof(*l->sent));
    l->on_stanza = on_stanza;
    l->on_state = on_state;
    l->ud = ud;
    l->state = L_IDLE;
    l->backoff = BACKOFF_MIN_MS;
    l->next_attempt = 0;
    return l;
}

void link_free(struct link *l)
{
    if (l == NULL)
        return;
    if (l->conn)
        xmpp_conn_release(l->conn);
    if (l->dead)
        xmpp_conn_release(l->dead);
    explicit_bzero(l->secret, strlen(l->secret));
    free(l->sent);
    free(l->secret);
    free(l->jid);
    free(l->host);
    free(l);
}

static int stanza_handler(xmpp_conn_t *conn, xmpp_stanza_t *stanza, void *ud)
{
    struct link *l = ud;

    (void)conn;
    if (l->state == L_ONLINE)
        l->on_stanza(stanza, l->ud);
    return 1; /* keep the handler */
}

/* Next attempt after the current backoff, with +-25% jitter so that many
 * components restarted together do not hammer the server in step. */
static void schedule_retry(struct link *l)
{
    unsigned jitter;
    uint32_t r;

    rand_bytes(&r, sizeof(r));
    jitter = l->backoff / 2 ? r % (l->backoff / 2) : 0;
    l->next_attempt = clock_mono_ms() + l->backoff - l->backoff / 4 + jitter;
    log_info("link: next attempt in %u ms",
             (unsigned)(l->next_attempt - clock_mono_ms()));
    l->backoff = l->backoff * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS
                                                 : l->backoff * 2;
}

static const char *stream_error_name(xmpp_error_type_t t)
{
    switch (t) {
    case XMPP_SE_NOT_AUTHORIZED:
        return "not-authorized";
    case XMPP_SE_HOST_UNKNOWN:
        return "host-unknown";
    case XMPP_SE_CONFLICT:
        return "conflict";
    case XMPP_SE_SYSTEM_SHUTDOWN:
        return "system-shutdown";
    case XMPP_SE_POLICY_VIOLATION:
        return "policy-violation";
    case XMPP_SE_INVALID_XML:
        return "invalid-xml";
    case XMPP_SE_XML_NOT_WELL_FORMED:
        return "not-well-formed";
    default:
        return "stream error";
    }
}

static void conn_handler(xmpp_conn_t *conn, xmpp_conn_event_t ev, int error,
                         xmpp_stream_error_t *se, void *ud)
{
    struct link *l = ud;
    int was_online = l->state == L_ONLINE;

    if (ev == XMPP_CONN_CONNECT) {
        l->state = L_ONLINE;
        l->backoff = BACKOFF_MIN_MS;
        l->stats.connects++;
        log_info("link: online as %s via %s:%u", l->jid, l->host,
                 (unsigned)l->port);
        l->on_state(1, l->ud);
        return;
    }
    if (ev != XMPP_CONN_DISCONNECT && ev != XMPP_CONN_FAIL)
        return;

    if (l->state == L_CLOSING) {
        log_info("link: closed");
    } else if (!was_online && se && se->type == XMPP_SE_NOT_AUTHORIZED) {
        log_error("link: the server at %s:%u refused our secret for %s "
                  "(not-authorized): make 'secret' match the component's "
                  "secret in the server's config",
                  l->host, (unsigned)l->port, l->jid);
        l->fatal = 2;
    } else if (!was_online && se && se->type == XMPP_SE_HOST_UNKNOWN) {
        log_error("link: the server at %s:%u has no component %s "
                  "(host-unknown): declare it in the server's config",
                  l->host, (unsigned)l->port, l->jid);
        l->fatal = 2;
    } else if (se) {
        log_warn("link: the server closed the stream (%s%s%s)",
                 stream_error_name(se->type), se->text ? ": " : "",
                 se->text ? se->text : "");
    } else if (was_online) {
        log_warn("link: lost the connection to %s:%u%s%s", l->host,
                 (unsigned)l->port, error ? ": " : "",
                 error ? strerror(error) : "");
    } else {
        log_warn("link: cannot connect to %s:%u: %s", l->host,
                 (unsigned)l->port, error ? strerror(error) : "closed");
    }
    if (l->conn == conn) {
        l->dead = conn;
        l->conn = NULL;
    }
    if (l->state != L_CLOSING) {
        l->state = L_IDLE;
        if (!l->fatal)
            schedule_retry(l);
    }
    if (was_online)
        l->on_state(0, l->ud);
}

/* See the workaround in the header comment. */
static int give_sm_state(struct link *l, xmpp_conn_t *conn)
{
    void *sm = calloc(1, SM_STATE_BYTES);

    if (sm == NULL)
        fatalx("out of memory");
    memcpy(sm, &l->ctx, sizeof(l->ctx));
    if (xmpp_conn_set_sm_state(conn, sm) != XMPP_EOK) {
        free(sm);
        return -1;
    }
    return 0;
}

/* 0 when host resolves, -1 to retry later, or sets l->fatal. */
static int resolve_host(struct link *l)
{
    struct addrinfo hints = {.ai_socktype = SOCK_STREAM}, *res = NULL;
    int rc = getaddrinfo(l->host, NULL, &hints, &res);

    if (rc == 0) {
        freeaddrinfo(res);
        return 0;
    }
    if (rc == EAI_NONAME
#ifdef EAI_NODATA
        || rc == EAI_NODATA
#endif
    ) {
        log_error("link: unknown host '%s' (server_host): %s", l->host,
                  gai_strerror(rc));
        l->fatal = 2;
        return -1;
    }
    log_warn("link: cannot resolve '%s' now: %s", l->host, gai_strerror(rc));
    return -1;
}

/*
 * libstrophe's keepalive, and TCP_NODELAY: each stanza is one write, and
 * with Nagle's algorithm a small write waits for the server's delayed
 * ACK, up to 40 ms on Linux, before it leaves (make bench measured a
 * groupchat message's p50 at 53 ms with it, 8 ms without).
 */
static int set_sockopts(xmpp_conn_t *conn, void *sock)
{
    int one = 1;

    if (xmpp_sockopt_cb_keepalive(conn, sock) != 0)
        return -1;
    if (setsockopt(*(int *)sock, IPPROTO_TCP, TCP_NODELAY, &one,
                   sizeof(one)) != 0)
        log_warn("link: cannot set TCP_NODELAY: %s", strerror(errno));
    return 0;
}

static void attempt(struct link *l)
{
    xmpp_conn_t *conn;
    int rc;

    if (resolve_host(l) != 0) {
        if (!l->fatal)
            schedule_retry(l);
        return;
    }
    conn = xmpp_conn_new(l->ctx);
    if (conn == NULL)
        fatalx("out of memory");
    xmpp_conn_set_flags(conn, XMPP_CONN_FLAG_DISABLE_TLS |
                                  XMPP_CONN_FLAG_DISABLE_SM);
    xmpp_conn_set_jid(conn, l->jid);
    xmpp_conn_set_pass(conn, l->secret);
    xmpp_conn_set_sockopt_callback(conn, set_sockopts);
    if (give_sm_state(l, conn) != 0)
        log_warn("link: could not preset stream-management state");
    xmpp_handler_add(conn, stanza_handler, NULL, NULL, NULL, l);
    log_info("link: connecting to %s:%u as %s", l->host, (unsigned)l->port,
             l->jid);
    rc = xmpp_connect_component(conn, l->host, l->port, conn_handler, l);
    if (rc != XMPP_EOK) {
        log_warn("link: cannot start a connection to %s:%u (%d)", l->host,
                 (unsigned)l->port, rc);
        xmpp_conn_release(conn);
        schedule_retry(l);
        return;
    }
    l->conn = conn;
    l->state = L_CONNECTING;
    l->attempt_started = clock_mono_ms();
}

/* Our stanzas in libstrophe's queue, not yet begun (0 when offline). */
static size_t queue_len(const struct link *l)
{
    int n;

    if (l->state != L_ONLINE || l->conn == NULL)
        return 0;
    n = xmpp_conn_send_queue_len(l->conn);
    return n > 0 ? (size_t)n : 0;
}

/* The bytes of the last n stanzas handed over (see the file comment). */
static uint64_t queued_bytes(const struct link *l, size_t n)
{
    uint64_t k = l->stats.stanzas;

    if (n > k)
        n = (size_t)k; /* a new connection: never more than we sent */
    if (n >= l->slots)
        n = l->slots - 1;
    return (uint32_t)(l->sent[k % l->slots] - l->sent[(k - n) % l->slots]);
}

int link_tick(struct link *l)
{
    uint64_t now = clock_mono_ms();

    if (l->dead) {
        xmpp_conn_release(l->dead);
        l->dead = NULL;
    }
    if (l->fatal)
        return l->fatal;
    if (l->state == L_IDLE && now >= l->next_attempt)
        attempt(l);
    else if (l->state == L_CONNECTING &&
             now - l->attempt_started > HANDSHAKE_TIMEOUT_MS) {
        log_warn("link: no handshake from %s:%u in %d s; retrying", l->host,
                 (unsigned)l->port, HANDSHAKE_TIMEOUT_MS / 1000);
        l->attempt_started = now; /* xmpp_disconnect ends it within 2 s */
        xmpp_disconnect(l->conn);
    } else if (l->state == L_ONLINE) {
        size_t n = queue_len(l);
        uint64_t b = queued_bytes(l, n);

        if (l->load_told != LINK_LOAD_OK &&
            UNDER_HALF(n, (size_t)l->queue_max) &&
            UNDER_HALF(b, (uint64_t)l->queue_bytes)) {
            log_info("link: the send queue is under half its bound again "
                     "(%zu stanzas, %llu bytes)",
                     n, (unsigned long long)b);
            l->load_told = LINK_LOAD_OK;
        }
        if (n == 0 && l->high_bytes >= TRIM_AFTER_BYTES) {
            /* A storm queued megabytes of small stanzas; freed, they stay
             * with the allocator. Give the pages back, so that resident
             * memory shows the rooms again (make bench measures it). */
#ifdef __GLIBC__
            malloc_trim(0);
#endif
            l->high_bytes = 0;
        }
        if (l->stats.dropped > l->drops_told && n == 0) {
            log_info("link: the send queue is empty again (%lu stanzas "
                     "dropped while the server was not reading)",
                     l->stats.dropped - l->drops_told);
            l->drops_told = l->stats.dropped;
        }
    }
    return l->fatal;
}

int link_online(const struct link *l)
{
    return l->state == L_ONLINE;
}

enum link_load link_load(struct link *l)
{
    size_t n;
    uint64_t b, max;
    enum link_load load = LINK_LOAD_OK;

    if (l->state != L_ONLINE)
        return LINK_LOAD_OK;
    n = queue_len(l);
    b = queued_bytes(l, n);
    max = (uint64_t)l->queue_bytes;
    if (PAST_7_8(n, (size_t)l->queue_max) || PAST_7_8(b, max))
        load = LINK_LOAD_FULL;
    else if (PAST_3_4(n, (size_t)l->queue_max) || PAST_3_4(b, max))
        load = LINK_LOAD_BUSY;
    if (load > l->load_told) {
        /* Said once a level, until the queue is under half again. */
        log_warn("link: the send queue holds %zu stanzas, %llu bytes, past "
                 "%s of its bound (send_queue_bytes %ld, send_queue_max "
                 "%ld): %s",
                 n, (unsigned long long)b,
                 load == LINK_LOAD_FULL ? "seven eighths" : "three quarters",
                 l->queue_bytes, l->queue_max,
                 load == LINK_LOAD_FULL
                     ? "joins are refused too"
                     : "new work but joins is refused");
        l->load_told = load;
    }
    return load;
}

void link_set_queue_bytes(struct link *l, long bytes)
{
    l->queue_bytes = bytes;
}

static int can_send(struct link *l)
{
    uint64_t now, b;
    size_t n;

    if (l->state != L_ONLINE)
        return ERR_SERVICE_UNAVAILABLE;
    n = queue_len(l);
    b = queued_bytes(l, n);
    if (b > l->high_bytes)
        l->high_bytes = b;
    if (n < (size_t)l->queue_max && b < (uint64_t)l->queue_bytes)
        return 0;
    /* The server is not reading. libstrophe would queue without end;
     * we drop instead, and say so at most once a second. */
    l->stats.dropped++;
    now = clock_mono_ms();
    if (now - l->last_drop_log > 1000) {
        log_warn("link: send queue full (%zu stanzas, %llu bytes): dropped "
                 "%lu so far",
                 n, (unsigned long long)b, l->stats.dropped);
        l->last_drop_log = now;
    }
    return ERR_RESOURCE_CONSTRAINT;
}

/* xml (len bytes) into libstrophe's queue, counted; the queue's copy
 * from the pool. */
static void queue(struct link *l, const char *xml, size_t len)
{
    uint64_t k = l->stats.stanzas;

    pool_enter();
    xmpp_send_raw(l->conn, xml, len);
    pool_leave();
    l->sent[(k + 1) % l->slots] = l->sent[k % l->slots] + (uint32_t)len;
    l->stats.stanzas++;
    l->stats.bytes += len;
}

int link_send(struct link *l, xmpp_stanza_t *stanza)
{
    int rc = can_send(l);
    char *buf = NULL;
    size_t len = 0;

    if (rc != 0)
        return rc;
    /* What xmpp_send() would do, but with the length in our hands. */
    if (xmpp_stanza_to_text(stanza, &buf, &len) != XMPP_EOK) {
        log_warn("link: a stanza could not be serialized; not sent");
        return ERR_INTERNAL;
    }
    queue(l, buf, len);
    xmpp_free(l->ctx, buf);
    return 0;
}

int link_send_raw(struct link *l, const char *xml, size_t len)
{
    int rc = can_send(l);

    if (rc == 0)
        queue(l, xml, len);
    return rc;
}

void link_shutdown(struct link *l, unsigned deadline_ms)
{
    uint64_t end = clock_mono_ms() + deadline_ms;

    if (l->state != L_ONLINE && l->state != L_CONNECTING) {
        l->state = L_CLOSING;
        return;
    }
    while (l->state == L_ONLINE && xmpp_conn_send_queue_len(l->conn) > 0 &&
           clock_mono_ms() < end)
        xmpp_run_once(l->ctx, 20);
    if (l->state == L_ONLINE && xmpp_conn_send_queue_len(l->conn) > 0)
        log_warn("link: %d stanzas not sent at shutdown",
                 xmpp_conn_send_queue_len(l->conn));
    if (l->conn == NULL) {
        l->state = L_CLOSING;
        return;
    }
    l->state = L_CLOSING;
    xmpp_disconnect(l->conn);
    /* libstrophe gives the server 2 s to close its side. */
    end = clock_mono_ms() + 2500;
    while (l->conn && clock_mono_ms() < end)
        xmpp_run_once(l->ctx, 20);
}

void link_get_stats(const struct link *l, struct link_stats *out)
{
    *out = l->stats;
    out->queued = queue_len(l);
    out->queued_bytes = queued_bytes(l, out->queued);
}
