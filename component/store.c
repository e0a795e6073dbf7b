/*
 * store.c - the SQLite store: open, migrate, and the queries.
 *
 * Statements are prepared per call and finalized before return; the rate
 * of writes is a few per admin action, never one per stanza, so caching
 * them would buy nothing. Every value is bound, never formatted into SQL.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <sqlite3.h>

#include "err.h"
#include "log.h"
#include "store.h"
#include "store_int.h"
#include "util.h"

struct store {
    sqlite3 *db;
};

static int exec(struct store *st, const char *sql)
{
    char *msg = NULL;

    if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        log_error("store: %s: %s", sql, msg ? msg : "?");
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

static int pragma_int(struct store *st, const char *sql, int *out)
{
    sqlite3_stmt *s;
    int rc;

    if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
        return -1;
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    return rc == SQLITE_ROW ? 0 : -1;
}

int store_version(struct store *st)
{
    int v = -1;

    pragma_int(st, "PRAGMA user_version", &v);
    return v;
}

static int migrate(struct store *st, char *err, size_t errlen)
{
    int have = store_version(st);
    int latest = store_n_migrations;

    if (have < 0) {
        snprintf(err, errlen, "cannot read the schema version: %s",
                 sqlite3_errmsg(st->db));
        return -1;
    }
    if (have > latest) {
        snprintf(err, errlen,
                 "the database is at schema version %d, newer than this "
                 "ecopper knows (%d): run a newer ecopper, or restore a "
                 "backup made for this one",
                 have, latest);
        return -1;
    }
    for (int i = 0; i < store_n_migrations; i++) {
        const struct migration *m = &store_migrations[i];
        char sql[64];

        if (m->version != i + 1) {
            snprintf(err, errlen, "internal: migration %s out of order",
                     m->name);
            return -1;
        }
        if (m->version <= have)
            continue;
        if (exec(st, "BEGIN IMMEDIATE") != 0)
            goto fail;
        /* user_version cannot be bound; the value is our own integer. */
        snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", m->version);
        if (exec(st, m->sql) != 0 || exec(st, sql) != 0) {
            exec(st, "ROLLBACK");
            goto fail;
        }
        if (exec(st, "COMMIT") != 0)
            goto fail;
        log_info("store: applied migration %s", m->name);
        continue;
    fail:
        snprintf(err, errlen, "migration %s failed: %s", m->name,
                 sqlite3_errmsg(st->db));
        return -1;
    }
    return 0;
}

/* 0 when path (when it exists) and its directory can be written; else
 * -1 with err saying which cannot. A read-only file system says so to
 * root too. */
static int writable(const char *path, char *err, size_t errlen)
{
    char *dir = xstrdup(path), *slash = strrchr(dir, '/');
    int rc = 0;

    if (slash == dir)
        slash[1] = '\0';
    else if (slash)
        *slash = '\0';
    else
        strcpy(dir, ".");
    /* A first run: the database's own directory is made (one level,
     * for ecopper's user only; /var/lib/ecopper by default). */
    if (access(dir, F_OK) != 0 && errno == ENOENT && mkdir(dir, 0750) == 0)
        log_info("store: made the directory %s", dir);
    if (access(dir, W_OK) != 0) {
        snprintf(err, errlen,
                 "%s: the database cannot be written: its directory %s: %s",
                 path, dir, strerror(errno));
        rc = -1;
    } else if (access(path, F_OK) == 0 && access(path, W_OK) != 0) {
        snprintf(err, errlen, "%s: the database cannot be written: %s", path,
                 strerror(errno));
        rc = -1;
    }
    free(dir);
    return rc;
}

struct store *store_open(const char *path, char *err, size_t errlen)
{
    struct store *st;
    int rc, fk = 0;

    /* A database ecopper cannot write would take every change and lose
     * it (a ban, a waiting question): refuse it now. */
    if (strcmp(path, ":memory:") != 0 && writable(path, err, errlen) != 0)
        return NULL;
    st = xcalloc(1, sizeof(*st));

    rc = sqlite3_open_v2(path, &st->db,
                         SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                             SQLITE_OPEN_NOMUTEX,
                         NULL);
    if (rc != SQLITE_OK) {
        snprintf(err, errlen, "%s: %s", path,
                 st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc));
        goto fail;
    }
    sqlite3_busy_timeout(st->db, 5000);
    /* WAL: readers never block the writer. FULL: each COMMIT is synced,
     * so nothing committed is lost to a crash or kill -9 (the volume of
     * writes is tiny, the cost of a sync per admin action is nothing).
     * secure_delete: what is deleted (pruned log entries, lifted bans)
     * is overwritten in the file, not left in free pages. */
    if (exec(st, "PRAGMA journal_mode = WAL") != 0 ||
        exec(st, "PRAGMA synchronous = FULL") != 0 ||
        exec(st, "PRAGMA secure_delete = ON") != 0 ||
        exec(st, "PRAGMA foreign_keys = ON") != 0 ||
        pragma_int(st, "PRAGMA foreign_keys", &fk) != 0 || fk != 1) {
        snprintf(err, errlen, "%s: cannot set up the database: %s", path,
                 sqlite3_errmsg(st->db));
        goto fail;
    }
    /* SQLite opens a file it cannot write read-only without a word; a
     * write lock tells what access() could not. */
    if (sqlite3_db_readonly(st->db, "main") == 1 ||
        exec(st, "BEGIN IMMEDIATE") != 0) {
        snprintf(err, errlen,
                 "%s: the database cannot be written (%s); ecopper needs "
                 "to write it and its directory",
                 path, sqlite3_db_readonly(st->db, "main") == 1
                           ? "it is read-only"
                           : sqlite3_errmsg(st->db));
        goto fail;
    }
    exec(st, "ROLLBACK");
    if (migrate(st, err, errlen) != 0)
        goto fail;
    return st;
fail:
    store_close(st);
    return NULL;
}

void store_close(struct store *st)
{
    if (st == NULL)
        return;
    if (st->db && sqlite3_close(st->db) != SQLITE_OK)
        log_warn("store: close: %s", sqlite3_errmsg(st->db));
    free(st);
}

