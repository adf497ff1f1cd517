"""Telegram's broadcast caps, measured on an injected clock so nothing really sleeps."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
import telegram
from telegram.error import RetryAfter

from bot.sandbox.doubles import TelegramDouble

# PTB warns about its own RetryAfter.retry_after type change whenever the exception is formatted.
pytestmark = pytest.mark.filterwarnings("ignore:Deprecated since version v22.2:telegram.warnings.PTBDeprecationWarning")


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(scope="module")
async def capped(clock: FakeClock) -> AsyncIterator[TelegramDouble]:
    server = TelegramDouble(rate_limits=True, clock=clock)
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
async def tg_capped(capped: TelegramDouble) -> AsyncIterator[tuple[str, telegram.Bot]]:
    token = capped.create_bot()
    async with telegram.Bot(token, base_url=capped.api_url, base_file_url=capped.file_url) as bot:
        yield token, bot
    assert not capped.rejections  # 429s the test asked for are not rejections


async def test_one_message_per_second_per_private_chat(
    capped: TelegramDouble, clock: FakeClock, tg_capped: tuple[str, telegram.Bot]
) -> None:
    token, bot = tg_capped
    user = capped.user(token)
    await user.send("/start")
    await bot.send_message(user.id, "một")
    before = capped.stats["429"]
    with pytest.raises(RetryAfter):
        await bot.send_message(user.id, "hai")
    assert capped.calls[-1].description == "Too Many Requests: retry after 1"
    assert capped.stats["429"] == before + 1
    async with httpx.AsyncClient() as client:
        raw = await client.post(f"{capped.api_url}{token}/sendMessage", data={"chat_id": user.id, "text": "ba"})
    assert raw.status_code == 429
    assert raw.json() == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 1",
        "parameters": {"retry_after": 1},
    }
    assert [m["text"] for m in user.messages] == ["một"]
    clock.now += 1.0
    await bot.send_message(user.id, "hai")
    assert [m["text"] for m in user.messages] == ["một", "hai"]


async def test_twenty_messages_per_minute_per_group(
    capped: TelegramDouble, clock: FakeClock, tg_capped: tuple[str, telegram.Bot]
) -> None:
    token, bot = tg_capped
    group = capped.group(token)
    for i in range(20):
        await bot.send_message(group.chat_id, f"tin {i}")
        clock.now += 0.5
    with pytest.raises(RetryAfter):
        await bot.send_message(group.chat_id, "tin 21")
    # The first of the 20 leaves the 60 s window 50 s from now.
    assert capped.calls[-1].description == "Too Many Requests: retry after 50"
    clock.now += 50
    await bot.send_message(group.chat_id, "tin 21")


async def test_thirty_messages_per_second_per_bot(
    capped: TelegramDouble, clock: FakeClock, tg_capped: tuple[str, telegram.Bot]
) -> None:
    token, bot = tg_capped
    users = [capped.user(token) for _ in range(31)]
    for user in users:
        await user.send("/start")
    for user in users[:30]:
        await bot.send_message(user.id, "thông báo")
    with pytest.raises(RetryAfter):
        await bot.send_message(users[30].id, "thông báo")
    clock.now += 1.0
    await bot.send_message(users[30].id, "thông báo")
    # Caps can be switched off per test.
    capped.rate_limits = False
    try:
        for _ in range(3):
            await bot.send_message(users[0].id, "không giới hạn")
    finally:
        capped.rate_limits = True


async def test_injected_failures_are_expected(capped: TelegramDouble, tg_capped: tuple[str, telegram.Bot]) -> None:
    token, bot = tg_capped
    user = capped.user(token)
    await user.send("/start")
    capped.inject_error(token, "sendMessage", 429, "Too Many Requests: retry after 7", retry_after=7)
    with pytest.raises(RetryAfter):
        await bot.send_message(user.id, "x")
    assert capped.calls[-1].description == "Too Many Requests: retry after 7"
    await bot.send_message(user.id, "x")
