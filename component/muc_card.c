/*
 * muc_card.c - the cards (vCards) of occupants, asked for at room/nick.
 *
 * A youth's card would reveal who they are, so only staff have one, and
 * it holds only what the staff registry says of them: name, title,
 * organisation and the registered photo, never their account's address.
 * Everyone else's card is "not found", whoever asks.
 *
 * Clients ask in two ways, and both get the same card:
 * - XEP-0054 vcard-temp: <vCard xmlns='vcard-temp'/> (Converse.js, Dino,
 *   and Gajim for avatars, XEP-0153);
 * - XEP-0292 vCard4, as the items of the pubsub node urn:xmpp:vcard4
 *   (Gajim 1.7's Details window: python3-nbxmpp 4.2 sends
 *   <pubsub><items node='urn:xmpp:vcard4' max_items='1'/></pubsub>), or
 *   as an IQ <vcard xmlns='urn:ietf:params:xml:ns:vcard-4.0'/> (XEP-0292's
 *   IQ retrieval, which Prosody's mod_vcard4 answers too). The one item
 *   is "current", the id clients publish their own card under.
 * Nothing is kept: each answer is built from the registry as it is.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "app.h"
#include "err.h"
#include "muc.h"
#include "room.h"
#include "router.h"
#include "staff.h"
#include "stanza.h"
#include "util.h"

#define NS_VCARD "vcard-temp"
#define NS_VCARD4 "urn:ietf:params:xml:ns:vcard-4.0"
#define NS_PUBSUB "http://jabber.org/protocol/pubsub"
#define NODE_VCARD4 "urn:xmpp:vcard4"
#define ITEM_VCARD4 "current"

/*
 * The member of staff whose card the occupant at rq->to is. NULL with
 * *rc and rq->why set when there is nobody under that nick or the
 * occupant is not staff (the same answer for every non-staff occupant).
 */
static const struct staff *card_owner(struct req *rq, int *rc)
{
    struct room *r = rooms_get(rq->app->rooms, rq->room);
    const char *nick = jid_resource(rq->to);
    struct occupant *o = r && nick ? room_by_nick(r, nick) : NULL;
    const struct staff *sm;

    if (o == NULL) {
        muc_why(rq, LANG_ERR_NOBODY_NICK);
        *rc = ERR_ITEM_NOT_FOUND;
        return NULL;
    }
    /* The hat is what the room gave at entry; the registry may have
     * changed since (muc_staff.c brings rooms in line). */
    if (o->hat == NULL || (sm = staffs_get(rq->app->staff, o->bare)) == NULL) {
        muc_why(rq, LANG_ERR_NO_CARD);
        *rc = ERR_ITEM_NOT_FOUND;
        return NULL;
    }
    return sm;
}

/* The base64 of the photo of sm, to free(). */
static char *photo_base64(const struct staff *sm)
{
    char *b64 = xmalloc(4 * ((sm->photo_len + 2) / 3) + 1);

    EVP_EncodeBlock((unsigned char *)b64, sm->photo, (int)sm->photo_len);
    return b64;
}

static const char *photo_type(const struct staff *sm)
{
    return sm->photo_type[0] ? sm->photo_type : "image/jpeg";
}

/* --- XEP-0054 vcard-temp ------------------------------------------------ */

int muc_occupant_vcard(struct req *rq)
{
    int rc;
    const struct staff *sm = card_owner(rq, &rc);
    xmpp_stanza_t *res, *v, *org;

    if (sm == NULL)
        return rc;
    res = st_iq_result(rq->st);
    v = st_add(res, "vCard", NS_VCARD);
    st_add_text(v, "FN", sm->name);
    st_add_text(v, "NICKNAME", sm->name);
    if (sm->title[0])
        st_add_text(v, "TITLE", sm->title);
    if (sm->organisation[0]) {
        org = st_add(v, "ORG", NULL);
        st_add_text(org, "ORGNAME", sm->organisation);
    }
    if (sm->photo_len) {
        char *b64 = photo_base64(sm);
        xmpp_stanza_t *ph = st_add(v, "PHOTO", NULL);

        st_add_text(ph, "TYPE", photo_type(sm));
        st_add_text(ph, "BINVAL", b64);
        free(b64);
    }
    router_send(rq->app, res);
    return 0;
}

/* --- XEP-0292 vCard4 ---------------------------------------------------- */

/* Adds <name><type>value</type></name> (RFC 6351 property). */
static void prop(xmpp_stanza_t *v, const char *name, const char *type,
                 const char *value)
{
    st_add_text(st_add(v, name, NULL), type, value);
}

