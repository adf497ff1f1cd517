"""Repository of votes, their options and roll, the participation register and the ballot box."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import secrets
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import aiosqlite

from storage.query import query
from storage.timefmt import from_db, to_db


@dataclass(frozen=True)
class VoteRow:
    id: int
    year_id: int
    kind: str
    title: str
    mode: str
    seats: int
    quorum: str
    win_rule: str
    tie_rule: str
    status: str
    fingerprint: str | None
    runoff_of: int | None
    poll_chat_id: str | None
    poll_id: str | None
    poll_message_id: int | None
    members: int | None
    result: dict | None
    opened_at: datetime | None
    committee: list | None = None
    place: str | None = None


@dataclass(frozen=True)
class Option:
    option_id: str
    label: str


class AlreadyVoted(Exception):
    """The unit's ballot is already in the box."""


def _vote(r: aiosqlite.Row) -> VoteRow:
    return VoteRow(r["id"], r["year_id"], r["kind"], r["title"], r["mode"], r["seats"], r["quorum"], r["win_rule"],
                   r["tie_rule"], r["status"], r["fingerprint"], r["runoff_of"], r["poll_chat_id"], r["poll_id"],
                   r["poll_message_id"], r["members"], json.loads(r["result"]) if r["result"] else None,
                   from_db(r["opened_at"]), json.loads(r["committee"]) if r["committee"] else None, r["place"])


async def create(conn: aiosqlite.Connection, year_id: int, kind: str, title: str, seats: int, at: datetime,
                 by: int | None, runoff_of: int | None = None, mode: str = "secret") -> int:
    async with query(conn,
        "INSERT INTO vote (year_id, kind, title, seats, created_at, created_by, runoff_of, mode)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        (year_id, kind, title, seats, to_db(at), by, runoff_of, mode),
    ) as cur:
        row = await cur.fetchone()
    assert row is not None
    return int(row[0])


async def get(conn: aiosqlite.Connection, vote_id: int) -> VoteRow | None:
    async with query(conn, "SELECT * FROM vote WHERE id = ?", (vote_id,)) as cur:
        row = await cur.fetchone()
    return _vote(row) if row else None


async def by_poll(conn: aiosqlite.Connection, poll_id: str) -> VoteRow | None:
    async with query(conn, "SELECT * FROM vote WHERE poll_id = ?", (poll_id,)) as cur:
        row = await cur.fetchone()
    return _vote(row) if row else None


async def of_year(conn: aiosqlite.Connection, year_id: int) -> list[VoteRow]:
    async with query(conn, "SELECT * FROM vote WHERE year_id = ? ORDER BY id", (year_id,)) as cur:
        return [_vote(r) for r in await cur.fetchall()]


async def update(conn: aiosqlite.Connection, vote_id: int, **fields: object) -> None:
    """Changes a draft's settings (the column names are this module's own, never user input)."""
    allowed = {"title", "mode", "seats", "quorum", "win_rule", "tie_rule"}
    assert set(fields) <= allowed
    sets = ", ".join(f"{name} = ?" for name in fields)
    await conn.execute(f"UPDATE vote SET {sets} WHERE id = ? AND status = 'draft'", (*fields.values(), vote_id))


async def set_options(conn: aiosqlite.Connection, vote_id: int, options: list[Option]) -> None:
    await conn.execute("DELETE FROM vote_option WHERE vote_id = ?", (vote_id,))
    await conn.executemany(
        "INSERT INTO vote_option (vote_id, option_id, label, position) VALUES (?, ?, ?, ?)",
        [(vote_id, o.option_id, o.label, i) for i, o in enumerate(options)],
    )


async def options(conn: aiosqlite.Connection, vote_id: int) -> list[Option]:
    async with query(conn,
        "SELECT option_id, label FROM vote_option WHERE vote_id = ? ORDER BY position", (vote_id,)
    ) as cur:
        return [Option(r[0], r[1]) for r in await cur.fetchall()]


