/*
 * mcast.c - the server's XEP-0033 multicast service: finding it, sending
 * through it, and giving it up when it refuses.
 *
 * Finding it (mcast_start()): disco#info and disco#items of one domain,
 * then disco#info of each item of that domain. The domain is the config's
 * `multicast` when it names one, else (`auto`) component_jid without its
 * first label: muc.example.org -> example.org. The service is the domain
 * itself when it has the feature http://jabber.org/protocol/address, else
 * the first item, in the order listed, with that feature and the identity
 * service/multicast (ejabberd's mod_multicast: multicast.example.org).
 * Only the domain and its own subdomains count: the stanzas to the
 * service list the recipients' real JIDs.
 *
 * Privacy: those JIDs are bcc addresses, which the service removes before
 * delivery (XEP-0033 §4.6: "bcc" addresses are not disclosed to the
 * recipients); ejabberd's mod_multicast keeps none of them in what it
 * delivers. They go to our own server, which routes every stanza to
 * those sessions and so knows them anyway.
 *
 * The limit of addresses a stanza: what the service advertises in its
 * disco#info (a XEP-0128 form of FORM_TYPE http://jabber.org/protocol/
 * address, field "message", as ejabberd sends when `limits` is set), at
 * most MCAST_LIMIT_MAX; MCAST_LIMIT_DEFAULT when it advertises none
 * (ejabberd then applies its default for a sender outside its hosts, 20,
 * and refuses a stanza with more with <not-acceptable/>).
 *
 * Failure: a message error from the service ends its use until the next
 * mcast_start(); the last MCAST_KEEP stanzas sent through it are kept
 * (text and recipients), so that a refused one is sent again one stanza a
 * session. Cost: one copy of each message and of its recipients' JIDs,
 * small beside the hundreds of stanzas it replaces.
 */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "config.h"
#include "link.h"
#include "log.h"
#include "mcast.h"
#include "router.h"
#include "stanza.h"
#include "util.h"

/* The domain and its items, asked at most. */
#define MCAST_CANDIDATES 17
/* How long an answer may take (ms): the audit after a reconnect asks at
 * the same time. */
#define MCAST_ASK_MS 10000
/* Stanzas sent through the service kept for a resend: those sent before
 * its first refusal comes back (a join storm sends hundreds), at most
 * about 3 KiB each. */
#define MCAST_KEEP 128

/* The limits of addresses a stanza: [0] messages, [1] presences. */
enum { LIM_MESSAGE, LIM_PRESENCE };

struct cand {
    char *jid;
    int state; /* -1 waiting for its disco#info; 0 not it; 1 a service */
    long limit[2];
};

struct kept {
    char *key;  /* the message's stanza-id, the presence's occupant-id;
                 * NULL: a free slot */
    int presence; /* a presence, not a message */
    char *rest; /* as mcast_send() took it */
    char *to;   /* the recipients, each ending in '\0' */
    size_t n;
};

struct mcast {
    unsigned gen;          /* answers to an older search are ignored */
    char *domain;          /* the domain asked, or NULL */
    struct cand cand[MCAST_CANDIDATES]; /* [0]: the domain itself */
    size_t ncand;
    int items_waiting;     /* the domain's disco#items not answered yet */
    char *service;         /* the service found, or NULL */
    long limit[2];         /* its addresses a stanza, by kind */
    int refused;           /* it refused: not used until mcast_start() */
    struct kept kept[MCAST_KEEP];
    size_t next_kept;
};

struct ask {
    unsigned gen;
    size_t idx; /* the candidate; (size_t)-1: the domain's items */
};

static void ask(struct app *app, const char *to, const char *ns, size_t idx);

static struct mcast *state(struct app *app)
{
    if (app->mcast == NULL)
        app->mcast = xcalloc(1, sizeof(*app->mcast));
    return app->mcast;
}

static void forget_search(struct mcast *m)
{
    for (size_t i = 0; i < m->ncand; i++)
        free(m->cand[i].jid);
    m->ncand = 0;
    m->items_waiting = 0;
    free(m->domain);
    m->domain = NULL;
    free(m->service);
    m->service = NULL;
    m->refused = 0;
    m->gen++;
}

/* 1 when jid is domain or one of its subdomains (no user, no resource). */
static int within(const char *jid, const char *domain)
{
    size_t jl = strlen(jid), dl = strlen(domain);

    if (!jid_valid(jid) || strchr(jid, '@') || strchr(jid, '/'))
        return 0;
    if (str_eq_nocase(jid, domain))
        return 1;
    return jl > dl + 1 && jid[jl - dl - 1] == '.' &&
           str_eq_nocase(jid + jl - dl, domain);
}

