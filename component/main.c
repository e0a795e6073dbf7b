/*
 * main.c - ecopper: an anonymous, moderated multi-user chat component.
 *
 * Options, signals and the event loop. Signal handlers only set flags;
 * the loop acts on them between two turns of libstrophe's event loop.
 *
 * Exit status: 0 after a clean shutdown, 1 for a usage, configuration or
 * store error, 2 when the server refuses us for good (wrong secret,
 * unknown host or component).
 */
#include <getopt.h>
#include <signal.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "adhoc.h"
#include "app.h"
#include "clock.h"
#include "config.h"
#include "err.h"
#include "hours.h"
#include "lang.h"
#include "link.h"
#include "log.h"
#include "mcast.h"
#include "muc.h"
#include "nick.h"
#include "opening.h"
#include "pool.h"
#include "room.h"
#include "staff.h"
#include "router.h"
#include "store.h"
#include "transcript.h"
#include "tz.h"
#include "util.h"

#ifndef ECOPPER_VERSION
#define ECOPPER_VERSION "unknown"
#endif
#ifndef ECOPPER_SYSCONFDIR
#define ECOPPER_SYSCONFDIR "/etc/ecopper"
#endif

static volatile sig_atomic_t got_quit, got_hup;

/* getopt_long's value for options with no short form. */
enum { OPT_LIST_COMMANDS = 256, OPT_TRANSCRIPT };

static void on_signal(int sig)
{
    if (sig == SIGHUP)
        got_hup = 1;
    else
        got_quit = 1;
}

static void setup_signals(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_signal;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    /* A write to a socket the server closed must be an error, not death. */
    sa.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &sa, NULL);
}

static void usage(void)
{
    fprintf(stderr,
            "usage: ecopper [-dDnTV] [-c file] [-t time]\n"
            "       ecopper [-c file] --import-staff file\n"
            "       ecopper [-c file] --transcript room[:n]\n"
            "       ecopper --list-commands\n"
            "  -c file  configuration file (default %s/ecopper.conf)\n"
            "  -d       log at debug level, whatever the config says\n"
            "  -n       check the configuration and exit\n"
            "  -D       print every configuration key with its default\n"
            "  -T       test mode: admins may move the service's clock\n"
            "           (set-clock); for automated tests only, never in\n"
            "           production\n"
            "  -t time  test mode (-T), the clock starting at time, an\n"
            "           XEP-0082 UTC date and time (2026-12-07T14:00:00Z)\n"
            "  -V       print the version and exit\n"
            "  -I file, --import-staff file\n"
            "           add or update the staff listed in file (the lines\n"
            "           of staff-import), all or nothing, and exit; a\n"
            "           running ecopper applies them on SIGHUP\n"
            "  --transcript room[:n]\n"
            "           print the anonymised transcript of the room's\n"
            "           newest session (n: the n-th newest) and exit\n"
            "  --list-commands\n"
            "           print every ad-hoc command: node, where it runs\n"
            "           (service, room, test) and name, and exit\n",
            ECOPPER_SYSCONFDIR);
}

/* libstrophe's log, folded into ours one level down: its errors are
 * usually ours to report better (link.c does), its debug output shows
 * whole stanzas and so stays at debug, where real JIDs may appear. */
static void strophe_log(void *ud, xmpp_log_level_t level, const char *area,
                        const char *msg)
{
    enum log_level our;

    (void)ud;
    switch (level) {
    case XMPP_LEVEL_ERROR:
        our = LOG_WARN;
        break;
    case XMPP_LEVEL_WARN:
        our = LOG_INFO;
        break;
    default:
        our = LOG_DEBUG;
    }
    log_msg(our, "strophe: %s: %s", area, msg);
}

/* malloc, but for the send queue's blocks, which come from the pool
 * (pool.h). link.c relies on libstrophe freeing with free() the
 * stream-management block it hands over: pool_free() does for any block
 * that is not the pool's. */
static void *mem_alloc(size_t n, void *ud)
{
    (void)ud;
    return pool_alloc(n);
}

static void mem_free(void *p, void *ud)
{
    (void)ud;
    pool_free(p);
}

static void *mem_realloc(void *p, size_t n, void *ud)
{
    (void)ud;
    return pool_realloc(p, n);
}

