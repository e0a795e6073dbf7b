"""A room as a whole: what disco#info says of it (XEP-0045 §6.4),
self-ping (XEP-0410), destruction while occupied (§10.9) and the service
shutting down with occupants (§11.2, status 332)."""
import harness as h

ROOM = h.room_jid("lobby")
ROOMINFO = "http://jabber.org/protocol/muc#roominfo"
SELF_PING_OPT = "http://jabber.org/protocol/muc#self-ping-optimization"
PING = f"<ping xmlns='{h.NS_PING}'/>"


async def setup(env):
    await env.start_ecopper()
    admin = await env.admin()
    await h.create_room(admin, "lobby", title="Lobby")
    return admin


async def room_info(client):
    r = h.expect_result(await h.disco_info(client, ROOM), "room disco#info")
    forms = [h.parse_form(x) for x in
             h.query_of(r, h.NS_DISCO_INFO).findall(f"{{{h.NS_DATA}}}x")]
    info = [f for f in forms if f.fields.get("FORM_TYPE") and
            f.fields["FORM_TYPE"].value == ROOMINFO]
    return r, info[0] if info else None


async def occupants(client):
    _, form = await room_info(client)
    assert form is not None, "no muc#roominfo form"
    return form.fields["muc#roominfo_occupants"].value


# ---- disco

async def test_room_disco_info_describes_the_room(env):
    await setup(env)
    kid = await env.anon_client()
    r, form = await room_info(kid)
    ids = h.identities(r)
    assert ("conference", "text", "Lobby") in ids, ids
    want = {h.NS_MUC, "muc_public", "muc_open", "muc_unmoderated",
            "muc_persistent", h.NS_OCCUPANT_ID, "muc_unsecured"}
    missing = want - h.features(r)
    assert not missing, f"missing {sorted(missing)} in " \
        f"{sorted(h.features(r))}"
    # Fully anonymous: neither semi- nor non-anonymous is claimed.
    for contrary in ("muc_hidden", "muc_membersonly", "muc_moderated",
                     "muc_nonanonymous", "muc_semianonymous",
                     "muc_temporary", "muc_passwordprotected"):
        assert contrary not in h.features(r), contrary
    assert form is not None, f"no muc#roominfo form: {h.to_string(r)}"
    assert form.type == "result"
    assert form.fields["muc#roominfo_occupants"].value == "0"


async def test_room_disco_occupant_count_follows_joins_and_leaves(env):
    admin = await setup(env)
    kid1, kid2 = await env.anon_client(), await env.anon_client()
    await h.muc_enter(admin, ROOM, "Staff")
    await h.muc_enter(kid1, ROOM, "kid1")
    await h.muc_enter(kid2, ROOM, "kid2")
    assert await occupants(kid1) == "3"
    await h.muc_leave(kid2, ROOM, "kid2")
    assert await occupants(kid1) == "2"
    # A nick change is no new occupant.
    pres = kid1.make_presence(pto=f"{ROOM}/kid1b")
    await h.wait_for(kid1, h.is_self_presence_of(f"{ROOM}/kid1b"),
                     action=pres.send)
    assert await occupants(admin) == "2"


async def test_room_disco_info_of_missing_room_is_item_not_found(env):
    await setup(env)
    kid = await env.anon_client()
    r = await h.disco_info(kid, h.room_jid("nosuchroom"))
    h.expect_error(r, "item-not-found", "cancel", "disco of a missing room")


async def test_room_advertises_self_ping_optimization(env):
    # XEP-0410 §3.3: a room that answers self-pings itself (ecopper does)
    # "needs to advertise" muc#self-ping-optimization.
    await setup(env)
    kid = await env.anon_client()
    r, _ = await room_info(kid)
    assert SELF_PING_OPT in h.features(r), sorted(h.features(r))


async def test_room_advertises_stanza_id(env):
    # XEP-0359 §5: an entity that adds stanza-ids by the rules SHOULD
    # announce urn:xmpp:sid:0; clients check it before trusting the ids.
    await setup(env)
    kid = await env.anon_client()
    r, _ = await room_info(kid)
    assert h.NS_SID in h.features(r), sorted(h.features(r))


# ---- self-ping

async def test_self_ping_as_occupant_is_result(env):
    await setup(env)
    kid = await env.anon_client()
    await h.muc_enter(kid, ROOM, "kid")
    h.expect_result(await h.send_iq(kid, f"{ROOM}/kid", PING), "self-ping")


