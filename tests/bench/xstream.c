/*
 * xstream.c - see xstream.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "xstream.h"

static void copy(char *dst, size_t cap, const char *src)
{
    size_t n = strlen(src);

    if (n >= cap)
        n = cap - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

static const char *attr(const char **a, const char *name)
{
    for (; a[0]; a += 2)
        if (strcmp(a[0], name) == 0)
            return a[1];
    return NULL;
}

static void XMLCALL on_start(void *ud, const char *name, const char **a)
{
    struct xconn *c = ud;
    const char *v;

    switch (c->depth++) {
    case 0: /* the stream header */
        if ((v = attr(a, "id")))
            copy(c->stream_id, sizeof(c->stream_id), v);
        if (c->on_open)
            c->on_open(c);
        break;
    case 1: /* a stanza */
        memset(&c->cur, 0, offsetof(struct xst, body));
        c->cur.body[0] = '\0';
        c->cur.bodylen = 0;
        copy(c->cur.name, sizeof(c->cur.name), name);
        if ((v = attr(a, "from")))
            copy(c->cur.from, sizeof(c->cur.from), v);
        if ((v = attr(a, "to")))
            copy(c->cur.to, sizeof(c->cur.to), v);
        if ((v = attr(a, "type")))
            copy(c->cur.type, sizeof(c->cur.type), v);
        if ((v = attr(a, "id")))
            copy(c->cur.id, sizeof(c->cur.id), v);
        break;
    case 2:
        if (strcmp(name, "x") == 0 && (v = attr(a, "xmlns")) &&
            strncmp(v, "http://jabber.org/protocol/muc", 30) == 0)
            c->cur.muc_x = 1;
        else if (strcmp(name, "error") == 0)
            c->cur.error = 1;
        else if (strcmp(name, "subject") == 0)
            c->cur.subject = 1;
        else if (strcmp(name, "bind") == 0)
            c->cur.bind = 1;
        else if (strcmp(name, "body") == 0)
            c->in_body = 1;
        break;
    case 3:
        if (c->cur.muc_x && strcmp(name, "status") == 0 &&
            (v = attr(a, "code")) && strcmp(v, "110") == 0)
            c->cur.code110 = 1;
        else if (c->cur.muc_x && strcmp(name, "item") == 0 &&
                 (v = attr(a, "role")))
            copy(c->cur.role, sizeof(c->cur.role), v);
        else if (c->cur.error && strcmp(name, "text") == 0)
            c->in_body = 1; /* an error's text goes into body */
        else if (c->cur.error && !c->cur.cond[0])
            copy(c->cur.cond, sizeof(c->cur.cond), name);
        break;
    default:
        break;
    }
}

static void XMLCALL on_end(void *ud, const char *name)
{
    struct xconn *c = ud;

    (void)name;
    switch (--c->depth) {
    case 0:
        c->closed = 1; /* </stream:stream> */
        break;
    case 1:
        c->stanzas_in++;
        if (c->on_stanza)
            c->on_stanza(c, &c->cur);
        break;
    case 2:
    case 3:
        c->in_body = 0;
        break;
    default:
        break;
    }
}

static void XMLCALL on_text(void *ud, const char *s, int len)
{
    struct xconn *c = ud;
    size_t room = sizeof(c->cur.body) - 1 - c->cur.bodylen;
    size_t n = (size_t)len;

    if (!c->in_body || (c->depth != 3 && !(c->cur.error && c->depth == 4)))
        return;
    if (n > room)
        n = room;
    memcpy(c->cur.body + c->cur.bodylen, s, n);
    c->cur.bodylen += n;
    c->cur.body[c->cur.bodylen] = '\0';
}

static void setup(struct xconn *c)
{
    XML_SetUserData(c->parser, c);
    XML_SetElementHandler(c->parser, on_start, on_end);
    XML_SetCharacterDataHandler(c->parser, on_text);
    c->depth = 0;
    c->in_body = 0;
}

void xs_reset(struct xconn *c)
{
    if (c->parser)
        XML_ParserReset(c->parser, NULL);
    else
        c->parser = XML_ParserCreate(NULL);
    if (!c->parser) {
        fprintf(stderr, "xstream: out of memory\n");
        exit(2);
    }
    setup(c);
}