static sqlite3_stmt *prep(struct store *st, const char *sql)
{
    sqlite3_stmt *s = NULL;

    if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK) {
        log_error("store: prepare %s: %s", sql, sqlite3_errmsg(st->db));
        return NULL;
    }
    return s;
}

int store_key(struct store *st, const char *name, unsigned char *out,
              size_t len)
{
    sqlite3_stmt *s;
    int rc;

    if ((s = prep(st, "SELECT value FROM meta WHERE key = ?")) == NULL)
        return ERR_INTERNAL;
    sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW && (size_t)sqlite3_column_bytes(s, 0) == len) {
        memcpy(out, sqlite3_column_blob(s, 0), len);
        sqlite3_finalize(s);
        return 0;
    }
    sqlite3_finalize(s);
    if (rc == SQLITE_ROW) {
        log_error("store: meta key %s has the wrong size", name);
        return ERR_INTERNAL;
    }
    rand_bytes(out, len);
    if ((s = prep(st, "INSERT INTO meta (key, value) VALUES (?, ?)")) == NULL)
        return ERR_INTERNAL;
    sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_blob(s, 2, out, (int)len, SQLITE_STATIC);
    rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        log_error("store: save key %s: %s", name, sqlite3_errmsg(st->db));
        return ERR_INTERNAL;
    }
    return 0;
}

int store_room_add(struct store *st, const char *name, const char *title,
                   const char *description, int64_t now, const char *by,
                   int64_t *id_out)
{
    sqlite3_stmt *s;
    int rc;

    s = prep(st, "INSERT INTO rooms (name, title, description, created_at, "
                 "created_by) VALUES (?, ?, ?, ?, ?)");
    if (s == NULL)
        return ERR_INTERNAL;
    sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, title ? title : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, description ? description : "", -1,
                      SQLITE_STATIC);
    sqlite3_bind_int64(s, 4, now);
    sqlite3_bind_text(s, 5, by, -1, SQLITE_STATIC);
    rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc == SQLITE_CONSTRAINT)
        return ERR_CONFLICT;
    if (rc != SQLITE_DONE) {
        log_error("store: add room: %s", sqlite3_errmsg(st->db));
        return ERR_INTERNAL;
    }
    if (id_out)
        *id_out = sqlite3_last_insert_rowid(st->db);
    return 0;
}

int store_room_del(struct store *st, const char *name)
{
    sqlite3_stmt *s;
    int rc;

    if ((s = prep(st, "DELETE FROM rooms WHERE name = ?")) == NULL)
        return ERR_INTERNAL;
    sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
    rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        log_error("store: delete room: %s", sqlite3_errmsg(st->db));
        return ERR_INTERNAL;
    }
    return sqlite3_changes(st->db) > 0 ? 0 : ERR_ITEM_NOT_FOUND;
}

/* Runs one bound UPDATE that must touch exactly one row. */
static int update_one(struct store *st, sqlite3_stmt *s, const char *what)
{
    int rc;

    if (s == NULL)
        return ERR_INTERNAL;
    rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        log_error("store: %s: %s", what, sqlite3_errmsg(st->db));
        return ERR_INTERNAL;
    }
    return sqlite3_changes(st->db) == 1 ? 0 : ERR_ITEM_NOT_FOUND;
}

int store_room_set_subject(struct store *st, int64_t id, const char *subject,
                           const char *by)
{
    sqlite3_stmt *s =
        prep(st, "UPDATE rooms SET subject = ?, subject_by = ? WHERE id = ?");

    if (s) {
        sqlite3_bind_text(s, 1, subject, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 2, by, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 3, id);
    }
    return update_one(st, s, "set subject");
}

int store_room_set_config(struct store *st, const struct store_room *r)
{
    sqlite3_stmt *s = prep(
        st, "UPDATE rooms SET title = ?, description = ?, public = ?, "
            "moderated = ?, members_only = ?, change_subject = ?, "
            "password = ?, max_users = ?, history_max = ?, whois = ?, "
            "presence_broadcast = ?, allow_pm = ?, queue = ?, "
            "archive_days = ? WHERE id = ?");

    if (s) {
        sqlite3_bind_text(s, 1, r->title, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 2, r->description, -1, SQLITE_STATIC);
        sqlite3_bind_int(s, 3, r->public);
        sqlite3_bind_int(s, 4, r->moderated);
        sqlite3_bind_int(s, 5, r->members_only);
        sqlite3_bind_int(s, 6, r->change_subject);
        sqlite3_bind_text(s, 7, r->password, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 8, r->max_users);
        sqlite3_bind_int64(s, 9, r->history_max);
        sqlite3_bind_text(s, 10, r->whois, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 11, r->presence_broadcast, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 12, r->allow_pm, -1, SQLITE_STATIC);
        sqlite3_bind_int(s, 13, r->queue);
        if (r->archive_days < 0)
            sqlite3_bind_null(s, 14);
        else
            sqlite3_bind_int64(s, 14, r->archive_days);
        sqlite3_bind_int64(s, 15, r->id);
    }
    return update_one(st, s, "set room config");
}

static const char *col_text(sqlite3_stmt *s, int i)
{
    const unsigned char *t = sqlite3_column_text(s, i);

    return t ? (const char *)t : "";
}

int store_room_each(struct store *st,
                    int (*fn)(const struct store_room *r, void *ud), void *ud)
{
    sqlite3_stmt *s;
    int rc, ret = 0;

    s = prep(st, "SELECT id, name, title, description, created_at, subject, "
                 "subject_by, public, moderated, members_only, "
                 "change_subject, password, max_users, history_max, whois, "
                 "presence_broadcast, allow_pm, queue, archive_days FROM rooms "
                 "ORDER BY name");
    if (s == NULL)
        return ERR_INTERNAL;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct store_room r = {
            .id = sqlite3_column_int64(s, 0),
            .name = col_text(s, 1),
            .title = col_text(s, 2),
            .description = col_text(s, 3),
            .created_at = sqlite3_column_int64(s, 4),
            .subject = col_text(s, 5),
            .subject_by = col_text(s, 6),
            .public = sqlite3_column_int(s, 7),
            .moderated = sqlite3_column_int(s, 8),
            .members_only = sqlite3_column_int(s, 9),
            .change_subject = sqlite3_column_int(s, 10),
            .password = col_text(s, 11),
            .max_users = (long)sqlite3_column_int64(s, 12),
            .history_max = (long)sqlite3_column_int64(s, 13),
            .whois = col_text(s, 14),
            .presence_broadcast = col_text(s, 15),
            .allow_pm = col_text(s, 16),
            .queue = sqlite3_column_int(s, 17),
            .archive_days = sqlite3_column_type(s, 18) == SQLITE_NULL
                                ? -1
                                : (long)sqlite3_column_int64(s, 18),
        };

        if ((ret = fn(&r, ud)) != 0)
            break;
    }
    if (ret == 0 && rc != SQLITE_DONE) {
        log_error("store: list rooms: %s", sqlite3_errmsg(st->db));
        ret = ERR_INTERNAL;
    }
    sqlite3_finalize(s);
    return ret;
}

