/*
 * cmd_queue.c - "Review waiting questions": the question queue of a room
 * as a data form, for moderators on a desktop client (XEP-0050 at the
 * room's JID, node "queue").
 *
 * Each step lists what waits (number, time, nick, text) as a list-multi,
 * with a decision (approve / reject) and a reason; submitting decides the
 * ticked questions through muc_queue_decide(), the same code path as the
 * text commands "ok N" / "no N reason", then shows what still waits
 * ("next"), or ends ("complete"). The room's moderators (an occupant with
 * role moderator, from any device of that account) and service admins may
 * run it; adhoc.c checks that again at every step. A question another
 * moderator decided meanwhile is named in the note, not an error. Texts
 * are in the moderator's language (adhoc.h); a question's own option label
 * (number, time, nick, text) is data, the same in every language.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adhoc.h"
#include "app.h"
#include "config.h"
#include "err.h"
#include "form.h"
#include "muc.h"
#include "opening.h"
#include "room.h"
#include "stanza.h"
#include "util.h"

#define NODE_QUEUE "queue"
#define LABEL_TEXT_MAX 300 /* bytes of a question shown in an option */

static int queue_allowed(struct app *app, struct room *r, const char *from)
{
    return config_is_admin(app->cfg, from) ||
           muc_moderator_of(r, from) != NULL;
}

/* The form listing what waits in r; NULL when nothing does. */
static xmpp_stanza_t *waiting_form(struct adhoc_step *s)
{
    struct room *r = s->room;
    xmpp_stanza_t *x, *f;

    if (r->nqueue == 0)
        return NULL;
    x = form_new(s->app->ctx, "form",
                 adhoc_format(s, LANG_ADHOC_QUEUE_TITLE, ADHOC_ARGS(r->name)),
                 adhoc_text(s, LANG_ADHOC_QUEUE_INS));
    f = form_add_field(x, "questions", "list-multi",
                       adhoc_text(s, LANG_ADHOC_QUEUE_QUESTIONS), NULL, 0);
    for (size_t i = 0; i < r->nqueue; i++) {
        const struct held *h = &r->queue[i];
        char when[64], num[16], *label;
        size_t n = strlen(h->body);

        opening_time_text(s->app->opening, adhoc_cat(s), h->at, when,
                          sizeof(when));
        if (n > LABEL_TEXT_MAX) {
            /* cut at a character boundary */
            n = LABEL_TEXT_MAX;
            while (n > 0 && ((unsigned char)h->body[n] & 0xC0) == 0x80)
                n--;
        }
        label = xasprintf("#%u %s %s: %.*s%s", h->id, when, h->nick, (int)n,
                          h->body, n < strlen(h->body) ? "..." : "");
        snprintf(num, sizeof(num), "%u", h->id);
        form_add_option(f, label, num);
        free(label);
    }
    f = form_add_field(x, "decision", "list-single",
                       adhoc_text(s, LANG_ADHOC_QUEUE_DECISION), "approve", 1);
    form_add_option(f, adhoc_text(s, LANG_ADHOC_QUEUE_APPROVE), "approve");
    form_add_option(f, adhoc_text(s, LANG_ADHOC_QUEUE_REJECT), "reject");
    form_add_field(x, "reason", "text-single",
                   adhoc_text(s, LANG_ADHOC_QUEUE_REASON), NULL, 0);
    return x;
}

/* Checks the submitted form; fills ids (*n of them) and *approve. */
static int read_decision(struct adhoc_step *s, unsigned *ids, size_t *n,
                         int *approve)
{
    const struct form_field *qf = form_field(s->form, "questions");
    const char *d = form_value(s->form, "decision");
    const char *reason = form_value(s->form, "reason");

    *n = 0;
    for (size_t i = 0; qf && i < qf->nvalues; i++) {
        long id;

        if (str_to_long(qf->values[i], 1, 9999, &id) != 0)
            return adhoc_why(s, ERR_BAD_REQUEST, LANG_ADHOC_QUEUE_BAD_NUMBER,
                             NULL, 0);
        ids[(*n)++] = (unsigned)id;
    }
    if (d == NULL || strcmp(d, "approve") == 0) {
        *approve = 1;
    } else if (strcmp(d, "reject") == 0) {
        *approve = 0;
    } else {
        return adhoc_why(s, ERR_BAD_REQUEST, LANG_ADHOC_QUEUE_BAD_DECISION,
                         NULL, 0);
    }
    /* The same text as for "no N reason" in the room. */
    if (reason && (utf8_len(reason) < 0 || utf8_len(reason) > 1000))
        return adhoc_why(s, ERR_NOT_ACCEPTABLE, LANG_MOD_REASON_LONG, NULL,
                         0);
    return 0;
}

static int queue_step(struct adhoc_step *s)
{
    struct room *r = s->room;
    unsigned ids[FORM_MAX_VALUES];
    size_t n = 0;
    int approve = 1, rc, gone = 0;
    struct sbuf note;

    if (s->stage == 0 && s->form == NULL) {
        if ((s->out = waiting_form(s)) == NULL) {
            adhoc_note(s, LANG_ADHOC_QUEUE_EMPTY_IN, ADHOC_ARGS(r->name));
            s->done = 1;
            return 0;
        }
        s->more = s->can_complete = 1;
        s->stage = 1;
        return 0;
    }
    if (s->form && strcmp(s->form->type, "submit") != 0)
        return adhoc_why(s, ERR_CMD_BAD_PAYLOAD, LANG_ADHOC_SUBMIT, NULL, 0);
    if (s->form && (rc = read_decision(s, ids, &n, &approve)) != 0)
        return rc;
    sb_init(&note);
    for (size_t i = 0; i < n; i++) {
        char num[16];
        enum lang_key k;

        rc = muc_queue_decide(s->app, r, muc_moderator_of(r, s->from), ids[i],
                              approve, form_value(s->form, "reason"));
        if (rc == 0) {
            k = approve ? LANG_ADHOC_QUEUE_PUBLISHED
                        : LANG_ADHOC_QUEUE_REJECTED;
        } else {
            k = LANG_ADHOC_QUEUE_GONE;
            gone = 1;
        }
        snprintf(num, sizeof(num), "%u", ids[i]);
        sb_addf(&note, "%s%s", note.len ? " " : "",
                adhoc_format(s, k, ADHOC_ARGS(num)));
    }
    if (strcmp(s->action, "complete") != 0 &&
        (s->out = waiting_form(s)) != NULL) {
        s->more = s->can_complete = 1;
    } else {
        if (s->out == NULL && strcmp(s->action, "complete") != 0)
            sb_addf(&note, "%s%s", note.len ? " " : "",
                    adhoc_text(s, LANG_ADHOC_QUEUE_EMPTY_NOW));
        s->done = 1;
    }
    if (note.len) {
        s->note = xstrdup(note.s);
        s->note_type = gone ? "warn" : "info";
    }
    sb_free(&note);
    return 0;
}

const struct adhoc_room_cmd cmd_queue = {
    NODE_QUEUE, LANG_ADHOC_CMD_QUEUE, queue_allowed, queue_step,
    LANG_ADHOC_QUEUE_DENIED,
};
