/*
 * muc.c - XEP-0045 multi-user chat: the XML side of rooms, what every
 * section shares.
 *
 * Outgoing stanzas are built as text: "rest" is a stanza without its
 * opening "<name" and without `to`, so one text serves every recipient
 * of an audience and muc_send_rest() adds only `to`. Client input is copied
 * through whitelists (presence: show, status, caps; messages: body and the
 * few extensions clients need: relay.h), never wholesale: anything else a
 * client puts in a stanza could carry who they are.
 *
 * The MUC layer follows XEP-0045's own sections, one file each:
 *   muc.c          building and sending occupant stanzas, the one gate for
 *                  real JIDs (muc_jid_for()), accounts by key, room-wide
 *                  events (destroy, shutdown, what the room says)
 *   muc_presence.c entering, presence, nick changes, leaving (§7.1-7.7),
 *                  reserved nicks (§7.12)
 *   muc_message.c  messages to all (§7.4), the subject (§8.1), message
 *                  moderation (XEP-0425), and the dispatch of messages
 *   muc_private.c  private messages (§7.5) and invitations (§7.8)
 *   muc_admin.c, muc_owner.c, muc_queue.c, muc_staff.c, muc_card.c
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "app.h"
#include "clock.h"
#include "config.h"
#include "err.h"
#include "filter.h"
#include "form.h"
#include "hmap.h"
#include "hours.h"
#include "lang.h"
#include "link.h"
#include "log.h"
#include "mcast.h"
#include "muc.h"
#include "muc_int.h"
#include "nick.h"
#include "relay.h"
#include "room.h"
#include "staff.h"
#include "store.h"
#include "router.h"
#include "stanza.h"
#include "util.h"

/* Sends "<name to='to'" + rest. */
void muc_send_rest(struct app *app, const char *name, const char *rest,
                   const char *to)
{
    struct sbuf *sb = &app->scratch;

    sb_reset(sb);
    sb_addf(sb, "<%s to=\"", name);
    sb_add_esc(sb, to);
    sb_add(sb, "\"");
    sb_add(sb, rest);
    link_send_raw(app->link, sb->s, sb->len);
}

/* Sends rest to every session of o. */
void muc_send_occ(struct app *app, const char *name, const char *rest,
                  const struct occupant *o)
{
    for (size_t i = 0; i < o->nsessions; i++)
        muc_send_rest(app, name, rest, o->sessions[i]);
}

void muc_add_room_jid(struct sbuf *sb, struct app *app,
                      const struct room *r, const char *nick)
{
    sb_add_esc(sb, r->name);
    sb_add(sb, "@");
    sb_add_esc(sb, app->cfg->component_jid);
    if (nick) {
        sb_add(sb, "/");
        sb_add_esc(sb, nick);
    }
}

/* Serializes an element of a client's stanza into sb. */
int muc_elem_is(xmpp_stanza_t *el, const char *name, const char *ns)
{
    const char *n = xmpp_stanza_get_name(el), *s = xmpp_stanza_get_ns(el);

    return xmpp_stanza_is_tag(el) && n && strcmp(n, name) == 0 &&
           (ns == NULL ? s == NULL || strcmp(s, "jabber:component:accept") == 0
                       : s && strcmp(s, ns) == 0);
}

/* XEP-0421: stable for one account in one room, unlinkable across rooms:
 * HMAC-SHA256(service key, room name NUL bare JID), its first 96 bits in
 * base64, 16 characters (sent with every presence and message). Before
 * schema 15 it was 144 bits, 24 characters; base64 makes 4 characters of
 * each 3 bytes, so the new id is the first 16 characters of the old one,
 * and 0015_short_occupant_ids.sql cut the stored ones to match. */
