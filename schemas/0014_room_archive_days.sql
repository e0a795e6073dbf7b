-- 0014_room_archive_days.sql: how long a room's archive keeps a message
-- (issue 16): NULL, the service's archive_days; 0, no archive for this
-- room (and what it had is deleted); else that many days.
ALTER TABLE rooms ADD COLUMN archive_days INTEGER
    CHECK (archive_days IS NULL OR archive_days BETWEEN 0 AND 3650);
