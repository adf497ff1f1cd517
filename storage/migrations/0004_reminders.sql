-- 0004: deadlines per unit, reminder rules, and reminders as rows the database owns.
-- A reminder is planned as one row per (unit, deadline revision, rule); its delivery to each person is
-- one row per (reminder, person). Both carry UNIQUE keys, so re-planning or a restart can never make a
-- second copy, and a moved deadline (a new revision) leaves the old rows cancelled, never sent.

-- A later deadline for one unit (gia hạn), with the reason; the bloc-wide one stays in `deadline`.
CREATE TABLE deadline_extension (
    year_id     INTEGER NOT NULL,
    step        TEXT    NOT NULL,
    unit_id     INTEGER NOT NULL REFERENCES unit (id),
    due_at      TEXT    NOT NULL,
    reason      TEXT    NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
    set_at      TEXT    NOT NULL,
    set_by      INTEGER REFERENCES person (id),
    PRIMARY KEY (year_id, step, unit_id),
    FOREIGN KEY (year_id, step) REFERENCES deadline (year_id, step)
) STRICT;

-- A bloc's own reminder offsets for a step, replacing the defaults (7 days, 3 days, 1 day and 2 hours
-- before, and an overdue notice 1 day after). offsets: JSON array of minutes relative to the deadline,
-- negative before it, positive after.
CREATE TABLE reminder_rule (
    year_id     INTEGER NOT NULL REFERENCES bloc_year (id),
    step        TEXT    NOT NULL,
    offsets     TEXT    NOT NULL,
    quiet_start INTEGER NOT NULL DEFAULT 1260 CHECK (quiet_start BETWEEN 0 AND 1439),  -- minutes after midnight
    quiet_end   INTEGER NOT NULL DEFAULT 420 CHECK (quiet_end BETWEEN 0 AND 1439),
    PRIMARY KEY (year_id, step)
) STRICT;

-- One planned reminder. kind: 'unit' (to a unit that has not completed the step), 'close' (the deadline
-- passed: the bloc is told), 'summary' (the head's daily list of who is late).
-- status: pending -> done (sent, or nothing to send because the unit had completed) | cancelled (the
-- deadline moved or the step no longer applies).
CREATE TABLE reminder (
    id          INTEGER PRIMARY KEY,
    year_id     INTEGER NOT NULL REFERENCES bloc_year (id),
    step        TEXT    NOT NULL,
    kind        TEXT    NOT NULL CHECK (kind IN ('unit', 'close', 'summary')),
    -- 0 for bloc-wide rows (close, summary) so the UNIQUE key works without NULLs
    unit_id     INTEGER NOT NULL DEFAULT 0,
    -- minutes relative to the deadline this row was planned from (e.g. -10080 = 7 days before)
    offset_minutes INTEGER NOT NULL,
    -- the deadline revision (deadline.revision, or the extension's time) it was planned for
    revision    TEXT    NOT NULL,
    due_at      TEXT    NOT NULL,
    status      TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'cancelled')),
    outcome     TEXT,
    done_at     TEXT,
    UNIQUE (year_id, step, kind, unit_id, offset_minutes, revision)
) STRICT;
CREATE INDEX reminder_due ON reminder (status, due_at);
CREATE INDEX reminder_year ON reminder (year_id, step, status);

-- Delivery of a reminder to one person. status: pending -> sending (claimed: the send is under way)
-- -> sent | blocked (the person blocked the bot: reported to the head, never retried) | failed.
-- A row found in 'sending' after a crash is marked 'unknown' and NOT sent again: reminders are
-- at-most-once per person (see bot/services/reminders.py for why).
CREATE TABLE reminder_delivery (
    reminder_id INTEGER NOT NULL REFERENCES reminder (id),
    person_id   INTEGER NOT NULL REFERENCES person (id),
    channel     TEXT    NOT NULL,
    chat_id     TEXT    NOT NULL,
    status      TEXT    NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'sending', 'sent', 'blocked', 'failed', 'unknown')),
    at          TEXT,
    PRIMARY KEY (reminder_id, person_id, channel)
) STRICT;
CREATE INDEX reminder_delivery_status ON reminder_delivery (status);
