/* test_config.c - the bootstrap configuration parser. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "config.h"
#include "log.h"

static char path[64];

static struct config *load(const char *text, char *err, size_t len)
{
    FILE *f = fopen(path, "w");

    fputs(text, f);
    fclose(f);
    err[0] = '\0';
    return config_load(path, err, len);
}

/* 1 when err is "path:line: ..." and contains what. */
static int err_at(const char *err, int line, const char *what)
{
    char prefix[128];

    snprintf(prefix, sizeof(prefix), "%s:%d: ", path, line);
    return strncmp(err, prefix, strlen(prefix)) == 0 && strstr(err, what);
}

int main(void)
{
    char err[512], secret[128];
    struct config *c;
    FILE *f;
    int fd;

    strcpy(path, "/tmp/ecopper-test-conf-XXXXXX");
    fd = mkstemp(path);
    close(fd);

    c = load("# a comment\n"
             "component_jid = muc.example.org\n"
             "\n"
             "secret = s3#cret   # trailing comment\n"
             "admins = a@example.org  b@example.org\n"
             "log_level = debug\n"
             "server_port = 5348\n",
             err, sizeof(err));
    CHECK(c != NULL);
    if (c) {
        CHECK_STR(c->component_jid, "muc.example.org");
        CHECK_STR(c->secret, "s3#cret");
        CHECK_STR(c->server_host, "127.0.0.1"); /* default */
        CHECK(c->server_port == 5348);
        CHECK(c->n_admins == 2);
        CHECK(c->log_level == LOG_DEBUG);
        CHECK_STR(c->timezone, "UTC");
        /* The send queue: 32 MiB, and a count no join storm of 5,000
         * youths reaches (issue 17). */
        CHECK(c->send_queue_bytes == 32L * 1024 * 1024);
        CHECK(c->send_queue_max == 250000);
        CHECK_STR(c->multicast, "auto"); /* XEP-0033, when there is one */
        CHECK(config_is_admin(c, "b@example.org/gajim"));
        CHECK(!config_is_admin(c, "c@example.org"));
        config_free(c);
    }

    /* multicast: auto, off, or the domain to ask (mcast.h). */
    c = load("component_jid = m\nsecret = x\nmulticast = off\n", err,
             sizeof(err));
    CHECK(c != NULL && strcmp(c->multicast, "off") == 0);
    config_free(c);
    c = load("component_jid = m\nsecret = x\nmulticast = staff.example.org\n",
             err, sizeof(err));
    CHECK(c != NULL && strcmp(c->multicast, "staff.example.org") == 0);
    config_free(c);
    c = load("component_jid = m\nsecret = x\nmulticast = a@example.org\n",
             err, sizeof(err));
    CHECK(c == NULL && strstr(err, "must be auto, off or a domain") != NULL);
    c = load("component_jid = m\nsecret = x\nmulticast = example.org/r\n",
             err, sizeof(err));
    CHECK(c == NULL && strstr(err, "must be auto, off or a domain") != NULL);

    c = load("component_jid = m\nsecret = x\nbogus = 1\n", err, sizeof(err));
    CHECK(c == NULL && err_at(err, 3, "unknown key 'bogus'"));
    c = load("component_jid = m\nsecret = x\nsecret = y\n", err, sizeof(err));
    CHECK(c == NULL && err_at(err, 3, "set twice"));
    c = load("component_jid = m\nsecret = x\nserver_port = 70000\n", err,
             sizeof(err));
    CHECK(c == NULL && err_at(err, 3, "server_port"));
    c = load("component_jid = m\nsecret = x\nlog_level = loud\n", err,
             sizeof(err));
    CHECK(c == NULL && err_at(err, 3, "log_level"));
    /* At most 1 GiB: the byte count of the queue is exact under 4 GiB
     * (link.c). */
    c = load("component_jid = m\nsecret = x\nsend_queue_bytes = 2147483648\n",
             err, sizeof(err));
    CHECK(c == NULL && err_at(err, 3, "send_queue_bytes"));
    c = load("component_jid = m\nsecret = x\nsend_queue_bytes = 1024\n", err,
             sizeof(err));
    CHECK(c == NULL && err_at(err, 3, "send_queue_bytes"));
    c = load("component_jid m\n", err, sizeof(err));
    CHECK(c == NULL && err_at(err, 1, "key = value"));
    c = load("secret = x\n", err, sizeof(err));
    CHECK(c == NULL && strstr(err, "component_jid is required"));
    c = load("component_jid = m\n", err, sizeof(err));
    CHECK(c == NULL && strstr(err, "secret"));
    c = load("component_jid = a@m\nsecret = x\n", err, sizeof(err));
    CHECK(c == NULL && strstr(err, "must be a domain"));
    c = load("component_jid = m\nsecret = x\ntimezone = Mars/Olympus\n", err,
             sizeof(err));
    CHECK(c == NULL && strstr(err, "timezone"));
    c = load("component_jid = m\nsecret = x\nadmins = a@b/res\n", err,
             sizeof(err));
    CHECK(c == NULL && err_at(err, 3, "not a bare JID"));
    c = load("component_jid = m\nsecret = x\ntimezone = Europe/Helsinki\n",
             err, sizeof(err));
    CHECK(c != NULL);
    config_free(c);

    /* secret_file: first line only. */
    snprintf(secret, sizeof(secret), "%s.secret", path);
    f = fopen(secret, "w");
    fputs("from-file\nignored\n", f);
    fclose(f);
    {
        char text[256];

        snprintf(text, sizeof(text), "component_jid = m\nsecret_file = %s\n",
                 secret);
        c = load(text, err, sizeof(err));
        CHECK(c != NULL && strcmp(c->secret, "from-file") == 0);
        config_free(c);
    }
    unlink(secret);
    c = load("component_jid = m\nsecret_file = /nonexistent/x\n", err,
             sizeof(err));
    CHECK(c == NULL && strstr(err, "/nonexistent/x"));

    /* A word file that is not a regular file is refused at once: read
     * for ever (/dev/zero) or blocking (a FIFO) it would hang the start
     * and every reload (a fuzzing finding, tests/fuzz/findings). */
    c = load("component_jid = m\nsecret = x\n"
             "filter_word_files = /dev/zero\n", err, sizeof(err));
    CHECK(c == NULL && strstr(err, "/dev/zero: not a regular file"));

    /* Word files add to filter_words, in order, after its own words;
     * a list holds as many entries as it was given. */
    snprintf(secret, sizeof(secret), "%s.words", path);
    f = fopen(secret, "w");
    fputs("# words\nc d,e\n\nf # g\n", f);
    fclose(f);
    {
        char text[512];

        snprintf(text, sizeof(text),
                 "component_jid = m\nsecret = x\nfilter_words = a b\n"
                 "filter_word_files = %s %s\nyouth_domains = ,\n",
                 secret, secret);
        c = load(text, err, sizeof(err));
        CHECK(c != NULL);
        if (c) {
            const char *want[] = {"a", "b", "c", "d", "e", "f",
                                  "c", "d", "e", "f"};

            CHECK(c->n_filter_words == 10 && c->filter_words[10] == NULL);
            for (size_t i = 0; i < c->n_filter_words && i < 10; i++)
                CHECK_STR(c->filter_words[i], want[i]);
            CHECK(c->n_filter_word_files == 2);
            CHECK(c->n_youth_domains == 0 && c->youth_domains[0] == NULL);
            CHECK(c->n_reserved_words > 50); /* the default */
            config_free(c);
        }
    }
    unlink(secret);
    /* A key the file sets never had its default (applied last, to the
     * keys left unset). */
    c = load("reserved_words = one two\ncomponent_jid = m\nsecret = x\n",
             err, sizeof(err));
    CHECK(c != NULL && c->n_reserved_words == 2 &&
          strcmp(c->reserved_words[1], "two") == 0 &&
          c->reserved_words[2] == NULL && strcmp(c->language, "en") == 0);
    config_free(c);

    /* config_load_stream(): the same parser on an open stream, named as
     * the caller says; the stream stays open. */
    {
        static char text[] = "component_jid = m\nsecret = x\n"
                             "admins = a@example.org\nmax_rooms = 0\n";
        FILE *mem = fmemopen(text, strlen(text), "r");

        c = config_load_stream(mem, "mem.conf", err, sizeof(err));
        CHECK(c == NULL && strncmp(err, "mem.conf:4: max_rooms", 21) == 0);
        rewind(mem);
        fclose(mem);
        mem = fmemopen(text, strlen(text) - 14, "r"); /* no max_rooms */
        c = config_load_stream(mem, "mem.conf", err, sizeof(err));
        CHECK(c != NULL && config_is_admin(c, "a@example.org") &&
              strcmp(c->path, "mem.conf") == 0);
        CHECK(fgetc(mem) == EOF && !ferror(mem));
        fclose(mem);
        config_free(c);
    }

    /* SIGHUP: the keys marked restart in the table keep their running
     * values, swapped into the new config; the others take the file's. */
    {
        struct config *run, *nc;
        char names[128];

        run = load("component_jid = m\nsecret = old\nserver_port = 5348\n"
                   "timezone = Europe/Helsinki\nadmins = a@example.org\n",
                   err, sizeof(err));
        nc = load("component_jid = m\nsecret = new\nserver_port = 5348\n"
                  "timezone = UTC\nadmins = b@example.org\n"
                  "max_rooms = 5\n", err, sizeof(err));
        CHECK(run != NULL && nc != NULL);
        if (run && nc) {
            CHECK(config_keep_restart_keys(nc, run, names, sizeof(names)) == 2);
            CHECK_STR(names, "secret, timezone");
            CHECK_STR(nc->secret, "old");
            CHECK_STR(nc->timezone, "Europe/Helsinki");
            CHECK_STR(run->timezone, "UTC"); /* freed with run */
            CHECK(nc->server_port == 5348);
            CHECK(nc->max_rooms == 5);
            CHECK(config_is_admin(nc, "b@example.org"));
            CHECK(!config_is_admin(nc, "a@example.org"));
            /* Called again it swaps them back; names is cut to fit. */
            CHECK(config_keep_restart_keys(nc, run, names, 4) == 2);
            CHECK(strlen(names) == 3);
            CHECK_STR(nc->secret, "new");
            CHECK(config_keep_restart_keys(run, run, names, sizeof(names)) ==
                  0);
            CHECK_STR(names, "");
        }
        config_free(run);
        config_free(nc);
    }

    unlink(path);
    c = config_load("/nonexistent/ecopper.conf", err, sizeof(err));
    CHECK(c == NULL && strstr(err, "/nonexistent/ecopper.conf"));
    return CHECK_DONE("test_config");
}
