"""Where each chat stands in a multi-step dialog, kept in the database so restarts lose nothing."""

from __future__ import annotations

from functools import partial

from bot.domain.clock import Clock
from storage import dialogs
from storage.db import Database
from storage.rows import DialogState


class DialogService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    async def get(self, channel: str, chat_id: str) -> DialogState | None:
        return await self.db.read(partial(dialogs.read_state, channel=channel, chat_id=chat_id))

    async def put(self, channel: str, chat_id: str, state: str, data: dict) -> None:
        now = self.clock.now()
        await self.db.write(lambda conn: dialogs.put(conn, channel, chat_id, state, data, now))

    async def clear(self, channel: str, chat_id: str) -> None:
        await self.db.write(lambda conn: dialogs.clear(conn, channel, chat_id))
