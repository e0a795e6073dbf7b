/*
 * muc_card.c - the cards (vCards) of occupants, asked for at room/nick.
 *
 * A youth's card would reveal who they are, so only staff have one, and
 * it holds only what the staff registry says of them: name, title,
 * organisation and the registered photo, never their account's address.
 * Everyone else's card is "not found", whoever asks.
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

int muc_occupant_vcard(struct req *rq)
{
    struct room *r = rooms_get(rq->app->rooms, rq->room);
    const char *nick = jid_resource(rq->to);

    struct occupant *o = r ? room_by_nick(r, nick) : NULL;
    const struct staff *sm;
    xmpp_stanza_t *res, *v, *org;

    if (o == NULL) {
        rq->why = "Nobody in this room has that nickname.";
        return ERR_ITEM_NOT_FOUND;
    }
    /* Occupants' own vCards would reveal who they are; staff publish the
     * card of the registry: name, title, organisation, photo (XEP-0054,
     * XEP-0153). */
    if (o->hat == NULL || (sm = staffs_get(rq->app->staff, o->bare)) == NULL) {
        rq->why = "This occupant has no public vCard.";
        return ERR_ITEM_NOT_FOUND;
    }
    res = st_iq_result(rq->st);
    v = st_add(res, "vCard", "vcard-temp");
    st_add_text(v, "FN", sm->name);
    st_add_text(v, "NICKNAME", sm->name);
    if (sm->title[0])
        st_add_text(v, "TITLE", sm->title);
    if (sm->organisation[0]) {
        org = st_add(v, "ORG", NULL);
        st_add_text(org, "ORGNAME", sm->organisation);
    }
    if (sm->photo_len) {
        size_t cap = 4 * ((sm->photo_len + 2) / 3) + 1;
        char *b64 = xmalloc(cap);
        xmpp_stanza_t *ph = st_add(v, "PHOTO", NULL);

        EVP_EncodeBlock((unsigned char *)b64, sm->photo, (int)sm->photo_len);
        st_add_text(ph, "TYPE", sm->photo_type[0] ? sm->photo_type
                                                  : "image/jpeg");
        st_add_text(ph, "BINVAL", b64);
        free(b64);
    }
    router_send(rq->app, res);
    return 0;
}
