/*
 * transcript.c - an anonymised transcript of a session (transcript.h).
 *
 * Two sources in time order: the room archive (what was said, under the
 * nick it was said under) and the moderation log (what moderators did,
 * and reports). An action names its target only when the log has the
 * target's occupant-id, that is when the target was an occupant with a
 * nickname; otherwise the log's target may be an account's key, which a
 * transcript never shows.
 */
#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "opening.h"
#include "staff.h"
#include "store.h"
#include "transcript.h"
#include "tz.h"
#include "util.h"

#define PAGE 500

struct line {
    int64_t at;
    int action; /* 1: sorted before a message of the same second */
    int staff;
    char *who, *what;
};

struct lines {
    struct line *v;
    size_t n, cap;
    int cut;
    const struct staffs *staff;
    int64_t last_row;
    size_t page_n;
};

static struct line *add_line(struct lines *ls)
{
    if (ls->n == TRANSCRIPT_MAX) {
        ls->cut = 1;
        return NULL;
    }
    if (ls->n == ls->cap) {
        ls->cap = ls->cap ? ls->cap * 2 : 64;
        ls->v = xrealloc(ls->v, ls->cap * sizeof(*ls->v));
    }
    return memset(&ls->v[ls->n++], 0, sizeof(*ls->v));
}

/* --- the body of an archived message ----------------------------------------
 */

struct body_parse {
    int depth, in_body, found;
    struct sbuf text;
};

static void XMLCALL body_start(void *ud,
                               const XML_Char *name,
                               const XML_Char **attrs)
{
    struct body_parse *bp = ud;

    (void)attrs;
    bp->depth++;
    if (bp->depth == 2 && strcmp(name, "body") == 0 && !bp->found)
        bp->in_body = bp->found = 1;
}

static void XMLCALL body_end(void *ud, const XML_Char *name)
{
    struct body_parse *bp = ud;

    (void)name;
    if (bp->depth == 2)
        bp->in_body = 0;
    bp->depth--;
}

static void XMLCALL body_chars(void *ud, const XML_Char *s, int len)
{
    struct body_parse *bp = ud;

    if (bp->in_body && len > 0)
        sb_addn(&bp->text, s, (size_t)len);
}

char *transcript_body(const char *xml)
{
    struct body_parse bp = {0};
    XML_Parser p = XML_ParserCreate("UTF-8");
    int ok;

    if (p == NULL)
        return NULL;
    sb_init(&bp.text);
    XML_SetUserData(p, &bp);
    XML_SetElementHandler(p, body_start, body_end);
    XML_SetCharacterDataHandler(p, body_chars);
    ok = XML_Parse(p, "<message", 8, 0) == XML_STATUS_OK &&
         XML_Parse(p, xml, (int)strlen(xml), 1) == XML_STATUS_OK;
    XML_ParserFree(p);
    if (!ok || !bp.found) {
        sb_free(&bp.text);
        return NULL;
    }
    if (bp.text.s == NULL)
        return xstrdup("");
    return bp.text.s;
}

/* --- the two sources
 * ----------------------------------------------------------- */

static int said(const struct store_archived *a, void *ud)
{
    struct lines *ls = ud;
    struct line *l;
    char *body;

    ls->last_row = a->id;
    ls->page_n++;
    if ((body = transcript_body(a->xml)) == NULL)
        return 0;
    if ((l = add_line(ls)) == NULL) {
        free(body);
        return 1;
    }
    l->at = a->at;
    l->who = xstrdup(a->nick ? a->nick : "(the room)");
    l->staff = a->nick && staffs_by_name(ls->staff, a->nick) != NULL;
    l->what = body;
    return 0;
}

/* What a log entry's action reads as; target NULL when it may not be
 * named. */
static char *action_text(const struct store_modlog *e)
{
    const char *t = e->target_oid && e->target_oid[0] ? e->target : NULL;
    const char *a = e->action,
               *why = e->reason && e->reason[0] ? e->reason : NULL;
    char *what, *out;

    if (strcmp(a, "approve") == 0)
        what = xasprintf("published a question of %s", t ? t : "someone");
    else if (strcmp(a, "reject") == 0)
        what = xasprintf("rejected a question of %s", t ? t : "someone");
    else if (strcmp(a, "retract") == 0)
        what = xstrdup("removed a message");
    else if (strcmp(a, "report") == 0)
        what = xstrdup("reported to the moderators");
    else if (strcmp(a, "kick") == 0)
        what = t ? xasprintf("removed %s from the room", t)
                 : xstrdup("removed someone from the room");
    else if (strcmp(a, "ban") == 0)
        what = t ? xasprintf("banned %s", t)
                 : xstrdup("banned an account that was not in the room");
    else if (strcmp(a, "voice") == 0 || strcmp(a, "give voice") == 0)
        what = xasprintf("gave %s voice", t ? t : "someone");
    else if (strcmp(a, "voice-denied") == 0)
        what = xasprintf("refused %s voice", t ? t : "someone");
    else if (strcmp(a, "revoke voice") == 0)
        what = xasprintf("took voice from %s", t ? t : "someone");
    else if (strncmp(a, "make ", 5) == 0)
        what =
            t ? xasprintf("made %s %s", t, a + 5)
              : xasprintf("made an account that was not in the room %s", a + 5);
    else
        what = xstrdup(a);
    if (why == NULL)
        return what;
    out = xasprintf("%s: %s", what, why);
    free(what);
    return out;
}

