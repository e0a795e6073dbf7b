/*
 * cmd_transcript.c - what admins do with a room's archive:
 * session-transcript, the anonymised transcript of a session of a room
 * (transcript.h), for admins and staff; archive-purge, deleting a room's
 * archived messages on demand, for admins. Both speak the caller's
 * language (adhoc.h).
 *
 * Three steps, as staff-edit has two: the room, then one of its newest
 * sessions (listed by when they opened), then the transcript as a result
 * form whose text-multi field "transcript" holds it line by line, to
 * read or save. `ecopper --transcript` writes the same text to a file.
 * The form's texts are in the caller's language (adhoc.h); the
 * transcript's own lines (transcript.c) are English.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adhoc.h"
#include "app.h"
#include "clock.h"
#include "cmd.h"
#include "config.h"
#include "err.h"
#include "form.h"
#include "log.h"
#include "muc.h"
#include "opening.h"
#include "room.h"
#include "staff.h"
#include "stanza.h"
#include "store.h"
#include "transcript.h"
#include "util.h"

#define SESSIONS_LISTED 20

struct pick {
    struct adhoc_step *s;
    xmpp_stanza_t *field;
    int64_t want; /* the session asked for, at the last step */
    int found;
    struct sbuf *text;
    const char *room_jid;
    int lines;
};

static int list_row(const struct store_session *ss, void *ud)
{
    struct pick *p = ud;
    struct adhoc_step *s = p->s;
    char when[128], id[24], youths[16], messages[16];

    /* "Monday 2026-12-07 16:05" as the caller's catalogue writes it */
    opening_when_text(s->app->opening, adhoc_cat(s), LANG_ADHOC_WHEN,
                      ss->started, when, sizeof(when));
    snprintf(youths, sizeof(youths), "%u", ss->youths);
    snprintf(messages, sizeof(messages), "%u", ss->messages);
    snprintf(id, sizeof(id), "%lld", (long long)ss->id);
    form_add_option(p->field,
                    ss->ended >= 0
                        ? adhoc_format(s, LANG_ADHOC_TRANSCRIPT_OPTION,
                                       ADHOC_ARGS(when, youths, messages))
                        : adhoc_format(s, LANG_ADHOC_TRANSCRIPT_OPTION_OPEN,
                                       ADHOC_ARGS(when)),
                    id);
    return 0;
}

static int text_row(const struct store_session *ss, void *ud)
{
    struct pick *p = ud;
    struct app *app = p->s->app;

    if (ss->id != p->want)
        return 0;
    p->found = 1;
    p->lines = transcript_text(app->store, app->staff, app->opening,
                               ss->room ? ss->room : "", p->room_jid, ss,
                               clock_now(), p->text);
    return 1;
}

static int transcript_step(struct adhoc_step *s)
{
    struct pick p = {.s = s};
    struct sbuf text;
    struct room *r;
    xmpp_stanza_t *f;
    const char *v;
    char *jid, *end, *line, *next;
    int rc = 0;

    if (s->stage == 0 && s->form == NULL) {
        s->out = form_new(s->app->ctx, "form",
                          adhoc_text(s, LANG_ADHOC_CMD_SESSION_TRANSCRIPT),
                          adhoc_text(s, LANG_ADHOC_TRANSCRIPT_INS));
        cmd_room_field(s);
        s->stage = 1;
        s->more = 1;
        return 0;
    }
    if (s->form == NULL || strcmp(s->form->type, "submit") != 0)
        return adhoc_why(s, ERR_CMD_BAD_PAYLOAD, LANG_ADHOC_SUBMIT, NULL, 0);
    if ((r = cmd_submitted_room(s, &rc)) == NULL)
        return rc;
    jid = xasprintf("%s@%s", r->name, s->app->cfg->component_jid);
    if (s->stage == 1) {
        char listed[16];

        snprintf(listed, sizeof(listed), "%d", SESSIONS_LISTED);
        s->out = form_new(
            s->app->ctx, "form",
            adhoc_text(s, LANG_ADHOC_CMD_SESSION_TRANSCRIPT),
            adhoc_format(s, LANG_ADHOC_TRANSCRIPT_SESSIONS_INS,
                         ADHOC_ARGS(listed, jid, s->app->cfg->timezone)));
        form_add_field(s->out, "room", "hidden", NULL, jid, 0);
        p.field = form_add_field(s->out, "session", "list-single",
                                 adhoc_text(s, LANG_ADHOC_TRANSCRIPT_SESSION),
                                 NULL, 1);
        free(jid);
        if (store_session_each(s->app->store, 0, r->id, SESSIONS_LISTED,
                               list_row, &p) != 0)
            return adhoc_why(s, ERR_INTERNAL, LANG_ADHOC_SESSIONS_UNREADABLE,
                             NULL, 0);
        s->stage = 2;
        return 0;
    }
    v = form_value(s->form, "session");
    p.want = v ? strtoll(v, &end, 10) : 0;
    if (v == NULL || *end != '\0' || p.want <= 0) {
        free(jid);
        return adhoc_why(s, ERR_BAD_REQUEST, LANG_ADHOC_TRANSCRIPT_CHOOSE, NULL,
                         0);
    }
    sb_init(&text);
    p.text = &text;
    p.room_jid = jid;
    rc = store_session_each(s->app->store, 0, r->id, -1, text_row, &p);
    free(jid);
    if (rc < 0 || p.lines < 0) {
        sb_free(&text);
        return adhoc_why(s, ERR_INTERNAL, LANG_ADHOC_TRANSCRIPT_UNREADABLE,
                         NULL, 0);
    }
    if (!p.found) {
        sb_free(&text);
        return adhoc_why(s, ERR_ITEM_NOT_FOUND,
                         LANG_ADHOC_TRANSCRIPT_NO_SESSION, NULL, 0);
    }
    s->out = form_new(s->app->ctx, "result",
                      adhoc_text(s, LANG_ADHOC_CMD_SESSION_TRANSCRIPT), NULL);
    f = form_add_field(s->out, "transcript", "text-multi",
                       adhoc_text(s, LANG_ADHOC_TRANSCRIPT), NULL, 0);
    for (line = text.s; line && *line; line = next) {
        if ((next = strchr(line, '\n')) != NULL)
            *next++ = '\0';
        form_add_value(f, line);
    }
    if (p.lines == 1) {
        adhoc_note(s, LANG_ADHOC_TRANSCRIPT_LINES_ONE, NULL, 0);
    } else {
        char lines[16];

        snprintf(lines, sizeof(lines), "%d", p.lines);
        adhoc_note(s, LANG_ADHOC_TRANSCRIPT_LINES, ADHOC_ARGS(lines));
    }
    sb_free(&text);
    s->done = 1;
    return 0;
}

