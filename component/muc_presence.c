/*
 * muc_presence.c - entering a room, presence, nick changes and leaving
 * (XEP-0045 §7.1-7.7), and reserved nicks (§7.12).
 *
 * The door: opening hours (hours.c), bans and the slower door after a
 * ban, passwords, members-only rooms, the nick guard against look-alikes
 * of staff (nick.h), then the room's state for the newcomer (presences,
 * history, subject) and its presence to the others.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

/* A presence error from room/nick to the requester (§7.2 refusals). */
static void presence_error(struct req *rq, int code)
{
    xmpp_stanza_t *e = muc_error_reply(rq, code);

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

/*
 * What a joining session receives (§7.2.3): the other occupants, its own
 * presence (reflecting the join's id), history, then the subject. Also
 * sent again to a joined session that joins again (§7.2.1: it lost sync).
 *
 * A youth entering a room of four moderators, where youths' presence
 * goes to moderators only, costs eleven stanzas, about 3.6 KB (issue
 * 17): its presence to the four and theirs to it (§7.2.3 MUST, both
 * ways), its self-presence (§7.2.3), the subject (§7.2.16 SHALL, empty
 * or not) and the greeting of an open session (hours_greet()), plus the
 * history it asks for. None can go: the subject message has no body
 * (§7.2.16; §8.1: with a body it is a message, not the subject, and
 * harness.muc_enter() like clients takes the subject for the end of the
 * join), so the greeting cannot ride in it, and Converse.js asks
 * for no history (maxstanzas='0') in a room with an archive, so a
 * greeting left out then would be lost to the youth page.
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
        muc_build_presence(&sb, app, other, o, &(struct pres){0});
        muc_send_rest(app, "presence", sb.s, rq->from);
    }
    sb_free(&sb);
    muc_desk_enter(app, o, rq->from);
    muc_send_self(app, o, rq->from,
                  &(struct pres){.id = xmpp_stanza_get_id(rq->st),
                                 .codes = codes});
    send_history(app, r, rq->from,
                 x ? xmpp_stanza_get_child_by_name(x, "history") : NULL);
    muc_send_subject(app, r, rq->from);
}

/*
 * Whether youth o, entering r, is to be apart: youth_list_max youths the
 * others see are in already. The room's list then grows for the
 * moderators only, and a join costs what the staff see and not what
 * every youth does.
 */
static int youth_list_full(struct app *app, struct room *r,
                           const struct occupant *o)
{
    long max = app->cfg->youth_list_max, n = 0;
    struct hmap_iter it;
    const char *k;
    void *v;

    if (max <= 0 || !occ_is_held(o))
        return 0;
    hmap_iter_init(&it, r->by_nick);
    while (hmap_iter_next(&it, &k, &v)) {
        const struct occupant *other = v;

        if (other != o && !other->apart && occ_is_held(other) && ++n >= max)
            return 1;
    }
    return 0;
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

    if (staffs_by_name(app->staff, nick)) {
        *why = "That name belongs to a member of staff; choose another.";
        *say = LANG_NICK_STAFF;
        return ERR_CONFLICT;
    }
    static const enum lang_key says[] = {
        [NICK_OK] = LANG_NKEYS,
        [NICK_EMPTY] = LANG_NICK_INVALID,
        [NICK_STAFF] = LANG_NICK_STAFF,
        [NICK_MIXED] = LANG_NICK_MIXED,
        [NICK_BIDI] = LANG_NICK_BIDI,
        [NICK_BADGE] = LANG_NICK_BADGE,
        [NICK_ADDRESS] = LANG_NICK_ADDRESS,
        [NICK_WORD] = LANG_NICK_WORD,
    };
    enum nick_refusal kind;

    rc = nickguard_check_kind(app->guard, nick, why, &kind);
    *say = says[kind];
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

static void ghost_check(struct app *app, struct occupant *o);

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
    case ERR_REGISTRATION_REQUIRED:
        return LANG_MEMBERS_ONLY;
    case ERR_NOT_AUTHORIZED:
        return LANG_ERR_PASSWORD;
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
                            enum affil affil, int staff, const char *key,
                            char *buf, size_t len, int *slow)
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
    /* In the room at the ban, or let in since: back at once (after a
     * restart, everyone who was there is a newcomer to us). */
    if (hmap_get(r->door, key))
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

/* The door stays shut until ban_at + ban_cooldown. */
static int64_t door_until(const struct app *app, const struct room *r)
{
    return r->ban_at + app->cfg->ban_cooldown;
}

/* key came in through the shut door: it may come back at once. */
static void door_let_in(struct app *app, struct room *r, const char *key)
{
    hmap_put(r->door, key, r);
    if (r->persistent &&
        store_door_add(app->store, r->id, key, door_until(app, r)) != 0)
        log_warn("store: who may come back to %s is not stored", r->name);
}

void muc_door_shut(struct app *app, struct room *r,
                   const struct occupant *banned)
{
    struct hmap_iter it;
    const char *k;
    void *v;
    char **keys = NULL;
    size_t n = 0;

    hmap_free(r->door);
    r->door = hmap_new();
    if (app->cfg->ban_cooldown == 0)
        return;
    hmap_iter_init(&it, r->by_nick);
    while (hmap_iter_next(&it, &k, &v)) {
        const struct occupant *o = v;

        if (o == banned)
            continue;
        keys = xrealloc(keys, (n + 1) * sizeof(*keys));
        keys[n] = xmalloc(MUC_KEY_LEN);
        muc_make_jid_key(app, r, o->bare, keys[n]);
        hmap_put(r->door, keys[n], r);
        n++;
    }
    if (r->persistent &&
        store_door_set(app->store, r->id, (const char *const *)keys, n,
                       door_until(app, r)) != 0)
        log_warn("store: who may come back to %s is not stored", r->name);
    for (size_t i = 0; i < n; i++)
        free(keys[i]);
    free(keys);
}

struct door_load {
    struct room **rooms;
    size_t n;
};

static int door_row(int64_t room_id, const char *key, int64_t until, void *ud)
{
    struct door_load *dl = ud;

    (void)until;
    for (size_t i = 0; i < dl->n; i++)
        if (dl->rooms[i]->id == room_id)
            hmap_put(dl->rooms[i]->door, key, dl->rooms[i]);
    return 0;
}

void muc_door_load(struct app *app)
{
    struct door_load dl;

    dl.rooms = rooms_sorted(app->rooms, &dl.n);
    if (store_door_each(app->store, clock_now(), door_row, &dl) != 0)
        log_error("store: who may come back after a ban could not be read");
    free(dl.rooms);
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
 * other than key's (room_nick_holder() says which rule), or is the room's
 * own, its moderation desk's in any language (muc_mod_nick()), which
 * nobody may take, staff and admins included: its notices would read as
 * theirs. Else 0. */
static int nick_held(struct app *app, const struct room *r, const char *nick,
                     const char *key, const char **why, enum lang_key *say)
{
    if (muc_is_mod_nick(app, nick)) {
        *why = "That name is the room's own, for its notices to "
               "moderators; choose another.";
        *say = LANG_NICK_ROOMS_OWN;
        return ERR_CONFLICT;
    }

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
        if ((rc = nick_held(app, r, nick, key, &rq->why, &say)) != 0) {
            /* reserved, or banned (room_nick_holder()) */
        } else if (sm == NULL && config_is_youth(app->cfg, bare) &&
                   room_front_name(r->name, app->rooms) != NULL) {
            /* A staff back room, however it is configured: never a
             * youth, member or not. */
            rq->why = "This room is for staff only.";
            rc = ERR_REGISTRATION_REQUIRED;
            say = LANG_STAFF_ONLY;
        } else if (r->locked && affil != AFF_OWNER) {
            /* §7.2.8: not there until its owner has configured it. */
            rc = ERR_ITEM_NOT_FOUND;
            say = LANG_ERR_ROOM_LOCKED;
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
                                    key, slowtext, sizeof(slowtext), &slow)) {
            rc = ERR_RESOURCE_CONSTRAINT;
        }
    }
    if (rc != 0) {
        refusal_in(rq, rq->lang, say, saytext, sizeof(saytext));
        presence_error(rq, rc);
        if (rc == ERR_CONFLICT && o && sm == NULL &&
            config_is_youth(app->cfg, bare) && !jid_bare_eq(o->bare, bare))
            ghost_check(app, o); /* the youth holding it may be gone */
        free(bare);
        return;
    }
    if (slow) {
        r->slow_join_at = clock_now(); /* the window's newcomer for now */
        door_let_in(app, r, key);
    }
    pres = filter_presence(rq->st);
    if (o) {
        /* The same account from another device: one occupant (§7.2). */
        room_add_session(o, rq->from);
    } else {
        muc_make_occupant_id(app, r, bare, oid, sizeof(oid));
        o = room_add(r, rq->from, bare, nick, room_default_role(r, affil),
                     affil, oid);
        o->youth = config_is_youth(app->cfg, bare);
        if (rq->lang && strlen(rq->lang) < sizeof(o->lang) &&
            strspn(rq->lang, "abcdefghijklmnopqrstuvwxyz"
                             "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") ==
                strlen(rq->lang))
            str_lcpy(o->lang, rq->lang, sizeof(o->lang));
        if (sm)
            o->hat = muc_staff_hat(app, sm, NULL);
        o->apart = youth_list_full(app, r, o);
    }
    occupant_set_pres(o, pres);
    free(pres);
    free(bare);
    log_debug("muc: %s entered %s as %s", rq->from, r->name, nick);
    if (r->sess.id && !joined_existing) {
        /* Counts for the session's record (hours.c stores them). */
        if (occ_is_held(o))
            r->sess.youths++;
        if (room_occupants(r) > r->sess.peak)
            r->sess.peak = (unsigned)room_occupants(r);
        muc_stats_entered(app, r, o);
    }

    if (!joined_existing)
        muc_broadcast_presence(app, o, &(struct pres){0});
    send_room_state(rq, o, x, codes);
    hours_greet(app, r, o, rq->from);
    if (!joined_existing && occ_is_held(o))
        warn_if_banned_look_alike(app, r, o);
    if (o->role == ROLE_MODERATOR || o->hat || o->affil >= AFF_MEMBER)
        muc_staff_entered(app, r, o, rq->from);
    if (r->nqueue > 0)
        room_held_claim(r, key, rq->from); /* key: of bare, above */
}

