/*
 * muc_staff.c - changes to the staff registry reach staff in the rooms.
 *
 * A member of staff in a room carries what the registry said when they
 * entered: their nick, their hat, their affiliation and role. After a
 * staff-add, staff-edit, staff-remove, staff-import, staff-photo or a
 * SIGHUP (which reads the registry again), muc_staff_changed() brings
 * every room in line with the registry at once, with the presences an
 * occupant would see had a moderator or the room made the change:
 *
 * - a new name: XEP-0045 §7.6 nick change (unavailable with 303 and the
 *   new nick, then presence under the new nick; the member's own
 *   sessions get 110, and 210 because the service chose the nick). An
 *   occupant who is not staff and holds that nick in the room is removed
 *   (307, "That name now belongs to a member of staff"): the name is
 *   theirs now, as it would be at entry.
 *   Names that merely read like it (or hold a newly reserved word) are
 *   swept by muc_nick_sweep() (muc.c) after every registry change.
 * - a new title or photo: the presence is sent again with the new hat
 *   (XEP-0317) and vCard hash (XEP-0153).
 * - a new role: affiliation and role change as a moderator's affiliation
 *   change would (muc_admin.c apply_change).
 * - removal: the hat goes; affiliation and role become what the account
 *   would have as anyone else (stored affiliation, the room's default
 *   role). If the nick is then not theirs to use (it holds a reserved
 *   word, reads like a staff name, or a member reserved it), or the room
 *   is members-only and they are not a member, they are removed with
 *   status 321 (§9.4: removed because of an affiliation change) and a
 *   reason saying to enter again under another name.
 *
 * The "On duty" description (disco.c) reads the registry on each request
 * and so is always current.
 *
 * Occupants are looked up afresh for each room: removing one may destroy
 * a temporary room, and nothing here keeps a pointer across that.
 */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "config.h"
#include "hmap.h"
#include "log.h"
#include "muc.h"
#include "muc_int.h"
#include "room.h"
#include "staff.h"
#include "util.h"

/* The role after an affiliation change, as muc_admin.c's apply_change
 * gives it: admins moderate, a former admin falls back to the room's
 * default, a new member gets voice. */
static enum role role_after(const struct room *r, enum role role,
                            enum affil old, enum affil now)
{
    if (now >= AFF_ADMIN)
        return ROLE_MODERATOR;
    if (role == ROLE_MODERATOR && old >= AFF_ADMIN)
        return room_default_role(r, now);
    if (role == ROLE_VISITOR && now >= AFF_MEMBER)
        return ROLE_PARTICIPANT;
    return role;
}

/* §7.6 as the service does it: unavailable with 303 and the new nick to
 * everyone (110 to o's sessions), then o renamed; the new presence is
 * sent by the caller. */
static void rename_occupant(struct app *app, struct occupant *o,
                            const char *nick)
{
    static const int c303[] = {303, 0};
    struct pres gone = {.type = "unavailable", .codes = c303,
                        .newnick = nick};

    muc_broadcast_presence(app, o, &gone);
    muc_send_self_all(app, o, &gone);
    room_rename(o, nick);
}

/* Brings o, whose account is or was staff, in line with the registry.
 * o may be freed (and its room destroyed). */
