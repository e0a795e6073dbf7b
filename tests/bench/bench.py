#!/usr/bin/python3
"""bench.py - ecopper side by side with Prosody's own MUC, on one server.

One Prosody with both: ecopper attached as muc.localhost and Prosody's
mod_muc as pmuc.localhost. For each, N anonymous youths and one moderator
enter a room, S senders send M messages each, and we time how long until
every occupant has every message. Then one youth floods (1,000 presence
changes, 200 nick changes) while the moderator's replies are timed. CPU seconds of Prosody and of ecopper
are read from /proc for each phase; memory is ecopper's peak RSS and
Prosody's RSS growth. Output: a table with the ratios ecopper/Prosody.
Not part of make check's pass/fail.

Usage: make bench  (or: tests/bench/bench.py [--youths N] [--messages M])
"""
import argparse
import asyncio
import logging
import os
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "integration"))
import harness as h  # noqa: E402

PMUC = "pmuc.localhost"
TICK = os.sysconf("SC_CLK_TCK")


class BenchEnv(h.Env):
    """The test Env with Prosody's own MUC next to ecopper."""

    def _write_prosody_config(self):
        super()._write_prosody_config()
        with open(self.prosody_config, "a") as f:
            f.write(f'\nComponent "{PMUC}" "muc"\n'
                    '    restrict_room_creation = false\n'
                    '    max_history_messages = 20\n')


def cpu(proc):
    try:
        with open(f"/proc/{proc.pid}/stat") as f:
            v = f.read().rsplit(")", 1)[1].split()
        return (int(v[11]) + int(v[12])) / TICK
    except (OSError, AttributeError):
        return 0.0


