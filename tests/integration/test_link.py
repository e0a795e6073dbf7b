"""
test_link.py - the component link (XEP-0114) and the process around it:
refused secrets and unknown hosts end the daemon with exit code 2, a
restarted server is reconnected to, SIGTERM ends it cleanly.
"""

import asyncio
import signal
import time

import harness as h


async def test_wrong_secret_exits_2_naming_the_secret(env):
    conf = env.write_ecopper_config(secret="not-" + env.secret)
    rc, out = await env.run_ecopper(["-c", conf], timeout=15)
    assert rc == 2, f"exit code {rc} (want 2) with a wrong secret:\n{out}"
    low = out.lower()
    assert "secret" in low or "not-authorized" in low, \
        f"output does not say the secret was refused:\n{out}"


async def test_unknown_host_exits_2_naming_the_host(env):
    conf = env.write_ecopper_config(server_host="nonexistent.invalid")
    rc, out = await env.run_ecopper(["-c", conf], timeout=15)
    assert rc == 2, f"exit code {rc} (want 2) with an unknown host:\n{out}"
    assert "nonexistent.invalid" in out, \
        f"output does not name the host:\n{out}"


async def test_reconnects_after_prosody_restart(env):
    await env.start_ecopper()
    t0 = time.monotonic()
    await env.restart_server()
    await env.wait_log("link: online", count=2,
                       timeout=max(1.0, 15 - (time.monotonic() - t0)))
    user = await env.user()
    r = h.expect_result(await h.disco_info(user), "disco#info after restart")
    assert any(c == "conference" for c, _, _ in h.identities(r)), \
        f"disco#info after restart is not ecopper's: {h.to_string(r)}"
    assert time.monotonic() - t0 < 15, \
        f"took {time.monotonic() - t0:.1f} s to be back (limit 15 s)"


async def test_sigterm_exits_0(env):
    await env.start_ecopper()
    user = await env.user()
    h.expect_result(await h.disco_info(user), "disco#info before SIGTERM")
    t0 = time.monotonic()
    rc = await env.stop_ecopper(timeout=5)
    assert rc == 0, \
        f"exit {rc} on SIGTERM (want 0):\n{h.tail(env.ecopper_log)}"
    assert time.monotonic() - t0 < 5


async def test_refused_connect_is_retried_until_server_is_up(env):
    # libstrophe 0.12.2 crashed here (a disconnect without SM state).
    await env.stop_server()
    starting = asyncio.ensure_future(env.start_ecopper())
    try:
        await env.wait_log("link: cannot connect", timeout=10)
        await env.start_server()
        await asyncio.wait_for(starting, 15)
    finally:
        if not starting.done():
            starting.cancel()
    user = await env.user()
    h.expect_result(await h.disco_info(user), "disco#info once connected")


async def test_sighup_reloads_admins(env):
    await env.start_ecopper()
    user = await env.user()
    first = await h.command(user, h.COMPONENT, "create-room")
    assert first.error, f"user ran an admin command before reload: {first}"
    env.write_ecopper_config(admins=f"{h.ADMIN[0]} {h.USER[0]}")
    before = env.log_count("reload: done")
    env.ecopper.send_signal(signal.SIGHUP)
    await env.wait_log("reload: done", count=before + 1)
    await h.create_room(user, "after-reload")
    assert f"after-reload@{h.COMPONENT}" in await h.room_jids(user)


async def test_sighup_keeps_the_keys_that_need_a_restart(env):
    """The keys config.c's table marks as needing a restart keep their
    running values on SIGHUP, with a warning naming them; the others in
    the same file are applied."""
    await env.start_ecopper()
    user = await env.user()
    env.write_ecopper_config(admins=f"{h.ADMIN[0]} {h.USER[0]}",
                             send_queue_max="500",
                             timezone="Europe/Helsinki")
    before = env.log_count("reload: done")
    env.ecopper.send_signal(signal.SIGHUP)
    await env.wait_log("reload: only a restart changes timezone, "
                       "send_queue_max; the running values are kept")
    await env.wait_log("reload: done", count=before + 1)
    await h.create_room(user, "after-reload")
    assert f"after-reload@{h.COMPONENT}" in await h.room_jids(user)


async def test_sighup_with_a_broken_config_keeps_running(env):
    await env.start_ecopper()
    env.write_file("ecopper.conf", "component_jid = muc.localhost\nbogus\n")
    env.ecopper.send_signal(signal.SIGHUP)
    await env.wait_log("keeping the running configuration")
    user = await env.user()
    h.expect_result(await h.disco_info(user), "disco#info after bad reload")


async def test_stuck_server_meets_a_bounded_send_queue(env):
    """libstrophe queues without end when the server stops reading; ecopper
    drops past send_queue_max instead, says so, and carries on once the
    server reads again."""
    await env.start_ecopper(send_queue_max="100")
    admin = await env.admin()
    await h.create_room(admin, "ask")
    room = "ask@" + h.COMPONENT
    await h.muc_enter(admin, room, "Admin")  # owner: no rate limit
    for i in range(12):
        youth = await env.anon_client()
        await h.muc_enter(youth, room, f"kid{i}")
    user = await env.user()  # asks afterwards, on a quiet connection
    body = "\U0001F6B2" * 4000  # 16 KB: 13 copies a message
    env.relay.hold()
    try:
        for i in range(2000):
            if env.log_count("link: send queue full"):
                break
            admin.send_message(mto=room, mtype="groupchat", mbody=body)
            await asyncio.sleep(0)  # let slixmpp write
        await env.wait_log("link: send queue full (100 stanzas, ",
                           timeout=30)
        # A barrier: ecopper logs an answer to nothing it asked, and reads
        # the admin's stanzas in order, so once it logs this one the whole
        # flood is behind it; none can refill the queue after it drains.
        barrier = "router: dropped an answer to nothing we asked"
        before = env.log_count(barrier)
        iq = admin.make_iq_result(id="flood-barrier", ito=h.COMPONENT)
        iq.send()
        await env.wait_log(barrier, count=before + 1, timeout=60)
    finally:
        env.relay.release()
    # The queue drains, ecopper says so, and the service answers again.
    await env.wait_log("link: the send queue is empty again", timeout=30)
    h.expect_result(await h.disco_info(user),
                    "disco#info after the server reads again")
    assert env.ecopper.poll() is None, h.tail(env.ecopper_log)
