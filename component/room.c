/*
 * room.c - the rooms of the service: registry, settings and occupants.
 *
 * Invariants: every room in the registry has a row in the store with the
 * same name, and the reverse. Each occupant is in by_nick once and in
 * by_jid once per session; no two occupants share a nick; all sessions of
 * an occupant share its bare JID.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "err.h"
#include "hmap.h"
#include "lang.h"
#include "log.h"
#include "room.h"
#include "store.h"
#include "util.h"

struct rooms {
    struct store *st;
    struct hmap *by_name;
};

static void held_free(struct held *h);
static int store_one_held(struct rooms *rs, const struct room *r,
                          const struct held *h);
static struct held *held_add(struct room *r, unsigned id, const char *nick,
                             const char *full, const char *key,
                             const char *oid, const char *body,
                             const char *msgid, int64_t at);

static const char *const role_names[] = {"none", "visitor", "participant",
                                         "moderator"};
static const char *const affil_names[] = {"outcast", "none", "member",
                                          "admin", "owner"};
static const char *const whois_names[] = {"none", "moderators", "anyone"};
static const char *const pm_names[] = {"anyone", "participants",
                                       "moderators", "none"};

const char *role_name(enum role r)
{
    return role_names[r];
}

const char *affil_name(enum affil a)
{
    return affil_names[a];
}

static int find_name(const char *const *names, size_t n, const char *s)
{
    for (size_t i = 0; s && i < n; i++)
        if (strcmp(names[i], s) == 0)
            return (int)i;
    return -1;
}

int role_parse(const char *s)
{
    return find_name(role_names, ARRAY_LEN(role_names), s);
}

int affil_parse(const char *s)
{
    return find_name(affil_names, ARRAY_LEN(affil_names), s);
}

const char *whois_name(enum whois w)
{
    return whois_names[w];
}

int whois_parse(const char *s)
{
    return find_name(whois_names, ARRAY_LEN(whois_names), s);
}

const char *allow_pm_name(enum allow_pm p)
{
    return pm_names[p];
}

int allow_pm_parse(const char *s)
{
    return find_name(pm_names, ARRAY_LEN(pm_names), s);
}

/* "moderator participant visitor" -> role bits. */
static unsigned parse_broadcast(const char *s)
{
    unsigned bits = 0;
    char *copy = xstrdup(s), *save = NULL;

    for (char *t = strtok_r(copy, " ", &save); t;
         t = strtok_r(NULL, " ", &save)) {
        int r = role_parse(t);

        if (r > ROLE_NONE)
            bits |= 1u << r;
    }
    free(copy);
    return bits;
}

/* Sets r's settings from sr (strings copied; old ones freed). */
static void apply_settings(struct room *r, const struct store_room *sr)
{
    int w = find_name(whois_names, ARRAY_LEN(whois_names), sr->whois);
    int pm = find_name(pm_names, ARRAY_LEN(pm_names), sr->allow_pm);

    /* sr's strings may point into r (room_settings): copy, then free. */
    char *title = xstrdup(sr->title ? sr->title : "");
    char *desc = xstrdup(sr->description ? sr->description : "");
    char *pw = xstrdup(sr->password ? sr->password : "");

    free(r->cfg.title);
    free(r->cfg.description);
    free(r->cfg.password);
    r->cfg.title = title;
    r->cfg.description = desc;
    r->cfg.password = pw;
    r->cfg.public = sr->public;
    r->cfg.moderated = sr->moderated;
    r->cfg.members_only = sr->members_only;
    r->cfg.max_users = sr->max_users;
    r->cfg.whois = w < 0 ? WHOIS_NONE : (enum whois)w;
    r->cfg.broadcast = parse_broadcast(
        sr->presence_broadcast ? sr->presence_broadcast : "");
    r->cfg.allow_pm = pm < 0 ? PM_ANYONE : (enum allow_pm)pm;
    r->cfg.change_subject = sr->change_subject;
    r->cfg.queue = sr->queue;
    r->cfg.archive_days = sr->archive_days;
    r->cfg.history_max = sr->history_max < 0 ? 0
                         : sr->history_max > ROOM_HISTORY_MAX
                             ? ROOM_HISTORY_MAX
                             : sr->history_max;
}

static struct room *room_new(const struct store_room *sr)
{
    struct room *r = xcalloc(1, sizeof(*r));

    r->id = sr->id;
    r->name = xstrdup(sr->name);
    r->persistent = sr->id != 0;
    apply_settings(r, sr);
    r->subject = xstrdup(sr->subject ? sr->subject : "");
    r->subject_by = xstrdup(sr->subject_by ? sr->subject_by : "");
    r->created_at = sr->created_at;
    r->by_nick = hmap_new();
    r->by_jid = hmap_new();
    r->hist = xcalloc(ROOM_HISTORY_MAX, sizeof(*r->hist));
    r->affils = hmap_new();
    r->sess.planned_end = -1;
    r->sess.last_end = -1;
    r->invites = hmap_new();
    r->door = hmap_new();
    return r;
}

