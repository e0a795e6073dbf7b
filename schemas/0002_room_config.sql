-- 0002_room_config.sql: room settings (XEP-0045 §10.2) and the subject.
--
-- whois: who sees occupants' real JIDs: 'none' (fully anonymous, the
-- default), 'moderators' (semi-anonymous) or 'anyone' (non-anonymous).
-- presence_broadcast: the roles whose presence everyone receives, as a
-- space-separated list; moderators always receive everyone's.
ALTER TABLE rooms ADD COLUMN subject TEXT NOT NULL DEFAULT '';
ALTER TABLE rooms ADD COLUMN subject_by TEXT NOT NULL DEFAULT '';
ALTER TABLE rooms ADD COLUMN public INTEGER NOT NULL DEFAULT 1;
ALTER TABLE rooms ADD COLUMN moderated INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rooms ADD COLUMN members_only INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rooms ADD COLUMN password TEXT NOT NULL DEFAULT '';
ALTER TABLE rooms ADD COLUMN max_users INTEGER NOT NULL DEFAULT 500;
ALTER TABLE rooms ADD COLUMN whois TEXT NOT NULL DEFAULT 'none'
    CHECK (whois IN ('none', 'moderators', 'anyone'));
ALTER TABLE rooms ADD COLUMN presence_broadcast TEXT NOT NULL
    DEFAULT 'moderator participant visitor';
ALTER TABLE rooms ADD COLUMN allow_pm TEXT NOT NULL DEFAULT 'anyone'
    CHECK (allow_pm IN ('anyone', 'participants', 'moderators', 'none'));
ALTER TABLE rooms ADD COLUMN change_subject INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rooms ADD COLUMN history_max INTEGER NOT NULL DEFAULT 20;
