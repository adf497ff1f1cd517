"""Repository of the head's numbered notices, their recipients and acknowledgements."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from storage.query import query
from storage.timefmt import from_db, instant_from_db, to_db


@dataclass(frozen=True)
class Notice:
    id: int
    year_id: int
    number: int
    text: str
    file_id: str | None
    file_name: str | None
    channel: str | None
    ask_ack: bool
    sent_at: datetime


def _notice(r: aiosqlite.Row) -> Notice:
    return Notice(r["id"], r["year_id"], r["number"], r["text"], r["file_id"], r["file_name"], r["channel"],
                  bool(r["ask_ack"]), instant_from_db(r["sent_at"]))


async def create(conn: aiosqlite.Connection, year_id: int, text: str, file_id: str | None, file_name: str | None,
                 channel: str | None, ask_ack: bool, units: list[int], at: datetime, by: int | None) -> Notice:
    async with query(conn,
        "INSERT INTO notice (year_id, number, text, file_id, file_name, channel, ask_ack, sent_at, sent_by)"
        " VALUES (?, (SELECT coalesce(max(number), 0) + 1 FROM notice WHERE year_id = ?), ?, ?, ?, ?, ?, ?, ?)"
        " RETURNING *",
        (year_id, year_id, text, file_id, file_name, channel, int(ask_ack), to_db(at), by),
    ) as cur:
        row = await cur.fetchone()
    assert row is not None
    notice = _notice(row)
    await conn.executemany("INSERT INTO notice_recipient (notice_id, unit_id) VALUES (?, ?)",
                           [(notice.id, u) for u in units])
    return notice


async def get(conn: aiosqlite.Connection, notice_id: int) -> Notice | None:
    async with query(conn, "SELECT * FROM notice WHERE id = ?", (notice_id,)) as cur:
        row = await cur.fetchone()
    return _notice(row) if row else None


async def of_year(conn: aiosqlite.Connection, year_id: int, unit_id: int | None = None) -> list[Notice]:
    """The year's notices, newest first; for a unit, only those addressed to it."""
    if unit_id is None:
        sql, args = "SELECT * FROM notice WHERE year_id = ? ORDER BY number DESC", (year_id,)
    else:
        sql = ("SELECT n.* FROM notice n JOIN notice_recipient r ON r.notice_id = n.id"
               " WHERE n.year_id = ? AND r.unit_id = ? ORDER BY n.number DESC")
        args = (year_id, unit_id)
    async with query(conn, sql, args) as cur:
        return [_notice(r) for r in await cur.fetchall()]


async def recipients(conn: aiosqlite.Connection, notice_id: int) -> list[int]:
    async with query(conn, "SELECT unit_id FROM notice_recipient WHERE notice_id = ?", (notice_id,)) as cur:
        return [r[0] for r in await cur.fetchall()]


async def acknowledge(conn: aiosqlite.Connection, notice_id: int, unit_id: int, person_id: int,
                      at: datetime) -> bool:
    cur = await conn.execute(
        "INSERT INTO notice_ack (notice_id, unit_id, person_id, at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
        (notice_id, unit_id, person_id, to_db(at)),
    )
    return cur.rowcount == 1


async def acks(conn: aiosqlite.Connection, notice_id: int) -> dict[int, datetime]:
    async with query(conn, "SELECT unit_id, at FROM notice_ack WHERE notice_id = ?", (notice_id,)) as cur:
        return {r[0]: from_db(r[1]) for r in await cur.fetchall()}  # type: ignore[misc]
