"""A join refused at closing time (issue 14): a youth on a phone (Finnish)
has the page open while the room is open and sends the nickname form
just after closing. ecopper refuses the join (not-allowed, its closed
text in Finnish); the page hides the chat and shows only its closed
notice with the next session, having read the room's state again at
once, and never Converse's "not allowed to create new groupchats". When
the room opens again, the nickname form is back. ecopper runs with -T
(set-clock); the instants come from the harness's date base (when.py)."""
import harness as h
import when as w
from test_room_state import set_clock
from webtest import Browser, out_dir

ROOM = "ask@" + h.COMPONENT


@h.dated
async def test_join_refused_at_closing_shows_only_the_closed_notice(env):
    await env.start_ecopper(args=["-T"], timezone=w.ZONE)
    admin = await env.admin()
    await h.create_room(admin, "ask", title="Kysy poliisilta")
    first, last = await h.run_command(admin, "schedule-set", {
        "room": ROOM, "slots": ["mon 16:00-18:00"], "exceptions": []})
    assert not first.error, str(first)
    h.expect_completed(last, "schedule-set")
    await set_clock(admin, w.mon("17:55"))
    browser = await Browser.start(env, "closed_join.mjs", {
        "url": env.http_url, "out": str(out_dir("closed_join")),
        "phone": True, "nick": "Kettu", "locale": "fi-FI",
        "timezone": w.ZONE, "timeout_ms": 20000})
    try:
        await browser.step("ready")
        await set_clock(admin, w.mon("18:01"))
        browser.send("closed")
        refused = await browser.step("refused")
        # The next Monday as ecopper's texts write it too (7.12.2026 klo
        # 16.00), by CLDR's Finnish rules.
        assert refused["text"] == ("Suljettu. Seuraava päivystys: ma "
                                   f"{w.date_text('fi', w.day(0, weeks=1))} "
                                   "klo 16.00"), refused["text"]
        assert not refused["chat_visible"]
        seen = refused["visible_text"]
        assert "create" not in seen and "luoda" not in seen, seen
        await set_clock(admin, w.mon("16:30", weeks=1))
        browser.send("open")
        back = await browser.step("form_back")
        env.youth_jids.append(back["jid"])
        assert await browser.finish() == 0
    except BaseException:
        browser.kill()
        raise
