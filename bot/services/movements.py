"""Thematic movements (phong trào thi đua chuyên đề): launched by the head, joined and reported on by units, reviewed,
commended and closed.

A movement's report deadline is the year's 'movement' step of the deadline machinery (bot/services/deadlines.py,
reminders.py), so units that have not reported are reminded like any other step, and the head can move it or extend
it for one unit from /hanchot. That step holds one deadline per year, so one movement runs at a time.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import aiosqlite

from bot.domain.clock import Clock
from bot.services.outbox import OutboxService, addressed
from bot.services.people import Actor
from bot.services.refusal import Refused
from bot.services.reminders import ReminderService
from bot.text.messages import FileRef, Reply
from bot.text.vi_text import fold, vi_sort_key
from storage import audit, blocs, people
from storage import deadlines as deadline_repo
from storage import movements as repo
from storage import reminders as reminder_repo
from storage.db import Database
from storage.movements import Movement, Participation, ReportFile
from storage.rows import BlocYear, Unit

STEP = "movement"
TITLE_LIMIT = 300
PURPOSE_LIMIT = 2000
OCCASION_LIMIT = 300
PLAN_LIMIT = 4000
TARGETS_LIMIT = 2000
REPORT_LIMIT = 4000
REASON_LIMIT = 500
FILES_LIMIT = 20
# reports are due at the end of the movement's last day, in office hours
REPORT_DUE_TIME = time(17, 0)
_DATE = r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})"
# matched on the folded text, so "đến" and "den" both read
_DATES = re.compile(rf"^\s*{_DATE}\s*(?:-|–|—|den|to)\s*{_DATE}\s*$")


def movement_origin(movement_id: int) -> str:
    """What the outbox records a movement's messages as coming from."""
    return f"movement:{movement_id}"


def parse_dates(text: str) -> tuple[date, date] | None:
    """"01/02/2026 - 30/04/2026" (or "đến" between them): the start and end dates, or None if unreadable."""
    match = _DATES.match(fold(text))
    if match is None:
        return None
    d1, m1, y1, d2, m2, y2 = (int(g) for g in match.groups())
    try:
        return date(y1, m1, d1), date(y2, m2, d2)
    except ValueError:
        return None


@dataclass(frozen=True)
class MovementDraft:
    """What the head typed, checked by `MovementService.check_*` as each answer comes."""

    title: str
    purpose: str
    starts_on: date
    ends_on: date
    occasion: str
    plan_text: str | None
    plan_file: FileRef | None


@dataclass(frozen=True)
class MovementView:
    movement: Movement
    units: list[tuple[Unit, Participation]]  # Vietnamese order; for a representative, only their unit
    files: dict[int, list[ReportFile]]  # by unit


def _text(text: str, limit: int, refusal: str) -> str:
    cleaned = text.strip()
    if not 1 <= len(cleaned) <= limit:
        raise Refused(refusal, max=limit)
    return cleaned


def _pid(actor: Actor) -> int | None:
    return actor.person.id if actor.person else None


