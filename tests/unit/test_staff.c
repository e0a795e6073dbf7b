/* test_staff.c - the staff registry: the import parser (shared by the
 * staff-import command and `ecopper --import-staff`) and all-or-nothing
 * imports on a :memory: store. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "err.h"
#include "lang.h"
#include "staff.h"
#include "store.h"

static int count(const struct store_staff *m, void *ud)
{
    (void)m;
    (*(int *)ud)++;
    return 0;
}

/* What staff.c said last, and the catalogues to read it in. */
static struct lang_reason reason;
static struct langs *langs;

/* The last reason in English (as the command line and the docs give
 * it). */
static const char *said(void)
{
    static char text[LANG_REASON_BUF + 256];

    lang_reason_format(lang_pick(langs, "en", NULL), &reason, text,
                       sizeof(text));
    return text;
}

int main(void)
{
    char err[512];
    struct store *st = store_open(":memory:", err, sizeof(err));
    struct staffs *s;
    struct staff_import im;
    size_t line, added;
    int n;

    CHECK(st != NULL);
    langs = lang_load_builtin(err, sizeof(err));
    CHECK(langs != NULL);
    if (langs == NULL)
        return CHECK_DONE("test_staff");
    s = staffs_load(st);
    CHECK(s != NULL);
    {
        const char *lines[] = {
            "# address; name; title; organisation; role", "",
            "  mikko@example.org ; Officer Mikko; Police officer; Police",
            "anna@example.org; Youth worker Anna; Youth worker; City; "
            "moderator",
            "pekka@example.org; Officer Pekka"};

        CHECK(staffs_parse_import(lines, 5, &im, &line, &reason) == 0);
        CHECK(im.n == 3 && im.lineno[0] == 3 && im.lineno[2] == 5);
        CHECK_STR(im.rows[0].jid, "mikko@example.org");
        CHECK_STR(im.rows[0].organisation, "Police");
        CHECK(im.rows[1].role == ROLE_MODERATOR);
        CHECK(im.rows[2].role == ROLE_PARTICIPANT);
        CHECK_STR(im.rows[2].title, "");
        CHECK(staffs_import(s, &im, "admin@example.org", 100, &line, &reason, &added) == 0);
        CHECK(added == 3);
        staff_import_free(&im);
        CHECK(staffs_get(s, "Anna@Example.org") != NULL);
    }
    {
        /* Each bad line is named by its number; nothing is parsed. */
        const char *bad_role[] = {"a@b; A", "c@d; C; ; ; boss"};
        const char *no_at[] = {"", "", "nobody; Name"};
        const char *too_many[] = {"a@b; A; t; o; moderator; extra"};
        const char *long_title[] = {
            "a@b; A; "
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"};

        CHECK(staffs_parse_import(bad_role, 2, &im, &line, &reason) == ERR_BAD_REQUEST);
        CHECK(line == 2 && strstr(said(), "moderator or participant"));
        {
            /* The same reason in Finnish keeps the role words. */
            char fi[256];

            CHECK(lang_reason_format(lang_pick(langs, "fi", NULL), &reason,
                                     fi, sizeof(fi)) == 0);
            CHECK(strstr(fi, "moderator tai participant") != NULL);
        }
        CHECK(im.n == 0 && im.rows == NULL);
        CHECK(staffs_parse_import(no_at, 3, &im, &line, &reason) == ERR_BAD_REQUEST);
        CHECK(line == 3);
        CHECK(staffs_parse_import(too_many, 1, &im, &line, &reason) == ERR_BAD_REQUEST);
        CHECK(line == 1);
        CHECK(staffs_parse_import(long_title, 1, &im, &line, &reason) == ERR_BAD_REQUEST);
        CHECK(line == 1 && strstr(said(), "100"));
    }
    {
        /* A name taken by a member the import does not replace: refused
         * before anything is stored, naming the line. */
        const char *lines[] = {"new@example.org; Newcomer",
                               "zoe@example.org; Officer Mikko"};

        CHECK(staffs_parse_import(lines, 2, &im, &line, &reason) == 0);
        CHECK(staffs_import(s, &im, "admin@example.org", 200, &line, &reason, &added) == ERR_CONFLICT);
        CHECK(line == 2 && strstr(said(), "mikko@example.org"));
        staff_import_free(&im);
        CHECK(staffs_get(s, "new@example.org") == NULL);
        n = 0;
        CHECK(store_staff_each(st, count, &n) == 0 && n == 3);
    }
    {
        /* The same address twice. */
        const char *lines[] = {"x@example.org; X", "X@example.org; Y"};

        CHECK(staffs_parse_import(lines, 2, &im, &line, &reason) == 0);
        CHECK(staffs_import(s, &im, "a@b", 1, &line, &reason,
                            &added) == ERR_CONFLICT);
        CHECK(line == 2 && strstr(said(), "line 1"));
        staff_import_free(&im);
    }
    {
        /* Updating an entry keeps its photo. */
        static const unsigned char png[] = {0x89, 'P', 'N', 'G', 13, 10,
                                            26, 10};
        struct staff m = *staffs_get(s, "mikko@example.org");
        const char *lines[] = {"mikko@example.org; Officer Mikko; "
                               "Traffic police"};

        m.photo = (unsigned char *)(unsigned long)png;
        m.photo_len = sizeof(png);
        m.photo_type = "image/png";
        CHECK(staffs_put(s, &m, "a@b", 3, NULL) == 0);
        CHECK(staffs_parse_import(lines, 1, &im, &line, &reason) == 0);
        CHECK(staffs_import(s, &im, "a@b", 4, &line, &reason,
                            &added) == 0 && added == 0);
        staff_import_free(&im);
        CHECK(staffs_get(s, "mikko@example.org")->photo_len == sizeof(png));
        CHECK_STR(staffs_get(s, "mikko@example.org")->title,
                  "Traffic police");
    }
    {
        /* Photos: PNG or JPEG by magic bytes, base64 with line breaks,
         * at most STAFF_PHOTO_MAX bytes. */
        unsigned char *out;
        const char *type;
        size_t len;
        char *big;

        /* "\x89PNG\r\n\x1a\n" and "\xff\xd8\xff\xe0" */
        CHECK(staff_photo_decode("iVBO\nRw0K\r\nGgo=", &out, &len, &type,
                                 &reason) == 0);
        CHECK(len == 8 && out[1] == 'P');
        CHECK_STR(type, "image/png");
        free(out);
        CHECK(staff_photo_decode("/9j/4A==", &out, &len, &type, &reason) == 0);
        CHECK(len == 4);
        CHECK_STR(type, "image/jpeg");
        free(out);
        CHECK(staff_photo_decode("R0lGODlh", &out, &len, &type, &reason) == ERR_NOT_ACCEPTABLE);
        CHECK(strstr(said(), "not a PNG or JPEG") && out == NULL);
        CHECK(staff_photo_decode("iVBO!!==", &out, &len, &type, &reason) == ERR_NOT_ACCEPTABLE);
        CHECK(strstr(said(), "base64") != NULL);
        CHECK(staff_photo_decode("iVB", &out, &len, &type, &reason) == ERR_NOT_ACCEPTABLE);
        CHECK(staff_photo_decode("  \n", &out, &len, &type, &reason) == ERR_NOT_ACCEPTABLE);
        CHECK(strstr(said(), "no photo") != NULL);
        CHECK(staff_photo_decode(NULL, &out, &len, &type, &reason) == ERR_NOT_ACCEPTABLE);
        /* 64 KiB + 3 bytes of base64: refused while reading, not after. */
        big = malloc(4 * (STAFF_PHOTO_MAX / 3 + 2) + 1);
        memset(big, 'A', 4 * (STAFF_PHOTO_MAX / 3 + 2));
        memcpy(big, "iVBORw0KGgo", 11);
        big[4 * (STAFF_PHOTO_MAX / 3 + 2)] = '\0';
        CHECK(staff_photo_decode(big, &out, &len, &type, &reason) == ERR_NOT_ACCEPTABLE);
        CHECK(strstr(said(), "64 KiB") != NULL);
        /* Exactly 64 KiB (65536 = 3 * 21845 + 1: "==") is fine. */
        big[4 * ((STAFF_PHOTO_MAX + 2) / 3)] = '\0';
        big[4 * ((STAFF_PHOTO_MAX + 2) / 3) - 1] = '=';
        big[4 * ((STAFF_PHOTO_MAX + 2) / 3) - 2] = '=';
        CHECK(staff_photo_decode(big, &out, &len, &type, &reason) == 0);
        CHECK(len == STAFF_PHOTO_MAX);
        free(out);
        free(big);
        CHECK(staffs_get(s, "mikko@example.org")->photo_sha1[0] != '\0');
        CHECK(staffs_get(s, "anna@example.org")->photo_sha1[0] == '\0');
    }
    staffs_free(s);
    /* What the import stored is what a fresh load finds. */
    s = staffs_load(st);
    CHECK(staffs_get(s, "pekka@example.org") != NULL);
    CHECK_STR(staffs_get(s, "mikko@example.org")->title, "Traffic police");
    staffs_free(s);
    store_close(st);
    lang_free(langs);
    return CHECK_DONE("test_staff");
}
