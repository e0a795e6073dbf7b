/*
 * muc.c - XEP-0045 multi-user chat: the XML side of rooms.
 *
 * Outgoing stanzas are built as text: "rest" is a stanza without its
 * opening "<name" and without `to`, so one text serves every recipient
 * of an audience and muc_send_rest() adds only `to`. Client input is copied
 * through whitelists (presence: show, status, caps; messages: body and the
 * few extensions clients need), never wholesale: anything else a client
 * puts in a stanza could carry who they are.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

#define NS_OCCUPANT_ID "urn:xmpp:occupant-id:0"
#define NS_SID "urn:xmpp:sid:0"
#define NS_DELAY "urn:xmpp:delay"
#define NS_VCARD_UPDATE "vcard-temp:x:update"
#define BODY_MAX 4000 /* code points */

/* --- building blocks ---------------------------------------------------- */

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
 * HMAC-SHA256(service key, room name NUL bare JID), base64. */
static void make_occupant_id(struct app *app, const struct room *r,
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
    EVP_EncodeBlock(b64, mac, 18); /* 144 bits: 24 characters */
    str_lcpy(out, (char *)b64, outlen);
}


/*
 * The presence of o as `viewer` sees it, in "rest" form. A NULL viewer
 * means "a viewer who may not see real JIDs".
 */
