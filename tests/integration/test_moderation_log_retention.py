"""Retention of the moderation log (moderation_log_days, default 180):
entries older than that are deleted at start and when the service's day
changes. ecopper runs with -T so that set-clock moves its clock across
months; nothing sleeps: the scenario waits for the log line of the
pruning."""
import harness as h
import when as w
from test_moderation_roles import ROOM, admin_set, join
from test_opening_hours import set_clock

# ecopper's own logic, which no server changes: run on Prosody only
# (runner.py).
ONE_SERVER = "the moderation log's retention"

T0 = w.SATURDAY_BEFORE


async def log_rows(admin):
    first, last = await h.run_command(admin, "moderation-log", {"room": "ask"})
    h.expect_completed(last, "moderation-log")
    return [{k: v[0] if v else "" for k, v in item.items()}
            for item in last.form.items]


async def kick(env, admin, nick, reason):
    youth = await env.anon_client()
    await join(youth, nick)
    h.expect_result(await admin_set(
        admin, f"<item nick='{nick}' role='none'><reason>{reason}</reason>"
               "</item>"), f"kick {nick}")


@h.dated
async def test_old_entries_are_deleted_after_moderation_log_days(env):
    await env.start_ecopper(args=["-T"], moderation_log_days=180)
    admin = await env.admin()
    await h.create_room(admin, "ask")
    await join(admin, "Moderator")
    await set_clock(admin, T0)
    await kick(env, admin, "early", "first offence")
    await set_clock(admin, w.shift(T0, days=80))
    await kick(env, admin, "later", "second offence")
    reasons = {r["reason"] for r in await log_rows(admin)}
    assert {"first offence", "second offence"} <= reasons, reasons
    # 181 days after the first, 101 after the second: the first goes.
    await set_clock(admin, w.shift(T0, days=181))
    await env.wait_log("moderation log: deleted 1 entry older than 180 days")
    reasons = {r["reason"] for r in await log_rows(admin)}
    assert "first offence" not in reasons, f"kept too long: {reasons}"
    assert "second offence" in reasons, f"deleted too early: {reasons}"


@h.dated
async def test_zero_keeps_the_log_forever(env):
    await env.start_ecopper(args=["-T"], moderation_log_days=0)
    admin = await env.admin()
    await h.create_room(admin, "ask")
    await join(admin, "Moderator")
    await set_clock(admin, T0)
    await kick(env, admin, "early", "first offence")
    await set_clock(admin, w.shift(T0, days=3652))
    # A later command runs after at least one turn of the main loop.
    await kick(env, admin, "later", "second offence")
    reasons = {r["reason"] for r in await log_rows(admin)}
    assert {"first offence", "second offence"} <= reasons, reasons
    assert env.log_count("moderation log: deleted") == 0


async def test_old_entries_are_deleted_at_start(env):
    await env.start_ecopper(moderation_log_days=1)
    admin = await env.admin()
    await h.create_room(admin, "ask")
    await join(admin, "Moderator")
    await kick(env, admin, "kid", "an offence")
    await env.stop_ecopper()
    # Two days later by the database's own clock: rewrite the row's time.
    import sqlite3
    db = sqlite3.connect(env.ecopper_db)
    db.execute("UPDATE moderation_log SET at = at - 2 * 86400")
    db.commit()
    db.close()
    await env.start_ecopper(moderation_log_days=1)
    await env.wait_log("moderation log: deleted 1 entry older than 1 day")
    admin2 = await env.admin()
    assert await log_rows(admin2) == []
