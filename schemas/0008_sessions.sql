-- 0008_sessions.sql: what happens at the edges of opening hours (issue 5).
--
-- Per scheduled room: the greeting sent and the subject set at opening,
-- how many minutes before closing youths are warned, and the minutes
-- staff may be in before a session (preparation) and after it (debrief).
ALTER TABLE opening ADD COLUMN greeting TEXT NOT NULL DEFAULT '';
ALTER TABLE opening ADD COLUMN subject TEXT NOT NULL DEFAULT '';
ALTER TABLE opening ADD COLUMN warn_min INTEGER NOT NULL DEFAULT 10
    CHECK (warn_min BETWEEN 0 AND 120);
ALTER TABLE opening ADD COLUMN staff_before_min INTEGER NOT NULL DEFAULT 30
    CHECK (staff_before_min BETWEEN 0 AND 720);
ALTER TABLE opening ADD COLUMN staff_after_min INTEGER NOT NULL DEFAULT 30
    CHECK (staff_after_min BETWEEN 0 AND 720);

-- A moderator's "open now", "close now" or "extend" in force: the room is
-- open (or closed) whatever its schedule says, from set_at until "until"
-- (NULL: until someone changes it again). At most one per room; a new one
-- replaces it. Kept so a restart honours it.
CREATE TABLE opening_override (
    room_id INTEGER PRIMARY KEY REFERENCES rooms(id) ON DELETE CASCADE,
    kind    TEXT NOT NULL CHECK (kind IN ('open', 'closed')),
    until   INTEGER,                     -- Unix seconds, or NULL
    set_at  INTEGER NOT NULL,
    set_by  TEXT NOT NULL                -- staff member's or admin's bare JID
) STRICT;

-- One row per session that was open, for the statistics. Counts only: no
-- youth is named. A row with ended NULL is running (or was, when the
-- service stopped: at start it is resumed or closed at planned_end).
CREATE TABLE sessions (
    id          INTEGER PRIMARY KEY,
    room_id     INTEGER NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
    started     INTEGER NOT NULL,        -- Unix seconds
    planned_end INTEGER,                 -- when it is due to close, if known
    ended       INTEGER,
    opened_by   TEXT NOT NULL,           -- 'schedule' or a bare JID of staff
    closed_by   TEXT,                    -- likewise
    youths      INTEGER NOT NULL DEFAULT 0, -- youths' entries
    peak        INTEGER NOT NULL DEFAULT 0, -- most occupants at once
    messages    INTEGER NOT NULL DEFAULT 0, -- messages published in the room
    held        INTEGER NOT NULL DEFAULT 0  -- questions held for moderators
) STRICT;
CREATE INDEX sessions_room ON sessions (room_id, started);
