"""
test_adhoc_lang.py - the ad-hoc commands (XEP-0050) speak the language of
the request (issue 15): titles, instructions, labels, options, notes and
error texts of the forms, and the commands' names in disco#items, come
from the catalogues by the IQ's xml:lang, else the config's language,
else English. Field vars and option values stay as they are.

The expected texts are read from conf/lang (the catalogues the daemon
loads here), and each is checked to differ from English, so a scenario
fails when a text is not translated or not looked up.
"""

import harness as h
import when as w
from test_moderation_roles import ROOM
from test_question_queue import ask, setup as queue_setup

# ecopper's own logic, which no server changes: run on Prosody only
# (runner.py).
ONE_SERVER = "the language of ecopper's commands"

NS_XML = "http://www.w3.org/XML/1998/namespace"

_cats = {}


def cat(lang):
    """The catalogue conf/lang/LANG.txt as a dict key -> text."""
    if lang not in _cats:
        texts = {}
        path = h.REPO / "conf" / "lang" / f"{lang}.txt"
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if not line or line.startswith("#") or "=" not in line:
                continue
            key, text = line.split("=", 1)
            texts[key.strip()] = text.strip().replace("\\n", "\n")
        _cats[lang] = texts
    return _cats[lang]


def t(lang, key, *args):
    """Text key of lang with %1$s.. (or %s) filled in, as ecopper does."""
    text = cat(lang)[key]
    if lang != "en":
        assert text != cat("en")[key], f"{lang}.txt: {key} is English"
    for i, a in enumerate(args, 1):
        text = text.replace(f"%{i}$s", a)
    for a in args:
        text = text.replace("%s", a, 1)
    return text


def error_text_and_lang(cmd):
    """The <text/> of a command's error reply and its xml:lang."""
    assert cmd.error is not None, f"expected an error: {cmd}"
    err = h.xml_of(cmd.stanza).find(f"{{{h.NS_CLIENT}}}error")
    txt = err.find(f"{{{h.NS_STANZAS}}}text")
    return (txt.text or ""), txt.get(f"{{{NS_XML}}}lang")


def names(r):
    """node -> name of the items of a disco#items result."""
    return {node: name for _, node, name in h.items(
        h.expect_result(r, "disco#items of the commands"))}


async def test_staff_add_form_note_and_error_follow_xml_lang(env):
    await env.start_ecopper()
    admin = await env.admin()

    # Finnish: the form, a refused submission, the note.
    first = await h.command(admin, h.COMPONENT, "staff-add", lang="fi")
    assert first.error is None and first.form, first
    f = first.form
    assert f.title == t("fi", "adhoc_cmd_staff_add"), f.title
    assert f.instructions == [t("fi", "adhoc_staff_add_ins")], f.instructions
    assert f.fields["jid"].label == t("fi", "adhoc_staff_jid")
    assert f.fields["name"].label == t("fi", "adhoc_staff_name")
    assert f.fields["organisation"].label == t("fi", "adhoc_staff_org")
    assert f.fields["role"].options == [
        (t("fi", "adhoc_staff_role_moderator"), "moderator"),
        (t("fi", "adhoc_staff_role_participant"), "participant")], \
        f.fields["role"].options
    bad = await h.command(admin, h.COMPONENT, "staff-add", action="complete",
                          sessionid=first.sessionid, lang="fi",
                          form={"jid": h.USER[0], "role": "participant"})
    # The form again, in Finnish, with what was typed and the note.
    assert h.expect_refused(bad, {"jid": h.USER[0], "role": "participant"},
                            sessionid=first.sessionid) == (
        t("fi", "adhoc_staff_need_name"), "fi"), bad
    assert bad.form.title == t("fi", "adhoc_cmd_staff_add"), bad.form.title
    # The session stays: the corrected form completes it.
    done = await h.command(admin, h.COMPONENT, "staff-add",
                           action="complete", sessionid=first.sessionid,
                           lang="fi",
                           form={"jid": h.USER[0], "name": "Officer Mikko",
                                 "role": "participant"})
    h.expect_completed(done, "staff-add in Finnish")
    assert done.notes == [("info", t("fi", "adhoc_staff_added",
                                     "Officer Mikko", h.USER[0]))], \
        done.notes

    # No xml:lang (and the config's language is English): English, as the
    # other scenarios expect.
    first, last = await h.run_command(admin, "staff-list", {})
    assert first.form.title == "Staff", first
    assert [r.label for r in first.form.reported] == [
        "Address", "Name", "Title", "Organisation", "Role"], first
    assert first.notes == [("info", "1 member of staff.")], first.notes
    # Swedish: the list, its columns, the count.
    first, _ = await h.run_command(admin, "staff-list", {}, lang="sv-SE")
    assert first.form.title == t("sv", "adhoc_staff"), first
    assert first.form.reported[0].label == t("sv", "adhoc_staff_address")
    assert first.notes == [("info", t("sv", "adhoc_staff_count_one"))]
    # The role column holds the words staff-import takes, in any language.
    assert first.form.items[0]["role"] == ["participant"], first.form.items


