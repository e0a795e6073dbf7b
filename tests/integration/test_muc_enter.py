"""Entering a room (XEP-0045 §7.1, §7.2): the order of what a newcomer
gets, what the others get, the refusals, several sessions of one account,
and discussion history (§7.2.13, §7.2.14).

The room is created by the service admin (owner of every room, enters as
moderator); youths are anonymous accounts, participants. The rooms are
fully anonymous: no <item/> ever carries a jid.
"""
import datetime
import xml.etree.ElementTree as ET

import harness as h

ROOM = h.room_jid("lobby")


async def setup(env, subject=None):
    """ecopper, the room, the admin in it as Staff (and a subject)."""
    await env.start_ecopper()
    admin = await env.admin()
    await h.create_room(admin, "lobby")
    await h.muc_enter(admin, ROOM, "Staff")
    if subject is not None:
        msg = admin.make_message(mto=ROOM, mtype="groupchat")
        msg["subject"] = subject
        await h.wait_for(admin, lambda s: h.is_subject_message(s, ROOM)
                         and h.subject_of(s) == subject, action=msg.send,
                         what="subject reflected")
    return admin


def assert_occupant_presence(p, affiliation, role, what):
    """muc#user item with affiliation and role, one occupant-id, no jid."""
    xs = h.children(p, h.NS_MUC_USER, "x")
    assert len(xs) == 1, f"{what}: want one muc#user x: {h.to_string(p)}"
    it = h.muc_item(p)
    assert it is not None, f"{what}: no item: {h.to_string(p)}"
    assert it.get("affiliation") == affiliation and it.get("role") == role, \
        f"{what}: want {affiliation}/{role}, got " \
        f"{it.get('affiliation')}/{it.get('role')}: {h.to_string(p)}"
    assert it.get("jid") is None, \
        f"{what}: a real JID in a fully anonymous room: {h.to_string(p)}"
    ids = h.occupant_ids(p)
    assert len(ids) == 1 and ids[0], \
        f"{what}: want exactly one occupant-id: {h.to_string(p)}"


def kind(s, room_nick):
    """A short name for a stanza received while entering."""
    if s.name == "presence":
        return "self" if "110" in h.muc_codes(s) and \
            h.from_of(s) == room_nick else "presence"
    if s.name == "message":
        if h.is_subject_message(s, ROOM):
            return "subject"
        if h.body_of(s) is not None:
            return "history"
    return f"{s.name}?"


async def test_enter_nonexistent_room_is_item_not_found(env):
    await env.start_ecopper()
    youth = await env.anon_client()
    room = h.room_jid("nosuchroom")
    r = await h.muc_try_enter(youth, room, "kid")
    h.expect_error(r, "item-not-found", "cancel", "enter a missing room")
    assert h.from_of(r) == f"{room}/kid", h.to_string(r)


async def test_enter_order_is_occupants_self_history_subject(env):
    await setup(env, subject="Ask us anything")
    kid1 = await env.anon_client()
    await h.muc_enter(kid1, ROOM, "kid1")
    await h.muc_say(kid1, ROOM, "first question")
    await h.muc_say(kid1, ROOM, "second question")

    kid2 = await env.anon_client()
    got = await h.muc_enter(kid2, ROOM, "kid2", pid="join-kid2")
    kinds = [kind(s, f"{ROOM}/kid2") for s in got.stanzas]
    assert kinds == ["presence", "presence", "self", "history", "history",
                     "subject"], \
        f"§7.1 order: occupants, self-presence, history, subject; got " \
        f"{kinds}: {[h.to_string(s) for s in got.stanzas]}"

    by_nick = {h.from_of(s).split("/", 1)[1]: s for s in got.stanzas[:2]}
    assert set(by_nick) == {"Staff", "kid1"}, f"roster: {sorted(by_nick)}"
    assert_occupant_presence(by_nick["Staff"], "owner", "moderator",
                             "Staff as seen by kid2")
    assert_occupant_presence(by_nick["kid1"], "none", "participant",
                             "kid1 as seen by kid2")
    own = got.self_presence
    assert_occupant_presence(own, "none", "participant", "kid2's own")
    assert own["id"] == "join-kid2", \
        f"self-presence does not reflect the join id: {h.to_string(own)}"

    hist = got.stanzas[3:5]
    assert [h.body_of(m) for m in hist] == ["first question",
                                            "second question"]
    for m in hist:
        assert h.from_of(m) == f"{ROOM}/kid1", h.to_string(m)
        delay = h.child(m, h.NS_DELAY, "delay")
        assert delay is not None and delay.get("from") == ROOM \
            and delay.get("stamp"), f"history without delay from the " \
            f"room: {h.to_string(m)}"
        sid = h.child(m, h.NS_SID, "stanza-id")
        assert sid is not None and sid.get("by") == ROOM and sid.get("id"), \
            f"history without stanza-id: {h.to_string(m)}"
        assert h.occupant_id(m) == h.occupant_id(by_nick["kid1"]), \
            f"history occupant-id differs from kid1's: {h.to_string(m)}"
    subj = got.subject
    assert h.subject_of(subj) == "Ask us anything", h.to_string(subj)
    assert h.body_of(subj) is None


