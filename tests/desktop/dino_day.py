#!/usr/bin/python3
"""dino_day.py - the question queue from a real Dino 0.4.2, end to end.

Like staff_day.py (Gajim), with Dino 0.4.2 (Debian 12's dino-im) as the
youth worker worker@localhost, a registered staff moderator: a real
Prosody and the built ecopper from the integration harness, Xvfb,
openbox, a session bus, Dino entering the queue room "Ask the police"
and its back room from bookmarks (XEP-0048 in private storage,
autojoin), youths as slixmpp clients. Dino is driven through AT-SPI
(tests/desktop/dino_ui.py): a pointer click on a conversation, text
typed into the message box and Enter, and what the window shows read
back. Every step waits with a deadline; none sleeps for a fixed time.

What Dino 0.4.2 needs that Gajim does not, and how it gets it here:
  - TLS: it will not log in without it. Prosody offers STARTTLS with a
    certificate for localhost from a throwaway CA (its key deleted at
    once), and Dino runs in a mount namespace of its own (unshare, as
    root) in which that CA is the system's trust store.
  - port 5222: it has no port setting (and finds no SRV record for
    localhost), so Prosody takes clients on 5222; the check is skipped
    when that port is taken.
  - message archives on the account's server (Prosody's mod_mam): Dino
    0.4.2 crashes (SIGSEGV in xmpp_message_archive_management_NS_VER)
    when it asks a room that announces urn:xmpp:mam:2, as ecopper's
    rooms do, for its archive while the account's own server announces
    no MAM (Dino's issue 1571).
  - its database: a first start makes it; the account goes in, Dino
    starts again.

The steps (each one PASS or FAIL, then "dino: N passed, N failed"):
  join          Dino enters both rooms as "Youth worker Anna"
  question      a youth's question: a private conversation with the
                room's moderation desk ("Moderation from Ask the
                police"), and the copy in the back room's view
  ok-private    "ok 1" typed in that conversation: published
  ok-in-room    "ok 2" typed in the room: published
  no-in-back    "no 3 reason" typed in the back room: the asker told
  nothing-leaked  no youth got what the worker typed
A screenshot goes to docs/images/dino-queue.png (--shots DIR
elsewhere, --no-shots for none).

Usage (as root: for the mount namespace; Dino runs as nobody):
    /usr/bin/python3 tests/desktop/dino_day.py [--shots DIR|--no-shots]
        [--keep]
Needs the packages of tests/deps-desktop.sh (dino-im, openssl) and a
built ecopper (ECOPPER_BIN, default build/ecopper).
"""
import argparse
import asyncio
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import staff_day as sd  # noqa: E402

h = sd.h
ROOM, BACK, TITLE, BACK_TITLE = sd.ROOM, sd.BACK, sd.TITLE, sd.BACK_TITLE
WORKER, WORKER_NAME = sd.WORKER, sd.WORKER_NAME
# The room's moderation desk (ROOM/Moderation) writes to moderators;
# Dino names a private conversation with an occupant "NICK from TITLE".
DESK = "Moderation"
PRIVATE = f"{DESK} from {TITLE}"
UI = HERE / "dino_ui.py"
WAIT = sd.WAIT
PORT = 5222
StepFailed = sd.StepFailed


def why_not():
    """Why this machine cannot run the check, or None."""
    if os.getuid() != 0:
        return "not root (Dino's trust store needs a mount namespace)"
    for cmd in ("dino-im", "openssl", "unshare"):
        if shutil.which(cmd) is None:
            return f"no {cmd}"
    s = socket.socket()
    try:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", PORT))
    except OSError:
        return f"port {PORT} is taken (Dino has no port setting)"
    finally:
        s.close()
    return None


