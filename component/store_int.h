/*
 * store_int.h - what the store's files share beyond store.h: the
 * database handle and store.c's statement helpers, for the queries that
 * live in a file of their own (store_stats.c). Nothing outside store*.c
 * includes it.
 */
#ifndef ECOPPER_STORE_INT_H
#define ECOPPER_STORE_INT_H

#include <sqlite3.h>

struct store;
struct store_session;

/* The columns store_session_row() reads, from sessions s joined with
 * rooms r: "SELECT " STORE_SESSION_COLS " WHERE ...". */
#define STORE_SESSION_COLS                                                     \
    "s.id, s.room_id, r.name, started, planned_end, ended, opened_by, "        \
    "closed_by, youths, peak, messages, held, peak_youths, asked, "            \
    "published, rejected, reports, kicks, bans, month FROM sessions s "        \
    "JOIN rooms r ON r.id = s.room_id"

/* The open database (owned by st). */
sqlite3 *store_db(struct store *st);
/* A prepared statement of sql (finalize it), or NULL, logged. */
sqlite3_stmt *store_prep(struct store *st, const char *sql);
/* Steps bound statement s (NULL: ERR_INTERNAL) that must end in
 * SQLITE_DONE and finalizes it: 0, ERR_ITEM_NOT_FOUND on a constraint,
 * else ERR_INTERNAL, logged with what. */
int store_run_done(struct store *st, sqlite3_stmt *s, const char *what);
/* The row s stands on (STORE_SESSION_COLS) into *e; its strings live
 * until s steps again. */
void store_session_row(sqlite3_stmt *s, struct store_session *e);

#endif
