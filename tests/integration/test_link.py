"""
test_link.py - the component link (XEP-0114) and the process around it:
refused secrets and unknown hosts end the daemon with exit code 2, a
restarted server is reconnected to, SIGTERM ends it cleanly.
"""

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
    await env.restart_prosody()
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
