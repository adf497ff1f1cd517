"""Zalo in webhook mode (Telegram long-polling in the same process): the double posts each update with the
X-Bot-Api-Secret-Token header; a call without the right secret is refused with 403 and changes nothing."""

from __future__ import annotations

import httpx
import pytest

from tests.fixtures import listen_port
from tests.zalo.harness import ZaloHarness, zsay

SECRET = "zalo-webhook-secret_2026"



@pytest.fixture
async def harness(tmp_path_factory):
    port = listen_port()
    # Zalo may deliver an update twice; the double does so for every update here
    h = ZaloHarness(tmp_path_factory.mktemp("zalo-webhook") / "bot.sqlite3",
                    zalo_double={"duplicate_webhook_deliveries": True},
                    zalo_webhook_url=f"http://127.0.0.1:{port}/zalo/hook", zalo_webhook_listen="127.0.0.1",
                    zalo_webhook_port=port, zalo_webhook_secret=SECRET)
    h.hook = f"http://127.0.0.1:{port}/zalo/hook"
    await h.start_double()
    await h.start_bot()
    yield h
    await h.stop()
    h.check_rejections()


def update(user_id: str, text: str, message_id: str) -> dict:
    return {"event_name": "message.text.received",
            "message": {"from": {"id": user_id, "display_name": "Khách", "is_bot": False},
                        "chat": {"id": user_id, "chat_type": "PRIVATE"}, "text": text,
                        "message_id": message_id, "date": 1750316131602}}


async def test_the_webhook_is_registered_with_the_secret_and_updates_arrive_once(harness):
    hook = harness.zalo.bot(harness.zalo_token).webhook
    assert hook is not None and hook.url == harness.hook and hook.secret_token == SECRET
    assert not any(c.method == "getUpdates" for c in harness.zalo.calls)
    stranger = harness.zalo_user("Người Lạ")
    text = await zsay(stranger, "/start")
    assert text.startswith("Kính chào Người Lạ!")
    await harness.settle()
    # delivered twice, answered once
    assert harness.zalo.stats["webhook_deliveries"] >= 2
    assert len(stranger.messages) == 1


async def test_a_call_without_the_right_secret_is_refused_and_changes_nothing(harness):
    async with httpx.AsyncClient() as client:
        for headers in ({}, {"X-Bot-Api-Secret-Token": "wrong-secret"}, {"X-Bot-Api-Secret-Token": SECRET[:-1]}):
            response = await client.post(harness.hook, json={"ok": True, "result": update("abc123", "/start", "m1")},
                                         headers=headers)
            assert response.status_code == 403
    await harness.settle()
    assert not any(c.params.get("chat_id") == "abc123" for c in harness.zalo.calls)


async def test_the_right_secret_is_accepted_wrapped_or_bare(harness):
    person = harness.zalo_user("Khách")
    # these messages do not go through the double, which lets a bot write only to chats that wrote to it
    harness.zalo.bot(harness.zalo_token).chats[person.id].opened = True
    async with httpx.AsyncClient() as client:
        wrapped = {"ok": True, "result": update(person.id, "/start", "w1")}
        response = await client.post(harness.hook, json=wrapped, headers={"X-Bot-Api-Secret-Token": SECRET})
        assert response.status_code == 200 and response.json() == {"ok": True}
        response = await client.post(harness.hook, json=update(person.id, "/help", "w2"),
                                     headers={"X-Bot-Api-Secret-Token": SECRET})
        assert response.status_code == 200
        # the same message again (a redelivery): handled once
        response = await client.post(harness.hook, json=update(person.id, "/help", "w2"),
                                     headers={"X-Bot-Api-Secret-Token": SECRET})
        assert response.status_code == 200
        response = await client.post(harness.hook, content=b"not json", headers={"X-Bot-Api-Secret-Token": SECRET})
        assert response.status_code == 400
    await harness.settle()
    sent = [c for c in harness.zalo.calls if c.method == "sendMessage" and c.params.get("chat_id") == person.id]
    assert len(sent) == 2
