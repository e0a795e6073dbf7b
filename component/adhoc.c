/*
 * adhoc.c - XEP-0050 ad-hoc commands framework.
 *
 * Sessions are few (an admin at a time, a handful of steps each), so they
 * sit in a list; the bound keeps the list short. Texts come from the
 * catalogues in the request's language (adhoc.h): each step's formatted
 * texts are the step's, freed by respond() after the reply is sent.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adhoc.h"
#include "app.h"
#include "clock.h"
#include "config.h"
#include "err.h"
#include "form.h"
#include "log.h"
#include "room.h"
#include "router.h"
#include "staff.h"
#include "stanza.h"
#include "util.h"

static const struct adhoc_cmd *const commands[] = {
    &cmd_create_room,
    &cmd_list_rooms,
    &cmd_destroy_room,
    &cmd_staff_add,
    &cmd_staff_edit,
    &cmd_staff_remove,
    &cmd_staff_list,
    &cmd_staff_import,
    &cmd_staff_photo,
    &cmd_moderation_log,
    &cmd_schedule_set,
    &cmd_schedule_show,
    &cmd_open_now,
    &cmd_close_now,
    &cmd_extend,
    &cmd_session_log,
    &cmd_session_transcript,
    &cmd_archive_purge,
    &cmd_statistics,
};

/* Commands at each room's JID. */
static const struct adhoc_room_cmd *const room_commands[] = {
    &cmd_queue,
};

/* Commands that exist only when ecopper runs in test mode (-T): without
 * it they are unknown (item-not-found) and never listed. */
static const struct adhoc_cmd *const test_commands[] = {
    &cmd_set_clock,
};

/* A command of either table: exactly one of the two is set. */
struct cmd_ref {
    const struct adhoc_cmd *svc;       /* at the service's JID */
    const struct adhoc_room_cmd *room; /* at each room's JID */
};

struct session {
    struct session *next;
    char id[33];
    char *owner; /* full JID */
    char *room;  /* the room a room command runs at, else NULL */
    struct cmd_ref cmd;
    int stage;
    void *data;
    void (*free_data)(void *);
    uint64_t last; /* clock_mono_ms() of the last step */
    xmpp_stanza_t *held; /* the executor's IQ awaiting an ask's answer */
    /* The last form sent: for its options' labels, and to show it again
     * with what was typed when a value is refused (refused()). */
    xmpp_stanza_t *shown;
    int more, can_complete; /* the <actions/> sent with it */
};

/* What the answer to a step's ask needs to find its session again. */
struct pending {
    char id[33];
    char *owner;
    char *room; /* the session's room, or NULL */
};

struct adhoc {
    struct session *head;
    size_t n;
};

struct adhoc *adhoc_new(void)
{
    return xcalloc(1, sizeof(struct adhoc));
}

static void session_free(struct session *s)
{
    if (s->held)
        xmpp_stanza_release(s->held);
    if (s->shown)
        xmpp_stanza_release(s->shown);
    if (s->free_data)
        s->free_data(s->data);
    free(s->owner);
    free(s->room);
    free(s);
}

void adhoc_free(struct adhoc *a)
{
    if (a == NULL)
        return;
    while (a->head) {
        struct session *s = a->head;
        a->head = s->next;
        session_free(s);
    }
    free(a);
}

static void unlink_session(struct adhoc *a, struct session *s)
{
    for (struct session **ps = &a->head; *ps; ps = &(*ps)->next)
        if (*ps == s) {
            *ps = s->next;
            a->n--;
            return;
        }
}

void adhoc_expire(struct adhoc *a)
{
    uint64_t now = clock_mono_ms();
    struct session **ps = &a->head;

    while (*ps) {
        struct session *s = *ps;

        /* A session waiting for an answer ends with the answer. */
        if (s->held == NULL &&
            now - s->last > (uint64_t)ADHOC_IDLE_S * 1000) {
            *ps = s->next;
            a->n--;
            session_free(s);
        } else {
            ps = &s->next;
        }
    }
}

