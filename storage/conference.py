"""Repository of the year-end conference: the conference, its agenda, attendance, delegations, corrections."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from storage.query import query
from storage.timefmt import from_db, instant_from_db, to_db

ITEM_KINDS = ("report", "discussion", "review", "head", "deputy", "covenant", "other")


@dataclass(frozen=True)
class Conference:
    id: int
    year_id: int
    title: str
    starts_at: datetime
    place: str
    chair: str
    secretary_id: int | None
    guests: list[str]
    quorum: str
    vote_base: str
    copies: int
    status: str  # planned, invited, running, closed, final
    reminder_due_at: datetime | None
    reminded_at: datetime | None
    opened_at: datetime | None
    closed_at: datetime | None
    final_at: datetime | None


@dataclass(frozen=True)
class Item:
    id: int
    conference_id: int
    position: int
    kind: str
    title: str
    status: str  # pending, open, postponed, done
    vote_id: int | None
    opened_at: datetime | None
    closed_at: datetime | None
    outcome: dict | None


@dataclass(frozen=True)
class Attendance:
    unit_id: int
    present: bool
    late: bool
    reason: str | None
    delegate: str | None
    checked_in_by: int | None
    marked_by: int | None
    at: datetime


@dataclass(frozen=True)
class Delegation:
    unit_id: int
    delegate: str
    by_person: int
    at: datetime


def _conference(r: aiosqlite.Row) -> Conference:
    return Conference(r["id"], r["year_id"], r["title"], instant_from_db(r["starts_at"]), r["place"], r["chair"],
                      r["secretary_id"], json.loads(r["guests"]), r["quorum"], r["vote_base"], r["copies"],
                      r["status"], from_db(r["reminder_due_at"]), from_db(r["reminded_at"]), from_db(r["opened_at"]),
                      from_db(r["closed_at"]), from_db(r["final_at"]))


def _item(r: aiosqlite.Row) -> Item:
    return Item(r["id"], r["conference_id"], r["position"], r["kind"], r["title"], r["status"], r["vote_id"],
                from_db(r["opened_at"]), from_db(r["closed_at"]), json.loads(r["outcome"]) if r["outcome"] else None)


async def create(conn: aiosqlite.Connection, year_id: int, title: str, starts_at: datetime, place: str, chair: str,
                 guests: list[str], at: datetime, by: int | None) -> int:
    cur = await conn.execute(
        "INSERT INTO conference (year_id, title, starts_at, place, chair, guests, created_at, created_by)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (year_id, title, to_db(starts_at), place, chair, json.dumps(guests, ensure_ascii=False), to_db(at), by),
    )
    assert cur.lastrowid is not None
    return cur.lastrowid


async def of_year(conn: aiosqlite.Connection, year_id: int) -> Conference | None:
    async with query(conn, "SELECT * FROM conference WHERE year_id = ?", (year_id,)) as cur:
        row = await cur.fetchone()
    return _conference(row) if row else None


async def get(conn: aiosqlite.Connection, conference_id: int) -> Conference | None:
    async with query(conn, "SELECT * FROM conference WHERE id = ?", (conference_id,)) as cur:
        row = await cur.fetchone()
    return _conference(row) if row else None


async def update(conn: aiosqlite.Connection, conference_id: int, **columns: object) -> None:
    """Sets the named columns (times as datetimes); only this module's callers name them, never input."""
    names = list(columns)
    values = [to_db(v) if isinstance(v, datetime) else v for v in columns.values()]
    await conn.execute(f"UPDATE conference SET {', '.join(f'{n} = ?' for n in names)} WHERE id = ?",
                       (*values, conference_id))


async def set_status(conn: aiosqlite.Connection, conference_id: int, old: tuple[str, ...], new: str,
                     **times: datetime) -> bool:
    """Moves the conference from one of `old` to `new`: False when another step moved it first."""
    sets = ", ".join(["status = ?", *(f"{name} = ?" for name in times)])
    marks = ",".join("?" * len(old))
    cur = await conn.execute(f"UPDATE conference SET {sets} WHERE id = ? AND status IN ({marks})",
                             (new, *(to_db(t) for t in times.values()), conference_id, *old))
    return cur.rowcount == 1


async def due_reminders(conn: aiosqlite.Connection, now: datetime) -> list[tuple[Conference, str]]:
    async with query(conn,
        "SELECT * FROM conference WHERE reminded_at IS NULL AND reminder_due_at IS NOT NULL AND reminder_due_at <= ?"
        " AND status = 'invited' ORDER BY reminder_due_at", (to_db(now),)
    ) as cur:
        return [(_conference(r), r["reminder_body"]) for r in await cur.fetchall()]


async def next_reminder(conn: aiosqlite.Connection) -> datetime | None:
    async with query(conn,
        "SELECT min(reminder_due_at) FROM conference WHERE reminded_at IS NULL AND status = 'invited'", ()
    ) as cur:
        row = await cur.fetchone()
    return from_db(row[0]) if row else None


