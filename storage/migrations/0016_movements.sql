-- 0016: thematic movements (phong trào thi đua chuyên đề): launched by the head, joined and reported on by units,
-- reviewed and closed with commendations. Their report deadline is the year's 'movement' step of `deadline`, so
-- the deadline's CHECK is widened. SQLite cannot alter a CHECK: the table is rebuilt with its rows kept, its
-- extensions set aside meanwhile (dropping a parent with children fails the foreign key check at commit).
CREATE TEMP TABLE extension_kept AS SELECT * FROM deadline_extension;
DELETE FROM deadline_extension;
CREATE TABLE deadline_new (
    year_id     INTEGER NOT NULL REFERENCES bloc_year (id),
    step        TEXT    NOT NULL CHECK (step IN ('registration', 'covenant', 'self_assessment', 'checking',
                                                  'explanation', 'vote', 'movement')),
    due_at      TEXT    NOT NULL,
    revision    INTEGER NOT NULL DEFAULT 1,
    set_at      TEXT    NOT NULL,
    set_by      INTEGER REFERENCES person (id),
    reason      TEXT,
    PRIMARY KEY (year_id, step)
) STRICT;
INSERT INTO deadline_new (year_id, step, due_at, revision, set_at, set_by, reason)
    SELECT year_id, step, due_at, revision, set_at, set_by, reason FROM deadline;
DROP TABLE deadline;
ALTER TABLE deadline_new RENAME TO deadline;
INSERT INTO deadline_extension SELECT * FROM extension_kept;
DROP TABLE extension_kept;

CREATE TABLE movement (
    id              INTEGER PRIMARY KEY,
    year_id         INTEGER NOT NULL REFERENCES bloc_year (id),
    number          INTEGER NOT NULL CHECK (number >= 1),
    title           TEXT    NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
    purpose         TEXT    NOT NULL CHECK (length(purpose) BETWEEN 1 AND 2000),
    starts_on       TEXT    NOT NULL,
    ends_on         TEXT    NOT NULL CHECK (ends_on >= starts_on),
    occasion        TEXT    NOT NULL CHECK (length(occasion) BETWEEN 1 AND 300),
    plan_text       TEXT    CHECK (plan_text IS NULL OR length(plan_text) BETWEEN 1 AND 4000),
    plan_file_id    TEXT,
    plan_file_name  TEXT,
    plan_channel    TEXT,
    report_due_at   TEXT    NOT NULL,
    status          TEXT    NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'closed')),
    launched_at     TEXT    NOT NULL,
    launched_by     INTEGER REFERENCES person (id),
    closed_at       TEXT,
    closed_by       INTEGER REFERENCES person (id),
    UNIQUE (year_id, number)
) STRICT;

CREATE TABLE movement_unit (
    movement_id     INTEGER NOT NULL REFERENCES movement (id),
    unit_id         INTEGER NOT NULL REFERENCES unit (id),
    targets         TEXT    CHECK (targets IS NULL OR length(targets) BETWEEN 1 AND 2000),
    registered_at   TEXT,
    registered_by   INTEGER REFERENCES person (id),
    report_text     TEXT    CHECK (report_text IS NULL OR length(report_text) BETWEEN 1 AND 4000),
    reported_at     TEXT,
    reported_by     INTEGER REFERENCES person (id),
    commended       INTEGER NOT NULL DEFAULT 0 CHECK (commended IN (0, 1)),
    commend_reason  TEXT    CHECK (commend_reason IS NULL OR length(commend_reason) BETWEEN 1 AND 500),
    PRIMARY KEY (movement_id, unit_id)
) STRICT;

CREATE TABLE movement_file (
    id              INTEGER PRIMARY KEY,
    movement_id     INTEGER NOT NULL,
    unit_id         INTEGER NOT NULL,
    file_id         TEXT    NOT NULL,
    file_name       TEXT    NOT NULL,
    mime_type       TEXT,
    channel         TEXT    NOT NULL,
    added_at        TEXT    NOT NULL,
    added_by        INTEGER REFERENCES person (id),
    FOREIGN KEY (movement_id, unit_id) REFERENCES movement_unit (movement_id, unit_id)
) STRICT;
CREATE INDEX movement_file_unit ON movement_file (movement_id, unit_id);
