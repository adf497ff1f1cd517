"""Reminders that survive restarts and are sent once.

The database is the truth. Setting or moving a deadline plans rows in `reminder` (one per unit, rule and
deadline revision, under a UNIQUE key); a moved deadline cancels the rows of the old revision, so work
planned for an old time can never send. A single sweep, woken by the scheduler at the earliest pending
due time, handles what is due: a unit that completed the step is skipped, the others' representatives
are written to on the channel they prefer, and the bloc is told when a deadline passes.

Delivery is at-most-once per person: each send is claimed in the database ('sending') before it goes
out and recorded after. If the process dies between the two, the claim is found at the next start and
marked 'unknown' rather than sent again. We chose this side because a reminder the person already got
must not arrive twice ("sent once" is the promise to users); the window is one HTTP call, and the next
reminder of the same deadline still comes. Everything else resumes: rows not yet handled are handled at
start if their deadline is still ahead, and skipped with a log line if it has passed.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.catalogue import t
from bot.clock import Clock
from bot.messages import Choice, Reply
from bot.notify import BLOCKED, FAILED, SENT, Notifier
from bot.reminder_rules import DEFAULT_OFFSETS, QUIET_END, QUIET_START, describe_offset, plan, summary_times
from bot.services.assessment import AssessmentService
from bot.services.people import PeopleService
from bot.services.votes import VoteService
from bot.vi_text import format_datetime
from bot.vote_text import result_text
from storage import blocs, people
from storage import deadlines as deadline_repo
from storage import registration as registration_repo
from storage import reminders as repo
from storage.db import Database
from storage.reminders import Delivery, ReminderRow
from storage.rows import BlocYear, Unit

log = logging.getLogger(__name__)

BATCH = 500
PARALLEL = 32
# the steps whose completion a unit can be reminded about, and the button that does it in one tap
# (":n" opens it as a new message, so the reminder itself stays readable in the chat)
UNIT_STEPS = {"self_assessment": "as:n", "explanation": "ew:n", "registration": "gd:n", "covenant": "kr:n"}


class ReminderService:
    def __init__(self, db: Database, clock: Clock, tz: ZoneInfo, people_service: PeopleService,
                 assessment: AssessmentService, votes: VoteService) -> None:
        self.db = db
        self.clock = clock
        self.tz = tz
        self.people = people_service
        self.assessment = assessment
        self.votes = votes
        self.notifiers: dict[str, Notifier] = {}
        # the scheduler's wake-up, called when a plan changes so it can move its single timer
        self.on_plan_changed: Callable[[], Awaitable[None]] | None = None
        self._sweeping = asyncio.Lock()

    # --- planning --------------------------------------------------------------------------------

    async def replan(self, year_id: int, step: str) -> None:
        now = self.clock.now()
        async with self.db.transaction() as conn:
            deadline = await deadline_repo.deadline(conn, year_id, step)
            if deadline is None:
                await repo.cancel_stale(conn, year_id, step, {})
                return
            extensions = await repo.extensions(conn, year_id, step)
            rule = await repo.rule(conn, year_id, step)
            offsets, quiet_start, quiet_end = rule if rule else (list(DEFAULT_OFFSETS), QUIET_START, QUIET_END)
            units = await blocs.member_units(conn, year_id)
            bloc_revision = f"r{deadline.revision}:{','.join(map(str, offsets))}"
            keep = {0: bloc_revision}
            rows = []
            for unit in units:
                extended = extensions.get(unit.id)
                due = extended[0] if extended else deadline.due_at
                keep[unit.id] = f"x{due.isoformat()}:{','.join(map(str, offsets))}" if extended else bloc_revision
                if step in UNIT_STEPS:
                    rows += [(year_id, step, "unit", unit.id, p.offset_minutes, keep[unit.id], p.due_at)
                             for p in plan(due, offsets, now, self.tz, quiet_start, quiet_end)]
            if deadline.due_at > now:
                rows.append((year_id, step, "close", 0, 0, bloc_revision, deadline.due_at))
            rows += [(year_id, step, "summary", 0, p.offset_minutes, bloc_revision, p.due_at)
                     for p in summary_times(deadline.due_at, now, self.tz)]
            cancelled = await repo.cancel_stale(conn, year_id, step, keep)
            added = await repo.add_planned(conn, rows)
        log.info("reminders for year %s step %s: %s planned, %s cancelled", year_id, step, added, cancelled)
        if self.on_plan_changed is not None:
            await self.on_plan_changed()

    async def next_due(self) -> datetime | None:
        async with self.db.reading() as conn:
            return await repo.next_due(conn)

    # --- running what is due ---------------------------------------------------------------------

    async def recover(self) -> int:
        """At start: sends claimed before a crash are not known to have left; they are not sent again."""
        async with self.db.transaction() as conn:
            abandoned = await repo.abandon_in_flight(conn)
        if abandoned:
            log.warning("%s reminder send(s) were in flight when the bot stopped; not resent (at-most-once)",
                        abandoned)
        return abandoned

    async def sweep(self) -> int:
        """Handles every reminder due by now. Returns how many rows were handled.

        Rows of one batch are handled concurrently (each is finished on its own, so the at-most-once
        promise holds); the channel's limiter still paces what actually leaves."""
        handled = 0
        async with self._sweeping:
            while True:
                now = self.clock.now()
                async with self.db.reading() as conn:
                    rows = await repo.due(conn, now, BATCH)
                if not rows:
                    return handled
                gate = asyncio.Semaphore(PARALLEL)

                async def handle(row: ReminderRow, now: datetime = now, gate: asyncio.Semaphore = gate) -> None:
                    async with gate:
                        try:
                            outcome = await self._fire(row, now)
                        except Exception as exc:
                            log.error("reminder %s failed: %s", row.id, type(exc).__name__, exc_info=exc)
                            outcome = "error"
                        async with self.db.transaction() as conn:
                            await repo.finish(conn, row.id, outcome, self.clock.now())

                await asyncio.gather(*(handle(row) for row in rows))
                handled += len(rows)

    async def _fire(self, row: ReminderRow, now: datetime) -> str:
        async with self.db.reading() as conn:
            year = await blocs.get_year(conn, row.year_id)
            deadline = await deadline_repo.deadline(conn, row.year_id, row.step)
            extensions = await repo.extensions(conn, row.year_id, row.step)
            unit = await blocs.get_unit(conn, row.unit_id) if row.unit_id else None
        if year is None or deadline is None:
            return "no deadline"
        if row.kind == "unit" and unit is not None:
            due = extensions[unit.id][0] if unit.id in extensions else deadline.due_at
            if row.offset_minutes < 0 and now >= due:
                log.info("reminder %s skipped: its deadline %s passed while the bot was away", row.id, due)
                return "skipped: deadline passed"
            missing = await self._missing(row.step, year, unit)
            if missing is None:
                return "completed"
            targets = await self.people.notice_targets(await self._rep_ids([unit.id]))
            reply = self._unit_reply(row, year, unit, due, missing)
            blocked = await self._deliver(row, targets, reply)
            if blocked:
                await self._report_blocked(year, unit, blocked)
            return "sent"
        if row.kind == "close" and row.step == "vote":
            # the vote deadline: every open vote closes by itself and its result goes to its roll
            # (each vote's result is its own message: the delivery rows of this one reminder row cannot
            # tell two results to the same person apart; the results also stay on the votes themselves)
            for closed in await self.votes.close_all_open(year.id):
                text = result_text("vi", closed.view, closed.tally, closed.receipts)
                for _, channel, chat in await self.people.notice_targets(await self._rep_ids(closed.view.roll)):
                    notifier = self.notifiers.get(channel)
                    if notifier is not None:
                        await notifier.deliver(chat, Reply(text))
            return "votes closed"
        if row.kind == "close":
            units = await self._members(year)
            late = [u for u in units if await self._missing(row.step, year, u) is not None] \
                if row.step in UNIT_STEPS else []
            targets = await self.people.notice_targets(await self._rep_ids([u.id for u in units]))
            step_name = t(f"step.{row.step}")
            text = t("reminder.closed", step=step_name, when=format_datetime(deadline.due_at, self.tz),
                     done=len(units) - len(late), count=len(units))
            await self._deliver(row, targets, Reply(text))
            return "sent"
        late = [u for u in await self._members(year) if await self._missing(row.step, year, u) is not None]
        if not late or year.head_unit_id is None:
            return "nobody late" if not late else "no head"
        targets = await self.people.notice_targets(await self._rep_ids([year.head_unit_id]))
        text = t("reminder.summary", step=t(f"step.{row.step}"), when=format_datetime(deadline.due_at, self.tz),
                 count=len(late), units="\n".join(f"• {u.name}" for u in late))
        await self._deliver(row, targets, Reply(text))
        return "sent"

    async def _members(self, year: BlocYear) -> list[Unit]:
        async with self.db.reading() as conn:
            return await blocs.member_units(conn, year.id)

    async def _rep_ids(self, unit_ids: list[int]) -> list[int]:
        async with self.db.reading() as conn:
            return [r.person_id for r in await people.representatives_of(conn, unit_ids)]

    async def _missing(self, step: str, year: BlocYear, unit: Unit) -> str | None:
        """What the unit still has to do for the step, or None when it is done."""
        if step not in UNIT_STEPS:
            return None
        if step == "registration":
            async with self.db.reading() as conn:
                reg = await registration_repo.registration(conn, year.id, unit.id)
            return None if reg is not None and reg.status == "submitted" else t("reminder.missing.registration")
        if step == "covenant":
            async with self.db.reading() as conn:
                covenant = await registration_repo.current_covenant(conn, year.id)
                signed = await registration_repo.signatures(conn, covenant.id) if covenant else {}
            return None if covenant is None or unit.id in signed else t("reminder.missing.covenant")
        try:
            view = await self.assessment.sheet_of(year, unit)
        except Exception:  # no table yet: nothing a unit can do, so nothing to remind
            return None
        if step == "explanation":
            return t("reminder.missing.explanation") if view.status == "returned" else None
        if view.status != "draft":
            return None
        unscored = len(view.self_totals.missing)
        return t("reminder.missing.unscored", count=unscored) if unscored else t("reminder.missing.unsubmitted")

    def _unit_reply(self, row: ReminderRow, year: BlocYear, unit: Unit, due: datetime, missing: str) -> Reply:
        step_name = t(f"step.{row.step}")
        when = format_datetime(due, self.tz)
        if row.offset_minutes > 0:
            text = t("reminder.overdue", step=step_name, when=when, unit=unit.name, missing=missing)
        else:
            size, amount = describe_offset(row.offset_minutes)
            text = t("reminder.before", step=step_name, when=when, unit=unit.name, missing=missing,
                     left=t(f"reminder.left.{size}", amount=amount))
        return Reply(text, [[Choice(t(f"reminder.open.{row.step}"), UNIT_STEPS[row.step])]])

    async def _deliver(self, row: ReminderRow, targets: list[tuple[int, str, str]], reply: Reply) -> list[int]:
        """Sends to every target once; returns the people who turned out to have blocked the bot."""
        async with self.db.transaction() as conn:
            await repo.add_deliveries(conn, row.id, targets)
            pending = await repo.pending_deliveries(conn, row.id)
        blocked = []
        for delivery in pending:
            status = await self._deliver_one(delivery, reply)
            if status == BLOCKED:
                blocked.append(delivery.person_id)
        return blocked

    async def _deliver_one(self, delivery: Delivery, reply: Reply) -> str:
        async with self.db.transaction() as conn:
            if not await repo.claim(conn, delivery, self.clock.now()):
                return "taken"
        notifier = self.notifiers.get(delivery.channel)
        status = FAILED
        if notifier is not None:
            try:
                status = await notifier.deliver(delivery.chat_id, reply)
            except Exception as exc:
                log.error("reminder delivery to chat %s failed: %s", delivery.chat_id, type(exc).__name__,
                          exc_info=exc)
        async with self.db.transaction() as conn:
            await repo.record(conn, delivery, status if status in (SENT, BLOCKED, FAILED) else FAILED,
                              self.clock.now())
            if status == BLOCKED:
                await people.mark_blocked(conn, delivery.channel, delivery.chat_id, self.clock.now())
        return status

    async def _report_blocked(self, year: BlocYear, unit: Unit, person_ids: list[int]) -> None:
        """Tells the head, once per person, that a representative cannot be reached."""
        if year.head_unit_id is None:
            return
        async with self.db.reading() as conn:
            names = [p.full_name for p in [await people.get_person(conn, pid) for pid in person_ids] if p]
        targets = await self.people.notice_targets(await self._rep_ids([year.head_unit_id]))
        text = t("reminder.blocked", names=", ".join(names), unit=unit.name)
        for _, channel, chat in targets:
            notifier = self.notifiers.get(channel)
            if notifier is not None:
                await notifier.deliver(chat, Reply(text))
