"""
test_send_queue.py - under load (issue 17): the send queue towards the
server is bounded in bytes (send_queue_bytes), and when the server reads
slower than ecopper writes, joins are the last work refused. Past 3/4 of
the bound messages and requests get <resource-constraint/> (type wait),
an occupant's presence update waits for the queue to drain, joins (and
the room's disco#info clients ask first) and leaving go on; past 7/8
joins are refused too (admin.md, "Under load").

A stuck server is the relay held (harness.Relay.hold): ecopper's writes
fill the kernel's buffers, then its own queue. What it processed while
held is known from its debug log: each client ends what it sends with an
IQ result to the component, which ecopper logs as an answer to nothing
it asked, in that client's order.
"""

import asyncio

import harness as h

BOUND = 2 * 1024 * 1024  # send_queue_bytes: 3/4 at 1.5 MiB, 7/8 at 1.75
BUSY = "past three quarters of its bound"
FULL = "past seven eighths of its bound"
BARRIER = "router: dropped an answer to nothing we asked"
BIG = "\U0001F6B2" * 4000  # 16 KB, the longest body a room takes


def barrier(client):
    """An IQ result to nothing ecopper asked: logged once processed."""
    client.make_iq_result(id=f"barrier-{client.new_id()}",
                          ito=h.COMPONENT).send()


async def behind(env, clients, before):
    """Waits until ecopper has processed what each of clients sent before
    its barrier()."""
    await env.wait_log(BARRIER, count=before + len(clients), timeout=60)


async def fill_past_three_quarters(env, admin, room):
    """With the relay held: the admin's 16 KB messages to room (two
    occupants) until ecopper says its queue is past 3/4. Ten at a time,
    each ten processed before the next, so that past 3/4 the queue holds
    at most one more message's copies and the refusals of nine."""
    for _ in range(200):
        before = env.log_count(BARRIER)
        for _ in range(10):
            admin.send_message(mto=room, mtype="groupchat", mbody=BIG)
        barrier(admin)
        await behind(env, [admin], before)
        if env.log_count(BUSY):
            return
    raise AssertionError("the send queue never got past 3/4")


async def setup(env):
    """ecopper with a 2 MiB send queue; the admin in 'fill' (with a user,
    so each message is two copies) and in 'ask'."""
    await env.start_ecopper(send_queue_bytes=BOUND)
    admin = await env.admin()
    fill, ask = h.room_jid("fill"), h.room_jid("ask")
    await h.create_room(admin, "fill")
    await h.create_room(admin, "ask")
    await h.muc_enter(admin, fill, "Admin")
    await h.muc_enter(admin, ask, "Admin")
    user = await env.user()
    await h.muc_enter(user, fill, "Listener")
    return admin, fill, ask


def self_presence_or_error(room_nick):
    pself = h.is_self_presence_of(room_nick)
    perr = h.is_presence_error_from(room_nick)
    return lambda s: pself(s) or perr(s)


async def test_a_join_storm_gets_in_while_other_work_waits(env):
    admin, fill, ask = await setup(env)
    talker = await env.anon_client()
    await h.muc_enter(talker, ask, "talker", history={"maxstanzas": "0"})
    leaver = await env.anon_client()
    await h.muc_enter(leaver, ask, "leaver", history={"maxstanzas": "0"})
    youths = await asyncio.gather(*(env.anon_client() for _ in range(10)))

    entered = [h.expect(y, self_presence_or_error(f"{ask}/kid{i}"),
                        f"kid{i}'s join") for i, y in enumerate(youths)]
    said = h.groupchat(talker, ask, "while the server is slow")
    refused = h.expect(talker, h.is_error_reply(said["id"]),
                       "the refusal of the message")
    # A message without a type to its own nick is a message, not a
    # presence update: refused as any (a youth's to a youth is otherwise
    # not-allowed, §7.5, so the condition tells which path it took).
    to_self = talker.make_message(mto=f"{ask}/talker", mbody="to myself")
    to_self["id"] = "to-self"
    self_refused = h.expect(talker, h.is_error_reply("to-self"),
                            "the refusal of the message to itself")
    status = h.expect(admin, lambda s: s.name == "presence"
                      and h.from_of(s) == f"{ask}/talker"
                      and s["status"] == "brb", "talker's new status")
    gone = h.expect(admin, lambda s: s.name == "presence"
                    and h.from_of(s) == f"{ask}/leaver"
                    and h.stanza_type(s) == "unavailable", "leaver's leave")
    env.relay.hold()
    try:
        await fill_past_three_quarters(env, admin, fill)
        before = env.log_count(BARRIER)
        # As Converse.js enters: the room's disco#info, then the join.
        infos = [asyncio.ensure_future(h.disco_info(y, ask, timeout=60))
                 for y in youths]
        await asyncio.sleep(0)  # each has sent its IQ
        for i, y in enumerate(youths):
            h.muc_join_presence(y, ask, f"kid{i}",
                                history={"maxstanzas": "0"}).send()
            barrier(y)
        said.send()
        to_self.send()
        talker.make_presence(pto=f"{ask}/talker", pstatus="brb").send()
        barrier(talker)
        leaver.make_presence(pto=f"{ask}/leaver", ptype="unavailable").send()
        barrier(leaver)
        await behind(env, youths + [talker, leaver], before)
        assert env.log_count(FULL) == 0, \
            "the joins took the queue past 7/8: make BOUND larger"
        assert env.log_count(" entered ask as kid") == len(youths)
        assert env.log_count("a presence update in ask waits") == 1
    finally:
        env.relay.release()

    for i, w in enumerate(entered):
        got = await w.wait(30)
        assert h.stanza_type(got) != "error", \
            f"kid{i} refused: {h.to_string(got)}"
    for info in infos:
        h.expect_result(await info, "the room's disco#info before a join")
    h.expect_error(await refused.wait(30), "resource-constraint", "wait")
    h.expect_error(await self_refused.wait(30), "resource-constraint",
                   "wait")
    await status.wait(30)
    await gone.wait(30)
    await env.stop_ecopper()
    assert env.log_count("link: totals: stanzas=") == 1
    assert env.log_count("router: totals: refused=") == 1
    assert env.log_count("refused_joins=0") == 1


async def test_joins_are_refused_past_seven_eighths(env):
    """Each join brings the room's history (a 16 KB message): past 7/8
    the rest are refused, and say so; those let in before are in."""
    admin, fill, ask = await setup(env)
    await h.muc_say(admin, ask, BIG)
    youths = await asyncio.gather(*(env.anon_client() for _ in range(30)))
    replies = [h.expect(y, self_presence_or_error(f"{ask}/kid{i}"),
                        f"kid{i}'s join") for i, y in enumerate(youths)]
    env.relay.hold()
    try:
        await fill_past_three_quarters(env, admin, fill)
        assert env.log_count(FULL) == 0
        before = env.log_count(BARRIER)
        for i, y in enumerate(youths):
            h.muc_join_presence(y, ask, f"kid{i}").send()
            barrier(y)
        await behind(env, youths, before)
        await env.wait_log(FULL)
    finally:
        env.relay.release()

    got = [await w.wait(30) for w in replies]
    refused = [s for s in got if h.stanza_type(s) == "error"]
    assert refused and len(refused) < len(got), \
        f"{len(refused)} of {len(got)} joins refused"
    for s in refused:
        h.expect_error(s, "resource-constraint", "wait")
        # As every refusal of a join (§7.2): with the join's <x/>.
        assert h.child(s, h.NS_MUC, "x") is not None, h.to_string(s)
    await env.stop_ecopper()
    assert env.log_count(f"refused_joins={len(refused)}") == 1
