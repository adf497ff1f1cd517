"""A database that cannot be opened raises, and leaves no connection thread behind to keep the process alive."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from storage.db import Database

# how long a stopped connection thread may take to end, however busy the machine; a leaked thread never ends
THREAD_END = 30.0


async def test_a_file_that_is_not_a_database_raises_and_leaves_no_thread(tmp_path):
    path = tmp_path / "hong.sqlite3"
    path.write_bytes(b"SQLite format? no: a damaged file" * 200)
    before = set(threading.enumerate())
    db = Database(path)
    try:
        with pytest.raises(sqlite3.DatabaseError, match="file is not a database"):
            await db.open()
        # the failed open stopped its connection's thread, which ends once it has handed back the close; on a
        # busy machine it may not have ended yet, so each new thread is given time to end (join returns as
        # soon as it has) and only one that never does is left behind
        started = [t for t in threading.enumerate() if t not in before]
        for thread in started:
            thread.join(timeout=THREAD_END)
        assert [t for t in started if t.is_alive()] == []
    finally:
        await db.close()  # if the test fails, its leaked thread must not hang the whole run at exit
    assert path.read_bytes().startswith(b"SQLite format? no")


async def test_a_good_file_opens_after_a_failed_one(tmp_path):
    db = Database(tmp_path / "hong.sqlite3")
    (tmp_path / "hong.sqlite3").write_bytes(b"x" * 4096)
    with pytest.raises(sqlite3.DatabaseError):
        await db.open()
    (tmp_path / "hong.sqlite3").unlink()
    await db.open()  # the same object, once the file is fixed: nothing half-open is left in the way
    try:
        assert await db.schema_version() > 0
    finally:
        await db.close()
