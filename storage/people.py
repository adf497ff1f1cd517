"""Repository of people, their channel identities and the units they represent."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime

import aiosqlite

from storage.query import on_thread, one, query
from storage.rows import BlocYear, Identity, Person, Representative, Unit
from storage.timefmt import from_db, instant_from_db, to_db


def _person(row: aiosqlite.Row) -> Person:
    return Person(row["id"], row["full_name"], row["language"])


def _identity(row: aiosqlite.Row) -> Identity:
    return Identity(row["channel"], row["external_id"], row["person_id"], row["chat_id"], row["username"],
                    from_db(row["blocked_at"]))


def _rep(row: aiosqlite.Row) -> Representative:
    return Representative(row["id"], row["unit_id"], row["person_id"], row["full_name"],
                          bool(row["is_primary"]), instant_from_db(row["joined_at"]))


async def identity(conn: aiosqlite.Connection, channel: str, external_id: str) -> Identity | None:
    return await on_thread(conn, read_identity, channel, external_id)


def read_identity(conn: sqlite3.Connection, channel: str, external_id: str) -> Identity | None:
    row = one(conn, "SELECT * FROM channel_identity WHERE channel = ? AND external_id = ?", (channel, external_id))
    return _identity(row) if row else None


PersonContext = tuple[Person, Representative | None, Unit | None, BlocYear | None, int | None]


async def person_context(conn: aiosqlite.Connection, person_id: int) -> PersonContext | None:
    return await on_thread(conn, read_person_context, person_id)


def read_person_context(conn: sqlite3.Connection, person_id: int) -> PersonContext | None:
    """A person, the unit they represent (if any), that unit's current year, and the year they chose to
    administer, in one query: this runs for every message, so it is one round trip instead of five."""
    row = one(conn,
        "SELECT p.id, p.full_name, p.language, r.id AS rep_id, r.unit_id, r.is_primary, r.joined_at,"
        " u.bloc_id, u.name AS unit_name, u.short_name, u.contact, f.year_id AS focus,"
        " y.id AS year_id, b.name AS bloc_name, y.year, y.head_unit_id, y.deputy_unit_id"
        " FROM person p"
        " LEFT JOIN representative r ON r.person_id = p.id AND r.removed_at IS NULL"
        " LEFT JOIN unit u ON u.id = r.unit_id"
        " LEFT JOIN admin_focus f ON f.person_id = p.id"
        " LEFT JOIN bloc_year y ON y.id = (SELECT z.id FROM bloc_year z WHERE z.bloc_id = u.bloc_id"
        "   ORDER BY z.year DESC LIMIT 1)"
        " LEFT JOIN bloc b ON b.id = y.bloc_id"
        " WHERE p.id = ?",
        (person_id,))
    if row is None:
        return None
    person = Person(row["id"], row["full_name"], row["language"])
    rep = unit = None
    if row["rep_id"] is not None:
        rep = Representative(row["rep_id"], row["unit_id"], person.id, person.full_name, bool(row["is_primary"]),
                             instant_from_db(row["joined_at"]))
        unit = Unit(row["unit_id"], row["bloc_id"], row["unit_name"], row["short_name"], row["contact"])
    year = None
    if row["year_id"] is not None:
        year = BlocYear(row["year_id"], row["bloc_id"], row["bloc_name"], row["year"], row["head_unit_id"],
                        row["deputy_unit_id"])
    return person, rep, unit, year, row["focus"]


async def identities_of(conn: aiosqlite.Connection, person_id: int) -> list[Identity]:
    async with query(conn, "SELECT * FROM channel_identity WHERE person_id = ?", (person_id,)) as cur:
        return [_identity(r) for r in await cur.fetchall()]


async def get_person(conn: aiosqlite.Connection, person_id: int) -> Person | None:
    async with query(conn, "SELECT * FROM person WHERE id = ?", (person_id,)) as cur:
        row = await cur.fetchone()
    return _person(row) if row else None


async def create_person(conn: aiosqlite.Connection, full_name: str, language: str, at: datetime) -> Person:
    async with query(conn,
        "INSERT INTO person (full_name, language, created_at) VALUES (?, ?, ?) RETURNING id",
        (full_name, language, to_db(at)),
    ) as cur:
        row = await cur.fetchone()
    assert row is not None
    return Person(int(row[0]), full_name, language)


async def add_identity(conn: aiosqlite.Connection, channel: str, external_id: str, person_id: int,
                       chat_id: str, username: str | None, at: datetime) -> None:
    await conn.execute(
        "INSERT INTO channel_identity (channel, external_id, person_id, chat_id, username, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (channel, external_id, person_id, chat_id, username, to_db(at)),
    )


async def touch_identity(conn: aiosqlite.Connection, channel: str, external_id: str, chat_id: str,
                         username: str | None) -> None:
    """They wrote to us, so they can be reached again: clear a block mark, refresh the handle."""
    await conn.execute(
        "UPDATE channel_identity SET chat_id = ?, username = ?, blocked_at = NULL"
        " WHERE channel = ? AND external_id = ?",
        (chat_id, username, channel, external_id),
    )


async def mark_blocked(conn: aiosqlite.Connection, channel: str, chat_id: str, at: datetime) -> None:
    await conn.execute(
        "UPDATE channel_identity SET blocked_at = ? WHERE channel = ? AND chat_id = ?",
        (to_db(at), channel, chat_id),
    )


async def rename(conn: aiosqlite.Connection, person_id: int, full_name: str) -> None:
    await conn.execute("UPDATE person SET full_name = ? WHERE id = ?", (full_name, person_id))


async def active_representation(conn: aiosqlite.Connection, person_id: int) -> Representative | None:
    async with query(conn,
        "SELECT r.*, p.full_name FROM representative r JOIN person p ON p.id = r.person_id"
        " WHERE r.person_id = ? AND r.removed_at IS NULL",
        (person_id,),
    ) as cur:
        row = await cur.fetchone()
    return _rep(row) if row else None


async def get_representative(conn: aiosqlite.Connection, rep_id: int) -> Representative | None:
    async with query(conn,
        "SELECT r.*, p.full_name FROM representative r JOIN person p ON p.id = r.person_id"
        " WHERE r.id = ? AND r.removed_at IS NULL",
        (rep_id,),
    ) as cur:
        row = await cur.fetchone()
    return _rep(row) if row else None


async def representatives_of(conn: aiosqlite.Connection, unit_ids: list[int]) -> list[Representative]:
    """Active representatives of the given units, primary first, then by joining time."""
    if not unit_ids:
        return []
    marks = ",".join("?" * len(unit_ids))
    async with query(conn,
        "SELECT r.*, p.full_name FROM representative r JOIN person p ON p.id = r.person_id"
        f" WHERE r.unit_id IN ({marks}) AND r.removed_at IS NULL"
        " ORDER BY r.unit_id, r.is_primary DESC, r.joined_at",
        unit_ids,
    ) as cur:
        return [_rep(r) for r in await cur.fetchall()]


async def add_representative(conn: aiosqlite.Connection, unit_id: int, person_id: int, invite_id: int | None,
                             at: datetime) -> Representative:
    """Adds a representative; the first active one of a unit becomes its primary."""
    async with query(conn,
        "INSERT INTO representative (unit_id, person_id, is_primary, invite_id, joined_at)"
        " VALUES (?, ?, NOT EXISTS (SELECT 1 FROM representative"
        "   WHERE unit_id = ? AND is_primary = 1 AND removed_at IS NULL), ?, ?)"
        " RETURNING id, is_primary",
        (unit_id, person_id, unit_id, invite_id, to_db(at)),
    ) as cur:
        row = await cur.fetchone()
    assert row is not None
    async with query(conn, "SELECT full_name FROM person WHERE id = ?", (person_id,)) as cur:
        name_row = await cur.fetchone()
    assert name_row is not None
    return Representative(int(row[0]), unit_id, person_id, name_row[0], bool(row[1]), at)


async def remove_representative(conn: aiosqlite.Connection, rep_id: int, removed_by: int | None,
                                at: datetime) -> None:
    """Ends a representation; if it was the primary, the longest-serving remaining one takes over."""
    async with query(conn,
        "UPDATE representative SET removed_at = ?, removed_by = ?, is_primary = 0"
        " WHERE id = ? AND removed_at IS NULL RETURNING unit_id",
        (to_db(at), removed_by, rep_id),
    ) as cur:
        row = await cur.fetchone()
    if row is None:
        return
    await conn.execute(
        "UPDATE representative SET is_primary = 1 WHERE id = ("
        " SELECT id FROM representative WHERE unit_id = ? AND removed_at IS NULL ORDER BY joined_at LIMIT 1)"
        " AND NOT EXISTS (SELECT 1 FROM representative WHERE unit_id = ? AND is_primary = 1"
        "   AND removed_at IS NULL)",
        (row[0], row[0]),
    )


async def reachable_identities_of_units(conn: aiosqlite.Connection, unit_ids: list[int]) -> list[Identity]:
    """Where to reach every active representative of these units."""
    if not unit_ids:
        return []
    marks = ",".join("?" * len(unit_ids))
    async with query(conn,
        "SELECT i.* FROM channel_identity i JOIN representative r ON r.person_id = i.person_id"
        f" WHERE r.unit_id IN ({marks}) AND r.removed_at IS NULL",
        unit_ids,
    ) as cur:
        return [_identity(r) for r in await cur.fetchall()]


# --- one person on two channels (migration 0003) ------------------------------------------------


async def save_link_code(conn: aiosqlite.Connection, code: str, person_id: int, channel: str, at: datetime,
                         expires_at: datetime) -> None:
    """Stores a new link code; the person's unused earlier codes stop working."""
    await conn.execute("DELETE FROM link_code WHERE person_id = ? AND used_at IS NULL", (person_id,))
    await conn.execute(
        "INSERT INTO link_code (code, person_id, channel, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
        (code, person_id, channel, to_db(at), to_db(expires_at)),
    )


