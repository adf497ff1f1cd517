"""Repository of the outbox: messages to people other than the sender, one row per copy to one chat.

The writes are synchronous sqlite3 functions for `Database.write` (group commit): enqueueing a step's
copies is one write before its sender is answered, and the background sender claims and records a chunk
of copies per write (see bot/services/claimed_sends.py). `enqueue_in` runs the same write inside a caller's
`Database.transaction()`, for a step whose own rows and copies must be stored together or not at all.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from storage.query import grouped, on_thread, query
from storage.timefmt import from_db, to_db


@dataclass(frozen=True)
class NewCopy:
    """A copy to enqueue: which of the messages enqueued with it (an index), and where it goes."""

    message: int
    channel: str
    chat_id: str
    person_id: int | None


@dataclass(frozen=True)
class ClaimedCopy:
    id: int
    message_id: int
    channel: str
    chat_id: str
    person_id: int | None
    body: str


def enqueue(conn: sqlite3.Connection, messages: Sequence[tuple[str, str]], copies: Sequence[NewCopy],
            at: datetime) -> None:
    """Writes the messages, (origin, JSON body) each, and their copies as pending. Copies get ids in the order
    given, which is the order they go out in to any one chat."""
    ids = [conn.execute("INSERT INTO outbox_message (origin, body, created_at) VALUES (?, ?, ?)",
                        (origin, body, to_db(at))).lastrowid for origin, body in messages]
    conn.executemany(
        "INSERT INTO outbox_copy (message_id, channel, chat_id, person_id) VALUES (?, ?, ?, ?)",
        [(ids[c.message], c.channel, c.chat_id, c.person_id) for c in copies],
    )


async def enqueue_in(conn: aiosqlite.Connection, messages: Sequence[tuple[str, str]], copies: Sequence[NewCopy],
                     at: datetime) -> None:
    """`enqueue` in the transaction open on `conn` (the writer of `Database.transaction()`), in one round trip."""
    await on_thread(conn, enqueue, messages, copies, at)


def claim(conn: sqlite3.Connection, limit: int, skip_channels: Sequence[str] = (), held: Sequence[int] = ()
          ) -> list[ClaimedCopy]:
    """Up to `limit` pending copies, the oldest first, in id order; none for the channels in `skip_channels`
    (those that cannot be reached now) and none of the `held` ones (already claimed by this run). Nothing is
    written: a claim lives in the sender's memory until the copy leaves (`mark_sending`), so a copy claimed
    and not yet left is still 'pending' after a crash or a stop, and goes out after the next start."""
    claimed = conn.execute(
        "SELECT c.id, c.message_id, c.channel, c.chat_id, c.person_id, m.body FROM outbox_copy c"
        " JOIN outbox_message m ON m.id = c.message_id"
        " WHERE c.status = 'pending' AND c.channel NOT IN (SELECT value FROM json_each(?))"
        "  AND c.id NOT IN (SELECT value FROM json_each(?)) ORDER BY c.id LIMIT ?",
        (json.dumps(list(skip_channels)), json.dumps(list(held)), limit),
    ).fetchall()
    return [ClaimedCopy(r[0], r[1], r[2], r[3], r[4], r[5]) for r in claimed]


def mark_sending(conn: sqlite3.Connection, copy_ids: Sequence[int], at: datetime) -> None:
    """These copies' requests are about to leave (the limiter let them go): from now on a crash leaves them
    'sending', 'unknown' after the next start, never sent again."""
    conn.execute(
        "UPDATE outbox_copy SET status = 'sending', claimed_at = ?"
        " WHERE id IN (SELECT value FROM json_each(?)) AND status = 'pending'",
        (to_db(at), json.dumps(list(copy_ids))),
    )


def record(conn: sqlite3.Connection, results: Sequence[tuple[int, str]], at: datetime) -> None:
    """Records how each claimed copy went: (copy id, 'sent' | 'blocked' | 'failed' | 'unknown'). A copy that
    failed before it left (the channel not running) is still 'pending': it is recorded all the same."""
    for status, ids in grouped(results).items():
        conn.execute(
            "UPDATE outbox_copy SET status = ?, done_at = ?, claimed_at = coalesce(claimed_at, ?)"
            " WHERE id IN (SELECT value FROM json_each(?)) AND status IN ('pending', 'sending')",
            (status, to_db(at), to_db(at), json.dumps(ids)),
        )


def release(conn: sqlite3.Connection, copy_ids: Sequence[int]) -> None:
    """Puts copies marked 'sending' whose request certainly did not leave (a 429 before sending, no
    connection) back to pending: they go out again later."""
    conn.execute(
        "UPDATE outbox_copy SET status = 'pending', claimed_at = NULL"
        " WHERE id IN (SELECT value FROM json_each(?)) AND status = 'sending'",
        (json.dumps(list(copy_ids)),),
    )


def abandon_in_flight(conn: sqlite3.Connection, at: datetime) -> int:
    """At start: copies whose request had left and whose outcome was never recorded may or may not have
    arrived; they are marked unknown, never sent again automatically (the head may resend them)."""
    return conn.execute(
        "UPDATE outbox_copy SET status = 'unknown', done_at = ? WHERE status = 'sending'", (to_db(at),)
    ).rowcount


@dataclass(frozen=True)
class UnknownCopy:
    """A copy whose fate is unknown, as the head sees it."""

    id: int
    origin: str
    channel: str
    chat_id: str
    person_id: int | None
    person_name: str | None
    body: str
    at: datetime


# the copies of a bloc-year: a notice's or a vote's by its year; any other (a notification, a group post) by
# whom it went to: a representative of one of the year's member units, or the bloc's group
_OF_YEAR = """
    (m.origin LIKE 'notice:%' AND CAST(substr(m.origin, 8) AS INTEGER) IN (SELECT id FROM notice WHERE year_id = :y))
    OR (m.origin LIKE 'vote:%' AND CAST(substr(m.origin, 6) AS INTEGER) IN (SELECT id FROM vote WHERE year_id = :y))
    OR (m.origin NOT LIKE 'notice:%' AND m.origin NOT LIKE 'vote:%' AND (
        c.person_id IN (SELECT r.person_id FROM representative r JOIN year_member ym ON ym.unit_id = r.unit_id
                        WHERE ym.year_id = :y)
        OR (c.person_id IS NULL AND (c.channel, c.chat_id) IN (
            SELECT g.channel, g.chat_id FROM bloc_group g JOIN bloc_year b ON b.bloc_id = g.bloc_id
            WHERE b.id = :y))))
