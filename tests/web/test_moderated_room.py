"""A moderated room from the youth's page (issue 6): a youth enters as a
visitor without voice. The page's "Ask to speak" sends a real voice
request (XEP-0045 §7.13) through Converse's connection; a youth worker
(moderator, slixmpp) gets ecopper's §8.6 form naming the youth by
nickname only and approves it (the youth's message box appears and the
youth writes) or refuses it (ecopper's refusal and the page's own words
appear, the youth still cannot write, and asking again too soon gets
ecopper's "ask again in N s"). The page's
"Report" form reaches the moderators, and ecopper's answer is shown
(and said again in the page's language); with no moderator in the room
the report is kept in the moderation log and the page says so. The
browser side is moderated_room.mjs."""
import xml.etree.ElementTree as ET

import harness as h
from test_moderation_roles import join
from test_youth_flow import MODERATOR, ROOM, WORKER, enter_as_staff
from webtest import Browser, add_staff, out_dir

REQ = "http://jabber.org/protocol/muc#request"
NICK = "Kettu"
MESSAGE = "Saako mopolla ajaa kaksin?"


async def setup_room(env):
    """ask@, moderated (youths enter without voice); a youth worker
    registered as staff with the moderator role, in the room."""
    await env.start_ecopper()
    admin = await env.admin()
    await h.create_room(admin, "ask", title="Ask the police")
    q = ET.Element(f"{{{h.NS_MUC}#owner}}query")
    q.append(h.submit_form({
        "FORM_TYPE": "http://jabber.org/protocol/muc#roomconfig",
        "muc#roomconfig_moderatedroom": "1"}))
    h.expect_result(await h.send_iq(admin, ROOM, q, itype="set"),
                    "moderated room")
    env.register(*WORKER)
    await add_staff(admin, WORKER[0], MODERATOR, "Youth worker",
                    "Oulu youth services", role="moderator")
    worker = await env.client(*WORKER)
    await enter_as_staff(worker, MODERATOR)
    return worker


def voice_request(s):
    """A §8.6 voice request form from the room."""
    return s.name == "message" and h.from_of(s) == ROOM \
        and h.xml_of(s).find(f"{{{h.NS_DATA}}}x") is not None \
        and REQ in h.to_string(s)


async def approve(worker, request, allow):
    """The moderator submits the request form with muc#request_allow."""
    f = h.parse_form(h.xml_of(request).find(f"{{{h.NS_DATA}}}x"))
    values = {var: fld.values for var, fld in f.fields.items()}
    values["muc#request_allow"] = "true" if allow else "false"
    msg = worker.make_message(mto=ROOM)
    msg.append(h.submit_form(values))
    msg.send()


async def browser_youth(env, name, options):
    """Starts moderated_room.mjs and waits until the youth is in as a
    visitor; returns (browser, the "entered" line)."""
    browser = await Browser.start(env, "moderated_room.mjs", dict({
        "url": env.http_url, "out": str(out_dir(name)), "nick": NICK,
        "timeout_ms": 20000}, **options))
    try:
        entered = await browser.step("entered")
    except BaseException:
        browser.kill()
        raise
    # The browser's login is a youth too: the teardown's anonymity and
    # database checks look for its JID as well.
    env.youth_jids.append(entered["jid"])
    return browser, entered


async def test_visitor_asks_to_speak_and_writes_once_approved(env):
    worker = await setup_room(env)
    asked = h.expect(worker, voice_request, "voice request")
    spoken = h.expect(worker, lambda s: s.name == "message"
                      and s["type"] == "groupchat"
                      and h.from_of(s) == f"{ROOM}/{NICK}"
                      and s["body"] == MESSAGE, "the youth's message")
    browser, entered = await browser_youth(env, "moderated_voice", {
        "locale": "en-GB",
        "voice": {"expect": "granted", "message": MESSAGE},
        # docs/youth.md's picture (make-web-screens.sh)
        "doc_shots": {"visitor": "converse-ask-to-speak.png"}})
    try:
        assert entered["ask_label"] == "Ask to speak", entered
        await browser.step("asked")
        request = await asked.wait(20)
        # The form names the youth by nickname and room JID, never by
        # the real JID of the browser's anonymous login.
        text = h.to_string(request)
        assert entered["jid"].split("/")[0] not in text, text
        f = h.parse_form(h.xml_of(request).find(f"{{{h.NS_DATA}}}x"))
        assert f.fields["muc#roomnick"].value == NICK, text
        assert f.fields["muc#jid"].value == f"{ROOM}/{NICK}", text
        assert f.fields["muc#role"].value == "participant", text
        await approve(worker, request, True)
        await browser.step("spoke")
        await spoken.wait(20)
        await browser.step("done")
        assert await browser.finish() == 0
    except BaseException:
        browser.kill()
        raise
    finally:
        asked.cancel()
        spoken.cancel()