/* The first candidate with the feature once all before it answered. */
static void decide(struct app *app)
{
    struct mcast *m = app->mcast;

    if (m->service || m->domain == NULL)
        return;
    for (size_t i = 0; i < m->ncand; i++) {
        if (m->cand[i].state < 0)
            return; /* an earlier one may still have it */
        if (m->cand[i].state == 1) {
            m->service = xstrdup(m->cand[i].jid);
            m->limit[LIM_MESSAGE] = m->cand[i].limit[LIM_MESSAGE];
            m->limit[LIM_PRESENCE] = m->cand[i].limit[LIM_PRESENCE];
            log_info("multicast: sending room messages and presences "
                     "through %s, %ld and %ld addresses a stanza "
                     "(XEP-0033)",
                     m->service, m->limit[LIM_MESSAGE],
                     m->limit[LIM_PRESENCE]);
            return;
        }
    }
    if (!m->items_waiting) {
        log_info("multicast: %s offers no XEP-0033 service: one stanza "
                 "a recipient", m->domain);
        free(m->domain); /* searched: decided for good */
        m->domain = NULL;
    }
}

/* The limit of a disco#info's XEP-0128 form for field ("message" or
 * "presence"), or -1. */
static long advertised_limit(xmpp_stanza_t *q, const char *field)
{
    for (xmpp_stanza_t *x = xmpp_stanza_get_children(q); x;
         x = xmpp_stanza_get_next(x)) {
        const char *name = xmpp_stanza_get_name(x), *ns = xmpp_stanza_get_ns(x);
        long limit = -1;
        int ours = 0;

        if (name == NULL || strcmp(name, "x") != 0 || ns == NULL ||
            strcmp(ns, NS_DATA) != 0)
            continue;
        for (xmpp_stanza_t *f = xmpp_stanza_get_children(x); f;
             f = xmpp_stanza_get_next(f)) {
            const char *var = xmpp_stanza_get_attribute(f, "var");
            xmpp_stanza_t *v = xmpp_stanza_get_child_by_name(f, "value");
            char *text = v ? st_text(v) : NULL;
            long n;

            if (var && text && strcmp(var, "FORM_TYPE") == 0)
                ours = strcmp(text, NS_ADDRESS) == 0;
            else if (var && text && strcmp(var, field) == 0 &&
                     str_to_long(text, 1, 1000000, &n) == 0)
                limit = n;
            free(text);
        }
        if (ours)
            return limit;
    }
    return -1;
}

/* 1 when a disco#info result has the feature (and, for an item, the
 * identity service/multicast). */
static int offers(xmpp_stanza_t *q, int item)
{
    int feature = 0, identity = !item;

    for (xmpp_stanza_t *c = xmpp_stanza_get_children(q); c;
         c = xmpp_stanza_get_next(c)) {
        const char *name = xmpp_stanza_get_name(c);
        const char *var = xmpp_stanza_get_attribute(c, "var");
        const char *cat = xmpp_stanza_get_attribute(c, "category");
        const char *type = xmpp_stanza_get_attribute(c, "type");

        if (name && strcmp(name, "feature") == 0 && var &&
            strcmp(var, NS_ADDRESS) == 0)
            feature = 1;
        if (name && strcmp(name, "identity") == 0 && cat && type &&
            strcmp(cat, "service") == 0 && strcmp(type, "multicast") == 0)
            identity = 1;
    }
    return feature && identity;
}

static xmpp_stanza_t *result_query(xmpp_stanza_t *answer, const char *ns)
{
    const char *type = answer ? xmpp_stanza_get_type(answer) : NULL;

    if (type == NULL || strcmp(type, "result") != 0)
        return NULL;
    return xmpp_stanza_get_child_by_name_and_ns(answer, "query", ns);
}

static void info_answered(struct app *app, xmpp_stanza_t *answer,
                          struct ask *a)
{
    struct mcast *m = app->mcast;
    struct cand *c = &m->cand[a->idx];
    xmpp_stanza_t *q = result_query(answer, NS_DISCO_INFO);

    c->state = q && offers(q, a->idx > 0);
    for (int k = 0; c->state && k < 2; k++) {
        long adv = advertised_limit(q, k == LIM_MESSAGE ? "message"
                                                        : "presence");

        c->limit[k] = adv < 0 ? MCAST_LIMIT_DEFAULT
                      : adv > MCAST_LIMIT_MAX ? MCAST_LIMIT_MAX
                                              : adv;
    }
}

