"""Repository of invite codes and the attempts to use them."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

import aiosqlite

from storage.query import query
from storage.rows import Invite
from storage.timefmt import from_db, instant_from_db, to_db


def _invite(row: aiosqlite.Row) -> Invite:
    return Invite(row["id"], row["unit_id"], row["code"], row["max_uses"], row["uses"],
                  instant_from_db(row["expires_at"]), from_db(row["revoked_at"]), instant_from_db(row["created_at"]))


async def by_code(conn: aiosqlite.Connection, code: str) -> Invite | None:
    async with query(conn, "SELECT * FROM invite WHERE code = ?", (code,)) as cur:
        row = await cur.fetchone()
    return _invite(row) if row else None


async def live_for_unit(conn: aiosqlite.Connection, unit_id: int) -> Invite | None:
    async with query(conn, "SELECT * FROM invite WHERE unit_id = ? AND revoked_at IS NULL", (unit_id,)) as cur:
        row = await cur.fetchone()
    return _invite(row) if row else None


async def live_for_units(conn: aiosqlite.Connection, unit_ids: list[int]) -> dict[int, Invite]:
    if not unit_ids:
        return {}
    marks = ",".join("?" * len(unit_ids))
    async with query(conn,
        f"SELECT * FROM invite WHERE unit_id IN ({marks}) AND revoked_at IS NULL", unit_ids
    ) as cur:
        return {r["unit_id"]: _invite(r) for r in await cur.fetchall()}


async def revoke_live(conn: aiosqlite.Connection, unit_id: int, at: datetime) -> bool:
    cur = await conn.execute(
        "UPDATE invite SET revoked_at = ? WHERE unit_id = ? AND revoked_at IS NULL", (to_db(at), unit_id)
    )
    return cur.rowcount > 0


async def create(conn: aiosqlite.Connection, unit_id: int, code: str, max_uses: int, expires_at: datetime,
                 at: datetime, created_by: int | None) -> Invite:
    async with query(conn,
        "INSERT INTO invite (unit_id, code, max_uses, expires_at, created_at, created_by)"
        " VALUES (?, ?, ?, ?, ?, ?) RETURNING *",
        (unit_id, code, max_uses, to_db(expires_at), to_db(at), created_by),
    ) as cur:
        row = await cur.fetchone()
    assert row is not None
    return _invite(row)


async def count_use(conn: aiosqlite.Connection, invite_id: int) -> bool:
    """Takes one use of the code; False when it was used up meanwhile."""
    cur = await conn.execute(
        "UPDATE invite SET uses = uses + 1 WHERE id = ? AND uses < max_uses AND revoked_at IS NULL",
        (invite_id,),
    )
    return cur.rowcount == 1


# Attempts may come from strangers, about whom nothing is to be kept: an account is known here only by a keyed
# hash of its id, under a key that never leaves this process (a restart starts the throttle afresh, which the
# throttle's 15 minutes allow), and attempts are kept no longer than the throttle could need them.
_ATTEMPT_KEY = secrets.token_bytes(32)
ATTEMPT_RETENTION = timedelta(days=1)


def account_hash(channel: str, external_id: str) -> str:
    return hmac.new(_ATTEMPT_KEY, f"{channel}:{external_id}".encode(), hashlib.sha256).hexdigest()


async def record_attempt(conn: aiosqlite.Connection, channel: str, external_id: str, at: datetime,
                         succeeded: bool) -> None:
    await conn.execute("DELETE FROM invite_attempt WHERE attempted_at < ?", (to_db(at - ATTEMPT_RETENTION),))
    await conn.execute(
        "INSERT INTO invite_attempt (channel, account_hash, attempted_at, succeeded) VALUES (?, ?, ?, ?)",
        (channel, account_hash(channel, external_id), to_db(at), int(succeeded)),
    )


async def failures_since(conn: aiosqlite.Connection, channel: str, external_id: str,
                         since: datetime) -> list[datetime]:
    """Times of failed attempts since a moment, oldest first."""
    async with query(conn,
        "SELECT attempted_at FROM invite_attempt WHERE channel = ? AND account_hash = ? AND succeeded = 0"
        " AND attempted_at >= ? ORDER BY attempted_at",
        (channel, account_hash(channel, external_id), to_db(since)),
    ) as cur:
        rows = await cur.fetchall()
    return [t for t in (from_db(r[0]) for r in rows) if t is not None]