int store_affil_set(struct store *st, const struct store_affil *a)
{
    sqlite3_stmt *s;
    int rc;

    s = prep(st, "INSERT OR REPLACE INTO affiliations (room_id, jid_key, "
                 "jid, affiliation, nick, reason) VALUES (?, ?, ?, ?, ?, ?)");
    if (s == NULL)
        return ERR_INTERNAL;
    sqlite3_bind_int64(s, 1, a->room_id);
    sqlite3_bind_text(s, 2, a->jid_key, -1, SQLITE_STATIC);
    if (a->jid)
        sqlite3_bind_text(s, 3, a->jid, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(s, 3);
    sqlite3_bind_text(s, 4, a->affiliation, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 5, a->nick ? a->nick : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 6, a->reason ? a->reason : "", -1, SQLITE_STATIC);
    rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        log_error("store: set affiliation: %s", sqlite3_errmsg(st->db));
        return ERR_INTERNAL;
    }
    return 0;
}

int store_affil_del(struct store *st, int64_t room_id, const char *jid_key)
{
    sqlite3_stmt *s;
    int rc;

    s = prep(st, "DELETE FROM affiliations WHERE room_id = ? AND jid_key = ?");
    if (s == NULL)
        return ERR_INTERNAL;
    sqlite3_bind_int64(s, 1, room_id);
    sqlite3_bind_text(s, 2, jid_key, -1, SQLITE_STATIC);
    rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        log_error("store: delete affiliation: %s", sqlite3_errmsg(st->db));
        return ERR_INTERNAL;
    }
    return 0;
}

int store_affil_each(struct store *st,
                     int (*fn)(const struct store_affil *a, void *ud),
                     void *ud)
{
    sqlite3_stmt *s;
    int rc, ret = 0;

    s = prep(st, "SELECT room_id, jid_key, jid, affiliation, nick, reason "
                 "FROM affiliations ORDER BY room_id, affiliation, jid_key");
    if (s == NULL)
        return ERR_INTERNAL;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct store_affil a = {
            .room_id = sqlite3_column_int64(s, 0),
            .jid_key = col_text(s, 1),
            .jid = sqlite3_column_type(s, 2) == SQLITE_NULL ? NULL
                                                            : col_text(s, 2),
            .affiliation = col_text(s, 3),
            .nick = col_text(s, 4),
            .reason = col_text(s, 5),
        };

        if ((ret = fn(&a, ud)) != 0)
            break;
    }
    if (ret == 0 && rc != SQLITE_DONE) {
        log_error("store: list affiliations: %s", sqlite3_errmsg(st->db));
        ret = ERR_INTERNAL;
    }
    sqlite3_finalize(s);
    return ret;
}

int store_begin(struct store *st)
{
    /* IMMEDIATE: take the write lock now, so that a running daemon and
     * an offline import never interleave their writes. */
    return exec(st, "BEGIN IMMEDIATE") == 0 ? 0 : ERR_INTERNAL;
}

int store_commit(struct store *st)
{
    if (exec(st, "COMMIT") == 0)
        return 0;
    exec(st, "ROLLBACK");
    return ERR_INTERNAL;
}

void store_rollback(struct store *st)
{
    exec(st, "ROLLBACK");
}

int store_staff_put(struct store *st, const struct store_staff *m)
{
    sqlite3_stmt *s;
    int rc;

    s = prep(st, "INSERT INTO staff (jid, name, title, organisation, "
                 "default_role, photo, photo_type, added_by, added_at) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(jid) DO "
                 "UPDATE SET name = excluded.name, title = excluded.title, "
                 "organisation = excluded.organisation, default_role = "
                 "excluded.default_role, photo = excluded.photo, "
                 "photo_type = excluded.photo_type");
    if (s == NULL)
        return ERR_INTERNAL;
    sqlite3_bind_text(s, 1, m->jid, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, m->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, m->title ? m->title : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 4, m->organisation ? m->organisation : "", -1,
                      SQLITE_STATIC);
    sqlite3_bind_text(s, 5, m->default_role, -1, SQLITE_STATIC);
    if (m->photo)
        sqlite3_bind_blob(s, 6, m->photo, (int)m->photo_len, SQLITE_STATIC);
    else
        sqlite3_bind_null(s, 6);
    sqlite3_bind_text(s, 7, m->photo_type ? m->photo_type : "", -1,
                      SQLITE_STATIC);
    sqlite3_bind_text(s, 8, m->added_by, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 9, m->added_at);
    rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc == SQLITE_CONSTRAINT)
        return ERR_CONFLICT;
    if (rc != SQLITE_DONE) {
        log_error("store: put staff: %s", sqlite3_errmsg(st->db));
        return ERR_INTERNAL;
    }
    return 0;
}

int store_staff_del(struct store *st, const char *jid)
{
    sqlite3_stmt *s;
    int rc;

    if ((s = prep(st, "DELETE FROM staff WHERE jid = ?")) == NULL)
        return ERR_INTERNAL;
    sqlite3_bind_text(s, 1, jid, -1, SQLITE_STATIC);
    rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        log_error("store: delete staff: %s", sqlite3_errmsg(st->db));
        return ERR_INTERNAL;
    }
    return sqlite3_changes(st->db) > 0 ? 0 : ERR_ITEM_NOT_FOUND;
}

