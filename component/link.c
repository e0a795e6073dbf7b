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
 */
#include <errno.h>
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
#include "util.h"

#define BACKOFF_MIN_MS 500
#define BACKOFF_MAX_MS 30000
#define HANDSHAKE_TIMEOUT_MS 20000
/* Larger than struct _xmpp_sm_t in any libstrophe 0.12.x (about 100). */
#define SM_STATE_BYTES 512

enum lstate { L_IDLE, L_CONNECTING, L_ONLINE, L_CLOSING };

struct link {
    xmpp_ctx_t *ctx;
    char *jid, *secret, *host;
    unsigned short port;
    long queue_max;
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
    } else if (l->state == L_ONLINE && l->stats.dropped > l->drops_told &&
               xmpp_conn_send_queue_len(l->conn) == 0) {
        log_info("link: the send queue is empty again (%lu stanzas dropped "
                 "while the server was not reading)",
                 l->stats.dropped - l->drops_told);
        l->drops_told = l->stats.dropped;
    }
    return l->fatal;
}

int link_online(const struct link *l)
{
    return l->state == L_ONLINE;
}

int link_congested(const struct link *l)
{
    return l->state == L_ONLINE &&
           xmpp_conn_send_queue_len(l->conn) > l->queue_max * 3 / 4;
}

static int can_send(struct link *l)
{
    uint64_t now;

    if (l->state != L_ONLINE)
        return ERR_SERVICE_UNAVAILABLE;
    if (xmpp_conn_send_queue_len(l->conn) < l->queue_max)
        return 0;
    /* The server is not reading. libstrophe would queue without end;
     * we drop instead, and say so at most once a second. */
    l->stats.dropped++;
    now = clock_mono_ms();
    if (now - l->last_drop_log > 1000) {
        log_warn("link: send queue full (%ld stanzas): dropped %lu so far",
                 l->queue_max, l->stats.dropped);
        l->last_drop_log = now;
    }
    return ERR_RESOURCE_CONSTRAINT;
}

int link_send(struct link *l, xmpp_stanza_t *stanza)
{
    int rc = can_send(l);

    if (rc == 0)
        xmpp_send(l->conn, stanza);
    return rc;
}

int link_send_raw(struct link *l, const char *xml, size_t len)
{
    int rc = can_send(l);

    if (rc == 0)
        xmpp_send_raw(l->conn, xml, len);
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
}
