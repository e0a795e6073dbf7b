/*
 * muc_owner.c - the room owner's configuration form (XEP-0045 §10.2).
 *
 * Owners fetch the muc#roomconfig form, submit it (fields left out keep
 * their values), or cancel. Every field is checked before anything
 * changes; the store commits before memory changes; then occupants get
 * status 104 (and 172-174 when anonymity changed), so clients such as
 * Converse.js reread the room's settings.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "config.h"
#include "err.h"
#include "form.h"
#include "hmap.h"
#include "link.h"
#include "log.h"
#include "muc.h"
#include "muc_int.h"
#include "opening.h"
#include "room.h"
#include "router.h"
#include "stanza.h"
#include "store.h"
#include "util.h"

#define NS_MUC_OWNER "http://jabber.org/protocol/muc#owner"
#define NS_ROOMCONFIG "http://jabber.org/protocol/muc#roomconfig"
#define F(x) "muc#roomconfig_" x

static int is_owner(struct app *app, const struct room *r, const char *from)
{
    char *bare = jid_bare(from);
    int yes = muc_affiliation_of(app, r, bare) == AFF_OWNER;

    free(bare);
    return yes;
}

static xmpp_stanza_t *bool_field(xmpp_stanza_t *x, const char *var,
                                 const char *label, int v)
{
    return form_add_field(x, var, "boolean", label, v ? "1" : "0", 0);
}

/* The muc#roomconfig form of r, its title, instructions and labels in
 * catalogue c; the vars and option values are XEP-0045's, the same in
 * every language. */
static xmpp_stanza_t *config_form(struct app *app, const struct room *r,
                                  const struct lang_cat *c)
{
    xmpp_stanza_t *x, *f;
    char num[32];
    static const char *const sizes[] = {"10", "20", "50", "100", "200",
                                        "500", "1000", "2000", "5000",
                                        "10000"};
    char title[256], label[1024];
/* Each label is copied into the form before the next is made. */
#define T(k) muc_text(c, LANG_##k, label, sizeof(label))

    x = form_new(app->ctx, "form",
                 muc_text(c, LANG_CFG_TITLE, title, sizeof(title)),
                 T(CFG_INSTRUCTIONS));
    form_add_type(x, NS_ROOMCONFIG);
    form_add_field(x, F("roomname"), "text-single", T(CFG_ROOMNAME),
                   r->cfg.title, 0);
    form_add_field(x, F("roomdesc"), "text-single", T(CFG_ROOMDESC),
                   r->cfg.description, 0);
    bool_field(x, F("persistentroom"), T(CFG_PERSISTENT), r->persistent);
    bool_field(x, F("publicroom"), T(CFG_PUBLIC), r->cfg.public);
    bool_field(x, F("moderatedroom"), T(CFG_MODERATED), r->cfg.moderated);
    bool_field(x, F("membersonly"), T(CFG_MEMBERS_ONLY),
               r->cfg.members_only);
    bool_field(x, F("passwordprotectedroom"), T(CFG_PASSWORD_PROTECTED),
               r->cfg.password[0] != '\0');
    form_add_field(x, F("roomsecret"), "text-private", T(CFG_PASSWORD),
                   r->cfg.password, 0);
    bool_field(x, F("changesubject"), T(CFG_CHANGE_SUBJECT),
               r->cfg.change_subject);
    bool_field(x, "x-ecopper#queue", T(CFG_QUEUE), r->cfg.queue);
    snprintf(num, sizeof(num), "%ld", r->cfg.max_users);
    f = form_add_field(x, F("maxusers"), "list-single", T(CFG_MAX_USERS),
                       num, 0);
    for (size_t i = 0; i < ARRAY_LEN(sizes); i++)
        form_add_option(f, sizes[i], sizes[i]);
    f = form_add_field(x, F("whois"), "list-single", T(CFG_WHOIS),
                       whois_name(r->cfg.whois), 0);
    form_add_option(f, T(CFG_WHOIS_NONE), "none");
    form_add_option(f, T(CFG_MODERATORS), "moderators");
    form_add_option(f, T(CFG_ANYONE), "anyone");
    f = form_add_field(x, F("presencebroadcast"), "list-multi",
                       T(CFG_BROADCAST), NULL, 0);
    for (int ro = ROLE_MODERATOR; ro > ROLE_NONE; ro--)
        if (r->cfg.broadcast & (1u << ro))
            form_add_value(f, role_name((enum role)ro));
    form_add_option(f, T(ROLE_MODERATOR), "moderator");
    form_add_option(f, T(ROLE_PARTICIPANT), "participant");
    form_add_option(f, T(ROLE_VISITOR), "visitor");
    f = form_add_field(x, F("allowpm"), "list-single", T(CFG_ALLOW_PM),
                       allow_pm_name(r->cfg.allow_pm), 0);
    form_add_option(f, T(CFG_ANYONE), "anyone");
    form_add_option(f, T(CFG_PM_PARTICIPANTS), "participants");
    form_add_option(f, T(CFG_PM_MODERATORS), "moderators");
    form_add_option(f, T(CFG_NOBODY), "none");
    snprintf(num, sizeof(num), "%ld", r->cfg.history_max);
    form_add_field(x, "muc#maxhistoryfetch", "text-single", T(CFG_HISTORY),
                   num, 0);
    {
        char days[24];
        const char *arg = days;

        snprintf(days, sizeof(days), "%ld", app->cfg->archive_days);
        lang_format(c, LANG_CFG_ARCHIVE_DAYS, label, sizeof(label), &arg, 1);
        if (r->cfg.archive_days >= 0)
            snprintf(num, sizeof(num), "%ld", r->cfg.archive_days);
        else
            num[0] = '\0';
        form_add_field(x, "x-ecopper#archive_days", "text-single", label,
                       num, 0);
    }
#undef T
    return x;
}