static void items_answered(struct app *app, xmpp_stanza_t *answer)
{
    struct mcast *m = app->mcast;
    xmpp_stanza_t *q = result_query(answer, NS_DISCO_ITEMS);

    m->items_waiting = 0;
    for (xmpp_stanza_t *i = q ? xmpp_stanza_get_children(q) : NULL; i;
         i = xmpp_stanza_get_next(i)) {
        const char *name = xmpp_stanza_get_name(i);
        const char *jid = xmpp_stanza_get_attribute(i, "jid");

        if (m->ncand == MCAST_CANDIDATES)
            break;
        /* Not a node of it, not ourselves, not the domain again. */
        if (name == NULL || strcmp(name, "item") != 0 || jid == NULL ||
            xmpp_stanza_get_attribute(i, "node") != NULL ||
            !within(jid, m->domain) ||
            str_eq_nocase(jid, app->cfg->component_jid) ||
            str_eq_nocase(jid, m->domain))
            continue;
        m->cand[m->ncand].jid = xstrdup(jid);
        m->cand[m->ncand].state = -1;
        ask(app, jid, NS_DISCO_INFO, m->ncand++);
    }
}

static void answered(struct app *app, xmpp_stanza_t *answer, void *ud)
{
    struct ask *a = ud;

    /* A newer search, or shutdown (app->mcast gone): only free. */
    if (app->mcast && app->mcast->gen == a->gen && app->mcast->domain) {
        if (a->idx == (size_t)-1)
            items_answered(app, answer);
        else
            info_answered(app, answer, a);
        decide(app);
    }
    free(a);
}

static void ask(struct app *app, const char *to, const char *ns, size_t idx)
{
    struct mcast *m = app->mcast;
    xmpp_stanza_t *iq = xmpp_iq_new(app->ctx, "get", NULL);
    struct ask *a = xcalloc(1, sizeof(*a));

    a->gen = m->gen;
    a->idx = idx;
    xmpp_stanza_set_to(iq, to);
    st_add(iq, "query", ns);
    if (router_ask(app, iq, MCAST_ASK_MS, answered, a) != 0) {
        /* Too many asks waiting: taken as no answer. */
        free(a);
        if (idx == (size_t)-1)
            m->items_waiting = 0;
        else
            m->cand[idx].state = 0;
    }
}

void mcast_start(struct app *app)
{
    struct mcast *m = state(app);
    const char *how = app->cfg->multicast;
    const char *dot = strchr(app->cfg->component_jid, '.');

    forget_search(m);
    if (strcmp(how, "off") == 0)
        return;
    if (strcmp(how, "auto") != 0)
        m->domain = xstrdup(how);
    else if (dot && dot[1])
        m->domain = xstrdup(dot + 1);
    else
        return; /* a component JID of one label: nothing above it */
    m->cand[0].jid = xstrdup(m->domain);
    m->cand[0].state = -1;
    m->ncand = 1;
    m->items_waiting = 1;
    ask(app, m->domain, NS_DISCO_INFO, 0);
    ask(app, m->domain, NS_DISCO_ITEMS, (size_t)-1);
    decide(app); /* when both asks were refused */
}

void mcast_stop(struct app *app)
{
    if (app->mcast)
        forget_search(app->mcast);
}

void mcast_free(struct app *app)
{
    struct mcast *m = app->mcast;

    if (m == NULL)
        return;
    forget_search(m);
    for (size_t i = 0; i < MCAST_KEEP; i++) {
        free(m->kept[i].key);
        free(m->kept[i].rest);
        free(m->kept[i].to);
    }
    free(m);
    app->mcast = NULL;
}

const char *mcast_service(const struct app *app)
{
    const struct mcast *m = app->mcast;

    return m && m->service && !m->refused ? m->service : NULL;
}

/* Keeps one stanza sent through the service, over the oldest. */
static void keep(struct mcast *m, int presence, const char *key,
                 const char *rest, const char *const *to, size_t n)
{
    struct kept *k = &m->kept[m->next_kept];
    size_t len = 0;

    m->next_kept = (m->next_kept + 1) % MCAST_KEEP;
    free(k->key);
    free(k->rest);
    free(k->to);
    for (size_t i = 0; i < n; i++)
        len += strlen(to[i]) + 1;
    k->key = xstrdup(key);
    k->presence = presence;
    k->rest = xstrdup(rest);
    k->to = xmalloc(len);
    k->n = n;
    len = 0;
    for (size_t i = 0; i < n; i++) {
        size_t l = strlen(to[i]) + 1;

        memcpy(k->to + len, to[i], l);
        len += l;
    }
}

