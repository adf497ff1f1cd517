"""Repository of dialog state per chat, so a conversation resumes after a restart."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime

import aiosqlite

from storage.query import on_thread, one
from storage.rows import DialogState
from storage.timefmt import to_db


async def get(conn: aiosqlite.Connection, channel: str, chat_id: str) -> DialogState | None:
    return await on_thread(conn, read_state, channel, chat_id)


def read_state(conn: sqlite3.Connection, channel: str, chat_id: str) -> DialogState | None:
    row = one(conn, "SELECT state, data FROM dialog_state WHERE channel = ? AND chat_id = ?", (channel, chat_id))
    return DialogState(row["state"], json.loads(row["data"])) if row else None


def put(conn: sqlite3.Connection, channel: str, chat_id: str, state: str, data: dict, at: datetime) -> None:
    """Synchronous: runs inside `Database.write` (a dialog step's state is the most frequent write)."""
    conn.execute(
        "INSERT INTO dialog_state (channel, chat_id, state, data, updated_at) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (channel, chat_id) DO UPDATE SET state = excluded.state, data = excluded.data,"
        " updated_at = excluded.updated_at",
        (channel, chat_id, state, json.dumps(data, ensure_ascii=False), to_db(at)),
    )


def clear(conn: sqlite3.Connection, channel: str, chat_id: str) -> None:
    conn.execute("DELETE FROM dialog_state WHERE channel = ? AND chat_id = ?", (channel, chat_id))
