"""The outbox: messages to people other than the sender, made durable before the sender is answered.

A step that tells others (a head's notice to every unit, "a unit submitted" to the head) used to have its
copies sent inside the sender's own update: the head's chat waited for every copy at Telegram's 30 a
second (100 s for 3,000 representatives), and copies not yet sent when the process died were lost although
the head had been told they were sent. Now the router writes a step's copies here, in one transaction,
after the step succeeded and before the answer goes out, and wakes the sender (bot/services/outbox_sender.py),
which delivers them in the background. What the head is told is then true: the copies are saved and going
out, and they go out even across a restart.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.domain.clock import Clock
from bot.text.messages import Choice, Copy, FileRef, Reply
from storage import outbox as repo
from storage.db import Database
from storage.outbox import NewCopy

# what a copy came from when the step did not say: the notice status view only counts "notice:<id>"
NOTIFICATION = "notification"


def message_body(reply: Reply) -> str:
    """A Reply as the outbox stores it. Only what can go to another chat: its text, buttons and files the
    channel holds (by file id). An edit means nothing in another chat, and file bytes are not stored."""
    if reply.file is not None:
        raise ValueError("a message to another chat cannot carry file bytes; resend a file the channel holds")
    body: dict[str, object] = {"text": reply.text}
    if reply.choices:
        body["choices"] = [[[c.label, c.data] for c in row] for row in reply.choices]
    if reply.resend:
        body["resend"] = [[f.file_id, f.file_name, f.mime_type, f.size] for f in reply.resend]
    return json.dumps(body, ensure_ascii=False)


def reply_from_body(body: str) -> Reply:
    data = json.loads(body)
    return Reply(data["text"], [[Choice(label, choice) for label, choice in row] for row in data.get("choices", [])],
                 resend=[FileRef(*ref) for ref in data.get("resend", [])])


@dataclass(frozen=True)
class DeliveryCounts:
    """Where the copies of some messages are: sent, still waiting (or being sent), not deliverable (the person
    blocked the bot, or the channel refused), and unknown (being sent when the bot stopped: they may or may
    not have arrived, and are not sent again)."""

    sent: int
    waiting: int
    undeliverable: int
    unknown: int

    @classmethod
    def of(cls, statuses: dict[str, int]) -> DeliveryCounts:
        """From the number of copies in each status (storage.outbox.counts)."""
        return cls(sent=statuses.get("sent", 0),
                   waiting=statuses.get("pending", 0) + statuses.get("sending", 0),
                   undeliverable=statuses.get("blocked", 0) + statuses.get("failed", 0),
                   unknown=statuses.get("unknown", 0))

    @property
    def total(self) -> int:
        return self.sent + self.waiting + self.undeliverable + self.unknown


class OutboxService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock
        # the sender's wake-up, called once copies are committed
        self.on_enqueued: Callable[[], None] | None = None

    async def enqueue(self, copies: Sequence[Copy]) -> None:
        """Writes the copies (in their order) in one transaction, then wakes the sender. Copies sharing a Reply
        and an origin share one stored message."""
        if not copies:
            return
        messages: dict[tuple[int, str], int] = {}
        bodies: list[tuple[str, str]] = []
        rows = []
        for copy in copies:
            key = (id(copy.reply), copy.origin)
            if key not in messages:
                messages[key] = len(bodies)
                bodies.append((copy.origin, message_body(copy.reply)))
            rows.append(NewCopy(messages[key], copy.channel, copy.chat_id, copy.person_id))
        now = self.clock.now()

        def write(conn: sqlite3.Connection) -> None:
            repo.enqueue(conn, bodies, rows, now)

        await self.db.write(write)
        if self.on_enqueued is not None:
            self.on_enqueued()
