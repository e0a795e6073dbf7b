/*
 * muc_admin.c - moderation through muc#admin: roles and affiliations
 * (XEP-0045 §8, §9, §10).
 *
 * Every item of a request is checked before any is applied, so a request
 * either changes everything it names or nothing. Accounts are named by
 * key (muc_make_jid_key); an outcast's JID is never stored or shown.
 */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "clock.h"
#include "config.h"
#include "err.h"
#include "form.h"
#include "hmap.h"
#include "log.h"
#include "muc.h"
#include "muc_int.h"
#include "room.h"
#include "router.h"
#include "stanza.h"
#include "util.h"

/* --- moderation: roles and affiliations (§8, §9, §10) -------------------- */

#define NS_MUC_ADMIN "http://jabber.org/protocol/muc#admin"
#define MAX_ITEMS 50
/* Entries without a JID are listed as PREFIX-KEY@service, KEY being the
 * room's own key of the account (muc_make_jid_key()): outcasts under
 * "banned-", youths named by nick under "anon-". */
#define BANNED_PREFIX "banned-"
#define ANON_PREFIX "anon-"

struct change {
    int is_affil;
    struct occupant *target; /* present occupant, or NULL */
    enum role role;
    enum affil affil, old_affil;
    char key[MUC_KEY_LEN];  /* jid_key of the account (affiliation changes) */
    char *bare;    /* the account's bare JID when known (owned) */
    char *nick;    /* owned, may be NULL */
    char *reason;  /* owned, may be NULL */
};

static void change_free(struct change *c)
{
    free(c->bare);
    free(c->nick);
    free(c->reason);
}

/* The key in local, a localpart PREFIX-KEY of a listed entry without a
 * JID, or NULL. */
static const char *hidden_key(const char *local)
{
    static const char *const prefixes[] = {BANNED_PREFIX, ANON_PREFIX};

    for (size_t i = 0; local && i < ARRAY_LEN(prefixes); i++) {
        size_t pl = strlen(prefixes[i]), kl;

        if (strncmp(local, prefixes[i], pl) != 0)
            continue;
        kl = strlen(local + pl);
        if (kl == 32 || (kl == 33 && local[pl] == 'g'))
            return local + pl;
    }
    return NULL;
}

/* Whether mod may give target the role `to`; 0 or an error code. */
static int role_change_check(const struct occupant *mod,
                             const struct occupant *target, enum role to,
                             enum lang_key *why)
{
    if (mod == NULL || mod->role != ROLE_MODERATOR) {
        *why = LANG_ERR_ROLE_MODERATORS;
        return ERR_FORBIDDEN;
    }
    if (to == ROLE_MODERATOR) {
        /* §9.6: admins and owners make moderators. */
        if (mod->affil < AFF_ADMIN) {
            *why = LANG_ERR_GRANT_MODERATOR;
            return ERR_FORBIDDEN;
        }
        return 0;
    }
    if (target == mod && to == ROLE_NONE) {
        *why = LANG_ERR_KICK_SELF;
        return ERR_NOT_ALLOWED_CANCEL;
    }
    /* §8.2, §8.4, §9.7: admins and owners keep their role, and a
     * moderator's role is taken only by an admin or owner. */
    if (target->affil >= AFF_ADMIN) {
        *why = LANG_ERR_KEEP_ROLE;
        return ERR_NOT_ALLOWED_CANCEL;
    }
    if (target->role == ROLE_MODERATOR && mod->affil < AFF_ADMIN) {
        *why = LANG_ERR_MODERATOR_ROLE;
        return ERR_NOT_ALLOWED_CANCEL;
    }
    return 0;
}

/* Whether an account with affiliation `by` may move one from `from` to
 * `to` (§9.1-9.5, §10.3-10.7); 0 or an error code. */