int xs_connect(struct xconn *c, unsigned port)
{
    struct sockaddr_in sa;
    int one = 1;

    c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (c->fd < 0)
        return -1;
    setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_port = htons((unsigned short)port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(c->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 &&
        errno != EINPROGRESS) {
        close(c->fd);
        c->fd = -1;
        return -1;
    }
    xs_reset(c);
    return 0;
}

int xs_flush(struct xconn *c)
{
    while (c->outoff < c->outlen) {
        ssize_t n = send(c->fd, c->out + c->outoff, c->outlen - c->outoff,
                         MSG_NOSIGNAL);

        if (n < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ||
                errno == ENOTCONN)
                return 1;
            return -1;
        }
        c->outoff += (size_t)n;
        c->bytes_out += (unsigned long long)n;
    }
    c->outoff = c->outlen = 0;
    return 0;
}

int xs_send(struct xconn *c, const char *s, size_t n)
{
    if (c->fd < 0)
        return -1;
    if (c->outoff > 0 && c->outoff == c->outlen)
        c->outoff = c->outlen = 0;
    if (c->outlen + n > c->outcap) {
        size_t cap = c->outcap ? c->outcap : 1024;

        while (cap < c->outlen + n)
            cap *= 2;
        c->out = realloc(c->out, cap);
        if (!c->out) {
            fprintf(stderr, "xstream: out of memory\n");
            exit(2);
        }
        c->outcap = cap;
    }
    memcpy(c->out + c->outlen, s, n);
    c->outlen += n;
    return xs_flush(c) < 0 ? -1 : 0;
}

int xs_sendf(struct xconn *c, const char *fmt, ...)
{
    char buf[2048];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof(buf)) {
        fprintf(stderr, "xstream: a stanza longer than %zu bytes\n",
                sizeof(buf));
        exit(2);
    }
    return xs_send(c, buf, (size_t)n);
}

int xs_read(struct xconn *c)
{
    char buf[65536];

    for (;;) {
        ssize_t n = recv(c->fd, buf, sizeof(buf), 0);

        if (n < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                return 0;
            if (errno == EINTR)
                continue;
            c->closed = 1;
            return -1;
        }
        if (n == 0) {
            c->closed = 1;
            return -1;
        }
        c->bytes_in += (unsigned long long)n;
        if (XML_Parse(c->parser, buf, (int)n, 0) == XML_STATUS_ERROR) {
            fprintf(stderr, "xstream: bad XML from the server: %s\n",
                    XML_ErrorString(XML_GetErrorCode(c->parser)));
            c->closed = 1;
            return -1;
        }
        if (c->want_reset) {
            c->want_reset = 0;
            xs_reset(c);
        }
        if (c->closed)
            return -1;
        if ((size_t)n < sizeof(buf))
            return 0;
    }
}

void xs_close(struct xconn *c)
{
    if (c->fd >= 0)
        close(c->fd);
    c->fd = -1;
    if (c->parser)
        XML_ParserFree(c->parser);
    c->parser = NULL;
    free(c->out);
    c->out = NULL;
    c->outlen = c->outoff = c->outcap = 0;
}

double xs_proc_cpu(int pid)
{
    char path[64], buf[1024], *p;
    unsigned long ut = 0, st = 0;
    FILE *f;
    size_t n;

    snprintf(path, sizeof(path), "/proc/%d/stat", pid);
    if (!(f = fopen(path, "r")))
        return -1;
    n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    buf[n] = '\0';
    /* After the command name, which may hold spaces: field 3 on. */
    if (!(p = strrchr(buf, ')')) ||
        sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu",
               &ut, &st) != 2)
        return -1;
    return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

long xs_proc_rss(int pid, int peak)
{
    char path[64], line[256];
    const char *key = peak ? "VmHWM:" : "VmRSS:";
    long kib = -1;
    FILE *f;

    snprintf(path, sizeof(path), "/proc/%d/status", pid);
    if (!(f = fopen(path, "r")))
        return -1;
    while (fgets(line, sizeof(line), f))
        if (strncmp(line, key, strlen(key)) == 0) {
            kib = strtol(line + strlen(key), NULL, 10);
            break;
        }
    fclose(f);
    return kib;
}

long long xs_now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

long xs_raise_nofile(void)
{
    struct rlimit rl;

    if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
        return -1;
    if (rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    return (long)rl.rlim_cur;
}
