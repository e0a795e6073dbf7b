/*
 * muc_message.c - messages to the whole room (XEP-0045 §7.4), the subject
 * (§8.1), message moderation (XEP-0425), and the dispatch of every message
 * a room receives (to muc_private.c, muc_queue.c and here).
 *
 * Youths' messages pass the rate limit and the filters (filter.h), or wait
 * for a moderator in a queue room (muc_queue.c); what is published goes to
 * everyone with a stanza-id and the sender's occupant-id, and into the
 * history.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "clock.h"
#include "config.h"
#include "err.h"
#include "filter.h"
#include "form.h"
#include "hmap.h"
#include "hours.h"
#include "lang.h"
#include "link.h"
#include "log.h"
#include "mcast.h"
#include "muc.h"
#include "muc_int.h"
#include "nick.h"
#include "relay.h"
#include "room.h"
#include "staff.h"
#include "store.h"
#include "router.h"
#include "stanza.h"
#include "util.h"

/* Copies the allowed payload of a client's message into sb (see the file
 * comment); *body is set to the body text (new string) or NULL. With
 * subject, a <subject/> beside a body is kept too (§8.1: such a message
 * is a message, not a subject change, and keeps its subject). */
int muc_filter_message(xmpp_stanza_t *st, struct sbuf *sb, char **body,
                       int subject, enum lang_key *why)
{
    xmpp_stanza_t *c;
    long n;

    *body = NULL;
    for (c = xmpp_stanza_get_children(st); c; c = xmpp_stanza_get_next(c)) {
        if (subject && muc_elem_is(c, "subject", NULL)) {
            char *t = st_text(c);

            subject = 0; /* one is enough */
            n = t ? utf8_len(t) : 0;
            if (n < 0 || n > ROOM_SUBJECT_MAX) {
                *why = LANG_ERR_SUBJECT_LONG;
                free(t);
                free(*body);
                *body = NULL;
                return ERR_NOT_ACCEPTABLE;
            }
            sb_add(sb, "<subject>");
            sb_add_esc(sb, t ? t : "");
            sb_add(sb, "</subject>");
            free(t);
        } else if (muc_elem_is(c, "body", NULL)) {
            if (*body)
                continue; /* one body is enough */
            *body = st_text(c);
            if (*body == NULL)
                *body = xstrdup("");
            n = utf8_len(*body);
            if (n < 0 || n > BODY_MAX) {
                *why = n < 0 ? LANG_ERR_TEXT_INVALID : LANG_ERR_MESSAGE_LONG;
                free(*body);
                *body = NULL;
                return ERR_NOT_ACCEPTABLE;
            }
            sb_add(sb, "<body>");
            sb_add_esc(sb, *body);
            sb_add(sb, "</body>");
        } else {
            relay_message_child(sb, c); /* rebuilt (relay.h) */
        }
    }
    return 0;
}

void muc_message_error(struct req *rq, int code)
{
    router_send(rq->app, muc_error_reply(rq, code));
}

/* The text of a filter hit (filter.h). */
enum lang_key muc_filter_key(enum filter_hit hit)
{
    switch (hit) {
    case FILTER_LINK:
        return LANG_FILTER_LINK;
    case FILTER_PHONE:
        return LANG_FILTER_PHONE;
    case FILTER_EMAIL:
        return LANG_FILTER_EMAIL;
    case FILTER_HANDLE:
        return LANG_FILTER_HANDLE;
    case FILTER_NONE:
    case FILTER_WORD:
        break;
    }
    return LANG_FILTER_WORD;
}

/*
 * A groupchat message from room/nick (the room itself when nick is NULL)
 * into sb (initialized here): payload, the XEP-0359 stanza-id sid and
 * the XEP-0421 occupant-id oid (none when NULL). One text for every
 * occupant (about 320 bytes with a short body), so only what clients
 * read: the sender's id goes to everyone, not only to the sender's own
 * sessions (§7.4's reflection), because XEP-0308 corrections name it and
 * Converse.js 14 matches a correction to the message whose id it names
 * and whose occupant-id is the corrector's (handleCorrection()); the
 * stanza-id (96 bits, 16 characters) is what retraction (XEP-0425),
 * replies (XEP-0461) and the archive (XEP-0313) name.
 */