void muc_make_occupant_id(struct app *app, const struct room *r,
                          const char *bare, char *out, size_t outlen)
{
    unsigned char mac[EVP_MAX_MD_SIZE], in[1100];
    unsigned int maclen = 0;
    size_t nl = strlen(r->name), bl = strlen(bare);
    unsigned char b64[64];

    if (nl + 1 + bl > sizeof(in))
        bl = sizeof(in) - nl - 1;
    memcpy(in, r->name, nl);
    in[nl] = 0;
    memcpy(in + nl + 1, bare, bl);
    HMAC(EVP_sha256(), app->occ_key, sizeof(app->occ_key), in, nl + 1 + bl,
         mac, &maclen);
    EVP_EncodeBlock(b64, mac, 12); /* 96 bits: 16 characters */
    str_lcpy(out, (char *)b64, outlen);
}

/*
 * The presence of o as `viewer` sees it, in "rest" form. A NULL viewer
 * means "a viewer who may not see real JIDs".
 */
void muc_build_presence(struct sbuf *sb, struct app *app,
                        const struct occupant *o,
                        const struct occupant *viewer,
                        const struct pres *p)
{
    const char *jid;

    sb_reset(sb);
    sb_add(sb, " from=\"");
    muc_add_room_jid(sb, app, o->room, o->nick);
    sb_add(sb, "\"");
    if (p->type)
        sb_addf(sb, " type=\"%s\"", p->type);
    if (p->id) {
        sb_add(sb, " id=\"");
        sb_add_esc(sb, p->id);
        sb_add(sb, "\"");
    }
    sb_add(sb, ">");
    if (p->type == NULL && o->pres)
        sb_add(sb, o->pres);
    if (p->type == NULL && o->hat) {
        /* XEP-0317 under urn:xmpp:hats:0, the namespace Converse.js
         * reads; clients' own hats never pass filter_presence(). The
         * title in the reader's language. */
        const struct staff *sm = staffs_get(app->staff, o->bare);
        const struct lang_cat *c = p->lang ? p->lang
                                           : muc_occ_cat(app, viewer);
        char *hat = sm ? muc_staff_hat(app, sm, c) : NULL;

        sb_add(sb, "<hats xmlns=\"" NS_HATS "\"><hat uri=\"" HAT_URI
                   "\" title=\"");
        sb_add_esc(sb, hat ? hat : o->hat);
        if (hat) /* XEP-0317 §3: the title's language */
            sb_addf(sb, "\" xml:lang=\"%s", lang_code(c));
        sb_add(sb, "\"/></hats>");
        free(hat);
    }
    if (p->type == NULL && o->hat) {
        /* XEP-0153: the hash of the registry's photo, so clients fetch the
         * card (muc_occupant_vcard); an empty <photo/> says there is none
         * (and clears a removed one). Clients' own never pass. */
        const struct staff *sm = staffs_get(app->staff, o->bare);

        sb_add(sb, "<x xmlns=\"" NS_VCARD_UPDATE "\">");
        if (sm && sm->photo_sha1[0])
            sb_addf(sb, "<photo>%s</photo>", sm->photo_sha1);
        else
            sb_add(sb, "<photo/>");
        sb_add(sb, "</x>");
    }
    /* §7.6: the 303 of a nick change keeps the role; every other
     * unavailable presence ends it. */
    sb_addf(sb, "<x xmlns=\"" NS_MUC_USER "\"><item affiliation=\"%s\" "
                "role=\"%s\"",
            affil_name(o->affil),
            p->type && !p->newnick ? "none" : role_name(o->role));
    if ((jid = muc_jid_for(app, viewer, o)) != NULL) {
        /* The gate said yes: not a youth, and whois lets viewer see. */
        sb_add(sb, " jid=\"");
        sb_add_esc(sb, jid);
        sb_add(sb, "\"");
    }
    if (p->newnick) {
        sb_add(sb, " nick=\"");
        sb_add_esc(sb, p->newnick);
        sb_add(sb, "\"");
    }
    if (p->actor || p->reason) {
        sb_add(sb, ">");
        if (p->actor) {
            sb_add(sb, "<actor nick=\"");
            sb_add_esc(sb, p->actor);
            sb_add(sb, "\"/>");
        }
        if (p->reason) {
            sb_add(sb, "<reason>");
            sb_add_esc(sb, p->reason);
            sb_add(sb, "</reason>");
        }
        sb_add(sb, "</item>");
    } else {
        sb_add(sb, "/>");
    }
    for (const int *c = p->codes; c && *c; c++)
        sb_addf(sb, "<status code=\"%d\"/>", *c);
    sb_add(sb, "</x><occupant-id xmlns=\"" NS_OCCUPANT_ID "\" id=\"");
    sb_add_esc(sb, o->occupant_id);
    sb_add(sb, "\"/></presence>");
}

