/*
 * fuzz_router.c - libFuzzer target: one stanza from the server through
 * router_stanza(), as the daemon receives it.
 *
 * The input is one XML element, parsed by libstrophe's own parser
 * (xmpp_stanza_new_from_string(), the code that turns the server's bytes
 * into stanzas in the daemon) and handed to router_stanza() with a whole
 * struct app, set up as main.c does: the config below, a store, the
 * catalogues of conf/lang, the staff registry, the nick guard, opening
 * hours in Europe/Helsinki, the service's clock at a fixed instant. After
 * the stanza come the main loop's chores (chores() below). The link is
 * made but never connected: link_send() refuses everything while
 * offline, so replies are built (and serialized, where muc.c fans out)
 * and then dropped. No seam in link.c is needed.
 *
 * The rooms: "ask" (plain), "queue" (questions wait for a moderator) with
 * its back room "queue-staff", "hours" (moderated, open 10:00-22:00 every
 * day). Staff: Officer Mikko (mikko@localhost, moderator) and Liisa
 * (liisa@localhost, participant); admin@localhost is a service admin. In
 * every input the same occupants have entered first, so that messages
 * and IQs from them reach the room handlers: in "ask" the youths Kim
 * (abc@anon.localhost/res) and Alex (def@anon.localhost/web, in
 * Finnish), Mikko and Liisa; in "queue" Kim and Mikko; Mikko in
 * "queue-staff"; Alex and Mikko in "hours". Kim has said one thing in
 * "ask" (in its archive and history), and more is in the store: see
 * before_all[].
 *
 * Every input starts from the same state, so that a finding replays on
 * its own: the models are freed and read back from the store, and the
 * occupants enter again; the store itself is restored from a snapshot
 * taken in LLVMFuzzerInitialize() when the input wrote to it (its
 * PRAGMA data_version, seen from a second connection, moved). The
 * clock is set again and the random bytes (RAND_bytes() below) start
 * over, so stanza-ids and the like are the same each time too.
 *
 * Size: the server caps stanza bytes (docs/architecture.md, trap 6), and
 * libstrophe's parser is quadratic in the children of one element, so
 * run this target with a -max_len of a few KB (tests/fuzz/run.sh: 8192).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/rand.h>
#include <sqlite3.h>
#include <strophe.h>

#include "adhoc.h"
#include "app.h"
#include "clock.h"
#include "config.h"
#include "fuzz.h"
#include "hours.h"
#include "lang.h"
#include "link.h"
#include "log.h"
#include "muc.h"
#include "nick.h"
#include "opening.h"
#include "room.h"
#include "router.h"
#include "schedule.h"
#include "staff.h"
#include "store.h"
#include "tz.h"
#include "util.h"

/* Monday 2026-12-07 12:00 UTC, 14:00 in Helsinki: "hours" is open. */
#define FUZZ_NOW 1796644800
/* The setup (populate(), before_all[]): an hour earlier. */
#define SETUP_AT (FUZZ_NOW - 3600)
#define ZONE "Europe/Helsinki"

static struct app app;
static sqlite3 *watch;    /* our own connection to the store's file */
static sqlite3 *snapshot; /* the store after setup, in memory */
static int64_t version;   /* watch's data_version after the last restore */
static int dirty;         /* a stanza reached router_stanza() since then */
static unsigned long n_inputs, n_resets, n_restores; /* ECOPPER_FUZZ_STATS */

/* What happens before every input: the occupants enter the rooms, and
 * one says something (the history lives in memory only). */
