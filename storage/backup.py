"""A consistent copy of the database, taken while the bot keeps running.

Copying the file with cp is not a backup in WAL mode: the last commits live in the -wal file until a
checkpoint, and a copy taken mid-write can be torn. SQLite's online backup API copies every committed
page from one snapshot, so the copy is whole whatever the bot is doing, and the bot never waits for it
(a reader in WAL mode blocks no writer). The copy is checked and only then put in place, so a failed
backup never replaces a good one.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from storage.db import read_schema_version

# pages copied per step; between steps the source's lock is released, so a large database does not hold
# back a checkpoint for the whole copy
PAGES_PER_STEP = 1024


@dataclass(frozen=True)
class Backup:
    path: Path
    size: int  # bytes
    schema_version: int


class BackupError(Exception):
    """No backup was made, and nothing was replaced."""


class SourceMissing(BackupError):
    """There is no database file to copy."""


class CopyDamaged(BackupError):
    """The copy did not pass SQLite's integrity check: the database itself is likely damaged."""


def backup_name(source: Path, at: datetime) -> str:
    """'khoithidua-20261125-0930.sqlite3' for khoithidua.sqlite3: sorts by time in any file manager."""
    return f"{source.stem}-{at:%Y%m%d-%H%M}{source.suffix or '.sqlite3'}"


def backup_database(source: Path, target: Path) -> Backup:
    """Copies `source` to `target` (a file, replaced atomically once the copy checks out)."""
    if not source.is_file():
        raise SourceMissing(str(source))
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    partial.unlink(missing_ok=True)
    # mode=ro: a backup must never create or change the database it copies
    src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst, pages=PAGES_PER_STEP)
            try:
                verdict = dst.execute("PRAGMA integrity_check").fetchone()[0]
            except sqlite3.DatabaseError as exc:  # too damaged for the check to finish
                verdict = str(exc)
            if verdict != "ok":
                raise CopyDamaged(verdict)
            version = read_schema_version(dst)
            # a single file, whatever the source's journal mode, so the copy can be moved on its own
            dst.execute("PRAGMA journal_mode = DELETE").fetchone()
        finally:
            dst.close()
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    finally:
        src.close()
    os.replace(partial, target)
    return Backup(target, target.stat().st_size, version)

