/*
 * nick.h - the impersonation guard for nicknames.
 *
 * A youth must not be able to pass for staff: "0fficer Mikko", "Officer
 * Mikkо" with a Cyrillic o, "Officer  Mikko!" all read as Officer Mikko.
 * Nicks are compared by skeleton: NFKC case folding, everything but
 * letters and digits dropped, then ICU's confusable skeleton (UTS #39,
 * uspoof_getSkeleton) and case folding again. ICU is the reference
 * implementation of the Unicode confusables data and is in Debian, so we
 * do not keep tables of our own.
 *
 * The guard holds the skeletons of staff names and of reserved words; it
 * is rebuilt when either changes. No XML here.
 */
#ifndef ECOPPER_NICK_H
#define ECOPPER_NICK_H

#include <stddef.h>

struct nickguard;

/* A new, empty guard; NULL if ICU cannot open its data. */
struct nickguard *nickguard_new(void);
void nickguard_free(struct nickguard *g);

/* The skeleton of nick as a new string, or NULL when nick is not valid
 * UTF-8 or reduces to nothing. */
char *nick_skeleton(const struct nickguard *g, const char *nick);

/* Forgets all staff names and words. */
void nickguard_clear(struct nickguard *g);
void nickguard_add_staff(struct nickguard *g, const char *name);
void nickguard_add_word(struct nickguard *g, const char *word);

/*
 * 0 when a non-staff user may use nick; ERR_CONFLICT when it reads as a
 * staff name, ERR_NOT_ACCEPTABLE when it contains a reserved word or is
 * nothing but symbols; *why is then an English explanation.
 */
int nickguard_check(const struct nickguard *g, const char *nick,
                    const char **why);

#endif
