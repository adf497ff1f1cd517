"""Reads in one round trip to the database thread, with the statement finished before it returns.

`async with conn.execute(...) as cur` costs three round trips (execute, fetch, close), about 120 µs
each here, and leaves the statement open between them, which pins the connection's WAL snapshot for
everyone else using it. `query` runs and exhausts the statement in a single call and hands back the rows
behind the same `fetchone`/`fetchall` the repositories already use.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from typing import Any

import aiosqlite


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
