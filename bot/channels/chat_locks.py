"""Different chats concurrently, one chat strictly in order: the lock both channels queue on."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class ChatLocks:
    """One FIFO lock per chat, forgotten once nobody holds or waits for it (so memory stays bounded).

    Callers must enter `hold` in arrival order (tasks started in that order do); asyncio locks then wake
    waiters first-in first-out, which keeps one chat's messages in the order they were sent."""

    def __init__(self) -> None:
        self._locks: dict[object, tuple[asyncio.Lock, int]] = {}

    @asynccontextmanager
    async def hold(self, key: object) -> AsyncIterator[None]:
        lock, users = self._locks.get(key, (None, 0))
        if lock is None:
            lock = asyncio.Lock()
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._locks[key]
            if users == 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, users - 1)
