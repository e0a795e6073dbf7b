/*
 * adhoc.h - XEP-0050 ad-hoc commands: the framework and its table.
 *
 * Commands are rows of a table (node, name, permission check, step). A
 * session is keyed by its id AND the executor's full JID, expires after
 * ADHOC_IDLE_S seconds without a step, and the permission check runs again
 * at every step, so an admin removed from the config mid-session is
 * refused at the next step.
 *
 * Most commands live at the service's JID (admins' work). A few live at
 * each room's JID (the work of that room's moderators, e.g. the question
 * review): Gajim offers "Execute command" on a room it is in, as it does
 * for biboumi's channels. Their permission check takes the room, and a
 * session started at one room cannot be continued at another.
 *
 * Every text a command shows (its name in the list of commands, titles,
 * instructions, labels, options, notes, error texts) comes from the
 * message catalogues (lang.h) in the language of the request: its
 * xml:lang, else the config's language, else English (issue 15). A
 * command never writes its own text: it names a key (adhoc_text(),
 * adhoc_format(), adhoc_why(), adhoc_note()), and texts with arguments
 * are filled in by lang_format(), never by printf with a translator's
 * text. Form field vars and option values stay as they are in every
 * language: clients and scripts submit them.
 */
#ifndef ECOPPER_ADHOC_H
#define ECOPPER_ADHOC_H

#include <strophe.h>

#include "lang.h"
#include "util.h"

struct app;
struct req;
struct form;
struct room;

#define ADHOC_IDLE_S 600
#define ADHOC_MAX_SESSIONS 512
#define ADHOC_MAX_PER_JID 8

/* One step as a command sees it: inputs, then what the command answers. */
struct adhoc_step {
    struct app *app;
    const char *from;   /* the executor's full JID */
    const char *lang;   /* xml:lang of the request, or NULL */
    const char *action; /* execute, next, prev or complete */
    struct room *room;  /* the room addressed (room commands), else NULL */
    struct form *form;  /* the submitted form, or NULL */
    int stage;          /* 0 at the first step; the command sets the next */
    void *data;         /* the command's own session data */
    void (*free_data)(void *data);
    /* out */
    xmpp_stanza_t *out; /* a form to show or a result form (owned) */
    int done;           /* 1: the command completed */
    int more;           /* 1: another form follows this one (action next) */
    int can_complete;   /* with more: "complete" is offered too */
    char *note;         /* a note to show (owned), or NULL */
    const char *note_type; /* info, warn or error */
    const char *why;    /* text for an error return */
    const char *why_lang; /* why's language when it is from the
                             catalogues (adhoc_why()); NULL: English */
    /*
     * Steps that need another entity's answer (staff-photo asks for a
     * vCard): the step sets ask to an IQ to send (owned; `to` set, id and
     * from set by the framework) and returns 0 without done. The reply
     * to the executor's IQ is then held, and the step runs again, once,
     * with answered = 1 and answer = the result or error IQ (borrowed),
     * or NULL when none came within ADHOC_ASK_MS. What that second run
     * returns answers the held IQ. Meanwhile the session refuses other
     * steps (unexpected-request, type wait).
     */
    xmpp_stanza_t *ask;
    int answered;
    xmpp_stanza_t *answer;
    /* The framework's own: texts adhoc_format() made, freed once the
     * step's reply is sent. */
    char **texts;
    size_t ntexts;
};

#define ADHOC_ASK_MS 10000

struct adhoc_cmd {
    const char *node;
    enum lang_key name; /* in the list of commands (disco#items) */
    /* 1 when the JID (full, as stamped by the server) may run it. */
    int (*allowed)(struct app *app, const char *from);
    /* Answers one step: 0, or an error code with step->why set. */
    int (*step)(struct adhoc_step *step);
};

/* A command at each room's JID; step->room is the room. */
struct adhoc_room_cmd {
    const char *node;
    enum lang_key name;
    /* 1 when the JID may run it in r (checked at every step). */
    int (*allowed)(struct app *app, struct room *r, const char *from);
    int (*step)(struct adhoc_step *step);
    enum lang_key denied; /* the text of the refusal */
};

struct adhoc;

struct adhoc *adhoc_new(void);
void adhoc_free(struct adhoc *a);
/* Drops sessions idle for ADHOC_IDLE_S seconds; now from clock_mono_ms. */
void adhoc_expire(struct adhoc *a);

/* Router handlers (router.h contract); rq->room set: a room's commands. */
int adhoc_execute(struct req *rq);
int adhoc_disco_info(struct req *rq, const char *node);
int adhoc_disco_items(struct req *rq, const char *node);

