/*
 * staff.h - the staff registry: verified police officers and youth
 * workers.
 *
 * A member of staff always enters rooms under their registered name,
 * with a verified badge (XEP-0317 hat) and the role the registry gives
 * (moderator for youth workers who moderate, participant with voice for
 * officers). Nobody else may take a name that reads like theirs (nick.h).
 * Lives in memory for lookups on every join and in the store (0004).
 * Admins change it through ad-hoc commands. No XML here; a refusal says
 * why as a catalogue key with its arguments (struct lang_reason, lang.h:
 * LANG_WHY_STAFF_*, _PHOTO_*, _IMPORT_*), rendered by the caller in its
 * reader's language (English for `ecopper --import-staff`).
 */
#ifndef ECOPPER_STAFF_H
#define ECOPPER_STAFF_H

#include <stddef.h>
#include <stdint.h>

#include "lang.h"
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
    char photo_sha1[41]; /* hex SHA-1 of photo (XEP-0153), "" without */
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
 * ERR_BAD_REQUEST (*why set) for a bad value, ERR_CONFLICT (*why set)
 * when the name is another member's, or ERR_INTERNAL (no reason). why
 * may be NULL.
 */
int staffs_put(struct staffs *s, const struct staff *m, const char *by,
               int64_t now, struct lang_reason *why);
/* Removes jid: 0, ERR_ITEM_NOT_FOUND or ERR_INTERNAL. */
int staffs_del(struct staffs *s, const char *jid);

/* --- photos --------------------------------------------------------------- */

/* "image/png" or "image/jpeg" by the first bytes of p, or NULL. */
const char *staff_photo_type(const unsigned char *p, size_t len);

/*
 * Decodes the base64 text of a picture (whitespace ignored, as in a
 * vCard's BINVAL) and checks it: a PNG or JPEG by its first bytes, of 1
 * byte to STAFF_PHOTO_MAX. Returns 0 with *out (owned), *len and *type
 * (static) set, or ERR_NOT_ACCEPTABLE with the reason in *why (a
 * sentence; why may be NULL).
 */
int staff_photo_decode(const char *b64, unsigned char **out, size_t *len,
                       const char **type, struct lang_reason *why);

/* --- import: one parser for the staff-import command and the command line */

#define STAFF_IMPORT_MAX 500

/* Parsed import lines; rows point into bufs. */
struct staff_import {
    struct staff *rows;
    size_t n;
    size_t *lineno; /* 1-based line of each row */
    char **bufs;
    size_t nbufs;
};

/*
 * Parses n lines "address; name; title; organisation; role" (title,
 * organisation and role optional; role moderator or participant; blank
 * lines and lines starting with '#' skipped) into im, checking each row
 * as staffs_put would. Returns 0, or ERR_BAD_REQUEST /
 * ERR_POLICY_VIOLATION (more than STAFF_IMPORT_MAX lines) with *line
 * (1-based, 0 for the whole input) and why set; im is then empty.
 * Free im with staff_import_free().
 */
int staffs_parse_import(const char *const *lines, size_t n,
                        struct staff_import *im, size_t *line,
                        struct lang_reason *why);
void staff_import_free(struct staff_import *im);

/*
 * Adds or updates every row of im, all or nothing: names checked against
 * each other and the registry first, then one transaction; stored photos
 * are kept. Returns 0 with *added (new entries) set, or an error code
 * with *line (0 when no line is at fault) and why set; then neither the
 * store nor the registry changed.
 */
int staffs_import(struct staffs *s, struct staff_import *im, const char *by,
                  int64_t now, size_t *line, struct lang_reason *why,
                  size_t *added);

/* Loads the staff names and the words into g (after clearing it). */
void staffs_fill_guard(const struct staffs *s, struct nickguard *g,
                       char *const *words, size_t nwords);

#endif
