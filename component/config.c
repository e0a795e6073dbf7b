/*
 * config.c - parser for the bootstrap configuration file.
 *
 * The keys are rows of one table (name, type, what SIGHUP does, bounds,
 * default), as Redis does it: the parser, the defaults, the reload and
 * `ecopper -D` all read that table, so they cannot disagree (and
 * tests/docs/check-docs.py holds the documentation to -D's output).
 * Errors carry "file:line: message"; the first one ends the parse.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "config.h"
#include "log.h"
#include "util.h"

#ifndef ECOPPER_LANGDIR
#define ECOPPER_LANGDIR "/usr/local/share/ecopper/lang"
#endif

#define MAX_LINE 4096
#define MAX_ADMINS 256
#define MAX_SECRET 1024

enum ctype { C_STRING, C_INT, C_BOOL, C_LOGLEVEL, C_JIDLIST, C_WORDLIST };

/* What SIGHUP does to a key (Redis's "apply" column): RELOAD takes the
 * file's new value at once; RESTART keeps the running value, with a
 * warning, because the link or the store already depend on it. */
enum capply { RELOAD, RESTART };

struct ckey {
    const char *name;
    enum ctype type;
    enum capply apply;
    size_t offset;
    long min, max;
    const char *def; /* NULL: no default */
    const char *help;
};

#define OFF(f) offsetof(struct config, f)

