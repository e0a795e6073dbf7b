/*
 * hours.h - opening hours at the XMPP edge: the join gate and what a
 * room's disco#info says about its hours.
 *
 * The model is opening.h; this file only asks it (at clock_now()) and
 * words the answer. muc.c and disco.c call it in one place each.
 */
#ifndef ECOPPER_HOURS_H
#define ECOPPER_HOURS_H

#include <stddef.h>
#include <strophe.h>

#include "room.h"

struct app;
struct req;
struct sbuf;
struct lang_cat;

/* Seconds between two writes of a running session's counts. */
#define HOURS_FLUSH_S 60

/* Room-info fields (XEP-0128 extension of muc#roominfo). */
#define HOURS_FIELD_OPEN "x-ecopper#open"
#define HOURS_FIELD_NEXT "x-ecopper#next"

/*
 * Whether bare (affiliation affil in r, as the join rq computed it) may
 * enter r now as far as opening hours go. Service admins and the room's
 * owners and admins (not staff) may always enter; staff and members while
 * the room is open and in the preparation and debrief times around a
 * session; everyone else only while the room is open. Returns 0, or
 * ERR_NOT_ALLOWED_CANCEL with rq->why pointing to a text written into buf
 * (len bytes) and rq->why_lang set: the text is in the language of the
 * join's xml:lang (else the config's language) and names the next
 * opening (for staff: when they may enter) in the room's local time.
 */
int hours_gate(struct req *rq,
               const struct room *r,
               const char *bare,
               enum affil affil,
               char *buf,
               size_t len);

/*
 * Applies what r's hours call for at clock_now(): at opening a session
 * record, the subject and the greeting; the warning before closing; at
 * closing the record's end and the removal (322) of youths, and of staff
 * when their debrief time is over; an extension announced. by is who
 * made the change (a bare JID), NULL for the schedule. Idempotent.
 */
void hours_apply(struct app *app, struct room *r, const char *by);
/* hours_apply() for every room, at most once a second; the main loop
 * calls it every turn, so no traffic is needed for a transition. */
void hours_tick(struct app *app);
/* At start, before the first tick: the running sessions and the last
 * closings from the store, so a restart resumes a session or applies the
 * closing it missed. 0 or ERR_INTERNAL. */
int hours_load(struct app *app);
/* Stores the counts of running sessions (at shutdown). */
void hours_flush(struct app *app);

/*
 * Whether r is open now, for staff, in catalogue c (the adhoc_hours_*
 * keys): "Open now until 18.00" (with the day when the session ends on
 * another), "Closed; next session Monday 07/12/2026 16.00" or "Closed",
 * into buf (len bytes, always terminated when len > 0; cut if too
 * short). Returns 1; 0 with buf empty for a room without a schedule.
 */
int hours_state_text(struct app *app, const struct room *r,
                     const struct lang_cat *c, char *buf, size_t len);
/* Appends the same for youths (the info_open_until ... keys: "Closed
 * now. The next chat opens on ...") in catalogue c, the asker's, to the
 * room's description text d; nothing for a room without a schedule. */
void hours_describe(struct app *app,
                    const struct room *r,
                    const struct lang_cat *c,
                    struct sbuf *d);

/* Adds x-ecopper#open (boolean) and, when known, x-ecopper#next (the next
 * opening, XEP-0082 UTC) to the muc#roominfo form x. */
void hours_roominfo(struct app *app, const struct room *r, xmpp_stanza_t *x);

/* Greets session full of o, just entered r, when a session is open: the
 * room's greeting in o's language (not kept in the history). */
void hours_greet(struct app *app, struct room *r, const struct occupant *o,
                 const char *full);

#endif
