/*
 * lang.h - message catalogues: what the room tells people, each in the
 * language of their join: youths, and staff in the room (moderators, the
 * back room).
 *
 * One plain UTF-8 file per language in one directory (config key
 * lang_dir): en.txt, fi.txt, sv.txt, uk.txt ... A translator edits them
 * without touching C. Each line is "key = text"; blank lines and lines
 * starting with '#' are skipped; in the text, "\n" is a line break and
 * "\\" a backslash. Arguments are "%s" (in order) or "%1$s".."%9$s" (in
 * any order, so a language may reorder them); "%%" is a percent sign.
 *
 * Every key is a row of the table in lang.c with the number of arguments
 * its text must take. Loading checks every file: an unknown key, a key
 * set twice, a text with the wrong placeholders or invalid UTF-8 is an
 * error "file:line: message" and no catalogue is loaded (the daemon
 * treats it as a configuration error). en.txt must exist and hold every
 * key; another language may leave keys out (a warning is logged): those
 * texts come from English.
 *
 * Pure: no XML, no clock; reads files only in lang_load(), which hands
 * their texts to lang_load_texts(), the one parser (the built-in copies
 * and the fuzz target use it too). A loaded set is immutable. Formatting
 * is our own substitution, never printf with a translator's text as the
 * format.
 */
#ifndef ECOPPER_LANG_H
#define ECOPPER_LANG_H

#include <stddef.h>

/* Bounds on what a catalogue may hold. */
#define LANG_FILE_MAX (64 * 1024) /* bytes per file */
#define LANG_LINE_MAX 2048        /* bytes per line */
#define LANG_MAX 64               /* catalogues in a directory */

