"""Voice requests (XEP-0045 §7.13, §8.6) in a moderated room: the visitor
asks, moderators get the form, a moderator's answer grants voice or
refuses it; a refused youth is told so in their language (a notice marked
voice-denied). A visitor's requests reach the moderators at most once per
voice_request_gap (60 s), and not sooner after a refusal: one too soon
gets <resource-constraint/> (type wait) saying when to ask again; with no
moderator in the room, <service-unavailable/> (type wait) says so and the
request does not count. Whoever can write already, or asks for another
role, gets <not-acceptable/>.
ecopper runs with -T where the test-only set-clock moves its clock."""
import xml.etree.ElementTree as ET
from xml.sax.saxutils import quoteattr

from slixmpp.xmlstream.handler import Callback

import harness as h
import when as w
from test_moderation_roles import ROOM, admin_set, join, item, is_self_presence
from test_opening_hours import set_clock, error_text_and_lang
from test_room_config import submit

REQ = "http://jabber.org/protocol/muc#request"
NS_NOTICE = "urn:xmpp:ecopper:notice:0"
T0 = w.mon("16:00")


async def join_lang(client, nick, lang):
    """Enters with xml:lang on the join (sent as text: slixmpp would stamp
    its stream's language on a stanza without one)."""
    raw = (f"<presence to={quoteattr(f'{ROOM}/{nick}')} "
           f"xml:lang={quoteattr(lang)}><x xmlns='{h.NS_MUC}'/></presence>")
    return await h.wait_for(client, is_self_presence(f"{ROOM}/{nick}"),
                            action=lambda: client.send_raw(raw),
                            what=f"self-presence {nick}")


async def setup(env, lang=None, args=()):
    await env.start_ecopper(args=list(args))
    admin = await env.admin()
    await h.create_room(admin, "ask")
    h.expect_result(await submit(admin, {"muc#roomconfig_moderatedroom": "1"}),
                    "moderated")
    await join(admin, "Moderator")
    youth = await env.anon_client()
    own = await (join_lang(youth, "kid", lang) if lang else join(youth, "kid"))
    assert item(own).get("role") == "visitor"
    return admin, youth


def ask_voice(youth, role="participant", mid=None):
    msg = youth.make_message(mto=ROOM)
    if mid:
        msg["id"] = mid
    msg.append(h.submit_form({"FORM_TYPE": REQ, "muc#role": role}))
    return msg


def is_request(s):
    return s.name == "message" and h.from_of(s) == ROOM \
        and h.xml_of(s).find(f"{{{h.NS_DATA}}}x") is not None \
        and REQ in h.to_string(s)


def notice_of(s):
    return h.xml_of(s).find(f"{{{NS_NOTICE}}}notice")


def is_error(s):
    return s.name == "message" and s["type"] == "error"


def from_room_chat(predicate=lambda body: True):
    return lambda s: s.name == "message" and s["type"] == "chat" \
        and h.is_from_room_or_desk(s, ROOM) and predicate(s["body"] or "")


async def test_visitor_request_reaches_moderators_without_real_jid(env):
    admin, youth = await setup(env)
    got = await h.wait_for(admin, lambda s: s.name == "message"
                           and REQ in h.to_string(s),
                           action=ask_voice(youth).send, what="request form")
    text = h.to_string(got)
    assert youth.boundjid.bare not in text, f"real JID leaked: {text}"
    f = h.parse_form(h.xml_of(got).find(f"{{{h.NS_DATA}}}x"))
    assert f.fields["muc#roomnick"].value == "kid"
    assert f.fields["muc#jid"].value == f"{ROOM}/kid"


async def answer(admin, allow):
    msg = admin.make_message(mto=ROOM)
    msg.append(h.submit_form({"FORM_TYPE": REQ, "muc#role": "participant",
                              "muc#roomnick": "kid",
                              "muc#request_allow": allow}))
    return msg


async def test_moderator_approval_grants_voice(env):
    admin, youth = await setup(env)
    await h.wait_for(admin, lambda s: s.name == "message"
                     and REQ in h.to_string(s), action=ask_voice(youth).send)
    voiced = await h.wait_for(
        youth, lambda s: s.name == "presence"
        and h.from_of(s) == f"{ROOM}/kid" and item(s) is not None
        and item(s).get("role") == "participant",
        action=(await answer(admin, "true")).send, what="voice")
    assert voiced is not None
    await h.muc_say(youth, ROOM, "my question", observers=(admin,))


async def test_moderator_denial_keeps_visitor(env):
    admin, youth = await setup(env)
    await h.wait_for(admin, lambda s: s.name == "message"
                     and REQ in h.to_string(s), action=ask_voice(youth).send)
    (await answer(admin, "false")).send()
    # The room still refuses the youth's groupchat: no voice was given.
    msg = youth.make_message(mto=ROOM, mtype="groupchat", mbody="hello?")
    err = await h.wait_for(youth, lambda s: s.name == "message"
                           and s["type"] == "error", action=msg.send)
    h.expect_error(err, "forbidden")


