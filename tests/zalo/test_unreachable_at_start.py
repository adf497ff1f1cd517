"""One channel out of reach while the bot starts (a restart during an outage, or a network that blocks
Telegram): the other channel starts and serves at once, and the first connects in the background as soon
as its API answers. Alone, an unreachable channel stops the start (tests/e2e/test_start_failures.py), and
a refused token always does (tests/zalo/test_zalo_failures.py): those the operator must fix."""

from __future__ import annotations

import asyncio
import dataclasses
import functools

import pytest

import bot.app.wiring
from bot.app.wiring import start_bot
from bot.channels.telegram import TelegramChannel
from bot.channels.zalo import ZaloChannel
from bot.channels.zalo_client import ZaloApiError, ZaloClient
from tests.e2e.harness import say
from tests.fixtures import LogWatch, listen_port
from tests.zalo.harness import ZaloHarness, zsay


async def at_once(seconds: float) -> None:
    return None


class Outage:
    """The channel's pause before its next try, over when the test says the API is back (no real waiting)."""

    def __init__(self) -> None:
        self.back = asyncio.Event()

    async def sleep(self, seconds: float) -> None:
        await self.back.wait()

    def end(self) -> None:
        self.back.set()


@pytest.fixture
async def world(tmp_path):
    h = ZaloHarness(tmp_path / "bot.sqlite3")
    await h.start_double()
    yield h
    await h.stop()
    h.check_rejections()


async def test_telegram_serves_while_zalo_is_down_and_zalo_joins_when_it_is_back(world, monkeypatch):
    harness = world
    outage = Outage()
    client = ZaloClient(harness.zalo_token, harness.zalo.api_url, sleep=at_once)  # its own retries at once
    monkeypatch.setattr(bot.app.wiring, "ZaloChannel", functools.partial(ZaloChannel, sleep=outage.sleep,
                                                                   client=client))
    # every try of the start fails, as during an outage
    harness.zalo.inject_error(harness.zalo_token, "getMe", 502, "Bad Gateway", times=client.retries + 1)
    with LogWatch("bot.channels.zalo", "zalo is unreachable at start") as watch:
        await harness.start_bot()
    assert watch.count == 1

    assert (await say(harness.user("Người Telegram"), "/start"))["text"].startswith("Kính chào")
    zalo_user = harness.zalo_user()
    await zalo_user.send("/start")  # waits at Zalo until the bot polls
    assert harness.zalo.pending_updates(harness.zalo_token) != []

    outage.end()
    assert "Kính chào" in (await zalo_user.next_message())["text"]
    assert "Kính chào" in await zsay(zalo_user, "/start")


async def test_in_webhook_mode_the_later_try_keeps_the_server_it_started(tmp_path, monkeypatch):
    port = listen_port()
    hook = f"http://127.0.0.1:{port}/zalo/hook"
    harness = ZaloHarness(tmp_path / "bot.sqlite3", zalo_webhook_url=hook, zalo_webhook_listen="127.0.0.1",
                          zalo_webhook_port=port, zalo_webhook_secret="zalo-webhook-secret_2026")
    await harness.start_double()
    try:
        outage = Outage()
        client = ZaloClient(harness.zalo_token, harness.zalo.api_url, sleep=at_once)
        monkeypatch.setattr(bot.app.wiring, "ZaloChannel", functools.partial(ZaloChannel, sleep=outage.sleep,
                                                                       client=client))
        # getMe answers; registering the webhook fails on every try of the start
        harness.zalo.inject_error(harness.zalo_token, "setWebhook", 503, "Service Unavailable",
                                  times=client.retries + 1)
        await harness.start_bot()
        assert harness.zalo.bot(harness.zalo_token).webhook is None
        outage.end()
        await harness.running.zalo.connected()
        assert harness.zalo.bot(harness.zalo_token).webhook.url == hook  # same port, no second server
        assert "Kính chào" in await zsay(harness.zalo_user(), "/start")
    finally:
        await harness.stop()
    harness.check_rejections()


async def test_zalo_alone_and_unreachable_stops_the_start(world):
    harness = world
    client = ZaloClient(harness.zalo_token, harness.zalo.api_url, sleep=at_once)
    harness.zalo.inject_error(harness.zalo_token, "getMe", 502, "Bad Gateway", times=client.retries + 1)
    settings = dataclasses.replace(harness.settings(), telegram_token=None)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(bot.app.wiring, "ZaloChannel", functools.partial(ZaloChannel, client=client))
        with pytest.raises(ZaloApiError, match="502"):
            await start_bot(settings)


async def test_zalo_serves_while_telegram_is_out_of_reach_and_telegram_joins_when_it_is_back(world, monkeypatch):
    harness = world
    outage = Outage()
    monkeypatch.setattr(bot.app.wiring, "TelegramChannel", functools.partial(TelegramChannel, sleep=outage.sleep))
    harness.double.inject_error(harness.token, "getMe", 502, "Bad Gateway")  # as a blocked network answers
    with LogWatch("bot.channels.telegram", "telegram is unreachable at start") as watch:
        await harness.start_bot()
    assert watch.count == 1
    assert harness.running.telegram is not None and harness.running.telegram.username is None

    assert "Kính chào" in await zsay(harness.zalo_user(), "/start")  # Zalo serves meanwhile
    telegram_user = harness.user("Người Telegram")
    await telegram_user.send("/start")  # waits at Telegram until the bot polls

    outage.end()
    await harness.running.telegram.connected()
    assert harness.running.telegram.username == "KhoiThiDuaBot"
    assert (await telegram_user.next_message())["text"].startswith("Kính chào")
    assert (await say(telegram_user, "/start"))["text"].startswith("Kính chào")


async def test_a_stop_while_a_channel_waits_to_connect_ends_the_wait(world, monkeypatch):
    harness = world
    outage = Outage()  # never ends
    monkeypatch.setattr(bot.app.wiring, "TelegramChannel", functools.partial(TelegramChannel, sleep=outage.sleep))
    harness.double.inject_error(harness.token, "getMe", 502, "Bad Gateway")
    await harness.start_bot()
    waiting = harness.running.telegram._connect_task
    assert waiting is not None and not waiting.done()
    await asyncio.wait_for(harness.stop_bot(), 30)  # before the wait was cancelled, a stop would hang here
    assert waiting.cancelled()
