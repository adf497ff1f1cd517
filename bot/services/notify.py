"""What the services need from a channel to reach someone who did not just write: deliver one message."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar

from bot.text.messages import Reply

SENT = "sent"
BLOCKED = "blocked"  # the person blocked the bot: do not try again
FAILED = "failed"  # refused for what it is (a bad request): trying again would not help
LATER = "later"  # the channel could not be reached (network, or its servers failing): worth trying later


class Notifier(Protocol):
    async def deliver(self, chat_id: str, reply: Reply) -> str:
        """Sends `reply` to a private chat through the channel's rate limiter; SENT, BLOCKED, FAILED or LATER."""
        ...


class Account(Protocol):
    @property
    def channel(self) -> str: ...


A = TypeVar("A", bound=Account)


def chosen_accounts(reachable: Sequence[A], wanted: str) -> list[A]:
    """Where a notice or a reminder for one person goes: their accounts on the channel they chose ("both"
    when they chose none); a chosen channel they cannot be reached on falls back to every one they can."""
    return [a for a in reachable if wanted in ("both", a.channel)] or list(reachable)
