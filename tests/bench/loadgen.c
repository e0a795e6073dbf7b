/*
 * loadgen.c - thousands of XMPP clients in one process, for make bench.
 *
 * Connects youths (SASL ANONYMOUS) and staff (SASL PLAIN) to a server
 * on loopback, without TLS, then plays one room's load and prints what
 * it measured as key=value lines (tests/bench/bench.py reads them):
 *
 *   join     every youth enters at once; time until each has its own
 *            presence (status 110), or a refusal
 *   fanout   the staff send M messages at once; time until every
 *            occupant has all of them: deliveries per second, and the
 *            bytes a client receives per delivery
 *   rate     the staff send Q messages a second for D seconds: latency
 *            of each delivery (send to receipt, one clock), p50 and p99
 *   reach    K messages one after another, each when the last reached
 *            everyone: how long one takes to reach all
 *   flood    a staff member's message timed to its reflection, 20 times
 *            calm, then 20 times while one youth sends 1,000 presence
 *            changes and 200 nick changes at once
 *
 * With --pid NAME=PID it reads each process's CPU time and memory from
 * /proc at the phase boundaries, and its own CPU from getrusage: the
 * load generator must not be what limits the run, and says how busy it
 * was. One thread, epoll, a parser per connection (xstream.c).
 *
 * Usage: loadgen --port P --room ROOM@SERVICE --youths N [options]
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "xstream.h"

#define MAX_PIDS 4
#define MAX_STAFF 16
#define CONNECT_WINDOW 200 /* logins in progress at once */

enum cstate { C_NEW, C_FEAT1, C_AUTH, C_FEAT2, C_BIND, C_READY, C_DEAD };

struct client {
    struct xconn x;
    int idx;
    int staff;
    enum cstate state;
    int joined;       /* 1: in the room, -1: refused, 0: not yet */
    long long join_ns;
    long fan_got;
    long rate_got;
    long reach_got;
};

static struct {
    unsigned port;
    const char *room;
    const char *youth_domain;
    const char *staff_domain;
    int youths;
    int nstaff;
    char *staff_user[MAX_STAFF];
    char *staff_pass[MAX_STAFF];
    int fanout;
    int rate;
    int rate_secs;
    int reach;
    int flood;
    double join_timeout;
    double phase_timeout;
    int role_check;    /* warn when staff are not moderators */
    int npids;
    char *pid_name[MAX_PIDS];
    int pid[MAX_PIDS];
} opt = {
    .youth_domain = "anon.localhost",
    .staff_domain = "localhost",
    .join_timeout = 60,
    .phase_timeout = 120,
    .role_check = 1,
};

static struct client *clients; /* staff first, then youths */
static int nclients, ready, dead, joined, refused;
static int ep;
static long long t_join0;
static long rate_sent, reach_seq;
static long fan_done, rate_done; /* clients that have them all */
static long reach_count[1024];
static long long reach_max_ns[1024];
static double *lat_ms;
static size_t nlat, caplat;
static long stray_errors;
static long ping_seq = -1;   /* the last reflection staff 0 got, 'p' */
static double ping_ms;
static char room_prefix[512]; /* "room@service/" */

static void die(const char *msg)
{
    fprintf(stderr, "loadgen: %s\n", msg);
    exit(2);
}

static double now_s(void)
{
    return (double)xs_now_ns() / 1e9;
}