async def test_disco_items_name_the_commands_in_the_requests_language(env):
    await env.start_ecopper()
    admin = await env.admin()
    en = names(await h.disco_items(admin, node=h.NS_COMMANDS))
    fi = names(await h.disco_items(admin, node=h.NS_COMMANDS, lang="fi"))
    uk = names(await h.disco_items(admin, node=h.NS_COMMANDS, lang="uk"))
    assert en["staff-add"] == "Add a member of staff", en
    assert en["create-room"] == "Create a room", en
    assert set(fi) == set(en) == set(uk), (sorted(fi), sorted(en))
    for node in en:
        key = "adhoc_cmd_" + node.replace("-", "_")
        assert fi[node] == t("fi", key), (node, fi[node])
        assert uk[node] == t("uk", key), (node, uk[node])
    # disco#info of one command names it the same way.
    r = h.expect_result(await h.disco_info(admin, node="staff-import",
                                           lang="fi"), "disco#info")
    assert ("automation", "command-node",
            t("fi", "adhoc_cmd_staff_import")) in h.identities(r), \
        h.identities(r)


async def test_framework_errors_follow_xml_lang(env):
    await env.start_ecopper()
    admin = await env.admin()
    user = await env.user()
    # Not an admin.
    cmd = await h.command(user, h.COMPONENT, "staff-add", lang="fi")
    assert cmd.error.condition == "forbidden", cmd
    assert error_text_and_lang(cmd) == (t("fi", "adhoc_admins_only"), "fi")
    # An unknown session, in Ukrainian.
    cmd = await h.command(admin, h.COMPONENT, "staff-add", action="complete",
                          sessionid="nosuchsession", lang="uk",
                          form={"jid": h.USER[0]})
    assert cmd.error.condition == "bad-request", cmd
    assert error_text_and_lang(cmd) == (t("uk", "adhoc_no_session"), "uk")
    # A form that cannot be read (a field twice): the catalogue's words.
    first = await h.command(admin, h.COMPONENT, "staff-import", lang="fi")
    twice = h.submit_form({"staff": "a"})
    twice.append(h.submit_form({"staff": "b"})[0])
    cmd = await h.command(admin, h.COMPONENT, "staff-import",
                          action="complete", sessionid=first.sessionid,
                          lang="fi", form=twice)
    assert cmd.error.condition == "bad-request", cmd
    assert error_text_and_lang(cmd) == (t("fi", "err_cmd_payload"), "fi")
    # Without xml:lang the texts stay English, marked as English.
    cmd = await h.command(admin, h.COMPONENT, "no-such-command")
    assert error_text_and_lang(cmd) == ("There is no such command.", "en")


async def test_config_language_applies_to_a_language_without_catalogue(env):
    """language = fi: a request in a language ecopper has no catalogue for
    gets Finnish; xml:lang en still gets English. (A request without
    xml:lang would get the config's language too, but Prosody gives every
    stanza the language of the client's stream, "en" when it names none:
    RFC 6120 4.7.4. So with Prosody the client's language decides.)"""
    await env.start_ecopper(language="fi")
    admin = await env.admin()
    for lang in ("de-DE", "fil"):
        first = await h.command(admin, h.COMPONENT, "staff-import",
                                lang=lang)
        assert first.form.title == t("fi", "adhoc_cmd_staff_import"), \
            (lang, first)
        assert first.form.fields["staff"].label == t("fi", "adhoc_staff")
        bad = await h.command(admin, h.COMPONENT, "staff-import",
                              action="complete", sessionid=first.sessionid,
                              lang=lang, form={"other": "x"})
        assert error_text_and_lang(bad) == (t("fi", "adhoc_import_submit"),
                                            "fi"), (lang, bad)
    first = await h.command(admin, h.COMPONENT, "staff-import", lang="en")
    assert first.form.title == "Import staff", first


