/*
 * disco.h - XEP-0030 service discovery, XEP-0199 ping, XEP-0092 version.
 *
 * Handlers for the router's IQ table: each answers and returns 0, or
 * returns an error code (router.h).
 */
#ifndef ECOPPER_DISCO_H
#define ECOPPER_DISCO_H

struct req;

int disco_info(struct req *rq);
int disco_items(struct req *rq);
int disco_ping(struct req *rq);
int disco_version(struct req *rq);
/* vCard requests to the service or a room: answered, never silence. */
int disco_no_vcard(struct req *rq);

#endif
