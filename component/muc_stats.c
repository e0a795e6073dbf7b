/*
 * muc_stats.c - what the MUC layer counts into a room's running session
 * for the statistics (issue 16; the figures are defined in stats.h and
 * docs/admin.md).
 *
 * Who is who, as the session's other counts have it: a youth is an
 * occupant whose questions would wait in a queue room (occ_is_held():
 * neither staff nor a moderator); a member of staff wears the registry's
 * hat. Each is recorded once per session as an HMAC of the room's name
 * and the account, made with the key of the month the session started in
 * (hours.c); the key is deleted once the month is over, so neither an
 * address nor a link between two months is ever kept.
 *
 * Costs: a database write per account's entry and per answered question;
 * counting the youths present walks the room once per entry.
 */
#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "app.h"
#include "clock.h"
#include "hmap.h"
#include "log.h"
#include "muc.h"
#include "muc_int.h"
#include "room.h"
#include "stats.h"
#include "store.h"

/* The session's hash of account bare in r: 32 hex digits at out. */
static void visitor_hash(const struct room *r, const char *bare, char out[33])
{
    static const char hex[] = "0123456789abcdef";
    unsigned char in[1400], mac[EVP_MAX_MD_SIZE];
    unsigned int maclen = 0;
    size_t n = 0, rl = strlen(r->name);

    memcpy(in, "visitor", 8); /* with its NUL: a domain of its own */
    n = 8;
    if (rl > 256)
        rl = 256;
    memcpy(in + n, r->name, rl);
    n += rl;
    in[n++] = 0;
    /* Lower case: one account however a client spells it. */
    for (; *bare && n < sizeof(in); bare++)
        in[n++] =
            (unsigned char)((*bare >= 'A' && *bare <= 'Z') ? *bare - 'A' + 'a'
                                                           : *bare);
    HMAC(EVP_sha256(), r->sess.vkey, sizeof(r->sess.vkey), in, n, mac, &maclen);
    for (int i = 0; i < 16; i++) {
        out[2 * i] = hex[mac[i] >> 4];
        out[2 * i + 1] = hex[mac[i] & 15];
    }
    out[32] = '\0';
}

/* The youths in r now. */
static unsigned youths_present(const struct room *r)
{
    struct hmap_iter it;
    const char *k;
    void *v;
    unsigned n = 0;

    hmap_iter_init(&it, r->by_nick);
    while (hmap_iter_next(&it, &k, &v))
        if (occ_is_held(v))
            n++;
    return n;
}

void muc_stats_entered(struct app *app,
                       struct room *r,
                       const struct occupant *o)
{
    int youth = occ_is_held(o), staff = o->hat != NULL;
    char hash[33];

    if (!r->sess.id || (!youth && !staff))
        return;
    if (youth) {
        unsigned n = youths_present(r);

        if (n > r->sess.peak_youths)
            r->sess.peak_youths = n;
    }
    /* Without a stored session or a key, nothing to count them in. */
    if (r->sess.id < 0 || r->sess.month[0] == '\0')
        return;
    visitor_hash(r, o->bare, hash);
    if (store_session_visitor(app->store, r->sess.id, staff, hash) != 0)
        log_warn("muc: a visitor of %s could not be counted", r->name);
}

void muc_stats_present(struct app *app, struct room *r)
{
    struct hmap_iter it;
    const char *k;
    void *v;

    hmap_iter_init(&it, r->by_nick);
    while (hmap_iter_next(&it, &k, &v))
        muc_stats_entered(app, r, v);
}

void muc_stats_published(struct app *app, struct room *r)
{
    (void)app;
    if (!r->sess.id)
        return;
    r->sess.published++;
    /* Past STATS_PENDING_MAX unanswered ones it gets no delay. */
    stats_pending_add(&r->sess.pending, clock_now());
}

void muc_stats_said(struct app *app, struct room *r, const struct occupant *o)
{
    int64_t d[STATS_PENDING_MAX];
    size_t n;

    if (!r->sess.id || o->hat == NULL || r->sess.pending.n == 0)
        return;
    n = stats_pending_answer(&r->sess.pending, clock_now(), d);
    for (size_t i = 0; i < n && r->sess.id > 0; i++)
        if (store_session_delay(app->store, r->sess.id, d[i]) != 0) {
            log_warn("muc: an answer delay in %s could not be stored", r->name);
            break;
        }
}
