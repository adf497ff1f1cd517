"""Hands reminder deliveries to the channels: claimed just ahead of sending, recorded in batches.

The claiming, recording and hand-over are bot/services/claimed_sends.py (shared with the outbox, which
also explains the window). What is the reminders' own: the deliveries of a row are its representatives,
known only when the sweep planned it, so they wait here in memory until the window lets them be claimed
(a claim inserts the delivery row), and a row is finished ('done') in the same transaction as the result
of its last delivery, after the head heard about anyone who blocked the bot. A row comes as a note (what it
tells, bot/services/reminder_notes.py); its message is made once, by the ReminderText the dispatch is given.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections import deque
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from bot.domain.clock import Clock
from bot.services.claimed_sends import IN_FLIGHT, ClaimedSends, Work
from bot.services.notify import BLOCKED, FAILED, LATER, Notifier
from bot.services.reminder_notes import ReminderNote, ReminderText
from bot.text.messages import Reply
from storage import reminders as repo
from storage.db import Database
from storage.reminders import Delivery, ReminderRow

log = logging.getLogger(__name__)

__all__ = ["IN_FLIGHT", "Dispatch", "Outgoing"]


@dataclass
class Outgoing:
    """A due reminder with something to send: what it tells, who gets it (person, channel, chat), and who to
    tell about the people who turned out to have blocked the bot."""

    row: ReminderRow
    note: ReminderNote
    targets: list[tuple[int, str, str]]
    on_blocked: Callable[[list[int]], Awaitable[None]] | None = None


@dataclass
class _Progress:
    outgoing: Outgoing
    reply: Reply  # the note's message, made once for all its deliveries
    queued: int  # deliveries not yet claimed
    in_flight: int = 0
    blocked: list[int] = field(default_factory=list)


class Dispatch(ClaimedSends[Delivery]):
    """One sweep's deliveries. Rows come in through send() (something to deliver) or finish() (an outcome
    to write). Each transaction records the results that came back, finishes the rows now complete and,
    when half the window is free, claims the next deliveries. Use as `async with`: leaving waits until
    everything sent is claimed, handed over and recorded, and raises if a write failed."""

    what = "reminder deliveries"

    def __init__(self, db: Database, clock: Clock, notifiers: Mapping[str, Notifier], text: ReminderText,
                 window: int = IN_FLIGHT) -> None:
        super().__init__(db, clock, notifiers, window)
        self.text = text
        self._rows: dict[int, _Progress] = {}
        self._queue: deque[tuple[int, int, str, str]] = deque()  # (reminder, person, channel, chat) to claim
        self._finished: list[tuple[int, str]] = []
        self._taken: list[tuple[int, int, str, str]] = []  # what the transaction under way tries to claim

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
        """The sweep is cancelled (the bot is stopping): nothing more is claimed or leaves. Deliveries whose
        request left and is not answered yet stay 'sending' ('unknown' at the next start); those that had not
        left stay 'pending', and the next sweep claims them again (their row is still pending)."""
        self.stopping = True
        self._queue.clear()
        self._abandon()

    def finish(self, row_id: int, outcome: str) -> None:
        """A row with nothing (more) to send: its outcome goes with the next write."""
        self._finished.append((row_id, outcome))
        self._write_soon()

    async def send(self, batch: list[Outgoing]) -> None:
        """Queues these rows' deliveries to be claimed as the window allows.

        It returns once no more than this batch's deliveries are left to claim, so the caller reads the
        next rows while these go out, and what it decided about a row is at most two batches old when the
        row's messages are handed over."""
        added = 0
        for out in batch:
            try:
                reply = self.text.render(out.note)
            except Exception as exc:  # as when a row cannot be planned: finished as an error, the sweep goes on
                log.error("reminder %s could not be worded: %s", out.row.id, type(exc).__name__, exc_info=exc)
                self.finish(out.row.id, "error")
                continue
            self._rows[out.row.id] = _Progress(out, reply, len(out.targets))
            self._queue.extend((out.row.id, person, channel, chat) for person, channel, chat in out.targets)
            added += len(out.targets)
            self._complete_if_done(out.row.id)  # nobody to send to
        while len(self._queue) > added and self._failure is None:
            await self._next_write()
        if self._failure is not None:
            raise self._failure
        self._write_soon()

    def _work(self, results: list[tuple[Delivery, str]], room: int) -> Work[Delivery] | None:
        for delivery, status in results:
            progress = self._rows[delivery.reminder_id]
            progress.in_flight -= 1
            if status == BLOCKED:
                progress.blocked.append(delivery.person_id)
            self._complete_if_done(delivery.reminder_id)  # a row whose last copy this is ends in this write
        finished, self._finished = self._finished, []
        take = self._taken = [self._queue.popleft() for _ in range(min(len(self._queue), room))]
        if not (results or finished or take):
            return None

        # a reminder is sent at most once: one the channel could not take now is not tried again (the next
        # reminder of the same deadline still comes), unlike a notice in the outbox; but one stopped before it
        # left stays pending, for the next sweep
        recorded = [(delivery, FAILED if status == LATER else status) for delivery, status in results
                    if not (status == LATER and self.stopping)]

        def work(conn: sqlite3.Connection, now: datetime) -> list[Delivery]:
            if recorded:
                repo.record(conn, recorded, now)
            if finished:
                repo.finish(conn, finished, now)
            return repo.claim(conn, take, now) if take else []

        return work

    def _claimed(self, claimed: list[Delivery]) -> None:
        for delivery in claimed:
            self._rows[delivery.reminder_id].in_flight += 1
            self._spawn(self._hand_over(delivery))
        for reminder_id, *_ in self._taken:  # a delivery not claimed was already handled (or its row cancelled)
            self._rows[reminder_id].queued -= 1
            self._complete_if_done(reminder_id)

    def _reply(self, claim: Delivery) -> Reply:
        return self._rows[claim.reminder_id].reply

    def _mark_leaving(self, claims: list[Delivery]) -> Work[Delivery]:
        def work(conn: sqlite3.Connection, now: datetime) -> list[Delivery]:
            repo.mark_sending(conn, claims, now)
            return []

        return work

    def _complete_if_done(self, row_id: int) -> None:
        progress = self._rows[row_id]
        if progress.queued or progress.in_flight or self.stopping:
            return  # stopping: a row with deliveries left pending stays pending, for the next sweep
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
