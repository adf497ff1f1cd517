-- 0002: the criteria table (bảng tiêu chí) in versions, deadlines, and each unit's score sheet with every
-- layer of every score (self, check 1, explanation, check 2) kept as an append-only history.
-- Points are stored as integer hundredths ("centi-points": 97,5 -> 9750) so sums are exact; what the person
-- typed (a score, or a count for count-based items) is kept as decimal text.

-- A version of a year's criteria table. A version is never edited: a change is a new version, and
-- every score row says which version it was made against.
CREATE TABLE criteria_table (
    id          INTEGER PRIMARY KEY,
    year_id     INTEGER NOT NULL REFERENCES bloc_year (id),
    version     INTEGER NOT NULL CHECK (version >= 1),
    -- short hash of the content, shown to people so they can tell versions apart
    fingerprint TEXT    NOT NULL,
    -- JSON array of criteria rows (bot.criteria.CriteriaTable.to_rows())
    content     TEXT    NOT NULL,
    source_name TEXT,
    -- why a new version was loaded after units had submitted (required then)
    reason      TEXT,
    created_at  TEXT    NOT NULL,
    created_by  INTEGER REFERENCES person (id),
    UNIQUE (year_id, version)
) STRICT;

-- The year's choices for the self-assessment: which table version is current, and the head's switches.
CREATE TABLE assessment_setting (
    year_id          INTEGER PRIMARY KEY REFERENCES bloc_year (id),
    current_table_id INTEGER REFERENCES criteria_table (id),
    -- 1: a unit that submitted may change and submit again until the deadline
    allow_resubmit   INTEGER NOT NULL DEFAULT 0 CHECK (allow_resubmit IN (0, 1)),
    -- set when the head closed checking: every sheet's final scores are fixed
    checking_closed_at TEXT,
    checking_closed_by INTEGER REFERENCES person (id)
) STRICT;

-- Deadlines of the year's steps. The reminder machinery reads these; `revision` changes whenever the
-- deadline moves so work scheduled for an old time can tell it is stale.
CREATE TABLE deadline (
    year_id     INTEGER NOT NULL REFERENCES bloc_year (id),
    step        TEXT    NOT NULL CHECK (step IN ('registration', 'covenant', 'self_assessment', 'checking',
                                                  'explanation', 'vote')),
    due_at      TEXT    NOT NULL,
    revision    INTEGER NOT NULL DEFAULT 1,
    set_at      TEXT    NOT NULL,
    set_by      INTEGER REFERENCES person (id),
    reason      TEXT,
    PRIMARY KEY (year_id, step)
) STRICT;

-- A unit's score sheet for a year.
-- status: draft (being filled) -> submitted -> returned (check 1 sent back to the unit) -> explained
-- (the unit finished its explanations) -> final (checking closed). The head may reopen a sheet to draft.
CREATE TABLE sheet (
    id           INTEGER PRIMARY KEY,
    year_id      INTEGER NOT NULL,
    unit_id      INTEGER NOT NULL,
    -- the table version this sheet is scored against; drafts follow a new version, submitted sheets keep theirs
    table_id     INTEGER NOT NULL REFERENCES criteria_table (id),
    status       TEXT    NOT NULL DEFAULT 'draft'
                 CHECK (status IN ('draft', 'submitted', 'returned', 'explained', 'final')),
    submitted_at TEXT,
    submitted_by INTEGER REFERENCES person (id),
    -- short fingerprint of what was submitted, given to the unit as its receipt
    receipt      TEXT,
    -- the head reopened the sheet after submission or after the deadline, with a reason
    reopened_at  TEXT,
    reopened_by  INTEGER REFERENCES person (id),
    reopen_reason TEXT,
    created_at   TEXT    NOT NULL,
    UNIQUE (year_id, unit_id),
    FOREIGN KEY (year_id, unit_id) REFERENCES year_member (year_id, unit_id)
) STRICT;

-- Every value ever given to a criterion of a sheet, by layer. Nothing is overwritten: the current value
-- of a layer is its latest row. Layers: self (the unit), check1 (the head's first check), explanation
-- (the unit's giải trình: text only), check2 (the head's second check).
CREATE TABLE score_entry (
    id            INTEGER PRIMARY KEY,
    sheet_id      INTEGER NOT NULL REFERENCES sheet (id),
    table_id      INTEGER NOT NULL REFERENCES criteria_table (id),
    criterion     TEXT    NOT NULL,
    layer         TEXT    NOT NULL CHECK (layer IN ('self', 'check1', 'explanation', 'check2')),
    -- what was typed: the score, or the count for count-based items; NULL for an explanation
    entered       TEXT,
    points_centi  INTEGER,
    -- why a check differs from the layer before it; the text of an explanation
    note          TEXT,
    person_id     INTEGER REFERENCES person (id),
    at            TEXT    NOT NULL,
    CHECK ((layer = 'explanation') = (points_centi IS NULL)),
    CHECK (layer = 'self' OR layer = 'explanation' OR note IS NOT NULL OR entered IS NOT NULL)
) STRICT;
CREATE INDEX score_entry_sheet ON score_entry (sheet_id, criterion, layer, id);

-- Evidence (minh chứng) for a criterion: a file or photo by the channel's file id, a link, or a note
-- such as a document number and date. Removal keeps the row.
CREATE TABLE evidence (
    id          INTEGER PRIMARY KEY,
    sheet_id    INTEGER NOT NULL REFERENCES sheet (id),
    criterion   TEXT    NOT NULL,
    kind        TEXT    NOT NULL CHECK (kind IN ('document', 'photo', 'link', 'note')),
    channel     TEXT,
    file_id     TEXT,
    file_name   TEXT,
    mime_type   TEXT,
    size        INTEGER,
    text        TEXT,
    added_at    TEXT    NOT NULL,
    added_by    INTEGER REFERENCES person (id),
    removed_at  TEXT,
    removed_by  INTEGER REFERENCES person (id),
    CHECK ((kind IN ('document', 'photo')) = (file_id IS NOT NULL)),
    CHECK (kind IN ('document', 'photo') OR length(text) BETWEEN 1 AND 1000)
) STRICT;
CREATE INDEX evidence_sheet ON evidence (sheet_id, criterion);

-- Each submission of a sheet, for the record (a sheet may be submitted again after a reopening).
CREATE TABLE submission (
    id          INTEGER PRIMARY KEY,
    sheet_id    INTEGER NOT NULL REFERENCES sheet (id),
    table_id    INTEGER NOT NULL REFERENCES criteria_table (id),
    at          TEXT    NOT NULL,
    person_id   INTEGER REFERENCES person (id),
    total_centi INTEGER NOT NULL,
    receipt     TEXT    NOT NULL
) STRICT;
