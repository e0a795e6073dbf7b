/* test_clock.c - the service clock: set-clock and -t set it to read a
 * given second from that instant on, a whole second long. */
#include <time.h>

#include "check.h"
#include "clock.h"

static void nap_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

    while (nanosleep(&ts, &ts) != 0)
        ;
}

/* Set, wait a while, read: the clock moved on by the whole seconds that
 * passed since it was set, which the monotonic clock bounds from both
 * sides (never a fixed expectation that a slow machine could miss).
 * With the real clock's phase kept, as before, it read one more second
 * whenever a real second began during the nap. */
static void test_set_now_starts_a_whole_second(void)
{
    const int64_t t = 1796652000; /* 2026-12-07T14:00:00Z */

    for (int i = 0; i < 3; i++) {
        uint64_t m0 = clock_mono_ms(), ma, mb, m1;
        int64_t got;

        clock_set_now(t);
        ma = clock_mono_ms();
        nap_ms(400);
        mb = clock_mono_ms();
        got = clock_now() - t;
        m1 = clock_mono_ms();
        CHECK(got >= (int64_t)((mb - ma) / 1000));
        CHECK(got <= (int64_t)((m1 - m0 + 1) / 1000));
    }
}

static void test_offset_and_before_1970(void)
{
    int64_t real;

    clock_set_offset(0);
    real = (int64_t)time(NULL);
    CHECK(clock_now() >= real && clock_now() <= real + 1);
    clock_set_offset(-86400);
    CHECK(clock_now() >= real - 86400 && clock_now() <= real - 86400 + 1);
    /* Rounded down: 5 s before 1970 reads -5 for its whole second. */
    clock_set_now(-5);
    CHECK(clock_now() == -5);
    clock_set_offset(0);
}

int main(void)
{
    test_set_now_starts_a_whole_second();
    test_offset_and_before_1970();
    return CHECK_DONE("test_clock");
}
