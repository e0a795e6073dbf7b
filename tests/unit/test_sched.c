/*
 * test_sched.c - weekly schedules: admin input, and sessions in UTC.
 *
 * Expected instants were computed once on the shell, never at run time,
 * e.g. `TZ=Europe/Helsinki date -d "2026-06-15 16:00" +%s`. The zone is
 * Europe/Helsinki from Debian's tzdata unless a test says otherwise.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "err.h"
#include "lang.h"
#include "schedule.h"
#include "tz.h"

static struct tz *hel;
static char why[256];
/* What the parsers say, and the catalogues to read it in. */
static struct lang_reason reason;
static struct langs *langs;

/* The last reason in English (as tests/integration and the docs quote
 * it), in why. */
static const char *said(void)
{
    lang_reason_format(lang_pick(langs, "en", NULL), &reason, why, sizeof(why));
    return why;
}

/* --- parsing -------------------------------------------------------- */

static int slot_is(const char *text, int wday, int start, int end)
{
    struct sched_slot s;

    return sched_slot_parse(text, &s, &reason) == 0 && s.wday == wday &&
           s.start == start && s.end == end;
}

/* 1 when text is refused with exactly want, in English. */
static int slot_err(const char *text, const char *want)
{
    struct sched_slot s = {9, 9, 9};

    lang_reason_clear(&reason);
    if (sched_slot_parse(text, &s, &reason) != ERR_BAD_REQUEST || s.wday != 9) {
        fprintf(stderr, "slot '%s' accepted\n", text ? text : "(null)");
        return 0;
    }
    if (strcmp(said(), want) != 0) {
        fprintf(stderr, "slot '%s': '%s'\n", text ? text : "(null)", why);
        return 0;
    }
    return 1;
}

static int exc_err(const char *text, const char *want)
{
    struct sched_exception e;

    e.year = 1;
    lang_reason_clear(&reason);
    if (sched_exception_parse(text, &e, &reason) != ERR_BAD_REQUEST ||
        e.year != 1) {
        fprintf(stderr, "exception '%s' accepted\n", text);
        return 0;
    }
    if (strcmp(said(), want) != 0) {
        fprintf(stderr, "exception '%s': '%s'\n", text, why);
        return 0;
    }
    return 1;
}

static void test_parse_slot(void)
{
    char longtext[200];

    CHECK(slot_is("mon 16:00-18:00", 0, 960, 1080));
    CHECK(slot_is("  Monday   9:05 - 17:30 ", 0, 545, 1050));
    CHECK(slot_is("SUN 23:00-01:00", 6, 1380, 60));
    CHECK(slot_is("fri 22:00-02:00", 4, 1320, 120));
    CHECK(slot_is("sat 22:00-24:00", 5, 1320, 1440));
    CHECK(slot_is("wed 00:00-24:00", 2, 0, 1440));
    CHECK(slot_is("thu\t08:00-\t09:00", 3, 480, 540));
    CHECK(slot_is("tue 23:59-00:00", 1, 1439, 0));

    CHECK(slot_err("mnd 16:00-18:00", "unknown weekday 'mnd'"));
    CHECK(slot_err("mon 25:00-18:00", "hour 25 out of range"));
    CHECK(slot_err("mon 16:00-123:00", "hour 123 out of range"));
    CHECK(slot_err("mon 16:61-18:00", "minute 61 out of range"));
    CHECK(slot_err("mon 16:00-16:00", "end must differ from start"));
    CHECK(slot_err("mon 00:00-00:00", "end must differ from start"));
    CHECK(slot_err("mon 1600-1800", "expected a time like 16:00, got '1600'"));
    CHECK(slot_err("mon 16:5-18:00", "expected a time like 16:00, got '16:5'"));
    CHECK(slot_err("mon 16:000-18:00",
                   "expected a time like 16:00, got '16:000'"));
    CHECK(
        slot_err("mon 16.00-18.00", "expected a time like 16:00, got '16.00'"));
    CHECK(slot_err("mon 16:00", "missing end time"));
    CHECK(slot_err("mon 16:00-", "missing end time"));
    CHECK(slot_err("mon 16:00 18:00",
                   "expected '-' between the times, got '18:00'"));
    CHECK(slot_err("mon", "expected a time range like 16:00-18:00"));
    CHECK(slot_err("mon -16:00-18:00",
                   "expected a time like 16:00, got '-16:00'"));
    CHECK(slot_err("mon 24:00-02:00", "24:00 is only allowed as an end time"));
    CHECK(slot_err("mon 16:00-24:30", "hour 24 out of range"));
    CHECK(slot_err("mon 16:00-18:00 x", "unexpected 'x' after the time range"));
    CHECK(slot_err("", "empty; expected a slot like 'mon 16:00-18:00'"));
    CHECK(slot_err("   ", "empty; expected a slot like 'mon 16:00-18:00'"));
    CHECK(slot_err(NULL, "empty; expected a slot like 'mon 16:00-18:00'"));
    CHECK(slot_err("2026-12-24 closed",
                   "expected a weekday like mon, got '2026-12-24'"));
    CHECK(slot_err("mo 16:00-18:00", "unknown weekday 'mo'"));
    /* What is shown back is printable ASCII and short. */
    CHECK(slot_err("ma\xc3\xa4 16:00-18:00", "unknown weekday 'ma?"
                                             "?'"));
    CHECK(slot_err("montuewedthufrisatsunday 16:00-18:00",
                   "unknown weekday 'montuewedthufrisatsu...'"));
    memset(longtext, ' ', sizeof(longtext));
    memcpy(longtext + 150, "mon 16:00-18:00", 16);
    CHECK(slot_err(longtext, "text too long (at most 100 characters)"));
    /* A NULL reason is fine; another catalogue says it in its words,
     * with the same argument. */
    {
        struct sched_slot s;
        char fi[256];

        CHECK(sched_slot_parse("mnd 1", &s, NULL) == ERR_BAD_REQUEST);
        CHECK(sched_slot_parse("mnd 1", &s, &reason) == ERR_BAD_REQUEST);
        CHECK(reason.key == LANG_WHY_SCHED_UNKNOWN_WEEKDAY);
        CHECK(lang_reason_format(lang_pick(langs, "fi", NULL), &reason, fi,
                                 sizeof(fi)) == 0);
        CHECK(strstr(fi, "'mnd'") && strcmp(fi, said()) != 0);
    }
}

