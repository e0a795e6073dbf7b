"""Moderation by role (XEP-0045 §8.2-8.5, §9.6-9.8): kick, voice, lists.

The admin of the service owns every room and enters as moderator; a
youth (anonymous account) and a registered user enter as participants.
"""
import xml.etree.ElementTree as ET

import harness as h

ROOM = "ask@" + h.COMPONENT
NS_USER = h.NS_MUC + "#user"
NS_ADMIN = h.NS_MUC + "#admin"


def is_self_presence(room_nick):
    def pred(s):
        return (s.name == "presence" and str(s["from"]) == room_nick
                and s["type"] != "error"
                and "code=\"110\"" in h.to_string(s).replace("'", '"'))
    return pred


async def join(client, nick, room=ROOM):
    pres = client.make_presence(pto=f"{room}/{nick}")
    pres.append(ET.Element(f"{{{h.NS_MUC}}}x"))
    return await h.wait_for(client, is_self_presence(f"{room}/{nick}"),
                            action=pres.send, what=f"self-presence {nick}")


def codes(stanza):
    x = h.xml_of(stanza).find(f"{{{NS_USER}}}x")
    return {st.get("code") for st in x.findall(f"{{{NS_USER}}}status")} \
        if x is not None else set()


def item(stanza):
    return h.xml_of(stanza).find(f"{{{NS_USER}}}x/{{{NS_USER}}}item")


async def admin_set(client, items_xml):
    return await h.send_iq(client, ROOM,
                           f"<query xmlns='{NS_ADMIN}'>{items_xml}</query>",
                           itype="set")


async def setup(env, **conf):
    """ecopper (conf: config overrides), room ask with the admin in it as
    Moderator and a youth as kid; returns (admin, youth)."""
    await env.start_ecopper(**conf)
    admin = await env.admin()
    await h.create_room(admin, "ask")
    await join(admin, "Moderator")
    youth = await env.anon_client()
    await join(youth, "kid")
    return admin, youth


async def test_moderator_kicks_participant_with_307(env):
    admin, youth = await setup(env)
    seen_by_youth = h.expect(
        youth, lambda s: s.name == "presence" and s["type"] == "unavailable"
        and str(s["from"]) == f"{ROOM}/kid", "own kick presence")
    seen_by_admin = h.expect(
        admin, lambda s: s.name == "presence" and s["type"] == "unavailable"
        and str(s["from"]) == f"{ROOM}/kid", "kick broadcast")
    r = await admin_set(admin, "<item nick='kid' role='none'>"
                        "<reason>Be nice</reason></item>")
    h.expect_result(r, "kick")
    own = await seen_by_youth.wait()
    assert {"110", "307"} <= codes(own), h.to_string(own)
    it = item(own)
    assert it.get("role") == "none"
    actor = it.find(f"{{{NS_USER}}}actor")
    assert actor is not None and actor.get("nick") == "Moderator"
    assert it.findtext(f"{{{NS_USER}}}reason") == "Be nice"
    other = await seen_by_admin.wait()
    assert "307" in codes(other) and "110" not in codes(other)
    # Gone: a message from the kicked youth is refused.
    msg = youth.make_message(mto=ROOM, mtype="groupchat", mbody="back?")
    err = await h.wait_for(youth, lambda s: s.name == "message"
                           and s["type"] == "error", action=msg.send)
    h.expect_error(err, "not-acceptable")


async def test_participant_cannot_kick(env):
    admin, youth = await setup(env)
    r = await admin_set(youth, "<item nick='Moderator' role='none'/>")
    h.expect_error(r, "forbidden", "auth")


async def test_admin_cannot_be_kicked(env):
    admin, youth = await setup(env)
    user = await env.user()
    await join(user, "helper")
    r = await admin_set(admin, "<item nick='helper' role='moderator'/>")
    h.expect_result(r, "grant moderator")
    r = await admin_set(user, "<item nick='Moderator' role='none'/>")
    h.expect_error(r, "not-allowed")


async def test_revoke_and_grant_voice(env):
    admin, youth = await setup(env)
    got = h.expect(youth, lambda s: s.name == "presence"
                   and str(s["from"]) == f"{ROOM}/kid"
                   and item(s) is not None
                   and item(s).get("role") == "visitor", "visitor role")
    h.expect_result(await admin_set(admin, "<item nick='kid' role='visitor'/>"),
                    "revoke voice")
    await got.wait()
    msg = youth.make_message(mto=ROOM, mtype="groupchat", mbody="hello?")
    err = await h.wait_for(youth, lambda s: s.name == "message"
                           and s["type"] == "error", action=msg.send)
    h.expect_error(err, "forbidden")
    got = h.expect(youth, lambda s: s.name == "presence"
                   and str(s["from"]) == f"{ROOM}/kid"
                   and item(s) is not None
                   and item(s).get("role") == "participant", "voice back")
    h.expect_result(await admin_set(
        admin, "<item nick='kid' role='participant'/>"), "grant voice")
    await got.wait()
    msg = youth.make_message(mto=ROOM, mtype="groupchat", mbody="thanks")
    echo = await h.wait_for(youth, lambda s: s.name == "message"
                            and s["type"] == "groupchat"
                            and s["body"] == "thanks", action=msg.send)
    assert str(echo["from"]) == f"{ROOM}/kid"