static void msg_build(struct sbuf *sb, struct app *app, struct room *r,
                      const char *nick, const char *oid, const char *msgid,
                      const char *payload, size_t len, const char *sid)
{
    sb_init(sb);
    sb_add(sb, " from=\"");
    muc_add_room_jid(sb, app, r, nick);
    sb_add(sb, "\" type=\"groupchat\"");
    if (msgid && strlen(msgid) <= 256) {
        sb_add(sb, " id=\"");
        sb_add_esc(sb, msgid);
        sb_add(sb, "\"");
    }
    sb_add(sb, ">");
    sb_addn(sb, payload, len);
    sb_addf(sb, "<stanza-id xmlns=\"" NS_SID "\" id=\"%s\" by=\"", sid);
    muc_add_room_jid(sb, app, r, NULL);
    sb_add(sb, "\"/>");
    if (oid) {
        sb_add(sb, "<occupant-id xmlns=\"" NS_OCCUPANT_ID "\" id=\"");
        sb_add_esc(sb, oid);
        sb_add(sb, "\"/>");
    }
    sb_add(sb, "</message>");
}

void muc_hist_keep(struct app *app, struct room *r, const char *msg,
                   int64_t at, const char *sid)
{
    size_t len = strlen(msg), tail = len - (len < 10 ? len : 10);
    time_t t = (time_t)at;
    struct sbuf sb;
    struct tm tm;
    char stamp[32];

    if (strcmp(msg + tail, "</message>") != 0) {
        log_warn("muc: %s: a message %s not fit for history", r->name, sid);
        return;
    }
    sb_init(&sb);
    sb_addn(&sb, msg, tail);
    gmtime_r(&t, &tm);
    strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
    sb_addf(&sb, "<delay xmlns=\"" NS_DELAY "\" stamp=\"%s\" from=\"", stamp);
    muc_add_room_jid(&sb, app, r, NULL);
    sb_add(&sb, "\"/></message>");
    room_hist_add(r, sb.s, at, sid);
    sb_free(&sb);
}

/*
 * rest to every session in r as stanzas to the server's multicast service
 * (mcast.h): one text for all, so nothing of it depends on the reader.
 * Returns 1 when sent so, 0 when the caller sends one stanza a session
 * (no service in use, or too few sessions to gain anything).
 */
static int publish_mcast(struct app *app, struct room *r, const char *rest,
                         const char *sid)
{
    const char **to;
    struct hmap_iter it;
    const char *k;
    void *v;
    size_t n = 0, cap = 0;
    int sent;

    if (mcast_service(app) == NULL)
        return 0;
    hmap_iter_init(&it, r->by_nick);
    while (hmap_iter_next(&it, &k, &v))
        cap += ((struct occupant *)v)->nsessions;
    if (cap < MCAST_MIN)
        return 0;
    /* Borrowed: the occupants stay while this runs. */
    to = xcalloc(cap, sizeof(*to));
    hmap_iter_init(&it, r->by_nick);
    while (hmap_iter_next(&it, &k, &v)) {
        const struct occupant *o = v;

        for (size_t i = 0; i < o->nsessions && n < cap; i++)
            to[n++] = o->sessions[i];
    }
    sent = mcast_send(app, "message", rest, to, n, sid) == 0;
    free(to);
    return sent;
}

void muc_publish(struct app *app, struct room *r, const char *nick,
                 const char *oid, const char *msgid, const char *payload,
                 size_t len, int to_history)
{
    struct sbuf sb;
    struct hmap_iter it;
    const char *k;
    void *v;
    char sid[RAND_ID_LEN + 1];

    rand_id(sid);
    msg_build(&sb, app, r, nick, oid, msgid, payload, len, sid);
    if (!publish_mcast(app, r, sb.s, sid)) {
        hmap_iter_init(&it, r->by_nick);
        while (hmap_iter_next(&it, &k, &v))
            muc_send_occ(app, "message", sb.s, v);
    }
    if (r->sess.id && nick)
        r->sess.messages++;
    if (to_history) {
        int64_t now = clock_now();

        muc_archive_keep(app, r, sid, nick, sb.s, now);
        muc_hist_keep(app, r, sb.s, now, sid);
    }
    sb_free(&sb);
}