static const struct ckey keys[] = {
    {"component_jid", C_STRING, RESTART, OFF(component_jid), 1, 1023, NULL,
     "The component's JID, as declared in the server's config (required)."},
    {"server_host", C_STRING, RESTART, OFF(server_host), 1, 255, "127.0.0.1",
     "Host name or address of the server's component port."},
    {"server_port", C_INT, RESTART, OFF(server_port), 1, 65535, "5347",
     "The server's component port (XEP-0114)."},
    {"secret", C_STRING, RESTART, OFF(secret), 1, MAX_SECRET, NULL,
     "The shared secret; give this or secret_file."},
    {"secret_file", C_STRING, RESTART, OFF(secret_file), 1, 4095, NULL,
     "A file whose first line is the shared secret."},
    {"database", C_STRING, RESTART, OFF(database), 1, 4095,
     "/var/lib/ecopper/ecopper.db", "The SQLite database file."},
    {"admins", C_JIDLIST, RELOAD, OFF(admins), 0, MAX_ADMINS, "",
     "Bare JIDs allowed to run admin commands, separated by spaces."},
    {"log_level", C_LOGLEVEL, RELOAD, OFF(log_level), 0, 3, "info",
     "error, warn, info or debug."},
    {"language", C_STRING, RELOAD, OFF(language), 2, 35, "en",
     "Language of texts when a stanza names none."},
    {"lang_dir", C_STRING, RELOAD, OFF(lang_dir), 0, 4095, "",
     "Directory of the message catalogues en.txt, fi.txt, ...: the texts "
     "youths see, in their language. Empty: the installed ones "
     "(" ECOPPER_LANGDIR "), else those built into ecopper."},
    {"timezone", C_STRING, RESTART, OFF(timezone), 1, 255, "UTC",
     "IANA time zone of the service, e.g. Europe/Helsinki."},
    {"send_queue_bytes", C_INT, RELOAD, OFF(send_queue_bytes), 65536,
     1073741824, "33554432",
     "Bytes of stanzas queued towards the server, at most: past 3/4 of "
     "it new work but joins is refused, past 7/8 joins too, when full "
     "outgoing stanzas are dropped."},
    {"send_queue_max", C_INT, RESTART, OFF(send_queue_max), 100, 10000000,
     "250000",
     "Stanzas queued towards the server, at most: a safety beside "
     "send_queue_bytes, with the same levels."},
    {"multicast", C_STRING, RELOAD, OFF(multicast), 1, 255, "auto",
     "Room messages through the server's XEP-0033 multicast service, one "
     "stanza for many recipients: auto (look for it at the domain above "
     "component_jid), off, or the domain to look at instead."},
    /* Role words in en, fi, sv and uk (nick.h has the matching rules). */
    {"reserved_words", C_WORDLIST, RELOAD, OFF(reserved_words), 0, MAX_ADMINS,
     "staff youth-worker police policeman policewoman cop cops officer "
     "moderator mod admin administrator system verified official ecopper "
     "poliisi konstaapeli ylikonstaapeli nuorisotyöntekijä nuorisotyö "
     "ohjaaja moderaattori ylläpitäjä valvoja henkilökunta vahvistettu "
     "virallinen polis polisen politi politiet fritidsledare ungdomsarbetare "
     "personal verifierad officiell поліція поліцейський поліцейська "
     "поліціянт міліція полиция модератор адмін адміністратор ювенальна "
     "працівник перевірено перевірений офіційний",
     "Words youths' nicknames may not contain, compared like look-alike "
     "staff names: a word of seven letters or more anywhere in the name, "
     "a shorter one only as a whole word; join the words of a phrase "
     "with dashes, as youth-worker."},
    {"filter_words", C_WORDLIST, RELOAD, OFF(filter_words), 0, MAX_ADMINS, "",
     "Words a youth's room message may not contain, compared like "
     "nicknames."},
    {"filter_word_files", C_WORDLIST, RELOAD, OFF(filter_word_files), 0, 64, "",
     "Files of more filter words, one or more a line, '#' for comments: "
     "for instance one a language."},
    {"filter_action", C_STRING, RELOAD, OFF(filter_action), 1, 16, "reject",
     "What a filter hit does to a youth's room message: reject (with the "
     "reason) or hold (for a moderator, as in a queue room)."},
    {"youth_domains", C_WORDLIST, RELOAD, OFF(youth_domains), 0, MAX_ADMINS, "",
     "Hosts whose users are youths, e.g. anon.example.org: youths cannot "
     "send each other private messages."},
    {"general_mode", C_BOOL, RELOAD, OFF(general_mode), 0, 1, "no",
     "yes: also an ordinary MUC service where anyone creates rooms by "
     "entering them."},
    {"max_rooms", C_INT, RELOAD, OFF(max_rooms), 1, 1000000, "10000",
     "Rooms of all kinds, at most."},
    {"ban_cooldown", C_INT, RELOAD, OFF(ban_cooldown), 0, 86400, "120",
     "Seconds after a ban in a room during which new youths enter it only "
     "one at a time; 0: off."},
    {"ban_join_gap", C_INT, RELOAD, OFF(ban_join_gap), 1, 3600, "10",
     "During that window, seconds between two new youths entering; others "
     "are asked to try again."},
    {"voice_request_gap", C_INT, RELOAD, OFF(voice_request_gap), 10, 3600, "60",
     "Seconds a visitor waits between two voice requests, and after a "
     "refusal, before the moderators get another."},
    {"youth_list_max", C_INT, RELOAD, OFF(youth_list_max), 0, 100000, "200",
     "Youths listed to the other youths of a room, at most: a youth who "
     "enters when that many are listed sees the staff, and only the "
     "moderators see it (a storm of N youths who all see each other costs "
     "N*N/2 presences). 0: no limit."},
    {"moderation_log_days", C_INT, RELOAD, OFF(moderation_log_days), 0, 36500,
     "180",
     "Days the moderation log keeps an entry; older ones are deleted at "
     "start and daily. 0: kept forever."},
    {"archive_days", C_INT, RELOAD, OFF(archive_days), 0, 3650, "30",
     "Days the archive of a stored room (XEP-0313) keeps a message; older "
     "ones are deleted at start and daily. 0: no archive, and what there "
     "is is deleted."},
};

/* set_value() finds a list's count right after the list. */
_Static_assert(OFF(n_admins) == OFF(admins) + sizeof(char **), "layout");
_Static_assert(OFF(n_reserved_words) == OFF(reserved_words) + sizeof(char **),
               "layout");
_Static_assert(OFF(n_filter_words) == OFF(filter_words) + sizeof(char **),
               "layout");
