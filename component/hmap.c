/*
 * hmap.c - a string-keyed hash map with separate chaining (FNV-1a).
 *
 * The hash is keyed per process with random bits so a remote party who
 * picks nicks cannot aim them all at one chain.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hmap.h"
#include "util.h"

struct entry {
    struct entry *next;
    void *value;
    uint64_t hash;
    char key[];
};

struct hmap {
    struct entry **b;
    size_t nb;
    size_t n;
};

static uint64_t seed;

static uint64_t hash_str(const char *s)
{
    uint64_t h = 14695981039346656037ull ^ seed;

    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ull;
    }
    /* A final mix so the low bits (the bucket) depend on every byte. */
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    return h;
}

struct hmap *hmap_new(void)
{
    struct hmap *m = xcalloc(1, sizeof(*m));

    if (seed == 0)
        rand_bytes(&seed, sizeof(seed));
    m->nb = 16;
    m->b = xcalloc(m->nb, sizeof(*m->b));
    return m;
}

void hmap_free(struct hmap *m)
{
    if (m == NULL)
        return;
    for (size_t i = 0; i < m->nb; i++) {
        struct entry *e = m->b[i];

        while (e) {
            struct entry *next = e->next;
            free(e);
            e = next;
        }
    }
    free(m->b);
    free(m);
}

size_t hmap_count(const struct hmap *m)
{
    return m->n;
}

static struct entry **find(const struct hmap *m, const char *key, uint64_t h)
{
    struct entry **pe = &m->b[h & (m->nb - 1)];

    for (; *pe; pe = &(*pe)->next)
        if ((*pe)->hash == h && strcmp((*pe)->key, key) == 0)
            return pe;
    return pe;
}

void *hmap_get(const struct hmap *m, const char *key)
{
    struct entry **pe = find(m, key, hash_str(key));

    return *pe ? (*pe)->value : NULL;
}

static void grow(struct hmap *m)
{
    size_t nb = m->nb * 2;
    struct entry **b = xcalloc(nb, sizeof(*b));

    for (size_t i = 0; i < m->nb; i++) {
        struct entry *e = m->b[i];

        while (e) {
            struct entry *next = e->next;
            size_t j = e->hash & (nb - 1);

            e->next = b[j];
            b[j] = e;
            e = next;
        }
    }
    free(m->b);
    m->b = b;
    m->nb = nb;
}

void *hmap_put(struct hmap *m, const char *key, void *value)
{
    uint64_t h = hash_str(key);
    struct entry **pe = find(m, key, h), *e;
    size_t klen;

    if (*pe) {
        void *old = (*pe)->value;
        (*pe)->value = value;
        return old;
    }
    klen = strlen(key);
    e = xmalloc(sizeof(*e) + klen + 1);
    memcpy(e->key, key, klen + 1);
    e->hash = h;
    e->value = value;
    e->next = NULL;
    *pe = e;
    if (++m->n > m->nb)
        grow(m);
    return NULL;
}

void *hmap_del(struct hmap *m, const char *key)
{
    struct entry **pe = find(m, key, hash_str(key)), *e = *pe;
    void *v;

    if (e == NULL)
        return NULL;
    *pe = e->next;
    v = e->value;
    free(e);
    m->n--;
    return v;
}

void hmap_iter_init(struct hmap_iter *it, const struct hmap *m)
{
    it->m = m;
    it->bucket = 0;
    it->next = NULL;
}

int hmap_iter_next(struct hmap_iter *it, const char **key, void **value)
{
    struct entry *e = it->next;

    while (e == NULL && it->bucket < it->m->nb)
        e = it->m->b[it->bucket++];
    if (e == NULL)
        return 0;
    it->next = e->next;
    *key = e->key;
    *value = e->value;
    return 1;
}

void **hmap_sorted_values(const struct hmap *m, size_t *n,
                          int (*cmp)(const void *, const void *))
{
    struct hmap_iter it;
    const char *k;
    void **arr, *v;
    size_t i = 0;

    *n = m->n;
    if (*n == 0)
        return NULL;
    arr = xcalloc(*n, sizeof(*arr));
    hmap_iter_init(&it, m);
    while (hmap_iter_next(&it, &k, &v))
        arr[i++] = v;
    qsort(arr, *n, sizeof(*arr), cmp);
    return arr;
}
