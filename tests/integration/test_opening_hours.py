"""Opening hours (issue 5): rooms open on a weekly schedule with dated
exceptions, in the service's zone (Europe/Helsinki here). While a room is
closed, youths are refused with a text in their language naming the next
opening; staff, admins and members come and go. ecopper runs with -T so
that the test-only set-clock command moves its clock across the hours and
the DST changes instead of waiting for them. Every instant comes from the
harness's date base (when.py): the scenario Monday is when.MONDAY."""
import xml.etree.ElementTree as ET
from datetime import timedelta
from xml.sax.saxutils import quoteattr

import harness as h
import when as w
from when import SATURDAY_BEFORE, ZONE

# ecopper's own logic, which no server changes: run on Prosody only
# (runner.py).
ONE_SERVER = "opening hours are ecopper's clock and schedule"

ROOM = "ask@" + h.COMPONENT
NS_XML = "http://www.w3.org/XML/1998/namespace"

# The session: Monday 16:00-18:00 in Helsinki, the Monday after the base.
MONDAY = w.MONDAY
NEXT_UTC = w.mon("16:00")


async def start(env, **conf):
    await env.start_ecopper(args=["-T"], timezone=ZONE, **conf)
    admin = await env.admin()
    await h.create_room(admin, "ask")
    return admin


async def set_clock(admin, when):
    first, last = await h.run_command(admin, "set-clock", {"now": when})
    assert not first.error, str(first)
    h.expect_completed(last, f"set-clock {when}")
    return last


async def set_schedule(admin, slots=(), exceptions=(), room=ROOM):
    first, last = await h.run_command(admin, "schedule-set", {
        "room": room, "slots": list(slots), "exceptions": list(exceptions)})
    assert not first.error, str(first)
    return last


async def show(client, room=ROOM):
    first, last = await h.run_command(client, "schedule-show", {"room": room})
    assert not first.error, str(first)
    h.expect_completed(last, "schedule-show")
    return last.form


async def try_join(client, nick, lang=None):
    """Sends a join (with xml:lang when given) and returns the reply that
    settles it: the self-presence or a presence error. A youth who got in
    leaves again, so the next try is a fresh join."""
    room_nick = f"{ROOM}/{nick}"
    # Sent as text: slixmpp would mark the stanza xml:lang='en' (its
    # stream's language) when it has none.
    attr = f" xml:lang={quoteattr(lang)}" if lang else ""
    raw = (f"<presence to={quoteattr(room_nick)}{attr}>"
           f"<x xmlns='{h.NS_MUC}'/></presence>")
    pself, perr = h.is_self_presence_of(room_nick), \
        h.is_presence_error_from(room_nick)
    got = await h.wait_for(client, lambda s: pself(s) or perr(s),
                           action=lambda: client.send_raw(raw),
                           what=f"reply to joining {nick}")
    if h.stanza_type(got) != "error":
        await h.muc_leave(client, ROOM, nick)
    return got


def error_text_and_lang(stanza):
    """The <text/> of a stanza error and its xml:lang."""
    err = h.xml_of(stanza).find(f"{{{h.NS_CLIENT}}}error")
    t = err.find(f"{{{h.NS_STANZAS}}}text")
    return (t.text or ""), t.get(f"{{{NS_XML}}}lang")


async def expect_closed(client, nick, lang=None):
    r = await try_join(client, nick, lang)
    h.expect_error(r, "not-allowed", "cancel", what=f"{nick} while closed")
    return r


async def expect_open(client, nick):
    r = await try_join(client, nick)
    assert h.stanza_type(r) != "error", \
        f"{nick} refused while open: {h.stanza_error(r)}"


def roominfo(stanza):
    x = h.query_of(stanza, h.NS_DISCO_INFO).find(f"{{{h.NS_DATA}}}x")
    return h.parse_form(x).fields


