"""Affiliations (XEP-0045 §9, §10): bans, members, lists, persistence.

In an anonymous room nobody knows a youth's JID, so ecopper also takes a
nick where XEP-0045 takes a JID; the outcast list names banned accounts
by a key, never by their JID.
"""
import xml.etree.ElementTree as ET

import harness as h
from test_moderation_roles import ROOM, NS_ADMIN, join, codes, item, \
    admin_set, setup
from test_room_config import submit


async def affiliation_list(client, affil):
    r = await h.send_iq(client, ROOM, f"<query xmlns='{NS_ADMIN}'>"
                        f"<item affiliation='{affil}'/></query>")
    if h.stanza_type(r) == "error":
        return r, None
    q = h.xml_of(r).find(f"{{{NS_ADMIN}}}query")
    return r, q.findall(f"{{{NS_ADMIN}}}item")


async def try_join(client, nick):
    pres = client.make_presence(pto=f"{ROOM}/{nick}")
    pres.append(ET.Element(f"{{{h.NS_MUC}}}x"))
    return await h.wait_for(client, lambda s: s.name == "presence"
                            and str(s["from"]) == f"{ROOM}/{nick}"
                            and (s["type"] == "error" or "110" in codes(s)),
                            action=pres.send)


async def test_ban_by_nick_removes_with_301_and_holds(env):
    admin, youth = await setup(env)
    gone = h.expect(youth, lambda s: s.name == "presence"
                    and s["type"] == "unavailable", "ban presence")
    h.expect_result(await admin_set(
        admin, "<item nick='kid' affiliation='outcast'>"
        "<reason>Spam</reason></item>"), "ban")
    p = await gone.wait()
    assert {"110", "301"} <= codes(p), h.to_string(p)
    r = await try_join(youth, "kid2")
    h.expect_error(r, "forbidden", "auth")


async def test_outcast_list_hides_jid_and_unban_lifts_it(env):
    admin, youth = await setup(env)
    h.expect_result(await admin_set(
        admin, "<item nick='kid' affiliation='outcast'/>"), "ban")
    r, its = await affiliation_list(admin, "outcast")
    assert its and len(its) == 1, h.to_string(r)
    jid = its[0].get("jid")
    assert jid.startswith("banned-") and jid.endswith("@" + h.COMPONENT)
    assert youth.boundjid.bare not in h.to_string(r), "youth JID leaked"
    assert its[0].get("nick") == "kid"
    h.expect_result(await admin_set(
        admin, f"<item jid='{jid}' affiliation='none'/>"), "unban")
    r = await try_join(youth, "kid")
    assert r["type"] != "error", h.to_string(r)


async def test_member_by_jid_survives_restart_and_enters_members_only(env):
    await env.start_ecopper()
    admin = await env.admin()
    await h.create_room(admin, "ask")
    h.expect_result(await admin_set(
        admin, f"<item jid='{h.USER[0]}' affiliation='member'/>"), "member")
    h.expect_result(await submit(admin, {"muc#roomconfig_membersonly": "1"}),
                    "members only")
    await env.stop_ecopper()
    await env.start_ecopper()
    r, its = await affiliation_list(admin, "member")
    assert [i.get("jid") for i in its] == [h.USER[0]], h.to_string(r)
    user = await env.user()
    own = await try_join(user, "helper")
    assert own["type"] != "error" and item(own).get("affiliation") == \
        "member", h.to_string(own)
    youth = await env.anon_client()
    r = await try_join(youth, "kid")
    h.expect_error(r, "registration-required", "auth")


async def test_participant_cannot_ban_or_list(env):
    admin, youth = await setup(env)
    r = await admin_set(youth, "<item nick='Moderator' "
                        "affiliation='outcast'/>")
    assert h.stanza_type(r) == "error"
    r, _ = await affiliation_list(youth, "outcast")
    h.expect_error(r, "forbidden", "auth")


async def test_service_admin_cannot_be_banned(env):
    admin, youth = await setup(env)
    user = await env.user()
    await join(user, "helper")
    h.expect_result(await admin_set(
        admin, f"<item jid='{h.USER[0]}' affiliation='owner'/>"), "owner")
    r = await admin_set(user, f"<item jid='{h.ADMIN[0]}' "
                        "affiliation='outcast'/>")
    h.expect_error(r, "not-allowed")


