/*
 * muc_queue.c - what moderators decide on: the question queue
 * (pre-moderation), voice requests (XEP-0045 §7.13, §8.6) and abuse
 * reports.
 *
 * In queue mode a youth's message is held, the youth is told it waits,
 * and the moderators (and the staff back room, ROOM-staff) receive it as
 * a data form they answer from any desktop client, or approve with a
 * short command. What waits is kept in the store too (room.c), so a
 * restart loses none.
 *
 * What the room tells staff here comes from the message catalogues
 * (lang.h), formatted for each reader in the language of their own join
 * (struct muc_say): two moderators may read one question in two
 * languages. Data forms stay as they are, for programs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "app.h"
#include "clock.h"
#include "config.h"
#include "err.h"
#include "form.h"
#include "hmap.h"
#include "lang.h"
#include "link.h"
#include "log.h"
#include "muc.h"
#include "muc_int.h"
#include "room.h"
#include "router.h"
#include "stanza.h"
#include "util.h"

static struct room *back_room_of(struct app *app, const struct room *r);
static void room_announce(struct app *app, struct room *r,
                          const struct muc_say *t, const char *text);

/* --- the question queue (pre-moderation) ---------------------------------- */

/* --- the moderation desk -------------------------------------------------- */

/*
 * What the room tells its moderators (questions, reports, answers to
 * "ok 3") comes from a nick of its own, "Moderation" in the reader's
 * language, not from the room's bare address: clients show it as a
 * private chat of its own (Gajim 1.7 does not show a chat message from
 * the room's address in the open group chat, and offers no reply box
 * for it), and what a moderator writes there comes back to the room as
 * a private message to that nick (muc_message.c). Nobody may take the
 * nick (muc_is_mod_nick(), the nick guard).
 */
const char *muc_mod_nick(struct app *app, const struct occupant *o)
{
    return lang_text(muc_occ_cat(app, o), LANG_MOD_NICK);
}

int muc_is_mod_nick(struct app *app, const char *nick)
{
    for (size_t i = 0; i < lang_count(app->lang); i++)
        if (strcmp(lang_text(lang_cat_at(app->lang, i), LANG_MOD_NICK),
                   nick) == 0)
            return 1;
    return 0;
}

/* A message from the room itself (nick NULL), or from its nick (the
 * moderation desk's), to one session; extra is more payload (our own
 * XML, may be NULL). */
static void room_notice_x(struct app *app, struct room *r, const char *to,
                          const char *nick, const char *type,
                          const char *text, const char *extra)
{
    struct sbuf sb;

    sb_init(&sb);
    sb_add(&sb, " from=\"");
    muc_add_room_jid(&sb, app, r, nick);
    sb_addf(&sb, "\" type=\"%s\"><body>", type);
    sb_add_esc(&sb, text);
    sb_add(&sb, "</body>");
    if (nick && strcmp(type, "chat") == 0)
        /* §7.5: what marks a private message in a room, which clients
         * need to show it as one (Gajim 1.7 shows one without it inside
         * the group chat). */
        sb_add(&sb, "<x xmlns=\"" NS_MUC_USER "\"/>");
    if (extra)
        sb_add(&sb, extra);
    sb_add(&sb, "</message>");
    muc_send_rest(app, "message", sb.s, to);
    sb_free(&sb);
}

static void room_notice(struct app *app, struct room *r, const char *to,
                        const char *nick, const char *type, const char *text)
{
    room_notice_x(app, r, to, nick, type, text, NULL);
}

/* --- what the room tells staff, each in the language of their join ---- */

/*
 * t in the language of reader o's join (NULL: the config's), as a new
 * string (free() it). Sized from the text and its arguments, not a fixed
 * buffer: a question may hold 4000 characters of any script.
 */
static char *say_new(struct app *app, const struct occupant *o,
                     const struct muc_say *t)
{
    const struct lang_cat *c = muc_occ_cat(app, o);
    const char *tmpl = lang_text(c, t->k), *args[5];
    size_t nargs = 0, longest = 0, len = strlen(tmpl) + 1;
    char *buf;

    for (size_t i = 0; i < t->nargs && i < 4; i++)
        args[nargs++] = t->args[i];
    if (t->sub)
        args[nargs++] = lang_text(c, *t->sub);
    for (size_t i = 0; i < nargs; i++)
        if (strlen(args[i]) > longest)
            longest = strlen(args[i]);
    /* Each placeholder (every '%' starts one, or half of "%%") becomes
     * at most the longest argument. */
    for (const char *p = tmpl; (p = strchr(p, '%')) != NULL; p++)
        len += longest;
    buf = xmalloc(len);
    lang_format(c, t->k, buf, len, args, nargs);
    return buf;
}

/* t (or, when t is NULL, text as it is) to one session, to, of reader o
 * (NULL: in the config's language), in a private chat with the room. */
