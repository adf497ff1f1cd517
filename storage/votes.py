"""Repository of votes, their options and roll, the participation register and the ballot box."""

from __future__ import annotations

import json
import secrets
import sqlite3
from dataclasses import dataclass
from datetime import datetime

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


async def cast(conn: aiosqlite.Connection, vote_id: int, unit_id: int, person_id: int | None, choices: list[str],
               receipt: str, at: datetime) -> None:
    """Registers the unit as having voted and drops its ballot in the box, in the caller's transaction."""
    try:
        await conn.execute(
            "INSERT INTO vote_participation (vote_id, unit_id, voted_at, person_id) VALUES (?, ?, ?, ?)",
            (vote_id, unit_id, to_db(at), person_id),
        )
    except sqlite3.IntegrityError:
        raise AlreadyVoted from None
    await conn.execute(
        "INSERT INTO ballot (id, vote_id, receipt, choices) VALUES (?, ?, ?, ?)",
        (secrets.randbits(62), vote_id, receipt, json.dumps(sorted(choices))),
    )


async def ballots(conn: aiosqlite.Connection, vote_id: int) -> list[tuple[str, list[str]]]:
    """(receipt, choices) of every ballot, in receipt order (which says nothing about who or when)."""
    async with query(conn,
        "SELECT receipt, choices FROM ballot WHERE vote_id = ? ORDER BY receipt", (vote_id,)
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