_Static_assert(OFF(n_filter_word_files) ==
                   OFF(filter_word_files) + sizeof(char **),
               "layout");
_Static_assert(OFF(n_youth_domains) == OFF(youth_domains) + sizeof(char **),
               "layout");

static const struct ckey *find_key(const char *name)
{
    for (size_t i = 0; i < ARRAY_LEN(keys); i++)
        if (strcmp(keys[i].name, name) == 0)
            return &keys[i];
    return NULL;
}

/*
 * A list value is one block: the NULL-terminated pointers, then the
 * entries they point to, so that free() frees it whole. The defaults
 * alone make five lists at every load, sixty-odd reserved words among
 * them: a block each instead of an allocation per entry.
 */
static void free_list(char **list)
{
    free(list);
}

/*
 * A new list of the n entries of list (NULL when n is 0) followed by the
 * nmore NUL-terminated words packed back to back in more (bytes in all);
 * list is freed.
 */
static char **list_append(char **list, size_t n, const char *more,
                          size_t nmore, size_t bytes)
{
    size_t slots = n + nmore + 1;
    char **nl, *p;

    for (size_t i = 0; i < n; i++)
        bytes += strlen(list[i]) + 1;
    nl = xmalloc(slots * sizeof(char *) + bytes);
    p = (char *)(nl + slots);
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(list[i]) + 1;

        nl[i] = memcpy(p, list[i], len);
        p += len;
    }
    for (size_t i = 0; i < nmore; i++) {
        size_t len = strlen(more) + 1;

        nl[n + i] = memcpy(p, more, len);
        p += len;
        more += len;
    }
    nl[n + nmore] = NULL;
    free_list(list);
    return nl;
}

/* A JID we accept in the admin list: bare, node@domain or domain. */
static int jid_plausible(const char *s)
{
    size_t n = strlen(s);

    return n > 0 && n < 1024 && strchr(s, '/') == NULL &&
           strchr(s, ' ') == NULL && s[0] != '@' && s[n - 1] != '@' &&
           utf8_len(s) > 0;
}

/* What separates the entries of a list value. */
#define LIST_SEP " \t,"

/* The number of entries strtok_r(v, sep) finds. */
static size_t count_words(const char *v, const char *sep)
{
    size_t n = 0;

    for (v += strspn(v, sep); *v; v += strspn(v, sep)) {
        n++;
        v += strcspn(v, sep);
    }
    return n;
}

