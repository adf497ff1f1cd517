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
from storage.timefmt import to_db


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


def claim(conn: sqlite3.Connection, limit: int, at: datetime, skip_channels: Sequence[str] = ()
          ) -> list[ClaimedCopy]:
    """Claims ('sending') up to `limit` pending copies, the oldest first, and returns them in id order; none for
    the channels in `skip_channels` (those that cannot be reached now)."""
    claimed = conn.execute(
        "UPDATE outbox_copy SET status = 'sending', claimed_at = ?"
        " WHERE id IN (SELECT id FROM outbox_copy WHERE status = 'pending'"
        "   AND channel NOT IN (SELECT value FROM json_each(?)) ORDER BY id LIMIT ?)"
        " RETURNING id, message_id, channel, chat_id, person_id",
        (to_db(at), json.dumps(list(skip_channels)), limit),
    ).fetchall()
    if not claimed:
        return []
    bodies = dict(conn.execute(
        "SELECT id, body FROM outbox_message WHERE id IN (SELECT value FROM json_each(?))",
        (json.dumps(sorted({r[1] for r in claimed})),),
    ).fetchall())
    return sorted((ClaimedCopy(r[0], r[1], r[2], r[3], r[4], bodies[r[1]]) for r in claimed), key=lambda c: c.id)


def record(conn: sqlite3.Connection, results: Sequence[tuple[int, str]], at: datetime) -> None:
    """Records how each claimed copy went: (copy id, 'sent' | 'blocked' | 'failed')."""
    for status, ids in grouped(results).items():
        conn.execute(
            "UPDATE outbox_copy SET status = ?, done_at = ?"
            " WHERE id IN (SELECT value FROM json_each(?)) AND status = 'sending'",
            (status, to_db(at), json.dumps(ids)),
        )


def release(conn: sqlite3.Connection, copy_ids: Sequence[int]) -> None:
    """Puts claimed copies that were never handed to a channel back to pending (the bot is stopping): they
    certainly did not leave, so they go out after the next start."""
    conn.execute(
        "UPDATE outbox_copy SET status = 'pending', claimed_at = NULL"
        " WHERE id IN (SELECT value FROM json_each(?)) AND status = 'sending'",
        (json.dumps(list(copy_ids)),),
    )


def abandon_in_flight(conn: sqlite3.Connection, at: datetime) -> int:
    """At start: copies claimed and never recorded may have left before the process stopped; they are marked
    unknown, never sent again."""
    return conn.execute(
        "UPDATE outbox_copy SET status = 'unknown', done_at = ? WHERE status = 'sending'", (to_db(at),)
    ).rowcount


async def counts(conn: aiosqlite.Connection, origin: str) -> dict[str, int]:
    """How many copies of the messages from `origin` are in each status."""
    async with query(conn,
        "SELECT c.status, count(*) FROM outbox_copy c JOIN outbox_message m ON m.id = c.message_id"
        " WHERE m.origin = ? GROUP BY c.status",
        (origin,),
    ) as cur:
        return {r[0]: r[1] for r in await cur.fetchall()}