def make_certs(d):
    """A throwaway CA (its key deleted) and localhost's certificate."""
    d.mkdir()
    (d / "ext.cnf").write_text("subjectAltName=DNS:localhost\n"
                               "basicConstraints=CA:FALSE\n")

    def run(*argv):
        subprocess.run(argv, cwd=d, check=True, capture_output=True)
    run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
        "-keyout", "ca.key", "-out", "ca.crt", "-days", "1", "-subj",
        "/CN=ecopper dino_day CA")
    run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout",
        "localhost.key", "-out", "localhost.csr", "-subj", "/CN=localhost")
    run("openssl", "x509", "-req", "-in", "localhost.csr", "-CA", "ca.crt",
        "-CAkey", "ca.key", "-CAcreateserial", "-out", "localhost.crt",
        "-days", "1", "-extfile", "ext.cnf")
    (d / "ca.key").unlink()
    os.chmod(d / "ca.crt", 0o644)


def in_namespace(ca, argv):
    """argv with CA as the system's trust store, in a mount namespace of
    its own (nothing outside it changes)."""
    return ["unshare", "--mount", "--propagation", "private", "sh", "-c",
            'mount --bind "$0" /etc/ssl/certs/ca-certificates.crt '
            '&& exec "$@"', str(ca), *argv]


async def until(what, fn, seconds):
    deadline = time.monotonic() + seconds
    while True:
        got = fn()
        if got:
            return got
        if time.monotonic() > deadline:
            raise StepFailed(f"{what}: not within {seconds} s")
        await asyncio.sleep(0.1)


def has_account_table(db):
    try:
        with sqlite3.connect(db) as con:
            con.execute("select bare_jid from account").fetchall()
        return True
    except sqlite3.Error:
        return False


async def start_dino(env, desk):
    ca = desk.work / "tls" / "ca.crt"
    argv = in_namespace(ca, desk.as_user(["dino-im"]))
    db = desk.home / ".local" / "share" / "dino" / "dino.db"
    first = await desk.spawn("dino-first", argv)
    await until("Dino's database", lambda: has_account_table(db), 60)
    first.terminate()
    await first.wait()
    with sqlite3.connect(db) as con:
        con.execute("insert into account (bare_jid, resourcepart, password,"
                    " alias, enabled) values (?, 'dino', ?, '', 1)", WORKER)
    await desk.spawn("dino", argv)


