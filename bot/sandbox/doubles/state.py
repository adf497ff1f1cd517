"""In-memory state of the double: bots, their chats, messages, updates, files and call logs.

Everything runs on one asyncio loop (the server, the fake users and the bot under test share it), so plain
objects are enough; waiting is done on futures, never by sleeping in a loop.
"""

from __future__ import annotations

import asyncio
import copy
import secrets
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

DEFAULT_UPDATE_TYPES = frozenset(
    {
        "message",
        "edited_message",
        "channel_post",
        "edited_channel_post",
        "business_connection",
        "business_message",
        "edited_business_message",
        "deleted_business_messages",
        "inline_query",
        "chosen_inline_result",
        "callback_query",
        "shipping_query",
        "pre_checkout_query",
        "purchased_paid_media",
        "poll",
        "poll_answer",
        "my_chat_member",
        "chat_join_request",
        "chat_boost",
        "removed_chat_boost",
    }
)


T = TypeVar("T")


class Signal:
    """Wakes every current waiter when notified; waiters re-check their condition afterwards."""

    def __init__(self) -> None:
        self._waiters: list[asyncio.Future[None]] = []

    def notify(self) -> None:
        waiters, self._waiters = self._waiters, []
        for fut in waiters:
            if not fut.done():
                fut.set_result(None)

    async def wait(self, within: float | None) -> bool:
        """True if notified, False when `within` seconds passed first (None waits forever)."""
        fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.append(fut)
        try:
            done, _ = await asyncio.wait({fut}, timeout=within)
        finally:
            if fut in self._waiters:
                self._waiters.remove(fut)
        return bool(done)

    async def wait_for_item(self, items: list[T], index: int, within: float | None) -> T | None:
        """`items[index]` once it exists (each append is followed by notify()), waiting up to `within`
        seconds for it; None if it did not come."""
        loop = asyncio.get_running_loop()
        deadline = None if within is None else loop.time() + within
        while len(items) <= index:
            remaining = None if deadline is None else deadline - loop.time()
            if remaining is not None and remaining <= 0:
                return None
            await self.wait(remaining)
        return items[index]


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    data: bytes
    kind: str  # "document" or "photo"
    file_path: str
    file_name: str | None = None
    mime_type: str | None = None

    def as_file(self) -> dict[str, Any]:
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.data),
            "file_path": self.file_path,
        }


@dataclass
class StoredMessage:
    data: dict[str, Any]  # the current Telegram Message object, edits applied
    from_bot: bool
    deleted: bool = False
    delivered: bool = True  # False for group messages the bot could not see (privacy mode)

    @property
    def message_id(self) -> int:
        return int(self.data["message_id"])

    def snapshot(self) -> dict[str, Any]:
        return copy.deepcopy(self.data)


@dataclass
class ChatEvent:
    """Something that happened in a chat, in order: what fake users and the sandbox watch."""

    seq: int
    kind: str  # "new", "edit", "delete", "answer" (callback answer to a press in this chat)
    message: dict[str, Any] | None = None
    from_bot: bool = False
    answer: dict[str, Any] | None = None
    user_id: int | None = None


class ChatState:
    def __init__(self, chat_id: int, chat_type: str, **info: Any) -> None:
        self.id = chat_id
        self.type = chat_type
        self.info: dict[str, Any] = {k: v for k, v in info.items() if v is not None}
        self.messages: dict[int, StoredMessage] = {}
        self.next_message_id = 1
        self.events: list[ChatEvent] = []
        self.changed = Signal()
        self.members: dict[int, dict[str, Any]] = {}
        self.started = chat_type != "private"  # a private chat exists once the user writes to the bot
        self.bot_kicked = False
        self.bot_is_admin = False
        self.reply_keyboard: dict[str, Any] | None = None
        self.menu_button: dict[str, Any] | None = None

    @property
    def is_group(self) -> bool:
        return self.type in ("group", "supergroup")

    def public(self) -> dict[str, Any]:
        """The Chat object as it appears inside messages."""
        return {"id": self.id, "type": self.type, **self.info}

    def take_message_id(self) -> int:
        mid = self.next_message_id
        self.next_message_id += 1
        return mid

    def add_event(self, kind: str, **kw: Any) -> ChatEvent:
        event = ChatEvent(seq=len(self.events), kind=kind, **kw)
        self.events.append(event)
        self.changed.notify()
        return event

    async def wait_event(self, after: int, within: float | None) -> ChatEvent | None:
        """The first event with seq >= after, waiting up to `within` seconds for it; None if none came."""
        return await self.changed.wait_for_item(self.events, after, within)

    def visible(self, *, from_bot: bool | None = None) -> list[StoredMessage]:
        return [
            m
            for m in sorted(self.messages.values(), key=lambda m: m.message_id)
            if not m.deleted and (from_bot is None or m.from_bot == from_bot)
        ]


@dataclass
class PendingUpdate:
    update_id: int
    kind: str
    payload: dict[str, Any]

    def as_update(self) -> dict[str, Any]:
        return {"update_id": self.update_id, self.kind: self.payload}


