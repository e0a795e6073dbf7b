/*
 * staff.c - the staff registry, the import parser (one for the
 * staff-import command and `ecopper --import-staff`) and the photo check.
 *
 * Invariant: by_jid and by_name index the same entries, and each entry
 * has its row in the store. Imports change the store in one transaction
 * and the memory only after it committed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "err.h"
#include "hmap.h"
#include "lang.h"
#include "nick.h"
#include "staff.h"
#include "store.h"
#include "util.h"

struct staffs {
    struct store *st;
    struct hmap *by_jid;
    struct hmap *by_name;
};

static char *lower(const char *s)
{
    char *c = xstrdup(s);

    for (char *p = c; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    return c;
}

static void staff_free(struct staff *m)
{
    if (m == NULL)
        return;
    free(m->jid);
    free(m->name);
    free(m->title);
    free(m->organisation);
    free(m->photo);
    free(m->photo_type);
    free(m);
}

static struct staff *staff_copy(const struct staff *src)
{
    struct staff *m = xcalloc(1, sizeof(*m));

    m->jid = lower(src->jid);
    m->name = xstrdup(src->name);
    m->title = xstrdup(src->title ? src->title : "");
    m->organisation = xstrdup(src->organisation ? src->organisation : "");
    m->role = src->role;
    if (src->photo && src->photo_len) {
        m->photo = xmalloc(src->photo_len);
        memcpy(m->photo, src->photo, src->photo_len);
        m->photo_len = src->photo_len;
    }
    m->photo_type = xstrdup(src->photo_type ? src->photo_type : "");
    if (m->photo_len) {
        static const char hex[] = "0123456789abcdef";
        unsigned char md[EVP_MAX_MD_SIZE];
        unsigned int mdlen = 0;

        /* XEP-0153 §4.1: the hash clients compare to their cached one. */
        EVP_Digest(m->photo, m->photo_len, md, &mdlen, EVP_sha1(), NULL);
        for (unsigned int i = 0; i < mdlen && i < 20; i++) {
            m->photo_sha1[2 * i] = hex[md[i] >> 4];
            m->photo_sha1[2 * i + 1] = hex[md[i] & 15];
        }
        m->photo_sha1[40] = '\0';
    }
    return m;
}

static void index_one(struct staffs *s, struct staff *m)
{
    hmap_put(s->by_jid, m->jid, m);
    hmap_put(s->by_name, m->name, m);
}

static int load_one(const struct store_staff *r, void *ud)
{
    struct staff tmp = {
        .jid = (char *)(uintptr_t)r->jid,
        .name = (char *)(uintptr_t)r->name,
        .title = (char *)(uintptr_t)r->title,
        .organisation = (char *)(uintptr_t)r->organisation,
        .role = strcmp(r->default_role, "moderator") == 0 ? ROLE_MODERATOR
                                                         : ROLE_PARTICIPANT,
        .photo = (unsigned char *)(uintptr_t)r->photo,
        .photo_len = r->photo ? r->photo_len : 0,
        .photo_type = (char *)(uintptr_t)r->photo_type,
    };

    index_one(ud, staff_copy(&tmp));
    return 0;
}

struct staffs *staffs_load(struct store *st)
{
    struct staffs *s = xcalloc(1, sizeof(*s));

    s->st = st;
    s->by_jid = hmap_new();
    s->by_name = hmap_new();
    if (store_staff_each(st, load_one, s) != 0) {
        staffs_free(s);
        return NULL;
    }
    return s;
}

void staffs_free(struct staffs *s)
{
    struct hmap_iter it;
    const char *k;
    void *v;

    if (s == NULL)
        return;
    hmap_iter_init(&it, s->by_jid);
    while (hmap_iter_next(&it, &k, &v))
        staff_free(v);
    hmap_free(s->by_jid);
    hmap_free(s->by_name);
    free(s);
}

const struct staff *staffs_get(const struct staffs *s, const char *jid)
{
    char *bare, *key;
    const struct staff *m;

    if (jid == NULL)
        return NULL;
    bare = jid_bare(jid);
    key = lower(bare);
    m = hmap_get(s->by_jid, key);
    free(key);
    free(bare);
    return m;
}

const struct staff *staffs_by_name(const struct staffs *s, const char *name)
{
    return name ? hmap_get(s->by_name, name) : NULL;
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp((*(const struct staff *const *)a)->name,
                  (*(const struct staff *const *)b)->name);
}

