"""Plain records the repositories return. No behaviour, no channel types."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Bloc:
    id: int
    name: str


@dataclass(frozen=True)
class BlocYear:
    id: int
    bloc_id: int
    bloc_name: str
    year: int
    head_unit_id: int | None
    deputy_unit_id: int | None


@dataclass(frozen=True)
class Unit:
    id: int
    bloc_id: int
    name: str
    short_name: str | None
    contact: str | None

    @property
    def label(self) -> str:
        return self.short_name or self.name


@dataclass(frozen=True)
class Person:
    id: int
    full_name: str
    language: str


@dataclass(frozen=True)
class Identity:
    channel: str
    external_id: str
    person_id: int
    chat_id: str
    username: str | None
    blocked_at: datetime | None


@dataclass(frozen=True)
class Representative:
    id: int
    unit_id: int
    person_id: int
    full_name: str
    is_primary: bool
    joined_at: datetime


@dataclass(frozen=True)
class Invite:
    id: int
    unit_id: int
    code: str
    max_uses: int
    uses: int
    expires_at: datetime
    revoked_at: datetime | None
    created_at: datetime


@dataclass(frozen=True)
class DialogState:
    state: str
    data: dict


@dataclass(frozen=True)
class CriteriaTableVersion:
    id: int
    year_id: int
    version: int
    fingerprint: str
    rows: list
    source_name: str | None
    created_at: datetime


@dataclass(frozen=True)
class AssessmentSetting:
    year_id: int
    current_table_id: int | None
    allow_resubmit: bool
    checking_closed_at: datetime | None


@dataclass(frozen=True)
class Deadline:
    year_id: int
    step: str
    due_at: datetime
    revision: int


@dataclass(frozen=True)
class Sheet:
    id: int
    year_id: int
    unit_id: int
    table_id: int
    status: str
    submitted_at: datetime | None
    receipt: str | None
    reopened_at: datetime | None


@dataclass(frozen=True)
class LayerValue:
    """The current value of one layer of one criterion: its latest entry."""

    entered: str | None
    points_centi: int | None
    note: str | None
    person_id: int | None
    at: datetime


@dataclass(frozen=True)
class Evidence:
    id: int
    criterion: str
    kind: str
    file_id: str | None
    file_name: str | None
    text: str | None
    added_at: datetime
    channel: str | None = None
    mime_type: str | None = None