static void tell_one(struct app *app, struct room *r, const char *to,
                     const struct occupant *o, const struct muc_say *t,
                     const char *text)
{
    char *say = t ? say_new(app, o, t) : NULL;

    room_notice(app, r, to, muc_mod_nick(app, o), "chat", say ? say : text);
    free(say);
}

/*
 * The desk's presence, which clients need to let a moderator write to it
 * (Gajim 1.7 greys out the box of a private chat with an occupant who is
 * not there), goes to the room's moderators only, and only in a room with
 * the question queue on: elsewhere it would be a stranger in every
 * moderator's list for the odd report. Role moderator, no affiliation,
 * no real JID; its occupant-id is fixed (XEP-0421: one per occupant).
 */
static void desk_presence(struct app *app, struct room *r,
                          const struct occupant *m, const char *to,
                          int available)
{
    struct sbuf sb;

    sb_init(&sb);
    sb_add(&sb, " from=\"");
    muc_add_room_jid(&sb, app, r, muc_mod_nick(app, m));
    sb_addf(&sb, "\"%s><x xmlns=\"" NS_MUC_USER "\"><item "
                 "affiliation=\"none\" role=\"%s\"/></x>"
                 "<occupant-id xmlns=\"" NS_OCCUPANT_ID "\" "
                 "id=\"moderation-desk\"/></presence>",
            available ? "" : " type=\"unavailable\"",
            available ? "moderator" : "none");
    muc_send_rest(app, "presence", sb.s, to);
    sb_free(&sb);
}

void muc_desk_enter(struct app *app, const struct occupant *o,
                    const char *full)
{
    if (o->role == ROLE_MODERATOR && o->room->cfg.queue)
        desk_presence(app, o->room, o, full, 1);
}

void muc_desk_role(struct app *app, const struct occupant *o,
                   enum role was)
{
    int now = o->role == ROLE_MODERATOR;

    if (!o->room->cfg.queue || now == (was == ROLE_MODERATOR))
        return;
    for (size_t i = 0; i < o->nsessions; i++)
        desk_presence(app, o->room, o, o->sessions[i], now);
}

void muc_desk_queue(struct app *app, struct room *r, int was)
{
    struct hmap_iter it;
    const char *k;
    void *v;

    if (!r->cfg.queue == !was)
        return;
    hmap_iter_init(&it, r->by_nick);
    while (hmap_iter_next(&it, &k, &v)) {
        struct occupant *m = v;

        if (m->role != ROLE_MODERATOR)
            continue;
        for (size_t i = 0; i < m->nsessions; i++)
            desk_presence(app, r, m, m->sessions[i], r->cfg.queue);
    }
}

void muc_desk_tell(struct app *app, struct room *r, const char *to,
                   const struct occupant *m, const struct muc_say *t)
{
    tell_one(app, r, to, m, t, NULL);
}

/* A held question, for the form in its message to each moderator. */
struct qform {
    unsigned id;
    const char *nick, *body;
};
static void question_form(struct sbuf *sb, const struct lang_cat *c,
                          const struct qform *q);

/* t to each moderator of r, with the form of question q (may be NULL) in
 * each message, both in the moderator's language; returns how many
 * moderators there were. */
static int tell_moderators_x(struct app *app, struct room *r,
                             const struct muc_say *t, const struct qform *q)
{
    struct hmap_iter it;
    const char *k;
    void *v;
    int n = 0;

    hmap_iter_init(&it, r->by_nick);
    while (hmap_iter_next(&it, &k, &v)) {
        struct occupant *m = v;
        struct sbuf form;
        char *say;

        if (m->role != ROLE_MODERATOR)
            continue;
        /* Per moderator, not per room: each reads their own language. */
        say = say_new(app, m, t);
        if (q)
            question_form(&form, muc_occ_cat(app, m), q);
        for (size_t i = 0; i < m->nsessions; i++)
            room_notice_x(app, r, m->sessions[i], muc_mod_nick(app, m),
                          "chat", say, q ? form.s : NULL);
        if (q)
            sb_free(&form);
        free(say);
        n++;
    }
    return n;
}

int muc_tell_moderators(struct app *app, struct room *r,
                        const struct muc_say *t)
{
    return tell_moderators_x(app, r, t, NULL);
}

#define NS_NOTICE "urn:xmpp:ecopper:notice:0"

/*
 * What a notice from the room to one youth is, for programs: the youth
 * page marks a held question by it whatever the language of the text
 * (schemas/ecopper-notice-0.xsd). kind is one of the names there; ref,
 * the id the youth's client gave the message concerned, or NULL. Into
 * sb (initialized here; sb_free() it).
 */