async def open_vote(conn: aiosqlite.Connection, vote_id: int, roll: list[int], members: int, fingerprint: str,
                    at: datetime) -> bool:
    cur = await conn.execute(
        "UPDATE vote SET status = 'open', fingerprint = ?, members = ?, opened_at = ?"
        " WHERE id = ? AND status = 'draft'",
        (fingerprint, members, to_db(at), vote_id),
    )
    if cur.rowcount != 1:
        return False
    await conn.executemany("INSERT INTO vote_roll (vote_id, unit_id) VALUES (?, ?)", [(vote_id, u) for u in roll])
    return True


async def set_poll(conn: aiosqlite.Connection, vote_id: int, chat_id: str, poll_id: str, message_id: int) -> None:
    await conn.execute("UPDATE vote SET poll_chat_id = ?, poll_id = ?, poll_message_id = ? WHERE id = ?",
                       (chat_id, poll_id, message_id, vote_id))


async def roll(conn: aiosqlite.Connection, vote_id: int) -> list[int]:
    async with query(conn, "SELECT unit_id FROM vote_roll WHERE vote_id = ?", (vote_id,)) as cur:
        return [r[0] for r in await cur.fetchall()]


async def participants(conn: aiosqlite.Connection, vote_id: int) -> list[int]:
    async with query(conn, "SELECT unit_id FROM vote_participation WHERE vote_id = ?", (vote_id,)) as cur:
        return [r[0] for r in await cur.fetchall()]


# every ballot's choices take exactly this many characters (JSON padded with spaces), so filling an empty
# ballot rewrites its cell in place (see migration 0009); 12 seats of unit ids fit many times over
CHOICES_WIDTH = 400
_EMPTY = "null".ljust(CHOICES_WIDTH)


def _padded(choices: list[str]) -> str:
    text = json.dumps(sorted(choices))
    if len(text) > CHOICES_WIDTH:
        raise ValueError("a ballot's choices do not fit the ballot box")
    return text.ljust(CHOICES_WIDTH)


def seal_of(vote_id: int, secret: str) -> str:
    """What a ballot is sealed with: only the holder of `secret` (the voter's ballot message) can find it."""
    return hmac.new(secret.encode(), f"ballot:{vote_id}".encode(), hashlib.sha256).hexdigest()


async def fill_box(conn: aiosqlite.Connection, vote_id: int, count: int, receipts: list[str]) -> None:
    """Puts `count` empty ballots in the box when the vote opens (see migration 0009)."""
    await conn.executemany(
        "INSERT INTO ballot (id, vote_id, receipt, choices, seal) VALUES (?, ?, ?, ?, ?)",
        [(secrets.randbits(62), vote_id, receipts[i], _EMPTY, secrets.token_hex(32)) for i in range(count)],
    )


async def cast(conn: aiosqlite.Connection, vote_id: int, unit_id: int, person_id: int | None, choices: list[str],
               receipt: str, at: datetime, seal: str | None = None) -> str:
    """Registers the unit as having voted and fills an empty ballot picked at random, in the caller's
    transaction; returns the ballot's receipt (the empty ballot's own, or `receipt` for a vote opened before
    there were empty ballots)."""
    try:
        await conn.execute(
            "INSERT INTO vote_participation (vote_id, unit_id, voted_at, person_id) VALUES (?, ?, ?, ?)",
            (vote_id, unit_id, to_db(at), person_id),
        )
    except sqlite3.IntegrityError:
        raise AlreadyVoted from None
    seal = seal or secrets.token_hex(32)
    async with query(conn, "SELECT id, receipt FROM ballot WHERE vote_id = ? AND choices = ?",
                     (vote_id, _EMPTY)) as cur:
        empty = list(await cur.fetchall())
    if empty:
        ballot_id, receipt = secrets.choice(empty)
        await conn.execute("UPDATE ballot SET choices = ?, seal = ? WHERE id = ?", (_padded(choices), seal, ballot_id))
        return str(receipt)
    await conn.execute(
        "INSERT INTO ballot (id, vote_id, receipt, choices, seal) VALUES (?, ?, ?, ?, ?)",
        (secrets.randbits(62), vote_id, receipt, _padded(choices), seal),
    )
    return receipt