const struct staff **staffs_sorted(const struct staffs *s, size_t *n)
{
    return (const struct staff **)hmap_sorted_values(s->by_jid, n, cmp_name);
}

static int text_ok(const char *t, long max)
{
    long n = t ? utf8_len(t) : 0;

    return n >= 0 && n <= max;
}

/* The reason k without arguments, and code. */
static int why_is(struct lang_reason *why, int code, enum lang_key k)
{
    return lang_reason_set(why, code, k, NULL, 0);
}

/* The checks staffs_put makes of one entry alone: 0 or ERR_BAD_REQUEST
 * with *why. */
static int staff_check(const struct staff *m, struct lang_reason *why)
{
    const char *nick_why;

    if (m->jid == NULL || strchr(m->jid, '@') == NULL ||
        strchr(m->jid, '/') || strlen(m->jid) > 1023 ||
        utf8_len(m->jid) < 0)
        return why_is(why, ERR_BAD_REQUEST, LANG_WHY_STAFF_JID);
    if (nick_check(m->name, &nick_why) != 0)
        return why_is(why, ERR_BAD_REQUEST, LANG_WHY_STAFF_NAME);
    if (!text_ok(m->title, 100) || !text_ok(m->organisation, 200))
        return why_is(why, ERR_BAD_REQUEST, LANG_WHY_STAFF_TEXT_LONG);
    if (m->photo_len > STAFF_PHOTO_MAX)
        return why_is(why, ERR_BAD_REQUEST, LANG_WHY_STAFF_PHOTO_BIG);
    return 0;
}

static void fill_row(struct store_staff *row, const struct staff *m,
                     const char *key, const char *by, int64_t now)
{
    *row = (struct store_staff){
        .jid = key,
        .name = m->name,
        .title = m->title,
        .organisation = m->organisation,
        .default_role =
            m->role == ROLE_MODERATOR ? "moderator" : "participant",
        .photo = m->photo,
        .photo_len = m->photo_len,
        .photo_type = m->photo_type,
        .added_by = by,
        .added_at = now,
    };
}

/* Puts a copy of m in the indexes, replacing the entry of its JID. */
static void replace_one(struct staffs *s, const struct staff *m)
{
    /* Copy before freeing the old entry: m's strings and photo may point
     * into it (staff-edit starts from the current entry). */
    struct staff *nm = staff_copy(m), *old;

    if ((old = hmap_del(s->by_jid, nm->jid)) != NULL) {
        hmap_del(s->by_name, old->name);
        staff_free(old);
    }
    index_one(s, nm);
}

int staffs_put(struct staffs *s, const struct staff *m, const char *by,
               int64_t now, struct lang_reason *why)
{
    const struct staff *other;
    struct store_staff row;
    char *key;
    int rc;

    lang_reason_clear(why);
    if ((rc = staff_check(m, why)) != 0)
        return rc;
    key = lower(m->jid);
    other = hmap_get(s->by_name, m->name);
    if (other && strcmp(other->jid, key) != 0) {
        free(key);
        return why_is(why, ERR_CONFLICT, LANG_WHY_STAFF_NAME_TAKEN);
    }
    fill_row(&row, m, key, by, now);
    rc = store_staff_put(s->st, &row);
    free(key);
    if (rc == ERR_CONFLICT)
        why_is(why, rc, LANG_WHY_STAFF_NAME_TAKEN);
    if (rc != 0)
        return rc;
    replace_one(s, m);
    return 0;
}

int staffs_del(struct staffs *s, const char *jid)
{
    char *key = lower(jid);
    struct staff *m = hmap_get(s->by_jid, key);
    int rc;

    if (m == NULL) {
        free(key);
        return ERR_ITEM_NOT_FOUND;
    }
    if ((rc = store_staff_del(s->st, key)) != 0) {
        free(key);
        return rc;
    }
    hmap_del(s->by_jid, key);
    hmap_del(s->by_name, m->name);
    staff_free(m);
    free(key);
    return 0;
}

void staffs_fill_guard(const struct staffs *s, struct nickguard *g,
                       char *const *words, size_t nwords)
{
    struct hmap_iter it;
    const char *k;
    void *v;

    nickguard_clear(g);
    hmap_iter_init(&it, s->by_jid);
    while (hmap_iter_next(&it, &k, &v))
        nickguard_add_staff(g, ((struct staff *)v)->name);
    for (size_t i = 0; i < nwords; i++)
        nickguard_add_word(g, words[i]);
}