enum lang_key {
    LANG_WEEKDAY_MON, /* weekday names as the texts below use them, */
    LANG_WEEKDAY_TUE, /* e.g. Finnish "maanantaina" ("on Monday") */
    LANG_WEEKDAY_WED,
    LANG_WEEKDAY_THU,
    LANG_WEEKDAY_FRI,
    LANG_WEEKDAY_SAT,
    LANG_WEEKDAY_SUN,
    LANG_CLDR_LOCALE, /* the locale dates and times are written in (fi_FI) */
    LANG_CLDR_DATE,   /* its CLDR pattern of a date (d.M.y: 7.12.2026) */
    LANG_CLDR_TIME,   /* and of a time of day (H.mm: 16.00); datefmt.h */
    LANG_CLOSED_NEXT, /* closed; args: weekday, date (7.12.2026), time */
    LANG_CLOSED,      /* closed, with no next opening known */
    LANG_GREETING,    /* at opening; args: closing time (18:00) */
    LANG_CLOSING_SOON, /* warning; args: minutes left, closing time */
    LANG_EXTENDED,    /* the session was extended; args: new closing time */
    LANG_BYE_NEXT,    /* youths leave at closing; args as LANG_CLOSED_NEXT */
    LANG_BYE,         /* the same with no next opening known */
    LANG_STAFF_OVER,  /* staff leave when the debrief time is over */
    LANG_STAFF_EARLY, /* staff refused; args: weekday, date, time they may
                       * enter from */
    LANG_STAFF_CLOSED, /* staff refused, no session planned */
    /* What a room tells an occupant about its own messages. */
    LANG_QUEUE_WAITING,         /* the question waits for a moderator */
    LANG_QUEUE_REJECTED,        /* not published, no reason given */
    LANG_QUEUE_REJECTED_REASON, /* not published; arg: the reason */
    LANG_QUEUE_FULL,            /* too many questions wait */
    LANG_QUEUE_NOT_SAVED,       /* could not be stored: send it again */
    LANG_TOO_FAST,              /* rate limit */
    LANG_NICK_TOO_OFTEN,        /* nick changes; arg: seconds to wait */
    LANG_INVITE_TOO_OFTEN,      /* invitations; arg: seconds to wait */
    LANG_REPORT_TOO_OFTEN,      /* abuse reports; arg: seconds to wait */
    LANG_REPORT_LONG,           /* a report over REPORT_MAX characters */
    LANG_REPORT_AGAIN,          /* the same report again: folded */
    LANG_NO_VOICE,              /* a visitor in a moderated room */
    LANG_FILTER_LINK,           /* the filters (filter.h), one per kind */
    LANG_FILTER_PHONE,
    LANG_FILTER_EMAIL,
    LANG_FILTER_HANDLE,
    LANG_FILTER_WORD,
    LANG_REPORT_USAGE,          /* "report" without a text */
    LANG_REPORT_THANKS,         /* a report reached moderators */
    LANG_REPORT_KEPT,           /* no moderator here; kept in the log */
    LANG_JOIN_SLOWED,           /* after a ban; arg: seconds to wait */
    /* Voice requests (XEP-0045 §7.13) in a moderated room. */
    LANG_VOICE_DENIED,          /* a moderator refused; arg: seconds until
                                 * the visitor may ask again */
    LANG_VOICE_WAIT,            /* asked too soon; arg: seconds to wait */
    LANG_VOICE_ALREADY,         /* asked, but has voice */
    LANG_VOICE_ROLE,            /* asked for a role other than participant */
    LANG_VOICE_NOBODY,          /* asked, but no moderator is in the room */
    /* Why a nickname or an entry is refused. */
    LANG_NICK_IN_USE,           /* someone in the room has it */
    LANG_NICK_RESERVED,         /* a member reserved it */
    LANG_NICK_BANNED,           /* someone was banned under it */
    LANG_NICK_STAFF,            /* a staff name, or reads like one */
    LANG_NICK_WORD,             /* holds a word reserved for staff */
    LANG_NICK_ROOMS_OWN,        /* the name the room's notices come from */
    LANG_NICK_MIXED,            /* look-alike letters of two alphabets */
    LANG_NICK_BIDI,             /* characters that turn text around */
    LANG_NICK_BADGE,            /* a check mark: reads as the badge */
    LANG_NICK_ADDRESS,          /* reads as an address */
    LANG_NICK_INVALID,          /* no letter or digit, control chars... */
    LANG_YOU_BANNED,            /* the account is banned */
    LANG_ROOM_FULL,             /* max_users reached */
    LANG_MEMBERS_ONLY,          /* a members-only room, not a member */
    LANG_STAFF_ONLY,            /* a staff back room */
    LANG_PM_YOUTHS,             /* youths cannot write to each other */
    /* What the room tells staff (moderators, the back room); the command
     * words ok, no and queue stay as they are in every language. */
    LANG_MOD_QUESTION,          /* a held question; args: number, nick,
                                 * the question */
    LANG_MOD_QUESTION_FILTERED, /* the same, held by a filter; arg 4: the
                                 * filter's text (filter_link...) */
    LANG_MOD_NICK,              /* the nick moderators' notices come
                                   from, and their replies go to */
    LANG_MOD_DESK_HELP,         /* a line to it that is no command */
    LANG_MOD_BANNED,            /* "ban NICK reason" done; arg: the nick */
    LANG_MOD_QUESTION_BACK,     /* the copy in the back room; as
                                 * LANG_MOD_QUESTION */
    LANG_MOD_PUBLISHED,         /* a decision taken; arg: the number */
    LANG_MOD_REJECTED,
    LANG_MOD_NOT_WAITING,       /* decided already, or never asked; arg:
                                 * the number */
    LANG_MOD_NO_NUMBER,         /* "ok"/"no" without a valid number */
    LANG_MOD_REASON_LONG,       /* a rejection's reason is too long */
    LANG_MOD_QUEUE_EMPTY,       /* "queue" when nothing waits */
    LANG_MOD_WAITING,           /* to a moderator entering; arg: how many
                                 * questions wait */
    LANG_MOD_FORM_BAD,          /* a decision form without what it needs */
    LANG_MOD_ONLY_MODERATORS,   /* someone else sent a decision form */
    LANG_MOD_REPORT,            /* an abuse report; args: nick, the text */
    LANG_MOD_VOICE_GONE,        /* answers to a voice request; arg: nick */
    LANG_MOD_VOICE_HAS,
    LANG_MOD_VOICE_NONE,
    LANG_MOD_VOICE_REFUSED,
    LANG_MOD_LOOK_ALIKE,        /* a newcomer's nick reads like a banned
                                 * one; args: nick, banned nick */
    LANG_MOD_LOOK_ALIKE_REASON, /* the same; arg 3: the ban's reason */
    LANG_MOD_NOT_SAVED,         /* a question could not be stored; arg:
                                 * the asker's nick */
    /* Room errors and forms: the <text/> of error replies and the labels
     * of the forms rooms send, in the language of the request. */
    LANG_ERR_BAD_REQUEST,       /* each error code's own text (err.c), */
    LANG_ERR_CONFLICT,          /* when no more precise one is given; */
    LANG_ERR_NOT_IMPLEMENTED,   /* none takes arguments */
    LANG_ERR_FORBIDDEN,
    LANG_ERR_GONE,
    LANG_ERR_INTERNAL,
    LANG_ERR_NOT_FOUND,
    LANG_ERR_JID_MALFORMED,
    LANG_ERR_NOT_ACCEPTABLE,
    LANG_ERR_NOT_ALLOWED,
    LANG_ERR_NOT_AUTHORIZED,
    LANG_ERR_POLICY,
    LANG_ERR_REGISTRATION,
    LANG_ERR_BUSY,
    LANG_ERR_UNAVAILABLE,
    LANG_ERR_UNEXPECTED,
    LANG_ERR_CMD_ACTION,
    LANG_ERR_CMD_SESSION,
    LANG_ERR_CMD_EXPIRED,
    LANG_ERR_CMD_MALFORMED,
    LANG_ERR_CMD_PAYLOAD,
    LANG_ERR_LATER,
    LANG_ERR_NO_NODE,
    LANG_ERR_IQ_ID,             /* the router's refusals */
    LANG_ERR_IQ_PAYLOAD,
    LANG_ERR_NO_MESSAGES,
    LANG_ERR_TOO_BIG,
    LANG_ERR_NOT_YOUR_NICK,     /* a self-ping under another's nick */
    /* Entering, writing, private messages, invitations; no arguments. */
    LANG_ERR_NO_ROOM,
    LANG_ERR_NOT_IN_ROOM,
    LANG_ERR_ENTER_FIRST,
    LANG_ERR_ENTER_FIRST_PM,
    LANG_ERR_ENTER_FIRST_INVITE,
    LANG_ERR_ENTER_AS,
    LANG_ERR_NOBODY_NICK,
    LANG_ERR_PASSWORD,
    LANG_ERR_ROOM_LOCKED,
    LANG_ERR_ROOM_NAME,
    LANG_ERR_ROOMS_FULL,
    LANG_ERR_BACK_ROOM_NAME,
    LANG_ERR_STAFF_NAME,
    LANG_ERR_TEXT_INVALID,
    LANG_ERR_MESSAGE_LONG,
    LANG_ERR_SUBJECT_LONG,
    LANG_ERR_SUBJECT_MODERATORS,
    LANG_ERR_GROUPCHAT_TO_NICK,
    LANG_ERR_ROOM_MESSAGES,
    LANG_ERR_ROOM_FORMS,
    LANG_ERR_PM_NOT_ALLOWED,
    LANG_ERR_REASON_LONG,
    LANG_ERR_INVITE_JID,
    LANG_ERR_INVITE_ADMINS,
    LANG_ERR_INVITE_VOICE,
    LANG_ERR_INVITE_BANNED,
    LANG_ERR_DECLINE_NONE,
    LANG_ERR_RETRACT_ID,
    LANG_ERR_RETRACT_MODERATORS,
    /* Staff: roles and affiliations (muc#admin), registration with a
     * room, the owner's settings form; no arguments. */
    LANG_ERR_ROLE_MODERATORS,
    LANG_ERR_GRANT_MODERATOR,
    LANG_ERR_KICK_SELF,
    LANG_ERR_KEEP_ROLE,
    LANG_ERR_MODERATOR_ROLE,
    LANG_ERR_AFFIL_ADMINS,
    LANG_ERR_AFFIL_OWNERS,
    LANG_ERR_ITEM_ONE,
    LANG_ERR_ROLE_BAD,
    LANG_ERR_AFFIL_BAD,
    LANG_ERR_JID_BAD,
    LANG_ERR_AFFIL_TARGET,
    LANG_ERR_BAN_SELF,
    LANG_ERR_SERVICE_ADMIN,
    LANG_ERR_BY_JID,
    LANG_ERR_YOUTH_ADMIN,
    LANG_ERR_TOO_MANY_ITEMS,
    LANG_ERR_ITEM_TWICE,
    LANG_ERR_NO_ITEM,
    LANG_ERR_LIST_FORBIDDEN,
    LANG_ERR_ASK_AFFIL,
    LANG_ERR_ASK_ROLE,
    LANG_ERR_LIST_MODERATORS,
    LANG_ERR_REGISTER_CLOSED,
    LANG_ERR_REGISTER_SUBMIT,
    LANG_ERR_NICK_NEEDED,
    LANG_ERR_NICK_TAKEN,
    LANG_ERR_MORE_THAN_MEMBER,
    LANG_FORM_REGISTER_TITLE,   /* form titles, instructions, labels */
    LANG_FORM_REGISTER_HOW,
    LANG_FORM_REGISTER_NICK,
    LANG_ERR_OWNERS_ONLY,
    LANG_ERR_CFG_SUBMIT,
    LANG_ERR_CFG_BOOL,
    LANG_ERR_CFG_TEXT_LONG,
    LANG_ERR_CFG_STAYS_PERSISTENT,
    LANG_ERR_CFG_PASSWORD_NEEDED,
    LANG_ERR_CFG_MAX_USERS,
    LANG_ERR_CFG_WHOIS,
    LANG_ERR_CFG_ALLOW_PM,
    LANG_ERR_CFG_HISTORY,
    LANG_ERR_CFG_BROADCAST,
    LANG_CFG_TITLE,
    LANG_CFG_INSTRUCTIONS,
    LANG_CFG_ROOMNAME,
    LANG_CFG_ROOMDESC,
    LANG_CFG_PERSISTENT,
    LANG_CFG_PUBLIC,
    LANG_CFG_MODERATED,
    LANG_CFG_MEMBERS_ONLY,
    LANG_CFG_PASSWORD_PROTECTED,
    LANG_CFG_PASSWORD,
    LANG_CFG_CHANGE_SUBJECT,
    LANG_CFG_QUEUE,
    LANG_CFG_MAX_USERS,
    LANG_CFG_WHOIS,
    LANG_CFG_WHOIS_NONE,
    LANG_CFG_MODERATORS,
    LANG_CFG_ANYONE,
    LANG_CFG_BROADCAST,
    LANG_ROLE_MODERATOR,
    LANG_ROLE_PARTICIPANT,
    LANG_ROLE_VISITOR,
    LANG_CFG_ALLOW_PM,
    LANG_CFG_PM_PARTICIPANTS,
    LANG_CFG_PM_MODERATORS,
    LANG_CFG_NOBODY,
    LANG_CFG_HISTORY,
    /* The forms in messages to moderators (a held question, a voice
     * request), a room's information, leaving on a registry change. */
    LANG_QFORM_TITLE,           /* arg: the question's number */
    LANG_QFORM_HOW,
    LANG_QFORM_FROM,
    LANG_QFORM_QUESTION,
    LANG_QFORM_DECISION,
    LANG_QFORM_APPROVE,
    LANG_QFORM_REJECT,
    LANG_QFORM_REASON,
    LANG_VFORM_TITLE,
    LANG_VFORM_HOW,
    LANG_VFORM_ROLE,
    LANG_VFORM_OCCUPANT,
    LANG_VFORM_NICK,
    LANG_VFORM_ALLOW,
    LANG_INFO_ON_DUTY,          /* arg: "Name (title), Name (title)" */
    LANG_INFO_OPEN_UNTIL,       /* open now; arg: closing time (18.00) */
    LANG_INFO_OPEN_UNTIL_DAY,   /* the same, the session ending on another
                                 * day; args: weekday, date, time */
    LANG_INFO_CLOSED_NEXT,      /* closed; args: weekday, date, time */
    LANG_INFO_CLOSED,           /* closed, no session planned */
    LANG_HAT_TITLE,             /* staff's badge; arg: their title */
    LANG_HAT_STAFF,             /* the title of staff without one */
    LANG_TITLE_POLICE_OFFICER,  /* titles the registry may hold, shown */
    LANG_TITLE_YOUTH_WORKER,    /* in each reader's language when the */
    LANG_TITLE_SOCIAL_WORKER,   /* registry's reads as one of them */
    LANG_INFO_OCCUPANTS,
    LANG_INFO_SUBJECT,
    LANG_ERR_NO_VCARD,
    LANG_ERR_NO_CARD,
    LANG_STAFF_GONE,
    LANG_NAME_NOW_STAFF,
    /* Refusals of a query of the room archive (XEP-0313). */
    LANG_MAM_ENTER,
    LANG_MAM_NONE,
    LANG_MAM_UNREADABLE,
    LANG_MAM_NO_ID,
    LANG_MAM_FORM_TYPE,
    LANG_MAM_WITH,
    LANG_MAM_FIELD,
    LANG_MAM_TIME,
    LANG_MAM_INDEX,
    LANG_MAM_MAX,
    LANG_MAM_BOTH,
    LANG_MAM_QUERYID,
    /* The owner's form: the room's archive. */
    LANG_CFG_ARCHIVE_DAYS,     /* arg: the service's archive_days */
    LANG_ERR_CFG_ARCHIVE_DAYS,
    /* Ad-hoc commands (XEP-0050): forms, notes and error texts, in the
     * language of the request (adhoc.h). */
    LANG_ADHOC_ADMINS_ONLY,     /* refusals and errors of the framework */
    LANG_ADHOC_NO_ROOM,
    LANG_ADHOC_NO_COMMAND,
    LANG_ADHOC_NO_NODE,
    LANG_ADHOC_BAD_ACTION,
    LANG_ADHOC_NO_SESSION,
    LANG_ADHOC_OTHER_COMMAND,
    LANG_ADHOC_BUSY,
    LANG_ADHOC_EXECUTE_FIRST,
    LANG_ADHOC_TOO_MANY,
    LANG_ADHOC_NO_PREV,
    LANG_ADHOC_ASKS_FULL,
    LANG_ADHOC_SUBMIT,          /* a step without the submitted form */
    LANG_ADHOC_CMD_CREATE_ROOM, /* the commands' names (the client's list
                                 * of commands), also their forms' titles */
    LANG_ADHOC_CMD_LIST_ROOMS,
    LANG_ADHOC_CMD_DESTROY_ROOM,
    LANG_ADHOC_CMD_STAFF_ADD,
    LANG_ADHOC_CMD_STAFF_EDIT,
    LANG_ADHOC_CMD_STAFF_REMOVE,
    LANG_ADHOC_CMD_STAFF_LIST,
    LANG_ADHOC_CMD_STAFF_IMPORT,
    LANG_ADHOC_CMD_STAFF_PHOTO,
    LANG_ADHOC_CMD_MODERATION_LOG,
    LANG_ADHOC_CMD_SCHEDULE_SET,
    LANG_ADHOC_CMD_SCHEDULE_SHOW,
    LANG_ADHOC_CMD_OPEN_NOW,
    LANG_ADHOC_CMD_CLOSE_NOW,
    LANG_ADHOC_CMD_EXTEND,
    LANG_ADHOC_CMD_SESSION_LOG,
    LANG_ADHOC_CMD_SESSION_TRANSCRIPT,
    LANG_ADHOC_CMD_STATISTICS,
    LANG_ADHOC_CMD_ARCHIVE_PURGE,
    LANG_ADHOC_CMD_SET_CLOCK,   /* exists in test mode only */
    LANG_ADHOC_CMD_QUEUE,       /* at a room's JID, for its moderators */
    LANG_ADHOC_QUEUE_DENIED,    /* someone else tried the room's review */
    LANG_ADHOC_STAFF_ADD_INS,   /* staff-add, -edit, -remove, -list */
    LANG_ADHOC_STAFF_JID,
    LANG_ADHOC_STAFF_NAME,
    LANG_ADHOC_STAFF_TITLE,
    LANG_ADHOC_STAFF_ORG,       /* a label and a column */
    LANG_ADHOC_STAFF_ROLE,
    LANG_ADHOC_STAFF_ROLE_MODERATOR,
    LANG_ADHOC_STAFF_ROLE_PARTICIPANT,
    LANG_ADHOC_STAFF_BAD_ROLE,
    LANG_ADHOC_STAFF_NEED_NAME,
    LANG_ADHOC_STAFF_ADDED,     /* args: name, address */
    LANG_ADHOC_STAFF_UPDATED,   /* args: name, address */
    LANG_ADHOC_STAFF_NEED_JID,
    LANG_ADHOC_STAFF_EXISTS,
    LANG_ADHOC_STAFF_MEMBER,    /* the list of staff to choose from */
    LANG_ADHOC_STAFF_CHOOSE,
    LANG_ADHOC_STAFF_ADDRESS,   /* a label and a column */
    LANG_ADHOC_STAFF_GONE,      /* removed while the form was open */
    LANG_ADHOC_STAFF_REMOVE_INS,
    LANG_ADHOC_STAFF_NO_SUCH,
    LANG_ADHOC_STAFF_REMOVED,   /* arg: the address */
    LANG_ADHOC_STAFF,           /* the list's title, the import's field */
    LANG_ADHOC_STAFF_NAME_COL,  /* the list's columns */
    LANG_ADHOC_STAFF_TITLE_COL,
    LANG_ADHOC_STAFF_ROLE_COL,
    LANG_ADHOC_STAFF_NONE,
    LANG_ADHOC_STAFF_COUNT_ONE,
    LANG_ADHOC_STAFF_COUNT,     /* arg: how many (2 or more) */
    LANG_ADHOC_PHOTO_TITLE,     /* staff-photo */
    LANG_ADHOC_PHOTO_INS,
    LANG_ADHOC_PHOTO_ACTION,
    LANG_ADHOC_PHOTO_VCARD,
    LANG_ADHOC_PHOTO_PASTE,
    LANG_ADHOC_PHOTO_REMOVE,
    LANG_ADHOC_PHOTO_FIELD,
    LANG_ADHOC_PHOTO_BAD_ACTION,
    LANG_ADHOC_PHOTO_SET,       /* args: who, type, bytes */
    LANG_ADHOC_PHOTO_REMOVED,   /* arg: who */
    LANG_ADHOC_PHOTO_TIMEOUT,   /* args: address, seconds */
    LANG_ADHOC_PHOTO_NO_VCARD,  /* arg: address */
    LANG_ADHOC_PHOTO_VCARD_ERROR, /* args: address, the error condition */
    LANG_ADHOC_PHOTO_NO_PICTURE, /* arg: address */
    LANG_ADHOC_PHOTO_BAD_PICTURE, /* args: address, why */
    LANG_ADHOC_IMPORT_INS,      /* staff-import */
    LANG_ADHOC_IMPORT_SUBMIT,
    LANG_ADHOC_IMPORT_LINE,     /* args: line number, why */
    LANG_ADHOC_IMPORT_DONE_ONE, /* args: new, updated */
    LANG_ADHOC_IMPORT_DONE,     /* args: how many, new, updated */
    LANG_ADHOC_QUEUE_TITLE,     /* the room's review; arg: the room */
    LANG_ADHOC_QUEUE_INS,
    LANG_ADHOC_QUEUE_QUESTIONS,
    LANG_ADHOC_QUEUE_DECISION,
    LANG_ADHOC_QUEUE_APPROVE,
    LANG_ADHOC_QUEUE_REJECT,
    LANG_ADHOC_QUEUE_REASON,
    LANG_ADHOC_QUEUE_BAD_NUMBER,
    LANG_ADHOC_QUEUE_BAD_DECISION,
    LANG_ADHOC_QUEUE_EMPTY_IN,  /* arg: the room */
    LANG_ADHOC_QUEUE_PUBLISHED, /* what came of a decision; arg: number */
    LANG_ADHOC_QUEUE_REJECTED,  /* arg: number */
    LANG_ADHOC_QUEUE_GONE,      /* arg: number */
    LANG_ADHOC_QUEUE_EMPTY_NOW,
    LANG_ADHOC_ROOM_MODE_OPEN,  /* create-room: the modes of a room */
    LANG_ADHOC_ROOM_MODE_QUEUE,
    LANG_ADHOC_ROOM_MODE_MODERATED,
    LANG_ADHOC_ROOM_CREATE_INS, /* args: the service's address, time zone */
    LANG_ADHOC_ROOM_NAME,       /* labels */
    LANG_ADHOC_ROOM_TITLE,
    LANG_ADHOC_ROOM_DESCRIPTION,
    LANG_ADHOC_ROOM_MODE,
    LANG_ADHOC_ROOM_MAX,
    LANG_ADHOC_ROOM_BAD_MODE,
    LANG_ADHOC_ROOM_NOT_STORED,
    LANG_ADHOC_ROOM_CREATED,    /* args: address, mode */
    LANG_ADHOC_ROOM_CREATED_HOURS, /* args: address, mode, state */
    LANG_ADHOC_ROOMS,           /* list-rooms */
    LANG_ADHOC_ROOM_ADDRESS,
    LANG_ADHOC_ROOM_CREATED_COL, /* arg: time zone */
    LANG_ADHOC_ROOMS_NONE,
    LANG_ADHOC_ROOMS_ONE,
    LANG_ADHOC_ROOMS_COUNT,     /* arg: how many (2 or more) */
    LANG_ADHOC_DESTROY_INS,     /* destroy-room */
    LANG_ADHOC_ROOM,            /* the room to act on (several commands) */
    LANG_ADHOC_REASON,
    LANG_ADHOC_CHOOSE_ROOM,
    LANG_ADHOC_ROOM_ELSEWHERE,
    LANG_ADHOC_ROOM_DESTROYED,  /* arg: address */
    LANG_ADHOC_MODLOG_INS,      /* moderation-log; arg: how many */
    LANG_ADHOC_MODLOG_ALL,
    LANG_ADHOC_MODLOG_WHEN,     /* arg: time zone */
    LANG_ADHOC_MODLOG_ACTOR,
    LANG_ADHOC_MODLOG_ACTOR_OID,
    LANG_ADHOC_MODLOG_ACTION,
    LANG_ADHOC_MODLOG_TARGET,
    LANG_ADHOC_MODLOG_TARGET_OID,
    LANG_ADHOC_MODLOG_UNREADABLE,
    LANG_ADHOC_WHEN,            /* a date and time; args: weekday, date, time */
    LANG_ADHOC_HOURS_OPEN_UNTIL, /* a room's state; arg: time */
    LANG_ADHOC_HOURS_OPEN_UNTIL_DAY, /* args: weekday, date, time */
    LANG_ADHOC_HOURS_CLOSED_NEXT, /* args: weekday, date, time */
    LANG_ADHOC_HOURS_CLOSED,
    LANG_ADHOC_HOURS_ALWAYS,
    LANG_ADHOC_SLOTS,           /* the schedule's fields */
    LANG_ADHOC_EXCEPTIONS,
    LANG_ADHOC_LINE_TOO_MANY,   /* args: field, line, its text, the most */
    LANG_ADHOC_LINE_BAD,        /* args: field, line, its text, why */
    LANG_ADHOC_HOURS_GREETING_FIELD, /* schedule-set's settings */
    LANG_ADHOC_HOURS_SUBJECT_FIELD,
    LANG_ADHOC_HOURS_WARN_FIELD,
    LANG_ADHOC_HOURS_BEFORE_FIELD,
    LANG_ADHOC_HOURS_AFTER_FIELD,
    LANG_ADHOC_MINUTES_BAD,     /* args: field, least, most */
    LANG_ADHOC_TEXT_TOO_LONG,   /* args: field, most bytes */
    LANG_ADHOC_HOURS_GREETING,  /* the fields, short, naming them in errors */
    LANG_ADHOC_HOURS_SUBJECT,
    LANG_ADHOC_HOURS_WARN,
    LANG_ADHOC_HOURS_BEFORE,
    LANG_ADHOC_HOURS_AFTER,
    LANG_ADHOC_SCHEDULE_SET_INS, /* arg: time zone */
    LANG_ADHOC_NOT_PERSISTENT_HOURS,
    LANG_ADHOC_HOURS_NOT_STORED,
    LANG_ADHOC_HOURS_REMOVED,   /* arg: the room's address */
    LANG_ADHOC_HOURS_SAVED,     /* args: address, slots, exceptions, zone,
                                 * state */
    LANG_ADHOC_HOURS_TITLE,     /* schedule-show's result */
    LANG_ADHOC_HOURS_ZONE,
    LANG_ADHOC_HOURS_SCHEDULED,
    LANG_ADHOC_HOURS_GREETING_SHOW,
    LANG_ADHOC_HOURS_BUILTIN,
    LANG_ADHOC_HOURS_SUBJECT_SHOW,
    LANG_ADHOC_HOURS_UNCHANGED,
    LANG_ADHOC_HOURS_WARN_SHOW,
    LANG_ADHOC_HOURS_BEFORE_SHOW,
    LANG_ADHOC_HOURS_AFTER_SHOW,
    LANG_ADHOC_HOURS_OPEN_NOW,
    LANG_ADHOC_HOURS_OVERRIDDEN,
    LANG_ADHOC_HOURS_CLOSES,    /* with the zone after it */
    LANG_ADHOC_HOURS_NOW,
    LANG_ADHOC_HOURS_NEXT,      /* with the zone after it */
    LANG_ADHOC_HOURS_NEXT_UTC,
    LANG_ADHOC_OPEN_INS,        /* open-now, close-now, extend */
    LANG_ADHOC_CLOSE_INS,
    LANG_ADHOC_EXTEND_INS,
    LANG_ADHOC_OPEN_MINUTES,
    LANG_ADHOC_OPEN_MINUTES_SHORT,
    LANG_ADHOC_EXTEND_MINUTES,
    LANG_ADHOC_EXTEND_MINUTES_SHORT,
    LANG_ADHOC_OPEN_ALREADY,
    LANG_ADHOC_CLOSED_ALREADY,
    LANG_ADHOC_EXTEND_CLOSED,
    LANG_ADHOC_EXTEND_ALWAYS,
    LANG_ADHOC_NOT_PERSISTENT_OPEN,
    LANG_ADHOC_CHANGE_NOT_STORED,
    LANG_ADHOC_SESSIONS_INS,    /* session-log; args: how many, time zone */
    LANG_ADHOC_SESSIONS,
    LANG_ADHOC_SESSIONS_OPENED, /* columns; with the zone after them */
    LANG_ADHOC_SESSIONS_CLOSED,
    LANG_ADHOC_SESSIONS_OPENED_BY,
    LANG_ADHOC_SESSIONS_CLOSED_BY,
    LANG_ADHOC_SESSIONS_YOUTHS,
    LANG_ADHOC_SESSIONS_PEAK,
    LANG_ADHOC_SESSIONS_MESSAGES,
    LANG_ADHOC_SESSIONS_HELD,
    LANG_ADHOC_SESSIONS_OPEN_NOW, /* a session not ended yet */
    LANG_ADHOC_SESSIONS_UNREADABLE,
    LANG_ADHOC_CLOCK_INS,       /* set-clock (test mode); arg: time zone */
    LANG_ADHOC_CLOCK_TITLE,
    LANG_ADHOC_CLOCK_FIELD,     /* arg: time zone */
    LANG_ADHOC_CLOCK_BAD,       /* arg: time zone */
    LANG_ADHOC_CLOCK_READS,     /* args: UTC, local, zone */
    LANG_ADHOC_TRANSCRIPT_INS,  /* session-transcript */
    LANG_ADHOC_TRANSCRIPT_SESSIONS_INS, /* args: how many, room, zone */
    LANG_ADHOC_TRANSCRIPT_SESSION,
    LANG_ADHOC_TRANSCRIPT_OPTION, /* args: when, youths, messages */
    LANG_ADHOC_TRANSCRIPT_OPTION_OPEN, /* arg: when */
    LANG_ADHOC_TRANSCRIPT_CHOOSE,
    LANG_ADHOC_TRANSCRIPT_UNREADABLE,
    LANG_ADHOC_TRANSCRIPT_NO_SESSION,
    LANG_ADHOC_TRANSCRIPT,      /* the result's field */
    LANG_ADHOC_TRANSCRIPT_LINES_ONE,
    LANG_ADHOC_TRANSCRIPT_LINES, /* arg: how many (not 1) */
    LANG_ADHOC_STATS,           /* statistics: the form's title */
    LANG_ADHOC_STATS_INS,       /* arg: time zone */
    LANG_ADHOC_STATS_SESSION_FIELD,
    LANG_ADHOC_STATS_MONTH_FIELD,
    LANG_ADHOC_STATS_FROM_FIELD,
    LANG_ADHOC_STATS_TO_FIELD,
    LANG_ADHOC_STATS_NO_ROOM,
    LANG_ADHOC_STATS_ONE_PERIOD,
    LANG_ADHOC_STATS_CHOOSE_SESSION,
    LANG_ADHOC_STATS_BAD_MONTH,
    LANG_ADHOC_STATS_BAD_RANGE,
    LANG_ADHOC_STATS_OTHER_SESSION,
    LANG_ADHOC_STATS_UNREADABLE,
    LANG_ADHOC_STATS_PERIOD_SESSION, /* args: number, when it opened */
    LANG_ADHOC_STATS_PERIOD_RANGE, /* args: first, last date */
    LANG_ADHOC_STATS_PERIOD,    /* the result's labels */
    LANG_ADHOC_STATS_VISITORS,
    LANG_ADHOC_STATS_PEAK,
    LANG_ADHOC_STATS_STAFF,
    LANG_ADHOC_STATS_ASKED,
    LANG_ADHOC_STATS_PUBLISHED,
    LANG_ADHOC_STATS_REJECTED,
    LANG_ADHOC_STATS_REPORTS,
    LANG_ADHOC_STATS_KICKS,
    LANG_ADHOC_STATS_BANS,
    LANG_ADHOC_STATS_ANSWERED,
    LANG_ADHOC_STATS_MEDIAN,
    LANG_ADHOC_STATS_P90,
    LANG_ADHOC_STATS_CSV,       /* arg: time zone */
    LANG_ADHOC_PURGE_INS,       /* archive-purge; arg: default days */
    LANG_ADHOC_PURGE_DAYS,
    LANG_ADHOC_PURGE_BAD_DAYS,
    LANG_ADHOC_PURGE_NOT_STORED,
    LANG_ADHOC_PURGE_FAILED,
    LANG_ADHOC_PURGE_DONE_ONE,  /* arg: the room's address */
    LANG_ADHOC_PURGE_DONE,      /* args: how many (not 1), room */
    LANG_ADHOC_HOURS_REMOVE,    /* schedule-set: the box that removes */
    LANG_ADHOC_HOURS_REMOVE_AND_LINES, /* ticked, with lines given */
    /* Reasons from the models: why schedule.c, room.c and staff.c refuse
     * a value, as keys with arguments (struct lang_reason) that the
     * commands' texts wrap (adhoc_line_bad, adhoc_import_line ...) in the
     * reader's language. */
    /* schedule.c: a slot or an exception (sched_slot_parse() ...) */
    LANG_WHY_SCHED_TOO_LONG,     /* arg: the most characters */
    LANG_WHY_SCHED_EMPTY_SLOT,
    LANG_WHY_SCHED_WEEKDAY,      /* arg: what was there (shown safe) */
    LANG_WHY_SCHED_UNKNOWN_WEEKDAY,
    LANG_WHY_SCHED_RANGE,
    LANG_WHY_SCHED_TIME,
    LANG_WHY_SCHED_HOUR,         /* arg: the hour given */
    LANG_WHY_SCHED_MINUTE,
    LANG_WHY_SCHED_24_END,
    LANG_WHY_SCHED_NO_END,
    LANG_WHY_SCHED_DASH,
    LANG_WHY_SCHED_SAME,
    LANG_WHY_SCHED_TRAILING,     /* arg: what follows */
    LANG_WHY_SCHED_EMPTY_EXCEPTION,
    LANG_WHY_SCHED_DATE,
    LANG_WHY_SCHED_YEAR,
    LANG_WHY_SCHED_MONTH,
    LANG_WHY_SCHED_DAY,          /* args: the day, the month (2026-02) */
    LANG_WHY_SCHED_KIND_MISSING,
    LANG_WHY_SCHED_CLOSED_RANGE,
    LANG_WHY_SCHED_KIND_UNKNOWN,
    LANG_WHY_SCHED_START_MINUTE, /* the checks of stored values */
    LANG_WHY_SCHED_END_MINUTE,
    LANG_WHY_SCHED_NO_SLOT,
    LANG_WHY_SCHED_WEEKDAY_NUMBER,
    LANG_WHY_SCHED_NO_EXCEPTION,
    LANG_WHY_SCHED_KIND_NUMBER,
    /* room.c: a room's name, title, description (room_name_check() ...) */
    LANG_WHY_ROOM_NAME_LENGTH,
    LANG_WHY_ROOM_NAME_CHARS,
    LANG_WHY_ROOM_NAME_NEEDED,
    LANG_WHY_ROOM_TITLE_LONG,
    LANG_WHY_ROOM_DESC_LONG,
    LANG_WHY_ROOM_EXISTS,
    LANG_WHY_ROOM_NOT_STORED,
    /* staff.c: an entry, a picture, an import (staffs_put() ...) */
    LANG_WHY_STAFF_JID,          /* an entry (staff-add, -edit, -import) */
    LANG_WHY_STAFF_NAME,
    LANG_WHY_STAFF_TEXT_LONG,
    LANG_WHY_STAFF_PHOTO_BIG,
    LANG_WHY_STAFF_NAME_TAKEN,
    LANG_WHY_PHOTO_TOO_BIG,      /* a picture (staff-photo); arg: KiB */
    LANG_WHY_PHOTO_BASE64,
    LANG_WHY_PHOTO_NONE,
    LANG_WHY_PHOTO_TYPE,
    LANG_WHY_IMPORT_TOO_MANY,    /* staff-import; arg: the most lines */
    LANG_WHY_IMPORT_FIELDS,
    LANG_WHY_IMPORT_ROLE,
    LANG_WHY_IMPORT_NAME_BELONGS, /* args: the name, its owner's address */
    LANG_WHY_IMPORT_TWICE,       /* arg: the other line */
    LANG_WHY_IMPORT_BUSY,
    LANG_WHY_IMPORT_NAME_TAKEN,
    LANG_WHY_IMPORT_NOT_STORED,
    LANG_WHY_IMPORT_REFUSED,
    LANG_NKEYS
};