async def test_participant_request_is_not_acceptable(env):
    await env.start_ecopper()
    admin = await env.admin()
    await h.create_room(admin, "ask")
    youth = await env.anon_client()
    await join(youth, "kid")
    err = await h.wait_for(youth, lambda s: s.name == "message"
                           and s["type"] == "error",
                           action=ask_voice(youth).send)
    h.expect_error(err, "not-acceptable")
    assert error_text_and_lang(err)[0] == \
        "You can already write in this room; there is no need to ask.", err


async def test_denial_tells_the_youth_in_their_language(env):
    admin, youth = await setup(env, lang="fi")
    await h.wait_for(admin, is_request,
                     action=ask_voice(youth, mid="ask-1").send)
    told = h.expect(admin, from_room_chat(
        lambda b: b.startswith("kid was told")), "the refusal's echo")
    got = await h.wait_for(
        youth, lambda s: from_room_chat()(s) and notice_of(s) is not None,
        action=(await answer(admin, "false")).send, what="voice-denied")
    n = notice_of(got)
    assert n.get("kind") == "voice-denied" and n.get("ref") == "ask-1", \
        h.to_string(got)
    assert got["body"].startswith("Moderaattori ei antanut") and \
        "60 s" in got["body"], got["body"]
    await told.wait()
    # A second answer (another moderator's form) tells the youth nothing
    # more; the moderator learns why.
    await h.wait_for(admin, from_room_chat(
        lambda b: b.startswith("kid has no voice request waiting")),
        action=(await answer(admin, "false")).send)
    msg = youth.make_message(mto=ROOM, mtype="groupchat", mbody="hello?")
    err = await h.wait_for(youth, is_error, action=msg.send)
    h.expect_error(err, "forbidden")


class Counter:
    """Counts voice request forms reaching a moderator."""

    def __init__(self, client):
        self.n = 0
        self.errors = []
        client.register_handler(Callback(
            f"count-requests-{id(self)}",
            h._Predicate(is_request, self.errors.append), self.on))

    def on(self, msg):
        self.n += 1


async def barrier(admin, youth):
    """Returns once everything ecopper sent the moderator because of the
    youth's earlier stanzas has arrived: a report from the youth comes to
    the moderator after them."""
    # Each barrier's report differs: the same text twice is folded.
    msg = youth.make_message(mto=ROOM, mtype="chat",
                             mbody=f"report Moderator: barrier {youth.new_id()}")
    await h.wait_for(admin, from_room_chat(
        lambda b: b.startswith("Report from kid:")), action=msg.send)


@h.dated
async def test_requests_reach_moderators_once_per_gap(env):
    admin, youth = await setup(env, lang="sv", args=["-T"])
    await set_clock(admin, T0)
    seen = Counter(admin)
    await h.wait_for(admin, is_request, action=ask_voice(youth).send)
    # Asked again at once: not passed on; told when to ask again.
    await set_clock(admin, w.shift(T0, seconds=20))
    err = await h.wait_for(youth, is_error, action=ask_voice(youth).send)
    h.expect_error(err, "resource-constraint", "wait")
    text, lang = error_text_and_lang(err)
    assert lang == "sv" and text == "Du kan be om ordet igen om 40 s.", text
    await barrier(admin, youth)
    assert seen.n == 1, f"the moderator got {seen.n} request forms"
    # Unanswered for the gap: asking again reminds the moderators.
    await set_clock(admin, w.shift(T0, seconds=61))
    await h.wait_for(admin, is_request, action=ask_voice(youth).send)
    assert seen.n == 2, seen.n
    # Refused: the gap counts from the refusal.
    await set_clock(admin, w.shift(T0, seconds=90))
    await h.wait_for(youth, lambda s: from_room_chat()(s)
                     and notice_of(s) is not None,
                     action=(await answer(admin, "false")).send)
    await set_clock(admin, w.shift(T0, seconds=130))  # 40 s after it
    err = await h.wait_for(youth, is_error, action=ask_voice(youth).send)
    h.expect_error(err, "resource-constraint", "wait")
    assert error_text_and_lang(err)[0].endswith(" 20 s."), err
    await set_clock(admin, w.shift(T0, seconds=151))
    await h.wait_for(admin, is_request, action=ask_voice(youth).send)
    await barrier(admin, youth)
    assert seen.n == 3, seen.n


async def test_asking_with_voice_already_is_not_acceptable(env):
    """Once given voice the youth is a participant: asking again is
    pointless, and said so in their language."""
    admin, youth = await setup(env, lang="uk")
    await h.wait_for(admin, is_request, action=ask_voice(youth).send)
    await h.wait_for(youth, lambda s: s.name == "presence"
                     and h.from_of(s) == f"{ROOM}/kid" and item(s) is not None
                     and item(s).get("role") == "participant",
                     action=(await answer(admin, "true")).send)
    seen = Counter(admin)
    err = await h.wait_for(youth, is_error, action=ask_voice(youth).send)
    h.expect_error(err, "not-acceptable")
    text, lang = error_text_and_lang(err)
    assert lang == "uk" and text.startswith("Ти вже можеш писати"), text
    # A second approval changes nothing; the moderator is told why.
    await h.wait_for(admin, from_room_chat(
        lambda b: b == "kid has voice already."),
        action=(await answer(admin, "true")).send)
    await barrier(admin, youth)
    assert seen.n == 0, seen.n


