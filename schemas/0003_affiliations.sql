-- 0003_affiliations.sql: who is owner, admin, member or banned (outcast)
-- in each room (XEP-0045 §5.2).
--
-- An account is named by jid_key, a keyed hash (HMAC-SHA256 with a
-- service key kept in meta) of its bare JID, so that a ban of a youth
-- stores nothing that identifies them. jid holds the bare JID in clear
-- only for owners, admins and members, whom an admin named on purpose;
-- it is always NULL for outcasts.
CREATE TABLE affiliations (
    room_id     INTEGER NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
    jid_key     TEXT NOT NULL,
    jid         TEXT,
    affiliation TEXT NOT NULL
        CHECK (affiliation IN ('owner', 'admin', 'member', 'outcast')),
    nick        TEXT NOT NULL DEFAULT '', -- reserved nick, or the nick banned
    reason      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (room_id, jid_key),
    CHECK (affiliation <> 'outcast' OR jid IS NULL)
) STRICT;
