"""The SQLite database: one writer connection, a few reader connections, numbered migrations.

Why separate connections: aiosqlite runs each connection on its own thread, so a single connection
serialises every statement, but two coroutines interleaving statements on it would see each other's
uncommitted writes. Writes therefore go through one connection guarded by an asyncio lock (one
transaction at a time, never "database is locked"); reads use reader connections, which in WAL mode
never wait for the writer.

Why a reader is lent to one task at a time: in WAL mode a connection reads from the snapshot taken when
its oldest open statement began. Shared between tasks, a reader whose cursor one task left half-read
(awaiting between fetches) would show every other task that old snapshot, so a person could answer,
be told "saved", and the next message would be handled as if it had not been (the scoring benchmark
found this under load: answers landed on the previous criterion). A task keeps its reader for nested
`reading()` blocks, so nesting cannot exhaust the pool.

Why `write()` besides `transaction()`: every aiosqlite statement is a round trip to the connection's
thread (about 120 µs here), so a transaction of BEGIN, one INSERT and COMMIT costs three of them and a
busy afternoon of score answers is bound by round trips, not by SQLite. `write()` takes plain
synchronous sqlite3 work and runs every piece queued at that moment on the writer thread in one
transaction (group commit): one round trip and one commit for the group, each piece in its own
savepoint so a failing piece is undone alone, each caller answered only after the commit.

Why `read()` runs on the event loop's own thread: it is for the few small, indexed reads every message
makes (who wrote, the chat's dialog state, the sheet being scored), written as plain sqlite3 functions
and run together in one snapshot. On reader threads they cost far more than the SQL: the sqlite3 module
lets go of the GIL around every call, and each of those threads then had to win it back from the busy
event loop, about 130 context switches per typed score. Measured on the scoring dialog alone (300
representatives at once): 1.5-1.8 ms of CPU per typed score, most of it in the kernel, against 0.35 ms
with the same reads on the loop's thread, which take well under a millisecond. In WAL mode a reader does
not wait for the writer; in the rare case SQLite still answers "busy" (another connection recovering the
WAL after a crash) the read goes to a reader thread, which can wait without stopping the loop. Anything
that may scan many rows keeps using `reading()`.
"""

from __future__ import annotations

import asyncio
import logging
import re
import sqlite3
from collections import deque
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import aiosqlite

from storage.query import on_thread

log = logging.getLogger(__name__)

_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")
BUSY_TIMEOUT_MS = 5000
T = TypeVar("T")
READERS = 8
# the reader the current task holds, with the database it belongs to (see "Why a reader is lent")
_held_reader: ContextVar[tuple[Database, aiosqlite.Connection] | None] = ContextVar("held_reader", default=None)
# a bound on one group, so a long queue still commits in steps and lets waiting transactions in between
GROUP_LIMIT = 2000


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


# made by the migrator, not by a migration: it records which migrations ran
SCHEMA_VERSION_TABLE = (
    "CREATE TABLE IF NOT EXISTS schema_version ("
    " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT"
)


def migration_script(migration: Migration) -> str:
    """The migration and its schema_version row as one script in its own transaction: executescript commits
    whatever is pending first, so the script must carry its own BEGIN and COMMIT."""
    return (
        "BEGIN IMMEDIATE;\n"
        + migration.sql
        + "\nINSERT INTO schema_version (version, name, applied_at) VALUES "
        + f"({migration.version}, '{migration.name}', '{datetime.now(UTC).isoformat()}');\nCOMMIT;"
    )


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
    # deleted and overwritten content is zeroed, not left in free pages for anyone who reads the file (a
    # chat's old dialog states, a ballot's earlier bytes); it reaches the -wal too, as zeroed page images
    await _pragma(conn, "PRAGMA secure_delete = ON")