static int affil_change_check(enum affil by, enum affil from, enum affil to,
                              enum lang_key *why)
{
    if (by < AFF_ADMIN) {
        *why = LANG_ERR_AFFIL_ADMINS;
        return ERR_FORBIDDEN;
    }
    if ((to >= AFF_ADMIN || from >= AFF_ADMIN) && by < AFF_OWNER) {
        *why = LANG_ERR_AFFIL_OWNERS;
        return ERR_NOT_ALLOWED_CANCEL;
    }
    return 0;
}

/* Parses one item of a muc#admin set into c; 0 or an error code. */
static int parse_item(struct app *app, struct room *r, struct occupant *mod,
                      enum affil by, xmpp_stanza_t *it, struct change *c,
                      enum lang_key *why)
{
    const char *role = xmpp_stanza_get_attribute(it, "role");
    const char *affil = xmpp_stanza_get_attribute(it, "affiliation");
    const char *nick = xmpp_stanza_get_attribute(it, "nick");
    const char *jid = xmpp_stanza_get_attribute(it, "jid");
    xmpp_stanza_t *reason = xmpp_stanza_get_child_by_name(it, "reason");
    int v;

    memset(c, 0, sizeof(*c));
    if (reason) {
        c->reason = st_text(reason);
        if (c->reason &&
            (utf8_len(c->reason) < 0 || strlen(c->reason) > 1000)) {
            *why = LANG_ERR_REASON_LONG;
            return ERR_NOT_ACCEPTABLE;
        }
    }
    if ((role == NULL) == (affil == NULL)) {
        *why = LANG_ERR_ITEM_ONE;
        return ERR_BAD_REQUEST;
    }
    if (role) {
        if ((v = role_parse(role)) < 0 || nick == NULL) {
            *why = LANG_ERR_ROLE_BAD;
            return ERR_BAD_REQUEST;
        }
        if ((c->target = room_by_nick(r, nick)) == NULL) {
            *why = LANG_ERR_NOBODY_NICK;
            return ERR_ITEM_NOT_FOUND;
        }
        c->role = (enum role)v;
        return role_change_check(mod, c->target, c->role, why);
    }
    c->is_affil = 1;
    if ((v = affil_parse(affil)) < 0) {
        *why = LANG_ERR_AFFIL_BAD;
        return ERR_BAD_REQUEST;
    }
    c->affil = (enum affil)v;
    if (jid && !jid_valid(jid)) {
        *why = LANG_ERR_JID_BAD;
        return ERR_JID_MALFORMED;
    }
    if (jid) {
        char *local = jid_local(jid), *domain = jid_domain(jid);
        const char *key = str_eq_nocase(domain, app->cfg->component_jid)
                              ? hidden_key(local)
                              : NULL;
        int ours = key != NULL;

        if (ours) {
            /* An entry of our lists without a JID (an outcast, or a youth
             * named by nick): the account is known only by its key. */
            str_lcpy(c->key, key, sizeof(c->key));
        } else {
            c->bare = jid_bare(jid);
            muc_make_jid_key(app, r, c->bare, c->key);
            c->target = room_by_bare(r, c->bare);
        }
        free(local);
        free(domain);
    } else if (nick) {
        /* Not in XEP-0045, which names accounts by JID: in an anonymous
         * room nobody knows the JID, so a nick in the room will do. */
        if ((c->target = room_by_nick(r, nick)) == NULL) {
            *why = LANG_ERR_NOBODY_NICK;
            return ERR_ITEM_NOT_FOUND;
        }
        c->bare = xstrdup(c->target->bare);
        muc_make_jid_key(app, r, c->bare, c->key);
    } else {
        *why = LANG_ERR_AFFIL_TARGET;
        return ERR_BAD_REQUEST;
    }
    if (c->target && c->target == mod && c->affil == AFF_OUTCAST) {
        *why = LANG_ERR_BAN_SELF;
        return ERR_NOT_ALLOWED_CANCEL;
    }
    c->nick = xstrdup(c->target ? c->target->nick : nick);
    if (c->bare && config_is_admin(app->cfg, c->bare)) {
        *why = LANG_ERR_SERVICE_ADMIN;
        return ERR_NOT_ALLOWED_CANCEL;
    }
    if (c->affil != AFF_OUTCAST && c->affil != AFF_NONE && c->bare == NULL &&
        c->affil >= AFF_ADMIN) {
        *why = LANG_ERR_BY_JID;
        return ERR_BAD_REQUEST;
    }
    if (c->affil >= AFF_ADMIN &&
        ((c->bare && config_is_youth(app->cfg, c->bare)) ||
         (c->target && c->target->youth))) {
        *why = LANG_ERR_YOUTH_ADMIN;
        return ERR_NOT_ALLOWED_CANCEL;
    }
    c->old_affil = room_affil(r, c->key);
    return affil_change_check(by, c->old_affil, c->affil, why);
}

