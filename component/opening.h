/*
 * opening.h - opening hours of rooms: which room is open when.
 *
 * Owns the service's time zone (loaded once at start from the config's
 * timezone) and every room's schedule (weekly slots and dated exceptions,
 * schedule.h), in memory for the join gate and in the store (0007) so
 * they survive restarts. A room without a schedule is always open, as
 * before opening hours existed. Changes go to the store first and reach
 * memory only when it has committed.
 *
 * No XML: the MUC and ad-hoc layers ask and format; instants come in as
 * values (the caller passes clock_now()). Rooms are named by their local
 * part; the caller tells us when a room is destroyed (opening_forget()).
 *
 * Cost: opening_state() is a hash lookup plus, when the cached answer has
 * run out (the room opened or closed since, or the clock moved back), one
 * sched_state_at() - at most about SCHED_HORIZON_DAYS * lines zone
 * conversions, a fraction of a millisecond for a real schedule.
 */
#ifndef ECOPPER_OPENING_H
#define ECOPPER_OPENING_H

#include <stddef.h>
#include <stdint.h>

#include "lang.h"
#include "schedule.h"

struct store;
struct store_hours;
struct tz;

/* Lines of each kind a room's schedule may hold. */
#define OPENING_MAX_LINES 64
/* A buffer this large holds any opening_format_local() text. */
#define OPENING_FMT_MAX 48
/* Defaults and bounds of a room's settings (store_hours), in minutes. */
#define OPENING_WARN_MIN 10
#define OPENING_WARN_MAX 120
#define OPENING_STAFF_MIN 30
#define OPENING_STAFF_MAX 720
#define OPENING_GREETING_MAX 1000 /* bytes of a greeting or subject */

/* What opening_state() answers. Instants are Unix seconds (UTC). */
struct opening_state {
    int scheduled;       /* 0: no schedule, always open (nothing else set) */
    int open;            /* 1: open at now */
    int64_t current_end; /* open and scheduled: when this session ends */
    int has_next;        /* 1: next_open is known */
    int64_t next_open;   /* the next opening after now (after current_end
                          * when open) */
    int overridden;      /* a moderator's open now / close now / extend
                          * decides (scheduled is then 1 too) */
};

struct opening;

/*
 * Loads every room's schedule from st; zone is the service's zone, owned
 * by the result from now on (also when loading fails). Returns the new
 * model (owned by the caller, opening_free()), or NULL with a message in
 * err: a store error, or a stored line the parser refuses.
 */
struct opening *
opening_load(struct store *st, struct tz *zone, char *err, size_t errlen);
/* Frees op and its zone; NULL is a no-op. */
void opening_free(struct opening *op);
/* The service's zone (owned by op). */
const struct tz *opening_zone(const struct opening *op);

/*
 * The schedule of room into *out (arrays owned by op, valid until the
 * next opening_set() or opening_forget() of that room). Returns 1 when
 * the room has a schedule, else 0 with *out empty.
 */
int opening_get(const struct opening *op, const char *room, struct sched *out);

/*
 * Replaces the schedule of room (its store id room_id) and its settings
 * h (NULL: the defaults): stored, then applied. An empty schedule (no
 * slots, no exceptions) removes it: the room is always open. Every slot
 * and exception must be valid (sched_*_check) and each count at most
 * OPENING_MAX_LINES; h's numbers within their bounds above, its texts at
 * most OPENING_GREETING_MAX bytes. by is the admin's bare JID, for the
 * record. Returns 0; ERR_BAD_REQUEST for an invalid value,
 * ERR_ITEM_NOT_FOUND when the store has no such room, or ERR_INTERNAL; on
 * failure nothing changed.
 */
int opening_set(struct opening *op,
                const char *room,
                int64_t room_id,
                const struct sched *s,
                const struct store_hours *h,
                int64_t now,
                const char *by);

/* room's settings into *out (the defaults for a room without a schedule;
 * strings owned by op, valid until the next opening_set() of room). */
void opening_hours(const struct opening *op,
                   const char *room,
                   struct store_hours *out);

