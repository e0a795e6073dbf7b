/* test_util.c - JID helpers, UTF-8 and string helpers. */
#include <stdlib.h>

#include "check.h"
#include "util.h"

static void test_jid(void)
{
    char *s;

    CHECK_STR(s = jid_bare("a@b.c/res/x"), "a@b.c");
    free(s);
    CHECK_STR(s = jid_local("a@b.c/r@s"), "a");
    free(s);
    CHECK((s = jid_local("b.c/r@s")) == NULL);
    CHECK_STR(s = jid_domain("a@b.c/r@s"), "b.c");
    free(s);
    CHECK_STR(s = jid_domain("b.c"), "b.c");
    free(s);
    CHECK_STR(jid_resource("a@b/c/d"), "c/d");
    CHECK(jid_resource("a@b") == NULL);
    CHECK(jid_bare_eq("Admin@Example.org/x", "Admin@example.ORG"));
    CHECK(!jid_bare_eq("admin@example.org", "Admin@example.org"));
    CHECK(!jid_bare_eq("a@b", "b"));
    CHECK(!jid_bare_eq(NULL, "b"));
    CHECK(jid_bare(NULL) == NULL);
}

static void test_utf8(void)
{
    CHECK(utf8_len("") == 0);
    CHECK(utf8_len("abc") == 3);
    CHECK(utf8_len("poliisi\xc3\xa4") == 8);
    CHECK(utf8_len("\xd0\xbf\xd0\xbe") == 2);  /* Cyrillic */
    CHECK(utf8_len("\xf0\x9f\x98\x80") == 1);  /* emoji */
    CHECK(utf8_len("\xc0\xaf") == -1);         /* overlong '/' */
    CHECK(utf8_len("\xed\xa0\x80") == -1);     /* surrogate */
    CHECK(utf8_len("\xff") == -1);
    CHECK(utf8_len("\xe2\x82") == -1);         /* truncated */
}

static void test_strings(void)
{
    char buf[8], t[32] = "  key = v \t";
    long v;
    char *p;

    CHECK(str_lcpy(buf, "abcdefghij", sizeof(buf)) == 10);
    CHECK_STR(buf, "abcdefg");
    CHECK_STR(str_trim(t), "key = v");
    CHECK(str_to_long("5347", 1, 65535, &v) == 0 && v == 5347);
    CHECK(str_to_long("0", 1, 65535, &v) == -1);
    CHECK(str_to_long("12x", 1, 65535, &v) == -1);
    CHECK(str_to_long("", 1, 65535, &v) == -1);
    CHECK(str_to_long("99999999999999999999", 1, 65535, &v) == -1);
    CHECK(str_eq_nocase("MUC.Example", "muc.example"));
    CHECK(!str_eq_nocase("muc", "mu"));
    CHECK_STR(p = xasprintf("%s@%d", "x", 5), "x@5");
    free(p);
    rand_hex(buf, 3);
    CHECK(strlen(buf) == 6);
    {
        /* Stanza-ids: 16 base64url characters, 96 bits (issue 17). */
        char a[RAND_ID_LEN + 1], b[RAND_ID_LEN + 1];

        rand_id(a);
        rand_id(b);
        CHECK(strlen(a) == 16 && rand_id_valid(a) && rand_id_valid(b));
        CHECK(strcmp(a, b) != 0);
        CHECK(rand_id_valid("AZaz09-_AZaz09-_"));
        CHECK(!rand_id_valid("AZaz09+/AZaz09+/"));
        CHECK(!rand_id_valid("AZaz09-_AZaz09-"));
        CHECK(!rand_id_valid("24ee7be71cae8dfaece5c3499150aada"));
        CHECK(!rand_id_valid(NULL));
    }
}

static void test_datetime(void)
{
    int64_t t = 0;

    CHECK(xmpp_datetime_parse("1970-01-01T00:00:00Z", &t) == 0 && t == 0);
    CHECK(xmpp_datetime_parse("2026-03-29T03:00:00+03:00", &t) == 0 &&
          t == 1774742400);
    CHECK(xmpp_datetime_parse("2026-03-29T00:00:00.123Z", &t) == 0 &&
          t == 1774742400);
    CHECK(xmpp_datetime_parse("2026-03-28T23:30:00-00:30", &t) == 0 &&
          t == 1774742400);
    CHECK(xmpp_datetime_parse("2026-03-29T00:00:00", &t) == -1);
    CHECK(xmpp_datetime_parse("2026-13-29T00:00:00Z", &t) == -1);
    CHECK(xmpp_datetime_parse("2026-03-29T00:00:00Zjunk", &t) == -1);
    CHECK(xmpp_datetime_parse("yesterday", &t) == -1);
    CHECK(xmpp_datetime_parse(NULL, &t) == -1);
}

static void test_jid_valid(void)
{
    CHECK(jid_valid("user@localhost"));
    CHECK(jid_valid("localhost"));
    CHECK(jid_valid("user@localhost/phone 2"));
    CHECK(jid_valid("\xc3\xa4iti@example.fi"));
    CHECK(!jid_valid("@@@"));
    CHECK(!jid_valid("@localhost"));
    CHECK(!jid_valid("user@"));
    CHECK(!jid_valid(""));
    CHECK(!jid_valid("a@b@c"));
    CHECK(!jid_valid("us er@localhost"));
    CHECK(!jid_valid("user@local host"));
    CHECK(!jid_valid("user@localhost/"));
    CHECK(!jid_valid("us<er@localhost"));
    CHECK(!jid_valid("\xff@localhost"));
    CHECK(!jid_valid(NULL));
}

int main(void)
{
    test_jid_valid();
    test_datetime();
    test_jid();
    test_utf8();
    test_strings();
    return CHECK_DONE("test_util");
}
