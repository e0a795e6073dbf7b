"""The youth page speaks the youth's language (issue 14): on a phone in
Finnish, Swedish and Ukrainian, what a youth meets of Converse.js (the
nickname form, the room with an officer's answer, the room's menu, the
participants, the room's details window) shows none of Converse's
strings in English: 14.0.0's catalogues lack some, and the page's
conf/web/converse-texts.js supplies them. Converse's day separator and
message times are written as the page and ecopper's texts write dates
and times (CLDR: 7.12.2026 and 16.00 in Finnish), not in dayjs's formats
("sunnuntai joulu 6. 2026"). The browser side is language.mjs."""
import datetime as dt
import re
from zoneinfo import ZoneInfo

import harness as h
import when as w
from webtest import Browser, officer_in_room, out_dir

ROOM = "ask@" + h.COMPONENT
ANSWER = "Moi! Kysy vain."
# Converse's strings on this page before converse-texts.js, in English
# on the fi, sv or uk page; none may be left.
ENGLISH = ["Menu", "Show more information about this groupchat",
           "Change the nickname you're using in this groupchat",
           "Show the groupchat participants", "Hide participants",
           "Show participants", "Frequently used", "Groupchat info",
           "XMPP address", "Close", "Online"]
# Lines that start so: ecopper's words in the room's info (the details
# window), asked for in English when the page's stanzas named no
# language.
ENGLISH_LINES = ["On duty:", "Description"]


async def officer_answers(env):
    """ask@ open, the officer (user@localhost, staff) in it, his answer
    said before the youth comes (history)."""
    admin, officer = await officer_in_room(env)
    await h.muc_say(officer, ROOM, ANSWER)
    return officer


async def see(env, locale, nick):
    browser = await Browser.start(env, "language.mjs", {
        "url": env.http_url, "out": str(out_dir("language-" + locale)),
        "phone": True, "nick": nick, "locale": locale,
        "answer": ANSWER, "timezone": w.ZONE, "timeout_ms": 20000})
    try:
        seen = await browser.step("seen", timeout=60)
        env.youth_jids.append(seen["jid"])
        assert await browser.finish() == 0
    except BaseException:
        browser.kill()
        raise
    assert seen["lang"] == locale.split("-")[0], seen["lang"]
    # Every question the page asked the room named its language, so
    # ecopper never answered it in English: the room's info (asked
    # before entering, and shown in the details window if Converse keeps
    # that answer) said "Paikalla: ...", never "On duty: ...".
    sent = env.captured().decode("utf-8", "replace")
    assert "On duty:" not in sent, "the room's info went out in English"
    assert not seen["page_errors"], seen["page_errors"]
    return seen


def english_left(seen):
    """Converse's English strings the page showed, state by state."""
    left = {}
    for state, what in seen["states"].items():
        lines = what["text"].split("\n")
        words = [w for w in ENGLISH
                 if w in what["attrs"] or w in lines]
        words += [w for w in ENGLISH_LINES
                  if any(line.startswith(w) for line in lines)]
        if words:
            left[state] = words
    return left


# A time of day as each language writes it (conf/lang's cldr_time).
TIME = {"fi": r"\d{1,2}\.\d\d", "sv": r"\d{1,2}\.\d\d",
        "uk": r"\d\d:\d\d"}


async def check_language(env, locale, nick):
    await officer_answers(env)
    seen = await see(env, locale, nick)
    assert not seen["untranslated"], seen["untranslated"]
    assert not english_left(seen), english_left(seen)
    # Today, as the page writes a day (the answer was given just now).
    lang = seen["lang"]
    today = dt.datetime.now(ZoneInfo(w.ZONE)).date()
    assert seen["days"] and all(
        d.endswith(" " + w.date_text(lang, today)) for d in seen["days"]), \
        seen["days"]
    assert seen["times"] and all(re.fullmatch(TIME[lang], t.strip())
                                 for t in seen["times"]), seen["times"]
    return seen


async def test_converse_speaks_finnish(env):
    await check_language(env, "fi-FI", "Kettu")


async def test_converse_speaks_swedish(env):
    await check_language(env, "sv-FI", "Räv")


async def test_converse_speaks_ukrainian(env):
    await check_language(env, "uk-UA", "Лис")
