"""An audit event belongs to the bloc-year it was written for (migration 0011), not to whichever year was the
bloc's latest at the time: a late correction to last year stays in last year's trail."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from storage import audit, blocs
from storage.db import Database, bundled_migrations, migration_script

JAN_2026 = datetime(2026, 1, 5, 3, 0, tzinfo=UTC)
JAN_2027 = datetime(2027, 1, 5, 3, 0, tzinfo=UTC)


async def test_an_event_written_for_last_year_after_the_next_opened_stays_in_last_years_trail(tmp_path):
    async with Database(tmp_path / "bloc.sqlite3") as db:
        async with db.transaction() as conn:
            bloc = await blocs.create_bloc(conn, "Khối A", "khoi a", JAN_2026, None)
            first = await blocs.get_year(conn, await blocs.create_year(conn, bloc.id, 2026, JAN_2026))
            second = await blocs.get_year(conn, await blocs.create_year(conn, bloc.id, 2027, JAN_2027))
            assert first is not None and second is not None
            await audit.record(conn, JAN_2026, None, first, "bloc.created", name="Khối A", year=2026)
            await audit.record(conn, JAN_2027, None, second, "year.opened", year=2027)
            # after 2027 opened, the head of 2026 reopens a 2026 sheet
            await audit.record(conn, JAN_2027, None, first, "sheet.reopened", unit_id=1)
            await audit.record(conn, JAN_2027, None, None, "identity.linked", channel="telegram")
        async with db.reading() as conn:
            assert [e.action for e in await audit.events(conn, first.id)] == ["sheet.reopened", "bloc.created"]
            assert [e.action for e in await audit.events(conn, second.id)] == ["year.opened"]
            assert (await audit.events(conn, first.id))[1].detail == {"name": "Khối A", "year": 2026}


def test_the_migration_gives_older_events_the_year_that_was_latest_at_their_time(tmp_path):
    migrations = bundled_migrations()
    this = next(m for m in migrations if m.name.startswith("0011_"))
    conn = sqlite3.connect(tmp_path / "old.sqlite3", isolation_level=None)
    conn.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
                 " applied_at TEXT NOT NULL) STRICT")
    for migration in migrations[:this.version - 1]:
        conn.executescript(migration_script(migration))
    conn.execute("INSERT INTO bloc (id, name, name_key, created_at) VALUES (1, 'Khối A', 'khoi a',"
                 " '2026-01-05T03:00:00+00:00')")
    conn.execute("INSERT INTO bloc_year (id, bloc_id, year, created_at) VALUES"
                 " (10, 1, 2026, '2026-01-05T03:00:00+00:00'), (11, 1, 2027, '2027-01-05T03:00:00+00:00')")
    conn.executemany("INSERT INTO audit_event (at, person_id, bloc_id, action) VALUES (?, NULL, ?, ?)", [
        ("2026-01-05T02:59:59+00:00", 1, "bloc.created"),  # a moment before its first year's row
        ("2026-06-01T00:00:00+00:00", 1, "sheet.submitted"),
        ("2027-02-01T00:00:00+00:00", 1, "sheet.submitted"),
        ("2027-02-01T00:00:00+00:00", None, "identity.linked"),
    ])
    conn.executescript(migration_script(this))
    rows = conn.execute("SELECT action, year_id FROM audit_event ORDER BY id").fetchall()
    assert rows == [("bloc.created", 10), ("sheet.submitted", 10), ("sheet.submitted", 11),
                    ("identity.linked", None)]
    conn.close()
