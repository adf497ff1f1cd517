"""Repository of the year's deadlines (one per step), which reminders, sheets and votes follow."""

from __future__ import annotations

import sqlite3
from datetime import datetime

import aiosqlite

from storage.query import on_thread, one
from storage.rows import Deadline
from storage.timefmt import instant_from_db, to_db


async def deadline(conn: aiosqlite.Connection, year_id: int, step: str) -> Deadline | None:
    return await on_thread(conn, read_deadline, year_id, step)


def read_deadline(conn: sqlite3.Connection, year_id: int, step: str) -> Deadline | None:
    row = one(conn, "SELECT * FROM deadline WHERE year_id = ? AND step = ?", (year_id, step))
    return Deadline(row["year_id"], row["step"], instant_from_db(row["due_at"]), row["revision"]) if row else None


async def set_deadline(conn: aiosqlite.Connection, year_id: int, step: str, due_at: datetime, at: datetime,
                       by: int | None, reason: str | None) -> None:
    await conn.execute(
        "INSERT INTO deadline (year_id, step, due_at, set_at, set_by, reason) VALUES (?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (year_id, step) DO UPDATE SET due_at = excluded.due_at, revision = deadline.revision + 1,"
        " set_at = excluded.set_at, set_by = excluded.set_by, reason = excluded.reason",
        (year_id, step, to_db(due_at), to_db(at), by, reason),
    )
