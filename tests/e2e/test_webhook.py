"""Webhook mode: the double delivers updates over HTTP with the secret header; requests without it are refused."""

from __future__ import annotations

import logging
from pathlib import Path

import httpx

from bot.sandbox.doubles.server import TelegramDouble
from tests.e2e.harness import BotHarness, say
from tests.fixtures import bot_harness, listen_port

SECRET = "khoi-thi-dua-webhook-secret_2026"



def webhook_harness(path: Path, double: TelegramDouble | None = None) -> BotHarness:
    port = listen_port()
    h = BotHarness(path, double, webhook_url=f"http://127.0.0.1:{port}/telegram/hook", webhook_listen="127.0.0.1",
                   webhook_port=port, webhook_secret=SECRET)
    h.port = port
    return h


harness = bot_harness(webhook_harness, "webhook")
# a double that does not check its own updates against the Bot API spec, so it can send one that breaks it
lenient = bot_harness(lambda path: webhook_harness(path, TelegramDouble(self_check=False)), "webhook-lenient")


async def test_updates_arrive_by_webhook_with_the_secret(harness):
    info = harness.double.bot(harness.token).webhook
    assert info is not None and info.url.endswith("/telegram/hook") and info.secret_token == SECRET
    stranger = harness.user("Người Lạ")
    reply = await say(stranger, "/start")
    assert reply["text"].startswith("Kính chào Người Lạ!")


async def test_a_request_without_the_secret_is_refused_and_changes_nothing(harness):
    update = {"update_id": 999, "message": {"message_id": 1, "date": 0, "chat": {"id": 42, "type": "private"},
                                            "from": {"id": 42, "is_bot": False, "first_name": "X"}, "text": "/start"}}
    async with httpx.AsyncClient() as client:
        for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}):
            response = await client.post(f"http://127.0.0.1:{harness.port}/telegram/hook", json=update,
                                         headers=headers)
            assert response.status_code == 403
    await harness.settle()
    bot = harness.double.bot(harness.token)
    assert 42 not in bot.chats or not [m for m in bot.chats[42].messages if m.from_bot]


async def test_a_body_that_is_not_json_is_refused_with_400_and_logged_without_it(harness, caplog):
    caplog.set_level(logging.INFO)
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET, "Content-Type": "application/json"}
    bodies = (b'{"update_id": 5, "message": {"text": "b\xc3\xad m\xe1\xba\xadt', b"\xff\xfe", b'["khong"]')
    async with httpx.AsyncClient() as client:
        for body in bodies:
            response = await client.post(f"http://127.0.0.1:{harness.port}/telegram/hook", content=body,
                                         headers=headers)
            assert response.status_code == 400, body
    lines = [r for r in caplog.records if "not a JSON object" in r.getMessage() and r.name != "httpx"]
    assert len(lines) == len(bodies) and all(r.levelno == logging.WARNING for r in lines)
    assert "bí mật" not in caplog.text and "khong" not in caplog.text
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    # the bot goes on serving
    reply = await say(harness.user("Người Lạ"), "/start")
    assert reply["text"].startswith("Kính chào Người Lạ!")


async def test_an_update_that_cannot_be_read_is_skipped_and_the_next_one_arrives(lenient, caplog):
    caplog.set_level(logging.INFO)
    bot = lenient.double.bot(lenient.token)
    # a poll_answer without option_persistent_ids, as an older Bot API server sends it
    lenient.double.enqueue_update(bot, "poll_answer", {"poll_id": "5000000001", "option_ids": [0],
                                                       "user": {"id": 77, "is_bot": False, "first_name": "Bí Mật"}})
    reply = await say(lenient.user("Người Lạ"), "/start")
    assert reply["text"].startswith("Kính chào Người Lạ!")
    await lenient.settle()
    lines = [r for r in caplog.records if "could not be read" in r.getMessage()]
    assert len(lines) == 1 and "poll_answer" in lines[0].getMessage()
    assert "Bí Mật" not in caplog.text
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
