"""Repository of the audit trail: who changed what, when."""

from __future__ import annotations

import json
from datetime import datetime

import aiosqlite

from storage.query import query
from storage.timefmt import to_db


async def record(conn: aiosqlite.Connection, at: datetime, person_id: int | None, bloc_id: int | None,
                 action: str, **detail: object) -> None:
    await conn.execute(
        "INSERT INTO audit_event (at, person_id, bloc_id, action, detail) VALUES (?, ?, ?, ?, ?)",
        (to_db(at), person_id, bloc_id, action, json.dumps(detail, ensure_ascii=False, default=str)),
    )


async def actions(conn: aiosqlite.Connection, bloc_id: int) -> list[tuple[str, dict]]:
    async with query(conn,
        "SELECT action, detail FROM audit_event WHERE bloc_id = ? ORDER BY id", (bloc_id,)
    ) as cur:
        return [(r[0], json.loads(r[1])) for r in await cur.fetchall()]
