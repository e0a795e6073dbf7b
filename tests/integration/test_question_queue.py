"""The question queue (pre-moderation, issue 6): a youth's message waits;
moderators approve with "ok N" or reject with "no N reason" from any
client's private chat with the room; staff are never held."""
import re

import harness as h
from test_moderation_roles import ROOM, join
from test_room_config import submit


async def setup(env):
    await env.start_ecopper()
    admin = await env.admin()
    await h.create_room(admin, "ask")
    h.expect_result(await submit(admin, {"x-ecopper#queue": "1"}), "queue on")
    await join(admin, "Moderator")
    youth = await env.anon_client()
    await join(youth, "kid")
    return admin, youth


def from_room(body_part):
    """A notice from the room (to a youth) or its desk (to staff)."""
    return lambda s: s.name == "message" and \
        h.is_from_room_or_desk(s, ROOM) and body_part in (s["body"] or "")


async def ask(admin, youth, text):
    """The youth asks; returns the number the moderator was given."""
    told = h.expect(youth, from_room("waiting for a moderator"), "waiting")
    note = await h.wait_for(admin, from_room(text), action=youth.make_message(
        mto=ROOM, mtype="groupchat", mbody=text).send, what="held question")
    await told.wait()
    return int(re.search(r"#(\d+)", note["body"]).group(1))


async def test_held_question_is_published_on_ok(env):
    admin, youth = await setup(env)
    late = await env.anon_client()
    await join(late, "late")
    seen_early = h.expect(late, lambda s: s.name == "message"
                          and s["body"] == "Is it legal to ride two on a "
                          "bike?", "published question")
    n = await ask(admin, youth, "Is it legal to ride two on a bike?")
    got = await h.wait_for(youth, lambda s: s.name == "message"
                           and s["type"] == "groupchat"
                           and h.from_of(s) == f"{ROOM}/kid",
                           action=admin.make_message(
                               mto=ROOM, mtype="chat", mbody=f"ok {n}").send,
                           what="own question published")
    assert got["body"] == "Is it legal to ride two on a bike?"
    await seen_early.wait()


async def test_held_question_never_reaches_others_before_approval(env):
    admin, youth = await setup(env)
    other = await env.anon_client()
    await join(other, "other")
    with h.record(other, lambda s: s.name == "message") as rec:
        await ask(admin, youth, "secret question")
        await h.sync_with_room(other, ROOM)
    assert not any("secret question" in (s["body"] or "")
                   for s in rec.stanzas), "held message leaked"


async def test_rejected_question_is_reported_with_reason(env):
    admin, youth = await setup(env)
    n = await ask(admin, youth, "what is the name of the officer's school")
    note = await h.wait_for(youth, from_room("not published"),
                            action=admin.make_message(
                                mto=ROOM, mtype="chat",
                                mbody=f"no {n} no personal questions please"
                            ).send)
    assert "no personal questions please" in note["body"]
    listing = await h.wait_for(admin, from_room("No question"),
                               action=admin.make_message(
                                   mto=ROOM, mtype="chat",
                                   mbody="queue").send)
    assert listing is not None


async def test_staff_and_moderators_are_not_held(env):
    admin, youth = await setup(env)
    await h.muc_say(admin, ROOM, "Welcome, ask away!", observers=(youth,))


async def test_youth_reports_abuse_to_moderators(env):
    admin, youth = await setup(env)
    thanked = h.expect(youth, from_room("moderators have your report"),
                       "thanks")
    got = await h.wait_for(admin, from_room("Report from kid"),
                           action=youth.make_message(
                               mto=ROOM, mtype="chat",
                               mbody="report troll keeps insulting me").send,
                           what="report at the moderator")
    assert "troll keeps insulting me" in got["body"]
    assert youth.boundjid.bare not in h.to_string(got)
    await thanked.wait()


async def test_back_room_sees_questions_and_approves_with_ok(env):
    admin, youth = await setup(env)
    await h.create_room(admin, "ask-staff")
    h.expect_result(await h.send_iq(admin, "ask-staff@" + h.COMPONENT, (
        "<query xmlns='http://jabber.org/protocol/muc#owner'>"
        "<x xmlns='jabber:x:data' type='submit'>"
        "<field var='muc#roomconfig_membersonly'><value>1</value></field>"
        "<field var='muc#roomconfig_publicroom'><value>0</value></field>"
        "</x></query>"), itype="set"), "back room config")
    back = "ask-staff@" + h.COMPONENT
    await join(admin, "Moderator", room=back)
    # Youths cannot enter the back room.
    other = await env.anon_client()
    r = await h.muc_try_enter(other, back, "peek")
    h.expect_error(r, "registration-required", "auth")
    seen = h.expect(admin, lambda s: s.name == "message"
                    and h.is_from_desk(s, back)
                    and "Question #" in (s["body"] or ""), "in back room")
    youth.make_message(mto=ROOM, mtype="groupchat",
                       mbody="Can I get a moped licence at 15?").send()
    note = await seen.wait()
    n = re.search(r"#(\d+)", note["body"]).group(1)
    published = h.expect(youth, lambda s: s.name == "message"
                         and h.from_of(s) == f"{ROOM}/kid"
                         and s["body"] == "Can I get a moped licence at 15?",
                         "published")
    admin.make_message(mto=back, mtype="groupchat", mbody=f"ok {n}").send()
    await published.wait()