int adhoc_is_admin(struct app *app, const char *from)
{
    return config_is_admin(app->cfg, from);
}

int adhoc_is_admin_or_staff(struct app *app, const char *from)
{
    return adhoc_is_admin(app, from) || staffs_get(app->staff, from) != NULL;
}

/* --- texts ---------------------------------------------------------------- */

const struct lang_cat *adhoc_cat(const struct adhoc_step *s)
{
    return lang_pick(s->app->lang, s->lang, s->app->cfg->language);
}

const char *adhoc_text(const struct adhoc_step *s, enum lang_key k)
{
    return lang_text(adhoc_cat(s), k);
}

const char *adhoc_format(struct adhoc_step *s, enum lang_key k,
                         const char *const *args, size_t nargs)
{
    char *t = lang_format_new(adhoc_cat(s), k, args, nargs);

    if (t == NULL) {
        log_warn("adhoc: text '%s' formatted with %zu arguments",
                 lang_key_name(k) ? lang_key_name(k) : "?", nargs);
        t = xstrdup("");
    }
    s->texts = xrealloc(s->texts, (s->ntexts + 1) * sizeof(*s->texts));
    s->texts[s->ntexts++] = t;
    return t;
}

int adhoc_why(struct adhoc_step *s, int code, enum lang_key k,
              const char *const *args, size_t nargs)
{
    s->why = nargs ? adhoc_format(s, k, args, nargs) : adhoc_text(s, k);
    s->why_lang = lang_code(adhoc_cat(s));
    return code;
}

const char *adhoc_reason(struct adhoc_step *s, const struct lang_reason *r)
{
    const char *args[LANG_REASON_NARGS];

    if (!lang_reason_given(r)) {
        /* A model refused without saying why: a bug, but the step still
         * fails with the code it got. */
        log_warn("adhoc: a refusal without its reason");
        return "";
    }
    for (size_t i = 0; i < r->nargs; i++)
        args[i] = r->buf + r->off[i];
    return r->nargs ? adhoc_format(s, r->key, args, r->nargs)
                    : adhoc_text(s, r->key);
}

int adhoc_why_reason(struct adhoc_step *s, int code,
                     const struct lang_reason *r)
{
    if (!lang_reason_given(r)) {
        /* The code's own text (err.c), as for a step without a why. */
        s->why = NULL;
        return code;
    }
    s->why = adhoc_reason(s, r);
    s->why_lang = lang_code(adhoc_cat(s));
    return code;
}

void adhoc_note(struct adhoc_step *s, enum lang_key k,
                const char *const *args, size_t nargs)
{
    char *t = lang_format_new(adhoc_cat(s), k, args, nargs);

    if (t == NULL) {
        log_warn("adhoc: note '%s' formatted with %zu arguments",
                 lang_key_name(k) ? lang_key_name(k) : "?", nargs);
        t = xstrdup("");
    }
    free(s->note);
    s->note = t;
}

/* Frees the texts the step made; after its reply is sent. */
static void step_texts_free(struct adhoc_step *s)
{
    for (size_t i = 0; i < s->ntexts; i++)
        free(s->texts[i]);
    free(s->texts);
    s->texts = NULL;
    s->ntexts = 0;
}

/* The catalogue of rq's language (as adhoc_cat()). */
static const struct lang_cat *req_cat(const struct req *rq)
{
    return lang_pick(rq->app->lang, rq->lang, rq->app->cfg->language);
}

/* Makes text k, in rq's language, the text of rq's error reply (the
 * router sends it); returns code. */
static int req_why(struct req *rq, int code, enum lang_key k)
{
    const struct lang_cat *c = req_cat(rq);

    rq->why = lang_text(c, k);
    rq->why_lang = lang_code(c);
    return code;
}

static const struct adhoc_cmd *find_cmd(struct app *app, const char *node)
{
    for (size_t i = 0; node && i < ARRAY_LEN(commands); i++)
        if (strcmp(commands[i]->node, node) == 0)
            return commands[i];
    for (size_t i = 0; node && app->test_mode && i < ARRAY_LEN(test_commands);
         i++)
        if (strcmp(test_commands[i]->node, node) == 0)
            return test_commands[i];
    return NULL;
}

