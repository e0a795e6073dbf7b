"""The room's refusals and forms in the language of the request (issue
15): a Finnish client (xml:lang='fi' on its stanzas, or on its join)
reads Finnish error texts and form labels, each <text/> tagged with the
language it is in; a request without xml:lang gets English (the
config's language)."""
from xml.sax.saxutils import quoteattr

import harness as h
from test_moderation_roles import ROOM, setup
from test_opening_hours import error_text_and_lang
from test_room_config import CONFIG, NS_OWNER, form_of, submit
from test_voice_request import join_lang

NS_ADMIN = h.NS_MUC + "#admin"


def lang_attr(lang):
    return f" xml:lang={quoteattr(lang)}" if lang else ""


async def raw_iq(client, to, payload, itype="get", lang=None):
    """An IQ sent as text, with xml:lang when lang is given (slixmpp would
    stamp its stream's language on one without); returns the reply."""
    iid = client.new_id()
    raw = (f"<iq type='{itype}' id={quoteattr(iid)} to={quoteattr(to)}"
           f"{lang_attr(lang)}>{payload}</iq>")
    return await h.wait_for(
        client, lambda s: s.name == "iq" and s["id"] == iid and
        h.stanza_type(s) in ("result", "error"),
        action=lambda: client.send_raw(raw), what=f"reply to {iid}")


async def raw_groupchat(client, to, body, lang=None):
    """A groupchat message sent as text; returns the error it gets."""
    mid = client.new_id()
    raw = (f"<message type='groupchat' id={quoteattr(mid)} "
           f"to={quoteattr(to)}{lang_attr(lang)}><body>{body}</body>"
           f"</message>")
    return await h.wait_for(client, h.is_error_reply(mid),
                            action=lambda: client.send_raw(raw),
                            what=f"error for message {mid}")


async def test_youth_reads_message_errors_in_their_language(env):
    await env.start_ecopper()
    admin = await env.admin()
    await h.create_room(admin, "ask")
    youth = await env.anon_client()
    # Not in the room: Finnish when asked in Finnish, else English.
    r = await raw_groupchat(youth, ROOM, "moi", lang="fi")
    h.expect_error(r, "not-acceptable")
    assert error_text_and_lang(r) == ("Et ole tässä huoneessa.", "fi"), \
        h.to_string(r)
    r = await raw_groupchat(youth, ROOM, "hi")
    h.expect_error(r, "not-acceptable")
    assert error_text_and_lang(r) == ("You are not in this room.", "en"), \
        h.to_string(r)
    # A room that does not exist.
    r = await raw_groupchat(youth, f"nope@{h.COMPONENT}", "moi", lang="fi")
    h.expect_error(r, "item-not-found")
    assert error_text_and_lang(r) == ("Sen nimistä huonetta ei ole.", "fi"), \
        h.to_string(r)
    # In the room, the language of the join holds for what the youth sends
    # later, with xml:lang or without.
    await join_lang(youth, "kettu", "fi")
    msg = youth.make_message(mto=f"{ROOM}/nobody", mtype="chat", mbody="moi")
    msg["id"] = "pm-nobody"
    r = await h.wait_for(youth, h.is_error_reply("pm-nobody"),
                         action=msg.send)
    h.expect_error(r, "item-not-found")
    assert error_text_and_lang(r) == (
        "Kenelläkään tässä huoneessa ei ole sitä nimimerkkiä.", "fi"), \
        h.to_string(r)
    r = await raw_groupchat(youth, f"{ROOM}/nobody", "moi")
    h.expect_error(r, "bad-request")
    assert error_text_and_lang(r) == (
        "Lähetä ryhmäviestit huoneelle, älä nimimerkille.", "fi"), \
        h.to_string(r)


