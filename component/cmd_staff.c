/*
 * cmd_staff.c - admin commands for the staff registry: add, edit, remove,
 * list, import, photo. Admins only; each form is checked whole before
 * anything changes, and every change reaches staff already in a room at
 * once (muc_staff_changed). Texts are the adhoc_* keys of the catalogues,
 * in the admin's language (adhoc.h); what staff.c says is wrong with an
 * entry, a line or a picture is still English.
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
#include "lang.h"
#include "muc.h"
#include "nick.h"
#include "staff.h"
#include "stanza.h"
#include "util.h"

void app_refresh_guard(struct app *app)
{
    staffs_fill_guard(app->staff, app->guard, app->cfg->reserved_words,
                      app->cfg->n_reserved_words);
    /* The moderation desk's name in every language is guarded as a staff
     * name: a youth called "moderation" or "Moderatiοn" could otherwise
     * pass for it in a private chat with staff (muc_queue.c). */
    for (size_t i = 0; app->lang && i < lang_count(app->lang); i++)
        nickguard_add_staff(app->guard,
                            lang_text(lang_cat_at(app->lang, i),
                                      LANG_MOD_NICK));
}

static void staff_fields(struct adhoc_step *s, const struct staff *m)
{
    xmpp_stanza_t *x = s->out, *f;

    form_add_field(x, "name", "text-single",
                   adhoc_text(s, LANG_ADHOC_STAFF_NAME), m ? m->name : NULL, 1);
    form_add_field(x, "title", "text-single",
                   adhoc_text(s, LANG_ADHOC_STAFF_TITLE), m ? m->title : NULL,
                   0);
    form_add_field(x, "organisation", "text-single",
                   adhoc_text(s, LANG_ADHOC_STAFF_ORG),
                   m ? m->organisation : NULL, 0);
    f = form_add_field(
        x, "role", "list-single", adhoc_text(s, LANG_ADHOC_STAFF_ROLE),
        m && m->role == ROLE_MODERATOR ? "moderator" : "participant", 1);
    form_add_option(f, adhoc_text(s, LANG_ADHOC_STAFF_ROLE_MODERATOR),
                    "moderator");
    form_add_option(f, adhoc_text(s, LANG_ADHOC_STAFF_ROLE_PARTICIPANT),
                    "participant");
}

/* Field var, when the form has it, into *out (NULL when it is empty):
 * a field left out keeps what *out holds. */
static void read_text(const struct form *f, const char *var, char **out)
{
    if (form_field(f, var) != NULL)
        *out = (char *)(uintptr_t)form_value(f, var);
}

/*
 * Reads the submitted staff fields over m (strings point into the form):
 * m holds the member's entry (staff-edit, whose form shows it) or
 * nothing (staff-add). A field the form leaves out keeps m's value (a
 * client may leave out what was not changed, XEP-0004 §3.3); a box
 * emptied of what the form showed clears it, as the admin saw.
 */
static int read_staff(struct adhoc_step *s, struct staff *m)
{
    const char *role;

    if (s->form == NULL || strcmp(s->form->type, "submit") != 0)
        return adhoc_why(s, ERR_CMD_BAD_PAYLOAD, LANG_ADHOC_SUBMIT, NULL, 0);
    read_text(s->form, "name", &m->name);
    read_text(s->form, "title", &m->title);
    read_text(s->form, "organisation", &m->organisation);
    /* None chosen (or the field left out): the role as it was. */
    role = form_value(s->form, "role");
    if (role && strcmp(role, "moderator") == 0)
        m->role = ROLE_MODERATOR;
    else if (role && strcmp(role, "participant") == 0)
        m->role = ROLE_PARTICIPANT;
    else if (role != NULL)
        return adhoc_why(s, ERR_BAD_REQUEST, LANG_ADHOC_STAFF_BAD_ROLE, NULL,
                         0);
    if (m->name == NULL)
        return adhoc_why(s, ERR_BAD_REQUEST, LANG_ADHOC_STAFF_NEED_NAME, NULL,
                         0);
    return 0;
}