/* Sets key k of cfg from value v; NULL on success, else a message. */
static const char *set_value(struct config *cfg, const struct ckey *k,
                             const char *v, char *msg, size_t msglen)
{
    char *base = (char *)cfg;

    switch (k->type) {
    case C_STRING: {
        char **dst = (char **)(base + k->offset);
        size_t len = strlen(v);

        if ((long)len < k->min || (long)len > k->max) {
            snprintf(msg, msglen, "%s: length must be %ld to %ld bytes",
                     k->name, k->min, k->max);
            return msg;
        }
        if (utf8_len(v) < 0) {
            snprintf(msg, msglen, "%s: not valid UTF-8", k->name);
            return msg;
        }
        free(*dst);
        *dst = xstrdup(v);
        return NULL;
    }
    case C_INT: {
        long n;

        if (str_to_long(v, k->min, k->max, &n) != 0) {
            snprintf(msg, msglen, "%s: '%s' is not a number from %ld to %ld",
                     k->name, v, k->min, k->max);
            return msg;
        }
        *(long *)(base + k->offset) = n;
        return NULL;
    }
    case C_BOOL:
        if (strcmp(v, "yes") == 0 || strcmp(v, "true") == 0 ||
            strcmp(v, "1") == 0) {
            *(long *)(base + k->offset) = 1;
        } else if (strcmp(v, "no") == 0 || strcmp(v, "false") == 0 ||
                   strcmp(v, "0") == 0) {
            *(long *)(base + k->offset) = 0;
        } else {
            snprintf(msg, msglen, "%s: '%s' is not yes or no", k->name, v);
            return msg;
        }
        return NULL;
    case C_LOGLEVEL: {
        int lv = log_level_parse(v);

        if (lv < 0) {
            snprintf(msg, msglen,
                     "%s: '%s' is not one of error, warn, info, debug",
                     k->name, v);
            return msg;
        }
        *(long *)(base + k->offset) = lv;
        return NULL;
    }
    case C_WORDLIST:
    case C_JIDLIST: {
        /* One block (see free_list()): the pointers, sized to the words,
         * then a copy of v that strtok_r() cuts into the entries. */
        size_t words = count_words(v, LIST_SEP), n = 0, len = strlen(v) + 1;
        size_t slots = (words < MAX_ADMINS ? words : MAX_ADMINS) + 1;
        char **list = xmalloc(slots * sizeof(char *) + len);
        char *copy = (char *)(list + slots), *save = NULL, *tok;
        const char *bad = NULL;

        memcpy(copy, v, len);

        for (tok = strtok_r(copy, LIST_SEP, &save); tok;
             tok = strtok_r(NULL, LIST_SEP, &save)) {
            if (n == MAX_ADMINS) {
                snprintf(msg, msglen, "%s: more than %d entries", k->name,
                         MAX_ADMINS);
                bad = msg;
                break;
            }
            if (k->type == C_WORDLIST ? utf8_len(tok) <= 0 || strlen(tok) > 200
                                      : !jid_plausible(tok)) {
                snprintf(msg, msglen,
                         k->type == C_WORDLIST ? "%s: '%s' is not a word"
                                               : "%s: '%s' is not a bare JID",
                         k->name, tok);
                bad = msg;
                break;
            }
            list[n++] = tok;
        }
        list[n] = NULL;
        if (bad) {
            free_list(list);
            return bad;
        }
        free_list(*(char ***)(base + k->offset));
        *(char ***)(base + k->offset) = list;
        /* The count sits right after its list in struct config. */
        *(size_t *)(base + k->offset + sizeof(char **)) = n;
        return NULL;
    }
    }
    return "internal: bad key type";
}

/* Sets every key the file did not (seen[i] 0) to its default. */
static int apply_defaults(struct config *cfg, const unsigned char *seen)
{
    char msg[256];

    for (size_t i = 0; i < ARRAY_LEN(keys); i++)
        if (keys[i].def && !seen[i] &&
            set_value(cfg, &keys[i], keys[i].def, msg, sizeof(msg)) != NULL)
            return -1;
    return 0;
}

/* Reads the first line of path as the secret. */
static int read_secret_file(struct config *cfg, char *err, size_t errlen)
{
    char buf[MAX_SECRET + 2];
    FILE *f = fopen(cfg->secret_file, "r");

    if (f == NULL) {
        snprintf(err, errlen, "%s: secret_file %s: %s", cfg->path,
                 cfg->secret_file, strerror(errno));
        return -1;
    }
    if (fgets(buf, sizeof(buf), f) == NULL) {
        fclose(f);
        snprintf(err, errlen, "%s: secret_file %s is empty", cfg->path,
                 cfg->secret_file);
        return -1;
    }
    fclose(f);
    if (strchr(buf, '\n') == NULL && strlen(buf) > MAX_SECRET) {
        snprintf(err, errlen, "%s: secret_file %s: first line longer than %d "
                 "bytes", cfg->path, cfg->secret_file, MAX_SECRET);
        explicit_bzero(buf, sizeof(buf));
        return -1;
    }
    buf[strcspn(buf, "\r\n")] = '\0';
    if (buf[0] == '\0') {
        snprintf(err, errlen, "%s: secret_file %s: first line is empty",
                 cfg->path, cfg->secret_file);
        return -1;
    }
    cfg->secret = xstrdup(buf);
    explicit_bzero(buf, sizeof(buf));
    return 0;
}