async def test_a_back_room_is_staff_only_hidden_and_not_anonymous(env):
    """create-room of NAME-staff next to NAME makes a staff back room as
    issue 6 asks, with no configuration: members only, hidden, and not
    anonymous among the staff in it. A youth never enters it, not even
    one made a member."""
    from test_staff import add_staff
    await env.start_ecopper(youth_domains=h.ANON_DOMAIN)
    admin = await env.admin()
    await h.create_room(admin, "ask")
    await h.create_room(admin, "ask-staff")
    back = "ask-staff@" + h.COMPONENT
    info = h.expect_result(await h.disco_info(admin, back), "back room")
    assert {"muc_membersonly", "muc_hidden", "muc_nonanonymous"} <= \
        h.features(info), h.features(info)
    youth = await env.anon_client()
    assert back not in await h.room_jids(youth), "back room listed"
    h.expect_error(await h.muc_try_enter(youth, back, "peek"),
                   "registration-required", "auth")
    await join(admin, "Moderator", room=back)
    h.expect_result(await h.send_iq(admin, back, (
        f"<query xmlns='http://jabber.org/protocol/muc#admin'><item "
        f"affiliation='member' jid='{youth.boundjid.bare}'/></query>"),
        itype="set"), "youth made a member")
    r = await h.muc_try_enter(youth, back, "peek")
    h.expect_error(r, "registration-required", "auth")
    # (A membership stores the account's address, as privacy.md says;
    # taken back, so the database ends with no youth's address.)
    h.expect_result(await h.send_iq(admin, back, (
        f"<query xmlns='http://jabber.org/protocol/muc#admin'><item "
        f"affiliation='none' jid='{youth.boundjid.bare}'/></query>"),
        itype="set"), "membership taken back")
    # Staff get in, and see each other's addresses.
    await add_staff(admin, h.USER[0], "Officer Mikko")
    officer = await env.user()
    seen = h.expect(officer, lambda s: s.name == "presence"
                    and h.from_of(s) == f"{back}/Moderator", "the admin")
    # (entered under the registered name: 210, as staff always are)
    own = await h.wait_for(
        officer, lambda s: s.name == "presence"
        and h.from_of(s).startswith(back + "/")
        and (s["type"] == "error" or "110" in h.muc_codes(s)),
        action=h.muc_join_presence(officer, back, "x").send,
        what="the officer's entry")
    assert h.stanza_type(own) != "error", own
    item = h.muc_item(await seen.wait())
    assert item is not None and \
        item.get("jid", "").startswith(h.ADMIN[0]), h.to_string(item)


# ------------------------------------------- the review command (XEP-0050)

async def review(client, action="execute", sessionid=None, form=None):
    return await h.command(client, ROOM, "queue", action=action,
                           sessionid=sessionid, form=form)


def numbers(cmd):
    return [v for _, v in cmd.form.fields["questions"].options]


async def test_review_command_lists_approves_then_rejects(env):
    admin, youth = await setup(env)
    n1 = await ask(admin, youth, "May I carry a knife for fishing?")
    n2 = await ask(admin, youth, "what is your number")
    listed = h.items(h.expect_result(
        await h.disco_items(admin, to=ROOM, node=h.NS_COMMANDS), "commands"))
    assert (ROOM, "queue") in {(j, n) for j, n, _ in listed}, listed
    first = await review(admin)
    assert first.error is None and first.status == "executing", first
    assert "complete" in first.actions and "next" in first.actions, first
    labels = [l for l, _ in first.form.fields["questions"].options]
    assert numbers(first) == [str(n1), str(n2)], labels
    assert "kid" in labels[0] and "knife for fishing" in labels[0], labels
    assert re.search(r"\b\d{1,2}[.:]\d\d\b", labels[0]), \
        f"no time in {labels[0]}"
    assert first.form.fields["decision"].value == "approve"

    published = h.expect(youth, lambda s: s.name == "message"
                         and h.from_of(s) == f"{ROOM}/kid"
                         and s["body"] == "May I carry a knife for fishing?",
                         "approved through the form")
    step = await review(admin, "next", first.sessionid,
                        {"questions": [str(n1)], "decision": "approve"})
    await published.wait()
    assert step.status == "executing", step
    assert any(f"#{n1} published" in t for _, t in step.notes), step.notes
    assert numbers(step) == [str(n2)], "approved question still listed"

    told = h.expect(youth, from_room("not published"), "rejection")
    last = await review(admin, "complete", first.sessionid,
                        {"questions": [str(n2)], "decision": "reject",
                         "reason": "we do not give out numbers"})
    assert last.status == "completed", last
    assert "we do not give out numbers" in (await told.wait())["body"]
    listing = await h.wait_for(admin, from_room("No question"),
                               action=admin.make_message(
                                   mto=ROOM, mtype="chat",
                                   mbody="queue").send)
    assert listing is not None


