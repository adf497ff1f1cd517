-- 0001: blocs, their years, member units, people and how they reach us, representatives,
-- invites, dialog state and the audit trail.
-- Conventions: times are ISO 8601 text in UTC ("2026-11-24T21:13:03.000000+00:00"), written by the
-- application's injected clock so tests control time; booleans are 0/1 with a CHECK; every invariant
-- the product relies on is a constraint here, not only a check in code.

-- A khối thi đua: one tenant. Nothing of one bloc is reachable from another except through bloc_id.
CREATE TABLE bloc (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    -- folded name (lower case, no diacritics) so "Khối Đảng" and "khoi dang" cannot both exist
    name_key    TEXT    NOT NULL UNIQUE,
    created_at  TEXT    NOT NULL,
    created_by  INTEGER REFERENCES person (id)
) STRICT;

-- A bloc's year: the unit of work. Next year's row keeps the bloc's units and people but starts
-- fresh tables, votes and deadlines (those tables hang off bloc_year.id).
CREATE TABLE bloc_year (
    id              INTEGER PRIMARY KEY,
    bloc_id         INTEGER NOT NULL REFERENCES bloc (id),
    year            INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    -- trưởng khối / phó trưởng khối of this year; must be members (composite keys below)
    head_unit_id    INTEGER,
    deputy_unit_id  INTEGER,
    created_at      TEXT    NOT NULL,
    UNIQUE (bloc_id, year),
    UNIQUE (id, bloc_id),
    CHECK (head_unit_id IS NULL OR deputy_unit_id IS NULL OR head_unit_id <> deputy_unit_id),
    FOREIGN KEY (id, head_unit_id) REFERENCES year_member (year_id, unit_id),
    FOREIGN KEY (id, deputy_unit_id) REFERENCES year_member (year_id, unit_id)
) STRICT;

-- A member unit (đơn vị). Belongs to one bloc for good; membership per year is year_member.
CREATE TABLE unit (
    id          INTEGER PRIMARY KEY,
    bloc_id     INTEGER NOT NULL REFERENCES bloc (id),
    name        TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    -- folded name: two units of one bloc cannot differ only by case, spacing or diacritics
    name_key    TEXT    NOT NULL,
    short_name  TEXT    CHECK (short_name IS NULL OR length(short_name) BETWEEN 1 AND 50),
    contact     TEXT    CHECK (contact IS NULL OR length(contact) <= 200),
    created_at  TEXT    NOT NULL,
    UNIQUE (bloc_id, name_key),
    UNIQUE (bloc_id, id)
) STRICT;

-- Which units take part in which year. bloc_id is repeated so both foreign keys can prove the unit
-- and the year belong to the same bloc.
CREATE TABLE year_member (
    year_id     INTEGER NOT NULL,
    bloc_id     INTEGER NOT NULL,
    unit_id     INTEGER NOT NULL,
    joined_at   TEXT    NOT NULL,
    PRIMARY KEY (year_id, unit_id),
    FOREIGN KEY (year_id, bloc_id) REFERENCES bloc_year (id, bloc_id),
    FOREIGN KEY (bloc_id, unit_id) REFERENCES unit (bloc_id, id)
) STRICT;

-- A human being, whatever channel they write from.
CREATE TABLE person (
    id          INTEGER PRIMARY KEY,
    full_name   TEXT    NOT NULL CHECK (length(full_name) BETWEEN 1 AND 100),
    language    TEXT    NOT NULL DEFAULT 'vi' CHECK (language IN ('vi', 'en')),
    created_at  TEXT    NOT NULL
) STRICT;

-- How a person is reached on a channel. external_id is the channel's user id as text (Zalo ids
-- exceed 2^53), chat_id the private chat to write to.
CREATE TABLE channel_identity (
    channel     TEXT    NOT NULL CHECK (channel IN ('telegram', 'zalo')),
    external_id TEXT    NOT NULL,
    person_id   INTEGER NOT NULL REFERENCES person (id),
    chat_id     TEXT    NOT NULL,
    username    TEXT,
    -- set when the channel said the person blocked the bot; cleared when they write again
    blocked_at  TEXT,
    created_at  TEXT    NOT NULL,
    PRIMARY KEY (channel, external_id)
) STRICT;
CREATE INDEX channel_identity_person ON channel_identity (person_id);

