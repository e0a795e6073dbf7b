-- ecopper.cfg.lua - attach ecopper to Prosody 0.12 (Debian 12).
--
-- Copy to /etc/prosody/conf.d/ecopper.cfg.lua (Debian's prosody.cfg.lua
-- ends with Include "conf.d/*.cfg.lua"; an included file starts in the
-- global section), replace example.org and the secret, then:
--
--     prosodyctl check config && systemctl restart prosody
--
-- Three domains: staff.example.org (accounts for police officers and
-- youth workers), anon.example.org (anonymous logins for youths) and
-- muc.example.org (ecopper). Each needs DNS, and the two VirtualHosts
-- need certificates (see `prosodyctl cert`).

---------- Global section (before any VirtualHost or Component) ----------

-- The component port. Prosody listens for components on loopback only
-- unless told otherwise; say so explicitly. The link carries chat in
-- clear text: never open this port to other machines.
-- (component_interface, singular, is the older spelling of the same.)
component_ports = { 5347 }
component_interfaces = { "127.0.0.1" }

-- Cap the size of stanzas from clients and from other servers.
-- ecopper's XMPP library (libstrophe 0.12.2) parses each stanza whole
-- before ecopper can look at it, and its parser slows down sharply with
-- the number of child elements; meanwhile ecopper serves nobody. ecopper's
-- own limits (2000 elements, depth 24) apply only after that parse, so
-- bytes must be capped here. Measured end to end through Prosody, one
-- stanza of empty children stalls ecopper for about 0.15 s at 16 KB,
-- 0.4 s at 32 KB and 1.4 s at 64 KB; libstrophe alone needs about 26 s
-- at 256 KB (Prosody's default c2s limit) and over 5 minutes at 512 KB
-- (the default s2s limit). 65536 leaves room for avatars and the like
-- sent to the server; if your clients send nothing that big, a lower
-- value (Prosody accepts down to 10000) shortens the worst stall. Keep
-- the rate limits of Debian's prosody.cfg.lua ("limits" module, c2s at
-- 10kb/s): they slow a client that sends big stanzas one after another.
-- The size limits also cover BOSH and WebSocket clients.
c2s_stanza_size_limit = 65536
s2s_stanza_size_limit = 65536
-- If the service does not federate with other servers, switch s2s off
-- altogether instead:
--modules_disabled = { "s2s" }

---------- Staff: police officers and youth workers ----------

-- Normal accounts (prosodyctl adduser worker@staff.example.org). Put the
-- staff who manage rooms in ecopper's `admins`.
VirtualHost "staff.example.org"
    authentication = "internal_hashed"
    -- muc.example.org is no subdomain of this host: list it, so clients
    -- find it with service discovery.
    disco_items = { { "muc.example.org", "Chat rooms" } }

---------- Youths: anonymous logins ----------

-- Each login gets a random JID that disappears when the session ends;
-- nothing is stored (allow_anonymous_storage stays false).
VirtualHost "anon.example.org"
    authentication = "anonymous"
    -- Anonymous users may talk to local services (ecopper) only, never to
    -- other servers. mod_auth_anonymous already blocks their outgoing s2s
    -- (unless allow_anonymous_s2s = true); this keeps s2s off the host
    -- altogether. Older configs write it `disallow_s2s = true`, which
    -- Prosody 0.12 still honours but logs as deprecated at every start.
    --
    -- Stream management (mod_smacks, on in Debian's stock config) off
    -- here: it keeps a dropped session "hibernating" for up to 600 s so
    -- that the client may resume it, but a youth's browser never can (a
    -- reload, or Converse.js reconnecting anonymously, is a new login),
    -- so the old session would only sit in the room holding the youth's
    -- nickname, and others would see "Kettu" and "Kettu2". Without it a
    -- dropped connection leaves the room at once and the youth's page
    -- comes back under the same nickname (conf/web/README.md).
    modules_disabled = { "s2s", "smacks" }
    disco_items = { { "muc.example.org", "Chat rooms" } }

---------- ecopper ----------

-- The name must equal component_jid in ecopper.conf, and the secret its
-- secret (or the first line of its secret_file). A wrong secret or name
-- makes ecopper exit with status 2.
Component "muc.example.org"
    component_secret = "change-this-secret"