/* A name like Europe/Helsinki: no "..", no leading '/', known to tzdata. */
static int timezone_ok(const char *tz)
{
    const char *dir = getenv("TZDIR");
    struct stat st;
    char path[512];

    if (tz[0] == '/' || strstr(tz, "..") != NULL)
        return 0;
    if (strcmp(tz, "UTC") == 0)
        return 1;
    snprintf(path, sizeof(path), "%s/%s", dir ? dir : "/usr/share/zoneinfo",
             tz);
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Cross-key checks after the whole file is read. */
/* Filter words in all: filter_words and the files' words together. */
#define MAX_FILTER_WORDS 4096
#define MAX_WORD 200

/*
 * Appends the words of file path (whitespace-separated, '#' starts a
 * comment to the end of the line) to cfg->filter_words. 0, or -1 with
 * "path:line: message" in err.
 */
#define WORD_FILE_MAX (1024 * 1024) /* bytes of one filter word file */

static int read_word_file(struct config *cfg, const char *path, char *err,
                          size_t errlen)
{
    char line[MAX_LINE + 2], *save, *tok, *hash, *got = NULL;
    size_t ngot = 0, used = 0, cap = 0, len;
    struct stat sb;
    FILE *f;
    int lineno = 0, rc = 0;

    /* A regular file of a bounded size: /dev/zero would be read for
     * ever, a FIFO would block the start and every reload. */
    if (stat(path, &sb) == 0 &&
        (!S_ISREG(sb.st_mode) || sb.st_size > WORD_FILE_MAX)) {
        snprintf(err, errlen, "%s: filter_word_files: %s: %s", cfg->path,
                 path, S_ISREG(sb.st_mode) ? "larger than 1 MiB"
                                           : "not a regular file");
        return -1;
    }
    if ((f = fopen(path, "r")) == NULL) {
        snprintf(err, errlen, "%s: filter_word_files: %s: %s", cfg->path,
                 path, strerror(errno));
        return -1;
    }
    while (rc == 0 && fgets(line, sizeof(line), f)) {
        lineno++;
        if (strlen(line) > MAX_LINE) {
            snprintf(err, errlen, "%s:%d: line too long", path, lineno);
            rc = -1;
            break;
        }
        if ((hash = strchr(line, '#')) != NULL)
            *hash = '\0';
        if (utf8_len(line) < 0) {
            snprintf(err, errlen, "%s:%d: not valid UTF-8", path, lineno);
            rc = -1;
            break;
        }
        for (tok = strtok_r(line, " \t\r\n,", &save); tok;
             tok = strtok_r(NULL, " \t\r\n,", &save)) {
            if (strlen(tok) > MAX_WORD) {
                snprintf(err, errlen, "%s:%d: a word longer than %d bytes",
                         path, lineno, MAX_WORD);
                rc = -1;
                break;
            }
            if (cfg->n_filter_words + ngot >= MAX_FILTER_WORDS) {
                snprintf(err, errlen, "%s:%d: more than %d filter words in "
                         "all", path, lineno, MAX_FILTER_WORDS);
                rc = -1;
                break;
            }
            /* Packed back to back, appended to the list at the end. */
            len = strlen(tok) + 1;
            if (used + len > cap) {
                while (used + len > cap)
                    cap = cap ? 2 * cap : 1024;
                got = xrealloc(got, cap);
            }
            memcpy(got + used, tok, len);
            used += len;
            ngot++;
        }
    }
    fclose(f);
    if (rc == 0 && ngot > 0) {
        cfg->filter_words = list_append(cfg->filter_words, cfg->n_filter_words,
                                        got, ngot, used);
        cfg->n_filter_words += ngot;
    }
    free(got);
    return rc;
}

static int check_whole(struct config *cfg, char *err, size_t errlen)
{
    if (cfg->component_jid == NULL) {
        snprintf(err, errlen, "%s: component_jid is required", cfg->path);
        return -1;
    }
    if (strchr(cfg->component_jid, '@') || strchr(cfg->component_jid, '/')) {
        snprintf(err, errlen,
                 "%s: component_jid '%s' must be a domain (no '@' or '/')",
                 cfg->path, cfg->component_jid);
        return -1;
    }
    if ((cfg->secret == NULL) == (cfg->secret_file == NULL)) {
        snprintf(err, errlen, "%s: give exactly one of secret and secret_file",
                 cfg->path);
        return -1;
    }
    if (cfg->secret_file && read_secret_file(cfg, err, errlen) != 0)
        return -1;
    if (!timezone_ok(cfg->timezone)) {
        snprintf(err, errlen, "%s: timezone '%s' is not a known IANA zone",
                 cfg->path, cfg->timezone);
        return -1;
    }
    if (strcmp(cfg->filter_action, "reject") != 0 &&
        strcmp(cfg->filter_action, "hold") != 0) {
        snprintf(err, errlen,
                 "%s: filter_action '%s' must be reject or hold", cfg->path,
                 cfg->filter_action);
        return -1;
    }
    if (strcmp(cfg->multicast, "auto") != 0 &&
        strcmp(cfg->multicast, "off") != 0 &&
        (!jid_valid(cfg->multicast) || strchr(cfg->multicast, '@') ||
         strchr(cfg->multicast, '/'))) {
        snprintf(err, errlen,
                 "%s: multicast '%s' must be auto, off or a domain",
                 cfg->path, cfg->multicast);
        return -1;
    }
    for (size_t i = 0; i < cfg->n_filter_word_files; i++)
        if (read_word_file(cfg, cfg->filter_word_files[i], err, errlen) != 0)
            return -1;
    return 0;
}

struct config *config_load(const char *path, char *err, size_t errlen)
{
    struct config *cfg;
    FILE *f;

    if ((f = fopen(path, "r")) == NULL) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return NULL;
    }
    cfg = config_load_stream(f, path, err, errlen);
    fclose(f);
    return cfg;
}

