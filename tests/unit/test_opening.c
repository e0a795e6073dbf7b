/*
 * test_opening.c - rooms' opening hours: the store rows (0007), loading,
 * replacing and removing a schedule, the state at an instant (with its
 * cache, also when the clock moves back), and the texts for admins and
 * youths. Zone: Europe/Helsinki from Debian's tzdata.
 *
 * Instants were computed once on the shell, e.g.
 * `date -u -d 2026-12-14T14:00:00Z +%s`.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "err.h"
#include "lang.h"
#include "opening.h"
#include "schedule.h"
#include "store.h"
#include "tz.h"

static const struct store_hours H = {"", "", 10, 30, 30};

#define SAT_DEC_5_1000Z 1796464800  /* Saturday 2026-12-05 12:00 EET */
#define MON_DEC_7_1400Z 1796652000  /* Monday 2026-12-07 16:00 EET */
#define MON_DEC_14_1400Z 1797256800 /* Monday 2026-12-14 16:00 EET */
#define MON_DEC_14_1500Z 1797260400
#define MON_DEC_14_1600Z 1797264000
#define SAT_MAR_28_1200Z 1774699200 /* the day before spring forward */
#define SUN_MAR_29_0000Z 1774742400 /* 02:00 EET */
#define SUN_MAR_29_0200Z 1774749600 /* 05:00 EEST */

static char err[512];

static struct tz *helsinki(void)
{
    struct tz *z = tz_load("Europe/Helsinki", err, sizeof(err));

    if (z == NULL)
        fprintf(stderr, "Europe/Helsinki: %s\n", err);
    return z;
}

struct rows {
    int n, scheduled, nolines;
    char last[64];
};

static int count_row(const struct store_opening *o, void *ud)
{
    struct rows *r = ud;

    r->n++;
    r->scheduled = o->scheduled;
    r->nolines += o->kind == NULL;
    if (o->line)
        snprintf(r->last, sizeof(r->last), "%s:%s", o->kind, o->line);
    return 0;
}

static void test_store(void)
{
    struct store *st = store_open(":memory:", err, sizeof(err));
    const char *slots[] = {"mon 16:00-18:00", "fri 22:00-02:00"};
    const char *excs[] = {"2026-12-24 closed"};
    struct rows r = {0};

    CHECK(st != NULL);
    if (st == NULL)
        return;
    CHECK(store_room_add(st, "kahvila", "", "", 1, "a@b", NULL) == 0);
    CHECK(store_opening_set(st, 1, slots, 2, excs, 1, &H, 5, "a@b") == 0);
    CHECK(store_opening_each(st, count_row, &r) == 0);
    CHECK(r.n == 3 && r.scheduled == 1 && r.nolines == 0);
    CHECK_STR(r.last, "exception:2026-12-24 closed");
    /* Replacing drops the old lines; empty means "no schedule". */
    CHECK(store_opening_set(st, 1, NULL, 0, NULL, 0, &H, 6, "a@b") == 0);
    memset(&r, 0, sizeof(r));
    CHECK(store_opening_each(st, count_row, &r) == 0);
    CHECK(r.n == 1 && r.scheduled == 0 && r.nolines == 1);
    /* No such room: refused, and the transaction left nothing behind. */
    CHECK(store_opening_set(st, 99, slots, 1, NULL, 0, &H, 7, "a@b") ==
          ERR_ITEM_NOT_FOUND);
    memset(&r, 0, sizeof(r));
    CHECK(store_opening_each(st, count_row, &r) == 0 && r.n == 1);
    /* The rows go with their room. */
    CHECK(store_opening_set(st, 1, slots, 2, NULL, 0, &H, 8, "a@b") == 0);
    CHECK(store_room_del(st, "kahvila") == 0);
    memset(&r, 0, sizeof(r));
    CHECK(store_opening_each(st, count_row, &r) == 0 && r.n == 0);
    store_close(st);
}

