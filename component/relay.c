/*
 * relay.c - whitelists for client XML passed on to others (see relay.h).
 */
#include <string.h>

#include "relay.h"
#include "util.h"

#define NS_CAPS "http://jabber.org/protocol/caps"
#define NS_CHATSTATES "http://jabber.org/protocol/chatstates"
#define NS_SID "urn:xmpp:sid:0"
#define NS_CORRECT "urn:xmpp:message-correct:0"
#define NS_REPLY "urn:xmpp:reply:0"
#define NS_FALLBACK "urn:xmpp:fallback:0"

struct rule {
    const char *name, *ns;
    const char *attrs[5];       /* NULL-terminated */
    const struct rule *kid;     /* the one child element allowed, or NULL */
    int max_kids;
};

static const struct rule fallback_body = {"body", NULL, {"start", "end"},
                                          NULL, 0};

static const struct rule presence_rules[] = {
    {"c", NS_CAPS, {"hash", "node", "ver", "ext"}, NULL, 0},
};

static const struct rule message_rules[] = {
    {"active", NS_CHATSTATES, {0}, NULL, 0},
    {"composing", NS_CHATSTATES, {0}, NULL, 0},
    {"paused", NS_CHATSTATES, {0}, NULL, 0},
    {"inactive", NS_CHATSTATES, {0}, NULL, 0},
    {"gone", NS_CHATSTATES, {0}, NULL, 0},
    {"origin-id", NS_SID, {"id"}, NULL, 0},
    {"replace", NS_CORRECT, {"id"}, NULL, 0},
    {"reply", NS_REPLY, {"to", "id"}, NULL, 0},
    {"fallback", NS_FALLBACK, {"for"}, &fallback_body, 4},
};

static int is(xmpp_stanza_t *el, const char *name, const char *ns)
{
    const char *n = xmpp_stanza_get_name(el), *s = xmpp_stanza_get_ns(el);

    return xmpp_stanza_is_tag(el) && n && strcmp(n, name) == 0 &&
           (ns == NULL || (s && strcmp(s, ns) == 0));
}

/* Writes el as rule r allows it: its namespace (unless inherited), the
 * allowed attributes, and up to r->max_kids children of r->kid. */
static void rebuild(struct sbuf *sb, xmpp_stanza_t *el, const struct rule *r)
{
    xmpp_stanza_t *c;
    int kids = 0;

    sb_addf(sb, "<%s", r->name);
    if (r->ns)
        sb_addf(sb, " xmlns=\"%s\"", r->ns);
    for (size_t i = 0; i < sizeof(r->attrs) / sizeof(r->attrs[0]) &&
                       r->attrs[i]; i++) {
        const char *v = xmpp_stanza_get_attribute(el, r->attrs[i]);

        if (v == NULL || strlen(v) > RELAY_ATTR_MAX || utf8_len(v) < 0)
            continue;
        sb_addf(sb, " %s=\"", r->attrs[i]);
        sb_add_esc(sb, v);
        sb_add(sb, "\"");
    }
    if (r->kid == NULL) {
        sb_add(sb, "/>");
        return;
    }
    sb_add(sb, ">");
    for (c = xmpp_stanza_get_children(el); c && kids < r->max_kids;
         c = xmpp_stanza_get_next(c)) {
        const char *ns = xmpp_stanza_get_ns(c);

        /* The child is in its parent's namespace. */
        if (!is(c, r->kid->name, NULL) || (ns && strcmp(ns, r->ns) != 0))
            continue;
        rebuild(sb, c, r->kid);
        kids++;
    }
    sb_addf(sb, "</%s>", r->name);
}

static int relay(struct sbuf *sb, xmpp_stanza_t *el, const struct rule *rules,
                 size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (is(el, rules[i].name, rules[i].ns)) {
            rebuild(sb, el, &rules[i]);
            return 1;
        }
    return 0;
}

int relay_presence_child(struct sbuf *sb, xmpp_stanza_t *el)
{
    return relay(sb, el, presence_rules, ARRAY_LEN(presence_rules));
}

int relay_message_child(struct sbuf *sb, xmpp_stanza_t *el)
{
    return relay(sb, el, message_rules, ARRAY_LEN(message_rules));
}
