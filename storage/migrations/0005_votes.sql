-- 0005: votes. The review vote for an award (bình xét), the election of next year's head or deputy
-- (suy tôn), or a plain question. Who voted and what was voted are kept apart: a participation register
-- (unit, time) and a ballot box (choices and a receipt; no unit, no time, ids drawn at random so their
-- order says nothing of the casting order), both written in one transaction. One ballot per unit is a
-- PRIMARY KEY, not a check in code.

CREATE TABLE vote (
    id          INTEGER PRIMARY KEY,
    year_id     INTEGER NOT NULL REFERENCES bloc_year (id),
    kind        TEXT    NOT NULL CHECK (kind IN ('award', 'head', 'deputy', 'question')),
    title       TEXT    NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
    -- secret: a ballot in each unit's private chat; open: a poll in the bloc's group (Telegram)
    mode        TEXT    NOT NULL DEFAULT 'secret' CHECK (mode IN ('secret', 'open')),
    seats       INTEGER NOT NULL DEFAULT 1 CHECK (seats BETWEEN 1 AND 12),
    -- the counting rules (bot.tally): quorum, win condition, what to do with a tie
    quorum      TEXT    NOT NULL DEFAULT 'two_thirds',
    win_rule    TEXT    NOT NULL DEFAULT 'majority_of_members',
    tie_rule    TEXT    NOT NULL DEFAULT 'runoff_then_score',
    status      TEXT    NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'closed')),
    -- hash of the definition (title, options, roll, rules) taken when the vote opened
    fingerprint TEXT,
    -- a runoff among the tied options of another vote
    runoff_of   INTEGER REFERENCES vote (id),
    -- open mode: where the poll was posted
    poll_chat_id TEXT,
    poll_id     TEXT UNIQUE,
    poll_message_id INTEGER,
    -- members of the bloc when it opened (the denominator of "more than 50% of member units")
    members     INTEGER,
    created_at  TEXT    NOT NULL,
    created_by  INTEGER REFERENCES person (id),
    opened_at   TEXT,
    closed_at   TEXT,
    -- JSON of the tally (bot.tally.Tally) made at close, for results and minutes
    result      TEXT,
    CHECK (status = 'draft' OR fingerprint IS NOT NULL)
) STRICT;
CREATE INDEX vote_year ON vote (year_id, status);

-- What can be chosen: a unit (option_id = its id) or an answer ('yes', 'no', 'abstain').
CREATE TABLE vote_option (
    vote_id     INTEGER NOT NULL REFERENCES vote (id),
    option_id   TEXT    NOT NULL,
    label       TEXT    NOT NULL CHECK (length(label) BETWEEN 1 AND 200),
    position    INTEGER NOT NULL,
    PRIMARY KEY (vote_id, option_id)
) STRICT;

-- The roll: the units entitled to a ballot, frozen when the vote opens.
CREATE TABLE vote_roll (
    vote_id     INTEGER NOT NULL REFERENCES vote (id),
    unit_id     INTEGER NOT NULL REFERENCES unit (id),
    PRIMARY KEY (vote_id, unit_id)
) STRICT;

-- The participation register: which unit voted and when, never what.
CREATE TABLE vote_participation (
    vote_id     INTEGER NOT NULL,
    unit_id     INTEGER NOT NULL,
    voted_at    TEXT    NOT NULL,
    person_id   INTEGER REFERENCES person (id),
    PRIMARY KEY (vote_id, unit_id),
    FOREIGN KEY (vote_id, unit_id) REFERENCES vote_roll (vote_id, unit_id)
) STRICT;

-- The ballot box: what was chosen, and the receipt the unit got; nothing that names the unit or the time.
CREATE TABLE ballot (
    id          INTEGER PRIMARY KEY,  -- drawn at random, so row order is not casting order
    vote_id     INTEGER NOT NULL REFERENCES vote (id),
    receipt     TEXT    NOT NULL,
    -- JSON array of option ids; [] is a blank ballot (phiếu trắng)
    choices     TEXT    NOT NULL,
    UNIQUE (vote_id, receipt)
) STRICT;
CREATE INDEX ballot_vote ON ballot (vote_id);

-- Units barred from being nominated this year (e.g. disciplined), with the reason.
CREATE TABLE vote_bar (
    year_id     INTEGER NOT NULL REFERENCES bloc_year (id),
    unit_id     INTEGER NOT NULL REFERENCES unit (id),
    reason      TEXT    NOT NULL,
    PRIMARY KEY (year_id, unit_id)
) STRICT;

-- The bloc's Telegram group, where public things are posted and open votes run as polls.
CREATE TABLE bloc_group (
    bloc_id     INTEGER NOT NULL REFERENCES bloc (id),
    channel     TEXT    NOT NULL,
    chat_id     TEXT    NOT NULL,
    title       TEXT,
    linked_at   TEXT    NOT NULL,
    PRIMARY KEY (bloc_id, channel),
    UNIQUE (channel, chat_id)
) STRICT;
