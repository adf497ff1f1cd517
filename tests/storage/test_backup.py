"""`bot.py backup`: a whole, checked copy of the database, taken while the bot writes, that never replaces
a good backup with a bad one."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from storage.backup import CopyDamaged, SourceMissing, backup_database, backup_name
from storage.db import Database


def rows(path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


async def test_a_backup_taken_while_the_bot_writes_has_every_commit_and_nothing_uncommitted(tmp_path):
    source = tmp_path / "bot.sqlite3"
    db = Database(source)
    await db.open()
    try:
        writer = sqlite3.connect(source, isolation_level=None)
        writer.execute("CREATE TABLE note (n INTEGER)")
        writer.executemany("INSERT INTO note VALUES (?)", [(n,) for n in range(1000)])
        assert (tmp_path / "bot.sqlite3-wal").stat().st_size > 0  # the commits are still in the WAL file
        writer.execute("BEGIN")
        writer.execute("INSERT INTO note VALUES (-1)")  # a transaction under way during the backup

        made = backup_database(source, tmp_path / "copies" / "copy.sqlite3")

        writer.execute("ROLLBACK")
        writer.close()
    finally:
        await db.close()
    assert made.path == tmp_path / "copies" / "copy.sqlite3" and made.size == made.path.stat().st_size
    assert made.schema_version == await _version(source)
    assert rows(made.path, "SELECT count(*), min(n), max(n) FROM note") == [(1000, 0, 999)]
    assert rows(made.path, "PRAGMA journal_mode") == [("delete",)]  # one file, movable on its own
    assert rows(made.path, "PRAGMA integrity_check") == [("ok",)]
    assert not list((tmp_path / "copies").glob("*.part"))


async def _version(path: Path) -> int:
    db = Database(path)
    await db.open(migrate=False)
    try:
        return await db.schema_version()
    finally:
        await db.close()


def test_no_database_no_backup_and_nothing_created(tmp_path):
    with pytest.raises(SourceMissing):
        backup_database(tmp_path / "missing.sqlite3", tmp_path / "copy.sqlite3")
    assert list(tmp_path.iterdir()) == []


def test_a_damaged_copy_never_replaces_the_last_good_backup(tmp_path):
    source = tmp_path / "bot.sqlite3"
    conn = sqlite3.connect(source)
    conn.execute("CREATE TABLE note (n INTEGER, words TEXT)")
    conn.execute("CREATE INDEX note_words ON note (words)")
    conn.executemany("INSERT INTO note VALUES (?, ?)", [(n, f"chữ {n:05d}" * 5) for n in range(3000)])
    conn.commit()
    index_pages = [page for (page,) in conn.execute(
        "SELECT pageno FROM dbstat WHERE name = 'note_words' AND pagetype = 'leaf'")]
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    good = tmp_path / "backup.sqlite3"
    backup_database(source, good)
    before = good.read_bytes()

    with open(source, "r+b") as damaged:  # an index leaf page scribbled over, as a failing disk would
        damaged.seek((index_pages[len(index_pages) // 2] - 1) * page_size + 20)
        damaged.write(b"\x00\xff" * 200)
    with pytest.raises(CopyDamaged):
        backup_database(source, good)
    assert good.read_bytes() == before
    assert not list(tmp_path.glob("*.part"))


def test_a_dated_name_sorts_by_time():
    at = datetime(2026, 11, 25, 9, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    assert backup_name(Path("/srv/ktd/bot.sqlite3"), at) == "bot-20261125-0930.sqlite3"
    assert backup_name(Path("data"), at) == "data-20261125-0930.sqlite3"
