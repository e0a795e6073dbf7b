/*
 * room.h - the rooms of the service: registry, settings and occupants.
 *
 * A room lives in memory (for lookups on every stanza) and in the store
 * (so it survives restarts). Changes go to the store first and reach
 * memory only when the store has committed: check, then act. Occupants
 * live only in memory: a real JID is never written anywhere.
 *
 * No XML here, with one exception kept opaque: an occupant's presence
 * payload (show, status, caps) is held as serialized text that the MUC
 * layer built and alone reads.
 *
 * Lookups of occupants by nick and by real full JID are O(1).
 */
#ifndef ECOPPER_ROOM_H
#define ECOPPER_ROOM_H

#include <stddef.h>
#include <stdint.h>

#include "stats.h"

struct lang_reason;

struct store;
struct hmap;

#define ROOM_NAME_MAX 64
#define ROOM_TITLE_MAX 200
#define ROOM_DESC_MAX 2000
#define ROOM_SUBJECT_MAX 500
#define NICK_MAX 48          /* code points */
#define ROOM_USERS_MAX 100000 /* the bound on max_users */
#define ROOM_HISTORY_MAX 100 /* the bound on history_max */

enum role { ROLE_NONE, ROLE_VISITOR, ROLE_PARTICIPANT, ROLE_MODERATOR };
enum affil { AFF_OUTCAST, AFF_NONE, AFF_MEMBER, AFF_ADMIN, AFF_OWNER };
enum whois { WHOIS_NONE, WHOIS_MODERATORS, WHOIS_ANYONE };
enum allow_pm { PM_ANYONE, PM_PARTICIPANTS, PM_MODERATORS, PM_NONE };

const char *role_name(enum role r);
const char *affil_name(enum affil a);
/* -1 when s names no role / affiliation. */
int role_parse(const char *s);
int affil_parse(const char *s);

struct room_config {
    char *title;
    char *description;
    int public;
    int moderated;
    int members_only;
    char *password; /* "" for none */
    long max_users;
    enum whois whois;
    unsigned broadcast; /* bit (1 << role) set: that role's presence is
                           broadcast to all; moderators get everyone's */
    enum allow_pm allow_pm;
    int change_subject;
    long history_max;
    int queue; /* pre-moderation: youths' messages wait for a moderator */
    long archive_days; /* how long the archive keeps; -1: the service's */
};

/* A message held for a moderator (queue mode). */
struct held {
    unsigned id;     /* small number moderators type: "ok 3" */
    char *nick;      /* the sender's nick when sent */
    char *full;      /* the sender's session, to tell them the outcome;
                      * NULL after a restart until the sender is back */
    char *key;       /* keyed hash of the sender's bare JID (stored) */
    char *oid;       /* the sender's occupant-id */
    char *body;
    char *msgid;     /* the client's id, for its reflection */
    int64_t at;
};
#define ROOM_QUEUE_MAX 200

/*
 * What an occupant can make ecopper send to others, each limited by a
 * token bucket of its own (burst, then one per refill interval; the
 * table is in room.c): messages to the room and private messages;
 * presence changes (beyond it they are coalesced: the latest state goes
 * out when the bucket allows); nick changes, invitations and abuse
 * reports (refused with resource-constraint and when to try again).
 */
enum occ_limit {
    OCC_LIM_MESSAGE,
    OCC_LIM_PRESENCE,
    OCC_LIM_NICK,
    OCC_LIM_INVITE,
    OCC_LIM_REPORT,
    OCC_LIM_N
};

struct occ_bucket {
    uint32_t tokens; /* x1000 */
    uint64_t at;     /* clock_mono_ms() when tokens was computed; 0: full */
};

