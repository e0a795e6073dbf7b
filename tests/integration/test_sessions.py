"""Sessions (issue 5): the room opens and closes by itself on its
schedule, with no traffic needed. At opening the greeting and the session's
subject; a warning before closing; at closing youths leave (322, with a
polite text naming the next session) while staff stay for the debrief, and
leave when that time is over. Moderators open now, close now and extend; a
restart resumes a session or applies the closing it missed; each session
is recorded with its counts. The service clock is moved with set-clock
(-T) or started at a given time (-t), never waited for; every instant
comes from the harness's date base (when.py)."""
import harness as h
import when as w
from when import date_text

from test_opening_hours import (ROOM, ZONE, SATURDAY_BEFORE, set_clock,
                                set_schedule, show, expect_closed,
                                error_text_and_lang)

# ecopper's own logic, which no server changes: run on Prosody only
# (runner.py).
ONE_SERVER = "the sessions' records are ecopper's database"

# The session: the scenario Monday, 16:00-18:00 in Helsinki.
MONDAY, NEXT_MONDAY = w.MONDAY, w.day(0, weeks=1)
MON_1530 = w.mon("15:30")
MON_1545 = w.mon("15:45")
MON_1600 = w.mon("16:00")
MON_1630 = w.mon("16:30")
MON_1750 = w.mon("17:50")
MON_1800 = w.mon("18:00")
MON_1820 = w.mon("18:20")
MON_1830 = w.mon("18:30")
OFFICER = "Officer Mikko"
WORKER = "Youth worker Anna"
WORKER_JID = ("anna@localhost", "annapass")


async def setup(env, args=("-T",), **hours):
    """ecopper in test mode, room ask with 'mon 16:00-18:00' (and the
    settings in hours), an officer (user@) and a youth worker who
    moderates (anna@). Returns the admin's client."""
    await env.start_ecopper(args=list(args), timezone=ZONE)
    admin = await env.admin()
    await h.create_room(admin, "ask")
    for jid, name, title, role in ((h.USER[0], OFFICER, "Police officer",
                                    "participant"),
                                   (WORKER_JID[0], WORKER, "Youth worker",
                                    "moderator")):
        first, last = await h.run_command(admin, "staff-add", {
            "jid": jid, "name": name, "title": title,
            "organisation": "City of Oulu", "role": role})
        h.expect_completed(last, f"staff-add {name}")
    env.register(*WORKER_JID)
    values = {"room": ROOM, "slots": ["mon 16:00-18:00"]}
    values.update(hours)
    first, last = await h.run_command(admin, "schedule-set", values)
    h.expect_completed(last, "schedule-set")
    return admin


def room_says(text_part):
    """Predicate: a groupchat body from the room itself holding text."""
    def pred(s):
        return (s.name == "message" and h.stanza_type(s) == "groupchat"
                and h.is_from_room_or_desk(s, ROOM)
                and text_part in (h.body_of(s) or ""))
    return pred


def removed(room_nick, self_=True):
    """Predicate: unavailable presence of room_nick with status 322."""
    def pred(s):
        codes = h.muc_codes(s)
        return (s.name == "presence" and h.from_of(s) == room_nick
                and h.stanza_type(s) == "unavailable" and "322" in codes
                and (("110" in codes) == self_))
    return pred


def reason_of(presence):
    item = h.muc_item(presence)
    r = item.find(f"{{{h.NS_MUC_USER}}}reason")
    return "" if r is None else (r.text or "")


async def sessions(client):
    first, last = await h.run_command(client, "session-log", {"room": ROOM})
    assert not first.error, str(first)
    h.expect_completed(last, "session-log")
    return last.form.items