static void test_parse_exception(void)
{
    struct sched_exception e;

    CHECK(sched_exception_parse("2026-12-24 closed", &e, &reason) == 0 &&
          e.year == 2026 && e.month == 12 && e.day == 24 &&
          e.kind == SCHED_CLOSED);
    CHECK(sched_exception_parse(" 2026-12-28  extra 16:00-18:00 ", &e,
                                &reason) == 0 &&
          e.year == 2026 && e.month == 12 && e.day == 28 &&
          e.kind == SCHED_EXTRA && e.start == 960 && e.end == 1080);
    CHECK(sched_exception_parse("2026-12-31 EXTRA 22:00-02:00", &e, &reason) ==
              0 &&
          e.kind == SCHED_EXTRA && e.start == 1320 && e.end == 120);
    CHECK(sched_exception_parse("2028-02-29 Closed", &e, &reason) == 0 &&
          e.month == 2 && e.day == 29);

    CHECK(exc_err("2026-02-29 closed", "day 29 out of range for 2026-02"));
    CHECK(exc_err("2026-04-31 closed", "day 31 out of range for 2026-04"));
    CHECK(exc_err("2026-13-01 closed", "month 13 out of range"));
    CHECK(exc_err("2026-00-01 closed", "month 0 out of range"));
    CHECK(exc_err("1969-12-31 closed", "year 1969 out of range"));
    CHECK(exc_err("2026-12-24 open",
                  "unknown exception 'open' (closed or extra)"));
    CHECK(exc_err("2026-12-24", "expected 'closed' or 'extra' after the date"));
    CHECK(exc_err("2026-12-24 closed 16:00-18:00",
                  "'closed' takes no time range"));
    CHECK(
        exc_err("2026-12-28 extra", "expected a time range like 16:00-18:00"));
    CHECK(
        exc_err("2026-12-28 extra 18:00-18:00", "end must differ from start"));
    CHECK(exc_err("2026-12-28 extra 18:00-25:00", "hour 25 out of range"));
    CHECK(exc_err("2026-12-28 extra 16:00-18:00 !",
                  "unexpected '!' after the time range"));
    CHECK(exc_err("24.12.2026 closed",
                  "expected a date like 2026-12-24, got '24.12.2026'"));
    CHECK(exc_err("2026-12-24x closed",
                  "expected a date like 2026-12-24, got '2026-12-24x'"));
    CHECK(exc_err("", "empty; expected an exception like "
                      "'2026-12-24 closed'"));
}