/* Removes session full of o; tells others when it was the last one. */
void muc_leave(struct app *app, struct occupant *o, const char *full,
               const int *codes, int tell_self)
{
    char *session = xstrdup(full);
    struct pres p = {.type = "unavailable", .codes = codes};

    if (tell_self)
        muc_send_self(app, o, session, &p);
    if (room_del_session(o, session)) {
        struct room *r = o->room;

        muc_broadcast_presence(app, o, &p);
        occupant_free(o);
        muc_reap_room(app, r);
    }
    free(session);
}

/*
 * o's presence changed: to the others (and, with self, to o's sessions)
 * now, or, past o's presence limit, later: muc_flush_presences() sends
 * the state o has then, so a flood of changes reaches the room as one.
 */
static void presence_changed(struct app *app, struct occupant *o, int self)
{
    if (!occ_limit_take(o, OCC_LIM_PRESENCE, clock_mono_ms(), NULL)) {
        o->pres_pending = 1;
        app->pres_pending = 1;
        return;
    }
    o->pres_pending = 0;
    muc_broadcast_presence(app, o, &(struct pres){0});
    if (self)
        muc_send_self_all(app, o, &(struct pres){0});
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

    if ((rc = room_name_check(name, NULL)) != 0 ||
        (rc = nick_check(nick, &rq->why)) != 0) {
        muc_why(rq, rc == ERR_BAD_REQUEST ? LANG_ERR_ROOM_NAME
                                          : LANG_NICK_INVALID);
        presence_error(rq, rc == ERR_BAD_REQUEST ? ERR_JID_MALFORMED : rc);
        free(name);
        return;
    }
    if ((long)rooms_count(app->rooms) >= app->cfg->max_rooms) {
        muc_why(rq, LANG_ERR_ROOMS_FULL);
        presence_error(rq, ERR_RESOURCE_CONSTRAINT);
        free(name);
        return;
    }
    if (config_is_youth(app->cfg, rq->from)) {
        /* Youths use the service's rooms; they do not make their own. */
        muc_why(rq, LANG_ERR_NO_ROOM);
        presence_error(rq, ERR_ITEM_NOT_FOUND);
        free(name);
        return;
    }
    if (room_front_name(name, app->rooms) != NULL) {
        /* NAME-staff next to NAME is NAME's back room: it would see the
         * youths' waiting questions and decide them. Only an admin's
         * create-room makes one. */
        muc_why(rq, LANG_ERR_BACK_ROOM_NAME);
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
        muc_why(rq, LANG_ERR_STAFF_NAME);
        presence_error(rq, ERR_NOT_ACCEPTABLE);
        return;
    }
    if (taken) {
        rq->why = "That nickname is already in use in this room; choose "
                  "another.";
        refusal_in(rq, o->lang[0] ? o->lang : NULL, LANG_NICK_IN_USE,
                   saytext, sizeof(saytext));
        presence_error(rq, ERR_CONFLICT);
        if (taken != o && o->youth)
            ghost_check(app, taken);
        return;
    }
    {
        char key[MUC_KEY_LEN];

        muc_make_jid_key(app, o->room, o->bare, key);
        if (((o->affil < AFF_MEMBER || o->youth) &&
             !config_is_admin(app->cfg, o->bare) &&
             (rc = guard_nick(app, nick, &rq->why, &say)) != 0) ||
            (rc = nick_held(app, o->room, nick, key, &rq->why, &say)) != 0) {
            refusal_in(rq, o->lang[0] ? o->lang : NULL, say, saytext,
                       sizeof(saytext));
            presence_error(rq, rc);
            return;
        }
    }
    {
        /* A nick change goes to everyone: a few, then one per 30 s. */
        uint64_t wait;

        if (!occ_limit_take(o, OCC_LIM_NICK, clock_mono_ms(), &wait)) {
            presence_error(rq, muc_occ_wait(rq, o, LANG_NICK_TOO_OFTEN, wait,
                                            saytext, sizeof(saytext)));
            return;
        }
    }
    struct pres gone = {.type = "unavailable", .codes = c303,
                        .newnick = nick};

    muc_broadcast_presence(app, o, &gone);
    muc_send_self_all(app, o, &gone);
    room_rename(o, nick);
    o->pres_pending = 0; /* the new presence carries the latest state */
    muc_broadcast_presence(app, o, &(struct pres){0});
    muc_send_self_all(app, o, &(struct pres){.id = xmpp_stanza_get_id(rq->st)});
}

