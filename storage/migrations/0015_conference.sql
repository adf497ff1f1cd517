-- 0015: the year-end conference (hội nghị tổng kết): its preparation, its agenda, who attended, the minutes'
-- corrections. One conference per bloc-year; the votes it opens are ordinary `vote` rows (roll: the units present).
CREATE TABLE conference (
    id              INTEGER PRIMARY KEY,
    year_id         INTEGER NOT NULL UNIQUE REFERENCES bloc_year (id),
    title           TEXT    NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
    starts_at       TEXT    NOT NULL,
    place           TEXT    NOT NULL CHECK (length(place) BETWEEN 1 AND 300),
    chair           TEXT    NOT NULL CHECK (length(chair) BETWEEN 1 AND 200),
    secretary_id    INTEGER REFERENCES person (id),
    guests          TEXT    NOT NULL DEFAULT '[]',
    quorum          TEXT    NOT NULL DEFAULT 'two_thirds' CHECK (quorum IN ('two_thirds', 'half', 'none')),
    vote_base       TEXT    NOT NULL DEFAULT 'present' CHECK (vote_base IN ('present', 'members')),
    copies          INTEGER NOT NULL DEFAULT 2 CHECK (copies BETWEEN 1 AND 20),
    status          TEXT    NOT NULL DEFAULT 'planned'
                            CHECK (status IN ('planned', 'invited', 'running', 'closed', 'final')),
    reminder_body   TEXT,
    reminder_due_at TEXT,
    reminded_at     TEXT,
    opened_at       TEXT,
    closed_at       TEXT,
    final_at        TEXT,
    created_at      TEXT    NOT NULL,
    created_by      INTEGER REFERENCES person (id)
) STRICT;
CREATE INDEX conference_reminder_due ON conference (reminder_due_at) WHERE reminded_at IS NULL;

CREATE TABLE conference_item (
    id              INTEGER PRIMARY KEY,
    conference_id   INTEGER NOT NULL REFERENCES conference (id),
    position        INTEGER NOT NULL CHECK (position >= 1),
    kind            TEXT    NOT NULL
                            CHECK (kind IN ('report', 'discussion', 'review', 'head', 'deputy', 'covenant', 'other')),
    title           TEXT    NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
    status          TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'open', 'postponed', 'done')),
    vote_id         INTEGER REFERENCES vote (id),
    opened_at       TEXT,
    closed_at       TEXT,
    outcome         TEXT
) STRICT;
CREATE INDEX conference_item_order ON conference_item (conference_id, position);

CREATE TABLE conference_attendance (
    conference_id   INTEGER NOT NULL REFERENCES conference (id),
    unit_id         INTEGER NOT NULL REFERENCES unit (id),
    present         INTEGER NOT NULL CHECK (present IN (0, 1)),
    late            INTEGER NOT NULL DEFAULT 0 CHECK (late IN (0, 1)),
    reason          TEXT    CHECK (reason IS NULL OR length(reason) BETWEEN 1 AND 300),
    delegate        TEXT    CHECK (delegate IS NULL OR length(delegate) BETWEEN 1 AND 200),
    checked_in_by   INTEGER REFERENCES person (id),
    marked_by       INTEGER REFERENCES person (id),
    at              TEXT    NOT NULL,
    PRIMARY KEY (conference_id, unit_id)
) STRICT;

CREATE TABLE conference_delegation (
    conference_id   INTEGER NOT NULL REFERENCES conference (id),
    unit_id         INTEGER NOT NULL REFERENCES unit (id),
    delegate        TEXT    NOT NULL CHECK (length(delegate) BETWEEN 1 AND 200),
    by_person       INTEGER NOT NULL REFERENCES person (id),
    at              TEXT    NOT NULL,
    PRIMARY KEY (conference_id, unit_id)
) STRICT;

CREATE TABLE conference_correction (
    id              INTEGER PRIMARY KEY,
    conference_id   INTEGER NOT NULL REFERENCES conference (id),
    line            INTEGER NOT NULL CHECK (line >= 1),
    text            TEXT    NOT NULL CHECK (length(text) BETWEEN 1 AND 1000),
    person_id       INTEGER REFERENCES person (id),
    at              TEXT    NOT NULL
) STRICT;