static const char *const before_each[] = {
    "<presence xmlns='jabber:component:accept' from='abc@anon.localhost/res'"
    " to='ask@muc.localhost/Kim'><x xmlns='http://jabber.org/protocol/muc'/>"
    "</presence>",
    "<presence xmlns='jabber:component:accept' from='def@anon.localhost/web'"
    " to='ask@muc.localhost/Alex' xml:lang='fi'>"
    "<x xmlns='http://jabber.org/protocol/muc'/></presence>",
    "<presence xmlns='jabber:component:accept' from='mikko@localhost/work'"
    " to='ask@muc.localhost/Mikko'><x xmlns='http://jabber.org/protocol/muc'/>"
    "</presence>",
    "<presence xmlns='jabber:component:accept' from='liisa@localhost/phone'"
    " to='ask@muc.localhost/Liisa'><x xmlns='http://jabber.org/protocol/muc'/>"
    "</presence>",
    "<presence xmlns='jabber:component:accept' from='abc@anon.localhost/res'"
    " to='queue@muc.localhost/Kim'><x xmlns='http://jabber.org/protocol/muc'/>"
    "</presence>",
    "<presence xmlns='jabber:component:accept' from='mikko@localhost/work'"
    " to='queue@muc.localhost/Mikko'>"
    "<x xmlns='http://jabber.org/protocol/muc'/></presence>",
    "<presence xmlns='jabber:component:accept' from='mikko@localhost/work'"
    " to='queue-staff@muc.localhost/Mikko'>"
    "<x xmlns='http://jabber.org/protocol/muc'/></presence>",
    "<presence xmlns='jabber:component:accept' from='def@anon.localhost/web'"
    " to='hours@muc.localhost/Alex'>"
    "<x xmlns='http://jabber.org/protocol/muc'/></presence>",
    "<presence xmlns='jabber:component:accept' from='mikko@localhost/work'"
    " to='hours@muc.localhost/Mikko'>"
    "<x xmlns='http://jabber.org/protocol/muc'/></presence>",
};

/* What the store holds besides populate()'s, made an hour before the
 * inputs' instant (so that the ban's slower door is closed again):
 * Kim's question waits in "queue" as number 1; Troll was banned from
 * "ask" by Mikko (an outcast, a moderation log entry); friend@localhost
 * is a member of "ask"; Kim said something in "ask" (in its archive, and
 * from there in its history at every reset, as after a restart). */
static const char *const before_all[] = {
    "<message xmlns='jabber:component:accept' from='abc@anon.localhost/res'"
    " to='queue@muc.localhost' type='groupchat' id='q1'>"
    "<body>Is it safe to tell you my school?</body></message>",
    "<presence xmlns='jabber:component:accept' from='ghi@anon.localhost/t'"
    " to='ask@muc.localhost/Troll'><x xmlns='http://jabber.org/protocol/muc'/>"
    "</presence>",
    "<iq xmlns='jabber:component:accept' from='mikko@localhost/work'"
    " to='ask@muc.localhost' type='set' id='ban1'>"
    "<query xmlns='http://jabber.org/protocol/muc#admin'>"
    "<item nick='Troll' affiliation='outcast'><reason>Spam</reason></item>"
    "</query></iq>",
    "<iq xmlns='jabber:component:accept' from='admin@localhost/desk'"
    " to='ask@muc.localhost' type='set' id='member1'>"
    "<query xmlns='http://jabber.org/protocol/muc#admin'>"
    "<item jid='friend@localhost' affiliation='member'/></query></iq>",
    "<message xmlns='jabber:component:accept' from='abc@anon.localhost/res'"
    " to='ask@muc.localhost' type='groupchat' id='m1'>"
    "<body>Hi, I have a question about school</body>"
    "<origin-id xmlns='urn:xmpp:sid:0' id='m1'/></message>",
};

/*
 * OpenSSL's RAND_bytes(), replaced for this program (a definition in the
 * executable wins over the library's): rand_bytes() in util.c, and so
 * stanza-ids, ad-hoc session ids and the ids of our own IQs, become the
 * same sequence after every reset. A reproducer replays exactly, and
 * seeds can name the stanza-id of the message in the history (a
 * moderator's retraction needs it). xorshift64*; nothing here is secret.
 */
static uint64_t rng;

