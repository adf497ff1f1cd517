"""Score entries are written only while their sheet is in the state the writer saw (checked in the INSERT)."""

from __future__ import annotations

from datetime import UTC, datetime

from storage import assessment, blocs
from storage.db import Database

NOW = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)


async def test_an_entry_lands_only_while_the_sheet_is_in_an_expected_state(tmp_path):
    async with Database(tmp_path / "entries.sqlite3") as db:
        async with db.transaction() as conn:
            bloc = await blocs.create_bloc(conn, "Khối A", "khoi a", NOW, None)
            year_id = await blocs.create_year(conn, bloc.id, 2026, NOW)
            unit = await blocs.add_unit(conn, bloc.id, "Sở A", "so a", None, None, NOW)
            await blocs.add_member(conn, year_id, bloc.id, unit.id, NOW)
            table = await assessment.add_table(conn, year_id, "t", [], None, None, NOW, None)
            sheet = await assessment.create_sheet(conn, year_id, unit.id, table.id, NOW)

        def answer(value: str):
            return lambda conn: assessment.add_entry(conn, sheet, "1.1", "self", value, 100, None, None, NOW,
                                                     ("draft",))

        assert await db.write(answer("1")) is True
        async with db.transaction() as conn:
            assert await assessment.set_status(conn, sheet.id, "submitted", ("draft",))
        # a self score that arrives after the submit landed is not stored
        assert await db.write(answer("2")) is False
        async with db.reading() as conn:
            layers = await assessment.current_layers(conn, sheet.id)
        assert layers["1.1"]["self"].entered == "1"