struct occupant {
    struct room *room;
    char *nick;
    char *bare;          /* real bare JID: memory only, never logged */
    char **sessions;     /* real full JIDs, nsessions of them */
    size_t nsessions;
    enum role role;
    enum affil affil;
    char occupant_id[48]; /* XEP-0421 */
    char *pres;          /* opaque presence payload text, or NULL */
    char *hat;           /* XEP-0317 hat title of verified staff, or NULL */
    int youth;           /* from one of the youth_domains */
    char lang[36];       /* xml:lang of its join presence, or "": the
                            language of what the room tells it */
    struct occ_bucket lim[OCC_LIM_N]; /* rate limits (occ_limit_take()) */
    int pres_pending;    /* a presence change waits for its broadcast */
    uint64_t report_hash; /* of its last abuse report, to fold repeats */
    int64_t voice_at;    /* clock_now() of its last voice request passed to
                            the moderators, or of a refusal; 0: never */
    int voice_pending;   /* that request awaits a moderator's answer */
    char *voice_ref;     /* the id its client gave that request, or NULL */
    uint64_t ghost_ping_at; /* clock_mono_ms() of the last ping of its
                               sessions after a nick conflict; 0: never */
    int apart;           /* entered a room already listing youth_list_max
                            youths: it and the other youths see nothing of
                            each other's presence (occ_sees_presence_of) */
};

/* Messages an occupant may send at once, and how fast that refills. */
#define RATE_BURST 5
#define RATE_REFILL_MS 3000 /* one message per 3 s on average */

struct hist_entry {
    char *text;     /* opaque serialized message, without `to` */
    int64_t stamp;
    char sid[33];   /* its XEP-0359 stanza-id */
};

/* A stored affiliation, keyed in room->affils by the account's jid_key. */
struct affil_entry {
    enum affil affil;
    char *jid;    /* bare JID; NULL for outcasts (never stored in clear) */
    char *nick;   /* reserved nick, or the nick that was banned */
    char *reason;
};

/* The session running in a room with opening hours (hours.c keeps it;
 * muc.c counts into it while id is set). */
struct room_session {
    int64_t id;          /* its row in sessions; 0: none running */
    int64_t started;
    int64_t planned_end; /* -1: not known */
    int64_t last_end;    /* when the last one ended; -1: never */
    int64_t flushed;     /* when the counts were last stored */
    int64_t seen;        /* the latest instant it was seen open */
    int warned;          /* the closing warning went out */
    unsigned youths, peak, messages, held; /* counts, as in the store */
    /* The statistics (issue 16, stats.h), as in the store too. */
    unsigned peak_youths, asked, published, rejected, reports, kicks, bans;
    char month[STATS_MONTH_LEN]; /* whose visitor key it uses, "": none */
    unsigned char vkey[32];      /* that key (hours.c) */
    struct stats_pending pending; /* published questions awaiting staff */
};

struct room {
    int64_t id;        /* its row in the store; 0 while not persistent */
    char *name;        /* local part of the room's JID */
    int persistent;    /* in the store; else gone when the last one leaves */
    int locked;        /* new, awaiting its owner's configuration (§10.1) */
    struct room_config cfg;
    char *subject;
    char *subject_by;  /* nick, or "" */
    int64_t created_at;
    struct hmap *by_nick;  /* nick -> occupant */
    struct hmap *by_jid;   /* full JID -> occupant */
    struct hist_entry *hist; /* ring of ROOM_HISTORY_MAX */
    size_t hist_start, hist_len;
    unsigned long msg_seq;
    struct hmap *affils;   /* jid_key -> struct affil_entry */
    int64_t ban_at;        /* clock_now() of the last ban here, or 0 */
    int64_t slow_join_at;  /* when a newcomer last entered while slowed */
    struct hmap *door;     /* keys of accounts that may come back at once
                            * while the slower door is shut (muc_presence.c,
                            * schemas/0011_ban_door.sql) */
    struct held *queue;    /* nqueue held messages, oldest first */
    size_t nqueue;
    unsigned next_held;
    struct room_session sess;
    struct hmap *invites;  /* invitee's bare JID -> inviter's nick, for
                            * declines (§7.8.2); at most ROOM_INVITES_MAX */
};

/* Invitations a room remembers for their declines. */
#define ROOM_INVITES_MAX 100

struct rooms;

/* Loads every room from st. Returns NULL on a store error. */
struct rooms *rooms_load(struct store *st);
void rooms_free(struct rooms *rs);
size_t rooms_count(const struct rooms *rs);
/* The room called name, or NULL. */
struct room *rooms_get(const struct rooms *rs, const char *name);
/*
 * Rooms in name order into a new array of n pointers (free() the array,
 * not the rooms). *n is set; NULL when there are none.
 */
struct room **rooms_sorted(const struct rooms *rs, size_t *n);
/* Calls fn for every occupant of every room, rooms by name; fn must not
 * add or remove occupants. */
void rooms_each_occupant(const struct rooms *rs,
                         void (*fn)(struct occupant *o, void *ud), void *ud);

