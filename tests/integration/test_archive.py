"""The room archive (issue 16): XEP-0313 for MUC with XEP-0059 paging.
Occupants read what a stored room published, under nicks and
occupant-ids only; pages are right before and after a restart; a
retraction removes a message; archive_days deletes what is older and
nothing else; the history newcomers get survives a restart."""
import re
import sqlite3
import xml.etree.ElementTree as ET

import harness as h
import when as w
from test_moderation_retract import NS_MOD1, NS_RET1, room_sid
from test_moderation_roles import ROOM, join, setup

NS_MAM = "urn:xmpp:mam:2"
NS_RSM = "http://jabber.org/protocol/rsm"
NS_FWD = "urn:xmpp:forward:0"
NS_DELAY = "urn:xmpp:delay"
NS_OID = "urn:xmpp:occupant-id:0"


def query_xml(queryid="q1", max_=None, after=None, before=None,
              fields=None):
    q = ET.Element(f"{{{NS_MAM}}}query", queryid=queryid)
    if fields:
        q.append(h.submit_form({"FORM_TYPE": NS_MAM, **fields}))
    if max_ is not None or after is not None or before is not None:
        s = ET.SubElement(q, f"{{{NS_RSM}}}set")
        if max_ is not None:
            ET.SubElement(s, f"{{{NS_RSM}}}max").text = str(max_)
        if after is not None:
            ET.SubElement(s, f"{{{NS_RSM}}}after").text = after
        if before is not None:
            ET.SubElement(s, f"{{{NS_RSM}}}before").text = before or None
    return q


class Page:
    def __init__(self, reply, results):
        self.reply = reply
        fin = h.xml_of(reply).find(f"{{{NS_MAM}}}fin")
        self.complete = fin.get("complete") == "true"
        rsm = fin.find(f"{{{NS_RSM}}}set")
        self.count = int(rsm.findtext(f"{{{NS_RSM}}}count"))
        first = rsm.find(f"{{{NS_RSM}}}first")
        self.first = first.text if first is not None else None
        self.index = int(first.get("index")) if first is not None else None
        self.last = rsm.findtext(f"{{{NS_RSM}}}last")
        self.ids, self.bodies, self.messages = [], [], []
        for m in results:
            r = h.xml_of(m).find(f"{{{NS_MAM}}}result")
            fwd = r.find(f"{{{NS_FWD}}}forwarded")
            inner = fwd.find(f"{{{h.NS_CLIENT}}}message")
            assert fwd.find(f"{{{NS_DELAY}}}delay") is not None, \
                h.to_string(m)
            self.ids.append(r.get("id"))
            self.bodies.append(inner.findtext(f"{{{h.NS_CLIENT}}}body"))
            self.messages.append(inner)


async def mam(client, room=ROOM, **kw):
    """One query; returns its Page (the reply is checked to be a result)."""
    qid = kw.setdefault("queryid", "q1")

    def mine(s):
        r = h.xml_of(s).find(f"{{{NS_MAM}}}result")
        return s.name == "message" and r is not None \
            and r.get("queryid") == qid

    with h.record(client, mine) as rec:
        reply = await h.send_iq(client, room, query_xml(**kw), itype="set")
        h.expect_result(reply, f"MAM query {kw}")
    return Page(reply, rec.stanzas)


async def say_all(youth, admin, texts):
    """The youth and the moderator take turns (neither hits the rate
    limit); returns the stanza-ids."""
    sids = []
    for i, t in enumerate(texts):
        a, b = (youth, admin) if i % 2 == 0 else (admin, youth)
        m = await h.muc_say(a, ROOM, t, observers=(b,))
        sids.append(room_sid(m))
    return sids


async def test_occupants_read_the_archive_under_nicks_only(env):
    admin, youth = await setup(env)
    info = h.expect_result(await h.disco_info(youth, ROOM), "disco#info")
    assert NS_MAM in h.features(info), h.features(info)
    sids = await say_all(youth, admin, ["one", "two", "three"])
    page = await mam(youth)
    assert page.bodies == ["one", "two", "three"], page.bodies
    assert page.ids == sids, (page.ids, sids)
    assert page.complete and page.count == 3 and page.index == 0
    assert (page.first, page.last) == (sids[0], sids[2])
    for m, nick in zip(page.messages, ("kid", "Moderator", "kid")):
        assert m.get("from") == f"{ROOM}/{nick}", ET.tostring(m)
        assert m.find(f"{{{NS_OID}}}occupant-id") is not None
        assert youth.boundjid.bare not in ET.tostring(m, "unicode")


