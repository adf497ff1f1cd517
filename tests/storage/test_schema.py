"""The schema on a real SQLite file: migrations, and the invariants carried by constraints."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from storage import blocs, invites, people
from storage.db import Database, bundled_migrations

NOW = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)


@pytest.fixture
async def db(tmp_path):
    database = Database(tmp_path / "bloc.sqlite3")
    await database.open()
    yield database
    await database.close()


async def make_year(db: Database, name: str = "Khối A", year: int = 2026) -> tuple[int, int]:
    async with db.transaction() as conn:
        bloc = await blocs.create_bloc(conn, name, name.lower(), NOW, None)
        year_id = await blocs.create_year(conn, bloc.id, year, NOW)
    return bloc.id, year_id


async def make_unit(db: Database, bloc_id: int, year_id: int, name: str) -> int:
    async with db.transaction() as conn:
        unit = await blocs.add_unit(conn, bloc_id, name, name.lower(), None, None, NOW)
        await blocs.add_member(conn, year_id, bloc_id, unit.id, NOW)
    return unit.id


async def test_migrations_are_recorded_and_idempotent(tmp_path):
    path = tmp_path / "m.sqlite3"
    async with Database(path) as db:
        assert await db.schema_version() == len(bundled_migrations())
        assert await db.migrate() == []
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        names = {r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"bloc", "bloc_year", "unit", "year_member", "person", "channel_identity", "invite",
            "representative", "dialog_state", "audit_event", "schema_version"} <= names


async def test_data_survives_reopening(tmp_path):
    path = tmp_path / "r.sqlite3"
    async with Database(path) as db:
        bloc_id, year_id = await make_year(db)
        await make_unit(db, bloc_id, year_id, "Văn phòng Tỉnh ủy")
    async with Database(path) as db, db.reading() as conn:
        units = await blocs.member_units(conn, year_id)
    assert [u.name for u in units] == ["Văn phòng Tỉnh ủy"]


async def test_unit_names_are_unique_within_a_bloc_only(db):
    bloc_a, year_a = await make_year(db, "Khối A")
    bloc_b, year_b = await make_year(db, "Khối B")
    await make_unit(db, bloc_a, year_a, "Ban Tổ chức")
    await make_unit(db, bloc_b, year_b, "Ban Tổ chức")
    with pytest.raises(sqlite3.IntegrityError):
        await make_unit(db, bloc_a, year_a, "Ban Tổ chức")


async def test_a_unit_cannot_join_another_blocs_year(db):
    bloc_a, year_a = await make_year(db, "Khối A")
    _, year_b = await make_year(db, "Khối B")
    unit = await make_unit(db, bloc_a, year_a, "Ban Tổ chức")
    with pytest.raises(sqlite3.IntegrityError):
        async with db.transaction() as conn:
            await blocs.add_member(conn, year_b, bloc_a, unit, NOW)


async def test_head_must_be_a_member_and_differ_from_deputy(db):
    bloc_id, year_id = await make_year(db)
    other_bloc, other_year = await make_year(db, "Khối B")
    unit = await make_unit(db, bloc_id, year_id, "Văn phòng")
    outsider = await make_unit(db, other_bloc, other_year, "Ban ngoài")
    with pytest.raises(sqlite3.IntegrityError):
        async with db.transaction() as conn:
            await blocs.set_leadership(conn, year_id, outsider, None)
    with pytest.raises(sqlite3.IntegrityError):
        async with db.transaction() as conn:
            await blocs.set_leadership(conn, year_id, unit, unit)
    async with db.transaction() as conn:
        await blocs.set_leadership(conn, year_id, unit, None)
    async with db.reading() as conn:
        year = await blocs.get_year(conn, year_id)
    assert year is not None and year.head_unit_id == unit


async def test_invite_cannot_be_used_beyond_its_limit(db):
    bloc_id, year_id = await make_year(db)
    unit = await make_unit(db, bloc_id, year_id, "Văn phòng")
    async with db.transaction() as conn:
        invite = await invites.create(conn, unit, "ABCDEFGHJK", 2, NOW + timedelta(days=30), NOW, None)
    async with db.transaction() as conn:
        assert await invites.count_use(conn, invite.id)
        assert await invites.count_use(conn, invite.id)
        assert not await invites.count_use(conn, invite.id)
    # even a direct write past the limit is refused by the CHECK
    with pytest.raises(sqlite3.IntegrityError):
        async with db.transaction() as conn:
            await conn.execute("UPDATE invite SET uses = 3 WHERE id = ?", (invite.id,))


async def test_one_live_invite_per_unit(db):
    bloc_id, year_id = await make_year(db)
    unit = await make_unit(db, bloc_id, year_id, "Văn phòng")
    later = NOW + timedelta(days=30)
    async with db.transaction() as conn:
        await invites.create(conn, unit, "ABCDEFGHJK", 3, later, NOW, None)
    with pytest.raises(sqlite3.IntegrityError):
        async with db.transaction() as conn:
            await invites.create(conn, unit, "BCDEFGHJKM", 3, later, NOW, None)
    async with db.transaction() as conn:
        assert await invites.revoke_live(conn, unit, NOW)
        fresh = await invites.create(conn, unit, "BCDEFGHJKM", 3, later, NOW, None)
    async with db.reading() as conn:
        live = await invites.live_for_unit(conn, unit)
    assert live is not None and live.id == fresh.id


async def test_a_person_represents_one_unit_and_a_unit_has_one_primary(db):
    bloc_id, year_id = await make_year(db)
    unit_a = await make_unit(db, bloc_id, year_id, "A")
    unit_b = await make_unit(db, bloc_id, year_id, "B")
    async with db.transaction() as conn:
        first = await people.create_person(conn, "Nguyễn Văn An", "vi", NOW)
        second = await people.create_person(conn, "Trần Thị Bình", "vi", NOW)
        rep1 = await people.add_representative(conn, unit_a, first.id, None, NOW)
        rep2 = await people.add_representative(conn, unit_a, second.id, None, NOW + timedelta(minutes=1))
    assert rep1.is_primary and not rep2.is_primary
    with pytest.raises(sqlite3.IntegrityError):
        async with db.transaction() as conn:
            await people.add_representative(conn, unit_b, first.id, None, NOW)
    with pytest.raises(sqlite3.IntegrityError):
        async with db.transaction() as conn:
            await conn.execute("UPDATE representative SET is_primary = 1 WHERE id = ?", (rep2.id,))
    # removing the primary hands the role to the remaining representative
    async with db.transaction() as conn:
        await people.remove_representative(conn, rep1.id, None, NOW)
    async with db.reading() as conn:
        remaining = await people.representatives_of(conn, [unit_a])
    assert [(r.full_name, r.is_primary) for r in remaining] == [("Trần Thị Bình", True)]


async def test_failed_transaction_leaves_nothing(db):
    bloc_id, _ = await make_year(db)
    with pytest.raises(sqlite3.IntegrityError):
        async with db.transaction() as conn:
            await blocs.add_unit(conn, bloc_id, "X", "x", None, None, NOW)
            await blocs.add_unit(conn, bloc_id, "X", "x", None, None, NOW)
    async with db.reading() as conn:
        assert await blocs.units_with_keys(conn, bloc_id) == {}


async def test_concurrent_writers_never_see_database_locked(db):
    bloc_id, year_id = await make_year(db)

    async def add(i: int) -> None:
        await make_unit(db, bloc_id, year_id, f"Đơn vị {i}")
        async with db.reading() as conn:
            await blocs.member_units(conn, year_id)

    await asyncio.gather(*(add(i) for i in range(200)))
    async with db.reading() as conn:
        assert len(await blocs.member_units(conn, year_id)) == 200


async def test_opening_without_migrating_then_migrating_as_the_cli_does(tmp_path):
    db = Database(tmp_path / "cli.sqlite3")
    await db.open(migrate=False)
    try:
        assert await db.migrate() == [m.name for m in bundled_migrations()]
        assert await db.schema_version() == len(bundled_migrations())
    finally:
        await db.close()
