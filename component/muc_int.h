/*
 * muc_int.h - what muc.c shares with the other muc_*.c files.
 *
 * Internal to the MUC layer: building and sending occupant stanzas as
 * text, and naming accounts by key. See muc.c for the conventions ("rest"
 * is a stanza without its opening "<name" and without `to`).
 */
#ifndef ECOPPER_MUC_INT_H
#define ECOPPER_MUC_INT_H

#include <strophe.h>

#include "filter.h"
#include "lang.h"
#include "room.h"
#include "stanza.h"
#include "util.h"

struct app;

#define NS_MUC_USER "http://jabber.org/protocol/muc#user"
#define NS_HATS "urn:xmpp:hats:0"
#define HAT_URI "urn:ecopper:hat:verified-staff"
#define NS_DELAY "urn:xmpp:delay"
#define NS_VCARD_UPDATE "vcard-temp:x:update"
#define BODY_MAX 4000 /* code points */

/* What a presence of an occupant says besides the occupant itself. */
struct pres {
    const char *type;    /* NULL or "unavailable" */
    const int *codes;    /* 0-terminated status codes, or NULL */
    const char *newnick; /* item nick, for 303 */
    const char *id;      /* reflected join id, self-presence only */
    const char *actor;   /* nick of the moderator who acted */
    const char *reason;
    const struct lang_cat *lang; /* whose language a staff badge is in;
                                    NULL: the viewer's, or the config's */
};

/* Sends "<name to='to'" + rest. */
void muc_send_rest(struct app *app, const char *name, const char *rest,
                   const char *to);
/* Sends rest to every session of o. */
void muc_send_occ(struct app *app, const char *name, const char *rest,
                  const struct occupant *o);
/* Appends room@service[/nick], escaped. */
void muc_add_room_jid(struct sbuf *sb, struct app *app, const struct room *r,
                      const char *nick);
/* 1 when el is <name/> in ns (NULL: the stanza's default namespace). */
int muc_elem_is(xmpp_stanza_t *el, const char *name, const char *ns);
/* Room key length: 32 hex digits, a leading 'g' on a key stored before
 * schema 10 (schemas/0010_room_keys.sql), and the NUL. */
#define MUC_KEY_LEN 34
/*
 * The key naming the account bare in r's stored affiliations, held
 * questions and bans: HMAC-SHA256(service key, "affil" NUL room NUL
 * lower-cased bare JID), 32 hex digits, so one account has unrelated keys
 * in two rooms. When r has no row under it but has one under the key of
 * before schema 10 (one for all rooms, 'g' in front), that one.
 */
void muc_make_jid_key(struct app *app, const struct room *r, const char *bare,
                      char out[MUC_KEY_LEN]);
/* The JID of o that viewer may see, or NULL: a youth's never (whatever
 * the room's whois), anyone else's as the room's whois says. The one
 * gate through which an occupant's real JID leaves ecopper. */
const char *muc_jid_for(const struct app *app, const struct occupant *viewer,
                        const struct occupant *o);
/* Sets bare's affiliation in r (key from muc_make_jid_key()): a youth's
 * JID is never stored, and a youth is never made owner or admin (0, or
 * an error code with *why). */
int muc_set_affil(struct app *app, struct room *r, const char *bare,
                  enum affil a, const char *nick, const char *reason,
                  const char **why);
/* The affiliation of bare in r: service admins own every room. */
enum affil muc_affiliation_of(struct app *app, const struct room *r,
                              const char *bare);
/* The presence of o as viewer sees it, in "rest" form, into sb (reset
 * first); a NULL viewer sees no real JIDs. */
void muc_build_presence(struct sbuf *sb, struct app *app,
                        const struct occupant *o,
                        const struct occupant *viewer, const struct pres *p);
/* o's presence to every other occupant allowed to see it. */
void muc_broadcast_presence(struct app *app, const struct occupant *o,
                            const struct pres *p);
/*
 * A change of o's role, affiliation or badge changes who sees whose
 * presence (occ_sees_presence_of()): muc_seen_before() notes it first,
 * then, the change made, muc_standing_changed() sends o's presence p to
 * everyone who sees it now and its leaving to those who saw it and no
 * longer do; and to o the presence of each occupant it sees now and did
 * not, the leaving of each it saw and no longer sees. A youth who stops
 * being one (occ_is_held()) is apart no more. Nobody joins or leaves in
 * between.
 */
struct seen {
    unsigned char *v; /* by_nick's order: 1 o saw it, 2 it saw o */
    size_t n;
};
void muc_seen_before(const struct occupant *o, struct seen *s);
void muc_standing_changed(struct app *app, struct occupant *o,
                          struct seen *s, const struct pres *p);