int muc_owner_get(struct req *rq)
{
    struct room *r = rooms_get(rq->app->rooms, rq->room);
    xmpp_stanza_t *res, *q;

    if (r == NULL) {
        muc_why(rq, LANG_ERR_NO_ROOM);
        return ERR_ITEM_NOT_FOUND;
    }
    if (!is_owner(rq->app, r, rq->from)) {
        muc_why(rq, LANG_ERR_OWNERS_ONLY);
        return ERR_FORBIDDEN;
    }
    res = st_iq_result(rq->st);
    q = st_add(res, "query", NS_MUC_OWNER);
    xmpp_stanza_add_child_ex(q, config_form(rq->app, r, muc_req_cat(rq)), 0);
    router_send(rq->app, res);
    return 0;
}

/* The form readers below return LANG_NKEYS when the field is fine (or
 * absent), else the catalogue's text saying what is wrong. */
#define FIELD_OK LANG_NKEYS

/* Boolean field var into *out when present. */
static enum lang_key get_bool(const struct form *f, const char *var, int *out)
{
    const struct form_field *ff = form_field(f, var);

    if (ff == NULL || ff->nvalues == 0)
        return FIELD_OK;
    if (strcmp(ff->values[0], "1") == 0 ||
        strcmp(ff->values[0], "true") == 0)
        *out = 1;
    else if (strcmp(ff->values[0], "0") == 0 ||
             strcmp(ff->values[0], "false") == 0)
        *out = 0;
    else
        return LANG_ERR_CFG_BOOL;
    return FIELD_OK;
}

static enum lang_key get_text(const struct form *f, const char *var,
                              size_t max, const char **out)
{
    const struct form_field *ff = form_field(f, var);
    long n;

    if (ff == NULL)
        return FIELD_OK;
    *out = ff->nvalues ? ff->values[0] : "";
    n = utf8_len(*out);
    if (n < 0 || (size_t)n > max)
        return LANG_ERR_CFG_TEXT_LONG;
    return FIELD_OK;
}

