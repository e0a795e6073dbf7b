/* test_filter.c - links, phone numbers, addresses, handles, words. */
#include "check.h"
#include "filter.h"
#include "nick.h"

int main(void)
{
    struct nickguard *g = nickguard_new();
    char *words[] = {"idiot", "huora"};
    const char *why = NULL;

    CHECK(filter_check("Is it legal to ride two on a bike?", g, words, 2,
                       &why) == FILTER_NONE);
    CHECK(filter_check("I am 15. Is 50 km/h ok at 22:30?", g, words, 2,
                       &why) == FILTER_NONE);
    CHECK(filter_check("see https://example.com", g, words, 2, &why) ==
          FILTER_LINK);
    CHECK(filter_check("go to www.foo.bar", g, words, 2, &why) ==
          FILTER_LINK);
    CHECK(filter_check("my page is cool.fi/me", g, words, 2, &why) ==
          FILTER_LINK);
    CHECK(filter_check("call 040 123 4567", g, words, 2, &why) ==
          FILTER_PHONE);
    CHECK(filter_check("+358-40-1234567 anytime", g, words, 2, &why) ==
          FILTER_PHONE);
    CHECK(filter_check("mail me kid@example.fi", g, words, 2, &why) ==
          FILTER_LINK || why != NULL);
    CHECK(filter_check("mail me kid@mailbox.xx", g, words, 2, &why) ==
          FILTER_EMAIL);
    CHECK(filter_check("add me on snapchat", g, words, 2, &why) ==
          FILTER_HANDLE);
    CHECK(filter_check("I am @coolkid99 there", g, words, 2, &why) ==
          FILTER_HANDLE);
    CHECK(filter_check("you are an 1d1ot", g, words, 2, &why) == FILTER_WORD);
    CHECK(filter_check("you are an I D I O T", g, words, 2, &why) ==
          FILTER_WORD);
    CHECK(filter_check("a friendly question", NULL, words, 2, &why) ==
          FILTER_NONE);
    nickguard_free(g);
    return CHECK_DONE("test_filter");
}
