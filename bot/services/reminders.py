"""Reminders that survive restarts and are sent once.

The database is the truth. Setting or moving a deadline plans rows in `reminder` (one per unit, rule and
deadline revision, under a UNIQUE key); a moved deadline cancels the rows of the old revision, so work
planned for an old time can never send. A single sweep, woken by the scheduler at the earliest pending
due time, handles what is due: a unit that completed the step is skipped, the others' representatives
are written to on the channel they prefer, and the bloc is told when a deadline passes.

Delivery is at-most-once per person: each send is claimed in the database ('sending') before it goes
out and recorded after. If the process dies between the two, the claim is found at the next start and
marked 'unknown' rather than sent again. We chose this side because a reminder the person already got
must not arrive twice ("sent once" is the promise to users); the next reminder of the same deadline
still comes. Claims are made in chunks just ahead of the channel's pace, so a crash leaves at most
IN_FLIGHT of them unknown (bot/services/claimed_sends.py explains the number). Everything else
resumes: rows not yet handled are handled at start if their deadline is still ahead, and skipped with a
log line if it has passed.

At scale (5,000 reminders due at once among 100,000 pending) the sweep reads what it needs for a chunk
of rows with one query per table, and claims and records deliveries a chunk per transaction: reading
and writing row by row made the last of them reach the sender 14 s late.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Protocol
from zoneinfo import ZoneInfo

from bot.domain.clock import Clock
from bot.domain.criteria import CriteriaTable
from bot.domain.reminder_rules import DEFAULT_OFFSETS, QUIET_END, QUIET_START, plan, summary_times, time_left
from bot.services.assessment import AssessmentService
from bot.services.notify import Notifier, chosen_accounts
from bot.services.outbox import OutboxService
from bot.services.people import PeopleService
from bot.services.reminder_dispatch import Dispatch, Outgoing
from bot.services.reminder_notes import (
    UNIT_STEPS,
    LateUnits,
    Missing,
    ReminderText,
    StepClosed,
    UnitReminder,
    Unreachable,
    VoteNotes,
)
from bot.services.votes import VoteService
from bot.text.messages import Copy
from storage import blocs, people
from storage import deadlines as deadline_repo
from storage import movements as movement_repo
from storage import registration as registration_repo
from storage import reminder_context as context_repo
from storage import reminders as repo
from storage.db import Database
from storage.reminder_context import Reach
from storage.reminders import ReminderRow
from storage.rows import BlocYear, CriteriaTableVersion, Deadline, Unit

log = logging.getLogger(__name__)

# due rows taken at a time: their context is read in one query per table, then their deliveries claimed
# (claims stay bounded by the dispatch window); 500 rather than 100 took 5,000 due at once from p99
# 0.32 s to 0.27 s, the passes being fewer round trips
CHUNK = 500


def _plan_key(deadline: Deadline, extended: datetime | None) -> str:
    """Which plan a row was made for: the deadline's revision, or the unit's own (extended) time. A row's
    revision is this key, a colon, and the offsets of the rule."""
    return f"x{extended.isoformat()}" if extended else f"r{deadline.revision}"


@dataclass(frozen=True)
class _Step:
    year: BlocYear
    deadline: Deadline
    extensions: dict[int, tuple[datetime, str]]

    def made_for(self, row: ReminderRow) -> bool:
        """Whether the row was planned for this deadline (else it was read before a move)."""
        extended = self.extensions.get(row.unit_id)
        key = _plan_key(self.deadline, extended[0] if extended else None)
        return row.revision == key or row.revision.startswith(f"{key}:")


@dataclass
class _PassMemo:
    """What a sweep pass reads once instead of for every chunk of rows: the deadlines (with the year and
    the extensions) and the current criteria table. A stale copy cannot send anything wrong: moving or
    extending a deadline re-plans, cancelling the rows of the old time (and a claim only takes deliveries
    of rows still pending), and a row of the new plan does not match the remembered deadline, which is
    then read again (_Step.made_for); a draft moved to a newer table no longer matches the remembered
    version, so it is counted against its own (see _missing_in_sheets)."""

    steps: dict[tuple[int, str], _Step | None] = field(default_factory=dict)
    tables: dict[int, tuple[CriteriaTableVersion, CriteriaTable] | None] = field(default_factory=dict)


class ReminderService:
    def __init__(self, db: Database, clock: Clock, tz: ZoneInfo, people_service: PeopleService,
                 assessment: AssessmentService, votes: VoteService, outbox: OutboxService,
                 text: ReminderText | None = None) -> None:
        self.db = db
        self.clock = clock
        self.tz = tz
        self.people = people_service
        self.assessment = assessment
        self.votes = votes
        self.outbox = outbox  # what is not a reminder row (vote results, reports to the head) goes out through it
        # how the notes read (handlers/reminder_text.py); only planning works without it
        self._text = text
        self.notifiers: dict[str, Notifier] = {}
        # the scheduler's wake-up, called when a plan changes so it can move its single timer
        self.on_plan_changed: Callable[[], Awaitable[None]] | None = None
        self._sweeping = asyncio.Lock()
        # other schedules woken with the reminders, e.g. the year-end conference's day-before reminder
        # (bot/services/conference.py): each runs what is due and says when it next falls due
        self.timed: list[Timed] = []

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
            rule_key = ",".join(map(str, offsets))
            bloc_revision = f"{_plan_key(deadline, None)}:{rule_key}"
            keep = {0: bloc_revision}
            rows = []
            for unit in units:
                extended = extensions.get(unit.id)
                due = extended[0] if extended else deadline.due_at
                keep[unit.id] = f"{_plan_key(deadline, due)}:{rule_key}" if extended else bloc_revision
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

    @property
    def text(self) -> ReminderText:
        if self._text is None:
            raise RuntimeError("reminders cannot be sent without their wording: build the services with "
                               "reminder_text (handlers/reminder_text.py)")
        return self._text

    async def next_due(self) -> datetime | None:
        async with self.db.reading() as conn:
            due = await repo.next_due(conn)
        others = [d for timed in self.timed if (d := await timed.next_due()) is not None]
        return min([d for d in (due, *others) if d is not None], default=None)

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

        Rows are taken in due order, a chunk at a time, with what they need read in bulk (units, who
        represents them and on which channel, whether they finished the step); their deliveries go out
        through a Dispatch (claimed just ahead of sending, see bot/services/reminder_dispatch.py). A pass
        ends when nothing due is left behind the last row it took; one more pass catches rows planned
        meanwhile with an earlier time."""
        handled = 0
        async with self._sweeping:
            while passed := await self._sweep_pass():
                handled += passed
            for timed in self.timed:
                handled += await timed.run_due()
        return handled

    async def _sweep_pass(self) -> int:
        handled = 0
        after: tuple[datetime, int] | None = None
        memo = _PassMemo()
        async with Dispatch(self.db, self.clock, self.notifiers, self.text) as dispatch:
            while True:
                now = self.clock.now()
                async with self.db.reading() as conn:
                    rows = await repo.due(conn, now, CHUNK, after)
                if not rows:
                    return handled
                after = (rows[-1].due_at, rows[-1].id)
                outgoing = []
                for row, result in zip(rows, await self._plan(rows, now, memo), strict=True):
                    if isinstance(result, Outgoing):
                        outgoing.append(result)
                    else:
                        dispatch.finish(row.id, result)
                await dispatch.send(outgoing)
                handled += len(rows)

    async def _plan(self, rows: list[ReminderRow], now: datetime, memo: _PassMemo) -> list[Outgoing | str]:
        """For each row: what to send, or the outcome when there is nothing to send."""
        planned: dict[int, Outgoing | str] = {}
        groups: dict[tuple[int, str], list[ReminderRow]] = {}
        for row in rows:
            if row.kind == "unit":
                groups.setdefault((row.year_id, row.step), []).append(row)
        for (year_id, step), group in groups.items():
            planned |= await self._guarded(group, self._plan_units(year_id, step, group, now, memo))
        for row in rows:
            if row.kind != "unit":
                planned |= await self._guarded([row], self._plan_bloc(row, memo))
        return [planned[row.id] for row in rows]

    @staticmethod
    async def _guarded(rows: list[ReminderRow],
                       planning: Awaitable[dict[int, Outgoing | str]]) -> dict[int, Outgoing | str]:
        # a row that cannot be planned is finished as an error (logged), as when it failed to send;
        # the rest of the sweep goes on
        try:
            return await planning
        except Exception as exc:
            log.error("reminder(s) %s failed: %s", ",".join(str(r.id) for r in rows), type(exc).__name__,
                      exc_info=exc)
            return {row.id: "error" for row in rows}

    async def _plan_units(self, year_id: int, step: str, rows: list[ReminderRow], now: datetime,
                          memo: _PassMemo) -> dict[int, Outgoing | str]:
        """Unit reminders of one step of one year, with their context read in bulk."""
        known = await self._step(year_id, step, rows, memo)
        if known is None:
            return {row.id: "no deadline" for row in rows}
        year, deadline, extensions = known.year, known.deadline, known.extensions
        unit_ids = list(dict.fromkeys(row.unit_id for row in rows))
        async with self.db.reading() as conn:
            units = await context_repo.units(conn, unit_ids)
            reach = await context_repo.reach(conn, unit_ids)
        missing = await self._missing_of(step, year, list(units.values()), memo)
        targets = _targets_by_unit(reach)
        planned: dict[int, Outgoing | str] = {}
        for row in rows:
            unit = units.get(row.unit_id)
            if unit is None:
                planned[row.id] = "no unit"
                continue
            due = extensions[unit.id][0] if unit.id in extensions else deadline.due_at
            if row.offset_minutes < 0 and now >= due:
                log.info("reminder %s skipped: its deadline %s passed while the bot was away", row.id, due)
                planned[row.id] = "skipped: deadline passed"
            elif (what := missing.get(unit.id)) is None:
                planned[row.id] = "completed"
            else:
                # the time actually left: a reminder moved out of quiet hours has less than its offset
                offset = time_left(due, row.due_at, now) if row.offset_minutes < 0 else row.offset_minutes
                planned[row.id] = Outgoing(row, UnitReminder(row.step, unit.name, due, offset, what),
                                           targets.get(unit.id, []), partial(self._report_blocked, year, unit))
        return planned

    async def _plan_bloc(self, row: ReminderRow, memo: _PassMemo) -> dict[int, Outgoing | str]:
        """A bloc-wide row: the deadline passed (everyone is told; open votes close) or the head's summary."""
        known = await self._step(row.year_id, row.step, [row], memo)
        if known is None:
            return {row.id: "no deadline"}
        year, deadline = known.year, known.deadline
        if row.kind == "close" and row.step == "vote":
            await self._close_votes(year)
            return {row.id: "votes closed"}
        units = await self._members(year)
        missing = await self._missing_of(row.step, year, units, memo)
        late = [u for u in units if missing.get(u.id) is not None]
        if row.kind == "close":
            closed = StepClosed(row.step, deadline.due_at, done=len(units) - len(late), count=len(units))
            return {row.id: Outgoing(row, closed, await self._targets([u.id for u in units]))}
        if not late or year.head_unit_id is None:
            return {row.id: "nobody late" if not late else "no head"}
        summary = LateUnits(row.step, deadline.due_at, tuple(u.name for u in late))
        return {row.id: Outgoing(row, summary, await self._targets([year.head_unit_id]))}

    async def _close_votes(self, year: BlocYear) -> None:
        """The vote deadline: every open vote closes by itself. Its result goes to its roll through the outbox,
        stored with the closing itself (bot/services/votes.py), worded by the sweep's ReminderText.

        Each vote's result is its own message (origin "vote:<id>"), and so are the ballots of a runoff a tie
        opens at once; the results also stay on the votes themselves."""
        await self.votes.close_all_open(year.id, VoteNotes(self.text))

    async def _members(self, year: BlocYear) -> list[Unit]:
        async with self.db.reading() as conn:
            return await blocs.member_units(conn, year.id)

    async def _targets(self, unit_ids: list[int]) -> list[tuple[int, str, str]]:
        """(person, channel, chat) for every active representative of these units, each person once."""
        async with self.db.reading() as conn:
            reach = await context_repo.reach(conn, unit_ids)
        seen: dict[tuple[int, str], tuple[int, str, str]] = {}
        for targets in _targets_by_unit(reach).values():
            for target in targets:
                seen.setdefault(target[:2], target)
        return list(seen.values())

    async def _step(self, year_id: int, step: str, rows: list[ReminderRow], memo: _PassMemo) -> _Step | None:
        """The step's deadline as the pass remembers it, read again when a row was planned for another one
        (the deadline moved during the pass, and rows of the new plan fell due)."""
        known = memo.steps.get((year_id, step))
        if known is None or not all(known.made_for(row) for row in rows):
            async with self.db.reading() as conn:
                year = await blocs.get_year(conn, year_id)
                deadline = await deadline_repo.deadline(conn, year_id, step)
                extensions = await repo.extensions(conn, year_id, step)
            memo.steps[year_id, step] = _Step(year, deadline, extensions) if year and deadline else None
        return memo.steps[year_id, step]

    async def _missing_of(self, step: str, year: BlocYear, units: list[Unit],
                          memo: _PassMemo) -> dict[int, Missing | None]:
        """What each unit still has to do for the step (None: done, or nothing it can do), read in bulk."""
        ids = [u.id for u in units]
        if step not in UNIT_STEPS or not units:
            return dict.fromkeys(ids)
        if step == "registration":
            async with self.db.reading() as conn:
                done = await context_repo.submitted_registrations(conn, year.id, ids)
            return {i: None if i in done else Missing("registration") for i in ids}
        if step == "covenant":
            async with self.db.reading() as conn:
                covenant = await registration_repo.current_covenant(conn, year.id)
                signed = await registration_repo.signatures(conn, covenant.id) if covenant else {}
            return {i: None if covenant is None or i in signed else Missing("covenant") for i in ids}
        if step == "movement":
            # only the units taking part in the running movement report; the others have nothing to do
            async with self.db.reading() as conn:
                late = await movement_repo.unreported(conn, year.id, ids)
            return {i: Missing("movement") if i in late else None for i in ids}
        return await self._missing_in_sheets(step, year, units, memo)

    async def _missing_in_sheets(self, step: str, year: BlocYear, units: list[Unit],
                                 memo: _PassMemo) -> dict[int, Missing | None]:
        """Self-assessment and explanation: from the units' sheets and the criteria they scored."""
        if year.id not in memo.tables:
            memo.tables[year.id] = await self.assessment.current_table(year.id)
        current = memo.tables[year.id]
        if current is None:  # no table yet: nothing a unit can do, so nothing to remind
            return {u.id: None for u in units}
        version, table = current
        async with self.db.reading() as conn:
            sheets = await context_repo.sheets(conn, year.id, [u.id for u in units])
            drafts = [s.id for s in sheets.values() if s.status == "draft" and s.table_id == version.id]
            scored = await context_repo.self_scored(conn, drafts) if step == "self_assessment" and drafts else {}
        codes = [c.code for c in table.criteria]
        missing: dict[int, Missing | None] = {}
        for unit in units:
            sheet = sheets.get(unit.id)
            status = sheet.status if sheet else "draft"
            if step == "explanation":
                missing[unit.id] = Missing("explanation") if status == "returned" else None
            elif status != "draft":
                missing[unit.id] = None
            elif sheet is not None and sheet.table_id != version.id:
                # a draft kept on an older table version (rare): counted against that version, one by one
                missing[unit.id] = await self._missing_on_sheet(year, unit)
            else:
                done = scored.get(sheet.id) if sheet else None
                unscored = sum(code not in done for code in codes) if done else len(codes)
                missing[unit.id] = Missing("unscored", unscored) if unscored else Missing("unsubmitted")
        return missing

    async def _missing_on_sheet(self, year: BlocYear, unit: Unit) -> Missing | None:
        try:
            view = await self.assessment.sheet_of(year, unit)
        except Exception:  # no table yet: nothing a unit can do, so nothing to remind
            return None
        if view.status != "draft":
            return None
        unscored = len(view.self_totals.missing)
        return Missing("unscored", unscored) if unscored else Missing("unsubmitted")

    async def _report_blocked(self, year: BlocYear, unit: Unit, person_ids: list[int]) -> None:
        """Tells the head, once per person, that a representative cannot be reached."""
        if year.head_unit_id is None:
            return
        async with self.db.reading() as conn:
            names = [p.full_name for p in [await people.get_person(conn, pid) for pid in person_ids] if p]
        reply = self.text.render(Unreachable(unit.name, tuple(names)))
        await self.outbox.enqueue([Copy(reply, channel, chat, person, "blocked")
                                   for person, channel, chat in await self._targets([year.head_unit_id])])


class Timed(Protocol):
    async def run_due(self) -> int:
        """Runs what is due by the clock's now; returns how much it handled."""
        ...

    async def next_due(self) -> datetime | None:
        ...


def _targets_by_unit(reach: list[Reach]) -> dict[int, list[tuple[int, str, str]]]:
    """unit -> (person, channel, chat) where its representatives' reminders go, by each one's choice of
    channel (bot.services.notify.chosen_accounts, the rule notices follow too)."""
    accounts: dict[tuple[int, int], list[Reach]] = {}
    for account in reach:
        accounts.setdefault((account.unit_id, account.person_id), []).append(account)
    targets: dict[int, list[tuple[int, str, str]]] = {}
    for (unit_id, person_id), reachable in accounts.items():
        chosen = chosen_accounts(reachable, reachable[0].wanted)
        targets.setdefault(unit_id, []).extend((person_id, a.channel, a.chat_id) for a in chosen)
    return targets
