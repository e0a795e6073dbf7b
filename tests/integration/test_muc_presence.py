"""Presence inside a room: availability updates (XEP-0045 §7.7), nick
changes (§7.6) and exits (§7.14). A room only passes on show, status and
caps: anything else a client puts in its presence could say who it is.
"""
import harness as h

ROOM = h.room_jid("lobby")
NS_VCARD_UPDATE = "vcard-temp:x:update"
NS_NICK = "http://jabber.org/protocol/nick"
NS_CAPS = "http://jabber.org/protocol/caps"

IDENTIFYING = (
    f"<x xmlns='{NS_VCARD_UPDATE}'><photo>"
    "01b87fcd030b72895ff8e88db57ec525450f000d</photo></x>",
    f"<nick xmlns='{NS_NICK}'>Real Name</nick>",
    "<x xmlns='jabber:x:signed'>SIGNATURE</x>",
    "<delay xmlns='urn:xmpp:delay' stamp='2002-09-10T23:41:07Z' "
    "from='someone@example.org/home'/>",
)
CAPS = (f"<c xmlns='{NS_CAPS}' hash='sha-1' node='https://example.org' "
        "ver='QgayPKawpkPSDYmwT/WM94uAlu0='/>")


async def setup(env):
    """ecopper, the room, Staff (admin) and one youth, kid, in it."""
    await env.start_ecopper()
    admin = await env.admin()
    await h.create_room(admin, "lobby")
    await h.muc_enter(admin, ROOM, "Staff")
    kid = await env.anon_client()
    seen = h.expect(admin, lambda s: s.name == "presence"
                    and h.from_of(s) == f"{ROOM}/kid", "kid's arrival")
    await h.muc_enter(kid, ROOM, "kid")
    # Staff has seen kid arrive too, so later recordings start clean.
    await seen.wait()
    return admin, kid


def presence_from(room_nick, ptype=None):
    def pred(s):
        return s.name == "presence" and h.from_of(s) == room_nick \
            and h.stanza_type(s) == ptype
    return pred


def foreign_children(p):
    """Children of a presence a room may not pass on from a client."""
    allowed = {f"{{{h.NS_CLIENT}}}show", f"{{{h.NS_CLIENT}}}status",
               f"{{{h.NS_CLIENT}}}priority", f"{{{NS_CAPS}}}c",
               f"{{{h.NS_MUC_USER}}}x", f"{{{h.NS_OCCUPANT_ID}}}occupant-id",
               f"{{{h.NS_CLIENT}}}error"}
    return [c.tag for c in h.xml_of(p) if c.tag not in allowed]


async def test_presence_update_passes_show_and_status(env):
    admin, kid = await setup(env)
    pres = kid.make_presence(pto=f"{ROOM}/kid", pshow="away",
                             pstatus="brb")
    seen = h.expect(admin, lambda s: presence_from(f"{ROOM}/kid")(s)
                    and s["show"] == "away", "kid's update")
    own = await h.wait_for(kid, lambda s: h.is_self_presence_of(
        f"{ROOM}/kid")(s) and s["show"] == "away", action=pres.send,
        what="own update")
    p = await seen.wait()
    for who, st in (("others", p), ("self", own)):
        assert st["status"] == "brb", f"{who}: {h.to_string(st)}"
        it = h.muc_item(st)
        assert it is not None and it.get("role") == "participant" \
            and it.get("jid") is None, f"{who}: {h.to_string(st)}"
        assert h.occupant_id(st), f"{who}: no occupant-id"
    assert "110" not in h.muc_codes(p), h.to_string(p)


async def test_presence_update_never_passes_identifying_elements(env):
    admin, kid = await setup(env)
    pres = kid.make_presence(pto=f"{ROOM}/kid", pshow="dnd",
                             pstatus="busy")
    for e in IDENTIFYING + (CAPS,):
        pres.append(h.as_element(e))
    seen = h.expect(admin, lambda s: presence_from(f"{ROOM}/kid")(s)
                    and s["show"] == "dnd", "kid's update")
    pres.send()
    p = await seen.wait()
    assert not foreign_children(p), \
        f"passed on: {foreign_children(p)} in {h.to_string(p)}"
    assert "Real Name" not in h.to_string(p) and \
        "someone@example.org" not in h.to_string(p), h.to_string(p)
    assert h.child(p, NS_CAPS, "c") is not None, \
        f"caps not passed on: {h.to_string(p)}"