void occupant_free(struct occupant *o)
{
    if (o == NULL)
        return;
    for (size_t i = 0; i < o->nsessions; i++)
        free(o->sessions[i]);
    free(o->sessions);
    free(o->nick);
    free(o->bare);
    free(o->pres);
    free(o->hat);
    free(o->voice_ref);
    free(o);
}

static void affil_free(struct affil_entry *e)
{
    if (e == NULL)
        return;
    free(e->jid);
    free(e->nick);
    free(e->reason);
    free(e);
}

void room_forget_invites(struct room *r)
{
    struct hmap_iter it;
    const char *k;
    void *v;
    struct hmap *m = r->invites;

    r->invites = hmap_new();
    hmap_iter_init(&it, m);
    while (hmap_iter_next(&it, &k, &v))
        free(v);
    hmap_free(m);
}

static void room_free(struct room *r)
{
    struct hmap_iter it;
    const char *k;
    void *v;

    if (r == NULL)
        return;
    hmap_iter_init(&it, r->by_nick);
    while (hmap_iter_next(&it, &k, &v))
        occupant_free(v);
    hmap_free(r->by_nick);
    hmap_free(r->by_jid);
    hmap_iter_init(&it, r->affils);
    while (hmap_iter_next(&it, &k, &v))
        affil_free(v);
    hmap_free(r->affils);
    room_forget_invites(r);
    hmap_free(r->invites);
    hmap_free(r->door);
    room_hist_clear(r);
    free(r->hist);
    for (size_t i = 0; i < r->nqueue; i++)
        held_free(&r->queue[i]);
    free(r->queue);
    free(r->name);
    free(r->cfg.title);
    free(r->cfg.description);
    free(r->cfg.password);
    free(r->subject);
    free(r->subject_by);
    free(r);
}

static int load_one(const struct store_room *sr, void *ud)
{
    struct rooms *rs = ud;

    hmap_put(rs->by_name, sr->name, room_new(sr));
    return 0;
}

static struct affil_entry *affil_new(enum affil a, const char *jid,
                                     const char *nick, const char *reason)
{
    struct affil_entry *e = xcalloc(1, sizeof(*e));

    e->affil = a;
    e->jid = a == AFF_OUTCAST ? NULL : xstrdup(jid);
    e->nick = xstrdup(nick ? nick : "");
    e->reason = xstrdup(reason ? reason : "");
    return e;
}

static int load_affil(const struct store_affil *sa, void *ud)
{
    struct hmap *by_id = ud;
    char id[32];
    struct room *r;
    int a = affil_parse(sa->affiliation);

    snprintf(id, sizeof(id), "%lld", (long long)sa->room_id);
    if ((r = hmap_get(by_id, id)) != NULL && a >= 0)
        affil_free(hmap_put(r->affils, sa->jid_key,
                            affil_new((enum affil)a, sa->jid, sa->nick,
                                      sa->reason)));
    return 0;
}

/* The last ban in a room, from the moderation log: the slower door
 * after a ban (muc.c) stays shut across a restart. */
static int load_ban_at(const char *room, int64_t at, void *ud)
{
    struct rooms *rs = ud;
    struct room *r = hmap_get(rs->by_name, room);

    if (r)
        r->ban_at = at;
    return 0;
}

/* A question held before the restart; its asker is not here yet. */
static int load_held(const struct store_held *sh, void *ud)
{
    struct rooms *rs = ud;
    struct room *r = hmap_get(rs->by_name, sh->room);

    if (r == NULL || r->nqueue >= ROOM_QUEUE_MAX || room_held(r, sh->id))
        return 0;
    held_add(r, sh->id, sh->nick, NULL, sh->asker_key, sh->oid, sh->body,
             sh->msgid, sh->at);
    r->next_held = sh->id; /* oldest first: the newest number last */
    return 0;
}

struct rooms *rooms_load(struct store *st)
{
    struct rooms *rs = xcalloc(1, sizeof(*rs));
    struct hmap *by_id;
    struct hmap_iter it;
    const char *k;
    void *v;
    int rc;