static int apply_change(struct app *app, struct room *r, struct occupant *mod,
                        struct change *c)
{
    const char *actor = mod ? mod->nick : NULL;
    struct occupant *t = c->target;
    struct seen seen;
    enum role was;
    int rc;

    if (!c->is_affil) {
        static const char *const verbs[] = {"kick", "revoke voice",
                                            "give voice", "make moderator"};

        muc_log_action(app, r, mod, verbs[c->role], t->nick, t->occupant_id,
                       c->reason);
        if (c->role == ROLE_NONE) {
            log_info("muc: %s kicked %s from %s", actor, t->nick, r->name);
            if (r->sess.id)
                r->sess.kicks++;
            muc_remove_occupant(app, t, 307, actor, c->reason);
            return 0;
        }
        was = t->role;
        muc_seen_before(t, &seen);
        t->role = c->role;
        log_info("muc: %s made %s %s in %s", actor, t->nick,
                 role_name(c->role), r->name);
        {
            struct pres p = {.actor = actor, .reason = c->reason};

            muc_standing_changed(app, t, &seen, &p);
            muc_desk_role(app, t, was);
            muc_send_self_all(app, t, &p);
        }
        return 0;
    }
    /* A youth's JID is never stored (docs/privacy.md): the room's key of
     * the account is enough to know them again. */
    rc = rooms_set_affil(app->rooms, r, c->key,
                         c->bare && !config_is_youth(app->cfg, c->bare)
                             ? c->bare
                             : NULL,
                         c->affil, c->nick, c->reason);
    if (rc != 0)
        return rc;
    if (c->affil == AFF_OUTCAST) {
        /* Newcomers are slowed a while; those in the room now may come
         * back at once, across a restart too (muc_presence.c). */
        r->ban_at = clock_now();
        muc_door_shut(app, r, t);
        if (r->sess.id)
            r->sess.bans++;
    }
    {
        char *action = xasprintf("make %s", affil_name(c->affil));

        /* Named by nick and occupant-id when present, else by the key:
         * never by the JID of someone who may be a youth. */
        muc_log_action(app, r, mod,
                       c->affil == AFF_OUTCAST ? "ban" : action,
                       c->nick ? c->nick : c->key,
                       t ? t->occupant_id : NULL, c->reason);
        free(action);
    }
    log_info("muc: %s made an account %s in %s", actor ? actor : "an admin",
             affil_name(c->affil), r->name);
    if (t == NULL)
        return 0;
    /* The removal says the new affiliation: outcast (§9.1), or none after
     * losing membership of a members-only room (§9.4). */
    muc_seen_before(t, &seen);
    t->affil = c->affil;
    if (c->affil == AFF_OUTCAST) {
        free(seen.v);
        muc_remove_occupant(app, t, 301, actor, c->reason);
        return 0;
    }
    if (r->cfg.members_only && c->affil < AFF_MEMBER) {
        free(seen.v);
        muc_remove_occupant(app, t, 321, actor, c->reason);
        return 0;
    }
    was = t->role;
    if (c->affil >= AFF_ADMIN)
        t->role = ROLE_MODERATOR;
    else if (t->role == ROLE_MODERATOR && c->old_affil >= AFF_ADMIN)
        t->role = room_default_role(r, c->affil);
    else if (t->role == ROLE_VISITOR && c->affil >= AFF_MEMBER)
        t->role = ROLE_PARTICIPANT;
    {
        struct pres p = {.actor = actor, .reason = c->reason};

        muc_standing_changed(app, t, &seen, &p);
        muc_desk_role(app, t, was);
        muc_send_self_all(app, t, &p);
    }
    return 0;
}