async def test_self_ping_from_non_occupant_is_not_acceptable(env):
    await setup(env)
    kid = await env.anon_client()
    r = await h.send_iq(kid, f"{ROOM}/kid", PING)
    h.expect_error(r, "not-acceptable", None, "self-ping, not joined")
    # Joined, then gone: not acceptable again (the client should rejoin).
    await h.muc_enter(kid, ROOM, "kid")
    await h.muc_leave(kid, ROOM, "kid")
    r = await h.send_iq(kid, f"{ROOM}/kid", PING)
    h.expect_error(r, "not-acceptable", None, "self-ping after leaving")
    # Someone else's nick is not one's own.
    other = await env.anon_client()
    await h.muc_enter(other, ROOM, "other")
    r = await h.send_iq(kid, f"{ROOM}/other", PING)
    assert h.stanza_type(r) == "error", \
        f"a non-occupant's ping to someone's nick succeeded: {h.to_string(r)}"


# ---- destruction and shutdown

async def test_destroy_room_while_occupied_removes_everyone_with_reason(env):
    admin = await setup(env)
    await h.muc_enter(admin, ROOM, "Staff")
    kids = [await env.anon_client() for _ in range(2)]
    for i, kid in enumerate(kids):
        await h.muc_enter(kid, ROOM, f"kid{i}")
    recs = [h.record(c, lambda s: s.name == "presence"
                     and h.stanza_type(s) == "unavailable")
            for c in [admin] + kids]
    waits = [h.expect(c, lambda s: s.name == "presence"
                      and h.stanza_type(s) == "unavailable"
                      and h.muc_user_x(s) is not None
                      and h.muc_user_x(s).find(
                          f"{{{h.NS_MUC_USER}}}destroy") is not None,
                      "destroy presence") for c in [admin] + kids]
    first, last = await h.run_command(admin, "destroy-room",
                                      {"room": "lobby",
                                       "reason": "Closed for the night"})
    h.expect_completed(last, "destroy-room")
    for w, c, nick in zip(waits, [admin] + kids, ["Staff", "kid0", "kid1"]):
        p = await w.wait()
        assert h.from_of(p) == f"{ROOM}/{nick}", \
            f"{nick}: removal not from its own occupant JID: {h.to_string(p)}"
        d = h.muc_user_x(p).find(f"{{{h.NS_MUC_USER}}}destroy")
        assert d.findtext(f"{{{h.NS_MUC_USER}}}reason") == \
            "Closed for the night", h.to_string(p)
        it = h.muc_item(p)
        assert it is not None and it.get("role") == "none", h.to_string(p)
    # §10.9: one presence per occupant, not everyone's departure.
    for c in [admin] + kids:  # a barrier: the service answers in order
        h.expect_result(await h.disco_info(c), "disco#info (sync)")
    for rec, nick in zip(recs, ["Staff", "kid0", "kid1"]):
        rec.stop()
        others = [s for s in rec.stanzas
                  if h.from_of(s) != f"{ROOM}/{nick}"]
        assert not others, f"{nick} got others' removals: " \
            f"{[h.to_string(s) for s in others]}"
    # The room is gone.
    r = await h.muc_try_enter(kids[0], ROOM, "kid0")
    h.expect_error(r, "item-not-found", None, "enter a destroyed room")


async def test_sigterm_sends_332_to_every_occupant_and_exits_0(env):
    admin = await setup(env)
    await h.create_room(admin, "second")
    await h.muc_enter(admin, ROOM, "Staff")
    kid1, kid2 = await env.anon_client(), await env.anon_client()
    await h.muc_enter(kid1, ROOM, "kid1")
    await h.muc_enter(kid2, h.room_jid("second"), "kid2")
    expected = [(admin, f"{ROOM}/Staff"), (kid1, f"{ROOM}/kid1"),
                (kid2, f"{h.room_jid('second')}/kid2")]
    waits = [h.expect(c, lambda s, rn=rn: s.name == "presence"
                      and h.from_of(s) == rn
                      and h.stanza_type(s) == "unavailable",
                      f"shutdown presence {rn}") for c, rn in expected]
    rc = await env.stop_ecopper()
    assert rc == 0, f"ecopper exited with {rc} on SIGTERM"
    for w, (_, rn) in zip(waits, expected):
        p = await w.wait()
        assert {"110", "332"} <= h.muc_codes(p), \
            f"{rn}: want 110 and 332: {h.to_string(p)}"
        it = h.muc_item(p)
        assert it is not None and it.get("role") == "none", h.to_string(p)