/* The texts of one presence, one per audience: with or without real
 * JIDs, and for staff (whose badge is in each reader's language) per
 * language too; with a multicast service, each audience's sessions. */
#define AUDIENCES_MAX 16
struct audiences {
    struct {
        const struct lang_cat *lang; /* NULL: any (not staff) */
        int named;
        struct sbuf sb;
        const char **to; /* its sessions (borrowed), nto of them */
        size_t nto, cap;
    } a[AUDIENCES_MAX];
    size_t n;
};

/* The audience of reader to for o's presence p, its text built once;
 * -1 when the table is full, the text then in sb, a scratch buffer. */
static int audience_of(struct audiences *au, struct sbuf *sb,
                       struct app *app, const struct occupant *o,
                       const struct occupant *to, const struct pres *p)
{
    int named = occ_sees_jids(to);
    const struct lang_cat *lang = o->hat ? muc_occ_cat(app, to) : NULL;
    struct pres q = *p;
    size_t i;

    for (i = 0; i < au->n; i++)
        if (au->a[i].named == named && au->a[i].lang == lang)
            return (int)i;
    q.lang = lang;
    if (au->n == AUDIENCES_MAX) {
        muc_build_presence(sb, app, o, named ? to : NULL, &q);
        return -1;
    }
    memset(&au->a[i], 0, sizeof(au->a[i]));
    au->a[i].named = named;
    au->a[i].lang = lang;
    sb_init(&au->a[i].sb);
    muc_build_presence(&au->a[i].sb, app, o, named ? to : NULL, &q);
    au->n++;
    return (int)i;
}

/*
 * Sends o's presence to every other occupant allowed to see it, one text
 * per audience (audience_of()). With the server's multicast service
 * (mcast.h), each audience gets its text as one stanza: a youth's arrival
 * in a room of four moderators is one stanza to the server, not four.
 * Audiences of one or two sessions too: the presences of an occupant to
 * a reader take one path, the service's, and arrive in order (a leave
 * sent directly could pass a join still in the service).
 */
void muc_broadcast_presence(struct app *app, const struct occupant *o,
                            const struct pres *p)
{
    struct room *r = o->room;
    struct audiences au;
    struct sbuf scratch;
    struct hmap_iter it;
    const char *k;
    void *v;
    int mc = mcast_service(app) != NULL;

    au.n = 0;
    sb_init(&scratch);
    hmap_iter_init(&it, r->by_nick);
    while (hmap_iter_next(&it, &k, &v)) {
        struct occupant *to = v;
        int i;

        if (to == o || !occ_sees_presence_of(to, o))
            continue;
        i = audience_of(&au, &scratch, app, o, to, p);
        if (i < 0 || !mc) {
            muc_send_occ(app, "presence", i < 0 ? scratch.s : au.a[i].sb.s,
                         to);
            continue;
        }
        for (size_t s = 0; s < to->nsessions; s++) {
            if (au.a[i].nto == au.a[i].cap) {
                au.a[i].cap = au.a[i].cap ? 2 * au.a[i].cap : 8;
                au.a[i].to = xrealloc(au.a[i].to,
                                      au.a[i].cap * sizeof(*au.a[i].to));
            }
            au.a[i].to[au.a[i].nto++] = to->sessions[s];
        }
    }
    for (size_t i = 0; i < au.n; i++) {
        if (au.a[i].nto > 0 &&
            mcast_send(app, "presence", au.a[i].sb.s, au.a[i].to,
                       au.a[i].nto, o->occupant_id) != 0)
            for (size_t s = 0; s < au.a[i].nto; s++)
                muc_send_rest(app, "presence", au.a[i].sb.s, au.a[i].to[s]);
        free(au.a[i].to);
        sb_free(&au.a[i].sb);
    }
    sb_free(&scratch);
}

