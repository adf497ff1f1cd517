"""Reminders at scale: restart-to-ready time and memory with 100,000 pending reminders, and lateness when
5,000 fall due at once.

Restart-to-ready is what `bot.py run` does before it can send: open the database, build the services,
start the scheduler (recover claims left by a crash, find the earliest due time, arm one timer).
Lateness is due time to hand-over to the sender, with a sender that only records the hand-over.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bench.report import Figure
from bot.app import event_loop
from bot.app.scheduler import ReminderScheduler
from bot.domain.clock import FakeClock
from bot.domain.criteria_import import sample_criteria
from bot.services.container import Services
from bot.services.notify import SENT
from bot.services.people import system_actor
from bot.text.messages import Reply
from handlers.reminder_text import ReminderText
from storage import blocs, people
from storage import reminders as repo
from storage.db import Database
from storage.timefmt import to_db

NAME = "reminders at scale"
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
START = datetime(2026, 11, 1, 9, 0, tzinfo=TZ)


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class RecordingSender:
    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.handed: list[float] = []

    async def deliver(self, chat_id: str, reply: Reply) -> str:
        self.handed.append(time.perf_counter())
        return SENT


async def build(path: Path, units: int, per_unit: int, due_together: int) -> None:
    """A bloc-year with `units` units, one representative each, and `per_unit` pending reminders per unit."""
    db = Database(path)
    await db.open()
    clock = FakeClock(START)
    services = Services.build(db, clock, TZ, frozenset(), reminder_text=ReminderText(TZ))
    now = clock.now()
    async with db.transaction() as conn:
        bloc = await blocs.create_bloc(conn, "Khối quy mô lớn", "khoi quy mo lon", now, None)
        year_id = await blocs.create_year(conn, bloc.id, 2026, now)
        for i in range(units):
            unit = await blocs.add_unit(conn, bloc.id, f"Đơn vị {i}", f"don vi {i}", None, None, now)
            await blocs.add_member(conn, year_id, bloc.id, unit.id, now)
            person = await people.create_person(conn, f"Đại diện {i}", "vi", now)
            await people.add_identity(conn, "telegram", str(10_000_000 + i), person.id, str(10_000_000 + i), None,
                                      now)
            await people.add_representative(conn, unit.id, person.id, None, now)
        await conn.execute(
            "INSERT INTO deadline (year_id, step, due_at, set_at) VALUES (?, 'self_assessment', ?, ?)",
            (year_id, to_db(START + timedelta(days=60)), to_db(now)),
        )
    async with db.reading() as conn:
        year_row = await blocs.get_year(conn, year_id)
    assert year_row is not None
    await services.assessment.load_table(system_actor(year_row), sample_criteria(), "sample")
    rows = []
    for unit_id in range(1, units + 1):
        for k in range(per_unit):
            # the first `due_together` units share one due time; the rest are spread over the weeks ahead
            due = START + timedelta(days=1) if unit_id <= due_together and k == 0 else \
                START + timedelta(days=2 + k, minutes=unit_id % 600)
            rows.append((year_id, "self_assessment", "unit", unit_id, -1000 - k, "r1", due))
    async with db.transaction() as conn:
        await repo.add_planned(conn, rows)
    await db.close()


async def measure(path: Path, due_together: int) -> dict:
    before = rss_mb()
    started = time.perf_counter()
    db = Database(path)
    await db.open()
    clock = FakeClock(START)
    services = Services.build(db, clock, TZ, frozenset(), reminder_text=ReminderText(TZ))
    sender = RecordingSender(clock)
    services.reminders.notifiers["telegram"] = sender
    scheduler = ReminderScheduler(services.reminders, clock)
    await scheduler.start()
    ready = time.perf_counter() - started
    after = rss_mb()
    async with db.reading() as conn, conn.execute("SELECT count(*) FROM reminder WHERE status = 'pending'") as cur:
        pending = (await cur.fetchone())[0]
    # they all fall due now: lateness is how long after this moment each one reached the sender
    clock.set(START + timedelta(days=1))
    due_at = time.perf_counter()
    await scheduler.wake()
    lateness = sorted(t - due_at for t in sender.handed)
    await scheduler.stop()
    await db.close()
    return {"pending": pending, "ready_s": ready, "rss_delta_mb": after - before, "handed": len(lateness),
            "p50": statistics.median(lateness) if lateness else 0.0,
            "p99": lateness[max(0, int(len(lateness) * 0.99) - 1)] if lateness else 0.0,
            "expected": due_together}


async def main(quick: bool) -> list[Figure]:
    units, per_unit, together = (1_000, 10, 500) if quick else (10_000, 10, 5_000)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "scale.sqlite3"
        built = time.perf_counter()
        await build(path, units, per_unit, together)
        built = time.perf_counter() - built
        result = await measure(path, together)
    print(f"reminders at scale: {units} units x {per_unit} pending reminders (built in {built:.1f} s)")
    print(f"  pending at start          {result['pending']}")
    print(f"  restart to ready          {result['ready_s'] * 1000:.0f} ms")
    print(f"  resident memory added     {result['rss_delta_mb']:.1f} MB")
    print(f"  {result['expected']} due at once: handed over {result['handed']}, lateness p50 "
          f"{result['p50'] * 1000:.0f} ms, p99 {result['p99'] * 1000:.0f} ms")
    return [
        Figure(NAME, "pending at start", str(result["pending"])),
        Figure(NAME, "restart to ready", f"{result['ready_s'] * 1000:.0f} ms", "≤ 0.5 s", result["ready_s"] <= 0.5),
        Figure(NAME, "resident memory added", f"{result['rss_delta_mb']:.1f} MB", "≤ 100 MB",
               result["rss_delta_mb"] <= 100),
        Figure(NAME, f"lateness p50, {result['expected']} due at once", f"{result['p50'] * 1000:.0f} ms"),
        # every reminder due must reach the sender for the percentile to mean anything
        Figure(NAME, f"lateness p99, {result['expected']} due at once", f"{result['p99'] * 1000:.0f} ms", "≤ 0.5 s",
               result["p99"] <= 0.5 and result["handed"] == result["expected"]),
    ]


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    event_loop.run(main(parser.parse_args().quick))
