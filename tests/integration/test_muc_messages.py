"""Messages in a room: groupchat (XEP-0045 §7.4, XEP-0359, XEP-0421),
private messages (§7.5) and the subject (§8.1, §7.2.15)."""
import re
import xml.etree.ElementTree as ET

import harness as h

ROOM = h.room_jid("lobby")


async def setup(env, **conf):
    """ecopper, the room, Staff (admin, moderator), kid1 and kid2."""
    await env.start_ecopper(**conf)
    admin = await env.admin()
    await h.create_room(admin, "lobby")
    await h.muc_enter(admin, ROOM, "Staff")
    kid1 = await env.anon_client()
    await h.muc_enter(kid1, ROOM, "kid1")
    kid2 = await env.anon_client()
    await h.muc_enter(kid2, ROOM, "kid2")
    return admin, kid1, kid2


def subject_msg(client, text):
    msg = client.make_message(mto=ROOM, mtype="groupchat")
    msg["id"] = client.new_id()
    # Built by hand: slixmpp leaves out an empty subject.
    el = ET.SubElement(msg.xml, f"{{{h.NS_CLIENT}}}subject")
    el.text = text or None
    return msg


async def set_subject(admin, text, observers=()):
    waits = [h.expect(o, lambda s: h.is_subject_message(s, ROOM)
                      and h.subject_of(s) == text, "subject change")
             for o in observers]
    mine = await h.wait_for(admin, lambda s: h.is_subject_message(s, ROOM)
                            and h.subject_of(s) == text,
                            action=subject_msg(admin, text).send,
                            what="own subject change")
    return mine, [await w.wait() for w in waits]


# ---- groupchat

async def test_groupchat_is_reflected_to_all_with_id_stanza_id_occupant_id(
        env):
    admin, kid1, kid2 = await setup(env)
    clients = {"Staff": admin, "kid1": kid1, "kid2": kid2}
    waits = {n: h.expect(c, h.is_groupchat_body(ROOM, "hello all"), n)
             for n, c in clients.items()}
    h.groupchat(kid1, ROOM, "hello all", mid="gc-1").send()
    got = {n: await w.wait() for n, w in waits.items()}
    sids = set()
    for n, m in got.items():
        assert h.from_of(m) == f"{ROOM}/kid1", f"{n}: {h.to_string(m)}"
        assert m["id"] == "gc-1", f"{n}: id not reflected: {h.to_string(m)}"
        sid = h.children(m, h.NS_SID, "stanza-id")
        assert len(sid) == 1 and sid[0].get("by") == ROOM \
            and sid[0].get("id"), f"{n}: stanza-id: {h.to_string(m)}"
        sids.add(sid[0].get("id"))
        assert len(h.occupant_ids(m)) == 1, f"{n}: {h.to_string(m)}"
        # Sent to every occupant: the shortest safe ids (issue 17), 96
        # bits each: stanza-id in base64url, occupant-id in base64.
        assert re.fullmatch(r"[A-Za-z0-9_-]{16}", sid[0].get("id")) and \
            re.fullmatch(r"[A-Za-z0-9+/]{16}", h.occupant_id(m)), \
            f"{n}: {h.to_string(m)}"
        assert h.child(m, h.NS_DELAY, "delay") is None, \
            f"{n}: a live message with a delay: {h.to_string(m)}"
    assert len(sids) == 1, f"one message, several stanza-ids: {sids}"
    assert len({h.occupant_id(m) for m in got.values()}) == 1


async def test_groupchat_from_non_occupant_is_not_acceptable(env):
    admin, kid1, kid2 = await setup(env)
    outsider = await env.anon_client()
    with h.record(admin, lambda s: s.name == "message") as rec:
        msg = h.groupchat(outsider, ROOM, "let me in")
        r = await h.wait_for(outsider, h.is_error_reply(msg["id"]),
                             action=msg.send, what="refusal")
        h.expect_error(r, "not-acceptable", None, "non-occupant groupchat")
        await h.sync_with_room(admin, ROOM)
    assert not rec.stanzas, [h.to_string(s) for s in rec.stanzas]


