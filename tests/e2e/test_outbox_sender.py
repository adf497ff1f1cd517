"""The outbox's sender at the service level, against a real database and channels that record what they get.

Every copy goes out once and is recorded; copies to one chat go out in the order they were enqueued, even
when they are claimed in different chunks; what is claimed and not recorded never exceeds the window; a
stop lets the sends under way finish, or past its grace puts back what never reached a channel and leaves
what was being sent to become 'unknown' at the next start, which does not send it again.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import datetime
from typing import Any

from bot.domain.clock import FakeClock
from bot.services.notify import BLOCKED, FAILED, LATER, SENT
from bot.services.outbox import OutboxService
from bot.services.outbox_sender import AT_ONCE, OutboxSender
from bot.text.messages import Choice, Copy, Reply
from storage import people
from storage.db import Database
from tests.e2e.harness import TZ

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=TZ)


class Channel:
    """Records what it is handed, in order. `statuses` answers per chat (SENT otherwise); with `gate`, no send
    comes back before the gate opens; `raises` makes a send fail with an exception."""

    def __init__(self, db: Database, gate: asyncio.Event | None = None, statuses: dict[str, str] | None = None,
                 raises: set[str] | None = None) -> None:
        self.db = db
        self.gate = gate
        self.statuses = statuses or {}
        self.raises = raises or set()
        self.down = False  # while set, every send answers LATER: the channel cannot be reached
        self.handed: list[tuple[str, str]] = []  # (chat, text)
        self.delivered: list[tuple[str, str]] = []  # those answered SENT
        self.waiting = 0  # sends inside deliver now
        self.most_waiting = 0
        self.most_sending = 0
        self.handed_any = asyncio.Event()
        self._changed = asyncio.Condition()

    async def until_delivered(self, count: int) -> None:
        """Returns once `count` copies were answered SENT."""
        async with self._changed:
            await self._changed.wait_for(lambda: len(self.delivered) >= count)

    async def until_waiting(self, count: int) -> None:
        """Returns once `count` sends are inside deliver at once."""
        async with self._changed:
            await self._changed.wait_for(lambda: self.waiting >= count)

    async def deliver(self, chat_id: str, reply: Reply, leaving=None) -> str:
        if leaving is not None:
            await leaving()  # a fake send leaves at once: no limiter to wait at
        self.handed.append((chat_id, reply.text))
        self.handed_any.set()
        async with self.db.reading() as conn:
            sending = (await conn.execute_fetchall("SELECT count(*) FROM outbox_copy WHERE status = 'sending'"))[0][0]
        self.most_sending = max(self.most_sending, sending)
        self.waiting += 1
        self.most_waiting = max(self.most_waiting, self.waiting)
        async with self._changed:
            self._changed.notify_all()
        try:
            if self.gate is not None:
                await self.gate.wait()
            await asyncio.sleep(0)  # a send takes at least a turn of the loop, so sends overlap
        finally:
            self.waiting -= 1
        if chat_id in self.raises:
            raise ConnectionError("the channel broke")
        if self.down:
            return LATER
        status = self.statuses.get(chat_id, SENT)
        if status == SENT:
            self.delivered.append((chat_id, reply.text))
            async with self._changed:
                self._changed.notify_all()
        return status


async def people_with_chats(db: Database, count: int) -> list[tuple[int, str]]:
    """(person, chat) for `count` new people reachable on Telegram."""
    found = []
    async with db.transaction() as conn:
        for _ in range(count):
            person = await people.create_person(conn, "Đại diện", "vi", NOW)
            chat = str(7_000_000 + person.id)
            await people.add_identity(conn, "telegram", chat, person.id, chat, None, NOW)
            found.append((person.id, chat))
    return found


def copies_of(reply: Reply, targets: list[tuple[int, str]], origin: str = "notice:1") -> list[Copy]:
    return [Copy(reply, "telegram", chat, person, origin) for person, chat in targets]


async def statuses(db: Database) -> Counter:
    async with db.reading() as conn:
        return Counter({r[0]: r[1] for r in await conn.execute_fetchall(
            "SELECT status, count(*) FROM outbox_copy GROUP BY status")})


async def started(db: Database, clock: FakeClock, channel: Channel, **kw: Any) -> tuple[OutboxService, OutboxSender]:
    """An outbox and its sender handing copies to `channel`, started and woken by every enqueue, as in the bot."""
    outbox = OutboxService(db, clock)
    sender = OutboxSender(db, clock, {"telegram": channel}, **kw)
    outbox.on_enqueued = sender.wake
    await sender.start()
    return outbox, sender


async def test_every_copy_goes_out_once_in_order_per_chat_with_bounded_claims(tmp_path):
    async with Database(tmp_path / "outbox.sqlite3") as db:
        clock = FakeClock(NOW)
        channel = Channel(db)
        outbox, sender = await started(db, clock, channel, window=8)
        targets = await people_with_chats(db, 30)
        # three messages to every chat, the last with a button: 90 copies, claimed 4 to 8 at a time
        for number in (1, 2, 3):
            rows = [[Choice("Đã nhận", f"qr:{number}")]] if number == 3 else []
            await outbox.enqueue(copies_of(Reply(f"Thông báo số {number}", rows), targets))
        await sender.wait_idle()

        assert Counter(chat for chat, _ in channel.handed) == {chat: 3 for _, chat in targets}
        for _, chat in targets:
            assert [text for to, text in channel.handed if to == chat] == [f"Thông báo số {n}" for n in (1, 2, 3)]
        assert channel.most_sending <= 8
        assert await statuses(db) == {"sent": 90}
        await sender.stop()


async def test_a_broadcast_keeps_no_more_sends_at_the_channel_than_it_can_pace(tmp_path):
    async with Database(tmp_path / "outbox.sqlite3") as db:
        clock = FakeClock(NOW)
        channel = Channel(db, gate=asyncio.Event())
        outbox, sender = await started(db, clock, channel)
        await outbox.enqueue(copies_of(Reply("Thông báo"), await people_with_chats(db, 2 * AT_ONCE)))
        await channel.until_waiting(AT_ONCE)
        assert channel.gate is not None
        channel.gate.set()
        await sender.wait_idle()
        # the whole window was claimed, but only AT_ONCE waited at the channel: an answer to someone who
        # writes meanwhile does not queue behind the whole window; and only copies that left are 'sending'
        # (the claimed rest is pending in the database: a crash would not make it unknown)
        assert channel.most_sending <= AT_ONCE and channel.most_waiting == AT_ONCE
        assert await statuses(db) == {"sent": 2 * AT_ONCE}
        await sender.stop()


async def test_blocked_failed_and_broken_sends_are_recorded_and_the_blocked_person_marked(tmp_path):
    async with Database(tmp_path / "outbox.sqlite3") as db:
        clock = FakeClock(NOW)
        (blocker, blocked_chat), (_, refused_chat), (_, broken_chat), (_, fine_chat) = await people_with_chats(db, 4)
        channel = Channel(db, statuses={blocked_chat: BLOCKED, refused_chat: FAILED}, raises={broken_chat})
        outbox, sender = await started(db, clock, channel)
        await outbox.enqueue(copies_of(Reply("Thông báo"), [(blocker, blocked_chat), (blocker, refused_chat),
                                                            (blocker, broken_chat), (blocker, fine_chat)]))
        # a copy for a channel that is not running fails rather than waiting forever
        await outbox.enqueue([Copy(Reply("Thông báo"), "zalo", "z1", None, "notice:1")])
        await sender.wait_idle()

        # the broken send raised after it left: it may have arrived, so it is unknown (never retried)
        assert await statuses(db) == {"sent": 1, "blocked": 1, "failed": 2, "unknown": 1}
        async with db.reading() as conn:
            identity = await people.identity(conn, "telegram", blocked_chat)
        assert identity is not None and identity.blocked_at is not None
        await sender.stop()


async def test_a_stop_lets_the_sends_under_way_finish_and_leaves_the_rest_pending(tmp_path):
    async with Database(tmp_path / "outbox.sqlite3") as db:
        clock = FakeClock(NOW)
        channel = Channel(db, gate=asyncio.Event())
        outbox, sender = await started(db, clock, channel, window=4)
        await outbox.enqueue(copies_of(Reply("Thông báo"), await people_with_chats(db, 10)))
        await channel.handed_any.wait()
        stopping = asyncio.create_task(sender.stop())
        await asyncio.sleep(0)
        assert channel.gate is not None
        channel.gate.set()  # the sends under way come back within the grace period
        await stopping

        assert len(channel.handed) == 4
        assert await statuses(db) == {"sent": 4, "pending": 6}
        # copies enqueued after the stop wait for the next start
        await outbox.enqueue(copies_of(Reply("Thông báo khác"), await people_with_chats(db, 1)))
        assert await statuses(db) == {"sent": 4, "pending": 7}


async def test_past_its_grace_a_stop_puts_back_what_never_left_and_the_next_start_sends_it_once(tmp_path):
    async with Database(tmp_path / "outbox.sqlite3") as db:
        clock = FakeClock(NOW)
        stuck = Channel(db, gate=asyncio.Event())  # never opens: a send that hangs
        outbox, sender = await started(db, clock, stuck, window=6)
        targets = await people_with_chats(db, 3)
        # two messages to each of three chats: the first of each is being sent, the second waits behind it
        await outbox.enqueue(copies_of(Reply("Số 1"), targets))
        await outbox.enqueue(copies_of(Reply("Số 2"), targets))
        await stuck.until_waiting(3)
        await sender.stop(grace=0)
        assert await statuses(db) == {"sending": 3, "pending": 3}

        channel = Channel(db)
        restarted = OutboxSender(db, clock, {"telegram": channel})
        assert await restarted.start() == 3
        await restarted.wait_idle()
        # what was being sent may have arrived: it is unknown and not sent again; what never left goes out
        assert sorted(channel.handed) == sorted((chat, "Số 2") for _, chat in targets)
        assert await statuses(db) == {"unknown": 3, "sent": 3}
        await restarted.stop()


class ManualPause:
    """The sender's pause after a channel could not be reached, ended by the test: no real time passes."""

    def __init__(self) -> None:
        self.asked: list[float] = []
        self.begun = asyncio.Event()
        self._current: asyncio.Future[None] | None = None

    async def __call__(self, seconds: float) -> None:
        self.asked.append(seconds)
        self._current = asyncio.get_running_loop().create_future()
        self.begun.set()
        await self._current

    def end(self) -> None:
        assert self._current is not None
        self.begun.clear()
        self._current.set_result(None)