void muc_send_subject(struct app *app, struct room *r, const char *full)
{
    struct occupant *by = room_by_nick(r, r->subject_by);
    struct sbuf sb;

    /* From the nick that set it while that occupant is here (with its
     * occupant-id, XEP-0421), else from the room itself (§7.2.15). */
    sb_init(&sb);
    sb_add(&sb, " from=\"");
    muc_add_room_jid(&sb, app, r, by ? by->nick : NULL);
    sb_add(&sb, "\" type=\"groupchat\"><subject>");
    sb_add_esc(&sb, r->subject);
    sb_add(&sb, "</subject>");
    if (by) {
        sb_add(&sb, "<occupant-id xmlns=\"" NS_OCCUPANT_ID "\" id=\"");
        sb_add_esc(&sb, by->occupant_id);
        sb_add(&sb, "\"/>");
    }
    sb_add(&sb, "</message>");
    muc_send_rest(app, "message", sb.s, full);
    sb_free(&sb);
}

/* One message of muc_room_say(), serialized for one catalogue. */
struct said {
    const struct lang_cat *c;
    struct sbuf sb;
};

/* The message for catalogue c: from the cache, else written by fn. */
static struct said *said_for(struct said **cache, size_t *n, struct app *app,
                             struct room *r, const struct lang_cat *c,
                             muc_text_fn fn, void *ud, const char *sid)
{
    char text[SAY_MAX];
    struct sbuf payload;
    struct said *s;

    for (size_t i = 0; i < *n; i++)
        if ((*cache)[i].c == c)
            return &(*cache)[i];
    *cache = xrealloc(*cache, (*n + 1) * sizeof(**cache));
    s = &(*cache)[(*n)++];
    s->c = c;
    fn(app, c, text, sizeof(text), ud);
    sb_init(&payload);
    sb_add(&payload, "<body>");
    sb_add_esc(&payload, text);
    sb_add(&payload, "</body>");
    msg_build(&s->sb, app, r, NULL, NULL, NULL, payload.s, payload.len, sid);
    sb_free(&payload);
    return s;
}

void muc_room_say(struct app *app, struct room *r, muc_text_fn fn, void *ud,
                  int to_history)
{
    struct said *cache = NULL, *s;
    struct hmap_iter it;
    const char *k;
    void *v;
    char sid[RAND_ID_LEN + 1];
    size_t n = 0;

    /* From the room itself (no occupant-id, XEP-0421), to each occupant
     * in the language it entered with; one stanza-id for all. */
    rand_id(sid);
    hmap_iter_init(&it, r->by_nick);
    while (hmap_iter_next(&it, &k, &v)) {
        s = said_for(&cache, &n, app, r, muc_occ_cat(app, v), fn, ud, sid);
        muc_send_occ(app, "message", s->sb.s, v);
    }
    if (to_history) {
        /* Later arrivals read it in the service's language. */
        s = said_for(&cache, &n, app, r, muc_occ_cat(app, NULL), fn, ud, sid);
        int64_t now = clock_now();

        muc_archive_keep(app, r, sid, NULL, s->sb.s, now);
        muc_hist_keep(app, r, s->sb.s, now, sid);
    }
    for (size_t i = 0; i < n; i++)
        sb_free(&cache[i].sb);
    free(cache);
}

void muc_room_tell(struct app *app, struct room *r, const struct occupant *o,
                   const char *full, muc_text_fn fn, void *ud)
{
    struct said *cache = NULL, *s;
    size_t n = 0;
    char sid[RAND_ID_LEN + 1];

    rand_id(sid);
    s = said_for(&cache, &n, app, r, muc_occ_cat(app, o), fn, ud, sid);
    muc_send_rest(app, "message", s->sb.s, full);
    sb_free(&s->sb);
    free(cache);
}

