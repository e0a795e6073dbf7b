"""Anonymity end to end: the youths' real (anonymous-login) JIDs never
reach anyone else. Two youths and a staff member (the service admin,
owner and moderator of the room) do what occupants do -- enter, talk,
whisper, change presence and nick, ping, look at the room, leave -- and
every stanza each of them receives is kept and searched.
"""
import harness as h

ROOM = h.room_jid("lobby")


def secrets_of(client):
    """What would identify a youth: its full JID, bare JID, local part
    and resource (the resource alone is random enough to be a tell)."""
    j = client.boundjid
    return {j.full, j.bare, j.user, j.resource}


async def pm(sender, to_nick, body, receiver):
    msg = sender.make_message(mto=f"{ROOM}/{to_nick}", mtype="chat",
                              mbody=body)
    return await h.wait_for(receiver, lambda s: s.name == "message"
                            and h.body_of(s) == body, action=msg.send,
                            what=f"PM {body!r}")


async def rename(client, old, new, observers):
    waits = [h.expect(o, lambda s: s.name == "presence"
                      and h.from_of(s) == f"{ROOM}/{new}", f"{new} seen")
             for o in observers]
    pres = client.make_presence(pto=f"{ROOM}/{new}")
    await h.wait_for(client, h.is_self_presence_of(f"{ROOM}/{new}"),
                     action=pres.send, what=f"rename {old} -> {new}")
    for w in waits:
        await w.wait()


async def test_youth_real_jids_never_reach_other_clients(env):
    # Without youth_domains (nobody is taken for a youth, so the two may
    # write to each other): the fully anonymous room alone hides them.
    await env.start_ecopper(youth_domains=None)
    staff = await env.admin()
    kid1 = await env.anon_client()
    kid2 = await env.anon_client()
    clients = {"staff": staff, "kid1": kid1, "kid2": kid2}
    recs = {n: h.record(c) for n, c in clients.items()}
    try:
        await h.create_room(staff, "lobby", title="Ask us")
        await h.muc_enter(staff, ROOM, "Staff")
        await h.muc_enter(kid1, ROOM, "kid1",
                          extra=("<c xmlns='http://jabber.org/protocol/caps' "
                                 "hash='sha-1' node='https://example.org' "
                                 "ver='QgayPKawpkPSDYmwT/WM94uAlu0='/>",))
        await h.muc_enter(kid2, ROOM, "kid2", history={"maxstanzas": 5})

        await h.muc_say(kid1, ROOM, "hi, I have a question",
                        observers=(staff, kid2))
        await h.muc_say(staff, ROOM, "go ahead", observers=(kid1, kid2))
        await h.muc_say(kid2, ROOM, "me too", observers=(staff, kid1))
        await pm(kid1, "Staff", "privately: it is about school", staff)
        await pm(staff, "kid1", "tell me more", kid1)
        await pm(kid2, "kid1", "hey kid1", kid1)
        await pm(kid1, "kid2", "hey kid2", kid2)

        upd = kid2.make_presence(pto=f"{ROOM}/kid2", pshow="away",
                                 pstatus="back soon")
        await h.wait_for(staff, lambda s: s.name == "presence"
                         and h.from_of(s) == f"{ROOM}/kid2"
                         and s["show"] == "away", action=upd.send)
        await rename(kid1, "kid1", "anon-fox", observers=(staff, kid2))
        await rename(kid2, "kid2", "anon-owl", observers=(staff, kid1))
        await h.muc_say(kid1, ROOM, "new name", observers=(staff, kid2))

        # What a moderator can ask about occupants.
        r = await h.send_iq(staff, ROOM,
                            f"<query xmlns='{h.NS_MUC_ADMIN}'>"
                            "<item role='participant'/></query>")
        h.expect_result(r, "voice list")
        h.expect_result(await h.disco_info(staff, ROOM), "room info")
        h.expect_result(await h.disco_items(staff, ROOM), "room items")
        h.expect_result(await h.send_iq(
            kid1, f"{ROOM}/anon-fox", f"<ping xmlns='{h.NS_PING}'/>"),
            "self-ping")
        # A late youth gets roster and history.
        kid3 = await env.anon_client()
        clients["kid3"] = kid3
        recs["kid3"] = h.record(kid3)
        await h.muc_enter(kid3, ROOM, "kid3")

        for c, nick, stay in ((kid2, "anon-owl", (staff, kid1, kid3)),
                              (kid1, "anon-fox", (staff, kid3)),
                              (kid3, "kid3", (staff,))):
            waits = [h.expect(o, lambda s, n=nick: s.name == "presence"
                              and h.from_of(s) == f"{ROOM}/{n}"
                              and h.stanza_type(s) == "unavailable",
                              f"{nick} leaving") for o in stay]
            await h.muc_leave(c, ROOM, nick)
            for w in waits:
                await w.wait()
        await h.muc_leave(staff, ROOM, "Staff")
    finally:
        for r in recs.values():
            r.stop()

    youths = {n: secrets_of(c) for n, c in clients.items() if n != "staff"}
    total = 0
    for viewer, rec in recs.items():
        total += len(rec.stanzas)
        for youth, marks in youths.items():
            if youth == viewer:
                continue
            for s in rec.stanzas:
                text = h.to_string(s)
                leaked = [m for m in marks if m and m in text]
                assert not leaked, \
                    f"{viewer} received {youth}'s {leaked}: {text}"
    # The search can find a JID: each youth's own stanzas name it (in
    # 'to'); and the scenario did see traffic.
    for youth in youths:
        bare = clients[youth].boundjid.bare
        assert any(bare in h.to_string(s) for s in recs[youth].stanzas), \
            f"{youth}'s own JID not found in what it received"
    assert len(recs["staff"].stanzas) >= 20, len(recs["staff"].stanzas)
    assert total >= 60, total