async def test_join_presence_never_passes_identifying_elements(env):
    await env.start_ecopper()
    admin = await env.admin()
    await h.create_room(admin, "lobby")
    await h.muc_enter(admin, ROOM, "Staff")
    kid = await env.anon_client()
    seen = h.expect(admin, presence_from(f"{ROOM}/kid"), "kid's join")
    got = await h.muc_enter(kid, ROOM, "kid", extra=IDENTIFYING)
    p = await seen.wait()
    for who, st in (("others", p), ("self", got.self_presence)):
        assert not foreign_children(st), \
            f"{who}: passed on: {foreign_children(st)} in {h.to_string(st)}"
        assert "Real Name" not in h.to_string(st), h.to_string(st)
    # A later joiner sees the stored presence: nothing of it either.
    late = await env.anon_client()
    got = await h.muc_enter(late, ROOM, "late")
    kids = [s for s in got.stanzas if presence_from(f"{ROOM}/kid")(s)]
    assert kids and not foreign_children(kids[0]), \
        [h.to_string(s) for s in kids]


async def test_nick_change_sends_303_then_new_presence(env):
    admin, kid = await setup(env)
    old, new = f"{ROOM}/kid", f"{ROOM}/kiddo"
    with h.record(admin, lambda s: s.name == "presence") as rec_admin, \
            h.record(kid, lambda s: s.name == "presence") as rec_kid:
        arrived = h.expect(admin, presence_from(new), "new nick at admin")
        pres = kid.make_presence(pto=new)
        pres["id"] = "nick-1"
        await h.wait_for(kid, h.is_self_presence_of(new), action=pres.send,
                         what="own presence under the new nick")
        await arrived.wait()
    for who, rec, self_ in (("admin", rec_admin, False),
                            ("kid", rec_kid, True)):
        seq = rec.stanzas
        assert len(seq) == 2, \
            f"{who}: want 2 presences, got {[h.to_string(s) for s in seq]}"
        gone, back = seq
        assert h.from_of(gone) == old and h.stanza_type(gone) == \
            "unavailable", f"{who}: first: {h.to_string(gone)}"
        want = {"303", "110"} if self_ else {"303"}
        assert h.muc_codes(gone) == want, \
            f"{who}: want codes {want}: {h.to_string(gone)}"
        it = h.muc_item(gone)
        assert it is not None and it.get("nick") == "kiddo" \
            and it.get("jid") is None, f"{who}: {h.to_string(gone)}"
        assert h.from_of(back) == new and h.stanza_type(back) is None, \
            f"{who}: second: {h.to_string(back)}"
        assert ("110" in h.muc_codes(back)) == self_, h.to_string(back)
        assert h.occupant_id(gone) == h.occupant_id(back), \
            f"{who}: occupant-id changed with the nick"
    # The new nick speaks; the old one is free.
    await h.muc_say(kid, ROOM, "renamed", observers=(admin,))
    other = await env.anon_client()
    await h.muc_enter(other, ROOM, "kid")


async def test_nick_change_to_a_taken_nick_is_conflict(env):
    admin, kid = await setup(env)
    with h.record(admin, lambda s: s.name == "presence") as rec:
        pres = kid.make_presence(pto=f"{ROOM}/Staff")
        r = await h.wait_for(kid, h.is_presence_error_from(f"{ROOM}/Staff"),
                             action=pres.send, what="nick change refusal")
        h.expect_error(r, "conflict", "cancel", "nick change to Staff")
        await h.sync_with_room(admin, ROOM)
    assert not rec.stanzas, [h.to_string(s) for s in rec.stanzas]
    # A nick that could not enter cannot be changed to either.
    long_nick = f"{ROOM}/{'n' * 49}"
    pres = kid.make_presence(pto=long_nick)
    r = await h.wait_for(kid, h.is_presence_error_from(long_nick),
                         action=pres.send, what="long nick refusal")
    h.expect_error(r, "jid-malformed", None, "nick change to 49 characters")
    # Still in under the old nick.
    await h.muc_say(kid, ROOM, "still kid", observers=(admin,))
    h.expect_result(await h.send_iq(
        kid, f"{ROOM}/kid", f"<ping xmlns='{h.NS_PING}'/>"), "self-ping")


async def test_exit_sends_110_to_self_and_role_none_to_others(env):
    admin, kid = await setup(env)
    seen = h.expect(admin, presence_from(f"{ROOM}/kid", "unavailable"),
                    "kid leaving")
    own = await h.muc_leave(kid, ROOM, "kid")
    p = await seen.wait()
    for who, st in (("self", own), ("others", p)):
        it = h.muc_item(st)
        assert it is not None and it.get("role") == "none" \
            and it.get("affiliation") == "none" and it.get("jid") is None, \
            f"{who}: {h.to_string(st)}"
    assert "110" in h.muc_codes(own)
    assert "110" not in h.muc_codes(p), h.to_string(p)
    # Gone: a groupchat message is now refused.
    msg = h.groupchat(kid, ROOM, "am I in?")
    r = await h.wait_for(kid, h.is_error_reply(msg["id"]), action=msg.send)
    h.expect_error(r, "not-acceptable", None, "groupchat after leaving")