static const struct adhoc_room_cmd *find_room_cmd(const char *node)
{
    for (size_t i = 0; node && i < ARRAY_LEN(room_commands); i++)
        if (strcmp(room_commands[i]->node, node) == 0)
            return room_commands[i];
    return NULL;
}

/* The command node where rq is addressed (the service, or a room's JID);
 * 1 and *c set when there is one. */
static int find_ref(struct req *rq, const char *node, struct cmd_ref *c)
{
    c->svc = rq->room ? NULL : find_cmd(rq->app, node);
    c->room = rq->room ? find_room_cmd(node) : NULL;
    return c->svc != NULL || c->room != NULL;
}

static const char *ref_node(const struct cmd_ref *c)
{
    return c->svc ? c->svc->node : c->room->node;
}

/* 1 when from may run c; r: the room for a room command (NULL: gone). */
static int ref_allowed(struct app *app, const struct cmd_ref *c,
                       struct room *r, const char *from)
{
    return c->svc ? c->svc->allowed(app, from)
                  : r != NULL && c->room->allowed(app, r, from);
}

static enum lang_key ref_denied(const struct cmd_ref *c)
{
    return c->room ? c->room->denied : LANG_ADHOC_ADMINS_ONLY;
}

static int ref_step(const struct cmd_ref *c, struct adhoc_step *step)
{
    return c->svc ? c->svc->step(step) : c->room->step(step);
}

static const char *const actions[] = {"execute", "next", "prev", "complete",
                                      "cancel"};

static const char *parse_action(const char *a)
{
    if (a == NULL)
        return "execute";
    for (size_t i = 0; i < ARRAY_LEN(actions); i++)
        if (strcmp(actions[i], a) == 0)
            return actions[i];
    return NULL;
}

/* <command node sessionid status/> as the reply's payload (borrowed). */
static xmpp_stanza_t *reply_command(xmpp_stanza_t *reply, const char *node,
                                    const char *sid, const char *status)
{
    xmpp_stanza_t *c = st_add(reply, "command", NS_COMMANDS);

    st_attr(c, "node", node);
    st_attr(c, "sessionid", sid);
    st_attr(c, "status", status);
    return c;
}

static int count_owned(const struct adhoc *a, const char *owner)
{
    int n = 0;

    for (const struct session *s = a->head; s; s = s->next)
        if (strcmp(s->owner, owner) == 0)
            n++;
    return n;
}

/* The session sid of owner at room (NULL: at the service). */
static struct session *find_session(struct adhoc *a, const char *sid,
                                    const char *owner, const char *room)
{
    for (struct session *s = a->head; s; s = s->next)
        if (strcmp(s->id, sid) == 0 && strcmp(s->owner, owner) == 0 &&
            (s->room == NULL ? room == NULL
                             : room != NULL && strcmp(s->room, room) == 0))
            return s;
    return NULL;
}

static void answered(struct app *app, xmpp_stanza_t *answer, void *ud);

static struct session *new_session(struct adhoc *a,
                                   const struct cmd_ref *cmd,
                                   const char *owner, const char *room)
{
    struct session *s = xcalloc(1, sizeof(*s));

    rand_hex(s->id, 16);
    s->owner = xstrdup(owner);
    s->room = room ? xstrdup(room) : NULL;
    s->cmd = *cmd;
    s->next = a->head;
    a->head = s;
    a->n++;
    return s;
}

/* <actions/> for a step that shows a form (XEP-0050 §3.4): next (with
 * complete when offered) while another form follows, else complete. */
static void add_actions(xmpp_stanza_t *c, int more, int can_complete)
{
    xmpp_stanza_t *acts = st_add(c, "actions", NULL);

    st_attr(acts, "execute", more ? "next" : "complete");
    st_add(acts, more ? "next" : "complete", NULL);
    if (more && can_complete)
        st_add(acts, "complete", NULL);
}

