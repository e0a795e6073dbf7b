/*
 * nick.c - the impersonation guard for nicknames (see nick.h).
 *
 * Cost: one skeleton per join or nick change (a few microseconds), one
 * hash lookup for staff names and a substring search per reserved word.
 */
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uspoof.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

#include "err.h"
#include "hmap.h"
#include "nick.h"
#include "util.h"

#define MAXU 256 /* UTF-16 units: nicks are at most 48 code points */

struct nickguard {
    USpoofChecker *sc;
    const UNormalizer2 *fold;
    struct hmap *staff; /* skeleton -> 1 */
    char **words;       /* skeletons */
    size_t nwords;
};

struct nickguard *nickguard_new(void)
{
    struct nickguard *g = xcalloc(1, sizeof(*g));
    UErrorCode st = U_ZERO_ERROR;

    g->sc = uspoof_open(&st);
    if (U_SUCCESS(st))
        g->fold = unorm2_getNFKCCasefoldInstance(&st);
    if (U_FAILURE(st)) {
        if (g->sc)
            uspoof_close(g->sc);
        free(g);
        return NULL;
    }
    g->staff = hmap_new();
    return g;
}

void nickguard_clear(struct nickguard *g)
{
    hmap_free(g->staff);
    g->staff = hmap_new();
    for (size_t i = 0; i < g->nwords; i++)
        free(g->words[i]);
    free(g->words);
    g->words = NULL;
    g->nwords = 0;
}

void nickguard_free(struct nickguard *g)
{
    if (g == NULL)
        return;
    nickguard_clear(g);
    hmap_free(g->staff);
    uspoof_close(g->sc);
    free(g);
}

static int32_t fold(const struct nickguard *g, const UChar *in, int32_t n,
                    UChar *out)
{
    UErrorCode st = U_ZERO_ERROR;
    int32_t len = unorm2_normalize(g->fold, in, n, out, MAXU, &st);

    return U_SUCCESS(st) ? len : -1;
}

char *nick_skeleton(const struct nickguard *g, const char *nick)
{
    UChar a[MAXU], b[MAXU];
    int32_t n, m = 0;
    UErrorCode st = U_ZERO_ERROR;
    char out[4 * MAXU];

    u_strFromUTF8(a, MAXU, &n, nick, -1, &st);
    if (U_FAILURE(st) || n >= MAXU || (n = fold(g, a, n, b)) < 0)
        return NULL;
    /* Keep letters and digits only: spaces, dots, dashes, zero-width and
     * other invisible characters make no difference to a reader. */
    for (int32_t i = 0; i < n;) {
        UChar32 c;

        U16_NEXT(b, i, n, c);
        if (u_isalnum(c)) {
            if (m + U16_LENGTH(c) >= MAXU)
                return NULL;
            U16_APPEND_UNSAFE(a, m, c);
        }
    }
    if (m == 0)
        return NULL;
    n = uspoof_getSkeleton(g->sc, 0, a, m, b, MAXU, &st);
    if (U_FAILURE(st) || n >= MAXU || (n = fold(g, b, n, a)) < 0)
        return NULL;
    /* Beyond UTS #39: digits read as letters ("0fficer", "m0d3rator"),
     * and i and l, which the skeleton already joins with 1 and I, as one
     * letter. Stricter than Unicode, on purpose: a false "looks like
     * staff" costs a youth one more try at a nickname. */
    for (int32_t i = 0; i < n; i++) {
        static const char from[] = "0134578l", to[] = "oieastbi";
        const char *p = a[i] < 0x80 ? strchr(from, (char)a[i]) : NULL;

        if (p && *p)
            a[i] = (UChar)to[p - from];
    }
    st = U_ZERO_ERROR;
    u_strToUTF8(out, sizeof(out), &m, a, n, &st);
    if (U_FAILURE(st) || (size_t)m >= sizeof(out))
        return NULL;
    return xstrdup(out);
}

void nickguard_add_staff(struct nickguard *g, const char *name)
{
    char *sk = nick_skeleton(g, name);

    if (sk)
        hmap_put(g->staff, sk, g);
    free(sk);
}

void nickguard_add_word(struct nickguard *g, const char *word)
{
    char *sk = nick_skeleton(g, word);

    if (sk == NULL)
        return;
    g->words = xrealloc(g->words, (g->nwords + 1) * sizeof(*g->words));
    g->words[g->nwords++] = sk;
}

int nickguard_check(const struct nickguard *g, const char *nick,
                    const char **why)
{
    char *sk = nick_skeleton(g, nick);
    int rc = 0;

    if (sk == NULL) {
        *why = "A nickname needs at least one letter or digit.";
        return ERR_NOT_ACCEPTABLE;
    }
    if (hmap_get(g->staff, sk)) {
        *why = "That nickname looks like the name of a staff member; "
               "choose another.";
        rc = ERR_CONFLICT;
    }
    for (size_t i = 0; rc == 0 && i < g->nwords; i++)
        if (strstr(sk, g->words[i])) {
            *why = "That nickname contains a word reserved for staff; "
                   "choose another.";
            rc = ERR_NOT_ACCEPTABLE;
        }
    free(sk);
    return rc;
}