@dataclass
class CallbackRecord:
    query: dict[str, Any]
    user_id: int
    chat_id: int | None
    answered: bool = False
    answer: dict[str, Any] | None = None


@dataclass
class PollRecord:
    poll: dict[str, Any]
    chat_id: int
    message_id: int
    votes: dict[int, list[int]] = field(default_factory=dict)


@dataclass
class WebhookConfig:
    url: str
    secret_token: str | None
    max_connections: int
    generation: int
    last_error_date: int | None = None
    last_error_message: str | None = None


@dataclass
class ApiCall:
    token: str
    method: str
    params: dict[str, Any]
    ok: bool
    error_code: int | None = None
    description: str | None = None
    result: Any = None


@dataclass
class Rejection:
    method: str
    params: dict[str, Any]
    description: str
    error_code: int
    token: str


class BotState:
    def __init__(self, token: str, bot_id: int, username: str, first_name: str, *, privacy_mode: bool) -> None:
        self.token = token
        self.id = bot_id
        self.username = username
        self.first_name = first_name
        self.privacy_mode = privacy_mode
        self.users: dict[int, dict[str, Any]] = {}  # profiles of every user the double knows for this bot
        self.chats: dict[int, ChatState] = {}
        self.blocked: set[int] = set()
        self.updates: list[PendingUpdate] = []
        self.next_update_id = 100_000_001
        self.allowed_updates: frozenset[str] = DEFAULT_UPDATE_TYPES
        self.update_arrived = Signal()
        self.update_confirmed = Signal()
        self.poll_generation = 0  # bumped by each getUpdates so an older long poll can be terminated
        self.webhook: WebhookConfig | None = None
        self.webhook_generation = 0
        self.callback_queries: dict[str, CallbackRecord] = {}
        self.commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.polls: dict[str, PollRecord] = {}
        self.files: dict[str, StoredFile] = {}
        self.files_by_path: dict[str, StoredFile] = {}
        self.photo_sets: dict[str, list[dict[str, Any]]] = {}  # any size's file_id -> all PhotoSizes
        self.texts: dict[tuple[str, str], str] = {}  # (setMyDescription-like field, language) -> value
        self.default_menu_button: dict[str, Any] = {"type": "commands"}
        self.calls: list[ApiCall] = []
        self.other_calls: list[ApiCall] = []  # legal methods the double only acknowledges

    def user_object(self) -> dict[str, Any]:
        return {"id": self.id, "is_bot": True, "first_name": self.first_name, "username": self.username}

    def add_file(
        self, data: bytes, kind: str, *, file_name: str | None = None, mime_type: str | None = None
    ) -> StoredFile:
        folder = {"photo": "photos"}.get(kind, "documents")
        ext = ""
        if file_name and "." in file_name:
            ext = "." + file_name.rsplit(".", 1)[1]
        elif kind == "photo":
            ext = ".jpg"
        # Shapes loosely follow real ids; the prefix tells the kind apart when reading logs.
        prefix = {"photo": "AgACAgIAAxk"}.get(kind, "BQACAgIAAxk")
        stored = StoredFile(
            file_id=prefix + secrets.token_urlsafe(40)[:60],
            file_unique_id="AQAD" + secrets.token_urlsafe(12)[:12],
            data=data,
            kind=kind,
            file_path=f"{folder}/file_{len(self.files)}{ext}",
            file_name=file_name,
            mime_type=mime_type,
        )
        self.files[stored.file_id] = stored
        self.files_by_path[stored.file_path] = stored
        return stored


class SlidingWindow:
    """At most `limit` events in any `period` seconds, measured on an injectable clock."""

    def __init__(self, limit: int, period: float) -> None:
        self.limit = limit
        self.period = period
        self.stamps: deque[float] = deque()

    def retry_after(self, now: float) -> float:
        while self.stamps and self.stamps[0] <= now - self.period:
            self.stamps.popleft()
        if len(self.stamps) < self.limit:
            return 0.0
        return self.stamps[0] + self.period - now

    def record(self, now: float) -> None:
        self.stamps.append(now)


class RateLimiter:
    """Telegram's broadcast caps: 30/s per bot, 1/s per private chat, 20/min per group."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.per_bot: dict[int, SlidingWindow] = {}
        self.per_chat: dict[tuple[int, int], SlidingWindow] = {}

    def check_and_record(self, bot_id: int, chat_id: int, is_group: bool) -> float:
        """0 when the send may go (and is counted), else seconds until it could."""
        now = self.clock()
        bot_window = self.per_bot.setdefault(bot_id, SlidingWindow(30, 1.0))
        chat_window = self.per_chat.setdefault(
            (bot_id, chat_id), SlidingWindow(20, 60.0) if is_group else SlidingWindow(1, 1.0)
        )
        wait = max(bot_window.retry_after(now), chat_window.retry_after(now))
        if wait > 0:
            return wait
        bot_window.record(now)
        chat_window.record(now)
        return 0.0