async def test_enter_is_broadcast_to_others_without_jid(env):
    admin = await setup(env)
    kid1 = await env.anon_client()
    await h.muc_enter(kid1, ROOM, "kid1")
    kid2 = await env.anon_client()
    seen = [h.expect(c, lambda s: s.name == "presence"
                     and h.from_of(s) == f"{ROOM}/kid2",
                     "kid2's presence") for c in (admin, kid1)]
    await h.muc_enter(kid2, ROOM, "kid2")
    for who, w in zip(("admin", "kid1"), seen):
        p = await w.wait()
        assert h.stanza_type(p) is None, h.to_string(p)
        assert "110" not in h.muc_codes(p), \
            f"{who} got status 110 for someone else: {h.to_string(p)}"
        assert_occupant_presence(p, "none", "participant",
                                 f"kid2 as seen by {who}")


async def test_enter_empty_subject_is_an_empty_subject_element(env):
    await setup(env)
    kid = await env.anon_client()
    got = await h.muc_enter(kid, ROOM, "kid")
    assert h.subject_of(got.subject) == "", h.to_string(got.subject)
    assert h.body_of(got.subject) is None


async def test_enter_nick_in_use_by_another_account_is_conflict(env):
    admin = await setup(env)
    kid1 = await env.anon_client()
    await h.muc_enter(kid1, ROOM, "kid")
    kid2 = await env.anon_client()
    with h.record(admin, lambda s: s.name == "presence") as rec:
        r = await h.muc_try_enter(kid2, ROOM, "kid")
        h.expect_error(r, "conflict", "cancel", "nick taken")
        assert h.child(r, h.NS_MUC, "x") is not None, \
            f"§7.2.8: the error should echo <x xmlns=muc/>: {h.to_string(r)}"
        await h.sync_with_room(admin, ROOM)
    assert not rec.stanzas, f"the refused join was announced: " \
        f"{[h.to_string(s) for s in rec.stanzas]}"


async def test_enter_without_nick_is_jid_malformed(env):
    await setup(env)
    kid = await env.anon_client()
    pres = kid.make_presence(pto=ROOM)
    pres.append(ET.Element(f"{{{h.NS_MUC}}}x"))
    r = await h.wait_for(kid, lambda s: s.name == "presence"
                         and h.stanza_type(s) == "error", action=pres.send,
                         what="error for a join without nick")
    h.expect_error(r, "jid-malformed", "modify", "join without nick")


async def test_enter_nick_longer_than_48_is_jid_malformed(env):
    await setup(env)
    kid = await env.anon_client()
    r = await h.muc_try_enter(kid, ROOM, "n" * 49)
    h.expect_error(r, "jid-malformed", None, "49-character nick")
    # 48 characters (code points, not bytes) are fine.
    got = await h.muc_enter(kid, ROOM, "ä" * 48)
    assert h.from_of(got.self_presence) == f"{ROOM}/{'ä' * 48}"


