"""The reminder sweep at the service level, against a real database: many reminders due at once.

Each due reminder reaches every representative of a unit that has not finished, once, on the channel
they chose; units that finished are skipped; what the sweep claims and has not recorded ('sending') never
exceeds the window, even with a slow sender; a bot that dies in the middle of a sweep sends nothing twice
after its restart, and leaves no more than the window unknown.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

from bot.domain.clock import FakeClock
from bot.domain.criteria_import import sample_criteria
from bot.services.container import Services
from bot.services.notify import SENT
from bot.services.people import system_actor
from bot.services.reminder_dispatch import IN_FLIGHT
from bot.text.messages import Reply
from handlers.reminder_text import ReminderText
from storage import blocs, people
from storage import reminders as repo
from storage.db import Database
from storage.rows import BlocYear
from storage.timefmt import to_db
from tests.e2e.harness import TZ

START = datetime(2026, 11, 2, 9, 0, tzinfo=TZ)
DEADLINE = datetime(2026, 11, 20, 17, 0, tzinfo=TZ)
SEVEN_DAYS_BEFORE = datetime(2026, 11, 13, 17, 5, tzinfo=TZ)
UNITS = 260  # more than twice the window: claims must come in several chunks


class Channels:
    """Both channels, recording what they were handed. With a `gate`, no delivery comes back before it opens
    (a sender busy with a long broadcast); `hold` keeps every delivery after the first `hold` from ever
    coming back."""

    def __init__(self, db: Database, gate: asyncio.Event | None = None, hold: int | None = None) -> None:
        self.db = db
        self.gate = gate
        self.hold = hold
        self.handed: list[tuple[str, str, str]] = []  # (channel, chat, text)
        self.most_sending = 0  # claims not yet recorded, seen at any hand-over
        self.most_at_once = 0  # deliveries under way together
        self.window_full = asyncio.Event()  # a window's worth held (or handed over, with no hold)
        self._at_once = 0

    def on(self, channel: str) -> _Channel:
        return _Channel(self, channel)

    async def deliver(self, channel: str, chat_id: str, reply: Reply, leaving=None) -> str:
        if leaving is not None:
            await leaving()  # a fake send leaves at once: no limiter to wait at
        self.handed.append((channel, chat_id, reply.text))
        held = self.hold is not None and len(self.handed) > self.hold
        if len(self.handed) >= IN_FLIGHT + (self.hold or 0):
            self.window_full.set()
        self._at_once += 1
        self.most_at_once = max(self.most_at_once, self._at_once)
        async with self.db.reading() as conn, conn.execute(
            "SELECT count(*) FROM reminder_delivery WHERE status = 'sending'"
        ) as cur:
            self.most_sending = max(self.most_sending, (await cur.fetchone())[0])
        if held:
            await asyncio.Event().wait()  # the process dies before this send comes back
        if self.gate is not None:
            await self.gate.wait()
        await asyncio.sleep(0)  # a send takes at least a turn of the loop, so deliveries overlap
        self._at_once -= 1
        return SENT

    def received(self) -> Counter:
        return Counter((channel, chat) for channel, chat, _ in self.handed)


class _Channel:
    def __init__(self, channels: Channels, name: str) -> None:
        self.channels = channels
        self.name = name

    async def deliver(self, chat_id: str, reply: Reply, leaving=None) -> str:
        return await self.channels.deliver(self.name, chat_id, reply, leaving)


async def build(db: Database, clock: FakeClock) -> tuple[Services, BlocYear, dict[str, list[tuple[str, str]]]]:
    """A bloc-year of UNITS units with a deadline set; returns where each unit's reminder must go."""
    services = Services.build(db, clock, TZ, frozenset(), reminder_text=ReminderText(TZ))
    now = clock.now()
    expected: dict[str, list[tuple[str, str]]] = {}
    async with db.transaction() as conn:
        bloc = await blocs.create_bloc(conn, "Khối quét nhắc hạn", "khoi quet nhac han", now, None)
        year_id = await blocs.create_year(conn, bloc.id, 2026, now)
        for i in range(UNITS):
            name = f"Đơn vị {i}"
            unit = await blocs.add_unit(conn, bloc.id, name, f"don vi {i}", None, None, now)
            await blocs.add_member(conn, year_id, bloc.id, unit.id, now)
            expected[name] = await _representatives(conn, unit.id, i, now)
    async with db.reading() as conn:
        year = await blocs.get_year(conn, year_id)
    assert year is not None
    await services.assessment.load_table(system_actor(year), sample_criteria(), "sample")
    async with db.transaction() as conn:
        await _sheets(conn, year_id, expected, now)
    await services.deadlines.set_deadline(system_actor(year), "self_assessment", DEADLINE)
    return services, year, expected


