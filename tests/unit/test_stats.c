/* test_stats.c - the statistics (issue 16): months and ranges in the
 * service's zone, median and 90th percentile, the questions waiting for
 * staff, CSV; and in the store, the month's visitor key, which goes once
 * the month is over, and a period read back. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "stats.h"
#include "store.h"
#include "tz.h"
#include "util.h"

static void periods(void)
{
    char err[128], m[STATS_MONTH_LEN];
    struct tz *z = tz_load("Europe/Helsinki", err, sizeof(err));
    int64_t from, to;

    CHECK(z != NULL);
    if (z == NULL)
        return;
    /* 2026-03-31 22:30 UTC is already April 1st 01:30 in Helsinki. */
    stats_month_of(z, 1774996200, m);
    CHECK_STR(m, "2026-04");
    stats_month_of(z, 1774996200 - 3 * 3600, m);
    CHECK_STR(m, "2026-03");
    /* March 2026: from 00:00 EET (UTC+2) of the 1st to 00:00 EEST
     * (UTC+3) of April 1st. */
    CHECK(stats_month_parse(z, "2026-03", &from, &to) == 0);
    CHECK(from == 1772316000); /* 2026-02-28T22:00:00Z */
    CHECK(to == 1774990800);   /* 2026-03-31T21:00:00Z */
    CHECK(stats_month_parse(z, "2026-12", &from, &to) == 0);
    CHECK(to - from == 31 * 86400);
    CHECK(stats_month_parse(z, "2026-13", &from, &to) == -1);
    CHECK(stats_month_parse(z, "2026-3", &from, &to) == -1);
    CHECK(stats_month_parse(z, "2026-03x", &from, &to) == -1);
    CHECK(stats_month_parse(z, "+026-03", &from, &to) == -1);
    CHECK(stats_month_parse(z, NULL, &from, &to) == -1);
    /* Both days included; the second to the day after it. */
    CHECK(stats_range_parse(z, "2026-03-01", "2026-03-31", &from, &to) == 0);
    CHECK(from == 1772316000 && to == 1774990800);
    CHECK(stats_range_parse(z, "2026-03-02", "2026-03-02", &from, &to) == 0);
    CHECK(to - from == 86400);
    CHECK(stats_range_parse(z, "2026-03-03", "2026-03-02", &from, &to) == -1);
    CHECK(stats_range_parse(z, "2026-02-30", "2026-03-02", &from, &to) == -1);
    CHECK(stats_range_parse(z, "2026-02-28", "", &from, &to) == -1);
    tz_free(z);
}

static void percentiles(void)
{
    int64_t v[] = {300, 60, 120, 30, 600, 90, 45, 240, 180, 75};
    int64_t one[] = {42};
    char buf[32];

    CHECK(stats_median2(v, 0) == -1 && stats_p90(v, 0) == -1);
    CHECK(stats_median2(one, 1) == 84 && stats_p90(one, 1) == 42);
    stats_sort(v, 10);
    CHECK(v[0] == 30 && v[9] == 600);
    /* 30 45 60 75 90 120 180 240 300 600: median (90 + 120) / 2 = 105;
     * p90 the 9th: 300. */
    CHECK(stats_median2(v, 10) == 210);
    CHECK(stats_p90(v, 10) == 300);
    /* Odd count: the middle one; p90 of 9 is the ceil(8.1) = 9th. */
    CHECK(stats_median2(v, 9) == 180);
    CHECK(stats_p90(v, 9) == 300);
    /* Two: the mean, a half second exact; p90 the 2nd. */
    {
        int64_t two[] = {10, 21};

        CHECK(stats_median2(two, 2) == 31);
        CHECK(stats_p90(two, 2) == 21);
    }
    stats_fmt_half(31, buf, sizeof(buf));
    CHECK_STR(buf, "15.5");
    stats_fmt_half(210, buf, sizeof(buf));
    CHECK_STR(buf, "105");
    stats_fmt_half(-1, buf, sizeof(buf));
    CHECK_STR(buf, "");
}

static void pending(void)
{
    struct stats_pending p = {.n = 0};
    int64_t d[STATS_PENDING_MAX];

    CHECK(stats_pending_answer(&p, 100, d) == 0);
    CHECK(stats_pending_add(&p, 100) == 0);
    CHECK(stats_pending_add(&p, 160) == 0);
    CHECK(stats_pending_answer(&p, 220, d) == 2);
    CHECK(d[0] == 120 && d[1] == 60);
    /* Answered once: the next message of staff answers nothing. */
    CHECK(stats_pending_answer(&p, 300, d) == 0);
    /* A clock set back never makes a negative delay. */
    CHECK(stats_pending_add(&p, 500) == 0);
    CHECK(stats_pending_answer(&p, 400, d) == 1 && d[0] == 0);
    for (int i = 0; i < STATS_PENDING_MAX; i++)
        CHECK(stats_pending_add(&p, i) == 0);
    CHECK(stats_pending_add(&p, 1) == -1);
    CHECK(stats_pending_answer(&p, 1000, d) == STATS_PENDING_MAX);
}

