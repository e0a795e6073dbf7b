/*
 * cmd_staff.c - admin commands for the staff registry: add, edit, remove,
 * list, import, photo. Admins only; each form is checked whole before
 * anything changes, and every change reaches staff already in a room at
 * once (muc_staff_changed).
 */
#include <stdlib.h>
#include <string.h>

#include "adhoc.h"
#include "app.h"
#include "clock.h"
#include "config.h"
#include "err.h"
#include "form.h"
#include "muc.h"
#include "staff.h"
#include "stanza.h"
#include "util.h"

void app_refresh_guard(struct app *app)
{
    staffs_fill_guard(app->staff, app->guard, app->cfg->reserved_words,
                      app->cfg->n_reserved_words);
}

static void staff_fields(xmpp_stanza_t *x, const struct staff *m)
{
    xmpp_stanza_t *f;

    form_add_field(x, "name", "text-single",
                   "Name shown in rooms (e.g. Officer Mikko)",
                   m ? m->name : NULL, 1);
    form_add_field(x, "title", "text-single",
                   "Title shown as the verified badge (e.g. Police officer)",
                   m ? m->title : NULL, 0);
    form_add_field(x, "organisation", "text-single", "Organisation",
                   m ? m->organisation : NULL, 0);
    f = form_add_field(x, "role", "list-single", "Role in rooms",
                       m && m->role == ROLE_MODERATOR ? "moderator"
                                                      : "participant",
                       1);
    form_add_option(f, "Moderator (youth worker who moderates)",
                    "moderator");
    form_add_option(f, "Participant with voice (e.g. police officer)",
                    "participant");
}

/* Reads the submitted staff fields over m (strings point into the form). */
static int read_staff(struct adhoc_step *s, struct staff *m)
{
    const char *role;

    if (s->form == NULL || strcmp(s->form->type, "submit") != 0) {
        s->why = "Submit the form to go on.";
        return ERR_CMD_BAD_PAYLOAD;
    }
    m->name = (char *)(uintptr_t)form_value(s->form, "name");
    m->title = (char *)(uintptr_t)form_value(s->form, "title");
    m->organisation = (char *)(uintptr_t)form_value(s->form, "organisation");
    role = form_value(s->form, "role");
    if (role && strcmp(role, "moderator") == 0)
        m->role = ROLE_MODERATOR;
    else if (role == NULL || strcmp(role, "participant") == 0)
        m->role = ROLE_PARTICIPANT;
    else {
        s->why = "The role is moderator or participant.";
        return ERR_BAD_REQUEST;
    }
    if (m->name == NULL) {
        s->why = "A name is required.";
        return ERR_BAD_REQUEST;
    }
    return 0;
}

static int save(struct adhoc_step *s, struct staff *m, const char *verb)
{
    char *by = jid_bare(s->from);
    const char *why = NULL;
    /* Written before staffs_put: m may point into the entry it replaces. */
    char *note = xasprintf("%s %s (%s).", verb, m->name, m->jid);
    char *jid = xstrdup(m->jid);
    int rc = staffs_put(s->app->staff, m, by, clock_now(), &why);

    free(by);
    if (rc != 0) {
        free(note);
        free(jid);
        s->why = why;
        return rc;
    }
    app_refresh_guard(s->app);
    /* Live: staff already in a room get the change now (muc_staff.c),
     * and nobody keeps a name that now reads like theirs. */
    muc_staff_changed(s->app, jid, 0);
    muc_nick_sweep(s->app);
    free(jid);
    s->note = note;
    s->done = 1;
    return 0;
}

