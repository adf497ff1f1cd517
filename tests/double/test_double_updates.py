"""Update delivery: getUpdates offsets, long polling and webhooks, as Telegram does them."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import telegram
from aiohttp import web
from telegram.error import Conflict

from bot.sandbox.doubles import TelegramDouble


async def test_offset_confirms_and_limit_caps(double: TelegramDouble, token: str, tg: telegram.Bot) -> None:
    user = double.user(token)
    for text in ("một", "hai", "ba", "bốn"):
        await user.send(text)
    first = await tg.get_updates(limit=2)
    assert [u.message.text for u in first if u.message] == ["một", "hai"]
    assert len(double.pending_updates(token)) == 4  # fetched but not confirmed yet

    rest = await tg.get_updates(offset=first[-1].update_id + 1)
    assert [u.message.text for u in rest if u.message] == ["ba", "bốn"]
    assert len(double.pending_updates(token)) == 2

    last = await tg.get_updates(offset=-1)  # negative offset keeps only the newest update
    assert [u.message.text for u in last if u.message] == ["bốn"]
    assert await tg.get_updates(offset=last[-1].update_id + 1) == ()
    await double.wait_confirmed(token, timeout=0.1)


async def test_long_poll_returns_as_soon_as_an_update_arrives(
    double: TelegramDouble, token: str, tg: telegram.Bot
) -> None:
    user = double.user(token)
    # 10,000 s with the module's time scale: only the update's arrival can end this poll within the test
    poll = asyncio.ensure_future(tg.get_updates(timeout=1_000_000, read_timeout=60))
    await asyncio.sleep(0)
    assert not poll.done()
    await user.send("đây rồi")
    updates = await asyncio.wait_for(poll, 30)  # a bound for the failing case only
    assert [u.message.text for u in updates if u.message] == ["đây rồi"]


async def test_long_poll_times_out_with_an_empty_list(double: TelegramDouble, token: str, tg: telegram.Bot) -> None:
    # that a poll waits for an update is the test above; here, with none coming, it ends empty
    assert await asyncio.wait_for(tg.get_updates(timeout=2), 30) == ()  # 20 ms with the module's time scale
    await double.user(token).send("sau khi hết giờ")
    later = await asyncio.wait_for(tg.get_updates(timeout=2), 30)  # and what comes after is not lost
    assert [u.message.text for u in later if u.message] == ["sau khi hết giờ"]


async def test_a_second_poll_terminates_the_first(double: TelegramDouble, token: str, tg: telegram.Bot) -> None:
    older = asyncio.ensure_future(tg.get_updates(timeout=100))
    await asyncio.sleep(0.01)
    # A second client (PTB itself serialises its own getUpdates calls).
    async with httpx.AsyncClient() as client:
        newer = await client.post(f"{double.api_url}{token}/getUpdates")
    assert newer.json() == {"ok": True, "result": []}
    with pytest.raises(Conflict, match="terminated by other getUpdates"):
        await older
    assert not [r for r in double.rejections if r.token == token]  # harness conflicts are not rejections


async def test_allowed_updates_persist_between_calls(double: TelegramDouble, token: str, tg: telegram.Bot) -> None:
    from telegram import InlineKeyboardButton, InlineKeyboardMarkup

    user = double.user(token)
    await user.send("/start")
    await tg.send_message(
        user.id, "x", reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("A", callback_data="a")]])
    )
    done = await tg.get_updates(allowed_updates=["callback_query"])
    await tg.get_updates(offset=done[-1].update_id + 1)
    await user.send("không ai nghe")  # filtered out: never becomes an update
    await user.press("A")
    updates = await tg.get_updates()  # no allowed_updates: the previous filter still applies
    assert [u.callback_query.data for u in updates if u.callback_query] == ["a"]
    assert len(updates) == 1
    await tg.get_updates(allowed_updates=[])  # an empty list restores the default set
    await user.send("nghe rồi")
    assert any(u.get("message", {}).get("text") == "nghe rồi" for u in double.pending_updates(token))


class Receiver:
    """A tiny webhook endpoint on 127.0.0.1 standing in for the bot's web server."""

    def __init__(self) -> None:
        self.received: list[tuple[dict[str, Any], str | None]] = []
        self.fail_next = 0
        self.arrived = asyncio.Event()
        self.url = ""
        self._runner: web.AppRunner | None = None

    async def handle(self, request: web.Request) -> web.Response:
        if self.fail_next:
            self.fail_next -= 1
            return web.Response(status=500)
        self.received.append((await request.json(), request.headers.get("X-Telegram-Bot-Api-Secret-Token")))
        self.arrived.set()
        return web.Response(text="ok")

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/hook", self.handle)
        self._runner = web.AppRunner(app, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}/hook"

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    r = Receiver()
    await r.start()
    yield r
    await r.stop()


async def test_webhook_delivery_with_secret_and_conflict(
    double: TelegramDouble, token: str, tg: telegram.Bot, receiver: Receiver
) -> None:
    user = double.user(token)
    await user.send("trước webhook")
    assert await tg.set_webhook(receiver.url, secret_token="bi-mat_123", drop_pending_updates=True)
    info = await tg.get_webhook_info()
    assert info.url == receiver.url and info.pending_update_count == 0

    await user.send("/start")
    await double.wait_confirmed(token)
    [(update, secret)] = receiver.received
    assert secret == "bi-mat_123"
    assert update["message"]["text"] == "/start" and isinstance(update["update_id"], int)

    with pytest.raises(Conflict, match=r"(?i)can't use getUpdates method while webhook is active"):
        await tg.get_updates()

    assert await tg.delete_webhook()
    await user.send("sau webhook")
    assert [u.message.text for u in await tg.get_updates() if u.message] == ["sau webhook"]


async def test_webhook_retries_then_reports_failures(
    double: TelegramDouble, token: str, tg: telegram.Bot, receiver: Receiver
) -> None:
    user = double.user(token)
    await tg.set_webhook(receiver.url)
    receiver.fail_next = 2  # fewer than the retries: delivered in the end
    await user.send("lần 1")
    await double.wait_confirmed(token)
    assert [u["message"]["text"] for u, _ in receiver.received] == ["lần 1"]

    receiver.fail_next = 10  # more than the retries: given up and reported
    await user.send("lần 2")
    await double.wait_confirmed(token)
    failures = [f for f in double.delivery_failures if f.token == token]
    assert len(failures) == 1 and "500" in failures[0].error
    assert (await tg.get_webhook_info()).last_error_message == failures[0].error
    await tg.delete_webhook()
    double.delivery_failures.clear()


async def test_https_is_required_when_http_webhooks_are_not_allowed(
    double: TelegramDouble, token: str, tg: telegram.Bot
) -> None:
    double.allow_http_webhooks = False
    try:
        with pytest.raises(telegram.error.BadRequest, match=r"(?i)HTTPS URL must be provided"):
            await tg.set_webhook("http://127.0.0.1:9/hook")
    finally:
        double.allow_http_webhooks = True
    double.rejections.clear()
