"""Joining a bloc with an invite code, and the bloc administration that onboarding needs."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.domain import invite_rules
from bot.domain.clock import Clock
from bot.domain.unit_import import UnitImport
from bot.services.people import Actor, add_person, clean_name
from bot.services.refusal import Refused
from bot.text.messages import Sender
from bot.text.vi_text import fold, normalize, vi_sort_key
from storage import audit, blocs, invites, people
from storage.db import Database
from storage.rows import BlocYear, Invite, Representative, Unit

YEAR_MIN, YEAR_MAX = 2000, 2100


@dataclass(frozen=True)
class JoinPreview:
    code: str
    unit: Unit
    year: BlocYear


@dataclass(frozen=True)
class Joined:
    rep: Representative
    unit: Unit
    year: BlocYear


@dataclass(frozen=True)
class UnitView:
    unit: Unit
    reps: list[Representative]
    invite: Invite | None
    is_head: bool
    is_deputy: bool


@dataclass(frozen=True)
class ImportResult:
    added: list[Unit]
    skipped: list[str]


@dataclass(frozen=True)
class Leadership:
    year: BlocYear
    head: Unit | None
    deputy: Unit | None


def parse_year(text: str) -> int:
    text = text.strip()
    if not text.isdigit() or not YEAR_MIN <= int(text) <= YEAR_MAX:
        raise Refused("year_invalid", min=YEAR_MIN, max=YEAR_MAX, example=2026)
    return int(text)


class OnboardingService:
    def __init__(self, db: Database, clock: Clock, default_language: str = "vi",
                 invite_max_uses: int = invite_rules.DEFAULT_MAX_USES,
                 invite_valid_days: int = invite_rules.DEFAULT_VALID_DAYS) -> None:
        self.db = db
        self.clock = clock
        self.default_language = default_language
        self.invite_max_uses = invite_max_uses
        self.invite_valid = timedelta(days=invite_valid_days)

    # --- joining --------------------------------------------------------------------------------

    async def preview(self, sender: Sender, typed_code: str) -> JoinPreview:
        """Checks a code without using it, so the person can confirm the unit first."""
        now = self.clock.now()
        async with self.db.reading() as conn:
            failures = await invites.failures_since(conn, sender.channel, sender.user_id,
                                                    now - invite_rules.FAILURE_WINDOW)
        gate = invite_rules.throttle(failures, now)
        if gate.blocked:
            raise Refused("code_throttled", at=gate.retry_at)
        try:
            return await self._check_code(sender, typed_code, now)
        except Refused as refusal:
            if refusal.code in ("code_unknown", "code_expired", "code_revoked", "code_used_up"):
                async with self.db.transaction() as conn:
                    await invites.record_attempt(conn, sender.channel, sender.user_id, now, False)
            raise

    async def _check_code(self, sender: Sender, typed_code: str, now: datetime) -> JoinPreview:
        code = invite_rules.normalize_code(typed_code)
        async with self.db.reading() as conn:
            invite = await invites.by_code(conn, code) if code else None
            if invite is None:
                raise Refused("code_unknown")
            why = invite_rules.unusable(invite, now)
            if why == "revoked":
                raise Refused("code_revoked")
            if why == "expired":
                raise Refused("code_expired", at=invite.expires_at)
            if why == "used_up":
                raise Refused("code_used_up", max=invite.max_uses)
            unit = await blocs.get_unit(conn, invite.unit_id)
            assert unit is not None
            year = await blocs.latest_year(conn, unit.bloc_id)
            if year is None or not await blocs.is_member(conn, year.id, unit.id):
                raise Refused("unit_left_bloc")
            ident = await people.identity(conn, sender.channel, sender.user_id)
            if ident is not None:
                rep = await people.active_representation(conn, ident.person_id)
                if rep is not None:
                    current = await blocs.get_unit(conn, rep.unit_id)
                    raise Refused("already_member", unit=current.name if current else "")
        return JoinPreview(invite.code, unit, year)

    async def join(self, sender: Sender, typed_code: str) -> Joined:
        """Registers the sender as a representative; every check is repeated inside the transaction."""
        preview = await self.preview(sender, typed_code)
        now = self.clock.now()
        async with self.db.transaction() as conn:
            invite = await invites.by_code(conn, preview.code)
            assert invite is not None
            if not await invites.count_use(conn, invite.id):
                raise Refused("code_used_up", max=invite.max_uses)
            ident = await people.identity(conn, sender.channel, sender.user_id)
            person_id = ident.person_id if ident else await add_person(conn, sender, self.default_language, now)
            try:
                rep = await people.add_representative(conn, invite.unit_id, person_id, invite.id, now)
            except sqlite3.IntegrityError:
                # a second tap raced the first: the person already represents a unit
                raise Refused("already_member", unit=preview.unit.name) from None
            await invites.record_attempt(conn, sender.channel, sender.user_id, now, True)
            await audit.record(conn, now, person_id, preview.year, "representative.joined",
                               unit_id=invite.unit_id, invite_id=invite.id)
        return Joined(rep, preview.unit, preview.year)

    # --- blocs and years (super-admins) --------------------------------------------------------

    async def create_bloc(self, actor: Actor, name_text: str, year: int) -> BlocYear:
        if not actor.is_super or actor.person is None:
            raise Refused("not_super")
        name = clean_name(name_text, 200)
        if name is None:
            raise Refused("bloc_name_invalid")
        now = self.clock.now()
        async with self.db.transaction() as conn:
            if await blocs.bloc_by_key(conn, fold(name)) is not None:
                raise Refused("bloc_exists", bloc=name)
            bloc = await blocs.create_bloc(conn, name, fold(name), now, actor.person.id)
            year_id = await blocs.create_year(conn, bloc.id, year, now)
            await blocs.set_focus(conn, actor.person.id, year_id)
            created = await blocs.get_year(conn, year_id)
            assert created is not None
            await audit.record(conn, now, actor.person.id, created, "bloc.created", name=name, year=year)
        return created

    async def check_new_bloc_name(self, actor: Actor, name_text: str) -> str:
        if not actor.is_super:
            raise Refused("not_super")
        name = clean_name(name_text, 200)
        if name is None:
            raise Refused("bloc_name_invalid")
        async with self.db.reading() as conn:
            if await blocs.bloc_by_key(conn, fold(name)) is not None:
                raise Refused("bloc_exists", bloc=name)
        return name

    async def current_years(self, actor: Actor) -> list[BlocYear]:
        if not actor.is_super:
            raise Refused("not_super")
        async with self.db.reading() as conn:
            years = await blocs.list_current_years(conn)
        return sorted(years, key=lambda y: vi_sort_key(y.bloc_name))

    async def focus(self, actor: Actor, year_id: int) -> BlocYear:
        if not actor.is_super or actor.person is None:
            raise Refused("not_super")
        async with self.db.transaction() as conn:
            year = await blocs.get_year(conn, year_id)
            if year is None:
                raise Refused("no_focus")
            await blocs.set_focus(conn, actor.person.id, year_id)
        return year

    async def open_next_year(self, actor: Actor, year: int) -> tuple[BlocYear, int]:
        """A new year of the same bloc: members carry over, head and deputy are chosen afresh."""
        current = actor.admin_year()
        now = self.clock.now()
        async with self.db.transaction() as conn:
            if await blocs.find_year(conn, current.bloc_id, year) is not None:
                raise Refused("year_exists", year=year)
            if year < current.year:
                raise Refused("year_invalid", min=current.year + 1, max=YEAR_MAX, example=current.year + 1)
            year_id = await blocs.create_year(conn, current.bloc_id, year, now)
            count = await blocs.copy_members(conn, current.id, year_id, now)
            if actor.is_super and actor.person is not None:
                await blocs.set_focus(conn, actor.person.id, year_id)
            created = await blocs.get_year(conn, year_id)
            assert created is not None
            await audit.record(conn, now, _pid(actor), created, "year.opened", year=year, from_year=current.year)
        return created, count

    # --- units ----------------------------------------------------------------------------------

    async def add_unit(self, actor: Actor, line: str) -> tuple[Unit, Invite]:
        """Adds a unit from "name | short name | contact" and issues its invite."""
        year = actor.admin_year()
        parts = [normalize(p) or None for p in line.split("|")]
        name = parts[0] if parts else None
        short = parts[1] if len(parts) > 1 else None
        contact = parts[2] if len(parts) > 2 else None
        if (not name or len(name) > 200 or len(parts) > 3 or (short and len(short) > 50)
                or (contact and len(contact) > 200)):
            raise Refused("unit_name_invalid")
        now = self.clock.now()
        async with self.db.transaction() as conn:
            existing = await blocs.units_with_keys(conn, year.bloc_id)
            if fold(name) in existing:
                raise Refused("unit_exists", unit=existing[fold(name)].name)
            unit = await blocs.add_unit(conn, year.bloc_id, name, fold(name), short, contact, now)
            await blocs.add_member(conn, year.id, year.bloc_id, unit.id, now)
            invite = await self._issue(conn, unit.id, now, _pid(actor))
            await audit.record(conn, now, _pid(actor), year, "unit.added", unit_id=unit.id, name=name)
        return unit, invite

    async def import_units(self, actor: Actor, parsed: UnitImport) -> ImportResult:
        """All rows or none: the caller shows parsed.errors and calls this only when there are none.

        Units already in the bloc are skipped by name, so sending the same file twice adds nothing.
        """
        year = actor.admin_year()
        if parsed.errors:
            raise ValueError("import_units needs a file without problems")
        now = self.clock.now()
        added: list[Unit] = []
        skipped: list[str] = []
        async with self.db.transaction() as conn:
            existing = await blocs.units_with_keys(conn, year.bloc_id)
            for row in parsed.rows:
                if fold(row.name) in existing:
                    unit = existing[fold(row.name)]
                    await blocs.add_member(conn, year.id, year.bloc_id, unit.id, now)
                    skipped.append(unit.name)
                    continue
                unit = await blocs.add_unit(conn, year.bloc_id, row.name, fold(row.name), row.short_name,
                                            row.contact, now)
                await blocs.add_member(conn, year.id, year.bloc_id, unit.id, now)
                await self._issue(conn, unit.id, now, _pid(actor))
                added.append(unit)
            await audit.record(conn, now, _pid(actor), year, "units.imported", added=len(added),
                               skipped=len(skipped))
        return ImportResult(added, skipped)

    async def _current(self, actor: Actor) -> BlocYear:
        """The administered year as stored now: the actor's copy may predate a change in this very update."""
        year = actor.admin_year()
        async with self.db.reading() as conn:
            fresh = await blocs.get_year(conn, year.id)
        assert fresh is not None
        return fresh

    async def units(self, actor: Actor) -> tuple[BlocYear, list[UnitView]]:
        year = await self._current(actor)
        return year, await self._unit_views(year)

    async def _unit_views(self, year: BlocYear) -> list[UnitView]:
        async with self.db.reading() as conn:
            units = await blocs.member_units(conn, year.id)
            ids = [u.id for u in units]
            reps = await people.representatives_of(conn, ids)
            live = await invites.live_for_units(conn, ids)
        by_unit: dict[int, list[Representative]] = {}
        for rep in reps:
            by_unit.setdefault(rep.unit_id, []).append(rep)
        units.sort(key=lambda u: vi_sort_key(u.name))
        return [UnitView(u, by_unit.get(u.id, []), live.get(u.id), year.head_unit_id == u.id,
                         year.deputy_unit_id == u.id) for u in units]

    async def unit(self, actor: Actor, unit_id: int) -> tuple[BlocYear, UnitView]:
        year = await self._current(actor)
        for view in await self._unit_views(year):
            if view.unit.id == unit_id:
                return year, view
        raise Refused("unit_not_found")

    async def my_unit(self, actor: Actor) -> tuple[BlocYear, UnitView]:
        if actor.unit is None or actor.year is None or actor.rep is None:
            raise Refused("not_registered")
        for view in await self._unit_views(actor.year):
            if view.unit.id == actor.unit.id:
                return actor.year, view
        raise Refused("unit_left_bloc")

    # --- invites --------------------------------------------------------------------------------

    async def _issue(self, conn, unit_id: int, now: datetime, by: int | None) -> Invite:
        await invites.revoke_live(conn, unit_id, now)
        for _ in range(5):
            code = invite_rules.new_code()
            if await invites.by_code(conn, code) is None:
                return await invites.create(conn, unit_id, code, self.invite_max_uses, now + self.invite_valid,
                                            now, by)
        raise RuntimeError("could not draw a fresh invite code")

    async def regenerate_invite(self, actor: Actor, unit_id: int) -> Invite:
        year, _ = await self.unit(actor, unit_id)
        now = self.clock.now()
        async with self.db.transaction() as conn:
            invite = await self._issue(conn, unit_id, now, _pid(actor))
            await audit.record(conn, now, _pid(actor), year, "invite.issued", unit_id=unit_id)
        return invite

    async def revoke_invite(self, actor: Actor, unit_id: int) -> None:
        year, _ = await self.unit(actor, unit_id)
        now = self.clock.now()
        async with self.db.transaction() as conn:
            await invites.revoke_live(conn, unit_id, now)
            await audit.record(conn, now, _pid(actor), year, "invite.revoked", unit_id=unit_id)

    async def all_invites(self, actor: Actor) -> tuple[BlocYear, list[tuple[Unit, Invite]]]:
        """Every member unit's live invite, issuing one where a unit has none or it lapsed."""
        year = actor.admin_year()
        now = self.clock.now()
        result = []
        async with self.db.transaction() as conn:
            units = await blocs.member_units(conn, year.id)
            live = await invites.live_for_units(conn, [u.id for u in units])
            for unit in sorted(units, key=lambda u: vi_sort_key(u.name)):
                invite = live.get(unit.id)
                if invite is None or invite_rules.unusable(invite, now) is not None:
                    invite = await self._issue(conn, unit.id, now, _pid(actor))
                result.append((unit, invite))
        return year, result

    # --- representatives and leadership ---------------------------------------------------------

    async def remove_representative(self, actor: Actor, rep_id: int) -> tuple[Representative, Unit]:
        """Ends a representation."""
        year = actor.admin_year()
        now = self.clock.now()
        async with self.db.transaction() as conn:
            rep = await people.get_representative(conn, rep_id)
            unit = await blocs.get_unit(conn, rep.unit_id) if rep else None
            # tenant isolation: the representative must belong to a unit of the administered bloc
            if rep is None or unit is None or unit.bloc_id != year.bloc_id:
                raise Refused("rep_not_found")
            await people.remove_representative(conn, rep_id, _pid(actor), now)
            await audit.record(conn, now, _pid(actor), year, "representative.removed",
                               unit_id=unit.id, removed_person_id=rep.person_id)
        return rep, unit

    async def leadership(self, actor: Actor) -> Leadership:
        year = await self._current(actor)
        async with self.db.reading() as conn:
            head = await blocs.get_unit(conn, year.head_unit_id) if year.head_unit_id else None
            deputy = await blocs.get_unit(conn, year.deputy_unit_id) if year.deputy_unit_id else None
        return Leadership(year, head, deputy)

    async def set_role(self, actor: Actor, unit_id: int, role: str) -> tuple[BlocYear, Unit]:
        """Makes a member unit the head or the deputy; a unit holding the other role gives it up."""
        year, view = await self.unit(actor, unit_id)
        now = self.clock.now()
        async with self.db.transaction() as conn:
            fresh = await blocs.get_year(conn, year.id)
            assert fresh is not None
            head, deputy = fresh.head_unit_id, fresh.deputy_unit_id
            if role == "head":
                head, deputy = unit_id, (None if deputy == unit_id else deputy)
            else:
                deputy, head = unit_id, (None if head == unit_id else head)
            await blocs.set_leadership(conn, year.id, head, deputy)
            await audit.record(conn, now, _pid(actor), year, f"leadership.{role}", unit_id=unit_id)
            updated = await blocs.get_year(conn, year.id)
        assert updated is not None
        return updated, view.unit

    async def admin_chats(self, channel: str, super_admin_ids: frozenset[int]) -> set[str]:
        """Private chats of everyone who administers some bloc now, for the admin command menu."""
        chats: set[str] = set()
        async with self.db.reading() as conn:
            if channel == "telegram":
                # only super-admins who have written to the bot: a menu for an unknown chat is refused
                for admin_id in super_admin_ids:
                    ident = await people.identity(conn, channel, str(admin_id))
                    if ident is not None and ident.blocked_at is None:
                        chats.add(ident.chat_id)
            years = await blocs.list_current_years(conn)
            heads = [y.head_unit_id for y in years if y.head_unit_id]
            idents = await people.reachable_identities_of_units(conn, heads)
        chats.update(i.chat_id for i in idents if i.channel == channel and i.blocked_at is None)
        return chats