/* Adds the vCard4 of sm to parent (RFC 6351 XML, XEP-0292 §2). */
static void add_vcard4(xmpp_stanza_t *parent, const struct staff *sm)
{
    xmpp_stanza_t *v = st_add(parent, "vcard", NS_VCARD4);

    prop(v, "fn", "text", sm->name);
    prop(v, "nickname", "text", sm->name);
    if (sm->title[0])
        prop(v, "title", "text", sm->title);
    if (sm->organisation[0])
        prop(v, "org", "text", sm->organisation);
    if (sm->photo_len) {
        /* RFC 6350 §6.2.4: PHOTO is a URI; inline data is a data: URI
         * (RFC 2397). */
        char *b64 = photo_base64(sm);
        char *uri = xasprintf("data:%s;base64,%s", photo_type(sm), b64);

        prop(v, "photo", "uri", uri);
        free(uri);
        free(b64);
    }
}

int muc_occupant_vcard4(struct req *rq)
{
    int rc;
    const struct staff *sm = card_owner(rq, &rc);
    xmpp_stanza_t *res;

    if (sm == NULL)
        return rc;
    res = st_iq_result(rq->st);
    add_vcard4(res, sm);
    router_send(rq->app, res);
    return 0;
}

/* Is s a whole number from 1 up, in decimal (XEP-0060 max_items)? */
static int is_count(const char *s)
{
    size_t n = strspn(s, "0123456789");

    return n > 0 && n <= 9 && s[n] == '\0' && strtoul(s, NULL, 10) > 0;
}

/*
 * Checks <items/> of a pubsub get (XEP-0060 §6.5): the node must be the
 * card's, max_items a count, and any <item/> asked for by id must be
 * "current". 0, or an error code with rq->why set.
 */
static int check_items(struct req *rq, xmpp_stanza_t *items)
{
    const char *node = xmpp_stanza_get_attribute(items, "node");
    const char *max = xmpp_stanza_get_attribute(items, "max_items");

    if (node == NULL || node[0] == '\0') {
        rq->why = "The request names no node; occupants' cards are at "
                  "the node " NODE_VCARD4 ".";
        return ERR_PUBSUB_NODEID_REQUIRED;
    }
    if (strcmp(node, NODE_VCARD4) != 0) {
        /* §6.5.9.11: the node does not exist. */
        rq->why = "Occupants have no such node; their cards are at the "
                  "node " NODE_VCARD4 ".";
        return ERR_ITEM_NOT_FOUND;
    }
    if (max && !is_count(max)) {
        rq->why = "max_items must be a whole number from 1 up.";
        return ERR_BAD_REQUEST;
    }
    for (xmpp_stanza_t *c = xmpp_stanza_get_children(items); c;
         c = xmpp_stanza_get_next(c)) {
        const char *id;

        if (!xmpp_stanza_is_tag(c))
            continue;
        if (strcmp(xmpp_stanza_get_name(c), "item") != 0) {
            rq->why = "Only <item/> elements go in <items/>.";
            return ERR_BAD_REQUEST;
        }
        id = xmpp_stanza_get_attribute(c, "id");
        if (id == NULL) {
            rq->why = "An <item/> asked for needs an id.";
            return ERR_BAD_REQUEST;
        }
        if (strcmp(id, ITEM_VCARD4) != 0) {
            /* §6.5.8: the items that exist are returned; none does. */
            rq->why = "The only item of an occupant's card is "
                      "\"" ITEM_VCARD4 "\".";
            return ERR_ITEM_NOT_FOUND;
        }
    }
    return 0;
}

int muc_occupant_pubsub(struct req *rq)
{
    xmpp_stanza_t *items = st_first_elem(rq->payload);
    xmpp_stanza_t *res, *ri, *item;
    const struct staff *sm;
    int rc;

    if (items == NULL) {
        rq->why = "A pubsub request needs a child element; ask for "
                  "<items node='" NODE_VCARD4 "'/>.";
        return ERR_BAD_REQUEST;
    }
    if (xmpp_stanza_get_ns(items) &&
        strcmp(xmpp_stanza_get_ns(items), NS_PUBSUB) != 0) {
        rq->why = "The elements of a pubsub request are in the pubsub "
                  "namespace.";
        return ERR_BAD_REQUEST;
    }
    if (strcmp(xmpp_stanza_get_name(items), "items") != 0) {
        /* XEP-0060 §5.6, §6.x: subscriptions, affiliations, options...
         * An occupant is no pubsub service; it has one card to read. */
        rq->why = "Occupants offer only their card here: ask for "
                  "<items node='" NODE_VCARD4 "'/>.";
        return ERR_FEATURE_NOT_IMPLEMENTED;
    }
    if ((rc = check_items(rq, items)) != 0)
        return rc;
    if ((sm = card_owner(rq, &rc)) == NULL)
        return rc;
    res = st_iq_result(rq->st);
    ri = st_add(st_add(res, "pubsub", NS_PUBSUB), "items", NULL);
    st_attr(ri, "node", NODE_VCARD4);
    item = st_add(ri, "item", NULL);
    st_attr(item, "id", ITEM_VCARD4);
    add_vcard4(item, sm);
    router_send(rq->app, res);
    return 0;
}