void muc_presence(struct req *rq)
{
    struct app *app = rq->app;
    struct room *r = rooms_get(app->rooms, rq->room);
    const char *type = xmpp_stanza_get_type(rq->st);
    const char *nick = jid_resource(rq->to);
    struct occupant *o;
    xmpp_stanza_t *x;
    char *pres, saytext[512];

    /* The multicast service refused a presence (mcast.h), for a room
     * that may be gone since. */
    if (type && strcmp(type, "error") == 0 && mcast_refused(app, rq->st))
        return;
    if (r == NULL) {
        x = xmpp_stanza_get_child_by_name_and_ns(rq->st, "x", NS_MUC);
        if (type == NULL && x && nick && nick[0] && app->cfg->general_mode) {
            create_and_enter(rq, nick, x);
            return;
        }
        if (type == NULL) {
            muc_why(rq, LANG_ERR_NO_ROOM);
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

        if (o && muc_is_delivery_error(rq->st))
            muc_leave(app, o, rq->from, c333, 1);
        return;
    }
    if (type && strcmp(type, "unavailable") == 0) {
        if (o)
            muc_leave(app, o, rq->from, NULL, 1);
        return;
    }
    if (type)
        return; /* subscriptions and probes mean nothing to a room */
    if (nick == NULL || nick[0] == '\0') {
        muc_why(rq, LANG_ERR_ENTER_AS);
        presence_error(rq, ERR_JID_MALFORMED);
        return;
    }
    x = xmpp_stanza_get_child_by_name_and_ns(rq->st, "x", NS_MUC);
    if (o == NULL && x == NULL) {
        /* §7.2.19: no <x/> from a non-occupant is a client that lost
         * track of the room, not a join: tell it it is out. */
        struct sbuf sb;

        muc_why(rq, LANG_ERR_NOT_IN_ROOM);
        sb_init(&sb);
        sb_add(&sb, " from=\"");
        sb_add_esc(&sb, rq->to);
        sb_add(&sb, "\" type=\"unavailable\"><x xmlns=\"" NS_MUC_USER
                    "\"><item affiliation=\"none\" role=\"none\"><reason>");
        sb_add_esc(&sb, rq->why);
        sb_add(&sb, "</reason></item><status code=\"110\"/><status "
                    "code=\"307\"/><status code=\"333\"/></x></presence>");
        muc_send_rest(app, "presence", sb.s, rq->from);
        sb_free(&sb);
        return;
    }
    if (o == NULL) {
        enter(rq, r, nick, x, 0);
        return;
    }
    if (x && strcmp(o->nick, nick) == 0) {
        /* §7.2.1: a session that lost track joins again; it costs the
         * whole room's state, so it counts as a presence change. */
        if (!occ_limit_ready(o, OCC_LIM_PRESENCE, clock_mono_ms())) {
            muc_occ_why(rq, o, LANG_TOO_FAST, saytext, sizeof(saytext));
            presence_error(rq, ERR_RESOURCE_CONSTRAINT);
            return;
        }
        pres = filter_presence(rq->st);
        occupant_set_pres(o, pres);
        free(pres);
        presence_changed(app, o, 0);
        send_room_state(rq, o, x, NULL);
        return;
    }
    if (strcmp(o->nick, nick) != 0) {
        change_nick(rq, o, nick);
        return;
    }
    /* §7.7: a presence update, passed on (or coalesced); kept for later
     * while the send queue is busy (router.c). */
    pres = filter_presence(rq->st);
    occupant_set_pres(o, pres);
    free(pres);
    if (rq->busy) {
        log_debug("muc: a presence update in %s waits for the send queue",
                  r->name);
        o->pres_pending = 1;
        app->pres_pending = 1;
        return;
    }
    presence_changed(app, o, 1);
}

struct flush {
    struct app *app;
    uint64_t now;
    int left;
};

static void flush_one(struct occupant *o, void *ud)
{
    struct flush *f = ud;

    if (!o->pres_pending)
        return;
    if (!occ_limit_take(o, OCC_LIM_PRESENCE, f->now, NULL)) {
        f->left = 1;
        return;
    }
    o->pres_pending = 0;
    muc_broadcast_presence(f->app, o, &(struct pres){0});
    muc_send_self_all(f->app, o, &(struct pres){0});
}

void muc_flush_presences(struct app *app)
{
    struct flush f = {.app = app, .now = clock_mono_ms()};

    if (!app->pres_pending || f.now - app->pres_flushed_at < PRES_FLUSH_MS)
        return;
    /* Presence changes wait while the send queue is busy (router.c). */
    if (link_load(app->link) != LINK_LOAD_OK)
        return;
    app->pres_flushed_at = f.now;
    rooms_each_occupant(app->rooms, flush_one, &f);
    app->pres_pending = f.left;
}

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
    if ((rc = nick_held(app, r, nick, key, why, &say)) != 0)
        return rc;
    if (!config_is_admin(app->cfg, o->bare) &&
        (o->affil < AFF_MEMBER || o->youth))
        return guard_nick(app, nick, why, &say);
    return 0;
}