struct langs;

/*
 * Loads every catalogue "<code>.txt" of dir (code: 2 or 3 lower-case
 * letters; any other *.txt name is an error; other files are ignored).
 * Returns a new set owned by the caller (lang_free()), or NULL with
 * "file:line: message" (or "dir: message") in err, always terminated
 * when errlen > 0.
 */
struct langs *lang_load(const char *dir, char *err, size_t errlen);
/* Frees l; NULL is a no-op. */
void lang_free(struct langs *l);

/* Number of catalogues in l, and the code of the i-th ("en"). */
size_t lang_count(const struct langs *l);
const char *lang_code_at(const struct langs *l, size_t i);
/* The i-th catalogue itself, or NULL past the last. */
const struct lang_cat *lang_cat_at(const struct langs *l, size_t i);

/*
 * The catalogue for a stanza's xml:lang (its primary subtag, any case:
 * "fi-FI" -> fi), else for fallback (the config's language, same rule),
 * else English. Never NULL; tag and fallback may be NULL. The result is
 * owned by l.
 */
const struct lang_cat *
lang_pick(const struct langs *l, const char *tag, const char *fallback);
/* The code of c ("fi"). */
const char *lang_code(const struct lang_cat *c);
/* The raw text of key k in c (English when c lacks it); never NULL. */
const char *lang_text(const struct lang_cat *c, enum lang_key k);
/* The key's name in the files ("closed_next"), or NULL for a bad k. */
const char *lang_key_name(enum lang_key k);