async def test_an_outage_delays_the_copies_in_order_with_longer_pauses_and_loses_none(tmp_path):
    async with Database(tmp_path / "outbox.sqlite3") as db:
        clock = FakeClock(NOW)
        targets = await people_with_chats(db, 3)
        channel = Channel(db)
        channel.down = True  # an outage
        pause = ManualPause()
        outbox, sender = await started(db, clock, channel, sleep=pause)
        await outbox.enqueue(copies_of(Reply("Số 1"), targets))
        await outbox.enqueue(copies_of(Reply("Số 2"), targets))
        await asyncio.wait_for(pause.begun.wait(), 10)
        handed = len(channel.handed)
        idle = asyncio.create_task(sender.wait_idle())
        for _ in range(20):
            await asyncio.sleep(0)
        # paused: nothing more is handed to the channel, and the sender is not idle (copies still to go)
        assert len(channel.handed) == handed and not idle.done()
        pause.end()
        await asyncio.wait_for(pause.begun.wait(), 10)  # still down at the next try: a longer pause
        channel.down = False
        pause.end()
        await asyncio.wait_for(idle, 10)

        assert pause.asked == [5.0, 10.0]
        assert await statuses(db) == {"sent": 6}
        for _, chat in targets:  # each copy once, each chat's in the order they were enqueued
            assert [text for to, text in channel.delivered if to == chat] == ["Số 1", "Số 2"]
        await sender.stop()


