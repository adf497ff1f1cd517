"""What the Zalo OA channel keeps in the database: its tokens, and whom to ask to keep in touch.

The channel (bot/channels/zalo_oa.py) never opens the database itself; it asks this store.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.domain.clock import Clock
from storage import zalo_oa as repo
from storage.db import Database
from storage.zalo_oa import OATokens

REFRESH_LIFETIME = timedelta(days=90)

__all__ = ["OATokens", "ZaloOAStore"]


class ZaloOAStore:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    async def tokens(self, app_id: str) -> OATokens | None:
        async with self.db.reading() as conn:
            return await repo.tokens(conn, app_id)

    async def save_tokens(self, app_id: str, access_token: str, refresh_token: str, expires_in: int,
                          now: datetime | None = None) -> OATokens:
        """Both tokens Zalo just issued, in one transaction."""
        now = now or self.clock.now()
        stored = OATokens(access_token, refresh_token, now + timedelta(seconds=expires_in), now + REFRESH_LIFETIME)
        async with self.db.transaction() as conn:
            await repo.put_tokens(conn, app_id, stored, now)
        return stored

    async def missed_users(self) -> set[str]:
        async with self.db.reading() as conn:
            return set(await repo.missed_users(conn))

    async def record_missed(self, user_id: str, reason: str) -> None:
        async with self.db.transaction() as conn:
            await repo.record_missed(conn, user_id, reason, self.clock.now())

    async def take_missed(self, user_id: str) -> bool:
        async with self.db.transaction() as conn:
            return await repo.take_missed(conn, user_id)

    async def other_channel(self, channel: str, chat_id: str) -> tuple[str | None, str]:
        async with self.db.reading() as conn:
            return await repo.other_channel(conn, channel, chat_id)
