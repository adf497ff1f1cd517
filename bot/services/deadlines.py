"""The year's deadlines: set, moved, extended for one unit, always with the reason once people rely on them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.domain.clock import Clock
from bot.domain.reminder_rules import DEFAULT_OFFSETS, STEPS
from bot.services.people import Actor
from bot.services.refusal import Refused
from bot.services.reminders import ReminderService
from bot.text.vi_text import parse_datetime_vi
from storage import audit, blocs
from storage import deadlines as deadline_repo
from storage import reminders as repo
from storage.db import Database
from storage.rows import Deadline, Unit

REASON_LIMIT = 500


@dataclass(frozen=True)
class StepDeadline:
    step: str
    deadline: Deadline | None
    extensions: dict[int, tuple[datetime, str]]
    offsets: list[int]


class DeadlineService:
    def __init__(self, db: Database, clock: Clock, tz: ZoneInfo, reminders: ReminderService) -> None:
        self.db = db
        self.clock = clock
        self.tz = tz
        self.reminders = reminders

    def read_due(self, text: str) -> datetime:
        """A deadline as a person types it ("30/11/2026 17:00", "17h ngày 30/11"), in the bloc's time zone;
        refused when it cannot be read or has already passed, before the dialog asks anything more."""
        now = self.clock.now()
        when = parse_datetime_vi(text, self.tz, now)
        if when is None:
            raise Refused("deadline_invalid")
        if when <= now:
            raise Refused("deadline_past")
        return when

    async def overview(self, actor: Actor) -> list[StepDeadline]:
        year = actor.admin_year()
        result = []
        async with self.db.reading() as conn:
            for step in STEPS:
                rule = await repo.rule(conn, year.id, step)
                result.append(StepDeadline(step, await deadline_repo.deadline(conn, year.id, step),
                                           await repo.extensions(conn, year.id, step),
                                           rule[0] if rule else list(DEFAULT_OFFSETS)))
        return result

    async def current(self, actor: Actor, step: str) -> Deadline | None:
        year = actor.admin_year()
        async with self.db.reading() as conn:
            return await deadline_repo.deadline(conn, year.id, step)

    async def set_deadline(self, actor: Actor, step: str, due_at: datetime, reason: str | None = None) -> Deadline:
        """Sets a step's deadline for the bloc. Moving one already set needs a reason, recorded."""
        year = actor.admin_year()
        if step not in STEPS:
            raise Refused("step_unknown")
        now = self.clock.now()
        if due_at <= now:
            raise Refused("deadline_past")
        reason = _clean(reason)
        async with self.db.transaction() as conn:
            existing = await deadline_repo.deadline(conn, year.id, step)
            if existing is not None and reason is None:
                raise Refused("reason_required")
            await deadline_repo.set_deadline(conn, year.id, step, due_at, now, _pid(actor), reason)
            await audit.record(conn, now, _pid(actor), year, "deadline.set", step=step, due_at=due_at,
                               previous=existing.due_at if existing else None, reason=reason)
            fresh = await deadline_repo.deadline(conn, year.id, step)
        await self.reminders.replan(year.id, step)
        assert fresh is not None
        return fresh

    async def extend_for_unit(self, actor: Actor, step: str, unit_id: int, due_at: datetime,
                              reason: str | None) -> Unit:
        """Gives one unit a later deadline than the bloc's, with the reason recorded."""
        year = actor.admin_year()
        reason = _clean(reason)
        if reason is None:
            raise Refused("reason_required")
        now = self.clock.now()
        async with self.db.transaction() as conn:
            base = await deadline_repo.deadline(conn, year.id, step)
            unit = await blocs.get_unit(conn, unit_id)
            if unit is None or not await blocs.is_member(conn, year.id, unit_id):
                raise Refused("unit_not_found")
            if base is None:
                raise Refused("deadline_not_set")
            if due_at <= now or due_at <= base.due_at:
                raise Refused("extension_not_later", date=base.due_at)
            await repo.set_extension(conn, year.id, step, unit_id, due_at, reason, now, _pid(actor))
            await audit.record(conn, now, _pid(actor), year, "deadline.extended", step=step,
                               unit_id=unit_id, due_at=due_at, reason=reason)
        await self.reminders.replan(year.id, step)
        return unit

    async def set_offsets(self, actor: Actor, step: str, offsets: list[int]) -> None:
        year = actor.admin_year()
        async with self.db.transaction() as conn:
            await repo.set_rule(conn, year.id, step, offsets)
            await audit.record(conn, self.clock.now(), _pid(actor), year, "reminders.rule", step=step,
                               offsets=offsets)
        await self.reminders.replan(year.id, step)


def _clean(reason: str | None) -> str | None:
    text = " ".join((reason or "").split())
    if len(text) > REASON_LIMIT:
        raise Refused("reason_too_long", max=REASON_LIMIT)
    return text or None


def _pid(actor: Actor) -> int | None:
    return actor.person.id if actor.person else None