/*
 * 1 when a step's refusal rc is about a value typed in the form, which
 * the person can correct in the same form: a malformed value
 * (bad-request), one the service does not take (not-acceptable: too
 * long, a name that reads like staff), one that clashes with what exists
 * (conflict: a name taken, a room already open). Everything else ends
 * the step as an IQ error, as it always did: a permission lost
 * (forbidden), the thing chosen gone meanwhile (item-not-found: the form
 * would still offer it), limits and faults of the service.
 */
static int is_input_refusal(int rc)
{
    return rc == ERR_BAD_REQUEST || rc == ERR_NOT_ACCEPTABLE ||
           rc == ERR_CONFLICT;
}

/*
 * A refused form, shown again instead of ending the command: clients
 * (Gajim 1.7) show an IQ error on a page of its own and drop the form
 * and everything typed in it. The reply is the result of an executing
 * command (XEP-0050 §3.4) in session s at the same stage, with the form
 * last shown, the values submitted in it (sub, list values already
 * mapped from labels), the same actions and the step's why as a note of
 * type error (XEP-0050 §4.4). A corrected submission then goes on as
 * the first would have.
 */
static void refused(struct app *app, struct session *s,
                    const struct cmd_ref *cmd, xmpp_stanza_t *req,
                    const struct adhoc_step *step)
{
    xmpp_stanza_t *reply = st_iq_result(req), *c, *n;

    c = reply_command(reply, ref_node(cmd), s->id, "executing");
    /* XEP-0050 §4.1: the language in use, here the note's. */
    st_attr(c, "xml:lang", step->why_lang ? step->why_lang : "en");
    add_actions(c, s->more, s->can_complete);
    n = st_add_text(c, "note", step->why);
    st_attr(n, "type", "error");
    xmpp_stanza_add_child_ex(c, form_refill(s->shown, step->form), 0);
    s->last = clock_mono_ms();
    router_send(app, reply);
}

/*
 * Answers the executor's IQ req with what step (which returned rc) says,
 * keeping, creating or ending session s (NULL: none yet) as the step
 * asks; or, when the step asks another entity, sends that ask and holds
 * req until its answer (answered() then calls this again).
 */
static void respond_step(struct app *app, struct session *s,
                         const struct cmd_ref *cmd, const char *room,
                         xmpp_stanza_t *req, const char *from,
                         struct adhoc_step *step, int rc)
{
    struct adhoc *a = app->adhoc;
    xmpp_stanza_t *reply, *c;