/* o's self-presence (110 added) to its session full, or to each of its
 * sessions. */
void muc_send_self(struct app *app, const struct occupant *o,
                   const char *full, const struct pres *p);
void muc_send_self_all(struct app *app, const struct occupant *o,
                       const struct pres *p);
/* The XEP-0421 occupant-id of bare in r, at out. */
void muc_make_occupant_id(struct app *app, const struct room *r,
                          const char *bare, char *out, size_t outlen);
/* 1 when an error stanza says its sender cannot be reached (§18.1.2),
 * rather than that it refused one stanza. */
int muc_is_delivery_error(xmpp_stanza_t *st);

/* Records a moderation action (actor and target may be NULL). */
void muc_log_action(struct app *app, const struct room *r,
                    const struct occupant *actor, const char *action,
                    const char *target, const char *target_oid,
                    const char *reason);

struct staff;
/* The hat title of a member of staff in catalogue c (NULL: the config's
 * language): "Verified police officer", "Vahvistettu poliisi" (owned).
 * A registry title that reads as one of the catalogues' title_ texts, in
 * any language, is shown as that title in c's. */
char *muc_staff_hat(struct app *app, const struct staff *sm,
                    const struct lang_cat *c);
/* Whether o, not (or no longer) staff, may keep nick in r: not held by
 * another account (reserved, or banned: room_nick_holder()), and past the
 * look-alike guard unless o is an admin or a member who is not a youth
 * (the rule at entry). 0 or an error code with *why. */
int muc_nick_allowed(struct app *app, const struct room *r,
                     const struct occupant *o, const char *nick,
                     const char **why);

/* Destroys r when it is temporary and nobody is left in it. */
void muc_reap_room(struct app *app, struct room *r);

/* --- shared by muc.c and muc_queue.c ------------------------------------ */

#define NS_MUC_REQUEST "http://jabber.org/protocol/muc#request"
#define NS_QUEUE_FORM "urn:xmpp:ecopper:queue:0"
#define SAY_MAX 4800 /* a text with a reason of 1000 characters fits */
#define REPORT_MAX 1000 /* characters of an abuse report */

struct req;
struct form;

/* rq's error reply, with rq->why as its text. */
void muc_message_error(struct req *rq, int code);

/* muc_message.c: copies the allowed payload of a client's message into
 * sb (relay.h); *body is the body text (new string) or NULL; with
 * subject a <subject/> beside the body is kept too. 0 or an error code
 * with *why, the catalogue's text saying why. */
int muc_filter_message(xmpp_stanza_t *st, struct sbuf *sb, char **body,
                       int subject, enum lang_key *why);
/* The catalogue text that says why a filter refused a message. */
enum lang_key muc_filter_key(enum filter_hit hit);

/* muc_presence.c: the slower door after a ban shuts (r->ban_at set):
 * every account in r now but banned (not NULL: being banned) may come
 * back at once until it opens, across a restart too. */
void muc_door_shut(struct app *app, struct room *r,
                   const struct occupant *banned);

/* muc_presence.c: removes session full of o (telling it, with codes,
 * when tell_self); tells the others when it was o's last session. */
void muc_leave(struct app *app, struct occupant *o, const char *full,
               const int *codes, int tell_self);

/* The room's subject (§8.1) to the session full. */
void muc_send_subject(struct app *app, struct room *r, const char *full);

/* muc_private.c: §7.5 and §7.8, from muc_message(). */
void muc_private_message(struct req *rq, struct room *r, const char *nick);
void muc_invite(struct req *rq, struct room *r, xmpp_stanza_t *inv);
void muc_decline(struct req *rq, struct room *r, xmpp_stanza_t *dec);

/* What the room tells occupant o, in the language of o's join, else the
 * config's (o may be NULL: the config's). muc_occ_say formats text k
 * with nargs args into buf; muc_occ_why makes it rq's error text (buf
 * holds it until the reply is sent). */
const struct lang_cat *muc_occ_cat(struct app *app, const struct occupant *o);
const char *muc_occ_say(struct app *app, const struct occupant *o,
                        enum lang_key k, const char *const *args,
                        size_t nargs, char *buf, size_t len);
void muc_occ_why(struct req *rq, const struct occupant *o, enum lang_key k,
                 char *buf, size_t len);
/* The same for a limit met (room.h, enum occ_limit): text k takes the
 * seconds to wait; returns ERR_RESOURCE_CONSTRAINT (type wait). */
