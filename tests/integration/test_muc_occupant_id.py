"""Occupant identifiers (XEP-0421 §4, §4.1): stable for one account in
one room, different across rooms and across accounts, on every presence
and message the room sends."""
import harness as h

LOBBY, OTHER = h.room_jid("lobby"), h.room_jid("other")


async def setup(env):
    await env.start_ecopper()
    admin = await env.admin()
    await h.create_room(admin, "lobby")
    await h.create_room(admin, "other")
    await h.muc_enter(admin, LOBBY, "Staff")
    return admin


async def test_occupant_id_is_stable_across_leave_and_rejoin(env):
    await setup(env)
    user = await env.user()
    first = h.occupant_id((await h.muc_enter(user, LOBBY, "helper"))
                          .self_presence)
    await h.muc_leave(user, LOBBY, "helper")
    # Another session and another nick: the same account all the same.
    again = await env.client(h.USER[0] + "/laptop", h.USER[1])
    second = h.occupant_id((await h.muc_enter(again, LOBBY, "other-nick"))
                           .self_presence)
    assert first and first == second, \
        f"occupant-id changed on rejoin: {first} -> {second}"


async def test_occupant_id_is_stable_across_restart(env):
    await setup(env)
    user = await env.user()
    first = h.occupant_id((await h.muc_enter(user, LOBBY, "helper"))
                          .self_presence)
    await env.stop_ecopper()
    await env.start_ecopper()
    user2 = await env.client(h.USER[0] + "/again", h.USER[1])
    second = h.occupant_id((await h.muc_enter(user2, LOBBY, "helper"))
                           .self_presence)
    assert first == second, f"occupant-id changed over a restart: " \
        f"{first} -> {second}"


async def test_occupant_id_differs_between_rooms(env):
    await setup(env)
    user = await env.user()
    a = h.occupant_id((await h.muc_enter(user, LOBBY, "helper"))
                      .self_presence)
    b = h.occupant_id((await h.muc_enter(user, OTHER, "helper"))
                      .self_presence)
    assert a and b and a != b, f"same occupant-id in two rooms: {a}"


async def test_occupant_id_differs_between_accounts(env):
    admin = await setup(env)
    ids = {"Staff": None}
    kids = [await env.anon_client() for _ in range(3)]
    for i, kid in enumerate(kids):
        got = await h.muc_enter(kid, LOBBY, f"kid{i}")
        ids[f"kid{i}"] = h.occupant_id(got.self_presence)
        if i == 2:
            for s in got.stanzas:
                if s.name == "presence" and h.from_of(s).endswith("/Staff"):
                    ids["Staff"] = h.occupant_id(s)
    assert all(ids.values()) and len(set(ids.values())) == len(ids), ids
    # What others see is what the occupant sees of itself.
    seen = await h.muc_say(kids[0], LOBBY, "mine", observers=(admin,))
    assert h.occupant_id(seen) == ids["kid0"]


async def test_occupant_id_is_on_removal_presences(env):
    # XEP-0421 §4: every presence a MUC sends carries the occupant-id,
    # the unavailable ones of a room destruction included.
    admin = await setup(env)
    kid = await env.anon_client()
    await h.muc_enter(kid, LOBBY, "kid")
    w = h.expect(kid, lambda s: s.name == "presence"
                 and h.stanza_type(s) == "unavailable", "removal")
    first, last = await h.run_command(admin, "destroy-room",
                                      {"room": "lobby", "reason": "closing"})
    h.expect_completed(last, "destroy-room")
    p = await w.wait()
    assert len(h.occupant_ids(p)) == 1, \
        f"removal presence without occupant-id: {h.to_string(p)}"