int RAND_bytes(unsigned char *buf, int num)
{
    for (int i = 0; i < num; i++) {
        rng ^= rng >> 12;
        rng ^= rng << 25;
        rng ^= rng >> 27;
        buf[i] = (unsigned char)((rng * 0x2545F4914F6CDD1DULL) >> 56);
    }
    return 1;
}

static void die(const char *what, const char *why)
{
    fprintf(stderr, "fuzz_router: %s: %s\n", what, why ? why : "failed");
    exit(1);
}

/* Parses xml and routes it: 0, or -1 when it does not parse (and so
 * changed nothing). */
static int feed(const char *xml)
{
    xmpp_stanza_t *st = xmpp_stanza_new_from_string(app.ctx, xml);

    if (st == NULL)
        return -1;
    router_stanza(st, &app);
    xmpp_stanza_release(st);
    return 0;
}

/* What main()'s loop does after each turn of libstrophe's (but the
 * daily pruning of the moderation log). */
static void chores(void)
{
    adhoc_expire(app.adhoc);
    hours_tick(&app);
    muc_flush_presences(&app);
    muc_audit_tick(&app);
    router_expire(&app);
}

/*
 * The models from the store, as main() reads them at start: all of them
 * (all = 1), or those an input may change without writing to the store,
 * the rooms with their occupants and the ad-hoc sessions (all = 0).
 */
static void load_models(int all)
{
    char err[512];

    if (all) {
        struct tz *zone = tz_load(ZONE, err, sizeof(err));

        if (zone == NULL)
            die("tz_load", err);
        if ((app.opening = opening_load(app.store, zone, err, sizeof(err))) ==
            NULL)
            die("opening_load", err);
        if ((app.staff = staffs_load(app.store)) == NULL)
            die("staffs_load", NULL);
    }
    if ((app.rooms = rooms_load(app.store)) == NULL)
        die("rooms_load", NULL);
    {
        size_t nrooms;
        struct room **rooms = rooms_sorted(app.rooms, &nrooms);

        for (size_t i = 0; i < nrooms; i++)
            muc_archive_restore(&app, rooms[i]);
        free(rooms);
    }
    muc_door_load(&app);
    if (hours_load(&app) != 0)
        die("hours_load", NULL);
    app.adhoc = adhoc_new();
}

static void free_models(int all)
{
    router_asks_free(&app);
    muc_audit_free(&app);
    adhoc_free(app.adhoc);
    rooms_free(app.rooms);
    app.adhoc = NULL;
    app.rooms = NULL;
    app.pres_pending = 0;
    if (all) {
        staffs_free(app.staff);
        opening_free(app.opening);
        app.staff = NULL;
        app.opening = NULL;
    }
}

static int64_t data_version(void)
{
    sqlite3_stmt *s;
    int64_t v = -1;

    if (sqlite3_prepare_v2(watch, "PRAGMA data_version", -1, &s, NULL) !=
        SQLITE_OK)
        die("data_version", sqlite3_errmsg(watch));
    if (sqlite3_step(s) == SQLITE_ROW)
        v = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return v;
}

/* Copies the whole database src into dst (sqlite3's backup API). */
static void copy_db(sqlite3 *dst, sqlite3 *src)
{
    sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");

    if (b == NULL)
        die("backup", sqlite3_errmsg(dst));
    if (sqlite3_backup_step(b, -1) != SQLITE_DONE)
        die("backup", sqlite3_errmsg(dst));
    sqlite3_backup_finish(b);
}

/*
 * Brings the app back to the state after setup. The opening hours and
 * the staff registry change only through the store: they are read again
 * only when the store was written (and restored).
 */