int muc_admin_set(struct req *rq)
{
    struct app *app = rq->app;
    struct room *r = rooms_get(app->rooms, rq->room);
    struct occupant *mod;
    struct change ch[MAX_ITEMS];
    enum lang_key why = LANG_ERR_BAD_REQUEST;
    enum affil by;
    xmpp_stanza_t *it;
    char *bare;
    size_t n = 0;
    int rc = 0;

    if (r == NULL) {
        muc_why(rq, LANG_ERR_NO_ROOM);
        return ERR_ITEM_NOT_FOUND;
    }
    mod = room_by_jid(r, rq->from);
    bare = jid_bare(rq->from);
    by = muc_affiliation_of(app, r, bare);
    free(bare);
    /* Check every item first; act only when all are acceptable. */
    for (it = xmpp_stanza_get_children(rq->payload); it && rc == 0;
         it = xmpp_stanza_get_next(it)) {
        if (!muc_elem_is(it, "item", NULL) && !muc_elem_is(it, "item", NS_MUC_ADMIN))
            continue;
        if (n == MAX_ITEMS) {
            muc_why(rq, LANG_ERR_TOO_MANY_ITEMS);
            rc = ERR_POLICY_VIOLATION;
            break;
        }
        if ((rc = parse_item(app, r, mod, by, it, &ch[n], &why)) != 0)
            muc_why(rq, why);
        for (size_t i = 0; rc == 0 && i < n; i++)
            if ((ch[n].target && ch[i].target == ch[n].target) ||
                (ch[n].is_affil && ch[i].is_affil &&
                 strcmp(ch[i].key, ch[n].key) == 0)) {
                muc_why(rq, LANG_ERR_ITEM_TWICE);
                rc = ERR_BAD_REQUEST;
            }
        n++;
    }
    if (rc == 0 && n == 0) {
        muc_why(rq, LANG_ERR_NO_ITEM);
        rc = ERR_BAD_REQUEST;
    }
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = apply_change(app, r, mod, &ch[i]);
    if (rc == 0)
        router_send(app, st_iq_result(rq->st));
    for (size_t i = 0; i < n; i++)
        change_free(&ch[i]);
    muc_reap_room(app, r);
    return rc;
}

int muc_admin_ban(struct app *app, struct room *r, struct occupant *by,
                  const char *nick, const char *reason, enum lang_key *why)
{
    xmpp_stanza_t *it = xmpp_stanza_new(app->ctx);
    const char *bare = by->bare;
    struct occupant *mod = room_by_bare(r, bare);
    struct change c;
    int rc;

    xmpp_stanza_set_name(it, "item");
    xmpp_stanza_set_attribute(it, "nick", nick);
    xmpp_stanza_set_attribute(it, "affiliation", "outcast");
    if (reason && *reason)
        st_add_text(it, "reason", reason);
    rc = parse_item(app, r, mod, muc_affiliation_of(app, r, bare), it, &c,
                    why);
    xmpp_stanza_release(it);
    /* The actor in the log and the 301: by, when not in r itself (a
     * back room's desk). */
    if (rc == 0 && (rc = apply_change(app, r, mod ? mod : by, &c)) != 0)
        *why = err_info(rc)->key;
    change_free(&c);
    return rc;
}