/* done: LANG_ADHOC_STAFF_ADDED or _UPDATED, the note. */
static int save(struct adhoc_step *s, struct staff *m, enum lang_key done)
{
    char *by = jid_bare(s->from);
    struct lang_reason why;
    /* Written before staffs_put: m may point into the entry it replaces. */
    const char *note = adhoc_format(s, done, ADHOC_ARGS(m->name, m->jid));
    char *jid = xstrdup(m->jid);
    int rc = staffs_put(s->app->staff, m, by, clock_now(), &why);

    free(by);
    if (rc != 0) {
        free(jid);
        return adhoc_why_reason(s, rc, &why);
    }
    app_refresh_guard(s->app);
    /* Live: staff already in a room get the change now (muc_staff.c),
     * and nobody keeps a name that now reads like theirs. */
    muc_staff_changed(s->app, jid, 0);
    muc_nick_sweep(s->app);
    free(jid);
    s->note = xstrdup(note);
    s->done = 1;
    return 0;
}

static int add_step(struct adhoc_step *s)
{
    struct staff m = {.role = ROLE_PARTICIPANT};
    int rc;

    if (s->stage == 0 && s->form == NULL) {
        s->out = form_new(s->app->ctx, "form",
                          adhoc_text(s, LANG_ADHOC_CMD_STAFF_ADD),
                          adhoc_text(s, LANG_ADHOC_STAFF_ADD_INS));
        form_add_field(s->out, "jid", "jid-single",
                       adhoc_text(s, LANG_ADHOC_STAFF_JID), NULL, 1);
        staff_fields(s, NULL);
        s->stage = 1;
        return 0;
    }
    if ((rc = read_staff(s, &m)) != 0)
        return rc;
    m.jid = (char *)(uintptr_t)form_value(s->form, "jid");
    if (m.jid == NULL)
        return adhoc_why(s, ERR_BAD_REQUEST, LANG_ADHOC_STAFF_NEED_JID, NULL,
                         0);
    if (staffs_get(s->app->staff, m.jid))
        return adhoc_why(s, ERR_CONFLICT, LANG_ADHOC_STAFF_EXISTS, NULL, 0);
    return save(s, &m, LANG_ADHOC_STAFF_ADDED);
}

const struct adhoc_cmd cmd_staff_add = {
    "staff-add", LANG_ADHOC_CMD_STAFF_ADD, adhoc_is_admin, add_step,
};

/* A list-single of every member of staff, as field var. */
static void pick_field(struct adhoc_step *s, const char *var)
{
    const struct staff **all;
    xmpp_stanza_t *f;
    size_t n;

    f = form_add_field(s->out, var, "list-single",
                       adhoc_text(s, LANG_ADHOC_STAFF_MEMBER), NULL, 1);
    all = staffs_sorted(s->app->staff, &n);
    for (size_t i = 0; i < n; i++) {
        char *label = xasprintf("%s (%s)", all[i]->name, all[i]->jid);

        form_add_option(f, label, all[i]->jid);
        free(label);
    }
    free(all);
}

static int edit_step(struct adhoc_step *s)
{
    const struct staff *cur;
    struct staff m;
    int rc;

    if (s->stage == 0 && s->form == NULL) {
        s->out = form_new(s->app->ctx, "form",
                          adhoc_text(s, LANG_ADHOC_CMD_STAFF_EDIT), NULL);
        pick_field(s, "jid");
        s->stage = 1;
        s->more = 1;
        return 0;
    }
    if (s->stage == 1) {
        const char *jid = s->form ? form_value(s->form, "jid") : NULL;

        /* None chosen: the list again (a refusal, adhoc.c); one that is
         * no member (removed meanwhile): the command ends. */
        if (jid == NULL)
            return adhoc_why(s, ERR_BAD_REQUEST, LANG_ADHOC_STAFF_CHOOSE,
                             NULL, 0);
        if ((cur = staffs_get(s->app->staff, jid)) == NULL)
            return adhoc_why(s, ERR_ITEM_NOT_FOUND, LANG_ADHOC_STAFF_CHOOSE,
                             NULL, 0);
        s->out = form_new(s->app->ctx, "form",
                          adhoc_text(s, LANG_ADHOC_CMD_STAFF_EDIT), NULL);
        form_add_field(s->out, "jid", "jid-single",
                       adhoc_text(s, LANG_ADHOC_STAFF_ADDRESS), cur->jid, 1);
        staff_fields(s, cur);
        /* The member chosen here is the one edited, whatever the next
         * form says in its jid box (a client may leave it out, and an
         * edited one would edit someone else). */
        if (s->free_data)
            s->free_data(s->data);
        s->data = xstrdup(cur->jid);
        s->free_data = free;
        s->stage = 2;
        return 0;
    }
    cur = s->data ? staffs_get(s->app->staff, s->data) : NULL;
    if (cur == NULL)
        return adhoc_why(s, ERR_ITEM_NOT_FOUND, LANG_ADHOC_STAFF_GONE, NULL, 0);
    m = *cur; /* keeps the photo */
    if ((rc = read_staff(s, &m)) != 0)
        return rc;
    m.jid = cur->jid;
    return save(s, &m, LANG_ADHOC_STAFF_UPDATED);
}

