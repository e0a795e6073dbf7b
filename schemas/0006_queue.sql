-- 0006_queue.sql: pre-moderation. In a room with queue = 1 every message
-- of a youth is held until a moderator approves it (held messages live in
-- memory only until 0009: see 0009_held.sql).
ALTER TABLE rooms ADD COLUMN queue INTEGER NOT NULL DEFAULT 0;