async def test_reserved_nick_is_discovered_and_kept_for_its_member(env):
    await env.start_ecopper()
    admin = await env.admin()
    await h.create_room(admin, "ask")
    h.expect_result(await admin_set(
        admin, f"<item jid='{h.USER[0]}' affiliation='member' "
        "nick='Officer Mikko'/>"), "member with nick")
    user = await env.user()
    r = h.expect_result(await h.disco_info(user, ROOM,
                                           node="x-roomuser-item"), "nick")
    assert ("conference", "text", "Officer Mikko") in h.identities(r), \
        h.to_string(r)
    youth = await env.anon_client()
    r = h.expect_result(await h.disco_info(youth, ROOM,
                                           node="x-roomuser-item"), "none")
    assert h.identities(r) == [], h.to_string(r)
    r = await try_join(youth, "Officer Mikko")
    h.expect_error(r, "conflict")
    own = await try_join(user, "Officer Mikko")
    assert own["type"] != "error", h.to_string(own)


async def test_invitation_reaches_invitee_without_inviter_jid(env):
    await env.start_ecopper()
    admin = await env.admin()
    await h.create_room(admin, "ask")
    youth = await env.anon_client()
    await join(youth, "kid")
    user = await env.user()
    # Available, so that a message to the bare JID is delivered live.
    await h.wait_for(user, lambda s: s.name == "presence", action=lambda:
                     user.send_presence())
    msg = youth.make_message(mto=ROOM)
    x = ET.Element(f"{{{h.NS_MUC}#user}}x")
    inv = ET.SubElement(x, f"{{{h.NS_MUC}#user}}invite", to=h.USER[0])
    ET.SubElement(inv, f"{{{h.NS_MUC}#user}}reason").text = "Ask them too"
    msg.append(x)
    got = await h.wait_for(user, lambda s: s.name == "message"
                           and str(s["from"]) == ROOM, action=msg.send,
                           what="invitation")
    text = h.to_string(got)
    assert youth.boundjid.bare not in text, f"inviter JID leaked: {text}"
    inv = h.xml_of(got).find(f"{{{h.NS_MUC}#user}}x/"
                             f"{{{h.NS_MUC}#user}}invite")
    assert inv is not None and inv.get("from") == f"{ROOM}/kid", text
    assert inv.findtext(f"{{{h.NS_MUC}#user}}reason") == "Ask them too"


async def test_declined_invitation_reaches_the_inviter(env):
    await env.start_ecopper()
    admin = await env.admin()
    await h.create_room(admin, "ask")
    await join(admin, "Moderator")
    user = await env.user()
    await h.wait_for(user, lambda s: s.name == "presence", action=lambda:
                     user.send_presence())
    # Declining what was never sent: refused, so nobody can make the room
    # carry their address to a stranger.
    no = user.make_message(mto=ROOM)
    no["id"] = "d0"
    x = ET.Element(f"{{{h.NS_MUC}#user}}x")
    ET.SubElement(x, f"{{{h.NS_MUC}#user}}decline", to=f"{ROOM}/Moderator")
    no.append(x)
    err = await h.wait_for(user, h.is_error_reply("d0"), action=no.send,
                           what="error for a decline without invitation")
    assert h.stanza_error(err).condition == "item-not-found", h.to_string(err)
    msg = admin.make_message(mto=ROOM)
    x = ET.Element(f"{{{h.NS_MUC}#user}}x")
    ET.SubElement(x, f"{{{h.NS_MUC}#user}}invite", to=h.USER[0])
    msg.append(x)
    got = await h.wait_for(user, lambda s: s.name == "message"
                           and str(s["from"]) == ROOM, action=msg.send,
                           what="invitation")
    inviter = h.xml_of(got).find(f"{{{h.NS_MUC}#user}}x/"
                                 f"{{{h.NS_MUC}#user}}invite").get("from")
    # §7.8.2: the decline goes to the room, addressed to the inviter as
    # the invitation named them; the room passes it on.
    dec = user.make_message(mto=ROOM)
    x = ET.Element(f"{{{h.NS_MUC}#user}}x")
    d = ET.SubElement(x, f"{{{h.NS_MUC}#user}}decline", to=inviter)
    ET.SubElement(d, f"{{{h.NS_MUC}#user}}reason").text = "Not today"
    dec.append(x)
    got = await h.wait_for(admin, lambda s: s.name == "message"
                           and str(s["from"]) == ROOM
                           and h.xml_of(s).find(f"{{{h.NS_MUC}#user}}x/"
                                                f"{{{h.NS_MUC}#user}}decline")
                           is not None, action=dec.send, what="decline")
    d = h.xml_of(got).find(f"{{{h.NS_MUC}#user}}x/{{{h.NS_MUC}#user}}decline")
    assert d.get("from") == h.USER[0], h.to_string(got)
    assert d.findtext(f"{{{h.NS_MUC}#user}}reason") == "Not today"