async def test_review_takes_the_labels_gajim_sends_for_list_fields(env):
    """Gajim 1.7 submits a list-multi's ticked options by their labels
    ("#1 21:05 kid: ...") and a list-single's by its label too; the
    command reads them as the options' values."""
    admin, youth = await setup(env)
    n1 = await ask(admin, youth, "Is a helmet required on a moped?")
    first = await review(admin)
    label = first.form.fields["questions"].options[0][0]
    decision = dict(first.form.fields["decision"].options)
    approve = next(l for l, v in first.form.fields["decision"].options
                   if v == "approve")
    assert label != str(n1) and approve in decision, first.form
    published = h.expect(youth, lambda s: s.name == "message"
                         and h.from_of(s) == f"{ROOM}/kid"
                         and s["body"] == "Is a helmet required on a moped?",
                         "approved by label")
    last = await review(admin, "complete", first.sessionid,
                        {"questions": [f" {label} "], "decision": approve})
    assert last.status == "completed" and last.error is None, last
    await published.wait()


async def test_review_command_is_forbidden_to_non_moderators(env):
    admin, youth = await setup(env)
    await ask(admin, youth, "hello?")
    cmd = await review(youth)
    assert cmd.error is not None and cmd.error.condition == "forbidden", \
        f"youth ran the review: {cmd}"
    assert "moderators" in (cmd.error.text or ""), cmd.error
    listed = h.items(h.expect_result(
        await h.disco_items(youth, to=ROOM, node=h.NS_COMMANDS), "commands"))
    assert not listed, f"youth sees commands: {listed}"


async def test_review_permission_is_checked_at_every_step(env):
    admin, youth = await setup(env)
    user = await env.user()
    await join(user, "helper")
    h.expect_result(await h.send_iq(admin, ROOM, (
        f"<query xmlns='{h.NS_MUC_ADMIN}'><item nick='helper' "
        "role='moderator'/></query>"), itype="set"), "grant moderator")
    n = await ask(admin, youth, "is this ok")
    first = await review(user)
    assert first.error is None and numbers(first) == [str(n)], first
    # Taken back before the moderator submits: refused, nothing published.
    h.expect_result(await h.send_iq(admin, ROOM, (
        f"<query xmlns='{h.NS_MUC_ADMIN}'><item nick='helper' "
        "role='participant'/></query>"), itype="set"), "revoke moderator")
    step = await review(user, "complete", first.sessionid,
                        {"questions": [str(n)], "decision": "approve"})
    assert step.error is not None and step.error.condition == "forbidden", \
        f"former moderator decided: {step}"
    again = await review(admin)
    assert numbers(again) == [str(n)], "question gone after a refused step"


async def test_review_names_a_question_another_moderator_decided(env):
    admin, youth = await setup(env)
    n = await ask(admin, youth, "first come")
    first = await review(admin)
    assert numbers(first) == [str(n)], first
    await h.wait_for(admin, from_room(f"Published #{n}"),
                     action=admin.make_message(mto=ROOM, mtype="chat",
                                               mbody=f"ok {n}").send)
    last = await review(admin, "complete", first.sessionid,
                        {"questions": [str(n)], "decision": "reject"})
    assert last.error is None and last.status == "completed", last
    assert any(t == "warn" and "another moderator" in text
               for t, text in last.notes), last.notes


async def test_review_with_nothing_waiting_completes_at_once(env):
    admin, _ = await setup(env)
    cmd = await review(admin)
    assert cmd.status == "completed", cmd
    assert any("No question is waiting" in t for _, t in cmd.notes), cmd


# ------------------------- the form in each "Question #N" message (XEP-0004)

QUEUE_FORM = "urn:xmpp:ecopper:queue:0"


def question_form(note):
    x = h.xml_of(note).find(f"{{{h.NS_DATA}}}x")
    assert x is not None, f"no form in the question: {h.to_string(note)}"
    return h.parse_form(x)


def decide(client, values):
    msg = client.make_message(mto=ROOM)
    msg.append(h.submit_form({"FORM_TYPE": QUEUE_FORM, **values}))
    return msg


async def test_question_message_form_approves_when_submitted(env):
    admin, youth = await setup(env)
    told = h.expect(youth, from_room("waiting for a moderator"), "waiting")
    note = await h.wait_for(admin, from_room("Do I need a helmet?"),
                            action=youth.make_message(
                                mto=ROOM, mtype="groupchat",
                                mbody="Do I need a helmet?").send)
    await told.wait()
    f = question_form(note)
    assert f.type == "form" and f.fields["FORM_TYPE"].value == QUEUE_FORM
    assert f.fields["nick"].value == "kid"
    assert f.fields["text"].value == "Do I need a helmet?"
    assert {v for _, v in f.fields["decision"].options} == \
        {"approve", "reject"}
    assert youth.boundjid.bare not in h.to_string(note)
    published = h.expect(youth, lambda s: s.name == "message"
                         and h.from_of(s) == f"{ROOM}/kid"
                         and s["body"] == "Do I need a helmet?", "published")
    ack = await h.wait_for(admin, from_room("Published #"), action=decide(
        admin, {"question": f.fields["question"].value,
                "decision": "approve"}).send)
    await published.wait()
    assert f"#{f.fields['question'].value}" in ack["body"]


