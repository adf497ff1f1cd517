"""The thin Zalo client and the channel's pure parts, without a server: httpx.MockTransport answers."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest

from bot.channels.zalo import (
    ChatLanes,
    RecentKeys,
    dedupe_key,
    render_options,
    resolve_option,
    to_inbound,
    zalo_chunks,
)
from bot.channels.zalo_client import (
    ZaloApiError,
    ZaloClient,
    ZaloRateLimited,
    ZaloTransportError,
    ZaloUnauthorized,
    unwrap_updates,
)
from bot.text.messages import Choice, Kind, Reply

TOKEN = "4455667788:zdbl.client-test-secret-value"
BASE = "https://bot-api.example"


def client_for(answers: list, sleeps: list[float] | None = None, **kwargs) -> tuple[ZaloClient, list[httpx.Request]]:
    """A client whose requests get `answers` in turn: (status, body) pairs or exceptions to raise."""
    requests: list[httpx.Request] = []
    queue = list(answers)

    def handle(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        answer = queue.pop(0)
        if isinstance(answer, Exception):
            raise answer
        status, body = answer
        if isinstance(body, bytes):
            return httpx.Response(status, content=body)
        return httpx.Response(status, json=body)

    async def sleep(seconds: float) -> None:
        if sleeps is not None:
            sleeps.append(seconds)

    return ZaloClient(TOKEN, BASE, transport=httpx.MockTransport(handle), sleep=sleep, **kwargs), requests


def error(code: int, description: str) -> tuple[int, dict]:
    return code, {"ok": False, "error_code": code, "description": description}


OK = (200, {"ok": True, "result": {"message_id": "abc", "date": 1}})


async def test_calls_post_json_to_the_method_url():
    client, requests = client_for([OK])
    assert await client.send_message("6ede9afa66b88fe6d6a9", "Xin chào") == {"message_id": "abc", "date": 1}
    request = requests[0]
    assert str(request.url) == f"{BASE}/bot{TOKEN}/sendMessage" and request.method == "POST"
    assert json.loads(request.content) == {"chat_id": "6ede9afa66b88fe6d6a9", "text": "Xin chào"}
    await client.aclose()


async def test_rate_limits_back_off_exponentially_and_a_bounded_number_of_times():
    sleeps: list[float] = []
    client, requests = client_for([error(429, "Quota exceeded")] * 3 + [OK], sleeps)
    await client.send_message("c", "x")
    assert sleeps == [1.0, 2.0, 4.0] and len(requests) == 4

    sleeps.clear()
    client, requests = client_for([error(429, "Quota exceeded")] * 10, sleeps, rate_limit_retries=5, max_backoff=8)
    with pytest.raises(ZaloRateLimited):
        await client.send_message("c", "x")
    assert sleeps == [1.0, 2.0, 4.0, 8.0, 8.0] and len(requests) == 6


async def test_401_is_raised_at_once():
    sleeps: list[float] = []
    client, requests = client_for([error(401, "Unauthorized")], sleeps)
    with pytest.raises(ZaloUnauthorized) as caught:
        await client.get_me()
    assert sleeps == [] and len(requests) == 1 and caught.value.code == 401


async def test_server_errors_are_retried_a_bounded_number_of_times_and_bad_requests_not_at_all():
    sleeps: list[float] = []
    client, requests = client_for([error(500, "Internal")] * 4, sleeps, retries=3)
    with pytest.raises(ZaloApiError) as caught:
        await client.send_message("c", "x")
    assert caught.value.code == 500 and len(requests) == 4 and sleeps == [0.5, 1.0, 2.0]
    # 403 is "Internal server error" in Zalo's table: transient too
    client, requests = client_for([error(403, "Internal server error"), OK], sleeps)
    await client.send_message("c", "x")
    assert len(requests) == 2
    client, requests = client_for([error(400, "Bad request")], sleeps)
    with pytest.raises(ZaloApiError):
        await client.send_message("c", "x")
    assert len(requests) == 1


async def test_ok_false_on_http_200_is_an_error():
    client, _ = client_for([(200, {"ok": False, "error_code": 404, "description": "Not found"})])
    with pytest.raises(ZaloApiError) as caught:
        await client.send_message("c", "x")
    assert caught.value.code == 404
    client, _ = client_for([(200, {"ok": False})])
    with pytest.raises(ZaloApiError) as caught:
        await client.send_message("c", "x")
    assert caught.value.code == 0


async def test_transport_errors_never_carry_the_url_or_the_token():
    url = f"{BASE}/bot{TOKEN}/getMe"
    client, requests = client_for([httpx.ConnectError(f"failed to reach {url}")] * 4, retries=3)
    with pytest.raises(ZaloTransportError) as caught:
        await client.get_me()
    assert len(requests) == 4
    exc = caught.value
    assert str(exc) == "Zalo getMe: ConnectError"
    assert exc.__cause__ is None and exc.__context__ is None
    # a reply lost after the request may have reached Zalo: a message is not sent twice
    client, requests = client_for([httpx.ReadTimeout(f"timed out reading {url}")] * 2)
    with pytest.raises(ZaloTransportError):
        await client.send_message("c", "x")
    assert len(requests) == 1
    # the token in an error description is masked
    client, _ = client_for([error(400, f"bad path /bot{TOKEN}/x")])
    with pytest.raises(ZaloApiError) as caught:
        await client.get_me()
    assert TOKEN.split(":")[1] not in str(caught.value)
    client, _ = client_for([(502, b"<html>Bad gateway</html>")] * 4)
    with pytest.raises(ZaloTransportError) as caught:
        await client.get_me()
    assert str(caught.value) == "Zalo getMe: HTTP 502, not the API's JSON"


async def test_get_updates_treats_408_as_no_update_and_never_sends_0():
    update = {"event_name": "message.text.received", "message": {"text": "hi"}}
    client, requests = client_for([error(408, "Request timeout"), (200, {"ok": True, "result": update})])
    assert await client.get_updates(30) == []
    assert await client.get_updates(30) == [update]
    assert json.loads(requests[0].content) == {"timeout": "30"}
    assert requests[0].extensions["timeout"]["read"] == 40.0
    with pytest.raises(ValueError):
        await client.get_updates(0)
    client, requests = client_for([error(500, "x")])
    with pytest.raises(ZaloApiError):
        await client.get_updates(30)
    assert len(requests) == 1  # the polling loop backs off, not the client


async def test_webhook_helpers_tolerate_the_documented_oddities():
    hook = {"url": "https://x/h", "updated_at": 1}
    client, _ = client_for([error(404, "Not Found"), (200, {"ok": True, "result": hook})])
    assert await client.get_webhook_info() is None
    assert await client.get_webhook_info() == {"url": "https://x/h", "updated_at": 1}
    client, _ = client_for([error(400, "Bad request")])
    await client.delete_webhook()
    client, requests = client_for([(200, {"ok": True, "result": {"url": "https://x/h", "updated_at": 1}})])
    await client.set_webhook("https://x/h", "secret-of-16-chars")
    assert json.loads(requests[0].content) == {"url": "https://x/h", "secret_token": "secret-of-16-chars"}
    with pytest.raises(ValueError):
        await client.set_webhook("https://x/h", "short")
    with pytest.raises(ValueError):
        await client.send_message("c", "x" * 2001)
    client, requests = client_for([(200, {"ok": True})])
    await client.send_chat_action("c")
    assert json.loads(requests[0].content) == {"chat_id": "c", "action": "typing"}


def test_updates_are_unwrapped_whether_wrapped_or_bare():
    update = {"event_name": "message.text.received", "message": {"text": "x"}}
    assert unwrap_updates({"ok": True, "result": update}) == [update]
    assert unwrap_updates(update) == [update]
    # a list (as some clients read getUpdates' result) is taken, each update in order; what is no update is not
    second = {**update, "event_name": "message.sticker.received"}
    assert unwrap_updates({"ok": True, "result": [update, "x", second]}) == [update, second]
    assert unwrap_updates([update]) == [update]
    assert unwrap_updates("x") == [] and unwrap_updates({"ok": True, "result": None}) == []


def message(event: str = "message.text.received", **content) -> dict:
    return {"event_name": event, "message": {"from": {"id": "6ede9afa66b88fe6d6a9", "display_name": "Ted"},
                                             "chat": {"id": "6ede9afa66b88fe6d6a9", "chat_type": "PRIVATE"},
                                             "message_id": "2d758cb5e222177a4e35", "date": 1750316131602, **content}}


def test_updates_become_channel_neutral_messages():
    inbound = to_inbound(message(text="Xin chào"))
    assert inbound is not None and inbound.kind is Kind.TEXT and inbound.text == "Xin chào"
    sender = inbound.sender
    assert (sender.channel, sender.user_id, sender.chat_id, sender.display_name, sender.is_private) == (
        "zalo", "6ede9afa66b88fe6d6a9", "6ede9afa66b88fe6d6a9", "Ted", True)
    inbound = to_inbound(message(text="/Start  K7QX M2PA9Z"))
    assert inbound.kind is Kind.COMMAND and inbound.command == "start" and inbound.text == "K7QX M2PA9Z"
    inbound = to_inbound(message("message.image.received", photo_url="https://cdn/x.jpg", caption="ảnh"))
    assert inbound.kind is Kind.FILE and inbound.file.file_id == "https://cdn/x.jpg" and inbound.text == "ảnh"
    assert to_inbound(message("message.image.received", photo="https://cdn/y.jpg")).file.file_id == "https://cdn/y.jpg"
    for event in ("message.sticker.received", "message.voice.received", "message.unsupported.received"):
        inbound = to_inbound(message(event))
        assert inbound.kind is Kind.TEXT and inbound.text == ""
    group = message(text="/start")
    group["message"]["chat"] = {"id": "g1", "chat_type": "GROUP"}
    assert to_inbound(group).sender.is_private is False
    drift = message(text="x")
    drift["message"]["from"] = {"id": "u1", "first_name": "An"}
    assert to_inbound(drift).sender.display_name == "An"
    bot = message(text="x")
    bot["message"]["from"]["is_bot"] = True
    assert to_inbound(bot) is None
    assert to_inbound({"event_name": "message.text.received"}) is None
    assert dedupe_key(message(text="x")) == "message.text.received:2d758cb5e222177a4e35"


def test_long_texts_split_at_lines_and_count_emoji_twice():
    text = "\n".join(f"Dòng {i}: " + "chữ " * 40 for i in range(60))
    chunks = zalo_chunks(text)
    assert len(chunks) > 1 and all(len(c) <= 2000 for c in chunks) and "\n".join(chunks) == text
    emoji = "🏢" * 1500
    chunks = zalo_chunks(emoji)
    assert all(len(c.encode("utf-16-le")) // 2 <= 2000 for c in chunks) and "".join(chunks) == emoji


def test_recent_keys_forget_after_the_window():
    now = [0.0]
    keys = RecentKeys(window=600, clock=lambda: now[0])
    assert keys.first_time("a") and not keys.first_time("a")
    now[0] = 601
    assert keys.first_time("a")


async def test_chat_lanes_keep_one_chat_in_order_and_run_chats_side_by_side():
    lanes = ChatLanes()
    done: list[str] = []
    gate = asyncio.Event()

    b_done = asyncio.Event()

    async def job(name: str, wait: bool = False) -> None:
        if wait:
            await gate.wait()
        done.append(name)
        if name == "b1":
            b_done.set()

    lanes.submit("a", job("a1", wait=True))
    lanes.submit("a", job("a2"))
    lanes.submit("b", job("b1"))
    await b_done.wait()
    # chat b is not held up by chat a's slow first message; a2 waits for a1
    assert done == ["b1"]
    gate.set()
    await lanes.wait_idle()
    assert done == ["b1", "a1", "a2"]


def test_options_are_numbered_and_a_waiting_step_keeps_bare_numbers_as_input():
    reply = Reply("Điểm tiêu chí 1.2?", [[Choice("0", "av:1.2:0"), Choice("5", "av:1.2:5")],
                                         [Choice("‹ Trước", "ac:1.1"), Choice("« Về phiếu", "as")]])
    text, labels, data = render_options(reply, "vi", typing=False)
    assert text.splitlines()[2:4] == ["1. 0", "2. 5"] and text.endswith("Gõ số thứ tự để chọn.")
    assert resolve_option("3", labels, data, typing=False) == "ac:1.1"
    assert resolve_option("#4", labels, data, typing=False) == "as"
    text, labels, data = render_options(reply, "vi", typing=True)
    assert text.splitlines()[2:6] == ["#1 0", "#2 5", "#3 ‹ Trước", "#4 « Về phiếu"]
    assert text.endswith("Gõ #số để chọn (ví dụ #1), hoặc gõ nội dung được hỏi.")
    # while the step waits for a score, "3" is the score; "5" is also an option's exact label
    assert resolve_option("3", labels, data, typing=True) is None
    assert resolve_option("5", labels, data, typing=True) == "av:1.2:5"
    assert resolve_option("# 3", labels, data, typing=True) == "ac:1.1"
    assert resolve_option("về phiếu", labels, data, typing=True) == "as"
    assert resolve_option("#9", labels, data, typing=True) is None
    assert resolve_option("7,5", labels, data, typing=True) is None
