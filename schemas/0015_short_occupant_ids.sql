-- 0015_short_occupant_ids.sql: occupant-ids of 16 characters (issue 17).
--
-- An occupant-id (XEP-0421) goes with every presence and message the
-- room sends. It was the base64 of the first 18 bytes of
-- HMAC-SHA256(service key, room NUL bare JID), 24 characters; it is now
-- the first 12 bytes, 16 characters. Base64 makes 4 characters of each 3
-- bytes, so an account's new id is the first 16 characters of its old
-- one: the ids stored before are cut to match, so that an archived
-- message, a held question and the moderation log name an occupant as
-- the room names it now (clients tie a message to its sender by it).
UPDATE held SET occupant_id = substr(occupant_id, 1, 16)
    WHERE length(occupant_id) = 24;
UPDATE moderation_log SET actor_oid = substr(actor_oid, 1, 16)
    WHERE length(actor_oid) = 24;
UPDATE moderation_log SET target_oid = substr(target_oid, 1, 16)
    WHERE length(target_oid) = 24;
-- An archived message holds one occupant-id, as muc_message.c wrote it
-- (the relayed payload cannot hold one, and a body's quotes are escaped):
-- <occupant-id xmlns="urn:xmpp:occupant-id:0" id="..."/>, the 48
-- characters before the id.
UPDATE archive SET xml =
    substr(xml, 1,
           instr(xml, '<occupant-id xmlns="urn:xmpp:occupant-id:0" id="')
               + 47 + 16)
    || substr(xml,
              instr(xml, '<occupant-id xmlns="urn:xmpp:occupant-id:0" id="')
                  + 48 + 24)
    WHERE instr(xml, '<occupant-id xmlns="urn:xmpp:occupant-id:0" id="') > 0
      AND substr(xml,
                 instr(xml, '<occupant-id xmlns="urn:xmpp:occupant-id:0" id="')
                     + 48 + 24, 1) = '"';
