/*
 * fuzz_form.c - libFuzzer target: form_parse() of a XEP-0004 data form.
 *
 * The input is one XML element, parsed by libstrophe as the daemon's
 * stanzas are; form_parse() reads it as a submitted form (any element:
 * a wrong name or namespace must be refused, not trusted). A form that
 * parses is read back through form_field() and form_value(), rebuilt
 * with the builders (form_new(), form_add_field(), form_add_value()),
 * serialized and parsed again: the copy must have the same fields with
 * the same values (whitespace aside, which XML normalizes in attributes).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <strophe.h>

#include "form.h"
#include "fuzz.h"
#include "log.h"
#include "util.h"

static xmpp_ctx_t *ctx;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    log_set_level(LOG_ERROR);
    xmpp_initialize();
    ctx = xmpp_ctx_new(NULL, NULL);
    return 0;
}

/* 1 when var survives a trip through an XML attribute as it is. */
static int attr_safe(const char *s)
{
    return strpbrk(s, "\t\n\r") == NULL;
}

/* The same check on a value: text content keeps tabs and newlines, but
 * a carriage return comes back as a newline. */
static int text_safe(const char *s)
{
    return strchr(s, '\r') == NULL;
}

static void roundtrip(const struct form *f)
{
    xmpp_stanza_t *x = form_new(ctx, f->type, "Title", NULL), *y;
    struct form *g = NULL;
    const char *why = NULL;
    char *text = NULL;
    size_t len = 0;
    int exact = 1;

    for (size_t i = 0; i < f->nfields; i++) {
        const struct form_field *ff = &f->fields[i];
        xmpp_stanza_t *fx =
            form_add_field(x, ff->var, "text-multi", "Label",
                           ff->nvalues ? ff->values[0] : NULL, (int)(i & 1));

        exact &= attr_safe(ff->var);
        for (size_t j = 0; j < ff->nvalues; j++) {
            if (j > 0)
                form_add_value(fx, ff->values[j]);
            exact &= text_safe(ff->values[j]);
        }
    }
    if (xmpp_stanza_to_text(x, &text, &len) != XMPP_EOK)
        abort(); /* our builders made something libstrophe cannot write */
    y = xmpp_stanza_new_from_string(ctx, text);
    if (y == NULL)
        abort(); /* libstrophe wrote what it cannot read */
    if (form_parse(y, &g, &why) != 0) {
        if (exact)
            abort(); /* a form we built is refused */
    } else if (exact) {
        if (g->nfields != f->nfields || strcmp(g->type, f->type) != 0)
            abort();
        for (size_t i = 0; i < f->nfields; i++) {
            const struct form_field *a = &f->fields[i], *b = &g->fields[i];

            if (strcmp(a->var, b->var) != 0 || a->nvalues != b->nvalues)
                abort();
            for (size_t j = 0; j < a->nvalues; j++)
                if (strcmp(a->values[j], b->values[j]) != 0)
                    abort();
        }
    }
    form_free(g);
    xmpp_free(ctx, text);
    xmpp_stanza_release(y);
    xmpp_stanza_release(x);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *xml = fuzz_cstr(data, size);
    xmpp_stanza_t *x = xmpp_stanza_new_from_string(ctx, xml);
    struct form *f = NULL;
    const char *why = NULL;

    free(xml);
    if (x == NULL)
        return 0;
    if (form_parse(x, &f, &why) != 0) {
        if (f != NULL || why == NULL)
            abort(); /* a refusal leaves *out NULL and says why */
        xmpp_stanza_release(x);
        return 0;
    }
    if (f->nfields > FORM_MAX_FIELDS)
        abort();
    for (size_t i = 0; i < f->nfields; i++) {
        const struct form_field *ff = &f->fields[i];
        const char *v = form_value(f, ff->var);

        if (ff->nvalues > FORM_MAX_VALUES || form_field(f, ff->var) != ff)
            abort();
        for (size_t j = 0; j < ff->nvalues; j++)
            if (strlen(ff->values[j]) > FORM_MAX_VALUE_LEN ||
                utf8_len(ff->values[j]) < 0)
                abort();
        if (v != NULL && v != ff->values[0])
            abort();
    }
    if (f->form_type && strcmp(f->form_type, form_value(f, "FORM_TYPE")
                                                 ? form_value(f, "FORM_TYPE")
                                                 : "") != 0)
        abort();
    roundtrip(f);
    form_free(f);
    xmpp_stanza_release(x);
    return 0;
}
