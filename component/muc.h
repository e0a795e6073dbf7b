/*
 * muc.h - XEP-0045 multi-user chat: the XML side of rooms.
 *
 * Turns presence and messages addressed to rooms into room.c model calls
 * and builds what occupants receive. Everything sent to occupants is built
 * here, as text, serialized once per audience and sent with only `to`
 * varying (the server parses every byte we send; see docs/architecture.md).
 *
 * Anonymity: an occupant's real JID appears in what we send only when the
 * room's whois setting lets that recipient see it (XEP-0045 semi- and
 * non-anonymous rooms); by default (whois = none) it never does.
 */
#ifndef ECOPPER_MUC_H
#define ECOPPER_MUC_H

#include <stddef.h>
#include <strophe.h>

#include "lang.h"

struct app;
struct req;
struct room;
struct occupant;
struct lang_cat;

void muc_presence(struct req *rq);
void muc_message(struct req *rq);

/*
 * The catalogue for what the service tells the sender of rq (issue 15):
 * an occupant of rq's room reads the language it entered with; anyone
 * else (and an occupant that entered without one) the stanza's xml:lang,
 * else the config's language, else English. Never NULL; owned by app.
 */
const struct lang_cat *muc_req_cat(struct req *rq);
/* Makes text k (a key without arguments) in muc_req_cat(rq) rq's error
 * text: rq->why (in rq->why_buf) and rq->why_lang. */
void muc_why(struct req *rq, enum lang_key k);
/*
 * The error reply to rq for code (err.h): rq->why in rq->why_lang, or,
 * without rq->why, the code's own text in muc_req_cat(rq). Owned by the
 * caller; NULL when rq is itself an error (never answered).
 */
xmpp_stanza_t *muc_error_reply(struct req *rq, int code);
/* Text k (a key without arguments) of catalogue c into buf (len bytes),
 * "%%" read as "%"; returns buf. For labels, which builders copy. */
const char *muc_text(const struct lang_cat *c, enum lang_key k, char *buf,
                     size_t len);
/* IQs to room/nick: XEP-0410 self-ping (muc.c) and the occupant's card
 * (muc_card.c; router table). The card functions answer staff with the
 * registry's card and return ERR_ITEM_NOT_FOUND (rq->why set) for anyone
 * else; a malformed request gets its error code with rq->why. */
int muc_occupant_ping(struct req *rq);
/* XEP-0054: <vCard xmlns='vcard-temp'/> */
int muc_occupant_vcard(struct req *rq);
/* XEP-0292: <vcard xmlns='urn:ietf:params:xml:ns:vcard-4.0'/> */
int muc_occupant_vcard4(struct req *rq);
/* XEP-0292 over XEP-0060: <pubsub><items node='urn:xmpp:vcard4'/> */
int muc_occupant_pubsub(struct req *rq);

/* muc#admin on a room: role changes and role lists (§8, §9). */
int muc_admin_set(struct req *rq);
int muc_admin_get(struct req *rq);

/* jabber:iq:register on a room (§7.10). */
int muc_register_get(struct req *rq);
int muc_register_set(struct req *rq);

/* muc#owner on a room: the configuration form (§10.2). */
int muc_owner_get(struct req *rq);
int muc_owner_set(struct req *rq);

/* 1 when r keeps an archive (a stored room, archive_days > 0). */
int muc_archive_on(const struct app *app, const struct room *r);
/* XEP-0313 at a room: a query (set) and its form (get). */
int muc_mam_query(struct req *rq);
int muc_mam_fields(struct req *rq);
/* At start: each stored room's history read back from its archive. */
void muc_archive_restore(struct app *app, struct room *r);
/* Deletes archived messages older than each room's archive days (all of
 * a room's when 0). */
void muc_archive_prune(struct app *app);
/* How long r's archive keeps a message: its own setting, else the
 * service's archive_days. */
long muc_archive_days(const struct app *app, const struct room *r);
/* Deletes r's archived messages older than days (all when days <= 0),
 * and reads its history back; returns how many, or ERR_INTERNAL. */
int muc_archive_prune_room(struct app *app, struct room *r, long days);

/* A session of r has begun (hours.c): everyone in r now is counted into
 * its statistics as if they had just entered (muc_stats.c). */
void muc_stats_present(struct app *app, struct room *r);

/* disco#info node x-roomuser-item: the requester's reserved nick. */
int muc_reserved_nick(struct req *rq, struct room *r);

/* XEP-0425: a moderator retracts a message. */
int muc_moderate(struct req *rq);