static const xmpp_mem_t strophe_mem = {mem_alloc, mem_free, mem_realloc,
                                       NULL};
static const xmpp_log_t strophe_logger = {strophe_log, NULL};

static void on_link_state(int online, void *ud)
{
    struct app *app = ud;

    if (!online) {
        log_info("main: offline; rooms stay, occupants must rejoin");
        mcast_stop(app);
    } else {
        muc_audit_start(app); /* who is still there? (muc.h) */
        mcast_start(app);     /* the server may have changed (mcast.h) */
    }
}

/*
 * What the config names besides itself: the service's zone and the
 * message catalogues. Either failing is a configuration error, reported
 * like one. Returns 0 with *zone and *langs set (owned by the caller;
 * zone may be NULL to skip it), or -1 with err set.
 */
static int load_named(const struct config *cfg, struct tz **zone,
                      struct langs **langs, char *err, size_t errlen)
{
    char why[512];

    if (zone) {
        if ((*zone = tz_load(cfg->timezone, why, sizeof(why))) == NULL) {
            snprintf(err, errlen, "%s: timezone '%s': %s", cfg->path,
                     cfg->timezone, why);
            return -1;
        }
    }
    if (cfg->lang_dir[0])
        *langs = lang_load(cfg->lang_dir, why, sizeof(why));
    else if (access(ECOPPER_LANGDIR, F_OK) == 0)
        *langs = lang_load(ECOPPER_LANGDIR, why, sizeof(why));
    else /* not installed (a first run from the source tree) */
        *langs = lang_load_builtin(why, sizeof(why));
    if (*langs == NULL) {
        snprintf(err, errlen, "%s: lang_dir: %s", cfg->path, why);
        if (zone) {
            tz_free(*zone);
            *zone = NULL;
        }
        return -1;
    }
    return 0;
}

/*
 * SIGHUP, first part: the staff registry is read again from the store,
 * where `ecopper --import-staff` may have written. Independent of the
 * config file: a broken file does not keep new staff out.
 */
static void reload_staff(struct app *app)
{
    struct staffs *ns = staffs_load(app->store);
    size_t n;

    if (ns == NULL) {
        log_error("reload: cannot read the staff registry; keeping the "
                  "running one");
        return;
    }
    /* Nothing keeps pointers into the old registry between two turns of
     * the loop: commands and rooms look members up each time. */
    staffs_free(app->staff);
    app->staff = ns;
    app_refresh_guard(app);
    muc_staff_sync_all(app);
    muc_nick_sweep(app);
    free(staffs_sorted(ns, &n));
    log_info("reload: staff registry read again (%zu members)", n);
}

/*
 * Retention of the moderation log (moderation_log_days) and of the room
 * archive (archive_days): at start, after a reload and whenever
 * clock_now() enters a new day (UTC), what is older than that is deleted.
 * The main loop calls this after every turn; it does nothing else until
 * the day changes. A failure is logged and tried again on the next day.
 */
static void prune_modlog(struct app *app)
{
    int64_t now = clock_now(), day = now / 86400;
    long days = app->cfg->moderation_log_days;
    int n;

    if (day == app->modlog_day)
        return;
    app->modlog_day = day;
    muc_archive_prune(app);
    if (days == 0)
        return;
    n = store_modlog_prune(app->store, now - (int64_t)days * 86400);
    if (n > 0)
        log_info("store: moderation log: deleted %d entr%s older than %ld "
                 "day%s",
                 n, n == 1 ? "y" : "ies", days, days == 1 ? "" : "s");
}

