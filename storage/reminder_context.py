"""Bulk reads for the reminder sweep: what it needs to know about many due reminders, one query per table.

Read reminder by reminder, this cost a dozen round trips to the database thread each (about 120 µs
apiece), so 5,000 reminders falling due together reached the sender up to 14 s late. Every query here
takes any number of ids as one JSON parameter (no limit on bound variables) and is one round trip
(`execute_fetchall`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

import aiosqlite

from storage.rows import Unit


@dataclass(frozen=True)
class SheetState:
    id: int
    unit_id: int
    table_id: int
    status: str


@dataclass(frozen=True)
class Reach:
    """One reachable (not blocked) account of an active representative, with the person's channel choice."""

    unit_id: int
    person_id: int
    channel: str
    chat_id: str
    wanted: str  # 'telegram', 'zalo' or 'both' (no choice made)


def _ids(ids: Iterable[int]) -> str:
    return json.dumps(list(ids))


async def units(conn: aiosqlite.Connection, unit_ids: Iterable[int]) -> dict[int, Unit]:
    rows = await conn.execute_fetchall(
        "SELECT id, bloc_id, name, short_name, contact FROM unit WHERE id IN (SELECT value FROM json_each(?))",
        (_ids(unit_ids),),
    )
    return {r[0]: Unit(r[0], r[1], r[2], r[3], r[4]) for r in rows}


async def reach(conn: aiosqlite.Connection, unit_ids: Iterable[int]) -> list[Reach]:
    """Every reachable account of the units' active representatives: by unit, primary representative first,
    then by joining time, each person's accounts by channel (the order notices have always gone out in)."""
    rows = await conn.execute_fetchall(
        "SELECT r.unit_id, r.person_id, i.channel, i.chat_id, coalesce(n.channel, 'both')"
        " FROM representative r"
        " JOIN channel_identity i ON i.person_id = r.person_id AND i.blocked_at IS NULL"
        " LEFT JOIN notice_channel n ON n.person_id = r.person_id"
        " WHERE r.unit_id IN (SELECT value FROM json_each(?)) AND r.removed_at IS NULL"
        " ORDER BY r.unit_id, r.is_primary DESC, r.joined_at, r.id, i.channel",
        (_ids(unit_ids),),
    )
    return [Reach(r[0], r[1], r[2], r[3], r[4]) for r in rows]


async def submitted_registrations(conn: aiosqlite.Connection, year_id: int, unit_ids: Iterable[int]) -> set[int]:
    rows = await conn.execute_fetchall(
        "SELECT unit_id FROM registration WHERE year_id = ? AND status = 'submitted'"
        " AND unit_id IN (SELECT value FROM json_each(?))",
        (year_id, _ids(unit_ids)),
    )
    return {r[0] for r in rows}


async def sheets(conn: aiosqlite.Connection, year_id: int, unit_ids: Iterable[int]) -> dict[int, SheetState]:
    """unit -> its score sheet's id, table version and status (units that never opened one are absent)."""
    rows = await conn.execute_fetchall(
        "SELECT id, unit_id, table_id, status FROM sheet WHERE year_id = ?"
        " AND unit_id IN (SELECT value FROM json_each(?))",
        (year_id, _ids(unit_ids)),
    )
    return {r[1]: SheetState(r[0], r[1], r[2], r[3]) for r in rows}


async def self_scored(conn: aiosqlite.Connection, sheet_ids: Iterable[int]) -> dict[int, set[str]]:
    """sheet -> the criteria the unit gave itself a score for (a self entry always carries points)."""
    rows = await conn.execute_fetchall(
        "SELECT DISTINCT sheet_id, criterion FROM score_entry WHERE layer = 'self'"
        " AND sheet_id IN (SELECT value FROM json_each(?))",
        (_ids(sheet_ids),),
    )
    scored: dict[int, set[str]] = {}
    for sheet_id, criterion in rows:
        scored.setdefault(sheet_id, set()).add(criterion)
    return scored