static int add_step(struct adhoc_step *s)
{
    struct staff m = {0};
    int rc;

    if (s->stage == 0 && s->form == NULL) {
        s->out = form_new(s->app->ctx, "form", "Add a member of staff",
                          "Staff enter every room under this name, with a "
                          "verified badge showing the title.");
        form_add_field(s->out, "jid", "jid-single",
                       "Their XMPP address (user@server)", NULL, 1);
        staff_fields(s->out, NULL);
        s->stage = 1;
        return 0;
    }
    if ((rc = read_staff(s, &m)) != 0)
        return rc;
    m.jid = (char *)(uintptr_t)form_value(s->form, "jid");
    if (m.jid == NULL) {
        s->why = "The address is required.";
        return ERR_BAD_REQUEST;
    }
    if (staffs_get(s->app->staff, m.jid)) {
        s->why = "That address is staff already; use staff-edit.";
        return ERR_CONFLICT;
    }
    return save(s, &m, "Added");
}

const struct adhoc_cmd cmd_staff_add = {
    "staff-add", "Add a member of staff", adhoc_is_admin, add_step,
};

/* A list-single of every member of staff, as field var. */
static void pick_field(struct adhoc_step *s, const char *var)
{
    const struct staff **all;
    xmpp_stanza_t *f;
    size_t n;

    f = form_add_field(s->out, var, "list-single", "Member of staff", NULL,
                       1);
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
        s->out = form_new(s->app->ctx, "form", "Edit a member of staff",
                          NULL);
        pick_field(s, "jid");
        s->stage = 1;
        s->more = 1;
        return 0;
    }
    if (s->stage == 1) {
        const char *jid = s->form ? form_value(s->form, "jid") : NULL;

        if (jid == NULL || (cur = staffs_get(s->app->staff, jid)) == NULL) {
            s->why = "Choose a member of staff.";
            return ERR_ITEM_NOT_FOUND;
        }
        s->out = form_new(s->app->ctx, "form", "Edit a member of staff",
                          NULL);
        form_add_field(s->out, "jid", "jid-single", "Address", cur->jid, 1);
        staff_fields(s->out, cur);
        s->stage = 2;
        return 0;
    }
    cur = staffs_get(s->app->staff, form_value(s->form, "jid"));
    if (cur == NULL) {
        s->why = "That member of staff is gone.";
        return ERR_ITEM_NOT_FOUND;
    }
    m = *cur; /* keeps the photo */
    if ((rc = read_staff(s, &m)) != 0)
        return rc;
    m.jid = cur->jid;
    return save(s, &m, "Updated");
}

const struct adhoc_cmd cmd_staff_edit = {
    "staff-edit", "Edit a member of staff", adhoc_is_admin, edit_step,
};

static int remove_step(struct adhoc_step *s)
{
    const char *jid;
    int rc;

    if (s->stage == 0 && s->form == NULL) {
        s->out = form_new(s->app->ctx, "form", "Remove a member of staff",
                          "They keep their account, but lose their name "
                          "and badge in rooms.");
        pick_field(s, "jid");
        s->stage = 1;
        return 0;
    }
    if (s->form == NULL || (jid = form_value(s->form, "jid")) == NULL) {
        s->why = "Choose a member of staff.";
        return ERR_BAD_REQUEST;
    }
    if ((rc = staffs_del(s->app->staff, jid)) == ERR_ITEM_NOT_FOUND)
        s->why = "There is no member of staff with that address.";
    if (rc != 0)
        return rc;
    app_refresh_guard(s->app);
    muc_staff_changed(s->app, jid, 0);
    s->note = xasprintf("Removed %s from the staff.", jid);
    s->done = 1;
    return 0;
}

const struct adhoc_cmd cmd_staff_remove = {
    "staff-remove", "Remove a member of staff", adhoc_is_admin, remove_step,
};

