/*
 * nick.c - the impersonation guard for nicknames (see nick.h for the
 * rules).
 *
 * One pass over the NFKD text cuts it into tokens (for the skeleton and
 * the word rules) and into words (for the mixed-script rule); each token
 * gets its skeleton on its own, and where each token starts and ends in
 * the name's skeleton is kept, so that short reserved words can be held
 * to whole tokens.
 *
 * Cost: per token and skeleton two ICU skeletons and a few
 * normalisations; a nick check (both skeletons, the script test, two
 * hash lookups, a substring search per reserved word and per staff name
 * of two or more tokens) takes about 5 us. No length limit: filter.c
 * takes the skeleton of whole messages through nick_skeleton(), about
 * 1 ms for 4000 characters.
 */
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/uspoof.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include "err.h"
#include "hmap.h"
#include "nick.h"
#include "util.h"

/* Reserved words of at least this many letters match anywhere; shorter
 * ones only as whole tokens (nick.h). */
#define WORD_ANYWHERE 7

/* Longer input is refused (no skeleton): far beyond a message. */
#define MAX_INPUT (1 << 20)

/* A skeleton to find inside a name's skeleton. */
struct word {
    char *sk;   /* owned, UTF-8 */
    size_t len; /* strlen(sk) */
    int whole;  /* 1: only as whole tokens */
};

struct nickguard {
    USpoofChecker *sc;  /* skeletons */
    USpoofChecker *mix; /* restriction level of one word */
    const UNormalizer2 *nfkd, *nfd, *fold;
    struct hmap *staff; /* skeleton -> g: every staff name */
    struct word *names; /* staff names of two or more tokens */
    size_t nnames;
    struct word *words; /* reserved words */
    size_t nwords;
};

/* --- UTF-16 buffers ------------------------------------------------------ */

struct ubuf {
    UChar *s;
    int32_t n, cap;
};

static void ub_grow(struct ubuf *b, int32_t need)
{
    if (need <= b->cap)
        return;
    b->cap = need + need / 2 + 16;
    b->s = xrealloc(b->s, (size_t)b->cap * sizeof(UChar));
}

static void ub_put(struct ubuf *b, UChar32 c)
{
    ub_grow(b, b->n + 2);
    U16_APPEND_UNSAFE(b->s, b->n, c);
}

/* out = nf(in): 0, or -1 when ICU fails. */
static int normalize(const UNormalizer2 *nf, const struct ubuf *in,
                     struct ubuf *out)
{
    UErrorCode st = U_ZERO_ERROR;
    int32_t n = unorm2_normalize(nf, in->s, in->n, out->s, out->cap, &st);

    if (st == U_BUFFER_OVERFLOW_ERROR) {
        ub_grow(out, n + 1);
        st = U_ZERO_ERROR;
        n = unorm2_normalize(nf, in->s, in->n, out->s, out->cap, &st);
    }
    if (U_FAILURE(st))
        return -1;
    out->n = n;
    return 0;
}

/* out = the UTS #39 skeleton of in (not empty): 0, or -1. */
static int skeleton(const struct nickguard *g, const struct ubuf *in,
                    struct ubuf *out)
{
    UErrorCode st = U_ZERO_ERROR;
    int32_t n = uspoof_getSkeleton(g->sc, 0, in->s, in->n, out->s, out->cap,
                                   &st);

    if (st == U_BUFFER_OVERFLOW_ERROR) {
        ub_grow(out, n + 1);
        st = U_ZERO_ERROR;
        n = uspoof_getSkeleton(g->sc, 0, in->s, in->n, out->s, out->cap,
                               &st);
    }
    if (U_FAILURE(st))
        return -1;
    out->n = n;
    return 0;
}

/* out = the letters and digits of in, decomposed, without marks (and
 * without the odd apostrophe a skeleton holds: ґ is "r'"); tmp is
 * scratch. The one symbol a skeleton makes of a letter stays, as the
 * letter it reads as: ð is "∂" to UTS #39, d to a reader ("Aðmin").
 * 0, or -1. */
static int letters_of(const struct nickguard *g, const struct ubuf *in,
                      struct ubuf *tmp, struct ubuf *out)
{
    if (normalize(g->nfd, in, tmp) != 0)
        return -1;
    out->n = 0;
    for (int32_t i = 0; i < tmp->n;) {
        UChar32 c;

        U16_NEXT(tmp->s, i, tmp->n, c);
        if (c == 0x2202) /* ∂, the skeleton of ð */
            c = 'd';
        if (u_isalnum(c))
            ub_put(out, c);
    }
    return 0;
}

