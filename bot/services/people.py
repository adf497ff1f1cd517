"""Who is writing: a stranger, a representative, an admin of the year, a super-admin."""

from __future__ import annotations

import secrets
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

import aiosqlite

from bot.domain import invite_rules
from bot.domain.clock import Clock
from bot.services.notify import chosen_accounts
from bot.services.refusal import Refused
from bot.text.messages import Sender
from storage import audit, blocs, invites, people
from storage.db import Database
from storage.rows import BlocYear, Identity, Person, Representative, Unit

NAME_MAX = 100
# the channels a person can be linked on, and their names as shown (the same in both languages)
CHANNELS = ("telegram", "zalo")
CHANNEL_NAMES = {"telegram": "Telegram", "zalo": "Zalo"}
NOTICE_CHOICES = (*CHANNELS, "both")
# shorter than an invite code (10) so a typed link code is never taken for an invite, and the other way round
LINK_CODE_LENGTH = 8
LINK_CODE_VALID = timedelta(minutes=15)


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


@dataclass(frozen=True)
class Reachable:
    """An account a notice can reach (not blocked)."""

    channel: str
    chat_id: str


@dataclass(frozen=True)
class LinkCode:
    code: str
    expires_at: datetime
    # where the person should type it
    other_channel: str


@dataclass(frozen=True)
class Linked:
    person: Person
    # the person's chats on their other channels, to be told an account was linked (in case it was not them)
    notify: list[tuple[str, str]]