struct config *
config_load_stream(FILE *f, const char *path, char *err, size_t errlen)
{
    struct config *cfg = xcalloc(1, sizeof(*cfg));
    char line[MAX_LINE + 2], msg[512];
    unsigned char seen[ARRAY_LEN(keys)] = {0};
    int lineno = 0;

    cfg->path = xstrdup(path);
    while (fgets(line, sizeof(line), f) != NULL) {
        char *eq, *key, *val, *hash;
        const struct ckey *k;
        const char *why;

        lineno++;
        if (strchr(line, '\n') == NULL && !feof(f)) {
            snprintf(err, errlen, "%s:%d: line longer than %d bytes", path,
                     lineno, MAX_LINE);
            goto fail;
        }
        /* '#' starts a comment, except inside a secret: secrets may hold
         * any character, so only a '#' at the start of a line (after
         * blanks) or after white space counts. */
        for (hash = line; (hash = strchr(hash, '#')) != NULL; hash++)
            if (hash == line || hash[-1] == ' ' || hash[-1] == '\t') {
                *hash = '\0';
                break;
            }
        str_trim(line);
        if (line[0] == '\0')
            continue;
        if ((eq = strchr(line, '=')) == NULL) {
            snprintf(err, errlen, "%s:%d: expected 'key = value'", path,
                     lineno);
            goto fail;
        }
        *eq = '\0';
        key = str_trim(line);
        val = str_trim(eq + 1);
        if ((k = find_key(key)) == NULL) {
            snprintf(err, errlen, "%s:%d: unknown key '%s'", path, lineno,
                     key);
            goto fail;
        }
        if (seen[k - keys]) {
            snprintf(err, errlen, "%s:%d: '%s' is set twice", path, lineno,
                     key);
            goto fail;
        }
        seen[k - keys] = 1;
        if ((why = set_value(cfg, k, val, msg, sizeof(msg))) != NULL) {
            snprintf(err, errlen, "%s:%d: %s", path, lineno, why);
            goto fail;
        }
    }
    /* The defaults last, for the keys left unset: a file with an error
     * costs no default's parse, nor one that sets the key. */
    if (apply_defaults(cfg, seen) != 0) {
        snprintf(err, errlen, "%s: internal: bad default", path);
        goto fail;
    }
    if (check_whole(cfg, err, errlen) != 0)
        goto fail;
    return cfg;
fail:
    config_free(cfg);
    return NULL;
}

