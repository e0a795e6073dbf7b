"""
Ad-hoc forms that survive a bad value (issue 18): a submitted form with a
value ecopper refuses comes back as the same form, with what was typed
and a note of type error saying why (XEP-0050: status executing, same
session), instead of an IQ error that clients show on an end page with
the form gone (Gajim 1.7). A corrected submission in the same session
then goes through. What is not about the values typed (a room gone, a
session unknown, a command without a form) stays an IQ error.
"""

import harness as h

ROOM = f"ask@{h.COMPONENT}"


def same_form(again, first):
    """Asserts again shows first's form: title, instructions, the fields
    (var, type, label, options) in the same order, and its actions."""
    a, f = again.form, first.form
    assert (a.title, a.instructions) == (f.title, f.instructions), \
        (a.title, a.instructions)
    assert [(x.var, x.type, x.label, x.required, x.options)
            for x in a.fields.values()] == \
        [(x.var, x.type, x.label, x.required, x.options)
         for x in f.fields.values()], a.fields
    assert (again.execute, again.actions) == (first.execute, first.actions), \
        again


@h.dated
async def test_opening_hours_bad_line_comes_back_in_the_form(env):
    await env.start_ecopper(timezone="Europe/Helsinki")
    admin = await env.admin()
    await h.create_room(admin, "ask")
    first = await h.command(admin, h.COMPONENT, "schedule-set")
    assert first.status == "executing" and first.form, first
    typed = {"room": ROOM, "slots": ["mon 16:00-18:00", "tue 25:00-18:00"],
             "exceptions": [], "remove": "0", "greeting": "Hei!",
             "warn": "5"}
    bad, why, lang = await h.submit_refused(admin, h.COMPONENT,
                                            "schedule-set", first, typed)
    # The exact line, in its field, and a note naming it.
    assert bad.form.fields["slots"].values == ["mon 16:00-18:00",
                                               "tue 25:00-18:00"], bad
    assert why == ("Weekly slots, line 2 ('tue 25:00-18:00'): hour 25 out "
                   "of range; nothing was stored."), why
    assert lang == "en", lang
    assert bad.notes == [("error", why)], bad.notes
    same_form(bad, first)
    # Nothing was stored meanwhile.
    _, shown = await h.run_command(admin, "schedule-show", {"room": ROOM})
    assert shown.form.fields["slots"].values == [], shown.form.fields
    # Wrong again in the same session: the form again, the new text kept.
    typed["slots"] = ["mon 16:00-18:00", "tue 16:00-18:00",
                      "wed 26:00-27:00"]
    bad, why, _ = await h.submit_refused(admin, h.COMPONENT, "schedule-set",
                                         first, typed)
    assert "Weekly slots, line 3 ('wed 26:00-27:00')" in why, why
    # Corrected in the same session: it completes and is stored.
    typed["slots"] = ["mon 16:00-18:00", "tue 16:00-18:00"]
    done = await h.command(admin, h.COMPONENT, "schedule-set",
                           action=bad.execute, sessionid=first.sessionid,
                           form=typed)
    h.expect_completed(done, "schedule-set corrected")
    assert done.notes[0][0] == "info" and \
        "weekly slots: 2, exceptions: 0" in done.notes[0][1], done.notes
    _, shown = await h.run_command(admin, "schedule-show", {"room": ROOM})
    f = shown.form.fields
    assert f["slots"].values == ["mon 16:00-18:00", "tue 16:00-18:00"], f
    assert f["greeting"].value == "Hei!" and f["warn"].value == "5", f
    # The session ended with it.
    again = await h.command(admin, h.COMPONENT, "schedule-set",
                            action="complete", sessionid=first.sessionid,
                            form=typed)
    assert again.error and again.error.condition == "bad-request", again


async def test_list_field_by_label_with_a_bad_value_comes_back(env):
    """A list field submitted by its option's label (as Gajim 1.7 does)
    comes back with the option's value; a value that is no option comes
    back as typed, with the note."""
    await env.start_ecopper()
    admin = await env.admin()
    first = await h.command(admin, h.COMPONENT, "create-room")
    labels = dict(first.form.fields["mode"].options)
    moderated = next(lab for lab, v in labels.items() if v == "moderated")
    # A mode that is no option: kept as typed, the note says so.
    bad, why, _ = await h.submit_refused(
        admin, h.COMPONENT, "create-room", first,
        {"name": "ask", "title": "Ask", "mode": "party"})
    assert why.startswith("Mode: choose open, queue or moderated"), why
    same_form(bad, first)
    # The mode by its label, and a bad line: the mode comes back as its
    # value, the line as typed.
    bad, why, _ = await h.submit_refused(
        admin, h.COMPONENT, "create-room", first,
        {"name": "ask", "title": "Ask", "mode": moderated,
         "slots": ["mon 16:00-25:00"]},
        kept={"name": "ask", "title": "Ask", "mode": "moderated",
              "slots": ["mon 16:00-25:00"]})
    assert "Weekly slots, line 1 ('mon 16:00-25:00')" in why, why
    assert not await h.room_jids(admin), "a room was created"
    # Corrected: the room is made, moderated.
    done = await h.command(admin, h.COMPONENT, "create-room",
                           action="complete", sessionid=first.sessionid,
                           form={"name": "ask", "title": "Ask",
                                 "mode": moderated})
    h.expect_completed(done, "create-room corrected")
    assert "created (moderated)" in done.notes[0][1], done.notes
    assert ROOM in await h.room_jids(admin)


