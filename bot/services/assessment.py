"""Self-assessment (tự chấm điểm), checking (thẩm định) and the ranked summary.

Every value is an appended entry in one of four layers (self, check1, explanation, check2); the final
score of a criterion is its latest check if the head checked it, else the unit's own. A representative
only ever reaches their own unit's sheet; the head's representatives reach every sheet of their bloc.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal
from typing import NamedTuple

import aiosqlite

from bot.domain.clock import Clock
from bot.domain.criteria import (
    CriteriaTable,
    Criterion,
    Totals,
    ValueCheck,
    check_value,
    content_fingerprint,
    missing_evidence,
    totals,
)
from bot.domain.ranking import RankedRow, RankInput, rank
from bot.services.confirmation import Confirmations, same
from bot.services.outbox import NOTIFICATION, OutboxService, addressed
from bot.services.people import Actor
from bot.services.refusal import Refused
from bot.text.messages import FileRef, Reply
from storage import assessment as repo
from storage import audit, blocs, people
from storage import deadlines as deadline_repo
from storage import reminders as reminder_repo
from storage.db import Database
from storage.rows import AssessmentSetting, BlocYear, CriteriaTableVersion, Deadline, Evidence, LayerValue, Sheet, Unit

SELF_STEP = "self_assessment"
NOTE_LIMIT = 1000


def to_centi(points: Decimal) -> int:
    return int((points * 100).to_integral_value())


def from_centi(centi: int | None) -> Decimal | None:
    return None if centi is None else Decimal(centi) / 100


class _SheetRows(NamedTuple):
    """What a sheet view is built from, read in one pass (see AssessmentService._view)."""

    setting: AssessmentSetting
    sheet: Sheet | None
    layers: dict[str, dict[str, LayerValue]]
    evidence: list[Evidence]
    due: Deadline | None
    extension: tuple[datetime, str] | None


@dataclass
class SheetView:
    year: BlocYear
    unit: Unit
    version: CriteriaTableVersion
    table: CriteriaTable
    sheet: Sheet | None
    layers: dict[str, dict[str, LayerValue]]
    evidence: dict[str, list[Evidence]]
    deadline: Deadline | None
    editable: bool
    lock: str | None  # why the unit cannot change its scores now: a catalogue suffix
    self_points: dict[str, Decimal] = field(default_factory=dict)
    final_points: dict[str, Decimal] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for code, layer in self.layers.items():
            own = layer.get("self")
            if own is not None and own.points_centi is not None:
                self.self_points[code] = from_centi(own.points_centi) or Decimal(0)
            latest = layer.get("check2") or layer.get("check1") or own
            if latest is not None and latest.points_centi is not None:
                self.final_points[code] = from_centi(latest.points_centi) or Decimal(0)

    @property
    def status(self) -> str:
        return self.sheet.status if self.sheet else "draft"

    @property
    def self_totals(self) -> Totals:
        return totals(self.table, self.self_points)

    @property
    def final_totals(self) -> Totals:
        return totals(self.table, self.final_points)

    @property
    def missing_evidence(self) -> list[str]:
        counts = {code: len(items) for code, items in self.evidence.items()}
        return missing_evidence(self.table, counts, self.self_points)

    def entered(self, code: str, layer: str = "self") -> str | None:
        value = self.layers.get(code, {}).get(layer)
        return value.entered if value else None

    def count(self, code: str, layer: str = "self") -> Decimal | None:
        """What was counted for a counted item in this layer (None for items scored in points, or no entry)."""
        criterion = self.table.by_code(code)
        value = self.layers.get(code, {}).get(layer)
        if criterion is None or not criterion.counts_items or value is None or not value.entered:
            return None
        return Decimal(value.entered)

    @property
    def self_counts(self) -> dict[str, Decimal]:
        """The unit's own counts of its counted items, by code: what the annex shows beside the points."""
        return {c.code: n for c in self.table.criteria if (n := self.count(c.code)) is not None}

    @property
    def final_counts(self) -> dict[str, Decimal]:
        """The counts behind final_points: the latest check's count where the head checked, else the unit's."""
        result = {}
        for criterion in self.table.criteria:
            layer = self.layers.get(criterion.code, {})
            name = next((n for n in ("check2", "check1", "self") if n in layer), None)
            count = self.count(criterion.code, name) if name else None
            if count is not None:
                result[criterion.code] = count
        return result

    def adjusted(self) -> list[Criterion]:
        """Criteria whose first check differs from the unit's own score."""
        result = []
        for criterion in self.table.criteria:
            layer = self.layers.get(criterion.code, {})
            check = layer.get("check1")
            if check is not None and check.points_centi != (layer["self"].points_centi if "self" in layer else None):
                result.append(criterion)
        return result


