"""
test_adhoc.py - the admin commands (XEP-0050) on muc.localhost: who sees
them, who may run them, and create-room / list-rooms / destroy-room end to
end, each checked through disco#items as a client would see it.
"""

import harness as h
import when as w

ROOM_COMMANDS = {"create-room", "list-rooms", "destroy-room"}


async def test_admin_sees_room_commands(env):
    await env.start_ecopper()
    admin = await env.admin()
    r = h.expect_result(await h.disco_items(admin, node=h.NS_COMMANDS),
                        "disco#items of the commands node")
    nodes = {node for _, node, _ in h.items(r)}
    assert ROOM_COMMANDS <= nodes, \
        f"commands missing for the admin: {sorted(ROOM_COMMANDS - nodes)} " \
        f"(listed: {sorted(n for n in nodes if n)})"
    for jid, node, _ in h.items(r):
        if node in ROOM_COMMANDS:
            assert jid == h.COMPONENT, f"command {node} has jid {jid}"


async def test_non_admin_create_room_is_forbidden(env):
    await env.start_ecopper()
    user = await env.user()
    cmd = await h.command(user, h.COMPONENT, "create-room")
    assert cmd.error is not None, f"non-admin got no error: {cmd}"
    assert cmd.error.condition == "forbidden" and cmd.error.type == "auth", \
        f"non-admin create-room: want <forbidden/> type auth, got {cmd.error}"
    assert "nobody" not in await h.room_jids(user)


async def test_create_room_first_step_is_a_form(env):
    await env.start_ecopper()
    admin = await env.admin()
    cmd = await h.command(admin, h.COMPONENT, "create-room")
    assert cmd.error is None, f"create-room step 1: {cmd.error}"
    assert cmd.status == "executing" and cmd.sessionid, \
        f"step 1 not executing with a session: {cmd}"
    assert cmd.form is not None and cmd.form.type == "form", \
        f"step 1 has no form of type form: {cmd}"
    f = cmd.form.fields
    for var in ("name", "title", "description"):
        assert var in f, f"field {var} missing: {sorted(f)}"
    assert f["name"].required, "field name is not required"


async def test_create_room_then_listed_in_disco_and_list_rooms(env):
    await env.start_ecopper()
    admin = await env.admin()
    done = await h.create_room(admin, "lobby", title="The lobby",
                               description="Say hello")
    assert done.notes, f"create-room completed without a note: {done}"
    room = f"lobby@{h.COMPONENT}"
    rooms = await h.room_jids(admin)
    assert room in rooms, f"{room} not in disco#items: {rooms}"

    cmd = h.expect_completed(
        await h.command(admin, h.COMPONENT, "list-rooms"), "list-rooms")
    assert cmd.form is not None, f"list-rooms has no result form: {cmd}"
    assert cmd.form.reported, f"list-rooms form has no reported fields: {cmd}"
    assert len(cmd.form.items) == 1, \
        f"list-rooms: want 1 item, got {cmd.form.items}"
    values = {v for vs in cmd.form.items[0].values() for v in vs}
    assert room in values, f"{room} not in the list-rooms item {values}"


async def test_destroy_room_removes_it_from_disco(env):
    await env.start_ecopper()
    admin = await env.admin()
    await h.create_room(admin, "doomed")
    await h.create_room(admin, "alsodoomed")
    await h.create_room(admin, "survivor")
    # The room field takes the room JID or its local part.
    for given in (f"doomed@{h.COMPONENT}", "alsodoomed"):
        first, last = await h.run_command(admin, "destroy-room",
                                          {"room": given})
        assert first.error is None, f"destroy-room step 1: {first.error}"
        assert first.form and "room" in first.form.fields, \
            f"destroy-room form has no field room: {first}"
        h.expect_completed(last, f"destroy-room {given}")
    rooms = await h.room_jids(admin)
    assert f"doomed@{h.COMPONENT}" not in rooms, f"still listed: {rooms}"
    assert f"alsodoomed@{h.COMPONENT}" not in rooms, f"still listed: {rooms}"
    assert f"survivor@{h.COMPONENT}" in rooms, f"wrong room gone: {rooms}"


async def test_create_existing_room_is_refused(env):
    await env.start_ecopper()
    admin = await env.admin()
    await h.create_room(admin, "twice", title="First")
    values = {"name": "twice", "title": "Second"}
    first, last = await h.run_command(admin, "create-room", values)
    assert first.error is None, f"create-room step 1: {first.error}"
    # The form again, with what was typed and why, to try another name.
    text, _ = h.expect_refused(last, values, sessionid=first.sessionid,
                               what="second create-room of the same name")
    assert text == "A room with that name exists already.", text
    rooms = await h.room_jids(admin)
    assert f"twice@{h.COMPONENT}" in rooms, f"room lost: {rooms}"