/*
 * After a change to the staff registry entry of bare (added, edited,
 * removed, new photo): every room where that account is brings its
 * occupant in line at once (name, hat, affiliation and role; see
 * muc_staff.c). force: send the presence again even if none of those
 * changed (a new photo changes the XEP-0153 hash).
 */
void muc_staff_changed(struct app *app, const char *bare, int force);
/* The same for every account in a room that is or was staff (SIGHUP). */
void muc_staff_sync_all(struct app *app);
/* Removes occupants (not staff, admins or members) whose name the nick
 * guard would now refuse, after a registry or reserved-words change. */
void muc_nick_sweep(struct app *app);

/*
 * The question queue: approves (publishes) or rejects the held question
 * number id of r, decided by moderator m (NULL: a service admin outside
 * the room); reason (may be NULL or "") goes to the asker on rejection
 * and to the moderation log. The one code path behind "ok N" / "no N
 * reason", the review command (cmd_queue.c) and the form in each
 * "Question #N" message. Returns 0; ERR_ITEM_NOT_FOUND when no question
 * with that number waits (never held, or already decided by another
 * moderator); ERR_NOT_ACCEPTABLE when reason is not text of at most 1000
 * characters (nothing done).
 */
int muc_queue_decide(struct app *app, struct room *r, struct occupant *m,
                     unsigned id, int approve, const char *reason);
/*
 * The occupant of r through which the session from moderates: its own
 * occupant when that is a moderator, else a moderator occupant of the same
 * account (another device). NULL when the account moderates nothing here.
 */
struct occupant *muc_moderator_of(const struct room *r, const char *from);

/* Tells every occupant of r that the room is destroyed (§10.9). */
void muc_room_destroyed(struct app *app, struct room *r, const char *reason);
/* Tells every occupant of every room the service is going down (332). */
void muc_shutdown(struct app *app);

/* Room-wide events from the room itself (opening hours, hours.c). */

/* Writes a text in catalogue c into buf (len bytes, always terminated). */
typedef void (*muc_text_fn)(struct app *app, const struct lang_cat *c,
                            char *buf, size_t len, void *ud);
/* Says a text in r to every occupant (a groupchat message from the
 * room's bare JID), each in the language it entered with (fn writes the
 * text for a catalogue, once per language); with to_history also kept
 * in the history, in the service's language, for later arrivals. */
void muc_room_say(struct app *app, struct room *r, muc_text_fn fn, void *ud,
                  int to_history);
/* The same to one session full of o only, in o's language. */
void muc_room_tell(struct app *app, struct room *r, const struct occupant *o,
                   const char *full, muc_text_fn fn, void *ud);
/* The catalogue for what the room tells o (its join's xml:lang, else
 * the config's language). */
const struct lang_cat *muc_occupant_lang(struct app *app,
                                         const struct occupant *o);
/* Sets r's subject in the room's own name and tells every occupant
 * (§8.1). 0 or ERR_INTERNAL. */
int muc_room_subject(struct app *app, struct room *r, const char *subject);
/* Removes o with status code (307, 321, 322 ...), actor (a nick) and
 * reason as given, telling o and everyone who sees it (§8.2, §9.1); o is
 * freed. */
void muc_remove_occupant(struct app *app, struct occupant *o, int code,
                         const char *actor, const char *reason);

/* Deletes every stored youth's JID from affiliations (made before
 * schema 10, or before youth_domains named their host), keeping the
 * entries under their keys; at start and on SIGHUP. */
void muc_forget_youth_jids(struct app *app);

/* Sends the presence changes held back by the presence limit whose
 * occupants may send again (room.h, enum occ_limit), and those kept while
 * the send queue was busy (router.c), once it is not; from the main loop,
 * cheap when none waits. */
#define PRES_FLUSH_MS 200
void muc_flush_presences(struct app *app);

/*
 * After the link to the server came back (the server may have restarted,
 * dropping every client): pings each occupant's session (XEP-0410's
 * self-ping, from the service) at most MUC_AUDIT_INFLIGHT at a time, and
 * removes the sessions whose ping bounces (a delivery error) or is not
 * answered within MUC_AUDIT_MS, so that a youth who logs in again gets
 * their nick back. Sessions still there answer the ping and notice
 * nothing else. A new audit replaces one still running. muc_audit_free()
 * at shutdown.
 */
#define MUC_AUDIT_INFLIGHT 32
#define MUC_AUDIT_MS 20000
void muc_audit_start(struct app *app);
/* From the main loop: pings the audit could not send yet. */
void muc_audit_tick(struct app *app);
void muc_audit_free(struct app *app);

/* At start: the accounts that may come back at once through a slower
 * door still shut (store_door_each()). */
void muc_door_load(struct app *app);

#endif
