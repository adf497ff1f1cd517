"""Storage under concurrency: 10,000 score answers from many tasks at once, each confirmed only after its
transaction committed. Reports confirmed writes per second and errors (a "database is locked" among them).

Each answer goes through `Database.write` with the repository function the scoring service uses, so the
figure is that of the production path: answers queued together share one transaction (group commit).
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.report import Figure
from bot.app import event_loop
from storage import assessment, blocs
from storage.db import Database

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
GOAL_PER_SECOND = 10_000


async def main(quick: bool) -> list[Figure]:
    writes = 2_000 if quick else 10_000
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(Path(tmp) / "writes.sqlite3")
        await db.open()
        async with db.transaction() as conn:
            bloc = await blocs.create_bloc(conn, "Khối đo ghi", "khoi do ghi", NOW, None)
            year_id = await blocs.create_year(conn, bloc.id, 2026, NOW)
            unit = await blocs.add_unit(conn, bloc.id, "Đơn vị", "don vi", None, None, NOW)
            await blocs.add_member(conn, year_id, bloc.id, unit.id, NOW)
            table = await assessment.add_table(conn, year_id, "bench", [], None, None, NOW, None)
            sheet = await assessment.create_sheet(conn, year_id, unit.id, table.id, NOW)
        errors: list[str] = []
        confirmed = 0

        async def answer(i: int) -> None:
            nonlocal confirmed
            try:
                stored = await db.write(lambda conn: assessment.add_entry(
                    conn, sheet, f"{i % 28}", "self", "5", 500, None, None, NOW, ("draft",)))
                if stored:
                    confirmed += 1  # write() returned: the answer is committed
            except Exception as exc:  # counted, not raised: the figure is how many failed
                errors.append(type(exc).__name__ + ": " + str(exc))

        started = time.perf_counter()
        await asyncio.gather(*(answer(i) for i in range(writes)))
        elapsed = time.perf_counter() - started
        async with db.reading() as conn, conn.execute("SELECT count(*) FROM score_entry") as cur:
            stored_rows = (await cur.fetchone())[0]
        await db.close()
    per_second = confirmed / elapsed
    print(f"storage: {writes} concurrent score answers, each confirmed after its commit")
    print(f"  confirmed {confirmed}, stored {stored_rows}, errors {len(errors)}"
          f"{' (' + errors[0] + ')' if errors else ''}")
    print(f"  {per_second:.0f} confirmed writes/s")
    name = "storage"
    return [
        Figure(name, "concurrent score answers", f"{writes}"),
        Figure(name, "confirmed / stored", f"{confirmed} / {stored_rows}", f"{writes} / {writes}",
               confirmed == stored_rows == writes),
        Figure(name, "errors (database is locked ...)", f"{len(errors)}", "0", not errors),
        Figure(name, "confirmed writes/s", f"{per_second:,.0f}", f"≥ {GOAL_PER_SECOND:,}",
               per_second >= GOAL_PER_SECOND),
    ]


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    event_loop.run(main(parser.parse_args().quick))
