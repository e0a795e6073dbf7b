#!/usr/bin/python3
"""scene.py - the room that docs/screens/make-screens.sh photographs.

Starts a real Prosody and the built ecopper on loopback ports with the
integration harness (tests/integration/harness.py), creates the room
ask@muc.localhost, registers two members of staff with ecopper's
staff-add command (the officer with a made-up photo, staff-photo) and
lets the officer and two youths (anonymous slixmpp logins) enter. It writes what a desktop client needs to log in to a
JSON file and keeps everything running until SIGTERM or SIGINT. Each
time someone else enters the room, entered-N appears beside the JSON
file (N counts the entries); the first time a nickname enters, the
youths ask and the officer answers, and talked-N appears once the N-th
round has been reflected: Gajim 1.7 asks a room for no history when it
enters (it reads history only from message archives, which ecopper does
not keep), so it shows only what is said after it entered. Dino shows
the room's history.

Usage: scene.py INFO_JSON [C2S_PORT CERT_DIR]
(run it with Debian's /usr/bin/python3). With C2S_PORT, Prosody takes
client connections on that port (Dino 0.4 has no port setting: it needs
5222); with CERT_DIR, Prosody offers STARTTLS with CERT_DIR/localhost.crt
and .key (Dino 0.4 connects with TLS only).

Accounts: worker@localhost / workerpass is the youth worker (moderator)
for a client to log in as; user@localhost is the officer, played here;
anon.localhost takes anonymous (youth) logins. With SCREENS_KEEP set in
the environment, the scene's temp dir (Prosody's and ecopper's logs) is
kept.
"""
import asyncio
import base64
import json
import os
import shutil
import signal
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]
                       / "tests" / "integration"))
import harness as h  # noqa: E402

ROOM = "ask@" + h.COMPONENT
WORKER = ("worker@localhost", "workerpass")
OFFICER = "Officer Mikko"
MODERATOR = "Youth worker Anna"
SUBJECT = "Open every Wednesday 18-20. Ask anything, be kind."
TALK = [
    ("Kettu", "Can I ride a moped with a friend on the back?"),
    (OFFICER, "Only if the moped is registered for two. It says so in the "
              "registration certificate; if not, the fine is about 100 "
              "euros."),
    ("Sisu", "Someone keeps sending me threats on Snap. What can I do?"),
    (OFFICER, "Take screenshots and keep them, block the sender, and tell "
              "an adult you trust. You can report it at a police station "
              "or write to me privately here."),
]


async def add_staff(admin, jid, name, title, org, role="participant"):
    first, last = await h.run_command(admin, "staff-add", {
        "jid": jid, "name": name, "title": title, "organisation": org,
        "role": role})
    assert not first.error, str(first)
    h.expect_completed(last, f"staff-add {name}")


def badge_png(size=128):
    """A made-up picture for the officer's registered photo (no real
    person's face): a dark blue square with a light blue band, as a PNG
    (RFC 2083, written by hand: no imaging library needed)."""
    import struct
    import zlib

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))
    rows = b""
    for y in range(size):
        band = size * 5 // 12 <= y < size * 7 // 12
        rows += b"\0" + (bytes((90, 160, 230)) if band
                         else bytes((20, 40, 90))) * size
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0,
                                         0, 0))
            + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


async def set_photo(admin, jid, png):
    """The registered photo, pasted as base64 (staff-photo)."""
    b64 = base64.b64encode(png).decode()
    first, last = await h.run_command(admin, "staff-photo", {
        "jid": jid, "action": "paste",
        "photo": [b64[i:i + 76] for i in range(0, len(b64), 76)]})
    h.expect_completed(last, "staff-photo paste")


async def enter_as_staff(client, name):
    """Staff are renamed to their registered name (status 210)."""
    pres = client.make_presence(pto=f"{ROOM}/{name.split()[-1].lower()}")
    pres.append(ET.Element(f"{{{h.NS_MUC}}}x"))
    own = await h.wait_for(
        client, lambda s: s.name == "presence"
        and h.from_of(s).startswith(ROOM + "/")
        and (s["type"] == "error" or "110" in h.muc_codes(s)),
        action=pres.send, what=f"{name} entering")
    assert h.from_of(own) == f"{ROOM}/{name}", h.to_string(own)


