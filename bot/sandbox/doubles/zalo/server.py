"""A Zalo Bot API double: a real HTTP server on 127.0.0.1 that behaves like bot-api.zaloplatforms.com.

The bot under test talks to it over HTTP exactly as it would to Zalo (only the base URL differs), while
tests act as Zalo users through ``client.py``. What it models, from docs/zalo.md and the research notes:

- ``POST /bot<TOKEN>/<method>`` (GET works too) with a JSON, form or query body; the envelope
  ``{"ok": true, "result": ...}`` or ``{"ok": false, "error_code": N, "description": "..."}`` with the
  matching HTTP status; an unknown token is 401, an unknown method 404.
- getUpdates hands out one update per call and answers HTTP 408 "Request timeout" when none came within
  ``timeout`` seconds (scaled by ``poll_time_scale`` so tests do not wait real seconds); it is refused
  while a webhook is set. Updates are queued here until taken (the real API is reported to drop messages
  sent while nobody polls; the double is kinder so tests are deterministic).
- setWebhook (url, secret_token of 8-256 characters), deleteWebhook, getWebhookInfo (404 when none);
  webhook delivery POSTs each update with ``X-Bot-Api-Secret-Token``, wrapped in {ok, result} or bare.
- sendMessage (text of 1-2000 characters), sendPhoto (by URL), sendSticker, sendChatAction; only to a
  chat that wrote to the bot; optional per-chat rate limit answered with 429 "Quota exceeded".

Stricter than Zalo, on purpose: unknown parameters, a non-string chat_id and getUpdates with timeout 0
(which is reported to hang on the real API) are refused, so a test fails on a call Zalo might swallow.
Every refused call is recorded in ``rejections``; arranged failures (``inject_error``, for every chat or
one recipient, and ``drop_connection``), 408 on an idle poll, 404 from getWebhookInfo without a webhook
and rate-limit 429s are not.
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
import time
from collections import Counter, deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from aiohttp import web

from bot.sandbox.doubles.http_base import LocalApiServer

from .state import (
    ZaloBot,
    ZaloCall,
    ZaloChat,
    ZaloDeliveryFailure,
    ZaloRejection,
    ZaloWebhook,
)

logger = logging.getLogger(__name__)

TEXT_LIMIT = 2000
SECRET_MIN, SECRET_MAX = 8, 256
SECRET_HEADER = "X-Bot-Api-Secret-Token"
CHAT_ACTIONS = frozenset({"typing", "upload_photo"})
PARSE_MODES = frozenset({"markdown", "html"})
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
_NO_RESULT = object()

Handler = Callable[[ZaloBot, dict[str, Any], web.Request], Awaitable[Any]]


class ZaloApiError(Exception):
    def __init__(self, code: int, description: str, *, expected: bool = False) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        # a failure the test arranged or that is normal (idle poll): not a bug of the bot under test
        self.expected = expected

    def payload(self) -> dict[str, Any]:
        return {"ok": False, "error_code": self.code, "description": self.description}


def bad_request(description: str) -> ZaloApiError:
    return ZaloApiError(400, description)


@dataclass
class _Fault:
    method: str | None
    code: int
    description: str
    remaining: int
    # only calls to this chat fail (a recipient Zalo refuses while others receive); None: any call
    chat_id: str | None = None
    # calls that match and go through before the fault starts (the first part of a split text, say)
    skip: int = 0
    # DROP_BEFORE: the connection is closed without an answer and nothing happens (code is then unused)
    drop: bool = False


DROP_BEFORE = "drop_before"


class ZaloDouble(LocalApiServer):
    """The fake Zalo Bot API server plus the state of every bot, chat and fake user it hosts.

    What tests inspect: ``calls`` (every API call), ``rejections`` (malformed or illegal calls; a fixture
    asserts it stays empty), ``delivery_failures`` (webhook updates the bot's server refused), ``stats``
    and ``bot(token)`` (chats with their messages, queued updates, the webhook).
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0, *, poll_time_scale: float = 1.0,
                 allow_http_webhooks: bool = True, webhook_envelope: str = "wrapped", webhook_retries: int = 2,
                 webhook_retry_delay: float = 0.05, duplicate_webhook_deliveries: bool = False,
                 rate_limit_per_chat: int | None = None, clock: Callable[[], float] = time.monotonic,
                 wall_clock: Callable[[], float] = time.time, updates_as_list: bool = False) -> None:
        if webhook_envelope not in ("wrapped", "bare"):
            raise ValueError("webhook_envelope is 'wrapped' or 'bare'")
        super().__init__(host, port)
        self.poll_time_scale = poll_time_scale
        # the real API refuses local URLs; tests run the bot's webhook server on 127.0.0.1 over http
        self.allow_http_webhooks = allow_http_webhooks
        self.webhook_envelope = webhook_envelope
        self.webhook_retries = webhook_retries
        self.webhook_retry_delay = webhook_retry_delay
        self.duplicate_webhook_deliveries = duplicate_webhook_deliveries
        self.rate_limit_per_chat = rate_limit_per_chat
        # getUpdates is documented to return one update object; some clients read its result as a list, so
        # the double can answer [update] to check that the bot takes both
        self.updates_as_list = updates_as_list
        self.clock = clock
        self.wall_clock = wall_clock
        self.calls: list[ZaloCall] = []
        self.rejections: list[ZaloRejection] = []
        self.delivery_failures: list[ZaloDeliveryFailure] = []
        self.stats: Counter[str] = Counter()
        self.files: dict[str, tuple[bytes, str]] = {}
        self._bots: dict[str, ZaloBot] = {}
        self._users: dict[tuple[str, str], Any] = {}
        self._faults: dict[str, list[_Fault]] = {}
        self._sent: dict[tuple[str, str], deque[float]] = {}
        self._handlers: dict[str, Handler] = {
            "getMe": self._get_me,
            "getUpdates": self._get_updates,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "sendMessage": self._send_message,
            "sendPhoto": self._send_photo,
            "sendSticker": self._send_sticker,
            "sendChatAction": self._send_chat_action,
        }

    # --- lifecycle -----------------------------------------------------------------------------------

    def _routes(self, app: web.Application) -> None:
        app.router.add_route("GET", "/bot{token}/{method}", self._handle_api)
        app.router.add_route("POST", "/bot{token}/{method}", self._handle_api)
        app.router.add_route("GET", "/files/{file_id}", self._handle_file)
        app.router.add_route("*", "/{tail:.*}", self._handle_not_found)

    def _wake_waiters(self) -> None:
        for bot in self._bots.values():
            bot.update_arrived.notify()

    # what the bot's KTD_ZALO_API_URL is set to: it appends /bot<token>/<method>
    @property
    def api_url(self) -> str:
        return self.base_url

    # --- test-facing setup and inspection -------------------------------------------------------------

    def create_bot(self, account_name: str = "bot.KhoiThiDua", display_name: str = "Bot Khối thi đua") -> str:
        """Registers a bot and returns its token.

        Tokens look like Zalo's (<numeric id>:<secret>), but the secret starts with "zdbl." so that no
        token-shaped log filter can mask one by accident: a test that finds none in the logs proves the
        bot never wrote it there."""
        bot_id = str(10**18 + secrets.randbelow(9 * 10**18))
        token = f"{bot_id}:zdbl.{secrets.token_urlsafe(24)}"
        self._bots[token] = ZaloBot(token, bot_id, account_name, display_name)
        return token

    def bot(self, token: str) -> ZaloBot:
        try:
            return self._bots[token]
        except KeyError:
            raise KeyError("unknown Zalo bot token; create it with double.create_bot()") from None

    def user(self, token: str, user_id: str | None = None, display_name: str = "Nguyễn Văn An") -> Any:
        """A fake Zalo user of this bot; ids are hex strings, as Zalo's are (never cast them to int)."""
        from .client import ZaloUser

        bot = self.bot(token)
        user_id = user_id or secrets.token_hex(10)
        key = (token, user_id)
        if key not in self._users:
            chat = bot.chats.setdefault(user_id, ZaloChat(user_id, "PRIVATE"))
            self._users[key] = ZaloUser(self, bot, {"id": user_id, "display_name": display_name, "is_bot": False},
                                        chat)
        return self._users[key]

    def group(self, token: str, group_id: str | None = None, title: str = "Nhóm khối thi đua") -> Any:
        """A group chat (beta on Zalo): members' messages arrive with chat_type GROUP."""
        from .client import ZaloGroup

        bot = self.bot(token)
        group_id = group_id or secrets.token_hex(10)
        chat = bot.chats.setdefault(group_id, ZaloChat(group_id, "GROUP", title))
        return ZaloGroup(self, bot, chat)

    def host_file(self, data: bytes, mime_type: str = "image/jpeg") -> str:
        """Serves `data` at a URL, as Zalo's CDN serves a photo someone sent; returns the URL."""
        file_id = secrets.token_hex(8)
        self.files[file_id] = (data, mime_type)
        return f"{self.base_url}/files/{file_id}"

    def inject_error(self, token: str, method: str | None, code: int, description: str, *, times: int = 1,
                     chat_id: str | None = None, skip: int = 0) -> None:
        """Makes the next `times` calls of `method` (any method when None) fail with this error envelope; with
        `chat_id`, only the calls to that chat (Zalo refusing one recipient while others receive); `skip`
        matching calls succeed first."""
        self._faults.setdefault(token, []).append(_Fault(method, code, description, times, chat_id, skip))

    def drop_connection(self, token: str, method: str | None, *, times: int = 1, chat_id: str | None = None,
                        skip: int = 0) -> None:
        """Closes the connection of the next `times` matching calls before they are processed: the client
        gets no answer and cannot know that nothing happened (as after a network cut)."""
        self._faults.setdefault(token, []).append(_Fault(method, 0, "", times, chat_id, skip, drop=True))

    def pending_updates(self, token: str) -> list[dict[str, Any]]:
        return list(self.bot(token).updates)

    async def wait_idle(self, token: str, quiet: float = 0.05, timeout: float = 5.0) -> None:  # noqa: ASYNC109
        """Returns once every queued update was taken and the bot made no call but getUpdates for `quiet` s."""
        bot = self.bot(token)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            seen = _activity(bot)
            await asyncio.sleep(quiet)
            if not bot.updates and not bot.delivering and _activity(bot) == seen:
                return
            if loop.time() > deadline:
                raise TimeoutError(f"Zalo bot still busy after {timeout}s ({len(bot.updates)} updates queued)")

    # --- updates ----------------------------------------------------------------------------------------

    def _now_ms(self) -> int:
        return int(self.wall_clock() * 1000)

    def enqueue(self, bot: ZaloBot, update: dict[str, Any]) -> None:
        bot.updates.append(update)
        self.stats["updates"] += 1
        bot.update_arrived.notify()

    def user_message(self, bot: ZaloBot, chat: ZaloChat, profile: dict[str, Any], event_name: str,
                     content: dict[str, Any]) -> dict[str, Any]:
        """Records what a user sent in a chat and queues the update Zalo would deliver for it."""
        message: dict[str, Any] = {
            "from": dict(profile),
            "chat": {"id": chat.id, "chat_type": chat.type},
            "message_id": secrets.token_hex(10),
            "date": self._now_ms(),
            **content,
        }
        chat.opened = True
        chat.add(False, message)
        update = {"event_name": event_name, "message": message}
        self.enqueue(bot, update)
        return update

    # --- HTTP layer ---------------------------------------------------------------------------------------

    async def _handle_not_found(self, request: web.Request) -> web.Response:
        return web.json_response(ZaloApiError(404, "Not Found").payload(), status=404, dumps=_dumps)

    async def _handle_file(self, request: web.Request) -> web.Response:
        stored = self.files.get(request.match_info["file_id"])
        if stored is None:
            return web.json_response(ZaloApiError(404, "Not Found").payload(), status=404, dumps=_dumps)
        self.stats["file_downloads"] += 1
        return web.Response(body=stored[0], content_type=stored[1])

    async def _handle_api(self, request: web.Request) -> web.Response:
        token = request.match_info["token"]
        method = request.match_info["method"]
        bot = self._bots.get(token)
        self.stats["requests"] += 1
        params: dict[str, Any] = {}
        try:
            if bot is None:
                raise ZaloApiError(401, "Unauthorized")
            handler = self._handlers.get(method)
            if handler is None:
                # method names are case-sensitive on Zalo
                raise ZaloApiError(404, "Not Found")
            params = await _read_params(request)
            if self._take_fault(token, method, params) == DROP_BEFORE:
                if request.transport is not None:
                    request.transport.close()
                self.stats["dropped"] += 1
                return web.Response(status=204)
            result = await handler(bot, params, request)
        except ZaloApiError as err:
            self._record(bot, token, method, params, err)
            return web.json_response(err.payload(), status=err.code, dumps=_dumps)
        except Exception as exc:
            # a bug in the double: answer 500 and make the rejection check fail rather than hide it
            logger.exception("zalo double failed on %s", method)
            err = ZaloApiError(500, f"Internal Server Error: {type(exc).__name__}")
            self._record(bot, token, method, params, err)
            return web.json_response(err.payload(), status=500, dumps=_dumps)
        call = ZaloCall(token, method, params, True, result=None if result is _NO_RESULT else result)
        self.calls.append(call)
        bot.calls.append(call)
        self.stats["ok"] += 1
        body: dict[str, Any] = {"ok": True}
        if result is not _NO_RESULT:
            body["result"] = result
        return web.json_response(body, dumps=_dumps)

    def _record(self, bot: ZaloBot | None, token: str, method: str, params: dict[str, Any],
                err: ZaloApiError) -> None:
        call = ZaloCall(token, method, params, False, err.code, err.description)
        self.calls.append(call)
        if bot is not None:
            bot.calls.append(call)
        self.stats["errors"] += 1
        self.stats[str(err.code)] += 1
        if not err.expected:
            self.rejections.append(ZaloRejection(method, params, err.description, err.code, token))

    def _take_fault(self, token: str, method: str, params: dict[str, Any]) -> str | None:
        for fault in self._faults.get(token, []):
            if fault.remaining <= 0 or fault.method not in (None, method):
                continue
            if fault.chat_id is not None and params.get("chat_id") != fault.chat_id:
                continue
            if fault.skip > 0:
                fault.skip -= 1
                continue
            fault.remaining -= 1
            if fault.drop:
                return DROP_BEFORE
            raise ZaloApiError(fault.code, fault.description, expected=True)
        return None

    # --- methods ------------------------------------------------------------------------------------------

    async def _get_me(self, bot: ZaloBot, p: dict[str, Any], request: web.Request) -> dict[str, Any]:
        _only(p, set())
        return bot.info()

    async def _get_updates(self, bot: ZaloBot, p: dict[str, Any], request: web.Request) -> object:
        _only(p, {"timeout"})
        if bot.webhook is not None:
            raise bad_request("getUpdates is not available while a webhook is set; call deleteWebhook first")
        timeout = _seconds(p.get("timeout", 30))
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout * self.poll_time_scale
        bot.polling += 1
        try:
            while not bot.updates and not self._stopping and bot.webhook is None:
                remaining = deadline - loop.time()
                if remaining <= 0:
                    break
                await bot.update_arrived.wait(remaining)
        finally:
            bot.polling -= 1
        transport = request.transport
        if not bot.updates or bot.webhook is not None or transport is None or transport.is_closing():
            # nothing came, or the bot went away meanwhile (stopped): the update stays for the next poll
            raise ZaloApiError(408, "Request timeout", expected=True)
        update = bot.updates.popleft()
        bot.update_taken.notify()
        return [update] if self.updates_as_list else update

    async def _set_webhook(self, bot: ZaloBot, p: dict[str, Any], request: web.Request) -> dict[str, Any]:
        _only(p, {"url", "secret_token"})
        url = p.get("url")
        if not isinstance(url, str) or not url:
            raise bad_request("url is required")
        parts = urlsplit(url)
        local = (parts.hostname or "") in LOCAL_HOSTS
        if not parts.netloc or not (parts.scheme == "https" or (parts.scheme == "http" and local
                                                                and self.allow_http_webhooks)):
            raise bad_request("url must be an https:// URL")
        secret = p.get("secret_token")
        if not isinstance(secret, str) or not SECRET_MIN <= len(secret) <= SECRET_MAX:
            raise bad_request(f"secret_token must be {SECRET_MIN}-{SECRET_MAX} characters")
        bot.webhook_generation += 1
        bot.webhook = ZaloWebhook(url, secret, self._now_ms(), bot.webhook_generation)
        bot.update_arrived.notify()
        self._spawn(self._webhook_loop(bot, bot.webhook_generation))
        return {"url": url, "updated_at": bot.webhook.updated_at}

    async def _delete_webhook(self, bot: ZaloBot, p: dict[str, Any], request: web.Request) -> dict[str, Any]:
        _only(p, set())
        bot.webhook = None
        bot.update_arrived.notify()
        return {"url": "", "updated_at": self._now_ms()}

    async def _get_webhook_info(self, bot: ZaloBot, p: dict[str, Any], request: web.Request) -> dict[str, Any]:
        _only(p, set())
        if bot.webhook is None:
            raise ZaloApiError(404, "Not Found", expected=True)
        # never the secret, as on Zalo
        return {"url": bot.webhook.url, "updated_at": bot.webhook.updated_at}

    def _chat(self, bot: ZaloBot, p: dict[str, Any]) -> ZaloChat:
        chat_id = p.get("chat_id")
        if chat_id is None or chat_id == "":
            raise bad_request("chat_id is required")
        if not isinstance(chat_id, str):
            raise bad_request("chat_id must be a string (Zalo ids are hex strings)")
        chat = bot.chats.get(chat_id)
        if chat is None or not chat.opened:
            raise bad_request("chat not found: a bot can only write to chats that wrote to it")
        if self.rate_limit_per_chat is not None:
            window = self._sent.setdefault((bot.token, chat_id), deque())
            now = self.clock()
            while window and window[0] <= now - 1.0:
                window.popleft()
            if len(window) >= self.rate_limit_per_chat:
                raise ZaloApiError(429, "Quota exceeded", expected=True)
            window.append(now)
        return chat

    def _sent_message(self, chat: ZaloChat, content: dict[str, Any]) -> dict[str, Any]:
        result = {"message_id": secrets.token_hex(10), "date": self._now_ms()}
        chat.add(True, {**result, **content})
        self.stats["messages"] += 1
        return result

    async def _send_message(self, bot: ZaloBot, p: dict[str, Any], request: web.Request) -> dict[str, Any]:
        _only(p, {"chat_id", "text", "parse_mode"})
        text = _text(p, "text", required=True)
        mode = p.get("parse_mode")
        if mode is not None and mode not in PARSE_MODES:
            raise bad_request("parse_mode must be markdown or html")
        chat = self._chat(bot, p)
        content: dict[str, Any] = {"text": text}
        if mode is not None:
            content["parse_mode"] = mode
        return self._sent_message(chat, content)

    async def _send_photo(self, bot: ZaloBot, p: dict[str, Any], request: web.Request) -> dict[str, Any]:
        _only(p, {"chat_id", "photo", "caption"})
        photo = p.get("photo")
        if not isinstance(photo, str) or urlsplit(photo).scheme not in ("http", "https"):
            raise bad_request("photo must be the URL of an image")
        caption = _text(p, "caption", required=False)
        chat = self._chat(bot, p)
        content: dict[str, Any] = {"photo": photo}
        if caption is not None:
            content["caption"] = caption
        return self._sent_message(chat, content)

    async def _send_sticker(self, bot: ZaloBot, p: dict[str, Any], request: web.Request) -> dict[str, Any]:
        _only(p, {"chat_id", "sticker"})
        sticker = p.get("sticker")
        if not isinstance(sticker, str) or not sticker:
            raise bad_request("sticker is required")
        chat = self._chat(bot, p)
        return self._sent_message(chat, {"sticker": sticker})

    async def _send_chat_action(self, bot: ZaloBot, p: dict[str, Any], request: web.Request) -> object:
        _only(p, {"chat_id", "action"})
        action = p.get("action")
        if action not in CHAT_ACTIONS:
            raise bad_request("action must be typing or upload_photo")
        chat = self._chat(bot, p)
        chat.add(True, action=str(action))
        # documented as {"ok": true} with no result
        return _NO_RESULT

    # --- webhook delivery ---------------------------------------------------------------------------------

    async def _webhook_loop(self, bot: ZaloBot, generation: int) -> None:
        def current() -> ZaloWebhook | None:
            hook = bot.webhook
            return hook if hook is not None and hook.generation == generation else None

        while not self._stopping and current() is not None:
            if not bot.updates:
                await bot.update_arrived.wait(None)
                continue
            hook = current()
            assert hook is not None
            update = bot.updates.popleft()
            bot.delivering += 1
            try:
                body = {"ok": True, "result": update} if self.webhook_envelope == "wrapped" else update
                delivered = await self._deliver(bot, hook, update, body)
                if delivered and self.duplicate_webhook_deliveries:
                    await self._deliver(bot, hook, update, body)
            finally:
                bot.delivering -= 1
                bot.update_taken.notify()

    async def _deliver(self, bot: ZaloBot, hook: ZaloWebhook, update: dict[str, Any], body: dict[str, Any]) -> bool:
        assert self._session is not None
        headers = {"Content-Type": "application/json", SECRET_HEADER: hook.secret_token}
        data = _dumps(body).encode()
        error = ""
        for attempt in range(self.webhook_retries + 1):
            if attempt:
                await asyncio.sleep(self.webhook_retry_delay * 2 ** (attempt - 1))
            try:
                timeout = aiohttp.ClientTimeout(total=10)
                async with self._session.post(hook.url, data=data, headers=headers, timeout=timeout) as resp:
                    await resp.read()
                    if 200 <= resp.status < 300:
                        self.stats["webhook_deliveries"] += 1
                        return True
                    error = f"webhook answered {resp.status}"
            except (aiohttp.ClientError, OSError, TimeoutError) as exc:
                error = f"connection failed: {type(exc).__name__}"
            self.stats["webhook_failures"] += 1
        self.delivery_failures.append(ZaloDeliveryFailure(bot.token, update, error))
        return False


