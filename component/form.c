/*
 * form.c - XEP-0004 data forms.
 */
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "form.h"
#include "stanza.h"
#include "util.h"

void form_free(struct form *f)
{
    if (f == NULL)
        return;
    for (size_t i = 0; i < f->nfields; i++) {
        for (size_t j = 0; j < f->fields[i].nvalues; j++)
            free(f->fields[i].values[j]);
        free(f->fields[i].values);
        free(f->fields[i].var);
    }
    free(f->fields);
    free(f->type);
    free(f->form_type);
    free(f);
}

static int is_named(xmpp_stanza_t *st, const char *name)
{
    const char *n = xmpp_stanza_get_name(st);

    return xmpp_stanza_is_tag(st) && n && strcmp(n, name) == 0;
}

int form_parse(xmpp_stanza_t *x, struct form **out, const char **why)
{
    struct form *f;
    xmpp_stanza_t *c, *v;
    const char *ns = xmpp_stanza_get_ns(x), *type;

    *out = NULL;
    if (ns == NULL || strcmp(ns, NS_DATA) != 0 || !is_named(x, "x")) {
        *why = "not a jabber:x:data form";
        return ERR_BAD_REQUEST;
    }
    type = xmpp_stanza_get_type(x);
    if (type == NULL || (strcmp(type, "submit") != 0 &&
                         strcmp(type, "cancel") != 0 &&
                         strcmp(type, "form") != 0 &&
                         strcmp(type, "result") != 0)) {
        *why = "the form's type must be submit, cancel, form or result";
        return ERR_BAD_REQUEST;
    }
    f = xcalloc(1, sizeof(*f));
    f->type = xstrdup(type);
    f->fields = xcalloc(FORM_MAX_FIELDS, sizeof(*f->fields));
    for (c = xmpp_stanza_get_children(x); c; c = xmpp_stanza_get_next(c)) {
        struct form_field *ff;
        const char *var;

        if (!is_named(c, "field"))
            continue;
        var = xmpp_stanza_get_attribute(c, "var");
        if (var == NULL)
            continue; /* fixed fields have no var and carry no input */
        if (f->nfields == FORM_MAX_FIELDS) {
            *why = "the form has too many fields";
            goto bad;
        }
        if (strlen(var) > 256 || utf8_len(var) < 0) {
            *why = "a field name is too long or not UTF-8";
            goto bad;
        }
        for (size_t i = 0; i < f->nfields; i++)
            if (strcmp(f->fields[i].var, var) == 0) {
                *why = "a field appears twice";
                goto bad;
            }
        ff = &f->fields[f->nfields++];
        ff->var = xstrdup(var);
        ff->values = xcalloc(FORM_MAX_VALUES, sizeof(char *));
        for (v = xmpp_stanza_get_children(c); v; v = xmpp_stanza_get_next(v)) {
            char *t;

            if (!is_named(v, "value"))
                continue;
            if (ff->nvalues == FORM_MAX_VALUES) {
                *why = "a field has too many values";
                goto bad;
            }
            t = st_text(v);
            if (t == NULL)
                t = xstrdup("");
            if (strlen(t) > FORM_MAX_VALUE_LEN || utf8_len(t) < 0) {
                free(t);
                *why = "a value is too long or not UTF-8";
                goto bad;
            }
            ff->values[ff->nvalues++] = t;
        }
        if (strcmp(var, "FORM_TYPE") == 0 && ff->nvalues > 0 &&
            f->form_type == NULL)
            f->form_type = xstrdup(ff->values[0]);
    }
    *out = f;
    return 0;
bad:
    form_free(f);
    return ERR_BAD_REQUEST;
}

const struct form_field *form_field(const struct form *f, const char *var)
{
    if (f == NULL)
        return NULL;
    for (size_t i = 0; i < f->nfields; i++)
        if (strcmp(f->fields[i].var, var) == 0)
            return &f->fields[i];
    return NULL;
}

const char *form_value(const struct form *f, const char *var)
{
    const struct form_field *ff = form_field(f, var);

    if (ff == NULL || ff->nvalues == 0 || ff->values[0][0] == '\0')
        return NULL;
    return ff->values[0];
}

