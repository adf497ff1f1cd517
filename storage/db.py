"""The SQLite database: one writer connection, one reader connection, numbered migrations.

Why two connections: aiosqlite runs each connection on its own thread, so a single connection
serialises every statement, but two coroutines interleaving statements on it would see each other's
uncommitted writes. Writes therefore go through one connection guarded by an asyncio lock (one
transaction at a time, never "database is locked"); plain reads use a second connection, which in
WAL mode sees the last committed state and never waits for the writer.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

import aiosqlite

log = logging.getLogger(__name__)

_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")
BUSY_TIMEOUT_MS = 5000


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def bundled_migrations() -> list[Migration]:
    """The migrations shipped in storage/migrations, in order."""
    found = []
    for entry in resources.files("storage").joinpath("migrations").iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if versions != list(range(1, len(found) + 1)):
        raise RuntimeError(f"migrations must be numbered 1..n without gaps, found {versions}")
    return found


async def _pragma(conn: aiosqlite.Connection, statement: str) -> None:
    # an unread pragma cursor keeps its statement open, which holds a lock other connections then wait on
    async with conn.execute(statement) as cursor:
        await cursor.fetchall()


async def _configure(conn: aiosqlite.Connection) -> None:
    conn.row_factory = aiosqlite.Row
    await _pragma(conn, f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    await _pragma(conn, "PRAGMA foreign_keys = ON")
    await _pragma(conn, "PRAGMA synchronous = NORMAL")


class Database:
    """Owns the connections. Use `transaction()` for anything that writes, `reading()` otherwise."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._writer: aiosqlite.Connection | None = None
        self._reader: aiosqlite.Connection | None = None
        self._write_lock: asyncio.Lock | None = None

    async def open(self, *, migrate: bool = True) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # isolation_level=None: we issue BEGIN/COMMIT ourselves so transactions are explicit
        self._writer = await aiosqlite.connect(self.path, isolation_level=None)
        await _configure(self._writer)
        await _pragma(self._writer, "PRAGMA journal_mode = WAL")
        self._write_lock = asyncio.Lock()
        if migrate:
            await self.migrate()
        self._reader = await aiosqlite.connect(self.path, isolation_level=None)
        await _configure(self._reader)
        await _pragma(self._reader, "PRAGMA query_only = ON")

    async def close(self) -> None:
        for conn in (self._reader, self._writer):
            if conn is not None:
                await conn.close()
        self._reader = self._writer = None

    async def __aenter__(self) -> Database:
        await self.open()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def schema_version(self) -> int:
        conn = self._require(self._writer)
        await conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_version ("
            " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT"
        )
        async with conn.execute("SELECT coalesce(max(version), 0) FROM schema_version") as cur:
            row = await cur.fetchone()
        return int(row[0]) if row else 0

    async def migrate(self) -> list[str]:
        """Applies the migrations not yet recorded, each in its own transaction. Returns their names."""
        conn = self._require(self._writer)
        current = await self.schema_version()
        applied = []
        for migration in bundled_migrations():
            if migration.version <= current:
                continue
            # executescript commits what is pending, so the script carries its own transaction
            script = (
                "BEGIN IMMEDIATE;\n"
                + migration.sql
                + "\nINSERT INTO schema_version (version, name, applied_at) VALUES "
                + f"({migration.version}, '{migration.name}', '{datetime.now(UTC).isoformat()}');\nCOMMIT;"
            )
            try:
                await conn.executescript(script)
            except Exception:
                if conn.in_transaction:
                    await conn.execute("ROLLBACK")
                raise
            log.info("applied migration %s", migration.name)
            applied.append(migration.name)
        async with conn.execute("PRAGMA foreign_key_check") as cur:
            broken = await cur.fetchall()
        if broken:
            raise RuntimeError(f"foreign key check failed after migration: {len(broken)} rows")
        return applied

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """One write transaction at a time; committed on normal exit, rolled back on any error."""
        conn = self._require(self._writer)
        assert self._write_lock is not None
        async with self._write_lock:
            await conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                await conn.execute("ROLLBACK")
                raise
            else:
                await conn.execute("COMMIT")

    @asynccontextmanager
    async def reading(self) -> AsyncIterator[aiosqlite.Connection]:
        """A connection that sees the last committed state."""
        yield self._require(self._reader)

    @staticmethod
    def _require(conn: aiosqlite.Connection | None) -> aiosqlite.Connection:
        if conn is None:
            raise RuntimeError("the database is not open")
        return conn