@h.dated
async def test_staff_enter_in_preparation_time_youths_only_when_open(env):
    admin = await setup(env)
    officer = await env.user()
    youth = await env.anon_client()
    await set_clock(admin, SATURDAY_BEFORE)
    # Outside the 30 minutes before the session: staff wait too, told when.
    r = await h.muc_try_enter(officer, ROOM, OFFICER)
    h.expect_error(r, "not-allowed", "cancel", what="officer on Saturday")
    text, _ = error_text_and_lang(r)
    assert text == ("The room is closed now. Staff may enter from Monday "
                    f"{date_text('en', MONDAY)} at 15.30."), text
    # Admins always.
    await h.muc_enter(admin, ROOM, "Admin")
    await set_clock(admin, MON_1545)
    await h.muc_enter(officer, ROOM, OFFICER)
    await expect_closed(youth, "kid")
    await set_clock(admin, MON_1600)
    await h.muc_enter(youth, ROOM, "kid")


@h.dated
async def test_opening_greets_sets_subject_warns_and_closes(env):
    admin = await setup(env, subject="Traffic rules tonight")
    await set_clock(admin, MON_1545)
    officer = await env.user()
    await h.muc_enter(officer, ROOM, OFFICER)
    # 16:00: the greeting and the subject reach staff already in, with no
    # traffic from anyone.
    got_subject = h.expect(
        officer, lambda s: h.is_subject_message(s, ROOM)
        and h.subject_of(s) == "Traffic rules tonight", what="subject")
    greeting = await h.wait_for(
        officer, room_says("The chat is open now until 18.00"),
        action=lambda: set_clock(admin, MON_1600), what="greeting")
    assert "Welcome!" in h.body_of(greeting)
    await got_subject.wait(10)
    # A youth arriving later is greeted on entering, in their language;
    # the greeting is not kept in the history.
    youth = await env.anon_client()
    greeted = h.expect(youth, room_says("The chat is open now until 18.00"),
                       what="the greeting on entering")
    entered = await h.muc_enter(youth, ROOM, "kid")
    await greeted.wait(10)
    assert not any(room_says("until 18.00")(s) and "urn:xmpp:delay" in
                   h.to_string(s) for s in entered.stanzas), \
        [h.to_string(s) for s in entered.stanzas]
    assert h.subject_of(entered.subject) == "Traffic rules tonight"
    # 17:50: everyone is warned.
    w = h.expect(officer, room_says("closes in 10 minutes, at 18.00"),
                 what="officer warned")
    await h.wait_for(youth, room_says("The chat closes in 10 minutes, at "
                                      "18.00."),
                     action=lambda: set_clock(admin, MON_1750),
                     what="youth warned")
    await w.wait(10)
    # 18:00: the youth leaves with 322 and a polite text; the officer sees
    # it and stays.
    seen = h.expect(officer, removed(f"{ROOM}/kid", self_=False),
                    what="officer sees the youth leave")
    bye = await h.wait_for(youth, removed(f"{ROOM}/kid"),
                           action=lambda: set_clock(admin, MON_1800),
                           what="youth removed at closing")
    assert reason_of(bye) == ("The chat is closed now. Thank you for your "
                              "questions! The next chat opens on Monday "
                              f"{date_text('en', NEXT_MONDAY)} at 16.00."), h.to_string(bye)
    await seen.wait(10)
    await expect_closed(youth, "kid2")
    # Staff are in for the debrief; at 18:30 it is over.
    r = await h.muc_try_enter(officer, ROOM, OFFICER)
    assert h.stanza_type(r) != "error", h.to_string(r)
    over = await h.wait_for(officer, removed(f"{ROOM}/{OFFICER}"),
                            action=lambda: set_clock(admin, MON_1830),
                            what="officer removed after the debrief")
    assert "time for staff after the session is over" in reason_of(over)
    rows = await sessions(admin)
    assert len(rows) == 1, rows
    row = rows[0]
    assert row["started"] == [f"Monday {date_text('en', MONDAY)} 16.00"], row
    assert row["ended"] == [f"Monday {date_text('en', MONDAY)} 18.00"], row
    assert row["opened_by"] == ["schedule"] and \
        row["closed_by"] == ["schedule"], row
    assert row["youths"] == ["1"] and row["peak"] == ["2"], row


