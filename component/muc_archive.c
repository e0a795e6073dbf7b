/*
 * muc_archive.c - the room archive: XEP-0313 (Message Archive Management)
 * for MUC, paged with XEP-0059 (Result Set Management).
 *
 * Every message published in a stored room is kept as the room sent it
 * (from room/nick, its stanza-id and occupant-id, the relayed payload;
 * never a JID) for archive_days days (schemas/0012_archive.sql). The
 * occupants of a room read its archive with a MAM query to the room; the
 * archive's ids are the stanza-ids the room gave. A moderator's
 * retraction deletes the message from it. At start the history newcomers
 * get is read back from it, so a restart loses nothing recent.
 *
 * The query (§4): an optional data form (FORM_TYPE urn:xmpp:mam:2) with
 * start, end, after-id and before-id; an optional RSM set with max,
 * after and before (empty: the last page). The messages go out first,
 * then the IQ result with <fin/>: first and last ids, the count, the
 * index of the first, and complete when the page reached the end it was
 * paging towards.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "clock.h"
#include "config.h"
#include "err.h"
#include "form.h"
#include "log.h"
#include "muc.h"
#include "muc_int.h"
#include "room.h"
#include "router.h"
#include "stanza.h"
#include "store.h"
#include "util.h"

#define NS_MAM "urn:xmpp:mam:2"
#define NS_RSM "http://jabber.org/protocol/rsm"
#define NS_FORWARD "urn:xmpp:forward:0"

#define PAGE_DEFAULT 50
#define PAGE_MAX 100
#define QUERYID_MAX 256

long muc_archive_days(const struct app *app, const struct room *r)
{
    return r->cfg.archive_days >= 0 ? r->cfg.archive_days
                                    : app->cfg->archive_days;
}

int muc_archive_on(const struct app *app, const struct room *r)
{
    return muc_archive_days(app, r) > 0 && r->persistent && r->id != 0;
}

void muc_archive_keep(struct app *app,
                      struct room *r,
                      const char *sid,
                      const char *nick,
                      const char *xml,
                      int64_t at)
{
    if (!muc_archive_on(app, r))
        return;
    /* Delivered already: a message the disk refused is only missing from
     * the archive, which the log says. */
    if (store_archive_add(app->store, r->id, sid, at, nick, xml) != 0)
        log_warn("archive: %s: message %s not archived", r->name, sid);
}

void muc_archive_forget(struct app *app, struct room *r, const char *sid)
{
    if (r->id != 0)
        store_archive_delete(app->store, r->id, sid);
}

/* A row copied out of the store, for pages read newest first. */
struct kept {
    int64_t at;
    char *sid, *xml;
};

static void keep_row(struct kept *k, const struct store_archived *a)
{
    k->at = a->at;
    k->sid = xstrdup(a->sid);
    k->xml = xstrdup(a->xml);
}

/* --- history read back at start ------------------------------------------ */

struct restore {
    struct kept *rows;
    size_t n;
};

static int restore_row(const struct store_archived *a, void *ud)
{
    struct restore *rs = ud;

    keep_row(&rs->rows[rs->n++], a);
    return 0;
}

void muc_archive_restore(struct app *app, struct room *r)
{
    struct store_archive_q q = {.room_id = r->id,
                                .start = 0,
                                .end = INT64_MAX,
                                .before = INT64_MAX,
                                .backward = 1,
                                .limit = (int)r->cfg.history_max};
    struct restore rs = {NULL, 0};

    if (!muc_archive_on(app, r) || q.limit <= 0)
        return;
    rs.rows = xcalloc((size_t)q.limit, sizeof(*rs.rows));
    if (store_archive_page(app->store, &q, restore_row, &rs) != 0)
        log_warn("archive: %s: history not read back", r->name);
    room_hist_clear(r);
    for (size_t i = rs.n; i-- > 0;) { /* the oldest first */
        muc_hist_keep(app, r, rs.rows[i].xml, rs.rows[i].at, rs.rows[i].sid);
        free(rs.rows[i].sid);
        free(rs.rows[i].xml);
    }
    free(rs.rows);
}

