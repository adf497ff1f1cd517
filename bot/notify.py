"""What the services need from a channel to reach someone who did not just write: deliver one message."""

from __future__ import annotations

from typing import Protocol

from bot.messages import Reply

SENT = "sent"
BLOCKED = "blocked"  # the person blocked the bot: do not try again
FAILED = "failed"


class Notifier(Protocol):
    async def deliver(self, chat_id: str, reply: Reply) -> str:
        """Sends `reply` to a private chat through the channel's rate limiter; SENT, BLOCKED or FAILED."""
        ...