async def _representatives(conn, unit_id: int, i: int, now: datetime) -> list[tuple[str, str]]:
    """Unit 0: Telegram and Zalo, chose Zalo. 1: both, chose nothing (both get it). 2: chose Zalo, which
    is blocked (falls back to Telegram). 3: two representatives. The rest: one, on Telegram."""
    persons = 2 if i == 3 else 1
    chats = []
    for k in range(persons):
        person = await people.create_person(conn, f"Đại diện {i}.{k}", "vi", now)
        telegram, zalo = str(5_000_000 + 10 * i + k), f"z{10 * i + k}"
        await people.add_identity(conn, "telegram", telegram, person.id, telegram, None, now)
        if i <= 2:
            await people.add_identity(conn, "zalo", zalo, person.id, zalo, None, now)
        if i in (0, 2):
            await people.set_notice_channel(conn, person.id, "zalo", now)
        if i == 2:
            await people.mark_blocked(conn, "zalo", zalo, now)
        await people.add_representative(conn, unit_id, person.id, None, now)
        chats += {0: [("zalo", zalo)], 1: [("telegram", telegram), ("zalo", zalo)]}.get(i, [("telegram", telegram)])
    return chats


async def _sheets(conn, year_id: int, expected: dict[str, list[tuple[str, str]]], now: datetime) -> None:
    """Unit 4 submitted and unit 5 was sent back for explanations (neither is reminded to self-assess);
    unit 6 scored 3 criteria of its draft."""
    async with conn.execute("SELECT current_table_id FROM assessment_setting WHERE year_id = ?", (year_id,)) as cur:
        table_id = (await cur.fetchone())[0]
    for i, status in ((4, "submitted"), (5, "returned"), (6, "draft")):
        async with conn.execute(
            "INSERT INTO sheet (year_id, unit_id, table_id, status, created_at)"
            " SELECT ?, id, ?, ?, ? FROM unit WHERE name = ? RETURNING id",
            (year_id, table_id, status, to_db(now), f"Đơn vị {i}"),
        ) as cur:
            sheet_id = (await cur.fetchone())[0]
        if status != "draft":
            del expected[f"Đơn vị {i}"]
    for criterion in [c.code for c in sample_criteria().criteria][:3]:
        await conn.execute(
            "INSERT INTO score_entry (sheet_id, table_id, criterion, layer, entered, points_centi, at)"
            " VALUES (?, ?, ?, 'self', '1', 100, ?)",
            (sheet_id, table_id, criterion, to_db(now)),
        )


def channels(services: Services, db: Database, **options) -> Channels:
    found = Channels(db, **options)
    services.reminders.notifiers.update({name: found.on(name) for name in ("telegram", "zalo")})
    return found