async def test_question_review_follows_xml_lang(env):
    admin, youth = await queue_setup(env)
    n = await ask(admin, youth, "May I carry a knife for fishing?")
    listed = names(await h.disco_items(admin, to=ROOM, node=h.NS_COMMANDS,
                                       lang="sv"))
    assert listed == {"queue": t("sv", "adhoc_cmd_queue")}, listed

    first = await h.command(admin, ROOM, "queue", lang="sv")
    assert first.error is None and first.form, first
    room = ROOM.split("@")[0]
    assert first.form.title == t("sv", "adhoc_queue_title", room), first
    assert first.form.fields["decision"].options == [
        (t("sv", "adhoc_queue_approve"), "approve"),
        (t("sv", "adhoc_queue_reject"), "reject")]
    # A decision that is neither approve nor reject: refused in Swedish.
    bad = await h.command(admin, ROOM, "queue", action="next",
                          sessionid=first.sessionid, lang="sv",
                          form={"questions": [str(n)], "decision": "maybe"})
    assert h.expect_refused(bad, {"questions": [str(n)],
                                  "decision": "maybe"},
                            sessionid=first.sessionid) == (
        t("sv", "adhoc_queue_bad_decision"), "sv"), bad
    last = await h.command(admin, ROOM, "queue", action="complete",
                           sessionid=first.sessionid, lang="sv",
                           form={"questions": [str(n)],
                                 "decision": "approve"})
    h.expect_completed(last, "the review in Swedish")
    assert last.notes == [("info", t("sv", "adhoc_queue_published",
                                     str(n)))], last.notes
    # Nothing waits now: the note says so, in Finnish.
    again = await h.command(admin, ROOM, "queue", lang="fi")
    assert again.notes == [("info", t("fi", "adhoc_queue_empty_in",
                                      room))], again.notes