@h.dated
async def test_own_greeting_and_no_warning(env):
    admin = await setup(env, greeting="Hei! Poliisi vastaa.", warn="0")
    form = await show(admin)
    assert form.fields["greeting"].value == "Hei! Poliisi vastaa."
    assert form.fields["warn"].value == "0"
    await set_clock(admin, MON_1545)
    officer = await env.user()
    await h.muc_enter(officer, ROOM, OFFICER)
    await h.wait_for(officer, room_says("Hei! Poliisi vastaa."),
                     action=lambda: set_clock(admin, MON_1600),
                     what="own greeting")
    # No warning at 17:50 (warn 0). set-clock applies what the new time
    # calls for before it answers; a self-ping of the youth's then comes
    # back after anything the room sent the youth.
    youth = await env.anon_client()
    # The room's own greeting on entering comes first (after the
    # subject): wait for it, so that what is recorded below is only what
    # 17:50 brings.
    greeted = h.expect(youth, room_says("Hei! Poliisi vastaa."),
                       what="own greeting on entering")
    await h.muc_enter(youth, ROOM, "kid")
    await greeted.wait(10)
    with h.record(youth, room_says("")) as rec:
        await set_clock(admin, MON_1750)
        h.expect_result(await h.send_iq(youth, f"{ROOM}/kid",
                                        f"<ping xmlns='{h.NS_PING}'/>"),
                        "self-ping")
    assert rec.stanzas == [], [h.to_string(s) for s in rec.stanzas]
    await h.wait_for(youth, removed(f"{ROOM}/kid"),
                     action=lambda: set_clock(admin, MON_1800),
                     what="closing")


@h.dated
async def test_schedule_set_checks_the_settings(env):
    admin = await setup(env)
    typed = {"room": ROOM, "slots": ["mon 16:00-18:00"], "warn": "soon"}
    first, last = await h.run_command(admin, "schedule-set", typed)
    text, _ = h.expect_refused(last, typed, what="warn soon")
    assert "Warning before closing: give a whole number of minutes from 0 " \
           "to 120" in text, text
    typed = {"room": ROOM, "slots": ["mon 16:00-18:00"], "staff_after": "721"}
    first, last = await h.run_command(admin, "schedule-set", typed)
    text, _ = h.expect_refused(last, typed, what="staff_after 721")
    assert "Staff after closing" in text, text
    # Nothing stored: the defaults remain.
    form = await show(admin)
    assert form.fields["warn"].value == "10"
    assert form.fields["staff_after"].value == "30"


