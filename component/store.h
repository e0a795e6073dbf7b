/*
 * store.h - the SQLite store.
 *
 * One database file in WAL mode with foreign keys on and synchronous=FULL:
 * a change is on disk when its COMMIT returns, so a kill -9 at any moment
 * loses nothing committed. The schema is the numbered migrations of
 * schemas/, compiled in (store_migrations[]) and applied at open, each in
 * its own transaction; PRAGMA user_version holds the version. A database
 * newer than this binary is refused.
 *
 * Every call is a short local transaction run from the event loop; none
 * waits on the network. Strings returned are copies owned by the caller.
 */
#ifndef ECOPPER_STORE_H
#define ECOPPER_STORE_H

#include <stddef.h>
#include <stdint.h>

struct migration {
    int version;
    const char *name;
    const char *sql;
};
extern const struct migration store_migrations[];
extern const int store_n_migrations;

struct store;

/*
 * Opens (creating if needed) and migrates the database at path (":memory:"
 * works). Returns NULL with a message in err on failure, including a
 * database newer than the binary.
 */
struct store *store_open(const char *path, char *err, size_t errlen);
/* Closes; NULL is a no-op. */
void store_close(struct store *st);
/* The schema version the database is at. */
int store_version(struct store *st);

/*
 * Service key named name, len bytes: read from meta, or made from random
 * bytes and stored on first use. Returns 0 or ERR_INTERNAL.
 */
int store_key(struct store *st, const char *name, unsigned char *out,
              size_t len);

/* A room's row; strings are valid only during the callback. */
struct store_room {
    int64_t id;
    const char *name;
    const char *title;
    const char *description;
    int64_t created_at;
    const char *subject;
    const char *subject_by;
    int public, moderated, members_only, change_subject, queue;
    const char *password;
    long max_users, history_max;
    const char *whois;              /* none, moderators, anyone */
    const char *presence_broadcast; /* role names, space-separated */
    const char *allow_pm;           /* anyone, participants, ... */
    long archive_days;              /* -1: the service's archive_days */
};

/* Inserts a room. 0, ERR_CONFLICT when name exists, or ERR_INTERNAL. */
int store_room_add(struct store *st, const char *name, const char *title,
                   const char *description, int64_t now, const char *by,
                   int64_t *id_out);
/* Deletes room name. 0, ERR_ITEM_NOT_FOUND or ERR_INTERNAL. */
int store_room_del(struct store *st, const char *name);
/*
 * Calls fn for each room in name order; the row is only valid during the
 * call. Stops early and returns fn's value when it is non-zero.
 */
/* Stores the subject of room id. 0 or ERR_INTERNAL. */
int store_room_set_subject(struct store *st, int64_t id, const char *subject,
                           const char *by);
/* Stores every setting of sr (by sr->id). 0 or ERR_INTERNAL. */
int store_room_set_config(struct store *st, const struct store_room *sr);
int store_room_each(struct store *st,
                    int (*fn)(const struct store_room *r, void *ud), void *ud);

/* One affiliation row; strings valid only during the callback. */
struct store_affil {
    int64_t room_id;
    const char *jid_key;
    const char *jid; /* NULL for outcasts */
    const char *affiliation;
    const char *nick;
    const char *reason;
};

/* Inserts or replaces a row. 0 or ERR_INTERNAL. */
int store_affil_set(struct store *st, const struct store_affil *a);
/* Deletes the row of (room_id, jid_key); 0 also when there was none. */
int store_affil_del(struct store *st, int64_t room_id, const char *jid_key);
/* Calls fn for every row; stops at and returns fn's non-zero value. */
int store_affil_each(struct store *st,
                     int (*fn)(const struct store_affil *a, void *ud),
                     void *ud);

/*
 * One transaction around several writes (staff-import): store_begin, the
 * writes, then store_commit, or store_rollback on any failure. 0 or
 * ERR_INTERNAL (logged). Not nested.
 */
int store_begin(struct store *st);
int store_commit(struct store *st);
void store_rollback(struct store *st);