async def test_asking_for_another_role_is_not_acceptable(env):
    admin, youth = await setup(env)
    seen = Counter(admin)
    err = await h.wait_for(youth, is_error,
                           action=ask_voice(youth, role="moderator").send)
    h.expect_error(err, "not-acceptable")
    assert error_text_and_lang(err)[0].startswith("You can only ask to "
                                                  "speak"), err
    await barrier(admin, youth)
    assert seen.n == 0, seen.n


async def test_no_moderator_here_is_said_and_not_counted(env):
    await env.start_ecopper()
    admin = await env.admin()
    await h.create_room(admin, "ask")
    h.expect_result(await submit(admin, {"muc#roomconfig_moderatedroom": "1"}),
                    "moderated")
    youth = await env.anon_client()
    await join_lang(youth, "kid", "fi")
    err = await h.wait_for(youth, is_error, action=ask_voice(youth).send)
    h.expect_error(err, "service-unavailable", "wait")
    text, lang = error_text_and_lang(err)
    assert lang == "fi" and text.startswith("Moderaattoreita ei ole nyt"), \
        text
    # A moderator comes: asking at once reaches them.
    await join(admin, "Moderator")
    await h.wait_for(admin, is_request, action=ask_voice(youth).send)


async def test_a_moderator_who_comes_later_gets_the_waiting_request(env):
    """A new shift or a second device: a moderator's session that enters
    gets the requests still waiting, and none already answered."""
    admin, youth = await setup(env)
    await h.wait_for(admin, is_request, action=ask_voice(youth).send)
    h.expect_result(await admin_set(
        admin, f"<item affiliation='admin' jid='{h.USER[0]}'/>"),
        "user made a room admin")
    user = await env.user()
    got = await h.wait_for(user, is_request,
                           action=lambda: join(user, "Worker"),
                           what="the waiting request, on entering")
    f = h.parse_form(h.xml_of(got).find(f"{{{h.NS_DATA}}}x"))
    assert f.fields["muc#roomnick"].value == "kid", f
    assert youth.boundjid.bare not in h.to_string(got), got
    # The newcomer answers it like the others would.
    msg = user.make_message(mto=ROOM)
    msg.append(h.submit_form({"FORM_TYPE": REQ, "muc#role": "participant",
                              "muc#roomnick": "kid",
                              "muc#request_allow": "true"}))
    await h.wait_for(youth, lambda s: s.name == "presence"
                     and h.from_of(s) == f"{ROOM}/kid"
                     and item(s) is not None
                     and item(s).get("role") == "participant",
                     action=msg.send, what="voice from the newcomer")
    # Answered: the admin's second device is not asked again.
    second = await env.client(h.ADMIN[0] + "/second", h.ADMIN[1])
    seen = Counter(second)
    await join(second, "Moderator")
    h.expect_result(await h.disco_info(second, ROOM), "disco after entering")
    assert seen.n == 0, f"an answered request was sent {seen.n} times"


async def test_moderator_reads_the_answers_in_the_language_of_their_join(env):
    """What a moderator learns of an answer is in the language the
    moderator entered with (here Finnish), whatever the youth's."""
    await env.start_ecopper()
    admin = await env.admin()
    await h.create_room(admin, "ask")
    h.expect_result(await submit(admin, {"muc#roomconfig_moderatedroom": "1"}),
                    "moderated")
    await join_lang(admin, "Valvoja", "fi")
    youth = await env.anon_client()
    await join_lang(youth, "kid", "sv")
    await h.wait_for(admin, is_request, action=ask_voice(youth).send)
    told = h.expect(youth, lambda s: from_room_chat()(s)
                    and notice_of(s) is not None, "the refusal, in Swedish")
    echo = await h.wait_for(admin, from_room_chat(
        lambda b: b.startswith("Käyttäjälle kid")),
        action=(await answer(admin, "false")).send)
    assert echo["body"] == "Käyttäjälle kid kerrottiin, ettei hän saa " \
        "puheoikeutta tällä kertaa.", echo["body"]
    assert (await told.wait())["body"].startswith("En moderator gav dig "
                                                  "inte ordet")
    again = await h.wait_for(admin, from_room_chat(
        lambda b: b.startswith("Käyttäjällä kid")),
        action=(await answer(admin, "false")).send)
    assert again["body"] == "Käyttäjällä kid ei ole odottavaa " \
        "puheoikeuspyyntöä (toinen moderaattori on ehkä jo vastannut " \
        "siihen).", again["body"]
