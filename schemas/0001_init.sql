-- 0001_init.sql: the first schema of the ecopper store.
--
-- Applied inside one transaction by store.c; the version lives in
-- PRAGMA user_version. Nothing here may identify a youth: real JIDs of
-- youths never reach the database (docs/privacy.md).

-- Service-wide values: the occupant-id key, and the like.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY NOT NULL,
    value BLOB NOT NULL
) STRICT;

-- Rooms created by admins. name is the room's local part, already
-- validated (lower case a-z, 0-9, '.', '-', '_').
CREATE TABLE rooms (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    title       TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,         -- Unix seconds
    created_by  TEXT NOT NULL             -- an admin's bare JID
) STRICT;
