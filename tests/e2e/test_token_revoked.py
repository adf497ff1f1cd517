"""A token refused while the bot runs (revoked in @BotFather, reset in Zalo Bot Creator): that channel stops
and says why; the other keeps serving; with no channel left the bot stops, so a supervisor sees it fail
instead of a process that answers nobody."""

from __future__ import annotations

import asyncio
import dataclasses
import logging

import pytest

from bot.app.start_failure import explain
from bot.app.wiring import TokenRefused, serve
from tests.fixtures import LogWatch
from tests.zalo.harness import ZaloHarness, zsay

REVOKED = 10**6  # every call from now on


@pytest.fixture
async def world(tmp_path):
    h = ZaloHarness(tmp_path / "bot.sqlite3")
    await h.start_double()
    yield h
    await h.zalo.stop()
    await h.double.stop()


async def start_serving(harness: ZaloHarness, stop: asyncio.Event, *, zalo: bool = True) -> asyncio.Task:
    ready = asyncio.Event()
    settings = harness.settings() if zalo else dataclasses.replace(harness.settings(), zalo_token=None)
    task = asyncio.create_task(serve(settings, stop, clock=harness.clock, ready=ready, poll_timeout=5))
    done, _ = await asyncio.wait([task, asyncio.create_task(ready.wait())], return_when=asyncio.FIRST_COMPLETED)
    if task in done:
        task.result()  # it failed to start: show why
    return task


async def test_telegram_revoked_leaves_zalo_serving_until_zalo_is_refused_too(world, caplog):
    harness = world
    caplog.set_level(logging.ERROR)
    stop = asyncio.Event()
    serving = await start_serving(harness, stop)
    zalo_user = harness.zalo_user()
    telegram_user = harness.double.user(harness.token, first_name="Hoa")

    with LogWatch("bot.channels.telegram", "telegram refused the bot token (401)") as watch:
        harness.double.inject_error(harness.token, None, 401, "Unauthorized", times=REVOKED)
        await telegram_user.send("/start")  # ends the long poll under way; the next one is refused
        await asyncio.wait_for(watch.seen.wait(), 30)
    assert not serving.done()
    assert "Kính chào" in await zsay(zalo_user, "/start")  # Zalo still answers

    harness.zalo.inject_error(harness.zalo_token, None, 401, "Unauthorized", times=REVOKED)
    await zalo_user.send("xin chào")
    with pytest.raises(TokenRefused) as refused:
        await asyncio.wait_for(serving, 30)
    assert refused.value.channel == "zalo"
    assert explain(refused.value, "vi") == ("Zalo từ chối token của bot: kiểm tra lại KTD_ZALO_TOKEN (token đổi "
                                            "khi được cấp lại).")
    assert "zalo refused the bot token (401)" in caplog.text
    assert harness.token not in caplog.text and harness.zalo_token not in caplog.text


async def test_with_telegram_alone_a_revoked_token_stops_the_bot(world):
    harness = world
    serving = await start_serving(harness, asyncio.Event(), zalo=False)
    harness.double.inject_error(harness.token, None, 401, "Unauthorized", times=REVOKED)
    await harness.double.user(harness.token, first_name="Hoa").send("/start")
    with pytest.raises(TokenRefused) as refused:
        await asyncio.wait_for(serving, 30)
    assert refused.value.channel == "telegram"
    assert explain(refused.value, "en") == ("Telegram refused the bot token: check KTD_TELEGRAM_TOKEN (the token "
                                            "changes when it is reissued).")


async def test_a_stop_asked_for_is_not_a_failure(world):
    harness = world
    stop = asyncio.Event()
    serving = await start_serving(harness, stop)
    stop.set()
    assert await asyncio.wait_for(serving, 30) is None
