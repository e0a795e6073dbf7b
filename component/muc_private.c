/*
 * muc_private.c - private messages between occupants (XEP-0045 §7.5) and
 * mediated invitations and their declines (§7.8).
 *
 * Youths write to staff, never to each other (occ_may_pm()); a private
 * message from a youth to someone who is not staff passes the contact
 * filters. An invitation names the inviter by room nick, never by JID.
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

/* §7.5: a private message to room/nick, passed on from room/sendernick. */
void muc_private_message(struct req *rq, struct room *r, const char *nick)
{
    struct app *app = rq->app;
    struct occupant *from = room_by_jid(r, rq->from);
    struct occupant *to = room_by_nick(r, nick);
    const char *type = xmpp_stanza_get_type(rq->st);
    const char *id = xmpp_stanza_get_id(rq->st);
    struct sbuf payload, sb;
    char *body = NULL, say[SAY_MAX];
    const char *pmwhy;
    enum lang_key why;
    int rc;

    if (from == NULL) {
        muc_why(rq, LANG_ERR_ENTER_FIRST_PM);
        muc_message_error(rq, ERR_NOT_ACCEPTABLE);
        return;
    }
    if (to == NULL) {
        muc_why(rq, LANG_ERR_NOBODY_NICK);
        muc_message_error(rq, ERR_ITEM_NOT_FOUND);
        return;
    }
    if ((rc = occ_may_pm(from, to, &pmwhy)) != 0) {
        if (from->youth && to->youth) /* the rule, in the youth's words */
            muc_occ_why(rq, from, LANG_PM_YOUTHS, say, sizeof(say));
        else
            muc_why(rq, LANG_ERR_PM_NOT_ALLOWED);
        muc_message_error(rq, rc);
        return;
    }
    if (!occ_take_token(from, clock_mono_ms())) {
        muc_occ_why(rq, from, LANG_TOO_FAST, say, sizeof(say));
        muc_message_error(rq, ERR_RESOURCE_CONSTRAINT);
        return;
    }
    if (occ_is_held(from) && to->hat == NULL &&
        to->role != ROLE_MODERATOR) {
        /* Contact details between non-staff occupants are what the
         * filters exist for; to staff they may be needed (a youth in
         * trouble giving a number), so those pass. */
        xmpp_stanza_t *b = xmpp_stanza_get_child_by_name(rq->st, "body");
        char *text = b ? st_text(b) : NULL;
        const char *fwhy = NULL;
        enum filter_hit hit = text ? filter_check(text, app->guard,
                                                  app->cfg->filter_words,
                                                  app->cfg->n_filter_words,
                                                  &fwhy)
                                   : FILTER_NONE;

        free(text);
        if (hit != FILTER_NONE) {
            muc_occ_why(rq, from, muc_filter_key(hit), say, sizeof(say));
            muc_message_error(rq, ERR_POLICY_VIOLATION);
            return;
        }
    }
    sb_init(&payload);
    if ((rc = muc_filter_message(rq->st, &payload, &body, 0, &why)) != 0) {
        muc_why(rq, why);
        sb_free(&payload);
        muc_message_error(rq, rc);
        return;
    }
    if (payload.len == 0) {
        sb_free(&payload);
        free(body);
        return;
    }
    sb_init(&sb);
    sb_add(&sb, " from=\"");
    muc_add_room_jid(&sb, app, r, from->nick);
    sb_addf(&sb, "\" type=\"%s\"",
            type && strcmp(type, "normal") == 0 ? "normal" : "chat");
    if (id && strlen(id) <= 256) {
        sb_add(&sb, " id=\"");
        sb_add_esc(&sb, id);
        sb_add(&sb, "\"");
    }
    sb_add(&sb, ">");
    sb_addn(&sb, payload.s, payload.len);
    sb_add(&sb, "<x xmlns=\"" NS_MUC_USER "\"/><occupant-id xmlns=\""
                NS_OCCUPANT_ID "\" id=\"");
    sb_add_esc(&sb, from->occupant_id);
    sb_add(&sb, "\"/></message>");
    muc_send_occ(app, "message", sb.s, to);
    sb_free(&sb);
    sb_free(&payload);
    free(body);
}

/*
 * §7.8.2: a mediated invitation. The invitee learns the room and the
 * inviter's nick in it, never the inviter's real JID (which XEP-0045 puts
 * in `from`): in these rooms that could be a youth's.
 */