@dataclass(frozen=True)
class CheckDraft:
    """A head's value for a criterion, validated, waiting for a reason when one is needed."""

    unit_id: int
    code: str
    layer: str
    entered: str
    points: Decimal
    needs_reason: bool


@dataclass(frozen=True)
class ClosingPreview:
    """What closing checking fixes: every member unit's sheet as it stands; `token` for the confirm button."""

    year: BlocYear
    units: list[UnitProgress]
    token: str


@dataclass(frozen=True)
class UnitProgress:
    unit: Unit
    status: str
    answered: int
    count: int
    self_total: Decimal | None


class AssessmentService:
    def __init__(self, db: Database, clock: Clock, outbox: OutboxService) -> None:
        self.db = db
        self.clock = clock
        # who is told of a submission or of finished explanations is written with it (see `submit`)
        self.outbox = outbox
        self.confirmations = Confirmations()  # for sending checking results back and closing checking
        self._tables: dict[int, CriteriaTable] = {}
        self._versions: dict[int, CriteriaTableVersion] = {}

    # --- the criteria table ----------------------------------------------------------------------

    async def current_table(self, year_id: int) -> tuple[CriteriaTableVersion, CriteriaTable] | None:
        async with self.db.reading() as conn:
            setting = await repo.setting(conn, year_id)
        version = await self._version(setting.current_table_id) if setting.current_table_id else None
        return (version, self._parsed(version)) if version else None

    async def _version(self, table_id: int) -> CriteriaTableVersion | None:
        # a version never changes once stored, so its row is read once
        version = self._versions.get(table_id)
        if version is None:
            async with self.db.reading() as conn:
                version = await repo.get_table(conn, table_id)
            if version is not None:
                self._versions[table_id] = version
        return version

    def _parsed(self, version: CriteriaTableVersion) -> CriteriaTable:
        # a version never changes once stored, so its parsed table can be kept; parsing it for every sheet
        # view was the most expensive step of a reminder sweep
        table = self._tables.get(version.id)
        if table is None:
            table = self._tables[version.id] = CriteriaTable.from_rows(version.rows)
        return table

    async def table_in_use(self, actor: Actor) -> tuple[CriteriaTableVersion, CriteriaTable] | None:
        year = actor.admin_year()
        return await self.current_table(year.id)

    async def load_table(self, actor: Actor, table: CriteriaTable, source_name: str | None,
                         reason: str | None = None,
                         message: Callable[[CriteriaTableVersion], Reply] | None = None,
                         ) -> tuple[CriteriaTableVersion, list[int]]:
        """Makes `table` the year's table. Once a unit submitted, only with a reason, and every unit is told
        (`message`, stored with the new version); returns the units told."""
        year = actor.admin_year()
        now = self.clock.now()
        async with self.db.transaction() as conn:
            submitted = await repo.any_submitted(conn, year.id)
            if submitted and not (reason and reason.strip()):
                raise Refused("table_locked")
            version = await repo.add_table(conn, year.id, table.fingerprint(), table.to_rows(), source_name,
                                           reason.strip() if reason else None, now, _pid(actor))
            await repo.move_drafts_to(conn, year.id, version.id)
            await audit.record(conn, now, _pid(actor), year, "criteria.loaded", version=version.version,
                               fingerprint=version.fingerprint, reason=reason)
            told = [u.id for u in await blocs.member_units(conn, year.id)] if submitted else []
            if told and message is not None:
                await self._tell_units(conn, actor, told, message(version))
        self.outbox.wake()
        return version, told

    async def any_submitted(self, actor: Actor) -> bool:
        year = actor.admin_year()
        async with self.db.reading() as conn:
            return await repo.any_submitted(conn, year.id)

    # --- switches ---------------------------------------------------------------------------------

    async def allows_resubmit(self, actor: Actor) -> bool:
        year = actor.admin_year()
        async with self.db.reading() as conn:
            return (await repo.setting(conn, year.id)).allow_resubmit

    async def set_allow_resubmit(self, actor: Actor, allow: bool) -> None:
        year = actor.admin_year()
        now = self.clock.now()
        async with self.db.transaction() as conn:
            await repo.set_allow_resubmit(conn, year.id, allow)
            await audit.record(conn, now, _pid(actor), year, "assessment.allow_resubmit", allow=allow)

    # --- reading sheets --------------------------------------------------------------------------

    async def sheet_of(self, year: BlocYear, unit: Unit) -> SheetView:
        """A unit's sheet as the system sees it (for reminders and documents, not for chat users)."""
        return await self._view(year, unit)

    async def _view(self, year: BlocYear, unit: Unit, *, member_check: bool = False) -> SheetView:
        # this runs for every typed score: its seven reads go to the database thread together, in one round
        # trip (each separately cost a hop of 30-70 µs of CPU, more than the query) and one snapshot
        def read(conn: sqlite3.Connection) -> _SheetRows | None:
            if member_check and not blocs.read_is_member(conn, year.id, unit.id):
                return None
            sheet = repo.read_sheet_of(conn, year.id, unit.id)
            return _SheetRows(repo.read_setting(conn, year.id), sheet,
                              repo.read_current_layers(conn, sheet.id) if sheet else {},
                              repo.read_evidence_of(conn, sheet.id) if sheet else [],
                              deadline_repo.read_deadline(conn, year.id, SELF_STEP),
                              reminder_repo.read_extensions(conn, year.id, SELF_STEP).get(unit.id))

        rows = await self.db.read(read)
        if rows is None:
            raise Refused("unit_left_bloc")
        setting, sheet, layers, items, due, extension = rows
        current = await self._version(setting.current_table_id) if setting.current_table_id else None
        if current is None:
            raise Refused("no_table")
        version = current
        if sheet is not None and sheet.table_id != version.id:
            version = await self._version(sheet.table_id) or version
        if due is not None and extension is not None:
            due = Deadline(due.year_id, due.step, extension[0], due.revision)
        evidence: dict[str, list[Evidence]] = {}
        for item in items:
            evidence.setdefault(item.criterion, []).append(item)
        table = self._parsed(version)
        lock = self._lock(sheet, due, setting.allow_resubmit, setting.checking_closed_at)
        return SheetView(year, unit, version, table, sheet, layers, evidence, due, lock is None, lock)

    def _lock(self, sheet: Sheet | None, due: Deadline | None, allow_resubmit: bool,
              closed: datetime | None) -> str | None:
        now = self.clock.now()
        if closed is not None:
            return "closed"
        status = sheet.status if sheet else "draft"
        reopened_late = sheet is not None and sheet.reopened_at is not None and due is not None \
            and sheet.reopened_at >= due.due_at
        if due is not None and now >= due.due_at and not (reopened_late and status == "draft"):
            return "deadline"
        if status == "submitted" and not allow_resubmit:
            return "submitted"
        if status in ("returned", "explained", "final"):
            return "checking"
        return None

    async def my_sheet(self, actor: Actor) -> SheetView:
        if actor.rep is None or actor.unit is None or actor.year is None:
            raise Refused("not_registered")
        return await self._view(actor.year, actor.unit, member_check=True)

    async def unit_sheet(self, actor: Actor, unit_id: int) -> SheetView:
        year = actor.admin_year()
        async with self.db.reading() as conn:
            unit = await blocs.get_unit(conn, unit_id)
            member = unit is not None and await blocs.is_member(conn, year.id, unit_id)
            fresh = await blocs.get_year(conn, year.id)
        if unit is None or not member or fresh is None:
            raise Refused("unit_not_found")
        return await self._view(fresh, unit)

    async def progress(self, actor: Actor) -> tuple[BlocYear, list[UnitProgress]]:
        year = actor.admin_year()
        async with self.db.reading() as conn:
            units = await blocs.member_units(conn, year.id)
        result = []
        for unit in units:
            view = await self._view(year, unit)
            own = view.self_totals
            result.append(UnitProgress(unit, view.status, own.answered, own.count,
                                       own.final if view.sheet and view.status != "draft" else None))
        return year, result

    # --- the unit's own scores -------------------------------------------------------------------

    async def _own_sheet(self, actor: Actor) -> tuple[SheetView, Sheet]:
        view = await self.my_sheet(actor)
        if not view.editable:
            raise Refused(f"sheet_locked_{view.lock}")
        sheet = view.sheet
        if sheet is not None and sheet.status == "draft":
            return view, sheet  # the usual case: nothing to write before the answer itself
        async with self.db.transaction() as conn:
            sheet = sheet or await repo.create_sheet(conn, view.year.id, view.unit.id, view.version.id,
                                                     self.clock.now())
            if sheet.status == "submitted":
                # the admin allows resubmission: a change makes it a draft to be submitted again
                await repo.set_status(conn, sheet.id, "draft", ("submitted",))
        return view, sheet

    def _criterion(self, view: SheetView, code: str) -> Criterion:
        criterion = view.table.by_code(code)
        if criterion is None:
            raise Refused("criterion_not_found")
        return criterion

    async def set_self_score(self, actor: Actor, code: str, text: str) -> tuple[Criterion, Decimal, SheetView]:
        """Stores the unit's own score; returns the criterion, its points and the sheet as it now stands (the
        view read before the write plus this entry: the write landed only if the sheet was still a draft)."""
        view, sheet = await self._own_sheet(actor)
        criterion = self._criterion(view, code)
        check = check_value(criterion, text)
        if not check.ok or check.points is None:
            raise _value_refusal(check, criterion)
        now = self.clock.now()
        entered, points, person = str(check.entered), to_centi(check.points), _pid(actor)
        if not await self.db.write(lambda conn: repo.add_entry(conn, sheet, code, "self", entered, points, None,
                                                               person, now, ("draft",))):
            raise Refused("sheet_changed")
        layers = {c: dict(by_layer) for c, by_layer in view.layers.items()}
        layers.setdefault(code, {})["self"] = LayerValue(entered, points, None, person, now)
        updated = replace(view, sheet=replace(sheet, status="draft"), layers=layers, self_points={},
                          final_points={})
        return criterion, check.points, updated

    async def add_evidence(self, actor: Actor, code: str, *, file: FileRef | None = None, link: str | None = None,
                           note: str | None = None) -> None:
        view, sheet = await self._own_sheet(actor)
        self._criterion(view, code)
        text = (link or note or "").strip() or None
        if file is None and (text is None or len(text) > NOTE_LIMIT):
            raise Refused("evidence_invalid", max=NOTE_LIMIT)
        kind = ("photo" if (file.mime_type or "").startswith("image/") else "document") if file else \
            ("link" if link else "note")
        now = self.clock.now()
        async with self.db.transaction() as conn:
            await repo.add_evidence(conn, sheet.id, code, kind, actor.sender.channel,
                                    file.file_id if file else None, file.file_name if file else None,
                                    file.mime_type if file else None, file.size if file else None, text, now,
                                    _pid(actor))

    async def remove_evidence(self, actor: Actor, evidence_id: int) -> str:
        _, sheet = await self._own_sheet(actor)
        async with self.db.transaction() as conn:
            code = await repo.remove_evidence(conn, sheet.id, evidence_id, self.clock.now(), _pid(actor))
        if code is None:
            raise Refused("evidence_not_found")
        return code

    async def submission(self, actor: Actor) -> tuple[SheetView, str]:
        """The sheet as it would be submitted now and the token of its confirmation (bot/services/
        confirmation.py, made of the receipt it would get); refused when it cannot be submitted. Only that
        token submits, so what is submitted is exactly what the person confirmed."""
        view, receipt = await self._submittable(actor)
        return view, self.confirmations.token("sheet.submit", view.unit.id, receipt)

    async def _submittable(self, actor: Actor) -> tuple[SheetView, str]:
        view = await self.my_sheet(actor)
        if not view.editable:
            raise Refused(f"sheet_locked_{view.lock}")
        own = view.self_totals
        if own.missing:
            raise Refused("sheet_incomplete", codes=", ".join(own.missing))
        if view.missing_evidence:
            raise Refused("evidence_missing", codes=", ".join(view.missing_evidence))
        evidence = {code: [e.file_id or e.text or "" for e in items] for code, items in view.evidence.items()}
        return view, content_fingerprint(view.version.fingerprint, view.self_points, evidence)

    async def submit(self, actor: Actor, token: str | None = None,
                     message: Callable[[Unit, Decimal], Reply] | None = None) -> tuple[SheetView, str]:
        """Submits the sheet the person confirmed (`token`: from `submission`; a sheet changed since is
        refused; None only for callers with no person confirming, such as tests and the sample bloc) and
        stores the head's copies of `message(unit, total)` with it, in one transaction: a submission the head
        is never told of, or told of one that did not happen, cannot be. Returns the sheet and its receipt."""
        _, sheet = await self._own_sheet(actor)
        view, receipt = await self._submittable(actor)
        if token is not None and not same(token, self.confirmations.token("sheet.submit", view.unit.id, receipt)):
            raise Refused("submit_changed")
        own = view.self_totals
        now = self.clock.now()
        async with self.db.transaction() as conn:
            if not await repo.set_status(conn, sheet.id, "draft", ("draft",)):
                raise Refused("sheet_locked_submitted")
            await repo.mark_submitted(conn, sheet, now, _pid(actor), to_centi(own.final), receipt)
            await audit.record(conn, now, _pid(actor), view.year, "sheet.submitted", unit_id=view.unit.id,
                               total=str(own.final), receipt=receipt)
            year = await blocs.get_year(conn, view.year.id)
            head = year.head_unit_id if year else None
            if message is not None and head is not None and head != view.unit.id:
                await self._tell_units(conn, actor, [head], message(view.unit, own.final))
        self.outbox.wake()
        return await self.my_sheet(actor), receipt

    async def _tell_units(self, conn: aiosqlite.Connection, actor: Actor, unit_ids: list[int],
                          reply: Reply) -> None:
        representatives = [r.person_id for r in await people.representatives_of(conn, unit_ids)]
        await self.outbox.save(conn, await addressed(conn, representatives, reply, NOTIFICATION, actor.sender))

    async def explain(self, actor: Actor, code: str, text: str) -> Criterion:
        view = await self.my_sheet(actor)
        if view.status != "returned" or view.sheet is None:
            raise Refused("not_explaining")
        criterion = self._criterion(view, code)
        if criterion not in view.adjusted():
            raise Refused("not_adjusted")
        note = " ".join(text.split())
        if not 1 <= len(note) <= NOTE_LIMIT:
            raise Refused("explanation_invalid", max=NOTE_LIMIT)
        sheet, person, now = view.sheet, _pid(actor), self.clock.now()
        if not await self.db.write(lambda conn: repo.add_entry(conn, sheet, code, "explanation", None, None, note,
                                                               person, now, ("returned",))):
            raise Refused("sheet_changed")
        return criterion

    async def finish_explaining(self, actor: Actor, message: Callable[[Unit], Reply]) -> SheetView:
        """Marks the explanations done and stores the head's copies of `message(unit)` in the same transaction."""
        view = await self.my_sheet(actor)
        if view.sheet is None:
            raise Refused("not_explaining")
        async with self.db.transaction() as conn:
            if not await repo.set_status(conn, view.sheet.id, "explained", ("returned",)):
                raise Refused("not_explaining")
            await audit.record(conn, self.clock.now(), _pid(actor), view.year, "sheet.explained",
                               unit_id=view.unit.id)
            fresh = await blocs.get_year(conn, view.year.id)
            if fresh is not None and fresh.head_unit_id is not None:
                await self._tell_units(conn, actor, [fresh.head_unit_id], message(view.unit))
        self.outbox.wake()
        return view

    async def evidence_files(self, actor: Actor, unit_id: int, code: str) -> tuple[Unit, list[FileRef]]:
        """The files and photos of a criterion's evidence, for the unit itself or an admin of its bloc."""
        if actor.unit is not None and actor.unit.id == unit_id and not actor.is_admin:
            view = await self.my_sheet(actor)
        else:
            view = await self.unit_sheet(actor, unit_id)
        self._criterion(view, code)
        files = [FileRef(e.file_id, e.file_name or e.kind, e.mime_type, None) for e in view.evidence.get(code, [])
                 if e.file_id and e.channel == actor.sender.channel]
        return view.unit, files

    # --- checking by the head --------------------------------------------------------------------

    async def draft_check(self, actor: Actor, unit_id: int, code: str, text: str) -> CheckDraft:
        view = await self.unit_sheet(actor, unit_id)
        criterion = self._criterion(view, code)
        if view.status == "draft" or view.sheet is None:
            raise Refused("sheet_not_submitted")
        if view.status == "final":
            raise Refused("sheet_locked_closed")
        layer = "check1" if view.status == "submitted" else "check2"
        check = check_value(criterion, text)
        if not check.ok or check.points is None:
            raise _value_refusal(check, criterion)
        layers = view.layers.get(code, {})
        before = layers.get("check1") if layer == "check2" and "check1" in layers else layers.get("self")
        needs_reason = before is None or before.points_centi != to_centi(check.points)
        return CheckDraft(unit_id, code, layer, str(check.entered), check.points, needs_reason)

    async def save_check(self, actor: Actor, draft: CheckDraft, reason: str | None) -> SheetView:
        reason = " ".join((reason or "").split()) or None
        if draft.needs_reason and reason is None:
            raise Refused("reason_required")
        view = await self.unit_sheet(actor, draft.unit_id)
        expected = ("submitted",) if draft.layer == "check1" else ("returned", "explained")
        if view.sheet is None or view.status not in expected:
            raise Refused("sheet_changed")
        sheet, person, now = view.sheet, _pid(actor), self.clock.now()
        if not await self.db.write(lambda conn: repo.add_entry(conn, sheet, draft.code, draft.layer, draft.entered,
                                                               to_centi(draft.points), reason, person, now, expected)):
            raise Refused("sheet_changed")
        return await self.unit_sheet(actor, draft.unit_id)

    async def prepare_return(self, actor: Actor, unit_id: int) -> tuple[SheetView, str]:
        """The confirmation of sending the first check back: the sheet as it will go, and the token of the
        button that sends it (bot/services/confirmation.py)."""
        view = await self.unit_sheet(actor, unit_id)
        if view.sheet is None or view.status != "submitted":
            raise Refused("sheet_not_submitted")
        return view, self._return_token(view)

    def _return_token(self, view: SheetView) -> str:
        # bound to the check values shown: one changed after the confirmation makes it stale
        checks = sorted((code, layers["check1"].points_centi, layers["check1"].entered, layers["check1"].note)
                        for code, layers in view.layers.items() if "check1" in layers)
        assert view.sheet is not None
        return self.confirmations.token("check.return", view.unit.id, view.sheet.id, view.status, checks)

    async def return_to_unit(self, actor: Actor, unit_id: int, token: str,
                             message: Callable[[SheetView], Reply]) -> SheetView:
        """Sends the first check the head confirmed (`token` from prepare_return, refused as "confirm_stale"
        for any other) back to the unit so it can explain; the unit's copies of `message(sheet)` are stored
        with the change."""
        view = await self.unit_sheet(actor, unit_id)
        if view.sheet is None or view.status != "submitted":
            raise Refused("sheet_not_submitted")
        if not same(token, self._return_token(view)):
            raise Refused("confirm_stale")
        now = self.clock.now()
        async with self.db.transaction() as conn:
            if not await repo.set_status(conn, view.sheet.id, "returned", ("submitted",)):
                raise Refused("sheet_changed")
            await audit.record(conn, now, _pid(actor), view.year, "sheet.returned", unit_id=unit_id,
                               adjusted=[c.code for c in view.adjusted()])
            await self._tell_units(conn, actor, [unit_id], message(view))
        self.outbox.wake()
        return await self.unit_sheet(actor, unit_id)

    async def reopen(self, actor: Actor, unit_id: int, reason: str,
                     message: Callable[[str], Reply] | None = None) -> SheetView:
        """Puts the unit's sheet back to draft; the unit's copies of `message(reason)` are stored with it."""
        reason = " ".join(reason.split())
        if not reason:
            raise Refused("reason_required")
        view = await self.unit_sheet(actor, unit_id)
        if view.status == "final":
            raise Refused("sheet_locked_closed")
        now = self.clock.now()
        async with self.db.transaction() as conn:
            sheet = view.sheet or await repo.create_sheet(conn, view.year.id, unit_id, view.version.id, now)
            await repo.reopen(conn, sheet.id, now, _pid(actor), reason)
            await audit.record(conn, now, _pid(actor), view.year, "sheet.reopened", unit_id=unit_id,
                               reason=reason)
            if message is not None:
                await self._tell_units(conn, actor, [unit_id], message(reason))
        self.outbox.wake()
        return await self.unit_sheet(actor, unit_id)

    async def prepare_close_checking(self, actor: Actor) -> ClosingPreview:
        """The confirmation of closing checking: where every unit's sheet stands, and the token that closes."""
        year, units = await self.progress(actor)
        async with self.db.reading() as conn:
            if (await repo.setting(conn, year.id)).checking_closed_at is not None:
                raise Refused("sheet_locked_closed")
        ranked = await self.ranking_of(year)
        # bound to every sheet's status and final total: a check or a submission after it makes it stale
        token = self.confirmations.token("check.close", year.id, sorted((u.unit.id, u.status) for u in units),
                                         sorted((r.unit_id, str(r.final)) for r in ranked))
        return ClosingPreview(year, units, token)

    async def close_checking(self, actor: Actor, token: str, message: Callable[[], Reply]) -> list[int]:
        """Fixes every sheet's final scores, as the head confirmed (`token` from prepare_close_checking,
        refused as "confirm_stale" for any other); every member unit's copies of `message()` are stored with
        it. Returns the member units."""
        preview = await self.prepare_close_checking(actor)
        if not same(token, preview.token):
            raise Refused("confirm_stale")
        year = preview.year
        now = self.clock.now()
        async with self.db.transaction() as conn:
            if (await repo.setting(conn, year.id)).checking_closed_at is not None:
                raise Refused("sheet_locked_closed")
            await repo.close_checking(conn, year.id, now, _pid(actor))
            await audit.record(conn, now, _pid(actor), year, "checking.closed")
            units = [u.id for u in await blocs.member_units(conn, year.id)]
            await self._tell_units(conn, actor, units, message())
        self.outbox.wake()
        return units

    # --- the ranked summary ----------------------------------------------------------------------

    async def ranking(self, actor: Actor) -> tuple[BlocYear, list[RankedRow]]:
        """The ranked summary of every unit that submitted, on its final scores."""
        year = actor.admin_year()
        return year, await self.ranking_of(year)

    async def ranking_of(self, year: BlocYear) -> list[RankedRow]:
        if await self.current_table(year.id) is None:
            return []  # no table this year: nothing was scored, so nothing to rank
        async with self.db.reading() as conn:
            units = await blocs.member_units(conn, year.id)
        inputs = []
        for unit in units:
            view = await self._view(year, unit)
            if view.sheet is None or view.status == "draft":
                continue
            own, final = view.self_totals, view.final_totals
            checked = final.main if any("check1" in v or "check2" in v for v in view.layers.values()) else None
            inputs.append(RankInput(unit.id, unit.name, own.main, checked, final.bonus, final.penalty, final.final))
        return rank(inputs)


def _value_refusal(check: ValueCheck, criterion: Criterion | None = None) -> Refused:
    if criterion is not None and criterion.counts_items:
        # one answer for every unusable count: what a count is, not a range of points
        return Refused("value_count", per=criterion.per_item, max=criterion.max_points)
    return Refused(f"value_{(check.problem or 'invalid').lower()}", min=check.min, max=check.max,
                   step=check.step if check.step is not None else "")


def _pid(actor: Actor) -> int | None:
    return actor.person.id if actor.person else None
