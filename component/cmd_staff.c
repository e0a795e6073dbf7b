/*
 * cmd_staff.c - admin commands for the staff registry: add, edit, remove,
 * list. Admins only; each form is checked whole before anything changes.
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
    /* Live: staff already in a room get the change now (muc_staff.c). */
    muc_staff_changed(s->app, jid, 0);
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
