/*
 * relay.h - what of a client's own XML ecopper passes on to others.
 *
 * A client's stanza is never copied wholesale: anything it carries could
 * say who the sender is, or pass for something the room vouches for (a
 * verified-staff hat, another occupant-id). The elements below are
 * rebuilt from a whitelist, down to their attributes and children:
 * unknown attributes and children are dropped, attribute values are
 * bounded and escaped.
 *
 *   presence   <c xmlns='http://jabber.org/protocol/caps'/>  hash node
 *              ver ext (XEP-0115), no children
 *   message    chat states (XEP-0085): empty elements; <origin-id/>
 *              (XEP-0359) id; <replace/> (XEP-0308) id; <reply/>
 *              (XEP-0461) to id; <fallback/> (XEP-0428) for, with
 *              <body/> start end children
 */
#ifndef ECOPPER_RELAY_H
#define ECOPPER_RELAY_H

#include <strophe.h>

#include "util.h"

/* Longest attribute value passed on, in bytes. */
#define RELAY_ATTR_MAX 256

/* Appends the whitelisted form of el (a child of a presence) to sb;
 * returns 1, or 0 when el is not one we pass on (sb unchanged). */
int relay_presence_child(struct sbuf *sb, xmpp_stanza_t *el);
/* The same for a child of a groupchat or private message. */
int relay_message_child(struct sbuf *sb, xmpp_stanza_t *el);

#endif
