/*
 * err.c - the one table from error code to XMPP error.
 */
#include <stddef.h>

#include "err.h"
#include "util.h"

#define NS_CMD "http://jabber.org/protocol/commands"
#define NS_PUBSUB_ERRORS "http://jabber.org/protocol/pubsub#errors"

static const struct err_info table[] = {
    /* index = -code */
    [-ERR_BAD_REQUEST] = {"modify", "bad-request", NULL, NULL,
                          "The request is malformed.", LANG_ERR_BAD_REQUEST},
    [-ERR_CONFLICT] = {"cancel", "conflict", NULL, NULL, "That already exists.",
                       LANG_ERR_CONFLICT},
    [-ERR_FEATURE_NOT_IMPLEMENTED] = {"cancel", "feature-not-implemented", NULL,
                                      NULL,
                                      "This service does not support that.",
                                      LANG_ERR_NOT_IMPLEMENTED},
    [-ERR_FORBIDDEN] = {"auth", "forbidden", NULL, NULL,
                        "You are not allowed to do that.", LANG_ERR_FORBIDDEN},
    [-ERR_GONE] = {"cancel", "gone", NULL, NULL, "That is gone.",
                   LANG_ERR_GONE},
    [-ERR_INTERNAL] = {"wait", "internal-server-error", NULL, NULL,
                       "Something went wrong on our side; please try again.",
                       LANG_ERR_INTERNAL},
    [-ERR_ITEM_NOT_FOUND] = {"cancel", "item-not-found", NULL, NULL,
                             "There is no such item.", LANG_ERR_NOT_FOUND},
    [-ERR_JID_MALFORMED] = {"modify", "jid-malformed", NULL, NULL,
                            "That address is not valid.",
                            LANG_ERR_JID_MALFORMED},
    [-ERR_NOT_ACCEPTABLE] = {"modify", "not-acceptable", NULL, NULL,
                             "That is not acceptable here.",
                             LANG_ERR_NOT_ACCEPTABLE},
    [-ERR_NOT_ALLOWED] = {"cancel", "not-allowed", NULL, NULL,
                          "That is not allowed.", LANG_ERR_NOT_ALLOWED},
    [-ERR_NOT_AUTHORIZED] = {"auth", "not-authorized", NULL, NULL,
                             "You are not authorized.",
                             LANG_ERR_NOT_AUTHORIZED},
    [-ERR_POLICY_VIOLATION] = {"modify", "policy-violation", NULL, NULL,
                               "That breaks the rules of this service.",
                               LANG_ERR_POLICY},
    [-ERR_REGISTRATION_REQUIRED] = {"auth", "registration-required", NULL, NULL,
                                    "You must be a member.",
                                    LANG_ERR_REGISTRATION},
    [-ERR_RESOURCE_CONSTRAINT] = {"wait", "resource-constraint", NULL, NULL,
                                  "The service is busy; try again soon.",
                                  LANG_ERR_BUSY},
    [-ERR_SERVICE_UNAVAILABLE] = {"cancel", "service-unavailable", NULL, NULL,
                                  "This service does not answer that.",
                                  LANG_ERR_UNAVAILABLE},
    [-ERR_UNEXPECTED_REQUEST] = {"wait", "unexpected-request", NULL, NULL,
                                 "That request came at the wrong time.",
                                 LANG_ERR_UNEXPECTED},
    [-ERR_NOT_ALLOWED_CANCEL] = {"cancel", "not-allowed", NULL, NULL,
                                 "That is not allowed.", LANG_ERR_NOT_ALLOWED},
    [-ERR_CMD_BAD_ACTION] = {"modify", "bad-request", NS_CMD, "bad-action",
                             "That action is not possible at this step.",
                             LANG_ERR_CMD_ACTION},
    [-ERR_CMD_BAD_SESSIONID] = {"modify", "bad-request", NS_CMD,
                                "bad-sessionid",
                                "There is no such command session.",
                                LANG_ERR_CMD_SESSION},
    [-ERR_CMD_SESSION_EXPIRED] = {"cancel", "not-allowed", NS_CMD,
                                  "session-expired",
                                  "The command session has expired.",
                                  LANG_ERR_CMD_EXPIRED},
    [-ERR_CMD_MALFORMED_ACTION] = {"modify", "bad-request", NS_CMD,
                                   "malformed-action",
                                   "That action is not known.",
                                   LANG_ERR_CMD_MALFORMED},
    [-ERR_SERVICE_UNAVAILABLE_WAIT] = {"wait", "service-unavailable", NULL,
                                       NULL, "Try again later.",
                                       LANG_ERR_LATER},
    [-ERR_CMD_BAD_PAYLOAD] = {"modify", "bad-request", NS_CMD, "bad-payload",
                              "The submitted form is not valid.",
                              LANG_ERR_CMD_PAYLOAD},
    /* XEP-0060 §6.5.9.3: items requested without a node */
    [-ERR_PUBSUB_NODEID_REQUIRED] = {"modify", "bad-request", NS_PUBSUB_ERRORS,
                                     "nodeid-required",
                                     "The request names no node.",
                                     LANG_ERR_NO_NODE},
};

const struct err_info *err_info(int code)
{
    if (code >= 0 || code <= ERR_LAST || (size_t)-code >= ARRAY_LEN(table) ||
        table[-code].condition == NULL)
        return &table[-ERR_INTERNAL];
    return &table[-code];
}