@h.dated
async def test_youth_refused_while_closed_in_their_language(env):
    admin = await start(env)
    last = await set_schedule(admin, ["mon 16:00-18:00"])
    h.expect_completed(last, "schedule-set")
    await set_clock(admin, SATURDAY_BEFORE)
    youth = await env.anon_client()
    want = {
        "en": "This chat is closed now. It opens next on Monday "
              f"{w.date_text('en', MONDAY)} at 16.00.",
        "fi": "Chat on nyt suljettu. Se aukeaa seuraavan kerran maanantaina "
              f"{w.date_text('fi', MONDAY)} klo 16.00.",
        "sv": "Chatten är stängd nu. Den öppnar nästa gång på måndag "
              f"{w.date_text('sv', MONDAY)} kl. 16.00.",
        "uk": "Чат зараз закритий. Наступного разу він відкриється у "
              f"понеділок {w.date_text('uk', MONDAY)} о 16:00.",
    }
    for lang, text in want.items():
        r = await expect_closed(youth, f"kid-{lang}", f"{lang}-XX"
                                if lang == "fi" else lang)
        got, got_lang = error_text_and_lang(r)
        assert got == text, f"{lang}: {got!r}"
        assert got_lang == lang, f"{lang}: text marked xml:lang={got_lang}"
    # A language without a catalogue: the config's language (en).
    r = await expect_closed(youth, "kid-x", "de")
    assert error_text_and_lang(r) == (want["en"], "en"), h.to_string(r)


@h.dated
async def test_youth_refused_in_config_language_for_unknown_one(env):
    # Prosody marks a stanza without xml:lang with its stream's language,
    # so a join always names one; one we have no catalogue for falls back
    # to the config's language.
    admin = await start(env, language="fi")
    h.expect_completed(await set_schedule(admin, ["mon 16:00-18:00"]),
                       "schedule-set")
    await set_clock(admin, SATURDAY_BEFORE)
    youth = await env.anon_client()
    r = await expect_closed(youth, "kid", "de-DE")
    text, lang = error_text_and_lang(r)
    assert lang == "fi" and \
        f"maanantaina {w.date_text('fi', MONDAY)} klo 16.00" in text, text


@h.dated
async def test_youth_let_in_when_open_across_dst_changes(env):
    admin = await start(env)
    h.expect_completed(await set_schedule(
        admin, ["mon 16:00-18:00", "sun 02:00-05:00"]), "schedule-set")
    youth = await env.anon_client()
    # The next spring and autumn changes after the scenario week (the last
    # Sundays of March and October). Each instant is open in Helsinki local
    # time and would be closed with the other offset (UTC+2 in winter,
    # UTC+3 in summer), or the reverse, so a wrong offset fails one of them.
    spring = w.dst_change(3, w.day(7))
    autumn = w.dst_change(10, w.day(7))
    if autumn < spring:
        spring, autumn = autumn, spring
    checks = []
    for sunday in (spring, autumn):
        monday_before = sunday - timedelta(days=6)
        monday_after = sunday + timedelta(days=1)
        checks += [
            (w.local(monday_before, "16:15"), True),
            (w.local(monday_before, "15:30"), False),
            (w.local(monday_before, "18:30"), False),
            # After 03->04 or 04->03; in autumn the 02:00-05:00 slot
            # lasts 4 h.
            (w.local(sunday, "04:30"), True),
            (w.local(sunday, "05:15"), False),
            (w.local(monday_after, "16:15"), True),
            (w.local(monday_after, "15:30"), False),
            (w.local(monday_after, "18:30"), False),
        ]
    for i, (when, is_open) in enumerate(checks):
        await set_clock(admin, when)
        if is_open:
            await expect_open(youth, f"kid{i}")
        else:
            await expect_closed(youth, f"kid{i}")


