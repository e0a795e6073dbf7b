"""
test_anonymity_check.py - the whole-run anonymity check of the harness
itself: ecopper's output really goes through the relay into
component-out.xml, a clean run gives no violation, and the checker does
flag a youth's JID sent to someone else, and a capture it cannot read.
"""

import asyncio
import shutil

import harness as h

ROOM = h.room_jid("checked")

YOUTH = "abc@anon.localhost"
LEAK = "<message to='staff@localhost/x'><body>kid is abc@anon.localhost" \
    "</body></message>"
STREAM = ("<?xml version='1.0'?><stream:stream xmlns='jabber:component:accept'"
          " xmlns:stream='http://etherx.jabber.org/streams'"
          " to='muc.localhost'>")


async def test_two_youths_talking_leave_a_clean_capture(env):
    await env.start_ecopper()
    staff = await env.admin()
    await h.create_room(staff, "checked")
    one = await env.anon_client()
    two = await env.anon_client()
    assert {one.boundjid.full, two.boundjid.full} <= set(env.youth_jids), \
        f"youths not recorded: {env.youth_jids}"
    await h.muc_enter(staff, ROOM, "Staff")
    await h.muc_enter(one, ROOM, "one")
    await h.muc_enter(two, ROOM, "two")
    await h.muc_say(one, ROOM, "hello from one", observers=[two, staff])
    await h.muc_say(two, ROOM, "hello from two", observers=[one, staff])
    await h.muc_leave(one, ROOM, "one")

    data = env.captured()
    assert data, f"nothing captured in {env.capture_path}"
    assert b"hello from one" in data and b"hello from two" in data, \
        "the room's messages are not in the capture"
    stanzas, problems = h.parse_capture(data)
    assert not problems, problems
    # The youths' JIDs are in the capture (as the 'to' of what they got):
    # the check has something to look at.
    for c in (one, two):
        mine = [s for s in stanzas
                if h.bare_jid(s.element.get("to")) == c.boundjid.bare.lower()]
        assert mine, f"no stanza to {c.boundjid} in the capture"
    found = env.anonymity_check()
    assert found == [], "\n".join(map(str, found))


async def test_checker_flags_a_youth_jid_sent_to_staff(env):
    found = h.anonymity_violations(LEAK, [YOUTH])
    assert len(found) == 1, found
    assert found[0].youth == YOUTH and found[0].to == "staff@localhost/x", \
        found[0]
    assert "kid is abc@anon.localhost" in str(found[0]), str(found[0])
    # Case does not hide it; a full JID names the same youth.
    assert len(h.anonymity_violations(LEAK.upper(), [YOUTH + "/r"])) == 1
    # The same stanza to the youth itself is fine, and so is another
    # youth's JID or none.
    assert h.anonymity_violations(
        LEAK.replace("staff@localhost/x", "ABC@anon.localhost/r"),
        [YOUTH]) == []
    assert h.anonymity_violations(LEAK, ["abd@anon.localhost"]) == []
    assert h.anonymity_violations(LEAK, []) == []


async def test_checker_spares_only_bcc_addresses_to_a_multicast_service(env):
    # XEP-0033 (mcast.h): a room message to the server's multicast service
    # lists its recipients as bcc addresses, which the service removes.
    svc = "multicast.localhost"
    to_svc = (f"<message to='{svc}' from='r@muc.localhost/n'><body>hi</body>"
              f"<addresses xmlns='{h.NS_ADDRESS}'>"
              "<address type='bcc' jid='abc@anon.localhost/r'/>"
              "<address type='bcc' jid='staff@localhost/x'/>"
              "</addresses></message>")
    assert h.anonymity_violations(to_svc, [YOUTH], multicast=[svc]) == []
    # Not a service ecopper said it uses: a leak.
    assert len(h.anonymity_violations(to_svc, [YOUTH])) == 1
    assert len(h.anonymity_violations(to_svc, [YOUTH],
                                      multicast=["other.localhost"])) == 1
    # Any other kind of address, or the JID anywhere else, still counts.
    for leak in (to_svc.replace("type='bcc' jid='abc", "type='to' jid='abc"),
                 to_svc.replace("<body>hi", "<body>abc@anon.localhost")):
        found = h.anonymity_violations(leak, [YOUTH], multicast=[svc])
        assert len(found) == 1 and found[0].youth == YOUTH, (leak, found)
    # The same bcc addresses sent to a person: a leak.
    found = h.anonymity_violations(
        to_svc.replace(f"to='{svc}'", "to='staff@localhost/x'"), [YOUTH],
        multicast=[svc])
    assert len(found) == 1, found


async def test_checker_reads_relay_captures_and_flags_unreadable_ones(env):
    # Two connections interleaved, the first cut in the middle of a
    # stanza: readable, one leak (in connection 2's second stanza).
    cap = (f"\n<!--relay 1 open 12:00:00 from 127.0.0.1:1-->\n{STREAM}"
           "<handshake>00</handshake>"
           "<message to='abc@anon.localhost/r'><body>abc@anon.localhost"
           "</body></message><presence to='staff@l"
           "\n<!--relay 2 open 12:00:01 from 127.0.0.1:2-->\n"
           f"{STREAM}<handshake>00</handshake>"
           "\n<!--relay 1 close 12:00:01-->\n"
           "\n<!--relay 2 data 12:00:02-->\n"
           f"{LEAK}</stream:stream>"
           "\n<!--relay 2 close 12:00:02-->\n")
    stanzas, problems = h.parse_capture(cap)
    assert not problems, problems
    assert [(s.connection, s.index) for s in stanzas] == \
        [(1, 1), (1, 2), (2, 1), (2, 2)], stanzas
    found = h.anonymity_violations(cap, [YOUTH])
    assert [(v.connection, v.index, v.youth) for v in found] == \
        [(2, 2, YOUTH)], found
    # Not well-formed: reported, not skipped.
    bad = cap.replace("</body></message><presence", "</message><presence")
    found = h.anonymity_violations(bad, [YOUTH])
    assert any(v.youth is None and "connection 1" in v.stanza
               for v in found), found


async def test_env_fails_a_scenario_whose_capture_leaks(env):
    # A whole Env, its teardown included: bytes sent through its relay
    # (Prosody refuses the handshake, the relay has them all the same)
    # with a youth's JID to staff make leaving the Env fail.
    inner = h.Env("inner-leak", report=False)
    try:
        async with inner:
            inner.youth_jids.append(YOUTH + "/r")
            r, w = await asyncio.open_connection("127.0.0.1",
                                                 inner.relay.port)
            w.write(f"{STREAM}<handshake>00</handshake>{LEAK}".encode())
            await w.drain()
            await asyncio.wait_for(r.read(), 10)  # until Prosody hangs up
            w.close()
    except AssertionError as e:
        assert "anonymity check" in str(e) and YOUTH in str(e), e
    else:
        raise AssertionError("leaving an Env whose capture leaks passed")
    finally:
        if inner.dir is not None:
            shutil.rmtree(inner.dir, ignore_errors=True)
    assert inner.failed
