/* test_room.c - the room model: history ring and removal, occupants,
 * role and PM rules. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "err.h"
#include "room.h"
#include "store.h"

int main(void)
{
    char err[256], text[32], sid[33];
    struct store *st = store_open(":memory:", err, sizeof(err));
    struct rooms *rs = rooms_load(st);
    const char *why;
    struct room *r;
    struct occupant *a, *b;
    int ok = 1;

    CHECK(rooms_create(rs, "ask", "Ask", "", 1, "admin@x", NULL) == 0);
    r = rooms_get(rs, "ask");
    /* 25 messages into a history of 20: the oldest 5 fall out. */
    for (int i = 0; i < 25; i++) {
        snprintf(text, sizeof(text), "m%d", i);
        snprintf(sid, sizeof(sid), "%032d", i);
        room_hist_add(r, text, i, sid);
    }
    CHECK(room_hist_count(r) == 20);
    CHECK(strcmp(room_hist_get(r, 0)->text, "m5") == 0);
    snprintf(sid, sizeof(sid), "%032d", 10);
    CHECK(room_hist_remove(r, sid) == 1);
    CHECK(room_hist_remove(r, sid) == 0);
    CHECK(room_hist_count(r) == 19);
    for (size_t i = 0, want = 5; i < room_hist_count(r); i++, want++) {
        if (want == 10)
            want++;
        snprintf(text, sizeof(text), "m%zu", want);
        if (strcmp(room_hist_get(r, i)->text, text) != 0)
            ok = 0;
    }
    CHECK(ok);
    /* Still a ring: adding goes on after a removal. */
    room_hist_add(r, "new", 99, "ffffffffffffffffffffffffffffffff");
    CHECK(room_hist_count(r) == 20);
    CHECK(strcmp(room_hist_get(r, 19)->text, "new") == 0);

    /* Taken nicks (room_nick_holder()): reserved by a member, and the
     * nick a banned account was banned under, until the ban is lifted;
     * never taken from the account that holds it. */
    CHECK(rooms_set_affil(rs, r, "key-m", "m@x", AFF_MEMBER, "helper",
                          "") == 0);
    CHECK(rooms_set_affil(rs, r, "key-b", NULL, AFF_OUTCAST, "troll",
                          "insults") == 0);
    CHECK(room_nick_holder(r, "helper", "key-other") != NULL);
    CHECK(room_nick_holder(r, "helper", "key-m") == NULL);
    CHECK(room_nick_holder(r, "troll", "key-other") != NULL &&
          room_nick_holder(r, "troll", "key-other")->affil == AFF_OUTCAST);
    CHECK(room_nick_holder(r, "Troll", "key-other") == NULL); /* exact */
    CHECK(room_nick_holder(r, "", "key-other") == NULL);
    CHECK(rooms_set_affil(rs, r, "key-b", NULL, AFF_NONE, NULL, NULL) == 0);
    CHECK(room_nick_holder(r, "troll", "key-other") == NULL);
    CHECK(rooms_set_affil(rs, r, "key-m", NULL, AFF_NONE, NULL, NULL) == 0);

    /* Occupants: lookups by nick and JID, sessions, rename. */
    a = room_add(r, "kid@anon/1", "kid@anon", "kid", ROLE_PARTICIPANT,
                 AFF_NONE, "id-a");
    b = room_add(r, "kid2@anon/1", "kid2@anon", "kid2", ROLE_PARTICIPANT,
                 AFF_NONE, "id-b");
    room_add_session(a, "kid@anon/2");
    CHECK(room_by_jid(r, "kid@anon/2") == a);
    CHECK(room_occupants(r) == 2);
    CHECK(room_may_enter(r, "other@x", AFF_NONE, "kid", NULL, &why) ==
          ERR_CONFLICT);
    CHECK(room_may_enter(r, "kid@anon", AFF_NONE, "kid", NULL, &why) == 0);
    CHECK(room_may_enter(r, "bad@x", AFF_OUTCAST, "zed", NULL, &why) ==
          ERR_FORBIDDEN);
    a->youth = b->youth = 1;
    CHECK(occ_may_pm(a, b, &why) == ERR_NOT_ALLOWED);
    b->youth = 0;
    CHECK(occ_may_pm(a, b, &why) == 0);
    room_rename(a, "kiddo");
    CHECK(room_by_nick(r, "kiddo") == a && room_by_nick(r, "kid") == NULL);
    CHECK(room_del_session(a, "kid@anon/1") == 0);
    CHECK(room_del_session(a, "kid@anon/2") == 1);
    occupant_free(a);
    CHECK(room_occupants(r) == 1);
    CHECK(room_default_role(r, AFF_ADMIN) == ROLE_MODERATOR);
    r->cfg.moderated = 1;
    CHECK(room_default_role(r, AFF_NONE) == ROLE_VISITOR);
    CHECK(room_default_role(r, AFF_MEMBER) == ROLE_PARTICIPANT);

    /* Rate limit: a burst of 5, then one per 3 s. */
    {
        struct occupant *c = room_add(r, "c@x/1", "c@x", "c", ROLE_PARTICIPANT,
                                      AFF_NONE, "id-c");
        int sent = 0;

        for (int i = 0; i < 10; i++)
            sent += occ_take_token(c, 1000);
        CHECK(sent == 5);
        CHECK(occ_take_token(c, 3999) == 0);
        CHECK(occ_take_token(c, 4000) == 1);
        CHECK(occ_take_token(c, 4000) == 0);
        /* A long pause refills to the burst, not beyond. */
        sent = 0;
        for (int i = 0; i < 10; i++)
            sent += occ_take_token(c, 1000000);
        CHECK(sent == 5);
        c->role = ROLE_MODERATOR;
        CHECK(occ_take_token(c, 1000000) == 1);
    }

    /* Each limit its own bucket: nick changes 3, then one per 30 s, with
     * the time to wait; moderators are limited in presence changes only. */
    {
        struct occupant *d = room_add(r, "d@x/1", "d@x", "d", ROLE_PARTICIPANT,
                                      AFF_NONE, "id-d");
        uint64_t wait = 0;

        CHECK(occ_limit_take(d, OCC_LIM_NICK, 5000, &wait) == 1);
        CHECK(occ_limit_take(d, OCC_LIM_NICK, 5000, &wait) == 1);
        CHECK(occ_limit_take(d, OCC_LIM_NICK, 5000, &wait) == 1);
        CHECK(occ_limit_take(d, OCC_LIM_NICK, 5000, &wait) == 0);
        CHECK(wait == 30000);
        CHECK(occ_limit_take(d, OCC_LIM_NICK, 20000, &wait) == 0);
        CHECK(wait == 15000);
        CHECK(occ_limit_ready(d, OCC_LIM_NICK, 35000) == 1);
        CHECK(occ_limit_take(d, OCC_LIM_NICK, 35000, &wait) == 1);
        CHECK(occ_limit_take(d, OCC_LIM_NICK, 35000, &wait) == 0);
        /* Messages were not touched. */
        CHECK(occ_take_token(d, 35000) == 1);
        d->role = ROLE_MODERATOR;
        for (int i = 0; i < 5; i++)
            CHECK(occ_limit_take(d, OCC_LIM_PRESENCE, 40000, NULL) == 1);
        CHECK(occ_limit_take(d, OCC_LIM_PRESENCE, 40000, NULL) == 0);
        CHECK(occ_limit_take(d, OCC_LIM_INVITE, 40000, NULL) == 1);
    }

    /* Presence: youths apart (past youth_list_max) and the other youths
     * see nothing of each other; staff and moderators are not hidden. */
    {
        struct occupant *y1 = room_add(r, "y1@anon/1", "y1@anon", "y1",
                                       ROLE_PARTICIPANT, AFF_NONE, "id-y1");
        struct occupant *y2 = room_add(r, "y2@anon/1", "y2@anon", "y2",
                                       ROLE_VISITOR, AFF_NONE, "id-y2");
        struct occupant *m = room_add(r, "m@x/1", "m@x", "m", ROLE_MODERATOR,
                                      AFF_ADMIN, "id-m");
        struct occupant *s = room_add(r, "s@x/1", "s@x", "s",
                                      ROLE_PARTICIPANT, AFF_MEMBER, "id-s");

        y1->youth = y2->youth = 1;
        r->cfg.broadcast = (1u << ROLE_MODERATOR) | (1u << ROLE_PARTICIPANT) |
                           (1u << ROLE_VISITOR);
        CHECK(occ_is_held(y1) && occ_is_held(y2));
        CHECK(!occ_is_held(m) && !occ_is_held(s));
        CHECK(occ_sees_presence_of(y1, y2) && occ_sees_presence_of(y2, y1));
        y2->apart = 1;
        CHECK(!occ_sees_presence_of(y1, y2) && !occ_sees_presence_of(y2, y1));
        CHECK(occ_sees_presence_of(y2, y2));
        CHECK(occ_sees_presence_of(m, y2) && occ_sees_presence_of(y2, m));
        CHECK(occ_sees_presence_of(s, y2) && occ_sees_presence_of(y2, s));
        /* Made a moderator, it is seen and sees as one. */
        y2->role = ROLE_MODERATOR;
        CHECK(occ_sees_presence_of(y1, y2) && occ_sees_presence_of(y2, y1));
        y2->role = ROLE_VISITOR;
        /* The room's own rule still holds for the rest. */
        r->cfg.broadcast = 1u << ROLE_MODERATOR;
        CHECK(!occ_sees_presence_of(y1, s) && occ_sees_presence_of(y1, m));
        CHECK(occ_sees_presence_of(m, y1));
    }

    rooms_free(rs);
    store_close(st);
    return CHECK_DONE("test_room");
}