@h.dated
async def test_admins_any_time_staff_and_members_before_opening(env):
    admin = await start(env)
    first, last = await h.run_command(admin, "staff-add", {
        "jid": h.USER[0], "name": "Officer Mikko", "title": "Police officer",
        "organisation": "Oulu police", "role": "participant"})
    h.expect_completed(last, "staff-add")
    h.expect_completed(await set_schedule(admin, ["mon 16:00-18:00"]),
                       "schedule-set")
    await set_clock(admin, SATURDAY_BEFORE)
    youth = await env.anon_client()
    await expect_closed(youth, "kid")
    # Admins come and go whenever they need.
    await h.muc_enter(admin, ROOM, "Moderator")
    # A member of the room (here: given by the owner) is not a youth: like
    # staff, members may enter in the preparation time (30 minutes).
    env.register("member@localhost", "memberpass")
    q = ET.Element(f"{{{h.NS_MUC_ADMIN}}}query")
    ET.SubElement(q, f"{{{h.NS_MUC_ADMIN}}}item", jid="member@localhost",
                  affiliation="member")
    h.expect_result(await h.send_iq(admin, ROOM, q, itype="set"),
                    "make member")
    member = await env.client("member@localhost", "memberpass")
    officer = await env.user()
    for client, nick in ((member, "member"), (officer, "mikko")):
        r = await h.muc_try_enter(client, ROOM, nick)
        h.expect_error(r, "not-allowed", "cancel", what=f"{nick} on Saturday")
    await set_clock(admin, w.mon("15:30"))
    await expect_closed(youth, "kid")
    await h.muc_enter(member, ROOM, "member")
    pres = h.muc_join_presence(officer, ROOM, "mikko")
    own = await h.wait_for(officer, lambda s: s.name == "presence"
                           and h.from_of(s).startswith(ROOM + "/")
                           and (s["type"] == "error"
                                or "110" in h.muc_codes(s)),
                           action=pres.send, what="officer's join")
    assert own["type"] != "error", h.to_string(own)


@h.dated
async def test_schedule_set_rejects_bad_line_and_stores_nothing(env):
    admin = await start(env)
    closed = f"{w.day(3, weeks=2)} closed"
    h.expect_completed(await set_schedule(
        admin, ["mon 16:00-18:00"], [closed]), "schedule-set")
    slots = ["tue 16:00-18:00", "", "mnd 16:00-18:00"]
    exceptions = [f"{w.day(3, weeks=3)} extra 10:00-12:00"]
    last = await set_schedule(admin, slots, exceptions)
    why, _ = h.expect_refused(last, {"room": ROOM, "slots": slots,
                                     "exceptions": exceptions},
                              what="a bad line")
    assert "Weekly slots, line 3" in why and "mnd" in why, why
    exceptions = [closed, f"{w.MONDAY.year + 1}-02-30 closed"]
    last = await set_schedule(admin, ["tue 16:00-18:00"], exceptions)
    why, _ = h.expect_refused(last, {"exceptions": exceptions},
                              what="a bad exception")
    assert "Exceptions, line 2" in why, str(last)
    form = await show(admin)
    assert form.fields["slots"].values == ["mon 16:00-18:00"], form.fields
    assert form.fields["exceptions"].values == [closed]