/* One staff row; strings valid only during the callback. */
struct store_staff {
    const char *jid;
    const char *name;
    const char *title;
    const char *organisation;
    const char *default_role;
    const void *photo; /* NULL when none */
    size_t photo_len;
    const char *photo_type;
    const char *added_by;
    int64_t added_at;
};

/* Inserts or updates the row of s->jid. 0, ERR_CONFLICT (name taken by
 * another member of staff) or ERR_INTERNAL. */
int store_staff_put(struct store *st, const struct store_staff *s);
/* Deletes; 0, ERR_ITEM_NOT_FOUND or ERR_INTERNAL. */
int store_staff_del(struct store *st, const char *jid);
int store_staff_each(struct store *st,
                     int (*fn)(const struct store_staff *s, void *ud),
                     void *ud);

/* One moderation action (strings may be NULL for empty). */
struct store_modlog {
    const char *room;
    int64_t at;
    const char *actor, *actor_oid;
    const char *action;
    const char *target, *target_oid;
    const char *reason;
};

/* Appends to the moderation log. 0 or ERR_INTERNAL. */
int store_modlog_add(struct store *st, const struct store_modlog *e);
/* For each room with entries of action: fn(room, time of the newest). */
int store_modlog_last(struct store *st, const char *action,
                      int (*fn)(const char *room, int64_t at, void *ud),
                      void *ud);
/* The newest `limit` entries of room (all rooms if NULL), newest first. */
int store_modlog_each(struct store *st, const char *room, int limit,
                      int (*fn)(const struct store_modlog *e, void *ud),
                      void *ud);

/* The entries of room at start..end (Unix seconds, inclusive), oldest
 * first; stops at fn's non-zero value. */
int store_modlog_range(struct store *st, const char *room, int64_t start,
                       int64_t end,
                       int (*fn)(const struct store_modlog *e, void *ud),
                       void *ud);

/*
 * Deletes the entries older than before (Unix seconds). Returns how many
 * were deleted, or ERR_INTERNAL (negative).
 */
int store_modlog_prune(struct store *st, int64_t before);

/* --- the room archive (schemas/0012_archive.sql) -------------------------- */

/* One archived message (strings valid during the callback only). */
struct store_archived {
    int64_t id; /* the row: the archive's order */
    const char *sid;
    int64_t at;
    const char *nick; /* NULL: the room itself */
    const char *xml;
};

/* What a page of the archive asks for: messages of room_id at start..end
 * (Unix seconds, inclusive), with rows after `after` (forward) or before
 * `before` (backward: the newest first), at most limit. */
struct store_archive_q {
    int64_t room_id;
    int64_t start, end;
    int64_t after, before;
    int backward;
    int limit;
};

/* Appends a message. 0 or ERR_INTERNAL. */
int store_archive_add(struct store *st, int64_t room_id, const char *sid,
                      int64_t at, const char *nick, const char *xml);
/* The row of stanza-id sid in room_id: > 0, 0 when there is none, or
 * ERR_INTERNAL (negative). */
int64_t store_archive_row(struct store *st, int64_t room_id, const char *sid);
/* Calls fn for each row of the page q, in the order asked; stops early
 * and returns fn's value when it is non-zero. */
int store_archive_page(struct store *st, const struct store_archive_q *q,
                       int (*fn)(const struct store_archived *a, void *ud),
                       void *ud);
/* How many rows of q's room and times there are (paging ignored), and
 * how many of them come before row `below` (0: not asked). */
int store_archive_count(struct store *st, const struct store_archive_q *q,
                        int64_t below, long *count, long *index);
/* Deletes the message sid (a retraction). 0, ERR_ITEM_NOT_FOUND or
 * ERR_INTERNAL. */
int store_archive_delete(struct store *st, int64_t room_id, const char *sid);
/* Deletes the messages older than before (of room_id, or all rooms when
 * 0). Returns how many, or ERR_INTERNAL (negative). */
int store_archive_prune(struct store *st, int64_t room_id, int64_t before);

/* --- opening hours (0007) ------------------------------------------------ */