async def test_forbidden_admin_change_in_the_language_of_the_join(env):
    admin, youth = await setup(env)
    fi = await env.anon_client()
    await join_lang(fi, "kettu", "fi")
    item = "<item nick='kid' role='none'/>"
    r = await raw_iq(fi, ROOM, f"<query xmlns='{NS_ADMIN}'>{item}</query>",
                     itype="set")
    h.expect_error(r, "forbidden", "auth")
    assert error_text_and_lang(r) == (
        "Vain moderaattorit voivat muuttaa rooleja.", "fi"), h.to_string(r)
    # The youth who entered without a language: English.
    r = await raw_iq(youth, ROOM, f"<query xmlns='{NS_ADMIN}'>{item}</query>",
                     itype="set")
    h.expect_error(r, "forbidden", "auth")
    assert error_text_and_lang(r) == (
        "Only moderators may change roles.", "en"), h.to_string(r)


async def test_owner_form_and_its_refusals_in_the_language_asked(env):
    await env.start_ecopper()
    admin = await env.admin()
    await h.create_room(admin, "ask", title="Kysy poliisilta")
    q = f"<query xmlns='{NS_OWNER}'/>"
    f = form_of(h.expect_result(await raw_iq(admin, ROOM, q, lang="fi"),
                                "config form in Finnish"))
    assert f.title == "Huoneen asetukset", f.title
    title = f.fields["muc#roomconfig_roomname"]
    assert (title.label, title.value) == ("Otsikko", "Kysy poliisilta"), title
    whois = f.fields["muc#roomconfig_whois"]
    assert whois.label == "Kuka näkee osallistujien oikeat osoitteet", whois
    assert ("Ei kukaan (täysin anonyymi)", "none") in whois.options, whois
    assert ("Moderaattori", "moderator") in \
        f.fields["muc#roomconfig_presencebroadcast"].options
    # The vars and FORM_TYPE are XEP-0045's in every language.
    en = form_of(h.expect_result(await raw_iq(admin, ROOM, q), "config form"))
    assert list(f.fields) == list(en.fields)
    assert en.title == "Room settings", en.title
    assert en.fields["muc#roomconfig_roomname"].label == "Title"
    assert ("Nobody (fully anonymous)", "none") in \
        en.fields["muc#roomconfig_whois"].options
    # A bad value, refused in the language of the submission.
    x = (f"<x xmlns='{h.NS_DATA}' type='submit'><field var='FORM_TYPE'>"
         f"<value>{CONFIG}</value></field><field "
         f"var='muc#roomconfig_maxusers'><value>paljon</value></field></x>")
    r = await raw_iq(admin, ROOM, f"<query xmlns='{NS_OWNER}'>{x}</query>",
                     itype="set", lang="fi")
    h.expect_error(r, "not-acceptable")
    assert error_text_and_lang(r) == (
        "Enimmäismäärä on luku 1:stä 5000:een.", "fi"), h.to_string(r)
    r = await submit(admin, {"muc#roomconfig_maxusers": "many"})
    h.expect_error(r, "not-acceptable")
    assert error_text_and_lang(r)[0] == \
        "Most occupants is a number from 1 to 5000.", h.to_string(r)
    # Someone who is not an owner, asking in Swedish.
    user = await env.user()
    r = await raw_iq(user, ROOM, q, lang="sv")
    h.expect_error(r, "forbidden", "auth")
    assert error_text_and_lang(r) == (
        "Bara rummets ägare får ändra dess inställningar.", "sv"), \
        h.to_string(r)


async def test_room_info_labels_in_the_language_asked(env):
    await env.start_ecopper()
    admin = await env.admin()
    await h.create_room(admin, "ask", description="Kysy mitä vain")
    q = f"<query xmlns='{h.NS_DISCO_INFO}'/>"
    r = h.expect_result(await raw_iq(admin, ROOM, q, lang="uk"), "info")
    x = h.query_of(r, h.NS_DISCO_INFO).find(f"{{{h.NS_DATA}}}x")
    f = h.parse_form(x)
    assert f.fields["muc#roominfo_description"].label == "Опис"
    assert f.fields["muc#roominfo_occupants"].label == "Кількість учасників"
    assert f.fields["muc#roominfo_description"].value.startswith(
        "Kysy mitä vain")