static void test_format(void)
{
    static const char *const texts[] = {"mon 16:00-18:00", "sun 23:00-01:00",
                                        "sat 22:00-24:00", "wed 00:00-24:00",
                                        "fri 09:05-10:00"};
    static const char *const etexts[] = {"2026-12-24 closed",
                                         "2026-12-28 extra 16:00-18:00",
                                         "2026-12-31 extra 22:00-02:00"};
    char buf[SCHED_FMT_MAX];
    struct sched_slot s;
    struct sched_exception e;

    for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
        CHECK(sched_slot_parse(texts[i], &s, &reason) == 0);
        CHECK(sched_slot_format(&s, buf, sizeof(buf)) == 0);
        CHECK_STR(buf, texts[i]);
    }
    for (size_t i = 0; i < sizeof(etexts) / sizeof(etexts[0]); i++) {
        CHECK(sched_exception_parse(etexts[i], &e, &reason) == 0);
        CHECK(sched_exception_format(&e, buf, sizeof(buf)) == 0);
        CHECK_STR(buf, etexts[i]);
    }
    CHECK(sched_slot_parse("Monday 9:05-17:30", &s, &reason) == 0);
    CHECK(sched_slot_format(&s, buf, sizeof(buf)) == 0);
    CHECK_STR(buf, "mon 09:05-17:30");
    CHECK(sched_slot_format(&s, buf, 10) == ERR_INTERNAL && buf[0] == '\0');
    s.wday = 7;
    CHECK(sched_slot_format(&s, buf, sizeof(buf)) == ERR_BAD_REQUEST &&
          buf[0] == '\0');
    CHECK_STR(sched_wday_name(6), "sun");
    CHECK(sched_wday_name(7) == NULL && sched_wday_name(-1) == NULL);

    /* Checks for values that come from the store. */
    s = (struct sched_slot){0, 960, 1080};
    CHECK(sched_slot_check(&s, &reason) == 0);
    s = (struct sched_slot){-1, 960, 1080};
    CHECK(sched_slot_check(&s, &reason) == ERR_BAD_REQUEST);
    CHECK_STR(said(), "weekday -1 out of range");
    s = (struct sched_slot){0, 1440, 60};
    CHECK(sched_slot_check(&s, &reason) == ERR_BAD_REQUEST);
    CHECK_STR(said(), "start minute 1440 out of range");
    s = (struct sched_slot){0, 60, 1441};
    CHECK(sched_slot_check(&s, &reason) == ERR_BAD_REQUEST);
    s = (struct sched_slot){0, 60, 60};
    CHECK(sched_slot_check(&s, &reason) == ERR_BAD_REQUEST);
    CHECK_STR(said(), "end must differ from start");
    CHECK(sched_slot_check(NULL, &reason) == ERR_BAD_REQUEST);
    e = (struct sched_exception){2026, 2, 29, SCHED_CLOSED, 0, 0};
    CHECK(sched_exception_check(&e, &reason) == ERR_BAD_REQUEST);
    e = (struct sched_exception){2026, 2, 28, (enum sched_kind)7, 0, 0};
    CHECK(sched_exception_check(&e, &reason) == ERR_BAD_REQUEST);
    CHECK_STR(said(), "unknown exception kind 7");
    e = (struct sched_exception){10000, 1, 1, SCHED_CLOSED, 0, 0};
    CHECK(sched_exception_check(&e, &reason) == ERR_BAD_REQUEST);
    e = (struct sched_exception){2026, 2, 28, SCHED_EXTRA, 60, 60};
    CHECK(sched_exception_check(&e, &reason) == ERR_BAD_REQUEST);
}

/* --- sessions ------------------------------------------------------- */

/* Parses up to 8 slots and 8 exceptions (NULL-terminated lists). */
struct fixture {
    struct sched_slot slots[8];
    struct sched_exception exc[8];
    struct sched s;
};