async def test_pages_forward_and_backward_survive_a_restart(env):
    admin, youth = await setup(env)
    texts = [f"m{i}" for i in range(7)]
    sids = await say_all(youth, admin, texts)

    async def check(client):
        p = await mam(client, max_=3)
        assert p.bodies == texts[:3] and not p.complete and p.count == 7
        p = await mam(client, max_=3, after=p.last)
        assert p.bodies == texts[3:6] and not p.complete and p.index == 3
        p = await mam(client, max_=3, after=p.last)
        assert p.bodies == texts[6:] and p.complete and p.index == 6
        p = await mam(client, max_=3, before="")    # the last page
        assert p.bodies == texts[4:] and not p.complete and p.index == 4
        p = await mam(client, max_=3, before=p.first)
        assert p.bodies == texts[1:4] and not p.complete
        p = await mam(client, max_=3, before=p.first)
        assert p.bodies == texts[:1] and p.complete and p.index == 0
        p = await mam(client, max_=0)
        assert p.bodies == [] and p.count == 7
        p = await mam(client, fields={"after-id": sids[5]})
        assert p.bodies == texts[6:] and p.complete

    await check(youth)
    await env.stop_ecopper()
    await env.start_ecopper()
    late = await env.anon_client()
    entered = await h.muc_enter(late, ROOM, "late")
    # The history newcomers get was read back from the archive.
    history = [h.body_of(s) for s in entered.stanzas
               if s.name == "message" and h.body_of(s)]
    assert history[-7:] == texts, history
    await check(late)


async def test_retraction_removes_a_message_from_the_archive(env):
    admin, youth = await setup(env)
    sids = await say_all(youth, admin, ["keep", "buy my stuff, so cheap",
                                        "keep too"])
    r = await h.send_iq(admin, ROOM, f"<moderate id='{sids[1]}' "
                        f"xmlns='{NS_MOD1}'><retract xmlns='{NS_RET1}'/>"
                        "</moderate>", itype="set")
    h.expect_result(r, "moderate")
    page = await mam(youth)
    assert page.bodies == ["keep", "keep too"] and page.count == 2, \
        page.bodies
    await env.stop_ecopper()
    await env.start_ecopper()
    late = await env.anon_client()
    await join(late, "late")
    assert (await mam(late)).bodies == ["keep", "keep too"]


async def test_only_occupants_query_and_bad_queries_are_refused(env):
    admin, youth = await setup(env)
    sids = await say_all(youth, admin, ["hello"])
    outsider = await env.anon_client()
    r = await h.send_iq(outsider, ROOM, query_xml(), itype="set")
    h.expect_error(r, "forbidden")
    assert "Enter the room" in h.stanza_error(r).text
    for q, cond in ((query_xml(fields={"with": f"{ROOM}/kid"}),
                     "feature-not-implemented"),
                    (query_xml(after="0" * 32), "item-not-found"),
                    (query_xml(after=sids[0], before=sids[0]),
                     "bad-request"),
                    (query_xml(fields={"start": "yesterday"}),
                     "bad-request"),
                    (query_xml(max_="-1"), "bad-request")):
        r = await h.send_iq(youth, ROOM, q, itype="set")
        h.expect_error(r, cond)
        assert h.stanza_error(r).text, h.to_string(r)
    # The form of the query (§5).
    r = h.expect_result(await h.send_iq(
        youth, ROOM, f"<query xmlns='{NS_MAM}'/>"), "MAM fields")
    x = h.xml_of(r).find(f"{{{NS_MAM}}}query/{{{h.NS_DATA}}}x")
    assert {"start", "end"} <= set(h.parse_form(x).fields), h.to_string(r)


