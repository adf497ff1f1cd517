"""Repository of thematic movements (phong trào thi đua chuyên đề), the units taking part and their reports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import aiosqlite

from storage.query import query
from storage.timefmt import instant_from_db, to_db


@dataclass(frozen=True)
class Movement:
    id: int
    year_id: int
    number: int
    title: str
    purpose: str
    starts_on: date
    ends_on: date
    occasion: str
    plan_text: str | None
    plan_file_id: str | None
    plan_file_name: str | None
    plan_channel: str | None
    report_due_at: datetime
    status: str  # 'running' or 'closed'
    launched_at: datetime
    closed_at: datetime | None


@dataclass(frozen=True)
class Participation:
    unit_id: int
    targets: str | None
    registered_at: datetime | None
    report_text: str | None
    reported_at: datetime | None
    commended: bool
    commend_reason: str | None


@dataclass(frozen=True)
class ReportFile:
    id: int
    unit_id: int
    file_id: str
    file_name: str
    mime_type: str | None
    channel: str


def _when(value: str | None) -> datetime | None:
    return instant_from_db(value) if value else None


def _movement(r: aiosqlite.Row) -> Movement:
    return Movement(r["id"], r["year_id"], r["number"], r["title"], r["purpose"], date.fromisoformat(r["starts_on"]),
                    date.fromisoformat(r["ends_on"]), r["occasion"], r["plan_text"], r["plan_file_id"],
                    r["plan_file_name"], r["plan_channel"], instant_from_db(r["report_due_at"]), r["status"],
                    instant_from_db(r["launched_at"]), _when(r["closed_at"]))


def _participation(r: aiosqlite.Row) -> Participation:
    return Participation(r["unit_id"], r["targets"], _when(r["registered_at"]), r["report_text"],
                         _when(r["reported_at"]), bool(r["commended"]), r["commend_reason"])


async def create(conn: aiosqlite.Connection, year_id: int, title: str, purpose: str, starts_on: date, ends_on: date,
                 occasion: str, plan_text: str | None, plan_file: tuple[str, str, str] | None, report_due_at: datetime,
                 units: list[int], at: datetime, by: int | None) -> Movement:
    """The movement, numbered within the year, with a row for every unit taking part."""
    file_id, file_name, channel = plan_file if plan_file else (None, None, None)
    async with query(conn,
        "INSERT INTO movement (year_id, number, title, purpose, starts_on, ends_on, occasion, plan_text,"
        " plan_file_id, plan_file_name, plan_channel, report_due_at, launched_at, launched_by)"
        " VALUES (?, (SELECT coalesce(max(number), 0) + 1 FROM movement WHERE year_id = ?),"
        " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *",
        (year_id, year_id, title, purpose, starts_on.isoformat(), ends_on.isoformat(), occasion, plan_text, file_id,
         file_name, channel, to_db(report_due_at), to_db(at), by),
    ) as cur:
        row = await cur.fetchone()
    assert row is not None
    movement = _movement(row)
    await conn.executemany("INSERT INTO movement_unit (movement_id, unit_id) VALUES (?, ?)",
                           [(movement.id, u) for u in units])
    return movement


async def get(conn: aiosqlite.Connection, movement_id: int) -> Movement | None:
    async with query(conn, "SELECT * FROM movement WHERE id = ?", (movement_id,)) as cur:
        row = await cur.fetchone()
    return _movement(row) if row else None


async def of_year(conn: aiosqlite.Connection, year_id: int, unit_id: int | None = None) -> list[Movement]:
    """The year's movements, newest first; for a unit, those it takes part in."""
    if unit_id is None:
        sql, args = "SELECT * FROM movement WHERE year_id = ? ORDER BY number DESC", (year_id,)
    else:
        sql = ("SELECT m.* FROM movement m JOIN movement_unit u ON u.movement_id = m.id"
               " WHERE m.year_id = ? AND u.unit_id = ? ORDER BY m.number DESC")
        args = (year_id, unit_id)
    async with query(conn, sql, args) as cur:
        return [_movement(r) for r in await cur.fetchall()]


