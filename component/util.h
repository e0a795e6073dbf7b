/*
 * util.h - allocation wrappers, bounded strings and JID helpers.
 *
 * Everything here is pure: no XML, no I/O beyond the random source. The
 * allocation wrappers never return NULL: a daemon that is out of memory
 * cannot recover usefully, so they call fatal().
 */
#ifndef ECOPPER_UTIL_H
#define ECOPPER_UTIL_H

#include <stddef.h>
#include <stdint.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
/* Copies of s; NULL in gives NULL out. */
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* A new string printed like printf; never NULL. */
char *xasprintf(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

/* Copies at most size-1 bytes and always terminates; returns strlen(src). */
size_t str_lcpy(char *dst, const char *src, size_t size);
/* 1 when s is NULL or "". */
int str_empty(const char *s);
/* 1 when a and b are equal ignoring ASCII case; NULL equals only NULL. */
int str_eq_nocase(const char *a, const char *b);
/* Trims ASCII white space at both ends, in place; returns s. */
char *str_trim(char *s);
/* Number of UTF-8 code points in s, or -1 when s is not valid UTF-8. */
long utf8_len(const char *s);
/* Parses a decimal integer within [min, max]; 0 on success, -1 otherwise. */
int str_to_long(const char *s, long min, long max, long *out);

/*
 * Parses an XEP-0082 DateTime (CCYY-MM-DDThh:mm:ss[.sss](Z|+hh:mm|-hh:mm))
 * into Unix seconds. 0 on success, -1 when s is not one.
 */
int xmpp_datetime_parse(const char *s, int64_t *out);

/* Fills buf with n cryptographically random bytes (fatal on failure). */
void rand_bytes(void *buf, size_t n);
/* Writes n random bytes as 2n lowercase hex digits plus NUL into out. */
void rand_hex(char *out, size_t n);
/*
 * A random id for what the room sends many times over (XEP-0359
 * stanza-ids): 96 random bits as RAND_ID_LEN base64url characters
 * (A-Z a-z 0-9 - _) plus NUL into out, half the bytes of rand_hex() for
 * the same bits and still unguessable.
 */
#define RAND_ID_LEN 16
void rand_id(char out[RAND_ID_LEN + 1]);
/* 1 when s is an id rand_id() could have made. */
int rand_id_valid(const char *s);

/*
 * JIDs as the server stamps them. These functions do not normalise (the
 * server did that for `from`); they only split. Results are new strings
 * owned by the caller, or NULL when the part is absent or jid is NULL.
 */
char *jid_bare(const char *jid);
char *jid_local(const char *jid);
char *jid_domain(const char *jid);
const char *jid_resource(const char *jid); /* points into jid */
/* 1 when the bare parts of a and b are equal (domain case-insensitive). */
int jid_bare_eq(const char *a, const char *b);
/* 1 when jid has the shape of a JID (RFC 7622): a domain of at most 1023
 * bytes with no '@', '/' or white space; a localpart, when there is one,
 * of 1 to 1023 bytes without " & ' / : < > @ or white space; a resource,
 * when there is one, of 1 to 1023 bytes. Else 0. No normalisation. */
int jid_valid(const char *jid);



/*
 * A growable string buffer for building serialized XML. Never fails (the
 * allocation wrappers are fatal). sb.s is always NUL-terminated.
 */
struct sbuf {
    char *s;
    size_t len, cap;
};
void sb_init(struct sbuf *sb);
void sb_free(struct sbuf *sb);
void sb_reset(struct sbuf *sb);
void sb_add(struct sbuf *sb, const char *s);
void sb_addn(struct sbuf *sb, const char *s, size_t n);
void sb_addf(struct sbuf *sb, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Appends s escaped for XML text and attribute values (&<>"'). */
void sb_add_esc(struct sbuf *sb, const char *s);
#endif
