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

/* Room-info fields (XEP-0128 extension of muc#roominfo). */
#define HOURS_FIELD_OPEN "x-ecopper#open"
#define HOURS_FIELD_NEXT "x-ecopper#next"

/*
 * Whether bare (affiliation affil in r, as the join rq computed it) may
 * enter r now as far as opening hours go. Staff, service admins and
 * members or above may always enter; everyone else only while the room is
 * open. Returns 0, or ERR_NOT_ALLOWED_CANCEL with rq->why pointing to a
 * text written into buf (len bytes) and rq->why_lang set: the text is in
 * the language of the join's xml:lang (else the config's language) and
 * names the next opening in the room's local time.
 */
int hours_gate(struct req *rq,
               const struct room *r,
               const char *bare,
               enum affil affil,
               char *buf,
               size_t len);

/* Appends a line about r's hours to the room's description text d
 * ("Open now until 18:00", "Closed; next session Monday 2026-12-07
 * 16:00"); nothing for a room without a schedule. */
void hours_describe(struct app *app, const struct room *r, struct sbuf *d);

/* Adds x-ecopper#open (boolean) and, when known, x-ecopper#next (the next
 * opening, XEP-0082 UTC) to the muc#roominfo form x. */
void hours_roominfo(struct app *app, const struct room *r, xmpp_stanza_t *x);

#endif
