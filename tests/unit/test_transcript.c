/*
 * test_transcript.c - the text of an archived message's body
 * (transcript_body()): entities read back, only the message's own body,
 * none when there is none or the XML is broken.
 */
#include <stdlib.h>

#include "check.h"
#include "transcript.h"

static void check_body(const char *xml, const char *want)
{
    char *got = transcript_body(xml);

    if (want == NULL)
        CHECK(got == NULL);
    else
        CHECK_STR(got, want);
    free(got);
}

int main(void)
{
    check_body(" from=\"r@m/kid\" type=\"groupchat\"><body>hi &amp; "
               "&lt;bye&gt; &#228;</body><stanza-id xmlns=\"urn:xmpp:sid:0\" "
               "id=\"x\"/></message>",
               "hi & <bye> \xc3\xa4");
    check_body(" from=\"r@m/kid\"><body/></message>", "");
    check_body(" from=\"r@m/kid\"><reply xmlns=\"urn:xmpp:reply:0\"><body>"
               "not this</body></reply><body>this</body></message>",
               "this");
    check_body(" from=\"r@m/kid\"><subject>s</subject></message>", NULL);
    check_body(" from=\"r@m/kid\"><body>cut", NULL);
    check_body("", NULL);
    check_body(" from=\"r@m/kid\"><body>a</body><body>b</body></message>", "a");
    return CHECK_DONE("test_transcript");
}
