"""A Telegram Bot API double: a real HTTP server on 127.0.0.1 that behaves like api.telegram.org.

The bot under test talks to it over HTTP exactly as it would to Telegram (python-telegram-bot only needs
``base_url``/``base_file_url``), while tests and the sandbox act as users through ``client.py``.
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import mimetypes
import secrets
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import aiohttp
from aiohttp import web

from bot.sandbox.doubles.http_base import LocalApiServer

from . import rules
from .formatting import parse_text
from .media import image_size, thumbnail_size
from .spec import ApiError, ApiSpec, UploadedFile, ValidatedCall, bad_request, default_spec, loggable
from .state import (
    DEFAULT_UPDATE_TYPES,
    ApiCall,
    BotState,
    CallbackRecord,
    ChatState,
    PendingUpdate,
    PollRecord,
    RateLimiter,
    Rejection,
    StoredFile,
    StoredMessage,
    WebhookConfig,
)

if TYPE_CHECKING:
    from .client import FakeGroup, FakeUser

Handler = Callable[[BotState, ValidatedCall], Awaitable[Any]]

logger = logging.getLogger(__name__)

MAX_UPLOAD = 50 * 1024 * 1024
MAX_PHOTO_UPLOAD = 10 * 1024 * 1024
MAX_DOWNLOAD = 20 * 1024 * 1024
# Methods that deliver a new message and so count against Telegram's broadcast caps.
SEND_METHODS = frozenset(
    {
        "sendMessage",
        "sendDocument",
        "sendPhoto",
        "sendPoll",
        "copyMessage",
        "forwardMessage",
        "sendMediaGroup",
        "sendAudio",
        "sendVideo",
        "sendAnimation",
        "sendVoice",
        "sendVideoNote",
        "sendSticker",
        "sendLocation",
        "sendVenue",
        "sendContact",
        "sendDice",
        "sendInvoice",
        "sendGame",
        "sendChecklist",
        "sendPaidMedia",
        "copyMessages",
        "forwardMessages",
    }
)
WEBHOOK_CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"
)
POLL_CONFLICT = "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the same as a "
    "current content and reply markup of the message"
)
QUERY_TOO_OLD = "query is too old and response timeout expired or query ID is invalid"


@dataclass
class DeliveryFailure:
    """A webhook update the bot's server did not accept after all retries."""

    token: str
    update: dict[str, Any]
    error: str


@dataclass
class _Fault:
    method: str | None
    error: ApiError
    remaining: int


# transport faults (inject_transport_fault): what happens to the HTTP exchange rather than the API's answer
DROP_BEFORE = "drop_before"  # the connection is closed before the call is processed: nothing happened
DROP_AFTER = "drop_after"  # the call is processed (a message is sent), then the connection closed: answer lost
HOLD = "hold"  # the call is processed and its answer held for `seconds` (past the client's timeout)
TRANSPORT_FAULTS = (DROP_BEFORE, DROP_AFTER, HOLD)


@dataclass
class _TransportFault:
    method: str | None
    kind: str
    remaining: int
    seconds: float = 0.0


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