const struct adhoc_cmd cmd_staff_edit = {
    "staff-edit", LANG_ADHOC_CMD_STAFF_EDIT, adhoc_is_admin, edit_step,
};

static int remove_step(struct adhoc_step *s)
{
    const char *jid;
    int rc;

    if (s->stage == 0 && s->form == NULL) {
        s->out = form_new(s->app->ctx, "form",
                          adhoc_text(s, LANG_ADHOC_CMD_STAFF_REMOVE),
                          adhoc_text(s, LANG_ADHOC_STAFF_REMOVE_INS));
        pick_field(s, "jid");
        s->stage = 1;
        return 0;
    }
    if (s->form == NULL || (jid = form_value(s->form, "jid")) == NULL)
        return adhoc_why(s, ERR_BAD_REQUEST, LANG_ADHOC_STAFF_CHOOSE, NULL, 0);
    if ((rc = staffs_del(s->app->staff, jid)) == ERR_ITEM_NOT_FOUND)
        return adhoc_why(s, rc, LANG_ADHOC_STAFF_NO_SUCH, NULL, 0);
    if (rc != 0)
        return rc;
    app_refresh_guard(s->app);
    muc_staff_changed(s->app, jid, 0);
    adhoc_note(s, LANG_ADHOC_STAFF_REMOVED, ADHOC_ARGS(jid));
    s->done = 1;
    return 0;
}

const struct adhoc_cmd cmd_staff_remove = {
    "staff-remove", LANG_ADHOC_CMD_STAFF_REMOVE, adhoc_is_admin, remove_step,
};

static int list_step(struct adhoc_step *s)
{
    const struct staff **all;
    xmpp_stanza_t *rep;
    size_t n;

    all = staffs_sorted(s->app->staff, &n);
    s->out =
        form_new(s->app->ctx, "result", adhoc_text(s, LANG_ADHOC_STAFF), NULL);
    rep = st_add(s->out, "reported", NULL);
    form_add_field(rep, "jid", "jid-single",
                   adhoc_text(s, LANG_ADHOC_STAFF_ADDRESS), NULL, 0);
    form_add_field(rep, "name", "text-single",
                   adhoc_text(s, LANG_ADHOC_STAFF_NAME_COL), NULL, 0);
    form_add_field(rep, "title", "text-single",
                   adhoc_text(s, LANG_ADHOC_STAFF_TITLE_COL), NULL, 0);
    form_add_field(rep, "organisation", "text-single",
                   adhoc_text(s, LANG_ADHOC_STAFF_ORG), NULL, 0);
    form_add_field(rep, "role", "text-single",
                   adhoc_text(s, LANG_ADHOC_STAFF_ROLE_COL), NULL, 0);
    for (size_t i = 0; i < n; i++) {
        xmpp_stanza_t *item = st_add(s->out, "item", NULL);

        form_add_field(item, "jid", NULL, NULL, all[i]->jid, 0);
        form_add_field(item, "name", NULL, NULL, all[i]->name, 0);
        form_add_field(item, "title", NULL, NULL, all[i]->title, 0);
        form_add_field(item, "organisation", NULL, NULL,
                       all[i]->organisation, 0);
        form_add_field(item, "role", NULL, NULL, role_name(all[i]->role), 0);
    }
    /* The role column holds the words staff-import takes (moderator,
     * participant), in every language. */
    if (n == 0) {
        adhoc_note(s, LANG_ADHOC_STAFF_NONE, NULL, 0);
    } else if (n == 1) {
        adhoc_note(s, LANG_ADHOC_STAFF_COUNT_ONE, NULL, 0);
    } else {
        char num[24];

        snprintf(num, sizeof(num), "%zu", n);
        adhoc_note(s, LANG_ADHOC_STAFF_COUNT, ADHOC_ARGS(num));
    }
    free(all);
    s->done = 1;
    return 0;
}

