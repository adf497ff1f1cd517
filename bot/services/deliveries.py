"""Copies whose fate is unknown, shown to the head of their bloc-year, who may resend them with one press.

A copy to someone else (a notice, a reminder, a notification, a group post) is sent at most once (README
"Delivery"): when its request left and no answer came back (a timeout, a dropped connection, a 5xx, or the
bot killed meanwhile) it may or may not have arrived, and the bot never sends it again by itself. Only the
head can weigh a possible duplicate against a possible loss, so the head sees them all here and decides.
A resend is a new copy in the outbox, counted with the message's other copies; the unknown copy stays as the
record of what happened and leaves the list.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.domain.clock import Clock
from bot.services.outbox import OutboxService, message_body
from bot.services.people import Actor
from bot.text.catalogue import t
from bot.text.messages import Reply
from bot.text.vi_text import format_datetime
from storage import outbox as outbox_repo
from storage import reminders as reminder_repo
from storage.db import Database
from storage.outbox import NewCopy, UnknownCopy
from storage.query import on_thread
from storage.reminders import UnknownDelivery
from storage.rows import BlocYear


@dataclass(frozen=True)
class Unknown:
    """A year's copies whose fate is unknown and that nobody resent yet."""

    year: BlocYear
    copies: list[UnknownCopy]  # notices, notifications, group posts (the outbox)
    reminders: list[UnknownDelivery]

    @property
    def count(self) -> int:
        return len(self.copies) + len(self.reminders)


def _read(conn: sqlite3.Connection, year_id: int) -> tuple[list[UnknownCopy], list[UnknownDelivery]]:
    return outbox_repo.unknown_in_year(conn, year_id), reminder_repo.unknown_in_year(conn, year_id)


class DeliveriesService:
    def __init__(self, db: Database, clock: Clock, outbox: OutboxService, tz: ZoneInfo) -> None:
        self.db = db
        self.clock = clock
        self.outbox = outbox
        self.tz = tz

    async def unknown(self, actor: Actor) -> Unknown:
        """The unknown copies of the year `actor` administers (a refusal for anyone else)."""
        year = actor.admin_year()
        async with self.db.reading() as conn:
            copies, reminders = await on_thread(conn, _read, year.id)
        return Unknown(year, copies, reminders)

    async def resend(self, actor: Actor) -> int:
        """Enqueues a new copy of every unknown copy of the administered year, in one transaction, and wakes
        the sender; returns how many. Reminders, whose text is made when they fall due and not kept, are
        resent as a short reminder of the same deadline (deliveries.reminder_again)."""
        year = actor.admin_year()
        now = self.clock.now()
        tz = self.tz

        def write(conn: sqlite3.Connection) -> int:  # synchronous: one round trip to the database thread
            count = outbox_repo.resend_unknown(conn, year.id, now)
            reminders = reminder_repo.unknown_in_year(conn, year.id)
            messages: dict[int, int] = {}
            bodies: list[tuple[str, str]] = []
            rows: list[NewCopy] = []
            for delivery in reminders:
                if delivery.reminder_id not in messages:
                    messages[delivery.reminder_id] = len(bodies)
                    text = t("deliveries.reminder_again", step=t(f"step.{delivery.step}"), bloc=year.bloc_name,
                             year=year.year, due=format_datetime(delivery.due_at, tz))
                    bodies.append((reminder_repo.resend_origin(delivery.reminder_id), message_body(Reply(text))))
                rows.append(NewCopy(messages[delivery.reminder_id], delivery.channel, delivery.chat_id,
                                    delivery.person_id))
            if rows:
                outbox_repo.enqueue(conn, bodies, rows, now)
            return count + len(rows)

        # a rare press of the head's: an ordinary transaction, not the hot path's group commit
        async with self.db.transaction() as conn:
            count = await on_thread(conn, write)
        if count:
            self.outbox.wake()
        return count


def copy_text(copy: UnknownCopy, limit: int = 80) -> str:
    """The start of what a copy said, on one line, for the head's list."""
    text = " ".join(str(json.loads(copy.body).get("text", "")).split())
    return text if len(text) <= limit else text[:limit - 1] + "…"