/* What a scheduled room does at the edges of its sessions (0008). */
struct store_hours {
    const char *greeting; /* sent at opening; "" for the catalogue's */
    const char *subject;  /* set at opening; "" leaves the subject */
    int warn_min;         /* warning this long before closing; 0: none */
    int staff_before_min; /* staff may enter this long before opening */
    int staff_after_min;  /* and stay this long after closing */
};

/* One row of a room's schedule; strings valid only during the callback. */
struct store_opening {
    int64_t room_id;
    const char *room;  /* the room's name */
    int scheduled;     /* 0: no schedule, the room is always open */
    const char *kind;  /* "slot" or "exception"; NULL: the room has no lines */
    const char *line;  /* canonical text (schedule.h); NULL with kind */
    const struct store_hours *hours; /* the room's settings (0008) */
};


/*
 * Replaces the schedule of room room_id, in one transaction: the lines
 * slots[0..nslots) and exceptions[0..nexceptions) (canonical text, checked
 * by the caller) in that order, scheduled = 1 when there is any line,
 * else 0 (always open). by is the admin's bare JID. Returns 0,
 * ERR_ITEM_NOT_FOUND when there is no such room, or ERR_INTERNAL; on
 * failure nothing changed.
 */
int store_opening_set(struct store *st, int64_t room_id,
                      const char *const *slots, size_t nslots,
                      const char *const *exceptions, size_t nexceptions,
                      const struct store_hours *hours, int64_t now,
                      const char *by);
/*
 * Calls fn for each line of every room with a row in opening, by room then
 * in the stored order; a room with no lines gets one call with kind and
 * line NULL. Every call carries the room's settings in o->hours. Stops at and returns fn's non-zero value; ERR_INTERNAL on a
 * store error.
 */
int store_opening_each(struct store *st,
                       int (*fn)(const struct store_opening *o, void *ud),
                       void *ud);

/* --- overrides and sessions (0008) ------------------------------------- */

/* A room's "open now" / "close now" in force; until -1: no end. */
struct store_override {
    int64_t room_id;
    const char *room; /* its name, when read back */
    int open;       /* 1: open, 0: closed */
    int64_t until;  /* Unix seconds, or -1 */
};

/* Sets (replaces) room_id's override. 0, ERR_ITEM_NOT_FOUND, ERR_INTERNAL. */
int store_override_set(struct store *st, const struct store_override *o,
                       int64_t now, const char *by);
/* Removes room_id's override, if any. 0 or ERR_INTERNAL. */
int store_override_clear(struct store *st, int64_t room_id);
/* Calls fn for every stored override; stops at fn's non-zero value. */
int store_override_each(struct store *st,
                        int (*fn)(const struct store_override *o, void *ud),
                        void *ud);

/* A session's row; strings valid only during a callback. */
struct store_session {
    int64_t id, room_id;
    const char *room;    /* the room's name, when read back */
    int64_t started;
    int64_t planned_end; /* -1: not known */
    int64_t ended;       /* -1: running */
    const char *opened_by, *closed_by;
    unsigned youths, peak, messages, held;
    /* 0013: the statistics' counts (stats.h), and the month (YYYY-MM,
     * the service's zone) whose visitor key it uses; NULL: unknown. */
    unsigned peak_youths, asked, published, rejected, reports, kicks, bans;
    const char *month;
};

/* Inserts a running session (started, planned_end, opened_by and month
 * of s) and sets s->id. 0 or ERR_INTERNAL. */
int store_session_start(struct store *st, struct store_session *s);
/* Writes the counts and planned_end of s; with ended >= 0 also ended and
 * closed_by: the session is over. 0 or ERR_INTERNAL. */
int store_session_update(struct store *st, const struct store_session *s);
/*
 * Calls fn for sessions: with running only those not ended, oldest
 * first; else the newest limit ones (of room_id, or every room when
 * room_id is 0), newest first. Stops at fn's non-zero value;
 * ERR_INTERNAL on a store error.
 */