    rs->st = st;
    rs->by_name = hmap_new();
    if (store_room_each(st, load_one, rs) != 0) {
        rooms_free(rs);
        return NULL;
    }
    by_id = hmap_new();
    hmap_iter_init(&it, rs->by_name);
    while (hmap_iter_next(&it, &k, &v)) {
        char id[32];

        snprintf(id, sizeof(id), "%lld", (long long)((struct room *)v)->id);
        hmap_put(by_id, id, v);
    }
    rc = store_affil_each(st, load_affil, by_id);
    if (rc == 0)
        rc = store_held_each(st, load_held, rs);
    if (rc == 0)
        rc = store_modlog_last(st, "ban", load_ban_at, rs);
    hmap_free(by_id);
    if (rc != 0) {
        rooms_free(rs);
        return NULL;
    }
    return rs;
}

enum affil room_affil(const struct room *r, const char *jid_key)
{
    struct affil_entry *e = hmap_get(r->affils, jid_key);

    return e ? e->affil : AFF_NONE;
}

/*
 * Why banned nicks stay held. Anonymous logins are new every time, so a
 * banned youth is back at once under a fresh account; the name they were
 * banned under, said in front of the whole room (status 301 with the
 * reason), should not come back with them, nor be taken by someone else
 * to pose as them or to make the room believe they are back. Refusing the
 * exact name costs an innocent newcomer one retry under another name;
 * names that merely read like a banned one still get in, and moderators
 * are told (muc.c, warn_if_banned_look_alike()). Registration follows the
 * same rule, or a banned person's new account could register the old
 * name and hold it as a member. Lifting the ban frees the name.
 */
const struct affil_entry *room_nick_holder(const struct room *r,
                                           const char *nick,
                                           const char *jid_key)
{
    struct hmap_iter it;
    const char *k;
    void *v;

    if (nick == NULL || nick[0] == '\0')
        return NULL;
    hmap_iter_init(&it, r->affils);
    while (hmap_iter_next(&it, &k, &v)) {
        const struct affil_entry *e = v;

        if (e->nick && strcmp(e->nick, nick) == 0 &&
            (jid_key == NULL || strcmp(k, jid_key) != 0))
            return e;
    }
    return NULL;
}

int rooms_set_affil(struct rooms *rs, struct room *r, const char *jid_key,
                    const char *jid, enum affil a, const char *nick,
                    const char *reason)
{
    struct store_affil sa = {
        .room_id = r->id,
        .jid_key = jid_key,
        .jid = a == AFF_OUTCAST ? NULL : jid,
        .affiliation = affil_names[a],
        .nick = nick,
        .reason = reason,
    };
    int rc = !r->persistent ? 0
             : a == AFF_NONE ? store_affil_del(rs->st, r->id, jid_key)
                             : store_affil_set(rs->st, &sa);

    if (rc != 0)
        return rc;
    affil_free(a == AFF_NONE ? hmap_del(r->affils, jid_key)
                             : hmap_put(r->affils, jid_key,
                                        affil_new(a, jid, nick, reason)));
    return 0;
}

void rooms_free(struct rooms *rs)
{
    struct hmap_iter it;
    const char *k;
    void *v;

    if (rs == NULL)
        return;
    hmap_iter_init(&it, rs->by_name);
    while (hmap_iter_next(&it, &k, &v))
        room_free(v);
    hmap_free(rs->by_name);
    free(rs);
}

size_t rooms_count(const struct rooms *rs)
{
    return hmap_count(rs->by_name);
}

struct room *rooms_get(const struct rooms *rs, const char *name)
{
    return name ? hmap_get(rs->by_name, name) : NULL;
}

static int cmp_room(const void *a, const void *b)
{
    const struct room *ra = *(struct room *const *)a;
    const struct room *rb = *(struct room *const *)b;

    return strcmp(ra->name, rb->name);
}

struct room **rooms_sorted(const struct rooms *rs, size_t *n)
{
    return (struct room **)hmap_sorted_values(rs->by_name, n, cmp_room);
}

void rooms_each_occupant(const struct rooms *rs,
                         void (*fn)(struct occupant *o, void *ud), void *ud)
{
    struct room **rooms;
    size_t n;

    rooms = rooms_sorted(rs, &n);
    for (size_t i = 0; i < n; i++) {
        struct hmap_iter it;
        const char *k;
        void *v;

        hmap_iter_init(&it, rooms[i]->by_nick);
        while (hmap_iter_next(&it, &k, &v))
            fn(v, ud);
    }
    free(rooms);
}

int room_name_check(char *name, struct lang_reason *why)
{
    size_t n = strlen(name);

    if (n == 0 || n > ROOM_NAME_MAX)
        return lang_reason_set(why, ERR_BAD_REQUEST, LANG_WHY_ROOM_NAME_LENGTH,
                               NULL, 0);
    for (char *p = name; *p; p++) {
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
              ((*p == '.' || *p == '-' || *p == '_') && p != name)))
            return lang_reason_set(why, ERR_BAD_REQUEST,
                                   LANG_WHY_ROOM_NAME_CHARS, NULL, 0);
    }
    return 0;
}

