"""The date base (tests/integration/when.py): every instant a dated
scenario uses comes from it, and ecopper in test mode starts its clock
there, so no scenario depends on the day the suite runs."""
import datetime as dt

import harness as h
import when as w

# ecopper's own logic, which no server changes: run on Prosody only
# (runner.py).
ONE_SERVER = "the harness's date base"


async def test_base_moves_by_date_or_days_from_today(env):
    today = dt.date(2026, 12, 6)
    assert w.parse_base("", today) == today
    assert w.parse_base("+400", today) == dt.date(2028, 1, 10)
    assert w.parse_base("-1", today) == dt.date(2026, 12, 5)
    assert w.parse_base("2026-03-29", today) == dt.date(2026, 3, 29)


@h.dated
async def test_scenario_week_is_the_saturday_on_or_before_the_base(env):
    assert w.SATURDAY <= w.BASE < w.SATURDAY + dt.timedelta(days=7)
    assert w.SATURDAY.weekday() == 5 and w.MONDAY.weekday() == 0
    assert w.MONDAY - w.SATURDAY == dt.timedelta(days=2)
    assert w.START < w.SATURDAY_BEFORE < w.mon("15:00") < w.mon("16:00")


async def test_local_times_follow_the_zone_across_dst(env):
    # Helsinki: UTC+2 in winter, UTC+3 in summer; the changes are found,
    # not assumed.
    assert w.dst_change(3, dt.date(2026, 1, 1)) == dt.date(2026, 3, 29)
    assert w.dst_change(10, dt.date(2026, 1, 1)) == dt.date(2026, 10, 25)
    assert w.dst_change(3, dt.date(2026, 4, 1)) == dt.date(2027, 3, 28)
    assert w.local(dt.date(2026, 3, 28), "16:00") == "2026-03-28T14:00:00Z"
    assert w.local(dt.date(2026, 3, 30), "16:00") == "2026-03-30T13:00:00Z"
    assert w.local(dt.date(2026, 10, 25), "04:30") == "2026-10-25T02:30:00Z"
    assert w.shift("2026-12-31T23:59:30Z", seconds=45) == \
        "2027-01-01T00:00:15Z"


@h.dated
async def test_test_mode_starts_the_service_clock_at_the_base(env):
    assert h.test_clock_args(["-T"]) == ["-t", w.START]
    assert h.test_clock_args(["-t", "x", "-T"]) == ["-t", "x", "-T"]
    await env.start_ecopper(args=["-T"])
    admin = await env.admin()
    r = await h.command(admin, h.COMPONENT, "set-clock")
    now = r.form.fields["now"].value
    # The harness started it at START (a whole minute) a moment ago; the
    # form shows the service's local time (UTC here) to the minute.
    start = w.START.replace("T", " ")[:16]
    assert now == start, (now, start)
