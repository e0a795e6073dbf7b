/*
 * fuzz_config.c - libFuzzer target: config_load_stream(), the parser of
 * config_load(), on a configuration file.
 *
 * The input is read from memory (fmemopen()) by the function
 * config_load() hands the file it opened to: writing it to a file and
 * opening it again per input took more time than the parse. The scratch
 * directory is the working directory for the while: a relative
 * secret_file or filter_word_files names a file there, such as words.txt
 * and secret.txt made below, read as the daemon reads them. A config that
 * loads is read through config_is_admin() and config_is_youth(); one that
 * does not must say why.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "fuzz.h"
#include "log.h"

static int here; /* the working directory libFuzzer was started in */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static const char words[] = "# filter words\nbadword other\nthird\n";
    static const char secret[] = "s3cret\n";
    char *path;

    (void)argc;
    (void)argv;
    log_set_level(LOG_ERROR);
    if ((here = open(".", O_RDONLY | O_DIRECTORY)) < 0) {
        perror("fuzz_config: .");
        exit(1);
    }
    path = fuzz_path("words.txt");
    fuzz_write(path, words, strlen(words));
    free(path);
    path = fuzz_path("secret.txt");
    fuzz_write(path, secret, strlen(secret));
    free(path);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[1024], *text = fuzz_cstr(data, size);
    FILE *f = fmemopen(text, size, "r");
    struct config *cfg;

    if (f == NULL)
        abort();
    err[0] = '\0';
    if (chdir(fuzz_dir()) != 0)
        abort();
    cfg = config_load_stream(f, "ecopper.conf", err, sizeof(err));
    if (fchdir(here) != 0)
        abort();
    fclose(f);
    free(text);
    if (cfg == NULL) {
        if (err[0] == '\0')
            abort(); /* a refusal says why */
        return 0;
    }
    if (cfg->component_jid == NULL || cfg->secret == NULL ||
        cfg->timezone == NULL)
        abort(); /* check_whole() promises these */
    for (size_t i = 0; i < cfg->n_admins; i++)
        if (!config_is_admin(cfg, cfg->admins[i]))
            abort();
    config_is_admin(cfg, "admin@localhost/res");
    config_is_youth(cfg, "abc@anon.localhost/res");
    config_is_youth(cfg, "");
    config_free(cfg);
    return 0;
}
