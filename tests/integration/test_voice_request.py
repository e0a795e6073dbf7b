"""Voice requests (XEP-0045 §7.13, §8.6) in a moderated room: the visitor
asks, moderators get the form, a moderator's answer grants voice."""
import xml.etree.ElementTree as ET

import harness as h
from test_moderation_roles import ROOM, join, item
from test_room_config import submit

REQ = "http://jabber.org/protocol/muc#request"


async def setup(env):
    await env.start_ecopper()
    admin = await env.admin()
    await h.create_room(admin, "ask")
    h.expect_result(await submit(admin, {"muc#roomconfig_moderatedroom": "1"}),
                    "moderated")
    await join(admin, "Moderator")
    youth = await env.anon_client()
    own = await join(youth, "kid")
    assert item(own).get("role") == "visitor"
    return admin, youth


def ask_voice(youth):
    msg = youth.make_message(mto=ROOM)
    msg.append(h.submit_form({"FORM_TYPE": REQ, "muc#role": "participant"}))
    return msg


async def test_visitor_request_reaches_moderators_without_real_jid(env):
    admin, youth = await setup(env)
    got = await h.wait_for(admin, lambda s: s.name == "message"
                           and REQ in h.to_string(s),
                           action=ask_voice(youth).send, what="request form")
    text = h.to_string(got)
    assert youth.boundjid.bare not in text, f"real JID leaked: {text}"
    f = h.parse_form(h.xml_of(got).find(f"{{{h.NS_DATA}}}x"))
    assert f.fields["muc#roomnick"].value == "kid"
    assert f.fields["muc#jid"].value == f"{ROOM}/kid"


async def answer(admin, allow):
    msg = admin.make_message(mto=ROOM)
    msg.append(h.submit_form({"FORM_TYPE": REQ, "muc#role": "participant",
                              "muc#roomnick": "kid",
                              "muc#request_allow": allow}))
    return msg


async def test_moderator_approval_grants_voice(env):
    admin, youth = await setup(env)
    await h.wait_for(admin, lambda s: s.name == "message"
                     and REQ in h.to_string(s), action=ask_voice(youth).send)
    voiced = await h.wait_for(
        youth, lambda s: s.name == "presence"
        and h.from_of(s) == f"{ROOM}/kid" and item(s) is not None
        and item(s).get("role") == "participant",
        action=(await answer(admin, "true")).send, what="voice")
    assert voiced is not None
    await h.muc_say(youth, ROOM, "my question", observers=(admin,))


async def test_moderator_denial_keeps_visitor(env):
    admin, youth = await setup(env)
    await h.wait_for(admin, lambda s: s.name == "message"
                     and REQ in h.to_string(s), action=ask_voice(youth).send)
    (await answer(admin, "false")).send()
    # The room still refuses the youth's groupchat: no voice was given.
    msg = youth.make_message(mto=ROOM, mtype="groupchat", mbody="hello?")
    err = await h.wait_for(youth, lambda s: s.name == "message"
                           and s["type"] == "error", action=msg.send)
    h.expect_error(err, "forbidden")


async def test_participant_request_is_not_acceptable(env):
    await env.start_ecopper()
    admin = await env.admin()
    await h.create_room(admin, "ask")
    youth = await env.anon_client()
    await join(youth, "kid")
    err = await h.wait_for(youth, lambda s: s.name == "message"
                           and s["type"] == "error",
                           action=ask_voice(youth).send)
    h.expect_error(err, "not-acceptable")