async def test_every_late_unit_is_reminded_once_on_its_channels_with_bounded_claims(tmp_path):
    clock = FakeClock(START)
    async with Database(tmp_path / "sweep.sqlite3") as db:
        services, _, expected = await build(db, clock)
        found = channels(services, db)
        clock.set(SEVEN_DAYS_BEFORE)
        await services.reminders.sweep()

        want = Counter(chat for chats in expected.values() for chat in chats)
        assert found.received() == want and set(want.values()) == {1}
        texts = {chat: text for _, chat, text in found.handed}
        assert "Còn 25 tiêu chí chưa chấm." in texts["5000060"]
        assert "Còn 28 tiêu chí chưa chấm." in texts["5000070"]
        # never more claimed than the window, and the slow sender kept busy with at least half of it
        assert found.most_sending <= IN_FLIGHT
        assert found.most_at_once >= IN_FLIGHT // 2
        async with db.reading() as conn:
            async with conn.execute("SELECT status, count(*) FROM reminder_delivery GROUP BY status") as cur:
                assert dict(await cur.fetchall()) == {"sent": sum(want.values())}
            async with conn.execute(
                "SELECT outcome, count(*) FROM reminder WHERE status = 'done' GROUP BY outcome"
            ) as cur:
                assert dict(await cur.fetchall()) == {"sent": UNITS - 2, "completed": 2}
        # nothing is sent again by a second sweep
        assert await services.reminders.sweep() == 0
        assert found.received() == want


async def test_a_deadline_moved_during_a_sweep_stops_the_old_reminders_not_yet_handed_over(tmp_path):
    clock = FakeClock(START)
    async with Database(tmp_path / "moved.sqlite3") as db:
        services, year, _ = await build(db, clock)
        found = channels(services, db, gate=asyncio.Event())
        clock.set(SEVEN_DAYS_BEFORE)
        sweep = asyncio.create_task(services.reminders.sweep())
        await found.window_full.wait()
        await services.deadlines.set_deadline(system_actor(year), "self_assessment", DEADLINE + timedelta(days=2),
                                              "Theo đề nghị của các đơn vị")
        assert found.gate is not None
        found.gate.set()
        await sweep
        # what was claimed before the move still goes out and is recorded; nothing of the old plan after it
        assert IN_FLIGHT <= len(found.handed) < 2 * IN_FLIGHT
        async with db.reading() as conn:
            async with conn.execute("SELECT status, count(*) FROM reminder_delivery GROUP BY status") as cur:
                assert dict(await cur.fetchall()) == {"sent": len(found.handed)}
            async with conn.execute(
                "SELECT count(*) FROM reminder WHERE status = 'pending' AND due_at <= ?", (to_db(clock.now()),)
            ) as cur:
                assert (await cur.fetchone())[0] == 0


def snapshot(path: Path, to: Path) -> None:
    """What a process killed now leaves on disk: everything committed, nothing else."""
    with sqlite3.connect(path) as source, sqlite3.connect(to) as copy:
        source.backup(copy)