static void csv(void)
{
    struct stats_figures f = {.sessions = 1,
                              .visitors = 3,
                              .peak_youths = 2,
                              .staff = 1,
                              .messages = 9,
                              .asked = 4,
                              .published = 3,
                              .rejected = 1,
                              .reports = 1,
                              .kicks = 1,
                              .bans = 1,
                              .answered = 3,
                              .median2 = 121,
                              .p90 = 300};
    struct stats_figures sum = {0}, g = f;
    struct sbuf sb;

    sb_init(&sb);
    stats_csv_header(&sb);
    CHECK(strncmp(sb.s, "session,room,opened,closed,unique_visitors,", 43) ==
          0);
    sb_reset(&sb);
    stats_csv_row(&sb, "7", "ask", "2026-03-02 16:00", "", &f);
    CHECK_STR(sb.s, "7,ask,2026-03-02 16:00,,3,2,1,9,4,3,1,1,1,1,3,60.5,300\n");
    sb_reset(&sb);
    g.median2 = g.p90 = -1;
    g.answered = 0;
    stats_csv_row(&sb, "total", "a,\"b\"", "", "", &g);
    CHECK_STR(sb.s, "total,\"a,\"\"b\"\"\",,,3,2,1,9,4,3,1,1,1,1,0,,\n");
    sb_free(&sb);
    g.peak_youths = 5;
    stats_add(&sum, &f);
    stats_add(&sum, &g);
    CHECK(sum.sessions == 2 && sum.peak_youths == 5 && sum.messages == 18 &&
          sum.asked == 8 && sum.bans == 2);
}

static int count_rows(const struct store_session *s, void *ud)
{
    unsigned *n = ud;

    CHECK(s->asked == 4 && s->published == 3 && s->rejected == 1 &&
          s->peak_youths == 2 && s->kicks == 1);
    CHECK_STR(s->month, "2026-03");
    (*n)++;
    return 0;
}

static void store_side(void)
{
    char err[256];
    struct store *st = store_open(":memory:", err, sizeof(err));
    unsigned char k1[32], k2[32], k3[32];
    struct store_session ss = {.room_id = 1,
                               .started = 1772460000,
                               .planned_end = -1,
                               .opened_by = "schedule",
                               .month = "2026-03"};
    struct store_stats_q q = {
        .room_id = 1, .from = 1772316000, .to = 1774990800};
    unsigned n = 0;
    int64_t *v = NULL;
    size_t nv = 0;

    CHECK(st != NULL);
    if (st == NULL)
        return;
    CHECK(store_room_add(st, "ask", "", "", 1, "a@b", NULL) == 0);
    /* One key per month, the same when asked again. */
    CHECK(store_visitor_key(st, "2026-03", k1) == 0);
    CHECK(store_visitor_key(st, "2026-03", k2) == 0);
    CHECK(memcmp(k1, k2, 32) == 0);
    CHECK(store_visitor_key(st, "2026-04", k3) == 0);
    CHECK(memcmp(k1, k3, 32) != 0);
    /* A session of March still runs in April: its key stays. */
    CHECK(store_session_start(st, &ss) == 0 && ss.id > 0);
    CHECK(store_visitor_keys_prune(st, "2026-04") == 0);
    CHECK(store_visitor_key(st, "2026-03", k2) == 0);
    CHECK(memcmp(k1, k2, 32) == 0);
    ss.ended = 1772467200;
    ss.closed_by = "schedule";
    ss.asked = 4;
    ss.published = 3;
    ss.rejected = 1;
    ss.peak_youths = 2;
    ss.kicks = 1;
    CHECK(store_session_update(st, &ss) == 0);
    /* Over: March's key goes, April's stays; asked again, March gets a
     * new one, so no hash of March can be made again. */
    CHECK(store_visitor_keys_prune(st, "2026-04") == 0);
    CHECK(store_visitor_key(st, "2026-04", k2) == 0);
    CHECK(memcmp(k2, k3, 32) == 0);
    CHECK(store_visitor_key(st, "2026-03", k2) == 0);
    CHECK(memcmp(k1, k2, 32) != 0);
    /* Visitors counted once; delays read back sorted. */
    CHECK(store_session_visitor(st, ss.id, 0,
                                "0123456789abcdef0123456789abcdef") == 0);
    CHECK(store_session_visitor(st, ss.id, 0,
                                "0123456789abcdef0123456789abcdef") == 0);
    CHECK(store_session_visitor(st, ss.id, 0,
                                "fedcba9876543210fedcba9876543210") == 0);
    CHECK(store_session_visitor(st, ss.id, 1,
                                "0123456789abcdef0123456789abcdef") == 0);
    /* The schema takes hashes only: never an address. */
    CHECK(store_session_visitor(st, ss.id, 0, "kid@anon.example.org") != 0);
    CHECK(store_session_delay(st, ss.id, 90) == 0);
    CHECK(store_session_delay(st, ss.id, 30) == 0);
    CHECK(store_stats_sessions(st, &q, count_rows, &n) == 0 && n == 1);
    CHECK(store_stats_distinct(st, &q, 0, &n) == 0 && n == 2);
    CHECK(store_stats_distinct(st, &q, 1, &n) == 0 && n == 1);
    CHECK(store_stats_delays(st, &q, &v, &nv) == 0 && nv == 2);
    CHECK(v && v[0] == 30 && v[1] == 90);
    free(v);
    /* A period without it. */
    q.from = q.to;
    q.to += 86400;
    n = 0;
    CHECK(store_stats_sessions(st, &q, count_rows, &n) == 0 && n == 0);
    CHECK(store_stats_delays(st, &q, &v, &nv) == 0 && nv == 0 && !v);
    /* By its number, whatever the period. */
    q.session_id = ss.id;
    CHECK(store_stats_distinct(st, &q, 0, &n) == 0 && n == 2);
    store_close(st);
}

int main(void)
{
    periods();
    percentiles();
    pending();
    csv();
    store_side();
    return CHECK_DONE("test_stats");
}
