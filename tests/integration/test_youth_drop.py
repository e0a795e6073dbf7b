"""A youth's connection drops (issue 14) and the youth comes back under
a new session, asking for the same nick as the youth page does (every
5 s; here every second): within about ten seconds the old session has
left the room and the nick is the youth's again, whether the server
dropped the session at once or keeps it for a resumption that a browser
never asks for.

Both servers run stream management as their stock configs have it, and
the client asks to resume: ejabberd (mod_stream_mgmt loaded by the
harness) offers it and keeps the dropped session hibernating, so it is
ecopper's ping of the nick's holder that frees the nick; Prosody's
integration tier has no mod_smacks (the web tier has, with the youths'
host off as conf/prosody ships it: tests/web/test_reconnect.py).
"""
import asyncio
import time

import harness as h

ROOM = h.room_jid("lobby")
SM_PLUGINS = h.DEFAULT_PLUGINS + ("xep_0198",)


async def test_a_dropped_youth_gets_the_nick_back(env):
    await env.start_ecopper()
    admin = await env.admin()
    await h.create_room(admin, "lobby")
    await h.muc_enter(admin, ROOM, "Staff")
    kid = await env.anon_client(plugins=SM_PLUGINS)
    sm = kid.plugin["xep_0198"]
    if env.server == "ejabberd":
        await h.wait_until(lambda: sm.enabled_in,
                           what="stream management enabled")
        assert sm.sm_id, "ejabberd offered no resumption"
    await h.muc_enter(kid, ROOM, "Kettu")

    with h.record(admin, lambda s: s.name == "presence"
                  and h.from_of(s) == f"{ROOM}/Kettu"
                  and h.stanza_type(s) == "unavailable") as gone:
        kid.transport.abort()  # the network is gone
        again = await env.anon_client(plugins=SM_PLUGINS)
        deadline = time.monotonic() + 30
        while True:
            r = await h.muc_try_enter(again, ROOM, "Kettu")
            if h.stanza_type(r) != "error":
                break
            h.expect_error(r, "conflict", "cancel", "the nick still held")
            assert time.monotonic() < deadline, \
                "the dropped session still holds the nick after 30 s"
            await asyncio.sleep(1)  # the page's retry, shortened
        assert gone.stanzas, "the new session entered, the old never left"
    assert "110" in h.muc_codes(r), h.to_string(r)
