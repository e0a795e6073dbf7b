"""A youth's connection drops (issue 14): the server the youths log in
to keeps no session for a resumption that a browser never asks for, so
the youth leaves the room at once and can come back under the same nick.

Both servers run stream management as their stock configs have it: on
ejabberd the harness loads mod_stream_mgmt for every host, and the
snippet (conf/ejabberd/ecopper.yml) sets resume_timeout 0 on the
youths' host; Prosody's own case (mod_smacks, which the shipped snippet
disables on that host) is tests/web/test_reconnect.py's, with a browser.
"""
import harness as h

ROOM = h.room_jid("lobby")
SM_PLUGINS = h.DEFAULT_PLUGINS + ("xep_0198",)


async def test_a_dropped_youth_leaves_at_once_and_gets_the_nick_back(env):
    await env.start_ecopper()
    admin = await env.admin()
    await h.create_room(admin, "lobby")
    await h.muc_enter(admin, ROOM, "Staff")

    kid = await env.anon_client(plugins=SM_PLUGINS)
    sm = kid.plugin["xep_0198"]
    if env.server == "ejabberd":
        # The server has stream management: the client asked to resume
        # (slixmpp does by default), the youths' host said no.
        await h.wait_until(lambda: sm.enabled_in, what="stream "
                           "management enabled")
        assert not sm.sm_id, \
            f"the youths' host offers resumption (id {sm.sm_id})"
    await h.muc_enter(kid, ROOM, "Kettu")

    with h.record(admin, lambda s: s.name == "presence"
                  and h.from_of(s) == f"{ROOM}/Kettu"
                  and h.stanza_type(s) == "unavailable") as gone:
        kid.transport.abort()  # the network is gone, with a reset
        await h.wait_until(lambda: gone.stanzas, timeout=8,
                           what="the dropped youth leaving the room")
    again = await env.anon_client(plugins=SM_PLUGINS)
    got = await h.muc_enter(again, ROOM, "Kettu")
    assert h.from_of(got.self_presence) == f"{ROOM}/Kettu"
