/*
 * config.h - the bootstrap configuration file.
 *
 * Format: one "key = value" per line; '#' starts a comment; blank lines are
 * ignored; values are taken as written after trimming (no quoting); list
 * values are separated by white space. Every key is in the table in
 * config.c with its type, bounds and default; unknown keys are errors.
 * Only bootstrap settings live here: what admins change at run time lives
 * in the store.
 */
#ifndef ECOPPER_CONFIG_H
#define ECOPPER_CONFIG_H

#include <stddef.h>
#include <stdio.h>

struct config {
    char *path;          /* the file it was read from */
    char *component_jid; /* our JID, e.g. muc.example.org */
    char *server_host;   /* where the server's component port is */
    long server_port;
    char *secret;        /* the shared secret, read from secret_file too */
    char *secret_file;
    char *database;      /* SQLite file */
    char **admins;       /* NULL-terminated bare JIDs */
    size_t n_admins;
    long log_level;      /* enum log_level */
    char *language;      /* default language of human texts */
    char *lang_dir;      /* directory of the message catalogues (lang.h) */
    char *timezone;      /* IANA name of the service's zone */
    long send_queue_bytes; /* bytes queued towards the server, at most */
    long send_queue_max; /* stanzas queued towards the server, at most */
    char *multicast;     /* "auto", "off" or a domain (mcast.h) */
    char **reserved_words; /* NULL-terminated: nicks youths may not use */
    size_t n_reserved_words;
    char **filter_words;   /* NULL-terminated: words youths may not post,
                            * with those of filter_word_files */
    size_t n_filter_words;
    char **filter_word_files; /* NULL-terminated: word lists, e.g. one a
                               * language */
    size_t n_filter_word_files;
    char *filter_action;   /* "reject" or "hold": what a filter hit does */
    char **youth_domains;  /* NULL-terminated: hosts whose users are youths */
    size_t n_youth_domains;
    long general_mode;   /* 1: anyone may create rooms by entering them */
    long max_rooms;      /* rooms of all kinds, at most */
    long ban_cooldown;   /* s after a ban during which newcomers are slowed;
                            0: never */
    long ban_join_gap;   /* s between two newcomers during that window */
    long voice_request_gap; /* s between two voice requests of a visitor
                               reaching the moderators, and after a refusal */
    long youth_list_max; /* youths a youth sees listed in a room; those
                            entering past it are apart (room.h); 0: all */
    long moderation_log_days; /* days the moderation log keeps; 0: ever */
    long archive_days;        /* days the room archive keeps; 0: none */
};

/*
 * Reads path into a new config (owned by the caller, config_free()).
 * Returns NULL on error with "file:line: message" written into err.
 */
struct config *config_load(const char *path, char *err, size_t errlen);
/*
 * The parser config_load() runs on the file it opened: reads f to its
 * end into a new config, as config_load() does; path names the text in
 * messages and in cfg->path. A relative secret_file or filter_word_files
 * is opened from the working directory. f stays open (the caller's).
 */
struct config *
config_load_stream(FILE *f, const char *path, char *err, size_t errlen);
void config_free(struct config *cfg);

/* 1 when bare JID jid is an admin in cfg (bare comparison). */
int config_is_admin(const struct config *cfg, const char *jid);

/* 1 when jid's host is one of youth_domains. */
int config_is_youth(const struct config *cfg, const char *jid);

/*
 * SIGHUP: nc is the file read again, oc the running config. Every key the
 * table marks as needing a restart (component_jid, the server, the secret,
 * the database, timezone, send_queue_max) keeps its running value: where
 * nc's value differs, the two are swapped, so that nc holds the running
 * value and oc, which the caller frees next, the new one. The names of
 * those keys go into names, separated by ", " (cut to len bytes, always
 * terminated when len > 0). Returns how many keys differed.
 */
size_t config_keep_restart_keys(struct config *nc, struct config *oc,
                                char *names, size_t len);

/* Prints each key with its default value, as conf/ecopper.conf.example,
 * and, in its comment, "On SIGHUP: applied." or "On SIGHUP: kept until a
 * restart." */
void config_print_defaults(void);

#endif
