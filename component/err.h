/*
 * err.h - the project-wide error codes.
 *
 * Model code returns one of these (0 or negative) and never builds an
 * error stanza: err.c maps a code to its XMPP error (type, RFC 6120
 * condition, optional application condition, default text) in ONE
 * table, and st_error_reply() turns that into XML.
 */
#ifndef ECOPPER_ERR_H
#define ECOPPER_ERR_H

#include "lang.h"

enum err {
    ERR_OK = 0,
    ERR_BAD_REQUEST = -1,
    ERR_CONFLICT = -2,
    ERR_FEATURE_NOT_IMPLEMENTED = -3,
    ERR_FORBIDDEN = -4,
    ERR_GONE = -5,
    ERR_INTERNAL = -6,
    ERR_ITEM_NOT_FOUND = -7,
    ERR_JID_MALFORMED = -8,
    ERR_NOT_ACCEPTABLE = -9,
    ERR_NOT_ALLOWED = -10,
    ERR_NOT_AUTHORIZED = -11,
    ERR_POLICY_VIOLATION = -12,
    ERR_REGISTRATION_REQUIRED = -13,
    ERR_RESOURCE_CONSTRAINT = -14,
    ERR_SERVICE_UNAVAILABLE = -15,
    ERR_UNEXPECTED_REQUEST = -16,
    ERR_NOT_ALLOWED_CANCEL = -17,
    /* XEP-0050 §4.6 application conditions */
    ERR_CMD_BAD_ACTION = -18,
    ERR_CMD_BAD_SESSIONID = -19,
    ERR_CMD_SESSION_EXPIRED = -20,
    ERR_CMD_MALFORMED_ACTION = -21,
    ERR_CMD_BAD_PAYLOAD = -22,
    ERR_SERVICE_UNAVAILABLE_WAIT = -23,
    ERR_PUBSUB_NODEID_REQUIRED = -24,
    ERR_LAST = -25
};

struct err_info {
    const char *type;      /* "cancel", "auth", "modify", "wait" */
    const char *condition; /* RFC 6120 §8.3.3 element name */
    const char *app_ns;    /* NULL, or the namespace of app_cond */
    const char *app_cond;  /* NULL, or an application condition */
    const char *text;      /* default human text, English */
    enum lang_key key;     /* the same text in the catalogues (lang.h) */
};

/* The mapping for code; ERR_INTERNAL's for anything unknown. Never NULL. */
const struct err_info *err_info(int code);

#endif