static struct sched *
make(struct fixture *f, const char *const *slots, const char *const *excs)
{
    memset(f, 0, sizeof(*f));
    for (; slots && *slots; slots++)
        if (sched_slot_parse(*slots, &f->slots[f->s.nslots++], &reason) != 0)
            fprintf(stderr, "fixture: '%s': %s\n", *slots, said());
    for (; excs && *excs; excs++)
        if (sched_exception_parse(*excs, &f->exc[f->s.nexceptions++],
                                  &reason) != 0)
            fprintf(stderr, "fixture: '%s': %s\n", *excs, said());
    f->s.slots = f->slots;
    f->s.exceptions = f->exc;
    return &f->s;
}

/* 1 when the state at now is as given (end/next ignored when -1). */
static int state_is(const struct sched *s,
                    const struct tz *z,
                    int64_t now,
                    int open,
                    int64_t end,
                    int64_t next)
{
    struct sched_state st;
    int rc = sched_state_at(s, z, now, &st);

    if (rc != 0 || st.open != open || (open && st.current_end != end) ||
        (next < 0 && st.has_next) ||
        (next >= 0 && (!st.has_next || st.next_open != next))) {
        fprintf(stderr,
                "state at %lld: rc %d open %d end %lld has_next %d "
                "next %lld\n",
                (long long)now, rc, st.open, (long long)st.current_end,
                st.has_next, (long long)st.next_open);
        return 0;
    }
    return 1;
}

static void test_dst_sessions(void)
{
    static const char *const mon[] = {"mon 16:00-18:00", NULL};
    static const char *const night[] = {"sun 02:00-05:00", NULL};
    static const char *const ingap[] = {"sun 03:00-03:30", NULL};
    struct fixture f;
    struct sched *s;

    /* Mon 16:00-18:00 is 13:00-15:00Z in summer, 14:00-16:00Z in winter. */
    s = make(&f, mon, NULL);
    CHECK(state_is(s, hel, 1781528400 - 1, 0, -1, 1781528400));
    CHECK(state_is(s, hel, 1781528400, 1, 1781535600, 1782133200));
    CHECK(state_is(s, hel, 1781535600 - 1, 1, 1781535600, 1782133200));
    CHECK(state_is(s, hel, 1781535600, 0, -1, 1782133200));
    CHECK(1781528400 % 86400 == 13 * 3600);
    CHECK(state_is(s, hel, 1768226400 - 3600, 0, -1, 1768226400));
    CHECK(state_is(s, hel, 1768226400, 1, 1768233600, 1768226400 + 7 * 86400));
    CHECK(1768226400 % 86400 == 14 * 3600);

    /* Sun 02:00-05:00: 2 hours on 2026-03-29, 4 hours on 2026-10-25. */
    s = make(&f, night, NULL);
    CHECK(state_is(s, hel, 1774692000, 0, -1, 1774742400));
    /* The next, 2026-04-05 02:00 EEST, is an hour less than a week on. */
    CHECK(state_is(s, hel, 1774742400, 1, 1774749600,
                   1774742400 + 7 * 86400 - 3600));
    CHECK(1774749600 - 1774742400 == 2 * 3600);
    CHECK(state_is(s, hel, 1792832400, 0, -1, 1792882800));
    CHECK(state_is(s, hel, 1792882800 + 3 * 3600, 1, 1792897200,
                   1792882800 + 7 * 86400 + 3600));
    CHECK(1792897200 - 1792882800 == 4 * 3600);

    /* A slot wholly inside the spring gap is empty that day and
     * skipped: the next is 2026-04-05 03:00 EEST (1775350800 is 04:00). */
    s = make(&f, ingap, NULL);
    CHECK(state_is(s, hel, 1774692000, 0, -1, 1775350800 - 3600));
}

static void test_midnight(void)
{
    static const char *const sunmon[] = {"sun 23:00-01:00", NULL};
    static const char *const frisat[] = {"fri 22:00-02:00", NULL};
    static const char *const sunmon_closed[] = {"2026-06-15 closed",
                                                "2026-06-14 closed", NULL};
    static const char *const mon_closed[] = {"2026-06-15 closed", NULL};
    struct fixture f;
    struct sched *s;

    /* Sunday 23:00 to Monday 01:00, across the week boundary. */
    s = make(&f, sunmon, NULL);
    CHECK(state_is(s, hel, 1781467200 - 1, 0, -1, 1781467200));
    CHECK(state_is(s, hel, 1781467200, 1, 1781474400, 1782072000));
    CHECK(state_is(s, hel, 1781469000, 1, 1781474400, 1782072000));
    CHECK(state_is(s, hel, 1781472600, 1, 1781474400, 1782072000));
    CHECK(state_is(s, hel, 1781474400, 0, -1, 1782072000));
    /* Closing the Monday does not cut the session that began Sunday. */
    s = make(&f, sunmon, mon_closed);
    CHECK(state_is(s, hel, 1781472600, 1, 1781474400, 1782072000));
    /* Closing the Sunday does. */
    s = make(&f, sunmon, sunmon_closed);
    CHECK(state_is(s, hel, 1781472600, 0, -1, 1782072000));

    /* Friday 22:00 to Saturday 02:00. */
    s = make(&f, frisat, NULL);
    CHECK(state_is(s, hel, 1781895600 + 3600, 1, 1781910000,
                   1781895600 + 7 * 86400));
    CHECK(1781910000 - 1781895600 == 4 * 3600);
}