static void notice_marker(struct sbuf *sb, const char *kind, const char *ref)
{
    sb_init(sb);
    sb_addf(sb, "<notice xmlns=\"" NS_NOTICE "\" kind=\"%s\"", kind);
    if (ref && ref[0] && strlen(ref) <= 256) {
        sb_add(sb, " ref=\"");
        sb_add_esc(sb, ref);
        sb_add(sb, "\"");
    }
    sb_add(sb, "/>");
}

/* Appends text k of c (no arguments), escaped for XML. */
static void add_text(struct sbuf *sb, const struct lang_cat *c,
                     enum lang_key k)
{
    char buf[1024];

    sb_add_esc(sb, muc_text(c, k, buf, sizeof(buf)));
}

/*
 * The data form in each "Question #N" message to moderators (FORM_TYPE
 * urn:xmpp:ecopper:queue:0, schemas/ecopper-queue-0.xml): a client that
 * shows forms in messages lets the moderator decide there and submit the
 * form back to the room, as with voice requests (XEP-0045 §8.6). Its
 * texts in catalogue c, the moderator's.
 */
static void question_form(struct sbuf *sb, const struct lang_cat *c,
                          const struct qform *q)
{
    char num[24], title[256];

    snprintf(num, sizeof(num), "%u", q->id);
    lang_format(c, LANG_QFORM_TITLE, title, sizeof(title),
                (const char *const[]){num}, 1);
    sb_init(sb);
    sb_add(sb, "<x xmlns=\"" NS_DATA "\" type=\"form\"><title>");
    sb_add_esc(sb, title);
    sb_add(sb, "</title><instructions>");
    add_text(sb, c, LANG_QFORM_HOW);
    sb_addf(sb, "</instructions><field var=\"FORM_TYPE\" type=\"hidden\">"
                "<value>" NS_QUEUE_FORM "</value></field><field var=\""
                "question\" type=\"hidden\"><value>%u</value></field>"
                "<field var=\"nick\" type=\"fixed\" label=\"",
            q->id);
    add_text(sb, c, LANG_QFORM_FROM);
    sb_add(sb, "\"><value>");
    sb_add_esc(sb, q->nick);
    sb_add(sb, "</value></field><field var=\"text\" type=\"fixed\" "
               "label=\"");
    add_text(sb, c, LANG_QFORM_QUESTION);
    sb_add(sb, "\"><value>");
    sb_add_esc(sb, q->body);
    sb_add(sb, "</value></field><field var=\"decision\" type=\"list-single\""
               " label=\"");
    add_text(sb, c, LANG_QFORM_DECISION);
    sb_add(sb, "\"><required/><value>approve</value><option label=\"");
    add_text(sb, c, LANG_QFORM_APPROVE);
    sb_add(sb, "\"><value>approve</value></option><option label=\"");
    add_text(sb, c, LANG_QFORM_REJECT);
    sb_add(sb, "\"><value>reject</value></option></field><field "
               "var=\"reason\" type=\"text-single\" label=\"");
    add_text(sb, c, LANG_QFORM_REASON);
    sb_add(sb, "\"/></x>");
}

/* A moderator submits the form of a "Question #N" message. */
void muc_queue_form(struct req *rq, struct room *r, const struct form *f)
{
    struct app *app = rq->app;
    struct occupant *m = muc_moderator_of(r, rq->from);
    const char *d = form_value(f, "decision"), *q = form_value(f, "question");
    long id = 0;
    int approve, rc;
    char why[SAY_MAX], num[24];

    if (strcmp(f->type, "submit") != 0)
        return; /* a cancelled form: nothing to do */
    if (m == NULL && !config_is_admin(app->cfg, rq->from)) {
        muc_occ_why(rq, room_by_jid(r, rq->from), LANG_MOD_ONLY_MODERATORS,
                    why, sizeof(why));
        muc_message_error(rq, ERR_FORBIDDEN);
        return;
    }
    /* Texts in m's language; an admin who is not in the room reads the
     * config's. */
    if (q == NULL || str_to_long(q, 1, 9999, &id) != 0 ||
        (d && strcmp(d, "approve") != 0 && strcmp(d, "reject") != 0)) {
        muc_occ_why(rq, m, LANG_MOD_FORM_BAD, why, sizeof(why));
        muc_message_error(rq, ERR_BAD_REQUEST);
        return;
    }
    approve = d == NULL || strcmp(d, "approve") == 0;
    rc = muc_queue_decide(app, r, m, (unsigned)id, approve,
                          form_value(f, "reason"));
    if (rc == ERR_NOT_ACCEPTABLE) {
        muc_occ_why(rq, m, LANG_MOD_REASON_LONG, why, sizeof(why));
        muc_message_error(rq, rc);
        return;
    }
    snprintf(num, sizeof(num), "%ld", id);
    tell_one(app, r, rq->from, m,
             &(struct muc_say){.k = rc != 0    ? LANG_MOD_NOT_WAITING
                                    : approve ? LANG_MOD_PUBLISHED
                                              : LANG_MOD_REJECTED,
                               .args = {num},
                               .nargs = 1},
             NULL);
}

