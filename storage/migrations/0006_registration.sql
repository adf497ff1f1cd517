-- 0006: registration of targets and titles (đăng ký thi đua), the covenant (giao ước thi đua) and its
-- signatures, and the head's numbered notices (thông báo) with acknowledgements.

-- The titles a unit may register for this year (an editable catalogue; defaults are filled in code).
CREATE TABLE title_option (
    year_id     INTEGER NOT NULL REFERENCES bloc_year (id),
    code        TEXT    NOT NULL,
    name        TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    position    INTEGER NOT NULL,
    PRIMARY KEY (year_id, code)
) STRICT;

-- A unit's registration for the year. Counts of staff registering for individual titles cannot exceed the
-- staff count: the CHECKs hold that even if code forgot.
CREATE TABLE registration (
    year_id         INTEGER NOT NULL,
    unit_id         INTEGER NOT NULL,
    status          TEXT    NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted')),
    titles          TEXT    NOT NULL DEFAULT '[]',  -- JSON array of title_option codes
    cultured        INTEGER NOT NULL DEFAULT 0 CHECK (cultured IN (0, 1)),  -- "cơ quan, đơn vị văn hóa"
    staff           INTEGER CHECK (staff IS NULL OR staff BETWEEN 1 AND 100000),
    advanced_workers INTEGER CHECK (advanced_workers IS NULL OR advanced_workers >= 0),  -- Lao động tiên tiến
    emulation_soldiers INTEGER CHECK (emulation_soldiers IS NULL OR emulation_soldiers >= 0),  -- CSTĐ cơ sở
    targets         TEXT    NOT NULL DEFAULT '[]',  -- JSON array of short target lines (chỉ tiêu)
    submitted_at    TEXT,
    submitted_by    INTEGER REFERENCES person (id),
    updated_at      TEXT    NOT NULL,
    PRIMARY KEY (year_id, unit_id),
    FOREIGN KEY (year_id, unit_id) REFERENCES year_member (year_id, unit_id),
    CHECK (advanced_workers IS NULL OR staff IS NULL OR advanced_workers <= staff),
    CHECK (emulation_soldiers IS NULL OR staff IS NULL OR emulation_soldiers <= staff)
) STRICT;

-- Every change to a registration: who, when, which field, the new value.
CREATE TABLE registration_change (
    id          INTEGER PRIMARY KEY,
    year_id     INTEGER NOT NULL,
    unit_id     INTEGER NOT NULL,
    field       TEXT    NOT NULL,
    value       TEXT,
    person_id   INTEGER REFERENCES person (id),
    at          TEXT    NOT NULL
) STRICT;

-- A version of the year's covenant text. A change is a new version; signatures stay with the version signed.
CREATE TABLE covenant (
    id          INTEGER PRIMARY KEY,
    year_id     INTEGER NOT NULL REFERENCES bloc_year (id),
    version     INTEGER NOT NULL CHECK (version >= 1),
    text        TEXT    NOT NULL CHECK (length(text) BETWEEN 1 AND 20000),
    file_id     TEXT,   -- an attached document (docx/pdf) by the channel's file id
    file_name   TEXT,
    channel     TEXT,
    fingerprint TEXT    NOT NULL,  -- of the exact text (and file) signed
    published_at TEXT   NOT NULL,
    published_by INTEGER REFERENCES person (id),
    UNIQUE (year_id, version)
) STRICT;

-- A unit signing one version of the covenant: who, when, and the fingerprint of what they saw.
CREATE TABLE covenant_signature (
    covenant_id INTEGER NOT NULL REFERENCES covenant (id),
    unit_id     INTEGER NOT NULL REFERENCES unit (id),
    person_id   INTEGER NOT NULL REFERENCES person (id),
    fingerprint TEXT    NOT NULL,
    signed_at   TEXT    NOT NULL,
    PRIMARY KEY (covenant_id, unit_id)
) STRICT;

-- A notice from the head, numbered within the year. Its units are the notice_recipient rows (every member unit
-- when it went to all).
CREATE TABLE notice (
    id          INTEGER PRIMARY KEY,
    year_id     INTEGER NOT NULL REFERENCES bloc_year (id),
    number      INTEGER NOT NULL CHECK (number >= 1),
    text        TEXT    NOT NULL CHECK (length(text) BETWEEN 1 AND 4000),
    file_id     TEXT,
    file_name   TEXT,
    channel     TEXT,
    ask_ack     INTEGER NOT NULL DEFAULT 0 CHECK (ask_ack IN (0, 1)),
    sent_at     TEXT    NOT NULL,
    sent_by     INTEGER REFERENCES person (id),
    UNIQUE (year_id, number)
) STRICT;

-- Which units a notice is for (every member unit when it went to all).
CREATE TABLE notice_recipient (
    notice_id   INTEGER NOT NULL REFERENCES notice (id),
    unit_id     INTEGER NOT NULL REFERENCES unit (id),
    PRIMARY KEY (notice_id, unit_id)
) STRICT;

-- "Đã nhận": the first acknowledgement of a unit counts.
CREATE TABLE notice_ack (
    notice_id   INTEGER NOT NULL,
    unit_id     INTEGER NOT NULL,
    person_id   INTEGER NOT NULL REFERENCES person (id),
    at          TEXT    NOT NULL,
    PRIMARY KEY (notice_id, unit_id),
    FOREIGN KEY (notice_id, unit_id) REFERENCES notice_recipient (notice_id, unit_id)
) STRICT;
