/* test_pool.c - the send queue's chunks (pool.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "check.h"
#include "pool.h"

#define N 20000 /* blocks of a storm: several chunks' worth */

static struct pool_stats stats(void)
{
    struct pool_stats s;

    pool_get_stats(&s);
    return s;
}

int main(void)
{
    static char *b[N];
    char *m, *q;
    int ok = 1;

    /* Outside pool_enter(): malloc's, and pool_free() frees them. */
    m = pool_alloc(100);
    CHECK(m != NULL && stats().chunks == 0 && stats().blocks == 0);
    pool_free(m);
    pool_free(NULL);

    /* A storm: blocks aligned, apart, kept intact, over several chunks. */
    pool_enter();
    pool_enter(); /* nests */
    pool_leave();
    for (int i = 0; i < N; i++) {
        size_t n = 40 + (size_t)(i % 400);

        b[i] = pool_alloc(n);
        if (b[i] == NULL || ((uintptr_t)b[i] % 16) != 0) {
            ok = 0;
            break;
        }
        memset(b[i], i & 0xff, n);
    }
    CHECK(ok);
    CHECK(stats().blocks == N);
    CHECK(stats().chunks > 10);
    /* A large block is malloc's. */
    m = pool_alloc(POOL_BIG + 1);
    CHECK(m != NULL && stats().blocks == N);
    pool_free(m);
    pool_leave();
    /* Outside again: malloc's, even with chunks mapped. */
    m = pool_alloc(64);
    CHECK(m != NULL && stats().blocks == N);
    pool_free(m);
    for (int i = 0; i < N && ok; i++)
        for (size_t j = 0; j < 40 + (size_t)(i % 400); j++)
            if ((unsigned char)b[i][j] != (i & 0xff))
                ok = 0;
    CHECK(ok);

    /* realloc moves a pool block to malloc, its bytes kept. */
    q = pool_realloc(b[0], 1000);
    CHECK(q != NULL && (unsigned char)q[39] == 0);
    CHECK(stats().blocks == N - 1);
    q = pool_realloc(q, 2000); /* malloc's: realloc */
    CHECK(q != NULL && q[0] == 0);
    pool_free(q);

    /* Freed in order, as a queue drains: the chunks go back, but for
     * the current one and POOL_SPARE spare ones. */
    for (int i = 1; i < N; i++)
        pool_free(b[i]);
    CHECK(stats().blocks == 0);
    CHECK(stats().chunks <= 1 + POOL_SPARE);
    CHECK(stats().unmaps > 0 && stats().maps == stats().unmaps +
                                                   stats().chunks);
    /* What was given back is the system's again: new mappings of a
     * chunk's size, which fill the holes it left, are written to freely
     * (under ASan, no poison is left on them). */
    {
        char *mm[64];
        int wrote = 0;

        for (int i = 0; i < 64; i++) {
            mm[i] = mmap(NULL, POOL_CHUNK, PROT_READ | PROT_WRITE,
                         MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
            if (mm[i] != MAP_FAILED) {
                memset(mm[i], 1, POOL_CHUNK);
                wrote++;
            }
        }
        CHECK(wrote == 64);
        for (int i = 0; i < 64; i++)
            if (mm[i] != MAP_FAILED)
                munmap(mm[i], POOL_CHUNK);
    }

    /* The next burst reuses what was kept: no new mapping. */
    {
        size_t maps = stats().maps;

        pool_enter();
        for (int i = 0; i < 1000; i++)
            b[i] = pool_alloc(200);
        pool_leave();
        CHECK(stats().maps == maps);
        /* Freed out of order, too. */
        for (int i = 999; i >= 0; i -= 2)
            pool_free(b[i]);
        for (int i = 0; i < 1000; i += 2)
            pool_free(b[i]);
        CHECK(stats().blocks == 0);
    }

    pool_shutdown();
    CHECK(stats().chunks == 0);
    return CHECK_DONE("test_pool");
}