int muc_room_subject(struct app *app, struct room *r, const char *subject)
{
    struct hmap_iter it;
    const char *k;
    void *v;

    if (room_set_subject(app->rooms, r, subject, "") != 0)
        return ERR_INTERNAL;
    hmap_iter_init(&it, r->by_nick);
    while (hmap_iter_next(&it, &k, &v)) {
        struct occupant *o = v;

        for (size_t i = 0; i < o->nsessions; i++)
            muc_send_subject(app, r, o->sessions[i]);
    }
    return 0;
}

static void change_subject(struct req *rq, struct occupant *o,
                           xmpp_stanza_t *subj)
{
    struct app *app = rq->app;
    struct room *r = o->room;
    char *text = st_text(subj);
    struct sbuf sb;
    struct hmap_iter it;
    const char *k;
    void *v;
    long n = text ? utf8_len(text) : 0;

    /* §8.1: moderators, or anyone with voice when the room allows it. */
    if (!(o->role == ROLE_MODERATOR ||
          (r->cfg.change_subject && occ_can_speak(o)))) {
        muc_why(rq, LANG_ERR_SUBJECT_MODERATORS);
        muc_message_error(rq, ERR_FORBIDDEN);
        goto out;
    }
    if (n < 0 || n > ROOM_SUBJECT_MAX) {
        muc_why(rq, LANG_ERR_SUBJECT_LONG);
        muc_message_error(rq, ERR_NOT_ACCEPTABLE);
        goto out;
    }
    if (room_set_subject(app->rooms, r, text ? text : "", o->nick) != 0) {
        muc_message_error(rq, ERR_INTERNAL);
        goto out;
    }
    sb_init(&sb);
    sb_add(&sb, " from=\"");
    muc_add_room_jid(&sb, app, r, o->nick);
    sb_add(&sb, "\" type=\"groupchat\"><subject>");
    sb_add_esc(&sb, r->subject);
    /* XEP-0421: every message from an occupant carries its id. */
    sb_add(&sb, "</subject><occupant-id xmlns=\"" NS_OCCUPANT_ID "\" id=\"");
    sb_add_esc(&sb, o->occupant_id);
    sb_add(&sb, "\"/></message>");
    hmap_iter_init(&it, r->by_nick);
    while (hmap_iter_next(&it, &k, &v))
        muc_send_occ(app, "message", sb.s, v);
    sb_free(&sb);
out:
    free(text);
}

