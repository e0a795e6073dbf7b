"""The youth's page in a real browser (issue 7): a youth opens conf/web in
headless Chromium, enters the room anonymously under a nickname and asks;
the page marks the held question "waiting for a moderator" (issue 6); a
youth worker (moderator, slixmpp) lets it through and the mark goes; a
police officer (slixmpp) answers; the youth sees the answer with the
officer's verified badge. A second question, refused, is marked "not
published". The browser side is youth_flow.mjs; this file plays the
room and the staff."""
import re
import xml.etree.ElementTree as ET

import harness as h
from webtest import Browser, add_staff, out_dir

ROOM = "ask@" + h.COMPONENT
WORKER = ("worker@localhost", "workerpass")
OFFICER = "Officer Mikko"
MODERATOR = "Youth worker Anna"
# The badge in the page's language: the registry says "Police officer".
HAT = "Vahvistettu poliisi"
NICK = "Kettu"
QUESTION = "Saako mopolla ajaa kaksin?"
ANSWER = "Ei saa, jos mopoon ei ole rekisteröity kahta paikkaa."
REJECTED = "Entä kolmestaan?"


async def enter_as_staff(client, name):
    """Enters ROOM; staff are renamed to their registered name (XEP-0045
    §7.2.3, status 210). Returns the self-presence."""
    pres = client.make_presence(pto=f"{ROOM}/{name.split()[-1].lower()}")
    pres.append(ET.Element(f"{{{h.NS_MUC}}}x"))
    own = await h.wait_for(
        client, lambda s: s.name == "presence"
        and h.from_of(s).startswith(ROOM + "/")
        and (s["type"] == "error" or "110" in h.muc_codes(s)),
        action=pres.send, what=f"{name} entering")
    assert own["type"] != "error" and h.from_of(own) == f"{ROOM}/{name}", \
        h.to_string(own)
    return own


async def setup_room(env):
    """ask@ with the question queue on; the officer (user@localhost) and a
    youth worker (moderator) registered as staff and in the room."""
    await env.start_ecopper()
    admin = await env.admin()
    await h.create_room(admin, "ask", title="Kysy poliisilta")
    q = ET.Element(f"{{{h.NS_MUC}#owner}}query")
    q.append(h.submit_form({
        "FORM_TYPE": "http://jabber.org/protocol/muc#roomconfig",
        "x-ecopper#queue": "1"}))
    h.expect_result(await h.send_iq(admin, ROOM, q, itype="set"),
                    "question queue on")
    env.register(*WORKER)
    await add_staff(admin, h.USER[0], OFFICER, "Police officer",
                    "Oulu police")
    await add_staff(admin, WORKER[0], MODERATOR, "Youth worker",
                    "Oulu youth services", role="moderator")
    worker = await env.client(*WORKER)
    officer = await env.user()
    await enter_as_staff(worker, MODERATOR)
    await enter_as_staff(officer, OFFICER)
    return worker, officer


def from_room(part):
    """A notice from the room (to a youth) or its desk (to staff)."""
    return lambda s: s.name == "message" and \
        h.is_from_room_or_desk(s, ROOM) and part in (s["body"] or "")


async def test_youth_asks_and_sees_officers_answer_with_badge(env):
    worker, officer = await setup_room(env)
    held = h.expect(worker, from_room(QUESTION), "held question")
    held2 = h.expect(worker, from_room(REJECTED), "second question")
    published = h.expect(officer, lambda s: s.name == "message"
                         and s["type"] == "groupchat"
                         and h.from_of(s) == f"{ROOM}/{NICK}"
                         and s["body"] == QUESTION, "published question")
    browser = await Browser.start(env, "youth_flow.mjs", {
        "url": env.http_url, "out": str(out_dir("youth_flow")),
        "nick": NICK, "question": QUESTION, "answer": ANSWER,
        "author": OFFICER, "hat": HAT, "locale": "fi-FI",
        "heading": "Kysy poliisilta",
        # ecopper's "waiting for a moderator" in the page's language: the
        # page puts it on the join (xml:lang), the room keeps it
        "held_note": "Kysymyksesi odottaa moderaattoria",
        "rejected": REJECTED,
        "rejected_note": "Kysymystäsi ei julkaistu", "timeout_ms": 20000,
        # docs/staff.md's picture (make-web-screens.sh)
        "doc_shots": {"answer": "converse-youth-view.png"}})
    try:
        entered = await browser.step("entered")
        # The browser's login is a youth too: the anonymity and database
        # checks at teardown look for its JID as well.
        assert entered["jid"].split("@")[1].startswith(h.ANON_DOMAIN + "/"), \
            entered
        env.youth_jids.append(entered["jid"])
        await browser.step("asked")
        note = await held.wait(20)
        # The page marks the held question before it is let through.
        await browser.step("held")
        n = re.search(r"#(\d+)", note["body"]).group(1)
        worker.make_message(mto=ROOM, mtype="chat", mbody=f"ok {n}").send()
        await published.wait(20)
        await h.muc_say(officer, ROOM, ANSWER)
        await browser.step("answered")
        # The second question: held, then refused with a reason.
        await browser.step("asked_again")
        n = re.search(r"#(\d+)", (await held2.wait(20))["body"]).group(1)
        worker.make_message(mto=ROOM, mtype="chat",
                            mbody=f"no {n} asked already").send()
        done = await browser.step("done")
        assert await browser.finish() == 0
        assert any(p.endswith("03-answer.png") for p in done["screenshots"])
    except BaseException:
        browser.kill()
        raise
    finally:
        held.cancel()
        held2.cancel()
        published.cancel()