int muc_archive_prune_room(struct app *app, struct room *r, long days)
{
    int64_t before = days > 0 ? clock_now() - (int64_t)days * 86400
                              : INT64_MAX; /* off: nothing is kept */
    int n;

    if (r->id == 0)
        return 0;
    n = store_archive_prune(app->store, r->id, before);
    if (n > 0) {
        log_info("archive: %s: deleted %d message%s %s", r->name, n,
                 n == 1 ? "" : "s",
                 days > 0 ? "past archive_days" : "(archive_days = 0)");
        /* Newcomers get only what the archive still has. */
        room_hist_clear(r);
        muc_archive_restore(app, r);
    }
    return n;
}

void muc_archive_prune(struct app *app)
{
    struct room **rooms;
    size_t n;

    rooms = rooms_sorted(app->rooms, &n);
    for (size_t i = 0; i < n; i++)
        muc_archive_prune_room(app, rooms[i], muc_archive_days(app, rooms[i]));
    free(rooms);
}

/* --- the query --------------------------------------------------------------
 */

struct page {
    struct req *rq;
    struct room *r;
    const char *queryid;
    struct sbuf sb;
    char first[33], last[33];
    int64_t first_row, last_row;
    int n, limit, backward;
    struct kept *rows; /* backward pages: sent oldest first */
};

static void
send_row(struct page *p, int64_t at, const char *sid, const char *xml)
{
    char stamp[32];
    time_t t = (time_t)at;
    struct tm tm;

    gmtime_r(&t, &tm);
    strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
    sb_reset(&p->sb);
    sb_add(&p->sb, " from=\"");
    muc_add_room_jid(&p->sb, p->rq->app, p->r, NULL);
    sb_add(&p->sb, "\"><result xmlns=\"" NS_MAM "\"");
    if (p->queryid) {
        sb_add(&p->sb, " queryid=\"");
        sb_add_esc(&p->sb, p->queryid);
        sb_add(&p->sb, "\"");
    }
    sb_add(&p->sb, " id=\"");
    sb_add_esc(&p->sb, sid);
    sb_addf(&p->sb,
            "\"><forwarded xmlns=\"" NS_FORWARD "\"><delay xmlns=\"" NS_DELAY
            "\" stamp=\"%s\"/><message xmlns=\"jabber:client\"",
            stamp);
    sb_add(&p->sb, xml);
    sb_add(&p->sb, "</forwarded></result></message>");
    muc_send_rest(p->rq->app, "message", p->sb.s, p->rq->from);
}

static int page_row(const struct store_archived *a, void *ud)
{
    struct page *p = ud;

    if (p->n == p->limit) { /* the one more that says "not complete" */
        p->n++;
        return 1;
    }
    if (p->n == 0) {
        str_lcpy(p->first, a->sid, sizeof(p->first));
        p->first_row = a->id;
    }
    str_lcpy(p->last, a->sid, sizeof(p->last));
    p->last_row = a->id;
    if (p->backward)
        keep_row(&p->rows[p->n], a);
    else
        send_row(p, a->at, a->sid, a->xml);
    p->n++;
    return 0;
}

/* A stanza-id named by the query: its row, or 0 with rq->why set. */
static int64_t
named_row(struct req *rq, struct room *r, const char *sid, int *rc)
{
    int64_t row = store_archive_row(rq->app->store, r->id, sid);

    if (row < 0) {
        muc_why(rq, LANG_MAM_UNREADABLE);
        *rc = ERR_INTERNAL;
        return 0;
    }
    if (row == 0) {
        muc_why(rq, LANG_MAM_NO_ID);
        *rc = ERR_ITEM_NOT_FOUND;
    }
    return row;
}

/* The time of form field var into *out (kept when absent). */
static int
form_time(struct req *rq, const struct form *f, const char *var, int64_t *out)
{
    const char *v = form_value(f, var);

    if (v == NULL)
        return 0;
    if (strlen(v) > 64 || xmpp_datetime_parse(v, out) != 0) {
        muc_why(rq, LANG_MAM_TIME);
        return ERR_BAD_REQUEST;
    }
    return 0;
}

/*
 * Reads the query's form into q and the ids it pages from. Returns 0 or
 * an error with rq->why set.
 */
static int read_form(struct req *rq,
                     xmpp_stanza_t *x,
                     struct store_archive_q *q,
                     const char **after,
                     const char **before,
                     struct form **fp)
{
    static const char *const known[] = {"FORM_TYPE", "start", "end", "after-id",
                                        "before-id"};
    struct form *f = NULL;
    const char *why = NULL;
    int rc;