/* SIGHUP: re-read the config; apply what can change while running. */
static void reload(struct app *app, int force_debug)
{
    char err[1024];
    struct config *nc = config_load(app->config_path, err, sizeof(err));
    struct config *oc = app->cfg;
    struct langs *nl = NULL;
    char kept[512];
    size_t n;

    reload_staff(app);
    if (nc == NULL) {
        log_error("reload: %s; keeping the running configuration", err);
        return;
    }
    if (load_named(nc, NULL, &nl, err, sizeof(err)) != 0) {
        log_error("reload: %s; keeping the running configuration", err);
        config_free(nc);
        return;
    }
    lang_free(app->lang);
    app->lang = nl;
    /* Only a restart moves the link or the store: those keys (the
     * table in config.c says which) keep their running values. */
    if ((n = config_keep_restart_keys(nc, oc, kept, sizeof(kept))) > 0)
        log_warn("reload: only a restart changes %s; the running value%s "
                 "kept", kept, n == 1 ? " is" : "s are");
    app->cfg = nc;
    if (strcmp(nc->multicast, oc->multicast) != 0) {
        if (link_online(app->link))
            mcast_start(app); /* or off: forgets the service */
        else
            mcast_stop(app);
    }
    config_free(oc);
    link_set_queue_bytes(app->link, nc->send_queue_bytes);
    app_refresh_guard(app);
    muc_nick_sweep(app); /* reserved_words may have changed */
    muc_forget_youth_jids(app); /* and youth_domains */
    app->modlog_day = -1; /* moderation_log_days may have changed */
    log_set_level(force_debug ? LOG_DEBUG : (enum log_level)nc->log_level);
    log_info("reload: done (%zu admins, log level %s)", nc->n_admins,
             log_level_name(log_get_level()));
}

/* Splits text into lines in place (LF or CRLF); the array is owned. */
static char **split_lines(char *text, size_t *n)
{
    size_t cap = 16;
    char **lines = xcalloc(cap, sizeof(*lines));
    char *p = text;

    *n = 0;
    while (*p) {
        char *nl = strchr(p, '\n');

        if (nl)
            *nl = '\0';
        if (nl && nl > p && nl[-1] == '\r')
            nl[-1] = '\0';
        if (*n == cap)
            lines = xrealloc(lines, (cap *= 2) * sizeof(*lines));
        lines[(*n)++] = p;
        if (nl == NULL)
            break;
        p = nl + 1;
    }
    return lines;
}

#define IMPORT_FILE_MAX (1024 * 1024)

/*
 * ecopper --import-staff FILE: the staff-import command without a running
 * service. Same parser (staffs_parse_import) and the same all-or-nothing
 * store (staffs_import); the daemon reads the registry again on SIGHUP.
 * Returns the exit status: 0, or 1 with the reason on stderr as
 * "FILE:LINE: message", in English as the rest of the command line (from
 * langs: the configured lang_dir's en.txt, or the built-in one).
 */
static int import_staff(struct config *cfg, const struct langs *langs,
                        const char *file)
{
    char err[1024], msg[LANG_REASON_BUF + 256], *text, **lines;
    struct lang_reason why;
    struct store *st;
    struct staffs *s;
    struct staff_import im;
    size_t n = 0, line = 0, added = 0, len = 0;
    int rc;
    FILE *f = fopen(file, "rb");

    if (f == NULL) {
        fprintf(stderr, "%s: cannot open: %s\n", file, strerror(errno));
        return 1;
    }
    text = xmalloc(IMPORT_FILE_MAX + 1);
    len = fread(text, 1, IMPORT_FILE_MAX + 1, f);
    rc = ferror(f);
    fclose(f);
    if (rc || len > IMPORT_FILE_MAX || memchr(text, '\0', len)) {
        fprintf(stderr, "%s: %s\n", file,
                rc ? "cannot read the file"
                   : len > IMPORT_FILE_MAX ? "larger than 1 MiB"
                                           : "not a text file");
        free(text);
        return 1;
    }
    text[len] = '\0';
    if ((st = store_open(cfg->database, err, sizeof(err))) == NULL) {
        fprintf(stderr, "store: %s\n", err);
        free(text);
        return 1;
    }
    if ((s = staffs_load(st)) == NULL) {
        fprintf(stderr, "%s: cannot read the staff registry\n",
                cfg->database);
        store_close(st);
        free(text);
        return 1;
    }
    lines = split_lines(text, &n);
    rc = staffs_parse_import((const char *const *)lines, n, &im, &line,
                             &why);
    if (rc == 0)
        rc = staffs_import(s, &im, "ecopper --import-staff", clock_now(),
                           &line, &why, &added);
    if (rc != 0) {
        if (lang_reason_format(lang_pick(langs, "en", NULL), &why, msg,
                               sizeof(msg)) != 0 && msg[0] == '\0')
            str_lcpy(msg, err_info(rc)->text, sizeof(msg));
        if (line)
            fprintf(stderr, "%s:%zu: %s\n", file, line, msg);
        else
            fprintf(stderr, "%s: %s\n", file, msg);
        fprintf(stderr, "%s: nothing was imported\n", file);
    } else {
        printf("%s: imported %zu member%s of staff (%zu new, %zu updated) "
               "into %s\n", file, im.n, im.n == 1 ? "" : "s", added,
               im.n - added, cfg->database);
        printf("a running ecopper applies them on SIGHUP "
               "(systemctl reload ecopper)\n");
    }
    staff_import_free(&im);
    free(lines);
    free(text);
    staffs_free(s);
    store_close(st);
    return rc == 0 ? 0 : 1;
}