@h.dated
async def test_room_and_hours_commands_follow_xml_lang(env):
    """create-room, schedule-show, list-rooms and moderation-log in the
    language of the request; times as the catalogue writes them."""
    await env.start_ecopper(args=["-T"], timezone="Europe/Helsinki")
    admin = await env.admin()

    # Finnish: the form, its modes, and a bad slot refused in Finnish
    # (schedule.c's reason too).
    first = await h.command(admin, h.COMPONENT, "create-room", lang="fi")
    f = first.form
    assert f.title == t("fi", "adhoc_cmd_create_room"), f.title
    assert f.instructions == [t("fi", "adhoc_room_create_ins", h.COMPONENT,
                                "Europe/Helsinki")], f.instructions
    assert f.fields["name"].label == t("fi", "adhoc_room_name")
    assert f.fields["slots"].label == t("fi", "adhoc_slots")
    assert f.fields["mode"].options == [
        (t("fi", "adhoc_room_mode_open"), "open"),
        (t("fi", "adhoc_room_mode_queue"), "queue"),
        (t("fi", "adhoc_room_mode_moderated"), "moderated")], \
        f.fields["mode"].options
    typed = {"name": "ask", "mode": "queue",
             "slots": ["mon 16:00-18:00", "tue 25:00-26:00"]}
    bad = await h.command(admin, h.COMPONENT, "create-room",
                          action="complete", sessionid=first.sessionid,
                          lang="fi", form=typed)
    assert h.expect_refused(bad, typed, sessionid=first.sessionid) == (
        t("fi", "adhoc_line_bad", t("fi", "adhoc_slots"), "2",
          "tue 25:00-26:00", t("fi", "why_sched_hour", "25")), "fi"), bad
    # Corrected, it completes: the note says when the room opens, with the
    # Finnish weekday and time.
    done = await h.command(admin, h.COMPONENT, "create-room",
                           action="complete", sessionid=first.sessionid,
                           lang="fi", form={"name": "ask", "mode": "queue",
                                            "slots": ["mon 16:00-18:00"]})
    h.expect_completed(done, "create-room in Finnish")
    state = t("fi", "adhoc_hours_closed_next", t("fi", "weekday_mon"),
              w.date_text("fi", w.MONDAY), "16.00")
    assert done.notes == [("info", t("fi", "adhoc_room_created_hours",
                                     ROOM, "queue", state))], done.notes

    # Ukrainian: schedule-show's labels and values.
    _, shown = await h.run_command(admin, "schedule-show", {"room": "ask"},
                                   lang="uk")
    f = shown.form
    assert f.title == t("uk", "adhoc_hours_title"), f.title
    assert f.fields["slots"].values == ["mon 16:00-18:00"], f.fields
    assert f.fields["timezone"].label == t("uk", "adhoc_hours_zone")
    assert f.fields["next"].label == \
        t("uk", "adhoc_hours_next") + " (Europe/Helsinki)", f.fields["next"]
    # The date and the time as Ukrainian writes them (07.12.2026 16:00).
    when = (t("uk", "weekday_mon"), w.date_text("uk", w.MONDAY), "16:00")
    assert f.fields["next"].value == t("uk", "adhoc_when", *when), \
        f.fields["next"]
    assert f.fields["state"].value == t("uk", "adhoc_hours_closed_next",
                                        *when), f.fields["state"]
    # English without a language: English as written in Finland.
    _, shown = await h.run_command(admin, "schedule-show", {"room": "ask"})
    assert shown.form.fields["state"].value == \
        f"Closed; next session Monday {w.date_text('en', w.MONDAY)} 16.00", \
        shown.form.fields

    # Swedish: list-rooms; Finnish: the moderation log's form.
    first, _ = await h.run_command(admin, "list-rooms", {}, lang="sv")
    assert first.form.title == t("sv", "adhoc_rooms"), first
    assert [r.label for r in first.form.reported] == [
        t("sv", "adhoc_room_address"), t("sv", "adhoc_room_title"),
        t("sv", "adhoc_room_created_col", "Europe/Helsinki")], first
    assert first.notes == [("info", t("sv", "adhoc_rooms_one"))], first
    first = await h.command(admin, h.COMPONENT, "moderation-log", lang="fi")
    assert first.form.title == t("fi", "adhoc_cmd_moderation_log")
    assert first.form.fields["room"].options[0] == (
        t("fi", "adhoc_modlog_all"), ""), first.form.fields["room"]
    # session-transcript in Swedish: its two forms.
    first = await h.command(admin, h.COMPONENT, "session-transcript",
                            lang="sv")
    assert first.form.title == t("sv", "adhoc_cmd_session_transcript")
    assert first.form.instructions == [t("sv", "adhoc_transcript_ins")]
    second = await h.command(admin, h.COMPONENT, "session-transcript",
                             action="next", sessionid=first.sessionid,
                             lang="sv", form={"room": ROOM})
    assert second.form.instructions == [t(
        "sv", "adhoc_transcript_sessions_ins", "20", ROOM,
        "Europe/Helsinki")], second.form.instructions
    # ("Session" is Swedish too.)
    assert second.form.fields["session"].label == \
        cat("sv")["adhoc_transcript_session"], second.form.fields
    # statistics in Ukrainian: the form, and a period refused.
    first = await h.command(admin, h.COMPONENT, "statistics", lang="uk")
    assert first.form.title == t("uk", "adhoc_stats"), first.form.title
    assert first.form.fields["month"].label == \
        t("uk", "adhoc_stats_month_field"), first.form.fields
    bad = await h.command(admin, h.COMPONENT, "statistics",
                          action="complete", sessionid=first.sessionid,
                          lang="uk", form={"room": ROOM, "month": "2026-3"})
    assert h.expect_refused(bad, {"room": ROOM, "month": "2026-3"}) == (
        t("uk", "adhoc_stats_bad_month"), "uk"), bad
    # archive-purge in Finnish: its form and a bad number of days.
    first = await h.command(admin, h.COMPONENT, "archive-purge", lang="fi")
    assert first.form.title == t("fi", "adhoc_cmd_archive_purge")
    assert first.form.fields["days"].label == t("fi", "adhoc_purge_days")
    bad = await h.command(admin, h.COMPONENT, "archive-purge",
                          action="complete", sessionid=first.sessionid,
                          lang="fi", form={"room": ROOM, "days": "-1"})
    assert h.expect_refused(bad, {"room": ROOM, "days": "-1"}) == (
        t("fi", "adhoc_purge_bad_days"), "fi"), bad
    # A room that is not there, in Finnish, marked so: an error, not the
    # form again (what was chosen is gone).
    bad = await h.command(admin, h.COMPONENT, "extend", lang="fi")
    bad = await h.command(admin, h.COMPONENT, "extend", action="complete",
                          sessionid=bad.sessionid, lang="fi",
                          form={"room": "nosuchroom", "minutes": "15"})
    assert error_text_and_lang(bad) == (t("fi", "adhoc_no_room"), "fi"), bad


