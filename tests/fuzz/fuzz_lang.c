/*
 * fuzz_lang.c - libFuzzer target: lang_load_texts() of a message
 * catalogue, and lang_format() with the texts it accepts.
 *
 * The input is the Finnish catalogue, loaded from memory by
 * lang_load_texts(), the parser lang_load() hands the files of a
 * directory to. A set needs a complete English catalogue: conf/lang/en.txt
 * is loaded once, at start, and every input's set shares it (writing
 * files, reading a directory and parsing English again took most of each
 * input's time and tested nothing new). An input is cut at its first NUL byte
 * (lang_load() refuses such a file; test_lang checks that). A set that
 * loads has every key the input defines formatted in Finnish, with
 * arguments, into a buffer large enough and into small ones, where the
 * text must be cut at a character boundary (English, which the others
 * fall back to, once at the first input); one that does not load must
 * say why.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "fuzz.h"
#include "lang.h"
#include "log.h"
#include "util.h"

#define EN_MAX (LANG_FILE_MAX + 1)

static struct langs *english; /* en.txt alone, the base of every input */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    char *en = xmalloc(EN_MAX + 1), err[1024];
    struct lang_text text = {"en", en};
    size_t n;
    FILE *f = fopen(FUZZ_TOP "/conf/lang/en.txt", "rb");

    (void)argc;
    (void)argv;
    log_set_level(LOG_ERROR);
    if (f == NULL) {
        perror("fuzz_lang: " FUZZ_TOP "/conf/lang/en.txt");
        exit(1);
    }
    n = fread(en, 1, EN_MAX, f);
    fclose(f);
    en[n] = '\0';
    english = lang_load_texts(NULL, &text, 1, FUZZ_TOP "/conf/lang", err,
                              sizeof(err));
    free(en);
    if (english == NULL) {
        fprintf(stderr, "fuzz_lang: %s\n", err);
        exit(1);
    }
    return 0;
}

/* 1 when s ends inside a UTF-8 sequence. */
static int cut_badly(const char *s)
{
    size_t n = strlen(s), k = 0;

    while (k < n && k < 4 && ((unsigned char)s[n - 1 - k] & 0xC0) == 0x80)
        k++;
    if (k == n)
        return k > 0;
    {
        unsigned char lead = (unsigned char)s[n - 1 - k];
        size_t need = lead >= 0xF0   ? 3
                      : lead >= 0xE0 ? 2
                      : lead >= 0xC0 ? 1
                                     : 0;

        return need != k;
    }
}

/* As many as a text may name (%1$s to %9$s). */
static const char *const args[] = {
    "maanantaina", "2026-12-07", "16:00", "ÄÖ€𝄞", "kysy@muc.localhost",
    "3",           "Europe/Helsinki",    "𝄞x",  "z",
};

/*
 * Key k of c formatted with the count it takes, into a buffer large
 * enough and into small ones, where the text must be cut at a character
 * boundary; aborts on a broken property.
 */
static void check_key(const struct lang_cat *c, enum lang_key k)
{
    char buf[4096], small[24];
    size_t nargs = 0;

    /* The key's count: the one nargs lang_format() takes. */
    while (nargs <= ARRAY_LEN(args) &&
           lang_format(c, k, buf, sizeof(buf), args, nargs) == ERR_INTERNAL &&
           strlen(buf) == 0)
        nargs++;
    if (nargs > ARRAY_LEN(args))
        abort(); /* no count fits the key */
    for (size_t len = 1; len <= sizeof(small); len += 3) {
        lang_format(c, k, small, len, args, nargs);
        if (strlen(small) >= len || cut_badly(small))
            abort();
    }
}

/*
 * Every key of English once, at the first input: an input's set falls
 * back to it for the keys the input leaves out, so each input checks
 * only the keys it defines (about 500 keys, each formatted nine times,
 * made the target a thousand inputs a second).
 */
static void check_english(void)
{
    static int done;
    const struct lang_cat *en = lang_pick(english, "en", "en");

    if (done)
        return;
    done = 1;
    for (int k = 0; k < LANG_NKEYS; k++)
        check_key(en, (enum lang_key)k);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[1024], *fi = fuzz_cstr(data, size);
    struct lang_text text = {"fi", fi};
    const struct lang_cat *c, *en;
    struct langs *l;

    check_english();
    err[0] = '\0';
    l = lang_load_texts(english, &text, 1, "fuzz", err, sizeof(err));
    free(fi);
    if (l == NULL) {
        if (err[0] == '\0')
            abort(); /* a refusal says why */
        return 0;
    }
    c = lang_pick(l, "fi-FI", "en");
    en = lang_pick(english, "en", "en");
    if (strcmp(lang_code(c), "fi") != 0)
        abort();
    for (int k = 0; k < LANG_NKEYS; k++)
        if (lang_text(c, (enum lang_key)k) != lang_text(en, (enum lang_key)k))
            check_key(c, (enum lang_key)k);
    lang_free(l);
    return 0;
}
