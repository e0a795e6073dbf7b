/*
 * transcript.h - an anonymised transcript of one session of a room, for
 * the city's review: who said what and when (nicknames, staff marked by
 * their registered name), and what the moderators did. Read from the room
 * archive (muc_archive.c) and the moderation log; never an address, an
 * occupant-id or an account's key.
 *
 * Pure over the store: used by the session-transcript command and by
 * `ecopper --transcript` (no running service needed).
 */
#ifndef ECOPPER_TRANSCRIPT_H
#define ECOPPER_TRANSCRIPT_H

#include <stdint.h>

struct opening;
struct sbuf;
struct staffs;
struct store;
struct store_session;

/* Lines of a transcript, at most; a longer session is cut (and says so). */
#define TRANSCRIPT_MAX 5000

/* One line, in time order. */
struct transcript_line {
    int64_t at;
    const char *who;  /* a nickname, "(the room)" or "(an admin)" */
    int staff;        /* who is registered staff */
    int action;       /* 1: what a moderator did (or a report), 0: said */
    const char *what; /* the text said, or the action in words */
};

/*
 * The transcript of session ss of room (its name; room_jid as shown in
 * the header) as plain text into out (initialized by the caller): a
 * header naming the room, the session's times in the zone of op and what
 * the transcript leaves out, then one line a message or an action,
 * "16:02:11  Kettu: ...", "16:03:05  * Youth worker Anna published a
 * question of Kettu". Returns the number of lines, or ERR_INTERNAL.
 */
int transcript_text(struct store *st,
                    const struct staffs *staff,
                    const struct opening *op,
                    const char *room,
                    const char *room_jid,
                    const struct store_session *ss,
                    int64_t now,
                    struct sbuf *out);

/* The text of the <body/> of an archived message (as muc_publish() sends
 * it, from its from= on), or NULL when it has none (new string). */
char *transcript_body(const char *xml);

#endif
