"""The database and Telegram libraries never log statement parameters or updates, at any configured level."""

from __future__ import annotations

import io
import logging

import pytest

from bot.app.logging_setup import configure_logging
from storage.db import Database


@pytest.fixture
def restore_logging():
    root = logging.getLogger()
    saved = (root.level, list(root.handlers),
             {name: logging.getLogger(name).level for name in ("aiosqlite", "telegram", "telegram.ext")})
    yield
    for handler in list(root.handlers):
        root.removeHandler(handler)
    for handler in saved[1]:
        root.addHandler(handler)
    root.setLevel(saved[0])
    for name, level in saved[2].items():
        logging.getLogger(name).setLevel(level)


def test_content_loggers_stay_at_info_when_the_bot_logs_at_debug(restore_logging):
    configure_logging("DEBUG", [])
    stream = io.StringIO()
    logging.getLogger().handlers[0].setStream(stream)
    for name in ("aiosqlite", "telegram.ext.Application", "telegram.ext.ExtBot", "telegram._bot"):
        assert not logging.getLogger(name).isEnabledFor(logging.DEBUG), name
    # even a logger lowered again afterwards (by a library or an operator) writes no DEBUG line
    logging.getLogger("telegram.ext.Application").setLevel(logging.DEBUG)
    logging.getLogger("telegram.ext.Application").debug("Processing update vb:1:no from 500001")
    logging.getLogger("aiosqlite").setLevel(logging.DEBUG)
    logging.getLogger("aiosqlite").debug("executing INSERT INTO ballot ... ['no']")
    logging.getLogger("bot.services.votes").debug("our own debug line")
    text = stream.getvalue()
    assert "vb:1:no" not in text and "INSERT INTO ballot" not in text
    assert "our own debug line" in text


async def test_deleted_content_is_zeroed(tmp_path):
    async with Database(tmp_path / "bot.sqlite3") as db:
        async with db.transaction() as conn, conn.execute("PRAGMA secure_delete") as cur:
            assert (await cur.fetchone())[0] == 1
        async with db.reading() as conn, conn.execute("PRAGMA secure_delete") as cur:
            assert (await cur.fetchone())[0] == 1