async def test_kick_unknown_nick_is_item_not_found(env):
    admin, youth = await setup(env)
    r = await admin_set(admin, "<item nick='nobody' role='none'/>")
    h.expect_error(r, "item-not-found")


async def test_participant_list_for_moderators_has_no_jids(env):
    admin, youth = await setup(env)
    r = h.expect_result(await h.send_iq(
        admin, ROOM, f"<query xmlns='{NS_ADMIN}'><item role='participant'/>"
        "</query>"), "voice list")
    q = h.xml_of(r).find(f"{{{NS_ADMIN}}}query")
    its = q.findall(f"{{{NS_ADMIN}}}item")
    assert [i.get("nick") for i in its] == ["kid"], h.to_string(r)
    assert all(i.get("jid") is None for i in its), "a real JID leaked"
    r = await h.send_iq(youth, ROOM, f"<query xmlns='{NS_ADMIN}'>"
                        "<item role='participant'/></query>")
    h.expect_error(r, "forbidden")


async def test_flooding_youth_gets_resource_constraint(env):
    admin, youth = await setup(env)
    err = h.expect(youth, lambda s: s.name == "message"
                   and s["type"] == "error", "rate-limit error")
    for i in range(8):
        youth.make_message(mto=ROOM, mtype="groupchat",
                           mbody=f"flood {i}").send()
    e = h.expect_error(await err.wait(), "resource-constraint", "wait")
    assert "too fast" in e.text, e.text
    # Moderators are not limited.
    for i in range(8):
        await h.wait_for(admin, lambda s, i=i: s.name == "message"
                         and s["body"] == f"staff {i}",
                         action=admin.make_message(
                             mto=ROOM, mtype="groupchat",
                             mbody=f"staff {i}").send)


async def test_youth_contact_details_and_words_are_refused(env):
    await env.start_ecopper(filter_words="idiot")
    admin = await env.admin()
    await h.create_room(admin, "ask")
    await join(admin, "Moderator")
    youth = await env.anon_client()
    await join(youth, "kid")
    for body in ["call me 040 123 4567", "add me on snapchat",
                 "see www.example.com", "you 1d10t"]:
        msg = youth.make_message(mto=ROOM, mtype="groupchat", mbody=body)
        err = await h.wait_for(youth, lambda s: s.name == "message"
                               and s["type"] == "error", action=msg.send)
        e = h.expect_error(err, "policy-violation", what=body)
        assert e.text, body
    await h.muc_say(youth, ROOM, "Is it ok to cycle at night?",
                    observers=(admin,))
    # Staff may share a number (e.g. the youth services' helpline).
    await h.muc_say(admin, ROOM, "Helpline: 0800 123 456", observers=(youth,))


async def test_word_files_and_filter_hold_for_a_moderator(env):
    # One word list a language, in files a city edits; a hit is held for
    # a moderator (filter_action = hold) instead of refused.
    words = env.dir / "words-fi.txt"
    words.write_text("# suomi\nhölmö  # a mild one\n\nääliö\n",
                     encoding="utf-8")
    await env.start_ecopper(filter_word_files=str(words),
                            filter_action="hold")
    admin = await env.admin()
    await h.create_room(admin, "ask")
    await join(admin, "Moderator")
    youth = await env.anon_client()
    await join(youth, "kid")
    other = await env.anon_client()
    await join(other, "other")
    with h.record(other, lambda s: s.name == "message"
                  and s["type"] == "groupchat"
                  and h.from_of(s) == f"{ROOM}/kid") as rec:
        told = h.expect(youth, lambda s: s.name == "message"
                        and h.from_of(s) == ROOM
                        and "waiting for a moderator" in (s["body"] or ""),
                        "held notice")
        note = await h.wait_for(
            admin, lambda s: s.name == "message"
            and h.from_of(s) == h.desk(ROOM)
            and "HÖLMÖ" in (s["body"] or ""),
            action=youth.make_message(mto=ROOM, mtype="groupchat",
                                      mbody="sinä olet HÖLMÖ").send,
            what="held for the moderator")
        await told.wait()
        assert "(held by the filter: That message contains a word that " \
               "is not allowed here.)" in note["body"], note["body"]
        # A clean message passes at once.
        await h.muc_say(youth, ROOM, "Saako mopolla ajaa kaksin?",
                        observers=(other,))
    assert [s["body"] for s in rec.stanzas] == \
        ["Saako mopolla ajaa kaksin?"], [s["body"] for s in rec.stanzas]


async def test_bad_filter_settings_are_config_errors(env):
    conf = env.write_ecopper_config(filter_action="delete")
    rc, out = await env.run_ecopper(["-n", "-c", conf], timeout=15)
    assert rc == 1 and "filter_action 'delete' must be reject or hold" \
        in out, out
    bad = env.dir / "words.txt"
    bad.write_bytes(b"ok\n\xff\xfe\n")
    conf = env.write_ecopper_config(filter_word_files=str(bad))
    rc, out = await env.run_ecopper(["-n", "-c", conf], timeout=15)
    assert rc == 1 and f"{bad}:2: not valid UTF-8" in out, out