async def test_visitor_whose_request_is_refused_still_cannot_write(env):
    worker = await setup_room(env)
    asked = h.expect(worker, voice_request, "voice request")
    browser, entered = await browser_youth(env, "moderated_refused", {
        # Over BOSH, the page's other transport: the request goes out on
        # whatever connection Converse has.
        "url": env.http_url + "?transport=bosh", "locale": "uk-UA",
        "voice_retry": 2,
        "voice": {"expect": "denied", "again": True,
                  # ecopper's refusal, in the join's language
                  "denied_text": "Цього разу модератор не надав тобі "
                                 "слова\\. Можеш попросити ще раз через "
                                 "60 с\\."}})
    try:
        assert entered["ask_label"] == "Попросити слова", entered
        await browser.step("asked")
        request = await asked.wait(20)
        await approve(worker, request, False)
        still = await browser.step("still_visitor")
        assert still["status"] == "Цього разу модератор не надав тобі " \
            "слова. Можеш попросити ще раз пізніше.", still
        # 2 s later the page lets the youth ask again; ecopper, counting
        # 60 s from the refusal, says when (and tells no moderator).
        again = await browser.step("too_soon")
        assert again["status"].startswith(
            "Запит не надіслано: Попросити слова ще раз можна через "), again
        assert again["status"].endswith(" с."), again
        await browser.step("done")
        assert await browser.finish() == 0
    except BaseException:
        browser.kill()
        raise
    finally:
        asked.cancel()


async def test_youth_reports_someone_from_the_page(env):
    worker = await setup_room(env)
    troll = await env.anon_client()
    await join(troll, "Troll")
    what = "he keeps insulting me"
    report = h.expect(worker, lambda s: s.name == "message"
                      and h.is_from_desk(s, ROOM)
                      and (s["body"] or "").startswith(
                          f"Report from {NICK}:"), "report")
    browser, entered = await browser_youth(env, "moderated_report", {
        "locale": "sv-SE",
        "report": {"nick": "Troll", "what": what,
                   # ecopper's own answer, in the page's language
                   "thanks": "Moderatorerna har fått din anmälan"}})
    try:
        assert entered["ask_label"] == "Be om ordet", entered
        got = await report.wait(20)
        # "Report from Kettu: Troll: he keeps insulting me", in a private
        # chat from the room; the youth's real JID is not in it.
        assert got["body"] == f"Report from {NICK}: Troll: {what}", \
            got["body"]
        assert entered["jid"].split("/")[0] not in h.to_string(got)
        reported = await browser.step("reported")
        assert reported["status"] == \
            "Tack. Moderatorerna har fått din anmälan.", reported
        await browser.step("done")
        assert await browser.finish() == 0
    except BaseException:
        browser.kill()
        raise
    finally:
        report.cancel()


async def test_report_with_no_moderator_in_the_room_is_kept(env):
    """No moderator in the room: ecopper keeps the report in the
    moderation log and says so; the page says it in Finnish."""
    await env.start_ecopper()
    admin = await env.admin()
    await h.create_room(admin, "ask", title="Kysy poliisilta")
    troll = await env.anon_client()
    await join(troll, "Troll")
    browser, entered = await browser_youth(env, "report_kept", {
        "locale": "fi-FI", "visitor": False,
        "report": {"nick": "Troll", "what": "kiusaa minua",
                   "thanks": "Moderaattoreita ei ole nyt paikalla",
                   "status": "report_kept"}})
    try:
        reported = await browser.step("reported")
        assert reported["status"].startswith("Kiitos. Moderaattoreita ei "
                                             "ole"), reported
        await browser.step("done")
        assert await browser.finish() == 0
    except BaseException:
        browser.kill()
        raise
    first, last = await h.run_command(admin, "moderation-log",
                                      {"room": "ask"})
    h.expect_completed(last, "moderation-log")
    assert "Troll: kiusaa minua" in str(last), str(last)