async def day(env, desk, shots, steps):
    youths = {}
    typed = []

    async def say(title, text):
        typed.append(text)
        await desk.ui("say", title, text, WAIT)

    async def shot(name):
        if shots is None:
            return
        raw = desk.work / "raw.png"
        subprocess.run(["import", "-display", desk.display, "-window",
                        "root", "-crop", "1000x600+0+0", "+repage",
                        str(raw)], check=True)
        subprocess.run(["convert", str(raw), "-strip", "+dither",
                        "-colors", "256", f"PNG8:{shots / name}"],
                       check=True)

    async with steps("join"):
        for f in ("localhost.crt", "localhost.key"):
            shutil.copy(desk.work / "tls" / f, env.dir / "certs" / f)
        cfg = env.prosody_config.read_text()
        env.prosody_config.write_text(cfg.replace(
            "modules_enabled = { ", 'modules_enabled = { "tls", "mam", ', 1))
        admin = await sd.setup_rooms(env)    # restarts Prosody
        for nick in ("Kettu", "Sisu", "Pulu"):
            youths[nick] = await env.anon_client()
            await h.muc_enter(youths[nick], ROOM, nick)
        recs = [h.record(y, lambda s: s.name == "message")
                for y in youths.values()]
        await desk.start()
        here = h.expect(youths["Kettu"], lambda s: s.name == "presence"
                        and h.from_of(s) == f"{ROOM}/{WORKER_NAME}",
                        "Dino in the room")
        back = h.expect(admin, lambda s: s.name == "presence"
                        and h.from_of(s) == f"{BACK}/{WORKER_NAME}",
                        "Dino in the back room")
        await start_dino(env, desk)
        await here.wait(timeout=60)
        await back.wait(timeout=WAIT)
        await desk.ui("wait-app", WAIT)
        # At 0,0: Dino's extents (relative to its window) are then the
        # screen's. A client-side decorated window has no frame.
        subprocess.run(["xdotool", "search", "--sync", "--onlyvisible",
                        "--name", "^Dino$", "windowmove", "--sync", "0", "0",
                        "windowsize", "1000", "600"], check=True,
                       env={**os.environ, "DISPLAY": desk.display},
                       stdout=subprocess.DEVNULL, timeout=WAIT)

    q1 = "Can I ride a moped with a friend on the back?"
    async with steps("question"):
        await sd.ask(youths["Kettu"], q1)
        await desk.ui("wait-row", PRIVATE, "Question #1 from Kettu", WAIT)
        await desk.ui("wait-text", BACK_TITLE, "Question #1 from Kettu", WAIT)

    async with steps("ok-private"):
        seen = h.expect(youths["Sisu"], sd.published("Kettu", q1),
                        "published")
        await say(PRIVATE, "ok 1")
        await seen.wait(timeout=WAIT)
        await desk.ui("wait-text", PRIVATE, "Published #1.", WAIT)
        await shot("dino-queue.png")

    q2 = "Where do I report a stolen bike?"
    async with steps("ok-in-room"):
        await sd.ask(youths["Sisu"], q2)
        await desk.ui("wait-row", PRIVATE, "Question #2 from Sisu", WAIT)
        seen = h.expect(youths["Kettu"], sd.published("Sisu", q2),
                        "published")
        await say(TITLE, "ok 2")
        await seen.wait(timeout=WAIT)
        await desk.ui("wait-text", TITLE, q2, WAIT)
        await desk.ui("wait-row", PRIVATE, "Published #2.", WAIT)

    async with steps("no-in-back"):
        await sd.ask(youths["Pulu"], "lol spam spam spam")
        await desk.ui("wait-text", BACK_TITLE, "Question #3 from Pulu", WAIT)
        told = h.expect(youths["Pulu"],
                        sd.rejected("please ask a real question"),
                        "rejection")
        await say(BACK_TITLE, "no 3 please ask a real question")
        await told.wait(timeout=WAIT)
        await desk.ui("wait-text", BACK_TITLE, "Rejected #3.", WAIT)

    async with steps("nothing-leaked"):
        for y in youths.values():
            await h.sync_with_room(y, ROOM)
        for rec in recs:
            rec.stop()
            for s in rec.stanzas:
                body = s["body"] or ""
                assert not body or h.from_of(s) != f"{ROOM}/{WORKER_NAME}", \
                    f"a youth got the worker's message: {h.to_string(s)}"
                assert not any(t == body or t in body.split(": ", 1)[-1]
                               for t in typed), \
                    f"a youth got what the worker typed: {h.to_string(s)}"


STEPS = ("join", "question", "ok-private", "ok-in-room", "no-in-back",
         "nothing-leaked")


async def main(args):
    why = why_not()
    if why:
        print(f"dino: skipped: {why}", flush=True)
        return 0
    shots = None if args.no_shots else Path(args.shots).resolve()
    if shots:
        shots.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="ecopper-dino-"))
    make_certs(work / "tls")
    desk = sd.Desktop(work)
    desk.ui_script = UI
    # Prosody's client port: 5222 (see above), the rest as usual.
    any_ports = h.free_ports
    h.free_ports = lambda n: [PORT] + any_ports(n - 1)
    try:
        return await sd.run_day("dino", "Dino", day, desk, work, shots,
                                sd.Steps(STEPS), args.keep)
    finally:
        h.free_ports = any_ports


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shots", default=str(sd.REPO / "docs" / "images"))
    ap.add_argument("--no-shots", action="store_true")
    ap.add_argument("--keep", action="store_true")
    sys.exit(asyncio.run(main(ap.parse_args())))