static int list_step(struct adhoc_step *s)
{
    const struct staff **all;
    xmpp_stanza_t *rep;
    size_t n;

    all = staffs_sorted(s->app->staff, &n);
    s->out = form_new(s->app->ctx, "result", "Staff", NULL);
    rep = st_add(s->out, "reported", NULL);
    form_add_field(rep, "jid", "jid-single", "Address", NULL, 0);
    form_add_field(rep, "name", "text-single", "Name", NULL, 0);
    form_add_field(rep, "title", "text-single", "Title", NULL, 0);
    form_add_field(rep, "organisation", "text-single", "Organisation", NULL,
                   0);
    form_add_field(rep, "role", "text-single", "Role", NULL, 0);
    for (size_t i = 0; i < n; i++) {
        xmpp_stanza_t *item = st_add(s->out, "item", NULL);

        form_add_field(item, "jid", NULL, NULL, all[i]->jid, 0);
        form_add_field(item, "name", NULL, NULL, all[i]->name, 0);
        form_add_field(item, "title", NULL, NULL, all[i]->title, 0);
        form_add_field(item, "organisation", NULL, NULL,
                       all[i]->organisation, 0);
        form_add_field(item, "role", NULL, NULL, role_name(all[i]->role), 0);
    }
    s->note = n == 0 ? xstrdup("There is no staff yet.")
                     : xasprintf("%zu member%s of staff.", n,
                                 n == 1 ? "" : "s");
    free(all);
    s->done = 1;
    return 0;
}

const struct adhoc_cmd cmd_staff_list = {
    "staff-list", "List the staff", adhoc_is_admin, list_step,
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
    const char *why = NULL;
    int rc;

    if (cur == NULL) {
        free(photo);
        s->why = "That member of staff is gone.";
        return ERR_ITEM_NOT_FOUND;
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
        s->why = why;
        return rc;
    }
    /* XEP-0153: the new hash in their presence, so clients fetch it. */
    muc_staff_changed(s->app, jid, 1);
    s->note = len && photo
                  ? xasprintf("The photo of %s is set (%s, %zu bytes).", who,
                              type, len)
                  : xasprintf("The photo of %s is removed.", who);
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
    char *b64, why[256];
    size_t len;
    int rc;

    s->note = NULL;
    if (s->answer == NULL) {
        s->note = xasprintf("No answer from the server of %s within %d "
                            "seconds; try again later.", jid,
                            ADHOC_ASK_MS / 1000);
        s->why = s->note;
        return ERR_SERVICE_UNAVAILABLE_WAIT;
    }
    v = xmpp_stanza_get_child_by_name_and_ns(s->answer, "vCard", NS_VCARD);
    if (xmpp_stanza_get_type(s->answer) &&
        strcmp(xmpp_stanza_get_type(s->answer), "error") == 0) {
        const char *cond = error_condition(s->answer);

        if (strcmp(cond, "item-not-found") == 0) {
            s->note = xasprintf("%s has no vCard at their server. Ask them "
                                "to set a picture in their client's "
                                "profile first.", jid);
            s->why = s->note;
            return ERR_ITEM_NOT_FOUND;
        }
        s->note = xasprintf("The server of %s did not give their vCard "
                            "(%s).", jid, cond);
        s->why = s->note;
        return ERR_SERVICE_UNAVAILABLE_WAIT;
    }
    ph = v ? xmpp_stanza_get_child_by_name(v, "PHOTO") : NULL;
    bin = ph ? xmpp_stanza_get_child_by_name(ph, "BINVAL") : NULL;
    if (bin == NULL) {
        s->note = xasprintf("The vCard of %s has no picture. Ask them to "
                            "set one in their client's profile (in Gajim: "
                            "Accounts, Profile), then try again.", jid);
        s->why = s->note;
        return ERR_ITEM_NOT_FOUND;
    }
    b64 = st_text(bin);
    rc = staff_photo_decode(b64, &photo, &len, &type, why, sizeof(why));
    free(b64);
    if (rc != 0) {
        s->note = xasprintf("The picture in the vCard of %s: %s", jid, why);
        s->why = s->note;
        return rc;
    }
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
        s->out = form_new(s->app->ctx, "form", "Photo of a member of staff",
                          "The photo is shown on their card in the rooms. "
                          "Take it from the picture they set in their own "
                          "client's profile (their vCard), or paste a PNG "
                          "or JPEG as base64 below. At most 64 KiB.");
        pick_field(s, "jid");
        f = form_add_field(s->out, "action", "list-single", "What to do",
                           "vcard", 1);
        form_add_option(f, "Take the picture from their own vCard",
                        "vcard");
        form_add_option(f, "Use the base64 pasted below", "paste");
        form_add_option(f, "Remove the photo", "remove");
        form_add_field(s->out, "photo", "text-multi",
                       "Picture as base64 (only to paste one)", NULL, 0);
        s->stage = 1;
        return 0;
    }
    if (s->form == NULL || strcmp(s->form->type, "submit") != 0) {
        s->why = "Submit the form to go on.";
        return ERR_CMD_BAD_PAYLOAD;
    }
    jid = form_value(s->form, "jid");
    action = form_value(s->form, "action");
    if (jid == NULL || staffs_get(s->app->staff, jid) == NULL) {
        s->why = "Choose a member of staff.";
        return ERR_ITEM_NOT_FOUND;
    }
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
        const char *type;
        char why[256];
        size_t len;
        int rc;

        ff = form_field(s->form, "photo");
        sb_init(&b);
        for (size_t i = 0; ff && i < ff->nvalues; i++)
            sb_add(&b, ff->values[i]);
        rc = staff_photo_decode(b.s, &photo, &len, &type, why, sizeof(why));
        sb_free(&b);
        if (rc != 0) {
            s->note = xstrdup(why);
            s->why = s->note;
            return rc;
        }
        return set_photo(s, jid, photo, len, type);
    }
    s->why = "The action is vcard, paste or remove.";
    return ERR_BAD_REQUEST;
}

