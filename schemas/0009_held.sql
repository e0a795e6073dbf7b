-- 0009_held.sql: the questions waiting in a room's queue (issue 6), so
-- that a restart or a crash does not lose a question its youth was told
-- is waiting. A row goes when a moderator decides, or when the session
-- closes. Who asked is kept as the nick, the occupant-id and a keyed hash
-- of the account (asker_key, as for bans), never as a real JID: the hash
-- only lets the room tell that account the outcome if it comes back.
CREATE TABLE held (
    room_id     INTEGER NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
    id          INTEGER NOT NULL CHECK (id BETWEEN 1 AND 9999),
    nick        TEXT NOT NULL,
    occupant_id TEXT NOT NULL,
    asker_key   TEXT NOT NULL,
    body        TEXT NOT NULL,
    msgid       TEXT,                    -- the client's id, for its reflection
    at          INTEGER NOT NULL,        -- Unix seconds
    PRIMARY KEY (room_id, id)
) STRICT;