async def test_enter_nick_with_controls_or_only_spaces_is_jid_malformed(env):
    await setup(env)
    kid = await env.anon_client()
    # XML 1.0 allows TAB and DEL as characters; neither belongs in a nick
    # (the server's resourceprep refuses them before ecopper sees them:
    # h.BAD_TO_CONDITION); a nick of spaces only is ecopper's own refusal.
    # slixmpp can neither address nor parse such JIDs: the join goes out
    # raw, and the replies are taken by an incoming filter before
    # slixmpp's handlers see them.
    replies = {}

    def take(stanza):
        sid = stanza.xml.get("id") or ""
        if stanza.xml.tag == f"{{{h.NS_CLIENT}}}presence" and \
                sid.startswith("bad-nick-"):
            replies[sid] = stanza
            return None
        return stanza

    kid.add_filter("in", take)
    server_refusal = h.BAD_TO_CONDITION[env.server]
    for i, (nick, cond) in enumerate((("kid&#9;name", server_refusal),
                                      ("kid&#127;name", server_refusal),
                                      ("%20%20%20", "jid-malformed"))):
        nick = nick.replace("%20", " ")
        pid = f"bad-nick-{i}"
        kid.send_raw(f"<presence to='{ROOM}/{nick}' id='{pid}'>"
                     f"<x xmlns='{h.NS_MUC}'/></presence>")
        await h.sync_with_room(kid, ROOM)
        assert pid in replies, f"no reply to nick {nick!r}"
        h.expect_error(replies[pid], cond, None, f"nick {nick!r}")


async def test_enter_full_room_is_service_unavailable_but_admin_enters(env):
    await env.start_ecopper()
    admin = await env.admin()
    await h.create_room(admin, "lobby")
    q = ET.Element(f"{{{h.NS_MUC}#owner}}query")
    q.append(h.submit_form({
        "FORM_TYPE": "http://jabber.org/protocol/muc#roomconfig",
        "muc#roomconfig_maxusers": "1"}))
    h.expect_result(await h.send_iq(admin, ROOM, q, itype="set"),
                    "set maxusers 1")
    kid1 = await env.anon_client()
    await h.muc_enter(kid1, ROOM, "kid1")
    kid2 = await env.anon_client()
    r = await h.muc_try_enter(kid2, ROOM, "kid2")
    h.expect_error(r, "service-unavailable", "wait", "§7.2.9 room full")
    # §7.2.9: admins and owners get in even so.
    await h.muc_enter(admin, ROOM, "Staff")


async def test_enter_second_session_same_nick_is_one_occupant(env):
    admin = await setup(env)
    one = await env.client(h.USER[0] + "/one", h.USER[1])
    two = await env.client(h.USER[0] + "/two", h.USER[1])
    seen = h.expect(admin, lambda s: s.name == "presence"
                    and h.from_of(s) == f"{ROOM}/helper", "helper arrives")
    await h.muc_enter(one, ROOM, "helper")
    await seen.wait()  # so the recording below starts after it
    with h.record(admin, lambda s: s.name == "presence"
                  and h.from_of(s) == f"{ROOM}/helper") as rec:
        got = await h.muc_enter(two, ROOM, "helper")
        await h.sync_with_room(admin, ROOM)
    assert not rec.stanzas, "a second session of the same occupant was " \
        f"announced again: {[h.to_string(s) for s in rec.stanzas]}"
    nicks = {h.from_of(s) for s in got.stanzas if s.name == "presence"}
    assert f"{ROOM}/Staff" in nicks, \
        f"the second session got no roster: {sorted(nicks)}"
    assert h.occupant_id(got.self_presence) is not None

    # §7.2.8: in-room messages go to every session of the occupant.
    await h.muc_say(admin, ROOM, "to both", observers=(one, two))
    # Both sessions may speak.
    await h.muc_say(two, ROOM, "from two", observers=(one, admin))

    info = h.expect_result(await h.disco_info(admin, ROOM), "room info")
    x = h.query_of(info, h.NS_DISCO_INFO).find(f"{{{h.NS_DATA}}}x")
    count = h.parse_form(x).fields["muc#roominfo_occupants"].value
    assert count == "2", f"occupants: want 2 (Staff, helper), got {count}"

    # One session leaving leaves the occupant in.
    with h.record(admin, lambda s: s.name == "presence"
                  and h.from_of(s) == f"{ROOM}/helper") as rec:
        await h.muc_leave(two, ROOM, "helper")
        await h.sync_with_room(admin, ROOM)
    assert not rec.stanzas, "the occupant was announced gone while one " \
        f"session stayed: {[h.to_string(s) for s in rec.stanzas]}"
    await h.muc_say(admin, ROOM, "still there?", observers=(one,))
    gone = h.expect(admin, lambda s: s.name == "presence"
                    and h.from_of(s) == f"{ROOM}/helper"
                    and h.stanza_type(s) == "unavailable", "helper gone")
    await h.muc_leave(one, ROOM, "helper")
    await gone.wait()


