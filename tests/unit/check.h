/*
 * check.h - tiny test macros, as libstrophe's tests have them.
 *
 * CHECK(cond) records a pass or a failure (with file:line and the
 * condition) and goes on; main() ends with CHECK_DONE(), which prints
 * "NAME: P passed, F failed" and returns the exit status.
 */
#ifndef ECOPPER_CHECK_H
#define ECOPPER_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_passed, check_failed;

#define CHECK(cond)                                                           \
    do {                                                                      \
        if (cond) {                                                           \
            check_passed++;                                                   \
        } else {                                                              \
            check_failed++;                                                   \
            fprintf(stderr, "%s:%d: FAIL: %s\n", __FILE__, __LINE__, #cond);  \
        }                                                                     \
    } while (0)

#define CHECK_STR(a, b)                                                       \
    do {                                                                      \
        const char *check_a_ = (a), *check_b_ = (b);                          \
        if (check_a_ && check_b_ && strcmp(check_a_, check_b_) == 0) {        \
            check_passed++;                                                   \
        } else {                                                              \
            check_failed++;                                                   \
            fprintf(stderr, "%s:%d: FAIL: %s == %s ('%s' vs '%s')\n",         \
                    __FILE__, __LINE__, #a, #b,                               \
                    check_a_ ? check_a_ : "(null)",                           \
                    check_b_ ? check_b_ : "(null)");                          \
        }                                                                     \
    } while (0)

#define CHECK_DONE(name)                                                      \
    (printf("%s: %d passed, %d failed\n", (name), check_passed,             \
            check_failed),                                                    \
     check_failed ? 1 : 0)

#endif