static double self_cpu(void)
{
    struct rusage ru;

    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
           (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

static int in_room(const struct client *c)
{
    return c->joined == 1;
}

static int receivers(void)
{
    int n = 0;

    for (int i = 0; i < nclients; i++)
        n += in_room(&clients[i]);
    return n;
}

static void add_latency(double ms)
{
    if (nlat == caplat) {
        caplat = caplat ? caplat * 2 : 65536;
        lat_ms = realloc(lat_ms, caplat * sizeof(*lat_ms));
        if (!lat_ms)
            die("out of memory");
    }
    lat_ms[nlat++] = ms;
}

static void kill_client(struct client *c, const char *why)
{
    if (c->state == C_DEAD)
        return;
    if (c->state != C_READY)
        fprintf(stderr, "loadgen: client %d lost while logging in: %s\n",
                c->idx, why);
    c->state = C_DEAD;
    if (c->joined == 1)
        joined--;
    c->joined = -1; /* counted neither as waiting nor as a receiver */
    dead++;
    xs_close(&c->x);
}

static void send_header(struct client *c)
{
    xs_sendf(&c->x,
             "<?xml version='1.0'?><stream:stream to='%s' "
             "xmlns='jabber:client' "
             "xmlns:stream='http://etherx.jabber.org/streams' "
             "version='1.0'>",
             c->staff ? opt.staff_domain : opt.youth_domain);
}

static void send_auth(struct client *c)
{
    if (c->staff) {
        char plain[512];
        unsigned char b64[700];
        int n = snprintf(plain, sizeof(plain), "%c%s%c%s", 0,
                         opt.staff_user[c->idx], 0, opt.staff_pass[c->idx]);

        EVP_EncodeBlock(b64, (unsigned char *)plain, n);
        xs_sendf(&c->x,
                 "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' "
                 "mechanism='PLAIN'>%s</auth>",
                 b64);
    } else {
        xs_sendf(&c->x, "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' "
                        "mechanism='ANONYMOUS'/>");
    }
}

static const char *nick_of(const struct client *c, char *buf, size_t n)
{
    if (c->staff)
        snprintf(buf, n, "Staff%d", c->idx + 1);
    else
        snprintf(buf, n, "y%05d", c->idx - opt.nstaff);
    return buf;
}

static void send_join(struct client *c)
{
    char nick[32];

    xs_sendf(&c->x,
             "<presence to='%s%s'><x xmlns='http://jabber.org/protocol/muc'>"
             "<history maxstanzas='0'/></x></presence>",
             room_prefix, nick_of(c, nick, sizeof(nick)));
}

static void on_message(struct client *c, struct xst *s)
{
    long seq;
    long long sent;
    char kind;

    if (strcmp(s->type, "error") == 0 || s->error) {
        stray_errors++;
        if (stray_errors <= 3)
            fprintf(stderr, "loadgen: client %d's message refused: %s (%s)\n",
                    c->idx, s->cond, s->body);
        return;
    }
    if (strcmp(s->type, "groupchat") != 0 ||
        strncmp(s->body, "bench ", 6) != 0 || !in_room(c))
        return;
    if (sscanf(s->body + 6, "%c %ld %lld", &kind, &seq, &sent) < 2)
        return;
    switch (kind) {
    case 'f':
        if (++c->fan_got == opt.fanout)
            fan_done++;
        break;
    case 'l':
        add_latency((double)(xs_now_ns() - sent) / 1e6);
        if (++c->rate_got == (long)opt.rate * opt.rate_secs)
            rate_done++;
        break;
    case 'p':
        if (c == &clients[0]) {
            ping_seq = seq;
            ping_ms = (double)(xs_now_ns() - sent) / 1e6;
        }
        break;
    case 'r':
        if (seq >= 0 && seq < (long)(sizeof(reach_count) /
                                     sizeof(reach_count[0]))) {
            long long d = xs_now_ns() - sent;

            reach_count[seq]++;
            if (d > reach_max_ns[seq])
                reach_max_ns[seq] = d;
        }
        c->reach_got++;
        break;
    default:
        break;
    }
}

static void on_presence(struct client *c, struct xst *s)
{
    char nick[32], mine[600];

    if (c->joined != 0)
        return;
    snprintf(mine, sizeof(mine), "%s%s", room_prefix,
             nick_of(c, nick, sizeof(nick)));
    if (strcmp(s->from, mine) != 0)
        return;
    if (strcmp(s->type, "error") == 0) {
        c->joined = -1;
        if (++refused <= 3)
            fprintf(stderr, "loadgen: client %d refused entry: %s (%s)\n",
                    c->idx, s->cond, s->body);
    } else if (s->code110) {
        if (c->staff && opt.role_check && strcmp(s->role, "moderator") != 0)
            fprintf(stderr, "loadgen: staff %d entered as %s, not as a "
                    "moderator\n", c->idx, s->role);
        c->joined = 1;
        c->join_ns = xs_now_ns() - t_join0;
        joined++;
    }
}

static void on_stanza(struct xconn *x, struct xst *s)
{
    struct client *c = x->user;

    switch (c->state) {
    case C_FEAT1:
        if (strcmp(s->name, "stream:features") == 0) {
            send_auth(c);
            c->state = C_AUTH;
        }
        break;
    case C_AUTH:
        if (strcmp(s->name, "success") == 0) {
            x->want_reset = 1;
            send_header(c);
            c->state = C_FEAT2;
        } else if (strcmp(s->name, "failure") == 0) {
            kill_client(c, "authentication failed");
        }
        break;
    case C_FEAT2:
        if (strcmp(s->name, "stream:features") == 0) {
            xs_sendf(x, "<iq type='set' id='b'><bind "
                        "xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>");
            c->state = C_BIND;
        }
        break;
    case C_BIND:
        if (strcmp(s->name, "iq") == 0 && strcmp(s->id, "b") == 0) {
            if (strcmp(s->type, "result") != 0) {
                kill_client(c, "resource binding refused");
                break;
            }
            c->state = C_READY;
            ready++;
        }
        break;
    case C_READY:
        if (strcmp(s->name, "message") == 0)
            on_message(c, s);
        else if (strcmp(s->name, "presence") == 0)
            on_presence(c, s);
        break;
    default:
        break;
    }
}

static void start_client(struct client *c)
{
    struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT | EPOLLET};

    c->x.user = c;
    c->x.on_stanza = on_stanza;
    if (xs_connect(&c->x, opt.port) < 0) {
        perror("loadgen: connect");
        c->state = C_DEAD;
        dead++;
        return;
    }
    ev.data.ptr = c;
    if (epoll_ctl(ep, EPOLL_CTL_ADD, c->x.fd, &ev) < 0)
        die("epoll_ctl failed");
    c->state = C_FEAT1;
    send_header(c);
}

/* One round of the loop: waits at most ms for sockets, handles them. */
static void pump(int ms)
{
    struct epoll_event evs[256];
    int n = epoll_wait(ep, evs, 256, ms);

    if (n < 0 && errno != EINTR)
        die("epoll_wait failed");
    for (int i = 0; i < n; i++) {
        struct client *c = evs[i].data.ptr;

        if (c->state == C_DEAD)
            continue;
        if ((evs[i].events & EPOLLOUT) && xs_flush(&c->x) < 0) {
            kill_client(c, "write failed");
            continue;
        }
        if (evs[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR))
            if (xs_read(&c->x) < 0)
                kill_client(c, "the server closed the connection");
    }
}

static int all_ready(void)
{
    return ready + dead >= nclients;
}

static int staff_in(void)
{
    int n = 0;

    for (int i = 0; i < opt.nstaff; i++)
        n += clients[i].joined != 0;
    return n == opt.nstaff;
}

static int youths_settled(void)
{
    int n = 0;

    for (int i = opt.nstaff; i < nclients; i++)
        n += clients[i].joined != 0;
    return n == opt.youths;
}

/* Runs the loop until done() or timeout seconds; 1 if done. */
static int run_until(int (*done)(void), double timeout)
{
    double end = now_s() + timeout;

    while (!done()) {
        if (now_s() > end)
            return 0;
        pump(10);
    }
    return 1;
}

struct mark {
    double t;
    double self;
    double cpu[MAX_PIDS];
    long rss[MAX_PIDS];
    unsigned long long bytes_in;
};

static void take_mark(struct mark *m)
{
    m->t = now_s();
    m->self = self_cpu();
    m->bytes_in = 0;
    for (int i = 0; i < nclients; i++)
        m->bytes_in += clients[i].x.bytes_in;
    for (int i = 0; i < opt.npids; i++) {
        m->cpu[i] = xs_proc_cpu(opt.pid[i]);
        m->rss[i] = xs_proc_rss(opt.pid[i], 0);
    }
}

static void print_cpu(const char *phase, const struct mark *a,
                      const struct mark *b)
{
    printf("%s_self_cpu=%.3f\n", phase, b->self - a->self);
    for (int i = 0; i < opt.npids; i++)
        printf("%s_cpu_%s=%.3f\n", phase, opt.pid_name[i],
               b->cpu[i] - a->cpu[i]);
}

static void send_groupchat(struct client *from, char kind, long seq)
{
    xs_sendf(&from->x,
             "<message to='%.*s' type='groupchat'>"
             "<body>bench %c %ld %lld</body></message>",
             (int)(strlen(room_prefix) - 1), room_prefix, kind, seq,
             xs_now_ns());
}

static int fan_all(void)
{
    return fan_done >= receivers();
}

static int rate_all(void)
{
    return rate_done >= receivers();
}

static int reach_last(void)
{
    return reach_count[reach_seq] >= receivers();
}

static long ping_want;

static int ping_back(void)
{
    return ping_seq >= ping_want;
}

/* n reflections of staff 0's messages, one after another, into v. */
static int round_trips(double *v, int n, long *seq)
{
    for (int i = 0; i < n; i++) {
        ping_want = *seq;
        send_groupchat(&clients[0], 'p', (*seq)++);
        if (!run_until(ping_back, opt.phase_timeout))
            return i;
        v[i] = ping_ms;
    }
    return n;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

static double pct(double *v, size_t n, double p)
{
    size_t i = (size_t)((double)n * p / 100.0);

    if (n == 0)
        return -1;
    return v[i >= n ? n - 1 : i];
}

static void usage(void)
{
    fprintf(stderr,
            "usage: loadgen --port P --room ROOM@SERVICE --youths N\n"
            "  [--staff USER:PASSWORD]... [--youth-domain D] "
            "[--staff-domain D]\n"
            "  [--fanout M] [--rate Q --rate-seconds D] [--reach K]\n"
            "  [--join-timeout S] [--phase-timeout S] [--pid NAME=PID]...\n"
            "  [--any-role] [--flood]\n");
    exit(2);
}

static void parse_args(int argc, char **argv)
{
    static const struct option lo[] = {
        {"port", 1, NULL, 'p'},         {"room", 1, NULL, 'r'},
        {"youths", 1, NULL, 'n'},       {"staff", 1, NULL, 's'},
        {"youth-domain", 1, NULL, 'Y'}, {"staff-domain", 1, NULL, 'S'},
        {"fanout", 1, NULL, 'f'},       {"rate", 1, NULL, 'q'},
        {"rate-seconds", 1, NULL, 'd'}, {"reach", 1, NULL, 'k'},
        {"join-timeout", 1, NULL, 'J'}, {"phase-timeout", 1, NULL, 'T'},
        {"pid", 1, NULL, 'P'},          {"any-role", 0, NULL, 'A'},
        {"flood", 0, NULL, 'F'},
        {NULL, 0, NULL, 0},
    };
    char *eq;
    int ch;

    while ((ch = getopt_long(argc, argv, "", lo, NULL)) != -1) {
        switch (ch) {
        case 'p': opt.port = (unsigned)atoi(optarg); break;
        case 'r': opt.room = optarg; break;
        case 'n': opt.youths = atoi(optarg); break;
        case 'Y': opt.youth_domain = optarg; break;
        case 'S': opt.staff_domain = optarg; break;
        case 'f': opt.fanout = atoi(optarg); break;
        case 'q': opt.rate = atoi(optarg); break;
        case 'd': opt.rate_secs = atoi(optarg); break;
        case 'k': opt.reach = atoi(optarg); break;
        case 'A': opt.role_check = 0; break;
        case 'F': opt.flood = 1; break;
        case 'J': opt.join_timeout = atof(optarg); break;
        case 'T': opt.phase_timeout = atof(optarg); break;
        case 's':
            if (opt.nstaff == MAX_STAFF || !(eq = strchr(optarg, ':')))
                usage();
            *eq = '\0';
            opt.staff_user[opt.nstaff] = optarg;
            opt.staff_pass[opt.nstaff++] = eq + 1;
            break;
        case 'P':
            if (opt.npids == MAX_PIDS || !(eq = strchr(optarg, '=')))
                usage();
            *eq = '\0';
            opt.pid_name[opt.npids] = optarg;
            opt.pid[opt.npids++] = atoi(eq + 1);
            break;
        default: usage();
        }
    }
    if (!opt.port || !opt.room || opt.youths < 0 || !strchr(opt.room, '@'))
        usage();
    if (opt.reach >= (int)(sizeof(reach_count) / sizeof(reach_count[0])))
        die("--reach: at most 1023");
    snprintf(room_prefix, sizeof(room_prefix), "%s/", opt.room);
}

int main(int argc, char **argv)
{
    struct mark m0, m1, m2, m3;
    long nofile;
    int next = 0, cut;
    double t0;

    parse_args(argc, argv);
    setvbuf(stdout, NULL, _IOLBF, 0);
    nofile = xs_raise_nofile();
    if (nofile > 0 && opt.youths + opt.nstaff + 64 > nofile)
        die("more clients than open files allowed (ulimit -n)");
    if ((ep = epoll_create1(EPOLL_CLOEXEC)) < 0)
        die("epoll_create1 failed");
    nclients = opt.nstaff + opt.youths;
    if (!(clients = calloc((size_t)nclients + 1, sizeof(*clients))))
        die("out of memory");
    for (int i = 0; i < nclients; i++) {
        clients[i].idx = i;
        clients[i].staff = i < opt.nstaff;
        clients[i].x.fd = -1;
    }

    /* Log in, at most CONNECT_WINDOW at a time: a listen queue that
     * overflows would measure SYN retries. */
    t0 = now_s();
    while (!all_ready()) {
        while (next < nclients && next - ready - dead < CONNECT_WINDOW)
            start_client(&clients[next++]);
        pump(10);
        if (now_s() - t0 > opt.phase_timeout)
            die("logging in took too long");
    }
    if (dead)
        die("some clients could not log in");
    printf("clients=%d\nlogin_s=%.3f\n", nclients, now_s() - t0);

    for (int i = 0; i < opt.nstaff; i++)
        send_join(&clients[i]);
    if (!run_until(staff_in, opt.phase_timeout))
        die("the staff did not get into the room");
    for (int i = 0; i < opt.nstaff; i++)
        if (clients[i].joined != 1)
            die("a staff member was refused entry");

    /* The join storm. */
    take_mark(&m0);
    t_join0 = xs_now_ns();
    for (int i = opt.nstaff; i < nclients; i++)
        send_join(&clients[i]);
    cut = !run_until(youths_settled, opt.join_timeout);
    printf("join_timeout=%d\n", cut);
    take_mark(&m1);
    {
        long long last = 0;

        for (int i = opt.nstaff; i < nclients; i++)
            if (clients[i].joined == 1 && clients[i].join_ns > last)
                last = clients[i].join_ns;
        printf("joined=%d\nrefused=%d\njoin_s=%.3f\njoin_wall_s=%.3f\n",
               joined - opt.nstaff, refused, (double)last / 1e9,
               m1.t - m0.t);
    }
    print_cpu("join", &m0, &m1);
    for (int i = 0; i < opt.npids; i++)
        printf("rss_before_%s=%ld\nrss_after_%s=%ld\n", opt.pid_name[i],
               m0.rss[i], opt.pid_name[i], m1.rss[i]);

    /* A storm cut off leaves joins in the server's queues: what came
     * next would measure them. */
    if (cut) {
        printf("errors=%ld\nlost=%d\n", stray_errors, dead);
        return 0;
    }
    if (opt.fanout > 0 && opt.nstaff > 0) {
        long deliveries;
        int done;

        take_mark(&m2);
        for (long k = 0; k < opt.fanout; k++)
            send_groupchat(&clients[k % opt.nstaff], 'f', k);
        done = run_until(fan_all, opt.phase_timeout);
        take_mark(&m3);
        deliveries = 0;
        for (int i = 0; i < nclients; i++)
            deliveries += in_room(&clients[i]) ? clients[i].fan_got : 0;
        printf("fanout_timeout=%d\nfanout_s=%.3f\nfanout_deliveries=%ld\n"
               "fanout_per_s=%.1f\nfanout_bytes_per_delivery=%.1f\n",
               !done, m3.t - m2.t, deliveries,
               (double)deliveries / (m3.t - m2.t),
               deliveries ? (double)(m3.bytes_in - m2.bytes_in) /
                                (double)deliveries
                          : 0.0);
        print_cpu("fanout", &m2, &m3);
    }

    if (opt.rate > 0 && opt.rate_secs > 0 && opt.nstaff > 0) {
        long total = (long)opt.rate * opt.rate_secs;
        double start = now_s();
        int done;

        take_mark(&m2);
        nlat = 0;
        while (rate_sent < total) {
            double due = start + (double)rate_sent / opt.rate;

            if (now_s() >= due) {
                send_groupchat(&clients[rate_sent % opt.nstaff], 'l',
                               rate_sent);
                rate_sent++;
            } else {
                pump(1);
            }
        }
        done = run_until(rate_all, opt.phase_timeout);
        take_mark(&m3);
        qsort(lat_ms, nlat, sizeof(*lat_ms), cmp_double);
        printf("rate_timeout=%d\nrate_deliveries=%zu\nrate_p50_ms=%.2f\n"
               "rate_p99_ms=%.2f\nrate_max_ms=%.2f\n",
               !done, nlat, pct(lat_ms, nlat, 50), pct(lat_ms, nlat, 99),
               pct(lat_ms, nlat, 100));
        print_cpu("rate", &m2, &m3);
    }

    if (opt.reach > 0 && opt.nstaff > 0) {
        double v[1024];
        int n = 0;

        for (reach_seq = 0; reach_seq < opt.reach; reach_seq++) {
            send_groupchat(&clients[0], 'r', reach_seq);
            if (!run_until(reach_last, opt.phase_timeout))
                break;
            v[n++] = (double)reach_max_ns[reach_seq] / 1e6;
        }
        qsort(v, (size_t)n, sizeof(v[0]), cmp_double);
        printf("reach_n=%d\nreach_p50_ms=%.2f\nreach_max_ms=%.2f\n", n,
               pct(v, (size_t)n, 50), pct(v, (size_t)n, 100));
    }
    if (opt.flood && opt.nstaff > 0 && opt.youths > 0) {
        struct client *f = &clients[opt.nstaff];
        double calm[20], flooded[20];
        long seq = 0;
        int a, b;
        char nick[32];

        a = round_trips(calm, 20, &seq);
        nick_of(f, nick, sizeof(nick));
        for (int i = 0; i < 1000; i++)
            xs_sendf(&f->x, "<presence to='%s%s'><status>flood %d</status>"
                            "</presence>", room_prefix, nick, i);
        for (int i = 0; i < 200; i++)
            xs_sendf(&f->x, "<presence to='%sflood%03d'/>", room_prefix, i);
        b = round_trips(flooded, 20, &seq);
        qsort(calm, (size_t)a, sizeof(calm[0]), cmp_double);
        qsort(flooded, (size_t)b, sizeof(flooded[0]), cmp_double);
        printf("calm_p50_ms=%.2f\nflood_p50_ms=%.2f\nflood_max_ms=%.2f\n",
               pct(calm, (size_t)a, 50), pct(flooded, (size_t)b, 50),
               pct(flooded, (size_t)b, 100));
    }
    /* Memory once the load is over (the send queues drained), with
     * every youth still in the room. */
    for (int i = 0; i < opt.npids; i++)
        printf("rss_end_%s=%ld\n", opt.pid_name[i],
               xs_proc_rss(opt.pid[i], 0));
    printf("errors=%ld\nlost=%d\n", stray_errors, dead);

    for (int i = 0; i < nclients; i++)
        if (clients[i].state != C_DEAD) {
            xs_send(&clients[i].x, "</stream:stream>", 16);
            xs_close(&clients[i].x);
        }
    free(clients);
    free(lat_ms);
    return 0;
}
