"""Repository of criteria tables, deadlines, score sheets, their layered entries and evidence."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime

import aiosqlite

from storage.query import every, on_thread, one, query
from storage.rows import AssessmentSetting, CriteriaTableVersion, Evidence, LayerValue, Sheet
from storage.timefmt import from_db, instant_from_db, to_db


def _table(row: aiosqlite.Row) -> CriteriaTableVersion:
    return CriteriaTableVersion(row["id"], row["year_id"], row["version"], row["fingerprint"],
                                json.loads(row["content"]), row["source_name"], instant_from_db(row["created_at"]))


def _sheet(row: aiosqlite.Row) -> Sheet:
    return Sheet(row["id"], row["year_id"], row["unit_id"], row["table_id"], row["status"],
                 from_db(row["submitted_at"]), row["receipt"], from_db(row["reopened_at"]))


# --- criteria tables ---------------------------------------------------------------------------


async def add_table(conn: aiosqlite.Connection, year_id: int, fingerprint: str, rows: list, source_name: str | None,
                    reason: str | None, at: datetime, by: int | None) -> CriteriaTableVersion:
    async with query(conn,
        "INSERT INTO criteria_table (year_id, version, fingerprint, content, source_name, reason, created_at,"
        " created_by) VALUES (?, (SELECT coalesce(max(version), 0) + 1 FROM criteria_table WHERE year_id = ?),"
        " ?, ?, ?, ?, ?, ?) RETURNING *",
        (year_id, year_id, fingerprint, json.dumps(rows, ensure_ascii=False), source_name, reason, to_db(at), by),
    ) as cur:
        row = await cur.fetchone()
    assert row is not None
    await conn.execute(
        "INSERT INTO assessment_setting (year_id, current_table_id) VALUES (?, ?)"
        " ON CONFLICT (year_id) DO UPDATE SET current_table_id = excluded.current_table_id",
        (year_id, row["id"]),
    )
    return _table(row)


async def get_table(conn: aiosqlite.Connection, table_id: int) -> CriteriaTableVersion | None:
    async with query(conn, "SELECT * FROM criteria_table WHERE id = ?", (table_id,)) as cur:
        row = await cur.fetchone()
    return _table(row) if row else None


async def setting(conn: aiosqlite.Connection, year_id: int) -> AssessmentSetting:
    return await on_thread(conn, read_setting, year_id)


def read_setting(conn: sqlite3.Connection, year_id: int) -> AssessmentSetting:
    row = one(conn, "SELECT * FROM assessment_setting WHERE year_id = ?", (year_id,))
    if row is None:
        return AssessmentSetting(year_id, None, False, None)
    return AssessmentSetting(year_id, row["current_table_id"], bool(row["allow_resubmit"]),
                             from_db(row["checking_closed_at"]))


async def set_allow_resubmit(conn: aiosqlite.Connection, year_id: int, allow: bool) -> None:
    await conn.execute(
        "INSERT INTO assessment_setting (year_id, allow_resubmit) VALUES (?, ?)"
        " ON CONFLICT (year_id) DO UPDATE SET allow_resubmit = excluded.allow_resubmit",
        (year_id, int(allow)),
    )


async def close_checking(conn: aiosqlite.Connection, year_id: int, at: datetime, by: int | None) -> None:
    await conn.execute(
        "UPDATE assessment_setting SET checking_closed_at = ?, checking_closed_by = ? WHERE year_id = ?",
        (to_db(at), by, year_id),
    )
    await conn.execute("UPDATE sheet SET status = 'final' WHERE year_id = ?", (year_id,))


# --- sheets --------------------------------------------------------------------------------------


async def sheet_of(conn: aiosqlite.Connection, year_id: int, unit_id: int) -> Sheet | None:
    return await on_thread(conn, read_sheet_of, year_id, unit_id)


def read_sheet_of(conn: sqlite3.Connection, year_id: int, unit_id: int) -> Sheet | None:
    row = one(conn, "SELECT * FROM sheet WHERE year_id = ? AND unit_id = ?", (year_id, unit_id))
    return _sheet(row) if row else None


async def create_sheet(conn: aiosqlite.Connection, year_id: int, unit_id: int, table_id: int, at: datetime) -> Sheet:
    await conn.execute(
        "INSERT INTO sheet (year_id, unit_id, table_id, created_at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (year_id, unit_id) DO NOTHING",
        (year_id, unit_id, table_id, to_db(at)),
    )
    found = await sheet_of(conn, year_id, unit_id)
    assert found is not None
    return found


async def sheets_of_year(conn: aiosqlite.Connection, year_id: int) -> list[Sheet]:
    async with query(conn, "SELECT * FROM sheet WHERE year_id = ?", (year_id,)) as cur:
        return [_sheet(r) for r in await cur.fetchall()]


async def any_submitted(conn: aiosqlite.Connection, year_id: int) -> bool:
    async with query(conn,
        "SELECT 1 FROM sheet WHERE year_id = ? AND status <> 'draft' LIMIT 1", (year_id,)
    ) as cur:
        return await cur.fetchone() is not None


async def move_drafts_to(conn: aiosqlite.Connection, year_id: int, table_id: int) -> None:
    """Drafts follow a new table version; submitted sheets keep the version they were scored against."""
    await conn.execute("UPDATE sheet SET table_id = ? WHERE year_id = ? AND status = 'draft'", (table_id, year_id))


async def set_status(conn: aiosqlite.Connection, sheet_id: int, status: str, expected: tuple[str, ...]) -> bool:
    """Moves a sheet on only from one of the expected states, so two people cannot both move it."""
    marks = ",".join("?" * len(expected))
    cur = await conn.execute(
        f"UPDATE sheet SET status = ? WHERE id = ? AND status IN ({marks})", (status, sheet_id, *expected)
    )
    return cur.rowcount == 1


async def mark_submitted(conn: aiosqlite.Connection, sheet: Sheet, at: datetime, by: int | None, total_centi: int,
                         receipt: str) -> None:
    await conn.execute(
        "UPDATE sheet SET status = 'submitted', submitted_at = ?, submitted_by = ?, receipt = ? WHERE id = ?",
        (to_db(at), by, receipt, sheet.id),
    )
    await conn.execute(
        "INSERT INTO submission (sheet_id, table_id, at, person_id, total_centi, receipt) VALUES (?, ?, ?, ?, ?, ?)",
        (sheet.id, sheet.table_id, to_db(at), by, total_centi, receipt),
    )


async def reopen(conn: aiosqlite.Connection, sheet_id: int, at: datetime, by: int | None, reason: str) -> None:
    await conn.execute(
        "UPDATE sheet SET status = 'draft', reopened_at = ?, reopened_by = ?, reopen_reason = ? WHERE id = ?",
        (to_db(at), by, reason, sheet_id),
    )


# --- entries -------------------------------------------------------------------------------------


def add_entry(conn: sqlite3.Connection, sheet: Sheet, criterion: str, layer: str, entered: str | None,
              points_centi: int | None, note: str | None, person_id: int | None, at: datetime,
              while_status: tuple[str, ...]) -> bool:
    """Adds an entry only while the sheet is still in one of `while_status` (checked in the same statement,
    so a submit or a check that lands first wins). Synchronous: runs inside `Database.write`."""
    marks = ",".join("?" * len(while_status))
    cur = conn.execute(
        "INSERT INTO score_entry (sheet_id, table_id, criterion, layer, entered, points_centi, note, person_id, at)"
        f" SELECT ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM sheet WHERE id = ? AND status IN ({marks}))",
        (sheet.id, sheet.table_id, criterion, layer, entered, points_centi, note, person_id, to_db(at), sheet.id,
         *while_status),
    )
    return cur.rowcount == 1


async def current_layers(conn: aiosqlite.Connection, sheet_id: int) -> dict[str, dict[str, LayerValue]]:
    return await on_thread(conn, read_current_layers, sheet_id)


def read_current_layers(conn: sqlite3.Connection, sheet_id: int) -> dict[str, dict[str, LayerValue]]:
    """criterion -> layer -> its latest entry."""
    rows = every(conn,
        "SELECT e.* FROM score_entry e WHERE e.sheet_id = ? AND e.id = (SELECT max(id) FROM score_entry x"
        " WHERE x.sheet_id = e.sheet_id AND x.criterion = e.criterion AND x.layer = e.layer)",
        (sheet_id,))
    layers: dict[str, dict[str, LayerValue]] = {}
    for r in rows:
        layers.setdefault(r["criterion"], {})[r["layer"]] = LayerValue(
            r["entered"], r["points_centi"], r["note"], r["person_id"], instant_from_db(r["at"]))
    return layers


async def history(conn: aiosqlite.Connection, sheet_id: int) -> list[tuple[str, str, str | None, int | None, str | None,
                                                                          int | None, datetime]]:
    """Every entry of a sheet in order: (criterion, layer, entered, points, note, person, at)."""
    async with query(conn, "SELECT * FROM score_entry WHERE sheet_id = ? ORDER BY id", (sheet_id,)) as cur:
        return [(r["criterion"], r["layer"], r["entered"], r["points_centi"], r["note"], r["person_id"],
                 instant_from_db(r["at"])) for r in await cur.fetchall()]


# --- evidence ------------------------------------------------------------------------------------


async def add_evidence(conn: aiosqlite.Connection, sheet_id: int, criterion: str, kind: str, channel: str | None,
                       file_id: str | None, file_name: str | None, mime_type: str | None, size: int | None,
                       text: str | None, at: datetime, by: int | None) -> int:
    async with query(conn,
        "INSERT INTO evidence (sheet_id, criterion, kind, channel, file_id, file_name, mime_type, size, text,"
        " added_at, added_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        (sheet_id, criterion, kind, channel, file_id, file_name, mime_type, size, text, to_db(at), by),
    ) as cur:
        row = await cur.fetchone()
    assert row is not None
    return int(row[0])


async def remove_evidence(conn: aiosqlite.Connection, sheet_id: int, evidence_id: int, at: datetime,
                          by: int | None) -> str | None:
    """Removes one item of this sheet's evidence; returns its criterion, or None if not found."""
    async with query(conn,
        "UPDATE evidence SET removed_at = ?, removed_by = ? WHERE id = ? AND sheet_id = ? AND removed_at IS NULL"
        " RETURNING criterion",
        (to_db(at), by, evidence_id, sheet_id),
    ) as cur:
        row = await cur.fetchone()
    return row[0] if row else None


async def evidence_of(conn: aiosqlite.Connection, sheet_id: int) -> list[Evidence]:
    return await on_thread(conn, read_evidence_of, sheet_id)


def read_evidence_of(conn: sqlite3.Connection, sheet_id: int) -> list[Evidence]:
    rows = every(conn, "SELECT * FROM evidence WHERE sheet_id = ? AND removed_at IS NULL ORDER BY id", (sheet_id,))
    return [Evidence(r["id"], r["criterion"], r["kind"], r["file_id"], r["file_name"], r["text"],
                     instant_from_db(r["added_at"]), r["channel"], r["mime_type"]) for r in rows]