static void groupchat(struct req *rq, struct room *r)
{
    struct app *app = rq->app;
    struct occupant *o = room_by_jid(r, rq->from);
    xmpp_stanza_t *subj = xmpp_stanza_get_child_by_name(rq->st, "subject");
    struct sbuf payload;
    const char *id = xmpp_stanza_get_id(rq->st);
    char *body = NULL, say[SAY_MAX];
    enum lang_key why;
    int rc;

    if (o == NULL) {
        muc_why(rq, LANG_ERR_NOT_IN_ROOM);
        muc_message_error(rq, ERR_NOT_ACCEPTABLE);
        return;
    }
    /* §8.1: a subject change is a subject with no body and no thread. */
    if (subj && xmpp_stanza_get_child_by_name(rq->st, "body") == NULL &&
        xmpp_stanza_get_child_by_name(rq->st, "thread") == NULL) {
        change_subject(rq, o, subj);
        return;
    }
    /* §7.4 / §8.3: visitors in a moderated room have no voice. */
    if (!occ_can_speak(o)) {
        muc_occ_why(rq, o, LANG_NO_VOICE, say, sizeof(say));
        muc_message_error(rq, ERR_FORBIDDEN);
        return;
    }
    sb_init(&payload);
    rc = muc_filter_message(rq->st, &payload, &body, 1, &why);
    if (rc != 0) {
        muc_why(rq, why);
        sb_free(&payload);
        muc_message_error(rq, rc);
        return;
    }
    if (body && !occ_take_token(o, clock_mono_ms())) {
        sb_free(&payload);
        free(body);
        muc_occ_why(rq, o, LANG_TOO_FAST, say, sizeof(say));
        muc_message_error(rq, ERR_RESOURCE_CONSTRAINT);
        return;
    }
    if (body == NULL && payload.len == 0) {
        sb_free(&payload);
        return; /* nothing we pass on (e.g. a receipt): drop quietly */
    }
    /* A moderator's "ok 3", "no 3 reason" or "queue" typed into a room
     * with a question queue is a decision, never a message to the
     * youths: Gajim shows the room's notices inside the group chat, whose
     * only reply box is the room's. The answer comes privately. */
    if (body && o->role == ROLE_MODERATOR && (r->cfg.queue || r->nqueue) &&
        muc_queue_is_command(body)) {
        sb_free(&payload);
        muc_queue_command(rq, r, o, body, NULL);
        free(body);
        return;
    }
    if (body && occ_is_held(o)) {
        /* Contact details, links and listed words from youths are
         * refused with the reason, in a queue room too: the youth learns
         * why, and one hurried approval cannot publish a number. With
         * filter_action = hold the moderators' copy says why it waits. */
        const char *fwhy = NULL;
        enum filter_hit hit = filter_check(body, app->guard,
                                           app->cfg->filter_words,
                                           app->cfg->n_filter_words, &fwhy);

        if (hit == FILTER_NONE && subj) {
            /* The subject beside the body is shown to all as well. */
            char *t = st_text(subj);

            if (t)
                hit = filter_check(t, app->guard, app->cfg->filter_words,
                                   app->cfg->n_filter_words, &fwhy);
            free(t);
        }

        if (hit != FILTER_NONE && strcmp(app->cfg->filter_action,
                                         "hold") == 0) {
            /* A moderator decides, as in a queue room. */
            enum lang_key flag = muc_filter_key(hit);

            sb_free(&payload);
            muc_hold_question(rq, r, o, body, &flag);
            free(body);
            return;
        }
        if (hit != FILTER_NONE) {
            sb_free(&payload);
            free(body);
            muc_occ_why(rq, o, muc_filter_key(hit), say, sizeof(say));
            muc_message_error(rq, ERR_POLICY_VIOLATION);
            return;
        }
    }
    if (body && r->cfg.queue && occ_is_held(o)) {
        sb_free(&payload);
        muc_hold_question(rq, r, o, body, NULL);
        free(body);
        return;
    }
    muc_publish(app, r, o->nick, o->occupant_id, id, payload.s, payload.len,
                body != NULL);
    r->msg_seq++;
    if (body && occ_is_held(o) && r->sess.id) {
        /* A youth's question, published at once (no queue here). */
        r->sess.asked++;
        muc_stats_published(app, r);
    } else if (body) {
        muc_stats_said(app, r, o);
    }
    sb_free(&payload);
    /* In a back room, staff approve with a short line: "ok 3". */
    if (body && (o->hat || o->affil >= AFF_MEMBER ||
                 o->role == ROLE_MODERATOR)) {
        struct room *front = muc_front_room_of(app, r);

        if (front)
            muc_queue_command(rq, front, o, body, r);
    }
    free(body);
}

/* A form sent to the room: a voice request or its answer (§7.13,
 * §8.6), or a moderator's decision on a held question. */
static void room_form(struct req *rq, struct room *r, xmpp_stanza_t *x)
{
    struct form *f = NULL;
    const char *why = NULL;
    int bad = form_parse(x, &f, &why) != 0;

    if (bad || f->form_type == NULL ||
        (strcmp(f->form_type, NS_MUC_REQUEST) != 0 &&
         strcmp(f->form_type, NS_QUEUE_FORM) != 0)) {
        form_free(f);
        /* form_parse()'s why is for logs: a person reads a text of the
         * catalogues. */
        muc_why(rq, bad ? LANG_ERR_CMD_PAYLOAD : LANG_ERR_ROOM_FORMS);
        muc_message_error(rq, ERR_BAD_REQUEST);
        return;
    }
    if (strcmp(f->form_type, NS_QUEUE_FORM) == 0)
        muc_queue_form(rq, r, f);
    else
        muc_voice_request(rq, r, f);
    form_free(f);
}

