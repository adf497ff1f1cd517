"""Two copies of the bot polling with one token (a second server, a copy started by hand): Telegram answers
each poll of one with 409 Conflict. The operator gets one ERROR line that names the cause, not a traceback
per retry, and the bot keeps serving once the other copy is gone."""

from __future__ import annotations

import asyncio
import dataclasses
import logging

from bot.app.wiring import start_bot, stop_bot
from tests.e2e.harness import BotHarness, say
from tests.fixtures import LogWatch

CONFLICT = "another process is polling with this bot token (409 Conflict)"


async def test_a_second_copy_is_named_once_and_the_first_serves_on(tmp_path, caplog):
    caplog.set_level(logging.WARNING)
    harness = BotHarness(tmp_path / "first.sqlite3")
    await harness.start_double()
    await harness.start_bot()
    try:
        with LogWatch("bot.channels.telegram", CONFLICT) as watch:
            user = harness.double.user(harness.token, first_name="Hoa")
            assert "Kính chào" in (await say(user, "/start"))["text"]
            second_settings = dataclasses.replace(harness.settings(), database_path=tmp_path / "second.sqlite3")
            second = await start_bot(second_settings, poll_timeout=5)
            try:
                await asyncio.wait_for(watch.seen.wait(), 30)  # the copies' polls end each other's at once
            finally:
                await stop_bot(second)
            assert "Kính chào" in (await say(user, "/start"))["text"]  # the first copy still answers
    finally:
        await harness.stop()
    # said once (at most once per copy in ten minutes), never with a traceback per retry
    assert 1 <= watch.count <= 2
    assert "Exception happened while polling" not in caplog.text
    assert harness.token not in caplog.text