@h.dated
async def test_archive_days_deletes_what_is_older_and_nothing_else(env):
    admin, youth = await setup(env, archive_days=30)
    await env.stop_ecopper()
    await env.start_ecopper(args=["-T"], archive_days=30)
    await join(admin, "Moderator")
    await join(youth, "kid")
    await say_all(youth, admin, ["old"])
    first, last = await h.run_command(admin, "set-clock",
                                      {"now": w.shift(w.START, days=20)})
    h.expect_completed(last, "set-clock +20 days")
    await say_all(youth, admin, ["newer"])
    # 31 days after "old", 11 after "newer": the daily pruning runs as
    # the day changes.
    first, last = await h.run_command(admin, "set-clock",
                                      {"now": w.shift(w.START, days=31)})
    h.expect_completed(last, "set-clock +31 days")
    await h.sync_with_room(youth, ROOM)
    await env.wait_log("archive: ask: deleted 1 message past archive_days")
    assert (await mam(youth)).bodies == ["newer"]


async def test_archive_days_0_keeps_no_archive(env):
    admin, youth = await setup(env, archive_days=0)
    info = h.expect_result(await h.disco_info(youth, ROOM), "disco#info")
    assert NS_MAM not in h.features(info)
    await say_all(youth, admin, ["not kept"])
    r = await h.send_iq(youth, ROOM, query_xml(), itype="set")
    h.expect_error(r, "service-unavailable")
    await env.stop_ecopper()
    import sqlite3
    con = sqlite3.connect(env.ecopper_db)
    assert con.execute("SELECT count(*) FROM archive").fetchone()[0] == 0
    con.close()


async def test_archive_refusals_speak_the_askers_language(env):
    await setup(env)
    fin = await env.anon_client()
    raw = (f"<iq type='set' to='{ROOM}' id='q-fi' xml:lang='fi'>"
           f"<query xmlns='{NS_MAM}'/></iq>")
    got = await h.wait_for(fin, lambda s: s.name == "iq"
                           and s["id"] == "q-fi",
                           action=lambda: fin.send_raw(raw))
    h.expect_error(got, "forbidden")
    assert h.stanza_error(got).text == \
        "Tule huoneeseen, niin voit lukea sen arkistoa.", h.to_string(got)


async def set_archive_days(admin, value, room=ROOM):
    from test_room_config import CONFIG, NS_OWNER
    q = ET.Element(f"{{{NS_OWNER}}}query")
    q.append(h.submit_form({"FORM_TYPE": CONFIG,
                            "x-ecopper#archive_days": value}))
    return await h.send_iq(admin, room, q, itype="set")


async def test_owners_set_a_rooms_archive_days_or_turn_it_off(env):
    admin, youth = await setup(env, archive_days=30)
    await say_all(youth, admin, ["kept a while"])
    r = h.expect_result(await h.send_iq(
        admin, ROOM, f"<query xmlns='{h.NS_MUC}#owner'/>"), "config form")
    x = h.xml_of(r).find(f"{{{h.NS_MUC}#owner}}query/{{{h.NS_DATA}}}x")
    field = h.parse_form(x).fields["x-ecopper#archive_days"]
    assert field.value in (None, "") and "30" in field.label, field
    h.expect_error(await set_archive_days(admin, "forever"),
                   "not-acceptable")
    h.expect_result(await set_archive_days(admin, "0"), "archive off")
    info = h.expect_result(await h.disco_info(youth, ROOM), "disco#info")
    assert NS_MAM not in h.features(info)
    h.expect_error(await h.send_iq(youth, ROOM, query_xml(), itype="set"),
                   "service-unavailable")
    # Turned on again: what it had was deleted when it was turned off.
    h.expect_result(await set_archive_days(admin, ""), "service's days")
    assert (await mam(youth)).bodies == []
    late = await env.anon_client()
    entered = await h.muc_enter(late, ROOM, "late")
    assert not [s for s in entered.stanzas if s.name == "message"
                and h.body_of(s) == "kept a while"], "history kept"


