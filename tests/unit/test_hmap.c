/* test_hmap.c - the string-keyed hash map. */
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "hmap.h"

int main(void)
{
    struct hmap *m = hmap_new();
    struct hmap_iter it;
    const char *k;
    void *v;
    char key[32];
    int seen = 0, ok = 1;

    CHECK(hmap_get(m, "x") == NULL);
    CHECK(hmap_put(m, "x", (void *)1) == NULL);
    CHECK(hmap_put(m, "x", (void *)2) == (void *)1);
    CHECK(hmap_get(m, "x") == (void *)2);
    CHECK(hmap_count(m) == 1);
    /* Enough to force several doublings. */
    for (long i = 0; i < 5000; i++) {
        snprintf(key, sizeof(key), "nick%ld", i);
        hmap_put(m, key, (void *)(i + 10));
    }
    CHECK(hmap_count(m) == 5001);
    for (long i = 0; i < 5000; i++) {
        snprintf(key, sizeof(key), "nick%ld", i);
        if (hmap_get(m, key) != (void *)(i + 10))
            ok = 0;
    }
    CHECK(ok);
    hmap_iter_init(&it, m);
    while (hmap_iter_next(&it, &k, &v))
        seen++;
    CHECK(seen == 5001);
    CHECK(hmap_del(m, "nick42") == (void *)52);
    CHECK(hmap_get(m, "nick42") == NULL);
    CHECK(hmap_del(m, "nick42") == NULL);
    CHECK(hmap_count(m) == 5000);
    hmap_free(m);
    hmap_free(NULL);
    return CHECK_DONE("test_hmap");
}
