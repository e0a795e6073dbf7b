"""Bad input gets the right error with a text, never a crash.

Each request below is malformed or out of bounds; the daemon must answer
with the expected condition and keep serving (the harness fails the
scenario if ecopper dies or exits non-zero at teardown).
"""
import xml.etree.ElementTree as ET

import harness as h
from test_moderation_roles import ROOM, NS_ADMIN, join, admin_set

NS_OWNER = h.NS_MUC + "#owner"


async def still_serving(client):
    h.expect_result(await h.send_iq(client, h.COMPONENT,
                                    f"<ping xmlns='{h.NS_PING}'/>"), "ping")


async def test_malformed_admin_items_are_bad_request(env):
    await env.start_ecopper()
    admin = await env.admin()
    await h.create_room(admin, "ask")
    await join(admin, "Moderator")
    for items in ["", "<item/>", "<item role='none'/>",
                  "<item nick='x' role='emperor'/>",
                  "<item nick='x' role='none' affiliation='outcast'/>",
                  "<item affiliation='king' jid='a@b'/>",
                  "<item affiliation='member'/>"]:
        r = await admin_set(admin, items)
        err = h.expect_error(r, "bad-request", what=items or "no items")
        assert err.text, f"no human text for {items!r}"
    await still_serving(admin)


async def test_too_many_elements_is_policy_violation(env):
    await env.start_ecopper()
    user = await env.user()
    payload = "<query xmlns='urn:x:deep'>" + "<a/>" * 3000 + "</query>"
    r = await h.send_iq(user, h.COMPONENT, payload)
    h.expect_error(r, "policy-violation")
    deep = "<query xmlns='urn:x:deep'>" + "<a>" * 40 + "</a>" * 40 + \
        "</query>"
    r = await h.send_iq(user, h.COMPONENT, deep)
    h.expect_error(r, "policy-violation")
    await still_serving(user)


async def test_bad_nicks_are_jid_malformed(env):
    await env.start_ecopper()
    admin = await env.admin()
    await h.create_room(admin, "ask")
    youth = await env.anon_client()
    for nick in ["x" * 49, "   "]:
        pres = youth.make_presence(pto=f"{ROOM}/{nick}")
        pres.append(ET.Element(f"{{{h.NS_MUC}}}x"))
        r = await h.wait_for(youth, lambda s: s.name == "presence"
                             and s["type"] == "error", action=pres.send)
        h.expect_error(r, "jid-malformed", what=repr(nick))
    await still_serving(youth)


async def test_oversized_body_and_subject_are_refused(env):
    await env.start_ecopper()
    admin = await env.admin()
    await h.create_room(admin, "ask")
    await join(admin, "Moderator")
    msg = admin.make_message(mto=ROOM, mtype="groupchat", mbody="x" * 4001)
    r = await h.wait_for(admin, lambda s: s.name == "message"
                         and s["type"] == "error", action=msg.send)
    h.expect_error(r, "not-acceptable")
    msg = admin.make_message(mto=ROOM, mtype="groupchat", msubject="s" * 501)
    r = await h.wait_for(admin, lambda s: s.name == "message"
                         and s["type"] == "error", action=msg.send)
    h.expect_error(r, "not-acceptable")
    await still_serving(admin)


async def test_bad_config_forms_are_refused(env):
    await env.start_ecopper()
    admin = await env.admin()
    await h.create_room(admin, "ask")
    bad = [f"<query xmlns='{NS_OWNER}'><x xmlns='jabber:x:data'/></query>",
           f"<query xmlns='{NS_OWNER}'/>",
           f"<query xmlns='{NS_OWNER}'><x xmlns='jabber:x:data' "
           "type='submit'>" + "".join(f"<field var='f{i}'/>"
                                      for i in range(70)) + "</x></query>"]
    for payload in bad:
        r = await h.send_iq(admin, ROOM, payload, itype="set")
        assert h.stanza_type(r) == "error", h.to_string(r)
        assert h.stanza_error(r).text, h.to_string(r)
    await still_serving(admin)


async def test_unknown_command_and_bad_session_are_errors(env):
    await env.start_ecopper()
    admin = await env.admin()
    r = await h.command(admin, h.COMPONENT, "no-such-command")
    assert r.error and "item-not-found" in str(r.error), str(r)
    r = await h.command(admin, h.COMPONENT, "create-room",
                        action="complete", sessionid="0123abcd")
    assert r.error and "bad-request" in str(r.error), str(r)
    r = await h.command(admin, h.COMPONENT, "create-room", action="jump")
    assert r.error and "bad-request" in str(r.error), str(r)
    await still_serving(admin)
