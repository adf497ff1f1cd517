"""Storage under concurrency: 10,000 score answers from many tasks at once, each confirmed only after its
transaction committed. Reports confirmed writes per second and errors (a "database is locked" among them).
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from storage import assessment, blocs
from storage.db import Database

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


async def main(quick: bool) -> dict:
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
                async with db.transaction() as conn:
                    await assessment.add_entry(conn, sheet, f"{i % 28}", "self", "5", 500, None, None, NOW)
                confirmed += 1  # the context manager returned: the write is committed
            except Exception as exc:  # counted, not raised: the figure is how many failed
                errors.append(type(exc).__name__ + ": " + str(exc))

        started = time.perf_counter()
        await asyncio.gather(*(answer(i) for i in range(writes)))
        elapsed = time.perf_counter() - started
        async with db.reading() as conn, conn.execute("SELECT count(*) FROM score_entry") as cur:
            stored = (await cur.fetchone())[0]
        await db.close()
    result = {"writes": writes, "confirmed": confirmed, "stored": stored, "errors": len(errors),
              "per_second": confirmed / elapsed}
    print(f"storage: {writes} concurrent score answers, each confirmed after its commit")
    print(f"  confirmed {confirmed}, stored {stored}, errors {len(errors)}"
          f"{' (' + errors[0] + ')' if errors else ''}")
    print(f"  {result['per_second']:.0f} confirmed writes/s")
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    asyncio.run(main(parser.parse_args().quick))