async def test_history_holds_the_last_20_messages(env):
    admin = await setup(env)
    for i in range(25):
        await h.muc_say(admin, ROOM, f"message {i}")
    kid = await env.anon_client()
    got = await h.muc_enter(kid, ROOM, "kid")
    bodies = [h.body_of(s) for s in got.stanzas
              if s.name == "message" and h.body_of(s) is not None]
    assert bodies == [f"message {i}" for i in range(5, 25)], bodies


async def history_after(env, n, **history):
    admin = await setup(env)
    for i in range(n):
        await h.muc_say(admin, ROOM, f"message {i}")
    kid = await env.anon_client()
    got = await h.muc_enter(kid, ROOM, "kid", history=history)
    return [h.body_of(s) for s in got.stanzas
            if s.name == "message" and h.body_of(s) is not None]


async def test_enter_with_history_maxstanzas_gets_only_the_last(env):
    bodies = await history_after(env, 5, maxstanzas=2)
    assert bodies == ["message 3", "message 4"], bodies


async def test_enter_with_history_maxchars_zero_gets_none(env):
    bodies = await history_after(env, 3, maxchars=0)
    assert bodies == [], bodies


async def test_enter_with_history_maxchars_sends_only_stanzas_that_fit(env):
    # §7.2.14: the largest number of complete stanzas whose characters add
    # up to at most maxchars; no history stanza is 40 characters long.
    bodies = await history_after(env, 3, maxchars=40)
    assert bodies == [], f"maxchars=40 still sent {bodies}"


async def test_enter_with_history_since_limits_by_time(env):
    bodies = await history_after(env, 3, since="2999-01-01T00:00:00Z")
    assert bodies == [], f"since in the future still sent {bodies}"
    kid = await env.anon_client()
    got = await h.muc_enter(kid, ROOM, "kid2",
                            history={"since": "1970-01-01T00:00:00Z"})
    bodies = [h.body_of(s) for s in got.stanzas
              if s.name == "message" and h.body_of(s) is not None]
    assert bodies == ["message 0", "message 1", "message 2"], bodies


async def test_enter_with_history_seconds_gets_recent(env):
    bodies = await history_after(env, 3, seconds=3600)
    assert bodies == ["message 0", "message 1", "message 2"], bodies


async def test_join_again_from_joined_session_resends_everything(env):
    # §7.2.1: an <x/>-tagged join from an already-joined full JID means the
    # client lost sync: it SHOULD get exactly what a join gets.
    await setup(env, subject="Hello")
    kid = await env.anon_client()
    await h.muc_enter(kid, ROOM, "kid")
    with h.record(kid, lambda s: h.is_from_room(s, ROOM)) as rec:
        await h.muc_try_enter(kid, ROOM, "kid")
        await h.sync_with_room(kid, ROOM)
    got = [h.to_string(s) for s in rec.stanzas]
    roster = [s for s in rec.stanzas if s.name == "presence"
              and h.from_of(s) == f"{ROOM}/Staff"]
    subject = [s for s in rec.stanzas if h.is_subject_message(s, ROOM)]
    assert roster, f"no roster on the repeated join; got only {got}"
    assert subject and h.subject_of(subject[-1]) == "Hello", \
        f"no subject on the repeated join; got only {got}"


async def test_presence_without_muc_x_from_non_occupant_is_kicked_333(env):
    # §7.2.18 (Groupchat 1.0): since 1.32 a presence without <x/> from a
    # non-occupant is RECOMMENDED to be answered with a kick 110+307+333
    # rather than taken as a join.
    await setup(env)
    kid = await env.anon_client()
    room_nick = f"{ROOM}/kid"
    pres = h.muc_join_presence(kid, ROOM, "kid", muc_x=False)
    r = await h.wait_for(kid, lambda s: s.name == "presence"
                         and h.from_of(s) == room_nick, action=pres.send,
                         what="reply to an x-less presence")
    assert h.stanza_type(r) == "unavailable" and \
        {"110", "307", "333"} <= h.muc_codes(r), \
        f"want unavailable with 110, 307 and 333, got {h.to_string(r)}"


async def test_enter_with_history_since_honours_the_time_zone(env):
    # XEP-0082: a DateTime may end in an offset. An hour ago, written in
    # +05:00, reads four hours ahead of UTC: whoever ignores the offset
    # sees a time in the future and sends nothing.
    hour_ago = datetime.datetime.now(datetime.timezone(
        datetime.timedelta(hours=5))) - datetime.timedelta(hours=1)
    bodies = await history_after(
        env, 2, since=hour_ago.strftime("%Y-%m-%dT%H:%M:%S+05:00"))
    assert bodies == ["message 0", "message 1"], \
        f"since an hour ago (+05:00) sent {bodies}"