void muc_forget_youth_jids(struct app *app)
{
    struct room **rooms;
    size_t n, forgot = 0;

    rooms = rooms_sorted(app->rooms, &n);
    for (size_t i = 0; i < n; i++) {
        struct hmap_iter it;
        const char *k;
        void *v;
        char **keys = NULL;
        size_t nk = 0;

        hmap_iter_init(&it, rooms[i]->affils);
        while (hmap_iter_next(&it, &k, &v)) {
            const struct affil_entry *e = v;

            if (e->jid && config_is_youth(app->cfg, e->jid)) {
                keys = xrealloc(keys, (nk + 1) * sizeof(*keys));
                keys[nk++] = xstrdup(k);
            }
        }
        for (size_t j = 0; j < nk; j++) {
            const struct affil_entry *e = hmap_get(rooms[i]->affils, keys[j]);
            /* Never more than member (muc_set_affil()). */
            enum affil a = e->affil > AFF_MEMBER ? AFF_MEMBER : e->affil;
            char *nick = xstrdup(e->nick), *reason = xstrdup(e->reason);

            if (rooms_set_affil(app->rooms, rooms[i], keys[j], NULL, a, nick,
                                reason) == 0)
                forgot++;
            free(nick);
            free(reason);
            free(keys[j]);
        }
        free(keys);
    }
    free(rooms);
    if (forgot)
        log_warn("muc: %zu stored affiliations named a youth by address; "
                 "the addresses are deleted", forgot);
}

static int list_affiliation(struct req *rq, struct room *r, enum affil want,
                            enum affil by)
{
    struct app *app = rq->app;
    xmpp_stanza_t *res, *q, *item;
    struct hmap_iter hi;
    const char *k;
    void *v;

    /* §9.5, §10.5, §10.8: admins see members and outcasts; owners all. */
    if (by < AFF_ADMIN || (want >= AFF_ADMIN && by < AFF_OWNER)) {
        muc_why(rq, LANG_ERR_LIST_FORBIDDEN);
        return ERR_FORBIDDEN;
    }
    res = st_iq_result(rq->st);
    q = st_add(res, "query", NS_MUC_ADMIN);
    if (want == AFF_OWNER)
        for (size_t i = 0; i < app->cfg->n_admins; i++) {
            item = st_add(q, "item", NULL);
            st_attr(item, "affiliation", "owner");
            st_attr(item, "jid", app->cfg->admins[i]);
        }
    hmap_iter_init(&hi, r->affils);
    while (hmap_iter_next(&hi, &k, &v)) {
        struct affil_entry *e = v;

        if (e->affil != want)
            continue;
        item = st_add(q, "item", NULL);
        st_attr(item, "affiliation", affil_name(e->affil));
        if (e->jid) {
            st_attr(item, "jid", e->jid);
        } else {
            /* Outcasts and youths are known only by the room's key: a
             * JID under our domain names the entry, so it can be changed
             * or lifted again, and means nothing in another room. */
            char *jid = xasprintf("%s%s@%s",
                                  e->affil == AFF_OUTCAST ? BANNED_PREFIX
                                                          : ANON_PREFIX,
                                  k, app->cfg->component_jid);

            st_attr(item, "jid", jid);
            free(jid);
        }
        if (e->nick[0])
            st_attr(item, "nick", e->nick);
        if (e->reason[0])
            st_add_text(item, "reason", e->reason);
    }
    router_send(app, res);
    return 0;
}

