"""A youth on a phone comes back after a reload and after a network cut
(issue 14): the page (reconnect.mjs, 360x740 touch, Finnish) rejoins the
room under the same nickname without asking, and shows what was said
meanwhile from the room's archive; while the network is down it says it
is reconnecting. The officer (slixmpp) in the room never sees a second
nick for the youth ("Kettu2"), and the old login is gone from the room
each time, not left as a ghost.

The page is served through a TCP relay the scenario controls
(harness.Relay in front of Prosody's HTTP port): cut() drops every
connection through it, and while upstream_port names a closed port, new
ones are refused, as a phone without network would find. Prosody runs
with stream management on, as Debian's stock config has it, and off on
the youths' host, as conf/prosody/ecopper.cfg.lua ships it."""
import asyncio
import re

import harness as h
from webtest import Browser, officer_in_room, out_dir

ROOM = "ask@" + h.COMPONENT
OFFICER = "Officer Mikko"
NICK = "Kettu"
SAID = "Moi, onko täällä ketään?"
ANSWER = "Moi Kettu, täällä ollaan."
WHILE_AWAY = "Kettu, kysy vain lisää kun palaat."
RECONNECTING = "Yhteys katkesi. Yhdistetään uudelleen…"


def shipped_anon_host_has_no_smacks():
    """conf/prosody/ecopper.cfg.lua's youths' host disables smacks."""
    text = (h.REPO / "conf" / "prosody" / "ecopper.cfg.lua").read_text()
    host = text.split('VirtualHost "anon.example.org"', 1)[1]
    host = re.split(r"\n(?:VirtualHost|Component) ", host, 1)[0]
    return re.search(r'modules_disabled\s*=\s*\{[^}]*"smacks"', host)


async def test_youth_comes_back_after_reload_and_network_cut(env):
    assert shipped_anon_host_has_no_smacks(), \
        "conf/prosody/ecopper.cfg.lua: the youths' host keeps smacks on"
    admin, officer = await officer_in_room(env, name=OFFICER)

    # Who the officer sees in the room, as presences come.
    present, seen = set(), set()

    def track(s):
        if s.name == "presence" and h.from_of(s).startswith(ROOM + "/"):
            nick = h.from_of(s).split("/", 1)[1]
            if s["type"] == "unavailable":
                present.discard(nick)
            elif s["type"] != "error":
                present.add(nick)
                seen.add(nick)
        return s
    officer.add_filter("in", track)

    relay = await h.Relay(env.http_port, "/dev/null").start()
    dead_port = h.free_ports(1)[0]
    browser = await Browser.start(env, "reconnect.mjs", {
        "url": f"http://127.0.0.1:{relay.port}/", "phone": True,
        "out": str(out_dir("reconnect")), "nick": NICK, "locale": "fi-FI",
        "said": SAID, "answer": ANSWER, "while_away": WHILE_AWAY,
        "reconnecting": RECONNECTING, "timeout_ms": 30000,
        # docs/youth.md's picture (make-web-screens.sh)
        "doc_shots": {"away": "converse-reconnecting-phone.png"}})
    try:
        said = h.expect(officer, lambda s: s.name == "message"
                        and h.from_of(s) == f"{ROOM}/{NICK}"
                        and s["body"] == SAID, "the youth's words")
        entered = await browser.step("entered")
        env.youth_jids.append(entered["jid"])
        await said.wait(20)
        await h.muc_say(officer, ROOM, ANSWER)
        browser.send("answered")

        reloaded = await browser.step("reloaded", timeout=60)
        env.youth_jids.append(reloaded["jid"])
        assert present & {n for n in seen if n.startswith(NICK)} == {NICK}, \
            (present, seen)

        # The network goes for a while; the officer speaks meanwhile.
        relay.upstream_port = dead_port
        relay.cut()
        browser.send("cut")
        away = await browser.step("away", timeout=30)
        assert away["text"] == RECONNECTING, away
        # The old login leaves the room: no ghost keeps the nick.
        for _ in range(100):
            if NICK not in present:
                break
            await asyncio.sleep(0.1)
        assert NICK not in present, "the youth's old login stayed"
        await h.muc_say(officer, ROOM, WHILE_AWAY)
        await asyncio.sleep(3)
        relay.upstream_port = env.http_port
        browser.send("back")
        back = await browser.step("back", timeout=90)
        env.youth_jids.append(back["jid"])
        assert back["nicks"].count(NICK) == 1, back["nicks"]
        assert NICK in present, present
        youths = {n for n in seen if n not in ("Officer Mikko", "mikko")}
        assert youths == {NICK}, f"the officer saw {sorted(youths)}"
        assert await browser.finish() == 0
    except BaseException:
        browser.kill()
        raise
    finally:
        officer.del_filter("in", track)
        await relay.close(timeout=1)