int store_staff_each(struct store *st,
                     int (*fn)(const struct store_staff *s, void *ud),
                     void *ud)
{
    sqlite3_stmt *s;
    int rc, ret = 0;

    s = prep(st, "SELECT jid, name, title, organisation, default_role, "
                 "photo, photo_type, added_by, added_at FROM staff "
                 "ORDER BY name");
    if (s == NULL)
        return ERR_INTERNAL;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct store_staff m = {
            .jid = col_text(s, 0),
            .name = col_text(s, 1),
            .title = col_text(s, 2),
            .organisation = col_text(s, 3),
            .default_role = col_text(s, 4),
            .photo = sqlite3_column_blob(s, 5),
            .photo_len = (size_t)sqlite3_column_bytes(s, 5),
            .photo_type = col_text(s, 6),
            .added_by = col_text(s, 7),
            .added_at = sqlite3_column_int64(s, 8),
        };

        if ((ret = fn(&m, ud)) != 0)
            break;
    }
    if (ret == 0 && rc != SQLITE_DONE) {
        log_error("store: list staff: %s", sqlite3_errmsg(st->db));
        ret = ERR_INTERNAL;
    }
    sqlite3_finalize(s);
    return ret;
}

int store_modlog_add(struct store *st, const struct store_modlog *e)
{
    sqlite3_stmt *s;
    int rc;

    s = prep(st, "INSERT INTO moderation_log (room, at, actor, actor_oid, "
                 "action, target, target_oid, reason) VALUES "
                 "(?, ?, ?, ?, ?, ?, ?, ?)");
    if (s == NULL)
        return ERR_INTERNAL;
    sqlite3_bind_text(s, 1, e->room, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, e->at);
    sqlite3_bind_text(s, 3, e->actor ? e->actor : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 4, e->actor_oid ? e->actor_oid : "", -1,
                      SQLITE_STATIC);
    sqlite3_bind_text(s, 5, e->action, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 6, e->target ? e->target : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 7, e->target_oid ? e->target_oid : "", -1,
                      SQLITE_STATIC);
    sqlite3_bind_text(s, 8, e->reason ? e->reason : "", -1, SQLITE_STATIC);
    rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        log_error("store: moderation log: %s", sqlite3_errmsg(st->db));
        return ERR_INTERNAL;
    }
    return 0;
}

int store_modlog_last(struct store *st, const char *action,
                      int (*fn)(const char *room, int64_t at, void *ud),
                      void *ud)
{
    sqlite3_stmt *s;
    int rc, ret = 0;

    s = prep(st, "SELECT room, MAX(at) FROM moderation_log WHERE action = ? "
                 "GROUP BY room");
    if (s == NULL)
        return ERR_INTERNAL;
    sqlite3_bind_text(s, 1, action, -1, SQLITE_STATIC);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW)
        if ((ret = fn(col_text(s, 0), sqlite3_column_int64(s, 1), ud)) != 0)
            break;
    if (ret == 0 && rc != SQLITE_DONE) {
        log_error("store: read the moderation log: %s",
                  sqlite3_errmsg(st->db));
        ret = ERR_INTERNAL;
    }
    sqlite3_finalize(s);
    return ret;
}

int store_modlog_each(struct store *st, const char *room, int limit,
                      int (*fn)(const struct store_modlog *e, void *ud),
                      void *ud)
{
    sqlite3_stmt *s;
    int rc, ret = 0;

    s = prep(st, "SELECT room, at, actor, actor_oid, action, target, "
                 "target_oid, reason FROM moderation_log WHERE ?1 IS NULL "
                 "OR room = ?1 ORDER BY id DESC LIMIT ?2");
    if (s == NULL)
        return ERR_INTERNAL;
    if (room)
        sqlite3_bind_text(s, 1, room, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(s, 1);
    sqlite3_bind_int(s, 2, limit);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct store_modlog e = {
            .room = col_text(s, 0),
            .at = sqlite3_column_int64(s, 1),
            .actor = col_text(s, 2),
            .actor_oid = col_text(s, 3),
            .action = col_text(s, 4),
            .target = col_text(s, 5),
            .target_oid = col_text(s, 6),
            .reason = col_text(s, 7),
        };

        if ((ret = fn(&e, ud)) != 0)
            break;
    }
    if (ret == 0 && rc != SQLITE_DONE) {
        log_error("store: read moderation log: %s", sqlite3_errmsg(st->db));
        ret = ERR_INTERNAL;
    }
    sqlite3_finalize(s);
    return ret;
}

int store_modlog_range(struct store *st, const char *room, int64_t start,
                       int64_t end,
                       int (*fn)(const struct store_modlog *e, void *ud),
                       void *ud)
{
    sqlite3_stmt *s;
    int rc, ret = 0;

    s = prep(st, "SELECT room, at, actor, actor_oid, action, target, "
                 "target_oid, reason FROM moderation_log WHERE room = ? AND "
                 "at >= ? AND at <= ? ORDER BY id");
    if (s == NULL)
        return ERR_INTERNAL;
    sqlite3_bind_text(s, 1, room, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, start);
    sqlite3_bind_int64(s, 3, end);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct store_modlog e = {
            .room = col_text(s, 0),
            .at = sqlite3_column_int64(s, 1),
            .actor = col_text(s, 2),
            .actor_oid = col_text(s, 3),
            .action = col_text(s, 4),
            .target = col_text(s, 5),
            .target_oid = col_text(s, 6),
            .reason = col_text(s, 7),
        };

        if ((ret = fn(&e, ud)) != 0)
            break;
    }
    if (ret == 0 && rc != SQLITE_DONE) {
        log_error("store: read moderation log: %s", sqlite3_errmsg(st->db));
        ret = ERR_INTERNAL;
    }
    sqlite3_finalize(s);
    return ret;
}

int store_modlog_prune(struct store *st, int64_t before)
{
    sqlite3_stmt *s;
    int rc;

    /* A full scan of a table of a few thousand rows, once a day. */
    s = prep(st, "DELETE FROM moderation_log WHERE at < ?");
    if (s == NULL)
        return ERR_INTERNAL;
    sqlite3_bind_int64(s, 1, before);
    rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        log_error("store: prune moderation log: %s", sqlite3_errmsg(st->db));
        return ERR_INTERNAL;
    }
    return sqlite3_changes(st->db);
}

