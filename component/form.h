/*
 * form.h - XEP-0004 data forms: read a submitted form, build forms.
 *
 * A submitted form is copied into a plain struct with bounded sizes, so
 * command code reads values without touching XML. Builders return
 * borrowed children of the form they add to.
 */
#ifndef ECOPPER_FORM_H
#define ECOPPER_FORM_H

#include <stddef.h>
#include <strophe.h>

#define FORM_MAX_FIELDS 64
#define FORM_MAX_VALUES 64
#define FORM_MAX_VALUE_LEN 8192

struct form_field {
    char *var;
    char **values; /* nvalues strings */
    size_t nvalues;
};

struct form {
    char *type; /* submit, cancel, form, result */
    char *form_type; /* the FORM_TYPE hidden field, or NULL */
    struct form_field *fields;
    size_t nfields;
};

/*
 * Parses the <x xmlns='jabber:x:data'/> element x into a new form (owned
 * by the caller, form_free()). Returns 0, or ERR_BAD_REQUEST with *why
 * set to a static explanation when x breaks the bounds or is malformed.
 */
int form_parse(xmpp_stanza_t *x, struct form **out, const char **why);
void form_free(struct form *f);
/* The first value of var, or NULL when the field is absent or empty. */
const char *form_value(const struct form *f, const char *var);
/* The field var, or NULL. */
const struct form_field *form_field(const struct form *f, const char *var);

/* A new <x xmlns='jabber:x:data' type=type>, owned by the caller. */
xmpp_stanza_t *form_new(xmpp_ctx_t *ctx, const char *type, const char *title,
                        const char *instructions);
/* Adds a field; value may be NULL. Returns the field (borrowed). */
xmpp_stanza_t *form_add_field(xmpp_stanza_t *x, const char *var,
                              const char *type, const char *label,
                              const char *value, int required);
/* Adds one more <value/> to a field. */
void form_add_value(xmpp_stanza_t *field, const char *value);
/* Adds <option label=label><value>value</value></option> to a field. */
void form_add_option(xmpp_stanza_t *field, const char *label,
                     const char *value);
/* Adds the hidden FORM_TYPE field. */
void form_add_type(xmpp_stanza_t *x, const char *form_type);

/*
 * A new copy of the form shown (an <x type='form'/> built here), with the
 * values submitted in sub in place of the shown ones: the same title,
 * instructions, fields, labels, options and <required/>, in the same
 * order, so that it can be shown again with what a person typed (an
 * ad-hoc step that refused a value, adhoc.c). A field sub does not name
 * keeps its shown values; hidden and fixed fields keep theirs whatever
 * sub says (XEP-0004 §3.3: a hidden value is not the submitter's to
 * change). A field of a single-valued type gets at most the first value
 * submitted (XEP-0004 §3.2). The copy is type "form" whatever shown's
 * type was. Owned by the caller; never NULL.
 */
xmpp_stanza_t *form_refill(xmpp_stanza_t *shown, const struct form *sub);

#endif
