/*
 * stanza.c - helpers to build and read libstrophe stanzas.
 */
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "stanza.h"
#include "util.h"

xmpp_stanza_t *st_new(xmpp_ctx_t *ctx, const char *name, const char *ns)
{
    xmpp_stanza_t *st = xmpp_stanza_new(ctx);

    xmpp_stanza_set_name(st, name);
    if (ns)
        xmpp_stanza_set_ns(st, ns);
    return st;
}

xmpp_stanza_t *st_add(xmpp_stanza_t *parent, const char *name,
                      const char *ns)
{
    xmpp_stanza_t *c = st_new(xmpp_stanza_get_context(parent), name, ns);

    /* add_child_ex without clone hands our reference to the parent. */
    xmpp_stanza_add_child_ex(parent, c, 0);
    return c;
}

xmpp_stanza_t *st_add_text(xmpp_stanza_t *parent, const char *name,
                           const char *text)
{
    xmpp_stanza_t *c = st_add(parent, name, NULL);
    xmpp_stanza_t *t = xmpp_stanza_new(xmpp_stanza_get_context(parent));

    xmpp_stanza_set_text(t, text ? text : "");
    xmpp_stanza_add_child_ex(c, t, 0);
    return c;
}

void st_attr(xmpp_stanza_t *st, const char *name, const char *value)
{
    if (value)
        xmpp_stanza_set_attribute(st, name, value);
}

xmpp_stanza_t *st_iq_result(xmpp_stanza_t *iq)
{
    xmpp_stanza_t *r =
        st_new(xmpp_stanza_get_context(iq), "iq", NULL);

    xmpp_stanza_set_type(r, "result");
    st_attr(r, "id", xmpp_stanza_get_id(iq));
    st_attr(r, "to", xmpp_stanza_get_from(iq));
    st_attr(r, "from", xmpp_stanza_get_to(iq));
    return r;
}

xmpp_stanza_t *st_error_reply(xmpp_stanza_t *stanza, int code,
                              const char *text)
{
    return st_error_reply_lang(stanza, code, text, NULL);
}

xmpp_stanza_t *st_error_reply_lang(xmpp_stanza_t *stanza, int code,
                                   const char *text, const char *lang)
{
    const struct err_info *ei = err_info(code);
    const char *type = xmpp_stanza_get_type(stanza);
    xmpp_stanza_t *r, *e, *t;

    /* RFC 6120 §8.3.1: never answer an error with an error. */
    if (type && strcmp(type, "error") == 0)
        return NULL;
    r = st_new(xmpp_stanza_get_context(stanza),
               xmpp_stanza_get_name(stanza), NULL);
    xmpp_stanza_set_type(r, "error");
    st_attr(r, "id", xmpp_stanza_get_id(stanza));
    st_attr(r, "to", xmpp_stanza_get_from(stanza));
    st_attr(r, "from", xmpp_stanza_get_to(stanza));
    e = st_add(r, "error", NULL);
    st_attr(e, "type", ei->type);
    /* RFC 6120 §8.3.2 and the XEP-0045 examples: who generated it, as a
     * bare JID (the room, never an occupant's nick). */
    if (xmpp_stanza_get_to(stanza)) {
        char *by = jid_bare(xmpp_stanza_get_to(stanza));

        st_attr(e, "by", by);
        free(by);
    }
    st_add(e, ei->condition, NS_STANZAS);
    t = st_add_text(e, "text", text ? text : ei->text);
    xmpp_stanza_set_ns(t, NS_STANZAS);
    /* Most of our texts are English; those from the message catalogues
     * (lang.h) say which language they are in. */
    st_attr(t, "xml:lang", text && lang ? lang : "en");
    if (ei->app_ns)
        st_add(e, ei->app_cond, ei->app_ns);
    return r;
}

xmpp_stanza_t *st_first_elem(xmpp_stanza_t *st)
{
    xmpp_stanza_t *c;

    for (c = xmpp_stanza_get_children(st); c; c = xmpp_stanza_get_next(c))
        if (xmpp_stanza_is_tag(c))
            return c;
    return NULL;
}

char *st_text(xmpp_stanza_t *st)
{
    char *t, *copy;

    if (st == NULL || (t = xmpp_stanza_get_text(st)) == NULL)
        return NULL;
    copy = xstrdup(t);
    xmpp_free(xmpp_stanza_get_context(st), t);
    return copy;
}

const char *st_lang(xmpp_stanza_t *st)
{
    const char *l = xmpp_stanza_get_attribute(st, "xml:lang");

    /* libstrophe's parser hands over xml:lang without its prefix, as
     * "lang" (seen with libstrophe 0.12): accept both. */
    return l ? l : xmpp_stanza_get_attribute(st, "lang");
}

static int count(xmpp_stanza_t *st, int *left, int depth)
{
    xmpp_stanza_t *c;

    if (depth <= 0 || --*left < 0)
        return 0;
    for (c = xmpp_stanza_get_children(st); c; c = xmpp_stanza_get_next(c))
        if (xmpp_stanza_is_tag(c) && !count(c, left, depth - 1))
            return 0;
    return 1;
}

int st_within_limits(xmpp_stanza_t *st, int limit, int depth_limit)
{
    int left = limit;

    return count(st, &left, depth_limit);
}