/* --- photos ------------------------------------------------------------ */

const char *staff_photo_type(const unsigned char *p, size_t len)
{
    static const unsigned char png[] = {0x89, 'P', 'N', 'G', 13, 10, 26, 10};

    if (len >= sizeof(png) && memcmp(p, png, sizeof(png)) == 0)
        return "image/png";
    if (len >= 3 && p[0] == 0xff && p[1] == 0xd8 && p[2] == 0xff)
        return "image/jpeg";
    return NULL;
}

/* The reason for a picture over STAFF_PHOTO_MAX, and code. */
static int why_photo_big(struct lang_reason *why)
{
    char kib[16];

    snprintf(kib, sizeof(kib), "%d", STAFF_PHOTO_MAX / 1024);
    return lang_reason_set(why, ERR_NOT_ACCEPTABLE, LANG_WHY_PHOTO_TOO_BIG,
                           LANG_ARGS(kib));
}

int staff_photo_decode(const char *b64, unsigned char **out, size_t *len,
                       const char **type, struct lang_reason *why)
{
    /* Base64 of STAFF_PHOTO_MAX bytes, and the 4 of a last group. */
    const size_t cap = 4 * ((STAFF_PHOTO_MAX + 2) / 3) + 4;
    char *clean = xmalloc(cap + 1);
    unsigned char *bin;
    size_t n = 0, pad = 0;
    int got;

    *out = NULL;
    for (const char *p = b64 ? b64 : ""; *p; p++) {
        if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
            continue;
        if (n == cap) {
            free(clean);
            return why_photo_big(why);
        }
        clean[n++] = *p;
    }
    clean[n] = '\0';
    if (n == 0 || n % 4 != 0) {
        free(clean);
        return why_is(why, ERR_NOT_ACCEPTABLE,
                      n ? LANG_WHY_PHOTO_BASE64 : LANG_WHY_PHOTO_NONE);
    }
    while (pad < 2 && clean[n - 1 - pad] == '=')
        pad++;
    bin = xmalloc(n / 4 * 3 + 1);
    got = EVP_DecodeBlock(bin, (unsigned char *)clean, (int)n);
    free(clean);
    if (got < 0 || (size_t)got < pad) {
        free(bin);
        return why_is(why, ERR_NOT_ACCEPTABLE, LANG_WHY_PHOTO_BASE64);
    }
    *len = (size_t)got - pad;
    if (*len > STAFF_PHOTO_MAX) {
        free(bin);
        return why_photo_big(why);
    }
    if ((*type = staff_photo_type(bin, *len)) == NULL) {
        free(bin);
        return why_is(why, ERR_NOT_ACCEPTABLE, LANG_WHY_PHOTO_TYPE);
    }
    *out = bin;
    return 0;
}

/* --- import ------------------------------------------------------------ */

void staff_import_free(struct staff_import *im)
{
    if (im == NULL)
        return;
    for (size_t i = 0; i < im->nbufs; i++)
        free(im->bufs[i]);
    free(im->bufs);
    free(im->rows);
    free(im->lineno);
    memset(im, 0, sizeof(*im));
}

/* Splits line at ';' into at most 5 trimmed fields (in place); -1 when
 * there are more. */
static int split_line(char *line, char **f)
{
    int n = 0;
    char *p = line;

    while (n < 5) {
        char *semi = strchr(p, ';');

        if (semi)
            *semi = '\0';
        f[n++] = str_trim(p);
        if (semi == NULL)
            return n;
        p = semi + 1;
    }
    return -1;
}