async def mark_reminded(conn: aiosqlite.Connection, conference_id: int, at: datetime) -> bool:
    cur = await conn.execute("UPDATE conference SET reminded_at = ? WHERE id = ? AND reminded_at IS NULL",
                             (to_db(at), conference_id))
    return cur.rowcount == 1


# --- the agenda --------------------------------------------------------------------------------------


async def items(conn: aiosqlite.Connection, conference_id: int) -> list[Item]:
    async with query(conn, "SELECT * FROM conference_item WHERE conference_id = ? ORDER BY position",
                     (conference_id,)) as cur:
        return [_item(r) for r in await cur.fetchall()]


async def add_item(conn: aiosqlite.Connection, conference_id: int, kind: str, title: str) -> int:
    cur = await conn.execute(
        "INSERT INTO conference_item (conference_id, position, kind, title) VALUES"
        " (?, (SELECT coalesce(max(position), 0) + 1 FROM conference_item WHERE conference_id = ?), ?, ?)",
        (conference_id, conference_id, kind, title),
    )
    assert cur.lastrowid is not None
    return cur.lastrowid


async def remove_item(conn: aiosqlite.Connection, conference_id: int, item_id: int) -> None:
    await conn.execute("DELETE FROM conference_item WHERE id = ? AND conference_id = ?", (item_id, conference_id))
    await renumber(conn, conference_id, [i.id for i in await items(conn, conference_id)])


async def renumber(conn: aiosqlite.Connection, conference_id: int, ordered: list[int]) -> None:
    await conn.executemany("UPDATE conference_item SET position = ? WHERE id = ? AND conference_id = ?",
                           [(i, item_id, conference_id) for i, item_id in enumerate(ordered, start=1)])


async def update_item(conn: aiosqlite.Connection, item_id: int, **columns: object) -> None:
    names = list(columns)
    values = [to_db(v) if isinstance(v, datetime) else json.dumps(v, ensure_ascii=False) if isinstance(v, dict)
              else v for v in columns.values()]
    await conn.execute(f"UPDATE conference_item SET {', '.join(f'{n} = ?' for n in names)} WHERE id = ?",
                       (*values, item_id))


# --- attendance and delegations -----------------------------------------------------------------------


async def attendance(conn: aiosqlite.Connection, conference_id: int) -> dict[int, Attendance]:
    async with query(conn, "SELECT * FROM conference_attendance WHERE conference_id = ?", (conference_id,)) as cur:
        return {r["unit_id"]: Attendance(r["unit_id"], bool(r["present"]), bool(r["late"]), r["reason"],
                                         r["delegate"], r["checked_in_by"], r["marked_by"], instant_from_db(r["at"]))
                for r in await cur.fetchall()}


async def mark(conn: aiosqlite.Connection, conference_id: int, unit_id: int, present: bool, late: bool,
               reason: str | None, delegate: str | None, checked_in_by: int | None, marked_by: int | None,
               at: datetime) -> None:
    await conn.execute(
        "INSERT INTO conference_attendance (conference_id, unit_id, present, late, reason, delegate, checked_in_by,"
        " marked_by, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (conference_id, unit_id) DO UPDATE SET"
        " present = excluded.present, late = excluded.late, reason = excluded.reason, delegate = excluded.delegate,"
        " checked_in_by = excluded.checked_in_by, marked_by = excluded.marked_by, at = excluded.at",
        (conference_id, unit_id, int(present), int(late), reason, delegate, checked_in_by, marked_by, to_db(at)),
    )


async def delegations(conn: aiosqlite.Connection, conference_id: int) -> dict[int, Delegation]:
    async with query(conn, "SELECT * FROM conference_delegation WHERE conference_id = ?", (conference_id,)) as cur:
        return {r["unit_id"]: Delegation(r["unit_id"], r["delegate"], r["by_person"], instant_from_db(r["at"]))
                for r in await cur.fetchall()}


async def delegate(conn: aiosqlite.Connection, conference_id: int, unit_id: int, name: str, by: int,
                   at: datetime) -> None:
    await conn.execute(
        "INSERT INTO conference_delegation (conference_id, unit_id, delegate, by_person, at) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (conference_id, unit_id) DO UPDATE SET delegate = excluded.delegate,"
        " by_person = excluded.by_person, at = excluded.at",
        (conference_id, unit_id, name, by, to_db(at)),
    )


# --- the minutes' corrections --------------------------------------------------------------------------


async def corrections(conn: aiosqlite.Connection, conference_id: int) -> dict[int, str]:
    """The latest correction of each drafted line, by line number."""
    async with query(conn, "SELECT line, text FROM conference_correction WHERE conference_id = ? ORDER BY id",
                     (conference_id,)) as cur:
        return {r["line"]: r["text"] for r in await cur.fetchall()}


async def correct(conn: aiosqlite.Connection, conference_id: int, line: int, text: str, by: int | None,
                  at: datetime) -> None:
    await conn.execute("INSERT INTO conference_correction (conference_id, line, text, person_id, at)"
                       " VALUES (?, ?, ?, ?, ?)", (conference_id, line, text, by, to_db(at)))
