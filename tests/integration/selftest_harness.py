"""
selftest_harness.py - checks the harness itself, without ecopper: Prosody
starts, password and anonymous logins work, stanzas flow between clients,
restarts keep the accounts. Not a scenario of the daemon (the file name does
not match test_*.py); run with

    tests/run-integration --files 'selftest_*.py'
"""

import harness as h


async def test_two_clients_exchange_a_message(env):
    admin = await env.admin()
    user = await env.user()
    got = await h.wait_for(
        user, lambda s: s.name == "message" and s["body"] == "hello",
        action=lambda: admin.send_message(mto=user.boundjid.full,
                                          mbody="hello", mtype="chat"),
        what="chat message from admin")
    assert got["from"].bare == h.ADMIN[0], got["from"]


async def test_anonymous_login_gets_a_random_jid(env):
    a = await env.anon_client()
    b = await env.anon_client()
    assert a.boundjid.domain == h.ANON_DOMAIN, a.boundjid
    assert a.boundjid.user and a.boundjid.bare != b.boundjid.bare


async def test_iq_to_absent_component_bounces(env):
    admin = await env.admin()
    r = await h.disco_info(admin)
    # Prosody waits for the component it knows, then gives up; ejabberd,
    # with no route to it, looks muc.localhost up as a remote server.
    condition, etype = {"prosody": ("remote-server-timeout", "wait"),
                        "ejabberd": ("remote-server-not-found", "cancel")
                        }[env.server]
    h.expect_error(r, condition, etype)


async def test_prosody_restart_keeps_accounts(env):
    await env.restart_server()
    admin = await env.admin()
    r = await h.send_iq(admin, h.DOMAIN, f"<ping xmlns='{h.NS_PING}'/>")
    h.expect_result(r, "ping to the server")


async def test_wrong_password_is_refused(env):
    try:
        await env.client(h.ADMIN[0], "wrong")
    except h.HarnessError as e:
        assert "authentication failed" in str(e), e
    else:
        raise AssertionError("login with a wrong password succeeded")