const struct adhoc_cmd cmd_staff_photo = {
    "staff-photo", "Set or remove a staff photo", adhoc_is_admin, photo_step,
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
    char why[512], *by;
    size_t line = 0, added = 0;
    int rc;

    if (s->stage == 0 && s->form == NULL) {
        s->out = form_new(s->app->ctx, "form", "Import staff",
                          "One member of staff per line: address; name; "
                          "title; organisation; role (moderator or "
                          "participant). Existing entries are updated. "
                          "Nothing is changed unless every line is valid.");
        form_add_field(s->out, "staff", "text-multi", "Staff", NULL, 1);
        s->stage = 1;
        return 0;
    }
    if (s->form == NULL || strcmp(s->form->type, "submit") != 0 ||
        (ff = form_field(s->form, "staff")) == NULL) {
        s->why = "Submit the form with the staff lines.";
        return ERR_CMD_BAD_PAYLOAD;
    }
    rc = staffs_parse_import((const char *const *)ff->values, ff->nvalues,
                             &im, &line, why, sizeof(why));
    if (rc == 0) {
        by = jid_bare(s->from);
        rc = staffs_import(s->app->staff, &im, by, clock_now(), &line, why,
                           sizeof(why), &added);
        free(by);
    }
    if (rc != 0) {
        staff_import_free(&im);
        s->note = line ? xasprintf("Line %zu: %s", line, why)
                       : xstrdup(why);
        s->why = s->note;
        return rc;
    }
    app_refresh_guard(s->app);
    for (size_t i = 0; i < im.n; i++)
        muc_staff_changed(s->app, im.rows[i].jid, 0);
    muc_nick_sweep(s->app);
    s->note = xasprintf("Imported %zu member%s of staff (%zu new, %zu "
                        "updated).", im.n, im.n == 1 ? "" : "s", added,
                        im.n - added);
    staff_import_free(&im);
    s->done = 1;
    return 0;
}

const struct adhoc_cmd cmd_staff_import = {
    "staff-import", "Import staff", adhoc_is_admin, import_step,
};