@h.dated
async def test_schedule_show_lines_state_and_next_opening(env):
    admin = await start(env)
    # Lines come back in canonical form, in the order given.
    h.expect_completed(await set_schedule(
        admin, ["Monday 16:00 - 18:00", "thu 9:00-10:30"],
        [f"{MONDAY} CLOSED", f"{w.day(1)} extra 16:00-18:00"]),
        "schedule-set")
    await set_clock(admin, SATURDAY_BEFORE)
    form = await show(admin)
    f = form.fields
    assert f["slots"].values == ["mon 16:00-18:00", "thu 09:00-10:30"], f
    assert f["exceptions"].values == [f"{MONDAY} closed",
                                      f"{w.day(1)} extra 16:00-18:00"]
    assert f["timezone"].value == ZONE and f["open"].value == "0"
    # Monday is cancelled: the extra session on Tuesday is next.
    assert f["next"].value == f"Tuesday {w.date_text('en', w.day(1))} 16.00", f["next"]
    assert f["next_utc"].value == w.local(w.day(1), "16:00")
    await set_clock(admin, w.local(w.day(1), "17:00"))
    f = (await show(admin)).fields
    assert f["open"].value == "1" and \
        f["state"].value == "Open now until 18.00", f["state"]
    # Staff may look; youths and other users may not.
    user = await env.user()
    r = await h.command(user, h.COMPONENT, "schedule-show")
    assert r.error and r.error.condition == "forbidden", str(r)
    # Both boxes empty keep the hours (only the other settings change);
    # removing them takes the box, and the box with lines is refused.
    first, last = await h.run_command(admin, "schedule-set", {
        "room": ROOM, "slots": [], "exceptions": [], "warn": "5"})
    h.expect_completed(last, "schedule-set (empty boxes)")
    f = (await show(admin)).fields
    assert f["slots"].values == ["mon 16:00-18:00", "thu 09:00-10:30"] and \
        f["warn"].value == "5", f
    assert first.form.fields["remove"].type == "boolean", first.form.fields
    typed = {"room": ROOM, "slots": ["mon 16:00-18:00"], "remove": "1"}
    _, last = await h.run_command(admin, "schedule-set", typed)
    why, _ = h.expect_refused(last, typed, what="remove with lines")
    assert "nothing was stored" in why, last
    _, last = await h.run_command(admin, "schedule-set", {
        "room": ROOM, "remove": "1"})
    h.expect_completed(last, "schedule-set (remove)")
    f = (await show(admin)).fields
    assert f["scheduled"].value == "0" and f["open"].value == "1"
    assert f["slots"].values == [] and "next" not in f
    # Empty boxes again, for a room that has no hours to keep (found by
    # fuzz_router: UBSan stopped ecopper there, tests/fuzz/findings).
    _, last = await h.run_command(admin, "schedule-set", {
        "room": ROOM, "slots": [], "exceptions": []})
    h.expect_completed(last, "schedule-set (empty boxes, no hours)")
    f = (await show(admin)).fields
    assert f["scheduled"].value == "0" and f["open"].value == "1", f
    youth = await env.anon_client()
    await set_clock(admin, SATURDAY_BEFORE)
    await expect_open(youth, "kid")


@h.dated
async def test_room_disco_says_open_and_next_opening(env):
    admin = await start(env)
    user = await env.user()
    r = h.expect_result(await h.disco_info(user, ROOM), "room info")
    f = roominfo(r)
    assert f["x-ecopper#open"].value == "1" and "x-ecopper#next" not in f
    h.expect_completed(await set_schedule(admin, ["mon 16:00-18:00"]),
                       "schedule-set")
    await set_clock(admin, SATURDAY_BEFORE)
    f = roominfo(h.expect_result(await h.disco_info(user, ROOM), "info"))
    assert f["x-ecopper#open"].value == "0", f["x-ecopper#open"]
    assert f["x-ecopper#next"].value == NEXT_UTC, f["x-ecopper#next"]
    desc = f["muc#roominfo_description"].value
    assert "Closed now. The next chat opens on Monday " \
        f"{w.date_text('en', MONDAY)} at 16.00." in desc, desc
    # In the language of the request (a youth's page asks in its own).
    want = {"fi": "Nyt suljettu. Seuraava chat aukeaa maanantaina "
                  f"{w.date_text('fi', MONDAY)} klo 16.00.",
            "sv": "Stängd nu. Nästa chatt öppnar på måndag "
                  f"{w.date_text('sv', MONDAY)} kl. 16.00.",
            "uk": "Зараз зачинено. Наступного разу чат відкриється у "
                  f"понеділок {w.date_text('uk', MONDAY)} о 16:00."}
    for lang, text in want.items():
        f = roominfo(h.expect_result(await h.disco_info(user, ROOM,
                                                        lang=lang), lang))
        assert text in f["muc#roominfo_description"].value, \
            (lang, f["muc#roominfo_description"].value)
    await set_clock(admin, w.mon("17:00"))
    f = roominfo(h.expect_result(await h.disco_info(user, ROOM), "info"))
    assert f["x-ecopper#open"].value == "1"
    assert f["x-ecopper#next"].value == w.mon("16:00", weeks=1)
    assert "Open now until 18.00" in f["muc#roominfo_description"].value
    f = roominfo(h.expect_result(await h.disco_info(user, ROOM, lang="fi"),
                                 "info fi"))
    assert "Auki nyt klo 18.00 asti" in f["muc#roominfo_description"].value


