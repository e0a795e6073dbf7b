/*
 * xstream.h - one XMPP stream over a non-blocking socket, for the bench
 * tools (loadgen.c, barecomp.c): an output buffer, and an expat parser
 * that hands over each top-level element (a stanza, stream features,
 * SASL answers) as a flat struct xst with the few things the tools read.
 *
 * Not a general XMPP library: no TLS, no namespaces beyond the prefixes
 * the servers write, nothing kept past the stanza being handed over. It
 * must cost the bench little: one parse, no allocation per stanza.
 */
#ifndef BENCH_XSTREAM_H
#define BENCH_XSTREAM_H

#include <stddef.h>

#include <expat.h>

/* A top-level element, as the tools need it. Strings are truncated to
 * their buffers (the bench never sends longer ones). */
struct xst {
    char name[32];     /* "presence", "message", "stream:features", ... */
    char from[320];
    char to[320];
    char type[24];
    char id[80];
    int muc_x;         /* a child <x/> of the MUC namespaces */
    int code110;       /* MUC status 110: this is your own presence */
    int error;         /* a child <error/> */
    int subject;       /* a child <subject/> */
    int bind;          /* a child <bind/> (stream features, iq result) */
    char role[16];     /* the MUC role in <item/>, if any */
    char cond[48];     /* the error condition, if any */
    char body[512];
    size_t bodylen;
};

struct xconn {
    int fd;
    XML_Parser parser;
    int depth;
    int in_body;
    int closed;        /* the peer closed the stream or the socket */
    int want_reset;    /* restart the parser after this read (SASL) */
    struct xst cur;
    char stream_id[128]; /* the id of the peer's stream header */
    char *out;
    size_t outlen, outoff, outcap;
    unsigned long long bytes_in, bytes_out, stanzas_in;
    void (*on_stanza)(struct xconn *, struct xst *);
    void (*on_open)(struct xconn *);
    void *user;
};

/* Connects to 127.0.0.1:port without blocking; 0 or -1 (errno set). */
int xs_connect(struct xconn *c, unsigned port);

/* Resets the parser for a new stream from the peer (after SASL). */
void xs_reset(struct xconn *c);

/* Queues bytes and tries to write them; -1 when the socket failed. */
int xs_send(struct xconn *c, const char *s, size_t n);
int xs_sendf(struct xconn *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Writes what is queued; 1 when bytes are still queued, 0 when all
 * went, -1 on error. */
int xs_flush(struct xconn *c);

/* Reads what the socket has and parses it, calling the handlers; 0, or
 * -1 when the connection ended or the peer sent bad XML. */
int xs_read(struct xconn *c);

void xs_close(struct xconn *c);

/* CPU seconds (user + system) of a process, from /proc; -1 if gone. */
double xs_proc_cpu(int pid);

/* Resident memory of a process in KiB (VmRSS, or VmHWM with peak). */
long xs_proc_rss(int pid, int peak);

/* Monotonic time in nanoseconds. */
long long xs_now_ns(void);

/* Raises the open-file limit to the hard limit; the limit afterwards. */
long xs_raise_nofile(void);

#endif