    if (form_parse(x, &f, &why) != 0) {
        log_debug("archive: a query form refused: %s", why);
        muc_why(rq, LANG_ERR_CMD_PAYLOAD);
        return ERR_BAD_REQUEST;
    }
    *fp = f;
    if (f->form_type && strcmp(f->form_type, NS_MAM) != 0) {
        muc_why(rq, LANG_MAM_FORM_TYPE);
        return ERR_BAD_REQUEST;
    }
    for (size_t i = 0; i < f->nfields; i++) {
        const char *var = f->fields[i].var;
        size_t k = 0;

        while (k < ARRAY_LEN(known) && strcmp(var, known[k]) != 0)
            k++;
        if (k < ARRAY_LEN(known))
            continue;
        if (strcmp(var, "with") == 0) {
            muc_why(rq, LANG_MAM_WITH);
            return ERR_FEATURE_NOT_IMPLEMENTED;
        }
        muc_why(rq, LANG_MAM_FIELD);
        return ERR_BAD_REQUEST;
    }
    if ((rc = form_time(rq, f, "start", &q->start)) != 0 ||
        (rc = form_time(rq, f, "end", &q->end)) != 0)
        return rc;
    if (form_value(f, "after-id"))
        *after = form_value(f, "after-id");
    if (form_value(f, "before-id"))
        *before = form_value(f, "before-id");
    return 0;
}

/* Reads the RSM set: max into *limit, after and before (before may be
 * "" for the last page). */
static int read_rsm(struct req *rq,
                    xmpp_stanza_t *set,
                    int *limit,
                    const char **after,
                    const char **before,
                    char **owned)
{
    xmpp_stanza_t *e;
    char *t, *end;
    long n;

    if (xmpp_stanza_get_child_by_name(set, "index")) {
        muc_why(rq, LANG_MAM_INDEX);
        return ERR_FEATURE_NOT_IMPLEMENTED;
    }
    if ((e = xmpp_stanza_get_child_by_name(set, "max")) != NULL) {
        t = st_text(e);
        n = t ? strtol(t, &end, 10) : -1;
        if (t == NULL || end == t || *end != '\0' || n < 0) {
            free(t);
            muc_why(rq, LANG_MAM_MAX);
            return ERR_BAD_REQUEST;
        }
        free(t);
        *limit = n > PAGE_MAX ? PAGE_MAX : (int)n;
    }
    if ((e = xmpp_stanza_get_child_by_name(set, "after")) != NULL)
        *after = owned[0] = st_text(e);
    if ((e = xmpp_stanza_get_child_by_name(set, "before")) != NULL) {
        owned[1] = st_text(e);
        *before = owned[1] ? owned[1] : "";
    }
    return 0;
}

