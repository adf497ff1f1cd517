"""Fixtures for the Bot API double's own tests: one server per module, a fresh bot per test."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import pytest
import telegram

from bot.sandbox.doubles import TelegramDouble


@pytest.fixture(scope="module")
async def double() -> AsyncIterator[TelegramDouble]:
    # Long polls shrink 100x so a "timeout=1" poll that sees nothing costs 10 ms.
    server = TelegramDouble(poll_time_scale=0.01, webhook_retry_delay=0.0)
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
async def token(double: TelegramDouble) -> AsyncIterator[str]:
    """A fresh bot per test; any call the double rejected during the test fails it at teardown."""
    bot_token = double.create_bot()
    yield bot_token
    unexpected = [r for r in double.rejections if r.token == bot_token]
    assert not unexpected, f"unexpected rejected calls: {unexpected}"


@pytest.fixture
async def tg(double: TelegramDouble, token: str) -> AsyncIterator[telegram.Bot]:
    """The real python-telegram-bot client pointed at the double."""
    bot = telegram.Bot(token, base_url=double.api_url, base_file_url=double.file_url)
    async with bot:
        yield bot


@pytest.fixture
def rejected(double: TelegramDouble, token: str) -> Callable[[], list[str]]:
    """Call it to take this bot's rejected-call descriptions (so the teardown check passes)."""

    def take() -> list[str]:
        mine = [r for r in double.rejections if r.token == token]
        double.rejections[:] = [r for r in double.rejections if r.token != token]
        return [r.description for r in mine]

    return take
