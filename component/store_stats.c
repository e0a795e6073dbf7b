/*
 * store_stats.c - the store's statistics queries (schemas/0013): the
 * month's visitor keys, who took part in a session (keyed hashes) and
 * the answer delays; and reading a period back for the statistics
 * command.
 *
 * Writes: one per account's first entry in a session and one per
 * answered question, each a short transaction of its own. Reads: a
 * period is a month's sessions (a handful), so plain queries do.
 */
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "err.h"
#include "log.h"
#include "store.h"
#include "store_int.h"
#include "util.h"

int store_visitor_key(struct store *st,
                      const char *month,
                      unsigned char out[32])
{
    sqlite3_stmt *s;
    int rc;

    s = store_prep(st, "SELECT key FROM visitor_keys WHERE month = ?");
    if (s == NULL)
        return ERR_INTERNAL;
    sqlite3_bind_text(s, 1, month, -1, SQLITE_STATIC);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW && sqlite3_column_bytes(s, 0) == 32) {
        memcpy(out, sqlite3_column_blob(s, 0), 32);
        sqlite3_finalize(s);
        return 0;
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        log_error("store: read the visitor key of %s", month);
        return ERR_INTERNAL;
    }
    rand_bytes(out, 32);
    s = store_prep(st, "INSERT INTO visitor_keys (month, key) VALUES (?, ?)");
    if (s) {
        sqlite3_bind_text(s, 1, month, -1, SQLITE_STATIC);
        sqlite3_bind_blob(s, 2, out, 32, SQLITE_STATIC);
    }
    return store_run_done(st, s, "save a visitor key") ? ERR_INTERNAL : 0;
}

int store_visitor_keys_prune(struct store *st, const char *month)
{
    sqlite3_stmt *s;
    int n;

    s = store_prep(st, "DELETE FROM visitor_keys WHERE month <> ? AND month "
                       "NOT IN (SELECT month FROM sessions WHERE ended IS "
                       "NULL AND month IS NOT NULL)");
    if (s)
        sqlite3_bind_text(s, 1, month, -1, SQLITE_STATIC);
    if (store_run_done(st, s, "delete old visitor keys") != 0)
        return ERR_INTERNAL;
    if ((n = sqlite3_changes(store_db(st))) > 0)
        log_info("store: %d visitor key%s of a month that is over deleted", n,
                 n == 1 ? "" : "s");
    return 0;
}

int store_session_visitor(struct store *st,
                          int64_t session_id,
                          int staff,
                          const char *hash)
{
    sqlite3_stmt *s;

    /* Not OR IGNORE, which would skip a row its CHECKs refuse too. */
    s = store_prep(st, "INSERT INTO session_visitors (session_id, kind, "
                       "hash) VALUES (?, ?, ?) ON CONFLICT DO NOTHING");
    if (s) {
        sqlite3_bind_int64(s, 1, session_id);
        sqlite3_bind_text(s, 2, staff ? "staff" : "youth", -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 3, hash, -1, SQLITE_STATIC);
    }
    return store_run_done(st, s, "record a visitor") ? ERR_INTERNAL : 0;
}

int store_session_delay(struct store *st, int64_t session_id, int64_t seconds)
{
    sqlite3_stmt *s;

    s = store_prep(st, "INSERT INTO session_delays (session_id, seconds) "
                       "VALUES (?, ?)");
    if (s) {
        sqlite3_bind_int64(s, 1, session_id);
        sqlite3_bind_int64(s, 2, seconds);
    }
    return store_run_done(st, s, "record an answer delay") ? ERR_INTERNAL : 0;
}

/* The condition on sessions s of a query, binding ?1 to ?4 (bind_q()). */
#define Q_WHERE                                                                \
    " s.room_id = ?1 AND (CASE WHEN ?2 > 0 THEN s.id = ?2 ELSE "               \
    "s.started >= ?3 AND s.started < ?4 END) "

static void bind_q(sqlite3_stmt *s, const struct store_stats_q *q)
{
    sqlite3_bind_int64(s, 1, q->room_id);
    sqlite3_bind_int64(s, 2, q->session_id);
    sqlite3_bind_int64(s, 3, q->from);
    sqlite3_bind_int64(s, 4, q->to);
}

int store_stats_sessions(struct store *st,
                         const struct store_stats_q *q,
                         int (*fn)(const struct store_session *s, void *ud),
                         void *ud)
{
    sqlite3_stmt *s;
    int rc, ret = 0;

    s = store_prep(st, "SELECT " STORE_SESSION_COLS " WHERE" Q_WHERE
                       "ORDER BY s.started, s.id");
    if (s == NULL)
        return ERR_INTERNAL;
    bind_q(s, q);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct store_session e;

        store_session_row(s, &e);
        if ((ret = fn(&e, ud)) != 0)
            break;
    }
    if (ret == 0 && rc != SQLITE_DONE) {
        log_error("store: read sessions' statistics: %s",
                  sqlite3_errmsg(store_db(st)));
        ret = ERR_INTERNAL;
    }
    sqlite3_finalize(s);
    return ret;
}

int store_stats_distinct(struct store *st,
                         const struct store_stats_q *q,
                         int staff,
                         unsigned *n)
{
    sqlite3_stmt *s;
    int rc;

    /* Hashes of two months never match (each month has its own key), so
     * over a period that spans months this is the sum of each month's
     * distinct accounts. */
    *n = 0;
    s = store_prep(st, "SELECT count(DISTINCT v.hash) FROM session_visitors "
                       "v JOIN sessions s ON s.id = v.session_id WHERE v.kind "
                       "= ?5 AND" Q_WHERE);
    if (s == NULL)
        return ERR_INTERNAL;
    bind_q(s, q);
    sqlite3_bind_text(s, 5, staff ? "staff" : "youth", -1, SQLITE_STATIC);
    if ((rc = sqlite3_step(s)) == SQLITE_ROW)
        *n = (unsigned)sqlite3_column_int64(s, 0);
    else
        log_error("store: count visitors: %s", sqlite3_errmsg(store_db(st)));
    sqlite3_finalize(s);
    return rc == SQLITE_ROW ? 0 : ERR_INTERNAL;
}

int store_stats_delays(struct store *st,
                       const struct store_stats_q *q,
                       int64_t **v,
                       size_t *n)
{
    sqlite3_stmt *s;
    size_t cap = 0;
    int rc;

    *v = NULL;
    *n = 0;
    s = store_prep(st, "SELECT d.seconds FROM session_delays d JOIN sessions "
                       "s ON s.id = d.session_id WHERE" Q_WHERE
                       "ORDER BY d.seconds");
    if (s == NULL)
        return ERR_INTERNAL;
    bind_q(s, q);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? 2 * cap : 16;
            *v = xrealloc(*v, cap * sizeof(**v));
        }
        (*v)[(*n)++] = sqlite3_column_int64(s, 0);
    }
    if (rc != SQLITE_DONE)
        log_error("store: read answer delays: %s",
                  sqlite3_errmsg(store_db(st)));
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        free(*v);
        *v = NULL;
        *n = 0;
        return ERR_INTERNAL;
    }
    return 0;
}