class TelegramDouble(LocalApiServer):
    """The fake Bot API server plus the state of every bot, chat and fake user it hosts.

    What tests inspect:
      ``calls``             every API call (ApiCall: method, params, ok, error_code, description, result)
      ``rejections``        calls refused as malformed or illegal (Rejection); a fixture asserts it stays empty.
                            409 conflicts, rate-cap 429s and ``inject_error`` failures are not rejections.
      ``delivery_failures`` webhook updates the bot's server refused after all retries
      ``stats``             Counter: requests, ok, errors, "429", updates, updates_filtered,
                            webhook_deliveries, webhook_failures, file_downloads
      ``bot(token)``        BotState: users, chats (messages with edits applied), blocked, updates,
                            callback_queries, commands, polls, files, calls, other_calls
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        rate_limits: bool = False,
        allow_http_webhooks: bool = True,
        *,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
        poll_time_scale: float = 1.0,
        webhook_retries: int = 3,
        webhook_retry_delay: float = 0.05,
        self_check: bool = True,
        spec: ApiSpec | None = None,
    ) -> None:
        super().__init__(host, port)
        self.rate_limits = rate_limits
        self.allow_http_webhooks = allow_http_webhooks
        # Long polls wait `timeout * poll_time_scale` seconds, so tests can observe a timeout cheaply.
        self.poll_time_scale = poll_time_scale
        self.webhook_retries = webhook_retries
        self.webhook_retry_delay = webhook_retry_delay
        self.self_check = self_check
        self.spec = spec or default_spec()
        self.wall_clock = wall_clock
        self.limiter = RateLimiter(clock)
        self.calls: list[ApiCall] = []
        self.rejections: list[Rejection] = []
        self.delivery_failures: list[DeliveryFailure] = []
        self.stats: Counter[str] = Counter()
        self._bots: dict[str, BotState] = {}
        self._fake_users: dict[tuple[str, int], FakeUser] = {}
        self._fake_groups: dict[tuple[str, int], FakeGroup] = {}
        self._faults: dict[str, list[_Fault]] = {}
        self._transport_faults: dict[str, list[_TransportFault]] = {}
        self.transport_faults_taken: dict[str, int] = {kind: 0 for kind in TRANSPORT_FAULTS}
        self._next_user_id = 1001
        self._next_group_id = -1001000000001
        self._handlers: dict[str, Handler] = {
            "getMe": self._get_me,
            "logOut": self._ok,
            "close": self._ok,
            "getUpdates": self._get_updates,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "sendMessage": self._send_message,
            "editMessageText": self._edit_message_text,
            "editMessageCaption": self._edit_message_caption,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "deleteMessage": self._delete_message,
            "answerCallbackQuery": self._answer_callback_query,
            "sendDocument": self._send_document,
            "sendPhoto": self._send_photo,
            "sendPoll": self._send_poll,
            "stopPoll": self._stop_poll,
            "getFile": self._get_file,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
            "setChatMenuButton": self._set_chat_menu_button,
            "getChatMenuButton": self._get_chat_menu_button,
            "sendChatAction": self._send_chat_action,
            "setMyDescription": partial(self._set_text, field="description", limit=512),
            "setMyShortDescription": partial(self._set_text, field="short_description", limit=120),
            "setMyName": partial(self._set_text, field="name", limit=64),
            "getMyDescription": partial(self._get_text, field="description"),
            "getMyShortDescription": partial(self._get_text, field="short_description"),
            "getMyName": partial(self._get_text, field="name"),
            "getChat": self._get_chat,
            "copyMessage": self._copy_message,
            "forwardMessage": self._forward_message,
        }

    # ------------------------------------------------------------------------------------------------------
    # Lifecycle

    max_body = MAX_UPLOAD + 1024 * 1024

    def _routes(self, app: web.Application) -> None:
        app.router.add_route("GET", "/bot{token}/{method}", self._handle_api)
        app.router.add_route("POST", "/bot{token}/{method}", self._handle_api)
        app.router.add_route("GET", "/file/bot{token}/{path:.+}", self._handle_file)
        app.router.add_route("*", "/{tail:.*}", self._handle_not_found)

    def _wake_waiters(self) -> None:
        for bot in self._bots.values():
            bot.update_arrived.notify()
            bot.update_confirmed.notify()

    @property
    def api_url(self) -> str:
        """What python-telegram-bot's ``base_url`` expects: it appends ``<token>/<method>``."""
        return f"{self.base_url}/bot"

    @property
    def file_url(self) -> str:
        return f"{self.base_url}/file/bot"

    # ------------------------------------------------------------------------------------------------------
    # Test-facing setup and inspection

    def create_bot(
        self, username: str = "KhoiThiDuaBot", first_name: str = "Khối thi đua", *, privacy_mode: bool = True
    ) -> str:
        """Register a bot and return its token.

        Tokens have Telegram's shape but a 7-digit id and a "DBL" secret prefix, so they can never be
        mistaken for (or flagged as) a real token.  ``privacy_mode`` is Telegram's default: in groups the bot
        only sees commands, mentions and replies to itself.
        """
        while True:
            bot_id = 1_000_000 + secrets.randbelow(9_000_000)
            if all(b.id != bot_id for b in self._bots.values()):
                break
        token = f"{bot_id}:DBL{secrets.token_urlsafe(32)[:32]}"
        self._bots[token] = BotState(token, bot_id, username, first_name, privacy_mode=privacy_mode)
        return token

    def bot(self, token: str) -> BotState:
        try:
            return self._bots[token]
        except KeyError:
            raise KeyError("unknown bot token; create it with double.create_bot()") from None

    def user(
        self,
        bot_token: str,
        user_id: int | None = None,
        first_name: str = "Nguyễn Văn An",
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "vi",
    ) -> FakeUser:
        """A fake Telegram user of this bot; the private chat exists once the user writes to the bot."""
        from .client import FakeUser

        bot = self.bot(bot_token)
        if user_id is None:
            while self._next_user_id in bot.users:
                self._next_user_id += 1
            user_id = self._next_user_id
            self._next_user_id += 1
        key = (bot_token, user_id)
        if key in self._fake_users:
            return self._fake_users[key]
        profile: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
        for name, value in (("last_name", last_name), ("username", username), ("language_code", language_code)):
            if value is not None:
                profile[name] = value
        bot.users[user_id] = profile
        if user_id not in bot.chats:
            info = {k: profile.get(k) for k in ("first_name", "last_name", "username")}
            bot.chats[user_id] = ChatState(user_id, "private", **info)
        fake = FakeUser(self, bot, profile)
        self._fake_users[key] = fake
        return fake

    def group(
        self,
        bot_token: str,
        chat_id: int | None = None,
        title: str = "Khối thi đua",
        members: Iterable[FakeUser] = (),
        *,
        chat_type: str | None = None,
        username: str | None = None,
        bot_is_admin: bool = False,
    ) -> FakeGroup:
        """A group the bot is a member of (supergroup when the id starts with -100, like Telegram)."""
        from .client import FakeGroup

        bot = self.bot(bot_token)
        if chat_id is None:
            while self._next_group_id in bot.chats:
                self._next_group_id -= 1
            chat_id = self._next_group_id
            self._next_group_id -= 1
        key = (bot_token, chat_id)
        if key in self._fake_groups:
            return self._fake_groups[key]
        if chat_type is None:
            chat_type = "supergroup" if str(chat_id).startswith("-100") else "group"
        chat = ChatState(chat_id, chat_type, title=title, username=username)
        chat.bot_is_admin = bot_is_admin
        bot.chats[chat_id] = chat
        fake = FakeGroup(self, bot, chat)
        for member in members:
            fake.add_member(member)
        self._fake_groups[key] = fake
        return fake

    def pending_updates(self, bot_token: str) -> list[dict[str, Any]]:
        """Updates queued for the bot and not yet confirmed (by a later getUpdates offset or a webhook 2xx)."""
        return [u.as_update() for u in self.bot(bot_token).updates]

    # A timeout keyword (not asyncio.timeout) so the TimeoutError can say which updates are stuck.
    async def wait_confirmed(self, bot_token: str, timeout: float = 5.0) -> None:  # noqa: ASYNC109
        """Return once every queued update has been confirmed; TimeoutError naming what is still pending."""
        bot = self.bot(bot_token)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while bot.updates:
            remaining = deadline - loop.time()
            if remaining <= 0 or self._stopping:
                kinds = ", ".join(f"{u.update_id}:{u.kind}" for u in bot.updates)
                raise TimeoutError(f"updates still unconfirmed after {timeout}s: {kinds}")
            await bot.update_confirmed.wait(remaining)

    async def wait_idle(self, bot_token: str, quiet: float = 0.05, timeout: float = 5.0) -> None:  # noqa: ASYNC109
        """Wait until all updates are confirmed and the bot made no API call (other than polling) for `quiet` s.

        Useful to assert that the bot did *not* answer something; prefer ``user.next_message()`` otherwise.
        """
        bot = self.bot(bot_token)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        await self.wait_confirmed(bot_token, timeout)
        while True:
            seen = _activity(bot)
            await asyncio.sleep(quiet)
            if _activity(bot) == seen and not bot.updates:
                return
            if loop.time() > deadline:
                raise TimeoutError(f"bot still busy after {timeout}s")

    def inject_error(
        self,
        bot_token: str,
        method: str | None,
        error_code: int,
        description: str,
        *,
        retry_after: int | None = None,
        times: int = 1,
    ) -> None:
        """Make the next `times` calls of `method` (any method when None) fail as the test asks.

        Injected failures are logged as calls but never counted as rejections.
        """
        err = ApiError(error_code, description, retry_after=retry_after)
        self._faults.setdefault(bot_token, []).append(_Fault(method.lower() if method else None, err, times))

    def inject_transport_fault(self, bot_token: str, method: str | None, kind: str, *, times: int = 1,
                               seconds: float = 0.0) -> None:
        """Make the next `times` calls of `method` (any method when None) fail in transport: DROP_BEFORE (the
        connection closes before the call is processed), DROP_AFTER (processed, then the connection closes,
        so the client never learns it succeeded) or HOLD (processed, the answer sent `seconds` later: give the
        client a shorter timeout rather than waiting long)."""
        if kind not in TRANSPORT_FAULTS:
            raise ValueError(f"unknown transport fault {kind!r}")
        self._transport_faults.setdefault(bot_token, []).append(
            _TransportFault(method.lower() if method else None, kind, times, seconds))

    def clear_faults(self, bot_token: str) -> None:
        """Forgets the faults injected for this bot and not used up yet."""
        self._faults.pop(bot_token, None)
        self._transport_faults.pop(bot_token, None)

    def _take_transport_fault(self, token: str, method: str) -> _TransportFault | None:
        for fault in self._transport_faults.get(token, []):
            if fault.remaining > 0 and fault.method in (None, method.lower()):
                fault.remaining -= 1
                self.transport_faults_taken[fault.kind] += 1
                return fault
        return None

    @staticmethod
    def _drop(request: web.Request) -> web.Response:
        # closing the transport under aiohttp's feet: the client sees the connection end with no answer
        if request.transport is not None:
            request.transport.close()
        return web.Response(status=204)

    # ------------------------------------------------------------------------------------------------------
    # HTTP layer

    async def _handle_not_found(self, request: web.Request) -> web.Response:
        return web.json_response(ApiError(404, "Not Found").payload(), status=404, dumps=_dumps)

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        bot = self._bots.get(request.match_info["token"])
        stored = bot.files_by_path.get(request.match_info["path"]) if bot else None
        if stored is None:
            return web.json_response(ApiError(404, "Not Found").payload(), status=404, dumps=_dumps)
        self.stats["file_downloads"] += 1
        content_type = stored.mime_type or "application/octet-stream"
        return web.Response(body=stored.data, content_type=content_type)

    async def _handle_api(self, request: web.Request) -> web.Response:
        token = request.match_info["token"]
        method_name = request.match_info["method"]
        bot = self._bots.get(token)
        self.stats["requests"] += 1
        shown: dict[str, Any] = {}
        transport: _TransportFault | None = None
        try:
            if bot is None:
                raise ApiError(401, "Unauthorized")
            method = self.spec.resolve_method(method_name)
            if method is None:
                raise ApiError(404, "Not Found")
            method_name = method.name
            raw = await _read_params(request)
            shown = loggable(raw)
            call = self.spec.validate_call(method, raw)
            shown = call.loggable_params()
            transport = self._take_transport_fault(token, method_name)
            if transport is not None and transport.kind == DROP_BEFORE:
                return self._drop(request)
            self._take_fault(token, method_name)
            handler = self._handlers.get(method_name)
            if handler is None:
                result: Any = True
            else:
                result = await handler(bot, call)
                if self.self_check:
                    self.spec.check_result(result, method.returns, where=f"{method_name} result")
        except ApiError as err:
            self._log(bot, token, method_name, shown, err)
            return web.json_response(err.payload(), status=err.error_code, dumps=_dumps)
        except Exception as exc:
            # A bug in the double (SpecViolation included): answer 500 and make the test's rejection
            # check fail, rather than letting aiohttp swallow it into a log line.
            logger.exception("double failed on %s", method_name)
            err = ApiError(500, f"Internal Server Error: {exc.__class__.__name__}: {exc}")
            self._log(bot, token, method_name, shown, err)
            return web.json_response(err.payload(), status=500, dumps=_dumps)
        assert bot is not None
        entry = ApiCall(token, method_name, shown, True, result=result)
        self.calls.append(entry)
        bot.calls.append(entry)
        if handler is None:
            bot.other_calls.append(entry)
        self.stats["ok"] += 1
        if transport is not None and transport.kind == DROP_AFTER:
            return self._drop(request)
        if transport is not None and transport.kind == HOLD:
            await asyncio.sleep(transport.seconds)
        return web.json_response({"ok": True, "result": result}, dumps=_dumps)

    def _log(self, bot: BotState | None, token: str, method: str, params: dict[str, Any], err: ApiError) -> None:
        entry = ApiCall(token, method, params, False, err.error_code, err.description)
        self.calls.append(entry)
        if bot is not None:
            bot.calls.append(entry)
        self.stats["errors"] += 1
        if err.error_code == 429:
            self.stats["429"] += 1
        # Conflicts come from how the harness drives polling/webhooks, and arranged failures are expected.
        if not err.expected and err.error_code != 409:
            self.rejections.append(Rejection(method, params, err.description, err.error_code, token))

    def _take_fault(self, token: str, method: str) -> None:
        for fault in self._faults.get(token, []):
            if fault.remaining > 0 and fault.method in (None, method.lower()):
                fault.remaining -= 1
                err = ApiError(fault.error.error_code, fault.error.description, retry_after=fault.error.retry_after)
                err.expected = True
                raise err

    # ------------------------------------------------------------------------------------------------------
    # Updates

    def _now(self) -> int:
        return int(self.wall_clock())

    def enqueue_update(self, bot: BotState, kind: str, payload: dict[str, Any]) -> PendingUpdate | None:
        """Queue an update for the bot unless its allowed_updates filter excludes that kind."""
        if kind not in bot.allowed_updates:
            self.stats["updates_filtered"] += 1
            return None
        update = PendingUpdate(bot.next_update_id, kind, payload)
        if self.self_check:
            self.spec.check_result(update.as_update(), ("Update",), where="update")
        bot.next_update_id += 1
        bot.updates.append(update)
        self.stats["updates"] += 1
        bot.update_arrived.notify()
        return update

    def _confirm_before(self, bot: BotState, offset: int) -> None:
        before = len(bot.updates)
        if offset > 0:
            bot.updates = [u for u in bot.updates if u.update_id >= offset]
        elif offset < 0:
            bot.updates = bot.updates[offset:]
        if len(bot.updates) != before:
            bot.update_confirmed.notify()

    async def _get_updates(self, bot: BotState, call: ValidatedCall) -> list[dict[str, Any]]:
        if bot.webhook is not None:
            raise ApiError(409, WEBHOOK_CONFLICT)
        p = call.params
        if "allowed_updates" in p:
            bot.allowed_updates = _allowed_updates(p["allowed_updates"])
        limit = min(max(p.get("limit", 100), 1), 100)
        timeout = max(p.get("timeout", 0), 0)
        bot.poll_generation += 1
        generation = bot.poll_generation
        bot.update_arrived.notify()  # an older long poll wakes up and ends with a conflict
        self._confirm_before(bot, p.get("offset", 0))
        if not bot.updates and timeout > 0:
            loop = asyncio.get_running_loop()
            deadline = loop.time() + timeout * self.poll_time_scale
            while not bot.updates and not self._stopping and bot.webhook is None:
                remaining = deadline - loop.time()
                if remaining <= 0:
                    break
                await bot.update_arrived.wait(remaining)
                if bot.poll_generation != generation:
                    raise ApiError(409, POLL_CONFLICT)
        return [u.as_update() for u in bot.updates[:limit]]

    # ------------------------------------------------------------------------------------------------------
    # Webhooks

    async def _set_webhook(self, bot: BotState, call: ValidatedCall) -> bool:
        p = call.params
        rules.webhook(p, allow_http=self.allow_http_webhooks)
        if not p["url"]:
            return await self._delete_webhook(bot, call)
        if p.get("drop_pending_updates"):
            self._drop_pending(bot)
        if "allowed_updates" in p:
            bot.allowed_updates = _allowed_updates(p["allowed_updates"])
        bot.webhook_generation += 1
        bot.webhook = WebhookConfig(
            url=p["url"],
            secret_token=p.get("secret_token"),
            max_connections=p.get("max_connections", 40),
            generation=bot.webhook_generation,
        )
        bot.update_arrived.notify()
        self._spawn(self._webhook_loop(bot, bot.webhook_generation))
        return True

    async def _delete_webhook(self, bot: BotState, call: ValidatedCall) -> bool:
        if call.params.get("drop_pending_updates"):
            self._drop_pending(bot)
        bot.webhook = None
        bot.update_arrived.notify()
        return True

    def _drop_pending(self, bot: BotState) -> None:
        if bot.updates:
            bot.updates = []
            bot.update_confirmed.notify()

    async def _get_webhook_info(self, bot: BotState, call: ValidatedCall) -> dict[str, Any]:
        info: dict[str, Any] = {"url": "", "has_custom_certificate": False, "pending_update_count": len(bot.updates)}
        hook = bot.webhook
        if hook is not None:
            info.update(url=hook.url, max_connections=hook.max_connections, ip_address="127.0.0.1")
            if bot.allowed_updates != DEFAULT_UPDATE_TYPES:
                info["allowed_updates"] = sorted(bot.allowed_updates)
            if hook.last_error_date is not None:
                info["last_error_date"] = hook.last_error_date
                info["last_error_message"] = hook.last_error_message
        return info

    async def _webhook_loop(self, bot: BotState, generation: int) -> None:
        def current() -> WebhookConfig | None:
            hook = bot.webhook
            return hook if hook is not None and hook.generation == generation else None

        while not self._stopping and current() is not None:
            if not bot.updates:
                await bot.update_arrived.wait(None)
                continue
            update = bot.updates[0]
            hook = current()
            assert hook is not None
            delivered = await self._deliver(bot, hook, update)
            if delivered is None:  # the webhook changed meanwhile; the new loop takes over
                return
            if update in bot.updates:
                bot.updates.remove(update)
                bot.update_confirmed.notify()

    async def _deliver(self, bot: BotState, hook: WebhookConfig, update: PendingUpdate) -> bool | None:
        """POST one update, retrying a few times. True on 2xx, False when given up, None if unhooked."""
        assert self._session is not None
        headers = {"Content-Type": "application/json"}
        if hook.secret_token:
            headers["X-Telegram-Bot-Api-Secret-Token"] = hook.secret_token
        body = _dumps(update.as_update()).encode()
        error = ""
        for attempt in range(self.webhook_retries + 1):
            if attempt:
                await asyncio.sleep(self.webhook_retry_delay * 2 ** (attempt - 1))
            if bot.webhook is not hook:
                return None
            try:
                timeout = aiohttp.ClientTimeout(total=10)
                async with self._session.post(hook.url, data=body, headers=headers, timeout=timeout) as resp:
                    await resp.read()
                    if 200 <= resp.status < 300:
                        self.stats["webhook_deliveries"] += 1
                        return True
                    error = f"Wrong response from the webhook: {resp.status} {resp.reason}"
            except (aiohttp.ClientError, OSError, TimeoutError) as exc:
                error = f"Connection failed: {exc.__class__.__name__}"
            self.stats["webhook_failures"] += 1
        hook.last_error_date = self._now()
        hook.last_error_message = error
        self.delivery_failures.append(DeliveryFailure(bot.token, update.as_update(), error))
        return False

    # ------------------------------------------------------------------------------------------------------
    # Chats and messages

    def resolve_chat(self, bot: BotState, chat_id: int | str, *, writing: bool = True) -> ChatState:
        """The target chat as Telegram would find it, raising its errors for unknown/blocked/left chats."""
        chat: ChatState | None
        if isinstance(chat_id, str):
            name = chat_id.lstrip("@").lower()
            chat = next(
                (c for c in bot.chats.values() if c.is_group and str(c.info.get("username", "")).lower() == name),
                None,
            )
        else:
            chat = bot.chats.get(chat_id)
        if chat is None:
            raise bad_request("chat not found")
        if chat.type == "private":
            if not chat.started:
                if any(chat.id in g.members for g in bot.chats.values() if g.is_group):
                    raise ApiError(403, "Forbidden: bot can't initiate conversation with a user")
                raise bad_request("chat not found")
            if writing and chat.id in bot.blocked:
                raise ApiError(403, "Forbidden: bot was blocked by the user")
        elif chat.bot_kicked:
            kind = "supergroup chat" if chat.type == "supergroup" else "group chat"
            raise ApiError(403, f"Forbidden: bot was kicked from the {kind}")
        return chat

    def _rate_check(self, bot: BotState, chat: ChatState, method: str) -> None:
        if not self.rate_limits or method not in SEND_METHODS:
            return
        wait = self.limiter.check_and_record(bot.id, chat.id, chat.is_group)
        if wait > 0:
            retry = max(1, math.ceil(wait))
            err = ApiError(429, f"Too Many Requests: retry after {retry}", retry_after=retry)
            err.expected = True
            raise err

    def _reply_target(self, chat: ChatState, bot: BotState, reply: dict[str, Any] | None) -> dict[str, Any] | None:
        if not reply:
            return None
        target_chat = chat
        if "chat_id" in reply:
            target_chat = self.resolve_chat(bot, reply["chat_id"], writing=False)
        stored = target_chat.messages.get(reply["message_id"])
        if stored is None or stored.deleted:
            if reply.get("allow_sending_without_reply"):
                return None
            raise bad_request("message to be replied not found")
        snapshot = stored.snapshot()
        snapshot.pop("reply_to_message", None)
        return snapshot

    def add_message(
        self,
        chat: ChatState,
        sender: dict[str, Any],
        content: dict[str, Any],
        *,
        from_bot: bool,
        reply_to: dict[str, Any] | None = None,
        delivered: bool = True,
    ) -> StoredMessage:
        """Store a new message in a chat and announce it to watchers (fake users, sandbox)."""
        data: dict[str, Any] = {
            "message_id": chat.take_message_id(),
            "from": dict(sender),
            "chat": chat.public(),
            "date": self._now(),
        }
        if reply_to is not None:
            data["reply_to_message"] = reply_to
        data.update(content)
        stored = StoredMessage(data, from_bot=from_bot, delivered=delivered)
        chat.messages[stored.message_id] = stored
        chat.add_event("new", message=stored.snapshot(), from_bot=from_bot)
        return stored

    async def _send_common(
        self, bot: BotState, call: ValidatedCall, build: Callable[[], dict[str, Any]]
    ) -> dict[str, Any]:
        """Shared path of every send*: check content, find chat, apply caps, store, return the Message."""
        p = call.params
        markup = p.get("reply_markup")
        kind = rules.reply_markup_kind(markup)
        chat = self.resolve_chat(bot, p["chat_id"])
        reply_to = self._reply_target(chat, bot, p.get("reply_parameters"))
        content = build()
        self._rate_check(bot, chat, call.method.name)
        if kind == "inline":
            content["reply_markup"] = markup
        elif kind == "keyboard":
            chat.reply_keyboard = markup
        elif kind == "remove":
            chat.reply_keyboard = None
        if p.get("protect_content"):
            content["has_protected_content"] = True
        stored = self.add_message(chat, bot.user_object(), content, from_bot=True, reply_to=reply_to)
        return stored.snapshot()

    async def _send_message(self, bot: BotState, call: ValidatedCall) -> dict[str, Any]:
        text, entities = rules.message_text(call.params)

        def build() -> dict[str, Any]:
            content: dict[str, Any] = {"text": text}
            if entities:
                content["entities"] = entities
            if "link_preview_options" in call.params:
                content["link_preview_options"] = call.params["link_preview_options"]
            return content

        return await self._send_common(bot, call, build)

    async def _send_document(self, bot: BotState, call: ValidatedCall) -> dict[str, Any]:
        text, entities = rules.caption(call.params)

        def build() -> dict[str, Any]:
            stored = self._input_file(bot, call.params["document"], call, kind="document")
            document: dict[str, Any] = {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id}
            if stored.file_name:
                document["file_name"] = stored.file_name
            if stored.mime_type:
                document["mime_type"] = stored.mime_type
            document["file_size"] = len(stored.data)
            return _with_caption({"document": document}, text, entities)

        return await self._send_common(bot, call, build)

    async def _send_photo(self, bot: BotState, call: ValidatedCall) -> dict[str, Any]:
        text, entities = rules.caption(call.params)

        def build() -> dict[str, Any]:
            value = call.params["photo"]
            if isinstance(value, str) and not value.startswith("attach://") and not _is_url(value):
                sizes = bot_photo_sizes(bot, value)
            else:
                stored = self._input_file(bot, value, call, kind="photo")
                sizes = self.photo_sizes(bot, stored, strict=True)
            content: dict[str, Any] = {"photo": sizes}
            if call.params.get("has_spoiler"):
                content["has_media_spoiler"] = True
            return _with_caption(content, text, entities)

        return await self._send_common(bot, call, build)

    def photo_sizes(self, bot: BotState, stored: StoredFile, *, strict: bool) -> list[dict[str, Any]]:
        """PhotoSize list (a 90px thumbnail, then the original) for a stored photo."""
        size = image_size(stored.data)
        if size is None:
            if strict and stored.data:
                raise bad_request("IMAGE_PROCESS_FAILED")
            size = (800, 600)
        width, height = size
        sizes: list[dict[str, Any]] = []
        if max(width, height) > 90:
            tw, th = thumbnail_size(width, height)
            thumb = bot.add_file(stored.data, "photo", mime_type="image/jpeg")
            sizes.append(_photo_size(thumb, tw, th))
        sizes.append(_photo_size(stored, width, height))
        for s in sizes:
            bot.photo_sets[s["file_id"]] = sizes
        return sizes

    def _input_file(self, bot: BotState, value: Any, call: ValidatedCall, *, kind: str) -> StoredFile:
        """An InputFile-or-String parameter: a new upload, attach://name, a file_id or a URL."""
        if isinstance(value, str) and value.startswith("attach://"):
            value = call.attachments[value[len("attach://") :]]
        if isinstance(value, UploadedFile):
            if not value.data:
                raise bad_request("file must be non-empty")
            if len(value.data) > (MAX_PHOTO_UPLOAD if kind == "photo" else MAX_UPLOAD):
                raise ApiError(413, "Request Entity Too Large")
            mime = value.content_type
            if not mime or mime == "application/octet-stream":
                mime = mimetypes.guess_type(value.filename or "")[0] or mime
            if kind == "photo":
                mime = "image/jpeg"  # Telegram re-encodes photos
            return bot.add_file(value.data, kind, file_name=value.filename, mime_type=mime)
        assert isinstance(value, str)
        if _is_url(value):
            # The double never fetches URLs; it records an empty file under the URL's name.
            name = urlsplit(value).path.rsplit("/", 1)[-1] or None
            return bot.add_file(b"", kind, file_name=name, mime_type=mimetypes.guess_type(name or "")[0])
        stored = bot.files.get(value)
        if stored is None:
            raise bad_request("wrong file identifier/HTTP URL specified")
        if stored.kind != kind:
            raise bad_request("type of file mismatch")
        return stored

    async def _send_poll(self, bot: BotState, call: ValidatedCall) -> dict[str, Any]:
        p = call.params
        rules.poll(p)

        def build() -> dict[str, Any]:
            kind = p.get("type", "regular")
            poll_id = str(10**18 + secrets.randbelow(9 * 10**18))
            question = p["question"]
            q_entities: list[dict[str, Any]] = p.get("question_entities") or []
            if p.get("question_parse_mode") and not q_entities:
                question, q_entities = parse_text(question, p["question_parse_mode"])
            options = []
            for i, option in enumerate(p["options"]):
                opt: dict[str, Any] = {"persistent_id": str(i), "text": option["text"], "voter_count": 0}
                if option.get("text_entities"):
                    opt["text_entities"] = option["text_entities"]
                options.append(opt)
            poll: dict[str, Any] = {
                "id": poll_id,
                "question": question,
                "options": options,
                "total_voter_count": 0,
                "is_closed": bool(p.get("is_closed", False)),
                "is_anonymous": bool(p.get("is_anonymous", True)),
                "type": kind,
                "allows_multiple_answers": bool(p.get("allows_multiple_answers", False)),
                "allows_revoting": bool(p.get("allows_revoting", kind == "regular")),
                "members_only": bool(p.get("members_only", False)),
            }
            if q_entities:
                poll["question_entities"] = q_entities
            for key in ("correct_option_ids", "explanation", "open_period", "close_date", "description"):
                if key in p:
                    poll[key] = p[key]
            return {"poll": poll}

        message = await self._send_common(bot, call, build)
        poll = message["poll"]
        bot.polls[poll["id"]] = PollRecord(dict(poll), message["chat"]["id"], message["message_id"])
        return message

    async def _stop_poll(self, bot: BotState, call: ValidatedCall) -> dict[str, Any]:
        p = call.params
        chat, stored = self._target(bot, p, action="edit")
        poll = stored.data.get("poll")
        if not stored.from_bot or poll is None:
            raise bad_request("message with poll to stop not found")
        record = bot.polls[poll["id"]]
        if record.poll["is_closed"]:
            raise bad_request("poll has already been closed")
        markup = p.get("reply_markup")
        rules.reply_markup_kind(markup)
        record.poll["is_closed"] = True
        stored.data["poll"] = dict(record.poll)
        if markup is not None:
            stored.data["reply_markup"] = markup
        chat.add_event("edit", message=stored.snapshot(), from_bot=True)
        self.enqueue_update(bot, "poll", dict(record.poll))
        return dict(record.poll)

    # ------------------------------------------------------------------------------------------------------
    # Edits, deletes, callbacks

    def _target(self, bot: BotState, p: Mapping[str, Any], *, action: str) -> tuple[ChatState, StoredMessage]:
        if p.get("inline_message_id"):
            raise bad_request("MESSAGE_ID_INVALID")  # the double hosts no inline messages
        if "chat_id" not in p or "message_id" not in p:
            raise bad_request("message identifier is not specified")
        chat = self.resolve_chat(bot, p["chat_id"])
        stored = chat.messages.get(p["message_id"])
        if stored is None or stored.deleted:
            raise bad_request(f"message to {action} not found")
        return chat, stored

    def _apply_edit(
        self, chat: ChatState, stored: StoredMessage, changes: dict[str, Any], markup: dict[str, Any] | None
    ) -> dict[str, Any]:
        data = stored.data
        new = {k: v for k, v in changes.items() if v}
        old = {k: data[k] for k in changes if data.get(k)}
        if new == old and data.get("reply_markup") == markup:
            raise bad_request(NOT_MODIFIED)
        for key, value in changes.items():
            if value:
                data[key] = value
            else:
                data.pop(key, None)
        # Telegram drops an inline keyboard that the edit does not repeat.
        if markup is None:
            data.pop("reply_markup", None)
        else:
            data["reply_markup"] = markup
        data["edit_date"] = self._now()
        chat.add_event("edit", message=stored.snapshot(), from_bot=stored.from_bot)
        return stored.snapshot()

    async def _edit_message_text(self, bot: BotState, call: ValidatedCall) -> dict[str, Any]:
        p = call.params
        text, entities = rules.message_text(p)
        markup = p.get("reply_markup")
        rules.reply_markup_kind(markup)
        chat, stored = self._target(bot, p, action="edit")
        if not stored.from_bot:
            raise bad_request("message can't be edited")
        if "text" not in stored.data:
            raise bad_request("there is no text in the message to edit")
        return self._apply_edit(chat, stored, {"text": text, "entities": entities}, markup)

    async def _edit_message_caption(self, bot: BotState, call: ValidatedCall) -> dict[str, Any]:
        p = call.params
        text, entities = rules.caption(p)
        markup = p.get("reply_markup")
        rules.reply_markup_kind(markup)
        chat, stored = self._target(bot, p, action="edit")
        if not stored.from_bot:
            raise bad_request("message can't be edited")
        if not any(k in stored.data for k in ("document", "photo", "video", "audio", "animation")):
            raise bad_request("there is no caption in the message to edit")
        return self._apply_edit(chat, stored, {"caption": text, "caption_entities": entities}, markup)

    async def _edit_message_reply_markup(self, bot: BotState, call: ValidatedCall) -> dict[str, Any]:
        p = call.params
        markup = p.get("reply_markup")
        rules.reply_markup_kind(markup)
        chat, stored = self._target(bot, p, action="edit")
        if not stored.from_bot:
            raise bad_request("message can't be edited")
        return self._apply_edit(chat, stored, {}, markup)

    async def _delete_message(self, bot: BotState, call: ValidatedCall) -> bool:
        chat, stored = self._target(bot, call.params, action="delete")
        if not stored.from_bot and chat.is_group and not chat.bot_is_admin:
            raise bad_request("message can't be deleted")
        stored.deleted = True
        chat.add_event("delete", message=stored.snapshot(), from_bot=stored.from_bot)
        return True

    async def _answer_callback_query(self, bot: BotState, call: ValidatedCall) -> bool:
        p = call.params
        rules.callback_answer(p)
        record = bot.callback_queries.get(p["callback_query_id"])
        if record is None or record.answered:
            raise bad_request(QUERY_TOO_OLD)
        record.answered = True
        record.answer = {
            "callback_query_id": p["callback_query_id"],
            "text": p.get("text"),
            "show_alert": bool(p.get("show_alert", False)),
            "url": p.get("url"),
            "cache_time": p.get("cache_time", 0),
        }
        if record.chat_id is not None and record.chat_id in bot.chats:
            bot.chats[record.chat_id].add_event("answer", answer=dict(record.answer), user_id=record.user_id)
        return True

    def register_callback(self, bot: BotState, query: dict[str, Any], user_id: int, chat_id: int | None) -> None:
        bot.callback_queries[query["id"]] = CallbackRecord(query, user_id, chat_id)

    # ------------------------------------------------------------------------------------------------------
    # Files, commands, menus, descriptions, chats

    async def _get_file(self, bot: BotState, call: ValidatedCall) -> dict[str, Any]:
        stored = bot.files.get(call.params["file_id"])
        if stored is None:
            raise bad_request("invalid file_id")
        if len(stored.data) > MAX_DOWNLOAD:
            raise bad_request("file is too big")
        return stored.as_file()

    def _scope_key(self, bot: BotState, p: Mapping[str, Any]) -> tuple[str, str]:
        scope = p.get("scope") or {"type": "default"}
        if "chat_id" in scope:
            self.resolve_chat(bot, scope["chat_id"], writing=False)
        return json.dumps(scope, sort_keys=True), p.get("language_code", "")

    async def _set_my_commands(self, bot: BotState, call: ValidatedCall) -> bool:
        rules.commands(call.params)
        key = self._scope_key(bot, call.params)
        if call.params["commands"]:
            bot.commands[key] = [dict(c) for c in call.params["commands"]]
        else:
            bot.commands.pop(key, None)
        return True

    async def _get_my_commands(self, bot: BotState, call: ValidatedCall) -> list[dict[str, Any]]:
        rules.language_code(call.params)
        return [dict(c) for c in bot.commands.get(self._scope_key(bot, call.params), [])]

    async def _delete_my_commands(self, bot: BotState, call: ValidatedCall) -> bool:
        rules.language_code(call.params)
        bot.commands.pop(self._scope_key(bot, call.params), None)
        return True

    async def _set_chat_menu_button(self, bot: BotState, call: ValidatedCall) -> bool:
        button = call.params.get("menu_button") or {"type": "default"}
        if "chat_id" in call.params:
            chat = self.resolve_chat(bot, call.params["chat_id"], writing=False)
            if chat.type != "private":
                raise bad_request("chat_id must be a private chat")
            chat.menu_button = button
        else:
            bot.default_menu_button = button
        return True

    async def _get_chat_menu_button(self, bot: BotState, call: ValidatedCall) -> dict[str, Any]:
        if "chat_id" in call.params:
            chat = self.resolve_chat(bot, call.params["chat_id"], writing=False)
            if chat.menu_button is not None:
                return dict(chat.menu_button)
        return dict(bot.default_menu_button)

    async def _set_text(self, bot: BotState, call: ValidatedCall, *, field: str, limit: int) -> bool:
        rules.descriptions(call.params, field, limit)
        bot.texts[(field, call.params.get("language_code", ""))] = call.params.get(field) or ""
        return True

    async def _get_text(self, bot: BotState, call: ValidatedCall, *, field: str) -> dict[str, Any]:
        rules.language_code(call.params)
        value = bot.texts.get((field, call.params.get("language_code", "")), "")
        if field == "name" and not value:
            value = bot.first_name
        return {field: value}

    async def _send_chat_action(self, bot: BotState, call: ValidatedCall) -> bool:
        rules.chat_action(call.params)
        self.resolve_chat(bot, call.params["chat_id"])
        return True

    async def _get_chat(self, bot: BotState, call: ValidatedCall) -> dict[str, Any]:
        chat = self.resolve_chat(bot, call.params["chat_id"], writing=False)
        info = chat.public()
        info.update(
            accent_color_id=0,
            max_reaction_count=11,
            accepted_gift_types={
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        )
        return info

    async def _get_me(self, bot: BotState, call: ValidatedCall) -> dict[str, Any]:
        me = bot.user_object()
        me.update(
            can_join_groups=True,
            can_read_all_group_messages=not bot.privacy_mode,
            supports_inline_queries=False,
            can_connect_to_business=False,
            has_main_web_app=False,
        )
        return me

    async def _ok(self, bot: BotState, call: ValidatedCall) -> bool:
        return True

    def _source_message(self, bot: BotState, p: Mapping[str, Any], action: str) -> StoredMessage:
        source_chat = self.resolve_chat(bot, p["from_chat_id"], writing=False)
        stored = source_chat.messages.get(p["message_id"])
        if stored is None or stored.deleted:
            raise bad_request(f"message to {action} not found")
        return stored

    async def _copy_message(self, bot: BotState, call: ValidatedCall) -> dict[str, Any]:
        p = call.params
        source = self._source_message(bot, p, "copy")
        if "poll" in source.data:
            raise bad_request("message can't be copied")  # the double does not clone polls
        text, entities = rules.caption(p)

        def build() -> dict[str, Any]:
            content = {
                k: v
                for k, v in source.snapshot().items()
                if k in ("text", "entities", "document", "photo", "caption", "caption_entities")
            }
            if "caption" in p:
                content = _with_caption(
                    {k: v for k, v in content.items() if k not in ("caption", "caption_entities")}, text, entities
                )
            return content

        message = await self._send_common(bot, call, build)
        return {"message_id": message["message_id"]}

    async def _forward_message(self, bot: BotState, call: ValidatedCall) -> dict[str, Any]:
        p = call.params
        source = self._source_message(bot, p, "forward")

        def build() -> dict[str, Any]:
            data = source.snapshot()
            content = {
                k: v
                for k, v in data.items()
                if k in ("text", "entities", "document", "photo", "caption", "caption_entities", "poll")
            }
            content["forward_origin"] = {"type": "user", "sender_user": data["from"], "date": data["date"]}
            return content

        return await self._send_common(bot, call, build)


def bot_photo_sizes(bot: BotState, file_id: str) -> list[dict[str, Any]]:
    sizes = bot.photo_sets.get(file_id)
    if sizes is None:
        if file_id in bot.files:
            raise bad_request("type of file mismatch")
        raise bad_request("wrong file identifier/HTTP URL specified")
    return [dict(s) for s in sizes]


def _photo_size(stored: StoredFile, width: int, height: int) -> dict[str, Any]:
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": len(stored.data),
        "width": width,
        "height": height,
    }