static void test_exceptions(void)
{
    static const char *const mon[] = {"mon 16:00-18:00", NULL};
    static const char *const xmas[] = {"2026-12-28 closed", NULL};
    static const char *const moved[] = {"2026-12-28 closed",
                                        "2026-12-28 extra 10:00-12:00", NULL};
    static const char *const extra_only[] = {"2026-12-24 extra 10:00-12:00",
                                             NULL};
    static const char *const nye[] = {"2026-12-31 extra 22:00-02:00", NULL};
    static const char *const three[] = {
        "2026-12-28 closed", "2027-01-04 closed", "2027-01-11 closed", NULL};
    static const char *const far[] = {"2028-06-01 extra 10:00-12:00", NULL};
    static const char *const past[] = {"2025-06-01 extra 10:00-12:00", NULL};
    struct fixture f;
    struct sched *s;

    /* Closed on Monday 2026-12-28: from the Sunday before, the next
     * session is Monday 2027-01-04 16:00 EET. */
    s = make(&f, mon, xmas);
    CHECK(state_is(s, hel, 1798365600, 0, -1, 1799071200));
    CHECK(state_is(s, hel, 1798466400 + 60, 0, -1, 1799071200));
    /* Closed plus extra on one date moves that day's session. */
    s = make(&f, mon, moved);
    CHECK(state_is(s, hel, 1798365600, 0, -1,
                   1798466400 - 6 * 3600)); /* 10:00 EET = 08:00Z */
    CHECK(state_is(s, hel, 1798466400 - 5 * 3600, 1, 1798466400 - 4 * 3600,
                   1799071200));
    CHECK(state_is(s, hel, 1798466400 + 60, 0, -1, 1799071200));
    /* Only an extra, weeks ahead. */
    s = make(&f, NULL, extra_only);
    CHECK(state_is(s, hel, 1793527200, 0, -1, 1798099200));
    CHECK(state_is(s, hel, 1798099200 + 60, 1, 1798106400, -1));
    CHECK(state_is(s, hel, 1798106400, 0, -1, -1));
    /* An extra across midnight into the new year. */
    s = make(&f, NULL, nye);
    CHECK(state_is(s, hel, 1798747200 - 1, 0, -1, 1798747200));
    CHECK(state_is(s, hel, 1798747200 + 3 * 3600, 1, 1798761600, -1));
    /* Three Mondays closed in a row: next opening is four weeks on. */
    s = make(&f, mon, three);
    CHECK(state_is(s, hel, 1798365600, 0, -1, 1799071200 + 14 * 86400));
    /* Beyond the horizon (about 19 months ahead) or in the past: none. */
    s = make(&f, NULL, far);
    CHECK(state_is(s, hel, 1768478400, 0, -1, -1));
    s = make(&f, NULL, past);
    CHECK(state_is(s, hel, 1768478400, 0, -1, -1));
}