/* --- who is still there ------------------------------------------------- */

/*
 * Whether a ping of an occupant's session says the session is gone: no
 * answer in time (answer NULL), or a delivery error (muc_is_delivery_error()),
 * which the server sends for a session it no longer has. That includes
 * <service-unavailable/>, which a client without XEP-0199 would answer
 * too (RFC 6120 §8.4): the clients used here (Converse.js, Gajim, Dino)
 * answer pings. Any other answer, a client's <feature-not-implemented/>
 * say, means somebody is there.
 */
static int ping_says_gone(xmpp_stanza_t *answer)
{
    const char *type = answer ? xmpp_stanza_get_type(answer) : NULL;

    return answer == NULL ||
           (type && strcmp(type, "error") == 0 &&
            muc_is_delivery_error(answer));
}

/* "room\0nick\0full" for session full of o (free() it). */
static char *session_entry(const struct occupant *o, const char *full)
{
    size_t rl = strlen(o->room->name), nl = strlen(o->nick),
           fl = strlen(full);
    char *e = xmalloc(rl + nl + fl + 3);

    memcpy(e, o->room->name, rl + 1);
    memcpy(e + rl + 1, o->nick, nl + 1);
    memcpy(e + rl + nl + 2, full, fl + 1);
    return e;
}

/* Removes session full of entry ("room\0nick\0full"), status 333 (as
 * after a bounce, §18.1.2), if it is still there under that nick.
 * Returns 1 when it was. */
