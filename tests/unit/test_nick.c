/* test_nick.c - the impersonation guard: look-alikes of staff names and
 * reserved words are refused, ordinary nicknames pass.
 *
 * Besides single checks, two corpora next to this file: nick_attack.txt
 * (each name refused) and nick_ordinary.txt (each name passes), with the
 * staff names of nick_staff.txt and the default reserved_words loaded as
 * the daemon loads them (config_load, then staffs_fill_guard's calls).
 * Run from the top of the tree (as make check does): the files are found
 * from __FILE__. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "config.h"
#include "err.h"
#include "nick.h"
#include "util.h"

#define MAX_NAMES 1000

/* Appends c to out as UTF-8 (out has room for 4 more bytes). */
static size_t put_utf8(char *out, unsigned long c)
{
    if (c < 0x80) {
        out[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        out[0] = (char)(0xC0 | (c >> 6));
        out[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        out[0] = (char)(0xE0 | (c >> 12));
        out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        out[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (c >> 18));
    out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
    out[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

/* line with \uXXXX and \UXXXXXXXX turned into their characters, as a
 * new string. */
static char *unescape(const char *line)
{
    char *out = xmalloc(strlen(line) + 1), *o = out;

    for (const char *p = line; *p;) {
        size_t n = p[0] == '\\' && p[1] == 'u'   ? 4
                   : p[0] == '\\' && p[1] == 'U' ? 8
                                                 : 0;
        char hex[9];

        if (n && strspn(p + 2, "0123456789abcdefABCDEF") >= n) {
            memcpy(hex, p + 2, n);
            hex[n] = '\0';
            o += put_utf8(o, strtoul(hex, NULL, 16));
            p += 2 + n;
        } else {
            *o++ = *p++;
        }
    }
    *o = '\0';
    return out;
}

/* The names of file (next to this source), up to MAX_NAMES, into names;
 * their number, or -1 when the file cannot be read. */
static int read_names(const char *file, char **names)
{
    char path[512], line[512];
    const char *slash = strrchr(__FILE__, '/');
    FILE *f;
    int n = 0;

    snprintf(path, sizeof(path), "%.*s%s",
             slash ? (int)(slash - __FILE__ + 1) : 0, __FILE__, file);
    if ((f = fopen(path, "r")) == NULL) {
        fprintf(stderr, "test_nick: cannot read %s (run from the top of "
                        "the tree)\n",
                path);
        return -1;
    }
    while (n < MAX_NAMES && fgets(line, sizeof(line), f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '\0' || line[0] == '#')
            continue;
        names[n++] = unescape(line);
    }
    fclose(f);
    return n;
}

static void free_names(char **names, int n)
{
    for (int i = 0; i < n; i++)
        free(names[i]);
}

/* The defaults of config.c, read as the daemon reads its config. */
static struct config *default_config(void)
{
    char path[] = "/tmp/ecopper-test-nick-XXXXXX", err[256];
    int fd = mkstemp(path);
    struct config *c;
    FILE *f;

    if (fd < 0)
        return NULL;
    f = fdopen(fd, "w");
    fputs("component_jid = muc.localhost\nsecret = s\n", f);
    fclose(f);
    c = config_load(path, err, sizeof(err));
    if (c == NULL)
        fprintf(stderr, "test_nick: %s\n", err);
    unlink(path);
    return c;
}

/* Same skeleton for a and b. */
static int same(const struct nickguard *g, const char *a, const char *b)
{
    char *x = nick_skeleton(g, a), *y = nick_skeleton(g, b);
    int eq = x && y && strcmp(x, y) == 0;

    if (!eq)
        fprintf(stderr, "skeletons differ: '%s' -> '%s', '%s' -> '%s'\n", a,
                x ? x : "(null)", b, y ? y : "(null)");
    free(x);
    free(y);
    return eq;
}

/* The result of checking nick, printed when it is not want (0: passes,
 * 1: any refusal, else that code). */
static int check_is(const struct nickguard *g, const char *nick, int want)
{
    const char *why = "";
    int rc = nickguard_check(g, nick, &why);
    int ok = want == 1 ? rc != 0 : rc == want;

    if (!ok)
        fprintf(stderr, "nick '%s': got %d (%s), want %s\n", nick, rc,
                rc ? why : "passes",
                want == 0 ? "it to pass" : "a refusal");
    return ok;
}

/* Single rules, with a few staff names and words of our own. */
static void rules(void)
{
    struct nickguard *g = nickguard_new();
    const char *why = NULL;
    char *a, *long_text;

    CHECK(g != NULL);
    if (g == NULL)
        return;
    nickguard_add_staff(g, "Officer Mikko");
    nickguard_add_staff(g, "Mari Tanska");
    nickguard_add_word(g, "police");
    nickguard_add_word(g, "poliisi");
    nickguard_add_word(g, "поліція");
    nickguard_add_word(g, "moderator");
    nickguard_add_word(g, "cop");
    nickguard_add_word(g, "staff");
    nickguard_add_word(g, "youth-worker");

    /* Same skeleton for the obvious disguises. */
    CHECK(same(g, "Officer Mikko", "0fficer  M1kko!"));
    CHECK(same(g, "Officer Mikko", "Officer Mikk\xd0\xbe")); /* Cyrillic o */
    CHECK(same(g, "Officer Mikko", "officer.mikko"));
    CHECK(same(g, "Officer Mikko", "OFFICER MIKKO"));
    CHECK(same(g, "Officer Mikko", "officer mikko"));
    CHECK(same(g, "Officer Mikko", "Officer\xe2\x80\x8bMikko")); /* ZWSP */
    /* Capitals first: Cyrillic М and Т, Greek Τ are Latin M and T. */
    CHECK(same(g, "Mari Tanska", "\xd0\x9c" "ari \xd0\xa2" "anska"));
    CHECK(same(g, "Mari Tanska", "Mari \xce\xa4" "anska"));
    /* Accents come off, precomposed or not. */
    CHECK(same(g, "Mari Tanska", "M\xc3\xa1ri Tanska"));
    CHECK(same(g, "Mari Tanska", "Ma\xcc\x81ri Tan\xcc\x88ska"));
    CHECK(same(g, "Tanska", "Ta\xe1\xb9\x87ska")); /* ṇ */
    CHECK(same(g, "Worker", "W\xc3\xb6rker"));
    /* m is rn in skeletons, whatever the case. */
    CHECK(same(g, "Mikko", "rnikko"));
    CHECK(same(g, "MIKKO", "mikko"));

    CHECK(nickguard_check(g, "Officer Mikko", &why) == ERR_CONFLICT);
    CHECK(nickguard_check(g, "0fficer Mikko", &why) == ERR_CONFLICT);
    CHECK(nickguard_check(g, "Officer Mikk\xd0\xbe", &why) == ERR_CONFLICT);
    CHECK(nickguard_check(g, "Officer_Mikko", &why) == ERR_CONFLICT);
    /* A staff name of two tokens, as whole tokens in a longer name. */
    CHECK(nickguard_check(g, "The real Mari Tanska", &why) == ERR_CONFLICT);
    CHECK(nickguard_check(g, "Mari Tanska 2", &why) == ERR_CONFLICT);
    CHECK(check_is(g, "Officer Mikkonen", 0));
    CHECK(check_is(g, "Mari Tanskanen", 0));
    CHECK(check_is(g, "Mari", 0));
    CHECK(nickguard_check(g, "the police guy", &why) == ERR_NOT_ACCEPTABLE);
    CHECK(nickguard_check(g, "P0LICE", &why) == ERR_NOT_ACCEPTABLE);
    CHECK(nickguard_check(g, "Poliisi Pekka", &why) == ERR_NOT_ACCEPTABLE);
    CHECK(nickguard_check(g, "\xd0\x9f\xd0\xbe\xd0\xbb\xd1\x96\xd1\x86\xd1"
                             "\x96\xd1\x8f",
                          &why) == ERR_NOT_ACCEPTABLE); /* Поліція */
    CHECK(nickguard_check(g, "mod3rator", &why) == ERR_NOT_ACCEPTABLE);
    CHECK(nickguard_check(g, "!!!", &why) == ERR_NOT_ACCEPTABLE);
    CHECK(nickguard_check(g, "\xe2\x9c\x85", &why) == ERR_NOT_ACCEPTABLE);

    /* Short words only as whole tokens, which may be spread out. */
    CHECK(check_is(g, "Cop", ERR_NOT_ACCEPTABLE));
    CHECK(check_is(g, "c.o.p", ERR_NOT_ACCEPTABLE));
    CHECK(check_is(g, "C0P", ERR_NOT_ACCEPTABLE));
    CHECK(check_is(g, "SuperCop", ERR_NOT_ACCEPTABLE));
    CHECK(check_is(g, "cop123", ERR_NOT_ACCEPTABLE));
    CHECK(check_is(g, "Sta\xe2\x80\x8b" "ff", ERR_NOT_ACCEPTABLE));
    CHECK(check_is(g, "Jacopo", 0));
    CHECK(check_is(g, "Scoop", 0));
    CHECK(check_is(g, "Copper", 0));
    CHECK(check_is(g, "Staffan", 0));
    CHECK(check_is(g, "Policeman", 0)); /* "police" is short here */
    /* Long words anywhere, dashes in a word drop out. */
    CHECK(check_is(g, "Rikospoliisi", ERR_NOT_ACCEPTABLE));
    CHECK(check_is(g, "Moderators", ERR_NOT_ACCEPTABLE));
    CHECK(check_is(g, "YouthWorker", ERR_NOT_ACCEPTABLE));
    CHECK(check_is(g, "Youth worker Sam", ERR_NOT_ACCEPTABLE));

    /* Scripts: mixed in one word is refused, words of one script each
     * pass. */
    CHECK(check_is(g, "J\xd0\xb0ne", ERR_NOT_ACCEPTABLE)); /* Cyrillic а */
    CHECK(check_is(g, "J\xd0\xb0\xe2\x80\x8bne", ERR_NOT_ACCEPTABLE));
    CHECK(check_is(g, "\xd0\x9e\xd0\xbb\xd0\xb5\xd0\xb3 UA", 0)); /* Олег */
    CHECK(check_is(g, "\xd0\x90\xd0\xbd\xd0\xbd\xd0\xb0", 0));     /* Анна */
    CHECK(check_is(g, "\xc3\x85sa", 0));                           /* Åsa */
    CHECK(check_is(g, "kid", 0));
    CHECK(check_is(g, "Mikko", 0));

    /* Letters drawn as symbols; text turned around. */
    CHECK(check_is(g, "Mari \xf0\x9f\x86\x83\xf0\x9f\x85\xb0\xf0\x9f\x85"
                      "\xbd\xf0\x9f\x86\x82\xf0\x9f\x85\xba\xf0\x9f\x85"
                      "\xb0",
                   ERR_CONFLICT)); /* Mari 🆃🅰🅽🆂🅺🅰 */
    CHECK(check_is(g, "\xe2\x80\xae" "aksnaT iraM", ERR_NOT_ACCEPTABLE));
    CHECK(check_is(g, "\xe2\x80\x8e" "Anna", 0)); /* LRM: a mark only */

    /* Check marks and addresses. */
    CHECK(check_is(g, "Anna \xe2\x9c\x94", ERR_NOT_ACCEPTABLE)); /* ✔ */
    CHECK(check_is(g, "ask@muc.localhost", ERR_NOT_ACCEPTABLE));
    CHECK(check_is(g, "muc.localhost", ERR_NOT_ACCEPTABLE));
    CHECK(check_is(g, "Mr.Bean", 0));
    CHECK(check_is(g, "@anna", 0));

    /* No skeleton for what is not UTF-8; any length otherwise (filter.c
     * takes the skeleton of whole messages). */
    CHECK(nick_skeleton(g, "\xff\xfe") == NULL);
    /* The eth reads as d (its UTS #39 skeleton is the symbol ∂): it must
     * not drop out (tests/fuzz/findings/nick-eth-no-skeleton.txt). */
    {
        char *e1 = nick_skeleton(g, "\xc3\x90"), *e2 = nick_skeleton(g, "d");

        CHECK(e1 && e2 && strcmp(e1, e2) == 0);
        free(e1);
        free(e2);
    }
    CHECK(nickguard_check(g, "\xc3", &why) == ERR_NOT_ACCEPTABLE);
    long_text = xmalloc(8001);
    for (int i = 0; i < 8000; i++)
        long_text[i] = "ab cd"[i % 5];
    long_text[8000] = '\0';
    a = nick_skeleton(g, long_text);
    CHECK(a != NULL && strlen(a) == 6400);
    free(a);
    free(long_text);

    nickguard_clear(g);
    CHECK(check_is(g, "Officer Mikko", 0));
    CHECK(check_is(g, "Cop", 0));
    nickguard_free(g);
    nickguard_free(NULL);
}

/* The corpora, with the default words and the demo's staff. */
static void corpora(void)
{
    static char *staff[MAX_NAMES], *attack[MAX_NAMES], *ordinary[MAX_NAMES];
    struct config *cfg = default_config();
    struct nickguard *g = nickguard_new();
    int ns = read_names("nick_staff.txt", staff);
    int na = read_names("nick_attack.txt", attack);
    int no = read_names("nick_ordinary.txt", ordinary);

    CHECK(cfg != NULL && g != NULL);
    CHECK(ns > 0);
    CHECK(na >= 200);
    CHECK(no >= 200);
    if (cfg && g) {
        /* As staffs_fill_guard() does. */
        for (int i = 0; i < ns; i++)
            nickguard_add_staff(g, staff[i]);
        for (size_t i = 0; i < cfg->n_reserved_words; i++)
            nickguard_add_word(g, cfg->reserved_words[i]);
        for (int i = 0; i < na; i++)
            CHECK(check_is(g, attack[i], 1));
        for (int i = 0; i < no; i++)
            CHECK(check_is(g, ordinary[i], 0));
        printf("test_nick: %d attack names, %d ordinary names, %d staff "
               "names, %zu reserved words\n",
               na, no, ns, cfg->n_reserved_words);
    }
    free_names(staff, ns);
    free_names(attack, na);
    free_names(ordinary, no);
    nickguard_free(g);
    config_free(cfg);
}

int main(void)
{
    rules();
    corpora();
    return CHECK_DONE("test_nick");
}