async def test_question_message_form_rejects_with_reason(env):
    admin, youth = await setup(env)
    n = await ask(admin, youth, "my snap is kid123")
    told = await h.wait_for(youth, from_room("not published"), action=decide(
        admin, {"question": str(n), "decision": "reject",
                "reason": "no contact details here"}).send)
    assert "no contact details here" in told["body"]
    # Submitted twice (a second moderator): said so, nothing breaks.
    again = await h.wait_for(admin, from_room("not waiting"), action=decide(
        admin, {"question": str(n), "decision": "approve"}).send)
    assert "another moderator" in again["body"]


async def test_question_message_form_from_youth_is_forbidden(env):
    admin, youth = await setup(env)
    n = await ask(admin, youth, "let me approve myself")
    err = await h.wait_for(youth, lambda s: s.name == "message"
                           and s["type"] == "error", action=decide(
                               youth, {"question": str(n),
                                       "decision": "approve"}).send)
    h.expect_error(err, "forbidden")
    listing = await h.wait_for(admin, from_room(f"#{n} kid"),
                               action=admin.make_message(
                                   mto=ROOM, mtype="chat",
                                   mbody="queue").send)
    assert "let me approve myself" in listing["body"]


# ------------------------------------- the room's notices in a youth's language

async def join_lang(client, nick, lang):
    """Joins ROOM with xml:lang on the join presence (enter_lang())."""
    return await enter_lang(client, ROOM, nick, lang)


async def test_queue_notices_speak_the_youths_language(env):
    admin, _ = await setup(env)
    fi = await env.anon_client()
    await join_lang(fi, "tyttö", "fi-FI")
    waiting = h.expect(fi, from_room("Kysymyksesi odottaa moderaattoria"),
                       "Finnish queue notice")
    note = await h.wait_for(admin, from_room("saako mopolla ajaa"),
                            action=fi.make_message(
                                mto=ROOM, mtype="groupchat",
                                mbody="saako mopolla ajaa kahdestaan?").send)
    await waiting.wait()
    n = re.search(r"#(\d+)", note["body"]).group(1)
    rejected = await h.wait_for(fi, from_room("Kysymystäsi ei julkaistu"),
                                action=admin.make_message(
                                    mto=ROOM, mtype="chat",
                                    mbody=f"no {n} kysy yksityisesti").send)
    assert rejected["body"].endswith(": kysy yksityisesti"), rejected["body"]

    uk = await env.anon_client()
    await join_lang(uk, "oksana", "uk")
    thanks = await h.wait_for(uk, from_room("Дякуємо"), action=uk.make_message(
        mto=ROOM, mtype="chat", mbody="report troll образи").send)
    assert "Модератори отримали" in thanks["body"]


async def test_refusals_speak_the_youths_language(env):
    await env.start_ecopper()
    admin = await env.admin()
    await h.create_room(admin, "ask")
    sv = await env.anon_client()
    await join_lang(sv, "elsa", "sv")
    msg = sv.make_message(mto=ROOM, mtype="groupchat",
                          mbody="se https://example.org")
    err = await h.wait_for(sv, lambda s: s.name == "message"
                           and s["type"] == "error", action=msg.send)
    h.expect_error(err, "policy-violation")
    text = h.xml_of(err).find(f"{{{h.NS_CLIENT}}}error/"
                              f"{{{h.NS_STANZAS}}}text")
    assert text is not None and text.text == "Länkar är inte tillåtna här.", \
        h.to_string(err)
    assert text.get("{http://www.w3.org/XML/1998/namespace}lang") == "sv"


async def test_nick_refusals_speak_the_youths_language(env):
    from test_opening_hours import try_join, error_text_and_lang
    admin, _ = await setup(env)  # "kid" is in the room
    other = await env.anon_client()
    got = await try_join(other, "kid", lang="fi")
    h.expect_error(got, "conflict")
    assert error_text_and_lang(got) == (
        "Joku huoneessa käyttää jo tätä nimimerkkiä; valitse toinen.", "fi")
    got = await try_join(other, "poliisi-pena", lang="sv")
    h.expect_error(got, "not-acceptable")
    text, lang = error_text_and_lang(got)
    assert lang == "sv" and "reserverat för personalen" in text, text
    # A nick change: in the language the youth entered with.
    await join_lang(other, "oksana", "uk")
    err = await h.wait_for(other, h.is_presence_error_from(f"{ROOM}/kid"),
                           action=other.make_presence(
                               pto=f"{ROOM}/kid").send)
    h.expect_error(err, "conflict")
    text, lang = error_text_and_lang(err)
    assert lang == "uk" and "нікнейм уже використовує" in text, text


# -------------------------- what staff read, in the language of their join