/* A list of arguments for lang_reason_set() and friends:
 * lang_reason_set(why, ERR_BAD_REQUEST, LANG_X, LANG_ARGS(a, b)). */
#define LANG_ARGS(...)                                                         \
    (const char *const[]){__VA_ARGS__},                                        \
        (sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *))

/*
 * The text of key k with its arguments filled in, into buf (len bytes,
 * always terminated when len > 0). nargs must be the key's count.
 * Returns 0; ERR_INTERNAL when nargs is wrong or buf is too short (buf
 * then holds as much as fits, cut at a character boundary).
 */
int lang_format(const struct lang_cat *c,
                enum lang_key k,
                char *buf,
                size_t len,
                const char *const *args,
                size_t nargs);

/*
 * As lang_format(), into a new string as long as the text needs (owned by
 * the caller, free()). Returns NULL only when k is not a key or nargs is
 * not its count; a NULL argument is an empty one.
 */
char *lang_format_new(const struct lang_cat *c,
                      enum lang_key k,
                      const char *const *args,
                      size_t nargs);

/* --- reasons ------------------------------------------------------------
 *
 * Why a pure module (schedule.c, room.c, staff.c) refuses a value, as a
 * key and its arguments rather than a text: the caller renders it in its
 * reader's catalogue (lang_reason_format(); adhoc_reason() for a command,
 * English for the command line), so the module needs no language and no
 * app. The arguments are copied in, so a reason outlives what it names
 * and may be copied by value. */