static void test_merge(void)
{
    static const char *const chain[] = {"mon 16:00-18:00", "mon 17:00-19:00",
                                        "mon 19:00-20:00", NULL};
    static const char *const inner[] = {"mon 16:00-20:00", "mon 17:00-18:00",
                                        NULL};
    static const char *const days[] = {"sun 22:00-02:00", "mon 01:00-03:00",
                                       NULL};
    static const char *const always[] = {"mon 00:00-24:00", "tue 00:00-24:00",
                                         "wed 00:00-24:00", "thu 00:00-24:00",
                                         "fri 00:00-24:00", "sat 00:00-24:00",
                                         "sun 00:00-24:00", NULL};
    struct fixture f;
    struct sched *s;
    struct sched_state st;

    /* Overlapping and touching slots are one session, 16:00-20:00. */
    s = make(&f, chain, NULL);
    CHECK(state_is(s, hel, 1781530200, 1, 1781542800, 1782133200));
    CHECK(state_is(s, hel, 1781539200, 1, 1781542800, 1782133200));
    CHECK(state_is(s, hel, 1781528400 - 60, 0, -1, 1781528400));
    /* A slot inside another changes nothing. */
    s = make(&f, inner, NULL);
    CHECK(state_is(s, hel, 1781530200, 1, 1781542800, 1782133200));
    /* A chain across midnight: Sunday 22:00 to Monday 03:00. */
    s = make(&f, days, NULL);
    CHECK(state_is(s, hel, 1781472600, 1, 1781481600,
                   1781467200 - 3600 + 7 * 86400));
    /* Always open: the session never ends within the horizon. */
    s = make(&f, always, NULL);
    CHECK(sched_state_at(s, hel, 1781472600, &st) == 0 && st.open &&
          !st.has_next && st.current_end > 1781472600 + 390 * 86400LL);
}

static void test_edges(void)
{
    static const char *const mon[] = {"mon 16:00-18:00", NULL};
    struct fixture f;
    struct sched *s;
    struct sched_state st;
    struct sched_slot bad = {0, 60, 60};
    struct sched_exception badx = {2026, 2, 30, SCHED_CLOSED, 0, 0};
    struct sched sb;
    struct tz *z;

    /* Empty schedules: closed, no next, no endless search. */
    s = make(&f, NULL, NULL);
    CHECK(state_is(s, hel, 1781530200, 0, -1, -1));
    CHECK(state_is(NULL, hel, 1781530200, 0, -1, -1));
    /* Invalid entries are refused, not guessed at. */
    memset(&sb, 0, sizeof(sb));
    sb.slots = &bad;
    sb.nslots = 1;
    CHECK(sched_state_at(&sb, hel, 1781530200, &st) == ERR_BAD_REQUEST &&
          !st.open && !st.has_next);
    memset(&sb, 0, sizeof(sb));
    sb.exceptions = &badx;
    sb.nexceptions = 1;
    CHECK(sched_state_at(&sb, hel, 1781530200, &st) == ERR_BAD_REQUEST);
    sb.exceptions = NULL;
    CHECK(sched_state_at(&sb, hel, 1781530200, &st) == ERR_INTERNAL);
    CHECK(sched_state_at(make(&f, mon, NULL), NULL, 0, &st) == ERR_INTERNAL);
    CHECK(sched_state_at(make(&f, mon, NULL), hel, 0, NULL) == ERR_INTERNAL);
    /* Instants far out do not overflow. */
    s = make(&f, mon, NULL);
    CHECK(sched_state_at(s, hel, INT64_MAX, &st) == 0);
    CHECK(sched_state_at(s, hel, INT64_MIN, &st) == 0);
    /* Other zones: Tokyo (no DST) and UTC. */
    z = tz_load("Asia/Tokyo", why, sizeof(why));
    CHECK(z != NULL);
    if (z) {
        CHECK(state_is(s, z, 1781506800, 1, 1781506800 + 7200,
                       1781506800 + 7 * 86400));
        tz_free(z);
    }
    z = tz_load("UTC", why, sizeof(why));
    CHECK(z != NULL);
    if (z) {
        /* Monday 2026-06-15 16:00Z. */
        CHECK(state_is(s, z, 1781539200 + 60, 1, 1781546400,
                       1781539200 + 7 * 86400));
        tz_free(z);
    }
}

int main(void)
{
    if ((langs = lang_load_builtin(why, sizeof(why))) == NULL) {
        fprintf(stderr, "test_sched: %s\n", why);
        CHECK(langs != NULL);
        return CHECK_DONE("test_sched");
    }
    hel = tz_load("Europe/Helsinki", why, sizeof(why));
    if (hel == NULL) {
        fprintf(stderr, "test_sched: %s (is tzdata installed?)\n", why);
        CHECK(hel != NULL);
        return CHECK_DONE("test_sched");
    }
    test_parse_slot();
    test_parse_exception();
    test_format();
    test_dst_sessions();
    test_midnight();
    test_exceptions();
    test_merge();
    test_edges();
    tz_free(hel);
    lang_free(langs);
    return CHECK_DONE("test_sched");
}