async def test_a_stop_during_a_pause_leaves_the_copies_pending_for_the_next_start(tmp_path):
    async with Database(tmp_path / "outbox.sqlite3") as db:
        clock = FakeClock(NOW)
        targets = await people_with_chats(db, 2)
        pause = ManualPause()
        down = Channel(db)
        down.down = True
        outbox, sender = await started(db, clock, down, sleep=pause)
        await outbox.enqueue(copies_of(Reply("Thông báo"), targets))
        await asyncio.wait_for(pause.begun.wait(), 10)
        await sender.stop()
        assert await statuses(db) == {"pending": 2}

        channel = Channel(db)
        _, restarted = await started(db, clock, channel)
        await restarted.wait_idle()
        assert sorted(channel.delivered) == sorted((chat, "Thông báo") for _, chat in targets)
        assert await statuses(db) == {"sent": 2}
        await restarted.stop()


async def test_one_channel_down_does_not_hold_up_the_other(tmp_path):
    async with Database(tmp_path / "outbox.sqlite3") as db:
        clock = FakeClock(NOW)
        targets = await people_with_chats(db, 4)
        telegram, zalo = Channel(db), Channel(db)
        zalo.down = True
        pause = ManualPause()
        outbox = OutboxService(db, clock)
        sender = OutboxSender(db, clock, {"telegram": telegram, "zalo": zalo}, sleep=pause)
        outbox.on_enqueued = sender.wake
        await sender.start()
        # the copies alternate between the channels, so Zalo's fail among Telegram's
        copies = [Copy(Reply(f"Số {n}"), "zalo" if index % 2 else "telegram", chat, person, "notice:1")
                  for n in (1, 2) for index, (person, chat) in enumerate(targets)]
        await outbox.enqueue(copies)
        await asyncio.wait_for(pause.begun.wait(), 10)
        await asyncio.wait_for(telegram.until_delivered(4), 10)  # Telegram's go out while Zalo is paused
        assert pause.asked == [5.0] and zalo.delivered == []
        zalo.down = False
        pause.end()
        await sender.wait_idle()
        assert await statuses(db) == {"sent": 8}
        for channel, first in ((telegram, 0), (zalo, 1)):
            for _, chat in targets[first::2]:
                assert [text for to, text in channel.delivered if to == chat] == ["Số 1", "Số 2"]
        await sender.stop()


