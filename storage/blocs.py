"""Repository of blocs, their years, member units and year membership."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from storage.query import on_thread, one, query
from storage.rows import Bloc, BlocYear, Unit
from storage.timefmt import to_db

_YEAR_SELECT = (
    "SELECT y.id, y.bloc_id, b.name AS bloc_name, y.year, y.head_unit_id, y.deputy_unit_id"
    " FROM bloc_year y JOIN bloc b ON b.id = y.bloc_id"
)


def _year(row: aiosqlite.Row) -> BlocYear:
    return BlocYear(row["id"], row["bloc_id"], row["bloc_name"], row["year"], row["head_unit_id"],
                    row["deputy_unit_id"])


def _unit(row: aiosqlite.Row) -> Unit:
    return Unit(row["id"], row["bloc_id"], row["name"], row["short_name"], row["contact"])


async def create_bloc(conn: aiosqlite.Connection, name: str, name_key: str, at: datetime,
                      created_by: int | None) -> Bloc:
    async with query(conn,
        "INSERT INTO bloc (name, name_key, created_at, created_by) VALUES (?, ?, ?, ?) RETURNING id",
        (name, name_key, to_db(at), created_by),
    ) as cur:
        row = await cur.fetchone()
    assert row is not None
    return Bloc(row[0], name)


async def bloc_by_key(conn: aiosqlite.Connection, name_key: str) -> Bloc | None:
    async with query(conn, "SELECT id, name FROM bloc WHERE name_key = ?", (name_key,)) as cur:
        row = await cur.fetchone()
    return Bloc(row["id"], row["name"]) if row else None


@dataclass(frozen=True)
class DocumentSettings:
    """What a bloc's documents print in their header that the bot cannot infer; None until set."""

    superior_body: str | None
    place: str | None


async def document_settings(conn: aiosqlite.Connection, bloc_id: int) -> DocumentSettings:
    async with query(conn, "SELECT superior_body, place FROM bloc WHERE id = ?", (bloc_id,)) as cur:
        row = await cur.fetchone()
    return DocumentSettings(row["superior_body"], row["place"]) if row else DocumentSettings(None, None)


async def set_document_settings(conn: aiosqlite.Connection, bloc_id: int, superior_body: str | None,
                                place: str | None) -> None:
    await conn.execute("UPDATE bloc SET superior_body = ?, place = ? WHERE id = ?", (superior_body, place, bloc_id))


async def create_year(conn: aiosqlite.Connection, bloc_id: int, year: int, at: datetime) -> int:
    async with query(conn,
        "INSERT INTO bloc_year (bloc_id, year, created_at) VALUES (?, ?, ?) RETURNING id",
        (bloc_id, year, to_db(at)),
    ) as cur:
        row = await cur.fetchone()
    assert row is not None
    return int(row[0])


async def get_year(conn: aiosqlite.Connection, year_id: int) -> BlocYear | None:
    async with query(conn, _YEAR_SELECT + " WHERE y.id = ?", (year_id,)) as cur:
        row = await cur.fetchone()
    return _year(row) if row else None


async def find_year(conn: aiosqlite.Connection, bloc_id: int, year: int) -> BlocYear | None:
    async with query(conn, _YEAR_SELECT + " WHERE y.bloc_id = ? AND y.year = ?", (bloc_id, year)) as cur:
        row = await cur.fetchone()
    return _year(row) if row else None


async def latest_year(conn: aiosqlite.Connection, bloc_id: int) -> BlocYear | None:
    """The bloc's current year: the most recent one created for it."""
    async with query(conn,
        _YEAR_SELECT + " WHERE y.bloc_id = ? ORDER BY y.year DESC LIMIT 1", (bloc_id,)
    ) as cur:
        row = await cur.fetchone()
    return _year(row) if row else None


async def list_current_years(conn: aiosqlite.Connection) -> list[BlocYear]:
    """Every bloc with its latest year, for a super-admin choosing what to administer."""
    async with query(conn,
        _YEAR_SELECT + " WHERE y.year = (SELECT max(year) FROM bloc_year z WHERE z.bloc_id = y.bloc_id)"
    ) as cur:
        return [_year(r) for r in await cur.fetchall()]


async def set_leadership(conn: aiosqlite.Connection, year_id: int, head_unit_id: int | None,
                         deputy_unit_id: int | None) -> None:
    await conn.execute(
        "UPDATE bloc_year SET head_unit_id = ?, deputy_unit_id = ? WHERE id = ?",
        (head_unit_id, deputy_unit_id, year_id),
    )


async def add_unit(conn: aiosqlite.Connection, bloc_id: int, name: str, name_key: str,
                   short_name: str | None, contact: str | None, at: datetime) -> Unit:
    async with query(conn,
        "INSERT INTO unit (bloc_id, name, name_key, short_name, contact, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
        (bloc_id, name, name_key, short_name, contact, to_db(at)),
    ) as cur:
        row = await cur.fetchone()
    assert row is not None
    return Unit(int(row[0]), bloc_id, name, short_name, contact)


async def add_member(conn: aiosqlite.Connection, year_id: int, bloc_id: int, unit_id: int,
                     at: datetime) -> None:
    await conn.execute(
        "INSERT INTO year_member (year_id, bloc_id, unit_id, joined_at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (year_id, unit_id) DO NOTHING",
        (year_id, bloc_id, unit_id, to_db(at)),
    )


async def units_with_keys(conn: aiosqlite.Connection, bloc_id: int) -> dict[str, Unit]:
    async with query(conn, "SELECT * FROM unit WHERE bloc_id = ?", (bloc_id,)) as cur:
        return {r["name_key"]: _unit(r) for r in await cur.fetchall()}


async def member_units(conn: aiosqlite.Connection, year_id: int) -> list[Unit]:
    """The units taking part in a year (unsorted: callers sort by Vietnamese collation)."""
    async with query(conn,
        "SELECT u.* FROM unit u JOIN year_member m ON m.unit_id = u.id WHERE m.year_id = ?", (year_id,)
    ) as cur:
        return [_unit(r) for r in await cur.fetchall()]


async def get_unit(conn: aiosqlite.Connection, unit_id: int) -> Unit | None:
    async with query(conn, "SELECT * FROM unit WHERE id = ?", (unit_id,)) as cur:
        row = await cur.fetchone()
    return _unit(row) if row else None


def read_is_member(conn: sqlite3.Connection, year_id: int, unit_id: int) -> bool:
    return one(conn, "SELECT 1 FROM year_member WHERE year_id = ? AND unit_id = ?", (year_id, unit_id)) is not None


async def is_member(conn: aiosqlite.Connection, year_id: int, unit_id: int) -> bool:
    return await on_thread(conn, read_is_member, year_id, unit_id)


async def copy_members(conn: aiosqlite.Connection, from_year_id: int, to_year_id: int, at: datetime) -> int:
    cur = await conn.execute(
        "INSERT INTO year_member (year_id, bloc_id, unit_id, joined_at)"
        " SELECT ?, bloc_id, unit_id, ? FROM year_member WHERE year_id = ?"
        " ON CONFLICT (year_id, unit_id) DO NOTHING",
        (to_year_id, to_db(at), from_year_id),
    )
    return cur.rowcount



async def set_focus(conn: aiosqlite.Connection, person_id: int, year_id: int) -> None:
    await conn.execute(
        "INSERT INTO admin_focus (person_id, year_id) VALUES (?, ?)"
        " ON CONFLICT (person_id) DO UPDATE SET year_id = excluded.year_id",
        (person_id, year_id),
    )