void config_free(struct config *cfg)
{
    if (cfg == NULL)
        return;
    for (size_t i = 0; i < ARRAY_LEN(keys); i++) {
        if (keys[i].type == C_STRING) {
            char **p = (char **)((char *)cfg + keys[i].offset);

            if (*p && keys[i].offset == OFF(secret))
                explicit_bzero(*p, strlen(*p));
            free(*p);
        }
    }
    free_list(cfg->admins);
    free_list(cfg->reserved_words);
    free_list(cfg->youth_domains);
    free_list(cfg->filter_words);
    free_list(cfg->filter_word_files);
    free(cfg->path);
    free(cfg);
}

int config_is_admin(const struct config *cfg, const char *jid)
{
    for (size_t i = 0; i < cfg->n_admins; i++)
        if (jid_bare_eq(cfg->admins[i], jid))
            return 1;
    return 0;
}

/* 1 when key k holds the same value in a and b. */
static int same_value(const struct config *a, const struct config *b,
                      const struct ckey *k)
{
    const char *pa = (const char *)a + k->offset;
    const char *pb = (const char *)b + k->offset;

    switch (k->type) {
    case C_STRING: {
        const char *sa = *(char *const *)pa, *sb = *(char *const *)pb;

        return sa == sb || (sa && sb && strcmp(sa, sb) == 0);
    }
    case C_INT:
    case C_BOOL:
    case C_LOGLEVEL:
        return *(const long *)pa == *(const long *)pb;
    case C_JIDLIST:
    case C_WORDLIST: {
        char *const *la = *(char **const *)pa, *const *lb = *(char **const *)pb;
        size_t na = *(const size_t *)(pa + sizeof(char **));
        size_t nb = *(const size_t *)(pb + sizeof(char **));

        if (na != nb)
            return 0;
        for (size_t i = 0; i < na; i++)
            if (strcmp(la[i], lb[i]) != 0)
                return 0;
        return 1;
    }
    }
    return 0;
}

/* Swaps the value of key k between a and b (a list with its count). */
static void swap_value(struct config *a, struct config *b,
                       const struct ckey *k)
{
    char *pa = (char *)a + k->offset, *pb = (char *)b + k->offset;
    char tmp[sizeof(char **) + sizeof(size_t)];
    size_t n = sizeof(long);

    if (k->type == C_STRING)
        n = sizeof(char *);
    else if (k->type == C_JIDLIST || k->type == C_WORDLIST)
        n = sizeof(char **) + sizeof(size_t);
    memcpy(tmp, pa, n);
    memcpy(pa, pb, n);
    memcpy(pb, tmp, n);
}

size_t config_keep_restart_keys(struct config *nc, struct config *oc,
                                char *names, size_t len)
{
    size_t n = 0, used = 0;

    if (len > 0)
        names[0] = '\0';
    for (size_t i = 0; i < ARRAY_LEN(keys); i++) {
        if (keys[i].apply != RESTART || same_value(nc, oc, &keys[i]))
            continue;
        swap_value(nc, oc, &keys[i]);
        if (used < len) {
            int w = snprintf(names + used, len - used, "%s%s",
                             n ? ", " : "", keys[i].name);

            used += w > 0 ? (size_t)w : 0;
        }
        n++;
    }
    return n;
}

void config_print_defaults(void)
{
    for (size_t i = 0; i < ARRAY_LEN(keys); i++) {
        /* tests/docs/check-docs.py reads these two endings. */
        printf("# %s On SIGHUP: %s.\n", keys[i].help,
               keys[i].apply == RELOAD ? "applied" : "kept until a restart");
        if (keys[i].def)
            printf("%s = %s\n\n", keys[i].name, keys[i].def);
        else
            printf("#%s =\n\n", keys[i].name);
    }
}

int config_is_youth(const struct config *cfg, const char *jid)
{
    char *domain = jid_domain(jid);
    int yes = 0;

    for (size_t i = 0; domain && i < cfg->n_youth_domains; i++)
        if (str_eq_nocase(cfg->youth_domains[i], domain))
            yes = 1;
    free(domain);
    return yes;
}
