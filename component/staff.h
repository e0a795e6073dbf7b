/*
 * staff.h - the staff registry: verified police officers and youth
 * workers.
 *
 * A member of staff always enters rooms under their registered name,
 * with a verified badge (XEP-0317 hat) and the role the registry gives
 * (moderator for youth workers who moderate, participant with voice for
 * officers). Nobody else may take a name that reads like theirs (nick.h).
 * Lives in memory for lookups on every join and in the store (0004).
 * Admins change it through ad-hoc commands. No XML here.
 */
#ifndef ECOPPER_STAFF_H
#define ECOPPER_STAFF_H

#include <stddef.h>
#include <stdint.h>

#include "room.h"

struct store;
struct nickguard;

#define STAFF_PHOTO_MAX (64 * 1024)

struct staff {
    char *jid;   /* bare, lower case */
    char *name;  /* the nick in every room */
    char *title; /* e.g. "Police officer" */
    char *organisation;
    enum role role; /* ROLE_MODERATOR or ROLE_PARTICIPANT */
    unsigned char *photo;
    size_t photo_len;
    char *photo_type;
};

struct staffs;

/* Loads the registry. NULL on a store error. */
struct staffs *staffs_load(struct store *st);
void staffs_free(struct staffs *s);
/* The member of staff with bare JID jid (any case), or NULL. */
const struct staff *staffs_get(const struct staffs *s, const char *jid);
/* The member of staff registered under exactly name, or NULL. */
const struct staff *staffs_by_name(const struct staffs *s, const char *name);
/* All, in name order (free() the array only). */
const struct staff **staffs_sorted(const struct staffs *s, size_t *n);

/*
 * Adds or replaces the entry of m->jid (stored first). Returns 0,
 * ERR_BAD_REQUEST (*why set) for a bad value, ERR_CONFLICT when the name
 * is another member's, or ERR_INTERNAL.
 */
int staffs_put(struct staffs *s, const struct staff *m, const char *by,
               int64_t now, const char **why);
/* Removes jid: 0, ERR_ITEM_NOT_FOUND or ERR_INTERNAL. */
int staffs_del(struct staffs *s, const char *jid);

/* Loads the staff names and the words into g (after clearing it). */
void staffs_fill_guard(const struct staffs *s, struct nickguard *g,
                       char *const *words, size_t nwords);

#endif