async def enter_lang(client, room, nick, lang):
    """Enters room with xml:lang on the join presence (sent as text:
    slixmpp would otherwise mark it with its stream's language)."""
    from xml.sax.saxutils import quoteattr
    room_nick = f"{room}/{nick}"
    raw = (f"<presence to={quoteattr(room_nick)} xml:lang={quoteattr(lang)}>"
           f"<x xmlns='{h.NS_MUC}'/></presence>")
    return await h.wait_for(client, h.is_self_presence_of(room_nick),
                            action=lambda: client.send_raw(raw),
                            what=f"self-presence {nick}")


def private_from_room(body_part):
    return lambda s: from_room(body_part)(s) and s["type"] == "chat"


async def test_each_moderator_reads_in_the_language_of_their_join(env):
    """A moderator who entered in Finnish and one who entered in English
    get the same held question, each in their language (the data form in
    it unchanged), and so the answers to their commands and a youth's
    report; the back room's copy is in the language of each there."""
    from test_moderation_roles import admin_set
    await env.start_ecopper()
    admin = await env.admin()
    await h.create_room(admin, "ask")
    h.expect_result(await submit(admin, {"x-ecopper#queue": "1"}), "queue on")
    await h.create_room(admin, "ask-staff")
    back = "ask-staff@" + h.COMPONENT
    await enter_lang(admin, ROOM, "Valvoja", "fi-FI")
    await enter_lang(admin, back, "Valvoja", "fi")
    officer = await env.user()
    await enter_lang(officer, ROOM, "Anna", "en")
    await h.wait_for(officer, lambda s: s.name == "presence"
                     and h.from_of(s) == f"{ROOM}/Anna"
                     and 'role="moderator"' in h.to_string(s)
                     .replace("'", '"'),
                     action=lambda: admin_set(
                         admin, "<item nick='Anna' role='moderator'/>"),
                     what="the officer made moderator")
    youth = await env.anon_client()
    await join(youth, "kid")

    q = "Saako mopolla ajaa kahdestaan?"
    fi = h.expect(admin, private_from_room(q), "the question in Finnish")
    copy = h.expect(admin, lambda s: s.name == "message"
                    and h.is_from_desk(s, back) and q in (s["body"] or ""),
                    "the back room's copy")
    en = await h.wait_for(officer, private_from_room(q),
                          action=youth.make_message(
                              mto=ROOM, mtype="groupchat", mbody=q).send,
                          what="the question in English")
    n = re.search(r"#(\d+)", en["body"]).group(1)
    assert en["body"] == (
        f"Question #{n} from kid: {q}\n\nReply here with: ok {n} (publish) "
        f"or no {n} and a reason (reject). Type queue to list what waits."), \
        en["body"]
    fi = await fi.wait()
    assert fi["body"] == (
        f"Kysymys #{n} käyttäjältä kid: {q}\n\nVastaa tähän: ok {n} "
        f"(julkaise) tai no {n} ja syy (hylkää). Kirjoita queue, niin näet "
        f"odottavat kysymykset."), fi["body"]
    # The form is for programs: the same whatever the language.
    assert question_form(fi).fields["question"].value == n
    assert question_form(fi).fields["text"].value == q
    assert (await copy.wait())["body"] == \
        f"Kysymys #{n} käyttäjältä kid: {q}  (ok {n} / no {n} syy)"

    # The command words are the same in every language.
    done = await h.wait_for(admin, private_from_room(f"#{n}"),
                            action=admin.make_message(
                                mto=ROOM, mtype="chat",
                                mbody=f"ok {n}").send)
    assert done["body"] == f"Kysymys #{n} julkaistiin.", done["body"]
    late = await h.wait_for(officer, private_from_room(f"#{n}"),
                            action=officer.make_message(
                                mto=ROOM, mtype="chat",
                                mbody=f"no {n} too late").send)
    assert late["body"].startswith(f"Question #{n} is not waiting"), \
        late["body"]
    empty = await h.wait_for(admin, private_from_room("kysy"),
                             action=admin.make_message(
                                 mto=ROOM, mtype="chat",
                                 mbody="queue").send)
    assert empty["body"] == "Odottavia kysymyksiä ei ole.", empty["body"]

    # A report: each moderator reads it in their language.
    fi = h.expect(admin, private_from_room("he keeps insulting me"),
                  "the report in Finnish")
    en = await h.wait_for(officer, private_from_room("he keeps insulting me"),
                          action=youth.make_message(
                              mto=ROOM, mtype="chat",
                              mbody="report troll he keeps insulting me")
                          .send, what="the report in English")
    assert en["body"] == "Report from kid: troll he keeps insulting me"
    assert (await fi.wait())["body"] == \
        "Ilmoitus käyttäjältä kid: troll he keeps insulting me"


NS_NOTICE = "urn:xmpp:ecopper:notice:0"


def notice_of(stanza):
    n = h.xml_of(stanza).find(f"{{{NS_NOTICE}}}notice")
    return None if n is None else (n.get("kind"), n.get("ref"))