static void test_model(void)
{
    struct store *st = store_open(":memory:", err, sizeof(err));
    struct sched_slot slot = {0, 16 * 60, 18 * 60}; /* mon 16:00-18:00 */
    struct sched_exception xmas = {2026, 12, 7, SCHED_CLOSED, 0, 0};
    struct sched s = {&slot, 1, &xmas, 1}, got;
    struct opening_state os;
    struct opening *op;
    char buf[OPENING_FMT_MAX];

    CHECK(st != NULL);
    if (st == NULL)
        return;
    CHECK(store_room_add(st, "kahvila", "", "", 1, "a@b", NULL) == 0);
    CHECK((op = opening_load(st, helsinki(), err, sizeof(err))) != NULL);
    if (op == NULL) {
        store_close(st);
        return;
    }
    /* No schedule: always open, as before opening hours existed. */
    CHECK(opening_state(op, "kahvila", SAT_DEC_5_1000Z, &os) == 0);
    CHECK(!os.scheduled && os.open && !os.has_next);
    CHECK(opening_get(op, "kahvila", &got) == 0 && got.nslots == 0);

    CHECK(opening_set(op, "kahvila", 1, &s, NULL, 10, "a@b") == 0);
    CHECK(opening_get(op, "kahvila", &got) == 1 && got.nslots == 1 &&
          got.nexceptions == 1 && got.slots[0].start == 16 * 60);
    /* Saturday: closed; Monday the 7th is cancelled, so the 14th. */
    CHECK(opening_state(op, "kahvila", SAT_DEC_5_1000Z, &os) == 0);
    CHECK(os.scheduled && !os.open && os.has_next &&
          os.next_open == MON_DEC_14_1400Z);
    CHECK(opening_state(op, "kahvila", MON_DEC_7_1400Z, &os) == 0 && !os.open &&
          os.next_open == MON_DEC_14_1400Z);
    /* Inside the session, then the clock back (a test's set-clock): the
     * cached answer must not leak across. */
    CHECK(opening_state(op, "kahvila", MON_DEC_14_1500Z, &os) == 0);
    CHECK(os.open && os.current_end == MON_DEC_14_1600Z && os.has_next &&
          os.next_open == MON_DEC_14_1400Z + 7 * 86400);
    CHECK(opening_state(op, "kahvila", MON_DEC_14_1400Z, &os) == 0 && os.open);
    CHECK(opening_state(op, "kahvila", SAT_DEC_5_1000Z, &os) == 0 && !os.open);
    CHECK(opening_state(op, "kahvila", MON_DEC_14_1600Z, &os) == 0 && !os.open);
    CHECK(opening_state(op, "other", MON_DEC_14_1600Z, &os) == 0 && os.open &&
          !os.scheduled);

    /* Texts: admins get English in the service's zone; XEP-0082 UTC. */
    opening_format_local(op, MON_DEC_14_1400Z, 1, buf, sizeof(buf));
    CHECK_STR(buf, "Monday 2026-12-14 16:00");
    opening_format_local(op, MON_DEC_14_1600Z, 0, buf, sizeof(buf));
    CHECK_STR(buf, "18:00");
    opening_format_utc(MON_DEC_14_1400Z, buf, sizeof(buf));
    CHECK_STR(buf, "2026-12-14T14:00:00Z");
    opening_format_utc(-1, buf, sizeof(buf));
    CHECK_STR(buf, "1969-12-31T23:59:59Z");
    {
        const char *d = getenv("ECOPPER_LANG_DIR");
        struct langs *l = lang_load(d ? d : "conf/lang", err, sizeof(err));
        char text[256];

        CHECK(l != NULL);
        if (l) {
            opening_state(op, "kahvila", SAT_DEC_5_1000Z, &os);
            CHECK(opening_closed_text(op, lang_pick(l, "fi", NULL), &os, text,
                                      sizeof(text)) == 0);
            /* The date and the time as each catalogue's locale writes
             * them (CLDR, as the youth page's browser does). */
            CHECK_STR(text, "Chat on nyt suljettu. Se aukeaa seuraavan "
                            "kerran maanantaina 14.12.2026 klo 16.00.");
            CHECK(opening_closed_text(op, lang_pick(l, "en", NULL), &os, text,
                                      sizeof(text)) == 0);
            CHECK_STR(text, "This chat is closed now. It opens next on "
                            "Monday 14/12/2026 at 16.00.");
            CHECK(opening_closed_text(op, lang_pick(l, "sv", NULL), &os, text,
                                      sizeof(text)) == 0);
            CHECK(strstr(text, "måndag 14.12.2026 kl. 16.00") != NULL);
            CHECK(opening_closed_text(op, lang_pick(l, "uk", NULL), &os, text,
                                      sizeof(text)) == 0);
            CHECK(strstr(text, "14.12.2026 о 16:00") != NULL);
            CHECK(opening_time_text(op, lang_pick(l, "fi", NULL),
                                    MON_DEC_14_1600Z, text,
                                    sizeof(text)) == 5);
            CHECK_STR(text, "18.00");
            opening_time_text(op, lang_pick(l, "uk", NULL), MON_DEC_14_1600Z,
                              text, sizeof(text));
            CHECK_STR(text, "18:00");
            os.has_next = 0;
            CHECK(opening_closed_text(op, lang_pick(l, "en", NULL), &os, text,
                                      sizeof(text)) == 0);
            CHECK_STR(text, "This chat is closed now.");
            lang_free(l);
        }
    }

    /* Refused changes change nothing. */
    {
        struct sched_slot bad = {0, 600, 600};
        struct sched b = {&bad, 1, NULL, 0};

        CHECK(opening_set(op, "kahvila", 1, &b, NULL, 11, "a@b") ==
              ERR_BAD_REQUEST);
        CHECK(opening_set(op, "gone", 42, &s, NULL, 11, "a@b") ==
              ERR_ITEM_NOT_FOUND);
        CHECK(opening_get(op, "gone", &got) == 0);
        CHECK(opening_get(op, "kahvila", &got) == 1 &&
              got.slots[0].start == 16 * 60);
    }

    /* What was stored comes back after a restart. */
    opening_free(op);
    CHECK((op = opening_load(st, helsinki(), err, sizeof(err))) != NULL);
    if (op == NULL) {
        store_close(st);
        return;
    }
    CHECK(opening_get(op, "kahvila", &got) == 1 && got.nslots == 1 &&
          got.nexceptions == 1 && got.exceptions[0].day == 7 &&
          got.exceptions[0].kind == SCHED_CLOSED);
    /* Empty: no schedule, always open, also after a restart. */
    CHECK(opening_set(op, "kahvila", 1, NULL, NULL, 12, "a@b") == 0);
    CHECK(opening_state(op, "kahvila", SAT_DEC_5_1000Z, &os) == 0 && os.open &&
          !os.scheduled);
    opening_free(op);
    CHECK((op = opening_load(st, helsinki(), err, sizeof(err))) != NULL);
    CHECK(op && opening_get(op, "kahvila", &got) == 0);
    /* A destroyed room is forgotten. */
    if (op) {
        CHECK(opening_set(op, "kahvila", 1, &s, NULL, 13, "a@b") == 0);
        opening_forget(op, "kahvila");
        opening_forget(op, "never-was");
        CHECK(opening_get(op, "kahvila", &got) == 0);
    }
    opening_free(op);
    opening_free(NULL);
    store_close(st);
}

