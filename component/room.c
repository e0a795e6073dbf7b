/*
 * room.c - the rooms of the service: registry and model.
 *
 * Invariant: every room in the map has a row in the store with the same
 * name, and the reverse.
 */
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "hmap.h"
#include "room.h"
#include "store.h"
#include "util.h"

struct rooms {
    struct store *st;
    struct hmap *by_name;
};

static struct room *room_new(int64_t id, const char *name, const char *title,
                             const char *desc, int64_t created_at)
{
    struct room *r = xcalloc(1, sizeof(*r));

    r->id = id;
    r->name = xstrdup(name);
    r->title = xstrdup(title ? title : "");
    r->description = xstrdup(desc ? desc : "");
    r->created_at = created_at;
    return r;
}

static void room_free(struct room *r)
{
    if (r == NULL)
        return;
    free(r->name);
    free(r->title);
    free(r->description);
    free(r);
}

static int load_one(const struct store_room *sr, void *ud)
{
    struct rooms *rs = ud;

    hmap_put(rs->by_name, sr->name,
             room_new(sr->id, sr->name, sr->title, sr->description,
                      sr->created_at));
    return 0;
}

struct rooms *rooms_load(struct store *st)
{
    struct rooms *rs = xcalloc(1, sizeof(*rs));

    rs->st = st;
    rs->by_name = hmap_new();
    if (store_room_each(st, load_one, rs) != 0) {
        rooms_free(rs);
        return NULL;
    }
    return rs;
}

void rooms_free(struct rooms *rs)
{
    struct hmap_iter it;
    const char *k;
    void *v;

    if (rs == NULL)
        return;
    hmap_iter_init(&it, rs->by_name);
    while (hmap_iter_next(&it, &k, &v))
        room_free(v);
    hmap_free(rs->by_name);
    free(rs);
}

size_t rooms_count(const struct rooms *rs)
{
    return hmap_count(rs->by_name);
}

struct room *rooms_get(const struct rooms *rs, const char *name)
{
    return name ? hmap_get(rs->by_name, name) : NULL;
}

static int cmp_room(const void *a, const void *b)
{
    const struct room *ra = *(struct room *const *)a;
    const struct room *rb = *(struct room *const *)b;

    return strcmp(ra->name, rb->name);
}

struct room **rooms_sorted(const struct rooms *rs, size_t *n)
{
    struct hmap_iter it;
    struct room **arr;
    const char *k;
    void *v;
    size_t i = 0;

    *n = hmap_count(rs->by_name);
    if (*n == 0)
        return NULL;
    arr = xcalloc(*n, sizeof(*arr));
    hmap_iter_init(&it, rs->by_name);
    while (hmap_iter_next(&it, &k, &v))
        arr[i++] = v;
    qsort(arr, *n, sizeof(*arr), cmp_room);
    return arr;
}

int room_name_check(char *name, const char **why)
{
    size_t n = strlen(name);

    if (n == 0 || n > ROOM_NAME_MAX) {
        *why = "A room name is 1 to 64 characters long.";
        return ERR_BAD_REQUEST;
    }
    for (char *p = name; *p; p++) {
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
              ((*p == '.' || *p == '-' || *p == '_') && p != name))) {
            *why = "A room name may hold only the letters a-z, digits and "
                   ". - _ (not first).";
            return ERR_BAD_REQUEST;
        }
    }
    return 0;
}

static int text_check(const char *s, size_t max)
{
    long n;

    if (s == NULL)
        return 1;
    n = utf8_len(s);
    return n >= 0 && (size_t)n <= max;
}

int rooms_create(struct rooms *rs, const char *name, const char *title,
                 const char *description, int64_t now, const char *by,
                 const char **why)
{
    char *nm;
    int64_t id;
    int rc;

    if (name == NULL) {
        *why = "A room name is required.";
        return ERR_BAD_REQUEST;
    }
    nm = xstrdup(name);
    if ((rc = room_name_check(nm, why)) != 0)
        goto out;
    if (!text_check(title, ROOM_TITLE_MAX)) {
        *why = "The title is at most 200 characters.";
        rc = ERR_BAD_REQUEST;
        goto out;
    }
    if (!text_check(description, ROOM_DESC_MAX)) {
        *why = "The description is at most 2000 characters.";
        rc = ERR_BAD_REQUEST;
        goto out;
    }
    if (hmap_get(rs->by_name, nm)) {
        *why = "A room with that name exists already.";
        rc = ERR_CONFLICT;
        goto out;
    }
    rc = store_room_add(rs->st, nm, title, description, now, by, &id);
    if (rc == ERR_CONFLICT)
        *why = "A room with that name exists already.";
    if (rc != 0)
        goto out;
    hmap_put(rs->by_name, nm, room_new(id, nm, title, description, now));
out:
    free(nm);
    return rc;
}

int rooms_destroy(struct rooms *rs, const char *name)
{
    struct room *r = rooms_get(rs, name);
    int rc;

    if (r == NULL)
        return ERR_ITEM_NOT_FOUND;
    if ((rc = store_room_del(rs->st, name)) != 0)
        return rc;
    hmap_del(rs->by_name, name);
    room_free(r);
    return 0;
}