static int leave_gone(struct app *app, const char *entry, int tell_self)
{
    static const int c333[] = {333, 0};
    const char *nick = entry + strlen(entry) + 1,
               *full = nick + strlen(nick) + 1;
    struct room *r = rooms_get(app->rooms, entry);
    struct occupant *o = r ? room_by_jid(r, full) : NULL;

    if (o == NULL || strcmp(o->nick, nick) != 0)
        return 0;
    muc_leave(app, o, full, c333, tell_self);
    return 1;
}

/*
 * A ghost: an occupant whose client is gone without a word. A phone that
 * loses its network on a bus leaves a session the server keeps until its
 * TCP connection times out (or that stream management hibernates for
 * minutes): the occupant stays, holding its nick, and the youth who comes
 * back under a new session is refused it. So when a youth's join or nick
 * change is refused because a youth holds the nick, the holder's sessions
 * are pinged (XEP-0199, from the service); one whose ping says it is gone,
 * or that does not answer within GHOST_PING_MS, leaves, and the next try
 * (the youth page tries every 5 s) gets the nick.
 *
 * Only a youth asking for a youth's nick: staff and members have accounts
 * of their own and do not come back as someone new. (A youth's nick is
 * nobody's property: anyone may take it once its holder is gone; this
 * only finds out sooner that a silent one is.) One round per holder per
 * GHOST_PING_MS however many ask, and at most GHOST_INFLIGHT pings
 * waiting: the table of asks is shared with admins' commands. A round
 * that began before the link last came back, or before shutdown, is
 * forgotten (answers lost with the link would read as silence): the
 * audit pings everyone then.
 */