async def test_groupchat_over_4000_characters_is_not_acceptable(env):
    admin, kid1, kid2 = await setup(env)
    # 4000 code points pass (multi-byte ones too) ...
    await h.muc_say(kid1, ROOM, "ö" * 4000, observers=(admin,))
    # ... 4001 do not, and nobody sees them.
    with h.record(admin, lambda s: s.name == "message") as rec:
        msg = h.groupchat(kid1, ROOM, "x" * 4001)
        r = await h.wait_for(kid1, h.is_error_reply(msg["id"]),
                             action=msg.send, what="refusal")
        h.expect_error(r, "not-acceptable", None, "4001 characters")
        await h.sync_with_room(admin, ROOM)
    assert not rec.stanzas, "a refused message reached others"


async def test_groupchat_enters_history_for_later_joiners(env):
    admin, kid1, kid2 = await setup(env)
    first = await h.muc_say(kid1, ROOM, "is anyone here?")
    await h.muc_say(admin, ROOM, "yes, we are")
    late = await env.anon_client()
    got = await h.muc_enter(late, ROOM, "late")
    hist = [s for s in got.stanzas if s.name == "message"
            and h.body_of(s) is not None]
    assert [(h.from_of(m), h.body_of(m)) for m in hist] == [
        (f"{ROOM}/kid1", "is anyone here?"), (f"{ROOM}/Staff", "yes, we are")]
    live_sid = h.child(first, h.NS_SID, "stanza-id").get("id")
    hist_sid = h.child(hist[0], h.NS_SID, "stanza-id")
    assert hist_sid is not None and hist_sid.get("id") == live_sid, \
        f"XEP-0359: the stanza-id must be stable: live {live_sid}, " \
        f"history {h.to_string(hist[0])}"
    for m in hist:
        d = h.child(m, h.NS_DELAY, "delay")
        assert d is not None and d.get("from") == ROOM, h.to_string(m)


async def test_groupchat_forged_ids_are_replaced(env):
    admin, kid1, kid2 = await setup(env)
    forged = (f"<occupant-id xmlns='{h.NS_OCCUPANT_ID}' id='forged-oid'/>",
              f"<stanza-id xmlns='{h.NS_SID}' id='forged-sid' by='{ROOM}'/>")
    w = h.expect(admin, h.is_groupchat_body(ROOM, "who am I"), "reflection")
    h.groupchat(kid1, ROOM, "who am I", extra=forged).send()
    m = await w.wait()
    assert h.occupant_ids(m) and "forged-oid" not in h.occupant_ids(m) \
        and len(h.occupant_ids(m)) == 1, h.to_string(m)
    sids = [s.get("id") for s in h.children(m, h.NS_SID, "stanza-id")
            if s.get("by") == ROOM]
    assert len(sids) == 1 and sids[0] != "forged-sid", h.to_string(m)


async def test_groupchat_passes_no_identifying_extensions(env):
    admin, kid1, kid2 = await setup(env)
    extra = ("<nick xmlns='http://jabber.org/protocol/nick'>Real Name</nick>",
             "<addresses xmlns='http://jabber.org/protocol/address'>"
             "<address type='ofrom' jid='real@example.org/home'/></addresses>",
             "<x xmlns='jabber:x:oob'><url>https://example.org/me</url></x>",
             f"<origin-id xmlns='{h.NS_SID}' id='o-1'/>")
    w = h.expect(admin, h.is_groupchat_body(ROOM, "plain"), "reflection")
    h.groupchat(kid1, ROOM, "plain", extra=extra).send()
    m = h.to_string(await w.wait())
    for leak in ("Real Name", "real@example.org", "example.org/me"):
        assert leak not in m, f"{leak!r} passed on: {m}"
    assert "o-1" in m, f"XEP-0359: origin-id must be kept: {m}"