static void build_presence(struct sbuf *sb, struct app *app,
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
         * reads; clients' own hats never pass filter_presence(). */
        sb_add(sb, "<hats xmlns=\"" NS_HATS "\"><hat uri=\"" HAT_URI
                   "\" title=\"");
        sb_add_esc(sb, o->hat);
        sb_add(sb, "\"/></hats>");
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

/*
 * Sends o's presence to every other occupant allowed to see it, one text
 * per audience (with and without real JIDs).
 */
void muc_broadcast_presence(struct app *app, const struct occupant *o,
                               const struct pres *p)
{
    struct room *r = o->room;
    struct sbuf anon, named;
    struct hmap_iter it;
    const char *k;
    void *v;
    int have_named = 0;

    sb_init(&anon);
    sb_init(&named);
    build_presence(&anon, app, o, NULL, p);
    hmap_iter_init(&it, r->by_nick);
    while (hmap_iter_next(&it, &k, &v)) {
        struct occupant *to = v;

        if (to == o || !occ_sees_presence_of(to, o))
            continue;
        if (occ_sees_jids(to)) {
            if (!have_named) {
                build_presence(&named, app, o, to, p);
                have_named = 1;
            }
            muc_send_occ(app, "presence", named.s, to);
        } else {
            muc_send_occ(app, "presence", anon.s, to);
        }
    }
    sb_free(&anon);
    sb_free(&named);
}

/* Self-presence to one session of o: 110 and the room's facts (§7.2.2). */
static void send_self_presence(struct app *app, const struct occupant *o,
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
    build_presence(&sb, app, o, o, &self);
    muc_send_rest(app, "presence", sb.s, full);
    sb_free(&sb);
}

/* The same to every session of o. */
void muc_send_self_all(struct app *app, const struct occupant *o,
                          const struct pres *p)
{
    for (size_t i = 0; i < o->nsessions; i++)
        send_self_presence(app, o, o->sessions[i], p);
}

/* A presence error from room/nick to the requester (§7.2 refusals). */
static void presence_error(struct req *rq, int code)
{
    xmpp_stanza_t *e = st_error_reply_lang(rq->st, code, rq->why,
                                           rq->why_lang);

    if (e == NULL)
        return;
    /* §7.2.x examples echo <x xmlns='muc'/> so clients tie the error to
     * their join; the password itself is not echoed. */
    st_add(e, "x", NS_MUC);
    router_send(rq->app, e);
}

/* Keeps what a presence may carry into the room (see file comment). */
static char *filter_presence(xmpp_stanza_t *st)
{
    struct sbuf sb;
    xmpp_stanza_t *c;
    char *out;

    sb_init(&sb);
    for (c = xmpp_stanza_get_children(st); c; c = xmpp_stanza_get_next(c)) {
        char *t;

        if (muc_elem_is(c, "show", NULL) || muc_elem_is(c, "status", NULL)) {
            t = st_text(c);
            /* Bounded: a status is a line, not a document. */
            if (t && utf8_len(t) >= 0 && strlen(t) <= 1024) {
                sb_addf(&sb, "<%s>", xmpp_stanza_get_name(c));
                sb_add_esc(&sb, t);
                sb_addf(&sb, "</%s>", xmpp_stanza_get_name(c));
            }
            free(t);
        } else {
            relay_presence_child(&sb, c); /* caps, rebuilt (relay.h) */
        }
    }
    out = sb.len ? xstrdup(sb.s) : NULL;
    sb_free(&sb);
    return out;
}

/* --- presence ----------------------------------------------------------- */

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

static void send_history(struct app *app, struct room *r, const char *full,
                         xmpp_stanza_t *hist)
{
    size_t n = room_hist_count(r), first = 0;
    long maxst = -1, seconds = -1, maxchars = -1;
    int64_t since = 0, now = clock_now();
    const char *a;

    /* §7.2.15: the client's limits, each optional. */
    if (hist) {
        if ((a = xmpp_stanza_get_attribute(hist, "maxstanzas")))
            str_to_long(a, 0, 1000000, &maxst);
        if ((a = xmpp_stanza_get_attribute(hist, "seconds")))
            str_to_long(a, 0, 100000000, &seconds);
        if ((a = xmpp_stanza_get_attribute(hist, "maxchars")))
            str_to_long(a, 0, 100000000, &maxchars);
        if ((a = xmpp_stanza_get_attribute(hist, "since")))
            xmpp_datetime_parse(a, &since); /* ignored when malformed */
    }
    if (maxchars == 0 || maxst == 0)
        return;
    if (maxst > 0 && (size_t)maxst < n)
        first = n - (size_t)maxst;
    if (maxchars > 0) {
        /* §7.2.15: whole stanzas only, newest first, counted as the XML
         * sent (close enough: the text without `to`). */
        size_t total = 0, i = n;

        while (i > first) {
            size_t len = strlen(room_hist_get(r, i - 1)->text) + 10;

            if (total + len > (size_t)maxchars)
                break;
            total += len;
            i--;
        }
        first = i;
    }
    for (size_t i = first; i < n; i++) {
        const struct hist_entry *h = room_hist_get(r, i);

        if (seconds >= 0 && h->stamp < now - seconds)
            continue;
        if (since && h->stamp < since)
            continue;
        muc_send_rest(app, "message", h->text, full);
    }
}

static void send_subject(struct app *app, struct room *r, const char *full)
{
    struct occupant *by = room_by_nick(r, r->subject_by);
    struct sbuf sb;

    /* From the nick that set it while that occupant is here (with its
     * occupant-id, XEP-0421), else from the room itself (§7.2.15). */
    sb_init(&sb);
    sb_add(&sb, " from=\"");
    muc_add_room_jid(&sb, app, r, by ? by->nick : NULL);
    sb_add(&sb, "\" type=\"groupchat\"><subject>");
    sb_add_esc(&sb, r->subject);
    sb_add(&sb, "</subject>");
    if (by) {
        sb_add(&sb, "<occupant-id xmlns=\"" NS_OCCUPANT_ID "\" id=\"");
        sb_add_esc(&sb, by->occupant_id);
        sb_add(&sb, "\"/>");
    }
    sb_add(&sb, "</message>");
    muc_send_rest(app, "message", sb.s, full);
    sb_free(&sb);
}

/*
 * What a joining session receives (§7.2.3): the other occupants, its own
 * presence (reflecting the join's id), history, then the subject. Also
 * sent again to a joined session that joins again (§7.2.1: it lost sync).
 */
static void send_room_state(struct req *rq, struct occupant *o,
                            xmpp_stanza_t *x, const int *codes)
{
    struct app *app = rq->app;
    struct room *r = o->room;
    struct hmap_iter it;
    const char *k;
    void *v;
    struct sbuf sb;

    sb_init(&sb);
    hmap_iter_init(&it, r->by_nick);
    while (hmap_iter_next(&it, &k, &v)) {
        struct occupant *other = v;

        if (other == o || !occ_sees_presence_of(o, other))
            continue;
        build_presence(&sb, app, other, o, &(struct pres){0});
        muc_send_rest(app, "presence", sb.s, rq->from);
    }
    sb_free(&sb);
    send_self_presence(app, o, rq->from,
                       &(struct pres){.id = xmpp_stanza_get_id(rq->st),
                                      .codes = codes});
    send_history(app, r, rq->from,
                 x ? xmpp_stanza_get_child_by_name(x, "history") : NULL);
    send_subject(app, r, rq->from);
}

/*
 * Whether someone who is not staff, nor a member or more of the room, may
 * use nick: not a staff name, nor one that reads like it or holds a
 * reserved word (nick.h). 0 or an error code with *why.
 */
static int guard_nick(struct app *app, const char *nick, const char **why,
                      enum lang_key *say)
{
    int rc;
    char *sk;

    if (staffs_by_name(app->staff, nick)) {
        *why = "That name belongs to a member of staff; choose another.";
        *say = LANG_NICK_STAFF;
        return ERR_CONFLICT;
    }
    rc = nickguard_check(app->guard, nick, why);
    if (rc == ERR_CONFLICT) {
        *say = LANG_NICK_STAFF;
    } else if (rc != 0) {
        /* nothing but symbols (no skeleton), or a reserved word */
        sk = nick_skeleton(app->guard, nick);
        *say = sk ? LANG_NICK_WORD : LANG_NICK_INVALID;
        free(sk);
    }
    return rc;
}

/*
 * The text of a refusal of nick or of entry, in the language of tag (the
 * stanza's xml:lang, else the config's), when k names one: replaces the
 * English rq->why, buf holding the text. LANG_NKEYS: left in English.
 */
static void refusal_in(struct req *rq, const char *tag, enum lang_key k,
                       char *buf, size_t len)
{
    const struct lang_cat *c;

    if (k == LANG_NKEYS)
        return;
    c = lang_pick(rq->app->lang, tag, rq->app->cfg->language);
    lang_format(c, k, buf, len, NULL, 0);
    rq->why = buf;
    rq->why_lang = lang_code(c);
}

/* The text of room_may_enter()'s refusals youths meet, by code. */
static enum lang_key may_enter_key(int rc)
{
    switch (rc) {
    case ERR_CONFLICT:
        return LANG_NICK_IN_USE;
    case ERR_FORBIDDEN:
        return LANG_YOU_BANNED;
    case ERR_SERVICE_UNAVAILABLE_WAIT:
        return LANG_ROOM_FULL;
    case ERR_JID_MALFORMED:
        return LANG_NICK_INVALID;
    default:
        return LANG_NKEYS;
    }
}

/*
 * After a ban. Anonymous accounts are new at every login, so a banned
 * youth is back in a minute under a fresh JID; what a room can do is
 * slow newcomers down for ban_cooldown seconds after a ban: one new
 * youth per ban_join_gap seconds, the others refused with
 * <resource-constraint/> (type wait) and a text saying when to try again.
 * A refusal rather than a join held back with a timer: a client waiting
 * for its join has no way to be told why, may time out or retry by
 * itself, and a held join is state to clean up when the client goes.
 * Staff, admins, members and occupants already in are never slowed.
 * 1 with rq's error text set when this newcomer must wait, else 0; *slow
 * is set when the entry, if it happens, counts as the window's newcomer.
 */
static int slowed_after_ban(struct req *rq, struct room *r,
                            enum affil affil, int staff, char *buf,
                            size_t len, int *slow)
{
    struct app *app = rq->app;
    int64_t now = clock_now(), wait;
    const struct lang_cat *c;
    char secs[24];

    *slow = 0;
    if (staff || affil >= AFF_MEMBER || app->cfg->ban_cooldown == 0 ||
        r->ban_at == 0 || now - r->ban_at >= app->cfg->ban_cooldown ||
        now < r->ban_at)
        return 0;
    *slow = 1;
    wait = r->slow_join_at + app->cfg->ban_join_gap - now;
    if (r->slow_join_at == 0 || r->slow_join_at < r->ban_at || wait <= 0 ||
        now < r->slow_join_at)
        return 0;
    c = lang_pick(app->lang, rq->lang, app->cfg->language);
    snprintf(secs, sizeof(secs), "%lld", (long long)wait);
    lang_format(c, LANG_JOIN_SLOWED, buf, len, (const char *const[]){secs},
                1);
    rq->why = buf;
    rq->why_lang = lang_code(c);
    log_info("muc: a newcomer to %s was asked to wait %lld s after a ban",
             r->name, (long long)wait);
    return 1;
}

/*
 * Anonymous accounts are new at each login, so a ban by account does not
 * keep a youth out; what helps is telling the moderators when a newcomer
 * reads like a banned nick.
 */
static void warn_if_banned_look_alike(struct app *app, struct room *r,
                                      const struct occupant *o)
{
    char *sk = nick_skeleton(app->guard, o->nick);
    const struct affil_entry *hit = NULL;
    struct hmap_iter it;
    const char *k;
    void *v;

    if (sk == NULL)
        return;
    hmap_iter_init(&it, r->affils);
    while (hit == NULL && hmap_iter_next(&it, &k, &v)) {
        struct affil_entry *e = v;
        char *bs;

        if (e->affil != AFF_OUTCAST || e->nick[0] == '\0')
            continue;
        bs = nick_skeleton(app->guard, e->nick);
        if (bs && (strstr(sk, bs) || strstr(bs, sk)))
            hit = e;
        free(bs);
    }
    free(sk);
    if (hit == NULL)
        return;
    /* Each moderator reads it in the language of their join. */
    muc_tell_moderators(
        app, r,
        &(struct muc_say){.k = hit->reason[0] ? LANG_MOD_LOOK_ALIKE_REASON
                                              : LANG_MOD_LOOK_ALIKE,
                          .args = {o->nick, hit->nick, hit->reason},
                          .nargs = hit->reason[0] ? 3 : 2});
}

/* ERR_CONFLICT with *why (and *say) when nick is held in r by an account
 * other than key's (room_nick_holder() says which rule), else 0. */
static int nick_held(const struct room *r, const char *nick, const char *key,
                     const char **why, enum lang_key *say)
{
    const struct affil_entry *e = room_nick_holder(r, nick, key);

    if (e == NULL)
        return 0;
    *say = e->affil == AFF_OUTCAST ? LANG_NICK_BANNED : LANG_NICK_RESERVED;
    *why = e->affil == AFF_OUTCAST
               ? "That nickname was banned in this room; choose another."
               : "That nickname is reserved by a member of this room.";
    return ERR_CONFLICT;
}

static void enter(struct req *rq, struct room *r, const char *nick,
                  xmpp_stanza_t *x, int created)
{
    struct app *app = rq->app;
    char *bare = jid_bare(rq->from);
    enum affil affil = muc_affiliation_of(app, r, bare);
    const struct staff *sm = staffs_get(app->staff, bare);
    struct occupant *o;
    const char *pw = NULL;
    char *pwtext = NULL, *pres;
    char oid[48], closed[512], slowtext[512], saytext[512], key[MUC_KEY_LEN];
    int rc, joined_existing, codes[3], nc = 0, slow = 0;
    enum lang_key say = LANG_NKEYS;

    if (created)
        codes[nc++] = 201;
    if (sm) {
        /* Staff always enter under their registered name (§7.2: the
         * service rewrote the nick, status 210), with their role. */
        enum affil want = sm->role == ROLE_MODERATOR ? AFF_ADMIN : AFF_MEMBER;

        if (strcmp(nick, sm->name) != 0) {
            nick = sm->name;
            codes[nc++] = 210;
        }
        if (affil < want && affil != AFF_OUTCAST)
            affil = want;
    }
    codes[nc] = 0;
    o = room_by_nick(r, nick);
    joined_existing = o != NULL;

    if (x) {
        xmpp_stanza_t *p = xmpp_stanza_get_child_by_name(x, "password");

        if (p)
            pw = pwtext = st_text(p);
    }
    rc = room_may_enter(r, bare, affil, nick, pw, &rq->why);
    free(pwtext);
    if (rc != 0)
        say = may_enter_key(rc);
    if (rc == 0) {
        muc_make_jid_key(app, r, bare, key);
        if ((rc = nick_held(r, nick, key, &rq->why, &say)) != 0) {
            /* reserved, or banned (room_nick_holder()) */
        } else if (sm == NULL && config_is_youth(app->cfg, bare) &&
                   room_front_name(r->name, app->rooms) != NULL) {
            /* A staff back room, however it is configured: never a
             * youth, member or not. */
            rq->why = "This room is for staff only.";
            rc = ERR_REGISTRATION_REQUIRED;
        } else if (r->locked && affil != AFF_OWNER) {
            /* §7.2.8: not there until its owner has configured it. */
            rq->why = "This room is still being set up; try again soon.";
            rc = ERR_ITEM_NOT_FOUND;
        } else if ((rc = hours_gate(rq, r, bare, affil, closed,
                                    sizeof(closed))) != 0) {
            /* outside its opening hours: rq->why is closed (hours.h) */
        } else if (sm == NULL && !config_is_admin(app->cfg, bare) &&
                   (affil < AFF_MEMBER || config_is_youth(app->cfg, bare)) &&
                   (rc = guard_nick(app, nick, &rq->why, &say)) != 0) {
            /* a nickname youths may not use: rq->why says why */
        } else if (!joined_existing &&
                   slowed_after_ban(rq, r, affil,
                                    sm != NULL ||
                                        config_is_admin(app->cfg, bare),
                                    slowtext, sizeof(slowtext), &slow)) {
            rc = ERR_RESOURCE_CONSTRAINT;
        }
    }
    if (rc != 0) {
        refusal_in(rq, rq->lang, say, saytext, sizeof(saytext));
        presence_error(rq, rc);
        free(bare);
        return;
    }
    if (slow)
        r->slow_join_at = clock_now(); /* the window's newcomer for now */
    pres = filter_presence(rq->st);
    if (o) {
        /* The same account from another device: one occupant (§7.2). */
        room_add_session(o, rq->from);
    } else {
        make_occupant_id(app, r, bare, oid, sizeof(oid));
        o = room_add(r, rq->from, bare, nick, room_default_role(r, affil),
                     affil, oid);
        o->youth = config_is_youth(app->cfg, bare);
        if (rq->lang && strlen(rq->lang) < sizeof(o->lang) &&
            strspn(rq->lang, "abcdefghijklmnopqrstuvwxyz"
                             "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") ==
                strlen(rq->lang))
            str_lcpy(o->lang, rq->lang, sizeof(o->lang));
        if (sm)
            o->hat = muc_staff_hat(sm);
    }
    occupant_set_pres(o, pres);
    free(pres);
    free(bare);
    log_debug("muc: %s entered %s as %s", rq->from, r->name, nick);
    if (r->sess.id && !joined_existing) {
        /* Counts for the session's record (hours.c stores them). */
        if (muc_occ_is_held(o))
            r->sess.youths++;
        if (room_occupants(r) > r->sess.peak)
            r->sess.peak = (unsigned)room_occupants(r);
    }

    if (!joined_existing)
        muc_broadcast_presence(app, o, &(struct pres){0});
    send_room_state(rq, o, x, codes);
    if (!joined_existing && muc_occ_is_held(o))
        warn_if_banned_look_alike(app, r, o);
    if (o->role == ROLE_MODERATOR || o->hat || o->affil >= AFF_MEMBER)
        muc_staff_entered(app, r, o, rq->from);
    if (r->nqueue > 0)
        room_held_claim(r, key, rq->from); /* key: of bare, above */
}

/* Removes session full of o; tells others when it was the last one. */
static void leave(struct app *app, struct occupant *o, const char *full,
                  const int *codes, int tell_self)
{
    char *session = xstrdup(full);
    struct pres p = {.type = "unavailable", .codes = codes};

    if (tell_self)
        send_self_presence(app, o, session, &p);
    if (room_del_session(o, session)) {
        struct room *r = o->room;

        muc_broadcast_presence(app, o, &p);
        occupant_free(o);
        muc_reap_room(app, r);
    }
    free(session);
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

/* General mode (§10.1.1): entering a room that does not exist makes it,
 * locked, with the newcomer as owner (status 201). */
static void create_and_enter(struct req *rq, const char *nick,
                             xmpp_stanza_t *x)
{
    struct app *app = rq->app;
    char *name = xstrdup(rq->room), *bare;
    struct room *r;
    int rc;

    if ((rc = room_name_check(name, &rq->why)) != 0 ||
        (rc = nick_check(nick, &rq->why)) != 0) {
        presence_error(rq, rc == ERR_BAD_REQUEST ? ERR_JID_MALFORMED : rc);
        free(name);
        return;
    }
    if ((long)rooms_count(app->rooms) >= app->cfg->max_rooms) {
        rq->why = "This service has as many rooms as it may hold.";
        presence_error(rq, ERR_RESOURCE_CONSTRAINT);
        free(name);
        return;
    }
    if (config_is_youth(app->cfg, rq->from)) {
        /* Youths use the service's rooms; they do not make their own. */
        rq->why = "There is no room with that name.";
        presence_error(rq, ERR_ITEM_NOT_FOUND);
        free(name);
        return;
    }
    if (room_front_name(name, app->rooms) != NULL) {
        /* NAME-staff next to NAME is NAME's back room: it would see the
         * youths' waiting questions and decide them. Only an admin's
         * create-room makes one. */
        rq->why = "That name is kept for the staff back room of a room "
                  "here; an admin creates it.";
        presence_error(rq, ERR_NOT_ALLOWED);
        free(name);
        return;
    }
    r = rooms_create_temp(app->rooms, name, clock_now());
    free(name);
    bare = jid_bare(rq->from);
    muc_set_affil(app, r, bare, AFF_OWNER, nick, "", &rq->why);
    free(bare);
    log_info("muc: room %s created by entering it", r->name);
    enter(rq, r, nick, x, 1);
    muc_reap_room(app, r); /* if the entry failed after all */
}

/* §7.6: a nick change, announced as 303 then a new presence. */
static void change_nick(struct req *rq, struct occupant *o, const char *nick)
{
    struct app *app = rq->app;
    struct occupant *taken = room_by_nick(o->room, nick);
    static const int c303[] = {303, 0};
    enum lang_key say = LANG_NKEYS;
    char saytext[512];
    int rc;

    if ((rc = nick_check(nick, &rq->why)) != 0) {
        refusal_in(rq, o->lang[0] ? o->lang : NULL, LANG_NICK_INVALID,
                   saytext, sizeof(saytext));
        presence_error(rq, rc);
        return;
    }
    if (o->hat) {
        rq->why = "Staff keep their registered name.";
        presence_error(rq, ERR_NOT_ACCEPTABLE);
        return;
    }
    if (taken) {
        rq->why = "That nickname is already in use in this room; choose "
                  "another.";
        refusal_in(rq, o->lang[0] ? o->lang : NULL, LANG_NICK_IN_USE,
                   saytext, sizeof(saytext));
        presence_error(rq, ERR_CONFLICT);
        return;
    }
    {
        char key[MUC_KEY_LEN];

        muc_make_jid_key(app, o->room, o->bare, key);
        if (((o->affil < AFF_MEMBER || o->youth) &&
             !config_is_admin(app->cfg, o->bare) &&
             (rc = guard_nick(app, nick, &rq->why, &say)) != 0) ||
            (rc = nick_held(o->room, nick, key, &rq->why, &say)) != 0) {
            refusal_in(rq, o->lang[0] ? o->lang : NULL, say, saytext,
                       sizeof(saytext));
            presence_error(rq, rc);
            return;
        }
    }
    struct pres gone = {.type = "unavailable", .codes = c303,
                        .newnick = nick};

    muc_broadcast_presence(app, o, &gone);
    muc_send_self_all(app, o, &gone);
    room_rename(o, nick);
    muc_broadcast_presence(app, o, &(struct pres){0});
    muc_send_self_all(app, o, &(struct pres){.id = xmpp_stanza_get_id(rq->st)});
}

/*
 * §18.1.2: an error that says the occupant cannot be reached (rather than
 * that it refused one stanza) removes it from the room.
 */
static int is_delivery_error(xmpp_stanza_t *st)
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

void muc_presence(struct req *rq)
{
    struct app *app = rq->app;
    struct room *r = rooms_get(app->rooms, rq->room);
    const char *type = xmpp_stanza_get_type(rq->st);
    const char *nick = jid_resource(rq->to);
    struct occupant *o;
    xmpp_stanza_t *x;
    char *pres;

    if (r == NULL) {
        x = xmpp_stanza_get_child_by_name_and_ns(rq->st, "x", NS_MUC);
        if (type == NULL && x && nick && nick[0] && app->cfg->general_mode) {
            create_and_enter(rq, nick, x);
            return;
        }
        if (type == NULL) {
            rq->why = "There is no room with that name.";
            presence_error(rq, ERR_ITEM_NOT_FOUND);
        }
        return;
    }
    o = room_by_jid(r, rq->from);
    if (type && strcmp(type, "error") == 0) {
        /* A client that bounces our presence is gone (§18.1.2, status
         * 333): it is told, in case only one of its paths failed, and so
         * are the others. */
        static const int c333[] = {333, 0};

        if (o && is_delivery_error(rq->st))
            leave(app, o, rq->from, c333, 1);
        return;
    }
    if (type && strcmp(type, "unavailable") == 0) {
        if (o)
            leave(app, o, rq->from, NULL, 1);
        return;
    }
    if (type)
        return; /* subscriptions and probes mean nothing to a room */
    if (nick == NULL || nick[0] == '\0') {
        rq->why = "Enter the room as room@service/nickname.";
        presence_error(rq, ERR_JID_MALFORMED);
        return;
    }
    x = xmpp_stanza_get_child_by_name_and_ns(rq->st, "x", NS_MUC);
    if (o == NULL && x == NULL) {
        /* §7.2.19: no <x/> from a non-occupant is a client that lost
         * track of the room, not a join: tell it it is out. */
        struct sbuf sb;

        sb_init(&sb);
        sb_add(&sb, " from=\"");
        sb_add_esc(&sb, rq->to);
        sb_add(&sb, "\" type=\"unavailable\"><x xmlns=\"" NS_MUC_USER
                    "\"><item affiliation=\"none\" role=\"none\"><reason>"
                    "You are not in the room.</reason></item>"
                    "<status code=\"110\"/><status code=\"307\"/>"
                    "<status code=\"333\"/></x></presence>");
        muc_send_rest(app, "presence", sb.s, rq->from);
        sb_free(&sb);
        return;
    }
    if (o == NULL) {
        enter(rq, r, nick, x, 0);
        return;
    }
    if (x && strcmp(o->nick, nick) == 0) {
        pres = filter_presence(rq->st);
        occupant_set_pres(o, pres);
        free(pres);
        muc_broadcast_presence(app, o, &(struct pres){0});
        send_room_state(rq, o, x, NULL);
        return;
    }
    if (strcmp(o->nick, nick) != 0) {
        change_nick(rq, o, nick);
        return;
    }
    /* §7.7: a presence update, passed on. */
    pres = filter_presence(rq->st);
    occupant_set_pres(o, pres);
    free(pres);
    muc_broadcast_presence(app, o, &(struct pres){0});
    muc_send_self_all(app, o, &(struct pres){0});
}

/* --- messages ----------------------------------------------------------- */

/* Copies the allowed payload of a client's message into sb (see the file
 * comment); *body is set to the body text (new string) or NULL. With
 * subject, a <subject/> beside a body is kept too (§8.1: such a message
 * is a message, not a subject change, and keeps its subject). */
static int filter_message(xmpp_stanza_t *st, struct sbuf *sb, char **body,
                          int subject, const char **why)
{
    xmpp_stanza_t *c;
    long n;

    *body = NULL;
    for (c = xmpp_stanza_get_children(st); c; c = xmpp_stanza_get_next(c)) {
        if (subject && muc_elem_is(c, "subject", NULL)) {
            char *t = st_text(c);

            subject = 0; /* one is enough */
            n = t ? utf8_len(t) : 0;
            if (n < 0 || n > ROOM_SUBJECT_MAX) {
                *why = "The subject is at most 500 characters.";
                free(t);
                free(*body);
                *body = NULL;
                return ERR_NOT_ACCEPTABLE;
            }
            sb_add(sb, "<subject>");
            sb_add_esc(sb, t ? t : "");
            sb_add(sb, "</subject>");
            free(t);
        } else if (muc_elem_is(c, "body", NULL)) {
            if (*body)
                continue; /* one body is enough */
            *body = st_text(c);
            if (*body == NULL)
                *body = xstrdup("");
            n = utf8_len(*body);
            if (n < 0 || n > BODY_MAX) {
                *why = n < 0 ? "The message is not valid text."
                             : "The message is too long (at most 4000 "
                               "characters).";
                free(*body);
                *body = NULL;
                return ERR_NOT_ACCEPTABLE;
            }
            sb_add(sb, "<body>");
            sb_add_esc(sb, *body);
            sb_add(sb, "</body>");
        } else {
            relay_message_child(sb, c); /* rebuilt (relay.h) */
        }
    }
    return 0;
}

void muc_message_error(struct req *rq, int code)
{
    router_send(rq->app,
                st_error_reply_lang(rq->st, code, rq->why, rq->why_lang));
}

/* --- texts in an occupant's language (lang.h) ---------------------------- */

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

/* The text of a filter hit (filter.h). */
static enum lang_key filter_key(enum filter_hit hit)
{
    switch (hit) {
    case FILTER_LINK:
        return LANG_FILTER_LINK;
    case FILTER_PHONE:
        return LANG_FILTER_PHONE;
    case FILTER_EMAIL:
        return LANG_FILTER_EMAIL;
    case FILTER_HANDLE:
        return LANG_FILTER_HANDLE;
    case FILTER_NONE:
    case FILTER_WORD:
        break;
    }
    return LANG_FILTER_WORD;
}

/*
 * Sends a groupchat message from room/nick (the room itself when nick is
 * NULL) to every occupant: payload (already filtered XML), our XEP-0359
 * stanza-id and the XEP-0421 occupant-id oid (none when NULL);
 * serialized once. With to_history, the same text with a
 * delay stamp (§7.2.15, XEP-0203) goes into the history.
 */
/*
 * A groupchat message from room/nick (the room itself when nick is NULL)
 * into sb (initialized here): payload, the XEP-0359 stanza-id sid and
 * the XEP-0421 occupant-id oid (none when NULL). Returns the length
 * before the closing "</message>", for msg_keep().
 */
static size_t msg_build(struct sbuf *sb, struct app *app, struct room *r,
                        const char *nick, const char *oid, const char *msgid,
                        const char *payload, size_t len, const char *sid)
{
    size_t tail;

    sb_init(sb);
    sb_add(sb, " from=\"");
    muc_add_room_jid(sb, app, r, nick);
    sb_add(sb, "\" type=\"groupchat\"");
    if (msgid && strlen(msgid) <= 256) {
        sb_add(sb, " id=\"");
        sb_add_esc(sb, msgid);
        sb_add(sb, "\"");
    }
    sb_add(sb, ">");
    sb_addn(sb, payload, len);
    sb_addf(sb, "<stanza-id xmlns=\"" NS_SID "\" id=\"%s\" by=\"", sid);
    muc_add_room_jid(sb, app, r, NULL);
    sb_add(sb, "\"/>");
    if (oid) {
        sb_add(sb, "<occupant-id xmlns=\"" NS_OCCUPANT_ID "\" id=\"");
        sb_add_esc(sb, oid);
        sb_add(sb, "\"/>");
    }
    tail = sb->len;
    sb_add(sb, "</message>");
    return tail;
}

/* Keeps the message msg_build() made in the history, with a delay stamp
 * (§7.2.15, XEP-0203); sb is cut at tail and reused. */
static void msg_keep(struct sbuf *sb, size_t tail, struct app *app,
                     struct room *r, const char *sid)
{
    int64_t now = clock_now();
    time_t t = (time_t)now;
    struct tm tm;
    char stamp[32];

    sb->len = tail;
    sb->s[tail] = '\0';
    gmtime_r(&t, &tm);
    strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
    sb_addf(sb, "<delay xmlns=\"" NS_DELAY "\" stamp=\"%s\" from=\"", stamp);
    muc_add_room_jid(sb, app, r, NULL);
    sb_add(sb, "\"/></message>");
    room_hist_add(r, sb->s, now, sid);
}

void muc_publish(struct app *app, struct room *r, const char *nick,
                 const char *oid, const char *msgid, const char *payload,
                 size_t len, int to_history)
{
    struct sbuf sb;
    struct hmap_iter it;
    const char *k;
    void *v;
    char sid[33];
    size_t tail;

    rand_hex(sid, 16);
    tail = msg_build(&sb, app, r, nick, oid, msgid, payload, len, sid);
    hmap_iter_init(&it, r->by_nick);
    while (hmap_iter_next(&it, &k, &v))
        muc_send_occ(app, "message", sb.s, v);
    if (r->sess.id && nick)
        r->sess.messages++;
    if (to_history)
        msg_keep(&sb, tail, app, r, sid);
    sb_free(&sb);
}

static void change_subject(struct req *rq, struct occupant *o,
                           xmpp_stanza_t *subj)
{
    struct app *app = rq->app;
    struct room *r = o->room;
    char *text = st_text(subj);
    struct sbuf sb;
    struct hmap_iter it;
    const char *k;
    void *v;
    long n = text ? utf8_len(text) : 0;

    /* §8.1: moderators, or anyone with voice when the room allows it. */
    if (!(o->role == ROLE_MODERATOR ||
          (r->cfg.change_subject && occ_can_speak(o)))) {
        rq->why = "Only moderators may change the subject here.";
        muc_message_error(rq, ERR_FORBIDDEN);
        goto out;
    }
    if (n < 0 || n > ROOM_SUBJECT_MAX) {
        rq->why = "The subject is at most 500 characters.";
        muc_message_error(rq, ERR_NOT_ACCEPTABLE);
        goto out;
    }
    if (room_set_subject(app->rooms, r, text ? text : "", o->nick) != 0) {
        muc_message_error(rq, ERR_INTERNAL);
        goto out;
    }
    sb_init(&sb);
    sb_add(&sb, " from=\"");
    muc_add_room_jid(&sb, app, r, o->nick);
    sb_add(&sb, "\" type=\"groupchat\"><subject>");
    sb_add_esc(&sb, r->subject);
    /* XEP-0421: every message from an occupant carries its id. */
    sb_add(&sb, "</subject><occupant-id xmlns=\"" NS_OCCUPANT_ID "\" id=\"");
    sb_add_esc(&sb, o->occupant_id);
    sb_add(&sb, "\"/></message>");
    hmap_iter_init(&it, r->by_nick);
    while (hmap_iter_next(&it, &k, &v))
        muc_send_occ(app, "message", sb.s, v);
    sb_free(&sb);
out:
    free(text);
}

static void groupchat(struct req *rq, struct room *r)
{
    struct app *app = rq->app;
    struct occupant *o = room_by_jid(r, rq->from);
    xmpp_stanza_t *subj = xmpp_stanza_get_child_by_name(rq->st, "subject");
    struct sbuf payload;
    const char *id = xmpp_stanza_get_id(rq->st);
    char *body = NULL, say[SAY_MAX];
    int rc;

    if (o == NULL) {
        rq->why = "You are not in this room.";
        muc_message_error(rq, ERR_NOT_ACCEPTABLE);
        return;
    }
    /* §8.1: a subject change is a subject with no body and no thread. */
    if (subj && xmpp_stanza_get_child_by_name(rq->st, "body") == NULL &&
        xmpp_stanza_get_child_by_name(rq->st, "thread") == NULL) {
        change_subject(rq, o, subj);
        return;
    }
    /* §7.4 / §8.3: visitors in a moderated room have no voice. */
    if (!occ_can_speak(o)) {
        muc_occ_why(rq, o, LANG_NO_VOICE, say, sizeof(say));
        muc_message_error(rq, ERR_FORBIDDEN);
        return;
    }
    sb_init(&payload);
    rc = filter_message(rq->st, &payload, &body, 1, &rq->why);
    if (rc != 0) {
        sb_free(&payload);
        muc_message_error(rq, rc);
        return;
    }
    if (body && !occ_take_token(o, clock_mono_ms())) {
        sb_free(&payload);
        free(body);
        muc_occ_why(rq, o, LANG_TOO_FAST, say, sizeof(say));
        muc_message_error(rq, ERR_RESOURCE_CONSTRAINT);
        return;
    }
    if (body == NULL && payload.len == 0) {
        sb_free(&payload);
        return; /* nothing we pass on (e.g. a receipt): drop quietly */
    }
    if (body && !r->cfg.queue && muc_occ_is_held(o)) {
        /* Contact details, links and listed words from youths are
         * refused with the reason (in queue mode a moderator sees
         * every message anyway). */
        const char *fwhy = NULL;
        enum filter_hit hit = filter_check(body, app->guard,
                                           app->cfg->filter_words,
                                           app->cfg->n_filter_words, &fwhy);

        if (hit == FILTER_NONE && subj) {
            /* The subject beside the body is shown to all as well. */
            char *t = st_text(subj);

            if (t)
                hit = filter_check(t, app->guard, app->cfg->filter_words,
                                   app->cfg->n_filter_words, &fwhy);
            free(t);
        }

        if (hit != FILTER_NONE && strcmp(app->cfg->filter_action,
                                         "hold") == 0) {
            /* A moderator decides, as in a queue room. */
            enum lang_key flag = filter_key(hit);

            sb_free(&payload);
            muc_hold_question(rq, r, o, body, &flag);
            free(body);
            return;
        }
        if (hit != FILTER_NONE) {
            sb_free(&payload);
            free(body);
            muc_occ_why(rq, o, filter_key(hit), say, sizeof(say));
            muc_message_error(rq, ERR_POLICY_VIOLATION);
            return;
        }
    }
    if (body && r->cfg.queue && muc_occ_is_held(o)) {
        sb_free(&payload);
        muc_hold_question(rq, r, o, body, NULL);
        free(body);
        return;
    }
    muc_publish(app, r, o->nick, o->occupant_id, id, payload.s, payload.len,
                body != NULL);
    r->msg_seq++;
    sb_free(&payload);
    /* In a back room, staff approve with a short line: "ok 3". */
    if (body && (o->hat || o->affil >= AFF_MEMBER ||
                 o->role == ROLE_MODERATOR)) {
        struct room *front = muc_front_room_of(app, r);

        if (front)
            muc_queue_command(rq, front, o, body, r);
    }
    free(body);
}

/* §7.5: a private message to room/nick, passed on from room/sendernick. */
static void private_message(struct req *rq, struct room *r, const char *nick)
{
    struct app *app = rq->app;
    struct occupant *from = room_by_jid(r, rq->from);
    struct occupant *to = room_by_nick(r, nick);
    const char *type = xmpp_stanza_get_type(rq->st);
    const char *id = xmpp_stanza_get_id(rq->st);
    struct sbuf payload, sb;
    char *body = NULL, say[SAY_MAX];
    int rc;

    if (from == NULL) {
        rq->why = "Enter the room before sending private messages.";
        muc_message_error(rq, ERR_NOT_ACCEPTABLE);
        return;
    }
    if (to == NULL) {
        rq->why = "Nobody in this room has that nickname.";
        muc_message_error(rq, ERR_ITEM_NOT_FOUND);
        return;
    }
    if ((rc = occ_may_pm(from, to, &rq->why)) != 0) {
        muc_message_error(rq, rc);
        return;
    }
    if (!occ_take_token(from, clock_mono_ms())) {
        muc_occ_why(rq, from, LANG_TOO_FAST, say, sizeof(say));
        muc_message_error(rq, ERR_RESOURCE_CONSTRAINT);
        return;
    }
    if (muc_occ_is_held(from) && to->hat == NULL &&
        to->role != ROLE_MODERATOR) {
        /* Contact details between non-staff occupants are what the
         * filters exist for; to staff they may be needed (a youth in
         * trouble giving a number), so those pass. */
        xmpp_stanza_t *b = xmpp_stanza_get_child_by_name(rq->st, "body");
        char *text = b ? st_text(b) : NULL;
        const char *fwhy = NULL;
        enum filter_hit hit = text ? filter_check(text, app->guard,
                                                  app->cfg->filter_words,
                                                  app->cfg->n_filter_words,
                                                  &fwhy)
                                   : FILTER_NONE;

        free(text);
        if (hit != FILTER_NONE) {
            muc_occ_why(rq, from, filter_key(hit), say, sizeof(say));
            muc_message_error(rq, ERR_POLICY_VIOLATION);
            return;
        }
    }
    sb_init(&payload);
    if ((rc = filter_message(rq->st, &payload, &body, 0, &rq->why)) != 0) {
        sb_free(&payload);
        muc_message_error(rq, rc);
        return;
    }
    if (payload.len == 0) {
        sb_free(&payload);
        free(body);
        return;
    }
    sb_init(&sb);
    sb_add(&sb, " from=\"");
    muc_add_room_jid(&sb, app, r, from->nick);
    sb_addf(&sb, "\" type=\"%s\"",
            type && strcmp(type, "normal") == 0 ? "normal" : "chat");
    if (id && strlen(id) <= 256) {
        sb_add(&sb, " id=\"");
        sb_add_esc(&sb, id);
        sb_add(&sb, "\"");
    }
    sb_add(&sb, ">");
    sb_addn(&sb, payload.s, payload.len);
    sb_add(&sb, "<x xmlns=\"" NS_MUC_USER "\"/><occupant-id xmlns=\""
                NS_OCCUPANT_ID "\" id=\"");
    sb_add_esc(&sb, from->occupant_id);
    sb_add(&sb, "\"/></message>");
    muc_send_occ(app, "message", sb.s, to);
    sb_free(&sb);
    sb_free(&payload);
    free(body);
}

/*
 * §7.8.2: a mediated invitation. The invitee learns the room and the
 * inviter's nick in it, never the inviter's real JID (which XEP-0045 puts
 * in `from`): in these rooms that could be a youth's.
 */
static void invite(struct req *rq, struct room *r, xmpp_stanza_t *inv)
{
    struct app *app = rq->app;
    struct occupant *o = room_by_jid(r, rq->from);
    const char *to = xmpp_stanza_get_attribute(inv, "to");
    xmpp_stanza_t *reason = xmpp_stanza_get_child_by_name(inv, "reason");
    char *rtext = reason ? st_text(reason) : NULL, *bare = NULL, key[MUC_KEY_LEN];
    struct sbuf sb;
    int rc;

    if (o == NULL) {
        rq->why = "Enter the room before inviting anyone.";
        muc_message_error(rq, ERR_NOT_ACCEPTABLE);
        goto out;
    }
    if (to == NULL || strlen(to) > 1023 || strchr(to, '@') == NULL ||
        utf8_len(to) < 0) {
        rq->why = "Name who to invite as user@server.";
        muc_message_error(rq, ERR_JID_MALFORMED);
        goto out;
    }
    if (rtext && (utf8_len(rtext) < 0 || strlen(rtext) > 1000)) {
        rq->why = "The reason is too long.";
        muc_message_error(rq, ERR_NOT_ACCEPTABLE);
        goto out;
    }
    /* §7.8: in a members-only room only admins and owners invite, and the
     * invitee becomes a member; elsewhere anyone with voice may. */
    if (r->cfg.members_only ? o->affil < AFF_ADMIN : !occ_can_speak(o)) {
        rq->why = r->cfg.members_only
                      ? "Only admins and owners may invite to this room."
                      : "You need voice to invite others.";
        muc_message_error(rq, ERR_FORBIDDEN);
        goto out;
    }
    bare = jid_bare(to);
    muc_make_jid_key(app, r, bare, key);
    if (room_affil(r, key) == AFF_OUTCAST) {
        rq->why = "That account is banned from this room.";
        muc_message_error(rq, ERR_FORBIDDEN);
        goto out;
    }
    if (r->cfg.members_only && room_affil(r, key) < AFF_MEMBER &&
        !config_is_admin(app->cfg, bare) &&
        (rc = muc_set_affil(app, r, bare, AFF_MEMBER, "", "invited",
                            &rq->why)) != 0) {
        muc_message_error(rq, rc);
        goto out;
    }
    sb_init(&sb);
    sb_add(&sb, " from=\"");
    muc_add_room_jid(&sb, app, r, NULL);
    sb_add(&sb, "\"><x xmlns=\"" NS_MUC_USER "\"><invite from=\"");
    muc_add_room_jid(&sb, app, r, o->nick);
    sb_add(&sb, "\">");
    if (rtext) {
        sb_add(&sb, "<reason>");
        sb_add_esc(&sb, rtext);
        sb_add(&sb, "</reason>");
    }
    sb_add(&sb, "</invite>");
    if (r->cfg.password[0]) {
        sb_add(&sb, "<password>");
        sb_add_esc(&sb, r->cfg.password);
        sb_add(&sb, "</password>");
    }
    /* XEP-0249 readers see the same invitation directly. */
    sb_add(&sb, "</x><x xmlns=\"jabber:x:conference\" jid=\"");
    muc_add_room_jid(&sb, app, r, NULL);
    sb_add(&sb, "\"/></message>");
    muc_send_rest(app, "message", sb.s, to);
    sb_free(&sb);
    /* Remembered for a decline (§7.8.2), which goes to this nick. */
    if (hmap_count(r->invites) >= ROOM_INVITES_MAX)
        room_forget_invites(r);
    free(hmap_put(r->invites, bare, xstrdup(o->nick)));
out:
    free(rtext);
    free(bare);
}

/*
 * §7.8.2: the invitee declines. Passed on to the inviter's sessions with
 * the invitee's bare JID, which the inviter gave us; only for an
 * invitation this room sent, so nobody can use the room to send their
 * address to a stranger.
 */
static void decline(struct req *rq, struct room *r, xmpp_stanza_t *dec)
{
    struct app *app = rq->app;
    xmpp_stanza_t *reason = xmpp_stanza_get_child_by_name(dec, "reason");
    char *rtext = reason ? st_text(reason) : NULL, *bare = jid_bare(rq->from);
    char *nick = hmap_del(r->invites, bare);
    struct occupant *inviter = nick ? room_by_nick(r, nick) : NULL;
    struct sbuf sb;

    if (nick == NULL) {
        rq->why = "There is no invitation to this room to decline.";
        muc_message_error(rq, ERR_ITEM_NOT_FOUND);
    } else if (rtext && (utf8_len(rtext) < 0 || strlen(rtext) > 1000)) {
        free(hmap_put(r->invites, bare, nick)); /* may try again */
        nick = NULL;
        rq->why = "The reason is too long.";
        muc_message_error(rq, ERR_NOT_ACCEPTABLE);
    } else if (inviter) {
        sb_init(&sb);
        sb_add(&sb, " from=\"");
        muc_add_room_jid(&sb, app, r, NULL);
        sb_add(&sb, "\"><x xmlns=\"" NS_MUC_USER "\"><decline from=\"");
        sb_add_esc(&sb, bare);
        sb_add(&sb, "\">");
        if (rtext) {
            sb_add(&sb, "<reason>");
            sb_add_esc(&sb, rtext);
            sb_add(&sb, "</reason>");
        }
        sb_add(&sb, "</decline></x></message>");
        muc_send_occ(app, "message", sb.s, inviter);
        sb_free(&sb);
    }
    /* An inviter who left is not told. */
    free(nick);
    free(rtext);
    free(bare);
}

/* A form sent to the room: a voice request or its answer (§7.13,
 * §8.6), or a moderator's decision on a held question. */
static void room_form(struct req *rq, struct room *r, xmpp_stanza_t *x)
{
    struct form *f = NULL;
    const char *why = NULL;

    if (form_parse(x, &f, &why) != 0 || f->form_type == NULL ||
        (strcmp(f->form_type, NS_MUC_REQUEST) != 0 &&
         strcmp(f->form_type, NS_QUEUE_FORM) != 0)) {
        form_free(f);
        rq->why = why ? why : "This room takes only voice request forms and "
                              "question decisions.";
        muc_message_error(rq, ERR_BAD_REQUEST);
        return;
    }
    if (strcmp(f->form_type, NS_QUEUE_FORM) == 0)
        muc_queue_form(rq, r, f);
    else
        muc_voice_request(rq, r, f);
    form_free(f);
}

void muc_message(struct req *rq)
{
    struct room *r = rooms_get(rq->app->rooms, rq->room);
    const char *type = xmpp_stanza_get_type(rq->st);
    const char *nick = jid_resource(rq->to);
    struct occupant *o;

    if (type && strcmp(type, "error") == 0) {
        static const int c333[] = {333, 0};

        /* A client that bounces room traffic is gone: remove it. */
        if (r && (o = room_by_jid(r, rq->from)) != NULL &&
            is_delivery_error(rq->st))
            leave(rq->app, o, rq->from, c333, 0);
        return;
    }
    if (r == NULL) {
        rq->why = "There is no room with that name.";
        muc_message_error(rq, ERR_ITEM_NOT_FOUND);
        return;
    }
    if (nick) {
        if (type && strcmp(type, "groupchat") == 0) {
            rq->why = "Send groupchat messages to the room, not to a "
                      "nickname.";
            muc_message_error(rq, ERR_BAD_REQUEST);
            return;
        }
        private_message(rq, r, nick);
        return;
    }
    if (type && strcmp(type, "groupchat") == 0) {
        groupchat(rq, r);
        return;
    }
    {
        xmpp_stanza_t *x = xmpp_stanza_get_child_by_name_and_ns(
            rq->st, "x", NS_MUC_USER);
        xmpp_stanza_t *form =
            xmpp_stanza_get_child_by_name_and_ns(rq->st, "x", NS_DATA);

        xmpp_stanza_t *b = xmpp_stanza_get_child_by_name(rq->st, "body");
        struct occupant *m = room_by_jid(r, rq->from);

        if (form) {
            room_form(rq, r, form);
            return;
        }
        if (b && m && m->role != ROLE_MODERATOR) {
            char *text = st_text(b);

            /* "report NICK what happened": the simple path for clients
             * without XEP-0377; it reaches the room's moderators. */
            if (text && strncasecmp(text, "report ", 7) == 0 &&
                strlen(text) < 2000) {
                muc_report_abuse(rq, r, m, text + 7);
                free(text);
                return;
            }
            free(text);
        }
        if (b && m && m->role == ROLE_MODERATOR) {
            char *text = st_text(b);
            int done = text && strlen(text) < 2000 &&
                       muc_queue_command(rq, r, m, text, NULL);

            free(text);
            if (done)
                return;
        }
        if (x && xmpp_stanza_get_child_by_name(x, "invite")) {
            invite(rq, r, xmpp_stanza_get_child_by_name(x, "invite"));
            return;
        }
        if (x && xmpp_stanza_get_child_by_name(x, "decline")) {
            decline(rq, r, xmpp_stanza_get_child_by_name(x, "decline"));
            return;
        }
    }
    rq->why = "This room takes only groupchat messages at its own address.";
    muc_message_error(rq, ERR_NOT_ACCEPTABLE);
}

/* --- IQs to occupants --------------------------------------------------- */

int muc_occupant_ping(struct req *rq)
{
    struct room *r = rooms_get(rq->app->rooms, rq->room);
    struct occupant *o = r ? room_by_jid(r, rq->from) : NULL;
    const char *nick = jid_resource(rq->to);

    /* XEP-0410: a result only when the sender is in under that nick. */
    if (o == NULL || strcmp(o->nick, nick) != 0) {
        rq->why = "You are not in this room under that nickname.";
        return ERR_NOT_ACCEPTABLE;
    }
    router_send(rq->app, st_iq_result(rq->st));
    return 0;
}

/* --- room-wide events --------------------------------------------------- */

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

/* One message of muc_room_say(), serialized for one catalogue. */
struct said {
    const struct lang_cat *c;
    struct sbuf sb;
    size_t tail;
};

/* The message for catalogue c: from the cache, else written by fn. */
static struct said *said_for(struct said **cache, size_t *n, struct app *app,
                             struct room *r, const struct lang_cat *c,
                             muc_text_fn fn, void *ud, const char *sid)
{
    char text[SAY_MAX];
    struct sbuf payload;
    struct said *s;

    for (size_t i = 0; i < *n; i++)
        if ((*cache)[i].c == c)
            return &(*cache)[i];
    *cache = xrealloc(*cache, (*n + 1) * sizeof(**cache));
    s = &(*cache)[(*n)++];
    s->c = c;
    fn(app, c, text, sizeof(text), ud);
    sb_init(&payload);
    sb_add(&payload, "<body>");
    sb_add_esc(&payload, text);
    sb_add(&payload, "</body>");
    s->tail = msg_build(&s->sb, app, r, NULL, NULL, NULL, payload.s,
                        payload.len, sid);
    sb_free(&payload);
    return s;
}

void muc_room_say(struct app *app, struct room *r, muc_text_fn fn, void *ud,
                  int to_history)
{
    struct said *cache = NULL, *s;
    struct hmap_iter it;
    const char *k;
    void *v;
    char sid[33];
    size_t n = 0;

    /* From the room itself (no occupant-id, XEP-0421), to each occupant
     * in the language it entered with; one stanza-id for all. */
    rand_hex(sid, 16);
    hmap_iter_init(&it, r->by_nick);
    while (hmap_iter_next(&it, &k, &v)) {
        s = said_for(&cache, &n, app, r, muc_occ_cat(app, v), fn, ud, sid);
        muc_send_occ(app, "message", s->sb.s, v);
    }
    if (to_history) {
        /* Later arrivals read it in the service's language. */
        s = said_for(&cache, &n, app, r, muc_occ_cat(app, NULL), fn, ud, sid);
        msg_keep(&s->sb, s->tail, app, r, sid);
    }
    for (size_t i = 0; i < n; i++)
        sb_free(&cache[i].sb);
    free(cache);
}

const struct lang_cat *muc_occupant_lang(struct app *app,
                                         const struct occupant *o)
{
    return muc_occ_cat(app, o);
}

int muc_room_subject(struct app *app, struct room *r, const char *subject)
{
    struct hmap_iter it;
    const char *k;
    void *v;

    if (room_set_subject(app->rooms, r, subject, "") != 0)
        return ERR_INTERNAL;
    hmap_iter_init(&it, r->by_nick);
    while (hmap_iter_next(&it, &k, &v)) {
        struct occupant *o = v;

        for (size_t i = 0; i < o->nsessions; i++)
            send_subject(app, r, o->sessions[i]);
    }
    return 0;
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

/* --- reserved nicks (§7.12) ---------------------------------------------- */

int muc_reserved_nick(struct req *rq, struct room *r)
{
    xmpp_stanza_t *res = st_iq_result(rq->st), *q;
    struct affil_entry *e;
    char key[MUC_KEY_LEN], *bare = jid_bare(rq->from);

    muc_make_jid_key(rq->app, r, bare, key);
    free(bare);
    q = st_add(res, "query", NS_DISCO_INFO);
    st_attr(q, "node", "x-roomuser-item");
    e = hmap_get(r->affils, key);
    if (e && e->affil != AFF_OUTCAST && e->nick[0]) {
        xmpp_stanza_t *id = st_add(q, "identity", NULL);

        st_attr(id, "category", "conference");
        st_attr(id, "type", "text");
        st_attr(id, "name", e->nick);
    }
    router_send(rq->app, res);
    return 0;
}

/* --- what muc_staff.c needs ---------------------------------------------- */

char *muc_staff_hat(const struct staff *sm)
{
    const char *t = sm->title[0] ? sm->title : "Staff";

    /* "Police officer" -> "Verified police officer" */
    return xasprintf("Verified %c%s",
                     t[0] >= 'A' && t[0] <= 'Z' ? t[0] - 'A' + 'a' : t[0],
                     t + 1);
}

/*
 * After the registry or the reserved words change: a name that was free
 * when its holder entered may now read like a staff name ("0fficer
 * Mikko" before Officer Mikko was added) or hold a reserved word. The
 * nick guard holds at all times, not only at entry: such a holder who is
 * not staff, an admin or a member is removed (307, kicked by the room)
 * with the reason entry would have given, in their language, and may
 * enter again under another name.
 */
void muc_nick_sweep(struct app *app)
{
    struct room **rooms;
    size_t n;

    rooms = rooms_sorted(app->rooms, &n);
    for (size_t i = 0; i < n; i++) {
        struct room *r = rooms[i];
        struct hmap_iter it;
        const char *k, *why;
        void *v;
        char **nicks = NULL;
        size_t nn = 0;
        enum lang_key say;

        /* Collected first: removing changes r->by_nick. */
        hmap_iter_init(&it, r->by_nick);
        while (hmap_iter_next(&it, &k, &v)) {
            struct occupant *o = v;

            if (o->hat || config_is_admin(app->cfg, o->bare) ||
                (o->affil >= AFF_MEMBER && !o->youth) ||
                guard_nick(app, o->nick, &why, &say) == 0)
                continue;
            nicks = xrealloc(nicks, (nn + 1) * sizeof(*nicks));
            nicks[nn++] = xstrdup(o->nick);
        }
        for (size_t j = 0; j < nn; j++) {
            struct occupant *o = room_by_nick(r, nicks[j]);
            char text[512];

            if (o != NULL && guard_nick(app, o->nick, &why, &say) != 0) {
                log_info("muc: a name in %s now reads like staff or holds "
                         "a reserved word: its holder was removed", r->name);
                muc_log_action(app, r, NULL, "kick", o->nick,
                               o->occupant_id,
                               "name now reads like staff or holds a "
                               "reserved word");
                muc_occ_say(app, o, say, NULL, 0, text, sizeof(text));
                muc_remove_occupant(app, o, 307, NULL, text);
            }
            free(nicks[j]);
        }
        free(nicks);
        if (nn > 0)
            muc_reap_room(app, r);
    }
    free(rooms);
}

int muc_nick_allowed(struct app *app, const struct room *r,
                     const struct occupant *o, const char *nick,
                     const char **why)
{
    enum lang_key say; /* the staff member is told in English */
    char key[MUC_KEY_LEN];
    int rc;

    /* The rules of enter(): reserved and banned nicks (room_nick_holder()),
     * then, for someone who is not staff, the nick guard. */
    muc_make_jid_key(app, o->room, o->bare, key);
    if ((rc = nick_held(r, nick, key, why, &say)) != 0)
        return rc;
    if (!config_is_admin(app->cfg, o->bare) &&
        (o->affil < AFF_MEMBER || o->youth))
        return guard_nick(app, nick, why, &say);
    return 0;
}

/* --- message moderation (XEP-0425) ---------------------------------------- */

#define NS_MODERATE "urn:xmpp:message-moderate:1"
#define NS_MODERATE0 "urn:xmpp:message-moderate:0"
#define NS_RETRACT "urn:xmpp:message-retract:1"
#define NS_RETRACT0 "urn:xmpp:message-retract:0"
#define NS_FASTEN "urn:xmpp:fasten:0"

/*
 * A moderator retracts a message by its stanza-id: XEP-0425 0.3
 * (<moderate xmlns=':1'/>) and the 0.2 form clients such as older
 * Converse.js send (<apply-to xmlns='urn:xmpp:fasten:0'> with
 * <moderate xmlns=':0'/>). The room tells everyone in both forms and
 * drops the message from the history newcomers get.
 */
int muc_moderate(struct req *rq)
{
    struct app *app = rq->app;
    struct room *r = rooms_get(app->rooms, rq->room);
    struct occupant *mod = r ? room_by_jid(r, rq->from) : NULL;
    xmpp_stanza_t *m = rq->payload, *re;
    const char *id;
    char *reason = NULL, mid[33];
    struct sbuf sb;
    struct hmap_iter it;
    const char *k;
    void *v;

    if (r == NULL) {
        rq->why = "There is no room with that name.";
        return ERR_ITEM_NOT_FOUND;
    }
    if (muc_elem_is(m, "apply-to", NS_FASTEN)) {
        id = xmpp_stanza_get_attribute(m, "id");
        m = xmpp_stanza_get_child_by_name_and_ns(m, "moderate", NS_MODERATE0);
    } else {
        id = xmpp_stanza_get_attribute(m, "id");
    }
    if (m == NULL || id == NULL || strlen(id) != 32 ||
        strspn(id, "0123456789abcdef") != 32) {
        rq->why = "Name the message by the stanza-id the room gave it.";
        return ERR_BAD_REQUEST;
    }
    if (mod == NULL || mod->role != ROLE_MODERATOR) {
        rq->why = "Only moderators may retract other people's messages.";
        return ERR_FORBIDDEN;
    }
    if ((re = xmpp_stanza_get_child_by_name(m, "reason")) != NULL) {
        reason = st_text(re);
        if (reason && (utf8_len(reason) < 0 || strlen(reason) > 1000)) {
            free(reason);
            rq->why = "The reason is too long.";
            return ERR_NOT_ACCEPTABLE;
        }
    }
    room_hist_remove(r, id);
    log_info("muc: %s retracted a message in %s", mod->nick, r->name);
    muc_log_action(app, r, mod, "retract", id, NULL, reason);
    router_send(app, st_iq_result(rq->st));

    rand_hex(mid, 16);
    sb_init(&sb);
    sb_add(&sb, " from=\"");
    muc_add_room_jid(&sb, app, r, NULL);
    sb_addf(&sb, "\" type=\"groupchat\" id=\"%s\"><retract id=\"%s\" "
                 "xmlns=\"" NS_RETRACT "\"><moderated by=\"",
            mid, id);
    muc_add_room_jid(&sb, app, r, mod->nick);
    sb_add(&sb, "\" xmlns=\"" NS_MODERATE "\"><occupant-id xmlns=\""
                NS_OCCUPANT_ID "\" id=\"");
    sb_add_esc(&sb, mod->occupant_id);
    sb_add(&sb, "\"/></moderated>");
    if (reason) {
        sb_add(&sb, "<reason>");
        sb_add_esc(&sb, reason);
        sb_add(&sb, "</reason>");
    }
    sb_addf(&sb, "</retract><apply-to xmlns=\"" NS_FASTEN "\" id=\"%s\">"
                 "<moderated xmlns=\"" NS_MODERATE0 "\" by=\"",
            id);
    muc_add_room_jid(&sb, app, r, mod->nick);
    sb_add(&sb, "\"><retract xmlns=\"" NS_RETRACT0 "\"/>");
    if (reason) {
        sb_add(&sb, "<reason>");
        sb_add_esc(&sb, reason);
        sb_add(&sb, "</reason>");
    }
    /* XEP-0428: clients that know retraction hide the fallback body. */
    sb_add(&sb, "</moderated></apply-to><fallback xmlns=\"urn:xmpp:"
                "fallback:0\" for=\"" NS_RETRACT "\"/><body>This message "
                "was removed by a moderator.</body></message>");
    hmap_iter_init(&it, r->by_nick);
    while (hmap_iter_next(&it, &k, &v))
        muc_send_occ(app, "message", sb.s, v);
    sb_free(&sb);
    free(reason);
    return 0;
}
