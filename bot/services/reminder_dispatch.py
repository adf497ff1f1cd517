"""Hands reminder deliveries to the channels: claimed just ahead of sending, recorded in batches.

At-most-once (see bot/services/reminders.py): a delivery is claimed ('sending') in a committed
transaction before it is handed to the channel, and its result recorded after. Doing that one delivery
at a time cost two transactions (seven round trips to the database thread) per message, which made
5,000 reminders due together reach the sender up to 14 s late. Here one writer does every write, a chunk
at a time: each transaction records the results that came back, finishes the rows that are complete
and claims the next deliveries, so a hundred messages cost about one transaction.

How many claims may be in flight (claimed, not yet recorded) is a trade-off. The channels pace what
leaves at 30 messages a second, and `deliver()` returns only once its message has left, so claiming
everything due at once would hold thousands of deliveries in 'sending' for minutes, and a crash then
would turn them all into 'unknown' (never sent: the at-most-once side). Claiming too few leaves the
sender idle between claims. IN_FLIGHT = 100 is about 3 s of the sender's rate: far more than one claim
transaction (about a millisecond) or one HTTP round trip, so the sender never waits for us, while a
crash loses at most 100 messages. Claims are taken when half the window is free, so they come in
chunks of 50 to 100 rather than one by one.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

from bot.clock import Clock
from bot.messages import Reply
from bot.notify import BLOCKED, FAILED, SENT, Notifier
from storage import people
from storage import reminders as repo
from storage.db import Database
from storage.reminders import Delivery, ReminderRow

log = logging.getLogger(__name__)

IN_FLIGHT = 100


@dataclass
class Outgoing:
    """A due reminder with something to send: the message, who gets it (person, channel, chat), and who to
    tell about the people who turned out to have blocked the bot."""

    row: ReminderRow
    reply: Reply
    targets: list[tuple[int, str, str]]
    on_blocked: Callable[[list[int]], Awaitable[None]] | None = None


@dataclass
class _Progress:
    outgoing: Outgoing
    queued: int  # deliveries not yet claimed
    in_flight: int = 0
    blocked: list[int] = field(default_factory=list)


class Dispatch:
    """One sweep's deliveries. Rows come in through send() (something to deliver) or finish() (an outcome
    to write). One writer task does every write, each in one transaction: the results that came back,
    the rows now complete, and, when half the window is free, a claim of the next deliveries. Use as
    `async with`: leaving waits until everything sent is claimed, handed over and recorded, and raises if
    a write failed."""

    def __init__(self, db: Database, clock: Clock, notifiers: dict[str, Notifier], window: int = IN_FLIGHT) -> None:
        self.db = db
        self.clock = clock
        self.notifiers = notifiers
        self.window = window
        self._rows: dict[int, _Progress] = {}
        self._queue: deque[tuple[int, int, str, str]] = deque()  # (reminder, person, channel, chat) to claim
        self._results: list[tuple[Delivery, str]] = []
        self._finished: list[tuple[int, str]] = []
        self._in_flight = 0  # claimed and not yet recorded
        self._written = asyncio.Event()
        self._writer: asyncio.Task[None] | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._failure: BaseException | None = None

    async def __aenter__(self) -> Dispatch:
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None, *exc: object) -> None:
        if exc_type is asyncio.CancelledError:
            self._stop_sending()
        try:
            while exc_type is None and self._failure is None and (self._queue or self._in_flight):
                await self._next_write()
            await self._drain()
        except asyncio.CancelledError:
            self._stop_sending()
            raise
        if self._failure is not None and exc_type is None:
            raise self._failure

    def _stop_sending(self) -> None:
        """The sweep is cancelled (the bot is stopping): nothing more is claimed, and deliveries handed over
        and not back yet are abandoned: they stay 'sending', so they become 'unknown' at the next start."""
        self._queue.clear()
        for task in self._tasks:
            task.cancel()

    def finish(self, row_id: int, outcome: str) -> None:
        """A row with nothing (more) to send: its outcome goes with the next write."""
        self._finished.append((row_id, outcome))
        self._write_soon()

    async def send(self, batch: list[Outgoing]) -> None:
        """Queues these rows' deliveries to be claimed as the window allows.

        It returns once no more than this batch's deliveries are left to claim, so the caller reads the
        next rows while these go out, and what it decided about a row is at most two batches old when the
        row's messages are handed over."""
        for out in batch:
            self._rows[out.row.id] = _Progress(out, len(out.targets))
            self._queue.extend((out.row.id, person, channel, chat) for person, channel, chat in out.targets)
            self._complete_if_done(out.row.id)  # nobody to send to
        added = sum(len(out.targets) for out in batch)
        while len(self._queue) > added and self._failure is None:
            await self._next_write()
        if self._failure is not None:
            raise self._failure
        self._write_soon()

    async def _next_write(self) -> None:
        self._written.clear()
        self._write_soon()
        await self._written.wait()

    def _write_soon(self) -> None:
        # one writer at a time: what arrives while it writes goes into its next transaction
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write_all())

    async def _write_all(self) -> None:
        try:
            while self._failure is None and await self._write_once():
                pass
        finally:
            self._written.set()

    async def _write_once(self) -> bool:
        """One transaction of whatever there is to write; False when there was nothing."""
        results, self._results = self._results, []
        for delivery, status in results:
            progress = self._rows[delivery.reminder_id]
            progress.in_flight -= 1
            if status == BLOCKED:
                progress.blocked.append(delivery.person_id)
            self._complete_if_done(delivery.reminder_id)  # a row whose last copy this is ends in this write
        finished, self._finished = self._finished, []
        # the results recorded here stop being in flight with the same commit that starts the new claims;
        # claims wait for half the window, so they come in useful chunks rather than one by one
        room = self.window - self._in_flight + len(results)
        take = [self._queue.popleft() for _ in range(min(len(self._queue), room))] \
            if room >= max(1, self.window // 2) else []
        if not (results or finished or take):
            return False
        claimed: list[Delivery] = []
        try:
            claimed = await self._write(results, finished, take)
        except Exception as exc:
            # claims already made stay 'sending' (unknown after a restart: never resent) and rows pending;
            # the sweep stops and reports it rather than sending what it could not record
            log.error("writing reminder deliveries failed: %s", type(exc).__name__, exc_info=exc)
            self._failure = exc
        self._in_flight += len(claimed) - len(results)
        for delivery in claimed:
            self._rows[delivery.reminder_id].in_flight += 1
            self._spawn(self._hand_over(delivery))
        for reminder_id, *_ in take:  # a delivery not claimed was already handled (or its row cancelled)
            self._rows[reminder_id].queued -= 1
            self._complete_if_done(reminder_id)
        self._written.set()
        return True

    async def _write(self, results: list[tuple[Delivery, str]], finished: list[tuple[int, str]],
                     take: list[tuple[int, int, str, str]]) -> list[Delivery]:
        now = self.clock.now()

        def write(conn: sqlite3.Connection) -> list[Delivery]:
            if results:
                repo.record(conn, results, now)
            if finished:
                repo.finish(conn, finished, now)
            return repo.claim(conn, take, now) if take else []

        claimed = await self.db.write(write)
        blocked = [d for d, status in results if status == BLOCKED]
        if blocked:  # rare: worth its own transaction rather than a second way to write people
            async with self.db.transaction() as conn:
                for delivery in blocked:
                    await people.mark_blocked(conn, delivery.channel, delivery.chat_id, now)
        return claimed

    async def _hand_over(self, delivery: Delivery) -> None:
        notifier = self.notifiers.get(delivery.channel)
        status = FAILED
        if notifier is not None:
            try:
                status = await notifier.deliver(delivery.chat_id, self._rows[delivery.reminder_id].outgoing.reply)
            except Exception as exc:
                log.error("reminder delivery to chat %s failed: %s", delivery.chat_id, type(exc).__name__,
                          exc_info=exc)
        self._results.append((delivery, status if status in (SENT, BLOCKED, FAILED) else FAILED))
        self._write_soon()

    def _complete_if_done(self, row_id: int) -> None:
        progress = self._rows[row_id]
        if progress.queued or progress.in_flight:
            return
        del self._rows[row_id]
        if progress.blocked and progress.outgoing.on_blocked is not None:
            self._spawn(self._report_then_finish(progress.outgoing, progress.blocked))
        else:
            self.finish(row_id, "sent")

    async def _report_then_finish(self, outgoing: Outgoing, blocked: list[int]) -> None:
        """Every copy of the row is out: the head hears about the people who blocked the bot, then it is done."""
        assert outgoing.on_blocked is not None
        try:
            await outgoing.on_blocked(blocked)
        except Exception as exc:
            log.error("reporting blocked representatives failed: %s", type(exc).__name__, exc_info=exc)
        self.finish(outgoing.row.id, "sent")

    def _spawn(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _drain(self) -> None:
        while busy := [*self._tasks, *([self._writer] if self._writer and not self._writer.done() else [])]:
            await asyncio.wait(busy)
