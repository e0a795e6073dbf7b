#!/usr/bin/python3
"""staff_day.py - a youth worker's day in a real Gajim, checked end to end.

Starts a real Prosody and the built ecopper with the integration harness
(tests/integration/harness.py), then Xvfb, a window manager (openbox), a
D-Bus session and Gajim 1.7 with a profile of its own for the youth
worker worker@localhost (a registered staff member with the moderator
role) and the service's admin admin@localhost (a second account: only
admins run the admin commands). Gajim enters the question-queue room "Ask the police" and its
staff back room from bookmarks (XEP-0048 in private storage, autojoin).
Youths are slixmpp clients. Gajim is driven through AT-SPI
(tests/desktop/gajim_ui.py): it types into the room's message box as a
person would, and reads what the window shows. Every step waits for its
stanza or widget with a deadline; none sleeps for a fixed time.

The steps (each one PASS or FAIL, then "desktop: N passed, N failed"):
  join          Gajim enters both rooms as "Youth worker Anna"
  question      a youth's question, a private message from the room's
                moderation desk (room/Moderation), shows at once in a
                private chat of its own, "Moderation (Ask the police)"
  ok-in-room    "ok 1" typed in the room's own box: published, the
                desk's answer shows, no youth sees what was typed
  no-at-desk    "no 2 reason" typed in the desk's chat: asker told
  ok-in-back    the question shows in the back room (posted by its
                desk); "ok 3" typed there: published
  no-in-back    "no 4 reason" typed in the back room: asker told
  report        a youth's report shows in the desk's chat
  voice         /role NICK visitor, then /role NICK participant
  kick          /kick NICK reason
  nothing-leaked  no youth ever got what the worker typed, nor any
                groupchat message from the worker
  ban           "ban NICK reason" typed in the desk's chat: NICK banned
  adhoc-refused the admin account runs "Set opening hours" from
                Discover Services (Execute Command) with a bad line:
                the form comes back with the typed values and the
                error note; corrected, it completes and is stored
Screenshots of the run go to docs/images (gajim-queue-*.png,
gajim-back-room.png, gajim-moderation.png, gajim-adhoc-refused.png);
--shots DIR elsewhere,
--no-shots for none.

Usage (as root: Gajim refuses root, so the desktop runs as nobody):
    /usr/bin/python3 tests/desktop/staff_day.py [--shots DIR|--no-shots]
        [--keep]
Needs the packages of tests/deps-desktop.sh and a built ecopper
(ECOPPER_BIN, default build/ecopper).
"""
import argparse
import asyncio
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO / "tests" / "integration"))
import harness as h  # noqa: E402

ROOM = "ask@" + h.COMPONENT
BACK = "ask-staff@" + h.COMPONENT
TITLE = "Ask the police"
BACK_TITLE = "Staff room"
DESK_TITLE = f"{h.DESK_NICK} ({TITLE})"  # its private chat in Gajim 1.7
WORKER = ("worker@localhost", "workerpass")
WORKER_NAME = "Youth worker Anna"
EVENING = "evening@" + h.COMPONENT
EVENING_TITLE = "Evening chat"
BAD_SLOTS = "mon 16:00-18:00\ntue 25:00-18:00"
GOOD_SLOTS = "mon 16:00-18:00\ntue 15:00-18:00"
REFUSED = ("Weekly slots, line 2 ('tue 25:00-18:00'): hour 25 out of "
           "range; nothing was stored.")
UI = HERE / "gajim_ui.py"
WAIT = 20      # seconds for any one step in the window
NS_PRIVATE = "jabber:iq:private"
NS_BOOKMARKS = "storage:bookmarks"
NS_CONFIG = "http://jabber.org/protocol/muc#roomconfig"
NS_OWNER = "http://jabber.org/protocol/muc#owner"


class StepFailed(Exception):
    pass


# ---- the desktop: Xvfb, openbox, a session bus, Gajim, as nobody

