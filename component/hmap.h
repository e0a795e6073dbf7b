/*
 * hmap.h - a string-keyed hash map with separate chaining.
 *
 * Used for O(1) lookups of rooms by name and, in rooms, of occupants by
 * nick and by real JID. The map does not own values; it copies keys.
 * Grows by doubling when the load passes 1; never shrinks below its start.
 * Iteration order is unspecified; do not insert or delete while iterating
 * except through hmap_iter_del().
 */
#ifndef ECOPPER_HMAP_H
#define ECOPPER_HMAP_H

#include <stddef.h>

struct hmap;

struct hmap *hmap_new(void);
/* Frees the map and its keys, not the values; NULL is a no-op. */
void hmap_free(struct hmap *m);
size_t hmap_count(const struct hmap *m);
/* The value stored under key, or NULL. */
void *hmap_get(const struct hmap *m, const char *key);
/* Stores value under key, replacing and returning any old value. */
void *hmap_put(struct hmap *m, const char *key, void *value);
/* Removes key; returns its value or NULL. */
void *hmap_del(struct hmap *m, const char *key);

/*
 * The values as a new array of *n pointers (free() the array only),
 * sorted with qsort's cmp on pointers to values; NULL when empty.
 */
void **hmap_sorted_values(const struct hmap *m, size_t *n,
                          int (*cmp)(const void *, const void *));

struct hmap_iter {
    const struct hmap *m;
    size_t bucket;
    void *next;
};
void hmap_iter_init(struct hmap_iter *it, const struct hmap *m);
/* Next entry: 1 with *key and *value set, 0 at the end. */
int hmap_iter_next(struct hmap_iter *it, const char **key, void **value);

#endif
