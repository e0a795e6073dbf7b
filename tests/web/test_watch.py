"""Just watching (issue 14): a youth on a phone (Finnish) follows the
session without picking a nickname or being able to write, and joins
the conversation later with one tap. XEP-0045 lets nobody read a room
from outside it, and ecopper gives its archive only to occupants, so
the page enters under a generated nickname ("Katsoja 1234") and hides
the message box; joining is a nick change (§7.6), so the youth keeps
the room and what was said. The officer (slixmpp) sees the watcher
under the generated nick, then its change to the youth's own (status
303), and the youth's question under that. The browser side is
watch.mjs."""

import harness as h
from webtest import Browser, officer_in_room, out_dir

ROOM = "ask@" + h.COMPONENT
NICK = "Kettu"
SAID = "Tervetuloa, kysykää vapaasti."
QUESTION = "Saako tänne kirjoittaa nyt?"


async def test_youth_watches_then_joins_with_one_tap(env):
    admin, officer = await officer_in_room(env)
    browser = await Browser.start(env, "watch.mjs", {
        "url": env.http_url, "out": str(out_dir("watch")), "phone": True,
        "nick": NICK, "locale": "fi-FI", "watcher": "Katsoja",
        "said": SAID, "question": QUESTION, "timeout_ms": 20000})
    try:
        watching = await browser.step("watching")
        env.youth_jids.append(watching["jid"])
        assert watching["nick"].startswith("Katsoja "), watching
        await h.muc_say(officer, ROOM, SAID)
        browser.send("said")
        again = await browser.step("still_watching")
        env.youth_jids.append(again["jid"])
        renamed = h.expect(officer, lambda s: s.name == "presence"
                           and h.from_of(s) == f"{ROOM}/{watching['nick']}"
                           and "303" in h.muc_codes(s), "the nick change")
        asked = h.expect(officer, lambda s: s.name == "message"
                         and h.from_of(s) == f"{ROOM}/{NICK}"
                         and s["body"] == QUESTION, "the youth's question")
        await browser.step("joined")
        change = await renamed.wait(10)
        assert h.muc_item(change).get("nick") == NICK, h.to_string(change)
        await asked.wait(10)
        assert await browser.finish() == 0
    except BaseException:
        browser.kill()
        raise