/* Holds body from youth o for the moderators; flag, when not NULL, is
 * the text of the filter that held it (filter_action = hold), which the
 * moderators read in their language. */
void muc_hold_question(struct req *rq, struct room *r, struct occupant *o,
                       const char *body, const enum lang_key *flag)
{
    struct app *app = rq->app;
    unsigned id;
    struct room *back;
    struct sbuf form;
    char say[SAY_MAX], key[MUC_KEY_LEN], num[24];

    muc_make_jid_key(app, o->room, o->bare, key);
    id = room_hold(app->rooms, r, o->nick, rq->from, key, o->occupant_id,
                   body, xmpp_stanza_get_id(rq->st), clock_now());
    if (id == 0) {
        muc_occ_why(rq, o, LANG_QUEUE_FULL, say, sizeof(say));
        muc_message_error(rq, ERR_RESOURCE_CONSTRAINT);
        return;
    }
    if (id == ROOM_HOLD_UNSTORED) {
        /* Not stored, so not held: the youth is told to send it again,
         * the moderators that the database cannot be written. */
        muc_occ_why(rq, o, LANG_QUEUE_NOT_SAVED, say, sizeof(say));
        muc_message_error(rq, ERR_RESOURCE_CONSTRAINT);
        muc_tell_moderators(app, r,
                            &(struct muc_say){.k = LANG_MOD_NOT_SAVED,
                                              .args = {o->nick},
                                              .nargs = 1});
        return;
    }
    if (r->sess.id) {
        r->sess.held++;
        r->sess.asked++;
    }
    /* The youth learns at once that the question waits (in the room's
     * own voice, so Converse.js shows it in the room, not as a new
     * chat). */
    notice_marker(&form, "question-held", xmpp_stanza_get_id(rq->st));
    muc_occ_say(app, o, LANG_QUEUE_WAITING, NULL, 0, say, sizeof(say));
    room_notice_x(app, r, rq->from, NULL, "groupchat", say, form.s);
    sb_free(&form);
    snprintf(num, sizeof(num), "%u", id);
    tell_moderators_x(app, r,
                      &(struct muc_say){.k = flag ? LANG_MOD_QUESTION_FILTERED
                                                  : LANG_MOD_QUESTION,
                                        .args = {num, o->nick, body},
                                        .nargs = 3,
                                        .sub = flag},
                      &(struct qform){.id = id, .nick = o->nick,
                                      .body = body});
    if ((back = back_room_of(app, r)) != NULL) {
        /* The staff back room sees it too and can answer there. */
        room_announce(app, back,
                      &(struct muc_say){.k = LANG_MOD_QUESTION_BACK,
                                        .args = {num, o->nick, body},
                                        .nargs = 3},
                      NULL);
    }
}

/* Publishes held message h as its author's groupchat message. */
static void publish_held(struct app *app, struct room *r, struct held *h)
{
    struct sbuf body;

    sb_init(&body);
    sb_add(&body, "<body>");
    sb_add_esc(&body, h->body);
    sb_add(&body, "</body>");
    muc_publish(app, r, h->nick, h->oid, h->msgid, body.s, body.len, 1);
    sb_free(&body);
}

/*
 * A moderator's text command to the room, in a private chat: "ok N",
 * "no N reason", "queue". Returns 1 when body was one.
 */
/* The back room of r: the room named r's name + "-staff", or NULL. */
static struct room *back_room_of(struct app *app, const struct room *r)
{
    char *name = xasprintf("%s" ROOM_BACK_SUFFIX, r->name);
    struct room *b = rooms_get(app->rooms, name);

    free(name);
    return b;
}

/* The public room whose back room r is, or NULL. */
struct room *muc_front_room_of(struct app *app, const struct room *r)
{
    return room_front_name(r->name, app->rooms);
}

/* Posts t (or, when t is NULL, text as it is) from the moderation desk
 * to everyone in back room r, each in the language of their join: a
 * groupchat message from a nick, which Gajim 1.7 shows (one from the
 * room's bare address it fails to draw). */
static void room_announce(struct app *app, struct room *r,
                          const struct muc_say *t, const char *text)
{
    struct hmap_iter it;
    const char *k;
    void *v;

    hmap_iter_init(&it, r->by_nick);
    while (hmap_iter_next(&it, &k, &v)) {
        struct occupant *o = v;
        char *say = t ? say_new(app, o, t) : NULL;

        for (size_t i = 0; i < o->nsessions; i++)
            room_notice(app, r, o->sessions[i], muc_mod_nick(app, o),
                        "groupchat", say ? say : text);
        free(say);
    }
}