/* A slot across the spring-forward night: 02:00-05:00 lasts 2 hours. */
static void test_dst(void)
{
    struct store *st = store_open(":memory:", err, sizeof(err));
    struct sched_slot sun = {6, 2 * 60, 5 * 60};
    struct sched s = {&sun, 1, NULL, 0};
    struct opening_state os;
    struct opening *op;

    CHECK(st && store_room_add(st, "yo", "", "", 1, "a@b", NULL) == 0);
    op = st ? opening_load(st, helsinki(), err, sizeof(err)) : NULL;
    CHECK(op != NULL);
    if (op) {
        CHECK(opening_set(op, "yo", 1, &s, NULL, 1, "a@b") == 0);
        CHECK(opening_state(op, "yo", SAT_MAR_28_1200Z, &os) == 0 && !os.open &&
              os.next_open == SUN_MAR_29_0000Z);
        CHECK(opening_state(op, "yo", SUN_MAR_29_0000Z, &os) == 0 && os.open &&
              os.current_end == SUN_MAR_29_0200Z);
    }
    opening_free(op);
    store_close(st);
}

/* A stored line the parser refuses stops the load, naming the room. */
static void test_corrupt_row(void)
{
    char path[] = "/tmp/ecopper-opening-XXXXXX";
    const char *slots[] = {"mon 16:00-18:00"};
    struct opening *op;
    struct store *st;
    sqlite3 *db;
    int fd = mkstemp(path);

    CHECK(fd >= 0);
    if (fd < 0)
        return;
    close(fd);
    st = store_open(path, err, sizeof(err));
    CHECK(st && store_room_add(st, "kahvila", "", "", 1, "a@b", NULL) == 0);
    CHECK(st && store_opening_set(st, 1, slots, 1, NULL, 0, &H, 1, "a@b") == 0);
    store_close(st);
    CHECK(sqlite3_open(path, &db) == SQLITE_OK);
    CHECK(sqlite3_exec(db, "UPDATE opening_lines SET line = 'mnd 16:00'", NULL,
                       NULL, NULL) == SQLITE_OK);
    sqlite3_close(db);
    st = store_open(path, err, sizeof(err));
    op = st ? opening_load(st, helsinki(), err, sizeof(err)) : NULL;
    CHECK(op == NULL && strstr(err, "room kahvila") &&
          strstr(err, "mnd 16:00"));
    opening_free(op);
    store_close(st);
    unlink(path);
    {
        char side[64];

        snprintf(side, sizeof(side), "%s-wal", path);
        unlink(side);
        snprintf(side, sizeof(side), "%s-shm", path);
        unlink(side);
    }
}

