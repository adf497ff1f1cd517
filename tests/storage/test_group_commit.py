"""`Database.write`: concurrent writes share a transaction, each is confirmed only once committed, and a
failing one is undone alone. On a real SQLite file."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from datetime import UTC, datetime

import pytest

from storage import db as db_module
from storage.db import Database

NOW = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)


@pytest.fixture
async def db(tmp_path):
    database = Database(tmp_path / "group.sqlite3")
    await database.open()
    async with database.transaction() as conn:
        await conn.execute("CREATE TABLE probe (n INTEGER PRIMARY KEY, note TEXT NOT NULL) STRICT")
    yield database
    await database.close()


async def count(db: Database) -> int:
    async with db.reading() as conn, conn.execute("SELECT count(*) FROM probe") as cur:
        return (await cur.fetchone())[0]


def insert(n: int, note: str | None = "x"):
    def work(conn: sqlite3.Connection) -> int:
        conn.execute("INSERT INTO probe (n, note) VALUES (?, ?)", (n, note))
        return n * 10
    return work


async def test_concurrent_writes_are_all_confirmed_and_visible_once_returned(db):
    seen_after_return: list[bool] = []

    async def one(n: int) -> int:
        result = await db.write(insert(n))
        # the reader sees only committed data: returning means committed
        async with db.reading() as conn, conn.execute("SELECT 1 FROM probe WHERE n = ?", (n,)) as cur:
            seen_after_return.append(await cur.fetchone() is not None)
        return result

    results = await asyncio.gather(*(one(n) for n in range(1, 501)))
    assert results == [n * 10 for n in range(1, 501)]
    assert all(seen_after_return) and len(seen_after_return) == 500
    assert await count(db) == 500


async def test_writes_queued_together_share_few_transactions(db, monkeypatch):
    groups: list[int] = []
    real = db_module._run_group

    def spy(conn, works):
        groups.append(len(works))
        return real(conn, works)

    monkeypatch.setattr(db_module, "_run_group", spy)
    await asyncio.gather(*(db.write(insert(n)) for n in range(1, 1001)))
    assert sum(groups) == 1000
    assert len(groups) <= 3, groups  # not one transaction per write


async def test_a_failing_write_is_undone_alone(db):
    def half_then_fail(conn: sqlite3.Connection) -> None:
        conn.execute("INSERT INTO probe (n, note) VALUES (900, 'kept?')")
        conn.execute("INSERT INTO probe (n, note) VALUES (901, NULL)")  # NOT NULL: fails

    outcomes = await asyncio.gather(db.write(insert(1)), db.write(half_then_fail), db.write(insert(2)),
                                    return_exceptions=True)
    assert outcomes[0] == 10 and outcomes[2] == 20
    assert isinstance(outcomes[1], sqlite3.IntegrityError)
    async with db.reading() as conn, conn.execute("SELECT n FROM probe ORDER BY n") as cur:
        assert [r[0] for r in await cur.fetchall()] == [1, 2]  # 900 was undone with its piece


async def test_more_than_one_group_and_transactions_in_between_keep_their_order(db, monkeypatch):
    monkeypatch.setattr(db_module, "GROUP_LIMIT", 50)
    order: list[str] = []

    async def via_transaction() -> None:
        async with db.transaction() as conn:
            await conn.execute("INSERT INTO probe (n, note) VALUES (5000, 'tx')")
        order.append("tx")

    writes = [db.write(insert(n)) for n in range(1, 201)]
    await asyncio.gather(*writes, via_transaction())
    assert await count(db) == 201
    assert "tx" in order


async def test_close_commits_what_is_queued(tmp_path):
    path = tmp_path / "close.sqlite3"
    database = Database(path)
    await database.open()
    async with database.transaction() as conn:
        await conn.execute("CREATE TABLE probe (n INTEGER PRIMARY KEY, note TEXT NOT NULL) STRICT")
    pending = [asyncio.ensure_future(database.write(insert(n))) for n in range(1, 101)]
    await asyncio.sleep(0)  # queued, not yet committed
    await database.close()
    assert all(p.done() and p.result() for p in pending)
    with sqlite3.connect(path) as raw:
        assert raw.execute("SELECT count(*) FROM probe").fetchone()[0] == 100


async def test_the_aiosqlite_internals_write_relies_on_are_there(db):
    # write() calls aiosqlite's private _execute/_conn; this fails loudly if an upgrade removes them
    assert await db.write(lambda conn: conn.execute("SELECT 41 + 1").fetchone()[0]) == 42


async def test_a_read_after_a_confirmed_write_sees_it_while_another_reader_holds_a_cursor_open(db):
    # a task paused in the middle of a long result keeps its statement, and in WAL mode its snapshot, open;
    # a read that begins after a confirmed write must still see that write
    await asyncio.gather(*(db.write(insert(n)) for n in range(1, 101)))
    cursor_open, wrote_and_read = asyncio.Event(), asyncio.Event()

    async def slow_reader() -> None:
        async with db.reading() as conn, conn.execute("SELECT n FROM probe") as cur:
            await cur.fetchone()
            cursor_open.set()
            await wrote_and_read.wait()

    async def write_then_read() -> bool:
        await cursor_open.wait()
        await db.write(insert(5000))
        async with db.reading() as conn, conn.execute("SELECT 1 FROM probe WHERE n = 5000") as cur:
            seen = await cur.fetchone() is not None
        wrote_and_read.set()
        return seen

    _, seen = await asyncio.gather(slow_reader(), write_then_read())
    assert seen


async def test_a_reader_goes_to_the_task_that_waited_longest(tmp_path, monkeypatch):
    # the pool must not let a task arriving at the moment a reader comes back take it from one that waited
    monkeypatch.setattr(db_module, "READERS", 1)
    async with Database(tmp_path / "fair.sqlite3") as database:
        order: list[str] = []
        a_holds, release_a = asyncio.Event(), asyncio.Event()

        async def a() -> None:
            async with database.reading():
                order.append("a")
                a_holds.set()
                await release_a.wait()

        async def later(name: str) -> None:
            async with database.reading():
                order.append(name)

        first = asyncio.create_task(a())
        await a_holds.wait()
        waited = asyncio.create_task(later("b"))
        await asyncio.sleep(0)  # b is now waiting for the one reader
        release_a.set()
        newcomer = asyncio.create_task(later("c"))  # arrives just as a gives the reader back
        await asyncio.gather(first, waited, newcomer)
        assert order == ["a", "b", "c"]


async def test_a_read_sees_one_snapshot_however_many_queries_it_makes(db):
    """`Database.read`: a write committed between two of its queries is seen by neither."""

    def commit_elsewhere() -> None:  # another connection, as the writer thread would be
        other = sqlite3.connect(db.path, isolation_level=None)
        other.execute("INSERT INTO probe (n, note) VALUES (1, 'x')")
        other.close()

    def work(conn: sqlite3.Connection) -> tuple[int, int]:
        before = conn.execute("SELECT count(*) FROM probe").fetchone()[0]
        writer = threading.Thread(target=commit_elsewhere)
        writer.start()
        writer.join()
        return before, conn.execute("SELECT count(*) FROM probe").fetchone()[0]

    assert await db.read(work) == (0, 0)
    assert await db.read(lambda conn: conn.execute("SELECT count(*) FROM probe").fetchone()[0]) == 1
    assert await count(db) == 1


class BusyOnce:
    """The loop's reader, answering "busy" to its first statement: what SQLite says to a WAL reader while
    another connection recovers the WAL after a crash, which a test cannot bring about on cue."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.busy = True

    def execute(self, *args):
        if self.busy:
            self.busy = False
            error = sqlite3.OperationalError("database is locked")
            error.sqlite_errorcode = sqlite3.SQLITE_BUSY
            raise error
        return self.conn.execute(*args)