/* A queue command's answer (t, or text as it is): in the back room when
 * it came from there, else in the private chat it came from, in the
 * language of moderator m's join. */
static void queue_reply(struct app *app, struct room *r, const char *to,
                        const struct occupant *m, struct room *back,
                        const struct muc_say *t, const char *text)
{
    if (back)
        room_announce(app, back, t, text);
    else
        tell_one(app, r, to, m, t, text);
}

int muc_queue_is_command(const char *body)
{
    const char *p;
    size_t n;

    body += strspn(body, " ");
    n = strlen(body);
    while (n > 0 && body[n - 1] == ' ')
        n--;
    if (n == 5 && strncasecmp(body, "queue", 5) == 0)
        return 1;
    if (strncasecmp(body, "ok ", 3) != 0 && strncasecmp(body, "no ", 3) != 0)
        return 0;
    p = body + 3;
    n = strspn(p, "0123456789");
    if (n == 0 || n > 4)
        return 0;
    p += n;
    if (*p != '\0' && *p != ' ')
        return 0;
    /* "ok 3" takes nothing after the number; "no 3" may give a reason */
    return body[0] == 'n' || body[0] == 'N' || p[strspn(p, " ")] == '\0';
}

int muc_queue_command(struct req *rq, struct room *r, struct occupant *m,
                      const char *body, struct room *back)
{
    struct app *app = rq->app;
    unsigned long id = 0;
    char *end = NULL, num[24];
    int ok, rc;
    struct sbuf sb;
    struct muc_say say;

    while (*body == ' ')
        body++;
    if (strncasecmp(body, "queue", 5) == 0 &&
        body[5 + strspn(body + 5, " ")] == '\0') {
        if (r->nqueue == 0) {
            queue_reply(app, r, rq->from, m, back,
                        &(struct muc_say){.k = LANG_MOD_QUEUE_EMPTY}, NULL);
            return 1;
        }
        /* "#3 kid: the question": nothing here to translate. */
        sb_init(&sb);
        for (size_t i = 0; i < r->nqueue; i++)
            sb_addf(&sb, "%s#%u %s: %s", i ? "\n" : "", r->queue[i].id,
                    r->queue[i].nick, r->queue[i].body);
        queue_reply(app, r, rq->from, m, back, NULL, sb.s);
        sb_free(&sb);
        return 1;
    }
    if (strncasecmp(body, "ok ", 3) == 0)
        ok = 1;
    else if (strncasecmp(body, "no ", 3) == 0)
        ok = 0;
    else
        return 0;
    id = strtoul(body + 3, &end, 10);
    if (end == body + 3 || id == 0 || id > 9999) {
        queue_reply(app, r, rq->from, m, back,
                    &(struct muc_say){.k = LANG_MOD_NO_NUMBER}, NULL);
        return 1;
    }
    while (*end == ' ')
        end++;
    rc = muc_queue_decide(app, r, m, (unsigned)id, ok, end);
    snprintf(num, sizeof(num), "%lu", id);
    if (rc == ERR_NOT_ACCEPTABLE)
        say = (struct muc_say){.k = LANG_MOD_REASON_LONG};
    else
        say = (struct muc_say){.k = rc != 0 ? LANG_MOD_NOT_WAITING
                                    : ok    ? LANG_MOD_PUBLISHED
                                            : LANG_MOD_REJECTED,
                               .args = {num},
                               .nargs = 1};
    queue_reply(app, r, rq->from, m, back, &say, NULL);
    return 1;
}

int muc_queue_decide(struct app *app, struct room *r, struct occupant *m,
                     unsigned id, int approve, const char *reason)
{
    struct held *h = room_held(r, id);

    if (h == NULL)
        return ERR_ITEM_NOT_FOUND;
    if (reason == NULL)
        reason = "";
    while (*reason == ' ')
        reason++;
    if (utf8_len(reason) < 0 || utf8_len(reason) > 1000)
        return ERR_NOT_ACCEPTABLE;
    if (approve) {
        publish_held(app, r, h);
        muc_stats_published(app, r);
        muc_log_action(app, r, m, "approve", h->nick, h->oid, NULL);
    } else {
        /* In the asker's language while the asker is here; after a
         * restart, told only if back by now (room_held_claim()). */
        const struct occupant *asker =
            h->full ? room_by_jid(r, h->full) : NULL;
        char *note = xmalloc(SAY_MAX);
        struct sbuf mark;

        if (*reason)
            muc_occ_say(app, asker, LANG_QUEUE_REJECTED_REASON,
                        (const char *const[]){reason}, 1, note, SAY_MAX);
        else
            muc_occ_say(app, asker, LANG_QUEUE_REJECTED, NULL, 0, note,
                        SAY_MAX);
        notice_marker(&mark, "question-rejected", h->msgid);
        if (h->full)
            room_notice_x(app, r, h->full, NULL, "groupchat", note, mark.s);
        sb_free(&mark);
        free(note);
        muc_log_action(app, r, m, "reject", h->nick, h->oid, reason);
        if (r->sess.id)
            r->sess.rejected++;
    }
    log_info("muc: question #%u in %s %s by %s", id, r->name,
             approve ? "approved" : "rejected", m ? m->nick : "an admin");
    room_unhold(app->rooms, r, id);
    return 0;
}