const struct adhoc_cmd cmd_staff_list = {
    "staff-list", LANG_ADHOC_CMD_STAFF_LIST, adhoc_is_admin, list_step,
};

/* --- photo ---------------------------------------------------------------- */

/*
 * staff-photo: sets or removes a member's photo. Gajim cannot upload a
 * file in a form, so the photo comes from the member's own vCard
 * (XEP-0054, which every client can set), or as base64 pasted into the
 * form. Taking it from the vCard needs an answer from the member's
 * server: the step asks (adhoc.h, step->ask) and the framework holds the
 * reply to the admin's IQ until the answer comes or ADHOC_ASK_MS pass,
 * then runs the step again (stage 2). So the admin's client simply sees
 * the command complete a moment later, or fail with the reason.
 */

#define NS_VCARD "vcard-temp"

/* Stores photo (NULL: none) for jid and shows the change in the rooms. */
static int set_photo(struct adhoc_step *s, const char *jid,
                     unsigned char *photo, size_t len, const char *type)
{
    const struct staff *cur = staffs_get(s->app->staff, jid);
    struct staff m;
    char *by, *who;
    struct lang_reason why;
    int rc;

    if (cur == NULL) {
        free(photo);
        return adhoc_why(s, ERR_ITEM_NOT_FOUND, LANG_ADHOC_STAFF_GONE, NULL, 0);
    }
    m = *cur;
    m.photo = photo;
    m.photo_len = photo ? len : 0;
    m.photo_type = (char *)(uintptr_t)(photo ? type : "");
    who = xasprintf("%s (%s)", cur->name, cur->jid);
    by = jid_bare(s->from);
    rc = staffs_put(s->app->staff, &m, by, clock_now(), &why);
    free(by);
    free(photo);
    if (rc != 0) {
        free(who);
        return adhoc_why_reason(s, rc, &why);
    }
    /* XEP-0153: the new hash in their presence, so clients fetch it. */
    muc_staff_changed(s->app, jid, 1);
    if (len && photo) {
        char bytes[24];

        snprintf(bytes, sizeof(bytes), "%zu", len);
        adhoc_note(s, LANG_ADHOC_PHOTO_SET, ADHOC_ARGS(who, type, bytes));
    } else {
        adhoc_note(s, LANG_ADHOC_PHOTO_REMOVED, ADHOC_ARGS(who));
    }
    free(who);
    s->done = 1;
    return 0;
}

/* The RFC 6120 condition of an error stanza, or "unknown error". */
static const char *error_condition(xmpp_stanza_t *st)
{
    xmpp_stanza_t *e = xmpp_stanza_get_child_by_name(st, "error"), *c;

    for (c = e ? xmpp_stanza_get_children(e) : NULL; c;
         c = xmpp_stanza_get_next(c)) {
        const char *ns = xmpp_stanza_get_ns(c);

        /* Bounded: it goes into the text the admin reads. */
        if (xmpp_stanza_is_tag(c) && ns &&
            strcmp(ns, "urn:ietf:params:xml:ns:xmpp-stanzas") == 0 &&
            strlen(xmpp_stanza_get_name(c)) <= 40)
            return xmpp_stanza_get_name(c);
    }
    return "unknown error";
}

