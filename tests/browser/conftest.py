"""The browser sandbox for the page's tests: the real bot and the double behind the page, on a free port."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.app.settings import Settings
from bot.channels.limiter import SendLimiter
from bot.sandbox.web import WebSandbox


@pytest.fixture
async def sandbox(tmp_path: Path):
    # the double's rate caps are off, so are the bot's: with them on, replies would wait in real time
    web = WebSandbox(Settings(database_path=tmp_path / "unused.sqlite3"), port=0,
                     send_limiter=SendLimiter(per_second=100_000, chat_interval=0))
    await web.start()
    try:
        yield web
    finally:
        await web.stop()