xmpp_stanza_t *form_new(xmpp_ctx_t *ctx, const char *type, const char *title,
                        const char *instructions)
{
    xmpp_stanza_t *x = st_new(ctx, "x", NS_DATA);

    xmpp_stanza_set_type(x, type);
    if (title)
        st_add_text(x, "title", title);
    if (instructions)
        st_add_text(x, "instructions", instructions);
    return x;
}

xmpp_stanza_t *form_add_field(xmpp_stanza_t *x, const char *var,
                              const char *type, const char *label,
                              const char *value, int required)
{
    xmpp_stanza_t *f = st_add(x, "field", NULL);

    st_attr(f, "var", var);
    st_attr(f, "type", type);
    st_attr(f, "label", label);
    if (required)
        st_add(f, "required", NULL);
    if (value)
        st_add_text(f, "value", value);
    return f;
}

void form_add_value(xmpp_stanza_t *field, const char *value)
{
    st_add_text(field, "value", value);
}

void form_add_option(xmpp_stanza_t *field, const char *label,
                     const char *value)
{
    xmpp_stanza_t *o = st_add(field, "option", NULL);

    st_attr(o, "label", label);
    st_add_text(o, "value", value);
}

void form_add_type(xmpp_stanza_t *x, const char *form_type)
{
    form_add_field(x, "FORM_TYPE", "hidden", NULL, form_type, 0);
}

/* 1 when a field of type (NULL: text-single) may hold several values. */
static int is_multi(const char *type)
{
    return type && (strcmp(type, "list-multi") == 0 ||
                    strcmp(type, "jid-multi") == 0 ||
                    strcmp(type, "text-multi") == 0);
}

/* A copy of field f (a child of a shown form) with the values of ff. */
static xmpp_stanza_t *field_refill(xmpp_stanza_t *f,
                                   const struct form_field *ff)
{
    const char *type = xmpp_stanza_get_type(f);
    xmpp_stanza_t *c = st_new(xmpp_stanza_get_context(f), "field", NULL);
    size_t n = ff->nvalues;

    /* XEP-0004 §3.2: a field has these three attributes, no other. */
    st_attr(c, "var", xmpp_stanza_get_attribute(f, "var"));
    st_attr(c, "type", type);
    st_attr(c, "label", xmpp_stanza_get_attribute(f, "label"));
    /* XEP-0004 §9 (the schema): desc, required, the values, then the
     * options. */
    for (xmpp_stanza_t *k = xmpp_stanza_get_children(f); k;
         k = xmpp_stanza_get_next(k))
        if (is_named(k, "desc") || is_named(k, "required"))
            xmpp_stanza_add_child_ex(c, xmpp_stanza_copy(k), 0);
    if (!is_multi(type) && n > 1)
        n = 1;
    for (size_t i = 0; i < n; i++)
        st_add_text(c, "value", ff->values[i]);
    for (xmpp_stanza_t *k = xmpp_stanza_get_children(f); k;
         k = xmpp_stanza_get_next(k))
        if (is_named(k, "option"))
            xmpp_stanza_add_child_ex(c, xmpp_stanza_copy(k), 0);
    return c;
}

xmpp_stanza_t *form_refill(xmpp_stanza_t *shown, const struct form *sub)
{
    xmpp_stanza_t *x = st_new(xmpp_stanza_get_context(shown), "x", NS_DATA);

    xmpp_stanza_set_type(x, "form");
    for (xmpp_stanza_t *c = xmpp_stanza_get_children(shown); c;
         c = xmpp_stanza_get_next(c)) {
        const char *var, *type;
        const struct form_field *ff;

        if (!xmpp_stanza_is_tag(c))
            continue;
        var = xmpp_stanza_get_attribute(c, "var");
        type = xmpp_stanza_get_type(c);
        if (is_named(c, "field") && var &&
            !(type && (strcmp(type, "hidden") == 0 ||
                       strcmp(type, "fixed") == 0)) &&
            (ff = form_field(sub, var)) != NULL)
            xmpp_stanza_add_child_ex(x, field_refill(c, ff), 0);
        else
            xmpp_stanza_add_child_ex(x, xmpp_stanza_copy(c), 0);
    }
    return x;
}