/* The answer to our vCard get: the PHOTO of the member's own vCard. */
static int photo_answered(struct adhoc_step *s)
{
    const char *jid = s->data;
    xmpp_stanza_t *v, *ph, *bin;
    unsigned char *photo;
    const char *type;
    struct lang_reason why;
    char *b64;
    size_t len;
    int rc;

    if (s->answer == NULL) {
        char secs[16];

        snprintf(secs, sizeof(secs), "%d", ADHOC_ASK_MS / 1000);
        return adhoc_why(s, ERR_SERVICE_UNAVAILABLE_WAIT,
                         LANG_ADHOC_PHOTO_TIMEOUT, ADHOC_ARGS(jid, secs));
    }
    v = xmpp_stanza_get_child_by_name_and_ns(s->answer, "vCard", NS_VCARD);
    if (xmpp_stanza_get_type(s->answer) &&
        strcmp(xmpp_stanza_get_type(s->answer), "error") == 0) {
        const char *cond = error_condition(s->answer);

        if (strcmp(cond, "item-not-found") == 0)
            return adhoc_why(s, ERR_ITEM_NOT_FOUND, LANG_ADHOC_PHOTO_NO_VCARD,
                             ADHOC_ARGS(jid));
        return adhoc_why(s, ERR_SERVICE_UNAVAILABLE_WAIT,
                         LANG_ADHOC_PHOTO_VCARD_ERROR, ADHOC_ARGS(jid, cond));
    }
    ph = v ? xmpp_stanza_get_child_by_name(v, "PHOTO") : NULL;
    bin = ph ? xmpp_stanza_get_child_by_name(ph, "BINVAL") : NULL;
    if (bin == NULL)
        return adhoc_why(s, ERR_ITEM_NOT_FOUND, LANG_ADHOC_PHOTO_NO_PICTURE,
                         ADHOC_ARGS(jid));
    b64 = st_text(bin);
    rc = staff_photo_decode(b64, &photo, &len, &type, &why);
    free(b64);
    if (rc != 0)
        return adhoc_why(s, rc, LANG_ADHOC_PHOTO_BAD_PICTURE,
                         ADHOC_ARGS(jid, adhoc_reason(s, &why)));
    return set_photo(s, jid, photo, len, type);
}

static int photo_step(struct adhoc_step *s)
{
    const char *jid, *action;
    const struct form_field *ff;
    xmpp_stanza_t *f;

    if (s->answered)
        return photo_answered(s);
    if (s->stage == 0 && s->form == NULL) {
        s->out =
            form_new(s->app->ctx, "form", adhoc_text(s, LANG_ADHOC_PHOTO_TITLE),
                     adhoc_text(s, LANG_ADHOC_PHOTO_INS));
        pick_field(s, "jid");
        f = form_add_field(s->out, "action", "list-single",
                           adhoc_text(s, LANG_ADHOC_PHOTO_ACTION), "vcard", 1);
        form_add_option(f, adhoc_text(s, LANG_ADHOC_PHOTO_VCARD), "vcard");
        form_add_option(f, adhoc_text(s, LANG_ADHOC_PHOTO_PASTE), "paste");
        form_add_option(f, adhoc_text(s, LANG_ADHOC_PHOTO_REMOVE), "remove");
        form_add_field(s->out, "photo", "text-multi",
                       adhoc_text(s, LANG_ADHOC_PHOTO_FIELD), NULL, 0);
        s->stage = 1;
        return 0;
    }
    if (s->form == NULL || strcmp(s->form->type, "submit") != 0)
        return adhoc_why(s, ERR_CMD_BAD_PAYLOAD, LANG_ADHOC_SUBMIT, NULL, 0);
    jid = form_value(s->form, "jid");
    action = form_value(s->form, "action");
    /* None chosen: the form again (adhoc.c); no such member: an end. */
    if (jid == NULL)
        return adhoc_why(s, ERR_BAD_REQUEST, LANG_ADHOC_STAFF_CHOOSE, NULL,
                         0);
    if (staffs_get(s->app->staff, jid) == NULL)
        return adhoc_why(s, ERR_ITEM_NOT_FOUND, LANG_ADHOC_STAFF_CHOOSE, NULL,
                         0);
    if (action == NULL || strcmp(action, "vcard") == 0) {
        /* XEP-0054 §3.3: a vCard get to the user's bare JID, answered by
         * their server. */
        xmpp_stanza_t *iq = xmpp_iq_new(s->app->ctx, "get", NULL);

        xmpp_stanza_set_to(iq, staffs_get(s->app->staff, jid)->jid);
        st_add(iq, "vCard", NS_VCARD);
        if (s->free_data)
            s->free_data(s->data);
        s->data = xstrdup(staffs_get(s->app->staff, jid)->jid);
        s->free_data = free;
        s->ask = iq;
        s->stage = 2;
        return 0;
    }
    if (strcmp(action, "remove") == 0)
        return set_photo(s, jid, NULL, 0, NULL);
    if (strcmp(action, "paste") == 0) {
        struct sbuf b;
        unsigned char *photo;
        struct lang_reason why;
        const char *type;
        size_t len;
        int rc;

        ff = form_field(s->form, "photo");
        sb_init(&b);
        for (size_t i = 0; ff && i < ff->nvalues; i++)
            sb_add(&b, ff->values[i]);
        rc = staff_photo_decode(b.s, &photo, &len, &type, &why);
        sb_free(&b);
        if (rc != 0)
            return adhoc_why_reason(s, rc, &why);
        return set_photo(s, jid, photo, len, type);
    }
    return adhoc_why(s, ERR_BAD_REQUEST, LANG_ADHOC_PHOTO_BAD_ACTION, NULL, 0);
}