async def link_code(conn: aiosqlite.Connection, code: str) -> tuple[int, str, datetime, bool] | None:
    """(person_id, channel it was shown on, expiry, already used) of a code, or None."""
    async with query(conn,
        "SELECT person_id, channel, expires_at, used_at FROM link_code WHERE code = ?", (code,)
    ) as cur:
        row = await cur.fetchone()
    if row is None:
        return None
    return int(row["person_id"]), row["channel"], instant_from_db(row["expires_at"]), row["used_at"] is not None


async def use_link_code(conn: aiosqlite.Connection, code: str, channel: str, external_id: str,
                        at: datetime) -> bool:
    """Marks the code used by this account; False when it was used meanwhile (two taps racing)."""
    cur = await conn.execute(
        "UPDATE link_code SET used_at = ?, used_channel = ?, used_external_id = ? WHERE code = ? AND used_at IS NULL",
        (to_db(at), channel, external_id, code),
    )
    return cur.rowcount == 1


async def notice_channel(conn: aiosqlite.Connection, person_id: int) -> str | None:
    async with query(conn, "SELECT channel FROM notice_channel WHERE person_id = ?", (person_id,)) as cur:
        row = await cur.fetchone()
    return row[0] if row else None


async def notice_accounts(conn: aiosqlite.Connection, person_ids: list[int]) -> list[tuple[int, str, str, str]]:
    """(person, channel, chat, channel chosen or 'both') of every account not blocked, by person and channel."""
    return [(r[0], r[1], r[2], r[3]) for r in await conn.execute_fetchall(
        "SELECT i.person_id, i.channel, i.chat_id, coalesce(n.channel, 'both') FROM channel_identity i"
        " LEFT JOIN notice_channel n ON n.person_id = i.person_id"
        " WHERE i.person_id IN (SELECT value FROM json_each(?)) AND i.blocked_at IS NULL"
        " ORDER BY i.person_id, i.channel",
        (json.dumps(person_ids),),
    )]


async def set_notice_channel(conn: aiosqlite.Connection, person_id: int, channel: str, at: datetime) -> None:
    await conn.execute(
        "INSERT INTO notice_channel (person_id, channel, updated_at) VALUES (?, ?, ?)"
        " ON CONFLICT (person_id) DO UPDATE SET channel = excluded.channel, updated_at = excluded.updated_at",
        (person_id, channel, to_db(at)),
    )