async def test_a_read_that_finds_the_database_busy_is_done_on_a_reader_thread(db, caplog):
    await db.write(insert(1))
    loop_reader = db._loop_reader
    db._loop_reader = BusyOnce(loop_reader)
    try:
        on_loop_thread = threading.get_ident()
        threads: list[int] = []

        def work(conn: sqlite3.Connection) -> int:
            threads.append(threading.get_ident())
            return conn.execute("SELECT count(*) FROM probe").fetchone()[0]

        assert await db.read(work) == 1
        assert len(threads) == 1 and threads[0] != on_loop_thread  # the loop's reader was busy: a reader thread
        assert "found the database busy" in caplog.text
    finally:
        db._loop_reader = loop_reader
    threads.clear()
    assert await db.read(work) == 1 and threads == [on_loop_thread]  # and the loop's reader is fine after


async def test_a_read_that_fails_raises_and_leaves_the_reader_usable(db):
    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("SELECT * FROM no_such_table")

    for _ in range(len(db._readers) + 1):  # every reader, and one of them twice
        with pytest.raises(sqlite3.OperationalError, match="no_such_table"):
            await db.read(broken)
    await db.write(insert(7))
    assert await db.read(lambda conn: conn.execute("SELECT n FROM probe").fetchall()[0][0]) == 7
