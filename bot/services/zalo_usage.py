"""The Zalo bot's messages counted per calendar month, and the head warned once at 80% of the monthly quota.

A Bot Platform bot's free plan is reported to allow 3,000 messages a month (docs/zalo.md) and the API shows no
counter, so the bot counts every message part Zalo accepted. Counting never holds up a send: the channel
notes each message (`sent`) and the counts are written in the background, a batch per transaction. When a
month's count reaches WARN_AT of the quota, the heads of every current bloc-year get one warning through the
outbox, decided in the same transaction that wrote the count, so two batches cannot both warn.
"""

from __future__ import annotations

import asyncio
import logging
import math
from zoneinfo import ZoneInfo

import aiosqlite

from bot.domain.clock import Clock
from bot.services.outbox import OutboxService, addressed
from bot.text.catalogue import t
from bot.text.messages import Copy, Reply
from storage import blocs, people
from storage import zalo_usage as repo
from storage.db import Database

log = logging.getLogger(__name__)

WARN_AT = 0.8
ORIGIN = "zalo.quota"


class ZaloUsage:
    def __init__(self, db: Database, clock: Clock, tz: ZoneInfo, outbox: OutboxService, quota: int,
                 language: str = "vi") -> None:
        self.db = db
        self.clock = clock
        self.tz = tz
        self.outbox = outbox
        self.quota = quota
        self.language = language
        self._pending: dict[str, int] = {}  # per bot id, messages noted and not written yet
        self._writer: asyncio.Task[None] | None = None

    def month(self) -> str:
        return self.clock.now().astimezone(self.tz).strftime("%Y-%m")

    def sent(self, bot_id: str, count: int = 1) -> None:
        """`count` messages of this bot were accepted by Zalo; written soon, in the background."""
        self._pending[bot_id] = self._pending.get(bot_id, 0) + count
        if self._writer is None or self._writer.done():
            self._writer = asyncio.get_running_loop().create_task(self._write_all())

    async def flush(self) -> None:
        """Returns once every message noted so far is written (the channel's stop, and tests)."""
        while self._writer is not None and not self._writer.done():
            await asyncio.shield(self._writer)

    async def _write_all(self) -> None:
        while self._pending:
            pending, self._pending = self._pending, {}
            for bot_id, count in pending.items():
                try:
                    await self._add(bot_id, count)
                except Exception as exc:
                    # an undercount is better than a send that waits on, or fails with, its bookkeeping
                    log.error("counting %s zalo messages failed: %s", count, type(exc).__name__, exc_info=exc)

    async def _add(self, bot_id: str, count: int) -> None:
        month = self.month()
        threshold = math.ceil(self.quota * WARN_AT)
        warned = False
        async with self.db.transaction() as conn:
            usage = await repo.add_messages(conn, bot_id, month, count)
            if self.quota > 0 and usage.warned_at is None and usage.messages >= threshold:
                warned = await repo.mark_warned(conn, bot_id, month, self.clock.now())
                if warned:
                    await self.outbox.save(conn, await self._warning(conn, usage.messages, month))
        if warned:
            self.outbox.wake()
            log.warning("the zalo bot has sent %s of its %s messages this month (%s): the heads are warned",
                        usage.messages, self.quota, month)

    async def _warning(self, conn: aiosqlite.Connection, used: int, month: str) -> list[Copy]:
        """The warning's copies, to the representatives of every current bloc-year's head unit."""
        years = await blocs.list_current_years(conn)
        heads = sorted({y.head_unit_id for y in years if y.head_unit_id is not None})
        person_ids = [r.person_id for r in await people.representatives_of(conn, heads)]
        year, number = month.split("-")
        text = t("zalo.quota_warning", self.language, used=used, quota=self.quota, month=f"{number}/{year}",
                 percent=math.floor(100 * used / self.quota))
        return await addressed(conn, person_ids, Reply(text), ORIGIN)
