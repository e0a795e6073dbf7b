#!/usr/bin/python3
"""bench.py - ecopper side by side with the server's own MUC, in one run.

One Prosody (Debian's, on loopback ports of its own, logging warnings
only) carries three room services:

  ecopper   muc.localhost, the built ecopper on its default settings
  mod_muc   pmuc.localhost, Prosody's own MUC, the same room policy:
            youths' presence shown to moderators only, real JIDs to
            moderators only, 4 staff as room admins (moderators)
  bare      bare.localhost, tests/bench/barecomp.c: a component that
            only fans out (own presence on entering, each groupchat
            message to every occupant, body only): the limit

For each room size (200, 1,000, 5,000 youths by default) and each
service, in an order that rotates from one repetition to the next
(interleaved, so a machine that slows down slows all alike), the load
generator (tests/bench/loadgen.c, one process holding every client)
logs in the youths and 4 staff and measures: the join storm (every
youth enters at once), fan-out (the staff send a burst; deliveries per
second, bytes per delivery a client receives), latency at a fixed
question rate (p50/p99, at the smallest size), and the time one message
takes to reach every occupant (at the largest). CPU of Prosody, of
ecopper and of the load generator itself come from /proc and
getrusage; ecopper's memory per occupant from its RSS. Medians over the
repetitions, then a table with ratios.

Then, unless --no-defaults, one more join storm of the largest size into
an ecopper room left on its defaults (presence to everyone, up to
youth_list_max youths listed to youths, 10,000 occupants): what a city
gets without tuning, with nobody refused.

With --server ejabberd --multicast auto, ejabberd runs mod_multicast
(XEP-0033) and ecopper sends room messages through it (mcast.h); mod_muc's
broadcasts then go through it too, far slower (conf/ejabberd/ecopper.yml).

Usage: make bench [BENCH_ARGS="--repeat 3 --sizes 200,1000,5000"]
Not part of make check; the report also goes to tests/out/bench.txt.
"""
import argparse
import asyncio
import logging
import os
import statistics
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "integration"))
import harness as h  # noqa: E402

PMUC = "pmuc.localhost"
BARE = "bare.localhost"
ROOM = "bench"
DEFAULTS_ROOM = "defaults"  # ecopper's, as a new room is
TOOLS = Path(os.environ.get("BENCH_TOOLS", h.REPO / "build" / "bench"))
STAFF = [(f"staff{i}@{h.DOMAIN}", f"staffpass{i}") for i in range(1, 5)]
NS_OWNER = "http://jabber.org/protocol/muc#owner"
TICK = os.sysconf("SC_CLK_TCK")
log = logging.getLogger("bench")


class BenchEnv(h.Env):
    """The test Env with the server's own MUC and the bare component next
    to ecopper."""

    multicast = "off"  # --multicast

    def _write_ejabberd_config(self):
        # The tests' config (conf/ejabberd/ecopper.yml), and: the bare
        # component on the same listener; mod_muc as pmuc.<host>, rooms of
        # any size; no c2s shaper (the tests slow clients to 3,000 bytes a
        # second, which would measure the shaper).
        import yaml
        super()._write_ejabberd_config()
        cfg = yaml.safe_load(self.ejabberd_config.read_text())
        # A listener of its own: ejabberd routes every host of a service
        # listener to the component that logs in on it.
        self.bare_port = h.free_ports(1)[0]
        cfg["listen"].append({
            "port": self.bare_port, "ip": "127.0.0.1",
            "module": "ejabberd_service",
            "hosts": {BARE: {"password": self.secret}}})
        cfg["shaper_rules"] = {"c2s_shaper": "none"}
        # ejabberd's listen queue holds 5 by default: a crowd logging in
        # at once would measure SYN retries.
        for lst in cfg["listen"]:
            if lst["module"] == "ejabberd_c2s":
                lst["backlog"] = 1024
        # XEP-0033 (the tests run it): only with --multicast auto. It
        # carries mod_muc's broadcasts too, which it slows down badly
        # (conf/ejabberd/ecopper.yml): off, the services compare as ever.
        if self.multicast == "off":
            cfg["modules"].pop("mod_multicast", None)
        cfg["modules"]["mod_muc"] = {
            "host": "pmuc.@HOST@", "access_create": "all",
            "history_size": 20, "max_users": 100000,
            "max_users_presence": 100000,
            "default_room_options": {"max_users": 100000}}
        self.ejabberd_config.write_text(
            yaml.safe_dump(cfg, sort_keys=False, default_flow_style=False))

    def _write_prosody_config(self):
        super()._write_prosody_config()
        with open(self.prosody_config, "a") as f:
            f.write(f'\nComponent "{PMUC}" "muc"\n'
                    '    restrict_room_creation = false\n'
                    '    max_history_messages = 20\n'
                    f'\nComponent "{BARE}"\n'
                    f'    component_secret = "{self.secret}"\n')