#define GHOST_PING_MS 10000
#define GHOST_INFLIGHT 16

static unsigned ghost_inflight;

struct ghost_ask {
    unsigned gen;  /* app->audit_gen when sent */
    char *entry;   /* "room\0nick\0full", owned */
};

static void ghost_answered(struct app *app, xmpp_stanza_t *answer, void *ud)
{
    struct ghost_ask *g = ud;

    ghost_inflight--;
    if (g->gen == app->audit_gen && ping_says_gone(answer) &&
        leave_gone(app, g->entry, 1))
        log_info("muc: room %s: a youth holding a nick asked for was "
                 "gone (the ping %s); removed",
                 g->entry, answer ? "bounced" : "went unanswered");
    free(g->entry);
    free(g);
}

static void ghost_check(struct app *app, struct occupant *o)
{
    uint64_t now = clock_mono_ms();

    if (!occ_is_held(o) ||
        (o->ghost_ping_at != 0 && now - o->ghost_ping_at < GHOST_PING_MS))
        return;
    for (size_t i = 0; i < o->nsessions; i++) {
        xmpp_stanza_t *iq;
        struct ghost_ask *g;

        if (ghost_inflight >= GHOST_INFLIGHT)
            return;
        iq = xmpp_iq_new(app->ctx, "get", NULL);
        g = xcalloc(1, sizeof(*g));
        g->gen = app->audit_gen;
        g->entry = session_entry(o, o->sessions[i]);
        xmpp_stanza_set_to(iq, o->sessions[i]);
        st_add(iq, "ping", NS_PING);
        if (router_ask(app, iq, GHOST_PING_MS, ghost_answered, g) != 0) {
            free(g->entry); /* too many asks waiting: not this time */
            free(g);
            return;
        }
        ghost_inflight++;
        o->ghost_ping_at = now;
    }
}