class Desktop:
    def __init__(self, work):
        self.work = work
        self.home = work / "home"
        self.home.mkdir()
        self.procs = []
        self.display = None
        self.bus = None
        self.user = []
        self.ui_script = UI    # dino_day.py: dino_ui.py
        if os.getuid() == 0:
            shutil.chown(self.home, "nobody", "nogroup")
            os.chmod(work, 0o755)
            self.user = ["setpriv", "--reuid=nobody", "--regid=nogroup",
                         "--clear-groups"]

    def env(self):
        e = {"PATH": "/usr/bin:/bin", "HOME": str(self.home),
             "XDG_RUNTIME_DIR": str(self.home), "LANG": "C.UTF-8",
             "DISPLAY": self.display or ""}
        if self.bus:
            e["DBUS_SESSION_BUS_ADDRESS"] = self.bus
        return e

    def as_user(self, argv):
        return self.user + ["env", "-i"] + \
            [f"{k}={v}" for k, v in self.env().items()] + list(argv)

    def script(self, path):
        """PATH where the desktop's user can read it. nobody cannot read
        a checkout under a private directory (mktemp -d, a home of mode
        700), so as root the script is copied, with atspi_wait.py that
        the UI scripts import, into the work dir (mode 755)."""
        if not self.user:
            return path
        where = self.work / "bin"
        where.mkdir(exist_ok=True)
        for p in (path, HERE / "atspi_wait.py"):
            if not (where / p.name).exists():
                shutil.copy(p, where / p.name)
        return where / path.name

    async def spawn(self, name, argv, **kw):
        log = open(self.work / f"{name}.log", "wb")
        p = await asyncio.create_subprocess_exec(
            *argv, stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, **kw)
        log.close()
        self.procs.append(p)
        return p

    async def start(self):
        # -displayfd: Xvfb picks a free display and says which once it
        # takes connections.
        r, w = os.pipe()
        await self.spawn("xvfb", ["Xvfb", "-displayfd", str(w), "-screen",
                                  "0", "1280x800x24", "-nolisten", "tcp"],
                         pass_fds=(w,))
        os.close(w)
        num = await read_line(r, "Xvfb's display number")
        self.display = f":{num}"
        r, w = os.pipe()
        await self.spawn("dbus", self.as_user(
            ["dbus-daemon", "--session", "--nofork",
             f"--print-address={w}"]), pass_fds=(w,))
        os.close(w)
        self.bus = await read_line(r, "the session bus address")
        await self.spawn("openbox", self.as_user(["openbox"]))

    async def ui(self, *args, check=True):
        """One gajim_ui.py (ui_script) step; StepFailed with its reason if
        it fails."""
        p = await asyncio.create_subprocess_exec(
            *self.as_user(["/usr/bin/python3",
                           str(self.script(self.ui_script)),
                           *map(str, args)]),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        out, err = await p.communicate()
        why = "\n".join(line for line in err.decode().splitlines()
                        if line.startswith(self.ui_script.stem + ":"))
        if p.returncode != 0 and check:
            raise StepFailed(why or err.decode()[-400:])
        return out.decode()

    async def stop(self):
        for p in reversed(self.procs):
            if p.returncode is None:
                p.terminate()
        for p in reversed(self.procs):
            try:
                await asyncio.wait_for(p.wait(), 5)
            except asyncio.TimeoutError:
                p.kill()
                await p.wait()


async def read_line(fd, what, timeout=20):
    """The first line written to the pipe fd (then closed)."""
    loop = asyncio.get_running_loop()

    def read():
        with os.fdopen(fd, "rb") as f:
            return f.readline().decode().strip()
    try:
        line = await asyncio.wait_for(loop.run_in_executor(None, read),
                                      timeout)
    except asyncio.TimeoutError:
        raise StepFailed(f"no {what} within {timeout} s") from None
    if not line:
        raise StepFailed(f"no {what}")
    return line


def gajim_profile(desk, root, port, mode="staff", account=WORKER):
    """Gajim's settings for the worker (docs/screens/gajim-profile.py),
    run as the desktop's user; mode "admin" adds the admin's account
    to the same profile."""
    script = desk.script(REPO / "docs" / "screens" / "gajim-profile.py")
    return desk.as_user(["/usr/bin/python3", str(script), str(root),
                         str(port), mode, *account])


# ---- the room side

async def setup_rooms(env):
    """The room with the question queue, its back room, the worker as a
    registered staff moderator with both rooms bookmarked (autojoin)."""
    # Bookmarks live in private XML storage (XEP-0049): Gajim 1.7 reads
    # them from there when the server has no PEP publish-options.
    cfg = env.prosody_config.read_text()
    env.prosody_config.write_text(cfg.replace(
        '"roster", ', '"roster", "private", ', 1))
    await env.restart_prosody()
    await env.start_ecopper()
    admin = await env.admin()
    await h.create_room(admin, "ask", title=TITLE)
    q = ET.Element(f"{{{NS_OWNER}}}query")
    q.append(h.submit_form({"FORM_TYPE": NS_CONFIG,
                            "x-ecopper#queue": "1"}))
    h.expect_result(await h.send_iq(admin, ROOM, q, itype="set"),
                    "queue on")
    await h.create_room(admin, "ask-staff", title=BACK_TITLE)
    first, last = await h.run_command(admin, "staff-add", {
        "jid": WORKER[0], "name": WORKER_NAME, "title": "Youth worker",
        "organisation": "Oulu youth services", "role": "moderator"})
    h.expect_completed(last, "staff-add")
    worker = await env.client(*WORKER)
    store = ET.Element(f"{{{NS_PRIVATE}}}query")
    marks = ET.SubElement(store, f"{{{NS_BOOKMARKS}}}storage")
    for jid, name in ((ROOM, TITLE), (BACK, BACK_TITLE)):
        c = ET.SubElement(marks, f"{{{NS_BOOKMARKS}}}conference",
                          {"jid": jid, "name": name, "autojoin": "true"})
        ET.SubElement(c, f"{{{NS_BOOKMARKS}}}nick").text = "anna"
    h.expect_result(await h.send_iq(worker, WORKER[0], store,
                                      itype="set"),
                    "bookmarks")
    worker.disconnect()
    # The admin watches the back room (youths cannot enter it).
    await h.muc_enter(admin, BACK, "Host")
    return admin


def held_note(text):
    return lambda s: s.name == "message" and h.from_of(s) == ROOM \
        and "waiting for a moderator" in (s["body"] or "")


async def ask(youth, text):
    """The youth asks; waits until the room says it waits."""
    await h.wait_for(youth, held_note(text), action=youth.make_message(
        mto=ROOM, mtype="groupchat", mbody=text).send,
        what="question held")


def published(nick, text):
    return lambda s: s.name == "message" and s["type"] == "groupchat" \
        and h.from_of(s) == f"{ROOM}/{nick}" and s["body"] == text


def rejected(reason):
    return lambda s: s.name == "message" and h.from_of(s) == ROOM \
        and s["body"] == f"Your question was not published: {reason}"


def role_of(nick, role):
    def pred(s):
        item = h.muc_item(s)
        return s.name == "presence" and h.from_of(s) == f"{ROOM}/{nick}" \
            and item is not None and item.get("role") == role
    return pred


# ---- the day

async def day(env, desk, shots, steps):
    admin = await setup_rooms(env)
    youths = {}
    for nick in ("Kettu", "Sisu", "Pulu"):
        youths[nick] = await env.anon_client()
        await h.muc_enter(youths[nick], ROOM, nick)
    recs = [h.record(y, lambda s: s.name == "message")
            for y in youths.values()]
    typed = []

    async def say(title, text):
        typed.append(text)
        await desk.ui("say", title, text, WAIT)

    async def shot(name, window=None):
        if shots is None:
            return
        raw = desk.work / "raw.png"
        # The main window: 1000x600 at 0,0 (openbox's frame included);
        # else the X window given.
        crop = ["-window", "root", "-crop", "1000x600+0+0", "+repage"] \
            if window is None else ["-window", window]
        subprocess.run(["import", "-display", desk.display, *crop,
                        str(raw)], check=True)
        subprocess.run(["convert", str(raw), "-strip", "+dither",
                        "-colors", "256", f"PNG8:{shots / name}"],
                       check=True)

    async with steps("join"):
        await desk.start()
        profile = desk.home / "gajim"
        for mode, account in (("staff", WORKER), ("admin", h.ADMIN)):
            subprocess.run(gajim_profile(
                desk, profile, env.c2s_port, mode, account), check=True,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        here = h.expect(youths["Kettu"], lambda s: s.name == "presence"
                        and h.from_of(s) == f"{ROOM}/{WORKER_NAME}",
                        "Gajim in the room")
        back = h.expect(admin, lambda s: s.name == "presence"
                        and h.from_of(s) == f"{BACK}/{WORKER_NAME}",
                        "Gajim in the back room")
        await desk.spawn("gajim", desk.as_user(["gajim", "-c",
                                                str(profile)]))
        await here.wait(timeout=60)
        await back.wait(timeout=WAIT)
        await desk.ui("wait-app", WAIT)
        await desk.ui("open-chat", TITLE, WAIT)
        # The window where the screenshots expect it.
        subprocess.run(["xdotool", "search", "--sync", "--onlyvisible",
                        "--name", "^Gajim$", "windowmove", "0", "0",
                        "windowsize", "1000", "600"], check=True,
                       env={**os.environ, "DISPLAY": desk.display},
                       stdout=subprocess.DEVNULL, timeout=WAIT)

    q1 = "Can I ride a moped with a friend on the back?"
    async with steps("question"):
        await ask(youths["Kettu"], q1)
        # From the room's moderation desk (room/Moderation), marked as a
        # private message (<x xmlns=muc#user/>, §7.5): Gajim 1.7 shows it
        # in a private chat of its own. (From the room's bare address it
        # showed in the group chat's view only once that was opened
        # again, and without the mark inside the group chat.)
        await desk.ui("wait-row", DESK_TITLE, "ok 1 (publish)", WAIT)
        await desk.ui("wait-text", DESK_TITLE, "Question #1 from Kettu",
                      WAIT)
        await shot("gajim-queue-question.png")

    async with steps("ok-in-room"):
        seen = h.expect(youths["Sisu"], published("Kettu", q1), "published")
        await say(TITLE, "ok 1")
        await seen.wait(timeout=WAIT)
        await desk.ui("wait-text", TITLE, q1, WAIT)
        await desk.ui("wait-row", DESK_TITLE, "Published #1.", WAIT)
        await shot("gajim-queue-approved.png")

    async with steps("no-at-desk"):
        await ask(youths["Sisu"], "what is the officer's home address")
        await desk.ui("wait-text", DESK_TITLE, "Question #2 from Sisu", WAIT)
        told = h.expect(youths["Sisu"], rejected("no personal questions"),
                        "rejection")
        await say(DESK_TITLE, "no 2 no personal questions")
        await told.wait(timeout=WAIT)
        await desk.ui("wait-text", DESK_TITLE, "Rejected #2.", WAIT)

    q3 = "Where do I report a stolen bike?"
    async with steps("ok-in-back"):
        # The back room's copy is a group chat message from its desk's
        # nick, which Gajim 1.7.3 draws (one from the room's bare address
        # it failed to: "_on_gc_message_received" in its log).
        await desk.ui("open-chat", BACK_TITLE, WAIT)
        await ask(youths["Pulu"], q3)
        await desk.ui("wait-text", BACK_TITLE, "Question #3 from Pulu", WAIT)
        seen = h.expect(youths["Kettu"], published("Pulu", q3), "published")
        await say(BACK_TITLE, "ok 3")
        await seen.wait(timeout=WAIT)
        await desk.ui("wait-text", BACK_TITLE, "Published #3.", WAIT)

    async with steps("no-in-back"):
        await ask(youths["Pulu"], "lol spam spam spam")
        await desk.ui("wait-text", BACK_TITLE, "Question #4 from Pulu", WAIT)
        told = h.expect(youths["Pulu"], rejected("please ask a real question"),
                        "rejection")
        await say(BACK_TITLE, "no 4 please ask a real question")
        await told.wait(timeout=WAIT)
        await desk.ui("wait-text", BACK_TITLE, "Rejected #4.", WAIT)
        await shot("gajim-back-room.png")

    async with steps("report"):
        thanked = h.expect(youths["Sisu"], lambda s: s.name == "message"
                           and h.from_of(s) == ROOM and "moderators have "
                           "your report" in (s["body"] or ""), "thanks")
        youths["Sisu"].make_message(
            mto=ROOM, mtype="chat",
            mbody="report Pulu keeps spamming me").send()
        await thanked.wait(timeout=WAIT)
        await desk.ui("wait-text", DESK_TITLE, "Report from Sisu", WAIT)

    async with steps("voice"):
        muted = h.expect(youths["Pulu"], role_of("Pulu", "visitor"),
                         "voice revoked")
        await say(TITLE, "/role Pulu visitor")
        await muted.wait(timeout=WAIT)
        voiced = h.expect(youths["Pulu"], role_of("Pulu", "participant"),
                          "voice granted")
        await say(TITLE, "/role Pulu participant")
        await voiced.wait(timeout=WAIT)

    async with steps("kick"):
        kicked = h.expect(youths["Pulu"], lambda s: s.name == "presence"
                          and h.from_of(s) == f"{ROOM}/Pulu"
                          and s["type"] == "unavailable"
                          and "307" in h.muc_codes(s), "kicked")
        gone = h.expect(youths["Kettu"], lambda s: s.name == "presence"
                        and h.from_of(s) == f"{ROOM}/Pulu"
                        and s["type"] == "unavailable"
                        and "307" in h.muc_codes(s), "others see the kick")
        await say(TITLE, "/kick Pulu spamming")
        await kicked.wait(timeout=WAIT)
        await gone.wait(timeout=WAIT)
        await shot("gajim-moderation.png")

    async with steps("nothing-leaked"):
        # Everything the youths got, up to a round trip after the last step.
        for y in youths.values():
            if y is not youths["Pulu"]:
                await h.sync_with_room(y, ROOM)
        for rec in recs:
            rec.stop()
            for s in rec.stanzas:
                body = s["body"] or ""
                # (Gajim's chat states do reach them: "composing" while
                # the worker types "ok 1", with no body.)
                assert not body or h.from_of(s) != f"{ROOM}/{WORKER_NAME}", \
                    f"a youth got the worker's message: {h.to_string(s)}"
                assert not any(t == body or t in body.split(": ", 1)[-1]
                               and t.startswith(("ok", "no", "/"))
                               for t in typed), \
                    f"a youth got what the worker typed: {h.to_string(s)}"

    async with steps("ban"):
        # Gajim 1.7 offers Ban only for those whose address it sees
        # (nobody here): "ban NICK reason" written to the desk.
        banned = h.expect(youths["Kettu"], lambda s: s.name == "presence"
                          and h.from_of(s) == f"{ROOM}/Kettu"
                          and s["type"] == "unavailable"
                          and "301" in h.muc_codes(s), "banned")
        await say(DESK_TITLE, "ban Kettu spamming again")
        await banned.wait(timeout=WAIT)
        await desk.ui("wait-text", DESK_TITLE, "Kettu is banned", WAIT)

    async with steps("adhoc-refused"):
        # A room of its own, so that its new hours close no room of the
        # day.
        await h.create_room(admin, "evening", title=EVENING_TITLE)
        # As an admin finds the commands (docs/admin.md "From Gajim"):
        # the account's Discover Services, the service's row, Command.
        await desk.ui("menu", f"Accounts > {h.ADMIN[0]} > "
                      "Discover Services…", WAIT)
        await desk.ui("disco-command", h.COMPONENT, WAIT)
        await desk.ui("adhoc-run", "Set opening hours", WAIT)
        await desk.ui("form-fill", f"Room={EVENING_TITLE}",
                      f"Weekly slots={BAD_SLOTS}", WAIT)
        await desk.ui("form-press", "Complete", WAIT)
        shown = json.loads(await desk.ui("form-read", "Stage", REFUSED,
                                         WAIT))
        fields = shown["fields"]
        assert fields.get("Room") == EVENING_TITLE and \
            fields.get("Weekly slots") == BAD_SLOTS, \
            f"the form came back without what was typed: {shown}"
        assert shown["notes"][0] == REFUSED, shown
        _, hours = await h.run_command(admin, "schedule-show",
                                       {"room": EVENING})
        assert hours.form.fields["slots"].values == [], \
            f"stored after the refusal: {hours}"
        if shots is not None:
            # The command window alone (without openbox's frame).
            wid = subprocess.run(
                ["xdotool", "search", "--onlyvisible", "--name", "^Stage$"],
                check=True, text=True, capture_output=True, timeout=WAIT,
                env={**os.environ, "DISPLAY": desk.display}).stdout.split()
            await shot("gajim-adhoc-refused.png", window=wid[0])
        await desk.ui("form-fill", f"Weekly slots={GOOD_SLOTS}", WAIT)
        await desk.ui("form-press", "Complete", WAIT)
        done = json.loads(await desk.ui("form-read", "Completed",
                                        "Opening hours of", WAIT))
        assert any(f"Opening hours of {EVENING} saved (weekly slots: 2, "
                   "exceptions: 0" in n for n in done["notes"]), done
        _, hours = await h.run_command(admin, "schedule-show",
                                       {"room": EVENING})
        assert hours.form.fields["slots"].values == \
            GOOD_SLOTS.split("\n"), f"not stored: {hours}"


class Steps:
    """Named steps: PASS/FAIL lines; after a failure the rest are not
    run (they need the ones before) and count as failed."""

    def __init__(self, names):
        self.names = list(names)
        self.passed = self.failed = 0
        self.broken = None

    def __call__(self, name):
        return _Step(self, name)

    def finish(self):
        for name in self.names:
            print(f"FAIL {name} (not run: {self.broken} failed)", flush=True)
            self.failed += 1


class _Step:
    def __init__(self, steps, name):
        self.steps, self.name = steps, name

    async def __aenter__(self):
        self.t0 = time.monotonic()
        self.steps.names.remove(self.name)

    async def __aexit__(self, etype, exc, tb):
        took = f"{time.monotonic() - self.t0:.1f} s"
        if etype is None:
            print(f"PASS {self.name} ({took})", flush=True)
            self.steps.passed += 1
            return False
        print(f"FAIL {self.name} ({took}): {exc!r}", flush=True)
        self.steps.failed += 1
        self.steps.broken = self.name
        return False


STEPS = ("join", "question", "ok-in-room", "no-at-desk", "ok-in-back",
         "no-in-back", "report", "voice", "kick", "nothing-leaked",
         "ban", "adhoc-refused")


async def run_day(name, client, day, desk, work, shots, steps, keep):
    """Runs day(env, desk, shots, steps) in an Env called NAME with the
    admin, the user and the worker: after a failed step the rest count
    as failed, the screen goes to WORK/failed.png and WORK stays (the Env
    keeps its own dir: Prosody's and ecopper's logs). Prints the tier's
    last lines ("NAME: N passed, N failed"); returns the exit status."""
    t0 = time.monotonic()
    ok = False
    try:
        async with h.Env(name, accounts=(h.ADMIN, h.USER, WORKER),
                         keep=keep) as env:
            try:
                await day(env, desk, shots, steps)
            except Exception as e:  # a step failed: reported there
                if steps.broken is None:
                    print(f"FAIL setup: {e!r}", flush=True)
                    steps.failed += 1
                    steps.broken = "setup"
            finally:
                if steps.failed and desk.display:
                    subprocess.run(["import", "-display", desk.display,
                                    "-window", "root",
                                    str(work / "failed.png")])
                await desk.stop()
            if steps.failed:
                raise StepFailed("kept for the logs")
        ok = not steps.failed
    except StepFailed:
        pass
    finally:
        steps.finish()
        if ok and not keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"kept {work} ({client}'s log, failed.png)", flush=True)
    print(f"took {time.monotonic() - t0:.0f} s", flush=True)
    print(f"{name}: {steps.passed} passed, {steps.failed} failed",
          flush=True)
    return 0 if not steps.failed else 1


async def main(args):
    shots = None if args.no_shots else Path(args.shots).resolve()
    if shots:
        shots.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="ecopper-gajim-"))
    return await run_day("desktop", "Gajim", day, Desktop(work), work,
                         shots, Steps(STEPS), args.keep)


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shots", default=str(REPO / "docs" / "images"))
    ap.add_argument("--no-shots", action="store_true")
    ap.add_argument("--keep", action="store_true")
    sys.exit(asyncio.run(main(ap.parse_args())))
