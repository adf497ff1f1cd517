"""An update python-telegram-bot cannot parse (a poll_answer without option_persistent_ids, as an older Bot
API server sends) is skipped with one log line that quotes nobody; the updates around it are processed."""

from __future__ import annotations

import logging
from pathlib import Path

from bot.sandbox.doubles.server import TelegramDouble
from tests.e2e.harness import BotHarness, say
from tests.fixtures import bot_harness


def lenient_harness(path: Path) -> BotHarness:
    # the double checks its own answers against the Bot API spec unless told not to: these updates break it
    return BotHarness(path, double=TelegramDouble(self_check=False))


harness = bot_harness(lenient_harness, "unreadable")

SECRET_NAME = "Bí Mật Riêng"


def old_poll_answer(user_id: int) -> dict:
    return {"poll_id": "5000000001", "option_ids": [0],
            "user": {"id": user_id, "is_bot": False, "first_name": SECRET_NAME}}


def skipped_lines(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if "could not be read" in r.getMessage()]


async def test_an_unreadable_update_is_skipped_and_the_rest_of_the_batch_is_processed(harness, caplog):
    caplog.set_level(logging.INFO)
    double, bot = harness.double, harness.double.bot(harness.token)
    first, second = harness.user("Trần Thị Bình"), harness.user("Lê Văn Cường")
    double.enqueue_update(bot, "poll_answer", old_poll_answer(first.id))
    assert (await say(first, "/start"))["text"].startswith("Kính chào Trần Thị Bình!")
    # last of its batch too: polling must still confirm it, or Telegram would send it on every poll
    second.skip_to_now()
    await second.send("/start")
    double.enqueue_update(bot, "poll_answer", old_poll_answer(second.id))
    assert (await second.next_message())["text"].startswith("Kính chào Lê Văn Cường!")
    await harness.settle()
    assert not bot.updates
    lines = skipped_lines(caplog)
    assert len(lines) == 2 and all(r.levelno == logging.WARNING and "poll_answer" in r.getMessage() for r in lines)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert SECRET_NAME not in caplog.text and "Bình" not in caplog.text
