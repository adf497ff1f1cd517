"""Repository of the Zalo Bot Platform's monthly message count (table zalo_usage, migration 0014)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from storage.query import query
from storage.timefmt import from_db, to_db


@dataclass(frozen=True)
class MonthUsage:
    messages: int
    warned_at: datetime | None


async def add_messages(conn: aiosqlite.Connection, bot_id: str, month: str, count: int) -> MonthUsage:
    """Adds `count` messages to the bot's month and returns the month as it now stands."""
    async with query(conn,
        "INSERT INTO zalo_usage (bot_id, month, messages) VALUES (?, ?, ?)"
        " ON CONFLICT (bot_id, month) DO UPDATE SET messages = messages + excluded.messages"
        " RETURNING messages, warned_at",
        (bot_id, month, count),
    ) as cur:
        row = await cur.fetchone()
    assert row is not None
    return MonthUsage(int(row[0]), from_db(row[1]) if row[1] else None)


async def mark_warned(conn: aiosqlite.Connection, bot_id: str, month: str, at: datetime) -> bool:
    """Records that the head was warned this month; False when someone already was (the warning goes once)."""
    async with query(conn,
        "UPDATE zalo_usage SET warned_at = ? WHERE bot_id = ? AND month = ? AND warned_at IS NULL RETURNING 1",
        (to_db(at), bot_id, month),
    ) as cur:
        return await cur.fetchone() is not None


async def month_usage(conn: aiosqlite.Connection, bot_id: str, month: str) -> MonthUsage | None:
    async with query(conn, "SELECT messages, warned_at FROM zalo_usage WHERE bot_id = ? AND month = ?",
                     (bot_id, month)) as cur:
        row = await cur.fetchone()
    return MonthUsage(int(row[0]), from_db(row[1]) if row[1] else None) if row else None