const struct adhoc_cmd cmd_staff_photo = {
    "staff-photo", LANG_ADHOC_CMD_STAFF_PHOTO, adhoc_is_admin, photo_step,
};

/* --- import -------------------------------------------------------------- */

/*
 * The lines are parsed and stored by staff.c (staffs_parse_import,
 * staffs_import), the same code as `ecopper --import-staff FILE`.
 */
static int import_step(struct adhoc_step *s)
{
    const struct form_field *ff;
    struct staff_import im;
    struct lang_reason why;
    char *by;
    size_t line = 0, added = 0;
    int rc;

    if (s->stage == 0 && s->form == NULL) {
        s->out = form_new(s->app->ctx, "form",
                          adhoc_text(s, LANG_ADHOC_CMD_STAFF_IMPORT),
                          adhoc_text(s, LANG_ADHOC_IMPORT_INS));
        form_add_field(s->out, "staff", "text-multi",
                       adhoc_text(s, LANG_ADHOC_STAFF), NULL, 1);
        s->stage = 1;
        return 0;
    }
    if (s->form == NULL || strcmp(s->form->type, "submit") != 0 ||
        (ff = form_field(s->form, "staff")) == NULL)
        return adhoc_why(s, ERR_CMD_BAD_PAYLOAD, LANG_ADHOC_IMPORT_SUBMIT, NULL,
                         0);
    rc = staffs_parse_import((const char *const *)ff->values, ff->nvalues,
                             &im, &line, &why);
    if (rc == 0) {
        by = jid_bare(s->from);
        rc = staffs_import(s->app->staff, &im, by, clock_now(), &line, &why,
                           &added);
        free(by);
    }
    if (rc != 0) {
        char num[24];

        staff_import_free(&im);
        if (line == 0)
            return adhoc_why_reason(s, rc, &why);
        snprintf(num, sizeof(num), "%zu", line);
        return adhoc_why(s, rc, LANG_ADHOC_IMPORT_LINE,
                         ADHOC_ARGS(num, adhoc_reason(s, &why)));
    }
    app_refresh_guard(s->app);
    for (size_t i = 0; i < im.n; i++)
        muc_staff_changed(s->app, im.rows[i].jid, 0);
    muc_nick_sweep(s->app);
    {
        char all[24], fresh[24], updated[24];

        snprintf(all, sizeof(all), "%zu", im.n);
        snprintf(fresh, sizeof(fresh), "%zu", added);
        snprintf(updated, sizeof(updated), "%zu", im.n - added);
        if (im.n == 1)
            adhoc_note(s, LANG_ADHOC_IMPORT_DONE_ONE,
                       ADHOC_ARGS(fresh, updated));
        else
            adhoc_note(s, LANG_ADHOC_IMPORT_DONE,
                       ADHOC_ARGS(all, fresh, updated));
    }
    staff_import_free(&im);
    s->done = 1;
    return 0;
}

const struct adhoc_cmd cmd_staff_import = {
    "staff-import", LANG_ADHOC_CMD_STAFF_IMPORT, adhoc_is_admin, import_step,
};