"""
# an unknown copy stays on the head's list until a later copy of the same message went to the same chat
_NOT_RESENT = """
    NOT EXISTS (SELECT 1 FROM outbox_copy later WHERE later.message_id = c.message_id
                AND later.channel = c.channel AND later.chat_id = c.chat_id AND later.id > c.id)
"""


def unknown_in_year(conn: sqlite3.Connection, year_id: int, limit: int = 500) -> list[UnknownCopy]:
    """The year's copies whose fate is unknown and that nobody resent yet, oldest first."""
    rows = conn.execute(
        "SELECT c.id, m.origin, c.channel, c.chat_id, c.person_id, p.full_name, m.body, c.done_at"
        " FROM outbox_copy c JOIN outbox_message m ON m.id = c.message_id LEFT JOIN person p ON p.id = c.person_id"
        f" WHERE c.status = 'unknown' AND ({_OF_YEAR}) AND {_NOT_RESENT} ORDER BY c.id LIMIT :limit",
        {"y": year_id, "limit": limit},
    ).fetchall()
    return [UnknownCopy(r[0], r[1], r[2], r[3], r[4], r[5], r[6], from_db(r[7])) for r in rows]


def resend_unknown(conn: sqlite3.Connection, year_id: int, at: datetime) -> int:
    """Enqueues a new pending copy of every copy `unknown_in_year` lists (same message, same chat): the head's
    explicit decision. Returns how many. The old copies stay 'unknown' (their record); the new ones are
    counted with the message's other copies."""
    del at  # a pending copy has no time of its own; kept for the writes' common signature
    return conn.execute(
        "INSERT INTO outbox_copy (message_id, channel, chat_id, person_id)"
        " SELECT c.message_id, c.channel, c.chat_id, c.person_id FROM outbox_copy c"
        " JOIN outbox_message m ON m.id = c.message_id"
        f" WHERE c.status = 'unknown' AND ({_OF_YEAR}) AND {_NOT_RESENT} ORDER BY c.id",
        {"y": year_id},
    ).rowcount


async def counts(conn: aiosqlite.Connection, origin: str) -> dict[str, int]:
    """How many copies of the messages from `origin` are in each status."""
    async with query(conn,
        "SELECT c.status, count(*) FROM outbox_copy c JOIN outbox_message m ON m.id = c.message_id"
        " WHERE m.origin = ? GROUP BY c.status",
        (origin,),
    ) as cur:
        return {r[0]: r[1] for r in await cur.fetchall()}