struct nth {
    int n;
    struct store_session ss;
    char *opened_by;
};

static int nth_session(const struct store_session *ss, void *ud)
{
    struct nth *p = ud;

    if (--p->n > 0)
        return 0;
    p->ss = *ss;
    p->opened_by = xstrdup(ss->opened_by ? ss->opened_by : "");
    p->ss.opened_by = p->opened_by;
    p->ss.closed_by = NULL;
    p->ss.room = NULL;
    return 1;
}

/*
 * ecopper --transcript ROOM[:N]: the transcript of the room's newest
 * session (or N-th newest) on stdout, as session-transcript gives it,
 * without a running service. Returns the exit status; takes zone.
 */
static int print_transcript(struct config *cfg, struct tz *zone,
                            const char *arg)
{
    char err[1024], *name = xstrdup(arg), *colon = strchr(name, ':'), *end;
    struct store *st = NULL;
    struct staffs *staff = NULL;
    struct opening *op = NULL;
    struct rooms *rooms = NULL;
    struct room *r;
    struct nth pick = {.n = 1};
    struct sbuf text;
    int rc = 1, want;

    if (colon) {
        *colon = '\0';
        pick.n = (int)strtol(colon + 1, &end, 10);
        if (end == colon + 1 || *end != '\0' || pick.n < 1) {
            fprintf(stderr, "--transcript %s: n is 1 for the newest "
                            "session, 2 for the one before...\n", arg);
            goto out;
        }
    }
    if ((st = store_open(cfg->database, err, sizeof(err))) == NULL) {
        fprintf(stderr, "store: %s\n", err);
        goto out;
    }
    op = opening_load(st, zone, err, sizeof(err));
    zone = NULL; /* op's now, also when it failed */
    if (op == NULL) {
        fprintf(stderr, "%s\n", err);
        goto out;
    }
    if ((staff = staffs_load(st)) == NULL ||
        (rooms = rooms_load(st)) == NULL) {
        fprintf(stderr, "%s: cannot read the database\n", cfg->database);
        goto out;
    }
    if ((r = rooms_get(rooms, name)) == NULL || r->id == 0) {
        fprintf(stderr, "--transcript: there is no room %s\n", name);
        goto out;
    }
    want = pick.n;
    if (store_session_each(st, 0, r->id, want, nth_session, &pick) < 0 ||
        pick.opened_by == NULL) {
        fprintf(stderr, "--transcript: %s has no session %d\n", name, want);
        goto out;
    }
    pick.ss.room_id = r->id;
    sb_init(&text);
    {
        char *jid = xasprintf("%s@%s", r->name, cfg->component_jid);

        if (transcript_text(st, staff, op, r->name, jid, &pick.ss,
                            clock_now(), &text) >= 0) {
            fputs(text.s ? text.s : "", stdout);
            rc = fflush(stdout) == 0 ? 0 : 1;
        } else {
            fprintf(stderr, "--transcript: cannot read the archive\n");
        }
        free(jid);
    }
    sb_free(&text);
out:
    free(pick.opened_by);
    rooms_free(rooms);
    staffs_free(staff);
    opening_free(op);
    tz_free(zone);
    store_close(st);
    free(name);
    return rc;
}