/*
 * "ban NICK reason" written to the desk of room `at` by m: bans NICK from
 * room r (the front room of a back room), for clients that offer no ban
 * by nickname (Gajim 1.7 offers Ban only for occupants whose address it
 * sees: nobody, in an anonymous room). NICK may hold spaces: the longest
 * run of words that names an occupant is it, the rest the reason. The
 * checks are a muc#admin ban's (muc_admin_ban()). Returns 1 when text
 * was such a line, answered from the desk.
 */
static int desk_ban(struct req *rq, struct room *r, struct room *at,
                    struct occupant *m, const char *text)
{
    struct app *app = rq->app;
    const char *p = text + strspn(text, " "), *end = NULL, *q;
    enum lang_key why = LANG_ERR_NOBODY_NICK;
    char *nick = NULL;
    int rc = ERR_ITEM_NOT_FOUND;

    if (strncasecmp(p, "ban ", 4) != 0)
        return 0;
    p += 4;
    p += strspn(p, " ");
    /* The longest prefix of whole words that is someone's nick. */
    for (q = p; *q; q++) {
        if (q[1] == ' ' || q[1] == '\0') {
            char *cand = xstrndup(p, (size_t)(q + 1 - p));

            if (room_by_nick(r, cand) != NULL) {
                free(nick);
                nick = cand;
                end = q + 1;
            } else {
                free(cand);
            }
        }
    }
    if (nick) {
        end += strspn(end, " ");
        rc = muc_admin_ban(app, r, m, nick, end, &why);
    }
    if (rc == 0)
        muc_desk_tell(app, at, rq->from, m,
                      &(struct muc_say){.k = LANG_MOD_BANNED,
                                        .args = {nick},
                                        .nargs = 1});
    else
        muc_desk_tell(app, at, rq->from, m, &(struct muc_say){.k = why});
    free(nick);
    muc_reap_room(app, r);
    return 1;
}

/*
 * A message to the moderation desk, room/Moderation (muc_queue.c): what a
 * moderator writes in the private chat the room's notices come from. A
 * decision ("ok 3", "no 3 reason", "queue") or a question's form is taken
 * as one; other text gets a line saying what the desk takes; chat states
 * and receipts, nothing. In a back room, staff decide on the front room's
 * queue, answered in the back room as when typed there. For anyone else
 * the nick is nobody's.
 */
static void desk_message(struct req *rq, struct room *r)
{
    struct app *app = rq->app;
    struct occupant *m = room_by_jid(r, rq->from);
    struct room *front = muc_front_room_of(app, r);
    xmpp_stanza_t *form =
        xmpp_stanza_get_child_by_name_and_ns(rq->st, "x", NS_DATA);
    xmpp_stanza_t *b = xmpp_stanza_get_child_by_name(rq->st, "body");
    char *text;
    int done;

    if (m == NULL) {
        muc_why(rq, LANG_ERR_ENTER_FIRST_PM);
        muc_message_error(rq, ERR_NOT_ACCEPTABLE);
        return;
    }
    if (!(m->role == ROLE_MODERATOR ||
          (front && (m->hat || m->affil >= AFF_MEMBER)))) {
        muc_why(rq, LANG_ERR_NOBODY_NICK);
        muc_message_error(rq, ERR_ITEM_NOT_FOUND);
        return;
    }
    if (form && front == NULL) {
        room_form(rq, r, form);
        return;
    }
    if (b == NULL || (text = st_text(b)) == NULL)
        return;
    done = strlen(text) < 2000 &&
           (desk_ban(rq, front ? front : r, r, m, text) ||
            (front ? muc_queue_command(rq, front, m, text, r)
                   : muc_queue_command(rq, r, m, text, NULL)));
    free(text);
    if (!done)
        muc_desk_tell(app, r, rq->from, m,
                      &(struct muc_say){.k = LANG_MOD_DESK_HELP});
}

