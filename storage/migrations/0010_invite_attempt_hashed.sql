-- 0010: wrong invite and link codes were counted per account under the account's own user id, which kept the
-- Telegram and Zalo ids of strangers who never joined. Now only a keyed hash of the id is kept, under a key
-- that lives in the running process alone, and attempts older than a day are deleted as new ones come. The
-- rows so far hold plain ids, and served only the throttle's last 15 minutes: deleted.
DELETE FROM invite_attempt;
ALTER TABLE invite_attempt RENAME COLUMN external_id TO account_hash;
