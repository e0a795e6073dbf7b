-- 0011_ban_door.sql: who may come back at once after a restart during the
-- slower door after a ban (issue 13).
--
-- For ban_cooldown seconds after a ban, newcomers enter one at a time
-- (a banned youth is back at once under a new anonymous account). A
-- restart in that time made everyone who was in the room a newcomer. The
-- door remembers, until it closes, the accounts that were in the room at
-- the ban or came in through the door since: each as the room's keyed
-- hash of the account (as affiliations), never a JID; rows go when the
-- door closes.
CREATE TABLE ban_door (
    room_id     INTEGER NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
    account_key TEXT NOT NULL,
    until       INTEGER NOT NULL,  -- Unix seconds: the door closes
    PRIMARY KEY (room_id, account_key)
) STRICT;
