"""webtest.py - the Python half of the web scenarios: starts a browser
script (tests/web/*.mjs, Node with playwright-core driving Debian's
chromium) against the Env's Prosody HTTP server and follows its steps.

    b = await Browser.start(env, "youth_flow.mjs", {...options...})
    msg = await b.step("entered")       # the script's next JSON line
    b.send("go")                        # a line to the script's stdin
    assert await b.finish() == 0

The script's JSON lines are described at its top. A step of another name
(an "error" line, say) or the script's exit fails the scenario with what
it said; its stderr is node.err in the scenario's temp dir, its
screenshots and browser.log under tests/out/web/NAME ($ECOPPER_WEB_OUT
instead of tests/out).

With $ECOPPER_SCREENSHOTS set to a directory, the scenarios that give
"doc_shots" (a moment's key -> file name) also save those pictures of
the page there, for the docs (docs/screens/make-web-screens.sh); unset,
the scripts take none.
"""
import asyncio
import json
import os
import signal
import xml.etree.ElementTree as ET
from pathlib import Path

import harness as h

HERE = Path(__file__).resolve().parent
OUT = Path(os.environ.get("ECOPPER_WEB_OUT", h.REPO / "tests" / "out")) \
    / "web"
STEP_TIMEOUT = 45  # seconds for one step of a browser script
# Where the docs' pictures go (make-web-screens.sh), if anywhere.
DOC_DIR = os.environ.get("ECOPPER_SCREENSHOTS") or None


def out_dir(name):
    """Where a scenario's screenshots go (tests/out/web/NAME)."""
    return OUT / name


class Browser:
    """A browser script as a child process in its own process group."""

    def __init__(self, proc, errlog, errfile):
        self.proc = proc
        self.errlog = errlog
        self._errfile = errfile
        self.lines = []

    @classmethod
    async def start(cls, env, script, options):
        errlog = env.dir / f"node-{Path(script).stem}.err"
        # chromium's profile in the temp dir: removed with it, or kept
        # with the logs of a failed scenario.
        options = dict(options, profile_parent=str(env.dir))
        if DOC_DIR and options.get("doc_shots"):
            # absolute: node runs in tests/web
            doc_dir = Path(DOC_DIR).resolve()
            doc_dir.mkdir(parents=True, exist_ok=True)
            options["doc_dir"] = str(doc_dir)
        errfile = open(errlog, "wb")
        try:
            proc = await asyncio.create_subprocess_exec(
                "node", str(HERE / script), json.dumps(options),
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE, stderr=errfile, cwd=HERE,
                # Its own group (kill() ends node and chromium together);
                # SIGKILL if the test runner dies.
                start_new_session=True, preexec_fn=h._die_with_parent)
        except BaseException:
            errfile.close()
            raise
        return cls(proc, errlog, errfile)

    async def step(self, name, timeout=STEP_TIMEOUT):
        """The script's next line, which must be step name; returns it."""
        try:
            raw = await asyncio.wait_for(self.proc.stdout.readline(),
                                         timeout)
        except asyncio.TimeoutError:
            raise AssertionError(f"browser: no {name!r} step within "
                                 f"{timeout} s") from None
        if not raw:
            await self.proc.wait()
            raise AssertionError(
                f"browser script exited ({self.proc.returncode}) before "
                f"{name!r}:\n{h.tail(self.errlog)}")
        try:
            msg = json.loads(raw)
        except ValueError:
            raise AssertionError(f"browser: not a JSON line: {raw!r}") \
                from None
        self.lines.append(msg)
        if msg.get("step") != name:
            log = msg.get("log")
            raise AssertionError(
                f"browser: expected step {name!r}, got {msg}" +
                (f"\n---- tail of {log}\n{h.tail(log, 25)}" if log else ""))
        return msg

    def send(self, line):
        """One line to the script's stdin."""
        self.proc.stdin.write(line.encode() + b"\n")

    async def finish(self, timeout=15):
        """Waits for the script to exit; returns its exit code."""
        if self.proc.stdin and not self.proc.stdin.is_closing():
            self.proc.stdin.close()
        try:
            return await asyncio.wait_for(self.proc.wait(), timeout)
        except asyncio.TimeoutError:
            self.kill()
            raise AssertionError("browser script did not exit within "
                                 f"{timeout} s") from None
        finally:
            self._errfile.close()

    def kill(self):
        """SIGKILL to the script and its browser (its process group)."""
        if self.proc.returncode is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self._errfile.close()


async def add_staff(admin, jid, name, title, org, role="participant"):
    """Registers jid as staff with ecopper's staff-add command."""
    first, last = await h.run_command(admin, "staff-add", {
        "jid": jid, "name": name, "title": title, "organisation": org,
        "role": role})
    assert not first.error, str(first)
    h.expect_completed(last, f"staff-add {name}")


async def officer_in_room(env, name="Officer Mikko", room="ask",
                          title="Kysy poliisilta"):
    """ecopper started, room created (titled), user@localhost registered
    as staff (name, a police officer) and in the room; returns (admin,
    officer)."""
    await env.start_ecopper()
    admin = await env.admin()
    await h.create_room(admin, room, title=title)
    await add_staff(admin, h.USER[0], name, "Police officer", "Oulu police")
    officer = await env.user()
    pres = officer.make_presence(pto=f"{room}@{h.COMPONENT}/mikko")
    pres.append(ET.Element(f"{{{h.NS_MUC}}}x"))
    await h.wait_for(officer, lambda s: s.name == "presence"
                     and "110" in h.muc_codes(s), action=pres.send,
                     what="officer in the room")
    return admin, officer