class MovementService:
    def __init__(self, db: Database, clock: Clock, tz: ZoneInfo, outbox: OutboxService,
                 reminders: ReminderService) -> None:
        self.db = db
        self.clock = clock
        self.tz = tz
        self.outbox = outbox
        self.reminders = reminders

    # --- the head's draft, answer by answer --------------------------------------------------------

    def check_title(self, actor: Actor, text: str) -> str:
        actor.admin_year()
        return _text(text, TITLE_LIMIT, "movement_title_invalid")

    def check_purpose(self, text: str) -> str:
        return _text(text, PURPOSE_LIMIT, "movement_purpose_invalid")

    def check_occasion(self, text: str) -> str:
        return _text(text, OCCASION_LIMIT, "movement_occasion_invalid")

    def check_plan(self, text: str) -> str:
        return _text(text, PLAN_LIMIT, "movement_plan_invalid")

    def check_dates(self, text: str) -> tuple[date, date]:
        """Refused unless both dates read, the end is not before the start, and reports can still be due."""
        dates = parse_dates(text)
        if dates is None:
            raise Refused("movement_dates_invalid")
        start, end = dates
        if end < start:
            raise Refused("movement_dates_order")
        if self.report_due(end) <= self.clock.now():
            raise Refused("movement_dates_past")
        return start, end

    def report_due(self, ends_on: date) -> datetime:
        return datetime.combine(ends_on, REPORT_DUE_TIME, self.tz)

    # --- launching ---------------------------------------------------------------------------------

    async def launch(self, actor: Actor, draft: MovementDraft, unit_ids: list[int] | None,
                     message: Callable[[Movement], Reply]) -> tuple[Movement, list[int]]:
        """Stores the movement, its units, its report deadline and the copies telling the units, in one
        transaction: a movement stored without its announcement would wait for registrations nobody was asked
        for. `unit_ids` None: every member unit."""
        year = actor.admin_year()
        now = self.clock.now()
        due = self.report_due(draft.ends_on)
        if due <= now:
            raise Refused("movement_dates_past")
        file = draft.plan_file
        async with self.db.transaction() as conn:
            if await repo.running(conn, year.id) is not None:
                raise Refused("movement_one_running")
            members = [u.id for u in await blocs.member_units(conn, year.id)]
            units = members if unit_ids is None else [u for u in unit_ids if u in members]
            if not units:
                raise Refused("movement_no_units")
            movement = await repo.create(conn, year.id, draft.title, draft.purpose, draft.starts_on, draft.ends_on,
                                         draft.occasion, draft.plan_text,
                                         (file.file_id, file.file_name, actor.sender.channel) if file else None,
                                         due, units, now, _pid(actor))
            # a former movement's extensions would give this one's units its old dates
            await repo.clear_extensions(conn, year.id)
            previous = await deadline_repo.deadline(conn, year.id, STEP)
            await deadline_repo.set_deadline(conn, year.id, STEP, due, now, _pid(actor),
                                             f"movement {movement.number}" if previous else None)
            await audit.record(conn, now, _pid(actor), year, "movement.launched", number=movement.number,
                               title=movement.title, units=units, due_at=due)
            representatives = [r.person_id for r in await people.representatives_of(conn, units)]
            await self.outbox.save(conn, await addressed(conn, representatives, message(movement),
                                                         movement_origin(movement.id), actor.sender,
                                                         [file] if file else ()))
        await self.reminders.replan(year.id, STEP)
        self.outbox.wake()
        return movement, units

    # --- reading -----------------------------------------------------------------------------------

    async def visible(self, actor: Actor) -> list[Movement]:
        """Every movement of the year for an admin; those the unit takes part in for a representative."""
        if actor.is_admin and actor.year is not None:
            async with self.db.reading() as conn:
                return await repo.of_year(conn, actor.year.id)
        if actor.unit is None or actor.year is None:
            raise Refused("not_registered")
        async with self.db.reading() as conn:
            return await repo.of_year(conn, actor.year.id, actor.unit.id)

    async def view(self, actor: Actor, movement_id: int) -> MovementView:
        year = actor.year
        if year is None:
            raise Refused("not_registered")
        async with self.db.reading() as conn:
            movement = await repo.get(conn, movement_id)
            if movement is None or movement.year_id != year.id:
                raise Refused("movement_not_found")
            taking_part = await repo.participants(conn, movement_id)
            units = {u.id: u for u in await blocs.member_units(conn, year.id)}
            files = await repo.files(conn, movement_id)
        if not actor.is_admin:
            if actor.unit is None or actor.unit.id not in taking_part:
                raise Refused("movement_not_found")
            taking_part = {actor.unit.id: taking_part[actor.unit.id]}
        rows = sorted(((units[u], p) for u, p in taking_part.items() if u in units),
                      key=lambda pair: vi_sort_key(pair[0].name))
        by_unit: dict[int, list[ReportFile]] = {}
        for f in files:
            if f.unit_id in taking_part:
                by_unit.setdefault(f.unit_id, []).append(f)
        return MovementView(movement, rows, by_unit)

    async def of_year(self, year: BlocYear) -> list[MovementView]:
        """Every movement of a year with every unit taking part, oldest first, for the year's documents."""
        async with self.db.reading() as conn:
            movements = list(reversed(await repo.of_year(conn, year.id)))
            units = {u.id: u for u in await blocs.member_units(conn, year.id)}
            result = []
            for movement in movements:
                taking_part = await repo.participants(conn, movement.id)
                rows = sorted(((units[u], p) for u, p in taking_part.items() if u in units),
                              key=lambda pair: vi_sort_key(pair[0].name))
                result.append(MovementView(movement, rows, {}))
        return result

    # --- a unit's part -----------------------------------------------------------------------------

    async def _mine(self, conn: aiosqlite.Connection, actor: Actor,
                    movement_id: int) -> tuple[BlocYear, Movement, Participation]:
        if actor.unit is None or actor.year is None or actor.rep is None:
            raise Refused("not_registered")
        movement = await repo.get(conn, movement_id)
        if movement is None or movement.year_id != actor.year.id:
            raise Refused("movement_not_found")
        part = (await repo.participants(conn, movement_id)).get(actor.unit.id)
        if part is None:
            raise Refused("movement_not_found")
        if movement.status != "running":
            raise Refused("movement_closed")
        return actor.year, movement, part

    async def register(self, actor: Actor, movement_id: int, targets: str) -> Movement:
        """The unit takes part, with its targets; registering again replaces the targets (before its report)."""
        targets = _text(targets, TARGETS_LIMIT, "movement_targets_invalid")
        now = self.clock.now()
        async with self.db.transaction() as conn:
            year, movement, part = await self._mine(conn, actor, movement_id)
            if part.reported_at is not None:
                raise Refused("movement_already_reported")
            assert actor.unit is not None
            await repo.register(conn, movement_id, actor.unit.id, targets, now, _pid(actor))
            await audit.record(conn, now, _pid(actor), year, "movement.registered", number=movement.number,
                               title=movement.title, unit_id=actor.unit.id)
        return movement

    async def check_reporting(self, actor: Actor, movement_id: int) -> Movement:
        """The movement, if the unit may write its report now: registered, not yet reported, still running."""
        async with self.db.reading() as conn:
            _, movement, part = await self._mine(conn, actor, movement_id)
        if part.registered_at is None:
            raise Refused("movement_register_first")
        if part.reported_at is not None:
            raise Refused("movement_already_reported")
        return movement

    async def add_to_report(self, actor: Actor, movement_id: int, text: str | None, file: FileRef | None) -> int:
        """Keeps the report's text (the latest typed) or one more file; returns how many files it has."""
        now = self.clock.now()
        async with self.db.transaction() as conn:
            _, _, part = await self._mine(conn, actor, movement_id)
            assert actor.unit is not None
            if part.registered_at is None:
                raise Refused("movement_register_first")
            if part.reported_at is not None:
                raise Refused("movement_already_reported")
            kept = await repo.files(conn, movement_id, actor.unit.id)
            if file is not None:
                if len(kept) >= FILES_LIMIT:
                    raise Refused("movement_files_limit", max=FILES_LIMIT)
                await repo.add_file(conn, movement_id, actor.unit.id, file.file_id, file.file_name or "tep",
                                    file.mime_type, actor.sender.channel, now, _pid(actor))
            if text is not None:
                await repo.set_report_text(conn, movement_id, actor.unit.id,
                                           _text(text, REPORT_LIMIT, "movement_report_invalid"))
        return len(kept) + (file is not None)

    async def submit_report(self, actor: Actor, movement_id: int) -> Movement:
        now = self.clock.now()
        async with self.db.transaction() as conn:
            year, movement, part = await self._mine(conn, actor, movement_id)
            assert actor.unit is not None
            if part.registered_at is None:
                raise Refused("movement_register_first")
            if part.reported_at is not None:
                raise Refused("movement_already_reported")
            if part.report_text is None:
                raise Refused("movement_report_empty")
            await repo.submit_report(conn, movement_id, actor.unit.id, now, _pid(actor))
            await audit.record(conn, now, _pid(actor), year, "movement.reported", number=movement.number,
                               title=movement.title, unit_id=actor.unit.id)
        return movement

    # --- the head's review -------------------------------------------------------------------------

    async def _administered(self, conn: aiosqlite.Connection, actor: Actor,
                            movement_id: int) -> tuple[BlocYear, Movement]:
        year = actor.admin_year()
        movement = await repo.get(conn, movement_id)
        if movement is None or movement.year_id != year.id:
            raise Refused("movement_not_found")
        return year, movement

    async def unit_report(self, actor: Actor, movement_id: int, unit_id: int) -> tuple[Movement, Unit, Participation,
                                                                                       list[ReportFile]]:
        async with self.db.reading() as conn:
            _, movement = await self._administered(conn, actor, movement_id)
            part = (await repo.participants(conn, movement_id)).get(unit_id)
            unit = await blocs.get_unit(conn, unit_id)
            if part is None or unit is None:
                raise Refused("unit_not_found")
            return movement, unit, part, await repo.files(conn, movement_id, unit_id)

    async def commend(self, actor: Actor, movement_id: int, unit_id: int, reason: str | None) -> Unit:
        """Marks a unit that reported for commendation with the reason (None: takes the mark away)."""
        if reason is not None:
            reason = _text(reason, REASON_LIMIT, "movement_reason_invalid")
        now = self.clock.now()
        async with self.db.transaction() as conn:
            year, movement = await self._administered(conn, actor, movement_id)
            if movement.status != "running":
                raise Refused("movement_closed")
            part = (await repo.participants(conn, movement_id)).get(unit_id)
            unit = await blocs.get_unit(conn, unit_id)
            if part is None or unit is None:
                raise Refused("unit_not_found")
            if part.reported_at is None and reason is not None:
                raise Refused("movement_not_reported")
            await repo.commend(conn, movement_id, unit_id, reason)
            if reason is not None:
                await audit.record(conn, now, _pid(actor), year, "movement.commended", number=movement.number,
                                   title=movement.title, unit_id=unit_id, reason=reason)
            else:
                await audit.record(conn, now, _pid(actor), year, "movement.uncommended", number=movement.number,
                                   title=movement.title, unit_id=unit_id)
        return unit

    async def close(self, actor: Actor, movement_id: int,
                    message: Callable[[Movement, Participation], Reply]) -> tuple[Movement, list[int]]:
        """Closes the movement and tells every unit that took part how it ended for it (commended, with the
        reason, or thanked), in the same transaction; its pending reminders are cancelled. Returns the
        movement as closed and the units commended."""
        now = self.clock.now()
        async with self.db.transaction() as conn:
            year, movement = await self._administered(conn, actor, movement_id)
            if movement.status != "running":
                raise Refused("movement_closed")
            await repo.close(conn, movement_id, now, _pid(actor))
            movement = await repo.get(conn, movement_id)
            assert movement is not None
            taking_part = await repo.participants(conn, movement_id)
            commended = [u for u, p in taking_part.items() if p.commended]
            await audit.record(conn, now, _pid(actor), year, "movement.closed", number=movement.number,
                               title=movement.title, units=commended)
            for unit_id, part in taking_part.items():
                representatives = [r.person_id for r in await people.representatives_of(conn, [unit_id])]
                await self.outbox.save(conn, await addressed(conn, representatives, message(movement, part),
                                                             movement_origin(movement.id), actor.sender))
            # nothing is left to report: the reminders still planned would ask for it
            await reminder_repo.cancel_stale(conn, year.id, STEP, {})
        self.outbox.wake()
        return movement, commended