static int text_check(const char *s, size_t max)
{
    long n;

    if (s == NULL)
        return 1;
    n = utf8_len(s);
    return n >= 0 && (size_t)n <= max;
}

/* The settings a new room starts with (docs/admin.md lists them). */
static const struct store_room default_settings = {
    .title = "",
    .description = "",
    .subject = "",
    .subject_by = "",
    .public = 1,
    .password = "",
    .max_users = 10000,
    .history_max = 20,
    .whois = "none",
    .presence_broadcast = "moderator participant visitor",
    .allow_pm = "anyone",
    .archive_days = -1,
};

struct room *rooms_create_temp(struct rooms *rs, const char *name,
                               int64_t now)
{
    struct store_room sr = default_settings;
    struct room *r;

    sr.name = name;
    sr.created_at = now;
    /* A room made by entering it (general mode) starts semi-anonymous,
     * as other MUC services' rooms do (§10.1.3); youths' JIDs are never
     * shown whatever whois says (muc_jid_for()). */
    sr.whois = "moderators";
    r = room_new(&sr);
    r->locked = 1;
    hmap_put(rs->by_name, name, r);
    return r;
}

static int store_one_affil(struct rooms *rs, struct room *r, const char *key,
                           const struct affil_entry *e)
{
    struct store_affil sa = {
        .room_id = r->id,
        .jid_key = key,
        .jid = e->jid,
        .affiliation = affil_names[e->affil],
        .nick = e->nick,
        .reason = e->reason,
    };

    return store_affil_set(rs->st, &sa);
}

int rooms_make_persistent(struct rooms *rs, struct room *r, const char *by)
{
    struct store_room sr;
    struct hmap_iter it;
    const char *k;
    void *v;
    char bcast[64];
    int64_t id;
    int rc;

    if (r->persistent)
        return 0;
    rc = store_room_add(rs->st, r->name, r->cfg.title, r->cfg.description,
                        r->created_at, by, &id);
    if (rc != 0)
        return rc;
    r->id = id;
    room_settings(r, &sr, bcast, sizeof(bcast));
    rc = store_room_set_config(rs->st, &sr);
    if (rc == 0)
        rc = store_room_set_subject(rs->st, r->id, r->subject, r->subject_by);
    hmap_iter_init(&it, r->affils);
    while (rc == 0 && hmap_iter_next(&it, &k, &v))
        rc = store_one_affil(rs, r, k, v);
    for (size_t i = 0; rc == 0 && i < r->nqueue; i++)
        rc = store_one_held(rs, r, &r->queue[i]);
    if (rc != 0) {
        /* Leave no half-stored room behind. */
        store_room_del(rs->st, r->name);
        r->id = 0;
        return rc;
    }
    r->persistent = 1;
    return 0;
}

struct room *room_front_name(const char *name, struct rooms *rs)
{
    size_t n = strlen(name), k = strlen(ROOM_BACK_SUFFIX);
    struct room *front;
    char *fn;

    if (n <= k || strcmp(name + n - k, ROOM_BACK_SUFFIX) != 0)
        return NULL;
    fn = xstrndup(name, n - k);
    front = hmap_get(rs->by_name, fn);
    free(fn);
    return front;
}

int rooms_create(struct rooms *rs, const char *name, const char *title,
                 const char *description, int64_t now, const char *by,
                 struct lang_reason *why)
{
    struct store_room sr = default_settings;
    char *nm;
    int rc;

    lang_reason_clear(why);
    sr.title = title ? title : "";
    sr.description = description ? description : "";
    sr.created_at = now;
    if (name == NULL)
        return lang_reason_set(why, ERR_BAD_REQUEST, LANG_WHY_ROOM_NAME_NEEDED,
                               NULL, 0);
    nm = xstrdup(name);
    if ((rc = room_name_check(nm, why)) != 0)
        goto out;
    if (!text_check(title, ROOM_TITLE_MAX)) {
        rc = lang_reason_set(why, ERR_BAD_REQUEST, LANG_WHY_ROOM_TITLE_LONG,
                             NULL, 0);
        goto out;
    }
    if (!text_check(description, ROOM_DESC_MAX)) {
        rc = lang_reason_set(why, ERR_BAD_REQUEST, LANG_WHY_ROOM_DESC_LONG,
                             NULL, 0);
        goto out;
    }
    if (hmap_get(rs->by_name, nm)) {
        rc = lang_reason_set(why, ERR_CONFLICT, LANG_WHY_ROOM_EXISTS, NULL, 0);
        goto out;
    }
    rc = store_room_add(rs->st, nm, title, description, now, by, &sr.id);
    if (rc == ERR_CONFLICT)
        lang_reason_set(why, rc, LANG_WHY_ROOM_EXISTS, NULL, 0);
    if (rc != 0)
        goto out;
    sr.name = nm;
    if (room_front_name(nm, rs) != NULL) {
        /* A staff back room (NAME-staff next to NAME): members only,
         * hidden, and not anonymous among the staff in it. */
        sr.members_only = 1;
        sr.public = 0;
        sr.whois = "anyone";
        if ((rc = store_room_set_config(rs->st, &sr)) != 0) {
            store_room_del(rs->st, nm);
            lang_reason_set(why, rc, LANG_WHY_ROOM_NOT_STORED, NULL, 0);
            goto out;
        }
    }
    hmap_put(rs->by_name, nm, room_new(&sr));
out:
    free(nm);
    return rc;
}

