"""Messages claimed just ahead of the channel and recorded in batches: what reminders and the outbox share.

Both are at-most-once (see bot/services/reminders.py for why): a send is claimed ('sending') in a
committed transaction before it is handed to the channel, and its result recorded after. Doing that one
message at a time cost two transactions (seven round trips to the database thread) per message, which
made 5,000 reminders due together reach the sender up to 14 s late. Here one writer task does every
write, a batch at a time: each transaction records the results that came back and claims the next sends,
so a hundred messages cost about one transaction.

How many claims may be in flight (claimed, not yet recorded) is a trade-off. The channels pace what
leaves at 30 messages a second, and `deliver()` returns only once its message has left, so claiming
everything at once would hold thousands of sends in 'sending' for minutes, and a crash then would turn
them all into 'unknown' (never sent: the at-most-once side). Claiming too few leaves the sender idle
between claims. IN_FLIGHT = 100 is about 3 s of the sender's rate: far more than one claim transaction
(about a millisecond) or one HTTP round trip, so the sender never waits for us, while a crash loses at
most 100 messages. Claims are taken when half the window is free, so they come in chunks of 50 to 100
rather than one by one.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from abc import ABC, abstractmethod
from collections.abc import Callable, Coroutine, Mapping
from datetime import datetime
from typing import Any, Generic, Protocol, TypeVar

from bot.domain.clock import Clock
from bot.services.notify import BLOCKED, FAILED, LATER, SENT, Notifier
from bot.text.messages import Reply
from storage import people
from storage.db import Database

log = logging.getLogger(__name__)

IN_FLIGHT = 100


class Claim(Protocol):
    """One claimed send: where it goes."""

    @property
    def channel(self) -> str: ...

    @property
    def chat_id(self) -> str: ...


C = TypeVar("C", bound=Claim)
# the synchronous work of one transaction (Database.write): record results, claim the next sends
Work = Callable[[sqlite3.Connection, datetime], list[C]]


class ClaimedSends(ABC, Generic[C]):
    """The writer and the hand-over. A subclass says what one transaction does (`_work`: record the results
    given, claim up to `room` more), what becomes of the sends it claimed (`_claimed`, usually `_spawn` of
    `_hand_over`) and what each one says (`_reply`). A write that fails is logged and kept in `_failure`,
    and nothing more is written or claimed after it: claims already made stay 'sending' (unknown after a
    restart, never resent) rather than being sent without a record."""

    what = "deliveries"  # how log lines name what is sent

    def __init__(self, db: Database, clock: Clock, notifiers: Mapping[str, Notifier], window: int = IN_FLIGHT) -> None:
        self.db = db
        self.clock = clock
        self.notifiers = notifiers
        self.window = window
        self._results: list[tuple[C, str]] = []
        self._in_flight = 0  # claimed and not yet recorded
        self._written = asyncio.Event()
        self._writer: asyncio.Task[None] | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._failure: BaseException | None = None

    # --- what a subclass says ------------------------------------------------------------------------

    @abstractmethod
    def _work(self, results: list[tuple[C, str]], room: int) -> Work[C] | None:
        """The next transaction: record `results`, claim up to `room` sends (0: claim nothing now). None when
        there is nothing to write."""

    @abstractmethod
    def _claimed(self, claimed: list[C]) -> None:
        """The sends the last transaction claimed (empty if it failed): hand them over."""

    @abstractmethod
    def _reply(self, claim: C) -> Reply:
        """What a claimed send says."""

    # --- the writer ----------------------------------------------------------------------------------

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
        # the results recorded here stop being in flight with the same commit that starts the new claims;
        # claims wait for half the window, so they come in useful chunks rather than one by one
        room = self.window - self._in_flight + len(results)
        work = self._work(results, room if room >= max(1, self.window // 2) else 0)
        if work is None:
            return False
        claimed: list[C] = []
        try:
            claimed = await self._write(work, results)
        except Exception as exc:
            log.error("writing %s failed: %s", self.what, type(exc).__name__, exc_info=exc)
            self._failure = exc
        self._in_flight += len(claimed) - len(results)
        self._claimed(claimed)
        self._written.set()
        return True

    async def _write(self, work: Work[C], results: list[tuple[C, str]]) -> list[C]:
        now = self.clock.now()
        claimed = await self.db.write(lambda conn: work(conn, now))
        blocked = [claim for claim, status in results if status == BLOCKED]
        if blocked:  # rare: worth its own transaction rather than a second way to write people
            async with self.db.transaction() as conn:
                for claim in blocked:
                    await people.mark_blocked(conn, claim.channel, claim.chat_id, now)
        return claimed

    # --- the hand-over -------------------------------------------------------------------------------

    async def _hand_over(self, claim: C) -> str:
        """Sends one claimed message through its channel; the result goes with the next write, and is
        returned. A channel that is not running, or that raised, counts as failed."""
        notifier = self.notifiers.get(claim.channel)
        status = FAILED
        if notifier is None:
            log.warning("%s to %s chat %s failed: that channel is not running", self.what, claim.channel,
                        claim.chat_id)
        else:
            try:
                status = await notifier.deliver(claim.chat_id, self._reply(claim))
            except Exception as exc:
                log.error("%s to chat %s failed: %s", self.what, claim.chat_id, type(exc).__name__, exc_info=exc)
        status = status if status in (SENT, BLOCKED, FAILED, LATER) else FAILED
        self._results.append((claim, status))
        self._write_soon()
        return status

    def _spawn(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _abandon(self) -> None:
        """Stops every hand-over under way: what they were sending stays 'sending', so it becomes 'unknown'
        at the next start (it may have left)."""
        for task in self._tasks:
            task.cancel()

    async def _drain(self) -> None:
        while busy := [*self._tasks, *([self._writer] if self._writer and not self._writer.done() else [])]:
            await asyncio.wait(busy)