/* --- the room archive -------------------------------------------------------- */

int store_archive_add(struct store *st, int64_t room_id, const char *sid,
                      int64_t at, const char *nick, const char *xml)
{
    sqlite3_stmt *s;
    int rc;

    s = prep(st, "INSERT INTO archive (room_id, sid, at, nick, xml) VALUES "
                 "(?, ?, ?, ?, ?)");
    if (s == NULL)
        return ERR_INTERNAL;
    sqlite3_bind_int64(s, 1, room_id);
    sqlite3_bind_text(s, 2, sid, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 3, at);
    if (nick)
        sqlite3_bind_text(s, 4, nick, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(s, 4);
    sqlite3_bind_text(s, 5, xml, -1, SQLITE_STATIC);
    rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        log_error("store: archive: %s", sqlite3_errmsg(st->db));
        return ERR_INTERNAL;
    }
    return 0;
}

int64_t store_archive_row(struct store *st, int64_t room_id, const char *sid)
{
    sqlite3_stmt *s;
    int64_t id = 0;
    int rc;

    s = prep(st, "SELECT id FROM archive WHERE room_id = ? AND sid = ?");
    if (s == NULL)
        return ERR_INTERNAL;
    sqlite3_bind_int64(s, 1, room_id);
    sqlite3_bind_text(s, 2, sid, -1, SQLITE_STATIC);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        id = sqlite3_column_int64(s, 0);
    else if (rc != SQLITE_DONE)
        id = ERR_INTERNAL;
    sqlite3_finalize(s);
    return id;
}

int store_archive_page(struct store *st, const struct store_archive_q *q,
                       int (*fn)(const struct store_archived *a, void *ud),
                       void *ud)
{
    sqlite3_stmt *s;
    int rc, ret = 0;

    s = prep(st, q->backward
                     ? "SELECT id, sid, at, nick, xml FROM archive WHERE "
                       "room_id = ?1 AND at >= ?2 AND at <= ?3 AND id < ?4 "
                       "ORDER BY id DESC LIMIT ?5"
                     : "SELECT id, sid, at, nick, xml FROM archive WHERE "
                       "room_id = ?1 AND at >= ?2 AND at <= ?3 AND id > ?4 "
                       "ORDER BY id ASC LIMIT ?5");
    if (s == NULL)
        return ERR_INTERNAL;
    sqlite3_bind_int64(s, 1, q->room_id);
    sqlite3_bind_int64(s, 2, q->start);
    sqlite3_bind_int64(s, 3, q->end);
    sqlite3_bind_int64(s, 4, q->backward ? q->before : q->after);
    sqlite3_bind_int(s, 5, q->limit);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct store_archived a = {
            .id = sqlite3_column_int64(s, 0),
            .sid = col_text(s, 1),
            .at = sqlite3_column_int64(s, 2),
            .nick = sqlite3_column_type(s, 3) == SQLITE_NULL ? NULL
                                                             : col_text(s, 3),
            .xml = col_text(s, 4),
        };

        if ((ret = fn(&a, ud)) != 0)
            break;
    }
    if (ret == 0 && rc != SQLITE_DONE) {
        log_error("store: read the archive: %s", sqlite3_errmsg(st->db));
        ret = ERR_INTERNAL;
    }
    sqlite3_finalize(s);
    return ret;
}

int store_archive_count(struct store *st, const struct store_archive_q *q,
                        int64_t below, long *count, long *index)
{
    sqlite3_stmt *s;
    int rc;

    s = prep(st, "SELECT COUNT(*), COALESCE(SUM(id < ?4), 0) FROM archive "
                 "WHERE room_id = ?1 AND at >= ?2 AND at <= ?3");
    if (s == NULL)
        return ERR_INTERNAL;
    sqlite3_bind_int64(s, 1, q->room_id);
    sqlite3_bind_int64(s, 2, q->start);
    sqlite3_bind_int64(s, 3, q->end);
    sqlite3_bind_int64(s, 4, below);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        *count = (long)sqlite3_column_int64(s, 0);
        *index = (long)sqlite3_column_int64(s, 1);
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_ROW) {
        log_error("store: count the archive: %s", sqlite3_errmsg(st->db));
        return ERR_INTERNAL;
    }
    return 0;
}

int store_archive_delete(struct store *st, int64_t room_id, const char *sid)
{
    sqlite3_stmt *s;
    int rc;

    s = prep(st, "DELETE FROM archive WHERE room_id = ? AND sid = ?");
    if (s == NULL)
        return ERR_INTERNAL;
    sqlite3_bind_int64(s, 1, room_id);
    sqlite3_bind_text(s, 2, sid, -1, SQLITE_STATIC);
    rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        log_error("store: archive: delete: %s", sqlite3_errmsg(st->db));
        return ERR_INTERNAL;
    }
    return sqlite3_changes(st->db) ? 0 : ERR_ITEM_NOT_FOUND;
}

int store_archive_prune(struct store *st, int64_t room_id, int64_t before)
{
    sqlite3_stmt *s;
    int rc;

    s = prep(st, "DELETE FROM archive WHERE at < ?1 AND (?2 = 0 OR "
                 "room_id = ?2)");
    if (s == NULL)
        return ERR_INTERNAL;
    sqlite3_bind_int64(s, 1, before);
    sqlite3_bind_int64(s, 2, room_id);
    rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        log_error("store: prune the archive: %s", sqlite3_errmsg(st->db));
        return ERR_INTERNAL;
    }
    return sqlite3_changes(st->db);
}

/* --- opening hours ---------------------------------------------------------- */

/* Steps a bound statement that must end in SQLITE_DONE, finalizes it. */
static int run_done(struct store *st, sqlite3_stmt *s, const char *what)
{
    int rc;

    if (s == NULL)
        return ERR_INTERNAL;
    rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc == SQLITE_DONE)
        return 0;
    log_error("store: %s: %s", what, sqlite3_errmsg(st->db));
    return rc == SQLITE_CONSTRAINT ? ERR_ITEM_NOT_FOUND : ERR_INTERNAL;
}