@h.dated
async def test_open_now_extend_and_close_now(env):
    admin = await setup(env)
    await set_clock(admin, SATURDAY_BEFORE)
    worker = await env.client(*WORKER_JID)
    officer = await env.user()
    youth = await env.anon_client()
    await expect_closed(youth, "kid")
    # An officer (no moderator) may not; the youth worker may.
    r = await h.command(officer, h.COMPONENT, "open-now")
    h.expect_error(r.stanza, "forbidden", what="officer's open-now")
    first, last = await h.run_command(worker, "open-now", {
        "room": ROOM, "minutes": "60"})
    h.expect_completed(last, "open-now")
    assert "Open now until 13.00" in last.notes[0][1], last
    await h.muc_enter(worker, ROOM, WORKER)
    await h.muc_enter(youth, ROOM, "kid")
    # Opening twice is an error that says what to do.
    first, last = await h.run_command(worker, "open-now", {"room": ROOM})
    text, _ = h.expect_refused(last, {"room": ROOM}, what="open-now twice")
    assert "use extend" in text, text
    # Minutes out of bounds: the error names the field as it did before
    # the three commands shared one step (not its label with the bounds).
    first, last = await h.run_command(worker, "extend", {
        "room": ROOM, "minutes": "0"})
    text, _ = h.expect_refused(last, {"room": ROOM, "minutes": "0"},
                               what="extend 0 minutes")
    assert text.startswith("Minutes more: give a whole number of minutes "
                           "from 1 to 720"), text
    # Extend: everyone learns the new closing time.
    ext = h.expect(youth, room_says("it now closes at 13.30"),
                   what="youth told of the extension")
    first, last = await h.run_command(worker, "extend", {
        "room": ROOM, "minutes": "30"})
    h.expect_completed(last, "extend")
    await ext.wait(10)
    # Close now: the youth leaves, the youth worker stays.
    seen = h.expect(worker, removed(f"{ROOM}/kid", self_=False),
                    what="worker sees the youth leave")
    gone = h.expect(youth, removed(f"{ROOM}/kid"), what="youth removed")
    first, last = await h.run_command(worker, "close-now", {"room": ROOM})
    h.expect_completed(last, "close-now")
    assert f"next session Monday {date_text('en', MONDAY)} 16.00" in last.notes[0][1], last
    bye = await gone.wait(10)
    assert f"next chat opens on Monday {date_text('en', MONDAY)} at 16.00" in \
        reason_of(bye), h.to_string(bye)
    await seen.wait(10)
    await expect_closed(youth, "kid")
    rows = await sessions(worker)
    assert rows[0]["opened_by"] == [WORKER_JID[0]], rows
    assert rows[0]["closed_by"] == [WORKER_JID[0]], rows
    assert rows[0]["youths"] == ["1"], rows


@h.dated
async def test_close_now_during_a_scheduled_session_then_open_again(env):
    admin = await setup(env)
    await set_clock(admin, MON_1630)
    youth = await env.anon_client()
    await h.muc_enter(youth, ROOM, "kid")
    gone = h.expect(youth, removed(f"{ROOM}/kid"), what="youth removed")
    first, last = await h.run_command(admin, "close-now", {"room": ROOM})
    h.expect_completed(last, "close-now")
    await gone.wait(10)
    r = await expect_closed(youth, "kid")
    # The schedule's own session is not over: open now lifts the close.
    first, last = await h.run_command(admin, "open-now", {"room": ROOM})
    h.expect_completed(last, "open-now")
    assert "Open now until 18.00" in last.notes[0][1], last
    await h.muc_enter(youth, ROOM, "kid")
    assert len(await sessions(admin)) == 2


@h.dated
async def test_restart_in_a_session_resumes_it(env):
    admin = await setup(env)
    await set_clock(admin, MON_1600)
    youth = await env.anon_client()
    await h.muc_enter(youth, ROOM, "kid")
    await env.wait_log("hours: ask opens")
    # kill -9 in the middle: the running session is in the store.
    await env.kill_ecopper()
    await env.start_ecopper(args=["-t", MON_1630], timezone=ZONE)
    youth = await env.anon_client()
    entered = await h.muc_enter(youth, ROOM, "kid")
    # Resumed, not reopened: no second greeting in the history.
    greetings = [s for s in entered.stanzas if room_says("Welcome!")(s)]
    assert len(greetings) <= 1, [h.to_string(s) for s in greetings]
    assert env.log_count("hours: ask opens") == 1
    admin = await env.admin()
    rows = await sessions(admin)
    assert len(rows) == 1 and rows[0]["ended"] == ["(open now)"], rows


@h.dated
async def test_restart_across_closing_applies_it(env):
    admin = await setup(env)
    await set_clock(admin, MON_1750)
    youth = await env.anon_client()
    await h.muc_enter(youth, ROOM, "kid")
    await env.wait_log("hours: ask opens")
    assert await env.stop_ecopper() == 0
    # Down over 18:00: the closing is applied at start, dated 18:00.
    await env.start_ecopper(args=["-t", MON_1820], timezone=ZONE)
    await env.wait_log("hours: ask closes")
    admin = await env.admin()
    rows = await sessions(admin)
    assert len(rows) == 1, rows
    assert rows[0]["ended"] == [f"Monday {date_text('en', MONDAY)} 18.00"], rows
    youth = await env.anon_client()
    await expect_closed(youth, "kid")