static int query(struct req *rq, struct room *r, struct page *p)
{
    xmpp_stanza_t *x, *set, *res, *fin, *rs, *first;
    struct store_archive_q q = {.room_id = r->id,
                                .start = 0,
                                .end = INT64_MAX,
                                .after = 0,
                                .before = INT64_MAX};
    const char *after = NULL, *before = NULL;
    char *owned[2] = {NULL, NULL}, num[24];
    struct form *f = NULL;
    long count = 0, index = 0;
    int rc = 0, complete;

    p->limit = PAGE_DEFAULT;
    x = xmpp_stanza_get_child_by_name_and_ns(rq->payload, "x", NS_DATA);
    set = xmpp_stanza_get_child_by_name_and_ns(rq->payload, "set", NS_RSM);
    if (x && (rc = read_form(rq, x, &q, &after, &before, &f)) != 0)
        goto out;
    if (set && (rc = read_rsm(rq, set, &p->limit, &after, &before, owned)))
        goto out;
    if (after && before && before[0]) {
        muc_why(rq, LANG_MAM_BOTH);
        rc = ERR_BAD_REQUEST;
        goto out;
    }
    if (after && (q.after = named_row(rq, r, after, &rc)) == 0)
        goto out;
    if (before && before[0] && (q.before = named_row(rq, r, before, &rc)) == 0)
        goto out;
    p->backward = q.backward = before != NULL;
    q.limit = p->limit + 1;
    p->rows =
        p->backward ? xcalloc((size_t)p->limit + 1, sizeof(*p->rows)) : NULL;
    if (store_archive_page(rq->app->store, &q, page_row, p) < 0) {
        muc_why(rq, LANG_MAM_UNREADABLE);
        rc = ERR_INTERNAL;
        goto out;
    }
    complete = p->n <= p->limit;
    if (!complete)
        p->n = p->limit;
    if (p->backward) { /* the page was read newest first */
        for (int i = p->n; i-- > 0;)
            send_row(p, p->rows[i].at, p->rows[i].sid, p->rows[i].xml);
        if (p->n > 0) {
            char tmp[33];
            int64_t row = p->first_row;

            str_lcpy(tmp, p->first, sizeof(tmp));
            str_lcpy(p->first, p->last, sizeof(p->first));
            str_lcpy(p->last, tmp, sizeof(p->last));
            p->first_row = p->last_row;
            p->last_row = row;
        }
    }
    if (store_archive_count(rq->app->store, &q, p->n ? p->first_row : 0, &count,
                            &index) != 0) {
        muc_why(rq, LANG_MAM_UNREADABLE);
        rc = ERR_INTERNAL;
        goto out;
    }
    res = st_iq_result(rq->st);
    fin = st_add(res, "fin", NS_MAM);
    if (complete)
        st_attr(fin, "complete", "true");
    rs = st_add(fin, "set", NS_RSM);
    if (p->n > 0) {
        first = st_add_text(rs, "first", p->first);
        snprintf(num, sizeof(num), "%ld", index);
        st_attr(first, "index", num);
        st_add_text(rs, "last", p->last);
    }
    snprintf(num, sizeof(num), "%ld", count);
    st_add_text(rs, "count", num);
    router_send(rq->app, res);
out:
    if (p->rows) {
        for (int i = 0; i < p->n && i < p->limit; i++) {
            free(p->rows[i].sid);
            free(p->rows[i].xml);
        }
        free(p->rows);
    }
    free(owned[0]);
    free(owned[1]);
    form_free(f);
    return rc;
}

/* Who may read: the room's occupants, while they are in it. */
static struct room *readable_room(struct req *rq, int *rc)
{
    struct room *r = rooms_get(rq->app->rooms, rq->room);

    if (r == NULL) {
        muc_why(rq, LANG_ERR_NO_ROOM);
        *rc = ERR_ITEM_NOT_FOUND;
        return NULL;
    }
    if (!muc_archive_on(rq->app, r)) {
        muc_why(rq, LANG_MAM_NONE);
        *rc = ERR_SERVICE_UNAVAILABLE;
        return NULL;
    }
    if (room_by_jid(r, rq->from) == NULL) {
        muc_why(rq, LANG_MAM_ENTER);
        *rc = ERR_FORBIDDEN;
        return NULL;
    }
    return r;
}

int muc_mam_query(struct req *rq)
{
    struct page p = {.rq = rq};
    struct room *r;
    int rc = 0;

    if ((r = readable_room(rq, &rc)) == NULL)
        return rc;
    p.r = r;
    p.queryid = xmpp_stanza_get_attribute(rq->payload, "queryid");
    if (p.queryid && strlen(p.queryid) > QUERYID_MAX) {
        muc_why(rq, LANG_MAM_QUERYID);
        return ERR_BAD_REQUEST;
    }
    sb_init(&p.sb);
    rc = query(rq, r, &p);
    sb_free(&p.sb);
    return rc;
}

/* §5: the fields a query form may have. */
int muc_mam_fields(struct req *rq)
{
    xmpp_stanza_t *res, *q, *x;
    int rc = 0;

    if (readable_room(rq, &rc) == NULL)
        return rc;
    res = st_iq_result(rq->st);
    q = st_add(res, "query", NS_MAM);
    x = form_new(xmpp_stanza_get_context(rq->st), "form", NULL, NULL);
    form_add_type(x, NS_MAM);
    form_add_field(x, "start", "text-single", NULL, NULL, 0);
    form_add_field(x, "end", "text-single", NULL, NULL, 0);
    form_add_field(x, "after-id", "text-single", NULL, NULL, 0);
    form_add_field(x, "before-id", "text-single", NULL, NULL, 0);
    xmpp_stanza_add_child_ex(q, x, 0);
    router_send(rq->app, res);
    return 0;
}