# ---- private messages

async def test_private_message_comes_from_sender_nick_with_muc_user_x(env):
    # §7.5 between two occupants; without youth_domains, since youths may
    # not write to each other (test_staff covers that rule).
    admin, kid1, kid2 = await setup(env, youth_domains=None)
    msg = kid1.make_message(mto=f"{ROOM}/kid2", mtype="chat",
                            mbody="psst")
    msg["id"] = "pm-1"
    with h.record(admin, lambda s: s.name == "message") as rec:
        m = await h.wait_for(kid2, lambda s: s.name == "message"
                             and h.body_of(s) == "psst", action=msg.send,
                             what="private message")
        await h.sync_with_room(admin, ROOM)
    assert h.from_of(m) == f"{ROOM}/kid1", h.to_string(m)
    assert h.stanza_type(m) == "chat" and m["id"] == "pm-1", h.to_string(m)
    assert h.muc_user_x(m) is not None, \
        f"§7.5: no <x xmlns=muc#user/>: {h.to_string(m)}"
    assert not rec.stanzas, "a private message reached a third occupant"


async def test_private_message_to_unknown_nick_is_item_not_found(env):
    admin, kid1, kid2 = await setup(env)
    msg = kid1.make_message(mto=f"{ROOM}/nobody", mtype="chat", mbody="hi")
    msg["id"] = kid1.new_id()
    r = await h.wait_for(kid1, h.is_error_reply(msg["id"]), action=msg.send)
    h.expect_error(r, "item-not-found", None, "PM to a missing nick")


async def test_private_message_from_non_occupant_is_not_acceptable(env):
    admin, kid1, kid2 = await setup(env)
    outsider = await env.anon_client()
    msg = outsider.make_message(mto=f"{ROOM}/kid1", mtype="chat",
                                mbody="hello stranger")
    msg["id"] = outsider.new_id()
    with h.record(kid1, lambda s: s.name == "message") as rec:
        r = await h.wait_for(outsider, h.is_error_reply(msg["id"]),
                             action=msg.send)
        h.expect_error(r, "not-acceptable", None, "PM from outside")
        await h.sync_with_room(kid1, ROOM)
    assert not rec.stanzas, [h.to_string(s) for s in rec.stanzas]


async def test_private_message_of_type_groupchat_is_bad_request(env):
    admin, kid1, kid2 = await setup(env)
    msg = kid1.make_message(mto=f"{ROOM}/kid2", mtype="groupchat",
                            mbody="psst")
    msg["id"] = kid1.new_id()
    with h.record(kid2, lambda s: s.name == "message") as rec:
        r = await h.wait_for(kid1, h.is_error_reply(msg["id"]),
                             action=msg.send)
        h.expect_error(r, "bad-request", "modify", "PM of type groupchat")
        await h.sync_with_room(kid2, ROOM)
    assert not rec.stanzas, [h.to_string(s) for s in rec.stanzas]


# ---- subject

async def test_subject_change_by_moderator_reaches_everyone(env):
    admin, kid1, kid2 = await setup(env)
    mine, theirs = await set_subject(admin, "Ask the police",
                                     observers=(kid1, kid2))
    for m in [mine] + theirs:
        assert h.from_of(m) in (f"{ROOM}/Staff", ROOM), h.to_string(m)
        assert h.body_of(m) is None, h.to_string(m)
    # §8.1: an empty <subject/> clears it.
    await set_subject(admin, "", observers=(kid1,))
    late = await env.anon_client()
    got = await h.muc_enter(late, ROOM, "late")
    assert h.subject_of(got.subject) == "", h.to_string(got.subject)


