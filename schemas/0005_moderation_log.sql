-- 0005_moderation_log.sql: every moderation action, for the staff's
-- review: who acted, what they did, to whom, when, and why. Occupants are
-- named by nick and XEP-0421 occupant-id, never by real JID.
CREATE TABLE moderation_log (
    id           INTEGER PRIMARY KEY,
    room         TEXT NOT NULL,
    at           INTEGER NOT NULL,          -- Unix seconds
    actor        TEXT NOT NULL,             -- nick of the moderator
    actor_oid    TEXT NOT NULL DEFAULT '',  -- their occupant-id
    action       TEXT NOT NULL,             -- kick, ban, voice, ...
    target       TEXT NOT NULL DEFAULT '',  -- nick, or stanza-id
    target_oid   TEXT NOT NULL DEFAULT '',
    reason       TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX moderation_log_room_at ON moderation_log (room, at);