/*
 * Folds ASCII upper case in name to lower case in place and checks it:
 * 1 to 64 of a-z 0-9 . - _, starting with a letter or digit. Returns 0
 * or ERR_BAD_REQUEST with the reason in *why (LANG_WHY_ROOM_NAME_*; why
 * may be NULL).
 */
int room_name_check(char *name, struct lang_reason *why);

/*
 * Creates a room, stored then registered. 0, ERR_BAD_REQUEST or
 * ERR_CONFLICT with the reason in *why (LANG_WHY_ROOM_*), or
 * ERR_INTERNAL (a reason only when the room's settings could not be
 * stored; none for a failed insert: the code says it). why may be NULL.
 */
int rooms_create(struct rooms *rs, const char *name, const char *title,
                 const char *description, int64_t now, const char *by,
                 struct lang_reason *why);
/*
 * General mode (§10.1): a new temporary, locked room named name (checked
 * by the caller), held in memory only. Returns it, owned by rs.
 */
struct room *rooms_create_temp(struct rooms *rs, const char *name,
                               int64_t now);
/* Stores a temporary room and its affiliations: 0 or ERR_*. */
int rooms_make_persistent(struct rooms *rs, struct room *r, const char *by);

/*
 * Destroys room name: 0, ERR_ITEM_NOT_FOUND or ERR_INTERNAL. The caller
 * tells the occupants first (they are freed with the room).
 */
int rooms_destroy(struct rooms *rs, const char *name);

struct store_room;
/*
 * The room's settings as a store row (strings point into r, bcast is the
 * buffer for the presence_broadcast text).
 */
void room_settings(const struct room *r, struct store_room *sr, char *bcast,
                   size_t bcastlen);
/* Stores then applies new settings (sr->id must be r's). 0 or ERR_*. */
int rooms_configure(struct rooms *rs, struct room *r,
                    const struct store_room *sr);
const char *whois_name(enum whois w);
int whois_parse(const char *s);
const char *allow_pm_name(enum allow_pm p);
int allow_pm_parse(const char *s);

/* The stored affiliation of the account with jid_key (AFF_NONE if none). */
enum affil room_affil(const struct room *r, const char *jid_key);
/*
 * The stored affiliation of an account other than jid_key's that holds
 * nick in r, or NULL when nick is free for jid_key (XEP-0045 §7.12). The
 * one rule for entering, changing nick and registering: a nick is held
 * by an owner, admin or member who reserved it, AND by a banned account
 * (the nick it was banned under) until the ban is lifted. Returns an
 * entry owned by r.
 */
const struct affil_entry *room_nick_holder(const struct room *r,
                                           const char *nick,
                                           const char *jid_key);
/*
 * Stores then applies an affiliation (AFF_NONE deletes it). jid is kept
 * only for owners, admins and members. 0 or ERR_INTERNAL.
 */
int rooms_set_affil(struct rooms *rs, struct room *r, const char *jid_key,
                    const char *jid, enum affil a, const char *nick,
                    const char *reason);

/* Stores and applies a new subject. 0 or ERR_INTERNAL. */
int room_set_subject(struct rooms *rs, struct room *r, const char *subject,
                     const char *by);

/* --- occupants ------------------------------------------------------- */

size_t room_occupants(const struct room *r);
struct occupant *room_by_nick(const struct room *r, const char *nick);
struct occupant *room_by_jid(const struct room *r, const char *full);
/* The occupant of r whose account is bare (its real bare JID), or NULL. */
struct occupant *room_by_bare(const struct room *r, const char *bare);

/*
 * Checks nick: 1 to NICK_MAX code points of valid UTF-8, no control
 * characters, not only white space. 0 or ERR_JID_MALFORMED (*why set).
 */
int nick_check(const char *nick, const char **why);

/*
 * Why full (bare JID bare, affiliation affil) may not enter r as nick with
 * password pw: 0, or an error code with *why set. XEP-0045 §7.2.
 */
int room_may_enter(const struct room *r, const char *bare, enum affil affil,
                   const char *nick, const char *pw, const char **why);
/* The role a newcomer with affiliation affil gets (§5.1.2). */
enum role room_default_role(const struct room *r, enum affil affil);

/*
 * Adds a new occupant with session full. The occupant id is computed by
 * the caller. Returns the occupant (owned by the room).
 */