    if (s) { /* the command may have replaced its data */
        s->data = step->data;
        s->free_data = step->free_data;
    }
    if (rc != 0) {
        if (step->ask)
            xmpp_stanza_release(step->ask);
        if (step->out)
            xmpp_stanza_release(step->out);
        /* Without a text of its own, the code's, in the step's
         * language (err.c). */
        if (step->why == NULL)
            adhoc_why(step, rc, err_info(rc)->key, NULL, 0);
        /* Answer first: step->why may point into step->note or the
         * session's data. A value refused in a form submitted to a
         * session that showed one: that form again, with the why. */
        if (s && s->shown && !step->answered && step->form &&
            strcmp(step->form->type, "submit") == 0 &&
            is_input_refusal(rc) && xmpp_stanza_get_type(s->shown) &&
            strcmp(xmpp_stanza_get_type(s->shown), "form") == 0) {
            refused(app, s, cmd, req, step);
            free(step->note);
            return;
        }
        router_send(app, st_error_reply_lang(req, rc, step->why,
                                             step->why_lang));
        free(step->note);
        if (s && step->answered) {
            /* The step after an answer failed: the command ends. */
            unlink_session(a, s);
            session_free(s);
        } else if (s) {
            /* Keep the session: the executor may correct and resubmit. */
            s->last = clock_mono_ms();
        } else if (step->free_data) {
            step->free_data(step->data);
        }
        return;
    }
    if (!step->done && s == NULL) {
        s = new_session(a, cmd, from, room);
        s->data = step->data;
        s->free_data = step->free_data;
    } else if (step->done && s == NULL && step->free_data) {
        step->free_data(step->data);
    }
    if (step->ask && !step->done) {
        struct pending *p = xcalloc(1, sizeof(*p));

        str_lcpy(p->id, s->id, sizeof(p->id));
        p->owner = xstrdup(s->owner);
        p->room = s->room ? xstrdup(s->room) : NULL;
        s->stage = step->stage;
        s->last = clock_mono_ms();
        s->held = xmpp_stanza_clone(req);
        if (step->out)
            xmpp_stanza_release(step->out);
        free(step->note);
        if (router_ask(app, step->ask, ADHOC_ASK_MS, answered, p) != 0) {
            free(p->owner);
            free(p->room);
            free(p);
            unlink_session(a, s);
            session_free(s);
            router_send(app,
                        st_error_reply_lang(
                            req, ERR_RESOURCE_CONSTRAINT,
                            adhoc_text(step, LANG_ADHOC_ASKS_FULL),
                            lang_code(adhoc_cat(step))));
        }
        return;
    }
    if (step->ask)
        xmpp_stanza_release(step->ask);
    reply = st_iq_result(req);
    c = reply_command(reply, ref_node(cmd), s ? s->id : NULL,
                      step->done ? "completed" : "executing");
    if (!step->done) {
        add_actions(c, step->more, step->can_complete);
        s->stage = step->stage;
        s->more = step->more;
        s->can_complete = step->can_complete;
        s->last = clock_mono_ms();
    }
    if (step->note) {
        xmpp_stanza_t *n = st_add_text(c, "note", step->note);

        st_attr(n, "type", step->note_type ? step->note_type : "info");
        free(step->note);
    }
    if (!step->done) {
        /* What the next step's list fields are read against, and what a
         * refusal shows again; a step without a form leaves none. */
        if (s->shown)
            xmpp_stanza_release(s->shown);
        s->shown = step->out ? xmpp_stanza_copy(step->out) : NULL;
    }
    if (step->out)
        xmpp_stanza_add_child_ex(c, step->out, 0);
    if (step->done && s) {
        unlink_session(a, s);
        session_free(s);
    }
    router_send(app, reply);
}

/* The option of list field f whose label (or value, when by_value) is
 * text, spaces around ignored; NULL when none is. */
static const char *option_for(xmpp_stanza_t *f, const char *text,
                              int by_value)
{
    size_t tlen;

    text += strspn(text, " ");
    tlen = strlen(text);
    while (tlen > 0 && text[tlen - 1] == ' ')
        tlen--;
    for (xmpp_stanza_t *o = xmpp_stanza_get_children(f); o;
         o = xmpp_stanza_get_next(o)) {
        xmpp_stanza_t *v;
        const char *label;
        char *value;
        int same;

        if (!xmpp_stanza_is_tag(o) ||
            strcmp(xmpp_stanza_get_name(o), "option") != 0 ||
            (v = xmpp_stanza_get_child_by_name(o, "value")) == NULL)
            continue;
        value = xmpp_stanza_get_text(v);
        label = xmpp_stanza_get_attribute(o, "label");
        if (by_value)
            same = value && strlen(value) == tlen &&
                   strncmp(value, text, tlen) == 0;
        else
            same = label && strlen(label) == tlen &&
                   strncmp(label, text, tlen) == 0;
        if (value)
            xmpp_free(xmpp_stanza_get_context(o), value);
        if (same)
            return by_value ? text : label;
    }
    return NULL;
}

/*
 * Some clients submit a list field's option labels instead of their
 * values (Gajim 1.7 does, for list-multi): each submitted value of a list
 * field of the form last shown that is no option's value but is an
 * option's label becomes that option's value.
 */
