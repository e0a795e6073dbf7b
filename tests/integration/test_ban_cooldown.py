"""A slower door after a ban (issue 6): anonymous accounts are new at every
login, so a banned youth is back at once under a fresh JID. For
ban_cooldown seconds after a ban, new youths enter one per ban_join_gap
seconds; others are refused with <resource-constraint/> (type wait) and a
text in their language saying when to try again. ecopper runs with -T and
the test-only set-clock moves its clock; nothing sleeps."""
import xml.etree.ElementTree as ET

import harness as h
import when as w
from test_moderation_roles import ROOM, admin_set, join
from test_opening_hours import set_clock, try_join, error_text_and_lang

T0 = w.mon("16:00")


async def start(env, **conf):
    await env.start_ecopper(args=["-T"], **conf)
    admin = await env.admin()
    await h.create_room(admin, "ask")
    await join(admin, "Moderator")
    await set_clock(admin, T0)
    return admin


async def ban_one(env, admin):
    """A youth enters and is banned; returns when the ban is done."""
    troll = await env.anon_client()
    await join(troll, "troll")
    h.expect_result(await admin_set(
        admin, "<item nick='troll' affiliation='outcast'>"
               "<reason>insults</reason></item>"), "ban")


@h.dated
async def test_after_a_ban_new_youths_enter_one_at_a_time(env):
    admin = await start(env)
    await ban_one(env, admin)
    first, second = await env.anon_client(), await env.anon_client()
    got = await try_join(first, "first")
    assert h.stanza_type(got) != "error", f"first newcomer refused: {got}"
    got = await try_join(second, "second", lang="fi")
    h.expect_error(got, "resource-constraint", "wait")
    text, lang = error_text_and_lang(got)
    assert lang == "fi" and "yritä uudelleen" in text and " s " in text, text
    # ban_join_gap (10 s) later the next one gets in.
    await set_clock(admin, w.shift(T0, seconds=15))
    got = await try_join(second, "second")
    assert h.stanza_type(got) != "error", f"second refused later: {got}"


@h.dated
async def test_the_slow_door_closes_after_ban_cooldown(env):
    admin = await start(env)
    await ban_one(env, admin)
    await set_clock(admin, w.shift(T0, seconds=125))  # 125 s > 120
    for nick in ("one", "two", "three"):
        c = await env.anon_client()
        got = await try_join(c, nick)
        assert h.stanza_type(got) != "error", f"{nick} refused: {got}"


@h.dated
async def test_staff_and_admins_are_never_slowed(env):
    admin = await start(env, ban_join_gap=60)
    await ban_one(env, admin)
    youth = await env.anon_client()
    assert h.stanza_type(await try_join(youth, "kid")) != "error"
    await h.muc_leave(admin, ROOM, "Moderator")
    got = await try_join(admin, "Moderator")
    assert h.stanza_type(got) != "error", f"admin slowed: {got}"


@h.dated
async def test_ban_cooldown_zero_turns_it_off(env):
    admin = await start(env, ban_cooldown=0)
    await ban_one(env, admin)
    for nick in ("one", "two"):
        c = await env.anon_client()
        got = await try_join(c, nick)
        assert h.stanza_type(got) != "error", f"{nick} refused: {got}"


@h.dated
async def test_the_slow_door_stays_shut_across_a_restart(env):
    """The last ban is in the moderation log, so a crash right after a
    ban does not open the door to the banned youth's next login."""
    admin = await start(env)
    await ban_one(env, admin)
    assert await env.kill_ecopper() == -9
    await env.start_ecopper(args=["-T"])
    await set_clock(admin, w.shift(T0, seconds=30))
    first, second = await env.anon_client(), await env.anon_client()
    got = await try_join(first, "first")
    assert h.stanza_type(got) != "error", f"first newcomer refused: {got}"
    got = await try_join(second, "second")
    h.expect_error(got, "resource-constraint", "wait")
    # ban_cooldown (120 s) after the ban it is open again.
    await set_clock(admin, w.shift(T0, seconds=125))
    got = await try_join(second, "second")
    assert h.stanza_type(got) != "error", f"still slowed: {got}"


@h.dated
async def test_a_restart_lets_everyone_who_was_there_back_at_once(env):
    """Youths in the room at the ban (and those let in since) come back
    at once after a crash; a new account still waits its turn."""
    admin = await start(env)
    kids = []
    for nick in ("k1", "k2", "k3"):
        c = await env.anon_client()
        await join(c, nick)
        kids.append((c, nick))
    await ban_one(env, admin)
    late = await env.anon_client()
    got = await try_join(late, "late")  # through the door: the newcomer
    assert h.stanza_type(got) != "error", f"first newcomer refused: {got}"
    assert await env.kill_ecopper() == -9
    await env.start_ecopper(args=["-T"])
    await set_clock(admin, w.shift(T0, seconds=30))
    for c, nick in kids + [(late, "late")]:
        got = await try_join(c, nick)
        assert h.stanza_type(got) != "error", f"{nick} refused: {got}"
    first, second = await env.anon_client(), await env.anon_client()
    got = await try_join(first, "first")
    assert h.stanza_type(got) != "error", f"first newcomer refused: {got}"
    got = await try_join(second, "second")
    h.expect_error(got, "resource-constraint", "wait")