int staffs_parse_import(const char *const *lines, size_t n,
                        struct staff_import *im, size_t *line,
                        struct lang_reason *why)
{
    memset(im, 0, sizeof(*im));
    *line = 0;
    lang_reason_clear(why);
    if (n > STAFF_IMPORT_MAX) {
        char most[16];

        snprintf(most, sizeof(most), "%d", STAFF_IMPORT_MAX);
        return lang_reason_set(why, ERR_POLICY_VIOLATION,
                               LANG_WHY_IMPORT_TOO_MANY, LANG_ARGS(most));
    }
    im->rows = xcalloc(n + 1, sizeof(*im->rows));
    im->lineno = xcalloc(n + 1, sizeof(*im->lineno));
    im->bufs = xcalloc(n + 1, sizeof(*im->bufs));
    for (size_t i = 0; i < n; i++) {
        struct staff *r = &im->rows[im->n];
        char *f[5] = {0}, *c;
        int nf;

        c = im->bufs[im->nbufs++] = xstrdup(lines[i] ? lines[i] : "");
        c = str_trim(c);
        if (c[0] == '\0' || c[0] == '#')
            continue;
        *line = i + 1;
        nf = split_line(c, f);
        if (nf < 2 || f[0][0] == '\0' || f[1][0] == '\0') {
            why_is(why, 0, LANG_WHY_IMPORT_FIELDS);
            goto bad;
        }
        r->jid = f[0];
        r->name = f[1];
        r->title = nf > 2 ? f[2] : "";
        r->organisation = nf > 3 ? f[3] : "";
        if (nf > 4 && strcmp(f[4], "moderator") == 0)
            r->role = ROLE_MODERATOR;
        else if (nf <= 4 || f[4][0] == '\0' ||
                 strcmp(f[4], "participant") == 0)
            r->role = ROLE_PARTICIPANT;
        else {
            why_is(why, 0, LANG_WHY_IMPORT_ROLE);
            goto bad;
        }
        if (staff_check(r, why) != 0)
            goto bad;
        im->lineno[im->n++] = i + 1;
    }
    *line = 0;
    return 0;
bad:
    staff_import_free(im);
    return ERR_BAD_REQUEST;
}

int staffs_import(struct staffs *s, struct staff_import *im, const char *by,
                  int64_t now, size_t *line, struct lang_reason *why,
                  size_t *added)
{
    int rc = 0;

    *line = 0;
    *added = 0;
    lang_reason_clear(why);
    /* Names and addresses must be unique: among the lines, and against
     * staff that the import does not replace. Checked before anything
     * is stored, which also keeps the store's UNIQUE(name) from failing
     * halfway. */
    for (size_t i = 0; i < im->n; i++) {
        struct staff *r = &im->rows[i];
        const struct staff *other = staffs_by_name(s, r->name);
        const struct staff *same = staffs_get(s, r->jid);

        *line = im->lineno[i];
        if (other && other != same)
            return lang_reason_set(why, ERR_CONFLICT,
                                   LANG_WHY_IMPORT_NAME_BELONGS,
                                   LANG_ARGS(r->name, other->jid));
        for (size_t j = 0; j < i; j++)
            if (strcmp(im->rows[j].name, r->name) == 0 ||
                str_eq_nocase(im->rows[j].jid, r->jid)) {
                char num[24];

                snprintf(num, sizeof(num), "%zu", im->lineno[j]);
                return lang_reason_set(why, ERR_CONFLICT,
                                       LANG_WHY_IMPORT_TWICE, LANG_ARGS(num));
            }
        if (same && same->photo_len) {
            /* An import does not carry photos: keep the one stored. */
            r->photo = same->photo;
            r->photo_len = same->photo_len;
            r->photo_type = same->photo_type;
        }
        if (same == NULL)
            (*added)++;
    }
    *line = 0;
    /* All or nothing: one transaction, and the memory changes only
     * after it committed. */
    if (store_begin(s->st) != 0)
        return why_is(why, ERR_INTERNAL, LANG_WHY_IMPORT_BUSY);
    for (size_t i = 0; rc == 0 && i < im->n; i++) {
        struct store_staff row;
        char *key = lower(im->rows[i].jid);

        fill_row(&row, &im->rows[i], key, by, now);
        if ((rc = store_staff_put(s->st, &row)) != 0) {
            *line = im->lineno[i];
            why_is(why, rc,
                   rc == ERR_CONFLICT ? LANG_WHY_IMPORT_NAME_TAKEN
                                      : LANG_WHY_IMPORT_NOT_STORED);
        }
        free(key);
    }
    if (rc == 0 && (rc = store_commit(s->st)) != 0)
        why_is(why, rc, LANG_WHY_IMPORT_REFUSED);
    else if (rc != 0)
        store_rollback(s->st);
    if (rc != 0)
        return rc;
    for (size_t i = 0; i < im->n; i++)
        replace_one(s, &im->rows[i]);
    return 0;
}