int rooms_destroy(struct rooms *rs, const char *name)
{
    struct room *r = rooms_get(rs, name);
    int rc;

    if (r == NULL)
        return ERR_ITEM_NOT_FOUND;
    if (r->persistent && (rc = store_room_del(rs->st, name)) != 0)
        return rc;
    hmap_del(rs->by_name, name);
    room_free(r);
    return 0;
}

void room_settings(const struct room *r, struct store_room *sr, char *bcast,
                   size_t bcastlen)
{
    memset(sr, 0, sizeof(*sr));
    sr->id = r->id;
    sr->name = r->name;
    sr->title = r->cfg.title;
    sr->description = r->cfg.description;
    sr->public = r->cfg.public;
    sr->moderated = r->cfg.moderated;
    sr->members_only = r->cfg.members_only;
    sr->change_subject = r->cfg.change_subject;
    sr->queue = r->cfg.queue;
    sr->password = r->cfg.password;
    sr->max_users = r->cfg.max_users;
    sr->history_max = r->cfg.history_max;
    sr->archive_days = r->cfg.archive_days;
    sr->whois = whois_names[r->cfg.whois];
    sr->allow_pm = pm_names[r->cfg.allow_pm];
    bcast[0] = '\0';
    for (int ro = ROLE_MODERATOR; ro > ROLE_NONE; ro--)
        if (r->cfg.broadcast & (1u << ro)) {
            size_t used = strlen(bcast);

            snprintf(bcast + used, bcastlen - used, "%s%s",
                     used ? " " : "", role_names[ro]);
        }
    sr->presence_broadcast = bcast;
}

int rooms_configure(struct rooms *rs, struct room *r,
                    const struct store_room *sr)
{
    int rc = r->persistent ? store_room_set_config(rs->st, sr) : 0;

    if (rc != 0)
        return rc;
    apply_settings(r, sr);
    if ((size_t)r->cfg.history_max < room_hist_count(r)) {
        /* Keep the newest history_max messages. */
        while (room_hist_count(r) > (size_t)r->cfg.history_max) {
            free(r->hist[r->hist_start].text);
            r->hist[r->hist_start].text = NULL;
            r->hist_start = (r->hist_start + 1) % ROOM_HISTORY_MAX;
            r->hist_len--;
        }
    }
    return 0;
}

int room_set_subject(struct rooms *rs, struct room *r, const char *subject,
                     const char *by)
{
    int rc = r->persistent ? store_room_set_subject(rs->st, r->id, subject, by)
                           : 0;

    if (rc != 0)
        return rc;
    free(r->subject);
    free(r->subject_by);
    r->subject = xstrdup(subject);
    r->subject_by = xstrdup(by);
    return 0;
}

/* --- occupants ------------------------------------------------------- */

size_t room_occupants(const struct room *r)
{
    return hmap_count(r->by_nick);
}

struct occupant *room_by_nick(const struct room *r, const char *nick)
{
    return nick ? hmap_get(r->by_nick, nick) : NULL;
}

struct occupant *room_by_jid(const struct room *r, const char *full)
{
    return full ? hmap_get(r->by_jid, full) : NULL;
}

struct occupant *room_by_bare(const struct room *r, const char *bare)
{
    struct hmap_iter it;
    const char *k;
    void *v;

    hmap_iter_init(&it, r->by_nick);
    while (hmap_iter_next(&it, &k, &v))
        if (jid_bare_eq(((struct occupant *)v)->bare, bare))
            return v;
    return NULL;
}

int nick_check(const char *nick, const char **why)
{
    long n = nick ? utf8_len(nick) : -1;
    int visible = 0;

    if (n <= 0 || n > NICK_MAX) {
        *why = n < 0 ? "The nickname is not valid text."
                     : "A nickname is 1 to 48 characters long.";
        return ERR_JID_MALFORMED;
    }
    for (const unsigned char *p = (const unsigned char *)nick; *p; p++) {
        if (*p < 0x20 || *p == 0x7f) {
            *why = "A nickname cannot hold control characters.";
            return ERR_JID_MALFORMED;
        }
        if (*p != ' ')
            visible = 1;
    }
    if (!visible) {
        *why = "A nickname cannot be only spaces.";
        return ERR_JID_MALFORMED;
    }
    return 0;
}