def server_version(server):
    r = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", server],
                       capture_output=True, text=True)
    return r.stdout.strip() or "?"


def cpu(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            v = f.read().rsplit(")", 1)[1].split()
        return (int(v[11]) + int(v[12])) / TICK
    except (OSError, IndexError, ValueError):
        return 0.0


def rss_kib(pid, field="VmRSS"):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


async def settle(pids, quiet=0.05, window=0.5, limit=120):
    """Waits until the processes use less than quiet of a core over a
    window: the last run's clients have been torn down everywhere."""
    end = time.monotonic() + limit
    while time.monotonic() < end:
        before = sum(cpu(p) for p in pids)
        await asyncio.sleep(window)
        if sum(cpu(p) for p in pids) - before < quiet * window:
            return
    log.warning("bench: the servers did not settle in %d s", limit)


async def admin_iq(client, to, payload, what):
    h.expect_result(await h.send_iq(client, to, payload, itype="set",
                                    timeout=30), what)


async def make_admins(client, room, what):
    """The staff as room admins, one request each: Prosody's mod_muc
    applies only the first item of a request that has several."""
    for jid, _ in STAFF:
        q = ET.Element(f"{{{h.NS_MUC_ADMIN}}}query")
        ET.SubElement(q, f"{{{h.NS_MUC_ADMIN}}}item", jid=jid,
                      affiliation="admin")
        await admin_iq(client, room, q, f"{what}: {jid} admin")


def room_config(**extra):
    """The policy of every bench room: presence of participants and
    visitors to moderators only (a youth sees the staff, the staff see
    everyone; with presence to all, a join storm of N costs N*N/2
    presences), real JIDs to moderators only, persistent."""
    q = ET.Element(f"{{{NS_OWNER}}}query")
    q.append(h.submit_form({
        "FORM_TYPE": "http://jabber.org/protocol/muc#roomconfig",
        "muc#roomconfig_persistentroom": "1",
        "muc#roomconfig_whois": "moderators",
        "muc#roomconfig_presencebroadcast": ["moderator"],
        **extra,
    }))
    return q


async def prepare_rooms(env, admin):
    """The room on each service, with the staff as its admins; and
    ecopper's room on its defaults (with the same admins)."""
    await h.create_room(admin, DEFAULTS_ROOM)
    await make_admins(admin, f"{DEFAULTS_ROOM}@{h.COMPONENT}",
                      "ecopper, defaults")
    await h.create_room(admin, ROOM)
    # ecopper's rooms take 500 by default (Prosody's, any number).
    await admin_iq(admin, f"{ROOM}@{h.COMPONENT}",
                   room_config(**{"muc#roomconfig_maxusers": "none"}),
                   "ecopper: room config")
    await make_admins(admin, f"{ROOM}@{h.COMPONENT}", "ecopper")
    # Prosody's MUC: made by entering, then configured the same way.
    pmuc = f"{ROOM}@{PMUC}"
    await h.muc_enter(admin, pmuc, "Owner", history={"maxstanzas": 0},
                      timeout=30)
    await admin_iq(admin, pmuc, room_config(), "mod_muc: room config")
    await make_admins(admin, pmuc, "mod_muc")
    await h.muc_leave(admin, pmuc, "Owner", timeout=30)


def plan(size, sizes, args):
    """The loadgen phases for a room of size youths."""
    argv = ["--fanout", str(max(4, args.fanout_deliveries // (size + 4)))]
    if size == min(sizes):
        argv += ["--rate", str(args.rate), "--rate-seconds",
                 str(args.rate_seconds), "--flood"]
    if size == max(sizes):
        argv += ["--reach", str(args.reach)]
    return argv


async def run_one(env, service, size, sizes, args, pids, room=None,
                  phases=None):
    argv = [str(TOOLS / "loadgen"), "--port", str(env.c2s_port),
            "--room", f"{room or ROOM}@{service}", "--youths", str(size),
            "--youth-domain", h.ANON_DOMAIN, "--staff-domain", h.DOMAIN,
            "--join-timeout", str(args.join_timeout)]
    for jid, pw in STAFF:
        argv += ["--staff", f"{jid.split('@')[0]}:{pw}"]
    for name, pid in pids.items():
        argv += ["--pid", f"{name}={pid}"]
    argv += plan(size, sizes, args) if phases is None else phases
    if service == BARE:
        argv.append("--any-role")  # it has no roles: all are participants
    print(f"bench: {room or ROOM}@{service}, {size} youths", file=sys.stderr,
          flush=True)
    p = await asyncio.create_subprocess_exec(
        *argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = await p.communicate()
    if p.returncode != 0:
        raise RuntimeError(f"loadgen failed ({p.returncode}) for {service}, "
                           f"{size}:\n{err.decode()[-2000:]}")
    if err:
        sys.stderr.write(err.decode()[-2000:])
    res = {}
    for line in out.decode().splitlines():
        k, _, v = line.partition("=")
        try:
            res[k] = float(v)
        except ValueError:
            pass
    await settle(list(pids.values()))
    return res


def median(runs, key):
    v = [r[key] for r in runs if key in r]
    return statistics.median(v) if v else None


def fmt(v, digits=2):
    if v is None:
        return "-"
    if abs(v) >= 1000:
        return f"{v:,.0f}"
    return f"{v:.{digits}f}"


def ratio(a, b):
    if a is None or b is None or b == 0:
        return "-"
    return f"{a / b:.2f}"


def report(results, sizes, args, eco_base_kib, loadgen_note, defaults=()):
    names = ("ecopper", "mod_muc", "bare")
    lines = [f"make bench: ecopper, the server's mod_muc and a bare fan-out "
             f"component on one {args.server} {server_version(args.server)} "
             f"({os.cpu_count()} cores, loopback), 4 staff, "
             f"medians of {args.repeat} interleaved run(s)",
             "",
             f"{'':44}{'ecopper':>11}{'mod_muc':>11}{'bare':>11}"
             f"{'eco/muc':>9}{'eco/bare':>9}"]

    def row(label, key, size, digits=2, note=None):
        v = [median(results[(n, size)], key) for n in names]
        cells = []
        for n, x in zip(names, v):
            timed_out = median(results[(n, size)], "join_timeout")
            c = fmt(x, digits)
            if key.startswith("join") and timed_out:
                joined = median(results[(n, size)], "joined")
                c = f">{args.join_timeout:.0f}s({joined:.0f})"
            cells.append(c)
        lines.append(f"{label:44}" + "".join(f"{c:>11}" for c in cells)
                     + f"{ratio(v[0], v[1]):>9}{ratio(v[0], v[2]):>9}"
                     + (f"  {note}" if note else ""))

    for size in sizes:
        lines.append(f"-- {size} youths + 4 staff")
        row("join storm: all in (s)", "join_s", size)
        row("join storm: refused", "refused", size, 0)
        row("join storm: server CPU (s)", "join_cpu_server", size)
        row("fan-out: deliveries/s", "fanout_per_s", size, 0)
        row("fan-out: bytes per delivery (received)",
            "fanout_bytes_per_delivery", size, 0)
        for n in names:
            for r in results[(n, size)]:
                if r.get("fanout_deliveries"):
                    r["server_ms_per_k"] = (r.get("fanout_cpu_server", 0)
                                            * 1e6 / r["fanout_deliveries"])
                    r["ecopper_ms_per_k"] = (r.get("fanout_cpu_ecopper", 0)
                                             * 1e6 / r["fanout_deliveries"])
        row("server CPU per 1,000 deliveries (ms)", "server_ms_per_k", size)
        lines.append(f"{'ecopper CPU per 1,000 deliveries (ms)':44}"
                     f"{fmt(median(results[('ecopper', size)], 'ecopper_ms_per_k')):>11}")
        if size == min(sizes):
            row(f"latency at {args.rate}/s: p50 (ms)", "rate_p50_ms", size)
            row(f"latency at {args.rate}/s: p99 (ms)", "rate_p99_ms", size)
            row("staff message reflected, calm: p50 (ms)", "calm_p50_ms",
                size)
            row("same, one youth floods: p50 (ms)", "flood_p50_ms", size)
            row("same, one youth floods: worst (ms)", "flood_max_ms", size)
        if size == max(sizes):
            row("one message to everyone: median (ms)", "reach_p50_ms", size)
            for r in results[("ecopper", size)]:
                if r.get("joined"):
                    r["kib_per_occ"] = (r.get("rss_end_ecopper",
                                              r["rss_after_ecopper"]) -
                                        eco_base_kib) / r["joined"]
            lines.append(f"{'ecopper memory per occupant (KiB)':44}"
                         f"{fmt(median(results[('ecopper', size)], 'kib_per_occ')):>11}")
        self_max = max((r.get("fanout_self_cpu", 0) / max(r.get("fanout_s", 1), 1e-9)
                        for n in names for r in results[(n, size)]),
                       default=0)
        lines.append(f"{'load generator, busiest fan-out (% of a core)':44}"
                     f"{self_max * 100:>11.0f}")
    if defaults:
        lines.append(f"-- ecopper, a room on its defaults: {max(sizes)} "
                     f"youths + 4 staff")
        for label, key, digits in (("join storm: all in (s)", "join_s", 2),
                                   ("join storm: refused", "refused", 0),
                                   ("join storm: server CPU (s)",
                                    "join_cpu_server", 2)):
            c = fmt(median(defaults, key), digits)
            if key == "join_s" and median(defaults, "join_timeout"):
                c = (f">{args.join_timeout:.0f}s"
                     f"({median(defaults, 'joined'):.0f})")
            lines.append(f"{label:44}{c:>11}")
    lines += ["", loadgen_note]
    return "\n".join(lines)


async def main(args):
    sizes = sorted(int(s) for s in args.sizes.split(","))
    for tool in ("loadgen", "barecomp"):
        if not (TOOLS / tool).exists():
            sys.exit(f"bench: {TOOLS / tool} is missing: run make bench")
    logging.basicConfig(level=logging.WARNING)
    BenchEnv.multicast = args.multicast
    async with BenchEnv("bench", accounts=[h.ADMIN, *STAFF], relay=False,
                        server=args.server, keep=args.keep) as env:
        if args.keep:
            print(f"bench: keeping {env.dir}", file=sys.stderr)
        await env.set_server_log_level(
            "warn" if args.server == "prosody" else "warning")
        await env.start_ecopper(log_level="info", multicast=args.multicast)
        bare = await asyncio.create_subprocess_exec(
            str(TOOLS / "barecomp"),
            str(getattr(env, "bare_port", None) or env.component_port), BARE,
            env.secret, stdout=subprocess.PIPE)
        line = await asyncio.wait_for(bare.stdout.readline(), 10)
        if line.strip() != b"online":
            sys.exit("bench: the bare component did not attach")
        admin = await env.admin()
        await prepare_rooms(env, admin)
        pids = {"server": env.server_process.pid, "ecopper": env.ecopper.pid}
        await settle(list(pids.values()))
        eco_base = rss_kib(env.ecopper.pid)
        targets = [("ecopper", h.COMPONENT), ("mod_muc", PMUC),
                   ("bare", BARE)]
        results = {(n, s): [] for n, _ in targets for s in sizes}
        for rep in range(args.repeat):
            order = targets[rep % 3:] + targets[:rep % 3]
            for size in sizes:
                for name, service in order:
                    if name not in args.only:
                        continue
                    if name == "mod_muc" and size > args.muc_max:
                        continue
                    results[(name, size)].append(
                        await run_one(env, service, size, sizes, args, pids))
        defaults = []
        if "ecopper" in args.only and not args.no_defaults:
            for _ in range(args.repeat):
                defaults.append(await run_one(
                    env, h.COMPONENT, max(sizes), sizes, args, pids,
                    room=DEFAULTS_ROOM, phases=["--fanout", "0"]))
        eco_peak = rss_kib(env.ecopper.pid, "VmHWM")
        found = env.multicast_services()
        bare.terminate()
        await bare.wait()
    how = ("through " + ", ".join(sorted(found)) if found
           else "one stanza per session")
    if args.multicast == "auto" and args.server == "ejabberd":
        how += " (mod_muc's broadcasts go through ejabberd's mod_multicast too)"
    note = (f"ecopper's multicast = {args.multicast}: room messages {how}. "
            f"ecopper peak RSS {eco_peak:,} KiB (at start, room made: "
            f"{eco_base:,} KiB). Join storm: time until the last youth has "
            f"its own presence; '>{args.join_timeout:.0f}s(N)': N youths "
            f"in when the storm was cut off. Bytes per delivery: what a "
            f"client receives from the server per groupchat message.")
    if args.muc_max < max(sizes):
        note += (f" mod_muc: not run with more than {args.muc_max} youths "
                 f"(--muc-max).")
    text = report(results, sizes, args, eco_base, note, defaults)
    print(text)
    if args.smoke:
        # make check's tier: the bench still runs, and every service let
        # every youth in and delivered everything. Not a timing test.
        problems = []
        runs_of = list(results.items())
        if defaults:
            runs_of.append((("ecopper, defaults", max(sizes)), defaults))
        for (name, size), runs in runs_of:
            for r in runs:
                if r.get("joined") != size or r.get("refused"):
                    problems.append(f"{name}, {size}: {r.get('joined')} "
                                    f"joined, {r.get('refused')} refused")
                for phase in ("join", "fanout", "rate"):
                    if r.get(f"{phase}_timeout"):
                        problems.append(f"{name}, {size}: {phase} timed out")
                if r.get("errors") or r.get("lost"):
                    problems.append(f"{name}, {size}: {r.get('errors')} "
                                    f"errors, {r.get('lost')} clients lost")
        for p in problems:
            print(f"bench: {p}")
        print(f"bench: {0 if problems else 1} passed, "
              f"{1 if problems else 0} failed")
        if problems:
            sys.exit(1)
        return
    out = h.REPO / "tests" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "bench.txt").write_text(text + "\n")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="200,1000,5000",
                    help="youths per room, comma separated")
    ap.add_argument("--repeat", type=int, default=1,
                    help="interleaved repetitions (medians are reported)")
    ap.add_argument("--only", default="ecopper,mod_muc,bare",
                    help="services to run, comma separated")
    ap.add_argument("--join-timeout", type=float, default=60,
                    help="seconds a join storm may take before it is cut off")
    ap.add_argument("--fanout-deliveries", type=int, default=40000,
                    help="deliveries per fan-out burst (messages = this / "
                         "occupants)")
    ap.add_argument("--rate", type=int, default=20,
                    help="messages per second for the latency phase")
    ap.add_argument("--rate-seconds", type=int, default=5)
    ap.add_argument("--reach", type=int, default=5,
                    help="messages timed one by one to reach everyone")
    ap.add_argument("--server", choices=h.SERVERS, default="prosody",
                    help="the XMPP server all three run on")
    ap.add_argument("--smoke", action="store_true",
                    help="make check's run: fails when a youth was refused "
                         "or a message lost (sizes are up to you)")
    ap.add_argument("--multicast", choices=("auto", "off"), default="off",
                    help="ecopper's multicast key; auto also gives ejabberd "
                         "its XEP-0033 service, mod_multicast, which "
                         "slows its mod_muc down (default off)")
    ap.add_argument("--no-defaults", action="store_true",
                    help="skip the join storm into ecopper's room on its "
                         "defaults")
    ap.add_argument("--keep", action="store_true",
                    help="keep the temp dir (logs of the servers)")
    ap.add_argument("--muc-max", type=int, default=None,
                    help="the largest room the server's own MUC is run with "
                         "(Prosody: 1000 by default; its mod_muc took over "
                         "300 s for 5,000 and stays busy for minutes "
                         "after; ejabberd: no limit)")
    a = ap.parse_args()
    if a.muc_max is None:
        a.muc_max = 1000 if a.server == "prosody" else 10**9
    a.only = set(a.only.split(","))
    asyncio.run(main(a))