async def test_a_bot_killed_in_mid_sweep_sends_nothing_twice_after_restart(tmp_path):
    clock = FakeClock(START)
    path, copy = tmp_path / "sweep.sqlite3", tmp_path / "after-crash.sqlite3"
    async with Database(path) as db:
        services, _, expected = await build(db, clock)
        before = channels(services, db, hold=IN_FLIGHT // 2)
        clock.set(SEVEN_DAYS_BEFORE)
        sweep = asyncio.create_task(services.reminders.sweep())
        await before.window_full.wait()  # the window is full of sends that never come back
        snapshot(path, copy)
        sweep.cancel()
        await asyncio.gather(sweep, return_exceptions=True)

    async with Database(copy) as db:
        clock = FakeClock(SEVEN_DAYS_BEFORE + timedelta(minutes=5))
        services = Services.build(db, clock, TZ, frozenset(), reminder_text=ReminderText(TZ))
        unknown = await services.reminders.recover()
        after = channels(services, db)
        await services.reminders.sweep()

    first, second = before.received(), after.received()
    assert max((first + second).values()) == 1  # nobody got it twice
    assert 0 < unknown <= IN_FLIGHT
    want = {chat for chats in expected.values() for chat in chats}
    assert len(want - set(first) - set(second)) <= unknown  # only sends in flight at the crash are lost


async def test_a_claim_takes_only_deliveries_of_pending_reminders_not_yet_claimed(tmp_path):
    now = datetime(2026, 11, 2, 9, 0, tzinfo=TZ)
    async with Database(tmp_path / "claims.sqlite3") as db:
        async with db.transaction() as conn:
            bloc = await blocs.create_bloc(conn, "Khối", "khoi", now, None)
            year_id = await blocs.create_year(conn, bloc.id, 2026, now)
            persons = [(await people.create_person(conn, f"P{i}", "vi", now)).id for i in range(3)]
            await repo.add_planned(conn, [(year_id, "covenant", "summary", 0, k, "r1", now) for k in (1, 2)])
            kept, moved = [r.id for r in await repo.due(conn, now, 10)]
            await conn.execute("UPDATE reminder SET status = 'cancelled' WHERE id = ?", (moved,))
            # an earlier version left one delivery pending (never claimed) and one sent
            await conn.execute("INSERT INTO reminder_delivery (reminder_id, person_id, channel, chat_id)"
                               " VALUES (?, ?, 'telegram', 'c0')", (kept, persons[0]))
            await conn.execute("INSERT INTO reminder_delivery (reminder_id, person_id, channel, chat_id, status)"
                               " VALUES (?, ?, 'telegram', 'c1', 'sent')", (kept, persons[1]))
        wanted = [(kept, p, "telegram", f"c{i}") for i, p in enumerate(persons)]
        wanted.append((moved, persons[2], "telegram", "c2"))
        claimed = await db.write(lambda conn: repo.claim(conn, wanted, now))
        assert sorted(d.chat_id for d in claimed) == ["c0", "c2"] and {d.reminder_id for d in claimed} == {kept}
        # a claim alone is not durable: until its request leaves, a delivery is pending and a later sweep (after
        # a crash) claims it again; once it left, never
        again = [(kept, persons[2], "telegram", "c2")]
        assert [d.status for d in await db.write(lambda conn: repo.claim(conn, again, now))] == ["pending"]
        await db.write(lambda conn: repo.mark_sending(conn, claimed, now))
        assert await db.write(lambda conn: repo.claim(conn, again, now)) == []


class GatedChannel:
    """Hands-over are recorded; none comes back until the gate opens (a sender pacing a long broadcast)."""

    def __init__(self) -> None:
        self.gate = asyncio.Event()
        self.handed: list[str] = []
        self.first = asyncio.Event()

    async def deliver(self, chat_id: str, reply: Reply, leaving=None) -> str:
        if leaving is not None:
            await leaving()
        self.handed.append(chat_id)
        self.first.set()
        await self.gate.wait()
        return SENT


async def test_moving_a_deadline_during_a_long_sweep_answers_at_once_and_the_sweep_looks_again(tmp_path):
    from bot.app.scheduler import ReminderScheduler

    clock = FakeClock(START)
    async with Database(tmp_path / "moved-later.sqlite3") as db:
        services, year, _ = await build(db, clock)
        gated = GatedChannel()
        services.reminders.notifiers.update({"telegram": gated, "zalo": gated})
        scheduler = ReminderScheduler(services.reminders, clock)
        await scheduler.start()
        clock.set(SEVEN_DAYS_BEFORE)
        sweeping = asyncio.create_task(scheduler.wake())
        await gated.first.wait()
        # the head moves the deadline while the sweep is stuck behind the sender: the answer does not wait
        moving = services.deadlines.set_deadline(system_actor(year), "self_assessment", DEADLINE + timedelta(days=1),
                                                 "Theo đề nghị của các đơn vị")
        await asyncio.wait_for(moving, 10)  # a bound only for the failing case: it used to wait for the sweep
        assert not sweeping.done()
        gated.gate.set()
        await sweeping
        async with db.reading() as conn:
            async with conn.execute(
                "SELECT count(*) FROM reminder WHERE status = 'pending' AND due_at <= ?", (to_db(clock.now()),)
            ) as cur:
                assert (await cur.fetchone())[0] == 0  # the second look left nothing due behind
        await scheduler.stop()