int room_may_enter(const struct room *r, const char *bare, enum affil affil,
                   const char *nick, const char *pw, const char **why)
{
    struct occupant *o = room_by_nick(r, nick);
    int rc;

    if ((rc = nick_check(nick, why)) != 0)
        return rc;
    /* XEP-0045 §7.2.7: banned users are refused first. */
    if (affil == AFF_OUTCAST) {
        *why = "You are banned from this room.";
        return ERR_FORBIDDEN;
    }
    /* §7.2.9: the nick is someone else's. */
    if (o && !jid_bare_eq(o->bare, bare)) {
        *why = "That nickname is already in use in this room; choose "
               "another.";
        return ERR_CONFLICT;
    }
    /* §7.2.6 */
    if (r->cfg.members_only && affil < AFF_MEMBER) {
        *why = "This room is for members only.";
        return ERR_REGISTRATION_REQUIRED;
    }
    /* §7.2.5 */
    if (r->cfg.password[0] && affil < AFF_ADMIN &&
        (pw == NULL || strlen(pw) != strlen(r->cfg.password) ||
         CRYPTO_memcmp(pw, r->cfg.password, strlen(pw)) != 0)) {
        *why = "This room needs a password.";
        return ERR_NOT_AUTHORIZED;
    }
    /* §7.2.10: admins and owners get in even when it is full. */
    if (o == NULL && affil < AFF_ADMIN && r->cfg.max_users > 0 &&
        (long)room_occupants(r) >= r->cfg.max_users) {
        *why = "The room is full; try again later.";
        return ERR_SERVICE_UNAVAILABLE_WAIT;
    }
    return 0;
}

enum role room_default_role(const struct room *r, enum affil affil)
{
    if (affil >= AFF_ADMIN)
        return ROLE_MODERATOR;
    if (r->cfg.moderated && affil < AFF_MEMBER)
        return ROLE_VISITOR;
    return ROLE_PARTICIPANT;
}

struct occupant *room_add(struct room *r, const char *full, const char *bare,
                          const char *nick, enum role role, enum affil affil,
                          const char *occupant_id)
{
    struct occupant *o = xcalloc(1, sizeof(*o));

    o->room = r;
    o->nick = xstrdup(nick);
    o->bare = xstrdup(bare);
    o->role = role;
    o->affil = affil;
    str_lcpy(o->occupant_id, occupant_id, sizeof(o->occupant_id));
    hmap_put(r->by_nick, nick, o);
    room_add_session(o, full);
    return o;
}

void room_add_session(struct occupant *o, const char *full)
{
    o->sessions = xrealloc(o->sessions,
                           (o->nsessions + 1) * sizeof(*o->sessions));
    o->sessions[o->nsessions++] = xstrdup(full);
    hmap_put(o->room->by_jid, full, o);
}

int room_del_session(struct occupant *o, const char *full)
{
    for (size_t i = 0; i < o->nsessions; i++) {
        if (strcmp(o->sessions[i], full) != 0)
            continue;
        hmap_del(o->room->by_jid, full);
        free(o->sessions[i]);
        o->sessions[i] = o->sessions[--o->nsessions];
        break;
    }
    if (o->nsessions > 0)
        return 0;
    hmap_del(o->room->by_nick, o->nick);
    return 1;
}

void room_rename(struct occupant *o, const char *nick)
{
    hmap_del(o->room->by_nick, o->nick);
    free(o->nick);
    o->nick = xstrdup(nick);
    hmap_put(o->room->by_nick, nick, o);
}

void occupant_set_pres(struct occupant *o, const char *text)
{
    free(o->pres);
    o->pres = xstrdup(text);
}

/* Each limit: the burst, and one more token per refill_ms. Defaults that
 * a real session never meets: a person types a message every few
 * seconds, changes status now and then, and invites or reports rarely. */
static const struct {
    uint32_t burst;
    uint32_t refill_ms;
} limits[OCC_LIM_N] = {
    [OCC_LIM_MESSAGE] = {RATE_BURST, RATE_REFILL_MS},
    [OCC_LIM_PRESENCE] = {5, 2000},
    [OCC_LIM_NICK] = {3, 30000},
    [OCC_LIM_INVITE] = {5, 60000},
    [OCC_LIM_REPORT] = {3, 60000},
};

