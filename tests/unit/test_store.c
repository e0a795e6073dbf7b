/* test_store.c - migrations, the newer-database guard, rooms, keys, the
 * held questions. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "err.h"
#include "lang.h"
#include "room.h"
#include "store.h"

static int count_affils(const struct store_affil *a, void *ud)
{
    (void)a;
    (*(int *)ud)++;
    return 0;
}

static int count_log(const struct store_modlog *e, void *ud)
{
    (void)e;
    (*(int *)ud)++;
    return 0;
}

static int count_rooms(const struct store_room *r, void *ud)
{
    (void)r;
    (*(int *)ud)++;
    return 0;
}

int main(void)
{
    char err[512], path[64];
    unsigned char k1[32], k2[32];
    struct store *st;
    struct rooms *rs;
    struct lang_reason why;
    sqlite3 *db;
    int n = 0, fd;

    st = store_open(":memory:", err, sizeof(err));
    CHECK(st != NULL);
    CHECK(store_version(st) == store_n_migrations);
    CHECK(store_room_add(st, "kahvila", "Kahvila", "", 1, "a@b", NULL) == 0);
    CHECK(store_room_add(st, "kahvila", "Again", "", 2, "a@b", NULL) ==
          ERR_CONFLICT);
    CHECK(store_room_each(st, count_rooms, &n) == 0 && n == 1);
    {
        struct store_affil ban = {.room_id = 1, .jid_key = "k1",
                                  .jid = NULL, .affiliation = "outcast"};
        struct store_affil bad = {.room_id = 1, .jid_key = "k2",
                                  .jid = "kid@anon", .affiliation = "outcast"};
        int na = 0;

        CHECK(store_affil_set(st, &ban) == 0);
        /* The schema itself refuses an outcast stored with its JID. */
        CHECK(store_affil_set(st, &bad) == ERR_INTERNAL);
        CHECK(store_affil_each(st, count_affils, &na) == 0 && na == 1);
    }
    CHECK(store_room_del(st, "kahvila") == 0);
    CHECK(store_room_del(st, "kahvila") == ERR_ITEM_NOT_FOUND);
    {
        int na = 0; /* ON DELETE CASCADE: the room's rows went with it */

        CHECK(store_affil_each(st, count_affils, &na) == 0 && na == 0);
    }
    CHECK(store_key(st, "occupant-id", k1, sizeof(k1)) == 0);
    CHECK(store_key(st, "occupant-id", k2, sizeof(k2)) == 0);
    CHECK(memcmp(k1, k2, sizeof(k1)) == 0);
    {
        /* Retention: only entries strictly older than the cut go. */
        struct store_modlog e = {.room = "kahvila", .actor = "Mod",
                                 .action = "ban"};
        int nl = 0;

        e.at = 100;
        CHECK(store_modlog_add(st, &e) == 0);
        e.at = 200;
        CHECK(store_modlog_add(st, &e) == 0);
        e.at = 300;
        CHECK(store_modlog_add(st, &e) == 0);
        CHECK(store_modlog_prune(st, 200) == 1);
        CHECK(store_modlog_prune(st, 200) == 0);
        CHECK(store_modlog_each(st, NULL, 10, count_log, &nl) == 0 &&
              nl == 2);
    }
    store_close(st);

    /* A file database: rooms survive reopening, and the room model. */
    strcpy(path, "/tmp/ecopper-test-db-XXXXXX");
    fd = mkstemp(path);
    close(fd);
    st = store_open(path, err, sizeof(err));
    CHECK(st != NULL);
    rs = rooms_load(st);
    CHECK(rooms_create(rs, "Ask-Police", "Ask the police", "desc", 5,
                       "admin@x", &why) == 0);
    CHECK(rooms_get(rs, "ask-police") != NULL); /* case folded */
    CHECK(rooms_create(rs, "ask-police", NULL, NULL, 5, "admin@x", &why) ==
              ERR_CONFLICT &&
          why.key == LANG_WHY_ROOM_EXISTS);
    CHECK(rooms_create(rs, "bad name", NULL, NULL, 5, "admin@x", &why) ==
              ERR_BAD_REQUEST &&
          why.key == LANG_WHY_ROOM_NAME_CHARS);
    CHECK(rooms_create(rs, "a@b", NULL, NULL, 5, "admin@x", &why) ==
          ERR_BAD_REQUEST);
    CHECK(rooms_create(rs, "-x", NULL, NULL, 5, "admin@x", &why) ==
          ERR_BAD_REQUEST);
    CHECK(rooms_create(rs, NULL, NULL, NULL, 5, "admin@x", &why) ==
              ERR_BAD_REQUEST &&
          why.key == LANG_WHY_ROOM_NAME_NEEDED);
    CHECK(rooms_create(rs, "", NULL, NULL, 5, "admin@x", NULL) ==
          ERR_BAD_REQUEST);
    rooms_free(rs);
    store_close(st);
    st = store_open(path, err, sizeof(err));
    rs = rooms_load(st);
    CHECK(rooms_count(rs) == 1);
    {
        /* Held questions survive a reopen, without their session; the
         * account's next session claims them; a decided one is gone;
         * numbers go on after the last one. */
        struct room *r = rooms_get(rs, "ask-police");
        struct held *h;

        CHECK(room_hold(rs, r, "kid", "k@anon/1", "key1", "oid1", "why?",
                        "m1", 10) == 1);
        CHECK(room_hold(rs, r, "other", "o@anon/1", "key2", "oid2", "how?",
                        NULL, 11) == 2);
        CHECK(room_hold(rs, r, "kid", "k@anon/1", "key1", "oid1", "when?",
                        "m3", 12) == 3);
        room_unhold(rs, r, 2);
        rooms_free(rs);
        store_close(st);
        st = store_open(path, err, sizeof(err));
        rs = rooms_load(st);
        r = rooms_get(rs, "ask-police");
        CHECK(r != NULL && r->nqueue == 2);
        CHECK((h = room_held(r, 1)) != NULL && h->full == NULL &&
              strcmp(h->body, "why?") == 0 && strcmp(h->msgid, "m1") == 0 &&
              strcmp(h->nick, "kid") == 0 && strcmp(h->oid, "oid1") == 0);
        CHECK(room_held(r, 2) == NULL);
        room_held_claim(r, "key2", "o@anon/2");
        CHECK(room_held(r, 1)->full == NULL);
        room_held_claim(r, "key1", "k@anon/2");
        CHECK(strcmp(room_held(r, 1)->full, "k@anon/2") == 0 &&
              strcmp(room_held(r, 3)->full, "k@anon/2") == 0);
        CHECK(room_hold(rs, r, "kid", "k@anon/2", "key1", "oid1", "again",
                        NULL, 13) == 4);
        room_unhold(rs, r, 1);
        CHECK(r->nqueue == 2);
        room_unhold_all(rs, r); /* 3 and 4, as a closing session does */
        CHECK(r->nqueue == 0 && room_held(r, 3) == NULL);
        rooms_free(rs);
        store_close(st);
        st = store_open(path, err, sizeof(err));
        rs = rooms_load(st);
        CHECK(rooms_get(rs, "ask-police")->nqueue == 0);
    }
    CHECK(rooms_destroy(rs, "ask-police") == 0);
    CHECK(rooms_destroy(rs, "ask-police") == ERR_ITEM_NOT_FOUND);
    rooms_free(rs);
    store_close(st);

    /* Schema 15 cuts stored occupant-ids of 24 characters to the 16
     * they begin with, the id the room gives the account now (issue 17);
     * the rest of an archived message is kept as it was. */
    {
        static const char *const rows =
            "INSERT INTO held (room_id, id, nick, occupant_id, asker_key, "
            "body, at) VALUES (1, 1, 'kid', 'AbCdEfGhIjKlMnOp+/qrStUv', "
            "'k', 'q?', 5);"
            "INSERT INTO moderation_log (room, at, actor, actor_oid, action, "
            "target, target_oid) VALUES ('old', 5, 'Mod', "
            "'ZZZZyyyyXXXXwwww1234abcd', 'kick', 'kid', "
            "'AbCdEfGhIjKlMnOp+/qrStUv');"
            "INSERT INTO moderation_log (room, at, actor, action, target) "
            "VALUES ('old', 6, '(admin)', 'retract', "
            "'24ee7be71cae8dfaece5c3499150aada');"
            "INSERT INTO archive (room_id, sid, at, nick, xml) VALUES "
            "(1, '24ee7be71cae8dfaece5c3499150aada', 5, 'kid', ' from=\"o@m/"
            "kid\" type=\"groupchat\"><body>id=\"&quot;</body><stanza-id "
            "xmlns=\"urn:xmpp:sid:0\" id=\"24ee7be71cae8dfaece5c3499150aada"
            "\" by=\"o@m\"/><occupant-id xmlns=\"urn:xmpp:occupant-id:0\" "
            "id=\"AbCdEfGhIjKlMnOp+/qrStUv\"/></message>'),"
            "(1, 'x2', 6, NULL, ' from=\"o@m\" type=\"groupchat\"><body>"
            "hi</body></message>');"
            "PRAGMA user_version = 14;";
        static const char *const want =
            " from=\"o@m/kid\" type=\"groupchat\"><body>id=\"&quot;</body>"
            "<stanza-id xmlns=\"urn:xmpp:sid:0\" id=\""
            "24ee7be71cae8dfaece5c3499150aada\" by=\"o@m\"/><occupant-id "
            "xmlns=\"urn:xmpp:occupant-id:0\" id=\"AbCdEfGhIjKlMnOp\"/>"
            "</message>";
        sqlite3_stmt *q;

        unlink(path);
        st = store_open(path, err, sizeof(err));
        CHECK(st != NULL &&
              store_room_add(st, "old", "", "", 1, "a@b", NULL) == 0);
        store_close(st);
        sqlite3_open(path, &db);
        CHECK(sqlite3_exec(db, rows, NULL, NULL, NULL) == SQLITE_OK);
        sqlite3_close(db);
        st = store_open(path, err, sizeof(err));
        CHECK(st != NULL && store_version(st) == store_n_migrations);
        store_close(st);
        sqlite3_open(path, &db);
        sqlite3_prepare_v2(db,
                           "SELECT (SELECT occupant_id FROM held), "
                           "(SELECT actor_oid || ' ' || target_oid FROM "
                           "moderation_log WHERE at = 5), (SELECT target FROM "
                           "moderation_log WHERE at = 6), (SELECT xml FROM "
                           "archive WHERE sid LIKE '24%'), (SELECT xml FROM "
                           "archive WHERE sid = 'x2')",
                           -1, &q, NULL);
        CHECK(sqlite3_step(q) == SQLITE_ROW);
        CHECK_STR((const char *)sqlite3_column_text(q, 0), "AbCdEfGhIjKlMnOp");
        CHECK_STR((const char *)sqlite3_column_text(q, 1),
                  "ZZZZyyyyXXXXwwww AbCdEfGhIjKlMnOp");
        CHECK_STR((const char *)sqlite3_column_text(q, 2),
                  "24ee7be71cae8dfaece5c3499150aada");
        CHECK_STR((const char *)sqlite3_column_text(q, 3), want);
        CHECK_STR((const char *)sqlite3_column_text(q, 4),
                  " from=\"o@m\" type=\"groupchat\"><body>hi</body>"
                  "</message>");
        sqlite3_finalize(q);
        sqlite3_close(db);
    }

    /* A database from a newer ecopper is refused, not touched. */
    sqlite3_open(path, &db);
    sqlite3_exec(db, "PRAGMA user_version = 999", NULL, NULL, NULL);
    sqlite3_close(db);
    st = store_open(path, err, sizeof(err));
    CHECK(st == NULL && strstr(err, "newer") != NULL);
    store_close(st);
    unlink(path);
    return CHECK_DONE("test_store");
}
