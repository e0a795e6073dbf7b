/*
 * app.h - the one struct that holds the daemon's state.
 *
 * There is no other global mutable state (but the log level and the clock
 * offset): main() owns one struct app and hands it around, to libstrophe
 * as userdata.
 */
#ifndef ECOPPER_APP_H
#define ECOPPER_APP_H

#include <strophe.h>

#include "util.h"

struct config;
struct store;
struct link;
struct rooms;
struct adhoc;
struct staffs;
struct nickguard;
struct opening;
struct langs;
struct router_ask;
struct muc_audit;
struct mcast;

struct app {
    struct config *cfg;     /* owned; replaced on SIGHUP */
    struct store *store;    /* owned */
    struct rooms *rooms;    /* owned */
    struct adhoc *adhoc;    /* owned: command sessions */
    struct staffs *staff;   /* owned: the staff registry */
    struct nickguard *guard; /* owned: look-alike check of nicknames */
    struct opening *opening; /* owned: rooms' opening hours and the zone */
    struct langs *lang;     /* owned: message catalogues; replaced on SIGHUP */
    struct link *link;      /* owned */
    struct router_ask *asks; /* owned: our IQs awaiting answers (router.c) */
    xmpp_ctx_t *ctx;        /* owned */
    const char *config_path;
    int test_mode;          /* -T: test-only commands (set-clock) exist */
    int64_t modlog_day;     /* the day (clock_now() / 86400) the moderation
                               log was last pruned; -1: prune at once */
    unsigned char occ_key[32]; /* XEP-0421 occupant-id key, from the store */
    struct sbuf scratch;       /* reused for every outgoing text stanza */
    int64_t hours_at;          /* clock_now() of the last hours_tick() */
    char month[8];             /* the month (YYYY-MM, the service's zone)
                                  whose visitor key is kept (hours.c) */
    int pres_pending;          /* some occupant's presence change waits
                                  (muc_flush_presences()) */
    uint64_t pres_flushed_at;  /* clock_mono_ms() of the last look */
    struct muc_audit *audit;   /* owned: who is still there after the link
                                  came back (muc_presence.c), or NULL */
    unsigned audit_gen;        /* the latest audit's number; also
                                  ends rounds of ghost pings (muc_presence.c) */
    struct mcast *mcast;       /* owned: the XEP-0033 service (mcast.h), or
                                  NULL before the first search */
    unsigned long load_refused; /* stanzas refused for a full send queue
                                   (router.c), since start */
    unsigned long load_refused_joins; /* joins among them */
};

/* Rebuilds the nickname guard from the registry and the config. */
void app_refresh_guard(struct app *app);

#endif
