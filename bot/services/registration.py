"""Registration of targets and titles (đăng ký thi đua), and the covenant (giao ước thi đua)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from datetime import datetime

from bot.domain.clock import Clock
from bot.domain.titles import DEFAULT_TITLES
from bot.services.people import Actor
from bot.services.refusal import Refused
from bot.text.messages import FileRef
from bot.text.vi_text import fold, vi_sort_key
from storage import audit, blocs, deadlines
from storage import registration as repo
from storage.db import Database
from storage.registration import Covenant, Registration
from storage.rows import BlocYear, Deadline, Unit

TARGET_LINES = 10
TARGET_LENGTH = 200
STAFF_MAX = 100000
COVENANT_LIMIT = 20000


@dataclass(frozen=True)
class RegistrationView:
    year: BlocYear
    unit: Unit
    registration: Registration
    titles: list[tuple[str, str]]
    deadline: Deadline | None
    editable: bool


@dataclass(frozen=True)
class RegistrationSummary:
    year: BlocYear
    units: list[tuple[Unit, Registration | None]]
    titles: list[tuple[str, str]]

    @property
    def submitted(self) -> list[Registration]:
        return [r for _, r in self.units if r is not None and r.status == "submitted"]

    def title_count(self, code: str) -> int:
        return sum(1 for r in self.submitted if code in r.titles)

    @property
    def staff(self) -> int:
        return sum(r.staff or 0 for r in self.submitted)

    @property
    def advanced_workers(self) -> int:
        return sum(r.advanced_workers or 0 for r in self.submitted)

    @property
    def emulation_soldiers(self) -> int:
        return sum(r.emulation_soldiers or 0 for r in self.submitted)


@dataclass(frozen=True)
class CovenantStatus:
    year: BlocYear
    covenant: Covenant | None
    signed: list[tuple[Unit, datetime, str]]  # unit, when, who signed
    unsigned: list[Unit]


def _empty(year_id: int, unit_id: int) -> Registration:
    return Registration(year_id, unit_id, "draft", [], False, None, None, None, [], None)


def covenant_fingerprint(text: str, file_id: str | None) -> str:
    return hashlib.sha256(json.dumps([text, file_id], ensure_ascii=False).encode()).hexdigest()[:12]


class RegistrationService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    # --- the catalogue of titles -----------------------------------------------------------------

    async def titles(self, year: BlocYear) -> list[tuple[str, str]]:
        async with self.db.reading() as conn:
            current = await repo.titles(conn, year.id)
        if current:
            return current
        async with self.db.transaction() as conn:
            if not await repo.titles(conn, year.id):
                await repo.set_titles(conn, year.id, list(DEFAULT_TITLES))
            return await repo.titles(conn, year.id)

    async def add_title(self, actor: Actor, name: str) -> list[tuple[str, str]]:
        year = actor.admin_year()
        name = " ".join(name.split())
        if not 1 <= len(name) <= 200:
            raise Refused("title_invalid")
        current = await self.titles(year)
        code = fold(name).replace(" ", "_")[:40]
        if any(c == code for c, _ in current):
            raise Refused("title_exists", title=name)
        async with self.db.transaction() as conn:
            await repo.set_titles(conn, year.id, [*current, (code, name)])
        return await self.titles(year)

    async def remove_title(self, actor: Actor, code: str) -> list[tuple[str, str]]:
        year = actor.admin_year()
        current = await self.titles(year)
        async with self.db.transaction() as conn:
            await repo.set_titles(conn, year.id, [(c, n) for c, n in current if c != code])
        return await self.titles(year)

    # --- a unit's registration -------------------------------------------------------------------

    async def mine(self, actor: Actor) -> RegistrationView:
        if actor.unit is None or actor.year is None or actor.rep is None:
            raise Refused("not_registered")
        year, unit = actor.year, actor.unit
        titles = await self.titles(year)
        async with self.db.reading() as conn:
            reg = await repo.registration(conn, year.id, unit.id) or _empty(year.id, unit.id)
            due = await deadlines.deadline(conn, year.id, "registration")
        editable = due is None or self.clock.now() < due.due_at
        return RegistrationView(year, unit, reg, titles, due, editable)

    async def _change(self, actor: Actor, field: str, value: object) -> RegistrationView:
        view = await self.mine(actor)
        if not view.editable:
            raise Refused("registration_closed")
        reg = view.registration
        if field == "title":
            if value not in {code for code, _ in view.titles}:
                raise Refused("title_unknown")
            titles = [t for t in reg.titles if t != value] if value in reg.titles else [*reg.titles, value]
            reg = replace(reg, titles=titles)
            value = titles
        elif field == "cultured":
            reg = replace(reg, cultured=not reg.cultured)
            value = reg.cultured
        elif field == "staff":
            reg = replace(reg, staff=value)
        elif field == "advanced_workers":
            reg = replace(reg, advanced_workers=value)
        elif field == "emulation_soldiers":
            reg = replace(reg, emulation_soldiers=value)
        elif field == "targets":
            reg = replace(reg, targets=value)  # type: ignore[arg-type]
        staff = reg.staff
        for count in (reg.advanced_workers, reg.emulation_soldiers):
            if staff is not None and count is not None and count > staff:
                raise Refused("count_over_staff", count=count, staff=staff)
        now = self.clock.now()
        async with self.db.transaction() as conn:
            await repo.save(conn, reg, now)
            await repo.record_change(conn, reg.year_id, reg.unit_id, field, value, _pid(actor), now)
        return await self.mine(actor)

    async def toggle_title(self, actor: Actor, code: str) -> RegistrationView:
        return await self._change(actor, "title", code)

    async def toggle_cultured(self, actor: Actor) -> RegistrationView:
        return await self._change(actor, "cultured", None)

    async def set_count(self, actor: Actor, field: str, text: str) -> RegistrationView:
        if field not in ("staff", "advanced_workers", "emulation_soldiers"):
            raise Refused("stale")
        cleaned = text.strip().replace(".", "").replace(" ", "")
        low = 1 if field == "staff" else 0
        if not cleaned.isdigit() or not low <= int(cleaned) <= STAFF_MAX:
            raise Refused("count_invalid", min=low, max=STAFF_MAX)
        view = await self.mine(actor)
        if field != "staff" and view.registration.staff is None:
            raise Refused("staff_first")
        return await self._change(actor, field, int(cleaned))

    async def set_targets(self, actor: Actor, text: str) -> RegistrationView:
        lines = [" ".join(line.lstrip("-•*+ ").split()) for line in text.splitlines()]
        lines = [line for line in lines if line]
        if not 1 <= len(lines) <= TARGET_LINES or any(len(line) > TARGET_LENGTH for line in lines):
            raise Refused("targets_invalid", lines=TARGET_LINES, length=TARGET_LENGTH)
        return await self._change(actor, "targets", lines)

    async def submit(self, actor: Actor) -> RegistrationView:
        view = await self.mine(actor)
        if not view.editable:
            raise Refused("registration_closed")
        reg = view.registration
        if reg.staff is None or reg.advanced_workers is None or reg.emulation_soldiers is None:
            raise Refused("registration_incomplete")
        now = self.clock.now()
        async with self.db.transaction() as conn:
            await repo.save(conn, reg, now)
            await repo.submit(conn, reg.year_id, reg.unit_id, now, _pid(actor))
            await repo.record_change(conn, reg.year_id, reg.unit_id, "submitted", True, _pid(actor), now)
            await audit.record(conn, now, _pid(actor), view.year, "registration.submitted",
                               unit_id=reg.unit_id)
        return await self.mine(actor)

    async def summary(self, actor: Actor) -> RegistrationSummary:
        year = actor.admin_year()
        titles = await self.titles(year)
        async with self.db.reading() as conn:
            units = await blocs.member_units(conn, year.id)
            regs = {r.unit_id: r for r in await repo.registrations(conn, year.id)}
        units.sort(key=lambda u: vi_sort_key(u.name))
        return RegistrationSummary(year, [(u, regs.get(u.id)) for u in units], titles)

    # --- the covenant ----------------------------------------------------------------------------

    async def publish_covenant(self, actor: Actor, text: str, file: FileRef | None) -> tuple[Covenant, bool, list[int]]:
        """A new version of the covenant; returns it, whether units had signed an earlier one, and the units."""
        year = actor.admin_year()
        text = text.strip()
        if not 1 <= len(text) <= COVENANT_LIMIT:
            raise Refused("covenant_invalid", max=COVENANT_LIMIT)
        now = self.clock.now()
        async with self.db.transaction() as conn:
            previous = await repo.current_covenant(conn, year.id)
            had_signatures = bool(previous and await repo.signatures(conn, previous.id))
            covenant = await repo.publish_covenant(
                conn, year.id, text, file.file_id if file else None, file.file_name if file else None,
                actor.sender.channel if file else None, covenant_fingerprint(text, file.file_id if file else None),
                now, _pid(actor))
            await audit.record(conn, now, _pid(actor), year, "covenant.published", version=covenant.version,
                               fingerprint=covenant.fingerprint)
            units = [u.id for u in await blocs.member_units(conn, year.id)]
        return covenant, had_signatures, units

    async def covenant_for(self, actor: Actor) -> tuple[Covenant, bool]:
        """The current covenant, and whether the representative's unit has signed it."""
        if actor.unit is None or actor.year is None or actor.rep is None:
            raise Refused("not_registered")
        async with self.db.reading() as conn:
            covenant = await repo.current_covenant(conn, actor.year.id)
            signed = await repo.signatures(conn, covenant.id) if covenant else {}
        if covenant is None:
            raise Refused("no_covenant")
        return covenant, actor.unit.id in signed

    async def sign(self, actor: Actor, fingerprint: str) -> Covenant:
        """Signs the version the person read; a newer text since then must be read first."""
        covenant, signed = await self.covenant_for(actor)
        if covenant.fingerprint != fingerprint:
            raise Refused("covenant_changed")
        if signed:
            raise Refused("covenant_already_signed")
        assert actor.unit is not None and actor.person is not None and actor.year is not None
        now = self.clock.now()
        async with self.db.transaction() as conn:
            if not await repo.sign(conn, covenant.id, actor.unit.id, actor.person.id, covenant.fingerprint, now):
                raise Refused("covenant_already_signed")
            await audit.record(conn, now, actor.person.id, actor.year, "covenant.signed",
                               version=covenant.version, unit_id=actor.unit.id, fingerprint=covenant.fingerprint)
        return covenant

    async def covenant_status(self, actor: Actor) -> CovenantStatus:
        year = actor.admin_year()
        async with self.db.reading() as conn:
            covenant = await repo.current_covenant(conn, year.id)
            signed = await repo.signatures(conn, covenant.id) if covenant else {}
            units = await blocs.member_units(conn, year.id)
        units.sort(key=lambda u: vi_sort_key(u.name))
        return CovenantStatus(year, covenant, [(u, signed[u.id][1], signed[u.id][0]) for u in units if u.id in signed],
                              [u for u in units if u.id not in signed])


def _pid(actor: Actor) -> int | None:
    return actor.person.id if actor.person else None