async def sealed_receipt(conn: aiosqlite.Connection, vote_id: int, seal: str) -> str | None:
    """The receipt of the ballot sealed with `seal`, if one was cast."""
    async with query(conn, "SELECT receipt FROM ballot WHERE vote_id = ? AND seal = ? AND choices <> ?",
                     (vote_id, seal, _EMPTY)) as cur:
        row = await cur.fetchone()
    return str(row[0]) if row else None


# how long a checkpoint waits for readers and writers to let go before settling for what it could copy
CHECKPOINT_WAIT_MS = 2000


def _checkpoint(path: Path) -> tuple[int, int, int]:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute(f"PRAGMA busy_timeout = {CHECKPOINT_WAIT_MS}").fetchall()
        busy, frames, copied = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if busy:
            # a reader still held an old snapshot: RESTART at least makes the next write overwrite the log
            busy, frames, copied = conn.execute("PRAGMA wal_checkpoint(RESTART)").fetchone()
        return int(busy), int(frames), int(copied)
    finally:
        conn.close()


async def checkpoint_wal(path: Path) -> tuple[int, int, int]:
    """Copies the write-ahead log into the database and empties it, so the log does not keep the frames of
    one commit after another (whose order is the order ballots were cast). A connection of its own: a
    checkpoint cannot run inside the writer's transactions. Returns SQLite's (busy, log frames, copied)."""
    return await asyncio.to_thread(_checkpoint, path)


async def ballots(conn: aiosqlite.Connection, vote_id: int) -> list[tuple[str, list[str]]]:
    """(receipt, choices) of every ballot, in receipt order (which says nothing about who or when)."""
    async with query(conn,
        "SELECT receipt, choices FROM ballot WHERE vote_id = ? AND choices <> ? ORDER BY receipt", (vote_id, _EMPTY)
    ) as cur:
        return [(r[0], json.loads(r[1])) for r in await cur.fetchall()]


async def close(conn: aiosqlite.Connection, vote_id: int, result: dict, at: datetime) -> bool:
    cur = await conn.execute(
        "UPDATE vote SET status = 'closed', closed_at = ?, result = ? WHERE id = ? AND status = 'open'",
        (to_db(at), json.dumps(result, ensure_ascii=False, default=str), vote_id),
    )
    return cur.rowcount == 1


async def set_minutes_details(conn: aiosqlite.Connection, vote_id: int, place: str,
                              committee: list[tuple[str, str]]) -> None:
    await conn.execute("UPDATE vote SET place = ?, committee = ? WHERE id = ?",
                       (place, json.dumps(committee, ensure_ascii=False), vote_id))


async def open_votes_of_year(conn: aiosqlite.Connection, year_id: int) -> list[VoteRow]:
    async with query(conn, "SELECT * FROM vote WHERE year_id = ? AND status = 'open'", (year_id,)) as cur:
        return [_vote(r) for r in await cur.fetchall()]


async def barred(conn: aiosqlite.Connection, year_id: int) -> dict[int, str]:
    async with query(conn, "SELECT unit_id, reason FROM vote_bar WHERE year_id = ?", (year_id,)) as cur:
        return {r[0]: r[1] for r in await cur.fetchall()}


async def set_group(conn: aiosqlite.Connection, bloc_id: int, channel: str, chat_id: str, title: str | None,
                    at: datetime) -> None:
    await conn.execute(
        "INSERT INTO bloc_group (bloc_id, channel, chat_id, title, linked_at) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (bloc_id, channel) DO UPDATE SET chat_id = excluded.chat_id, title = excluded.title,"
        " linked_at = excluded.linked_at",
        (bloc_id, channel, chat_id, title, to_db(at)),
    )


async def group_of(conn: aiosqlite.Connection, bloc_id: int, channel: str) -> str | None:
    async with query(conn,
        "SELECT chat_id FROM bloc_group WHERE bloc_id = ? AND channel = ?", (bloc_id, channel)
    ) as cur:
        row = await cur.fetchone()
    return row[0] if row else None