async def test_create_room_invalid_name_is_bad_request(env):
    await env.start_ecopper()
    admin = await env.admin()
    for name in ("two words", "at@sign"):
        first, last = await h.run_command(admin, "create-room",
                                          {"name": name})
        assert first.error is None, f"create-room step 1: {first.error}"
        text, _ = h.expect_refused(last, {"name": name},
                                   sessionid=first.sessionid,
                                   what=f"create-room {name!r}")
        assert text, f"create-room {name!r}: error note has no text"
    items = h.items(h.expect_result(await h.disco_items(admin), "disco#items"))
    assert not items, f"rooms created from invalid names: {items}"


async def test_cancel_gives_canceled(env):
    await env.start_ecopper()
    admin = await env.admin()
    first = await h.command(admin, h.COMPONENT, "create-room")
    assert first.error is None and first.sessionid, \
        f"create-room step 1: {first}"
    cmd = await h.command(admin, h.COMPONENT, "create-room", action="cancel",
                          sessionid=first.sessionid)
    assert cmd.error is None and cmd.status == "canceled", \
        f"cancel: want status canceled, got {cmd.error or cmd}"


async def config_of(client, room):
    r = h.expect_result(await h.send_iq(
        client, f"{room}@{h.COMPONENT}",
        f"<query xmlns='{h.NS_MUC}#owner'/>"), f"config form of {room}")
    q = h.xml_of(r).find(f"{{{h.NS_MUC}#owner}}query")
    return h.parse_form(q.find(f"{{{h.NS_DATA}}}x")).fields


@h.dated
async def test_create_room_sets_mode_and_opening_hours_in_one_form(env):
    await env.start_ecopper(args=["-T"], timezone="Europe/Helsinki")
    admin = await env.admin()
    first = await h.command(admin, h.COMPONENT, "create-room")
    f = first.form.fields
    assert {"mode", "slots", "exceptions"} <= set(f), sorted(f)
    assert f["mode"].value == "open", f["mode"]
    assert {v for _, v in f["mode"].options} == {"open", "queue",
                                                  "moderated"}, f["mode"]
    assert "Europe/Helsinki" in " ".join(first.form.instructions), first.form

    for name, mode in (("q", "queue"), ("m", "moderated"), ("o", "open")):
        _, last = await h.run_command(admin, "create-room", {
            "name": name, "mode": mode, "slots": ["mon 16:00-18:00"]})
        h.expect_completed(last, f"create-room {mode}")
        note = last.notes[0][1]
        assert f"created ({mode}). Closed; next session Monday" in note, note
        cfg = await config_of(admin, name)
        assert cfg["x-ecopper#queue"].value in (("1", "true") if mode ==
                                                "queue" else ("0", "false"))
        assert cfg["muc#roomconfig_moderatedroom"].value in (
            ("1", "true") if mode == "moderated" else ("0", "false"))
        _, shown = await h.run_command(admin, "schedule-show",
                                       {"room": name})
        assert shown.form.fields["slots"].values == ["mon 16:00-18:00"]


async def test_create_room_with_a_bad_field_creates_nothing(env):
    await env.start_ecopper()
    admin = await env.admin()
    for values, says in (
            ({"name": "x1", "mode": "party"}, "Mode"),
            ({"name": "x2", "slots": ["mon 16:00-18:00", "tue 25:00-26:00"]},
             "Weekly slots, line 2"),
            ({"name": "x3", "exceptions": ["tomorrow closed"]},
             "Exceptions, line 1")):
        _, last = await h.run_command(admin, "create-room", values)
        text, _ = h.expect_refused(last, values, what=f"create-room {values}")
        assert says in text and "nothing" in text, text
    assert not await h.room_jids(admin), "a room was created"


@h.dated
async def test_admins_read_times_in_the_service_zone(env):
    await env.start_ecopper(args=["-T"], timezone="Europe/Helsinki")
    admin = await env.admin()
    await h.create_room(admin, "ask")
    cmd = h.expect_completed(
        await h.command(admin, h.COMPONENT, "list-rooms"), "list-rooms")
    labels = {fl.var: fl.label for fl in cmd.form.reported}
    assert labels["created"] == "Created (Europe/Helsinki)", labels
    created = cmd.form.items[0]["created"][0]
    # The harness started the clock at Saturday 11:00 in Helsinki.
    assert created.startswith(f"{w.SATURDAY} 11:0") and \
        created[-7:] in (" +02:00", " +03:00"), created

    # The test clock takes a local time, and says it in both.
    _, last = await h.run_command(admin, "set-clock",
                                  {"now": f"{w.MONDAY} 16:05"})
    h.expect_completed(last, "set-clock local")
    assert f"Monday {w.date_text('en', w.MONDAY)} 16.05 in Europe/Helsinki" \
        in \
        last.notes[0][1], last.notes
    assert w.mon("16:05") in last.notes[0][1], last.notes
    _, last = await h.run_command(admin, "set-clock",
                                  {"now": f"{w.MONDAY} 25:00"})
    text, _ = h.expect_refused(last, {"now": f"{w.MONDAY} 25:00"},
                               what="set-clock 25:00")
    assert "Europe/Helsinki" in text, last