void muc_message(struct req *rq)
{
    struct room *r = rooms_get(rq->app->rooms, rq->room);
    const char *type = xmpp_stanza_get_type(rq->st);
    const char *nick = jid_resource(rq->to);
    struct occupant *o;

    if (type && strcmp(type, "error") == 0) {
        static const int c333[] = {333, 0};

        /* The multicast service refused a room message (mcast.h). */
        if (mcast_refused(rq->app, rq->st))
            return;

        /* A client that bounces room traffic is gone: removed, and told
         * (§18.1.2, status 333), as after a presence error. */
        if (r && (o = room_by_jid(r, rq->from)) != NULL &&
            muc_is_delivery_error(rq->st))
            muc_leave(rq->app, o, rq->from, c333, 1);
        return;
    }
    if (r == NULL) {
        muc_why(rq, LANG_ERR_NO_ROOM);
        muc_message_error(rq, ERR_ITEM_NOT_FOUND);
        return;
    }
    if (nick) {
        if (type && strcmp(type, "groupchat") == 0) {
            muc_why(rq, LANG_ERR_GROUPCHAT_TO_NICK);
            muc_message_error(rq, ERR_BAD_REQUEST);
            return;
        }
        if (muc_is_mod_nick(rq->app, nick) && room_by_nick(r, nick) == NULL) {
            desk_message(rq, r);
            return;
        }
        muc_private_message(rq, r, nick);
        return;
    }
    if (type && strcmp(type, "groupchat") == 0) {
        groupchat(rq, r);
        return;
    }
    {
        xmpp_stanza_t *x = xmpp_stanza_get_child_by_name_and_ns(
            rq->st, "x", NS_MUC_USER);
        xmpp_stanza_t *form =
            xmpp_stanza_get_child_by_name_and_ns(rq->st, "x", NS_DATA);

        xmpp_stanza_t *b = xmpp_stanza_get_child_by_name(rq->st, "body");
        struct occupant *m = room_by_jid(r, rq->from);

        if (form) {
            room_form(rq, r, form);
            return;
        }
        if (b && m && m->role != ROLE_MODERATOR) {
            char *text = st_text(b);

            /* "report NICK what happened": the simple path for clients
             * without XEP-0377; it reaches the room's moderators. */
            if (text && strncasecmp(text, "report ", 7) == 0 &&
                strlen(text) < 2000) {
                muc_report_abuse(rq, r, m, text + 7);
                free(text);
                return;
            }
            free(text);
        }
        if (b && m && m->role == ROLE_MODERATOR) {
            char *text = st_text(b);
            int done = text && strlen(text) < 2000 &&
                       muc_queue_command(rq, r, m, text, NULL);

            free(text);
            if (done)
                return;
        }
        if (x && xmpp_stanza_get_child_by_name(x, "invite")) {
            muc_invite(rq, r, xmpp_stanza_get_child_by_name(x, "invite"));
            return;
        }
        if (x && xmpp_stanza_get_child_by_name(x, "decline")) {
            muc_decline(rq, r, xmpp_stanza_get_child_by_name(x, "decline"));
            return;
        }
    }
    muc_why(rq, LANG_ERR_ROOM_MESSAGES);
    muc_message_error(rq, ERR_NOT_ACCEPTABLE);
}

#define NS_MODERATE "urn:xmpp:message-moderate:1"

#define NS_MODERATE0 "urn:xmpp:message-moderate:0"

#define NS_RETRACT "urn:xmpp:message-retract:1"

#define NS_RETRACT0 "urn:xmpp:message-retract:0"

#define NS_FASTEN "urn:xmpp:fasten:0"

/*
 * A moderator retracts a message by its stanza-id: XEP-0425 0.3
 * (<moderate xmlns=':1'/>) and the 0.2 form clients such as older
 * Converse.js send (<apply-to xmlns='urn:xmpp:fasten:0'> with
 * <moderate xmlns=':0'/>). The room tells everyone in both forms and
 * drops the message from the history newcomers get.
 */