def rss_kib(proc, field="VmRSS"):
    try:
        with open(f"/proc/{proc.pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except (OSError, AttributeError):
        pass
    return 0


async def enter(client, room, nick):
    pres = client.make_presence(pto=f"{room}/{nick}")
    x = ET.SubElement(ET.Element("p"), f"{{{h.NS_MUC}}}x")
    ET.SubElement(x, f"{{{h.NS_MUC}}}history", maxstanzas="0")
    pres.append(x)
    return await h.wait_for(
        client, lambda s: s.name == "presence"
        and h.from_of(s) == f"{room}/{nick}" and "110" in h.muc_codes(s),
        action=pres.send, timeout=60, what=f"entering {room}")


async def run(env, service, youths, moderator, senders, messages):
    room = f"bench@{service}"
    if service == PMUC:
        # Prosody's rooms are made by entering; accept an instant room.
        await enter(moderator, room, "Moderator")
        q = ET.Element("{http://jabber.org/protocol/muc#owner}query")
        q.append(h.submit_form({}))
        h.expect_result(await h.send_iq(moderator, room, q, itype="set"),
                        "instant room")
    else:
        await h.create_room(moderator, "bench")
        await enter(moderator, room, "Moderator")
    print(f"bench: {service}: room ready", file=sys.stderr, flush=True)
    procs = [env.prosody] + ([env.ecopper] if service != PMUC else [])
    c0 = [cpu(p) for p in procs]
    t0 = time.monotonic()
    for i in range(0, len(youths), 50):
        await asyncio.gather(*(enter(c, room, f"youth{i + j:03d}")
                               for j, c in enumerate(youths[i:i + 50])))
    t_join = time.monotonic() - t0
    print(f"bench: {service}: entered in {t_join:.1f} s", file=sys.stderr,
          flush=True)
    c1 = [cpu(p) for p in procs]
    total = senders * messages
    everyone = youths + [moderator]
    counts = {id(c): 0 for c in everyone}
    done = asyncio.get_running_loop().create_future()
    left = [len(everyone)]

    def make_cb(c):
        def cb(msg):
            if msg["type"] == "groupchat" and (msg["body"] or "").startswith(
                    "bench "):
                counts[id(c)] += 1
                if counts[id(c)] == total:
                    left[0] -= 1
                    if left[0] == 0 and not done.done():
                        done.set_result(True)
        return cb

    for c in everyone:
        c.add_event_handler("message", make_cb(c))
    t1 = time.monotonic()
    # The moderator sends: youths are rate limited by ecopper (5 at once,
    # then one per 3 s), which would measure the limit, not the fan-out.
    for m in range(messages):
        for s in range(senders):
            moderator.make_message(mto=room, mtype="groupchat",
                                   mbody=f"bench {s} {m}").send()
    await asyncio.wait_for(done, 300)
    t_fan = time.monotonic() - t1
    c2 = [cpu(p) for p in procs]
    deliveries = total * len(everyone)
    # A flood: one youth sends 1,000 presence changes and 200 nick
    # changes; the moderator's replies are timed before and during it.
    calm = await round_trips(moderator, room, 20)
    flooder = youths[0]
    for i in range(1000):
        flooder.send_presence(pto=f"{room}/youth000", pstatus=f"flood {i}")
    for i in range(200):
        flooder.send_presence(pto=f"{room}/flood{i:03d}")
    flooded = await round_trips(moderator, room, 20)
    return {
        "join_s": t_join,
        "fanout_s": t_fan,
        "deliveries_per_s": deliveries / t_fan,
        "prosody_cpu_join": c1[0] - c0[0],
        "prosody_cpu_fanout": c2[0] - c1[0],
        "ecopper_cpu": (c2[1] - c0[1]) if len(procs) > 1 else 0.0,
        "reply_p50_ms": pct(calm, 50),
        "flood_p50_ms": pct(flooded, 50),
        "flood_max_ms": max(flooded),
    }


def pct(values, p):
    v = sorted(values)
    return v[min(len(v) - 1, len(v) * p // 100)]


async def round_trips(client, room, n):
    """Milliseconds from sending a groupchat message to its reflection,
    n times one after another."""
    out = []
    for i in range(n):
        body = f"ping {time.monotonic_ns()} {i}"
        t0 = time.monotonic()
        await h.wait_for(client, lambda s, b=body: s.name == "message"
                         and s["body"] == b,
                         action=client.make_message(
                             mto=room, mtype="groupchat", mbody=body).send,
                         timeout=60, what="reflection")
        out.append((time.monotonic() - t0) * 1000)
    return out


async def main(args):
    logging.getLogger("slixmpp").setLevel(logging.WARNING)
    async with BenchEnv("bench", relay=False) as env:
        await h.set_prosody_log_level(env, "warn")
        await env.start_ecopper(log_level="info")
        for name in ("slixmpp", "harness"):
            logging.getLogger(name).setLevel(logging.WARNING)
        rss0 = rss_kib(env.prosody)
        print("bench: ecopper online", file=sys.stderr, flush=True)
        moderator = await env.admin()
        with h.without_ca_store():
            youths = []
            for i in range(0, args.youths, 50):
                youths += await asyncio.gather(*(
                    env.anon_client(plugins=())
                    for _ in range(min(50, args.youths - i))))
        res = {}
        for service in (h.COMPONENT, PMUC):
            res[service] = await run(env, service, youths, moderator,
                                     args.senders, args.messages)
        eco_rss = rss_kib(env.ecopper, "VmHWM")
        pro_rss = rss_kib(env.prosody) - rss0
    e, p = res[h.COMPONENT], res[PMUC]
    lines = [
        f"ecopper vs Prosody's mod_muc, {args.youths} youths + 1 moderator, "
        f"{args.senders} senders x {args.messages} messages "
        f"({args.senders * args.messages * (args.youths + 1)} deliveries)",
        f"{'':28} {'ecopper':>12} {'mod_muc':>12} {'ratio':>8}",
    ]
    for key, label in (("join_s", "everyone entered (s)"),
                       ("fanout_s", "all messages delivered (s)"),
                       ("deliveries_per_s", "deliveries per second"),
                       ("prosody_cpu_join", "Prosody CPU, entering (s)"),
                       ("prosody_cpu_fanout", "Prosody CPU, messages (s)"),
                       ("reply_p50_ms", "reply p50, calm (ms)"),
                       ("flood_p50_ms", "reply p50, one floods (ms)"),
                       ("flood_max_ms", "reply max, one floods (ms)")):
        ratio = e[key] / p[key] if p[key] else float("nan")
        lines.append(f"{label:28} {e[key]:12.2f} {p[key]:12.2f} "
                     f"{ratio:8.2f}")
    lines.append(f"{'ecopper CPU, both phases (s)':28} "
                 f"{e['ecopper_cpu']:12.2f}")
    lines.append(f"{'ecopper peak RSS (KiB)':28} {eco_rss:12d}")
    lines.append(f"{'Prosody RSS growth (KiB)':28} {pro_rss:12d}  "
                 "(both services, clients included)")
    text = "\n".join(lines)
    print(text)
    out = h.REPO / "tests" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "bench.txt").write_text(text + "\n")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--youths", type=int, default=100)
    ap.add_argument("--senders", type=int, default=5,
                    help="message streams, all sent by the moderator")
    ap.add_argument("--messages", type=int, default=20)
    asyncio.run(main(ap.parse_args()))