void muc_invite(struct req *rq, struct room *r, xmpp_stanza_t *inv)
{
    struct app *app = rq->app;
    struct occupant *o = room_by_jid(r, rq->from);
    const char *to = xmpp_stanza_get_attribute(inv, "to");
    xmpp_stanza_t *reason = xmpp_stanza_get_child_by_name(inv, "reason");
    char *rtext = reason ? st_text(reason) : NULL, *bare = NULL,
         key[MUC_KEY_LEN], say[SAY_MAX];
    struct sbuf sb;
    int rc;

    if (o == NULL) {
        muc_why(rq, LANG_ERR_ENTER_FIRST_INVITE);
        muc_message_error(rq, ERR_NOT_ACCEPTABLE);
        goto out;
    }
    if (to == NULL || !jid_valid(to) || strchr(to, '@') == NULL) {
        muc_why(rq, LANG_ERR_INVITE_JID);
        muc_message_error(rq, ERR_JID_MALFORMED);
        goto out;
    }
    if (rtext && (utf8_len(rtext) < 0 || strlen(rtext) > 1000)) {
        muc_why(rq, LANG_ERR_REASON_LONG);
        muc_message_error(rq, ERR_NOT_ACCEPTABLE);
        goto out;
    }
    /* §7.8: in a members-only room only admins and owners invite, and the
     * invitee becomes a member; elsewhere anyone with voice may. */
    if (r->cfg.members_only ? o->affil < AFF_ADMIN : !occ_can_speak(o)) {
        muc_why(rq, r->cfg.members_only ? LANG_ERR_INVITE_ADMINS
                                        : LANG_ERR_INVITE_VOICE);
        muc_message_error(rq, ERR_FORBIDDEN);
        goto out;
    }
    if (rtext && occ_is_held(o)) {
        /* The reason reaches someone outside the room: the filters of
         * messages hold for it too (no contact details, links, words). */
        const char *fwhy = NULL;
        enum filter_hit hit = filter_check(rtext, app->guard,
                                           app->cfg->filter_words,
                                           app->cfg->n_filter_words, &fwhy);

        if (hit != FILTER_NONE) {
            muc_occ_why(rq, o, muc_filter_key(hit), say, sizeof(say));
            muc_message_error(rq, ERR_POLICY_VIOLATION);
            goto out;
        }
    }
    bare = jid_bare(to);
    muc_make_jid_key(app, r, bare, key);
    if (room_affil(r, key) == AFF_OUTCAST) {
        muc_why(rq, LANG_ERR_INVITE_BANNED);
        muc_message_error(rq, ERR_FORBIDDEN);
        goto out;
    }
    {
        /* Each invitation is a message to someone else: a few, then
         * one a minute (moderators are not limited). */
        uint64_t wait;

        if (!occ_limit_take(o, OCC_LIM_INVITE, clock_mono_ms(), &wait)) {
            muc_message_error(rq, muc_occ_wait(rq, o, LANG_INVITE_TOO_OFTEN,
                                               wait, say, sizeof(say)));
            goto out;
        }
    }
    if (r->cfg.members_only && room_affil(r, key) < AFF_MEMBER &&
        !config_is_admin(app->cfg, bare) &&
        (rc = muc_set_affil(app, r, bare, AFF_MEMBER, "", "invited",
                            &rq->why)) != 0) {
        muc_message_error(rq, rc);
        goto out;
    }
    sb_init(&sb);
    sb_add(&sb, " from=\"");
    muc_add_room_jid(&sb, app, r, NULL);
    sb_add(&sb, "\"><x xmlns=\"" NS_MUC_USER "\"><invite from=\"");
    muc_add_room_jid(&sb, app, r, o->nick);
    sb_add(&sb, "\">");
    if (rtext) {
        sb_add(&sb, "<reason>");
        sb_add_esc(&sb, rtext);
        sb_add(&sb, "</reason>");
    }
    sb_add(&sb, "</invite>");
    if (r->cfg.password[0]) {
        sb_add(&sb, "<password>");
        sb_add_esc(&sb, r->cfg.password);
        sb_add(&sb, "</password>");
    }
    /* XEP-0249 readers see the same invitation directly. */
    sb_add(&sb, "</x><x xmlns=\"jabber:x:conference\" jid=\"");
    muc_add_room_jid(&sb, app, r, NULL);
    sb_add(&sb, "\"/></message>");
    muc_send_rest(app, "message", sb.s, to);
    sb_free(&sb);
    /* Remembered for a decline (§7.8.2), which goes to this nick. */
    if (hmap_count(r->invites) >= ROOM_INVITES_MAX)
        room_forget_invites(r);
    free(hmap_put(r->invites, bare, xstrdup(o->nick)));
out:
    free(rtext);
    free(bare);
}

/*
 * §7.8.2: the invitee declines. Passed on to the inviter's sessions with
 * the invitee's bare JID, which the inviter gave us; only for an
 * invitation this room sent, so nobody can use the room to send their
 * address to a stranger.
 */
void muc_decline(struct req *rq, struct room *r, xmpp_stanza_t *dec)
{
    struct app *app = rq->app;
    xmpp_stanza_t *reason = xmpp_stanza_get_child_by_name(dec, "reason");
    char *rtext = reason ? st_text(reason) : NULL, *bare = jid_bare(rq->from);
    char *nick = hmap_del(r->invites, bare);
    struct occupant *inviter = nick ? room_by_nick(r, nick) : NULL;
    struct sbuf sb;

    if (nick == NULL) {
        muc_why(rq, LANG_ERR_DECLINE_NONE);
        muc_message_error(rq, ERR_ITEM_NOT_FOUND);
    } else if (rtext && (utf8_len(rtext) < 0 || strlen(rtext) > 1000)) {
        free(hmap_put(r->invites, bare, nick)); /* may try again */
        nick = NULL;
        muc_why(rq, LANG_ERR_REASON_LONG);
        muc_message_error(rq, ERR_NOT_ACCEPTABLE);
    } else if (inviter) {
        sb_init(&sb);
        sb_add(&sb, " from=\"");
        muc_add_room_jid(&sb, app, r, NULL);
        sb_add(&sb, "\"><x xmlns=\"" NS_MUC_USER "\"><decline from=\"");
        sb_add_esc(&sb, bare);
        sb_add(&sb, "\">");
        if (rtext) {
            sb_add(&sb, "<reason>");
            sb_add_esc(&sb, rtext);
            sb_add(&sb, "</reason>");
        }
        sb_add(&sb, "</decline></x></message>");
        muc_send_occ(app, "message", sb.s, inviter);
        sb_free(&sb);
    }
    /* An inviter who left is not told. */
    free(nick);
    free(rtext);
    free(bare);
}