/* Reads the submitted form over sr (which holds the current settings). */
static enum lang_key read_form(const struct form *f, struct store_room *sr,
                               char *bcast, size_t bcastlen, int *persistent)
{
    const struct form_field *ff;
    const char *v;
    enum lang_key why;
    int was = *persistent, pwprot = sr->password[0] != '\0';
    long n;

    if ((why = get_text(f, F("roomname"), ROOM_TITLE_MAX, &sr->title)) !=
            FIELD_OK ||
        (why = get_text(f, F("roomdesc"), ROOM_DESC_MAX, &sr->description)) !=
            FIELD_OK ||
        (why = get_bool(f, F("persistentroom"), persistent)) != FIELD_OK ||
        (why = get_bool(f, F("publicroom"), &sr->public)) != FIELD_OK ||
        (why = get_bool(f, F("moderatedroom"), &sr->moderated)) != FIELD_OK ||
        (why = get_bool(f, F("membersonly"), &sr->members_only)) !=
            FIELD_OK ||
        (why = get_bool(f, F("changesubject"), &sr->change_subject)) !=
            FIELD_OK ||
        (why = get_bool(f, "x-ecopper#queue", &sr->queue)) != FIELD_OK ||
        (why = get_bool(f, F("passwordprotectedroom"), &pwprot)) !=
            FIELD_OK ||
        (why = get_text(f, F("roomsecret"), 128, &sr->password)) != FIELD_OK)
        return why;
    if (was && !*persistent)
        return LANG_ERR_CFG_STAYS_PERSISTENT;
    /* A form that sets only the secret (as clients that show one password
     * box do) means it: a secret protects the room, an empty one lifts
     * the protection. */
    if (form_field(f, F("passwordprotectedroom")) == NULL &&
        form_field(f, F("roomsecret")) != NULL)
        pwprot = sr->password[0] != '\0';
    if (!pwprot)
        sr->password = "";
    else if (sr->password[0] == '\0')
        return LANG_ERR_CFG_PASSWORD_NEEDED;
    if ((v = form_value(f, F("maxusers"))) != NULL) {
        if (strcmp(v, "none") == 0)
            n = ROOM_USERS_MAX;
        else if (str_to_long(v, 1, ROOM_USERS_MAX, &n) != 0)
            return LANG_ERR_CFG_MAX_USERS;
        sr->max_users = n;
    }
    if ((v = form_value(f, F("whois"))) != NULL) {
        if (whois_parse(v) < 0)
            return LANG_ERR_CFG_WHOIS;
        sr->whois = v;
    }
    if ((v = form_value(f, F("allowpm"))) != NULL) {
        if (allow_pm_parse(v) < 0)
            return LANG_ERR_CFG_ALLOW_PM;
        sr->allow_pm = v;
    }
    /* Empty: the service's archive_days. */
    if ((ff = form_field(f, "x-ecopper#archive_days")) != NULL) {
        v = ff->nvalues ? ff->values[0] : "";
        if (v[0] == '\0')
            sr->archive_days = -1;
        else if (str_to_long(v, 0, 3650, &n) != 0)
            return LANG_ERR_CFG_ARCHIVE_DAYS;
        else
            sr->archive_days = n;
    }
    if ((v = form_value(f, "muc#maxhistoryfetch")) != NULL) {
        if (str_to_long(v, 0, ROOM_HISTORY_MAX, &n) != 0)
            return LANG_ERR_CFG_HISTORY;
        sr->history_max = n;
    }
    if ((ff = form_field(f, F("presencebroadcast"))) != NULL) {
        bcast[0] = '\0';
        for (size_t i = 0; i < ff->nvalues; i++) {
            int ro = role_parse(ff->values[i]);

            if (ro <= ROLE_NONE)
                return LANG_ERR_CFG_BROADCAST;
            size_t used = strlen(bcast);

            if (used + strlen(ff->values[i]) + 2 > bcastlen)
                return LANG_ERR_CFG_BROADCAST;
            snprintf(bcast + used, bcastlen - used, "%s%s",
                     used ? " " : "", ff->values[i]);
        }
        sr->presence_broadcast = bcast;
    }
    return FIELD_OK;
}

/* Status 104 to all occupants, with 172-174 when anonymity changed. */
static void notify_change(struct app *app, struct room *r, int anon_code)
{
    struct sbuf sb;
    struct hmap_iter it;
    const char *k;
    void *v;

    sb_init(&sb);
    sb_add(&sb, "<message from=\"");
    sb_add_esc(&sb, r->name);
    sb_add(&sb, "@");
    sb_add_esc(&sb, app->cfg->component_jid);
    sb_add(&sb, "\" type=\"groupchat\" to=\"");
    /* to is filled per recipient below */
    {
        size_t head = sb.len;

        hmap_iter_init(&it, r->by_nick);
        while (hmap_iter_next(&it, &k, &v)) {
            struct occupant *o = v;

            for (size_t i = 0; i < o->nsessions; i++) {
                sb.len = head;
                sb.s[head] = '\0';
                sb_add_esc(&sb, o->sessions[i]);
                sb_add(&sb, "\"><x xmlns=\"" NS_MUC
                            "#user\"><status code=\"104\"/>");
                if (anon_code)
                    sb_addf(&sb, "<status code=\"%d\"/>", anon_code);
                sb_add(&sb, "</x></message>");
                link_send_raw(app->link, sb.s, sb.len);
            }
        }
    }
    sb_free(&sb);
}