async def test_model_reasons_follow_xml_lang(env):
    """What schedule.c, room.c and staff.c say is wrong comes from the
    catalogues too (issue 15): a Finnish admin's schedule-set with a bad
    line and staff-import with a bad line get the whole text in Finnish,
    the reason included; a bad room name in Swedish; English unchanged
    without a language."""
    await env.start_ecopper(timezone="Europe/Helsinki")
    admin = await env.admin()
    await h.create_room(admin, "ask")

    # schedule-set: a weekday in Finnish (the parser takes English ones)
    # and an hour out of range, each named with its line.
    for line, why in (("ma 16:00-18:00",
                       t("fi", "why_sched_unknown_weekday", "ma")),
                      ("mon 16:00-25:00", t("fi", "why_sched_hour", "25"))):
        first = await h.command(admin, h.COMPONENT, "schedule-set",
                                lang="fi")
        typed = {"room": "ask",
                 "slots": ["mon 16:00-18:00", line]}
        bad = await h.command(admin, h.COMPONENT, "schedule-set",
                              action="complete", sessionid=first.sessionid,
                              lang="fi", form=typed)
        assert h.expect_refused(bad, typed) == (
            t("fi", "adhoc_line_bad", t("fi", "adhoc_slots"), "2", line,
              why), "fi"), bad
    # An exception's date, in the exceptions box.
    first = await h.command(admin, h.COMPONENT, "schedule-set", lang="fi")
    bad = await h.command(admin, h.COMPONENT, "schedule-set",
                          action="complete", sessionid=first.sessionid,
                          lang="fi", form={"room": "ask",
                                           "exceptions": ["2026-02-30 closed"]})
    assert h.expect_refused(bad, {"exceptions": ["2026-02-30 closed"]}) == (
        t("fi", "adhoc_line_bad", t("fi", "adhoc_exceptions"), "1",
          "2026-02-30 closed", t("fi", "why_sched_day", "30", "2026-02")),
        "fi"), bad
    # Without a language: the English reasons the docs quote.
    _, bad = await h.run_command(admin, "schedule-set", {
        "room": "ask", "slots": ["mon 16:00-25:00"]})
    assert h.expect_refused(bad, {"slots": ["mon 16:00-25:00"]}) == (
        "Weekly slots, line 1 ('mon 16:00-25:00'): hour 25 out of range; "
        "nothing was stored.", "en"), bad

    # staff-import: a role that is not one of the two words, on line 2
    # (nothing stored); then a name another member has, with its owner.
    first = await h.command(admin, h.COMPONENT, "staff-import", lang="fi")
    typed = {"staff": ["pekka@localhost; Pekka; Poliisi; Oulu",
                       "zoe@localhost; Zoe; ; ; pomo"]}
    bad = await h.command(admin, h.COMPONENT, "staff-import",
                          action="complete", sessionid=first.sessionid,
                          lang="fi", form=typed)
    assert h.expect_refused(bad, typed) == (
        t("fi", "adhoc_import_line", "2", t("fi", "why_import_role")),
        "fi"), bad
    assert "moderator" in t("fi", "why_import_role")
    listed, _ = await h.run_command(admin, "staff-list", {})
    assert "pekka@localhost" not in str(listed), listed
    h.expect_completed((await h.run_command(admin, "staff-import", {
        "staff": ["pekka@localhost; Pekka"]}))[1], "staff-import")
    first = await h.command(admin, h.COMPONENT, "staff-import", lang="fi")
    typed = {"staff": ["# osoite; nimi", "zoe@localhost; Pekka"]}
    bad = await h.command(admin, h.COMPONENT, "staff-import",
                          action="complete", sessionid=first.sessionid,
                          lang="fi", form=typed)
    assert h.expect_refused(bad, typed) == (
        t("fi", "adhoc_import_line", "2",
          t("fi", "why_import_name_belongs", "Pekka", "pekka@localhost")),
        "fi"), bad

    # A room name create-room cannot take, in Swedish.
    first = await h.command(admin, h.COMPONENT, "create-room", lang="sv")
    bad = await h.command(admin, h.COMPONENT, "create-room",
                          action="complete", sessionid=first.sessionid,
                          lang="sv", form={"name": "-fråga",
                                           "mode": "open"})
    assert h.expect_refused(bad, {"name": "-fråga", "mode": "open"}) == (
        t("sv", "why_room_name_chars"), "sv"), bad
