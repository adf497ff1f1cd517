"""Who is writing: a stranger, a representative, an admin of the year, a super-admin."""

from __future__ import annotations

from dataclasses import dataclass

from bot.clock import Clock
from bot.messages import Sender
from bot.refusal import Refused
from storage import blocs, people
from storage.db import Database
from storage.rows import BlocYear, Identity, Person, Representative, Unit

NAME_MAX = 100


@dataclass(frozen=True)
class Actor:
    sender: Sender
    person: Person | None
    identity: Identity | None
    rep: Representative | None
    unit: Unit | None
    # the bloc-year this person works in: their unit's latest year, or a super-admin's chosen one
    year: BlocYear | None
    is_super: bool

    @property
    def language(self) -> str:
        return self.person.language if self.person else "vi"

    @property
    def is_admin(self) -> bool:
        """Super-admins, and the representatives of this year's head unit, administer the year."""
        if self.year is None:
            return False
        if self.is_super:
            return True
        return self.unit is not None and self.year.head_unit_id == self.unit.id

    @property
    def display_name(self) -> str:
        return self.person.full_name if self.person else self.sender.display_name

    def admin_year(self) -> BlocYear:
        """The year this actor administers, or a refusal saying why they cannot."""
        if self.is_super and self.year is None:
            raise Refused("no_focus")
        if not self.is_admin or self.year is None:
            raise Refused("not_admin")
        return self.year


def clean_name(text: str, limit: int = NAME_MAX) -> str | None:
    name = " ".join(text.split())
    return name if 1 <= len(name) <= limit else None


class PeopleService:
    def __init__(self, db: Database, clock: Clock, super_admin_ids: frozenset[int], default_language: str) -> None:
        self.db = db
        self.clock = clock
        self.super_admin_ids = super_admin_ids
        self.default_language = default_language

    def is_super(self, sender: Sender) -> bool:
        return sender.channel == "telegram" and sender.user_id.lstrip("-").isdigit() and int(
            sender.user_id) in self.super_admin_ids

    async def resolve(self, sender: Sender) -> Actor:
        is_super = self.is_super(sender)
        async with self.db.reading() as conn:
            ident = await people.identity(conn, sender.channel, sender.user_id)
        if ident is None and is_super:
            # super-admins are known from the settings, so they need no invite
            ident = await self._register_identity(sender)
        if ident is None:
            return Actor(sender, None, None, None, None, None, is_super)
        if ident.blocked_at is not None or ident.chat_id != sender.chat_id or ident.username != sender.username:
            if sender.is_private:
                async with self.db.transaction() as conn:
                    await people.touch_identity(conn, sender.channel, sender.user_id, sender.chat_id,
                                                sender.username)
        return await self.actor_for_person(sender, ident, is_super)

    async def actor_for_person(self, sender: Sender, ident: Identity, is_super: bool) -> Actor:
        async with self.db.reading() as conn:
            person = await people.get_person(conn, ident.person_id)
            rep = await people.active_representation(conn, ident.person_id)
            unit = await blocs.get_unit(conn, rep.unit_id) if rep else None
            year = None
            if is_super:
                focus = await blocs.focus_of(conn, ident.person_id)
                year = await blocs.get_year(conn, focus) if focus else None
            if year is None and unit is not None:
                year = await blocs.latest_year(conn, unit.bloc_id)
        return Actor(sender, person, ident, rep, unit, year, is_super)

    async def _register_identity(self, sender: Sender) -> Identity:
        now = self.clock.now()
        name = clean_name(sender.display_name) or sender.user_id
        async with self.db.transaction() as conn:
            existing = await people.identity(conn, sender.channel, sender.user_id)
            if existing is None:
                person = await people.create_person(conn, name, self._language(sender), now)
                await people.add_identity(conn, sender.channel, sender.user_id, person.id, sender.chat_id,
                                          sender.username, now)
            ident = await people.identity(conn, sender.channel, sender.user_id)
        assert ident is not None
        return ident

    def _language(self, sender: Sender) -> str:
        return self.default_language

    async def rename(self, actor: Actor, text: str) -> str:
        if actor.person is None:
            raise Refused("not_registered")
        name = clean_name(text)
        if name is None:
            raise Refused("name_invalid")
        async with self.db.transaction() as conn:
            await people.rename(conn, actor.person.id, name)
        return name

    async def mark_blocked(self, channel: str, chat_id: str) -> None:
        async with self.db.transaction() as conn:
            await people.mark_blocked(conn, channel, chat_id, self.clock.now())


def system_actor(year: BlocYear) -> Actor:
    """The operator at the server's command line, administering one bloc-year."""
    sender = Sender(channel="cli", user_id="cli", chat_id="cli", display_name="cli")
    return Actor(sender, None, None, None, None, year, is_super=True)