/* --- skeletons ------------------------------------------------------------ */

/*
 * Beyond UTS #39, stricter on purpose (a false "looks like staff" costs
 * a youth one more try at a nickname): digits that read as letters
 * ("0fficer", "m0d3rator"); i and l, which the skeleton already joins
 * with 1 and I, as one letter; the small capitals the skeleton makes of
 * Cyrillic к, н, т, в and м, and п (π), as the Latin letters they are
 * read as. m is "rn" in skeletons, so ʍ is too.
 */
static const char *extra(UChar32 c)
{
    switch (c) {
    case '0':
        return "o";
    case '1':
    case 'l':
        return "i";
    case '3':
        return "e";
    case '4':
        return "a";
    case '5':
        return "s";
    case '7':
        return "t";
    case '8':
        return "b";
    case 0x0138: /* ĸ */
    case 0x1D0B: /* ᴋ */
        return "k";
    case 0x029C: /* ʜ */
        return "h";
    case 0x1D1B: /* ᴛ */
        return "t";
    case 0x0280: /* ʀ */
        return "r";
    case 0x0274: /* ɴ */
    case 0x03C0: /* π */
        return "n";
    case 0x0299: /* ʙ */
        return "b";
    case 0x028D: /* ʍ */
    case 0x1D0D: /* ᴍ */
        return "rn";
    }
    return NULL;
}

/*
 * Appends the skeleton of token t (letters and digits) to out, as UTF-8.
 * t, a and b are scratch. Twice: the skeleton of the text as written
 * (capitals as capitals: Cyrillic М is M), case folded, marks dropped
 * (o̸ is o); a lower-case letter may have another skeleton than its
 * capital ("m" is "rn", "M" is "M"), hence the second round. 0, or -1.
 */
static int token_skeleton(const struct nickguard *g, struct ubuf *t,
                          struct ubuf *a, struct ubuf *b, struct sbuf *out)
{
    for (int round = 0; round < 2; round++) {
        if (t->n == 0)
            return 0;
        if (skeleton(g, t, a) != 0 || normalize(g->fold, a, b) != 0 ||
            letters_of(g, b, a, t) != 0)
            return -1;
    }
    for (int32_t i = 0; i < t->n;) {
        UChar32 c;
        const char *x;
        char u8[U8_MAX_LENGTH];
        int32_t m = 0;

        U16_NEXT(t->s, i, t->n, c);
        if (c == 'v' && i < t->n && t->s[i] == 'v') {
            i++;
            x = "w";
        } else {
            x = extra(c);
        }
        if (x) {
            sb_add(out, x);
        } else {
            U8_APPEND_UNSAFE(u8, m, c);
            sb_addn(out, u8, (size_t)m);
        }
    }
    return 0;
}

/*
 * What one pass over a name finds. Two skeletons: [AS_WRITTEN] of the
 * text as written, where Cyrillic М and Greek Τ are M and T, and
 * [FOLDED] of the case-folded text, where "ЮВЕНАЛЬНА" is "ювенальна"
 * (ICU makes Latin of Ю but not of ю). Names are compared in both.
 */
enum { AS_WRITTEN, FOLDED, NVARIANTS };

struct parse {
    struct sbuf sk[NVARIANTS]; /* the skeletons, UTF-8 */
    size_t *edge[NVARIANTS];   /* byte offsets in sk where a token starts
                                * or ends */
    size_t nedge;
    size_t ntok;      /* tokens */
    size_t nletters;  /* letters and digits */
    int mixed;        /* a word fails the restriction level */
    int badge;        /* a check mark */
    int bidi;         /* a bidi embedding, override or isolate */
    int address;      /* x@y, or a dot before a domain label */
};

static void parse_free(struct parse *p)
{
    for (int v = 0; v < NVARIANTS; v++) {
        sb_free(&p->sk[v]);
        free(p->edge[v]);
    }
}

/* Marks, zero-width characters, joiners, soft hyphens, fillers: read as
 * nothing, so they neither count nor separate. */
static int invisible(UChar32 c)
{
    return (U_GET_GC_MASK(c) & U_GC_M_MASK) != 0 ||
           u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT);
}

static int real_script(UChar32 c)
{
    UErrorCode st = U_ZERO_ERROR;
    UScriptCode sc = uscript_getScript(c, &st);

    return U_SUCCESS(st) && sc != USCRIPT_COMMON && sc != USCRIPT_INHERITED
               ? (int)sc
               : -1;
}