def is_pinged(s):
    return s.name == "iq" and h.stanza_type(s) == "get" and \
        h.child(s, "urn:xmpp:ping", "ping") is not None


async def test_enter_nick_held_by_a_silent_session_frees_it(env):
    """A youth's phone loses its network: the server keeps the session,
    and its occupant holds the nick. The youth comes back under a new
    session: refused with <conflict/>, the service pings the holder; no
    answer, so the holder leaves (status 333) and the next try enters."""
    admin = await setup(env)
    kid1 = await env.anon_client()
    await h.muc_enter(kid1, ROOM, "Kettu")
    # The network is gone: kid1 reads nothing more, its TCP stays open.
    kid1.transport.pause_reading()
    kid2 = await env.anon_client()
    with h.record(admin, lambda s: s.name == "presence"
                  and h.from_of(s) == f"{ROOM}/Kettu"
                  and h.stanza_type(s) == "unavailable") as gone:
        r = await h.muc_try_enter(kid2, ROOM, "Kettu")
        h.expect_error(r, "conflict", "cancel", "nick held by a ghost")
        await h.wait_until(lambda: gone.stanzas, timeout=30,
                           what="the silent holder removed")
    assert "333" in h.muc_codes(gone.stanzas[0]), \
        f"want status 333: {h.to_string(gone.stanzas[0])}"
    got = await h.muc_enter(kid2, ROOM, "Kettu")
    assert h.from_of(got.self_presence) == f"{ROOM}/Kettu"


async def test_enter_nick_held_by_a_live_session_stays(env):
    """The holder's client answers the ping: it stays, the newcomer stays
    refused, and the ping comes from the service, not a room address."""
    admin = await setup(env)
    kid1 = await env.anon_client()
    await h.muc_enter(kid1, ROOM, "Kettu")
    kid2 = await env.anon_client()
    with h.record(admin, lambda s: s.name == "presence"
                  and h.from_of(s) == f"{ROOM}/Kettu"
                  and h.stanza_type(s) == "unavailable") as gone, \
            h.record(kid1, is_pinged) as pinged:
        r = await h.muc_try_enter(kid2, ROOM, "Kettu")
        h.expect_error(r, "conflict", "cancel", "nick taken")
        await h.wait_until(lambda: pinged.stanzas, what="the holder pinged")
        assert h.from_of(pinged.stanzas[0]) == h.COMPONENT, \
            h.to_string(pinged.stanzas[0])
        # kid1 has answered; a round trip of kid1's own through the room
        # comes after its answer.
        await h.sync_with_room(kid1, ROOM)
        await h.sync_with_room(admin, ROOM)
        # A second refusal within the round pings nobody again.
        r = await h.muc_try_enter(kid2, ROOM, "Kettu")
        h.expect_error(r, "conflict", "cancel", "nick still taken")
        await h.sync_with_room(kid1, ROOM)
    assert not gone.stanzas, h.to_string(gone.stanzas[0])
    assert len(pinged.stanzas) == 1, \
        f"pinged {len(pinged.stanzas)} times in one round"


async def test_nick_change_to_a_nick_held_by_a_silent_session(env):
    """The same for a nick change (§7.6): the holder that does not answer
    leaves, and the change goes through on the next try."""
    admin = await setup(env)
    kid1 = await env.anon_client()
    await h.muc_enter(kid1, ROOM, "Kettu")
    kid1.transport.pause_reading()
    kid2 = await env.anon_client()
    await h.muc_enter(kid2, ROOM, "Fox")

    def change():
        return h.wait_for(kid2, lambda s: s.name == "presence"
                          and h.from_of(s) == f"{ROOM}/Kettu",
                          action=lambda: kid2.send_presence(
                              pto=f"{ROOM}/Kettu"),
                          what="answer to the nick change")

    with h.record(admin, lambda s: s.name == "presence"
                  and h.from_of(s) == f"{ROOM}/Kettu"
                  and h.stanza_type(s) == "unavailable") as gone:
        r = await change()
        h.expect_error(r, "conflict", "cancel", "nick held by a ghost")
        await h.wait_until(lambda: gone.stanzas, timeout=30,
                           what="the silent holder removed")
    r = await change()
    assert h.stanza_type(r) != "error", h.to_string(r)
    assert "110" in h.muc_codes(r), h.to_string(r)