void muc_seen_before(const struct occupant *o, struct seen *s)
{
    struct hmap_iter it;
    const char *k;
    void *v;
    size_t i = 0;

    s->n = room_occupants(o->room);
    s->v = xcalloc(s->n ? s->n : 1, 1);
    hmap_iter_init(&it, o->room->by_nick);
    while (hmap_iter_next(&it, &k, &v) && i < s->n) {
        const struct occupant *other = v;

        s->v[i++] = (unsigned char)((other != o &&
                                     occ_sees_presence_of(o, other)) |
                                    (other != o &&
                                     occ_sees_presence_of(other, o)) << 1);
    }
}

void muc_standing_changed(struct app *app, struct occupant *o,
                          struct seen *s, const struct pres *p)
{
    struct pres gone = {.type = "unavailable"};
    struct hmap_iter it;
    const char *k;
    void *v;
    size_t i = 0;
    struct sbuf sb;

    if (o->apart && !occ_is_held(o))
        o->apart = 0;
    muc_broadcast_presence(app, o, p);
    sb_init(&sb);
    hmap_iter_init(&it, o->room->by_nick);
    while (hmap_iter_next(&it, &k, &v)) {
        struct occupant *other = v;
        unsigned was = i < s->n ? s->v[i] : 0;

        i++;
        if (other == o)
            continue;
        if ((was & 2) && !occ_sees_presence_of(other, o)) {
            muc_build_presence(&sb, app, o, other, &gone);
            muc_send_occ(app, "presence", sb.s, other);
        }
        if (occ_sees_presence_of(o, other) != ((was & 1) != 0)) {
            muc_build_presence(&sb, app, other, o,
                               (was & 1) ? &gone : &(struct pres){0});
            muc_send_occ(app, "presence", sb.s, o);
        }
    }
    sb_free(&sb);
    free(s->v);
    s->v = NULL;
}

/* Self-presence to one session of o: 110 and the room's facts (§7.2.2). */
void muc_send_self(struct app *app, const struct occupant *o,
                   const char *full, const struct pres *p)
{
    int codes[8], n = 0;
    struct pres self = *p;
    struct sbuf sb;

    codes[n++] = 110;
    if (p->type == NULL && o->room->cfg.whois == WHOIS_ANYONE)
        codes[n++] = 100; /* §7.2.4: the room is non-anonymous */
    for (const int *c = p->codes; c && *c && n < 7; c++)
        codes[n++] = *c;
    codes[n] = 0;
    self.codes = codes;
    sb_init(&sb);
    muc_build_presence(&sb, app, o, o, &self);
    muc_send_rest(app, "presence", sb.s, full);
    sb_free(&sb);
}

/* The same to every session of o. */
void muc_send_self_all(struct app *app, const struct occupant *o,
                       const struct pres *p)
{
    for (size_t i = 0; i < o->nsessions; i++)
        muc_send_self(app, o, o->sessions[i], p);
}

/* HMAC-SHA256(service key, in), the first 16 bytes in hex, at out. */
static void key_hex(struct app *app, const unsigned char *in, size_t n,
                    char *out)
{
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int maclen = 0;
    static const char hex[] = "0123456789abcdef";

    HMAC(EVP_sha256(), app->occ_key, sizeof(app->occ_key), in, n, mac,
         &maclen);
    for (int i = 0; i < 16; i++) {
        out[2 * i] = hex[mac[i] >> 4];
        out[2 * i + 1] = hex[mac[i] & 15];
    }
    out[32] = '\0';
}

/* Appends the lower-cased bare JID to in at *n (bounded by cap). */
static void add_lower(unsigned char *in, size_t *n, size_t cap,
                      const char *bare)
{
    for (; *bare && *n < cap; bare++)
        in[(*n)++] = (unsigned char)((*bare >= 'A' && *bare <= 'Z')
                                         ? *bare - 'A' + 'a'
                                         : *bare);
}

