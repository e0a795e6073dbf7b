-- 0004_staff.sql: the staff registry (verified police officers and youth
-- workers). Staff agree to be named: their bare JID is stored in clear.
--
-- name is the nick they always enter rooms under; default_role is their
-- role in rooms ('moderator' for youth workers who moderate, 'participant'
-- for officers, who keep their voice in moderated rooms).
CREATE TABLE staff (
    jid          TEXT PRIMARY KEY NOT NULL,  -- bare, lower case
    name         TEXT NOT NULL UNIQUE,
    title        TEXT NOT NULL DEFAULT '',   -- e.g. 'Police officer'
    organisation TEXT NOT NULL DEFAULT '',
    default_role TEXT NOT NULL DEFAULT 'participant'
        CHECK (default_role IN ('moderator', 'participant')),
    photo        BLOB,                       -- JPEG or PNG, optional
    photo_type   TEXT NOT NULL DEFAULT '',
    added_by     TEXT NOT NULL,
    added_at     INTEGER NOT NULL            -- Unix seconds
) STRICT;
