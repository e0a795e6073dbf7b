"""The weekly session from admin.md alone (issue 15): the commands of the
section "A weekly session, step by step" are taken from the doc as they
are written there and run with the doc's own ecopper-adhoc script (from
"From a script (slixmpp)"), with only the example addresses and the
password replaced by the test server's. Then, on the scenario Monday at
16:05, a youth and the youth worker the recipe registered enter: the
session is open, the question waits, the moderator publishes it."""
import asyncio
import os
import re
import shlex
import stat

import harness as h
import when as w

DOC = h.REPO / "docs" / "admin.md"
ROOM = f"kysy@{h.COMPONENT}"
BACK = f"kysy-staff@{h.COMPONENT}"

# The doc's example names -> the test server's. Nothing else changes.
NAMES = [("admin@example.org", "admin@localhost"),
         ("muc.example.org", h.COMPONENT),
         ("@staff.example.org", "@localhost")]
PASSWORD = ("secret", "adminpass")


def section(text, heading):
    """The text of a markdown section, up to the next heading of its
    level or above (lines in code blocks are not headings)."""
    level = len(heading.split(" ", 1)[0])
    lines = text[text.index(heading + "\n"):].splitlines(keepends=True)
    out, fenced = [], False
    for line in lines[1:]:
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and re.match(rf"#{{1,{level}}} ", line):
            break
        out.append(line)
    return "".join(out)


def code_block(text, lang):
    m = re.search(rf"^```{lang}\n(.*?)^```", text, re.M | re.S)
    assert m, f"no ```{lang} block"
    return m.group(1)


def commands(block):
    """The shell commands of a block: continuations joined, comments and
    blank lines left out, each split as the shell would."""
    out, line = [], ""
    for raw in block.splitlines():
        if not line and (not raw.strip() or raw.lstrip().startswith("#")):
            continue
        if raw.endswith("\\"):
            line += raw[:-1]
            continue
        out.append(shlex.split(line + raw))
        line = ""
    return out


def localize(arg):
    if arg == PASSWORD[0]:
        return PASSWORD[1]
    for old, new in NAMES:
        arg = arg.replace(old, new)
    return arg


def recipe(tmp):
    """(the script's path, the recipe's commands) from admin.md."""
    doc = DOC.read_text(encoding="utf-8")
    script = tmp / "ecopper-adhoc"
    script.write_text(code_block(section(doc, "### From a script (slixmpp)"),
                      "python"), encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    cmds = commands(code_block(section(
        doc, "## A weekly session, step by step"), "sh"))
    return script, cmds


async def run(env, script, argv):
    """Runs one recipe command; returns its output. The script's shebang
    is Debian's python3, as the doc says."""
    assert argv[0] == "./ecopper-adhoc", f"not the doc's script: {argv}"
    proc = await asyncio.create_subprocess_exec(
        str(script), *[localize(a) for a in argv[1:]],
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
        env={**os.environ,
             "ECOPPER_ADHOC_SERVER": f"127.0.0.1:{env.c2s_port}"})
    out, _ = await asyncio.wait_for(proc.communicate(), 60)
    out = out.decode()
    assert proc.returncode == 0, f"{' '.join(argv[:5])}...: exit " \
        f"{proc.returncode}:\n{out}"
    return out


@h.dated
async def test_weekly_session_from_admin_md(env):
    await env.start_ecopper(args=["-T"], timezone=w.ZONE)
    script, cmds = recipe(env.dir)
    assert [c[4] for c in cmds] == ["create-room", "create-room",
                                    "staff-import", "schedule-show"], cmds
    env.register("anna@localhost", "annapass")
    outs = [await run(env, script, argv) for argv in cmds]

    # Set up as the doc says, on Saturday: closed until Monday 16:00.
    assert f"Room {ROOM} created (queue). Closed; next session Monday " \
        f"{w.date_text('en', w.MONDAY)} 16.00." in outs[0], outs[0]
    assert f"Room {BACK} created (open)." in outs[1], outs[1]
    assert "Imported 2 members of staff (2 new, 0 updated)" in outs[2], \
        outs[2]
    assert "mon 16:00-18:00" in outs[3] and w.ZONE in outs[3] and \
        f"Monday {w.date_text('en', w.MONDAY)} 16.00" in outs[3], outs[3]

    # Monday 16:05 local: the session is open.
    admin = await env.admin()
    first, last = await h.run_command(admin, "set-clock",
                                      {"now": f"{w.MONDAY} 16:05"})
    h.expect_completed(last, "set-clock")
    anna = await env.client("anna@localhost", "annapass")
    # Her registered name and the moderator's role, whatever she asks.
    entered = await h.muc_enter(anna, ROOM, "Youth worker Anna")
    assert h.muc_item(entered.self_presence).get("role") == "moderator", \
        h.to_string(entered.self_presence)
    await h.muc_enter(anna, BACK, "Youth worker Anna")

    youth = await env.anon_client()
    await h.muc_enter(youth, ROOM, "Kettu")
    question = "Saako mopolla ajaa kahdestaan?"
    waiting = h.expect(youth, lambda s: s.name == "message"
                       and h.from_of(s) == ROOM
                       and "moderator" in (s["body"] or ""), "waiting")
    held = await h.wait_for(
        anna, lambda s: s.name == "message" and h.from_of(s) == h.desk(BACK)
        and question in (s["body"] or ""),
        action=youth.make_message(mto=ROOM, mtype="groupchat",
                                  mbody=question).send,
        what="the question in the back room")
    await waiting.wait()
    n = int(re.search(r"#(\d+)", held["body"]).group(1))
    got = await h.wait_for(
        youth, h.is_groupchat_body(ROOM, question, "Kettu"),
        action=anna.make_message(mto=BACK, mtype="groupchat",
                                 mbody=f"ok {n}").send,
        what="the question published")
    assert got is not None
