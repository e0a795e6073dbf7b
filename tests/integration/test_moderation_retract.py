"""Message moderation (XEP-0425): a moderator retracts a message; everyone
is told (0.3 and legacy 0.2 forms) and newcomers no longer get it."""
import harness as h
from test_moderation_roles import ROOM, setup

NS_SID = "urn:xmpp:sid:0"
NS_MOD1 = "urn:xmpp:message-moderate:1"
NS_RET1 = "urn:xmpp:message-retract:1"


def room_sid(stanza):
    for el in h.xml_of(stanza).findall(f"{{{NS_SID}}}stanza-id"):
        if el.get("by") == ROOM:
            return el.get("id")
    return None


def retraction_of(sid):
    def pred(s):
        r = h.xml_of(s).find(f"{{{NS_RET1}}}retract")
        return s.name == "message" and r is not None and r.get("id") == sid
    return pred


async def test_moderator_retracts_message_for_everyone(env):
    admin, youth = await setup(env)
    mine = await h.muc_say(youth, ROOM, "buy my stuff, so cheap",
                           observers=(admin,))
    sid = room_sid(mine)
    assert sid, h.to_string(mine)
    told = h.expect(youth, retraction_of(sid), "retraction at the youth")
    r = await h.send_iq(admin, ROOM, f"<moderate id='{sid}' xmlns='{NS_MOD1}'>"
                        f"<retract xmlns='{NS_RET1}'/><reason>Contact details"
                        "</reason></moderate>", itype="set")
    h.expect_result(r, "moderate")
    m = await told.wait()
    text = h.to_string(m)
    assert "Contact details" in text and "urn:xmpp:fasten:0" in text, text
    assert "so cheap" not in text
    # A newcomer's history no longer holds it.
    late = await env.anon_client()
    got = await h.muc_enter(late, ROOM, "late")
    bodies = [s["body"] for s in got.stanzas if s.name == "message"]
    assert "buy my stuff, so cheap" not in bodies, bodies


async def test_legacy_fasten_form_is_accepted(env):
    admin, youth = await setup(env)
    mine = await h.muc_say(youth, ROOM, "spam", observers=(admin,))
    sid = room_sid(mine)
    r = await h.send_iq(admin, ROOM, f"<apply-to xmlns='urn:xmpp:fasten:0' "
                        f"id='{sid}'><moderate xmlns='urn:xmpp:message-"
                        "moderate:0'><retract xmlns='urn:xmpp:message-"
                        "retract:0'/></moderate></apply-to>", itype="set")
    h.expect_result(r, "legacy moderate")


async def test_participant_cannot_retract(env):
    admin, youth = await setup(env)
    mine = await h.muc_say(admin, ROOM, "staff words", observers=(youth,))
    sid = room_sid(mine)
    r = await h.send_iq(youth, ROOM, f"<moderate id='{sid}' xmlns='{NS_MOD1}'>"
                        f"<retract xmlns='{NS_RET1}'/></moderate>",
                        itype="set")
    h.expect_error(r, "forbidden")
