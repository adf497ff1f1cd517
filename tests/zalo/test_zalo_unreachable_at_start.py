"""Zalo down while the bot starts (a restart during a Zalo outage): Telegram starts and serves at once, and
the Zalo channel connects in the background as soon as Zalo answers. A refused token still stops the start
(tests/zalo/test_zalo_failures.py): that one the operator must fix."""

from __future__ import annotations

import asyncio
import functools
import logging

import pytest

import bot.app
from bot.channels.zalo import ZaloChannel
from bot.channels.zalo_client import ZaloClient
from tests.e2e.harness import say
from tests.fixtures import LogWatch, listen_port
from tests.zalo.harness import ZaloHarness, zsay


async def at_once(seconds: float) -> None:
    return None


@pytest.fixture
async def world(tmp_path):
    h = ZaloHarness(tmp_path / "bot.sqlite3")
    await h.start_double()
    yield h
    await h.stop()
    h.check_rejections()


async def test_telegram_serves_while_zalo_is_down_and_zalo_joins_when_it_is_back(world, monkeypatch):
    harness = world
    zalo_back = asyncio.Event()

    async def until_zalo_is_back(seconds: float) -> None:
        await zalo_back.wait()  # the channel's wait before its next try: over when the test says so

    client = ZaloClient(harness.zalo_token, harness.zalo.api_url, sleep=at_once)  # its own retries at once
    monkeypatch.setattr(bot.app, "ZaloChannel", functools.partial(ZaloChannel, sleep=until_zalo_is_back,
                                                                   client=client))
    # every try of the start fails, as during an outage
    harness.zalo.inject_error(harness.zalo_token, "getMe", 502, "Bad Gateway", times=client.retries + 1)
    watch = LogWatch("zalo is unreachable at start")
    logging.getLogger("bot.channels.zalo").addHandler(watch)
    try:
        await harness.start_bot()
    finally:
        logging.getLogger("bot.channels.zalo").removeHandler(watch)
    assert watch.count == 1

    assert (await say(harness.user("Người Telegram"), "/start"))["text"].startswith("Kính chào")
    zalo_user = harness.zalo_user()
    await zalo_user.send("/start")  # waits at Zalo until the bot polls
    assert harness.zalo.pending_updates(harness.zalo_token) != []

    zalo_back.set()
    assert "Kính chào" in (await zalo_user.next_message())["text"]
    assert "Kính chào" in await zsay(zalo_user, "/start")


async def test_in_webhook_mode_the_later_try_keeps_the_server_it_started(tmp_path, monkeypatch):
    port = listen_port()
    hook = f"http://127.0.0.1:{port}/zalo/hook"
    harness = ZaloHarness(tmp_path / "bot.sqlite3", zalo_webhook_url=hook, zalo_webhook_listen="127.0.0.1",
                          zalo_webhook_port=port, zalo_webhook_secret="zalo-webhook-secret_2026")
    await harness.start_double()
    try:
        zalo_back = asyncio.Event()

        async def until_zalo_is_back(seconds: float) -> None:
            await zalo_back.wait()

        client = ZaloClient(harness.zalo_token, harness.zalo.api_url, sleep=at_once)
        monkeypatch.setattr(bot.app, "ZaloChannel", functools.partial(ZaloChannel, sleep=until_zalo_is_back,
                                                                       client=client))
        # getMe answers; registering the webhook fails on every try of the start
        harness.zalo.inject_error(harness.zalo_token, "setWebhook", 503, "Service Unavailable",
                                  times=client.retries + 1)
        await harness.start_bot()
        assert harness.zalo.bot(harness.zalo_token).webhook is None
        zalo_back.set()
        await harness.running.zalo.connected()
        assert harness.zalo.bot(harness.zalo_token).webhook.url == hook  # same port, no second server
        assert "Kính chào" in await zsay(harness.zalo_user(), "/start")
    finally:
        await harness.stop()
    harness.check_rejections()
