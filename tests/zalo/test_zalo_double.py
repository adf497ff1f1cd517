"""The Zalo Bot API double itself: the envelope, validation, one update per poll, 408 when idle,
webhooks with the secret header, and the test-side ZaloUser."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from aiohttp import web

from bot.sandbox.doubles.zalo import ZaloDouble
from tests.fixtures import local_server


@pytest.fixture(scope="module")
async def double():
    server = ZaloDouble(poll_time_scale=0.01, webhook_retry_delay=0.0)
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
async def api(double):
    token = double.create_bot()
    async with httpx.AsyncClient(base_url=f"{double.api_url}/bot{token}/") as client:
        client.token = token
        yield client
    double.rejections[:] = [r for r in double.rejections if r.token != token]


def taken(double, token: str) -> list[str]:
    return [r.description for r in double.rejections if r.token == token]


async def test_get_me_and_the_envelope(double, api):
    response = await api.post("getMe", json={})
    assert response.status_code == 200
    body = response.json()
    assert body["ok"] is True and body["result"]["account_type"] == "BASIC"
    assert isinstance(body["result"]["id"], str)
    # GET with the parameters in the query string works too, as the docs say
    assert (await api.get("getMe")).json()["ok"] is True


async def test_every_request_is_validated(double, api):
    cases = [
        ("sendmessage", {"chat_id": "x", "text": "x"}, 404, "Not Found"),
        ("sendMessage", {"text": "x"}, 400, "chat_id is required"),
        ("sendMessage", {"chat_id": "x"}, 400, "text is required"),
        ("sendMessage", {"chat_id": "x", "text": ""}, 400, "text must be 1-2000 characters, not 0"),
        ("sendMessage", {"chat_id": "x", "text": "x" * 2001}, 400, "text must be 1-2000 characters, not 2001"),
        ("sendMessage", {"chat_id": 12, "text": "x"}, 400, "chat_id must be a string (Zalo ids are hex strings)"),
        ("sendMessage", {"chat_id": "nobody", "text": "x"}, 400,
         "chat not found: a bot can only write to chats that wrote to it"),
        ("sendMessage", {"chat_id": "x", "text": "x", "reply_markup": {}}, 400, "unknown parameter(s): reply_markup"),
        ("getUpdates", {"timeout": 0}, 400, "timeout must be at least 1 second (0 is reported to hang on Zalo)"),
        ("getUpdates", {"offset": 5}, 400, "unknown parameter(s): offset"),
        ("setWebhook", {"url": "https://example.vn/hook", "secret_token": "short"}, 400,
         "secret_token must be 8-256 characters"),
        ("setWebhook", {"url": "http://example.vn/hook", "secret_token": "long-enough"}, 400,
         "url must be an https:// URL"),
        ("sendChatAction", {"chat_id": "x", "action": "recording"}, 400, "action must be typing or upload_photo"),
        ("sendPhoto", {"chat_id": "x", "photo": "not a url"}, 400, "photo must be the URL of an image"),
    ]
    for method, params, code, description in cases:
        response = await api.post(method, json=params)
        assert response.status_code == code, (method, params)
        assert response.json() == {"ok": False, "error_code": code, "description": description}
    assert len(taken(double, api.token)) == len(cases)
    response = await api.post("getMe", content=b"{not json", headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    async with httpx.AsyncClient() as client:
        response = await client.post(f"{double.api_url}/bot123:unknown/getMe", json={})
    assert response.status_code == 401 and response.json()["description"] == "Unauthorized"


async def test_one_update_per_poll_and_408_when_idle(double, api):
    user = double.user(api.token, display_name="Nguyễn Văn An")
    await user.send("một")
    await user.send("hai")
    first = (await api.post("getUpdates", json={"timeout": "30"})).json()["result"]
    second = (await api.post("getUpdates", json={"timeout": 30})).json()["result"]
    assert [first["message"]["text"], second["message"]["text"]] == ["một", "hai"]
    message = first["message"]
    assert first["event_name"] == "message.text.received"
    assert message["from"] == {"id": user.id, "display_name": "Nguyễn Văn An", "is_bot": False}
    assert message["chat"] == {"id": user.id, "chat_type": "PRIVATE"}
    assert isinstance(message["message_id"], str) and message["date"] > 10**12
    loop = asyncio.get_running_loop()
    started = loop.time()
    response = await api.post("getUpdates", json={"timeout": "10"})
    assert loop.time() - started < 1.0  # 10 s scaled by 0.01
    assert response.status_code == 408
    assert response.json() == {"ok": False, "error_code": 408, "description": "Request timeout"}
    assert taken(double, api.token) == []


async def test_sends_reach_the_user(double, api):
    user = double.user(api.token)
    await user.send("chào")
    await api.post("getUpdates", json={"timeout": 1})
    response = await api.post("sendMessage", json={"chat_id": user.id, "text": "Chào đồng chí"})
    assert set(response.json()["result"]) == {"message_id", "date"}
    assert (await user.next_message())["text"] == "Chào đồng chí"
    response = await api.post("sendChatAction", json={"chat_id": user.id, "action": "typing"})
    assert response.json() == {"ok": True}
    await api.post("sendPhoto", json={"chat_id": user.id, "photo": "https://cdn.example/a.jpg", "caption": "Ảnh"})
    await api.post("sendSticker", json={"chat_id": user.id, "sticker": "0e078a2fb66a5f34067b"})
    assert user.actions == ["typing"]
    assert [m.get("text") or m.get("caption") or m.get("sticker") for m in user.messages] == [
        "Chào đồng chí", "Ảnh", "0e078a2fb66a5f34067b"]
    assert taken(double, api.token) == []


async def test_webhooks_post_with_the_secret_and_exclude_polling(double, api):
    received: list[tuple[str | None, dict]] = []

    async def hook(request: web.Request) -> web.Response:
        received.append((request.headers.get("X-Bot-Api-Secret-Token"), await request.json()))
        return web.json_response({"ok": True})

    async with local_server("/hook", hook) as port:
        assert (await api.post("getWebhookInfo")).status_code == 404
        url = f"http://127.0.0.1:{port}/hook"
        result = (await api.post("setWebhook", json={"url": url, "secret_token": "hook-secret-1"})).json()["result"]
        assert result["url"] == url and "updated_at" in result
        info = (await api.post("getWebhookInfo")).json()["result"]
        assert info == {"url": url, "updated_at": result["updated_at"]}
        assert (await api.post("getUpdates", json={"timeout": 1})).status_code == 400
        user = double.user(api.token)
        await user.send("qua webhook")
        await double.wait_idle(api.token)
        assert received[0][0] == "hook-secret-1"
        assert received[0][1]["ok"] is True and received[0][1]["result"]["message"]["text"] == "qua webhook"
        assert (await api.post("deleteWebhook")).json()["result"]["url"] == ""
        assert (await api.post("getWebhookInfo")).status_code == 404
    assert taken(double, api.token) == ["getUpdates is not available while a webhook is set; call deleteWebhook first"]


async def test_rate_limit_and_injected_errors_are_not_rejections(api):
    limited = ZaloDouble(rate_limit_per_chat=2)
    await limited.start()
    try:
        token = limited.create_bot()
        user = limited.user(token)
        await user.send("x")
        async with httpx.AsyncClient(base_url=f"{limited.api_url}/bot{token}/") as client:
            codes = [(await client.post("sendMessage", json={"chat_id": user.id, "text": "y"})).status_code
                     for _ in range(3)]
            assert codes == [200, 200, 429]
            limited.inject_error(token, "getMe", 500, "Internal Server Error")
            response = await client.post("getMe")
            assert response.status_code == 500 and response.json()["description"] == "Internal Server Error"
            assert (await client.post("getMe")).status_code == 200
        assert limited.rejections == []
    finally:
        await limited.stop()
