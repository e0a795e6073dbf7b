"""Statistics (issue 16): a scripted session with known numbers, and a
second one in the next month, give exactly those figures in the
statistics command, for a session, a month and a range of dates, and in
its CSV. Visitors are counted by a keyed hash whose key is the month's:
the same account in two months counts once in each, and the last month's
key is gone once the month is over. The service clock is moved with
set-clock (-T); every instant comes from the date base (when.py)."""
import re
import sqlite3

import harness as h
import when as w
from test_moderation_roles import admin_set, join
from test_opening_hours import ROOM, ZONE, set_clock
from test_question_queue import ask

# ecopper's own logic, which no server changes: run on Prosody only
# (runner.py).
ONE_SERVER = "the statistics are ecopper's counts and commands"

OFFICER = "Officer Mikko"
WORKER = "Youth worker Anna"
WORKER_JID = ("anna@localhost", "annapass")
# The two sessions, 16:00-18:00 local: the scenario Monday, and the first
# day of the month after it.
FIRST, SECOND = w.MONDAY, w.next_month(w.MONDAY)
MONTH1, MONTH2 = FIRST.strftime("%Y-%m"), SECOND.strftime("%Y-%m")
HEADER = ("session,room,opened,closed,unique_visitors,peak_youths,"
          "staff_on_duty,messages,questions_asked,questions_published,"
          "questions_rejected,reports,kicks,bans,questions_answered,"
          "median_answer_s,p90_answer_s")
FIGURES = ("visitors", "peak_youths", "staff", "messages", "asked",
           "published", "rejected", "reports", "kicks", "bans", "answered",
           "median_answer", "p90_answer")
# What the script below makes happen, figure by figure (FIGURES' order).
SESSION1 = ("3", "3", "2", "6", "4", "3", "1", "1", "1", "1", "3", "120",
            "300")
SESSION2 = ("2", "2", "1", "2", "2", "1", "0", "0", "0", "0", "1", "90",
            "90")
# Both: visitors and staff per month, added (kid1 and the officer count
# once in each month); delays 90 120 120 300: median 120, p90 the 4th.
BOTH = ("5", "3", "3", "8", "6", "4", "1", "1", "1", "1", "4", "120", "300")


def at(date, hhmm):
    return w.local(date, hhmm)


async def setup(env):
    """ecopper in test mode; room ask with the question queue, open on
    the two dates; an officer (user@) and a youth worker who moderates
    (anna@) in the registry. Returns the admin's client."""
    await env.start_ecopper(args=["-T"], timezone=ZONE)
    admin = await env.admin()
    first, last = await h.run_command(admin, "create-room", {
        "name": "ask", "mode": "queue", "slots": [],
        "exceptions": [f"{FIRST} extra 16:00-18:00",
                       f"{SECOND} extra 16:00-18:00"]})
    h.expect_completed(last, "create-room")
    for jid, name, title, role in ((h.USER[0], OFFICER, "Police officer",
                                    "participant"),
                                   (WORKER_JID[0], WORKER, "Youth worker",
                                    "moderator")):
        first, last = await h.run_command(admin, "staff-add", {
            "jid": jid, "name": name, "title": title,
            "organisation": "City of Oulu", "role": role})
        h.expect_completed(last, f"staff-add {name}")
    env.register(*WORKER_JID)
    return admin


async def approve(admin, watcher, n, nick, text, when):
    """At `when`, the moderator publishes question n; watcher sees it."""
    await set_clock(admin, when)
    await h.wait_for(watcher, h.is_groupchat_body(ROOM, text, nick),
                     action=admin.make_message(mto=ROOM, mtype="chat",
                                               mbody=f"ok {n}").send,
                     what=f"question {n} published")


async def answer(officer, text, when, admin):
    await set_clock(admin, when)
    await h.muc_say(officer, ROOM, text)


def from_room(part):
    """A notice from the room (to a youth) or its desk (to staff)."""
    return lambda s: s.name == "message" and \
        h.is_from_room_or_desk(s, ROOM) and part in (s["body"] or "")