def _pid(actor: Actor) -> int | None:
    return actor.person.id if actor.person else None


async def find_bloc_year(service: OnboardingService, name_text: str, year: int) -> BlocYear | None:
    """For the command line: the bloc-year of that name and year, if there is one."""
    async with service.db.reading() as conn:
        bloc = await blocs.bloc_by_key(conn, fold(name_text))
        return await blocs.find_year(conn, bloc.id, year) if bloc else None


async def ensure_bloc_year(service: OnboardingService, name_text: str, year: int) -> BlocYear:
    """For the command line (an operator on the server, not a chat user): the bloc-year, created if new."""
    name = clean_name(name_text, 200)
    if name is None:
        raise Refused("bloc_name_invalid")
    now = service.clock.now()
    async with service.db.transaction() as conn:
        bloc = await blocs.bloc_by_key(conn, fold(name))
        new_bloc = bloc is None
        if bloc is None:
            bloc = await blocs.create_bloc(conn, name, fold(name), now, None)
        found = await blocs.find_year(conn, bloc.id, year)
        if found is not None:
            return found
        previous = await blocs.latest_year(conn, bloc.id)
        year_id = await blocs.create_year(conn, bloc.id, year, now)
        if previous is not None and previous.year < year:
            await blocs.copy_members(conn, previous.id, year_id, now)
        created = await blocs.get_year(conn, year_id)
        assert created is not None
        if new_bloc:
            await audit.record(conn, now, None, created, "bloc.created", name=name, year=year, by="cli")
        else:
            await audit.record(conn, now, None, created, "year.opened", year=year, by="cli",
                               from_year=previous.year if previous else None)
    return created
