"""One limiter for everything a channel sends, so broadcasts stay inside Telegram's caps.

Telegram allows about 30 messages a second per bot, 1 a second per private chat and 20 a minute per
group; past them it answers 429 with retry_after. Waiting for a free slot before each send costs less
than being told to back off, and after a 429 every send pauses for the time Telegram asked.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable


class SendLimiter:
    def __init__(self, per_second: int = 30, chat_interval: float = 1.0, group_per_minute: int = 20,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[object]] = asyncio.sleep) -> None:
        self.per_second = per_second
        self.chat_interval = chat_interval
        self.group_per_minute = group_per_minute
        self._clock = clock
        self._sleep = sleep
        self._recent: deque[float] = deque()
        self._last_in_chat: dict[str, float] = {}
        self._group_recent: dict[str, deque[float]] = {}
        self._paused_until = 0.0
        self._lock = asyncio.Lock()

    def pause(self, seconds: float) -> None:
        """Telegram said 429: nothing goes out until `seconds` have passed."""
        self._paused_until = max(self._paused_until, self._clock() + seconds)

    def _wait_for(self, chat_id: str, pace_chat: bool, group: bool) -> float:
        now = self._clock()
        while self._recent and now - self._recent[0] >= 1.0:
            self._recent.popleft()
        wait = max(0.0, self._paused_until - now)
        if len(self._recent) >= self.per_second:
            wait = max(wait, self._recent[0] + 1.0 - now)
        if pace_chat and chat_id in self._last_in_chat:
            wait = max(wait, self._last_in_chat[chat_id] + self.chat_interval - now)
        if group:
            window = self._group_recent.setdefault(chat_id, deque())
            while window and now - window[0] >= 60.0:
                window.popleft()
            if len(window) >= self.group_per_minute:
                wait = max(wait, window[0] + 60.0 - now)
        return wait

    async def acquire(self, chat_id: str, *, pace_chat: bool = True, group: bool = False) -> None:
        """Waits for a slot to send to `chat_id` (one a second per chat unless `pace_chat` is False)."""
        async with self._lock:
            while (wait := self._wait_for(chat_id, pace_chat, group)) > 0:
                await self._sleep(wait)
            now = self._clock()
            self._recent.append(now)
            self._last_in_chat[chat_id] = now
            if group:
                self._group_recent.setdefault(chat_id, deque()).append(now)
            if len(self._last_in_chat) > 100_000:
                # forget chats not written to for a while so memory stays bounded
                cutoff = now - self.chat_interval
                self._last_in_chat = {c: t for c, t in self._last_in_chat.items() if t >= cutoff}