class Database:
    """Owns the connections. Use `transaction()` for anything that writes, `reading()` otherwise."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._writer: aiosqlite.Connection | None = None
        self._readers: list[aiosqlite.Connection] = []
        self._free_readers: list[aiosqlite.Connection] = []
        # tasks waiting for a reader, first come first served (see _lend_reader)
        self._reader_waiters: deque[asyncio.Future[aiosqlite.Connection]] = deque()
        self._write_lock: asyncio.Lock | None = None
        self._queued: list[tuple[Callable[[sqlite3.Connection], Any], asyncio.Future[Any]]] = []
        self._committer: asyncio.Task[None] | None = None
        self._loop_reader: sqlite3.Connection | None = None

    async def open(self, *, migrate: bool = True) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            await self._open(migrate)
        except BaseException:
            # each aiosqlite connection owns a non-daemon thread: one left open on a file that is not a
            # database (or a failed migration) would keep the process from ever exiting
            await self.close()
            raise

    async def _open(self, migrate: bool) -> None:
        # isolation_level=None: we issue BEGIN/COMMIT ourselves so transactions are explicit
        self._writer = await aiosqlite.connect(self.path, isolation_level=None)
        await _configure(self._writer)
        await _pragma(self._writer, "PRAGMA journal_mode = WAL")
        self._write_lock = asyncio.Lock()
        if migrate:
            await self.migrate()
        for _ in range(READERS):
            reader = await aiosqlite.connect(self.path, isolation_level=None)
            await _configure(reader)
            await _pragma(reader, "PRAGMA query_only = ON")
            self._readers.append(reader)
            self._free_readers.append(reader)
        # see "Why read() runs on the event loop's own thread": it must never wait, so no busy timeout
        self._loop_reader = sqlite3.connect(self.path, isolation_level=None)
        self._loop_reader.row_factory = sqlite3.Row
        for pragma in ("PRAGMA busy_timeout = 0", "PRAGMA query_only = ON"):
            self._loop_reader.execute(pragma).fetchall()

    async def close(self) -> None:
        while self._committer is not None and not self._committer.done():
            await self._committer  # writes already confirmed to nobody yet still get their commit
        for conn in [*self._readers, self._writer]:
            if conn is not None:
                await conn.close()
        if self._loop_reader is not None:
            self._loop_reader.close()
        self._readers, self._free_readers, self._writer, self._loop_reader = [], [], None, None

    async def __aenter__(self) -> Database:
        await self.open()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def schema_version(self) -> int:
        conn = self._require(self._writer)
        await conn.execute(SCHEMA_VERSION_TABLE)
        return await on_thread(conn, read_schema_version)

    async def migrate(self) -> list[str]:
        """Applies the migrations not yet recorded, each in its own transaction. Returns their names."""
        return await on_thread(self._require(self._writer), apply_migrations)

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

    async def write(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Runs `work(conn)` (synchronous sqlite3 code) in a transaction shared with the other writes queued
        alongside it; returns its result once that transaction is committed, or raises what `work` raised
        (its changes undone, the others' kept)."""
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._queued.append((work, future))
        if self._committer is None or self._committer.done():
            self._committer = asyncio.create_task(self._commit_queued())
        return await future

    async def _commit_queued(self) -> None:
        assert self._write_lock is not None
        async with self._write_lock:
            group, self._queued = self._queued[:GROUP_LIMIT], self._queued[GROUP_LIMIT:]
            try:
                outcomes = await on_thread(self._require(self._writer), _run_group, [work for work, _ in group])
            except Exception as exc:  # BEGIN or COMMIT failed: nothing of the group is stored
                outcomes = [(False, exc)] * len(group)
        for (_, future), (ok, value) in zip(group, outcomes, strict=True):
            if not future.done():  # a caller that gave up is not answered
                if ok:
                    future.set_result(value)
                else:
                    future.set_exception(value)
        if self._queued:
            # queued behind transactions already waiting for the lock (asyncio locks are FIFO)
            self._committer = asyncio.create_task(self._commit_queued())

    async def read(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Runs `work(conn)` (a few small synchronous sqlite3 reads) in one read transaction, so they see one
        snapshot, on the event loop's thread (see "Why read() runs on the event loop's own thread")."""
        if self._loop_reader is None:
            raise RuntimeError("the database is not open")
        try:
            return _in_snapshot(self._loop_reader, work)
        except sqlite3.OperationalError as exc:
            if exc.sqlite_errorcode & 0xFF not in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):  # primary code
                raise
        log.warning("a read found the database busy; it waits on a reader thread instead of the event loop")
        conn = await self._lend_reader()
        try:
            return await on_thread(conn, _in_snapshot, work)
        finally:
            self._return_reader(conn)

    @asynccontextmanager
    async def reading(self) -> AsyncIterator[aiosqlite.Connection]:
        """A reader connection for this task alone, seeing what was committed before the block began."""
        held = _held_reader.get()
        if held is not None and held[0] is self:
            yield held[1]
            return
        if not self._readers:
            raise RuntimeError("the database is not open")
        conn = await self._lend_reader()
        token = _held_reader.set((self, conn))
        try:
            yield conn
        finally:
            _held_reader.reset(token)
            self._return_reader(conn)

    async def _lend_reader(self) -> aiosqlite.Connection:
        # A returned reader goes straight to the longest-waiting task. With asyncio.Queue a task arriving
        # just then took it first and the woken one queued again at the back: under load a few chats
        # waited 6 s for what took the others 0.5 s.
        if self._free_readers and not self._reader_waiters:
            return self._free_readers.pop()
        waiter: asyncio.Future[aiosqlite.Connection] = asyncio.get_running_loop().create_future()
        self._reader_waiters.append(waiter)
        try:
            return await waiter
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():
                self._return_reader(waiter.result())  # handed over as we were cancelled: pass it on
            else:
                self._reader_waiters.remove(waiter)
            raise

    def _return_reader(self, conn: aiosqlite.Connection) -> None:
        while self._reader_waiters:
            waiter = self._reader_waiters.popleft()
            if not waiter.done():
                waiter.set_result(conn)
                return
        self._free_readers.append(conn)

    @staticmethod
    def _require(conn: aiosqlite.Connection | None) -> aiosqlite.Connection:
        if conn is None:
            raise RuntimeError("the database is not open")
        return conn