@h.dated
async def test_restart_across_opening_opens(env):
    admin = await setup(env, subject="Drugs and alcohol")
    await set_clock(admin, MON_1530)
    assert await env.stop_ecopper() == 0
    await env.start_ecopper(args=["-t", MON_1630], timezone=ZONE)
    youth = await env.anon_client()
    greeted = h.expect(youth, room_says("until 18.00"), what="greeting")
    entered = await h.muc_enter(youth, ROOM, "kid")
    assert h.subject_of(entered.subject) == "Drugs and alcohol"
    await greeted.wait(10)


@h.dated
async def test_closing_drops_questions_still_waiting(env):
    from test_question_queue import ask
    from test_room_config import submit
    admin = await setup(env)
    h.expect_result(await submit(admin, {"x-ecopper#queue": "1"}),
                    "queue on")
    await set_clock(admin, MON_1630)
    await h.muc_enter(admin, ROOM, "Admin")
    youth = await env.anon_client()
    await h.muc_enter(youth, ROOM, "kid")
    await ask(admin, youth, "Can I ride a moped at 14?")
    await h.wait_for(youth, removed(f"{ROOM}/kid"),
                     action=lambda: set_clock(admin, MON_1800),
                     what="youth removed at closing")
    await env.wait_log("hours: 1 questions still waiting in ask are dropped")
    rows = await sessions(admin)
    assert rows[0]["held"] == ["1"], rows


@h.dated
async def test_room_without_hours_closed_by_hand_until_opened(env):
    await env.start_ecopper(args=["-T"], timezone=ZONE)
    admin = await env.admin()
    await h.create_room(admin, "ask")
    first, last = await h.run_command(admin, "staff-add", {
        "jid": h.USER[0], "name": OFFICER, "title": "Police officer",
        "organisation": "Oulu police", "role": "participant"})
    h.expect_completed(last, "staff-add")
    officer = await env.user()
    await h.muc_enter(officer, ROOM, OFFICER)
    youth = await env.anon_client()
    await h.muc_enter(youth, ROOM, "kid")
    # Nothing to extend in a room that is always open.
    first, last = await h.run_command(admin, "extend", {"room": ROOM})
    h.expect_refused(last, {"room": ROOM}, what="extend an open room")
    gone = h.expect(youth, removed(f"{ROOM}/kid"), what="youth removed")
    first, last = await h.run_command(admin, "close-now", {"room": ROOM})
    h.expect_completed(last, "close-now")
    await gone.wait(10)
    # The officer stays (debrief), days later too the room is closed.
    await set_clock(admin, SATURDAY_BEFORE)
    r = await expect_closed(youth, "kid")
    assert error_text_and_lang(r)[0] == "This chat is closed now."
    first, last = await h.run_command(admin, "open-now", {"room": ROOM})
    h.expect_completed(last, "open-now")
    assert "Always open" in last.notes[0][1], last
    await h.muc_enter(youth, ROOM, "kid")


@h.dated
async def test_warning_and_goodbye_in_each_youths_language(env):
    from test_question_queue import join_lang
    admin = await setup(env)
    await set_clock(admin, MON_1630)
    fi = await env.anon_client()
    # Greeted on entering, in Finnish.
    await h.wait_for(fi, room_says("Chat on nyt auki klo 18.00 asti"),
                     action=lambda: join_lang(fi, "kettu", "fi"),
                     what="the greeting in Finnish")
    en = await env.anon_client()
    await h.muc_enter(en, ROOM, "fox")
    w_en = h.expect(en, room_says("The chat closes in 10 minutes, at 18.00."),
                    what="English warning")
    await h.wait_for(fi, room_says("Chat sulkeutuu 10 minuutin päästä, klo "
                                   "18.00."),
                     action=lambda: set_clock(admin, MON_1750),
                     what="Finnish warning")
    await w_en.wait(10)
    bye = await h.wait_for(fi, removed(f"{ROOM}/kettu"),
                           action=lambda: set_clock(admin, MON_1800),
                           what="Finnish goodbye")
    assert reason_of(bye) == ("Chat on nyt suljettu. Kiitos kysymyksistäsi! "
                              "Seuraava chat aukeaa maanantaina "
                              f"{date_text('fi', NEXT_MONDAY)} klo 16.00."), reason_of(bye)