static int add_opening_lines(struct store *st, int64_t room_id, int seq0,
                             const char *kind, const char *const *lines,
                             size_t n)
{
    for (size_t i = 0; i < n; i++) {
        sqlite3_stmt *s = prep(st, "INSERT INTO opening_lines (room_id, seq, "
                                   "kind, line) VALUES (?, ?, ?, ?)");
        int rc;

        if (s) {
            sqlite3_bind_int64(s, 1, room_id);
            sqlite3_bind_int(s, 2, seq0 + (int)i);
            sqlite3_bind_text(s, 3, kind, -1, SQLITE_STATIC);
            sqlite3_bind_text(s, 4, lines[i], -1, SQLITE_STATIC);
        }
        if ((rc = run_done(st, s, "add opening line")) != 0)
            return rc == ERR_ITEM_NOT_FOUND ? ERR_INTERNAL : rc;
    }
    return 0;
}

int store_opening_set(struct store *st, int64_t room_id,
                      const char *const *slots, size_t nslots,
                      const char *const *exceptions, size_t nexceptions,
                      const struct store_hours *h, int64_t now,
                      const char *by)
{
    sqlite3_stmt *s;
    int rc;

    /* seq is an int; real schedules have a few dozen lines. */
    if (nslots > 100000 || nexceptions > 100000)
        return ERR_INTERNAL;
    if (exec(st, "BEGIN IMMEDIATE") != 0)
        return ERR_INTERNAL;
    /* The room's row first: a room that is gone fails the foreign key. */
    s = prep(st, "INSERT INTO opening (room_id, scheduled, updated_at, "
                 "updated_by, greeting, subject, warn_min, staff_before_min, "
                 "staff_after_min) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON "
                 "CONFLICT(room_id) DO UPDATE SET scheduled = "
                 "excluded.scheduled, updated_at = excluded.updated_at, "
                 "updated_by = excluded.updated_by, greeting = "
                 "excluded.greeting, subject = excluded.subject, warn_min = "
                 "excluded.warn_min, staff_before_min = "
                 "excluded.staff_before_min, staff_after_min = "
                 "excluded.staff_after_min");
    if (s) {
        sqlite3_bind_int64(s, 1, room_id);
        sqlite3_bind_int(s, 2, nslots + nexceptions > 0);
        sqlite3_bind_int64(s, 3, now);
        sqlite3_bind_text(s, 4, by ? by : "", -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 5, h->greeting, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 6, h->subject, -1, SQLITE_STATIC);
        sqlite3_bind_int(s, 7, h->warn_min);
        sqlite3_bind_int(s, 8, h->staff_before_min);
        sqlite3_bind_int(s, 9, h->staff_after_min);
    }
    if ((rc = run_done(st, s, "set opening")) != 0)
        goto fail;
    s = prep(st, "DELETE FROM opening_lines WHERE room_id = ?");
    if (s)
        sqlite3_bind_int64(s, 1, room_id);
    if ((rc = run_done(st, s, "clear opening lines")) != 0 ||
        (rc = add_opening_lines(st, room_id, 0, "slot", slots, nslots)) !=
            0 ||
        (rc = add_opening_lines(st, room_id, (int)nslots, "exception",
                                exceptions, nexceptions)) != 0)
        goto fail;
    if (exec(st, "COMMIT") != 0) {
        rc = ERR_INTERNAL;
        goto fail;
    }
    return 0;
fail:
    exec(st, "ROLLBACK");
    return rc == ERR_ITEM_NOT_FOUND ? rc : ERR_INTERNAL;
}

int store_opening_each(struct store *st,
                       int (*fn)(const struct store_opening *o, void *ud),
                       void *ud)
{
    sqlite3_stmt *s;
    int rc, ret = 0;

    s = prep(st, "SELECT o.room_id, r.name, o.scheduled, l.kind, l.line, "
                 "o.greeting, o.subject, o.warn_min, o.staff_before_min, "
                 "o.staff_after_min FROM opening o JOIN rooms r ON r.id = "
                 "o.room_id LEFT JOIN opening_lines l ON l.room_id = "
                 "o.room_id ORDER BY o.room_id, l.seq");
    if (s == NULL)
        return ERR_INTERNAL;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int nolines = sqlite3_column_type(s, 3) == SQLITE_NULL;
        struct store_hours h = {
            .greeting = col_text(s, 5),
            .subject = col_text(s, 6),
            .warn_min = sqlite3_column_int(s, 7),
            .staff_before_min = sqlite3_column_int(s, 8),
            .staff_after_min = sqlite3_column_int(s, 9),
        };
        struct store_opening o = {
            .hours = &h,
            .room_id = sqlite3_column_int64(s, 0),
            .room = col_text(s, 1),
            .scheduled = sqlite3_column_int(s, 2),
            .kind = nolines ? NULL : col_text(s, 3),
            .line = nolines ? NULL : col_text(s, 4),
        };

        if ((ret = fn(&o, ud)) != 0)
            break;
    }
    if (ret == 0 && rc != SQLITE_DONE) {
        log_error("store: read opening hours: %s", sqlite3_errmsg(st->db));
        ret = ERR_INTERNAL;
    }
    sqlite3_finalize(s);
    return ret;
}

/* --- overrides and sessions ------------------------------------------------ */

/* Binds v at i, or NULL when v is negative (unknown). */
static void bind_opt(sqlite3_stmt *s, int i, int64_t v)
{
    if (v >= 0)
        sqlite3_bind_int64(s, i, v);
    else
        sqlite3_bind_null(s, i);
}

static int64_t col_opt(sqlite3_stmt *s, int i)
{
    return sqlite3_column_type(s, i) == SQLITE_NULL
               ? -1
               : sqlite3_column_int64(s, i);
}

int store_override_set(struct store *st, const struct store_override *o,
                       int64_t now, const char *by)
{
    sqlite3_stmt *s;

    s = prep(st, "INSERT OR REPLACE INTO opening_override (room_id, kind, "
                 "until, set_at, set_by) VALUES (?, ?, ?, ?, ?)");
    if (s) {
        sqlite3_bind_int64(s, 1, o->room_id);
        sqlite3_bind_text(s, 2, o->open ? "open" : "closed", -1,
                          SQLITE_STATIC);
        if (o->until >= 0)
            sqlite3_bind_int64(s, 3, o->until);
        else
            sqlite3_bind_null(s, 3);
        sqlite3_bind_int64(s, 4, now);
        sqlite3_bind_text(s, 5, by ? by : "", -1, SQLITE_STATIC);
    }
    return run_done(st, s, "set opening override");
}