int main(int argc, char **argv)
{
    struct app app;
    const char *path = ECOPPER_SYSCONFDIR "/ecopper.conf";
    int check_only = 0, force_debug = 0, ch, status = 0;
    const char *import_file = NULL, *transcript_arg = NULL;
    static const struct option longopts[] = {
        {"import-staff", required_argument, NULL, 'I'},
        {"list-commands", no_argument, NULL, OPT_LIST_COMMANDS},
        {"transcript", required_argument, NULL, OPT_TRANSCRIPT},
        {NULL, 0, NULL, 0},
    };
    struct link_params lp;
    struct tz *zone = NULL;
    char err[1024];
    int64_t start_at = -1;

    memset(&app, 0, sizeof(app));
    while ((ch = getopt_long(argc, argv, "c:dDnTt:VhI:", longopts, NULL)) !=
           -1) {
        switch (ch) {
        case 'I':
            import_file = optarg;
            break;
        case OPT_TRANSCRIPT:
            transcript_arg = optarg;
            break;
        case OPT_LIST_COMMANDS:
            adhoc_print_commands();
            return 0;
        case 'c':
            path = optarg;
            break;
        case 'd':
            force_debug = 1;
            break;
        case 'D':
            config_print_defaults();
            return 0;
        case 'h':
            usage();
            return 0;
        case 'n':
            check_only = 1;
            break;
        case 'T':
            app.test_mode = 1;
            break;
        case 't':
            /* A restart in a scenario keeps the moved clock. */
            if (xmpp_datetime_parse(optarg, &start_at) != 0) {
                fprintf(stderr, "ecopper: -t wants an XEP-0082 UTC date "
                                "and time, e.g. 2026-12-07T14:00:00Z\n");
                return 1;
            }
            app.test_mode = 1;
            break;
        case 'V':
            printf("ecopper %s\n", ECOPPER_VERSION);
            return 0;
        default:
            usage();
            return 1;
        }
    }
    if (optind != argc) {
        usage();
        return 1;
    }
    setvbuf(stderr, NULL, _IOLBF, 0);
    app.config_path = path;
    if ((app.cfg = config_load(path, err, sizeof(err))) == NULL) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    if (load_named(app.cfg, &zone, &app.lang, err, sizeof(err)) != 0) {
        fprintf(stderr, "%s\n", err);
        config_free(app.cfg);
        return 1;
    }
    if (import_file) {
        /* Only what the import needs: the database's path, and the
         * catalogues for its reasons. */
        tz_free(zone);
        log_set_level(LOG_WARN);
        status = import_staff(app.cfg, app.lang, import_file);
        lang_free(app.lang);
        config_free(app.cfg);
        return status;
    }
    if (transcript_arg) {
        log_set_level(LOG_WARN);
        status = print_transcript(app.cfg, zone, transcript_arg);
        lang_free(app.lang);
        config_free(app.cfg);
        return status;
    }
    if (check_only) {
        printf("%s: configuration OK\n", path);
        tz_free(zone);
        lang_free(app.lang);
        config_free(app.cfg);
        return 0;
    }
    log_set_level(force_debug ? LOG_DEBUG : (enum log_level)app.cfg->log_level);
    setup_signals();
    log_info("main: ecopper %s starting", ECOPPER_VERSION);
    if (app.test_mode)
        log_warn("main: TEST MODE (-T): admins can move the service's clock "
                 "with set-clock; never run a real service like this");
    if (start_at >= 0)
        clock_set_now(start_at);

    if ((app.store = store_open(app.cfg->database, err, sizeof(err))) == NULL) {
        log_error("store: %s", err);
        tz_free(zone);
        lang_free(app.lang);
        config_free(app.cfg);
        return 1;
    }
    /* The opening hours own the zone from here on, also on failure. */
    if ((app.opening = opening_load(app.store, zone, err, sizeof(err))) ==
        NULL) {
        log_error("store: %s", err);
        lang_free(app.lang);
        store_close(app.store);
        config_free(app.cfg);
        return 1;
    }
    if ((app.rooms = rooms_load(app.store)) == NULL) {
        log_error("store: cannot load the rooms");
        opening_free(app.opening);
        lang_free(app.lang);
        store_close(app.store);
        config_free(app.cfg);
        return 1;
    }
    log_info("store: %s at schema %d, %zu rooms", app.cfg->database,
             store_version(app.store), rooms_count(app.rooms));
    {
        size_t n;
        struct room **all = rooms_sorted(app.rooms, &n);

        for (size_t i = 0; i < n; i++)
            muc_archive_restore(&app, all[i]);
        free(all);
    }
    if (store_key(app.store, "occupant-id", app.occ_key,
                  sizeof(app.occ_key)) != 0) {
        log_error("store: cannot read or make the occupant-id key");
        rooms_free(app.rooms);
        opening_free(app.opening);
        lang_free(app.lang);
        store_close(app.store);
        config_free(app.cfg);
        return 1;
    }
    if ((app.staff = staffs_load(app.store)) == NULL ||
        (app.guard = nickguard_new()) == NULL) {
        log_error("main: cannot load the staff registry or ICU's data");
        staffs_free(app.staff);
        rooms_free(app.rooms);
        opening_free(app.opening);
        lang_free(app.lang);
        store_close(app.store);
        config_free(app.cfg);
        return 1;
    }
    app_refresh_guard(&app);
    muc_forget_youth_jids(&app);
    muc_door_load(&app);
    if (app.cfg->n_youth_domains == 0)
        log_warn("main: youth_domains is empty: nobody is taken for a "
                 "youth, and occupants' addresses follow each room's whois "
                 "alone; set it to the anonymous host (docs/privacy.md)");
    if (hours_load(&app) != 0)
        log_error("main: running sessions could not be read; they start "
                  "afresh");
    app.adhoc = adhoc_new();
    sb_init(&app.scratch);

    xmpp_initialize();
    app.ctx = xmpp_ctx_new(&strophe_mem, &strophe_logger);
    if (app.ctx == NULL)
        fatalx("cannot create the XMPP context");
    /* The longest libstrophe may block in one turn: it bounds how late a
     * reconnect or a signal is handled. */
    xmpp_ctx_set_timeout(app.ctx, 200);
    lp.jid = app.cfg->component_jid;
    lp.secret = app.cfg->secret;
    lp.host = app.cfg->server_host;
    lp.port = (unsigned short)app.cfg->server_port;
    lp.queue_max = app.cfg->send_queue_max;
    lp.queue_bytes = app.cfg->send_queue_bytes;
    app.link = link_new(app.ctx, &lp, router_stanza, on_link_state, &app);

    app.modlog_day = -1;
    prune_modlog(&app);
    while (!got_quit) {
        if ((status = link_tick(app.link)) != 0)
            break;
        xmpp_run_once(app.ctx, 200);
        if (got_hup) {
            got_hup = 0;
            reload(&app, force_debug);
        }
        adhoc_expire(app.adhoc);
        hours_tick(&app);
        muc_flush_presences(&app);
        muc_audit_tick(&app);
        router_expire(&app);
        prune_modlog(&app);
    }
    {
        /* What was sent until the signal (the goodbyes of the shutdown
         * not counted), one line a benchmark reads: keep its form. */
        struct link_stats ls;

        link_get_stats(app.link, &ls);
        log_info("link: totals: stanzas=%llu bytes=%llu dropped=%lu",
                 ls.stanzas, ls.bytes, ls.dropped);
        log_info("router: totals: refused=%lu refused_joins=%lu",
                 app.load_refused, app.load_refused_joins);
    }
    hours_flush(&app);
    muc_audit_free(&app); /* its asks' answers now only free */
    app.audit_gen++;      /* and the pings of nicks' holders' */
    mcast_free(&app);     /* and so do these */
    if (status == 0) {
        log_info("main: shutting down");
        muc_shutdown(&app);
        router_asks_free(&app); /* an admin waiting is told it failed */
        link_shutdown(app.link, 3000);
    }
    router_asks_free(&app); /* refused for good: answers go nowhere */
    adhoc_free(app.adhoc);  /* its sessions hold stanzas of app.ctx */
    link_free(app.link);
    xmpp_ctx_free(app.ctx);
    xmpp_shutdown();
    pool_shutdown();
    nickguard_free(app.guard);
    staffs_free(app.staff);
    rooms_free(app.rooms);
    opening_free(app.opening);
    lang_free(app.lang);
    store_close(app.store);
    config_free(app.cfg);
    sb_free(&app.scratch);
    log_info("main: exit %d", status);
    return status;
}
