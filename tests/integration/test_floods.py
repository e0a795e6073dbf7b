"""Floods (issue 13): everything one occupant can make ecopper send to
others is limited per occupant, with defaults a real session never meets.
Presence changes beyond the limit are coalesced (the latest state goes out
when the limit allows); nick changes, invitations and abuse reports are
refused with <resource-constraint/> (type wait) and a text in the
sender's language saying when to try again; an invitation's reason passes
the message filters; an abuse report is at most 1000 characters and the
same report twice is folded into one. Counts are asserted, never times:
the time others wait during a flood is measured by make bench."""
import xml.etree.ElementTree as ET
from xml.sax.saxutils import quoteattr

import harness as h
from test_moderation_roles import ROOM, join, setup
from test_opening_hours import error_text_and_lang

NS_USER = h.NS_MUC + "#user"


def presence_of(room_nick):
    return lambda s: (s.name == "presence" and str(s["from"]) == room_nick
                      and s["type"] != "unavailable")


async def test_presence_flood_reaches_the_room_coalesced_latest_wins(env):
    admin, youth = await setup(env)
    other = await env.anon_client()
    await join(other, "other")
    with h.record(other, presence_of(f"{ROOM}/kid")) as rec:
        last = await h.wait_for(
            other, lambda s: presence_of(f"{ROOM}/kid")(s)
            and s["status"] == "state 99",
            action=lambda: [youth.send_presence(pto=f"{ROOM}/kid",
                                                pstatus=f"state {i}")
                            for i in range(100)],
            what="the latest state")
        # Others still talk while it floods.
        await h.muc_say(admin, ROOM, "still here", observers=(other,))
    assert last["status"] == "state 99"
    # 5 at once, then one per 2 s: a handful, not 100.
    assert len(rec.stanzas) <= 10, len(rec.stanzas)


async def test_nick_changes_beyond_the_limit_are_refused_saying_when(env):
    from test_voice_request import join_lang
    await env.start_ecopper()
    admin = await env.admin()
    await h.create_room(admin, "ask")
    youth = await env.anon_client()
    await join_lang(youth, "kid", "fi")  # texts in the join's language
    nick = "kid"
    for i in range(3):
        new = f"kid{i}"
        await h.wait_for(youth, lambda s, n=new: s.name == "presence"
                         and str(s["from"]) == f"{ROOM}/{n}",
                         action=lambda n=new: youth.send_presence(
                             pto=f"{ROOM}/{n}"), what=f"nick {new}")
        nick = new
    raw = f"<presence to={quoteattr(f'{ROOM}/kid9')}/>"
    err = await h.wait_for(youth, lambda s: s.name == "presence"
                           and s["type"] == "error",
                           action=lambda: youth.send_raw(raw),
                           what="the fourth change")
    h.expect_error(err, "resource-constraint", "wait")
    text, lang = error_text_and_lang(err)
    assert lang == "fi" and "sekunnin päästä" in text, text
    assert nick == "kid2"


def invitation(client, to, reason):
    msg = client.make_message(mto=ROOM)
    x = ET.Element(f"{{{NS_USER}}}x")
    inv = ET.SubElement(x, f"{{{NS_USER}}}invite", to=to)
    ET.SubElement(inv, f"{{{NS_USER}}}reason").text = reason
    msg.append(x)
    msg["id"] = client.new_id()
    return msg


async def test_invitations_are_filtered_and_limited(env):
    admin, youth = await setup(env)
    msg = invitation(youth, h.USER[0], "call me 040 123 4567")
    err = await h.wait_for(youth, h.is_error_reply(msg["id"]),
                           action=msg.send, what="filtered invitation")
    h.expect_error(err, "policy-violation")
    user = await env.user()
    await h.wait_for(user, lambda s: s.name == "presence",
                     action=lambda: user.send_presence())
    for i in range(5):
        msg = invitation(youth, h.USER[0], f"come {i}")
        await h.wait_for(user, lambda s, i=i: s.name == "message"
                         and f"come {i}" in h.to_string(s),
                         action=msg.send, what=f"invitation {i}")
    msg = invitation(youth, h.USER[0], "come 5")
    err = await h.wait_for(youth, h.is_error_reply(msg["id"]),
                           action=msg.send, what="sixth invitation")
    h.expect_error(err, "resource-constraint", "wait")
    assert "invite again in" in error_text_and_lang(err)[0]


def from_room_chat(pred):
    return lambda s: (s.name == "message" and h.is_from_room_or_desk(s, ROOM)
                      and s["type"] == "chat" and pred(h.body_of(s) or ""))


async def report(youth, text):
    msg = youth.make_message(mto=ROOM, mtype="chat", mbody=f"report {text}")
    msg["id"] = youth.new_id()
    return msg


async def test_reports_are_capped_folded_and_limited(env):
    admin, youth = await setup(env)
    msg = await report(youth, "x" * 1001)
    err = await h.wait_for(youth, h.is_error_reply(msg["id"]),
                           action=msg.send, what="a long report")
    h.expect_error(err, "not-acceptable")
    reports = []
    with h.record(admin, from_room_chat(
            lambda b: b.startswith("Report from kid:"))) as rec:
        for text in ("troll: insults", "troll: insults", "troll: spam",
                     "troll: more"):
            msg = await report(youth, text)
            await h.wait_for(youth, from_room_chat(lambda b: True),
                             action=msg.send, what=f"answer to {text}")
        msg = await report(youth, "troll: again")
        err = await h.wait_for(youth, h.is_error_reply(msg["id"]),
                               action=msg.send, what="the fourth report")
        h.expect_error(err, "resource-constraint", "wait")
        await h.sync_with_room(admin, ROOM)
        reports = list(rec.stanzas)
    # insults (once: the repeat is folded), spam, more.
    assert len(reports) == 3, [h.body_of(s) for s in reports]
