/*
 * fuzz.c - helpers of the libFuzzer targets (fuzz.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"
#include "util.h"

static char *dir;
static int dir_ours; /* made by us: removed at exit */

static int
rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    remove(path);
    return 0;
}

static void rm_dir(void)
{
    if (dir && dir_ours)
        nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

const char *fuzz_dir(void)
{
    const char *env = getenv("ECOPPER_FUZZ_TMP"), *base;
    struct stat st;

    if (dir)
        return dir;
    if (env && *env) {
        if (mkdir(env, 0700) != 0 && errno != EEXIST) {
            fprintf(stderr, "fuzz: cannot make %s: %s\n", env, strerror(errno));
            exit(1);
        }
        dir = xstrdup(env);
        return dir;
    }
    /* tmpfs when there is one: the router's store syncs every commit. */
    base = stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) &&
                   access("/dev/shm", W_OK) == 0
               ? "/dev/shm"
           : getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR")
                                                   : "/tmp";
    dir = xasprintf("%s/ecopper-fuzz.XXXXXX", base);
    if (mkdtemp(dir) == NULL) {
        fprintf(stderr, "fuzz: cannot make %s: %s\n", dir, strerror(errno));
        exit(1);
    }
    dir_ours = 1;
    atexit(rm_dir);
    return dir;
}

char *fuzz_path(const char *name)
{
    return xasprintf("%s/%s", fuzz_dir(), name);
}

void fuzz_write(const char *path, const void *data, size_t size)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const char *p = data;

    if (fd < 0) {
        fprintf(stderr, "fuzz: %s: %s\n", path, strerror(errno));
        exit(1);
    }
    while (size > 0) {
        ssize_t n = write(fd, p, size);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            fprintf(stderr, "fuzz: %s: %s\n", path, strerror(errno));
            exit(1);
        }
        p += n;
        size -= (size_t)n;
    }
    close(fd);
}

char *fuzz_cstr(const uint8_t *data, size_t size)
{
    char *s = xmalloc(size + 1);

    if (size)
        memcpy(s, data, size);
    s[size] = '\0';
    return s;
}
