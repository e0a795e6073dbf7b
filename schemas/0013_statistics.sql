-- 0013_statistics.sql: statistics per session and per month (issue 16).
--
-- More counts on each session's row (0008), flushed with the others:
-- youths at once, questions asked, published and rejected, abuse
-- reports, kicks and bans. Still counts only: no one is named.
ALTER TABLE sessions ADD COLUMN peak_youths INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN asked INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN published INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN rejected INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN reports INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN kicks INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN bans INTEGER NOT NULL DEFAULT 0;
-- The calendar month (YYYY-MM, in the service's zone) the session
-- started in: whose visitor key its hashes below are made with. NULL for
-- sessions recorded before this schema.
ALTER TABLE sessions ADD COLUMN month TEXT
    CHECK (month IS NULL OR month GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]');

-- The key of each month's visitor hashes: random, made at the month's
-- first session, deleted as soon as the month is over (and no session
-- that started in it still runs). Without it no hash can be made again
-- from an address, and two months' hashes of one account differ.
CREATE TABLE visitor_keys (
    month TEXT PRIMARY KEY
        CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'),
    key   BLOB NOT NULL CHECK (length(key) = 32)
) STRICT;

-- Who took part in a session, to count them once: for each account that
-- entered (a youth, or a member of staff of the registry), an HMAC of
-- the room's name and the account with its month's key. Never an
-- address. Unique visitors and staff on duty are distinct hashes.
CREATE TABLE session_visitors (
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('youth', 'staff')),
    hash       TEXT NOT NULL CHECK (length(hash) = 32 AND
                                    hash NOT GLOB '*[^0-9a-f]*'),
    PRIMARY KEY (session_id, kind, hash)
) STRICT, WITHOUT ROWID;

-- For each question a youth asked that was published and then answered
-- by a member of staff in the room: the seconds from its publication to
-- the next message of staff. Nothing else of the question is kept.
CREATE TABLE session_delays (
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    seconds    INTEGER NOT NULL CHECK (seconds >= 0)
) STRICT;
CREATE INDEX session_delays_session ON session_delays (session_id);
