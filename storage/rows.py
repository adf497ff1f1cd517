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
