"""Repository of title catalogues, registrations and their changes, covenant versions and signatures."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from storage.query import query
from storage.timefmt import from_db, instant_from_db, to_db


@dataclass(frozen=True)
class Registration:
    year_id: int
    unit_id: int
    status: str
    titles: list[str]
    cultured: bool
    staff: int | None
    advanced_workers: int | None
    emulation_soldiers: int | None
    targets: list[str]
    submitted_at: datetime | None


@dataclass(frozen=True)
class Covenant:
    id: int
    version: int
    text: str
    file_id: str | None
    file_name: str | None
    channel: str | None
    fingerprint: str
    published_at: datetime


def _registration(r: aiosqlite.Row) -> Registration:
    return Registration(r["year_id"], r["unit_id"], r["status"], json.loads(r["titles"]), bool(r["cultured"]),
                        r["staff"], r["advanced_workers"], r["emulation_soldiers"], json.loads(r["targets"]),
                        from_db(r["submitted_at"]))


async def titles(conn: aiosqlite.Connection, year_id: int) -> list[tuple[str, str]]:
    async with query(conn,
        "SELECT code, name FROM title_option WHERE year_id = ? ORDER BY position", (year_id,)
    ) as cur:
        return [(r[0], r[1]) for r in await cur.fetchall()]


async def set_titles(conn: aiosqlite.Connection, year_id: int, options: list[tuple[str, str]]) -> None:
    await conn.execute("DELETE FROM title_option WHERE year_id = ?", (year_id,))
    await conn.executemany(
        "INSERT INTO title_option (year_id, code, name, position) VALUES (?, ?, ?, ?)",
        [(year_id, code, name, i) for i, (code, name) in enumerate(options)],
    )


async def registration(conn: aiosqlite.Connection, year_id: int, unit_id: int) -> Registration | None:
    async with query(conn,
        "SELECT * FROM registration WHERE year_id = ? AND unit_id = ?", (year_id, unit_id)
    ) as cur:
        row = await cur.fetchone()
    return _registration(row) if row else None


async def registrations(conn: aiosqlite.Connection, year_id: int) -> list[Registration]:
    async with query(conn, "SELECT * FROM registration WHERE year_id = ?", (year_id,)) as cur:
        return [_registration(r) for r in await cur.fetchall()]


async def save(conn: aiosqlite.Connection, reg: Registration, at: datetime) -> None:
    await conn.execute(
        "INSERT INTO registration (year_id, unit_id, status, titles, cultured, staff, advanced_workers,"
        " emulation_soldiers, targets, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (year_id, unit_id) DO UPDATE SET titles = excluded.titles, cultured = excluded.cultured,"
        " staff = excluded.staff, advanced_workers = excluded.advanced_workers,"
        " emulation_soldiers = excluded.emulation_soldiers, targets = excluded.targets,"
        " updated_at = excluded.updated_at",
        (reg.year_id, reg.unit_id, reg.status, json.dumps(reg.titles, ensure_ascii=False), int(reg.cultured),
         reg.staff, reg.advanced_workers, reg.emulation_soldiers, json.dumps(reg.targets, ensure_ascii=False),
         to_db(at)),
    )


async def record_change(conn: aiosqlite.Connection, year_id: int, unit_id: int, field: str, value: object,
                        person_id: int | None, at: datetime) -> None:
    await conn.execute(
        "INSERT INTO registration_change (year_id, unit_id, field, value, person_id, at) VALUES (?, ?, ?, ?, ?, ?)",
        (year_id, unit_id, field, json.dumps(value, ensure_ascii=False), person_id, to_db(at)),
    )


async def changes(conn: aiosqlite.Connection, year_id: int, unit_id: int) -> list[tuple[str, object, int | None]]:
    async with query(conn,
        "SELECT field, value, person_id FROM registration_change WHERE year_id = ? AND unit_id = ? ORDER BY id",
        (year_id, unit_id),
    ) as cur:
        return [(r[0], json.loads(r[1]) if r[1] else None, r[2]) for r in await cur.fetchall()]


async def submit(conn: aiosqlite.Connection, year_id: int, unit_id: int, at: datetime, by: int | None) -> None:
    await conn.execute(
        "UPDATE registration SET status = 'submitted', submitted_at = ?, submitted_by = ?"
        " WHERE year_id = ? AND unit_id = ?",
        (to_db(at), by, year_id, unit_id),
    )


# --- the covenant --------------------------------------------------------------------------------


def _covenant(r: aiosqlite.Row) -> Covenant:
    return Covenant(r["id"], r["version"], r["text"], r["file_id"], r["file_name"], r["channel"], r["fingerprint"],
                    instant_from_db(r["published_at"]))


async def current_covenant(conn: aiosqlite.Connection, year_id: int) -> Covenant | None:
    async with query(conn,
        "SELECT * FROM covenant WHERE year_id = ? ORDER BY version DESC LIMIT 1", (year_id,)
    ) as cur:
        row = await cur.fetchone()
    return _covenant(row) if row else None


async def publish_covenant(conn: aiosqlite.Connection, year_id: int, text: str, file_id: str | None,
                           file_name: str | None, channel: str | None, fingerprint: str, at: datetime,
                           by: int | None) -> Covenant:
    async with query(conn,
        "INSERT INTO covenant (year_id, version, text, file_id, file_name, channel, fingerprint, published_at,"
        " published_by) VALUES (?, (SELECT coalesce(max(version), 0) + 1 FROM covenant WHERE year_id = ?),"
        " ?, ?, ?, ?, ?, ?, ?) RETURNING *",
        (year_id, year_id, text, file_id, file_name, channel, fingerprint, to_db(at), by),
    ) as cur:
        row = await cur.fetchone()
    assert row is not None
    return _covenant(row)


async def sign(conn: aiosqlite.Connection, covenant_id: int, unit_id: int, person_id: int, fingerprint: str,
               at: datetime) -> bool:
    cur = await conn.execute(
        "INSERT INTO covenant_signature (covenant_id, unit_id, person_id, fingerprint, signed_at)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        (covenant_id, unit_id, person_id, fingerprint, to_db(at)),
    )
    return cur.rowcount == 1


async def signatures(conn: aiosqlite.Connection, covenant_id: int) -> dict[int, tuple[str, datetime]]:
    """unit -> (the name of who signed, when) for one version of the covenant."""
    async with query(conn,
        "SELECT s.unit_id, p.full_name, s.signed_at FROM covenant_signature s JOIN person p ON p.id = s.person_id"
        " WHERE s.covenant_id = ?",
        (covenant_id,),
    ) as cur:
        return {r[0]: (r[1], from_db(r[2])) for r in await cur.fetchall()}  # type: ignore[misc]
