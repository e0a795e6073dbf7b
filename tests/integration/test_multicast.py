"""
test_multicast.py - a room message, or an occupant's presence, as one
stanza to the server's XEP-0033 multicast service (issue 17; mcast.h,
docs/admin.md).

The servers differ on their own here: the tests' ejabberd runs
mod_multicast (harness.ejabberd_config, as conf/ejabberd/ecopper.yml
shows it), Prosody 0.12 has no such service. Each scenario says what each one's run shows.
"""

import harness as h

ROOM = h.room_jid("square")
SERVICE = f"multicast.{h.DOMAIN}"
FOUND = "multicast: sending room messages and presences through"
NONE = "offers no XEP-0033 service"


async def setup(env, **conf):
    """ecopper, the room square, Staff (admin) and three youths; the
    service found (or not) before anyone enters."""
    await env.start_ecopper(**conf)
    await env.wait_log(FOUND if env.server == "ejabberd" else NONE)
    admin = await env.admin()
    await h.create_room(admin, "square")
    await h.muc_enter(admin, ROOM, "Staff")
    kids = []
    for i in range(3):
        kid = await env.anon_client()
        await h.muc_enter(kid, ROOM, f"kid{i}")
        kids.append(kid)
    return admin, kids


async def say(sender, nick, clients, text, mid):
    """sender says text in the room; returns each client's copy (with the
    right from and one stanza-id, the same for all)."""
    waits = [h.expect(c, h.is_groupchat_body(ROOM, text), str(c.boundjid))
             for c in clients]
    h.groupchat(sender, ROOM, text, mid=mid).send()
    got = [await w.wait() for w in waits]
    sids = set()
    for c, m in zip(clients, got):
        assert h.from_of(m) == f"{ROOM}/{nick}", h.to_string(m)
        assert m["id"] == mid, h.to_string(m)
        sid = h.children(m, h.NS_SID, "stanza-id")
        assert len(sid) == 1 and sid[0].get("by") == ROOM, h.to_string(m)
        sids.add(sid[0].get("id"))
        # Nobody's address in anyone's copy: no <addresses/> at all (the
        # bcc ones removed by the service), no other reader's JID.
        assert h.child(m, h.NS_ADDRESS, "addresses") is None, \
            f"{c.boundjid}: {h.to_string(m)}"
        text_of = h.to_string(m).lower()
        for other in clients:
            if other is not c:
                assert other.boundjid.bare.lower() not in text_of, \
                    f"{c.boundjid} got {other.boundjid}: {h.to_string(m)}"
    assert len(sids) == 1, sids
    return got


def sent_with(env, text):
    """The stanzas ecopper sent whose body is text."""
    stanzas, problems = h.parse_capture(env.captured())
    assert not problems, problems
    return [s for s in stanzas if s.element.get("to") and any(
        e.tag.endswith("}body") and e.text == text
        for e in s.element.iter())]


def bcc_of(s):
    return sorted(a.get("jid") for a in s.element.iter(
        f"{{{h.NS_ADDRESS}}}address") if a.get("type") == "bcc")


async def test_room_message_goes_once_through_the_multicast_service(env):
    # ejabberd: one stanza to its service for the four sessions, every
    # copy delivered without any address; Prosody: none found, one
    # stanza each, as ever.
    admin, kids = await setup(env)
    clients = [admin] + kids
    everyone = sorted(c.boundjid.full for c in clients)
    await env.wait_log(FOUND if env.server == "ejabberd" else NONE)
    for n, text in enumerate(["first through it", "second through it"]):
        await say(kids[0], "kid0", clients, text, f"mc-{n}")
        sent = sent_with(env, text)
        if env.server == "ejabberd":
            assert len(sent) == 1, [s.text for s in sent]
            assert sent[0].element.get("to") == SERVICE, sent[0].text
            assert bcc_of(sent[0]) == everyone, sent[0].text
        else:
            assert sorted(s.element.get("to") for s in sent) == everyone, \
                [s.text for s in sent]
    # What went to the service names the youths, and only there: the
    # check leaves its bcc addresses alone, nothing else.
    assert env.anonymity_check() == []
    if env.server == "ejabberd":
        assert env.multicast_services() == {SERVICE}


def presences_of(env, nick, ptype=None):
    """The presences of ROOM/nick ecopper sent (of type ptype)."""
    stanzas, problems = h.parse_capture(env.captured())
    assert not problems, problems
    return [s for s in stanzas if s.element.tag.endswith("}presence")
            and s.element.get("from") == f"{ROOM}/{nick}"
            and s.element.get("type") == ptype]


