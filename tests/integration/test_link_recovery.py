"""Who is still there after the link to the server comes back (issue 13).
A server that restarts drops every client, but ecopper's rooms live on:
without a check their occupants stay as ghosts, and a youth who logs in
again is refused their own nick. After each reconnect ecopper pings every
occupant's session (XEP-0410's self-ping, from the service) a bounded
number at a time and removes those that are gone; sessions still there
answer and notice nothing else."""
import harness as h
from test_moderation_roles import ROOM, join, setup


async def start(env):
    """setup() and a second youth, kid2."""
    admin, youth = await setup(env)
    other = await env.anon_client()
    await join(other, "kid2")
    return admin, youth, other


async def test_after_a_server_restart_ghosts_go_and_the_nick_is_free(env):
    await start(env)
    await env.kill_server()
    await env.start_server()
    await env.wait_log("link: online", count=2, timeout=20)
    await env.wait_log("sessions checked, 3 gone", timeout=30)
    # The youth's client logs in again (a new anonymous account) and
    # takes its nick back at once.
    again = await env.anon_client()
    r = await h.muc_try_enter(again, ROOM, "kid")
    assert r["type"] != "error", h.to_string(r)


async def test_after_the_link_drops_occupants_still_there_notice_nothing(
        env):
    admin, youth, other = await start(env)
    with h.record(youth, lambda s: s.name == "presence"
                  and s["type"] == "unavailable") as gone:
        env.relay.cut()
        await env.wait_log("link: online", count=2, timeout=20)
        await env.wait_log("sessions checked, 0 gone", timeout=30)
        await h.muc_say(youth, ROOM, "still here", observers=(admin, other))
    assert gone.stanzas == [], [h.to_string(s) for s in gone.stanzas]