int muc_admin_get(struct req *rq)
{
    struct app *app = rq->app;
    struct room *r = rooms_get(app->rooms, rq->room);
    struct occupant *mod = r ? room_by_jid(r, rq->from) : NULL;
    xmpp_stanza_t *it = st_first_elem(rq->payload), *res, *q;
    struct hmap_iter hi;
    const char *k;
    void *v;
    char *bare;
    enum affil by;
    int want;

    if (r == NULL) {
        muc_why(rq, LANG_ERR_NO_ROOM);
        return ERR_ITEM_NOT_FOUND;
    }
    if (it && xmpp_stanza_get_attribute(it, "affiliation")) {
        want = affil_parse(xmpp_stanza_get_attribute(it, "affiliation"));
        if (want < 0 || want == AFF_NONE) {
            muc_why(rq, LANG_ERR_ASK_AFFIL);
            return ERR_BAD_REQUEST;
        }
        bare = jid_bare(rq->from);
        by = muc_affiliation_of(app, r, bare);
        free(bare);
        return list_affiliation(rq, r, (enum affil)want, by);
    }
    want = it ? role_parse(xmpp_stanza_get_attribute(it, "role")) : -1;
    if (want != ROLE_PARTICIPANT && want != ROLE_MODERATOR) {
        muc_why(rq, LANG_ERR_ASK_ROLE);
        return ERR_BAD_REQUEST;
    }
    /* §8.5, §9.8: moderators only. */
    if (mod == NULL || mod->role != ROLE_MODERATOR) {
        muc_why(rq, LANG_ERR_LIST_MODERATORS);
        return ERR_FORBIDDEN;
    }
    res = st_iq_result(rq->st);
    q = st_add(res, "query", NS_MUC_ADMIN);
    hmap_iter_init(&hi, r->by_nick);
    while (hmap_iter_next(&hi, &k, &v)) {
        struct occupant *o = v;
        xmpp_stanza_t *item;

        if ((int)o->role != want)
            continue;
        item = st_add(q, "item", NULL);
        st_attr(item, "nick", o->nick);
        st_attr(item, "role", role_name(o->role));
        st_attr(item, "affiliation", affil_name(o->affil));
        if (muc_jid_for(app, mod, o))
            st_attr(item, "jid", o->bare);
    }
    router_send(app, res);
    return 0;
}


/* --- room registration (§7.10) ------------------------------------------ */

#define NS_REGISTER "jabber:iq:register"
#define NS_MUC_REGISTER "http://jabber.org/protocol/muc#register"

/* Registration is for ordinary MUC use (general mode) in open rooms; in
 * ecopper's own rooms membership is given by their admins. */
static int may_register(struct app *app, const struct room *r,
                        const char *from, enum lang_key *why)
{
    /* Youths never register: membership would lift the nickname guard,
     * filters and queue, and store their address. */
    if (!app->cfg->general_mode || r->cfg.members_only ||
        config_is_youth(app->cfg, from)) {
        *why = LANG_ERR_REGISTER_CLOSED;
        return ERR_NOT_ALLOWED_CANCEL;
    }
    return 0;
}

int muc_register_get(struct req *rq)
{
    struct app *app = rq->app;
    struct room *r = rooms_get(app->rooms, rq->room);
    xmpp_stanza_t *res, *q, *x;
    struct affil_entry *e;
    const struct lang_cat *c = muc_req_cat(rq);
    char key[MUC_KEY_LEN], *bare;
    enum lang_key why;
    int rc;

    if (r == NULL) {
        muc_why(rq, LANG_ERR_NO_ROOM);
        return ERR_ITEM_NOT_FOUND;
    }
    if ((rc = may_register(app, r, rq->from, &why)) != 0) {
        muc_why(rq, why);
        return rc;
    }
    bare = jid_bare(rq->from);
    muc_make_jid_key(app, r, bare, key);
    free(bare);
    e = hmap_get(r->affils, key);
    res = st_iq_result(rq->st);
    q = st_add(res, "query", NS_REGISTER);
    if (e && e->affil >= AFF_MEMBER) {
        st_add(q, "registered", NULL);
        st_add_text(q, "username", e->nick);
    } else {
        char how[512], title[256], label[256];

        muc_text(c, LANG_FORM_REGISTER_HOW, how, sizeof(how));
        st_add_text(q, "instructions", how);
        x = form_new(app->ctx, "form",
                     muc_text(c, LANG_FORM_REGISTER_TITLE, title,
                              sizeof(title)),
                     how);
        form_add_type(x, NS_MUC_REGISTER);
        form_add_field(x, "muc#register_roomnick", "text-single",
                       muc_text(c, LANG_FORM_REGISTER_NICK, label,
                                sizeof(label)),
                       NULL, 1);
        xmpp_stanza_add_child_ex(q, x, 0);
    }
    router_send(app, res);
    return 0;
}

