/*
 * filter.c - links, phone numbers, e-mail addresses, handles and words.
 *
 * Deliberately simple scanners over bytes (ASCII patterns): a message is
 * at most 4000 characters, each check is linear. False positives are
 * cheap (a moderator looks at the message); misses are what matter.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "filter.h"
#include "nick.h"
#include "util.h"

static int has_nocase(const char *hay, const char *needle)
{
    size_t n = strlen(needle);

    for (; *hay; hay++)
        if (strncasecmp(hay, needle, n) == 0)
            return 1;
    return 0;
}

/* Top-level domains people type; enough to catch "example.fi/x". */
static const char *const tlds[] = {
    "com", "net", "org", "fi", "se", "ua", "ru", "eu", "io", "me", "gg",
    "tv", "ly", "app", "info", "xyz", "co", "uk", "de", "ee", "no", "dk",
};

static int is_label(int c)
{
    return isalnum(c) || c == '-';
}

static int has_domain(const char *s)
{
    for (const char *p = s; *p; p++) {
        const char *dot, *end;

        if (*p != '.' || p == s || !is_label((unsigned char)p[-1]))
            continue;
        dot = p + 1;
        for (end = dot; isalpha((unsigned char)*end); end++)
            ;
        if (end == dot || is_label((unsigned char)*end))
            continue;
        for (size_t i = 0; i < ARRAY_LEN(tlds); i++)
            if ((size_t)(end - dot) == strlen(tlds[i]) &&
                strncasecmp(dot, tlds[i], (size_t)(end - dot)) == 0)
                return 1;
    }
    return 0;
}

/* Seven or more digits in a run that may hold spaces, dashes, dots,
 * slashes and parentheses: "040 123 4567", "+358-40-1234567". */
static int has_phone(const char *s)
{
    int digits = 0, gap = 0;

    for (const char *p = s; *p; p++) {
        if (isdigit((unsigned char)*p)) {
            digits++;
            gap = 0;
            if (digits >= 7)
                return 1;
        } else if (strchr(" -./()+", *p) && gap < 2 && digits > 0) {
            gap++;
        } else {
            digits = 0;
            gap = 0;
        }
    }
    return 0;
}

static int has_email(const char *s)
{
    for (const char *at = strchr(s, '@'); at; at = strchr(at + 1, '@')) {
        const char *dot;

        if (at == s || !(isalnum((unsigned char)at[-1]) || at[-1] == '.' ||
                         at[-1] == '_'))
            continue;
        dot = strchr(at, '.');
        if (dot && dot > at + 1 && isalpha((unsigned char)dot[1]))
            return 1;
    }
    return 0;
}

static const char *const handles[] = {
    "snapchat", "snap:", "insta:", "instagram", "tiktok", "whatsapp",
    "telegram", "discord", "kik:", "wickr", "signal me", "dm me",
    "add me", "lisää mut", "lisää minut", "lägg till mig",
};

static int has_handle(const char *s)
{
    for (size_t i = 0; i < ARRAY_LEN(handles); i++)
        if (has_nocase(s, handles[i]))
            return 1;
    /* "@name" at a word start, as handles are written. */
    for (const char *p = strchr(s, '@'); p; p = strchr(p + 1, '@'))
        if ((p == s || isspace((unsigned char)p[-1])) &&
            (isalnum((unsigned char)p[1]) || p[1] == '_'))
            return 1;
    return 0;
}

enum filter_hit filter_check(const char *body, const struct nickguard *g,
                             char *const *words, size_t n, const char **why)
{
    char *sk = NULL;

    if (has_nocase(body, "http://") || has_nocase(body, "https://") ||
        has_nocase(body, "www.") || has_domain(body)) {
        *why = "Links are not allowed here.";
        return FILTER_LINK;
    }
    if (has_email(body)) {
        *why = "E-mail addresses are not shared here.";
        return FILTER_EMAIL;
    }
    if (has_phone(body)) {
        *why = "Phone numbers are not shared here.";
        return FILTER_PHONE;
    }
    if (has_handle(body)) {
        *why = "Contact details and social media handles are not shared "
               "here.";
        return FILTER_HANDLE;
    }
    if (g == NULL || n == 0 || (sk = nick_skeleton(g, body)) == NULL)
        return FILTER_NONE;
    for (size_t i = 0; i < n; i++) {
        char *w = nick_skeleton(g, words[i]);
        int hit = w && strstr(sk, w) != NULL;

        free(w);
        if (hit) {
            free(sk);
            *why = "That message contains a word that is not allowed here.";
            return FILTER_WORD;
        }
    }
    free(sk);
    return FILTER_NONE;
}