/*
 * Overrides (0008): close now in a session until its end, open now on a
 * closed day (running on into a scheduled session it reaches), extend,
 * a room without a schedule closed until opened again; settings; and all
 * of it read back by a new model, as after a restart.
 */
static void test_override(void)
{
    struct store *st = store_open(":memory:", err, sizeof(err));
    struct sched_slot slot = {0, 16 * 60, 18 * 60}; /* mon 16:00-18:00 */
    struct sched s = {&slot, 1, NULL, 0};
    struct store_hours h = {"Hei!", "Liikenne", 5, 45, 15}, got;
    struct opening_state os;
    struct opening *op;

    CHECK(st != NULL);
    if (st == NULL)
        return;
    CHECK(store_room_add(st, "kahvila", "", "", 1, "a@b", NULL) == 0);
    CHECK(store_room_add(st, "aina", "", "", 1, "a@b", NULL) == 0);
    CHECK((op = opening_load(st, helsinki(), err, sizeof(err))) != NULL);
    if (op == NULL) {
        store_close(st);
        return;
    }
    /* Settings: defaults without a schedule, bounds checked, stored. */
    opening_hours(op, "kahvila", &got);
    CHECK(got.warn_min == OPENING_WARN_MIN &&
          got.staff_before_min == OPENING_STAFF_MIN && got.greeting[0] == 0);
    h.warn_min = OPENING_WARN_MAX + 1;
    CHECK(opening_set(op, "kahvila", 1, &s, &h, 1, "a@b") == ERR_BAD_REQUEST);
    h.warn_min = 5;
    CHECK(opening_set(op, "kahvila", 1, &s, &h, 1, "a@b") == 0);
    opening_hours(op, "kahvila", &got);
    CHECK(strcmp(got.greeting, "Hei!") == 0 && got.warn_min == 5 &&
          got.staff_before_min == 45 && got.staff_after_min == 15);

    /* An open override needs an end and a schedule to beat. */
    CHECK(opening_override(op, "kahvila", 1, 1, -1, 10, "a@b") ==
          ERR_BAD_REQUEST);
    CHECK(opening_override(op, "aina", 2, 1, 100, 10, "a@b") ==
          ERR_BAD_REQUEST);
    CHECK(opening_override(op, "kahvila", 1, 0, 5, 10, "a@b") ==
          ERR_BAD_REQUEST); /* ends before it starts */

    /* Close now at 15:00 on the 14th until the session's end, 16:00Z. */
    CHECK(opening_override(op, "kahvila", 1, 0, MON_DEC_14_1600Z,
                           MON_DEC_14_1500Z, "a@b") == 0);
    CHECK(opening_state(op, "kahvila", MON_DEC_14_1500Z, &os) == 0);
    CHECK(!os.open && os.overridden && os.has_next &&
          os.next_open == MON_DEC_14_1400Z + 7 * 86400);
    CHECK(opening_sched_state(op, "kahvila", MON_DEC_14_1500Z, &os) == 0 &&
          os.open && !os.overridden);
    /* Past its end the schedule decides again. */
    CHECK(opening_state(op, "kahvila", MON_DEC_14_1400Z + 7 * 86400, &os) ==
              0 &&
          os.open && !os.overridden);

    /* Open now on Saturday for an hour. */
    CHECK(opening_override(op, "kahvila", 1, 1, SAT_DEC_5_1000Z + 3600,
                           SAT_DEC_5_1000Z, "a@b") == 0);
    CHECK(opening_state(op, "kahvila", SAT_DEC_5_1000Z + 60, &os) == 0);
    CHECK(os.open && os.overridden &&
          os.current_end == SAT_DEC_5_1000Z + 3600 && os.has_next &&
          os.next_open == MON_DEC_7_1400Z);
    CHECK(opening_state(op, "kahvila", SAT_DEC_5_1000Z + 3600, &os) == 0 &&
          !os.open);
    /* Opened by hand at 15:00 on the 14th for 30 minutes, it runs on
     * into the scheduled session and ends with it. */
    CHECK(opening_override(op, "kahvila", 1, 1, MON_DEC_14_1400Z + 1800,
                           MON_DEC_14_1400Z - 3600, "a@b") == 0);
    CHECK(opening_state(op, "kahvila", MON_DEC_14_1400Z - 1800, &os) == 0 &&
          os.open && os.current_end == MON_DEC_14_1600Z);
    /* Extend the session by 30 minutes. */
    CHECK(opening_override(op, "kahvila", 1, 1, MON_DEC_14_1600Z + 1800,
                           MON_DEC_14_1500Z, "a@b") == 0);
    CHECK(opening_state(op, "kahvila", MON_DEC_14_1600Z + 60, &os) == 0 &&
          os.open && os.current_end == MON_DEC_14_1600Z + 1800);

    /* A room without a schedule, closed until someone opens it. */
    CHECK(opening_override(op, "aina", 2, 0, -1, 10, "a@b") == 0);
    CHECK(opening_state(op, "aina", SAT_DEC_5_1000Z, &os) == 0 && !os.open &&
          os.scheduled && !os.has_next);

    /* A new model (a restart) reads it all back. */
    opening_free(op);
    CHECK((op = opening_load(st, helsinki(), err, sizeof(err))) != NULL);
    if (op == NULL) {
        store_close(st);
        return;
    }
    CHECK(opening_state(op, "aina", SAT_DEC_5_1000Z, &os) == 0 && !os.open);
    CHECK(opening_state(op, "kahvila", MON_DEC_14_1600Z + 60, &os) == 0 &&
          os.open && os.current_end == MON_DEC_14_1600Z + 1800);
    opening_hours(op, "kahvila", &got);
    CHECK(strcmp(got.subject, "Liikenne") == 0);
    /* Lifting the overrides: the schedule, and always open again. */
    CHECK(opening_override_clear(op, "aina", 2) == 0);
    CHECK(opening_state(op, "aina", SAT_DEC_5_1000Z, &os) == 0 && os.open &&
          !os.scheduled);
    CHECK(opening_override_clear(op, "kahvila", 1) == 0);
    CHECK(opening_state(op, "kahvila", MON_DEC_14_1600Z + 60, &os) == 0 &&
          !os.open);
    opening_free(op);
    store_close(st);
}