int muc_owner_set(struct req *rq)
{
    struct app *app = rq->app;
    struct room *r = rooms_get(app->rooms, rq->room);
    xmpp_stanza_t *x;
    struct store_room sr;
    struct form *f = NULL;
    char bcast[64], newbcast[64];
    const char *why = NULL;
    enum lang_key bad;
    enum whois old_whois;
    long old_days;
    int old_queue;
    int rc, anon_code = 0, persistent;

    if (r == NULL) {
        muc_why(rq, LANG_ERR_NO_ROOM);
        return ERR_ITEM_NOT_FOUND;
    }
    if (!is_owner(app, r, rq->from)) {
        muc_why(rq, LANG_ERR_OWNERS_ONLY);
        return ERR_FORBIDDEN;
    }
    if ((x = xmpp_stanza_get_child_by_name(rq->payload, "destroy"))) {
        /* §10.9: the owner ends the room; occupants are told first. */
        xmpp_stanza_t *re = xmpp_stanza_get_child_by_name(x, "reason");
        char *reason = re ? st_text(re) : NULL;

        if (reason && (utf8_len(reason) < 0 || strlen(reason) > 1000)) {
            free(reason);
            muc_why(rq, LANG_ERR_REASON_LONG);
            return ERR_NOT_ACCEPTABLE;
        }
        muc_room_destroyed(app, r, reason);
        free(reason);
        if ((rc = rooms_destroy(app->rooms, rq->room)) != 0)
            return rc;
        opening_forget(app->opening, rq->room);
        log_info("muc: %s destroyed by its owner", rq->room);
        router_send(app, st_iq_result(rq->st));
        return 0;
    }
    x = xmpp_stanza_get_child_by_name_and_ns(rq->payload, "x", NS_DATA);
    if (x == NULL) {
        muc_why(rq, LANG_ERR_CFG_SUBMIT);
        return ERR_BAD_REQUEST;
    }
    if ((rc = form_parse(x, &f, &why)) != 0) {
        /* form_parse()'s why is for logs. */
        log_debug("muc: a configuration form of %s: %s", r->name, why);
        muc_why(rq, LANG_ERR_CMD_PAYLOAD);
        return rc;
    }
    if (strcmp(f->type, "cancel") == 0) {
        form_free(f);
        router_send(app, st_iq_result(rq->st));
        if (r->locked) {
            /* §10.1.3: a new room whose configuration is cancelled is
             * not wanted. */
            muc_room_destroyed(app, r, NULL);
            rooms_destroy(app->rooms, rq->room);
        }
        return 0;
    }
    if (strcmp(f->type, "submit") != 0 ||
        (f->form_type && strcmp(f->form_type, NS_ROOMCONFIG) != 0)) {
        form_free(f);
        muc_why(rq, LANG_ERR_CFG_SUBMIT);
        return ERR_BAD_REQUEST;
    }
    room_settings(r, &sr, bcast, sizeof(bcast));
    persistent = r->persistent;
    if ((bad = read_form(f, &sr, newbcast, sizeof(newbcast), &persistent)) !=
        FIELD_OK) {
        form_free(f);
        muc_why(rq, bad);
        return ERR_NOT_ACCEPTABLE;
    }
    old_whois = r->cfg.whois;
    old_queue = r->cfg.queue;
    old_days = muc_archive_days(app, r);
    rc = rooms_configure(app->rooms, r, &sr);
    form_free(f);
    if (rc == 0 && persistent && !r->persistent) {
        char *by = jid_bare(rq->from);

        rc = rooms_make_persistent(app->rooms, r, by);
        free(by);
    }
    if (rc != 0)
        return rc;
    r->locked = 0; /* §10.1.2-3: configured (or accepted as is) */
    log_info("muc: %s reconfigured", r->name);
    if (muc_archive_days(app, r) < old_days || muc_archive_days(app, r) == 0)
        muc_archive_prune_room(app, r, muc_archive_days(app, r));
    router_send(app, st_iq_result(rq->st));
    if (r->cfg.whois != old_whois)
        anon_code = r->cfg.whois == WHOIS_ANYONE       ? 172
                    : r->cfg.whois == WHOIS_MODERATORS ? 173
                                                       : 174;
    notify_change(app, r, anon_code);
    muc_desk_queue(app, r, old_queue);
    return 0;
}
