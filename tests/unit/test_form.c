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

    /* Refilled: the form shown, with what was submitted. */
    {
        xmpp_stanza_t *shown = xmpp_stanza_new_from_string(
            ctx, "<x xmlns='jabber:x:data' type='form'><title>T</title>"
                 "<instructions>I</instructions>"
                 "<field var='FORM_TYPE' type='hidden'><value>urn:t</value>"
                 "</field>"
                 "<field var='slots' type='text-multi' label='Slots'>"
                 "<desc>D</desc><required/><value>old</value></field>"
                 "<field var='mode' type='list-single' label='Mode'>"
                 "<value>open</value><option label='Open'><value>open"
                 "</value></option></field>"
                 "<field var='name' type='text-single'><value>keep</value>"
                 "</field>"
                 "<field var='n' type='text-single'/>"
                 "<field type='fixed'><value>F</value></field></x>");
        char *out;

        CHECK(parse("<x xmlns='jabber:x:data' type='submit'>"
                    "<field var='FORM_TYPE'><value>urn:evil</value></field>"
                    "<field var='slots'><value>tue 25:00-18:00</value>"
                    "<value>wed 10:00-12:00</value></field>"
                    "<field var='mode'><value>queue</value></field>"
                    "<field var='n'><value>1</value><value>2</value></field>"
                    "<field var='extra'><value>x</value></field></x>",
                    &f, &why) == 0);
        x = form_refill(shown, f);
        xmpp_stanza_to_text(x, &out, &len);
        CHECK_STR(xmpp_stanza_get_type(x), "form");
        CHECK(strstr(out, "<title>T</title><instructions>I</instructions>") !=
              NULL);
        CHECK(strstr(out, "<value>urn:t</value>") != NULL);
        CHECK(strstr(out, "urn:evil") == NULL);
        /* The copied children keep the namespace they were parsed in. */
        CHECK(strstr(out, "label=\"Slots\" type=\"text-multi\" "
                          "var=\"slots\"><desc xmlns=\"jabber:x:data\">D"
                          "</desc><required xmlns=\"jabber:x:data\"/>"
                          "<value>tue 25:00-18:00</value>"
                          "<value>wed 10:00-12:00</value></field>") != NULL);
        CHECK(strstr(out, "old") == NULL);
        /* Values before options (XEP-0004 §9). */
        CHECK(strstr(out, "var=\"mode\"><value>queue</value><option "
                          "label=\"Open\" xmlns=\"jabber:x:data\"><value>"
                          "open</value></option></field>") != NULL);
        CHECK(strstr(out, "<value>keep</value>") != NULL);
        CHECK(strstr(out, "<value>1</value>") != NULL);
        CHECK(strstr(out, "<value>2</value>") == NULL);
        CHECK(strstr(out, "extra") == NULL);
        CHECK(strstr(out, "<value>F</value>") != NULL);
        xmpp_free(ctx, out);
        xmpp_stanza_release(x);
        xmpp_stanza_release(shown);
        form_free(f);
    }

    xmpp_ctx_free(ctx);
    xmpp_shutdown();
    return CHECK_DONE("test_form");
}
