"""One limiter for everything a channel sends, so broadcasts stay inside Telegram's caps.

Telegram allows about 30 messages a second per bot, 1 a second per private chat and 20 a minute per
group; past them it answers 429 with retry_after. Waiting for a free slot before each send costs less
than being told to back off (a 429 stops every send for at least a second), and after a 429 every send
pauses for the time Telegram asked.

A send holds its slot from the moment it is let go until one window after its answer came back, not
one window after it was let go. Telegram counts a send at some moment between our request and its
answer, which we cannot see; counting from the answer is the only bound that holds whatever the network
does (with counting from the request, a slow first request and a fast 31st put 31 sends into one of
Telegram's seconds). It costs the round trip: 30 sends per (1 s + latency), 0.99 of the cap at 10 ms.

Waits for one chat (its one-a-second pace, a group's twenty a minute) happen before a send queues for
the bot-wide slots, under that chat's own lock: they keep that chat's messages in order without holding
up sends to other chats. Urgent sends to a chat have a lock of their own, and a send that is not urgent
lets them go first: the answer to someone who just wrote never waits behind the notifications queued
for the same chat (at most behind the one already let go, and that chat's pace). The bot-wide queue is
first come, first served, except that an urgent send goes ahead of every send that is not (notices,
reminders): while a broadcast of 3,000 copies fills every slot for 100 s, a representative typing a
score is answered at the next free slot instead of behind the copies already queued.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

# a chat's record is kept while it may still hold up a send; past this many, idle ones are dropped
_CHATS_KEPT = 10_000
# the least wait: "a window after" is tested as Telegram's double does, `stamp <= now - window`, and the
# float sum `stamp + window - now` can come out a hair short of that (or 0), which must not spin
_TICK = 1e-6


def _wait_past(stamp: float, window: float, now: float) -> float:
    """Seconds until `stamp` is a full window old (0 once it is)."""
    return 0.0 if stamp <= now - window else max(stamp + window - now, _TICK)


@dataclass
class _Chat:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    users: int = 0  # callers holding or waiting for `lock`
    paced_in_flight: int = 0  # sends let go and not answered yet
    last_answer: float | None = None  # when the latest paced send to this chat was answered
    group_in_flight: int = 0
    group_answers: deque[float] = field(default_factory=deque)  # answers of group sends, oldest first
    urgent_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    urgent_waiting: int = 0  # urgent sends to this chat not let go yet: the others wait for them
    no_urgent: asyncio.Event = field(default_factory=asyncio.Event)

    def __post_init__(self) -> None:
        self.no_urgent.set()


@dataclass
class Ticket:
    """One send let go by the limiter; hand it back with `release` when the send's answer came."""

    chat_id: str
    paced: bool
    group: bool
    released: bool = False