def apply_migrations(conn: sqlite3.Connection) -> list[str]:
    """Applies the bundled migrations not yet recorded in schema_version, each in its own transaction, and
    returns their names: the one way a schema is built, for the bot's file and for storage/schema.py's snapshot."""
    conn.execute(SCHEMA_VERSION_TABLE)
    current = read_schema_version(conn)
    applied = []
    for migration in bundled_migrations():
        if migration.version <= current:
            continue
        try:
            conn.executescript(migration_script(migration))
        except Exception:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        log.info("applied migration %s", migration.name)
        applied.append(migration.name)
    broken = conn.execute("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise RuntimeError(f"foreign key check failed after migration: {len(broken)} rows")
    return applied


def read_schema_version(conn: sqlite3.Connection) -> int:
    """The last migration applied, or 0 for a database no migration has touched (no schema_version table)."""
    try:
        return int(conn.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0])
    except sqlite3.OperationalError:
        return 0


def _run_group(conn: sqlite3.Connection, works: list[Callable[[sqlite3.Connection], Any]]) -> list[tuple[bool, Any]]:
    """Runs on the database thread: one transaction, one savepoint per piece of work."""
    outcomes: list[tuple[bool, Any]] = []
    conn.execute("BEGIN IMMEDIATE")
    try:
        for work in works:
            conn.execute("SAVEPOINT piece")
            try:
                outcomes.append((True, work(conn)))
            except Exception as exc:
                conn.execute("ROLLBACK TO piece")
                outcomes.append((False, exc))
            conn.execute("RELEASE piece")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return outcomes


def _in_snapshot(conn: sqlite3.Connection, work: Callable[[sqlite3.Connection], T]) -> T:
    """`work` inside BEGIN…COMMIT, so its queries share one WAL snapshot (on the loop's reader, or a reader
    thread's when that one found the database busy)."""
    conn.execute("BEGIN")
    try:
        return work(conn)
    finally:
        conn.execute("COMMIT")
