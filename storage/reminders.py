"""Repository of deadline extensions, reminder rules, planned reminders and their deliveries."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from storage.query import every, grouped, on_thread, query
from storage.timefmt import from_db, instant_from_db, to_db


@dataclass(frozen=True)
class ReminderRow:
    id: int
    year_id: int
    step: str
    kind: str
    unit_id: int
    offset_minutes: int
    revision: str
    due_at: datetime


@dataclass(frozen=True)
class Delivery:
    reminder_id: int
    person_id: int
    channel: str
    chat_id: str
    status: str


def _row(r: aiosqlite.Row) -> ReminderRow:
    return ReminderRow(r["id"], r["year_id"], r["step"], r["kind"], r["unit_id"], r["offset_minutes"], r["revision"],
                       instant_from_db(r["due_at"]))


# --- extensions and rules ------------------------------------------------------------------------


async def extensions(conn: aiosqlite.Connection, year_id: int, step: str) -> dict[int, tuple[datetime, str]]:
    return await on_thread(conn, read_extensions, year_id, step)


def read_extensions(conn: sqlite3.Connection, year_id: int, step: str) -> dict[int, tuple[datetime, str]]:
    rows = every(conn, "SELECT unit_id, due_at, reason FROM deadline_extension WHERE year_id = ? AND step = ?",
                 (year_id, step))
    return {r[0]: (from_db(r[1]), r[2]) for r in rows}  # type: ignore[misc]


async def set_extension(conn: aiosqlite.Connection, year_id: int, step: str, unit_id: int, due_at: datetime,
                        reason: str, at: datetime, by: int | None) -> None:
    await conn.execute(
        "INSERT INTO deadline_extension (year_id, step, unit_id, due_at, reason, set_at, set_by)"
        " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (year_id, step, unit_id) DO UPDATE SET due_at = excluded.due_at,"
        " reason = excluded.reason, set_at = excluded.set_at, set_by = excluded.set_by",
        (year_id, step, unit_id, to_db(due_at), reason, to_db(at), by),
    )


async def rule(conn: aiosqlite.Connection, year_id: int, step: str) -> tuple[list[int], int, int] | None:
    async with query(conn,
        "SELECT offsets, quiet_start, quiet_end FROM reminder_rule WHERE year_id = ? AND step = ?", (year_id, step)
    ) as cur:
        row = await cur.fetchone()
    return (json.loads(row[0]), row[1], row[2]) if row else None


async def set_rule(conn: aiosqlite.Connection, year_id: int, step: str, offsets: list[int]) -> None:
    await conn.execute(
        "INSERT INTO reminder_rule (year_id, step, offsets) VALUES (?, ?, ?)"
        " ON CONFLICT (year_id, step) DO UPDATE SET offsets = excluded.offsets",
        (year_id, step, json.dumps(offsets)),
    )


# --- planned reminders ---------------------------------------------------------------------------


async def cancel_stale(conn: aiosqlite.Connection, year_id: int, step: str, keep: dict[int, str]) -> int:
    """Cancels pending rows of a step whose revision is no longer their unit's (unit 0: the bloc's)."""
    cancelled = 0
    async with query(conn,
        "SELECT id, unit_id, revision FROM reminder WHERE year_id = ? AND step = ? AND status = 'pending'",
        (year_id, step),
    ) as cur:
        rows = await cur.fetchall()
    stale = [r[0] for r in rows if keep.get(r[1], keep.get(0)) != r[2]]
    for start in range(0, len(stale), 500):
        chunk = stale[start:start + 500]
        marks = ",".join("?" * len(chunk))
        result = await conn.execute(
            f"UPDATE reminder SET status = 'cancelled', outcome = 'deadline moved' WHERE id IN ({marks})", chunk
        )
        cancelled += result.rowcount
    return cancelled


async def add_planned(conn: aiosqlite.Connection, rows: list[tuple[int, str, str, int, int, str, datetime]]) -> int:
    """Inserts (year, step, kind, unit, offset, revision, due) rows; an existing one is left as it is."""
    cur = await conn.executemany(
        "INSERT INTO reminder (year_id, step, kind, unit_id, offset_minutes, revision, due_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        [(y, s, k, u, o, r, to_db(d)) for y, s, k, u, o, r, d in rows],
    )
    return cur.rowcount


async def next_due(conn: aiosqlite.Connection) -> datetime | None:
    async with query(conn, "SELECT min(due_at) FROM reminder WHERE status = 'pending'") as cur:
        row = await cur.fetchone()
    return from_db(row[0]) if row else None


async def due(conn: aiosqlite.Connection, now: datetime, limit: int,
              after: tuple[datetime, int] | None = None) -> list[ReminderRow]:
    """Pending rows due by `now`, in due order. `after` is the (due time, id) of the last row a sweep already
    took, so rows it still has in flight (pending until their deliveries are recorded) are not taken twice."""
    since, last_id = (to_db(after[0]), after[1]) if after else ("", 0)
    rows = await conn.execute_fetchall(
        "SELECT * FROM reminder WHERE status = 'pending' AND due_at <= ? AND (due_at > ? OR (due_at = ? AND id > ?))"
        " ORDER BY due_at, id LIMIT ?",
        (to_db(now), since, since, last_id, limit),
    )
    return [_row(r) for r in rows]


def finish(conn: sqlite3.Connection, outcomes: list[tuple[int, str]], at: datetime) -> None:
    """Marks (reminder, outcome) rows done; a row cancelled meanwhile stays cancelled. Synchronous, like
    `claim` and `record`: the sweep runs the three in one `Database.write` (one round trip a chunk)."""
    for outcome, ids in grouped(outcomes).items():
        # "+status": look the rows up by id, not by scanning every pending row through the status index
        conn.execute(
            "UPDATE reminder SET status = 'done', outcome = ?, done_at = ?"
            " WHERE id IN (SELECT value FROM json_each(?)) AND +status = 'pending'",
            (outcome, to_db(at), json.dumps(ids)),
        )


def claim(conn: sqlite3.Connection, deliveries: list[tuple[int, int, str, str]], at: datetime) -> list[Delivery]:
    """Claims these (reminder, person, channel, chat) deliveries and returns the ones claimed: new ones, and
    ones claimed earlier whose request never left ('pending', e.g. waiting at the limiter when the bot
    stopped). They are stored 'pending' and become 'sending' only as their request leaves (`mark_sending`).
    A delivery already sending, sent or failed is left as it is (at-most-once), and so is every delivery of a
    reminder no longer pending (its deadline moved meanwhile)."""
    rows = conn.execute(
        "INSERT INTO reminder_delivery (reminder_id, person_id, channel, chat_id, status, at)"
        " SELECT json_extract(j.value, '$[0]'), json_extract(j.value, '$[1]'), json_extract(j.value, '$[2]'),"
        "  json_extract(j.value, '$[3]'), 'pending', ? FROM json_each(?) AS j"
        " WHERE EXISTS (SELECT 1 FROM reminder r WHERE r.id = json_extract(j.value, '$[0]') AND r.status = 'pending')"
        " ON CONFLICT (reminder_id, person_id, channel) DO UPDATE SET at = excluded.at"
        " WHERE reminder_delivery.status = 'pending'"
        " RETURNING reminder_id, person_id, channel, chat_id, status",
        (to_db(at), json.dumps(deliveries)),
    ).fetchall()
    return [Delivery(r[0], r[1], r[2], r[3], r[4]) for r in rows]


def mark_sending(conn: sqlite3.Connection, deliveries: list[Delivery], at: datetime) -> None:
    """These deliveries' requests are about to leave: a crash from now on leaves them 'unknown'."""
    conn.execute(
        "UPDATE reminder_delivery SET status = 'sending', at = ? WHERE status = 'pending' AND"
        " (reminder_id, person_id, channel) IN (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'),"
        " json_extract(value, '$[2]') FROM json_each(?))",
        (to_db(at), json.dumps([(d.reminder_id, d.person_id, d.channel) for d in deliveries])),
    )


