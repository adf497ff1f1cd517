"""Notices from the head (thông báo): numbered within the year, to all units or chosen ones, acknowledged."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.domain.clock import Clock
from bot.services.outbox import DeliveryCounts, OutboxService, addressed
from bot.services.people import Actor
from bot.services.refusal import Refused
from bot.text.messages import FileRef, Reply
from bot.text.vi_text import vi_sort_key
from storage import audit, blocs, outbox, people
from storage import notices as repo
from storage.db import Database
from storage.notices import Notice
from storage.rows import Unit

TEXT_LIMIT = 4000


def notice_origin(notice_id: int) -> str:
    """What the outbox records a notice's copies as coming from, so its status view can count them."""
    return f"notice:{notice_id}"


@dataclass(frozen=True)
class NoticeStatus:
    notice: Notice
    acknowledged: list[Unit]
    waiting: list[Unit]
    deliveries: DeliveryCounts  # the copies to the representatives: sent, waiting, not deliverable


class NoticeService:
    def __init__(self, db: Database, clock: Clock, outbox: OutboxService) -> None:
        self.db = db
        self.clock = clock
        self.outbox = outbox

    async def send(self, actor: Actor, text: str, file: FileRef | None, ask_ack: bool,
                   unit_ids: list[int] | None, message: Callable[[Notice], Reply]) -> tuple[Notice, list[int]]:
        """Stores the notice and its copies to every active representative of its units in one transaction:
        either the head's notice exists and goes out, or neither (a notice stored with no copies would be
        shown as sent and reach nobody). `message` is how the representatives see the notice, once it has its
        number; the file goes along where the head's channel holds it."""
        year = actor.admin_year()
        text = text.strip()
        if not 1 <= len(text) <= TEXT_LIMIT:
            raise Refused("notice_invalid", max=TEXT_LIMIT)
        now = self.clock.now()
        async with self.db.transaction() as conn:
            members = [u.id for u in await blocs.member_units(conn, year.id)]
            units = members if unit_ids is None else [u for u in unit_ids if u in members]
            if not units:
                raise Refused("notice_no_units")
            notice = await repo.create(conn, year.id, text, file.file_id if file else None,
                                       file.file_name if file else None, actor.sender.channel if file else None,
                                       ask_ack, units, now, actor.person.id if actor.person else None)
            await audit.record(conn, now, actor.person.id if actor.person else None, year, "notice.sent",
                               number=notice.number, units=units, ask_ack=ask_ack)
            representatives = [r.person_id for r in await people.representatives_of(conn, units)]
            await self.outbox.save(conn, await addressed(conn, representatives, message(notice),
                                                         notice_origin(notice.id), actor.sender,
                                                         [file] if file else ()))
        self.outbox.wake()
        return notice, units

    async def visible(self, actor: Actor) -> list[Notice]:
        """Every notice for an admin; those addressed to the unit for a representative."""
        if actor.is_admin and actor.year is not None:
            async with self.db.reading() as conn:
                return await repo.of_year(conn, actor.year.id)
        if actor.unit is None or actor.year is None:
            raise Refused("not_registered")
        async with self.db.reading() as conn:
            return await repo.of_year(conn, actor.year.id, actor.unit.id)

    async def acknowledge(self, actor: Actor, notice_id: int) -> Notice:
        if actor.unit is None or actor.year is None or actor.person is None:
            raise Refused("not_registered")
        async with self.db.transaction() as conn:
            notice = await repo.get(conn, notice_id)
            if notice is None or notice.year_id != actor.year.id or actor.unit.id not in await repo.recipients(
                    conn, notice_id):
                raise Refused("notice_not_found")
            await repo.acknowledge(conn, notice_id, actor.unit.id, actor.person.id, self.clock.now())
        return notice

    async def status(self, actor: Actor, notice_id: int) -> NoticeStatus:
        year = actor.admin_year()
        async with self.db.reading() as conn:
            notice = await repo.get(conn, notice_id)
            if notice is None or notice.year_id != year.id:
                raise Refused("notice_not_found")
            recipients = set(await repo.recipients(conn, notice_id))
            acked = await repo.acks(conn, notice_id)
            units = [u for u in await blocs.member_units(conn, year.id) if u.id in recipients]
            deliveries = DeliveryCounts.of(await outbox.counts(conn, notice_origin(notice_id)))
        units.sort(key=lambda u: vi_sort_key(u.name))
        return NoticeStatus(notice, [u for u in units if u.id in acked], [u for u in units if u.id not in acked],
                            deliveries)