void muc_make_jid_key(struct app *app, const struct room *r, const char *bare,
                      char out[MUC_KEY_LEN])
{
    unsigned char in[1400];
    size_t n = 0, rl = strlen(r->name);
    char old[MUC_KEY_LEN];

    memcpy(in, "affil", 6);
    n = 6;
    if (rl > 256)
        rl = 256;
    memcpy(in + n, r->name, rl);
    n += rl;
    in[n++] = 0;
    add_lower(in, &n, sizeof(in), bare);
    key_hex(app, in, n, out);
    if (hmap_get(r->affils, out) != NULL)
        return;
    /* A row stored before schema 10: "affil" NUL bare, for all rooms. */
    n = 6;
    add_lower(in, &n, sizeof(in), bare);
    old[0] = 'g';
    key_hex(app, in, n, old + 1);
    if (hmap_get(r->affils, old) != NULL)
        memcpy(out, old, MUC_KEY_LEN);
}

const char *muc_jid_for(const struct app *app, const struct occupant *viewer,
                        const struct occupant *o)
{
    if (o->youth || config_is_youth(app->cfg, o->bare) || viewer == NULL ||
        o->nsessions == 0)
        return NULL;
    return occ_sees_jids(viewer) ? o->sessions[0] : NULL;
}

int muc_set_affil(struct app *app, struct room *r, const char *bare,
                  enum affil a, const char *nick, const char *reason,
                  const char **why)
{
    char key[MUC_KEY_LEN];
    int youth = config_is_youth(app->cfg, bare);

    if (youth && a >= AFF_ADMIN) {
        *why = "A young person cannot be made admin or owner of a room.";
        return ERR_NOT_ALLOWED_CANCEL;
    }
    muc_make_jid_key(app, r, bare, key);
    return rooms_set_affil(app->rooms, r, key, youth ? NULL : bare, a, nick,
                           reason);
}

/* The affiliation of bare in r: service admins own every room. */
enum affil muc_affiliation_of(struct app *app, const struct room *r,
                              const char *bare)
{
    const struct staff *sm;
    enum affil a;
    char key[MUC_KEY_LEN];

    if (config_is_admin(app->cfg, bare))
        return AFF_OWNER;
    muc_make_jid_key(app, r, bare, key);
    a = room_affil(r, key);
    /* The registry makes staff admins (youth workers who moderate) or
     * members (officers) of every room, so that a youth worker can also
     * ban; a stored ban still wins. */
    if (a != AFF_OUTCAST && (sm = staffs_get(app->staff, bare)) != NULL) {
        enum affil want =
            sm->role == ROLE_MODERATOR ? AFF_ADMIN : AFF_MEMBER;

        if (a < want)
            a = want;
    }
    return a;
}

void muc_log_action(struct app *app, const struct room *r,
                    const struct occupant *actor, const char *action,
                    const char *target, const char *target_oid,
                    const char *reason)
{
    struct store_modlog e = {
        .room = r->name,
        .at = clock_now(),
        .actor = actor ? actor->nick : "(admin)",
        .actor_oid = actor ? actor->occupant_id : "",
        .action = action,
        .target = target,
        .target_oid = target_oid,
        .reason = reason,
    };

    /* A lost log line must not undo the action: log the failure only. */
    if (store_modlog_add(app->store, &e) != 0)
        log_warn("muc: moderation log of %s in %s not stored", action,
                 r->name);
}

void muc_reap_room(struct app *app, struct room *r)
{
    char *name;

    /* §10.1: a temporary room ends with its last occupant. */
    if (r->persistent || room_occupants(r) > 0)
        return;
    name = xstrdup(r->name);
    log_debug("muc: temporary room %s is empty: destroyed", name);
    rooms_destroy(app->rooms, name);
    free(name);
}

/*
 * §18.1.2: an error that says the occupant cannot be reached (rather than
 * that it refused one stanza) removes it from the room.
 */
