"""The page's open/closed notice (issue 7) reads the room's disco#info:
while a scheduled room is closed the page says so with the next session
in the browser's time zone and hides the chat; once the room opens, a
youth who comes back enters as usual, reads the room's warning before
closing in their language, and at closing (issue 5) is out of the room
with the goodbye naming the next session. ecopper runs with -T so that
set-clock moves its clock."""
import harness as h
from webtest import Browser, out_dir

ROOM = "ask@" + h.COMPONENT
ZONE = "Europe/Helsinki"
# Monday 2026-12-07 16:00-18:00 in Helsinki (UTC+2) is 14:00-16:00Z.
SATURDAY_BEFORE = "2026-12-05T10:00:00Z"
MONDAY_DURING = "2026-12-07T15:00:00Z"
MONDAY_WARNING = "2026-12-07T15:50:00Z"
MONDAY_CLOSING = "2026-12-07T16:00:00Z"


async def set_clock(admin, when):
    first, last = await h.run_command(admin, "set-clock", {"now": when})
    assert not first.error, str(first)
    h.expect_completed(last, f"set-clock {when}")


async def test_page_says_closed_with_next_session_then_lets_youth_in(env):
    await env.start_ecopper(args=["-T"], timezone=ZONE)
    admin = await env.admin()
    await h.create_room(admin, "ask", title="Fråga polisen")
    first, last = await h.run_command(admin, "schedule-set", {
        "room": ROOM, "slots": ["mon 16:00-18:00"], "exceptions": []})
    assert not first.error, str(first)
    h.expect_completed(last, "schedule-set")
    await set_clock(admin, SATURDAY_BEFORE)
    browser = await Browser.start(env, "room_state.mjs", {
        "url": env.http_url, "out": str(out_dir("room_state")),
        "nick": "Räv", "locale": "sv-SE", "timezone": ZONE,
        "warning": "Chatten stänger om 10 minuter", "timeout_ms": 20000})
    try:
        closed = await browser.step("closed")
        env.youth_jids.append(closed["jid"])  # for the checks at teardown
        # "Stängd. Nästa chattpass: måndag 7 december 16:00" or the like:
        # Swedish, the date and the hour in Helsinki time.
        text = closed["text"]
        assert text.startswith("Stängd.") and "7" in text \
            and "16" in text, text
        assert not closed["chat_visible"]
        await set_clock(admin, MONDAY_DURING)
        browser.send("opened")
        opened = await browser.step("open")
        env.youth_jids.append(opened["jid"])
        assert opened["text"] == "Öppen nu", opened
        await set_clock(admin, MONDAY_WARNING)
        browser.send("warning")
        warned = await browser.step("warned")
        assert "kl. 18:00" in warned["text"], warned
        await set_clock(admin, MONDAY_CLOSING)
        browser.send("closing")
        bye = await browser.step("bye")
        assert bye["bye"] == ("Chatten är stängd nu. Tack för dina frågor! "
                              "Nästa chatt öppnar på måndag 2026-12-14 kl. "
                              "16:00."), bye
        assert bye["text"].startswith("Stängd."), bye
        assert not bye["chat_visible"]
        assert await browser.finish() == 0
    except BaseException:
        browser.kill()
        raise