async def main(info_path, c2s_port=None, cert_dir=None):
    if c2s_port:
        any_ports = h.free_ports
        h.free_ports = lambda n: [int(c2s_port)] + any_ports(n - 1)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    # SCREENS_KEEP (as for make-screens.sh) keeps the scene's dir too: its
    # logs show what the clients asked ecopper and what it answered.
    async with h.Env("screens", accounts=(h.ADMIN, h.USER, WORKER),
                     keep=bool(os.environ.get("SCREENS_KEEP"))) as env:
        if cert_dir:
            # Prosody finds localhost.crt/.key in its certificates dir;
            # STARTTLS needs its module, which the harness leaves out.
            for f in ("localhost.crt", "localhost.key"):
                shutil.copy(Path(cert_dir) / f, env.dir / "certs" / f)
            cfg = env.prosody_config.read_text()
            env.prosody_config.write_text(cfg.replace(
                "modules_enabled = { ", 'modules_enabled = { "tls", ', 1))
            await env.restart_prosody()
        await env.start_ecopper()
        admin = await env.admin()
        await h.create_room(
            admin, "ask", title="Ask the police",
            description="Questions about traffic, safety, drugs and "
                        "alcohol, answered by police officers and youth "
                        "workers.")
        await add_staff(admin, h.USER[0], OFFICER, "Police officer",
                        "Oulu police")
        await set_photo(admin, h.USER[0], badge_png())
        await add_staff(admin, WORKER[0], MODERATOR, "Youth worker",
                        "Oulu youth services", role="moderator")
        # The subject, set by the admin (an owner, so a moderator).
        await h.muc_enter(admin, ROOM, "Host")
        subject = admin.make_message(mto=ROOM, mtype="groupchat")
        subject["subject"] = SUBJECT
        await h.wait_for(admin, lambda s: h.is_subject_message(s, ROOM)
                         and h.subject_of(s) == SUBJECT,
                         action=subject.send, what="subject")
        await h.muc_leave(admin, ROOM, "Host")
        officer = await env.user()
        await enter_as_staff(officer, OFFICER)
        youths = {}
        for nick in ("Kettu", "Sisu"):
            youths[nick] = await env.anon_client()
            await h.muc_enter(youths[nick], ROOM, nick)
        ours = {OFFICER, *youths}
        entered = asyncio.Queue()

        def on_presence(p):
            nick = h.from_of(p).partition("/")[2]
            if not h.from_of(p).startswith(ROOM + "/") or nick in ours:
                return
            if p["type"] == "unavailable":
                here.discard(nick)
            elif nick not in here:
                here.add(nick)
                entered.put_nowait(nick)
        here = set()
        seen = set()
        officer.add_event_handler("presence", on_presence)
        Path(info_path).write_text(json.dumps({
            "c2s_port": env.c2s_port, "room": ROOM, "dir": str(env.dir),
            "worker": WORKER[0], "worker_password": WORKER[1],
            "anon_domain": h.ANON_DOMAIN}))
        print(f"scene ready: c2s port {env.c2s_port}, {env.dir}",
              flush=True)
        rounds = entries = 0
        waiter = asyncio.ensure_future(stop.wait())
        while not stop.is_set():
            getter = asyncio.ensure_future(entered.get())
            done, _ = await asyncio.wait({getter, waiter},
                                         return_when=asyncio.FIRST_COMPLETED)
            if getter not in done:
                getter.cancel()
                break
            nick = getter.result()
            entries += 1
            Path(info_path).with_name(f"entered-{entries}").touch()
            if nick in seen:
                continue
            seen.add(nick)
            print(f"{nick} entered: talking", flush=True)
            for who, text in TALK:
                await h.muc_say(officer if who == OFFICER else youths[who],
                                ROOM, text)
            rounds += 1
            Path(info_path).with_name(f"talked-{rounds}").touch()


if __name__ == "__main__":
    if len(sys.argv) not in (2, 4):
        sys.exit(__doc__)
    asyncio.run(main(*sys.argv[1:]))
