"""Sends what the outbox holds, in the background, started and stopped with the bot (bot/app/wiring.py).

Woken at start and whenever a step's copies were enqueued (bot/services/outbox.py), it claims pending
copies in id order a chunk at a time, hands them to their channel's `deliver` and records the results in
batches: the machinery is bot/services/claimed_sends.py, shared with reminders. A copy is at most once (README
"Delivery"): it becomes 'sending' only as its request leaves; one found 'sending' at start, or whose send
failed ambiguously (a timeout, a dropped connection, a 5xx), is 'unknown' and never sent again by itself:
the head sees it and may resend it (bot/services/deliveries.py). A claimed copy that never left is still
'pending' in the database, so a crash or a stop leaves it for the next start.

Copies to one chat keep their order: each chat has one lane, and a lane hands its copies to the channel one
after another. When more than DIGEST_OVER plain copies wait in one lane (a head told of many units at once),
they go as one digest message listing them, instead of one a second for minutes while the head's own answers
queue with them; each copy of a digest is recorded with the digest's result.

When a channel cannot be reached (it answers LATER: nothing left), the copy goes back to pending, and so does
every claimed copy for that channel not yet handed over. Nothing is claimed for that channel for a pause, 5 s
at first and doubling up to 5 minutes while the failures go on; then its copies go out again in their order.
The other channel's copies go on meanwhile.

A refusal that concerns one recipient (LATER_FOR_CHAT: Zalo's 429 "Quota exceeded" for one chat) holds back
that chat only: its copies go back to pending and are not claimed again for the same growing pause, while
every other chat's copies go on. Only when CHATS_REFUSED_IN_A_ROW chats of a channel are refused one after
another, with nothing sent between, is it taken for the channel's own limit, and the channel pauses.

A stop stops claiming at once: nothing more leaves, sends waiting at the limiter are dropped (their copies
are pending), and the requests already left get STOP_GRACE seconds to be answered and recorded; past it they
are abandoned ('unknown' after the next start).
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
from bot.services.notify import LATER, SENT, Notifier, OneRecipient
from bot.services.outbox import reply_from_body
from bot.text.catalogue import t
from bot.text.messages import Reply
from storage import outbox as repo
from storage.db import Database
from storage.outbox import ClaimedCopy

log = logging.getLogger(__name__)

# seconds a stop waits for the answers to requests already left: the whole stop must end within 10 s
STOP_GRACE = 3.0
# more than this many plain copies waiting for one chat go as one digest, of at most DIGEST_MOST copies and
# DIGEST_CHARS characters (well inside one Telegram message, and a few Zalo parts)
DIGEST_OVER = 5
DIGEST_MOST = 30
DIGEST_CHARS = 3500
# copies inside a channel's deliver at once: a few more than the limiter's 30 slots a second, so a freed slot
# never waits for a send. Handing the whole window over at once would not send faster, only keep more sends
# waiting at the limiter (answers to people who write meanwhile go ahead of them there anyway).
AT_ONCE = 32
# the pause after a channel could not be reached, doubled while it goes on (see the module's docstring)
FIRST_PAUSE = 5.0
LONGEST_PAUSE = 300.0
# chats refused one after another (nothing sent between) before the refusal is taken for the whole channel's
CHATS_REFUSED_IN_A_ROW = 5
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
        # chats that refused one copy for themselves (see the module's docstring), until the task ends; their
        # copies are pending in the database and held back here from the claims meanwhile
        self._chat_paused: dict[tuple[str, str], asyncio.Task[None]] = {}
        self._chat_next_pause: dict[tuple[str, str], float] = {}
        self._held_back: dict[tuple[str, str], set[int]] = {}
        self._refused_in_a_row: dict[str, int] = {}  # per channel, chats refused with nothing sent since
        self._running = False  # between start and stop: claiming
        self._more = False  # copies may be pending that are not claimed yet
        # wake-ups so far: one during a claim means the claim may not have seen the copies it announced
        self._wakes = 0
        self._wakes_at_claim = 0
        self._asked = 0  # how many the claim under way asked for
        self._lanes: dict[tuple[str, str], deque[ClaimedCopy]] = {}  # per chat, claimed copies in order
        self._handing: set[int] = set()  # copies inside a channel's deliver now
        self._put_back: list[int] = []  # claimed copies never handed over, to release (a stop, a pause)
        self._held: set[int] = set()  # claimed by this run and not recorded: not claimed again
        self._lane_tasks: dict[tuple[str, str], asyncio.Task[None]] = {}
        self.digests = 0  # digest messages handed over, for the logs and tests
        self._turns = asyncio.Semaphore(AT_ONCE)
        self._idle = asyncio.Event()
        self._idle.set()

    async def start(self) -> int:
        """Marks the copies left 'sending' by the last run unknown, then sends what is pending. Returns how
        many became unknown."""
        now = self.clock.now()
        abandoned = await self.db.write(lambda conn: repo.abandon_in_flight(conn, now))
        if abandoned:
            log.warning("%s outbox copies had left when the bot stopped, unanswered: unknown, not resent "
                        "(at-most-once; the head may resend them)", abandoned)
        self.stopping = False
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
        """Stops claiming and sending; see the module's docstring for what becomes of the copies under way."""
        if not self._running:
            return
        self._running = False
        self.stopping = True  # from now on the leaving hook refuses: what has not left stays pending
        for pause in [*self._paused.values(), *self._chat_paused.values()]:
            pause.cancel()  # what waits out the pause is pending: it goes out after the next start
        # a lane whose copy waits at the limiter (not left) has nothing to wait for
        left = self._left_ids()
        for chat, task in list(self._lane_tasks.items()):
            lane = self._lanes.get(chat)
            if not lane or lane[0].id not in left:
                task.cancel()
        self._write_soon()
        try:
            await asyncio.wait_for(self._idle.wait(), grace)
        except TimeoutError:
            log.warning("outbox stopping with %s requests unanswered: unknown after the next start",
                        len(self._left))
            self._abandon()
        except asyncio.CancelledError:
            self._abandon()
            raise
        finally:
            self._held.clear()
            self._chat_paused.clear()  # cancelled above: their copies are pending for the next start
            self._held_back.clear()
        self._write_soon()
        await self._drain()
        self._idle.set()

    def _left_ids(self) -> set[int]:
        return {c.id for lane in self._lanes.values() for c in lane if id(c) in self._left}

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
        # LATER: nothing left; a copy already marked 'sending' (a 429 after the mark) goes back to pending
        again = put_back + [copy.id for copy, status in results if status == LATER]
        # released before the claim in the same transaction: a copy put back is claimable at once (unless its
        # channel is paused), as it was when a claim was a write
        self._held.difference_update(again)
        self._held.difference_update(copy.id for copy, _ in results)
        held = sorted(self._held.union(*self._held_back.values()))

        def work(conn: sqlite3.Connection, now: datetime) -> list[ClaimedCopy]:
            if done:
                repo.record(conn, done, now)
            if again:
                repo.release(conn, again)
            return repo.claim(conn, take, skip_channels=paused, held=held) if take else []

        return work

    def _mark_leaving(self, claims: list[ClaimedCopy]) -> Work[ClaimedCopy]:
        ids = [copy.id for copy in claims]

        def work(conn: sqlite3.Connection, now: datetime) -> list[ClaimedCopy]:
            repo.mark_sending(conn, ids, now)
            return []

        return work

    def _claimed(self, claimed: list[ClaimedCopy]) -> None:
        if len(claimed) < self._asked and self._wakes == self._wakes_at_claim:
            self._more = False  # everything pending is claimed; the next enqueue wakes us
        for copy in claimed:
            self._held.add(copy.id)
            chat = (copy.channel, copy.chat_id)
            if chat in self._chat_paused:  # enqueued after the chat refused: it waits with the others
                self._held_back[chat].add(copy.id)
                self._put_back.append(copy.id)
                self._write_soon()
                continue
            lane = self._lanes.get(chat)
            if lane is not None:
                lane.append(copy)
            else:
                self._lanes[chat] = deque([copy])
                task = asyncio.create_task(self._send_in_order(chat))
                self._tasks.add(task)
                self._lane_tasks[chat] = task
                task.add_done_callback(self._tasks.discard)

    def _reply(self, claim: ClaimedCopy) -> Reply:
        return _parsed(claim.body)

    async def _write_all(self) -> None:
        try:
            await super()._write_all()
        finally:
            # no await between the last (empty) write and here, so nothing can have come back unrecorded
            paused = bool(self._paused) or bool(self._chat_paused)
            claiming = self._running and (self._more or paused) and self._failure is None
            if not (self._in_flight or self._results or claiming):
                self._idle.set()

    async def _send_in_order(self, chat: tuple[str, str]) -> None:
        lane = self._lanes[chat]
        try:
            while lane and not self.stopping:
                copy = lane[0]
                async with self._turns:
                    if copy.channel in self._paused:  # its channel could not be reached: wait for a later claim
                        self._put_back.extend(c.id for c in lane)
                        lane.clear()
                        self._write_soon()
                        return
                    digest = self._digest(lane)
                    sending = digest[0] if digest else [copy]
                    self._handing.update(c.id for c in sending)
                    try:
                        if digest:
                            self.digests += 1
                            status = await self._hand_over_as_one(*digest)
                        else:
                            status = await self._hand_over(copy)
                    finally:
                        self._handing.difference_update(c.id for c in sending)
                for _ in sending:
                    lane.popleft()
                if status == LATER and isinstance(status, OneRecipient) and not self._channel_refuses(copy.channel):
                    self._pause_chat(chat, sending, lane)
                    return
                if status == LATER:
                    self._pause_claims(copy.channel)
                elif status == SENT:
                    self._next_pause.pop(copy.channel, None)
                    self._chat_next_pause.pop(chat, None)
                    self._refused_in_a_row.pop(copy.channel, None)
        finally:
            if self.stopping:  # what did not leave stays pending; the stop's last write forgets the claims
                self._put_back.extend(c.id for c in lane if id(c) not in self._left)
                self._write_soon()
            del self._lanes[chat]
            self._lane_tasks.pop(chat, None)

    def _digest(self, lane: deque[ClaimedCopy]) -> tuple[list[ClaimedCopy], Reply] | None:
        """The plain copies at the head of a busy lane, as one digest message (None when the lane is not busy,
        or its next copy has buttons or files and must go as it is)."""
        if len(lane) <= DIGEST_OVER:
            return None
        copies: list[ClaimedCopy] = []
        items: list[str] = []
        size = 0
        for copy in lane:
            reply = self._reply(copy)
            if reply.choices or reply.resend or len(copies) == DIGEST_MOST:
                break
            item = t("outbox.digest.item", number=len(copies) + 1, text=reply.text)
            if copies and size + len(item) > DIGEST_CHARS:
                break
            copies.append(copy)
            items.append(item)
            size += len(item)
        if len(copies) < 2:
            return None
        text = t("outbox.digest", count=len(copies)) + "\n\n" + "\n\n".join(items)
        return copies, Reply(text)

    def _channel_refuses(self, channel: str) -> bool:
        """One more chat of `channel` refused a copy for itself: True once so many were, with nothing sent
        between, that the limit is the channel's (a bot's monthly quota spent answers every chat alike)."""
        refused = self._refused_in_a_row[channel] = self._refused_in_a_row.get(channel, 0) + 1
        if refused < CHATS_REFUSED_IN_A_ROW:
            return False
        self._refused_in_a_row.pop(channel, None)
        return True

    def _pause_chat(self, chat: tuple[str, str], refused: list[ClaimedCopy], lane: deque[ClaimedCopy]) -> None:
        """`chat` refused `refused` for itself: its copies wait (pending) while the other chats' go on."""
        held = self._held_back.setdefault(chat, set())
        # their LATER result puts the refused copies back to pending; held back, they are not claimed again
        held.update(c.id for c in refused)
        held.update(c.id for c in lane)
        self._put_back.extend(c.id for c in lane)
        lane.clear()
        self._write_soon()
        if not self._running or chat in self._chat_paused:
            return
        pause = self._chat_next_pause.get(chat, FIRST_PAUSE)
        self._chat_next_pause[chat] = min(pause * 2, LONGEST_PAUSE)
        log.info("%s chat %s refused a copy for itself (429); its copies wait %.0f s, the other chats' go on",
                 chat[0], chat[1], pause)
        self._chat_paused[chat] = asyncio.create_task(self._resume_chat_after(chat, pause))

    async def _resume_chat_after(self, chat: tuple[str, str], pause: float) -> None:
        await self._sleep(pause)
        del self._chat_paused[chat]
        self._held_back.pop(chat, None)
        self._wakes += 1  # as in _resume_after
        self._more = True
        self._write_soon()

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
