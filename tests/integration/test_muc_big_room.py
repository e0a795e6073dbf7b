"""A big room: 200 anonymous youths and 5 staff in one room. Everyone
enters, each youth asks one question, each staff member answers once,
everyone leaves; every occupant must have received every message.

On 2 cores Prosody is the bottleneck (about 0.4 ms of its CPU per stanza
delivered; the room's traffic grows with the square of its size).
Measured: 100 youths 16 s, 150 youths 41 s, 200 youths 74 s (ecopper
itself used under 1 s of CPU at 200), so this scenario has its own
timeout of 180 s. A smaller run: ECOPPER_BIG_ROOM_YOUTHS=100.

The clients all live in this one process. To keep it fast the scenario
turns slixmpp's per-stanza debug log (clients.log) down, runs Prosody at
log level info, gives youths no slixmpp plugins and skips loading the CA
store for each client (no TLS is used). The phase timings, with CPU
seconds of clients, Prosody and ecopper, go to clients.log.
"""
import asyncio
import logging
import os
import time

import harness as h

ROOM = h.room_jid("bigroom")
N_YOUTHS = int(os.environ.get("ECOPPER_BIG_ROOM_YOUTHS", "200"))
N_STAFF = 5
BATCH = 25  # clients connecting, entering or speaking at once

log = logging.getLogger("harness")


class Tally:
    """Counts, for one client, the groupchat bodies it receives from the
    room (of the set it must get) and the errors; an incoming filter."""

    def __init__(self, name, client, want):
        self.name, self.client, self.want = name, client, want
        self.got = set()
        self.errors = []
        self.all_in = asyncio.get_running_loop().create_future()
        client.add_filter("in", self.see)

    def see(self, s):
        x = s.xml
        if x.tag == f"{{{h.NS_CLIENT}}}message":
            t = x.get("type")
            if t == "groupchat":
                b = x.findtext(f"{{{h.NS_CLIENT}}}body")
                if b in self.want and b not in self.got:
                    self.got.add(b)
                    if len(self.got) == len(self.want) and \
                            not self.all_in.done():
                        self.all_in.set_result(True)
            elif t == "error":
                self.errors.append(h.to_string(s))
        return s

    def missing(self):
        return self.want - self.got


def cpu_seconds(proc):
    """User+system CPU seconds of a child process so far (or None)."""
    try:
        with open(f"/proc/{proc.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, AttributeError, IndexError, ValueError):
        return None


async def in_batches(coros, size=BATCH):
    out = []
    for i in range(0, len(coros), size):
        out += await asyncio.gather(*coros[i:i + size])
    return out


async def test_big_room_every_occupant_gets_every_message(env):
    slix = logging.getLogger("slixmpp")
    level = slix.level
    slix.setLevel(logging.WARNING)
    t0 = time.monotonic()
    phases = []

    def phase(name):
        phases.append((name, time.monotonic() - t0))
        me = os.times()
        log.info("big room: %s at %.1f s (CPU s: clients %.1f, %s %s, "
                 "ecopper %s)", name, phases[-1][1], me.user + me.system,
                 env.server, cpu_seconds(env.server_process),
                 cpu_seconds(env.ecopper))

    try:
        staff_accounts = [h.ADMIN, h.USER] + [
            (f"staff{i}@localhost", f"staffpass{i}")
            for i in range(N_STAFF - 2)]
        await asyncio.gather(*(asyncio.to_thread(env.register, j, p)
                               for j, p in staff_accounts[2:]))
        await env.set_server_log_level("info")
        await env.start_ecopper()
        staff = [await env.client(*staff_accounts[0])]
        await h.create_room(staff[0], "bigroom")
        with h.without_ca_store():
            staff += await asyncio.gather(*(env.client(*a)
                                            for a in staff_accounts[1:]))
            # Youths need no slixmpp plugins: fewer handlers per stanza.
            youths = await in_batches([env.anon_client(plugins=())
                                       for _ in range(N_YOUTHS)])
        phase(f"{N_STAFF + N_YOUTHS} clients connected")

        nicks = [f"Adult{i}" for i in range(N_STAFF)] + \
            [f"youth{i:03d}" for i in range(N_YOUTHS)]
        clients = staff + youths
        questions = {f"question {i} from youth{i:03d}"
                     for i in range(N_YOUTHS)}
        answers = {f"answer {i} from Adult{i}" for i in range(N_STAFF)}
        want = questions | answers
        tallies = [Tally(n, c, want) for n, c in zip(nicks, clients)]

        await in_batches([h.muc_enter(c, ROOM, n, timeout=30)
                          for n, c in zip(nicks, clients)])
        phase("everyone entered")

        async def say(client, body):
            await h.muc_say(client, ROOM, body, timeout=30)

        await in_batches([say(c, f"question {i} from youth{i:03d}")
                          for i, c in enumerate(youths)])
        await asyncio.gather(*(say(c, f"answer {i} from Adult{i}")
                               for i, c in enumerate(staff)))
        phase("all questions and answers reflected to their senders")
        try:
            await asyncio.wait_for(asyncio.gather(
                *(t.all_in for t in tallies)), 30)
        except asyncio.TimeoutError:
            short = [(t.name, len(t.missing())) for t in tallies
                     if t.missing()]
            raise AssertionError(
                f"{len(short)} of {len(tallies)} occupants missed messages "
                f"(name, how many): {short[:20]}") from None
        phase("every occupant has every message")

        # Everyone leaves; the last staff member sees all the others go.
        last = staff[0]
        gone = set()
        all_gone = asyncio.get_running_loop().create_future()

        def count_gone(s):
            x = s.xml
            if x.tag == f"{{{h.NS_CLIENT}}}presence" and \
                    x.get("type") == "unavailable":
                gone.add(x.get("from"))
                if len(gone) == len(clients) - 1 and not all_gone.done():
                    all_gone.set_result(True)
            return s

        last.add_filter("in", count_gone)
        await in_batches([h.muc_leave(c, ROOM, n, timeout=30)
                          for n, c in list(zip(nicks, clients))[1:]])
        await asyncio.wait_for(all_gone, 30)
        await h.muc_leave(last, ROOM, nicks[0])
        phase("everyone left")

        errors = [(t.name, e) for t in tallies for e in t.errors]
        assert not errors, f"{len(errors)} errors, e.g. {errors[:3]}"
        assert all(not t.missing() for t in tallies)
    finally:
        slix.setLevel(level)
        log.info("big room phases: %s",
                 ", ".join(f"{n} {t:.1f} s" for n, t in phases))


# 200 youths take Prosody about 75 s on 2 cores (it routes ~60,000
# stanzas); ecopper itself uses under a second of CPU.
test_big_room_every_occupant_gets_every_message.timeout = 180
