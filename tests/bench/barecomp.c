/*
 * barecomp.c - the least a MUC component can do, as make bench's limit.
 *
 * An external component (XEP-0114) that keeps, per room, who entered
 * under which nick, and does nothing else: an entering occupant gets
 * its own presence (status 110) and nothing more (no other occupants'
 * presence, no subject, no history), a leaving one its unavailable
 * presence, and a groupchat message from an occupant goes to every
 * occupant as from room/nick with the body only. No ids, no
 * stanza-id, no storage, no checks. What it costs the server to route
 * is the floor under any MUC on that server; bench.py reports ecopper's
 * fan-out against it.
 *
 * Usage: barecomp PORT DOMAIN SECRET   (prints "online" when attached)
 */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/sha.h>

#include "xstream.h"

struct occ {
    char *full; /* NULL: a free slot */
    char *room; /* "room@domain" */
    char *nick;
    int gone;   /* a tombstone for the open addressing */
};

static struct occ *tab;
static size_t cap = 16384, used;
static const char *secret;
static int online;
static struct xconn link_;

static unsigned long hash(const char *s)
{
    unsigned long h = 5381;

    while (*s)
        h = h * 33 + (unsigned char)*s++;
    return h;
}

static struct occ *find(const char *full, int add)
{
    size_t i = hash(full) & (cap - 1);
    struct occ *tomb = NULL;

    for (;; i = (i + 1) & (cap - 1)) {
        struct occ *o = &tab[i];

        if (!o->full) {
            if (o->gone) {
                if (!tomb)
                    tomb = o;
                continue;
            }
            if (!add)
                return NULL;
            return tomb ? tomb : o;
        }
        if (strcmp(o->full, full) == 0)
            return o;
    }
}

static void esc(char *out, size_t cap_, const char *in)
{
    size_t n = 0;

    for (; *in && n + 7 < cap_; in++) {
        const char *r = NULL;

        switch (*in) {
        case '<': r = "&lt;"; break;
        case '>': r = "&gt;"; break;
        case '&': r = "&amp;"; break;
        case '\'': r = "&apos;"; break;
        case '"': r = "&quot;"; break;
        default: out[n++] = *in; continue;
        }
        memcpy(out + n, r, strlen(r));
        n += strlen(r);
    }
    out[n] = '\0';
}

static void self_presence(const struct occ *o, const char *type)
{
    xs_sendf(&link_,
             "<presence from='%s/%s' to='%s'%s%s%s><x "
             "xmlns='http://jabber.org/protocol/muc#user'><item "
             "affiliation='none' role='%s'/><status code='110'/></x>"
             "</presence>",
             o->room, o->nick, o->full, type ? " type='" : "",
             type ? type : "", type ? "'" : "", type ? "none" : "participant");
}

static void on_presence(struct xst *s)
{
    char *slash = strchr(s->to, '/');
    struct occ *o;

    if (!slash || !s->from[0])
        return;
    if (strcmp(s->type, "unavailable") == 0) {
        if (!(o = find(s->from, 0)))
            return;
        self_presence(o, "unavailable");
        free(o->full);
        free(o->room);
        free(o->nick);
        memset(o, 0, sizeof(*o));
        o->gone = 1;
        used--;
        return;
    }
    if (s->type[0])
        return;
    if ((o = find(s->from, 0)))
        return; /* a presence update: nothing to say */
    if ((used + 1) * 2 > cap) {
        fprintf(stderr, "barecomp: more than %zu occupants\n", cap / 2);
        return;
    }
    o = find(s->from, 1);
    o->gone = 0;
    o->full = strdup(s->from);
    o->room = strndup(s->to, (size_t)(slash - s->to));
    o->nick = strdup(slash + 1);
    used++;
    self_presence(o, NULL);
}

static void on_message(struct xst *s)
{
    struct occ *from = find(s->from, 0);
    char body[3200];

    if (!from || strcmp(s->type, "groupchat") != 0 || strchr(s->to, '/'))
        return;
    esc(body, sizeof(body), s->body);
    for (size_t i = 0; i < cap; i++) {
        const struct occ *o = &tab[i];

        if (o->full && strcmp(o->room, from->room) == 0)
            xs_sendf(&link_,
                     "<message from='%s/%s' to='%s' type='groupchat'>"
                     "<body>%s</body></message>",
                     from->room, from->nick, o->full, body);
    }
}

static void on_open(struct xconn *c)
{
    unsigned char md[SHA_DIGEST_LENGTH];
    char in[512], hex[2 * SHA_DIGEST_LENGTH + 1];

    snprintf(in, sizeof(in), "%s%s", c->stream_id, secret);
    SHA1((unsigned char *)in, strlen(in), md);
    for (int i = 0; i < SHA_DIGEST_LENGTH; i++)
        snprintf(hex + 2 * i, 3, "%02x", md[i]);
    xs_sendf(c, "<handshake>%s</handshake>", hex);
}

static void on_stanza(struct xconn *c, struct xst *s)
{
    (void)c;
    if (!online) {
        if (strcmp(s->name, "handshake") == 0) {
            online = 1;
            printf("online\n");
            fflush(stdout);
        }
        return;
    }
    if (strcmp(s->name, "presence") == 0)
        on_presence(s);
    else if (strcmp(s->name, "message") == 0)
        on_message(s);
    else if (strcmp(s->name, "iq") == 0 &&
             (strcmp(s->type, "get") == 0 || strcmp(s->type, "set") == 0))
        xs_sendf(&link_,
                 "<iq type='error' from='%s' to='%s' id='%s'><error "
                 "type='cancel'><service-unavailable "
                 "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>",
                 s->to, s->from, s->id);
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: barecomp PORT DOMAIN SECRET\n");
        return 2;
    }
    secret = argv[3];
    if (!(tab = calloc(cap, sizeof(*tab))))
        return 2;
    link_.on_open = on_open;
    link_.on_stanza = on_stanza;
    if (xs_connect(&link_, (unsigned)atoi(argv[1])) < 0) {
        perror("barecomp: connect");
        return 1;
    }
    xs_sendf(&link_,
             "<?xml version='1.0'?><stream:stream "
             "xmlns='jabber:component:accept' "
             "xmlns:stream='http://etherx.jabber.org/streams' to='%s'>",
             argv[2]);
    for (;;) {
        struct pollfd p = {.fd = link_.fd, .events = POLLIN};

        if (link_.outlen > link_.outoff)
            p.events |= POLLOUT;
        if (poll(&p, 1, -1) < 0)
            continue;
        if ((p.revents & POLLOUT) && xs_flush(&link_) < 0)
            break;
        if ((p.revents & (POLLIN | POLLHUP | POLLERR)) && xs_read(&link_) < 0)
            break;
    }
    fprintf(stderr, "barecomp: the server closed the link\n");
    return online ? 0 : 1;
}
