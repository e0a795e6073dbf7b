/*
 * schedule.h - weekly opening schedules of rooms, in the service's zone.
 *
 * A schedule is a set of weekly slots (weekday, start and end as local
 * wall-clock minutes) plus exceptions by local date: CLOSED cancels every
 * slot that starts on that date; EXTRA adds a session on that date. Ends
 * before starts cross midnight: "fri 22:00-02:00" ends on Saturday at
 * 02:00. sched_state_at() turns a schedule and a zone into sessions, exact
 * instants in UTC, and says whether one is open at a given instant.
 *
 * Pure: no XML, no SQL, no clock (now is a value), no I/O; the zone comes
 * from tz.h. A refusal says why as a catalogue key with its arguments
 * (struct lang_reason, lang.h), which the caller renders in its reader's
 * language. The daemon keeps the slots and exceptions (in the store) and
 * hands them in as arrays it owns; nothing here keeps a pointer to them.
 *
 * Rules, in one place:
 *  - Local times are converted with tz_local_to_utc(): a time in a DST
 *    gap means the instant of the change (03:30 on 2026-03-29 in
 *    Europe/Helsinki is 04:00 EEST); a repeated one means its first
 *    occurrence. So "02:00-05:00" lasts 2 hours on 2026-03-29 and 4 hours
 *    on 2026-10-25 in Helsinki, and a slot wholly inside a gap
 *    (03:00-03:30 on 2026-03-29) is empty that day and is skipped.
 *  - A session is the half-open interval [start, end): open at start,
 *    closed at end.
 *  - Sessions that overlap or touch (one ends when the next starts) merge
 *    into one, from the earliest start to the latest end of the chain, so
 *    a room is never closed and reopened in the same second.
 *  - CLOSED on a date cancels the weekly slots starting on that date, not
 *    the EXTRA sessions of that date: "closed" plus "extra" on one date
 *    moves that day's session. A slot from the day before that runs past
 *    midnight into the date is not cancelled.
 *  - The search looks SCHED_HORIZON_DAYS local days ahead, no further.
 *
 * The file is not called sched.h: the build puts component/ on the -I
 * path, where that name would hide the C library's <sched.h> (which
 * <pthread.h> includes). The symbols keep the sched_ prefix.
 *
 * Cost: sched_state_at() does at most about SCHED_HORIZON_DAYS *
 * (slots + exceptions) zone conversions, and usually stops within days.
 */
#ifndef ECOPPER_SCHED_H
#define ECOPPER_SCHED_H

#include <stddef.h>
#include <stdint.h>

#include "lang.h"
#include "tz.h"

/* How far ahead sched_state_at() looks for the next session, in days. */
#define SCHED_HORIZON_DAYS 400
/* Longest text the parsers accept, in bytes. */
#define SCHED_TEXT_MAX 100
/* A buffer this large holds any formatted slot or exception. */
#define SCHED_FMT_MAX 40

#define SCHED_MINUTES_PER_DAY 1440

enum sched_kind {
    SCHED_CLOSED = 1, /* no weekly slot starting on this date */
    SCHED_EXTRA = 2   /* a session on this date, from start to end */
};

/*
 * A weekly slot. start is 0..1439; end is 0..1440 (1440 is "24:00") and
 * differs from start; end < start crosses midnight into the next day.
 * A slot lasts at most 24 hours (00:00-24:00).
 */
struct sched_slot {
    int wday;  /* 0 = Monday .. 6 = Sunday */
    int start; /* minute of day */
    int end;   /* minute of day */
};

/* An exception on a local date; start and end as for slots, EXTRA only
 * (the parser sets them to 0 for CLOSED; checks ignore them there). */
struct sched_exception {
    int year;  /* 1970..9999 */
    int month; /* 1..12 */
    int day;   /* 1..length of the month */
    enum sched_kind kind;
    int start;
    int end;
};

/* A schedule: arrays owned by the caller (NULL when the count is 0). */
struct sched {
    const struct sched_slot *slots;
    size_t nslots;
    const struct sched_exception *exceptions;
    size_t nexceptions;
};

/* What sched_state_at() found. Instants are Unix seconds (UTC). */
struct sched_state {
    int open;            /* 1: a session is open at now */
    int64_t current_end; /* open: when it (the merged chain) ends */
    int has_next;        /* 1: next_open was found within the horizon */
    int64_t next_open;   /* the next instant after now (after current_end
                          * when open) at which the room opens */
};

/*
 * Parses admin input like "mon 16:00-18:00" (weekday as three letters or
 * the full English name, any case; times H:MM or HH:MM; "24:00" only as
 * an end; blanks around the tokens and the '-' are allowed).
 * Returns 0 and fills *out, or ERR_BAD_REQUEST with the reason in *why
 * (LANG_WHY_SCHED_*: in English "unknown weekday 'mnd'", "hour 25 out of
 * range", "end must differ from start", ...; what the admin typed is
 * shown as printable ASCII, cut after 20 characters) and *out untouched.
 * why may be NULL. text NULL is treated as "".
 */
int sched_slot_parse(const char *text,
                     struct sched_slot *out,
                     struct lang_reason *why);

/*
 * Parses "2026-12-24 closed" or "2026-12-28 extra 16:00-18:00" (keywords
 * in any case). Returns and reports as sched_slot_parse().
 */
int sched_exception_parse(const char *text,
                          struct sched_exception *out,
                          struct lang_reason *why);

/* 0 when *slot / *e is valid (as the parsers would return it), else
 * ERR_BAD_REQUEST with the reason in *why (why may be NULL). For values
 * from the store. */
int sched_slot_check(const struct sched_slot *slot, struct lang_reason *why);
int sched_exception_check(const struct sched_exception *e,
                          struct lang_reason *why);

/*
 * Writes the canonical text of a valid slot or exception ("mon
 * 16:00-18:00", "2026-12-24 closed", "2026-12-28 extra 16:00-18:00")
 * into buf, which the parsers read back to the same value.
 * Returns 0; ERR_BAD_REQUEST when the value is invalid and ERR_INTERNAL
 * when buf is shorter than SCHED_FMT_MAX; buf then holds "" if len > 0.
 */
int sched_slot_format(const struct sched_slot *slot, char *buf, size_t len);
int sched_exception_format(const struct sched_exception *e,
                           char *buf,
                           size_t len);

/*
 * The state of schedule s in zone z at instant now, into *out.
 * s NULL is an empty schedule. With no session within the horizon (no
 * slots, no future extras, or everything cancelled) the room is closed
 * and has_next is 0. A schedule that never closes within the horizon
 * reports current_end as the end of the last session found.
 * Returns 0; ERR_BAD_REQUEST when a slot or an exception is invalid (see
 * sched_slot_check()), ERR_INTERNAL when z or out is NULL; *out is then
 * closed with no next session (when out is not NULL).
 */
int sched_state_at(const struct sched *s,
                   const struct tz *z,
                   int64_t now,
                   struct sched_state *out);

/* Three-letter lowercase name of weekday 0..6 ("mon"), or NULL. */
const char *sched_wday_name(int wday);

#endif
