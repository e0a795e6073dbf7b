/*
 * util.c - allocation wrappers, bounded strings and JID helpers.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/rand.h>

#include "log.h"
#include "util.h"

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);

    if (p == NULL)
        fatalx("out of memory (%zu bytes)", n);
    return p;
}

void *xcalloc(size_t nmemb, size_t size)
{
    void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

    if (p == NULL)
        fatalx("out of memory (%zu x %zu bytes)", nmemb, size);
    return p;
}

void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);

    if (q == NULL)
        fatalx("out of memory (%zu bytes)", n);
    return q;
}

char *xstrdup(const char *s)
{
    return s ? xstrndup(s, strlen(s)) : NULL;
}

char *xstrndup(const char *s, size_t n)
{
    char *p;
    size_t len;

    if (s == NULL)
        return NULL;
    len = strnlen(s, n);
    p = xmalloc(len + 1);
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *xasprintf(const char *fmt, ...)
{
    va_list ap;
    char *p;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        fatalx("xasprintf: bad format");
    p = xmalloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

size_t str_lcpy(char *dst, const char *src, size_t size)
{
    size_t len = strlen(src);

    if (size > 0) {
        size_t n = len < size - 1 ? len : size - 1;
        memcpy(dst, src, n);
        dst[n] = '\0';
    }
    return len;
}

int str_empty(const char *s)
{
    return s == NULL || *s == '\0';
}

int str_eq_nocase(const char *a, const char *b)
{
    if (a == NULL || b == NULL)
        return a == b;
    for (; *a && *b; a++, b++)
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return 0;
    return *a == *b;
}

char *str_trim(char *s)
{
    char *start = s, *end;

    while (isspace((unsigned char)*start))
        start++;
    if (start != s)
        memmove(s, start, strlen(start) + 1);
    end = s + strlen(s);
    while (end > s && isspace((unsigned char)end[-1]))
        *--end = '\0';
    return s;
}

long utf8_len(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    long n = 0;

    while (*p) {
        unsigned c = *p;
        int extra;
        unsigned long cp;

        if (c < 0x80) {
            extra = 0;
            cp = c;
        } else if ((c & 0xe0) == 0xc0) {
            extra = 1;
            cp = c & 0x1f;
        } else if ((c & 0xf0) == 0xe0) {
            extra = 2;
            cp = c & 0x0f;
        } else if ((c & 0xf8) == 0xf0) {
            extra = 3;
            cp = c & 0x07;
        } else {
            return -1;
        }
        p++;
        for (int i = 0; i < extra; i++, p++) {
            if ((*p & 0xc0) != 0x80)
                return -1;
            cp = (cp << 6) | (*p & 0x3f);
        }
        /* Overlong forms, surrogates and values past U+10FFFF. */
        if ((extra == 1 && cp < 0x80) || (extra == 2 && cp < 0x800) ||
            (extra == 3 && cp < 0x10000) || cp > 0x10ffff ||
            (cp >= 0xd800 && cp <= 0xdfff))
            return -1;
        n++;
    }
    return n;
}

int str_to_long(const char *s, long min, long max, long *out)
{
    char *end;
    long v;

    if (str_empty(s))
        return -1;
    errno = 0;
    v = strtol(s, &end, 10);
    if (errno != 0 || *end != '\0' || v < min || v > max)
        return -1;
    *out = v;
    return 0;
}

void rand_bytes(void *buf, size_t n)
{
    if (RAND_bytes(buf, (int)n) != 1)
        fatalx("no random bytes from OpenSSL");
}

void rand_hex(char *out, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    unsigned char b[64];

    while (n > 0) {
        size_t k = n < sizeof(b) ? n : sizeof(b);

        rand_bytes(b, k);
        for (size_t i = 0; i < k; i++) {
            *out++ = hex[b[i] >> 4];
            *out++ = hex[b[i] & 15];
        }
        n -= k;
    }
    *out = '\0';
}

static const char b64url[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

void rand_id(char out[RAND_ID_LEN + 1])
{
    unsigned char b[RAND_ID_LEN * 3 / 4];

    rand_bytes(b, sizeof(b));
    /* Each 3 bytes are 4 characters of 6 bits. */
    for (size_t i = 0, o = 0; i < sizeof(b); i += 3) {
        unsigned v = (unsigned)b[i] << 16 | (unsigned)b[i + 1] << 8 | b[i + 2];

        out[o++] = b64url[v >> 18 & 63];
        out[o++] = b64url[v >> 12 & 63];
        out[o++] = b64url[v >> 6 & 63];
        out[o++] = b64url[v & 63];
    }
    out[RAND_ID_LEN] = '\0';
}

int rand_id_valid(const char *s)
{
    return s && strlen(s) == RAND_ID_LEN &&
           strspn(s, b64url) == RAND_ID_LEN;
}

/* Length of the bare part: up to the first '/'. */
static size_t bare_len(const char *jid)
{
    const char *slash = strchr(jid, '/');

    return slash ? (size_t)(slash - jid) : strlen(jid);
}

char *jid_bare(const char *jid)
{
    return jid ? xstrndup(jid, bare_len(jid)) : NULL;
}

/* 1 when the n bytes at s are 1 to 1023 and hold none of bad nor
 * white space or control characters. */
static int jid_part_ok(const char *s, size_t n, const char *bad)
{
    if (n == 0 || n > 1023)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];

        if (c <= ' ' || c == 0x7f || strchr(bad, c))
            return 0;
    }
    return 1;
}

