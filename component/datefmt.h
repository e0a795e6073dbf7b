/*
 * datefmt.h - dates and times written by a locale's rules (ICU's udat_*,
 * CLDR's names and numbers), for the texts of the catalogues.
 *
 * The caller gives the wall-clock time (a struct tz_tm from tz.h: the
 * service's own zone rules decide the local time, not ICU's), a locale
 * ("fi_FI") and a CLDR date pattern ("d.M.y", "H.mm"); ICU writes it
 * with that locale's digits and names. The patterns are the catalogues'
 * (cldr_date, cldr_time): the same as CLDR gives those locales today, so
 * that ecopper's texts read as the youth page's dates, which the browser
 * writes by its own CLDR, whatever CLDR version the server's ICU has.
 *
 * No state; each call opens and closes one ICU formatter (tens of
 * microseconds), fine for the few texts a session sends.
 */
#ifndef ECOPPER_DATEFMT_H
#define ECOPPER_DATEFMT_H

#include <stddef.h>

struct tz_tm;

/*
 * Writes tm by pattern in locale into buf (always terminated when len >
 * 0). Returns 0; ERR_BAD_REQUEST when locale or pattern is NULL or ICU
 * refuses them, ERR_INTERNAL when buf is too short: buf is then "".
 */
int datefmt_local(const char *locale,
                  const char *pattern,
                  const struct tz_tm *tm,
                  char *buf,
                  size_t len);

#endif