async def test_subject_change_by_participant_is_forbidden(env):
    admin, kid1, kid2 = await setup(env)
    with h.record(kid2, lambda s: h.is_subject_message(s, ROOM)) as rec:
        msg = subject_msg(kid1, "My subject")
        r = await h.wait_for(kid1, h.is_error_reply(msg["id"]),
                             action=msg.send, what="refusal")
        h.expect_error(r, "forbidden", "auth", "participant subject")
        await h.sync_with_room(kid2, ROOM)
    assert not rec.stanzas, [h.to_string(s) for s in rec.stanzas]


async def test_message_with_subject_and_body_is_not_a_subject_change(env):
    # §8.1: subject and body together are a normal message.
    admin, kid1, kid2 = await setup(env)
    msg = h.groupchat(kid1, ROOM, "with a subject line")
    msg["subject"] = "not a topic"
    await h.wait_for(kid2, h.is_groupchat_body(ROOM, "with a subject line"),
                     action=msg.send, what="message with body and subject")
    late = await env.anon_client()
    got = await h.muc_enter(late, ROOM, "late")
    assert h.subject_of(got.subject) == "", \
        f"the subject changed: {h.to_string(got.subject)}"


async def test_message_with_subject_and_thread_is_not_a_subject_change(env):
    # §8.1: a subject change MUST NOT hold a <thread/>; subject and thread
    # together are a legitimate message, not a subject change.
    admin, kid1, kid2 = await setup(env)
    await set_subject(admin, "The real topic")
    msg = subject_msg(admin, "thread title")
    ET.SubElement(msg.xml, f"{{{h.NS_CLIENT}}}thread").text = "t-1"
    msg.send()
    await h.sync_with_room(admin, ROOM)
    late = await env.anon_client()
    got = await h.muc_enter(late, ROOM, "late")
    assert h.subject_of(got.subject) == "The real topic", \
        f"a subject+thread message changed the subject: " \
        f"{h.to_string(got.subject)}"


async def test_subject_reaches_later_joiner_after_history(env):
    admin, kid1, kid2 = await setup(env)
    await h.muc_say(kid1, ROOM, "before the subject")
    await set_subject(admin, "Opening hours 9-17")
    await h.muc_say(kid2, ROOM, "after the subject")
    late = await env.anon_client()
    got = await h.muc_enter(late, ROOM, "late")
    msgs = [s for s in got.stanzas if s.name == "message"]
    assert [h.body_of(m) for m in msgs[:-1]] == ["before the subject",
                                                 "after the subject"]
    assert h.subject_of(msgs[-1]) == "Opening hours 9-17"
    assert msgs[-1] is got.subject


async def test_subject_survives_restart(env):
    admin, kid1, kid2 = await setup(env)
    await set_subject(admin, "Persistent topic")
    await env.stop_ecopper()
    await env.start_ecopper()
    late = await env.anon_client()
    got = await h.muc_enter(late, ROOM, "late")
    assert h.subject_of(got.subject) == "Persistent topic", \
        h.to_string(got.subject)


async def test_subject_message_carries_occupant_id(env):
    # XEP-0421 §4: the occupant-id MUST be on every message a MUC sends
    # on behalf of an occupant; a live subject change comes from
    # room/Staff. The subject sent on entering may come from the room
    # itself (§7.2.15); if it comes from room/Staff, it needs the id too.
    admin, kid1, kid2 = await setup(env)
    staff_id = h.occupant_id(
        await h.muc_say(admin, ROOM, "hello"))
    mine, (theirs,) = await set_subject(admin, "Topic", observers=(kid1,))
    for what, m in (("live", theirs), ("own", mine)):
        if h.from_of(m) != ROOM:
            assert h.occupant_ids(m) == [staff_id], \
                f"{what} subject from {h.from_of(m)} without Staff's " \
                f"occupant-id: {h.to_string(m)}"
    late = await env.anon_client()
    got = await h.muc_enter(late, ROOM, "late")
    if h.from_of(got.subject) != ROOM:
        assert h.occupant_ids(got.subject) == [staff_id], \
            f"subject on entering from {h.from_of(got.subject)} without " \
            f"Staff's occupant-id: {h.to_string(got.subject)}"
