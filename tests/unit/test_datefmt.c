/*
 * test_datefmt.c - dates and times by a locale's rules (ICU, datefmt.h):
 * the four catalogues' locales and patterns write what CLDR writes for
 * them (as Chromium 156 writes the same instant with Intl), the local
 * time is taken as given (no zone of ICU's own), and bad input is
 * refused without writing.
 */
#include <string.h>

#include "check.h"
#include "datefmt.h"
#include "err.h"
#include "tz.h"

/* Monday 2026-12-07 16:05 and Sunday 2027-03-28 04:00 (wall clock). */
static const struct tz_tm MON = {.year = 2026, .month = 12, .day = 7,
                                 .wday = 0, .hour = 16, .min = 5};
static const struct tz_tm SUN = {.year = 2027, .month = 3, .day = 28,
                                 .wday = 6, .hour = 4, .min = 0};

static const char *fmt(const char *loc, const char *pat,
                       const struct tz_tm *tm)
{
    static char buf[128];

    if (datefmt_local(loc, pat, tm, buf, sizeof(buf)) != 0)
        return "(failed)";
    return buf;
}

int main(void)
{
    char small[6];

    /* The catalogues' patterns (conf/lang: cldr_date, cldr_time). */
    CHECK_STR(fmt("fi_FI", "d.M.y", &MON), "7.12.2026");
    CHECK_STR(fmt("fi_FI", "H.mm", &MON), "16.05");
    CHECK_STR(fmt("fi_FI", "H.mm", &SUN), "4.00");
    CHECK_STR(fmt("sv_FI", "d.M.y", &SUN), "28.3.2027");
    CHECK_STR(fmt("en_FI", "dd/MM/y", &SUN), "28/03/2027");
    CHECK_STR(fmt("en_FI", "H.mm", &MON), "16.05");
    CHECK_STR(fmt("uk_UA", "dd.MM.y", &SUN), "28.03.2027");
    CHECK_STR(fmt("uk_UA", "HH:mm", &SUN), "04:00");
    /* Names come from the locale (what the page's Intl shows). */
    CHECK_STR(fmt("fi_FI", "EEE d.M.y 'klo' H.mm", &MON),
              "ma 7.12.2026 klo 16.05");
    CHECK_STR(fmt("sv_FI", "EEEE", &MON), "måndag");
    CHECK_STR(fmt("uk_UA", "EEE", &SUN), "нд");
    CHECK_STR(fmt("en_FI", "EEE", &SUN), "Sun");
    /* Refused: nothing given, a pattern too long for ICU's buffer. */
    CHECK(datefmt_local(NULL, "d.M.y", &MON, small, sizeof(small)) ==
          ERR_BAD_REQUEST);
    CHECK(datefmt_local("fi_FI", NULL, &MON, small, sizeof(small)) ==
          ERR_BAD_REQUEST);
    {
        char pat[200];

        memset(pat, 'y', sizeof(pat) - 1);
        pat[sizeof(pat) - 1] = '\0';
        CHECK(datefmt_local("fi_FI", pat, &MON, small, sizeof(small)) ==
              ERR_BAD_REQUEST);
    }
    /* A buffer too short: an error and an empty string, never a cut. */
    CHECK(datefmt_local("fi_FI", "d.M.y", &MON, small, sizeof(small)) ==
              ERR_INTERNAL &&
          small[0] == '\0');
    CHECK(datefmt_local("fi_FI", "H.mm", &MON, small, sizeof(small)) == 0);
    CHECK_STR(small, "16.05");
    return CHECK_DONE("test_datefmt");
}