static void reset(void)
{
    int restore = data_version() != version;

    free_models(restore);
    n_resets++;
    if (restore) {
        copy_db(watch, snapshot);
        version = data_version();
        n_restores++;
    }
    clock_set_now(FUZZ_NOW);
    rng = 0x9E3779B97F4A7C15ULL;
    load_models(restore);
    if (restore)
        app_refresh_guard(&app);
    app.hours_at = 0;
    for (size_t i = 0; i < ARRAY_LEN(before_each); i++)
        if (feed(before_each[i]) != 0)
            die("join", before_each[i]);
    chores();
    dirty = 0;
}

static void print_stats(void)
{
    fprintf(stderr, "fuzz_router: %lu inputs, %lu resets, %lu store restores\n",
            n_inputs, n_resets, n_restores);
}

/* The rooms, the staff and the schedule of a new store. */
static void populate(void)
{
    static const char *const rooms[] = {"ask", "queue", "queue-staff", "hours"};
    static const struct sched_slot slot_days[] = {
        {0, 600, 1320}, {1, 600, 1320}, {2, 600, 1320}, {3, 600, 1320},
        {4, 600, 1320}, {5, 600, 1320}, {6, 600, 1320},
    };
    static const struct sched_exception closed[] = {
        {2026, 12, 24, SCHED_CLOSED, 0, 0},
    };
    struct staff mikko = {.jid = "mikko@localhost",
                          .name = "Officer Mikko",
                          .title = "Youth worker",
                          .organisation = "City youth services",
                          .role = ROLE_MODERATOR};
    struct staff liisa = {.jid = "liisa@localhost",
                          .name = "Liisa",
                          .title = "Police officer",
                          .organisation = "Police",
                          .role = ROLE_PARTICIPANT};
    struct sched s = {slot_days, ARRAY_LEN(slot_days), closed,
                      ARRAY_LEN(closed)};
    struct store_room sr;
    struct room *r;
    char bcast[128];
    struct lang_reason why;

    for (size_t i = 0; i < ARRAY_LEN(rooms); i++)
        if (rooms_create(app.rooms, rooms[i], "A room", "For fuzzing",
                         SETUP_AT - 86400, "admin@localhost", &why) != 0)
            die("rooms_create", lang_key_name(why.key));
    if (staffs_put(app.staff, &mikko, "admin@localhost", SETUP_AT, &why) != 0 ||
        staffs_put(app.staff, &liisa, "admin@localhost", SETUP_AT, &why) != 0)
        die("staffs_put", lang_key_name(why.key));
    r = rooms_get(app.rooms, "queue");
    room_settings(r, &sr, bcast, sizeof(bcast));
    sr.queue = 1;
    if (rooms_configure(app.rooms, r, &sr) != 0)
        die("rooms_configure", "queue");
    r = rooms_get(app.rooms, "hours");
    room_settings(r, &sr, bcast, sizeof(bcast));
    sr.moderated = 1;
    if (rooms_configure(app.rooms, r, &sr) != 0)
        die("rooms_configure", "hours");
    if (opening_set(app.opening, "hours", r->id, &s, NULL, SETUP_AT,
                    "admin@localhost") != 0)
        die("opening_set", "hours");
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    char err[1024];
    char *db = fuzz_path("router.db"), *conf = fuzz_path("ecopper.conf");
    char *text;
    struct link_params lp;

    (void)argc;
    (void)argv;
    /* ECOPPER_FUZZ_DEBUG: the daemon's debug log, to follow a reproducer. */
    log_set_level(getenv("ECOPPER_FUZZ_DEBUG") ? LOG_DEBUG : LOG_ERROR);
    rng = 0x9E3779B97F4A7C15ULL;
    /* A fresh store each run; -wal and -shm go with it. */
    remove(db);
    text = xasprintf("%s-wal", db);
    remove(text);
    free(text);
    text = xasprintf("%s-shm", db);
    remove(text);
    free(text);
    text = xasprintf("component_jid = muc.localhost\n"
                     "secret = fuzz\n"
                     "database = %s\n"
                     "admins = admin@localhost\n"
                     "lang_dir = %s/conf/lang\n"
                     "timezone = " ZONE "\n"
                     "youth_domains = anon.localhost\n"
                     "general_mode = yes\n"
                     "filter_words = badword\n"
                     "log_level = error\n",
                     db, FUZZ_TOP);
    fuzz_write(conf, text, strlen(text));
    free(text);
    if ((app.cfg = config_load(conf, err, sizeof(err))) == NULL)
        die("config", err);
    if ((app.lang = lang_load(app.cfg->lang_dir, err, sizeof(err))) == NULL)
        die("lang", err);
    app.config_path = conf;
    clock_set_now(SETUP_AT);
    if ((app.store = store_open(db, err, sizeof(err))) == NULL)
        die("store", err);
    load_models(1);
    if (store_key(app.store, "occupant-id", app.occ_key, sizeof(app.occ_key)) !=
        0)
        die("store_key", NULL);
    if ((app.guard = nickguard_new()) == NULL)
        die("nickguard_new", NULL);
    populate();
    app_refresh_guard(&app);
    sb_init(&app.scratch);
    app.modlog_day = -1;

    xmpp_initialize();
    if ((app.ctx = xmpp_ctx_new(NULL, NULL)) == NULL)
        die("xmpp_ctx_new", NULL);
    lp.jid = app.cfg->component_jid;
    lp.secret = app.cfg->secret;
    lp.host = app.cfg->server_host;
    lp.port = (unsigned short)app.cfg->server_port;
    lp.queue_max = app.cfg->send_queue_max;
    lp.queue_bytes = app.cfg->send_queue_bytes;
    /* Never ticked, so never connected: every send is refused. */
    app.link = link_new(app.ctx, &lp, router_stanza, NULL, &app);

    /* Enter once and let the hours open "hours", so that what the
     * snapshot holds is what every input finds (a session record
     * included); then the state of every input, made as reset() makes
     * it, so that the first input (a reproducer) meets the same. */
    for (size_t i = 0; i < ARRAY_LEN(before_each); i++)
        if (feed(before_each[i]) != 0)
            die("join", before_each[i]);
    for (size_t i = 0; i < ARRAY_LEN(before_all); i++)
        if (feed(before_all[i]) != 0)
            die("setup", before_all[i]);
    chores();
    /* At the inputs' instant the ban's door rows have run out: reading
     * them deletes them, once, before the snapshot. */
    clock_set_now(FUZZ_NOW);
    muc_door_load(&app);
    if (sqlite3_open(db, &watch) != SQLITE_OK ||
        sqlite3_open(":memory:", &snapshot) != SQLITE_OK)
        die("sqlite3_open", NULL);
    sqlite3_busy_timeout(watch, 5000);
    copy_db(snapshot, watch);
    version = data_version();
    reset();
    /* Each input pays for a restore when the reset itself writes to
     * the store: say so, it is what a change to the setup or to what
     * entering a room stores would cost. */
    if (data_version() != version)
        fprintf(stderr, "fuzz_router: warning: the reset writes to the "
                        "store, so every input restores it (slow)\n");
    n_resets = n_restores = 0;
    if (getenv("ECOPPER_FUZZ_DEBUG")) {
        const struct room *r = rooms_get(app.rooms, "ask");

        for (size_t i = 0; i < room_hist_count(r); i++)
            log_debug("fuzz_router: ask's history holds stanza-id %s",
                      room_hist_get(r, i)->sid);
    }
    if (getenv("ECOPPER_FUZZ_STATS"))
        atexit(print_stats);
    free(db);
    return 0;
}

/* An input that does not parse reaches nothing, so the state stays as
 * it is for the next one: a reset (about 1 ms) only after a stanza. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *xml = fuzz_cstr(data, size);

    n_inputs++;
    if (dirty)
        reset();
    clock_set_now(FUZZ_NOW);
    if (feed(xml) == 0) {
        dirty = 1;
        chores();
    }
    free(xml);
    return 0;
}