static void options_by_label(xmpp_stanza_t *shown, struct form *f)
{
    for (size_t i = 0; i < f->nfields; i++) {
        struct form_field *ff = &f->fields[i];
        xmpp_stanza_t *sf;

        for (sf = xmpp_stanza_get_children(shown); sf;
             sf = xmpp_stanza_get_next(sf)) {
            const char *var = xmpp_stanza_get_attribute(sf, "var");
            const char *type = xmpp_stanza_get_type(sf);

            if (xmpp_stanza_is_tag(sf) &&
                strcmp(xmpp_stanza_get_name(sf), "field") == 0 && var &&
                strcmp(var, ff->var) == 0 && type &&
                strncmp(type, "list-", 5) == 0)
                break;
        }
        if (sf == NULL)
            continue;
        for (size_t k = 0; k < ff->nvalues; k++) {
            const char *label;

            if (option_for(sf, ff->values[k], 1) != NULL ||
                (label = option_for(sf, ff->values[k], 0)) == NULL)
                continue;
            for (xmpp_stanza_t *o = xmpp_stanza_get_children(sf); o;
                 o = xmpp_stanza_get_next(o)) {
                const char *l = xmpp_stanza_is_tag(o)
                                    ? xmpp_stanza_get_attribute(o, "label")
                                    : NULL;
                xmpp_stanza_t *v;
                char *value;

                if (l != label ||
                    (v = xmpp_stanza_get_child_by_name(o, "value")) == NULL ||
                    (value = xmpp_stanza_get_text(v)) == NULL)
                    continue;
                free(ff->values[k]);
                ff->values[k] = xstrdup(value);
                xmpp_free(xmpp_stanza_get_context(o), value);
                break;
            }
        }
    }
}

/* respond_step(), then the step's texts are freed: the reply is sent. */
static void respond(struct app *app, struct session *s,
                    const struct cmd_ref *cmd, const char *room,
                    xmpp_stanza_t *req, const char *from,
                    struct adhoc_step *step, int rc)
{
    respond_step(app, s, cmd, room, req, from, step, rc);
    step_texts_free(step);
}

/* The answer (or NULL: none in time) to a step's ask: runs the step again
 * and answers the executor's held IQ. */
static void answered(struct app *app, xmpp_stanza_t *answer, void *ud)
{
    struct pending *p = ud;
    struct session *s = app->adhoc ? find_session(app->adhoc, p->id,
                                                  p->owner, p->room)
                                   : NULL;
    struct room *r;
    struct adhoc_step step = {.app = app, .action = "execute",
                              .answered = 1, .answer = answer};
    xmpp_stanza_t *req;
    int rc;

    if (s == NULL || s->held == NULL) {
        free(p->owner);
        free(p->room);
        free(p);
        return;
    }
    r = s->room ? rooms_get(app->rooms, s->room) : NULL;
    req = s->held;
    s->held = NULL;
    step.from = p->owner;
    step.lang = st_lang(req);
    step.stage = s->stage;
    step.data = s->data;
    step.free_data = s->free_data;
    step.room = r;
    /* Permission again: the admin may have lost it while we waited. */
    if (!ref_allowed(app, &s->cmd, r, s->owner))
        rc = adhoc_why(&step, ERR_FORBIDDEN, ref_denied(&s->cmd), NULL, 0);
    else
        rc = ref_step(&s->cmd, &step);
    respond(app, s, &s->cmd, s->room, req, p->owner, &step, rc);
    xmpp_stanza_release(req);
    free(p->owner);
    free(p->room);
    free(p);
}

