"""Anonymised transcripts of a session (issue 16): what was said, under
nicknames, with staff marked, and what the moderators did, in time order;
from the session-transcript command and from `ecopper --transcript`; no
address, occupant-id or account key in either."""
import re

import harness as h
import when as w
from test_moderation_roles import NS_USER
from test_staff import add_staff

# ecopper's own logic, which no server changes: run on Prosody only
# (runner.py).
ONE_SERVER = "transcripts are ecopper's archive and commands"

ROOM = f"kysy@{h.COMPONENT}"


async def scripted_session(env):
    """A queue room open Mondays 16-18; on the scenario Monday a youth's
    question is published and answered, another youth is removed, a
    third reports; then the session closes. Returns (admin, the youths'
    clients, what the transcript must hold)."""
    await env.start_ecopper(args=["-T"], timezone=w.ZONE)
    admin = await env.admin()
    _, last = await h.run_command(admin, "create-room", {
        "name": "kysy", "mode": "queue", "slots": ["mon 16:00-18:00"]})
    h.expect_completed(last, "create-room")
    await add_staff(admin, "anna@localhost", "Youth worker Anna",
                    title="Youth worker", role="moderator")
    env.register("anna@localhost", "annapass")

    async def at(hhmm):
        _, done = await h.run_command(admin, "set-clock",
                                      {"now": f"{w.MONDAY} {hhmm}"})
        h.expect_completed(done, f"set-clock {hhmm}")

    await at("16:05")
    anna = await env.client("anna@localhost", "annapass")
    await h.muc_enter(anna, ROOM, "Youth worker Anna")
    kettu = await env.anon_client()
    await h.muc_enter(kettu, ROOM, "Kettu")
    troll = await env.anon_client()
    await h.muc_enter(troll, ROOM, "Troll")
    await at("16:10")
    question = "Saako mopolla ajaa kahdestaan?\nKiitos"
    held = await h.wait_for(
        anna, lambda s: s.name == "message" and "Saako" in (s["body"] or ""),
        action=kettu.make_message(mto=ROOM, mtype="groupchat",
                                  mbody=question).send, what="held")
    n = int(re.search(r"#(\d+)", held["body"]).group(1))
    await h.wait_for(kettu, lambda s: s.name == "message"
                     and s["type"] == "groupchat" and "Saako" in
                     (s["body"] or ""),
                     action=anna.make_message(mto=ROOM, mtype="chat",
                                              mbody=f"ok {n}").send)
    await at("16:12")
    await h.muc_say(anna, ROOM, "Ei saa, mopo on yhden hengen.",
                    observers=(kettu,))
    await at("16:13")
    kicked = h.expect(troll, lambda s: s.name == "presence"
                      and s["type"] == "unavailable", "kicked")
    r = await h.send_iq(anna, ROOM,
                        f"<query xmlns='{h.NS_MUC}#admin'><item nick='Troll' "
                        "role='none'><reason>Kiusaaminen</reason></item>"
                        "</query>", itype="set")
    h.expect_result(r, "kick")
    await kicked.wait()
    await at("16:14")
    await h.wait_for(kettu, lambda s: s.name == "message"
                     and s["type"] == "chat" and h.from_of(s) == ROOM,
                     action=kettu.make_message(
                         mto=ROOM, mtype="chat",
                         mbody="report Troll kiusasi minua").send,
                     what="report acknowledged")
    await at("18:05")
    want = [
        "16:10:00  * Youth worker Anna [staff] published a question of Kettu",
        "16:10:00  Kettu: Saako mopolla ajaa kahdestaan? Kiitos",
        "16:12:00  Youth worker Anna [staff]: Ei saa, mopo on yhden hengen.",
        "16:13:00  * Youth worker Anna [staff] removed Troll from the room: "
        "Kiusaaminen",
        "16:14:00  * Kettu reported to the moderators: Troll kiusasi minua",
    ]
    return admin, (kettu, troll), want


def no_identities(text, youths):
    for y in youths:
        assert y.boundjid.bare not in text, f"{y.boundjid.bare} in {text}"
        assert y.boundjid.domain not in text, text
    assert "anon-" not in text and "banned-" not in text, text
    # Occupant-ids are 16 characters of base64, stanza-ids 16 of
    # base64url (32 hex digits before issue 17).
    assert not re.search(r"(?<![\w+/-])[A-Za-z0-9+/_-]{16,}(?![\w+/-])",
                         text), \
        f"an occupant-id-like token in the transcript: {text}"


@h.dated
async def test_a_session_transcript_names_nicks_and_what_moderators_did(env):
    admin, youths, want = await scripted_session(env)
    first = await h.command(admin, h.COMPONENT, "session-transcript")
    assert first.status == "executing" and "room" in first.form.fields
    second = await h.command(admin, h.COMPONENT, "session-transcript",
                             action="next", sessionid=first.sessionid,
                             form={"room": "kysy"})
    assert not second.error, second
    sessions = second.form.fields["session"].options
    # The session opened when the clock reached it (16:05).
    assert len(sessions) == 1 and sessions[0][0] == \
        f"Monday {w.date_text('en', w.MONDAY)} 16.05 (2 youths, 2 messages)", \
        sessions
    last = await h.command(admin, h.COMPONENT, "session-transcript",
                           action="complete", sessionid=first.sessionid,
                           form={"room": ROOM, "session": sessions[0][1]})
    h.expect_completed(last, "session-transcript")
    lines = last.form.fields["transcript"].values
    text = "\n".join(lines)
    assert lines[0] == f"Transcript of {ROOM}", lines
    assert lines[1].startswith(f"Session: Monday {w.MONDAY} 16:05 to "
                               f"Monday {w.MONDAY} 18:0") and \
        lines[1].endswith(f"({w.ZONE}), opened by the schedule"), lines
    body = [line for line in lines if line[:2].isdigit() and ":" in line[:3]]
    assert body == want, text
    no_identities(text, youths)

    # The same text from the command line, for a file.
    rc, out = await env.run_ecopper(["-c", env.dir / "ecopper.conf",
                                     "--transcript", "kysy"])
    assert rc == 0, out
    assert out.strip().splitlines() == [line for line in lines], out
    rc, out = await env.run_ecopper(["-c", env.dir / "ecopper.conf",
                                     "--transcript", "kysy:2"])
    assert rc == 1 and "no session 2" in out, out


async def test_transcripts_are_for_admins_and_staff_only(env):
    await env.start_ecopper()
    user = await env.user()
    r = await h.command(user, h.COMPONENT, "session-transcript")
    assert r.error and r.error.condition == "forbidden", r
