"""General mode (XEP-0045 §10.1): anyone creates a room by entering it.

With general_mode = yes ecopper is also an ordinary MUC service: the
creator gets status 201 and owns the room, which stays locked until the
owner configures it or accepts it as an instant room; a temporary room
ends with its last occupant; a persistent one is stored.
"""
import xml.etree.ElementTree as ET

import harness as h

ROOM = "newroom@" + h.COMPONENT
NS_OWNER = h.NS_MUC + "#owner"
CONFIG = "http://jabber.org/protocol/muc#roomconfig"


async def owner_submit(client, values=None):
    q = ET.Element(f"{{{NS_OWNER}}}query")
    x = h.submit_form(values or {})
    q.append(x)
    return await h.send_iq(client, ROOM, q, itype="set")


async def create(env):
    await env.start_ecopper(general_mode="yes")
    user = await env.user()
    own = await h.muc_try_enter(user, ROOM, "creator")
    assert own["type"] != "error", h.to_string(own)
    assert {"110", "201"} <= h.muc_codes(own), h.to_string(own)
    it = h.muc_item(own)
    assert it.get("affiliation") == "owner" and it.get("role") == \
        "moderator", h.to_string(own)
    return user


async def test_entering_unknown_room_without_general_mode_is_item_not_found(env):
    await env.start_ecopper()
    user = await env.user()
    r = await h.muc_try_enter(user, ROOM, "creator")
    h.expect_error(r, "item-not-found")


async def test_new_room_is_locked_until_instant_room_is_accepted(env):
    await create(env)
    youth = await env.anon_client()
    r = await h.muc_try_enter(youth, ROOM, "kid")
    h.expect_error(r, "item-not-found")
    assert ROOM not in await h.room_jids(youth), "locked room listed"
    owner = env.clients[-2]
    h.expect_result(await owner_submit(owner), "instant room (§10.1.2)")
    r = await h.muc_try_enter(youth, ROOM, "kid")
    assert r["type"] != "error", h.to_string(r)
    info = h.expect_result(await h.disco_info(youth, ROOM), "room disco")
    assert "muc_temporary" in h.features(info)


async def test_temporary_room_ends_with_its_last_occupant(env):
    user = await create(env)
    h.expect_result(await owner_submit(user), "instant room")
    await h.muc_leave(user, ROOM, "creator")
    r = await h.disco_info(user, ROOM)
    h.expect_error(r, "item-not-found")


async def test_persistent_room_is_stored_and_survives_restart(env):
    user = await create(env)
    h.expect_result(await owner_submit(user, {
        "FORM_TYPE": CONFIG, "muc#roomconfig_persistentroom": "1",
        "muc#roomconfig_roomname": "Made by a user"}), "persistent")
    await h.muc_leave(user, ROOM, "creator")
    await env.stop_ecopper()
    await env.start_ecopper(general_mode="yes")
    info = h.expect_result(await h.disco_info(user, ROOM), "room disco")
    assert "muc_persistent" in h.features(info)
    assert ROOM in await h.room_jids(user)
    # The creator still owns it after the restart.
    h.expect_result(await h.send_iq(user, ROOM,
                                    f"<query xmlns='{NS_OWNER}'/>"),
                    "config form for the stored owner")


async def test_cancelled_initial_configuration_destroys_the_room(env):
    user = await create(env)
    h.expect_result(await owner_submit_cancel(user), "cancel")
    r = await h.disco_info(user, ROOM)
    h.expect_error(r, "item-not-found")


async def owner_submit_cancel(client):
    q = ET.Element(f"{{{NS_OWNER}}}query")
    q.append(h.submit_form({}, ftype="cancel"))
    return await h.send_iq(client, ROOM, q, itype="set")


async def test_owner_destroys_room_and_occupants_are_told(env):
    user = await create(env)
    h.expect_result(await owner_submit(user), "instant room")
    youth = await env.anon_client()
    await h.muc_try_enter(youth, ROOM, "kid")
    told = h.expect(youth, lambda s: s.name == "presence"
                    and s["type"] == "unavailable"
                    and "<destroy" in h.to_string(s), "destroy notice")
    r = await h.send_iq(user, ROOM, f"<query xmlns='{NS_OWNER}'><destroy>"
                        "<reason>Done</reason></destroy></query>",
                        itype="set")
    h.expect_result(r, "destroy")
    p = await told.wait()
    assert "Done" in h.to_string(p)
    h.expect_error(await h.disco_info(user, ROOM), "item-not-found")


async def test_bad_room_name_is_refused(env):
    await env.start_ecopper(general_mode="yes")
    user = await env.user()
    r = await h.muc_try_enter(user, "bad!name@" + h.COMPONENT, "creator")
    assert h.stanza_type(r) == "error", h.to_string(r)