int jid_valid(const char *jid)
{
    const char *slash, *at;
    size_t blen;

    if (jid == NULL || utf8_len(jid) < 0)
        return 0;
    blen = bare_len(jid);
    slash = jid[blen] == '/' ? jid + blen : NULL;
    if (slash && (slash[1] == '\0' || strlen(slash + 1) > 1023))
        return 0;
    at = memchr(jid, '@', blen);
    if (at && !jid_part_ok(jid, (size_t)(at - jid), "\"&'/:<>@"))
        return 0;
    at = at ? at + 1 : jid;
    return jid_part_ok(at, blen - (size_t)(at - jid), "@/");
}

char *jid_local(const char *jid)
{
    const char *at;
    size_t blen;

    if (jid == NULL)
        return NULL;
    blen = bare_len(jid);
    at = memchr(jid, '@', blen);
    return at ? xstrndup(jid, (size_t)(at - jid)) : NULL;
}

char *jid_domain(const char *jid)
{
    const char *at, *start;
    size_t blen;

    if (jid == NULL)
        return NULL;
    blen = bare_len(jid);
    at = memchr(jid, '@', blen);
    start = at ? at + 1 : jid;
    return xstrndup(start, blen - (size_t)(start - jid));
}

const char *jid_resource(const char *jid)
{
    const char *slash;

    if (jid == NULL)
        return NULL;
    slash = strchr(jid, '/');
    return slash ? slash + 1 : NULL;
}

int jid_bare_eq(const char *a, const char *b)
{
    size_t la, lb;
    const char *ata, *atb;

    if (a == NULL || b == NULL)
        return 0;
    la = bare_len(a);
    lb = bare_len(b);
    if (la != lb)
        return 0;
    ata = memchr(a, '@', la);
    atb = memchr(b, '@', lb);
    if ((ata == NULL) != (atb == NULL))
        return 0;
    if (ata) {
        size_t nl = (size_t)(ata - a);

        if (nl != (size_t)(atb - b) || memcmp(a, b, nl) != 0)
            return 0;
        a += nl;
        b += nl;
        la -= nl;
    }
    for (size_t i = 0; i < la; i++)
        if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[i]))
            return 0;
    return 1;
}

void sb_init(struct sbuf *sb)
{
    sb->cap = 256;
    sb->len = 0;
    sb->s = xmalloc(sb->cap);
    sb->s[0] = '\0';
}

void sb_free(struct sbuf *sb)
{
    free(sb->s);
    sb->s = NULL;
    sb->len = sb->cap = 0;
}

void sb_reset(struct sbuf *sb)
{
    sb->len = 0;
    sb->s[0] = '\0';
}

void sb_addn(struct sbuf *sb, const char *s, size_t n)
{
    if (sb->len + n + 1 > sb->cap) {
        while (sb->len + n + 1 > sb->cap)
            sb->cap *= 2;
        sb->s = xrealloc(sb->s, sb->cap);
    }
    memcpy(sb->s + sb->len, s, n);
    sb->len += n;
    sb->s[sb->len] = '\0';
}

void sb_add(struct sbuf *sb, const char *s)
{
    sb_addn(sb, s, strlen(s));
}

void sb_addf(struct sbuf *sb, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        fatalx("sb_addf: bad format");
    if (sb->len + (size_t)n + 1 > sb->cap) {
        while (sb->len + (size_t)n + 1 > sb->cap)
            sb->cap *= 2;
        sb->s = xrealloc(sb->s, sb->cap);
    }
    va_start(ap, fmt);
    vsnprintf(sb->s + sb->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    sb->len += (size_t)n;
}

void sb_add_esc(struct sbuf *sb, const char *s)
{
    const char *run = s;

    for (; *s; s++) {
        const char *rep;

        switch (*s) {
        case '&':
            rep = "&amp;";
            break;
        case '<':
            rep = "&lt;";
            break;
        case '>':
            rep = "&gt;";
            break;
        case '"':
            rep = "&quot;";
            break;
        case '\'':
            rep = "&apos;";
            break;
        default:
            continue;
        }
        sb_addn(sb, run, (size_t)(s - run));
        sb_add(sb, rep);
        run = s + 1;
    }
    sb_addn(sb, run, (size_t)(s - run));
}

/* Reads exactly n digits at *p into *v; advances *p. */
static int digits(const char **p, int n, int *v)
{
    *v = 0;
    for (int i = 0; i < n; i++, (*p)++) {
        if (**p < '0' || **p > '9')
            return -1;
        *v = *v * 10 + (**p - '0');
    }
    return 0;
}

int xmpp_datetime_parse(const char *s, int64_t *out)
{
    struct tm tm = {0};
    int y, mo, d, h, mi, sec, oh = 0, om = 0, sign = 0;
    const char *p = s;

    if (s == NULL || digits(&p, 4, &y) || *p++ != '-' || digits(&p, 2, &mo) ||
        *p++ != '-' || digits(&p, 2, &d) || *p++ != 'T' ||
        digits(&p, 2, &h) || *p++ != ':' || digits(&p, 2, &mi) ||
        *p++ != ':' || digits(&p, 2, &sec))
        return -1;
    if (*p == '.') {
        p++;
        if (*p < '0' || *p > '9')
            return -1;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    if (*p == 'Z') {
        p++;
    } else if (*p == '+' || *p == '-') {
        sign = *p++ == '+' ? 1 : -1;
        if (digits(&p, 2, &oh) || *p++ != ':' || digits(&p, 2, &om) ||
            oh > 23 || om > 59)
            return -1;
    } else {
        return -1;
    }
    if (*p != '\0' || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 ||
        mi > 59 || sec > 60)
        return -1;
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = sec;
    /* The local time at offset +hh:mm is that much ahead of UTC. */
    *out = (int64_t)timegm(&tm) - sign * (oh * 3600 + om * 60);
    return 0;
}