int adhoc_execute(struct req *rq)
{
    struct adhoc *a = rq->app->adhoc;
    const char *node = xmpp_stanza_get_attribute(rq->payload, "node");
    const char *sid = xmpp_stanza_get_attribute(rq->payload, "sessionid");
    const char *action =
        parse_action(xmpp_stanza_get_attribute(rq->payload, "action"));
    struct cmd_ref cmd;
    int found = find_ref(rq, node, &cmd);
    struct room *r = rq->room ? rooms_get(rq->app->rooms, rq->room) : NULL;
    struct adhoc_step step = {.app = rq->app, .from = rq->from,
                              .lang = rq->lang, .room = r};
    struct session *s = NULL;
    xmpp_stanza_t *x, *reply;
    int rc;

    if (rq->room && r == NULL)
        return req_why(rq, ERR_ITEM_NOT_FOUND, LANG_ADHOC_NO_ROOM);
    if (!found)
        return req_why(rq, ERR_ITEM_NOT_FOUND, LANG_ADHOC_NO_COMMAND);
    /* Permission at every step, not only the first. */
    if (!ref_allowed(rq->app, &cmd, r, rq->from))
        return req_why(rq, ERR_FORBIDDEN, ref_denied(&cmd));
    if (action == NULL)
        return req_why(rq, ERR_CMD_MALFORMED_ACTION, LANG_ADHOC_BAD_ACTION);
    if (sid) {
        s = find_session(a, sid, rq->from, rq->room);
        if (s == NULL)
            return req_why(rq, ERR_CMD_BAD_SESSIONID, LANG_ADHOC_NO_SESSION);
        if (s->cmd.svc != cmd.svc || s->cmd.room != cmd.room)
            return req_why(rq, ERR_CMD_BAD_SESSIONID, LANG_ADHOC_OTHER_COMMAND);
        if (s->held)
            return req_why(rq, ERR_UNEXPECTED_REQUEST, LANG_ADHOC_BUSY);
    }
    x = xmpp_stanza_get_child_by_name_and_ns(rq->payload, "x", NS_DATA);
    if (strcmp(action, "cancel") == 0 ||
        (x && xmpp_stanza_get_type(x) &&
         strcmp(xmpp_stanza_get_type(x), "cancel") == 0)) {
        if (s) {
            unlink_session(a, s);
            session_free(s);
        }
        reply = st_iq_result(rq->st);
        reply_command(reply, node, sid, "canceled");
        router_send(rq->app, reply);
        return 0;
    }
    if (s == NULL) {
        if (strcmp(action, "execute") != 0)
            return req_why(rq, ERR_CMD_BAD_ACTION, LANG_ADHOC_EXECUTE_FIRST);
        if (a->n >= ADHOC_MAX_SESSIONS ||
            count_owned(a, rq->from) >= ADHOC_MAX_PER_JID)
            return req_why(rq, ERR_RESOURCE_CONSTRAINT, LANG_ADHOC_TOO_MANY);
    } else if (strcmp(action, "prev") == 0) {
        /* Our commands have one form each: there is no previous stage. */
        return req_why(rq, ERR_CMD_BAD_ACTION, LANG_ADHOC_NO_PREV);
    }
    if (x) {
        const char *why = NULL;

        /* form_parse()'s why is for logs: a client's malformed XML, not
         * what a person typed; the reply says so in the catalogue's
         * words, as the rooms' forms do. */
        if (form_parse(x, &step.form, &why) != 0) {
            log_debug("adhoc: a form for %s refused: %s", ref_node(&cmd),
                      why);
            return req_why(rq, ERR_CMD_BAD_PAYLOAD, LANG_ERR_CMD_PAYLOAD);
        }
    }
    if (step.form && s && s->shown)
        options_by_label(s->shown, step.form);
    step.action = action;
    step.stage = s ? s->stage : 0;
    step.data = s ? s->data : NULL;
    step.free_data = s ? s->free_data : NULL;
    rc = ref_step(&cmd, &step);
    /* The form lives through the reply: a refusal shows its values. */
    respond(rq->app, s, &cmd, rq->room, rq->st, rq->from, &step, rc);
    form_free(step.form);
    return 0;
}