async def test_occupant_whose_connection_dies_is_removed(env):
    # A youth closes the browser: the TCP connection just ends. Its server
    # then says unavailable on its behalf (RFC 6121 directed presence), or
    # at the latest bounces the next room message, which removes the
    # occupant with status 333 (§11.1). Either way it must not stay a
    # ghost (§18.1.2 Ghost Users).
    admin, kid = await setup(env)
    gone = h.expect(admin, presence_from(f"{ROOM}/kid", "unavailable"),
                    "kid removed")
    kid.abort()
    await h.muc_say(admin, ROOM, "anyone still here?")
    p = await gone.wait()
    it = h.muc_item(p)
    assert it is not None and it.get("role") == "none", h.to_string(p)
    info = h.expect_result(await h.disco_info(admin, ROOM), "room info")
    x = h.query_of(info, h.NS_DISCO_INFO).find(f"{{{h.NS_DATA}}}x")
    assert h.parse_form(x).fields["muc#roominfo_occupants"].value == "1"


def bounce(client, to, condition, etype="cancel"):
    """The client answers with a message error, as a client or its
    server does when it cannot take a message."""
    client.send_raw(
        f"<message type='error' to='{to}' id='{client.new_id()}'>"
        f"<error type='{etype}'><{condition} "
        f"xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>")


async def test_delivery_error_from_occupant_removes_it_with_333(env):
    # §18.1.2: a delivery-related error means the user is gone; §11.1:
    # the removal then carries 333, for the others too.
    admin, kid = await setup(env)
    gone = h.expect(admin, presence_from(f"{ROOM}/kid", "unavailable"),
                    "kid removed")
    bounce(kid, ROOM, "recipient-unavailable", "wait")
    p = await gone.wait()
    assert "333" in h.muc_codes(p), h.to_string(p)


async def test_non_delivery_error_from_occupant_does_not_remove_it(env):
    # §18.1.2 names the delivery-related errors that mean "gone" (gone,
    # item-not-found, recipient-unavailable, redirect, remote-server-*).
    # A client refusing one private message it does not support is still
    # there and must stay in the room.
    admin, kid = await setup(env)
    pm = admin.make_message(mto=f"{ROOM}/kid", mtype="chat", mbody="hi")
    await h.wait_for(kid, lambda s: s.name == "message"
                     and h.body_of(s) == "hi", action=pm.send)
    with h.record(admin, lambda s: s.name == "presence") as rec:
        bounce(kid, f"{ROOM}/Staff", "feature-not-implemented")
        await h.sync_with_room(kid, ROOM)
        await h.sync_with_room(admin, ROOM)
    assert not rec.stanzas, "kid was removed for refusing one message: " \
        f"{[h.to_string(s) for s in rec.stanzas]}"
    h.expect_result(await h.send_iq(
        kid, f"{ROOM}/kid", f"<ping xmlns='{h.NS_PING}'/>"),
        "self-ping after the refusal")


