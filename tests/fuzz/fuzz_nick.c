/*
 * fuzz_nick.c - libFuzzer target: the nickname guard (nick.h) and the
 * nick syntax check (room.h nick_check()).
 *
 * The guard holds staff names and the default reserved_words, loaded as
 * the daemon loads them (config_load() of a minimal config, then one
 * nickguard_add_word() per word). The input's first line is a nickname:
 * nick_check(), nickguard_check() and nick_skeleton() run on it. Further
 * lines, when present, are a staff name and a reserved word for a
 * second, small guard, so that the matching also meets names and words
 * the fuzzer makes; the first line is checked against that guard too.
 * A refusal must say why, with ERR_CONFLICT or ERR_NOT_ACCEPTABLE; a
 * staff name must be refused as its own look-alike; a nick that passes
 * nick_check() and the guard must have a skeleton (else what compares
 * skeletons, the filters and the banned look-alike warning, cannot see
 * it).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "err.h"
#include "fuzz.h"
#include "log.h"
#include "nick.h"
#include "room.h"
#include "util.h"

static struct nickguard *guard, *small;

static const char *const staff[] = {
    "Officer Mikko", "Mari Tanska",   "Liisa", "Олег Коваленко",
    "Anna-Kaisa",    "Poliisi Pekka", "J0hn",  "Åsa Öberg",
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static const char conf_text[] = "component_jid = muc.localhost\n"
                                    "secret = fuzz\n";
    char err[512], *conf = fuzz_path("nick.conf");
    struct config *cfg;

    (void)argc;
    (void)argv;
    log_set_level(LOG_ERROR);
    fuzz_write(conf, conf_text, strlen(conf_text));
    if ((cfg = config_load(conf, err, sizeof(err))) == NULL) {
        fprintf(stderr, "fuzz_nick: %s\n", err);
        exit(1);
    }
    if ((guard = nickguard_new()) == NULL ||
        (small = nickguard_new()) == NULL) {
        fprintf(stderr, "fuzz_nick: ICU's data cannot be opened\n");
        exit(1);
    }
    for (size_t i = 0; i < ARRAY_LEN(staff); i++)
        nickguard_add_staff(guard, staff[i]);
    for (size_t i = 0; i < cfg->n_reserved_words; i++)
        nickguard_add_word(guard, cfg->reserved_words[i]);
    config_free(cfg);
    free(conf);
    return 0;
}

/* valid: nick passed nick_check(), as every nick the guard sees in the
 * daemon has. */
static void check(const struct nickguard *g, const char *nick, int valid)
{
    const char *why = NULL;
    int rc = nickguard_check(g, nick, &why);
    char *sk = nick_skeleton(g, nick);

    if (rc != 0 &&
        (why == NULL || (rc != ERR_CONFLICT && rc != ERR_NOT_ACCEPTABLE)))
        abort(); /* a refusal says why, with one of the two codes */
    if (valid && rc == 0 && sk == NULL)
        abort(); /* an accepted nick has a skeleton */
    free(sk);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_cstr(data, size), *nick = text, *name = NULL,
         *word = NULL, *nl;
    const char *why = NULL;
    int valid;

    if ((nl = strchr(nick, '\n')) != NULL) {
        *nl = '\0';
        name = nl + 1;
        if ((nl = strchr(name, '\n')) != NULL) {
            *nl = '\0';
            word = nl + 1;
        }
    }
    valid = nick_check(nick, &why) == 0;
    check(guard, nick, valid);
    for (size_t i = 0; i < ARRAY_LEN(staff); i++)
        if (strcmp(nick, staff[i]) == 0 &&
            nickguard_check(guard, nick, &why) != ERR_CONFLICT)
            abort();
    if (name) {
        nickguard_clear(small);
        nickguard_add_staff(small, name);
        if (word)
            nickguard_add_word(small, word);
        check(small, nick, valid);
        /* A staff name is its own look-alike, when it has a skeleton. */
        if (strcmp(nick, name) == 0) {
            char *sk = nick_skeleton(small, name);

            if (sk && nickguard_check(small, nick, &why) == 0)
                abort();
            free(sk);
        }
    }
    free(text);
    return 0;
}