NS_REG = "jabber:iq:register"


async def test_room_registration_reserves_a_nick(env):
    owner = await create(env)
    h.expect_result(await owner_submit(owner), "instant room")
    admin = await env.admin()
    r = h.expect_result(await h.send_iq(admin, ROOM,
                                        f"<query xmlns='{NS_REG}'/>"), "form")
    q = h.xml_of(r).find(f"{{{NS_REG}}}query")
    f = h.parse_form(q.find(f"{{{h.NS_DATA}}}x"))
    assert "muc#register_roomnick" in f.fields, h.to_string(r)
    q = ET.Element(f"{{{NS_REG}}}query")
    q.append(h.submit_form({
        "FORM_TYPE": "http://jabber.org/protocol/muc#register",
        "muc#register_roomnick": "thirdwitch"}))
    h.expect_result(await h.send_iq(admin, ROOM, q, itype="set"),
                    "register")
    r = h.expect_result(await h.send_iq(admin, ROOM,
                                        f"<query xmlns='{NS_REG}'/>"), "again")
    q = h.xml_of(r).find(f"{{{NS_REG}}}query")
    assert q.find(f"{{{NS_REG}}}registered") is not None, h.to_string(r)
    assert q.findtext(f"{{{NS_REG}}}username") == "thirdwitch"
    r = h.expect_result(await h.disco_info(admin, ROOM,
                                           node="x-roomuser-item"), "nick")
    assert ("conference", "text", "thirdwitch") in h.identities(r)
    youth = await env.anon_client()
    r = await h.muc_try_enter(youth, ROOM, "thirdwitch")
    h.expect_error(r, "conflict")


async def test_registration_is_refused_outside_general_mode(env):
    await env.start_ecopper()
    admin = await env.admin()
    await h.create_room(admin, "ask")
    user = await env.user()
    r = await h.send_iq(user, "ask@" + h.COMPONENT,
                        f"<query xmlns='{NS_REG}'/>")
    h.expect_error(r, "not-allowed", "cancel")


async def test_youths_neither_create_rooms_nor_register(env):
    await env.start_ecopper(general_mode="yes", youth_domains=h.ANON_DOMAIN)
    youth = await env.anon_client()
    r = await h.muc_try_enter(youth, "mine@" + h.COMPONENT, "boss")
    h.expect_error(r, "item-not-found")
    owner = await env.user()
    own = await h.muc_try_enter(owner, ROOM, "creator")
    assert own["type"] != "error"
    h.expect_result(await owner_submit(owner), "instant room")
    r = await h.send_iq(youth, ROOM, f"<query xmlns='{NS_REG}'/>")
    h.expect_error(r, "not-allowed", "cancel")


async def test_max_rooms_bounds_create_room_too(env):
    await env.start_ecopper(max_rooms="1")
    admin = await env.admin()
    await h.create_room(admin, "one")
    first, last = await h.run_command(admin, "create-room", {"name": "two"})
    assert last.error and "resource-constraint" in str(last.error), str(last)


async def test_a_banned_nick_cannot_be_registered(env):
    owner = await create(env)
    h.expect_result(await owner_submit(owner), "instant room")
    youth = await env.anon_client()
    own = await h.muc_try_enter(youth, ROOM, "witch")
    assert own["type"] != "error", h.to_string(own)
    h.expect_result(await h.send_iq(owner, ROOM, (
        f"<query xmlns='{h.NS_MUC_ADMIN}'><item nick='witch' "
        "affiliation='outcast'/></query>"), itype="set"), "ban")
    admin = await env.admin()
    q = ET.Element(f"{{{NS_REG}}}query")
    q.append(h.submit_form({
        "FORM_TYPE": "http://jabber.org/protocol/muc#register",
        "muc#register_roomnick": "witch"}))
    r = await h.send_iq(admin, ROOM, q, itype="set")
    h.expect_error(r, "conflict")


async def test_a_back_room_name_is_not_taken_by_entering_it(env):
    """In general mode anyone may make a room by entering it, but not
    NAME-staff next to NAME: that would be NAME's back room, seeing the
    youths' waiting questions and deciding them."""
    await env.start_ecopper(general_mode="yes", youth_domains=h.ANON_DOMAIN)
    admin = await env.admin()
    await h.create_room(admin, "ask")
    user = await env.user()
    r = await h.muc_try_enter(user, "ask-staff@" + h.COMPONENT, "spy")
    h.expect_error(r, "not-allowed")
    assert "back room" in (h.stanza_error(r).text or ""), h.to_string(r)
    # Other names are free as before.
    own = await h.muc_try_enter(user, "other-staff@" + h.COMPONENT, "me")
    assert own["type"] != "error", h.to_string(own)
