"""The youth page on a phone (issue 14): 320, 360 and 414 px wide touch
screens, 740 px high. Nothing sticks out sideways before or after
entering, nor the report dialog (Converse's own rule moved the page 10
px right on screens under 480 px, so the send button was cut in half);
in the room the header folds, leaving the chat most of the screen. The
browser side is phone_layout.mjs."""
import harness as h
from webtest import Browser, out_dir


async def test_page_fits_phone_screens_and_header_folds(env):
    await env.start_ecopper()
    admin = await env.admin()
    await h.create_room(admin, "ask", title="Kysy poliisilta")
    browser = await Browser.start(env, "phone_layout.mjs", {
        "url": env.http_url, "phone": True, "nick": "Kettu",
        "out": str(out_dir("phone_layout")), "locale": "fi-FI",
        "timeout_ms": 20000,
        "doc_shots": {"room": "converse-youth-phone.png"}})
    try:
        done = await browser.step("done", timeout=90)
        # The browser's login is a youth too (the checks at teardown).
        env.youth_jids.append(done["jid"])
        for width, s in done["sizes"].items():
            assert s["chat"] > 3 * s["header"], (width, s)
        assert await browser.finish() == 0
    except BaseException:
        browser.kill()
        raise
