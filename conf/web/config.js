/*
 * config.js - where the ecopper chat page connects. The one file of
 * conf/web/ to edit for a site; the values below fit `make demo` and the
 * web tests (Prosody serving this page, anon.localhost, muc.localhost).
 *
 * Relative URLs are resolved against the page's own address, so with
 * the WebSocket and BOSH endpoints on the same origin as the page (Prosody
 * serving it, or nginx in front of both) nothing here names a host.
 */
window.ecopperConfig = {
    // The room youths land in (created by an admin with create-room).
    room: "ask@muc.localhost",
    // The Prosody host that takes anonymous (SASL ANONYMOUS) logins.
    anonymous_domain: "anon.localhost",
    // Prosody's mod_websocket and mod_bosh. Converse uses the WebSocket
    // and falls back to BOSH when it cannot connect; ?transport=bosh on
    // the page's address uses BOSH only.
    websocket_url: "/xmpp-websocket",
    bosh_service_url: "/http-bind",
    // The interface languages, in this order of preference when the
    // browser prefers none of them: the first is the fallback.
    languages: ["en", "fi", "sv", "uk"],
    // Time zone for "next session" times (an IANA name such as
    // "Europe/Helsinki"); empty: the browser's own.
    timezone: "",
    // Seconds between two looks at the room's opening state.
    status_refresh: 60,
    // Seconds "Ask to speak" stays off after a voice request, a refusal
    // or ecopper's "ask again in N s": keep it ecopper's voice_request_gap.
    voice_retry: 60
};
