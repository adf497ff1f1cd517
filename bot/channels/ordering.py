"""Different chats concurrently, one chat strictly in order.

python-telegram-bot starts one task per update in arrival order when concurrent updates are on.
Each task here waits on its chat's lock; asyncio locks wake waiters first-in first-out, so a
representative's answers are applied in the order they were sent while other chats proceed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from bot.channels.chat_locks import ChatLocks


def chat_key(update: object) -> object:
    if isinstance(update, Update):
        if update.effective_chat is not None:
            return update.effective_chat.id
        if update.effective_user is not None:
            return ("user", update.effective_user.id)
    return None


class PerChatUpdateProcessor(BaseUpdateProcessor):
    def __init__(self, max_concurrent_updates: int = 1024) -> None:
        super().__init__(max_concurrent_updates)
        self._chats = ChatLocks()
        self._idle = asyncio.Event()
        self._idle.set()
        self._active = 0

    @property
    def active(self) -> int:
        return self._active

    async def wait_idle(self) -> None:
        """Returns once no update is being processed (used by the end-to-end harness)."""
        await self._idle.wait()

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        self._active += 1
        self._idle.clear()
        try:
            async with self._chats.hold(chat_key(update)):
                await coroutine
        finally:
            self._active -= 1
            if self._active == 0:
                self._idle.set()

    async def initialize(self) -> None:
        """Nothing to allocate."""

    async def shutdown(self) -> None:
        """Nothing to free."""