async def running(conn: aiosqlite.Connection, year_id: int) -> Movement | None:
    async with query(conn, "SELECT * FROM movement WHERE year_id = ? AND status = 'running'", (year_id,)) as cur:
        row = await cur.fetchone()
    return _movement(row) if row else None


async def participants(conn: aiosqlite.Connection, movement_id: int) -> dict[int, Participation]:
    async with query(conn, "SELECT * FROM movement_unit WHERE movement_id = ?", (movement_id,)) as cur:
        return {r["unit_id"]: _participation(r) for r in await cur.fetchall()}


async def register(conn: aiosqlite.Connection, movement_id: int, unit_id: int, targets: str, at: datetime,
                   by: int | None) -> None:
    await conn.execute(
        "UPDATE movement_unit SET targets = ?, registered_at = ?, registered_by = ?"
        " WHERE movement_id = ? AND unit_id = ?",
        (targets, to_db(at), by, movement_id, unit_id))


async def set_report_text(conn: aiosqlite.Connection, movement_id: int, unit_id: int, text: str) -> None:
    await conn.execute("UPDATE movement_unit SET report_text = ? WHERE movement_id = ? AND unit_id = ?",
                       (text, movement_id, unit_id))


async def add_file(conn: aiosqlite.Connection, movement_id: int, unit_id: int, file_id: str, file_name: str,
                   mime_type: str | None, channel: str, at: datetime, by: int | None) -> None:
    await conn.execute(
        "INSERT INTO movement_file (movement_id, unit_id, file_id, file_name, mime_type, channel, added_at, added_by)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (movement_id, unit_id, file_id, file_name, mime_type, channel, to_db(at), by))


async def files(conn: aiosqlite.Connection, movement_id: int, unit_id: int | None = None) -> list[ReportFile]:
    sql, args = "SELECT * FROM movement_file WHERE movement_id = ?", (movement_id,)
    if unit_id is not None:
        sql, args = sql + " AND unit_id = ?", (movement_id, unit_id)
    async with query(conn, sql + " ORDER BY id", args) as cur:
        return [ReportFile(r["id"], r["unit_id"], r["file_id"], r["file_name"], r["mime_type"], r["channel"])
                for r in await cur.fetchall()]


async def submit_report(conn: aiosqlite.Connection, movement_id: int, unit_id: int, at: datetime,
                        by: int | None) -> None:
    await conn.execute(
        "UPDATE movement_unit SET reported_at = ?, reported_by = ? WHERE movement_id = ? AND unit_id = ?",
        (to_db(at), by, movement_id, unit_id))


async def commend(conn: aiosqlite.Connection, movement_id: int, unit_id: int, reason: str | None) -> None:
    await conn.execute(
        "UPDATE movement_unit SET commended = ?, commend_reason = ? WHERE movement_id = ? AND unit_id = ?",
        (int(reason is not None), reason, movement_id, unit_id))


async def close(conn: aiosqlite.Connection, movement_id: int, at: datetime, by: int | None) -> None:
    await conn.execute("UPDATE movement SET status = 'closed', closed_at = ?, closed_by = ? WHERE id = ?",
                       (to_db(at), by, movement_id))


async def unreported(conn: aiosqlite.Connection, year_id: int, unit_ids: list[int]) -> set[int]:
    """Of these units, those taking part in the year's running movement that have not submitted their report."""
    if not unit_ids:
        return set()
    marks = ",".join("?" * len(unit_ids))
    async with query(conn,
        "SELECT u.unit_id FROM movement_unit u JOIN movement m ON m.id = u.movement_id"
        f" WHERE m.year_id = ? AND m.status = 'running' AND u.reported_at IS NULL AND u.unit_id IN ({marks})",
        (year_id, *unit_ids)) as cur:
        return {r[0] for r in await cur.fetchall()}


async def clear_extensions(conn: aiosqlite.Connection, year_id: int) -> None:
    """Forgets the per-unit extensions of the year's movement deadline (they were given for another movement)."""
    await conn.execute("DELETE FROM deadline_extension WHERE year_id = ? AND step = 'movement'", (year_id,))