int store_override_clear(struct store *st, int64_t room_id)
{
    sqlite3_stmt *s;
    int rc;

    s = prep(st, "DELETE FROM opening_override WHERE room_id = ?");
    if (s)
        sqlite3_bind_int64(s, 1, room_id);
    rc = run_done(st, s, "clear opening override");
    return rc ? ERR_INTERNAL : 0;
}

int store_override_each(struct store *st,
                        int (*fn)(const struct store_override *o, void *ud),
                        void *ud)
{
    sqlite3_stmt *s;
    int rc, ret = 0;

    s = prep(st, "SELECT o.room_id, r.name, o.kind, o.until FROM "
                 "opening_override o JOIN rooms r ON r.id = o.room_id");
    if (s == NULL)
        return ERR_INTERNAL;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct store_override o = {
            .room_id = sqlite3_column_int64(s, 0),
            .room = col_text(s, 1),
            .open = strcmp(col_text(s, 2), "open") == 0,
            .until = col_opt(s, 3),
        };

        if ((ret = fn(&o, ud)) != 0)
            break;
    }
    if (ret == 0 && rc != SQLITE_DONE) {
        log_error("store: read opening overrides: %s", sqlite3_errmsg(st->db));
        ret = ERR_INTERNAL;
    }
    sqlite3_finalize(s);
    return ret;
}

int store_session_start(struct store *st, struct store_session *ss)
{
    sqlite3_stmt *s;
    int rc;

    s = prep(st, "INSERT INTO sessions (room_id, started, planned_end, "
                 "opened_by, month) VALUES (?, ?, ?, ?, ?)");
    if (s) {
        sqlite3_bind_int64(s, 1, ss->room_id);
        sqlite3_bind_int64(s, 2, ss->started);
        bind_opt(s, 3, ss->planned_end);
        sqlite3_bind_text(s, 4, ss->opened_by, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 5, ss->month, -1, SQLITE_STATIC);
    }
    if ((rc = run_done(st, s, "start session")) != 0)
        return ERR_INTERNAL;
    ss->id = sqlite3_last_insert_rowid(st->db);
    return 0;
}

int store_session_update(struct store *st, const struct store_session *ss)
{
    sqlite3_stmt *s;

    s = prep(st, "UPDATE sessions SET planned_end = ?, ended = ?, "
                 "closed_by = ?, youths = ?, peak = ?, messages = ?, held = ?, "
                 "peak_youths = ?, asked = ?, published = ?, rejected = ?, "
                 "reports = ?, kicks = ?, bans = ? WHERE id = ?");
    if (s) {
        bind_opt(s, 1, ss->planned_end);
        bind_opt(s, 2, ss->ended);
        if (ss->ended >= 0 && ss->closed_by)
            sqlite3_bind_text(s, 3, ss->closed_by, -1, SQLITE_STATIC);
        else
            sqlite3_bind_null(s, 3);
        sqlite3_bind_int64(s, 4, ss->youths);
        sqlite3_bind_int64(s, 5, ss->peak);
        sqlite3_bind_int64(s, 6, ss->messages);
        sqlite3_bind_int64(s, 7, ss->held);
        sqlite3_bind_int64(s, 8, ss->peak_youths);
        sqlite3_bind_int64(s, 9, ss->asked);
        sqlite3_bind_int64(s, 10, ss->published);
        sqlite3_bind_int64(s, 11, ss->rejected);
        sqlite3_bind_int64(s, 12, ss->reports);
        sqlite3_bind_int64(s, 13, ss->kicks);
        sqlite3_bind_int64(s, 14, ss->bans);
        sqlite3_bind_int64(s, 15, ss->id);
    }
    return update_one(st, s, "update session");
}

void store_session_row(sqlite3_stmt *s, struct store_session *e)
{
    *e = (struct store_session){
        .id = sqlite3_column_int64(s, 0),
        .room_id = sqlite3_column_int64(s, 1),
        .room = col_text(s, 2),
        .started = sqlite3_column_int64(s, 3),
        .planned_end = col_opt(s, 4),
        .ended = col_opt(s, 5),
        .opened_by = col_text(s, 6),
        .closed_by = col_text(s, 7),
        .youths = (unsigned)sqlite3_column_int64(s, 8),
        .peak = (unsigned)sqlite3_column_int64(s, 9),
        .messages = (unsigned)sqlite3_column_int64(s, 10),
        .held = (unsigned)sqlite3_column_int64(s, 11),
        .peak_youths = (unsigned)sqlite3_column_int64(s, 12),
        .asked = (unsigned)sqlite3_column_int64(s, 13),
        .published = (unsigned)sqlite3_column_int64(s, 14),
        .rejected = (unsigned)sqlite3_column_int64(s, 15),
        .reports = (unsigned)sqlite3_column_int64(s, 16),
        .kicks = (unsigned)sqlite3_column_int64(s, 17),
        .bans = (unsigned)sqlite3_column_int64(s, 18),
        .month = sqlite3_column_type(s, 19) == SQLITE_NULL
                     ? NULL
                     : col_text(s, 19),
    };
}

int store_session_each(struct store *st, int running, int64_t room_id,
                       int limit,
                       int (*fn)(const struct store_session *s, void *ud),
                       void *ud)
{
    sqlite3_stmt *s;
    int rc, ret = 0;

    if (running)
        s = prep(st, "SELECT " STORE_SESSION_COLS " WHERE ended IS NULL "
                     "ORDER BY s.id");
    else
        s = prep(st, "SELECT " STORE_SESSION_COLS " WHERE ?1 = 0 OR "
                     "s.room_id = ?1 ORDER BY s.id DESC LIMIT ?2");
    if (s == NULL)
        return ERR_INTERNAL;
    if (!running) {
        sqlite3_bind_int64(s, 1, room_id);
        sqlite3_bind_int(s, 2, limit);
    }
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct store_session e;

        store_session_row(s, &e);
        if ((ret = fn(&e, ud)) != 0)
            break;
    }
    if (ret == 0 && rc != SQLITE_DONE) {
        log_error("store: read sessions: %s", sqlite3_errmsg(st->db));
        ret = ERR_INTERNAL;
    }
    sqlite3_finalize(s);
    return ret;
}