/* Refills b for limit k up to now_ms. */
static void refill(struct occ_bucket *b, enum occ_limit k, uint64_t now_ms)
{
    uint64_t full = (uint64_t)limits[k].burst * 1000, gained;

    if (b->at == 0 || now_ms < b->at) {
        if (b->at == 0)
            b->tokens = (uint32_t)full;
        b->at = now_ms;
    }
    gained = (now_ms - b->at) * 1000 / limits[k].refill_ms;
    if (gained == 0)
        return;
    if (b->tokens + gained >= full) {
        b->tokens = (uint32_t)full;
        b->at = now_ms;
    } else {
        /* Keep the fraction of a millitoken for next time. */
        b->tokens += (uint32_t)gained;
        b->at += gained * limits[k].refill_ms / 1000;
    }
}

static int exempt(const struct occupant *o, enum occ_limit k)
{
    return o->role == ROLE_MODERATOR && k != OCC_LIM_PRESENCE;
}

int occ_limit_ready(struct occupant *o, enum occ_limit k, uint64_t now_ms)
{
    if (exempt(o, k))
        return 1;
    refill(&o->lim[k], k, now_ms);
    return o->lim[k].tokens >= 1000;
}

int occ_limit_take(struct occupant *o, enum occ_limit k, uint64_t now_ms,
                   uint64_t *wait_ms)
{
    struct occ_bucket *b = &o->lim[k];

    if (occ_limit_ready(o, k, now_ms)) {
        if (!exempt(o, k))
            b->tokens -= 1000;
        return 1;
    }
    if (wait_ms)
        *wait_ms = (1000 - b->tokens) * (uint64_t)limits[k].refill_ms / 1000 -
                   (now_ms - b->at);
    return 0;
}

int occ_take_token(struct occupant *o, uint64_t now_ms)
{
    return occ_limit_take(o, OCC_LIM_MESSAGE, now_ms, NULL);
}

int occ_can_speak(const struct occupant *o)
{
    return o->role >= ROLE_PARTICIPANT;
}

int occ_is_held(const struct occupant *o)
{
    /* A youth stays a youth even if made a member somewhere. */
    return o->role != ROLE_MODERATOR && o->hat == NULL &&
           (o->affil < AFF_MEMBER || o->youth);
}

int occ_sees_presence_of(const struct occupant *to,
                         const struct occupant *from)
{
    if (to == from || to->role == ROLE_MODERATOR)
        return 1;
    /* One who came in past youth_list_max and the other youths see
     * nothing of each other; both still see the staff. */
    if ((to->apart || from->apart) && occ_is_held(to) && occ_is_held(from))
        return 0;
    return (to->room->cfg.broadcast & (1u << from->role)) != 0;
}

int occ_sees_jids(const struct occupant *to)
{
    switch (to->room->cfg.whois) {
    case WHOIS_ANYONE:
        return 1;
    case WHOIS_MODERATORS:
        return to->role == ROLE_MODERATOR;
    default:
        return 0;
    }
}

int occ_may_pm(const struct occupant *from, const struct occupant *to,
               const char **why)
{
    /* Youths talk to staff in private, never to each other. */
    if (from->youth && to->youth) {
        *why = "Private messages between young people are not possible "
               "here; you can write to the staff.";
        return ERR_NOT_ALLOWED;
    }
    switch (from->room->cfg.allow_pm) {
    case PM_ANYONE:
        return 0;
    case PM_PARTICIPANTS:
        if (from->role >= ROLE_PARTICIPANT)
            return 0;
        break;
    case PM_MODERATORS:
        if (from->role == ROLE_MODERATOR)
            return 0;
        break;
    case PM_NONE:
        break;
    }
    *why = "Private messages are not allowed in this room.";
    return ERR_NOT_ALLOWED;
}

/* --- history ------------------------------------------------------------ */

void room_hist_add(struct room *r, const char *text, int64_t stamp,
                   const char *sid)
{
    size_t cap = (size_t)r->cfg.history_max, slot;

    if (cap == 0)
        return;
    while (r->hist_len >= cap) {
        /* Full (or history_max lowered): the oldest make room. */
        free(r->hist[r->hist_start].text);
        r->hist[r->hist_start].text = NULL;
        r->hist_start = (r->hist_start + 1) % ROOM_HISTORY_MAX;
        r->hist_len--;
    }
    slot = (r->hist_start + r->hist_len) % ROOM_HISTORY_MAX;
    r->hist[slot].text = xstrdup(text);
    r->hist[slot].stamp = stamp;
    str_lcpy(r->hist[slot].sid, sid ? sid : "", sizeof(r->hist[slot].sid));
    r->hist_len++;
}

size_t room_hist_count(const struct room *r)
{
    return r->hist_len;
}