async def test_invitation_to_members_only_room_needs_admin(env):
    await env.start_ecopper()
    admin = await env.admin()
    await h.create_room(admin, "ask")
    h.expect_result(await submit(admin, {"muc#roomconfig_membersonly": "1"}),
                    "members only")
    await join(admin, "Moderator")
    msg = admin.make_message(mto=ROOM)
    x = ET.Element(f"{{{h.NS_MUC}#user}}x")
    ET.SubElement(x, f"{{{h.NS_MUC}#user}}invite", to=h.USER[0])
    msg.append(x)
    user = await env.user()
    await h.wait_for(user, lambda s: s.name == "presence", action=lambda:
                     user.send_presence())
    await h.wait_for(user, lambda s: s.name == "message"
                     and str(s["from"]) == ROOM, action=msg.send)
    own = await try_join(user, "helper")
    assert own["type"] != "error", f"invitee not admitted: {h.to_string(own)}"


async def test_moderation_log_records_actions_without_real_jids(env):
    admin, youth = await setup(env)
    h.expect_result(await admin_set(
        admin, "<item nick='kid' role='visitor'><reason>calm down</reason>"
        "</item>"), "revoke voice")
    h.expect_result(await admin_set(
        admin, "<item nick='kid' affiliation='outcast'><reason>spam</reason>"
        "</item>"), "ban")
    first, last = await h.run_command(admin, "moderation-log", {"room": "ask"})
    h.expect_completed(last, "moderation-log")
    text = str(last)
    for want in ("revoke voice", "calm down", "ban", "spam", "Moderator",
                 "kid"):
        assert want in text, f"{want!r} missing from the log: {text}"
    assert youth.boundjid.bare not in text, "the log names the youth's JID"
    # Both occupant ids, as admin.md promises: the moderator's and the
    # youth's, each as the room showed them.
    rows = last.form.items
    assert rows and all(r.get("actor_oid") and r["actor_oid"][0]
                        for r in rows), rows
    assert all(r["target_oid"][0] for r in rows), rows
    user = await env.user()
    r = await h.command(user, h.COMPONENT, "moderation-log")
    assert r.error and "forbidden" in str(r.error), str(r)


async def test_moderators_are_warned_when_a_banned_look_alike_enters(env):
    admin, youth = await setup(env)
    h.expect_result(await admin_set(
        admin, "<item nick='kid' affiliation='outcast'><reason>insults"
        "</reason></item>"), "ban")
    back = await env.anon_client()  # a new login: a new anonymous account
    warned = h.expect(admin, lambda s: s.name == "message"
                      and "looks like kid" in (s["body"] or ""), "warning")
    own = await try_join(back, "K1d")
    assert own["type"] != "error", h.to_string(own)
    w = await warned.wait()
    assert "insults" in w["body"] and back.boundjid.bare not in h.to_string(w)


async def test_banned_nick_stays_taken_until_the_ban_is_lifted(env):
    admin, youth = await setup(env)
    h.expect_result(await admin_set(
        admin, "<item nick='kid' affiliation='outcast'/>"), "ban")
    # A new login (the banned youth again, or someone posing as them).
    back = await env.anon_client()
    r = await try_join(back, "kid")
    h.expect_error(r, "conflict")
    assert "banned" in (h.stanza_error(r).text or ""), h.to_string(r)
    # Nor by a nick change from inside the room.
    own = await try_join(back, "newkid")
    assert own["type"] != "error", h.to_string(own)
    r = await try_join(back, "kid")
    h.expect_error(r, "conflict")
    r, its = await affiliation_list(admin, "outcast")
    h.expect_result(await admin_set(
        admin, f"<item jid='{its[0].get('jid')}' affiliation='none'/>"),
        "unban")
    own = await try_join(back, "kid")  # a nick change: not slowed
    assert own["type"] != "error", h.to_string(own)


async def test_reserved_nick_cannot_be_taken_by_a_nick_change(env):
    admin, youth = await setup(env)
    h.expect_result(await admin_set(
        admin, f"<item jid='{h.USER[0]}' affiliation='member' "
               "nick='helper'/>"), "member with a nick")
    r = await try_join(youth, "helper")
    h.expect_error(r, "conflict")
    assert "reserved" in (h.stanza_error(r).text or ""), h.to_string(r)
