"""What the services need from a channel to reach someone who did not just write: deliver one message."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Protocol, TypeVar

from bot.text.messages import Reply

SENT = "sent"
BLOCKED = "blocked"  # the person blocked the bot: do not try again
FAILED = "failed"  # refused for what it is (a bad request): trying again would not help
LATER = "later"  # certainly not sent (could not connect, 429 before sending): worth trying later


class OneRecipient(str):
    """LATER that concerns one recipient only (Zalo's 429 "Quota exceeded" for one chat), not the channel: it
    equals LATER, so it is recorded and retried as LATER everywhere, but the outbox then holds back only that
    chat's copies instead of pausing every chat of the channel (bot/services/outbox_sender.py)."""


LATER_FOR_CHAT = OneRecipient(LATER)

# the request left and its fate is unknown (a timeout, the connection dropped after it was written, a 5xx):
# a copy to someone else is never retried automatically, the head may resend it (see README "Delivery")
UNKNOWN = "unknown"
# what a channel awaits just before a message's first request leaves, after the limiter let it go: the sender
# records the copy 'sending' there, so a copy still waiting at the limiter when the process dies was never
# marked and goes out after the next start. Raising stops the send (nothing left).
Leaving = Callable[[], Awaitable[None]]


class Notifier(Protocol):
    async def deliver(self, chat_id: str, reply: Reply, leaving: Leaving | None = None) -> str:
        """Sends `reply` to a chat through the channel's rate limiter, never retrying an ambiguous failure;
        SENT, BLOCKED, FAILED, LATER (nothing left) or UNKNOWN. `leaving` is awaited once, just before the
        first request leaves."""
        ...


class Account(Protocol):
    @property
    def channel(self) -> str: ...


A = TypeVar("A", bound=Account)


def chosen_accounts(reachable: Sequence[A], wanted: str) -> list[A]:
    """Where a notice or a reminder for one person goes: their accounts on the channel they chose ("both"
    when they chose none); a chosen channel they cannot be reached on falls back to every one they can."""
    return [a for a in reachable if wanted in ("both", a.channel)] or list(reachable)