const struct hist_entry *room_hist_get(const struct room *r, size_t i)
{
    return &r->hist[(r->hist_start + i) % ROOM_HISTORY_MAX];
}

void room_hist_clear(struct room *r)
{
    for (size_t i = 0; i < r->hist_len; i++)
        free(r->hist[(r->hist_start + i) % ROOM_HISTORY_MAX].text);
    r->hist_start = r->hist_len = 0;
}

int room_hist_remove(struct room *r, const char *sid)
{
    for (size_t i = 0; i < r->hist_len; i++) {
        size_t at = (r->hist_start + i) % ROOM_HISTORY_MAX;

        if (strcmp(r->hist[at].sid, sid) != 0)
            continue;
        free(r->hist[at].text);
        /* Close the gap: the later entries move one place back. */
        for (size_t j = i; j + 1 < r->hist_len; j++) {
            size_t a = (r->hist_start + j) % ROOM_HISTORY_MAX;
            size_t b = (r->hist_start + j + 1) % ROOM_HISTORY_MAX;

            r->hist[a] = r->hist[b];
        }
        r->hist_len--;
        r->hist[(r->hist_start + r->hist_len) % ROOM_HISTORY_MAX].text = NULL;
        return 1;
    }
    return 0;
}

/* --- the queue ------------------------------------------------------------ */

static void held_free(struct held *h)
{
    free(h->nick);
    free(h->full);
    free(h->key);
    free(h->oid);
    free(h->body);
    free(h->msgid);
}

/* Appends a held message to r's queue (not full). */
static struct held *held_add(struct room *r, unsigned id, const char *nick,
                             const char *full, const char *key,
                             const char *oid, const char *body,
                             const char *msgid, int64_t at)
{
    struct held *h;

    if (r->queue == NULL)
        r->queue = xcalloc(ROOM_QUEUE_MAX, sizeof(*r->queue));
    h = &r->queue[r->nqueue++];
    h->id = id;
    h->nick = xstrdup(nick);
    h->full = full ? xstrdup(full) : NULL;
    h->key = xstrdup(key);
    h->oid = xstrdup(oid);
    h->body = xstrdup(body);
    h->msgid = msgid ? xstrdup(msgid) : NULL;
    h->at = at;
    return h;
}

static int store_one_held(struct rooms *rs, const struct room *r,
                          const struct held *h)
{
    struct store_held sh = {
        .room_id = r->id, .id = h->id, .nick = h->nick, .oid = h->oid,
        .asker_key = h->key, .body = h->body, .msgid = h->msgid,
        .at = h->at};

    return store_held_put(rs->st, &sh);
}

unsigned room_hold(struct rooms *rs, struct room *r, const char *nick,
                   const char *full, const char *key, const char *oid,
                   const char *body, const char *msgid, int64_t at)
{
    struct held *h;

    if (r->nqueue >= ROOM_QUEUE_MAX)
        return 0;
    /* Numbers stay small for typing, and never 0; one still waiting is
     * not reused. */
    do {
        if (++r->next_held > 9999)
            r->next_held = 1;
    } while (room_held(r, r->next_held) != NULL);
    h = held_add(r, r->next_held, nick, full, key, oid, body, msgid, at);
    if (r->persistent && store_one_held(rs, r, h) != 0) {
        /* Never say a question waits that a restart would lose. */
        log_error("store: question #%u in %s could not be stored; it is "
                  "not held", h->id, r->name);
        held_free(h);
        r->nqueue--;
        return ROOM_HOLD_UNSTORED;
    }
    return h->id;
}

struct held *room_held(struct room *r, unsigned id)
{
    for (size_t i = 0; i < r->nqueue; i++)
        if (r->queue[i].id == id)
            return &r->queue[i];
    return NULL;
}

void room_unhold(struct rooms *rs, struct room *r, unsigned id)
{
    for (size_t i = 0; i < r->nqueue; i++) {
        struct held *h = &r->queue[i];

        if (h->id != id)
            continue;
        if (r->persistent)
            store_held_del(rs->st, r->id, id);
        held_free(h);
        memmove(h, h + 1, (r->nqueue - i - 1) * sizeof(*h));
        r->nqueue--;
        return;
    }
}

void room_unhold_all(struct rooms *rs, struct room *r)
{
    if (r->nqueue > 0 && r->persistent)
        store_held_del(rs->st, r->id, 0);
    for (size_t i = 0; i < r->nqueue; i++)
        held_free(&r->queue[i]);
    r->nqueue = 0;
}

void room_held_claim(struct room *r, const char *key, const char *full)
{
    for (size_t i = 0; i < r->nqueue; i++) {
        struct held *h = &r->queue[i];

        if (h->full == NULL && strcmp(h->key, key) == 0)
            h->full = xstrdup(full);
    }
}
