-- 0014: messages a Zalo Bot Platform bot sent, per calendar month. The free plan is reported to allow 3,000 a month
-- (docs/zalo.md); Zalo shows no counter through the API, so the bot counts what it sends and warns the head before
-- the quota runs out. One row per bot and month; a row is only ever incremented, and its warning set once.
CREATE TABLE zalo_usage (
    bot_id      TEXT    NOT NULL CHECK (length(bot_id) BETWEEN 1 AND 100),
    month       TEXT    NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'),
    messages    INTEGER NOT NULL DEFAULT 0 CHECK (messages >= 0),
    warned_at   TEXT,
    PRIMARY KEY (bot_id, month)
) STRICT;