int store_session_each(struct store *st, int running, int64_t room_id,
                       int limit,
                       int (*fn)(const struct store_session *s, void *ud),
                       void *ud);
/* The end of room_id's last ended session into *ended (-1: none). */
int store_session_last_end(struct store *st, int64_t room_id, int64_t *ended);

/* --- the question queue (0009) ----------------------------------------- */

/* A question held for a moderator; strings valid only during a callback. */
struct store_held {
    int64_t room_id;
    const char *room;      /* its name, when read back */
    unsigned id;
    const char *nick, *oid;
    const char *asker_key; /* keyed hash of the asker's bare JID */
    const char *body;
    const char *msgid;     /* may be NULL */
    int64_t at;
};

/* Stores (replaces) held question h->id of h->room_id. 0 or an ERR_. */
int store_held_put(struct store *st, const struct store_held *h);
/* Removes held question id of room_id; id 0: all of them. 0 or an ERR_. */
int store_held_del(struct store *st, int64_t room_id, unsigned id);
/* Calls fn for every held question, oldest first; stops at fn's non-zero
 * value; ERR_INTERNAL on a store error. */
int store_held_each(struct store *st,
                    int (*fn)(const struct store_held *h, void *ud),
                    void *ud);

/* The slower door after a ban (schemas/0011_ban_door.sql): keys of
 * accounts that may come back at once until `until`. store_door_set()
 * replaces a room's rows with keys (n of them, in one transaction);
 * store_door_add() adds one; store_door_each() calls fn for each row
 * whose until is after now, and deletes the others. 0 or an ERR_. */
int store_door_set(struct store *st, int64_t room_id,
                   const char *const *keys, size_t n, int64_t until);
int store_door_add(struct store *st, int64_t room_id, const char *key,
                   int64_t until);
int store_door_each(struct store *st, int64_t now,
                    int (*fn)(int64_t room_id, const char *key,
                              int64_t until, void *ud),
                    void *ud);

/* --- statistics (0013; store_stats.c) ------------------------------------ */

/*
 * The visitor key of month ("YYYY-MM"), 32 bytes into out: read, or made
 * from random bytes and stored on first use. 0 or ERR_INTERNAL.
 */
int store_visitor_key(struct store *st, const char *month,
                      unsigned char out[32]);
/*
 * Deletes every visitor key but month's and those of the months of
 * sessions still running: a month that is over loses its key. 0 or
 * ERR_INTERNAL.
 */
int store_visitor_keys_prune(struct store *st, const char *month);
/* Records hash (32 hex digits) as a youth (staff 0) or a member of staff
 * (staff 1) of session_id; again is a no-op. 0 or ERR_INTERNAL. */
int store_session_visitor(struct store *st, int64_t session_id, int staff,
                          const char *hash);
/* Records an answer delay of seconds in session_id. 0 or ERR_INTERNAL. */
int store_session_delay(struct store *st, int64_t session_id,
                        int64_t seconds);

/* What statistics read: the sessions of room_id, all those that started
 * in [from, to), or (session_id set) that one alone. */
struct store_stats_q {
    int64_t room_id;
    int64_t session_id; /* 0: every session of the period */
    int64_t from, to;   /* Unix seconds; ignored with session_id */
};

/* Calls fn for each session q names, oldest first; stops at fn's
 * non-zero value; ERR_INTERNAL on a store error. */
int store_stats_sessions(struct store *st, const struct store_stats_q *q,
                         int (*fn)(const struct store_session *s, void *ud),
                         void *ud);
/* The distinct youths (staff 0) or members of staff (staff 1) of the
 * sessions q names, into *n. 0 or ERR_INTERNAL. */
int store_stats_distinct(struct store *st, const struct store_stats_q *q,
                         int staff, unsigned *n);
/* The answer delays of the sessions q names, ascending, into a new array
 * *v (free(); NULL when *n is 0) of *n. 0 or ERR_INTERNAL (*v NULL). */
int store_stats_delays(struct store *st, const struct store_stats_q *q,
                       int64_t **v, size_t *n);

#endif