def record(conn: sqlite3.Connection, results: list[tuple[Delivery, str]], at: datetime) -> None:
    """Records how each claimed delivery went (sent, blocked, failed or unknown)."""
    keyed = (((d.reminder_id, d.person_id, d.channel), status) for d, status in results)
    for status, keys in grouped(keyed).items():
        conn.execute(
            "UPDATE reminder_delivery SET status = ?, at = ? WHERE (reminder_id, person_id, channel) IN ("
            " SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]')"
            " FROM json_each(?))",
            (status, to_db(at), json.dumps(keys)),
        )


async def abandon_in_flight(conn: aiosqlite.Connection) -> int:
    """After a crash: sends whose request had left and that were never recorded are marked unknown, not
    retried. Deliveries still 'pending' (claimed, never left) are claimed again by the next sweep."""
    cur = await conn.execute("UPDATE reminder_delivery SET status = 'unknown' WHERE status = 'sending'")
    return cur.rowcount


async def deliveries_of(conn: aiosqlite.Connection, year_id: int, step: str) -> list[tuple[int, int, int, str]]:
    """(unit, offset, person, status) of every delivery of a step's unit reminders, for reports and tests."""
    async with query(conn,
        "SELECT r.unit_id, r.offset_minutes, d.person_id, d.status FROM reminder_delivery d"
        " JOIN reminder r ON r.id = d.reminder_id WHERE r.year_id = ? AND r.step = ? AND r.kind = 'unit'"
        " ORDER BY r.due_at, r.unit_id, d.person_id",
        (year_id, step),
    ) as cur:
        return [(r[0], r[1], r[2], r[3]) for r in await cur.fetchall()]


@dataclass(frozen=True)
class UnknownDelivery:
    """A reminder delivery whose fate is unknown, as the head sees it."""

    reminder_id: int
    step: str
    due_at: datetime
    person_id: int
    person_name: str
    channel: str
    chat_id: str


def resend_origin(reminder_id: int) -> str:
    """The outbox origin of a head's resend of a reminder: it takes the delivery off the head's list."""
    return f"reminder:{reminder_id}"


def unknown_in_year(conn: sqlite3.Connection, year_id: int, limit: int = 500) -> list[UnknownDelivery]:
    """The year's reminder deliveries whose fate is unknown and that the head has not resent, oldest first."""
    rows = conn.execute(
        "SELECT d.reminder_id, r.step, r.due_at, d.person_id, p.full_name, d.channel, d.chat_id"
        " FROM reminder_delivery d JOIN reminder r ON r.id = d.reminder_id JOIN person p ON p.id = d.person_id"
        " WHERE d.status = 'unknown' AND r.year_id = ? AND NOT EXISTS ("
        "  SELECT 1 FROM outbox_copy c JOIN outbox_message m ON m.id = c.message_id"
        "  WHERE m.origin = 'reminder:' || d.reminder_id AND c.channel = d.channel AND c.chat_id = d.chat_id)"
        " ORDER BY r.due_at, d.reminder_id, d.person_id LIMIT ?",
        (year_id, limit),
    ).fetchall()
    return [UnknownDelivery(r[0], r[1], instant_from_db(r[2]), r[3], r[4], r[5], r[6]) for r in rows]