int muc_is_delivery_error(xmpp_stanza_t *st)
{
    static const char *const conds[] = {
        "gone", "item-not-found", "recipient-unavailable", "redirect",
        "remote-server-not-found", "remote-server-timeout",
        "service-unavailable"};
    xmpp_stanza_t *e = xmpp_stanza_get_child_by_name(st, "error"), *c;

    if (e == NULL)
        return 1; /* an error without a condition: assume the worst */
    for (c = xmpp_stanza_get_children(e); c; c = xmpp_stanza_get_next(c)) {
        const char *n = xmpp_stanza_get_name(c);

        if (!xmpp_stanza_is_tag(c) || n == NULL)
            continue;
        for (size_t i = 0; i < ARRAY_LEN(conds); i++)
            if (strcmp(n, conds[i]) == 0)
                return 1;
    }
    return 0;
}

/* The catalogue for what the room tells o: the language of o's join,
 * else the config's (o may be NULL: the config's). */
const struct lang_cat *muc_occ_cat(struct app *app, const struct occupant *o)
{
    return lang_pick(app->lang, o && o->lang[0] ? o->lang : NULL,
                     app->cfg->language);
}

/* Text k with nargs args in o's language, into buf (len bytes). */
const char *muc_occ_say(struct app *app, const struct occupant *o,
                        enum lang_key k, const char *const *args,
                        size_t nargs, char *buf, size_t len)
{
    lang_format(muc_occ_cat(app, o), k, buf, len, args, nargs);
    return buf;
}

const char *muc_text(const struct lang_cat *c, enum lang_key k, char *buf,
                     size_t len)
{
    lang_format(c, k, buf, len, NULL, 0);
    return buf;
}

/* Makes text k, in o's language, the text of rq's error reply; buf holds
 * it until the reply is sent. */
void muc_occ_why(struct req *rq, const struct occupant *o, enum lang_key k,
                 char *buf, size_t len)
{
    const struct lang_cat *c = muc_occ_cat(rq->app, o);

    lang_format(c, k, buf, len, NULL, 0);
    rq->why = buf;
    rq->why_lang = lang_code(c);
}

int muc_occ_wait(struct req *rq, const struct occupant *o, enum lang_key k,
                 uint64_t wait_ms, char *buf, size_t len)
{
    const struct lang_cat *c = muc_occ_cat(rq->app, o);
    char secs[24];
    const char *args[] = {secs};

    snprintf(secs, sizeof(secs), "%llu",
             (unsigned long long)((wait_ms + 999) / 1000));
    lang_format(c, k, buf, len, args, 1);
    rq->why = buf;
    rq->why_lang = lang_code(c);
    return ERR_RESOURCE_CONSTRAINT;
}

const struct lang_cat *muc_req_cat(struct req *rq)
{
    struct app *app = rq->app;
    struct room *r = rq->room ? rooms_get(app->rooms, rq->room) : NULL;
    const struct occupant *o = r ? room_by_jid(r, rq->from) : NULL;

    return lang_pick(app->lang, o && o->lang[0] ? o->lang : rq->lang,
                     app->cfg->language);
}

void muc_why(struct req *rq, enum lang_key k)
{
    const struct lang_cat *c = muc_req_cat(rq);

    lang_format(c, k, rq->why_buf, sizeof(rq->why_buf), NULL, 0);
    rq->why = rq->why_buf;
    rq->why_lang = lang_code(c);
}

xmpp_stanza_t *muc_error_reply(struct req *rq, int code)
{
    if (rq->why == NULL)
        muc_why(rq, err_info(code)->key);
    return st_error_reply_lang(rq->st, code, rq->why, rq->why_lang);
}

int muc_occupant_ping(struct req *rq)
{
    struct room *r = rooms_get(rq->app->rooms, rq->room);
    struct occupant *o = r ? room_by_jid(r, rq->from) : NULL;
    const char *nick = jid_resource(rq->to);

    /* XEP-0410: a result only when the sender is in under that nick. */
    if (o == NULL || strcmp(o->nick, nick) != 0) {
        muc_why(rq, LANG_ERR_NOT_YOUR_NICK);
        return ERR_NOT_ACCEPTABLE;
    }
    router_send(rq->app, st_iq_result(rq->st));
    return 0;
}