async def test_refusals_not_about_the_values_stay_errors(env):
    await env.start_ecopper()
    admin = await env.admin()
    await h.create_room(admin, "ask")
    # The room chosen is not there (or gone meanwhile): an error, as the
    # form would still offer it.
    first = await h.command(admin, h.COMPONENT, "schedule-set")
    r = await h.command(admin, h.COMPONENT, "schedule-set",
                        action="complete", sessionid=first.sessionid,
                        form={"room": "nosuchroom",
                              "slots": ["mon 16:00-18:00"]})
    h.expect_error(r.stanza, "item-not-found", what="a room not there")
    # A form submitted without a session (no form was shown): an error.
    r = await h.command(admin, h.COMPONENT, "create-room",
                        form={"name": "two words"})
    h.expect_error(r.stanza, "bad-request", what="no form shown")
    assert r.status is None, r
    # A refused form can still be cancelled; the session is then gone.
    first = await h.command(admin, h.COMPONENT, "create-room")
    await h.submit_refused(admin, h.COMPONENT, "create-room", first,
                           {"name": "two words"})
    r = await h.command(admin, h.COMPONENT, "create-room", action="cancel",
                        sessionid=first.sessionid)
    assert r.error is None and r.status == "canceled", r
    r = await h.command(admin, h.COMPONENT, "create-room",
                        action="complete", sessionid=first.sessionid,
                        form={"name": "fine"})
    h.expect_error(r.stanza, "bad-request", what="a cancelled session")
    # A submission that is not a form's values (type form): an error.
    first = await h.command(admin, h.COMPONENT, "create-room")
    r = await h.command(admin, h.COMPONENT, "create-room",
                        action="complete", sessionid=first.sessionid,
                        form=h.submit_form({"name": "two words"}, "form"))
    h.expect_error(r.stanza, "bad-request", what="type form")


async def staff_row(admin, jid):
    """The staff-list row of jid: var -> value."""
    first, _ = await h.run_command(admin, "staff-list", {})
    rows = [r for r in first.form.items if r["jid"] == [jid]]
    assert len(rows) == 1, first.form.items
    return {k: v[0] if v else "" for k, v in rows[0].items()}


async def test_staff_edit_prefills_and_clears_only_what_is_emptied(env):
    """staff-edit shows the member's entry; a field the client leaves out
    keeps its value (a moderator is not made a participant by a form
    without the role); a box emptied of what it showed clears it; a
    refused value (a name emptied) brings the edit form back, not the
    list; choosing nobody brings the list back."""
    await env.start_ecopper()
    admin = await env.admin()
    _, last = await h.run_command(admin, "staff-add", {
        "jid": "anna@localhost", "name": "Youth worker Anna",
        "title": "Youth worker", "organisation": "City",
        "role": "moderator"})
    h.expect_completed(last, "staff-add")

    first = await h.command(admin, h.COMPONENT, "staff-edit")
    # Nobody chosen: the list again, with the note.
    _, why, _ = await h.submit_refused(admin, h.COMPONENT, "staff-edit",
                                       first, {"jid": ""})
    assert why == "Choose a member of staff.", why
    pick = await h.command(admin, h.COMPONENT, "staff-edit", action="next",
                           sessionid=first.sessionid,
                           form={"jid": "anna@localhost"})
    f = pick.form.fields
    assert (f["name"].value, f["title"].value, f["organisation"].value,
            f["role"].value) == ("Youth worker Anna", "Youth worker",
                                 "City", "moderator"), f
    # The name emptied: refused, the edit form again with what was typed.
    bad, why, _ = await h.submit_refused(
        admin, h.COMPONENT, "staff-edit", pick,
        {"jid": "anna@localhost", "name": "", "title": "Senior youth worker"})
    assert bad.form.fields["organisation"].value == "City", bad
    # Only the title, the rest left out (the address too: the member
    # chosen in the list is the one edited): kept, the role too.
    done = await h.command(admin, h.COMPONENT, "staff-edit",
                           action="complete", sessionid=first.sessionid,
                           form={"title": "Senior youth worker"})
    h.expect_completed(done, "staff-edit, only the title")
    row = await staff_row(admin, "anna@localhost")
    assert (row["name"], row["title"], row["organisation"], row["role"]) == \
        ("Youth worker Anna", "Senior youth worker", "City",
         "moderator"), row
    # The organisation box emptied: cleared.
    first = await h.command(admin, h.COMPONENT, "staff-edit")
    pick = await h.command(admin, h.COMPONENT, "staff-edit", action="next",
                           sessionid=first.sessionid,
                           form={"jid": "anna@localhost"})
    values = {v: fl.value or "" for v, fl in pick.form.fields.items()}
    values["organisation"] = ""
    done = await h.command(admin, h.COMPONENT, "staff-edit",
                           action="complete", sessionid=first.sessionid,
                           form=values)
    h.expect_completed(done, "staff-edit, organisation emptied")
    row = await staff_row(admin, "anna@localhost")
    assert (row["title"], row["organisation"], row["role"]) == \
        ("Senior youth worker", "", "moderator"), row