int muc_occ_wait(struct req *rq, const struct occupant *o, enum lang_key k,
                 uint64_t wait_ms, char *buf, size_t len);

/* Sends a groupchat message from nick (NULL: the room) to everyone in r,
 * payload being its body and extensions, and keeps it in the history
 * when to_history. */
void muc_publish(struct app *app, struct room *r, const char *nick,
                 const char *oid, const char *msgid, const char *payload,
                 size_t len, int to_history);

/* A text for staff from the catalogues: key k with its nargs args,
 * formatted for each reader in the language of the reader's join. */
struct muc_say {
    enum lang_key k;
    const char *args[4];
    size_t nargs;
    /* When not NULL: the text of this key (one without arguments), in
     * the reader's language, is one more argument after args. */
    const enum lang_key *sub;
};

/* muc_queue.c: the question queue, voice requests and reports. */
/* Sends t to each moderator of r in a private chat with the room, each
 * in their language; returns how many moderators there were. */
int muc_tell_moderators(struct app *app, struct room *r,
                        const struct muc_say *t);
/* Holds body from youth o for the moderators; flag, when not NULL, is
 * the text of the filter that held it (filter_action = hold). */
void muc_hold_question(struct req *rq, struct room *r, struct occupant *o,
                       const char *body, const enum lang_key *flag);
void muc_queue_form(struct req *rq, struct room *r, const struct form *f);
int muc_queue_command(struct req *rq, struct room *r, struct occupant *m,
                      const char *body, struct room *back);
/* The nick of r's moderation desk, which what the room tells moderators
 * comes from, in the language of reader o (NULL: the config's); whether
 * nick is that nick in any language (muc_queue.c). */
const char *muc_mod_nick(struct app *app, const struct occupant *o);
int muc_is_mod_nick(struct app *app, const char *nick);
/* The desk's presence to moderators of a queue room (muc_queue.c): to
 * session full of o entering (before its own presence), when o's role
 * changed from was, and to every moderator of r when its question queue
 * was turned on or off (was: before). */
void muc_desk_enter(struct app *app, const struct occupant *o,
                    const char *full);
void muc_desk_role(struct app *app, const struct occupant *o,
                   enum role was);
void muc_desk_queue(struct app *app, struct room *r, int was);
/* Bans the occupant of r called nick (or, when none is, says why), as a
 * muc#admin item with that nick and affiliation outcast from by's account
 * would (muc_admin.c): the same checks, log and removal; by (an occupant
 * of r, or of its back room) is the actor. 0, or an error code with *why. */
int muc_admin_ban(struct app *app, struct room *r, struct occupant *by,
                  const char *nick, const char *reason, enum lang_key *why);
/* Tells moderator m's session `to` t, from r's desk, in m's language. */
void muc_desk_tell(struct app *app, struct room *r, const char *to,
                   const struct occupant *m, const struct muc_say *t);
/* 1 when body reads as a whole queue command and nothing else: "queue",
 * "ok N" or "no N [reason]" (N: 1 to 4 digits; any case; spaces around). */
int muc_queue_is_command(const char *body);

/* The history newcomers get (§7.2.15): msg, a message as muc_publish()
 * sends it (from its from= on, ending in </message>), stamped at. */
void muc_hist_keep(struct app *app, struct room *r, const char *msg,
                   int64_t at, const char *sid);

/* The room archive (muc_archive.c, XEP-0313). */
/* Keeps msg (as for muc_hist_keep()) when r keeps an archive. */
void muc_archive_keep(struct app *app, struct room *r, const char *sid,
                      const char *nick, const char *msg, int64_t at);
/* Deletes a retracted message. */
void muc_archive_forget(struct app *app, struct room *r, const char *sid);
struct room *muc_front_room_of(struct app *app, const struct room *r);
void muc_report_abuse(struct req *rq, struct room *r, struct occupant *o,
                      const char *what);
void muc_voice_request(struct req *rq, struct room *r, struct form *f);
void muc_staff_entered(struct app *app, struct room *r,
                       const struct occupant *o, const char *full);

/* muc_stats.c: what a running session of r counts for the statistics
 * (no-ops while none runs). o entered r (a new occupant, not another
 * device): a youth or member of staff is a visitor of the session, and
 * the most youths at once may grow. */
void muc_stats_entered(struct app *app, struct room *r,
                       const struct occupant *o);
/* A youth's question was published in r now (at once, or approved). */
void muc_stats_published(struct app *app, struct room *r);
/* o published a message with a body in r now: from a member of staff it
 * answers every published question still waiting for one. */
void muc_stats_said(struct app *app, struct room *r,
                    const struct occupant *o);

#endif