/* 1 when from is an admin per the config. */
int adhoc_is_admin(struct app *app, const char *from);
/* 1 when from is an admin or registered staff (the commands staff read:
 * the moderation log, hours, sessions, statistics, transcripts). */
int adhoc_is_admin_or_staff(struct app *app, const char *from);

/*
 * Prints every command of the three tables to standard output, one a
 * line: its node, where it runs ("service": at the service's JID;
 * "room": at each room's JID; "test": at the service's, in test mode
 * only) and its name, separated by tabs. For `ecopper --list-commands`,
 * which tests/docs/check-docs.py compares with docs/admin.md.
 */
void adhoc_print_commands(void);

/* --- texts ---------------------------------------------------------------- */

/* The catalogue of s's request (see the top); never NULL, owned by
 * s->app->lang (it lives as long as the step). */
const struct lang_cat *adhoc_cat(const struct adhoc_step *s);
/* Text k (a key without arguments) in s's language; owned by the
 * catalogue, valid until the step's reply is sent. Never NULL. */
const char *adhoc_text(const struct adhoc_step *s, enum lang_key k);
/*
 * Text k with its nargs arguments filled in, in s's language. Owned by
 * the step: the framework frees it once the reply is sent, so it may be
 * a form's title, a label or s->why. nargs must be k's count (lang.c's
 * table); a wrong count is a bug: logged, and the text is "".
 */
const char *adhoc_format(struct adhoc_step *s, enum lang_key k,
                         const char *const *args, size_t nargs);
/* The arguments of adhoc_format() and friends as a list:
 * adhoc_format(s, LANG_X, ADHOC_ARGS(name, jid)). */
#define ADHOC_ARGS(...)                                                        \
    (const char *const[]){__VA_ARGS__},                                        \
        ARRAY_LEN(((const char *const[]){__VA_ARGS__}))
/*
 * Makes text k (with its arguments; NULL, 0 for none) the error text of
 * the step, in s's language, and returns code: a step fails with
 * `return adhoc_why(s, ERR_BAD_REQUEST, LANG_ADHOC_SUBMIT, NULL, 0);`.
 */
int adhoc_why(struct adhoc_step *s, int code, enum lang_key k,
              const char *const *args, size_t nargs);
/*
 * The text of a model's reason (lang.h: schedule.c, room.c, staff.c say
 * why as a key and arguments) in s's language, owned as adhoc_format()'s.
 * "" (and a warning logged) when r gives no reason. Never NULL.
 */
const char *adhoc_reason(struct adhoc_step *s, const struct lang_reason *r);
/* Makes r, in s's language, the error text of the step and returns code:
 * `return adhoc_why_reason(s, rc, &why);`. Without a reason in r, the
 * step's error says what code's own text says. */
int adhoc_why_reason(struct adhoc_step *s, int code,
                     const struct lang_reason *r);
/* Sets s->note (freeing any earlier one) to text k with its arguments
 * (NULL, 0 for none), in s's language. */
void adhoc_note(struct adhoc_step *s, enum lang_key k,
                const char *const *args, size_t nargs);

/* The commands, defined in cmd_*.c. */
extern const struct adhoc_cmd cmd_create_room;
extern const struct adhoc_cmd cmd_list_rooms;
extern const struct adhoc_cmd cmd_destroy_room;
extern const struct adhoc_cmd cmd_staff_add;
extern const struct adhoc_cmd cmd_staff_edit;
extern const struct adhoc_cmd cmd_staff_remove;
extern const struct adhoc_cmd cmd_staff_list;
extern const struct adhoc_cmd cmd_staff_import;
extern const struct adhoc_cmd cmd_staff_photo;
extern const struct adhoc_cmd cmd_moderation_log;
extern const struct adhoc_cmd cmd_schedule_set;
extern const struct adhoc_cmd cmd_schedule_show;
extern const struct adhoc_cmd cmd_open_now;
extern const struct adhoc_cmd cmd_close_now;
extern const struct adhoc_cmd cmd_extend;
extern const struct adhoc_cmd cmd_session_log;
extern const struct adhoc_cmd cmd_session_transcript;
extern const struct adhoc_cmd cmd_archive_purge;
extern const struct adhoc_cmd cmd_statistics;
/* At a room's JID: its moderators review the question queue. */
extern const struct adhoc_room_cmd cmd_queue;
/* Exists only in test mode (ecopper -T); unknown to everyone otherwise. */
extern const struct adhoc_cmd cmd_set_clock;

#endif
