"""The outbox: messages to people other than the sender, made durable before the sender is answered.

A step that tells others (a head's notice to every unit, "a unit submitted" to the head) used to have its
copies sent inside the sender's own update: the head's chat waited for every copy at Telegram's 30 a
second (100 s for 3,000 representatives), and copies not yet sent when the process died were lost although
the head had been told they were sent. Now the copies are written here before the answer goes out, and the
sender (bot/services/outbox_sender.py) is woken to deliver them in the background. What the head is told is
then true: the copies are saved and going out, and they go out even across a restart.

A service whose step tells others decides who is told (`addressed`) and saves the copies in the same
transaction as the step's own rows (`OutboxService.save`): written in two, a crash between them left a
notice stored and numbered that nobody would ever receive. Steps that still hand their copies to the
router (`Context.notify_*`) have them written by `enqueue` once the step succeeded.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import aiosqlite

from bot.domain.clock import Clock
from bot.services.notify import chosen_accounts
from bot.text.messages import Choice, Copy, FileRef, Reply, Sender
from storage import outbox as repo
from storage import people
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


@dataclass(frozen=True)
class _Account:
    channel: str
    chat_id: str


async def addressed(conn: aiosqlite.Connection, person_ids: Sequence[int], reply: Reply, origin: str,
                    sender: Sender | None = None, files: Sequence[FileRef] = ()) -> list[Copy]:
    """The copies of `reply` for these people, read in the caller's transaction: on the channel(s) each of
    them chose for notices (every one they can be reached on when the chosen one cannot), never the sender's
    own chat, which has its answer already. `files` are held by the sender's channel, so only the copies on
    that channel carry them."""
    order = list(dict.fromkeys(person_ids))
    by_person: dict[int, tuple[str, list[_Account]]] = {}
    for person_id, channel, chat_id, wanted in await people.notice_accounts(conn, order):
        by_person.setdefault(person_id, (wanted, []))[1].append(_Account(channel, chat_id))
    here = (sender.channel, sender.chat_id) if sender is not None else None
    with_files = Reply(reply.text, reply.choices, resend=list(files)) if files else reply
    copies = []
    for person_id in order:
        wanted, reachable = by_person.get(person_id, ("both", []))
        for account in chosen_accounts(reachable, wanted):
            if (account.channel, account.chat_id) == here:
                continue
            on_senders_channel = sender is not None and account.channel == sender.channel
            copies.append(Copy(with_files if on_senders_channel else reply, account.channel, account.chat_id,
                               person_id, origin))
    return copies


def _stored(copies: Sequence[Copy]) -> tuple[list[tuple[str, str]], list[NewCopy]]:
    """The messages and copy rows of `copies`: copies sharing a Reply and an origin share one stored message."""
    messages: dict[tuple[int, str], int] = {}
    bodies: list[tuple[str, str]] = []
    rows = []
    for copy in copies:
        key = (id(copy.reply), copy.origin)
        if key not in messages:
            messages[key] = len(bodies)
            bodies.append((copy.origin, message_body(copy.reply)))
        rows.append(NewCopy(messages[key], copy.channel, copy.chat_id, copy.person_id))
    return bodies, rows


class OutboxService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock
        # the sender's wake-up, called once copies are committed
        self.on_enqueued: Callable[[], None] | None = None

    async def enqueue(self, copies: Sequence[Copy]) -> None:
        """Writes the copies (in their order) in one transaction of their own, then wakes the sender."""
        if not copies:
            return
        bodies, rows = _stored(copies)
        now = self.clock.now()

        def write(conn: sqlite3.Connection) -> None:
            repo.enqueue(conn, bodies, rows, now)

        await self.db.write(write)
        self.wake()

    async def save(self, conn: aiosqlite.Connection, copies: Sequence[Copy]) -> None:
        """Writes the copies (in their order) in the caller's open transaction, so they are stored exactly when
        what they tell of is. The caller wakes the sender (`wake`) once that transaction is committed: woken
        earlier, it could look before the copies are there."""
        if copies:
            bodies, rows = _stored(copies)
            await repo.enqueue_in(conn, bodies, rows, self.clock.now())

    def wake(self) -> None:
        if self.on_enqueued is not None:
            self.on_enqueued()
