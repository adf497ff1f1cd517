"""In-memory state of the Zalo double: bots, chats, the messages in them, queued updates, call logs.

Like the Telegram double, everything runs on one asyncio loop, and waiting is done on futures (the
Telegram double's Signal), never by sleeping in a loop.
"""

from __future__ import annotations

import copy
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from bot.sandbox.doubles.state import ApiCall, Rejection, Signal

# a call and a refused call are recorded exactly as the Telegram double records them
ZaloCall = ApiCall
ZaloRejection = Rejection


@dataclass
class ZaloDeliveryFailure:
    token: str
    update: dict[str, Any]
    error: str


@dataclass
class ZaloChatEvent:
    """Something that happened in a chat, in order: a message from someone, or the bot's chat action."""

    seq: int
    from_bot: bool
    message: dict[str, Any] | None = None
    action: str | None = None


class ZaloChat:
    def __init__(self, chat_id: str, chat_type: str, title: str | None = None) -> None:
        self.id = chat_id
        self.type = chat_type  # "PRIVATE" or "GROUP"
        self.title = title
        self.events: list[ZaloChatEvent] = []
        self.changed = Signal()
        # Zalo only lets a bot write to chats it has heard from
        self.opened = False

    def add(self, from_bot: bool, message: dict[str, Any] | None = None, action: str | None = None) -> ZaloChatEvent:
        event = ZaloChatEvent(len(self.events), from_bot, copy.deepcopy(message), action)
        self.events.append(event)
        self.changed.notify()
        return event

    def bot_messages(self) -> list[dict[str, Any]]:
        return [copy.deepcopy(e.message) for e in self.events if e.from_bot and e.message is not None]

    def actions(self) -> list[str]:
        return [e.action for e in self.events if e.action is not None]

    async def wait_event(self, after: int, within: float | None) -> ZaloChatEvent | None:
        return await self.changed.wait_for_item(self.events, after, within)


@dataclass
class ZaloWebhook:
    url: str
    secret_token: str
    updated_at: int
    generation: int


@dataclass
class ZaloBot:
    token: str
    id: str
    account_name: str
    display_name: str
    chats: dict[str, ZaloChat] = field(default_factory=dict)
    updates: deque[dict[str, Any]] = field(default_factory=deque)
    update_arrived: Signal = field(default_factory=Signal)
    update_taken: Signal = field(default_factory=Signal)
    webhook: ZaloWebhook | None = None
    webhook_generation: int = 0
    calls: list[ZaloCall] = field(default_factory=list)
    # getUpdates calls waiting right now, and webhook posts in flight: "idle" means none of the latter
    polling: int = 0
    delivering: int = 0

    def info(self) -> dict[str, Any]:
        return {"id": self.id, "account_name": self.account_name, "account_type": "BASIC",
                "can_join_groups": False}