@h.dated
async def test_schedule_survives_restart(env):
    admin = await start(env)
    h.expect_completed(await set_schedule(
        admin, ["mon 16:00-18:00"], [f"{MONDAY} closed"]), "schedule-set")
    assert await env.stop_ecopper() == 0
    await env.start_ecopper(args=["-T"], timezone=ZONE)
    await set_clock(admin, SATURDAY_BEFORE)
    form = await show(admin)
    assert form.fields["slots"].values == ["mon 16:00-18:00"]
    assert form.fields["exceptions"].values == [f"{MONDAY} closed"]
    youth = await env.anon_client()
    r = await expect_closed(youth, "kid")
    assert f"Monday {w.date_text('en', w.day(0, weeks=1))} at 16.00" in \
        error_text_and_lang(r)[0]


@h.dated
async def test_destroyed_room_loses_its_schedule(env):
    admin = await start(env)
    h.expect_completed(await set_schedule(admin, ["mon 16:00-18:00"]),
                       "schedule-set")
    first, last = await h.run_command(admin, "destroy-room", {"room": ROOM})
    h.expect_completed(last, "destroy-room")
    await h.create_room(admin, "ask")
    await set_clock(admin, SATURDAY_BEFORE)
    youth = await env.anon_client()
    await expect_open(youth, "kid")


async def test_set_clock_exists_only_in_test_mode(env):
    await env.start_ecopper(timezone=ZONE)
    admin = await env.admin()
    r = await h.command(admin, h.COMPONENT, "set-clock")
    assert r.error and r.error.condition == "item-not-found", str(r)
    nodes = {n for _, n, _ in h.items(h.expect_result(
        await h.disco_items(admin, node=h.NS_COMMANDS), "commands"))}
    assert "set-clock" not in nodes and "schedule-set" in nodes, nodes


async def test_set_clock_is_for_admins_only(env):
    await env.start_ecopper(args=["-T"])
    user = await env.user()
    r = await h.command(user, h.COMPONENT, "set-clock")
    assert r.error and r.error.condition == "forbidden", str(r)


async def test_bad_catalogue_is_a_config_error_with_file_and_line(env):
    lang = env.dir / "lang"
    lang.mkdir()
    src = h.REPO / "conf" / "lang"
    for name in ("en.txt", "fi.txt"):
        (lang / name).write_text((src / name).read_text())
    good = env.write_ecopper_config(lang_dir=lang)
    rc, out = await env.run_ecopper(["-n", "-c", good])
    assert rc == 0, out
    # A translator drops a placeholder on line 3, then mistypes a key.
    (lang / "fi.txt").write_text(
        "# fi\n\nclosed_next = Suljettu. Aukeaa %1$s klo %3$s.\n")
    rc, out = await env.run_ecopper(["-n", "-c", good])
    assert rc == 1 and f"{lang}/fi.txt:3: 'closed_next'" in out and \
        "%2$s" in out, out
    (lang / "fi.txt").write_text("closed = Kiinni.\nsuljettu = Kiinni.\n")
    rc, out = await env.run_ecopper(["-n", "-c", good])
    assert rc == 1 and f"{lang}/fi.txt:2: unknown key 'suljettu'" in out, out
    # The daemon itself does not start on it either.
    rc, out = await env.run_ecopper(["-c", good])
    assert rc == 1 and "fi.txt:2" in out, out