#define LANG_REASON_NARGS 3   /* arguments a reason's key may take */
#define LANG_REASON_BUF 1280  /* bytes for all of them: a bare JID (1023)
                               * and a nickname (48 code points) fit */

struct lang_reason {
    enum lang_key key; /* LANG_NKEYS: no reason given */
    size_t nargs;
    size_t off[LANG_REASON_NARGS]; /* where each argument starts in buf */
    char buf[LANG_REASON_BUF];
};

/*
 * Sets *r to key k with its nargs arguments (copied; NULL is ""), and
 * returns code, so a check fails with
 * `return lang_reason_set(why, ERR_BAD_REQUEST, LANG_WHY_X, LANG_ARGS(a));`
 * (NULL, 0 for no arguments). r NULL: nothing is kept (the caller does
 * not want to know). Arguments that together pass LANG_REASON_BUF are
 * cut at a character boundary. nargs must be k's count and at most
 * LANG_REASON_NARGS: otherwise (a bug) *r says nothing.
 */
int lang_reason_set(struct lang_reason *r,
                    int code,
                    enum lang_key k,
                    const char *const *args,
                    size_t nargs);
/* Makes *r say nothing (key LANG_NKEYS); r NULL is a no-op. */
void lang_reason_clear(struct lang_reason *r);
/* 1 when r is not NULL and holds a reason. */
int lang_reason_given(const struct lang_reason *r);
/*
 * The text of r in catalogue c, into buf (len bytes, always terminated
 * when len > 0), as lang_format() writes it. Returns 0; ERR_INTERNAL
 * when r gives no reason (buf is then "") or buf is too short (buf holds
 * what fits).
 */
