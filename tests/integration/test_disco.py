"""
test_disco.py - what the component says about itself: disco#info (XEP-0030),
ping (XEP-0199), software version (XEP-0092), and the error for a payload
it does not know (RFC 6120 §8.4: service-unavailable).
"""

import harness as h

REQUIRED_FEATURES = {
    h.NS_DISCO_INFO,
    h.NS_DISCO_ITEMS,
    h.NS_MUC,
    h.NS_PING,
    h.NS_VERSION,
    h.NS_COMMANDS,
}


async def test_disco_info_has_conference_identity_and_features(env):
    await env.start_ecopper()
    user = await env.user()
    r = h.expect_result(await h.disco_info(user), "disco#info")
    ids = h.identities(r)
    assert any(c == "conference" and t == "text" for c, t, _ in ids), \
        f"no conference/text identity in {ids}"
    missing = REQUIRED_FEATURES - h.features(r)
    assert not missing, f"features missing from disco#info: " \
        f"{sorted(missing)} (got {sorted(h.features(r))})"


async def test_ping_gets_empty_result(env):
    await env.start_ecopper()
    user = await env.user()
    r = h.expect_result(
        await h.send_iq(user, h.COMPONENT, f"<ping xmlns='{h.NS_PING}'/>"),
        "ping")
    assert len(h.xml_of(r)) == 0, f"ping result not empty: {h.to_string(r)}"


async def test_version_names_ecopper(env):
    await env.start_ecopper()
    user = await env.user()
    r = h.expect_result(await h.send_iq(
        user, h.COMPONENT, f"<query xmlns='{h.NS_VERSION}'/>"), "version")
    q = h.query_of(r, h.NS_VERSION)
    assert q is not None, f"no jabber:iq:version query: {h.to_string(r)}"
    ns = f"{{{h.NS_VERSION}}}"
    name, version, os_ = (q.findtext(ns + t) for t in ("name", "version",
                                                        "os"))
    assert name == "ecopper", f"name is {name!r}"
    assert version and version.strip(), f"version is {version!r}"
    assert os_ and os_.strip(), f"os is {os_!r}"


async def test_unknown_iq_payload_is_service_unavailable(env):
    await env.start_ecopper()
    user = await env.user()
    r = await h.send_iq(user, h.COMPONENT,
                        "<query xmlns='urn:example:ecopper:no-such-thing'/>")
    h.expect_error(r, "service-unavailable", "cancel", "unknown IQ get")
