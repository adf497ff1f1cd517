"""The Zalo OA channel's rows: its tokens (zalo_oa_token) and the people who missed a copy (zalo_oa_contact)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from storage.timefmt import from_db, to_db


@dataclass(frozen=True)
class OATokens:
    access_token: str
    refresh_token: str
    access_expires_at: datetime
    refresh_expires_at: datetime


async def tokens(conn: aiosqlite.Connection, app_id: str) -> OATokens | None:
    async with conn.execute("SELECT access_token, refresh_token, access_expires_at, refresh_expires_at "
                            "FROM zalo_oa_token WHERE id = 1 AND app_id = ?", (app_id,)) as cur:
        row = await cur.fetchone()
    if row is None:
        return None
    access_at, refresh_at = from_db(row[2]), from_db(row[3])
    assert access_at is not None and refresh_at is not None
    return OATokens(row[0], row[1], access_at, refresh_at)


async def put_tokens(conn: aiosqlite.Connection, app_id: str, stored: OATokens, now: datetime) -> None:
    """Both tokens in one statement: the refresh token is single use, so they are never written apart."""
    await conn.execute(
        "INSERT INTO zalo_oa_token (id, app_id, access_token, refresh_token, access_expires_at, "
        "refresh_expires_at, updated_at) VALUES (1, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
        "app_id = excluded.app_id, access_token = excluded.access_token, refresh_token = excluded.refresh_token, "
        "access_expires_at = excluded.access_expires_at, refresh_expires_at = excluded.refresh_expires_at, "
        "updated_at = excluded.updated_at",
        (app_id, stored.access_token, stored.refresh_token, to_db(stored.access_expires_at),
         to_db(stored.refresh_expires_at), to_db(now)))


async def missed_users(conn: aiosqlite.Connection) -> list[str]:
    async with conn.execute("SELECT user_id FROM zalo_oa_contact") as cur:
        return [row[0] for row in await cur.fetchall()]


async def record_missed(conn: aiosqlite.Connection, user_id: str, reason: str, now: datetime) -> None:
    await conn.execute("INSERT INTO zalo_oa_contact (user_id, missed_at, missed_reason) VALUES (?, ?, ?) "
                       "ON CONFLICT (user_id) DO UPDATE SET missed_at = excluded.missed_at, "
                       "missed_reason = excluded.missed_reason", (user_id, to_db(now), reason))


async def take_missed(conn: aiosqlite.Connection, user_id: str) -> bool:
    cur = await conn.execute("DELETE FROM zalo_oa_contact WHERE user_id = ?", (user_id,))
    return cur.rowcount > 0


async def other_channel(conn: aiosqlite.Connection, channel: str, chat_id: str) -> tuple[str | None, str]:
    """The reachable Telegram chat of the person behind this chat, if any, and the channel they chose for
    notices ('both' when they chose none)."""
    async with conn.execute(
            "SELECT tg.chat_id, coalesce(nc.channel, 'both') FROM channel_identity z "
            "LEFT JOIN channel_identity tg ON tg.person_id = z.person_id AND tg.channel = 'telegram' "
            "AND tg.blocked_at IS NULL LEFT JOIN notice_channel nc ON nc.person_id = z.person_id "
            "WHERE z.channel = ? AND z.chat_id = ?", (channel, chat_id)) as cur:
        row = await cur.fetchone()
    return (row[0], row[1]) if row is not None else (None, "both")
