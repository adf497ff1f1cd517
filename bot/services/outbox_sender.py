"""Sends what the outbox holds, in the background, started and stopped with the bot (bot/app/wiring.py).

Woken at start and whenever a step's copies were enqueued (bot/services/outbox.py), it claims pending
copies in id order a chunk at a time, hands them to their channel's `deliver` and records the results in
batches: the machinery, and why at most IN_FLIGHT copies are claimed ahead of the channel, is
bot/services/claimed_sends.py, shared with reminders. Like reminders it is at-most-once: a copy found
'sending' at start may have left, so it becomes 'unknown' and is not sent again.

Copies to one chat keep their order: each chat has one lane, and a lane hands its copies to the channel one
after another (the limiter orders the sends of one message, not two messages handed over at once, and
a Zalo message in parts must not interleave with the next one).

When a channel cannot be reached (it answers LATER: Telegram's servers failing, the network down), the copy
was not refused, so it is not given up: it goes back to pending, and so does every claimed copy for that
channel not yet handed over (they would fail alike, and a chat's later copy must not overtake it). Nothing
is claimed for that channel for a pause, 5 s at first and doubling up to 5 minutes while the failures go
on; then its copies go out again in their order. The other channel's copies go on meanwhile: Zalo being
down does not hold up notices on Telegram. An outage therefore delays a notice instead of losing it.
(Whether a copy that failed by a timeout had in fact arrived cannot be known; the channel already tries a
few times at once, and this keeps to the same judgement: a lost notice is worse than a rare duplicate
after an outage.)

A stop stops claiming and gives the sends under way a grace period to finish and be recorded. Past it,
copies claimed and never handed to a channel go back to pending (they certainly did not leave) and those
being sent are abandoned ('unknown' after the next start). Pending copies wait for the next start.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections import deque
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime
from functools import lru_cache

from bot.domain.clock import Clock
from bot.services.claimed_sends import IN_FLIGHT, ClaimedSends, Work
from bot.services.notify import LATER, SENT, Notifier
from bot.services.outbox import reply_from_body
from bot.text.messages import Reply
from storage import outbox as repo
from storage.db import Database
from storage.outbox import ClaimedCopy

log = logging.getLogger(__name__)

# seconds a stop waits for sends under way: at 30 a second the whole window goes out in about 3 s
STOP_GRACE = 10.0
# copies inside a channel's deliver at once: a few more than the limiter's 30 slots a second, so a freed slot
# never waits for a send. Handing the whole window over at once would not send faster, only keep more sends
# waiting at the limiter (answers to people who write meanwhile go ahead of them there anyway).
AT_ONCE = 32
# the pause after a channel could not be reached, doubled while it goes on (see the module's docstring)
FIRST_PAUSE = 5.0
LONGEST_PAUSE = 300.0
# the copies claimed together mostly share one message (one notice, many chats): parsed once
_parsed = lru_cache(maxsize=64)(reply_from_body)


class OutboxSender(ClaimedSends[ClaimedCopy]):
    what = "outbox copies"

    def __init__(self, db: Database, clock: Clock, notifiers: Mapping[str, Notifier], window: int = IN_FLIGHT,
                 sleep: Callable[[float], Awaitable[object]] = asyncio.sleep) -> None:
        super().__init__(db, clock, notifiers, window)
        self._sleep = sleep
        self._next_pause: dict[str, float] = {}  # per channel, the next pause should it not be reached
        self._paused: dict[str, asyncio.Task[None]] = {}  # channels nothing is claimed for, until the task ends
        self._running = False  # between start and stop: claiming
        self._more = False  # copies may be pending that are not claimed yet
        # wake-ups so far: one during a claim means the claim may not have seen the copies it announced
        self._wakes = 0
        self._wakes_at_claim = 0
        self._asked = 0  # how many the claim under way asked for
        self._lanes: dict[tuple[str, str], deque[ClaimedCopy]] = {}  # per chat, claimed copies in order
        self._handing: set[int] = set()  # copies inside a channel's deliver now
        self._put_back: list[int] = []  # claimed copies never handed over, to release (a stop, a pause)
        self._turns = asyncio.Semaphore(AT_ONCE)
        self._idle = asyncio.Event()
        self._idle.set()

    async def start(self) -> int:
        """Marks the copies left 'sending' by the last run unknown, then sends what is pending. Returns how
        many became unknown."""
        now = self.clock.now()
        abandoned = await self.db.write(lambda conn: repo.abandon_in_flight(conn, now))
        if abandoned:
            log.warning("%s outbox copies were being sent when the bot stopped; not resent (at-most-once)", abandoned)
        self._running = True
        self.wake()
        return abandoned

    def wake(self) -> None:
        """Copies were enqueued (or the bot started): claim them as the window allows."""
        if not self._running:
            return  # they stay pending and go out after the next start
        self._wakes += 1
        self._more = True
        self._failure = None  # a failed write stopped sending until now; try again
        self._idle.clear()
        self._write_soon()

    async def wait_idle(self) -> None:
        """Returns once every copy enqueued so far has been sent and recorded (or the sender stopped)."""
        await self._idle.wait()

    async def stop(self, grace: float = STOP_GRACE) -> None:
        """Stops claiming; see the module's docstring for what becomes of the copies under way."""
        if not self._running:
            return
        self._running = False
        for pause in self._paused.values():
            pause.cancel()  # what waits out the pause is pending: it goes out after the next start
        self._write_soon()  # nothing more to claim: idle once what is under way is recorded
        try:
            await asyncio.wait_for(self._idle.wait(), grace)
        except TimeoutError:
            self._put_back.extend(c.id for lane in self._lanes.values() for c in lane if c.id not in self._handing)
            log.warning("outbox stopping with sends under way: %s put back to pending, %s become unknown",
                        len(self._put_back), len(self._handing))
            self._abandon()
            self._write_soon()
            await self._drain()
        except asyncio.CancelledError:
            self._abandon()
            raise
        self._idle.set()

    # --- what ClaimedSends asks of us -----------------------------------------------------------------

    def _work(self, results: list[tuple[ClaimedCopy, str]], room: int) -> Work[ClaimedCopy] | None:
        take = room if self._running and self._more else 0
        paused = sorted(self._paused)
        put_back, self._put_back = self._put_back, []
        if not (results or put_back or take):
            return None
        self._in_flight -= len(put_back)
        self._asked, self._wakes_at_claim = take, self._wakes
        done = [(copy.id, status) for copy, status in results if status != LATER]
        again = put_back + [copy.id for copy, status in results if status == LATER]

        def work(conn: sqlite3.Connection, now: datetime) -> list[ClaimedCopy]:
            if done:
                repo.record(conn, done, now)
            if again:
                repo.release(conn, again)
            return repo.claim(conn, take, now, skip_channels=paused) if take else []

        return work

    def _claimed(self, claimed: list[ClaimedCopy]) -> None:
        if len(claimed) < self._asked and self._wakes == self._wakes_at_claim:
            self._more = False  # everything pending is claimed; the next enqueue wakes us
        for copy in claimed:
            chat = (copy.channel, copy.chat_id)
            lane = self._lanes.get(chat)
            if lane is not None:
                lane.append(copy)
            else:
                self._lanes[chat] = deque([copy])
                self._spawn(self._send_in_order(chat))

    def _reply(self, claim: ClaimedCopy) -> Reply:
        return _parsed(claim.body)

    async def _write_all(self) -> None:
        try:
            await super()._write_all()
        finally:
            # no await between the last (empty) write and here, so nothing can have come back unrecorded
            claiming = self._running and (self._more or bool(self._paused)) and self._failure is None
            if not (self._in_flight or self._results or claiming):
                self._idle.set()

    async def _send_in_order(self, chat: tuple[str, str]) -> None:
        lane = self._lanes[chat]
        try:
            while lane:
                copy = lane[0]
                async with self._turns:
                    if copy.channel in self._paused:  # its channel could not be reached: wait for a later claim
                        self._put_back.extend(c.id for c in lane)
                        lane.clear()
                        self._write_soon()
                        return
                    self._handing.add(copy.id)
                    try:
                        status = await self._hand_over(copy)
                    finally:
                        self._handing.discard(copy.id)
                lane.popleft()
                if status == LATER:
                    self._pause_claims(copy.channel)
                elif status == SENT:
                    self._next_pause.pop(copy.channel, None)
        finally:
            del self._lanes[chat]

    def _pause_claims(self, channel: str) -> None:
        """`channel` could not be reached: claim nothing for it for a while (see the module's docstring)."""
        if channel in self._paused or not self._running:
            return
        pause = self._next_pause.get(channel, FIRST_PAUSE)
        self._next_pause[channel] = min(pause * 2, LONGEST_PAUSE)
        log.warning("%s could not be reached; its outbox copies wait %.0f s and are sent again", channel, pause)
        self._paused[channel] = asyncio.create_task(self._resume_after(channel, pause))

    async def _resume_after(self, channel: str, pause: float) -> None:
        await self._sleep(pause)
        del self._paused[channel]
        # the copies put back are pending again; counted as a wake-up, so that a claim made during the pause
        # (which skipped this channel) does not conclude that nothing is left to claim
        self._wakes += 1
        self._more = True
        self._write_soon()