int muc_moderate(struct req *rq)
{
    struct app *app = rq->app;
    struct room *r = rooms_get(app->rooms, rq->room);
    struct occupant *mod = r ? room_by_jid(r, rq->from) : NULL;
    xmpp_stanza_t *m = rq->payload, *re;
    const char *id;
    char *reason = NULL, mid[RAND_ID_LEN + 1];
    struct sbuf sb;
    struct hmap_iter it;
    const char *k;
    void *v;

    if (r == NULL) {
        muc_why(rq, LANG_ERR_NO_ROOM);
        return ERR_ITEM_NOT_FOUND;
    }
    if (muc_elem_is(m, "apply-to", NS_FASTEN)) {
        id = xmpp_stanza_get_attribute(m, "id");
        m = xmpp_stanza_get_child_by_name_and_ns(m, "moderate", NS_MODERATE0);
    } else {
        id = xmpp_stanza_get_attribute(m, "id");
    }
    /* Our stanza-ids: rand_id()'s, or 32 hex digits as they were made
     * before (issue 17), still in the history and the archive. */
    if (m == NULL || id == NULL ||
        !(rand_id_valid(id) ||
          (strlen(id) == 32 && strspn(id, "0123456789abcdef") == 32))) {
        muc_why(rq, LANG_ERR_RETRACT_ID);
        return ERR_BAD_REQUEST;
    }
    if (mod == NULL || mod->role != ROLE_MODERATOR) {
        muc_why(rq, LANG_ERR_RETRACT_MODERATORS);
        return ERR_FORBIDDEN;
    }
    if ((re = xmpp_stanza_get_child_by_name(m, "reason")) != NULL) {
        reason = st_text(re);
        if (reason && (utf8_len(reason) < 0 || strlen(reason) > 1000)) {
            free(reason);
            muc_why(rq, LANG_ERR_REASON_LONG);
            return ERR_NOT_ACCEPTABLE;
        }
    }
    room_hist_remove(r, id);
    muc_archive_forget(app, r, id);
    log_info("muc: %s retracted a message in %s", mod->nick, r->name);
    muc_log_action(app, r, mod, "retract", id, NULL, reason);
    router_send(app, st_iq_result(rq->st));

    rand_id(mid);
    sb_init(&sb);
    sb_add(&sb, " from=\"");
    muc_add_room_jid(&sb, app, r, NULL);
    sb_addf(&sb, "\" type=\"groupchat\" id=\"%s\"><retract id=\"%s\" "
                 "xmlns=\"" NS_RETRACT "\"><moderated by=\"",
            mid, id);
    muc_add_room_jid(&sb, app, r, mod->nick);
    sb_add(&sb, "\" xmlns=\"" NS_MODERATE "\"><occupant-id xmlns=\""
                NS_OCCUPANT_ID "\" id=\"");
    sb_add_esc(&sb, mod->occupant_id);
    sb_add(&sb, "\"/></moderated>");
    if (reason) {
        sb_add(&sb, "<reason>");
        sb_add_esc(&sb, reason);
        sb_add(&sb, "</reason>");
    }
    sb_addf(&sb, "</retract><apply-to xmlns=\"" NS_FASTEN "\" id=\"%s\">"
                 "<moderated xmlns=\"" NS_MODERATE0 "\" by=\"",
            id);
    muc_add_room_jid(&sb, app, r, mod->nick);
    sb_add(&sb, "\"><retract xmlns=\"" NS_RETRACT0 "\"/>");
    if (reason) {
        sb_add(&sb, "<reason>");
        sb_add_esc(&sb, reason);
        sb_add(&sb, "</reason>");
    }
    /* XEP-0428: clients that know retraction hide the fallback body. */
    sb_add(&sb, "</moderated></apply-to><fallback xmlns=\"urn:xmpp:"
                "fallback:0\" for=\"" NS_RETRACT "\"/><body>This message "
                "was removed by a moderator.</body></message>");
    hmap_iter_init(&it, r->by_nick);
    while (hmap_iter_next(&it, &k, &v))
        muc_send_occ(app, "message", sb.s, v);
    sb_free(&sb);
    free(reason);
    return 0;
}
