/*
 * pool.c - chunks for the send queue's blocks (pool.h says why).
 *
 * A chunk is POOL_CHUNK bytes mapped at an address that is a multiple of
 * POOL_CHUNK, so that the chunk of a block is its address rounded down;
 * a sorted array of the chunks mapped tells a pool block from a malloc
 * one. The chunk starts with its header; each block with its size.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "pool.h"

/* gcc says __SANITIZE_ADDRESS__, clang __has_feature (the fuzz builds). */
#if defined(__SANITIZE_ADDRESS__)
#define POOL_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define POOL_ASAN 1
#endif
#endif

#ifdef POOL_ASAN
#include <sanitizer/asan_interface.h>
#define POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define POISON(p, n) ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

#define ALIGN 16 /* of every block, as malloc's */
#define ROUND(n) (((n) + ALIGN - 1) / ALIGN * ALIGN)

struct chunk {
    size_t used; /* bytes taken from its start, header included */
    size_t live; /* blocks not freed yet */
};
#define CHUNK_HEAD ROUND(sizeof(struct chunk))
#define BLOCK_HEAD ALIGN /* the block's size, then padding */

static struct {
    int depth;              /* pool_enter() calls not yet left */
    struct chunk *cur;      /* where blocks are taken */
    struct chunk *spare[POOL_SPARE];
    size_t nspare;
    uintptr_t *base;        /* every chunk mapped, sorted */
    size_t n, cap;
    struct pool_stats st;
} P;

void pool_enter(void)
{
    P.depth++;
}

void pool_leave(void)
{
    if (P.depth > 0)
        P.depth--;
}

/* The index of the first chunk at b or above. */
static size_t find(uintptr_t b)
{
    size_t lo = 0, hi = P.n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (P.base[mid] < b)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The chunk p lies in, or NULL when p is not a pool block. */
static struct chunk *owner(const void *p)
{
    uintptr_t b = (uintptr_t)p & ~(uintptr_t)(POOL_CHUNK - 1);
    size_t i;

    if (p == NULL || P.n == 0)
        return NULL;
    i = find(b);
    return i < P.n && P.base[i] == b ? (struct chunk *)b : NULL;
}

/* An empty chunk: a spare one, or a new mapping; NULL when the system
 * has no memory (the caller then uses malloc). */
static struct chunk *take_chunk(void)
{
    struct chunk *c;
    char *m, *a;
    size_t head, i;

    if (P.nspare > 0) {
        c = P.spare[--P.nspare];
        c->used = CHUNK_HEAD;
        return c;
    }
    if (P.n == P.cap) {
        size_t cap = P.cap ? 2 * P.cap : 16;
        uintptr_t *nb = realloc(P.base, cap * sizeof(*nb));

        if (nb == NULL)
            return NULL;
        P.base = nb;
        P.cap = cap;
    }
    /* Twice the size, then the unaligned ends given back. */
    m = mmap(NULL, 2 * POOL_CHUNK, PROT_READ | PROT_WRITE,
             MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED)
        return NULL;
    a = (char *)(((uintptr_t)m + POOL_CHUNK - 1) &
                 ~(uintptr_t)(POOL_CHUNK - 1));
    head = (size_t)(a - m);
    if (head > 0)
        munmap(m, head);
    munmap(a + POOL_CHUNK, POOL_CHUNK - head);
    i = find((uintptr_t)a);
    memmove(P.base + i + 1, P.base + i, (P.n - i) * sizeof(*P.base));
    P.base[i] = (uintptr_t)a;
    P.n++;
    P.st.chunks++;
    P.st.maps++;
    c = (struct chunk *)a;
    c->used = CHUNK_HEAD;
    c->live = 0;
    POISON(a + CHUNK_HEAD, POOL_CHUNK - CHUNK_HEAD);
    return c;
}

/* c has no live block and is not the current chunk. */
static void give_back(struct chunk *c)
{
    size_t i;

    if (P.nspare < POOL_SPARE) {
        P.spare[P.nspare++] = c;
        return;
    }
    i = find((uintptr_t)c);
    memmove(P.base + i, P.base + i + 1, (P.n - i - 1) * sizeof(*P.base));
    P.n--;
    P.st.chunks--;
    P.st.unmaps++;
    /* ASan keeps the poison of an address range that is unmapped: a
     * later mapping there (SQLite's, say) would be reported. */
    UNPOISON(c, POOL_CHUNK);
    munmap(c, POOL_CHUNK);
}

void *pool_alloc(size_t n)
{
    size_t need = BLOCK_HEAD + ROUND(n ? n : 1);
    char *p;

    if (P.depth == 0 || n > POOL_BIG)
        return malloc(n);
    if (P.cur == NULL || P.cur->used + need > POOL_CHUNK) {
        if (P.cur != NULL && P.cur->live == 0) {
            P.cur->used = CHUNK_HEAD; /* all sent: start it again */
        } else {
            struct chunk *c = take_chunk();

            if (c == NULL)
                return malloc(n);
            /* The full one is given back with its last block. */
            P.cur = c;
        }
    }
    p = (char *)P.cur + P.cur->used;
    P.cur->used += need;
    P.cur->live++;
    P.st.blocks++;
    UNPOISON(p, BLOCK_HEAD + n);
    memcpy(p, &n, sizeof(n));
    return p + BLOCK_HEAD;
}

void pool_free(void *p)
{
    struct chunk *c = owner(p);
    size_t n;

    if (c == NULL) {
        free(p);
        return;
    }
    memcpy(&n, (char *)p - BLOCK_HEAD, sizeof(n));
    POISON((char *)p - BLOCK_HEAD, BLOCK_HEAD + n);
    c->live--;
    P.st.blocks--;
    if (c->live > 0)
        return;
    if (c == P.cur)
        c->used = CHUNK_HEAD;
    else
        give_back(c);
}

void *pool_realloc(void *p, size_t n)
{
    struct chunk *c = owner(p);
    size_t old;
    void *q;

    if (c == NULL)
        return realloc(p, n);
    memcpy(&old, (char *)p - BLOCK_HEAD, sizeof(old));
    if ((q = malloc(n ? n : 1)) == NULL)
        return NULL;
    memcpy(q, p, old < n ? old : n);
    pool_free(p);
    return q;
}

void pool_get_stats(struct pool_stats *out)
{
    *out = P.st;
}

void pool_shutdown(void)
{
    for (size_t i = 0; i < P.n; i++) {
        UNPOISON((void *)P.base[i], POOL_CHUNK);
        munmap((void *)P.base[i], POOL_CHUNK);
    }
    free(P.base);
    memset(&P, 0, sizeof(P));
}
