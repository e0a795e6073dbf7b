/*
 * nick.h - the impersonation guard for nicknames.
 *
 * A youth must not be able to pass for staff: "0fficer Mikko", "Officer
 * Mikkо" with a Cyrillic o, "Мari Tanska" with a Cyrillic capital М,
 * "Mári Tanska", "Officer  Mikko!" all read as a staff name; "Staff",
 * "Poliisi Pekka", "Mikko ✅" or "ask@muc.localhost" read as someone
 * speaking for the service. ICU is the reference implementation of the
 * Unicode confusables data (UTS #39) and is in Debian, so we keep no
 * tables of look-alike letters of our own beyond the few below.
 *
 * Skeleton. A name is cut into tokens: runs of letters and digits,
 * split again before each digit and after it, where lower case turns to
 * upper case ("SuperCop") and where the script changes ("Олегadmin").
 * Combining marks and invisible characters (zero-width spaces, joiners,
 * soft hyphens: Default_Ignorable_Code_Point) count as absent; anything
 * else (spaces, dots, dashes, symbols) only separates tokens. The text
 * is NFKD-normalised first, so accents come off precomposed letters
 * ("Mári", "Taṇska") and full-width, circled, squared or mathematical
 * letters become plain ones (the negative circled and squared ones, 🅜
 * and 🅼, which NFKD leaves alone, too). The skeleton of a token is
 * ICU's skeleton of the text as written (so that capitals are compared
 * as capitals: Cyrillic М is Latin M), case folded, with the marks the
 * skeleton adds dropped; then the same once more, since a lower-case
 * letter can have another skeleton than its capital ("m" is "rn");
 * then, stricter than Unicode: digits read as letters (0 o, 1 i, 3 e,
 * 4 a, 5 s, 7 t, 8 b), l as i, vv as w, and the small capitals ICU makes
 * of Cyrillic к, н, т, в, м, п as k, h, t, b, m, n ("Мікко" is
 * "Mikko"). The skeleton of a name is its tokens' skeletons one after
 * another. Each name has a second skeleton, of its case-folded text:
 * ICU makes Latin of some capitals but not of their small letters
 * ("Ю" is "IO", "ю" stays), so "ЮВЕНАЛЬНА" meets "ювенальна" only
 * there. Names, staff names and words are compared in both.
 *
 * nickguard_check() refuses, in this order:
 *  - a name with no letter or digit;
 *  - a staff name's look-alike: the same skeleton as a staff name, or,
 *    for a staff name of two or more tokens, that skeleton as whole
 *    tokens inside the name ("Mari Tanska 2", "the real Officer Mikko";
 *    not "Officer Mikkonen");
 *  - a word mixing scripts that look alike: in a run of letters and
 *    digits between visible separators, letters of Latin with Cyrillic,
 *    Greek or Cherokee, or of two of those ("ADМIN", "Jаne"): ICU's
 *    UTS #39 restriction level test at Moderately Restrictive. A name
 *    in one script ("Олег", "Їжак") or with words in different scripts
 *    ("Олег UA") passes these, and is then held to the other rules;
 *  - bidi embeddings, overrides and isolates (U+202A-202E,
 *    U+2066-2069): U+202E shows "aksnaT iraM" as "Mari Tanska";
 *  - a check mark (✓ ✔ ✅ ☑ 🗸 🗹 √ and the like): a verified badge;
 *  - an address: an @ with a letter or digit somewhere before and after
 *    it ("ask@muc", "a @ b"), or a dot (or a look-alike dot) right
 *    between a letter or digit and a domain label such as localhost,
 *    muc, conference, com, org, fi, se, ua ("muc.localhost", "x.fi");
 *  - a reserved word (config: reserved_words). A word of seven letters
 *    or more matches anywhere in the skeleton, so inflections and
 *    compounds count ("Poliisit", "Rikospoliisi", "Moderators", and also
 *    "Personality": a false refusal costs a youth one more try). A
 *    shorter word matches only as whole tokens: its skeleton must start
 *    where a token starts and end where a token ends, though it may
 *    span several tokens. "Cop", "c.o.p", "C0P", "SuperCop" and
 *    "Admin123" are refused; "Jacopo", "Scoop", "Copper", "Staffan",
 *    "Ecosystem" and "Politics" pass. A reserved word of several words
 *    is written with a dash ("youth-worker"): dashes drop out of
 *    skeletons, so it matches "Youth worker" and "YouthWorker".
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

/* The skeleton of nick (above) as a new string, owned by the caller, or
 * NULL when nick is not valid UTF-8 or reduces to nothing. The
 * skeleton of the case-folded text, the one that does not depend on
 * case. Any length: filter.c takes the skeleton of whole messages. */
char *nick_skeleton(const struct nickguard *g, const char *nick);

/* Forgets all staff names and words. */
void nickguard_clear(struct nickguard *g);
/* Add a staff name or a reserved word (copied); one that reduces to
 * nothing is ignored. */
void nickguard_add_staff(struct nickguard *g, const char *name);
void nickguard_add_word(struct nickguard *g, const char *word);

/*
 * 0 when a non-staff user may use nick; ERR_CONFLICT when it reads as a
 * staff name, ERR_NOT_ACCEPTABLE for the other refusals above (nothing
 * but symbols, mixed scripts, bidi controls, a check mark, an address,
 * a reserved word); *why is then an English explanation (a static
 * string).
 */
int nickguard_check(const struct nickguard *g, const char *nick,
                    const char **why);

/* Which rule refused a name, for the text a person reads. */
enum nick_refusal {
    NICK_OK,
    NICK_EMPTY,   /* no letter or digit */
    NICK_STAFF,   /* a staff name's look-alike */
    NICK_MIXED,   /* look-alike letters of two alphabets in a word */
    NICK_BIDI,    /* characters that turn text around */
    NICK_BADGE,   /* a check mark */
    NICK_ADDRESS, /* reads as an address */
    NICK_WORD     /* a reserved word */
};
/* nickguard_check() that also says which rule refused nick in *kind. */
int nickguard_check_kind(const struct nickguard *g, const char *nick,
                         const char **why, enum nick_refusal *kind);

#endif
