"""Reads in one round trip to the database thread, with the statement finished before it returns.

`async with conn.execute(...) as cur` costs three round trips (execute, fetch, close), about 120 µs
each here, and leaves the statement open between them, which pins the connection's WAL snapshot for
everyone else using it. `query` runs and exhausts the statement in a single call and hands back the rows
behind the same `fetchone`/`fetchall` the repositories already use.

Reads that run for every message are written as plain sqlite3 functions (`read_…`) so that a service can
run several of them in one round trip (`Database.read`); their async twins call them through `on_thread`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from typing import Any, TypeVar

import aiosqlite

T = TypeVar("T")
K = TypeVar("K")
V = TypeVar("V")


class Fetched:
    """The rows of a finished statement."""

    def __init__(self, rows: Sequence[Any]) -> None:
        self.rows = rows

    async def fetchone(self) -> Any:
        return self.rows[0] if self.rows else None

    async def fetchall(self) -> Sequence[Any]:
        return self.rows


@asynccontextmanager
async def query(conn: aiosqlite.Connection, sql: str, parameters: Iterable[Any] = ()) -> AsyncIterator[Fetched]:
    yield Fetched(list(await conn.execute_fetchall(sql, parameters)))


async def on_thread(conn: aiosqlite.Connection, fn: Callable[..., T], *args: Any) -> T:
    """Calls `fn(sqlite3_connection, *args)` on the aiosqlite connection's own thread, in one round trip.

    aiosqlite offers no public call for this; its `_execute` and `_conn` are stable across the versions
    pyproject.toml allows, and tests/storage/test_group_commit.py fails if that ever changes."""
    return await conn._execute(fn, conn._conn, *args)


def one(conn: sqlite3.Connection, sql: str, parameters: Iterable[Any] = ()) -> Any:
    """The first row of a statement, or None. The statement is run to its end, so it holds no snapshot
    open after it (see storage/db.py on why that matters)."""
    rows = conn.execute(sql, tuple(parameters)).fetchall()
    return rows[0] if rows else None


def every(conn: sqlite3.Connection, sql: str, parameters: Iterable[Any] = ()) -> list[Any]:
    return conn.execute(sql, tuple(parameters)).fetchall()


def grouped(pairs: Iterable[tuple[V, K]]) -> dict[K, list[V]]:
    """(row key, new value) pairs grouped by value, in order: one UPDATE per value then sets every row of
    that value at once (`… WHERE id IN (SELECT value FROM json_each(?))`)."""
    groups: dict[K, list[V]] = {}
    for key, value in pairs:
        groups.setdefault(value, []).append(key)
    return groups
