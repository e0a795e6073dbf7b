/*
 * datefmt.c - dates and times by a locale's rules (see datefmt.h).
 *
 * ICU formats a UDate in a zone of its own; ecopper's zone rules are
 * tz.c's (the service's time zone, tests' clocks). So the wall-clock
 * time tz.c worked out is handed to ICU as that instant in UTC, and ICU
 * formats it in UTC: what it writes is the local time, unconverted.
 */
#include <unicode/udat.h>
#include <unicode/ustring.h>

#include "datefmt.h"
#include "err.h"
#include "tz.h"

/* Bounds of a pattern and of a written date, in UTF-16 units. */
#define PATTERN_MAX 64
#define OUT_MAX 128

int datefmt_local(const char *locale,
                  const char *pattern,
                  const struct tz_tm *tm,
                  char *buf,
                  size_t len)
{
    UErrorCode e = U_ZERO_ERROR;
    UChar pat[PATTERN_MAX], out[OUT_MAX], utc[4];
    UDateFormat *f;
    UDate at;
    int32_t n, written;

    if (len > 0)
        buf[0] = '\0';
    if (locale == NULL || pattern == NULL || tm == NULL)
        return ERR_BAD_REQUEST;
    u_strFromUTF8(pat, PATTERN_MAX, &n, pattern, -1, &e);
    if (U_FAILURE(e) || n >= PATTERN_MAX)
        return ERR_BAD_REQUEST;
    u_uastrcpy(utc, "UTC");
    f = udat_open(UDAT_PATTERN, UDAT_PATTERN, locale, utc, -1, pat, n, &e);
    if (U_FAILURE(e)) {
        udat_close(f);
        return ERR_BAD_REQUEST;
    }
    at = ((double)tz_days_from_civil(tm->year, tm->month, tm->day) * 86400.0 +
          tm->hour * 3600.0 + tm->min * 60.0 + tm->sec) *
         1000.0;
    n = udat_format(f, at, out, OUT_MAX, NULL, &e);
    udat_close(f);
    if (U_FAILURE(e) || n >= OUT_MAX)
        return ERR_INTERNAL;
    u_strToUTF8(buf, len > INT32_MAX ? INT32_MAX : (int32_t)len, &written,
                out, n, &e);
    if (U_FAILURE(e) || e == U_STRING_NOT_TERMINATED_WARNING ||
        (size_t)written >= len) {
        if (len > 0)
            buf[0] = '\0';
        return ERR_INTERNAL;
    }
    return 0;
}