int muc_register_set(struct req *rq)
{
    struct app *app = rq->app;
    struct room *r = rooms_get(app->rooms, rq->room);
    xmpp_stanza_t *x;
    struct form *f = NULL;
    struct occupant *o;
    const char *nick, *why = NULL;
    char key[MUC_KEY_LEN], *bare;
    enum lang_key say;
    int rc;

    if (r == NULL) {
        muc_why(rq, LANG_ERR_NO_ROOM);
        return ERR_ITEM_NOT_FOUND;
    }
    if ((rc = may_register(app, r, rq->from, &say)) != 0) {
        muc_why(rq, say);
        return rc;
    }
    bare = jid_bare(rq->from);
    muc_make_jid_key(app, r, bare, key);
    if (room_affil(r, key) == AFF_OUTCAST) {
        free(bare);
        muc_why(rq, LANG_YOU_BANNED);
        return ERR_FORBIDDEN;
    }
    if (xmpp_stanza_get_child_by_name(rq->payload, "remove")) {
        /* XEP-0077 §3.2: cancel the registration. */
        rc = room_affil(r, key) == AFF_MEMBER
                 ? rooms_set_affil(app->rooms, r, key, bare, AFF_NONE, NULL,
                                   NULL)
                 : 0;
        free(bare);
        if (rc == 0)
            router_send(app, st_iq_result(rq->st));
        return rc;
    }
    x = xmpp_stanza_get_child_by_name_and_ns(rq->payload, "x", NS_DATA);
    if (x == NULL || form_parse(x, &f, &why) != 0 ||
        strcmp(f->type, "submit") != 0) {
        form_free(f);
        free(bare);
        /* form_parse()'s why is for logs. */
        muc_why(rq, why ? LANG_ERR_CMD_PAYLOAD : LANG_ERR_REGISTER_SUBMIT);
        return ERR_BAD_REQUEST;
    }
    nick = form_value(f, "muc#register_roomnick");
    if (nick == NULL) {
        rc = ERR_NOT_ACCEPTABLE;
        muc_why(rq, LANG_ERR_NICK_NEEDED);
    } else if ((rc = nick_check(nick, &why)) != 0) {
        muc_why(rq, LANG_NICK_INVALID);
        rc = ERR_NOT_ACCEPTABLE;
    } else {
        /* The rule of entering (room_nick_holder()): reserved and banned
         * nicks are taken, and so is one in use by someone else. */
        o = room_by_nick(r, nick);
        if ((o && !jid_bare_eq(o->bare, bare)) ||
            room_nick_holder(r, nick, key) != NULL) {
            rc = ERR_CONFLICT;
            muc_why(rq, LANG_ERR_NICK_TAKEN);
        }
    }
    if (rc == 0 && room_affil(r, key) >= AFF_ADMIN) {
        muc_why(rq, LANG_ERR_MORE_THAN_MEMBER);
        rc = ERR_NOT_ALLOWED_CANCEL;
    }
    if (rc == 0)
        rc = rooms_set_affil(app->rooms, r, key, bare, AFF_MEMBER, nick,
                             NULL);
    if (rc == 0) {
        log_info("muc: an account registered with %s", r->name);
        router_send(app, st_iq_result(rq->st));
    }
    form_free(f);
    free(bare);
    return rc;
}
