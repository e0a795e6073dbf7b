"""The page's open/closed notice (issue 7) reads the room's disco#info:
while a scheduled room is closed the page says so with the next session
in the browser's time zone and hides the chat; once the room opens, a
youth who comes back enters as usual, reads the room's warning before
closing in their language, and at closing (issue 5) is out of the room
with the goodbye naming the next session. ecopper runs with -T so that
set-clock moves its clock; the instants come from the harness's date
base (when.py)."""
import harness as h
import when as w
from webtest import Browser, out_dir

ROOM = "ask@" + h.COMPONENT
ZONE = w.ZONE
# The session: the scenario Monday 16:00-18:00 in Helsinki.
SATURDAY_BEFORE = w.SATURDAY_BEFORE
MONDAY_DURING = w.mon("17:00")
MONDAY_WARNING = w.mon("17:50")
MONDAY_CLOSING = w.mon("18:00")


async def set_clock(admin, when):
    first, last = await h.run_command(admin, "set-clock", {"now": when})
    assert not first.error, str(first)
    h.expect_completed(last, f"set-clock {when}")


@h.dated
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
        # "Stängd. Nästa chattpass: mån 7.12.2026 16.00": Swedish as
        # written in Finland, Helsinki time, the date and the time as
        # ecopper's own texts write them (its goodbye below).
        text = closed["text"]
        assert text.startswith("Stängd.") and \
            f"mån {w.date_text('sv', w.MONDAY)} 16.00" in text, text
        assert not closed["chat_visible"]
        await set_clock(admin, MONDAY_DURING)
        browser.send("opened")
        opened = await browser.step("open")
        env.youth_jids.append(opened["jid"])
        assert opened["text"] == "Öppen nu", opened
        await set_clock(admin, MONDAY_WARNING)
        browser.send("warning")
        warned = await browser.step("warned")
        assert "kl. 18.00" in warned["text"], warned
        await set_clock(admin, MONDAY_CLOSING)
        browser.send("closing")
        bye = await browser.step("bye")
        assert bye["bye"] == ("Chatten är stängd nu. Tack för dina frågor! "
                              "Nästa chatt öppnar på måndag "
                              f"{w.date_text('sv', w.day(0, weeks=1))} "
                              "kl. 16.00."), bye
        assert bye["text"].startswith("Stängd."), bye
        assert not bye["chat_visible"]
        assert await browser.finish() == 0
    except BaseException:
        browser.kill()
        raise
