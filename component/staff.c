/*
 * staff.c - the staff registry.
 *
 * Invariant: by_jid and by_name index the same entries, and each entry
 * has its row in the store.
 */
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "hmap.h"
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

int staffs_put(struct staffs *s, const struct staff *m, const char *by,
               int64_t now, const char **why)
{
    struct staff *old, *nm;
    const struct staff *other;
    struct store_staff row;
    char *key;
    int rc;

    if (m->jid == NULL || strchr(m->jid, '@') == NULL ||
        strchr(m->jid, '/') || strlen(m->jid) > 1023 ||
        utf8_len(m->jid) < 0) {
        *why = "The JID must be a bare user@server address.";
        return ERR_BAD_REQUEST;
    }
    if (nick_check(m->name, why) != 0) {
        *why = "The name must be 1 to 48 characters.";
        return ERR_BAD_REQUEST;
    }
    if (!text_ok(m->title, 100) || !text_ok(m->organisation, 200)) {
        *why = "The title is at most 100 characters and the organisation "
               "at most 200.";
        return ERR_BAD_REQUEST;
    }
    if (m->photo_len > STAFF_PHOTO_MAX) {
        *why = "The photo is larger than 64 KiB.";
        return ERR_BAD_REQUEST;
    }
    key = lower(m->jid);
    other = hmap_get(s->by_name, m->name);
    if (other && strcmp(other->jid, key) != 0) {
        free(key);
        *why = "Another member of staff has that name.";
        return ERR_CONFLICT;
    }
    row = (struct store_staff){
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
    rc = store_staff_put(s->st, &row);
    if (rc == ERR_CONFLICT)
        *why = "Another member of staff has that name.";
    if (rc != 0) {
        free(key);
        return rc;
    }
    /* Copy before freeing the old entry: m's strings and photo may point
     * into it (staff-edit starts from the current entry). */
    nm = staff_copy(m);
    if ((old = hmap_del(s->by_jid, key)) != NULL) {
        hmap_del(s->by_name, old->name);
        staff_free(old);
    }
    free(key);
    index_one(s, nm);
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