int store_session_last_end(struct store *st, int64_t room_id, int64_t *ended)
{
    sqlite3_stmt *s;
    int rc;

    *ended = -1;
    s = prep(st, "SELECT max(ended) FROM sessions WHERE room_id = ?");
    if (s == NULL)
        return ERR_INTERNAL;
    sqlite3_bind_int64(s, 1, room_id);
    if ((rc = sqlite3_step(s)) == SQLITE_ROW)
        *ended = col_opt(s, 0);
    sqlite3_finalize(s);
    return rc == SQLITE_ROW ? 0 : ERR_INTERNAL;
}

/* --- the question queue -------------------------------------------------- */

int store_held_put(struct store *st, const struct store_held *h)
{
    sqlite3_stmt *s;

    s = prep(st, "INSERT OR REPLACE INTO held (room_id, id, nick, "
                 "occupant_id, asker_key, body, msgid, at) VALUES "
                 "(?, ?, ?, ?, ?, ?, ?, ?)");
    if (s) {
        sqlite3_bind_int64(s, 1, h->room_id);
        sqlite3_bind_int64(s, 2, h->id);
        sqlite3_bind_text(s, 3, h->nick, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 4, h->oid, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 5, h->asker_key, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 6, h->body, -1, SQLITE_STATIC);
        if (h->msgid)
            sqlite3_bind_text(s, 7, h->msgid, -1, SQLITE_STATIC);
        else
            sqlite3_bind_null(s, 7);
        sqlite3_bind_int64(s, 8, h->at);
    }
    return run_done(st, s, "hold a question");
}

int store_held_del(struct store *st, int64_t room_id, unsigned id)
{
    sqlite3_stmt *s;
    int rc;

    s = prep(st, id ? "DELETE FROM held WHERE room_id = ? AND id = ?"
                    : "DELETE FROM held WHERE room_id = ?");
    if (s) {
        sqlite3_bind_int64(s, 1, room_id);
        if (id)
            sqlite3_bind_int64(s, 2, id);
    }
    rc = run_done(st, s, "drop a held question");
    return rc ? ERR_INTERNAL : 0;
}

int store_held_each(struct store *st,
                    int (*fn)(const struct store_held *h, void *ud),
                    void *ud)
{
    sqlite3_stmt *s;
    int rc, ret = 0;

    s = prep(st, "SELECT h.room_id, r.name, h.id, h.nick, h.occupant_id, "
                 "h.asker_key, h.body, h.msgid, h.at FROM held h JOIN rooms "
                 "r ON r.id = h.room_id ORDER BY h.at, h.rowid");
    if (s == NULL)
        return ERR_INTERNAL;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct store_held h = {
            .room_id = sqlite3_column_int64(s, 0),
            .room = col_text(s, 1),
            .id = (unsigned)sqlite3_column_int64(s, 2),
            .nick = col_text(s, 3),
            .oid = col_text(s, 4),
            .asker_key = col_text(s, 5),
            .body = col_text(s, 6),
            .msgid = sqlite3_column_type(s, 7) == SQLITE_NULL
                         ? NULL
                         : col_text(s, 7),
            .at = sqlite3_column_int64(s, 8),
        };

        if ((ret = fn(&h, ud)) != 0)
            break;
    }
    if (ret == 0 && rc != SQLITE_DONE) {
        log_error("store: read held questions: %s", sqlite3_errmsg(st->db));
        ret = ERR_INTERNAL;
    }
    sqlite3_finalize(s);
    return ret;
}

/* --- the slower door after a ban ----------------------------------------- */

int store_door_add(struct store *st, int64_t room_id, const char *key,
                   int64_t until)
{
    sqlite3_stmt *s = prep(st, "INSERT OR REPLACE INTO ban_door (room_id, "
                               "account_key, until) VALUES (?, ?, ?)");

    if (s) {
        sqlite3_bind_int64(s, 1, room_id);
        sqlite3_bind_text(s, 2, key, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 3, until);
    }
    return run_done(st, s, "remember who may come back");
}

int store_door_set(struct store *st, int64_t room_id,
                   const char *const *keys, size_t n, int64_t until)
{
    sqlite3_stmt *s;
    int rc;

    if (exec(st, "BEGIN") != 0)
        return ERR_INTERNAL;
    s = prep(st, "DELETE FROM ban_door WHERE room_id = ?");
    if (s)
        sqlite3_bind_int64(s, 1, room_id);
    rc = run_done(st, s, "forget who may come back");
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = store_door_add(st, room_id, keys[i], until);
    if (rc != 0 || exec(st, "COMMIT") != 0) {
        exec(st, "ROLLBACK");
        return ERR_INTERNAL;
    }
    return 0;
}

int store_door_each(struct store *st, int64_t now,
                    int (*fn)(int64_t room_id, const char *key,
                              int64_t until, void *ud),
                    void *ud)
{
    sqlite3_stmt *s;
    int rc, ret = 0;

    s = prep(st, "DELETE FROM ban_door WHERE until <= ?");
    if (s)
        sqlite3_bind_int64(s, 1, now);
    if (run_done(st, s, "forget a closed door") != 0)
        return ERR_INTERNAL;
    s = prep(st, "SELECT room_id, account_key, until FROM ban_door");
    if (s == NULL)
        return ERR_INTERNAL;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW)
        if ((ret = fn(sqlite3_column_int64(s, 0), col_text(s, 1),
                      sqlite3_column_int64(s, 2), ud)) != 0)
            break;
    if (ret == 0 && rc != SQLITE_DONE) {
        log_error("store: read the door: %s", sqlite3_errmsg(st->db));
        ret = ERR_INTERNAL;
    }
    sqlite3_finalize(s);
    return ret;
}

/* --- for the store's other files (store_int.h) ----------------------------- */

sqlite3 *store_db(struct store *st)
{
    return st->db;
}

sqlite3_stmt *store_prep(struct store *st, const char *sql)
{
    return prep(st, sql);
}

int store_run_done(struct store *st, sqlite3_stmt *s, const char *what)
{
    return run_done(st, s, what);
}
