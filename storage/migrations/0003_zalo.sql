-- 0003: one person on two channels. A representative who joined on Telegram links their Zalo account
-- (or the other way round) with a one-time code, and chooses which channel gets reminders and notices.

-- A person has at most one account per channel, so "their Zalo chat" is never ambiguous and two
-- link codes typed at once cannot both add a Zalo account to the same person.
CREATE UNIQUE INDEX channel_identity_one_per_channel ON channel_identity (person_id, channel);

-- A one-time link code: asked for with /lienket on one channel, typed as /lienket CODE on the other
-- within 15 minutes. A new code replaces the person's unused ones (they are deleted).
CREATE TABLE link_code (
    code        TEXT    PRIMARY KEY CHECK (length(code) BETWEEN 6 AND 32),
    person_id   INTEGER NOT NULL REFERENCES person (id),
    -- the channel the code was shown on: it only works on another channel
    channel     TEXT    NOT NULL CHECK (channel IN ('telegram', 'zalo')),
    created_at  TEXT    NOT NULL,
    expires_at  TEXT    NOT NULL,
    -- set once, when the code linked an account; the row stays for the record
    used_at     TEXT,
    used_channel     TEXT CHECK (used_channel IS NULL OR used_channel IN ('telegram', 'zalo')),
    used_external_id TEXT,
    CHECK ((used_at IS NULL) = (used_channel IS NULL) AND (used_at IS NULL) = (used_external_id IS NULL))
) STRICT;
CREATE INDEX link_code_person ON link_code (person_id);

-- Which channel receives a person's reminders and notices. No row: every channel they are reachable on.
-- A preferred channel the person cannot be reached on (not linked, or blocked) falls back to all of them,
-- so a notice is never lost to a stale preference.
CREATE TABLE notice_channel (
    person_id   INTEGER PRIMARY KEY REFERENCES person (id),
    channel     TEXT    NOT NULL CHECK (channel IN ('telegram', 'zalo', 'both')),
    updated_at  TEXT    NOT NULL
) STRICT;