@h.dated
async def test_clock_set_back_out_of_a_session_ends_it_opening_no_staff_window(
        env):
    """A clock that steps back (set back, or the system clock corrected)
    is taken as it reads: a step within the session changes nothing; a
    step out of it ends the session as at a closing, recorded as ended at
    the latest instant it was seen open. Its debrief time then lies ahead
    of the clock and lets nobody in: staff wait for the preparation time
    of the next session, and are told so."""
    admin = await setup(env)
    await set_clock(admin, MON_1630)
    officer = await env.user()
    await h.muc_enter(officer, ROOM, OFFICER)
    youth = await env.anon_client()
    await h.muc_enter(youth, ROOM, "kid")
    await set_clock(admin, MON_1750)
    # Back within the session: nobody leaves (a self-ping comes back after
    # anything the room sent the youth).
    with h.record(youth, removed(f"{ROOM}/kid")) as rec:
        await set_clock(admin, MON_1600)
        h.expect_result(await h.send_iq(youth, f"{ROOM}/kid",
                                        f"<ping xmlns='{h.NS_PING}'/>"),
                        "self-ping")
    assert rec.stanzas == [], [h.to_string(s) for s in rec.stanzas]
    # Back to Saturday: the youth and the officer leave (322).
    out = h.expect(officer, removed(f"{ROOM}/{OFFICER}"),
                   what="officer removed on Saturday")
    await h.wait_for(youth, removed(f"{ROOM}/kid"),
                     action=lambda: set_clock(admin, SATURDAY_BEFORE),
                     what="youth removed on Saturday")
    await out.wait(10)
    await env.wait_log("hours: the clock stepped back")
    r = await h.muc_try_enter(officer, ROOM, OFFICER)
    h.expect_error(r, "not-allowed", "cancel", what="officer on Saturday")
    assert error_text_and_lang(r)[0] == (
        "The room is closed now. Staff may enter from Monday "
        f"{date_text('en', MONDAY)} at 15.30."), h.to_string(r)
    rows = await sessions(admin)
    assert len(rows) == 1, rows
    assert rows[0]["started"] == [f"Monday {date_text('en', MONDAY)} 16.30"], rows
    assert rows[0]["ended"] == [f"Monday {date_text('en', MONDAY)} 17.50"], rows
    # The clock goes on from there: preparation time, then a new session.
    await set_clock(admin, MON_1545)
    await h.muc_enter(officer, ROOM, OFFICER)
    await set_clock(admin, MON_1600)
    await h.muc_enter(youth, ROOM, "kid")
    assert len(await sessions(admin)) == 2


@h.dated
async def test_session_ended_after_now_opens_no_staff_window_at_start(env):
    """The last session ended after the clock's now when ecopper starts
    (the system clock stepped back while it was down): no debrief time
    lets staff in."""
    admin = await setup(env)
    await set_clock(admin, MON_1630)
    first, last = await h.run_command(admin, "close-now", {"room": ROOM})
    h.expect_completed(last, "close-now")
    assert await env.stop_ecopper() == 0
    await env.start_ecopper(args=["-t", SATURDAY_BEFORE], timezone=ZONE)
    officer = await env.user()
    r = await h.muc_try_enter(officer, ROOM, OFFICER)
    h.expect_error(r, "not-allowed", "cancel", what="officer on Saturday")