static int acted(const struct store_modlog *e, void *ud)
{
    struct lines *ls = ud;
    struct line *l;

    if ((l = add_line(ls)) == NULL)
        return 1;
    l->at = e->at;
    l->action = 1;
    l->who =
        xstrdup(strcmp(e->actor, "(admin)") == 0 ? "(an admin)" : e->actor);
    l->staff = staffs_by_name(ls->staff, e->actor) != NULL;
    l->what = action_text(e);
    return 0;
}

/* Who opened the session, by name: the schedule, a member of staff's
 * registered name, or an admin (never an address). */
static const char *opener(const struct staffs *staff, const char *by)
{
    const struct staff *m;

    if (by == NULL || by[0] == '\0' || strcmp(by, "schedule") == 0)
        return "the schedule";
    m = staffs_get(staff, by);
    return m ? m->name : "an admin";
}

static int by_time(const void *a, const void *b)
{
    const struct line *x = a, *y = b;

    if (x->at != y->at)
        return x->at < y->at ? -1 : 1;
    return y->action - x->action;
}

/* One line of text: newlines in what a youth wrote become spaces, so a
 * message cannot make up lines of its own. */
static void put_line(struct sbuf *out, const char *time, const struct line *l)
{
    sb_addf(out, "%s  %s%s%s%s ", time, l->action ? "* " : "", l->who,
            l->staff ? " [staff]" : "", l->action ? "" : ":");
    for (const char *p = l->what; *p; p++)
        sb_addn(out, *p == '\n' || *p == '\r' ? " " : p, 1);
    sb_add(out, "\n");
}

int transcript_text(struct store *st,
                    const struct staffs *staff,
                    const struct opening *op,
                    const char *room,
                    const char *room_jid,
                    const struct store_session *ss,
                    int64_t now,
                    struct sbuf *out)
{
    struct lines ls = {.staff = staff};
    int64_t end = ss->ended >= 0 ? ss->ended : now;
    struct store_archive_q q = {.room_id = ss->room_id,
                                .start = ss->started,
                                .end = end,
                                .limit = PAGE};
    char from[OPENING_FMT_MAX], to[OPENING_FMT_MAX], stamp[OPENING_FMT_MAX];
    char day[16] = "";
    int rc = 0;

    do {
        ls.page_n = 0;
        q.after = ls.last_row;
        rc = store_archive_page(st, &q, said, &ls);
    } while (rc == 0 && ls.page_n == PAGE);
    if (rc >= 0 && !ls.cut)
        rc = store_modlog_range(st, room, ss->started, end, acted, &ls);
    if (rc < 0) {
        for (size_t i = 0; i < ls.n; i++) {
            free(ls.v[i].who);
            free(ls.v[i].what);
        }
        free(ls.v);
        return ERR_INTERNAL;
    }
    qsort(ls.v, ls.n, sizeof(*ls.v), by_time);

    opening_format_local(op, ss->started, 1, from, sizeof(from));
    opening_format_local(op, end, 1, to, sizeof(to));
    sb_addf(out, "Transcript of %s\n", room_jid);
    sb_addf(out, "Session: %s to %s%s (%s), opened by %s\n", from, to,
            ss->ended >= 0 ? "" : " (still open)", tz_name(opening_zone(op)),
            opener(staff, ss->opened_by));
    sb_add(out, "Nicknames as they were; [staff]: registered staff. No "
                "addresses, occupant ids or account keys; retracted "
                "messages are left out.\n");
    for (size_t i = 0; i < ls.n; i++) {
        opening_format_stamp(op, ls.v[i].at, stamp, sizeof(stamp));
        stamp[19] = '\0'; /* "2026-12-07 16:02:11" */
        if (strncmp(day, stamp, 10) != 0) {
            memcpy(day, stamp, 10);
            day[10] = '\0';
            sb_addf(out, "\n%s\n", day);
        }
        put_line(out, stamp + 11, &ls.v[i]);
        free(ls.v[i].who);
        free(ls.v[i].what);
    }
    if (ls.cut)
        sb_addf(out, "\n(cut after %d lines)\n", TRANSCRIPT_MAX);
    free(ls.v);
    return (int)ls.n;
}