-- An invite code for a unit: opens registration of up to max_uses representatives.
CREATE TABLE invite (
    id          INTEGER PRIMARY KEY,
    unit_id     INTEGER NOT NULL REFERENCES unit (id),
    code        TEXT    NOT NULL UNIQUE CHECK (length(code) BETWEEN 6 AND 32),
    max_uses    INTEGER NOT NULL CHECK (max_uses BETWEEN 1 AND 20),
    -- the CHECK makes an over-used code impossible even if two people redeem it at once
    uses        INTEGER NOT NULL DEFAULT 0 CHECK (uses >= 0 AND uses <= max_uses),
    expires_at  TEXT    NOT NULL,
    revoked_at  TEXT,
    created_at  TEXT    NOT NULL,
    created_by  INTEGER REFERENCES person (id)
) STRICT;
-- at most one live (not revoked) invite per unit: re-issuing revokes the old one in the same transaction
CREATE UNIQUE INDEX invite_one_live_per_unit ON invite (unit_id) WHERE revoked_at IS NULL;

-- A person speaking for a unit (đại diện / cán bộ đầu mối). Removal keeps the row for the record.
CREATE TABLE representative (
    id          INTEGER PRIMARY KEY,
    unit_id     INTEGER NOT NULL REFERENCES unit (id),
    person_id   INTEGER NOT NULL REFERENCES person (id),
    is_primary  INTEGER NOT NULL DEFAULT 0 CHECK (is_primary IN (0, 1)),
    invite_id   INTEGER REFERENCES invite (id),
    joined_at   TEXT    NOT NULL,
    removed_at  TEXT,
    removed_by  INTEGER REFERENCES person (id)
) STRICT;
-- a person speaks for one unit at a time, so "my unit" is never ambiguous
CREATE UNIQUE INDEX representative_one_unit_per_person ON representative (person_id) WHERE removed_at IS NULL;
-- one primary representative per unit
CREATE UNIQUE INDEX representative_one_primary_per_unit ON representative (unit_id)
    WHERE is_primary = 1 AND removed_at IS NULL;
CREATE INDEX representative_unit ON representative (unit_id);

-- Invite codes typed or opened by someone, kept to slow down guessing.
CREATE TABLE invite_attempt (
    id          INTEGER PRIMARY KEY,
    channel     TEXT    NOT NULL,
    external_id TEXT    NOT NULL,
    attempted_at TEXT   NOT NULL,
    succeeded   INTEGER NOT NULL CHECK (succeeded IN (0, 1))
) STRICT;
CREATE INDEX invite_attempt_who ON invite_attempt (channel, external_id, attempted_at);

-- Which bloc-year a super-admin is currently administering (representatives get theirs from
-- their unit).
CREATE TABLE admin_focus (
    person_id   INTEGER PRIMARY KEY REFERENCES person (id),
    year_id     INTEGER NOT NULL REFERENCES bloc_year (id)
) STRICT;

-- Where each chat stands in a multi-step dialog, so a restart resumes it. data is a JSON object.
CREATE TABLE dialog_state (
    channel     TEXT    NOT NULL,
    chat_id     TEXT    NOT NULL,
    state       TEXT    NOT NULL,
    data        TEXT    NOT NULL DEFAULT '{}',
    updated_at  TEXT    NOT NULL,
    PRIMARY KEY (channel, chat_id)
) STRICT;

-- Every change an admin or a representative made, for the record and for disputes.
CREATE TABLE audit_event (
    id          INTEGER PRIMARY KEY,
    at          TEXT    NOT NULL,
    person_id   INTEGER REFERENCES person (id),
    bloc_id     INTEGER REFERENCES bloc (id),
    action      TEXT    NOT NULL,
    -- JSON object with the action's particulars
    detail      TEXT    NOT NULL DEFAULT '{}'
) STRICT;
CREATE INDEX audit_event_bloc ON audit_event (bloc_id, at);