class QueuedAtTheLimiter:
    """Sends that wait at the limiter and never get a slot, except the first `leave` ones, whose requests leave
    and are never answered (a backlog behind a stalled Telegram)."""

    def __init__(self, leave: int = 2) -> None:
        self.leave = leave
        self.marked = 0
        self.entered = 0
        self.all_entered = asyncio.Event()
        self.all_left = asyncio.Event()  # every mark committed: the hook returned

    async def deliver(self, chat_id: str, reply: Reply, leaving=None) -> str:
        self.entered += 1
        if self.entered >= AT_ONCE:
            self.all_entered.set()
        if self.leave > 0:
            self.leave -= 1
            assert leaving is not None
            await leaving()
            self.marked += 1
            if self.marked == 2:
                self.all_left.set()
        await asyncio.Event().wait()
        return SENT


async def test_a_stop_under_a_backlog_keeps_what_did_not_leave_pending_and_ends_within_its_bound(tmp_path):
    async with Database(tmp_path / "outbox.sqlite3") as db:
        clock = FakeClock(NOW)
        channel = QueuedAtTheLimiter(leave=2)
        outbox, sender = await started(db, clock, channel)  # type: ignore[arg-type]
        await outbox.enqueue(copies_of(Reply("Thông báo"), await people_with_chats(db, 300)))
        await channel.all_entered.wait()
        await channel.all_left.wait()
        # the two requests out are given the grace to be answered (0 here); everything else is dropped at once
        await asyncio.wait_for(sender.stop(grace=0.0), 10)
        assert await statuses(db) == {"pending": 298, "sending": 2}
        # the next start: the two that left may have arrived (unknown), the 298 go out
        delivering = Channel(db)
        again = OutboxSender(db, clock, {"telegram": delivering})
        assert await again.start() == 2
        await again.wait_idle()
        assert await statuses(db) == {"sent": 298, "unknown": 2}
        await again.stop()
