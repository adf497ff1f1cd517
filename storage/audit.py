"""Repository of the audit trail: who changed what, when."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

import aiosqlite

from storage.query import query
from storage.timefmt import from_db, instant_from_db, to_db


@dataclass(frozen=True)
class AuditEvent:
    id: int
    at: datetime
    person_id: int | None
    person_name: str | None  # the person's current name; None for the command line or the bot itself
    action: str
    detail: dict[str, object]


@dataclass(frozen=True)
class Representation:
    """A person speaking for a unit of the bloc over a span of time (removed ones are kept for the record)."""

    person_id: int
    unit_id: int
    joined_at: datetime
    removed_at: datetime | None


class InYear(Protocol):
    """Where an event belongs: a bloc-year (storage.rows.BlocYear is one)."""

    @property
    def id(self) -> int: ...

    @property
    def bloc_id(self) -> int: ...


async def record(conn: aiosqlite.Connection, at: datetime, person_id: int | None, year: InYear | None,
                 action: str, /, **detail: object) -> None:
    """`year` None: the event belongs to no bloc ('identity.linked'). Positional-only, so that the detail can
    carry a `year` of its own (the year a bloc was created with)."""
    await conn.execute(
        "INSERT INTO audit_event (at, person_id, bloc_id, year_id, action, detail) VALUES (?, ?, ?, ?, ?, ?)",
        (to_db(at), person_id, year.bloc_id if year else None, year.id if year else None, action,
         json.dumps(detail, ensure_ascii=False, default=str)),
    )


async def actions(conn: aiosqlite.Connection, bloc_id: int) -> list[tuple[str, dict]]:
    async with query(conn,
        "SELECT action, detail FROM audit_event WHERE bloc_id = ? ORDER BY id", (bloc_id,)
    ) as cur:
        return [(r[0], json.loads(r[1])) for r in await cur.fetchall()]


async def events(conn: aiosqlite.Connection, year_id: int) -> list[AuditEvent]:
    """The bloc-year's events, newest first."""
    async with query(conn,
        "SELECT a.id, a.at, a.person_id, p.full_name, a.action, a.detail FROM audit_event a"
        " LEFT JOIN person p ON p.id = a.person_id WHERE a.year_id = ? ORDER BY a.id DESC", (year_id,)
    ) as cur:
        rows = await cur.fetchall()
    return [AuditEvent(r[0], instant_from_db(r[1]), r[2], r[3], r[4], json.loads(r[5])) for r in rows]


async def representations(conn: aiosqlite.Connection, bloc_id: int) -> list[Representation]:
    """Every representation of the bloc's units, past and present, to tell whom a person spoke for and when."""
    async with query(conn,
        "SELECT r.person_id, r.unit_id, r.joined_at, r.removed_at FROM representative r"
        " JOIN unit u ON u.id = r.unit_id WHERE u.bloc_id = ? ORDER BY r.joined_at", (bloc_id,)
    ) as cur:
        rows = await cur.fetchall()
    return [Representation(r[0], r[1], instant_from_db(r[2]), from_db(r[3])) for r in rows]


async def person_names(conn: aiosqlite.Connection, person_ids: list[int]) -> dict[int, str]:
    if not person_ids:
        return {}
    marks = ",".join("?" * len(person_ids))
    async with query(conn, f"SELECT id, full_name FROM person WHERE id IN ({marks})", person_ids) as cur:
        return {r[0]: r[1] for r in await cur.fetchall()}