/* --- after the link came back ------------------------ */

struct muc_audit {
    char **sessions; /* "room\0nick\0full" each, in order */
    size_t n, next, inflight, gone;
    unsigned gen;    /* answers of an older audit are ignored */
};

struct audit_ask {
    unsigned gen;
    char *entry; /* "room\0nick\0full", owned */
};

static void audit_step(struct app *app);

static void audit_done(struct app *app)
{
    struct muc_audit *a = app->audit;

    log_info("muc: after the link came back, %zu sessions checked, %zu gone",
             a->n, a->gone);
    muc_audit_free(app);
}

static void audit_answered(struct app *app, xmpp_stanza_t *answer, void *ud)
{
    struct audit_ask *q = ud;
    struct muc_audit *a = app->audit;

    if (a == NULL || a->gen != q->gen) {
        /* A newer audit, or shutdown (app->link gone): nothing to do. */
        free(q->entry);
        free(q);
        return;
    }
    a->inflight--;
    /* Gone (or too slow to count as there): its session leaves. */
    if (ping_says_gone(answer) && leave_gone(app, q->entry, 0))
        a->gone++;
    free(q->entry);
    free(q);
    audit_step(app);
}

/* Sends pings until MUC_AUDIT_INFLIGHT wait; ends the audit when all
 * have answered. */
static void audit_step(struct app *app)
{
    struct muc_audit *a = app->audit;

    while (a->inflight < MUC_AUDIT_INFLIGHT && a->next < a->n) {
        const char *room = a->sessions[a->next];
        const char *nick = room + strlen(room) + 1;
        const char *full = nick + strlen(nick) + 1;
        xmpp_stanza_t *iq = xmpp_iq_new(app->ctx, "get", NULL);
        struct audit_ask *q = xcalloc(1, sizeof(*q));

        q->gen = a->gen;
        q->entry = a->sessions[a->next];
        a->sessions[a->next++] = NULL;
        xmpp_stanza_set_to(iq, full);
        st_add(iq, "ping", NS_PING);
        if (router_ask(app, iq, MUC_AUDIT_MS, audit_answered, q) != 0) {
            /* Other asks fill the table: try this one again later. */
            a->sessions[--a->next] = q->entry;
            free(q);
            break;
        }
        a->inflight++;
    }
    if (a->inflight == 0 && a->next == a->n)
        audit_done(app);
}

static void audit_add(struct occupant *o, void *ud)
{
    struct muc_audit *a = ud;

    for (size_t j = 0; j < o->nsessions; j++) {
        a->sessions = xrealloc(a->sessions, (a->n + 1) * sizeof(*a->sessions));
        a->sessions[a->n++] = session_entry(o, o->sessions[j]);
    }
}

void muc_audit_start(struct app *app)
{
    struct muc_audit *a;

    muc_audit_free(app);
    a = xcalloc(1, sizeof(*a));
    a->gen = ++app->audit_gen;
    rooms_each_occupant(app->rooms, audit_add, a);
    if (a->n == 0) {
        free(a);
        return;
    }
    app->audit = a;
    log_info("muc: the link came back: asking %zu sessions whether they "
             "are still there", a->n);
    audit_step(app);
}

void muc_audit_free(struct app *app)
{
    struct muc_audit *a = app->audit;

    if (a == NULL)
        return;
    for (size_t i = 0; i < a->n; i++)
        free(a->sessions[i]);
    free(a->sessions);
    free(a);
    app->audit = NULL;
}

void muc_audit_tick(struct app *app)
{
    /* Asks refused for a full table are sent once there is room. */
    if (app->audit && app->audit->inflight == 0)
        audit_step(app);
}