async def statistics(client, values):
    """Runs statistics; returns (first step, result form's values by var,
    the CSV's lines)."""
    first, last = await h.run_command(client, "statistics", values)
    assert not first.error, str(first)
    h.expect_completed(last, f"statistics {values}")
    f = last.form
    assert f.type == "result", str(last)
    return first, {v: fl.value for v, fl in f.fields.items()}, \
        f.fields["csv"].values


def csv_row(label, opened, closed, figures):
    return ",".join([label, "ask", opened, closed, *figures])


@h.dated
async def test_scripted_sessions_give_their_statistics(env):
    admin = await setup(env)
    officer = await env.user()
    worker = await env.client(*WORKER_JID)
    kids = [await env.anon_client() for _ in range(4)]
    kid1, kid2, kid3, kid4 = kids

    # --- the first session --------------------------------------------
    # The officer is in for the preparation time: on duty from the start.
    await set_clock(admin, at(FIRST, "15:45"))
    await join(admin, "Moderator")
    await h.muc_enter(officer, ROOM, OFFICER)
    await set_clock(admin, at(FIRST, "16:00"))
    await h.muc_enter(worker, ROOM, WORKER)
    for i, kid in enumerate((kid1, kid2, kid3)):
        await h.muc_enter(kid, ROOM, f"kid{i + 1}")
    # kid1 comes back: two entries, one visitor.
    await h.muc_leave(kid1, ROOM, "kid1")
    await h.muc_enter(kid1, ROOM, "kid1")

    # Four questions; three published, one rejected.
    q = {1: "Can I ride a moped at 14?", 2: "Is vaping legal at 16?",
         3: "What is the officer's home address?",
         4: "Who do I call about bullying?"}
    n1 = await ask(admin, kid1, q[1])
    n2 = await ask(admin, kid2, q[2])
    n3 = await ask(admin, kid3, q[3])
    await approve(admin, officer, n1, "kid1", q[1], at(FIRST, "16:10"))
    await approve(admin, officer, n2, "kid2", q[2], at(FIRST, "16:10"))
    await h.wait_for(kid3, from_room("not published"),
                     action=admin.make_message(
                         mto=ROOM, mtype="chat",
                         mbody=f"no {n3} no personal questions").send,
                     what="rejection")
    # The officer answers both two minutes after they were published.
    await answer(officer, "Both good questions: at 15, and no.",
                 at(FIRST, "16:12"), admin)
    n4 = await ask(admin, kid1, q[4])
    await approve(admin, officer, n4, "kid1", q[4], at(FIRST, "16:20"))
    await answer(officer, "Call us or a youth worker any time.",
                 at(FIRST, "16:25"), admin)
    # Answers nothing: no question waits.
    await answer(officer, "Anything else?", at(FIRST, "16:30"), admin)
    await h.wait_for(admin, from_room("Report from kid2"),
                     action=kid2.make_message(
                         mto=ROOM, mtype="chat",
                         mbody="report kid3 keeps insulting me").send,
                     what="report")
    h.expect_result(await admin_set(admin, "<item nick='kid3' role='none'/>"),
                    "kick")
    h.expect_result(await admin_set(
        admin, "<item nick='kid2' affiliation='outcast'/>"), "ban")
    await set_clock(admin, at(FIRST, "18:00"))
    await h.muc_leave(worker, ROOM, WORKER)

    # --- the next month's session -------------------------------------
    # The officer stayed in: on duty again, counted at the opening.
    await set_clock(admin, at(SECOND, "16:00"))
    await h.muc_enter(kid1, ROOM, "kid1")
    await h.muc_enter(kid4, ROOM, "kid4")
    q5, q6 = "Can the police read my messages?", "Never answered?"
    n5 = await ask(admin, kid4, q5)
    await approve(admin, officer, n5, "kid4", q5, at(SECOND, "16:05"))
    await answer(officer, "Not without a court order.",
                 w.shift(at(SECOND, "16:05"), seconds=90), admin)
    await ask(admin, kid1, q6)  # still waiting at closing: dropped
    await set_clock(admin, at(SECOND, "18:00"))

    # --- what the command says ----------------------------------------
    first, month1, csv1 = await statistics(admin, {"room": ROOM,
                                                   "month": MONTH1})
    sessions = {label: value for label, value in
                first.form.fields["session"].options}
    ids = {}
    for label, value in sessions.items():
        m = re.match(r"ask: (\S+) 16:00 \(#(\d+)\)$", label)
        assert m and m.group(2) == value, label
        ids[m.group(1)] = value
    id1, id2 = ids[str(FIRST)], ids[str(SECOND)]
    assert month1["period"] == MONTH1, month1
    assert month1["sessions"] == "1", month1
    assert tuple(month1[f] for f in FIGURES) == SESSION1, month1
    assert csv1 == [HEADER,
                    csv_row(id1, f"{FIRST} 16:00", f"{FIRST} 18:00",
                            SESSION1),
                    csv_row("total", "", "", SESSION1)], csv1

    # A session, asked by a member of staff.
    _, one, csv2 = await statistics(officer, {"room": ROOM, "session": id2})
    assert one["period"] == f"session #{id2}, opened {SECOND} 16:00", one
    assert tuple(one[f] for f in FIGURES) == SESSION2, one
    assert csv2[1] == csv_row(id2, f"{SECOND} 16:00", f"{SECOND} 18:00",
                              SESSION2), csv2
    _, month2, _ = await statistics(admin, {"room": ROOM, "month": MONTH2})
    assert tuple(month2[f] for f in FIGURES) == SESSION2, month2

    # The range over the month boundary.
    _, both, csv3 = await statistics(admin, {"room": ROOM,
                                             "from": str(FIRST),
                                             "to": str(SECOND)})
    assert both["sessions"] == "2", both
    assert tuple(both[f] for f in FIGURES) == BOTH, both
    assert csv3 == [HEADER,
                    csv_row(id1, f"{FIRST} 16:00", f"{FIRST} 18:00",
                            SESSION1),
                    csv_row(id2, f"{SECOND} 16:00", f"{SECOND} 18:00",
                            SESSION2),
                    csv_row("total", "", "", BOTH)], csv3

    # Only the running month's visitor key is left; the rows hold hashes.
    con = sqlite3.connect(f"file:{env.ecopper_db}?mode=ro", uri=True)
    try:
        keys = [r[0] for r in con.execute("SELECT month FROM visitor_keys")]
        months = [r[0] for r in con.execute(
            "SELECT month FROM sessions ORDER BY id")]
        hashes = [r[0] for r in con.execute(
            "SELECT hash FROM session_visitors")]
    finally:
        con.close()
    assert keys == [MONTH2], keys
    assert months == [MONTH1, MONTH2], months
    assert len(hashes) == 8 and all(re.fullmatch("[0-9a-f]{32}", x)
                                    for x in hashes), hashes


@h.dated
async def test_statistics_wants_one_period_and_staff(env):
    admin = await setup(env)
    youth = await env.anon_client()
    typed = {"room": ROOM, "month": MONTH1, "from": str(FIRST)}
    first, last = await h.run_command(admin, "statistics", typed)
    h.expect_refused(last, typed, what="a month and a from")
    typed = {"room": ROOM, "month": "January"}
    first, last = await h.run_command(admin, "statistics", typed)
    h.expect_refused(last, typed, what="month January")
    r = await h.command(youth, h.COMPONENT, "statistics")
    assert r.error and r.error.condition in ("forbidden", "item-not-found"), \
        str(r)
    # A period with no session: zeros, and a CSV of its header and total.
    _, empty, csv = await statistics(admin, {"room": ROOM,
                                             "month": MONTH1})
    assert empty["sessions"] == "0" and empty["visitors"] == "0", empty
    assert empty["median_answer"] == "", empty
    assert csv == [HEADER, "total,ask,,,0,0,0,0,0,0,0,0,0,0,0,,"], csv