/* Sessions (0008): started, counted, ended, read back. */
static int count_session(const struct store_session *ss, void *ud)
{
    struct store_session *last = ud;

    *last = *ss;
    last->room = last->opened_by = last->closed_by = NULL;
    return 0;
}

static void test_sessions(void)
{
    struct store *st = store_open(":memory:", err, sizeof(err));
    struct store_session ss = {.room_id = 1,
                               .started = 100,
                               .planned_end = 200,
                               .opened_by = "schedule"};
    struct store_session seen = {0};
    int64_t end;

    CHECK(st != NULL);
    if (st == NULL)
        return;
    CHECK(store_room_add(st, "kahvila", "", "", 1, "a@b", NULL) == 0);
    CHECK(store_session_last_end(st, 1, &end) == 0 && end == -1);
    CHECK(store_session_start(st, &ss) == 0 && ss.id > 0);
    CHECK(store_session_each(st, 1, 0, 0, count_session, &seen) == 0 &&
          seen.id == ss.id && seen.ended == -1 && seen.planned_end == 200);
    ss.youths = 3;
    ss.peak = 4;
    ss.messages = 5;
    ss.ended = -1;
    CHECK(store_session_update(st, &ss) == 0);
    ss.ended = 200;
    ss.closed_by = "anna@example.org";
    CHECK(store_session_update(st, &ss) == 0);
    memset(&seen, 0, sizeof(seen));
    CHECK(store_session_each(st, 1, 0, 0, count_session, &seen) == 0 &&
          seen.id == 0); /* none running */
    CHECK(store_session_each(st, 0, 1, 10, count_session, &seen) == 0 &&
          seen.ended == 200 && seen.youths == 3 && seen.peak == 4 &&
          seen.messages == 5);
    CHECK(store_session_last_end(st, 1, &end) == 0 && end == 200);
    store_close(st);
}

