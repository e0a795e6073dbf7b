/* test_nick.c - the impersonation guard: look-alikes of staff names and
 * reserved words are refused, ordinary nicknames pass. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "err.h"
#include "nick.h"

int main(void)
{
    struct nickguard *g = nickguard_new();
    const char *why = NULL;
    char *a, *b;

    CHECK(g != NULL);
    if (g == NULL)
        return CHECK_DONE("test_nick");
    nickguard_add_staff(g, "Officer Mikko");
    nickguard_add_word(g, "police");
    nickguard_add_word(g, "poliisi");
    nickguard_add_word(g, "поліція");
    nickguard_add_word(g, "moderator");

    /* Same skeleton for the obvious disguises. */
    a = nick_skeleton(g, "Officer Mikko");
    b = nick_skeleton(g, "0fficer  M1kko!");
    CHECK(a && b && strcmp(a, b) == 0);
    free(b);
    b = nick_skeleton(g, "Officer Mikk\xd0\xbe"); /* Cyrillic o */
    CHECK(a && b && strcmp(a, b) == 0);
    free(b);
    b = nick_skeleton(g, "officer.mikko");
    CHECK(a && b && strcmp(a, b) == 0);
    free(b);
    b = nick_skeleton(g, "OFFICER MIKKO");
    CHECK(a && b && strcmp(a, b) == 0);
    free(b);
    b = nick_skeleton(g, "Officer\xe2\x80\x8bMikko"); /* zero-width space */
    CHECK(a && b && strcmp(a, b) == 0);
    free(b);
    free(a);

    CHECK(nickguard_check(g, "Officer Mikko", &why) == ERR_CONFLICT);
    CHECK(nickguard_check(g, "0fficer Mikko", &why) == ERR_CONFLICT);
    CHECK(nickguard_check(g, "Officer Mikk\xd0\xbe", &why) == ERR_CONFLICT);
    CHECK(nickguard_check(g, "Officer_Mikko", &why) == ERR_CONFLICT);
    CHECK(nickguard_check(g, "the police guy", &why) == ERR_NOT_ACCEPTABLE);
    CHECK(nickguard_check(g, "P0LICE", &why) == ERR_NOT_ACCEPTABLE);
    CHECK(nickguard_check(g, "Poliisi Pekka", &why) == ERR_NOT_ACCEPTABLE);
    CHECK(nickguard_check(g, "\xd0\x9f\xd0\xbe\xd0\xbb\xd1\x96\xd1\x86\xd1"
                             "\x96\xd1\x8f",
                          &why) == ERR_NOT_ACCEPTABLE); /* Поліція */
    CHECK(nickguard_check(g, "mod3rator", &why) == ERR_NOT_ACCEPTABLE);
    CHECK(nickguard_check(g, "!!!", &why) == ERR_NOT_ACCEPTABLE);

    /* Ordinary nicknames pass. */
    CHECK(nickguard_check(g, "kid", &why) == 0);
    CHECK(nickguard_check(g, "Mikko", &why) == 0);
    CHECK(nickguard_check(g, "Officer Mikkonen", &why) == 0);
    CHECK(nickguard_check(g, "Анна", &why) == 0);
    CHECK(nickguard_check(g, "Åsa", &why) == 0);

    nickguard_clear(g);
    CHECK(nickguard_check(g, "Officer Mikko", &why) == 0);
    nickguard_free(g);
    return CHECK_DONE("test_nick");
}