def _with_caption(content: dict[str, Any], text: str | None, entities: list[dict[str, Any]]) -> dict[str, Any]:
    if text:
        content["caption"] = text
        if entities:
            content["caption_entities"] = entities
    return content


def _is_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))


def _allowed_updates(value: list[str]) -> frozenset[str]:
    # An empty list restores Telegram's default set.
    return frozenset(value) if value else DEFAULT_UPDATE_TYPES


def _activity(bot: BotState) -> int:
    return sum(1 for c in bot.calls if c.method != "getUpdates")


async def _read_params(request: web.Request) -> dict[str, Any]:
    """Query string plus body, decoded like the Bot API: form, multipart (with files) or JSON."""
    params: dict[str, Any] = dict(request.query.items())
    if not request.can_read_body:
        return params
    ctype = request.content_type
    if ctype == "application/json":
        try:
            body = await request.json()
        except ValueError:
            raise bad_request("can't parse JSON body") from None
        if not isinstance(body, dict):
            raise bad_request("JSON body must be an object")
        params.update(body)
    elif ctype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        form = await request.post()
        for key, value in form.items():
            if isinstance(value, web.FileField):
                data = await asyncio.to_thread(value.file.read)
                params[key] = UploadedFile(value.filename, value.content_type, data)
            else:
                params[key] = value
    return params
