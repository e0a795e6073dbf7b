"""Room configuration by its owner (XEP-0045 §10.2) and its effects."""
import xml.etree.ElementTree as ET

import harness as h
from test_moderation_roles import ROOM, NS_USER, join, codes, item

NS_OWNER = h.NS_MUC + "#owner"
CONFIG = "http://jabber.org/protocol/muc#roomconfig"


def form_of(stanza):
    q = h.xml_of(stanza).find(f"{{{NS_OWNER}}}query")
    return h.parse_form(q.find(f"{{{h.NS_DATA}}}x"))


async def submit(client, values):
    values = dict(values)
    values.setdefault("FORM_TYPE", CONFIG)
    x = h.submit_form(values)
    q = ET.Element(f"{{{NS_OWNER}}}query")
    q.append(x)
    return await h.send_iq(client, ROOM, q, itype="set")


async def test_owner_gets_roomconfig_form(env):
    await env.start_ecopper()
    admin = await env.admin()
    await h.create_room(admin, "ask", title="Ask the police")
    r = h.expect_result(await h.send_iq(
        admin, ROOM, f"<query xmlns='{NS_OWNER}'/>"), "config form")
    f = form_of(r)
    assert f.type == "form"
    assert f.fields["FORM_TYPE"].value == CONFIG
    assert f.fields["muc#roomconfig_roomname"].value == "Ask the police"
    assert f.fields["muc#roomconfig_whois"].value == "none"
    assert f.fields["muc#roomconfig_moderatedroom"].value in ("0", "false")


async def test_non_owner_cannot_configure(env):
    await env.start_ecopper()
    admin = await env.admin()
    await h.create_room(admin, "ask")
    user = await env.user()
    r = await h.send_iq(user, ROOM, f"<query xmlns='{NS_OWNER}'/>")
    h.expect_error(r, "forbidden", "auth")
    r = await submit(user, {"muc#roomconfig_moderatedroom": "1"})
    h.expect_error(r, "forbidden", "auth")


async def test_config_change_sends_104_and_is_kept_after_restart(env):
    await env.start_ecopper()
    admin = await env.admin()
    await h.create_room(admin, "ask")
    youth = await env.anon_client()
    await join(youth, "kid")
    got = h.expect(youth, lambda s: s.name == "message"
                   and "104" in codes(s), "status 104")
    r = await submit(admin, {"muc#roomconfig_moderatedroom": "1",
                             "muc#roomconfig_roomname": "Kysy poliisilta"})
    h.expect_result(r, "submit config")
    await got.wait()
    info = h.expect_result(await h.disco_info(admin, ROOM), "room disco")
    assert "muc_moderated" in h.features(info)
    await env.stop_ecopper()
    await env.start_ecopper()
    info = h.expect_result(await h.disco_info(admin, ROOM), "room disco")
    assert "muc_moderated" in h.features(info)
    assert any(name == "Kysy poliisilta"
               for _, _, name in h.identities(info)), h.to_string(info)


async def test_moderated_room_makes_newcomers_visitors(env):
    await env.start_ecopper()
    admin = await env.admin()
    await h.create_room(admin, "ask")
    h.expect_result(await submit(admin, {"muc#roomconfig_moderatedroom": "1"}),
                    "moderate")
    youth = await env.anon_client()
    own = await join(youth, "kid")
    assert item(own).get("role") == "visitor", h.to_string(own)
    msg = youth.make_message(mto=ROOM, mtype="groupchat", mbody="hi")
    err = await h.wait_for(youth, lambda s: s.name == "message"
                           and s["type"] == "error", action=msg.send)
    h.expect_error(err, "forbidden")


async def test_bad_config_value_is_not_acceptable_and_changes_nothing(env):
    await env.start_ecopper()
    admin = await env.admin()
    await h.create_room(admin, "ask")
    r = await submit(admin, {"muc#roomconfig_moderatedroom": "1",
                             "muc#roomconfig_maxusers": "lots"})
    h.expect_error(r, "not-acceptable")
    info = h.expect_result(await h.disco_info(admin, ROOM), "room disco")
    assert "muc_unmoderated" in h.features(info)


async def test_password_protected_room(env):
    await env.start_ecopper()
    admin = await env.admin()
    await h.create_room(admin, "ask")
    h.expect_result(await submit(admin, {
        "muc#roomconfig_passwordprotectedroom": "1",
        "muc#roomconfig_roomsecret": "s3cret"}), "set password")
    youth = await env.anon_client()
    pres = youth.make_presence(pto=f"{ROOM}/kid")
    pres.append(ET.Element(f"{{{h.NS_MUC}}}x"))
    err = await h.wait_for(youth, lambda s: s.name == "presence"
                           and s["type"] == "error", action=pres.send)
    h.expect_error(err, "not-authorized", "auth")
    by = h.xml_of(err).find(f"{{{h.NS_CLIENT}}}error").get("by")
    assert by == ROOM, f"error by={by!r}, want the room: {h.to_string(err)}"
    pres = youth.make_presence(pto=f"{ROOM}/kid")
    x = ET.Element(f"{{{h.NS_MUC}}}x")
    ET.SubElement(x, f"{{{h.NS_MUC}}}password").text = "s3cret"
    pres.append(x)
    own = await h.wait_for(youth, lambda s: s.name == "presence"
                           and str(s["from"]) == f"{ROOM}/kid"
                           and "110" in codes(s), action=pres.send)
    assert own["type"] != "error"


async def test_vcard_requests_to_room_are_answered(env):
    await env.start_ecopper()
    admin = await env.admin()
    await h.create_room(admin, "ask")
    r = await h.send_iq(admin, ROOM, "<vCard xmlns='vcard-temp'/>")
    h.expect_error(r, "item-not-found")
    r = await h.send_iq(admin, f"{ROOM}/nobody",
                        "<vCard xmlns='vcard-temp'/>")
    h.expect_error(r, "item-not-found")


async def test_room_features_say_truthfully_what_the_room_is(env):
    """Clients describe a room from its features: a queue room is
    moderated; a fully anonymous room claims no anonymity feature (not
    'semi-anonymous, moderators see addresses'); the whois setting
    otherwise."""
    await env.start_ecopper()
    admin = await env.admin()
    await h.create_room(admin, "ask")

    async def features():
        return h.features(h.expect_result(
            await h.disco_info(admin, ROOM), "room disco"))

    f = await features()
    assert "muc_semianonymous" not in f and "muc_nonanonymous" not in f
    h.expect_result(await submit(admin, {"x-ecopper#queue": "1"}), "queue")
    f = await features()
    assert "muc_moderated" in f and "muc_unmoderated" not in f, f
    h.expect_result(await submit(admin, {"muc#roomconfig_whois":
                                         "moderators"}), "whois")
    assert "muc_semianonymous" in await features()
    h.expect_result(await submit(admin, {"muc#roomconfig_whois": "anyone"}),
                    "whois anyone")
    assert "muc_nonanonymous" in await features()
