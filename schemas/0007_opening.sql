-- 0007_opening.sql: opening hours of rooms (issue 5).
--
-- A room with a row here whose scheduled is 1 is open only during its
-- sessions; a room without one, or with scheduled = 0, is always open.
-- The schedule itself is lines of text in the canonical form that
-- schedule.c writes and reads back (sched_slot_format,
-- sched_exception_format): weekly slots like 'mon 16:00-18:00' in the
-- service's time zone, and dated exceptions like '2026-12-24 closed' or
-- '2026-12-28 extra 16:00-18:00'. Text rather than columns: the parser
-- that checked an admin's input checks the stored line again at load.
CREATE TABLE opening (
    room_id    INTEGER PRIMARY KEY REFERENCES rooms(id) ON DELETE CASCADE,
    scheduled  INTEGER NOT NULL DEFAULT 0 CHECK (scheduled IN (0, 1)),
    updated_at INTEGER NOT NULL,          -- Unix seconds
    updated_by TEXT NOT NULL              -- an admin's bare JID
) STRICT;

CREATE TABLE opening_lines (
    room_id INTEGER NOT NULL REFERENCES opening(room_id) ON DELETE CASCADE,
    seq     INTEGER NOT NULL,             -- the admin's order
    kind    TEXT NOT NULL CHECK (kind IN ('slot', 'exception')),
    line    TEXT NOT NULL,
    PRIMARY KEY (room_id, seq)
) STRICT;
