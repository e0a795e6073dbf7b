"""axe-core on the youth page (issue 14): on a phone (Finnish), the
nickname form with the "Just watch" offer, watching, in the room with an
officer's answer and the verified badge, the report dialog and the
page's folded texts opened again: no serious or critical WCAG 2.1 A/AA
violation in any of them (the page's stylesheet overrides Converse's
colours where they fail contrast), and the nickname field has a real
label. The browser side is accessibility.mjs."""

import harness as h
from webtest import Browser, officer_in_room, out_dir

ROOM = "ask@" + h.COMPONENT
ANSWER = "Moi! Kysy vain."


async def test_page_has_no_serious_accessibility_violation(env):
    admin, officer = await officer_in_room(env)
    browser = await Browser.start(env, "accessibility.mjs", {
        "url": env.http_url, "out": str(out_dir("accessibility")),
        "phone": True, "nick": "Kettu", "locale": "fi-FI",
        "answer": ANSWER, "timeout_ms": 20000})
    try:
        watching = await browser.step("watching")
        env.youth_jids.append(watching["jid"])
        await h.muc_say(officer, ROOM, ANSWER)
        browser.send("answered")
        done = await browser.step("done", timeout=90)
        assert not any(done["states"].values()), done["states"]
        assert await browser.finish() == 0
    except BaseException:
        browser.kill()
        raise
