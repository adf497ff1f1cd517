"""Messages claimed just ahead of the channel and recorded in batches: what reminders and the outbox share.

Both are at-most-once (README "Delivery"): a send is marked 'sending' in a committed transaction at the
moment its request is about to leave, after the channel's limiter let it go (the `leaving` hook the channel
awaits), and its result is recorded after. A claim alone writes nothing durable that a crash could turn into
'unknown': a copy claimed and still waiting at the limiter is 'pending' after a crash or a stop, and goes
out after the next start. The marks of the copies leaving together share one group-committed write
(storage.db.Database.write), so the mark costs a fraction of a transaction per copy.

One writer task records results and claims the next sends, a batch at a time, so a hundred messages cost
about one transaction. IN_FLIGHT = 100 claims ahead is about 3 s of the sender's rate: far more than one
claim transaction (about a millisecond) or one HTTP round trip, so the sender never waits for us. Claims are
taken when half the window is free, so they come in chunks of 50 to 100 rather than one by one.
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
from bot.services.notify import BLOCKED, FAILED, LATER, SENT, UNKNOWN, Notifier
from bot.text.messages import Reply
from storage import people
from storage.db import Database

log = logging.getLogger(__name__)

IN_FLIGHT = 100


class Stopping(Exception):
    """The sender is stopping: a claimed send does not leave any more (it stays pending)."""


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
    and nothing more is written or claimed after it: claims not yet left stay 'pending' (and go out after the
    next start) rather than being sent without a record. A subclass also says how copies are marked as they
    leave (`_mark_leaving`)."""

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
        self._leaving_now: list[C] = []  # marks waiting for the write they share
        self._leaving_write: asyncio.Future[None] | None = None
        self._left: set[int] = set()  # id() of the claims marked 'sending' and not recorded yet
        self.stopping = False  # once set, no claimed send leaves any more

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

    @abstractmethod
    def _mark_leaving(self, claims: list[C]) -> Work[C]:
        """The write that marks these claims 'sending' (their requests are about to leave)."""

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
        return await self._hand_over_as_one([claim], self._reply(claim))

    async def _hand_over_as_one(self, claims: list[C], reply: Reply) -> str:
        """Sends `reply` (one claim's message, or a digest of several to one chat) through its channel; the
        result, the same for every claim, goes with the next write, and is returned. A channel that is not
        running, or that raised, counts as failed, or as not sent (LATER) when nothing had left."""
        first = claims[0]
        notifier = self.notifiers.get(first.channel)
        status = FAILED
        if notifier is None:
            log.warning("%s to %s chat %s failed: that channel is not running", self.what, first.channel,
                        first.chat_id)
        else:
            try:
                status = await notifier.deliver(first.chat_id, reply, leaving=lambda: self._leaving(claims))
            except Stopping:
                status = LATER
            except Exception as exc:
                log.error("%s to chat %s failed: %s", self.what, first.chat_id, type(exc).__name__, exc_info=exc)
                status = UNKNOWN if id(first) in self._left else LATER
        status = status if status in (SENT, BLOCKED, FAILED, LATER, UNKNOWN) else FAILED
        for claim in claims:
            self._left.discard(id(claim))
            self._results.append((claim, status))
        self._write_soon()
        return status

    async def _leaving(self, claims: list[C]) -> None:
        """The channel is about to let these claims' request go: marked 'sending', committed, before it does.
        Claims leaving in the same turn of the event loop share one write."""
        if self.stopping:
            raise Stopping
        self._leaving_now.extend(claims)
        if self._leaving_write is None:
            self._leaving_write = asyncio.ensure_future(self._write_leaving())
        # shielded: a send cancelled meanwhile must not cancel the others' mark
        await asyncio.shield(self._leaving_write)
        for claim in claims:
            self._left.add(id(claim))

    async def _write_leaving(self) -> None:
        await asyncio.sleep(0)  # the others let go by the limiter in this turn join the write
        claims, self._leaving_now = self._leaving_now, []
        self._leaving_write = None
        now = self.clock.now()
        work = self._mark_leaving(claims)
        await self.db.write(lambda conn: work(conn, now))

    def _spawn(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _abandon(self) -> None:
        """Stops every hand-over under way: a send whose request left stays 'sending', so it becomes
        'unknown' at the next start (it may have arrived); one that had not left stays 'pending'."""
        for task in self._tasks:
            task.cancel()

    async def _drain(self) -> None:
        while busy := [*self._tasks, *([self._writer] if self._writer and not self._writer.done() else [])]:
            await asyncio.wait(busy)