/* What admins read and type: local times in the service's zone, with
 * the offset shown, read back across a DST change. */
static void test_local_stamps(void)
{
    struct store *st = store_open(":memory:", err, sizeof(err));
    struct opening *op =
        st ? opening_load(st, helsinki(), err, sizeof(err)) : NULL;
    static const char *const bad[] = {
        "",
        "2026-12-14",
        "2026-12-14 16",
        "2026-12-14T16:00",
        "2026-12-14 16:00 ",
        " 2026-12-14 16:00",
        "2026-12-14 +6:00",
        "2026-13-14 16:00",
        "2026-02-29 16:00",
        "2026-12-14 24:00",
        "2026-12-14 16:60",
        "2026-12-14 16:00:60",
        "2026-12-14 16:00:0",
        "1969-12-31 23:59",
        "2026-12-14 16:00+02:00",
    };
    char buf[OPENING_FMT_MAX];
    int64_t t;

    CHECK(op != NULL);
    if (op == NULL) {
        store_close(st);
        return;
    }
    opening_format_stamp(op, MON_DEC_14_1400Z + 7, buf, sizeof(buf));
    CHECK_STR(buf, "2026-12-14 16:00:07 +02:00");
    opening_format_stamp(op, SUN_MAR_29_0200Z, buf, sizeof(buf));
    CHECK_STR(buf, "2026-03-29 05:00:00 +03:00");
    CHECK(opening_parse_local(op, "2026-12-14 16:00", &t) == 0 &&
          t == MON_DEC_14_1400Z);
    CHECK(opening_parse_local(op, "2026-12-14 16:00:07", &t) == 0 &&
          t == MON_DEC_14_1400Z + 7);
    CHECK(opening_parse_local(op, "2026-03-29 05:00", &t) == 0 &&
          t == SUN_MAR_29_0200Z);
    /* In the gap (03:00-04:00 does not exist): the change itself. */
    CHECK(opening_parse_local(op, "2026-03-29 03:30", &t) == 0 &&
          t == SUN_MAR_29_0000Z + 3600);
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        t = 42;
        CHECK(opening_parse_local(op, bad[i], &t) == ERR_BAD_REQUEST &&
              t == 42);
    }
    opening_free(op);
    store_close(st);
}

int main(void)
{
    test_store();
    test_model();
    test_override();
    test_sessions();
    test_dst();
    test_local_stamps();
    test_corrupt_row();
    return CHECK_DONE("test_opening");
}
