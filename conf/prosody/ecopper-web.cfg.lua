-- ecopper-web.cfg.lua - serve ecopper's page for youths (conf/web) and the
-- WebSocket and BOSH endpoints it talks to from Prosody 0.12's own HTTP
-- server. Goes with ecopper.cfg.lua (same domains); see conf/web/README.md.
--
-- Copy to /etc/prosody/conf.d/ecopper-web.cfg.lua, replace example.org
-- and the path, then:
--
--     prosodyctl check config && systemctl restart prosody
--
-- The page is then https://anon.example.org:5281/ (Prosody's certificate
-- for anon.example.org must cover that name). To serve it on port 443
-- with nginx in front instead, see conf/nginx/ecopper-web.conf: nginx
-- serves the files and passes /xmpp-websocket and /http-bind to the
-- plain-HTTP port below.

---------- Global section (before any VirtualHost or Component) ----------

-- Plain HTTP on loopback only: for a proxy in front (nginx), never for
-- browsers. HTTPS for browsers when Prosody serves the page itself.
http_ports = { 5280 }
http_interfaces = { "127.0.0.1", "::1" }
https_ports = { 5281 }
https_interfaces = { "*", "::" }

-- Requests whose Host header names no VirtualHost (an IP address, the
-- proxy's own name) go to the youths' host.
http_default_host = "anon.example.org"

-- With nginx in front, TLS ends at nginx and Prosody sees plain HTTP;
-- without these, anonymous logins over it would be refused as insecure.
-- Safe only because the plain-HTTP port above listens on loopback.
-- (Drop them if browsers reach Prosody's HTTPS port directly.)
consider_websocket_secure = true
consider_bosh_secure = true
-- cross_domain_websocket and cross_domain_bosh are not needed: the page
-- and both endpoints share one origin (and 0.12 deprecates both options).

---------- Youths: anonymous logins (VirtualHost of ecopper.cfg.lua) ----------

-- Naming the VirtualHost again adds these options to the one that
-- ecopper.cfg.lua defines; global and host modules_enabled add up.
VirtualHost "anon.example.org"
    modules_enabled = { "bosh", "websocket", "http_files" }
    -- A copy of conf/web after `make web` (index.html, config.js, the
    -- page's script and style, dist/ with Converse.js). Edit config.js
    -- there: room, anonymous_domain.
    http_files_dir = "/usr/local/share/ecopper/web"
    http_paths = {
        files = "/";
        bosh = "/http-bind";
        websocket = "/xmpp-websocket";
    }