def normalize_link_code(text: str) -> str | None:
    cleaned = "".join(ch for ch in text.strip().upper() if ch not in " -_.")
    if len(cleaned) != LINK_CODE_LENGTH or any(ch not in invite_rules.CODE_ALPHABET for ch in cleaned):
        return None
    return cleaned


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

        def read(conn: sqlite3.Connection) -> tuple[Identity | None, people.PersonContext | None]:
            # every message starts here: who wrote and what they represent, in one round trip
            ident = people.read_identity(conn, sender.channel, sender.user_id)
            return ident, people.read_person_context(conn, ident.person_id) if ident else None

        ident, context = await self.db.read(read)
        if ident is not None and not is_super and sender.channel != "telegram":
            # a super-admin who linked another channel: the link code was asked for from the Telegram
            # account the settings name, so the linked account speaks for the same person
            async with self.db.reading() as conn:
                is_super = any(self._is_super_identity(i) for i in await people.identities_of(conn, ident.person_id))
        if ident is None and is_super:
            # super-admins are known from the settings, so they need no invite
            ident = await self._register_identity(sender)
            async with self.db.reading() as conn:
                context = await people.person_context(conn, ident.person_id)
        if ident is None:
            return Actor(sender, None, None, None, None, None, is_super)
        if ident.blocked_at is not None or ident.chat_id != sender.chat_id or ident.username != sender.username:
            if sender.is_private:
                async with self.db.transaction() as conn:
                    await people.touch_identity(conn, sender.channel, sender.user_id, sender.chat_id,
                                                sender.username)
        person, rep, unit, year, focus = context if context else (None, None, None, None, None)
        if is_super and focus:
            # a super-admin administers the bloc-year they chose, whatever unit they may represent
            async with self.db.reading() as conn:
                year = await blocs.get_year(conn, focus) or year
        return Actor(sender, person, ident, rep, unit, year, is_super)

    async def _register_identity(self, sender: Sender) -> Identity:
        now = self.clock.now()
        async with self.db.transaction() as conn:
            if await people.identity(conn, sender.channel, sender.user_id) is None:
                await add_person(conn, sender, self.default_language, now)
            ident = await people.identity(conn, sender.channel, sender.user_id)
        assert ident is not None
        return ident

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

    def _is_super_identity(self, ident: Identity) -> bool:
        return ident.channel == "telegram" and ident.external_id.lstrip("-").isdigit() and int(
            ident.external_id) in self.super_admin_ids

    # --- one person on two channels -------------------------------------------------------------

    async def linked_channels(self, person_id: int) -> set[str]:
        async with self.db.reading() as conn:
            return {i.channel for i in await people.identities_of(conn, person_id)}

    async def new_link_code(self, actor: Actor) -> LinkCode:
        """A one-time code to type on the person's other channel; it replaces any unused earlier code."""
        if actor.person is None:
            raise Refused("not_registered")
        # a removed representative keeps a person record (for the history) but no longer works in the bloc
        if actor.rep is None and not actor.is_super:
            raise Refused("link_not_representative")
        missing = [c for c in CHANNELS if c not in await self.linked_channels(actor.person.id)]
        if not missing:
            raise Refused("link_complete")
        now = self.clock.now()
        expires = now + LINK_CODE_VALID
        async with self.db.transaction() as conn:
            while True:
                code = "".join(secrets.choice(invite_rules.CODE_ALPHABET) for _ in range(LINK_CODE_LENGTH))
                if await people.link_code(conn, code) is None:
                    break
            await people.save_link_code(conn, code, actor.person.id, actor.sender.channel, now, expires)
        return LinkCode(code, expires, missing[0])

    async def redeem_link_code(self, sender: Sender, typed: str) -> Linked:
        """Adds the sender's account to the person who asked for the code; every check is repeated in the
        transaction. Wrong codes count against the same throttle as wrong invite codes: both are guesses."""
        now = self.clock.now()
        async with self.db.reading() as conn:
            failures = await invites.failures_since(conn, sender.channel, sender.user_id,
                                                    now - invite_rules.FAILURE_WINDOW)
        gate = invite_rules.throttle(failures, now)
        if gate.blocked:
            raise Refused("code_throttled", at=gate.retry_at)
        code = normalize_link_code(typed)
        try:
            async with self.db.reading() as conn:
                await self._check_link(conn, sender, code, now)
        except Refused as refusal:
            if refusal.code in ("link_code_unknown", "link_code_expired"):
                async with self.db.transaction() as conn:
                    await invites.record_attempt(conn, sender.channel, sender.user_id, now, False)
            raise
        assert code is not None
        async with self.db.transaction() as conn:
            person_id = await self._check_link(conn, sender, code, now)
            if not await people.use_link_code(conn, code, sender.channel, sender.user_id, now):
                raise Refused("link_code_unknown")
            await people.add_identity(conn, sender.channel, sender.user_id, person_id, sender.chat_id,
                                      sender.username, now)
            await invites.record_attempt(conn, sender.channel, sender.user_id, now, True)
            await audit.record(conn, now, person_id, None, "identity.linked", channel=sender.channel)
            person = await people.get_person(conn, person_id)
            others = [i for i in await people.identities_of(conn, person_id)
                      if i.channel != sender.channel and i.blocked_at is None]
        assert person is not None
        return Linked(person, [(i.channel, i.chat_id) for i in others])

    async def _check_link(self, conn, sender: Sender, code: str | None, now: datetime) -> int:
        found = await people.link_code(conn, code) if code else None
        if found is None or found[3]:
            raise Refused("link_code_unknown")
        person_id, shown_on, expires_at, _ = found
        if expires_at <= now:
            raise Refused("link_code_expired")
        # removed after the code was shown
        if await people.active_representation(conn, person_id) is None and not any(
                self._is_super_identity(i) for i in await people.identities_of(conn, person_id)):
            raise Refused("link_not_representative")
        if shown_on == sender.channel:
            other = next(c for c in CHANNELS if c != shown_on)
            raise Refused("link_same_channel", channel=CHANNEL_NAMES[other])
        ident = await people.identity(conn, sender.channel, sender.user_id)
        if ident is not None:
            raise Refused("link_already" if ident.person_id == person_id else "link_account_taken",
                          channel=CHANNEL_NAMES.get(sender.channel, sender.channel))
        if any(i.channel == sender.channel for i in await people.identities_of(conn, person_id)):
            raise Refused("link_channel_taken", channel=CHANNEL_NAMES.get(sender.channel, sender.channel))
        return person_id

    async def notice_preference(self, person_id: int) -> str:
        async with self.db.reading() as conn:
            return await people.notice_channel(conn, person_id) or "both"

    async def set_notice_preference(self, actor: Actor, choice: str) -> str:
        if actor.person is None:
            raise Refused("not_registered")
        if choice not in NOTICE_CHOICES:
            raise Refused("notice_channel_invalid")
        if choice != "both" and choice not in await self.linked_channels(actor.person.id):
            raise Refused("channel_not_linked", channel=CHANNEL_NAMES[choice])
        async with self.db.transaction() as conn:
            await people.set_notice_channel(conn, actor.person.id, choice, self.clock.now())
        return choice

    async def notice_chats(self, person_ids: Iterable[int]) -> list[tuple[str, str]]:
        """(channel, chat) pairs where reminders and notices for these people go, by their preference."""
        return [(channel, chat) for _, channel, chat in await self.notice_targets(person_ids)]

    async def notice_targets(self, person_ids: Iterable[int]) -> list[tuple[int, str, str]]:
        """(person, channel, chat) where reminders and notices for these people go, by their preference.

        A preferred channel the person cannot be reached on falls back to every channel they can be."""
        order = list(dict.fromkeys(person_ids))
        async with self.db.reading() as conn:
            rows = await people.notice_accounts(conn, order)
        by_person: dict[int, tuple[str, list[Reachable]]] = {}
        for person_id, channel, chat_id, wanted in rows:
            by_person.setdefault(person_id, (wanted, []))[1].append(Reachable(channel, chat_id))
        targets: list[tuple[int, str, str]] = []
        for person_id in order:
            wanted, reachable = by_person.get(person_id, ("both", []))
            targets += [(person_id, a.channel, a.chat_id) for a in chosen_accounts(reachable, wanted)]
        return targets

    async def representative_ids(self, unit_ids: list[int]) -> list[int]:
        async with self.db.reading() as conn:
            return [r.person_id for r in await people.representatives_of(conn, unit_ids)]

    async def notice_chats_of_unit(self, unit_id: int) -> list[tuple[str, str]]:
        """Where notices for every active representative of a unit go (see notice_chats)."""
        async with self.db.reading() as conn:
            reps = await people.representatives_of(conn, [unit_id])
        return await self.notice_chats(r.person_id for r in reps)

    async def chat_on(self, channel: str, external_id: str, wanted: str) -> str | None:
        """The chat on channel `wanted` of whoever writes from this account, if they linked one there."""
        async with self.db.reading() as conn:
            ident = await people.identity(conn, channel, external_id)
            if ident is None:
                return None
            for other in await people.identities_of(conn, ident.person_id):
                if other.channel == wanted and other.blocked_at is None:
                    return other.chat_id
        return None


async def add_person(conn: aiosqlite.Connection, sender: Sender, language: str, at: datetime) -> int:
    """A new person, reachable on the channel they wrote from and named as that channel shows them;
    in the caller's transaction. Returns the person's id."""
    person = await people.create_person(conn, clean_name(sender.display_name) or sender.user_id, language, at)
    await people.add_identity(conn, sender.channel, sender.user_id, person.id, sender.chat_id, sender.username, at)
    return person.id


def system_actor(year: BlocYear) -> Actor:
    """The operator at the server's command line, administering one bloc-year."""
    sender = Sender(channel="cli", user_id="cli", chat_id="cli", display_name="cli")
    return Actor(sender, None, None, None, None, year, is_super=True)
