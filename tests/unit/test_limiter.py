"""The send limiter keeps to Telegram's caps, measured on a virtual clock (no real sleeping)."""

from __future__ import annotations

import asyncio
import heapq
import itertools
from collections.abc import AsyncIterator, Awaitable
from contextlib import asynccontextmanager

import pytest

from bot.channels.limiter import SendLimiter


class VirtualTime:
    """A clock that moves only when every task is waiting: then it jumps to the earliest sleeper's wake-up.
    Concurrent sleepers share it the way they would share real time."""

    def __init__(self) -> None:
        self.now = 0.0
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (self.now + max(0.0, seconds), next(self._order), fut))
        await fut

    async def run(self, *coros: Awaitable[object]) -> list[object]:
        tasks = [asyncio.ensure_future(c) for c in coros]
        while not all(t.done() for t in tasks):
            for _ in range(100):  # let every task that can run get as far as it can
                await asyncio.sleep(0)
            if all(t.done() for t in tasks):
                break
            assert self._sleepers, "deadlock: every task waits and no one sleeps"
            wake_at, _, fut = heapq.heappop(self._sleepers)
            self.now = max(self.now, wake_at)
            fut.set_result(None)
        return [t.result() for t in tasks]


def limiter_on(time: VirtualTime, **kw: float) -> SendLimiter:
    return SendLimiter(clock=time.clock, sleep=time.sleep, **kw)


@asynccontextmanager
async def slot(limiter: SendLimiter, chat: str, **kw: bool) -> AsyncIterator[None]:
    """A send's slot, held while the body sends, as TelegramChannel._call holds it."""
    ticket = await limiter.acquire(chat, **kw)
    try:
        yield
    finally:
        limiter.release(ticket)


async def send(time: VirtualTime, limiter: SendLimiter, chat: str, log: list[tuple[str, float, float]],
               latency: float = 0.0, **kw: bool) -> None:
    """One send through the limiter: let go at `start`, answered `latency` later."""
    async with slot(limiter, chat, **kw):
        start = time.now
        if latency:
            await time.sleep(latency)
        log.append((chat, start, time.now))


def most_in_any_second(moments: list[float]) -> int:
    moments = sorted(moments)
    # Telegram's window (t - 1, t]: a send exactly one second after another is in the next window
    return max(sum(1 for m in moments if start - 1.0 < m <= start) for start in moments)


async def test_at_most_thirty_sends_in_any_second_and_not_slower_than_needed():
    time = VirtualTime()
    limiter = limiter_on(time)
    log: list[tuple[str, float, float]] = []
    await time.run(*(send(time, limiter, f"chat{i}", log) for i in range(95)))
    assert most_in_any_second([start for _, start, _ in log]) == 30
    assert max(start for _, start, _ in log) == 3.0  # 30 at 0 s, 1 s, 2 s, then the last 5 at 3 s


async def test_a_slot_is_held_until_one_second_after_the_answer_whatever_the_latency():
    time = VirtualTime()
    limiter = limiter_on(time)
    log: list[tuple[str, float, float]] = []
    # slow answers for the first sends, fast ones after: counting from the request would let a
    # 31st send reach Telegram within a second of the first one's arrival
    latencies = [0.4] * 30 + [0.01] * 60
    await time.run(*(send(time, limiter, f"chat{i}", log, latency) for i, latency in enumerate(latencies)))
    # Telegram counted each send at some moment between request and answer; whichever moments they
    # were, no second holds more than 30: here the worst case, early sends counted late, late ones early
    assert most_in_any_second([answer for _, _, answer in log[:30]] + [start for _, start, _ in log[30:]]) <= 30
    firsts_answered = max(answer for _, _, answer in log[:30])
    assert min(start for _, start, _ in log[30:]) == pytest.approx(firsts_answered + 1.0)
    # and the rate lost is the round trip: 30 per (1 s + latency)
    assert max(start for _, start, _ in log[60:]) <= 2 * 1.01 + 0.4 + 1e-9


async def test_sends_still_in_flight_hold_their_slots():
    time = VirtualTime()
    limiter = limiter_on(time)
    tickets = [await limiter.acquire(f"chat{i}") for i in range(30)]
    time.now = 5.0
    waiting = asyncio.ensure_future(limiter.acquire("late"))
    for _ in range(20):
        await asyncio.sleep(0)
    assert not waiting.done()  # five seconds on, but none of the thirty has been answered
    limiter.release(tickets[0])
    limiter.release(tickets[0])  # a second release of one ticket changes nothing
    log: list[tuple[str, float, float]] = []
    [ticket] = await time.run(waiting)
    assert time.now == 6.0
    limiter.release(ticket)
    await time.run(send(time, limiter, "other", log))
    assert log == [("other", 7.0, 7.0)]  # 29 still in flight + the late one answered at 6.0


async def test_one_per_second_per_private_chat_from_the_answer_edits_unpaced():
    time = VirtualTime()
    limiter = limiter_on(time)
    log: list[tuple[str, float, float]] = []
    await time.run(send(time, limiter, "a", log, latency=0.2))
    await time.run(send(time, limiter, "a", log))
    assert log[-1][1] == pytest.approx(1.2)
    await time.run(send(time, limiter, "a", log, pace_chat=False))
    assert log[-1][1] == log[-2][1]


