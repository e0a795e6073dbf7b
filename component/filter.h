/*
 * filter.h - what a youth's message may not carry: links, phone numbers,
 * e-mail addresses and other contact details, and words from a list.
 *
 * Pure: text in, verdict out. The MUC layer decides what a hit means for
 * a room (hold the message for a moderator, or refuse it with the
 * reason). Contact details matter most: the service exists so youths and
 * police talk in the open, and a youth handing out a number is how an
 * adult moves a child to a private channel.
 */
#ifndef ECOPPER_FILTER_H
#define ECOPPER_FILTER_H

#include <stddef.h>

struct nickguard;

enum filter_hit {
    FILTER_NONE = 0,
    FILTER_LINK,
    FILTER_PHONE,
    FILTER_EMAIL,
    FILTER_HANDLE, /* a social-media handle or "add me on ..." */
    FILTER_WORD,
};

/*
 * Checks body. words: n words compared by skeleton (nick.h), so that
 * spacing, case and look-alike letters do not hide them; g may be NULL to
 * skip words. Returns the first kind of hit, and *why an English reason.
 */
enum filter_hit filter_check(const char *body, const struct nickguard *g,
                             char *const *words, size_t n, const char **why);

#endif
