"""Webhook mode: the double delivers updates over HTTP with the secret header; requests without it are refused."""

from __future__ import annotations

from pathlib import Path

import httpx

from tests.e2e.harness import BotHarness, say
from tests.fixtures import bot_harness, listen_port

SECRET = "khoi-thi-dua-webhook-secret_2026"



def webhook_harness(path: Path) -> BotHarness:
    port = listen_port()
    h = BotHarness(path, webhook_url=f"http://127.0.0.1:{port}/telegram/hook", webhook_listen="127.0.0.1",
                   webhook_port=port, webhook_secret=SECRET)
    h.port = port
    return h


harness = bot_harness(webhook_harness, "webhook")


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