async def test_notices_to_youths_carry_a_mark_naming_the_message(env):
    """Programs (the youth page) know the room's notices by a mark, not by
    their words, which are in the youth's language."""
    admin, youth = await setup(env)
    msg = youth.make_message(mto=ROOM, mtype="groupchat", mbody="my q")
    msg["id"] = "q-1"
    told = h.expect(youth, from_room("waiting for a moderator"), "waiting")
    note = await h.wait_for(admin, from_room("my q"), action=msg.send)
    assert notice_of(await told.wait()) == ("question-held", "q-1")
    n = re.search(r"#(\d+)", note["body"]).group(1)
    rejected = await h.wait_for(youth, from_room("not published"),
                                action=admin.make_message(
                                    mto=ROOM, mtype="chat",
                                    mbody=f"no {n} not now").send)
    assert notice_of(rejected) == ("question-rejected", "q-1")
    rep = youth.make_message(mto=ROOM, mtype="chat",
                             mbody="report troll rude")
    rep["id"] = "r-1"
    thanks = await h.wait_for(youth, from_room("moderators have your"),
                              action=rep.send)
    assert notice_of(thanks) == ("report-told", "r-1")


async def test_review_session_belongs_to_its_room(env):
    admin, youth = await setup(env)
    await ask(admin, youth, "which room am I in?")
    await h.create_room(admin, "other")
    await join(admin, "Moderator", room="other@" + h.COMPONENT)
    first = await review(admin)
    assert first.error is None and first.sessionid, first
    # The same session id at another room's JID is not that session.
    cmd = await h.command(admin, "other@" + h.COMPONENT, "queue",
                          action="complete", sessionid=first.sessionid,
                          form={"questions": [numbers(first)[0]]})
    assert cmd.error is not None and cmd.error.condition == "bad-request", \
        f"session crossed rooms: {cmd}"
    again = await review(admin)
    assert numbers(again) == numbers(first), "decided through another room"


# ---------------------------------------------------------------- restarts

async def test_held_questions_survive_kill_9(env):
    """A question its youth was told is waiting is not lost to a crash:
    after kill -9 and a new start the moderators still have it, the
    youth's session, back in the room, hears the outcome, and a decided
    question stays decided."""
    admin, youth = await setup(env)
    first = await ask(admin, youth, "Can the police check my phone?")
    second = await ask(admin, youth, "What is the fine for no bike light?")
    assert await env.kill_ecopper() == -9
    await env.start_ecopper()
    # Entering, the moderator is told at once that questions wait.
    await h.wait_for(admin, from_room("Questions waiting for a moderator: 2."),
                     action=lambda: join(admin, "Moderator"),
                     what="what waits, on entering")
    listing = await h.wait_for(admin, from_room(f"#{first} kid:"),
                               action=admin.make_message(
                                   mto=ROOM, mtype="chat",
                                   mbody="queue").send,
                               what="the queue after the restart")
    assert f"#{second} kid: What is the fine" in listing["body"], listing
    await join(youth, "kid")
    note = await h.wait_for(youth, from_room("not published"),
                            action=admin.make_message(
                                mto=ROOM, mtype="chat",
                                mbody=f"no {second} asked before").send,
                            what="the rejection, after the restart")
    assert "asked before" in note["body"], note
    await h.wait_for(youth, lambda s: s.name == "message"
                     and s["type"] == "groupchat"
                     and h.from_of(s) == f"{ROOM}/kid"
                     and s["body"] == "Can the police check my phone?",
                     action=admin.make_message(
                         mto=ROOM, mtype="chat", mbody=f"ok {first}").send,
                     what="the question published after the restart")
    assert await env.stop_ecopper() == 0
    await env.start_ecopper()
    await join(admin, "Moderator")
    await h.wait_for(admin, from_room("No question"),
                     action=admin.make_message(
                         mto=ROOM, mtype="chat", mbody="queue").send,
                     what="an empty queue")


async def test_contact_details_in_a_queue_room_are_refused_or_flagged(env):
    """A phone number in a queue room: with filter_action reject the youth
    is told why it will not be shared (not that it waits); with hold the
    moderators' copy says the filter held it, so one hurried approval does
    not publish it unawares."""
    admin, youth = await setup(env)
    msg = youth.make_message(mto=ROOM, mtype="groupchat",
                             mbody="call me 040 123 4567")
    msg["id"] = "q-phone"
    err = await h.wait_for(youth, h.is_error_reply("q-phone"),
                           action=msg.send, what="the refusal")
    h.expect_error(err, "policy-violation")
    assert "Phone numbers" in h.stanza_error(err).text, h.to_string(err)
    assert await env.stop_ecopper() == 0
    await env.start_ecopper(filter_action="hold")
    await join(admin, "Moderator")
    await join(youth, "kid")
    told = h.expect(youth, from_room("waiting for a moderator"), "waiting")
    note = await h.wait_for(admin, from_room("040 123 4567"),
                            action=youth.make_message(
                                mto=ROOM, mtype="groupchat",
                                mbody="call me 040 123 4567").send,
                            what="the moderators' copy")
    assert "held by the filter" in note["body"], note["body"]
    await told.wait()