int lang_reason_format(const struct lang_cat *c,
                       const struct lang_reason *r,
                       char *buf,
                       size_t len);

/* A catalogue in memory: its code ("fi") and its text, as the file
 * "<code>.txt" holds it. */
struct lang_text {
    const char *code;
    const char *text;
};

/*
 * Loads the n catalogues of texts, with the checks and the result of
 * lang_load(), which reads the files of a directory and hands them here.
 * A code must be 2 or 3 lower-case letters; where names the catalogues'
 * place in messages ("where/fi.txt:3: ..."). The texts are copied, so
 * they may go once this returns. base is NULL for the daemon; else a set
 * loaded before whose English the new set shares when texts hold no "en"
 * (the fuzz target parses English once, then one catalogue per input):
 * base must then outlive the result. Returns a new set owned by the
 * caller (lang_free()), or NULL with the error in err, always terminated
 * when errlen > 0.
 */
struct langs *lang_load_texts(const struct langs *base,
                              const struct lang_text *texts,
                              size_t n,
                              const char *where,
                              char *err,
                              size_t errlen);

/* The catalogues built into the binary (conf/lang at build time, by
 * component/gen-langs.sh), and lang_load_texts() of them, named
 * "(built in)". */
extern const struct lang_text lang_builtin[];
extern const size_t lang_nbuiltin;
struct langs *lang_load_builtin(char *err, size_t errlen);

#endif
