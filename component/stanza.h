/*
 * stanza.h - helpers to build and read libstrophe stanzas.
 *
 * The XMPP edge only: model modules never include this. Functions that
 * return a stanza return a new reference owned by the caller (release it
 * with xmpp_stanza_release); "borrowed" results live as long as their
 * parent.
 */
#ifndef ECOPPER_STANZA_H
#define ECOPPER_STANZA_H

#include <strophe.h>

#define NS_STANZAS "urn:ietf:params:xml:ns:xmpp-stanzas"
#define NS_DISCO_INFO "http://jabber.org/protocol/disco#info"
#define NS_DISCO_ITEMS "http://jabber.org/protocol/disco#items"
#define NS_MUC "http://jabber.org/protocol/muc"
#define NS_PING "urn:xmpp:ping"
#define NS_VERSION "jabber:iq:version"
#define NS_COMMANDS "http://jabber.org/protocol/commands"
#define NS_DATA "jabber:x:data"
#define NS_XML "http://www.w3.org/XML/1998/namespace"
#define NS_OCCUPANT_ID "urn:xmpp:occupant-id:0"
#define NS_SID "urn:xmpp:sid:0"

/* A new element name in namespace ns (NULL: inherit). Owned by caller. */
xmpp_stanza_t *st_new(xmpp_ctx_t *ctx, const char *name, const char *ns);
/* Adds a new child element to parent and returns it (borrowed). */
xmpp_stanza_t *st_add(xmpp_stanza_t *parent, const char *name,
                      const char *ns);
/* Adds <name>text</name> to parent; returns it (borrowed). */
xmpp_stanza_t *st_add_text(xmpp_stanza_t *parent, const char *name,
                           const char *text);
/* Sets an attribute when value is not NULL. */
void st_attr(xmpp_stanza_t *st, const char *name, const char *value);

/* An iq result to iq (to/from swapped, same id). Owned by caller. */
xmpp_stanza_t *st_iq_result(xmpp_stanza_t *iq);

/*
 * An error reply to stanza for error code (err.h), with text (NULL: the
 * table's text). NULL when the stanza must not be answered (it is itself
 * an error). The original payload is not echoed: it may carry a real JID.
 */
xmpp_stanza_t *st_error_reply(xmpp_stanza_t *stanza, int code,
                              const char *text);
/* As st_error_reply(), the text being in language lang (NULL: "en"). */
xmpp_stanza_t *st_error_reply_lang(xmpp_stanza_t *stanza, int code,
                                   const char *text, const char *lang);

/* The first child element of st, skipping text nodes; NULL if none. */
xmpp_stanza_t *st_first_elem(xmpp_stanza_t *st);
/* Text content of st as a new string to free(); NULL if none. */
char *st_text(xmpp_stanza_t *st);
/* The xml:lang of st, or NULL. */
const char *st_lang(xmpp_stanza_t *st);

/*
 * Counts the elements of st (itself included) up to limit, and its depth
 * up to depth_limit. Returns 1 when both are within the limits.
 */
int st_within_limits(xmpp_stanza_t *st, int limit, int depth_limit);

#endif
