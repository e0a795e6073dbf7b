"""The anonymity model (issue 12, docs/privacy.md), tried as an attacker
would from the admin and owner side: a youth's real JID, or anything
derived from it that is the same in two rooms, never reaches anyone and is
never stored, whatever the room's settings and whoever asks. Everyone
else's JID follows the room's whois. The harness's teardown checks every
stanza ecopper sent and every table of its database for youths' JIDs
(harness.anonymity_violations, Env._database_problems), so each scenario
below fails if a path leaks; the asserts name what each path must show."""
import harness as h
from test_moderation_affiliations import affiliation_list
from test_moderation_roles import ROOM, NS_ADMIN, join, item, admin_set, \
    setup
from test_room_config import form_of, submit

NS_OWNER = h.NS_MUC + "#owner"


async def test_youth_made_member_by_nick_is_listed_without_jid(env):
    admin, youth = await setup(env)
    # The service admin (owner) and a room owner named by JID both ask.
    h.expect_result(await admin_set(
        admin, f"<item jid='{h.USER[0]}' affiliation='owner'/>"), "owner")
    owner = await env.user()
    await join(owner, "Owner")
    h.expect_result(await admin_set(
        owner, "<item nick='kid' affiliation='member'/>"), "member by nick")
    for who in (admin, owner):
        r, its = await affiliation_list(who, "member")
        assert its and len(its) == 1, h.to_string(r)
        jid = its[0].get("jid")
        assert jid.startswith("anon-") and jid.endswith("@" + h.COMPONENT), \
            h.to_string(r)
        assert its[0].get("nick") == "kid", h.to_string(r)
        assert youth.boundjid.bare.lower() not in h.to_string(r).lower()
    # The listed entry can be changed back by its pseudo-JID.
    h.expect_result(await admin_set(
        admin, f"<item jid='{jid}' affiliation='none'/>"), "none by entry")
    r, its = await affiliation_list(admin, "member")
    assert its == [], h.to_string(r)
    assert env.anonymity_check() == [] and env._database_problems() == []


async def test_youth_cannot_be_made_admin_or_owner(env):
    admin, youth = await setup(env)
    for affil in ("admin", "owner"):
        r = await admin_set(admin, f"<item nick='kid' affiliation='{affil}'/>")
        h.expect_error(r, "not-allowed", "cancel", what=f"youth {affil}")
        r = await admin_set(admin, f"<item jid='{youth.boundjid.bare}' "
                                   f"affiliation='{affil}'/>")
        h.expect_error(r, "not-allowed", "cancel", what=f"youth {affil} jid")
    # Still a participant, not a moderator.
    p = await h.wait_for(youth, lambda s: s.name == "presence"
                         and str(s["from"]) == f"{ROOM}/kid",
                         action=lambda: youth.send_presence(
                             pto=f"{ROOM}/kid", pstatus="here"),
                         what="own presence")
    assert item(p).get("role") == "participant", h.to_string(p)
    r, its = await affiliation_list(admin, "admin")
    assert its == [], h.to_string(r)


async def test_whois_anyone_never_shows_a_youth_jid(env):
    admin, youth = await setup(env)
    h.expect_result(await submit(admin, {"muc#roomconfig_whois": "anyone"}),
                    "whois anyone")
    user = await env.user()
    other = await env.anon_client()
    seen = {}
    for c, nick in ((user, "adult"), (other, "kid2")):
        got = await h.muc_enter(c, ROOM, nick)
        for s in got.stanzas:
            if s.name == "presence":
                seen.setdefault(nick, {})[str(s["from"])] = item(s)
    # The second youth sees the first youth without a JID, the admin and
    # the registered user with theirs (whois anyone).
    kid = seen["kid2"][f"{ROOM}/kid"]
    assert kid.get("jid") is None, kid.attrib
    assert (seen["kid2"][f"{ROOM}/Moderator"].get("jid") or "").startswith(
        h.ADMIN[0]), seen["kid2"][f"{ROOM}/Moderator"].attrib
    assert seen["adult"][f"{ROOM}/kid"].get("jid") is None
    # The moderator's voice list names the youth by nick only.
    r = await h.send_iq(admin, ROOM, f"<query xmlns='{NS_ADMIN}'>"
                                     "<item role='participant'/></query>")
    h.expect_result(r, "voice list")
    assert youth.boundjid.bare.lower() not in h.to_string(r).lower()
    assert h.USER[0] in h.to_string(r), h.to_string(r)
    assert env.anonymity_check() == []


async def test_general_mode_room_is_semi_anonymous_but_hides_youths(env):
    await env.start_ecopper(general_mode="yes")
    user = await env.user()
    await h.muc_enter(user, f"chat@{h.COMPONENT}", "creator")
    r = await h.send_iq(user, f"chat@{h.COMPONENT}",
                        f"<query xmlns='{NS_OWNER}'/>")
    form = form_of(h.expect_result(r, "config form"))
    assert form.fields["muc#roomconfig_whois"].value == "moderators", \
        form.fields["muc#roomconfig_whois"].value
    # Accept the defaults: the room unlocks.
    h.expect_result(await h.send_iq(
        user, f"chat@{h.COMPONENT}",
        f"<query xmlns='{NS_OWNER}'><x xmlns='{h.NS_DATA}' type='submit'/>"
        "</query>", itype="set"), "instant room")
    youth = await env.anon_client()
    admin = await env.admin()
    youth_seen = h.expect(user, lambda s: s.name == "presence"
                          and str(s["from"]) == f"chat@{h.COMPONENT}/kid",
                          "the youth's presence")
    await h.muc_enter(youth, f"chat@{h.COMPONENT}", "kid")
    p = await youth_seen.wait()
    assert item(p).get("jid") is None, h.to_string(p)
    admin_seen = h.expect(user, lambda s: s.name == "presence"
                          and str(s["from"]) == f"chat@{h.COMPONENT}/adm",
                          "the admin's presence")
    await h.muc_enter(admin, f"chat@{h.COMPONENT}", "adm")
    p = await admin_seen.wait()
    # The creator is a moderator: it sees a non-youth's JID (§10.1.3).
    assert (item(p).get("jid") or "").startswith(h.ADMIN[0]), h.to_string(p)


async def test_outcast_entries_differ_from_room_to_room(env):
    admin, youth = await setup(env)
    await h.create_room(admin, "other")
    other = f"other@{h.COMPONENT}"
    await join(admin, "Moderator", room=other)
    await join(youth, "kid", room=other)
    h.expect_result(await admin_set(
        admin, "<item nick='kid' affiliation='outcast'/>"), "ban in ask")
    h.expect_result(await h.send_iq(
        admin, other, f"<query xmlns='{NS_ADMIN}'><item nick='kid' "
                      "affiliation='outcast'/></query>", itype="set"),
        "ban in other")
    r, its = await affiliation_list(admin, "outcast")
    r2 = await h.send_iq(admin, other, f"<query xmlns='{NS_ADMIN}'>"
                                       "<item affiliation='outcast'/></query>")
    its2 = h.xml_of(r2).find(f"{{{NS_ADMIN}}}query").findall(
        f"{{{NS_ADMIN}}}item")
    a, b = its[0].get("jid"), its2[0].get("jid")
    assert a.startswith("banned-") and b.startswith("banned-"), (a, b)
    assert a != b, f"one pseudo-JID in two rooms: {a}"