const struct adhoc_cmd cmd_session_transcript = {
    "session-transcript",
    LANG_ADHOC_CMD_SESSION_TRANSCRIPT,
    adhoc_is_admin_or_staff,
    transcript_step,
};

/* --- archive-purge -----------------------------------------------------------
 */

static int purge_step(struct adhoc_step *s)
{
    struct room *r;
    const char *v;
    char *by, *jid, num[24];
    long days;
    int rc = 0, n;

    if (s->stage == 0 && s->form == NULL) {
        snprintf(num, sizeof(num), "%ld", s->app->cfg->archive_days);
        s->out = form_new(s->app->ctx, "form",
                          adhoc_text(s, LANG_ADHOC_CMD_ARCHIVE_PURGE),
                          adhoc_format(s, LANG_ADHOC_PURGE_INS,
                                       ADHOC_ARGS(num)));
        cmd_room_field(s);
        form_add_field(s->out, "days", "text-single",
                       adhoc_text(s, LANG_ADHOC_PURGE_DAYS), "0", 1);
        s->stage = 1;
        return 0;
    }
    if (s->form == NULL || strcmp(s->form->type, "submit") != 0)
        return adhoc_why(s, ERR_CMD_BAD_PAYLOAD, LANG_ADHOC_SUBMIT, NULL, 0);
    if ((r = cmd_submitted_room(s, &rc)) == NULL)
        return rc;
    v = form_value(s->form, "days");
    if (v == NULL || str_to_long(v, 0, 3650, &days) != 0)
        return adhoc_why(s, ERR_BAD_REQUEST, LANG_ADHOC_PURGE_BAD_DAYS, NULL,
                         0);
    if (r->id == 0)
        return adhoc_why(s, ERR_NOT_ACCEPTABLE, LANG_ADHOC_PURGE_NOT_STORED,
                         NULL, 0);
    if ((n = muc_archive_prune_room(s->app, r, days)) < 0)
        return adhoc_why(s, ERR_INTERNAL, LANG_ADHOC_PURGE_FAILED, NULL, 0);
    if (days == 0) /* the history in memory goes too, even if empty */
        room_hist_clear(r);
    by = jid_bare(s->from);
    log_info("archive: %s purged %d message%s of %s (older than %ld days)", by,
             n, n == 1 ? "" : "s", r->name, days);
    free(by);
    jid = xasprintf("%s@%s", r->name, s->app->cfg->component_jid);
    snprintf(num, sizeof(num), "%d", n);
    if (n == 1)
        adhoc_note(s, LANG_ADHOC_PURGE_DONE_ONE, ADHOC_ARGS(jid));
    else
        adhoc_note(s, LANG_ADHOC_PURGE_DONE, ADHOC_ARGS(num, jid));
    free(jid);
    s->done = 1;
    return 0;
}

const struct adhoc_cmd cmd_archive_purge = {
    "archive-purge",
    LANG_ADHOC_CMD_ARCHIVE_PURGE,
    adhoc_is_admin,
    purge_step,
};