async def _read_params(request: web.Request) -> dict[str, Any]:
    """The call's parameters from the query string and a JSON, form or multipart body, as Zalo accepts."""
    params: dict[str, Any] = dict(request.query)
    if request.method != "POST" or not request.body_exists:
        return params
    content_type = request.content_type
    if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        form = await request.post()
        params.update({k: v for k, v in form.items() if isinstance(v, str)})
        return params
    raw = await request.read()
    if not raw.strip():
        return params
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise bad_request("the body is not valid JSON") from None
    if not isinstance(body, dict):
        raise bad_request("the body must be a JSON object")
    params.update(body)
    return params


def _only(params: dict[str, Any], allowed: set[str]) -> None:
    unknown = sorted(set(params) - allowed)
    if unknown:
        raise bad_request(f"unknown parameter(s): {', '.join(unknown)}")


def _seconds(value: Any) -> int:
    # the docs' table says String, the sample sends a number: both are accepted
    if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).strip().isdigit():
        raise bad_request("timeout must be a whole number of seconds")
    seconds = int(value)
    if seconds < 1:
        raise bad_request("timeout must be at least 1 second (0 is reported to hang on Zalo)")
    return seconds


def _text(params: dict[str, Any], name: str, *, required: bool) -> str | None:
    value = params.get(name)
    if value is None:
        if required:
            raise bad_request(f"{name} is required")
        return None
    if not isinstance(value, str):
        raise bad_request(f"{name} must be a string")
    if not 1 <= len(value) <= TEXT_LIMIT:
        raise bad_request(f"{name} must be 1-{TEXT_LIMIT} characters, not {len(value)}")
    return value


def _activity(bot: ZaloBot) -> int:
    return sum(1 for c in bot.calls if c.method != "getUpdates")


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
