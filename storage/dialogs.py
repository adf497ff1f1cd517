"""Repository of dialog state per chat, so a conversation resumes after a restart."""

from __future__ import annotations

import json
from datetime import datetime

import aiosqlite

from storage.rows import DialogState
from storage.timefmt import to_db


async def get(conn: aiosqlite.Connection, channel: str, chat_id: str) -> DialogState | None:
    async with conn.execute(
        "SELECT state, data FROM dialog_state WHERE channel = ? AND chat_id = ?", (channel, chat_id)
    ) as cur:
        row = await cur.fetchone()
    return DialogState(row["state"], json.loads(row["data"])) if row else None


async def put(conn: aiosqlite.Connection, channel: str, chat_id: str, state: str, data: dict,
              at: datetime) -> None:
    await conn.execute(
        "INSERT INTO dialog_state (channel, chat_id, state, data, updated_at) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (channel, chat_id) DO UPDATE SET state = excluded.state, data = excluded.data,"
        " updated_at = excluded.updated_at",
        (channel, chat_id, state, json.dumps(data, ensure_ascii=False), to_db(at)),
    )


async def clear(conn: aiosqlite.Connection, channel: str, chat_id: str) -> None:
    await conn.execute("DELETE FROM dialog_state WHERE channel = ? AND chat_id = ?", (channel, chat_id))