/* Negative circled and squared letters (🅜, 🅼) have no compatibility
 * decomposition, so NFKD leaves them symbols: the letters they show. */
static UChar32 enclosed_letter(UChar32 c)
{
    if (c >= 0x1F150 && c <= 0x1F169)
        return 'A' + (c - 0x1F150);
    if (c >= 0x1F170 && c <= 0x1F189)
        return 'A' + (c - 0x1F170);
    return c;
}

/* Embeddings, overrides and isolates: U+202E shows "aksnaT iraM" as
 * "Mari Tanska". */
static int is_bidi_control(UChar32 c)
{
    return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

/* Check marks, which read as a verified badge. */
static int is_check_mark(UChar32 c)
{
    switch (c) {
    case 0x221A:  /* √ */
    case 0x2611:  /* ☑ */
    case 0x2705:  /* ✅ */
    case 0x2713:  /* ✓ */
    case 0x2714:  /* ✔ */
    case 0x10102: /* 𐄂 Aegean check mark */
    case 0x1F5F8: /* 🗸 */
    case 0x1F5F9: /* 🗹 */
    case 0x1FBB1: /* 🮱 */
        return 1;
    }
    return 0;
}

/* Dots, and what reads as one between two words. */
static int is_dot(UChar32 c)
{
    return c == '.' || c == 0x00B7 || c == 0x2022 || c == 0x2219 ||
           c == 0x3002 || c == 0x30FB;
}

/* Labels that make "x.label" read as an address: XMPP service names and
 * top-level domains people type (filter.c has these too). */
static const char *const domain_labels[] = {
    "localhost", "local", "lan", "muc", "conference", "chat", "xmpp",
    "jabber", "com", "net", "org", "fi", "se", "ua", "eu", "io", "info",
    "app", "xyz", "ru", "de", "uk", "dk", "ee",
};

/* Whether v (visible characters, NFKD) holds an address (nick.h). */
static int has_address(const struct ubuf *v)
{
    int alnum = 0, at = 0; /* a letter or digit seen; then an @ */

    for (int32_t i = 0; i < v->n;) {
        UChar32 c, d = 0;
        int32_t j;
        char label[16];
        size_t n = 0;

        U16_NEXT(v->s, i, v->n, c);
        if (c == '@' && alnum)
            at = 1; /* from now on, a letter or digit completes "x@y" */
        if (u_isalnum(c)) {
            if (at)
                return 1;
            alnum = 1;
        }
        if (!is_dot(c) || i < 2 || !u_isalnum(v->s[i - 2]))
            continue;
        for (j = i; j < v->n && v->s[j] < 0x80 && u_isalpha(v->s[j]) &&
                    n < sizeof(label) - 1;
             j++)
            label[n++] = (char)u_tolower(v->s[j]);
        label[n] = '\0';
        if (j < v->n) {
            U16_GET(v->s, 0, j, v->n, d);
            if (u_isalnum(d))
                continue; /* longer than a label we know, or not ASCII */
        }
        for (size_t k = 0; n > 0 && k < ARRAY_LEN(domain_labels); k++)
            if (strcmp(label, domain_labels[k]) == 0)
                return 1;
    }
    return 0;
}

/*
 * Cuts s into tokens and words (nick.h) and fills p: the skeleton, the
 * token edges and, when full, the badge, address and mixed-script
 * findings. 0, or -1 when s is not valid UTF-8, too long or ICU fails;
 * p is to be freed with parse_free() either way.
 */
static int parse(const struct nickguard *g, const char *s, struct parse *p,
                 int full)
{
    struct ubuf src = {0}, text = {0}, vis = {0}, tok = {0}, t2 = {0},
                word = {0}, a = {0}, b = {0};
    size_t len = strlen(s);
    UErrorCode st = U_ZERO_ERROR;
    UChar32 prev = 0;
    int prev_sc = -1, rc = -1;
    int32_t n;

    memset(p, 0, sizeof(*p));
    sb_init(&p->sk[AS_WRITTEN]);
    sb_init(&p->sk[FOLDED]);
    if (len > MAX_INPUT)
        return -1;
    ub_grow(&src, (int32_t)len + 1); /* UTF-16 is never longer */
    u_strFromUTF8(src.s, src.cap, &n, s, (int32_t)len, &st);
    if (U_FAILURE(st))
        goto done;
    src.n = n;
    if (normalize(g->nfkd, &src, &text) != 0)
        goto done;
    /* One more round than there are characters: the last flushes. */
    for (int32_t i = 0; i <= text.n;) {
        UChar32 c = -1;
        int sc = -1, cut;

        if (i < text.n) {
            U16_NEXT(text.s, i, text.n, c);
            p->bidi |= is_bidi_control(c);
            if (invisible(c))
                continue;
            c = enclosed_letter(c);
            if (full) {
                ub_put(&vis, c);
                p->badge |= is_check_mark(c);
            }
        } else {
            i++;
        }
        if (c >= 0 && u_isalnum(c)) {
            sc = real_script(c);
            /* A new token at each digit and after it, where lower case
             * turns to upper, where the script changes. */
            cut = tok.n > 0 &&
                  (u_isdigit(c) || u_isdigit(prev) ||
                   (u_islower(prev) && (u_isupper(c) || u_istitle(c))) ||
                   (sc >= 0 && prev_sc >= 0 && sc != prev_sc));
        } else {
            cut = 1;
        }
        if (cut && tok.n > 0) {
            for (int v = 0; v < NVARIANTS; v++) {
                size_t start = p->sk[v].len;

                if (v == FOLDED &&
                    (normalize(g->fold, &tok, &a) != 0 ||
                     letters_of(g, &a, &b, &tok) != 0))
                    goto done;
                /* token_skeleton() uses tok as scratch: a copy */
                ub_grow(&t2, tok.n);
                memcpy(t2.s, tok.s, (size_t)tok.n * sizeof(UChar));
                t2.n = tok.n;
                if (token_skeleton(g, &t2, &a, &b, &p->sk[v]) != 0)
                    goto done;
                p->edge[v] = xrealloc(p->edge[v],
                                      (p->nedge + 2) * sizeof(size_t));
                p->edge[v][p->nedge] = start;
                p->edge[v][p->nedge + 1] = p->sk[v].len;
            }
            p->nedge += 2;
            p->ntok++;
            tok.n = 0;
        }
        if (c >= 0 && u_isalnum(c)) {
            ub_put(&tok, c);
            ub_put(&word, c);
            p->nletters++;
            prev = c;
            prev_sc = sc;
            continue;
        }
        /* A visible separator, or the end: a word is complete. */
        if (full && word.n > 0 && !p->mixed) {
            int32_t r;

            st = U_ZERO_ERROR;
            r = uspoof_check2(g->mix, word.s, word.n, NULL, &st);
            p->mixed = U_SUCCESS(st) && (r & USPOOF_RESTRICTION_LEVEL);
        }
        word.n = 0;
        prev = 0;
        prev_sc = -1;
    }
    if (full)
        p->address = has_address(&vis);
    rc = 0;
done:
    free(src.s);
    free(text.s);
    free(vis.s);
    free(tok.s);
    free(t2.s);
    free(word.s);
    free(a.s);
    free(b.s);
    return rc;
}

/* --- the guard ------------------------------------------------------------ */

struct nickguard *nickguard_new(void)
{
    struct nickguard *g = xcalloc(1, sizeof(*g));
    UErrorCode st = U_ZERO_ERROR;

    g->sc = uspoof_open(&st);
    g->mix = uspoof_open(&st);
    if (U_SUCCESS(st)) {
        /* Only the script test: UTS #39 §5.2, Moderately Restrictive
         * lets Latin go with any script but Cyrillic, Greek and
         * Cherokee, and each of those only alone. */
        uspoof_setChecks(g->mix, USPOOF_RESTRICTION_LEVEL, &st);
        uspoof_setRestrictionLevel(g->mix, USPOOF_MODERATELY_RESTRICTIVE);
        g->nfkd = unorm2_getNFKDInstance(&st);
        g->nfd = unorm2_getNFDInstance(&st);
        g->fold = unorm2_getNFKCCasefoldInstance(&st);
    }
    if (U_FAILURE(st)) {
        if (g->sc)
            uspoof_close(g->sc);
        if (g->mix)
            uspoof_close(g->mix);
        free(g);
        return NULL;
    }
    g->staff = hmap_new();
    return g;
}

static void words_free(struct word *w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(w[i].sk);
    free(w);
}

void nickguard_clear(struct nickguard *g)
{
    hmap_free(g->staff);
    g->staff = hmap_new();
    words_free(g->names, g->nnames);
    g->names = NULL;
    g->nnames = 0;
    words_free(g->words, g->nwords);
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
    uspoof_close(g->mix);
    free(g);
}

char *nick_skeleton(const struct nickguard *g, const char *nick)
{
    struct parse p;
    char *sk = NULL;

    if (parse(g, nick, &p, 0) == 0 && p.sk[FOLDED].len > 0) {
        sk = p.sk[FOLDED].s;
        p.sk[FOLDED].s = NULL;
    }
    parse_free(&p);
    return sk;
}

/* Adds both skeletons of p to list (one when they are the same). */
static void add(struct word **list, size_t *n, const struct parse *p,
                int whole)
{
    for (int v = 0; v < NVARIANTS; v++) {
        if (v == FOLDED && strcmp(p->sk[v].s, p->sk[AS_WRITTEN].s) == 0)
            break;
        *list = xrealloc(*list, (*n + 1) * sizeof(**list));
        (*list)[*n].sk = xstrdup(p->sk[v].s);
        (*list)[*n].len = p->sk[v].len;
        (*list)[*n].whole = whole;
        (*n)++;
    }
}

void nickguard_add_staff(struct nickguard *g, const char *name)
{
    struct parse p;

    if (parse(g, name, &p, 0) == 0 && p.sk[AS_WRITTEN].len > 0) {
        for (int v = 0; v < NVARIANTS; v++)
            hmap_put(g->staff, p.sk[v].s, g);
        if (p.ntok >= 2)
            add(&g->names, &g->nnames, &p, 1);
    }
    parse_free(&p);
}

void nickguard_add_word(struct nickguard *g, const char *word)
{
    struct parse p;

    if (parse(g, word, &p, 0) == 0 && p.sk[AS_WRITTEN].len > 0)
        add(&g->words, &g->nwords, &p, p.nletters < WORD_ANYWHERE);
    parse_free(&p);
}

/* Whether one of the n words is in one of p's skeletons (anywhere, or as
 * whole tokens). */
static int holds(const struct parse *p, const struct word *w, size_t n)
{
    int hit = 0;

    for (int v = 0; !hit && v < NVARIANTS; v++) {
        const char *sk = p->sk[v].s;
        unsigned char *edge = xcalloc(p->sk[v].len + 1, 1);

        for (size_t i = 0; i < p->nedge; i++)
            edge[p->edge[v][i]] = 1;
        for (size_t i = 0; !hit && i < n; i++)
            for (const char *q = strstr(sk, w[i].sk); !hit && q;
                 q = strstr(q + 1, w[i].sk))
                hit = !w[i].whole ||
                      (edge[q - sk] && edge[q - sk + w[i].len]);
        free(edge);
    }
    return hit;
}

/* Whether p reads as a staff name (nick.h). */
static int is_staff(const struct nickguard *g, const struct parse *p)
{
    return hmap_get(g->staff, p->sk[AS_WRITTEN].s) ||
           hmap_get(g->staff, p->sk[FOLDED].s) ||
           holds(p, g->names, g->nnames);
}

int nickguard_check_kind(const struct nickguard *g, const char *nick,
                         const char **why, enum nick_refusal *kind)
{
    struct parse p;
    int rc = ERR_NOT_ACCEPTABLE;

    if (parse(g, nick, &p, 1) != 0 || p.sk[AS_WRITTEN].len == 0) {
        *why = "A nickname needs at least one letter or digit.";
        *kind = NICK_EMPTY;
    } else if (is_staff(g, &p)) {
        *why = "That nickname looks like the name of a staff member; "
               "choose another.";
        *kind = NICK_STAFF;
        rc = ERR_CONFLICT;
    } else if (p.mixed) {
        *why = "That nickname mixes look-alike letters of different "
               "alphabets, such as Latin and Cyrillic, in one word; "
               "choose another.";
        *kind = NICK_MIXED;
    } else if (p.bidi) {
        *why = "That nickname holds characters that turn text around; "
               "choose another.";
        *kind = NICK_BIDI;
    } else if (p.badge) {
        *why = "That nickname holds a check mark, which reads as a "
               "verified badge; choose another.";
        *kind = NICK_BADGE;
    } else if (p.address) {
        *why = "That nickname reads as an address; choose another.";
        *kind = NICK_ADDRESS;
    } else if (holds(&p, g->words, g->nwords)) {
        *why = "That nickname contains a word reserved for staff; "
               "choose another.";
        *kind = NICK_WORD;
    } else {
        *kind = NICK_OK;
        rc = 0;
    }
    parse_free(&p);
    return rc;
}

int nickguard_check(const struct nickguard *g, const char *nick,
                    const char **why)
{
    enum nick_refusal kind;

    return nickguard_check_kind(g, nick, why, &kind);
}