int adhoc_disco_info(struct req *rq, const char *node)
{
    struct cmd_ref cmd;
    int found = find_ref(rq, node, &cmd);
    struct room *r = rq->room ? rooms_get(rq->app->rooms, rq->room) : NULL;
    xmpp_stanza_t *res, *q, *id;

    res = st_iq_result(rq->st);
    q = st_add(res, "query", NS_DISCO_INFO);
    st_attr(q, "node", node);
    id = st_add(q, "identity", NULL);
    st_attr(id, "category", "automation");
    if (strcmp(node, NS_COMMANDS) == 0) {
        /* XEP-0050 §2.2 */
        st_attr(id, "type", "command-list");
    } else if (found && ref_allowed(rq->app, &cmd, r, rq->from)) {
        /* XEP-0050 §2.3 */
        st_attr(id, "type", "command-node");
        st_attr(id, "name",
                lang_text(req_cat(rq),
                          cmd.svc ? cmd.svc->name : cmd.room->name));
        st_attr(st_add(q, "feature", NULL), "var", NS_COMMANDS);
        st_attr(st_add(q, "feature", NULL), "var", NS_DATA);
    } else {
        xmpp_stanza_release(res);
        return req_why(rq, ERR_ITEM_NOT_FOUND, LANG_ADHOC_NO_NODE);
    }
    router_send(rq->app, res);
    return 0;
}

int adhoc_disco_items(struct req *rq, const char *node)
{
    const struct lang_cat *c = req_cat(rq);
    xmpp_stanza_t *res, *q;

    if (strcmp(node, NS_COMMANDS) != 0)
        return req_why(rq, ERR_ITEM_NOT_FOUND, LANG_ADHOC_NO_NODE);
    res = st_iq_result(rq->st);
    q = st_add(res, "query", NS_DISCO_ITEMS);
    st_attr(q, "node", node);
    if (rq->room) {
        struct room *r = rooms_get(rq->app->rooms, rq->room);
        char *jid;

        if (r == NULL) {
            xmpp_stanza_release(res);
            return req_why(rq, ERR_ITEM_NOT_FOUND, LANG_ADHOC_NO_ROOM);
        }
        jid = xasprintf("%s@%s", r->name, rq->app->cfg->component_jid);
        for (size_t i = 0; i < ARRAY_LEN(room_commands); i++) {
            xmpp_stanza_t *it;

            if (!room_commands[i]->allowed(rq->app, r, rq->from))
                continue;
            it = st_add(q, "item", NULL);
            st_attr(it, "jid", jid);
            st_attr(it, "node", room_commands[i]->node);
            st_attr(it, "name", lang_text(c, room_commands[i]->name));
        }
        free(jid);
        router_send(rq->app, res);
        return 0;
    }
    /* XEP-0050 §2.2: list only what this requester may run. */
    for (size_t i = 0; i < ARRAY_LEN(commands) + ARRAY_LEN(test_commands);
         i++) {
        const struct adhoc_cmd *cmd =
            i < ARRAY_LEN(commands) ? commands[i]
                                    : test_commands[i - ARRAY_LEN(commands)];
        xmpp_stanza_t *it;

        if ((i >= ARRAY_LEN(commands) && !rq->app->test_mode) ||
            !cmd->allowed(rq->app, rq->from))
            continue;
        it = st_add(q, "item", NULL);
        st_attr(it, "jid", rq->app->cfg->component_jid);
        st_attr(it, "node", cmd->node);
        st_attr(it, "name", lang_text(c, cmd->name));
    }
    router_send(rq->app, res);
    return 0;
}

void adhoc_print_commands(void)
{
    /* The names as disco#items gives them in English: from the built-in
     * catalogues (this runs before any config is read). */
    char err[256];
    struct langs *l = lang_load_builtin(err, sizeof(err));
    const struct lang_cat *en;

    if (l == NULL) {
        fprintf(stderr, "ecopper: %s\n", err);
        return;
    }
    en = lang_pick(l, "en", NULL);
    for (size_t i = 0; i < ARRAY_LEN(commands); i++)
        printf("%s\tservice\t%s\n", commands[i]->node,
               lang_text(en, commands[i]->name));
    for (size_t i = 0; i < ARRAY_LEN(room_commands); i++)
        printf("%s\troom\t%s\n", room_commands[i]->node,
               lang_text(en, room_commands[i]->name));
    for (size_t i = 0; i < ARRAY_LEN(test_commands); i++)
        printf("%s\ttest\t%s\n", test_commands[i]->node,
               lang_text(en, test_commands[i]->name));
    lang_free(l);
}
