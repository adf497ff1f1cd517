"""storage/schema.sql: the schema the migrations build, with every table and column explained
(storage/schema_notes.toml), and no note left for what no longer exists."""

from __future__ import annotations

import difflib
import re
import sqlite3
from pathlib import Path

import pytest

from storage.db import Database
from storage.schema import COMMAND, SNAPSHOT, TABLE_NOTE, build_snapshot, load_notes, render_schema

# a table or column named in a note is written in backticks: `person` or `person.id`
NAMED = re.compile(r"([a-z_][a-z0-9_]*)(?:\.([a-z_][a-z0-9_]*))?")


async def migrated_by_the_bot(path: Path) -> sqlite3.Connection:
    """A database migrated the way the bot does it (Database.open), not the way the snapshot is built."""
    async with Database(path):
        pass
    return sqlite3.connect(path)


def tables_and_columns(conn: sqlite3.Connection) -> dict[str, list[str]]:
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
              if not r[0].startswith("sqlite_")]
    return {t: [r[0] for r in conn.execute("SELECT name FROM pragma_table_info(?)", (t,))] for t in tables}


@pytest.fixture
async def schema(tmp_path) -> dict[str, list[str]]:
    conn = await migrated_by_the_bot(tmp_path / "schema.sqlite3")
    try:
        return tables_and_columns(conn)
    finally:
        conn.close()


def test_schema_sql_is_the_snapshot_of_the_migrations_and_notes():
    stored = SNAPSHOT.read_text(encoding="utf-8") if SNAPSHOT.exists() else ""
    built = build_snapshot()
    if stored != built:
        diff = difflib.unified_diff(stored.splitlines(), built.splitlines(), "storage/schema.sql", "built", lineterm="")
        pytest.fail(f"storage/schema.sql is stale: regenerate it with `{COMMAND}`\n" + "\n".join(list(diff)[:60]))


async def test_the_snapshot_is_built_as_the_bot_migrates(tmp_path):
    # the snapshot migrates on its own, synchronously; the bot's Database must build the very same schema
    conn = await migrated_by_the_bot(tmp_path / "bot.sqlite3")
    try:
        assert render_schema(conn, load_notes()) == build_snapshot()
    finally:
        conn.close()


def test_every_table_and_column_has_a_note(schema):
    notes = load_notes()
    missing = [f"[{table}] {column}" for table, columns in schema.items() for column in [TABLE_NOTE, *columns]
               if not isinstance(notes.get(table, {}).get(column), str) or not notes[table][column].strip()]
    assert not missing, f"no note in storage/schema_notes.toml for: {', '.join(missing)}"
    assert len(schema) > 40  # the check looked at the real schema


def test_no_note_names_a_table_or_column_that_does_not_exist(schema):
    notes = load_notes()
    all_columns = {column for columns in schema.values() for column in columns}
    unknown = []
    for table, table_notes in notes.items():
        if table not in schema:
            unknown.append(f"[{table}]: no such table")
            continue
        unknown += [f"[{table}] {key}: no such column" for key in table_notes
                    if key != TABLE_NOTE and key not in schema[table]]
        for key, note in table_notes.items():
            for named in re.findall(r"`([^`]*)`", str(note)):
                match = NAMED.fullmatch(named)
                if match is None:
                    unknown.append(f"[{table}] {key}: `{named}` is not a table or column name")
                elif match[2] is None and named not in schema and named not in all_columns:
                    unknown.append(f"[{table}] {key}: `{named}` is no table or column")
                elif match[2] is not None and match[2] not in schema.get(match[1], []):
                    unknown.append(f"[{table}] {key}: `{named}` is no column")
    assert not unknown, "storage/schema_notes.toml names what does not exist:\n" + "\n".join(unknown)