async def test_a_chat_waiting_for_its_pace_does_not_hold_up_other_chats():
    time = VirtualTime()
    limiter = limiter_on(time)
    log: list[tuple[str, float, float]] = []
    # three messages to "a" (two must wait their turn), then one each to "b" and "c" queued behind them
    await time.run(send(time, limiter, "a", log, latency=0.05), send(time, limiter, "a", log, latency=0.05),
                   send(time, limiter, "a", log, latency=0.05), send(time, limiter, "b", log, latency=0.05),
                   send(time, limiter, "c", log))
    starts = {chat: [start for c, start, _ in log if c == chat] for chat in "abc"}
    assert starts["b"] == [0.0] and starts["c"] == [0.0]
    # "a" in order, each one second after the previous answer
    assert starts["a"] == pytest.approx([0.0, 1.05, 2.1])


async def test_one_chats_messages_keep_their_order():
    time = VirtualTime()
    limiter = limiter_on(time, chat_interval=0)
    order: list[int] = []

    async def numbered(n: int, latency: float) -> None:
        async with slot(limiter, "a"):
            await time.sleep(latency)
            order.append(n)

    # a slow first message: the quick ones after it still wait for its answer
    await time.run(*(numbered(n, 0.3 if n == 0 else 0.01) for n in range(10)))
    assert order == list(range(10))


async def test_twenty_a_minute_per_group_and_a_pause_after_429():
    time = VirtualTime()
    limiter = limiter_on(time, chat_interval=0)
    log: list[tuple[str, float, float]] = []
    await time.run(*(send(time, limiter, "-100", log, group=True) for _ in range(21)))
    assert [start for _, start, _ in log] == [0.0] * 20 + [60.0]
    limiter.pause(7)
    await time.run(send(time, limiter, "b", log))
    assert log[-1] == ("b", 67.0, 67.0)


async def test_idle_chats_are_forgotten():
    time = VirtualTime()
    limiter = limiter_on(time, per_second=1_000_000)
    log: list[tuple[str, float, float]] = []
    for batch in range(3):
        await time.run(*(send(time, limiter, f"chat{batch}-{i}", log) for i in range(8_000)))
        time.now += 2.0
    assert len(log) == 24_000
    assert len(limiter._chats) <= 16_000


async def test_an_urgent_send_takes_the_next_free_slot_ahead_of_queued_background_sends():
    time = VirtualTime()
    limiter = limiter_on(time)
    log: list[tuple[str, float, float]] = []

    async def answer_someone() -> None:
        await time.sleep(0.05)  # a representative writes while 90 copies of a notice wait for their turn
        await send(time, limiter, "writer", log, latency=0.1, urgent=True)

    await time.run(*(send(time, limiter, f"copy{n}", log, latency=0.1) for n in range(120)), answer_someone())
    started = {chat: start for chat, start, _ in log}
    later_copies = sorted(start for chat, start in started.items() if chat != "writer" and start > 0)
    # the first 30 copies went at once; their slots free one second after their answers (1.1 s): the writer
    # gets the first of them, every copy queued before it waits
    assert started["writer"] == pytest.approx(1.1)
    assert started["writer"] <= later_copies[0]
    assert most_in_any_second([start for start in started.values()]) <= 30


async def test_background_sends_resume_once_no_urgent_send_waits():
    time = VirtualTime()
    limiter = limiter_on(time)
    log: list[tuple[str, float, float]] = []
    urgent = [send(time, limiter, f"writer{n}", log, latency=0.1, urgent=True) for n in range(5)]
    await time.run(*(send(time, limiter, f"copy{n}", log, latency=0.1) for n in range(40)), *urgent)
    # the first 30 copies took every slot before the writers came; the writers go at the first freed ones,
    # and the copies left are not starved: they go in the same second
    assert sorted(start for chat, start, _ in log if chat.startswith("writer")) == [pytest.approx(1.1)] * 5
    assert len([chat for chat, *_ in log if chat.startswith("copy")]) == 40
    assert max(start for _, start, _ in log) == pytest.approx(1.1)


async def test_an_answer_goes_ahead_of_the_notifications_queued_for_its_own_chat():
    time = VirtualTime()
    limiter = limiter_on(time)
    log: list[tuple[str, float, float]] = []

    async def notification(n: int) -> None:
        async with slot(limiter, "head"):
            log.append((f"note{n}", time.now, time.now))
            await time.sleep(0.1)

    async def answer() -> None:
        await time.sleep(0.05)  # the head writes while 30 notifications to the head's chat wait, one a second
        async with slot(limiter, "head", urgent=True):
            log.append(("answer", time.now, time.now))
            await time.sleep(0.1)

    await time.run(*(notification(n) for n in range(30)), answer())
    order = [name for name, *_ in sorted(log, key=lambda entry: entry[1])]
    # the first notification was already let go; the answer comes next, paced like any send to the chat
    assert order[:2] == ["note0", "answer"]
    answered = next(start for name, start, _ in log if name == "answer")
    assert answered == pytest.approx(1.1)
    starts = sorted(start for _, start, _ in log)
    assert all(b - a >= 1.0 - 1e-9 for a, b in itertools.pairwise(starts))  # still one a second