int mcast_send(struct app *app, const char *name, const char *rest,
               const char *const *to, size_t n, const char *key)
{
    const char *service = mcast_service(app);
    struct sbuf *sb = &app->scratch;
    int presence = strcmp(name, "presence") == 0;
    const char *end = presence ? "</presence>" : "</message>";
    size_t len = strlen(rest), endl = strlen(end), step;

    if (service == NULL || n == 0 ||
        (!presence && strcmp(name, "message") != 0) || len < endl ||
        strcmp(rest + len - endl, end) != 0)
        return -1;
    len -= endl; /* without the end tag */
    step = (size_t)app->mcast->limit[presence ? LIM_PRESENCE : LIM_MESSAGE];
    for (size_t i = 0; i < n; i += step) {
        size_t stop = n - i < step ? n : i + step;

        sb_reset(sb);
        sb_addf(sb, "<%s to=\"", name);
        sb_add_esc(sb, service);
        sb_add(sb, "\"");
        sb_addn(sb, rest, len);
        /* XEP-0033 §4.6: bcc, so that the service lists nobody. */
        sb_add(sb, "<addresses xmlns=\"" NS_ADDRESS "\">");
        for (size_t j = i; j < stop; j++) {
            sb_add(sb, "<address type=\"bcc\" jid=\"");
            sb_add_esc(sb, to[j]);
            sb_add(sb, "\"/>");
        }
        sb_addf(sb, "</addresses></%s>", name);
        link_send_raw(app->link, sb->s, sb->len);
        keep(app->mcast, presence, key, rest, to + i, stop - i);
    }
    return 0;
}

/* What keeps a stanza sent through the service, as its error carries
 * it back: a message's stanza-id (XEP-0359), a presence's occupant-id
 * (XEP-0421); or NULL (borrowed). */
static const char *kept_key(xmpp_stanza_t *st, int presence)
{
    xmpp_stanza_t *s = presence ? xmpp_stanza_get_child_by_name_and_ns(
                                      st, "occupant-id", NS_OCCUPANT_ID)
                                : xmpp_stanza_get_child_by_name_and_ns(
                                      st, "stanza-id", NS_SID);

    return s ? xmpp_stanza_get_attribute(s, "id") : NULL;
}

/* Sends kept stanza k to each recipient, and frees the slot. */
static void resend(struct app *app, struct kept *k)
{
    struct sbuf *sb = &app->scratch;
    const char *to = k->to;

    for (size_t i = 0; i < k->n; i++, to += strlen(to) + 1) {
        sb_reset(sb);
        sb_addf(sb, "<%s to=\"", k->presence ? "presence" : "message");
        sb_add_esc(sb, to);
        sb_add(sb, "\"");
        sb_add(sb, k->rest);
        link_send_raw(app->link, sb->s, sb->len);
    }
    free(k->key);
    free(k->rest);
    free(k->to);
    memset(k, 0, sizeof(*k));
}

int mcast_refused(struct app *app, xmpp_stanza_t *err)
{
    struct mcast *m = app->mcast;
    const char *from = xmpp_stanza_get_from(err);
    const char *name = xmpp_stanza_get_name(err);
    int presence = name && strcmp(name, "presence") == 0;
    const char *key = kept_key(err, presence);
    xmpp_stanza_t *e = xmpp_stanza_get_child_by_name(err, "error");
    xmpp_stanza_t *cond = e ? st_first_elem(e) : NULL;

    if (m == NULL || m->service == NULL || from == NULL ||
        !str_eq_nocase(from, m->service))
        return 0;
    if (!m->refused) {
        m->refused = 1;
        log_warn("multicast: %s refused a room %s (%s): one stanza a "
                 "recipient until the link comes back",
                 m->service, presence ? "presence" : "message",
                 cond && xmpp_stanza_get_name(cond)
                     ? xmpp_stanza_get_name(cond)
                     : "no condition");
    }
    /* The oldest kept stanza of that message or occupant's presence: one
     * error per stanza. */
    for (size_t i = 0; key && i < MCAST_KEEP; i++) {
        struct kept *k = &m->kept[(m->next_kept + i) % MCAST_KEEP];

        if (k->key && k->presence == presence && strcmp(k->key, key) == 0) {
            resend(app, k);
            break;
        }
    }
    return 1;
}
