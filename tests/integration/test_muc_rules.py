"""XEP-0045 to the letter where third-party checks found ecopper off
(issue 12): each scenario is named after the rule it holds to."""
import xml.etree.ElementTree as ET

import harness as h
from test_moderation_roles import ROOM, NS_USER, join, codes, item, \
    admin_set, setup
from test_room_config import submit

NS_REQUEST = "http://jabber.org/protocol/muc#request"
NS_CAPS = "http://jabber.org/protocol/caps"
NS_CHATSTATES = "http://jabber.org/protocol/chatstates"


def unavailable_from(room_nick, *want):
    def pred(s):
        return (s.name == "presence" and str(s["from"]) == room_nick
                and s["type"] == "unavailable" and set(want) <= codes(s))
    return pred


async def test_s18_presence_error_removes_occupant_telling_it_110_333(env):
    admin, youth = await setup(env)
    seen = h.expect(admin, unavailable_from(f"{ROOM}/kid", "333"),
                    "others see 333")
    own = await h.wait_for(
        youth, unavailable_from(f"{ROOM}/kid", "110", "333"),
        action=lambda: youth.send_raw(
            f"<presence to='{ROOM}/kid' type='error'><error type='cancel'>"
            "<service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'"
            "/></error></presence>"),
        what="own unavailable with 110 and 333")
    assert item(own).get("role") == "none", h.to_string(own)
    await seen.wait()


async def test_s9_1_ban_removal_says_affiliation_outcast(env):
    admin, youth = await setup(env)
    seen = h.expect(admin, unavailable_from(f"{ROOM}/kid", "301"), "301")
    own = await h.wait_for(youth, unavailable_from(f"{ROOM}/kid", "110",
                                                   "301"),
                           action=lambda: admin_set(
                               admin, "<item nick='kid' "
                                      "affiliation='outcast'/>"),
                           what="ban")
    assert item(own).get("affiliation") == "outcast", h.to_string(own)
    assert item(await seen.wait()).get("affiliation") == "outcast"


async def test_s9_4_members_only_removal_says_affiliation_none(env):
    admin, youth = await setup(env)
    user = await env.user()
    h.expect_result(await admin_set(
        admin, f"<item jid='{h.USER[0]}' affiliation='member'/>"), "member")
    h.expect_result(await submit(admin, {"muc#roomconfig_membersonly": "1"}),
                    "members only")
    await join(user, "member")
    own = await h.wait_for(user, unavailable_from(f"{ROOM}/member", "110",
                                                  "321"),
                           action=lambda: admin_set(
                               admin, f"<item jid='{h.USER[0]}' "
                                      "affiliation='none'/>"),
                           what="removal from a members-only room")
    assert item(own).get("affiliation") == "none", h.to_string(own)


async def test_s10_2_roomsecret_alone_sets_and_clears_the_password(env):
    admin, youth = await setup(env)
    h.expect_result(await submit(admin, {"muc#roomconfig_roomsecret":
                                         "s3cret"}), "secret only")
    user = await env.user()
    r = await h.muc_try_enter(user, ROOM, "guest")
    h.expect_error(r, "not-authorized", "auth", what="no password")
    r = await h.muc_try_enter(user, ROOM, "guest", password="s3cret")
    assert r["type"] != "error", h.to_string(r)
    await h.muc_leave(user, ROOM, "guest")
    h.expect_result(await submit(admin, {"muc#roomconfig_roomsecret": ""}),
                    "empty secret")
    r = await h.muc_try_enter(user, ROOM, "guest")
    assert r["type"] != "error", h.to_string(r)


async def test_s7_6_nick_change_303_keeps_the_role(env):
    admin, youth = await setup(env)
    gone = await h.wait_for(
        admin, unavailable_from(f"{ROOM}/kid", "303"),
        action=lambda: youth.send_presence(pto=f"{ROOM}/kid2"),
        what="303 of the nick change")
    it = item(gone)
    assert it.get("nick") == "kid2" and it.get("role") == "participant", \
        h.to_string(gone)


async def test_s6_4_room_disco_announces_voice_requests(env):
    admin, youth = await setup(env)
    r = h.expect_result(await h.disco_info(youth, ROOM), "room info")
    assert NS_REQUEST in h.features(r), h.features(r)


async def test_s8_1_message_with_subject_and_body_keeps_its_subject(env):
    admin, youth = await setup(env)
    got = await h.wait_for(
        admin, lambda s: s.name == "message" and h.body_of(s) == "hello",
        action=lambda: youth.send_raw(
            f"<message to='{ROOM}' type='groupchat'><subject>Mopeds"
            "</subject><body>hello</body></message>"),
        what="the message")
    assert h.subject_of(got) == "Mopeds", h.to_string(got)
    # Not a subject change: the room's subject is as it was.
    entered = await h.muc_enter(await env.user(), ROOM, "late")
    assert h.subject_of(entered.subject) != "Mopeds"


async def test_s9_malformed_jid_in_an_item_is_jid_malformed(env):
    admin, youth = await setup(env)
    r = await admin_set(admin, "<item affiliation='member' jid='@@@'/>")
    h.expect_error(r, "jid-malformed", what="jid @@@")


async def test_relayed_caps_and_chat_states_carry_nothing_nested(env):
    admin, youth = await setup(env)
    hat = ("<hats xmlns='urn:xmpp:hats:0'><hat uri='urn:ecopper:hat:"
           "verified-staff' title='Verified police officer'/></hats>"
           "<occupant-id xmlns='urn:xmpp:occupant-id:0' id='fake'/>")
    # The kid's entering presence may reach the admin after the kid's
    # own subject: have it arrive first, or it is taken for the one below.
    await h.sync_with_room(admin, ROOM)
    p = await h.wait_for(
        admin, lambda s: s.name == "presence"
        and str(s["from"]) == f"{ROOM}/kid" and s["type"] != "unavailable",
        action=lambda: youth.send_raw(
            f"<presence to='{ROOM}/kid'><c xmlns='{NS_CAPS}' hash='sha-1' "
            f"node='n' ver='v' evil='x'>{hat}</c></presence>"),
        what="presence with caps")
    text = h.to_string(p)
    c = h.xml_of(p).find(f"{{{NS_CAPS}}}c")
    assert c is not None and list(c) == [] and "evil" not in c.attrib, text
    assert c.get("ver") == "v" and "Verified" not in text, text
    m = await h.wait_for(
        admin, lambda s: s.name == "message" and h.body_of(s) == "hi",
        action=lambda: youth.send_raw(
            f"<message to='{ROOM}' type='groupchat'><body>hi</body>"
            f"<active xmlns='{NS_CHATSTATES}'>{hat}</active></message>"),
        what="message with a chat state")
    st = h.xml_of(m).find(f"{{{NS_CHATSTATES}}}active")
    assert st is not None and list(st) == [] and st.attrib == {}, \
        h.to_string(m)
    assert "Verified" not in h.to_string(m) and "fake" not in h.to_string(m)