@h.dated
async def test_a_rooms_own_archive_days_and_the_purge_command(env):
    admin, youth = await setup(env, archive_days=30)
    await env.stop_ecopper()
    await env.start_ecopper(args=["-T"], archive_days=30)
    await join(admin, "Moderator")
    await join(youth, "kid")
    await say_all(youth, admin, ["day 0", "day 0 too"])
    h.expect_result(await set_archive_days(admin, "1"), "1 day")
    _, last = await h.run_command(admin, "set-clock",
                                  {"now": w.shift(w.START, days=1,
                                                  hours=1)})
    h.expect_completed(last, "set-clock")
    await say_all(youth, admin, ["day 1"])
    _, last = await h.run_command(admin, "set-clock",
                                  {"now": w.shift(w.START, days=2,
                                                  minutes=30)})
    h.expect_completed(last, "set-clock")
    await h.sync_with_room(youth, ROOM)
    await env.wait_log("archive: ask: deleted 2 messages past archive_days")
    assert (await mam(youth)).bodies == ["day 1"]

    first, last = await h.run_command(admin, "archive-purge",
                                      {"room": "ask", "days": "0"})
    assert "days" in first.form.fields, first
    h.expect_completed(last, "archive-purge")
    assert last.notes[0][1].startswith("1 message deleted"), last.notes
    assert (await mam(youth)).bodies == []
    late = await env.anon_client()
    entered = await h.muc_enter(late, ROOM, "late")
    assert not [s for s in entered.stanzas if s.name == "message"
                and h.body_of(s)], [h.to_string(s) for s in entered.stanzas]
    _, last = await h.run_command(admin, "archive-purge",
                                  {"room": "ask", "days": "-1"})
    h.expect_refused(last, {"room": "ask", "days": "-1"}, what="days -1")
    user = await env.user()
    r = await h.command(user, h.COMPONENT, "archive-purge")
    assert r.error and r.error.condition == "forbidden", r


async def test_ids_made_before_issue_17_still_work(env):
    """Stanza-ids were 32 hex digits and occupant-ids 24 characters until
    issue 17 (16 of base64url and 16 of base64 now). A database of then:
    its messages keep their stanza-ids, which MAM pages by and moderators
    retract by, and their occupant-ids are cut to the 16 characters the
    room gives the account now (schemas/0015_short_occupant_ids.sql)."""
    admin, youth = await setup(env)
    one = await h.muc_say(youth, ROOM, "old one", observers=(admin,))
    two = await h.muc_say(admin, ROOM, "old two", observers=(youth,))
    sids, oid = [room_sid(one), room_sid(two)], h.occupant_id(one)
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{16}", s) for s in sids), sids
    assert re.fullmatch(r"[A-Za-z0-9+/]{16}", oid), oid
    await env.stop_ecopper()
    # Made old: hex stanza-ids, 24-character occupant-ids, schema 14.
    db = sqlite3.connect(env.ecopper_db)
    old = {}
    for row, sid, xml in db.execute("SELECT id, sid, xml FROM archive"):
        old[sid] = f"{row:032x}"
        xml = xml.replace(f'id="{sid}"', f'id="{old[sid]}"')
        xml = re.sub(r'(<occupant-id [^>]*id=")([^"]{16})"',
                     r'\1\2abcdefgh"', xml)
        db.execute("UPDATE archive SET sid = ?, xml = ? WHERE id = ?",
                   (old[sid], xml, row))
    db.execute("PRAGMA user_version = 14")
    db.commit()
    db.close()
    olds = [old[s] for s in sids]
    await env.start_ecopper()
    await env.wait_log("applied migration 0015_short_occupant_ids.sql")
    await join(admin, "Moderator")
    youth = await env.anon_client()
    await join(youth, "kid")
    page = await mam(youth)
    assert page.bodies == ["old one", "old two"], page.bodies
    assert page.ids == olds, (page.ids, olds)
    first = page.messages[0]
    assert first.find(f"{{{NS_OID}}}occupant-id").get("id") == oid, \
        ET.tostring(first)
    assert first.find(f"{{{h.NS_SID}}}stanza-id").get("id") == olds[0]
    page = await mam(youth, fields={"after-id": olds[0]})
    assert page.bodies == ["old two"], page.bodies
    r = await h.send_iq(admin, ROOM, f"<moderate id='{olds[0]}' "
                        f"xmlns='{NS_MOD1}'><retract xmlns='{NS_RET1}'/>"
                        "</moderate>", itype="set")
    h.expect_result(r, "retraction by an old stanza-id")
    assert (await mam(youth)).bodies == ["old two"]
