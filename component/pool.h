/*
 * pool.h - the memory of the send queue, apart from everything else.
 *
 * Everything ecopper sends waits in libstrophe's send queue until the
 * server has read it (link.h). A join storm queues tens of megabytes of
 * small stanzas while the rooms take in their occupants; from the one
 * heap, the occupants' few hundred bytes each end up scattered between
 * them, and once the queue is drained the allocator cannot give those
 * pages back: ecopper stayed at two and a half times the memory its
 * rooms use. So what libstrophe allocates for the queue (link.c brackets
 * its calls with pool_enter()/pool_leave()) comes from chunks of their
 * own, mapped from the system and given back when all they hold has
 * been sent; everything else stays with malloc.
 *
 * A chunk is a bump allocator with a count of live blocks: a block is
 * never reused alone, the chunk is, when its count is zero. That fits a
 * queue (blocks are freed in about the order they were taken) and keeps
 * the cost per block to a few instructions. Blocks larger than
 * POOL_BIG, and any taken outside pool_enter(), come from malloc.
 *
 * The context's allocator (main.c) calls pool_alloc(), pool_free() and
 * pool_realloc(): each takes any pointer, tells a pool block by the
 * chunk it lies in, and hands the rest to malloc. Single-threaded. Under
 * AddressSanitizer free blocks are poisoned, so a use after free is
 * still caught.
 */
#ifndef ECOPPER_POOL_H
#define ECOPPER_POOL_H

#include <stddef.h>

#define POOL_CHUNK (256 * 1024) /* bytes, a power of two */
#define POOL_BIG (POOL_CHUNK / 8)
#define POOL_SPARE 2 /* empty chunks kept for the next burst */

struct pool_stats {
    size_t chunks;  /* mapped now */
    size_t blocks;  /* live blocks in them */
    size_t maps, unmaps; /* since start */
};

/* Allocations until pool_leave() come from the pool. Nests. */
void pool_enter(void);
void pool_leave(void);

/* malloc(n), from the pool inside pool_enter(); NULL when out of
 * memory. */
void *pool_alloc(size_t n);
/* free(p), for a pointer of pool_alloc() or pool_realloc() (or NULL). */
void pool_free(void *p);
/* realloc(p, n): a pool block moves to malloc. */
void *pool_realloc(void *p, size_t n);

void pool_get_stats(struct pool_stats *out);
/* Unmaps every chunk; at exit, after the last block was freed. */
void pool_shutdown(void);

#endif