async def test_youths_past_youth_list_max_see_only_the_staff(env):
    """youth_list_max (2 here): a youth entering when two youths are
    listed sees the staff but not them, and they do not see it; the
    moderators see everyone, its messages reach everyone, its nick change
    and its exit reach the moderators only. When a listed youth leaves,
    the next one to enter is listed again. (Without the limit a storm of
    N youths costs N*N/2 presences: docs/performance.md.)"""
    await env.start_ecopper(youth_list_max="2")
    admin = await env.admin()
    await h.create_room(admin, "lobby")
    await h.muc_enter(admin, ROOM, "Staff")
    a, b, c, d = [await env.anon_client() for _ in range(4)]
    await h.muc_enter(a, ROOM, "a")
    got_b = await h.muc_enter(b, ROOM, "b")
    assert presence_froms(got_b) == {f"{ROOM}/{n}" for n in
                                     ("Staff", "a", "b")}, got_b.stanzas

    def others(s):
        return s.name == "presence" and h.from_of(s) not in (
            f"{ROOM}/a", f"{ROOM}/b", f"{ROOM}/Staff")

    with h.record(a, others) as rec_a, h.record(b, others) as rec_b:
        seen = h.expect(admin, presence_from(f"{ROOM}/c"), "c at Staff")
        got_c = await h.muc_enter(c, ROOM, "c")
        await seen.wait()
        assert presence_froms(got_c) == {f"{ROOM}/Staff", f"{ROOM}/c"}, \
            [h.to_string(s) for s in got_c.stanzas]
        await h.muc_say(c, ROOM, "from c", observers=(a, b, admin))
        moved = h.expect(admin, presence_from(f"{ROOM}/cc"), "cc at Staff")
        await h.wait_for(c, h.is_self_presence_of(f"{ROOM}/cc"),
                         action=c.make_presence(pto=f"{ROOM}/cc").send,
                         what="c's new nick")
        await moved.wait()
        await h.sync_with_room(a, ROOM)
        await h.sync_with_room(b, ROOM)
        assert rec_a.stanzas == [] and rec_b.stanzas == [], \
            [h.to_string(s) for s in rec_a.stanzas + rec_b.stanzas]

    # a leaves: b and Staff see it, cc (apart) does not; the next youth
    # is listed, beside b, and does not see cc.
    with h.record(c, lambda s: s.name == "presence") as rec_c:
        left = h.expect(b, presence_from(f"{ROOM}/a", "unavailable"),
                        "a leaving, at b")
        await h.muc_leave(a, ROOM, "a")
        await left.wait()
        await h.sync_with_room(c, ROOM)
        assert rec_c.stanzas == [], [h.to_string(s) for s in rec_c.stanzas]
    at_b = h.expect(b, presence_from(f"{ROOM}/d"), "d at b")
    got_d = await h.muc_enter(d, ROOM, "d")
    await at_b.wait()
    assert presence_froms(got_d) == {f"{ROOM}/{n}" for n in
                                     ("Staff", "b", "d")}, got_d.stanzas
    with h.record(admin, presence_from(f"{ROOM}/cc", "unavailable")) as gone, \
            h.record(d, lambda s: s.name == "presence") as rec_d:
        await h.muc_leave(c, ROOM, "cc")
        await h.sync_with_room(admin, ROOM)
        await h.sync_with_room(d, ROOM)
        assert len(gone.stanzas) == 1 and rec_d.stanzas == [], \
            [h.to_string(s) for s in gone.stanzas + rec_d.stanzas]


def presence_froms(entered):
    """The occupants whose presence came in while entering."""
    return {h.from_of(s) for s in entered.stanzas if s.name == "presence"
            and h.stanza_type(s) is None}


async def test_a_youth_apart_made_moderator_is_seen_and_sees(env):
    """A youth who came in past youth_list_max (1 here) and is made
    moderator: the listed youth gets its presence as moderator, and it
    gets the listed youth's, which it did not see; it is apart no more,
    so when it is made participant again both stay in each other's list
    (the listed youth gets its presence as participant, nothing leaves)."""
    await env.start_ecopper(youth_list_max="1")
    admin = await env.admin()
    await h.create_room(admin, "lobby")
    await h.muc_enter(admin, ROOM, "Staff")
    a, c = await env.anon_client(), await env.anon_client()
    await h.muc_enter(a, ROOM, "a")
    got_c = await h.muc_enter(c, ROOM, "c")
    assert presence_froms(got_c) == {f"{ROOM}/Staff", f"{ROOM}/c"}

    def role_of(s):
        it = h.muc_item(s)
        return it.get("role") if it is not None else None

    for role in ("moderator", "participant"):
        at_a = h.expect(a, lambda s, role=role: s.name == "presence"
                        and h.from_of(s) == f"{ROOM}/c"
                        and role_of(s) == role, f"c as {role} at a")
        with h.record(c, lambda s: s.name == "presence"
                      and h.from_of(s) == f"{ROOM}/a") as at_c, \
                h.record(a, lambda s: s.name == "presence"
                         and h.stanza_type(s) == "unavailable") as gone:
            r = await h.send_iq(
                admin, ROOM,
                f"<query xmlns='{h.NS_MUC_ADMIN}'><item nick='c' "
                f"role='{role}'/></query>", itype="set")
            h.expect_result(r, f"c made {role}")
            await at_a.wait()
            await h.sync_with_room(c, ROOM)
            await h.sync_with_room(a, ROOM)
        if role == "moderator":
            assert [h.stanza_type(s) for s in at_c.stanzas] == [None], \
                [h.to_string(s) for s in at_c.stanzas]
        else:
            assert at_c.stanzas == [], [h.to_string(s) for s in at_c.stanzas]
        assert gone.stanzas == [], [h.to_string(s) for s in gone.stanzas]