async def test_a_presence_goes_once_to_each_audience(env):
    # ejabberd: a youth's arrival and leaving reach the four others as
    # one stanza each to the service (one audience: nobody here sees
    # real JIDs), and every copy comes without any address; its own
    # presence goes to it alone. Prosody: one stanza each.
    admin, kids = await setup(env)
    others = [admin] + kids
    kid = await env.anon_client()
    came = [h.expect(c, lambda s: s.name == "presence"
                     and h.from_of(s) == f"{ROOM}/kid3"
                     and h.stanza_type(s) is None, str(c.boundjid))
            for c in others]
    await h.muc_enter(kid, ROOM, "kid3")
    for c, w in zip(others, came):
        p = await w.wait()
        assert h.child(p, h.NS_ADDRESS, "addresses") is None, h.to_string(p)
        assert h.occupant_id(p), h.to_string(p)
        assert kid.boundjid.bare.lower() not in h.to_string(p).lower()
    went = [h.expect(c, lambda s: s.name == "presence"
                     and h.from_of(s) == f"{ROOM}/kid3"
                     and h.stanza_type(s) == "unavailable", str(c.boundjid))
            for c in others]
    await h.muc_leave(kid, ROOM, "kid3")
    for w in went:
        await w.wait()
    everyone = sorted(c.boundjid.full for c in others)
    for ptype in (None, "unavailable"):
        sent = [s for s in presences_of(env, "kid3", ptype)
                if s.element.get("to") != kid.boundjid.full]
        if env.server == "ejabberd":
            assert len(sent) == 1 and sent[0].element.get("to") == SERVICE \
                and bcc_of(sent[0]) == everyone, [s.text for s in sent]
        else:
            assert sorted(s.element.get("to") for s in sent) == everyone, \
                [s.text for s in sent]
    assert env.anonymity_check() == []


async def test_two_sessions_go_one_stanza_each(env):
    # Too few to gain anything: no stanza to the service.
    await env.start_ecopper()
    admin = await env.admin()
    await h.create_room(admin, "square")
    await h.muc_enter(admin, ROOM, "Staff")
    kid = await env.anon_client()
    await h.muc_enter(kid, ROOM, "kid")
    await env.wait_log(FOUND if env.server == "ejabberd" else NONE)
    await say(kid, "kid", [admin, kid], "just us", "two-1")
    assert sorted(s.element.get("to") for s in sent_with(env, "just us")) \
        == sorted([admin.boundjid.full, kid.boundjid.full])


async def test_a_refusing_service_is_left_and_the_message_sent_again(env):
    # ejabberd's service of anon.localhost relays nothing for
    # muc.localhost to localhost (not under that host): <forbidden/>.
    # The first stanza through it is kid0's arrival, to Staff (presences
    # take the service's path whatever their number): ecopper logs the
    # refusal once, sends that presence to Staff directly, and the
    # messages after it
    # one stanza each. Prosody: no service there, one stanza each.
    admin, kids = await setup(env, multicast=h.ANON_DOMAIN)
    clients = [admin] + kids
    everyone = sorted(c.boundjid.full for c in clients)
    if env.server == "ejabberd":
        await env.wait_log("refused a room presence (forbidden)")
    await say(kids[1], "kid1", clients, "then one each", "rf-2")
    if env.server == "ejabberd":
        # The message went after the presence was sent again, on the same
        # link: both are in the capture.
        sent = [s for s in presences_of(env, "kid0")
                if s.element.get("to") != kids[0].boundjid.full]
        assert [s.element.get("to") for s in sent[:2]] == \
            [f"multicast.{h.ANON_DOMAIN}", admin.boundjid.full], \
            [s.text for s in sent]
        # Then one stanza each: kid2's arrival to the three before it.
        assert sorted(s.element.get("to")
                      for s in presences_of(env, "kid2")
                      if s.element.get("to") != kids[2].boundjid.full) == \
            sorted(c.boundjid.full for c in clients[:3])
    assert sorted(s.element.get("to")
                  for s in sent_with(env, "then one each")) == everyone
    assert env.log_count("refused a room") == \
        (1 if env.server == "ejabberd" else 0)


async def test_the_service_is_looked_for_again_after_a_reconnect(env):
    # The server may come back with another configuration: each time the
    # link comes up, ecopper asks again.
    await env.start_ecopper()
    found = FOUND if env.server == "ejabberd" else NONE
    await env.wait_log(found)
    await env.restart_server()
    await env.wait_log("link: online", 2, timeout=30)
    await env.wait_log(found, 2)