async def test_queue_commands_typed_into_the_room_never_reach_youths(env):
    """Gajim shows the room's private notice inside the group chat, whose
    only reply box is the room's: "ok N", "no N reason" and "queue" typed
    there are decisions, answered privately, and no youth sees them."""
    admin, youth = await setup(env)
    other = await env.anon_client()
    await join(other, "other")
    with h.record(other, lambda s: s.name == "message") as seen:
        n = await ask(admin, youth, "Can I get a moped licence at 15?")
        listing = await h.wait_for(
            admin, lambda s: s.name == "message" and s["type"] == "chat"
            and h.from_of(s) == h.desk(ROOM)
            and f"#{n} kid" in (s["body"] or ""),
            action=admin.make_message(mto=ROOM, mtype="groupchat",
                                      mbody="queue").send,
            what="the queue, privately")
        assert "moped" in listing["body"]
        await h.wait_for(
            youth, h.is_groupchat_body(ROOM, "Can I get a moped licence "
                                       "at 15?", "kid"),
            action=admin.make_message(mto=ROOM, mtype="groupchat",
                                      mbody=f"OK {n}").send,
            what="the question published")
        n2 = await ask(admin, youth, "what is your home address")
        told = await h.wait_for(
            youth, from_room("not published"),
            action=admin.make_message(mto=ROOM, mtype="groupchat",
                                      mbody=f"no {n2} personal").send)
        assert "personal" in told["body"]
        # An ordinary line from the moderator still reaches everyone.
        await h.wait_for(other, h.is_groupchat_body(
            ROOM, "ok 1 thanks for asking", "Moderator"),
            action=admin.make_message(mto=ROOM, mtype="groupchat",
                                      mbody="ok 1 thanks for asking").send)
    bodies = [s["body"] for s in seen.stanzas]
    for cmd in ("queue", f"OK {n}", f"no {n2} personal"):
        assert cmd not in bodies, f"{cmd!r} reached a youth: {bodies}"


async def test_ok_n_is_an_ordinary_message_in_a_room_without_a_queue(env):
    await env.start_ecopper()
    admin = await env.admin()
    await h.create_room(admin, "ask")
    await join(admin, "Moderator")
    youth = await env.anon_client()
    await join(youth, "kid")
    await h.wait_for(youth, h.is_groupchat_body(ROOM, "ok 1", "Moderator"),
                     action=admin.make_message(mto=ROOM, mtype="groupchat",
                                               mbody="ok 1").send)


async def test_the_moderation_desk_is_a_private_chat_of_its_own(env):
    """What the room tells moderators comes from its desk, room/Moderation
    (a chat every client shows as its own conversation: Gajim 1.7 shows
    nothing of a chat from the room's bare address in the open group
    chat); what a moderator writes there is a decision, or gets a line
    saying what the desk takes. What the room tells youths still comes
    from the room itself, and for a youth the desk is nobody."""
    admin, youth = await setup(env)
    desk = h.desk(ROOM)
    told = h.expect(youth, lambda s: s.name == "message"
                    and "waiting for a moderator" in (s["body"] or ""),
                    "waiting")
    note = await h.wait_for(
        admin, lambda s: s.name == "message" and "Question #" in
        (s["body"] or ""), action=youth.make_message(
            mto=ROOM, mtype="groupchat", mbody="Is a helmet a must?").send,
        what="the question")
    assert h.from_of(note) == desk and note["type"] == "chat", \
        h.to_string(note)
    assert h.from_of(await told.wait()) == ROOM
    n = int(re.search(r"#(\d+)", note["body"]).group(1))

    def from_desk(text):
        return lambda s: s.name == "message" and h.from_of(s) == desk \
            and s["type"] == "chat" and text in (s["body"] or "")

    # Chat text that is no command: the desk says what it takes.
    await h.wait_for(admin, from_desk("ok and a number"),
                     action=admin.make_message(mto=desk, mtype="chat",
                                               mbody="thanks").send,
                     what="the desk's help")
    # "ok N" in the desk's chat publishes, answered there.
    published = h.expect(youth, h.is_groupchat_body(
        ROOM, "Is a helmet a must?", "kid"), "published")
    await h.wait_for(admin, from_desk(f"#{n}"),
                     action=admin.make_message(mto=desk, mtype="chat",
                                               mbody=f"ok {n}").send,
                     what="the desk's answer")
    await published.wait()
    # A youth cannot write to the desk, nor take its name in any
    # language.
    r = await h.wait_for(youth, lambda s: s.name == "message"
                         and h.stanza_type(s) == "error",
                         action=youth.make_message(mto=desk, mtype="chat",
                                                   mbody="ok 1").send,
                         what="the youth's error")
    h.expect_error(r, "item-not-found", None, "a youth to the desk")
    # Nor one that reads like it, to pass for it in a private chat with
    # staff: another case, a Greek omicron.
    for nick in h.DESK_NICKS + ("moderation", "Moderati\u03bfn"):
        other = await env.anon_client()
        r = await h.muc_try_enter(other, ROOM, nick)
        h.expect_error(r, "conflict", "cancel", f"a youth as {nick}")
    # Nor can the room's owner, whose words would then read as the
    # desk's.
    r = await h.wait_for(admin, lambda s: s.name == "presence"
                         and h.from_of(s) == desk,
                         action=lambda: admin.send_presence(pto=desk),
                         what="the owner's nick change")
    h.expect_error(r, "conflict", "cancel", "the owner as the desk")