/*
 * A moderator's decision that beats the schedule of room (store id
 * room_id) from now on: open (1) or closed (0) until until (Unix seconds;
 * -1: until changed again; an open one needs an end). Stored, then
 * applied; it replaces any earlier one. opening_override_clear() lets the
 * schedule decide again. Returns 0, ERR_BAD_REQUEST, ERR_ITEM_NOT_FOUND
 * or ERR_INTERNAL; on failure nothing changed.
 */
int opening_override(struct opening *op,
                     const char *room,
                     int64_t room_id,
                     int open,
                     int64_t until,
                     int64_t now,
                     const char *by);
int opening_override_clear(struct opening *op,
                           const char *room,
                           int64_t room_id);

/*
 * What opening_state() would answer at now if no override were in
 * force: the schedule's own word. For open now / close now to know
 * whether dropping an override is enough.
 */
int opening_sched_state(struct opening *op,
                        const char *room,
                        int64_t now,
                        struct opening_state *out);

/* Drops what is in memory about room (it was destroyed; the store's rows
 * went with it). Unknown rooms are a no-op. */
void opening_forget(struct opening *op, const char *room);

/*
 * The state of room at now into *out. A room without a schedule is
 * scheduled = 0, open = 1. Returns 0; ERR_INTERNAL when the schedule
 * cannot be evaluated (then *out is closed with no next opening: a
 * broken schedule keeps youths out rather than letting them in).
 */
int opening_state(struct opening *op,
                  const char *room,
                  int64_t now,
                  struct opening_state *out);

/*
 * Writes instant t in the service's zone for admins, in English:
 * "Monday 2026-12-07 16:00" (with_day), else "16:00". Returns the
 * length; buf (OPENING_FMT_MAX bytes suffice) is always terminated.
 */
size_t opening_format_local(
    const struct opening *op, int64_t t, int with_day, char *buf, size_t len);

/* Writes t in the service's zone with its offset, to the second:
 * "2026-12-07 16:03:12 +02:00" (what admins read in logs and lists). */
size_t opening_format_stamp(const struct opening *op,
                            int64_t t,
                            char *buf,
                            size_t len);
/*
 * Reads a local date and time in the service's zone, "2026-12-07 16:00"
 * or "2026-12-07 16:00:30", into *out (a time in a DST gap or overlap
 * maps as tz_local_to_utc() says). 0, or ERR_BAD_REQUEST.
 */
int opening_parse_local(const struct opening *op,
                        const char *text,
                        int64_t *out);

/* Writes t as an XEP-0082 UTC DateTime, "2026-12-07T14:00:00Z". */
size_t opening_format_utc(int64_t t, char *buf, size_t len);

/*
 * Text k of catalogue c (a key whose arguments are weekday, date and
 * time, like LANG_CLOSED_NEXT) for instant t in the service's zone: the
 * weekday as the catalogue words it (weekday_mon ...), the date and the
 * time by its locale's rules (cldr_locale, cldr_date, cldr_time; ICU,
 * datefmt.h): "maanantaina 7.12.2026 klo 16.00". Returns 0, or
 * ERR_INTERNAL when buf is too short.
 */
int opening_when_text(const struct opening *op,
                      const struct lang_cat *c,
                      enum lang_key k,
                      int64_t t,
                      char *buf,
                      size_t len);

/*
 * Writes the time of day of instant t in the service's zone as catalogue
 * c writes times (cldr_time: "16.00" in Finnish, "16:00" in Ukrainian).
 * Returns the length; buf (OPENING_FMT_MAX bytes suffice) is always
 * terminated.
 */
size_t opening_time_text(const struct opening *op,
                         const struct lang_cat *c,
                         int64_t t,
                         char *buf,
                         size_t len);

/*
 * The text telling a youth that the room is closed, in catalogue c,
 * naming st's next opening in the service's zone ("This chat is closed
 * now. It opens next on Monday 07/12/2026 at 16.00."). Returns 0, or
 * ERR_INTERNAL when buf is too short (it then holds what fits).
 */
int opening_closed_text(const struct opening *op,
                        const struct lang_cat *c,
                        const struct opening_state *st,
                        char *buf,
                        size_t len);

#endif
