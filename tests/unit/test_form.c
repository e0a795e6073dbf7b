/* test_form.c - XEP-0004 form parsing and its bounds. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <strophe.h>

#include "check.h"
#include "err.h"
#include "form.h"
#include "stanza.h"
#include "util.h"

static xmpp_ctx_t *ctx;

static int parse(const char *xml, struct form **f, const char **why)
{
    xmpp_stanza_t *x = xmpp_stanza_new_from_string(ctx, xml);
    int rc;

    if (x == NULL)
        return -100;
    rc = form_parse(x, f, why);
    xmpp_stanza_release(x);
    return rc;
}

int main(void)
{
    struct form *f = NULL;
    const char *why = NULL;
    char *big;
    size_t len;
    xmpp_stanza_t *x;
    char *buf;

    xmpp_initialize();
    ctx = xmpp_ctx_new(NULL, NULL);

    CHECK(parse("<x xmlns='jabber:x:data' type='submit'>"
                "<field var='FORM_TYPE' type='hidden'><value>urn:t</value>"
                "</field><field var='name'><value>kahvila</value></field>"
                "<field var='description'><value>a</value><value>b</value>"
                "</field><field var='empty'><value/></field>"
                "<field type='fixed'><value>ignored</value></field></x>",
                &f, &why) == 0);
    CHECK_STR(f->type, "submit");
    CHECK_STR(f->form_type, "urn:t");
    CHECK_STR(form_value(f, "name"), "kahvila");
    CHECK(form_value(f, "empty") == NULL);
    CHECK(form_value(f, "missing") == NULL);
    CHECK(form_field(f, "description")->nvalues == 2);
    CHECK(f->nfields == 4);
    form_free(f);

    CHECK(parse("<x xmlns='jabber:x:data'/>", &f, &why) == ERR_BAD_REQUEST);
    CHECK(parse("<x xmlns='urn:other' type='submit'/>", &f, &why) ==
          ERR_BAD_REQUEST);
    CHECK(parse("<x xmlns='jabber:x:data' type='submit'><field var='a'/>"
                "<field var='a'/></x>",
                &f, &why) == ERR_BAD_REQUEST);

    /* Too many fields. */
    len = 64 + (FORM_MAX_FIELDS + 1) * 32;
    big = malloc(len);
    strcpy(big, "<x xmlns='jabber:x:data' type='submit'>");
    for (int i = 0; i <= FORM_MAX_FIELDS; i++) {
        char fld[32];

        snprintf(fld, sizeof(fld), "<field var='f%d'/>", i);
        strcat(big, fld);
    }
    strcat(big, "</x>");
    CHECK(parse(big, &f, &why) == ERR_BAD_REQUEST && f == NULL);
    CHECK(why && strstr(why, "too many fields"));
    free(big);

    /* Building. */
    x = form_new(ctx, "form", "T", NULL);
    form_add_field(x, "name", "text-single", "Name", NULL, 1);
    form_add_option(form_add_field(x, "room", "list-single", NULL, NULL, 0),
                    "Label", "v@x");
    xmpp_stanza_to_text(x, &buf, &len);
    CHECK(strstr(buf, "<required/>") != NULL);
    CHECK(strstr(buf, "<option label=\"Label\"><value>v@x</value>") != NULL);
    xmpp_free(ctx, buf);
    xmpp_stanza_release(x);

    xmpp_ctx_free(ctx);
    xmpp_shutdown();
    return CHECK_DONE("test_form");
}