class SendLimiter:
    def __init__(self, per_second: int = 30, chat_interval: float = 1.0, group_per_minute: int = 20,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[object]] = asyncio.sleep) -> None:
        self.per_second = per_second
        self.chat_interval = chat_interval
        self.group_per_minute = group_per_minute
        self._clock = clock
        self._sleep = sleep
        self._in_flight = 0
        self._answers: deque[float] = deque()  # answers of bot-wide sends within the last second, oldest first
        self._chats: dict[str, _Chat] = {}
        self._paused_until = 0.0
        self._queue = asyncio.Lock()  # the bot-wide turn: asyncio locks wake waiters first-in first-out
        self._urgent_queue = asyncio.Lock()  # the same for urgent sends, which go ahead of the others
        self._urgent_waiting = 0  # urgent sends waiting for the bot-wide turn
        self._no_urgent = asyncio.Event()  # set while none is
        self._no_urgent.set()
        self._answered = asyncio.Event()  # set (and replaced) whenever a send is answered
        self._sweep_above = _CHATS_KEPT

    def pause(self, seconds: float) -> None:
        """Telegram said 429: nothing goes out until `seconds` have passed."""
        self._paused_until = max(self._paused_until, self._clock() + seconds)

    async def wait_idle(self) -> None:
        """Returns once every send let go has been released (answered or failed)."""
        while self._in_flight:
            await self._answered.wait()

    async def acquire(self, chat_id: str, *, pace_chat: bool = True, group: bool = False,
                      urgent: bool = False) -> Ticket:
        """Waits for a slot to send to `chat_id` (one a second per chat unless `pace_chat` is False; edits
        are not paced, Telegram's per-chat cap is about new messages); an `urgent` send takes the next free
        slot before any send that is not. The caller must `release` the ticket once the send is answered or
        failed; until then it counts against every cap it is under."""
        chat = self._chats.get(chat_id)
        if chat is None:
            chat = self._chats[chat_id] = _Chat()
        chat.users += 1
        if urgent:
            chat.urgent_waiting += 1
            chat.no_urgent.clear()
        try:
            if urgent:
                async with chat.urgent_lock:
                    await self._wait_until(lambda: self._chat_wait(chat, pace_chat, group))
                    self._urgent_waiting += 1
                    self._no_urgent.clear()
                    try:
                        async with self._urgent_queue:
                            await self._wait_until(self._bot_wait)
                            self._take(chat, pace_chat, group)
                    finally:
                        self._urgent_waiting -= 1
                        if not self._urgent_waiting:
                            self._no_urgent.set()
            else:
                async with chat.lock:
                    while True:
                        await self._wait_until(lambda: self._chat_wait(chat, pace_chat, group))
                        if not chat.urgent_waiting:
                            break
                        await chat.no_urgent.wait()  # this chat's answer goes first; then look again
                    async with self._queue:
                        while True:
                            await self._wait_until(self._bot_wait)
                            if not self._urgent_waiting:
                                break
                            await self._no_urgent.wait()  # the free slot is theirs; then look again
                        self._take(chat, pace_chat, group)
        finally:
            chat.users -= 1
            if urgent:
                chat.urgent_waiting -= 1
                if not chat.urgent_waiting:
                    chat.no_urgent.set()
        if len(self._chats) > self._sweep_above:
            self._forget_idle_chats()
            # chats still busy stay; sweeping again only once as many more came keeps the cost linear
            self._sweep_above = max(_CHATS_KEPT, 2 * len(self._chats))
        return Ticket(chat_id, pace_chat, group)

    def _take(self, chat: _Chat, pace_chat: bool, group: bool) -> None:
        # called right after the checks that allowed it, with nothing awaited in between, so they still hold
        self._in_flight += 1
        if pace_chat:
            chat.paced_in_flight += 1
        if group:
            chat.group_in_flight += 1

    def release(self, ticket: Ticket) -> None:
        """The send `ticket` let go was answered (or failed): its slots free up one window from now."""
        if ticket.released:
            return
        ticket.released = True
        now = self._clock()
        self._in_flight -= 1
        self._answers.append(now)
        chat = self._chats.get(ticket.chat_id)
        if chat is not None:  # always, while the ticket is out: only idle chats are forgotten
            if ticket.paced:
                chat.paced_in_flight -= 1
                chat.last_answer = now
            if ticket.group:
                chat.group_in_flight -= 1
                chat.group_answers.append(now)
        answered, self._answered = self._answered, asyncio.Event()
        answered.set()

    async def _wait_until(self, wait_for: Callable[[], float | None]) -> None:
        """Waits until `wait_for()` is 0: it gives seconds to sleep, or None when only an answer to a
        send still in flight can free the slot."""
        while (wait := wait_for()) != 0:
            if wait is None:
                await self._answered.wait()
            else:
                await self._sleep(wait)

    def _chat_wait(self, chat: _Chat, pace_chat: bool, group: bool) -> float | None:
        now = self._clock()
        wait = 0.0
        if pace_chat:
            if chat.paced_in_flight:
                return None
            if chat.last_answer is not None:
                wait = max(wait, _wait_past(chat.last_answer, self.chat_interval, now))
        if group:
            window = chat.group_answers
            while window and window[0] <= now - 60.0:
                window.popleft()
            over = chat.group_in_flight + len(window) - self.group_per_minute
            if over >= 0:
                if over >= len(window):
                    return None
                wait = max(wait, _wait_past(window[over], 60.0, now))
        return wait

    def _bot_wait(self) -> float | None:
        now = self._clock()
        while self._answers and self._answers[0] <= now - 1.0:
            self._answers.popleft()
        paused = self._paused_until - now
        if paused > 0:
            return paused
        # answers come in clock order, so the oldest one frees the next slot; with none old enough
        # to expire, every slot is held by a send still in flight
        over = self._in_flight + len(self._answers) - self.per_second
        if over < 0:
            return 0.0
        if over >= len(self._answers):
            return None
        return _wait_past(self._answers[over], 1.0, now)

    def _forget_idle_chats(self) -> None:
        now = self._clock()
        for chat_id, chat in list(self._chats.items()):
            while chat.group_answers and chat.group_answers[0] <= now - 60.0:
                chat.group_answers.popleft()
            if (not chat.users and not chat.paced_in_flight and not chat.group_in_flight and not chat.group_answers
                    and (chat.last_answer is None or chat.last_answer <= now - self.chat_interval)):
                del self._chats[chat_id]
