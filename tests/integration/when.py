"""
when.py - the instants scenarios use, all from one date base.

No scenario names a date of its own: the harness picks a base date, and
every instant a scenario sets the service clock to, or expects in a text,
is computed from it here. The base is today's date (UTC) unless
ECOPPER_TEST_BASE moves it:

    ECOPPER_TEST_BASE=2027-03-28      that date
    ECOPPER_TEST_BASE=+400            400 days after today (-1: yesterday)

tests/check.sh runs the dated scenarios (those marked @h.dated) again with
the base moved a year back and ahead, a day back and ahead, and onto both
of the year's DST changes, so a scenario that holds only on the day it was
written fails at once instead of months later.

The scenario week, in the service's zone (Europe/Helsinki):

    SATURDAY   the last Saturday on or before the base
    MONDAY     the Monday after it (the room's session: 16:00-18:00)
    START      Saturday 11:00 local: where ecopper's test clock starts
               (the harness turns -T into -t START), before anything a
               scenario does, so that nothing happens at the real date
    SATURDAY_BEFORE   Saturday 12:00 local, the room still closed

With the base on a Sunday of a DST change, Saturday and Monday lie on
either side of it.
"""

import datetime as dt
import os
from zoneinfo import ZoneInfo

ZONE = "Europe/Helsinki"
TZ = ZoneInfo(ZONE)
UTC = dt.timezone.utc


def parse_base(text, today):
    """The base date from ECOPPER_TEST_BASE's text (empty: today)."""
    text = (text or "").strip()
    if not text:
        return today
    if text[0] in "+-":
        return today + dt.timedelta(days=int(text))
    return dt.date.fromisoformat(text)


def _today():
    return dt.datetime.now(UTC).date()


BASE = parse_base(os.environ.get("ECOPPER_TEST_BASE"), _today())
SATURDAY = BASE - dt.timedelta(days=(BASE.weekday() - 5) % 7)
MONDAY = SATURDAY + dt.timedelta(days=2)


def day(n, weeks=0):
    """The date n days after MONDAY (1: Tuesday), weeks later."""
    return MONDAY + dt.timedelta(days=n + 7 * weeks)


def next_month(date):
    """The first day of the month after date's (a month boundary)."""
    first = date.replace(day=1)
    return (first + dt.timedelta(days=32)).replace(day=1)


def local(date, hhmm, zone=TZ):
    """XEP-0082 UTC instant of the local time hh:mm on date."""
    h, m = map(int, hhmm.split(":"))
    t = dt.datetime(date.year, date.month, date.day, h, m, tzinfo=zone)
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def mon(hhmm, weeks=0):
    """The scenario Monday (or one weeks later) at hh:mm local, in UTC."""
    return local(day(0, weeks), hhmm)


def shift(instant, **delta):
    """instant (XEP-0082 UTC) moved by timedelta(**delta)."""
    t = dt.datetime.strptime(instant, "%Y-%m-%dT%H:%M:%SZ")
    return (t + dt.timedelta(**delta)).strftime("%Y-%m-%dT%H:%M:%SZ")


def dst_change(month, after, zone=TZ):
    """The first day on or after date `after`, in month, on which the
    zone's UTC offset changes (the Sunday of a DST change)."""
    d = after
    for _ in range(800):
        if d.month == month:
            noon = dt.datetime(d.year, d.month, d.day, 12, tzinfo=zone)
            before = noon - dt.timedelta(days=1)
            if noon.utcoffset() != before.utcoffset():
                return d
        d += dt.timedelta(days=1)
    raise ValueError(f"{zone}: no offset change in month {month}")


START = local(SATURDAY, "11:00")
SATURDAY_BEFORE = local(SATURDAY, "12:00")


def describe():
    """One line for a run's log: what the base is and where it came from."""
    src = os.environ.get("ECOPPER_TEST_BASE") or "today"
    return (f"date base {BASE} ({src}): scenario Monday {MONDAY}, "
            f"clock from {START}")


# Dates and times as ecopper's texts write them in each catalogue's
# language: conf/lang's cldr_date and cldr_time (CLDR's patterns for
# fi_FI, sv_FI, en_FI and uk_UA, which ICU fills in). Written out here
# by hand, so that a change of pattern or of ICU's output shows.
def date_text(lang, d):
    """d (a date) as lang writes it: 7.12.2026, 07/12/2026 ..."""
    if lang == "en":
        return f"{d.day:02}/{d.month:02}/{d.year}"
    if lang == "uk":
        return f"{d.day:02}.{d.month:02}.{d.year}"
    return f"{d.day}.{d.month}.{d.year}"


def time_text(lang, hm):
    """hm ("16:00", "04:30") as lang writes it: 16.00, 4.30, 04:30."""
    hour, minute = hm.split(":")
    if lang == "uk":
        return f"{int(hour):02}:{minute}"
    return f"{int(hour)}.{minute}"
