/*
 * fuzz_schedule.c - libFuzzer target: the schedule lines (schedule.h)
 * and opening hours built from them (opening.h).
 *
 * Each line of the input goes to sched_slot_parse() and, when that
 * refuses it, to sched_exception_parse(), as cmd_schedule.c reads the
 * lines an admin types. Whatever parses must pass its check, format to
 * its canonical text and read back to the same value; whatever is
 * refused must say why, in every catalogue (a key of the right count,
 * its text not empty and within what the command's error holds). The lines that
 * parse (at most OPENING_MAX_LINES of each kind, as the store takes)
 * make a schedule: sched_state_at() at a few instants around the DST
 * changes of 2026 in Europe/Helsinki, then opening_set() of a room in a
 * store on ":memory:", opening_state() and the texts built from its
 * answer (opening_closed_text(), opening_format_local()).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "fuzz.h"
#include "lang.h"
#include "log.h"
#include "opening.h"
#include "schedule.h"
#include "store.h"
#include "tz.h"
#include "util.h"

#define ZONE "Europe/Helsinki"

static struct store *store;
static struct opening *op;
static struct langs *langs;
static struct tz *zone; /* owned by op */
static int64_t room_id;

/* Around the 2026 DST changes and an ordinary Monday (UTC). */
static const int64_t instants[] = {
    1774740600, /* 2026-03-28T23:30:00Z, the night of the spring change */
    1792886400, /* 2026-10-25T00:00:00Z, the autumn change */
    1796644800, /* 2026-12-07T12:00:00Z */
};

static void die(const char *what, const char *why)
{
    fprintf(stderr, "fuzz_schedule: %s: %s\n", what, why ? why : "failed");
    exit(1);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    char err[512];
    struct tz *z;

    (void)argc;
    (void)argv;
    log_set_level(LOG_ERROR);
    if ((store = store_open(":memory:", err, sizeof(err))) == NULL)
        die("store_open", err);
    if ((z = tz_load(ZONE, err, sizeof(err))) == NULL)
        die("tz_load", err);
    if ((op = opening_load(store, z, err, sizeof(err))) == NULL)
        die("opening_load", err);
    zone = z;
    if (store_room_add(store, "ask", "Ask", "", 0, "admin@localhost",
                       &room_id) != 0)
        die("store_room_add", NULL);
    if ((langs = lang_load(FUZZ_TOP "/conf/lang", err, sizeof(err))) == NULL)
        die("lang_load", err);
    return 0;
}

static int same_slot(const struct sched_slot *a, const struct sched_slot *b)
{
    return a->wday == b->wday && a->start == b->start && a->end == b->end;
}

static int same_exception(const struct sched_exception *a,
                          const struct sched_exception *b)
{
    return a->year == b->year && a->month == b->month && a->day == b->day &&
           a->kind == b->kind &&
           (a->kind == SCHED_CLOSED ||
            (a->start == b->start && a->end == b->end));
}

/* A refusal says why: a reason given, which every catalogue renders in
 * full, not empty. */
static void says_why(const struct lang_reason *why)
{
    char text[512];

    if (!lang_reason_given(why))
        abort();
    for (size_t i = 0; i < lang_count(langs); i++) {
        const struct lang_cat *c =
            lang_pick(langs, lang_code_at(langs, i), NULL);

        if (lang_reason_format(c, why, text, sizeof(text)) != 0 ||
            text[0] == '\0')
            abort();
    }
}

/* Parses line into the schedule when it is a slot or an exception. */
static void parse_line(const char *line,
                       struct sched_slot *slots,
                       size_t *ns,
                       struct sched_exception *excs,
                       size_t *nx)
{
    struct lang_reason why;
    char buf[SCHED_FMT_MAX];
    struct sched_slot s, s2;
    struct sched_exception x, x2;

    lang_reason_clear(&why);
    if (sched_slot_parse(line, &s, &why) == 0) {
        if (sched_slot_check(&s, &why) != 0 ||
            sched_slot_format(&s, buf, sizeof(buf)) != 0 ||
            sched_slot_parse(buf, &s2, &why) != 0 || !same_slot(&s, &s2))
            abort(); /* parse, check, format and parse must agree */
        if (*ns < OPENING_MAX_LINES)
            slots[(*ns)++] = s;
        return;
    }
    says_why(&why);
    lang_reason_clear(&why);
    if (sched_exception_parse(line, &x, &why) == 0) {
        if (sched_exception_check(&x, &why) != 0 ||
            sched_exception_format(&x, buf, sizeof(buf)) != 0 ||
            sched_exception_parse(buf, &x2, &why) != 0 ||
            !same_exception(&x, &x2))
            abort();
        if (*nx < OPENING_MAX_LINES)
            excs[(*nx)++] = x;
        return;
    }
    says_why(&why);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct sched_slot slots[OPENING_MAX_LINES];
    struct sched_exception excs[OPENING_MAX_LINES];
    size_t ns = 0, nx = 0;
    char *text = fuzz_cstr(data, size), *line, *next;
    struct sched s;
    const struct lang_cat *fi = lang_pick(langs, "fi", NULL);

    for (line = text; line; line = next) {
        if ((next = strchr(line, '\n')) != NULL)
            *next++ = '\0';
        parse_line(line, slots, &ns, excs, &nx);
    }
    free(text);
    s.slots = slots;
    s.nslots = ns;
    s.exceptions = excs;
    s.nexceptions = nx;
    for (size_t i = 0; i < ARRAY_LEN(instants); i++) {
        struct sched_state st;

        if (sched_state_at(&s, zone, instants[i], &st) != 0)
            abort(); /* every line was checked */
        if (st.open && st.current_end <= instants[i])
            abort();
        if (st.has_next && st.next_open <= instants[i])
            abort();
    }
    if (opening_set(op, "ask", room_id, &s, NULL, instants[0],
                    "admin@localhost") != 0)
        abort();
    for (size_t i = 0; i < ARRAY_LEN(instants); i++) {
        struct opening_state st;
        char buf[512];

        if (opening_state(op, "ask", instants[i], &st) != 0)
            abort();
        if (!st.open)
            opening_closed_text(op, fi, &st, buf, sizeof(buf));
        if (st.has_next)
            opening_format_local(op, st.next_open, 1, buf, OPENING_FMT_MAX);
    }
    return 0;
}
