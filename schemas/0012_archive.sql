-- 0012_archive.sql: the room archive (XEP-0313 for MUC; issue 16).
--
-- Every message published in a stored room, as the room sent it: from
-- room/nick, its stanza-id and occupant-id, the relayed payload. Never a
-- JID: a youth's message is kept under the nick and occupant-id it had.
-- A retracted message's row is deleted; rows older than archive_days are
-- deleted at start and daily; the rows go with the room.
CREATE TABLE archive (
    id      INTEGER PRIMARY KEY,     -- the archive's order
    room_id INTEGER NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
    sid     TEXT NOT NULL,           -- the XEP-0359 stanza-id (MAM id)
    at      INTEGER NOT NULL,        -- Unix seconds
    nick    TEXT,                    -- the sender's nick; NULL: the room
    xml     TEXT NOT NULL            -- the message from its from= on
) STRICT;
CREATE UNIQUE INDEX archive_sid ON archive (room_id, sid);
CREATE INDEX archive_at ON archive (at);