struct occupant *room_add(struct room *r, const char *full, const char *bare,
                          const char *nick, enum role role, enum affil affil,
                          const char *occupant_id);
/* Adds session full to an occupant (same bare JID, another device). */
void room_add_session(struct occupant *o, const char *full);
/*
 * Removes session full. Returns 1 when that was the occupant's last
 * session: the occupant is then out of the maps but not freed; the caller
 * broadcasts and calls occupant_free().
 */
int room_del_session(struct occupant *o, const char *full);
void occupant_free(struct occupant *o);
/* Renames o to nick (checked by the caller; nick not in use). */
void room_rename(struct occupant *o, const char *nick);
/* Replaces o's opaque presence payload (text may be NULL). */
void occupant_set_pres(struct occupant *o, const char *text);

/*
 * Token bucket: 1 when o may send one more message at now_ms (and takes
 * a token), 0 when it is sending too fast. Moderators are not limited.
 */
int occ_take_token(struct occupant *o, uint64_t now_ms);
/*
 * The same for limit k (enum occ_limit): 1 and a token taken, or 0 with
 * *wait_ms (when not NULL) the time until the next token. Moderators are
 * limited only in presence changes. occ_limit_ready() only looks.
 */
int occ_limit_take(struct occupant *o, enum occ_limit k, uint64_t now_ms,
                   uint64_t *wait_ms);
int occ_limit_ready(struct occupant *o, enum occ_limit k, uint64_t now_ms);

/* 1 when o may send groupchat messages (§7.4, §8.3). */
int occ_can_speak(const struct occupant *o);
/*
 * 1 when o counts as a youth: its messages wait in a queue room, and it
 * may be apart (below). Staff, members and moderators are not.
 */
int occ_is_held(const struct occupant *o);
/*
 * 1 when `to` receives `from`'s presence broadcasts: the room's
 * presencebroadcast, moderators getting everyone's, and no presence
 * between two youths when either is apart.
 */
int occ_sees_presence_of(const struct occupant *to,
                         const struct occupant *from);
/* 1 when `to` may see the real JID of occupants (whois). */
int occ_sees_jids(const struct occupant *to);
/* 0 when from may send a private message to `to`, else an error code. */
int occ_may_pm(const struct occupant *from, const struct occupant *to,
               const char **why);

/* A public room's staff back room is named NAME-staff. */
#define ROOM_BACK_SUFFIX "-staff"
/* The room whose back room a room named name would be, or NULL. */
struct room *room_front_name(const char *name, struct rooms *rs);

/* Forgets every invitation r remembers (r->invites). */
void room_forget_invites(struct room *r);

/* --- the queue (pre-moderation) ----------------------------------------- */

/*
 * Holds a message from session full, whose account's keyed hash is key;
 * returns its number, or 0 when the queue is full. In a persistent room
 * it is stored too, so a restart does not lose it: when that fails (a
 * full disk) it is not held at all and the return is ROOM_HOLD_UNSTORED.
 */
#define ROOM_HOLD_UNSTORED 0xffffffffu
unsigned room_hold(struct rooms *rs, struct room *r, const char *nick,
                   const char *full, const char *key, const char *oid,
                   const char *body, const char *msgid, int64_t at);
/* The held message number id, or NULL. */
struct held *room_held(struct room *r, unsigned id);
/* Drops held message id (after approval or rejection), from the store
 * too. */
void room_unhold(struct rooms *rs, struct room *r, unsigned id);
/* Drops every held message of r, from the store too (in one delete). */
void room_unhold_all(struct rooms *rs, struct room *r);
/* Session full of the account with keyed hash key is in r: the messages
 * it left held before a restart are its own again (their outcome is told
 * to full). */
void room_held_claim(struct room *r, const char *key, const char *full);

/* --- history ------------------------------------------------------------ */

/* Appends a message (text copied) to the room's history ring. */
void room_hist_add(struct room *r, const char *text, int64_t stamp,
                   const char *sid);
/* Removes the entry with stanza-id sid; 1 when there was one. */
int room_hist_remove(struct room *r, const char *sid);
/* The i-th oldest entry of the last n (i < room_hist_count). */
size_t room_hist_count(const struct room *r);
const struct hist_entry *room_hist_get(const struct room *r, size_t i);
void room_hist_clear(struct room *r);

#endif