async def test_the_back_room_gets_questions_from_the_desk(env):
    """In the back room the question is a groupchat message from the
    desk's nick (Gajim 1.7 fails to draw one from the room's bare
    address), and "ok N" written to the desk there publishes."""
    admin, youth = await setup(env)
    await h.create_room(admin, "ask-staff")
    back = "ask-staff@" + h.COMPONENT
    await join(admin, "Moderator", room=back)
    copy = h.expect(admin, lambda s: s.name == "message"
                    and s["type"] == "groupchat"
                    and "Question #" in (s["body"] or ""), "the copy")
    n = await ask(admin, youth, "Can I get a moped licence at 15?")
    got = await copy.wait()
    assert h.from_of(got) == h.desk(back), h.to_string(got)
    await h.wait_for(youth, h.is_groupchat_body(
        ROOM, "Can I get a moped licence at 15?", "kid"),
        action=admin.make_message(mto=h.desk(back), mtype="chat",
                                  mbody=f"ok {n}").send,
        what="published from the back room's desk")


async def test_the_desk_is_present_for_moderators_only(env):
    """Clients let a moderator write to the desk only while it is there
    (Gajim 1.7 greys out the box of a private chat with someone absent):
    in a queue room each moderator gets its presence, before their own,
    with no address; nobody else does. Made moderator, one gets it;
    with the queue turned off, it leaves. Its messages carry the mark of
    a private message (§7.5), or Gajim shows them in the group chat."""
    await env.start_ecopper()
    admin = await env.admin()
    await h.create_room(admin, "ask")
    h.expect_result(await submit(admin, {"x-ecopper#queue": "1"}), "queue on")
    desk = h.desk(ROOM)

    def from_desk(s):
        return s.name == "presence" and h.from_of(s) == desk

    with h.record(admin, lambda s: s.name == "presence") as seen:
        await join(admin, "Moderator")
    froms = [h.from_of(s) for s in seen.stanzas]
    assert desk in froms and froms.index(desk) < froms.index(
        f"{ROOM}/Moderator"), froms
    p = seen.stanzas[froms.index(desk)]
    item = h.muc_item(p)
    assert item.get("role") == "moderator" and item.get("jid") is None, \
        h.to_string(p)
    youth = await env.anon_client()
    with h.record(youth, from_desk) as yseen:
        await join(youth, "kid")
        await h.sync_with_room(youth, ROOM)
    assert not yseen.stanzas, h.to_string(yseen.stanzas[0])
    note = await h.wait_for(
        admin, lambda s: s.name == "message" and h.from_of(s) == desk,
        action=youth.make_message(mto=ROOM, mtype="groupchat",
                                  mbody="a question").send,
        what="the question")
    assert h.child(note, h.NS_MUC_USER, "x") is not None, h.to_string(note)
    # Made moderator: the desk is there for them too.
    got = await h.wait_for(youth, from_desk, action=lambda: h.send_iq(
        admin, ROOM, "<query xmlns='http://jabber.org/protocol/muc#admin'>"
        "<item nick='kid' role='moderator'/></query>", itype="set"),
        what="the desk for the new moderator")
    assert got["type"] != "unavailable", h.to_string(got)
    # The queue off: the desk leaves every moderator.
    gone = h.expect(youth, lambda s: from_desk(s)
                    and s["type"] == "unavailable", "the desk gone (kid)")
    await h.wait_for(admin, lambda s: from_desk(s)
                     and s["type"] == "unavailable",
                     action=lambda: submit(admin, {"x-ecopper#queue": "0"}),
                     what="the desk gone")
    await gone.wait()


async def test_ban_by_nickname_at_the_desk(env):
    """Gajim offers Ban only for occupants whose address it sees (nobody
    here): "ban NICK reason" written to the desk bans NICK as a
    muc#admin ban by nick would (status 301, the reason), the nick may
    hold spaces, and the desk says what came of it. Someone unknown, or
    a moderator who is no admin, gets the reason from the desk."""
    admin, youth = await setup(env)
    desk = h.desk(ROOM)
    other = await env.anon_client()
    await join(other, "Sly Fox")

    def from_desk(text):
        return lambda s: s.name == "message" and h.from_of(s) == desk \
            and text in (s["body"] or "")

    await h.wait_for(admin, from_desk("Nobody in this room"),
                     action=admin.make_message(
                         mto=desk, mtype="chat", mbody="ban Nobody x").send,
                     what="nobody to ban")
    banned = h.expect(other, lambda s: s.name == "presence"
                      and h.from_of(s) == f"{ROOM}/Sly Fox"
                      and s["type"] == "unavailable"
                      and "301" in h.muc_codes(s), "the ban")
    await h.wait_for(admin, from_desk("Sly Fox is banned"),
                     action=admin.make_message(
                         mto=desk, mtype="chat",
                         mbody="ban Sly Fox keeps spamming").send,
                     what="the desk's answer")
    p = await banned.wait()
    assert "keeps spamming" in h.to_string(p), h.to_string(p)
    r = await h.muc_try_enter(other, ROOM, "Other name")
    h.expect_error(r, "forbidden", None, "the banned youth again")
