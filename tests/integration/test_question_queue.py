"""The question queue (pre-moderation, issue 6): a youth's message waits;
moderators approve with "ok N" or reject with "no N reason" from any
client's private chat with the room; staff are never held."""
import re

import harness as h
from test_moderation_roles import ROOM, join
from test_room_config import submit


async def setup(env):
    await env.start_ecopper()
    admin = await env.admin()
    await h.create_room(admin, "ask")
    h.expect_result(await submit(admin, {"x-ecopper#queue": "1"}), "queue on")
    await join(admin, "Moderator")
    youth = await env.anon_client()
    await join(youth, "kid")
    return admin, youth


def from_room(body_part):
    return lambda s: s.name == "message" and h.from_of(s) == ROOM \
        and body_part in (s["body"] or "")


async def ask(admin, youth, text):
    """The youth asks; returns the number the moderator was given."""
    told = h.expect(youth, from_room("waiting for a moderator"), "waiting")
    note = await h.wait_for(admin, from_room(text), action=youth.make_message(
        mto=ROOM, mtype="groupchat", mbody=text).send, what="held question")
    await told.wait()
    return int(re.search(r"#(\d+)", note["body"]).group(1))


async def test_held_question_is_published_on_ok(env):
    admin, youth = await setup(env)
    late = await env.anon_client()
    await join(late, "late")
    seen_early = h.expect(late, lambda s: s.name == "message"
                          and s["body"] == "Is it legal to ride two on a "
                          "bike?", "published question")
    n = await ask(admin, youth, "Is it legal to ride two on a bike?")
    got = await h.wait_for(youth, lambda s: s.name == "message"
                           and s["type"] == "groupchat"
                           and h.from_of(s) == f"{ROOM}/kid",
                           action=admin.make_message(
                               mto=ROOM, mtype="chat", mbody=f"ok {n}").send,
                           what="own question published")
    assert got["body"] == "Is it legal to ride two on a bike?"
    await seen_early.wait()


async def test_held_question_never_reaches_others_before_approval(env):
    admin, youth = await setup(env)
    other = await env.anon_client()
    await join(other, "other")
    with h.record(other, lambda s: s.name == "message") as rec:
        await ask(admin, youth, "secret question")
        await h.sync_with_room(other, ROOM)
    assert not any("secret question" in (s["body"] or "")
                   for s in rec.stanzas), "held message leaked"


async def test_rejected_question_is_reported_with_reason(env):
    admin, youth = await setup(env)
    n = await ask(admin, youth, "call me 040 1234567")
    note = await h.wait_for(youth, from_room("not published"),
                            action=admin.make_message(
                                mto=ROOM, mtype="chat",
                                mbody=f"no {n} no phone numbers please").send)
    assert "no phone numbers please" in note["body"]
    listing = await h.wait_for(admin, from_room("No question"),
                               action=admin.make_message(
                                   mto=ROOM, mtype="chat",
                                   mbody="queue").send)
    assert listing is not None


async def test_staff_and_moderators_are_not_held(env):
    admin, youth = await setup(env)
    await h.muc_say(admin, ROOM, "Welcome, ask away!", observers=(youth,))


async def test_youth_reports_abuse_to_moderators(env):
    admin, youth = await setup(env)
    thanked = h.expect(youth, from_room("moderators have your report"),
                       "thanks")
    got = await h.wait_for(admin, from_room("Report from kid"),
                           action=youth.make_message(
                               mto=ROOM, mtype="chat",
                               mbody="report troll keeps insulting me").send,
                           what="report at the moderator")
    assert "troll keeps insulting me" in got["body"]
    assert youth.boundjid.bare not in h.to_string(got)
    await thanked.wait()


async def test_back_room_sees_questions_and_approves_with_ok(env):
    admin, youth = await setup(env)
    await h.create_room(admin, "ask-staff")
    h.expect_result(await h.send_iq(admin, "ask-staff@" + h.COMPONENT, (
        "<query xmlns='http://jabber.org/protocol/muc#owner'>"
        "<x xmlns='jabber:x:data' type='submit'>"
        "<field var='muc#roomconfig_membersonly'><value>1</value></field>"
        "<field var='muc#roomconfig_publicroom'><value>0</value></field>"
        "</x></query>"), itype="set"), "back room config")
    back = "ask-staff@" + h.COMPONENT
    await join(admin, "Moderator", room=back)
    # Youths cannot enter the back room.
    other = await env.anon_client()
    r = await h.muc_try_enter(other, back, "peek")
    h.expect_error(r, "registration-required", "auth")
    seen = h.expect(admin, lambda s: s.name == "message"
                    and h.from_of(s) == back
                    and "Question #" in (s["body"] or ""), "in back room")
    youth.make_message(mto=ROOM, mtype="groupchat",
                       mbody="Can I get a moped licence at 15?").send()
    note = await seen.wait()
    n = re.search(r"#(\d+)", note["body"]).group(1)
    published = h.expect(youth, lambda s: s.name == "message"
                         and h.from_of(s) == f"{ROOM}/kid"
                         and s["body"] == "Can I get a moped licence at 15?",
                         "published")
    admin.make_message(mto=back, mtype="groupchat", mbody=f"ok {n}").send()
    await published.wait()