struct occupant *muc_moderator_of(const struct room *r, const char *from)
{
    struct occupant *o = room_by_jid(r, from);
    struct hmap_iter it;
    const char *k;
    void *v;
    char *bare;

    if (o)
        return o->role == ROLE_MODERATOR ? o : NULL;
    /* Another device of an account that is in the room. */
    bare = jid_bare(from);
    hmap_iter_init(&it, r->by_nick);
    while (o == NULL && hmap_iter_next(&it, &k, &v))
        if (((struct occupant *)v)->role == ROLE_MODERATOR &&
            str_eq_nocase(((struct occupant *)v)->bare, bare))
            o = v;
    free(bare);
    return o;
}

/* FNV-1a of s: tells one report text from another, nothing more. */
static uint64_t fnv1a64(const char *s)
{
    uint64_t h = 14695981039346656037u;

    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

/* An occupant reports another to the moderators: at most REPORT_MAX
 * characters, a few and then one a minute (OCC_LIM_REPORT), the same
 * text twice in a row folded into one. */
void muc_report_abuse(struct req *rq, struct room *r, struct occupant *o,
                      const char *what)
{
    struct app *app = rq->app;
    char say[SAY_MAX];
    struct sbuf mark;
    int told;

    while (*what == ' ')
        what++;
    if (*what == '\0' || utf8_len(what) < 0) {
        notice_marker(&mark, "report-usage", xmpp_stanza_get_id(rq->st));
        muc_occ_say(app, o, LANG_REPORT_USAGE, NULL, 0, say, sizeof(say));
        room_notice_x(app, r, rq->from, NULL, "chat", say, mark.s);
        sb_free(&mark);
        return;
    }
    if (utf8_len(what) > REPORT_MAX) {
        muc_occ_why(rq, o, LANG_REPORT_LONG, say, sizeof(say));
        muc_message_error(rq, ERR_NOT_ACCEPTABLE);
        return;
    }
    if (fnv1a64(what) == o->report_hash) {
        /* The same report again (a client resending, or a flood): the
         * moderators have it; folded into the first. */
        notice_marker(&mark, "report-again", xmpp_stanza_get_id(rq->st));
        muc_occ_say(app, o, LANG_REPORT_AGAIN, NULL, 0, say, sizeof(say));
        room_notice_x(app, r, rq->from, NULL, "chat", say, mark.s);
        sb_free(&mark);
        return;
    }
    {
        uint64_t wait;

        if (!occ_limit_take(o, OCC_LIM_REPORT, clock_mono_ms(), &wait)) {
            muc_message_error(rq, muc_occ_wait(rq, o, LANG_REPORT_TOO_OFTEN,
                                               wait, say, sizeof(say)));
            return;
        }
    }
    o->report_hash = fnv1a64(what);
    told = muc_tell_moderators(
        app, r,
        &(struct muc_say){
            .k = LANG_MOD_REPORT, .args = {o->nick, what}, .nargs = 2});
    muc_log_action(app, r, o, "report", NULL, NULL, what);
    if (r->sess.id)
        r->sess.reports++;
    notice_marker(&mark, told ? "report-told" : "report-kept",
                  xmpp_stanza_get_id(rq->st));
    muc_occ_say(app, o, told ? LANG_REPORT_THANKS : LANG_REPORT_KEPT, NULL,
                0, say, sizeof(say));
    room_notice_x(app, r, rq->from, NULL, "chat", say, mark.s);
    sb_free(&mark);
}

/* 1 when someone in r is a moderator. */
static int has_moderator(struct room *r)
{
    struct hmap_iter it;
    const char *k;
    void *v;

    hmap_iter_init(&it, r->by_nick);
    while (hmap_iter_next(&it, &k, &v))
        if (((struct occupant *)v)->role == ROLE_MODERATOR)
            return 1;
    return 0;
}

/*
 * §8.6: a moderator m answers a voice request for the occupant the form
 * names by nick. Yes grants voice (also when nobody asked: a moderator may
 * give it anyway). No tells the visitor, in their language and once per
 * request, that they may ask again in voice_request_gap seconds, which
 * count from the refusal. m learns what came of an answer that changed
 * nothing (the youth left, another moderator answered first).
 */
static void voice_answer(struct req *rq, struct room *r, struct occupant *m,
                         struct form *f, const char *allow)
{
    struct app *app = rq->app;
    const char *nick = form_value(f, "muc#roomnick");
    struct occupant *t = nick ? room_by_nick(r, nick) : NULL;
    int yes = strcmp(allow, "true") == 0 || strcmp(allow, "1") == 0;
    char say[SAY_MAX], secs[24];
    /* What m learns, in m's language; LANG_NKEYS: nothing to say. */
    struct muc_say answer = {.k = LANG_NKEYS, .nargs = 1};
    struct sbuf mark;

    if (t == NULL) {
        answer.k = LANG_MOD_VOICE_GONE;
        answer.args[0] = nick ? nick : "?";
    } else if (t->role != ROLE_VISITOR) {
        answer.k = LANG_MOD_VOICE_HAS;
        answer.args[0] = t->nick;
        t->voice_pending = 0;
    } else if (yes) {
        struct pres p = {.actor = m->nick};
        struct seen seen;

        muc_seen_before(t, &seen);
        t->role = ROLE_PARTICIPANT;
        t->voice_pending = 0;
        log_info("muc: %s gave voice to %s in %s", m->nick, t->nick,
                 r->name);
        muc_log_action(app, r, m, "voice", t->nick, t->occupant_id,
                       "voice request");
        muc_standing_changed(app, t, &seen, &p);
        muc_send_self_all(app, t, &p);
    } else if (!t->voice_pending) {
        answer.k = LANG_MOD_VOICE_NONE;
        answer.args[0] = t->nick;
    } else {
        t->voice_pending = 0;
        t->voice_at = clock_now();
        log_info("muc: %s refused voice to %s in %s", m->nick, t->nick,
                 r->name);
        muc_log_action(app, r, m, "voice-denied", t->nick, t->occupant_id,
                       "voice request");
        snprintf(secs, sizeof(secs), "%ld", app->cfg->voice_request_gap);
        muc_occ_say(app, t, LANG_VOICE_DENIED, (const char *const[]){secs}, 1,
                say, sizeof(say));
        notice_marker(&mark, "voice-denied", t->voice_ref);
        for (size_t i = 0; i < t->nsessions; i++)
            room_notice_x(app, r, t->sessions[i], NULL, "chat", say, mark.s);
        sb_free(&mark);
        answer.k = LANG_MOD_VOICE_REFUSED;
        answer.args[0] = t->nick;
    }
    if (answer.k != LANG_NKEYS)
        tell_one(app, r, rq->from, m, &answer, NULL);
}

/* The §8.6 request form for visitor o, as a message's rest (see
 * muc_send_rest()), its texts in catalogue c (the moderator's). */
static void voice_form(struct sbuf *sb, struct app *app, struct room *r,
                       const struct occupant *o, const struct lang_cat *c)
{
    sb_init(sb);
    sb_add(sb, " from=\"");
    muc_add_room_jid(sb, app, r, NULL);
    sb_add(sb, "\"><x xmlns=\"jabber:x:data\" type=\"form\"><title>");
    add_text(sb, c, LANG_VFORM_TITLE);
    sb_add(sb, "</title><instructions>");
    add_text(sb, c, LANG_VFORM_HOW);
    sb_add(sb, "</instructions><field var=\"FORM_TYPE\" type=\"hidden\">"
               "<value>" NS_MUC_REQUEST "</value></field><field var=\"muc#"
               "role\" type=\"list-single\" label=\"");
    add_text(sb, c, LANG_VFORM_ROLE);
    sb_add(sb, "\"><value>participant</value><option label=\"");
    add_text(sb, c, LANG_ROLE_PARTICIPANT);
    sb_add(sb, "\"><value>participant</value></option></field><field "
               "var=\"muc#jid\" type=\"jid-single\" label=\"");
    add_text(sb, c, LANG_VFORM_OCCUPANT);
    sb_add(sb, "\"><value>");
    muc_add_room_jid(sb, app, r, o->nick);
    sb_add(sb, "</value></field><field var=\"muc#roomnick\" type=\"text-"
               "single\" label=\"");
    add_text(sb, c, LANG_VFORM_NICK);
    sb_add(sb, "\"><value>");
    sb_add_esc(sb, o->nick);
    sb_add(sb, "</value></field><field var=\"muc#request_allow\" type=\""
               "boolean\" label=\"");
    add_text(sb, c, LANG_VFORM_ALLOW);
    sb_add(sb, "\"><value>false</value></field></x></message>");
}

/*
 * §7.13 and §8.6: a visitor asks for voice; each moderator gets the
 * request form, and a moderator who submits it with muc#request_allow
 * answers it (voice_answer()). The form names the occupant by nick and
 * occupant JID, never by real JID (the XEP's muc#jid would give a youth
 * away). A visitor's requests reach the moderators at most once per
 * voice_request_gap seconds, and not sooner after a refusal; one too
 * soon gets <resource-constraint/> saying when to ask again. With no
 * moderator in the room a request is refused (<service-unavailable/>,
 * type wait) and not counted.
 */
void muc_voice_request(struct req *rq, struct room *r, struct form *f)
{
    struct app *app = rq->app;
    struct occupant *o = room_by_jid(r, rq->from);
    const char *allow, *role, *id = xmpp_stanza_get_id(rq->st);
    struct sbuf sb;
    struct hmap_iter it;
    const char *k;
    void *v;
    int64_t now, wait;
    char secs[24];
    char why[SAY_MAX];

    if (o == NULL) {
        muc_why(rq, LANG_ERR_ENTER_FIRST);
        muc_message_error(rq, ERR_NOT_ACCEPTABLE);
        return;
    }
    if (strcmp(f->type, "submit") == 0 && o->role == ROLE_MODERATOR &&
        (allow = form_value(f, "muc#request_allow")) != NULL) {
        voice_answer(rq, r, o, f, allow);
        return;
    }
    /* §7.13 is for visitors; anyone else can write already. */
    if (o->role != ROLE_VISITOR) {
        muc_occ_why(rq, o, LANG_VOICE_ALREADY, why, sizeof(why));
        muc_message_error(rq, ERR_NOT_ACCEPTABLE);
        return;
    }
    role = form_value(f, "muc#role");
    if (role && strcmp(role, "participant") != 0) {
        muc_occ_why(rq, o, LANG_VOICE_ROLE, why, sizeof(why));
        muc_message_error(rq, ERR_NOT_ACCEPTABLE);
        return;
    }
    now = clock_now();
    wait = o->voice_at + app->cfg->voice_request_gap - now;
    if (o->voice_at != 0 && now >= o->voice_at && wait > 0) {
        const struct lang_cat *c = muc_occ_cat(app, o);

        snprintf(secs, sizeof(secs), "%lld", (long long)wait);
        lang_format(c, LANG_VOICE_WAIT, why, sizeof(why),
                    (const char *const[]){secs}, 1);
        rq->why = why;
        rq->why_lang = lang_code(c);
        muc_message_error(rq, ERR_RESOURCE_CONSTRAINT);
        return;
    }
    /* With no moderator here it would reach nobody: said so, and not
     * counted. */
    if (!has_moderator(r)) {
        muc_occ_why(rq, o, LANG_VOICE_NOBODY, why, sizeof(why));
        muc_message_error(rq, ERR_SERVICE_UNAVAILABLE_WAIT);
        return;
    }
    /* Passed on again after the gap: a reminder when nobody answered. */
    o->voice_at = now;
    o->voice_pending = 1;
    free(o->voice_ref);
    o->voice_ref = id && id[0] && strlen(id) <= 256 ? xstrdup(id) : NULL;
    hmap_iter_init(&it, r->by_nick);
    while (hmap_iter_next(&it, &k, &v)) {
        const struct occupant *m = v;

        if (m->role != ROLE_MODERATOR)
            continue;
        /* Each moderator reads the form in their language. */
        voice_form(&sb, app, r, o, muc_occ_cat(app, m));
        muc_send_occ(app, "message", sb.s, m);
        sb_free(&sb);
    }
}


/*
 * A session of o, a moderator or someone who may act in a back room, has
 * entered r. What waits for them is said at once, so that who comes later
 * (a new shift, a second device, everyone after a restart) knows it as
 * the others do: a moderator gets the voice requests still unanswered;
 * a moderator of a queue room, or staff entering its back room, learn
 * how many questions wait.
 */
void muc_staff_entered(struct app *app, struct room *r,
                       const struct occupant *o, const char *full)
{
    struct room *front = muc_front_room_of(app, r);
    struct room *q = front ? front : o->role == ROLE_MODERATOR ? r : NULL;
    struct hmap_iter it;
    const char *k;
    void *v;
    struct sbuf sb;
    char n[24];

    if (q && q->nqueue > 0) {
        snprintf(n, sizeof(n), "%zu", q->nqueue);
        tell_one(app, r, full, o,
                 &(struct muc_say){.k = LANG_MOD_WAITING, .args = {n},
                                   .nargs = 1},
                 NULL);
    }
    if (o->role != ROLE_MODERATOR)
        return;
    hmap_iter_init(&it, r->by_nick);
    while (hmap_iter_next(&it, &k, &v)) {
        struct occupant *t = v;

        if (!t->voice_pending || t->role != ROLE_VISITOR)
            continue;
        voice_form(&sb, app, r, t, muc_occ_cat(app, o));
        muc_send_rest(app, "message", sb.s, full);
        sb_free(&sb);
    }
}