static void remove_all(struct app *app, struct room *r, const char *extra)
{
    struct hmap_iter it;
    const char *k;
    void *v;
    struct sbuf sb;

    sb_init(&sb);
    hmap_iter_init(&it, r->by_nick);
    while (hmap_iter_next(&it, &k, &v)) {
        struct occupant *o = v;

        sb_reset(&sb);
        sb_add(&sb, " from=\"");
        muc_add_room_jid(&sb, app, r, o->nick);
        sb_addf(&sb, "\" type=\"unavailable\"><x xmlns=\"" NS_MUC_USER
                     "\"><item affiliation=\"%s\" role=\"none\"/>%s"
                     "<status code=\"110\"/></x><occupant-id xmlns=\""
                     NS_OCCUPANT_ID "\" id=\"",
                affil_name(o->affil), extra);
        sb_add_esc(&sb, o->occupant_id);
        sb_add(&sb, "\"/></presence>");
        muc_send_occ(app, "presence", sb.s, o);
    }
    sb_free(&sb);
}

void muc_room_destroyed(struct app *app, struct room *r, const char *reason)
{
    struct sbuf extra;

    /* §10.9: unavailable with <destroy/>, to each occupant. */
    sb_init(&extra);
    sb_add(&extra, "<destroy>");
    if (reason) {
        sb_add(&extra, "<reason>");
        sb_add_esc(&extra, reason);
        sb_add(&extra, "</reason>");
    }
    sb_add(&extra, "</destroy>");
    remove_all(app, r, extra.s);
    sb_free(&extra);
}

void muc_shutdown(struct app *app)
{
    struct room **rooms;
    size_t n;

    rooms = rooms_sorted(app->rooms, &n);
    for (size_t i = 0; i < n; i++)
        remove_all(app, rooms[i], "<status code=\"332\"/>");
    free(rooms);
}

const struct lang_cat *muc_occupant_lang(struct app *app,
                                         const struct occupant *o)
{
    return muc_occ_cat(app, o);
}

void muc_remove_occupant(struct app *app, struct occupant *o, int code,
                         const char *actor, const char *reason)
{
    int codes[] = {code, 0};
    struct pres p = {.type = "unavailable", .codes = codes, .actor = actor,
                     .reason = reason};

    muc_send_self_all(app, o, &p);
    muc_broadcast_presence(app, o, &p);
    while (o->nsessions > 1)
        room_del_session(o, o->sessions[o->nsessions - 1]);
    room_del_session(o, o->sessions[0]);
    occupant_free(o);
}

/* Registry title t in catalogue c when it is one the catalogues know
 * (in any of their languages, case aside), else t as written. */
static const char *title_in(struct app *app, const char *t,
                            const struct lang_cat *c)
{
    static const enum lang_key known[] = {LANG_TITLE_POLICE_OFFICER,
                                          LANG_TITLE_YOUTH_WORKER,
                                          LANG_TITLE_SOCIAL_WORKER};

    for (size_t i = 0; i < ARRAY_LEN(known); i++)
        for (size_t j = 0; j < lang_count(app->lang); j++)
            if (strcasecmp(lang_text(lang_cat_at(app->lang, j), known[i]),
                           t) == 0)
                return lang_text(c, known[i]);
    return t;
}

char *muc_staff_hat(struct app *app, const struct staff *sm,
                    const struct lang_cat *c)
{
    const char *t;
    char *title, *hat;

    if (c == NULL)
        c = lang_pick(app->lang, app->cfg->language, NULL);
    t = sm->title[0] ? title_in(app, sm->title, c)
                     : lang_text(c, LANG_HAT_STAFF);

    /* "Police officer" -> "Verified police officer" */
    title = xasprintf("%c%s",
                      t[0] >= 'A' && t[0] <= 'Z' ? t[0] - 'A' + 'a' : t[0],
                      t[0] ? t + 1 : "");
    hat = lang_format_new(c, LANG_HAT_TITLE, (const char *const[]){title}, 1);
    free(title);
    return hat;
}
