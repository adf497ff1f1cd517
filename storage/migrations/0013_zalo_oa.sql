-- 0013: the Zalo Official Account (OA) channel (bot/channels/zalo_oa.py). Its access token lives 25 hours and its
-- refresh token is single use: each refresh returns a new one and kills the old, so the pair must be stored
-- the moment Zalo hands it over, both together, or a crash between two writes would leave a dead refresh token
-- and the OA would have to be authorized again by hand.
CREATE TABLE zalo_oa_token (
    -- one OA per deployment: the row is always 1
    id                  INTEGER PRIMARY KEY CHECK (id = 1),
    app_id              TEXT    NOT NULL CHECK (length(app_id) BETWEEN 1 AND 100),
    access_token        TEXT    NOT NULL CHECK (length(access_token) BETWEEN 1 AND 4000),
    refresh_token       TEXT    NOT NULL CHECK (length(refresh_token) BETWEEN 1 AND 4000),
    access_expires_at   TEXT    NOT NULL,
    refresh_expires_at  TEXT    NOT NULL,
    updated_at          TEXT    NOT NULL
) STRICT;

-- A person on the OA whom a reminder or notice could not reach because Zalo only lets an OA write to someone who
-- interacted with it in the last 7 days: they are asked to keep in touch the next time they write.
CREATE TABLE zalo_oa_contact (
    user_id         TEXT    PRIMARY KEY CHECK (length(user_id) BETWEEN 1 AND 200),
    missed_at       TEXT    NOT NULL,
    missed_reason   TEXT    NOT NULL CHECK (missed_reason IN ('window', 'not_follower'))
) STRICT;