static void sync_occupant(struct app *app, struct occupant *o, int force)
{
    static const int c210[] = {210, 0};
    struct room *r = o->room;
    const struct staff *sm = staffs_get(app->staff, o->bare);
    enum affil affil = muc_affiliation_of(app, r, o->bare);
    const char *why = NULL;
    int renamed = 0, changed = force;
    enum role was = o->role;
    struct seen seen;
    char *hat;

    if (sm == NULL) {
        if (o->hat == NULL)
            return; /* never was staff here */
        muc_seen_before(o, &seen);
        free(o->hat);
        o->hat = NULL;
        o->affil = affil;
        o->role = room_default_role(r, affil);
        if (muc_nick_allowed(app, r, o, o->nick, &why) != 0 ||
            (r->cfg.members_only && affil < AFF_MEMBER)) {
            char say[512];

            free(seen.v);
            log_info("muc: removed staff member left %s", r->name);
            muc_remove_occupant(app, o, 321, NULL,
                                muc_occ_say(app, o, LANG_STAFF_GONE, NULL, 0,
                                            say, sizeof(say)));
            muc_reap_room(app, r);
            return;
        }
        log_info("muc: removed staff member stays in %s without badge",
                 r->name);
        muc_standing_changed(app, o, &seen, &(struct pres){0});
        muc_desk_role(app, o, was);
        muc_send_self_all(app, o, &(struct pres){0});
        return;
    }
    if (strcmp(o->nick, sm->name) != 0) {
        struct occupant *t = room_by_nick(r, sm->name);

        if (t && t->hat) {
            /* Another member of staff still has that name here (two
             * names swapped in one import): they keep theirs until
             * they enter again. */
            log_warn("muc: a member of staff keeps an old name in %s: the "
                     "new one is still in use by staff", r->name);
        } else {
            if (t) {
                char say[512];

                muc_log_action(app, r, NULL, "kick", t->nick,
                               t->occupant_id,
                               "name now belongs to a member of staff");
                /* The reason in the language of the one who leaves. */
                muc_remove_occupant(app, t, 307, NULL,
                                    muc_occ_say(app, t, LANG_NAME_NOW_STAFF,
                                                NULL, 0, say, sizeof(say)));
            }
            rename_occupant(app, o, sm->name);
            renamed = 1;
        }
    }
    muc_seen_before(o, &seen);
    hat = muc_staff_hat(app, sm, NULL);
    if (o->hat == NULL || strcmp(o->hat, hat) != 0) {
        free(o->hat);
        o->hat = hat;
        changed = 1;
    } else {
        free(hat);
    }
    if (o->affil != affil) {
        o->role = role_after(r, o->role, o->affil, affil);
        o->affil = affil;
        changed = 1;
    }
    if (!renamed && !changed) {
        free(seen.v);
        return;
    }
    muc_standing_changed(app, o, &seen, &(struct pres){0});
    muc_desk_role(app, o, was);
    muc_send_self_all(app, o, &(struct pres){.codes = renamed ? c210
                                                               : NULL});
}

void muc_staff_changed(struct app *app, const char *bare, int force)
{
    struct room **rooms;
    size_t n;

    rooms = rooms_sorted(app->rooms, &n);
    for (size_t i = 0; i < n; i++) {
        struct occupant *o = room_by_bare(rooms[i], bare);

        if (o)
            sync_occupant(app, o, force);
    }
    free(rooms);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void muc_staff_sync_all(struct app *app)
{
    struct room **rooms;
    struct hmap *seen = hmap_new();
    size_t n;

    /* Every account in a room that wears a hat or is in the registry;
     * collected first, since syncing renames and removes occupants. */
    rooms = rooms_sorted(app->rooms, &n);
    for (size_t i = 0; i < n; i++) {
        struct hmap_iter it;
        const char *k;
        void *v;

        hmap_iter_init(&it, rooms[i]->by_nick);
        while (hmap_iter_next(&it, &k, &v)) {
            struct occupant *o = v;

            if ((o->hat || staffs_get(app->staff, o->bare)) &&
                hmap_get(seen, o->bare) == NULL)
                hmap_put(seen, o->bare, xstrdup(o->bare));
        }
    }
    free(rooms);
    {
        struct hmap_iter it;
        const char *k;
        void *v;
        size_t nb;
        char **bares = (char **)hmap_sorted_values(seen, &nb, cmp_str);

        for (size_t i = 0; i < nb; i++)
            muc_staff_changed(app, bares[i], 0);
        hmap_iter_init(&it, seen);
        while (hmap_iter_next(&it, &k, &v))
            free(v);
        free(bares);
    }
    hmap_free(seen);
}
